"""The player's steps as data: the forward pass, the backward pass, the parameter update.

Each step says which texts change (a node's ``data`` or ``grad`` cell), which nodes and
edges become visible, which are the focus, and a caption that writes out the arithmetic
with the step's real numbers — the op with its operands, and in the backward pass the op's
local rule (``Op.rules``) with the step's numbers plugged in. Everything is read from one
``autograd.viz.description``: its names, its roles and its one ``backward_steps`` run
(the backward steps are that run, one for one — nothing here computes a gradient).

The forward steps go in the order a learner computes: each op after everything it reads,
deeper operands (a previous layer) before leaves, and each leaf introduced just before the
first op that reads it (inputs before parameters). The player (JavaScript) and ``frames``
(Python) only replay these steps; the player also folds the steps of a collapsed unit
(a neuron, a layer) into one step with the unit's summary caption, written here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from autograd import Value, ops
from autograd.viz.description import GraphDescription, Unit, describe, edge_id, op_id
from autograd.viz.dot import caption_numbers, gradient_sum
from autograd.viz.escape import printable, shorten

PHASES = {  # the views of a player (and of frames): which phases of steps each keeps
    "all": ("forward", "backward", "update"),
    "forward": ("forward",),
    "backward": ("backward",),
    "update": ("update",),
}
NOT_COMPUTED = "—"  # a cell before its step: not computed yet, which is not zero
MODES = ("layer", "neuron")  # the units a step can belong to, outer first
MAX_TERMS = 8  # a weighted sum with more terms is written "first terms + … + last"
MAX_PATHS = 8  # a node with more paths to the output gets the per-edge recursion instead
MAX_LISTED = 6  # a unit summary names at most this many inputs or parameters
QUIZ_ABSOLUTE = 1e-3  # a quiz answer is right within this distance of the recorded one,
QUIZ_RELATIVE = 5e-3  # or within this fraction of it, whichever is larger
_SIMPLE_NAME = re.compile(r"[\w.#\[\]]+")  # needs no brackets inside an expression
_SHORT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,2}")  # written "dx1", not "d(x1)"
_PLACEHOLDER = re.compile(r"\{(x|a|b|out)\}")
_SUPERSCRIPTS = {2.0: "²", 3.0: "³"}


class Step(NamedTuple):
    """One step of the player.

    ``phase``    "forward", "backward" or "update".
    ``caption``  the arithmetic of the step, in words and real numbers.
    ``texts``    ``{node id: {"data" or "grad": new text}}``.
    ``show``     ids of nodes and edges that become visible (computed) at this step.
    ``reveal``   ids of edges whose gradient annotation becomes visible.
    ``focus``    ids of the nodes and edges to highlight while this step is shown.
    ``units``    ids of the units (layer, then neuron) whose computation this step is part of.
    ``quiz``     for quiz mode: ``{"question", "answer", "shown"}``, or None when there is nothing to predict.
    """

    phase: str
    caption: str
    texts: dict[str, dict[str, str]]
    show: list[str]
    reveal: list[str]
    focus: list[str]
    units: tuple[str, ...] = ()
    quiz: dict | None = None


class Steps(NamedTuple):
    """Everything the player needs besides the picture.

    ``initial``       the texts before the first step.
    ``steps``         the steps, in order.
    ``widest_data``   per node: the longest data text any step shows (the layout makes room for it).
    ``units``         ``{unit id: {"name", "mode", "summary", "parent", "members", "captions"}}``: the
                      collapsible boxes (a layer holds its neurons) and the caption of each phase folded.
    ``explanations``  ``{node id: text}``: d(output)/d(node) as the sum over paths (see ``path_sums``).
    """

    initial: dict[str, dict[str, str]]
    steps: list[Step]
    widest_data: list[str]
    units: dict[str, dict] | None = None
    explanations: dict[str, str] | None = None


def unit_key(unit: Unit) -> str:
    """The player's id of a collapsible box: its mode and its description id ("layer_u7", "neuron_u7")."""
    return f"{unit.mode}_{unit.id}"


