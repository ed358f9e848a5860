//! `wiretrace scan`: one batch run over the inputs ([`BatchRun`]), or with `--index`, an
//! indexed run that adds the new articles to the index and reports on everything in it.

use std::time::Instant;

use crate::config::ScanConfig;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::index::update::reports_from_index;
use crate::index::update::update;
use crate::index::Index;
use crate::pipeline::run::thread_pool;
use crate::pipeline::run::BatchRun;
use crate::pipeline::run::Counts;
use crate::pipeline::run::Timings;
use crate::progress::Progress;
use crate::report::ReportWriter;

use super::Finished;

/// `wiretrace scan` without an index.
pub fn scan(config: &ScanConfig) -> Result<Finished> {
    thread_pool(config.run.threads)?.install(|| {
        let mut run = BatchRun::run(config)?;
        run.write(config, None)?;
        Ok(Finished {
            counts: run.counts.clone(),
            _built: Box::new(run),
        })
    })
}

/// `wiretrace scan --index FILE`.
pub fn scan_indexed(config: &ScanConfig) -> Result<Finished> {
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
        let updated = update(&index, config, &engine, &registry, &progress, &mut counts, &mut timings)?;
        let texts: &dyn crate::store::Texts = match &updated.fresh_texts {
            Some(store) => store,
            None => &index,
        };
        let found = reports_from_index(&index, texts, &engine, &registry, Some(updated.run), &mut counts, &mut timings)?;
        counts.new_pairs = Some(found.new_pair_count());
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
        let written = found.write(&index, &writer, true, (texts, &registry, &summary), &mut counts);
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
            reads_records: true,
            engine: &engine,
            agencies: config.agencies.as_deref(),
            counts: &counts,
            timings: &timings,
            started,
        };
        crate::report::summary::finish_run(&writer, &record, config.run.quiet)?;
        index.record_passages(writer.passages_record().as_ref())?;
        Ok(Finished {
            counts,
            _built: Box::new(found),
        })
    })
}
