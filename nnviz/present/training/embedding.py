"""A t-SNE map of a layer's activations (scikit-learn), beside the Inside page's PCA map.

PCA keeps the two directions of largest variance, so classes that differ along a third
overlap on it; t-SNE places each image near the images whose activations are nearest to
its own, and shows the clusters a layer has made. It costs seconds, not milliseconds, so
it runs on a subset (:data:`TSNE_POINTS` test images) and on request, off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.present.training.analysis import layer_activations

#: Test images on the t-SNE map (about 3-10 s on one core of this machine, measured).
TSNE_POINTS = 1_000


@dataclass(frozen=True)
class Embedding:
    """Test images placed on a plane by t-SNE.

    Attributes
    ----------
    layer : int
    points : ndarray of float32, shape (n, 2)
        Image i of the test set at ``points[i]`` (the first n test images).
    seconds : float
        How long t-SNE took.
    """

    layer: int
    points: NDArray[np.float32]
    seconds: float


def tsne_map(
    network: Network, data: DataSet, layer: int, count: int = TSNE_POINTS, seed: int = 0
) -> Embedding:
    """The t-SNE map of layer ``layer``'s activations for the first ``count`` test images.

    Parameters
    ----------
    network : Network
    data : DataSet
        Its test set (at least one example).
    layer : int
        0 for the inputs, 1 .. L for a layer's activations.
    count : int
        Test images (the first ones; fewer if the test set is smaller).
    seed : int
        scikit-learn's random state: the same network and seed give the same map.

    Returns
    -------
    Embedding

    Raises
    ------
    ValueError
        If there are fewer than 5 test images (t-SNE needs neighbours).
    """
    import time

    # Imported here: it takes a second to load. scikit-learn ships no type information.
    from sklearn.manifold import TSNE

    inputs = data.test_inputs[:count]
    if len(inputs) < 5:
        raise ValueError("a t-SNE map needs at least 5 test images")
    activations = layer_activations(network, data, inputs, layer).astype(np.float64)
    started = time.perf_counter()
    # Perplexity ~ the neighbours each point keeps; it must stay below the point count.
    perplexity = float(min(30.0, (len(inputs) - 1) / 3))
    points = TSNE(
        n_components=2,
        perplexity=perplexity,
        init="pca",
        random_state=seed,
        n_jobs=1,
        # Half the default 1,000 iterations: the clusters have formed by then (seen),
        # and the map comes twice as soon.
        max_iter=500,
    ).fit_transform(activations)
    return Embedding(layer, np.asarray(points, np.float32), time.perf_counter() - started)
