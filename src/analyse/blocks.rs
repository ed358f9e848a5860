//! Shared foot blocks: a block printed at the foot of many unrelated stories — a funder's line
//! ("This coverage receives support from …"), a newsletter's promotion, a syndication note — is
//! no reuse between them, though they share it word for word.
//!
//! In: every verified pair, with the prints of its evidence when that evidence is, but for less
//! than `--min-passage` words, at the foot of both articles ([`crate::verify::foot_prints`]: a
//! sample of the shingles both articles hold there). Out: the pairs, less those at least two
//! thirds of whose prints are a *shared block's*: prints held, at the foot, by articles of at
//! least `edge_stories` (`Tuning::edge_stories`: 4) stories. A story is a connected component of
//! the core edges ([`PairLink::is_core`]: reprints and near-duplicates), an article in none its
//! own; so twenty reprints of one agency story ending with the agency's funder line are one
//! story, and the line is a shared block once four stories carry it.
//!
//! Why prints, and two thirds: a pair whose foot evidence is a lifted paragraph *and* the
//! funder's line under it has prints of its own (the paragraph's) besides the block's, and is
//! kept; two outlets' footers that differ by the outlet's name still share the block's prints.
//! Why stories and not articles: a wire story's last paragraph is held by every reprint of it
//! (one story) and by each paper that closes its own article with it (one story each): three
//! papers doing so, with the wire story, make four stories, and their pairs with the wire story
//! are lost. A funder's line is under tens of stories. A pair whose articles are in one story,
//! or that is a core edge itself, is never left out: its block is part of a story.
//!
//! The rule runs on the verified pairs of the whole corpus, before clustering, in every engine
//! (batch, index, Python, Spark), so it gives one answer whichever found the pairs.

use crate::analyse::cluster::{Components, PairLink};
use crate::analyse::pairs::PairLocal;
use crate::config::MatchParams;

/// `pairs` without those whose evidence is a shared block (see the module docs); keeps their
/// order. Returns the pairs kept and how many were left out.
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
/// whether its evidence is a shared block. Reads `lo`, `hi`, the containments, `jaccard` and
/// `foot` of each pair, nothing else.
pub fn shared_blocks(pairs: &[PairLocal], n_docs: usize, params: &MatchParams) -> Vec<bool> {
    let threshold = params.threshold;
    let core = |p: &PairLocal| p.link(None).is_core(threshold);
    if !pairs.iter().any(|p| !p.foot.is_empty() && !core(p)) {
        return vec![false; pairs.len()];
    }
    let links: Vec<PairLink> = pairs.iter().map(|p| p.link(None)).collect();
    let stories = Components::union_find(n_docs, &links, threshold);
    let candidate =
        |p: &PairLocal| !p.foot.is_empty() && !core(p) && stories.of(p.lo) != stories.of(p.hi);
    // (print, story) for both articles of every pair the rule may leave out.
    let mut held: Vec<(u64, u32)> = pairs
        .iter()
        .filter(|p| candidate(p))
        .flat_map(|p| {
            let (s, t) = (stories.of(p.lo), stories.of(p.hi));
            p.foot.iter().flat_map(move |&h| [(h, s), (h, t)])
        })
        .collect();
    held.sort_unstable();
    held.dedup();
    let shared: Vec<u64> = held
        .chunk_by(|x, y| x.0 == y.0)
        .filter(|g| g.len() >= params.tuning.edge_stories)
        .map(|g| g[0].0)
        .collect();
    pairs
        .iter()
        .map(|p| {
            let of_blocks = p
                .foot
                .iter()
                .filter(|h| shared.binary_search(h).is_ok())
                .count();
            candidate(p) && 3 * of_blocks >= 2 * p.foot.len()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::pairs::TextCut;
    use crate::model::DocId;
    use crate::verify::ReuseKind;

    fn pair(lo: u32, hi: u32, containment: f64, foot: &[u64]) -> PairLocal {
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
            foot: foot.to_vec(),
            cut: TextCut::Nothing,
        }
    }

    fn kept(pairs: Vec<PairLocal>, n: usize) -> Vec<(u32, u32)> {
        let (kept, _) = drop_shared_blocks(pairs, n, &MatchParams::default());
        kept.iter().map(|p| (p.lo.0, p.hi.0)).collect()
    }

    #[test]
    fn a_block_under_four_stories_is_left_out_between_them() {
        // Stories {0, 1} (reprints), {2, 3}, and articles 4 and 5: the funder's line under all.
        let pairs = vec![
            pair(0, 1, 0.9, &[]),
            pair(0, 2, 0.05, &[7]),
            pair(1, 3, 0.05, &[7]),
            pair(2, 3, 0.9, &[]),
            pair(2, 4, 0.05, &[7]),
            pair(4, 5, 0.05, &[7]),
        ];
        assert_eq!(kept(pairs, 6), vec![(0, 1), (2, 3)]);
    }

    #[test]
    fn a_wire_paragraph_closing_two_papers_is_reuse() {
        // The wire story {0, 1} and papers 2 and 3 that end with its last paragraph.
        let pairs = vec![
            pair(0, 1, 0.9, &[]),
            pair(0, 2, 0.05, &[7]),
            pair(1, 2, 0.05, &[7]),
            pair(0, 3, 0.05, &[7]),
            pair(2, 3, 0.05, &[7]),
        ];
        assert_eq!(kept(pairs, 4), vec![(0, 1), (0, 2), (1, 2), (0, 3), (2, 3)]);
    }

    #[test]
    fn other_evidence_and_core_edges_are_kept() {
        // Four stories hold print 7; pair (3, 5) shares more than the block (no prints), and
        // (4, 5) holds it as a core edge (a short brief that is mostly the block).
        let pairs = vec![
            pair(0, 1, 0.05, &[7]),
            pair(1, 2, 0.05, &[7]),
            pair(2, 3, 0.05, &[7]),
            pair(3, 5, 0.3, &[]),
            pair(4, 5, 0.8, &[7]),
        ];
        assert_eq!(kept(pairs, 6), vec![(3, 5), (4, 5)]);
    }

    #[test]
    fn a_pair_is_left_out_when_two_thirds_of_its_prints_are_a_blocks() {
        // Prints 7 and 11 are a block under six stories. (0, 4) lifted a paragraph above it
        // (three prints of its own): kept. (1, 5) shares a footer line besides: 2 of 3, out.
        let pairs = vec![
            pair(0, 1, 0.05, &[7, 11]),
            pair(2, 3, 0.05, &[7, 11]),
            pair(0, 4, 0.05, &[7, 11, 21, 22, 23]),
            pair(1, 5, 0.05, &[7, 11, 31]),
        ];
        assert_eq!(kept(pairs, 6), vec![(0, 4)]);
    }
}
