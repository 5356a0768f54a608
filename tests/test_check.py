"""gradcheck, gradgradcheck and blame: they pass on correct rules, catch wrong ones, and name the culprit."""

import itertools
import math
import re

import pytest

import autograd
from autograd import (
    DomainError,
    GradcheckError,
    Op,
    Value,
    blame,
    gradcheck,
    gradgradcheck,
    gradients,
    no_grad,
    ops,
    topological_order,
)

# ---- every built-in op passes, first and second order ------------------------------------------

BUILTIN_CASES = {
    "add": (lambda a, b: a + b, [0.7, -1.3]),
    "sub": (lambda a, b: a - b, [0.7, -1.3]),
    "mul": (lambda a, b: a * b, [0.7, -1.3]),
    "div": (lambda a, b: a / b, [0.7, -1.3]),
    "neg": (lambda a: -a, [0.7]),
    "abs positive": (lambda a: abs(a), [0.7]),
    "abs negative": (lambda a: abs(a), [-1.3]),
    "power 2": (lambda a: a**2, [-1.3]),
    "power 3 negative base": (lambda a: a**3, [-1.3]),
    "power -1": (lambda a: a**-1, [0.7]),
    "power 0.5": (lambda a: a**0.5, [0.7]),
    "power -2.5": (lambda a: a**-2.5, [1.3]),
    "power 0": (lambda a: a**0, [0.7]),
    "pow value exponent": (lambda a, b: a**b, [1.3, 0.7]),
    "rpow": (lambda b: 2.0**b, [0.7]),
    "exp": (lambda a: a.exp(), [0.7]),
    "log": (lambda a: a.log(), [0.7]),
    "sqrt": (lambda a: a.sqrt(), [0.7]),
    "tanh": (lambda a: a.tanh(), [0.7]),
    "sigmoid": (lambda a: a.sigmoid(), [-1.3]),
    "sin": (lambda a: a.sin(), [0.7]),
    "cos": (lambda a: a.cos(), [0.7]),
    "relu positive": (lambda a: a.relu(), [0.7]),
    "relu negative": (lambda a: a.relu(), [-1.3]),
    "weighted sum": (lambda w1, w2, x1, x2: ops.weighted_sum(w1, w2, x1, x2), [0.7, -1.3, 0.4, 1.1]),
    "weighted sum with bias": (lambda w1, x1, b: ops.weighted_sum(w1, x1, b), [0.7, -1.3, 0.4]),
    "composite": (lambda a, b: (a * b).tanh() + (a / b).exp() * b.sigmoid() - a.cos() ** 2, [0.7, -1.3]),
}


@pytest.mark.parametrize("name", BUILTIN_CASES)
def test_gradcheck_passes_on_builtin_op(name):
    f, point = BUILTIN_CASES[name]
    assert gradcheck(f, point) is True


@pytest.mark.parametrize("name", BUILTIN_CASES)
def test_gradgradcheck_passes_on_builtin_op(name):
    f, point = BUILTIN_CASES[name]
    assert gradgradcheck(f, point) is True


def test_the_cases_cover_every_builtin_op():
    builtin = {op for op in vars(ops).values() if isinstance(op, Op)}
    used = set()
    for f, point in BUILTIN_CASES.values():
        root = f(*[Value(x) for x in point])
        used.update(node.operation for node in topological_order(root) if node.operation in builtin)
    assert sorted(op.name for op in builtin - used) == []


# ---- a wrong first derivative -----------------------------------------------------------------

# x³ with the derivative 2x² instead of 3x²: at x = 1.5 the rule says 4.5, the truth is 6.75.
wrong_cube = Op("cube", forward=lambda x: x**3, derivatives=lambda x, out: (2 * x * x,))


def test_gradcheck_reports_a_wrong_derivative_with_the_numbers():
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x: wrong_cube(x), [1.5])
    message = str(caught.value)
    assert "input 0 'x'" in message
    assert re.search(r"analytic .*: 4\.5\b", message)
    assert re.search(r"numerical .*: 6\.75\b", message)
    assert "absolute error 2.25" in message
    assert "relative error 0.333" in message  # 2.25 / 6.75
    assert "tolerance" in message and "= 0.00676" in message  # 1e-5 + 1e-3 * 6.75
    (mismatch,) = caught.value.mismatches
    assert mismatch.inputs == (0,)
    assert mismatch.analytic == 4.5 and mismatch.numerical == pytest.approx(6.75)


