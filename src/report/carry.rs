//! Report rows carried over: an indexed run copies the `passages.csv` rows of every pair it
//! reports again, unchanged, from the report set it wrote before, instead of cutting their
//! texts from the stored articles once more.
//!
//! Why: at a million articles `passages.csv` is a gigabyte, and each of its rows holds a text
//! cut from an article that the index keeps compressed. A nightly run that adds a few thousand
//! articles changes few of those rows, but cutting them all again was most of its report time.
//!
//! When rows are carried (all must hold, else every row is built as before):
//! - the index recorded ([`PassagesRecord`], in its `meta` table) the `passages.csv` the last
//!   report from it wrote: the `--out` folder, `--bom`, the row format ([`FORMAT`]), the size
//!   and the xxh3 digest of the file;
//! - the file in `--out` now is that file, byte for byte (its digest is checked before use);
//! - the run writes no `report.xlsx` (the workbook needs every cell).
//!
//! Each carried row is checked on its own: it is copied only when its pair is reported again
//! with the same passages, every number of the row equal (ids, both spans, words). The text
//! cell then needs no check: it is cut from side `a`'s text at `start_a..end_a`, and an
//! article's text never changes under its id in an index (a record with another text under a
//! stored id is skipped, `changed_text`). Rows of pairs no longer reported are dropped; pairs
//! reported for the first time, or whose passages changed, get rows built from the texts. So
//! the file written equals, byte for byte, the one a run without carrying writes.

use std::cmp::Ordering;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::report::{undefuse, SharedPassage};

/// The row format of `passages.csv` as carried rows assume it: bump it whenever a row's bytes
/// could change for the same pair (a cell rule, the cut, the tidying of scraped text), so
/// that rows written by an older build are built again rather than copied. The test
/// `row_bytes_are_those_the_format_names` holds the bytes of a few rows to this name.
pub const FORMAT: &str = "passages-1";

/// The `meta` key under which the index keeps its [`PassagesRecord`].
pub const RECORD_KEY: &str = "last_passages_csv";

/// What the index remembers of the last `passages.csv` written from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassagesRecord {
    /// The `--out` folder, as given then (made absolute).
    pub out: PathBuf,
    pub bom: bool,
    pub format: String,
    pub bytes: u64,
    pub xxh3: u64,
}

