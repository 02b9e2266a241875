"""The terminal console: rendering, completion, history and keys, as a person sees them."""
