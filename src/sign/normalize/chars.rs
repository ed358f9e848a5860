//! Per-character tables of stage 2: what a character of the original text becomes before
//! segmentation ([`premap`]), what a character of an NFKC-normalised token becomes in the normal
//! form ([`push_folded`]), which scripts are written without spaces ([`is_nospace`]), and which
//! characters the fast scanner may classify without running UAX #29 ([`fast_class`]).
//!
//! Every mapping here is one character to zero or one character before segmentation, so a
//! position in the premapped text maps back to exactly one position in the original text.

/// Word-break class of a character, as far as the fast scanner needs it.
///
/// The fast scanner only sees characters whose UAX #29 Word_Break property (after [`premap`]) is
/// one of these, so for them it can apply rules WB5–WB13b directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    /// Word_Break=Other (and Double_Quote, which only acts next to Hebrew letters, never seen by
    /// the fast scanner): always a segment of its own.
    Other,
    /// ALetter.
    Letter,
    /// Numeric.
    Digit,
    /// ExtendNumLet (`_`).
    Connector,
    /// MidLetter: joins two letters (`:`, `·`).
    MidLetter,
    /// MidNumLet or Single_Quote: joins two letters or two digits (`.`, `'` and its variants).
    MidNumLet,
    /// MidNum: joins two digits (`,`, `;`).
    MidNum,
    /// A Han or kana letter: a token of its own. Han and Hiragana are Word_Break=Other; Katakana
    /// joins Katakana and `_` in UAX #29, but the no-space split cuts such a segment back into
    /// the same pieces.
    NoSpace,
}

impl Class {
    /// Letters, digits and `_` join with each other unconditionally (WB5, WB8–WB10, WB13a/b).
    pub(super) fn is_core(self) -> bool {
        matches!(self, Class::Letter | Class::Digit | Class::Connector)
    }

    /// Whether `prev mid next` is kept together (WB6/WB7 for letters, WB11/WB12 for digits).
    pub(super) fn joins(prev: Class, mid: Class, next: Class) -> bool {
        let letters = prev == Class::Letter && next == Class::Letter;
        let digits = prev == Class::Digit && next == Class::Digit;
        match mid {
            Class::MidLetter => letters,
            Class::MidNumLet => letters || digits,
            Class::MidNum => digits,
            _ => false,
        }
    }
}

/// Class of an ASCII byte after [`premap`] (`` ` `` counts as `'`). Whitespace is not asked for:
/// the scanner splits on it before classifying. One table load: this is the scanner's inner loop.
#[inline]
pub(super) fn ascii_class(b: u8) -> Class {
    ASCII_CLASS[(b & 0x7F) as usize]
}

static ASCII_CLASS: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b'_' => Class::Connector,
            b':' => Class::MidLetter,
            b'.' | b'\'' | b'`' => Class::MidNumLet,
            b',' | b';' => Class::MidNum,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

/// Bit flags of ASCII bytes for the all-ASCII scanner, which tests several properties with one
/// table load: the same classes as [`ascii_class`], spelled as what they join.
pub(super) mod flag {
    /// Letter, digit or `_`: joins any neighbour of the same kind.
    pub const CORE: u8 = 1;
    pub const LETTER: u8 = 2;
    pub const DIGIT: u8 = 4;
    /// The normal form differs from the byte (uppercase letter, backquote).
    pub const FOLD: u8 = 8;
    /// Joins two letters when alone between them (MidLetter, MidNumLet).
    pub const JOINS_LETTERS: u8 = 16;
    /// Joins two digits when alone between them (MidNum, MidNumLet).
    pub const JOINS_DIGITS: u8 = 32;
}

/// [`flag`]s of every byte; bytes from 0x80 on are never looked up and have none.
pub(super) static ASCII_FLAGS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let mut f = match ASCII_CLASS[b] {
            Class::Letter => flag::CORE | flag::LETTER,
            Class::Digit => flag::CORE | flag::DIGIT,
            Class::Connector => flag::CORE,
            Class::MidLetter => flag::JOINS_LETTERS,
            Class::MidNumLet => flag::JOINS_LETTERS | flag::JOINS_DIGITS,
            Class::MidNum => flag::JOINS_DIGITS,
            Class::Other | Class::NoSpace => 0,
        };
        if (b as u8).is_ascii_uppercase() || b as u8 == b'`' {
            f |= flag::FOLD;
        }
        table[b] = f;
        b += 1;
    }
    table
};

