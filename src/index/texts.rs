//! Stored texts: every indexed article's text, zstd-compressed, in the catalog's `texts` table,
//! either alone or against the text of an article it reprints.
//!
//! Why against another text: wire copy is printed again and again. A reprint compressed with
//! its source's text as zstd's dictionary (raw content, no training) stores little beyond what
//! the outlet changed: at 100,000 generated articles the texts took a fifth fewer bytes (3.06
//! → 2.43 KB an article in the catalog, three in ten stored against a base). The
//! partner is known once a run has verified its pairs, so a run stores its texts after
//! verification ([`plan_bases`], [`zip_run`]).
//!
//! Invariants:
//! - A base is stored alone (`base` NULL), so a text is at most two decompressions away.
//! - A stored text never changes: an article is never replaced under its id (a record with
//!   another text under a stored id is skipped), so a base never moves.
//! - A text read against a base is checked against the article's content hash: a broken index
//!   fails, named, rather than give other words.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use rayon::prelude::*;
use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::index::db_err;
use crate::model::DocId;
use crate::sign::signed::content_hash;
use crate::store::Texts;

/// The zstd level of stored texts: level 1 compresses a news text within half a percent of
/// level 3 (one article a frame; measured on generated articles) at twice the speed, and
/// compression was most of a fresh run's index writing. Against a base, level 3 gained 0.3 %.
pub(crate) const LEVEL: i32 = 1;

/// A text compressed against its base is kept when at most `KEEP_NUM / KEEP_DEN` of its size
/// compressed alone: otherwise the second read and decompression it costs every reader buy
/// too little.
const KEEP_NUM: usize = 3;
const KEEP_DEN: usize = 4;

/// A frame against the base of at most `1 / SURE_DEN` of the text's bytes is kept without
/// compressing the text alone to compare: a reprint's frame is a few percent of its text, and
/// no news text compresses alone to a third of itself.
const SURE_DEN: usize = 4;

/// Largest text decompressed in one call (a frame claiming more is streamed, alone only).
const UNZIP_MAX: u64 = 1 << 26;

fn broken(path: &Path, what: String) -> Error {
    Error::Index {
        path: path.to_path_buf(),
        reason: format!("broken index: {what}"),
    }
}

/// One article's text as stored: its base, if compressed against one, and the frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Zipped {
    pub base: Option<DocId>,
    pub frame: Vec<u8>,
}

/// An article's stored row, with its base's row when it has one: what [`Stored::unzip`] needs,
/// read under the connection's lock and decompressed after it.
pub(crate) struct Stored {
    doc: DocId,
    row: Zipped,
    hash: u64,
    base: Option<Vec<u8>>,
}

