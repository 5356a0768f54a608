"""In a real notebook (nbclient), ``nn.timeline`` shows the page inline, and the cell writes nothing to stderr."""

import html
import re

from tests.notebooks import run_notebook, stderr_of

CELLS = [
    "import nn",
    "X, y = nn.make_moons(20, noise=0.1, seed=0, labels=(-1, 1))\n"
    "model = nn.MLP(2, [3, 1], seed=0)\n"
    "recorder = nn.Recorder()\n"
    "history = nn.fit(model, X, y, loss='hinge', lr=0.1, epochs=3, callbacks=[recorder])",
    "nn.timeline(recorder.recording, X, y, 'training.html', loss='hinge')",
]


def test_a_real_notebook_shows_the_timeline_inline(tmp_path):
    outputs = run_notebook(CELLS, tmp_path)
    results = [output for output in outputs[-1] if output["output_type"] == "execute_result"]
    assert len(results) == 1 and [o["output_type"] for o in outputs[-1]] == ["execute_result"]
    shown = results[0]["data"]["text/html"]
    frame = re.match(r'<iframe srcdoc="([^"]*)" sandbox="allow-scripts"', shown)
    assert frame, shown[:200]
    assert html.unescape(frame.group(1)) == (tmp_path / "training.html").read_text(encoding="utf-8")
    assert results[0]["data"]["text/plain"] == "Page('training.html')"
    for cell in outputs:
        assert stderr_of(cell) == ""