def build_steps(
    graph: GraphDescription | Value,
    fmt: Callable[[float], str],
    params: Iterable[Value] | None = None,
    lr: float | None = None,
    *,
    quiz: bool = False,
) -> Steps:
    """The forward, backward and (when ``lr`` is given with the parameters) update steps of a graph.

    ``graph`` is a description (``describe(root, params=...)``) or a root Value (described
    here with ``params``). ``quiz`` adds to each step that computes a number the question
    that asks for it and the recorded answer.
    """
    description = graph if isinstance(graph, GraphDescription) else describe(graph, params=params, where="step_through")
    number = caption_numbers(fmt)
    chosen = _checked_update(description, params, lr)
    writer = _Writer(description, number, quiz)
    initial = {node.id: {"data": f"data {NOT_COMPUTED}", "grad": f"grad {NOT_COMPUTED}"} for node in description.nodes}
    steps = [writer.forward(i) for i in learner_order(description)]
    steps += writer.backward()
    widest = [f"data {number(value.data)}" for value in description.order]
    for p in chosen:
        step = writer.update(description.index[p], lr)
        steps.append(step)
        node = description.nodes[description.index[p]]
        widest[description.index[p]] = max(widest[description.index[p]], step.texts[node.id]["data"], key=len)
    units = writer.units(steps)
    return Steps(initial, steps, widest, units, path_sums(description, number))


def learner_order(description: GraphDescription) -> list[int]:
    """The positions of the Values in the order a learner computes them (see the module docstring).

    A depth-first walk from the root that visits, at each op, its deepest operands first and
    its leaves last (inputs before parameters); each Value is listed after everything it reads.
    """
    order, index, nodes = description.order, description.index, description.nodes
    height = [0] * len(order)
    for i, value in enumerate(order):  # topological: operands first
        height[i] = 1 + max((height[index[child]] for child in value.children), default=-1)

    def operands(i: int) -> list[int]:
        unique = list(dict.fromkeys(index[child] for child in order[i].children))
        return sorted(unique, key=lambda c: (-height[c], nodes[c].role == "parameter"))  # stable

    listed: list[int] = []
    seen = {len(order) - 1}
    stack = [(len(order) - 1, iter(operands(len(order) - 1)))]
    while stack:  # iterative: a chain of a million ops must not hit the recursion limit
        i, pending = stack[-1]
        for c in pending:
            if c not in seen:
                seen.add(c)
                stack.append((c, iter(operands(c))))
                break
        else:
            stack.pop()
            listed.append(i)
    return listed


