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
//! Postings `(anchor, doc, pos)` — the anchor's 64-bit hash and its first shingle position —
//! are sorted and grouped. Two kinds of anchor are not evidence:
//! * a **stock phrase** occurs in more than `common_df` articles (a count, not a share of the
//!   corpus, so boilerplate only grows as articles are added): it yields no
//!   candidates and is discounted in every pair;
//! * **site chrome** of an outlet: the outlet holds the anchor in at least `chrome_min_docs` of
//!   its articles ("Leave a Reply", "See also …", newsletter blurbs repeated under every article
//!   of a site). Chrome is scoped to its outlet: the group yields no pair of two articles of that
//!   outlet, and `verify` discounts the anchor only in pairs whose two outlets both carry it as
//!   chrome. An outlet that republishes one wire story four times therefore does not make that
//!   story's text boilerplate for everyone else — its copies still pair with the agency's and
//!   with other outlets' copies;
//! * an outlet's **template**: chrome held by at least `template_min_docs` (16) of its articles.
//!   Verification cuts a block of it at one edge of two of the outlet's articles whatever its
//!   length (a long footer of related links); a story the outlet printed a few times is not
//!   one. Stored as chrome entries whose outlet is a [`template_of`] code.
//!
//! Other pairs of a group are linked star-and-chain beyond `pair_cap`
//! ([`crate::candidates::group_rule::group_pair_indices`]). A pair linked by two or more anchors is a candidate; a
//! pair linked by one only when the shingles around it agree ([`pair_rule`], [`confirms`]).
//! Both boilerplate rules are monotone — an anchor that is stock or chrome stays so when
//! articles are added — and the candidate rule depends only on the pair's own links, so the
//! incremental index finds what a batch run finds.

use rayon::prelude::*;

use crate::candidates::boilerplate::{template_of, Boilerplate, NO_BOILERPLATE};
use crate::candidates::group_rule::group_pair_indices;
use crate::model::CandidatePair;
use crate::model::DocId;
use crate::sign::minhash::mix64;
use crate::sign::shingle::ShingleHash;
use crate::sign::skeleton::REWRITE_POS;

/// Tuning of the passage path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnchorParams {
    /// Winnowing window, in shingles.
    pub window: usize,
    /// Articles of one outlet holding an anchor that make it site chrome.
    pub chrome_min_docs: usize,
    /// Articles of one outlet holding an anchor that make it that outlet's template.
    pub template_min_docs: usize,
    /// Articles holding an anchor above which it is a stock phrase.
    pub common_df: usize,
    /// Largest group whose pairs are all emitted.
    pub pair_cap: usize,
    /// Shingles of shared run that confirm a lone shared anchor ([`pair_rule`]).
    pub min_run: usize,
    /// Shared rewrite anchors that make a candidate ([`judge_links`]).
    pub rewrite_min_links: usize,
}

/// What the passage path hands on.
#[derive(Debug, Default)]
pub struct AnchorMatches {
    /// Sorted, unique pairs that share two or more anchors: candidates outright.
    pub pairs: Vec<CandidatePair>,
    /// Pairs that share exactly one anchor, sorted by pair: candidates only once [`confirms`]
    /// finds a passage around it.
    pub single: Vec<AnchorLink>,
    pub boilerplate: Boilerplate,
}

/// One anchor occurrence: `doc` holds an anchor with hash `anchor`, first at shingle `pos`,
/// between the shingles `nbhd` fingerprints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Posting {
    pub anchor: ShingleHash,
    pub doc: DocId,
    pub pos: u32,
    pub nbhd: Neighbours,
}

/// A fingerprint of the shingles either side of an anchor's position: a byte of the one
/// before, a byte of the one after. Equal shingles give equal bytes, so when both bytes of
/// two occurrences differ, no run of two or more shared shingles goes through the anchor, and
/// the local check of a lone link ([`confirms`]) fails without reading either article. At a
/// million articles six million lone links are checked, nearly all chance coincidences, whose
/// neighbours are unrelated shingles: both bytes differ 127 times in 128, and only the rest are
/// read from the article store (two reads each).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Neighbours(pub u16);

