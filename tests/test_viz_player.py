"""step_through and frames without a browser: the page's content, its steps, and the exported frames."""

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

import nn
from autograd import Value, backward_steps, gradients, topological_order
from autograd.viz import GraphTooLargeError, frames, step_through
from autograd.viz.frames import PHASES

SVG = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def neuron(lecture_neuron_sum):
    """Builds micrograd's lecture neuron o = tanh(x1*w1 + x2*w2 + b); returns (o, [w1, w2, b])."""

    def build():
        n, params = lecture_neuron_sum()
        o = n.tanh()
        o.label = "o"
        return o, params

    return build


class _Page(HTMLParser):
    """Collects the tags, their attributes and the text of each script element."""

    def __init__(self):
        super().__init__()
        self.elements = []
        self.scripts = []
        self.styles = []
        self._inside = None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._inside = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag):
        self._inside = None

    def handle_data(self, data):
        if self._inside == "script":
            self.scripts.append((dict(self.elements[-1][1]), data))
        elif self._inside == "style":
            self.styles.append(data)


def read_page(path):
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def page_steps(page):
    data = [text for attrs, text in page.scripts if attrs.get("type") == "application/json"]
    return json.loads(data[0])


def test_writes_one_self_contained_file(tmp_path, neuron):
    o, _ = neuron()
    path = step_through(o, tmp_path / "steps.html")
    assert path == tmp_path / "steps.html"
    assert [p.name for p in tmp_path.iterdir()] == ["steps.html"]  # atomic: no temporary file left
    page = read_page(path)
    tags = [tag for tag, _ in page.elements]
    assert "svg" in tags
    for tag, attrs in page.elements:
        assert tag not in ("link", "img", "iframe", "object", "embed")
        for name in ("src", "href", "xlink:href"):
            assert name not in attrs, f"<{tag} {name}=...> would load something"


