//! Stage 3b — skeleton: tokens → the content words a desk keeps when it rewrites agency copy.
//!
//! A rewrite ("9 wickets" → "nine wickets", a synonym swapped, two sentences merged, the quote
//! moved up, the dateline replaced) breaks most 5-word shingles but keeps the story's names,
//! numbers and rarer words, mostly in the same order. The skeleton is that sequence: each token
//! gets a *content key* or none.
//! * numbers are kept, and number words of the languages the tool normalises (`nine`, `nueve`,
//!   `neuf`, `neun`, `nove`, `تسعة`, `نو`, `नौ`, `九`, …) get the key of their digits, so `9` and
//!   `nine` agree (one word to one number: `ألف ومئتي` is not read as 1200);
//! * Arabic-script words are keyed by a light stem ([`arabic_stem`]: the conjunction `و`, the
//!   article `ال` with its prepositions and common suffixes stripped), since a desk rewriting
//!   agency copy changes `المياه` to `مياه` or `وقطعت` to `قطعت` as freely as it reorders;
//! * common function words and reporting verbs (`said`, `dijo`, `afirmou`, `sagte`, `قال` …) and
//!   every other word shorter than 4 characters have no key: they are what a rewrite changes;
//! * scripts written without spaces (Han, kana, Thai, Lao; one token per character) and Hangul
//!   keep every token;
//! * words inside quotation marks have no key: two outlets quoting the same speaker share the
//!   quote without sharing copy, so a quote is never evidence of reuse.
//!
//! Two stages read the skeleton, so its rule lives here once: [`rewrite_anchors`] (candidates
//! that survive rewriting: sampled skeleton trigrams) and `verify::rewrite` (sentence alignment).
//! Invariant: keys depend only on the text ([`SKELETON`] names the rule; the index records it).

use std::sync::OnceLock;

use crate::sign::minhash::mix64;
use crate::sign::normalize::scraped::is_mask;
use crate::sign::normalize::{self, hash_form, Token};
use crate::sign::shingle::ShingleHash;

/// Names the skeleton's rules and word lists. The index records it; change it whenever a change
/// here changes any key.
pub const SKELETON: &str = "skeleton v12: len>=4, numbers, number words (ar/ur/hi/zh too), \
     stopwords, no quotes (single marks too, straight single marks, dash speech, Nordic dash speech to its attribution, paragraphs reopened, guillemets either way, \
     Nordic closing marks, 1500 characters a paragraph, embedded posts after a spaced dash), \
     Arabic light stem; mixed trigram hash, bound";

/// Seed of the rewrite-anchor hash: distinct from the shingle seed, so a rewrite anchor never
/// equals a verbatim anchor.
const REWRITE_SEED: u64 = 0x7265_7772_6974_6533; // "rewrite3"

/// The position a rewrite anchor's posting carries: rewrite anchors have no shingle position
/// (they are not confirmed around a position, see `candidates::anchors::pair_rule`). The largest
/// signed 32-bit value, so that engines storing positions as 32-bit integers (Spark's `INT`)
/// carry it unchanged; no shingle position comes near it.
pub const REWRITE_POS: u32 = i32::MAX as u32;

/// The content key of no token (a skipped word). Real keys are never 0 ([`key_of`]).
pub const NO_KEY: u64 = 0;

/// Function words (4 letters or more) and reporting verbs, by language. Shorter words need no
/// list: every word under 4 characters is skipped.
#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    // English
    "that", "this", "with", "from", "have", "were", "been", "which", "their", "there", "they",
    "will", "would", "said", "says", "told", "also", "after", "about", "over", "more", "than",
    "when", "what", "into", "other", "some", "such", "only", "them", "then", "these", "those",
    "while", "where", "could", "should", "being", "under", "since", "between", "during", "against",
    "before", "still", "because", "just", "very", "most", "many", "much", "each", "both", "well",
    "here", "added", "according", "stated", "announced", "noted", "explained", "reported", "later",
    "earlier", "however", "including", "last", "year", "week", "people",
    // Spanish
    "para", "como", "pero", "este", "esta", "estos", "estas", "sobre", "entre", "desde", "hasta",
    "cuando", "donde", "porque", "según", "dijo", "afirmó", "señaló", "indicó", "explicó",
    "aseguró", "añadió", "agregó", "destacó", "también", "durante", "tras", "ante", "sido", "será",
    "está", "están", "fueron", "había", "hace", "todo", "todos", "otro", "otra", "otros", "ella",
    "ellos", "cual", "sólo", "solo", "además", "mientras", "contra", "parte", "tiene",
    // Portuguese
    "pelo", "pela", "pelos", "pelas", "quando", "onde", "segundo", "disse", "afirmou", "também",
    "após", "estão", "foram", "havia", "isso", "esse", "essa", "outro", "outra", "ainda", "mais",
    "explicou", "acrescentou", "destacou", "disseram", "sobre", "contra", "enquanto", "além",
    // French
    "dans", "pour", "avec", "sans", "sous", "leur", "leurs", "cette", "mais", "plus", "comme",
    "elle", "elles", "être", "avoir", "était", "sont", "selon", "après", "avant", "depuis", "aussi",
    "encore", "déclaré", "affirmé", "indiqué", "expliqué", "ajouté", "lors", "tout", "tous",
    "toute", "toutes", "dont", "ainsi", "entre", "vers", "contre",
    // German
    "dass", "nicht", "eine", "einer", "eines", "einem", "einen", "sich", "auch", "wurde", "wurden",
    "werden", "sind", "sein", "seine", "ihre", "nach", "über", "unter", "sagte", "sagt", "hatte",
    "haben", "noch", "aber", "oder", "wenn", "weil", "bereits", "sowie", "laut", "zwischen",
    "durch", "gegen", "diese", "dieser", "dieses", "erklärte", "betonte", "hieß",
    // Italian
    "della", "delle", "dello", "degli", "sono", "anche", "dopo", "prima", "questo", "questa",
    "quella", "quello", "detto", "essere", "stato", "stata", "hanno", "nella", "nelle", "sulla",
    "sulle", "alla", "alle", "dalla", "dalle", "secondo", "ancora",
    // Arabic (as written: the lists are folded as the tokenizer folds)
    "الذي", "التي", "الذين", "وقال", "وأضاف", "وأكد", "وأشار", "حيث", "كانت", "عليه", "أنه", "خلال",
    "إلى", "على", "بين", "ذلك", "هذه", "وفي", "كما", "بعد", "قبل", "منذ",
    // Urdu and Hindi
    "کہا", "بتایا", "انہوں", "میں", "لیے", "کیا", "گیا", "تھا", "تھے", "رہا", "رہے", "اور", "किया",
    "कहा", "बताया", "लिए", "करने", "रहे", "रहा", "गया", "उन्होंने", "दिया", "होने",
];

