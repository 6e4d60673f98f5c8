"""A non-editable install carries every resource, and finds it outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    (found,) = out.glob("nnviz-*.whl")
    return found


def test_wheel_carries_every_resource(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"nnviz/resources/{path.relative_to(ROOT / 'resources').as_posix()}"
        for path in (ROOT / "resources").rglob("*")
        if path.is_file()
    }
    assert expected, "the resources folder is empty"
    assert expected <= names, sorted(expected - names)


def test_installed_package_finds_presets_and_mnist(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import nnviz.core.resources as r, nnviz.core.presets as p\n"
        "print(r.resources_dir())\n"
        "print(p.load_preset('mnist').network.layer_sizes)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(site)},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    where, sizes = result.stdout.split("\n")[:2]
    assert Path(where) == site / "nnviz" / "resources"
    assert sizes == "(784, 100, 50, 10)"
