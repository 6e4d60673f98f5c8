"""``nnviz train --resume FILE`` on a file whose run was interrupted: continue that run.

A run stopped by Ctrl-C saves its last completed epoch with ``status: "interrupted"`` and
the run's whole state (:class:`~nnviz.core.training.RunState`: ``meta.training.run`` and
the optimiser's ``run/…`` arrays in the ``.npz``). Resumed, the run goes on from the next
epoch with its own recipe, schedule position, momentum and shuffling, and ends with the
weights the uninterrupted run would have had. Recipe options that would change the run
are refused rather than silently ignored.
"""

from __future__ import annotations

import argparse
from typing import Any

from nnviz.cli import CliError
from nnviz.core.run_result import INTERRUPTED
from nnviz.core.training import RunState, RunStateError, TrainingConfig
from nnviz.core.weights_io import WeightsFile

#: The options of ``nnviz train`` that shape a run, and the recipe field each sets.
RECIPE_OPTIONS = {
    "epochs": "epochs",
    "batch_size": "batch_size",
    "lr": "learning_rate",
    "optimizer": "optimizer",
    "momentum": "momentum",
    "schedule": "schedule",
    "weight_decay": "weight_decay",
    "seed": "seed",
    "validation": "validation",
    "dropout": "dropout",
    "augment_rotation": "augment_rotation",
    "augment_shift": "augment_shift",
    "augment_noise": "augment_noise",
}


def interrupted_run(
    loaded: WeightsFile, name: str, args: argparse.Namespace, defaults: dict[str, Any]
) -> RunState | None:
    """The state of the run ``loaded`` was interrupted in, or None if it holds none (a
    completed run, or a file of an older nnviz: training then starts a new schedule).

    Raises
    ------
    CliError
        If the state is damaged, or an option given differs from the run's recipe.
    """
    training = loaded.meta.get("training")
    if not isinstance(training, dict) or training.get("status") != INTERRUPTED:
        return None
    saved = training.get("run")
    if saved is None:
        return None
    refuse = f"{name}: refused for --resume (nothing was overwritten):"
    try:
        state = RunState.from_meta(saved, loaded.run_arrays)
    except RunStateError as error:
        raise CliError(f"{refuse} {error}") from None
    recipe = state.config
    for option, field in RECIPE_OPTIONS.items():
        given = getattr(args, option)
        saved_value = state.base_rate if field == "learning_rate" else getattr(recipe, field)
        if given is not None and given != defaults.get(option) and given != saved_value:
            flag = "--" + option.replace("_", "-")
            raise CliError(
                f"{refuse} its interrupted run has {field.replace('_', ' ')} {saved_value}, "
                f"not {flag} {given} (a resumed run continues as it was; leave the option out)"
            )
    config = TrainingConfig(**{**recipe.recipe(), "blas_threads": args.blas_threads})
    return state.with_config(config)


def state_meta(state: RunState | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """What an interrupted run's file keeps of ``state``: (``meta.training`` fields,
    ``run/…`` arrays)."""
    if state is None:
        return {}, {}
    return {"run": state.to_meta()}, dict(state.arrays())
