"""Hypothesis strategies for property tests of gradients: safe floats, Values and random expressions.

Import it where you test (it needs ``hypothesis``; ``import autograd`` alone does not load it)::

    from hypothesis import given, note
    from autograd import gradcheck
    from autograd.strategies import expressions

    @given(expressions(variables=("x", "y")))
    def test_gradients_match_finite_differences(expr):
        note(expr.source())
        assert gradcheck(expr, expr.point)

An ``Expression`` is a small program: each step applies one op to earlier terms (the
variables, earlier steps, or constants), so steps are shared and the graph is a DAG,
not just a tree. It is generated together with the point ``expr.point`` it was checked
at: there every operand lies inside its op's domain with a margin of ``MARGIN`` on each
side (no log of a number near 0, no division by a number near 0, no relu at its kink), every
term stays within ``±VALUE_BOUND`` and every slope d term/d variable within ``±SLOPE_BOUND``,
so finite differences near the point are well conditioned. Generation uses hypothesis's
own draws only (no ``random``), so examples reproduce from a seed and shrink to short programs.

``op_expressions(op)`` generates expressions that all contain one op, in every position its rules
can go wrong in (``autograd.check.check_op`` runs every check on them). What the strategies know
of an op comes from the ``Op`` itself: ``arity``, ``domain``, ``kinks`` and ``exponent``.
"""

from __future__ import annotations

import functools
import inspect
import keyword
import math
import numbers
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from hypothesis import assume
from hypothesis import strategies as st

from autograd import ops
from autograd.op import Op
from autograd.value import Value

MARGIN = 0.1  # how far each operand stays from the edge of its op's domain (or its kink)
VALUE_BOUND = 10.0  # |every term| at the point
SLOPE_BOUND = 10.0  # |d term / d variable| at the point, for every term and variable
CONSTANTS = (2.0, 0.5, -1.5, 3.0)  # the constants an expression may use

DEFAULT_OPS: tuple[Op, ...] = (
    ops.add,
    ops.sub,
    ops.mul,
    ops.div,
    ops.neg,
    ops.abs,
    ops.power(2.0),
    ops.power(3.0),
    ops.power(-1.0),
    ops.power(0.5),
    ops.pow_,
    ops.exp,
    ops.log,
    ops.sqrt,
    ops.tanh,
    ops.sigmoid,
    ops.sin,
    ops.cos,
    ops.relu,
)


def floats(min_value: float = -2.0, max_value: float = 2.0) -> st.SearchStrategy[float]:
    """Finite floats in [min_value, max_value]: no NaN, no infinity, no subnormals."""
    _check_range("floats", min_value, max_value)
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def values(min_value: float = -2.0, max_value: float = 2.0, label: str = "") -> st.SearchStrategy[Value]:
    """Leaf Values whose data are ``floats(min_value, max_value)``."""
    return st.builds(Value, floats(min_value, max_value), st.just(label))


def _check_range(where: str, min_value: float, max_value: float) -> None:
    for name, bound in (("min_value", min_value), ("max_value", max_value)):
        if isinstance(bound, bool) or not isinstance(bound, (int, float)) or not math.isfinite(bound):
            raise ValueError(f"{where}: {name} must be a finite number, got {bound!r}")
    if min_value >= max_value:
        raise ValueError(f"{where}: min_value must be below max_value, got {min_value!r} and {max_value!r}")


# ---- the expression -------------------------------------------------------------------------


class Step(NamedTuple):
    """One line of an expression: ``op`` applied to ``args``.

    Each arg is an int — the index of an earlier term (the variables come first, then the
    steps in order) — or a float constant.
    """

    op: Op
    args: tuple[int | float, ...]


def _constant_source(c: float) -> str:
    return f"({c!r})" if c < 0 else repr(c)


def _exponent(op: Op) -> float | None:
    """n for an op of ``x ** n`` (printed as ``x ** n``, which rebuilds the same op), else None.

    Compared by name, not identity: ``ops.power`` keeps a bounded cache, so after many other
    exponents ``ops.power(n)`` may be a fresh (equal) Op.
    """
    n = op.exponent
    return n if n is not None and op.arity == 1 and op.name == ops.power(n).name else None


