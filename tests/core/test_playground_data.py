"""The playground's data: built-in sets, tables, CSV files and their JSON form."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

from nnviz.core.data import MnistSource
from nnviz.core.data.csv_table import CsvError, read_csv
from nnviz.core.data.source_json import source_from_json, source_to_json
from nnviz.core.data.toys import KINDS, MAX_SAMPLES, TableSource, ToySource, expand


@pytest.mark.parametrize("kind", KINDS)
def test_a_built_in_set_is_its_recipe(kind: str) -> None:
    data = ToySource(kind, 200, 0.2, 0.25, 3).load()
    again = ToySource(kind, 200, 0.2, 0.25, 3).load()
    other = ToySource(kind, 200, 0.2, 0.25, 4).load()
    assert data.n_train == 150 and data.n_test == 50
    assert np.array_equal(data.train_inputs, again.train_inputs)
    assert not np.array_equal(data.train_inputs, other.train_inputs)
    assert data.classifies == (
        kind in ("xor", "circles", "gaussians", "spiral", "moons", "threshold")
    )
    if data.classifies:
        assert set(np.unique(data.train_targets)) == {0, 1}


def test_features_are_computed_from_the_raw_points() -> None:
    raw = np.array([[1.0, 2.0], [-0.5, 3.0]])
    out = expand(raw, ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"))
    assert np.allclose(out[0], [1, 2, 1, 4, 2, np.sin(1), np.sin(2)])
    data = ToySource("xor", 100, features=("x1*x2",)).load()
    assert data.n_inputs == 1 and data.feature_names == ("x1*x2",)
    with pytest.raises(ValueError, match="needs two inputs"):
        ToySource("sine", features=("x2",))
    with pytest.raises(ValueError, match="unknown data set"):
        ToySource("nope")


def test_sources_are_values_that_cross_a_pipe() -> None:
    table = ToySource("moons", 100).table()
    same = ToySource("moons", 100).table()
    assert table == same and hash(table) == hash(same)
    assert table != table.with_features(("x1", "x2", "x1*x2"))
    assert pickle.loads(pickle.dumps(table)) == table
    edited = table.with_points(table.train_inputs[:-1], table.train_targets[:-1])
    assert edited != table and edited.load().n_train == table.load().n_train - 1


@pytest.mark.parametrize(
    "source",
    [
        MnistSource(),
        ToySource("spiral", 300, 0.3, 0.1, 7, ("x1", "x2", "sin(x1)")),
        ToySource("sine", 50),
    ],
)
def test_sources_round_trip_through_json(source: object) -> None:
    text = json.dumps(source_to_json(source))  # type: ignore[arg-type]
    assert source_from_json(json.loads(text)) == source


def test_a_table_round_trips_bit_for_bit() -> None:
    table = ToySource("circles", 60, 0.37).table()
    table = table.with_points(table.train_inputs * np.pi, table.train_targets, "circles (edited)")
    back = source_from_json(json.loads(json.dumps(source_to_json(table))))
    assert isinstance(back, TableSource) and back == table
    assert np.array_equal(back.train_inputs, table.train_inputs)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (
            {"kind": "toy", "set": "spiral", "samples": -1, "noise": 0, "test_share": 0, "seed": 0},
            "samples",
        ),
        (
            {
                "kind": "table",
                "name": "t",
                "input_names": ["a"],
                "class_names": None,
                "train": {"inputs": [[1.0], [2.0]], "targets": [[1.0]]},
                "test": {"inputs": [], "targets": []},
            },
            "one target per input row",
        ),
        ({"kind": "what"}, "unknown kind"),
        ([], "must be an object"),
    ],
)
def test_a_bad_data_set_is_refused_in_one_line(payload: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        source_from_json(payload)


def write(tmp_path, text: str, name: str = "t.csv"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_csv_file_with_string_classes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = "\n".join(f"{i},{i * 100.0},{'ab'[i % 2]}" for i in range(40))
    source = read_csv(write(tmp_path, "a,b,kind\n" + rows), "kind", test_share=0.25)
    data = source.load()
    assert data.class_names == ("a", "b") and data.feature_names == ("a", "b")
    assert data.n_train == 30 and data.n_test == 10
    assert data.standardisation is not None
    x = data.network_inputs(data.train_inputs)
    assert np.allclose(x.mean(axis=0), 0, atol=1e-12) and np.allclose(x.std(axis=0), 1)


def test_a_csv_file_with_real_targets(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = "\n".join(f"{i},{i * 0.5 + 0.25}" for i in range(10))
    data = read_csv(write(tmp_path, "x,y\n" + rows)).load()
    assert not data.classifies and data.n_targets == 1


@pytest.mark.parametrize(
    ("text", "target", "message"),
    [
        ("a,b\n1,x\nq,y\n3,x\n4,y\n", "b", "row 3, column 'a': 'q' is not a number"),
        ("a,b\n1,x\n2\n3,x\n4,y\n", "b", "row 3 has 1 cells; the header has 2"),
        ("a,b\n1,x\n2,y\n3,x\n4,y\n", "c", "has no column 'c' (its columns: a, b)"),
        ("a,b\n1,x\n2,x\n3,x\n4,x\n", "b", "one class only"),
        ("a,b\n1,x\nnan,y\n3,x\n4,y\n", "b", "row 3, column 'a': nan is not a finite"),
        ("a,b\n1,x\ninf,y\n3,x\n4,y\n", "b", "row 3, column 'a': inf is not a finite"),
        ("", None, "is empty"),
        ("a,b\n", None, "no rows"),
        ("a,b\n" + "".join(f"{i},{i}\n" for i in range(1000)), "b", "1,000 distinct classes"),
    ],
)
def test_a_bad_csv_file_is_refused_in_one_line(tmp_path, text, target, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CsvError) as caught:
        read_csv(write(tmp_path, text), target)
    assert message in str(caught.value) and str(caught.value).startswith("t.csv: ")
    assert "\n" not in str(caught.value)


def test_ten_million_rows_are_refused_after_the_limit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "big.csv"
    with path.open("w") as handle:
        handle.write("a,b\n")
        handle.write("1,0\n2,1\n" * (MAX_SAMPLES // 2 + 10))
    with pytest.raises(CsvError, match=f"more than {MAX_SAMPLES:,} rows"):
        read_csv(path)
