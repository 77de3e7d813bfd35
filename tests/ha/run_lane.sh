#!/usr/bin/env bash
# The HA lane: mypy --strict on custom_components, then every test in tests/ha (end-to-end included)
# inside the HA test root, with the REAL hub started on the host for the end-to-end test and stopped after.
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

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
token=$("$python" -c 'import secrets; print(secrets.token_hex(24))')
data=$(mktemp -d)
"$python" -m hub serve --host 127.0.0.1 --port "$port" --token="$token" --data-dir "$data" --no-zeroconf \
    >"$data/hub.log" 2>&1 &
hub_pid=$!

finish() {
    local status=$?
    kill "$hub_pid" 2>/dev/null || true
    wait "$hub_pid" 2>/dev/null || true
    if [ "$status" != 0 ]; then
        echo "==> hub log (last 30 lines)"
        tail -30 "$data/hub.log" || true
    fi
    rm -rf "$data"
}
trap finish EXIT

echo "==> waiting for the hub on 127.0.0.1:$port"
"$python" - "$port" "$hub_pid" <<'PY'
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

HEARTH_HUB_URL="http://127.0.0.1:$port" HEARTH_HUB_TOKEN="$token" \
    scripts/ha_root.sh run python -m pytest -c tests/ha/pytest.ini --rootdir . tests/ha "$@"
