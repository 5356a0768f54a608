"""The step-through player in a real headless Chromium: controls, captions, stable layout, no network.

Needs Debian's ``chromium`` (installed by .ci/run) and the ``playwright`` package (its own
browser downloads are never used: we launch /usr/bin/chromium). Skipped with the reason
when either is missing.
"""

import pathlib
import re

import pytest

import nn
from autograd import backward_steps, gradients, topological_order
from autograd.viz import step_through
from tests.browser import RecordedPage, host_page, skip_without_chromium

pytestmark = pytest.mark.browser

skip_without_chromium()


class Player(RecordedPage):
    """One page of the player, with every request and page error recorded."""

    def __init__(self, browser, path: pathlib.Path):
        super().__init__(browser, path, width=1400)

    def caption(self) -> str:
        return self.page.inner_text("#caption")

    def counter(self) -> str:
        return self.page.inner_text("#counter")

    def cell(self, node: str, which: int) -> str:
        return self.page.evaluate(
            "([id, k]) => { const t = document.getElementById(id).querySelectorAll('text'); "
            "return t[t.length + k].textContent; }",
            [node, which],
        )

    def outlines(self) -> dict[str, list[float]]:
        """Where every node is drawn: the box of its outline shape, in pixels from the picture's corner."""
        return self.page.evaluate(
            "() => { const svg = document.querySelector('#graph svg').getBoundingClientRect();"
            " return Object.fromEntries([...document.querySelectorAll('#graph g.node')].map(g => {"
            " const r = g.querySelector('polygon, ellipse').getBoundingClientRect();"
            " return [g.id, [r.x - svg.x, r.y - svg.y, r.width, r.height]]; })); }"
        )

    def go_to(self, k: int) -> None:
        self.page.eval_on_selector(
            "#slider", "(el, k) => { el.value = String(k); el.dispatchEvent(new Event('input')); }", k
        )


@pytest.fixture
def player(browser, tmp_path, lecture_neuron_sum):
    n, params = lecture_neuron_sum()
    o = n.tanh() * n.tanh()  # n feeds two tanh nodes: its gradient is a sum
    o.label = "o <script>alert('₹')</script> & \"}"  # a hostile label must not run or break anything
    path = step_through(o, tmp_path / "steps.html", params=params, lr=0.1)
    player = Player(browser, path)
    yield player, o, params
    player.context.close()


def test_next_walks_the_forward_then_the_backward_pass_with_the_engines_numbers(player):
    page, o, _ = player
    order = topological_order(o)
    assert page.caption() == "x1 is an input: x1 = 2.0000"
    assert page.counter().startswith("step 1 / ")
    for _ in range(len(order)):  # through the forward pass to the seed of the backward pass
        page.page.click("#next")
    assert page.caption().startswith("Backward pass: start at the output")
    for step in backward_steps(o)[:4]:
        page.page.click("#next")
        assert f"= {step.upstream:.4f} × {step.local:.4f} = {step.contribution:.4f}" in page.caption()
        child = f"v{order.index(step.child)}"
        assert page.cell(child, -1).endswith(f"{step.total:.4f}")  # the grad cell shows the running total


def test_fan_out_is_written_as_a_sum_in_the_caption(player):
    page, o, _ = player
    order = topological_order(o)
    recorded = backward_steps(o)
    n = next(node for node in order if node.label == "n")
    into_n = [k for k, step in enumerate(recorded) if step.child is n]
    assert len(into_n) == 2
    page.go_to(len(order) + 1 + into_n[1])
    first, second = recorded[into_n[0]], recorded[into_n[1]]
    assert f"grad = {first.contribution:.4f} + {second.contribution:.4f} = {second.total:.4f}" in page.caption()


def test_previous_keys_and_slider_move_between_steps(player):
    page, _, _ = player
    page.page.keyboard.press("ArrowRight")
    page.page.keyboard.press("ArrowRight")
    assert page.counter().startswith("step 3 / ")
    page.page.keyboard.press("ArrowLeft")
    assert page.counter().startswith("step 2 / ")
    page.page.click("#prev")
    assert page.counter().startswith("step 1 / ")
    page.page.click("#prev")  # stays at the first step
    assert page.counter().startswith("step 1 / ")
    page.go_to(4)
    assert page.counter().startswith("step 5 / ")


