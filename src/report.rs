//! Stage 9 — report: the run's rows → CSV files and `summary.json` in `--out`.
//!
//! Every file is UTF-8, comma-separated, RFC 4180 quoted (`\n` line ends), one header row, rows
//! in the order the caller sorted them (see each row type). Text cells a spreadsheet would run
//! as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) get a leading `'`. Numbers use
//! `.` and at most four decimals, trailing zeros trimmed (`0.5`, `1`, `0.1234`).
//!
//! Atomicity: each file is written to a temporary file in `--out`, flushed, synced and renamed
//! over its target only when complete ([`write_atomic`]): a failed or killed run leaves the
//! previous reports as they were and never a half-written file.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// `pairs.csv` / `new_pairs.csv` header (SPEC).
pub const PAIRS_HEADER: [&str; 14] = [
    "id_a",
    "id_b",
    "outlet_a",
    "outlet_b",
    "date_a",
    "date_b",
    "jaccard",
    "containment_a",
    "containment_b",
    "shared_words",
    "passage",
    "origin",
    "agency",
    "cluster",
];
pub const PASSAGES_HEADER: [&str; 8] = [
    "id_a", "start_a", "end_a", "id_b", "start_b", "end_b", "words", "text",
];
pub const CLUSTERS_HEADER: [&str; 8] = [
    "cluster",
    "id",
    "outlet",
    "date",
    "title",
    "role",
    "containment",
    "agency",
];
pub const CREDITS_HEADER: [&str; 5] = ["id", "outlet", "agency", "kind", "evidence"];
pub const OUTLETS_HEADER: [&str; 7] = [
    "outlet",
    "agency",
    "articles",
    "reusing",
    "share",
    "credited",
    "uncredited",
];

/// Longest `passage` / `text` cell, in characters.
pub const MAX_PASSAGE_CHARS: usize = 300;

/// One row of `pairs.csv`, sorted by (`id_a`, `id_b`) bytes. Invariant: `id_a < id_b`.
#[derive(Clone, Debug, PartialEq)]
pub struct PairRow {
    pub id_a: String,
    pub id_b: String,
    pub outlet_a: String,
    pub outlet_b: String,
    pub date_a: String,
    pub date_b: String,
    pub jaccard: f64,
    pub containment_a: f64,
    pub containment_b: f64,
    pub shared_words: u32,
    pub passage: String,
    pub origin: String,
    pub agency: String,
    pub cluster: u32,
}

/// One aligned passage of a pair, in report orientation, without the pair's ids (kept once per
/// pair, not once per passage).
#[derive(Clone, Debug, PartialEq)]
pub struct SharedPassage {
    pub start_a: u32,
    pub end_a: u32,
    pub start_b: u32,
    pub end_b: u32,
    pub words: u32,
    /// a's passage, cut to [`MAX_PASSAGE_CHARS`].
    pub text: String,
}

/// One row of `passages.csv`, sorted by (`id_a`, `id_b`, `start_a`).
#[derive(Clone, Debug, PartialEq)]
pub struct PassageRow {
    pub id_a: String,
    pub start_a: u32,
    pub end_a: u32,
    pub id_b: String,
    pub start_b: u32,
    pub end_b: u32,
    pub words: u32,
    pub text: String,
}

/// One row of `clusters.csv`, sorted by (`cluster`, role, `id`).
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterRow {
    pub cluster: u32,
    pub id: String,
    pub outlet: String,
    pub date: String,
    pub title: String,
    pub role: &'static str,
    pub containment: Option<f64>,
    pub agency: String,
}

/// One row of `credits.csv`, sorted by (`id`, position of the credit in the text).
#[derive(Clone, Debug, PartialEq)]
pub struct CreditRow {
    pub id: String,
    pub outlet: String,
    pub agency: String,
    pub kind: &'static str,
    pub evidence: String,
}

/// One row of `outlets.csv`, sorted by (`outlet`, `agency`).
#[derive(Clone, Debug, PartialEq)]
pub struct OutletRow {
    pub outlet: String,
    pub agency: String,
    pub articles: u64,
    pub reusing: u64,
    pub credited: u64,
    pub uncredited: u64,
}

