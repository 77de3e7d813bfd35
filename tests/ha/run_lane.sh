#!/usr/bin/env bash
# The HA lane: mypy --strict on custom_components, then every test in tests/ha (end-to-end included)
# inside the HA test root, with the REAL hub started on the host for the end-to-end test and stopped after.
# A second real hub (HEARTH_CARE_HUB_URL) runs the care loop (`mqtt_url` and a [care] config in its tmp data dir)
# on a Mosquitto broker started here on a free loopback port; a host-side simulated wearable
# (tests/ha/mqtt_streamer.py, the hub's venv: the HA root has no MQTT client) streams recordings into it when the
# MQTT end-to-end test asks (HEARTH_STREAMER_PORT). The first hub stays without care, as the other tests expect.
# A third real hub runs under tests/ha/hub_controller.py (HEARTH_RESTART_HUB_URL), which stops (SIGTERM) and starts
# it on the same port and data dir when the restart test asks on HEARTH_HUB_CONTROL_PORT.
# All of it is stopped on exit.
#
#   tests/ha/run_lane.sh                 everything
#   tests/ha/run_lane.sh -k e2e -x       extra arguments go to pytest
#
# HEARTH_HUB_PYTHON picks the hub's interpreter (default: .venv/bin/python, the hub's Python 3.13 venv).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
python=${HEARTH_HUB_PYTHON:-.venv/bin/python}

scripts/ha_root.sh build
scripts/ha_root.sh run mypy --config-file tests/ha/mypy.ini

free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
care_port=$(free_port)
mqtt_port=$(free_port)
streamer_port=$(free_port)
restart_port=$(free_port)
control_port=$(free_port)
token=$("$python" -c 'import secrets; print(secrets.token_hex(24))')
data=$(mktemp -d)
hub_pid="" care_pid="" mqtt_pid="" streamer_pid="" controller_pid=""

finish() {
    local status=$? pid
    for pid in "$streamer_pid" "$controller_pid" "$hub_pid" "$care_pid" "$mqtt_pid"; do
        [ -n "$pid" ] || continue
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ "$status" != 0 ]; then
        echo "==> hub log (last 30 lines)"
        tail -30 "$data/hub.log" 2>/dev/null || true
        echo "==> care hub log (last 30 lines)"
        tail -30 "$data/care/hub.log" 2>/dev/null || true
        echo "==> streamer log (last 10 lines)"
        tail -10 "$data/streamer.log" 2>/dev/null || true
        echo "==> restart hub controller and hub log (last 30 lines)"
        tail -10 "$data/controller.log" 2>/dev/null || true
        tail -30 "$data/restart/hub.log" 2>/dev/null || true
    fi
    rm -rf "$data"
}
trap finish EXIT

# shellcheck source=../../scripts/lib.sh
. scripts/lib.sh
ensure_mosquitto
mosquitto_bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$mqtt_port" >"$data/mosquitto.conf"
"$mosquitto_bin" -c "$data/mosquitto.conf" >"$data/mosquitto.log" 2>&1 &
mqtt_pid=$!

# The care loop as tests/ha/test_care_mqtt_e2e.py expects it: Tom's wrist wearable in the kitchen, a satellite
# there, Anna's phone as his contact; short waits so the escalation fits the test.
mkdir -p "$data/care"
cat >"$data/care/hub.toml" <<TOML
[hub]
mqtt_url = "mqtt://127.0.0.1:$mqtt_port"

[care]
ask_timeout_s = 5
ack_timeout_s = 60

[care.people.tom]
name = "Tom"
age = 45
contacts = ["notify.mobile_app_anna"]

[care.wearables]
wrist-07 = "tom"
[care.device_areas]
wrist-07 = "kitchen"
[care.satellites]
kitchen = "assist_satellite.kitchen"
TOML

"$python" -m hub serve --host 127.0.0.1 --port "$port" --token="$token" --data-dir "$data" --no-zeroconf \
    >"$data/hub.log" 2>&1 &
hub_pid=$!
"$python" -m hub serve --config "$data/care/hub.toml" --host 127.0.0.1 --port "$care_port" --token="$token" \
    --data-dir "$data/care" --no-zeroconf >"$data/care/hub.log" 2>&1 &
care_pid=$!
PYTHONPATH="$repo" "$python" tests/ha/mqtt_streamer.py "mqtt://127.0.0.1:$mqtt_port" "$streamer_port" >"$data/streamer.log" 2>&1 &
streamer_pid=$!
mkdir -p "$data/restart"
PYTHONPATH="$repo" "$python" tests/ha/hub_controller.py "$restart_port" "$control_port" "$data/restart" "$token" \
    >"$data/controller.log" 2>&1 &
controller_pid=$!

wait_for_hub() {
echo "==> waiting for the hub on 127.0.0.1:$1"
"$python" - "$1" "$2" <<'PY'
import os, sys, time, urllib.request
port, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 90
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as resp:
            if resp.status == 200:
                sys.exit(0)
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("the hub exited before it answered /api/health")
    time.sleep(0.3)
sys.exit("the hub did not answer /api/health within 90 s")
PY
}
wait_for_hub "$port" "$hub_pid"
wait_for_hub "$care_port" "$care_pid"
wait_for_hub "$restart_port" "$controller_pid"

HEARTH_HUB_URL="http://127.0.0.1:$port" HEARTH_HUB_TOKEN="$token" \
    HEARTH_CARE_HUB_URL="http://127.0.0.1:$care_port" HEARTH_MQTT_URL="mqtt://127.0.0.1:$mqtt_port" \
    HEARTH_STREAMER_PORT="$streamer_port" \
    HEARTH_RESTART_HUB_URL="http://127.0.0.1:$restart_port" HEARTH_HUB_CONTROL_PORT="$control_port" \
    scripts/ha_root.sh run python -m pytest -c tests/ha/pytest.ini --rootdir . tests/ha "$@"
