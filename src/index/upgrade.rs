//! `wiretrace index upgrade`: an index built by another version of wiretrace — another
//! tokenizer, skeleton, hash family or built-in agency list, which the index's binding names and
//! a scan refuses — signed again from the texts it stores, instead of rebuilt from the inputs.
//!
//! How: the articles are written out in their index order and indexed again, in one run, into a
//! new index beside the old one, with the old index's matching parameters. One indexed run over
//! everything finds what one scan over all of it finds, so the new index is the one a fresh
//! start would build. The articles' source files and lines are carried over, and the new file
//! replaces the old one in one rename (its postings segments moved beside the old ones first).
//! An index of schema version 3, whose postings were SQLite tables, or 4, which stored the
//! passages' texts, is converted the same way.
//! The old index is locked throughout and left untouched if anything fails (the work folder
//! beside it is removed however the upgrade ends).
//!
//! Carried over too: the record of the last `passages.csv` written from the index (so the next
//! report into that folder copies the rows it can, each checked against the upgraded index
//! first: [`crate::report::carry`]). Not carried over: the history of runs (the new index
//! holds one run, the upgrade) and the pairs earlier runs retracted.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection};

use crate::config::{RunOptions, ScanConfig};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::index::schema::UPGRADABLE_FROM;
use crate::index::segments;
use crate::index::update::{read_segments, update};
use crate::index::{db_err, texts, Index};
use crate::model::DocId;
use crate::pipeline::run::{Counts, Timings};
use crate::progress::Progress;
use crate::read::{Input, ReadOptions};

/// What an upgrade did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Upgraded {
    /// Articles signed again.
    pub articles: u64,
    /// Pairs the upgraded index holds.
    pub pairs: u64,
}

/// Upgrades the index at `path` in place (see the module doc). `agencies` is the `--agencies`
/// file the index was built with, if any: the credits are found again with it.
pub fn upgrade(
    path: &Path,
    agencies: Option<&Path>,
    run: &RunOptions,
    timeout: Duration,
) -> Result<Upgraded> {
    let old = Index::open_existing_from(path, Some(timeout), UPGRADABLE_FROM)?;
    let params = old.params_read(true)?;
    let engine = Engine::new(params);
    let registry = crate::pipeline::ingest::load_registry(agencies)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let work = tempfile::Builder::new()
        .prefix(".wiretrace-upgrade-")
        .tempdir_in(&dir)
        .map_err(|e| Error::io(&dir, e))?;
    let export = work.path().join("articles.jsonl.zst");
    let articles = export_articles(&old, &export)?;

    let new_path = work.path().join("index.db");
    let mut counts = Counts::default();
    {
        let new = Index::open_for_scan(&new_path, &engine, &registry, timeout)?;
        let config = ScanConfig {
            inputs: vec![Input::Path(export)],
            read: ReadOptions::default(),
            params,
            agencies: agencies.map(Path::to_path_buf),
            out: work.path().join("reports"),
            bom: false,
            xlsx: false,
            index: Some(new_path.clone()),
            lock_timeout: timeout,
            // The export is this program's own: a record it cannot read back is a bug, not
            // input to skip.
            run: RunOptions {
                strict: true,
                ..run.clone()
            },
        };
        let progress = Progress::new(run);
        update(
            &new,
            &config,
            &engine,
            &registry,
            &progress,
            &mut counts,
            &mut Timings::default(),
        )?;
    }
    if counts.new != articles {
        return Err(Error::Index {
            path: path.to_path_buf(),
            reason: format!(
                "the upgrade indexed {} of the index's {articles} articles; the index is unchanged",
                counts.new
            ),
        });
    }
    let pairs = carry_over(&new_path, path, old.created_by())?;
    // The upgraded file takes the old one's permissions (who may read the index stays so).
    let mode = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .permissions();
    std::fs::set_permissions(&new_path, mode).map_err(|e| Error::io(&new_path, e))?;
    // The new postings segments go beside the old ones first (their names are new), then the
    // catalog that names them replaces the old one; the old segments, named by nothing from
    // then on, are removed. Killed in between, the next writer removes what is not named.
    let keep = {
        let conn = Connection::open(&new_path).map_err(|e| db_err(&new_path, e))?;
        read_segments(&conn, &new_path)?
    };
    let (from, to) = (segments::dir_of(&new_path), segments::dir_of(path));
    std::fs::create_dir_all(&to).map_err(|e| Error::io(&to, e))?;
    for m in &keep {
        let f = to.join(&m.name);
        std::fs::rename(from.join(&m.name), &f).map_err(|e| Error::io(&f, e))?;
    }
    segments::sync_dir(&to)?;
    std::fs::rename(&new_path, path).map_err(|e| Error::io(path, e))?;
    let keep: Vec<String> = keep.into_iter().map(|m| m.name).collect();
    segments::remove_unlisted(&to, &keep)?;
    drop(old);
    Ok(Upgraded { articles, pairs })
}

