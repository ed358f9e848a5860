//! Stage 6b — rewrite: two texts that share no long verbatim passage → the sentences a desk
//! rewrote from one into the other, or nothing.
//!
//! Both texts are cut into sentences ([`crate::sign::skeleton::marks`]: after `.` `!` `?` `…` and their
//! Arabic, Urdu, Devanagari and CJK forms, and at every line break). Each sentence is its set of content keys
//! ([`crate::sign::skeleton`]: names, numbers with number words as digits, rarer words; no
//! function words, no reporting verbs, nothing inside quotation marks). Two sentences *match*
//! when the Dice coefficient of their content keys reaches `sentence` (0.45 by default): a
//! rewrite keeps a sentence's facts and rarer words through synonyms, spelled-out numbers and
//! merged clauses — and, for sentences told apart more by their figures than by their words
//! (table rows, list lines), when they share their figures (`numbers_agree`). A story written
//! independently about the same event states some of the same facts too, so one matching
//! sentence proves nothing: what tells a rewrite is that *many* sentences match, *in the same
//! order*. A sentence with fewer than
//! [`MIN_SENTENCE_KEYS`] content keys (a quote, a one-line dateline) takes no part, and neither
//! does a sentence in text that verification found to be boilerplate.
//!
//! The alignment is the order-preserving set of matches with the most shared content keys
//! (dynamic programming over the matches: an edit may drop, add or merge sentences but a desk
//! rarely reorders a story). The pair is a rewrite when at least `min_sentences` sentences
//! align and either they hold `cover_pct` of the content keys of the article with fewer, or
//! `min_sentences + 1` of them follow each other in both texts (a rewritten block inside a
//! longer story: partial reuse). Evidence for the reader: the aligned sentences, consecutive
//! ones joined, as passages.
//!
//! Symmetric: the alignment is computed in one canonical orientation (the shorter text first)
//! and mirrored, as [`crate::verify::compare`] does.

use crate::sign::normalize::Token;
use crate::sign::skeleton::{self, NO_KEY};
use crate::verify::{mirror, Figure, Passage, SideMarks, TokenSpan};

fn put(out: &mut Vec<u8>, v: u32) {
    crate::varint::put(out, u64::from(v));
}

fn get(bytes: &[u8], at: &mut usize) -> Option<u32> {
    crate::varint::get_u32(bytes, at)
}

/// Content keys a sentence needs to take part: fewer is a quote, a dateline or a fragment.
pub const MIN_SENTENCE_KEYS: usize = 4;

/// Set in a sentence's 32-bit key when the token is a number (digits or a number word:
/// [`skeleton::TextMarks::numbers`]), clear in every other: numbers sort after words, and
/// [`numbers_agree`] counts them apart.
const NUMBER_BIT: u32 = 1 << 31;

fn is_number(key: u32) -> bool {
    key & NUMBER_BIT != 0
}

/// Thresholds of the rewrite rule (from `Tuning`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RewriteParams {
    pub min_sentences: usize,
    /// Sentence match score, 0..1.
    pub sentence: f64,
    /// Share of the smaller article's content keys the aligned sentences must hold, 0..1.
    pub cover: f64,
}

/// One sentence: its tokens and where its content keys are in [`Sentences::keys`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Sentence {
    tokens: TokenSpan,
    /// `keys[from..to]`: the sentence's keys, sorted, unique.
    from: u32,
    to: u32,
}

impl Sentence {
    fn len(&self) -> usize {
        (self.to - self.from) as usize
    }
}

/// One article as the rewrite check and the quotation rule read it — its sentences and its
/// quotations — made once per article at signing (the article store keeps it, [`encode`]d) and
/// reused for every comparison the article takes part in.
///
/// [`encode`]: Sentences::encode
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentences {
    sents: Vec<Sentence>,
    /// Every sentence's content keys, one after the other (the low 32 bits of each key: what
    /// the store keeps, so every engine compares the same keys). One buffer rather than one
    /// per sentence: an article is cut into sentences once, but read back for every pair.
    keys: Vec<u32>,
    /// The tokens inside quotation marks, sorted, disjoint.
    quotes: Vec<TokenSpan>,
    /// The tokens that are figures (written in digits), sorted by index: what tells a
    /// template's fills apart (`verify::is_template_fill`).
    figures: Vec<Figure>,
    /// Tokens of the article (for the canonical orientation).
    tokens: u32,
    /// The text's hash (ties of the canonical orientation).
    fingerprint: u64,
}

