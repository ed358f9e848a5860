//! Stage 3 — shingle: tokens → the article's shingle sequence.
//!
//! A shingle is `n` consecutive tokens (words, or characters for scripts written without
//! spaces). Its hash is xxh3-64 (fixed seed [`SHINGLE_SEED`]) over the little-endian bytes of the
//! `n` token hashes ([`ShingleHash`], all 64 bits: see its doc for why). Hashing fixed-width token hashes,
//! rather than the token strings, is the "separator": `["ab","c"]` and `["a","bc"]` hash
//! differently because their token hashes differ.
//!
//! Invariants: the sequence is in token order (position `i` covers tokens `i..i+n`), so the
//! `verify` stage can align it; it is empty when the article has fewer than
//! [`min_tokens`]`(n)` tokens — such an article is "too short" and gets no signature. The hash
//! family is part of the index format (pinned by a test).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::sign::normalize::Token;

/// Seed of the shingle hash. Changing it changes every stored signature: don't.
pub const SHINGLE_SEED: u64 = 0x7769_7265_7472_6163; // "wiretrac"

/// The 64-bit hash of one shingle.
///
/// Why 64 bits: anchors are chosen by winnowing, which keeps window *minima*, so anchor keys
/// crowd into the low end of the hash range; with 32 bits, chance collisions between unrelated
/// anchors grow with the square of the corpus (at 200k articles they made 40 % of the anchor
/// path's candidates). MinHash reads only the low 32 bits ([`crate::sign::minhash`]), which are the
/// 32-bit hashes earlier versions stored, so signatures and band keys are unchanged.
pub type ShingleHash = u64;

/// A hasher for keys that are already uniform 64-bit hashes (token, shingle and anchor
/// hashes): the key is its own hash, so a lookup costs no hashing.
#[derive(Default)]
pub struct PrehashedHasher(u64);

impl Hasher for PrehashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by such hashes ([`PrehashedHasher`]).
pub type PrehashedMap<V> = HashMap<u64, V, BuildHasherDefault<PrehashedHasher>>;

/// Articles with fewer tokens than this get no shingles: `2 × n`, so that even the shortest
/// compared article holds two disjoint shingles and one shared phrase cannot make it a
/// duplicate of another.
pub fn min_tokens(n: usize) -> usize {
    2 * n.max(1)
}

/// Writes the shingle sequence of `tokens` into `out` (cleared first).
pub fn shingles_into(tokens: &[Token], n: usize, out: &mut Vec<ShingleHash>) {
    out.clear();
    let n = n.max(1);
    if tokens.len() < min_tokens(n) {
        return;
    }
    let mut buf = [0u8; 8 * 64];
    let width = n.min(64);
    out.reserve(tokens.len() + 1 - width);
    for window in tokens.windows(width) {
        for (k, t) in window.iter().enumerate() {
            buf[8 * k..8 * k + 8].copy_from_slice(&t.hash.to_le_bytes());
        }
        out.push(xxh3_64_with_seed(&buf[..8 * width], SHINGLE_SEED));
    }
}

/// The shingle sequence of `tokens`; see [`shingles_into`].
pub fn shingles(tokens: &[Token], n: usize) -> Vec<ShingleHash> {
    let mut out = Vec::new();
    shingles_into(tokens, n, &mut out);
    out
}

/// The shingle sequence of a text as read: tokenized, then shingled. What the index calls to
/// sign a stored article again instead of storing its sequence (it is eight bytes a word, the
/// text compressed is less than three).
pub fn of_text(text: &str, n: usize) -> Vec<ShingleHash> {
    shingles(&crate::sign::normalize::tokenize(text), n)
}

/// Number of distinct shingles in a sequence: the size of [`shingle_set`], counted in an
/// open-addressing table (every article is counted when it is signed; sorting a copy cost
/// twice as much). Shingle hashes are uniform, so their low bits are the slot.
pub fn distinct_count(seq: &[ShingleHash]) -> usize {
    let size = (2 * seq.len()).next_power_of_two().max(16);
    let mask = size - 1;
    // 0 marks a free slot; a shingle hashing to 0 is counted on the side.
    let mut table = vec![0u64; size];
    let mut zero = false;
    let mut n = 0usize;
    for &h in seq {
        if h == 0 {
            zero = true;
            continue;
        }
        let mut i = h as usize & mask;
        loop {
            let v = table[i];
            if v == h {
                break;
            }
            if v == 0 {
                table[i] = h;
                n += 1;
                break;
            }
            i = (i + 1) & mask;
        }
    }
    n + usize::from(zero)
}

/// Sorted, de-duplicated copy of a shingle sequence: the article's shingle *set*.
pub fn shingle_set(seq: &[ShingleHash]) -> Vec<ShingleHash> {
    let mut set = seq.to_vec();
    set.sort_unstable();
    set.dedup();
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn distinct_count_is_the_size_of_the_set(
            seq in proptest::collection::vec(proptest::prop_oneof![0u64..40, proptest::prelude::any::<u64>()], 0..300),
        ) {
            proptest::prop_assert_eq!(distinct_count(&seq), shingle_set(&seq).len());
        }
    }

    fn toks(hashes: &[u64]) -> Vec<Token> {
        hashes
            .iter()
            .enumerate()
            .map(|(i, &hash)| Token {
                start: i as u32,
                end: i as u32 + 1,
                hash,
            })
            .collect()
    }

    #[test]
    fn one_shingle_per_window_in_order() {
        let t = toks(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        let s = shingles(&t, 5);
        assert_eq!(s.len(), 7);
        // The same window at another place gives the same hash.
        let t2 = toks(&[99, 1, 2, 3, 4, 5, 0, 0, 0, 0]);
        assert_eq!(shingles(&t2, 5)[1], s[0]);
    }

    #[test]
    fn too_short_articles_have_no_shingles() {
        assert!(shingles(&toks(&[1, 2, 3, 4, 5, 6, 7, 8, 9]), 5).is_empty());
        assert_eq!(shingles(&toks(&[1; 10]), 5).len(), 6);
    }

    #[test]
    fn order_matters() {
        let a = shingles(&toks(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 5);
        let b = shingles(&toks(&[2, 1, 3, 4, 5, 6, 7, 8, 9, 10]), 5);
        // Tokens 0 and 1 swapped: the two shingles covering both change, the rest do not.
        assert_ne!(a[0], b[0]);
        assert_ne!(a[1], b[1]);
        assert_eq!(a[2..], b[2..]);
    }

    /// The hash family is part of the index format: these values must never change.
    #[test]
    fn pinned_shingle_hashes() {
        let s = shingles(&toks(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 5);
        assert_eq!(&s[..3], &PINNED);
        // The low halves are the 32-bit hashes of earlier versions, which MinHash still reads.
        let low: Vec<u32> = s[..3].iter().map(|&h| h as u32).collect();
        assert_eq!(low, [3_677_933_524, 1_110_139_279, 2_071_157_732]);
    }
    const PINNED: [ShingleHash; 3] = [
        11_733_533_447_245_320_148,
        12_081_052_593_060_274_575,
        6_215_707_609_491_790_820,
    ];

    #[test]
    fn set_is_sorted_and_unique() {
        assert_eq!(shingle_set(&[5, 1, 5, 3, 1]), vec![1, 3, 5]);
    }
}
