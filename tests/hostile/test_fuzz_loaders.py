"""Fuzzing the file loaders: every mutated weights, session, IDX and CSV file either loads
into a valid result or is refused with nnviz's one refusal error, in one line naming the
file, within bounded time and memory, and leaves the file as it was.

CI runs a few seconds of derandomized examples; for a long hunt, run with
``NNVIZ_FUZZ_EXAMPLES=5000`` (random, a new set every run).
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from fuzz_harness import FORMATS, Format, assert_loads_cleanly, byte_mutation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.hostile

_LONG = int(os.environ.get("NNVIZ_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=_LONG or 40,
    derandomize=not _LONG,
    deadline=None,  # each load is held to fuzz_harness.ALLOWED_SECONDS instead
    database=None,  # nothing written into the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
OUTCOMES: Counter[tuple[str, str, str]] = Counter()
_SEEDS = tempfile.TemporaryDirectory(prefix="nnviz-fuzz-seeds-")


@functools.cache
def seeds(name: str) -> tuple[bytes, ...]:
    folder = Path(_SEEDS.name) / name
    folder.mkdir(exist_ok=True)
    return tuple(FORMATS[name].seeds(folder))


def _try(fmt: Format, content: bytes, kind: str) -> None:
    with tempfile.TemporaryDirectory(prefix="nnviz-fuzz-") as folder:
        path = Path(folder) / f"fuzzed{fmt.suffix}"
        path.write_bytes(content)
        outcome = assert_loads_cleanly(fmt, path)
        assert path.read_bytes() == content  # nothing changed
        assert [p.name for p in Path(folder).iterdir()] == [path.name]
    OUTCOMES[(fmt.name, kind, outcome)] += 1


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_seed_loads(name: str) -> None:
    for content in seeds(name):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"seed{FORMATS[name].suffix}"
            path.write_bytes(content)
            assert assert_loads_cleanly(FORMATS[name], path) == "loaded"


@pytest.mark.parametrize("name", sorted(FORMATS))
@FUZZ
@given(data=st.data())
def test_byte_mutations_load_or_are_refused_cleanly(name: str, data: st.DataObject) -> None:
    fmt = FORMATS[name]
    seed = data.draw(st.sampled_from(seeds(name)))
    _try(fmt, data.draw(byte_mutation(seed)), "bytes")


@pytest.mark.parametrize("name", sorted(n for n, f in FORMATS.items() if f.structural))
@FUZZ
@given(data=st.data())
def test_structural_mutations_load_or_are_refused_cleanly(name: str, data: st.DataObject) -> None:
    fmt = FORMATS[name]
    assert fmt.structural is not None
    seed = data.draw(st.sampled_from(seeds(name)))
    _try(fmt, data.draw(fmt.structural(seed)), "structure")  # type: ignore[call-arg,arg-type]


def test_report_the_fuzzing(capsys: pytest.CaptureFixture[str]) -> None:
    # NNVIZ_REPORT_FUZZ=1 prints how many mutated files each format loaded or refused.
    assert OUTCOMES, "the fuzz tests above ran first"
    if not os.environ.get("NNVIZ_REPORT_FUZZ"):
        return
    with capsys.disabled():
        for (name, kind, outcome), count in sorted(OUTCOMES.items()):
            print(f"\n  {name:13} {kind:9} {outcome:8} {count}", end="")
