//! Stage 2 — normalize: article text → word tokens with character offsets and stable hashes.
//!
//! In: the text of one article, any language. Out: its [`Token`]s in text order, each a span of
//! Unicode *characters* of the original text plus the xxh3-64 hash ([`TOKEN_SEED`]) of the
//! token's normal form. Two spellings that a reader takes for the same word hash alike.
//!
//! How text becomes tokens:
//! 0. **What a scraper left** — HTML tags, comments, character references, UTF-8 read as
//!    Windows-1252 — is masked with as many characters ([`scraped`]): `<p>` breaks the line,
//!    `&#8217;` and `â€™` are an apostrophe.
//! 1. **Premap** each character (one to zero or one, so offsets map back): invisible characters
//!    (ZWSP, ZWNJ, ZWJ, soft hyphen, BOM, bidi marks) are dropped, so they never split a word;
//!    quote, apostrophe and dash variants become `"` `'` `-`; sentence punctuation of other
//!    scripts (`،` `۔` `。` `、` `।` full-width `，：；！？` …) becomes a space, so it always
//!    ends a word.
//! 2. **Segment** by Unicode word boundaries (UAX #29) and keep the segments whose normal form
//!    holds a letter or digit and that do not start with whitespace. Segments in scripts written
//!    without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) are split further into
//!    one token per character (grapheme cluster, so combining marks stay with their base).
//! 3. **Normal form** of each token: NFKC, full case folding (`ß` → `ss`, `ς` → `σ`), quotes
//!    unified again, Arabic-script letter variants folded (Farsi/Urdu yeh, kaf and heh forms,
//!    alef variants, teh marbuta → heh), harakat and tatweel removed, decimal digits of every
//!    script → ASCII, Traditional Chinese characters → Simplified (`國` → `国`). Accents are
//!    kept: `méxico` ≠ `mexico`.
//!
//! Speed: stretches of ASCII text go through a byte scanner, and whitespace-delimited groups
//! of common characters (Latin, Greek, Cyrillic, Arabic, Hangul letters, Han and kana, news
//! punctuation) through a character scanner; both apply the same word-break rules without
//! UAX #29 or NFKC and allocate nothing. Everything else (combining marks, invisibles, rarer
//! scripts) takes the general path over reusable per-thread buffers. A property test holds the
//! fast paths to the general path's output.
//!
//! Invariants: tokens are in text order with `start < end` and strictly increasing,
//! non-overlapping spans; `text.chars().skip(start).take(end - start)` is the token as written
//! (with any markup inside it, which its normal form does not hold);
//! the same text always gives the same tokens; the hash family (seed and normal form) is part of
//! the on-disk format and pinned by a test.

mod chars;
pub mod scraped;

/// Names the tokenizer's rules (premap, segmentation, normal form). The index records it: it
/// signs stored texts again rather than storing their shingles, which is only right with the
/// same rules. Change it whenever a change to this module changes any token or hash.
pub const TOKENIZER: &str =
    "scraped(markup, mojibake, q)/premap/uax29/nfkc-casefold/arabic-fold/digits/t2s v5";

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use chars::{
    ascii_class, fast_class, is_han, is_nospace, is_plain_letter, premap, push_fast_folded,
    push_folded, sara_aa_after, simplified, unify, Class, ASCII_FLAGS,
};

/// Seed of the token hash. Changing it (or the normal form) changes every stored signature.
pub const TOKEN_SEED: u64 = 0x746F_6B65_6E73_3031; // "tokens01"

/// One word (or one character, for scripts written without spaces).
///
/// `start..end` are Unicode *character* (not byte) offsets into the original text, end
/// exclusive, `start < end`; `hash` is [`hash_form`] of the token's normal form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub hash: u64,
}

/// The token hash of a normal form: xxh3-64 of its UTF-8 bytes with [`TOKEN_SEED`].
#[inline]
pub fn hash_form(form: &str) -> u64 {
    xxh3_64_with_seed(form.as_bytes(), TOKEN_SEED)
}

/// The tokens of `text`; see the module docs.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// Writes the tokens of `text` into `out`, cleared first. With `out` reused, tokenizing
/// allocates nothing once the per-thread buffers have grown to the longest non-Latin run seen.
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    with_scratch(|scratch| run(text, scratch, &mut Hashes(out)));
}

/// Calls `f` with each token of `text` and its normal form, in text order (for `explain` and
/// tests: no allocation per token).
pub fn for_each_token<F: FnMut(Token, &str)>(text: &str, f: F) {
    with_scratch(|scratch| run(text, scratch, &mut Visit(f)));
}

/// [`for_each_token`] of a text already masked: `visible` is [`scraped::visible`] of it,
/// `masked` when that changed it (for a caller that reads the masked text for more than its
/// tokens).
pub(crate) fn for_each_token_of_visible<F: FnMut(Token, &str)>(visible: &str, masked: bool, f: F) {
    with_scratch(|scratch| run_masked(visible, masked, scratch, &mut Visit(f)));
}

