//! Shared foot blocks: a block printed at the foot of many unrelated stories — a funder's line
//! ("This coverage receives support from …"), a newsletter's promotion, a syndication note — is
//! no reuse between them, though they share it word for word.
//!
//! In: every verified pair, with the prints of its evidence when that evidence is, but for less
//! than `--min-passage` words, at the foot of both articles ([`crate::verify::foot_prints`]: a
//! sample of the shingles both articles hold there). Out: the pairs, less those at least two
//! thirds of whose prints are a *shared block's*: prints held, at the foot, by articles of at
//! least `edge_stories` (`Tuning::edge_stories`: 4) stories, or of one story fewer when one
//! outlet's articles hold it in two of them. A story is a connected component of the core edges
//! ([`PairLink::is_core`]: reprints and near-duplicates), an article in none its own; so twenty
//! reprints of one agency story ending with the agency's funder line are one story, and the
//! line is a shared block once four stories carry it, or three of which the agency's own
//! articles carry it in two.
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
//! Why one story fewer when one outlet holds the block in two: a block an outlet prints at the
//! foot of two of its own stories looks like its footer — verification already calls it chrome
//! between those two articles ([`crate::verify`], a block at the same edge of two articles of
//! one outlet) — and a small dump holds an agency's funder line under three of its stories,
//! never four. Not two stories alone: an agency's write-thru versions of one story (a new top,
//! the same last paragraphs) are two stories when the new top is long, and a site that prints
//! a brief alone and again at the end of its live blog holds it at the foot of two; their
//! reprints pair with each other by that ending, and must (a pair audit lost 14 such pairs
//! to the two-story rule). What this costs: a paper that reprinted a wire story and also
//! closed one of its own stories with that story's last paragraph, with one more paper doing
//! so, makes three stories, and their pairs with the wire story are left out.
//!
//! The rule runs on the verified pairs of the whole corpus, before clustering, in every engine
//! (batch, index, Python, Spark), so it gives one answer whichever found the pairs.

use crate::analyse::cluster::{Components, PairLink};
use crate::analyse::pairs::PairLocal;
use crate::config::MatchParams;

