"""Optimisers, weight decay, schedules and the recipe's validation."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from nnviz.core.mnist import one_hot
from nnviz.core.network import Network
from nnviz.core.trace import gradient_descent_step, trace
from nnviz.core.training import SetLearningRate, TrainingConfig
from nnviz.core.training.fast import BatchedNetwork
from nnviz.core.training.optimizers import (
    SGD,
    Adam,
    add_weight_decay,
    make_optimizer,
    schedule_factor,
    weight_penalty,
)
from nnviz.core.training.recipes import MNIST_RECIPE


def test_sgd_without_momentum_is_the_lectures_gradient_descent_step() -> None:
    network = Network.initialised((3, 4, 2), ("sigmoid", "softmax"), "cross_entropy", seed=4)
    x, label = np.array([0.2, -0.5, 0.9]), 1
    batched = BatchedNetwork(network, capacity=1)
    inputs = x[None, :].astype(np.float32)
    batched.forward(inputs)
    batched.backward(inputs, one_hot(label, 2)[None, :].astype(np.float32))
    SGD(batched.parameters.size, momentum=0.0).step(batched.parameters, batched.gradients, 0.5)

    expected = gradient_descent_step(network, trace(network, x, one_hot(label, 2)), 0.5)
    for fast, slow in zip(batched.to_network().weights, expected.weights, strict=True):
        np.testing.assert_allclose(fast, slow, rtol=1e-5, atol=1e-6)


def test_sgd_momentum_accumulates_velocity() -> None:
    theta = np.array([1.0, -2.0], np.float32)
    g = np.array([0.5, 1.0], np.float32)
    sgd = SGD(2, momentum=0.9)
    sgd.step(theta, g, 0.1)  # v = g
    sgd.step(theta, g, 0.1)  # v = 0.9 g + g = 1.9 g
    np.testing.assert_allclose(theta, [1.0, -2.0] - 0.1 * (1 + 1.9) * g, rtol=1e-6)
    sgd.reset()
    assert not sgd.velocity.any()


def test_adam_matches_the_textbook_formula() -> None:
    rng = np.random.default_rng(0)
    theta = rng.standard_normal(5).astype(np.float32)
    reference = theta.astype(np.float64)
    m = np.zeros(5)
    v = np.zeros(5)
    adam = Adam(5)
    for t in range(1, 6):
        g = rng.standard_normal(5)
        adam.step(theta, g.astype(np.float32), 0.01)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        reference -= 0.01 * m_hat / (np.sqrt(v_hat) + 1e-8)
    np.testing.assert_allclose(theta, reference, rtol=1e-5, atol=1e-7)
    adam.reset()
    assert adam.t == 0 and not adam.first_moment.any()


def test_weight_decay_is_the_gradient_of_the_lectures_penalty_and_spares_biases() -> None:
    network = Network.initialised((3, 2, 2), ("relu", "softmax"), "cross_entropy", seed=0)
    batched = BatchedNetwork(network, capacity=1)
    batched.gradients[:] = 0.0
    lam, m = 30.0, 600
    add_weight_decay(batched.gradients, batched.parameters, batched.n_weights, lam / m)
    for w, g in zip(batched.weights, batched.weight_gradients, strict=True):
        np.testing.assert_allclose(g, lam / m * w, rtol=1e-6)
    for g in batched.bias_gradients:
        assert not g.any()
    squares = sum(float(np.sum(w.astype(np.float64) ** 2)) for w in network.weights)
    penalty = weight_penalty(batched.parameters, batched.n_weights, lam / m)
    assert penalty == pytest.approx(lam / (2 * m) * squares, rel=1e-5)
    assert weight_penalty(batched.parameters, batched.n_weights, 0.0) == 0.0


def test_schedules() -> None:
    assert schedule_factor("constant", 0.7) == 1.0
    assert schedule_factor("cosine", 0.0) == 1.0
    assert schedule_factor("cosine", 0.5) == pytest.approx(0.5)
    assert schedule_factor("cosine", 1.0) == pytest.approx(0.0)
    assert schedule_factor("cosine", 2.0) == pytest.approx(0.0)
    assert [schedule_factor("step", p) for p in (0.2, 0.6, 0.9)] == [1.0, 0.1, 0.01]
    # A warm restart: down to 0 at 40 % of the run (epoch 6 of 15), then from 0.5 to 0.
    restart = [schedule_factor("restart", p) for p in (0.0, 0.2, 0.4, 0.7, 1.0)]
    assert restart == pytest.approx([1.0, 0.5, 0.5, 0.25, 0.0])
    assert schedule_factor("restart", 0.3999) < 0.01
    with pytest.raises(ValueError, match="unknown schedule"):
        schedule_factor("linear", 0.5)


def test_make_optimizer() -> None:
    assert isinstance(make_optimizer("sgd", 3), SGD)
    assert isinstance(make_optimizer("adam", 3), Adam)
    with pytest.raises(ValueError, match="unknown optimizer"):
        make_optimizer("rmsprop", 3)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"learning_rate": 0.0}, "greater than 0"),
        ({"learning_rate": -1.0}, "greater than 0"),
        ({"learning_rate": math.nan}, "finite"),
        ({"learning_rate": math.inf}, "finite"),
        ({"batch_size": 0}, "batch size"),
        ({"epochs": 0}, "epochs"),
        ({"epochs": "abc"}, "epochs"),
        ({"momentum": 1.0}, "momentum"),
        ({"weight_decay": -0.1}, "weight decay"),
        ({"optimizer": "lbfgs"}, "unknown optimizer"),
        ({"schedule": "warm"}, "unknown schedule"),
        ({"seed": -1}, "seed"),
        ({"divergence_factor": 1.0}, "divergence"),
        ({"on_divergence": "explode"}, "on_divergence"),
        ({"blas_threads": 0}, "BLAS"),
    ],
)
def test_config_refuses_bad_values(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TrainingConfig(**changes)  # type: ignore[arg-type]


def test_default_recipe_and_its_record() -> None:
    config = TrainingConfig()
    assert (config.optimizer, config.batch_size, config.schedule) == ("sgd", 64, "restart")
    assert (config.weight_decay, config.augment_shift) == (10.0, 0)
    # MNIST's recipe is the same but for moving its images by up to a pixel.
    assert dataclasses.replace(config, augment_shift=1) == MNIST_RECIPE
    recipe = config.recipe()
    assert recipe["learning_rate"] == config.learning_rate
    assert "blas_threads" not in recipe and "stats_every" not in recipe


def test_set_learning_rate_validates_in_the_senders_thread() -> None:
    assert SetLearningRate(0.5).value == 0.5
    for bad in (0, -2.0, math.nan, "fast"):
        with pytest.raises(ValueError, match="learning rate"):
            SetLearningRate(bad)  # type: ignore[arg-type]
