"""What a training run needs in memory, checked before anything is allocated.

``nnviz train --hidden 100000 100000`` would ask for ten billion parameters; rather than
end in a MemoryError traceback (or be killed), the run is refused up front with the memory
it would need. The estimate counts what :class:`~nnviz.core.training.engine.Trainer`
allocates: the float32 parameters, their gradients, the last good copy and the optimiser's
state, the float64 networks handed out (the start, an epoch's record, the end), and the
per-example buffers of the largest batch.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from nnviz.core.limits import TooLargeError, check_memory, format_bytes
from nnviz.core.network import MAX_PARAMETERS
from nnviz.core.training.evaluation import EVALUATION_CHUNK

#: Bytes per parameter: float32 parameters, gradients and last good copy (12), the
#: optimiser's state (Adam 8, SGD with momentum 4), three float64 networks (24) and the
#: float32→float64 conversion of one of them (8).
_PER_PARAMETER = {"adam": 12 + 8 + 24 + 8, "sgd": 12 + 4 + 24 + 8}
#: Bytes per example of a batch and per neuron: activations, sums, deltas, scratch (float32)
#: and a mask (bool).
_PER_ACTIVATION = 4 * 4 + 1
#: Bytes per example and input: the float32 inputs twice (the loader's and the network's)
#: and the uint8 pixels.
_PER_INPUT = 4 + 4 + 1


def run_capacity(batch_size: int, n_train: int, n_test: int) -> int:
    """The rows a run's buffers get: its largest batch (never more than the training set,
    whatever the recipe says) or an evaluation chunk of the test set, whichever is more."""
    return max(min(batch_size, n_train), min(EVALUATION_CHUNK, max(n_test, 1)))


def training_memory(layer_sizes: Sequence[int], batch: int, optimizer: str = "sgd") -> int:
    """Estimate the bytes a run of a network of ``layer_sizes`` allocates.

    Parameters
    ----------
    layer_sizes : sequence of int
        Neurons per layer, input first.
    batch : int
        The largest batch (the buffers' rows).
    optimizer : {"sgd", "adam"}

    Returns
    -------
    int
    """
    parameters = sum(a * b + b for a, b in itertools.pairwise(layer_sizes))
    per_parameter = _PER_PARAMETER.get(optimizer, max(_PER_PARAMETER.values()))
    neurons = sum(layer_sizes[1:])
    return parameters * per_parameter + batch * (
        neurons * _PER_ACTIVATION + layer_sizes[0] * _PER_INPUT
    )


def check_trainable(layer_sizes: Sequence[int], batch: int, optimizer: str = "sgd") -> None:
    """Refuse a run whose network is too large to train, saying how much it would need.

    Raises
    ------
    TooLargeError
        ``a 784-100000-100000-10 network has 10,079,600,010 parameters: training it would
        need about 484.5 GB of memory (nnviz trains up to 50,000,000 parameters)``, or the
        memory it would need is more than is available now.
    """
    sizes = [int(n) for n in layer_sizes]
    parameters = sum(a * b + b for a, b in itertools.pairwise(sizes))
    needed = training_memory(sizes, batch, optimizer)
    shape = "-".join(str(n) for n in sizes)
    what = f"a {shape} network has {parameters:,} parameters: training it"
    if parameters > MAX_PARAMETERS:
        raise TooLargeError(
            f"{what} would need about {format_bytes(needed)} of memory (nnviz trains up to "
            f"{MAX_PARAMETERS:,} parameters)"
        )
    check_memory(needed, what)
