"""What ``nnviz train`` prints: the network's shape, the recipe, one line per epoch, the
score, and what the weights file says of its inputs."""

from __future__ import annotations

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.core.training import EpochRecord, Evaluation, TrainingConfig


def shape_text(network: Network) -> str:
    """``784-100-50-10 (relu, relu, softmax; cross_entropy)``."""
    return (
        f"{'-'.join(map(str, network.layer_sizes))} ({network.activations_text()}; {network.loss})"
    )


def recipe_text(config: TrainingConfig) -> str:
    """The recipe in one line (optimiser, rate, schedule, batch, λ, epochs, seed, options)."""
    optimizer = f"sgd with momentum {config.momentum:g}" if config.optimizer == "sgd" else "adam"
    extras = [
        text
        for value, text in (
            (config.dropout, f"dropout {config.dropout:g}"),
            (config.augment_rotation, f"rotation ±{config.augment_rotation:g}°"),
            (config.augment_shift, f"shift ±{config.augment_shift:g} px"),
            (config.augment_noise, f"noise σ {config.augment_noise:g}"),
        )
        if value
    ]
    return (
        f"{optimizer}, learning rate {config.learning_rate:g} ({config.schedule}), batch "
        f"{config.batch_size}, weight decay λ {config.weight_decay:g}, {config.epochs} epochs, "
        f"seed {config.seed}" + "".join(f", {text}" for text in extras)
    )


def epoch_line(record: EpochRecord, epochs: int, wall: float, classifies: bool = True) -> str:
    """One epoch's line: train, validation and test figures, the rate, the wall time."""
    width = len(str(epochs))
    held = record.validation
    if not classifies:
        validation = "" if held is None else f"validation loss {held.loss:.4f}  "
        return (
            f"epoch {record.epoch:>{width}}/{epochs}  train loss {record.train_loss:.4f}  "
            f"{validation}test loss {record.test.loss:.4f}  lr {record.learning_rate:.4g}  "
            f"[{wall:.1f} s]"
        )
    validation = (
        "" if held is None else f"validation loss {held.loss:.4f} accuracy {held.accuracy:.2%}  "
    )
    return (
        f"epoch {record.epoch:>{width}}/{epochs}  train loss {record.train_loss:.4f} "
        f"accuracy {record.train_accuracy:.2%}  {validation}test loss {record.test.loss:.4f} "
        f"accuracy {record.test.accuracy:.2%}  lr {record.learning_rate:.4g}  [{wall:.1f} s]"
    )


def score_text(test: Evaluation, classifies: bool) -> str:
    """``test accuracy 97.50%, test loss 0.0812`` (the loss alone for real values)."""
    loss = f"test loss {test.loss:.4f}"
    return f"test accuracy {test.accuracy:.2%}, {loss}" if classifies else loss


def headline(test: Evaluation, classifies: bool) -> str:
    """``test accuracy 97.50%`` (``test loss 0.0812`` for real values)."""
    return f"test accuracy {test.accuracy:.2%}" if classifies else f"test loss {test.loss:.4f}"


def inputs_text(data: DataSet) -> str:
    """What the network's inputs are, for the weights file's ``meta.training``."""
    if data.image_shape is not None:
        return "pixel / 255, flattened row by row"
    if data.standardisation is not None:
        return "standardised: (x − mean) / scale, per feature (meta.standardisation)"
    return "the features as they are"
