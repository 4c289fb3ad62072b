#!/usr/bin/env bash
# Sets up Raati, fills the embedded SQLite database (data/raati.db) with demo content
# once, and starts the app at http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/raati demo
exec .venv/bin/streamlit run serve.py --browser.gatherUsageStats false "$@"
