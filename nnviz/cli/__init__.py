"""The ``nnviz`` command line: sub-commands for teachers and scripts.

Each sub-command lives in its own module with a ``register(subparsers)`` function that adds
its parser and sets ``handler`` to a function taking the parsed arguments and returning an
exit code. Errors a user can cause (a refused file, a bad value) are raised as
:class:`CliError` (or the core's ``ValueError`` subclasses) and printed as one line.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from nnviz import __version__

#: Sub-commands, each provided by the module of the same name under nnviz.cli, in the
#: order help lists them.
COMMAND_MODULES = ("trace", "snapshot", "train", "evaluate", "export")


class CliError(Exception):
    """An error to print as one line (``nnviz: error: …``) with a non-zero exit."""


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line (no usage block), like every other error."""

    def error(self, message: str) -> NoReturn:
        """Print ``nnviz <command>: error: <message>`` and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def finite_float(text: str) -> float:
    """argparse type: a finite number (refuses ``abc``, ``nan``, ``inf``, ``1e400``)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def positive_float(text: str) -> float:
    """argparse type: a finite number greater than zero."""
    value = finite_float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be greater than 0")
    return value


def non_negative_float(text: str) -> float:
    """argparse type: a finite number of at least zero."""
    value = finite_float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 0")
    return value


def non_negative_int(text: str) -> int:
    """argparse type: a whole number of at least 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 0")
    return value


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``nnviz`` and all its sub-commands."""
    import importlib

    parser = OneLineParser(
        prog="nnviz",
        description=(
            "See inside a neural network and play with it. Without a command, opens the "
            "window (with FILE, opens that weights or session file)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"nnviz {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"nnviz.cli.{name}")
        module.register(subparsers)
    return parser


def run(argv: Sequence[str], launch_window: Callable[[list[str]], int] | None = None) -> int:
    """Run the command line and return the exit code.

    Parameters
    ----------
    argv : sequence of str
        The arguments after the program name.
    launch_window : callable, optional
        Called with the remaining arguments when no sub-command is given; without it,
        ``nnviz`` with no command prints help.
    """
    from nnviz.core.limits import memory_error_text
    from nnviz.core.mnist import DatasetError
    from nnviz.core.weights_io import WeightsFileError

    parser = build_parser()
    arguments = list(argv)
    first = next((a for a in arguments if not a.startswith("-")), None)
    if first not in COMMAND_MODULES and not any(
        a in ("-h", "--help", "--version") for a in arguments
    ):
        if launch_window is None:
            parser.print_help()
            return 0
        return launch_window(arguments)
    parsed = parser.parse_args(arguments)
    try:
        return int(parsed.handler(parsed))
    except BrokenPipeError:
        # The reader went away (nnviz trace … | head): not an error worth a message.
        _silence_stdout()
        return 0
    except (CliError, WeightsFileError, DatasetError, ValueError, KeyError, OSError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"nnviz: error: {message}", file=sys.stderr)
        return 1
    except MemoryError as error:
        print(
            f"nnviz: error: {memory_error_text(error, f'running nnviz {parsed.command}')}",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("nnviz: interrupted", file=sys.stderr)
        return 130


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
