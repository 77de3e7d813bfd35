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