def test_content_security_policy_allows_only_the_inline_script_and_style(tmp_path, neuron):
    o, _ = neuron()
    page = read_page(step_through(o, tmp_path / "steps.html"))
    policy = next(a["content"] for t, a in page.elements if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy

    def digest(text):
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    code = [text for attrs, text in page.scripts if "type" not in attrs]
    assert len(code) == 1
    assert f"script-src '{digest(code[0])}'" in policy
    assert len(page.styles) == 1
    assert f"style-src '{digest(page.styles[0])}'" in policy


def test_steps_are_forward_then_backward_steps_then_updates(tmp_path, neuron):
    o, params = neuron()
    steps = page_steps(read_page(step_through(o, tmp_path / "s.html", params=params, lr=0.1)))["steps"]
    order = topological_order(o)
    recorded = backward_steps(o)
    phases = [step["phase"] for step in steps]
    assert phases == ["forward"] * len(order) + ["backward"] * (1 + len(recorded)) + ["update"] * len(params)


def test_forward_captions_write_the_op_with_its_numbers(tmp_path, neuron):
    o, params = neuron()
    steps = page_steps(read_page(step_through(o, tmp_path / "s.html", params=params, lr=0.1)))["steps"]
    assert steps[0]["caption"] == "x1 is an input: x1 = 2.0000"
    assert steps[1]["caption"] == "w1 is a parameter: w1 = -3.0000"
    assert steps[2]["caption"] == "x1·w1 = 2.0000 × (-3.0000) = -6.0000"
    tanh_step = next(step for step in steps if step["caption"].startswith("o = "))
    assert tanh_step["caption"] == "o = tanh(n) = tanh(0.8814) = 0.7071"


def test_backward_captions_carry_the_engines_numbers(tmp_path, neuron):
    o, _ = neuron()
    steps = page_steps(read_page(step_through(o, tmp_path / "s.html")))["steps"]
    backward = [step for step in steps if step["phase"] == "backward"][1:]  # after the seed step
    recorded = backward_steps(o)
    assert len(backward) == len(recorded)
    for shown, step in zip(backward, recorded):
        local = f"{step.local:.4f}" if step.local >= 0 else f"({step.local:.4f})"
        assert f"= {step.upstream:.4f} × {local} = {step.contribution:.4f}" in shown["caption"]


def test_backward_captions_write_the_ops_local_rule_with_the_numbers(tmp_path, neuron):
    o, _ = neuron()
    captions = [step["caption"] for step in page_steps(read_page(step_through(o, tmp_path / "s.html")))["steps"]]
    rule = "local rule: d tanh(n)/dn = 1 − o² = 1 − 0.7071² = 0.5000"
    assert f"grad(n) += grad(o) × do/dn = 1.0000 × 0.5000 = 0.5000; {rule}" in captions
    assert any(c.endswith("local rule: d(x1·w1)/dx1 = w1 = -3.0000") for c in captions)
    assert any(c.startswith("grad(w1) += grad(mul#1) × d(mul#1)/dw1 = 0.5000 × 2.0000 = 1.0000") for c in captions)
    assert any(c.endswith("local rule: d(add#1 + b)/db = 1") for c in captions)


def test_numbers_are_bracketed_where_precedence_needs_it(tmp_path):
    x = Value(-2.0, label="x")
    w = Value(-199.0, label="w")
    y = (-x) * 0.01 + w**2
    y.label = "y"
    steps = page_steps(read_page(step_through(y, tmp_path / "s.html", params=[w], lr=0.01)))["steps"]
    captions = [step["caption"] for step in steps]
    assert "−x = −(-2.0000) = 2.0000" in captions
    assert any("(-199.0000)² = 39601.0000" in c for c in captions)
    assert captions[-1] == "update w: new = value − lr × grad = -199.0000 − 0.01 × (-398.0000) = -195.0200"


def test_numbers_keep_their_meaning_at_every_size(tmp_path):
    tiny, huge, negative_zero = Value(2e-05, label="tiny"), Value(1e308, label="huge"), Value(-0.0, label="z")
    steps = page_steps(read_page(step_through(tiny * huge + negative_zero, tmp_path / "s.html")))["steps"]
    text = "\n".join(step["caption"] for step in steps)
    assert "tiny = 2e-05" in text and "huge = 1e+308" in text and "z = 0.0000" in text
    assert "-0.0000" not in text and max(len(word) for word in text.split()) < 30
    w = Value(1.0, label="w")
    loss = w * 0.0002
    update = page_steps(read_page(step_through(loss, tmp_path / "u.html", params=[w], lr=0.1)))["steps"][-1]
    assert update["caption"] == "update w: new = value − lr × grad = 1 − 0.1 × 0.0002 = 0.99998"


def test_a_custom_op_without_rule_text_shows_the_number_alone(tmp_path):
    from autograd import Op

    double = Op("double", forward=lambda x: 2 * x, derivatives=lambda x, out: (2.0,))
    x = Value(3.0, label="x")
    steps = page_steps(read_page(step_through(double(x), tmp_path / "s.html")))["steps"]
    assert steps[-1]["caption"].endswith("; local rule: d double(x)/dx = 2.0000")
    assert steps[1]["caption"] == "double(x) = double(3.0000) = 6.0000"


def test_a_neurons_weighted_sum_is_written_term_by_term(tmp_path):
    neuron = nn.Neuron(2, activation="tanh", seed=1, name="n0")
    out = neuron([0.5, -1.0])
    steps = page_steps(read_page(step_through(out, tmp_path / "s.html")))["steps"]
    w0, w1 = (w.data for w in neuron.w)
    total = next(step["caption"] for step in steps if "Σ" not in step["caption"] and " + n0.b" in step["caption"])
    assert f"n0.w0·x0 + n0.w1·x1 + n0.b = {w0:.4f} × 0.5000 + {w1:.4f} × (-1.0000) + 0.0000" in total


def test_fan_out_steps_show_the_running_sum(tmp_path):
    x = Value(3.0, label="x")
    y = x * x
    steps = page_steps(read_page(step_through(y, tmp_path / "s.html")))["steps"]
    last = steps[-1]
    assert last["caption"].endswith("grad = 3.0000 + 3.0000 = 6.0000")
    assert last["texts"] == {"v0": {"grad": "grad = 3.0000 + 3.0000 = 6.0000"}}


def test_update_steps_use_the_engines_gradients(tmp_path, neuron):
    o, params = neuron()
    lr = 0.1
    steps = page_steps(read_page(step_through(o, tmp_path / "s.html", params=params, lr=lr)))["steps"]
    updates = [step for step in steps if step["phase"] == "update"]
    for step, p, g in zip(updates, params, gradients(o, params)):
        assert step["caption"].endswith(f"= {p.data:.4f} − 0.1 × {g:.4f} = {p.data - lr * g:.4f}")


def test_step_through_changes_no_value(tmp_path, neuron):
    o, params = neuron()
    before = [(node.data, node.grad) for node in topological_order(o)]
    step_through(o, tmp_path / "s.html", params=params, lr=0.5)
    assert [(node.data, node.grad) for node in topological_order(o)] == before


def test_bad_params_and_lr_are_clear_errors(tmp_path, neuron):
    o, params = neuron()
    with pytest.raises(ValueError, match="lr"):
        step_through(o, tmp_path / "s.html", params=params)
    with pytest.raises(ValueError, match="params"):
        step_through(o, tmp_path / "s.html", lr=0.1)
    with pytest.raises(ValueError, match="not part of the graph"):
        step_through(o, tmp_path / "s.html", params=[Value(1.0)], lr=0.1)
    assert not list(tmp_path.iterdir())


def test_a_graph_over_the_limit_raises_instead_of_laying_out(tmp_path, neuron):
    o, _ = neuron()
    with pytest.raises(GraphTooLargeError):
        step_through(o, tmp_path / "s.html", max_nodes=5)


def test_the_layout_makes_room_for_the_widest_text_of_each_cell(tmp_path, neuron):
    o, params = neuron()
    html = step_through(o, tmp_path / "s.html", params=params, lr=100.0).read_text(encoding="utf-8")
    svg = ElementTree.fromstring(html[html.index("<svg") : html.index("</svg>") + 6])
    node = next(g for g in svg.iter(f"{SVG}g") if g.get("id") == "v1")  # w1: -3 - 100 * grad
    texts = [t.text for t in node.iter(f"{SVG}text")]
    assert texts[-2] == f"data {-3.0 - 100.0 * gradients(o, params)[0]:.4f}"  # laid out with the wider text


# ---- frames ----


@pytest.mark.parametrize("view", ["forward", "backward", "all"])
def test_frames_write_one_svg_per_step_of_the_view(tmp_path, view, neuron):
    o, _ = neuron()
    paths = frames(o, tmp_path, view=view)
    order, recorded = topological_order(o), backward_steps(o)
    expected = {"forward": len(order), "backward": 1 + len(recorded), "all": len(order) + 1 + len(recorded)}
    assert len(paths) == expected[view]
    assert all(p.suffix == ".svg" and p.parent == tmp_path for p in paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in paths]
    assert all(re.fullmatch(r"step-\d{3}-(forward|backward)\.svg", p.name) for p in paths)


def test_frames_keep_every_node_in_place(tmp_path, neuron):
    o, params = neuron()
    paths = frames(o, tmp_path, params=params, lr=0.1)

    def outlines(path):
        root = ElementTree.fromstring(path.read_bytes())
        shapes = {}
        for g in root.iter(f"{SVG}g"):
            if "node" in g.get("class", "").split():
                shape = g.find(f"{SVG}polygon")
                shape = shape if shape is not None else g.find(f"{SVG}ellipse")
                shapes[g.get("id")] = dict(shape.attrib)
        return shapes

    first = outlines(paths[0])
    assert len(first) == len(topological_order(o)) + 5 + 1  # values, ops, legend
    for path in paths[1:]:
        current = outlines(path)
        assert current.keys() == first.keys()
        for key, shape in first.items():  # within a point (cell widths are whole points); a re-layout moves tens
            assert numbers(shape) == pytest.approx(numbers(current[key]), abs=1.0), (path.name, key)


def numbers(shape):
    text = " ".join(shape.get(attribute, "") for attribute in ("points", "cx", "cy", "rx", "ry"))
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]


