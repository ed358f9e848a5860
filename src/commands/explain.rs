//! `wiretrace explain`: two articles → their aligned shared passages side by side, with the
//! credits found in each, for a person at a terminal.
//!
//! The articles come from the inputs or from the index. The comparison is the `verify` stage's,
//! with the same parameters and the same boilerplate: site chrome is only chrome against the
//! rest of the corpus, so with inputs the whole corpus is read and hashed first (as `scan`
//! does, without verifying anything), and from an index the boilerplate it recorded is used.

use crate::attribute::registry::Registry;
use crate::config::{ExplainConfig, ExplainSource, MatchParams, ProgressMode, RunOptions};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::model::{Article, DocId};
use crate::report::terminal::{render, Explained};
use crate::store::Texts;

/// Reads the inputs as `scan` does and returns the two articles with the corpus' boilerplate.
pub fn from_inputs(
    inputs: &[crate::read::Input],
    read: &crate::read::ReadOptions,
    engine: &Engine,
    registry: &Registry,
    id_a: &str,
    id_b: &str,
) -> Result<Explained> {
    let run = RunOptions {
        quiet: true,
        progress: ProgressMode::Never,
        ..RunOptions::default()
    };
    let mut counts = crate::pipeline::run::Counts::default();
    let mut corpus = crate::pipeline::ingest::ingest(
        inputs,
        read,
        &crate::pipeline::ingest::Context {
            engine,
            registry,
            run: &run,
            progress: &crate::progress::Progress::new(&run),
        },
        &mut counts,
        &mut |_| Ok(crate::pipeline::ingest::Known::New),
    )?;
    let (_, boilerplate) = crate::candidates::candidates(&mut corpus, engine, &mut counts)?;
    let find = |id: &str| -> Result<(Article, u32)> {
        // An id copied from a CSV cell may carry the `'` that defused it.
        let position = |want: &str| corpus.catalog.docs.iter().position(|d| d.id == want);
        let pos = position(id)
            .or_else(|| Some(crate::report::undefuse(id)).filter(|u| *u != id).and_then(position))
            .ok_or_else(|| {
            Error::Usage(format!("explain: no comparable article with id {id:?} in the inputs (missing, or too short)"))
        })?;
        let d = DocId(pos as u32);
        let meta = corpus.catalog.doc(d);
        let article = Article {
            id: meta.id.clone(),
            outlet: corpus.catalog.outlet_name(d).to_string(),
            date: meta.date,
            title: meta.title.clone(),
            url: meta.url.clone(),
            text: corpus.texts.text(d)?,
            location: crate::model::Location {
                file: "-".into(),
                line: None,
            },
        };
        Ok((article, corpus.catalog.site_of(d)))
    };
    let ((a, oa), (b, ob)) = (find(id_a)?, find(id_b)?);
    Ok(Explained {
        a,
        b,
        boilerplate,
        outlets: (oa, ob),
    })
}

/// `wiretrace explain`: the rendering, for standard output.
pub fn explain(config: &ExplainConfig) -> Result<String> {
    // With an index, its matching parameters: the figures must be the ones its reports hold.
    let params = match &config.source {
        ExplainSource::Inputs { .. } => config.params.apply(MatchParams {
            tuning: crate::config::Tuning::from_env()?,
            ..MatchParams::default()
        })?,
        ExplainSource::Index(path) => {
            let fixed = crate::index::Index::open_existing(path, None)?.params()?;
            let conflicts = config.params.conflicts(&fixed);
            if !conflicts.is_empty() {
                return Err(Error::Usage(format!(
                    "explain --index {}: {} disagree with the parameters the index was built with; leave them out",
                    path.display(),
                    conflicts.join(", ")
                )));
            }
            fixed
        }
    };
    let engine = Engine::new(params);
    let registry = crate::pipeline::ingest::load_registry(config.agencies.as_deref())?;
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(120usize);
    let found = match &config.source {
        ExplainSource::Inputs { inputs, read } => {
            from_inputs(inputs, read, &engine, &registry, &config.id_a, &config.id_b)?
        }
        ExplainSource::Index(path) => crate::index::load_pair(path, &config.id_a, &config.id_b)?,
    };
    let bp = found.boilerplate.for_pair(found.outlets.0, found.outlets.1);
    Ok(render(
        &found.a,
        &found.b,
        &engine,
        &bp,
        &registry,
        width,
        config.color,
    ))
}