def test_gradcheck_names_the_failing_input_by_index_and_label():
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda a, b: a + wrong_cube(b), [0.3, Value(1.5, label="width")])
    message = str(caught.value)
    assert "input 1 'width'" in message
    assert "input 0" not in message  # d/da is right, so it is not reported
    assert [m.inputs for m in caught.value.mismatches] == [(1,)]


def test_gradcheck_without_labels_names_the_index():
    with pytest.raises(GradcheckError, match=r"df/d\(input 0\)"):
        gradcheck(lambda *xs: wrong_cube(xs[0]), [1.5])


def test_raise_exception_false_returns_false_and_true():
    assert gradcheck(lambda x: wrong_cube(x), [1.5], raise_exception=False) is False
    assert gradcheck(lambda x: x**3, [1.5], raise_exception=False) is True


def test_a_looser_tolerance_accepts_what_a_tight_one_rejects():
    almost = Op("almost", forward=lambda x: 2.0 * x, derivatives=lambda x, out: (2.001,))
    assert gradcheck(lambda x: almost(x), [0.5], rtol=1e-2) is True
    assert gradcheck(lambda x: almost(x), [0.5], rtol=1e-4, raise_exception=False) is False


# ---- a wrong second derivative that gradcheck cannot see --------------------------------------

# Both rules have the right value, but they leave the graph (x.data, math.cos of a Value is a
# float): under create_graph=True the derivative is a constant, so its own derivative is 0.
detached_square = Op("square", forward=lambda x: x * x, derivatives=lambda x, out: (2 * getattr(x, "data", x),))
detached_sin = Op("mysin", forward=math.sin, derivatives=lambda x, out: (math.cos(x),))


@pytest.mark.parametrize(
    ("op", "truth"),
    [(detached_square, lambda x: 2.0), (detached_sin, lambda x: -math.sin(x))],
    ids=["data", "math.cos"],
)
def test_gradgradcheck_catches_what_gradcheck_misses(op, truth):
    x = 0.7
    assert gradcheck(lambda x: op(x), [x]) is True
    with pytest.raises(GradcheckError) as caught:
        gradgradcheck(lambda x: op(x), [x])
    message = str(caught.value)
    assert "d²f/d(input 0 'x') d(input 0 'x')" in message
    assert re.search(r"analytic .*: 0\n", message)
    (mismatch,) = caught.value.mismatches
    assert mismatch.numerical == pytest.approx(truth(x), rel=1e-4)
    (culprit,) = caught.value.blames
    assert culprit.node.operation is op and culprit.order == 2 and (culprit.index, culprit.wrt) == (0, 0)
    assert gradgradcheck(lambda x: op(x), [x], raise_exception=False) is False


# ---- blame: the op, not just the input --------------------------------------------------------


def test_blame_finds_the_one_wrong_node_deep_in_a_graph():
    x, y = Value(0.4, "x"), Value(-1.2, "y")
    inner = x.tanh() * y
    root = (wrong_cube(inner) + x.exp()).sigmoid()
    found = blame(root)
    assert len(found) == 1
    (culprit,) = found
    assert culprit.node.operation is wrong_cube and culprit.node.children == (inner,)
    assert culprit.index == 0 and culprit.operands == (inner.data,)
    assert culprit.analytic == pytest.approx(2 * inner.data**2)
    assert culprit.numerical == pytest.approx(3 * inner.data**2, rel=1e-6)
    assert "'cube'" in str(culprit) and "derivatives rule" in str(culprit)


def test_blame_names_the_operand_of_a_binary_op():
    # a / b with d/db written as +a/b² (the sign is wrong); d/da is right.
    bad_div = Op("bad_div", forward=lambda a, b: a / b, derivatives=lambda a, b, out: (1 / b, out / b))
    root = bad_div(Value(1.5), Value(0.5))
    (culprit,) = blame(root)
    assert culprit.index == 1
    assert culprit.analytic == pytest.approx(6.0) and culprit.numerical == pytest.approx(-6.0)