def test_frames_show_the_steps_texts(tmp_path, neuron):
    o, _ = neuron()
    paths = frames(o, tmp_path, view="backward")
    texts = [t.text for t in ElementTree.fromstring(paths[-1].read_bytes()).iter(f"{SVG}text")]
    assert "grad -1.5000" in texts  # x1: upstream 0.5 × local w1 = -3
    first = [t.text for t in ElementTree.fromstring(paths[0].read_bytes()).iter(f"{SVG}text")]
    assert "grad —" in first


def test_frames_in_png(tmp_path, neuron):
    o, _ = neuron()
    paths = frames(o, tmp_path, format="png", view="forward")
    assert paths and all(p.read_bytes().startswith(PNG_MAGIC) for p in paths)


def test_frames_reject_an_unknown_view(tmp_path, neuron):
    with pytest.raises(ValueError, match="view"):
        frames(neuron()[0], tmp_path, view="sideways")
    with pytest.raises(ValueError, match="needs params"):
        frames(neuron()[0], tmp_path, view="update")
    assert set(PHASES) == {"all", "forward", "backward", "update"}


def test_a_single_value_is_a_two_step_player(tmp_path):
    steps = page_steps(read_page(step_through(Value(4.0, label="x"), tmp_path / "s.html")))["steps"]
    assert [step["caption"] for step in steps] == [
        "x is the output: x = 4.0000",
        "Backward pass: start at the output, grad(x) = dx/dx = 1.0000",
    ]