/// Class of a non-ASCII character for the fast scanner, or `None` when the character needs the
/// general path (UAX #29 + NFKC, or no-space splitting).
///
/// Only characters that are NFKC-stable after [`premap`], no neighbour in a fast group composes
/// with, and whose Word_Break class is certain are listed: the common Latin letters, Greek,
/// Cyrillic, Arabic and Hangul letters, Han and kana, Arabic-Indic digits, and the punctuation
/// of news copy. A property test holds the fast scanner to the general path.
#[inline]
pub(super) fn fast_class(c: char) -> Option<Class> {
    match FAST_CLASS_BELOW_800.get(c as usize) {
        Some(&class) => class,
        None => fast_class_of(c),
    }
}

/// [`fast_class_of`] for the one- and two-byte UTF-8 characters (Latin, Greek, Cyrillic,
/// Arabic): one load instead of a chain of range tests, twice per character of a group.
static FAST_CLASS_BELOW_800: [Option<Class>; 0x800] = {
    let mut table = [None; 0x800];
    let mut u = 0;
    while u < 0x800 {
        if let Some(c) = char::from_u32(u as u32) {
            table[u] = fast_class_of(c);
        }
        u += 1;
    }
    table
};

const fn fast_class_of(c: char) -> Option<Class> {
    if is_plain_letter(c) {
        return if !is_nospace(c) {
            Some(Class::Letter)
        } else if c as u32 >= 0x3041 {
            Some(Class::NoSpace)
        } else {
            None // Thai: its marks are not fast, let the general path see the cluster
        };
    }
    match c {
        // Latin-1 and Latin Extended-A letters, minus × ÷ (symbols), İ (lowercases to two
        // characters) and Ĳ ĳ Ŀ ŀ ŉ ſ (NFKC changes them).
        '\u{D7}' | '\u{F7}' | '\u{130}' | '\u{132}' | '\u{133}' | '\u{13F}' | '\u{140}'
        | '\u{149}' | '\u{17F}' => None,
        '\u{C0}'..='\u{17F}' => Some(Class::Letter),
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2BC}' | '\u{2032}' | '\u{B4}' => {
            Some(Class::MidNumLet)
        }
        '\u{B7}' => Some(Class::MidLetter),
        '\u{A0}' | '\u{A1}' | '\u{A3}' | '\u{A7}' | '\u{AB}' | '\u{B0}' | '\u{BB}' | '\u{BF}'
        | '\u{2013}' | '\u{2014}' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2026}'
        | '\u{20AC}' => Some(Class::Other),
        // Arabic comma, semicolon, question mark, Urdu full stop: premapped to a space.
        '\u{60C}' | '\u{61B}' | '\u{61F}' | '\u{6D4}' => Some(Class::Other),
        // CJK brackets and punctuation (the sentence marks are premapped to a space).
        '\u{3001}'
        | '\u{3002}'
        | '\u{3008}'..='\u{3011}'
        | '\u{FF01}'
        | '\u{FF08}'
        | '\u{FF09}'
        | '\u{FF0C}'
        | '\u{FF1A}'
        | '\u{FF1B}'
        | '\u{FF1F}' => Some(Class::Other),
        '\u{660}'..='\u{669}' | '\u{6F0}'..='\u{6F9}' => Some(Class::Digit),
        _ => None,
    }
}

