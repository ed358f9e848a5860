#!/usr/bin/env bash
# Everything CI runs: the Rust suite, then the Python package and the Spark job against the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked
scripts/test-python.sh