def path_sums(description: GraphDescription, number: Callable[[float], str]) -> dict[str, str]:
    """For each node x: d(output)/dx written as the sum over every path from x to the output of the
    product of the local derivatives along it, and that this sum is the gradient the backward pass
    computed. A node with more than ``MAX_PATHS`` paths gets how many there are and the per-edge
    recursion (grad(x) = Σ over its users u of grad(u) × du/dx) instead."""
    order, index, nodes = description.order, description.index, description.nodes
    local = {edge_id(index[s.node], s.index): s.local for s in description.backward}
    users: list[list[tuple[int, str]]] = [[] for _ in order]  # per node: (user, edge id) in backward order
    into: list[list] = [[] for _ in order]  # per node: the backward steps that add to its gradient
    for s in description.backward:
        users[index[s.child]].append((index[s.node], edge_id(index[s.node], s.index)))
        into[index[s.child]].append(s)
    root = len(order) - 1
    count = [0] * len(order)
    count[root] = 1
    for i in range(root, -1, -1):  # users before operands
        for user, _ in users[i]:
            count[i] += count[user]
    out = _d(nodes[root].name)
    texts = {nodes[root].id: f"d{out}/d{out} = 1: the output's gradient is where the backward pass starts."}
    for i in range(root):
        name, gradient = nodes[i].name, description.gradients[i]
        head = f"d{out}/d{_d(name)}"
        if count[i] == 0:
            texts[nodes[i].id] = f"{head} = 0: no path leads from {name} to the output."
            continue
        if count[i] > MAX_PATHS:
            listed = into[i] if len(into[i]) <= MAX_LISTED else [*into[i][: MAX_LISTED - 1], None, into[i][-1]]
            shown_terms = [f"{number(s.upstream)} × {_bracketed(number(s.local))}" if s else "…" for s in listed]
            texts[nodes[i].id] = (
                f"{count[i]:,} paths lead from {name} to the output: too many to write out. The backward pass "
                f"adds them up edge by edge instead: grad({name}) = Σ over the {len(into[i])} uses of {name} of "
                f"grad(user) × d(user)/d{_d(name)}\n= {' + '.join(shown_terms)}\n= {number(gradient)}"
            )
            continue
        lines = []
        products = []
        for path in _paths(i, users, root):
            factors = [local[edge] for _, edge in path]
            product = math.prod(factors)
            products.append(product)
            route = " ← ".join([nodes[root].name, *[nodes[user].name for user, _ in path[-2::-1]], name])
            written = " × ".join(_bracketed(number(f), first=k == 0) for k, f in enumerate(reversed(factors)))
            lines.append(f"  {route}: {written} = {number(product)}")
        total = math.fsum(products)
        paths = "the 1 path" if count[i] == 1 else f"the {count[i]} paths"
        summed = " + ".join(_bracketed(number(p), first=k == 0) for k, p in enumerate(products))
        result = f"{summed} = {number(total)}" if len(products) > 1 else number(total)
        rounding = "" if number(total) == number(gradient) else " (the same up to rounding)"
        texts[nodes[i].id] = (
            f"{head} = the sum over {paths} from {name} to the output of the product of the local "
            "derivatives along it:\n" + "\n".join(lines) + f"\n{head} = {result}, and the backward pass "
            f"gave grad({name}) = {number(gradient)}{rounding}"
        )
    return texts


def _paths(start: int, users: list[list[tuple[int, str]]], root: int) -> list[list[tuple[int, str]]]:
    """Every path from ``start`` up to ``root``, each as its (user, edge) hops from ``start`` upward."""
    found = []
    stack: list[tuple[int, list[tuple[int, str]]]] = [(start, [])]
    while stack:
        i, path = stack.pop()
        if i == root:
            found.append(path)
            continue
        for user, edge in reversed(users[i]):
            stack.append((user, [*path, (user, edge)]))
    return found


def _checked_update(description: GraphDescription, params: Iterable[Value] | None, lr: float | None) -> list[Value]:
    """The parameters to update, in the order given; ``lr`` must come with them."""
    if params is None:
        if lr is not None:
            raise ValueError(f"{description.where}: lr was given without params; pass params=[...] to show the update")
        return []
    chosen = list(dict.fromkeys(params))  # the description has checked each is a Value of the graph
    if lr is None:
        raise ValueError(
            f"{description.where}: params were given, so lr must be a number (the learning rate), got None"
        )
    return chosen


