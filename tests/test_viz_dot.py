"""draw_dot: the DOT text (golden files written by hand), roles, views, number formats, collapse, limits."""

import math
import random
import re

import graphviz
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Op, Value, backward_steps, topological_order
from autograd.viz import DEFAULT_MAX_NODES, GraphTooLargeError, ValueGraph, draw_dot
from autograd.viz.collapse import owners
from autograd.viz.dot import gradient_sum, is_parameter_label, node_roles
from benchmarks.rendering import horner


def small_expression() -> Value:
    """d = a*b + a with a = 2, b = -3: a feeds two nodes, so its gradient is a sum (1 + (-3) = -2)."""
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    d = c + a
    d.label = "d"
    return d


# Written by hand from the rules in autograd/viz/dot.py: ids are topological indexes
# (a=v0, b=v1, c=v2, d=v3), op nodes are v<i>_op, edges e<i>_<operand>. "a" and "b" are
# inputs (a leaf is a parameter only when given in params= or labelled by nn), c intermediate,
# d the output. Nothing has had backward() called, so the forward view shows "grad —" (not
# computed yet); node defaults height=0 width=0 make every table node exactly its table's size.
GOLDEN_FORWARD = """\
digraph stepgrad {
	fontname="Helvetica,Arial,sans-serif" rankdir=LR
	node [fontname="Helvetica,Arial,sans-serif" fontsize=12 height=0 width=0]
	edge [fontname="Helvetica,Arial,sans-serif" fontsize=10]
	v0 [label=<<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="#dbeafe"><TR><TD>a</TD><TD>data 2.0000</TD><TD>grad —</TD></TR></TABLE>> class="value input" id=v0 margin=0 shape=none]
	v1 [label=<<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="#dbeafe"><TR><TD>b</TD><TD>data -3.0000</TD><TD>grad —</TD></TR></TABLE>> class="value input" id=v1 margin=0 shape=none]
	v2 [label=<<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="#ffffff"><TR><TD>c</TD><TD>data -6.0000</TD><TD>grad —</TD></TR></TABLE>> class="value intermediate" id=v2 margin=0 shape=none]
	v2_op [label=<*> class=op height=0.3 id=v2_op shape=ellipse width=0.5]
	v2_op -> v2 [id=e2_out]
	v3 [label=<<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="#bbf7d0"><TR><TD>d</TD><TD>data -4.0000</TD><TD>grad —</TD></TR></TABLE>> class="value output" id=v3 margin=0 shape=none]
	v3_op [label=<+> class=op height=0.3 id=v3_op shape=ellipse width=0.5]
	v3_op -> v3 [id=e3_out]
	v0 -> v2_op [id=e2_0]
	v1 -> v2_op [id=e2_1]
	v2 -> v3_op [id=e3_0]
	v0 -> v3_op [id=e3_1]
}
"""  # noqa: E501

