//! The run record: `summary.json` and the human summary on standard error.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::engine::Engine;
use crate::error::Result;
use crate::pipeline::run::Counts;
use crate::pipeline::run::Timings;
use crate::read::Input;
use crate::report::ReportWriter;

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
    let mut parameters = serde_json::json!({
        "shingle": p.shingle,
        "num_perm": p.num_perm,
        "threshold": p.threshold,
        "min_containment": p.min_containment,
        "min_passage": p.min_passage,
        "lsh_bands": engine.lsh.bands,
        "lsh_rows": engine.lsh.rows,
        "anchor_window": engine.window,
    });
    if let Some(map) = parameters.as_object_mut() {
        // Every tuning constant, as the index's binding names them (one list, in config).
        for (name, value) in p.tuning.values() {
            map.insert(name.to_string(), value.into());
        }
        map.insert(
            "agencies".to_string(),
            agencies.map(|a| a.display().to_string()).into(),
        );
    }
    let mut summary = serde_json::json!({
        "version": env!("CARGO_PKG_VERSION"),
        "inputs": input_names(inputs),
        "parameters": parameters,
        "counts": {
            "read": counts.read,
            "new": counts.new,
            "already_indexed": counts.already_indexed,
            "changed_text": counts.changed_text,
            "skipped": skipped,
            "candidates": {"lsh": counts.candidates_lsh, "anchors": counts.candidates_anchor, "anchor_single_links": counts.anchor_single_links, "total": counts.candidates},
            "boilerplate_anchors": counts.boilerplate_anchors,
            "shared_block_pairs": counts.shared_block_pairs,
            "pairs": counts.pairs,
            "clusters": counts.clusters,
            "credits": counts.credits,
        },
        "seconds": {"stages": stages, "total": (total.as_secs_f64() * 1000.0).round() / 1000.0},
    });
    if let (Some(n), Some(c)) = (counts.passages_carried, summary["counts"].as_object_mut()) {
        c.insert("passages_carried".to_string(), n.into());
    }
    summary
}

/// What `summary.json` records of a run.
pub struct RunRecord<'a> {
    pub inputs: &'a [Input],
    /// Whether the run read records (false for `report`, whose input is the index).
    pub reads_records: bool,
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
            human_summary(
                record.counts,
                record.reads_records,
                &writer.out,
                record.started.elapsed()
            )
        );
    }
    Ok(())
}

/// The human summary for standard error, then a warning for each thing the user should know
/// was not read. `reads_records` is false for `report`, which reads none (so reading no record
/// is no cause for a warning).
pub fn human_summary(
    counts: &Counts,
    reads_records: bool,
    out: &Path,
    elapsed: Duration,
) -> String {
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
    if counts.read == 0 && reads_records {
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
    for p in &counts.json_pretty {
        s.push_str(&format!(
            "\nwarning: {} is pretty-printed JSON (an object over many lines), not JSON Lines (one \
             object per line): its lines were skipped as invalid JSON; `jq -c .` converts it",
            p.display()
        ));
    }
    for p in &counts.mislabelled {
        s.push_str(&format!(
            "\nwarning: {} is named as compressed but holds plain text: read as plain",
            p.display()
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
