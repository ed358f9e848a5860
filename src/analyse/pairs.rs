//! Pairs in report orientation: a verified pair's evidence → numbers and passages in characters
//! of the texts as read, side `a` the byte-smaller id. The index stores these without texts
//! (a retracted pair with its `passage` excerpt); a batch run cuts all texts only while it
//! writes the rows, and so does a report from the index (which takes a pair's excerpt from
//! the `passages.csv` row it carries over, when it does).

use std::borrow::Cow;

use rayon::prelude::*;

use crate::analyse::cluster::PairLink;
use crate::error::Result;
use crate::model::Catalog;
use crate::model::DocId;
use crate::report::{self, SharedPassage};
use crate::sign::normalize::scraped;
use crate::store::Texts;
use crate::verify::batch::VerifiedPair;
use crate::verify::{CharSpan, ReuseKind};

/// What a verified pair contributes to the reports whatever the rest of the corpus holds:
/// numbers and passages, oriented as reported (side `a` is the byte-smaller id). The index
/// stores these without texts ([`TextCut::Nothing`]).
#[derive(Clone, Debug, PartialEq)]
pub struct PairLocal {
    /// The pair in DocId order (`lo < hi`), for joining with origins and clusters.
    pub lo: DocId,
    pub hi: DocId,
    /// Report side `a` is `hi` (its id sorts first).
    pub swapped: bool,
    pub jaccard: f64,
    /// In report orientation.
    pub containment_a: f64,
    pub containment_b: f64,
    pub shared_words: u32,
    /// The longest passage's text (a's side), cut; empty until [`PairLocal::cut_texts`].
    pub passage: String,
    /// In report orientation, sorted by `start_a`; their `text` is empty until `cut` is
    /// [`TextCut::All`].
    pub passages: Vec<SharedPassage>,
    /// What kind of reuse the pair is.
    pub kind: ReuseKind,
    /// The prints of evidence at the foot of both articles ([`crate::verify::foot_prints`];
    /// empty for most pairs), which [`crate::analyse::blocks`] reads.
    pub foot: Vec<u64>,
    /// Which texts are filled ([`PairLocal::cut_texts`]). A batch run leaves them out until
    /// its rows are written, and the index stores none: at a million pairs the passages' texts
    /// are a gigabyte, and they are cut again from the stored texts in moments.
    pub cut: TextCut,
}

impl PairLocal {
    /// The containment of `lo` (DocId orientation).
    pub fn containment_lo(&self) -> f64 {
        if self.swapped {
            self.containment_b
        } else {
            self.containment_a
        }
    }
    /// The pair as clustering reads it, with the origin analysis found for it.
    pub fn link(&self, origin: Option<DocId>) -> PairLink {
        PairLink {
            a: self.lo,
            b: self.hi,
            containment_a: self.containment_lo(),
            containment_b: self.containment_hi(),
            jaccard: self.jaccard,
            origin,
        }
    }

    /// Fills `passage` and, with `all`, each passage's `text` from `text_a`, the text as read
    /// of report side `a` ([`report_sides`](crate::report::rows::report_sides)`.0`); the
    /// passages are cut to [`report::MAX_PASSAGE_CHARS`] and one character more (the report's
    /// cut, [`report::cut`], decides where to cut by what follows).
    ///
    /// A text with markup left in ([`scraped`]) gives its passages as a reader sees them:
    /// read from its visible text (same offsets), the invisible fill dropped and each run of
    /// white space made one (a line break if it holds one).
    pub fn cut_texts(&mut self, text_a: &str, all: bool) {
        let visible = scraped::visible(text_a);
        let tidy = |t: &str| -> String {
            match visible {
                Cow::Borrowed(_) => t.to_string(),
                Cow::Owned(_) => scraped::readable(t),
            }
        };
        let text_a: &str = &visible;
        let cut = |p: &SharedPassage| CharSpan {
            start: p.start_a,
            // One character past the cell's length, so that the cut sees what it cuts off.
            end: p
                .end_a
                .min(p.start_a + report::MAX_PASSAGE_CHARS as u32 + 1),
        };
        let longest = longest(&self.passages);
        if all {
            let spans: Vec<CharSpan> = self.passages.iter().map(cut).collect();
            for (p, t) in self
                .passages
                .iter_mut()
                .zip(CharSpan::slices(text_a, &spans))
            {
                p.text = tidy(t);
            }
            self.passage = longest
                .map(|i| self.passages[i].text.clone())
                .unwrap_or_default();
        } else {
            self.passage = longest
                .map(|i| tidy(cut(&self.passages[i]).slice(text_a)))
                .unwrap_or_default();
        }
        self.cut = if all { TextCut::All } else { TextCut::Excerpt };
    }