# The backward view of the same graph, by hand: dd/dc = 1, dd/da (direct) = 1; then
# dc/da = b = -3 and dc/db = a = 2. So grad a = 1 + (-3) = -2 (written out), grad b = 2.
GOLDEN_BACKWARD = """\
digraph stepgrad {
	fontname="Helvetica,Arial,sans-serif" rankdir=LR
	node [fontname="Helvetica,Arial,sans-serif" fontsize=12 height=0 width=0]
	edge [fontname="Helvetica,Arial,sans-serif" fontsize=10]
	edge [color="#c2410c" dir=back fontcolor="#c2410c"]
	v0 [label=<<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="#dbeafe"><TR><TD>a</TD><TD>data 2.0000</TD><TD>grad = 1.0000 - 3.0000 = -2.0000</TD></TR></TABLE>> class="value input" id=v0 margin=0 shape=none]
	v1 [label=<<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="#dbeafe"><TR><TD>b</TD><TD>data -3.0000</TD><TD>grad 2.0000</TD></TR></TABLE>> class="value input" id=v1 margin=0 shape=none]
	v2 [label=<<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="#ffffff"><TR><TD>c</TD><TD>data -6.0000</TD><TD>grad 1.0000</TD></TR></TABLE>> class="value intermediate" id=v2 margin=0 shape=none]
	v2_op [label=<*> class=op height=0.3 id=v2_op shape=ellipse width=0.5]
	v2_op -> v2 [id=e2_out]
	v3 [label=<<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="#bbf7d0"><TR><TD>d</TD><TD>data -4.0000</TD><TD>grad 1.0000</TD></TR></TABLE>> class="value output" id=v3 margin=0 shape=none]
	v3_op [label=<+> class=op height=0.3 id=v3_op shape=ellipse width=0.5]
	v3_op -> v3 [id=e3_out]
	v0 -> v2_op [label=<local -3.0000<BR/>+= -3.0000> id=e2_0]
	v1 -> v2_op [label=<local 2.0000<BR/>+= 2.0000> id=e2_1]
	v2 -> v3_op [label=<local 1.0000<BR/>+= 1.0000> id=e3_0]
	v0 -> v3_op [label=<local 1.0000<BR/>+= 1.0000> id=e3_1]
}
"""  # noqa: E501


def test_forward_view_matches_the_golden_dot():
    assert draw_dot(small_expression(), legend=False).source == GOLDEN_FORWARD


def test_backward_view_matches_the_golden_dot():
    assert draw_dot(small_expression(), view="backward", legend=False).source == GOLDEN_BACKWARD


def test_same_graph_gives_byte_identical_dot_and_ids_do_not_depend_on_memory_addresses():
    first = draw_dot(small_expression(), view="backward").source
    for _ in range(3):
        assert draw_dot(small_expression(), view="backward").source == first
    assert not re.search(r"\d{8,}", first)  # no id()-like numbers


def test_result_is_a_graphviz_digraph():
    graph = draw_dot(small_expression())
    assert isinstance(graph, graphviz.Digraph)
    assert isinstance(graph, ValueGraph)


def test_forward_view_shows_the_current_grad_field():
    d = small_expression()
    d.backward()
    source = draw_dot(d, legend=False).source
    assert "<TD>a</TD><TD>data 2.0000</TD><TD>grad -2.0000</TD>" in source


def test_backward_view_reads_backward_steps_and_leaves_grad_untouched():
    d = small_expression()
    source = draw_dot(d, view="backward").source
    order = topological_order(d)
    assert all(node.grad == 0.0 for node in order)
    index = {node: i for i, node in enumerate(order)}
    for step in backward_steps(d):
        edge = re.search(rf"\[label=<(.*?)> id=e{index[step.node]}_{step.index}\]", source).group(1)
        assert edge == f"local {step.local:.4f}<BR/>+= {step.contribution:.4f}"


def test_fan_out_sum_is_written_out_on_the_receiving_node():
    x = Value(3.0, label="x")
    y = x * x + x  # x feeds * twice and + once: grad = 3 + 3 + 1 = 7
    source = draw_dot(y, view="backward").source
    assert "grad = 1.0000 + 3.0000 + 3.0000 = 7.0000" in source


def test_gradient_sum_shortens_long_sums_and_writes_negative_terms_as_subtraction():
    assert gradient_sum(["2.0"], "2.0") == "grad 2.0"
    assert gradient_sum(["2.0", "-4.0"], "-2.0") == "grad = 2.0 - 4.0 = -2.0"
    many = gradient_sum([f"{k}.0" for k in range(1, 11)], "55.0")
    assert many == "grad = 1.0 + 2.0 + … + 10.0 (10 terms) = 55.0"


def test_roles_input_parameter_intermediate_output():
    x = Value(1.0, label="x")
    w = Value(2.0, label="L1.n0.w0")
    b = Value(0.5, label="L1.n0.b")
    out = (x * w + b).tanh()
    order = topological_order(out)
    roles = dict(zip([node.label or "?" for node in order], node_roles(order)))
    assert roles["x"] == "input"
    assert roles["L1.n0.w0"] == "parameter"
    assert roles["L1.n0.b"] == "parameter"
    assert node_roles(order)[-1] == "output"
    assert "intermediate" in node_roles(order)
    explicit = node_roles(order, params=[x])
    assert explicit[order.index(x)] == "parameter"
    assert explicit[order.index(w)] == "input"


