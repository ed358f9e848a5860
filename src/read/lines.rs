//! Byte lines with a length limit, for JSON Lines.
//!
//! In: a buffered byte stream. Out: one line at a time as bytes (no `\n`; a final line without
//! `\n` counts), with its 1-based line number, or the news that it was longer than the limit.
//!
//! Invariants: never holds more than `limit` bytes of a line (an over-long line is counted and
//! dropped while it streams past); lines are bytes, so invalid UTF-8 costs only its own line;
//! line numbers count every `\n`, so they match what an editor shows.

use std::io::{self, BufRead};

/// One line read by [`LineReader::next_line`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line<'a> {
    /// The line's bytes, without the `\n`.
    Bytes(&'a [u8]),
    /// The line was longer than the limit; `len` is its full length in bytes.
    TooLarge { len: u64 },
}

/// A line reader over any `BufRead` that bounds the memory held for one line.
pub(crate) struct LineReader<R> {
    inner: R,
    buf: Vec<u8>,
    limit: usize,
    /// The number of the next line to read (1-based).
    next_no: u64,
}

impl<R: BufRead> LineReader<R> {
    /// A reader whose first line is numbered `first`: 1, or more for a part of a file cut at
    /// line ends.
    pub fn starting_at(inner: R, limit: usize, first: u64) -> LineReader<R> {
        LineReader {
            inner,
            buf: Vec::new(),
            limit,
            next_no: first,
        }
    }

    /// The number of the line being read, or about to be; where an I/O error broke the stream.
    pub fn line_no(&self) -> u64 {
        self.next_no
    }

    /// The next line and its number, `None` at the end of the stream.
    pub fn next_line(&mut self) -> io::Result<Option<(u64, Line<'_>)>> {
        self.buf.clear();
        let mut len: u64 = 0;
        let mut any = false;
        let mut too_large = false;
        loop {
            let data = match self.inner.fill_buf() {
                Ok(d) => d,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if data.is_empty() {
                if !any {
                    return Ok(None);
                }
                break;
            }
            any = true;
            let (chunk, used, done) = match memchr::memchr(b'\n', data) {
                Some(i) => (&data[..i], i + 1, true),
                None => (data, data.len(), false),
            };
            len += chunk.len() as u64;
            if !too_large {
                if self.buf.len() + chunk.len() > self.limit {
                    too_large = true;
                    self.buf = Vec::new();
                } else {
                    self.buf.extend_from_slice(chunk);
                }
            }
            self.inner.consume(used);
            if done {
                break;
            }
        }
        let no = self.next_no;
        self.next_no += 1;
        let line = if too_large {
            Line::TooLarge { len }
        } else {
            Line::Bytes(&self.buf)
        };
        Ok(Some((no, line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(data: &[u8], limit: usize) -> Vec<(u64, Result<Vec<u8>, u64>)> {
        let mut r = LineReader::starting_at(io::BufReader::with_capacity(4, data), limit, 1);
        let mut out = Vec::new();
        while let Some((no, line)) = r.next_line().unwrap() {
            out.push((
                no,
                match line {
                    Line::Bytes(b) => Ok(b.to_vec()),
                    Line::TooLarge { len } => Err(len),
                },
            ));
        }
        out
    }

    #[test]
    fn splits_lines_across_buffer_refills() {
        assert_eq!(
            all(b"abcdefgh\n\nxy", 100),
            vec![
                (1, Ok(b"abcdefgh".to_vec())),
                (2, Ok(vec![])),
                (3, Ok(b"xy".to_vec()))
            ]
        );
        assert_eq!(all(b"", 100), vec![]);
        assert_eq!(all(b"a\n", 100), vec![(1, Ok(b"a".to_vec()))]);
    }

    #[test]
    fn over_long_lines_are_reported_not_held() {
        assert_eq!(
            all(b"12345\n123456\n1\n", 5),
            vec![
                (1, Ok(b"12345".to_vec())),
                (2, Err(6)),
                (3, Ok(b"1".to_vec()))
            ]
        );
    }
}
