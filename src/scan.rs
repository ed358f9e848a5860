//! The `scan` run: drives the stages over the inputs and writes the reports.
//!
//! ```text
//! reader thread ──batches──▶ per article, in parallel: tokenize → shingle → MinHash → bands,
//!                                                       anchors, credits
//!              ──in order──▶ DocId, article store, postings
//! then: LSH + anchor candidates → verify (parallel) → origin/agency → clusters → rows → files
//! ```
//!
//! Determinism: records are numbered in input order by one thread; every parallel step either
//! maps an ordered slice to an ordered result or is followed by a sort; report rows are sorted
//! by article ids. The thread count changes only the speed.
//!
//! Memory: per article the run keeps its metadata, credits, band keys and anchors; texts and
//! shingle sequences go to the [`crate::store`] on disk.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::analyse::cluster::{self, Clustering, PairLink};
use crate::article::CandidatePair;
use crate::article::{Article, DocId, Timestamp};
use crate::attribute::credits::{find_credits, Credit, CreditKind};
use crate::attribute::origin::{self, OriginFacts, Side};
use crate::attribute::registry::Registry;
use crate::candidates::anchors::{self, AnchorParams, Posting};
use crate::candidates::boilerplate::Boilerplate;
use crate::candidates::lsh::{self, BandKey, LshParams};
use crate::config::{MatchParams, ProgressMode, RunOptions, ScanConfig};
use crate::error::{Error, RecordError, Result, SkipReason};
use crate::read::{self, Input};
use crate::report::{
    self, ClusterRow, CreditRow, OutletRow, PairRow, PassageRow, ReportWriter, SharedPassage,
};
use crate::sign::minhash::MinHasher;
use crate::sign::normalize::{self, Token};
use crate::sign::shingle::{self, ShingleHash};
use crate::sign::winnow;
use crate::store::{Store, StoreWriter, StoredDoc};
use crate::verify::{self, CharSpan, PairEvidence, Prepared, VerifyParams};

/// Records per batch handed from the reader thread to the workers.
const BATCH: usize = 512;
/// Skipped records printed one by one before the rest are only counted.
const MAX_PRINTED_SKIPS: u64 = 10;

/// Every parameter of the matching, derived once from [`MatchParams`].
#[derive(Clone, Debug)]
pub struct Engine {
    pub params: MatchParams,
    pub lsh: LshParams,
    pub window: usize,
    pub hasher: MinHasher,
}

impl Engine {
    pub fn new(params: MatchParams) -> Engine {
        Engine {
            params,
            lsh: LshParams::for_threshold(params.threshold, params.num_perm),
            window: winnow::window_for(params.min_passage, params.shingle),
            hasher: MinHasher::new(params.num_perm),
        }
    }

    pub fn verify_params(&self) -> VerifyParams {
        VerifyParams {
            shingle: self.params.shingle,
            window: self.window,
            min_passage: self.params.min_passage,
            min_containment: self.params.min_containment,
            threshold: self.params.threshold,
            max_gap: 4,
            min_run_shingles: self.params.tuning.min_run_shingles,
        }
    }

    pub fn anchor_params(&self) -> AnchorParams {
        AnchorParams {
            window: self.window,
            chrome_min_docs: self.params.tuning.chrome_min_docs,
            common_df: self.params.tuning.common_df,
            pair_cap: self.params.tuning.pair_cap,
            min_run: self.params.tuning.min_run_shingles,
        }
    }
}

/// One article after the per-article stages.
pub struct Hashed {
    pub content_hash: u64,
    pub seq: Vec<ShingleHash>,
    /// Distinct shingles in `seq`.
    pub distinct: u32,
    /// Each token's character span (kept in the article store for alignment).
    pub spans: Vec<CharSpan>,
    pub bands: Vec<BandKey>,
    /// Distinct anchors with their first position, sorted by hash.
    pub anchors: Vec<(ShingleHash, u32)>,
    pub credits: Vec<Credit>,
}

/// The content hash of a text (xxh3-64, seed 0).
pub fn content_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// What an incremental run already knows of an article, by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    /// Not seen before: hashed and added.
    New,
    /// Already indexed with the same text: skipped and counted.
    Same,
    /// Already indexed with another text: the indexed version is kept; counted.
    Changed,
}

/// Runs the per-article stages on one article. `tokens` is a reusable buffer.
pub fn hash_article(
    text: &str,
    engine: &Engine,
    registry: &Registry,
    tokens: &mut Vec<Token>,
) -> Hashed {
    normalize::tokenize_into(text, tokens);
    let seq = shingle::shingles(tokens, engine.params.shingle);
    let bands = match engine.hasher.signature(&seq) {
        Some(sig) => lsh::band_keys(&sig, engine.lsh),
        None => Vec::new(),
    };
    let anchors = winnow::anchor_positions(&seq, engine.window);
    let credits = find_credits(text, registry);
    Hashed {
        content_hash: content_hash(text),
        distinct: shingle::shingle_set(&seq).len() as u32,
        spans: verify::char_spans(tokens),
        seq,
        bands,
        anchors,
        credits,
    }
}

/// What the run keeps of one article.
#[derive(Clone, Debug)]
pub struct DocMeta {
    pub id: String,
    pub outlet: u32,
    pub date: Option<Timestamp>,
    pub title: String,
    pub url: String,
    pub credits: Vec<Credit>,
    /// Where the article was read (the index records it).
    pub location: crate::article::Location,
    /// xxh3 of the text: tells a changed text under a known id in incremental runs.
    pub content_hash: u64,
    /// Distinct shingles of the text (the size of its shingle set).
    pub distinct: u32,
}

/// The articles of a run as the later stages see them: metadata by [`DocId`], outlet names.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub docs: Vec<DocMeta>,
    /// Outlet names by dense number, in order of first appearance.
    pub outlets: Vec<String>,
}

impl Catalog {
    pub fn doc(&self, d: DocId) -> &DocMeta {
        &self.docs[d.index()]
    }

    pub fn outlet_name(&self, d: DocId) -> &str {
        &self.outlets[self.docs[d.index()].outlet as usize]
    }
}

/// Random access to the texts and shingle sequences of a run's articles: the temporary
/// [`Store`] of a batch run, or the index of an incremental one.
pub trait Texts: Sync {
    fn text(&self, doc: DocId) -> Result<String>;
    fn shingles(&self, doc: DocId) -> Result<Vec<ShingleHash>>;
    /// Shingles `range` of the article's sequence, clipped to its length. By default a slice
    /// of [`Texts::shingles`]; a source with random access reads just the range.
    fn shingle_range(&self, doc: DocId, range: std::ops::Range<usize>) -> Result<Vec<ShingleHash>> {
        let seq = self.shingles(doc)?;
        let end = range.end.min(seq.len());
        Ok(seq[range.start.min(end)..end].to_vec())
    }
    /// The character span of each token of the text: by default the text tokenized again;
    /// a source that kept the spans returns them instead.
    fn token_spans(&self, doc: DocId) -> Result<Vec<CharSpan>> {
        Ok(verify::char_spans(&normalize::tokenize(&self.text(doc)?)))
    }
}