/// The stored row of `doc`, with the article's content hash ([`content_hash`]).
fn row(conn: &Connection, doc: DocId, path: &Path) -> Result<(Zipped, u64)> {
    let mut st = conn
        .prepare_cached(
            "SELECT t.base, t.text, a.content_hash FROM texts t JOIN articles a ON a.doc = t.doc \
             WHERE t.doc = ?1",
        )
        .map_err(|e| db_err(path, e))?;
    let row = st
        .query_row([doc.0 as i64], |r| {
            Ok((
                r.get::<_, Option<i64>>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .optional()
        .map_err(|e| db_err(path, e))?;
    let (base, frame, hash) =
        row.ok_or_else(|| broken(path, format!("the text of doc {doc} is missing")))?;
    let zipped = Zipped {
        base: base.map(|b| DocId(b as u32)),
        frame,
    };
    Ok((zipped, hash as u64))
}

/// A text decompressed against a base is the article's only when its content hash is: a
/// frame read against another text than its own may decompress to other words without error
/// (frames against a base carry no checksum, see [`zip_with`]).
fn checked(
    bytes: Vec<u8>,
    doc: DocId,
    base: Option<DocId>,
    hash: u64,
    path: &Path,
) -> Result<String> {
    let text = utf8(bytes, doc, path)?;
    match base {
        Some(b) if content_hash(&text) != hash => Err(broken(
            path,
            format!("the text of doc {doc}, read against doc {b}'s, is not the article's (its content hash differs)"),
        )),
        _ => Ok(text),
    }
}

/// The frame of `base`, which must be stored alone.
fn base_frame(conn: &Connection, doc: DocId, base: DocId, path: &Path) -> Result<Vec<u8>> {
    let (b, _) = row(conn, base, path)?;
    if b.base.is_some() {
        return Err(broken(
            path,
            format!(
                "the text of doc {doc} is stored against doc {base}, which is not stored alone"
            ),
        ));
    }
    Ok(b.frame)
}

/// Reads what the text of `doc` needs from the catalog.
pub(crate) fn read(conn: &Connection, doc: DocId, path: &Path) -> Result<Stored> {
    let (row, hash) = row(conn, doc, path)?;
    let base = match row.base {
        Some(b) => Some(base_frame(conn, doc, b, path)?),
        None => None,
    };
    Ok(Stored {
        doc,
        row,
        hash,
        base,
    })
}

impl Stored {
    /// The text, decompressed.
    pub(crate) fn unzip(self, path: &Path) -> Result<String> {
        let base = match &self.base {
            Some(f) => Some(unzip(f, None).map_err(|_| self.undone(path))?),
            None => None,
        };
        let bytes = unzip(&self.row.frame, base.as_deref()).map_err(|_| self.undone(path))?;
        checked(bytes, self.doc, self.row.base, self.hash, path)
    }

    fn undone(&self, path: &Path) -> Error {
        undone(self.doc, self.row.base, path)
    }
}

fn undone(doc: DocId, base: Option<DocId>, path: &Path) -> Error {
    broken(
        path,
        match base {
            Some(b) => format!("the text of doc {doc} does not decompress against doc {b}'s"),
            None => format!("the text of doc {doc} does not decompress"),
        },
    )
}

/// A frame stored alone (an index of schema 6 or older), decompressed.
pub(crate) fn unzip_alone(frame: &[u8], doc: DocId, path: &Path) -> Result<String> {
    let bytes = unzip(frame, None).map_err(|_| undone(doc, None, path))?;
    utf8(bytes, doc, path)
}

fn utf8(bytes: Vec<u8>, doc: DocId, path: &Path) -> Result<String> {
    String::from_utf8(bytes)
        .map_err(|_| broken(path, format!("the text of doc {doc} is not UTF-8")))
}

/// The texts of `docs`, in doc order: rows read in turn, decompressed in parallel (bases
/// first, each once however many texts were compressed against it).
pub(crate) fn texts_of(
    conn: &Connection,
    docs: &BTreeSet<DocId>,
    path: &Path,
) -> Result<Vec<(DocId, String)>> {
    let mut rows = Vec::with_capacity(docs.len());
    for &d in docs {
        rows.push((d, row(conn, d, path)?));
    }
    // Each base wanted, with the first article read against it (named if it is not alone).
    let mut wanted: std::collections::BTreeMap<DocId, DocId> = Default::default();
    for (d, (r, _)) in &rows {
        if let Some(b) = r.base {
            wanted.entry(b).or_insert(*d);
        }
    }
    let mut base_frames = Vec::with_capacity(wanted.len());
    for (&b, &doc) in &wanted {
        base_frames.push((b, base_frame(conn, doc, b, path)?));
    }
    let bases: HashMap<DocId, Vec<u8>> = base_frames
        .into_par_iter()
        .map(|(b, f)| Ok((b, unzip(&f, None).map_err(|_| undone(b, None, path))?)))
        .collect::<Result<_>>()?;
    rows.into_par_iter()
        .map(|(d, (r, hash))| {
            let bytes = match (r.base, bases.get(&d)) {
                // A base read for others is decompressed already.
                (None, Some(b)) => b.clone(),
                (base, _) => {
                    let dict = base.and_then(|b| bases.get(&b)).map(Vec::as_slice);
                    unzip(&r.frame, dict).map_err(|_| undone(d, r.base, path))?
                }
            };
            Ok((d, checked(bytes, d, r.base, hash, path)?))
        })
        .collect()
}

/// Decompresses a frame, against `base` when it was compressed against one, with one reused
/// context per thread: a run that signs thousands of older articles again spent a fifth of its
/// decompression creating contexts.
fn unzip(frame: &[u8], base: Option<&[u8]>) -> std::io::Result<Vec<u8>> {
    use zstd::zstd_safe::DCtx;
    thread_local! {
        static CONTEXT: std::cell::RefCell<Option<DCtx<'static>>> =
            const { std::cell::RefCell::new(None) };
    }
    let size = match zstd::zstd_safe::get_frame_content_size(frame) {
        Ok(Some(n)) if n <= UNZIP_MAX => n as usize,
        _ if base.is_none() => return zstd::stream::decode_all(frame),
        _ => {
            return Err(std::io::Error::other(
                "a frame against a base without its size",
            ))
        }
    };
    CONTEXT.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            *c = DCtx::try_create();
        }
        let d = c
            .as_mut()
            .ok_or_else(|| std::io::Error::other("no zstd context"))?;
        let mut out = Vec::with_capacity(size);
        match base {
            // A base is a raw-content dictionary: a UTF-8 text never starts with zstd's
            // dictionary magic number (its second byte, 0xA4, cannot follow an ASCII byte).
            Some(b) => d.decompress_using_dict(&mut out, frame, b),
            None => d.decompress(&mut out, frame),
        }
        .map_err(|code| std::io::Error::other(zstd::zstd_safe::get_error_name(code)))?;
        Ok(out)
    })
}

/// `text` compressed alone, with a context reused a thread.
fn zip_alone(text: &[u8]) -> std::io::Result<Vec<u8>> {
    zip_with(text, &[])
}

/// `text` compressed against `base` (a raw-content dictionary: the base's bytes as if they
/// came just before).
fn zip_against(text: &[u8], base: &[u8]) -> std::io::Result<Vec<u8>> {
    zip_with(text, base)
}

/// `text` compressed against `dict` (none when empty), with a context reused a thread
/// (creating one for each text took 0.86 s where this takes 0.52 s, for the 37,000 reprints of
/// a 100k run; loading the dictionary into a reused context built tables sized for any input,
/// 0.79 s). (A prefix referenced in a reused context would
/// carry zstd's checksum too, but binds the context to the base's lifetime; what guards a text
/// instead is that its base never changes, see the module's invariants.)
fn zip_with(text: &[u8], dict: &[u8]) -> std::io::Result<Vec<u8>> {
    use zstd::zstd_safe::CCtx;
    thread_local! {
        static CONTEXT: std::cell::RefCell<Option<CCtx<'static>>> =
            const { std::cell::RefCell::new(None) };
    }
    CONTEXT.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            *c = CCtx::try_create();
        }
        let c = c
            .as_mut()
            .ok_or_else(|| std::io::Error::other("no zstd context"))?;
        let mut out = Vec::with_capacity(zstd::zstd_safe::compress_bound(text.len()));
        c.compress_using_dict(&mut out, text, dict, LEVEL)
            .map_err(|code| std::io::Error::other(zstd::zstd_safe::get_error_name(code)))?;
        Ok(out)
    })
}