def test_frames_of_the_update(tmp_path, neuron):
    o, params = neuron()
    paths = frames(o, tmp_path, view="update", params=params, lr=0.1)
    assert [p.name for p in paths] == [f"step-{k:03d}-update.svg" for k in range(21, 24)]
    b = params[2]
    texts = [t.text for t in ElementTree.fromstring(paths[-1].read_bytes()).iter(f"{SVG}text")]
    assert f"data {b.data - 0.1 * gradients(o, [b])[0]:.4f}" in texts


# ---- checks before any work, one label cut, one grammar for bad input ----


def test_the_size_is_checked_before_any_step_is_built(tmp_path, monkeypatch):
    import autograd.viz.player as player

    def never(*args, **kwargs):
        raise AssertionError("steps were built for a graph over the limit")

    monkeypatch.setattr(player, "build_steps", never)
    x = Value(1.0, label="x")
    y = x
    for _ in range(100_000):
        y = y + 1.0
    with pytest.raises(
        GraphTooLargeError, match=r"step_through: the graph has 200001 values to draw, more than max_nodes=500"
    ):
        step_through(y, tmp_path / "s.html")
    assert not list(tmp_path.iterdir())


def test_captions_and_title_cut_a_long_label_as_the_picture_does(tmp_path):
    long = "w" * 100_000
    w = Value(2.0, label=long)
    y = w * w * w
    y.label = long
    html = step_through(y, tmp_path / "s.html").read_text(encoding="utf-8")
    assert len(html) < 200_000  # the label would be 100 kB in every caption
    steps = page_steps(read_page(tmp_path / "s.html"))["steps"]
    assert steps[0]["caption"] == f"{'w' * 299}… is an input: {'w' * 299}… = 2.0000"
    assert f"<title>stepgrad: the steps that compute {'w' * 299}…</title>" in html


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"lr": float("nan")}, ValueError, "step_through: lr must be a number, not NaN, got nan"),
        ({"lr": float("inf")}, ValueError, "step_through: lr must be a finite number, got inf"),
        ({"lr": "0.1"}, TypeError, "step_through: lr must be a real number, got str '0.1'"),
        ({"quiz": "yes"}, TypeError, "step_through: quiz must be True or False, got str 'yes'"),
        ({"collapse": "neurons"}, ValueError, "step_through: collapse must be one of 'auto', 'neuron', 'layer'"),
        ({"title": 3}, TypeError, "step_through: title must be a str, got int 3"),
        ({"max_nodes": "a"}, TypeError, "step_through: max_nodes must be an int, got str 'a'"),
        ({"max_nodes": 0}, ValueError, "step_through: max_nodes must be a positive int, got 0"),
        ({"rankdir": "<LR> evil"}, ValueError, "step_through: rankdir must be one of 'LR', 'RL', 'TB', 'BT'"),
        ({"params": "w1"}, TypeError, "step_through: params must be a collection of Values"),
    ],
)
def test_bad_arguments_are_clear_errors(tmp_path, neuron, arguments, error, message):
    o, params = neuron()
    if "lr" in arguments:
        arguments = {"params": params, **arguments}
    with pytest.raises(error, match=re.escape(message)):
        step_through(o, tmp_path / "s.html", **arguments)
    assert not list(tmp_path.iterdir())