class _Writer:
    """Writes the steps of one description: captions with the numbers, quiz questions, unit summaries."""

    def __init__(self, description: GraphDescription, number: Callable[[float], str], quiz: bool) -> None:
        self.d = description
        self.number = number
        self.quiz = quiz
        self.local = {(description.index[s.node], s.index): s.local for s in description.backward}
        self.users: list[list[int]] = [[] for _ in description.order]
        self.uses: list[list[tuple[int, int]]] = [[] for _ in description.order]  # per node: (user, position)
        for edge in description.edges:
            self.users[edge.child].append(edge.node)
            self.uses[edge.child].append((edge.node, edge.position))
        self.new_data: dict[int, str] = {}  # per updated parameter: its new data text
        self.data_text = [number(value.data) for value in description.order]
        self.operands = [[description.index[child] for child in value.children] for value in description.order]
        self.expressions: dict[int, str] = {}
        self.member_of: list[dict[str, str]] = [{} for _ in description.order]  # per node: mode → unit key
        self.unit_list: list[Unit] = []
        neurons = {unit.members for unit in description.units("neuron")}
        for mode in MODES:
            for unit in description.units(mode):
                if mode == "layer" and unit.members in neurons:
                    continue  # a layer of one neuron (the output layer) is that neuron's box
                self.unit_list.append(unit)
                for i in unit.members:
                    self.member_of[i][mode] = unit_key(unit)

    def units_of(self, i: int) -> tuple[str, ...]:
        return tuple(self.member_of[i][mode] for mode in MODES if mode in self.member_of[i])

    def name(self, i: int) -> str:
        return self.d.nodes[i].name

    # ---- forward -------------------------------------------------------------------

    def forward(self, i: int) -> Step:
        """The step that computes the Value at ``i`` (or introduces it, for a leaf)."""
        value, node = self.d.order[i], self.d.nodes[i]
        result = self.number(value.data)
        texts = {node.id: {"data": f"data {result}"}}
        if not value.children:
            kind = {"parameter": "a parameter", "output": "the output"}.get(node.role)
            kind = kind or ("an input" if node.named or self.feeds_a_neuron(i) else "a constant")
            caption = f"{node.name} is {kind}: {node.name} = {result}"
            return Step("forward", caption, texts, [node.id], [], [node.id], self.units_of(i))
        operands = self.operands[i]
        symbolic = written(value, [self.name(c) for c in operands], numbers=False)
        numeric = written(value, [self.data_text[c] for c in operands], numbers=True)
        named = node.name if node.named else None
        question = f"{named + ' = ' if named else ''}{symbolic} = {numeric}"
        edges = [edge_id(i, p) for p in range(len(operands))]
        shown = [node.op_id, node.output_edge_id, node.id, *edges]
        quiz = self._quiz(f"{question} = ?", value.data, result, f"the value of {node.name}")
        return Step("forward", f"{question} = {result}", texts, shown, [], shown, self.units_of(i), quiz)

    def feeds_a_neuron(self, i: int) -> bool:
        """True when every op that reads the leaf at ``i`` is a weighted sum reading it as an input (nn's x)."""
        uses = self.uses[i]
        return bool(uses) and all(
            self.d.order[n].operation is ops.weighted_sum
            and len(self.operands[n]) // 2 <= position < 2 * (len(self.operands[n]) // 2)
            for n, position in uses
        )

    # ---- backward ------------------------------------------------------------------

    def backward(self) -> list[Step]:
        """The seed step and one step per edge of the description's backward run."""
        root = len(self.d.order) - 1
        root_node = self.d.nodes[root]
        name = _d(root_node.name)
        seed = f"Backward pass: start at the output, grad({root_node.name}) = d{name}/d{name} = {self.number(1.0)}"
        texts = {root_node.id: {"grad": f"grad {self.number(1.0)}"}}
        steps = [Step("backward", seed, texts, [], [], [root_node.id], self.units_of(root))]
        terms: list[list[str]] = [[] for _ in self.d.order]
        for s in self.d.backward:
            n, c = self.d.index[s.node], self.d.index[s.child]
            terms[c].append(self.number(s.contribution))
            grad_text = gradient_sum(terms[c], self.number(s.total))
            parent, child = self.name(n), self.name(c)
            chain = f"grad({child}) += grad({parent}) × d{_d(parent)}/d{_d(child)}"
            numbers = f"{self.number(s.upstream)} × {_bracketed(self.number(s.local))}"
            caption = f"{chain} = {numbers} = {self.number(s.contribution)}; {self.local_rule(n, s.index)}"
            if len(terms[c]) > 1:
                caption += f"; {child} feeds several nodes, so its gradients add up: {grad_text}"
            edge = edge_id(n, s.index)
            focus = [self.d.nodes[c].id, edge, op_id(n), self.d.nodes[n].id]
            hint = self.local_rule(n, s.index, numbers=False)
            quiz = self._quiz(
                f"{chain} = {self.number(s.upstream)} × d{_d(parent)}/d{_d(child)} = ?  "
                f"(what this edge adds to grad({child}); {hint})",
                s.contribution,
                self.number(s.contribution),
                f"what the edge adds to grad({child})",
            )
            texts = {self.d.nodes[c].id: {"grad": grad_text}}
            steps.append(Step("backward", caption, texts, [], [edge], focus, self.units_of(n), quiz))
        return steps

    def local_rule(self, n: int, position: int, numbers: bool = True) -> str:
        """ "local rule: d tanh(n)/dn = 1 − o² = 1 − 0.7071² = 0.5000" (the number alone without a rule text);
        with ``numbers=False`` only the rule ("local rule: d tanh(n)/dn = 1 − o²"), for a quiz question."""
        value = self.d.order[n]
        operands = self.operands[n]
        local = self.number(self.local[(n, position)])
        head = f"local rule: d{self.expression(n)}/d{_d(self.name(operands[position]))}"
        rule = rule_text(value, position)
        if rule is None:
            return f"{head} = {local}" if numbers else f"{head} is the op's own (it gives no rule text)"
        symbolic = fill_rule(rule, _Slots(operands, self.name, self.name(n)), numbers=False)
        if not numbers:
            return f"{head} = {symbolic}"
        numeric = fill_rule(rule, _Slots(operands, self.data_text.__getitem__, self.data_text[n]), numbers=True)
        text = f"{head} = {symbolic}"
        if numeric != symbolic:
            text += f" = {numeric}"
        if numeric != local and not numeric.endswith(f" = {local}") and not _is(numeric, self.local[(n, position)]):
            text += f" = {local}"
        return text

    def expression(self, n: int) -> str:
        """The op of the Value at ``n`` with its operands' names, as written after "d" (one per node, cached)."""
        if n not in self.expressions:
            value = self.d.order[n]
            written_names = written(value, [self.name(c) for c in self.operands[n]], numbers=False)
            self.expressions[n] = _d(written_names, function=_is_call(value))
        return self.expressions[n]

    # ---- update --------------------------------------------------------------------

    def update(self, i: int, lr: float) -> Step:
        """The step ``new = value − lr × grad`` for the parameter at ``i`` (shown only: no Value changes)."""
        value, node = self.d.order[i], self.d.nodes[i]
        gradient = self.d.gradients[i]
        new = value.data - lr * gradient
        old_text, new_text = _distinct(value.data, new, self.number)
        arithmetic = f"{old_text} − {lr:g} × {_bracketed(self.number(gradient))}"
        caption = f"update {node.name}: new = value − lr × grad = {arithmetic} = {new_text}"
        quiz = self._quiz(f"update {node.name}: new = {arithmetic} = ?", new, new_text, f"the new value of {node.name}")
        texts = {node.id: {"data": f"data {new_text}"}}
        self.new_data[i] = new_text
        return Step("update", caption, texts, [], [], [node.id], self.units_of(i), quiz)

    # ---- units and quiz ------------------------------------------------------------

    def units(self, steps: list[Step]) -> dict[str, dict]:
        """Every collapsible box with the captions its folded steps show (see ``Steps.units``)."""
        parent_of = {}
        for unit in self.unit_list:
            if unit.mode == "neuron":
                layer = self.member_of[unit.index].get("layer")
                parent_of[unit_key(unit)] = layer
        phases = {step.phase for step in steps}
        return {
            unit_key(unit): {
                "name": unit.name,
                "mode": unit.mode,
                "summary": unit.summary,
                "parent": parent_of.get(unit_key(unit)),
                "members": [self.d.nodes[i].id for i in unit.members],
                "output": self.d.nodes[unit.index].id,
                "role": unit.role,
                "box": f"cluster_{unit_key(unit)}",
                "captions": {phase: self._unit_caption(unit, phase) for phase in sorted(phases)},
            }
            for unit in self.unit_list
        }

    def _unit_caption(self, unit: Unit, phase: str) -> str:
        """ "L2.n3: forward, 9 inputs → 0.4312"; backward: what arrives and what it sends to each input."""
        inside = set(unit.members)
        outputs = [i for i in unit.members if self._used_outside(i, inside)]
        read = (self.d.index[child] for i in unit.members for child in self.d.order[i].children)
        inputs = list(dict.fromkeys(c for c in read if c not in inside))
        if phase == "forward":
            results = _listed([self.number(self.d.order[i].data) for i in outputs])
            return f"{unit.name}: forward, {_count(len(inputs), 'input')} → {results}"
        if phase == "backward":
            arrived = _listed([self.number(self.d.gradients[i]) for i in outputs])
            sent: dict[int, float] = {}
            for s in self.d.backward:
                n, c = self.d.index[s.node], self.d.index[s.child]
                if n in inside and c not in inside:
                    sent[c] = sent.get(c, 0.0) + s.contribution
            sends = _listed([f"{self.number(g)} to {self.name(c)}" for c, g in sent.items()])
            text = f"{unit.name}: backward, grad {arrived} arrives"
            return text + (f"; it sends {sends}" if sent else "") + f" and sets the gradients of its {unit.summary}"
        parameters = [i for i in unit.members if self.d.nodes[i].role == "parameter"]
        changes = _listed([f"{self.name(i)} → {self.new_data[i]}" for i in parameters if i in self.new_data])
        return f"{unit.name}: update of its {unit.summary}: {changes}"

    def _used_outside(self, i: int, inside: set[int]) -> bool:
        if i == len(self.d.order) - 1:
            return True
        return any(user not in inside for user in self.users[i])

    def _quiz(self, question: str, answer: float, shown: str, what: str) -> dict | None:
        if not self.quiz or not math.isfinite(answer):
            return None
        return {"question": question, "answer": answer, "shown": shown, "what": what}