/// The batch run's [`Texts`]: the article store and each article's place in it.
pub struct StoreTexts {
    pub store: Store,
    pub stored: Vec<StoredDoc>,
}

impl Texts for StoreTexts {
    fn text(&self, doc: DocId) -> Result<String> {
        self.store
            .text(&self.stored[doc.index()])
            .map_err(store_err)
    }
    fn shingles(&self, doc: DocId) -> Result<Vec<ShingleHash>> {
        self.store
            .shingles(&self.stored[doc.index()])
            .map_err(store_err)
    }
    fn shingle_range(&self, doc: DocId, range: std::ops::Range<usize>) -> Result<Vec<ShingleHash>> {
        self.store
            .shingle_range(&self.stored[doc.index()], range)
            .map_err(store_err)
    }
    fn token_spans(&self, doc: DocId) -> Result<Vec<CharSpan>> {
        self.store
            .spans(&self.stored[doc.index()])
            .map_err(store_err)
    }
}

/// The articles of a batch run, their texts and the postings of the candidate stages.
pub struct Corpus {
    pub catalog: Catalog,
    pub texts: StoreTexts,
    pub band_postings: Vec<(BandKey, DocId)>,
    pub anchor_postings: Vec<Posting>,
}

/// Counts of the run, for `summary.json` and the stderr summary.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    pub read: u64,
    pub new: u64,
    pub skipped: BTreeMap<SkipReason, u64>,
    /// Incremental runs: articles already in the index with the same text.
    pub already_indexed: u64,
    /// Incremental runs: articles already in the index under the same id with another text.
    pub changed_text: u64,
    pub candidates_lsh: u64,
    pub candidates_anchor: u64,
    /// Pairs sharing exactly one anchor, looked at around it (some become candidates).
    pub anchor_single_links: u64,
    pub candidates: u64,
    pub boilerplate_anchors: u64,
    pub pairs: u64,
    pub clusters: u64,
    pub credits: u64,
    /// Incremental runs: pairs first found in this run.
    pub new_pairs: Option<u64>,
    /// Files below input folders not read because of their extension.
    pub ignored_files: Vec<PathBuf>,
    /// `.json` inputs holding one JSON array (not JSON Lines).
    pub json_arrays: Vec<PathBuf>,
}

impl Counts {
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }
}

/// Wall time per stage, in order.
#[derive(Clone, Debug, Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let v = f();
        self.0.push((name, t.elapsed()));
        v
    }
}

/// Progress display on standard error; hidden unless wanted. `--progress always` draws off a
/// terminal too, as plain lines ([`crate::progress::LogLines`]).
pub struct Progress {
    enabled: bool,
    always: bool,
}

impl Progress {
    pub fn new(run: &RunOptions) -> Progress {
        let enabled = match run.progress {
            ProgressMode::Never => false,
            ProgressMode::Always => true,
            ProgressMode::Auto => std::io::stderr().is_terminal(),
        };
        Progress {
            enabled,
            always: run.progress == ProgressMode::Always,
        }
    }

    fn styled(&self, len: Option<u64>, template: &str, msg: &'static str) -> ProgressBar {
        let target = match self.enabled {
            true => crate::progress::draw_target(self.always, std::io::stderr().is_terminal()),
            false => None,
        };
        let Some(target) = target else {
            return ProgressBar::hidden();
        };
        let pb = ProgressBar::with_draw_target(len, target);
        let fallback = match len {
            Some(_) => ProgressStyle::default_bar(),
            None => ProgressStyle::default_spinner(),
        };
        pb.set_style(ProgressStyle::with_template(template).unwrap_or(fallback));
        pb.set_message(msg);
        pb
    }

    pub fn spinner(&self, msg: &'static str) -> ProgressBar {
        let pb = self.styled(
            None,
            "{spinner} {msg} {human_pos} [{elapsed_precise}] {per_sec}",
            msg,
        );
        pb.enable_steady_tick(Duration::from_millis(120));
        pb
    }

    pub fn bar(&self, msg: &'static str, len: u64) -> ProgressBar {
        self.styled(
            Some(len),
            "{msg} [{bar:30}] {human_pos}/{human_len} {percent}% [{elapsed_precise}] ETA {eta}",
            msg,
        )
    }

    /// A bar over the input's bytes (its size known): percentage, speed and ETA.
    pub fn bytes_bar(&self, msg: &'static str, total: u64) -> ProgressBar {
        self.styled(
            Some(total),
            "{msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} {percent}% {binary_bytes_per_sec} ETA {eta}",
            msg,
        )
    }
}

/// Skipped-record bookkeeping: count by reason, print the first few, fail under `--strict`.
struct Skips<'a> {
    counts: &'a mut Counts,
    quiet: bool,
    strict: bool,
    printed: u64,
}

impl Skips<'_> {
    fn skip(&mut self, e: RecordError) -> Result<()> {
        if self.strict {
            return Err(Error::Record(e));
        }
        *self.counts.skipped.entry(e.reason).or_default() += 1;
        if !self.quiet {
            if self.printed < MAX_PRINTED_SKIPS {
                eprintln!("warning: {e} (skipped)");
            } else if self.printed == MAX_PRINTED_SKIPS {
                eprintln!("warning: more records skipped; summary.json counts them by reason");
            }
        }
        self.printed += 1;
        Ok(())
    }
}

/// Builds the agency registry: built-in plus `--agencies`.
pub fn load_registry(extra: Option<&Path>) -> Result<Registry> {
    let mut registry = Registry::builtin();
    if let Some(path) = extra {
        registry.load_file(path)?;
    }
    Ok(registry)
}

/// What reading needs besides the inputs: the matching engine, the registry, the run's options
/// and its progress display.
pub struct Context<'a> {
    pub engine: &'a Engine,
    pub registry: &'a Registry,
    pub run: &'a RunOptions,
    pub progress: &'a Progress,
}

