"""The numpy encoder reproduces model2vec on the shipped table: same tokens, same vectors.

`reference.json` is written by `scripts/build_embeddings.py` from model2vec itself (its
tokenizer and `StaticModel.encode`) in the same run that writes the table.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.semantic import DEFAULT_TABLE, StaticEmbedder

REFERENCE = json.loads((Path(__file__).parent / "reference.json").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = REFERENCE["cases"]
MIN_COSINE = 0.999
MAX_TABLE_BYTES = 10 * 1024 * 1024


def case_id(case: dict[str, Any]) -> str:
    text = " ".join(case["text"].split())
    return repr(text[:40]) + (f"...({len(case['text'])} chars)" if len(text) > 40 else "")


def test_the_reference_was_made_from_the_shipped_table() -> None:
    digest = hashlib.sha256(DEFAULT_TABLE.read_bytes()).hexdigest()
    assert digest == REFERENCE["table_sha256"], "rebuild both with `make embeddings`"


def test_the_shipped_table_is_compact() -> None:
    assert DEFAULT_TABLE.stat().st_size <= MAX_TABLE_BYTES


def test_the_reference_covers_the_hard_cases() -> None:
    texts = [case["text"] for case in CASES]
    assert len(texts) >= 30
    assert any(len(text) > 3 * 1024 for text in texts), "a text cut by characters"
    assert any(len(case["ids"]) == 512 for case in CASES), "a text cut at 512 tokens"
    assert any("[UNK]" in case["tokens"] for case in CASES), "an unknown word"
    assert any(not case["ids"] for case in CASES), "a text with no known token"
    assert any(not text.isascii() for text in texts), "accents and other scripts"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_tokens_match_model2vec(embedder: StaticEmbedder, case: dict[str, Any]) -> None:
    assert embedder.tokenizer.tokenize(case["text"]) == case["tokens"]
    assert embedder.token_ids(case["text"]) == case["ids"]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_vectors_match_model2vec(embedder: StaticEmbedder, case: dict[str, Any]) -> None:
    [got] = embedder.encode([case["text"]])
    expected = np.array(case["vector"], dtype=np.float32)
    if not case["ids"]:
        assert not got.any() and not expected.any()
        return
    cosine = float(got @ expected) / float(np.linalg.norm(got) * np.linalg.norm(expected))
    assert cosine > MIN_COSINE


def test_a_batch_gives_one_unit_row_per_text(embedder: StaticEmbedder) -> None:
    texts = [case["text"] for case in CASES]
    vectors = embedder.encode(texts)
    assert vectors.shape == (len(texts), embedder.dim)
    assert vectors.dtype == np.float32
    norms = np.linalg.norm(vectors, axis=1)
    known = np.array([bool(case["ids"]) for case in CASES])
    np.testing.assert_allclose(norms[known], 1.0, rtol=1e-5)
    assert not norms[~known].any()
    one_by_one = np.vstack([embedder.encode([text]) for text in texts])
    np.testing.assert_allclose(vectors, one_by_one, rtol=1e-6)
