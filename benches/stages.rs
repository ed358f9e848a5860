//! Per-stage criterion benchmarks on a small seeded corpus.
//!
//! ```text
//! cargo bench --bench stages                      # every stage, ~2–3 minutes on 2 cores
//! cargo bench --bench stages -- minhash           # one group (criterion name filter)
//! WIRETRACE_BENCH_CORPUS=corpus.jsonl cargo bench --bench stages   # a real JSONL corpus
//! WIRETRACE_BENCH_ARTICLES=5000 cargo bench --bench stages         # corpus size (default 1500)
//! ```
//!
//! The corpus is generated here (no example, no file needed): a deterministic splitmix64 stream
//! drives a Zipf-ish synthetic vocabulary, outlets with site chrome (footers), wire stories with
//! datelines, and reprints (verbatim with a few edits, truncated, partial paragraphs inside own
//! text) ending with agency credits. With `WIRETRACE_BENCH_CORPUS` the first
//! `WIRETRACE_BENCH_ARTICLES` lines of that JSONL file are used instead.
//!
//! Stages, each over the whole corpus per iteration unless noted:
//! `read` (JSONL bytes → articles), `normalize` (tokenize), `shingle`, `minhash` (signature),
//! `lsh` (band keys; candidate pairs from postings), `anchors` (winnowing; posting match),
//! `verify` (one pair per iteration: reprint, partial, unrelated), `credits`, `hash_article` (all
//! per-article stages as `scan` runs them), `report` (every report file to a temp dir) and
//! `scan` (the whole in-process pipeline on the corpus file). Throughput is bytes of input
//! (`read`, `scan`), bytes of article text (`normalize`, `credits`, `hash_article`), articles
//! (`shingle`, `minhash`, `lsh`, `anchors`), pairs (`verify`) or report rows (`report`).

use std::hint::black_box;
use std::io::Cursor;
use std::ops::ControlFlow;
use std::path::Path;
use std::time::Duration;

use clap::Parser;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};

use wiretrace::attribute::{find_credits, Registry};
use wiretrace::candidates::anchors::{self, Neighbours, Posting};
use wiretrace::candidates::boilerplate::{Boilerplate, PairBoilerplate};
use wiretrace::candidates::lsh::{self, BandKey};
use wiretrace::config::MatchParams;
use wiretrace::engine::Engine;
use wiretrace::model::CandidatePair;
use wiretrace::read::{self, Format, ReadOptions};
use wiretrace::sign::minhash::Signature;
use wiretrace::sign::normalize::{self, Token};
use wiretrace::sign::shingle::{self, ShingleHash};
use wiretrace::sign::winnow;
use wiretrace::verify::{self, Prepared};
use wiretrace::{Article, DocId};

// ---------------------------------------------------------------------------------------------
// The corpus

const DEFAULT_ARTICLES: usize = 1500;
const SEED: u64 = 0x7769_7265_6265_6e63; // "wirebenc"

/// splitmix64: the whole generator's randomness.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "on", "with", "as", "by",
    "at", "from", "his", "her", "it", "an", "were", "are", "which", "this", "be", "has", "had",
    "not", "but", "they", "said", "after", "over", "new", "more", "who", "will", "would",
];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ster", "en", "ra", "to", "vin", "qua", "el", "da", "sor", "pe", "lu", "gra",
    "no", "tri", "bel", "mon", "ces", "par", "fi", "dor", "ul", "ne", "sha", "brin", "ot", "vec",
    "ma", "rol", "ti", "an", "gus", "pre", "hal",
];
const VOCAB: usize = 6000;

struct Words(Vec<String>);

