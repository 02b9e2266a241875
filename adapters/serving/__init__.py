"""`rolebot serve`: every configured adapter in one process, with health, metrics and reload."""