/// Reads and hashes every input into a [`Corpus`]. `known` tells, in incremental runs, which
/// articles the index already holds.
pub fn ingest(
    inputs: &[Input],
    read_opts: &read::ReadOptions,
    cx: &Context,
    counts: &mut Counts,
    known: &mut dyn FnMut(&Article) -> Result<Known>,
) -> Result<Corpus> {
    let Context {
        engine,
        registry,
        run,
        progress,
    } = *cx;
    let (tx, rx) = mpsc::sync_channel::<Vec<std::result::Result<Article, RecordError>>>(4);
    let inputs_owned = inputs.to_vec();
    let mut opts = read_opts.clone();
    // Sizes for a progress bar with a percentage, and the files a run should warn about.
    let survey = read::survey(inputs);
    counts.ignored_files = survey.ignored.clone();
    counts.json_arrays = survey.json_arrays.clone();
    let bytes_read = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    if survey.bytes.is_some() {
        opts.bytes_read = Some(bytes_read.clone());
    }
    let reader = std::thread::spawn(move || {
        let mut batch = Vec::with_capacity(BATCH);
        let mut dead = false;
        let res = read::read_inputs(&inputs_owned, &opts, &mut |rec| {
            batch.push(rec);
            if batch.len() >= BATCH
                && tx
                    .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                    .is_err()
            {
                dead = true;
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        if !dead && !batch.is_empty() {
            let _ = tx.send(batch);
        }
        res
    });

    let mut store = StoreWriter::new(None).map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let mut docs: Vec<DocMeta> = Vec::new();
    let mut stored_docs: Vec<StoredDoc> = Vec::new();
    let mut outlets: Vec<String> = Vec::new();
    let mut outlet_ids: HashMap<String, u32> = HashMap::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut band_postings = Vec::new();
    let mut anchor_postings = Vec::new();
    let pb = match survey.bytes {
        Some(total) => progress.bytes_bar("reading", total),
        None => progress.spinner("reading"),
    };
    let mut skips = Skips {
        counts,
        quiet: run.quiet,
        strict: run.strict,
        printed: 0,
    };
    let mut outcome: Result<()> = Ok(());

    'batches: for batch in rx.iter() {
        let mut articles = Vec::with_capacity(batch.len());
        for rec in batch {
            skips.counts.read += 1;
            match rec {
                Err(e) => {
                    if let Err(fatal) = skips.skip(e) {
                        outcome = Err(fatal);
                        break 'batches;
                    }
                }
                Ok(a) => {
                    if !seen.insert(a.id.clone()) {
                        let e = RecordError {
                            location: a.location.clone(),
                            reason: SkipReason::DuplicateId,
                            detail: format!("id {:?} already read", a.id),
                        };
                        if let Err(fatal) = skips.skip(e) {
                            outcome = Err(fatal);
                            break 'batches;
                        }
                    } else {
                        match known(&a) {
                            Ok(Known::New) => articles.push(a),
                            Ok(Known::Same) => skips.counts.already_indexed += 1,
                            Ok(Known::Changed) => skips.counts.changed_text += 1,
                            Err(e) => {
                                outcome = Err(e);
                                break 'batches;
                            }
                        }
                    }
                }
            }
        }
        let hashed: Vec<Hashed> = articles
            .par_iter()
            .map_init(Vec::new, |tokens, a| {
                hash_article(&a.text, engine, registry, tokens)
            })
            .collect();
        for (a, h) in articles.into_iter().zip(hashed) {
            if h.seq.is_empty() {
                // Too short is not a bad record: counted, never fatal.
                *skips
                    .counts
                    .skipped
                    .entry(SkipReason::TooShort)
                    .or_default() += 1;
                continue;
            }
            let doc = DocId(docs.len() as u32);
            let stored = match store.append(&a.text, &h.seq, &h.spans) {
                Ok(s) => s,
                Err(e) => {
                    outcome = Err(Error::io(std::env::temp_dir(), e));
                    break 'batches;
                }
            };
            let outlet = match outlet_ids.get(&a.outlet) {
                Some(&o) => o,
                None => {
                    let o = outlets.len() as u32;
                    outlets.push(a.outlet.clone());
                    outlet_ids.insert(a.outlet.clone(), o);
                    o
                }
            };
            band_postings.extend(h.bands.iter().map(|&k| (k, doc)));
            anchor_postings.extend(h.anchors.iter().map(|&(anchor, pos)| Posting {
                anchor,
                doc,
                pos,
            }));
            docs.push(DocMeta {
                id: a.id,
                outlet,
                date: a.date,
                title: a.title,
                url: a.url,
                credits: h.credits,
                location: a.location,
                content_hash: h.content_hash,
                distinct: h.distinct,
            });
            stored_docs.push(stored);
            skips.counts.new += 1;
        }
        pb.set_position(match survey.bytes {
            Some(_) => bytes_read.load(std::sync::atomic::Ordering::Relaxed),
            None => skips.counts.read,
        });
    }
    drop(rx);
    pb.finish_and_clear();
    let read_result = reader.join().map_err(|_| Error::Input {
        path: PathBuf::from("-"),
        reason: "the reader thread panicked".into(),
    })?;
    outcome?;
    read_result?;
    let store = store
        .finish()
        .map_err(|e| Error::io(std::env::temp_dir(), e))?;
    Ok(Corpus {
        catalog: Catalog { docs, outlets },
        texts: StoreTexts {
            store,
            stored: stored_docs,
        },
        band_postings,
        anchor_postings,
    })
}

/// A verified pair, sides in DocId order.
#[derive(Clone, Debug)]
pub struct VerifiedPair {
    pub a: DocId,
    pub b: DocId,
    pub evidence: PairEvidence,
}

fn store_err(e: std::io::Error) -> Error {
    Error::io(PathBuf::from("(article store in the temporary folder)"), e)
}

/// Both candidate paths, merged: sorted, unique pairs. The postings are consumed: they are the
/// largest thing a run holds, and nothing after this stage needs them.
pub fn candidates(
    corpus: &mut Corpus,
    engine: &Engine,
    counts: &mut Counts,
) -> Result<(Vec<CandidatePair>, Boilerplate)> {
    let lsh_pairs = lsh::candidate_pairs(
        &mut std::mem::take(&mut corpus.band_postings),
        engine.params.tuning.pair_cap,
    );
    let outlet_of: Vec<u32> = corpus.catalog.docs.iter().map(|d| d.outlet).collect();
    let matched = anchors::match_anchors(
        &mut std::mem::take(&mut corpus.anchor_postings),
        &outlet_of,
        &engine.anchor_params(),
    );
    let confirmed = confirm_single_links(&matched.single, &corpus.texts, &engine.anchor_params())?;
    counts.candidates_lsh = lsh_pairs.len() as u64;
    counts.candidates_anchor = (matched.pairs.len() + confirmed.len()) as u64;
    counts.anchor_single_links = matched.single.len() as u64;
    counts.boilerplate_anchors = matched.boilerplate.len() as u64;
    let mut all = lsh_pairs;
    all.extend(matched.pairs);
    all.extend(confirmed);
    all.par_sort_unstable();
    all.dedup();
    counts.candidates = all.len() as u64;
    Ok((all, matched.boilerplate))
}

/// The pairs of `single` (pairs sharing one anchor) that [`anchors::pair_rule`] confirms, in
/// parallel; sorted as `single`.
pub fn confirm_single_links(
    single: &[anchors::AnchorLink],
    texts: &dyn Texts,
    params: &AnchorParams,
) -> Result<Vec<CandidatePair>> {
    let kept: Vec<Result<Option<CandidatePair>>> = single
        .par_iter()
        .map(|link| {
            let ok = anchors::pair_rule(std::slice::from_ref(link), params, |d, r| {
                texts.shingle_range(d, r)
            })?;
            Ok(ok.then_some(link.pair))
        })
        .collect();
    kept.into_iter().filter_map(|r| r.transpose()).collect()
}

/// Verifies candidate pairs (sorted by `a`), in parallel, grouped by their first article;
/// returns the pairs that are reuse, in the same order.
pub fn verify_all(
    catalog: &Catalog,
    texts: &dyn Texts,
    pairs: &[CandidatePair],
    boilerplate: &Boilerplate,
    engine: &Engine,
    progress: &Progress,
) -> Result<Vec<VerifiedPair>> {
    let vp = engine.verify_params();
    let groups: Vec<&[CandidatePair]> = pairs.chunk_by(|x, y| x.a == y.a).collect();
    let pb = progress.bar("verifying", pairs.len() as u64);
    let per_group: Vec<Result<Vec<VerifiedPair>>> = groups
        .par_iter()
        .map(|group| {
            let a = group[0].a;
            let seq_a = texts.shingles(a)?;
            let mut prep = Prepared::new(&seq_a);
            let mut out = Vec::new();
            for p in group.iter() {
                let seq_b = texts.shingles(p.b)?;
                let db = catalog.doc(p.b);
                let bp = boilerplate.for_pair(catalog.doc(a).outlet, db.outlet);
                let e = verify::compare(&mut prep, &seq_b, db.distinct as usize, &bp, &vp);
                if verify::is_reuse(&e, &vp) {
                    out.push(VerifiedPair {
                        a,
                        b: p.b,
                        evidence: e,
                    });
                }
            }
            pb.inc(group.len() as u64);
            Ok(out)
        })
        .collect();
    pb.finish_and_clear();
    let mut all = Vec::new();
    for g in per_group {
        all.extend(g?);
    }
    Ok(all)
}

/// What a verified pair contributes to the reports whatever the rest of the corpus holds:
/// numbers and passages, oriented as reported (side `a` is the byte-smaller id). The index
/// stores these, so a report never re-reads texts.
#[derive(Clone, Debug, PartialEq)]
pub struct PairLocal {
    /// The pair in DocId order (`lo < hi`), for joining with origins and clusters.
    pub lo: DocId,
    pub hi: DocId,
    /// Report side `a` is `hi` (its id sorts first).
    pub swapped: bool,
    pub jaccard: f64,
    /// In report orientation.
    pub containment_a: f64,
    pub containment_b: f64,
    pub shared_words: u32,
    /// The longest passage's text (a's side), cut.
    pub passage: String,
    /// In report orientation, sorted by `start_a`.
    pub passages: Vec<SharedPassage>,
}

impl PairLocal {
    /// The containment of `lo` (DocId orientation).
    pub fn containment_lo(&self) -> f64 {
        if self.swapped {
            self.containment_b
        } else {
            self.containment_a
        }
    }
    /// The containment of `hi` (DocId orientation).
    pub fn containment_hi(&self) -> f64 {
        if self.swapped {
            self.containment_a
        } else {
            self.containment_b
        }
    }
}

/// Turns verified pairs into [`PairLocal`]s: passages in characters of the texts as read, which
/// needs each pair's articles read back and tokenized again. Same order as `pairs`.
pub fn pair_locals(
    catalog: &Catalog,
    texts: &dyn Texts,
    pairs: &[VerifiedPair],
) -> Result<Vec<PairLocal>> {
    let groups: Vec<&[VerifiedPair]> = pairs.chunk_by(|x, y| x.a == y.a).collect();
    let per_group: Vec<Result<Vec<PairLocal>>> = groups
        .par_iter()
        .map(|group| {
            let a = group[0].a;
            let text_a = texts.text(a)?;
            let spans_a = texts.token_spans(a)?;
            group
                .iter()
                .map(|p| {
                    let spans_b = texts.token_spans(p.b)?;
                    // Only report side a's text is cut into the passage cells.
                    let text_b;
                    let text_x: &str = if report_swapped(catalog, p.a, p.b) {
                        text_b = texts.text(p.b)?;
                        &text_b
                    } else {
                        &text_a
                    };
                    Ok(pair_local(catalog, p, &spans_a, &spans_b, text_x))
                })
                .collect()
        })
        .collect();
    let mut out = Vec::with_capacity(pairs.len());
    for g in per_group {
        out.extend(g?);
    }
    Ok(out)
}

/// Whether a pair's report sides are swapped: report side `a` is the byte-smaller id.
fn report_swapped(catalog: &Catalog, a: DocId, b: DocId) -> bool {
    catalog.doc(b).id.as_bytes() < catalog.doc(a).id.as_bytes()
}

/// One [`PairLocal`] from the pair's evidence, both articles' token spans and the text of the
/// side reported as `a`.
pub fn pair_local(
    catalog: &Catalog,
    p: &VerifiedPair,
    spans_a: &[CharSpan],
    spans_b: &[CharSpan],
    text_x: &str,
) -> PairLocal {
    let swap = report_swapped(catalog, p.a, p.b);
    let (tok_x, tok_y) = if swap {
        (spans_b, spans_a)
    } else {
        (spans_a, spans_b)
    };
    let e = &p.evidence;
    let mut passages: Vec<SharedPassage> = e
        .passages
        .iter()
        .map(|ps| {
            let (sx, sy) = if swap { (ps.b, ps.a) } else { (ps.a, ps.b) };
            let cx = sx.to_chars(tok_x);
            let cy = sy.to_chars(tok_y);
            SharedPassage {
                start_a: cx.start,
                end_a: cx.end,
                start_b: cy.start,
                end_b: cy.end,
                words: sx.len(),
                text: report::cut(cx.slice(text_x), report::MAX_PASSAGE_CHARS).to_string(),
            }
        })
        .collect();
    passages.sort_by_key(|r| r.start_a);
    let longest = passages
        .iter()
        .fold(None::<&SharedPassage>, |best, r| match best {
            Some(bst) if bst.words >= r.words => Some(bst),
            _ => Some(r),
        });
    let (ca, cb) = if swap {
        (e.containment_b, e.containment_a)
    } else {
        (e.containment_a, e.containment_b)
    };
    PairLocal {
        lo: p.a,
        hi: p.b,
        swapped: swap,
        jaccard: e.jaccard,
        containment_a: ca,
        containment_b: cb,
        // Words of report side `a`, which is the evidence's `b` when the sides are swapped.
        shared_words: passages.iter().map(|r| r.words).sum(),
        passage: longest.map(|r| r.text.clone()).unwrap_or_default(),
        passages,
    }
}

/// The facts the origin rules need for every article.
fn origin_facts<'a>(catalog: &'a Catalog, registry: &'a Registry) -> Vec<OriginFacts<'a>> {
    catalog
        .docs
        .iter()
        .map(|d| {
            let mut text_agencies: Vec<&str> = d
                .credits
                .iter()
                .filter(|c| c.kind.credits_text())
                .map(|c| c.agency.as_str())
                .collect();
            text_agencies.sort_unstable();
            text_agencies.dedup();
            let mut dateline_agencies: Vec<&str> = d
                .credits
                .iter()
                .filter(|c| c.kind == CreditKind::Dateline)
                .map(|c| c.agency.as_str())
                .collect();
            dateline_agencies.sort_unstable();
            dateline_agencies.dedup();
            OriginFacts {
                id: &d.id,
                date: d.date,
                outlet_agency: registry.agency_for_outlet(&catalog.outlets[d.outlet as usize]),
                dateline_agencies,
                text_agencies,
            }
        })
        .collect()
}

/// The corpus-wide half of the analysis: origin and agency per pair, clusters, each member's
/// containment in its cluster's origin.
pub struct Analysis {
    pub origins: Vec<Option<DocId>>,
    pub agencies: Vec<String>,
    pub clustering: Clustering,
    pub cluster_agency: Vec<String>,
    /// Containment of each cluster member in its cluster's origin, by cluster, then member.
    pub member_containment: Vec<Vec<Option<f64>>>,
}

/// Origin and agency per pair, then clusters, then each member's containment in its origin.
/// `pairs` must be sorted by (lo, hi).
pub fn analyse(
    catalog: &Catalog,
    texts: &dyn Texts,
    pairs: &[PairLocal],
    boilerplate: &Boilerplate,
    engine: &Engine,
    registry: &Registry,
) -> Result<Analysis> {
    let facts = origin_facts(catalog, registry);
    let mut origins = Vec::with_capacity(pairs.len());
    let mut agencies = Vec::with_capacity(pairs.len());
    for p in pairs {
        let (fa, fb) = (&facts[p.lo.index()], &facts[p.hi.index()]);
        let side = origin::pair_origin(fa, fb, p.containment_lo(), p.containment_hi());
        origins.push(side.map(|s| if s == Side::A { p.lo } else { p.hi }));
        agencies.push(match side {
            Some(Side::A) => origin::attributed_agency(Some(fa), &[fb]),
            Some(Side::B) => origin::attributed_agency(Some(fb), &[fa]),
            None => origin::attributed_agency(None, &[fa, fb]),
        });
    }
    let links: Vec<PairLink> = pairs
        .iter()
        .zip(&origins)
        .map(|(p, &origin)| PairLink {
            a: p.lo,
            b: p.hi,
            containment_a: p.containment_lo(),
            containment_b: p.containment_hi(),
            jaccard: p.jaccard,
            origin,
        })
        .collect();
    let clustering = cluster::cluster(
        catalog.docs.len(),
        &links,
        engine.params.threshold,
        |d| catalog.doc(d).id.as_str(),
        |core| {
            let core_facts: Vec<OriginFacts> =
                core.iter().map(|d| facts[d.index()].clone()).collect();
            core[origin::cluster_origin(&core_facts)]
        },
    );
    let cluster_agency: Vec<String> = clustering
        .clusters
        .iter()
        .map(|c| {
            let others: Vec<&OriginFacts> = c
                .members
                .iter()
                .filter(|m| m.0 != c.origin)
                .map(|m| &facts[m.0.index()])
                .collect();
            origin::attributed_agency(Some(&facts[c.origin.index()]), &others)
        })
        .collect();

    // Containment of each member in the cluster's origin: from the verified pair when there is
    // one, else verified now.
    let vp = engine.verify_params();
    let find = |x: DocId, y: DocId| pairs.binary_search_by(|p| (p.lo, p.hi).cmp(&(x, y))).ok();
    let member_containment: Vec<Vec<Option<f64>>> = clustering
        .clusters
        .par_iter()
        .map(|c| -> Result<Vec<Option<f64>>> {
            let mut origin_shingles: Option<Vec<ShingleHash>> = None;
            let mut out = Vec::with_capacity(c.members.len());
            for &(d, _) in &c.members {
                if d == c.origin {
                    out.push(Some(1.0));
                    continue;
                }
                let (lo, hi) = if d < c.origin {
                    (d, c.origin)
                } else {
                    (c.origin, d)
                };
                if let Some(i) = find(lo, hi) {
                    let p = &pairs[i];
                    out.push(Some(if d == lo {
                        p.containment_lo()
                    } else {
                        p.containment_hi()
                    }));
                    continue;
                }
                if origin_shingles.is_none() {
                    origin_shingles = Some(texts.shingles(c.origin)?);
                }
                let oseq = origin_shingles.as_deref().unwrap_or_default();
                let seq = texts.shingles(d)?;
                let bp = boilerplate.for_pair(catalog.doc(c.origin).outlet, catalog.doc(d).outlet);
                let dm = catalog.doc(d);
                let e = verify::compare(
                    &mut Prepared::new(oseq),
                    &seq,
                    dm.distinct as usize,
                    &bp,
                    &vp,
                );
                out.push(Some(e.containment_b));
            }
            Ok(out)
        })
        .collect::<Result<_>>()?;
    Ok(Analysis {
        origins,
        agencies,
        clustering,
        cluster_agency,
        member_containment,
    })
}

/// The reports of a run. Pair and passage rows are not held: they are made one by one from the
/// pairs while the files are written, in `pair_order`.
#[derive(Debug, Default)]
pub struct Reports {
    /// Indices into the run's pairs, in `pairs.csv` order (ids, bytes).
    pub pair_order: Vec<usize>,
    pub clusters: Vec<ClusterRow>,
    pub credits: Vec<CreditRow>,
    pub outlets: Vec<OutletRow>,
}

fn date_str(d: Option<Timestamp>) -> String {
    d.map(|t| t.to_string()).unwrap_or_default()
}

/// The pair's sides in report orientation (`a` is the byte-smaller id).
fn report_sides(p: &PairLocal) -> (DocId, DocId) {
    if p.swapped {
        (p.hi, p.lo)
    } else {
        (p.lo, p.hi)
    }
}

/// The `pairs.csv` row of pair `i`.
pub fn pair_row(catalog: &Catalog, analysis: &Analysis, pairs: &[PairLocal], i: usize) -> PairRow {
    let p = &pairs[i];
    let (x, y) = report_sides(p);
    PairRow {
        id_a: catalog.doc(x).id.clone(),
        id_b: catalog.doc(y).id.clone(),
        outlet_a: catalog.outlet_name(x).to_string(),
        outlet_b: catalog.outlet_name(y).to_string(),
        date_a: date_str(catalog.doc(x).date),
        date_b: date_str(catalog.doc(y).date),
        jaccard: p.jaccard,
        containment_a: p.containment_a,
        containment_b: p.containment_b,
        shared_words: p.shared_words,
        passage: p.passage.clone(),
        origin: analysis.origins[i]
            .map(|o| catalog.doc(o).id.clone())
            .unwrap_or_default(),
        agency: analysis.agencies[i].clone(),
        cluster: analysis.clustering.link_cluster[i],
    }
}

/// The `pairs.csv` row of a pair that is no longer reported (`retracted_pairs.csv`): its figures
/// as last reported; no origin, agency or cluster, since it is in none.
pub fn retracted_row(catalog: &Catalog, p: &PairLocal) -> PairRow {
    let (x, y) = report_sides(p);
    PairRow {
        id_a: catalog.doc(x).id.clone(),
        id_b: catalog.doc(y).id.clone(),
        outlet_a: catalog.outlet_name(x).to_string(),
        outlet_b: catalog.outlet_name(y).to_string(),
        date_a: date_str(catalog.doc(x).date),
        date_b: date_str(catalog.doc(y).date),
        jaccard: p.jaccard,
        containment_a: p.containment_a,
        containment_b: p.containment_b,
        shared_words: p.shared_words,
        passage: p.passage.clone(),
        origin: String::new(),
        agency: String::new(),
        cluster: 0,
    }
}

/// `retracted_pairs.csv`: pairs an earlier indexed run reported that this one no longer does
/// (a passage became boilerplate as an outlet's chrome or a stock phrase), in `pairs.csv` order.
pub fn write_retracted(
    writer: &ReportWriter,
    catalog: &Catalog,
    retracted: &[PairLocal],
) -> Result<PathBuf> {
    let mut rows: Vec<PairRow> = retracted
        .iter()
        .map(|p| retracted_row(catalog, p))
        .collect();
    rows.sort_by(|x, y| {
        (x.id_a.as_bytes(), x.id_b.as_bytes()).cmp(&(y.id_a.as_bytes(), y.id_b.as_bytes()))
    });
    writer.pairs("retracted_pairs.csv", rows)
}

/// The `passages.csv` rows of one pair, in `start_a` order.
pub fn passage_rows<'a>(
    catalog: &'a Catalog,
    p: &'a PairLocal,
) -> impl Iterator<Item = PassageRow> + 'a {
    let (x, y) = report_sides(p);
    p.passages.iter().map(move |ps| PassageRow {
        id_a: catalog.doc(x).id.clone(),
        start_a: ps.start_a,
        end_a: ps.end_a,
        id_b: catalog.doc(y).id.clone(),
        start_b: ps.start_b,
        end_b: ps.end_b,
        words: ps.words,
        text: ps.text.clone(),
    })
}