impl Neighbours {
    /// The fingerprint at shingle `pos` of `seq` (a missing neighbour counts as shingle 0).
    pub fn at(seq: &[ShingleHash], pos: usize) -> Neighbours {
        let byte = |h: Option<&ShingleHash>| (mix64(h.copied().unwrap_or(0)) >> 56) as u16;
        let before = pos.checked_sub(1).and_then(|i| seq.get(i));
        Neighbours(byte(before) << 8 | byte(seq.get(pos + 1)))
    }

    /// Whether the shingle before, or the one after, may be the same in both occurrences.
    pub fn may_match(self, other: Neighbours) -> bool {
        let same = !(self.0 ^ other.0);
        same & 0xff00 == 0xff00 || same & 0x00ff == 0x00ff
    }
}

/// How one anchor group is classified.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupClass {
    pub stock: bool,
    /// Outlets for which the anchor is site chrome, sorted; then, as [`template_of`] codes
    /// (which sort after every outlet), those for which it is a template too.
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
    let runs = || sorted.chunk_by(|a, b| a == b);
    let mut chrome_outlets: Vec<u32> = runs()
        .filter(|run| run.len() >= params.chrome_min_docs)
        .map(|run| run[0])
        .collect();
    chrome_outlets.extend(
        runs()
            .filter(|run| run.len() >= params.chrome_min_docs.max(params.template_min_docs))
            .map(|run| template_of(run[0])),
    );
    GroupClass {
        stock: false,
        chrome_outlets,
    }
}

/// One candidate pair as one anchor group links it, with where the anchor first sits in each
/// article (`pos_a` in `pair.a`, `pos_b` in `pair.b`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct AnchorLink {
    pub pair: CandidatePair,
    pub pos_a: u32,
    pub pos_b: u32,
    /// False only when the anchor's [`Neighbours`] in both articles show that no run of two
    /// shared shingles goes through it; true when they may, or are not known.
    pub near: bool,
}

/// One member of an anchor group: the article, its outlet and the anchor's first position in
/// it, with its [`Neighbours`] there (`None`: not known).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Member {
    pub doc: DocId,
    pub outlet: u32,
    pub pos: u32,
    pub nbhd: Option<Neighbours>,
}

/// The links of one group (`members` sorted by doc, one per doc) once classified: none for a
/// stock phrase; no pair inside an outlet it is chrome for; beyond `pair_cap` members the
/// append-stable star and chain of [`crate::candidates::group_rule::group_pair_indices`].
pub fn group_pairs(
    members: &[Member],
    class: &GroupClass,
    pair_cap: usize,
    out: &mut Vec<AnchorLink>,
) {
    if class.stock {
        return;
    }
    group_pair_indices(members.len(), pair_cap, |i, j| {
        let (x, y) = (members[i], members[j]);
        if x.outlet == y.outlet && class.chrome_outlets.binary_search(&x.outlet).is_ok() {
            return;
        }
        let near = match (x.nbhd, y.nbhd) {
            (Some(nx), Some(ny)) => nx.may_match(ny),
            _ => true,
        };
        out.push(AnchorLink {
            pair: CandidatePair { a: x.doc, b: y.doc },
            pos_a: x.pos,
            pos_b: y.pos,
            near,
        });
    });
}

/// What a pair's links (one per shared anchor) decide before any text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkVerdict {
    /// A candidate outright.
    Sure,
    /// A candidate if [`confirms`] finds a run around this, its one verbatim link.
    Confirm(AnchorLink),
    /// Not a candidate.
    No,
}

/// Whether a link comes from a rewrite anchor ([`crate::sign::skeleton::rewrite_anchors`]).
pub fn is_rewrite_link(link: &AnchorLink) -> bool {
    link.pos_a == REWRITE_POS || link.pos_b == REWRITE_POS
}