def test_quiz_steps_carry_the_recorded_answers(tmp_path, neuron):
    o, params = neuron()
    steps = page_steps(read_page(step_through(o, tmp_path / "s.html", params=params, lr=0.1, quiz=True)))["steps"]
    order, recorded = topological_order(o), backward_steps(o)
    asked = [step for step in steps if step["quiz"]]
    forward = [step for step in asked if step["phase"] == "forward"]
    backward = [step for step in asked if step["phase"] == "backward"]
    update = [step for step in asked if step["phase"] == "update"]
    assert sorted(step["quiz"]["answer"] for step in forward) == sorted(v.data for v in order if v.children)
    assert [step["quiz"]["answer"] for step in backward] == [step.contribution for step in recorded]
    grads = gradients(o, params)
    assert [step["quiz"]["answer"] for step in update] == [p.data - 0.1 * g for p, g in zip(params, grads)]
    assert all(step["quiz"]["question"].endswith("= ?") or "= ?" in step["quiz"]["question"] for step in asked)
    plain = page_steps(read_page(step_through(o, tmp_path / "p.html")))["steps"]
    assert all(step["quiz"] is None for step in plain)


def test_forward_steps_go_in_the_order_a_learner_computes(tmp_path):
    model = nn.MLP(2, [3, 3, 1], activation="tanh", seed=0)
    out = model([0.5, -1.0])
    order = topological_order(out)
    steps = page_steps(read_page(step_through(out, tmp_path / "s.html")))["steps"]
    forward = [int(next(i for i in step["texts"])[1:]) for step in steps if step["phase"] == "forward"]
    assert sorted(forward) == list(range(len(order)))
    position = {i: k for k, i in enumerate(forward)}
    for i, value in enumerate(order):  # every op after what it reads; every leaf just before its first reader
        readers = [position[j] for j, user in enumerate(order) if any(c is value for c in user.children)]
        for child in value.children:
            assert position[order.index(child)] < position[i]
        if not value.children and readers:
            between = forward[position[i] + 1 : min(readers)]
            assert all(not order[j].children for j in between), value.label
    layer_of = {}
    for i, value in enumerate(order):
        if value.label.startswith("L") and value.children:
            layer_of[i] = int(value.label[1])
    layers = [layer_of[i] for i in forward if i in layer_of]
    assert layers == sorted(layers)  # layer 1, then 2, then 3
    first_input = next(k for k, i in enumerate(forward) if order[i].label in ("x0", "x1"))
    assert first_input == 0  # the inputs (nn labels them x0, x1) come first


def test_collapsible_units_nest_neurons_in_layers_with_their_summaries(tmp_path):
    model = nn.MLP(2, [3, 1], activation="tanh", seed=0)
    out = model([0.5, -1.0])
    data = page_steps(read_page(step_through(out, tmp_path / "s.html", collapse="layer")))
    units = data["units"]
    layer = next(key for key, unit in units.items() if unit["mode"] == "layer")
    neurons = [key for key, unit in units.items() if unit["parent"] == layer]
    assert units[layer]["name"] == "L1" and units[layer]["summary"] == "3 neurons, 9 parameters"
    assert [units[key]["name"] for key in neurons] == ["L1.n0", "L1.n1", "L1.n2"]
    assert not any(unit["mode"] == "layer" and unit["name"] == "L2" for unit in units.values())  # one neuron: its box
    n0 = model.layers[0].neurons[0]
    value = next(v for v in topological_order(out) if v.label == "L1.n0")
    assert units[neurons[0]]["captions"]["forward"] == f"L1.n0: forward, 2 inputs → {value.data:.4f}"
    assert units[neurons[0]]["summary"] == "2 weights + bias" and n0.b is not None
    html = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert all(f'id="{unit["box"]}"' in html for unit in units.values())  # each unit is a cluster of the layout


def test_explanations_write_every_path_or_say_how_many(tmp_path):
    x = Value(3.0, label="x")
    y = x * x + x
    y.label = "y"
    texts = page_steps(read_page(step_through(y, tmp_path / "s.html")))["explanations"]
    (dx,) = gradients(y, [x])
    assert "the sum over the 3 paths from x to the output" in texts["v0"]
    assert texts["v0"].endswith(
        f"= {1.0:.4f} + {3.0:.4f} + {3.0:.4f} = {dx:.4f}, and the backward pass gave grad(x) = {dx:.4f}"
    )
    z = x
    for _ in range(5):
        z = z * z + z  # each level doubles (and more) the paths from x
    many = page_steps(read_page(step_through(z, tmp_path / "m.html", number_format="{:.3g}")))["explanations"]
    assert re.match(r"[\d,]+ paths lead from x to the output: too many to write out", many["v0"])


