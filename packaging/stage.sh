#!/usr/bin/env bash
# stage.sh VERSION BINARY DIR: lays out in DIR what `make install` installs and `make dist`
# ships: bin/lectern, share/ (desktop file, AppStream metainfo, hicolor icons), install.sh,
# README.md and LICENSE. install.sh (run from DIR) copies it into a prefix.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 VERSION BINARY DIR" >&2; exit 2; }
version=$1 binary=$2 dir=$3
repo=$(cd "$(dirname "$0")/.." && pwd)
here="$repo/packaging"
# The release date: the commit's, so that a tarball made twice is the same; else today.
date=$(git -C "$repo" log -1 --format=%cs 2>/dev/null || date -u +%F)

rm -rf "$dir"
install -Dm755 "$binary" "$dir/bin/lectern"
install -Dm644 "$here/io.lectern.app.desktop" "$dir/share/applications/io.lectern.app.desktop"
mkdir -p "$dir/share/metainfo"
sed -e "s|@VERSION@|${version#v}|" -e "s|@DATE@|$date|" "$here/io.lectern.app.metainfo.xml.in" \
  >"$dir/share/metainfo/io.lectern.app.metainfo.xml"
chmod 644 "$dir/share/metainfo/io.lectern.app.metainfo.xml"
for size in 128 256 512; do
  install -Dm644 "$here/icons/$size.png" "$dir/share/icons/hicolor/${size}x${size}/apps/io.lectern.app.png"
done
install -Dm755 "$here/install.sh" "$dir/install.sh"
install -Dm644 "$repo/README.md" "$dir/README.md"
install -Dm644 "$repo/LICENSE" "$dir/LICENSE"
