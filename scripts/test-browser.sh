#!/usr/bin/env bash
# Renders report.html of the bundled samples in headless Chromium and checks what a reader sees.
#
#   scripts/test-browser.sh                      check (CI)
#   scripts/test-browser.sh --update-screenshot  check, then copy the screenshot to docs/report.png
#
# 1. Installs Debian's chromium (and two small fonts for the samples' Chinese and Urdu) if
#    missing; this needs root and apt.
# 2. Builds wiretrace and scans samples/corpus with samples/agencies-extra.csv.
# 3. Chromium --dump-dom: the rendered DOM must have every section, the samples' outlets and
#    agencies, the run's counts, each top pair linked to its passages, nothing from the network.
# 4. Chromium --screenshot (1280x2000): the PNG must not be blank.
# The checks are scripts/check_report_html.py (Python 3, standard library only). Exits non-zero
# on any failed check; the last line is "N passed, M failed".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
UPDATE=0
case "${1:-}" in
    --update-screenshot) UPDATE=1 ;;
    "") ;;
    *) echo "usage: $0 [--update-screenshot]" >&2; exit 2 ;;
esac

CHROMIUM=/usr/bin/chromium
need=()
[ -x "$CHROMIUM" ] || need+=(chromium)
for font in fonts-wqy-microhei fonts-hosny-amiri; do
    dpkg -s "$font" >/dev/null 2>&1 || need+=("$font")
done
if [ "${#need[@]}" -gt 0 ]; then
    echo "installing ${need[*]} (apt-get)" >&2
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: ${need[*]} missing and not root; install them with apt-get" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -x "$CHROMIUM" ] || { echo "error: $CHROMIUM still missing after apt-get" >&2; exit 1; }

cd "$ROOT"
cargo build --locked --quiet
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/wiretrace"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
OUT="$WORK/out"
"$BIN" scan samples/corpus --agencies samples/agencies-extra.csv -o "$OUT" -q
[ -s "$OUT/report.html" ] || { echo "error: no $OUT/report.html" >&2; exit 1; }

chrome() {
    # A fresh profile each time; no network features; the page itself loads nothing.
    local profile
    profile="$(mktemp -d "$WORK/profile.XXXX")"
    timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$profile" "$@" \
        "file://$OUT/report.html"
}

chrome --dump-dom >"$WORK/dom.html" 2>"$WORK/chromium-dom.log" || {
    echo "error: chromium --dump-dom failed:" >&2
    tail -20 "$WORK/chromium-dom.log" >&2
    exit 1
}
chrome --screenshot="$WORK/report.png" --window-size=1280,2000 >"$WORK/chromium-shot.log" 2>&1 || {
    echo "error: chromium --screenshot failed:" >&2
    tail -20 "$WORK/chromium-shot.log" >&2
    exit 1
}

python3 scripts/check_report_html.py "$WORK/dom.html" "$WORK/report.png" "$OUT" \
    samples/expected_outlets.csv

if [ "$UPDATE" -eq 1 ]; then
    mkdir -p docs
    cp "$WORK/report.png" docs/report.png
    echo "docs/report.png updated" >&2
fi
