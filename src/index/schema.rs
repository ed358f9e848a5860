//! The index's schema and binding: the SQL of its tables, its format version, and what it is
//! bound to — every matching parameter and tuning constant, what derives from them, the hash
//! family, the tokenizer and the agency registry. A run with anything else is refused with
//! what differs.

use crate::attribute::registry::Registry;
use crate::engine::Engine;

/// The schema this build reads and writes. Version 5 stores no passage texts: they are cut from
/// the stored article texts when reports are written (a ninth of a version 4 index's bytes).
/// Version 6 stores each pair's foot prints (`pairs.foot`, see [`crate::verify::foot_prints`])
/// and the pairs the reports leave out as shared blocks (`hidden`, see
/// [`crate::analyse::blocks`]), so that a run names those it hides. Version 7 stores a text
/// against the text of an article it reprints (`texts.base`, see [`crate::index::texts`]), and
/// no pair's `passage` excerpt: reports take it from the `passages.csv` row they carry over, or
/// cut it from the text (a retracted pair keeps its own).
pub const SCHEMA_VERSION: i64 = 7;

/// The oldest schema `index upgrade` converts: version 3 kept the postings in SQLite tables and
/// the texts in `articles`; version 4 the passages' texts. Their outlets and meta are as
/// version 5's.
pub const UPGRADABLE_FROM: i64 = 3;

/// Names the hash functions whose values the index stores (tokens, shingles, MinHash, bands).
pub const HASH_FAMILY: &str = "xxh3-token/xxh3-shingle64/fmix32-minhash/xxh3-band v2";

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE runs(run INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, inputs TEXT NOT NULL, counts TEXT);
CREATE TABLE outlets(outlet INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE articles(
    doc INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, outlet INTEGER NOT NULL REFERENCES outlets(outlet),
    date TEXT, date_secs INTEGER, date_precision INTEGER, title TEXT NOT NULL, url TEXT NOT NULL,
    source_file TEXT NOT NULL, source_line INTEGER, content_hash INTEGER NOT NULL,
    run INTEGER NOT NULL REFERENCES runs(run), distinct_shingles INTEGER NOT NULL);
CREATE TABLE texts(doc INTEGER PRIMARY KEY REFERENCES articles(doc), base INTEGER REFERENCES texts(doc), text BLOB NOT NULL);
CREATE TABLE credits(doc INTEGER NOT NULL, seq INTEGER NOT NULL, agency TEXT NOT NULL, kind TEXT NOT NULL,
    evidence TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, PRIMARY KEY(doc, seq)) WITHOUT ROWID;
CREATE TABLE segments(seq INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    "rows" INTEGER NOT NULL, bytes INTEGER NOT NULL, run INTEGER NOT NULL);
CREATE TABLE boilerplate(anchor INTEGER NOT NULL, outlet INTEGER NOT NULL, run INTEGER NOT NULL,
    PRIMARY KEY(anchor, outlet)) WITHOUT ROWID;
CREATE TABLE pairs(lo INTEGER NOT NULL, hi INTEGER NOT NULL, swapped INTEGER NOT NULL, jaccard REAL NOT NULL,
    containment_a REAL NOT NULL, containment_b REAL NOT NULL, shared_words INTEGER NOT NULL,
    kind TEXT NOT NULL, foot BLOB, run INTEGER NOT NULL, PRIMARY KEY(lo, hi)) WITHOUT ROWID;
CREATE TABLE retracted(lo INTEGER NOT NULL, hi INTEGER NOT NULL, swapped INTEGER NOT NULL, jaccard REAL NOT NULL,
    containment_a REAL NOT NULL, containment_b REAL NOT NULL, shared_words INTEGER NOT NULL, passage TEXT NOT NULL,
    kind TEXT NOT NULL, found INTEGER NOT NULL, run INTEGER NOT NULL, PRIMARY KEY(lo, hi)) WITHOUT ROWID;
CREATE TABLE hidden(lo INTEGER NOT NULL, hi INTEGER NOT NULL, run INTEGER NOT NULL, PRIMARY KEY(lo, hi)) WITHOUT ROWID;
CREATE TABLE passages(lo INTEGER NOT NULL, hi INTEGER NOT NULL, seq INTEGER NOT NULL, start_a INTEGER NOT NULL,
    end_a INTEGER NOT NULL, start_b INTEGER NOT NULL, end_b INTEGER NOT NULL, words INTEGER NOT NULL,
    PRIMARY KEY(lo, hi, seq)) WITHOUT ROWID;
CREATE VIEW pair_view AS
    SELECT a.id AS id_lo, b.id AS id_hi, p.jaccard, p.containment_a, p.containment_b, p.shared_words, p.kind, p.run
    FROM pairs p JOIN articles a ON a.doc = p.lo JOIN articles b ON b.doc = p.hi;
"#;

/// The parameters an index is bound to, as stored in `meta`.
pub(crate) fn binding(engine: &Engine, registry: &Registry) -> Vec<(&'static str, String)> {
    let mut v = engine.params.entries();
    v.extend([
        ("lsh_bands", engine.lsh.bands.to_string()),
        ("lsh_rows", engine.lsh.rows.to_string()),
        ("anchor_window", engine.window.to_string()),
        ("hash_family", HASH_FAMILY.to_string()),
        ("tokenizer", crate::sign::normalize::TOKENIZER.to_string()),
        ("skeleton", crate::sign::skeleton::SKELETON.to_string()),
        ("postings", crate::index::segments::POSTINGS.to_string()),
        ("verify", crate::verify::RULES.to_string()),
        (
            "credits",
            crate::attribute::credits::GRAMMAR_VERSION.to_string(),
        ),
        ("registry", registry_fingerprint(registry)),
    ]);
    v
}

/// A stable fingerprint of the agency registry: credits depend on it.
pub fn registry_fingerprint(registry: &Registry) -> String {
    let mut h = String::new();
    for agency in registry.agencies() {
        h.push_str(agency);
        h.push('\u{1}');
        for alias in registry.aliases(agency) {
            h.push_str(alias);
            h.push('\u{2}');
        }
    }
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(h.as_bytes()))
}
