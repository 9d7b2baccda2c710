#!/usr/bin/env bash
# The install's test (make install-test, part of make test): `make install` into a temporary
# prefix, then the desktop file and the AppStream metainfo must pass desktop-file-validate and
# appstreamcli validate --no-net, the icons must be there at their sizes, the installed binary
# must say its version; the same with DESTDIR as a packager uses it; `make dist` must hold the
# same files; `make uninstall` must leave nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "install test: FAIL: $*" >&2; exit 1; }
version=$(git describe --tags --always --dirty 2>/dev/null || echo dev)

files=(
  share/applications/io.lectern.app.desktop
  share/metainfo/io.lectern.app.metainfo.xml
  share/icons/hicolor/128x128/apps/io.lectern.app.png
  share/icons/hicolor/256x256/apps/io.lectern.app.png
  share/icons/hicolor/512x512/apps/io.lectern.app.png
)

# check ROOT PREFIX: the files installed under ROOT for PREFIX are complete and valid.
check() {
  local root=$1 prefix=$2
  [ -x "$root/bin/lectern" ] || fail "no executable $root/bin/lectern"
  for f in "${files[@]}"; do [ -s "$root/$f" ] || fail "missing $root/$f"; done
  desktop-file-validate "$root/share/applications/io.lectern.app.desktop" || fail "desktop-file-validate"
  appstreamcli validate --no-net --pedantic "$root/share/metainfo/io.lectern.app.metainfo.xml" >"$work/as.log" 2>&1 ||
    { cat "$work/as.log" >&2; fail "appstreamcli validate"; }
  appstreamcli validate-tree --no-net "$root" >"$work/as.log" 2>&1 || { cat "$work/as.log" >&2; fail "appstreamcli validate-tree"; }
  grep -qx "Exec=\"$prefix/bin/lectern\" %U" "$root/share/applications/io.lectern.app.desktop" ||
    fail "Exec does not start $prefix/bin/lectern: $(grep ^Exec= "$root/share/applications/io.lectern.app.desktop")"
  grep -q "<release version=\"${version#v}\"" "$root/share/metainfo/io.lectern.app.metainfo.xml" ||
    fail "the metainfo's release is not $version"
  for size in 128 256 512; do
    got=$(identify -format '%wx%h' "$root/share/icons/hicolor/${size}x${size}/apps/io.lectern.app.png")
    [ "$got" = "${size}x${size}" ] || fail "the ${size}px icon is $got"
  done
  got=$("$root/bin/lectern" --version)
  [ "$got" = "lectern $version" ] || fail "lectern --version says '$got', want 'lectern $version'"
}

prefix="$work/home/.local"
make -s install PREFIX="$prefix" >"$work/make.log" 2>&1 || { cat "$work/make.log" >&2; fail "make install"; }
check "$prefix" "$prefix"
# The desktop's caches (when its tools are installed) know the lectern:// handler.
cache="$prefix/share/applications/mimeinfo.cache"
if command -v update-desktop-database >/dev/null; then
  grep -q '^x-scheme-handler/lectern=io.lectern.app.desktop;' "$cache" || fail "mimeinfo.cache lacks the lectern:// handler"
fi
make -s uninstall PREFIX="$prefix" >>"$work/make.log" 2>&1 || { cat "$work/make.log" >&2; fail "make uninstall"; }
left=$(find "$prefix" -type f -not -name mimeinfo.cache -not -name icon-theme.cache)
[ -z "$left" ] || fail "make uninstall left: $left"
if [ -f "$cache" ] && grep -q lectern "$cache"; then fail "mimeinfo.cache still names Lectern"; fi

# A packager's install: everything under DESTDIR, the desktop file naming the final path.
make -s install DESTDIR="$work/dest" PREFIX=/usr >>"$work/make.log" 2>&1 || { cat "$work/make.log" >&2; fail "make install DESTDIR"; }
check "$work/dest/usr" /usr
[ "$(find "$work/dest" -mindepth 1 -maxdepth 1)" = "$work/dest/usr" ] || fail "DESTDIR install wrote outside DESTDIR/usr"

# The release tarball: the same files, README and LICENSE, and its install.sh works.
tarball=$(make -s dist 2>>"$work/make.log" | tail -n1)
[ -f "$tarball" ] || { cat "$work/make.log" >&2; fail "make dist made no tarball"; }
case "$tarball" in build/lectern-"$version"-linux-*.tar.gz) ;; *) fail "tarball name $tarball" ;; esac
tar -C "$work" -xzf "$tarball"
top="$work/lectern-$version"
for f in bin/lectern README.md LICENSE install.sh "${files[@]}"; do [ -e "$top/$f" ] || fail "the tarball lacks $f"; done
"$top/install.sh" "$work/fromtar" >/dev/null
check "$work/fromtar" "$work/fromtar"
echo "install test: ok ($version; desktop file and metainfo valid; install, DESTDIR, dist, uninstall)"
