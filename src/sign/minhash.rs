//! Stage 4 — minhash: an article's shingle sequence → its MinHash [`Signature`].
//!
//! `num_perm` independent hash functions `h_i(x) = fmix32(x ⊕ s_i)` over the low 32 bits of
//! each shingle hash (MurmurHash3's 32-bit
//! finaliser, a bijection, keyed by a per-permutation seed `s_i` drawn from a fixed splitmix64
//! stream). The signature holds `min_x h_i(x)` for each `i`; the share of equal positions of two
//! signatures estimates the Jaccard similarity of their shingle sets (standard error
//! `sqrt(J(1-J)/num_perm)`). The inner loop runs over the permutations with 32-bit lanes so the
//! compiler vectorises it.
//!
//! Invariants: an empty shingle set has no signature ([`MinHasher::signature`] returns `None`):
//! an all-`u32::MAX` signature would make every empty article a duplicate of every other. The
//! seeds derive from [`MINHASH_SEED`] only, so signatures are stable across runs and machines
//! (pinned by a test: they are stored in the index).

use crate::sign::shingle::ShingleHash;

/// Root of the permutation seeds. Part of the index format.
pub const MINHASH_SEED: u64 = 0x6d69_6e68_6173_6831; // "minhash1"

/// A MinHash signature: `num_perm` minima, one per permutation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signature(pub Box<[u32]>);

impl Signature {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Share of equal positions: the MinHash estimate of Jaccard similarity.
    /// Signatures of different lengths estimate 0.
    pub fn estimate_jaccard(&self, other: &Signature) -> f64 {
        if self.0.len() != other.0.len() || self.0.is_empty() {
            return 0.0;
        }
        let eq = self
            .0
            .iter()
            .zip(other.0.iter())
            .filter(|(a, b)| a == b)
            .count();
        eq as f64 / self.0.len() as f64
    }
}

/// Computes signatures for a fixed number of permutations.
#[derive(Clone, Debug)]
pub struct MinHasher {
    seeds: Vec<u32>,
}

/// splitmix64's increment (the golden ratio in 64 bits).
pub(crate) const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// splitmix64: a fixed, well-mixed stream for deriving seeds.
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(GOLDEN);
    mix64(*state)
}

/// splitmix64's finaliser: every input bit reaches every output bit. The one mixer of the
/// crate's 64-bit values (seeds, spill shards, skeleton trigrams).
#[inline]
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The inverse of [`mix64`]: `unmix64(mix64(z)) == z` (each step of the finaliser, an
/// xor-shift or a multiplication by an odd constant, is undone in reverse order).
#[inline]
pub(crate) fn unmix64(mut z: u64) -> u64 {
    z = z ^ (z >> 31) ^ (z >> 62);
    z = z.wrapping_mul(0x3196_42b2_d24d_8ec3);
    z = z ^ (z >> 27) ^ (z >> 54);
    z = z.wrapping_mul(0x96de_1b17_3f11_9089);
    z ^ (z >> 30) ^ (z >> 60)
}

#[inline(always)]
fn fmix32(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^= h >> 16;
    h
}

impl MinHasher {
    /// `num_perm` must be at least 1 (the config validates it).
    pub fn new(num_perm: usize) -> Self {
        let mut state = MINHASH_SEED;
        let seeds = (0..num_perm.max(1))
            .map(|_| splitmix64(&mut state) as u32)
            .collect();
        MinHasher { seeds }
    }

    pub fn num_perm(&self) -> usize {
        self.seeds.len()
    }

    /// The signature of a shingle sequence (duplicates are harmless), or `None` when empty.
    pub fn signature(&self, shingles: &[ShingleHash]) -> Option<Signature> {
        if shingles.is_empty() {
            return None;
        }
        let mut mins = vec![u32::MAX; self.seeds.len()];
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU supports AVX2, checked just above.
                unsafe { fill_avx2(&mut mins, &self.seeds, shingles) };
                return Some(Signature(mins.into_boxed_slice()));
            }
        }
        fill(&mut mins, &self.seeds, shingles);
        Some(Signature(mins.into_boxed_slice()))
    }
}

/// The MinHash loop: for every shingle, every permutation. Written so the inner loop runs over
/// 32-bit lanes; compiled twice, for the baseline CPU and for AVX2 (eight lanes and a native
/// 32-bit multiply), with identical results.
#[inline(always)]
fn fill(mins: &mut [u32], seeds: &[u32], shingles: &[ShingleHash]) {
    for &x in shingles {
        // The low 32 bits: the permutations are over u32 (see the module header).
        let x = x as u32;
        for (m, &s) in mins.iter_mut().zip(seeds.iter()) {
            *m = (*m).min(fmix32(x ^ s));
        }
    }
}

/// [`fill`] compiled for AVX2.
///
/// # Safety
/// The CPU must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn fill_avx2(mins: &mut [u32], seeds: &[u32], shingles: &[ShingleHash]) {
    fill(mins, seeds, shingles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_vectorised_loop_equals_the_portable_one() {
        let h = MinHasher::new(128);
        let shingles: Vec<u64> = (0..1000u32)
            .map(|i| u64::from(fmix32(i.wrapping_mul(7919))))
            .collect();
        let mut portable = vec![u32::MAX; 128];
        fill(&mut portable, &h.seeds, &shingles);
        assert_eq!(
            h.signature(&shingles).unwrap().0.as_ref(),
            portable.as_slice()
        );
    }

    #[test]
    fn empty_has_no_signature() {
        assert!(MinHasher::new(16).signature(&[]).is_none());
    }

    #[test]
    fn identical_sets_estimate_one_and_order_is_irrelevant() {
        let h = MinHasher::new(64);
        let a = h.signature(&[1, 2, 3, 4, 5]).unwrap();
        let b = h.signature(&[5, 4, 3, 2, 1, 1]).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.estimate_jaccard(&b), 1.0);
    }

    /// The hash family is part of the index format: these values must never change.
    #[test]
    fn pinned_signature_values() {
        let sig = MinHasher::new(128)
            .signature(&[1, 2, 3, 1000, 65_537])
            .unwrap();
        assert_eq!(&sig.0[..4], &PINNED);
    }
    const PINNED: [u32; 4] = [636_855_496, 738_019_477, 608_860_307, 33_172_929];

    proptest! {
        /// The estimate stays within 4.5 standard errors (sqrt(J(1-J)/k)) of the exact Jaccard,
        /// plus 0.02 for the estimate's granularity; at k = 256 that is about ±0.16 at J = 0.5.
        #[test]
        fn estimate_tracks_exact_jaccard(shared in 0usize..400, only_a in 0usize..400, only_b in 0usize..400, base in any::<u32>()) {
            prop_assume!(shared + only_a > 0 && shared + only_b > 0);
            let k = 256;
            let h = MinHasher::new(k);
            let mk = |off: u32, n: usize| (0..n as u32).map(move |i| u64::from(fmix32(base.wrapping_add(off).wrapping_add(i))));
            let a: Vec<u64> = mk(0, shared).chain(mk(1_000_000, only_a)).collect();
            let b: Vec<u64> = mk(0, shared).chain(mk(2_000_000, only_b)).collect();
            let exact = shared as f64 / (shared + only_a + only_b) as f64;
            let est = h.signature(&a).unwrap().estimate_jaccard(&h.signature(&b).unwrap());
            let tol = 4.5 * (exact * (1.0 - exact) / k as f64).sqrt() + 0.02;
            prop_assert!((est - exact).abs() <= tol, "exact {exact} est {est} tol {tol}");
        }
    }
}