/// Number words and their value, for the languages the tool normalises. Words that are also an
/// article or pronoun (`one`, `un`, `una`, `uno`, `um`, `uma`, `ein`) are left out.
#[rustfmt::skip]
const NUMBER_WORDS: &[(&str, u32)] = &[
    ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7), ("eight", 8),
    ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12), ("thirteen", 13), ("fourteen", 14),
    ("fifteen", 15), ("sixteen", 16), ("seventeen", 17), ("eighteen", 18), ("nineteen", 19),
    ("twenty", 20), ("thirty", 30), ("forty", 40), ("fifty", 50), ("sixty", 60), ("seventy", 70),
    ("eighty", 80), ("ninety", 90), ("hundred", 100), ("thousand", 1000), ("dos", 2), ("tres", 3),
    ("cuatro", 4), ("cinco", 5), ("seis", 6), ("siete", 7), ("ocho", 8), ("nueve", 9), ("diez", 10),
    ("once", 11), ("doce", 12), ("quince", 15), ("veinte", 20), ("treinta", 30), ("cuarenta", 40),
    ("cincuenta", 50), ("cien", 100), ("mil", 1000), ("dois", 2), ("duas", 2), ("três", 3),
    ("quatro", 4), ("sete", 7), ("oito", 8), ("nove", 9), ("dez", 10), ("vinte", 20),
    ("trinta", 30), ("cem", 100), ("deux", 2), ("trois", 3), ("quatre", 4), ("cinq", 5),
    ("sept", 7), ("huit", 8), ("neuf", 9), ("dix", 10), ("vingt", 20), ("trente", 30),
    ("cent", 100), ("zwei", 2), ("drei", 3), ("vier", 4), ("fünf", 5), ("sechs", 6), ("sieben", 7),
    ("acht", 8), ("neun", 9), ("zehn", 10), ("zwölf", 12), ("zwanzig", 20), ("hundert", 100),
    ("tausend", 1000), ("due", 2), ("tre", 3), ("quattro", 4), ("sei", 6), ("sette", 7),
    ("otto", 8), ("dieci", 10), ("venti", 20), ("trenta", 30), ("cento", 100),
    // Arabic (both genders; forms that are also common words, such as ست "lady", left out)
    ("اثنان", 2), ("اثنين", 2), ("اثنتان", 2), ("اثنتين", 2), ("ثلاثة", 3), ("ثلاث", 3),
    ("أربعة", 4), ("أربع", 4), ("خمسة", 5), ("خمس", 5), ("ستة", 6), ("سبعة", 7), ("ثمانية", 8),
    ("ثماني", 8), ("تسعة", 9), ("تسع", 9), ("عشرة", 10), ("عشرون", 20), ("عشرين", 20),
    ("ثلاثون", 30), ("ثلاثين", 30), ("أربعون", 40), ("أربعين", 40), ("خمسون", 50),
    ("خمسين", 50), ("ستون", 60), ("ستين", 60), ("سبعون", 70), ("سبعين", 70), ("ثمانون", 80),
    ("ثمانين", 80), ("تسعون", 90), ("تسعين", 90), ("مئة", 100), ("مائة", 100), ("ألف", 1000),
    // Urdu (ایک "one" left out, as `one`; اسی "this very" too)
    ("دو", 2), ("تین", 3), ("چار", 4), ("پانچ", 5), ("چھ", 6), ("سات", 7), ("آٹھ", 8), ("نو", 9),
    ("دس", 10), ("گیارہ", 11), ("بارہ", 12), ("پندرہ", 15), ("بیس", 20), ("تیس", 30),
    ("چالیس", 40), ("پچاس", 50), ("ساٹھ", 60), ("ستر", 70), ("نوے", 90), ("سو", 100),
    ("ہزار", 1000),
    // Hindi
    ("दो", 2), ("तीन", 3), ("चार", 4), ("पांच", 5), ("पाँच", 5), ("छह", 6), ("सात", 7), ("आठ", 8),
    ("नौ", 9), ("दस", 10), ("ग्यारह", 11), ("बारह", 12), ("पंद्रह", 15), ("बीस", 20), ("तीस", 30),
    ("चालीस", 40), ("पचास", 50), ("साठ", 60), ("सत्तर", 70), ("अस्सी", 80), ("नब्बे", 90),
    ("सौ", 100), ("हज़ार", 1000), ("हजार", 1000),
    // Chinese and Japanese numerals that stand for a digit (one character, one token)
    ("二", 2), ("三", 3), ("四", 4), ("五", 5), ("六", 6), ("七", 7), ("八", 8), ("九", 9),
];

/// The word lists by token hash: an open-addressing table at most a quarter full, probed
/// linearly from the hash's low bits. Every token of every article is looked up here, and most
/// are not in it: a probe usually ends at the first slot, an empty one.
struct Lexicon {
    /// One bit per value of a hash's top 12 bits, set for the listed words: 512 bytes that stay
    /// in the first-level cache and turn most tokens away before the table (32 KB, which does
    /// not) is read.
    filter: [u64; 64],
    /// `(token hash, content key)`: a stopword's key is [`NO_KEY`], a number word's the key of
    /// its digits; [`Lexicon::EMPTY`] marks a free slot.
    slots: Box<[(u64, u64)]>,
    mask: usize,
}

impl Lexicon {
    /// A free slot's key: real keys are [`NO_KEY`] or the nonzero key of a number.
    const EMPTY: u64 = u64::MAX;

    fn new(entries: &[(u64, u64)]) -> Lexicon {
        let size = (4 * entries.len()).next_power_of_two().max(16);
        let mut slots = vec![(0, Lexicon::EMPTY); size].into_boxed_slice();
        let mask = size - 1;
        let mut filter = [0u64; 64];
        for &(hash, key) in entries {
            let bit = (hash >> 52) as usize;
            filter[bit / 64] |= 1 << (bit % 64);
            let mut i = hash as usize & mask;
            while slots[i].1 != Lexicon::EMPTY && slots[i].0 != hash {
                i = (i + 1) & mask;
            }
            slots[i] = (hash, key);
        }
        Lexicon {
            filter,
            slots,
            mask,
        }
    }

