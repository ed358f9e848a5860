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
//! Postings `(anchor, doc)` are sorted and grouped. Two kinds of anchor are not evidence:
//! * a **stock phrase** occurs in more than `common_df` ([`COMMON_DF`]) articles: it yields no
//!   candidates and is discounted in every pair;
//! * **site chrome** of an outlet: the outlet holds the anchor in at least `chrome_min_docs` of
//!   its articles ("Leave a Reply", "See also …", newsletter blurbs repeated under every article
//!   of a site). Chrome is scoped to its outlet: the group yields no pair of two articles of that
//!   outlet, and `verify` discounts the anchor only in pairs whose two outlets both carry it as
//!   chrome. An outlet that republishes one wire story four times therefore does not make that
//!   story's text boilerplate for everyone else — its copies still pair with the agency's and
//!   with other outlets' copies.
//!
//! Other pairs of a group are emitted star-and-chain beyond `pair_cap`
//! ([`crate::lsh::emit_group_pairs`]). Both rules are monotone — an anchor that is stock or
//! chrome stays so when articles are added — which the incremental index relies on.

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

/// Anchors that are not evidence: stock phrases (everywhere) and site chrome (per outlet).
/// Both lists are sorted for binary search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Boilerplate {
    stock: Vec<ShingleHash>,
    chrome: Vec<(ShingleHash, u32)>,
}

impl Boilerplate {
    pub fn new(mut stock: Vec<ShingleHash>, mut chrome: Vec<(ShingleHash, u32)>) -> Self {
        stock.sort_unstable();
        stock.dedup();
        chrome.sort_unstable();
        chrome.dedup();
        Boilerplate { stock, chrome }
    }

    /// Only stock phrases (for tests and tools that know no outlets).
    pub fn stock_only(hashes: Vec<ShingleHash>) -> Self {
        Boilerplate::new(hashes, Vec::new())
    }

    pub fn is_stock(&self, h: ShingleHash) -> bool {
        self.stock.binary_search(&h).is_ok()
    }

    pub fn is_chrome(&self, h: ShingleHash, outlet: u32) -> bool {
        self.chrome.binary_search(&(h, outlet)).is_ok()
    }

    /// The boilerplate as one pair of articles, of outlets `a` and `b`, sees it.
    pub fn for_pair(&self, a: u32, b: u32) -> PairBoilerplate<'_> {
        PairBoilerplate { bp: self, a, b }
    }

    /// Stock anchors plus (anchor, outlet) chrome entries.
    pub fn len(&self) -> usize {
        self.stock.len() + self.chrome.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stock.is_empty() && self.chrome.is_empty()
    }

    pub fn stock(&self) -> &[ShingleHash] {
        &self.stock
    }

    pub fn chrome(&self) -> &[(ShingleHash, u32)] {
        &self.chrome
    }
}

/// [`Boilerplate`] for one pair: an anchor counts when it is a stock phrase, or chrome of both
/// articles' outlets.
#[derive(Clone, Copy, Debug)]
pub struct PairBoilerplate<'a> {
    bp: &'a Boilerplate,
    a: u32,
    b: u32,
}

impl PairBoilerplate<'_> {
    pub fn contains(&self, h: ShingleHash) -> bool {
        self.bp.is_stock(h) || (self.bp.is_chrome(h, self.a) && self.bp.is_chrome(h, self.b))
    }

    pub fn is_empty(&self) -> bool {
        self.bp.is_empty()
    }
}

/// No boilerplate at all.
pub static NO_BOILERPLATE: Boilerplate = Boilerplate {
    stock: Vec::new(),
    chrome: Vec::new(),
};

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

/// How one anchor group is classified.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupClass {
    pub stock: bool,
    /// Outlets for which the anchor is site chrome, sorted.
    pub chrome_outlets: Vec<u32>,
}