/// The links of one pair, counted: two verbatim anchors, or `rewrite_min_links` rewrite
/// anchors, make a candidate outright; one verbatim anchor needs confirming; anything less is
/// chance (a five-word phrase two unrelated stories both use, a name and a number two stories
/// on one event share).
pub fn judge_links(links: &[AnchorLink], params: &AnchorParams) -> LinkVerdict {
    let rewrite = links.iter().filter(|l| is_rewrite_link(l)).count();
    let mut verbatim = links.iter().filter(|l| !is_rewrite_link(l));
    match (verbatim.next(), verbatim.next()) {
        (Some(_), Some(_)) => LinkVerdict::Sure,
        _ if rewrite >= params.rewrite_min_links.max(1) => LinkVerdict::Sure,
        (Some(one), None) => LinkVerdict::Confirm(*one),
        _ => LinkVerdict::No,
    }
}

/// The candidate rule of the passage path, for one pair given all its links (one per shared
/// anchor): [`judge_links`], and a lone verbatim link confirmed by a run of `params.min_run`
/// shingles around it, read through `around`. Batch runs, indexed runs and the index's
/// re-checks all decide through this function.
pub fn pair_rule(
    links: &[AnchorLink],
    params: &AnchorParams,
    around: impl Fn(DocId, std::ops::Range<usize>) -> crate::error::Result<Vec<ShingleHash>>,
) -> crate::error::Result<bool> {
    Ok(match judge_links(links, params) {
        LinkVerdict::Sure => true,
        LinkVerdict::Confirm(one) => confirms(&one, params.min_run, around)?,
        LinkVerdict::No => false,
    })
}

/// Splits links (any order, every link of each pair) by [`judge_links`]: pairs that are
/// candidates outright, and pairs with one verbatim link to confirm; both sorted by pair,
/// unique.
pub fn split_links(
    mut links: Vec<AnchorLink>,
    params: &AnchorParams,
) -> (Vec<CandidatePair>, Vec<AnchorLink>) {
    let mut sure = Vec::new();
    let mut single = Vec::new();
    judge_pairs(&mut links, params, |run, verdict| match verdict {
        LinkVerdict::Sure => sure.push(run[0].pair),
        LinkVerdict::Confirm(one) => single.push(one),
        LinkVerdict::No => {}
    });
    (sure, single)
}

/// Sorts `links` by pair and hands each pair's links, with [`judge_links`]'s verdict on them,
/// to `f`, in pair order.
fn judge_pairs(
    links: &mut [AnchorLink],
    params: &AnchorParams,
    mut f: impl FnMut(&[AnchorLink], LinkVerdict),
) {
    links.par_sort_unstable();
    for run in links.chunk_by(|x, y| x.pair == y.pair) {
        f(run, judge_links(run, params));
    }
}

/// Length, in shingles, of the verbatim run through `x[ix]` and `y[iy]`: 0 when those differ.
pub fn run_through(x: &[ShingleHash], ix: usize, y: &[ShingleHash], iy: usize) -> usize {
    if x.get(ix).is_none() || x.get(ix) != y.get(iy) {
        return 0;
    }
    let left = (1..=ix.min(iy))
        .take_while(|&k| x[ix - k] == y[iy - k])
        .count();
    let right = (1..)
        .take_while(|&k| ix + k < x.len() && iy + k < y.len() && x[ix + k] == y[iy + k])
        .count();
    left + 1 + right
}

