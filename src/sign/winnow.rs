//! Winnowing (Schleimer, Wilkerson & Aiken 2003): an article's shingle sequence → its anchors.
//!
//! In every window of `window` consecutive shingles the smallest hash is an anchor (the
//! rightmost on ties). Two articles sharing a verbatim run of at least `window` shingles —
//! `window + n − 1` words — therefore share at least one anchor, at the same place of the run:
//! the passage path's recall guarantee. The window is derived from `--min-passage`
//! ([`window_for`]); on average an article keeps `2 / (window + 1)` of its shingles as anchors.

use crate::sign::shingle::ShingleHash;

/// The winnowing window that guarantees an anchor in every verbatim passage of
/// `min_passage` words with shingles of `n` words: `min_passage − n + 1` shingles (at least 4).
pub fn window_for(min_passage: usize, n: usize) -> usize {
    (min_passage + 1).saturating_sub(n).max(4)
}

/// Positions of the anchors of `seq`, increasing. A sequence shorter than the window has one
/// anchor (its minimum); an empty one has none.
pub fn winnow(seq: &[ShingleHash], window: usize) -> Vec<u32> {
    let w = window.max(1);
    let mut out = Vec::with_capacity(seq.len() * 2 / (w + 1) + 2);
    if seq.is_empty() {
        return out;
    }
    // The rightmost minimum of the current window; recomputed only when it leaves the window,
    // which happens about once per window on random hashes: O(n) on average.
    let rightmost_min = |start: usize, end: usize| {
        let mut m = start;
        for k in start + 1..=end {
            if seq[k] <= seq[m] {
                m = k;
            }
        }
        m
    };
    if seq.len() < w {
        out.push(rightmost_min(0, seq.len() - 1) as u32);
        return out;
    }
    let mut m = rightmost_min(0, w - 1);
    out.push(m as u32);
    for end in w..seq.len() {
        let start = end + 1 - w;
        if m < start {
            m = rightmost_min(start, end);
        } else if seq[end] <= seq[m] {
            m = end;
        }
        if out.last() != Some(&(m as u32)) {
            out.push(m as u32);
        }
    }
    out
}

/// The distinct anchors of one article with the first position of each, sorted by hash: what
/// goes into the postings. The position lets the candidate stage look at the shingles around a
/// lone shared anchor ([`confirms`]) without reading the whole article.
pub fn anchor_positions(seq: &[ShingleHash], window: usize) -> Vec<(ShingleHash, u32)> {
    let mut h: Vec<(ShingleHash, u32)> = winnow(seq, window)
        .into_iter()
        .map(|p| (seq[p as usize], p))
        .collect();
    h.sort_unstable();
    h.dedup_by_key(|x| x.0);
    h
}

/// The distinct anchor hashes of one article, sorted.
pub fn anchor_hashes(seq: &[ShingleHash], window: usize) -> Vec<ShingleHash> {
    anchor_positions(seq, window)
        .into_iter()
        .map(|x| x.0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn winnow_picks_rightmost_minimum_per_window() {
        // Schleimer et al.'s example shape: minima of windows of 4.
        let seq = [
            77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98,
        ];
        let pos = winnow(&seq, 4);
        let vals: Vec<u64> = pos.iter().map(|&p| seq[p as usize]).collect();
        assert_eq!(vals, vec![17, 17, 8, 39, 17]);
        assert_eq!(winnow(&[5, 3, 9], 4), vec![1]);
        assert!(winnow(&[], 4).is_empty());
    }

    /// The definition, spelled out: the rightmost minimum of every window, consecutive repeats
    /// merged.
    fn naive_winnow(seq: &[u64], w: usize) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        let windows: Vec<(usize, usize)> = if seq.len() < w {
            vec![(0, seq.len())]
        } else {
            (0..=seq.len() - w).map(|s| (s, s + w)).collect()
        };
        for (s, e) in windows {
            if s == e {
                continue;
            }
            let min = *seq[s..e].iter().min().unwrap();
            let pos = (s..e).rev().find(|&k| seq[k] == min).unwrap() as u32;
            if out.last() != Some(&pos) {
                out.push(pos);
            }
        }
        out
    }

    proptest! {
        #[test]
        fn winnow_matches_its_definition(seq in proptest::collection::vec(0u64..50, 0..200), w in 1usize..20) {
            prop_assert_eq!(winnow(&seq, w), naive_winnow(&seq, w));
        }

        /// Every window of `w` shingles holds an anchor, so any shared run of `w` shingles
        /// shares one.
        #[test]
        fn every_window_holds_an_anchor(seq in proptest::collection::vec(any::<u64>(), 0..300), w in 1usize..20) {
            let pos = winnow(&seq, w);
            prop_assert!(pos.windows(2).all(|p| p[0] < p[1]));
            for start in 0..seq.len().saturating_sub(w - 1) {
                prop_assert!(pos.iter().any(|&p| (p as usize) >= start && (p as usize) < start + w));
            }
        }

        #[test]
        fn shared_runs_share_anchors(a in proptest::collection::vec(any::<u64>(), 0..100),
                                     run in proptest::collection::vec(any::<u64>(), 16..60),
                                     b in proptest::collection::vec(any::<u64>(), 0..100)) {
            let w = 16;
            let x: Vec<u64> = a.iter().chain(run.iter()).copied().collect();
            let y: Vec<u64> = run.iter().chain(b.iter()).copied().collect();
            let ax = anchor_hashes(&x, w);
            let ay = anchor_hashes(&y, w);
            prop_assert!(ax.iter().any(|h| ay.binary_search(h).is_ok()));
        }

    }

    #[test]
    fn window_matches_min_passage() {
        assert_eq!(window_for(20, 5), 16);
        assert_eq!(window_for(3, 5), 4);
    }
}