def test_the_last_steps_show_the_update_with_the_engines_gradients(player):
    page, o, params = player
    total = int(page.counter().split("/")[1])
    page.go_to(total - 1)
    grad_b = gradients(o, params)[2]
    b = params[2]
    assert page.caption() == f"update b: new = value − lr × grad = {b.data:.4f} − 0.1 × {grad_b:.4f} = " + (
        f"{b.data - 0.1 * grad_b:.4f}"
    )
    b_id = f"v{topological_order(o).index(b)}"
    assert page.cell(b_id, -2) == f"data {b.data - 0.1 * grad_b:.4f}"


def test_play_advances_and_pause_stops(player):
    page, _, _ = player
    page.page.click("#play")
    for _ in range(50):  # poll from Python: the page's CSP forbids the string evaluation wait_for_function uses
        if not page.counter().startswith("step 1 /"):
            break
        page.page.wait_for_timeout(100)
    assert page.counter().startswith("step 2 /")
    page.page.click("#play")  # pause
    stopped = page.counter()
    page.page.wait_for_timeout(1500)  # longer than one step of play
    assert page.counter() == stopped


def test_nodes_never_move_between_steps(player):
    page, o, _ = player
    before = page.outlines()
    assert len(before) == len(topological_order(o)) + sum(1 for n in topological_order(o) if n.children) + 1
    total = int(page.counter().split("/")[1])
    for k in (1, 5, len(topological_order(o)) + 2, total - 1, 0):
        page.go_to(k)
        after = page.outlines()
        assert after.keys() == before.keys()
        for node, box in before.items():
            assert after[node] == pytest.approx(box, abs=0.5), (k, node)


def test_the_page_makes_no_network_request_and_runs_no_injected_script(player):
    page, _, _ = player
    page.page.click("#next")
    page.go_to(20)
    assert page.requests == [page.url]
    assert page.errors == []
    assert page.page.evaluate("document.querySelectorAll('script').length") == 2
    assert "<script>" in page.page.inner_text("h1")  # the hostile label is shown as text


def test_an_embedded_player_never_scrolls_the_page_around_it(browser, tmp_path, lecture_neuron_sum):
    """The tour embeds players in iframes far down its page: stepping must not jump the page to them."""
    n, _ = lecture_neuron_sum()
    page_path = host_page(step_through(n.tanh(), tmp_path / "player.html"), 600, 300)
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    try:
        page = context.new_page()
        page.goto(page_path.as_uri())
        frame = page.frame_locator("iframe")
        frame.locator("#caption").wait_for()
        for _ in range(12):  # far enough that the focused node lies outside the 600 × 300 frame
            frame.locator("#next").evaluate("button => button.click()")  # playwright's click() would scroll
        assert page.evaluate("window.scrollY") == 0
    finally:
        context.close()


# ---- collapse and expand, paths, pan and zoom, focus, quiz, links ----


def visible_outlines(page) -> dict[str, list[float]]:
    """The outline box of every node drawn and not folded away, in pixels from the picture's corner."""
    return page.evaluate(
        "() => { const svg = document.querySelector('#graph svg').getBoundingClientRect();"
        " return Object.fromEntries([...document.querySelectorAll('#graph g.node')]"
        ".filter(g => g.getClientRects().length > 0).map(g => {"
        " const r = g.querySelector('polygon, ellipse').getBoundingClientRect();"
        " return [g.id, [r.x - svg.x, r.y - svg.y, r.width, r.height]]; })); }"
    )


def click_box(page, box_id: str) -> None:
    """Click the middle of a (folded) unit's box, as a learner would."""
    x, y = page.evaluate(
        "(id) => { const r = document.getElementById(id).getBoundingClientRect();"
        " return [r.x + r.width / 2, r.y + r.height / 2]; }",
        box_id,
    )
    page.mouse.click(x, y)


