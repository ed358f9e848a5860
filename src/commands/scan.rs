//! `wiretrace scan` without `--index`: one batch run over the inputs.

use std::time::Instant;

use crate::config::ScanConfig;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::index::update::reports_from_index;
use crate::index::update::update;
use crate::index::Index;
use crate::pipeline::ingest::ingest;
use crate::pipeline::ingest::load_registry;
use crate::pipeline::ingest::Context;
use crate::pipeline::ingest::Known;
use crate::pipeline::run::analyse_and_report;
use crate::pipeline::run::thread_pool;
use crate::pipeline::run::Counts;
use crate::pipeline::run::Timings;
use crate::progress::Progress;
use crate::report::rows::write_html;
use crate::report::rows::write_reports;
use crate::report::summary::finish_run;
use crate::report::summary::summary_json;
use crate::report::summary::RunRecord;
use crate::report::ReportWriter;

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

/// `wiretrace scan --index FILE`.
pub fn scan_indexed(config: &ScanConfig) -> Result<Counts> {
    let started = Instant::now();
    let path = config
        .index
        .clone()
        .ok_or_else(|| Error::Usage("--index is required".into()))?;
    let pool = crate::pipeline::run::thread_pool(config.run.threads)?;
    pool.install(|| {
        let engine = Engine::new(config.params);
        let registry = crate::pipeline::ingest::load_registry(config.agencies.as_deref())?;
        let index = Index::open_for_scan(&path, &engine, &registry, config.lock_timeout)?;
        let progress = Progress::new(&config.run);
        let mut counts = Counts::default();
        let mut timings = Timings::default();
        let run = update(&index, config, &engine, &registry, &progress, &mut counts, &mut timings)?;
        let found = reports_from_index(&index, &engine, &registry, Some(run), &mut counts, &mut timings)?;
        counts.new_pairs = Some(found.new.len() as u64);
        let writer = ReportWriter::new(&config.out, config.bom)?.with_xlsx(config.xlsx);
        let t = Instant::now();
        let summary = crate::report::summary::summary_json(
            &config.inputs,
            &engine,
            config.agencies.as_deref(),
            &counts,
            &timings,
            started.elapsed(),
        );
        let written = found.write(&writer, true, (&index, &registry, &summary));
        if let Err(err) = written {
            return Err(Error::Index {
                path: path.clone(),
                reason: format!(
                    "the run was indexed, but writing the reports failed ({err}); `wiretrace report --index {}` rewrites them",
                    path.display()
                ),
            });
        }
        timings.0.push(("write", t.elapsed()));
        let record = crate::report::summary::RunRecord {
            inputs: &config.inputs,
            engine: &engine,
            agencies: config.agencies.as_deref(),
            counts: &counts,
            timings: &timings,
            started,
        };
        crate::report::summary::finish_run(&writer, &record, config.run.quiet)?;
        Ok(counts)
    })
}
