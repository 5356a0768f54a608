"""Pictures of the computation graph: Graphviz drawings and a step-through player.

draw_dot(root, view="forward"|"backward", ...)   a graphviz.Digraph that renders with no ``dot``
render(graph, format="svg", path=None)           DOT → SVG/PNG/PDF bytes, in-process (pygraphviz)
step_through(root, path="steps.html", ...)       one self-contained HTML page stepping through
                                                 the forward pass, the backward pass and an update
frames(root, directory, format="svg", ...)       the same steps as one picture file per step, or a GIF
worksheet(root, path, ...)                       a printable exercise with its answer key (HTML or PDF)
name_values(locals())                            label unlabelled Values by their variable names
describe(root, ...)                              the one description of a graph every view builds from
use_bundled_graphviz()                           any graphviz.Digraph renders in-process (opt-in)
"""

from autograd.viz.description import DEFAULT_MAX_NODES, GraphTooLargeError, describe
from autograd.viz.dot import draw_dot
from autograd.viz.frames import frames
from autograd.viz.graph import ValueGraph, use_bundled_graphviz
from autograd.viz.names import name_values
from autograd.viz.player import step_through
from autograd.viz.render import render
from autograd.viz.worksheet import worksheet

__all__ = [
    "DEFAULT_MAX_NODES",
    "GraphTooLargeError",
    "ValueGraph",
    "describe",
    "draw_dot",
    "frames",
    "name_values",
    "render",
    "step_through",
    "use_bundled_graphviz",
    "worksheet",
]
