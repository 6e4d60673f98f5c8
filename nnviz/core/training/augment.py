"""Dropout and data augmentation: what changes in each training batch, and only there.

Both draw from a generator seeded by the run's seed and the batch's step number, so a
batch gets the same noise whenever it is trained: a resumed run (which knows its step)
draws what the uninterrupted run drew, and nothing needs saving for it. Evaluation (the
test and validation sets, the window's views) never sees either.

- **Dropout** with rate p silences each hidden neuron of a training batch with
  probability p and scales the others by 1 / (1 − p) ("inverted" dropout: the expected
  activation is unchanged, so the trained network is used as it is).
- **Augmentation** (images only): each training image is rotated by up to ±r degrees and
  shifted by up to ±s pixels (uniform, one draw each), then Gaussian noise of σ is added
  (:mod:`nnviz.core.image_transforms`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.image_transforms import add_noise, warp

#: Mixed into the seed: dropout and augmentation draw apart from the shuffling and each
#: other.
DROPOUT_STREAM = 0xD7
AUGMENT_STREAM = 0xA6


def batch_generator(seed: int, stream: int, step: int) -> np.random.Generator:
    """The generator of batch ``step`` (counted from 1) of a run seeded ``seed``."""
    return np.random.default_rng([seed, stream, step])


class BatchNoise:
    """A run's dropout and augmentation (either may be off).

    Parameters
    ----------
    config : TrainingConfig
        Its ``dropout``, ``augment_rotation``, ``augment_shift``, ``augment_noise``, ``seed``.
    layer_sizes : tuple of int
        The network's, input first.
    image_shape : (rows, columns) or None
        The data's; rotation and shift need it.
    capacity : int
        The largest batch.

    Raises
    ------
    ValueError
        If rotation or shift is asked for on data that are not images.
    """

    def __init__(
        self,
        config: Any,
        layer_sizes: tuple[int, ...],
        image_shape: tuple[int, int] | None,
        capacity: int,
    ) -> None:
        self.seed = int(config.seed)
        self.rate = float(config.dropout)
        self.rotation = float(config.augment_rotation)
        self.shift = float(config.augment_shift)
        self.noise = float(config.augment_noise)
        if (self.rotation or self.shift) and image_shape is None:
            raise ValueError("rotation and shift augment images; this data set has none")
        self.image_shape = image_shape
        hidden = layer_sizes[1:-1]
        self._masks = [np.empty((capacity, n), np.float32) for n in hidden] if self.rate else []
        self._keep = np.empty((capacity, max(hidden, default=1)), np.float32)

    @property
    def augments(self) -> bool:
        """Whether the training images change."""
        return bool(self.rotation or self.shift or self.noise)

    def masks(self, step: int, b: int) -> list[NDArray[np.float32]] | None:
        """Batch ``step``'s dropout masks, one per hidden layer, shape (b, n_l): 0 for a
        silenced neuron, 1 / (1 − p) for a kept one; None without dropout."""
        if not self.rate:
            return None
        rng = batch_generator(self.seed, DROPOUT_STREAM, step)
        scale = np.float32(1.0 / (1.0 - self.rate))
        out = []
        for mask in self._masks:
            view = mask[:b]
            rng.random(view.shape, dtype=np.float32, out=view)
            # mask = (u ≥ p) / (1 − p), written in place
            np.greater_equal(view, np.float32(self.rate), out=view, casting="unsafe")
            view *= scale
            out.append(view)
        return out

    def augment(self, inputs: NDArray[np.float32], step: int) -> NDArray[np.float32]:
        """Batch ``step``'s training inputs, augmented (``inputs`` itself when off).

        Parameters
        ----------
        inputs : ndarray of float32, shape (b, n_inputs)
            Overwritten with the augmented images.

        Returns
        -------
        ndarray of float32, shape (b, n_inputs)
        """
        if not self.augments:
            return inputs
        rng = batch_generator(self.seed, AUGMENT_STREAM, step)
        inputs[...] = augmented(
            inputs, self.image_shape, rng, self.rotation, self.shift, self.noise
        )
        return inputs


def augmented(
    inputs: NDArray[Any],
    image_shape: tuple[int, int] | None,
    rng: np.random.Generator,
    rotation: float,
    shift: float,
    noise: float,
) -> NDArray[np.float32]:
    """Augment rows of images as a training batch is (for previews too).

    Parameters
    ----------
    inputs : ndarray of float, shape (b, rows · columns)
        What the network sees (pixel / 255).
    image_shape : (rows, columns) or None
    rng : numpy.random.Generator
    rotation : float
        Each image turns by a uniform angle in [−rotation, rotation] degrees.
    shift : float
        ... and moves by a uniform amount in [−shift, shift] pixels each way.
    noise : float
        σ of the Gaussian noise added afterwards (clipped to [0, 1]).

    Returns
    -------
    ndarray of float32, shape (b, rows · columns)
    """
    b = inputs.shape[0]
    x = np.asarray(inputs, dtype=np.float32)
    if rotation or shift:
        assert image_shape is not None
        angles = rng.uniform(-rotation, rotation, b) if rotation else 0.0
        moves = rng.uniform(-shift, shift, (b, 2)) if shift else 0.0
        x = warp(x.reshape(b, *image_shape), angles, moves).reshape(b, -1)
    if noise:
        x = add_noise(x, noise, rng)
    return x.astype(np.float32, copy=False)
