"""The desktop entry and the AppStream metainfo pass their validators.

.ci/run installs desktop-file-utils and appstream and sets NNVIZ_REQUIRE_VALIDATORS=1, so
there a missing validator fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parent.parent / "packaging"
DESKTOP = PACKAGING / "io.github.nnviz.nnviz.desktop"
METAINFO = PACKAGING / "io.github.nnviz.nnviz.metainfo.xml"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("NNVIZ_REQUIRE_VALIDATORS"):
            pytest.fail(f"{name} is not installed")
        pytest.skip(f"{name} is not installed")
    return found


def test_desktop_entry_validates() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "error" not in result.stdout.lower(), result.stdout


def test_metainfo_validates() -> None:
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_entry_names_the_icon_and_the_command() -> None:
    text = DESKTOP.read_text()
    assert "Exec=nnviz %f" in text
    assert "Icon=io.github.nnviz.nnviz" in text
    assert (PACKAGING.parent / "resources" / "icons" / "nnviz.svg").is_file()