# ---- writing expressions, rules and numbers ----------------------------------------


def written(value: Value, operands: Sequence[str], *, numbers: bool) -> str:
    """How the op of ``value`` reads with these operand texts (names, or numbers when ``numbers``):
    "x1·w1" / "2.0000 × (-3.0000)", "a − b", "(-199.0000)²", "−(−2.0000)", "tanh(n)", a weighted
    sum term by term "w0·x0 + w1·x1 + b", "myop(a, b)"."""
    op = value.operation
    times = " × " if numbers else "·"
    if op is ops.weighted_sum:
        return _weighted_sum(operands, times, numbers)
    if len(operands) == 2 and value.op in ("+", "-", "*", "/"):
        symbol = {"+": " + ", "-": " − ", "*": times, "/": " / "}[value.op]
        first = operands[0] if value.op in ("+", "-") else _wrapped(operands[0], numbers, first=True)
        return f"{first}{symbol}{_wrapped(operands[1], numbers)}"
    if len(operands) == 1 and op is not None and op.exponent is not None:
        power = _SUPERSCRIPTS.get(op.exponent, f"^{op.exponent:g}")
        return f"{_wrapped(operands[0], numbers)}{power}"
    if len(operands) == 2 and value.op == "**":
        return f"{_wrapped(operands[0], numbers)}^{_wrapped(operands[1], numbers)}"
    if len(operands) == 1 and value.op == "neg":
        return f"−{_wrapped(operands[0], numbers)}"
    return f"{shorten(printable(value.op))}({', '.join(operands)})"