    /// The content key of a listed word, or `None`.
    #[inline]
    fn get(&self, hash: u64) -> Option<u64> {
        let bit = (hash >> 52) as usize;
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let mut i = hash as usize & self.mask;
        loop {
            let (h, key) = self.slots[i];
            if key == Lexicon::EMPTY {
                return None;
            }
            if h == hash {
                return Some(key);
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// The word lists, with each word normalised as the tokenizer normalises it.
fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut entries = Vec::new();
        let mut form = String::new();
        for w in STOPWORDS {
            normalize::normalize_word(w, &mut form);
            entries.push((hash_form(&form), NO_KEY));
        }
        for (w, n) in NUMBER_WORDS {
            normalize::normalize_word(w, &mut form);
            entries.push((hash_form(&form), nonzero(hash_form(&n.to_string()))));
        }
        Lexicon::new(&entries)
    })
}

fn nonzero(h: u64) -> u64 {
    if h == NO_KEY {
        1
    } else {
        h
    }
}

/// Whether a token of this first character is kept whatever its length: scripts tokenized one
/// character per token (Han, kana, Thai, Lao) and Hangul, whose words are short.
fn keeps_short(c: char) -> bool {
    let u = c as u32;
    (0x0E00..0x0F00).contains(&u) || (0x1100..0x1200).contains(&u) || u >= 0x2E80
}

/// The content key of one token from its normal form and hash ([`NO_KEY`] when skipped).
#[inline]
pub fn key_of(form: &str, hash: u64) -> u64 {
    keyed(form, hash).0
}

/// [`key_of`], and whether the token is a number (digits, or a number word).
#[inline]
fn keyed(form: &str, hash: u64) -> (u64, bool) {
    let bytes = form.as_bytes();
    let Some(&first) = bytes.first() else {
        return (NO_KEY, false);
    };
    if first.is_ascii_digit() {
        return (nonzero(hash), true);
    }
    if let Some(key) = lexicon().get(hash) {
        return (key, key != NO_KEY);
    }
    (word_key(form, first, hash), false)
}

/// The content key of a token that is neither a number nor a listed word.
#[inline]
fn word_key(form: &str, first: u8, hash: u64) -> u64 {
    let bytes = form.as_bytes();
    // At least 4 characters: at least 4 bytes that are not UTF-8 continuation bytes.
    let long = bytes.len() >= 4 && bytes.iter().filter(|&&b| b & 0xC0 != 0x80).nth(3).is_some();
    if long && (0xD8..=0xDB).contains(&first) {
        // The Arabic block (U+0600–U+06FF) in UTF-8.
        let stem = arabic_stem(form);
        nonzero(if stem.len() == form.len() {
            hash
        } else {
            hash_form(stem)
        })
    } else if long || (first >= 0xE0 && form.chars().next().is_some_and(keeps_short)) {
        nonzero(hash)
    } else {
        NO_KEY
    }
}

/// A light stem of a normalised Arabic-script word, after Larkey, Ballesteros and Connell's
/// `light10`: the conjunction `و` (when three letters remain), then one article form (`ال`,
/// `وال`, `بال`, `كال`, `فال`, `لل`, when two remain), then one suffix (`ها ان ات ون ين يه ه
/// ي`, when two remain). Folding has already made `ة` `ه` and `ى` `ي`. Words are only ever
/// compared by their stems, so an over-stripped word (`وزير`) still meets itself. Applied to
/// Urdu and Farsi too: they share the script and Arabic's loanwords, and their own words rarely
/// start with these letters. Whether a word has a key at all is still decided on the word as
/// written (four letters or more), so stripping never gives one to a short function word; the
/// price is that `الطرق` (keyed) misses a bare `طرق` (three letters, not keyed).
pub fn arabic_stem(form: &str) -> &str {
    let letters = |s: &str| s.chars().count();
    let mut w = form;
    if let Some(rest) = w.strip_prefix('و') {
        if letters(rest) >= 3 {
            w = rest;
        }
    }
    for prefix in ["وال", "بال", "كال", "فال", "لل", "ال"] {
        if let Some(rest) = w.strip_prefix(prefix) {
            if letters(rest) >= 2 {
                w = rest;
                break;
            }
        }
    }
    for suffix in ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"] {
        if let Some(rest) = w.strip_suffix(suffix) {
            if letters(rest) >= 2 {
                w = rest;
                break;
            }
        }
    }
    w
}

/// What the skeleton's scan finds besides the tokens: the quotations, as token index ranges
/// `(start, end)` (sorted, disjoint: the tokens that start inside quotation marks), and where
/// sentences start, in characters ([`marks`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextMarks {
    pub quoted: Vec<(u32, u32)>,
    pub sentence_starts: Vec<u32>,
    /// The tokens that are numbers (digits or number words), by index, sorted; quoted ones too.
    pub numbers: Vec<u32>,
    /// The tokens written in digits, by index, sorted: a template's figures (a bot prints
    /// digits; "million" and "fourth" are its fixed words).
    pub digits: Vec<u32>,
}

/// Tokenizes `text` into `tokens` (exactly as [`normalize::tokenize_into`]) and writes each
/// token's content key into `keys` (same length), with quoted words set to [`NO_KEY`]; returns
/// the quotations and sentence starts.
pub fn tokenize_with_keys(text: &str, tokens: &mut Vec<Token>, keys: &mut Vec<u64>) -> TextMarks {
    tokens.clear();
    keys.clear();
    let (mut numbers, mut digits) = (Vec::new(), Vec::new());
    // Masked once for both scans (tokens, then quotations and sentences).
    let visible = normalize::scraped::visible(text);
    let masked = matches!(visible, std::borrow::Cow::Owned(_));
    normalize::for_each_token_of_visible(&visible, masked, |t, form| {
        let (key, number) = keyed(form, t.hash);
        if number {
            numbers.push(tokens.len() as u32);
            if form.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                digits.push(tokens.len() as u32);
            }
        }
        tokens.push(t);
        keys.push(key);
    });
    let (spans, sentence_starts) = marks_of_visible(&visible);
    let mut quoted = Vec::new();
    for (s, e) in spans {
        let start = tokens.partition_point(|t| t.start < s);
        let end = tokens.partition_point(|t| t.start < e);
        if start < end {
            keys[start..end].fill(NO_KEY);
            quoted.push((start as u32, end as u32));
        }
    }
    TextMarks {
        quoted,
        sentence_starts,
        numbers,
        digits,
    }
}

/// Longest quotation, in characters, taken for one: an opening mark with no closing one within
/// this reach is a stray mark, not a quotation. A quotation ends at a line break anyway (unless
/// the next paragraph reopens it), so the reach only bounds one paragraph's quote: a family's
/// or a ministry's statement quoted whole in one paragraph runs to 1,000 characters and more.
const MAX_QUOTE_CHARS: u32 = 1500;

/// Calls `f(index, offset, char)` — character index, byte offset and character — for every
/// character of `text` whose first byte is one of `firsts` (ASCII bytes or lead bytes) or a
/// lead byte from `lead_from` on, in order; `f` checks the character it is handed.
///
/// The scans every article goes through (quotation marks, sentence ends) look for a few
/// characters: this tests 32 bytes at a time into bit masks, counts characters with a
/// population count, and decodes only what it hands over. The masks are built from byte
/// arrays in a fixed-size loop so that the compiler turns them into vector compares (a
/// predicate closure gets compiled to a scalar bit test instead: eight times slower).
pub(crate) fn for_each_char_where<const N: usize>(
    text: &str,
    firsts: [u8; N],
    lead_from: u8,
    mut f: impl FnMut(u32, usize, char),
) {
    const LANES: usize = 32;
    let bytes = text.as_bytes();
    let mut index = 0u32; // characters before `base`
    let mut base = 0usize;
    while base < bytes.len() {
        let mut chunk = [0u8; LANES]; // zero padding picks nothing and counts as no character
        let len = LANES.min(bytes.len() - base);
        chunk[..len].copy_from_slice(&bytes[base..base + len]);
        let (mut hits, leads) = masks(&chunk, firsts, lead_from);
        let leads = if len == LANES {
            leads
        } else {
            leads & ((1u32 << len) - 1)
        };
        while hits != 0 {
            let k = hits.trailing_zeros();
            let at = index + (leads & ((1u32 << k) - 1)).count_ones();
            let i = base + k as usize;
            let c = match bytes[i] {
                b if b < 0x80 => Some(b as char),
                _ => text[i..].chars().next(),
            };
            if let Some(c) = c {
                f(at, i, c);
            }
            hits &= hits - 1;
        }
        index += leads.count_ones();
        base += len;
    }
}