_INFIX = {ops.add: "+", ops.sub: "-", ops.mul: "*", ops.div: "/"}
_METHODS = {ops.exp, ops.log, ops.sqrt, ops.tanh, ops.sigmoid, ops.sin, ops.cos, ops.relu}


class Expression:
    """A generated expression: a program of ``steps`` over ``variables``, valid near ``point``.

    ``expr(*inputs)`` rebuilds it on new inputs (Values give a fresh graph, floats a float),
    ``expr.source()`` is the same program as Python source, ``repr(expr)`` one line of it.
    The last step is the result.
    """

    __slots__ = ("variables", "point", "steps")

    def __init__(self, variables: Sequence[str], point: Sequence[float], steps: Sequence[Step]) -> None:
        self.variables = tuple(variables)
        self.point = tuple(point)
        self.steps = tuple(steps)

    @property
    def __signature__(self) -> inspect.Signature:
        """Parameters named after the variables, so ``gradcheck`` labels the inputs x, y, ..."""
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        return inspect.Signature([inspect.Parameter(name, kind) for name in self.variables])

    def __call__(self, *inputs: Value | float) -> Value | float:
        return self.build(*inputs)

    def build(self, *inputs: Any, apply: Callable[[Op, list], Any] | None = None) -> Any:
        """Run the program on ``inputs`` (one per variable) and return the last term.

        By default each step calls its op: Values in, a fresh graph out. ``apply(op, args)``
        interprets the steps another way (e.g. as sympy expressions); constants arrive as floats.
        """
        if len(inputs) != len(self.variables):
            raise TypeError(
                f"Expression: expected {len(self.variables)} input(s) ({', '.join(self.variables)}), got {len(inputs)}"
            )
        terms = list(inputs)
        for step in self.steps:
            args = [terms[a] if isinstance(a, int) else a for a in step.args]
            terms.append(step.op(*args) if apply is None else apply(step.op, args))
        return terms[-1]

    def _names(self) -> dict[Op, str]:
        """The name each user-defined op has in the source: its own name when that is an identifier."""
        taken = set(self.variables) | {"f", "ops"}
        names: dict[Op, str] = {}
        for step in self.steps:
            op = step.op
            if op in names or op in _INFIX or op in _METHODS or op in (ops.neg, ops.abs, ops.pow_):
                continue
            if _exponent(op) is not None:
                continue
            name = op.name if op.name.isidentifier() and not keyword.iskeyword(op.name) else ""
            if not name or name in taken:
                name = f"op{len(names)}"
            taken.add(name)
            names[op] = name
        return names

    def _lines(self) -> list[str]:
        """Each step as one assignment ``t1 = ...``, the last one included."""
        names = self._names()
        terms = list(self.variables)
        lines = []
        for number, step in enumerate(self.steps, start=1):
            a = [terms[x] if isinstance(x, int) else _constant_source(x) for x in step.args]
            op = step.op
            if op in _INFIX:
                text = f"{a[0]} {_INFIX[op]} {a[1]}"
            elif op in _METHODS:
                text = f"{a[0]}.{op.name}()"
            elif op is ops.neg:
                text = f"-{a[0]}"
            elif op is ops.abs:
                text = f"abs({a[0]})"
            elif op is ops.pow_:  # a constant exponent would turn `**` into ops.power(n): name the op
                text = f"{a[0]} ** {a[1]}" if isinstance(step.args[1], int) else f"ops.pow_({a[0]}, {a[1]})"
            elif _exponent(op) is not None:
                text = f"{a[0]} ** {_constant_source(_exponent(op))}"
            else:
                text = f"{names[op]}({', '.join(a)})"
            terms.append(f"t{number}")
            lines.append(f"t{number} = {text}")
        return lines

    def source(self) -> str:
        """The expression as a Python function ``f`` (needs ``from autograd import ops`` and the user ops)."""
        at = ", ".join(f"{v}={x!r}" for v, x in zip(self.variables, self.point))
        header = [f"def f({', '.join(self.variables)}):  # generated at {at}"]
        header += [f"    # {name}: the Op {op.name!r} passed in ops=" for op, name in self._names().items()]
        body = [f"    {line}" for line in self._lines()]
        return "\n".join([*header, *body, f"    return t{len(self.steps)}"])

    def __repr__(self) -> str:
        at = ", ".join(f"{v}={x!r}" for v, x in zip(self.variables, self.point))
        return f"Expression(({', '.join(self.variables)}) -> {'; '.join(self._lines())}; at {at})"