/// The normal forms of the tokens of `text`, in order.
pub fn normal_forms(text: &str) -> Vec<String> {
    let mut forms = Vec::new();
    for_each_token(text, |_, form| forms.push(form.to_owned()));
    forms
}

/// Writes the normal form of one token into `out`, cleared first. For a token's text as written,
/// this is exactly the form its hash was computed from.
pub fn normalize_word(word: &str, out: &mut String) {
    out.clear();
    normal_form(word, out);
}

/// Where tokens go: hashed into a `Vec<Token>`, or handed to a visitor with their form.
trait Sink {
    fn token(&mut self, start: u32, end: u32, form: &str);
}

struct Hashes<'a>(&'a mut Vec<Token>);

impl Sink for Hashes<'_> {
    #[inline]
    fn token(&mut self, start: u32, end: u32, form: &str) {
        self.0.push(Token {
            start,
            end,
            hash: hash_form(form),
        });
    }
}

struct Visit<F>(F);

impl<F: FnMut(Token, &str)> Sink for Visit<F> {
    #[inline]
    fn token(&mut self, start: u32, end: u32, form: &str) {
        (self.0)(
            Token {
                start,
                end,
                hash: hash_form(form),
            },
            form,
        );
    }
}

/// Buffers reused across calls on one thread.
#[derive(Default)]
struct Scratch {
    /// The premapped text of the current general-path region.
    mapped: String,
    /// Character indices (within the region) of the characters premapping dropped, ascending.
    removed: Vec<u32>,
    /// The normal form being built.
    norm: String,
}

thread_local! {
    static SCRATCH: Cell<Scratch> = Cell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch buffers. Taking them out of the cell (rather than
/// borrowing) means a visitor that tokenizes from inside [`for_each_token`] just gets fresh
/// buffers instead of a panic.
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    let mut scratch = SCRATCH.try_with(Cell::take).unwrap_or_default();
    let r = f(&mut scratch);
    // Fails only while the thread is being torn down; the buffers are then simply dropped.
    let _ = SCRATCH.try_with(|cell| cell.set(scratch));
    r
}

/// ASCII whitespace: UAX #29 always breaks between it and any non-whitespace character that is
/// not a combining mark, which is what makes whitespace-delimited groups independent.
#[inline]
fn is_ascii_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Offsets are `u32`: a text longer than 4 GiB is cut at the last character boundary below
/// that (the `read` stage caps articles far lower).
fn clamp_len(text: &str) -> &str {
    let max = u32::MAX as usize;
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Splits the text into groups at ASCII whitespace. Stretches of ASCII text are tokenized by
/// [`ascii_group`] as a whole; a group holding non-ASCII characters goes to [`fast_group`] if
/// all of them are fast characters (see [`fast_class`]), otherwise consecutive such groups, each
/// with the whitespace before it, go to [`general`] as one region.
///
/// Why the split is exact: UAX #29 breaks on both sides of a whitespace run except where
/// combining marks follow it (WB4 attaches them to the whitespace), and the rules that look two
/// characters around a position (WB6/7, WB11/12) never join across whitespace. A general region
/// starts with the whitespace run before it, so marks attached there stay in the region; such
/// whitespace-led segments are never tokens.
fn run<S: Sink>(text: &str, scratch: &mut Scratch, sink: &mut S) {
    let visible = scraped::visible(clamp_len(text));
    let masked = matches!(visible, Cow::Owned(_));
    run_masked(&visible, masked, scratch, sink);
}

/// [`run`] of a text through [`scraped::visible`]; `masked` when that changed it (only a text
/// that held markup can be padded: a clean one is not scanned for pads).
fn run_masked<S: Sink>(visible: &str, masked: bool, scratch: &mut Scratch, sink: &mut S) {
    let pads = if masked {
        scraped::pads(visible)
    } else {
        Vec::new()
    };
    if pads.is_empty() {
        run_visible(visible, scratch, sink);
    } else {
        run_visible(visible, scratch, &mut Padded { pads: &pads, sink });
    }
}

/// Tokens of a text whose references were padded ([`scraped::PAD`]): a word starts where the
/// reference its first character stands for starts.
struct Padded<'a, S> {
    pads: &'a [u32],
    sink: &'a mut S,
}

impl<S: Sink> Sink for Padded<'_, S> {
    fn token(&mut self, start: u32, end: u32, form: &str) {
        self.sink
            .token(scraped::word_start(start, self.pads), end, form);
    }
}

