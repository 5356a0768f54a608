"""The README's Architecture section is true of the code: every module is in its map, and what importing loads."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## Architecture\n") : README.index("## Development\n")]
MAP = SECTION[SECTION.index("### Module map") :]


def _mapped_names() -> set[str]:
    """Every file name the module map mentions in backticks, in any of its rows."""
    return set(re.findall(r"`([\w./]+?\.(?:py|html|js|css))", MAP))


def _named_in_map(path: Path) -> bool:
    relative = path.relative_to(ROOT).as_posix()
    names = _mapped_names()
    return relative in names or path.name in names or f"{path.parent.name}/{path.name}" in names


def test_every_module_of_the_engine_nn_and_demos_is_in_the_module_map() -> None:
    modules = [
        *sorted((ROOT / "autograd").rglob("*.py")),
        *sorted((ROOT / "nn").glob("*.py")),
        *sorted((ROOT / "demos").glob("*.py")),
    ]
    missing = [
        p.relative_to(ROOT).as_posix()
        for p in modules
        if p.name not in {"__init__.py", "__main__.py"}
        and not re.fullmatch(r"l\d\d_\w+\.py", p.name)
        and not _named_in_map(p)
        and p.parent.name not in {"cli", "check", "viz"}  # the packages' rows name their files by bare name
    ]
    assert missing == []
    for package in ("check", "viz", "cli"):
        row = next(line for line in MAP.splitlines() if line.startswith(f"| `autograd/{package}/`"))
        files = sorted(
            p.name for p in (ROOT / "autograd" / package).glob("*.py") if p.name not in {"__init__.py", "__main__.py"}
        )
        assert [name for name in files if f"`{name}`" not in row and f"`{name}`/" not in row] == [], package


def test_every_file_the_module_map_names_exists() -> None:
    names = set(re.findall(r"`((?:autograd|nn|demos)/[\w/]+\.py)`", MAP))
    assert names, "the map names modules by path"
    assert [n for n in sorted(names) if not (ROOT / n).exists()] == []


def test_importing_the_engine_loads_what_the_section_says() -> None:
    stated = re.search(r"`import autograd` loads exactly these \(([^)]*)\)", SECTION.replace("\n   ", " "))
    assert stated is not None
    expected = sorted(re.findall(r"`(autograd[\w.]*)`", stated.group(1)))
    code = "import autograd, sys; print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'autograd')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.split() == expected


def test_the_tools_do_not_load_each_other_on_import() -> None:
    code = (
        "import sys, importlib; importlib.import_module(sys.argv[1]); "
        "print(' '.join(sorted({m.split('.')[1] for m in sys.modules if m.startswith('autograd.')})))"
    )

    def loaded(module: str) -> set[str]:
        run = subprocess.run([sys.executable, "-c", code, module], capture_output=True, text=True, check=True, cwd=ROOT)
        return set(run.stdout.split())

    assert "check" not in loaded("autograd.viz") and "strategies" not in loaded("autograd.viz")
    assert "viz" not in loaded("autograd.check") and "strategies" not in loaded("autograd.check")
    assert {"cli", "check", "strategies", "functional"}.isdisjoint(loaded("nn"))
