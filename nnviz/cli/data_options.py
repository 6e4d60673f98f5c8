"""The ``--data`` option the commands share: MNIST, a built-in playground set or a CSV file.

``--data`` names a folder of four MNIST-layout IDX files, a built-in set (``spiral``,
``xor`` … see :data:`~nnviz.core.data.toys.KINDS`, with ``--samples``, ``--noise``,
``--test-share``, ``--data-seed`` and ``--features``), or a CSV file (``--target COLUMN``,
``--test-share``, ``--data-seed``, ``--no-standardise``). Without it, the bundled MNIST.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nnviz.cli import CliError, non_negative_float, non_negative_int, positive_int
from nnviz.core.data import DataSet, DataSource, MnistSource
from nnviz.core.data.csv_table import read_csv
from nnviz.core.data.toys import FEATURES, KINDS, ToySource


def add_data_options(parser: Any) -> None:
    """Add ``--data`` and the options that shape it to ``parser``."""
    parser.add_argument(
        "--data",
        metavar="DIR|NAME|FILE.csv",
        help="a folder with the four MNIST-layout IDX files, a built-in set "
        f"({', '.join(KINDS)}) or a CSV file with a header row (default: MNIST)",
    )
    parser.add_argument(
        "--target", metavar="COLUMN", help="the CSV file's target column (default: its last)"
    )
    parser.add_argument(
        "--samples",
        type=positive_int,
        default=1000,
        metavar="N",
        help="points of a built-in set (default: %(default)s)",
    )
    parser.add_argument(
        "--noise",
        type=non_negative_float,
        default=0.1,
        metavar="X",
        help="noise of a built-in set, 0 to 1 (default: %(default)s)",
    )
    parser.add_argument(
        "--test-share",
        type=non_negative_float,
        default=0.2,
        metavar="F",
        help="share of a built-in set or CSV file held out for testing (default: %(default)s)",
    )
    parser.add_argument(
        "--data-seed",
        type=non_negative_int,
        default=0,
        metavar="S",
        help="seeds a built-in set's points and the train/test split (default: %(default)s)",
    )
    parser.add_argument(
        "--features",
        nargs="+",
        choices=FEATURES,
        metavar="F",
        help=f"a built-in set's input features, of {', '.join(FEATURES)} (default: x1 x2)",
    )
    parser.add_argument(
        "--no-standardise",
        action="store_true",
        help="feed a CSV file's columns as they are (default: standardised from the "
        "training split, the transform kept in the weights file)",
    )


def data_source(args: argparse.Namespace) -> DataSource:
    """The source ``args`` name (refused in one line)."""
    data = args.data
    if data is None or Path(data).is_dir():
        return MnistSource(data)
    try:
        if data in KINDS and not Path(data).exists():
            return ToySource(
                data,
                args.samples,
                args.noise,
                args.test_share,
                args.data_seed,
                None if args.features is None else tuple(args.features),
            )
        if Path(data).suffix.lower() == ".csv" or Path(data).is_file():
            if args.test_share > 0.9:
                raise ValueError(f"the test share must be 0 to 0.9, not {args.test_share}")
            return read_csv(
                data, args.target, args.test_share, args.data_seed, not args.no_standardise
            )
    except ValueError as error:
        raise CliError(str(error)) from None
    raise CliError(
        f"--data {data}: no such folder or file, and no built-in set of that name "
        f"(built in: {', '.join(KINDS)})"
    )


def read_data(args: argparse.Namespace, part: str = "all") -> tuple[DataSet, DataSource]:
    """The data set ``args`` name, read (``part="test"``: at least its test split)."""
    source = data_source(args)
    return source.load("test" if part == "test" else "all"), source


def small(source: DataSource) -> bool:
    """Whether ``source`` is playground data (not MNIST): other defaults suit it."""
    return not isinstance(source, MnistSource)
