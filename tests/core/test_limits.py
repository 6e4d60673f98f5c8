"""The counting every bounded reader uses (and the CSV loader to come can)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.core.limits import (
    delimited_values_bound,
    find_json_object,
    format_bytes,
    json_counts,
    memory_error_text,
)


@pytest.mark.parametrize(
    "document",
    [
        {"meta": {"a": [1, 2, 3]}, "b": [[1.5, 2], [3, 4]]},
        [[], {}, [[]], "a,b:c[d{e", 1e308, None, True],
        {"text": 'commas, colons: and "quotes" and \\ backslashes, [brackets] {braces}'},
    ],
)
def test_json_counts_bound_what_json_loads_builds(document: object) -> None:
    def count(value: object) -> tuple[int, int, int]:
        if isinstance(value, list):
            parts = [count(v) for v in value]
            return (
                1 + sum(p[0] for p in parts),
                1 + sum(p[1] for p in parts),
                sum(p[2] for p in parts),
            )
        if isinstance(value, dict):
            parts = [count(v) for v in value.values()]
            values = 1 + len(value) + sum(p[0] for p in parts)
            return values, sum(p[1] for p in parts), 1 + sum(p[2] for p in parts)
        return 1, 0, 0

    counts = json_counts(json.dumps(document).encode())
    values, lists, objects = count(document)
    assert counts.values >= values and counts.lists == lists and counts.objects == objects


def test_json_counts_ignore_what_is_inside_strings_without_copying_many() -> None:
    many = json.dumps(["a,b"] * 30_000).encode()  # more quotes than the no-copy path takes
    assert json_counts(many).values == 30_000 + 1  # the strings and their list


def test_find_json_object_reads_one_object_within_its_limit() -> None:
    text = b'{"layer1/weight": [[1, 2]], "meta": {"layer_sizes": [2, 1]}, "z": 1}'
    assert find_json_object(text, "meta", 1000) == {"layer_sizes": [2, 1]}
    assert find_json_object(text, "meta", 10) is None  # it does not end within 10 bytes
    assert find_json_object(text, "other", 1000) is None


def test_delimited_values_bound_for_tables() -> None:
    table = b"x,y,label\n1,2,a\n3,4,b\n"
    assert delimited_values_bound(table) >= 9
    assert delimited_values_bound(b"1;2\n3;4", b";") == 4


def test_memory_errors_name_what_was_too_large() -> None:
    with pytest.raises(MemoryError) as caught:
        np.empty((10**8, 10**8), dtype=np.float64)
    assert memory_error_text(caught.value, "loading it") == (
        "not enough memory while loading it: an array of 100,000,000 × 100,000,000 float64 "
        "values would need 80.0 PB"
    )
    assert memory_error_text(MemoryError()) == "not enough memory"
    assert format_bytes(999) == "999 bytes" and format_bytes(4_233_600_128) == "4.2 GB"
