//! What a scraper left in an article's text — markup, and UTF-8 read as Windows-1252 — masked
//! for matching.
//!
//! News dumps often keep some HTML: `<p>` and `<br>` between paragraphs, a link around an
//! agency's name, `&amp;`, `&#8217;` for an apostrophe, `&nbsp;`, a comment or a `<script>`
//! block. A reader does not see it, and two copies of one story, one clean and one with
//! markup, must give the same words: otherwise the copy with `don&#8217;t` and `<p>` tokens
//! matches its clean original with a lower Jaccard, or as passages instead of a duplicate.
//!
//! [`visible`] gives the text as a reader sees it, *with the same number of characters*, so
//! every offset into it is an offset into the original text (tokens, passages and quotations
//! keep pointing at what the article printed):
//! * a block tag (`<p>`, `</div>`, `<br/>`, `<li>` …, and any element not listed as inline)
//!   becomes a line break and spaces: a paragraph ends there, as a browser shows it;
//! * an inline tag (`<a …>`, `<b>`, `<em>`, `<span>` …) becomes invisible characters
//!   ([`FILL`], which the tokenizer drops), so `Reu<b>ters</b>` stays one word; `<q>` and
//!   `</q>` become the quotation marks a browser shows for them;
//! * a comment, and a `<script>` or `<style>` element with its content, become spaces;
//! * a character reference (`&amp;`, `&#8217;`, `&#x2019;`, HTML5 names) becomes the character
//!   it stands for, preceded by [`PAD`] up to the reference's length (preceded, so the
//!   character after an apostrophe is still its next character); one that stands for white
//!   space becomes spaces. A reference encoded twice (`&amp;#8217;`, a common scraping
//!   accident) is decoded through;
//! * *mojibake*, UTF-8 bytes that a scraper decoded as Windows-1252 (or Latin-1) — `â€™` for
//!   `’`, `Ã©` for `é`, `Â ` for a no-break space — becomes the character those bytes encode,
//!   preceded by [`PAD`] as a reference is: a lead character `Â`…`ô` followed by the one to
//!   three characters whose Windows-1252 bytes complete a valid UTF-8 sequence. Real text
//!   never writes these pairs (`Ã` before `©`), so nothing else is touched; Spanish, French
//!   or Portuguese copies of a story mangled this way match their clean originals again.
//!
//! What is taken for a tag: `<` or `</` and a known HTML element name, then white space, `/`
//! or `>`, and the rest up to the next `>` outside quoted attribute values (within [`MAX_TAG`]
//! bytes, with no `<` on the way).
//! So `a < b`, `<3` or `<Reuters>` stay text. Entity names are decoded by the `html-escape`
//! crate (the full HTML5 table); an unknown name stays text (`AT&T;`).
//!
//! Invariant: `visible(t).chars().count() == t.chars().count()`; text without markup is
//! returned as is (borrowed, nothing allocated).

use std::borrow::Cow;

/// What an invisible stretch of markup becomes: ZERO WIDTH SPACE, which the tokenizer's
/// premap drops ([`super::chars`]), so it never splits a word.
pub const FILL: char = '\u{200B}';

/// What pads a character reference or mojibake to its length, before the character it stands
/// for: WORD JOINER, also dropped by the tokenizer. Apart from [`FILL`] so that a word starting
/// with a reference can start where the reference starts ([`word_start`]).
pub const PAD: char = '\u{2060}';

/// Whether `c` is one of the invisible characters [`visible`] puts in place of markup.
pub fn is_mask(c: char) -> bool {
    c == FILL || c == PAD
}

/// Where a word found at character `start` of a [`visible`] text starts in the original text:
/// before the padding of the reference or mojibake its first character stands for
/// (`&Eacute;lodie` starts at the `&`, not at the `;` where `É` stands). `pads` holds, in
/// order, the character offsets of the text's [`PAD`]s.
pub fn word_start(start: u32, pads: &[u32]) -> u32 {
    let mut s = start;
    let mut k = pads.partition_point(|&p| p < start);
    while k > 0 && pads[k - 1] + 1 == s {
        s -= 1;
        k -= 1;
    }
    s
}

