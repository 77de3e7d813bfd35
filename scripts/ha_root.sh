#!/usr/bin/env bash
# Build (once) and enter the cached Debian sid root that carries Python 3.14 and the pinned Home Assistant
# test harness. HA 2026.10 needs Python >= 3.14 and these hosts have none, so the integration's tests run in
# a chroot. Everything lives under .cache/ (git-ignored); nothing is installed into the host.
#
#   scripts/ha_root.sh build          build the root and its venv if missing (idempotent)
#   scripts/ha_root.sh run CMD...     run CMD inside the root, cwd = the repository (bind-mounted at /repo)
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

repo=$(cd "$(dirname "$0")/.." && pwd)
root="$repo/.cache/ha-root"
stamp="$root/.hearth-ready"
venv=/opt/ha-venv
req_file="requirements/ha-test.txt"

die() { echo "error: $*" >&2; exit 1; }

find_mirror() {
    local src
    for src in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
        [ -f "$src" ] || continue
        awk '/^URIs:/{print $2; exit} /^deb /{print $2; exit}' "$src" && return 0
    done
    return 1
}

mount_all() {
    mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
    mkdir -p "$root/repo"
    mountpoint -q "$root/repo" || mount --bind "$repo" "$root/repo"
    cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
    # The host may reach PyPI through a TLS proxy whose CA only the host's bundle trusts.
    cp -L "${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}" "$root/etc/hearth-host-ca.crt" 2>/dev/null || true
}

root_pip() {
    chroot "$root" /usr/bin/env -i HOME=/root PATH="$venv/bin:/usr/bin:/bin" LANG=C.UTF-8 \
        PIP_CERT=/etc/hearth-host-ca.crt SSL_CERT_FILE=/etc/hearth-host-ca.crt \
        PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_DEFAULT_TIMEOUT=180 "$venv/bin/pip" "$@"
}

unmount_all() {
    umount "$root/repo" 2>/dev/null || true
    umount "$root/proc" 2>/dev/null || true
}

build() {
    local want have
    want=$(sha256sum "$repo/$req_file" | cut -d' ' -f1)
    have=$(cat "$stamp" 2>/dev/null || true)
    [ "$want" = "$have" ] && return 0
    [ "$(id -u)" = 0 ] || die "building the HA test root needs root (debootstrap, chroot, mount)"
    if ! command -v debootstrap >/dev/null && command -v apt-get >/dev/null; then
        echo "==> installing debootstrap from Debian's packages"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; } >/dev/null \
            || die "could not install debootstrap: run 'apt-get update && apt-get install -y debootstrap'"
    fi
    command -v debootstrap >/dev/null || die "debootstrap is missing: run 'apt-get update && apt-get install -y debootstrap'"
    local mirror
    mirror=$(find_mirror) || die "no Debian mirror found in /etc/apt/sources.list(.d)"
    local started=$SECONDS
    if [ ! -x "$root/usr/bin/python3.14" ]; then
        echo "==> building a Debian sid root with Python 3.14 in .cache/ha-root (about 1 minute)"
        unmount_all
        rm -rf "$root"
        mkdir -p "$root"
        debootstrap --variant=minbase --include=python3.14,python3.14-venv,ca-certificates \
            sid "$root" "$mirror" >"$repo/.cache/debootstrap.log" 2>&1 \
            || { tail -20 "$repo/.cache/debootstrap.log"; die "debootstrap failed (log: .cache/debootstrap.log)"; }
    fi
    mount_all
    trap unmount_all EXIT
    echo "==> installing Home Assistant and its test harness into the root (about 2-3 minutes)"
    chroot "$root" /usr/bin/python3.14 -m venv "$venv"
    root_pip install -q --upgrade pip
    root_pip install -q -r "/repo/$req_file"
    echo "$want" >"$stamp"
    echo "==> HA test root ready in $((SECONDS - started)) s"
}

run() {
    [ -f "$stamp" ] || die "HA test root missing: run scripts/ha_root.sh build"
    mount_all
    trap unmount_all EXIT
    chroot "$root" /usr/bin/env -i HOME=/root PATH="$venv/bin:/usr/bin:/bin" LANG=C.UTF-8 \
        PYTHONDONTWRITEBYTECODE=1 HEARTH_IN_HA_ROOT=1 \
        HEARTH_HUB_URL="${HEARTH_HUB_URL:-}" HEARTH_HUB_TOKEN="${HEARTH_HUB_TOKEN:-}" \
        HEARTH_CARE_HUB_URL="${HEARTH_CARE_HUB_URL:-}" HEARTH_MQTT_URL="${HEARTH_MQTT_URL:-}" \
        HEARTH_STREAMER_PORT="${HEARTH_STREAMER_PORT:-}" \
        HEARTH_RESTART_HUB_URL="${HEARTH_RESTART_HUB_URL:-}" HEARTH_HUB_CONTROL_PORT="${HEARTH_HUB_CONTROL_PORT:-}" \
        /bin/sh -c 'cd /repo && exec "$@"' sh "$@"
}

case "${1:-}" in
    build) build ;;
    run) shift; run "$@" ;;
    *) die "usage: $0 build | run CMD..." ;;
esac
