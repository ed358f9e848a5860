//! Stage 6 — verify: a candidate pair's shingle sequences → exact similarity, the aligned shared
//! passages, and the decision whether the pair is reuse.
//!
//! Alignment: every maximal run of equal consecutive shingles (a "diagonal" match) is found
//! through a hash index of `b`; runs are chosen longest first so no part of either article is
//! used twice (a paragraph `b` repeats is matched once); runs closer than `max_gap` tokens in
//! both articles are merged into one passage, so a changed word, a dropped clause or a
//! re-spelled name does not cut a passage in two. A passage of fewer than `n + 2` words (one or
//! two incidental shingles, "at the end of the") is not kept.
//!
//! Boilerplate: a run of at most `max_chrome_words` (150) words whose anchors ([`crate::candidates::anchors`])
//! are mostly boilerplate is site chrome or a stock phrase, and so is a merged passage whose anchors are mostly boilerplate (short
//! chrome runs — "See also: …", "Leave a Reply …" — have no anchor of their own until merged);
//! their shingles are removed from both sets before any number is computed. Between two
//! articles of one outlet, a block at the same edge of both whose anchors nearest that edge are
//! the outlet's template (chrome under at least `template_min_docs` of its articles) is that
//! site's header or footer whatever its length ([`edge_chrome_cut`]): it is cut off the
//! passage, and what the two articles share beside it still counts.
//!
//! Template fills: two stories a bot filled into one template (earnings snapshots of two
//! companies, a market close of two days) align word for word but for their figures, which
//! differ every few words; a reprint keeps most of its source's figures. Such a pair's
//! passages are all the template's ([`is_template_fill`]): removed as boilerplate is.
//!
//! Numbers, over the shingle sets `A`, `B` with boilerplate `P` removed (`A' = A∖P`, …):
//! `jaccard = |A'∩B'| / |A'∪B'|`, `containment_a = |A'∩B'| / |A'|` (the share of `a` found in `b`),
//! `shared_words` = words of `a` inside the kept passages.
//!
//! Decision ([`is_reuse`]): `shared_words ≥ min_passage`, and at least one of: a passage of
//! `min_passage` words; containment of the smaller article `≥ min_containment`; `jaccard ≥
//! threshold`; or — the rewrite rule — at least `rewrite_min_passages` (3) passages holding
//! together `2 × min_passage` words. So two stories sharing one twelve-word quote are not reuse
//! (one short passage, low containment), a short story lifting three wire paragraphs is (long
//! passages), and a rewrite whose surviving phrases are short but many is (containment, or the
//! rewrite rule when the rewrite also added much text of its own).

pub mod batch;
pub mod rewrite;

/// Names the verification rules, for the index's binding: pairs an index stores were judged by
/// them, so an index judged by other rules is signed again (`index upgrade`), never mixed.
/// v2: a same-outlet block of chrome at one edge is cut off whatever its length.
/// v3: passages are disjoint in `b` too.
/// v4: a rewrite's sentences that differ by their figures more than by their words (table
/// rows) must share their figures.
/// v5: evidence at the foot of both articles carries its prints ([`foot_prints`]).
/// v6: two fills of one template are not copy ([`is_template_fill`]); the store keeps each
/// article's figures.
/// v7: figures compared by their keys (the store keeps a key with each), slots between
/// passages counted.
/// v8: a template fill's figures are also compared in the word before and after each passage;
/// table rows written in digits share their figures in order (a league table a round later is
/// no rewrite).
/// v9: articles of no known outlet are each a site of their own to the chrome rules
/// ([`crate::model::Catalog::site_of`]): an index built before holds their chrome as one
/// site's.
pub const RULES: &str = "verify v9: edge chrome of any length, passages disjoint on both sides, \
     table rows by figures in order, foot prints, template fills by figure keys and passage \
     edges, a site per article of no outlet";

use crate::candidates::boilerplate::PairBoilerplate;
use crate::sign::normalize::Token;
use crate::sign::shingle::{PrehashedMap, ShingleHash};
use crate::sign::winnow::winnow;

/// Thresholds and shapes of the verification.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VerifyParams {
    /// Words per shingle.
    pub shingle: usize,
    /// Winnowing window of the anchors (to classify boilerplate runs).
    pub window: usize,
    pub min_passage: usize,
    pub min_containment: f64,
    pub threshold: f64,
    /// Largest gap, in tokens on both sides, that still joins two runs into one passage.
    pub max_gap: usize,
    /// Shingles of the shortest passage kept (`Tuning::min_run_shingles`).
    pub min_run_shingles: usize,
    /// Longest run, in words, that can be boilerplate (`Tuning::max_chrome_words`).
    pub max_chrome_words: u32,
    /// Words from an article's end within which shared text is at its foot
    /// (`Tuning::edge_words`).
    pub edge_words: u32,
    /// Occurrences in `a` above which a shingle starts no run (`Tuning::max_occurrences`).
    pub max_occurrences: u32,
    /// Passages the rewrite rule needs (`Tuning::rewrite_min_passages`).
    pub rewrite_min_passages: usize,
    /// Differing figures that make two fills of one template (`Tuning::fill_min_figures`).
    pub fill_min_figures: u32,
    /// Words per differing figure, at the most, of two fills (`Tuning::fill_words_per_figure`).
    pub fill_words_per_figure: u32,
    /// The sentence-alignment rule of rewritten copy.
    pub rewrite: rewrite::RewriteParams,
}

/// A half-open range of token indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TokenSpan {
    pub start: u32,
    pub end: u32,
}

impl TokenSpan {
    pub fn len(&self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The span in Unicode characters of the text the tokens came from. Invariant: `tokens` are
    /// that text's token spans ([`char_spans`]) and the span lies within them (as every span
    /// `compare` returns does).
    pub fn to_chars(&self, tokens: &[CharSpan]) -> CharSpan {
        let s = tokens.get(self.start as usize).map_or(0, |t| t.start);
        let e = self
            .end
            .checked_sub(1)
            .and_then(|i| tokens.get(i as usize))
            .map_or(s, |t| t.end);
        CharSpan {
            start: s,
            end: e.max(s),
        }
    }
}

/// The character span of every token: what alignment needs to turn token positions into
/// offsets into the text, kept (in the article store) so that texts need not be tokenized twice.
pub fn char_spans(tokens: &[Token]) -> Vec<CharSpan> {
    tokens
        .iter()
        .map(|t| CharSpan {
            start: t.start,
            end: t.end,
        })
        .collect()
}

/// A half-open range of Unicode-character offsets into an article's text as read.
/// Invariant: `start <= end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CharSpan {
    pub start: u32,
    pub end: u32,
}

impl CharSpan {
    /// The characters of `text` in this span.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        // Fast path: when the text's first `end` bytes are ASCII, characters are bytes up to
        // there (a vectorised check instead of decoding every character before the span).
        let (start, end) = (self.start as usize, self.end as usize);
        if start <= end && end <= text.len() && text.as_bytes()[..end].is_ascii() {
            return &text[start..end];
        }
        let mut it = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()));
        let b0 = it.nth(self.start as usize).unwrap_or(text.len());
        let b1 = if self.end > self.start {
            it.nth((self.end - self.start - 1) as usize)
                .unwrap_or(text.len())
        } else {
            b0
        };
        &text[b0..b1]
    }

    /// [`CharSpan::slice`] of each span, with one walk over the text's characters for all of
    /// them (a pair's passages on a non-ASCII text would otherwise each walk it from the start).
    pub fn slices<'t>(text: &'t str, spans: &[CharSpan]) -> Vec<&'t str> {
        let max_end = spans.iter().map(|s| s.end as usize).max().unwrap_or(0);
        if max_end <= text.len() && text.as_bytes()[..max_end].is_ascii() {
            return spans.iter().map(|s| s.slice(text)).collect();
        }
        let mut bounds: Vec<u32> = spans
            .iter()
            .flat_map(|s| [s.start, s.end.max(s.start)])
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        // The byte offset of each bound (the text's end past its last character).
        let mut offsets = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()));
        let (mut pos, mut byte) = (0u32, offsets.next().unwrap_or(text.len()));
        let mut at = Vec::with_capacity(bounds.len());
        for &b in &bounds {
            while pos < b {
                match offsets.next() {
                    Some(x) => {
                        byte = x;
                        pos += 1;
                    }
                    None => {
                        byte = text.len();
                        pos = b;
                    }
                }
            }
            at.push(byte);
        }
        let byte_of = |c: u32| at[bounds.binary_search(&c).unwrap_or(0)];
        spans
            .iter()
            .map(|s| &text[byte_of(s.start)..byte_of(s.end.max(s.start))])
            .collect()
    }
}

/// One aligned shared passage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Passage {
    pub a: TokenSpan,
    pub b: TokenSpan,
}

impl Passage {
    /// Words of `a` in the passage.
    pub fn words(&self) -> u32 {
        self.a.len()
    }
}