/// `pairs` without those whose evidence is a shared block (see the module docs); keeps their
/// order. `outlets` holds each article's site number ([`crate::model::Catalog::site_numbers`]:
/// its outlet's, or its own when it names none), by [`DocId`] (the corpus's size).
/// Returns the pairs kept and how many were left out.
pub fn drop_shared_blocks(
    pairs: Vec<PairLocal>,
    outlets: &[u32],
    params: &MatchParams,
) -> (Vec<PairLocal>, u64) {
    let mask = shared_blocks(&pairs, outlets, params);
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

/// For each of `pairs` (all the verified pairs of a corpus whose articles' site numbers, by
/// [`DocId`], are `outlets`; any order), whether its evidence is a shared block. Reads `lo`,
/// `hi`, the containments, `jaccard` and `foot` of each pair, nothing else.
pub fn shared_blocks(pairs: &[PairLocal], outlets: &[u32], params: &MatchParams) -> Vec<bool> {
    let threshold = params.threshold;
    let core = |p: &PairLocal| p.link(None).is_core(threshold);
    if !pairs.iter().any(|p| !p.foot.is_empty() && !core(p)) {
        return vec![false; pairs.len()];
    }
    let links: Vec<PairLink> = pairs.iter().map(|p| p.link(None)).collect();
    let stories = Components::union_find(outlets.len(), &links, threshold);
    let candidate =
        |p: &PairLocal| !p.foot.is_empty() && !core(p) && stories.of(p.lo) != stories.of(p.hi);
    // (print, story, outlet) for both articles of every pair the rule may leave out.
    let mut held: Vec<(u64, u32, u32)> = pairs
        .iter()
        .filter(|p| candidate(p))
        .flat_map(|p| {
            let s = (stories.of(p.lo), outlets[p.lo.index()]);
            let t = (stories.of(p.hi), outlets[p.hi.index()]);
            p.foot
                .iter()
                .flat_map(move |&h| [(h, s.0, s.1), (h, t.0, t.1)])
        })
        .collect();
    held.sort_unstable();
    held.dedup();
    let shared: Vec<u64> = held
        .chunk_by(|x, y| x.0 == y.0)
        .filter(|g| is_shared_block(g, params.tuning.edge_stories))
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

/// Whether one print's holders — `(print, story, outlet)`, sorted and distinct — make it a
/// shared block's: `edge_stories` stories hold it, or one fewer of which one outlet's articles
/// hold it in two.
fn is_shared_block(holders: &[(u64, u32, u32)], edge_stories: usize) -> bool {
    let mut stories: Vec<u32> = holders.iter().map(|h| h.1).collect();
    stories.dedup();
    if stories.len() >= edge_stories {
        return true;
    }
    if stories.len() + 1 < edge_stories {
        return false;
    }
    let mut by_outlet: Vec<(u32, u32)> = holders.iter().map(|h| (h.2, h.1)).collect();
    by_outlet.sort_unstable();
    by_outlet.dedup();
    by_outlet.windows(2).any(|w| w[0].0 == w[1].0)
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

    /// The pairs kept among `n` articles, each of its own outlet.
    fn kept(pairs: Vec<PairLocal>, n: u32) -> Vec<(u32, u32)> {
        kept_of(pairs, &(0..n).collect::<Vec<_>>())
    }

    /// The pairs kept among articles of the outlets `outlets`.
    fn kept_of(pairs: Vec<PairLocal>, outlets: &[u32]) -> Vec<(u32, u32)> {
        let (kept, _) = drop_shared_blocks(pairs, outlets, &MatchParams::default());
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

    #[test]
    fn a_block_one_outlet_prints_under_two_of_three_stories_is_its_footer() {
        // The agency (outlet 9) prints its funder line (print 7) under its stories 0 and 2;
        // paper 1 reprinted story 0 with it, paper 3 reprinted story 2, and paper 4 printed
        // it under a story of its own. Three stories, the agency's in two: the cross pairs
        // are out, the reprints stay.
        let pairs = vec![
            pair(0, 1, 0.9, &[]),
            pair(0, 3, 0.05, &[7]),
            pair(1, 2, 0.05, &[7]),
            pair(2, 3, 0.9, &[]),
            pair(3, 4, 0.05, &[7]),
        ];
        assert_eq!(
            kept_of(pairs.clone(), &[9, 1, 9, 3, 4]),
            vec![(0, 1), (2, 3)]
        );
        // Five outlets: three papers sharing a paragraph, no footer.
        assert_eq!(
            kept_of(pairs.clone(), &[9, 1, 8, 3, 4]),
            vec![(0, 1), (0, 3), (1, 2), (2, 3), (3, 4)]
        );
        // Two stories, the agency's write-thru versions of one story (a new top, the same
        // ending): their reprints stay paired by the ending.
        assert_eq!(
            kept_of(pairs[..4].to_vec(), &[9, 1, 9, 3]),
            vec![(0, 1), (0, 3), (1, 2), (2, 3)]
        );
    }

    #[test]
    fn an_outlet_holding_a_print_in_one_story_only_makes_no_footer() {
        // Outlet 5 printed the wire story 0 twice (articles 1 and 2: one story with it), and
        // papers 3 and 4 close stories of their own with the wire story's last paragraph:
        // three stories, outlet 5 in one.
        let pairs = vec![
            pair(0, 1, 0.9, &[]),
            pair(1, 2, 0.9, &[]),
            pair(0, 3, 0.05, &[7]),
            pair(1, 3, 0.05, &[7]),
            pair(2, 3, 0.05, &[7]),
            pair(0, 4, 0.05, &[7]),
            pair(3, 4, 0.05, &[7]),
        ];
        assert_eq!(
            kept_of(pairs.clone(), &[0, 5, 5, 3, 4]),
            vec![(0, 1), (1, 2), (0, 3), (1, 3), (2, 3), (0, 4), (3, 4)]
        );
        // Paper 4 being outlet 5 too makes it outlet 5's footer.
        assert_eq!(kept_of(pairs, &[0, 5, 5, 3, 5]), vec![(0, 1), (1, 2)]);
    }
}