impl PassagesRecord {
    /// The record of a `passages.csv` of `bytes` bytes and digest `xxh3`, written into `out`.
    pub fn new(out: &Path, bom: bool, bytes: u64, xxh3: u64) -> PassagesRecord {
        PassagesRecord {
            out: absolute(out),
            bom,
            format: FORMAT.to_string(),
            bytes,
            xxh3,
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// One row of the old file: its bytes as written and its decoded fields (the fields' bytes
/// end to end, `ends[i]` past field `i`). Read into in place, row after row: the buffers are
/// kept, so a million rows cost no allocation each.
struct OldRow {
    raw: Vec<u8>,
    fields: Vec<u8>,
    ends: [usize; COLUMNS + 1],
}

impl Default for OldRow {
    fn default() -> Self {
        OldRow {
            raw: Vec::with_capacity(1024),
            fields: vec![0; 1024],
            ends: [0; COLUMNS + 1],
        }
    }
}

impl OldRow {
    fn field(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.fields[start..self.ends[i]]
    }

    /// The pair's ids as read (the cells undefused); `None` for a row that is not UTF-8.
    fn key(&self) -> Option<(&str, &str)> {
        let a = std::str::from_utf8(self.field(0)).ok()?;
        let b = std::str::from_utf8(self.field(3)).ok()?;
        Some((undefuse(a), undefuse(b)))
    }
}

/// The old `passages.csv`, read forward in step with the pairs being written.
pub struct PassagesCarry {
    input: BufReader<File>,
    reader: csv_core::Reader,
    /// The next row not yet taken, when `has_next`; the file is done once it is false.
    next: OldRow,
    has_next: bool,
    carried_rows: u64,
}

/// Rows of the old file have the `passages.csv` columns.
const COLUMNS: usize = 8;

impl PassagesCarry {
    /// The previous `passages.csv` of `out`, when `record` says it is the one this index wrote
    /// there (see the module docs) and `preamble` (the byte order mark, the header) begins it;
    /// `None` otherwise, or when it cannot be read: rows are then all built.
    pub fn open(
        out: &Path,
        bom: bool,
        record: &PassagesRecord,
        preamble: &[u8],
    ) -> Option<PassagesCarry> {
        if record.format != FORMAT || record.bom != bom || record.out != absolute(out) {
            return None;
        }
        let path = out.join("passages.csv");
        let mut file = File::open(&path).ok()?;
        if file.metadata().ok()?.len() != record.bytes || digest(&file).ok()? != record.xxh3 {
            return None;
        }
        file.seek(SeekFrom::Start(0)).ok()?;
        let mut input = BufReader::with_capacity(1 << 20, file);
        let mut head = vec![0; preamble.len()];
        input.read_exact(&mut head).ok()?;
        if head != preamble {
            return None;
        }
        let mut carry = PassagesCarry {
            input,
            reader: csv_core::Reader::new(),
            next: OldRow::default(),
            has_next: false,
            carried_rows: 0,
        };
        carry.advance();
        Some(carry)
    }

    /// How many rows were carried over.
    pub fn carried_rows(&self) -> u64 {
        self.carried_rows
    }

    /// The bytes of the old rows of pair (`id_a`, `id_b`) when they are exactly the rows of
    /// `passages` (in order, every number equal); `None` when the pair had no rows or others.
    /// Pairs must be asked for in `passages.csv` order; rows of pairs never asked for are
    /// passed over.
    pub fn take(&mut self, id_a: &str, id_b: &str, passages: &[SharedPassage]) -> Option<Vec<u8>> {
        loop {
            if !self.has_next {
                return None;
            }
            let order = self.next.key().map(|k| k.cmp(&(id_a, id_b)));
            match order {
                Some(Ordering::Less) | None => self.advance(),
                Some(Ordering::Equal) => break,
                Some(Ordering::Greater) => return None,
            }
        }
        let (cell_a, cell_b) = (crate::report::defuse(id_a), crate::report::defuse(id_b));
        let mut raw = Vec::new();
        let mut matched = 0;
        let mut all = true;
        while self.has_next {
            let row = &self.next;
            if row.key() != Some((id_a, id_b)) {
                break;
            }
            let same = passages.get(matched).is_some_and(|p| {
                row.field(0) == cell_a.as_bytes()
                    && row.field(3) == cell_b.as_bytes()
                    && [p.start_a, p.end_a, p.start_b, p.end_b, p.words]
                        .iter()
                        .zip([1, 2, 4, 5, 6])
                        .all(|(n, i)| number(row.field(i)) == Some(*n))
            });
            all &= same;
            matched += 1;
            if all {
                raw.extend_from_slice(&row.raw);
            }
            self.advance();
        }
        if all && matched == passages.len() && matched > 0 {
            self.carried_rows += matched as u64;
            Some(raw)
        } else {
            None
        }
    }

    /// Reads the file's next row into `next`; `has_next` is false at the file's end, on a
    /// read error, or on a row that is not a `passages.csv` row (the rest of the file is then
    /// not carried).
    fn advance(&mut self) {
        self.has_next = self.read_row().is_some();
    }

    fn read_row(&mut self) -> Option<()> {
        let PassagesCarry {
            input,
            reader,
            next: row,
            ..
        } = self;
        row.raw.clear();
        let (mut nfields, mut nout) = (0usize, 0usize);
        loop {
            let buf = input.fill_buf().ok()?;
            if buf.is_empty() && row.raw.is_empty() {
                return None;
            }
            let (res, nin, n, nend) = reader.read_record(
                buf,
                &mut row.fields[nout..],
                &mut row.ends[nfields.min(COLUMNS)..],
            );
            row.raw.extend_from_slice(&buf[..nin]);
            input.consume(nin);
            nout += n;
            nfields += nend;
            match res {
                csv_core::ReadRecordResult::InputEmpty => continue,
                csv_core::ReadRecordResult::OutputFull => {
                    let len = row.fields.len();
                    row.fields.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => return None,
                csv_core::ReadRecordResult::Record => break,
                csv_core::ReadRecordResult::End => return None,
            }
        }
        (nfields == COLUMNS).then_some(())
    }
}

/// A row's number cell as written (`u32`, decimal, no sign).
fn number(cell: &[u8]) -> Option<u32> {
    std::str::from_utf8(cell).ok()?.parse().ok()
}

/// The xxh3 digest of a whole file, read from its start.
pub fn digest(file: &File) -> io::Result<u64> {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut r = BufReader::with_capacity(1 << 20, file);
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        h.update(buf);
        let n = buf.len();
        r.consume(n);
    }
    Ok(h.digest())
}

/// A writer that keeps the size and xxh3 digest of everything written through it.
pub struct Digesting<W> {
    inner: W,
    hasher: xxhash_rust::xxh3::Xxh3,
    bytes: u64,
}

impl<W: io::Write> Digesting<W> {
    pub fn new(inner: W) -> Self {
        Digesting {
            inner,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            bytes: 0,
        }
    }

    /// (bytes, digest) so far.
    pub fn sum(&self) -> (u64, u64) {
        (self.bytes, self.hasher.digest())
    }
}

impl<W: io::Write> io::Write for Digesting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{PairRow, PassageRow, PassageRows, ReportWriter};
    use crate::verify::ReuseKind;

    fn passage(start_a: u32, end_a: u32, words: u32) -> SharedPassage {
        SharedPassage::at(start_a, end_a, words)
    }

    /// One pair's rows as a run builds them.
    fn rows(a: &str, b: &str, passages: &[SharedPassage]) -> (PairRow, PassageRows) {
        let pair = PairRow {
            id_a: a.into(),
            id_b: b.into(),
            outlet_a: "X".into(),
            outlet_b: "Y".into(),
            date_a: String::new(),
            date_b: String::new(),
            jaccard: 0.5,
            containment_a: 0.5,
            containment_b: 0.5,
            shared_words: 10,
            passage: String::new(),
            origin: String::new(),
            agency: String::new(),
            cluster: 1,
            kind: ReuseKind::Passages,
        };
        let built = passages
            .iter()
            .map(|p| PassageRow {
                id_a: a.into(),
                start_a: p.start_a,
                end_a: p.end_a,
                id_b: b.into(),
                start_b: p.start_b,
                end_b: p.end_b,
                words: p.words,
                text: format!("text of {a} at {}, \"quoted\"", p.start_a),
            })
            .collect();
        (pair, PassageRows::Built(built))
    }

    /// Writes a report set of `pairs` into `out`; returns the record of its `passages.csv`.
    fn write(out: &Path, bom: bool, pairs: &[(&str, &str, Vec<SharedPassage>)]) -> PassagesRecord {
        let w = ReportWriter::new(out, bom).unwrap();
        w.pairs_and_passages(pairs.iter().map(|(a, b, p)| rows(a, b, p)), None)
            .unwrap();
        w.commit().unwrap();
        w.passages_record().unwrap()
    }

    /// The ids in the old file include ones quoted (a comma, a quote) and one defused (`=`).
    fn old_pairs() -> Vec<(&'static str, &'static str, Vec<SharedPassage>)> {
        vec![
            ("=a", "b", vec![passage(0, 10, 2)]),
            ("a,1", "b\"2", vec![passage(0, 10, 2), passage(20, 40, 5)]),
            ("c", "d", vec![passage(5, 9, 1)]),
            ("c", "e", vec![passage(1, 2, 1)]),
            ("f", "g", vec![passage(3, 30, 6)]),
        ]
    }

    #[test]
    fn unchanged_pairs_take_their_rows_as_written_and_others_none() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("rep");
        let record = write(&out, false, &old_pairs());
        let old = std::fs::read_to_string(out.join("passages.csv")).unwrap();
        let lines: Vec<&str> = old.lines().collect();
        let w = ReportWriter::new(&out, false).unwrap();
        let mut carry = w.carry_from(&record).expect("the file the record names");
        let line = |k: usize| format!("{}\n", lines[k]);
        // Same passages: the rows as written (a defused id, quoted ids).
        let got = carry.take("=a", "b", &[passage(0, 10, 2)]);
        assert_eq!(got.as_deref(), Some(line(1).as_bytes()));
        let got = carry.take("a,1", "b\"2", &[passage(0, 10, 2), passage(20, 40, 5)]);
        assert_eq!(got, Some(format!("{}{}", line(2), line(3)).into_bytes()));
        // A new pair between old ones: none, and the next old pair still found.
        assert_eq!(carry.take("b", "z", &[passage(0, 1, 1)]), None);
        // (c, d) is never asked for: passed over. (c, e) changed its span: none.
        assert_eq!(carry.take("c", "e", &[passage(1, 3, 1)]), None);
        // A pair with one passage more than it had: none.
        assert_eq!(
            carry.take("f", "g", &[passage(3, 30, 6), passage(40, 50, 2)]),
            None
        );
        // Past the end of the file.
        assert_eq!(carry.take("h", "i", &[passage(0, 1, 1)]), None);
        assert_eq!(carry.carried_rows(), 3);
    }

    #[test]
    fn a_file_changed_moved_or_written_otherwise_is_not_carried() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("rep");
        let record = write(&out, false, &old_pairs());
        let writer = |bom| ReportWriter::new(&out, bom).unwrap();
        assert!(writer(false).carry_from(&record).is_some());
        // Another byte order mark setting, another format, another folder.
        assert!(writer(true).carry_from(&record).is_none());
        let other = PassagesRecord {
            format: "passages-0".into(),
            ..record.clone()
        };
        assert!(writer(false).carry_from(&other).is_none());
        let moved = dir.path().join("moved");
        std::fs::rename(&out, &moved).unwrap();
        assert!(ReportWriter::new(&moved, false)
            .unwrap()
            .carry_from(&record)
            .is_none());
        std::fs::rename(&moved, &out).unwrap();
        // One byte of a text changed, the size kept: the digest tells.
        let path = out.join("passages.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("text of c", "text of C", 1)).unwrap();
        assert!(writer(false).carry_from(&record).is_none());
        // With a workbook, rows are all built.
        std::fs::write(&path, text).unwrap();
        assert!(writer(false).carry_from(&record).is_some());
        assert!(writer(false).with_xlsx(true).carry_from(&record).is_none());
    }

    /// A file written with carried rows is the file written without them.
    #[test]
    fn rows_carried_and_built_make_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("rep");
        let pairs = old_pairs();
        let record = write(&out, true, &pairs);
        let first = std::fs::read(out.join("passages.csv")).unwrap();
        let w = ReportWriter::new(&out, true).unwrap();
        let mut carry = w.carry_from(&record).unwrap();
        let mixed: Vec<(PairRow, PassageRows)> = pairs
            .iter()
            .enumerate()
            .map(|(k, (a, b, p))| match (k % 2, carry.take(a, b, p)) {
                (0, Some(bytes)) => (rows(a, b, p).0, PassageRows::Carried(bytes)),
                _ => rows(a, b, p),
            })
            .collect();
        assert_eq!(carry.carried_rows(), 6, "every row found");
        w.pairs_and_passages(mixed, None).unwrap();
        w.commit().unwrap();
        assert_eq!(std::fs::read(out.join("passages.csv")).unwrap(), first);
        assert_eq!(w.passages_record(), Some(record));
    }