@pytest.fixture
def mlp_player(browser, tmp_path):
    model = nn.MLP(2, [3, 1], activation="tanh", seed=0)
    out = model([0.5, -1.0])
    path = step_through(out, tmp_path / "mlp.html", params=model.parameters(), lr=0.1, collapse="neuron")
    player = Player(browser, path)
    yield player, model, out
    player.context.close()


def test_expanding_a_unit_shows_its_nodes_in_place_and_folding_hides_them_again(mlp_player):
    page, model, out = mlp_player
    before = visible_outlines(page.page)
    neuron = model.layers[0].neurons[0]
    weight = f"v{topological_order(out).index(neuron.w[0])}"
    assert weight not in before  # folded away
    box = page.page.evaluate("() => document.querySelector('g.unit-box.folded').id")
    click_box(page.page, box)
    after = visible_outlines(page.page)
    assert len(after) > len(before)  # the unit's nodes are shown
    for node, outline in before.items():  # and nothing that was shown moved
        assert after[node] == pytest.approx(outline, abs=0.5), node
    assert page.page.evaluate("(id) => document.getElementById(id).classList.contains('folded')", box) is False
    page.page.click(f"#{box} text")  # its name folds it again
    assert visible_outlines(page.page).keys() == before.keys()
    assert page.errors == []


def test_a_folded_neurons_steps_play_as_one_summary_step(mlp_player):
    page, model, out = mlp_player
    captions = []
    total = int(page.counter().split("/")[1])
    for _ in range(total):
        captions.append(page.caption())
        page.page.click("#next")
    neuron = model.layers[0].neurons[0]
    value = next(node for node in topological_order(out) if node.label == neuron.name)
    assert f"{neuron.name}: forward, 2 inputs → {value.data:.4f}" in captions
    assert sum(1 for c in captions if c.startswith(f"{neuron.name}: forward")) == 1
    assert any(c.startswith(f"{neuron.name}: backward, grad ") for c in captions)
    assert any(c.startswith(f"{neuron.name}: update of its 2 weights + bias: {neuron.name}.w0 → ") for c in captions)


def test_selecting_a_value_writes_its_gradient_as_the_sum_over_paths(player):
    page, o, params = player
    order = topological_order(o)
    n = next(node for node in order if node.label == "n")
    w1 = params[0]
    page.page.click(f"#v{order.index(w1)}")
    text = page.page.inner_text("#explain")
    (gradient,) = gradients(o, [w1])
    assert "the sum over the 2 paths from w1 to the output" in text  # n feeds o through two tanh nodes
    paths = re.findall(r"= (-?\d+\.\d+)\n", text + "\n")
    products = [float(p) for p in paths[:2]]
    assert sum(products) == pytest.approx(gradient, abs=2e-4)
    assert text.rstrip().endswith(f"and the backward pass gave grad(w1) = {gradient:.4f}")
    highlighted = page.page.evaluate("() => [...document.querySelectorAll('g.edge.on-path')].map(g => g.id)")
    assert len(highlighted) >= 5 and all(e.startswith("e") for e in highlighted)
    assert f"v{order.index(n)}" in page.page.evaluate(
        "() => [...document.querySelectorAll('g.node.on-path')].map(g => g.id)"
    )
    page.page.keyboard.press("Escape")
    assert page.page.is_hidden("#explain")


def test_pan_and_zoom_change_the_view_box(player):
    page, _, _ = player

    def view_box():
        return [float(v) for v in page.page.get_attribute("#graph svg", "viewBox").split()]

    start = view_box()
    page.page.click("#zoom-in")
    zoomed = view_box()
    assert zoomed[2] == pytest.approx(start[2] / 1.25, rel=1e-3)
    box = page.page.evaluate(
        "() => { const r = document.getElementById('graph').getBoundingClientRect();"
        " return [r.x, r.y, r.width, r.height]; }"
    )
    middle = (box[0] + box[2] / 2, box[1] + box[3] / 2)
    page.page.mouse.move(*middle)
    page.page.mouse.wheel(0, -300)
    assert view_box()[2] < zoomed[2]
    before_drag = view_box()
    page.page.mouse.move(middle[0] + 200, middle[1] + 100)  # on the background, right of the picture's middle
    page.page.mouse.down()
    page.page.mouse.move(middle[0] + 100, middle[1] + 100, steps=5)
    page.page.mouse.up()
    dragged = view_box()
    assert dragged[0] > before_drag[0] and dragged[2] == pytest.approx(before_drag[2])
    page.page.click("#fit")
    assert view_box() == pytest.approx(start, abs=0.01)
    assert page.page.evaluate("window.scrollY") == 0


