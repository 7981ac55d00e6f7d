#!/usr/bin/env bash
# Builds CountDesk for Linux from the checkout: the PyInstaller one-folder bundle dist/countdesk/
# and the Debian package dist/countdesk_VERSION_ARCH.deb (plain dpkg-deb, no debhelper).
#
#   bash packaging/build-linux.sh
#
# Needs the project's .venv (bash packaging/setup.sh test makes it); installs the pinned
# PyInstaller (packaging/pyinstaller/requirements.txt) into it when missing. The .deb installs the
# bundle in /opt/countdesk, the command /usr/bin/countdesk, a menu entry, an icon and the
# .countdesk file type, and depends on the Debian packages of the system libraries the bundle loads.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VENV="$ROOT/.venv"
PINS="$ROOT/packaging/pyinstaller/requirements.txt"
SPEC="$ROOT/packaging/pyinstaller/countdesk.spec"
BUNDLE="$ROOT/dist/countdesk"

say() { printf 'build-linux: %s\n' "$*" >&2; }
die() { printf 'build-linux: %s\n' "$*" >&2; exit 1; }

[ -x "$VENV/bin/python" ] || die "no .venv here: run 'bash packaging/setup.sh test' first, then again."
"$VENV/bin/python" -c 'import app, PySide6, reportlab, sqlite_utils' 2>/dev/null \
    || die "CountDesk is not installed in .venv: run 'bash packaging/setup.sh test' first."
command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb is missing: build on Debian or Ubuntu (package dpkg)."

# The PyInstaller pinned in requirements.txt, installed into .venv if another (or none) is there.
pinned() { sed -n "s/^$1==\([^[:space:]]*\).*/\1/p" "$PINS"; }
installed() { "$VENV/bin/python" -m pip show "$1" 2>/dev/null | sed -n 's/^Version: //p'; }
if [ "$(installed pyinstaller)" != "$(pinned pyinstaller)" ] \
    || [ "$(installed pyinstaller-hooks-contrib)" != "$(pinned pyinstaller-hooks-contrib)" ]; then
    say "installing $(grep -v '^#' "$PINS" | tr '\n' ' ')into .venv"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$PINS" \
        2> >(grep -v -e 'is ignored: it is neither a file nor a directory' >&2 || true)
fi

VERSION=$("$VENV/bin/python" -c 'import app; print(app.__version__)')
ARCH=$(dpkg --print-architecture)
DEB="$ROOT/dist/countdesk_${VERSION}_${ARCH}.deb"

# 1. The bundle.
say "freezing CountDesk $VERSION with PyInstaller $(installed pyinstaller) into dist/countdesk/"
started=$SECONDS
rm -rf -- "$BUNDLE" "$ROOT/build/pyinstaller"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" "$SPEC"
got=$("$BUNDLE/countdesk" --version) || die "the frozen countdesk does not start (see above)."
[ "$got" = "CountDesk $VERSION" ] || die "the frozen countdesk says '$got', not 'CountDesk $VERSION'."
say "bundle: $(du -sh "$BUNDLE" | cut -f1) in $((SECONDS - started)) s"

# 2. The Debian packages the bundle needs: the owners of the system libraries its ELF files load
#    (the bundle keeps Python and SQLite; countdesk.spec says why the rest come from the system).
elf_files() {
    find "$BUNDLE" -type f \( -name '*.so' -o -name '*.so.*' -o -name countdesk \) -print0 \
        | xargs -0 file -L --no-pad -F '|' 2>/dev/null | awk -F'|' '$2 ~ /ELF/ { print $1 }'
}
# Optional plugins, loaded only where their libraries exist: GTK's look under GNOME.
OPTIONAL_PLUGINS=(platformthemes/libqgtk3.so)
system_libraries() {
    # Only each file's own NEEDED entries (what dpkg-shlibdeps looks at): the packages of those
    # libraries bring their own dependencies.
    local lib_path file needed
    lib_path="$BUNDLE/_internal:$BUNDLE/_internal/pillow.libs"
    elf_files | while IFS= read -r file; do
        for optional in "${OPTIONAL_PLUGINS[@]}"; do
            [[ "$file" == */"$optional" ]] && continue 2
        done
        needed=$(objdump -p "$file" 2>/dev/null | awk '$1 == "NEEDED" { printf "%s ", $2 }')
        [ -n "$needed" ] || continue
        LD_LIBRARY_PATH="$lib_path" ldd "$file" 2>/dev/null \
            | awk -v needed="$needed" 'BEGIN { split(needed, list, " "); for (i in list) want[list[i]] = 1 }
                $2 == "=>" && $3 ~ /^\// && ($1 in want) { print $3 }' || true
    done | grep -v -F "$BUNDLE/" | sort -u
}
owner() {
    # dpkg knows a library by the path its package installed; with a merged /usr that may be
    # /lib/... or /usr/lib/..., so try the path, its real path and the other spelling.
    local path=$1 candidate found
    for candidate in "$path" "$(readlink -f "$path")" "${path#/usr}" "/usr${path#/usr}"; do
        if found=$(dpkg-query -S "$candidate" 2>/dev/null); then
            found=${found%%$'\n'*}
            printf '%s\n' "${found%%:*}"
            return 0
        fi
    done
    return 1
}
for tool in file objdump ldd; do
    command -v "$tool" >/dev/null 2>&1 || die "the '$tool' command is missing: apt-get install file binutils."