/// The local check of a lone link: whether its anchor sits in a verbatim run of at least
/// `min_run` shared shingles. `around(doc, range)` returns the shingles `range` of an
/// article's sequence, clipped to its length; only `2 × min_run − 1` shingles of each side are
/// read.
///
/// The candidate stage asks for `min_run_shingles` (3 by default: `n + 2` words, the shortest
/// passage [`crate::verify`] keeps; one shared five-word phrase, "said in a statement on", is
/// one shingle, while three overlapping shingles agreeing are a copied phrase). Why that keeps the guarantee that every
/// verbatim shared run of `--min-passage` words (`window` shingles) is found: in such a run,
/// winnowing picks the same anchor at the same place of the run in both articles, and its
/// neighbourhood is the run, longer than `min_run`. It can miss only when the anchor's shingle
/// also occurs earlier in one article (the posting keeps the first position), which needs a
/// five-word phrase repeated within that article. A rewrite whose surviving phrases are
/// shorter than a window still gets its lone anchor confirmed when that phrase is a passage.
///
/// A link whose [`Neighbours`] rule out a run of two (`near` unset) fails without a read: a run
/// of `min_run` ≥ 2 needs the shingle before or the one after the anchor shared.
pub fn confirms(
    link: &AnchorLink,
    min_run: usize,
    around: impl Fn(DocId, std::ops::Range<usize>) -> crate::error::Result<Vec<ShingleHash>>,
) -> crate::error::Result<bool> {
    if !needs_read(link, min_run) {
        return Ok(false);
    }
    let reach = min_run.max(1) - 1;
    let (pa, pb) = (link.pos_a as usize, link.pos_b as usize);
    let (sa, sb) = (pa.saturating_sub(reach), pb.saturating_sub(reach));
    let xa = around(link.pair.a, sa..pa + reach + 1)?;
    let xb = around(link.pair.b, sb..pb + reach + 1)?;
    Ok(run_through(&xa, pa - sa, &xb, pb - sb) >= min_run.max(1))
}

/// Whether [`confirms`] must read the shingles around `link`: not when its [`Neighbours`]
/// already rule out a run of two and `min_run` asks for one (the check then fails). Engines
/// that carry texts to the check (the Spark job) leave such links' texts where they are.
pub fn needs_read(link: &AnchorLink, min_run: usize) -> bool {
    link.near || min_run < 2
}

/// The one group step of the passage path, shared by batch and indexed runs: given an anchor
/// group (`members` sorted by doc, one per doc) and the boilerplate `known` before it, pushes
/// onto `links` the group's links whose second article is at or after `base` (the first article
/// of this run: 0 in a batch run), and returns the boilerplate the group adds — the anchor
/// became a stock phrase, or chrome of outlets it was not chrome of. A batch run is an indexed
/// run into an empty index: `known` empty, `base` 0.
pub fn process_group(
    anchor: ShingleHash,
    members: &[Member],
    known: &Boilerplate,
    base: DocId,
    params: &AnchorParams,
    links: &mut Vec<AnchorLink>,
) -> GroupClass {
    if members.len() < 2 || known.is_stock(anchor) {
        return GroupClass::default();
    }
    let outlets: Vec<u32> = members.iter().map(|m| m.outlet).collect();
    let class = classify_group(&outlets, params);
    let from = links.len();
    group_pairs(members, &class, params.pair_cap, links);
    if base.0 > 0 {
        let mut k = from;
        for i in from..links.len() {
            if links[i].pair.b >= base {
                links[k] = links[i];
                k += 1;
            }
        }
        links.truncate(k);
    }
    GroupClass {
        stock: class.stock,
        chrome_outlets: class
            .chrome_outlets
            .into_iter()
            .filter(|&o| !known.is_chrome(anchor, o))
            .collect(),
    }
}

/// The links and boilerplate of a set of anchor groups, before the pair rule: what one shard
/// of postings yields ([`group_links`]). Shards are gathered with [`GroupLinks::gather`], since
/// a pair's links can come from anchors of different shards.
#[derive(Debug, Default)]
pub struct GroupLinks {
    pub links: Vec<AnchorLink>,
    /// Links [`GroupLinks::gather`] kept, one list per shard: joined once, at their final
    /// size, in [`GroupLinks::into_matches`]. (One list grown shard after shard would be
    /// copied at every doubling, the old and the new copy both held for a moment: hundreds of
    /// megabytes at a million articles.)
    held: Vec<Vec<AnchorLink>>,
    /// Pairs that the links of one gathered shard already make candidates outright: sorted,
    /// unique; their links are not kept.
    pub sure: Vec<CandidatePair>,
    pub stock: Vec<ShingleHash>,
    pub chrome: Vec<(ShingleHash, u32)>,
}