def test_blame_is_empty_for_correct_rules_and_at_kinks():
    x = Value(0.9)
    assert blame((x * x.sin()).log() + x.relu() - abs(x) ** 0.5) == []
    assert blame(Value(0.0).relu() + abs(Value(0.0))) == []  # not differentiable there: no fault of the rule


def test_gradcheck_error_carries_the_blame_and_the_graph():
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x, y: (wrong_cube(x.tanh() * y) + x).sigmoid(), [0.4, -1.2])
    error = caught.value
    assert "blame" in str(error) and "'cube'" in str(error)
    assert [b.node.op for b in error.blames] == ["cube"]
    assert error.blames[0].node in topological_order(error.root)


def test_a_graph_broken_in_f_itself_blames_no_op_and_says_so():
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x: x * x.data, [1.5])  # x.data is a constant to the backward pass
    assert caught.value.blames == []
    assert "look at f itself" in str(caught.value)


def test_blame_rejects_bad_usage():
    with pytest.raises(TypeError, match="blame: root must be a Value"):
        blame(1.0)
    with pytest.raises(ValueError, match="order"):
        blame(Value(1.0), order=3)


def test_blame_can_be_drawn_with_the_faulty_node_marked():
    viz = pytest.importorskip("autograd.viz")
    x = Value(0.4, "x")
    root = wrong_cube(x.tanh()) + x
    found = blame(root)
    marked = viz.draw_dot(root, highlight=[b.node for b in found])
    assert marked.source != viz.draw_dot(root).source


# ---- domains and undeclared kinks: a clear message, not a false failure -------------------------


@pytest.mark.parametrize(
    ("f", "point", "words"),
    [
        (lambda x: x.log(), [1e-7], ["log", "window", "move the point"]),
        (lambda x: x.sqrt(), [0.0], ["sqrt", "undefined", "move the point"]),
    ],
    ids=["log window", "sqrt at 0"],
)
def test_a_window_leaving_the_domain_gives_a_clear_domain_error(f, point, words):
    with pytest.raises(DomainError) as caught:
        gradcheck(f, point)
    for word in words:
        assert word in str(caught.value)
    with pytest.raises(DomainError):  # a bad point is not a failed check, even without exceptions
        gradcheck(f, point, raise_exception=False)


@pytest.mark.parametrize(
    ("f", "point", "words"),
    [
        (lambda x: x.relu(), [0.0], ["relu at input 0.0 is not differentiable", "subgradients=True"]),
        (lambda x: 3.0 * x.relu(), [3e-7], ["relu", "not differentiable", "move the point"]),
        (lambda x: abs(x - 1e-7), [0.0], ["abs", "not differentiable", "move the point"]),
        (lambda x: abs(x), [0.0], ["abs at input 0.0 is not differentiable"]),
    ],
    ids=["relu at 0", "relu near 0", "abs near 0", "abs at 0"],
)
def test_subgradients_false_refuses_every_kink_in_the_window(f, point, words):
    assert gradcheck(f, point) is True  # the default checks the subgradient there
    with pytest.raises(DomainError) as caught:
        gradcheck(f, point, subgradients=False)
    for word in words:
        assert word in str(caught.value)
    with pytest.raises(DomainError):
        gradcheck(f, point, subgradients=False, raise_exception=False)


def test_gradgradcheck_at_a_kink_checks_the_subgradient_or_refuses():
    assert gradgradcheck(lambda x: x.relu() * x, [0.0]) is True  # d²/dx² of x·relu(x) jumps from 0 to 2 at 0
    with pytest.raises(DomainError, match=r"relu at input 0\.0 is not differentiable"):
        gradgradcheck(lambda x: x.relu() * x, [0.0], subgradients=False)


