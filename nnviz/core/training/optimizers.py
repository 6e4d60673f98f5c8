"""Optimisers, weight decay and learning-rate schedules, on flat float32 vectors.

Every optimiser updates the whole parameter vector of a
:class:`~nnviz.core.training.fast.BatchedNetwork` at once (weights first, then biases), with
scratch space allocated once, so a step costs a few passes over 84,060 floats.

Weight decay is the lecture's regulariser: the cost J gains (λ / 2m) Σ Θ² over every weight
(biases excluded), m being the number of training examples. Its gradient (λ / m)·W is added
to each mini-batch gradient, which keeps the mini-batch gradient an unbiased estimate of
∇J, and means λ does not change meaning with the batch size. With Adam this is the same
coupled L2 term (not AdamW's decoupled decay), so the cost being minimised is the lecture's.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

Float32Array = NDArray[np.float32]

OPTIMIZER_NAMES = ("sgd", "adam")
SCHEDULE_NAMES = ("constant", "cosine", "step", "restart")
#: Where the ``restart`` schedule's first cosine ends (6 of 15 epochs) and the rate its
#: second one starts from.
RESTART_AT, RESTART_FACTOR = 0.4, 0.5


class Optimizer:
    """Base class: ``step`` moves ``parameters`` against ``gradients`` in place."""

    name = "optimizer"

    def step(self, parameters: Float32Array, gradients: Float32Array, learning_rate: float) -> None:
        """Apply one update.

        Parameters
        ----------
        parameters : ndarray of float32, shape (n,)
            Updated in place.
        gradients : ndarray of float32, shape (n,)
            ∂J/∂θ for the batch (weight decay already added).
        learning_rate : float
            η for this step (the schedule already applied).
        """
        raise NotImplementedError

    def reset(self) -> None:
        """Forget the optimiser's state (velocity, moments), e.g. after a divergence."""

    def state(self) -> tuple[tuple[Float32Array, ...], int]:
        """Copies of the optimiser's arrays and its step count (to continue a run)."""
        return (), 0

    def load_state(self, arrays: tuple[Float32Array, ...], step: int) -> None:
        """Put back what :meth:`state` returned (arrays of this optimiser's size)."""


class SGD(Optimizer):
    """Mini-batch gradient descent with (heavy-ball) momentum.

    v ← μ·v + g, then θ ← θ − η·v. With μ = 0 this is plain gradient descent,
    θ ← θ − η·g, the lecture's update. Keeping η out of v means a change of learning rate
    takes effect at once, at the new size, without rescaling the velocity.

    Parameters
    ----------
    size : int
        Number of parameters.
    momentum : float
        μ, in [0, 1).
    """

    name = "sgd"

    def __init__(self, size: int, momentum: float = 0.9) -> None:
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"the momentum must be at least 0 and below 1, got {momentum}")
        self.momentum = float(momentum)
        self.velocity: Float32Array = np.zeros(size, np.float32)
        self._scratch: Float32Array = np.empty(size, np.float32)

    def step(self, parameters: Float32Array, gradients: Float32Array, learning_rate: float) -> None:
        """θ ← θ − η·v with v ← μ·v + g (see the class docstring)."""
        if self.momentum == 0.0:
            np.multiply(gradients, np.float32(learning_rate), out=self._scratch)
        else:
            self.velocity *= np.float32(self.momentum)
            self.velocity += gradients
            np.multiply(self.velocity, np.float32(learning_rate), out=self._scratch)
        parameters -= self._scratch

    def reset(self) -> None:
        """Zero the velocity."""
        self.velocity.fill(0.0)

    def state(self) -> tuple[tuple[Float32Array, ...], int]:
        """A copy of the velocity (SGD counts no steps)."""
        return (self.velocity.copy(),), 0

    def load_state(self, arrays: tuple[Float32Array, ...], step: int) -> None:
        """Put back a velocity :meth:`state` returned."""
        (velocity,) = arrays
        np.copyto(self.velocity, velocity)