impl GroupLinks {
    pub fn extend(&mut self, other: GroupLinks) {
        self.links.extend(other.links);
        self.held.extend(other.held);
        self.sure = merge_unique(std::mem::take(&mut self.sure), other.sure);
        self.stock.extend(other.stock);
        self.chrome.extend(other.chrome);
    }

    /// Adds one shard's groups. A pair whose links in this shard already make it a candidate
    /// outright is kept as the pair alone: [`judge_links`] is monotone (more links never undo
    /// [`LinkVerdict::Sure`]), so the links its other shards bring cannot change the verdict.
    /// The other pairs keep their links for [`GroupLinks::into_matches`]. A reprint pair shares
    /// dozens of anchors in every shard, so what is held shrinks from every link of the
    /// corpus to about one pair per candidate.
    pub fn gather(&mut self, shard: GroupLinks, params: &AnchorParams) {
        let mut links = shard.links;
        let mut sure = Vec::new();
        let mut kept = Vec::new();
        judge_pairs(&mut links, params, |run, verdict| {
            if verdict == LinkVerdict::Sure {
                sure.push(run[0].pair);
            } else {
                kept.extend_from_slice(run);
            }
        });
        drop(links);
        kept.shrink_to_fit();
        self.held.push(kept);
        self.extend(GroupLinks {
            links: Vec::new(),
            sure,
            ..shard
        });
    }

    /// Every group gathered: the pair rule's split and the boilerplate. Equal to
    /// [`split_links`] over every link of every shard.
    pub fn into_matches(self, params: &AnchorParams) -> AnchorMatches {
        let sure = self.sure;
        let held: usize = self.held.iter().map(Vec::len).sum();
        let mut links = Vec::with_capacity(self.links.len() + held);
        links.extend(self.links);
        for shard in self.held {
            links.extend(shard);
        }
        links.retain(|l| sure.binary_search(&l.pair).is_err());
        let (pairs, single) = split_links(links, params);
        AnchorMatches {
            pairs: merge_unique(sure, pairs),
            single,
            boilerplate: Boilerplate::new(self.stock, self.chrome),
        }
    }
}