@pytest.mark.parametrize("label", ["b", "w", "w1", "b2", "weight"])
def test_a_leaf_is_a_parameter_only_when_given_or_labelled_by_nn(label):
    leaf = Value(2.0, label=label)  # the lecture's "b" is an input, not a bias
    out = leaf * Value(3.0, label="x")
    assert node_roles(topological_order(out))[0] == "input"
    assert 'class="value parameter"' not in draw_dot(out).source
    assert 'class="value parameter"' in draw_dot(out, params=[leaf]).source


@pytest.mark.parametrize("label", ["w", "w1", "b", "b2", "L1.n0.w0", "L2.n3.b"])
def test_parameter_labels(label):
    assert is_parameter_label(label)


@pytest.mark.parametrize("label", ["x", "weight", "bias", "ab", "w1x", "L1.n0", "", "L1.bw"])
def test_non_parameter_labels(label):
    assert not is_parameter_label(label)


def legend_of(graph) -> str:
    return re.search(r"legend \[label=<(.*?)> class=legend", graph.source).group(1)


def test_legend_lists_the_roles_present_and_the_highlight_when_used():
    d = small_expression()  # no parameter: the lecture's a, b are inputs
    legend = legend_of(draw_dot(d))
    assert re.findall(r">(input|parameter|intermediate|output)</TD>", legend) == ["input", "intermediate", "output"]
    b = d.children[0].children[1]
    with_params = legend_of(draw_dot(d, params=[b]))
    assert re.findall(r">(\w+)</TD>", with_params) == ["input", "parameter", "intermediate", "output"]
    assert "highlighted" not in legend
    assert "collapsed unit" not in legend
    assert "collapsed unit" in draw_dot(d, collapse="neuron").source
    assert "highlighted" in draw_dot(d, highlight=[d]).source
    assert "legend" not in draw_dot(d, legend=False).source


def test_number_format_string_and_callable():
    d = small_expression()
    assert "data -6.00</TD>" in draw_dot(d, number_format="{:.2f}").source
    assert "data -6e+00</TD>" in draw_dot(d, number_format="{:.0e}").source
    assert "data [-6.0]</TD>" in draw_dot(d, number_format=lambda x: f"[{x}]").source


@pytest.mark.parametrize(
    ("bad", "error"), [("{:d}", ValueError), ("{0} {1}", ValueError), (lambda x: 1.0, ValueError), (42, TypeError)]
)
def test_bad_number_format_is_a_clear_error(bad, error):
    with pytest.raises(error, match="draw_dot: number_format must"):
        draw_dot(small_expression(), number_format=bad)


def test_highlight_draws_a_thick_red_border_on_exactly_those_nodes():
    d = small_expression()
    c = d.children[0]
    source = draw_dot(d, highlight=[c], legend=False).source
    marked = re.findall(r'(v\d+) \[label=<<TABLE BORDER="3" COLOR="#dc2626"', source)
    assert marked == ["v2"]


def test_highlight_of_a_value_outside_the_graph_is_an_error():
    with pytest.raises(ValueError, match="not part of the graph"):
        draw_dot(small_expression(), highlight=[Value(1.0)])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"view": "sideways"}, "view"),
        ({"collapse": "brain"}, "collapse"),
    ],
)
def test_bad_arguments_are_clear_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        draw_dot(small_expression(), **kwargs)


@pytest.mark.parametrize("player_only", ["name_every_node", "backward_arrows", "data_texts"])
def test_draw_dot_has_no_player_only_parameters(player_only):
    with pytest.raises(TypeError, match=player_only):
        draw_dot(small_expression(), **{player_only: True})