/// Everything verification learns about a pair.
#[derive(Clone, Debug, PartialEq)]
pub struct PairEvidence {
    pub jaccard: f64,
    pub containment_a: f64,
    pub containment_b: f64,
    pub shared_words: u32,
    /// Sorted by `a.start`; never overlapping in `a` nor in `b`.
    pub passages: Vec<Passage>,
    /// Shared text found to be boilerplate (site chrome, stock phrases), which counts for
    /// nothing; kept so that the rewrite check leaves it out too. Not reported.
    pub excluded: Vec<Passage>,
}

/// What kind of reuse a reported pair is (the `kind` column of `pairs.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReuseKind {
    /// A near-duplicate: `jaccard ≥ threshold`.
    Duplicate,
    /// Shares verbatim passages ([`is_reuse`]).
    Passages,
    /// Rewritten copy: no verbatim evidence enough, but sentences that align through the edits
    /// ([`rewrite`]).
    Rewrite,
}

impl ReuseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReuseKind::Duplicate => "duplicate",
            ReuseKind::Passages => "passages",
            ReuseKind::Rewrite => "rewrite",
        }
    }

    /// The inverse of [`ReuseKind::as_str`].
    pub fn parse(s: &str) -> Option<ReuseKind> {
        match s {
            "duplicate" => Some(ReuseKind::Duplicate),
            "passages" => Some(ReuseKind::Passages),
            "rewrite" => Some(ReuseKind::Rewrite),
            _ => None,
        }
    }
}

impl PairEvidence {
    /// The longest passage (the first one on ties).
    pub fn longest(&self) -> Option<&Passage> {
        self.passages
            .iter()
            .fold(None, |best: Option<&Passage>, p| match best {
                Some(b) if b.words() >= p.words() => Some(b),
                _ => Some(p),
            })
    }
}

type IdMap<V> = PrehashedMap<V>;

/// An exact run of equal shingles: `a[ai..ai+len] == b[bj..bj+len]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Run {
    ai: u32,
    bj: u32,
    len: u32,
}

impl Run {
    /// The run's words on both sides, with shingles of `n` words.
    fn passage(&self, n: u32) -> Passage {
        Passage {
            a: TokenSpan {
                start: self.ai,
                end: self.ai + self.len + n - 1,
            },
            b: TokenSpan {
                start: self.bj,
                end: self.bj + self.len + n - 1,
            },
        }
    }
}

/// One article prepared for many comparisons (a candidate group shares its first article): its
/// shingle sequence with a hash index, built once.
pub struct Prepared<'a> {
    seq: &'a [ShingleHash],
    /// hash → (first position, occurrences, distinct slot).
    first: IdMap<(u32, u32, u32)>,
    /// next[i] = the next position holding the same hash as position i.
    next: Vec<u32>,
    /// Per distinct slot, the comparison that last counted it (to count distinct shared
    /// shingles without a set).
    seen: Vec<u32>,
    epoch: u32,
    /// The article's anchor positions and the window they were winnowed with: computed on the
    /// first comparison that needs them, then reused by the group's other comparisons.
    anchors: Option<(usize, Vec<u32>)>,
}

impl<'a> Prepared<'a> {
    pub fn new(seq: &'a [ShingleHash]) -> Prepared<'a> {
        let mut first: IdMap<(u32, u32, u32)> =
            IdMap::with_capacity_and_hasher(seq.len(), Default::default());
        let mut next = vec![u32::MAX; seq.len()];
        for i in (0..seq.len()).rev() {
            let slot = first.len() as u32;
            let e = first.entry(seq[i]).or_insert((u32::MAX, 0, slot));
            next[i] = e.0;
            e.0 = i as u32;
            e.1 += 1;
        }
        let distinct = first.len();
        Prepared {
            seq,
            first,
            next,
            seen: vec![0; distinct],
            epoch: 0,
            anchors: None,
        }
    }

    /// The anchor positions for `window`, winnowed once (taken out; put back with
    /// [`Prepared::keep_anchors`]).
    fn take_anchors(&mut self, window: usize) -> Vec<u32> {
        match self.anchors.take() {
            Some((w, anchors)) if w == window => anchors,
            _ => winnow(self.seq, window),
        }
    }

    fn keep_anchors(&mut self, window: usize, anchors: Vec<u32>) {
        self.anchors = Some((window, anchors));
    }

    /// Distinct shingles of the article.
    pub fn distinct(&self) -> usize {
        self.first.len()
    }
}

fn maximal_runs(a: &Prepared, b: &[ShingleHash], max_occurrences: u32) -> Vec<Run> {
    let sa = a.seq;
    let mut runs = Vec::new();
    for (j, h) in b.iter().enumerate() {
        let Some(&(mut i, count, _)) = a.first.get(h) else {
            continue;
        };
        if count > max_occurrences {
            continue;
        }
        while i != u32::MAX {
            let iu = i as usize;
            if !(iu > 0 && j > 0 && sa[iu - 1] == b[j - 1]) {
                let mut len = 1;
                while iu + len < sa.len() && j + len < b.len() && sa[iu + len] == b[j + len] {
                    len += 1;
                }
                runs.push(Run {
                    ai: i,
                    bj: j as u32,
                    len: len as u32,
                });
            }
            i = a.next[iu];
        }
    }
    runs
}

fn overlaps(x0: u32, x1: u32, y0: u32, y1: u32) -> bool {
    x0 < y1 && y0 < x1
}

/// Cuts off `ps` the words, at most `max` on a side, by which its edge runs into `kept`'s:
/// its start when it begins inside `kept` (in `a`, where `ps` comes after, or in `b`), its
/// end when it ends inside `kept` in `b`. A passage starts and ends with a verbatim run of at
/// least `max + 1` words, so the same count comes off both sides and what is left is still
/// verbatim. A deeper overlap is left for the caller's clash rule.
fn trim_meeting_edge(ps: &mut Passage, kept: &Passage, max: u32) {
    // `d` words can come off `ps` when they are few and leave some of it.
    let fits = |ps: &Passage, d: u32| d <= max && d < ps.a.len().min(ps.b.len());
    let cut_start = |ps: &mut Passage, d: u32| {
        if fits(ps, d) {
            ps.a.start += d;
            ps.b.start += d;
        }
    };
    if overlaps(ps.a.start, ps.a.end, kept.a.start, kept.a.end) && ps.a.start >= kept.a.start {
        cut_start(ps, kept.a.end - ps.a.start);
    }
    if overlaps(ps.b.start, ps.b.end, kept.b.start, kept.b.end) {
        if ps.b.start >= kept.b.start {
            cut_start(ps, kept.b.end - ps.b.start);
        } else if fits(ps, ps.b.end - kept.b.start) {
            let d = ps.b.end - kept.b.start;
            ps.a.end -= d;
            ps.b.end -= d;
        }
    }
}

/// Whether `a` comes first in the canonical orientation of a pair: the shorter sequence, then
/// the lexicographically smaller one. Equal sequences compare the same either way.
fn canonical_first(a: &[ShingleHash], b: &[ShingleHash]) -> bool {
    (a.len(), a) <= (b.len(), b)
}

/// Passages seen from the other side: sides swapped, sorted by their new `a`.
pub(crate) fn mirror(passages: Vec<Passage>) -> Vec<Passage> {
    let mut out: Vec<Passage> = passages
        .into_iter()
        .map(|ps| Passage { a: ps.b, b: ps.a })
        .collect();
    out.sort_unstable_by_key(|ps| (ps.a.start, ps.b.start));
    out
}

impl PairEvidence {
    /// The same evidence seen from `b`: sides swapped, passages sorted by their new `a`,
    /// `shared_words` counted in the new `a`.
    pub fn mirrored(self) -> PairEvidence {
        let passages = mirror(self.passages);
        let excluded = mirror(self.excluded);
        PairEvidence {
            jaccard: self.jaccard,
            containment_a: self.containment_b,
            containment_b: self.containment_a,
            shared_words: passages.iter().map(|ps| ps.words()).sum(),
            passages,
            excluded,
        }
    }
}

/// Compares article `a` (prepared) with article `b`, whose shingle sequence is `b` with
/// `b_distinct` distinct values; see the module header for what each number means.
///
/// Symmetric: `compare(a, b)` is `compare(b, a).mirrored()`. Alignment itself is not (runs are
/// chosen longest first with ties broken by position in `a`, passages merged in `a`'s order,
/// boilerplate judged by `a`'s anchors), so the pair is always aligned in one canonical
/// orientation ([`canonical_first`]) and the result mirrored when the caller's is the other:
/// the figures do not depend on input order or on the order of `explain`'s arguments.
pub fn compare(
    a: &mut Prepared,
    b: &[ShingleHash],
    b_distinct: usize,
    boilerplate: &PairBoilerplate,
    marks: Marks,
    p: &VerifyParams,
) -> PairEvidence {
    if canonical_first(a.seq, b) {
        compare_oriented(a, b, b_distinct, boilerplate, marks, p)
    } else {
        let a_distinct = a.distinct();
        let mut pb = Prepared::new(b);
        compare_oriented(&mut pb, a.seq, a_distinct, boilerplate, marks.swapped(), p).mirrored()
    }
}

/// A figure of an article (a token written in digits): its token index and a 16-bit key of its
/// normal form, so that two articles' figures compare without their texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figure {
    pub at: u32,
    pub key: u16,
}

