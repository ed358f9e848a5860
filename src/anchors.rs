//! Stage 5b — anchors: the passage path. Shingle sequences → anchor postings → candidate pairs
//! that share a passage, whatever their whole-document similarity; and the set of boilerplate
//! anchors (site chrome, corpus-wide stock phrases) that are not evidence of reuse.
//!
//! Anchors are chosen by *winnowing* (Schleimer, Wilkerson & Aiken 2003): in every window of
//! `window` consecutive shingles the smallest hash is an anchor (the rightmost on ties). Two
//! articles sharing a verbatim run of at least `window` shingles — `window + n − 1` words —
//! therefore share at least one anchor: that is this path's recall guarantee. The window is
//! derived from `--min-passage` so a passage long enough to count is always found
//! ([`window_for`]); on average an article keeps `2 / (window + 1)` of its shingles as anchors.
//!
//! Postings `(anchor, doc)` are sorted and grouped. A group is **boilerplate** when
//! * one outlet holds it in at least `chrome_min_docs` of its articles (site chrome: "Leave a
//!   Reply", "See also …", newsletter blurbs repeated under every article of a site), or
//! * it occurs in more than `common_df` ([`COMMON_DF`]) articles (stock phrases);
//!
//! boilerplate groups yield no candidates and `verify` discounts the passages they anchor.
//! Other groups yield their pairs, linked star-and-chain beyond `pair_cap`
//! ([`crate::lsh::emit_group_pairs`]). Both rules are monotone — a group that is boilerplate
//! stays so when articles are added — which the incremental index relies on.

use rayon::prelude::*;

use crate::article::DocId;
use crate::lsh::{emit_group_pairs, CandidatePair};
use crate::shingle::ShingleHash;

/// Tuning of the passage path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnchorParams {
    /// Winnowing window, in shingles.
    pub window: usize,
    /// Articles of one outlet holding an anchor that make it site chrome.
    pub chrome_min_docs: usize,
    /// Articles holding an anchor above which it is a stock phrase.
    pub common_df: usize,
    /// Largest group whose pairs are all emitted.
    pub pair_cap: usize,
}

/// The winnowing window that guarantees an anchor in every verbatim passage of
/// `min_passage` words with shingles of `n` words: `min_passage − n + 1` shingles (at least 4).
pub fn window_for(min_passage: usize, n: usize) -> usize {
    (min_passage + 1).saturating_sub(n).max(4)
}

/// Articles holding an anchor above which it is a stock phrase. A constant rather than a share
/// of the corpus so that boilerplate only ever grows as articles are added: an incremental run
/// then never has to revisit an anchor that stopped being boilerplate.
pub const COMMON_DF: usize = 1000;

/// Positions of the anchors of `seq`, increasing. A sequence shorter than the window has one
/// anchor (its minimum); an empty one has none.
pub fn winnow(seq: &[ShingleHash], window: usize) -> Vec<u32> {
    let w = window.max(1);
    let mut out = Vec::with_capacity(seq.len() * 2 / (w + 1) + 2);
    let mut dq: std::collections::VecDeque<usize> =
        std::collections::VecDeque::with_capacity(w + 1);
    let mut last: Option<usize> = None;
    for (i, &h) in seq.iter().enumerate() {
        while dq.back().is_some_and(|&b| seq[b] >= h) {
            dq.pop_back();
        }
        dq.push_back(i);
        if i + 1 >= w {
            while dq.front().is_some_and(|&f| f + w <= i) {
                dq.pop_front();
            }
            if let Some(&m) = dq.front() {
                if last != Some(m) {
                    out.push(m as u32);
                    last = Some(m);
                }
            }
        }
    }
    if seq.len() < w {
        if let Some(&m) = dq.front() {
            out.push(m as u32);
        }
    }
    out
}

/// The distinct anchor hashes of one article, sorted: what goes into the postings.
pub fn anchor_hashes(seq: &[ShingleHash], window: usize) -> Vec<ShingleHash> {
    let mut h: Vec<ShingleHash> = winnow(seq, window)
        .into_iter()
        .map(|p| seq[p as usize])
        .collect();
    h.sort_unstable();
    h.dedup();
    h
}

/// Anchors that are not evidence (site chrome, stock phrases). Sorted for binary search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Boilerplate(Vec<ShingleHash>);

impl Boilerplate {
    pub fn from_hashes(mut hashes: Vec<ShingleHash>) -> Self {
        hashes.sort_unstable();
        hashes.dedup();
        Boilerplate(hashes)
    }

    pub fn contains(&self, h: ShingleHash) -> bool {
        self.0.binary_search(&h).is_ok()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn hashes(&self) -> &[ShingleHash] {
        &self.0
    }
}

/// What the passage path hands on.
#[derive(Debug, Default)]
pub struct AnchorMatches {
    /// Sorted, unique candidate pairs.
    pub pairs: Vec<CandidatePair>,
    pub boilerplate: Boilerplate,
}

/// One anchor occurrence: `doc` holds an anchor with hash `anchor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Posting {
    pub anchor: ShingleHash,
    pub doc: DocId,
}

