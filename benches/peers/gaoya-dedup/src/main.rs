//! `gaoya-dedup` — the thinnest honest "find every near-duplicate pair" CLI over the `gaoya`
//! crate, used only by `benches/peers.sh` to measure wiretrace against a peer.
//!
//! ```text
//! gaoya-dedup CORPUS.jsonl -o OUT [--threads 2] [--bands 25] [--rows 5] [--threshold 0.5]
//!             [--shingle 5] [--batch 4096]
//! ```
//!
//! In: a JSON Lines corpus; each non-blank line an object with string fields `id` and `text`
//! (other fields ignored), as `examples/gen_corpus` writes it. Out: `OUT/pairs.csv`
//! (`id_a,id_b,jaccard`, `id_a < id_b` in byte order, rows sorted, written to a temporary file and
//! renamed), counts and per-stage times on stderr. Exit 1 on any error (naming file and line),
//! 2 on bad usage.
//!
//! What it does, exactly, the way a gaoya user following its README would:
//! 1. **Read** the file in batches of `--batch` lines (so the corpus is never all in memory);
//!    each batch is parsed with serde_json and hashed in parallel on a rayon pool of `--threads`.
//! 2. **Shingle**: `text.to_lowercase()`, split with `gaoya::text::whitespace_split` (on ASCII
//!    whitespace and ASCII punctuation, empty tokens dropped), then every window of `--shingle`
//!    consecutive tokens (`tokens.windows(5)`, each window hashed as a `&[&str]`) is one shingle.
//!    An article with fewer tokens than the shingle size has no shingle: it is skipped and counted
//!    (gaoya would give it an all-zero signature that collides with every other such article).
//! 3. **MinHash**: `gaoya::minhash::MinHasher32::new(bands × rows)` — 125 hashes with 25 × 5,
//!    because gaoya's index requires `num_hashes == bands × band_width` (wiretrace computes 128 and
//!    bands the first 125).
//! 4. **LSH**: `MinHashIndex::new(bands, rows, 0.0)` filled with `par_bulk_insert`; then every
//!    article queries the index with `query_owned_return_similarity` (in parallel). The index's
//!    threshold is 0 so that the query hands back every LSH candidate with its estimated Jaccard;
//!    this program counts the candidates and keeps those with **estimated** (MinHash) Jaccard
//!    ≥ `--threshold` — exactly what `MinHashIndex::new(bands, rows, threshold)` + `query_owned`
//!    would keep, at the same cost (gaoya computes the estimate for every candidate either way).
//!    No exact Jaccard, no alignment.
//! 5. **Write** the pairs, sorted.
//!
//! Invariants: output depends only on the input and flags (gaoya's randomly seeded band hashers
//! only change bucket layout, not which signatures share a band; MinHasher32's permutations are
//! seeded with a constant), whatever `--threads`.

use gaoya::minhash::{MinHashIndex, MinHasher, MinHasher32};
use gaoya::text::whitespace_split;
use rayon::prelude::*;
use serde::Deserialize;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Parsed command line.
struct Args {
    corpus: PathBuf,
    out: PathBuf,
    threads: usize,
    bands: usize,
    rows: usize,
    threshold: f64,
    shingle: usize,
    batch: usize,
}

const USAGE: &str = "usage: gaoya-dedup CORPUS.jsonl -o OUT [--threads N] [--bands 25] [--rows 5] \
[--threshold 0.5] [--shingle 5] [--batch 4096]";

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mut corpus = None;
    let mut out = None;
    let mut a = Args {
        corpus: PathBuf::new(),
        out: PathBuf::new(),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        bands: 25,
        rows: 5,
        threshold: 0.5,
        shingle: 5,
        batch: 4096,
    };
    fn num<T: std::str::FromStr>(flag: &str, v: Option<String>) -> Result<T, String> {
        let v = v.ok_or_else(|| format!("{flag} needs a value"))?;
        v.parse()
            .map_err(|_| format!("{flag} {v}: not a valid number"))
    }
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-o" | "--out" => out = Some(PathBuf::from(it.next().ok_or("-o needs a value")?)),
            "-j" | "--threads" => a.threads = num(&arg, it.next())?,
            "--bands" => a.bands = num(&arg, it.next())?,
            "--rows" => a.rows = num(&arg, it.next())?,
            "--threshold" => a.threshold = num(&arg, it.next())?,
            "--shingle" => a.shingle = num(&arg, it.next())?,
            "--batch" => a.batch = num(&arg, it.next())?,
            "-h" | "--help" => return Err(USAGE.into()),
            s if s.starts_with('-') => return Err(format!("unknown flag {s}")),
            _ if corpus.is_none() => corpus = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg}")),
        }
    }
    a.corpus = corpus.ok_or("missing CORPUS")?;
    a.out = out.ok_or("missing -o OUT")?;
    if a.threads == 0 || a.bands == 0 || a.rows == 0 || a.shingle == 0 || a.batch == 0 {
        return Err("--threads, --bands, --rows, --shingle and --batch must be at least 1".into());
    }
    if !(0.0..=1.0).contains(&a.threshold) {
        return Err(format!("--threshold {}: expected 0..=1", a.threshold));
    }
    Ok(a)
}

