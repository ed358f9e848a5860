//! The run: the thread pool, counts and wall times per stage, and the stages after candidates
//! in order (verify → align → analyse → report rows), shared by batch and indexed runs.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::analyse::analyse;
use crate::analyse::pairs::PairLocal;
use crate::analyse::pairs::{pair_locals, TextCut};
use crate::analyse::Analysis;
use crate::attribute::registry::Registry;
use crate::candidates::boilerplate::Boilerplate;
use crate::candidates::candidates;
use crate::engine::Engine;
use crate::error::{Error, Result, SkipReason};
use crate::model::{Catalog, DocId};
use crate::pipeline::ingest::Corpus;
use crate::progress::Progress;
use crate::report::rows::assemble_reports;
use crate::report::rows::Reports;
use crate::store::Texts;
use crate::verify::batch::verify_all;

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
    /// Verified pairs left out because their only evidence is a block shared under several
    /// stories ([`crate::analyse::blocks`]).
    pub shared_block_pairs: u64,
    pub pairs: u64,
    pub clusters: u64,
    pub credits: u64,
    /// Incremental runs: pairs first found in this run.
    pub new_pairs: Option<u64>,
    /// Runs on an index: `passages.csv` rows carried over from the previous report set
    /// ([`crate::report::carry`]) rather than built.
    pub passages_carried: Option<u64>,
    /// Files below input folders not read because of their extension.
    pub ignored_files: Vec<PathBuf>,
    /// `.json` inputs holding one JSON array (not JSON Lines).
    pub json_arrays: Vec<PathBuf>,
    /// JSON inputs that are pretty-printed (one object over many lines).
    pub json_pretty: Vec<PathBuf>,
    /// Inputs named as compressed that hold plain text (read as plain).
    pub mislabelled: Vec<PathBuf>,
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
        crate::alloc::release();
        let t = Instant::now();
        let v = f();
        self.0.push((name, t.elapsed()));
        v
    }
}

/// What the stages after ingest produce: the verified pairs, their analysis, and the reports
/// ready to be written.
pub struct Outcome {
    pub pairs: Vec<PairLocal>,
    pub analysis: Analysis,
    pub reports: Reports,
}

/// The corpus-wide analysis of verified pairs (sorted by `lo`, `hi`) and the reports of it;
/// `components` as [`analyse`] takes them (`None`: found here).
#[allow(clippy::too_many_arguments)]
pub fn conclude(
    catalog: &Catalog,
    texts: &dyn Texts,
    pairs: Vec<PairLocal>,
    boilerplate: &Boilerplate,
    engine: &Engine,
    registry: &Registry,
    counts: &mut Counts,
    components: Option<&[(DocId, DocId)]>,
) -> Result<Outcome> {
    let (pairs, dropped) =
        crate::analyse::blocks::drop_shared_blocks(pairs, &catalog.site_numbers(), &engine.params);
    counts.shared_block_pairs = dropped;
    let analysis = analyse(
        catalog,
        texts,
        &pairs,
        boilerplate,
        engine,
        registry,
        components,
    )?;
    Ok(outcome(catalog, pairs, analysis, registry, counts))
}

/// The reports of a finished analysis, and the run's counts of them.
pub fn outcome(
    catalog: &Catalog,
    pairs: Vec<PairLocal>,
    analysis: Analysis,
    registry: &Registry,
    counts: &mut Counts,
) -> Outcome {
    let reports = assemble_reports(catalog, &pairs, &analysis, registry);
    counts.pairs = reports.pair_order.len() as u64;
    counts.clusters = analysis.clustering.clusters.len() as u64;
    counts.credits = reports.credits.len() as u64;
    Outcome {
        pairs,
        analysis,
        reports,
    }
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
        pair_locals(&corpus.catalog, &corpus.texts, &verified, TextCut::Nothing)
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
            None,
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

/// One batch run up to its reports, shared by `wiretrace scan` and the engines' `scan`
/// (`engine_api::scan_rows`): read and sign the inputs, then every stage after, in one pool.
pub struct BatchRun {
    pub engine: Engine,
    pub registry: Registry,
    pub corpus: Corpus,
    pub outcome: Outcome,
    pub counts: Counts,
    pub timings: Timings,
    pub started: Instant,
}

impl BatchRun {
    /// Runs the stages over `config`'s inputs (inside the caller's thread pool).
    pub fn run(config: &crate::config::ScanConfig) -> Result<BatchRun> {
        use crate::pipeline::ingest::{ingest, load_registry, Context, Known};
        let started = Instant::now();
        let engine = Engine::new(config.params);
        let registry = load_registry(config.agencies.as_deref())?;
        let progress = Progress::new(&config.run);
        let mut counts = Counts::default();
        let mut timings = Timings::default();
        let t = Instant::now();
        let mut corpus = ingest(
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
        let outcome = analyse_and_report(
            &mut corpus,
            &engine,
            &registry,
            &progress,
            &mut counts,
            &mut timings,
        )?;
        Ok(BatchRun {
            engine,
            registry,
            corpus,
            outcome,
            counts,
            timings,
            started,
        })
    }

    /// `summary.json` of the run so far.
    pub fn summary(&self, config: &crate::config::ScanConfig) -> serde_json::Value {
        crate::report::summary::summary_json(
            &config.inputs,
            &self.engine,
            config.agencies.as_deref(),
            &self.counts,
            &self.timings,
            self.started.elapsed(),
        )
    }

    /// Every report of the run into `config.out` (CSV, `report.html`, `report.xlsx` when
    /// asked, `summary.json`), swapped in as a set. `sink` takes each pair's report rows
    /// as they are written ([`crate::report::rows::RowSink`]).
    pub fn write(
        &mut self,
        config: &crate::config::ScanConfig,
        sink: Option<&dyn crate::report::rows::RowSink>,
    ) -> Result<()> {
        use crate::report::rows::{write_html, write_reports};
        use crate::report::summary::{finish_run, RunRecord};
        use crate::report::ReportWriter;
        crate::alloc::release();
        let writer = ReportWriter::new(&config.out, config.bom)?.with_xlsx(config.xlsx);
        let t = Instant::now();
        let o = &self.outcome;
        let catalog = &self.corpus.catalog;
        write_reports(
            &writer,
            catalog,
            &self.corpus.texts,
            &o.pairs,
            &o.analysis,
            &o.reports,
            None,
            sink,
            None,
        )?;
        let summary = self.summary(config);
        write_html(
            &writer,
            catalog,
            o,
            &self.corpus.texts,
            &self.registry,
            &summary,
        )?;
        self.timings.0.push(("write", t.elapsed()));
        let record = RunRecord {
            inputs: &config.inputs,
            reads_records: true,
            engine: &self.engine,
            agencies: config.agencies.as_deref(),
            counts: &self.counts,
            timings: &self.timings,
            started: self.started,
        };
        finish_run(&writer, &record, config.run.quiet)
    }
}
