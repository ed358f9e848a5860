//! CSV and TSV: a header row, then one article per row (RFC 4180 quoting; a quoted field may
//! span lines).
//!
//! In: the decoded byte stream of one input and its delimiter. Out: per row, an [`Article`] or a
//! [`RecordError`] (`bad_row` for a wrong field count, `invalid_utf8` in a used column,
//! `record_too_large`, `missing_text`, `missing_id`), in row order. A header without a text column
//! (or without an id or url column) refuses the whole file with [`Error::Input`].
//!
//! Header names match a key or alias exactly, else ignoring ASCII case and surrounding blanks
//! (spreadsheets write `Text`, `Title `). Rows are `csv::ByteRecord`s, so bad UTF-8 costs one row.
//!
//! Invariants: memory is bounded by `max_record_bytes` per row even for a runaway quoted field:
//! [`RowGuard`] tracks record boundaries with the same quoting rules as `csv_core`, cuts a row
//! that grows past the limit (closing it for the parser) and drops the rest of it unparsed.
//! Locations carry the 1-based line where the row starts, counted on the real input.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::ops::ControlFlow;

use super::fields::{Field, Resolver, Scalar};
use super::{Failure, Origin, Sink};
use crate::error::{Error, RecordError, SkipReason};
use crate::model::Location;

/// Streams the rows of one CSV/TSV input into `sink`.
pub(crate) fn read_delimited<R: BufRead>(
    reader: R,
    delimiter: u8,
    origin: &Origin,
    resolver: &Resolver,
    limit: usize,
    sink: &mut Sink<'_>,
) -> Result<ControlFlow<()>, Failure> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(64 * 1024)
        .from_reader(RowGuard::new(reader, delimiter, limit));
    let mut rec = csv::ByteRecord::new();

    // The header.
    let Some(header_start) = next_row(&mut rdr, &mut rec)? else {
        return Ok(ControlFlow::Continue(()));
    };
    if header_start.too_large {
        return Err(refuse(
            origin,
            format!("header row longer than {limit} bytes"),
        ));
    }
    let names: Vec<String> = rec
        .iter()
        .map(|n| String::from_utf8_lossy(n).trim().to_owned())
        .collect();
    let columns = map_columns(resolver, &names);
    let mapped = |f: Field| resolver.slots(f).iter().any(|s| columns[*s].is_some());
    if !mapped(Field::Text) {
        return Err(refuse(
            origin,
            missing_column(resolver, Field::Text, &names),
        ));
    }
    if !mapped(Field::Id) && (resolver.is_overridden(Field::Id) || !mapped(Field::Url)) {
        return Err(refuse(origin, missing_column(resolver, Field::Id, &names)));
    }
    let wanted: Vec<(usize, usize)> = columns
        .iter()
        .enumerate()
        .filter_map(|(slot, col)| col.map(|c| (slot, c)))
        .collect();

    // The rows.
    while let Some(start) = next_row(&mut rdr, &mut rec)? {
        let location = Location {
            file: origin.file.clone(),
            line: Some(start.line),
        };
        // The last line the parser's row reached: how far a quote that never closed ran.
        let last_line = rdr.position().line().saturating_sub(1);
        let result = if start.too_large {
            Err(RecordError {
                location,
                reason: SkipReason::RecordTooLarge,
                detail: format!("row longer than {limit} bytes"),
            })
        } else if start.broken_quote {
            Err(RecordError {
                location,
                reason: SkipReason::BadRow,
                detail: format!(
                    "a quoted field runs to line {last_line} and text follows its closing quote: \
                     {SWALLOWED}"
                ),
            })
        } else if rec.len() != names.len() {
            // A quote that never closes makes one "row" of everything up to the next stray
            // quote or the end of the file: say so, since the rows it swallowed are not
            // counted one by one.
            let spread = if last_line > start.line + 1 {
                format!(" (the row runs to line {last_line}: {SWALLOWED})")
            } else {
                String::new()
            };
            Err(RecordError {
                location,
                reason: SkipReason::BadRow,
                detail: format!(
                    "{} fields, the header has {}{spread}",
                    rec.len(),
                    names.len()
                ),
            })
        } else {
            build_row(&rec, &wanted, &names, resolver, origin, location)
        };
        if sink(result).is_break() {
            return Ok(ControlFlow::Break(()));
        }
    }
    Ok(ControlFlow::Continue(()))
}