def rule_text(value: Value, position: int) -> str | None:
    """The text of d(value)/d(operand ``position``) from the op (``Op.rules``); None when the op has none.

    ``weighted_sum`` is variadic, so its rule is written here: d/dw_k = x_k, d/dx_k = w_k, d/db = 1.
    """
    op = value.operation
    if op is ops.weighted_sum:
        n = len(value.children) // 2
        return "1" if position >= 2 * n else f"{{{(position + n) % (2 * n)}}}"
    if op is None or op.rules is None or position >= len(op.rules):
        return None
    if op.exponent is not None and len(value.children) == 1:
        return _simpler_power(op.rules[position])
    return op.rules[position]


def _simpler_power(rule: str) -> str:
    """A power rule as it is written by hand: "2·{x}^1" → "2·{x}", "1·{x}^0" → "1", "3·{x}^2" → "3·{x}²"."""
    rule = re.sub(r"^(\S+)·\{x\}\^0$", r"\1", rule)
    rule = re.sub(r"\^1$", "", rule)
    return re.sub(r"\^([23])$", lambda m: _SUPERSCRIPTS[float(m.group(1))], rule)


def fill_rule(rule: str, slots: dict[str, str], *, numbers: bool) -> str:
    """A rule text with its placeholders filled ("1 − {out}²" → "1 − 0.7071²"), bracketed where
    precedence needs it (a negative number or a compound name anywhere but alone)."""
    if _PLACEHOLDER.fullmatch(rule) or re.fullmatch(r"\{\d+\}", rule):
        return slots[rule[1:-1]]
    return re.sub(r"\{(x|a|b|out|\d+)\}", lambda m: _wrapped(slots[m.group(1)], numbers), rule)