/// The two fields this tool reads from a corpus line.
#[derive(Deserialize)]
struct Record {
    id: String,
    text: String,
}

/// One article after hashing: its id and its signature, or `None` when it has no shingle.
type Hashed = (String, Option<Vec<u32>>);

/// Parses and hashes one line (`lineno` is 1-based, for the error).
fn hash_line(
    a: &Args,
    hasher: &(impl MinHasher<V = u32> + Sync),
    lineno: usize,
    line: &str,
) -> Result<Option<Hashed>, String> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    let r: Record = serde_json::from_str(line).map_err(|e| {
        format!(
            "{}:{lineno}: not a record with string id and text: {e}",
            a.corpus.display()
        )
    })?;
    let lower = r.text.to_lowercase();
    let tokens: Vec<&str> = whitespace_split(&lower).collect();
    if tokens.len() < a.shingle {
        return Ok(Some((r.id, None)));
    }
    let sig = hasher.create_signature(tokens.windows(a.shingle));
    Ok(Some((r.id, Some(sig))))
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// Writes `pairs` (already sorted) to `dir/pairs.csv` through a temporary file and a rename.
fn write_pairs(dir: &Path, pairs: &[(&str, &str, f64)]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    let path = dir.join("pairs.csv");
    let tmp = dir.join(".pairs.csv.tmp");
    let io = |e: std::io::Error| format!("{}: {e}", tmp.display());
    let mut w = BufWriter::new(File::create(&tmp).map_err(io)?);
    writeln!(w, "id_a,id_b,jaccard").map_err(io)?;
    for (x, y, j) in pairs {
        writeln!(w, "{},{},{j:.4}", csv_field(x), csv_field(y)).map_err(io)?;
    }
    let f = w.into_inner().map_err(|e| io(e.into_error()))?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(|e| format!("{}: {e}", path.display()))
}

