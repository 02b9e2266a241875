"""Candidate features do not depend on Python's hash seed, so refitting the ranker on the same
questions gives the same model in every process (LightGBM's splits move with the last bit)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MESSAGES = (
    "how do i get my cat to stop scratching the sofa, what training works",
    "hey, when is scikit-learn enough and when do I actually need pytorch? tabular fraud thing",
    "who owns the dockerfiles for our model services? the DS or the MLEs?",
    "is python mandatory for data engineering or can you get by with SQL and low-code tools?",
)
# Compiles the shipped knowledge afresh (no cache) and prints every candidate's features.
SCRIPT = f"""
from bot.conversation.context import Context
from bot.kb.compiled import compile_knowledge
from bot.kb.loader import load
from bot.understanding.candidates import message_candidates

compiled = compile_knowledge(load())
for text in {MESSAGES!r}:
    found = message_candidates(compiled, text, Context())
    for c in sorted(found, key=lambda c: (c.target, c.part)):
        print(c.target, c.part, *(repr(f) for f in c.features))
"""


def _features(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "ROLEBOT_CACHE_DIR": "off"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_features_are_the_same_whatever_the_hash_seed() -> None:
    first = _features("1")
    assert first.count("\n") >= 4 * len(MESSAGES)  # every message found candidates
    assert _features("2") == first
