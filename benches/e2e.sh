#!/usr/bin/env bash
# End-to-end benchmark: generate a seeded corpus, scan it, measure, score against the truth.
#
#   benches/e2e.sh [N ...]             # default N = 100000; one run per N
#
# Environment:
#   WIRETRACE_E2E_SEED=7               corpus seed
#   WIRETRACE_E2E_THREADS=             passed as `scan -j`; default: all cores
#   WIRETRACE_E2E_NOTE=                free text for the RESULTS.md "note" column (e.g. smoke)
#   WIRETRACE_E2E_RESULTS=benches/RESULTS.md   where the row is appended ("-" = nowhere)
#   WIRETRACE_E2E_SCRATCH=${TMPDIR:-/tmp}/wiretrace-e2e   corpora (kept and reused) and outputs
#
# Per N: builds release, generates N articles with `examples/gen_corpus` (reused when a corpus of
# the same N, seed and generator source exists), runs `wiretrace scan FILE -o OUT -q` under
# `/usr/bin/time -v` (else Python's wait4) for wall time and peak RSS, then scores OUT/pairs.csv
# against the generator's truth:
#   recall>=30  reported truth pairs sharing >= 30 words / truth pairs sharing >= 30 words
#   recall all  reported truth pairs / truth pairs (every kind)
#   precision   reported pairs that are in the truth (any kind) / reported pairs
# prints a one-line summary plus recall per truth kind (>= 30 words and all; desk rewrites, kind
# `rewrite`, may share no verbatim words at all, so only "all" sees most of them) and, when pairs.csv
# has a `kind` column, how each truth kind was reported; writes the missed (>= 30 words) and extra pairs
# next to the output (missed30.csv, extra.csv) for `wiretrace explain`, and appends a row to
# RESULTS.md.
set -euo pipefail

die() { echo "e2e: error: $*" >&2; exit 1; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SEED=${WIRETRACE_E2E_SEED:-7}
THREADS=${WIRETRACE_E2E_THREADS:-}
NOTE=${WIRETRACE_E2E_NOTE:-}
RESULTS=${WIRETRACE_E2E_RESULTS:-$ROOT/benches/RESULTS.md}
SCRATCH=${WIRETRACE_E2E_SCRATCH:-${TMPDIR:-/tmp}/wiretrace-e2e}

command -v cargo >/dev/null || die "cargo not found on PATH"
command -v python3 >/dev/null || die "python3 not found on PATH"
[[ -f examples/gen_corpus.rs ]] || die "examples/gen_corpus.rs is missing"
if [[ -n $THREADS && ! $THREADS =~ ^[1-9][0-9]*$ ]]; then
    die "WIRETRACE_E2E_THREADS=$THREADS: expected a positive number"
fi
[[ $SEED =~ ^[0-9]+$ ]] || die "WIRETRACE_E2E_SEED=$SEED: expected a number"

SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(100000)
for n in "${SIZES[@]}"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "N=$n: expected a positive number of articles"
done

echo "e2e: building release (cargo build --release --examples --bins)" >&2
cargo build --release --examples --bins --quiet || die "release build failed"
TARGET=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])') ||
    die "cargo metadata failed"
BIN=$TARGET/release/wiretrace
GEN=$TARGET/release/examples/gen_corpus
[[ -x $BIN ]] || die "$BIN was not built"
[[ -x $GEN ]] || die "$GEN was not built"

mkdir -p "$SCRATCH" || die "cannot create $SCRATCH"
# Corpora are keyed by the generator's source, so an edited generator never reuses a stale file.
GEN_KEY=$(sha256sum examples/gen_corpus.rs | cut -c1-10)

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ $COMMIT != unknown && -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]]; then
    COMMIT="$COMMIT+dirty"
fi
CPU=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
MEM_GB=$(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo 2>/dev/null || true)
MACHINE="$(nproc)× ${CPU:-unknown CPU}, ${MEM_GB:-?} GB"
THREADS_USED=${THREADS:-$(nproc)}

for N in "${SIZES[@]}"; do
    CORPUS=$SCRATCH/corpus-n$N-s$SEED-g$GEN_KEY.jsonl
    TRUTH=$SCRATCH/truth-n$N-s$SEED-g$GEN_KEY.csv
    if [[ -s $CORPUS && -s $TRUTH ]]; then
        echo "e2e: reusing $CORPUS" >&2
    else
        echo "e2e: generating $N articles (seed $SEED) into $CORPUS" >&2
        "$GEN" --articles "$N" --seed "$SEED" --out "$CORPUS.tmp" --truth "$TRUTH.tmp" ||
            die "gen_corpus failed for N=$N"
        mv "$TRUTH.tmp" "$TRUTH"
        mv "$CORPUS.tmp" "$CORPUS"
    fi

    RUN=$SCRATCH/run-n$N-s$SEED
    OUT=$RUN/out
    rm -rf "$RUN"
    mkdir -p "$RUN"
    CMD=("$BIN" scan "$CORPUS" -o "$OUT" -q)
    [[ -z $THREADS ]] || CMD+=(-j "$THREADS")
    echo "e2e: ${CMD[*]}" >&2
    python3 - "$RUN/measure.json" "${CMD[@]}" <<'PY' || die "scan failed for N=$N (see above)"
import json, os, re, shutil, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
time_bin = "/usr/bin/time"
if os.access(time_bin, os.X_OK):
    log = out + ".time"
    t0 = time.monotonic()
    rc = subprocess.call([time_bin, "-v", "-o", log] + cmd)
    wall_py = time.monotonic() - t0
    text = open(log).read()
    if rc != 0:
        sys.stderr.write(text)
        sys.exit(f"e2e: scan exited with status {rc}")
    m = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    wall = (int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))) if m else wall_py
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    how = "/usr/bin/time -v"
else:
    t0 = time.monotonic()
    p = subprocess.Popen(cmd)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    rc = os.waitstatus_to_exitcode(status)
    if rc != 0:
        sys.exit(f"e2e: scan exited with status {rc}")
    rss = ru.ru_maxrss  # kilobytes on Linux
    how = "wait4"