impl Words {
    fn new() -> Words {
        let mut rng = Rng::new(SEED ^ 1);
        let mut words: Vec<String> = FUNCTION_WORDS.iter().map(|w| w.to_string()).collect();
        while words.len() < VOCAB {
            // Shorter words at higher ranks, like real text.
            let n = 1 + words.len() * 3 / VOCAB + rng.below(2);
            let w: String = (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect();
            words.push(w);
        }
        Words(words)
    }
    /// A Zipf-like draw: rank = VOCAB · u³ puts most mass on the first ranks.
    fn word(&self, rng: &mut Rng) -> &str {
        let u = rng.unit();
        &self.0[((VOCAB as f64) * u * u * u) as usize % VOCAB]
    }
    fn sentence(&self, rng: &mut Rng, out: &mut String) {
        let n = rng.range(8, 26);
        for i in 0..n {
            let w = self.word(rng);
            if i == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    out.extend(f.to_uppercase());
                    out.push_str(c.as_str());
                }
            } else {
                out.push(' ');
                if rng.chance(0.02) {
                    out.push_str(&rng.range(2, 9999).to_string());
                } else {
                    out.push_str(w);
                }
            }
            if i + 1 < n && rng.chance(0.06) {
                out.push(',');
            }
        }
        out.push('.');
    }
    fn paragraph(&self, rng: &mut Rng) -> String {
        let mut p = String::new();
        for i in 0..rng.range(2, 5) {
            if i > 0 {
                p.push(' ');
            }
            self.sentence(rng, &mut p);
        }
        p
    }
    fn paragraphs(&self, rng: &mut Rng, words: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut n = 0;
        while n < words {
            let p = self.paragraph(rng);
            n += p.split_whitespace().count();
            out.push(p);
        }
        out
    }
}

const AGENCIES: &[(&str, &str, &str)] = &[
    (
        "Reuters",
        "LONDON (Reuters) - ",
        "With information from Reuters.",
    ),
    (
        "AP",
        "WASHINGTON (AP) — ",
        "The Associated Press contributed to this report.",
    ),
    ("AFP", "PARIS (AFP) - ", "With information from AFP."),
];
const OUTLETS: usize = 12;

struct Story {
    agency: usize,
    paras: Vec<String>,
}

/// Generates `n` articles as JSON Lines, deterministic for a given `n`.
fn generate(n: usize) -> Vec<u8> {
    let words = Words::new();
    let mut rng = Rng::new(SEED);
    let footers: Vec<String> = (0..OUTLETS)
        .map(|o| {
            let mut f = format!("See also on outlet{o}: ");
            words.sentence(&mut rng, &mut f);
            f.push_str(" Leave a Reply. Subscribe to our newsletter for more.");
            f
        })
        .collect();
    let mut stories: Vec<Story> = Vec::new();
    let mut out = Vec::with_capacity(n * 3000);
    for i in 0..n {
        let id = format!("b{i:06}");
        let minute = i * 7;
        let date = format!(
            "2024-03-{:02}T{:02}:{:02}:00Z",
            1 + (minute / 1440) % 28,
            (minute / 60) % 24,
            minute % 60
        );
        let (outlet, text) = if stories.is_empty() || rng.chance(0.15) {
            // A wire story.
            let agency = rng.below(AGENCIES.len());
            let paras = {
                let len = rng_words(&mut rng);
                words.paragraphs(&mut rng, len)
            };
            let text = format!("{}{}", AGENCIES[agency].1, paras.join("\n\n"));
            stories.push(Story { agency, paras });
            (AGENCIES[agency].0.to_string(), text)
        } else {
            let o = rng.below(OUTLETS);
            let mut paras: Vec<String> = Vec::new();
            let mut credit = None;
            let u = rng.unit();
            if u < 0.35 {
                // Recent stories are reprinted more often.
                let back = rng.below(stories.len().min(60));
                let s = &stories[stories.len() - 1 - back];
                credit = rng.chance(0.5).then_some(AGENCIES[s.agency].2);
                match rng.below(3) {
                    0 => {
                        // Verbatim with a few substituted words.
                        for p in &s.paras {
                            let edited: Vec<&str> = p
                                .split(' ')
                                .map(|w| {
                                    if rng.chance(0.01) {
                                        words.word(&mut rng)
                                    } else {
                                        w
                                    }
                                })
                                .collect();
                            paras.push(edited.join(" "));
                        }
                    }
                    1 => {
                        // Truncated: the first half of the paragraphs.
                        let k = s.paras.len().div_ceil(2);
                        paras.extend(s.paras[..k].iter().cloned());
                    }
                    _ => {
                        // Partial: two wire paragraphs inside the outlet's own text.
                        paras = {
                            let len = rng_words(&mut rng);
                            words.paragraphs(&mut rng, len)
                        };
                        let k = s.paras.len();
                        let start = rng.below(k.saturating_sub(1).max(1));
                        let at = rng.below(paras.len() + 1);
                        for (j, p) in s.paras[start..(start + 2).min(k)].iter().enumerate() {
                            paras.insert(at + j, p.clone());
                        }
                    }
                }
            } else {
                paras = {
                    let len = rng_words(&mut rng);
                    words.paragraphs(&mut rng, len)
                };
            }
            if let Some(c) = credit {
                paras.push(c.to_string());
            }
            if rng.chance(0.85) {
                paras.push(footers[o].clone());
            }
            (format!("outlet{o}.example"), paras.join("\n\n"))
        };
        let title = words.paragraph(&mut rng);
        let title: String = title.split(' ').take(8).collect::<Vec<_>>().join(" ");
        let rec = serde_json::json!({
            "id": id,
            "outlet": outlet,
            "date": date,
            "title": title,
            "url": format!("https://{outlet}/news/{id}"),
            "text": text,
        });
        serde_json::to_writer(&mut out, &rec).expect("serialising to memory");
        out.push(b'\n');
    }
    out
}

