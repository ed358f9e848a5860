//! The run's article store: each article's text and shingle sequence, spilled to an unnamed
//! temporary file as the articles stream in, read back at random by the `verify` stage.
//!
//! Why: a dump of millions of articles does not fit in memory, and reading compressed inputs
//! twice is slow (and impossible for standard input). Memory per article stays at its metadata
//! and a [`StoredDoc`] handle; the bytes live in the OS page cache or on disk. The file is
//! created with `tempfile::tempfile_in`, so it has no name and vanishes when the run ends,
//! however it ends.
//!
//! Layout of one record: the text's UTF-8 bytes; the shingle hashes as little-endian u64; the
//! article's sentences and quotations ([`Sentences::encode`]), which the rewrite check and the
//! quotation rule read for every candidate pair instead of tokenizing both texts again (right
//! after the shingles, so verification reads both at once); then each token's character span
//! (so alignment need not tokenize again) as two LEB128 varints: the gap since the previous
//! token's end and the token's length — about two bytes a token instead of eight, because the
//! store's size is the run's I/O.
//! Invariant: a [`StoredDoc`] is only valid for the store that returned it.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::sign::normalize;
use crate::sign::shingle::ShingleHash;
use crate::verify;
use crate::verify::rewrite::Sentences;
use crate::verify::CharSpan;
use crate::DocId;

/// Where one article's bytes are in the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredDoc {
    offset: u64,
    text_bytes: u32,
    shingles: u32,
    /// Bytes of the encoded token spans.
    span_bytes: u32,
    /// Bytes of the encoded sentences ([`Sentences::encode`]).
    sketch_bytes: u32,
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
    /// Reused buffer for the encoded spans.
    scratch: Vec<u8>,
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
            scratch: Vec::new(),
        })
    }

    pub fn append(
        &mut self,
        text: &str,
        seq: &[ShingleHash],
        spans: &[CharSpan],
        sentences: &Sentences,
    ) -> io::Result<StoredDoc> {
        let text_bytes = u32::try_from(text.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "article over 4 GiB"))?;
        let doc = StoredDoc {
            offset: self.pos,
            text_bytes,
            shingles: seq.len() as u32,
            span_bytes: 0,
            sketch_bytes: 0,
        };
        self.scratch.clear();
        sentences.encode(&mut self.scratch);
        let sketch_bytes = self.scratch.len();
        let mut prev_end = 0u32;
        for sp in spans {
            put_varint(&mut self.scratch, sp.start.saturating_sub(prev_end));
            put_varint(&mut self.scratch, sp.end.saturating_sub(sp.start));
            prev_end = sp.end;
        }
        let doc = StoredDoc {
            span_bytes: (self.scratch.len() - sketch_bytes) as u32,
            sketch_bytes: sketch_bytes as u32,
            ..doc
        };
        self.out.write_all(text.as_bytes())?;
        for h in seq {
            self.out.write_all(&h.to_le_bytes())?;
        }
        self.out.write_all(&self.scratch)?;
        self.pos += text.len() as u64 + 8 * seq.len() as u64 + self.scratch.len() as u64;
        Ok(doc)
    }

    /// Flushes and turns the store around for reading.
    pub fn finish(self) -> io::Result<Store> {
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        Ok(Store { file })
    }
}

/// Fills `buf` from `file` at `offset` without moving a shared file position, so threads (and
/// readers of several regions) can share one handle.
pub(crate) fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(buf, offset)
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::FileExt;
        let mut done = 0;
        while done < buf.len() {
            let n = file.seek_read(&mut buf[done..], offset + done as u64)?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            done += n;
        }
        Ok(())
    }
}