/// The character offsets of the [`PAD`]s of a [`visible`] text, in order (empty when it holds
/// none).
pub fn pads(visible: &str) -> Vec<u32> {
    if !visible.contains(PAD) {
        return Vec::new();
    }
    visible
        .chars()
        .enumerate()
        .filter(|&(_, c)| c == PAD)
        .map(|(i, _)| i as u32)
        .collect()
}

/// The longest tag taken for one, in bytes (attributes included).
const MAX_TAG: usize = 2048;

/// The longest `<script>` or `<style>` element (or comment) blanked as one.
const MAX_BLOCK: usize = 256 * 1024;

/// The text as a reader sees it, with as many characters as `text`; see the module docs.
pub fn visible(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // `<`, `&`, and the first byte of `Â`…`ô` (U+00C2–U+00F4: C3 82–C3 B4).
    let mut found = memchr::memchr3_iter(b'<', b'&', 0xC3, bytes)
        .filter(|&i| bytes[i] != 0xC3 || may_be_mojibake(bytes, i))
        .filter_map(|i| markup_at(text, i).map(|m| (i, m)))
        .peekable();
    if found.peek().is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut copied = 0;
    for (start, m) in found {
        if start < copied {
            continue; // inside markup already masked (a tag in a script, a reference in a tag)
        }
        out.push_str(&text[copied..start]);
        let chars = text[start..m.end].chars().count();
        match m.kind {
            Kind::Block => {
                out.push('\n');
                push_n(&mut out, ' ', chars - 1);
            }
            Kind::Inline => push_n(&mut out, FILL, chars),
            Kind::Blank => push_n(&mut out, ' ', chars),
            Kind::Entity(decoded) => {
                let n = decoded.chars().count();
                if decoded.chars().all(char::is_whitespace) {
                    push_n(&mut out, ' ', chars);
                } else {
                    push_n(&mut out, PAD, chars - n);
                    out.push_str(&decoded);
                }
            }
        }
        copied = m.end;
    }
    out.push_str(&text[copied..]);
    debug_assert_eq!(out.chars().count(), text.chars().count());
    Cow::Owned(out)
}

/// A stretch of a [`visible`] text made for reading: the fill dropped, and each run of white
/// space made one character (a line break if the run holds one).
pub fn readable(visible: &str) -> String {
    let mut out = String::with_capacity(visible.len());
    squeeze(visible, |c, _| out.push(c));
    out
}

/// Where a character of a [`compact`] text comes from in the text as read: its first and last
/// characters (offsets). They differ for a character reference or mojibake ("&amp;" → "&",
/// "é—©" → "闩"), whose span starts at the reference's first character and ends past its last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    pub first: u32,
    pub last: u32,
}

/// The text as a reader sees it, compacted ([`readable`] of the [`visible`] text), with, for
/// each of its characters, the characters of `text` it comes from ([`Origin`]); `None` when
/// `text` holds no markup (read it as it is). For readers that match patterns across what
/// markup split ("(<b>Reuters</b>) -", "NEW&nbsp;YORK"), then point back into the text as read.
pub fn compact(text: &str) -> Option<(String, Vec<Origin>)> {
    let Cow::Owned(visible) = visible(text) else {
        return None;
    };
    let mut out = String::with_capacity(visible.len());
    let mut from: Vec<Origin> = Vec::with_capacity(visible.len());
    squeeze(&visible, |c, origin| {
        out.push(c);
        from.push(origin);
    });
    Some((out, from))
}