impl Sentences {
    pub fn new(text: &str) -> Sentences {
        let (mut tokens, mut keys) = (Vec::new(), Vec::new());
        let marks = skeleton::tokenize_with_keys(text, &mut tokens, &mut keys);
        Sentences::from_tokens(text, &tokens, &keys, &marks)
    }

    /// From the article's tokens, content keys, quotations and sentence starts, as
    /// [`skeleton::tokenize_with_keys`] gives them.
    pub fn from_tokens(
        text: &str,
        tokens: &[Token],
        keys: &[u64],
        marks: &skeleton::TextMarks,
    ) -> Sentences {
        let starts = &marks.sentence_starts;
        let quotes = marks
            .quoted
            .iter()
            .map(|&(start, end)| TokenSpan { start, end })
            .collect();
        let mut sents = Vec::with_capacity(starts.len());
        // Each sentence's kept keys are compacted to the front of `flat` without a branch per
        // token (about half the tokens have no key), then sorted and de-duplicated in place.
        let mut flat: Vec<u32> = vec![0; keys.len()];
        let mut w = 0usize;
        let mut t = 0usize;
        let mut numbers = marks.numbers.iter().copied().peekable();
        for (k, _) in starts.iter().enumerate() {
            let end_char = starts.get(k + 1).copied().unwrap_or(u32::MAX);
            let first = t;
            while t < tokens.len() && tokens[t].start < end_char {
                t += 1;
            }
            if t == first {
                continue;
            }
            let from = w;
            for (k, &key) in keys[first..t].iter().enumerate() {
                let number = numbers.peek() == Some(&((first + k) as u32));
                if number {
                    numbers.next();
                }
                flat[w] = (key as u32 & !NUMBER_BIT) | if number { NUMBER_BIT } else { 0 };
                w += usize::from(key != NO_KEY);
            }
            let run = &mut flat[from..w];
            run.sort_unstable();
            w = from + dedup_sorted(run);
            sents.push(Sentence {
                tokens: TokenSpan {
                    start: first as u32,
                    end: t as u32,
                },
                from: from as u32,
                to: w as u32,
            });
        }
        flat.truncate(w);
        Sentences {
            sents,
            keys: flat,
            quotes,
            figures: marks
                .digits
                .iter()
                .filter_map(|&i| {
                    let t = tokens.get(i as usize)?;
                    Some(Figure {
                        at: i,
                        key: t.hash as u16,
                    })
                })
                .collect(),
            tokens: tokens.len() as u32,
            fingerprint: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
        }
    }

    fn sentence_keys(&self, s: &Sentence) -> &[u32] {
        &self.keys[s.from as usize..s.to as usize]
    }

    /// How many of a sentence's keys are numbers' (they sort last: [`NUMBER_BIT`]).
    fn sentence_numbers(&self, s: &Sentence) -> usize {
        let keys = self.sentence_keys(s);
        keys.len() - keys.partition_point(|&k| !is_number(k))
    }

    /// The article's quotations, as token spans.
    pub fn quotes(&self) -> &[TokenSpan] {
        &self.quotes
    }