/// Why a row that ran over several lines is refused, in both messages that say so.
const SWALLOWED: &str =
    "a quote opened in it may never close, and the lines after it were read as part of it";

/// The column of each capture slot: exact name first, then ignoring ASCII case.
fn map_columns(resolver: &Resolver, names: &[String]) -> Vec<Option<usize>> {
    resolver
        .keys()
        .iter()
        .map(|key| {
            names
                .iter()
                .position(|n| n == key)
                .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(key)))
        })
        .collect()
}

fn missing_column(resolver: &Resolver, field: Field, names: &[String]) -> String {
    let which = if resolver.is_overridden(field) {
        format!("{field} column \"{}\"", resolver.describe(field))
    } else {
        format!("{field} column")
    };
    format!(
        "no {which} (columns: {}); name it with --field {field}=COLUMN",
        names.join(", ")
    )
}

fn refuse(origin: &Origin, reason: String) -> Failure {
    Failure::Fatal(Error::Input {
        path: origin.path.clone(),
        reason,
    })
}

fn build_row(
    rec: &csv::ByteRecord,
    wanted: &[(usize, usize)],
    names: &[String],
    resolver: &Resolver,
    origin: &Origin,
    location: Location,
) -> Result<crate::model::Article, RecordError> {
    let mut vals: Vec<Option<Scalar<'_>>> = vec![None; resolver.keys().len()];
    for &(slot, col) in wanted {
        let Some(bytes) = rec.get(col) else { continue };
        match std::str::from_utf8(bytes) {
            Ok(s) => vals[slot] = Some(Scalar::Str(s.into())),
            Err(e) => {
                return Err(RecordError {
                    location,
                    reason: SkipReason::InvalidUtf8,
                    detail: format!("in column {}, at byte {}", names[col], e.valid_up_to() + 1),
                })
            }
        }
    }
    resolver
        .build(&mut vals, &origin.ctx, location.clone())
        .map_err(|(reason, detail)| RecordError {
            location,
            reason,
            detail,
        })
}

/// Reads the next row into `rec`; returns where it starts (per [`RowGuard`]), `None` at the end.
fn next_row<R: BufRead>(
    rdr: &mut csv::Reader<RowGuard<R>>,
    rec: &mut csv::ByteRecord,
) -> Result<Option<RowStart>, Failure> {
    match rdr.read_byte_record(rec) {
        Ok(false) => Ok(None),
        Ok(true) => {
            let start = rec.position().map_or(0, |p| p.byte());
            let end = rdr.position().byte();
            let fallback = RowStart {
                csv_pos: start,
                line: rec.position().map_or(0, |p| p.line()),
                too_large: false,
                broken_quote: false,
            };
            Ok(Some(
                rdr.get_mut().take_start(start, end).unwrap_or(fallback),
            ))
        }
        Err(e) => {
            let line = Some(rdr.get_ref().line());
            match e.into_kind() {
                csv::ErrorKind::Io(source) => Err(Failure::Io { source, line }),
                // Not produced for byte records of a flexible reader; kept as a typed failure
                // rather than a panic should a csv release start producing them.
                other => Err(Failure::Io {
                    source: io::Error::new(io::ErrorKind::InvalidData, format!("{other:?}")),
                    line,
                }),
            }
        }
    }
}