/// The masks of one chunk: bytes picked (see [`for_each_char_where`]) and first bytes of
/// characters (not continuation bytes).
#[inline(always)]
fn masks<const N: usize>(chunk: &[u8; 32], firsts: [u8; N], lead_from: u8) -> (u32, u32) {
    let (mut hit, mut lead) = ([0u8; 32], [0u8; 32]);
    for k in 0..32 {
        let b = chunk[k];
        let mut h = u8::from(b >= lead_from);
        for v in firsts {
            h |= u8::from(b == v);
        }
        hit[k] = h;
        lead[k] = u8::from(b & 0xC0 != 0x80);
    }
    let (mut hits, mut leads) = (0u32, 0u32);
    for k in 0..32 {
        hits |= u32::from(hit[k]) << k;
        leads |= u32::from(lead[k]) << k;
    }
    (hits, leads)
}

/// The character before a mark and the two after it (`None` at the text's ends, and where a
/// mark's rule does not look).
type Around = (Option<char>, Option<char>, Option<char>);

/// Which marks opened a quotation: a single `‘` is closed only by a single `’`, a straight
/// `'` only by a straight one, and any double mark only by a double one (a `‘…’` inside a
/// `“…”` does not end it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quote {
    Double,
    Single,
    Straight,
    /// Speech opening a paragraph with a dash, as Russian and Spanish print it: closed by
    /// the attribution's dash or the paragraph's end.
    Dash,
    /// Speech opening a paragraph with a spaced dash before Latin letters, as Nordic papers
    /// print every quotation ("– Vi bygger om, säger hon."): closed by the attribution (a
    /// comma, `?` or `!`, then a verb of saying), else stray at the paragraph's end, as an
    /// English list item is.
    Nordic,
}

/// Verbs that attribute Nordic dash speech: Swedish, Norwegian, Danish and Finnish "says",
/// "said" and their like, right after the quotation's last comma ("…, säger hon").
const NORDIC_SAYING: &[&str] = &[
    "säger",
    "sa",
    "sade",
    "menar",
    "konstaterar",
    "berättar",
    "förklarar",
    "uppger",
    "skriver",
    "sier",
    "forteller",
    "mener",
    "siger",
    "sagde",
    "fortæller",
    "sanoo",
    "sanoi",
    "kertoo",
    "kertoi",
    "toteaa",
    "totesi",
];

/// Whether `rest` (what follows a comma, `?` or `!`) starts with a verb attributing Nordic
/// dash speech, after white space.
fn attribution_follows(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\u{A0}']);
    let word_len = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(i, _)| i);
    word_len > 0 && NORDIC_SAYING.contains(&&rest[..word_len])
}

/// The speech a dash between `prev` and `next`, `after_next` opens, if any. Only a dash
/// opening its paragraph opens speech:
/// - joined to its first word (Spanish "—Estamos preparados —dijo…") or spaced before a
///   Cyrillic one (Russian "— Мы не можем ждать, — сказал он"): [`Quote::Dash`];
/// - spaced before any other letter, as Nordic papers print every quotation ("– Vi bygger
///   om, säger hon."): [`Quote::Nordic`], a quotation only once its attribution closes it
///   (English copy opens list items so).
fn dash_opener(prev: Option<char>, next: Option<char>, after_next: Option<char>) -> Option<Quote> {
    let cyrillic = |c: char| ('\u{400}'..='\u{52F}').contains(&c);
    if prev.is_some_and(|p| p != '\n') {
        return None;
    }
    if next.is_some_and(char::is_alphabetic) {
        return Some(Quote::Dash);
    }
    let spaced = next.is_some_and(|n| n == ' ' || n == '\u{A0}');
    match after_next {
        Some(c) if spaced && cyrillic(c) => Some(Quote::Dash),
        Some(c) if spaced && c.is_alphabetic() => Some(Quote::Nordic),
        _ => None,
    }
}

/// Whether a straight `'` between `prev` and `next` opens a quotation, as British copy
/// typed or scraped in ASCII prints speech ('We have waited eleven years,' she said): at a
/// word's start (after white space, a bracket, a dash or a colon, or opening the text) and
/// before a letter. Not an elision: "the '90s", Dutch "'s avonds", "'t is".
fn opens_straight(prev: Option<char>, next: Option<char>, after_next: Option<char>) -> bool {
    let at_word_start = prev.is_none_or(|p| {
        p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | ':') || is_mask(p)
    });
    let elision = matches!(next, Some('s' | 't')) && !after_next.is_some_and(char::is_alphabetic);
    at_word_start && next.is_some_and(char::is_alphabetic) && !elision
}

/// Whether a straight `'` between `prev` and `next` closes a straight quotation: after a
/// word or a stop, not before a letter or digit (an apostrophe is: "don't").
fn closes_straight(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|p| !p.is_whitespace()) && !next.is_some_and(char::is_alphanumeric)
}

/// How a text prints its quotation marks, learnt from the marks it has used so far: the same
/// characters open in one language and close in another.
/// * Guillemets: French and Italian print `« … »`; German (`»…«`), Danish, Swedish and
///   Finnish (`»…»`) turn them round. The text's first guillemet tells which: a `»` before
///   any `«` opens, and then `«` or `»` closes.
/// * `”`: English closes a `“` with it; Swedish and Finnish print `”…”`. A `”` that comes
///   before any `“` or `„` in the text opens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct QuoteStyle {
    /// `Some(true)` once the text's first guillemet was `»`.
    reversed_guillemets: Option<bool>,
    /// Whether a `“` or `„` has been seen.
    left_double_seen: bool,
}

impl QuoteStyle {
    /// Learns from `c`; call for every visited character before asking about it.
    fn see(&mut self, c: char) {
        match c {
            '«' | '»' if self.reversed_guillemets.is_none() => {
                self.reversed_guillemets = Some(c == '»');
            }
            '“' | '„' => self.left_double_seen = true,
            _ => {}
        }
    }

    fn reversed(&self) -> bool {
        self.reversed_guillemets == Some(true)
    }

    /// The quotation `c` opens, if any; `around` is the character before it and the two after
    /// it (a `‘` before a digit is an elision — "the ‘90s" — not a quotation).
    fn opener(&self, c: char, around: Around) -> Option<Quote> {
        let (prev, next, after_next) = around;
        match c {
            '\'' if opens_straight(prev, next, after_next) => Some(Quote::Straight),
            '—' | '–' => dash_opener(prev, next, after_next),
            '"' | '“' | '„' | '‹' | '「' | '『' => Some(Quote::Double),
            '«' if !self.reversed() => Some(Quote::Double),
            '»' if self.reversed() => Some(Quote::Double),
            '”' if !self.left_double_seen => Some(Quote::Double),
            '‘' if !next.is_some_and(|d| d.is_ascii_digit()) => Some(Quote::Single),
            _ => None,
        }
    }

    /// Whether `c` closes a quotation opened as `open`; `around` as for [`QuoteStyle::opener`]
    /// (a `’` before a letter or digit is an apostrophe — "don’t", "it’s" — not a closing
    /// mark).
    ///
    /// `attributed`: a verb attributing Nordic dash speech follows `c` ([`attribution_follows`]).
    fn closes(&self, open: Quote, c: char, around: Around, attributed: bool) -> bool {
        let (prev, next, _) = around;
        match open {
            Quote::Nordic => matches!(c, ',' | '?' | '!') && attributed,
            Quote::Straight => c == '\'' && closes_straight(prev, next),
            Quote::Dash => {
                c == '\n' || (matches!(c, '—' | '–') && prev.is_some_and(char::is_whitespace))
            }
            Quote::Double => {
                matches!(c, '"' | '”' | '“' | '»' | '›' | '」' | '』')
                    || (c == '«' && self.reversed())
            }
            Quote::Single => c == '’' && !next.is_some_and(char::is_alphanumeric),
        }
    }