/// [`push_folded`] of [`unify`] for a character of the fast set, without the Unicode case
/// tables for Latin: Latin-1 uppercase letters sit 0x20 below their lowercase, Latin
/// Extended-A pairs them as (even, odd) or (odd, even). A unit test checks it against the
/// general fold.
#[inline]
pub(super) fn push_fast_folded(c: char, out: &mut String) {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5A => u + 0x20,
        0x60 | 0x2018 | 0x2019 | 0x201B | 0x2BC | 0x2032 | 0xB4 => u32::from(b'\''),
        0xDF => {
            out.push_str("ss");
            return;
        }
        0xC0..=0xDE => u + 0x20,
        0x100..=0x137 | 0x14A..=0x177 => u | 1,
        0x139..=0x148 | 0x179..=0x17E if u & 1 == 1 => u + 1,
        0x178 => 0xFF,
        0..=0x17F => u,
        0x600..=0x6FF => match fold_arabic_block(c) {
            Some(m) => m as u32,
            None => return,
        },
        // Greek, Cyrillic, Arabic, Hangul: the general fold, minus NFKC (they are stable).
        _ => return push_folded(c, out),
    };
    out.push(char::from_u32(lower).unwrap_or(c));
}

/// Invisible characters that must neither split a word nor appear in its normal form: soft
/// hyphen, zero-width space / non-joiner / joiner, word joiner, BOM, Mongolian vowel separator,
/// and the bidi marks and embeddings that Arabic and Hebrew copy is full of.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Quotes, apostrophes and dashes unified; invisible characters dropped. Applied both before
/// segmentation (so `don’t` segments like `don't`) and after NFKC (which can produce `´` or `` ` ``
/// from Greek spacing accents).
pub(super) fn unify(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(if c == '`' { '\'' } else { c });
    }
    if is_invisible(c) {
        return None;
    }
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2BC}' | '\u{2032}' | '\u{B4}' => '\'',
        '\u{201C}'
        | '\u{201D}'
        | '\u{201E}'
        | '\u{201F}'
        | '\u{AB}'
        | '\u{BB}'
        | '\u{2033}'
        | '\u{301D}'..='\u{301F}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' => '-',
        _ => c,
    })
}

/// Sentence and clause punctuation of other scripts that must end a word even with no space
/// after it. Several are MidNum or MidLetter in UAX #29 (Arabic comma, full-width comma, colon
/// and semicolon, Greek ano teleia), which would otherwise glue `١،٢` or `ａ：ｂ` together.
fn is_hard_break(c: char) -> bool {
    matches!(
        c,
        '\u{37E}'            // Greek question mark
            | '\u{387}'      // Greek ano teleia
            | '\u{55D}'      // Armenian comma
            | '\u{589}'      // Armenian full stop
            | '\u{5C3}'      // Hebrew sof pasuq
            | '\u{60C}'      // Arabic comma
            | '\u{61B}'      // Arabic semicolon
            | '\u{61E}'..='\u{61F}' // Arabic triple dot, question mark
            | '\u{6D4}'      // Urdu full stop
            | '\u{7F8}'..='\u{7F9}' // NKo comma, exclamation
            | '\u{964}'..='\u{965}' // Devanagari danda, double danda
            | '\u{104A}'..='\u{104B}' // Myanmar sections
            | '\u{1361}'..='\u{1368}' // Ethiopic wordspace and punctuation
            | '\u{17D4}'..='\u{17D6}' // Khmer khan, bariyoosan, camnuc pii kuuh
            | '\u{3001}'..='\u{3002}' // ideographic comma, full stop
            | '\u{FE10}'..='\u{FE16}' // vertical forms
            | '\u{FE50}'..='\u{FE57}' // small forms
            | '\u{FF01}'     // full-width !
            | '\u{FF0C}'     // full-width ,
            | '\u{FF1A}'..='\u{FF1B}' // full-width : ;
            | '\u{FF1F}' // full-width ?
    )
}

/// What one character of the original text becomes in the text that UAX #29 segments:
/// [`unify`], plus script punctuation turned into a space so it always splits words.
pub(super) fn premap(c: char) -> Option<char> {
    if is_plain_letter(c) {
        return Some(c);
    }
    if c.is_ascii() {
        return Some(if c == '`' { '\'' } else { c });
    }
    if is_hard_break(c) {
        return Some(' ');
    }
    unify(c)
}

