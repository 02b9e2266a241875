"""The terminal console: the surface that needs no tokens."""
