"""Curator tools: evaluation on the question set, the report, grouping misses, routing checks."""