# ---- generating expressions -------------------------------------------------------------------


def _arity(op: Op) -> int:
    """How many operands ``op`` takes (``op.arity``); TypeError for an op that takes any number."""
    if op.arity is None:
        raise TypeError(
            f"expressions: {op!r} takes any number of operands (its arity is None); "
            "expressions() needs ops with a fixed arity (check_op tests variadic ops)"
        )
    return op.arity


def _allowed(op: Op, args: Sequence[float]) -> bool:
    """Whether ``op`` and its derivatives are defined at ``args``: inside its domain, finite, no error.

    A derivative that is not a number at all (a broken rule returning None) does not count
    against the point: the checks that run on the expression are there to report it.
    """
    try:
        if op.domain is not None and not op.domain(*args):
            return False
        out = op.forward(*args)
        return math.isfinite(out) and all(math.isfinite(d) for d in _numbers(op.derivatives(*args, out)))
    except (ArithmeticError, ValueError):  # DomainError is a ValueError
        return False


def _numbers(derivatives: Iterable[object]) -> list[float]:
    """The derivatives that are real numbers, as floats; 0.0 for anything else (a broken rule's None)."""
    return [float(d) if isinstance(d, numbers.Real) else 0.0 for d in derivatives]


def _window(x: float) -> list[float]:
    """Where an operand at x is checked: both ends of x ± MARGIN and every multiple of 0.5 between.

    Interval domains (x > 0) fail at an end; point exclusions (x != 0, the kink of relu) fail at
    the multiple of 0.5 they sit on.
    """
    low, high = x - MARGIN, x + MARGIN
    grid = [k / 2 for k in range(math.ceil(low * 2), math.floor(high * 2) + 1)]
    return [low, *grid, high]


def _inside(op: Op, args: Sequence[float], moving: Sequence[int]) -> bool:
    """``op`` is allowed at ``args``, each moving operand MARGIN from the op's kinks and anywhere in its window."""
    if not _allowed(op, args):
        return False
    if any(abs(args[k] - kink) < MARGIN for k in moving for kink in op.kinks):
        return False
    if op.domain is None:
        return True  # defined everywhere: no edge to keep away from
    for k in moving:
        for x in _window(args[k]):
            shifted = list(args)
            shifted[k] = x
            if not _allowed(op, shifted):
                return False
    return True


class _Term(NamedTuple):
    value: float
    slopes: tuple[float, ...]  # d term / d variable, for each variable
    depth: int


def _apply(op: Op, args: Sequence[int | float], terms: list[_Term]) -> _Term | None:
    """The new term for ``op(args)`` at the point, or None when it is outside the safe region."""
    values = [terms[a].value if isinstance(a, int) else a for a in args]
    moving = [k for k, a in enumerate(args) if isinstance(a, int)]
    if not _inside(op, values, moving):
        return None
    value = float(op.forward(*values))  # both defined here: _inside has just computed them
    local = _numbers(op.derivatives(*values, value))
    slopes = tuple(math.fsum(local[k] * terms[args[k]].slopes[v] for k in moving) for v in range(len(terms[0].slopes)))
    if not abs(value) <= VALUE_BOUND or not all(abs(s) <= SLOPE_BOUND for s in slopes):
        return None  # also rejects NaN and infinity
    return _Term(value, slopes, 1 + max(terms[args[k]].depth for k in moving))