/// Formats a number with at most four decimals, trailing zeros trimmed.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{:.4}", x);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// A text cell made safe for spreadsheets: a leading `'` before `=`, `+`, `-`, `@`, tab, CR.
pub fn defuse(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// The first `max` characters of `s`.
pub fn cut(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Writes `path` atomically: `fill` writes into a temporary file in the same folder, which is
/// synced and renamed over `path` only if `fill` succeeds.
pub fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let wrap = |e: io::Error| Error::io(path, e);
    let tmp = tempfile::Builder::new()
        .prefix(".wiretrace-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(wrap)?;
    {
        let mut w = BufWriter::with_capacity(1 << 16, tmp.as_file());
        fill(&mut w).map_err(wrap)?;
        w.flush().map_err(wrap)?;
    }
    tmp.as_file().sync_all().map_err(wrap)?;
    tmp.persist(path).map_err(|e| wrap(e.error))?;
    Ok(())
}

/// Where and how reports are written.
#[derive(Clone, Debug)]
pub struct ReportWriter {
    pub dir: PathBuf,
    pub bom: bool,
}

fn csv_err(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl ReportWriter {
    /// Creates `dir` if missing.
    pub fn new(dir: &Path, bom: bool) -> Result<Self> {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        Ok(ReportWriter {
            dir: dir.to_path_buf(),
            bom,
        })
    }

    /// Writes one CSV from rows made on the fly: large reports are never held in memory whole.
    fn write_csv<R>(
        &self,
        name: &str,
        header: &[&str],
        rows: impl IntoIterator<Item = R>,
        cells: impl Fn(&R) -> Vec<String>,
    ) -> Result<PathBuf> {
        let path = self.dir.join(name);
        write_atomic(&path, |w| {
            if self.bom {
                w.write_all("\u{feff}".as_bytes())?;
            }
            let mut out = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(w);
            out.write_record(header).map_err(csv_err)?;
            for r in rows {
                out.write_record(cells(&r)).map_err(csv_err)?;
            }
            out.flush()
        })?;
        Ok(path)
    }

    pub fn pairs(&self, name: &str, rows: impl IntoIterator<Item = PairRow>) -> Result<PathBuf> {
        self.write_csv(name, &PAIRS_HEADER, rows, |r| {
            vec![
                defuse(&r.id_a),
                defuse(&r.id_b),
                defuse(&r.outlet_a),
                defuse(&r.outlet_b),
                r.date_a.clone(),
                r.date_b.clone(),
                num(r.jaccard),
                num(r.containment_a),
                num(r.containment_b),
                r.shared_words.to_string(),
                defuse(cut(&r.passage, MAX_PASSAGE_CHARS)),
                defuse(&r.origin),
                defuse(&r.agency),
                r.cluster.to_string(),
            ]
        })
    }

    pub fn passages(&self, rows: impl IntoIterator<Item = PassageRow>) -> Result<PathBuf> {
        self.write_csv("passages.csv", &PASSAGES_HEADER, rows, |r| {
            vec![
                defuse(&r.id_a),
                r.start_a.to_string(),
                r.end_a.to_string(),
                defuse(&r.id_b),
                r.start_b.to_string(),
                r.end_b.to_string(),
                r.words.to_string(),
                defuse(cut(&r.text, MAX_PASSAGE_CHARS)),
            ]
        })
    }

    pub fn clusters<'r>(&self, rows: impl IntoIterator<Item = &'r ClusterRow>) -> Result<PathBuf> {
        self.write_csv("clusters.csv", &CLUSTERS_HEADER, rows, |r| {
            vec![
                r.cluster.to_string(),
                defuse(&r.id),
                defuse(&r.outlet),
                r.date.clone(),
                defuse(&r.title),
                r.role.to_string(),
                r.containment.map(num).unwrap_or_default(),
                defuse(&r.agency),
            ]
        })
    }

    pub fn credits<'r>(&self, rows: impl IntoIterator<Item = &'r CreditRow>) -> Result<PathBuf> {
        self.write_csv("credits.csv", &CREDITS_HEADER, rows, |r| {
            vec![
                defuse(&r.id),
                defuse(&r.outlet),
                defuse(&r.agency),
                r.kind.to_string(),
                defuse(&r.evidence),
            ]
        })
    }

    pub fn outlets<'r>(&self, rows: impl IntoIterator<Item = &'r OutletRow>) -> Result<PathBuf> {
        self.write_csv("outlets.csv", &OUTLETS_HEADER, rows, |r| {
            let share = if r.articles == 0 {
                0.0
            } else {
                r.reusing as f64 / r.articles as f64
            };
            vec![
                defuse(&r.outlet),
                defuse(&r.agency),
                r.articles.to_string(),
                r.reusing.to_string(),
                num(share),
                r.credited.to_string(),
                r.uncredited.to_string(),
            ]
        })
    }

    /// `summary.json`, pretty-printed with sorted keys.
    pub fn summary(&self, value: &serde_json::Value) -> Result<PathBuf> {
        let path = self.dir.join("summary.json");
        write_atomic(&path, |w| {
            serde_json::to_writer_pretty(&mut *w, value).map_err(io::Error::other)?;
            w.write_all(b"\n")
        })?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_at_most_four_decimals() {
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.123456), "0.1235");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(num(2.0 / 3.0), "0.6667");
    }

    #[test]
    fn formula_cells_are_defused() {
        for s in ["=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx"] {
            assert!(defuse(s).starts_with('\''), "{s}");
        }
        assert_eq!(defuse("LONDON (Reuters)"), "LONDON (Reuters)");
        assert_eq!(defuse(""), "");
    }

    #[test]
    fn cut_counts_characters() {
        assert_eq!(cut("añb新", 3), "añb");
        assert_eq!(cut("ab", 5), "ab");
    }

    #[test]
    fn csv_round_trips_with_bom_and_quoting() {
        let dir = tempfile::tempdir().unwrap();
        let w = ReportWriter::new(&dir.path().join("out"), true).unwrap();
        let row = CreditRow {
            id: "=x".into(),
            outlet: "The \"Herald\"".into(),
            agency: "AFP".into(),
            kind: "dateline",
            evidence: "PARIS, 3 mars (AFP) -\nline two".into(),
        };
        let path = w.credits(&[row]).unwrap();
        let bytes = fs::read(&path).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        assert_eq!(r.headers().unwrap(), CREDITS_HEADER.as_slice());
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(&rec[0], "'=x");
        assert_eq!(&rec[1], "The \"Herald\"");
        assert_eq!(&rec[4], "PARIS, 3 mars (AFP) -\nline two");
        // No temporary files are left behind.
        let names: Vec<_> = fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("credits.csv")]);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pairs.csv");
        fs::write(&path, "old").unwrap();
        let res = write_atomic(&path, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk on fire"))
        });
        assert!(res.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
