"""`rolebot report --format html`: one self-contained page, checked in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from adapters.cli import main
from testkit.sample_store import write_sample

CHROMIUM = shutil.which("chromium")
CHARTS = ("questions-per-day", "fallback-rate", "unanswered", "answers-by-intent", "not-helpful")
if CHROMIUM is None and os.environ.get("CI") != "true":
    pytest.skip("chromium is not installed (.ci/run installs it)", allow_module_level=True)


def headless(page: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """Chromium loads `page` and prints the DOM it built; console messages go to stderr."""
    assert CHROMIUM is not None, "under CI=true, .ci/run must have installed chromium"
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",  # as root in a container there is no user namespace to sandbox in
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            *flags,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def console_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    db = write_sample(folder / "sample.sqlite3")
    out = folder / "report.html"
    assert (
        main(["report", "--db", str(db), "--days", "15", "--format", "html", "-o", str(out)]) == 0
    )
    return out


def test_the_page_needs_nothing_from_the_network(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html


def test_the_page_loads_in_chromium_with_no_console_errors_and_every_chart(page: Path) -> None:
    result = headless(page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_lines(result) == []
    dom = result.stdout
    for chart in CHARTS:
        assert re.search(rf'<svg class="chart" id="{chart}"', dom), chart
    assert len(re.findall(r'<rect class="bar"', dom)) >= 15 + 5  # days, groups at least
    assert len(re.findall(r'<circle class="point"', dom)) >= 14
    assert "who signs off on gpu spend" in dom


def test_the_console_check_sees_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text('<html><body><script>console.error("broken page")</script>', "utf-8")
    assert any("broken page" in line for line in console_lines(headless(broken, "--dump-dom")))


def test_chromium_renders_a_screenshot(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    result = headless(page, "--hide-scrollbars", "--window-size=820,1900", f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
