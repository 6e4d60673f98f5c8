"""The frozen program's entry point: the same as the ``nnviz`` command."""

import multiprocessing
import sys

from nnviz.app import main

if __name__ == "__main__":
    # Training runs in a spawned child process; in a frozen program the child is this same
    # executable, and freeze_support() makes it run the child's work instead of main().
    multiprocessing.freeze_support()
    sys.exit(main())
