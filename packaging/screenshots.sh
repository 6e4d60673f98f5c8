#!/usr/bin/env bash
# Re-make the README's screenshots (docs/screenshots/*.png) from the real window, under Xvfb
# with a window manager, driven by xdotool. Run it after any visible change:
#
#   packaging/screenshots.sh
#
# Needs the Debian packages xvfb xauth openbox xdotool imagemagick, and nnviz's environment
# ($PYTHON, default .venv/bin/python, else python3). Settings and training state go to a
# temporary folder, so the user's own are neither used nor changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
out=docs/screenshots
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" PYTHON out

# shoot NAME ARGS KEYS...: open nnviz ARGS, press each KEYS entry (a "sleep N" entry waits),
# then save the screen as $out/NAME.png.
cat > "$scratch/shoot.sh" <<'SHOOT'
set -euo pipefail
openbox >/dev/null 2>&1 &
sleep 1
shoot() {
    local name=$1 args=$2; shift 2
    "$PYTHON" -m nnviz $args &
    local app=$!
    sleep 4
    local window
    window=$(xdotool search --sync --name ' — nnviz' | head -1)
    xdotool windowactivate --sync "$window" windowmove "$window" 0 0 windowsize "$window" 1280 800
    sleep 1
    for key in "$@"; do
        case $key in
            sleep\ *) sleep "${key#sleep }" ;;
            *) xdotool key --clearmodifiers "$key"; sleep 0.4 ;;
        esac
    done
    sleep 1.5
    import -window root "$out/$name.png"
    kill "$app"; wait "$app" 2>/dev/null || true
    rm -rf "$XDG_DATA_HOME/nnviz"  # no training state offered to the next window
}
shoot diagram feedforward
shoot step-through feedforward Right Right Right Right Right Right Right Right Right Right Right Right
shoot mnist mnist
shoot training mnist F5 "sleep 20" alt+t l
shoot evaluation mnist F5 "sleep 20" alt+t v
SHOOT
# Presentation mode is shown on a 1920×1080 screen (F12: full screen, the backward pass).
sed -e '/^shoot /d' "$scratch/shoot.sh" > "$scratch/present.sh"
echo 'shoot presentation feedforward F12 "sleep 1" Right Right Right Right Right Right Right Right Right Right Right Right Right' >> "$scratch/present.sh"
xvfb-run -a -s "-screen 0 1280x800x24" bash "$scratch/shoot.sh"
xvfb-run -a -s "-screen 0 1920x1080x24" bash "$scratch/present.sh"
"$PYTHON" -m nnviz snapshot feedforward "$out/slide-step-13.png" --step 13
ls -l "$out"