fn run_visible<S: Sink>(text: &str, scratch: &mut Scratch, sink: &mut S) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    let mut chars = 0u32; // character offset of byte `i`
    let mut pending: Option<(usize, u32)> = None; // start of a general region
    let mut pending_end = 0;
    let flush = |pending: &mut Option<(usize, u32)>, end, scratch: &mut Scratch, sink: &mut S| {
        if let Some((start, start_chars)) = pending.take() {
            general(text, start..end, start_chars, scratch, sink);
        }
    };
    while i < n {
        // The ASCII stretch before the group holding the next non-ASCII byte, and the
        // whitespace run ending it: [i, ws_start) [ws_start, group_start) [group_start, ..).
        let high = i + first_non_ascii(&bytes[i..]);
        let mut group_start = high;
        while group_start > i && !is_ascii_ws(bytes[group_start - 1]) {
            group_start -= 1;
        }
        let mut ws_start = group_start;
        while ws_start > i && is_ascii_ws(bytes[ws_start - 1]) {
            ws_start -= 1;
        }
        if high == n {
            ws_start = n;
        }
        if ws_start > i {
            flush(&mut pending, pending_end, scratch, sink);
            ascii_group(&text[i..ws_start], chars, &mut scratch.norm, sink);
        }
        if high == n {
            break;
        }
        let ws_chars = chars + (ws_start - i) as u32;
        chars += (group_start - i) as u32;
        i = high;
        while i < n && !is_ascii_ws(bytes[i]) {
            i += 1;
        }
        let group = &text[group_start..i];
        if group
            .chars()
            .all(|c| c.is_ascii() || fast_class(c).is_some())
        {
            flush(&mut pending, pending_end, scratch, sink);
            chars = fast_group(group, chars, &mut scratch.norm, sink);
        } else {
            pending.get_or_insert((ws_start, ws_chars));
            pending_end = i;
            chars += count_chars(group.as_bytes());
        }
    }
    flush(&mut pending, pending_end, scratch, sink);
}

/// Index of the first byte ≥ 0x80 (or the length), eight bytes at a time.
fn first_non_ascii(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut i = 0;
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        if u64::from_ne_bytes(w) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] < 0x80 {
        i += 1;
    }
    i
}

/// Number of characters in UTF-8 `bytes`: the bytes that are not continuation bytes.
fn count_chars(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32
}

/// The fast class and UTF-8 length of the character at byte `i` of `group`.
#[inline(always)]
fn class_at(group: &str, i: usize) -> (Class, usize) {
    let b = group.as_bytes()[i];
    if b < 0x80 {
        (ascii_class(b), 1)
    } else {
        non_ascii_class_at(group, i)
    }
}

#[inline(never)]
fn non_ascii_class_at(group: &str, i: usize) -> (Class, usize) {
    match group.get(i..).and_then(|s| s.chars().next()) {
        Some(c) => (fast_class(c).unwrap_or(Class::Other), c.len_utf8()),
        None => (Class::Other, 1),
    }
}

/// [`fast_group`] for a group of ASCII bytes, where a character offset is a byte offset: the
/// same rules, tested with one [`ASCII_FLAGS`] load per byte. This is the loop English spends
/// its time in.
fn ascii_group<S: Sink>(group: &str, base: u32, norm: &mut String, sink: &mut S) {
    use chars::flag::{CORE, DIGIT, FOLD, JOINS_DIGITS, JOINS_LETTERS, LETTER};
    let bytes = group.as_bytes();
    let flags = |i: usize| ASCII_FLAGS[bytes[i] as usize];
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let first = flags(i);
        i += 1;
        if first & CORE == 0 {
            continue;
        }
        let start = i - 1;
        let mut seen = first;
        loop {
            while i < n && flags(i) & CORE != 0 {
                seen |= flags(i);
                i += 1;
            }
            if i + 1 < n {
                let (prev, mid, next) = (flags(i - 1), flags(i), flags(i + 1));
                let both = prev & next;
                if (mid & JOINS_LETTERS != 0 && both & LETTER != 0)
                    || (mid & JOINS_DIGITS != 0 && both & DIGIT != 0)
                {
                    seen |= mid | next;
                    i += 2;
                    continue;
                }
            }
            break;
        }
        if seen & (LETTER | DIGIT) == 0 {
            continue;
        }
        let (s, e) = (base + start as u32, base + i as u32);
        if seen & FOLD != 0 {
            norm.clear();
            norm.extend(bytes[start..i].iter().map(|&b| match b {
                b'`' => '\'',
                _ => b.to_ascii_lowercase() as char,
            }));
            sink.token(s, e, norm);
        } else {
            sink.token(s, e, &group[start..i]);
        }
    }
}