@pytest.mark.parametrize("f", [lambda x: x.relu(), lambda x: abs(x) * 2.0], ids=["relu", "abs"])
def test_gradgradcheck_refuses_where_the_first_derivative_jumps(f):
    # relu' and abs' jump at 0: there is no second derivative, not even a one-sided one
    with pytest.raises(
        DomainError, match=r"df/d\(input 0 'x'\) jumps from .* at the kink 0\.0 of .*no second derivative"
    ):
        gradgradcheck(f, [0.0])
    assert blame(f(Value(0.0)), order=2) == []


def test_relu_and_abs_at_zero_follow_the_same_kink_rule():
    # issue 15: abs at 0 passed (its central difference is 0 by symmetry) while relu at 0 raised
    for f in (lambda x: x.relu(), lambda x: abs(x)):
        assert gradcheck(f, [0.0]) is True
        with pytest.raises(DomainError, match="not differentiable"):
            gradcheck(f, [0.0], subgradients=False)


def test_an_undeclared_kink_is_explained_and_says_how_to_declare_it():
    # relu written by hand without kinks=: its rule 2 at 0 is wrong, but a central difference cannot tell
    mine = Op("myrelu", forward=lambda x: max(x, 0.0), derivatives=lambda x, out: (2.0 if x >= 0 else 0.0,))
    with pytest.raises(DomainError, match=r"myrelu at input 0\.0 is not differentiable.*kinks="):
        gradcheck(lambda x: mine(x), [0.0])


# ---- subgradients at kinks ---------------------------------------------------------------------


def _relu_with_slope_at_zero(slope: float) -> Op:
    """relu whose derivative rule gives ``slope`` at 0 (right for 0 <= slope <= 1)."""
    return Op(
        f"relu{slope:g}",
        forward=lambda x: x if x > 0 else 0.0,
        derivatives=lambda x, out: (1.0 if x > 0 else (slope if x == 0 else 0.0),),
        kinks=(0.0,),
    )


@pytest.mark.parametrize("slope", [0.0, 1.0, 0.5, 0.25])
def test_any_subgradient_of_relu_at_its_kink_passes(slope):
    op = _relu_with_slope_at_zero(slope)
    assert gradcheck(lambda x: op(x), [0.0]) is True
    assert gradcheck(lambda x, y: op(x) * y + y, [0.0, 1.5]) is True
    assert blame(op(Value(0.0))) == []


@pytest.mark.parametrize("slope", [2.0, -0.5, 1.1])
def test_a_rule_outside_the_subgradient_interval_fails_with_blame(slope):
    op = _relu_with_slope_at_zero(slope)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x: 3.0 * op(x), [0.0])
    error = caught.value
    (mismatch,) = error.mismatches
    assert mismatch.kind == "subgradient" and mismatch.analytic == 3.0 * slope
    assert mismatch.interval == pytest.approx((0.0, 3.0))  # f = 3·relu: one-sided slopes 0 and 3
    message = str(error)
    assert "a kink lies inside the finite-difference window" in message
    assert "left 0, right 3; a subgradient lies in [0, 3]" in message
    (culprit,) = error.blames
    assert culprit.node.operation is op and culprit.kind == "subgradient"
    assert culprit.interval == pytest.approx((0.0, 1.0))
    assert f"= {slope:.10g} by its derivatives rule at a kink" in message
    assert "one-sided slopes of its forward, [0, 1]" in message


def test_abs_at_zero_checks_its_subgradient_interval():
    assert gradcheck(lambda x: abs(x) * 2.0, [0.0]) is True  # sign(0) = 0 lies in [-2, 2]
    lopsided = Op(
        "myabs", forward=abs, derivatives=lambda x, out: (1.5 if x == 0 else math.copysign(1.0, x),), kinks=(0.0,)
    )
    with pytest.raises(GradcheckError, match=r"left -1, right 1; a subgradient lies in \[-1, 1\]"):
        gradcheck(lambda x: lopsided(x), [0.0])


