//! Verification of a batch of candidate pairs, in parallel, grouped by their first article so
//! it is prepared once; the pairs that are reuse come out in input order.

use rayon::prelude::*;

use crate::candidates::boilerplate::Boilerplate;
use crate::engine::Engine;
use crate::error::Result;
use crate::model::CandidatePair;
use crate::model::Catalog;
use crate::model::DocId;
use crate::progress::Progress;
use crate::store::Texts;
use crate::verify::rewrite::{self, Sentences};
use crate::verify::{self, PairEvidence, Prepared, Quotes, ReuseKind};

/// A verified pair, sides in DocId order.
#[derive(Clone, Debug)]
pub struct VerifiedPair {
    pub a: DocId,
    pub b: DocId,
    pub kind: ReuseKind,
    pub evidence: PairEvidence,
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
            let quotes_a = texts.quotes(a)?;
            // Cut into sentences only when a pair of the group needs the rewrite check.
            let mut sentences_a: Option<Sentences> = None;
            let mut out = Vec::new();
            for p in group.iter() {
                let seq_b = texts.shingles(p.b)?;
                let db = catalog.doc(p.b);
                let bp = boilerplate.for_pair(catalog.doc(a).outlet, db.outlet);
                let quotes_b = texts.quotes(p.b)?;
                let quotes = Quotes {
                    a: &quotes_a,
                    b: &quotes_b,
                };
                let e = verify::compare(&mut prep, &seq_b, db.distinct as usize, &bp, quotes, &vp);
                let mut failed = None;
                let decided = verify::decide(e, &vp, |excluded| {
                    let sa = match sentences_a.take() {
                        Some(s) => s,
                        None => match texts.sentences(a) {
                            Ok(s) => s,
                            Err(err) => {
                                failed = Some(err);
                                return None;
                            }
                        },
                    };
                    let found = match texts.sentences(p.b) {
                        Ok(sb) => {
                            let (xa, xb) = verify::excluded_sides(excluded);
                            rewrite::align(&sa, &sb, &xa, &xb, &vp.rewrite)
                        }
                        Err(err) => {
                            failed = Some(err);
                            None
                        }
                    };
                    sentences_a = Some(sa);
                    found
                });
                if let Some(err) = failed {
                    return Err(err);
                }
                if let Some((kind, evidence)) = decided {
                    out.push(VerifiedPair {
                        a,
                        b: p.b,
                        kind,
                        evidence,
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
