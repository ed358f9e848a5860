#!/usr/bin/env bash
# Peer benchmark: wiretrace against gaoya (issue 9's targets are ratios to gaoya), same corpus,
# same threads, same scorer.
#
#   benches/peers.sh [N ...]           # default N = 100000
#
# Environment:
#   WIRETRACE_PEERS_RUNS=3             runs per tool per N (the two tools alternate)
#   WIRETRACE_PEERS_THREADS=2          `scan -j` for wiretrace, `--threads` for gaoya-dedup
#   WIRETRACE_PEERS_SEED=7             corpus seed
#   WIRETRACE_PEERS_NOTE=              free text for the RESULTS.md "note" column (e.g. smoke)
#   WIRETRACE_PEERS_RESULTS=benches/RESULTS.md   where the row goes ("-" = nowhere)
#   WIRETRACE_PEERS_SCRATCH=           corpora and outputs; default: e2e.sh's scratch folder
#                                      (WIRETRACE_E2E_SCRATCH or ${TMPDIR:-/tmp}/wiretrace-e2e), so
#                                      both scripts generate and reuse the very same corpus files
#
# Per N: builds wiretrace (release, with examples) and benches/peers/gaoya-dedup (release,
# --locked), generates N articles with `examples/gen_corpus` exactly as e2e.sh does (same file
# name, reused when present), then runs RUNS rounds; each round runs both tools as whole processes
# under `/usr/bin/time -v` (else Python's wait4), the first tool swapping every round:
#   wiretrace scan CORPUS -o OUT -q -j THREADS
#   gaoya-dedup CORPUS -o OUT --threads THREADS
# and scores each tool's OUT/pairs.csv against the generator's truth with e2e.sh's definitions
# (recall>=30, recall all, precision, each recall also per truth kind). Prints per tool: median / min / max wall time, median peak
# RSS, pairs, candidates per reported pair, recall and precision, and the ratio
# gaoya median / wiretrace median (> 1: wiretrace is faster). Appends one row to the
# "## Against gaoya" table of RESULTS.md (created before "## End to end", which stays last).
set -euo pipefail

die() { echo "peers: error: $*" >&2; exit 1; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
RUNS=${WIRETRACE_PEERS_RUNS:-3}
THREADS=${WIRETRACE_PEERS_THREADS:-2}
SEED=${WIRETRACE_PEERS_SEED:-7}
NOTE=${WIRETRACE_PEERS_NOTE:-}
RESULTS=${WIRETRACE_PEERS_RESULTS:-$ROOT/benches/RESULTS.md}
SCRATCH=${WIRETRACE_PEERS_SCRATCH:-${WIRETRACE_E2E_SCRATCH:-${TMPDIR:-/tmp}/wiretrace-e2e}}
PEER=$ROOT/benches/peers/gaoya-dedup

command -v cargo >/dev/null || die "cargo not found on PATH"
command -v python3 >/dev/null || die "python3 not found on PATH"
[[ -f examples/gen_corpus.rs ]] || die "examples/gen_corpus.rs is missing"
[[ -f $PEER/Cargo.toml ]] || die "$PEER/Cargo.toml is missing"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "WIRETRACE_PEERS_RUNS=$RUNS: expected a positive number"
[[ $THREADS =~ ^[1-9][0-9]*$ ]] || die "WIRETRACE_PEERS_THREADS=$THREADS: expected a positive number"
[[ $SEED =~ ^[0-9]+$ ]] || die "WIRETRACE_PEERS_SEED=$SEED: expected a number"

SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(100000)
for n in "${SIZES[@]}"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "N=$n: expected a positive number of articles"
done

target_dir() {
    cargo metadata --format-version 1 --no-deps --manifest-path "$1" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])'
}

echo "peers: building wiretrace release (cargo build --release --examples --bins)" >&2
cargo build --release --examples --bins --quiet || die "wiretrace release build failed"
echo "peers: building gaoya-dedup release (cargo build --release --locked)" >&2
cargo build --release --locked --quiet --manifest-path "$PEER/Cargo.toml" ||
    die "gaoya-dedup release build failed"