    /// What the verbatim rule reads of the article besides its shingles: its quotations and
    /// its figures.
    pub fn marks(&self) -> SideMarks<'_> {
        SideMarks {
            quotes: &self.quotes,
            figures: &self.figures,
        }
    }

    /// Appends the compact form the article store keeps: LEB128 varints (token count, the
    /// fingerprint as two halves, quotations as gaps and lengths, then per sentence its token
    /// gap and length, its key count and the low 32 bits of each key — plenty to tell a
    /// sentence's few dozen words apart — then the figures' count, and per figure its gap and
    /// its 16-bit key).
    pub fn encode(&self, out: &mut Vec<u8>) {
        put(out, self.tokens);
        put(out, self.fingerprint as u32);
        put(out, (self.fingerprint >> 32) as u32);
        put(out, self.quotes.len() as u32);
        let mut prev = 0;
        for q in &self.quotes {
            put(out, q.start - prev);
            put(out, q.len());
            prev = q.end;
        }
        put(out, self.sents.len() as u32);
        let mut prev = 0;
        for s in &self.sents {
            put(out, s.tokens.start - prev);
            put(out, s.tokens.len());
            prev = s.tokens.end;
            put(out, s.len() as u32);
            for &k in self.sentence_keys(s) {
                out.extend_from_slice(&k.to_le_bytes());
            }
        }
        put(out, self.figures.len() as u32);
        let mut prev = 0;
        for f in &self.figures {
            put(out, f.at - prev);
            out.extend_from_slice(&f.key.to_le_bytes());
            prev = f.at;
        }
    }

    /// The inverse of [`Sentences::encode`].
    pub fn decode(bytes: &[u8]) -> Option<Sentences> {
        let mut at = 0usize;
        let mut next = || get(bytes, &mut at);
        let tokens = next()?;
        let fingerprint = next()? as u64 | (next()? as u64) << 32;
        let nq = next()?;
        let mut quotes = Vec::with_capacity(nq as usize);
        let mut prev = 0u32;
        for _ in 0..nq {
            let start = prev.checked_add(next()?)?;
            let end = start.checked_add(next()?)?;
            quotes.push(TokenSpan { start, end });
            prev = end;
        }
        let ns = next()?;
        let mut sents = Vec::with_capacity(ns as usize);
        let mut keys: Vec<u32> = Vec::new();
        let mut prev = 0u32;
        for _ in 0..ns {
            let start = prev.checked_add(get(bytes, &mut at)?)?;
            let end = start.checked_add(get(bytes, &mut at)?)?;
            prev = end;
            let nk = get(bytes, &mut at)? as usize;
            let raw = bytes.get(at..at.checked_add(4 * nk)?)?;
            at += 4 * nk;
            let from = keys.len() as u32;
            keys.extend(
                raw.chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            );
            sents.push(Sentence {
                tokens: TokenSpan { start, end },
                from,
                to: keys.len() as u32,
            });
        }
        let nf = get(bytes, &mut at)?;
        let mut figures = Vec::with_capacity(nf as usize);
        let mut prev = 0u32;
        for _ in 0..nf {
            prev = prev.checked_add(get(bytes, &mut at)?)?;
            let key = bytes.get(at..at + 2)?;
            at += 2;
            figures.push(Figure {
                at: prev,
                key: u16::from_le_bytes([key[0], key[1]]),
            });
        }
        Some(Sentences {
            sents,
            keys,
            quotes,
            figures,
            tokens,
            fingerprint,
        })
    }

    fn is_first(&self, other: &Sentences) -> bool {
        (self.tokens, self.fingerprint) <= (other.tokens, other.fingerprint)
    }
}

/// Whether two sentences state the same figures, when figures are what tells them apart: a
/// table row or a list line ("Halvorsen Motors 75.46 -3.47", "Dunmore: partly cloudy, high 23,
/// low 1"), where the keys one sentence has and the other lacks are more numbers than
/// words. Then two thirds of the fewer figures must be shared (a row's two both: small
/// figures, temperatures or scores, often share one by chance). A table or a results list
/// repeats its labels with other figures each day, and its rows match each other's labels; a
/// desk rewriting copy keeps the figures, or changes words too. Otherwise the rule stays out
/// of the way: figures are written in too many ways ("3.000", "3 000", "tres mil", "167,732"
/// rounded to "168 thousand") for their disagreement alone to tell a rewrite from a story.
/// `shared`: (keys, numbers) the sentences share; `x`, `y`: each one's (keys, numbers).
///
/// `in_order`: when every number of both sentences is written in digits, how many figures
/// they state in the same order (the longest common subsequence of their figures) and how
/// many figures each holds; then the two thirds are counted in those. A row of a league table
/// a round later keeps some of the club's numbers (draws, points after a loss) and shares
/// others in other columns by chance (goals against reaching last week's played); the same
/// row retyped keeps every figure in its column.
fn numbers_agree(
    shared: (usize, usize),
    in_order: Option<(usize, usize, usize)>,
    x: (usize, usize),
    y: (usize, usize),
) -> bool {
    if x.1 == 0 || y.1 == 0 {
        return true;
    }
    let shared_words = shared.0 - shared.1;
    let (same, nx, ny) = in_order.unwrap_or((shared.1, x.1, y.1));
    if 3 * same >= 2 * nx.min(ny) {
        return true;
    }
    let other_numbers = nx + ny - 2 * same;
    let other_words = (x.0 - x.1) + (y.0 - y.1) - 2 * shared_words;
    other_numbers <= other_words
}