def test_the_player_layout_checks_its_data_texts():
    from autograd.viz.description import describe
    from autograd.viz.dot import number_formatter, player_dot

    with pytest.raises(ValueError, match=r"data_texts has 1 texts; expected one per Value \(4\)"):
        player_dot(describe(small_expression()), number_formatter("{:.4f}"), "LR", ["one text"])


def test_draw_dot_needs_a_value():
    with pytest.raises(TypeError, match="expected a Value"):
        draw_dot(3.0)


def test_custom_op_names_appear_escaped():
    weird = Op("<b>&|{}", forward=lambda x: 2 * x, derivatives=lambda x, out: (2.0,))
    y = weird(Value(1.0, label="x"))
    source = draw_dot(y).source
    assert "[label=<&lt;b&gt;&amp;|{}> class=op" in source


def chain(length: int) -> Value:
    x = Value(0.5, label="x")
    y = x
    for _ in range(length):
        y = y * 1.0
    return y


def test_more_values_than_max_nodes_raises_a_clear_error():
    y = chain(30)  # 1 + 30 * 2 values: x, each constant 1.0, each product
    with pytest.raises(GraphTooLargeError, match=r"61 values.*max_nodes=60.*Raise max_nodes\.$") as error:
        draw_dot(y, max_nodes=60)
    assert "collapse" not in str(error.value)  # no labelled unit: a collapsed view would draw the same 61
    draw_dot(y, max_nodes=61)  # exactly at the limit is fine


def test_a_too_large_nn_graph_suggests_the_collapsed_views_that_help():
    loss = mlp_labels([8, 8, 1])
    with pytest.raises(GraphTooLargeError, match=r"or draw a collapsed view \(collapse='neuron' or collapse='layer'\)"):
        draw_dot(loss, max_nodes=60)
    with pytest.raises(GraphTooLargeError, match=r"or draw a collapsed view \(collapse='layer'\)"):
        draw_dot(loss, max_nodes=10, collapse="neuron")


