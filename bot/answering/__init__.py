"""Answering: deciding what a question asks, the thresholds, and the wording of every reply."""