fn rng_words(rng: &mut Rng) -> usize {
    rng.range(150, 700)
}

fn env_usize(name: &str) -> Option<usize> {
    let v = std::env::var(name).ok()?;
    match v.trim().parse() {
        Ok(n) if n > 0 => Some(n),
        _ => panic!("{name}={v:?}: expected a positive number"),
    }
}

/// The benchmark corpus as JSONL bytes: generated, or the head of `WIRETRACE_BENCH_CORPUS`.
fn corpus_bytes() -> Vec<u8> {
    let n = env_usize("WIRETRACE_BENCH_ARTICLES").unwrap_or(DEFAULT_ARTICLES);
    match std::env::var_os("WIRETRACE_BENCH_CORPUS") {
        Some(path) => {
            let all = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("WIRETRACE_BENCH_CORPUS={path:?}: {e}"));
            let mut end = 0;
            for _ in 0..n {
                match memchr_newline(&all[end..]) {
                    Some(i) => end += i + 1,
                    None => {
                        end = all.len();
                        break;
                    }
                }
            }
            let mut head = all;
            head.truncate(end);
            head
        }
        None => generate(n),
    }
}

fn memchr_newline(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

fn parse(bytes: &[u8]) -> Vec<Article> {
    let mut articles = Vec::new();
    let _: ControlFlow<()> = read::read_from(
        Cursor::new(bytes),
        "bench.jsonl",
        Format::Jsonl,
        &ReadOptions::default(),
        &mut |rec| {
            if let Ok(a) = rec {
                articles.push(a);
            }
            ControlFlow::Continue(())
        },
    )
    .expect("reading the benchmark corpus");
    articles
}

/// Everything the stage benches start from, computed once.
struct Fixture {
    jsonl: Vec<u8>,
    articles: Vec<Article>,
    text_bytes: u64,
    engine: Engine,
    registry: Registry,
    tokens: Vec<Vec<Token>>,
    seqs: Vec<Vec<ShingleHash>>,
    sigs: Vec<Signature>,
    band_postings: Vec<(BandKey, DocId)>,
    anchor_postings: Vec<Posting>,
    outlet_of: Vec<u32>,
    boilerplate: Boilerplate,
    /// (name, a, b) pairs for `verify`.
    pairs: Vec<(&'static str, usize, usize)>,
}

impl Fixture {
    fn new() -> Fixture {
        let jsonl = corpus_bytes();
        let articles = parse(&jsonl);
        assert!(
            articles.len() >= 2,
            "the benchmark corpus holds {} articles",
            articles.len()
        );
        let text_bytes = articles.iter().map(|a| a.text.len() as u64).sum();
        let engine = Engine::new(MatchParams::default());
        let registry = Registry::builtin();
        let tokens: Vec<Vec<Token>> = articles
            .iter()
            .map(|a| normalize::tokenize(&a.text))
            .collect();
        let seqs: Vec<Vec<ShingleHash>> = tokens
            .iter()
            .map(|t| shingle::shingles(t, engine.params.shingle))
            .collect();
        let mut sigs = Vec::new();
        let mut band_postings = Vec::new();
        let mut anchor_postings = Vec::new();
        for (d, seq) in seqs.iter().enumerate() {
            let doc = DocId(d as u32);
            if let Some(sig) = engine.hasher.signature(seq) {
                band_postings.extend(
                    lsh::band_keys(&sig, engine.lsh)
                        .into_iter()
                        .map(|k| (k, doc)),
                );
                sigs.push(sig);
            }
            anchor_postings.extend(
                winnow::anchor_positions(seq, engine.window)
                    .into_iter()
                    .map(|(anchor, pos)| Posting {
                        anchor,
                        doc,
                        pos,
                        nbhd: Neighbours::at(seq, pos as usize),
                    }),
            );
        }
        let mut outlets: Vec<&str> = Vec::new();
        let outlet_of: Vec<u32> = articles
            .iter()
            .map(|a| match outlets.iter().position(|o| *o == a.outlet) {
                Some(i) => i as u32,
                None => {
                    outlets.push(&a.outlet);
                    (outlets.len() - 1) as u32
                }
            })
            .collect();
        let lsh_pairs =
            lsh::candidate_pairs(&mut band_postings.clone(), engine.params.tuning.pair_cap);
        let matched = anchors::match_anchors(
            &mut anchor_postings.clone(),
            &outlet_of,
            &engine.anchor_params(),
        );
        let mut cands = lsh_pairs;
        cands.extend(matched.pairs);
        cands.extend(matched.single.iter().map(|l| l.pair));
        cands.sort_unstable();
        cands.dedup();
        let mut f = Fixture {
            jsonl,
            articles,
            text_bytes,
            engine,
            registry,
            tokens,
            seqs,
            sigs,
            band_postings,
            anchor_postings,
            outlet_of,
            boilerplate: matched.boilerplate,
            pairs: Vec::new(),
        };
        f.pairs = f.pick_pairs(&cands);
        f
    }

    fn distinct(&self, d: usize) -> usize {
        shingle::shingle_set(&self.seqs[d]).len()
    }

    fn pair_boilerplate(&self, a: usize, b: usize) -> PairBoilerplate<'_> {
        self.boilerplate
            .for_pair(self.outlet_of[a], self.outlet_of[b])
    }

    /// Realistic verify inputs from the corpus itself: the verified candidate with the highest
    /// Jaccard (a reprint), the verified one with the most shared words among those below
    /// Jaccard 0.3 (a partial reuse), and a candidate that fails verification (else two
    /// arbitrary articles) as the unrelated pair.
    fn pick_pairs(&self, cands: &[CandidatePair]) -> Vec<(&'static str, usize, usize)> {
        let vp = self.engine.verify_params();
        let mut reprint: Option<(f64, usize, usize)> = None;
        let mut partial: Option<(u32, usize, usize)> = None;
        let mut unrelated: Option<(usize, usize)> = None;
        for c in cands.iter().take(5000) {
            let (a, b) = (c.a.index(), c.b.index());
            let e = verify::compare(
                &mut Prepared::new(&self.seqs[a]),
                &self.seqs[b],
                self.distinct(b),
                &self.pair_boilerplate(a, b),
                verify::Marks::NONE,
                &vp,
            );
            if !verify::is_reuse(&e, &vp) {
                unrelated.get_or_insert((a, b));
                continue;
            }
            if reprint.is_none_or(|r| e.jaccard > r.0) {
                reprint = Some((e.jaccard, a, b));
            }
            if e.jaccard < 0.3 && partial.is_none_or(|p| e.shared_words > p.0) {
                partial = Some((e.shared_words, a, b));
            }
        }
        let last = self.articles.len() - 1;
        let mut out = Vec::new();
        if let Some((_, a, b)) = reprint {
            out.push(("reprint", a, b));
        }
        if let Some((_, a, b)) = partial {
            out.push(("partial", a, b));
        }
        let (a, b) = unrelated.unwrap_or((0, last));
        out.push(("unrelated", a, b));
        out
    }
}

// ---------------------------------------------------------------------------------------------
// The benches

/// Short runs: the whole `cargo bench` stays within a few minutes on two cores.
fn quick() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
}

