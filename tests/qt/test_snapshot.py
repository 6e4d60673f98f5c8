"""nnviz snapshot: pictures of the diagram without a window."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from nnviz.cli import run

ROOT = Path(__file__).resolve().parents[2]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_png_of_a_preset(tmp_path: Path, qapp: object) -> None:
    out = tmp_path / "ff.png"
    assert run(["snapshot", "feedforward", str(out)]) == 0
    assert png_size(out) == (1200, 800)


def test_svg_with_input_and_size(tmp_path: Path, qapp: object) -> None:
    out = tmp_path / "ff.svg"
    assert run(["snapshot", "feedforward", str(out), "--input", "0", "1", "--size", "900x600"]) == 0
    text = out.read_text(encoding="utf-8")
    assert 'viewBox="0 0 900 600"' in text
    assert "x1 = 0" in text and "z5 = 1" not in text and "z4 = 1" in text


def test_mnist_test_image_and_dark_theme(tmp_path: Path, qapp: object) -> None:
    out = tmp_path / "digit.png"
    assert (
        run(
            [
                "snapshot",
                "mnist",
                str(out),
                "--test-image",
                "1",
                "--theme",
                "dark",
                "--scale",
                "0.5",
            ]
        )
        == 0
    )
    assert png_size(out) == (600, 400)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["feedforward", "x.bmp"], "must end in .png or .svg"),
        (["nothing-here", "x.png"], "no such file"),
        (["feedforward", "x.png", "--input", "1"], "takes 2 inputs"),
        (["feedforward", "x.png", "--test-image", "3"], "784"),
        (["mnist", "x.png", "--test-image", "10000"], "0 to 9999"),
    ],
)
def test_bad_requests_fail_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    arguments = [str(tmp_path / a) if a.endswith((".png", ".bmp")) else a for a in arguments]
    assert run(["snapshot", *arguments]) == 1
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
    assert not list(tmp_path.iterdir())


def test_bad_size_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["snapshot", "feedforward", str(tmp_path / "a.png"), "--size", "12x"])
    assert "not a size" in capsys.readouterr().err


def test_snapshot_runs_without_a_display(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    out = tmp_path / "p.png"
    result = subprocess.run(
        [sys.executable, "-m", "nnviz", "snapshot", "perceptron", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (1200, 800)


def test_palette_choices_match_the_palettes() -> None:
    from nnviz.cli.snapshot import PALETTE_KEYS, THEMES
    from nnviz.qt.palette import PALETTES
    from nnviz.qt.theme import THEMES as THEME_TABLE

    assert tuple(PALETTES) == PALETTE_KEYS
    assert tuple(THEME_TABLE) == THEMES


def test_snapshot_of_a_step_is_a_slide(tmp_path: Path) -> None:
    from nnviz.app import main

    out = tmp_path / "step.svg"
    assert main(["snapshot", "feedforward", str(out), "--step", "13"]) == 0
    text = out.read_text()
    assert "∂C/∂w35" in text and "δ3" in text
    assert 'viewBox="0 0 ' in text
    png = tmp_path / "step.png"
    assert main(["snapshot", "feedforward", str(png), "--step", "2"]) == 0
    assert png_size(png)[0] > 1200  # twice the pixels of a 960-wide slide, framed tightly


def test_snapshot_refuses_a_step_past_the_end(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from nnviz.app import main

    assert main(["snapshot", "feedforward", str(tmp_path / "x.svg"), "--step", "99"]) != 0
    assert "--step must be 0 to 30" in capsys.readouterr().err
    assert not (tmp_path / "x.svg").exists()
