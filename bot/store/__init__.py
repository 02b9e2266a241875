"""What rolebot learns from use: the store interface, its SQLite implementation, the writer."""
