//! The record every stage after `read` works on.
//!
//! An [`Article`] is one news item as read from the input: its external id, the outlet that
//! published it, an optional date, and the text exactly as read (offsets in every report are
//! Unicode-character offsets into this text). A [`DocId`] is the dense, run-local number of an
//! article; it is assigned in input order (inputs sorted, records in file order), so it never
//! depends on thread timing.

use std::fmt;
use std::sync::Arc;

use crate::attribute::Credit;

/// Dense, run-local article number. Invariant: assigned in input order, starting at 0, with no
/// gaps among the articles kept by the run; a `DocId` indexes the run's article table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId(pub u32);

impl DocId {
    /// The position of this article in the run's article table.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The number, as the index stores it (errors name an article by it).
impl std::fmt::Display for DocId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A publication time. `precision` tells whether only the day is known, so that reports print
/// `2024-03-05` for a date and `2024-03-05T14:30:00Z` for a full timestamp (always UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since the Unix epoch, UTC.
    pub secs: i64,
    pub precision: DatePrecision,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatePrecision {
    Day,
    Second,
}

/// Where a record came from, for error messages and for the index: the input file (as the user
/// named it, or `-` for standard input) and the 1-based line of the record's start, when the
/// format has lines (JSON Lines, CSV/TSV); text files have no line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: Arc<str>,
    pub line: Option<u64>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}: line {}", self.file, line),
            None => write!(f, "{}", self.file),
        }
    }
}

/// One article as read. Invariant: `id` and `text` are non-empty after trimming (the reader skips
/// records without them); `outlet` is never empty (falls back to the URL's host, then the first
/// folder below the input root, then `unknown`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    pub id: String,
    pub outlet: String,
    pub date: Option<Timestamp>,
    pub title: String,
    pub url: String,
    pub text: String,
    pub location: Location,
}

/// Two articles to verify. Invariant: `a < b`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CandidatePair {
    pub a: DocId,
    pub b: DocId,
}

impl CandidatePair {
    /// The pair in canonical order; `None` for a doc paired with itself.
    pub fn new(x: DocId, y: DocId) -> Option<Self> {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => Some(CandidatePair { a: x, b: y }),
            std::cmp::Ordering::Greater => Some(CandidatePair { a: y, b: x }),
            std::cmp::Ordering::Equal => None,
        }
    }
}

/// What the run keeps of one article.
#[derive(Clone, Debug)]
pub struct DocMeta {
    pub id: String,
    pub outlet: u32,
    pub date: Option<Timestamp>,
    pub title: String,
    pub url: String,
    pub credits: Vec<Credit>,
    /// Where the article was read (the index records it).
    pub location: crate::model::Location,
    /// xxh3 of the text: tells a changed text under a known id in incremental runs.
    pub content_hash: u64,
    /// Distinct shingles of the text (the size of its shingle set).
    pub distinct: u32,
}

/// The articles of a run as the later stages see them: metadata by [`DocId`], outlet names.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub docs: Vec<DocMeta>,
    /// Outlet names by dense number, in order of first appearance.
    pub outlets: Vec<String>,
}

impl Catalog {
    pub fn doc(&self, d: DocId) -> &DocMeta {
        &self.docs[d.index()]
    }

    pub fn outlet_name(&self, d: DocId) -> &str {
        &self.outlets[self.docs[d.index()].outlet as usize]
    }

    /// The number the chrome rules know article `d`'s site by: its outlet's, but for an
    /// article of no known outlet ([`UNKNOWN_OUTLET`]) one of its own ([`own_site`]). The
    /// articles that name no outlet are not one site's: four of them reprinting one story
    /// would otherwise make the story that "site's" chrome, and a block at the foot of two of
    /// them its footer.
    pub fn site_of(&self, d: DocId) -> u32 {
        let outlet = self.docs[d.index()].outlet;
        if self.outlets[outlet as usize] == UNKNOWN_OUTLET {
            own_site(d)
        } else {
            outlet
        }
    }

    /// [`Catalog::site_of`] of every article, by [`DocId`].
    pub fn site_numbers(&self) -> Vec<u32> {
        (0..self.docs.len())
            .map(|k| self.site_of(DocId(k as u32)))
            .collect()
    }
}

/// The outlet of an article whose record names none: no outlet field, no URL, no folder below
/// the input root. A record whose outlet field reads `unknown` is taken for one too: the rules
/// read the name, in every engine and in the index alike.
pub const UNKNOWN_OUTLET: &str = "unknown";

/// The bit that marks a site number as one article's own ([`own_site`]): above every outlet's
/// number, below the bit of a template code ([`crate::candidates::boilerplate::template_of`]).
pub const OWN_SITE_BIT: u32 = 1 << 29;

/// The site number of article `d` of no known outlet ([`Catalog::site_of`]). Distinct for
/// the first 2^29 articles; past them two such articles may share one, and only the chrome
/// rules read it.
pub fn own_site(d: DocId) -> u32 {
    OWN_SITE_BIT | (d.0 & (OWN_SITE_BIT - 1))
}
