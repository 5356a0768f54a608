"""``stepgrad fit``: train a network on the user's own CSV file and write the timeline of its training.

    stepgrad fit data.csv --target price --hidden 8,8 --activation tanh --epochs 200 --lr 0.05 -o training.html

The file is read and checked completely (``autograd.cli.table``) before anything is trained
or written. The model is an ``nn.MLP``, trained by ``nn.fit`` with an ``nn.Recorder``; the
page is ``nn.timeline``'s.
"""

from __future__ import annotations

import argparse
import functools
import os
import warnings

import nn
from autograd import DomainError
from autograd.cli.errors import CommandError
from autograd.cli.options import int_between, layer_sizes, positive_float
from autograd.cli.table import LOSSES, Dataset, read_dataset
from nn.activations import ACTIVATIONS
from nn.recording import DEFAULT_MAX_SNAPSHOTS

MAX_EPOCHS = 100_000


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``fit`` and its options."""
    fit = commands.add_parser(
        "fit",
        help="train a network on a CSV file and write the timeline of its training (HTML)",
        description=(
            "Train an MLP on a CSV file (a header row, then one row per sample) to predict one column "
            "from all the others, and write the training timeline. A column of numbers is regression "
            "(mse); a column of labels is classification. Inputs (and a regression target) are "
            "standardised to mean 0, standard deviation 1."
        ),
    )
    fit.add_argument("data", help="the CSV file")
    fit.add_argument("--target", required=True, help="the column to predict")
    fit.add_argument(
        "--hidden", type=layer_sizes, default=[8], metavar="SIZES", help="hidden layer sizes, e.g. 8,8 (default 8)"
    )
    fit.add_argument("--activation", choices=sorted(ACTIVATIONS), default="tanh", help="of the hidden layers")
    fit.add_argument("--loss", choices=LOSSES, help="default: mse for numbers, cross-entropy for labels")
    fit.add_argument("--epochs", type=int_between(1, MAX_EPOCHS), default=100, help="default 100")
    fit.add_argument("--lr", type=positive_float, default=0.05, help="the learning rate (default 0.05)")
    fit.add_argument("--optimizer", choices=("sgd", "adam"), default="sgd", help="default sgd")
    fit.add_argument("--batch-size", type=int_between(1, 10**9), help="samples per update (default: all)")
    fit.add_argument("--seed", type=int_between(0, 2**32 - 1), default=0, help="initial weights and shuffling")
    fit.add_argument(
        "--snapshots",
        type=int_between(2, 100_000),
        default=DEFAULT_MAX_SNAPSHOTS,
        help=f"updates the timeline keeps, evenly spread (default {DEFAULT_MAX_SNAPSHOTS})",
    )
    fit.add_argument("--delimiter", default=",", help="the CSV field separator (default ',')")
    fit.add_argument("-o", "--output", default="training.html", help="the page to write (default training.html)")
    fit.set_defaults(run=run, parser=fit)
    return fit


def run(args: argparse.Namespace) -> str:
    """Read, train, write the timeline; return what to tell the user."""
    data = read_dataset(args.data, args.target, loss=args.loss, delimiter=args.delimiter)
    if os.path.isdir(args.output) or args.output.endswith((os.sep, os.altsep or os.sep)):
        raise CommandError(f"cannot write {args.output}: it is a folder; give a file name like training.html")
    model = nn.MLP(len(data.features), [*args.hidden, data.outputs], activation=args.activation, seed=args.seed)
    optimizer = (
        nn.Adam(model.parameters(), args.lr) if args.optimizer == "adam" else nn.SGD(model.parameters(), args.lr)
    )
    recorder = nn.Recorder(max_snapshots=args.snapshots)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nn.DivergenceWarning)  # reported below, as one line
        history = nn.fit(
            model,
            data.X,
            data.y,
            loss=data.loss,
            optimizer=optimizer,
            epochs=args.epochs,
            batch_size=args.batch_size,
            seed=args.seed,
            callbacks=[recorder],
        )
    write_page = functools.partial(
        nn.timeline, recorder.recording, data.X, data.y, path=args.output, loss=data.loss, title=title(data)
    )
    try:
        write_page()
    except DomainError:
        if not history.diverged:
            raise
        write_page(closeups=0)  # a diverged step's close-up cannot be backpropagated; the rest of the page can
    if history.diverged:
        raise CommandError(f"{history.stop_reason} The page {args.output} shows the steps up to it.")
    return summary(data, model, history, args.output)


def title(data: Dataset) -> str:
    """The page's heading: what was predicted from what, and that the inputs were standardised."""
    inputs = ", ".join(data.features) if len(data.features) <= 4 else f"{len(data.features)} columns"
    return f"stepgrad fit: {data.target} from {inputs} ({os.path.basename(data.path)}; inputs standardised)"


def summary(data: Dataset, model: nn.Module, history: nn.History, path: str) -> str:
    """Two lines: what was trained on what, how the loss went, and where the page is."""
    shown = ", ".join(data.classes[:5]) + (", …" if len(data.classes) > 5 else "")
    task = f"classification into {len(data.classes)} labels: {shown}" if data.classes else "regression"
    sizes = " → ".join(str(size) for size in [model.nin, *model.nouts])
    losses = f"mean loss {history.train_loss[0]:.4g} → {history.train_loss[-1]:.4g}"  # fit ran every epoch
    accuracy = history.metrics.get("accuracy")
    scored = f", accuracy {accuracy[-1]:.1%}" if accuracy else ""
    return (
        f"trained MLP({sizes}) on {len(data.X)} rows of {data.path} ({task}, {data.loss}, standardised inputs) "
        f"for {history.epochs} epochs: {losses}{scored}\nwrote {path}"
    )
