"""Where a run is, whole: what it takes to continue it exactly as if it had never stopped.

A :class:`RunState` is taken at the end of every epoch (:class:`EpochRecord.state`) and
when a run is stopped (:class:`Finished.state`). Given back to a
:class:`~nnviz.core.training.engine.Trainer` (``Trainer(network, data, config,
resume=state)``, ``network`` being the weights the state was taken with) the run goes on
from the next batch with the same learning-rate schedule position, the same optimiser
state (SGD's velocity, Adam's moments and step count), the same shuffling (the random
generator's state) and the same divergence reference, so it ends with the same weights as
the run that was never interrupted (bit for bit with the same BLAS threads; to float32
rounding otherwise).

For files, :meth:`RunState.to_meta` gives the JSON-able part and :meth:`RunState.arrays`
the optimiser's arrays (named ``run/…``); :meth:`RunState.from_meta` puts them back
together and checks everything.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.training.config import TrainingConfig
from nnviz.core.training.frozen import freeze_on_unpickle, frozen_array

#: The recipe's fields a resumed run must share with the interrupted one (the learning
#: rate may differ: the state carries the base rate the run had reached).
SHAPING_FIELDS = (
    "epochs",
    "batch_size",
    "optimizer",
    "momentum",
    "schedule",
    "weight_decay",
    "seed",
    "shuffle",
    "validation",
    "dropout",
    "augment_rotation",
    "augment_shift",
    "augment_noise",
)
#: Each optimiser's arrays, in order.
OPTIMIZER_ARRAYS = {"sgd": ("velocity",), "adam": ("first_moment", "second_moment")}
ARRAY_PREFIX = "run/"


class RunStateError(ValueError):
    """A run state that cannot be continued; ``str()`` is one line for the user."""


@freeze_on_unpickle
@dataclass(frozen=True, eq=False)  # arrays: compare to_meta() and arrays() instead
class RunState:
    """Everything a run needs to continue exactly (see the module docstring).

    Attributes
    ----------
    config : TrainingConfig
        The recipe the run follows.
    n_train : int
        Training examples it was running on (the schedule and the shuffling depend on it).
    epoch : int
        The epoch of the last batch trained (1-based; 0 before the first).
    batch : int
        Batches of that epoch done (``batches_per_epoch`` when the epoch ended).
    step : int
        Batches trained in all (batches lost to a divergence are not counted).
    base_rate : float
        η as the run last had it (the schedule scales it).
    optimizer : tuple of ndarray of float32, shape (n_parameters,)
        SGD's velocity, or Adam's first and second moments (read-only).
    optimizer_step : int
        Adam's t (0 for SGD).
    shuffle_state : str
        JSON of the shuffling generator's state before epoch ``epoch``'s order was drawn.
    reference_loss : float
        The divergence watch's reference.
    seen_first : bool
        Whether the watch has taken its first healthy loss.
    epoch_sums : tuple of float
        Loss sum, correct count and examples of epoch ``epoch`` so far (for its train
        loss and accuracy when it ends).
    """

    config: TrainingConfig
    n_train: int
    epoch: int
    batch: int
    step: int
    base_rate: float
    optimizer: tuple[NDArray[np.float32], ...]
    optimizer_step: int
    shuffle_state: str
    reference_loss: float
    seen_first: bool
    epoch_sums: tuple[float, float, float]

    @property
    def batches_per_epoch(self) -> int:
        """Batches in one epoch of this run."""
        return -(-self.n_train // self.config.batch_size)

    @property
    def epochs_done(self) -> float:
        """How far the run got, in epochs (2.5: half-way through the third)."""
        return self.epoch - 1 + self.batch / self.batches_per_epoch if self.epoch else 0.0

    @property
    def finished(self) -> bool:
        """Whether every planned batch was trained."""
        return self.epoch >= self.config.epochs and self.batch >= self.batches_per_epoch

    def check_continues(self, config: TrainingConfig, n_train: int, n_parameters: int) -> None:
        """Raise :class:`RunStateError` unless a run of ``config`` on ``n_train`` examples
        of a network with ``n_parameters`` parameters continues this one."""
        for name in SHAPING_FIELDS:
            mine, theirs = getattr(self.config, name), getattr(config, name)
            if mine != theirs:
                raise RunStateError(
                    f"the saved run has {name.replace('_', ' ')} {mine}, this one {theirs}"
                )
        if n_train != self.n_train:
            raise RunStateError(
                f"the saved run trained on {self.n_train:,} examples, this one has {n_train:,}"
            )
        sizes = {array.size for array in self.optimizer}
        if sizes != {n_parameters}:
            raise RunStateError("the saved optimiser state does not fit this network")
        if self.finished:
            raise RunStateError("the saved run had finished: there is nothing left to continue")

    def with_config(self, config: TrainingConfig) -> RunState:
        """The same state under ``config`` (same shaping fields: see
        :meth:`check_continues`), e.g. with the pace or the divergence action of a new
        driver."""
        return replace(self, config=config)

    # -- files -------------------------------------------------------------------------------

    def to_meta(self) -> dict[str, Any]:
        """The JSON-able part (the arrays are :meth:`arrays`)."""
        return {
            "recipe": self.config.recipe(),
            "n_train": self.n_train,
            "epoch": self.epoch,
            "batch": self.batch,
            "step": self.step,
            "base_rate": self.base_rate,
            "optimizer_step": self.optimizer_step,
            "shuffle_state": self.shuffle_state,
            "reference_loss": self.reference_loss,
            "seen_first": self.seen_first,
            "epoch_sums": list(self.epoch_sums),
        }

    def arrays(self) -> dict[str, NDArray[np.float32]]:
        """The optimiser's arrays, keyed ``run/velocity`` etc."""
        names = OPTIMIZER_ARRAYS[self.config.optimizer]
        pairs = zip(names, self.optimizer, strict=True)
        return {ARRAY_PREFIX + name: array for name, array in pairs}

    @classmethod
    def from_meta(
        cls,
        meta: Any,
        arrays: dict[str, NDArray[Any]],
        config: TrainingConfig | None = None,
    ) -> RunState:
        """Rebuild a state from :meth:`to_meta` and :meth:`arrays`, checking every field.

        ``config`` is the recipe to run under (default: the saved recipe with nnviz's
        other defaults); its shaping fields must be the saved ones.

        Raises
        ------
        RunStateError
            One line saying what is wrong.
        """
        if not isinstance(meta, dict):
            raise RunStateError("the saved run state is not an object")
        try:
            recipe = meta["recipe"]
            if not isinstance(recipe, dict) or set(recipe) - set(SHAPING_FIELDS) - {
                "learning_rate"
            }:
                raise RunStateError("the saved run state's recipe is not one nnviz knows")
            saved = TrainingConfig(**recipe)
            state = cls(
                config=saved,
                n_train=_whole(meta["n_train"], 1),
                epoch=_whole(meta["epoch"], 0),
                batch=_whole(meta["batch"], 0),
                step=_whole(meta["step"], 0),
                base_rate=_positive(meta["base_rate"]),
                optimizer=_optimizer_arrays(saved.optimizer, arrays),
                optimizer_step=_whole(meta["optimizer_step"], 0),
                shuffle_state=_shuffle_state(meta["shuffle_state"]),
                reference_loss=_non_negative(meta["reference_loss"]),
                seen_first=bool(meta["seen_first"]),
                epoch_sums=_sums(meta["epoch_sums"]),
            )
        except KeyError as missing:
            raise RunStateError(f"the saved run state has no {missing.args[0]!r}") from None
        except (TypeError, ValueError) as error:
            if isinstance(error, RunStateError):
                raise
            raise RunStateError(f"the saved run state is refused: {error}") from None
        if state.batch > state.batches_per_epoch or state.epoch > saved.epochs:
            raise RunStateError("the saved run state is past the end of its run")
        if state.step > state.epoch * state.batches_per_epoch:
            raise RunStateError("the saved run state counts more batches than it had")
        if config is not None:
            for name in SHAPING_FIELDS:
                if getattr(config, name) != getattr(saved, name):
                    raise RunStateError(
                        f"the saved run has {name.replace('_', ' ')} {getattr(saved, name)}, "
                        f"not {getattr(config, name)}"
                    )
            state = state.with_config(config)
        return state