def test_the_current_step_is_always_in_view(browser, tmp_path):
    model = nn.MLP(2, [4, 4, 1], activation="tanh", seed=0)
    out = model([0.5, -1.0])
    path = step_through(out, tmp_path / "big.html", params=model.parameters(), lr=0.1)
    page = Player(browser, path)
    page.page.set_viewport_size({"width": 1400, "height": 800})
    page.page.goto(page.url)
    try:
        total = int(page.counter().split("/")[1])
        outside = []
        for k in range(total):
            inside = page.page.evaluate(
                "() => { const g = document.getElementById('graph').getBoundingClientRect();"
                " const el = document.querySelector('#graph .focus-primary'); const r = el.getBoundingClientRect();"
                " return r.left >= g.left && r.right <= g.right && r.top >= g.top && r.bottom <= g.bottom; }"
            )
            if not inside:
                outside.append(k)
            page.page.keyboard.press("ArrowRight")
        assert outside == []
        page.page.keyboard.press("ArrowLeft")  # and back again
        for _ in range(total // 2):
            page.page.keyboard.press("ArrowLeft")
        assert page.page.evaluate(
            "() => { const g = document.getElementById('graph').getBoundingClientRect();"
            " const r = document.querySelector('#graph .focus-primary').getBoundingClientRect();"
            " return r.left >= g.left && r.right <= g.right && r.top >= g.top && r.bottom <= g.bottom; }"
        )
        assert page.errors == []
    finally:
        page.context.close()


def test_jump_to_the_backward_pass_and_to_the_update(player):
    page, o, _ = player
    page.page.click("#to-backward")
    assert page.caption().startswith("Backward pass: start at the output")
    assert page.counter() == f"step {len(topological_order(o)) + 1} / {int(page.counter().split('/')[1])}"
    page.page.click("#to-update")
    assert page.caption().startswith("update w1: new = value − lr × grad")


@pytest.fixture
def quiz_player(browser, tmp_path, lecture_neuron_sum):
    n, params = lecture_neuron_sum()
    o = n.tanh()
    o.label = "o"
    path = step_through(o, tmp_path / "quiz.html", params=params, lr=0.1, quiz=True)
    player = Player(browser, path)
    yield player, o
    player.context.close()


def test_quiz_accepts_a_right_answer_within_the_tolerance_and_rejects_a_wrong_one(quiz_player):
    page, o = quiz_player
    page.page.click("#next")
    page.page.click("#next")  # x1 and w1 are given; x1·w1 is asked
    assert page.caption() == "Your turn — x1·w1 = 2.0000 × (-3.0000) = ?"
    assert page.page.is_visible("#quiz")
    assert page.cell("v2", -2) == "data —"  # the answer is not on the picture yet
    page.page.fill("#answer", "−6.0004")  # within the stated tolerance, typed with a minus sign
    page.page.click("#check")
    assert page.caption() == "✓ Right! x1·w1 = 2.0000 × (-3.0000) = -6.0000"
    assert page.cell("v2", -2) == "data -6.0000"
    assert page.page.inner_text("#score") == "score: 1 right of 1"
    assert "right within ±0.001 or ±0.5%" in page.page.inner_text("#tolerance")
    while not page.caption().startswith("Your turn — grad("):  # on to the first backward question
        page.page.click("#next")
    recorded = backward_steps(o)[0]
    page.page.fill("#answer", "7")
    page.page.press("#answer", "Enter")
    caption = page.caption()
    assert caption.startswith(f"✗ Not quite: you typed 7; the recorded answer is {recorded.contribution:.4f}. grad(")
    assert f"= {recorded.upstream:.4f} × {recorded.local:.4f} = {recorded.contribution:.4f}" in caption
    assert page.page.inner_text("#score") == "score: 1 right of 2"
    while not page.page.is_visible("#quiz"):
        page.page.click("#next")
    page.page.fill("#answer", "x")
    page.page.click("#check")
    assert page.caption().startswith("Type a number, like -6 or 0.5, then press check.")
    assert page.errors == []


def test_the_url_fragment_opens_a_step_and_hides_a_panel(browser, tmp_path, lecture_neuron_sum):
    n, _ = lecture_neuron_sum()
    path = step_through(n.tanh(), tmp_path / "steps.html")
    page = Player(browser, path)
    try:
        page.page.goto(page.url + "#step=6&hide=caption")
        assert page.counter().startswith("step 6 / ")
        assert page.page.is_hidden("#caption")
        assert page.page.is_visible("#graph")
        page.page.click("#next")
        assert page.page.evaluate("window.location.hash") == "#step=7&hide=caption"  # a teacher can copy the link
        page.page.evaluate("window.location.hash = '#step=2'")
        page.page.wait_for_timeout(50)
        assert page.counter().startswith("step 2 / ") and page.page.is_visible("#caption")
        assert page.errors == []
    finally:
        page.context.close()


def test_the_notebook_frame_runs_the_player_without_the_network(browser, tmp_path, lecture_neuron_sum):
    n, _ = lecture_neuron_sum()
    written = step_through(n.tanh(), tmp_path / "steps.html")
    host = tmp_path / "notebook.html"
    host.write_text(
        '<!DOCTYPE html><html><body><div style="height: 2000px">cells</div>'
        f"{written._repr_html_()}<div style='height: 2000px'>more cells</div></body></html>",
        encoding="utf-8",
    )
    page = Player(browser, host)
    try:
        frame = page.page.frame_locator("iframe")
        for _ in range(100):  # the frame's script runs once the frame has loaded
            if frame.locator("#counter").inner_text():
                break
            page.page.wait_for_timeout(50)
        assert frame.locator("#counter").inner_text().startswith("step 1 / ")
        for _ in range(8):
            frame.locator("#next").evaluate("button => button.click()")
        assert frame.locator("#counter").inner_text().startswith("step 9 / ")
        assert page.page.evaluate("window.scrollY") == 0
        assert page.requests == [page.url]
        assert page.errors == []
    finally:
        page.context.close()


def test_an_embedded_player_zooms_with_ctrl_wheel_and_leaves_the_plain_wheel_to_its_host(
    browser, tmp_path, lecture_neuron_sum
):
    n, _ = lecture_neuron_sum()
    written = step_through(n.tanh(), tmp_path / "steps.html")
    host = tmp_path / "host.html"
    host.write_text(
        f"<!DOCTYPE html><html><body>{written._repr_html_()}<div style='height: 3000px'>more</div></body></html>",
        encoding="utf-8",
    )
    page = Player(browser, host)
    try:
        frame = page.page.frame_locator("iframe")
        frame.locator("#counter").wait_for()
        inner = page.page.frames[1]
        before = inner.get_attribute("#graph svg", "viewBox")
        box = page.page.locator("iframe").bounding_box()
        page.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.page.mouse.wheel(0, 400)
        page.page.wait_for_timeout(200)
        assert inner.get_attribute("#graph svg", "viewBox") == before  # not zoomed:
        assert page.page.evaluate("window.scrollY") > 0  # the notebook scrolled instead
        page.page.evaluate("window.scrollTo(0, 0)")
        page.page.keyboard.down("Control")
        page.page.mouse.wheel(0, -300)
        page.page.keyboard.up("Control")
        page.page.wait_for_timeout(100)
        assert inner.get_attribute("#graph svg", "viewBox") != before
        assert page.errors == []
    finally:
        page.context.close()


def test_a_forward_only_player_offers_no_jump_to_the_backward_pass(browser, tmp_path, lecture_neuron_sum):
    n, _ = lecture_neuron_sum()
    page = Player(browser, step_through(n.tanh(), tmp_path / "f.html", view="forward"))
    try:
        assert page.page.is_hidden("#to-backward") and page.page.is_hidden("#to-update")
        assert "backward" not in page.page.inner_text("body").lower()
    finally:
        page.context.close()


def test_a_folded_layer_opens_into_folded_neurons_and_each_step_count_follows(browser, tmp_path):
    model = nn.MLP(2, [3, 1], activation="tanh", seed=0)
    loss = (model([0.5, -1.0]) - 1.0) ** 2
    page = Player(browser, step_through(loss, tmp_path / "l.html", params=model.parameters(), lr=0.1, collapse="layer"))
    try:
        steps_folded = int(page.counter().split("/")[1])
        before = visible_outlines(page.page)
        layer = page.page.evaluate("() => document.querySelector('g.unit-box.layer.folded').id")
        click_box(page.page, layer)
        neurons = page.page.evaluate(
            "() => [...document.querySelectorAll('g.unit-box.neuron.folded')]"
            ".filter(g => g.getClientRects().length > 0).map(g => g.id)"
        )
        assert len(neurons) >= 3  # L1.n0, L1.n1, L1.n2 (and the output neuron) are boxes of their own now
        steps_layer_open = int(page.counter().split("/")[1])
        assert steps_layer_open > steps_folded  # each neuron's steps are one step now, not the layer's
        after = visible_outlines(page.page)
        for node, outline in before.items():
            assert after[node] == pytest.approx(outline, abs=0.5), node
        click_box(page.page, neurons[0])
        assert int(page.counter().split("/")[1]) > steps_layer_open
        assert page.page.evaluate("window.location.hash").count("open=") == 1
        assert page.errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize(("width", "height", "smallest_text"), [(1400, 800, 8), (1024, 768, 5.5)])
def test_a_collapsed_network_opens_fitted_left_to_right_and_legible(browser, tmp_path, width, height, smallest_text):
    model = nn.MLP(2, [8, 8, 1], activation="tanh", seed=0)
    loss = (model([0.5, -1.0]) - 1.0) ** 2
    page = Player(browser, step_through(loss, tmp_path / "mlp.html", params=model.parameters(), lr=0.1))
    page.page.set_viewport_size({"width": width, "height": height})
    page.page.goto(page.url)
    try:
        seen = page.page.evaluate(
            "() => { const g = document.getElementById('graph').getBoundingClientRect();"
            " const boxes = [...document.querySelectorAll('#graph g.unit-box.folded')].map(b => {"
            " const r = b.querySelector('path, polygon').getBoundingClientRect();"
            " const name = b.querySelector('text.fold tspan');"
            " return [name.textContent, r.left, r.right, r.top, r.bottom, name.getBoundingClientRect().height]; });"
            " const x0 = [...document.querySelectorAll('#graph g.node')].find(n => n.textContent.includes('x0'));"
            " return {graph: [g.left, g.right, g.top, g.bottom], boxes: boxes,"
            " input: x0.querySelector('polygon').getBoundingClientRect().height}; }"
        )
        boxes = seen["boxes"]
        names = [f"L1.n{k}" for k in range(8)] + [f"L2.n{k}" for k in range(8)] + ["L3.n0"]
        assert sorted(name for name, *_ in boxes) == sorted(names)  # opened folded by neuron
        left, right, top, bottom = seen["graph"]
        assert all(left <= b[1] and b[2] <= right and top <= b[3] and b[4] <= bottom for b in boxes)  # fit shows all
        layer = {n: [b for b in boxes if b[0].startswith(f"L{n}.")] for n in (1, 2, 3)}
        assert max(b[2] for b in layer[1]) < min(b[1] for b in layer[2])  # layers left to right, in order
        assert max(b[2] for b in layer[2]) < min(b[1] for b in layer[3])
        assert [b[0] for b in sorted(layer[1], key=lambda b: b[3])] == [f"L1.n{k}" for k in range(8)]  # n0 on top
        assert min(b[5] for b in boxes) >= smallest_text  # px: the folded boxes' names are legible at fit
        assert seen["input"] >= smallest_text + 2  # and so is the input x0
        assert page.errors == []
    finally:
        page.context.close()