/// What the verbatim rule reads of one article besides its shingles
/// ([`rewrite::Sentences::marks`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct SideMarks<'q> {
    /// Its quotations, as token spans (sorted, disjoint): text two outlets share only because
    /// both quote one speaker is not evidence of reuse ([`is_quotation`]).
    pub quotes: &'q [TokenSpan],
    /// Its figures, sorted by token index: text two outlets share only because both fill one
    /// template is not either ([`is_template_fill`]).
    pub figures: &'q [Figure],
}

/// The marks of a pair's two articles.
#[derive(Clone, Copy, Debug, Default)]
pub struct Marks<'q> {
    pub a: SideMarks<'q>,
    pub b: SideMarks<'q>,
}

impl<'q> Marks<'q> {
    /// Nothing known (tests, and callers without the texts).
    pub const NONE: Marks<'static> = Marks {
        a: SideMarks {
            quotes: &[],
            figures: &[],
        },
        b: SideMarks {
            quotes: &[],
            figures: &[],
        },
    };

    /// The marks of articles `a` and `b`.
    pub fn of(a: &'q rewrite::Sentences, b: &'q rewrite::Sentences) -> Marks<'q> {
        Marks {
            a: a.marks(),
            b: b.marks(),
        }
    }

    fn swapped(self) -> Marks<'q> {
        Marks {
            a: self.b,
            b: self.a,
        }
    }
}

/// Tokens of `span` inside `quotes` (sorted, disjoint).
fn quoted_count(span: TokenSpan, quotes: &[TokenSpan]) -> u32 {
    let from = quotes.partition_point(|q| q.end <= span.start);
    quotes[from..]
        .iter()
        .take_while(|q| q.start < span.end)
        .map(|q| q.end.min(span.end) - q.start.max(span.start))
        .sum()
}

/// Whether a passage is a quotation: at least half of it lies inside quotation marks on
/// either side. Two stories quoting one statement share it without sharing copy; nor does a
/// story quoting a statement share copy with one that prints it whole, as a block without
/// marks (a press release, a scraped blockquote): both took it from its speaker. A verbatim
/// copy keeps the marks of what it copies; a desk rewrite may drop them ("«uno de los polos
/// más dinámicos»" becomes narrative), and then that passage no longer counts, but a rewrite
/// shows in the rest of the text.
fn is_quotation(ps: &Passage, marks: Marks) -> bool {
    2 * quoted_count(ps.a, marks.a.quotes) >= ps.a.len()
        || 2 * quoted_count(ps.b, marks.b.quotes) >= ps.b.len()
}

/// [`compare`] in the caller's orientation.
fn compare_oriented(
    a: &mut Prepared,
    b: &[ShingleHash],
    b_distinct: usize,
    boilerplate: &PairBoilerplate,
    marks: Marks,
    p: &VerifyParams,
) -> PairEvidence {
    let n = p.shingle.max(1) as u32;
    let mut runs = maximal_runs(a, b, p.max_occurrences);
    // Longest first; ties by position, so the choice is deterministic.
    runs.sort_unstable_by(|x, y| {
        y.len
            .cmp(&x.len)
            .then(x.ai.cmp(&y.ai))
            .then(x.bj.cmp(&y.bj))
    });
    let mut chosen: Vec<Run> = Vec::new();
    for r in runs {
        let clash = chosen.iter().any(|c| {
            overlaps(r.ai, r.ai + r.len, c.ai, c.ai + c.len)
                || overlaps(r.bj, r.bj + r.len, c.bj, c.bj + c.len)
        });
        if !clash {
            chosen.push(r);
        }
    }

    // Boilerplate runs: most of their anchors are boilerplate. The anchors are winnowed once
    // per prepared article, and only when there is boilerplate and a run to judge.
    let needs_anchors = !boilerplate.is_empty() && !chosen.is_empty();
    let anchors = if needs_anchors {
        a.take_anchors(p.window)
    } else {
        Vec::new()
    };
    // Shingles `start..end` of `a` are boilerplate when at least half of the anchors among them,
    // and at least one, are.
    let is_boilerplate = |start: u32, end: u32| {
        if end - start + n - 1 > p.max_chrome_words {
            return false;
        }
        let lo = anchors.partition_point(|&x| x < start);
        let hi = anchors.partition_point(|&x| x < end);
        let flagged = anchors[lo..hi]
            .iter()
            .filter(|&&x| boilerplate.contains(a.seq[x as usize]))
            .count();
        flagged >= 1 && 2 * flagged >= hi - lo
    };
    let mut bp_hashes: Vec<ShingleHash> = Vec::new();
    let mut excluded: Vec<Passage> = Vec::new();
    chosen.retain(|r| {
        let is_bp = is_boilerplate(r.ai, r.ai + r.len);
        if is_bp {
            bp_hashes.extend_from_slice(&a.seq[r.ai as usize..(r.ai + r.len) as usize]);
            excluded.push(r.passage(n));
        }
        !is_bp
    });

    // Merge runs into passages (in token coordinates).
    chosen.sort_unstable_by_key(|r| (r.ai, r.bj));
    let gap = p.max_gap as u32;
    let mut passages: Vec<Passage> = Vec::new();
    for r in &chosen {
        let Passage { a: pa, b: pb } = r.passage(n);
        if let Some(last) = passages.last_mut() {
            let joins = pa.start <= last.a.end + gap
                && pb.start >= last.b.start
                && pb.start <= last.b.end + gap
                && pb.end > last.b.end;
            if joins {
                last.a.end = last.a.end.max(pa.end);
                last.b.end = last.b.end.max(pb.end);
                continue;
            }
        }
        passages.push(Passage { a: pa, b: pb });
    }
    // Passages can overlap. Runs whose shingles are disjoint share up to `n - 1` words where
    // they meet ("… makers. The" and "The Eindhoven …"): those words go to the passage kept
    // first, cut off the other's edge (within its first or last run, so still verbatim on
    // both sides). And merging can make passages overlap more: neighbours in `a` (b-order
    // breaks), and in `b` any two, when a merged passage bridges a gap of `b` that holds
    // another passage's run. Then a passage replaces the kept ones it clashes with when it
    // is longer than each, else is dropped. Passages come sorted by `a.start`, and stay so.
    let min_words = n + p.min_run_shingles as u32 - 1;
    let mut kept: Vec<Passage> = Vec::new();
    for mut ps in passages {
        for k in &kept {
            trim_meeting_edge(&mut ps, k, n - 1);
        }
        if ps.words() < min_words {
            continue;
        }
        let clashes = |k: &Passage| {
            overlaps(ps.a.start, ps.a.end, k.a.start, k.a.end)
                || overlaps(ps.b.start, ps.b.end, k.b.start, k.b.end)
        };
        if kept.iter().all(|k| !clashes(k) || ps.words() > k.words()) {
            kept.retain(|k| !clashes(k));
            kept.push(ps);
        }
    }
    let (tokens_a, tokens_b) = (a.seq.len() as u32 + n - 1, b.len() as u32 + n - 1);
    // A site's header or footer under two articles of one outlet, whatever its length: the
    // outlet's template anchors at one edge of both are cut off the passage
    // ([`edge_chrome_cut`]); what is left of it, if long enough on both sides, is judged as
    // any passage.
    if needs_anchors && boilerplate.same_outlet() {
        let mut trimmed = Vec::with_capacity(kept.len());
        for ps in kept {
            let flagged = |x: u32| boilerplate.is_template(a.seq[x as usize]);
            match edge_chrome_cut(&ps, &anchors, flagged, (tokens_a, tokens_b), n) {
                None => trimmed.push(ps),
                Some((rest, chrome)) => {
                    let shingles = chrome.a.start as usize..(chrome.a.end + 1 - n) as usize;
                    bp_hashes.extend_from_slice(&a.seq[shingles]);
                    excluded.push(chrome);
                    trimmed
                        .extend(rest.filter(|r| r.words() >= min_words && r.b.len() >= min_words));
                }
            }
        }
        kept = trimmed;
    }
    // Short chrome runs (shorter than a winnowing window, so without an anchor of their own)
    // can merge into a passage that is still mostly chrome: judge the passage too.
    // And a block two articles of one outlet share at the same edge (top or bottom) of both,
    // short and not most of either, is that outlet's chrome even before the outlet has enough
    // articles for the corpus-wide rule ([`is_edge_chrome`]).
    kept.retain(|ps| {
        let end = ps.a.end + 1 - n;
        let is_bp = is_boilerplate(ps.a.start, end)
            || (boilerplate.same_outlet()
                && is_edge_chrome(
                    ps,
                    tokens_a,
                    tokens_b,
                    p.max_chrome_words,
                    p.min_passage as u32,
                ));
        let is_quote = !is_bp && is_quotation(ps, marks);
        if is_bp || is_quote {
            bp_hashes.extend_from_slice(&a.seq[ps.a.start as usize..end as usize]);
        }
        if is_bp {
            excluded.push(*ps);
        }
        !(is_bp || is_quote)
    });
    // Two fills of one template share every word but the figures: all of it is the
    // template's, none is copy.
    if is_template_fill(&kept, marks, p) {
        for ps in kept.drain(..) {
            bp_hashes.extend_from_slice(&a.seq[ps.a.start as usize..(ps.a.end + 1 - n) as usize]);
            excluded.push(ps);
        }
    }
    excluded.sort_unstable_by_key(|ps| (ps.a.start, ps.b.start));
    bp_hashes.sort_unstable();
    bp_hashes.dedup();
    if needs_anchors {
        a.keep_anchors(p.window, anchors);
    }

    // Exact set numbers with boilerplate removed (every boilerplate hash is in both sets).
    a.epoch = a.epoch.wrapping_add(1);
    if a.epoch == 0 {
        a.seen.iter_mut().for_each(|s| *s = 0);
        a.epoch = 1;
    }
    let mut inter = 0;
    for h in b {
        if let Some(&(_, _, slot)) = a.first.get(h) {
            let seen = &mut a.seen[slot as usize];
            if *seen != a.epoch {
                *seen = a.epoch;
                inter += bp_hashes.binary_search(h).is_err() as usize;
            }
        }
    }
    let size_a = a.distinct().saturating_sub(bp_hashes.len());
    let size_b = b_distinct.saturating_sub(bp_hashes.len());
    let ratio = |x: usize, y: usize| if y == 0 { 0.0 } else { x as f64 / y as f64 };
    let union = (size_a + size_b).saturating_sub(inter);
    PairEvidence {
        jaccard: ratio(inter, union),
        containment_a: ratio(inter, size_a),
        containment_b: ratio(inter, size_b),
        shared_words: kept.iter().map(|ps| ps.words()).sum(),
        passages: kept,
        excluded,
    }
}

