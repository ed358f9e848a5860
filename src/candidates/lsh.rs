//! Stage 5a — lsh: signatures → band keys → candidate pairs of near-duplicates.
//!
//! The signature is cut into `bands` bands of `rows` values; two articles become a candidate
//! when any band is equal. For Jaccard similarity `s` the probability of that is the S-curve
//!
//! ```text
//! P(s) = 1 − (1 − s^rows)^bands
//! ```
//!
//! [`LshParams::for_threshold`] picks `bands × rows ≤ num_perm` minimising the false-positive
//! area `∫₀ᵗ P(s) ds` plus the false-negative area `∫ₜ¹ (1 − P(s)) ds`, equally weighted (the
//! rule datasketch uses). With the defaults (threshold 0.5, 128 permutations) that is 25 bands
//! of 5 rows: P(0.3) ≈ 0.06, P(0.5) ≈ 0.55, P(0.7) ≈ 0.99, P(0.8) ≈ 1.00 — the curve is steep
//! around the threshold; pairs below it are the passage path's job ([`crate::candidates::anchors`]).
//!
//! Invariants: a [`BandKey`] depends only on the band's values and its index (xxh3, fixed seed),
//! never on a per-process random state, so keys can be stored in the index and compared across
//! runs. Grouping is sort-based; beyond its first `pair_cap` members a bucket is linked as a
//! star plus a chain ([`crate::candidates::group_rule`]) so one hot bucket costs O(size), not O(size²).

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::candidates::group_rule::emit_group_pairs;
use crate::model::{CandidatePair, DocId};
use crate::sign::minhash::Signature;

/// Seed of the band hash. Part of the index format.
pub const BAND_SEED: u64 = 0x6c73_6862_616e_6431; // "lshband1"

/// Bands and rows of the LSH index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LshParams {
    pub bands: usize,
    pub rows: usize,
}

/// The hash of one band of one signature, band index mixed in: equal keys mean equal bands
/// at the same position (up to 64-bit collisions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BandKey(pub u64);

/// Probability that a pair with Jaccard `s` shares at least one band.
pub fn collision_probability(s: f64, params: LshParams) -> f64 {
    1.0 - (1.0 - s.powi(params.rows as i32)).powi(params.bands as i32)
}

fn integrate(f: impl Fn(f64) -> f64, lo: f64, hi: f64) -> f64 {
    const STEPS: usize = 200;
    let h = (hi - lo) / STEPS as f64;
    (0..STEPS).map(|i| f(lo + (i as f64 + 0.5) * h) * h).sum()
}

impl LshParams {
    /// The bands × rows that best separate pairs above `threshold` from those below it.
    pub fn for_threshold(threshold: f64, num_perm: usize) -> LshParams {
        let t = threshold.clamp(0.01, 0.99);
        let mut best = LshParams {
            bands: 1,
            rows: num_perm.max(1),
        };
        let mut best_err = f64::INFINITY;
        for bands in 1..=num_perm.max(1) {
            for rows in 1..=num_perm / bands {
                let p = LshParams { bands, rows };
                let fp = integrate(|s| collision_probability(s, p), 0.0, t);
                let fnr = integrate(|s| 1.0 - collision_probability(s, p), t, 1.0);
                let err = fp + fnr;
                if err < best_err - 1e-12 {
                    best_err = err;
                    best = p;
                }
            }
        }
        best
    }
}

/// The band keys of one signature, band by band.
pub fn band_keys(sig: &Signature, params: LshParams) -> Vec<BandKey> {
    let mut buf = Vec::with_capacity(params.rows * 4);
    (0..params.bands)
        .map(|band| {
            buf.clear();
            for v in &sig.0[band * params.rows..(band + 1) * params.rows] {
                buf.extend_from_slice(&v.to_le_bytes());
            }
            BandKey(xxh3_64_with_seed(&buf, BAND_SEED ^ band as u64))
        })
        .collect()
}

/// Candidate pairs of all documents sharing a band key. `postings` is consumed (grouped in
/// place); the result is sorted and de-duplicated.
pub fn candidate_pairs(postings: &mut [(BandKey, DocId)], pair_cap: usize) -> Vec<CandidatePair> {
    crate::candidates::spill::group_sort(postings);
    let mut out = Vec::new();
    let mut docs = Vec::new();
    for group in postings.chunk_by(|x, y| x.0 == y.0) {
        docs.clear();
        docs.extend(group.iter().map(|p| p.1));
        docs.dedup();
        emit_group_pairs(&docs, pair_cap, &mut out);
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::minhash::MinHasher;

    #[test]
    fn defaults_give_a_steep_curve_around_the_threshold() {
        let p = LshParams::for_threshold(0.5, 128);
        assert!(p.bands * p.rows <= 128);
        assert!(collision_probability(0.3, p) < 0.1, "{p:?}");
        assert!(collision_probability(0.8, p) > 0.99, "{p:?}");
        let mid = collision_probability(0.5, p);
        assert!((0.1..0.9).contains(&mid), "{p:?} {mid}");
    }

    /// The defaults the documentation quotes.
    #[test]
    fn default_bands_and_rows() {
        let p = LshParams::for_threshold(0.5, 128);
        assert_eq!(p, LshParams { bands: 25, rows: 5 });
        assert!((collision_probability(0.5, p) - 0.548).abs() < 0.001);
    }

    #[test]
    fn higher_threshold_means_more_rows() {
        let lo = LshParams::for_threshold(0.3, 128);
        let hi = LshParams::for_threshold(0.8, 128);
        assert!(hi.rows > lo.rows, "{lo:?} {hi:?}");
    }

    #[test]
    fn curve_is_monotone() {
        let p = LshParams::for_threshold(0.5, 128);
        let mut last = 0.0;
        for i in 0..=100 {
            let v = collision_probability(i as f64 / 100.0, p);
            assert!(v >= last);
            last = v;
        }
    }

    #[test]
    fn identical_signatures_collide_in_every_band() {
        let h = MinHasher::new(128);
        let p = LshParams::for_threshold(0.5, 128);
        let a = band_keys(&h.signature(&[1, 2, 3, 4]).unwrap(), p);
        let b = band_keys(&h.signature(&[4, 3, 2, 1]).unwrap(), p);
        assert_eq!(a, b);
        // Same values in different bands give different keys.
        let sig = Signature(vec![7; 128].into_boxed_slice());
        let k = band_keys(&sig, p);
        assert_ne!(k[0], k[1]);
    }

    #[test]
    fn candidates_are_sorted_unique_pairs() {
        let mut postings = vec![
            (BandKey(1), DocId(3)),
            (BandKey(1), DocId(1)),
            (BandKey(2), DocId(1)),
            (BandKey(2), DocId(3)),
            (BandKey(9), DocId(2)),
        ];
        let pairs = candidate_pairs(&mut postings, 64);
        assert_eq!(
            pairs,
            vec![CandidatePair {
                a: DocId(1),
                b: DocId(3)
            }]
        );
    }
}