TARGET=$(target_dir "$ROOT/Cargo.toml") || die "cargo metadata failed"
PEER_TARGET=$(target_dir "$PEER/Cargo.toml") || die "cargo metadata failed for $PEER"
BIN=$TARGET/release/wiretrace
GEN=$TARGET/release/examples/gen_corpus
GAOYA=$PEER_TARGET/release/gaoya-dedup
for b in "$BIN" "$GEN" "$GAOYA"; do [[ -x $b ]] || die "$b was not built"; done

mkdir -p "$SCRATCH" || die "cannot create $SCRATCH"
# Same key as e2e.sh: corpora are keyed by the generator's source.
GEN_KEY=$(sha256sum examples/gen_corpus.rs | cut -c1-10)

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ $COMMIT != unknown && -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]]; then
    COMMIT="$COMMIT+dirty"
fi
GAOYA_VERSION=$(grep -A1 '^name = "gaoya"$' "$PEER/Cargo.lock" |
    sed -n 's/^version = "\(.*\)"$/\1/p')
CPU=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
MEM_GB=$(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo 2>/dev/null || true)
MACHINE="$(nproc)× ${CPU:-unknown CPU}, ${MEM_GB:-?} GB"

# measure OUT.json CMD...: runs CMD, records wall seconds and peak RSS (KB); stderr -> OUT.log.
measure() {
    python3 - "$@" <<'PY'
import json, os, re, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
err = open(out[:-len(".json")] + ".log", "w")
time_bin = "/usr/bin/time"
if os.access(time_bin, os.X_OK):
    log = out + ".time"
    t0 = time.monotonic()
    rc = subprocess.call([time_bin, "-v", "-o", log] + cmd, stderr=err)
    wall_py = time.monotonic() - t0
    text = open(log).read()
    if rc != 0:
        sys.stderr.write(text)
        sys.exit(f"peers: {cmd[0]} exited with status {rc} (stderr in {err.name})")
    m = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    wall = (int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))) if m else wall_py
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    how = "/usr/bin/time -v"
else:
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stderr=err)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    rc = os.waitstatus_to_exitcode(status)
    if rc != 0:
        sys.exit(f"peers: {cmd[0]} exited with status {rc} (stderr in {err.name})")
    rss = ru.ru_maxrss  # kilobytes on Linux
    how = "wait4"
json.dump({"wall": wall, "rss_kb": rss, "how": how}, open(out, "w"))
PY
}

for N in "${SIZES[@]}"; do
    CORPUS=$SCRATCH/corpus-n$N-s$SEED-g$GEN_KEY.jsonl
    TRUTH=$SCRATCH/truth-n$N-s$SEED-g$GEN_KEY.csv
    if [[ -s $CORPUS && -s $TRUTH ]]; then
        echo "peers: reusing $CORPUS" >&2
    else
        echo "peers: generating $N articles (seed $SEED) into $CORPUS" >&2
        "$GEN" --articles "$N" --seed "$SEED" --out "$CORPUS.tmp" --truth "$TRUTH.tmp" ||
            die "gen_corpus failed for N=$N"
        mv "$TRUTH.tmp" "$TRUTH"
        mv "$CORPUS.tmp" "$CORPUS"
    fi

    RUN=$SCRATCH/peers-n$N-s$SEED
    rm -rf "$RUN"
    mkdir -p "$RUN"
    for ((r = 1; r <= RUNS; r++)); do
        ORDER=(wiretrace gaoya)
        ((r % 2 == 1)) || ORDER=(gaoya wiretrace)
        for tool in "${ORDER[@]}"; do
            OUT=$RUN/$tool-$r
            if [[ $tool == wiretrace ]]; then
                CMD=("$BIN" scan "$CORPUS" -o "$OUT" -q -j "$THREADS")
            else
                CMD=("$GAOYA" "$CORPUS" -o "$OUT" --threads "$THREADS")
            fi
            echo "peers: N=$N run $r/$RUNS: ${CMD[*]}" >&2
            measure "$RUN/$tool-$r.json" "${CMD[@]}" || die "$tool failed for N=$N run $r"
            [[ -s $OUT/pairs.csv ]] || die "$OUT/pairs.csv is missing after $tool"
        done
    done

    python3 - "$CORPUS" "$TRUTH" "$RUN" "$N" "$RUNS" "$RESULTS" "$MACHINE" "$COMMIT" \
        "$THREADS" "$NOTE" "$GAOYA_VERSION" <<'PY' || die "scoring failed for N=$N"