    /// The containment of `hi` (DocId orientation).
    pub fn containment_hi(&self) -> f64 {
        if self.swapped {
            self.containment_a
        } else {
            self.containment_b
        }
    }
}

/// Which of `passages` `pairs.csv` shows (its `passage`): the longest, the first of the
/// longest on a tie; `None` without passages.
pub fn longest(passages: &[SharedPassage]) -> Option<usize> {
    (0..passages.len()).fold(None::<usize>, |best, i| match best {
        Some(b) if passages[b].words >= passages[i].words => Some(b),
        _ => Some(i),
    })
}

/// Which of a pair's texts are cut ([`PairLocal::cut`]), each level holding the one before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TextCut {
    /// None: the report writer cuts what it writes (a batch run).
    Nothing,
    /// Only `passage`, what `pairs.csv` shows (and `retracted` keeps).
    Excerpt,
    /// `passage` and every passage's text, what `passages.csv` shows.
    All,
}

/// Turns verified pairs into [`PairLocal`]s: passages in characters of the texts as read, which
/// needs each pair's articles read back and tokenized again. Same order as `pairs`. `cut`
/// says what is cut from the texts now; the rest is left to the writer.
pub fn pair_locals(
    catalog: &Catalog,
    texts: &dyn Texts,
    pairs: &[VerifiedPair],
    cut: TextCut,
) -> Result<Vec<PairLocal>> {
    let with_texts = cut > TextCut::Nothing;
    let groups: Vec<&[VerifiedPair]> = pairs.chunk_by(|x, y| x.a == y.a).collect();
    let per_group: Vec<Result<Vec<PairLocal>>> = groups
        .par_iter()
        .map(|group| {
            let a = group[0].a;
            let text_a = if with_texts {
                Some(texts.text(a)?)
            } else {
                None
            };
            let spans_a = texts.token_spans(a)?;
            group
                .iter()
                .map(|p| {
                    let spans_b = texts.token_spans(p.b)?;
                    let mut local = pair_local(catalog, p, &spans_a, &spans_b);
                    if let Some(text_a) = &text_a {
                        // Only report side a's text is cut into the passage cells.
                        let all = cut == TextCut::All;
                        if local.swapped {
                            local.cut_texts(&texts.text(p.b)?, all);
                        } else {
                            local.cut_texts(text_a, all);
                        }
                    }
                    Ok(local)
                })
                .collect()
        })
        .collect();
    let mut out = Vec::with_capacity(pairs.len());
    for g in per_group {
        out.extend(g?);
    }
    Ok(out)
}

/// Whether a pair's report sides are swapped: report side `a` is the byte-smaller id.
pub(crate) fn report_swapped(catalog: &Catalog, a: DocId, b: DocId) -> bool {
    catalog.doc(b).id.as_bytes() < catalog.doc(a).id.as_bytes()
}

/// One [`PairLocal`] from the pair's evidence and both articles' token spans, without the
/// passages' texts ([`PairLocal::cut_texts`] adds them).
pub fn pair_local(
    catalog: &Catalog,
    p: &VerifiedPair,
    spans_a: &[CharSpan],
    spans_b: &[CharSpan],
) -> PairLocal {
    let swap = report_swapped(catalog, p.a, p.b);
    let (tok_x, tok_y) = if swap {
        (spans_b, spans_a)
    } else {
        (spans_a, spans_b)
    };
    let e = &p.evidence;
    let mut passages: Vec<SharedPassage> = e
        .passages
        .iter()
        .map(|ps| {
            let (sx, sy) = if swap { (ps.b, ps.a) } else { (ps.a, ps.b) };
            let cx = sx.to_chars(tok_x);
            let cy = sy.to_chars(tok_y);
            SharedPassage {
                start_a: cx.start,
                end_a: cx.end,
                start_b: cy.start,
                end_b: cy.end,
                words: sx.len(),
                text: String::new(),
            }
        })
        .collect();
    passages.sort_by_key(|r| r.start_a);
    let (ca, cb) = if swap {
        (e.containment_b, e.containment_a)
    } else {
        (e.containment_a, e.containment_b)
    };
    PairLocal {
        lo: p.a,
        hi: p.b,
        swapped: swap,
        jaccard: e.jaccard,
        containment_a: ca,
        containment_b: cb,
        // Words of report side `a`, which is the evidence's `b` when the sides are swapped.
        shared_words: passages.iter().map(|r| r.words).sum(),
        passage: String::new(),
        passages,
        kind: p.kind,
        foot: p.foot.clone(),
        cut: TextCut::Nothing,
    }
}
