//! Stage — index: the persistent SQLite index that lets cron runs process only what is new.
//!
//! What comes in: a `scan --index FILE` run's inputs. What goes out: the index, updated in one
//! transaction, and reports covering *everything* indexed — byte for byte what one batch `scan`
//! over all indexed articles, in the order they were indexed, would write.
//!
//! Why that equality holds: every corpus-wide rule is *monotone under appending articles*.
//! Candidate pairs come from groups (band keys, anchors) through an append-stable rule
//! ([`crate::candidates::group_rule::group_pair_indices`]), so the pairs a batch run would see are exactly the union of
//! the pairs each run adds for its new articles; boilerplate only grows (a fixed document-
//! frequency cut, per-outlet chrome counts), and when an anchor becomes boilerplate the pairs
//! of the articles holding it are verified again — dropped when they are no longer candidates
//! or no longer reuse. Origins, agencies and clusters are recomputed from the stored pairs at
//! every report, as a batch run computes them.
//!
//! Atomicity: one `BEGIN IMMEDIATE` transaction per run; a killed run leaves the index as it
//! was. One writer: an advisory lock on `FILE.lock` (holding the pid and start of the run that
//! holds it), waited for up to `--lock-timeout`. Reports are written after the commit; if that
//! fails, `wiretrace report` rewrites them from the index.
//!
//! Schema (version [`SCHEMA_VERSION`]; see README for queries):
//!
//! ```text
//! meta(key, value)                 schema version, matching parameters, hash family, registry
//! runs(run, started, finished, inputs, counts)
//! outlets(outlet, name)
//! articles(doc, id, outlet, date, date_secs, date_precision, title, url, source_file,
//!          source_line, content_hash, run, distinct_shingles, text (zstd))
//! credits(doc, seq, agency, kind, evidence, start, end)
//! bands(key, doc)                  LSH band keys
//! anchors(anchor, doc, pos)        winnowed anchors (64-bit) and their first shingle position
//! boilerplate(anchor, outlet, run) site chrome of an outlet; outlet -1: a stock phrase
//! pairs(lo, hi, swapped, jaccard, containment_a, containment_b, shared_words, passage, run)
//! passages(lo, hi, seq, start_a, end_a, start_b, end_b, words, text)
//! retracted(lo, hi, swapped, jaccard, …, passage, found, run)
//!                                  pairs a later run dropped (`run`), as last reported
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::analyse::pairs::PairLocal;
use crate::attribute::credits::{Credit, CreditKind};
use crate::attribute::registry::Registry;
use crate::candidates::anchors;
use crate::candidates::boilerplate::Boilerplate;
use crate::candidates::{group_rule, lsh};
use crate::config::{MatchParams, ReportConfig, ScanConfig};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::model::CandidatePair;
use crate::model::Catalog;
use crate::model::DocMeta;
use crate::model::{Article, DatePrecision, DocId, Location, Timestamp};
use crate::pipeline::ingest::Known;
use crate::pipeline::run::Counts;
use crate::pipeline::run::Timings;
use crate::progress::Progress;
use crate::read::Input;
use crate::report::{ReportWriter, SharedPassage};
use crate::sign::shingle::{self, ShingleHash};
use crate::sign::winnow;
use crate::store::Texts;
use crate::verify::CharSpan;

/// The schema this build reads and writes.
pub const SCHEMA_VERSION: i64 = 2;
/// Names the hash functions whose values the index stores (tokens, shingles, MinHash, bands).
pub const HASH_FAMILY: &str = "xxh3-token/xxh3-shingle64/fmix32-minhash/xxh3-band v2";

const SCHEMA: &str = r#"
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE runs(run INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, inputs TEXT NOT NULL, counts TEXT);
CREATE TABLE outlets(outlet INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE articles(
    doc INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, outlet INTEGER NOT NULL REFERENCES outlets(outlet),
    date TEXT, date_secs INTEGER, date_precision INTEGER, title TEXT NOT NULL, url TEXT NOT NULL,
    source_file TEXT NOT NULL, source_line INTEGER, content_hash INTEGER NOT NULL,
    run INTEGER NOT NULL REFERENCES runs(run), distinct_shingles INTEGER NOT NULL, text BLOB NOT NULL);
CREATE TABLE credits(doc INTEGER NOT NULL, seq INTEGER NOT NULL, agency TEXT NOT NULL, kind TEXT NOT NULL,
    evidence TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, PRIMARY KEY(doc, seq)) WITHOUT ROWID;
CREATE TABLE bands(key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(key, doc)) WITHOUT ROWID;
CREATE TABLE anchors(anchor INTEGER NOT NULL, doc INTEGER NOT NULL, pos INTEGER NOT NULL, PRIMARY KEY(anchor, doc)) WITHOUT ROWID;
CREATE TABLE boilerplate(anchor INTEGER NOT NULL, outlet INTEGER NOT NULL, run INTEGER NOT NULL,
    PRIMARY KEY(anchor, outlet)) WITHOUT ROWID;
CREATE TABLE pairs(lo INTEGER NOT NULL, hi INTEGER NOT NULL, swapped INTEGER NOT NULL, jaccard REAL NOT NULL,
    containment_a REAL NOT NULL, containment_b REAL NOT NULL, shared_words INTEGER NOT NULL, passage TEXT NOT NULL,
    run INTEGER NOT NULL, PRIMARY KEY(lo, hi)) WITHOUT ROWID;
CREATE TABLE retracted(lo INTEGER NOT NULL, hi INTEGER NOT NULL, swapped INTEGER NOT NULL, jaccard REAL NOT NULL,
    containment_a REAL NOT NULL, containment_b REAL NOT NULL, shared_words INTEGER NOT NULL, passage TEXT NOT NULL,
    found INTEGER NOT NULL, run INTEGER NOT NULL, PRIMARY KEY(lo, hi)) WITHOUT ROWID;
CREATE TABLE passages(lo INTEGER NOT NULL, hi INTEGER NOT NULL, seq INTEGER NOT NULL, start_a INTEGER NOT NULL,
    end_a INTEGER NOT NULL, start_b INTEGER NOT NULL, end_b INTEGER NOT NULL, words INTEGER NOT NULL,
    text TEXT NOT NULL, PRIMARY KEY(lo, hi, seq)) WITHOUT ROWID;
CREATE VIEW pair_view AS
    SELECT a.id AS id_lo, b.id AS id_hi, p.jaccard, p.containment_a, p.containment_b, p.shared_words, p.passage, p.run
    FROM pairs p JOIN articles a ON a.doc = p.lo JOIN articles b ON b.doc = p.hi;
"#;

/// The held writer lock of an index; released when dropped (or when the process dies).
struct IndexLock {
    _file: File,
}

fn lock_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}