def _prune(n_variables: int, steps: list[Step]) -> list[Step]:
    """Only the steps the last one depends on, renumbered."""
    needed = {n_variables + len(steps) - 1}
    for position in range(n_variables + len(steps) - 1, n_variables - 1, -1):
        if position in needed:
            needed.update(a for a in steps[position - n_variables].args if isinstance(a, int))
    renumber = {i: i for i in range(n_variables)}
    kept = []
    for position, step in enumerate(steps, start=n_variables):
        if position in needed:
            renumber[position] = n_variables + len(kept)
            kept.append(Step(step.op, tuple(renumber[a] if isinstance(a, int) else a for a in step.args)))
    return kept


# A step is drawn as a few small integers, its "genes", and then read deterministically
# (``_read_step``). Hypothesis shrinks a list of such tuples very well: it deletes whole steps
# and lowers genes towards 0, which always means the simplest choice.
MAX_ARITY = 2  # four genes per step shrink well; more genes per step shrink noticeably worse
_SHAPE = st.integers(0, 95)  # fork (4 ways) × constant or not (3) × its position (2) × its value (4)
_OPERAND = st.integers(0, 255)  # which pool (4 ways) × which term in it


@functools.cache
def _step_genes(n_ops: int) -> st.SearchStrategy[tuple[int, ...]]:
    return st.tuples(st.integers(0, n_ops - 1), _SHAPE, *[_OPERAND] * MAX_ARITY)


def _choose(choices: Sequence[Any], gene: int) -> Any:
    return choices[gene % len(choices)]


