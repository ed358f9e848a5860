//! The run's article store: each article's text and shingle sequence, spilled to an unnamed
//! temporary file as the articles stream in, read back at random by the `verify` stage.
//!
//! Why: a dump of millions of articles does not fit in memory, and reading compressed inputs
//! twice is slow (and impossible for standard input). Memory per article stays at its metadata
//! and a [`StoredDoc`] handle; the bytes live in the OS page cache or on disk. The file is
//! created with `tempfile::tempfile_in`, so it has no name and vanishes when the run ends,
//! however it ends.
//!
//! Layout of one record: the text's UTF-8 bytes, the shingle hashes as little-endian u32, then
//! each token's character span as two little-endian u32 (so alignment need not tokenize again).
//! Invariant: a [`StoredDoc`] is only valid for the store that returned it.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::shingle::ShingleHash;
use crate::verify::CharSpan;

/// Where one article's bytes are in the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredDoc {
    offset: u64,
    text_bytes: u32,
    shingles: u32,
    tokens: u32,
}

impl StoredDoc {
    /// Number of shingles (with repeats) in the article's sequence.
    pub fn shingle_count(&self) -> usize {
        self.shingles as usize
    }
}

/// Append side of the store.
pub struct StoreWriter {
    out: BufWriter<File>,
    pos: u64,
}

/// Read side of the store; `&self` reads are positioned, so threads share it.
pub struct Store {
    file: File,
}

impl StoreWriter {
    /// A new store in `dir` (the system temporary folder when `None`).
    pub fn new(dir: Option<&Path>) -> io::Result<StoreWriter> {
        let file = match dir {
            Some(d) => tempfile::tempfile_in(d)?,
            None => tempfile::tempfile()?,
        };
        Ok(StoreWriter {
            out: BufWriter::with_capacity(1 << 20, file),
            pos: 0,
        })
    }

    pub fn append(
        &mut self,
        text: &str,
        seq: &[ShingleHash],
        spans: &[CharSpan],
    ) -> io::Result<StoredDoc> {
        let text_bytes = u32::try_from(text.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "article over 4 GiB"))?;
        let doc = StoredDoc {
            offset: self.pos,
            text_bytes,
            shingles: seq.len() as u32,
            tokens: spans.len() as u32,
        };
        self.out.write_all(text.as_bytes())?;
        for h in seq {
            self.out.write_all(&h.to_le_bytes())?;
        }
        for sp in spans {
            self.out.write_all(&sp.start.to_le_bytes())?;
            self.out.write_all(&sp.end.to_le_bytes())?;
        }
        self.pos += text.len() as u64 + 4 * seq.len() as u64 + 8 * spans.len() as u64;
        Ok(doc)
    }

    /// Flushes and turns the store around for reading.
    pub fn finish(self) -> io::Result<Store> {
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        Ok(Store { file })
    }
}

impl Store {
    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            self.file.read_exact_at(buf, offset)
        }
        #[cfg(windows)]
        {
            use std::os::windows::fs::FileExt;
            let mut done = 0;
            while done < buf.len() {
                let n = self
                    .file
                    .seek_read(&mut buf[done..], offset + done as u64)?;
                if n == 0 {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
                done += n;
            }
            Ok(())
        }
    }

    /// The article's text, exactly as read.
    pub fn text(&self, doc: &StoredDoc) -> io::Result<String> {
        let mut buf = vec![0u8; doc.text_bytes as usize];
        self.read_exact_at(&mut buf, doc.offset)?;
        String::from_utf8(buf).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    /// The character span of each of the article's tokens.
    pub fn spans(&self, doc: &StoredDoc) -> io::Result<Vec<CharSpan>> {
        let mut buf = vec![0u8; 8 * doc.tokens as usize];
        let at = doc.offset + doc.text_bytes as u64 + 4 * doc.shingles as u64;
        self.read_exact_at(&mut buf, at)?;
        Ok(buf
            .chunks_exact(8)
            .map(|c| CharSpan {
                start: u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                end: u32::from_le_bytes([c[4], c[5], c[6], c[7]]),
            })
            .collect())
    }

    /// The article's shingle sequence, in token order.
    pub fn shingles(&self, doc: &StoredDoc) -> io::Result<Vec<ShingleHash>> {
        let mut buf = vec![0u8; 4 * doc.shingles as usize];
        self.read_exact_at(&mut buf, doc.offset + doc.text_bytes as u64)?;
        Ok(buf
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_texts_and_sequences() {
        let mut w = StoreWriter::new(None).unwrap();
        let spans = [
            CharSpan { start: 0, end: 5 },
            CharSpan { start: 6, end: 11 },
        ];
        let a = w.append("héllo wörld", &[1, 2, 3], &spans).unwrap();
        let b = w.append("", &[], &[]).unwrap();
        let c = w.append("新华社", &[u32::MAX], &[]).unwrap();
        let s = w.finish().unwrap();
        assert_eq!(s.text(&c).unwrap(), "新华社");
        assert_eq!(s.shingles(&c).unwrap(), vec![u32::MAX]);
        assert_eq!(s.text(&a).unwrap(), "héllo wörld");
        assert_eq!(s.shingles(&a).unwrap(), vec![1, 2, 3]);
        assert_eq!(s.spans(&a).unwrap(), spans.to_vec());
        assert!(s.spans(&c).unwrap().is_empty());
        assert_eq!(s.text(&b).unwrap(), "");
        assert_eq!(a.shingle_count(), 3);
    }
}