import csv, datetime, hashlib, json, os, re, statistics, sys
(corpus, truth_path, run, n, runs, results, machine, commit, threads, note,
 gaoya_version) = sys.argv[1:]
csv.field_size_limit(1 << 30)
runs, articles = int(runs), int(n)
mb = os.path.getsize(corpus) / 1e6

def key(a, b):
    return (a, b) if a.encode() <= b.encode() else (b, a)

# Scoring: the same definitions as benches/e2e.sh.
truth = {}
with open(truth_path, newline="") as f:
    for r in csv.DictReader(f):
        truth[key(r["id_a"], r["id_b"])] = (r["kind"], int(r["shared_words"]))
t30 = {p for p, (_, w) in truth.items() if w >= 30}

def score(pairs_csv):
    reported = set()
    with open(pairs_csv, newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            reported.add(key(r["id_a"], r["id_b"]))
    hit = {p for p in truth if p in reported}
    hit30 = {p for p in t30 if p in reported}
    kinds, kinds_all = {}, {}
    for p, (k, wds) in truth.items():
        for table, counted in ((kinds, wds >= 30), (kinds_all, True)):
            if counted:
                t = table.setdefault(k, [0, 0])
                t[0] += 1
                t[1] += p in reported
    fmt_kinds = lambda ks: ", ".join(f"{k} {h}/{t} ({h / t:.3f})" for k, (t, h) in sorted(ks.items()))
    return {
        "pairs": len(reported),
        "rec30": len(hit30) / len(t30) if t30 else float("nan"),
        "rec_all": len(hit) / len(truth) if truth else float("nan"),
        "prec": len(hit) / len(reported) if reported else float("nan"),
        "kinds": fmt_kinds(kinds),
        "kinds_all": fmt_kinds(kinds_all),
    }

def candidates(tool, out, log):
    """Candidate pairs the tool looked at, or None when it did not say."""
    if tool == "wiretrace":
        try:
            return int(json.load(open(os.path.join(out, "summary.json")))
                       ["counts"]["candidates"]["total"])
        except (OSError, KeyError, ValueError, TypeError):
            return None
    m = re.search(r"(\d+) candidate pairs", open(log).read())
    return int(m.group(1)) if m else None

def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()

stats = {}
for tool in ("wiretrace", "gaoya"):
    ms = [json.load(open(os.path.join(run, f"{tool}-{r}.json"))) for r in range(1, runs + 1)]
    walls = [m["wall"] for m in ms]
    last = os.path.join(run, f"{tool}-{runs}")
    s = score(os.path.join(last, "pairs.csv"))
    s.update(
        wall=statistics.median(walls), lo=min(walls), hi=max(walls),
        rss_mb=statistics.median(m["rss_kb"] for m in ms) / 1024, how=ms[0]["how"],
        cands=candidates(tool, last, os.path.join(run, f"{tool}-{runs}.log")),
        same=len({digest(os.path.join(run, f"{tool}-{r}", "pairs.csv"))
                  for r in range(1, runs + 1)}) == 1,
        stages=[l.strip() for l in open(os.path.join(run, f"{tool}-{runs}.log"))
                if "seconds:" in l],
    )
    if tool == "wiretrace":
        try:
            st = json.load(open(os.path.join(last, "summary.json")))["seconds"]["stages"]
            s["stages"] = ["seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in st.items())]
        except (OSError, KeyError, ValueError, TypeError, AttributeError):
            pass
    s["cpp"] = s["cands"] / s["pairs"] if s["cands"] is not None and s["pairs"] else None
    stats[tool] = s

ratio = stats["gaoya"]["wall"] / stats["wiretrace"]["wall"]
fmt_cpp = lambda s: "?" if s["cpp"] is None else f"{s['cpp']:.2f}"
print(f"peers N={articles}: {mb:.1f} MB, {threads} threads, {runs} run(s) per tool "
      f"({stats['wiretrace']['how']}); gaoya {gaoya_version}")
for tool, s in stats.items():
    print(f"  {tool:9}: median {s['wall']:.2f} s (min {s['lo']:.2f}, max {s['hi']:.2f}), "
          f"peak RSS {s['rss_mb']:.0f} MB; pairs {s['pairs']}, candidates/pair {fmt_cpp(s)}; "
          f"recall>=30 {s['rec30']:.4f}, recall all {s['rec_all']:.4f}, "
          f"precision {s['prec']:.4f}; pairs identical across runs: {'yes' if s['same'] else 'NO'}")
    print(f"             recall>=30 by kind: {s['kinds']}")
    print(f"             recall all by kind: {s['kinds_all']}")
    for line in s["stages"]:
        print(f"             {line}")
print(f"  gaoya/wiretrace time: {ratio:.2f} (> 1: wiretrace faster); outputs in {run}")

if results != "-":
    w, g = stats["wiretrace"], stats["gaoya"]
    header = (
        "| date | machine | commit | gaoya | N | MB | threads | runs "
        "| wiretrace s (min–max) | wiretrace RSS MB | wiretrace pairs | wiretrace cand/pair "
        "| wiretrace recall≥30 | wiretrace precision "
        "| gaoya s (min–max) | gaoya RSS MB | gaoya pairs | gaoya recall≥30 | gaoya precision "
        "| gaoya/wiretrace time | note |\n"
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
        "|---:|---:|---:|---:|---:|---:|---|\n")
    row = (f"| {datetime.date.today().isoformat()} | {machine} | {commit} | {gaoya_version} "
           f"| {articles} | {mb:.1f} | {threads} | {runs} "
           f"| {w['wall']:.2f} ({w['lo']:.2f}–{w['hi']:.2f}) | {w['rss_mb']:.0f} | {w['pairs']} "
           f"| {fmt_cpp(w)} | {w['rec30']:.4f} | {w['prec']:.4f} "
           f"| {g['wall']:.2f} ({g['lo']:.2f}–{g['hi']:.2f}) | {g['rss_mb']:.0f} | {g['pairs']} "
           f"| {g['rec30']:.4f} | {g['prec']:.4f} | {ratio:.2f} | {note} |\n")
    text = open(results).read() if os.path.exists(results) else ""
    lines = text.splitlines(keepends=True)
    start = next((i for i, l in enumerate(lines) if l.startswith("## Against gaoya")), None)
    if start is None:
        intro = ("## Against gaoya\n\n"
                 "`benches/peers.sh N` (same seeded corpus as `e2e.sh`): `wiretrace scan` and\n"
                 "`benches/peers/gaoya-dedup` (MinHash 25 × 5, LSH, estimated Jaccard ≥ 0.5) as "
                 "whole\nprocesses, alternating; seconds and RSS are medians over the runs;\n"
                 "`gaoya/wiretrace time` > 1 means wiretrace is faster. Scored as in `e2e.sh`.\n\n"
                 + header)
        at = next((i for i, l in enumerate(lines) if l.startswith("## End to end")), len(lines))
        if at == len(lines) and lines and not text.endswith("\n\n"):
            intro = ("\n" if text.endswith("\n") else "\n\n") + intro
        lines[at:at] = [intro + row + "\n"]
    else:
        # The row goes after the last table line of the section.
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
                   len(lines))
        last = max((i for i in range(start, end) if lines[i].startswith("|")), default=None)
        if last is None:
            lines[end:end] = [header + row + "\n"]
        else:
            lines[last + 1:last + 1] = [row]
    tmp = results + ".tmp"
    with open(tmp, "w") as f:
        f.write("".join(lines))
    os.replace(tmp, results)
    print(f"  row added to {results} (## Against gaoya)")
PY
done
