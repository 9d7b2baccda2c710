#!/usr/bin/env bash
# install.sh [--uninstall] [PREFIX]: installs Lectern (or removes it) under PREFIX, by default
# ~/.local: the binary in PREFIX/bin, the desktop file, the AppStream metainfo and the icons in
# PREFIX/share. DESTDIR, if set, is prepended to every path written (for packagers); the
# desktop file names the binary by its path under PREFIX.
#
# Run from a release tarball's folder, or from a folder packaging/stage.sh made (`make install`
# does both). --uninstall needs neither: it removes the files by name.
set -euo pipefail
uninstall=false
if [ "${1:-}" = --uninstall ]; then uninstall=true; shift; fi
prefix=${1:-$HOME/.local}
case "$prefix" in /*) ;; *) echo "install.sh: PREFIX must be an absolute path, not $prefix" >&2; exit 2 ;; esac
prefix=${prefix%/}
root="${DESTDIR:-}$prefix"
src=$(cd "$(dirname "$0")" && pwd)

files=(
  bin/lectern
  share/applications/io.lectern.app.desktop
  share/metainfo/io.lectern.app.metainfo.xml
  share/icons/hicolor/128x128/apps/io.lectern.app.png
  share/icons/hicolor/256x256/apps/io.lectern.app.png
  share/icons/hicolor/512x512/apps/io.lectern.app.png
)

# refresh: tell the desktop about new or removed files (only on the real system, if the tools
# are there; a DESTDIR install is a package's job).
refresh() {
  [ -z "${DESTDIR:-}" ] || return 0
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$root/share/applications" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null && [ -f "$root/share/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$root/share/icons/hicolor" 2>/dev/null || true
  fi
}

if $uninstall; then
  for f in "${files[@]}"; do
    rm -f "$root/$f"
  done
  refresh
  echo "Removed Lectern from $root (your archive, in ~/.local/share/lectern, is kept)."
  exit 0
fi

for f in "${files[@]}"; do
  [ -f "$src/$f" ] || { echo "install.sh: $src/$f is missing (run make install, or install.sh from a release folder)" >&2; exit 1; }
done
install -Dm755 "$src/bin/lectern" "$root/bin/lectern"
for f in "${files[@]:1}"; do
  install -Dm644 "$src/$f" "$root/$f"
done
# The desktop file starts the binary by its full path: ~/.local/bin is not on every session's
# PATH. (A prefix with quotes, $, \, | or & in it keeps "lectern", found on the PATH.)
if [[ "$prefix" =~ ^[A-Za-z0-9/._+\ -]+$ ]]; then
  sed -i -e "s|^Exec=lectern |Exec=\"$prefix/bin/lectern\" |" -e "s|^TryExec=lectern\$|TryExec=$prefix/bin/lectern|" \
    "$root/share/applications/io.lectern.app.desktop"
fi
refresh
echo "Installed Lectern in $root"