    /// The quotation an opener at the start of `rest` (after white space) would open: what a
    /// line break inside a quotation meets when the quotation goes on into the next paragraph.
    fn reopener(&self, rest: &str) -> Option<Quote> {
        let mut chars = rest
            .trim_start_matches(|c: char| c.is_whitespace() || is_mask(c))
            .chars();
        let first = chars.next()?;
        let next = chars.next();
        // A Nordic quotation is not reopened: dashed paragraphs in a row are as often an
        // English list.
        self.opener(first, (None, next, chars.next()))
            .filter(|&k| k != Quote::Nordic)
    }
}

/// Quotations and sentence starts, in characters, found in one scan of the text:
/// * quotations: the character ranges `(start, end)` inside quotation marks, sorted and
///   disjoint. Openers: `"` `“` `„` `«` `‹` `「` `『`; closers: `"` `”` `“` `»` `›` `」` `』`
///   (German `„…“` and French `« … »` included); guillemets turned round (`»…«`, `»…»`) and
///   Nordic `”…”` as the text's first marks show them ([`QuoteStyle`]); British straight single marks `'…'` (an opener at a
///   word's start before a letter, a closer after a word and not before one: [`opens_straight`]);
///   speech opening a paragraph with a dash, to the attribution's dash or the paragraph's end
///   ([`dash_opener`]), or, spaced before Latin letters as Nordic papers print it, to its
///   attribution ("…, säger hon": [`attribution_follows`]); and the British single marks `‘…’`, whose
///   closer is a `’` not followed by a letter or digit (an apostrophe is: "don’t"). A
///   quotation ends at its closer, or at a line break followed by an opener of its kind (the
///   next paragraph of the quotation, see `quote_step`); another line break, or a closer
///   more than [`MAX_QUOTE_CHARS`] on, makes the opener a stray mark; a post embedded from a
///   social network is a quotation too ([`embedded_posts`]);
/// * sentence starts: after a sentence terminator followed by white space (perhaps after
///   closing quotes or brackets; for the CJK full stops, by anything), and after every line
///   break. A plain scan rather than UAX #29 sentence rules: it runs on every article, and a
///   sentence cut too early (after "Mr.") only makes two shorter sentences.
pub fn marks(text: &str) -> (Vec<(u32, u32)>, Vec<u32>) {
    // Markup masked as the tokenizer masks it (same offsets): `&quot;` is a quotation mark,
    // `<p>` a line break.
    marks_of_visible(&normalize::scraped::visible(text))
}

/// [`marks`] of a text already masked ([`normalize::scraped::visible`]).
fn marks_of_visible(text: &str) -> (Vec<(u32, u32)>, Vec<u32>) {
    let mut quoted = Vec::new();
    let mut open: Option<(u32, Quote)> = None;
    let mut style = QuoteStyle::default();
    let mut starts = vec![0u32];
    // `"`, line breaks and the ASCII terminators; `«` `»` (lead byte C2); the other marks and
    // terminators (`…` `؟` `۔` `।`, CJK) have lead bytes from D8 on.
    let firsts = [b'"', b'\'', b'\n', b'.', b'!', b'?', b',', 0xC2];
    for_each_char_where(text, firsts, 0xD8, |i, at, c| {
        // Only the single marks look around them; a line break inside a quotation, at the
        // opener that may follow it.
        let around = if matches!(c, '‘' | '’' | '\'' | '—' | '–') {
            let mut after = text[at + c.len_utf8()..].chars();
            let next = after.next();
            (text[..at].chars().next_back(), next, after.next())
        } else {
            (None, None, None)
        };
        style.see(c);
        let reopens = if c == '\n' && open.is_some() {
            style.reopener(&text[at + 1..])
        } else {
            None
        };
        let attributed = matches!(c, ',' | '?' | '!')
            && matches!(open, Some((_, Quote::Nordic)))
            && attribution_follows(&text[at + 1..]);
        quote_step(
            &mut open,
            &mut quoted,
            &style,
            i,
            c,
            (around, attributed),
            reopens,
        );
        match c {
            '\n' | '。' | '！' | '？' => starts.push(i + 1),
            '.' | '!' | '?' | '…' | '؟' | '۔' | '।' => {
                for (j, d) in (i + 1..).zip(text[at + c.len_utf8()..].chars()) {
                    if d.is_whitespace() {
                        starts.push(j + 1);
                        break;
                    }
                    if !(matches!(d, '"' | '”' | '»' | '\'' | '’' | ')') || is_mask(d)) {
                        break;
                    }
                }
            }
            _ => {}
        }
    });
    // Speech opened by a dash ends with the text too.
    if let Some((s, Quote::Dash)) = open {
        let n = text.chars().count() as u32;
        if n <= s + MAX_QUOTE_CHARS + 1 {
            quoted.push((s, n));
        }
    }
    starts.dedup();
    let posts = embedded_posts(text);
    if !posts.is_empty() {
        quoted.extend(posts);
        quoted = merge_spans(quoted);
    }
    (quoted, starts)
}

/// The longest embedded post taken for one, in characters (a post of X is at most 280; a
/// long one is cut to its last paragraph).
const MAX_POST_CHARS: usize = 1500;

/// Posts embedded from social networks, as a page's text prints them: the post, then its
/// signature — X's "— Name (@handle) March 12, 2026", Bluesky's and Mastodon's alike, Instagram's
/// "A post shared by Name (@handle)". The post is someone's statement, a quotation without
/// marks: two stories embedding one post share it without sharing copy. Its span is the
/// signature and the paragraph before it (lines up to a blank one, at most
/// [`MAX_POST_CHARS`], else the line before) — or, when the signature ends a line of text, that
/// line. `text` is visible text (markup masked: X's embedded `<blockquote>` reads the same).
/// Character spans, sorted, disjoint.
fn embedded_posts(text: &str) -> Vec<(u32, u32)> {
    static SIGNATURE: OnceLock<regex::Regex> = OnceLock::new();
    if !text.contains("(@") {
        return Vec::new();
    }
    let signature = SIGNATURE.get_or_init(|| {
        regex::Regex::new(
            r"(?m)(?:(?:^|[\s\x{200B}\x{2060}])[—–-][\s\x{200B}\x{2060}]+[^\n—–(]{1,80}?|A post shared by [^\n(]{1,80}?)\(@[\w.\-]{1,60}\)(?:[^\n]{0,200}?\d[^\n]{0,40})?$",
        )
        .expect("the post signature pattern is valid")
    });
    let blank = |line: &str| line.chars().all(|c| c.is_whitespace() || is_mask(c));
    let mut bytes: Vec<(usize, usize)> = Vec::new();
    for m in signature.find_iter(text) {
        let line_start = text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        let start = if !blank(&text[line_start..m.start()]) {
            // The signature ends a line of text: that line is the post.
            line_start
        } else {
            // The paragraph before the signature's line: lines back to a blank one (blank
            // lines right above the signature skipped).
            let mut from = line_start;
            let mut seen_text = false;
            let above = if line_start > 0 {
                &text[..line_start - 1]
            } else {
                ""
            };
            for line in above.rsplit('\n').take_while(|_| line_start > 0) {
                if blank(line) && seen_text {
                    break;
                }
                seen_text |= !blank(line);
                from -= line.len() + 1;
            }
            let from = from + text[from..line_start].len()
                - text[from..line_start]
                    .trim_start_matches(|c: char| c.is_whitespace() || is_mask(c))
                    .len();
            if text[from..line_start].chars().count() > MAX_POST_CHARS {
                // Too long for a post: only the line before the signature's.
                let above =
                    text[..line_start].trim_end_matches(|c: char| c.is_whitespace() || is_mask(c));
                above.rfind('\n').map_or(0, |i| i + 1).max(from)
            } else {
                from
            }
        };
        bytes.push((start, m.end()));
    }
    // Byte offsets to character offsets, counted forward once.
    let (mut at_byte, mut at_char) = (0usize, 0u32);
    let mut chars_to = |b: usize| {
        if b > at_byte {
            at_char += text[at_byte..b].chars().count() as u32;
            at_byte = b;
        }
        at_char
    };
    let mut out: Vec<(u32, u32)> = Vec::new();
    for (s, e) in merge_spans(bytes) {
        out.push((chars_to(s), chars_to(e)));
    }
    out
}