done
mapfile -t LIBS < <(system_libraries)
[ "${#LIBS[@]}" -gt 0 ] || die "found no system libraries under the bundle: is ldd working?"
PACKAGES=()
for lib in "${LIBS[@]}"; do
    if package=$(owner "$lib") && [ -n "$package" ]; then
        PACKAGES+=("$package")
    else
        say "warning: no Debian package owns $lib; it is left out of Depends."
    fi
done
# The bundle's glibc floor: the newest symbol version any of its files asks for.
GLIBC=$(elf_files | xargs objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' \
    | sed 's/GLIBC_//' | sort -t. -k1,1n -k2,2n -k3,3n -u | tail -n1 || true)
[ -n "$GLIBC" ] || GLIBC=$(getconf GNU_LIBC_VERSION | awk '{ print $2 }')
DEPENDS="libc6 (>= $GLIBC)"
for package in $(printf '%s\n' "${PACKAGES[@]}" | sort -u); do
    [ "$package" = libc6 ] || DEPENDS+=", $package"
done
say "needs glibc $GLIBC or newer and $(($(printf '%s\n' "${PACKAGES[@]}" | sort -u | wc -l) - 1)) other Debian packages"

# 3. The package tree.
STAGE="$ROOT/build/deb/countdesk_${VERSION}_${ARCH}"
rm -rf -- "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/mime/packages" "$STAGE/usr/share/doc/countdesk"
cp -a "$BUNDLE" "$STAGE/opt/countdesk"
ln -s /opt/countdesk/countdesk "$STAGE/usr/bin/countdesk"
install -m 644 packaging/linux/countdesk.desktop "$STAGE/usr/share/applications/countdesk.desktop"
install -m 644 packaging/linux/countdesk-mime.xml "$STAGE/usr/share/mime/packages/countdesk.xml"
for size in 16 32 48 64 128 256; do
    for kind in apps/countdesk mimetypes/application-x-countdesk; do
        install -D -m 644 "resources/icons/countdesk-$size.png" \
            "$STAGE/usr/share/icons/hicolor/${size}x${size}/$kind.png"
    done
done
install -D -m 644 resources/icons/countdesk.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/countdesk.svg"
install -m 644 resources/fonts/LICENSE-DejaVu.txt "$STAGE/usr/share/doc/countdesk/LICENSE-DejaVu.txt"
cat >"$STAGE/usr/share/doc/countdesk/copyright" <<'EOF'
CountDesk: GPL-3.0-or-later. It bundles Python (PSF licence), Qt and PySide6 (LGPL-3.0),
ReportLab (BSD), sqlite-utils (Apache-2.0), SQLite (public domain) and the DejaVu fonts
(see LICENSE-DejaVu.txt).
EOF
install -m 755 packaging/linux/postinst packaging/linux/postrm "$STAGE/DEBIAN/"
cat >"$STAGE/DEBIAN/control" <<EOF
Package: countdesk
Version: $VERSION
Architecture: $ARCH
Maintainer: CountDesk maintainers <countdesk@invalid>
Section: misc
Priority: optional
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: $DEPENDS
Recommends: fonts-dejavu-core, cups-client
Description: enumeration desk of a UK election count centre
 CountDesk verifies ballot boxes against their ballot paper accounts, keys each
 table's count sheet twice, reconciles the votes with the papers verified,
 advises the Returning Officer on recounts and prints the declaration of result.
 It works without a network connection and never opens one.
EOF

# 4. The .deb.
started=$SECONDS
rm -f -- "$DEB"
dpkg-deb --root-owner-group -Zzstd --build "$STAGE" "$DEB" >/dev/null
say "package: $DEB ($(du -h "$DEB" | cut -f1), made in $((SECONDS - started)) s)"
say "install it with: sudo apt install ./dist/$(basename "$DEB")"
