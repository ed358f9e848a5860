//! `wiretrace report --index FILE --out DIR`: every report rewritten from the index alone.

use std::time::Instant;

use crate::config::ReportConfig;
use crate::engine::Engine;
use crate::error::Result;
use crate::index::update::reports_from_index;
use crate::index::Index;
use crate::pipeline::run::Counts;
use crate::pipeline::run::Timings;
use crate::read::Input;
use crate::report::ReportWriter;

/// `wiretrace report --index FILE --out DIR`.
pub fn report(config: &ReportConfig) -> Result<super::Finished> {
    let started = Instant::now();
    let pool = crate::pipeline::run::thread_pool(config.run.threads)?;
    pool.install(|| {
        let index = Index::open_existing(&config.index, Some(config.lock_timeout))?;
        let engine = Engine::new(index.params()?);
        let registry = crate::pipeline::ingest::load_registry(config.agencies.as_deref())?;
        index.check_binding(&engine, &registry)?;
        let mut counts = Counts::default();
        let mut timings = Timings::default();
        let found = reports_from_index(
            &index,
            &index,
            &engine,
            &registry,
            None,
            &mut counts,
            &mut timings,
        )?;
        let writer = ReportWriter::new(&config.out, config.bom)?.with_xlsx(config.xlsx);
        let inputs = [Input::Path(config.index.clone())];
        let agencies = config.agencies.as_deref();
        let summary = crate::report::summary::summary_json(
            &inputs,
            &engine,
            agencies,
            &counts,
            &timings,
            started.elapsed(),
        );
        found.write(
            &index,
            &writer,
            false,
            (&index, &registry, &summary),
            &mut counts,
        )?;
        let record = crate::report::summary::RunRecord {
            inputs: &inputs,
            reads_records: false,
            engine: &engine,
            agencies: config.agencies.as_deref(),
            counts: &counts,
            timings: &timings,
            started,
        };
        crate::report::summary::finish_run(&writer, &record, config.run.quiet)?;
        index.record_passages(writer.passages_record().as_ref())?;
        Ok(super::Finished {
            counts,
            _built: Box::new(found),
        })
    })
}
