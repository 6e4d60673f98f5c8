"""The frozen program's entry point: the same as the ``nnviz`` command."""

import sys

from nnviz.app import main

if __name__ == "__main__":
    sys.exit(main())
