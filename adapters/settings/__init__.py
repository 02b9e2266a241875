"""rolebot's settings: declared once in `sections`, read from the environment and a TOML file
by `load`, checked by `check` (`rolebot config check`), turned into adapters to run by `plan`."""
