//! Shared edge blocks: a block printed at the foot of many unrelated stories — a
//! funder's line ("This coverage receives support from …"), a newsletter's promotion, a
//! syndication note — is no reuse between them, though they share it word for word.
//!
//! In: every verified pair, each with the print of its evidence when that lies wholly at the
//! foot of both articles ([`crate::verify::edge_print`]). Out: the pairs, less those whose only
//! evidence is a *shared block*: a print held by articles of at least `edge_stories`
//! (`Tuning::edge_stories`: 3) stories.
//! A story is a connected component of the core edges ([`PairLink::is_core`]: reprints and
//! near-duplicates), an article in none its own; so twenty reprints of one agency story ending
//! with the agency's funder line are one story, and the line is a shared block once three
//! stories carry it.
//!
//! Why stories and not articles or outlets: a wire story's last paragraph is held by every
//! reprint of it (one story), and by a roundup that quotes it (a second); a block held across
//! three or more stories at their foot, and nowhere else between them, is what sits under
//! stories rather than in them. A pair whose articles are in one story, or that is a core edge
//! itself, is never dropped: its block is part of a story. What this cannot tell apart: three
//! roundups closing with the same wire paragraph, when no copy of the wire story itself is in
//! the corpus to join them.
//!
//! The rule runs on the verified pairs of the whole corpus, before clustering, in every engine
//! (batch, index, Python, Spark), so it gives one answer whichever found the pairs.

use crate::analyse::cluster::{Components, PairLink};
use crate::analyse::pairs::PairLocal;
use crate::config::MatchParams;

/// `pairs` without those whose only evidence is a shared block (see the module docs); keeps
/// their order. Returns the pairs kept and how many were dropped.
pub fn drop_shared_blocks(
    pairs: Vec<PairLocal>,
    n_docs: usize,
    params: &MatchParams,
) -> (Vec<PairLocal>, u64) {
    let mask = shared_blocks(&pairs, n_docs, params);
    let before = pairs.len();
    let kept: Vec<PairLocal> = pairs
        .into_iter()
        .zip(&mask)
        .filter(|(_, &dropped)| !dropped)
        .map(|(p, _)| p)
        .collect();
    let dropped = (before - kept.len()) as u64;
    (kept, dropped)
}

/// For each of `pairs` (all the verified pairs of a corpus of `n_docs` articles, any order),
/// whether its only evidence is a shared block. Reads `lo`, `hi`, the containments, `jaccard`
/// and `edge` of each pair, nothing else.
pub fn shared_blocks(pairs: &[PairLocal], n_docs: usize, params: &MatchParams) -> Vec<bool> {
    let threshold = params.threshold;
    let core = |p: &PairLocal| p.link(None).is_core(threshold);
    if !pairs.iter().any(|p| p.edge.is_some() && !core(p)) {
        return vec![false; pairs.len()];
    }
    let links: Vec<PairLink> = pairs.iter().map(|p| p.link(None)).collect();
    let stories = Components::union_find(n_docs, &links, threshold);
    // (print, story) for both articles of every pair the rule may drop.
    let mut held: Vec<(u64, u32)> = pairs
        .iter()
        .filter(|p| !core(p))
        .filter_map(|p| p.edge.map(|e| (e, p)))
        .flat_map(|(e, p)| [(e, stories.of(p.lo)), (e, stories.of(p.hi))])
        .collect();
    held.sort_unstable();
    held.dedup();
    let mut shared: Vec<u64> = held
        .chunk_by(|x, y| x.0 == y.0)
        .filter(|g| g.len() >= params.tuning.edge_stories)
        .map(|g| g[0].0)
        .collect();
    shared.sort_unstable();
    pairs
        .iter()
        .map(|p| {
            p.edge.is_some_and(|e| shared.binary_search(&e).is_ok())
                && !core(p)
                && stories.of(p.lo) != stories.of(p.hi)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::pairs::TextCut;
    use crate::model::DocId;
    use crate::verify::ReuseKind;

    fn pair(lo: u32, hi: u32, containment: f64, edge: Option<u64>) -> PairLocal {
        PairLocal {
            lo: DocId(lo),
            hi: DocId(hi),
            swapped: false,
            jaccard: containment / 2.0,
            containment_a: containment,
            containment_b: containment,
            shared_words: 30,
            passage: String::new(),
            passages: Vec::new(),
            kind: ReuseKind::Passages,
            edge,
            cut: TextCut::Nothing,
        }
    }

    fn kept(pairs: Vec<PairLocal>, n: usize) -> Vec<(u32, u32)> {
        let (kept, _) = drop_shared_blocks(pairs, n, &MatchParams::default());
        kept.iter().map(|p| (p.lo.0, p.hi.0)).collect()
    }

    #[test]
    fn a_block_under_three_stories_is_dropped_between_them() {
        // Stories {0, 1} (reprints) and {2, 3}, and article 4: the funder's line under all.
        let pairs = vec![
            pair(0, 1, 0.9, None),
            pair(0, 2, 0.05, Some(7)),
            pair(1, 3, 0.05, Some(7)),
            pair(2, 3, 0.9, None),
            pair(2, 4, 0.05, Some(7)),
        ];
        assert_eq!(kept(pairs, 5), vec![(0, 1), (2, 3)]);
    }

    #[test]
    fn a_block_under_two_stories_is_reuse() {
        let pairs = vec![
            pair(0, 1, 0.9, None),
            pair(0, 2, 0.05, Some(7)),
            pair(1, 2, 0.05, Some(7)),
        ];
        assert_eq!(kept(pairs, 3), vec![(0, 1), (0, 2), (1, 2)]);
    }

    #[test]
    fn other_evidence_and_core_edges_are_kept() {
        // Three stories hold print 7; pair (3, 5) shares more than the block (no print), and
        // (4, 5) holds it as a core edge (a short brief that is mostly the block).
        let pairs = vec![
            pair(0, 1, 0.05, Some(7)),
            pair(1, 2, 0.05, Some(7)),
            pair(3, 5, 0.3, None),
            pair(4, 5, 0.8, Some(7)),
        ];
        assert_eq!(kept(pairs, 6), vec![(3, 5), (4, 5)]);
    }
}