/// Code points of the digit zero of the decimal-digit blocks (General_Category=Nd), sorted.
/// Full-width and mathematical digits are already ASCII after NFKC; they are kept for
/// [`ascii_digit`]'s own sake.
const DIGIT_ZEROS: [u32; 65] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The ASCII digit for a decimal digit of another script (`٣` → `3`), else `None`.
pub(super) fn ascii_digit(c: char) -> Option<char> {
    let u = c as u32;
    if u < DIGIT_ZEROS[0] {
        return None;
    }
    // The greatest zero ≤ u; blocks are ten code points long and never overlap.
    let i = DIGIT_ZEROS.partition_point(|&z| z <= u);
    let zero = DIGIT_ZEROS[i - 1];
    let d = u - zero;
    if d < 10 {
        char::from_digit(d, 10)
    } else {
        None
    }
}

/// The ASCII digit (as a code point) for an Arabic-Indic or Extended Arabic-Indic digit.
#[inline]
const fn arabic_digit(u: u32) -> Option<u32> {
    match u {
        0x660..=0x669 => Some(u - 0x660 + 0x30),
        0x6F0..=0x6F9 => Some(u - 0x6F0 + 0x30),
        _ => None,
    }
}

/// [`fold_arabic`] and [`arabic_digit`] for the Arabic block U+0600–U+06FF, by offset: the
/// folded code point, or 0 for a character that is dropped.
static ARABIC_FOLD: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let u = 0x600 + i as u32;
        table[i] = match char::from_u32(u) {
            Some(c) => match fold_arabic(c) {
                Some(None) => 0,
                Some(Some(m)) => m as u16,
                None => match arabic_digit(u) {
                    Some(d) => d as u16,
                    None => u as u16,
                },
            },
            None => u as u16,
        };
        i += 1;
    }
    table
};

/// The normal form of a character of the Arabic block: folded, or `None` when dropped.
#[inline]
fn fold_arabic_block(c: char) -> Option<char> {
    let folded = ARABIC_FOLD
        .get((c as usize).wrapping_sub(0x600))
        .copied()
        .unwrap_or(0);
    char::from_u32(u32::from(folded)).filter(|_| folded != 0)
}

/// The Arabic-script folding of one (already lowercased, NFKC) character: `Some(None)` drops it,
/// `Some(Some(c))` replaces it, `None` leaves it alone.
///
/// Farsi/Urdu letter forms become their Arabic counterparts so that the same name written by an
/// Iranian, a Pakistani and an Arab outlet hashes alike; diacritics and tatweel are optional in
/// print and dropped. Teh marbuta `ة` folds to heh `ه`, as Lucene's Arabic normaliser does:
/// outlets (and Urdu/Farsi spellings of Arabic loanwords) write either, and telling them apart
/// buys nothing for duplicate detection.
const fn fold_arabic(c: char) -> Option<Option<char>> {
    Some(match c {
        // tatweel, harakat and other combining signs, superscript alef, Quranic annotation marks
        '\u{640}'
        | '\u{610}'..='\u{61A}'
        | '\u{64B}'..='\u{65F}'
        | '\u{670}'
        | '\u{6D6}'..='\u{6DC}'
        | '\u{6DF}'..='\u{6E4}'
        | '\u{6E7}'..='\u{6E8}'
        | '\u{6EA}'..='\u{6ED}' => None,
        // alef with hamza above/below, madda, wasla, wavy hamza → bare alef
        '\u{622}' | '\u{623}' | '\u{625}' | '\u{671}'..='\u{673}' => Some('\u{627}'),
        // alef maksura, Farsi yeh, Pashto/Uyghur yeh forms → Arabic yeh
        '\u{649}' | '\u{6CC}' | '\u{6CD}' | '\u{6D0}' => Some('\u{64A}'),
        // keheh (Farsi/Urdu kaf), swash kaf → Arabic kaf
        '\u{6A9}' | '\u{6AA}' => Some('\u{643}'),
        // teh marbuta, heh doachashmee, heh goal (+ hamza), ae, teh marbuta goal,
        // heh with yeh above → heh
        '\u{629}' | '\u{6BE}' | '\u{6C0}'..='\u{6C3}' | '\u{6D5}' => Some('\u{647}'),
        _ => return None,
    })
}

/// Appends the normal form of one NFKC character: full case folding (lowercase, `ß` → `ss`,
/// final sigma → `σ`), then [`unify`], Arabic folding, other decimal digits → ASCII, variation
/// selectors dropped.
pub(super) fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            '`' => '\'',
            _ => c,
        });
    } else if is_caseless(c) {
        push_folded_lower(c, out);
    } else {
        for l in c.to_lowercase() {
            push_folded_lower(l, out);
        }
    }
}

