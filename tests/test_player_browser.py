"""The step-through player in a real headless Chromium: controls, captions, stable layout, no network.

Needs Debian's ``chromium`` (installed by .ci/run) and the ``playwright`` package (its own
browser downloads are never used: we launch /usr/bin/chromium). Skipped with the reason
when either is missing.
"""

import pathlib
import shutil

import pytest

from autograd import backward_steps, gradients, topological_order
from autograd.viz import step_through

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("no chromium on PATH (Debian: apt-get install chromium)", allow_module_level=True)
try:
    from playwright.sync_api import sync_playwright
except ImportError:
    pytest.skip("the playwright package is not installed (pip install playwright)", allow_module_level=True)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as error:  # a broken browser install: say why instead of failing every test
            pytest.skip(f"chromium at {CHROMIUM} could not be started by playwright: {error}")
        yield launched
        launched.close()


class Player:
    """One page of the player, with every request and page error recorded."""

    def __init__(self, browser, path: pathlib.Path):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.url = path.as_uri()
        self.page.goto(self.url)

    def _route(self, route):
        self.requests.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

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
    step_through(n.tanh(), tmp_path / "player.html")
    page_path = tmp_path / "page.html"
    page_path.write_text(
        '<!DOCTYPE html><html><body><div style="height: 3000px">text</div>'
        '<iframe src="player.html" style="width: 600px; height: 300px"></iframe></body></html>',
        encoding="utf-8",
    )
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
