#!/usr/bin/env bash
# The Python package and the Spark job, held to the CLI: builds the CLI and the corpus generator,
# builds and installs the `wiretrace` Python package into a venv, then runs pytest (including the
# Spark local[2] equivalence tests on the samples and on a 20k-article generated corpus).
#
# Needs python3 (>= 3.9) with venv; installs Java (Debian's openjdk-17-jre-headless) when `java`
# is missing and it runs as root. VENV=... picks the venv (default: .venv in the repository).
# Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

if ! command -v java >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "test-python: installing openjdk-17-jre-headless for Spark" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
    else
        echo "test-python: java is missing (Spark needs Java 17); install openjdk-17-jre-headless" >&2
        exit 1
    fi
fi

cargo build --release --locked --bin wiretrace --example gen_corpus

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
"$PY" -m pip install -q --upgrade pip >/dev/null
"$PY" -m pip install -q "maturin>=1.5,<2" "pyarrow>=12" "pyspark>=3.4" "pandas>=2.2,<3" "pytest>=7"
# The package itself, built from this checkout (release, the `python` feature, abi3 wheel).
VIRTUAL_ENV="$(cd "$VENV" && pwd)" "$VENV/bin/maturin" develop --release --locked -q

TARGET="${CARGO_TARGET_DIR:-target}"
case "$TARGET" in /*) ;; *) TARGET="$PWD/$TARGET" ;; esac
export WIRETRACE_BIN="$TARGET/release/wiretrace"
export GEN_CORPUS_BIN="$TARGET/release/examples/gen_corpus"
cd python/tests
exec "../../$PY" -m pytest -q -p no:cacheprovider .
