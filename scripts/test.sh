#!/usr/bin/env bash
# Sets up Raati with its test tools and runs every test: unit, AppTest and the
# real-browser tests (Playwright driving Debian's Chromium at /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq chromium fonts-noto-color-emoji
fi
bash scripts/setup.sh test
exec .venv/bin/python -m pytest "$@"
