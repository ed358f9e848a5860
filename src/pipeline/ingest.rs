//! Ingest: inputs → signed articles with DocIds, in parallel.
//!
//! ```text
//! reader thread ──batches──▶ per article, in parallel: sign (tokens → shingles → MinHash →
//!                                                    bands, anchors, credits)
//!              ──in order──▶ DocId, article store, postings
//! ```
//!
//! Determinism: records are numbered in input order by one thread; signing maps an ordered
//! batch to an ordered result. Memory: per article the run keeps its metadata, credits, band
//! keys and anchors; texts and shingle sequences go to the [`crate::store`] on disk.

use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rayon::prelude::*;

use crate::attribute::registry::Registry;
use crate::candidates::anchors::{Neighbours, Posting};
use crate::candidates::lsh::BandKey;
use crate::candidates::spill::Spill;
use crate::config::RunOptions;
use crate::engine::Engine;
use crate::error::{Error, RecordError, Result, SkipReason};
use crate::model::Catalog;
use crate::model::DocMeta;
use crate::model::{Article, DocId};
use crate::pipeline::run::Counts;
use crate::progress::Progress;
use crate::read::{self, Input};
use crate::sign::signed::hash_article;
use crate::sign::signed::Hashed;
use crate::store::StoreTexts;
use crate::store::{StoreWriter, StoredDoc};

/// Records per batch handed from the reader thread to the workers.
pub(crate) const BATCH: usize = 512;

/// Skipped records printed one by one before the rest are only counted.
pub(crate) const MAX_PRINTED_SKIPS: u64 = 10;

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

/// The articles of a batch run, their texts and the postings of the candidate stages.
pub struct Corpus {
    pub catalog: Catalog,
    pub texts: StoreTexts,
    /// Postings spilled to disk by key shard ([`crate::candidates::spill`]).
    pub band_postings: Spill<(BandKey, DocId)>,
    pub anchor_postings: Spill<Posting>,
}

/// Skipped-record bookkeeping: count by reason, print the first few, fail under `--strict`.
pub(crate) struct Skips<'a> {
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
    counts.mislabelled = survey.mislabelled.clone();
    counts.json_pretty = survey.json_pretty.clone();
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

    let spill_err = |e| Error::io(std::env::temp_dir(), e);
    let mut sink = Sink {
        store: StoreWriter::new(None).map_err(|e| Error::io(std::env::temp_dir(), e))?,
        docs: Vec::new(),
        stored_docs: Vec::new(),
        outlets: Vec::new(),
        outlet_ids: HashMap::new(),
        band_postings: Spill::new().map_err(spill_err)?,
        anchor_postings: Spill::new().map_err(spill_err)?,
    };
    let mut seen: HashSet<String> = HashSet::new();
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
    let mut pending: Option<(Vec<Article>, Vec<Hashed>)> = None;

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
        // Hash this batch while the previous one is written: writing is one thread's work,
        // and the reader is usually blocked on a full channel meanwhile, so without the overlap
        // a core would idle through it. Batches are still written in input order.
        let (hashed, written) = rayon::join(
            || {
                articles
                    .par_iter()
                    .map_init(Vec::new, |tokens, a| {
                        hash_article(&a.text, engine, registry, tokens)
                    })
                    .collect::<Vec<Hashed>>()
            },
            || match pending.take() {
                Some((a, h)) => sink.write(a, h, skips.counts),
                None => Ok(()),
            },
        );
        if let Err(e) = written {
            outcome = Err(e);
            break 'batches;
        }
        pending = Some((articles, hashed));
        pb.set_position(match survey.bytes {
            Some(_) => bytes_read.load(std::sync::atomic::Ordering::Relaxed),
            None => skips.counts.read,
        });
    }
    if outcome.is_ok() {
        if let Some((a, h)) = pending.take() {
            outcome = sink.write(a, h, skips.counts);
        }
    }
    drop(rx);
    pb.finish_and_clear();
    let read_result = reader.join().map_err(|_| Error::Input {
        path: PathBuf::from("-"),
        reason: "the reader thread panicked".into(),
    })?;
    outcome?;
    read_result?;
    let Sink {
        store,
        docs,
        stored_docs,
        outlets,
        band_postings,
        anchor_postings,
        ..
    } = sink;
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

/// Where hashed articles go, in input order: the article store, the catalog and the postings.
struct Sink {
    store: StoreWriter,
    docs: Vec<DocMeta>,
    stored_docs: Vec<StoredDoc>,
    outlets: Vec<String>,
    outlet_ids: HashMap<String, u32>,
    band_postings: Spill<(BandKey, DocId)>,
    anchor_postings: Spill<Posting>,
}

impl Sink {
    /// Writes one batch: each article gets the next DocId, its record in the store, its row
    /// in the catalog and its postings. Articles too short to sign are counted, not written.
    fn write(
        &mut self,
        articles: Vec<Article>,
        hashed: Vec<Hashed>,
        counts: &mut Counts,
    ) -> Result<()> {
        let spill_err = |e| Error::io(std::env::temp_dir(), e);
        for (a, h) in articles.into_iter().zip(hashed) {
            if h.seq.is_empty() {
                // Too short is not a bad record: counted, never fatal.
                *counts.skipped.entry(SkipReason::TooShort).or_default() += 1;
                continue;
            }
            let doc = DocId(self.docs.len() as u32);
            let stored = self
                .store
                .append(&a.text, &h.seq, &h.spans, &h.sentences)
                .map_err(|e| Error::io(std::env::temp_dir(), e))?;
            let outlet = match self.outlet_ids.get(&a.outlet) {
                Some(&o) => o,
                None => {
                    let o = self.outlets.len() as u32;
                    self.outlets.push(a.outlet.clone());
                    self.outlet_ids.insert(a.outlet.clone(), o);
                    o
                }
            };
            for &k in &h.bands {
                self.band_postings.push(&(k, doc)).map_err(spill_err)?;
            }
            for &(anchor, pos) in &h.anchors {
                let nbhd = Neighbours::at(&h.seq, pos as usize);
                self.anchor_postings
                    .push(&Posting {
                        anchor,
                        doc,
                        pos,
                        nbhd,
                    })
                    .map_err(spill_err)?;
            }
            self.docs.push(DocMeta {
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
            self.stored_docs.push(stored);
            counts.new += 1;
        }
        Ok(())
    }
}
