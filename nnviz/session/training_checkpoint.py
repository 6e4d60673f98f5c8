"""Training state saved at the end of every epoch, so that a crash loses at most one epoch.

A checkpoint is three files in one folder, each written atomically:

- ``checkpoint.npz``: an ordinary nnviz weights file (File ▸ Open weights reads it too)
  whose ``meta.training`` holds the recipe, the epochs done, the test accuracy, when it
  was saved, ``status: "in progress"``, and the run's whole state but its arrays
  (``run``: schedule position, base rate, shuffling generator, divergence reference; see
  :class:`~nnviz.core.training.RunState`);
- ``checkpoint-run.npz``: the optimiser's arrays (SGD's velocity, Adam's moments) and the
  step they belong to;
- ``checkpoint-history.npz``: the curves (:meth:`TrainingHistory.to_arrays`), plain
  float arrays read back with ``allow_pickle=False``.

The history and the optimiser's arrays are written first and the weights last, so the
weights file is the commit point; a history one epoch newer than its weights is cut back
on reading, and optimiser arrays of another step are not used (the run then restores
without its exact state, and says so). A run that ends
(completed, stopped, reset) removes its checkpoint: what is left after a start-up is the
work of a run that never ended, offered to the user to restore.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from numpy.typing import NDArray

from nnviz.core.fileio import atomic_write
from nnviz.core.network import Network
from nnviz.core.notation import formatted
from nnviz.core.run_result import result_destination
from nnviz.core.training import RunState, RunStateError, TrainingConfig
from nnviz.core.weights_io import WeightsFileError, load_weights, save_weights

WEIGHTS_NAME = "checkpoint.npz"
HISTORY_NAME = "checkpoint-history.npz"
RUN_NAME = "checkpoint-run.npz"
#: The largest optimiser file read back (bytes): Adam's two moments of a large network.
MAX_RUN_BYTES = 1 << 30
#: The largest history file read back (bytes): far more than a long run's curves.
MAX_HISTORY_BYTES = 512 << 20


class CheckpointError(ValueError):
    """A checkpoint that cannot be used; ``str()`` is one line for the user."""


@dataclass(frozen=True)
class Checkpoint:
    """A saved training state.

    Attributes
    ----------
    network : Network
        The weights after the last completed epoch.
    config : TrainingConfig
        The recipe of the run.
    epochs_done : float
        Where the history ends, in epochs.
    test_accuracy : float
    saved_at : str
        When it was written (ISO 8601, local time).
    history : dict of str to ndarray
        The curves, as :meth:`TrainingHistory.to_arrays` gave them.
    meta : dict
        The weights file's whole ``meta`` (title, image shape, labels …).
    train_limit : int or None
    state : RunState or None
        The run's whole state, to continue it exactly (None in checkpoints of older
        versions, or when its optimiser file was unusable: see ``state_problem``).
    state_problem : str
        Why a saved state could not be used ("" if it could, or there was none).
    """

    network: Network
    config: TrainingConfig
    epochs_done: float
    test_accuracy: float
    saved_at: str
    history: dict[str, NDArray[Any]]
    meta: dict[str, Any]
    train_limit: int | None = None
    state: RunState | None = None
    state_problem: str = ""

    @property
    def run_epochs(self) -> float:
        """Epochs done by the run itself (the history may hold earlier runs too)."""
        return self.state.epochs_done if self.state is not None else self.epochs_done

    def describe(self) -> str:
        """One line: what was saved, and when."""
        when = self.saved_at.replace("T", " ")[:16]
        run = self.run_epochs
        whole = f"{run:g}" if run == round(run) else f"{run:.1f}"
        text = f"epoch {whole} of a {self.config.epochs}-epoch run"
        if self.epochs_done > run + 1e-6:
            text += f" ({self.epochs_done:g} epochs of training in all)"
        return f"{text} (test accuracy {formatted(self.test_accuracy, '.2%')}), saved {when}"


def save_checkpoint(
    folder: str | os.PathLike[str],
    network: Network,
    config: TrainingConfig,
    history: dict[str, NDArray[Any]],
    extra_meta: dict[str, Any] | None = None,
    train_limit: int | None = None,
    status: str = "in progress",
    state: RunState | None = None,
) -> Path:
    """Write a checkpoint into ``folder`` (created if needed); return the weights file.

    A checkpoint replaces the run's previous one, except when the run has just diverged
    (``status="diverged"``: an epoch ended on the last good weights of a divergence, often
    worse than the epoch before): it then goes beside it, ``checkpoint.diverged.npz``, by
    the rule every run's result follows (:mod:`nnviz.core.run_result`), and the checkpoint
    offered for restoring stays the healthy one.

    Parameters
    ----------
    folder : path
    network : Network
        The weights after the epoch that just ended.
    config : TrainingConfig
    history : dict of str to ndarray
        From :meth:`TrainingHistory.to_arrays`; ``epoch/x`` and ``epoch/test_accuracy``
        say how far it got.
    extra_meta : dict, optional
        Title, labels, image shape of the network, kept in the weights file.
    train_limit : int, optional
    status : {"in progress", "diverged"}
    state : RunState, optional
        The run's whole state after that epoch (taken with ``network``).

    Raises
    ------
    OSError
        If the folder cannot be written (an older checkpoint is left as it was).
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    epochs = history.get("epoch/x", np.zeros(0))
    accuracy = history.get("epoch/test_accuracy", np.zeros(0))
    place = result_destination(target / WEIGHTS_NAME, status)
    history_path, run_path = (
        (target / HISTORY_NAME, target / RUN_NAME)
        if place.kept is None
        else (
            place.path.with_name(f"{place.path.stem}-history.npz"),
            place.path.with_name(f"{place.path.stem}-run.npz"),
        )
    )

    def write_history(handle: BinaryIO) -> None:
        np.savez(handle, **history)  # type: ignore[arg-type]

    atomic_write(history_path, write_history)
    if state is not None:
        arrays = {**state.arrays(), "run/step": np.array(state.step)}

        def write_run(handle: BinaryIO) -> None:
            np.savez(handle, **arrays)  # type: ignore[arg-type]

        atomic_write(run_path, write_run)
    meta = dict(extra_meta or {})
    meta["training"] = {
        "status": status,
        "epochs": float(epochs[-1]) if len(epochs) else 0.0,
        "test_accuracy": float(accuracy[-1]) if len(accuracy) else None,
        "saved_at": datetime.datetime.now().isoformat(timespec="seconds"),
        "config": {
            key: value
            for key, value in dataclasses.asdict(config).items()
            if key not in ("start_paused",)
        },
        "train_limit": train_limit,
        **({"run": state.to_meta()} if state is not None else {}),
    }
    save_weights(place.path, network, meta, dtype=np.float32)
    return place.path