/// Where a record starts, as seen by [`RowGuard`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RowStart {
    /// Offset of the record's first byte in the bytes handed to the csv parser.
    csv_pos: u64,
    /// 1-based line of the record's first byte in the real input.
    line: u64,
    /// The record was cut at the limit; the parser saw only its head.
    too_large: bool,
    /// A quoted field of the record ran across a line break and text followed its closing
    /// quote ([`QuoteMachine::broken`]): a quote that never closed swallowed the lines after it.
    broken_quote: bool,
}

/// Quoting state, mirroring `csv_core` (RFC 4180 with doubled quotes, no escape character):
/// a quote opens a quoted field only at the start of a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CsvState {
    StartField,
    InField,
    InQuoted,
    /// Just read a `"` inside a quoted field: either the closing quote or half of `""`.
    AfterQuote,
}

/// Sits between the decoded stream and the csv parser: finds record boundaries, their real line
/// numbers, and cuts records longer than the limit. Invariant: the parser never receives more
/// than `limit + 1` bytes of one record plus the two bytes (`"\n`) that close a cut record.
struct RowGuard<R> {
    inner: R,
    limit: usize,
    machine: QuoteMachine,
    /// Inside a record (a non-terminator byte was seen since the last record end).
    in_record: bool,
    /// Bytes of the current record passed so far.
    count: usize,
    /// Bytes handed to the parser so far, including injected ones.
    csv_pos: u64,
    /// 1-based line of the next real byte.
    line: u64,
    /// Bytes that close a cut record, still to be handed out.
    inject: &'static [u8],
    /// Dropping the rest of a cut record.
    skipping: bool,
    /// The start of each record handed out but not yet claimed by `take_start`.
    starts: VecDeque<RowStart>,
    bom_checked: bool,
}

impl<R: BufRead> RowGuard<R> {
    fn new(inner: R, delimiter: u8, limit: usize) -> RowGuard<R> {
        RowGuard {
            inner,
            limit: limit.max(1),
            machine: QuoteMachine {
                state: CsvState::StartField,
                delimiter,
                crossed: false,
                quote_after_delimiter: false,
                last: b'\n',
                broken: false,
            },
            in_record: false,
            count: 0,
            csv_pos: 0,
            line: 1,
            inject: b"",
            skipping: false,
            starts: VecDeque::new(),
            bom_checked: false,
        }
    }

    /// The line the guard has read up to: where an I/O error broke the input.
    fn line(&self) -> u64 {
        self.line
    }

    /// Claims the start of the record the parser just returned, which spans parser offsets
    /// `[start, end)` (a parser record may begin with blank lines, hence the range).
    fn take_start(&mut self, start: u64, end: u64) -> Option<RowStart> {
        let mut found = None;
        while let Some(s) = self.starts.front() {
            if s.csv_pos >= end {
                break;
            }
            let s = *s;
            self.starts.pop_front();
            if s.csv_pos >= start && found.is_none() {
                found = Some(s);
            }
        }
        found
    }

    /// Scans `data` (about to be handed to the parser); returns how many bytes may be handed
    /// out and whether the current record was cut after them.
    fn scan(&mut self, data: &[u8]) -> (usize, bool) {
        let mut i = 0;
        while i < data.len() {
            if !self.in_record {
                match data[i] {
                    b'\n' => {
                        self.line += 1;
                        i += 1;
                        continue;
                    }
                    b'\r' => {
                        i += 1;
                        continue;
                    }
                    _ => {
                        self.in_record = true;
                        self.count = 0;
                        self.machine.state = CsvState::StartField;
                        self.starts.push_back(RowStart {
                            csv_pos: self.csv_pos + i as u64,
                            line: self.line,
                            too_large: false,
                            broken_quote: false,
                        });
                    }
                }
            }
            // A record may take `limit` bytes plus its terminator.
            let room = self.limit + 1 - self.count;
            let end = data.len().min(i + room);
            let ended = self.machine.advance(&data[i..end]);
            if std::mem::take(&mut self.machine.broken) {
                if let Some(s) = self.starts.back_mut() {
                    s.broken_quote = true;
                }
            }
            match ended {
                Some(j) => {
                    self.line += count_newlines(&data[i..=i + j]);
                    i += j + 1;
                    self.in_record = false;
                }
                None => {
                    self.line += count_newlines(&data[i..end]);
                    self.count += end - i;
                    i = end;
                    if self.count > self.limit {
                        if let Some(s) = self.starts.back_mut() {
                            s.too_large = true;
                        }
                        return (i, true);
                    }
                }
            }
        }
        (data.len(), false)
    }

