#!/usr/bin/env bash
# The browser lane: set up what it needs (Debian's chromium, .cache/browser-venv from requirements/browser.txt,
# the hub's .venv, the HA root with requirements/ha-demo.txt), then run tests/browser on the host. The tests
# start the same demo stack as scripts/ha_demo (HA 2026.10.4 in the HA root + the hub) on free loopback ports.
#
#   tests/browser/run.sh                 everything
#   tests/browser/run.sh -k hub_is_down  extra arguments go to pytest
#
# Screenshots: .cache/browser-artifacts/ (assist.png, assist-hub-down.png, <test>-failed.png).
# Logs of the last run: .cache/browser-run/ha.log and hub.log.
set -euo pipefail
# shellcheck source=../../scripts/lib.sh
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$repo"
ensure_hub_venv
ensure_chromium
ensure_browser_venv
ensure_ha_demo_root
status=0
"$repo/.cache/browser-venv/bin/python" -m pytest -c tests/browser/pytest.ini --rootdir . tests/browser "$@" || status=$?
if [ "$status" != 0 ]; then
    echo "==> HA log (last 30 lines of .cache/browser-run/ha.log)"
    tail -30 .cache/browser-run/ha.log 2>/dev/null || true
    echo "==> hub log (last 20 lines of .cache/browser-run/hub.log)"
    tail -20 .cache/browser-run/hub.log 2>/dev/null || true
fi
exit "$status"
