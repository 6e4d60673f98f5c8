"""Array type aliases shared by the core modules."""

from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

#: A float array of any precision (the readable path uses float64, training float32).
FloatArray: TypeAlias = NDArray[np.floating[Any]]
