#!/bin/sh
# Render the app icon (public/icon.svg) to the PNG sizes a web app manifest should offer (192 and 512 px),
# with headless Chromium (the browser the tests use). Run from the repository root after editing the SVG;
# the PNGs are committed.
set -eu
chromium=${CHROMIUM_PATH:-chromium}
for size in 192 512; do
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
    --window-size="$size,$size" --screenshot="$PWD/public/icon-$size.png" "file://$PWD/public/icon.svg" \
    2>/dev/null
done