    /// Drops input up to and including the end of the cut record. Returns false at the end of
    /// the input.
    fn skip(&mut self) -> io::Result<bool> {
        loop {
            let data = self.inner.fill_buf()?;
            if data.is_empty() {
                self.skipping = false;
                return Ok(false);
            }
            let (used, done) = match self.machine.advance(data) {
                Some(j) => (j + 1, true),
                None => (data.len(), false),
            };
            // The cut record is refused as too large already.
            self.machine.broken = false;
            self.line += count_newlines(&data[..used]);
            self.inner.consume(used);
            if done {
                self.skipping = false;
                self.in_record = false;
                return Ok(true);
            }
        }
    }
}

/// The record-boundary state machine (see [`CsvState`]).
struct QuoteMachine {
    state: CsvState,
    delimiter: u8,
    /// The current quoted field has run across a line break.
    crossed: bool,
    /// The quote that last ended quoting came right after a delimiter, as a field's opening
    /// quote does.
    quote_after_delimiter: bool,
    /// The last byte `advance` was handed (what precedes a quote at the start of a segment).
    last: u8,
    /// Set (and left for the guard to take) when text follows a quote that ended a field
    /// which ran across a line break, and that quote came right after a delimiter:
    /// `"…\nnext,row,"text…` — the quote opened in one row never closed, and the opening quote
    /// of a later row's field closed it. Sloppy inner quotes (`"Para one.\nHe said "no"
    /// today."`, on one line or several) are read as csv reads them.
    broken: bool,
}

impl QuoteMachine {
    /// Runs over `seg`; returns the index of the byte that ends the record, if one does, and is
    /// then ready for the next record.
    fn advance(&mut self, seg: &[u8]) -> Option<usize> {
        let d = self.delimiter;
        let mut k = 0;
        while k < seg.len() {
            match self.state {
                // One byte decides: at a field start a quote opens quoting; after a quote in a
                // quoted field, a second quote is an escaped quote.
                CsvState::StartField | CsvState::AfterQuote => {
                    let b = seg[k];
                    k += 1;
                    let after_quote = self.state == CsvState::AfterQuote;
                    self.state = match b {
                        b'"' => {
                            self.crossed &= after_quote;
                            CsvState::InQuoted
                        }
                        b'\n' | b'\r' => {
                            self.state = CsvState::StartField;
                            self.crossed = false;
                            self.last = b;
                            return Some(k - 1);
                        }
                        _ if b == d => CsvState::StartField,
                        _ => {
                            self.broken |=
                                after_quote && self.crossed && self.quote_after_delimiter;
                            CsvState::InField
                        }
                    };
                }
                CsvState::InField => match memchr::memchr3(d, b'\n', b'\r', &seg[k..]) {
                    Some(p) => {
                        k += p + 1;
                        self.state = CsvState::StartField;
                        if seg[k - 1] != d {
                            return Some(k - 1);
                        }
                    }
                    None => k = seg.len(),
                },
                CsvState::InQuoted => {
                    let quote = memchr::memchr(b'"', &seg[k..]);
                    let span = &seg[k..quote.map_or(seg.len(), |p| k + p)];
                    self.crossed = self.crossed || memchr::memchr2(b'\n', b'\r', span).is_some();
                    match quote {
                        Some(p) => {
                            let before = if k + p > 0 { seg[k + p - 1] } else { self.last };
                            self.quote_after_delimiter = before == d;
                            k += p + 1;
                            self.state = CsvState::AfterQuote;
                        }
                        None => k = seg.len(),
                    }
                }
            }
        }
        if let Some(&b) = seg.last() {
            self.last = b;
        }
        None
    }
}