/// [`push_folded`] after lowercasing.
fn push_folded_lower(l: char, out: &mut String) {
    if l.is_ascii() {
        return push_folded(l, out);
    }
    let m = match l {
        '\u{DF}' => return out.push_str("ss"),
        '\u{3C2}' => '\u{3C3}',
        '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => return,
        '\u{600}'..='\u{6FF}' => match fold_arabic_block(l) {
            Some(m) => m,
            None => return,
        },
        _ if is_han(l) => simplified(l),
        _ if is_plain_letter(l) => l,
        _ => match unify(l) {
            None => return,
            Some(u) => ascii_digit(u).unwrap_or(u),
        },
    };
    out.push(m);
}

/// First and last code point of the ideographs [`simplified`] maps: CJK Unified Ideographs and
/// Extension A (compatibility ideographs are unified ones after NFKC).
const HAN: (u32, u32) = (0x3400, 0x9FFF);

/// Whether [`simplified`] may map `c`.
#[inline]
pub(super) fn is_han(c: char) -> bool {
    (HAN.0..=HAN.1).contains(&(c as u32))
}

/// The Simplified form of a Traditional Chinese character (`國` → `国`, `華` → `华`), else the
/// character: a Hong Kong or Taiwan paper printing Xinhua copy in Traditional characters
/// shares its words with it. One character for one, from fast2s's table (OpenCC's and
/// MediaWiki's character pairs), built once into a dense table of the ideograph blocks. A
/// character with several Simplified forms takes the table's choice; a Japanese kanji that has
/// a Simplified form folds to it too, on both sides of any comparison alike.
pub(super) fn simplified(c: char) -> char {
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (HAN.0..=HAN.1)
            .map(|u| {
                let c = char::from_u32(u).unwrap_or(' ');
                let mut buf = [0u8; 4];
                let s = fast2s::convert(c.encode_utf8(&mut buf));
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(m), None) if (HAN.0..=HAN.1).contains(&(m as u32)) => m,
                    _ => c,
                }
            })
            .collect()
    });
    table
        .get((c as u32).wrapping_sub(HAN.0) as usize)
        .copied()
        .unwrap_or(c)
}

/// Blocks without letter case (Hebrew to Myanmar, Hangul jamo and Ethiopic, CJK to Vai, Hangul
/// syllables, compatibility ideographs, Hebrew and Arabic presentation forms, supplementary
/// ideographs): lowercasing is the identity there, and skipping the case tables is a large part
/// of the cost of folding Arabic, Indic and CJK text. A unit test checks every code point.
fn is_caseless(c: char) -> bool {
    matches!(
        c as u32,
        0x590..=0x109F
            | 0x1100..=0x139F
            | 0x2E80..=0xA63F
            | 0xAC00..=0xD7FF
            | 0xF900..=0xFAFF
            | 0xFB1D..=0xFDFF
            | 0xFE70..=0xFEFF
            | 0x20000..=0x3FFFF
    )
}

/// Letters of the busiest non-Latin blocks (Greek, Cyrillic, Arabic without tatweel, Thai
/// consonants, kana, CJK, Hangul syllables) that are NFKC starters no neighbour composes with:
/// a piece made only of these is already NFKC, so the general path skips the quick check. All
/// are letters, so they also answer "does the token hold a letter" without the Unicode property
/// tables. Unit-tested against both.
pub(super) const fn is_plain_letter(c: char) -> bool {
    let u = c as u32;
    // Dispatch on the 256-code-point block first: this runs for every non-ASCII character.
    match u >> 8 {
        0x03 => matches!(u, 0x386 | 0x388..=0x38A | 0x38C | 0x38E..=0x3A1 | 0x3A3..=0x3CE),
        0x04 => u <= 0x45F,
        0x06 => matches!(
            u,
            0x620..=0x63F
                | 0x641..=0x64A
                | 0x66E..=0x66F
                | 0x671..=0x674
                | 0x679..=0x6D3
                | 0x6D5
                | 0x6EE..=0x6EF
                | 0x6FA..=0x6FC
                | 0x6FF
        ),
        0x0E => matches!(u, 0xE01..=0xE30 | 0xE40..=0xE46),
        0x30 => matches!(u, 0x3041..=0x3096 | 0x30A1..=0x30FA),
        0x34..=0x4D => u <= 0x4DBF,
        0x4E..=0x9F => true,
        0xAC..=0xD7 => u <= 0xD7A3,
        _ => false,
    }
}