def test_a_kink_near_the_point_is_checked_with_one_sided_differences():
    # the operand 3e-7 is not at the kink, but the window ±1e-6 crosses it: relu' = 1 is inside [0.3, 1]
    assert gradcheck(lambda x: 3.0 * x.relu(), [3e-7]) is True
    wrong = _relu_with_slope_at_zero(0.0)
    slope_zero_everywhere = Op("flat", forward=wrong.forward, derivatives=lambda x, out: (0.0,), kinks=(0.0,))
    with pytest.raises(GradcheckError, match="subgradient"):
        gradcheck(lambda x: slope_zero_everywhere(x), [3e-7])


def test_the_chain_rule_at_kinks_is_not_blamed_on_an_op():
    # relu(x) - relu(-x) is x (slope 1), but the rules give 0 + 0 at 0: no op is wrong, the composition is
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x: x.relu() - (-x).relu(), [0.0])
    assert caught.value.blames == []
    assert "the chain rule does not compose subgradients" in str(caught.value)


def test_a_point_outside_the_domain_is_a_domain_error():
    with pytest.raises(DomainError, match="log needs a positive number"):
        gradcheck(lambda x: x.log(), [-1.0])
    with pytest.raises(DomainError, match="not finite"):
        gradcheck(lambda x: Value(math.inf) * x, [1.0])


# ---- bad usage --------------------------------------------------------------------------------


@pytest.mark.parametrize("check", [gradcheck, gradgradcheck])
def test_bad_usage_gets_a_clear_error(check):
    name = check.__name__
    with pytest.raises(TypeError, match=f"{name}: f must return a scalar"):
        check(lambda x: [x, x], [1.0])
    with pytest.raises(ValueError, match=f"{name}: inputs is empty"):
        check(lambda: Value(1.0), [])
    with pytest.raises(TypeError, match=f"{name}: input 1 must be a number or a Value, got str"):
        check(lambda x, y: x * y, [1.0, "2"])
    with pytest.raises(TypeError, match=r"inputs must be a list or tuple.*write \[1.0\]"):
        check(lambda x: x, 1.0)
    with pytest.raises(ValueError, match=f"{name}: input 0 is nan"):
        check(lambda x: x, [math.nan])
    with pytest.raises(ValueError, match=f"{name}: eps must be a finite positive number"):
        check(lambda x: x, [1.0], eps=0.0)
    with pytest.raises(ValueError, match=f"{name}: rtol must be a finite non-negative number"):
        check(lambda x: x, [1.0], rtol=-1.0)
    with pytest.raises(TypeError, match=f"{name}: f must be a function"):
        check("x ** 2", [1.0])
    with no_grad(), pytest.raises(RuntimeError, match="no_grad"):
        check(lambda x: x, [1.0])


def test_a_constant_function_has_zero_derivatives():
    assert gradcheck(lambda x: 2.0, [1.0]) is True
    assert gradgradcheck(lambda x, y: x * 0.0 + 1.0, [1.0, 2.0]) is True


def test_gradcheck_leaves_the_given_values_untouched():
    x = Value(0.5, "x")
    x.grad = 7.0
    gradcheck(lambda x: x.tanh(), [x])
    assert (x.data, x.grad, x.label, x.children) == (0.5, 7.0, "x", ())


# ---- a user-defined op works everywhere ---------------------------------------------------------

softplus = Op("softplus", forward=lambda x: math.log1p(math.exp(x)), derivatives=lambda x, out: (ops.sigmoid(x),))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def test_custom_op_in_backward():
    x = Value(0.3)
    y = softplus(x * 2.0)
    y.backward()
    assert y.op == "softplus" and y.data == pytest.approx(math.log(1 + math.exp(0.6)))
    assert x.grad == pytest.approx(2.0 * _sigmoid(0.6))


def test_custom_op_in_create_graph_higher_order():
    x = Value(0.3)
    softplus(x).backward(create_graph=True)
    first = x.grad
    assert isinstance(first, Value) and first.data == pytest.approx(_sigmoid(0.3))
    (second,) = gradients(first, [x], create_graph=True)
    assert second.data == pytest.approx(_sigmoid(0.3) * (1 - _sigmoid(0.3)))
    (third,) = gradients(second, [x])
    s = _sigmoid(0.3)
    assert third == pytest.approx(s * (1 - s) * (1 - 2 * s))


