# Shared by scripts/*: find Python 3.13 and build the hub's .venv from the lock, idempotently.
# shellcheck shell=bash

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$repo/.venv"

die() { echo "error: $*" >&2; exit 1; }
say() { echo "==> $*"; }

find_python() {
    local candidates=() c
    [ -n "${HEARTH_PYTHON:-}" ] && candidates+=("$HEARTH_PYTHON")
    if command -v pyenv >/dev/null 2>&1; then candidates+=("$(pyenv root)/versions/3.13.0/bin/python3"); fi
    candidates+=("$HOME/.pyenv/versions/3.13.0/bin/python3" /usr/bin/python3.13 /usr/local/bin/python3.13)
    for c in "${candidates[@]}"; do
        if [ -x "$c" ] && "$c" -c 'import sys; raise SystemExit(sys.version_info[:2] != (3, 13))' 2>/dev/null; then
            echo "$c"
            return 0
        fi
    done
    die "Python 3.13 not found. On Debian 13: apt-get install -y python3.13 python3.13-venv; on Debian 12: pyenv install 3.13.0 (or set HEARTH_PYTHON=/path/to/python3.13)"
}

ensure_hub_venv() {
    local stamp="$venv/.hearth-stamp" want
    want=$(cat "$repo/pyproject.toml" "$repo/requirements/hub.lock" | sha256sum | cut -d' ' -f1)
    if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    local py started=$SECONDS
    py=$(find_python)
    "$py" -c 'import venv, ensurepip' 2>/dev/null \
        || die "$py has no venv/ensurepip module: apt-get install -y python3.13-venv"
    say "creating the hub environment in .venv with $py"
    [ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
    "$venv/bin/python" -m pip install -q --upgrade pip
    PYTHONWARNINGS=ignore "$venv/bin/python" -m pip install -q -c "$repo/requirements/hub.lock" -e "$repo[test]" \
        || die "installing the hub's dependencies failed (see pip's message above)"
    echo "$want" >"$stamp"
    say "hub environment ready in $((SECONDS - started)) s"
}

ensure_mosquitto() {
    # The firmware-bridge tests start their own Mosquitto broker on a loopback port; Debian packages it.
    if command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; then
        return 0
    fi
    say "installing mosquitto (MQTT broker for the firmware-bridge tests)"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mosquitto; } >/dev/null \
        || die "could not install mosquitto: run apt-get install -y mosquitto as root"
    # Debian enables the system service on install; the tests run their own broker, so stop it quietly.
    systemctl disable --now mosquitto >/dev/null 2>&1 || true
}

ensure_ha_demo_root() {
    # A browsable HA on top of the HA test root (scripts/ha_demo, the browser test): the frontend and what the
    # Assist pipeline needs (requirements/ha-demo.txt). Two of those build from source on Python 3.14, so the
    # root gets a compiler from Debian sid once. Keyed on the test root's stamp and the requirements file.
    local root="$repo/.cache/ha-root" want started
    "$repo/scripts/ha_root.sh" build
    started=$SECONDS
    want=$(cat "$root/.hearth-ready" "$repo/requirements/ha-demo.txt" | sha256sum | cut -d' ' -f1)
    [ "$(cat "$root/.hearth-demo-ready" 2>/dev/null)" = "$want" ] && return 0
    say "installing Home Assistant's frontend and Assist pipeline into the HA root (about 1 minute)"
    if [ ! -x "$root/usr/bin/g++" ] || [ ! -f "$root/usr/include/python3.14/Python.h" ]; then
        "$repo/scripts/ha_root.sh" run sh -c 'apt-get -o Acquire::Check-Valid-Until=false update -q >/dev/null &&
            DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false install -y -q \
            --no-install-recommends g++ python3.14-dev >/dev/null' \
            || die "could not install g++ and python3.14-dev into the HA root"
    fi
    "$repo/scripts/ha_root.sh" run env PIP_CERT=/etc/hearth-host-ca.crt SSL_CERT_FILE=/etc/hearth-host-ca.crt \
        PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_DEFAULT_TIMEOUT=180 pip install -q -r requirements/ha-demo.txt \
        || die "installing requirements/ha-demo.txt into the HA root failed (see pip's message above)"
    echo "$want" >"$root/.hearth-demo-ready"
    say "HA demo packages ready in $((SECONDS - started)) s"
}

ensure_chromium() {
    # The browser test drives Debian's Chromium (Playwright never downloads a browser here).
    [ -x /usr/bin/chromium ] && return 0
    say "installing chromium (for the browser test)"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; } \
        >/dev/null || die "could not install chromium: run apt-get install -y chromium as root"
}

ensure_browser_venv() {
    # The browser test's own venv (Playwright, pytest, aiohttp), pinned by requirements/browser.txt.
    local bvenv="$repo/.cache/browser-venv" want py
    want=$(sha256sum "$repo/requirements/browser.txt" | cut -d' ' -f1)
    [ -x "$bvenv/bin/python" ] && [ "$(cat "$bvenv/.hearth-stamp" 2>/dev/null)" = "$want" ] && return 0
    py=$(find_python)
    say "creating the browser test environment in .cache/browser-venv"
    [ -x "$bvenv/bin/python" ] || "$py" -m venv "$bvenv"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$bvenv/bin/python" -m pip install -q --disable-pip-version-check \
        -r "$repo/requirements/browser.txt" || die "installing requirements/browser.txt failed"
    echo "$want" >"$bvenv/.hearth-stamp"
}