/// Hands over the characters of a [`visible`] text without its masks, each run of white space
/// as one character (a line break if the run holds one), each with the characters it comes
/// from (a run's: its first character; a reference's: from its first [`PAD`] to itself).
fn squeeze(visible: &str, mut push: impl FnMut(char, Origin)) {
    let at = |i: u32| Origin { first: i, last: i };
    // The white space run being read: where it started, and whether it held a line break.
    let mut space: Option<(u32, bool)> = None;
    // Where the run of PAD before the character being read started.
    let mut pad: Option<u32> = None;
    for (i, c) in visible.chars().enumerate() {
        let i = i as u32;
        if c == PAD {
            pad = pad.or(Some(i));
            continue;
        }
        if is_mask(c) {
            pad = None;
            continue;
        }
        if c.is_whitespace() {
            pad = None;
            space = Some(match space {
                Some((at, line)) => (at, line || c == '\n'),
                None => (i, c == '\n'),
            });
            continue;
        }
        if let Some((start, line)) = space.take() {
            push(if line { '\n' } else { ' ' }, at(start));
        }
        let first = pad.take().unwrap_or(i);
        push(c, Origin { first, last: i });
    }
    if let Some((start, line)) = space {
        push(if line { '\n' } else { ' ' }, at(start));
    }
}

fn push_n(out: &mut String, c: char, n: usize) {
    out.extend(std::iter::repeat_n(c, n));
}

/// One stretch of markup found at a `<` or `&`: where it ends (bytes), and what it becomes.
struct Found {
    end: usize,
    kind: Kind,
}

enum Kind {
    Block,
    Inline,
    Blank,
    /// What the reference stands for (never longer, in characters, than the reference).
    Entity(String),
}

fn markup_at(text: &str, i: usize) -> Option<Found> {
    match text.as_bytes()[i] {
        b'<' => tag_at(text, i),
        b'&' => entity_at(text, i),
        _ => mojibake_at(text, i),
    }
}

/// Whether the 0xC3 byte at `i` may start mojibake, by its next two bytes: a lead character
/// `Â`…`ô` (C3 82–C3 B4), then the first byte of a character Windows-1252 gives a continuation
/// byte (U+0080–U+00BF: C2; `Š` `Œ` `Ž` `š` `œ` `ž` `Ÿ`: C5; `ƒ`: C6; `ˆ` `˜`: CB; the
/// punctuation and `€` `™`: E2). An accented letter followed by a letter fails at once: this
/// runs for every one in Latin-script text.
#[inline]
fn may_be_mojibake(bytes: &[u8], i: usize) -> bool {
    matches!(bytes.get(i + 1), Some(0x82..=0xB4))
        && matches!(bytes.get(i + 2), Some(0xC2 | 0xC5 | 0xC6 | 0xCB | 0xE2))
}

/// Mojibake at `i` (which holds the first byte of a character U+00C0–U+00FF): that character
/// and the next ones, as Windows-1252 bytes, one valid UTF-8 sequence of two to four bytes.
fn mojibake_at(text: &str, i: usize) -> Option<Found> {
    let mut chars = text[i..].chars();
    let lead = chars.next()? as u32;
    let more = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    let mut utf8 = [lead as u8, 0, 0, 0];
    let mut end = i + 2; // the lead character is two bytes in UTF-8
    for byte in &mut utf8[1..=more] {
        let c = chars.next()?;
        *byte = cp1252_continuation(c)?;
        end += c.len_utf8();
    }
    let decoded = std::str::from_utf8(&utf8[..=more]).ok()?;
    Some(Found {
        end,
        kind: Kind::Entity(decoded.to_string()),
    })
}