def test_default_node_limit_is_a_few_hundred():
    assert 200 <= DEFAULT_MAX_NODES <= 1000
    with pytest.raises(GraphTooLargeError):
        draw_dot(chain(DEFAULT_MAX_NODES // 2 + 1))


# ---- collapse: hand-labelled Values shaped like nn's labels (viz must not import nn) ----


def tiny_mlp() -> tuple[Value, dict[str, Value]]:
    """Two inputs → layer L1 (two tanh neurons) → layer L2 (one linear neuron) → squared error."""
    named = {"x0": Value(1.0, label="x0"), "x1": Value(-2.0, label="x1")}
    inputs = [named["x0"], named["x1"]]
    outputs = []
    for layer, width in ((1, 2), (2, 1)):
        outputs = []
        for n in range(width):
            total = Value(0.1 * n, label=f"L{layer}.n{n}.b")
            named[total.label] = total
            for k, x in enumerate(inputs):
                w = Value(0.5 - 0.25 * k + 0.1 * n, label=f"L{layer}.n{n}.w{k}")
                named[w.label] = w
                total = total + w * x
            out = total.tanh() if layer == 1 else total * 1.0
            out.label = f"L{layer}.n{n}"
            named[out.label] = out
            outputs.append(out)
        inputs = outputs
    loss = (outputs[0] - 1.0) ** 2
    loss.label = "loss"
    return loss, named


def test_collapse_neuron_absorbs_parameters_but_not_shared_inputs():
    loss, named = tiny_mlp()
    order = topological_order(loss)
    box = dict(zip(order, owners(order, "neuron")))
    assert box[named["L1.n0.w0"]] == order.index(named["L1.n0"])
    assert box[named["L1.n1.b"]] == order.index(named["L1.n1"])
    assert box[named["L2.n0.w1"]] == order.index(named["L2.n0"])
    assert box[named["L1.n0"]] == order.index(named["L1.n0"])  # a unit is its own box
    assert box[named["x0"]] is None  # used by two neurons: drawn on its own
    assert box[loss] == order.index(loss)  # a labelled root is a unit too (a network's output neuron)...
    difference = loss.children[0]  # loss = (L2.n0 - 1.0) ** 2
    # ...and absorbs the arithmetic only it uses
    assert box[difference] == box[difference.children[1]] == order.index(loss)


def test_collapse_layer_merges_units_by_label_prefix():
    loss, named = tiny_mlp()
    order = topological_order(loss)
    box = dict(zip(order, owners(order, "layer")))
    assert box[named["L1.n0.w0"]] == box[named["L1.n1.w1"]] == box[named["L1.n0"]] == box[named["L1.n1"]]
    assert box[named["L2.n0"]] != box[named["L1.n0"]]
    assert box[named["x1"]] is None


def test_collapsed_views_draw_one_box_per_unit_or_layer():
    loss, _ = tiny_mlp()
    neuron = draw_dot(loss, collapse="neuron").source
    assert sorted(re.findall(r"<TD>(L\d\.n\d)</TD>", neuron)) == ["L1.n0", "L1.n1", "L2.n0"]
    assert "L1.n0.w0" not in neuron
    assert re.search(r"<TD>x0</TD>", neuron)
    layer = draw_dot(loss, collapse="layer").source
    assert sorted(re.findall(r"<TD>(L\d)</TD>", layer)) == ["L1", "L2"]
    assert layer.count("class=unit") == 2  # L1, L2...
    assert layer.count('class="unit output"') == 1  # ...and the labelled root "loss", in the output's colour


def test_collapse_lets_a_large_graph_fit_under_the_limit():
    loss, _ = tiny_mlp()
    full = len(topological_order(loss))
    with pytest.raises(GraphTooLargeError):
        draw_dot(loss, max_nodes=full - 1)
    draw_dot(loss, max_nodes=12, collapse="neuron")


def test_collapsed_highlight_marks_the_box_containing_the_value():
    loss, named = tiny_mlp()
    source = draw_dot(loss, collapse="neuron", highlight=[named["L1.n1.w0"]], legend=False).source
    marked = re.findall(r'<TABLE BORDER="3" COLOR="#dc2626"[^>]*><TR><TD>([^<]*)</TD>', source)
    assert marked == ["L1.n1"]


def test_infinities_are_drawn():  # NaN never reaches a picture: the engine refuses to make one
    y = Value(math.inf, label="big") * Value(-2.0, label="minus two")
    source = draw_dot(y).source
    assert "data inf" in source
    assert "data -inf" in source


def test_large_backward_views_place_annotations_without_reserving_room():
    y = chain(200)  # 401 values: edge labels would cost dot one extra node each
    source = draw_dot(y, view="backward").source
    assert source.count(" xlabel=<local ") == 400
    assert "[label=<local " not in source
    assert "[label=<local " in draw_dot(chain(20), view="backward").source


def random_graph(seed: int) -> Value:
    """A random expression DAG with shared operands and some labelled intermediate values."""
    rng = random.Random(seed)
    nodes = [Value(rng.uniform(-1, 1), label=f"x{k}") for k in range(3)]
    for k in range(rng.randint(1, 25)):
        a, b = rng.choice(nodes), rng.choice(nodes[-4:])
        node = a * b if rng.random() < 0.5 else a + b
        if rng.random() < 0.4:
            node.label = f"L{rng.randint(1, 3)}.n{k}"
        nodes.append(node)
    return nodes[-1] + nodes[-2] if len(nodes) > 4 else nodes[-1]


@settings(max_examples=60)
@given(seed=st.integers(0, 10_000), mode=st.sampled_from(["neuron", "layer"]))
def test_collapse_rule_on_random_graphs(seed, mode):
    """A node is absorbed by unit U exactly when each of its users is U itself or a non-unit absorbed by U."""
    root = random_graph(seed)
    order = topological_order(root)
    boxes = owners(order, "neuron")
    users = {node: [] for node in order}
    for node in order:
        for child in dict.fromkeys(node.children):
            users[child].append(node)
    position = {node: i for i, node in enumerate(order)}

    def is_unit(node):
        return bool(node.children and node.label)

    for i, node in enumerate(order):
        if is_unit(node):
            assert boxes[i] == i
            continue
        reached = {position[u] if is_unit(u) else boxes[position[u]] for u in users[node]}
        expected = reached.pop() if len(reached) == 1 else None
        assert boxes[i] == expected, (i, node)
    if mode == "layer":  # layer boxes are neuron boxes merged by label prefix
        merged = owners(order, "layer")
        for i in range(len(order)):
            assert (merged[i] is None) == (boxes[i] is None)
            if boxes[i] is not None:
                assert order[merged[i]].label.split(".")[0] == order[boxes[i]].label.split(".")[0]


# ---- names, default names, roles (issue 11) ----


def test_names_from_a_mapping_name_unlabelled_values_and_keep_labels():
    x, w = Value(2.0), Value(-3.0, label="weight")
    h = x * w
    out = h.tanh()
    source = draw_dot(out, names={"x": x, "w": w, "h": h}, legend=False).source
    names = re.findall(r"<TR><TD>(?:<FONT[^>]*>)?([^<]+)", source)
    assert names == ["x", "weight", "h", "tanh#1"]  # w keeps its label; the unnamed output gets a default
    assert x.label == "" and h.label == ""  # names= changes no Value


def test_unlabelled_values_get_a_default_name_from_their_op():
    x = Value(2.0, label="x")
    y = (x * 3.0 + x * x).tanh()
    source = draw_dot(y, legend=False).source
    names = re.findall(r'<FONT COLOR="#6b7280">([^<]+)</FONT>', source)
    assert names == ["const#1", "mul#1", "mul#2", "add#1", "tanh#1"]
    assert "#0" not in source and not re.search(r">#\d+<", source)


# ---- static pictures (issue 11) ----


def test_before_backward_a_gradient_is_not_computed_not_zero():
    d = small_expression()
    assert "grad —" in draw_dot(d).source and "grad 0.0000" not in draw_dot(d).source
    lecture = draw_dot(d, show_zero_grads=True).source  # the micrograd lecture's look, when asked for
    assert "grad 0.0000" in lecture and "grad —" not in lecture
    d.backward()
    assert "grad —" not in draw_dot(d).source


SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_of(graph):
    from xml.etree import ElementTree

    from autograd.viz import render

    return ElementTree.fromstring(render(graph, "svg"))


def test_arrows_touch_their_boxes():
    d = small_expression()
    svg = svg_of(draw_dot(d, legend=False, rankdir="TB"))  # arrows enter from above: the default minimum
    groups = {g.get("id"): g for g in svg.iter(f"{SVG_NS}g")}  # node height would leave a gap there
    for i in (2, 3):  # op oval -> the Value it made, top to bottom
        arrow_tip = max(polygon_ys(groups[f"e{i}_out"].find(f"{SVG_NS}polygon")))
        box_top = min(polygon_ys(groups[f"v{i}"].find(f"{SVG_NS}polygon")))
        assert arrow_tip == pytest.approx(box_top, abs=2.0)  # the border is drawn around the fill


def polygon_ys(element) -> list[float]:
    return [float(point.split(",")[1]) for point in element.get("points").split()]


def mlp_labels(widths: list[int], inputs: int = 2) -> Value:
    rng = random.Random(0)
    layer = [Value(rng.uniform(-1, 1), label=f"x{i}") for i in range(inputs)]
    for number, width in enumerate(widths, 1):
        outputs = []
        for n in range(width):
            total = Value(0.0, label=f"L{number}.n{n}.b")
            for k, x in enumerate(layer):
                total = total + Value(rng.uniform(-1, 1), label=f"L{number}.n{n}.w{k}") * x
            out = total.tanh()
            out.label = f"L{number}.n{n}"
            outputs.append(out)
        layer = outputs
    return layer[0]


@pytest.mark.parametrize("collapse", [None, "neuron"])
def test_neurons_are_drawn_in_natural_order(collapse):
    svg = svg_of(draw_dot(mlp_labels([12, 1]), collapse=collapse, max_nodes=2000))
    heights = {}
    for g in svg.iter(f"{SVG_NS}g"):
        texts = [t.text for t in g.iter(f"{SVG_NS}text")]
        if texts and re.fullmatch(r"L1\.n\d+", texts[0] or ""):
            heights[texts[0]] = float(g.find(f"{SVG_NS}text").get("y"))
    assert sorted(heights, key=heights.get) == [f"L1.n{n}" for n in range(12)]


def test_collapsed_boxes_say_what_they_hold_and_the_output_keeps_its_colour():
    root = mlp_labels([4, 1], inputs=3)
    neuron = draw_dot(root, collapse="neuron").source
    assert "<TD>L1.n0</TD><TD>3 weights + bias</TD>" in neuron
    assert re.search(r'BGCOLOR="#bbf7d0"><TR><TD>L2\.n0</TD><TD>4 weights \+ bias</TD>', neuron)
    layer = draw_dot(root, collapse="layer").source
    assert "<TD>L1</TD><TD>4 neurons, 16 parameters</TD></TR>" in layer
    output = re.search(r'BGCOLOR="#bbf7d0"><TR><TD>L2</TD><TD>1 neuron, 5 parameters</TD><TD>([^<]*)</TD>', layer)
    assert output.group(1) == f"data {root.data:.4f}"  # the layer view still shows the output's value


def test_legend_of_a_collapsed_view_lists_only_what_is_drawn():
    legend = legend_of(draw_dot(mlp_labels([2, 1]), collapse="layer"))
    assert re.findall(r">([\w ]+)</TD>", legend) == ["input", "output", "collapsed unit"]


# ---- drawing parameters are validated (issue 15) ----


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"rankdir": '<LR> evil [label=<x HREF="https://evil.example">]; v0 -> evil; z=<z>'}, ValueError, "rankdir"),
        ({"rankdir": "lr"}, ValueError, "rankdir must be one of 'LR', 'RL', 'TB', 'BT'"),
        ({"rankdir": None}, TypeError, "rankdir"),
        ({"max_nodes": "a"}, TypeError, "draw_dot: max_nodes must be an int"),
        ({"max_nodes": math.nan}, TypeError, "max_nodes must be an int, got float nan"),
        ({"max_nodes": 0}, ValueError, "max_nodes must be a positive int, got 0"),
        ({"max_nodes": True}, TypeError, "max_nodes"),
        ({"highlight": Value(1.0)}, TypeError, "highlight must be a collection of Values"),
        ({"highlight": [1.0]}, TypeError, r"highlight\[0\] must be a Value"),
        ({"highlight": 3}, TypeError, "highlight"),
        ({"legend": "no"}, TypeError, "legend must be True or False"),
        ({"params": [2.0]}, TypeError, r"params\[0\] must be a Value"),
        ({"names": [("x", 1)]}, TypeError, "names must be a mapping"),
    ],
)
def test_every_drawing_parameter_is_checked(kwargs, error, match):
    with pytest.raises(error, match=match):
        draw_dot(small_expression(), **kwargs)


