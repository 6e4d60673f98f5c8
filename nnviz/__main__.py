"""``python -m nnviz``: the same entry point as the ``nnviz`` command."""

import sys

from nnviz.app import main

sys.exit(main())
