//! Compressed inputs and the byte-level plumbing under every format reader.
//!
//! In: a raw byte stream (file or standard input) and the codec its name suggests.
//! Out: the decoded byte stream, with its first bytes held back so the format can be sniffed.
//!
//! Invariants: the magic bytes (gzip `1f 8b`, zstd `28 b5 2f fd`, bzip2 `BZh1`–`BZh9`) decide the
//! codec when present; a file with a compressed extension but no magic whose first bytes are
//! text (see [`plain_despite_name`]) is read as plain, and the run warns that it is mislabelled;
//! any other compressed extension without magic still gets its decoder, whose error then says
//! what is wrong with the file. gzip and bzip2 read every member of a multi-member file.
//! A read error of the underlying source is flagged in [`SourceErrors`], so the caller can tell a
//! failing disk (fatal) from a corrupt or truncated compressed stream (one skipped record).

use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A compression codec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Codec {
    None,
    Gzip,
    Zstd,
    Bzip2,
}

impl Codec {
    /// The codec of a lower-cased file extension (without the dot), if it is a compression one.
    pub fn from_extension(ext: &str) -> Option<Codec> {
        match ext {
            "gz" | "gzip" => Some(Codec::Gzip),
            "zst" | "zstd" => Some(Codec::Zstd),
            "bz2" | "bzip2" => Some(Codec::Bzip2),
            _ => None,
        }
    }

    /// The codec announced by a stream's first bytes, if any.
    pub fn from_magic(head: &[u8]) -> Option<Codec> {
        match head {
            [0x1f, 0x8b, ..] => Some(Codec::Gzip),
            [0x28, 0xb5, 0x2f, 0xfd, ..] => Some(Codec::Zstd),
            [b'B', b'Z', b'h', b'1'..=b'9', ..] => Some(Codec::Bzip2),
            _ => None,
        }
    }
}

/// How many leading bytes [`plain_despite_name`] looks at.
pub(crate) const TEXT_PROBE_LEN: usize = 512;

/// Whether a file whose name says `hint` (a compression codec) is really plain text: its first
/// bytes carry no magic of any codec and are text — UTF-8 (a character cut at the end of the
/// probe aside) with no control bytes but tab, line feed, form feed and carriage return. A
/// compressed stream's header is binary, so a damaged one still goes to its decoder and is
/// reported; a dump saved as `.gz` without compressing it is read instead of lost.
/// The one rule for the reader and the survey that warns about such files.
pub(crate) fn plain_despite_name(head: &[u8], hint: Option<Codec>) -> bool {
    if hint.is_none() || head.is_empty() || Codec::from_magic(head).is_some() {
        return false;
    }
    let head = &head[..head.len().min(TEXT_PROBE_LEN)];
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        // A multi-byte character cut by the end of the probe is still text.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return false,
    };
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b >= 0x20 || matches!(b, b'\t' | b'\n' | 0x0c | b'\r'))
}

/// Shared flag set when the underlying source (not a decoder) fails a read.
#[derive(Clone, Debug, Default)]
pub(crate) struct SourceErrors(Arc<AtomicBool>);

impl SourceErrors {
    pub fn happened(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Wraps the raw source and flags its read errors (see [`SourceErrors`]).
struct Tracked<R> {
    inner: R,
    errors: SourceErrors,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Err(e) if e.kind() != io::ErrorKind::Interrupted => {
                self.errors.0.store(true, Ordering::Relaxed);
                Err(e)
            }
            r => r,
        }
    }
}

/// A reader whose first bytes were read ahead (to check magic bytes or sniff the format) and are
/// served again before the rest. An error met while reading ahead is kept and returned once the
/// held bytes are served, so no byte before the error is lost.
pub(crate) struct Prefixed<R> {
    head: Vec<u8>,
    pos: usize,
    pending: Option<io::Error>,
    inner: R,
}

impl<R: Read> Prefixed<R> {
    pub fn new(inner: R) -> Prefixed<R> {
        Prefixed {
            head: Vec::new(),
            pos: 0,
            pending: None,
            inner,
        }
    }

    /// Reads ahead until `n` bytes are held, the stream ends or it fails; returns the held bytes.
    /// Only valid before the first `read`.
    pub fn fill(&mut self, n: usize) -> &[u8] {
        while self.head.len() < n && self.pending.is_none() {
            let old = self.head.len();
            self.head.resize(n, 0);
            match self.inner.read(&mut self.head[old..]) {
                Ok(0) => {
                    self.head.truncate(old);
                    break;
                }
                Ok(k) => self.head.truncate(old + k),
                Err(e) => {
                    self.head.truncate(old);
                    if e.kind() != io::ErrorKind::Interrupted {
                        self.pending = Some(e);
                    }
                }
            }
        }
        &self.head[self.pos..]
    }
}

impl<R: Read> Read for Prefixed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos < self.head.len() {
            let n = buf.len().min(self.head.len() - self.pos);
            buf[..n].copy_from_slice(&self.head[self.pos..self.pos + n]);
            self.pos += n;
            if self.pos == self.head.len() {
                self.head = Vec::new();
                self.pos = 0;
            }
            return Ok(n);
        }
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        self.inner.read(buf)
    }
}