fn stages(c: &mut Criterion) {
    let f = Fixture::new();
    let n = f.articles.len() as u64;
    eprintln!(
        "stages corpus: {} articles, {:.1} MB JSONL, {:.1} MB text, {} verify pairs ({})",
        n,
        f.jsonl.len() as f64 / 1e6,
        f.text_bytes as f64 / 1e6,
        f.pairs.len(),
        f.pairs
            .iter()
            .map(|p| format!("{} {}–{}", p.0, f.articles[p.1].id, f.articles[p.2].id))
            .collect::<Vec<_>>()
            .join(", ")
    );

    {
        let mut g = c.benchmark_group("read");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Bytes(f.jsonl.len() as u64));
        g.bench_function("jsonl", |b| b.iter(|| parse(black_box(&f.jsonl)).len()));
        g.finish();
    }
    {
        let mut g = c.benchmark_group("normalize");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Bytes(f.text_bytes));
        g.bench_function("tokenize", |b| {
            let mut buf = Vec::new();
            b.iter(|| {
                let mut k = 0;
                for a in &f.articles {
                    normalize::tokenize_into(black_box(&a.text), &mut buf);
                    k += buf.len();
                }
                k
            })
        });
        g.finish();
    }
    {
        let mut g = c.benchmark_group("shingle");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Elements(n));
        let k = f.engine.params.shingle;
        g.bench_function("shingles", |b| {
            b.iter(|| {
                f.tokens
                    .iter()
                    .map(|t| shingle::shingles(black_box(t), k).len())
                    .sum::<usize>()
            })
        });
        g.bench_function("shingle_set", |b| {
            b.iter(|| {
                f.seqs
                    .iter()
                    .map(|s| shingle::shingle_set(black_box(s)).len())
                    .sum::<usize>()
            })
        });
        g.finish();
    }
    {
        let mut g = c.benchmark_group("minhash");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Elements(n));
        g.bench_function("signature", |b| {
            b.iter(|| {
                f.seqs
                    .iter()
                    .filter_map(|s| f.engine.hasher.signature(black_box(s)))
                    .count()
            })
        });
        g.finish();
    }
    {
        let mut g = c.benchmark_group("lsh");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Elements(n));
        g.bench_function("band_keys", |b| {
            b.iter(|| {
                f.sigs
                    .iter()
                    .map(|s| lsh::band_keys(black_box(s), f.engine.lsh).len())
                    .sum::<usize>()
            })
        });
        g.bench_function("candidate_pairs", |b| {
            b.iter_batched_ref(
                || f.band_postings.clone(),
                |p| lsh::candidate_pairs(p, f.engine.params.tuning.pair_cap).len(),
                BatchSize::LargeInput,
            )
        });
        g.finish();
    }
    {
        let mut g = c.benchmark_group("anchors");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Elements(n));
        g.bench_function("anchor_hashes", |b| {
            b.iter(|| {
                f.seqs
                    .iter()
                    .map(|s| winnow::anchor_hashes(black_box(s), f.engine.window).len())
                    .sum::<usize>()
            })
        });
        let params = f.engine.anchor_params();
        g.bench_function("match_anchors", |b| {
            b.iter_batched_ref(
                || f.anchor_postings.clone(),
                |p| anchors::match_anchors(p, &f.outlet_of, &params).pairs.len(),
                BatchSize::LargeInput,
            )
        });
        g.finish();
    }
    {
        let mut g = c.benchmark_group("verify");
        g.throughput(Throughput::Elements(1));
        let vp = f.engine.verify_params();
        for &(name, a, b) in &f.pairs {
            let distinct_b = f.distinct(b);
            let bp = f.pair_boilerplate(a, b);
            // As `scan` does: the first article is prepared once per candidate group.
            let mut prep = Prepared::new(&f.seqs[a]);
            g.bench_function(format!("compare/{name}"), |bch| {
                bch.iter(|| {
                    verify::compare(
                        &mut prep,
                        black_box(&f.seqs[b]),
                        distinct_b,
                        &bp,
                        verify::Marks::NONE,
                        &vp,
                    )
                })
            });
        }
        g.bench_function("prepare", |bch| {
            let a = f.pairs[0].1;
            bch.iter(|| Prepared::new(black_box(&f.seqs[a])).distinct())
        });
        g.finish();
    }
    {
        let mut g = c.benchmark_group("credits");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Bytes(f.text_bytes));
        g.bench_function("find_credits", |b| {
            b.iter(|| {
                f.articles
                    .iter()
                    .map(|a| find_credits(black_box(&a.text), &f.registry).len())
                    .sum::<usize>()
            })
        });
        g.finish();
    }
    {
        let mut g = c.benchmark_group("hash_article");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Bytes(f.text_bytes));
        g.bench_function("all_stages_1_thread", |b| {
            let mut buf = Vec::new();
            b.iter(|| {
                f.articles
                    .iter()
                    .map(|a| {
                        wiretrace::sign::signed::hash_article(
                            black_box(&a.text),
                            &f.engine,
                            &f.registry,
                            &mut buf,
                        )
                        .bands
                        .len()
                    })
                    .sum::<usize>()
            })
        });
        g.finish();
    }
    pipeline(c, &f);
}

