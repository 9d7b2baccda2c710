#!/usr/bin/env bash
# The install's test (make install-test, part of make test): `make install` into a temporary
# prefix, then the desktop file and the AppStream metainfo must pass desktop-file-validate and
# appstreamcli validate --no-net, the icons must be there at their sizes, the installed binary
# must say its version; the same with DESTDIR as a packager uses it; `make dist` must hold the
# same files; `make uninstall` must leave nothing behind; and the installed app, started on a
# file while its window is open, hands the file to that window (under Xvfb).
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
# The installed app, opened on a file while its window is open (as a file manager does it,
# with a file:// address): the open window imports it, and no second window appears.
bin="$work/fromtar/bin/lectern"
export XDG_RUNTIME_DIR="$work/run" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" LIBGL_ALWAYS_SOFTWARE=1
mkdir -m 700 "$XDG_RUNTIME_DIR"
db="$work/lectern.db"
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
app_pid=""
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(head -n1 "$work/display")"
"$bin" --db "$db" >"$work/app.log" 2>&1 &
app_pid=$!
window=""
for _ in $(seq 100); do
  window=$(xdotool search --name '^Lectern$' 2>/dev/null | head -n1 || true)
  [ -n "$window" ] && break
  sleep 0.2
done
[ -n "$window" ] || fail "no Lectern window"
[ "$(xprop -id "$window" WM_CLASS)" = 'WM_CLASS(STRING) = "Lectern", "Lectern"' ] ||
  fail "WM_CLASS is not the desktop file's StartupWMClass: $(xprop -id "$window" WM_CLASS)"
printf '# Handed over\n\nOpened from a file manager while the window was open.\n' >"$work/handed over.md"
timeout 10 "$bin" --db "$db" "file://$work/handed%20over.md" || fail "the second launch did not hand over its file"
for _ in $(seq 50); do
  list=$("$bin" list --db "$db" 2>&1 || true)
  [[ "$list" == *"Handed over"* ]] && break
  sleep 0.2
done
[[ "$list" == *"Handed over"* ]] || { cat "$work/app.log" >&2; fail "the open window did not import the handed file: $list"; }
[ "$(xdotool search --name '^Lectern$' | wc -l)" = 1 ] || fail "a second window opened"
kill "$app_pid"
wait "$app_pid" || true
app_pid=""
kill "$xvfb_pid"
wait "$xvfb_pid" 2>/dev/null || true
xvfb_pid=""
echo "install test: ok ($version; desktop file and metainfo valid; install, DESTDIR, dist, uninstall; a file handed to the open window)"
