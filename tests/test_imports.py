"""Imports run one way: the engine has no cycle and no import at the bottom of a file, and loads none of the tooling."""

import ast
import json
import pathlib
import subprocess
import sys

import pytest

ENGINE = ["value", "op", "ops", "backward", "grad_mode", "errors", "_args"]
TOOLING = ["autograd.check", "autograd.functional", "autograd.strategies", "autograd.viz", "autograd.cli"]
ROOT = pathlib.Path(__file__).resolve().parents[1]


def loaded_after(code):
    """The autograd modules loaded in a fresh interpreter after running ``code``."""
    script = code + "\nimport sys, json\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith('autograd'))))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_importing_the_engine_loads_none_of_the_tooling():
    loaded = loaded_after("import autograd\nfrom autograd import Value, no_grad, ops\n(Value(2.0) ** 2).backward()")
    assert loaded.isdisjoint(TOOLING), loaded & set(TOOLING)
    assert {"autograd.value", "autograd.op", "autograd.ops", "autograd.backward", "autograd.grad_mode"} <= loaded


def test_tooling_names_load_their_module_on_first_use():
    loaded = loaded_after("from autograd import gradcheck, grad\nassert grad(lambda x: x * x)(3.0) == 6.0")
    assert {"autograd.check", "autograd.functional"} <= loaded
    import autograd

    assert autograd.gradcheck is __import__("autograd.check", fromlist=["gradcheck"]).gradcheck
    assert {"grad", "value_and_grad", "gradcheck", "blame"} <= set(dir(autograd))
    with pytest.raises(AttributeError, match="module 'autograd' has no attribute 'nonexistent'"):
        autograd.nonexistent  # noqa: B018


def engine_imports(name):
    """The engine modules ``autograd/<name>.py`` imports at run time, and whether every import is at the top."""
    tree = ast.parse((ROOT / "autograd" / f"{name}.py").read_text(encoding="utf-8"))
    imported, seen_code, all_at_top = set(), False, True
    for statement in tree.body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            all_at_top = all_at_top and not seen_code
            modules = [statement.module or ""] if isinstance(statement, ast.ImportFrom) else []
            modules += [alias.name for alias in statement.names] if isinstance(statement, ast.Import) else []
            if isinstance(statement, ast.ImportFrom) and statement.module == "autograd":
                modules += [f"autograd.{alias.name}" for alias in statement.names]
            imported |= {m.removeprefix("autograd.") for m in modules if m.startswith("autograd.")}
        elif isinstance(statement, ast.If) and "TYPE_CHECKING" in ast.dump(statement.test):
            continue  # for type checkers only: never run
        elif not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)):
            seen_code = True  # the docstring is not code
    return imported & set(ENGINE), all_at_top


@pytest.mark.parametrize("name", ENGINE)
def test_every_engine_import_is_at_the_top_of_its_file(name):
    assert engine_imports(name)[1]


def test_the_engine_modules_import_each_other_without_a_cycle():
    graph = {name: engine_imports(name)[0] for name in ENGINE}
    done, visiting = set(), []

    def visit(name):
        assert name not in visiting, f"import cycle: {' -> '.join([*visiting, name])}"
        if name not in done:
            visiting.append(name)
            for dependency in sorted(graph[name]):
                visit(dependency)
            visiting.pop()
            done.add(name)

    for name in ENGINE:
        visit(name)
    assert "ops" not in graph["value"] and "op" not in graph["value"]  # the ground imports nothing above it