class _Slots(dict):
    """The placeholders of a rule, filled on demand: {out}; {x} for one operand, {a} and {b} for two;
    {0}, {1}, … for each (a weighted sum's rule names its operands by position)."""

    def __init__(self, operands: Sequence[int], text: Callable[[int], str], out: str) -> None:
        super().__init__(out=out)
        self.operands, self.text = operands, text

    def __missing__(self, key: str) -> str:
        letters = {"x": 0} if len(self.operands) == 1 else {"a": 0, "b": 1} if len(self.operands) == 2 else {}
        position = letters[key] if key in letters else int(key)
        return self.text(self.operands[position])


def _weighted_sum(operands: Sequence[str], times: str, numbers: bool) -> str:
    """ "w0·x0 + w1·x1 + b": the weights come first among the operands, then the inputs, then the bias."""
    n = len(operands) // 2
    count = n + len(operands) % 2
    kept = range(count) if count <= MAX_TERMS else [*range(MAX_TERMS - 2), None, count - 1]

    def term(k: int | None) -> str:
        if k is None:
            return "…"
        if k == n:  # the bias
            return operands[-1]
        return f"{_wrapped(operands[k], numbers, first=True)}{times}{_wrapped(operands[n + k], numbers)}"

    terms = [term(k) for k in kept]
    return " + ".join([terms[0], *[_bracketed(t) if numbers else t for t in terms[1:]]])


def _wrapped(text: str, numbers: bool, first: bool = False) -> str:
    """An operand as it must be written inside an expression: a negative number (unless it comes
    first) or a compound name in brackets."""
    if numbers:
        return _bracketed(text, first=first)
    return text if _SIMPLE_NAME.fullmatch(text) else f"({text})"


def _bracketed(number: str, first: bool = False) -> str:
    """ "(-3.0000)" for a negative number that follows an operator; as it is otherwise."""
    return f"({number})" if number.startswith("-") and not first else number


def _d(name: str, function: bool = False) -> str:
    """A name as written after "d" in d(a)/d(b): "x1" stays "x1", "tanh(n)" becomes " tanh(n)", others "(…)"."""
    if _SHORT_NAME.fullmatch(name):
        return name
    return f" {name}" if function else f"({name})"


def _is_call(value: Value) -> bool:
    return value.operation is not ops.weighted_sum and not (
        value.op in ("+", "-", "*", "/", "**", "neg")
        or (value.operation is not None and value.operation.exponent is not None)
    )


def _distinct(old: float, new: float, number: Callable[[float], str]) -> tuple[str, str]:
    """``old`` and ``new`` as texts, with enough significant digits that they differ when the numbers do."""
    old_text, new_text = number(old), number(new)
    if old_text != new_text or old == new:
        return old_text, new_text
    for digits in range(5, 18):
        old_text, new_text = f"{old:.{digits}g}", f"{new:.{digits}g}"
        if old_text != new_text:
            break
    return old_text, new_text


def _is(text: str, number: float) -> bool:
    """True when ``text`` is a plain number equal to ``number`` (the rule "1" needs no "= 1.0000")."""
    try:
        return float(text.replace("−", "-")) == number
    except ValueError:
        return False


def _listed(items: Sequence[str]) -> str:
    shown = list(items) if len(items) <= MAX_LISTED else [*items[: MAX_LISTED - 1], "…", items[-1]]
    return ", ".join(shown) + (f" ({len(items)} in all)" if len(items) > MAX_LISTED else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
