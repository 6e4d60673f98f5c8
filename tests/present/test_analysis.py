"""The Inside page's numbers: weight histograms now and at initialisation, a PCA map of a
layer's activations (and how far apart its classes are), each first-layer neuron's class."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.present.training.analysis import (
    activation_map,
    layer_activations,
    neuron_preferences,
    pca_map,
    weight_histograms,
)


def _data() -> DataSet:
    rng = np.random.default_rng(0)
    x = rng.random((300, 6))
    labels = (x[:, 0] > 0.5).astype(int)
    return DataSet.classification(x[:200], labels[:200], x[200:], labels[200:], 2)


def test_weight_histograms_share_bins_with_the_initial_weights() -> None:
    initial = Network.initialised((6, 5, 2), ("relu", "softmax"), "cross_entropy", seed=1)
    now = initial.with_weight(1, 0, 0, 3.0)
    first, second = weight_histograms(now, initial, bins=11)
    assert first.edges[-1] == pytest.approx(3.0) and first.edges[0] == pytest.approx(-3.0)
    assert first.now.sum() == pytest.approx(1.0) and first.initial is not None
    assert first.spread_now > first.spread_initial
    assert "→" in first.summary() and second.layer == 2
    alone = weight_histograms(now)[0]
    assert alone.initial is None and "→" not in alone.summary()


def test_layer_activations_are_the_networks_own() -> None:
    data = _data()
    network = Network.initialised((6, 5, 2), ("relu", "softmax"), "cross_entropy", seed=2)
    outputs = layer_activations(network, data, data.test_inputs, 2)
    np.testing.assert_allclose(outputs, network.predict(data.test_inputs), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(layer_activations(network, data, data.test_inputs, 0),
                                  data.test_inputs.astype(np.float32))  # fmt: skip
    with pytest.raises(ValueError, match="no layer 3"):
        layer_activations(network, data, data.test_inputs, 3)


def test_pca_finds_the_direction_of_most_variance_and_the_separation() -> None:
    rng = np.random.default_rng(3)
    labels = np.repeat([0, 1], 200)
    along = np.where(labels == 0, -5.0, 5.0) + rng.normal(0, 0.3, 400)
    points = np.column_stack([along, rng.normal(0, 1.0, 400), rng.normal(0, 0.1, 400)])
    rotation = np.linalg.qr(rng.normal(size=(3, 3)))[0]
    found = pca_map(points @ rotation, labels)
    assert found.explained[0] > 0.9
    assert abs(np.corrcoef(found.points[:, 0], along)[0, 1]) > 0.99
    assert found.separation > 0.9
    mixed = pca_map(rng.normal(size=(400, 3)), labels)
    assert mixed.separation < 0.05


def test_the_map_and_preferences_of_a_network_on_its_test_set() -> None:
    data = _data()
    network = Network.initialised((6, 4, 2), ("relu", "softmax"), "cross_entropy", seed=4)
    found = activation_map(network, data, 1, limit=50)
    assert found.layer == 1 and found.points.shape == (50, 2)
    classes, strength = neuron_preferences(network, data)
    assert classes.shape == (4,) and set(classes) <= {0, 1} and np.all(np.isfinite(strength))
