#!/usr/bin/env bash
# Incremental-index benchmark: the cost of adding NEW articles to an index of BASE articles.
#
#   benches/index.sh BASE [NEW]        # default NEW = 10000; e.g. benches/index.sh 100000
#
# Environment: WIRETRACE_E2E_SEED (7), WIRETRACE_E2E_SCRATCH (${TMPDIR:-/tmp}/wiretrace-e2e),
# WIRETRACE_INDEX_RESULTS (benches/RESULTS-index.md; "-" = nowhere), WIRETRACE_E2E_NOTE.
#
# Generates BASE + NEW articles with examples/gen_corpus (seeded), splits them into the first
# BASE and the last NEW lines, builds an index from the first (`scan --index`), then times the
# run that adds the rest. Prints and appends to benches/RESULTS-index.md: the build time, the incremental
# run's wall time and its update stages (read+hash, index write, candidates, verify: what grows
# with NEW), the time spent rewriting every report (what grows with the index), peak RSS, and
# index bytes per article. Both runs write into one report folder, as a nightly job does, so
# the added run copies the passage rows it can from the build's reports (README, cron).
set -euo pipefail

die() { echo "index bench: error: $*" >&2; exit 1; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BASE=${1:-}
NEW=${2:-10000}
[[ $BASE =~ ^[1-9][0-9]*$ ]] || die "usage: benches/index.sh BASE [NEW]"
[[ $NEW =~ ^[1-9][0-9]*$ ]] || die "NEW=$NEW: expected a positive number"
SEED=${WIRETRACE_E2E_SEED:-7}
SCRATCH=${WIRETRACE_E2E_SCRATCH:-${TMPDIR:-/tmp}/wiretrace-e2e}
RESULTS=${WIRETRACE_INDEX_RESULTS:-$ROOT/benches/RESULTS-index.md}
NOTE=${WIRETRACE_E2E_NOTE:-}
command -v python3 >/dev/null || die "python3 not found on PATH"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (Debian package 'time')"

cargo build --release --examples --bins --quiet || die "release build failed"
BIN=$ROOT/target/release/wiretrace
GEN=$ROOT/target/release/examples/gen_corpus
TOTAL=$((BASE + NEW))
DIR=$SCRATCH/index-b$BASE-n$NEW-s$SEED
mkdir -p "$DIR"
ALL=$DIR/all.jsonl
if [[ ! -s $ALL ]]; then
    "$GEN" --articles "$TOTAL" --seed "$SEED" --out "$ALL" || die "gen_corpus failed"
fi
head -n "$BASE" "$ALL" >"$DIR/base.jsonl"
tail -n "$NEW" "$ALL" >"$DIR/new.jsonl"
rm -rf "$DIR/ix.db" "$DIR/ix.db-wal" "$DIR/ix.db-shm" "$DIR/ix.db.postings" "$DIR/out"

timed() { # label, then the command; prints "seconds peak_kb"
    local log=$DIR/$1.time
    shift
    /usr/bin/time -v "$@" 2>"$log" >/dev/null || { cat "$log" >&2; die "$* failed"; }
    python3 - "$log" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1).split(":")
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)
print(f"{secs:.2f} {rss}")
PY
}

read -r build_s build_kb < <(timed build "$BIN" scan --index "$DIR/ix.db" "$DIR/base.jsonl" -o "$DIR/out" -q)
read -r add_s add_kb < <(timed add "$BIN" scan --index "$DIR/ix.db" "$DIR/new.jsonl" -o "$DIR/out" -q)
bytes=$(du -sb "$DIR/ix.db" "$DIR/ix.db.postings" | awk '{ s += $1 } END { printf "%.0f\n", s }')
python3 - "$DIR/out/summary.json" "$BASE" "$NEW" "$build_s" "$add_s" "$add_kb" "$bytes" "$RESULTS" "$NOTE" <<'PY'
import json, os, subprocess, sys, datetime
summary, base, new, build_s, add_s, add_kb, size, results, note = sys.argv[1:]
s = json.load(open(summary))
st = s["seconds"]["stages"]
carried = s["counts"].get("passages_carried", 0)
update = sum(st.get(k, 0) for k in ("read_hash", "index_write", "candidates", "recheck", "verify"))
report = sum(st.get(k, 0) for k in ("index_read", "attribute_cluster", "write"))
per = int(size) / (int(base) + int(new))
line = (f"index: {new} new into {base}: build {build_s} s; add {add_s} s wall "
        f"(update {update:.2f} s, reports {report:.2f} s, {carried} passage rows carried), "
        f"peak RSS {int(add_kb)//1024} MB, "
        f"index {int(size)/1e6:.0f} MB = {per:.0f} bytes/article")
print(line)
if results != "-":
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    row = (f"| {datetime.date.today()} | {os.cpu_count()}× {cpu} | {commit} | {base} | {new} | {build_s} | "
           f"{add_s} | {update:.2f} | {report:.2f} | {int(add_kb)//1024} | {per:.0f} | {note} |\n")
    text = open(results).read() if os.path.exists(results) else ""
    header = "## Incremental index\n"
    if header not in text:
        with open(results, "a") as f:
            f.write("\n" + header + "\n`benches/index.sh BASE NEW`: build an index of BASE articles, then time the run that adds NEW.\n\n"
                    "| date | machine | commit | base | new | build s | add s | add: update s | add: reports s | add peak RSS MB | index bytes/article | note |\n"
                    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
    with open(results, "a") as f:
        f.write(row)
PY