impl Store {
    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        read_exact_at(&self.file, buf, offset)
    }

    /// The article's text, exactly as read.
    pub fn text(&self, doc: &StoredDoc) -> io::Result<String> {
        let mut buf = vec![0u8; doc.text_bytes as usize];
        self.read_exact_at(&mut buf, doc.offset)?;
        String::from_utf8(buf).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    /// The article's sentences and quotations.
    pub fn sentences(&self, doc: &StoredDoc) -> io::Result<Sentences> {
        let mut buf = vec![0u8; doc.sketch_bytes as usize];
        self.read_exact_at(
            &mut buf,
            doc.offset + doc.text_bytes as u64 + 8 * doc.shingles as u64,
        )?;
        decode_sentences(&buf)
    }

    /// The article's shingle sequence and sentences, which lie side by side: one positioned
    /// read for what verification needs of every article of a pair.
    pub fn shingles_and_sentences(
        &self,
        doc: &StoredDoc,
    ) -> io::Result<(Vec<ShingleHash>, Sentences)> {
        let seq_bytes = 8 * doc.shingle_count();
        let mut buf = vec![0u8; seq_bytes + doc.sketch_bytes as usize];
        self.read_exact_at(&mut buf, doc.offset + doc.text_bytes as u64)?;
        let (seq, sketch) = buf.split_at(seq_bytes);
        Ok((decode_shingles(seq), decode_sentences(sketch)?))
    }

    /// The character span of each of the article's tokens.
    pub fn spans(&self, doc: &StoredDoc) -> io::Result<Vec<CharSpan>> {
        let mut buf = vec![0u8; doc.span_bytes as usize];
        let at =
            doc.offset + doc.text_bytes as u64 + 8 * doc.shingles as u64 + doc.sketch_bytes as u64;
        self.read_exact_at(&mut buf, at)?;
        let mut out = Vec::with_capacity(buf.len() / 2);
        let (mut i, mut prev_end) = (0usize, 0u32);
        while i < buf.len() {
            let gap = get_varint(&buf, &mut i)?;
            let len = get_varint(&buf, &mut i)?;
            let start = prev_end + gap;
            out.push(CharSpan {
                start,
                end: start + len,
            });
            prev_end = start + len;
        }
        Ok(out)
    }

    /// The article's shingle sequence, in token order.
    pub fn shingles(&self, doc: &StoredDoc) -> io::Result<Vec<ShingleHash>> {
        self.shingle_range(doc, 0..doc.shingle_count())
    }

    /// Shingles `range` of the article's sequence (clipped to its length): one positioned read
    /// of just those bytes, for the candidate stage's local check around an anchor.
    pub fn shingle_range(
        &self,
        doc: &StoredDoc,
        range: std::ops::Range<usize>,
    ) -> io::Result<Vec<ShingleHash>> {
        let end = range.end.min(doc.shingle_count());
        let start = range.start.min(end);
        let mut buf = vec![0u8; 8 * (end - start)];
        self.read_exact_at(
            &mut buf,
            doc.offset + doc.text_bytes as u64 + 8 * start as u64,
        )?;
        Ok(decode_shingles(&buf))
    }
}

fn decode_shingles(buf: &[u8]) -> Vec<ShingleHash> {
    buf.chunks_exact(8)
        .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
        .collect()
}

fn decode_sentences(buf: &[u8]) -> io::Result<Sentences> {
    Sentences::decode(buf)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "malformed sentences record"))
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(buf: &[u8], i: &mut usize) -> io::Result<u32> {
    let mut v = 0u32;
    for shift in (0..35).step_by(7) {
        let Some(&b) = buf.get(*i) else { break };
        *i += 1;
        v |= ((b & 0x7f) as u32) << shift;
        if b < 0x80 {
            return Ok(v);
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidData,
        "truncated span record in the article store",
    ))
}

/// Random access to the texts and shingle sequences of a run's articles: the temporary
/// [`Store`] of a batch run, or the index of an incremental one.
pub trait Texts: Sync {
    fn text(&self, doc: DocId) -> Result<String>;
    fn shingles(&self, doc: DocId) -> Result<Vec<ShingleHash>>;
    /// Shingles `range` of the article's sequence, clipped to its length. By default a slice
    /// of [`Texts::shingles`]; a source with random access reads just the range.
    fn shingle_range(&self, doc: DocId, range: std::ops::Range<usize>) -> Result<Vec<ShingleHash>> {
        let seq = self.shingles(doc)?;
        let end = range.end.min(seq.len());
        Ok(seq[range.start.min(end)..end].to_vec())
    }
    /// The character span of each token of the text: by default the text tokenized again;
    /// a source that kept the spans returns them instead.
    fn token_spans(&self, doc: DocId) -> Result<Vec<CharSpan>> {
        Ok(verify::char_spans(&normalize::tokenize(&self.text(doc)?)))
    }
    /// The article's sentences and quotations: by default from the text; a source that kept
    /// them returns them instead.
    fn sentences(&self, doc: DocId) -> Result<Sentences> {
        Ok(Sentences::new(&self.text(doc)?))
    }
    /// What verification reads of each article of a pair: [`Texts::shingles`] and
    /// [`Texts::sentences`], in one read where the source can.
    fn shingles_and_sentences(&self, doc: DocId) -> Result<(Vec<ShingleHash>, Sentences)> {
        Ok((self.shingles(doc)?, self.sentences(doc)?))
    }
}