/// Each new article's planned base (`None`: stored alone), for the run's articles `new`
/// (doc numbers `new.start..new.end`), from the pairs verified in this run as
/// `(a, b, shared words)`.
///
/// The rule: an article's partners ranked by shared words (the smaller doc on a tie); the first
/// that is stored alone is its base — an older article whose text is stored alone
/// (`older_alone`), or an earlier article of the run planned alone. A later article of the run
/// is not taken (its plan is not made yet); it may take this one. The plan does not depend on
/// how well a text compresses, so it is made in doc order before the texts are compressed in
/// parallel; an article planned against a base may still be stored alone ([`zip_run`]), and
/// then no other article takes it as base — a missed saving, never a chain.
pub(crate) fn plan_bases(
    new: std::ops::Range<u32>,
    pairs: impl IntoIterator<Item = (DocId, DocId, u32)>,
    mut older_alone: impl FnMut(DocId) -> Result<bool>,
) -> Result<Vec<Option<DocId>>> {
    let n = (new.end - new.start) as usize;
    let mut partners: Vec<Vec<(u32, DocId)>> = vec![Vec::new(); n];
    for (a, b, words) in pairs {
        for (d, p) in [(a, b), (b, a)] {
            if new.contains(&d.0) {
                partners[(d.0 - new.start) as usize].push((words, p));
            }
        }
    }
    let mut plan: Vec<Option<DocId>> = vec![None; n];
    for k in 0..n {
        let d = DocId(new.start + k as u32);
        let ps = &mut partners[k];
        ps.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        for &(_, p) in ps.iter() {
            let alone = if p.0 < new.start {
                older_alone(p)?
            } else {
                p < d && plan[(p.0 - new.start) as usize].is_none()
            };
            if alone {
                plan[k] = Some(p);
                break;
            }
        }
    }
    Ok(plan)
}

/// How the run's articles `docs` (doc numbers, each with its planned base) are stored,
/// compressed in parallel: a planned article against its base's text, kept when it is at most
/// a quarter of the text's bytes ([`SURE_DEN`]) or three quarters of the text compressed alone;
/// every other article alone.
pub(crate) fn zip_run(
    texts: &dyn Texts,
    docs: &[(DocId, Option<DocId>)],
    path: &Path,
) -> Result<Vec<Zipped>> {
    docs.par_iter()
        .map(|&(d, base)| -> Result<Zipped> {
            let io = |e| Error::io(path, e);
            let text = texts.text(d)?;
            let alone = |text: &str| zip_alone(text.as_bytes()).map_err(io);
            let Some(b) = base else {
                return Ok(Zipped {
                    base: None,
                    frame: alone(&text)?,
                });
            };
            let frame = zip_against(text.as_bytes(), texts.text(b)?.as_bytes()).map_err(io)?;
            if frame.len() * SURE_DEN <= text.len() {
                return Ok(Zipped {
                    base: Some(b),
                    frame,
                });
            }
            let alone = alone(&text)?;
            Ok(if frame.len() * KEEP_DEN <= alone.len() * KEEP_NUM {
                Zipped {
                    base: Some(b),
                    frame,
                }
            } else {
                Zipped {
                    base: None,
                    frame: alone,
                }
            })
        })
        .collect()
}