/// Builds every report but the pair and passage rows from the catalog, the pairs and their
/// analysis.
pub fn assemble_reports(
    catalog: &Catalog,
    pairs: &[PairLocal],
    analysis: &Analysis,
    registry: &Registry,
) -> Reports {
    let ids = |i: &usize| {
        let (x, y) = report_sides(&pairs[*i]);
        (catalog.doc(x).id.as_bytes(), catalog.doc(y).id.as_bytes())
    };
    let mut pair_order: Vec<usize> = (0..pairs.len()).collect();
    pair_order.par_sort_unstable_by(|a, b| ids(a).cmp(&ids(b)));
    let mut reports = Reports {
        pair_order,
        ..Reports::default()
    };
    for (ci, c) in analysis.clustering.clusters.iter().enumerate() {
        for (mi, &(d, role)) in c.members.iter().enumerate() {
            let m = catalog.doc(d);
            reports.clusters.push(ClusterRow {
                cluster: c.id,
                id: m.id.clone(),
                outlet: catalog.outlet_name(d).to_string(),
                date: date_str(m.date),
                title: m.title.clone(),
                role: role.as_str(),
                containment: analysis.member_containment[ci][mi],
                agency: analysis.cluster_agency[ci].clone(),
            });
        }
    }
    let docs = &catalog.docs;
    let mut by_id: Vec<usize> = (0..docs.len()).collect();
    by_id.sort_by(|&x, &y| docs[x].id.as_bytes().cmp(docs[y].id.as_bytes()));
    for &i in &by_id {
        for c in &docs[i].credits {
            reports.credits.push(CreditRow {
                id: docs[i].id.clone(),
                outlet: catalog.outlets[docs[i].outlet as usize].clone(),
                agency: c.agency.clone(),
                kind: c.kind.as_str(),
                evidence: c.evidence.clone(),
            });
        }
    }
    reports.outlets = outlet_rows(catalog, pairs, analysis, registry);
    reports
}

