"""The table file: written and read back, refused with a clear message when it is not a table,
and never touched by importing the package."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from bot.semantic import DEFAULT_TABLE, StaticEmbedder, TableError, read_table
from bot.semantic.table import EmbeddingTable, EncoderLimits, write_table
from bot.semantic.wordpiece import TokenizerSettings

REPO = Path(__file__).resolve().parents[2]


def small_table(dtype: type[np.float16 | np.int8] = np.float16) -> EmbeddingTable:
    return EmbeddingTable(
        tokens=("[PAD]", "[UNK]", "who", "monitors", "models", "##s", "model"),
        vectors=(np.arange(7 * 4).reshape(7, 4) - 9).astype(dtype),
        tokenizer=TokenizerSettings(
            protected_tokens=("[PAD]", "[UNK]"),
            char_overrides={"\u0890": "\u0890"},
            punctuation_overrides={"\u2e43": False},
        ),
        limits=EncoderLimits(max_tokens=3, max_chars=30, normalize=True),
        built_with={"pca_dims": 4},
    )


@pytest.mark.parametrize("dtype", [np.float16, np.int8], ids=["float16", "int8"])
def test_a_written_table_reads_back_the_same(
    tmp_path: Path, dtype: type[np.float16 | np.int8]
) -> None:
    path = tmp_path / "table.npz"
    table = small_table(dtype)
    write_table(table, path)
    again = read_table(path)
    assert again.tokens == table.tokens
    assert again.vectors.dtype == dtype
    np.testing.assert_array_equal(again.vectors, table.vectors)
    assert again.tokenizer == table.tokenizer
    assert again.limits == table.limits
    assert again.built_with == table.built_with


def test_int8_and_float16_tables_encode_alike() -> None:
    as_int8 = StaticEmbedder(small_table(np.int8)).encode(["who monitors models", "model"])
    as_float16 = StaticEmbedder(small_table(np.float16)).encode(["who monitors models", "model"])
    np.testing.assert_allclose(as_int8, as_float16, rtol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(as_int8, axis=1), 1.0, rtol=1e-6)


def test_only_float16_and_int8_vectors_are_written(tmp_path: Path) -> None:
    table = small_table()
    wide = EmbeddingTable(
        table.tokens, table.vectors.astype(np.float32), table.tokenizer, table.limits, {}
    )
    with pytest.raises(TableError, match="float32"):
        write_table(wide, tmp_path / "table.npz")


def test_the_vectors_are_mapped_read_only_and_equal_what_numpy_loads() -> None:
    table = read_table()
    assert not table.vectors.flags.writeable
    with np.load(DEFAULT_TABLE, allow_pickle=False) as arrays:
        np.testing.assert_array_equal(table.vectors, arrays["vectors"])


def test_the_encoder_limits_cut_long_texts(tmp_path: Path) -> None:
    path = tmp_path / "table.npz"
    write_table(small_table(), path)
    embedder = StaticEmbedder.load(path)
    assert embedder.token_ids("who monitors models model") == [2, 3, 4]  # 3 tokens at most
    assert embedder.token_ids("x" * 29 + " models") == []  # 30 characters at most
    assert embedder.token_ids("who [UNK] [PAD]") == [2, 0]  # unknown ids are left out


def test_encode_wants_a_list_of_texts() -> None:
    embedder = StaticEmbedder(small_table())
    with pytest.raises(TypeError, match="sequence of texts"):
        embedder.encode("who monitors models")
    assert embedder.encode([]).shape == (0, 4)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda p: p.unlink(), id="missing"),
        pytest.param(lambda p: p.write_bytes(b"not a zip"), id="not a zip"),
        pytest.param(
            lambda p: np.savez_compressed(p, vectors=np.zeros((1, 1), np.float16)), id="deflated"
        ),
    ],
)
def test_a_file_that_is_not_a_table_is_named_in_one_line(tmp_path: Path, spoil: object) -> None:
    path = tmp_path / "table.npz"
    write_table(small_table(), path)
    spoil(path)  # type: ignore[operator]
    with pytest.raises(TableError, match=f"^{path}: ") as error:
        read_table(path)
    assert "\n" not in str(error.value)


def test_a_table_of_another_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "table.npz"
    meta = json.dumps({"format": 99}).encode()
    np.savez(
        path,
        vectors=np.zeros((1, 2), np.float16),
        tokens=np.frombuffer(b"[UNK]", np.uint8),
        meta=np.frombuffer(meta, np.uint8),
    )
    with pytest.raises(TableError, match="format 99"):
        read_table(path)


def test_importing_reads_nothing_and_needs_nothing_else_from_bot() -> None:
    probe = textwrap.dedent(
        """
        import sys
        opened = []
        def record(event, args):
            if event == "open":
                opened.append(str(args[0]))
        sys.addaudithook(record)
        import bot.semantic
        print(sum(name.endswith(".npz") for name in opened))
        print(" ".join(sorted(m for m in sys.modules if m.startswith("bot"))))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    tables_opened, modules = result.stdout.splitlines()
    assert tables_opened == "0"
    assert all(m == "bot" or m.startswith("bot.semantic") for m in modules.split()), modules