def test_custom_op_in_no_grad():
    x = Value(0.3)
    with no_grad():
        y = softplus(x)
    assert y.children == () and y.op == "" and y.data == pytest.approx(math.log(1 + math.exp(0.3)))
    assert softplus(0.3) == pytest.approx(math.log(1 + math.exp(0.3)))  # plain numbers in, a number out


def test_custom_op_in_gradcheck_and_gradgradcheck():
    assert gradcheck(lambda x, y: softplus(x * y) / y, [0.3, -1.1]) is True
    assert gradgradcheck(lambda x, y: softplus(x * y) / y, [0.3, -1.1]) is True


def test_the_checks_are_exported():
    for name in ("gradcheck", "gradgradcheck", "GradcheckError", "blame", "Blame"):
        assert name in autograd.__all__ and hasattr(autograd, name)


def test_a_user_op_s_domain_explains_a_window_that_leaves_it():
    # Below 0 its forward quietly returns sqrt(0); only its domain says it is not defined there.
    clamped_sqrt = Op(
        "clamped_sqrt",
        forward=lambda x: math.sqrt(max(x, 0.0)),
        derivatives=lambda x, out: (0.5 / out,),
        domain=lambda x: x > 0,
    )
    with pytest.raises(DomainError, match=r"clamped_sqrt is undefined within \[-6e-07, 1\.4e-06\]"):
        gradcheck(lambda x: clamped_sqrt(x), [4e-7])


# ---- large inputs: the step scales with |x| ------------------------------------------------------


@pytest.mark.parametrize("check", [gradcheck, gradgradcheck])
@pytest.mark.parametrize("x", [1e12, 1e10, -3e15, 1e-3])
def test_large_inputs_are_checked_with_a_step_that_survives_rounding(check, x):
    # issue 15: at 1e12, x ± 1e-6 rounded to x (ZeroDivisionError); near 1e10 a correct x*x was blamed
    assert check(lambda x: x * x, [x]) is True
    assert check(lambda x, y: x * y + y, [x, 2.0]) is True


@pytest.mark.parametrize("check", [gradcheck, gradgradcheck])
def test_an_eps_too_small_for_the_input_is_a_clear_value_error(check):
    name = check.__name__
    with pytest.raises(
        ValueError, match=rf"{name}: eps=1e-300 is too small for input 0 'x' = 1\.0: .*use eps >= 2e-13"
    ):
        check(lambda x: x * x, [1.0], eps=1e-300)
    with pytest.raises(ValueError, match=r"eps=1e-17 is too small for input 1 'y' = 1e\+20"):
        check(lambda x, y: x * y, [0.0, 1e20], eps=1e-17)


# ---- a rule that raises is reported, not skipped ---------------------------------------------------

# x³ whose derivative rule always divides by zero (a typo: 3 * x * x / 0)
raising_cube = Op("cube", forward=lambda x: x**3, derivatives=lambda x, out: (3 * x * x / 0,))


def test_blame_reports_a_rule_that_always_raises():
    root = raising_cube(Value(1.5)) + 1.0
    (culprit,) = blame(root)
    assert culprit.kind == "raises" and culprit.node.operation is raising_cube
    assert culprit.error.startswith("ZeroDivisionError") and math.isnan(culprit.analytic)
    assert culprit.numerical == pytest.approx(6.75)
    assert "its derivatives rule raises ZeroDivisionError" in str(culprit)


def test_gradcheck_blames_a_rule_that_raises_instead_of_asking_to_move_the_point():
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x: raising_cube(x) * 2.0, [1.5])
    assert "the backward pass failed" in str(caught.value)
    assert [b.kind for b in caught.value.blames] == ["raises"]
    assert gradcheck(lambda x: raising_cube(x), [1.5], raise_exception=False) is False


def test_a_rule_undefined_at_the_edge_of_its_domain_is_not_blamed():
    assert blame(Value(0.0).sqrt()) == []  # 0.5 / sqrt(0) raises, and sqrt's domain is x > 0
    base = Value(-2.0)
    assert blame(base ** Value(2.0)) == []  # d/d exponent needs log(-2): a DomainError on purpose


