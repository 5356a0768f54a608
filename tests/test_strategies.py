"""autograd.strategies: safe floats, Values, and expression DAGs that respect domains, share, reproduce and shrink."""

import inspect
import math
import re
import subprocess
import sys

import pytest
from hypothesis import Phase, find, given, note, seed, settings
from hypothesis import strategies as st

from autograd import DomainError, Op, Value, backward_steps, gradients, ops, topological_order
from autograd.strategies import (
    CONSTANTS,
    DEFAULT_OPS,
    MARGIN,
    SHAPES,
    Expression,
    Step,
    expressions,
    floats,
    op_expressions,
    values,
)

FIRST_FOUND = settings(database=None, max_examples=2000, phases=[Phase.generate])


def test_importing_autograd_does_not_import_hypothesis():
    code = "import sys, autograd; sys.exit('hypothesis' in sys.modules or 'autograd.strategies' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@given(floats(-0.5, 4.0))
def test_floats_are_finite_and_in_range(x):
    assert math.isfinite(x) and -0.5 <= x <= 4.0


@given(values(label="w"))
def test_values_are_leaves(v):
    assert isinstance(v, Value) and v.children == () and v.label == "w" and math.isfinite(v.data)


def test_bad_arguments_get_clear_errors():
    with pytest.raises(ValueError, match="min_value must be below max_value"):
        floats(1.0, 0.0)
    with pytest.raises(ValueError, match="variables"):
        expressions(variables=())
    with pytest.raises(ValueError, match="variables"):
        expressions(variables=("x", "x"))
    with pytest.raises(ValueError, match="variables"):
        expressions(variables=("t1",))
    with pytest.raises(TypeError, match=r"ops must be a non-empty list of autograd\.Op"):
        expressions(ops=[math.sin])
    with pytest.raises(ValueError, match="max_depth"):
        expressions(max_depth=0)
    variadic = Op("sum", forward=lambda *xs: sum(xs), derivatives=lambda *xs: (1.0,) * (len(xs) - 1))
    with pytest.raises(TypeError, match=r"takes any number of operands \(its arity is None\)"):
        expressions(ops=[variadic])
    ternary = Op("fma", forward=lambda a, b, c: a * b + c, derivatives=lambda a, b, c, out: (b, a, 1.0))
    with pytest.raises(ValueError, match="takes 3 operands; at most 2"):
        expressions(ops=[ternary])


# ---- domains --------------------------------------------------------------------------------


def _kink_free(node: Value) -> bool:
    return node.operation not in (ops.relu, ops.abs) or abs(node.children[0].data) >= MARGIN


@settings(max_examples=2000)
@given(expressions(variables=("x", "y", "z")))
def test_generated_expressions_respect_every_domain(expr):
    # Evaluating, building the graph and the backward pass raise no DomainError at the point.
    assert math.isfinite(expr(*expr.point))
    root = expr(*[Value(x) for x in expr.point])
    for node in topological_order(root):
        operands = [child.data for child in node.children]
        assert node.operation is None or node.operation.domain is None or node.operation.domain(*operands)
        assert _kink_free(node)
        if node.operation is ops.log or node.operation is ops.sqrt:
            assert operands[0] >= MARGIN
        if node.operation is ops.div:
            assert operands[1] != 0
    backward_steps(root)


# A user-defined op whose domain is an interval: the strategy must keep its operand inside (with margin).
logit = Op(
    "logit",
    forward=lambda p: math.log(p / (1.0 - p)),
    derivatives=lambda p, out: (1.0 / (p * (1.0 - p)),),
    domain=lambda p: 0.0 < p < 1.0,
)
USER_OPS = (logit, ops.sigmoid, ops.mul, ops.add, ops.sin)


def test_user_ops_are_used_and_their_domains_respected():
    logit_operands = []

    @seed(2024)  # the same examples every run: how often logit is drawn must not depend on luck
    @settings(database=None, max_examples=150)
    @given(expressions(variables=("x", "y"), ops=USER_OPS))
    def collect(expr):
        root = expr(*[Value(x) for x in expr.point])
        logit_operands.extend(n.children[0].data for n in topological_order(root) if n.operation is logit)

    collect()
    assert len(logit_operands) >= 10
    assert all(MARGIN <= p <= 1.0 - MARGIN for p in logit_operands)


# ---- shared subexpressions, reproducibility, shrinking -------------------------------------------


