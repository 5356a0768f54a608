"""Every Python example in README.md runs: the blocks of one ``##`` section run in order, in one namespace.

A block followed by a ```text block that starts with an exception (``module.SomeError: message``)
and shows an exception (a line ``module.SomeError: message``, after any printed lines) is an example
of that error: it must raise exactly that exception, with that first line.
"""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"^```python\n(?P<code>.*?)^```\n(?:\n```text\n(?P<shown>.*?)^```)?", re.MULTILINE | re.DOTALL)
RAISED = re.compile(r"(?P<name>[\w.]*\w(?:Error|Exception)): (?P<message>.*)")


def _sections() -> list[tuple[str, list[tuple[str, str | None]]]]:
    """(section title, its examples) for every ``##`` section that has any.

    An example is (code, None), or (code, (exception class name, first line of its message)).
    """
    found = []
    for chunk in re.split(r"^## ", README.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]:
        title = chunk.splitlines()[0].strip()
        examples = []
        for match in BLOCK.finditer(chunk):
            shown = (match["shown"] or "").splitlines()  # printed lines may come before the error
            raised = next(filter(None, map(RAISED.fullmatch, shown)), None)
            examples.append((match["code"], raised and (raised["name"].split(".")[-1], raised["message"])))
        if examples:
            found.append((title, examples))
    return found


def test_the_readme_has_examples_and_error_examples() -> None:
    sections = _sections()
    assert len(sections) >= 5
    assert any(error for _, examples in sections for _, error in examples)


@pytest.mark.parametrize(("title", "examples"), _sections(), ids=[title for title, _ in _sections()])
def test_readme_examples_run(title: str, examples: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    namespace: dict = {"__name__": "readme_example"}
    for number, (code, error) in enumerate(examples, start=1):
        compiled = compile(code, f"README.md [{title}] block {number}", "exec")
        if error is None:
            exec(compiled, namespace)
            continue
        with pytest.raises(Exception) as raised:
            exec(compiled, namespace)
        assert (type(raised.value).__name__, str(raised.value).splitlines()[0]) == error
