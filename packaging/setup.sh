#!/usr/bin/env bash
# CountDesk's one set-up script: Qt's system libraries (Debian/Ubuntu, as root), .venv, the project.
#
#   bash packaging/setup.sh demo [ARGS...]   set up, then run `countdesk demo ARGS...`
#   bash packaging/setup.sh test [ARGS...]   set up, then ruff, mypy, lint-imports and pytest ARGS...
#
# Safe to run again: installed system packages, an existing .venv and an unchanged pyproject.toml
# are detected and skipped, so a second run makes no network call.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VENV="$ROOT/.venv"
STAMP="$VENV/.countdesk-installed"

# Qt's runtime libraries and the xcb platform plugin's X11 libraries, a font, and for the tests
# pdftoppm (poppler-utils) and a virtual display (xvfb, xauth).
APT_PACKAGES=(
    libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
    libglib2.0-0
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
    libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1
    fonts-dejavu-core
    poppler-utils xvfb xauth
)

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

usage() {
    cat >&2 <<'EOF'
usage: bash packaging/setup.sh demo [ARGS...]   set up, then run the app on the demo election
       bash packaging/setup.sh test [ARGS...]   set up, then run ruff, mypy, lint-imports, pytest
EOF
    exit 2
}

is_debian() { [ -r /etc/debian_version ] && command -v dpkg-query >/dev/null 2>&1; }

# The packages of "$@" that dpkg does not have installed (Ubuntu 24.04 renamed some to *t64).
missing_debs() {
    local installed pkg
    installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' 2>/dev/null \
        | awk '$2 == "ii" { sub(/:.*/, "", $1); print $1 }')
    for pkg in "$@"; do
        grep -qxF -e "$pkg" -e "${pkg}t64" <<<"$installed" || printf '%s\n' "$pkg"
    done
}

apt_install() {
    say "installing system packages: $*"
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "${APT_UPDATED:-}" ]; then
        apt-get update -qq || die "apt-get update failed: check the network or the apt sources."
        APT_UPDATED=1
    fi
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
        || die "apt-get install failed for: $* (see the messages above)."
}

system_packages() {
    local missing
    if is_debian; then
        mapfile -t missing < <(missing_debs "${APT_PACKAGES[@]}")
        [ "${#missing[@]}" -eq 0 ] && return 0
        if [ "$(id -u)" -eq 0 ]; then
            apt_install "${missing[@]}"
        else
            say "Qt needs system packages that are not installed; as root, run:"
            say "  apt-get install --no-install-recommends ${missing[*]}"
            say "continuing without them (the app or some tests may fail to start)."
        fi
    else
        say "not a Debian/Ubuntu system: install the equivalents of these Debian packages yourself:"
        say "  ${APT_PACKAGES[*]}"
        say "On Fedora: dnf install mesa-libGL mesa-libEGL libxkbcommon libxkbcommon-x11 fontconfig"
        say "  freetype dbus-libs glib2 xcb-util-cursor xcb-util-wm xcb-util-image xcb-util-keysyms"
        say "  xcb-util-renderutil libxcb libX11-xcb dejavu-sans-fonts poppler-utils"
        say "  xorg-x11-server-Xvfb xorg-x11-xauth. On macOS and Windows the PySide6 wheels carry Qt;"
        say "  the tests also need poppler (pdftoppm) on PATH."
    fi
}

py_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; }

find_python() {
    local candidate
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && py_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    die "CountDesk needs Python 3.11 or newer: install python3.11 (with its venv module) and run again."
}

make_venv() {
    if [ -x "$VENV/bin/python" ] && py_ok "$VENV/bin/python"; then
        return 0
    fi
    [ -e "$VENV" ] && { say "replacing an unusable $VENV"; rm -rf -- "$VENV"; }
    local python
    python=$(find_python)
    if ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        local venv_pkg
        venv_pkg="python$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"
        if is_debian && [ "$(id -u)" -eq 0 ]; then
            apt_install "$venv_pkg"
        else
            die "$python has no venv module: install $venv_pkg (Debian/Ubuntu) and run again."
        fi
    fi
    say "creating .venv with $python"
    "$python" -m venv "$VENV"
}

fingerprint() {
    "$VENV/bin/python" - "$ROOT" <<'EOF'
import hashlib, pathlib, sys
root = pathlib.Path(sys.argv[1])
print("pyproject.toml", hashlib.sha256((root / "pyproject.toml").read_bytes()).hexdigest(), root)
EOF
}

install_project() {
    local want
    want=$(fingerprint)
    if [ -x "$VENV/bin/countdesk" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
        return 0
    fi
    say "installing CountDesk and its test tools into .venv (pip, quiet)"
    # pip -q still warns about this machine's unused extra index folders: drop just those lines.
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT[test]" \
        2> >(grep -v -e 'is ignored: it is neither a file nor a directory' >&2 || true)
    printf '%s\n' "$want" >"$STAMP"
}

run_checks() {
    local failed=() rc
    export PATH="$VENV/bin:$PATH"
    say "ruff check app tests"
    "$VENV/bin/ruff" check app tests || failed+=(ruff)
    say "mypy (files from pyproject.toml)"
    "$VENV/bin/mypy" || failed+=(mypy)
    say "lint-imports (contracts from pyproject.toml)"
    "$VENV/bin/lint-imports" --no-logo || failed+=(lint-imports)
    say "pytest $*"
    rc=0
    "$VENV/bin/python" -m pytest "$@" || rc=$?
    if [ "$rc" -eq 5 ]; then
        say "pytest collected no tests: that counts as a failure."
    fi
    [ "$rc" -eq 0 ] || failed+=("pytest (exit $rc)")
    if [ "${#failed[@]}" -gt 0 ]; then
        say "FAILED: ${failed[*]}"
        return 1
    fi
    say "all checks passed"
}

[ $# -ge 1 ] || usage
command=$1
shift
case "$command" in
    demo | test) ;;
    *) usage ;;
esac

system_packages
make_venv
install_project

case "$command" in
    demo)
        # Without DISPLAY or WAYLAND_DISPLAY the app itself prints the result and writes the PDF.
        exec "$VENV/bin/countdesk" demo "$@"
        ;;
    test)
        run_checks "$@"
        ;;
esac