/// Tokenizes one whitespace-free group of fast characters whose first character is at
/// character offset `chars`; returns the offset just past the group.
///
/// Applies UAX #29 as it reads for these classes: letters, digits and `_` always join; a single
/// MidLetter/MidNumLet joins two letters, a single MidNum/MidNumLet joins two digits; anything
/// else is a segment of its own, and a token only if it is a Han or kana letter. The normal form
/// is the group's text when it has no uppercase letter, no backquote and nothing non-ASCII;
/// otherwise it is folded into `norm` character by character (these characters are
/// NFKC-stable, so NFKC is skipped).
fn fast_group<S: Sink>(group: &str, mut chars: u32, norm: &mut String, sink: &mut S) -> u32 {
    let end = group.len();
    let mut i = 0;
    while i < end {
        let (class, len) = class_at(group, i);
        i += len;
        chars += 1;
        if class == Class::NoSpace {
            // Its own segment and its own normal form (caseless, NFKC-stable), a Traditional
            // Chinese character's in Simplified.
            let piece = &group[i - len..i];
            let mut buf = [0u8; 4];
            let form = match piece.chars().next() {
                Some(c) if is_han(c) => simplified(c).encode_utf8(&mut buf),
                _ => piece,
            };
            sink.token(chars - 1, chars, form);
            continue;
        }
        if !class.is_core() {
            continue;
        }
        let (seg_start, seg_chars) = (i - len, chars - 1);
        let mut prev = class;
        let mut alnum = class != Class::Connector;
        while i < end {
            let (next, len) = class_at(group, i);
            if next.is_core() {
                alnum |= next != Class::Connector;
                prev = next;
                i += len;
                chars += 1;
                continue;
            }
            if i + len < end {
                let (after, after_len) = class_at(group, i + len);
                if Class::joins(prev, next, after) {
                    prev = after;
                    i += len + after_len;
                    chars += 2;
                    continue;
                }
            }
            break;
        }
        if !alnum {
            continue;
        }
        let seg = &group[seg_start..i];
        let (mut upper, mut high) = (false, false);
        for &b in seg.as_bytes() {
            upper |= b.is_ascii_uppercase() | (b == b'`');
            high |= b >= 0x80;
        }
        if high {
            norm.clear();
            for c in seg.chars() {
                if c.is_ascii_lowercase() {
                    norm.push(c);
                } else {
                    push_fast_folded(c, norm);
                }
            }
            sink.token(seg_chars, chars, norm);
        } else if upper {
            norm.clear();
            norm.extend(seg.bytes().map(|b| match b {
                b'`' => '\'',
                _ => b.to_ascii_lowercase() as char,
            }));
            sink.token(seg_chars, chars, norm);
        } else {
            sink.token(seg_chars, chars, seg);
        }
    }
    chars
}

/// Maps character indices of the premapped region back to the original region, given the
/// ascending original indices of the dropped characters. Queries must not decrease.
struct OrigIndex<'a> {
    removed: &'a [u32],
    passed: usize,
}

impl OrigIndex<'_> {
    fn get(&mut self, mapped: u32) -> u32 {
        while let Some(&r) = self.removed.get(self.passed) {
            if r > mapped + self.passed as u32 {
                break;
            }
            self.passed += 1;
        }
        mapped + self.passed as u32
    }
}

/// The general path: premaps `text[range]` (whose first character is at character offset
/// `base`), segments it with UAX #29, splits no-space scripts per character and emits the
/// tokens. With `range` the whole text this is the reference the fast path is tested against.
fn general<S: Sink>(
    text: &str,
    range: Range<usize>,
    base: u32,
    scratch: &mut Scratch,
    sink: &mut S,
) {
    let Scratch {
        mapped,
        removed,
        norm,
    } = scratch;
    mapped.clear();
    removed.clear();
    for (n, c) in text[range].chars().enumerate() {
        match premap(c) {
            Some(m) => mapped.push(m),
            None => removed.push(n as u32),
        }
    }
    let mut emit = Emitter {
        orig: OrigIndex { removed, passed: 0 },
        base,
        norm,
        sink,
    };
    let mut at = 0u32; // character index of `seg` in `mapped`
    let mut segs = mapped.split_word_bound_indices().peekable();
    while let Some((b, seg)) = segs.next() {
        let count = seg.chars().count() as u32;
        let nikhahit = seg.chars().next_back().filter(|&last| {
            let next = segs.peek().and_then(|(_, next)| next.chars().next());
            next.is_some() && next == sara_aa_after(last)
        });
        let Some(nikhahit) = nikhahit else {
            emit.segment(seg, at, count);
            at += count;
            continue;
        };
        // Nikhahit + sara aa: the nikhahit leaves this segment and opens the next one's token,
        // as the composed sara am would (see `sara_aa_after`).
        let cut = seg.len() - nikhahit.len_utf8();
        emit.segment(&seg[..cut], at, count - 1);
        let (nb, next) = segs.next().unwrap_or((b + seg.len(), ""));
        let next_count = next.chars().count() as u32;
        emit.candidate(
            &mapped[b + cut..nb + next.len()],
            at + count - 1,
            1 + next_count,
        );
        at += count + next_count;
    }
}

/// Turns pieces of the premapped region into tokens.
struct Emitter<'a, S> {
    orig: OrigIndex<'a>,
    base: u32,
    norm: &'a mut String,
    sink: &'a mut S,
}

