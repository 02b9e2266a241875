"""The core runs numpy's BLAS on one thread unless the operator says otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

CODE = "import bot, os; print(os.environ['OPENBLAS_NUM_THREADS'])"


def _threads(**extra: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"} | extra
    done = subprocess.run(
        [sys.executable, "-c", CODE], env=environ, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_one_blas_thread_by_default() -> None:
    assert _threads() == "1"


def test_the_operators_setting_wins() -> None:
    assert _threads(OPENBLAS_NUM_THREADS="4") == "4"