/// For sentences `s` of `a` (holding `numbers_s` numbers) and `t` of `b`, when every number
/// of both is written in digits: the figures they state in the same order, and each one's
/// count of figures. A number written in words ("nine", "forty") has a key but no figure:
/// then `None`, and the keys' counts stand.
fn in_order(
    a: &Sentences,
    s: &Sentence,
    numbers_s: usize,
    b: &Sentences,
    t: &Sentence,
) -> Option<(usize, usize, usize)> {
    let (fx, fy) = (
        super::within(&a.figures, s.tokens),
        super::within(&b.figures, t.tokens),
    );
    if fx.len() < numbers_s || fy.len() < b.sentence_numbers(t) {
        return None;
    }
    Some((common_in_order(fx, fy), fx.len(), fy.len()))
}

/// The longest common subsequence of two short sequences of figure keys.
fn common_in_order(x: &[Figure], y: &[Figure]) -> usize {
    let mut row = vec![0usize; y.len() + 1];
    for fx in x {
        let mut diag = 0;
        for (j, fy) in y.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if fx.key == fy.key {
                diag + 1
            } else {
                up.max(row[j])
            };
            diag = up;
        }
    }
    row[y.len()]
}

fn dice(shared: usize, x: usize, y: usize) -> f64 {
    if x + y == 0 {
        0.0
    } else {
        2.0 * shared as f64 / (x + y) as f64
    }
}

/// Moves the distinct values of the sorted `run` to its front; returns how many there are.
fn dedup_sorted(run: &mut [u32]) -> usize {
    let mut w = 0;
    for r in 0..run.len() {
        if r == 0 || run[r] != run[w - 1] {
            run[w] = run[r];
            w += 1;
        }
    }
    w
}

/// Whether the tokens `span` touch any of `excluded`.
fn touches(span: TokenSpan, excluded: &[TokenSpan]) -> bool {
    excluded
        .iter()
        .any(|x| super::overlaps(span.start, span.end, x.start, x.end))
}

/// Whether `b` is a rewrite of `a` (or the converse): the aligned sentences as passages, sorted
/// by `a`, or `None`. `excluded_a` / `excluded_b`: token spans verification found to be
/// boilerplate, which take no part.
pub fn align(
    a: &Sentences,
    b: &Sentences,
    excluded_a: &[TokenSpan],
    excluded_b: &[TokenSpan],
    p: &RewriteParams,
) -> Option<Vec<Passage>> {
    if a.is_first(b) {
        align_oriented(a, b, excluded_a, excluded_b, p)
    } else {
        align_oriented(b, a, excluded_b, excluded_a, p).map(mirror)
    }
}

/// A match between sentence `i` of `a` and `j` of `b`, weighted by the content keys they share.
#[derive(Clone, Copy, Debug)]
struct Match {
    i: usize,
    j: usize,
    shared: usize,
}