fn count_newlines(b: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', b).count() as u64
}

impl<R: BufRead> Read for RowGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if !self.inject.is_empty() {
                let n = buf.len().min(self.inject.len());
                buf[..n].copy_from_slice(&self.inject[..n]);
                self.inject = &self.inject[n..];
                self.csv_pos += n as u64;
                return Ok(n);
            }
            if self.skipping {
                if !self.skip()? {
                    return Ok(0);
                }
                continue;
            }
            let data = self.inner.fill_buf()?;
            if data.is_empty() {
                return Ok(0);
            }
            if !self.bom_checked {
                self.bom_checked = true;
                if data.starts_with(b"\xEF\xBB\xBF") {
                    self.inner.consume(3);
                    continue;
                }
            }
            let n = buf.len().min(data.len());
            buf[..n].copy_from_slice(&data[..n]);
            let (pass, cut) = self.scan(&buf[..n]);
            self.inner.consume(pass);
            self.csv_pos += pass as u64;
            if cut {
                self.inject = if self.machine.state == CsvState::InQuoted {
                    b"\"\n"
                } else {
                    b"\n"
                };
                self.skipping = true;
            }
            if pass > 0 {
                return Ok(pass);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &[u8] = b"h1,h2\n\"a\"\"b\",\"x\ny\"\r\n\n\"q\"z,w\n,\n\"\"\"\",\"end";

    fn rows<R: Read>(r: R) -> Vec<(u64, Vec<String>)> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(r);
        let mut out = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            let fields = rec
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            out.push((rec.position().unwrap().line(), fields));
        }
        out
    }

    #[test]
    fn guard_is_transparent_under_the_limit() {
        let plain = rows(DATA);
        assert_eq!(plain.len(), 5);
        for cap in [1, 2, 3, 7, 64] {
            let guard = RowGuard::new(io::BufReader::with_capacity(cap, DATA), b',', 1000);
            assert_eq!(rows(guard), plain, "cap {cap}");
        }
    }

    #[test]
    fn guard_finds_real_start_lines() {
        for cap in [1, 3, 64] {
            let mut g = RowGuard::new(io::BufReader::with_capacity(cap, DATA), b',', 1000);
            let mut sink = Vec::new();
            g.read_to_end(&mut sink).unwrap();
            let lines: Vec<u64> = g.starts.iter().map(|s| s.line).collect();
            // The blank line 4 starts no record.
            assert_eq!(lines, vec![1, 2, 5, 6, 7], "cap {cap}");
        }
    }

    #[test]
    fn guard_cuts_long_records_and_resumes() {
        // Record 2 is far over the limit, with quotes, delimiters and newlines inside.
        let mut data = b"a,b\n\"".to_vec();
        for _ in 0..50 {
            data.extend_from_slice(b"x \"\"y\"\", z\n");
        }
        data.extend_from_slice(b"\",tail\n1,2\n");
        for cap in [1, 5, 4096] {
            let mut g = RowGuard::new(io::BufReader::with_capacity(cap, &data[..]), b',', 20);
            let mut out = Vec::new();
            g.read_to_end(&mut out).unwrap();
            let starts: Vec<(u64, bool)> = g.starts.iter().map(|s| (s.line, s.too_large)).collect();
            assert_eq!(
                starts,
                vec![(1, false), (2, true), (53, false)],
                "cap {cap}"
            );
            let got = rows(&out[..]);
            assert_eq!(got.len(), 3);
            assert_eq!(got[2].1, vec!["1", "2"]);
            assert!(out.len() < 40, "{}", String::from_utf8_lossy(&out));
        }
    }
}
