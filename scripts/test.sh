#!/usr/bin/env bash
# Sets up Raati with its test tools and runs every test: unit, AppTest and the
# real-browser tests (Playwright driving Debian's Chromium at /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian packages the tests need: Chromium with its emoji font for the browser tests,
# the PDF fallback fonts (raati/pdffonts.py: emoji, Thai, Chinese/Japanese), and
# PostgreSQL and HAProxy (the store on both backends, two app processes behind a
# load balancer: issue 16).
missing=""
for pkg in chromium fonts-noto-color-emoji fonts-symbola fonts-tlwg-loma-ttf fonts-droid-fallback \
    postgresql haproxy; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq $missing
fi
bash scripts/setup.sh test
# A running PostgreSQL cluster with the test database; sets RAATI_TEST_PG.
source scripts/test_pg.sh
exec .venv/bin/python -m pytest "$@"
