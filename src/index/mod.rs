//! Stage — index: the persistent index (a SQLite catalog and postings segment files beside it)
//! that lets cron runs process only what is new.
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
//! was (its postings segments, written before the commit names them, are removed by the next
//! writer). One writer: an advisory lock on `FILE.lock` (holding the pid and start of the run that
//! holds it), waited for up to `--lock-timeout`. Reports are written after the commit; if that
//! fails, `wiretrace report` rewrites them from the index. The `passages.csv` rows of pairs
//! reported again unchanged are copied from the report set the index last wrote, when `--out`
//! still holds it ([`crate::report::carry`]; `meta` records that file).
//!
//! Schema (version [`SCHEMA_VERSION`]; see README for queries):
//!
//! ```text
//! meta(key, value)                 schema version, matching parameters, hash family, registry,
//!                                  the last `passages.csv` written ([`crate::report::carry`])
//! runs(run, started, finished, inputs, counts)
//! outlets(outlet, name)
//! articles(doc, id, outlet, date, date_secs, date_precision, title, url, source_file,
//!          source_line, content_hash, run, distinct_shingles)
//! texts(doc, base, text)           the article's text, zstd-compressed, alone or against the
//!                                  text of `base`, an article it reprints ([`texts`]; apart, so
//!                                  that reading the catalog does not read every text)
//! credits(doc, seq, agency, kind, evidence, start, end)
//! segments(seq, name, kind, rows, bytes, run)
//!                                  the postings segments in FILE.postings/ (oldest first):
//!                                  LSH band keys (key, doc) and anchors (anchor, doc, pos),
//!                                  see [`segments`]
//! boilerplate(anchor, outlet, run) site chrome of an outlet; outlet -1: a stock phrase
//! pairs(lo, hi, swapped, jaccard, containment_a, containment_b, shared_words, kind, foot, run)
//!                                  no text: a report takes `pairs.csv`'s excerpt from the
//!                                  `passages.csv` row it carries over, or cuts it from `texts`
//! passages(lo, hi, seq, start_a, end_a, start_b, end_b, words)
//!                                  character spans of the texts as read, report orientation
//!                                  (the texts are cut from `texts` when reports are written)
//! retracted(lo, hi, swapped, jaccard, …, passage, found, run)
//!                                  pairs a later run dropped (`run`), as last reported
//! ```

pub mod lock;
pub mod schema;
pub mod segments;
pub(crate) mod texts;
pub mod update;
pub mod upgrade;

use crate::index::lock::acquire_lock;
use crate::index::lock::IndexLock;
use crate::index::schema::binding;
use crate::index::schema::SCHEMA;
use crate::index::schema::SCHEMA_VERSION;
use crate::index::schema::UPGRADABLE_FROM;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};

use crate::analyse::pairs::{PairLocal, TextCut};
use crate::attribute::credits::{Credit, CreditKind};
use crate::attribute::registry::Registry;
use crate::candidates::boilerplate::Boilerplate;
use crate::config::MatchParams;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::model::Catalog;
use crate::model::DocMeta;
use crate::model::{Article, DatePrecision, DocId, Location, Timestamp};
use crate::report::carry::{self, PassagesRecord};
use crate::report::SharedPassage;
use crate::sign::shingle::{self, ShingleHash};
use crate::store::Texts;
use crate::verify::ReuseKind;

/// Binding keys that name how text is signed, postings kept and pairs judged (not a flag a user sets): a
/// mismatch is a newer or older wiretrace, which `index upgrade` resolves. `registry` is among
/// them: the built-in agency list changes with versions (a different `--agencies` file changes
/// it too).
const SIGNING_KEYS: [&str; 7] = [
    "hash_family",
    "tokenizer",
    "skeleton",
    "postings",
    "verify",
    "credits",
    "registry",
];