fn run(a: &Args) -> Result<(), String> {
    let t0 = Instant::now();
    let num_hashes = a.bands * a.rows;
    let hasher = MinHasher32::new(num_hashes);

    // 1-3. Read, shingle and MinHash, one batch of lines at a time.
    let file = File::open(&a.corpus).map_err(|e| format!("{}: {e}", a.corpus.display()))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut ids: Vec<String> = Vec::new();
    let mut sigs: Vec<Vec<u32>> = Vec::new();
    let (mut lines_read, mut too_short) = (0usize, 0usize);
    let mut batch: Vec<String> = Vec::with_capacity(a.batch);
    loop {
        batch.clear();
        let first = lines_read + 1;
        while batch.len() < a.batch {
            let mut line = String::new();
            let n = reader
                .read_line(&mut line)
                .map_err(|e| format!("{}:{}: {e}", a.corpus.display(), lines_read + 1))?;
            if n == 0 {
                break;
            }
            lines_read += 1;
            batch.push(line);
        }
        if batch.is_empty() {
            break;
        }
        let hashed: Vec<Option<Hashed>> = batch
            .par_iter()
            .enumerate()
            .map(|(k, line)| hash_line(a, &hasher, first + k, line))
            .collect::<Result<_, _>>()?;
        for (id, sig) in hashed.into_iter().flatten() {
            match sig {
                Some(sig) => {
                    ids.push(id);
                    sigs.push(sig);
                }
                None => too_short += 1,
            }
        }
    }
    let t_hash = t0.elapsed().as_secs_f64();
    if ids.len() > u32::MAX as usize {
        return Err(format!("{}: more than 2^32 articles", a.corpus.display()));
    }

    // 4a. Index.
    let t1 = Instant::now();
    let mut index: MinHashIndex<u32, u32> = MinHashIndex::new(a.bands, a.rows, 0.0);
    let keys: Vec<u32> = (0..ids.len() as u32).collect();
    index.par_bulk_insert(keys, sigs);
    let t_index = t1.elapsed().as_secs_f64();

    // 4b. Every article queries the index; keep each unordered pair once (from its lower key).
    let t2 = Instant::now();
    let (candidates, found) = (0..ids.len() as u32)
        .into_par_iter()
        .fold(
            || (0u64, Vec::new()),
            |(mut cands, mut found), i| {
                if let Some(sig) = index.get_signature(&i) {
                    for (j, sim) in index.query_owned_return_similarity(sig) {
                        if j > i {
                            cands += 1;
                            if sim >= a.threshold {
                                found.push((i, j, sim));
                            }
                        }
                    }
                }
                (cands, found)
            },
        )
        .reduce(
            || (0u64, Vec::new()),
            |(c1, mut f1), (c2, f2)| {
                f1.extend(f2);
                (c1 + c2, f1)
            },
        );
    let t_query = t2.elapsed().as_secs_f64();

    // 5. Order by id bytes and write.
    let t3 = Instant::now();
    let mut pairs: Vec<(&str, &str, f64)> = found
        .iter()
        .filter(|(i, j, _)| ids[*i as usize] != ids[*j as usize])
        .map(|&(i, j, s)| {
            let (x, y) = (ids[i as usize].as_str(), ids[j as usize].as_str());
            if x.as_bytes() <= y.as_bytes() {
                (x, y, s)
            } else {
                (y, x, s)
            }
        })
        .collect();
    pairs.par_sort_unstable_by(|p, q| (p.0, p.1).cmp(&(q.0, q.1)).then(p.2.total_cmp(&q.2)));
    pairs.dedup_by(|p, q| p.0 == q.0 && p.1 == q.1);
    write_pairs(&a.out, &pairs)?;
    let t_write = t3.elapsed().as_secs_f64();

    eprintln!(
        "gaoya-dedup: {lines_read} lines, {} articles indexed, {too_short} without a {}-word shingle; \
         {candidates} candidate pairs, {} pairs with estimated jaccard >= {} -> {}",
        ids.len(),
        a.shingle,
        pairs.len(),
        a.threshold,
        a.out.join("pairs.csv").display()
    );
    eprintln!(
        "gaoya-dedup: {} threads, {} bands x {} rows; seconds: read+shingle+minhash {t_hash:.2}, \
         index {t_index:.2}, query {t_query:.2}, sort+write {t_write:.2}, total {:.2}",
        a.threads,
        a.bands,
        a.rows,
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gaoya-dedup: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build_global();
    if let Err(e) = pool {
        eprintln!("gaoya-dedup: cannot start {} threads: {e}", args.threads);
        return ExitCode::from(1);
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gaoya-dedup: error: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_duplicates_are_found_and_unrelated_texts_are_not() {
        let dir = std::env::temp_dir().join(format!("gaoya-dedup-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let corpus = dir.join("c.jsonl");
        let base = "the harbour council of northfield voted on tuesday to extend the ferry \
            timetable into the winter months after a petition signed by local traders argued \
            that the island economy depended on visitors arriving before noon each day";
        let edited = base.replace("tuesday", "monday");
        let other = "a small bakery in the old quarter has won a regional prize for its rye \
            bread which the judges praised for a crust that stayed crisp for three days";
        let lines = [
            serde_json::json!({"id": "b", "text": base}),
            serde_json::json!({"id": "a", "text": edited}),
            serde_json::json!({"id": "c", "text": other}),
            serde_json::json!({"id": "d", "text": "too short"}),
        ];
        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(&corpus, body).unwrap();
        let a = Args {
            corpus,
            out: dir.join("out"),
            threads: 2,
            bands: 25,
            rows: 5,
            threshold: 0.5,
            shingle: 5,
            batch: 2,
        };
        run(&a).unwrap();
        let got = std::fs::read_to_string(dir.join("out/pairs.csv")).unwrap();
        let rows: Vec<&str> = got.lines().collect();
        assert_eq!(rows.len(), 2, "{got}");
        assert_eq!(rows[0], "id_a,id_b,jaccard");
        assert!(rows[1].starts_with("a,b,"), "{got}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_bad_line_is_named() {
        let dir = std::env::temp_dir().join(format!("gaoya-dedup-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let corpus = dir.join("c.jsonl");
        std::fs::write(&corpus, "{\"id\":\"a\",\"text\":\"x\"}\n{oops\n").unwrap();
        let a = Args {
            corpus,
            out: dir.join("out"),
            threads: 1,
            bands: 25,
            rows: 5,
            threshold: 0.5,
            shingle: 5,
            batch: 10,
        };
        let err = run(&a).unwrap_err();
        assert!(err.contains("c.jsonl:2:"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