/// `outlets.csv`: per outlet and agency, how many of its articles carry that agency's copy.
///
/// An article carries agency G's copy when it is in a reported pair attributed to G (both sides
/// of the pair carry it), or when its outlet is G. It credits G when it has a text credit
/// (dateline, byline, end credit) naming G, or its outlet is G. Reuse attributed to no agency
/// is counted under an empty agency; an outlet without any reuse gets one row with an empty
/// agency and zeros, so every outlet's article count is listed.
fn outlet_rows(
    catalog: &Catalog,
    pairs: &[PairLocal],
    analysis: &Analysis,
    registry: &Registry,
) -> Vec<OutletRow> {
    let docs = &catalog.docs;
    let mut carries: Vec<Vec<&str>> = vec![Vec::new(); docs.len()];
    for (p, agency) in pairs.iter().zip(&analysis.agencies) {
        for d in [p.lo, p.hi] {
            if agency.is_empty() {
                carries[d.index()].push("");
            } else {
                carries[d.index()].extend(agency.split(';'));
            }
        }
    }
    let outlet_agency: Vec<Option<&str>> = catalog
        .outlets
        .iter()
        .map(|o| registry.agency_for_outlet(o))
        .collect();
    // (outlet, agency) -> (reusing, credited)
    let mut table: BTreeMap<(u32, String), (u64, u64)> = BTreeMap::new();
    let mut articles: Vec<u64> = vec![0; catalog.outlets.len()];
    for (i, d) in docs.iter().enumerate() {
        articles[d.outlet as usize] += 1;
        let own = outlet_agency[d.outlet as usize];
        let mut set = std::mem::take(&mut carries[i]);
        if let Some(g) = own {
            set.push(g);
        }
        set.sort_unstable();
        set.dedup();
        let attributed = set.iter().any(|g| !g.is_empty());
        for g in set {
            if g.is_empty() && attributed {
                continue;
            }
            let credited = !g.is_empty()
                && (own == Some(g)
                    || d.credits
                        .iter()
                        .any(|c| c.kind.credits_text() && c.agency == g));
            let e = table.entry((d.outlet, g.to_string())).or_default();
            e.0 += 1;
            e.1 += credited as u64;
        }
    }
    let mut rows: Vec<OutletRow> = Vec::new();
    for (o, name) in catalog.outlets.iter().enumerate() {
        let o = o as u32;
        let mine: Vec<_> = table
            .range((o, String::new())..)
            .take_while(|(k, _)| k.0 == o)
            .collect();
        if mine.is_empty() {
            rows.push(OutletRow {
                outlet: name.clone(),
                agency: String::new(),
                articles: articles[o as usize],
                reusing: 0,
                credited: 0,
                uncredited: 0,
            });
        }
        for ((_, agency), &(reusing, credited)) in mine {
            rows.push(OutletRow {
                outlet: name.clone(),
                agency: agency.clone(),
                articles: articles[o as usize],
                reusing,
                credited,
                uncredited: reusing - credited,
            });
        }
    }
    rows.sort_by(|x, y| {
        (x.outlet.as_bytes(), x.agency.as_bytes()).cmp(&(y.outlet.as_bytes(), y.agency.as_bytes()))
    });
    rows
}

