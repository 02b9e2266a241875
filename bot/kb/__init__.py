"""The knowledge base: typed models, loading with line numbers, and validation."""