/// `report` and `scan`: the corpus goes to a temporary file so the real run is measured.
fn pipeline(c: &mut Criterion, f: &Fixture) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let input = dir.path().join("corpus.jsonl");
    std::fs::write(&input, &f.jsonl).expect("writing the benchmark corpus");
    let out = dir.path().join("out");
    let config = scan_config(&input, &out);

    // The reports of a real run, then written again and again.
    let wiretrace::pipeline::run::BatchRun {
        corpus,
        outcome,
        counts,
        ..
    } = wiretrace::pipeline::run::BatchRun::run(&config).expect("a batch run");
    let r = &outcome.reports;
    let rows = outcome.pairs.len()
        + outcome
            .pairs
            .iter()
            .map(|p| p.passages.len())
            .sum::<usize>()
        + r.clusters.len()
        + r.credits.len()
        + r.outlets.len();
    eprintln!(
        "stages scan: {} candidates, {} pairs, {} clusters, {} credits, {rows} report rows",
        counts.candidates, counts.pairs, counts.clusters, counts.credits
    );
    {
        let mut g = c.benchmark_group("report");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Elements(rows as u64));
        let writer = wiretrace::report::ReportWriter::new(&out, false).expect("report dir");
        g.bench_function("write_reports", |b| {
            b.iter(|| {
                wiretrace::report::rows::write_reports(
                    &writer,
                    &corpus.catalog,
                    &corpus.texts,
                    black_box(&outcome.pairs),
                    &outcome.analysis,
                    r,
                    None,
                    None,
                    None,
                )
                .expect("writing reports")
                .len()
            })
        });
        g.finish();
    }
    {
        let mut g = c.benchmark_group("scan");
        g.sampling_mode(SamplingMode::Flat);
        g.sample_size(10);
        g.measurement_time(Duration::from_secs(5));
        g.throughput(Throughput::Bytes(f.jsonl.len() as u64));
        g.bench_function("end_to_end", |b| {
            b.iter(|| {
                wiretrace::commands::scan::scan(&config)
                    .expect("scan")
                    .counts
                    .pairs
            })
        });
        g.finish();
    }
}

fn scan_config(input: &Path, out: &Path) -> wiretrace::config::ScanConfig {
    let args = [
        "wiretrace".as_ref(),
        "scan".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "-q".as_ref(),
        "--progress".as_ref(),
        "never".as_ref(),
    ];
    let cli = wiretrace::cli::Cli::try_parse_from(args).expect("scan flags");
    match cli.command {
        wiretrace::cli::Command::Scan(a) => a.to_config().expect("scan config"),
        _ => unreachable!("parsed a scan command"),
    }
}

criterion_group! {
    name = benches;
    config = quick();
    targets = stages
}
criterion_main!(benches);
