"""The training generator: records, learning, determinism, copies, divergence, BLAS threads."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from nnviz.core.data import DataSet
from nnviz.core.mnist import Dataset
from nnviz.core.network import Network
from nnviz.core.presets import load_preset
from nnviz.core.training import (
    BatchRecord,
    Diverged,
    EpochRecord,
    Finished,
    Started,
    Trainer,
    TrainingConfig,
    evaluate,
)
from nnviz.core.training.fast import BatchedNetwork
from nnviz.core.training.monitor import layer_statistics


def mnist_network(seed: int = 0) -> Network:
    return Network.initialised(
        (784, 100, 50, 10), ("relu", "relu", "softmax"), "cross_entropy", seed=seed
    )


def run(network: Network, data: DataSet, **config: object) -> list[object]:
    return list(Trainer(network, data, TrainingConfig(**config)).run())  # type: ignore[arg-type]


def of_type(records: list[object], kind: type) -> list:
    return [r for r in records if isinstance(r, kind)]


def test_a_run_yields_started_then_batches_and_epochs_then_finished(
    small_data: DataSet,
) -> None:
    records = run(mnist_network(), small_data, epochs=2, stats_every=5)
    assert isinstance(records[0], Started) and isinstance(records[-1], Finished)
    started, finished = records[0], records[-1]
    assert (started.n_train, started.n_test, started.batches_per_epoch) == (960, 300, 15)
    batches = of_type(records, BatchRecord)
    epochs = of_type(records, EpochRecord)
    assert [b.step for b in batches] == list(range(1, 31))
    assert [(b.epoch, b.batch) for b in batches[14:16]] == [(1, 15), (2, 1)]
    assert [e.epoch for e in epochs] == [1, 2]
    # An epoch record comes right after the epoch's last batch.
    assert records.index(epochs[0]) == records.index(batches[14]) + 1
    assert finished.reason == "completed" and finished.epochs_completed == 2
    assert finished.network == epochs[-1].network
    assert finished.last_epoch is epochs[-1]
    for b in batches:
        assert b.size == 64 and 0.0 <= b.accuracy <= 1.0 and np.isfinite(b.loss)
        assert b.learning_rate <= TrainingConfig().learning_rate
    assert batches[0].learning_rate == TrainingConfig().learning_rate  # cosine starts at 1
    elapsed = [b.elapsed for b in batches]
    assert elapsed == sorted(elapsed)


def test_layer_statistics_every_few_batches(small_data: DataSet) -> None:
    batches = of_type(run(mnist_network(), small_data, epochs=1, stats_every=5), BatchRecord)
    with_stats = [b.step for b in batches if b.layer_stats is not None]
    assert with_stats == [1, 6, 11]
    stats = batches[0].layer_stats
    assert [s.layer for s in stats] == [1, 2, 3]
    assert [s.activation for s in stats] == ["relu", "relu", "softmax"]
    for s, width in zip(stats, (100, 50, 10), strict=True):
        assert int(s.histogram_counts.sum()) == 64 * width
        assert s.histogram_edges.shape == (TrainingConfig().histogram_bins + 1,)
        assert 0.0 <= s.dead_fraction <= 1.0
        assert s.weight_norm > 0 and s.gradient_norm > 0
    assert stats[0].mean_activation > 0
    # Softmax rows sum to 1, so its mean over 10 outputs is exactly 0.1.
    assert stats[2].mean_activation == pytest.approx(0.1, rel=1e-5)
    assert stats[2].dead_fraction == 0.0
    # The first layer's weight norm is the He-initialised matrix's.
    assert stats[0].weight_norm == pytest.approx(np.linalg.norm(mnist_network().weights[0]), 1e-5)


@pytest.mark.parametrize("bins", [2, 30, 97])
def test_the_activation_histograms_are_numpys(small_data: DataSet, bins: int) -> None:
    batched = BatchedNetwork(mnist_network(), 64)
    x = (small_data.train_inputs[:64] / 255.0).astype(np.float32)
    batched.forward(x)
    batched.activations_out[1][:, :7] = 0.25  # equal values and a whole neuron's column
    for stats, out in zip(
        layer_statistics(batched, 64, bins), batched.activations_out, strict=True
    ):
        counts, edges = np.histogram(out[:64], bins=bins)
        np.testing.assert_array_equal(stats.histogram_counts, counts)
        np.testing.assert_allclose(stats.histogram_edges, edges, rtol=1e-6)
    batched.activations_out[2][:] = 0.1  # one value only: NumPy's ± 0.5 range
    stats = layer_statistics(batched, 64, bins)[2]
    np.testing.assert_array_equal(
        stats.histogram_counts, np.histogram(batched.activations_out[2], bins)[0]
    )


def test_dead_fraction_counts_neurons_silent_for_the_whole_batch(small_data: DataSet) -> None:
    network = mnist_network()
    weights = list(network.weights)
    biases = list(network.biases)
    # Make the first 25 of 100 hidden neurons dead: large negative bias, ReLU gives 0.
    b = biases[0].copy()
    b[:25] = -1000.0
    biases[0] = b
    network = network.replace(weights=tuple(weights), biases=tuple(biases))
    batch = of_type(run(network, small_data, epochs=1, seed=0), BatchRecord)[0]
    # The first batch is the first 64 rows of the seed's permutation.
    rows = np.random.default_rng(0).permutation(960)[:64]
    x = small_data.train_inputs[rows] / 255.0
    hidden = np.maximum(x @ network.weights[0] + network.biases[0], 0.0)
    expected = np.mean(~hidden.any(axis=0))
    assert expected >= 0.25
    assert batch.layer_stats[0].dead_fraction == pytest.approx(expected)


def test_training_learns_mnist_digits(small_data: DataSet) -> None:
    epochs = of_type(run(mnist_network(), small_data, epochs=3), EpochRecord)
    assert epochs[0].test.accuracy > 0.5
    assert epochs[-1].test.accuracy > 0.8
    assert epochs[-1].train_loss < epochs[0].train_loss


def test_adam_learns_too(small_data: DataSet) -> None:
    epochs = of_type(
        run(
            mnist_network(),
            small_data,
            epochs=3,
            optimizer="adam",
            learning_rate=3e-3,
            schedule="constant",
        ),
        EpochRecord,
    )
    assert epochs[-1].test.accuracy > 0.75


def test_the_same_seed_gives_the_same_run(small_data: DataSet) -> None:
    def losses_and_weights(seed: int) -> tuple[list[float], Network]:
        records = run(mnist_network(), small_data, epochs=2, seed=seed)
        return [b.loss for b in of_type(records, BatchRecord)], records[-1].network

    first, second, other = losses_and_weights(3), losses_and_weights(3), losses_and_weights(4)
    assert first[0] == second[0]
    assert first[1] == second[1]  # bit for bit
    assert first[0] != other[0]


def test_the_test_evaluation_matches_an_exact_evaluation(small_data: DataSet) -> None:
    epoch = of_type(run(mnist_network(), small_data, epochs=1), EpochRecord)[0]
    exact = evaluate(epoch.network, small_data)
    assert epoch.test.n_examples == exact.n_examples == 300
    assert epoch.test.accuracy == exact.accuracy
    np.testing.assert_array_equal(epoch.test.confusion, exact.confusion)
    assert epoch.test.loss == pytest.approx(exact.loss, rel=1e-4)
    counts = np.bincount(small_data.test_targets, minlength=10)
    np.testing.assert_array_equal(epoch.test.confusion.sum(axis=1), counts)
    assert epoch.test.accuracy == np.trace(epoch.test.confusion) / 300


def test_records_are_frozen_copies(small_data: DataSet) -> None:
    trainer = Trainer(mnist_network(), small_data, TrainingConfig(epochs=2))
    generator = trainer.run()
    first_epoch = next(r for r in generator if isinstance(r, EpochRecord))
    weights_then = first_epoch.network.weights[0].copy()
    finished = next(r for r in generator if isinstance(r, Finished))
    # Training went on, yet the record handed out after epoch 1 did not change.
    np.testing.assert_array_equal(first_epoch.network.weights[0], weights_then)
    assert not np.array_equal(finished.network.weights[0], weights_then)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first_epoch.epoch = 5  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        first_epoch.test.confusion[0, 0] = 1
    with pytest.raises(ValueError, match="read-only"):
        first_epoch.network.weights[0][0, 0] = 1.0


def test_weight_decay_keeps_weights_smaller(small_data: DataSet) -> None:
    def final_norm(weight_decay: float) -> float:
        records = run(mnist_network(), small_data, epochs=2, weight_decay=weight_decay)
        return float(sum(np.sum(w**2) for w in records[-1].network.weights))

    assert final_norm(2000.0) < 0.9 * final_norm(0.0)


def test_penalty_is_reported_per_epoch(small_data: DataSet) -> None:
    epoch = of_type(run(mnist_network(), small_data, epochs=1, weight_decay=30.0), EpochRecord)[0]
    squares = sum(float(np.sum(w**2)) for w in epoch.network.weights)
    assert epoch.penalty == pytest.approx(30.0 / (2 * 960) * squares, rel=1e-4)


def test_divergence_stops_with_a_message_and_finite_weights(small_data: DataSet) -> None:
    records = run(mnist_network(), small_data, epochs=2, learning_rate=1000.0)
    diverged = of_type(records, Diverged)
    assert len(diverged) == 1
    assert "diverged at epoch 1" in diverged[0].message
    assert "learning rate 1000, " in diverged[0].message
    assert "smaller learning rate" in diverged[0].message
    finished = records[-1]
    assert finished.reason == "diverged" and finished.message == diverged[0].message
    assert finished.network == diverged[0].network
    assert all(np.all(np.isfinite(w)) for w in finished.network.weights)
    assert not of_type(records, EpochRecord)


def test_an_exploding_but_finite_loss_counts_as_divergence() -> None:
    # A linear regression on large inputs with a far too large step: the loss grows by a
    # factor of thousands per step, and is caught while still finite.
    rng = np.random.default_rng(0)
    inputs = rng.normal(0.0, 10.0, (64, 8))
    labels = rng.integers(0, 4, 64)
    data = DataSet.classification(inputs, labels, inputs[:8], labels[:8], n_classes=4)
    network = Network.initialised((8, 4), ("identity",), "mse", seed=0, method="xavier")
    records = run(network, data, epochs=5, batch_size=16, learning_rate=1.0, momentum=0.0)
    diverged = of_type(records, Diverged)[0]
    assert "exploded" in diverged.message and np.isfinite(diverged.loss)


@pytest.mark.slow
def test_one_epoch_of_full_mnist_with_the_default_recipe(mnist: Dataset) -> None:
    """The whole training set once (about a second): the recipe learns real digits."""
    data = DataSet.from_mnist(mnist)
    records = run(load_preset("mnist").network, data, epochs=1)
    epoch = of_type(records, EpochRecord)[0]
    assert len(of_type(records, BatchRecord)) == 938  # 937 of 64 and one of 32
    assert of_type(records, BatchRecord)[-1].size == 32
    assert epoch.test.n_examples == 10_000
    assert epoch.test.accuracy > 0.95