/// The byte 0x80–0xBF that `c` stands for when a UTF-8 continuation byte was decoded as
/// Windows-1252 (or as Latin-1, which gives the C1 controls U+0080–U+009F).
fn cp1252_continuation(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{BF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// A character reference at `i` (which holds `&`), decoded through double encoding.
fn entity_at(text: &str, i: usize) -> Option<Found> {
    let bytes = text.as_bytes();
    let mut end = i + 1 + reference_len(&bytes[i + 1..])?;
    let mut decoded = decode(&text[i..end])?;
    // "&amp;#8217;": the ampersand it decodes to starts another reference.
    while decoded == "&" {
        let Some(len) = reference_len(&bytes[end..]) else {
            break;
        };
        let Some(again) = decode(&format!("&{}", &text[end..end + len])) else {
            break;
        };
        decoded = again;
        end += len;
    }
    Some(Found {
        end,
        kind: Kind::Entity(decoded),
    })
}

/// The length of a reference's body after its `&` (`#8217;`, `#x2019;`, `amp;`), if `rest`
/// starts with one.
fn reference_len(rest: &[u8]) -> Option<usize> {
    let (body, digit): (usize, fn(&u8) -> bool) = match rest {
        [b'#', b'x' | b'X', ..] => (2, u8::is_ascii_hexdigit),
        [b'#', ..] => (1, u8::is_ascii_digit),
        [c, ..] if c.is_ascii_alphabetic() => (0, u8::is_ascii_alphanumeric),
        _ => return None,
    };
    let n = rest[body..]
        .iter()
        .take(32)
        .take_while(|c| digit(c))
        .count();
    (n > 0 && rest.get(body + n) == Some(&b';')).then_some(body + n + 1)
}

/// What one reference stands for, or `None` for an unknown name or a code point HTML forbids.
fn decode(reference: &str) -> Option<String> {
    let decoded = html_escape::decode_html_entities(reference);
    match decoded {
        Cow::Borrowed(_) => None,
        Cow::Owned(s)
            if s.chars().count() <= reference.chars().count()
                && !s.chars().any(|c| c.is_control() && !c.is_whitespace()) =>
        {
            Some(s)
        }
        Cow::Owned(_) => None,
    }
}

/// A tag, comment or script/style element at `i` (which holds `<`).
fn tag_at(text: &str, i: usize) -> Option<Found> {
    let bytes = text.as_bytes();
    let rest = &bytes[i + 1..];
    if rest.starts_with(b"!--") {
        let close = memchr::memmem::find(&rest[3..rest.len().min(MAX_BLOCK)], b"-->")?;
        return Some(Found {
            end: i + 1 + 3 + close + 3,
            kind: Kind::Blank,
        });
    }
    let closing = rest.first() == Some(&b'/');
    let name_at = usize::from(closing);
    let name_len = rest[name_at..]
        .iter()
        .take(16)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let name = &rest[name_at..name_at + name_len];
    if name.first().is_none_or(|c| !c.is_ascii_alphabetic()) {
        return None;
    }
    match rest.get(name_at + name_len) {
        Some(c) if c.is_ascii_whitespace() || *c == b'/' || *c == b'>' => {}
        _ => return None,
    }
    let mut lower = [0u8; 16];
    lower[..name_len].copy_from_slice(name);
    lower[..name_len].make_ascii_lowercase();
    let name = &lower[..name_len];
    let kind = element(name)?;
    let after = name_at + name_len;
    let span = &rest[after..rest.len().min(after + MAX_TAG)];
    // The tag ends at the first `>` outside a quoted attribute value (`title="a > b"`); a `<`
    // outside one means this was no tag.
    let mut quote: Option<u8> = None;
    let close = span.iter().position(|&c| match quote {
        Some(q) => {
            if c == q {
                quote = None;
            }
            false
        }
        None if c == b'"' || c == b'\'' => {
            quote = Some(c);
            false
        }
        None => c == b'>' || c == b'<',
    })?;
    if span[close] != b'>' {
        return None;
    }
    let end = i + 1 + after + close + 1;
    if kind == Element::Raw && !closing {
        // The element's content is script or style, not text: blank through its end tag.
        let hay = &bytes[end..bytes.len().min(end + MAX_BLOCK)];
        let mut at = 0;
        while let Some(k) = memchr::memmem::find(&hay[at..], b"</") {
            let tail = &hay[at + k + 2..];
            if tail.len() >= name.len() && tail[..name.len()].eq_ignore_ascii_case(name) {
                if let Some(gt) = tail[name.len()..].iter().position(|&c| c == b'>') {
                    return Some(Found {
                        end: end + at + k + 2 + name.len() + gt + 1,
                        kind: Kind::Blank,
                    });
                }
            }
            at += k + 2;
        }
    }
    if name == b"q" {
        // An inline quotation is printed with quotation marks: it is one (`skeleton::marks`).
        let mark = if closing { "\u{201D}" } else { "\u{201C}" };
        return Some(Found {
            end,
            kind: Kind::Entity(mark.to_string()),
        });
    }
    Some(Found {
        end,
        kind: match kind {
            Element::Inline => Kind::Inline,
            Element::Block => Kind::Block,
            Element::Raw => Kind::Blank,
        },
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Element {
    /// Shown within a line: masked invisibly.
    Inline,
    /// Breaks the line.
    Block,
    /// Holds no text (`script`, `style`): blanked with its content.
    Raw,
}

/// HTML elements that stay within a line of text.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
    "tt", "u", "var", "wbr",
];

/// Every other HTML element name taken for a tag (they break the line).
const BLOCK: &[&str] = &[
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "base",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "object",
    "ol",
    "option",
    "p",
    "param",
    "picture",
    "pre",
    "section",
    "select",
    "source",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "video",
];

/// Elements whose content is not text.
const RAW: &[&str] = &["noscript", "script", "style", "svg"];

fn element(name: &[u8]) -> Option<Element> {
    let is = |list: &[&str]| list.iter().any(|n| n.as_bytes() == name);
    if is(INLINE) {
        Some(Element::Inline)
    } else if is(BLOCK) {
        Some(Element::Block)
    } else if is(RAW) {
        Some(Element::Raw)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The visible text with the fill removed: what a reader sees.
    fn seen(text: &str) -> String {
        visible(text).chars().filter(|&c| !is_mask(c)).collect()
    }

    #[test]
    fn text_without_markup_is_borrowed() {
        for t in [
            "",
            "plain words",
            "AT&T; and Johnson & Johnson",
            "a < b > c",
            "<3 <Reuters>",
        ] {
            assert!(matches!(visible(t), Cow::Borrowed(_)), "{t}");
        }
    }

    #[test]
    fn tags_become_line_breaks_or_nothing() {
        assert_eq!(seen("<p>One.</p><p>Two.</p>"), "\n  One.\n   \n  Two.\n   ");
        assert_eq!(
            seen("the <a href=\"/x\">Velmora</a> port"),
            "the Velmora port"
        );
        assert_eq!(seen("Reu<b>ters</b>"), "Reuters");
        assert_eq!(seen("line<br/>next"), "line\n    next");
        assert_eq!(seen("<P CLASS=x>Up</P>"), "\n          Up\n   ");
    }

    #[test]
    fn comments_scripts_and_styles_are_blanked() {
        let blank = |markup: &str| " ".repeat(markup.chars().count());
        assert_eq!(seen("a<!-- ad -->b"), format!("a{}b", blank("<!-- ad -->")));
        let script = "<script>var a = '<p>';</script>";
        assert_eq!(seen(&format!("x{script}y")), format!("x{}y", blank(script)));
        assert_eq!(seen("<style>p{}</style>z").trim(), "z");
    }

    #[test]
    fn references_decode_before_their_fill() {
        let v = visible("don&#8217;t &amp; &#x2014; &eacute;t&eacute;");
        assert_eq!(
            v.chars().filter(|&c| !is_mask(c)).collect::<String>(),
            "don’t & — été"
        );
        // The fill precedes the character: after the apostrophe comes the `t`.
        assert!(v.contains("’t"));
        assert_eq!(seen("a&nbsp;b"), "a      b");
        assert_eq!(seen("don&amp;#8217;t"), "don’t");
        assert_eq!(seen("&unknown; &#0; &;"), "&unknown; &#0; &;");
    }

    #[test]
    fn readable_text_has_no_fill_and_single_spaces() {
        let v = visible("<p>It&#8217;s   <b>open</b>.</p>\n<p>Next</p>");
        assert_eq!(readable(&v), "\nIt’s open.\nNext\n");
    }

    #[test]
    fn mojibake_becomes_what_its_bytes_encode() {
        assert_eq!(seen("donâ€™t"), "don’t");
        assert_eq!(seen("Ã©tÃ© Ã\u{a0} SÃ£o Paulo"), "été à São Paulo");
        assert_eq!(seen("â€œQuoteâ€\u{9d} â€” done"), "“Quote” — done");
        assert_eq!(seen("25Â°C"), "25°C");
        // A no-break space, as any white space a reference stands for, becomes spaces.
        assert_eq!(seen("5Â\u{a0}km"), "5  km");
        assert_eq!(seen("ðŸ˜€"), "😀");
        // The fill precedes the character: after the apostrophe comes the `t`.
        assert!(visible("donâ€™t").contains("’t"));
        // Real text with these letters is left alone.
        for t in [
            "Ãngel",
            "São Tomé",
            "Ça va",
            "à la",
            "ã»x",
            "Â",
            "naïve café",
        ] {
            assert!(matches!(visible(t), Cow::Borrowed(_)), "{t}");
        }
    }

    #[test]
    fn compact_text_points_back_into_the_text() {
        let text = "<p>NEW&nbsp;YORK (<b>Reuters</b>) &#8212; x</p>";
        let (clean, from) = compact(text).expect("markup");
        assert_eq!(clean, "\nNEW YORK (Reuters) — x\n");
        let chars: Vec<char> = text.chars().collect();
        let at = |s: &str| {
            clean
                .find(s)
                .map(|b| clean[..b].chars().count())
                .unwrap_or(0)
        };
        assert_eq!(
            chars[from[at("Reuters")].first as usize..][..7]
                .iter()
                .collect::<String>(),
            "Reuters"
        );
        assert_eq!(chars[from[at("YORK")].first as usize], 'Y');
        // A reference spans from its first character to its last: "&#8212;" is "—".
        let dash = from[at("—")];
        let reference: String = chars[dash.first as usize..=dash.last as usize]
            .iter()
            .collect();
        assert_eq!(reference, "&#8212;");
        assert!(compact("plain text & more").is_none());
    }

    #[test]
    fn attribute_values_and_inline_quotations() {
        assert_eq!(
            seen("<a title=\"a > b\" href='x>y'>link</a> end"),
            "link end"
        );
        assert_eq!(seen("she said <q>we will</q> go"), "she said “we will” go");
        assert_eq!(
            crate::sign::skeleton::quoted_spans("she said <q>we will</q> go"),
            vec![(12, 22)]
        );
    }

    #[test]
    fn stray_marks_stay_text() {
        for t in [
            "x <p",
            "1 <br and",
            "<p x=\"a > b",
            "&#",
            "&amp",
            "<!-- open",
        ] {
            assert_eq!(seen(t), t, "{t}");
        }
    }

    proptest! {
        #[test]
        fn the_character_count_is_kept(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("<p>"), Just("</p>"), Just("<a href='x'>"), Just("</a>"), Just("&amp;"),
                    Just("&#8217;"), Just("&nbsp;"), Just("&amp;#x2019;"), Just("<!--c-->"),
                    Just("<script>s</script>"), Just("é"), Just("字"), Just(" "), Just("<"),
                    Just("&"), Just(">"), Just("word"), Just(";"), Just("#"), Just("â€™"),
                    Just("Ã"), Just("©"), Just("Â"), Just("€"), Just("ðŸ˜"),
                ],
                0..24,
            )
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(visible(&text).chars().count(), text.chars().count());
        }
    }
}