@pytest.mark.parametrize("rankdir", ["LR", "RL", "TB", "BT"])
def test_the_four_directions_are_accepted(rankdir):
    assert f"rankdir={rankdir}" in draw_dot(small_expression(), rankdir=rankdir).source


@pytest.mark.parametrize("bad", [0, 42, b"x"])
def test_a_label_that_is_not_a_str_is_an_error_naming_the_value(bad):
    x = Value(1.0, label="x")
    y = x * 2.0
    with pytest.raises(TypeError, match="label must be a str"):
        y.label = bad  # refused where it is set (the engine) ...
    y._label = bad  # ... and, should one slip past (a subclass, old pickles), where the picture reads it
    with pytest.raises(TypeError, match=r"draw_dot: the label of Value\(data=2.0, made by '\*'\) must be a str"):
        draw_dot(y)


def test_a_label_of_none_is_no_label():
    y = Value(1.0, label="x") * 2.0
    y.label = None
    assert '<FONT COLOR="#6b7280">mul#1</FONT>' in draw_dot(y).source


# ---- high fan-out keeps layout bounded (issue 15) ----


def test_long_edges_of_a_high_fan_out_value_start_at_a_dashed_copy():
    small = draw_dot(horner(8), view="backward").source
    assert "class=copy" not in small  # small pictures are drawn as before
    big = draw_dot(horner(100), view="backward").source
    copies = re.findall(r"(e\d+_\d+)_from \[label=<x>", big)
    assert len(copies) > 50  # x feeds 99 multiplications; the far ones get a copy of x beside them
    for edge in copies:  # the edge keeps its id and its chain-rule annotation
        assert re.search(rf"{edge}_from -> v\d+_op \[id={edge} xlabel=<local ", big)
    # x feeds more than a few ops: annotations are placed after layout (xlabel), which is fast
    assert "[label=<local " not in big


