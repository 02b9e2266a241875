"""rolebot beside simple peers (TF-IDF, BM25, rapidfuzz, MiniLM) over the same knowledge.

Run with `make bench-peers`; the peers need the optional `peers` extra and torch, which
rolebot itself never needs.
"""