def _read_step(
    genes: tuple[int, ...],
    ops_arity: tuple[tuple[Op, int], ...],
    terms: list[_Term],
    used: list[bool],
    n: int,
    max_depth: int,
    constants: bool,
) -> tuple[Step, _Term] | None:
    """The step that ``genes`` describe, with its new term, or None if they describe no valid step.

    The first operand usually continues a branch (a step nothing uses yet); now and then
    (or when there is none) it starts a new branch from any term. A later operand is most
    often a step already used (a shared subexpression), else any term or another branch's
    end (joining the branches). A binary op may take a constant for one operand.
    """
    op_gene, shape, *operand_genes = genes
    op, arity = _choose(ops_arity, op_gene)
    shallow = [i for i, term in enumerate(terms) if term.depth < max_depth]
    heads = [i for i in range(n, len(terms)) if not used[i]]
    shared = [i for i in shallow if i >= n and used[i]]
    fork = shape % 4 == 3 or not heads
    first = shallow if fork else [i for i in heads if terms[i].depth < max_depth]
    with_constant = constants and arity >= 2 and (shape // 4) % 3 == 2
    constant_at = (shape // 12) % arity if with_constant else None
    args: list[int | float] = []
    for k, gene in zip(range(arity), operand_genes):
        if k == constant_at:
            args.append(_choose(CONSTANTS, shape // 24))  # shape < 96: one of the 4 constants
            continue
        if not any(isinstance(a, int) for a in args):
            pool = first
        else:
            joinable = [i for i in heads if i not in args and terms[i].depth < max_depth]
            pool = _choose((shared or shallow, shallow, shared or shallow, joinable or shallow), gene)
        if not pool:
            return None  # the branch is as deep as allowed
        args.append(_choose(pool, gene // 4))
    term = _apply(op, args, terms)
    if term is None:  # out of the domain or too steep: choose the last operand among the valid ones
        refs = [k for k, a in enumerate(args) if isinstance(a, int)]
        last = refs[-1]
        pool = first if len(refs) == 1 else shallow  # still continue the branch, never fork it
        valid = [i for i in pool if _apply(op, [*args[:last], i, *args[last + 1 :]], terms)]
        if not valid:
            return None
        args[last] = _choose(valid, operand_genes[last] // 4)
        term = _apply(op, args, terms)
    return Step(op, tuple(args)), term


@st.composite
def _expressions(
    draw: st.DrawFn,
    variables: tuple[str, ...],
    ops_arity: tuple[tuple[Op, int], ...],
    max_depth: int,
    max_steps: int,
    point: st.SearchStrategy[float],
    constants: bool,
) -> Expression:
    at = tuple(draw(point) for _ in variables)
    n = len(variables)
    terms = [_Term(x, tuple(float(i == v) for v in range(n)), 0) for i, x in enumerate(at)]
    used = [False] * n  # whether a later step uses the term
    steps: list[Step] = []
    # The genes of a step: its op (an index, so it shrinks straight to the op), its shape, one per operand.
    step_genes = _step_genes(len(ops_arity))
    for genes in draw(st.lists(step_genes, min_size=1, max_size=max_steps)):
        read = _read_step(genes, ops_arity, terms, used, n, max_depth, constants)
        if read is not None:
            step, term = read
            steps.append(step)
            terms.append(term)
            used.append(False)
            for a in step.args:
                if isinstance(a, int):
                    used[a] = True
    if not steps:
        assume(False)  # the genes described no valid step: try others
    return Expression(variables, at, _prune(n, steps))


def expressions(
    variables: Sequence[str] = ("x", "y"),
    ops: Iterable[Op] | None = None,
    max_depth: int = 4,
    *,
    min_value: float = -2.0,
    max_value: float = 2.0,
    max_steps: int | None = None,
    constants: bool = True,
) -> st.SearchStrategy[Expression]:
    """Random expressions over ``variables`` built from ``ops``, as ``Expression`` objects.

    ``ops`` defaults to every built-in op (``DEFAULT_OPS``). User-defined Ops with one or two
    operands are welcome, and their ``domain`` is respected with a margin: it is checked at
    each operand, at both ends of operand ± MARGIN and at the multiples of 0.5 in between, so
    ``lambda x: x > 0`` and ``lambda x: x != 0`` (a kink at 0) both keep the operand MARGIN
    away from 0, while an exclusion elsewhere (``x != 0.3``) is only avoided exactly.

    Each step may reuse any earlier term, so subexpressions are shared. ``max_depth`` bounds
    the longest chain of steps, ``max_steps`` (default 2 * max_depth) the number of steps
    drawn before unused ones are pruned. The point's coordinates are
    ``floats(min_value, max_value)``; constants come from ``CONSTANTS``.
    """
    variables = tuple(variables)
    names = all(isinstance(v, str) and v.isidentifier() and not keyword.iskeyword(v) for v in variables)
    if not variables or not names:
        raise ValueError(f"expressions: variables must be a non-empty list of Python names, got {variables!r}")
    if len(set(variables)) != len(variables) or any(v in ("f", "ops") or re.fullmatch(r"t\d+", v) for v in variables):
        raise ValueError(f"expressions: variables must be distinct and not f, ops, t1, t2, ..., got {variables!r}")
    chosen = DEFAULT_OPS if ops is None else tuple(ops)
    if not chosen or not all(isinstance(op, Op) for op in chosen):
        raise TypeError(f"expressions: ops must be a non-empty list of autograd.Op, got {chosen!r}")
    if isinstance(max_depth, bool) or not isinstance(max_depth, int) or max_depth < 1:
        raise ValueError(f"expressions: max_depth must be a positive int, got {max_depth!r}")
    max_steps = 2 * max_depth if max_steps is None else max_steps
    if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 1:
        raise ValueError(f"expressions: max_steps must be a positive int, got {max_steps!r}")
    ops_arity = tuple((op, _arity(op)) for op in chosen)
    for op, arity in ops_arity:
        if arity > MAX_ARITY:
            raise ValueError(f"expressions: {op!r} takes {arity} operands; at most {MAX_ARITY} are supported")
    return _expressions(variables, ops_arity, max_depth, max_steps, floats(min_value, max_value), constants)


# ---- expressions that contain one op -------------------------------------------------------------

SHAPES = ("alone", "operand repeated", "result reused", "nested", "computed operand", "constant operand")
_INNER = (ops.tanh, ops.sin, ops.exp, ops.sigmoid)  # smooth everywhere: what feeds or reads the op under test
_NAMES = ("x", "y", "z", "u", "v", "w")


def _shape_steps(shape: str, op: Op, arity: int, position: int, inner: Op, constant: float) -> list[Step] | None:
    """The steps of one shape around ``op`` over variables 0..arity-1 (None when it needs two operands)."""
    variables = tuple(range(arity))

    def replaced(by: int | float) -> tuple[int | float, ...]:
        return (*variables[:position], by, *variables[position + 1 :])

    if shape == "alone":
        return [Step(op, variables)]
    if shape == "operand repeated":  # the same input in every operand: op(x, x)
        return [Step(op, (0,) * arity)] if arity >= 2 else None
    if shape == "result reused":  # fan-out: the op's result feeds two later steps
        return [Step(op, variables), Step(inner, (arity,)), Step(ops.mul, (arity + 1, arity))]
    if shape == "nested":  # op(.., op(..), ..), the inner one in operand ``position``
        return [Step(op, variables), Step(op, replaced(arity))]
    if shape == "computed operand":  # a non-leaf term in operand ``position``
        return [Step(inner, (position,)), Step(op, replaced(arity))]
    return [Step(op, replaced(constant))] if arity >= 2 else None  # a constant in operand ``position``


@st.composite
def _op_expressions(draw: st.DrawFn, op: Op, arities: tuple[int, ...], point: st.SearchStrategy[float]) -> Expression:
    arity = draw(st.sampled_from(arities))
    variables = _NAMES[:arity]
    at = tuple(draw(point) for _ in variables)
    shape = draw(st.integers(0, len(SHAPES) - 1))
    position = draw(st.integers(0, arity - 1))
    inner = draw(st.sampled_from(_INNER))
    constant = draw(st.sampled_from(CONSTANTS))
    # The drawn shape first; when it leaves the op's safe region at this point, the next ones.
    for name in SHAPES[shape:] + SHAPES[:shape]:
        steps = _shape_steps(name, op, arity, position, inner, constant)
        if steps is None:
            continue
        terms = [_Term(x, tuple(float(i == v) for v in range(arity)), 0) for i, x in enumerate(at)]
        for step in steps:
            term = _apply(step.op, step.args, terms)
            if term is None:
                break
            terms.append(term)
        else:
            return Expression(variables, at, steps)
    assume(False)  # the op is outside its safe region at this point in every shape: another point
    raise AssertionError("unreachable")  # pragma: no cover - assume(False) raises


def op_expressions(
    op: Op, *, min_value: float = -2.0, max_value: float = 2.0, arities: Sequence[int] = (2, 3, 4)
) -> st.SearchStrategy[Expression]:
    """Expressions that contain ``op``, in the ``SHAPES`` an op's rules can go wrong in.

    ``op`` alone on the variables; with one variable in every operand (``op(x, x)``); its
    result reused by two later steps (fan-out); nested in itself; with a computed term or a
    constant in each operand position. Every operand stays inside ``op.domain`` and MARGIN
    away from ``op.kinks`` (as in ``expressions``). ``arities`` is how many operands a
    variadic op (``op.arity`` None, like ``weighted_sum``) gets. Shrinks to ``op`` alone.
    """
    if not isinstance(op, Op):
        raise TypeError(f"op_expressions: op must be an autograd.Op, got {type(op).__name__} {op!r}")
    _check_range("op_expressions", min_value, max_value)
    if op.arity is None:
        arities = tuple(arities)
        if not arities or not all(isinstance(n, int) and 1 <= n <= len(_NAMES) for n in arities):
            raise ValueError(f"op_expressions: arities must be ints from 1 to {len(_NAMES)}, got {arities!r}")
    elif not 1 <= op.arity <= len(_NAMES):
        raise ValueError(f"op_expressions: {op!r} takes {op.arity} operands; 1 to {len(_NAMES)} are supported")
    else:
        arities = (op.arity,)
    return _op_expressions(op, arities, floats(min_value, max_value))