fn now_rfc3339() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Takes `FILE.lock`, waiting up to `timeout`; the error names the run that holds it.
fn acquire_lock(path: &Path, timeout: Duration) -> Result<IndexLock> {
    let lp = lock_path(path);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lp)
        .map_err(|e| Error::io(&lp, e))?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {
                if start.elapsed() >= timeout {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    return Err(Error::Index {
                        path: path.to_path_buf(),
                        reason: format!(
                            "locked by another wiretrace run ({}); waited {} s (--lock-timeout)",
                            if holder.is_empty() { "unknown" } else { holder },
                            timeout.as_secs()
                        ),
                    });
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(TryLockError::Error(e)) => return Err(Error::io(&lp, e)),
        }
    }
    let holder = format!(
        "pid {}, started {}, {}",
        std::process::id(),
        now_rfc3339(),
        std::env::args().collect::<Vec<_>>().join(" ")
    );
    let written = file
        .set_len(0)
        .and_then(|_| file.rewind())
        .and_then(|_| file.write_all(holder.as_bytes()))
        .and_then(|_| file.flush());
    written.map_err(|e| Error::io(&lp, e))?;
    Ok(IndexLock { _file: file })
}

/// The parameters an index is bound to, as stored in `meta`.
fn binding(engine: &Engine, registry: &Registry) -> Vec<(&'static str, String)> {
    let mut v = engine.params.entries();
    v.extend([
        ("lsh_bands", engine.lsh.bands.to_string()),
        ("lsh_rows", engine.lsh.rows.to_string()),
        ("anchor_window", engine.window.to_string()),
        ("hash_family", HASH_FAMILY.to_string()),
        ("tokenizer", crate::sign::normalize::TOKENIZER.to_string()),
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

fn db_err(path: &Path, e: rusqlite::Error) -> Error {
    Error::Index {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// An open index. Invariant: `docs` are numbered densely from 0 in the order they were indexed.
pub struct Index {
    path: PathBuf,
    conn: Mutex<Connection>,
    _lock: Option<IndexLock>,
}

impl Index {
    fn connect(path: &Path) -> Result<Connection> {
        let conn = Connection::open(path).map_err(|e| db_err(path, e))?;
        // A rollback journal, not WAL: a run is one large transaction, which a rollback journal
        // writes straight into the database (WAL would first copy every new page into a log as
        // large as the run). A 256 MiB page cache: the postings tables are read by key at random.
        // `synchronous = FULL`: with a rollback journal, NORMAL can lose or corrupt the last
        // commit on power loss (SQLite's documentation); FULL syncs the journal before the
        // database is written, once per run-sized transaction, so it costs little.
        conn.execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
             PRAGMA cache_size = -262144;",
        )
        .map_err(|e| db_err(path, e))?;
        // `explain` reads without the writer lock; let it wait out another run's commit.
        conn.busy_timeout(Duration::from_secs(30))
            .map_err(|e| db_err(path, e))?;
        Ok(conn)
    }

    /// Opens (creating it if missing) an index for a writing run with these parameters.
    pub fn open_for_scan(
        path: &Path,
        engine: &Engine,
        registry: &Registry,
        timeout: Duration,
    ) -> Result<Index> {
        let lock = acquire_lock(path, timeout)?;
        let conn = Self::connect(path)?;
        let has_meta: bool = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(|e| db_err(path, e))?
            > 0;
        if !has_meta {
            let tx = conn.unchecked_transaction().map_err(|e| db_err(path, e))?;
            tx.execute_batch(SCHEMA).map_err(|e| db_err(path, e))?;
            let mut put = tx
                .prepare("INSERT INTO meta(key, value) VALUES (?1, ?2)")
                .map_err(|e| db_err(path, e))?;
            put.execute(params!["schema_version", SCHEMA_VERSION.to_string()])
                .map_err(|e| db_err(path, e))?;
            put.execute(params![
                "created_by",
                format!("wiretrace {}", env!("CARGO_PKG_VERSION"))
            ])
            .map_err(|e| db_err(path, e))?;
            for (k, v) in binding(engine, registry) {
                put.execute(params![k, v]).map_err(|e| db_err(path, e))?;
            }
            drop(put);
            tx.commit().map_err(|e| db_err(path, e))?;
        }
        let index = Index {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
            _lock: Some(lock),
        };
        index.check_schema()?;
        index.check_binding(engine, registry)?;
        Ok(index)
    }

    /// Opens an existing index for reading (`report`, `explain`); the writer lock is taken so a
    /// report never reads a half-finished run's state from another process' point of view.
    pub fn open_existing(path: &Path, timeout: Option<Duration>) -> Result<Index> {
        if !path.exists() {
            return Err(Error::Index {
                path: path.to_path_buf(),
                reason: "no such index".into(),
            });
        }
        let lock = match timeout {
            Some(t) => Some(acquire_lock(path, t)?),
            None => None,
        };
        let conn = Self::connect(path)?;
        let index = Index {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
            _lock: lock,
        };
        index.check_schema()?;
        Ok(index)
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A poisoned lock only means another thread panicked mid-read; the connection is fine.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn err(&self, e: rusqlite::Error) -> Error {
        db_err(&self.path, e)
    }

    fn meta(&self) -> Result<BTreeMap<String, String>> {
        let conn = self.conn();
        let mut st = conn
            .prepare("SELECT key, value FROM meta")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    fn check_schema(&self) -> Result<()> {
        let meta = self.meta().map_err(|_| Error::Index {
            path: self.path.clone(),
            reason: "not a wiretrace index (no meta table)".into(),
        })?;
        let version: i64 = meta
            .get("schema_version")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if version > SCHEMA_VERSION {
            return Err(Error::Index {
                path: self.path.clone(),
                reason: format!(
                    "index schema version {version} is newer than this wiretrace reads ({SCHEMA_VERSION}); upgrade wiretrace"
                ),
            });
        }
        if version < SCHEMA_VERSION {
            return Err(Error::Index {
                path: self.path.clone(),
                reason: format!(
                    "index schema version {version} is older than this wiretrace's ({SCHEMA_VERSION}); rebuild the index from the inputs with a new --index FILE"
                ),
            });
        }
        Ok(())
    }

    fn check_binding(&self, engine: &Engine, registry: &Registry) -> Result<()> {
        let meta = self.meta()?;
        let mut diffs = Vec::new();
        for (k, v) in binding(engine, registry) {
            let stored = meta.get(k).map(String::as_str).unwrap_or("(none)");
            if stored != v {
                diffs.push(format!("{k}: index has {stored}, this run has {v}"));
            }
        }
        if diffs.is_empty() {
            return Ok(());
        }
        Err(Error::Index {
            path: self.path.clone(),
            reason: format!(
                "built with other parameters ({}); run with the index's parameters (and the same --agencies file), or start a new index",
                diffs.join("; ")
            ),
        })
    }

    /// The matching parameters the index was built with.
    pub fn params(&self) -> Result<MatchParams> {
        let meta = self.meta()?;
        let get = |k: &str| -> Result<String> {
            meta.get(k).cloned().ok_or_else(|| Error::Index {
                path: self.path.clone(),
                reason: format!("meta has no {k}"),
            })
        };
        let bad = |k: &str| Error::Index {
            path: self.path.clone(),
            reason: format!("meta {k} unreadable"),
        };
        Ok(MatchParams {
            shingle: get("shingle")?.parse().map_err(|_| bad("shingle"))?,
            num_perm: get("num_perm")?.parse().map_err(|_| bad("num_perm"))?,
            threshold: get("threshold")?.parse().map_err(|_| bad("threshold"))?,
            min_containment: get("min_containment")?
                .parse()
                .map_err(|_| bad("min_containment"))?,
            min_passage: get("min_passage")?
                .parse()
                .map_err(|_| bad("min_passage"))?,
            tuning: {
                let mut spec = Vec::new();
                for (k, _) in crate::config::Tuning::default().entries() {
                    spec.push(format!("{k}={}", get(k)?));
                }
                crate::config::Tuning::with_overrides(&spec.join(",")).map_err(|_| bad("tuning"))?
            },
        })
    }

    /// Every article's metadata and credits, by DocId.
    pub fn load_catalog(&self) -> Result<Catalog> {
        let conn = self.conn();
        let e = |e| db_err(&self.path, e);
        let mut outlets = Vec::new();
        let mut st = conn
            .prepare("SELECT outlet, name FROM outlets ORDER BY outlet")
            .map_err(e)?;
        let mut rows = st.query([]).map_err(e)?;
        while let Some(r) = rows.next().map_err(e)? {
            let (o, name): (i64, String) = (r.get(0).map_err(e)?, r.get(1).map_err(e)?);
            if o as usize != outlets.len() {
                return Err(self.corrupt("outlet numbers have gaps"));
            }
            outlets.push(name);
        }
        let mut credits: HashMap<i64, Vec<Credit>> = HashMap::new();
        let mut st = conn
            .prepare(r#"SELECT doc, agency, kind, evidence, start, "end" FROM credits ORDER BY doc, seq"#)
            .map_err(e)?;
        let mut rows = st.query([]).map_err(e)?;
        while let Some(r) = rows.next().map_err(e)? {
            let kind: String = r.get(2).map_err(e)?;
            let kind = credit_kind(&kind).ok_or_else(|| self.corrupt("unknown credit kind"))?;
            credits
                .entry(r.get(0).map_err(e)?)
                .or_default()
                .push(Credit {
                    agency: r.get(1).map_err(e)?,
                    kind,
                    evidence: r.get(3).map_err(e)?,
                    start: r.get(4).map_err(e)?,
                    end: r.get(5).map_err(e)?,
                });
        }
        let mut docs = Vec::new();
        let mut st = conn
            .prepare(
                "SELECT doc, id, outlet, date_secs, date_precision, title, url, source_file, source_line, content_hash, distinct_shingles \
                 FROM articles ORDER BY doc",
            )
            .map_err(e)?;
        let mut rows = st.query([]).map_err(e)?;
        while let Some(r) = rows.next().map_err(e)? {
            let doc: i64 = r.get(0).map_err(e)?;
            if doc as usize != docs.len() {
                return Err(self.corrupt("article numbers have gaps"));
            }
            let secs: Option<i64> = r.get(3).map_err(e)?;
            let precision: Option<i64> = r.get(4).map_err(e)?;
            let date = secs.map(|secs| Timestamp {
                secs,
                precision: if precision == Some(0) {
                    DatePrecision::Day
                } else {
                    DatePrecision::Second
                },
            });
            let source_file: String = r.get(7).map_err(e)?;
            let source_line: Option<i64> = r.get(8).map_err(e)?;
            let hash: i64 = r.get(9).map_err(e)?;
            docs.push(DocMeta {
                id: r.get(1).map_err(e)?,
                outlet: r.get::<_, i64>(2).map_err(e)? as u32,
                date,
                title: r.get(5).map_err(e)?,
                url: r.get(6).map_err(e)?,
                credits: credits.remove(&doc).unwrap_or_default(),
                location: Location {
                    file: source_file.into(),
                    line: source_line.map(|l| l as u64),
                },
                content_hash: hash as u64,
                distinct: r.get::<_, i64>(10).map_err(e)? as u32,
            });
        }
        Ok(Catalog { docs, outlets })
    }

    fn corrupt(&self, what: &str) -> Error {
        Error::Index {
            path: self.path.clone(),
            reason: format!("broken index: {what}"),
        }
    }

    /// Every stored pair, sorted by (lo, hi), with its passages.
    pub fn load_pairs(
        &self,
        catalog: &Catalog,
        run: Option<i64>,
    ) -> Result<(Vec<PairLocal>, PairSet)> {
        let conn = self.conn();
        let e = |e| db_err(&self.path, e);
        let mut passages: HashMap<(i64, i64), Vec<SharedPassage>> = HashMap::new();
        let mut st = conn
            .prepare("SELECT lo, hi, start_a, end_a, start_b, end_b, words, text FROM passages ORDER BY lo, hi, seq")
            .map_err(e)?;
        let mut rows = st.query([]).map_err(e)?;
        while let Some(r) = rows.next().map_err(e)? {
            let key: (i64, i64) = (r.get(0).map_err(e)?, r.get(1).map_err(e)?);
            passages.entry(key).or_default().push(SharedPassage {
                start_a: r.get(2).map_err(e)?,
                end_a: r.get(3).map_err(e)?,
                start_b: r.get(4).map_err(e)?,
                end_b: r.get(5).map_err(e)?,
                words: r.get(6).map_err(e)?,
                text: r.get(7).map_err(e)?,
            });
        }
        let mut out = Vec::new();
        let mut new = BTreeSet::new();
        let mut st = conn
            .prepare(
                "SELECT lo, hi, swapped, jaccard, containment_a, containment_b, shared_words, passage, run \
                 FROM pairs ORDER BY lo, hi",
            )
            .map_err(e)?;
        let mut rows = st.query([]).map_err(e)?;
        let n = catalog.docs.len() as i64;
        while let Some(r) = rows.next().map_err(e)? {
            let (lo, hi): (i64, i64) = (r.get(0).map_err(e)?, r.get(1).map_err(e)?);
            if !(0..n).contains(&lo) || !(0..n).contains(&hi) || lo >= hi {
                return Err(self.corrupt("a pair names an unknown article"));
            }
            let (lo_d, hi_d) = (DocId(lo as u32), DocId(hi as u32));
            let swapped: bool = r.get(2).map_err(e)?;
            let ps = passages.remove(&(lo, hi)).unwrap_or_default();
            if run.is_some() && r.get::<_, i64>(8).map_err(e)? == run.unwrap_or_default() {
                new.insert((lo_d, hi_d));
            }
            out.push(PairLocal {
                lo: lo_d,
                hi: hi_d,
                swapped,
                jaccard: r.get(3).map_err(e)?,
                containment_a: r.get(4).map_err(e)?,
                containment_b: r.get(5).map_err(e)?,
                shared_words: r.get(6).map_err(e)?,
                passage: r.get(7).map_err(e)?,
                passages: ps,
            });
        }
        Ok((out, new))
    }

    /// The pairs run `run` retracted, as they were last reported (without their passages).
    pub fn load_retracted(&self, catalog: &Catalog, run: i64) -> Result<Vec<PairLocal>> {
        let conn = self.conn();
        let e = |e| db_err(&self.path, e);
        let mut st = conn
            .prepare(
                "SELECT lo, hi, swapped, jaccard, containment_a, containment_b, shared_words, passage \
                 FROM retracted WHERE run = ?1 ORDER BY lo, hi",
            )
            .map_err(e)?;
        let mut rows = st.query([run]).map_err(e)?;
        let n = catalog.docs.len() as i64;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(e)? {
            let (lo, hi): (i64, i64) = (r.get(0).map_err(e)?, r.get(1).map_err(e)?);
            if !(0..n).contains(&lo) || !(0..n).contains(&hi) || lo >= hi {
                return Err(self.corrupt("a retracted pair names an unknown article"));
            }
            out.push(PairLocal {
                lo: DocId(lo as u32),
                hi: DocId(hi as u32),
                swapped: r.get(2).map_err(e)?,
                jaccard: r.get(3).map_err(e)?,
                containment_a: r.get(4).map_err(e)?,
                containment_b: r.get(5).map_err(e)?,
                shared_words: r.get(6).map_err(e)?,
                passage: r.get(7).map_err(e)?,
                passages: Vec::new(),
            });
        }
        Ok(out)
    }

    pub fn load_boilerplate(&self) -> Result<Boilerplate> {
        let conn = self.conn();
        read_boilerplate(&conn).map_err(|e| self.err(e))
    }

    fn article_blob(&self, doc: DocId, column: &str) -> Result<Vec<u8>> {
        let conn = self.conn();
        let sql = format!("SELECT {column} FROM articles WHERE doc = ?1");
        let mut st = conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        st.query_row([doc.0 as i64], |r| r.get::<_, Vec<u8>>(0))
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or_else(|| self.corrupt("an article is missing"))
    }

    fn doc_of(&self, id: &str) -> Result<Option<DocId>> {
        let conn = self.conn();
        let mut st = conn
            .prepare_cached("SELECT doc FROM articles WHERE id = ?1")
            .map_err(|e| self.err(e))?;
        let d = st
            .query_row([id], |r| r.get::<_, i64>(0))
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(d.map(|d| DocId(d as u32)))
    }
}

impl Texts for Index {
    fn text(&self, doc: DocId) -> Result<String> {
        let blob = self.article_blob(doc, "text")?;
        let bytes = zstd::stream::decode_all(&blob[..])
            .map_err(|_| self.corrupt("an article text does not decompress"))?;
        String::from_utf8(bytes).map_err(|_| self.corrupt("an article text is not UTF-8"))
    }

    /// Signed again from the text: the index stores no shingle sequences.
    fn shingles(&self, doc: DocId) -> Result<Vec<ShingleHash>> {
        Ok(shingle::of_text(&self.text(doc)?, self.params()?.shingle))
    }
}

/// The text of a stored article, decompressed.
fn unzip_text(zipped: &[u8], path: &Path) -> Result<String> {
    let bytes = zstd::stream::decode_all(zipped).map_err(|err| Error::io(path, err))?;
    String::from_utf8(bytes).map_err(|_| Error::Index {
        path: path.to_path_buf(),
        reason: "an article text is not UTF-8".into(),
    })
}

fn credit_kind(s: &str) -> Option<CreditKind> {
    [
        CreditKind::Dateline,
        CreditKind::Byline,
        CreditKind::EndCredit,
        CreditKind::Photo,
        CreditKind::Citation,
    ]
    .into_iter()
    .find(|k| k.as_str() == s)
}

/// Texts and shingles of the articles one run verifies, preloaded so workers share them.
struct MapTexts {
    texts: HashMap<DocId, String>,
    shingles: HashMap<DocId, Vec<ShingleHash>>,
}

impl Texts for MapTexts {
    fn text(&self, doc: DocId) -> Result<String> {
        self.texts.get(&doc).cloned().ok_or_else(|| Error::Index {
            path: PathBuf::from("(run)"),
            reason: format!("article {} was not loaded", doc.0),
        })
    }
    fn shingles(&self, doc: DocId) -> Result<Vec<ShingleHash>> {
        self.shingles
            .get(&doc)
            .cloned()
            .ok_or_else(|| Error::Index {
                path: PathBuf::from("(run)"),
                reason: format!("article {} was not loaded", doc.0),
            })
    }
}

/// The boilerplate as stored: `outlet` −1 marks a stock phrase.
fn read_boilerplate(conn: &Connection) -> rusqlite::Result<Boilerplate> {
    let mut st = conn.prepare("SELECT anchor, outlet FROM boilerplate")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    let (mut stock, mut chrome) = (Vec::new(), Vec::new());
    for r in rows {
        let (anchor, outlet) = r?;
        if outlet < 0 {
            stock.push(anchor as ShingleHash);
        } else {
            chrome.push((anchor as ShingleHash, outlet as u32));
        }
    }
    Ok(Boilerplate::new(stock, chrome))
}

/// Pairs by their DocIds.
pub type PairSet = BTreeSet<(DocId, DocId)>;

/// The texts one indexed run verifies: articles before `base` from the index (preloaded), the
/// run's own from its article store.
struct RunTexts<'a> {
    base: DocId,
    new: &'a crate::store::StoreTexts,
    old: MapTexts,
}

impl RunTexts<'_> {
    fn local(&self, doc: DocId) -> Option<DocId> {
        (doc >= self.base).then(|| DocId(doc.0 - self.base.0))
    }
}

impl Texts for RunTexts<'_> {
    fn text(&self, doc: DocId) -> Result<String> {
        match self.local(doc) {
            Some(d) => self.new.text(d),
            None => self.old.text(doc),
        }
    }
    fn shingles(&self, doc: DocId) -> Result<Vec<ShingleHash>> {
        match self.local(doc) {
            Some(d) => self.new.shingles(d),
            None => self.old.shingles(doc),
        }
    }
    fn token_spans(&self, doc: DocId) -> Result<Vec<CharSpan>> {
        match self.local(doc) {
            Some(d) => self.new.token_spans(d),
            None => self.old.token_spans(doc),
        }
    }
}

/// Calls `f` with each key of `keys` that `table` holds and its members (doc, outlet, and the
/// `pos` column where the table has one, else 0), sorted by doc, reading them through a
/// temporary table of the wanted keys. The groups stream by: a run that adds a million
/// articles never holds all of their groups at once.
fn for_each_group(
    tx: &rusqlite::Transaction,
    table: &str,
    column: &str,
    keys: &BTreeSet<i64>,
    mut f: impl FnMut(i64, &[anchors::Member]) -> Result<()>,
    path: &Path,
) -> Result<()> {
    let e = |err| db_err(path, err);
    tx.execute_batch(
        "DROP TABLE IF EXISTS temp.wanted; CREATE TEMP TABLE wanted(key INTEGER PRIMARY KEY);",
    )
    .map_err(e)?;
    {
        let mut ins = tx
            .prepare("INSERT INTO temp.wanted(key) VALUES (?1)")
            .map_err(e)?;
        for k in keys {
            ins.execute([k]).map_err(e)?;
        }
    }
    let pos = if table == "anchors" { "t.pos" } else { "0" };
    let sql = format!(
        "SELECT t.{column}, t.doc, a.outlet, {pos} FROM temp.wanted w JOIN {table} t ON t.{column} = w.key \
         JOIN articles a ON a.doc = t.doc ORDER BY t.{column}, t.doc"
    );
    {
        let mut st = tx.prepare(&sql).map_err(e)?;
        let mut rows = st.query([]).map_err(e)?;
        let mut key: Option<i64> = None;
        let mut members: Vec<anchors::Member> = Vec::new();
        while let Some(r) = rows.next().map_err(e)? {
            let (k, d, o, p): (i64, i64, i64, i64) = (
                r.get(0).map_err(e)?,
                r.get(1).map_err(e)?,
                r.get(2).map_err(e)?,
                r.get(3).map_err(e)?,
            );
            if key != Some(k) {
                if let Some(done) = key {
                    f(done, &members)?;
                }
                key = Some(k);
                members.clear();
            }
            members.push(anchors::Member {
                doc: DocId(d as u32),
                outlet: o as u32,
                pos: p as u32,
            });
        }
        if let Some(done) = key {
            f(done, &members)?;
        }
    }
    tx.execute_batch("DROP TABLE temp.wanted;").map_err(e)?;
    Ok(())
}

/// The docs sharing `key` in `table` (sorted).
fn group_of(
    tx: &rusqlite::Transaction,
    table: &str,
    column: &str,
    key: i64,
) -> rusqlite::Result<Vec<DocId>> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT doc FROM {table} WHERE {column} = ?1 ORDER BY doc"
    ))?;
    let rows = st.query_map([key], |r| r.get::<_, i64>(0))?;
    rows.map(|r| r.map(|d| DocId(d as u32))).collect()
}

/// A stored article's shingle sequence, signed again from its text.
fn stored_shingles(
    tx: &rusqlite::Transaction,
    engine: &Engine,
    d: DocId,
    path: &Path,
) -> Result<Vec<ShingleHash>> {
    let zipped: Vec<u8> = tx
        .prepare_cached("SELECT text FROM articles WHERE doc = ?1")
        .and_then(|mut st| st.query_row([d.0 as i64], |r| r.get(0)))
        .map_err(|err| db_err(path, err))?;
    Ok(shingle::of_text(
        &unzip_text(&zipped, path)?,
        engine.params.shingle,
    ))
}

/// An article's band keys (sorted, unique) and anchors with positions (sorted by hash),
/// recomputed from its shingles (the postings tables are keyed for lookups by key, not by
/// article).
fn postings_of(engine: &Engine, seq: &[ShingleHash]) -> (Vec<i64>, Vec<(ShingleHash, u32)>) {
    let mut bands: Vec<i64> = match engine.hasher.signature(seq) {
        Some(sig) => lsh::band_keys(&sig, engine.lsh)
            .into_iter()
            .map(|k| k.0 as i64)
            .collect(),
        None => Vec::new(),
    };
    bands.sort_unstable();
    bands.dedup();
    (bands, winnow::anchor_positions(seq, engine.window))
}

fn slice_of(seq: &[ShingleHash], range: std::ops::Range<usize>) -> Vec<ShingleHash> {
    let end = range.end.min(seq.len());
    seq[range.start.min(end)..end].to_vec()
}

/// Whether a batch run over the index would make `(x, y)` a candidate: the band path's group
/// rule, or the anchor path's [`anchors::pair_rule`] over the pair's links.
fn is_candidate(
    tx: &rusqlite::Transaction,
    engine: &Engine,
    bp: &Boilerplate,
    outlet_of: &[u32],
    x: DocId,
    y: DocId,
    path: &Path,
) -> Result<bool> {
    let e = |err| db_err(path, err);
    let seq_x = stored_shingles(tx, engine, x, path)?;
    let seq_y = stored_shingles(tx, engine, y, path)?;
    let (bands_x, anchors_x) = postings_of(engine, &seq_x);
    let (bands_y, anchors_y) = postings_of(engine, &seq_y);
    for key in bands_x.iter().filter(|k| bands_y.binary_search(k).is_ok()) {
        if group_rule::group_links(
            &group_of(tx, "bands", "key", *key).map_err(e)?,
            x,
            y,
            engine.params.tuning.pair_cap,
        ) {
            return Ok(true);
        }
    }
    let (ox, oy) = (outlet_of[x.index()], outlet_of[y.index()]);
    let mut links = Vec::new();
    for &(h, pos_a) in &anchors_x {
        let Ok(k) = anchors_y.binary_search_by_key(&h, |a| a.0) else {
            continue;
        };
        if bp.is_stock(h) || (ox == oy && bp.is_chrome(h, ox)) {
            continue;
        }
        let group = group_of(tx, "anchors", "anchor", h as i64).map_err(e)?;
        if group_rule::group_links(&group, x, y, engine.params.tuning.pair_cap) {
            links.push(anchors::AnchorLink {
                pair: CandidatePair { a: x, b: y },
                pos_a,
                pos_b: anchors_y[k].1,
            });
        }
    }
    anchors::pair_rule(&links, &engine.anchor_params(), |d, r| {
        Ok(slice_of(if d == x { &seq_x } else { &seq_y }, r))
    })
}

fn insert_pair(tx: &rusqlite::Transaction, p: &PairLocal, run: i64) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO pairs(lo, hi, swapped, jaccard, containment_a, containment_b, shared_words, passage, run) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        p.lo.0 as i64,
        p.hi.0 as i64,
        p.swapped,
        p.jaccard,
        p.containment_a,
        p.containment_b,
        p.shared_words as i64,
        p.passage,
        run
    ])?;
    let mut ins = tx.prepare_cached(
        "INSERT INTO passages(lo, hi, seq, start_a, end_a, start_b, end_b, words, text) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, ps) in p.passages.iter().enumerate() {
        ins.execute(params![
            p.lo.0 as i64,
            p.hi.0 as i64,
            i as i64,
            ps.start_a,
            ps.end_a,
            ps.start_b,
            ps.end_b,
            ps.words,
            ps.text
        ])?;
    }
    Ok(())
}