def _largest_fan_out(root: Value) -> int:
    """The most distinct parents any non-leaf node of the graph has (counted on the graph itself)."""
    parents: dict[Value, list[Value]] = {}
    for node in topological_order(root):
        for child in node.children:
            if child.children and node not in parents.setdefault(child, []):
                parents[child].append(node)
    return max((len(p) for p in parents.values()), default=0)


def test_expressions_share_subexpressions():
    def shared(expr: Expression) -> bool:
        return _largest_fan_out(expr(*[Value(x) for x in expr.point])) >= 2

    # The first example with a step that has two parents (typically within the first 20); no shrinking.
    first = find(expressions(variables=("x", "y", "z")), shared, settings=FIRST_FOUND)
    assert shared(first)


def _sources(seed_value: int) -> list[str]:
    sources = []

    @seed(seed_value)
    @settings(database=None, max_examples=30)
    @given(expressions(variables=("x", "y", "z")))
    def collect(expr):
        sources.append(expr.source())

    collect()
    return sources


def test_the_same_seed_gives_the_same_examples():
    first, again, other = _sources(2024), _sources(2024), _sources(7)
    assert first == again
    assert len(set(first)) > 10 and first != other


def test_a_failing_property_shows_the_readable_expression_shrunk_to_one_step():
    @settings(database=None, max_examples=200)
    @given(expressions(variables=("x", "y")))
    def only_additions(expr):
        note(expr.source())
        assert all(step.op is ops.add for step in expr.steps)

    with pytest.raises(AssertionError) as caught:
        only_additions()
    report = "\n".join(getattr(caught.value, "__notes__", []))
    assert "only_additions(" in report  # hypothesis's report of the failing example...
    assert re.search(r"expr=Expression\(\(x, y\) -> t1 = x - x; at ", report)  # ...shrunk to the simplest one
    assert "def f(x, y):" in report and "    t1 = x - x\n    return t1" in report  # the note


# ---- rebuilding and printing ----------------------------------------------------------------------

softplus = Op("softplus", forward=lambda x: math.log1p(math.exp(x)), derivatives=lambda x, out: (ops.sigmoid(x),))


@settings(max_examples=200)
@given(expressions(variables=("x", "y"), ops=(*DEFAULT_OPS, softplus)))
def test_the_source_is_the_same_program(expr):
    namespace = {"ops": ops, "softplus": softplus}
    exec(expr.source(), namespace)
    leaves = [Value(x) for x in expr.point]
    from_source, rebuilt = namespace["f"](*leaves), expr(*leaves)
    assert from_source.data == rebuilt.data
    assert [n.op for n in topological_order(from_source)] == [n.op for n in topological_order(rebuilt)]
    assert gradients(from_source, leaves) == gradients(rebuilt, leaves)


@settings(max_examples=100)
@given(expressions(variables=("a", "b")), st.floats(-1e-3, 1e-3))
def test_an_expression_rebuilds_as_a_fresh_graph_at_new_inputs(expr, shift):
    moved = [x + shift for x in expr.point]
    first, second = expr(*[Value(x) for x in moved]), expr(*[Value(x) for x in moved])
    assert first is not second and first.data == second.data == expr(*moved)  # floats in, the same number out
    assert not set(topological_order(first)) & set(topological_order(second))


@given(expressions(variables=("u", "v")))
def test_printing(expr):
    assert "\n" not in repr(expr) and repr(expr).startswith("Expression((u, v) -> t1 = ")
    assert expr.source().startswith("def f(u, v):  # generated at u=")
    assert list(inspect.signature(expr).parameters) == ["u", "v"]
    for step in expr.steps:
        for a in step.args:
            assert isinstance(a, int) or a in CONSTANTS


def test_wrong_number_of_inputs():
    expr = Expression(("x", "y"), (1.0, 2.0), [Step(ops.add, (0, 1))])
    assert expr(1.0, 2.0) == 3.0
    with pytest.raises(TypeError, match="expected 2 input"):
        expr(1.0)


