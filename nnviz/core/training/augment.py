"""Dropout and data augmentation: what changes in each training batch, and only there.

Both draw from generators seeded by the run's seed and where the run is (the batch's step
number; for the shifts, the epoch), so a batch gets the same noise whenever it is
trained: a resumed run (which knows its step and epoch) draws what the uninterrupted run
drew, and nothing needs saving for it. Evaluation (the test and validation sets, the
window's views) never sees either.

- **Dropout** with rate p silences each hidden neuron of a training batch with
  probability p and scales the others by 1 / (1 − p) ("inverted" dropout: the expected
  activation is unchanged, so the trained network is used as it is).
- **Augmentation** (images only): each training image is moved by a whole number of
  pixels from −s to s across and down (each equally likely, drawn apart), rotated about
  its centre by up to ±r degrees (uniform), then Gaussian noise of σ is added
  (:mod:`nnviz.core.image_transforms`). Whole pixels keep the digit's own pixel values
  (a fractional move would blur it) and cost a few copies per batch; the moves of a
  whole epoch are drawn at once, one per place in the epoch's order, because a
  generator per batch would cost more than the moves.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.image_transforms import WholePixelShift, add_noise, warp

#: Mixed into the seed: dropout and augmentation draw apart from the shuffling and each
#: other.
DROPOUT_STREAM = 0xD7
AUGMENT_STREAM = 0xA6
SHIFT_STREAM = 0x5F


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
    examples : int
        Training examples (places in an epoch's order), at least 1.

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
        examples: int,
    ) -> None:
        self.seed = int(config.seed)
        self.rate = float(config.dropout)
        self.rotation = float(config.augment_rotation)
        self.shift = int(config.augment_shift)
        self.noise = float(config.augment_noise)
        if (self.rotation or self.shift) and image_shape is None:
            raise ValueError("rotation and shift augment images; this data set has none")
        self.image_shape = image_shape
        self.examples = int(examples)
        self._shifter = (
            WholePixelShift(capacity, image_shape, self.shift, np.float32)
            if self.shift and image_shape is not None
            else None
        )
        self._epoch_moves: tuple[int, NDArray[np.intp]] | None = None
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

    def moves(self, epoch: int, position: int, b: int) -> NDArray[np.intp] | None:
        """The whole-pixel moves of the ``b`` images from ``position`` (counted from 0) in
        epoch ``epoch``'s order, shape (b, 2) as (right, down); None without shifts."""
        if not self.shift:
            return None
        if self._epoch_moves is None or self._epoch_moves[0] != epoch:
            rng = batch_generator(self.seed, SHIFT_STREAM, epoch)
            drawn = rng.integers(-self.shift, self.shift + 1, (self.examples, 2), dtype=np.intp)
            self._epoch_moves = (epoch, drawn)
        return self._epoch_moves[1][position : position + b]

    def augment(
        self, inputs: NDArray[np.float32], step: int, *, epoch: int, position: int
    ) -> NDArray[np.float32]:
        """The training inputs of batch ``step``, augmented (``inputs`` itself when off).

        Parameters
        ----------
        inputs : ndarray of float32, shape (b, n_inputs)
            Overwritten with the augmented images.
        step : int
            The batch's step, counted from 1 (rotation and noise are drawn for it).
        epoch, position : int
            The epoch and the batch's first place in its order (the moves are drawn for
            those).

        Returns
        -------
        ndarray of float32, shape (b, n_inputs)
        """
        if not self.augments:
            return inputs
        b = inputs.shape[0]
        rng = (
            batch_generator(self.seed, AUGMENT_STREAM, step)
            if self.rotation or self.noise
            else None
        )
        return _transform(
            inputs,
            self.image_shape,
            self.moves(epoch, position, b),
            rng,
            self.rotation,
            self.noise,
            self._shifter,
        )


def augmented(
    inputs: NDArray[Any],
    image_shape: tuple[int, int] | None,
    rng: np.random.Generator,
    rotation: float,
    shift: int,
    noise: float,
) -> NDArray[np.float32]:
    """Augment rows of images as a training batch is (for previews: the moves come from
    ``rng`` here, not from the epoch's draw).

    Parameters
    ----------
    inputs : ndarray of float, shape (b, rows · columns)
        What the network sees (pixel / 255).
    image_shape : (rows, columns) or None
    rng : numpy.random.Generator
    rotation : float
        Each image turns by a uniform angle in [−rotation, rotation] degrees ...
    shift : int
        ... after moving by a whole number of pixels from −shift to shift, right and down.
    noise : float
        σ of the Gaussian noise added afterwards (clipped to [0, 1]).

    Returns
    -------
    ndarray of float32, shape (b, rows · columns)
    """
    x = np.array(inputs, dtype=np.float32)
    reach = int(shift)
    moves = rng.integers(-reach, reach + 1, (x.shape[0], 2)) if reach else None
    return _transform(x, image_shape, moves, rng, rotation, noise, None)


def _transform(
    x: NDArray[np.float32],
    image_shape: tuple[int, int] | None,
    moves: NDArray[np.integer] | None,
    rng: np.random.Generator | None,
    rotation: float,
    noise: float,
    shifter: WholePixelShift | None,
) -> NDArray[np.float32]:
    """Move, rotate and add noise to the rows of ``x`` (b, n_inputs), in place."""
    b = x.shape[0]
    if moves is not None:
        assert image_shape is not None
        if shifter is None:
            reach = int(np.abs(moves).max(initial=0))
            shifter = WholePixelShift(b, image_shape, reach, x.dtype)
        x.reshape(b, *image_shape)[...] = shifter(x, moves[:, 1], moves[:, 0])
    if rotation:
        assert image_shape is not None and rng is not None
        angles = rng.uniform(-rotation, rotation, b)
        x[...] = warp(x.reshape(b, *image_shape), angles).reshape(b, -1)
    if noise:
        assert rng is not None
        x[...] = add_noise(x, noise, rng)
    return x