# ---- fast mode: one random direction first ------------------------------------------------------

N = 50


def _sum_of_products(op: Op):
    """f(x0..x49) = Σ x_i·x_{i+1} + op(x37): the op touches one input of fifty."""

    def f(*xs):
        total = xs[0] * xs[1]
        for a, b in itertools.pairwise(xs[1:]):
            total = total + a * b
        return total + op(xs[37])

    return f


POINT = [0.1 + 0.03 * i for i in range(N)]


class _Counted:
    """f, counting its calls."""

    def __init__(self, f):
        self.f, self.calls = f, 0

    def __call__(self, *xs):
        self.calls += 1
        return self.f(*xs)


def test_fast_mode_passes_with_three_evaluations_where_the_full_check_needs_a_hundred_and_one():
    fast, full = _Counted(_sum_of_products(ops.tanh)), _Counted(_sum_of_products(ops.tanh))
    assert gradcheck(fast, POINT, fast_mode=True) is True
    assert gradcheck(full, POINT) is True
    assert (fast.calls, full.calls) == (3, 1 + 2 * N)


def test_fast_mode_finds_a_wrong_derivative_of_one_input_in_fifty_and_the_fallback_names_it():
    f = _Counted(_sum_of_products(wrong_cube))
    with pytest.raises(GradcheckError) as caught:
        gradcheck(f, POINT, fast_mode=True, seed=7)
    error = caught.value
    message = str(error)
    assert message.startswith("fast_mode (seed 7): along a random direction the backward pass gives")
    assert error.seed == 7
    assert [m.inputs for m in error.mismatches] == [(37,)]  # the full check ran: it names the input
    assert "df/d(input 37)" in message
    assert [b.node.op for b in error.blames] == ["cube"]
    assert f.calls > 2 * N  # it fell back to the full check


def test_fast_mode_directions_are_seeded():
    errors = []
    for seed in (3, 3, 4):
        with pytest.raises(GradcheckError) as caught:
            gradcheck(_sum_of_products(wrong_cube), POINT, fast_mode=True, seed=seed)
        errors.append(str(caught.value).splitlines()[0])
    assert errors[0] == errors[1] != errors[2]


def test_gradgradcheck_fast_mode_finds_a_wrong_second_derivative_and_falls_back():
    f = _Counted(lambda *xs: sum((x * x for x in xs[1:]), xs[0] * xs[0]) + detached_square(xs[4]))
    point = [0.2 * i - 0.7 for i in range(10)]
    with pytest.raises(GradcheckError) as caught:
        gradgradcheck(f, point, fast_mode=True)
    assert str(caught.value).startswith("fast_mode (seed 0): along random directions u, v")
    assert [m.inputs for m in caught.value.mismatches] == [(4, 4)]
    good = _Counted(lambda *xs: sum((x * x.tanh() for x in xs[1:]), xs[0]))
    assert gradgradcheck(good, point, fast_mode=True) is True
    assert good.calls == 3


def test_fast_mode_at_a_kink_falls_back_to_the_full_check():
    assert gradcheck(lambda x, y: x.relu() + y, [0.0, 1.0], fast_mode=True) is True
    op = _relu_with_slope_at_zero(2.0)
    with pytest.raises(GradcheckError, match=r"crosses a kink; the full check:\n.*one-sided"):
        gradcheck(lambda x, y: op(x) + y, [0.0, 1.0], fast_mode=True)


@pytest.mark.parametrize("check", [gradcheck, gradgradcheck])
def test_the_new_options_are_checked(check):
    name = check.__name__
    with pytest.raises(TypeError, match=f"{name}: fast_mode must be True or False, got str 'yes'"):
        check(lambda x: x, [1.0], fast_mode="yes")
    with pytest.raises(TypeError, match=f"{name}: subgradients must be True or False"):
        check(lambda x: x, [1.0], subgradients=None)
    with pytest.raises(TypeError, match=f"{name}: seed must be an int"):
        check(lambda x: x, [1.0], seed=1.5)
    with pytest.raises(TypeError, match=f"{name}: eps must be a real number"):
        check(lambda x: x, [1.0], eps="small")