def test_a_hand_written_expression_prints_each_kind_of_step():
    expr = Expression(
        ("x", "y"),
        (1.5, 0.5),
        [
            Step(ops.mul, (0, 1)),  # t1 = x * y
            Step(ops.power(2.0), (2,)),  # t2 = t1 ** 2.0
            Step(ops.pow_, (0, -1.5)),  # t3 = ops.pow_(x, (-1.5))
            Step(ops.neg, (4,)),  # t4 = -t3
            Step(softplus, (5,)),  # t5 = softplus(t4)
            Step(ops.add, (3, 6)),  # t6 = t2 + t5
            Step(ops.exp, (7,)),  # t7 = t6.exp()
        ],
    )
    assert expr.source() == "\n".join(
        [
            "def f(x, y):  # generated at x=1.5, y=0.5",
            "    # softplus: the Op 'softplus' passed in ops=",
            "    t1 = x * y",
            "    t2 = t1 ** 2.0",
            "    t3 = ops.pow_(x, (-1.5))",
            "    t4 = -t3",
            "    t5 = softplus(t4)",
            "    t6 = t2 + t5",
            "    t7 = t6.exp()",
            "    return t7",
        ]
    )
    expected = math.exp((1.5 * 0.5) ** 2 + math.log1p(math.exp(-(1.5**-1.5))))
    assert expr(1.5, 0.5) == pytest.approx(expected)
    with pytest.raises(DomainError):
        expr(-1.5, 0.5)  # away from its point an expression may leave a domain


# ---- expressions that contain one op (for check_op) ------------------------------------------------


def _shape(expr: Expression, op: Op) -> str:
    """Which of SHAPES the expression has, read off its steps."""
    arity = len(expr.variables)
    first, *rest = expr.steps
    if not rest:
        if any(not isinstance(a, int) for a in first.args):
            return "constant operand"
        return "operand repeated" if arity >= 2 and len(set(first.args)) == 1 else "alone"
    if first.op is not op:
        return "computed operand"
    return "result reused" if len(rest) == 2 else "nested"


def _collect(op: Op, n: int = 300) -> list[Expression]:
    found = []

    @settings(database=None, max_examples=n)
    @given(op_expressions(op))
    def collect(expr):
        found.append(expr)

    collect()
    return found


@pytest.mark.parametrize(
    ("op", "shapes"),
    [(ops.div, set(SHAPES)), (ops.log, set(SHAPES) - {"operand repeated", "constant operand"})],
    ids=["binary", "unary"],
)
def test_op_expressions_contain_the_op_in_every_shape(op, shapes):
    examples = _collect(op)
    assert all(any(step.op is op for step in expr.steps) for expr in examples)
    assert {_shape(expr, op) for expr in examples} == shapes
    if op.arity == 2:  # a computed term and a constant in each operand position
        positions = {
            next(k for k, a in enumerate(expr.steps[-1].args) if a == 2)
            for expr in examples
            if _shape(expr, op) == "computed operand"
        }
        assert positions == {0, 1}


def test_op_expressions_stay_inside_the_domain_and_away_from_kinks():
    for op in (ops.log, ops.relu, ops.div, logit):
        for expr in _collect(op, 50):
            root = expr(*[Value(x) for x in expr.point])
            for node in topological_order(root):
                if node.operation is op:
                    operands = [child.data for child in node.children]
                    assert op.domain is None or op.domain(*operands)
                    assert all(abs(operands[0] - kink) >= MARGIN for kink in op.kinks)


def test_op_expressions_give_a_variadic_op_several_operand_counts():
    counts = {len(expr.variables) for expr in _collect(ops.weighted_sum, 100)}
    assert counts == {2, 3, 4}


def test_op_expressions_shrink_to_the_op_alone():
    shrunk = find(op_expressions(ops.mul), lambda expr: True, settings=settings(database=None))
    assert shrunk.steps == (Step(ops.mul, (0, 1)),) and shrunk.point == (0.0, 0.0)


def test_op_expressions_reject_bad_arguments():
    with pytest.raises(TypeError, match=r"op_expressions: op must be an autograd\.Op"):
        op_expressions("tanh")
    with pytest.raises(ValueError, match="arities must be ints from 1 to 6"):
        op_expressions(ops.weighted_sum, arities=(0,))
    with pytest.raises(ValueError, match="min_value must be below max_value"):
        op_expressions(ops.tanh, min_value=1.0, max_value=0.0)


def test_a_power_op_prints_as_a_power_after_the_cache_forgot_it():
    # ops.power keeps a bounded cache: an expression made before 2,000 other exponents still prints x ** 2.0
    expr = Expression(("x",), (1.5,), [Step(ops.power(2.0), (0,))])
    for k in range(2000):
        ops.power(1.0 + k / 4096)
    assert "t1 = x ** 2.0" in expr.source()
    namespace = {"ops": ops}
    exec(expr.source(), namespace)
    assert namespace["f"](Value(1.5)).data == 2.25