/// The boilerplate rule of one anchor group whose members' outlets are `outlets` (one entry
/// per article holding the anchor). Shared by batch runs and the index.
pub fn classify_group(outlets: &[u32], params: &AnchorParams) -> GroupClass {
    if outlets.len() < 2 {
        return GroupClass::default();
    }
    if outlets.len() > params.common_df {
        return GroupClass {
            stock: true,
            chrome_outlets: Vec::new(),
        };
    }
    let mut sorted = outlets.to_vec();
    sorted.sort_unstable();
    let chrome_outlets = sorted
        .chunk_by(|a, b| a == b)
        .filter(|run| run.len() >= params.chrome_min_docs)
        .map(|run| run[0])
        .collect();
    GroupClass {
        stock: false,
        chrome_outlets,
    }
}

/// Members of a group, in DocId order, whose pairs are *strong* links.
pub const STRONG_HEAD: usize = 32;

/// One candidate pair as one anchor group links it. The link is `strong` when both articles
/// are among the group's first [`STRONG_HEAD`] members (by DocId): the anchor is a rare shingle,
/// or the pair is early in a popular story's group. A pair that only weak links join needs two
/// of them: one shared stock-ish five-word phrase held by hundreds of articles is not worth a
/// verification, while two stories that share a passage share several anchors. Both tests
/// depend only on the group's first members, so adding articles never changes an old link
/// (the index relies on it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct AnchorLink {
    pub pair: CandidatePair,
    pub strong: bool,
}

/// The links of one group (`docs` sorted, `outlet_of` their outlets by DocId) once classified:
/// none for a stock phrase; no pair inside an outlet it is chrome for.
pub fn group_pairs(
    docs: &[DocId],
    outlet_of: impl Fn(DocId) -> u32,
    class: &GroupClass,
    pair_cap: usize,
    out: &mut Vec<AnchorLink>,
) {
    if class.stock {
        return;
    }
    let mut pairs = Vec::new();
    emit_group_pairs(docs, pair_cap, &mut pairs);
    let head = docs
        .get(STRONG_HEAD.min(docs.len()).saturating_sub(1))
        .copied();
    for pair in pairs {
        let (oa, ob) = (outlet_of(pair.a), outlet_of(pair.b));
        if oa == ob && class.chrome_outlets.binary_search(&oa).is_ok() {
            continue;
        }
        let strong = docs.len() <= STRONG_HEAD || head.is_some_and(|h| pair.b <= h);
        out.push(AnchorLink { pair, strong });
    }
}

/// The candidate pairs of a set of links: pairs with a strong link or at least two links;
/// sorted, unique.
pub fn links_to_pairs(mut links: Vec<AnchorLink>) -> Vec<CandidatePair> {
    links.par_sort_unstable();
    links
        .chunk_by(|x, y| x.pair == y.pair)
        .filter(|run| run.len() >= 2 || run.iter().any(|l| l.strong))
        .map(|run| run[0].pair)
        .collect()
}