/// Groups the postings (sorted in place) into candidate pairs and boilerplate. `outlet_of[d]`
/// is the dense outlet number of doc `d`.
pub fn match_anchors(
    postings: &mut [Posting],
    outlet_of: &[u32],
    params: &AnchorParams,
) -> AnchorMatches {
    postings.par_sort_unstable();
    let groups: Vec<&[Posting]> = postings.chunk_by(|x, y| x.anchor == y.anchor).collect();
    let per_group: Vec<(Vec<CandidatePair>, Option<ShingleHash>)> = groups
        .par_iter()
        .map(|group| {
            let mut docs: Vec<DocId> = group.iter().map(|p| p.doc).collect();
            docs.dedup();
            let anchor = group[0].anchor;
            if docs.len() < 2 {
                return (Vec::new(), None);
            }
            if is_boilerplate_group(docs.len(), max_outlet_docs(&docs, outlet_of), params) {
                return (Vec::new(), Some(anchor));
            }
            let mut out = Vec::new();
            emit_group_pairs(&docs, params.pair_cap, &mut out);
            (out, None)
        })
        .collect();
    let mut pairs = Vec::new();
    let mut bp = Vec::new();
    for (p, b) in per_group {
        pairs.extend(p);
        bp.extend(b);
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    AnchorMatches {
        pairs,
        boilerplate: Boilerplate::from_hashes(bp),
    }
}

/// The boilerplate rule of one anchor group: `df` articles hold the anchor, at most
/// `max_outlet_docs` of them from one outlet. Shared by batch runs and the index.
pub fn is_boilerplate_group(df: usize, max_outlet_docs: usize, params: &AnchorParams) -> bool {
    df >= 2 && (df > params.common_df || max_outlet_docs >= params.chrome_min_docs)
}

/// The largest number of `docs` published by one outlet.
fn max_outlet_docs(docs: &[DocId], outlet_of: &[u32]) -> usize {
    let mut outlets: Vec<u32> = docs
        .iter()
        .filter_map(|d| outlet_of.get(d.index()).copied())
        .collect();
    outlets.sort_unstable();
    outlets
        .chunk_by(|a, b| a == b)
        .map(<[u32]>::len)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn params() -> AnchorParams {
        AnchorParams {
            window: 4,
            chrome_min_docs: 3,
            common_df: 100,
            pair_cap: 64,
        }
    }

    #[test]
    fn winnow_picks_rightmost_minimum_per_window() {
        // Schleimer et al.'s example shape: minima of windows of 4.
        let seq = [
            77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98,
        ];
        let pos = winnow(&seq, 4);
        let vals: Vec<u32> = pos.iter().map(|&p| seq[p as usize]).collect();
        assert_eq!(vals, vec![17, 17, 8, 39, 17]);
        assert_eq!(winnow(&[5, 3, 9], 4), vec![1]);
        assert!(winnow(&[], 4).is_empty());
    }

    proptest! {
        /// Every window of `w` shingles holds an anchor, so any shared run of `w` shingles
        /// shares one.
        #[test]
        fn every_window_holds_an_anchor(seq in proptest::collection::vec(any::<u32>(), 0..300), w in 1usize..20) {
            let pos = winnow(&seq, w);
            prop_assert!(pos.windows(2).all(|p| p[0] < p[1]));
            for start in 0..seq.len().saturating_sub(w - 1) {
                prop_assert!(pos.iter().any(|&p| (p as usize) >= start && (p as usize) < start + w));
            }
        }

        #[test]
        fn shared_runs_share_anchors(a in proptest::collection::vec(any::<u32>(), 0..100),
                                     run in proptest::collection::vec(any::<u32>(), 17..60),
                                     b in proptest::collection::vec(any::<u32>(), 0..100)) {
            let w = 16;
            let x: Vec<u32> = a.iter().chain(run.iter()).copied().collect();
            let y: Vec<u32> = run.iter().chain(b.iter()).copied().collect();
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

    fn post(anchor: u32, doc: u32) -> Posting {
        Posting {
            anchor,
            doc: DocId(doc),
        }
    }

    #[test]
    fn chrome_of_one_outlet_is_boilerplate_not_candidates() {
        // docs 0,1,2 are outlet 0 and share anchor 7; docs 3 (outlet 1) and 0 share anchor 9.
        let outlets = [0, 0, 0, 1];
        let mut p = vec![post(7, 0), post(7, 1), post(7, 2), post(9, 0), post(9, 3)];
        let m = match_anchors(&mut p, &outlets, &params());
        assert!(m.boilerplate.contains(7));
        assert!(!m.boilerplate.contains(9));
        assert_eq!(
            m.pairs,
            vec![CandidatePair {
                a: DocId(0),
                b: DocId(3)
            }]
        );
    }

    #[test]
    fn anchors_across_outlets_are_not_chrome() {
        let outlets = [0, 1, 2, 3];
        let mut p = vec![post(7, 0), post(7, 1), post(7, 2), post(7, 3)];
        let m = match_anchors(&mut p, &outlets, &params());
        assert!(m.boilerplate.is_empty());
        assert_eq!(m.pairs.len(), 6);
    }

    #[test]
    fn stock_phrases_are_boilerplate() {
        let outlets: Vec<u32> = (0..200).collect();
        let mut p: Vec<Posting> = (0..150).map(|d| post(5, d)).collect();
        let m = match_anchors(&mut p, &outlets, &params());
        assert!(m.boilerplate.contains(5));
        assert!(m.pairs.is_empty());
    }
}