/// The union of two sorted, unique lists, sorted and unique.
fn merge_unique<T: Ord + Copy>(x: Vec<T>, y: Vec<T>) -> Vec<T> {
    if x.is_empty() {
        return y;
    }
    if y.is_empty() {
        return x;
    }
    let mut out = Vec::with_capacity(x.len() + y.len());
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => {
                out.push(x[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(y[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(x[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&x[i..]);
    out.extend_from_slice(&y[j..]);
    out
}

/// Groups the postings (in place, [`crate::candidates::spill::group_sort`]) and runs
/// [`process_group`] on each, nothing known before. `outlet_of[d]` is the dense outlet number of doc `d`. Postings of one key must all
/// be in `postings`.
pub fn group_links(
    postings: &mut [Posting],
    outlet_of: &[u32],
    params: &AnchorParams,
) -> GroupLinks {
    crate::candidates::spill::group_sort(postings);
    // Groups are folded straight into per-thread accumulators: most anchors are held by one
    // article, and a result per group would cost more memory than the postings themselves.
    postings
        .par_chunk_by(|x, y| x.anchor == y.anchor)
        .filter(|group| group.len() >= 2)
        .fold(GroupLinks::default, |mut acc, group| {
            let mut members: Vec<Member> = group
                .iter()
                .map(|p| Member {
                    doc: p.doc,
                    outlet: outlet_of[p.doc.index()],
                    pos: p.pos,
                    nbhd: Some(p.nbhd),
                })
                .collect();
            members.dedup_by_key(|m| m.doc);
            let anchor = group[0].anchor;
            let grown = process_group(
                anchor,
                &members,
                &NO_BOILERPLATE,
                DocId(0),
                params,
                &mut acc.links,
            );
            if grown.stock {
                acc.stock.push(anchor);
            }
            acc.chrome
                .extend(grown.chrome_outlets.iter().map(|&o| (anchor, o)));
            acc
        })
        .reduce(GroupLinks::default, |mut x, y| {
            x.extend(y);
            x
        })
}

/// Groups the postings (in place) into candidate links and boilerplate, through
/// [`process_group`] with nothing known before, then the pair rule's split.
pub fn match_anchors(
    postings: &mut [Posting],
    outlet_of: &[u32],
    params: &AnchorParams,
) -> AnchorMatches {
    group_links(postings, outlet_of, params).into_matches(params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn params() -> AnchorParams {
        AnchorParams {
            window: 4,
            chrome_min_docs: 3,
            template_min_docs: 5,
            common_df: 100,
            pair_cap: 64,
            min_run: 3,
            rewrite_min_links: 3,
        }
    }

    proptest! {
        /// The recall guarantee of the passage path, end to end: two articles sharing a
        /// verbatim run of `w` shingles (random hashes, so no repeats) are a candidate through
        /// [`match_anchors`] — outright with two shared anchors, else confirmed around the one
        /// (with the stricter check of a whole window, so the guarantee holds for both).
        #[test]
        fn a_shared_run_of_a_window_is_always_a_candidate(
            a in proptest::collection::vec(any::<u64>(), 0..100),
            run in proptest::collection::vec(any::<u64>(), 16..40),
            b in proptest::collection::vec(any::<u64>(), 0..100),
        ) {
            let w = 16;
            let x: Vec<u64> = a.iter().chain(run.iter()).copied().collect();
            let y: Vec<u64> = b.iter().chain(run.iter()).copied().collect();
            let mut p: Vec<Posting> = Vec::new();
            for (d, seq) in [&x, &y].into_iter().enumerate() {
                p.extend(crate::sign::winnow::anchor_positions(seq, w).into_iter().map(|(anchor, pos)| Posting { anchor, doc: DocId(d as u32), pos, nbhd: Neighbours::at(seq, pos as usize) }));
            }
            let m = match_anchors(&mut p, &[0, 1], &params_w(w));
            let seqs = [x.clone(), y.clone()];
            let found = !m.pairs.is_empty()
                || m.single.iter().any(|l| confirms(l, w, |d, r| {
                    let s = &seqs[d.index()];
                    Ok(s[r.start.min(s.len())..r.end.min(s.len())].to_vec())
                }).unwrap());
            prop_assert!(found);
        }

        /// Gathering shards one by one, whatever the split of the links into shards, decides
        /// exactly what [`split_links`] decides over all the links at once.
        #[test]
        fn gathering_shards_equals_splitting_every_link(
            raw in proptest::collection::vec((0u32..6, 0u32..6, 0u32..8, any::<bool>(), 0usize..4), 0..120),
        ) {
            let p = params();
            let link = |&(a, b, pos, rewrite, _): &(u32, u32, u32, bool, usize)| AnchorLink {
                pair: CandidatePair { a: DocId(a.min(b)), b: DocId(a.max(b) + 1) },
                pos_a: if rewrite { REWRITE_POS } else { pos },
                pos_b: if rewrite { REWRITE_POS } else { pos + 1 },
                near: true,
            };
            let mut gathered = GroupLinks::default();
            for shard in 0..4 {
                let links = raw.iter().filter(|r| r.4 == shard).map(link).collect();
                gathered.gather(GroupLinks { links, ..GroupLinks::default() }, &p);
            }
            let m = gathered.into_matches(&p);
            let (pairs, single) = split_links(raw.iter().map(link).collect(), &p);
            prop_assert_eq!(m.pairs, pairs);
            prop_assert_eq!(m.single, single);
        }

        /// The neighbours' fingerprints never fail a link the local check confirms: deciding
        /// with them gives what reading both articles gives, for any run length, at the ends of
        /// an article too.
        #[test]
        fn neighbours_never_fail_a_confirmed_link(
            x in proptest::collection::vec(0u64..4, 1..12),
            y in proptest::collection::vec(0u64..4, 1..12),
            ia in 0usize..12, ib in 0usize..12, min_run in 1usize..5,
        ) {
            let (ia, ib) = (ia % x.len(), ib % y.len());
            let seqs = [x.clone(), y.clone()];
            let read = |d: DocId, r: std::ops::Range<usize>| {
                let s = &seqs[d.index()];
                Ok(s[r.start.min(s.len())..r.end.min(s.len())].to_vec())
            };
            let link = |near| AnchorLink { pair: CandidatePair { a: DocId(0), b: DocId(1) }, pos_a: ia as u32, pos_b: ib as u32, near };
            let near = Neighbours::at(&x, ia).may_match(Neighbours::at(&y, ib));
            prop_assert_eq!(confirms(&link(near), min_run, read).unwrap(), confirms(&link(true), min_run, read).unwrap());
        }

        /// A lone shared shingle (one coincidental five-word phrase) is never confirmed.
        #[test]
        fn a_lone_shared_shingle_is_not_confirmed(
            a in proptest::collection::vec(1u64..u64::MAX, 20..60),
            b in proptest::collection::vec(1u64..u64::MAX, 20..60),
            ia in 0usize..20, ib in 0usize..20,
        ) {
            let (mut x, mut y) = (a, b);
            x[ia] = 0;
            y[ib] = 0;
            prop_assume!(x.iter().filter(|&&h| h == 0).count() == 1);
            let link = AnchorLink { pair: CandidatePair { a: DocId(0), b: DocId(1) }, pos_a: ia as u32, pos_b: ib as u32, near: true };
            let seqs = [x, y];
            let ok = confirms(&link, 3, |d, r| {
                let s = &seqs[d.index()];
                Ok(s[r.start.min(s.len())..r.end.min(s.len())].to_vec())
            }).unwrap();
            // Neighbours are random 64-bit values: equal only by a chance of 2^-64.
            prop_assert!(!ok);
        }
    }

    fn params_w(window: usize) -> AnchorParams {
        AnchorParams { window, ..params() }
    }

    fn post(anchor: u64, doc: u32) -> Posting {
        Posting {
            anchor,
            doc: DocId(doc),
            pos: 0,
            nbhd: Neighbours::default(),
        }
    }

    fn pairs_of(m: &AnchorMatches) -> Vec<(u32, u32)> {
        let mut v: Vec<(u32, u32)> = m
            .pairs
            .iter()
            .chain(m.single.iter().map(|l| &l.pair))
            .map(|p| (p.a.0, p.b.0))
            .collect();
        v.sort_unstable();
        v
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
        // (0, 3) shares anchors 7 and 9: outright; (1, 3) and (2, 3) share 7 only: to confirm.
        assert_eq!(pairs_of(&m), vec![(0, 3), (1, 3), (2, 3)]);
        let pairs: Vec<(u32, u32)> = m.pairs.iter().map(|p| (p.a.0, p.b.0)).collect();
        assert_eq!(pairs, vec![(0, 3)]);
        // Discounted inside outlet 0, not between outlets 0 and 1.
        assert!(m.boilerplate.for_pair(0, 0).contains(7));
        assert!(!m.boilerplate.for_pair(0, 1).contains(7));
    }

    #[test]
    fn two_shared_anchors_make_a_candidate_one_needs_confirming() {
        let outlets: Vec<u32> = (0..4).collect();
        let mut p = vec![
            post(5, 0),
            post(5, 1),
            post(6, 0),
            post(6, 1),
            post(7, 2),
            post(7, 3),
        ];
        let m = match_anchors(&mut p, &outlets, &params());
        assert_eq!(
            m.pairs,
            vec![CandidatePair {
                a: DocId(0),
                b: DocId(1)
            }]
        );
        assert_eq!(m.single.len(), 1);
        assert_eq!(
            m.single[0].pair,
            CandidatePair {
                a: DocId(2),
                b: DocId(3)
            }
        );
    }

    #[test]
    fn runs_through_an_anchor() {
        let x = [1, 2, 3, 4, 5, 6];
        let y = [9, 2, 3, 4, 8];
        assert_eq!(run_through(&x, 2, &y, 2), 3);
        assert_eq!(run_through(&x, 0, &y, 0), 0);
        assert_eq!(run_through(&x, 9, &y, 0), 0);
        // Positions confirmed by a range reader that clips at the ends.
        let seqs = [x.to_vec(), y.to_vec()];
        let link = AnchorLink {
            pair: CandidatePair {
                a: DocId(0),
                b: DocId(1),
            },
            pos_a: 1,
            pos_b: 1,
            near: true,
        };
        let read = |d: DocId, r: std::ops::Range<usize>| {
            let s = &seqs[d.index()];
            Ok(s[r.start.min(s.len())..r.end.min(s.len())].to_vec())
        };
        assert!(confirms(&link, 3, read).unwrap());
        assert!(!confirms(&link, 4, read).unwrap());
    }

    #[test]
    fn anchors_across_outlets_are_not_chrome() {
        let outlets = [0, 1, 2, 3];
        let mut p = vec![post(7, 0), post(7, 1), post(7, 2), post(7, 3)];
        let m = match_anchors(&mut p, &outlets, &params());
        assert!(m.boilerplate.is_empty());
        assert_eq!(pairs_of(&m).len(), 6);
    }

    /// Chrome held by `template_min_docs` (5 here) of an outlet's articles is its template too;
    /// held by fewer, only chrome. Either way it pairs no two of that outlet's articles.
    #[test]
    fn chrome_in_enough_of_an_outlets_articles_is_its_template() {
        let p = params();
        let class = classify_group(&[2, 2, 2, 2, 2, 7, 7, 7, 9], &p);
        assert_eq!(class.chrome_outlets, vec![2, 7, template_of(2)]);
        assert!(!class.stock);
        let bp = Boilerplate::new(
            Vec::new(),
            class.chrome_outlets.iter().map(|&o| (11, o)).collect(),
        );
        assert!(bp.is_template(11, 2) && !bp.is_template(11, 7));
        assert!(bp.for_pair(2, 2).is_template(11) && !bp.for_pair(7, 7).is_template(11));
        assert!(bp.for_pair(7, 7).contains(11) && !bp.for_pair(2, 7).is_template(11));
        let outlets = [2, 2, 2, 2, 2, 7];
        let mut posts: Vec<Posting> = (0..6).map(|d| post(11, d)).collect();
        let m = match_anchors(&mut posts, &outlets, &p);
        assert_eq!(m.boilerplate, bp_of(&[(11, 2), (11, template_of(2))]));
        assert_eq!(pairs_of(&m).len(), 5, "only the pairs across outlets");
    }

    fn bp_of(chrome: &[(ShingleHash, u32)]) -> Boilerplate {
        Boilerplate::new(Vec::new(), chrome.to_vec())
    }

    #[test]
    fn stock_phrases_are_boilerplate_everywhere() {
        let outlets: Vec<u32> = (0..200).collect();
        let mut p: Vec<Posting> = (0..150).map(|d| post(5, d)).collect();
        let m = match_anchors(&mut p, &outlets, &params());
        assert!(m.boilerplate.is_stock(5));
        assert!(m.boilerplate.for_pair(3, 4).contains(5));
        assert!(m.pairs.is_empty() && m.single.is_empty());
    }
}
