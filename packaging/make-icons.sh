#!/usr/bin/env bash
# Makes the hicolor icons in packaging/icons from resources/icon.png (512 px) with ImageMagick.
# The results are committed, so installing needs no ImageMagick; run this when the icon changes.
set -euo pipefail
cd "$(dirname "$0")/.."
for size in 128 256 512; do
  convert resources/icon.png -resize "${size}x${size}" -depth 8 -strip "packaging/icons/$size.png"
done
