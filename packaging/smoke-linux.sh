#!/usr/bin/env bash
# Smoke test of what packaging/build-linux.sh made (CI runs it after the build):
#   - dist/countdesk/countdesk runs the demo headless (exit 0) and writes its declaration PDF;
#   - it imports a worked example and its `result --json` equals the installed package's;
#   - the .deb unpacks into a scratch root, where the installed binary runs the demo too.
# Prints the bundle's and the package's sizes. Exits non-zero on the first failure.
#
#   bash packaging/smoke-linux.sh            (shared/ beside the checkout, or $COUNTDESK_SHARED)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
FROZEN="$ROOT/dist/countdesk/countdesk"
INSTALLED="$ROOT/.venv/bin/countdesk"
SHARED=${COUNTDESK_SHARED:-$ROOT/../shared}
EXAMPLE="$SHARED/examples/riverside.package.json"

say() { printf 'smoke: %s\n' "$*" >&2; }
fail() { printf 'smoke: FAILED: %s\n' "$*" >&2; exit 1; }

[ -x "$FROZEN" ] || fail "no frozen binary at $FROZEN: run 'bash packaging/build-linux.sh' first."
[ -x "$INSTALLED" ] || fail "no installed countdesk in .venv: run 'bash packaging/setup.sh test' first."
[ -f "$EXAMPLE" ] || fail "the worked example $EXAMPLE is missing: set COUNTDESK_SHARED to shared/."
VERSION=$("$ROOT/.venv/bin/python" -c 'import app; print(app.__version__)')
DEB="$ROOT/dist/countdesk_${VERSION}_$(dpkg --print-architecture).deb"
[ -f "$DEB" ] || fail "no package at $DEB: run 'bash packaging/build-linux.sh' first."

WORK=$(mktemp -d)
trap 'rm -rf -- "$WORK"' EXIT
# A clean environment: no display, a scratch home, nothing from the checkout's Python.
run() { env -i PATH=/usr/bin:/bin HOME="$WORK/home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"; }

demo() {
    local program=$1 folder=$2
    run "$program" demo --no-window --folder "$folder" >"$folder.out" 2>&1 \
        || { cat "$folder.out" >&2; fail "$program demo --no-window exited non-zero."; }
    local pdfs=("$folder"/declaration-*.pdf)
    [ -f "${pdfs[0]}" ] || { cat "$folder.out" >&2; fail "$program demo wrote no declaration PDF."; }
    [ "$(head -c 5 "${pdfs[0]}")" = "%PDF-" ] || fail "${pdfs[0]} is not a PDF."
}

started=$SECONDS
demo "$FROZEN" "$WORK/demo"
say "frozen demo: exit 0, wrote $(basename "$WORK"/demo/declaration-*.pdf) ($((SECONDS - started)) s)"

for who in frozen installed; do
    program=$FROZEN
    [ "$who" = installed ] && program=$INSTALLED
    run "$program" import "$EXAMPLE" --out "$WORK/$who.countdesk" >/dev/null \
        || fail "$who countdesk import of $EXAMPLE exited non-zero."
    run "$program" result "$WORK/$who.countdesk" --json >"$WORK/$who.json" \
        || fail "$who countdesk result --json exited non-zero."
done
if ! cmp -s "$WORK/frozen.json" "$WORK/installed.json"; then
    diff -u "$WORK/installed.json" "$WORK/frozen.json" | head -n 40 >&2
    fail "the frozen binary's result JSON differs from the installed package's (diff above)."
fi
say "frozen import + result --json: identical to the installed package's ($(wc -c <"$WORK/frozen.json") bytes)"

dpkg-deb -x "$DEB" "$WORK/root"
[ "$(readlink "$WORK/root/usr/bin/countdesk")" = /opt/countdesk/countdesk ] \
    || fail "the package's /usr/bin/countdesk does not point at /opt/countdesk/countdesk."
demo "$WORK/root/opt/countdesk/countdesk" "$WORK/deb-demo"
say "package unpacked into a scratch root: its countdesk runs the demo headless"

say "sizes: bundle $(du -sh dist/countdesk | cut -f1), $(basename "$DEB") $(du -h "$DEB" | cut -f1)"
say "all frozen-binary checks passed"
