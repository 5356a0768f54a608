"""The training timeline in a real headless Chromium: one cursor drives every panel, with the recorded numbers.

Needs Debian's ``chromium`` and the ``playwright`` package (launched as in
tests/test_player_browser.py); skipped with the reason when either is missing.
"""

import json
import pathlib
import re

import pytest

import nn
from autograd import Value, backward_steps, topological_order
from autograd.viz import step_through
from nn.timeline import NEGATIVE_CODES, POSITIVE_CODES
from tests.browser import RecordedPage, host_page, skip_without_chromium

pytestmark = pytest.mark.browser

skip_without_chromium()
LR = 0.2


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A small classifier trained in mini-batches, its recording and its timeline."""
    X, y = nn.make_moons(30, noise=0.1, seed=0, labels=(-1, 1))
    model = nn.MLP(2, [4, 1], seed=0)
    recorder = nn.Recorder()
    nn.fit(model, X, y, loss="hinge", lr=LR, epochs=4, batch_size=10, callbacks=[recorder])
    path = nn.timeline(recorder.recording, X, y, tmp_path_factory.mktemp("timeline") / "t.html", loss="hinge")
    return recorder.recording, X, y, path


class Timeline(RecordedPage):
    """One timeline page, with every request and page error recorded."""

    def __init__(self, browser, path: pathlib.Path):
        super().__init__(browser, path, width=1200)

    def text(self, selector: str) -> str:
        return self.page.inner_text(selector)

    def go_to(self, k: int) -> None:
        self.page.eval_on_selector(
            "#slider", "(el, k) => { el.value = String(k); el.dispatchEvent(new Event('input')); }", k
        )

    def cursors(self) -> dict:
        """What each panel shows for the current step: the loss cursor, the model picture, the batch, the network."""
        return self.page.evaluate(
            "() => ({ loss: document.getElementById('loss-cursor').getAttribute('x1'),"
            " dot: document.getElementById('loss-dot').getAttribute('cy'),"
            " picture: document.getElementById('boundary').getAttribute('href'),"
            " batch: [...document.querySelectorAll('#samples .in-batch')].map(c => Number(c.id.slice(1))),"
            " network: [...document.querySelectorAll('#net-svg .param')].map(e => e.getAttribute('class')).join('|') })"
        )

    def point_at(self, i: int) -> None:
        """Move the pointer onto parameter ``i``: a point of its line (or its circle) where nothing else lies on top."""
        x, y = self.page.evaluate(
            "i => { const el = document.querySelector(`[data-hit='${i}']`); const svg = el.ownerSVGElement;"
            " const m = svg.getScreenCTM(); const p = svg.createSVGPoint();"
            " for (const t of [0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6]) {"
            "  if (el.tagName === 'circle') { p.x = el.cx.baseVal.value; p.y = el.cy.baseVal.value; }"
            "  else { p.x = el.x1.baseVal.value + t * (el.x2.baseVal.value - el.x1.baseVal.value);"
            "   p.y = el.y1.baseVal.value + t * (el.y2.baseVal.value - el.y1.baseVal.value); }"
            "  const q = p.matrixTransform(m);"
            "  if (document.elementFromPoint(q.x, q.y) === el) return [q.x, q.y]; }"
            " throw new Error('parameter ' + i + ' is covered everywhere'); }",
            i,
        )
        self.page.mouse.move(x, y)
        for _ in range(50):  # the parameters' texts are inflated once, just after the page loads
            if self.text("#detail") != "…":
                break
            self.page.wait_for_timeout(40)

    def boxes(self) -> dict:
        return self.page.evaluate(
            "() => Object.fromEntries([...document.querySelectorAll('.panel:not([hidden]), #controls, #readout')]"
            ".map(e => { const r = e.getBoundingClientRect(); return [e.id, [r.x, r.y, r.width, r.height]]; }))"
        )


def _player_captions(loss, folder: pathlib.Path) -> list[str]:
    """The captions of the step-through player of ``loss`` (``step_through``'s own page, its steps data)."""
    loss.label = "loss"
    page = step_through(loss, folder / "expected.html", max_nodes=2000).read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="steps-data">(.*?)</script>', page, re.DOTALL).group(1)
    return [step["caption"] for step in json.loads(data)["steps"]]


@pytest.fixture
def timeline(browser, run):
    page = Timeline(browser, run[3])
    yield page
    page.context.close()


def test_moving_the_slider_moves_every_panels_cursor(timeline, run):
    recording = run[0]
    seen = []
    for k in (0, 1, 5, len(recording.snapshots) - 1):
        timeline.go_to(k)
        shown = timeline.cursors()
        assert sorted(shown["batch"]) == sorted(recording.snapshots[k].indices)
        assert timeline.text("#counter") == f"recorded update {k + 1} / {len(recording.snapshots)}"
        seen.append(shown)
    for name in ("loss", "dot", "picture", "network"):
        assert len({str(shown[name]) for shown in seen}) == len(seen), name  # each panel changed at every move
    assert [float(shown["loss"]) for shown in seen] == sorted(float(shown["loss"]) for shown in seen)


def test_the_numbers_at_step_k_are_the_recordings(timeline, run):
    recording = run[0]
    k = 7
    snap = recording.snapshots[k]
    timeline.go_to(k)
    per_epoch = 3
    assert timeline.text("#where") == (
        f"step {snap.step} of {recording.steps} · epoch {snap.epoch} · batch {snap.batch} of {per_epoch}"
    )
    assert timeline.text("#loss-text") == f"loss {snap.loss:.4g} · lr {snap.lr:.4g} · batch of {len(snap.indices)}"
    assert timeline.text("#metrics") == (
        f"after epoch {snap.epoch - 1}: train_loss {recording.train_loss[snap.epoch - 2]:.4g}"
        f" · accuracy {recording.metrics['accuracy'][snap.epoch - 2]:.4g}"
    )
    i = recording.parameter_names.index("L1.n2.w1")
    timeline.point_at(i)
    before, grad, after = snap.before[i], snap.gradients[i], snap.after[i]
    assert timeline.text("#detail") == (
        f"L1.n2.w1 = {after:.4g} after this update (before: {before:.4g}) · grad {grad:.4g} · lr {LR:.4g}"
    )
    shown_grad = f"({grad:.4g})" if grad < 0 else f"{grad:.4g}"
    assert timeline.text("#formula") == (
        f"L1.n2.w1 ← L1.n2.w1 − lr × grad = {before:.4g} − {LR:.4g} × {shown_grad} = {after:.4g}"
    )
    bias = recording.parameter_names.index("L1.n0.b")
    timeline.point_at(bias)
    timeline.page.mouse.down()
    timeline.page.mouse.up()  # a click keeps the choice after the pointer leaves
    timeline.page.mouse.move(5, 5)
    assert timeline.text("#detail").startswith(f"L1.n0.b = {snap.after[bias]:.4g} after this update")


def test_the_network_shows_weights_or_gradients(timeline, run):
    recording = run[0]
    snap = recording.snapshots[2]
    timeline.go_to(2)

    def code(i: int) -> str:
        return timeline.page.get_attribute(f"#p{i}", "class").split("code-")[1][0]

    def sign_codes(value: float) -> str:
        return NEGATIVE_CODES if value < 0 else POSITIVE_CODES

    for i in range(len(snap.after)):
        assert code(i) in sign_codes(snap.after[i])
    timeline.page.click("#mode")
    assert timeline.text("#mode") == "show weights"
    for i in range(len(snap.after)):
        assert code(i) in sign_codes(snap.gradients[i])
    steepest = max(range(len(snap.gradients)), key=lambda i: abs(snap.gradients[i]))
    assert code(steepest) == sign_codes(snap.gradients[steepest])[-1]  # the steepest is drawn thickest


def test_controls_keys_and_epochs(timeline, run):
    recording = run[0]
    total = len(recording.snapshots)
    timeline.page.keyboard.press("ArrowRight")
    timeline.page.keyboard.press("ArrowRight")
    assert timeline.text("#counter") == f"recorded update 3 / {total}"
    timeline.page.keyboard.press("ArrowLeft")
    assert timeline.text("#counter") == f"recorded update 2 / {total}"
    timeline.page.click("#next-epoch")  # 3 updates per epoch: epoch 2 starts at the 4th
    assert timeline.text("#where").startswith("step 4 of 12 · epoch 2 · batch 1")
    timeline.page.keyboard.press("Shift+ArrowRight")
    assert timeline.text("#where").startswith("step 7 of 12 · epoch 3 · batch 1")
    timeline.page.click("#next")
    timeline.page.click("#prev-epoch")  # back to the start of this epoch
    assert timeline.text("#where").startswith("step 7 of 12")
    timeline.page.click("#prev-epoch")
    assert timeline.text("#where").startswith("step 4 of 12")
    timeline.page.click("#prev")
    assert timeline.text("#where").startswith("step 3 of 12")
    timeline.page.keyboard.press("End")
    assert timeline.text("#counter") == f"recorded update {total} / {total}"
    timeline.page.click("#next")  # stays at the last one
    assert timeline.text("#counter") == f"recorded update {total} / {total}"


def test_play_advances_and_pause_stops(timeline):
    timeline.page.select_option("#speed", "200")
    timeline.page.click("#play")
    for _ in range(50):  # poll from Python: the page's CSP forbids the string evaluation wait_for_function uses
        if not timeline.text("#counter").startswith("recorded update 1 "):
            break
        timeline.page.wait_for_timeout(50)
    timeline.page.click("#play")  # pause
    stopped = timeline.text("#counter")
    total = stopped.split("/")[1].strip()
    # it moved while playing, and paused before the end
    assert not stopped.startswith(("recorded update 1 ", f"recorded update {total} ")), stopped
    assert timeline.text("#play") == "▶ play"
    timeline.page.wait_for_timeout(500)  # longer than two frames of play
    assert timeline.text("#counter") == stopped


def test_the_layout_is_stable(timeline, run):
    before = timeline.boxes()
    for k in (3, len(run[0].snapshots) - 1, 0):
        timeline.go_to(k)
        timeline.point_at(0)
        assert timeline.boxes() == before  # nothing moved or resized


def test_a_steps_step_through_shows_the_engines_backward_steps(timeline, run):
    recording, X, y, _ = run
    k = len(recording.snapshots) - 1  # the last update has a step-through
    timeline.go_to(k)
    timeline.page.click("#open-closeup")
    frame = timeline.page.frame_locator("#player")
    frame.locator("#caption").wait_for()
    assert timeline.text("#player-title").startswith(f"sample #0 at step {recording.snapshots[k].step}")
    model = recording.model  # the graph of sample 0's loss with the parameters before that update
    for p, value in zip(model.parameters(), recording.snapshots[k].before):
        p.data = value
    loss = nn.hinge([model([Value(x, label=f"x{i}") for i, x in enumerate(X[0])])], [y[0]])
    order = topological_order(loss)
    total = frame.locator("#counter").inner_text()
    assert total.endswith(f" / {len(order) + 1 + len(backward_steps(loss))}")
    for _ in range(len(order)):  # through the forward pass to the seed of the backward pass
        frame.locator("#next").evaluate("button => button.click()")
    assert frame.locator("#caption").inner_text().startswith("Backward pass: start at the output")
    expected = _player_captions(loss, run[3].parent)
    for k, step in enumerate(backward_steps(loss)[:8], start=len(order) + 1):
        frame.locator("#next").evaluate("button => button.click()")
        caption = frame.locator("#caption").inner_text()
        assert caption == expected[k]  # the player's own caption for this graph ...
        for number in (step.upstream, step.local, step.contribution):  # ... with the engine's numbers
            assert f"{abs(number):.4f}" in caption
    timeline.page.click("#close-player")
    assert timeline.page.is_hidden("#player-panel")
    timeline.page.click(".closeup-link >> nth=0")  # the links jump to their step and open it
    assert timeline.text("#counter") == f"recorded update 1 / {len(recording.snapshots)}"
    frame.locator("#caption").wait_for()
    assert timeline.errors == []


def test_the_page_makes_no_network_request(timeline, run):
    timeline.go_to(4)
    timeline.page.click("#mode")
    timeline.page.click(".closeup-link >> nth=1")
    timeline.page.frame_locator("#player").locator("#caption").wait_for()
    assert timeline.requests == [timeline.url]
    assert timeline.errors == []


def test_an_embedded_timeline_never_scrolls_the_page_around_it(browser, run):
    host = host_page(run[3], 700, 400)
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    try:
        page = context.new_page()
        page.goto(host.as_uri())
        frame = page.frame_locator("iframe")
        frame.locator("#counter").wait_for()
        for selector in ("#next", "#next-epoch", "#mode", "#open-closeup", "#next", ".closeup-link"):
            frame.locator(selector).first.evaluate("button => button.click()")  # playwright's click() would scroll
        frame.locator("#player-panel").evaluate("panel => panel.hidden")
        assert page.evaluate("window.scrollY") == 0
    finally:
        context.close()


def test_the_notebooks_frame_runs_the_timeline_and_its_step_through(browser, run):
    """What a notebook shows (the sandboxed iframe srcdoc) works as the file does, step-through included."""
    path = run[3]
    host = path.parent / "notebook.html"
    host.write_text(f"<!DOCTYPE html><html><body>{path._repr_html_()}</body></html>", encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    errors = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(host.as_uri())
        frame = page.frame_locator("iframe")
        assert frame.locator("#counter").inner_text() == f"recorded update 1 / {len(run[0].snapshots)}"
        frame.locator("#open-closeup").evaluate("button => button.click()")
        frame.frame_locator("#player").locator("#caption").wait_for()
        caption = frame.frame_locator("#player").locator("#caption").inner_text()
        recording, X, y, _ = run
        model = recording.model
        for p, value in zip(model.parameters(), recording.snapshots[0].before):
            p.data = value
        loss = nn.hinge([model([Value(x, label=f"x{i}") for i, x in enumerate(X[0])])], [y[0]])
        assert caption == _player_captions(loss, path.parent)[0]
        assert errors == []
    finally:
        context.close()