/// Writes every report file; returns the paths written. `is_new` selects the pairs of
/// `new_pairs.csv` (incremental runs).
pub fn write_reports(
    writer: &ReportWriter,
    catalog: &Catalog,
    pairs: &[PairLocal],
    analysis: &Analysis,
    reports: &Reports,
    is_new: Option<&dyn Fn(&PairLocal) -> bool>,
) -> Result<Vec<PathBuf>> {
    let order = &reports.pair_order;
    let mut paths = vec![
        writer.pairs(
            "pairs.csv",
            order.iter().map(|&i| pair_row(catalog, analysis, pairs, i)),
        )?,
        writer.passages(order.iter().flat_map(|&i| passage_rows(catalog, &pairs[i])))?,
        writer.clusters(&reports.clusters)?,
        writer.credits(&reports.credits)?,
        writer.outlets(&reports.outlets)?,
    ];
    if let Some(is_new) = is_new {
        let rows = order
            .iter()
            .filter(|&&i| is_new(&pairs[i]))
            .map(|&i| pair_row(catalog, analysis, pairs, i));
        paths.push(writer.pairs("new_pairs.csv", rows)?);
    }
    Ok(paths)
}

/// Writes `report.html` ([`crate::report_html`]): the top [`report_html::TOP_PAIRS`] pairs by
/// shared words (ties in `pairs.csv` order) get their texts read back for the side-by-side
/// passages; everything else comes from the report rows and `summary`.
pub fn write_html(
    writer: &ReportWriter,
    catalog: &Catalog,
    outcome: &Outcome,
    texts: &dyn Texts,
    registry: &Registry,
    summary: &serde_json::Value,
) -> Result<PathBuf> {
    use crate::report_html::{self, HtmlInput, TopPair};
    let (pairs, analysis, reports) = (&outcome.pairs, &outcome.analysis, &outcome.reports);
    let mut ranked: Vec<(std::cmp::Reverse<u32>, usize)> = reports
        .pair_order
        .iter()
        .enumerate()
        .map(|(rank, &i)| (std::cmp::Reverse(pairs[i].shared_words), rank))
        .collect();
    let n = report_html::TOP_PAIRS.min(ranked.len());
    if n < ranked.len() {
        ranked.select_nth_unstable(n);
        ranked.truncate(n);
    }
    ranked.sort_unstable();
    let mut top = Vec::with_capacity(n);
    for (_, rank) in ranked {
        let i = reports.pair_order[rank];
        let (x, y) = report_sides(&pairs[i]);
        top.push(TopPair {
            row: pair_row(catalog, analysis, pairs, i),
            title_a: catalog.doc(x).title.clone(),
            title_b: catalog.doc(y).title.clone(),
            passages: passage_rows(catalog, &pairs[i]).collect(),
            text_a: texts.text(x)?,
            text_b: texts.text(y)?,
        });
    }
    let wire_outlets = catalog
        .outlets
        .iter()
        .filter_map(|o| Some((o.clone(), registry.agency_for_outlet(o)?.to_string())))
        .collect();
    report_html::write(
        &writer.dir,
        &HtmlInput {
            summary,
            outlets: &reports.outlets,
            clusters: &reports.clusters,
            credits: &reports.credits,
            top_pairs: &top,
            wire_outlets: &wire_outlets,
        },
    )
}