def load_checkpoint(folder: str | os.PathLike[str]) -> Checkpoint | None:
    """Read the checkpoint in ``folder``; None if there is none.

    Raises
    ------
    CheckpointError
        If it is there but cannot be used (one line saying why).
    """
    source = Path(folder)
    weights = source / WEIGHTS_NAME
    if not weights.exists():
        return None
    try:
        loaded = load_weights(weights)
    except WeightsFileError as error:
        raise CheckpointError(f"the saved training state cannot be read: {error}") from None
    training = loaded.meta.get("training")
    if not isinstance(training, dict) or not isinstance(training.get("config"), dict):
        raise CheckpointError("the saved training state has no recipe")
    try:
        config = TrainingConfig(**training["config"])
        epochs = float(training.get("epochs", 0.0))
        accuracy = training.get("test_accuracy")
        accuracy = float("nan") if accuracy is None else float(accuracy)
    except (TypeError, ValueError) as error:
        raise CheckpointError(f"the saved training recipe is refused: {error}") from None
    limit = training.get("train_limit")
    state, problem = _read_state(source / RUN_NAME, training.get("run"), config)
    return Checkpoint(
        network=loaded.network,
        config=config,
        epochs_done=epochs,
        test_accuracy=accuracy,
        saved_at=str(training.get("saved_at", "")),
        history=_read_history(source / HISTORY_NAME, epochs),
        meta=loaded.meta,
        train_limit=limit if isinstance(limit, int) and limit > 0 else None,
        state=state,
        state_problem=problem,
    )


def remove_checkpoint(folder: str | os.PathLike[str]) -> None:
    """Delete the checkpoint in ``folder``, and any written beside it (nothing happens if
    there is none)."""
    source = Path(folder)
    beside = [
        *source.glob("checkpoint.*.npz"),
        *source.glob("checkpoint.*-history.npz"),
        *source.glob("checkpoint.*-run.npz"),
    ]
    for path in (source / WEIGHTS_NAME, source / HISTORY_NAME, source / RUN_NAME, *beside):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _read_state(path: Path, saved: Any, config: TrainingConfig) -> tuple[RunState | None, str]:
    """The run state whose JSON part is ``saved`` and whose arrays are in ``path``."""
    if saved is None:
        return None, ""
    arrays = _read_arrays(path, MAX_RUN_BYTES)
    if arrays is None:
        return None, "its optimiser state is missing, unreadable or too large"
    step = arrays.pop("run/step", None)
    if step is None or step.shape != () or not isinstance(saved, dict):
        return None, "its optimiser state is incomplete"
    if int(step) != saved.get("step"):
        return None, "its optimiser state belongs to another epoch"
    try:
        return RunState.from_meta(saved, arrays, config), ""
    except RunStateError as error:
        return None, str(error)


def _read_arrays(path: Path, limit: int) -> dict[str, NDArray[Any]] | None:
    """The plain number arrays of an .npz file of at most ``limit`` bytes, on disk and
    decompressed (None if it is missing, unusable, too large or holds anything else)."""
    try:
        if path.stat().st_size > limit:
            return None
        # What the members declare they decompress to is bounded too (a damaged or
        # hostile file of a few MB could otherwise decompress to gigabytes).
        with zipfile.ZipFile(path) as archive:
            if sum(info.file_size for info in archive.infolist()) > limit:
                return None
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: np.array(archive[key]) for key in archive.files}
    except (
        OSError,
        ValueError,
        EOFError,
        zipfile.BadZipFile,
        zlib.error,
        NotImplementedError,
        RuntimeError,
        struct.error,
    ):
        return None
    if any(a.dtype.kind not in "fiu" for a in arrays.values()):
        return None
    return arrays


def _read_history(path: Path, epochs: float) -> dict[str, NDArray[Any]]:
    """The saved curves up to ``epochs`` (an empty history if the file is unusable)."""
    arrays = _read_arrays(path, MAX_HISTORY_BYTES)
    if arrays is None:
        return {}
    # The history is written before the weights: cut what is newer than they are.
    cut = {"batch": "batch/x", "epoch": "epoch/x", "stats": "stats/x", "divergence": "divergence/x"}
    for prefix, key in cut.items():
        if key not in arrays:
            continue
        keep = arrays[key] <= epochs + 1e-9
        for name in list(arrays):
            column = name.startswith(prefix + "/") and name != "epoch/confusion"
            if column and len(arrays[name]) == len(keep):
                arrays[name] = arrays[name][keep]
    return arrays