/// Groups the postings (sorted in place) into candidate pairs and boilerplate. `outlet_of[d]`
/// is the dense outlet number of doc `d`.
pub fn match_anchors(
    postings: &mut [Posting],
    outlet_of: &[u32],
    params: &AnchorParams,
) -> AnchorMatches {
    postings.par_sort_unstable();
    // Groups are folded straight into per-thread accumulators: most anchors are held by one
    // article, and a result per group would cost more memory than the postings themselves.
    #[derive(Default)]
    struct Acc {
        links: Vec<AnchorLink>,
        stock: Vec<ShingleHash>,
        chrome: Vec<(ShingleHash, u32)>,
    }
    let acc = postings
        .par_chunk_by(|x, y| x.anchor == y.anchor)
        .filter(|group| group.len() >= 2)
        .fold(Acc::default, |mut acc, group| {
            let mut docs: Vec<DocId> = group.iter().map(|p| p.doc).collect();
            docs.dedup();
            let anchor = group[0].anchor;
            let outlets: Vec<u32> = docs.iter().map(|d| outlet_of[d.index()]).collect();
            let class = classify_group(&outlets, params);
            group_pairs(
                &docs,
                |d| outlet_of[d.index()],
                &class,
                params.pair_cap,
                &mut acc.links,
            );
            if class.stock {
                acc.stock.push(anchor);
            }
            acc.chrome
                .extend(class.chrome_outlets.iter().map(|&o| (anchor, o)));
            acc
        })
        .reduce(Acc::default, |mut x, y| {
            x.links.extend(y.links);
            x.stock.extend(y.stock);
            x.chrome.extend(y.chrome);
            x
        });
    AnchorMatches {
        pairs: links_to_pairs(acc.links),
        boilerplate: Boilerplate::new(acc.stock, acc.chrome),
    }
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

    /// The definition, spelled out: the rightmost minimum of every window, consecutive repeats
    /// merged.
    fn naive_winnow(seq: &[u32], w: usize) -> Vec<u32> {
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
        fn winnow_matches_its_definition(seq in proptest::collection::vec(0u32..50, 0..200), w in 1usize..20) {
            prop_assert_eq!(winnow(&seq, w), naive_winnow(&seq, w));
        }

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
    fn chrome_of_one_outlet_pairs_only_across_outlets() {
        // Docs 0, 1, 2 are outlet 0 and share anchor 7 with doc 3 of outlet 1; docs 3 and 0
        // share anchor 9.
        let outlets = [0, 0, 0, 1];
        let mut p = vec![
            post(7, 0),
            post(7, 1),
            post(7, 2),
            post(7, 3),
            post(9, 0),
            post(9, 3),
        ];
        let m = match_anchors(&mut p, &outlets, &params());
        assert!(m.boilerplate.is_chrome(7, 0));
        assert!(!m.boilerplate.is_chrome(7, 1));
        assert!(!m.boilerplate.is_chrome(9, 0) && !m.boilerplate.is_stock(7));
        let pairs: Vec<(u32, u32)> = m.pairs.iter().map(|p| (p.a.0, p.b.0)).collect();
        assert_eq!(pairs, vec![(0, 3), (1, 3), (2, 3)]);
        // Discounted inside outlet 0, not between outlets 0 and 1.
        assert!(m.boilerplate.for_pair(0, 0).contains(7));
        assert!(!m.boilerplate.for_pair(0, 1).contains(7));
    }

    #[test]
    fn a_lone_weak_link_is_no_candidate() {
        // Anchor 5 is held by 40 articles of 40 outlets; anchor 6 by articles 35 and 38 only,
        // anchor 7 by articles 36 and 39 and by 36 and 39 again through anchor 8.
        let outlets: Vec<u32> = (0..40).collect();
        let mut p: Vec<Posting> = (0..40).map(|d| post(5, d)).collect();
        p.extend([
            post(6, 35),
            post(6, 38),
            post(7, 36),
            post(7, 39),
            post(8, 36),
            post(8, 39),
        ]);
        let m = match_anchors(&mut p, &outlets, &params());
        let pairs: Vec<(u32, u32)> = m.pairs.iter().map(|p| (p.a.0, p.b.0)).collect();
        // Pairs among the first 32 members of anchor 5 are strong.
        assert!(pairs.contains(&(0, 31)));
        // (33, 34) is only linked weakly by anchor 5: dropped.
        assert!(!pairs.contains(&(33, 34)));
        // (35, 38): a weak link from 5 and a strong one from the small group 6.
        assert!(pairs.contains(&(35, 38)));
        // (36, 39): two links (7 and 8, both strong; 5 adds a third weak one).
        assert!(pairs.contains(&(36, 39)));
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
    fn stock_phrases_are_boilerplate_everywhere() {
        let outlets: Vec<u32> = (0..200).collect();
        let mut p: Vec<Posting> = (0..150).map(|d| post(5, d)).collect();
        let m = match_anchors(&mut p, &outlets, &params());
        assert!(m.boilerplate.is_stock(5));
        assert!(m.boilerplate.for_pair(3, 4).contains(5));
        assert!(m.pairs.is_empty());
    }
}