/// The inputs as the user named them (`-` for standard input).
pub fn input_names(inputs: &[Input]) -> Vec<String> {
    inputs
        .iter()
        .map(|i| match i {
            Input::Stdin => "-".to_string(),
            Input::Path(p) => p.display().to_string(),
        })
        .collect()
}

/// The `summary.json` value.
pub fn summary_json(
    inputs: &[Input],
    engine: &Engine,
    agencies: Option<&Path>,
    counts: &Counts,
    timings: &Timings,
    total: Duration,
) -> serde_json::Value {
    let skipped: serde_json::Map<String, serde_json::Value> = counts
        .skipped
        .iter()
        .map(|(r, n)| (r.as_str().to_string(), (*n).into()))
        .collect();
    let stages: serde_json::Map<String, serde_json::Value> = timings
        .0
        .iter()
        .map(|(name, d)| {
            (
                name.to_string(),
                serde_json::Value::from((d.as_secs_f64() * 1000.0).round() / 1000.0),
            )
        })
        .collect();
    let p = &engine.params;
    serde_json::json!({
        "version": env!("CARGO_PKG_VERSION"),
        "inputs": input_names(inputs),
        "parameters": {
            "shingle": p.shingle,
            "num_perm": p.num_perm,
            "threshold": p.threshold,
            "min_containment": p.min_containment,
            "min_passage": p.min_passage,
            "lsh_bands": engine.lsh.bands,
            "lsh_rows": engine.lsh.rows,
            "anchor_window": engine.window,
            "chrome_min_docs": engine.params.tuning.chrome_min_docs,
            "pair_cap": engine.params.tuning.pair_cap,
            "common_df": engine.params.tuning.common_df,
            "min_run_shingles": engine.params.tuning.min_run_shingles,
            "agencies": agencies.map(|a| a.display().to_string()),
        },
        "counts": {
            "read": counts.read,
            "new": counts.new,
            "already_indexed": counts.already_indexed,
            "changed_text": counts.changed_text,
            "skipped": skipped,
            "candidates": {"lsh": counts.candidates_lsh, "anchors": counts.candidates_anchor, "anchor_single_links": counts.anchor_single_links, "total": counts.candidates},
            "boilerplate_anchors": counts.boilerplate_anchors,
            "pairs": counts.pairs,
            "clusters": counts.clusters,
            "credits": counts.credits,
        },
        "seconds": {"stages": stages, "total": (total.as_secs_f64() * 1000.0).round() / 1000.0},
    })
}

/// What `summary.json` records of a run.
pub struct RunRecord<'a> {
    pub inputs: &'a [Input],
    pub engine: &'a Engine,
    pub agencies: Option<&'a Path>,
    pub counts: &'a Counts,
    pub timings: &'a Timings,
    pub started: Instant,
}