def test_a_view_keeps_the_steps_of_its_phases(tmp_path, neuron):
    o, params = neuron()
    order = topological_order(o)
    forward = page_steps(read_page(step_through(o, tmp_path / "f.html", view="forward")))
    assert [step["phase"] for step in forward["steps"]] == ["forward"] * len(order)
    assert forward["explanations"] == {}  # a forward-only player explains no gradient
    update = page_steps(read_page(step_through(o, tmp_path / "u.html", view="update", params=params, lr=0.1)))
    assert [step["phase"] for step in update["steps"]] == ["update"] * 3
    assert 'id="to-backward"' in (tmp_path / "f.html").read_text(encoding="utf-8")  # hidden by the script
    with pytest.raises(ValueError, match="step_through: view must be one of 'all', 'forward', 'backward', 'update'"):
        step_through(o, tmp_path / "x.html", view="sideways")
    with pytest.raises(ValueError, match="view='update' needs params"):
        step_through(o, tmp_path / "x.html", view="update")


def test_nn_inputs_are_called_inputs(tmp_path):
    model = nn.MLP(2, [2, 1], activation="tanh", seed=0)
    steps = page_steps(read_page(step_through(model([0.5, -1.0]), tmp_path / "s.html")))["steps"]
    introduced = [step["caption"] for step in steps if " is " in step["caption"].split(":")[0]]
    assert introduced[:2] == ["x0 is an input: x0 = 0.5000", "x1 is an input: x1 = -1.0000"]
    assert not any("a constant" in caption for caption in introduced)


def test_the_path_must_be_a_file(tmp_path, neuron):
    with pytest.raises(ValueError, match="step_through: path must be the path of a file to write, not a folder"):
        step_through(neuron()[0], tmp_path)
    with pytest.raises(TypeError, match="step_through: number_format must be a format string"):
        step_through(neuron()[0], tmp_path / "s.html", number_format=4)


def test_the_same_graph_gives_the_same_page_bytes(tmp_path):
    def page(name):
        model = nn.MLP(2, [3, 1], activation="tanh", seed=0)
        loss = (model([0.5, -1.0]) - 1.0) ** 2
        path = step_through(loss, tmp_path / name, params=model.parameters(), lr=0.1, collapse="layer", quiz=True)
        return path.read_bytes()

    assert page("a.html") == page("b.html")


def test_player_html_is_the_page_step_through_writes(tmp_path, neuron):
    from autograd.viz.player import player_html

    o, params = neuron()
    written = step_through(o, tmp_path / "s.html", params=params, lr=0.1, quiz=True).read_text(encoding="utf-8")
    assert player_html(o, params=params, lr=0.1, quiz=True) == written
    with pytest.raises(TypeError, match="player_html: unknown option 'colapse'"):
        player_html(o, colapse="layer")
    with pytest.raises(ValueError, match="player_html: lr must be a finite number"):
        player_html(o, params=params, lr=float("inf"))


def test_names_from_the_code_reach_the_captions(tmp_path):
    x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(1.0, label="b")
    h = x * w
    y = h + b
    steps = page_steps(read_page(step_through(y, tmp_path / "s.html", names=locals())))["steps"]
    captions = [step["caption"] for step in steps]
    assert "h = x·w = 2.0000 × (-3.0000) = -6.0000" in captions
    assert "y = h + b = -6.0000 + 1.0000 = -5.0000" in captions
    assert h.label == "" and y.label == ""  # names= changes no Value


def test_a_backward_view_starts_with_the_forward_values_in_place(tmp_path, neuron):
    o, _ = neuron()
    steps = page_steps(read_page(step_through(o, tmp_path / "b.html", view="backward")))["steps"]
    order = topological_order(o)
    first = steps[0]
    assert first["caption"].startswith("Backward pass: start at the output")
    assert {f"v{i}" for i in range(len(order))} <= set(first["show"])  # every value is on the picture
    assert (
        first["texts"]["v0"] == {"data": "data 2.0000"}
        and first["texts"][f"v{len(order) - 1}"]["grad"] == "grad 1.0000"
    )
    with pytest.raises(ValueError, match="step_through: view='update' has no steps to show"):
        step_through(o, tmp_path / "u.html", view="update", params=[], lr=0.1)


