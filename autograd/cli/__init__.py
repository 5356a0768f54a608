"""The ``stepgrad`` command: step through an expression, train on a CSV file, write the tour.

    stepgrad trace "tanh(x1*w1 + x2*w2 + b)" --at x1=2 x2=0 w1=-3 w2=1 b=6.88 -o neuron.html
    stepgrad trace "x**2 + 3*x" --at x=2 --format png --view backward -o grad.png
    stepgrad fit data.csv --target price --hidden 8,8 --epochs 200 --lr 0.05 -o training.html
    stepgrad tour -o tour/

One job per module::

    command      main(argv): parse, run one subcommand, one line and an exit status for every failure
    errors       the exit statuses and the errors that carry them
    options      argparse types: finite numbers, ints in a range, layer sizes
    expression   the ``ast``-based expression reader: parse_expression, parse_values (never eval)
    trace        ``stepgrad trace``
    table        a CSV file → standardised training data, every problem with its line number
    fit          ``stepgrad fit``
    tour         ``stepgrad tour``
"""

from autograd.cli.command import build_parser, main
from autograd.cli.errors import ComputeError, DataFileError, ExpressionError
from autograd.cli.expression import MAX_LENGTH, parse_expression, parse_values
from autograd.cli.table import Dataset, read_dataset

__all__ = [
    "MAX_LENGTH",
    "ComputeError",
    "DataFileError",
    "Dataset",
    "ExpressionError",
    "build_parser",
    "main",
    "parse_expression",
    "parse_values",
    "read_dataset",
]