/// Writes every article of `index`, in index order, as zstd-compressed JSON Lines with the
/// fields a scan reads (`id`, `outlet`, `date`, `title`, `url`, `text`); returns how many.
fn export_articles(index: &Index, to: &Path) -> Result<u64> {
    let conn = index.conn();
    let e = |err| db_err(&index.path, err);
    let file = std::fs::File::create(to).map_err(|err| Error::io(to, err))?;
    let mut out = zstd::stream::Encoder::new(std::io::BufWriter::new(file), 1)
        .map_err(|err| Error::io(to, err))?;
    // Version 3 kept each text in its article's row; version 4 and later keep texts apart.
    let texts_apart: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'texts'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(e)?
        > 0;
    // Version 7 may store a text against another's (`texts.base`).
    let based: bool = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_info('texts') WHERE name = 'base'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(e)?
        > 0;
    let sql = if texts_apart {
        "SELECT a.id, o.name, a.date, a.title, a.url, a.doc FROM articles a \
         JOIN outlets o ON o.outlet = a.outlet ORDER BY a.doc"
    } else {
        "SELECT a.id, o.name, a.date, a.title, a.url, a.text FROM articles a \
         JOIN outlets o ON o.outlet = a.outlet ORDER BY a.doc"
    };
    let mut st = conn.prepare(sql).map_err(e)?;
    let mut rows = st.query([]).map_err(e)?;
    let mut n = 0u64;
    while let Some(r) = rows.next().map_err(e)? {
        let text = if texts_apart {
            let doc = DocId(r.get::<_, i64>(5).map_err(e)? as u32);
            if based {
                texts::read(&conn, doc, &index.path)?.unzip(&index.path)?
            } else {
                let frame: Vec<u8> = conn
                    .query_row(
                        "SELECT text FROM texts WHERE doc = ?1",
                        [doc.0 as i64],
                        |r| r.get(0),
                    )
                    .map_err(e)?;
                texts::unzip_alone(&frame, doc, &index.path)?
            }
        } else {
            let frame: Vec<u8> = r.get(5).map_err(e)?;
            texts::unzip_alone(&frame, DocId(n as u32), &index.path)?
        };
        let record = serde_json::json!({
            "id": r.get::<_, String>(0).map_err(e)?,
            "outlet": r.get::<_, String>(1).map_err(e)?,
            "date": r.get::<_, Option<String>>(2).map_err(e)?,
            "title": r.get::<_, String>(3).map_err(e)?,
            "url": r.get::<_, String>(4).map_err(e)?,
            "text": text,
        });
        serde_json::to_writer(&mut out, &record).map_err(|err| Error::io(to, err.into()))?;
        out.write_all(b"\n").map_err(|err| Error::io(to, err))?;
        n += 1;
    }
    out.finish()
        .and_then(|mut w| w.flush())
        .map_err(|err| Error::io(to, err))?;
    Ok(n)
}

/// Gives the upgraded index what the replay could not know: each article's source file and
/// line, the upgrade as its run's input, and where it came from. Returns its pair count.
fn carry_over(new_path: &Path, old_path: &Path, created_by: Option<String>) -> Result<u64> {
    let e = |err| db_err(new_path, err);
    let conn = Connection::open(new_path).map_err(e)?;
    conn.execute("ATTACH DATABASE ?1 AS old", [old_path.to_string_lossy()])
        .map_err(e)?;
    let tx = conn.unchecked_transaction().map_err(e)?;
    tx.execute_batch(
        "UPDATE articles SET \
           source_file = (SELECT o.source_file FROM old.articles o WHERE o.id = articles.id), \
           source_line = (SELECT o.source_line FROM old.articles o WHERE o.id = articles.id);",
    )
    .map_err(e)?;
    let inputs = serde_json::json!([format!("{} (index upgrade)", old_path.display())]);
    tx.execute("UPDATE runs SET inputs = ?1", [inputs.to_string()])
        .map_err(e)?;
    tx.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('upgraded_from', ?1)",
        params![created_by.unwrap_or_else(|| "(unknown)".into())],
    )
    .map_err(e)?;
    // The old file's rows are checked one by one against the new index before any is copied,
    // and an article's text is the same in both: the record stays true of that file.
    tx.execute(
        "INSERT OR REPLACE INTO meta(key, value) \
         SELECT key, value FROM old.meta WHERE key = ?1",
        [crate::report::carry::RECORD_KEY],
    )
    .map_err(e)?;
    let pairs: i64 = tx
        .query_row("SELECT count(*) FROM pairs", [], |r| r.get(0))
        .map_err(e)?;
    tx.commit().map_err(e)?;
    conn.execute("DETACH DATABASE old", []).map_err(e)?;
    Ok(pairs as u64)
}

impl Index {
    fn created_by(&self) -> Option<String> {
        self.meta().ok()?.get("created_by").cloned()
    }
}