# ---- one description per root (issue 13.4) ----


def test_one_backward_run_feeds_the_backward_view_and_the_gradients(monkeypatch):
    import sys

    from autograd.viz.description import describe

    module = sys.modules["autograd.viz.description"]
    calls = []
    real_steps = module.backward_steps
    monkeypatch.setattr(module, "backward_steps", lambda root: calls.append(root) or real_steps(root))
    d = small_expression()
    description = describe(d)
    assert description.backward == backward_steps(d)
    assert description.gradients == [-2.0, 2.0, 1.0, 1.0]  # a, b, c, d
    assert len(calls) == 1


def test_the_colour_table_is_one_table_for_the_picture_and_the_page():
    from autograd.viz.description import COLORS, color_css, describe

    css = color_css()
    for key, color in COLORS.items():
        assert f"--stepgrad-{key}: {color};" in css
    description = describe(small_expression())
    source = draw_dot(small_expression(), legend=False).source
    for node in description.nodes:
        assert f"id={node.id}" in source
        assert re.search(rf'BGCOLOR="{COLORS[node.role]}"[^\n]*class="value {node.role}" id={node.id}', source)


def test_an_nn_layers_parameters_are_drawn_in_reading_order():
    import nn

    svg = svg_of(draw_dot(nn.MLP(2, [4, 4, 1], seed=0)([0.5, -0.25])))
    heights = {}
    for g in svg.iter(f"{SVG_NS}g"):
        texts = [t.text for t in g.iter(f"{SVG_NS}text")]
        if texts and re.fullmatch(r"L2\.n\d\.(w\d|b)", texts[0] or ""):
            heights[texts[0]] = float(g.find(f"{SVG_NS}text").get("y"))
    expected = [f"L2.n{n}.{p}" for n in range(4) for p in ("w0", "w1", "w2", "w3", "b")]
    assert sorted(heights, key=heights.get) == expected


def test_the_size_is_checked_before_the_description_reads_every_node():
    from autograd.viz.description import describe

    y = chain(600)
    y._label = 42  # reading the nodes would raise a TypeError; the size check must not need them
    with pytest.raises(GraphTooLargeError, match="1201 values"):
        describe(y).check_size(DEFAULT_MAX_NODES)
    with pytest.raises(GraphTooLargeError):
        draw_dot(y)


def test_pictures_write_numbers_by_the_captions_rule():
    x = Value(-0.0, label="x")
    w = Value(0.00002, label="w")
    y = x * w + 1e-9
    y.label = "y"
    y.backward()  # grad(x) = 2e-05 would show as 0.0000 in fixed decimals; data of x as -0.0000
    source = draw_dot(y).source
    assert "-0.0000" not in source and "grad 2e-05" in source and "data 1e-09" in source
    assert "grad 1.0000" in source  # an ordinary number keeps the chosen format