fn align_oriented(
    a: &Sentences,
    b: &Sentences,
    excluded_a: &[TokenSpan],
    excluded_b: &[TokenSpan],
    p: &RewriteParams,
) -> Option<Vec<Passage>> {
    let eligible =
        |s: &Sentence, ex: &[TokenSpan]| s.len() >= MIN_SENTENCE_KEYS && !touches(s.tokens, ex);
    let ok_a: Vec<bool> = a.sents.iter().map(|s| eligible(s, excluded_a)).collect();
    let ok_b: Vec<bool> = b.sents.iter().map(|s| eligible(s, excluded_b)).collect();
    let keys_of = |ss: &Sentences, ok: &[bool]| -> usize {
        ss.sents
            .iter()
            .zip(ok)
            .filter(|(_, &k)| k)
            .map(|(s, _)| s.len())
            .sum()
    };
    let (total_a, total_b) = (keys_of(a, &ok_a), keys_of(b, &ok_b));
    if total_a == 0 || total_b == 0 {
        return None;
    }

    // `b`'s (key, sentence) entries sorted by key, to score only the sentence pairs that share
    // a key.
    let mut by_key: Vec<(u32, u32)> = Vec::with_capacity(b.keys.len());
    for (j, s) in b.sents.iter().enumerate() {
        if ok_b[j] {
            by_key.extend(b.sentence_keys(s).iter().map(|&k| (k, j as u32)));
        }
    }
    by_key.sort_unstable();
    let mut matches: Vec<Match> = Vec::new();
    let mut count = vec![0u64; b.sents.len()];
    let mut touched: Vec<usize> = Vec::new();
    for (i, s) in a.sents.iter().enumerate() {
        if !ok_a[i] {
            continue;
        }
        for &k in a.sentence_keys(s) {
            let from = by_key.partition_point(|e| e.0 < k);
            // Shared numbers are counted apart too, in the high half of `count`.
            let step = 1 + (u64::from(is_number(k)) << 32);
            for &(_, j) in by_key[from..].iter().take_while(|e| e.0 == k) {
                let j = j as usize;
                if count[j] == 0 {
                    touched.push(j);
                }
                count[j] += step;
            }
        }
        touched.sort_unstable();
        let numbers_s = a.sentence_numbers(s);
        for &j in &touched {
            let (shared, shared_numbers) = ((count[j] as u32) as usize, (count[j] >> 32) as usize);
            count[j] = 0;
            let t = &b.sents[j];
            let words = dice(shared, s.len(), t.len());
            if words >= p.sentence
                && numbers_agree(
                    (shared, shared_numbers),
                    in_order(a, s, numbers_s, b, t),
                    (s.len(), numbers_s),
                    (t.len(), b.sentence_numbers(t)),
                )
            {
                matches.push(Match { i, j, shared });
            }
        }
        touched.clear();
    }
    if matches.len() < p.min_sentences {
        return None;
    }

    // The order-preserving chain of matches with the most shared keys (ties: the earliest).
    // `matches` is sorted by (i, j).
    let n = matches.len();
    let mut best = vec![0usize; n];
    let mut prev = vec![usize::MAX; n];
    for x in 0..n {
        best[x] = matches[x].shared;
        for y in 0..x {
            if matches[y].i < matches[x].i
                && matches[y].j < matches[x].j
                && best[y] + matches[x].shared > best[x]
            {
                best[x] = best[y] + matches[x].shared;
                prev[x] = y;
            }
        }
    }
    let mut end = 0;
    for x in 1..n {
        if best[x] > best[end] {
            end = x;
        }
    }
    let mut chain = Vec::new();
    let mut x = end;
    while x != usize::MAX {
        chain.push(matches[x]);
        x = prev[x];
    }
    chain.reverse();
    if chain.len() < p.min_sentences {
        return None;
    }

    let held_a: usize = chain.iter().map(|m| a.sents[m.i].len()).sum();
    let held_b: usize = chain.iter().map(|m| b.sents[m.j].len()).sum();
    let cover = if total_a <= total_b {
        held_a as f64 / total_a as f64
    } else {
        held_b as f64 / total_b as f64
    };
    let block = longest_block(&chain);
    if cover < p.cover && block < p.min_sentences + 1 {
        return None;
    }
    Some(passages(a, b, &chain))
}

/// The most matches of `chain` that follow each other in both texts (a gap of one skipped
/// sentence allowed: a desk drops a sentence).
fn longest_block(chain: &[Match]) -> usize {
    let mut best = 0;
    let mut run = 0;
    for (k, m) in chain.iter().enumerate() {
        run = match k.checked_sub(1).map(|p| chain[p]) {
            Some(p) if m.i - p.i <= 2 && m.j - p.j <= 2 => run + 1,
            _ => 1,
        };
        best = best.max(run);
    }
    best
}