    /// The bytes of a few `passages.csv` rows, cut from texts that exercise every rule a text
    /// cell follows (a plain text, one scraped with markup, a passage past the cell's length,
    /// line breaks, a cell a spreadsheet would run, quotes). If this fails, a row's bytes
    /// changed for the same pair: rows written by an older build must not be carried, so bump
    /// [`FORMAT`] and then set the digest here.
    #[test]
    fn row_bytes_are_those_the_format_names() {
        use crate::analyse::pairs::{PairLocal, TextCut};
        use crate::DocId;
        let long = "Word ".repeat(80);
        let texts = [
            "Plain text, with \"quotes\" and a comma.\nA second line.",
            "<p>Scraped&nbsp;text <b>with</b>\n\n  markup</p><div>left in</div>",
            long.as_str(),
            "=SUM(A1) opens this one",
        ];
        let mut rows = Vec::new();
        for (k, text) in texts.iter().enumerate() {
            let chars = text.chars().count() as u32;
            let mut pair = PairLocal {
                lo: DocId(0),
                hi: DocId(1),
                swapped: false,
                jaccard: 0.5,
                containment_a: 0.5,
                containment_b: 0.5,
                shared_words: 5,
                passage: String::new(),
                passages: vec![passage(0, chars, 5), passage(chars / 3, chars, 3)],
                kind: ReuseKind::Passages,
                foot: Vec::new(),
                cut: TextCut::Nothing,
            };
            pair.cut_texts(text, true);
            rows.extend(pair.passages.iter().map(|p| PassageRow {
                id_a: format!("a{k}"),
                start_a: p.start_a,
                end_a: p.end_a,
                id_b: format!("b{k}"),
                start_b: p.start_b,
                end_b: p.end_b,
                words: p.words,
                text: p.text.clone(),
            }));
        }
        let bytes = crate::report::passage_bytes(vec![PassageRows::Built(rows)]).unwrap();
        let digest = xxhash_rust::xxh3::xxh3_64(&bytes);
        assert_eq!(
            (FORMAT, digest),
            ("passages-1", 1163738800608650624),
            "{}",
            String::from_utf8_lossy(&bytes)
        );
    }
}
