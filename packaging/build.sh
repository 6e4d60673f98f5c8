#!/usr/bin/env bash
# Build the one-folder desktop program with PyInstaller, then start it once under offscreen
# Qt (and run a Qt-free command) to prove the build works.
#
#   packaging/build.sh            # result: build/dist/nnviz/nnviz
#
# Uses the Python it finds as $PYTHON (default: .venv/bin/python, else python3), with nnviz's
# dependencies installed; it installs PyInstaller 6.22 into that environment.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}

"$PYTHON" -m pip install --quiet "pyinstaller==6.22.*"
"$PYTHON" -m PyInstaller --noconfirm --clean \
    --distpath build/dist --workpath build/work packaging/nnviz.spec

program=build/dist/nnviz/nnviz
echo "built $program ($(du -sh build/dist/nnviz | cut -f1))"

# 1. A Qt-free command: the lecture's arithmetic from a bundled preset.
"$program" trace feedforward --steps | grep -q "z3 = step(−4) = 0"
# 2. The window, offscreen: it must open, and its training process (a spawned copy of the
#    frozen program) must train a batch.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
output=$(NNVIZ_SMOKE_TEST=training QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$scratch" \
    XDG_DATA_HOME="$scratch" timeout 120 "$program" mnist 2>&1)
echo "$output" | grep "^nnviz:"
echo "$output" | grep -q "window shown at .*MNIST digits"
echo "$output" | grep -q "the training process trained a batch"
echo "the built program runs"