/// Scripts written without spaces between words — Han (with radicals, iteration marks and all
/// extensions), Hiragana, Katakana (with half-width forms), Thai, Lao, Khmer, Myanmar — whose
/// characters become one token each. Their decimal digits are excluded: a number stays a word.
pub(super) const fn is_nospace(c: char) -> bool {
    let u = c as u32;
    if u < 0xE00 {
        return false;
    }
    match u {
        0xE00..=0xEFF => !matches!(u, 0xE50..=0xE59 | 0xED0..=0xED9),
        0x1000..=0x109F => !matches!(u, 0x1040..=0x1049 | 0x1090..=0x1099),
        0x1780..=0x17FF => !matches!(u, 0x17E0..=0x17E9),
        0x19E0..=0x19FF => true,
        0x2E80..=0x2FDF => true,
        0x3005..=0x3007 | 0x3021..=0x3029 | 0x3038..=0x303B => true,
        0x3040..=0x30FF | 0x31F0..=0x31FF => true,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF => true,
        0xA9E0..=0xA9FF => !matches!(u, 0xA9F0..=0xA9F9),
        0xAA60..=0xAA7F => true,
        0xF900..=0xFAFF => true,
        0xFF66..=0xFF9F => true,
        0x1AFF0..=0x1B16F => true,
        0x20000..=0x2FA1F | 0x30000..=0x323AF => true,
        _ => false,
    }
}

