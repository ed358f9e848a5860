//! The terminal report of `explain`: two articles' aligned shared passages side by side, wrapped
//! to the terminal's width (CJK-aware), with the credits found in each and the pair's figures.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar;

use crate::attribute::credits::{find_credits, Credit};
use crate::attribute::registry::Registry;
use crate::candidates::boilerplate::{Boilerplate, PairBoilerplate};
use crate::engine::Engine;
use crate::model::Article;
use crate::sign::normalize;
use crate::sign::shingle;
use crate::verify::rewrite::{self, Sentences};
use crate::verify::{self, Marks, Prepared, ReuseKind};

/// Two articles to explain, with the corpus' boilerplate and their site numbers in it
/// ([`crate::model::Catalog::site_of`]).
pub struct Explained {
    pub a: Article,
    pub b: Article,
    pub boilerplate: Boilerplate,
    pub outlets: (u32, u32),
}

pub(crate) struct Style {
    color: bool,
}

impl Style {
    fn bold(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn dim(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[2m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Wraps `text` into lines of at most `width` terminal columns (white space folded).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut cols = 0;
    for word in text.split_whitespace() {
        let w: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
        if cols > 0 && cols + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            cols = 0;
        }
        if w > width {
            // A very long "word" (CJK runs have no spaces): break by characters.
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if cols + cw > width {
                    lines.push(std::mem::take(&mut line));
                    cols = 0;
                }
                line.push(c);
                cols += cw;
            }
            continue;
        }
        if cols > 0 {
            line.push(' ');
            cols += 1;
        }
        line.push_str(word);
        cols += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

pub(crate) fn pad(s: &str, width: usize) -> String {
    let w: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

pub(crate) fn credits_line(out: &mut String, who: &str, credits: &[Credit]) {
    if credits.is_empty() {
        let _ = writeln!(out, "  {who}: no agency credit found");
        return;
    }
    for c in credits {
        let _ = writeln!(
            out,
            "  {who}: {} {} — {:?}",
            c.agency,
            c.kind.as_str(),
            c.evidence
        );
    }
}

/// Renders the comparison of `a` and `b` for a terminal `width` columns wide.
pub fn render(
    a: &Article,
    b: &Article,
    engine: &Engine,
    boilerplate: &PairBoilerplate,
    registry: &Registry,
    width: usize,
    color: bool,
) -> String {
    let st = Style { color };
    let (tok_a, tok_b) = (normalize::tokenize(&a.text), normalize::tokenize(&b.text));
    let (spans_a, spans_b) = (verify::char_spans(&tok_a), verify::char_spans(&tok_b));
    let n = engine.params.shingle;
    let (seq_a, seq_b) = (shingle::shingles(&tok_a, n), shingle::shingles(&tok_b, n));
    let vp = engine.verify_params();
    let distinct_b = shingle::distinct_count(&seq_b);
    let (sa, sb) = (Sentences::new(&a.text), Sentences::new(&b.text));
    let compared = verify::compare(
        &mut Prepared::new(&seq_a),
        &seq_b,
        distinct_b,
        boilerplate,
        Marks::of(&sa, &sb),
        &vp,
    );
    // The verdict as the scan reaches it: verbatim evidence, else the rewrite check.
    let (kind, e) = match verify::decide(compared.clone(), &vp, |excluded| {
        let (xa, xb) = verify::excluded_sides(excluded);
        rewrite::align(&sa, &sb, &xa, &xb, &vp.rewrite)
    }) {
        Some((kind, e)) => (Some(kind), e),
        None => (None, compared),
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} ({}, {})",
        st.bold("A"),
        a.id,
        a.outlet,
        a.date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "no date".into())
    );
    let _ = writeln!(out, "  {}", a.title);
    let _ = writeln!(
        out,
        "{} {} ({}, {})",
        st.bold("B"),
        b.id,
        b.outlet,
        b.date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "no date".into())
    );
    let _ = writeln!(out, "  {}", b.title);
    let _ = writeln!(
        out,
        "jaccard {}  containment A in B {}  B in A {}  shared words A {} B {}  passages {}  → {}",
        crate::report::num(e.jaccard),
        crate::report::num(e.containment_a),
        crate::report::num(e.containment_b),
        e.shared_words,
        e.passages.iter().map(|ps| ps.b.len()).sum::<u32>(),
        e.passages.len(),
        match kind {
            Some(k) => st.bold(&format!("reuse ({})", k.as_str())),
            None => "not reuse".to_string(),
        }
    );
    let _ = writeln!(out, "{}", st.bold("credits"));
    credits_line(&mut out, "A", &find_credits(&a.text, registry));
    credits_line(&mut out, "B", &find_credits(&b.text, registry));
    let col = (width.saturating_sub(3) / 2).max(20);
    for (i, ps) in e.passages.iter().enumerate() {
        let (ca, cb) = (ps.a.to_chars(&spans_a), ps.b.to_chars(&spans_b));
        let _ = writeln!(
            out,
            "\n{} {} words  {}",
            st.bold(&format!(
                "{} {}",
                if kind == Some(ReuseKind::Rewrite) {
                    "aligned sentences"
                } else {
                    "passage"
                },
                i + 1
            )),
            ps.words(),
            st.dim(&format!(
                "A chars {}..{}  B chars {}..{}",
                ca.start, ca.end, cb.start, cb.end
            ))
        );
        let (la, lb) = (wrap(ca.slice(&a.text), col), wrap(cb.slice(&b.text), col));
        for k in 0..la.len().max(lb.len()) {
            let left = la.get(k).map(String::as_str).unwrap_or("");
            let right = lb.get(k).map(String::as_str).unwrap_or("");
            let _ = writeln!(out, "{} │ {}", pad(left, col), right);
        }
    }
    if e.passages.is_empty() {
        let _ = writeln!(out, "\nno shared passage");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_respects_width_and_breaks_cjk() {
        let lines = wrap("one two three four five six", 9);
        assert!(lines.iter().all(|l| l.chars().count() <= 9), "{lines:?}");
        assert_eq!(lines.join(" "), "one two three four five six");
        let cjk = wrap("新华社北京三月五日电记者王明报道", 10);
        assert!(cjk.len() >= 3);
        assert!(cjk
            .iter()
            .all(|l| l.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>() <= 10));
    }
}
