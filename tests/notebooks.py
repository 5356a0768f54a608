"""Run a notebook of given code cells in a real Jupyter kernel (nbclient) and return each cell's outputs.

Tests of what a notebook shows use it: ``outputs = run_notebook(["import autograd", "page"])``.
The kernel is this interpreter (``sys.executable``, so the test's environment and this
checkout's code are what the notebook imports), started in ``cwd``.
"""

from __future__ import annotations

import json
import os
import pathlib
import sys
import tempfile
from collections.abc import Sequence

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
KERNEL = "stepgrad-tests"


def run_notebook(cells: Sequence[str], cwd: str | os.PathLike, *, timeout: int = 120) -> list[list[dict]]:
    """Execute ``cells`` (code, one string per cell) in order in a fresh kernel; the outputs of each cell.

    Each output is nbformat's dict: ``{"output_type": "stream", "name": "stderr", "text": …}``,
    ``{"output_type": "execute_result", "data": {"text/html": …, "text/plain": …}}``, …
    A cell that raises fails the run (``nbclient.exceptions.CellExecutionError``).
    """
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    with tempfile.TemporaryDirectory() as kernels:
        spec = pathlib.Path(kernels, KERNEL)
        spec.mkdir()
        kernel = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "stepgrad tests",
            "language": "python",
        }
        (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
        manager = KernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernels]))
        client = NotebookClient(notebook, km=manager, timeout=timeout, resources={"metadata": {"path": os.fspath(cwd)}})
        client.execute(env=_kernel_environment())
    return [cell.outputs for cell in notebook.cells]


def _kernel_environment() -> dict[str, str]:
    """This process's environment, with this checkout importable, as a notebook server would start a kernel.

    Without pytest's ``PYTEST_CURRENT_TEST``: ipykernel forwards what C libraries write to
    file descriptors 1 and 2 into the cell's output (as a notebook shows it) except under pytest.
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTEST_CURRENT_TEST"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPOSITORY), *filter(None, [env.get("PYTHONPATH")])])
    return env


def stderr_of(outputs: list[dict]) -> str:
    """All the text a cell wrote to stderr (what a notebook shows in red)."""
    return "".join(output["text"] for output in outputs if output.get("name") == "stderr")