/// The spans' union: sorted, disjoint, overlapping spans merged.
fn merge_spans<T: Ord + Copy>(mut all: Vec<(T, T)>) -> Vec<(T, T)> {
    all.sort_unstable();
    let mut out: Vec<(T, T)> = Vec::with_capacity(all.len());
    for (s, e) in all {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// One visited character `c` at index `i` through the quotation state (`open`: where the open
/// quotation's text starts). Characters not visited are neither openers, closers nor line
/// breaks, so the first visited one past the reach ends the quotation: as its closer, or as
/// the point where the opener turns out to be stray.
///
/// A quotation of several paragraphs is printed with an opener at the start of each and a
/// closer only at the end of the last; so a line break that meets, after white space, an
/// opener of the open quotation's kind (`reopens`) ends that paragraph's quotation instead of
/// making its opener stray.
fn quote_step(
    open: &mut Option<(u32, Quote)>,
    quoted: &mut Vec<(u32, u32)>,
    style: &QuoteStyle,
    i: u32,
    c: char,
    (around, attributed): (Around, bool),
    reopens: Option<Quote>,
) {
    if let Some((s, kind)) = *open {
        let limit = s + MAX_QUOTE_CHARS + 1;
        if i <= limit {
            if style.closes(kind, c, around, attributed)
                || (c == '\n' && i < limit && reopens == Some(kind))
            {
                quoted.push((s, i));
                *open = None;
            } else if i == limit || c == '\n' {
                *open = None;
            }
            return;
        }
        *open = None;
    }
    if let Some(kind) = style.opener(c, around) {
        *open = Some((i + 1, kind));
    }
}

/// The quotations of [`marks`].
pub fn quoted_spans(text: &str) -> Vec<(u32, u32)> {
    marks(text).0
}

/// The sentence starts of [`marks`].
pub fn sentence_starts(text: &str) -> Vec<u32> {
    marks(text).1
}

/// The hash of a skeleton trigram. The keys are token hashes already (uniform 64-bit values),
/// so rotating them apart (the order matters) and mixing once with splitmix64's finaliser is
/// hash enough, at a fifth of the cost of hashing their 24 bytes again.
#[inline]
fn trigram_hash(k1: u64, k2: u64, k3: u64) -> u64 {
    mix64(k1 ^ k2.rotate_left(21) ^ k3.rotate_left(42) ^ REWRITE_SEED)
}

/// The rewrite anchors of an article from its content keys: every skeleton trigram (three
/// consecutive kept words) whose hash lies in the lowest `1 / sample` of the range, sorted and
/// unique. Selection by hash, not by position, so a trigram two articles share is an anchor
/// in both whatever surrounds it: about one shared trigram in `sample` is a shared anchor.
/// (A bound rather than a residue class: one comparison instead of a 64-bit division per
/// trigram, and a sparser sample is a subset of a denser one.)
pub fn rewrite_anchors(keys: &[u64], sample: u64) -> Vec<ShingleHash> {
    let sample = sample.max(1);
    let bound = u64::MAX / sample;
    let mut out = Vec::with_capacity(keys.len() / (2 * sample as usize) + 1);
    // The last three kept keys, oldest first.
    let (mut k1, mut k2) = (NO_KEY, NO_KEY);
    let mut kept = 0usize;
    for &k3 in keys.iter().filter(|&&k| k != NO_KEY) {
        kept += 1;
        if kept >= 3 {
            let h = trigram_hash(k1, k2, k3);
            if h <= bound {
                out.push(h);
            }
        }
        (k1, k2) = (k2, k3);
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<u64> {
        let (mut t, mut k) = (Vec::new(), Vec::new());
        tokenize_with_keys(text, &mut t, &mut k);
        assert_eq!(t, normalize::tokenize(text));
        k
    }

    fn kept(text: &str) -> usize {
        keys(text).iter().filter(|&&k| k != NO_KEY).count()
    }

    /// The plain character-by-character scan [`quoted_spans`] must agree with (over the
    /// visible text, as [`marks`] reads it). Embedded posts are joined in after the scan; the
    /// texts the property generates hold no signature ("(@").
    fn quoted_spans_reference(text: &str) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        let mut open: Option<(u32, Quote)> = None;
        let mut style = QuoteStyle::default();
        let chars: Vec<char> = normalize::scraped::visible(text).chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let around = (
                i.checked_sub(1).map(|p| chars[p]),
                chars.get(i + 1).copied(),
                chars.get(i + 2).copied(),
            );
            let i = i as u32;
            style.see(c);
            match open {
                None => {
                    if let Some(kind) = style.opener(c, around) {
                        open = Some((i + 1, kind));
                    }
                }
                Some((s, kind)) => {
                    let reopens = || {
                        let rest: String = chars[i as usize + 1..].iter().collect();
                        style.reopener(&rest) == Some(kind)
                    };
                    let attributed = kind == Quote::Nordic
                        && matches!(c, ',' | '?' | '!')
                        && attribution_follows(&chars[i as usize + 1..].iter().collect::<String>());
                    if style.closes(kind, c, around, attributed)
                        || (c == '\n' && i - s < MAX_QUOTE_CHARS + 1 && reopens())
                    {
                        out.push((s, i));
                        open = None;
                    } else if i - s > MAX_QUOTE_CHARS || c == '\n' {
                        open = None;
                    }
                }
            }
        }
        if let Some((s, Quote::Dash)) = open {
            let n = chars.len() as u32;
            if n <= s + MAX_QUOTE_CHARS + 1 {
                out.push((s, n));
            }
        }
        out
    }

    proptest::proptest! {
        /// The chunked scan hands over exactly what a plain walk over the characters picks,
        /// whatever the scripts and wherever the 32-byte chunks cut a character.
        #[test]
        fn the_chunked_scan_agrees_with_a_plain_walk(
            text in "[a-z \".\n]{0,40}[\\PC]{0,70}[a-zé“”«»。\n\u{10000}-\u{10010}]{0,40}",
            from in 0xC2u8..0xF5,
        ) {
            let firsts = [b'"', b'.', 0xC3];
            let mut fast = Vec::new();
            for_each_char_where(&text, firsts, from, |i, at, c| fast.push((i, at, c)));
            let plain: Vec<(u32, usize, char)> = text
                .char_indices()
                .enumerate()
                .filter(|(_, (at, _))| {
                    let b = text.as_bytes()[*at];
                    firsts.contains(&b) || b >= from
                })
                .map(|(i, (at, c))| (i as u32, at, c))
                .collect();
            proptest::prop_assert_eq!(fast, plain);
        }

        #[test]
        fn quoted_spans_agree_with_a_plain_scan(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("\"".to_string()),
                    proptest::strategy::Just("“".to_string()),
                    proptest::strategy::Just("”".to_string()),
                    proptest::strategy::Just("„".to_string()),
                    proptest::strategy::Just("«".to_string()),
                    proptest::strategy::Just("»".to_string()),
                    proptest::strategy::Just("「".to_string()),
                    proptest::strategy::Just("‘".to_string()),
                    proptest::strategy::Just("’".to_string()),
                    proptest::strategy::Just("’t".to_string()),
                    proptest::strategy::Just("‘9".to_string()),
                    proptest::strategy::Just("'".to_string()),
                    proptest::strategy::Just(" 'W".to_string()),
                    proptest::strategy::Just(".' ".to_string()),
                    proptest::strategy::Just(" 's ".to_string()),
                    proptest::strategy::Just("n't".to_string()),
                    proptest::strategy::Just("\n— Мы".to_string()),
                    proptest::strategy::Just("\n—Es".to_string()),
                    proptest::strategy::Just(", — ".to_string()),
                    proptest::strategy::Just("\n– The".to_string()),
                    proptest::strategy::Just("\n– Vi".to_string()),
                    proptest::strategy::Just(", säger".to_string()),
                    proptest::strategy::Just("? sier".to_string()),
                    proptest::strategy::Just("\n".to_string()),
                    proptest::strategy::Just("\n \n“".to_string()),
                    proptest::strategy::Just("\n‘".to_string()),
                    proptest::strategy::Just("é".to_string()),
                    proptest::strategy::Just("x".repeat(150)),
                    "[a-z .,]{0,12}",
                ],
                0..40,
            )
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(quoted_spans(&text), quoted_spans_reference(&text));
        }
    }

    #[test]
    fn number_words_and_digits_agree() {
        assert_eq!(keys("nine wickets"), keys("9 wickets"));
        assert_eq!(keys("nueve muertos"), keys("9 muertos"));
        assert_eq!(keys("Neun Tote"), keys("9 Tote"));
        assert_ne!(keys("nine wickets"), keys("8 wickets"));
        // Arabic, Urdu and Hindi words, and a Han numeral, meet digits of any script.
        assert_eq!(keys("ثلاثة منازل"), keys("3 منازل"));
        assert_eq!(keys("ثلاثة منازل"), keys("٣ منازل"));
        assert_eq!(keys("پانچ افراد"), keys("۵ افراد"));
        assert_eq!(keys("नौ लोगों"), keys("9 लोगों"));
        assert_eq!(keys("九名"), keys("9名"));
        assert_ne!(keys("ثلاثة منازل"), keys("4 منازل"));
    }

    #[test]
    fn arabic_words_meet_with_and_without_their_clitics() {
        // The article, the conjunction, a preposition with the article, a suffix.
        assert_eq!(keys("المياه"), keys("مياه"));
        assert_eq!(keys("وقطعت الأحياء"), keys("قطعت أحياء"));
        assert_eq!(keys("بالمحافظة"), keys("محافظة"));
        assert_eq!(keys("المحافظة"), keys("محافظه"));
        // Different words stay apart, and short words keep no key: the length rule reads the
        // word as written, so stripping never gives a key to a word of three letters.
        assert_ne!(keys("المياه"), keys("المنازل"));
        assert_eq!(kept("في من على طرق"), 0);
        assert_eq!(kept("الطرق"), 1);
        // A stem is never shorter than two letters.
        assert_eq!(arabic_stem("الها"), "ها");
        assert_eq!(arabic_stem("ولد"), "ولد");
    }

    #[test]
    fn function_words_reporting_verbs_and_short_words_are_skipped() {
        assert_eq!(kept("he said that the minister was in town"), 2);
        assert_eq!(kept("dijo el ministro Pérez"), 2);
        assert_eq!(kept("北京市政府"), 5);
    }

    #[test]
    fn quoted_words_have_no_key() {
        assert_eq!(
            kept("Minister Alvarado: \"We will rebuild every bridge\""),
            2
        );
        assert_eq!(
            kept("Ministerin Brandt: „Wir bauen jede Brücke neu“ heute"),
            3
        );
        assert_eq!(
            kept("la ministre : « Nous reconstruirons chaque pont » demain"),
            2
        );
        // A stray mark does not swallow the rest of the paragraph.
        let stray = format!("Minister \"Alvarado {}", "visited bridges ".repeat(60));
        assert!(kept(&stray) > 100);
    }

    /// The text of each quotation `quoted_spans` finds in `text`.
    fn quoted_texts(text: &str) -> Vec<String> {
        quoted_spans(text)
            .iter()
            .map(|&(s, e)| {
                text.chars()
                    .skip(s as usize)
                    .take((e - s) as usize)
                    .collect()
            })
            .collect()
    }

    /// Guillemets turned round (German `»…«`, Danish and Swedish `»…»`) and Nordic `”…”` are
    /// quotations as the text's first marks show them; French `« … »` and English `“…”` stay
    /// as they were, a later `”` still closing.
    #[test]
    fn quotation_styles_are_learnt_from_the_first_marks() {
        assert_eq!(
            quoted_texts(
                "Die Ministerin sagte: »Wir bauen jede Brücke neu«, und ging. Er: »Nein.«"
            ),
            ["Wir bauen jede Brücke neu", "Nein."]
        );
        assert_eq!(
            quoted_texts("Ministern sade: »Vi bygger om varje bro» på tisdagen."),
            ["Vi bygger om varje bro"]
        );
        assert_eq!(
            quoted_texts("Ministern sade: ”Vi bygger om varje bro” på tisdagen. ”Ja”, sade hon."),
            ["Vi bygger om varje bro", "Ja"]
        );
        assert_eq!(
            quoted_texts("la ministre : « Nous reconstruirons » demain, puis « Oui » hier"),
            [" Nous reconstruirons ", " Oui "]
        );
        assert_eq!(
            quoted_texts("She said “we rebuild” and “we stay” today"),
            ["we rebuild", "we stay"]
        );
        // Text between two German quotations is not quoted.
        let between = "»Erstens.« Die Regierung beschloss am Dienstag den Plan. »Zweitens.«";
        assert_eq!(quoted_texts(between), ["Erstens.", "Zweitens."]);
    }

    /// British speech in straight single marks, as ASCII copy prints it, is quoted; an
    /// apostrophe ("don't", "the players' union"), an elision ("the '90s", "'s avonds") and a
    /// mark with no closer on its line are not quotations.
    #[test]
    fn straight_single_marks_quote_speech_and_apostrophes_do_not() {
        assert_eq!(
            quoted_texts("He said: 'We have waited eleven years for this,' and left."),
            ["We have waited eleven years for this,"]
        );
        assert_eq!(
            quoted_texts("'It's done,' she said, 'and the players' union agrees.'"),
            ["It's done,", "and the players"]
        );
        assert!(
            quoted_texts("Don't worry: it's the '90s, 's avonds, rock 'n' roll.")
                .iter()
                .all(|q| q.chars().count() <= 1)
        );
        assert!(quoted_texts("The 'plan\nwas dropped' later.").is_empty());
        // Straight and double marks do not close each other.
        assert_eq!(
            quoted_texts("\"He told me 'wait here' and went,\" she said."),
            ["He told me 'wait here' and went,"]
        );
    }

    /// Speech opening a paragraph with a dash (Russian spaced, Spanish joined) is quoted up
    /// to the attribution's dash or the paragraph's end; a spaced dash before Latin letters
    /// (an English list item) and a dash inside a sentence are not.
    #[test]
    fn dash_speech_is_quoted_and_list_dashes_are_not() {
        assert_eq!(
            quoted_texts(
                "Мэр выступил.\n— Мы не можем больше ждать, — сказал он.\n— Нужно действовать"
            ),
            [" Мы не можем больше ждать, ", " Нужно действовать"]
        );
        assert_eq!(
            quoted_texts("El alcalde habló.\n—Estamos preparados —dijo—. Vamos.\nFin."),
            ["Estamos preparados "]
        );
        assert!(quoted_texts("Key points:\n– The council met.\n— Prices rose.").is_empty());
        // Nordic speech: a spaced dash before Latin letters, closed by its attribution; with
        // none on its paragraph, the dash is a list item's.
        assert_eq!(
            quoted_texts(
                "Kommunen tar beslutet.\n– Vi bygger om, men det tar tid, säger hon.\n– Nej? sier han."
            ),
            [" Vi bygger om, men det tar tid", " Nej"]
        );
        assert!(
            quoted_texts("Key points:\n– The council met, says the report.\n– Done.").is_empty()
        );
        assert!(quoted_texts("Москва — столица России.").is_empty());
    }

    /// A statement quoted over three paragraphs, each opened and only the last closed, is
    /// quoted throughout; a stray opener before an unquoted paragraph is still stray.
    #[test]
    fn a_quotation_goes_on_into_paragraphs_that_reopen_it() {
        let text = "The ministry said:\n\n“We regret the delay.\n\n“Work resumes in May.\n\n\
                    “No jobs are at risk.”\n\nMarkets rose.";
        assert_eq!(
            quoted_texts(text),
            [
                "We regret the delay.",
                "Work resumes in May.",
                "No jobs are at risk."
            ]
        );
        assert_eq!(quoted_spans("“A stray mark.\n\nPlain text."), []);
        assert_eq!(quoted_spans("‘Single.\n“Double.”").len(), 1);
    }

    /// A statement quoted whole in one paragraph, a thousand characters long, is one
    /// quotation; an opener whose closer lies past the reach is a stray mark.
    #[test]
    fn a_long_statement_in_one_paragraph_is_quoted() {
        let statement = "We share the grief of the families and we will rebuild. ".repeat(18);
        assert!(statement.chars().count() > 1000);
        let text = format!(
            "The family said: “{}” Police are investigating.",
            statement.trim()
        );
        assert_eq!(quoted_texts(&text), [statement.trim()]);
        let too_long = format!("The family said: “{}” Police.", statement.repeat(2));
        assert_eq!(quoted_spans(&too_long), []);
    }

    /// A post embedded from X, as the page's text or its `<blockquote>` prints it, is a
    /// quotation: the post and its signature; the text around it is not.
    #[test]
    fn an_embedded_post_is_a_quotation() {
        let post = "From Monday fares will be set by distance. Full details on our website. \
                    pic.twitter.com/x7Kq2LmP0a";
        let signature = "— Ministry of Transport (@MinTransportVL) March 12, 2026";
        let plain = format!("The ministry wrote:\n\n{post}\n{signature}\n\nTravellers were angry.");
        assert_eq!(quoted_texts(&plain), [format!("{post}\n{signature}")]);
        let inline = format!("It said:\n{post} {signature}\nNext.");
        assert_eq!(quoted_texts(&inline), [format!("{post} {signature}")]);
        let html = format!(
            "<p>The ministry wrote:</p><blockquote class=\"twitter-tweet\"><p lang=\"en\">\
             {post}</p>&mdash; Ministry of Transport (@MinTransportVL) \
             <a href=\"https://twitter.com/x/status/1\">March 12, 2026</a></blockquote><p>Next.</p>"
        );
        let quoted = quoted_texts(&html);
        assert_eq!(quoted.len(), 1, "{quoted:?}");
        assert!(quoted[0].starts_with("From Monday") && quoted[0].contains("2026"));
        // A signature at the text's start is a post of its own; a handle in running text, or
        // after a hyphenated word, is none.
        assert_eq!(
            quoted_spans("— Name (@handle) March 12, 2026\nText."),
            [(0, 31)]
        );
        assert_eq!(
            quoted_spans("Write to us (@newsdesk) with tips.\nMore text."),
            []
        );
        assert_eq!(
            quoted_spans(
                "The well-known reporter Jan Novak (@jnovak) said on 12 March it was over."
            ),
            []
        );
        // Instagram's signature.
        let insta = "Back on the pitch tomorrow!\nA post shared by Jan Novak (@jnovak10)\nHe said.";
        assert_eq!(
            quoted_texts(insta),
            ["Back on the pitch tomorrow!\nA post shared by Jan Novak (@jnovak10)"]
        );
    }

    /// British copy quotes with single marks; an apostrophe inside the quotation ("don’t")
    /// does not end it, and a `‘…’` inside a `“…”` does not end the outer one.
    #[test]
    fn single_quotation_marks_are_quotations() {
        let text = "Minister Alvarado: ‘We don’t rebuild bridges alone,’ she told reporters";
        assert_eq!(quoted_texts(text), ["We don’t rebuild bridges alone,"]);
        let nested = "He said: “They called it ‘the bridge’ for years, rebuilt twice” yesterday";
        assert_eq!(
            quoted_texts(nested),
            ["They called it ‘the bridge’ for years, rebuilt twice"]
        );
        // Apostrophes alone quote nothing.
        assert!(
            quoted_spans("The minister’s plan, the students’ union and rock ’n roll").is_empty()
        );
    }

    #[test]
    fn rewrite_anchors_survive_a_rewrite() {
        let a = "Officials in Northbridge reported nine deaths after the flood destroyed \
                 forty houses along the Verrin river on Tuesday evening";
        let b = "The flood killed 9 people in Northbridge and destroyed 40 houses along the \
                 Verrin river on Tuesday evening, officials reported";
        let (ka, kb) = (rewrite_anchors(&keys(a), 1), rewrite_anchors(&keys(b), 1));
        let shared = ka.iter().filter(|h| kb.binary_search(h).is_ok()).count();
        assert!(shared >= 3, "{shared}");
        let some = rewrite_anchors(&keys(a), 4);
        assert!(some
            .iter()
            .all(|&h| h <= u64::MAX / 4 && ka.binary_search(&h).is_ok()));
        let fewer = rewrite_anchors(&keys(a), 8);
        assert!(fewer.iter().all(|h| some.binary_search(h).is_ok()));
    }
}