impl<S: Sink> Emitter<'_, S> {
    /// Emits `piece` (at premapped character index `at`, `count` characters) if its normal form
    /// holds a letter or digit.
    fn candidate(&mut self, piece: &str, at: u32, count: u32) {
        self.norm.clear();
        if count == 0 || !normal_form(piece, self.norm) {
            return;
        }
        let start = self.orig.get(at);
        let end = self.orig.get(at + count - 1) + 1;
        self.sink
            .token(self.base + start, self.base + end, self.norm);
    }

    /// One UAX #29 segment: not a token if it starts with whitespace (whitespace plus the marks
    /// WB4 attached to it); split per character if it holds no-space-script characters.
    fn segment(&mut self, seg: &str, at: u32, count: u32) {
        if seg.starts_with(char::is_whitespace) {
            return;
        }
        if count > 1 && seg.chars().any(is_nospace) {
            self.split_nospace(seg, at);
        } else {
            self.candidate(seg, at, count);
        }
    }

    /// A segment holding no-space-script characters: each of their grapheme clusters is a
    /// token; runs of other clusters in the same segment (`カ_abc` is one UAX #29 segment) stay
    /// together.
    fn split_nospace(&mut self, seg: &str, mut at: u32) {
        let mut run: Option<(usize, u32)> = None;
        for (b, g) in seg.grapheme_indices(true) {
            let count = g.chars().count() as u32;
            if !g.starts_with(is_nospace) {
                run.get_or_insert((b, at));
                at += count;
                continue;
            }
            if let Some((rb, rat)) = run.take() {
                self.candidate(&seg[rb..b], rat, at - rat);
            }
            self.candidate(g, at, count);
            at += count;
        }
        if let Some((rb, rat)) = run {
            self.candidate(&seg[rb..], rat, at - rat);
        }
    }
}