json.dump({"wall": wall, "rss_kb": rss, "how": how}, open(out, "w"))
PY
    [[ -s $OUT/pairs.csv ]] || die "$OUT/pairs.csv is missing after the scan"

    python3 - "$CORPUS" "$TRUTH" "$OUT" "$RUN" "$N" "$RESULTS" "$MACHINE" "$COMMIT" \
        "$THREADS_USED" "$NOTE" <<'PY' || die "scoring failed for N=$N"
import csv, datetime, json, os, sys
corpus, truth_path, out, run, n, results, machine, commit, threads, note = sys.argv[1:]
csv.field_size_limit(1 << 30)
m = json.load(open(os.path.join(run, "measure.json")))
mb = os.path.getsize(corpus) / 1e6
articles = int(n)

def key(a, b):
    return (a, b) if a.encode() <= b.encode() else (b, a)

truth = {}
with open(truth_path, newline="") as f:
    for r in csv.DictReader(f):
        truth[key(r["id_a"], r["id_b"])] = (r["kind"], int(r["shared_words"]))
reported = {}
with open(os.path.join(out, "pairs.csv"), newline="", encoding="utf-8-sig") as f:
    for r in csv.DictReader(f):
        reported[key(r["id_a"], r["id_b"])] = r

t30 = {p for p, (_, w) in truth.items() if w >= 30}
hit = {p for p in truth if p in reported}
hit30 = {p for p in t30 if p in reported}
rec30 = len(hit30) / len(t30) if t30 else float("nan")
rec_all = len(hit) / len(truth) if truth else float("nan")
prec = len(hit) / len(reported) if reported else float("nan")
wall = m["wall"]
rss_mb = m["rss_kb"] / 1024

# Diagnosis files: missed truth pairs (>= 30 words) and reported pairs not in the truth.
with open(os.path.join(run, "missed30.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id_a", "id_b", "kind", "shared_words"])
    for p in sorted(t30 - hit30):
        w.writerow([*p, *truth[p]])
with open(os.path.join(run, "extra.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id_a", "id_b", "jaccard", "containment_a", "containment_b", "shared_words"])
    for p in sorted(set(reported) - hit):
        r = reported[p]
        w.writerow([*p, r.get("jaccard"), r.get("containment_a"), r.get("containment_b"),
                    r.get("shared_words")])

kinds, kinds_all, as_kind = {}, {}, {}
for p, (k, wds) in truth.items():
    for table, counted in ((kinds, wds >= 30), (kinds_all, True)):
        if counted:
            t = table.setdefault(k, [0, 0])
            t[0] += 1
            t[1] += p in reported
    if p in reported and reported[p].get("kind"):
        c = as_kind.setdefault(k, {})
        c[reported[p]["kind"]] = c.get(reported[p]["kind"], 0) + 1
fmt_kinds = lambda ks: ", ".join(f"{k} {h}/{t} ({h / t:.3f})" for k, (t, h) in sorted(ks.items()))
per_kind = fmt_kinds(kinds)
per_kind_all = fmt_kinds(kinds_all)
reported_as = "; ".join(k + ": " + ", ".join(f"{rk} {c}" for rk, c in sorted(v.items()))
                        for k, v in sorted(as_kind.items()))
stages = ""
try:
    s = json.load(open(os.path.join(out, "summary.json")))
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in s["seconds"]["stages"].items())
    c = s["counts"]["candidates"]
    stages += f"; candidates lsh {c['lsh']}, anchors {c['anchors']}, total {c['total']}"
except (OSError, KeyError, ValueError, TypeError):
    pass

print(f"e2e N={articles}: {mb:.1f} MB in {wall:.2f} s ({m['how']}), "
      f"{articles / wall:,.0f} articles/s, {mb / wall:.2f} MB/s, peak RSS {rss_mb:.0f} MB; "
      f"pairs reported {len(reported)}, truth {len(truth)} ({len(t30)} with >= 30 words); "
      f"recall>=30 {rec30:.4f}, recall all {rec_all:.4f}, precision {prec:.4f}; "
      f"threads {threads}")
print(f"  recall>=30 by kind: {per_kind}")
print(f"  recall all by kind: {per_kind_all}")
if reported_as:
    print(f"  reported kind by truth kind: {reported_as}")
if stages:
    print(f"  stages: {stages}")
print(f"  missed (>=30 words): {len(t30 - hit30)} -> {run}/missed30.csv; "
      f"extra: {len(set(reported) - hit)} -> {run}/extra.csv")

if results != "-":
    header = ("| date | machine | commit | N | MB | seconds | articles/s | MB/s | peak RSS MB "
              "| recall≥30 | recall all | precision | threads | note |\n"
              "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
    row = (f"| {datetime.date.today().isoformat()} | {machine} | {commit} | {articles} "
           f"| {mb:.1f} | {wall:.2f} | {articles / wall:.0f} | {mb / wall:.2f} | {rss_mb:.0f} "
           f"| {rec30:.4f} | {rec_all:.4f} | {prec:.4f} | {threads} | {note} |\n")
    text = open(results).read() if os.path.exists(results) else ""
    if "| date | machine |" not in text:
        text += ("" if not text or text.endswith("\n\n") else "\n") + header
        open(results, "w").write(text)
    with open(results, "a") as f:
        f.write(row)
    print(f"  appended to {results}")
PY
done
