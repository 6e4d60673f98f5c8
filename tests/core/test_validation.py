"""The validation split: held-out training examples, seeded, evaluated after every epoch,
never trained on; a run with one resumes exactly."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.core.training import EpochRecord, Finished, Trainer, TrainingConfig
from nnviz.core.training.validation import hold_out, validation_count


def _data() -> DataSet:
    rng = np.random.default_rng(1)
    x = rng.random((500, 8))
    labels = (x[:, 0] > x[:, 1]).astype(int) + (x[:, 2] > 0.7).astype(int)
    return DataSet.classification(x[:400], labels[:400], x[400:], labels[400:], 3, name="toy")


def _network() -> Network:
    return Network.initialised((8, 6, 3), ("relu", "softmax"), "cross_entropy", seed=0)


def test_the_held_out_examples_are_seeded_and_leave_the_training_set() -> None:
    data = _data()
    split = hold_out(data, 50, seed=3)
    assert split.count == 50 and split.training.n_train == 350
    again, other = hold_out(data, 50, seed=3), hold_out(data, 50, seed=4)
    np.testing.assert_array_equal(split.rows, again.rows)
    assert not np.array_equal(split.rows, other.rows)
    np.testing.assert_array_equal(split.inputs, data.train_inputs[split.rows])
    # Every training example is in exactly one of the two parts.
    together = np.concatenate([split.training.train_inputs, split.inputs])
    assert sorted(map(tuple, together)) == sorted(map(tuple, data.train_inputs))
    assert split.training.test_inputs is data.test_inputs


@pytest.mark.parametrize(("text", "count"), [("40", 40), ("0.1", 40), ("25%", 100), ("0", 0)])
def test_a_split_is_a_count_or_a_share(text: str, count: int) -> None:
    assert validation_count(text, 400) == count


@pytest.mark.parametrize("text", ["400", "-1", "1.5", "ten", "100%"])
def test_a_split_that_is_not_one_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(ValueError) as error:
        validation_count(text, 400)
    assert "\n" not in str(error.value) and "validation" in str(error.value)


def test_every_epoch_reports_the_validation_set_and_trains_on_the_rest() -> None:
    data = _data()
    config = TrainingConfig(epochs=2, batch_size=32, validation=80, blas_threads=None)
    trainer = Trainer(_network(), data, config)
    records = list(trainer.run())
    epochs = [r for r in records if isinstance(r, EpochRecord)]
    assert trainer.batches_per_epoch == -(-320 // 32)
    for record in epochs:
        assert record.validation is not None
        assert int(record.validation.confusion.sum()) == 80
        assert int(record.test.confusion.sum()) == 100
    plain = [
        r
        for r in Trainer(_network(), data, TrainingConfig(epochs=1, blas_threads=None)).run()
        if isinstance(r, EpochRecord)
    ]
    assert plain[0].validation is None


def test_a_run_with_a_validation_split_resumes_exactly() -> None:
    data = _data()
    config = TrainingConfig(epochs=3, batch_size=32, validation=60, blas_threads=None)
    whole = list(Trainer(_network(), data, config).run())[-1]
    assert isinstance(whole, Finished)
    for record in Trainer(_network(), data, config).run():
        if isinstance(record, EpochRecord) and record.epoch == 1:
            state, network = pickle.loads(pickle.dumps(record.state)), record.network
            break
    rest = list(Trainer(network, data, config, resume=state).run())[-1]
    assert isinstance(rest, Finished)
    for a, b in zip(whole.network.weights, rest.network.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    other = TrainingConfig(epochs=3, batch_size=32, validation=61, blas_threads=None)
    with pytest.raises(ValueError, match="validation"):
        Trainer(network, data, other, resume=state)


def test_a_split_that_leaves_nothing_to_train_on_is_refused() -> None:
    with pytest.raises(ValueError, match="nothing to train on"):
        Trainer(_network(), _data(), TrainingConfig(validation=400, blas_threads=None))