/// Appends the normal form of `piece` to `out`: premapped quotes and invisibles, NFKC, then
/// [`push_folded`] per character. Returns whether it holds a letter or digit.
fn normal_form(piece: &str, out: &mut String) -> bool {
    let start = out.len();
    if piece.is_ascii() {
        for c in piece.chars() {
            push_folded(c, out);
        }
    } else {
        let chars = piece.chars().filter_map(unify);
        if chars.clone().all(is_plain_letter) || is_nfkc_quick(chars.clone()) == IsNormalized::Yes {
            for c in chars {
                push_folded(c, out);
            }
        } else {
            for c in chars.nfkc() {
                push_folded(c, out);
            }
        }
    }
    out.get(start..).is_some_and(|s| {
        s.chars()
            .any(|c| c.is_ascii_alphanumeric() || is_plain_letter(c) || c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Tokens and forms by the general path alone, over the whole text.
    fn reference(text: &str) -> Vec<(Token, String)> {
        let mut out = Vec::new();
        let mut sink = Visit(|t: Token, f: &str| out.push((t, f.to_owned())));
        let visible = scraped::visible(text);
        let pads = scraped::pads(&visible);
        let mut sink = Padded {
            pads: &pads,
            sink: &mut sink,
        };
        general(
            &visible,
            0..visible.len(),
            0,
            &mut Scratch::default(),
            &mut sink,
        );
        out
    }

    fn with_forms(text: &str) -> Vec<(Token, String)> {
        let mut out = Vec::new();
        for_each_token(text, |t, f| out.push((t, f.to_owned())));
        out
    }

    #[test]
    fn a_word_starting_with_a_reference_starts_where_the_reference_does() {
        let words = written("x &Eacute;lodie caf&eacute; Ã‰lan");
        assert_eq!(words, ["x", "&Eacute;lodie", "caf&eacute;", "Ã‰lan"]);
    }

    /// The tokens as written in the original text.
    fn written(text: &str) -> Vec<String> {
        tokenize(text)
            .iter()
            .map(|t| {
                text.chars()
                    .skip(t.start as usize)
                    .take((t.end - t.start) as usize)
                    .collect()
            })
            .collect()
    }

    fn hashes(text: &str) -> Vec<u64> {
        tokenize(text).iter().map(|t| t.hash).collect()
    }

    fn form(word: &str) -> String {
        let mut out = String::new();
        normalize_word(word, &mut out);
        out
    }

    #[test]
    fn ascii_words() {
        assert_eq!(
            normal_forms("The U.S. economy, in 2024, grew 3.5% — don't panic!"),
            ["the", "u.s", "economy", "in", "2024", "grew", "3.5", "don't", "panic"]
        );
        assert_eq!(written("Hello, World"), ["Hello", "World"]);
        assert_eq!(
            normal_forms("1,000,000 people; e-mail snake_case a:b"),
            ["1,000,000", "people", "e", "mail", "snake_case", "a:b"]
        );
    }

    #[test]
    fn punctuation_only_segments_are_not_tokens() {
        assert!(tokenize("-- ... !!! “ ” ’ « » — ¿¡ ___ 😀 \u{200B} ‼").is_empty());
        assert!(tokenize("").is_empty());
        assert!(tokenize(" \n\t ").is_empty());
    }

    #[test]
    fn composed_and_decomposed_accents_are_equal() {
        assert_eq!(hashes("café México"), hashes("cafe\u{301} Me\u{301}xico"));
        assert_eq!(normal_forms("cafe\u{301}"), ["café"]);
        assert_eq!(written("cafe\u{301} x"), ["cafe\u{301}", "x"]);
    }

    #[test]
    fn accents_are_kept() {
        assert_ne!(hashes("méxico"), hashes("mexico"));
        assert_ne!(form("año"), form("ano"));
    }

    #[test]
    fn full_width_equals_ascii() {
        assert_eq!(hashes("ＡＢＣ １２３ Ｎｅｗｓ"), hashes("abc 123 news"));
    }

    #[test]
    fn full_case_folding() {
        assert_eq!(hashes("Straße STRASSE"), hashes("strasse strasse"));
        assert_eq!(hashes("ΟΔΟΣ"), hashes("οδος"));
        assert_eq!(form("ΟΔΟΣ"), "οδοσ");
        assert_eq!(hashes("ÉCOLE İstanbul"), hashes("école i̇stanbul"));
    }

    #[test]
    fn quotes_and_apostrophes_are_unified() {
        let want = hashes("don't");
        assert_eq!(want.len(), 1);
        for v in [
            "don’t", "don‘t", "donʼt", "don′t", "don`t", "don´t", "DON’T",
        ] {
            assert_eq!(hashes(v), want, "{v}");
        }
        let plain = hashes("he said hello");
        for v in [
            "he said “hello”",
            "he said „hello“",
            "he said «hello»",
            "he said \"hello\"",
        ] {
            assert_eq!(hashes(v), plain, "{v}");
        }
        assert_eq!(hashes("2020–2024"), hashes("2020-2024"));
        assert_eq!(form("—"), "-");
    }

    #[test]
    fn invisible_characters_neither_split_nor_show() {
        assert_eq!(normal_forms("Wash\u{AD}ington"), ["washington"]);
        assert_eq!(
            tokenize("wo\u{200B}rd"),
            [Token {
                start: 0,
                end: 5,
                hash: hash_form("word")
            }]
        );
        assert_eq!(tokenize("\u{FEFF}Hello")[0].start, 1);
        // Persian with ZWNJ, Arabic with ZWJ and a bidi mark.
        assert_eq!(hashes("می\u{200C}خواهم"), hashes("میخواهم"));
        assert_eq!(hashes("ال\u{200D}عالم\u{200F}"), hashes("العالم"));
        assert_eq!(
            normal_forms("\u{200B}\u{200C}\u{200D}\u{AD}\u{FEFF}"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn arabic_script_folding() {
        assert_eq!(hashes("مدرسة"), hashes("مدرسه"), "teh marbuta folds to heh");
        assert_eq!(hashes("کتاب"), hashes("كتاب"));
        assert_eq!(hashes("فارسی"), hashes("فارسي"));
        assert_eq!(hashes("على"), hashes("علي"));
        assert_eq!(
            hashes("أحمد إيران آمنة ٱلله"),
            hashes("احمد ايران امنه الله")
        );
        assert_eq!(hashes("كَتَبَ الْكِتَابَ"), hashes("كتب الكتاب"));
        assert_eq!(hashes("كـــتاب"), hashes("كتاب"));
        assert_eq!(hashes("یہ ہے"), hashes("يه هے"));
        assert_eq!(hashes("ھے ۃ ە"), hashes("هے ه ه"));
        // Decomposed hamza composes under NFKC, then folds like the composed letter.
        assert_eq!(hashes("ا\u{654}حمد"), hashes("أحمد"));
        // Presentation forms go through NFKC first.
        assert_eq!(hashes("\u{FEF3}\u{FEE4}\u{FEE8}"), hashes("يمن"));
    }

    #[test]
    fn digits_of_other_scripts() {
        let want = hashes("2024");
        for v in ["٢٠٢٤", "۲۰۲۴", "२०२४", "২০২৪", "๒๐๒๔", "２０２４"]
        {
            assert_eq!(hashes(v), want, "{v}");
        }
        assert_eq!(normal_forms("سال ۱۴۰۳"), ["سال", "1403"]);
    }

    #[test]
    fn script_punctuation_splits_words() {
        assert_eq!(written("ہے۔یہ"), ["ہے", "یہ"]);
        assert_eq!(written("قال،إن"), ["قال", "إن"]);
        assert_eq!(written("١،٢"), ["١", "٢"]);
        assert_eq!(written("ماذا؟لا؛نعم"), ["ماذا", "لا", "نعم"]);
        assert_eq!(written("नमस्ते।धन्यवाद॥"), ["नमस्ते", "धन्यवाद"]);
        assert_eq!(
            written("ａ：ｂ，ｃ；ｄ！ｅ？ｆ"),
            ["ａ", "ｂ", "ｃ", "ｄ", "ｅ", "ｆ"]
        );
        assert_eq!(
            written("日本。中国、韩国"),
            ["日", "本", "中", "国", "韩", "国"]
        );
    }

    #[test]
    fn nospace_scripts_give_one_token_per_character() {
        assert_eq!(
            normal_forms("新华社记者 reported"),
            ["新", "华", "社", "记", "者", "reported"]
        );
        assert_eq!(
            written("東京で、カタカナ・テスト"),
            ["東", "京", "で", "カ", "タ", "カ", "ナ", "テ", "ス", "ト"]
        );
        assert_eq!(written("ภาษาไทย"), ["ภ", "า", "ษ", "า", "ไ", "ท", "ย"]);
        assert_eq!(written("กินข้าว"), ["กิ", "น", "ข้", "า", "ว"]);
        assert_eq!(written("กำลัง"), ["ก", "ำ", "ลั", "ง"]);
        assert_eq!(
            written("ก\u{E4D}\u{E32}ลัง"),
            ["ก", "\u{E4D}\u{E32}", "ลั", "ง"]
        );
        assert_eq!(
            hashes("กำลัง"),
            hashes("ก\u{E4D}\u{E32}ลัง"),
            "sara am, composed or not"
        );
        assert_eq!(hashes("ก่ำ ລຳ"), hashes("ก่\u{E4D}\u{E32} ລ\u{ECD}\u{EB2}"));
        assert_eq!(hashes("ｶﾞｲﾄﾞ"), hashes("ガイド"), "half-width katakana");
        assert_eq!(hashes("か\u{3099}"), hashes("が"), "decomposed dakuten");
        assert_eq!(written("カ_abc"), ["カ", "_abc"]);
        assert_eq!(written("2024年"), ["2024", "年"]);
    }

    #[test]
    fn hangul_is_spaced() {
        assert_eq!(written("한국어 뉴스를"), ["한국어", "뉴스를"]);
        // Conjoining jamo compose under NFKC.
        assert_eq!(hashes("\u{1112}\u{1161}\u{11AB}"), hashes("한"));
    }

    #[test]
    fn offsets_are_characters_of_the_original_text() {
        let text = "Héllo, العالَم! 😀新闻 e\u{301}x — «don’t» ۱۲ 🇺🇸 ok\u{200B}ay.";
        assert_eq!(
            written(text),
            [
                "Héllo",
                "العالَم",
                "新",
                "闻",
                "e\u{301}x",
                "don’t",
                "۱۲",
                "ok\u{200B}ay"
            ]
        );
        let toks = tokenize(text);
        assert_eq!((toks[0].start, toks[0].end), (0, 5));
        assert_eq!((toks[2].start, toks[2].end), (17, 18));
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(toks.last().map(|t| t.end as usize), Some(chars.len() - 1));
    }

    /// A Traditional Chinese reprint of Simplified copy has the same tokens; kana and Latin
    /// letters stay as they are.
    #[test]
    fn traditional_chinese_reads_as_simplified() {
        let hashes = |t: &str| tokenize(t).iter().map(|t| t.hash).collect::<Vec<_>>();
        assert_eq!(
            hashes("新華社北京3月12日電 國務院總理說，經濟發展穩中向好。"),
            hashes("新华社北京3月12日电 国务院总理说，经济发展稳中向好。")
        );
        assert_eq!(normal_forms("東京 へ 國"), ["东", "京", "へ", "国"]);
        // Characters alike in both scripts, and offsets, are untouched.
        let t = tokenize("中國人");
        assert_eq!((t[1].start, t[1].end), (1, 2));
        assert_eq!(normal_forms("中人"), ["中", "人"]);
    }

    #[test]
    fn normalize_word_matches_token_forms() {
        let text = "Ｔｈｅ “Straße” كِتابٌ 東京 DON’T ﬁnance";
        for (t, f) in with_forms(text) {
            let w: String = text
                .chars()
                .skip(t.start as usize)
                .take((t.end - t.start) as usize)
                .collect();
            assert_eq!(form(&w), f, "{w}");
            assert_eq!(hash_form(&f), t.hash);
        }
        assert_eq!(form("ﬁnance"), "finance");
    }

    #[test]
    fn tokenize_into_clears_and_reuses() {
        let mut out = vec![Token {
            start: 9,
            end: 9,
            hash: 9,
        }];
        tokenize_into("one two", &mut out);
        assert_eq!(out.len(), 2);
        let cap = out.capacity();
        tokenize_into("three", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out.capacity(), cap);
    }

    #[test]
    fn reentrant_use_from_a_visitor() {
        let mut inner = 0;
        for_each_token("a b", |_, _| inner += tokenize("x y z").len());
        assert_eq!(inner, 6);
    }

    /// The hash family is part of the index format: these values must never change.
    #[test]
    fn token_hashes_are_pinned() {
        assert_eq!(hash_form("the"), 14_909_558_583_808_107_172);
        assert_eq!(hashes("The"), [14_909_558_583_808_107_172]);
        assert_eq!(normal_forms("Don’t"), ["don't"]);
        assert_eq!(hashes("Don’t"), [13_879_814_510_726_820_509]);
        assert_eq!(normal_forms("مدرسة"), ["مدرسه"]);
        assert_eq!(hashes("مدرسة"), [4_143_157_871_783_687_561]);
        assert_eq!(hashes("新"), [17_195_317_322_141_621_343]);
    }

    /// Characters that stress every rule: fast-path letters and punctuation, characters that
    /// force the general path, marks, invisibles, script punctuation, no-space scripts.
    const POOL: &[char] = &[
        'a', 'B', 'z', 'Q', '0', '7', ' ', ' ', ' ', '\t', '\n', '\r', '.', ',', ';', ':', '\'',
        '`', '_', '"', '-', '!', '?', '(', 'é', 'É', 'ß', 'ñ', 'Ç', 'ø', 'ł', '’', '‘', 'ʼ', '′',
        '´', '“', '”', '«', '»', '–', '—', '\u{A0}', '…', '·', '€', '\u{301}', '\u{308}',
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{AD}', '\u{FEFF}', '\u{200F}', 'ب', 'ي', 'ی', 'ة',
        'ه', '\u{64E}', 'ـ', '،', '۔', '٣', '٫', '中', '国', 'の', 'カ', 'ー', 'ｶ', 'ﾞ', 'ก',
        '\u{E34}', 'ำ', '\u{E4D}', 'า', '\u{E48}', '๕', 'ລ', 'ຳ', '\u{ECD}', '\u{EB2}', '한',
        '\u{1161}', '😀', '🇺', '\u{3000}', 'न', '\u{93F}', 'İ', 'ª', 'ĳ', 'ſ', 'µ', '¹', 'א',
        '\u{5B4}', 'Ａ', '１', '。', '：', 'ﬁ', 'Σ', 'ς', '\u{1FEF}', '\u{FE0F}', '\u{20E3}',
        '\u{2028}', '\u{85}',
    ];

    /// Characters the fast scanner handles, whitespace included.
    const FAST_POOL: &[char] = &[
        'a', 'b', 'Z', '0', '9', ' ', ' ', '\n', '.', ',', ';', ':', '\'', '`', '_', '"', '-', 'é',
        'Ñ', 'ß', 'ÿ', 'Ÿ', 'ő', '’', '‘', 'ʼ', '′', '´', '·', '“', '«', '–', '\u{A0}', '…', 'ب',
        'ک', 'ی', 'ا', 'أ', 'ة', 'ى', '٣', '۷', '،', '؟', '۔', 'Ж', 'ё', 'Σ', 'ς', 'ά', '한', '中',
        'の', 'カ', 'タ', '。', '、', '「', '」', '（', '：',
    ];

    fn pool_text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(POOL), 0..48)
            .prop_map(|v| v.into_iter().collect())
    }

    /// Mostly fast-path text with the odd character that forces the general path.
    fn fast_text() -> impl Strategy<Value = String> {
        let c = prop_oneof![
            20 => prop::sample::select(FAST_POOL),
            1 => prop::sample::select(POOL),
        ];
        prop::collection::vec(c, 0..64).prop_map(|v| v.into_iter().collect())
    }

    fn check_invariants(text: &str) -> Result<(), TestCaseError> {
        let toks = tokenize(text);
        let n = text.chars().count() as u32;
        let mut prev_end = 0;
        for t in &toks {
            prop_assert!(t.start < t.end && t.end <= n, "{t:?} in {n} chars");
            prop_assert!(t.start >= prev_end, "overlap at {t:?}");
            prev_end = t.end;
        }
        prop_assert_eq!(&toks, &tokenize(text));
        let fast = with_forms(text);
        prop_assert_eq!(&fast, &reference(text));
        let visible = scraped::visible(text);
        for (t, f) in &fast {
            let w: String = visible
                .chars()
                .skip(t.start as usize)
                .take((t.end - t.start) as usize)
                .collect();
            prop_assert_eq!(&form(&w), f, "token {:?} written {:?}", t, w);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn pool_texts_keep_invariants_and_match_the_general_path(text in pool_text()) {
            check_invariants(&text)?;
        }

        #[test]
        fn latin_texts_keep_invariants_and_match_the_general_path(text in fast_text()) {
            check_invariants(&text)?;
        }

        #[test]
        fn arbitrary_texts_keep_invariants_and_match_the_general_path(text in any::<String>()) {
            check_invariants(&text)?;
        }
    }
}