/// Drops a reported pair that a batch run over the index would no longer report, keeping its
/// last reported row in `retracted` so the run can say so (`retracted_pairs.csv`).
fn retract_pair(
    tx: &rusqlite::Transaction,
    lo: DocId,
    hi: DocId,
    run: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO retracted(lo, hi, swapped, jaccard, containment_a, containment_b, \
         shared_words, passage, found, run) SELECT lo, hi, swapped, jaccard, containment_a, \
         containment_b, shared_words, passage, run, ?3 FROM pairs WHERE lo = ?1 AND hi = ?2",
    )?
    .execute(params![lo.0 as i64, hi.0 as i64, run])?;
    delete_pair(tx, lo, hi)
}

fn delete_pair(tx: &rusqlite::Transaction, lo: DocId, hi: DocId) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM pairs WHERE lo = ?1 AND hi = ?2")?
        .execute([lo.0 as i64, hi.0 as i64])?;
    tx.prepare_cached("DELETE FROM passages WHERE lo = ?1 AND hi = ?2")?
        .execute([lo.0 as i64, hi.0 as i64])?;
    Ok(())
}

/// One run's update of the index, in one transaction; returns the run number.
fn update(
    index: &Index,
    config: &ScanConfig,
    engine: &Engine,
    registry: &Registry,
    progress: &Progress,
    counts: &mut Counts,
    timings: &mut Timings,
) -> Result<i64> {
    let path = &index.path;
    let e = |err| db_err(path, err);
    let mut guard = index.conn();
    let tx = guard
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(e)?;
    let inputs_json = serde_json::to_string(&crate::report::summary::input_names(&config.inputs))
        .unwrap_or_default();
    tx.execute(
        "INSERT INTO runs(started, inputs) VALUES (?1, ?2)",
        params![now_rfc3339(), inputs_json],
    )
    .map_err(e)?;
    let run = tx.last_insert_rowid();
    let base: i64 = tx
        .query_row("SELECT COALESCE(MAX(doc) + 1, 0) FROM articles", [], |r| {
            r.get(0)
        })
        .map_err(e)?;

    // 1. Read and hash what is new.
    let t = Instant::now();
    let corpus = {
        let mut lookup = tx
            .prepare("SELECT content_hash FROM articles WHERE id = ?1")
            .map_err(e)?;
        let mut known = |a: &Article| -> Result<Known> {
            let h: Option<i64> = lookup
                .query_row([&a.id], |r| r.get(0))
                .optional()
                .map_err(e)?;
            Ok(match h {
                None => Known::New,
                Some(h) if h as u64 == crate::sign::signed::content_hash(&a.text) => Known::Same,
                Some(_) => Known::Changed,
            })
        };
        crate::pipeline::ingest::ingest(
            &config.inputs,
            &config.read,
            &crate::pipeline::ingest::Context {
                engine,
                registry,
                run: &config.run,
                progress,
            },
            counts,
            &mut known,
        )?
    };
    timings.0.push(("read_hash", t.elapsed()));

    // 2. Store the new articles and their postings.
    let t = Instant::now();
    let mut outlet_ids: HashMap<String, i64> = HashMap::new();
    {
        let mut st = tx.prepare("SELECT outlet, name FROM outlets").map_err(e)?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(e)?;
        for r in rows {
            let (o, name) = r.map_err(e)?;
            outlet_ids.insert(name, o);
        }
    }
    let gid = |local: DocId| DocId(base as u32 + local.0);
    {
        let mut ins_outlet = tx
            .prepare("INSERT INTO outlets(outlet, name) VALUES (?1, ?2)")
            .map_err(e)?;
        let mut ins_article = tx
            .prepare(
                "INSERT INTO articles(doc, id, outlet, date, date_secs, date_precision, title, url, source_file, \
                 source_line, content_hash, run, distinct_shingles, text) \
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
            )
            .map_err(e)?;
        let mut ins_credit = tx
            .prepare(r#"INSERT INTO credits(doc, seq, agency, kind, evidence, start, "end") VALUES (?1,?2,?3,?4,?5,?6,?7)"#)
            .map_err(e)?;
        for (i, d) in corpus.catalog.docs.iter().enumerate() {
            let local = DocId(i as u32);
            let name = &corpus.catalog.outlets[d.outlet as usize];
            let outlet = match outlet_ids.get(name) {
                Some(&o) => o,
                None => {
                    let o = outlet_ids.len() as i64;
                    ins_outlet.execute(params![o, name]).map_err(e)?;
                    outlet_ids.insert(name.clone(), o);
                    o
                }
            };
            let text = corpus.texts.text(local)?;
            let zipped =
                zstd::bulk::compress(text.as_bytes(), 3).map_err(|err| Error::io(path, err))?;
            ins_article
                .execute(params![
                    gid(local).0 as i64,
                    d.id,
                    outlet,
                    d.date.map(|t| t.to_string()),
                    d.date.map(|t| t.secs),
                    d.date.map(|t| if t.precision == DatePrecision::Day {
                        0
                    } else {
                        1
                    }),
                    d.title,
                    d.url,
                    &*d.location.file,
                    d.location.line.map(|l| l as i64),
                    d.content_hash as i64,
                    run,
                    d.distinct as i64,
                    zipped,
                ])
                .map_err(e)?;
            for (k, c) in d.credits.iter().enumerate() {
                ins_credit
                    .execute(params![
                        gid(local).0 as i64,
                        k as i64,
                        c.agency,
                        c.kind.as_str(),
                        c.evidence,
                        c.start,
                        c.end
                    ])
                    .map_err(e)?;
            }
        }
        let mut ins_band = tx
            .prepare("INSERT OR IGNORE INTO bands(key, doc) VALUES (?1, ?2)")
            .map_err(e)?;
        // Inserted in key order: neighbouring keys share B-tree pages, so the index is written
        // page by page instead of at random.
        let mut bands: Vec<(i64, i64)> = corpus
            .band_postings
            .iter()
            .map(|(k, d)| (k.0 as i64, gid(*d).0 as i64))
            .collect();
        bands.sort_unstable();
        for (k, d) in bands {
            ins_band.execute(params![k, d]).map_err(e)?;
        }
        let mut ins_anchor = tx
            .prepare("INSERT OR IGNORE INTO anchors(anchor, doc, pos) VALUES (?1, ?2, ?3)")
            .map_err(e)?;
        let mut anchor_rows: Vec<(i64, i64, i64)> = corpus
            .anchor_postings
            .iter()
            .map(|p| (p.anchor as i64, gid(p.doc).0 as i64, p.pos as i64))
            .collect();
        anchor_rows.sort_unstable();
        for (a, d, pos) in anchor_rows {
            ins_anchor.execute(params![a, d, pos]).map_err(e)?;
        }
    }
    timings.0.push(("index_write", t.elapsed()));

    // 3. Boilerplate grows; candidates of the new articles.
    let t = Instant::now();
    let aparams = engine.anchor_params();
    let catalog = catalog_in_tx(&tx, path)?;
    let outlet_of: Vec<u32> = catalog.docs.iter().map(|d| d.outlet).collect();
    let old_bp = read_boilerplate(&tx).map_err(e)?;
    let new_anchor_keys: BTreeSet<i64> = corpus
        .anchor_postings
        .iter()
        .map(|p| p.anchor as i64)
        .collect();
    let new_band_keys: BTreeSet<i64> = corpus
        .band_postings
        .iter()
        .map(|(k, _)| k.0 as i64)
        .collect();
    let base_doc = DocId(base as u32);
    let mut links: Vec<anchors::AnchorLink> = Vec::new();
    // Old articles holding an anchor that became boilerplate in this run.
    let mut touched: Vec<Vec<DocId>> = Vec::new();
    let mut on_anchor_group = |anchor: i64, members: &[anchors::Member]| -> Result<()> {
        let h = anchor as ShingleHash;
        let grown = anchors::process_group(h, members, &old_bp, base_doc, &aparams, &mut links);
        if grown.stock {
            tx.execute(
                "INSERT INTO boilerplate(anchor, outlet, run) VALUES (?1, -1, ?2)",
                params![anchor, run],
            )
            .map_err(e)?;
        }
        for &o in &grown.chrome_outlets {
            tx.execute(
                "INSERT INTO boilerplate(anchor, outlet, run) VALUES (?1, ?2, ?3)",
                params![anchor, o as i64, run],
            )
            .map_err(e)?;
        }
        if grown.stock || !grown.chrome_outlets.is_empty() {
            touched.push(
                members
                    .iter()
                    .map(|m| m.doc)
                    .filter(|d| *d < base_doc)
                    .collect(),
            );
        }
        Ok(())
    };
    for_each_group(
        &tx,
        "anchors",
        "anchor",
        &new_anchor_keys,
        &mut on_anchor_group,
        path,
    )?;
    // The anchor path's rule, as in a batch run: two links, or one confirmed around its anchor.
    let (mut cands, single) = anchors::split_links(links);
    for link in &single {
        let around = |d: DocId, r: std::ops::Range<usize>| -> Result<Vec<ShingleHash>> {
            if d >= base_doc {
                corpus.texts.shingle_range(DocId(d.0 - base_doc.0), r)
            } else {
                Ok(slice_of(&stored_shingles(&tx, engine, d, path)?, r))
            }
        };
        if anchors::pair_rule(std::slice::from_ref(link), &aparams, around)? {
            cands.push(link.pair);
        }
    }
    let mut on_band_group = |_: i64, members: &[anchors::Member]| -> Result<()> {
        let docs: Vec<DocId> = members.iter().map(|m| m.doc).collect();
        let mut out = Vec::new();
        group_rule::emit_group_pairs(&docs, engine.params.tuning.pair_cap, &mut out);
        cands.extend(out.into_iter().filter(|p| p.b >= base_doc));
        Ok(())
    };
    for_each_group(
        &tx,
        "bands",
        "key",
        &new_band_keys,
        &mut on_band_group,
        path,
    )?;
    cands.sort_unstable();
    cands.dedup();
    counts.candidates = cands.len() as u64;
    let boilerplate = read_boilerplate(&tx).map_err(e)?;
    counts.boilerplate_anchors = boilerplate.len() as u64;

    // Pairs of older articles that a new boilerplate entry may change: verified again below,
    // dropped if a batch run would no longer make them candidates. Verification judges runs by
    // the anchors of the pair's first article (`lo`), so every stored pair whose `lo` holds a
    // grown anchor is affected — whether or not `hi` holds that anchor too (winnowing can pick
    // a shingle in one article's context and not in the other's).
    let touched: BTreeSet<DocId> = touched.into_iter().flatten().collect();
    let mut recheck: BTreeSet<(DocId, DocId)> = BTreeSet::new();
    {
        let mut st = tx
            .prepare_cached("SELECT hi FROM pairs WHERE lo = ?1")
            .map_err(e)?;
        for &lo in &touched {
            let his = st
                .query_map([lo.0 as i64], |r| r.get::<_, i64>(0))
                .map_err(e)?;
            for hi in his {
                recheck.insert((lo, DocId(hi.map_err(e)? as u32)));
            }
        }
    }
    let mut still: Vec<CandidatePair> = Vec::new();
    for &(lo, hi) in &recheck {
        if is_candidate(&tx, engine, &boilerplate, &outlet_of, lo, hi, path)? {
            still.push(CandidatePair { a: lo, b: hi });
        } else {
            retract_pair(&tx, lo, hi, run).map_err(e)?;
        }
    }
    timings.0.push(("candidates", t.elapsed()));

    // 4. Verify, with the texts of every article involved loaded once.
    let t = Instant::now();
    // Older articles come from the index, loaded once; this run's articles from its own
    // article store, which holds their token spans too.
    let involved: BTreeSet<DocId> = cands
        .iter()
        .chain(&still)
        .flat_map(|p| [p.a, p.b])
        .filter(|d| *d < base_doc)
        .collect();
    let mut old = MapTexts {
        texts: HashMap::new(),
        shingles: HashMap::new(),
    };
    {
        let mut st = tx
            .prepare_cached("SELECT text FROM articles WHERE doc = ?1")
            .map_err(e)?;
        for &d in &involved {
            let zipped: Vec<u8> = st.query_row([d.0 as i64], |r| r.get(0)).map_err(e)?;
            old.texts.insert(d, unzip_text(&zipped, path)?);
        }
        // Signed again from the texts, in parallel: the index stores no shingle sequences.
        let n = engine.params.shingle;
        old.shingles = old
            .texts
            .par_iter()
            .map(|(&d, text)| (d, shingle::of_text(text, n)))
            .collect();
    }
    let map = RunTexts {
        base: base_doc,
        new: &corpus.texts,
        old,
    };
    let verified =
        crate::verify::batch::verify_all(&catalog, &map, &cands, &boilerplate, engine, progress)?;
    let locals = crate::analyse::pairs::pair_locals(&catalog, &map, &verified)?;
    for p in &locals {
        insert_pair(&tx, p, run).map_err(e)?;
    }
    let reverified =
        crate::verify::batch::verify_all(&catalog, &map, &still, &boilerplate, engine, progress)?;
    let kept: BTreeSet<(DocId, DocId)> = reverified.iter().map(|p| (p.a, p.b)).collect();
    let relocals = crate::analyse::pairs::pair_locals(&catalog, &map, &reverified)?;
    for p in &still {
        if !kept.contains(&(p.a, p.b)) {
            retract_pair(&tx, p.a, p.b, run).map_err(e)?;
        }
    }
    for p in &relocals {
        let first_run: i64 = tx
            .query_row(
                "SELECT run FROM pairs WHERE lo = ?1 AND hi = ?2",
                [p.lo.0 as i64, p.hi.0 as i64],
                |r| r.get(0),
            )
            .map_err(e)?;
        delete_pair(&tx, p.lo, p.hi).map_err(e)?;
        insert_pair(&tx, p, first_run).map_err(e)?;
    }
    timings.0.push(("verify", t.elapsed()));

    let counts_json = serde_json::json!({
        "read": counts.read, "new": counts.new, "already_indexed": counts.already_indexed,
        "changed_text": counts.changed_text, "skipped": counts.skipped.values().sum::<u64>(),
        "candidates": counts.candidates, "new_pairs": locals.len(),
    });
    tx.execute(
        "UPDATE runs SET finished = ?1, counts = ?2 WHERE run = ?3",
        params![now_rfc3339(), counts_json.to_string(), run],
    )
    .map_err(e)?;
    tx.commit().map_err(e)?;
    Ok(run)
}

/// The catalog as the transaction sees it (the new articles included).
fn catalog_in_tx(tx: &rusqlite::Transaction, path: &Path) -> Result<Catalog> {
    let e = |err| db_err(path, err);
    let mut outlets = Vec::new();
    let mut st = tx
        .prepare("SELECT name FROM outlets ORDER BY outlet")
        .map_err(e)?;
    for r in st.query_map([], |r| r.get::<_, String>(0)).map_err(e)? {
        outlets.push(r.map_err(e)?);
    }
    let mut docs = Vec::new();
    let mut st = tx
        .prepare("SELECT id, outlet, distinct_shingles FROM articles ORDER BY doc")
        .map_err(e)?;
    for r in st
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .map_err(e)?
    {
        let (id, outlet, distinct) = r.map_err(e)?;
        docs.push(DocMeta {
            id,
            outlet: outlet as u32,
            date: None,
            title: String::new(),
            url: String::new(),
            credits: Vec::new(),
            location: Location {
                file: "".into(),
                line: None,
            },
            content_hash: 0,
            distinct: distinct as u32,
        });
    }
    Ok(Catalog { docs, outlets })
}

/// Everything the reports need, read from the index and analysed; `new` holds the pairs the
/// run `new_run` found.
struct FromIndex {
    catalog: Catalog,
    outcome: crate::pipeline::run::Outcome,
    new: PairSet,
    /// Pairs the run `new_run` retracted, as last reported.
    retracted: Vec<PairLocal>,
}

impl FromIndex {
    /// Every report; `report.html` shows `summary` and reads its top pairs' texts from `index`.
    fn write(
        &self,
        writer: &ReportWriter,
        with_new: bool,
        html: (&Index, &Registry, &serde_json::Value),
    ) -> Result<Vec<PathBuf>> {
        let is_new = |p: &PairLocal| self.new.contains(&(p.lo, p.hi));
        let o = &self.outcome;
        let new: Option<&dyn Fn(&PairLocal) -> bool> = if with_new { Some(&is_new) } else { None };
        let mut paths = crate::report::rows::write_reports(
            writer,
            &self.catalog,
            &o.pairs,
            &o.analysis,
            &o.reports,
            new,
        )?;
        if with_new {
            paths.push(crate::report::rows::write_retracted(
                writer,
                &self.catalog,
                &self.retracted,
            )?);
        }
        let (index, registry, summary) = html;
        paths.push(crate::report::rows::write_html(
            writer,
            &self.catalog,
            o,
            index,
            registry,
            summary,
        )?);
        Ok(paths)
    }
}

/// Every report from the index; `new_run` selects the pairs for `new_pairs.csv`.
fn reports_from_index(
    index: &Index,
    engine: &Engine,
    registry: &Registry,
    new_run: Option<i64>,
    counts: &mut Counts,
    timings: &mut Timings,
) -> Result<FromIndex> {
    let t = Instant::now();
    let catalog = index.load_catalog()?;
    let (pairs, new) = index.load_pairs(&catalog, new_run)?;
    let retracted = match new_run {
        Some(run) => index.load_retracted(&catalog, run)?,
        None => Vec::new(),
    };
    let boilerplate = index.load_boilerplate()?;
    timings.0.push(("index_read", t.elapsed()));
    let t = Instant::now();
    let outcome = crate::pipeline::run::conclude(
        &catalog,
        index,
        pairs,
        &boilerplate,
        engine,
        registry,
        counts,
    )?;
    timings.0.push(("attribute_cluster", t.elapsed()));
    Ok(FromIndex {
        catalog,
        outcome,
        new,
        retracted,
    })
}

/// `wiretrace scan --index FILE`.
pub fn scan_indexed(config: &ScanConfig) -> Result<Counts> {
    let started = Instant::now();
    let path = config
        .index
        .clone()
        .ok_or_else(|| Error::Usage("--index is required".into()))?;
    let pool = crate::pipeline::run::thread_pool(config.run.threads)?;
    pool.install(|| {
        let engine = Engine::new(config.params);
        let registry = crate::pipeline::ingest::load_registry(config.agencies.as_deref())?;
        let index = Index::open_for_scan(&path, &engine, &registry, config.lock_timeout)?;
        let progress = Progress::new(&config.run);
        let mut counts = Counts::default();
        let mut timings = Timings::default();
        let run = update(&index, config, &engine, &registry, &progress, &mut counts, &mut timings)?;
        let found = reports_from_index(&index, &engine, &registry, Some(run), &mut counts, &mut timings)?;
        counts.new_pairs = Some(found.new.len() as u64);
        let writer = ReportWriter::new(&config.out, config.bom)?.with_xlsx(config.xlsx);
        let t = Instant::now();
        let summary = crate::report::summary::summary_json(
            &config.inputs,
            &engine,
            config.agencies.as_deref(),
            &counts,
            &timings,
            started.elapsed(),
        );
        let written = found.write(&writer, true, (&index, &registry, &summary));
        if let Err(err) = written {
            return Err(Error::Index {
                path: path.clone(),
                reason: format!(
                    "the run was indexed, but writing the reports failed ({err}); `wiretrace report --index {}` rewrites them",
                    path.display()
                ),
            });
        }
        timings.0.push(("write", t.elapsed()));
        let record = crate::report::summary::RunRecord {
            inputs: &config.inputs,
            engine: &engine,
            agencies: config.agencies.as_deref(),
            counts: &counts,
            timings: &timings,
            started,
        };
        crate::report::summary::finish_run(&writer, &record, config.run.quiet)?;
        Ok(counts)
    })
}

/// `wiretrace report --index FILE --out DIR`.
pub fn report(config: &ReportConfig) -> Result<()> {
    let started = Instant::now();
    let pool = crate::pipeline::run::thread_pool(config.run.threads)?;
    pool.install(|| {
        let index = Index::open_existing(&config.index, Some(config.lock_timeout))?;
        let engine = Engine::new(index.params()?);
        let registry = crate::pipeline::ingest::load_registry(config.agencies.as_deref())?;
        index.check_binding(&engine, &registry)?;
        let mut counts = Counts::default();
        let mut timings = Timings::default();
        let found =
            reports_from_index(&index, &engine, &registry, None, &mut counts, &mut timings)?;
        let writer = ReportWriter::new(&config.out, config.bom)?.with_xlsx(config.xlsx);
        let inputs = [Input::Path(config.index.clone())];
        let agencies = config.agencies.as_deref();
        let summary = crate::report::summary::summary_json(
            &inputs,
            &engine,
            agencies,
            &counts,
            &timings,
            started.elapsed(),
        );
        found.write(&writer, false, (&index, &registry, &summary))?;
        let record = crate::report::summary::RunRecord {
            inputs: &inputs,
            engine: &engine,
            agencies: config.agencies.as_deref(),
            counts: &counts,
            timings: &timings,
            started,
        };
        crate::report::summary::finish_run(&writer, &record, config.run.quiet)
    })
}

/// Two articles and the index's boilerplate, for `explain --index`.
pub fn load_pair(path: &Path, a: &str, b: &str) -> Result<crate::commands::explain::Explained> {
    let index = Index::open_existing(path, None)?;
    let catalog = index.load_catalog()?;
    let find = |id: &str| -> Result<(Article, u32)> {
        // An id copied from a CSV cell may carry the `'` that defused it.
        let found = match index.doc_of(id)? {
            None if crate::report::undefuse(id) != id => {
                index.doc_of(crate::report::undefuse(id))?
            }
            found => found,
        };
        let d = found.ok_or_else(|| {
            Error::Usage(format!(
                "explain: no article with id {id:?} in {}",
                path.display()
            ))
        })?;
        let m = catalog.doc(d);
        let article = Article {
            id: m.id.clone(),
            outlet: catalog.outlet_name(d).to_string(),
            date: m.date,
            title: m.title.clone(),
            url: m.url.clone(),
            text: index.text(d)?,
            location: m.location.clone(),
        };
        Ok((article, m.outlet))
    };
    let ((a, oa), (b, ob)) = (find(a)?, find(b)?);
    Ok(crate::commands::explain::Explained {
        a,
        b,
        boilerplate: index.load_boilerplate()?,
        outlets: (oa, ob),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_syncs_fully_with_a_rollback_journal() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Index::connect(&dir.path().join("ix.db")).unwrap();
        let sync: i64 = conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous = FULL");
        let journal: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(journal, "delete");
    }

    #[test]
    fn credit_kinds_round_trip() {
        for k in [
            CreditKind::Dateline,
            CreditKind::Byline,
            CreditKind::EndCredit,
            CreditKind::Photo,
            CreditKind::Citation,
        ] {
            assert_eq!(credit_kind(k.as_str()), Some(k));
        }
        assert_eq!(credit_kind("nope"), None);
    }

    #[test]
    fn a_second_writer_waits_then_names_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ix.db");
        let _held = acquire_lock(&path, Duration::from_secs(1)).unwrap();
        let t = Instant::now();
        let err = match acquire_lock(&path, Duration::from_millis(300)) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("two writers"),
        };
        assert!(t.elapsed() >= Duration::from_millis(300));
        assert!(
            err.contains("locked by another wiretrace run (pid "),
            "{err}"
        );
        assert!(err.contains(&std::process::id().to_string()), "{err}");
    }
}