/// Whether `passages` are two fills of one template: a bot's earnings snapshots of two
/// companies, a market close of two days, two quakes, two draws. Their passages run across the
/// slots, every few words, where the two articles print other figures (a gap of `max_gap`
/// joins runs): long and verbatim but for the figures, like a reprint. What tells them apart
/// is the figures: a reprint keeps most of its source's figures and updates one or two, far
/// apart (a death toll); two fills share few figures and differ in one every few words.
///
/// So: within each passage, and within each short gap between two passages (a slot wide
/// enough to cut them, at most `3 × max_gap` words on each side), and in the word right before
/// and right after each passage elsewhere (a short fill's passages stop at its slots), the
/// figures of `a`'s span and
/// of `b`'s are compared as multisets of their keys: those found on both sides are shared;
/// of the rest, as many as the smaller side holds differ — a slot holds a figure on both sides,
/// while a figure one side has and the other lacks (a word turned into a number, a clause
/// added) is no slot. The pair is a template fill when at least
/// `fill_min_figures` differ, more than are shared, at least one every `fill_words_per_figure`
/// words. Figures are tokens written in digits (`skeleton::TextMarks::digits`): a template's
/// "million" and "fourth" are its fixed words. Names that differ (the company, the town) are
/// not counted, so the rule errs towards copy; a copy whose words were changed around its
/// figures (spun, rewritten) keeps its figures, and they count as shared.
fn is_template_fill(passages: &[Passage], marks: Marks, p: &VerifyParams) -> bool {
    if passages.is_empty() || (marks.a.figures.is_empty() && marks.b.figures.is_empty()) {
        return false;
    }
    let (mut shared, mut differ, mut words) = (0u32, 0u32, 0u32);
    let (mut ka, mut kb): (Vec<u16>, Vec<u16>) = (Vec::new(), Vec::new());
    let mut compare = |sa: TokenSpan, sb: TokenSpan| {
        ka.clear();
        kb.clear();
        ka.extend(within(marks.a.figures, sa).iter().map(|f| f.key));
        kb.extend(within(marks.b.figures, sb).iter().map(|f| f.key));
        ka.sort_unstable();
        kb.sort_unstable();
        let (mut i, mut j, mut common) = (0, 0, 0u32);
        while i < ka.len() && j < kb.len() {
            match ka[i].cmp(&kb[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        shared += common;
        differ += ka.len().min(kb.len()) as u32 - common;
    };
    let slot = 3 * p.max_gap as u32;
    // Whether the gap after passage `i` is a slot compared as such.
    let mut slot_after = vec![false; passages.len()];
    for (i, w) in passages.windows(2).enumerate() {
        let (x, y) = (&w[0], &w[1]);
        if y.a.start >= x.a.end
            && y.b.start >= x.b.end
            && y.a.start - x.a.end <= slot
            && y.b.start - x.b.end <= slot
        {
            slot_after[i] = true;
            let ga = TokenSpan {
                start: x.a.end,
                end: y.a.start,
            };
            let gb = TokenSpan {
                start: x.b.end,
                end: y.b.start,
            };
            words += ga.len();
            compare(ga, gb);
        }
    }
    // The word right before a passage and the word right after it, where no slot between two
    // passages holds them: two fills' runs stop where their figures differ, a reprint's where
    // the reprinter's own words begin.
    let one = |at: u32| TokenSpan {
        start: at,
        end: at + 1,
    };
    for (i, ps) in passages.iter().enumerate() {
        words += ps.words();
        compare(ps.a, ps.b);
        if ps.a.start > 0 && ps.b.start > 0 && (i == 0 || !slot_after[i - 1]) {
            words += 1;
            compare(one(ps.a.start - 1), one(ps.b.start - 1));
        }
        if !slot_after[i] {
            words += 1;
            compare(one(ps.a.end), one(ps.b.end));
        }
    }
    differ >= p.fill_min_figures && differ > shared && differ * p.fill_words_per_figure >= words
}

/// The figures of `figures` (sorted) inside `span`.
fn within(figures: &[Figure], span: TokenSpan) -> &[Figure] {
    let from = figures.partition_point(|f| f.at < span.start);
    let to = figures.partition_point(|f| f.at < span.end);
    &figures[from..to]
}

/// Words from an article's edge within which a block still sits "at" that edge (a date line
/// or a share button may follow a footer).
pub const EDGE_SLACK: u32 = 12;

/// The same-outlet chrome rule: a passage of at most `max_chrome_words` words that sits at the
/// top of both articles or at the bottom of both (not both: that is the whole article), with
/// at least `min_rest` words of each article outside it — a newsletter blurb, an "About us"
/// box, a performance listing under every article of one site. Applied only to two articles
/// of one outlet (`tokens_*`: the articles' token counts).
pub fn is_edge_chrome(
    ps: &Passage,
    tokens_a: u32,
    tokens_b: u32,
    max_chrome_words: u32,
    min_rest: u32,
) -> bool {
    let words = ps.a.len().max(ps.b.len());
    if words > max_chrome_words
        || ps.a.len() + min_rest > tokens_a
        || ps.b.len() + min_rest > tokens_b
    {
        return false;
    }
    let top = ps.a.start <= EDGE_SLACK && ps.b.start <= EDGE_SLACK;
    let bottom = ps.a.end + EDGE_SLACK >= tokens_a && ps.b.end + EDGE_SLACK >= tokens_b;
    top != bottom
}

/// The site chrome at one edge of a same-outlet passage `ps`: when `ps` sits at the top of both
/// articles or at the bottom of both (not both: that is the whole article) and its anchors
/// nearest that edge are `flagged` (the outlet's template — chrome in at least
/// `template_min_docs` of its articles — or stock phrases), the part from the edge to the
/// innermost of those anchors is chrome, whatever its length — a footer of related links, a
/// cookie notice, a navigation header. Returns what is left of the
/// passage (`None` when the chrome is all of it) and the chrome part; `None` when nothing is cut.
///
/// `anchors` are `a`'s anchor positions (shingle indices, sorted); `tokens` the two articles'
/// token counts. The cut falls at the innermost flagged anchor's first word, so up to a
/// window's words of chrome can stay with the rest; the chrome part is a verbatim block, so
/// the same number of words is cut from `b`'s side.
///
/// Why only within one outlet, at an edge, and with the template's count: a long block under
/// many of a site's articles is its template; the same text across outlets, or in the middle
/// of an article, is a story, and so is a block a few of the outlet's articles share (one story
/// printed four times with new headlines). The price: an outlet that prints sixteen versions
/// of one story with new tops and the same tail has that tail taken for its footer.
pub fn edge_chrome_cut(
    ps: &Passage,
    anchors: &[u32],
    flagged: impl Fn(u32) -> bool,
    tokens: (u32, u32),
    n: u32,
) -> Option<(Option<Passage>, Passage)> {
    let (tokens_a, tokens_b) = tokens;
    let top = ps.a.start <= EDGE_SLACK && ps.b.start <= EDGE_SLACK;
    let bottom = ps.a.end + EDGE_SLACK >= tokens_a && ps.b.end + EDGE_SLACK >= tokens_b;
    if top == bottom || ps.a.end < ps.a.start + n {
        return None;
    }
    // The passage's anchors: shingles `start..end` of `a`.
    let (lo, hi) = (
        anchors.partition_point(|&x| x < ps.a.start),
        anchors.partition_point(|&x| x + n <= ps.a.end),
    );
    let inside = &anchors[lo..hi];
    if bottom {
        let keep = inside
            .iter()
            .rposition(|&x| !flagged(x))
            .map_or(0, |i| i + 1);
        let cut = *inside.get(keep)?;
        let t = ps.a.end - cut;
        let chrome = Passage {
            a: TokenSpan {
                start: cut,
                end: ps.a.end,
            },
            b: TokenSpan {
                start: ps.b.end.saturating_sub(t).max(ps.b.start),
                end: ps.b.end,
            },
        };
        let rest = (keep > 0).then_some(Passage {
            a: TokenSpan {
                start: ps.a.start,
                end: cut + n - 1,
            },
            b: TokenSpan {
                start: ps.b.start,
                end: chrome.b.start + n - 1,
            },
        });
        Some((rest, chrome))
    } else {
        let stop = inside
            .iter()
            .position(|&x| !flagged(x))
            .unwrap_or(inside.len());
        let last = *inside[..stop].last()?;
        let t = last + n - ps.a.start;
        let chrome = Passage {
            a: TokenSpan {
                start: ps.a.start,
                end: last + n,
            },
            b: TokenSpan {
                start: ps.b.start,
                end: (ps.b.start + t).min(ps.b.end),
            },
        };
        let rest = (stop < inside.len()).then_some(Passage {
            a: TokenSpan {
                start: last + 1,
                end: ps.a.end,
            },
            b: TokenSpan {
                start: chrome.b.end + 1 - n,
                end: ps.b.end,
            },
        });
        Some((rest, chrome))
    }
}

/// How a compared pair is reported, if it is: the verbatim rule first ([`is_reuse`];
/// a near-duplicate when `jaccard ≥ threshold`), else the rewrite check, called only then —
/// `rewrite(excluded)` returns the aligned sentences ([`rewrite::align`]) given the text
/// verification found to be boilerplate. A rewrite's passages are its aligned sentences.
pub fn decide(
    mut e: PairEvidence,
    p: &VerifyParams,
    rewrite: impl FnOnce(&[Passage]) -> Option<Vec<Passage>>,
) -> Option<(ReuseKind, PairEvidence)> {
    if is_reuse(&e, p) {
        let kind = if e.jaccard >= p.threshold {
            ReuseKind::Duplicate
        } else {
            ReuseKind::Passages
        };
        return Some((kind, e));
    }
    let aligned = rewrite(&e.excluded)?;
    if let [block] = e.passages.as_slice() {
        if aligned.iter().all(|s| verbatim_within(s, block)) {
            // The articles share one block word for word, which the verbatim rule above has
            // weighed and found too little (a footer shorter than the anchor window, say),
            // and every aligned sentence lies inside it: that block is no rewrite.
            return None;
        }
    }
    e.shared_words = aligned.iter().map(|ps| ps.words()).sum();
    e.passages = aligned;
    Some((ReuseKind::Rewrite, e))
}

/// Whether `a`'s side of an aligned sentence lies inside a verbatim passage, give or take a
/// word at either end (a sentence's closing word may sit just past a shared run).
fn verbatim_within(sentence: &Passage, verbatim: &Passage) -> bool {
    verbatim.a.start <= sentence.a.start + 1 && sentence.a.end <= verbatim.a.end + 1
}

/// The boilerplate spans of each side, for [`rewrite::align`].
pub fn excluded_sides(excluded: &[Passage]) -> (Vec<TokenSpan>, Vec<TokenSpan>) {
    excluded.iter().map(|ps| (ps.a, ps.b)).unzip()
}

/// The prints of a pair whose evidence is, but for less than `min_passage` words, at the foot of
/// both articles — the passages ending within `edge_words` (`Tuning::edge_words`, 80: a
/// funder's or a newsletter's paragraph closing a story sits within the outlet's own footer
/// lines of its end) of the end of `a` and of `b`, at most `max_chrome_words` in all, verbatim
/// (not a rewrite). Empty for any other pair.
///
/// The prints are the shingles of those foot passages found in both articles (a name that
/// differs between two outlets' footers is in neither's prints) whose hash is a multiple of
/// [`PRINT_SAMPLE`], or the smallest of them when none is: a sample that the same block of text
/// gives in every pair holding it, whatever else the pair shares at its foot.
///
/// Why: a block printed at the foot of many unrelated stories (a funder's line, a newsletter's
/// promotion, a syndication note) is not reuse between them; the analysis
/// ([`crate::analyse::blocks`]) leaves out the pairs whose prints are mostly a block's that
/// several stories hold. Only the foot: the head of a story is what its truncated copies share
/// with it and with its reprints (on a generated corpus of 100,000 articles, taking the head
/// too dropped 28 true pairs, the foot alone none).
pub fn foot_prints(
    e: &PairEvidence,
    kind: ReuseKind,
    seq_a: &[ShingleHash],
    seq_b: &[ShingleHash],
    p: &VerifyParams,
) -> Vec<ShingleHash> {
    if kind == ReuseKind::Rewrite || e.passages.is_empty() {
        return Vec::new();
    }
    let words = |seq_len: usize| (seq_len + p.shingle.saturating_sub(1)) as u32;
    let (words_a, words_b) = (words(seq_a.len()), words(seq_b.len()));
    let reach = p.edge_words;
    let at_foot = |ps: &&Passage| {
        words_a.saturating_sub(ps.a.end) < reach && words_b.saturating_sub(ps.b.end) < reach
    };
    let (foot, rest): (Vec<&Passage>, Vec<&Passage>) = e.passages.iter().partition(at_foot);
    let foot_words: u32 = foot.iter().map(|ps| ps.words()).sum();
    let rest_words: u32 = rest.iter().map(|ps| ps.words()).sum();
    if foot.is_empty() || foot_words > p.max_chrome_words || rest_words >= p.min_passage as u32 {
        return Vec::new();
    }
    // The shingles wholly inside a passage: from its start to `end − shingle`.
    let shingles = |seq: &'_ [ShingleHash], span: TokenSpan| -> Vec<ShingleHash> {
        let last = (span.end as usize + 1).saturating_sub(p.shingle);
        seq.get(span.start as usize..last.max(span.start as usize))
            .unwrap_or(&[])
            .to_vec()
    };
    let mut in_b: Vec<ShingleHash> = foot.iter().flat_map(|ps| shingles(seq_b, ps.b)).collect();
    in_b.sort_unstable();
    let mut both: Vec<ShingleHash> = foot
        .iter()
        .flat_map(|ps| shingles(seq_a, ps.a))
        .filter(|h| in_b.binary_search(h).is_ok())
        .collect();
    both.sort_unstable();
    both.dedup();
    let sampled: Vec<ShingleHash> = both
        .iter()
        .copied()
        .filter(|h| h % PRINT_SAMPLE == 0)
        .collect();
    match (sampled.is_empty(), both.first()) {
        (false, _) => sampled,
        (true, Some(&min)) => vec![min],
        (true, None) => Vec::new(),
    }
}

/// One shingle in this many (by hash) is a print of foot evidence ([`foot_prints`]): about
/// eight prints for a 30-word funder's line.
pub const PRINT_SAMPLE: u64 = 4;

/// Whether the evidence is substantive enough to report the pair (see the module header).
pub fn is_reuse(e: &PairEvidence, p: &VerifyParams) -> bool {
    let min = p.min_passage as u32;
    if e.shared_words < min {
        return false;
    }
    let longest = e.longest().map_or(0, |ps| ps.words());
    longest >= min
        || e.containment_a.max(e.containment_b) >= p.min_containment
        || e.jaccard >= p.threshold
        || (e.passages.len() >= p.rewrite_min_passages && e.shared_words >= 2 * min)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidates::boilerplate::Boilerplate;

    fn distinct_count(seq: &[u64]) -> usize {
        crate::sign::shingle::shingle_set(seq).len()
    }

    #[test]
    fn evidence_at_the_foot_of_both_has_prints() {
        let span = |start, end| TokenSpan { start, end };
        let evidence = |passages: Vec<(TokenSpan, TokenSpan)>| PairEvidence {
            jaccard: 0.05,
            containment_a: 0.1,
            containment_b: 0.1,
            shared_words: passages.iter().map(|p| p.0.len()).sum(),
            passages: passages
                .into_iter()
                .map(|(a, b)| Passage { a, b })
                .collect(),
            excluded: Vec::new(),
        };
        // Article a: 500 words (496 shingles of 5); b: 800 words, whose words 750–790 are a's
        // last 40 (shingles 750–785 are a's 460–495), then a 10-word footer of its own.
        let seq_a: Vec<u64> = (0..496).map(|i| 1000 + i).collect();
        let mut seq_b: Vec<u64> = (0..796).map(|i| 50_000 + i).collect();
        seq_b[750..786].copy_from_slice(&seq_a[460..496]);
        let prints =
            |e: &PairEvidence, kind, seq_b: &[u64]| foot_prints(e, kind, &seq_a, seq_b, &params());
        let foot = (span(460, 500), span(750, 790));
        // a's foot shingles 1460..=1495, sampled: the multiples of 4.
        let sampled: Vec<u64> = (1460..1496).filter(|h| h % 4 == 0).collect();
        let got = prints(&evidence(vec![foot]), ReuseKind::Passages, &seq_b);
        assert_eq!(got, sampled);
        // A 14-word phrase elsewhere changes nothing; 25 words are evidence of their own.
        let stray = (span(100, 114), span(300, 314));
        let got = prints(&evidence(vec![stray, foot]), ReuseKind::Passages, &seq_b);
        assert_eq!(got, sampled);
        let lifted = (span(100, 125), span(300, 325));
        assert!(prints(&evidence(vec![lifted, foot]), ReuseKind::Passages, &seq_b).is_empty());
        // A word that differs (an outlet's name in a footer) leaves its shingles out.
        let mut named = seq_b.clone();
        named[764..769].copy_from_slice(&[7, 7, 7, 7, 7]);
        let got = prints(&evidence(vec![foot]), ReuseKind::Passages, &named);
        let kept: Vec<u64> = sampled
            .iter()
            .copied()
            .filter(|h| !(1474..1479).contains(h))
            .collect();
        assert_eq!(got, kept);
        // At the head of a (what a truncated copy shares), in the middle of b, a rewrite, or
        // too much text: no prints.
        for passages in [
            vec![(span(0, 30), span(760, 790))],
            vec![(span(460, 500), span(300, 340))],
            vec![
                (span(300, 450), span(620, 770)),
                (span(450, 500), span(770, 796)),
            ],
        ] {
            assert!(prints(&evidence(passages), ReuseKind::Passages, &seq_b).is_empty());
        }
        assert!(prints(&evidence(vec![foot]), ReuseKind::Rewrite, &seq_b).is_empty());
    }

    fn params() -> VerifyParams {
        VerifyParams {
            shingle: 5,
            window: 16,
            min_passage: 20,
            min_containment: 0.2,
            threshold: 0.5,
            max_gap: 8,
            min_run_shingles: 3,
            max_chrome_words: 150,
            edge_words: 80,
            max_occurrences: 8,
            rewrite_min_passages: 3,
            fill_min_figures: 3,
            fill_words_per_figure: 25,
            rewrite: rewrite::RewriteParams {
                min_sentences: 3,
                sentence: 0.5,
                cover: 0.4,
            },
        }
    }

    /// `a` (of outlet `outlets.0`) against `b` (of `outlets.1`) under `bp`; sequences built
    /// directly from "shingle" values: equal values = equal shingles.
    fn cmp_outlets(a: &[u64], b: &[u64], bp: &Boilerplate, outlets: (u32, u32)) -> PairEvidence {
        compare(
            &mut Prepared::new(a),
            b,
            distinct_count(b),
            &bp.for_pair(outlets.0, outlets.1),
            Marks::NONE,
            &params(),
        )
    }

    /// Two articles of two outlets.
    fn cmp(a: &[u64], b: &[u64], bp: &Boilerplate) -> PairEvidence {
        cmp_outlets(a, b, bp, (0, 1))
    }

    /// Two articles of one outlet (3).
    fn cmp_one_outlet(a: &[u64], b: &[u64], bp: &Boilerplate) -> PairEvidence {
        cmp_outlets(a, b, bp, (3, 3))
    }

    #[test]
    fn a_block_at_the_same_edge_of_two_articles_of_one_outlet_is_chrome() {
        let chrome = own(7000, 40);
        let mut a = own(1000, 200);
        a.extend_from_slice(&chrome);
        let mut b = own(3000, 150);
        b.extend_from_slice(&chrome);
        let none = Boilerplate::default();
        let one_outlet = |x: &[u64], y: &[u64]| cmp_one_outlet(x, y, &none);
        let e = one_outlet(&a, &b);
        assert!(e.passages.is_empty() && !is_reuse(&e, &params()));
        assert_eq!(e.excluded.len(), 1);
        // Across outlets it is shared text.
        assert!(is_reuse(&cmp(&a, &b, &none), &params()));
        // The same block in the middle of one article is not at an edge of both.
        let mut c = own(5000, 100);
        c.extend_from_slice(&chrome);
        c.extend(own(6000, 100));
        assert!(is_reuse(&one_outlet(&a, &c), &params()));
        // A whole article republished by its outlet is not chrome.
        assert!(is_reuse(&one_outlet(&a, &a.clone()), &params()));
    }

    /// A long footer (or header) flagged as the outlet's chrome, under two articles of that
    /// outlet: cut off whatever its length; what the articles share beside it still counts.
    #[test]
    fn a_long_block_of_outlet_chrome_at_an_edge_is_cut_off() {
        let footer = own(7000, 220);
        let header = own(8000, 180);
        let block = || footer.iter().chain(&header);
        let template = Boilerplate::new(
            Vec::new(),
            block()
                .flat_map(|&h| [(h, 3), (h, crate::candidates::boilerplate::template_of(3))])
                .collect(),
        );
        // Chrome, but under too few of the outlet's articles to be its template.
        let chrome = Boilerplate::new(Vec::new(), block().map(|&h| (h, 3)).collect());
        let one_outlet = |x: &[u64], y: &[u64]| cmp_one_outlet(x, y, &template);
        let with = |parts: &[&[u64]]| parts.concat();
        // Two briefs under one footer: no reuse, the footer excluded.
        let (a, b) = (
            with(&[&own(1000, 45), &footer]),
            with(&[&own(2000, 60), &footer]),
        );
        let e = one_outlet(&a, &b);
        assert!(e.passages.is_empty() && !is_reuse(&e, &params()), "{e:?}");
        assert_eq!(e.excluded.len(), 1);
        assert_eq!(e.jaccard, 0.0);
        // Too few articles of the outlet hold it (chrome, not template; or nothing): a long
        // block is shared text.
        for bp in [&chrome, &Boilerplate::default()] {
            assert!(is_reuse(&cmp_one_outlet(&a, &b, bp), &params()));
        }
        // Across outlets that do not both carry it as a template, it is shared text.
        assert!(is_reuse(&cmp(&a, &b, &template), &params()));
        // One brief printed twice under new headlines: the brief is found, the footer is not.
        let brief = own(3000, 60);
        let (c, d) = (
            with(&[&own(4000, 20), &brief, &footer]),
            with(&[&own(5000, 25), &brief, &footer]),
        );
        let e = one_outlet(&c, &d);
        assert!(is_reuse(&e, &params()), "{e:?}");
        assert_eq!(e.passages.len(), 1);
        let ps = e.passages[0];
        assert!(ps.a.start >= 20 && ps.a.end <= 20 + 64 + 16 + 4, "{ps:?}");
        assert!(
            e.shared_words >= 64 && e.shared_words <= 64 + 16 + 4,
            "{e:?}"
        );
        // The same at the top: a header over two stories.
        let (f, g) = (
            with(&[&header, &own(1000, 90)]),
            with(&[&header, &own(2000, 70)]),
        );
        assert!(!is_reuse(&one_outlet(&f, &g), &params()));
        let (h, i) = (
            with(&[&header, &brief, &own(4000, 30)]),
            with(&[&header, &brief, &own(5000, 40)]),
        );
        let e = one_outlet(&h, &i);
        assert!(is_reuse(&e, &params()), "{e:?}");
        assert!(e.passages[0].a.start >= 180 - 16, "{e:?}");
        // Not at an edge of both: a long flagged block mid-article is a story, not a template.
        let (j, k) = (
            with(&[&own(1000, 45), &footer, &own(1500, 40)]),
            with(&[&own(2000, 60), &footer]),
        );
        assert!(is_reuse(&one_outlet(&j, &k), &params()));
        // A whole article printed twice by its outlet is not chrome.
        assert!(is_reuse(&one_outlet(&a, &a.clone()), &params()));
    }

    #[test]
    fn a_shared_quotation_is_not_evidence() {
        let quote = own(7000, 40);
        let mut a = own(1000, 200);
        a.extend_from_slice(&quote);
        a.extend(own(1500, 100));
        let mut b = own(3000, 150);
        b.extend_from_slice(&quote);
        let none = Boilerplate::default();
        let q = |start: u32| {
            vec![TokenSpan {
                start,
                end: start + 44,
            }]
        };
        let (qa, qb) = (q(200), q(150));
        let with = |qa: &[TokenSpan], qb: &[TokenSpan]| {
            let marks = Marks {
                a: SideMarks {
                    quotes: qa,
                    figures: &[],
                },
                b: SideMarks {
                    quotes: qb,
                    figures: &[],
                },
            };
            compare(
                &mut Prepared::new(&a),
                &b,
                distinct_count(&b),
                &none.for_pair(0, 1),
                marks,
                &params(),
            )
        };
        assert!(is_reuse(&with(&[], &[]), &params()));
        let e = with(&qa, &qb);
        assert!(e.passages.is_empty() && !is_reuse(&e, &params()));
        // Quoted on one side only (the other prints the statement whole, without marks): both
        // took it from its speaker, not one from the other.
        assert!(!is_reuse(&with(&qa, &[]), &params()));
        assert!(!is_reuse(&with(&[], &qb), &params()));
        // Half of the passage quoted is a quotation, less is not.
        let (half, third) = (
            vec![TokenSpan {
                start: 200,
                end: 222,
            }],
            vec![TokenSpan {
                start: 200,
                end: 214,
            }],
        );
        assert!(!is_reuse(&with(&half, &[]), &params()));
        assert!(is_reuse(&with(&third, &[]), &params()));
    }

    /// `a` against `b`, as texts, with their marks (quotations and figures).
    fn cmp_texts(a: &str, b: &str) -> PairEvidence {
        let (seq_a, seq_b) = (
            crate::sign::shingle::of_text(a, 5),
            crate::sign::shingle::of_text(b, 5),
        );
        let (sa, sb) = (rewrite::Sentences::new(a), rewrite::Sentences::new(b));
        compare(
            &mut Prepared::new(&seq_a),
            &seq_b,
            distinct_count(&seq_b),
            &Boilerplate::default().for_pair(0, 1),
            Marks::of(&sa, &sb),
            &params(),
        )
    }

    /// A bot's snapshot: one template, the company and its figures filled in.
    fn snapshot(company: &str, f: [&str; 9]) -> String {
        format!(
            "{company} on Tuesday reported fourth-quarter profit of ${} million. The company \
             said it had net income of {} cents per share. Earnings, adjusted for one-time gains \
             and costs, were {} cents per share. The results did not meet Wall Street \
             expectations. The average estimate of {} analysts surveyed by the research firm was \
             for earnings of {} cents per share. The company posted revenue of ${} million in \
             the period, which also fell short of forecasts. For the year, the company reported \
             profit of ${} million. Shares have increased {}% since the beginning of the year \
             and closed at ${} on Tuesday.",
            f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]
        )
    }

    #[test]
    fn two_fills_of_one_template_are_not_copy() {
        let brindle = snapshot(
            "Brindle Foods Inc.",
            [
                "75.9", "158", "162", "7", "165", "249.5", "273.2", "19.0", "166.0",
            ],
        );
        let carvell = snapshot(
            "Carvell Systems Corp.",
            [
                "58.0", "175", "179", "3", "174", "853.6", "208.8", "5.1", "112.12",
            ],
        );
        // Verbatim but for the figures, one every few words: the template's, not copy.
        let e = cmp_texts(&brindle, &carvell);
        assert!(e.passages.is_empty(), "{e:?}");
        assert!(!is_reuse(&e, &params()) && e.containment_a < 0.2);
        assert!(!e.excluded.is_empty());
        // The same company's snapshot reprinted with its revenue and share price updated is
        // copy: its other figures are its source's.
        let updated = snapshot(
            "Brindle Foods Inc.",
            [
                "75.9", "158", "162", "7", "165", "251.0", "273.2", "19.0", "167.5",
            ],
        );
        assert!(is_reuse(&cmp_texts(&brindle, &updated), &params()));
        // A copy whose words were changed around its figures keeps them: copy.
        let spun = brindle
            .replace("cents per share", "cents a share")
            .replace(" million", "m")
            .replace("reported", "posted");
        assert!(is_reuse(&cmp_texts(&brindle, &spun), &params()));
        // And a story whose figures all changed is copy when they are far apart (a long
        // story's updated tolls).
        let story = |killed: &str, hurt: &str, missing: &str| {
            let body = "Rescue teams searched through the night for survivors in the hill \
                        villages, where roads were cut by landslides and the power was out. \
                        The regional governor said army trucks carrying food, water and tents \
                        had reached the worst hit valley on the second day of the operation. ";
            format!(
                "At least {killed} people were killed in the floods. {body}{body}Officials said \
                 {hurt} people were hurt. {body}{body}Another {missing} are missing. {body}"
            )
        };
        let e = cmp_texts(&story("12", "40", "9"), &story("15", "52", "7"));
        assert!(is_reuse(&e, &params()) && !e.passages.is_empty(), "{e:?}");
    }

    /// A bot's market close: short fixed runs between its figures, and a sentence of its own
    /// on the mood of the day.
    fn market_close(move_: &str, mood: &str, f: [&str; 6]) -> String {
        format!(
            "Stocks in Jakarta ended the session {move_} to {}. Traders said {mood}. A total \
             of {} billion shares changed hands in {} thousand transactions. Foreign investors \
             recorded net buying of {} billion rupiah across the market. The {} sector led the \
             gains with a rise of {} percent.",
            f[0], f[1], f[2], f[3], f[4], f[5]
        )
    }

    #[test]
    fn a_short_fill_stops_at_its_slots() {
        let monday = market_close(
            "sharply higher",
            "buyers returned after the long weekend and banks drew most of the orders",
            ["7,241.55", "19.8", "1,104", "612.3", "finance", "1.4"],
        );
        let wednesday = market_close(
            "a touch firmer",
            "profit taking in the last hour capped a rally that had lifted miners",
            ["7,187.08", "17.2", "986", "88.9", "energy", "0.9"],
        );
        // One passage of the fixed words, its two figures and the two at its edges differing.
        let e = cmp_texts(&monday, &wednesday);
        assert!(!is_reuse(&e, &params()), "{e:?}");
        assert!(!e.excluded.is_empty(), "{e:?}");
        // The same close reprinted with one figure corrected is copy.
        let corrected = market_close(
            "sharply higher",
            "buyers returned after the long weekend and banks drew most of the orders",
            ["7,241.55", "19.8", "1,104", "612.8", "finance", "1.4"],
        );
        assert!(is_reuse(&cmp_texts(&monday, &corrected), &params()));
    }

    fn own(base: u64, n: u64) -> Vec<u64> {
        (0..n).map(|i| base + i).collect()
    }

    #[test]
    fn identical_articles() {
        let a = own(1000, 100);
        let e = cmp(&a, &a, &Boilerplate::default());
        assert_eq!(e.jaccard, 1.0);
        assert_eq!(e.containment_a, 1.0);
        assert_eq!(e.passages.len(), 1);
        assert_eq!(e.passages[0].a, TokenSpan { start: 0, end: 104 });
        assert_eq!(e.shared_words, 104);
        assert!(is_reuse(&e, &params()));
    }

    #[test]
    fn a_lifted_block_is_found_in_both_places() {
        let wire = own(1000, 300);
        let mut story = own(5000, 40);
        story.extend_from_slice(&wire[100..160]);
        story.extend(own(6000, 30));
        let e = cmp(&story, &wire, &Boilerplate::default());
        assert_eq!(e.passages.len(), 1);
        let ps = e.passages[0];
        assert_eq!(
            ps.a,
            TokenSpan {
                start: 40,
                end: 104
            }
        );
        assert_eq!(
            ps.b,
            TokenSpan {
                start: 100,
                end: 164
            }
        );
        assert!(e.containment_a > 0.4 && e.containment_b < 0.25);
        assert!(is_reuse(&e, &params()));
    }

    #[test]
    fn an_edited_word_does_not_split_the_passage() {
        let wire = own(1000, 100);
        let mut copy = wire.clone();
        // One changed word breaks the 5 shingles that cover it.
        for v in &mut copy[50..55] {
            *v += 100_000;
        }
        let e = cmp(&copy, &wire, &Boilerplate::default());
        assert_eq!(e.passages.len(), 1, "{:?}", e.passages);
        assert_eq!(e.passages[0].a, TokenSpan { start: 0, end: 104 });
    }

    #[test]
    fn a_shared_quote_is_not_reuse() {
        let quote = own(9000, 8); // twelve words = 8 shingles
        let mut a = own(1000, 200);
        a.splice(50..50, quote.iter().copied());
        let mut b = own(3000, 220);
        b.splice(120..120, quote.iter().copied());
        let e = cmp(&a, &b, &Boilerplate::default());
        assert_eq!(e.passages.len(), 1);
        assert_eq!(e.shared_words, 12);
        assert!(!is_reuse(&e, &params()));
    }

    #[test]
    fn many_surviving_phrases_are_a_rewrite() {
        // Eight phrases of 10 words (6 shingles) from a 400-word story, in a 500-word rewrite.
        let wire = own(1000, 400);
        let mut rewrite = Vec::new();
        for k in 0..8u64 {
            rewrite.extend(own(50_000 + 100 * k, 50));
            rewrite.extend_from_slice(&wire[(k * 45) as usize..(k * 45 + 6) as usize]);
        }
        let e = cmp(&rewrite, &wire, &Boilerplate::default());
        assert_eq!(e.passages.len(), 8);
        assert!(e.containment_a.max(e.containment_b) < 0.2);
        assert!(is_reuse(&e, &params()));
        // Two such phrases are not enough.
        let mut two = own(60_000, 300);
        two.extend_from_slice(&wire[0..6]);
        two.extend(own(70_000, 50));
        two.extend_from_slice(&wire[100..106]);
        assert!(!is_reuse(
            &cmp(&two, &wire, &Boilerplate::default()),
            &params()
        ));
    }

    #[test]
    fn chrome_runs_are_discounted() {
        let chrome = own(7000, 30);
        let mut a = own(1000, 200);
        a.extend_from_slice(&chrome);
        let mut b = own(3000, 150);
        b.extend_from_slice(&chrome);
        let plain = cmp(&a, &b, &Boilerplate::default());
        assert!(is_reuse(&plain, &params()));
        let anchors: Vec<u64> = winnow(&chrome, 16)
            .iter()
            .map(|&p| chrome[p as usize])
            .collect();
        let bp = Boilerplate::stock_only(anchors.clone());
        assert!(cmp(&a, &b, &bp).passages.is_empty());
        // As chrome of one outlet it is discounted inside that outlet only.
        let chrome = Boilerplate::new(Vec::new(), anchors.iter().map(|&h| (h, 0)).collect());
        let mut pa = Prepared::new(&a);
        let nb = distinct_count(&b);
        let inside = compare(
            &mut pa,
            &b,
            nb,
            &chrome.for_pair(0, 0),
            Marks::NONE,
            &params(),
        );
        assert!(inside.passages.is_empty());
        let across = compare(
            &mut pa,
            &b,
            nb,
            &chrome.for_pair(0, 1),
            Marks::NONE,
            &params(),
        );
        assert_eq!(across.passages.len(), 1);
        // The prepared article gives the same answer however often it is reused.
        assert_eq!(
            compare(
                &mut pa,
                &b,
                nb,
                &chrome.for_pair(0, 1),
                Marks::NONE,
                &params()
            ),
            across
        );
        assert_eq!(cmp(&a, &b, &Boilerplate::default()), plain);
        let e = cmp(&a, &b, &bp);
        assert!(e.passages.is_empty());
        assert_eq!(e.jaccard, 0.0);
        assert!(!is_reuse(&e, &params()));
    }

    #[test]
    fn a_long_run_is_never_chrome() {
        // Both outlets publish a 300-word story so often that its anchors count as chrome.
        let story = own(7000, 300);
        let mut a = own(1000, 50);
        a.extend_from_slice(&story);
        let mut b = own(3000, 40);
        b.extend_from_slice(&story);
        let every = Boilerplate::stock_only(story.clone());
        let e = cmp(&a, &b, &every);
        assert_eq!(e.passages.len(), 1);
        assert!(is_reuse(&e, &params()));
    }

    #[test]
    fn repeated_paragraph_is_matched_once() {
        let para = own(1000, 40);
        let mut b = para.clone();
        b.extend(own(2000, 10));
        b.extend_from_slice(&para);
        let e = cmp(&para, &b, &Boilerplate::default());
        assert_eq!(e.passages.len(), 1);
        assert_eq!(e.shared_words, 44);
    }

    fn cmp_ab(a: &[u64], b: &[u64]) -> PairEvidence {
        cmp(a, b, &Boilerplate::default())
    }

    /// Pieces `(start, len, noise)` of `a`, each followed by `noise` new shingles.
    fn spliced(a: &[u64], cuts: &[(usize, usize, u64)]) -> Vec<u64> {
        let mut b = Vec::new();
        for &(start, len, noise) in cuts {
            let s = start.min(a.len());
            let e = (s + len).min(a.len());
            b.extend_from_slice(&a[s..e]);
            b.extend((0..noise).map(|k| 100 + k));
        }
        b
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// compare(a, b) mirrored is compare(b, a): texts from a small alphabet of shingles
        /// (so runs repeat and tie), b made from pieces of a with edits.
        #[test]
        fn comparison_is_symmetric(
            a in proptest::collection::vec(0u64..12, 20..120),
            cuts in proptest::collection::vec((0usize..120, 1usize..40, 0u64..3), 1..6),
        ) {
            let b = spliced(&a, &cuts);
            proptest::prop_assume!(a != b);
            let ab = cmp_ab(&a, &b);
            let ba = cmp_ab(&b, &a);
            proptest::prop_assert_eq!(ab.mirrored(), ba);
        }

        /// Reported passages are sorted by `a` and never overlap, in `a` nor in `b` (a repeated
        /// stretch of `b` is one passage's, not two): `b` spliced from pieces of `a`, repeats
        /// and reorderings included.
        #[test]
        fn passages_never_overlap(
            a in proptest::collection::vec(0u64..40, 40..160),
            cuts in proptest::collection::vec((0usize..160, 1usize..60, 0u64..12), 1..8),
        ) {
            let b = spliced(&a, &cuts);
            for e in [cmp_ab(&a, &b), cmp_ab(&b, &a)] {
                for (i, x) in e.passages.iter().enumerate() {
                    for y in &e.passages[i + 1..] {
                        proptest::prop_assert!(x.a.start <= y.a.start, "{:?}", e.passages);
                        proptest::prop_assert!(!overlaps(x.a.start, x.a.end, y.a.start, y.a.end), "{:?}", e.passages);
                        proptest::prop_assert!(!overlaps(x.b.start, x.b.end, y.b.start, y.b.end), "{:?}", e.passages);
                    }
                }
            }
        }
    }

    #[test]
    fn char_spans_follow_tokens() {
        let text = "Héllo, big wörld";
        let tokens = [
            Token {
                start: 0,
                end: 5,
                hash: 1,
            },
            Token {
                start: 7,
                end: 10,
                hash: 2,
            },
            Token {
                start: 11,
                end: 16,
                hash: 3,
            },
        ];
        let cs = TokenSpan { start: 1, end: 3 }.to_chars(&char_spans(&tokens));
        assert_eq!(cs, CharSpan { start: 7, end: 16 });
        assert_eq!(cs.slice(text), "big wörld");
        assert_eq!(CharSpan { start: 0, end: 5 }.slice(text), "Héllo");
    }

    proptest::proptest! {
        /// The ASCII fast path of `CharSpan::slice` gives what decoding characters gives.
        #[test]
        fn slice_equals_the_characters_of_the_span(
            text in "[a-z é新]{0,40}", start in 0u32..45, len in 0u32..45,
        ) {
            let span = CharSpan { start, end: start + len };
            let expected: String = text.chars().skip(start as usize).take(len as usize).collect();
            proptest::prop_assert_eq!(span.slice(&text), expected.as_str());
        }

        /// `CharSpan::slices` gives each span's `CharSpan::slice`, overlapping, reversed and
        /// out-of-range spans included.
        #[test]
        fn slices_equal_each_slice(
            text in "[a-z é新]{0,40}",
            spans in proptest::collection::vec((0u32..45, 0u32..45), 0..6),
        ) {
            let spans: Vec<CharSpan> = spans.into_iter().map(|(start, end)| CharSpan { start, end }).collect();
            let each: Vec<&str> = spans.iter().map(|s| s.slice(&text)).collect();
            proptest::prop_assert_eq!(CharSpan::slices(&text, &spans), each);
        }
    }

    /// A "rewrite" whose aligned sentences all lie in the one block the articles share verbatim,
    /// which the verbatim rule found too little (a footer shorter than the anchor window), is
    /// no rewrite; one with a sentence outside it is, and so is one whose verbatim evidence is
    /// several passages (a rewrite keeps scattered phrases).
    #[test]
    fn a_rewrite_must_be_rewritten_somewhere() {
        let span = |start, end| TokenSpan { start, end };
        let ps = |a: (u32, u32), b: (u32, u32)| Passage {
            a: span(a.0, a.1),
            b: span(b.0, b.1),
        };
        let footer = ps((50, 98), (60, 108));
        let e = PairEvidence {
            jaccard: 0.3,
            containment_a: 0.1,
            containment_b: 0.1,
            shared_words: 48,
            passages: vec![footer],
            excluded: vec![],
        };
        let p = VerifyParams {
            min_passage: 60,
            ..params()
        };
        assert!(!is_reuse(&e, &p));
        let in_footer = vec![
            ps((50, 66), (60, 76)),
            ps((66, 81), (76, 91)),
            ps((82, 99), (92, 109)),
        ];
        assert_eq!(decide(e.clone(), &p, |_| Some(in_footer.clone())), None);
        let mut edited = in_footer.clone();
        edited.insert(0, ps((10, 25), (12, 27)));
        let (kind, got) = decide(e.clone(), &p, |_| Some(edited.clone())).unwrap();
        assert_eq!(kind, ReuseKind::Rewrite);
        assert_eq!(got.passages, edited);
        let scattered = PairEvidence {
            passages: vec![ps((50, 70), (60, 80)), ps((75, 98), (85, 108))],
            ..e
        };
        assert!(!is_reuse(&scattered, &p));
        let (kind, _) = decide(scattered, &p, |_| Some(in_footer.clone())).unwrap();
        assert_eq!(kind, ReuseKind::Rewrite);
    }
}