/// Whether the text of the older article `doc` is stored alone.
pub(crate) fn stored_alone(conn: &Connection, doc: DocId, path: &Path) -> Result<bool> {
    let base: Option<Option<i64>> = conn
        .prepare_cached("SELECT base FROM texts WHERE doc = ?1")
        .and_then(|mut st| st.query_row([doc.0 as i64], |r| r.get(0)).optional())
        .map_err(|e| db_err(path, e))?;
    match base {
        Some(b) => Ok(b.is_none()),
        None => Err(broken(path, format!("the text of doc {doc} is missing"))),
    }
}

/// Stores a run's texts.
pub(crate) fn insert(conn: &Connection, doc: DocId, z: &Zipped, path: &Path) -> Result<()> {
    conn.prepare_cached("INSERT INTO texts(doc, base, text) VALUES (?1, ?2, ?3)")
        .and_then(|mut st| {
            st.execute(rusqlite::params![
                doc.0 as i64,
                z.base.map(|b| b.0 as i64),
                z.frame
            ])
        })
        .map(drop)
        .map_err(|e| db_err(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(
        new: std::ops::Range<u32>,
        pairs: &[(u32, u32, u32)],
        alone: &[u32],
    ) -> Vec<Option<u32>> {
        plan_bases(
            new,
            pairs.iter().map(|&(a, b, w)| (DocId(a), DocId(b), w)),
            |d| Ok(alone.contains(&d.0)),
        )
        .unwrap()
        .into_iter()
        .map(|b| b.map(|d| d.0))
        .collect()
    }

    #[test]
    fn a_base_is_always_stored_alone() {
        // 10 and 11 are new; 12 reprints 10, and 13 shares most with 12, then with 10.
        let p = plan(
            10..14,
            &[(10, 12, 50), (12, 13, 80), (10, 13, 40), (11, 10, 5)],
            &[],
        );
        assert_eq!(p, vec![None, Some(10), Some(10), Some(10)]);
        // Nothing planned against an article that is itself planned against another.
        for (k, b) in p.iter().enumerate() {
            if let Some(b) = b {
                assert!(p[(*b - 10) as usize].is_none(), "{k} against {b}");
            }
        }
    }

    #[test]
    fn older_partners_count_only_when_stored_alone() {
        // Old 3 is stored against another; old 4 alone. 20 shares most with 3, so takes 4;
        // 21 shares only with 20, which is planned against 4: 21 is stored alone.
        let p = plan(20..22, &[(3, 20, 90), (4, 20, 30), (21, 20, 70)], &[4]);
        assert_eq!(p, vec![Some(4), None]);
        let p = plan(20..22, &[(3, 20, 90), (21, 20, 70)], &[4]);
        assert_eq!(p, vec![None, Some(20)]);
    }

    #[test]
    fn ties_take_the_smaller_partner_whatever_the_pair_order() {
        let one = plan(5..8, &[(5, 7, 30), (6, 7, 30)], &[]);
        let other = plan(5..8, &[(7, 6, 30), (7, 5, 30)], &[]);
        assert_eq!(one, other);
        assert_eq!(one[2], Some(5));
    }

    #[test]
    fn frames_round_trip_alone_and_against_a_base() {
        let base = "The minister said on Tuesday that the new bridge would open in May, \
                    three months late, after inspectors found cracks in two of its piers.";
        let reprint = format!("{base} The outlet's own last line.");
        let frame = zip_against(reprint.as_bytes(), base.as_bytes()).unwrap();
        let alone = zstd::bulk::compress(reprint.as_bytes(), LEVEL).unwrap();
        assert!(
            frame.len() < alone.len() / 2,
            "{} against {}",
            frame.len(),
            alone.len()
        );
        assert_eq!(
            unzip(&frame, Some(base.as_bytes())).unwrap(),
            reprint.as_bytes()
        );
        assert_eq!(unzip(&alone, None).unwrap(), reprint.as_bytes());
        // Against another text, other words.
        let other = base.replace("Tuesday", "Thursday");
        assert!(unzip(&frame, Some(other.as_bytes())).map_or(true, |t| t != reprint.as_bytes()));
    }
}
