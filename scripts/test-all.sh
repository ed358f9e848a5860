#!/usr/bin/env bash
# The whole test suite, as README's second command and CI (.ci/run) run it:
#   1. Rust: unit, property and integration tests (`cargo test --locked`);
#   2. the HTML report in a real browser (scripts/test-browser.sh: headless Chromium, installed
#      with apt-get when missing);
#   3. the Python package and the Spark job against the CLI (scripts/test-python.sh: a venv with
#      maturin, pyarrow, pyspark and pytest; Java installed with apt-get when missing).
# Each part prints its own closing line; the script stops at the first failing part.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Rust tests (cargo test --locked)" >&2
cargo test --locked

echo "== report.html in headless Chromium (scripts/test-browser.sh)" >&2
bash scripts/test-browser.sh

echo "== Python package and Spark job (scripts/test-python.sh)" >&2
bash scripts/test-python.sh
