//! Candidates: signed articles → the pairs worth verifying.
//!
//! Two paths feed one set of candidate pairs: [`lsh`] (equal MinHash bands: near-duplicates)
//! and [`anchors`] (shared winnowed anchors: shared passages, whatever the whole-document
//! similarity). Both link the members of a group through the one append-stable group rule, so
//! a batch run and a sequence of indexed runs over the same articles find the same pairs.

use rayon::prelude::*;

use crate::candidates::anchors::{AnchorParams, Posting};
use crate::candidates::boilerplate::Boilerplate;
use crate::candidates::lsh::BandKey;
use crate::candidates::spill::Spill;
use crate::engine::Engine;
use crate::error::Result;
use crate::model::{CandidatePair, Catalog, DocId};
use crate::pipeline::ingest::Corpus;
use crate::pipeline::run::Counts;
use crate::store::Texts;

pub mod anchors;
pub mod boilerplate;
pub mod group_rule;
pub mod lsh;
pub mod spill;

/// Both candidate paths, merged: sorted, unique pairs. The postings are read back one key
/// shard at a time ([`spill`]): every group lies in one shard, so the group step sees each
/// whole while only two thirty-seconds of the postings are in memory.
pub fn candidates(
    corpus: &mut Corpus,
    engine: &Engine,
    counts: &mut Counts,
) -> Result<(Vec<CandidatePair>, Boilerplate)> {
    let Corpus {
        catalog,
        texts,
        band_postings,
        anchor_postings,
    } = corpus;
    let postings = Postings {
        bands: band_postings,
        anchors: anchor_postings,
    };
    candidates_keeping(
        postings,
        catalog,
        texts,
        engine,
        counts,
        |_| Ok(()),
        |_| Ok(()),
    )
}

/// A run's spilled postings, both kinds.
pub struct Postings<'a> {
    pub bands: &'a mut Spill<(BandKey, DocId)>,
    pub anchors: &'a mut Spill<Posting>,
}

/// [`candidates`], handing each postings shard, once grouped, to `bands` or `anchors`: in the
/// index's segment order ([`spill::group_sort`]), so that a run into an empty index stores
/// its postings from the one read and sort of the spill that finds its candidates. The spill
/// is emptied on the way.
pub fn candidates_keeping(
    postings: Postings,
    catalog: &Catalog,
    texts: &dyn Texts,
    engine: &Engine,
    counts: &mut Counts,
    mut bands: impl FnMut(&[(BandKey, DocId)]) -> Result<()>,
    mut anchors: impl FnMut(&[Posting]) -> Result<()>,
) -> Result<(Vec<CandidatePair>, Boilerplate)> {
    let cap = engine.params.tuning.pair_cap;
    let mut lsh_pairs = Vec::new();
    postings.bands.drain(|mut shard| {
        lsh_pairs.extend(lsh::candidate_pairs(&mut shard, cap));
        bands(&shard)
    })?;
    lsh_pairs.par_sort_unstable();
    lsh_pairs.dedup();
    let outlet_of = catalog.site_numbers();
    let params = engine.anchor_params();
    let mut found = anchors::GroupLinks::default();
    postings.anchors.drain(|mut shard| {
        found.gather(
            anchors::group_links(&mut shard, &outlet_of, &params),
            &params,
        );
        anchors(&shard)
    })?;
    let matched = found.into_matches(&params);
    let confirmed = confirm_single_links(&matched.single, texts, &params)?;
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