/// The end of every run: `summary.json`, the report set swapped into `--out`
/// ([`ReportWriter::commit`]), and the human summary on standard error unless `--quiet`.
pub fn finish_run(writer: &ReportWriter, record: &RunRecord, quiet: bool) -> Result<()> {
    writer.summary(&summary_json(
        record.inputs,
        record.engine,
        record.agencies,
        record.counts,
        record.timings,
        record.started.elapsed(),
    ))?;
    writer.commit()?;
    if !quiet {
        eprintln!(
            "{}",
            human_summary(record.counts, &writer.out, record.started.elapsed())
        );
    }
    Ok(())
}

/// The human summary for standard error, then a warning for each thing the user should know
/// was not read.
pub fn human_summary(counts: &Counts, out: &Path, elapsed: Duration) -> String {
    use crate::progress::{count, thousands};
    let mut s = format!(
        "wiretrace: read {}: {}",
        count(counts.read, "record"),
        count(counts.new, "new article")
    );
    if counts.already_indexed > 0 || counts.new_pairs.is_some() {
        s.push_str(&format!(
            ", {} already indexed",
            thousands(counts.already_indexed)
        ));
    }
    if counts.changed_text > 0 {
        s.push_str(&format!(
            ", {} with a changed text",
            thousands(counts.changed_text)
        ));
    }
    if counts.skipped_total() > 0 {
        let reasons: Vec<String> = counts
            .skipped
            .iter()
            .map(|(r, n)| format!("{} {}", thousands(*n), r.as_str()))
            .collect();
        s.push_str(&format!(
            ", {} skipped ({})",
            thousands(counts.skipped_total()),
            reasons.join(", ")
        ));
    }
    s.push_str(&format!("; {}", count(counts.pairs, "pair")));
    if let Some(n) = counts.new_pairs {
        s.push_str(&format!(" ({} new)", thousands(n)));
    }
    s.push_str(&format!(
        " in {}; {}; reports in {} ({})",
        count(counts.clusters, "cluster"),
        count(counts.credits, "credit"),
        out.display(),
        crate::progress::elapsed(elapsed)
    ));
    if counts.read == 0 {
        s.push_str(
            "\nwarning: no record was read: check the inputs (folders are read for .jsonl, \
             .ndjson, .json, .csv, .tsv, .txt files, optionally .gz, .zst or .bz2)",
        );
    }
    if !counts.ignored_files.is_empty() {
        let shown: Vec<String> = counts
            .ignored_files
            .iter()
            .take(3)
            .map(|p| p.display().to_string())
            .collect();
        let more = counts.ignored_files.len().saturating_sub(shown.len());
        s.push_str(&format!(
            "\nwarning: {} not read, by extension: {}{} (name a file on the command line to read it \
             whatever its extension; .xz is not supported, recompress with gzip or zstd)",
            count(counts.ignored_files.len() as u64, "file"),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    for p in &counts.json_arrays {
        s.push_str(&format!(
            "\nwarning: {} holds one JSON array, not JSON Lines (one object per line); \
             convert it with: jq -c '.[]' {} > {}l",
            p.display(),
            p.display(),
            p.display()
        ));
    }
    s
}

/// What the stages after ingest produce: the verified pairs, their analysis, and the reports
/// ready to be written.
pub struct Outcome {
    pub pairs: Vec<PairLocal>,
    pub analysis: Analysis,
    pub reports: Reports,
}

/// The corpus-wide analysis of verified pairs (sorted by `lo`, `hi`) and the reports of it.
pub fn conclude(
    catalog: &Catalog,
    texts: &dyn Texts,
    pairs: Vec<PairLocal>,
    boilerplate: &Boilerplate,
    engine: &Engine,
    registry: &Registry,
    counts: &mut Counts,
) -> Result<Outcome> {
    let analysis = analyse(catalog, texts, &pairs, boilerplate, engine, registry)?;
    let reports = assemble_reports(catalog, &pairs, &analysis, registry);
    counts.pairs = pairs.len() as u64;
    counts.clusters = analysis.clustering.clusters.len() as u64;
    counts.credits = reports.credits.len() as u64;
    Ok(Outcome {
        pairs,
        analysis,
        reports,
    })
}

/// Runs the stages after ingest on a batch corpus.
pub fn analyse_and_report(
    corpus: &mut Corpus,
    engine: &Engine,
    registry: &Registry,
    progress: &Progress,
    counts: &mut Counts,
    timings: &mut Timings,
) -> Result<Outcome> {
    let (cands, boilerplate) = timings.time("candidates", || candidates(corpus, engine, counts))?;
    let verified = timings.time("verify", || {
        verify_all(
            &corpus.catalog,
            &corpus.texts,
            &cands,
            &boilerplate,
            engine,
            progress,
        )
    })?;
    drop(cands);
    let locals = timings.time("align", || {
        pair_locals(&corpus.catalog, &corpus.texts, &verified)
    })?;
    drop(verified);
    timings.time("attribute_cluster", || {
        conclude(
            &corpus.catalog,
            &corpus.texts,
            locals,
            &boilerplate,
            engine,
            registry,
            counts,
        )
    })
}

/// Builds the worker pool for `--threads`.
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        b = b.num_threads(n);
    }
    b.build()
        .map_err(|e| Error::Usage(format!("--threads: {e}")))
}

/// `wiretrace scan` without an index.
pub fn scan(config: &ScanConfig) -> Result<Counts> {
    let started = Instant::now();
    let pool = thread_pool(config.run.threads)?;
    pool.install(|| {
        let engine = Engine::new(config.params);
        let registry = load_registry(config.agencies.as_deref())?;
        let progress = Progress::new(&config.run);
        let mut counts = Counts::default();
        let mut timings = Timings::default();
        let mut corpus = {
            let t = Instant::now();
            let c = ingest(
                &config.inputs,
                &config.read,
                &Context {
                    engine: &engine,
                    registry: &registry,
                    run: &config.run,
                    progress: &progress,
                },
                &mut counts,
                &mut |_| Ok(Known::New),
            )?;
            timings.0.push(("read_hash", t.elapsed()));
            c
        };
        let outcome = analyse_and_report(
            &mut corpus,
            &engine,
            &registry,
            &progress,
            &mut counts,
            &mut timings,
        )?;
        let writer = ReportWriter::new(&config.out, config.bom)?.with_xlsx(config.xlsx);
        let t = Instant::now();
        let o = &outcome;
        write_reports(
            &writer,
            &corpus.catalog,
            &o.pairs,
            &o.analysis,
            &o.reports,
            None,
        )?;
        let summary = summary_json(
            &config.inputs,
            &engine,
            config.agencies.as_deref(),
            &counts,
            &timings,
            started.elapsed(),
        );
        write_html(
            &writer,
            &corpus.catalog,
            o,
            &corpus.texts,
            &registry,
            &summary,
        )?;
        timings.0.push(("write", t.elapsed()));
        let record = RunRecord {
            inputs: &config.inputs,
            engine: &engine,
            agencies: config.agencies.as_deref(),
            counts: &counts,
            timings: &timings,
            started,
        };
        finish_run(&writer, &record, config.run.quiet)?;
        Ok(counts)
    })
}