def shuffle_state_text(rng: np.random.Generator) -> str:
    """The generator's state as JSON (its integers are larger than 64 bits: JSON keeps
    them exactly)."""
    return json.dumps(rng.bit_generator.state)


def restore_generator(text: str) -> np.random.Generator:
    """A generator in the state :func:`shuffle_state_text` wrote."""
    state = json.loads(text)
    bit_generator = getattr(np.random, state["bit_generator"])()
    bit_generator.state = state
    return np.random.Generator(bit_generator)


def _shuffle_state(value: Any) -> str:
    if not isinstance(value, str):
        raise RunStateError("the saved shuffling state is not text")
    try:
        state = json.loads(value)
        if not isinstance(state, dict) or state.get("bit_generator") != "PCG64":
            raise RunStateError("the saved shuffling state is not nnviz's (PCG64)")
        restore_generator(value)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise RunStateError("the saved shuffling state cannot be read") from None
    return value


def _optimizer_arrays(
    optimizer: str, arrays: dict[str, NDArray[Any]]
) -> tuple[NDArray[np.float32], ...]:
    names = OPTIMIZER_ARRAYS[optimizer]
    found = []
    for name in names:
        array = arrays.get(ARRAY_PREFIX + name)
        if array is None:
            raise RunStateError(f"the saved run state has no {ARRAY_PREFIX + name}")
        if array.ndim != 1 or array.dtype.kind != "f" or not np.all(np.isfinite(array)):
            raise RunStateError(f"{ARRAY_PREFIX + name} is not a vector of finite numbers")
        found.append(frozen_array(array, np.float32))
    if len({array.size for array in found}) != 1:
        raise RunStateError("the saved optimiser arrays differ in size")
    return tuple(found)


def _whole(value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise RunStateError(f"{value!r} is not a whole number of at least {minimum}")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RunStateError(f"{value!r} is not a finite number")
    return float(value)


def _positive(value: Any) -> float:
    number = _number(value)
    if number <= 0:
        raise RunStateError(f"the saved learning rate {number} is not above 0")
    return number


def _non_negative(value: Any) -> float:
    number = _number(value)
    if number < 0:
        raise RunStateError(f"{number} is below 0")
    return number


def _sums(value: Any) -> tuple[float, float, float]:
    if not isinstance(value, list | tuple) or len(value) != 3:
        raise RunStateError("the saved epoch sums are not three numbers")
    a, b, c = (_non_negative(v) for v in value)
    return a, b, c