/// The aligned sentences as passages, sentences adjacent in both texts joined.
fn passages(a: &Sentences, b: &Sentences, chain: &[Match]) -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    let mut last: Option<Match> = None;
    for &m in chain {
        let (sa, sb) = (a.sents[m.i].tokens, b.sents[m.j].tokens);
        match (last, out.last_mut()) {
            (Some(l), Some(ps)) if m.i == l.i + 1 && m.j == l.j + 1 => {
                ps.a.end = sa.end;
                ps.b.end = sb.end;
            }
            _ => out.push(Passage { a: sa, b: sb }),
        }
        last = Some(m);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain character-by-character scan [`skeleton::sentence_starts`] must agree with.
    fn sentence_starts_reference(text: &str) -> Vec<u32> {
        use crate::sign::normalize::scraped::{is_mask, visible};
        let mut starts = vec![0u32];
        let mut pending = false;
        for (i, c) in visible(text).chars().enumerate() {
            let i = i as u32;
            if pending
                && (c.is_whitespace() || matches!(c, '"' | '”' | '»' | '\'' | ')') || is_mask(c))
            {
                if c.is_whitespace() {
                    starts.push(i + 1);
                    pending = false;
                }
                continue;
            }
            pending = false;
            match c {
                '\n' => starts.push(i + 1),
                '。' | '！' | '？' => starts.push(i + 1),
                '.' | '!' | '?' | '…' | '؟' | '۔' | '।' => pending = true,
                _ => {}
            }
        }
        starts.dedup();
        starts
    }

    proptest::proptest! {
        #[test]
        fn sentence_starts_agree_with_a_plain_scan(text in "[a-z.!?…؟۔।。！？\"”»')( \t\n\u{a0}\u{3000}é]{0,80}") {
            proptest::prop_assert_eq!(skeleton::sentence_starts(&text), sentence_starts_reference(&text));
        }
    }

    fn params() -> RewriteParams {
        RewriteParams {
            min_sentences: 3,
            sentence: 0.5,
            cover: 0.4,
        }
    }

    const WIRE: &str = "NORTHBRIDGE, March 3 (Agency) - Floods along the Verrin river killed nine \
        people in Northbridge province on Tuesday and destroyed forty houses, regional officials \
        said.\n\nRescue teams from Calvera and Ostmark searched flooded villages south of the \
        provincial capital throughout the night, Governor Helena Marsh told reporters.\n\n\
        \"We will rebuild every bridge,\" Marsh said.\n\nThe national weather service forecast \
        heavy rainfall across the northern districts until Friday, warning of landslides near \
        the Calvera pass.\n\nThe Verrin burst its banks last spring as well, flooding the \
        railway line between Northbridge and Ostmark for three weeks.";

    const DESK: &str = "\"We will rebuild every bridge,\" promised Governor Helena Marsh.\n\n\
        Nine people died in Northbridge province on Tuesday when floods along the Verrin river \
        destroyed 40 houses, according to regional officials.\n\nThroughout the night, rescue \
        teams from Calvera and Ostmark searched the flooded villages south of the provincial \
        capital, Marsh explained to journalists.\n\nHeavy rainfall across the northern districts \
        is forecast until Friday by the national weather service, which warned of landslides \
        near the Calvera pass.";

    const OTHER: &str = "Governor Helena Marsh visited Northbridge on Wednesday. \"We will \
        rebuild every bridge,\" she told a crowd in the market square, where volunteers had \
        gathered sandbags since dawn.\n\nLocal shopkeepers complained that warnings came too \
        late; several said the water rose within an hour.\n\nThe provincial parliament will \
        debate an emergency budget next week, and opposition members demanded an inquiry into \
        the maintenance of the dikes.\n\nNine people died in the floods on Tuesday.";

    fn aligned(x: &str, y: &str) -> Option<Vec<Passage>> {
        align(&Sentences::new(x), &Sentences::new(y), &[], &[], &params())
    }

    #[test]
    fn a_desk_rewrite_aligns_sentence_by_sentence() {
        let ps = aligned(WIRE, DESK).expect("a rewrite");
        assert!(!ps.is_empty());
        let words: u32 = ps.iter().map(|p| p.words()).sum();
        assert!(words >= 40, "{words}");
    }

    #[test]
    fn a_same_event_story_sharing_a_quote_is_not_a_rewrite() {
        assert_eq!(aligned(WIRE, OTHER), None);
        assert_eq!(aligned(DESK, OTHER), None);
    }

    #[test]
    fn alignment_is_symmetric() {
        let ab = aligned(WIRE, DESK).unwrap();
        let ba = aligned(DESK, WIRE).unwrap();
        let mut back: Vec<Passage> = ba.iter().map(|p| Passage { a: p.b, b: p.a }).collect();
        back.sort_unstable_by_key(|p| (p.a.start, p.b.start));
        assert_eq!(ab, back);
    }

    /// Two days' closing prices: the same labels line by line, other figures. Not a rewrite,
    /// though every line shares half its keys; the same table with its figures is.
    #[test]
    fn a_table_of_other_figures_under_the_same_labels_is_not_a_rewrite() {
        let table = |figures: [&str; 8]| {
            let names = [
                "Halvorsen Motors",
                "Brightwater Risk",
                "Continental Freight",
                "Marrow Foods",
            ];
            let mut t = String::from("Closing prices on the Velmora exchange:\n");
            for (k, name) in names.iter().enumerate() {
                t += &format!("{name} {} {}\n", figures[2 * k], figures[2 * k + 1]);
            }
            t
        };
        let monday = table([
            "75.46", "-3.47", "134.48", "-1.82", "142.37", "-4.18", "130.59", "-1.75",
        ]);
        let tuesday = table([
            "131.44", "-4.55", "32.82", "-3.48", "178.29", "-2.69", "28.86", "+3.56",
        ]);
        assert_eq!(aligned(&monday, &tuesday), None);
        // The same day's figures, retyped under another header, align.
        let copied = monday.replace(
            "Closing prices on the Velmora exchange",
            "Velmora closing rates",
        );
        assert!(aligned(&monday, &copied).is_some());

        // A forecast: each line's words the same, the figures not (a third of the keys).
        let forecast = |temps: [u32; 8]| {
            let towns = ["Ashby", "Brackwater", "Dunmore", "Eastport"];
            let mut t = String::from("Forecast for today across the region:\n");
            for (k, town) in towns.iter().enumerate() {
                let (high, low) = (temps[2 * k], temps[2 * k + 1]);
                t += &format!("{town}: partly cloudy, high {high}, low {low}\n");
            }
            t
        };
        let today = forecast([25, 8, 16, 4, 23, 1, 10, 7]);
        let tomorrow = forecast([26, 9, 15, 3, 21, 6, 12, 2]);
        assert_eq!(aligned(&today, &tomorrow), None);
        assert!(aligned(&today, &forecast([25, 8, 16, 4, 23, 1, 11, 7])).is_some());
    }

    /// A league table a round later: each club's row keeps some numbers (draws, points of a
    /// club that lost) and shares others in other columns by chance. Not a rewrite; the same
    /// round's table retyped is.
    #[test]
    fn a_league_table_a_round_later_is_not_a_rewrite() {
        let table = |rows: [[u32; 7]; 5]| {
            let clubs = [
                "Castlebridge United",
                "Millbrook Albion",
                "Stanhope Rangers",
                "Wexley City",
                "Tollerton Athletic",
            ];
            let mut t = String::from("Northern Premier Division table:\n");
            for (club, r) in clubs.iter().zip(rows) {
                t += &format!(
                    "{club} {} {} {} {} {} {} {}\n",
                    r[0], r[1], r[2], r[3], r[4], r[5], r[6]
                );
            }
            t
        };
        let round14 = table([
            [14, 8, 2, 4, 25, 15, 26],
            [14, 6, 3, 5, 18, 19, 21],
            [14, 4, 4, 6, 15, 21, 16],
            [14, 3, 4, 7, 14, 24, 13],
            [14, 2, 3, 9, 12, 29, 9],
        ]);
        let round15 = table([
            [15, 8, 2, 5, 26, 17, 26],
            [15, 6, 3, 6, 18, 20, 21],
            [15, 5, 4, 6, 16, 21, 19],
            [15, 3, 4, 8, 14, 25, 13],
            [15, 2, 3, 10, 12, 30, 9],
        ]);
        assert_eq!(aligned(&round14, &round15), None);
        let retyped = round14.replace("Northern Premier Division table", "Standings");
        assert!(aligned(&round14, &retyped).is_some());
    }

    /// Numbers are flagged in their keys, and agree when a desk writes one out as a word.
    #[test]
    fn number_keys_are_flagged() {
        let keys = |t: &str| Sentences::new(t).keys;
        let nine = keys("Floods killed nine residents");
        let digits = keys("Floods killed 9 residents");
        assert_eq!(nine, digits);
        assert_eq!(nine.iter().filter(|&&k| is_number(k)).count(), 1);
        assert!(keys("Floods killed residents")
            .iter()
            .all(|&k| !is_number(k)));
    }

    #[test]
    fn boilerplate_sentences_take_no_part() {
        let a = Sentences::new(WIRE);
        let b = Sentences::new(DESK);
        let all = TokenSpan {
            start: 0,
            end: u32::MAX,
        };
        assert_eq!(align(&a, &b, &[all], &[], &params()), None);
    }
}
