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
use crate::sign::shingle::ShingleHash;
use crate::store::Texts;
use crate::verify::rewrite;
use crate::verify::{self, Marks, PairEvidence, Prepared, ReuseKind, VerifyParams};

/// A verified pair, sides in DocId order.
#[derive(Clone, Debug)]
pub struct VerifiedPair {
    pub a: DocId,
    pub b: DocId,
    pub kind: ReuseKind,
    pub evidence: PairEvidence,
    /// The prints of evidence at the foot of both articles ([`verify::foot_prints`]).
    pub foot: Vec<ShingleHash>,
}

impl VerifiedPair {
    /// A pair verification decided to report, with both articles' shingle sequences.
    pub fn new(
        (a, seq_a): (DocId, &[ShingleHash]),
        (b, seq_b): (DocId, &[ShingleHash]),
        kind: ReuseKind,
        evidence: PairEvidence,
        vp: &VerifyParams,
    ) -> VerifiedPair {
        let foot = verify::foot_prints(&evidence, kind, seq_a, seq_b, vp);
        VerifiedPair {
            a,
            b,
            kind,
            evidence,
            foot,
        }
    }
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
            // Sentences and quotations: the quotation rule reads them for every pair, the
            // rewrite check when the verbatim rule rejects it.
            let (seq_a, sentences_a) = texts.shingles_and_sentences(a)?;
            let mut prep = Prepared::new(&seq_a);
            let mut out = Vec::new();
            for p in group.iter() {
                let (seq_b, sentences_b) = texts.shingles_and_sentences(p.b)?;
                let db = catalog.doc(p.b);
                let bp = boilerplate.for_pair(catalog.site_of(a), catalog.site_of(p.b));
                let marks = Marks::of(&sentences_a, &sentences_b);
                let e = verify::compare(&mut prep, &seq_b, db.distinct as usize, &bp, marks, &vp);
                let decided = verify::decide(e, &vp, |excluded| {
                    let (xa, xb) = verify::excluded_sides(excluded);
                    rewrite::align(&sentences_a, &sentences_b, &xa, &xb, &vp.rewrite)
                });
                if let Some((kind, evidence)) = decided {
                    out.push(VerifiedPair::new(
                        (a, &seq_a),
                        (p.b, &seq_b),
                        kind,
                        evidence,
                        &vp,
                    ));
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