/// The batch run's [`Texts`]: the article store and each article's place in it.
pub struct StoreTexts {
    pub store: Store,
    pub stored: Vec<StoredDoc>,
}

impl Texts for StoreTexts {
    fn text(&self, doc: DocId) -> Result<String> {
        self.store
            .text(&self.stored[doc.index()])
            .map_err(store_err)
    }
    fn shingles(&self, doc: DocId) -> Result<Vec<ShingleHash>> {
        self.store
            .shingles(&self.stored[doc.index()])
            .map_err(store_err)
    }
    fn shingle_range(&self, doc: DocId, range: std::ops::Range<usize>) -> Result<Vec<ShingleHash>> {
        self.store
            .shingle_range(&self.stored[doc.index()], range)
            .map_err(store_err)
    }
    fn token_spans(&self, doc: DocId) -> Result<Vec<CharSpan>> {
        self.store
            .spans(&self.stored[doc.index()])
            .map_err(store_err)
    }
    fn sentences(&self, doc: DocId) -> Result<Sentences> {
        self.store
            .sentences(&self.stored[doc.index()])
            .map_err(store_err)
    }
    fn shingles_and_sentences(&self, doc: DocId) -> Result<(Vec<ShingleHash>, Sentences)> {
        self.store
            .shingles_and_sentences(&self.stored[doc.index()])
            .map_err(store_err)
    }
}

pub(crate) fn store_err(e: std::io::Error) -> Error {
    Error::io(PathBuf::from("(article store in the temporary folder)"), e)
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
        let quoted =
            "Mayor Ana Ruiz said: \"the bridge reopens in May\". Work went on.\nIt cost 9 million.";
        let sentences = Sentences::new(quoted);
        assert!(!sentences.quotes().is_empty());
        let a = w
            .append("héllo wörld", &[1, 2, 3], &spans, &sentences)
            .unwrap();
        let b = w.append("", &[], &[], &Sentences::new("")).unwrap();
        let c = w
            .append("新华社", &[u64::MAX], &[], &Sentences::new("新华社"))
            .unwrap();
        let s = w.finish().unwrap();
        assert_eq!(s.text(&c).unwrap(), "新华社");
        assert_eq!(s.shingles(&c).unwrap(), vec![u64::MAX]);
        assert_eq!(s.text(&a).unwrap(), "héllo wörld");
        assert_eq!(s.shingles(&a).unwrap(), vec![1, 2, 3]);
        assert_eq!(s.spans(&a).unwrap(), spans.to_vec());
        assert_eq!(s.sentences(&a).unwrap(), sentences);
        assert_eq!(
            s.shingles_and_sentences(&a).unwrap(),
            (vec![1, 2, 3], sentences.clone())
        );
        assert_eq!(s.sentences(&c).unwrap(), Sentences::new("新华社"));
        assert!(s.spans(&c).unwrap().is_empty());
        assert_eq!(s.text(&b).unwrap(), "");
        assert_eq!(a.shingle_count(), 3);
        assert_eq!(s.shingle_range(&a, 1..2).unwrap(), vec![2]);
        assert_eq!(s.shingle_range(&a, 2..9).unwrap(), vec![3]);
        assert!(s.shingle_range(&a, 5..9).unwrap().is_empty());
    }

    #[test]
    fn varints_round_trip() {
        let mut buf = Vec::new();
        let values = [0, 1, 127, 128, 300, 16_384, u32::MAX];
        for v in values {
            put_varint(&mut buf, v);
        }
        let mut i = 0;
        for v in values {
            assert_eq!(get_varint(&buf, &mut i).unwrap(), v);
        }
        assert!(get_varint(&[0x80], &mut 0).is_err());
    }
}
