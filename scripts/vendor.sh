#!/usr/bin/env bash
# Copies the pinned front-end packages into static/vendor/ (committed), so that running the
# site never needs Node. Run through `make vendor` after changing package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
sg=node_modules/@scottish-government/design-system
out=static/vendor
rm -rf "$out"
mkdir -p "$out/sgds/images" "$out/roboto/files" "$out/htmx" tests/e2e/vendor
cp "$sg/dist/css/design-system.min.css" "$out/sgds/"
cp "$sg/dist/scripts/design-system.js" "$out/sgds/"
cp -r "$sg/dist/images/icons" "$out/sgds/images/"
cp "$sg/LICENSE"* "$out/sgds/" 2>/dev/null || true
for w in 400 500 700; do
  cp node_modules/@fontsource/roboto/files/roboto-latin-$w-normal.woff2 "$out/roboto/files/"
done
cp node_modules/@fontsource/roboto/LICENSE "$out/roboto/" 2>/dev/null || true
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx/"
cp node_modules/axe-core/axe.min.js tests/e2e/vendor/axe.min.js
echo "vendored into $out"
