#!/usr/bin/env bash
# Checks the reference issue's web page in a real browser: builds it (nyhetsbrev build
# --format html), opens it in Debian's headless Chromium with puppeteer-core, runs axe-core at
# WCAG A and AA (any violation fails), and saves screenshots at 375 px and 1280 px width, light
# and dark, to out/screenshots/. Installs chromium with apt-get when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing chromium"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

[ -f dist/cli/main.js ] || npx tsc -p tsconfig.json
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
node dist/cli/main.js build issues/2025-4 --format html --out "$out/2025-4"
node scripts/check-html.mjs "$out/2025-4/index.html" out/screenshots