/// Thai and Lao write sara am as one code point (`ำ`, a word segment of its own) or as nikhahit +
/// sara aa (`ํา`), where UAX #29 attaches the nikhahit to the consonant before it. NFKC turns the
/// first into the second; for the tokens to agree too, the general path moves a nikhahit that is
/// followed by sara aa into the next token. Returns that sara aa for a nikhahit.
pub(super) fn sara_aa_after(c: char) -> Option<char> {
    match c {
        '\u{E4D}' => Some('\u{E32}'),
        '\u{ECD}' => Some('\u{EB2}'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            push_folded(c, &mut out);
        }
        out
    }

    #[test]
    fn digits_of_other_scripts_become_ascii() {
        assert_eq!(ascii_digit('٣'), Some('3'));
        assert_eq!(ascii_digit('۷'), Some('7'));
        assert_eq!(ascii_digit('९'), Some('9'));
        assert_eq!(ascii_digit('০'), Some('0'));
        assert_eq!(ascii_digit('๕'), Some('5'));
        assert_eq!(ascii_digit('a'), None);
        assert_eq!(ascii_digit('ب'), None);
        assert_eq!(ascii_digit('\u{66A}'), None); // Arabic percent sign, just past the digits
        assert_eq!(folded("٢٠٢٤"), "2024");
        assert_eq!(folded("۱۴۰۳"), "1403");
    }

    #[test]
    fn digit_table_is_sorted_and_every_block_is_numeric() {
        assert!(DIGIT_ZEROS.windows(2).all(|w| w[0] + 10 <= w[1]));
        for &z in &DIGIT_ZEROS {
            for d in 0..10 {
                let c = char::from_u32(z + d).expect("assigned code point");
                assert!(c.is_numeric(), "{:X}", z + d);
            }
        }
    }

    #[test]
    fn arabic_letter_variants_fold() {
        assert_eq!(folded("ی"), "ي");
        assert_eq!(folded("ى"), "ي");
        assert_eq!(folded("ې"), "ي");
        assert_eq!(folded("ۍ"), "ي");
        assert_eq!(folded("ک"), "ك");
        assert_eq!(folded("ہ"), "ه");
        assert_eq!(folded("ھ"), "ه");
        assert_eq!(folded("ە"), "ه");
        assert_eq!(folded("ۃ"), "ه");
        assert_eq!(folded("ة"), "ه");
        assert_eq!(folded("أإآٱ"), "اااا");
        assert_eq!(folded("كـــتاب"), "كتاب");
        assert_eq!(folded("كَتَبَ"), "كتب");
        assert_eq!(folded("\u{670}"), "");
    }

    #[test]
    fn case_folding_goes_beyond_lowercase() {
        assert_eq!(folded("Straße"), "strasse");
        assert_eq!(folded("STRASSE"), "strasse");
        assert_eq!(folded("ẞ"), "ss");
        assert_eq!(folded("ΟΔΟΣ"), "οδοσ");
        assert_eq!(folded("οδος"), "οδοσ");
        assert_eq!(folded("ÉCOLE"), "école");
    }

    #[test]
    fn quotes_dashes_and_invisibles_unify() {
        for c in ['’', '‘', 'ʼ', '′', '`', '´'] {
            assert_eq!(unify(c), Some('\''), "{c}");
        }
        for c in ['“', '”', '„', '«', '»'] {
            assert_eq!(unify(c), Some('"'), "{c}");
        }
        for c in ['–', '—', '−', '‒'] {
            assert_eq!(unify(c), Some('-'), "{c}");
        }
        for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{AD}', '\u{FEFF}'] {
            assert_eq!(unify(c), None, "{:X}", c as u32);
            assert_eq!(premap(c), None, "{:X}", c as u32);
        }
        assert_eq!(premap('۔'), Some(' '));
        assert_eq!(premap('،'), Some(' '));
        assert_eq!(unify('،'), Some('،'));
    }

    #[test]
    fn fast_set_is_nfkc_stable_and_lowercases_to_one_char() {
        use unicode_normalization::UnicodeNormalization;
        for u in 0x80..0x10000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            // Other-class characters never end up in a token.
            if matches!(fast_class(c), None | Some(Class::Other)) {
                continue;
            }
            let p = premap(c).expect("fast chars are visible");
            let n: String = std::iter::once(p).nfkc().collect();
            assert_eq!(n, p.to_string(), "{u:X} is not NFKC-stable");
            assert_eq!(p.to_lowercase().count(), 1, "{u:X}");
            if fast_class(c) == Some(Class::Letter) {
                assert!(c.is_alphabetic(), "{u:X}");
            }
            if fast_class(c) == Some(Class::NoSpace) {
                assert!(c.is_alphabetic() && is_nospace(c), "{u:X}");
                let mut folded = String::new();
                push_folded(c, &mut folded);
                let own = if is_han(c) { simplified(c) } else { c };
                assert_eq!(folded, own.to_string(), "{u:X} is its own normal form");
            }
        }
    }

    #[test]
    fn fast_fold_matches_the_general_fold() {
        for u in 0..0x10000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            if !c.is_ascii() && matches!(fast_class(c), None | Some(Class::Other)) {
                continue;
            }
            let (mut fast, mut general) = (String::new(), String::new());
            push_fast_folded(c, &mut fast);
            if let Some(p) = unify(c) {
                push_folded(p, &mut general);
            }
            assert_eq!(fast, general, "{u:X}");
        }
    }

    #[test]
    fn caseless_blocks_have_no_case() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            if is_caseless(c) {
                assert!(c.to_lowercase().eq(std::iter::once(c)), "{u:X}");
            }
        }
    }

    #[test]
    fn plain_letters_are_nfkc_starters_and_letters() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{is_nfkc_quick, IsNormalized};
        for u in 0..0x10000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            if is_plain_letter(c) {
                assert!(c.is_alphabetic(), "{u:X}");
                assert_eq!(canonical_combining_class(c), 0, "{u:X}");
                assert_eq!(
                    is_nfkc_quick(std::iter::once(c)),
                    IsNormalized::Yes,
                    "{u:X}"
                );
            }
        }
    }

    #[test]
    fn nospace_scripts() {
        for c in ['中', '国', 'の', 'カ', 'ｶ', 'ก', 'ລ', 'ក', 'က', '𠀀', '々'] {
            assert!(is_nospace(c), "{c}");
        }
        for c in ['a', 'é', 'ب', '한', '๕', '1', 'Ж'] {
            assert!(!is_nospace(c), "{c}");
        }
    }
}
