#!/usr/bin/env bash
# `make demo`: the local constellr sandbox in the background, then QGIS with the plugin enabled in a
# profile of its own, pointed at the sandbox, with the demo project open. Quitting QGIS stops the sandbox.
#   scripts/demo.sh                       interactive demo (without a display: under Xvfb, with screenshots)
#   scripts/demo.sh --code FILE.py        also run FILE.py inside QGIS once it has started (screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."

no_display() { [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; }
if no_display && [ $# -eq 0 ] && command -v xvfb-run >/dev/null; then
    # No desktop session: the same demo runs in a virtual 1366×768 screen and shows itself in pictures.
    shots="$(pwd)/build/demo/screenshots"
    mkdir -p "$shots"
    echo "No display: QGIS runs under Xvfb and writes screenshots of the main steps to $shots/ …"
    CONSTELLR_SCREENSHOTS="$shots" xvfb-run -a -s "-screen 0 1366x768x24" "$0" --code scripts/take_screenshots.py
    echo "Screenshots of the demo: $shots/"
    exit 0
fi

python=${PYTHON:-.venv/bin/python}
host=${HOST:-127.0.0.1}
port=${PORT:-8765}
build=build/demo
profile_root=$build  # QGIS keeps profiles in <profiles-path>/profiles/<name>
profile=$build/profiles/demo

mkdir -p "$build" "$profile/python/plugins" "$profile/QGIS"
ln -sfn "$(pwd)" "$profile/python/plugins/constellr"
cat > "$profile/QGIS/QGIS3.ini" <<'INI'
[PythonPlugins]
constellr=true

[qgis]
showTips322=false
checkVersion=false
INI

"$python" -m sandbox --host "$host" --port "$port" --data-dir "$build/sandbox-data" --publish-every 4 \
    > "$build/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT

# Ready when our sandbox says it serves (it has bound both ports itself): never probe a port that
# another program may hold, so the demo never talks to a server it did not start.
for _ in $(seq 1 300); do
    grep -q "^Press Ctrl-C to stop" "$build/sandbox.log" && break
    if ! kill -0 "$sandbox_pid" 2>/dev/null; then
        cat "$build/sandbox.log" >&2
        exit 1
    fi
    sleep 0.1
done
grep -q "^Press Ctrl-C to stop" "$build/sandbox.log" || { echo "The sandbox did not start within 30 s (log: $build/sandbox.log)." >&2; exit 1; }
demo_key=$("$python" -c "from sandbox.data import DEMO_API_KEY; print(DEMO_API_KEY)")
"$python" scripts/make_demo_data.py "$build" > /dev/null

feed_token=$("$python" -c "from sandbox.data import FEED_TOKEN; print(FEED_TOKEN)")
# The Feeds tab starts with the sandbox's live feed saved; its token comes from CONSTELLR_FEED_TOKEN.
# The address as the provider's documentation writes it (wss:// there); the plugin says it reads it over HTTP.
"$python" - "$profile/QGIS/QGIS3.ini" "ws://$host:$port/subscription/v1/?package=constellr-demo" <<'PY'
import json, sys
from qgis.PyQt.QtCore import QSettings

feed = {"name": "constellr demo (live)", "url": sys.argv[2], "kind": "subscription", "asset_keys": ["lst"]}
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
settings.setValue("constellr/feeds", json.dumps([feed]))
settings.sync()
PY

echo "Sandbox: http://$host:$port (log: $build/sandbox.log), demo API key: $demo_key"
code_args=()
if [ "${1:-}" = "--code" ]; then
    code_args=(--code "$2")
fi
if no_display; then
    echo "No display and no xvfb-run (make system-deps installs it): QGIS cannot start. The sandbox keeps running; Ctrl-C stops it."
    wait "$sandbox_pid"
    exit 0
fi

cat <<'TRY'
Starting QGIS with the constellr plugin. To try:
  1. Open the panel with the thermometer button (or Web ▸ constellr).
  2. AOIs tab: select a field of "Fields (UTM 33N)" and press "Selection": size and verdicts at once;
     "Create AOI" puts it in the library and ticks it in the Order tab.
  3. Order tab: product, period, frequency… then "Review and place orders…".
  4. Orders tab: select "Berlin Mitte" ▸ "Show deliveries": the Search tab finds its images.
  5. View ▸ Panels ▸ Temporal Controller: play the deliveries; "Add LST layers", then Identify a pixel (°C).
  6. "Download…" fetches the chosen files; Processing Toolbox ▸ constellr automates the same steps.
  7. Feeds tab: "constellr demo (live)" ▸ Start: the sandbox publishes a delivery every 4 s and its
     footprint appears on the map; select one ▸ "Add LST layers".
Quitting QGIS stops the sandbox.
TRY
CONSTELLR_API_URL="http://$host:$port" CONSTELLR_API_KEY="$demo_key" CONSTELLR_FEED_TOKEN="$feed_token" \
    qgis --profiles-path "$profile_root" --profile demo --nologo --noversioncheck \
    "${code_args[@]}" "$build/constellr-demo.qgz"