pub(crate) fn db_err(path: &Path, e: rusqlite::Error) -> Error {
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

/// A stored passage as loaded: its pair's (lo, hi), then `start_a, end_a, start_b, end_b,
/// words`.
type StoredPassage = ((i64, i64), [u32; 5]);

impl Index {
    fn connect(path: &Path) -> Result<Connection> {
        let conn = Connection::open(path).map_err(|e| db_err(path, e))?;
        // A rollback journal, not WAL: a run is one large transaction, which a rollback journal
        // writes straight into the database (WAL would first copy every new page into a log as
        // large as the run). A 32 MiB page cache: the postings live in segment files, and what
        // SQLite holds is read by key once (a 256 MiB cache, sized for postings B-trees, held
        // 800 MB of a fresh run's peak for no gain in time).
        // `synchronous = FULL`: with a rollback journal, NORMAL can lose or corrupt the last
        // commit on power loss (SQLite's documentation); FULL syncs the journal before the
        // database is written, once per run-sized transaction, so it costs little.
        conn.execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
             PRAGMA cache_size = -32768;",
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
        // A first run makes the index's folder, as `--out` makes the report folder.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            Error::make_folder(dir, &format!("the index {}", path.display()))?;
        }
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
            // Larger pages than SQLite's 4 KiB: a compressed text is a few KiB, and at 4 KiB
            // most pages held one text and a quarter of a page of air.
            conn.execute_batch("PRAGMA page_size = 16384; VACUUM;")
                .map_err(|e| db_err(path, e))?;
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
        // Segments no run committed (a killed run's, a merge's inputs): the lock is ours.
        let keep: Vec<String> = update::read_segments(&index.conn(), path)?
            .into_iter()
            .map(|m| m.name)
            .collect();
        segments::remove_unlisted(&segments::dir_of(path), &keep)?;
        Ok(index)
    }

    /// Opens an existing index for reading (`report`, `explain`); the writer lock is taken so a
    /// report never reads a half-finished run's state from another process' point of view.
    pub fn open_existing(path: &Path, timeout: Option<Duration>) -> Result<Index> {
        Self::open_existing_from(path, timeout, SCHEMA_VERSION)
    }

    /// [`Index::open_existing`] for an index of schema version `oldest` or later: `index
    /// upgrade` reads the articles, texts, outlets and meta of any version since
    /// [`UPGRADABLE_FROM`].
    pub(crate) fn open_existing_from(
        path: &Path,
        timeout: Option<Duration>,
        oldest: i64,
    ) -> Result<Index> {
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
        index.check_schema_from(oldest)?;
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
        self.check_schema_from(SCHEMA_VERSION)
    }

    /// Checks that the schema is at least `oldest` and not newer than this build's.
    fn check_schema_from(&self, oldest: i64) -> Result<()> {
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
        if version < oldest {
            return Err(Error::Index {
                path: self.path.clone(),
                reason: format!(
                    "index schema version {version} is older than this wiretrace's ({SCHEMA_VERSION}); {}",
                    if version >= UPGRADABLE_FROM {
                        format!("`wiretrace index upgrade --index {}` converts it from its stored texts", self.path.display())
                    } else {
                        "rebuild the index from the inputs with a new --index FILE".to_string()
                    }
                ),
            });
        }
        Ok(())
    }

    /// The `passages.csv` the last report from this index wrote ([`crate::report::carry`]);
    /// `None` when none is recorded or the record does not read (rows are then all built).
    pub(crate) fn passages_record(&self) -> Option<PassagesRecord> {
        let meta = self.meta().ok()?;
        serde_json::from_str(meta.get(carry::RECORD_KEY)?).ok()
    }

    /// Records the `passages.csv` a report from this index just wrote; `None` forgets the
    /// previous record (the run wrote the file otherwise, with a workbook).
    pub(crate) fn record_passages(&self, record: Option<&PassagesRecord>) -> Result<()> {
        let conn = self.conn();
        let done = match record {
            Some(r) => conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
                params![carry::RECORD_KEY, serde_json::json!(r).to_string()],
            ),
            None => conn.execute("DELETE FROM meta WHERE key = ?1", [carry::RECORD_KEY]),
        };
        done.map(|_| ()).map_err(|e| self.err(e))
    }

    pub(crate) fn check_binding(&self, engine: &Engine, registry: &Registry) -> Result<()> {
        let meta = self.meta()?;
        let mut diffs = Vec::new();
        let mut signing = false;
        for (k, v) in binding(engine, registry) {
            let stored = meta.get(k).map(String::as_str).unwrap_or("(none)");
            if stored != v {
                diffs.push(format!("{k}: index has {stored}, this run has {v}"));
                signing |= SIGNING_KEYS.contains(&k);
            }
        }
        if diffs.is_empty() {
            return Ok(());
        }
        let advice = if signing {
            format!(
                "this wiretrace signs text differently from the one that built the index: `wiretrace index upgrade --index {}` (with the index's --agencies file, if any) signs it again from its stored texts",
                self.path.display()
            )
        } else {
            "run with the index's parameters (and the same --agencies file), or start a new index"
                .to_string()
        };
        Err(Error::Index {
            path: self.path.clone(),
            reason: format!(
                "built with other parameters ({}); {advice}",
                diffs.join("; ")
            ),
        })
    }

    /// The matching parameters the index was built with.
    pub fn params(&self) -> Result<MatchParams> {
        self.params_read(false)
    }

    /// The matching parameters as `meta` records them. With `default_missing_tuning`, a tuning
    /// constant the index does not record (it was built before the constant existed) takes its
    /// default: what `index upgrade` needs; a run on the index itself must find them all.
    pub(crate) fn params_read(&self, default_missing_tuning: bool) -> Result<MatchParams> {
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
                    match get(k) {
                        Ok(v) => spec.push(format!("{k}={v}")),
                        Err(_) if default_missing_tuning => {}
                        Err(e) => return Err(e),
                    }
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

    /// The catalog, every stored pair, sorted by (lo, hi), with its passages, and the pairs
    /// of run `run`.
    ///
    /// The passages (a row per passage, several per pair) are read on a connection of their
    /// own, on a thread beside the catalog's and the pairs' reads; all are scans of one
    /// committed state, since the caller holds the writer lock.
    pub fn load_catalog_and_pairs(
        &self,
        run: Option<i64>,
    ) -> Result<(Catalog, Vec<PairLocal>, PairSet)> {
        let (catalog, pairs, passages) = std::thread::scope(|s| {
            let passages = s.spawn(|| self.load_passages());
            let read = self
                .load_catalog()
                .and_then(|c| Ok((self.load_pairs_alone(&c, run)?, c)));
            let passages = passages.join().map_err(|_| Error::Index {
                path: self.path.clone(),
                reason: "the thread reading the passages panicked".into(),
            })?;
            let (pairs, catalog) = read?;
            Ok::<_, Error>((catalog, pairs, passages?))
        })?;
        let (mut out, new) = pairs;
        // Both lists are in (lo, hi) order: each pair takes its run of passages as they are
        // walked, in a list of its exact length (a passage whose pair is gone is skipped).
        let at = |p: &PairLocal| (i64::from(p.lo.0), i64::from(p.hi.0));
        let mut rest = &passages[..];
        for pair in &mut out {
            let key = at(pair);
            let skip = rest.partition_point(|(k, _)| *k < key);
            rest = &rest[skip..];
            let run = rest.partition_point(|(k, _)| *k == key);
            pair.passages = rest[..run]
                .iter()
                .map(
                    |&(_, [start_a, end_a, start_b, end_b, words])| SharedPassage {
                        start_a,
                        end_a,
                        start_b,
                        end_b,
                        words,
                        text: String::new(),
                    },
                )
                .collect();
            rest = &rest[run..];
        }
        Ok((catalog, out, new))
    }

    /// Every stored pair, sorted by (lo, hi), without passages, and the pairs of run `run`.
    fn load_pairs_alone(
        &self,
        catalog: &Catalog,
        run: Option<i64>,
    ) -> Result<(Vec<PairLocal>, PairSet)> {
        let conn = self.conn();
        let e = |e| db_err(&self.path, e);
        let mut out = Vec::new();
        let mut new = BTreeSet::new();
        let mut st = conn
            .prepare(
                "SELECT lo, hi, swapped, jaccard, containment_a, containment_b, shared_words, NULL, kind, foot, run \
                 FROM pairs ORDER BY lo, hi",
            )
            .map_err(e)?;
        let mut rows = st.query([]).map_err(e)?;
        let n = catalog.docs.len() as i64;
        while let Some(r) = rows.next().map_err(e)? {
            let p = self.pair_row(r, n, "a pair")?;
            if run.is_some() && r.get::<_, i64>(10).map_err(e)? == run.unwrap_or_default() {
                new.insert((p.lo, p.hi));
            }
            out.push(p);
        }
        Ok((out, new))
    }

    /// Every stored passage with its pair's (lo, hi), in (lo, hi, seq) order, read on a
    /// connection of its own: `start_a, end_a, start_b, end_b, words` (28 bytes a passage
    /// rather than a [`SharedPassage`]'s 48: at a million articles there are six million).
    fn load_passages(&self) -> Result<Vec<StoredPassage>> {
        let conn = Index::connect(&self.path)?;
        let e = |e| db_err(&self.path, e);
        let mut st = conn
            .prepare("SELECT lo, hi, start_a, end_a, start_b, end_b, words FROM passages ORDER BY lo, hi, seq")
            .map_err(e)?;
        let mut rows = st.query([]).map_err(e)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(e)? {
            let key: (i64, i64) = (r.get(0).map_err(e)?, r.get(1).map_err(e)?);
            out.push((
                key,
                [
                    r.get(2).map_err(e)?,
                    r.get(3).map_err(e)?,
                    r.get(4).map_err(e)?,
                    r.get(5).map_err(e)?,
                    r.get(6).map_err(e)?,
                ],
            ));
        }
        Ok(out)
    }

    /// One stored pair from a row whose first nine columns are `lo, hi, swapped, jaccard,
    /// containment_a, containment_b, shared_words, passage, kind` (the `pairs` and `retracted`
    /// tables alike; `pairs` stores no `passage`, read as NULL), checked against the `n`
    /// articles of the catalog; no passages.
    fn pair_row(&self, r: &rusqlite::Row, n: i64, what: &str) -> Result<PairLocal> {
        let e = |e| db_err(&self.path, e);
        let (lo, hi): (i64, i64) = (r.get(0).map_err(e)?, r.get(1).map_err(e)?);
        if !(0..n).contains(&lo) || !(0..n).contains(&hi) || lo >= hi {
            return Err(self.corrupt(&format!("{what} names an unknown article")));
        }
        let passage: Option<String> = r.get(7).map_err(e)?;
        Ok(PairLocal {
            lo: DocId(lo as u32),
            hi: DocId(hi as u32),
            swapped: r.get(2).map_err(e)?,
            jaccard: r.get(3).map_err(e)?,
            containment_a: r.get(4).map_err(e)?,
            containment_b: r.get(5).map_err(e)?,
            shared_words: r.get(6).map_err(e)?,
            passage: passage.clone().unwrap_or_default(),
            passages: Vec::new(),
            kind: ReuseKind::parse(&r.get::<_, String>(8).map_err(e)?)
                .ok_or_else(|| self.corrupt(&format!("{what} has an unknown kind")))?,
            foot: foot_of(r.get(9).map_err(e)?),
            // A retracted pair's `passage` is stored; no passage's text is (reports cut them).
            cut: match passage {
                Some(_) => TextCut::Excerpt,
                None => TextCut::Nothing,
            },
        })
    }

    /// The pairs run `run` retracted, as they were last reported (without their passages).
    pub fn load_retracted(&self, catalog: &Catalog, run: i64) -> Result<Vec<PairLocal>> {
        let conn = self.conn();
        let e = |e| db_err(&self.path, e);
        let mut st = conn
            .prepare(
                "SELECT lo, hi, swapped, jaccard, containment_a, containment_b, shared_words, passage, kind, NULL \
                 FROM retracted WHERE run = ?1 ORDER BY lo, hi",
            )
            .map_err(e)?;
        let mut rows = st.query([run]).map_err(e)?;
        let n = catalog.docs.len() as i64;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(e)? {
            out.push(self.pair_row(r, n, "a retracted pair")?);
        }
        Ok(out)
    }

    pub fn load_boilerplate(&self) -> Result<Boilerplate> {
        let conn = self.conn();
        read_boilerplate(&conn).map_err(|e| self.err(e))
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
    /// Read under the connection's lock, decompressed after it.
    fn text(&self, doc: DocId) -> Result<String> {
        let stored = texts::read(&self.conn(), doc, &self.path)?;
        stored.unzip(&self.path)
    }

    /// Signed again from the text: the index stores no shingle sequences.
    fn shingles(&self, doc: DocId) -> Result<Vec<ShingleHash>> {
        Ok(shingle::of_text(&self.text(doc)?, self.params()?.shingle))
    }
}

pub(crate) fn credit_kind(s: &str) -> Option<CreditKind> {
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

/// The boilerplate as stored: `outlet` −1 marks a stock phrase.
pub(crate) fn read_boilerplate(conn: &Connection) -> rusqlite::Result<Boilerplate> {
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

/// Two articles and the index's boilerplate, for `explain --index`.
pub fn load_pair(path: &Path, a: &str, b: &str) -> Result<crate::report::terminal::Explained> {
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
        Ok((article, catalog.site_of(d)))
    };
    let ((a, oa), (b, ob)) = (find(a)?, find(b)?);
    Ok(crate::report::terminal::Explained {
        a,
        b,
        boilerplate: index.load_boilerplate()?,
        outlets: (oa, ob),
    })
}

/// A pair's foot prints as `pairs.foot` stores them: little-endian `u64`s, NULL when none.
pub(crate) fn foot_blob(foot: &[u64]) -> Option<Vec<u8>> {
    (!foot.is_empty()).then(|| foot.iter().flat_map(|h| h.to_le_bytes()).collect())
}

/// The inverse of [`foot_blob`] (a blob whose length is not a multiple of 8 loses its tail).
pub(crate) fn foot_of(blob: Option<Vec<u8>>) -> Vec<u64> {
    blob.unwrap_or_default()
        .chunks_exact(8)
        .map(|b| u64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
        .collect()
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
}