def _mlp_loss(sizes):
    model = nn.MLP(2, sizes, activation="tanh", seed=0)
    return (model([0.5, -1.0]) - 1.0) ** 2


@pytest.mark.parametrize(("sizes", "mode"), [([4, 4, 1], "neuron"), ([8, 8, 1], "neuron"), ([16, 16, 1], "layer")])
def test_an_nn_step_through_opens_collapsed_by_default(tmp_path, sizes, mode):
    loss = _mlp_loss(sizes)
    opened = page_steps(read_page(step_through(loss, tmp_path / "auto.html", max_nodes=2000)))
    flat = page_steps(read_page(step_through(loss, tmp_path / "flat.html", collapse=None, max_nodes=2000)))
    chosen = page_steps(read_page(step_through(loss, tmp_path / "mode.html", collapse=mode, max_nodes=2000)))
    assert opened["settings"]["collapse"] == mode and flat["settings"]["collapse"] is None
    assert opened["steps"] == chosen["steps"] and opened["units"] == chosen["units"]
    boxes = [(tmp_path / name).read_text(encoding="utf-8").count("unit&#45;box") for name in ("auto.html", "flat.html")]
    assert boxes[0] > 0 and boxes[1] == 0  # None keeps the flat view: no folding boxes are laid out


def test_a_small_graph_or_one_without_nn_units_opens_flat_by_default(tmp_path, neuron):
    o, _ = neuron()  # the lecture's neuron: labelled n and o, but 10 Values
    assert page_steps(read_page(step_through(o, tmp_path / "o.html")))["settings"]["collapse"] is None
    one = nn.Neuron(2, seed=0)
    small = page_steps(read_page(step_through((one([0.5, -1.0]) - 1.0) ** 2, tmp_path / "n.html")))
    assert small["settings"]["collapse"] is None  # one nn neuron with its loss: readable flat
    y = Value(1.0, label="x")
    for k in range(60):  # 121 Values, each labelled, but no nn weight inside any of them
        y = y * 1.0
        y.label = f"y{k}"
    assert page_steps(read_page(step_through(y, tmp_path / "y.html")))["settings"]["collapse"] is None


def test_too_large_advice_suggests_collapse_only_where_it_helps(tmp_path):
    y = Value(1.0, label="x")
    for _ in range(300):
        y = y * 1.0
    with pytest.raises(GraphTooLargeError) as chain_error:
        step_through(y, tmp_path / "s.html", max_nodes=100)
    assert "collapse" not in str(chain_error.value) and str(chain_error.value).endswith("Raise max_nodes.")
    loss = _mlp_loss([16, 16, 1])
    with pytest.raises(GraphTooLargeError, match=r"Raise max_nodes, or step through a collapsed view \(collapse="):
        step_through(loss, tmp_path / "s.html", collapse=None, max_nodes=100)
    with pytest.raises(GraphTooLargeError) as layer_error:
        step_through(loss, tmp_path / "s.html", collapse="layer", max_nodes=3)
    assert "collapse" not in str(layer_error.value)  # already folded by layer: only max_nodes is left


@pytest.mark.parametrize(
    ("exponent", "rule"),
    [(2, "d(x²)/dx = 2·x = 2·(-3.0000)"), (3, "d(x³)/dx = 3·x² = 3·(-3.0000)²"), (4, "d(x^4)/dx = 4·x³ ="),
     (1, "d(x^1)/dx = 1"), (0, "d(x^0)/dx = 0")],
)  # fmt: skip
def test_the_power_rule_is_written_as_by_hand(tmp_path, exponent, rule):
    x = Value(-3.0, label="x")
    y = x**exponent
    y.label = "y"
    caption = page_steps(read_page(step_through(y, tmp_path / "s.html")))["steps"][-1]["caption"]
    assert f"local rule: {rule}" in caption
    written = caption.split("/dx = ", 2)[2]  # the rule and its numbers, after "local rule: d(x…)/dx = "
    assert "^1" not in written and "^0" not in written