/// How many decoded bytes are held back for format sniffing.
pub(crate) const SNIFF_LEN: usize = 8 * 1024;

/// The decoded stream of one input.
pub(crate) struct Decoded<'a> {
    pub reader: Prefixed<Box<dyn Read + 'a>>,
    /// The codec in use; errors from a compressed stream are decoder errors unless
    /// `source_errors` says otherwise.
    pub codec: Codec,
    pub source_errors: SourceErrors,
}

/// Opens the decoded stream of `raw`. `hint` is the codec the name's extension suggests.
/// Fails only when the source itself cannot be read.
pub(crate) fn decode<'a, R: Read + 'a>(raw: R, hint: Option<Codec>) -> io::Result<Decoded<'a>> {
    let source_errors = SourceErrors::default();
    let mut raw = Prefixed::new(Tracked {
        inner: raw,
        errors: source_errors.clone(),
    });
    let head = raw.fill(4);
    let codec = match Codec::from_magic(head) {
        Some(c) => c,
        // An empty file named `.gz` is just empty.
        None if head.is_empty() => Codec::None,
        None if hint.is_some() && plain_despite_name(raw.fill(TEXT_PROBE_LEN), hint) => Codec::None,
        None => hint.unwrap_or(Codec::None),
    };
    if let Some(e) = raw.pending.take() {
        // Nothing was decoded yet: this is the source failing.
        return Err(e);
    }
    let reader: Box<dyn Read + 'a> = match codec {
        Codec::None => Box::new(raw),
        Codec::Gzip => Box::new(flate2::read::MultiGzDecoder::new(raw)),
        Codec::Zstd => Box::new(zstd::stream::read::Decoder::new(raw)?),
        Codec::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(raw)),
    };
    Ok(Decoded {
        reader: Prefixed::new(reader),
        codec,
        source_errors,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    pub fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    pub fn zstd(data: &[u8]) -> Vec<u8> {
        zstd::stream::encode_all(data, 3).unwrap()
    }

    pub fn bzip2(data: &[u8]) -> Vec<u8> {
        let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn decoded(bytes: &[u8], hint: Option<Codec>) -> (Codec, io::Result<Vec<u8>>) {
        let mut d = decode(bytes, hint).unwrap();
        let mut out = Vec::new();
        let r = d.reader.read_to_end(&mut out).map(|_| out);
        (d.codec, r)
    }

    #[test]
    fn magic_decides_the_codec() {
        let data = b"hello\nworld\n";
        for (bytes, codec) in [
            (gzip(data), Codec::Gzip),
            (zstd(data), Codec::Zstd),
            (bzip2(data), Codec::Bzip2),
            (data.to_vec(), Codec::None),
        ] {
            let (c, r) = decoded(&bytes, None);
            assert_eq!(c, codec);
            assert_eq!(r.unwrap(), data);
        }
        // A plain text file wrongly named .gz is read as plain; binary without magic still
        // gets the decoder named, which reports it.
        let (c, r) = decoded(data, Some(Codec::Gzip));
        assert_eq!(c, Codec::None);
        assert_eq!(r.unwrap(), data);
        let mut damaged = gzip(data);
        damaged[0] = 0;
        let (c, r) = decoded(&damaged, Some(Codec::Gzip));
        assert_eq!(c, Codec::Gzip);
        assert!(r.is_err());
        // "BZh" followed by something other than a block size is text.
        assert_eq!(Codec::from_magic(b"BZhx"), None);
    }

    #[test]
    fn plain_despite_name_wants_text_without_magic() {
        let gz = Some(Codec::Gzip);
        assert!(plain_despite_name(b"{\"id\": \"a\"}\r\n", gz));
        assert!(plain_despite_name(
            "Łódź, 3 czerwca (PAP)".as_bytes(),
            Some(Codec::Zstd)
        ));
        // A character cut by the end of the probe.
        let mut long = "é".repeat(TEXT_PROBE_LEN).into_bytes();
        long.truncate(TEXT_PROBE_LEN + 1);
        assert!(plain_despite_name(&long, gz));
        // No name to contradict, magic present, empty, binary, invalid UTF-8: not plain.
        assert!(!plain_despite_name(b"{}", None));
        assert!(!plain_despite_name(&gzip(b"{}"), gz));
        assert!(!plain_despite_name(b"", gz));
        assert!(!plain_despite_name(b"{\0}", gz));
        assert!(!plain_despite_name(b"\xff\xfe{}", gz));
    }

    #[test]
    fn multi_member_gzip_reads_fully() {
        let mut bytes = gzip(b"one\n");
        bytes.extend(gzip(b"two\n"));
        let (_, r) = decoded(&bytes, None);
        assert_eq!(r.unwrap(), b"one\ntwo\n");
    }

    #[test]
    fn prefixed_serves_held_bytes_then_the_rest() {
        let mut p = Prefixed::new(&b"abcdef"[..]);
        assert_eq!(p.fill(4), b"abcd");
        let mut out = Vec::new();
        p.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"abcdef");
    }

    #[test]
    fn source_errors_are_flagged() {
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        assert!(decode(Failing, None).is_err());
    }
}
