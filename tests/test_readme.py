"""Every Python example in README.md runs: the blocks of one ``##`` section run in order, in one namespace."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def _sections() -> list[tuple[str, list[str]]]:
    """(section title, its ```python blocks) for every ``##`` section that has any."""
    found = []
    for chunk in re.split(r"^## ", README.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]:
        title = chunk.splitlines()[0].strip()
        blocks = re.findall(r"^```python\n(.*?)^```", chunk, flags=re.MULTILINE | re.DOTALL)
        if blocks:
            found.append((title, blocks))
    return found


def test_the_readme_has_examples() -> None:
    assert len(_sections()) >= 5


@pytest.mark.parametrize(("title", "blocks"), _sections(), ids=[title for title, _ in _sections()])
def test_readme_examples_run(title: str, blocks: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    namespace: dict = {"__name__": "readme_example"}
    for number, block in enumerate(blocks, start=1):
        code = compile(block, f"README.md [{title}] block {number}", "exec")
        exec(code, namespace)