class Adam(Optimizer):
    """Adam (Kingma and Ba, 2015) with bias-corrected moment estimates.

    m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η·m̂ / (√v̂ + ε), where
    m̂ = m / (1 − β₁ᵗ) and v̂ = v / (1 − β₂ᵗ); computed in the equivalent form
    θ ← θ − η·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε·√(1 − β₂ᵗ)).

    Parameters
    ----------
    size : int
        Number of parameters.
    beta1, beta2 : float
        Decay rates of the first and second moment estimates, in [0, 1).
    epsilon : float
        ε > 0, keeps the division finite.
    """

    name = "adam"

    def __init__(
        self, size: int, beta1: float = 0.9, beta2: float = 0.999, epsilon: float = 1e-8
    ) -> None:
        for what, value in (("beta1", beta1), ("beta2", beta2)):
            if not 0.0 <= value < 1.0:
                raise ValueError(f"{what} must be at least 0 and below 1, got {value}")
        if not epsilon > 0.0:
            raise ValueError(f"epsilon must be greater than 0, got {epsilon}")
        self.beta1, self.beta2, self.epsilon = float(beta1), float(beta2), float(epsilon)
        self.t = 0
        self.first_moment: Float32Array = np.zeros(size, np.float32)
        self.second_moment: Float32Array = np.zeros(size, np.float32)
        self._scratch: Float32Array = np.empty(size, np.float32)

    def step(self, parameters: Float32Array, gradients: Float32Array, learning_rate: float) -> None:
        """One Adam update (see the class docstring)."""
        self.t += 1
        m, v, s = self.first_moment, self.second_moment, self._scratch
        m *= np.float32(self.beta1)
        np.multiply(gradients, np.float32(1.0 - self.beta1), out=s)
        m += s
        v *= np.float32(self.beta2)
        np.multiply(gradients, gradients, out=s)
        s *= np.float32(1.0 - self.beta2)
        v += s
        correction2 = math.sqrt(1.0 - self.beta2**self.t)
        step_size = learning_rate * correction2 / (1.0 - self.beta1**self.t)
        np.sqrt(v, out=s)
        s += np.float32(self.epsilon * correction2)
        np.divide(m, s, out=s)
        s *= np.float32(step_size)
        parameters -= s

    def reset(self) -> None:
        """Zero both moment estimates and restart the bias correction."""
        self.t = 0
        self.first_moment.fill(0.0)
        self.second_moment.fill(0.0)

    def state(self) -> tuple[tuple[Float32Array, ...], int]:
        """Copies of both moment estimates, and t."""
        return (self.first_moment.copy(), self.second_moment.copy()), self.t

    def load_state(self, arrays: tuple[Float32Array, ...], step: int) -> None:
        """Put back the moments and t :meth:`state` returned."""
        first, second = arrays
        np.copyto(self.first_moment, first)
        np.copyto(self.second_moment, second)
        self.t = step


def make_optimizer(name: str, size: int, momentum: float = 0.9) -> Optimizer:
    """Return the optimiser called ``name`` (``"sgd"`` or ``"adam"``) for ``size`` parameters.

    ``momentum`` is SGD's μ (Adam keeps its usual β₁ = 0.9, β₂ = 0.999).
    """
    if name == "sgd":
        return SGD(size, momentum)
    if name == "adam":
        return Adam(size)
    raise ValueError(f"unknown optimizer {name!r} (known: {', '.join(OPTIMIZER_NAMES)})")


def add_weight_decay(
    gradients: Float32Array, parameters: Float32Array, n_weights: int, coefficient: float
) -> None:
    """Add (λ / m)·W to the weight gradients, leaving the bias gradients alone.

    Parameters
    ----------
    gradients, parameters : ndarray of float32, shape (n,)
        The flat layout of :class:`~nnviz.core.training.fast.BatchedNetwork`: the first
        ``n_weights`` entries are weights.
    n_weights : int
    coefficient : float
        λ / m.
    """
    if coefficient:
        gradients[:n_weights] += np.float32(coefficient) * parameters[:n_weights]


def weight_penalty(parameters: Float32Array, n_weights: int, coefficient: float) -> float:
    """Return the regularisation term (λ / 2m) Σ W² (biases excluded); ``coefficient`` is λ / m."""
    if not coefficient:
        return 0.0
    weights = parameters[:n_weights]
    return 0.5 * coefficient * float(np.dot(weights, weights))


def schedule_factor(schedule: str, progress: float) -> float:
    """Return the learning-rate multiplier of ``schedule`` at ``progress`` through training.

    Parameters
    ----------
    schedule : {"constant", "cosine", "step", "restart"}
        ``constant``: 1 throughout. ``cosine``: ½(1 + cos πp), from 1 down to 0 at the end.
        ``step``: 1, then 0.1 from half-way, then 0.01 from three quarters. ``restart``
        (a warm restart, as in SGDR): a cosine from 1 down to 0 over the first 40 % of the
        run, then a second one from 0.5 down to 0 (nnviz's MNIST recipe: over its 15
        epochs, the first cosine ends with epoch 6; see docs/recipe.md).
    progress : float
        p, the fraction of all planned batches already done (0 at the start; clipped to
        [0, 1], so steps past the plan keep the last factor).
    """
    p = min(max(progress, 0.0), 1.0)
    if schedule == "constant":
        return 1.0
    if schedule == "cosine":
        return 0.5 * (1.0 + math.cos(math.pi * p))
    if schedule == "step":
        return 1.0 if p < 0.5 else 0.1 if p < 0.75 else 0.01
    if schedule == "restart":
        if p < RESTART_AT:
            return 0.5 * (1.0 + math.cos(math.pi * p / RESTART_AT))
        rest = (p - RESTART_AT) / (1.0 - RESTART_AT)
        return RESTART_FACTOR * 0.5 * (1.0 + math.cos(math.pi * rest))
    raise ValueError(f"unknown schedule {schedule!r} (known: {', '.join(SCHEDULE_NAMES)})")
