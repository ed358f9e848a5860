//! Postings segments: the index's band keys and anchors, in sorted, append-only files beside
//! the SQLite catalog (`FILE.postings/`), the way an LSM tree or tantivy keeps its postings.
//!
//! Why not SQLite: postings are the bulk of the index (a million articles hold a quarter of a
//! billion anchors) and are only ever appended and read by key. In B-trees every posting cost
//! about 23 bytes, a run's inserts touched pages all over the trees, and a run's lookups walked
//! them page by page. Here a run writes its postings once, sequentially, as one new segment;
//! lookups read each segment's blocks in key order; segments are merged as they accumulate.
//!
//! A segment holds rows `(key, doc, pos, nbhd)` sorted by `(shard_order(key), doc)`
//! ([`crate::candidates::spill::shard_order`]: the key's mixed hash, its spill shard on top, so
//! a run writes its postings shard after shard as they come off the spill, each shard sorted on
//! its own), at most one row per `(key, doc)` (the first pushed: the smallest position). `pos`
//! and `nbhd` (the anchor's [`Neighbours`] there) are only stored for winnowed anchors: a
//! rewrite anchor has neither, a band key neither. Keys below are in that order ("ordered
//! keys").
//! File layout (integers little-endian):
//!
//! ```text
//! "WTSEG\0" version:u8 kind:u8                          header, 8 bytes
//! block*                                                 up to BLOCK_ROWS rows each:
//!     widths: key:u8 doc:u8 pos:u8                        bits per value of each field
//!     bits, least significant first, each field at its width:
//!         per row after the first: ordered key − previous in block
//!         per row: doc − previous doc if the key repeats, else doc
//!         anchors only, per row: 1 bit, set for a winnowed anchor, clear for a rewrite anchor
//!         anchors only, per winnowed anchor, in row order: pos, then nbhd in 16 bits
//! block ref*: first ordered key:u64 offset:u64 len:u32 rows:u32 xxh3(block):u64  32 bytes
//! blocks:u64 rows:u64 xxh3(block refs):u64 "WTSEGEND"                        footer, 32 bytes
//! ```
//!
//! Each field packed at the width of its largest value in the block (frame of reference): the
//! ordered keys are spread evenly, so their gaps in a block differ by a few bits, and a
//! document number or position takes the bits the corpus needs instead of whole varint bytes.
//! At 90,000 generated articles: 8.9 bytes an anchor and 8.0 a band key, against 11.0 and 8.8
//! as LEB128 varints (version 1), where every rewrite anchor's position (`REWRITE_POS`, half
//! the anchors) took five bytes. Version 3 adds the neighbour fingerprints: an indexed run
//! reads an older article to check a lone link only when the fingerprints of both occurrences
//! allow a shared run ([`crate::candidates::anchors::confirms`]), as a batch run does; before,
//! it read every one (at 190,000 + 10,000 generated articles, 44,473 lone links read where
//! 7,871 now are). A rewrite anchor's row no longer holds a position code, so a winnowed
//! anchor's 16 more bits cost about 0.4 bytes a row (96 bytes an article at 190,000).
//!
//! Atomicity: a segment is written under a temporary name, synced, renamed and the folder
//! synced before the run's transaction names it in `segments`; files the catalog does not name
//! (a killed run's, a merge's inputs after its commit) are removed when the next writer opens
//! the index (`remove_unlisted`). A block that fails its checksum is a broken index, named.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::candidates::anchors::Neighbours;
use crate::candidates::spill::{key_of_shard_order, shard_order};
use crate::error::{Error, Result};
use crate::sign::skeleton::REWRITE_POS;
use crate::store::read_exact_at;

/// Names how segments order and code their rows; part of the index's binding (a build that
/// shards or codes postings differently must not read them as its own: `index upgrade` writes
/// them again).
pub const POSTINGS: &str =
    "segments v3: splitmix64 shard order, 32 shards, 256-row bit-packed blocks, \
     anchors with neighbour fingerprints";

const _: () = assert!(crate::candidates::spill::SHARDS == 32);

const MAGIC: &[u8; 6] = b"WTSEG\0";
const VERSION: u8 = 3;
const END: &[u8; 8] = b"WTSEGEND";
const HEADER: u64 = 8;
const FOOTER: u64 = 32;
const REF: usize = 32;

/// Rows per block (about 2.3 KB of anchors): a lookup decodes every key of a block it reads,
/// and the documents and positions of the rows it wants ([`Packed`]).
const BLOCK_ROWS: usize = 256;

/// Wanted blocks at most this far apart share one read of a lookup, the (at most three) blocks
/// between them read and skipped (see [`Segment::gather`]).
const READ_GAP: usize = 4;

/// The most bytes one read of a lookup takes (unless one block is larger).
const READ_BYTES: u64 = 1 << 20;

/// Wanted keys gathered per parallel task in [`SegmentSet::for_each_group`].
const GATHER_CHUNK: usize = 8192;

/// One posting: (key, doc, position, neighbours); position and neighbours 0 for band keys,
/// `REWRITE_POS` and 0 for a rewrite anchor.
pub type Row = [i64; 4];

/// A posting as stored: (ordered key, doc, position, [`Neighbours`]), compared in that order.
pub(crate) type Entry = (u64, u32, u32, u16);

fn row_of((o, doc, pos, nbhd): Entry) -> Row {
    [
        key_of_shard_order(o) as i64,
        i64::from(doc),
        i64::from(pos),
        i64::from(nbhd),
    ]
}

/// The neighbours of an anchor row ([`Row`]): `None` for a rewrite anchor, which has none.
pub fn neighbours_of(row: &Row) -> Option<Neighbours> {
    (row[2] as u32 != REWRITE_POS).then_some(Neighbours(row[3] as u16))
}

/// The ordered key of a key given as the index's i64.
fn order(key: i64) -> u64 {
    shard_order(key as u64)
}

/// The two kinds of postings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// LSH band keys of the MinHash signatures.
    Bands,
    /// Winnowed and rewrite anchors, with their first shingle position.
    Anchors,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Bands => "bands",
            Kind::Anchors => "anchors",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::Bands, Kind::Anchors]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    fn code(self) -> u8 {
        match self {
            Kind::Bands => 1,
            Kind::Anchors => 2,
        }
    }

    fn has_pos(self) -> bool {
        self == Kind::Anchors
    }
}

/// Bits needed for `v` (0 for 0).
fn bits_of(v: u64) -> u8 {
    (64 - v.leading_zeros()) as u8
}

/// Appends the packed form of a block's rows (at least one, in segment order) to `out`: see
/// the module doc.
fn encode_block(rows: &[Entry], has_pos: bool, out: &mut Vec<u8>) {
    let keys = rows.windows(2).map(|w| w[1].0 - w[0].0);
    let docs = rows
        .iter()
        .enumerate()
        .map(|(k, &(key, doc, _, _))| match k {
            0 => u64::from(doc),
            _ if key == rows[k - 1].0 => u64::from(doc - rows[k - 1].1),
            _ => u64::from(doc),
        });
    let winnowed = |r: &&Entry| has_pos && r.2 != REWRITE_POS;
    let widths = [
        keys.clone().map(bits_of).max().unwrap_or(0),
        docs.clone().map(bits_of).max().unwrap_or(0),
        rows.iter()
            .filter(winnowed)
            .map(|r| bits_of(u64::from(r.2)))
            .max()
            .unwrap_or(0),
    ];
    out.extend_from_slice(&widths);
    let mut bits = BitWriter {
        out,
        acc: 0,
        used: 0,
    };
    keys.for_each(|v| bits.put(v, widths[0]));
    docs.for_each(|v| bits.put(v, widths[1]));
    if has_pos {
        rows.iter()
            .for_each(|r| bits.put(u64::from(winnowed(&r)), 1));
        for r in rows.iter().filter(winnowed) {
            bits.put(u64::from(r.2), widths[2]);
            bits.put(u64::from(r.3), NBHD_BITS);
        }
    }
    bits.finish();
}

/// Bits of a winnowed anchor's [`Neighbours`].
const NBHD_BITS: u8 = 16;

/// Decodes a block of `rows` rows whose first ordered key is `first` onto `out`; `None` when
/// the bytes are not such a block.
fn decode_block(
    bytes: &[u8],
    first: u64,
    rows: usize,
    has_pos: bool,
    out: &mut Vec<Entry>,
) -> Option<()> {
    let packed = Packed::new(bytes, rows, has_pos)?;
    let mut keys = Vec::with_capacity(rows);
    packed.keys(first, &mut keys)?;
    packed.rows(&keys, 0..rows, out)
}

/// A block's packed fields (see the module doc), checked against the block's length, read
/// field by field: a lookup decodes every key of a block it reads but the documents and
/// positions of the rows it wants only (at a million articles a nightly run reads nearly every
/// anchor block and wants a few rows of each).
struct Packed<'a> {
    bits: &'a [u8],
    rows: usize,
    widths: [u8; 3],
    /// Where the anchors' winnowed-or-rewrite bits start, and the winnowed anchors' positions
    /// and neighbours (`None` for band keys).
    anchors: Option<(usize, usize)>,
}

impl<'a> Packed<'a> {
    /// `None` when `bytes` cannot be a block of `rows` rows.
    fn new(bytes: &'a [u8], rows: usize, has_pos: bool) -> Option<Self> {
        let [wk, wd, wp] = *bytes.first_chunk::<3>()?;
        if rows == 0 || wk > 64 || wd > 32 || wp > 32 || (!has_pos && wp != 0) {
            return None;
        }
        let fixed = (rows - 1) * wk as usize + rows * wd as usize;
        let packed = Packed {
            bits: &bytes[3..],
            rows,
            widths: [wk, wd, wp],
            anchors: has_pos.then_some((fixed, fixed + rows)),
        };
        let need = match packed.anchors {
            None => fixed,
            Some((flags, fields)) => {
                fields + packed.winnowed_before(flags, rows) * (wp + NBHD_BITS) as usize
            }
        };
        if bytes.len() != 3 + need.div_ceil(8) {
            return None;
        }
        Some(packed)
    }

    /// How many of the first `k` rows are winnowed anchors (their flags start at bit `flags`).
    fn winnowed_before(&self, flags: usize, k: usize) -> usize {
        (0..k)
            .step_by(64)
            .map(|at| self.at(flags + at, (k - at).min(64) as u8).count_ones() as usize)
            .sum()
    }

    /// The `width` bits at bit `at` (least significant first).
    fn at(&self, at: usize, width: u8) -> u64 {
        if width == 0 {
            return 0;
        }
        let start = at / 8;
        let end = (start + 16).min(self.bits.len());
        let mut buf = [0u8; 16];
        if let Some(src) = self.bits.get(start..end) {
            buf[..src.len()].copy_from_slice(src);
        }
        let v = u128::from_le_bytes(buf) >> (at % 8);
        (v & ((1u128 << width) - 1)) as u64
    }

    /// Every row's ordered key, the first being `first`, onto `keys`.
    fn keys(&self, first: u64, keys: &mut Vec<u64>) -> Option<()> {
        let wk = self.widths[0];
        let mut key = first;
        keys.push(first);
        for k in 1..self.rows {
            key = key.checked_add(self.at((k - 1) * wk as usize, wk))?;
            keys.push(key);
        }
        Some(())
    }

    /// The rows `range` onto `out`, given every row's key ([`Packed::keys`]); `range` starts
    /// where its first key's rows start in the block (a document is coded against the row
    /// before it when the key repeats).
    fn rows(
        &self,
        keys: &[u64],
        range: std::ops::Range<usize>,
        out: &mut Vec<Entry>,
    ) -> Option<()> {
        let [wk, wd, wp] = self.widths.map(usize::from);
        let docs = (self.rows - 1) * wk;
        // The winnowed anchors before the range: where its first one's fields are.
        let mut winnowed = match self.anchors {
            Some((flags, _)) => self.winnowed_before(flags, range.start),
            None => 0,
        };
        let mut prev = 0u64;
        for k in range.clone() {
            let d = self.at(docs + k * wd, wd as u8);
            let doc = if k > range.start && keys[k] == keys[k - 1] {
                prev.checked_add(d)?
            } else {
                d
            };
            prev = doc;
            let (pos, nbhd) = match self.anchors {
                None => (0, 0),
                Some((flags, _)) if self.at(flags + k, 1) == 0 => (REWRITE_POS, 0),
                Some((_, fields)) => {
                    let at = fields + winnowed * (wp + NBHD_BITS as usize);
                    winnowed += 1;
                    let pos = u32::try_from(self.at(at, wp as u8))
                        .ok()
                        .filter(|&p| p != REWRITE_POS)?;
                    (pos, self.at(at + wp, NBHD_BITS) as u16)
                }
            };
            out.push((keys[k], u32::try_from(doc).ok()?, pos, nbhd));
        }
        Some(())
    }
}

/// Writes values of given widths into bytes, least significant bit first.
struct BitWriter<'a> {
    out: &'a mut Vec<u8>,
    acc: u128,
    used: u32,
}

impl BitWriter<'_> {
    /// Appends the low `width` bits of `v` (which has no higher bits set).
    fn put(&mut self, v: u64, width: u8) {
        self.acc |= u128::from(v) << self.used;
        self.used += u32::from(width);
        while self.used >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.used -= 8;
        }
    }

    /// The last partial byte, zero-padded.
    fn finish(self) {
        if self.used > 0 {
            self.out.push(self.acc as u8);
        }
    }
}

/// The folder of an index's segments: `FILE.postings` beside `FILE`.
pub fn dir_of(index: &Path) -> PathBuf {
    let mut name = index.as_os_str().to_owned();
    name.push(".postings");
    PathBuf::from(name)
}

/// A finished segment as the catalog records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentMeta {
    /// File name inside the postings folder.
    pub name: String,
    pub kind: Kind,
    pub rows: u64,
    pub bytes: u64,
}

fn broken(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::Index {
        path: path.to_path_buf(),
        reason: format!("broken index: postings segment {what}"),
    }
}

/// Writes one segment. Rows must come ascending by `(key, doc)`; a row repeating the previous
/// row's `(key, doc)` is dropped (as the B-tree's `INSERT OR IGNORE` dropped it).
pub(crate) struct Writer {
    kind: Kind,
    dir: PathBuf,
    name: String,
    tmp: PathBuf,
    /// `None` once finished.
    out: Option<BufWriter<File>>,
    offset: u64,
    /// The current block's rows, encoded when it is full ([`encode_block`]).
    pending: Vec<Entry>,
    block: Vec<u8>,
    refs: Vec<u8>,
    blocks: u64,
    rows: u64,
    last: Option<(u64, u32)>,
}

impl Writer {
    /// A new segment of `kind` in `dir` (created if missing), named for `run` and a nonce so
    /// that no two writers, in this index or an upgrade's replacement, ever pick one name.
    pub(crate) fn create(dir: &Path, kind: Kind, run: i64) -> Result<Writer> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let name = format!("{}-{run:06}-{:016x}.seg", kind.as_str(), nonce());
        let tmp = dir.join(format!(".{name}.tmp"));
        let file = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let mut header = [0u8; HEADER as usize];
        header[..6].copy_from_slice(MAGIC);
        header[6] = VERSION;
        header[7] = kind.code();
        out.write_all(&header).map_err(|e| Error::io(&tmp, e))?;
        Ok(Writer {
            kind,
            dir: dir.to_path_buf(),
            name,
            tmp,
            out: Some(out),
            offset: HEADER,
            pending: Vec::with_capacity(BLOCK_ROWS),
            block: Vec::with_capacity(BLOCK_ROWS * 12),
            refs: Vec::new(),
            blocks: 0,
            rows: 0,
            last: None,
        })
    }

    /// Appends a posting; rows must come in segment order (see the module doc).
    #[cfg(test)]
    fn push(&mut self, row: Row) -> Result<()> {
        let [key, doc, pos, nbhd] = row;
        self.push_ordered((order(key), doc as u32, pos as u32, nbhd as u16))
    }

    /// [`Writer::push`] of a row whose key is already in order form ([`shard_order`]).
    pub(crate) fn push_ordered(&mut self, (key, doc, pos, nbhd): Entry) -> Result<()> {
        if let Some(last) = self.last {
            if (key, doc) == last {
                return Ok(());
            }
            if (key, doc) < last {
                return Err(Error::Index {
                    path: self.tmp.clone(),
                    reason: format!(
                        "postings out of order while writing a segment (ordered key {key:#x}, doc {doc} after {:#x}, {})",
                        last.0, last.1
                    ),
                });
            }
        }
        let (pos, nbhd) = match (self.kind.has_pos(), pos) {
            (false, _) => (0, 0),
            (true, REWRITE_POS) => (REWRITE_POS, 0),
            (true, _) => (pos, nbhd),
        };
        self.pending.push((key, doc, pos, nbhd));
        self.last = Some((key, doc));
        self.rows += 1;
        if self.pending.len() == BLOCK_ROWS {
            self.flush_block()?;
        }
        Ok(())
    }

    fn flush_block(&mut self) -> Result<()> {
        let Some(&(first, _, _, _)) = self.pending.first() else {
            return Ok(());
        };
        encode_block(&self.pending, self.kind.has_pos(), &mut self.block);
        if let Some(out) = self.out.as_mut() {
            out.write_all(&self.block)
                .map_err(|e| Error::io(&self.tmp, e))?;
        }
        self.refs.extend_from_slice(&first.to_le_bytes());
        self.refs.extend_from_slice(&self.offset.to_le_bytes());
        self.refs
            .extend_from_slice(&(self.block.len() as u32).to_le_bytes());
        self.refs
            .extend_from_slice(&(self.pending.len() as u32).to_le_bytes());
        self.refs
            .extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&self.block).to_le_bytes());
        self.offset += self.block.len() as u64;
        self.blocks += 1;
        self.block.clear();
        self.pending.clear();
        Ok(())
    }

    /// Writes the block refs and footer, syncs the file, gives it its name and syncs the
    /// folder. `None` (and no file) when no row was pushed.
    pub(crate) fn finish(mut self) -> Result<Option<SegmentMeta>> {
        if self.rows == 0 {
            self.out = None;
            let _ = std::fs::remove_file(&self.tmp);
            return Ok(None);
        }
        self.flush_block()?;
        let Some(mut out) = self.out.take() else {
            return Ok(None);
        };
        let io = |e| Error::io(&self.tmp, e);
        out.write_all(&self.refs).map_err(io)?;
        let mut footer = Vec::with_capacity(FOOTER as usize);
        footer.extend_from_slice(&self.blocks.to_le_bytes());
        footer.extend_from_slice(&self.rows.to_le_bytes());
        footer.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&self.refs).to_le_bytes());
        footer.extend_from_slice(END);
        out.write_all(&footer).map_err(io)?;
        let file = out
            .into_inner()
            .map_err(|e| Error::io(&self.tmp, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&self.tmp, e))?;
        let bytes = self.offset + self.refs.len() as u64 + FOOTER;
        let path = self.dir.join(&self.name);
        std::fs::rename(&self.tmp, &path).map_err(|e| Error::io(&path, e))?;
        sync_dir(&self.dir)?;
        Ok(Some(SegmentMeta {
            name: self.name.clone(),
            kind: self.kind,
            rows: self.rows,
            bytes,
        }))
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // An unfinished segment leaves nothing behind (a finished one was renamed away).
        let _ = std::fs::remove_file(&self.tmp);
    }
}

fn nonce() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut b = Vec::with_capacity(32);
    b.extend_from_slice(&t.to_le_bytes());
    b.extend_from_slice(&u64::from(std::process::id()).to_le_bytes());
    b.extend_from_slice(&seq.to_le_bytes());
    xxhash_rust::xxh3::xxh3_64(&b)
}

/// Makes a rename or removal in `dir` durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, e))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[derive(Clone, Copy, Debug)]
struct BlockRef {
    first: u64,
    offset: u64,
    len: u32,
    rows: u32,
    hash: u64,
}

/// An open segment: its block refs in memory, its blocks read on demand.
pub struct Segment {
    path: PathBuf,
    file: File,
    kind: Kind,
    blocks: Vec<BlockRef>,
    rows: u64,
}

impl Segment {
    /// Opens and checks the segment at `path`, which must hold `kind`.
    pub fn open(path: &Path, kind: Kind) -> Result<Segment> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
        if len < HEADER + FOOTER {
            return Err(broken(path, "is truncated"));
        }
        let mut header = [0u8; HEADER as usize];
        read_exact_at(&file, &mut header, 0).map_err(|e| Error::io(path, e))?;
        if &header[..6] != MAGIC || header[6] != VERSION || header[7] != kind.code() {
            return Err(broken(
                path,
                format!("does not start as a {} segment", kind.as_str()),
            ));
        }
        let mut footer = [0u8; FOOTER as usize];
        read_exact_at(&file, &mut footer, len - FOOTER).map_err(|e| Error::io(path, e))?;
        let u =
            |k: usize| u64::from_le_bytes(footer[8 * k..8 * k + 8].try_into().unwrap_or([0; 8]));
        if &footer[24..] != END {
            return Err(broken(path, "has no end marker (truncated?)"));
        }
        let (blocks, rows, hash) = (u(0), u(1), u(2));
        let refs_len = blocks
            .checked_mul(REF as u64)
            .filter(|n| *n + HEADER + FOOTER <= len)
            .ok_or_else(|| broken(path, "has an impossible block count"))?;
        let mut refs = vec![0u8; refs_len as usize];
        read_exact_at(&file, &mut refs, len - FOOTER - refs_len).map_err(|e| Error::io(path, e))?;
        if xxhash_rust::xxh3::xxh3_64(&refs) != hash {
            return Err(broken(path, "has a damaged block table"));
        }
        let data_end = len - FOOTER - refs_len;
        let mut out = Vec::with_capacity(blocks as usize);
        let mut total = 0u64;
        for r in refs.chunks_exact(REF) {
            let w = |a: usize, b: usize| &r[a..b];
            let b = BlockRef {
                first: u64::from_le_bytes(w(0, 8).try_into().unwrap_or([0; 8])),
                offset: u64::from_le_bytes(w(8, 16).try_into().unwrap_or([0; 8])),
                len: u32::from_le_bytes(w(16, 20).try_into().unwrap_or([0; 4])),
                rows: u32::from_le_bytes(w(20, 24).try_into().unwrap_or([0; 4])),
                hash: u64::from_le_bytes(w(24, 32).try_into().unwrap_or([0; 8])),
            };
            if b.offset < HEADER || b.offset + u64::from(b.len) > data_end {
                return Err(broken(path, "has a block outside the file"));
            }
            total += u64::from(b.rows);
            out.push(b);
        }
        if total != rows {
            return Err(broken(path, "counts its rows wrong"));
        }
        Ok(Segment {
            path: path.to_path_buf(),
            file,
            kind,
            blocks: out,
            rows,
        })
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Decodes block `i` into `out` (appended).
    fn block(&self, i: usize, out: &mut Vec<Entry>) -> Result<()> {
        let b = self.blocks[i];
        let mut bytes = vec![0u8; b.len as usize];
        read_exact_at(&self.file, &mut bytes, b.offset).map_err(|e| Error::io(&self.path, e))?;
        self.decode(i, &bytes, out)
    }

    /// Decodes block `i` from its stored `bytes` (checksum first) onto `out`.
    fn decode(&self, i: usize, bytes: &[u8], out: &mut Vec<Entry>) -> Result<()> {
        let b = self.blocks[i];
        self.check(i, bytes)?;
        decode_block(bytes, b.first, b.rows as usize, self.kind.has_pos(), out)
            .ok_or_else(|| self.undecodable(i))
    }

    /// Checks block `i`'s stored `bytes` against its checksum.
    fn check(&self, i: usize, bytes: &[u8]) -> Result<()> {
        if xxhash_rust::xxh3::xxh3_64(bytes) != self.blocks[i].hash {
            return Err(broken(&self.path, format!("block {i} fails its checksum")));
        }
        Ok(())
    }

    fn undecodable(&self, i: usize) -> Error {
        broken(&self.path, format!("block {i} does not decode"))
    }

    /// The blocks that can hold any of `keys` (strictly ascending), ascending and distinct: for
    /// each key, the last block starting before it (a key's rows may begin at the end of a
    /// block) and every one starting with it.
    fn blocks_for(&self, keys: &[u64]) -> Vec<usize> {
        let mut wanted: Vec<usize> = Vec::new();
        for &key in keys {
            let lo = self
                .blocks
                .partition_point(|b| b.first < key)
                .saturating_sub(1);
            let hi = self.blocks.partition_point(|b| b.first <= key);
            // Ascending keys give ranges that start at or after the previous range's last block.
            for i in lo..hi {
                if wanted.last().is_none_or(|&w| w < i) {
                    wanted.push(i);
                }
            }
        }
        wanted
    }

    /// Appends the rows whose ordered key is in `keys` (strictly ascending: distinct) to `out`,
    /// in order.
    ///
    /// The blocks are read in runs: wanted blocks at most [`READ_GAP`] blocks apart are read
    /// with one `pread` of up to [`READ_BYTES`], the blocks between them read and skipped. A
    /// nightly run's keys touch most blocks of a large segment, and one call per 3 KB block
    /// cost more than the bytes.
    fn gather(&self, keys: &[u64], out: &mut Vec<Entry>) -> Result<()> {
        let wanted = self.blocks_for(keys);
        let mut block_keys: Vec<u64> = Vec::with_capacity(BLOCK_ROWS);
        let mut buf: Vec<u8> = Vec::new();
        let mut keys = keys;
        let mut w = 0;
        while w < wanted.len() {
            // One run of wanted blocks, read with one call.
            let first = wanted[w];
            let mut end = w + 1;
            while end < wanted.len()
                && wanted[end] - wanted[end - 1] <= READ_GAP
                && self.span(first, wanted[end]) <= READ_BYTES
                && self.contiguous(wanted[end - 1], wanted[end])
            {
                end += 1;
            }
            let last = wanted[end - 1];
            let start = self.blocks[first].offset;
            buf.resize(self.span(first, last) as usize, 0);
            read_exact_at(&self.file, &mut buf, start).map_err(|e| Error::io(&self.path, e))?;
            for &i in &wanted[w..end] {
                let b = self.blocks[i];
                let at = (b.offset - start) as usize;
                let bytes = &buf[at..at + b.len as usize];
                self.check(i, bytes)?;
                // The block's keys, then the documents and positions of the rows wanted only.
                let packed = Packed::new(bytes, b.rows as usize, self.kind.has_pos())
                    .ok_or_else(|| self.undecodable(i))?;
                block_keys.clear();
                packed
                    .keys(b.first, &mut block_keys)
                    .ok_or_else(|| self.undecodable(i))?;
                // Keys below this block's last row are done with once it is searched; keys
                // equal to its last row may continue in the next block.
                let last_key = block_keys.last().copied().unwrap_or(b.first);
                let mut k = 0;
                while k < keys.len() && keys[k] <= last_key {
                    let key = keys[k];
                    let from = block_keys.partition_point(|&x| x < key);
                    let to = block_keys.partition_point(|&x| x <= key);
                    if from < to {
                        packed
                            .rows(&block_keys, from..to, out)
                            .ok_or_else(|| self.undecodable(i))?;
                    }
                    k += 1;
                }
                // A key equal to the block's last row stays for the next block.
                if k > 0 && keys[k - 1] == last_key {
                    k -= 1;
                }
                keys = &keys[k..];
            }
            w = end;
        }
        Ok(())
    }

    /// Bytes from the start of block `a` to the end of block `b` (`a <= b`, contiguous).
    fn span(&self, a: usize, b: usize) -> u64 {
        let (x, y) = (self.blocks[a], self.blocks[b]);
        (y.offset + u64::from(y.len)).saturating_sub(x.offset)
    }

    /// Whether blocks `a < b` and everything between lie back to back in the file, as a
    /// segment writes them.
    fn contiguous(&self, a: usize, b: usize) -> bool {
        (a..b).all(|i| {
            self.blocks[i].offset + u64::from(self.blocks[i].len) == self.blocks[i + 1].offset
        })
    }

    /// Every row, in segment order, a block at a time.
    pub fn for_each_row(&self, mut f: impl FnMut(Row) -> Result<()>) -> Result<()> {
        let mut rows = Vec::with_capacity(BLOCK_ROWS);
        for i in 0..self.blocks.len() {
            rows.clear();
            self.block(i, &mut rows)?;
            for &r in &rows {
                f(row_of(r))?;
            }
        }
        Ok(())
    }
}

/// The open segments of an index, by kind, in the catalog's order.
#[derive(Default)]
pub struct SegmentSet {
    bands: Vec<Segment>,
    anchors: Vec<Segment>,
}

impl SegmentSet {
    /// Opens the segments `metas` names in `dir`.
    pub fn open(dir: &Path, metas: &[SegmentMeta]) -> Result<SegmentSet> {
        let mut set = SegmentSet::default();
        for m in metas {
            set.push(Segment::open(&dir.join(&m.name), m.kind)?);
        }
        Ok(set)
    }

    pub(crate) fn push(&mut self, s: Segment) {
        match s.kind {
            Kind::Bands => self.bands.push(s),
            Kind::Anchors => self.anchors.push(s),
        }
    }

    pub fn of(&self, kind: Kind) -> &[Segment] {
        match kind {
            Kind::Bands => &self.bands,
            Kind::Anchors => &self.anchors,
        }
    }

    /// Calls `f` with each of `keys` that has postings, and its rows sorted by doc; the keys
    /// in segment order, not as given (duplicates are looked up once). The rows of a chunk of
    /// keys are gathered from every segment in parallel; `f` runs in turn.
    pub fn for_each_group(
        &self,
        kind: Kind,
        keys: &[i64],
        mut f: impl FnMut(i64, &[Row]) -> Result<()>,
    ) -> Result<()> {
        let segs = self.of(kind);
        let mut ordered: Vec<u64> = keys.par_iter().map(|&k| order(k)).collect();
        ordered.par_sort_unstable();
        ordered.dedup();
        let window = GATHER_CHUNK * rayon::current_num_threads().max(1) * 2;
        let mut group: Vec<Row> = Vec::new();
        for keys in ordered.chunks(window) {
            let parts: Vec<Vec<Entry>> = keys
                .par_chunks(GATHER_CHUNK)
                .map(|keys| {
                    let mut rows = Vec::new();
                    for s in segs {
                        s.gather(keys, &mut rows)?;
                    }
                    rows.sort_unstable();
                    Ok(rows)
                })
                .collect::<Result<_>>()?;
            for rows in parts {
                for g in rows.chunk_by(|a, b| a.0 == b.0) {
                    group.clear();
                    group.extend(g.iter().map(|&e| row_of(e)));
                    f(group[0][0], &group)?;
                }
            }
        }
        Ok(())
    }

    /// The rows of one key, sorted by doc.
    pub fn group_of(&self, kind: Kind, key: i64) -> Result<Vec<Row>> {
        let mut rows = Vec::new();
        for s in self.of(kind) {
            s.gather(&[order(key)], &mut rows)?;
        }
        rows.sort_unstable();
        Ok(rows.into_iter().map(row_of).collect())
    }
}

/// Merges `segs` (all of one kind) into one new segment in `dir`, as a k-way merge of their
/// rows; the inputs are left for the caller to drop from the catalog and remove.
pub(crate) fn merge(dir: &Path, segs: &[&Segment], run: i64) -> Result<Option<SegmentMeta>> {
    let Some(kind) = segs.first().map(|s| s.kind) else {
        return Ok(None);
    };
    struct Cursor<'s> {
        seg: &'s Segment,
        block: usize,
        rows: Vec<Entry>,
        at: usize,
    }
    impl Cursor<'_> {
        fn next(&mut self) -> Result<Option<Entry>> {
            while self.at == self.rows.len() {
                if self.block == self.seg.blocks.len() {
                    return Ok(None);
                }
                self.rows.clear();
                self.seg.block(self.block, &mut self.rows)?;
                self.block += 1;
                self.at = 0;
            }
            self.at += 1;
            Ok(Some(self.rows[self.at - 1]))
        }
    }
    let mut cursors: Vec<Cursor> = segs
        .iter()
        .map(|&seg| Cursor {
            seg,
            block: 0,
            rows: Vec::new(),
            at: 0,
        })
        .collect();
    let mut heap = std::collections::BinaryHeap::new();
    for (i, c) in cursors.iter_mut().enumerate() {
        if let Some(r) = c.next()? {
            heap.push(std::cmp::Reverse((r, i)));
        }
    }
    let mut w = Writer::create(dir, kind, run)?;
    while let Some(std::cmp::Reverse((r, i))) = heap.pop() {
        w.push_ordered(r)?;
        if let Some(next) = cursors[i].next()? {
            heap.push(std::cmp::Reverse((next, i)));
        }
    }
    w.finish()
}

/// Sorts the rows of one spill shard into segment order, `order` giving each row's ordered key
/// (the rows' `Ord` must sort by it first). Ordered keys are uniform below the shard's bits, so
/// [`crate::candidates::spill::spread_sort`] sorts by them: a few times faster than a
/// comparison sort of the shard, which was most of a fresh run's postings writing. Rows of
/// another shard would come out of order, which [`Writer`] refuses.
pub(crate) fn sort_shard<T: Ord + Copy + Send + Sync>(
    rows: &mut [T],
    order: impl Fn(&T) -> u64 + Sync,
) {
    let shard_bits = crate::candidates::spill::SHARDS.trailing_zeros();
    crate::candidates::spill::spread_sort(rows, |r| order(r) << shard_bits);
}

/// Segments merged when they pile up: the newest two while the newest holds at least half as
/// many rows as the one before it. Sizes then fall geometrically from oldest to newest, so an
/// index holds O(log n) segments of a kind, and each posting is rewritten O(log n) times over
/// its life; a nightly run mostly merges small segments. Returns how many of the newest
/// segments (`rows`, oldest first) to merge: 0 or at least 2.
pub(crate) fn merge_tail(rows: &[u64]) -> usize {
    let mut acc = match rows.last() {
        Some(&r) => r,
        None => return 0,
    };
    let mut n = 1;
    while n < rows.len() && acc.saturating_mul(2) >= rows[rows.len() - 1 - n] {
        acc += rows[rows.len() - 1 - n];
        n += 1;
    }
    if n >= 2 {
        n
    } else {
        0
    }
}

/// Removes the files of `dir` that `keep` does not name (a killed run's segment, a merge's
/// inputs after its commit, temporary files). Call only with the writer lock held.
pub(crate) fn remove_unlisted(dir: &Path, keep: &[String]) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut removed = false;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.ends_with(".seg") || name.ends_with(".seg.tmp");
        if ours && !keep.contains(&name) {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            removed = true;
        }
    }
    if removed {
        sync_dir(dir)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorts rows into segment order.
    fn seg_sort(rows: &mut [Row]) {
        rows.sort_unstable_by_key(|r| (order(r[0]), r[1], r[2], r[3]));
    }

    /// The rows of `keys` among `rows` (in segment order), gathered by ordered key.
    fn gathered(seg: &Segment, keys: &[i64]) -> Vec<Row> {
        let mut ordered: Vec<u64> = keys.iter().map(|&k| order(k)).collect();
        ordered.sort_unstable();
        ordered.dedup();
        let mut got = Vec::new();
        seg.gather(&ordered, &mut got).unwrap();
        got.into_iter().map(row_of).collect()
    }

    fn write(dir: &Path, kind: Kind, rows: &[Row]) -> Segment {
        let mut rows = rows.to_vec();
        seg_sort(&mut rows);
        let mut w = Writer::create(dir, kind, 1).unwrap();
        for r in &rows {
            w.push(*r).unwrap();
        }
        let meta = w.finish().unwrap().unwrap();
        Segment::open(&dir.join(meta.name), kind).unwrap()
    }

    /// Sorted, first of each (key, doc) kept, positions and neighbours dropped for bands and
    /// neighbours for rewrite anchors: what a segment holds.
    fn canonical(kind: Kind, rows: &[Row]) -> Vec<Row> {
        let mut v: Vec<Row> = rows
            .iter()
            .map(|&[k, d, p, n]| match (kind.has_pos(), p as u32) {
                (false, _) => [k, d, 0, 0],
                (true, REWRITE_POS) => [k, d, p, 0],
                (true, _) => [k, d, p, n],
            })
            .collect();
        seg_sort(&mut v);
        v.dedup_by(|b, a| (a[0], a[1]) == (b[0], b[1]));
        v
    }

    fn all_rows(s: &Segment) -> Vec<Row> {
        let mut v = Vec::new();
        s.for_each_row(|r| {
            v.push(r);
            Ok(())
        })
        .unwrap();
        v
    }

    fn row_strategy() -> impl proptest::strategy::Strategy<Value = Row> {
        use proptest::prelude::*;
        // Few keys (groups spanning blocks), extremes of i64 (deltas wrap), docs, positions
        // (rewrite anchors' among them) and neighbours.
        (
            prop_oneof![-20i64..20, Just(i64::MIN), Just(i64::MAX), any::<i64>()],
            0i64..40,
            prop_oneof![0i64..5000, Just(i64::from(REWRITE_POS))],
            any::<u16>(),
        )
            .prop_map(|(k, d, p, n)| [k, d, p, i64::from(n)])
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// A segment reads back what was written; a lookup of any keys finds exactly their rows.
        #[test]
        fn segments_read_back_and_find_every_key(
            rows in proptest::collection::vec(row_strategy(), 0..3000),
            wanted in proptest::collection::vec(row_strategy(), 0..60),
            anchors in proptest::bool::ANY,
        ) {
            let kind = if anchors { Kind::Anchors } else { Kind::Bands };
            let dir = tempfile::tempdir().unwrap();
            let want = canonical(kind, &rows);
            let mut w = Writer::create(dir.path(), kind, 7).unwrap();
            let mut sorted = rows.clone();
            seg_sort(&mut sorted);
            for r in &sorted {
                w.push(*r).unwrap();
            }
            let Some(meta) = w.finish().unwrap() else {
                proptest::prop_assert!(rows.is_empty());
                return Ok(());
            };
            proptest::prop_assert_eq!(meta.rows, want.len() as u64);
            let seg = Segment::open(&dir.path().join(&meta.name), kind).unwrap();
            proptest::prop_assert_eq!(all_rows(&seg), want.clone());
            let keys: Vec<i64> = wanted.iter().map(|r| r[0]).chain(rows.iter().take(30).map(|r| r[0])).collect();
            let got = gathered(&seg, &keys);
            let expect: Vec<Row> = want.iter().filter(|r| keys.contains(&r[0])).copied().collect();
            proptest::prop_assert_eq!(got, expect);
        }

        /// Merged segments hold the rows of all of them; groups over several segments are the
        /// groups of their union.
        #[test]
        fn merges_and_groups_span_segments(
            parts in proptest::collection::vec(proptest::collection::vec(row_strategy(), 1..800), 1..5),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut set = SegmentSet::default();
            let mut union = Vec::new();
            for part in &parts {
                union.extend_from_slice(part);
                set.push(write(dir.path(), Kind::Anchors, &canonical(Kind::Anchors, part)));
            }
            let segs: Vec<&Segment> = set.of(Kind::Anchors).iter().collect();
            let meta = merge(dir.path(), &segs, 9).unwrap().unwrap();
            let merged = Segment::open(&dir.path().join(meta.name), Kind::Anchors).unwrap();
            // The union, with each segment's own first row per (key, doc).
            let mut each: Vec<Row> = parts.iter().flat_map(|p| canonical(Kind::Anchors, p)).collect();
            seg_sort(&mut each);
            each.dedup_by(|b, a| (a[0], a[1]) == (b[0], b[1]));
            proptest::prop_assert_eq!(all_rows(&merged), each.clone());

            let mut keys: Vec<i64> = union.iter().map(|r| r[0]).collect();
            keys.sort_unstable();
            keys.dedup();
            let mut grouped = Vec::new();
            set.for_each_group(Kind::Anchors, &keys, |k, rows| {
                assert!(rows.iter().all(|r| r[0] == k));
                grouped.extend_from_slice(rows);
                Ok(())
            }).unwrap();
            let mut from_parts: Vec<Row> = parts.iter().flat_map(|p| canonical(Kind::Anchors, p)).collect();
            seg_sort(&mut from_parts);
            proptest::prop_assert_eq!(grouped, from_parts.clone());
            for &k in keys.iter().take(5) {
                let one = set.group_of(Kind::Anchors, k).unwrap();
                let expect: Vec<Row> = from_parts.iter().filter(|r| r[0] == k).copied().collect();
                proptest::prop_assert_eq!(one, expect);
            }
        }
    }

    #[test]
    fn a_group_spanning_many_blocks_is_found_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut rows: Vec<Row> = (0..1000).map(|d| [5, d, d * 3, d % 7]).collect();
        rows.extend((0..10).map(|d| [4, d, 0, 1]));
        rows.extend((0..10).map(|d| [6, d, 0, 2]));
        seg_sort(&mut rows);
        let seg = write(dir.path(), Kind::Anchors, &rows);
        for keys in [
            vec![5],
            vec![4, 5],
            vec![5, 6],
            vec![4, 5, 6],
            vec![3, 5, 7],
        ] {
            let got = gathered(&seg, &keys);
            let expect: Vec<Row> = rows
                .iter()
                .filter(|r| keys.contains(&r[0]))
                .copied()
                .collect();
            assert_eq!(got, expect, "{keys:?}");
        }
    }

    #[test]
    fn rows_out_of_order_are_refused_and_leave_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::create(dir.path(), Kind::Bands, 1).unwrap();
        let (lo, hi) = if order(5) < order(4) { (5, 4) } else { (4, 5) };
        w.push([hi, 1, 0, 0]).unwrap();
        assert!(w.push([lo, 1, 0, 0]).is_err());
        drop(w);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn damage_is_named_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let rows: Vec<Row> = (0..600).map(|d| [d * 7, d, 1, 3]).collect();
        let seg = write(dir.path(), Kind::Anchors, &rows);
        let path = seg.path.clone();
        drop(seg);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[20] ^= 0x40;
        std::fs::write(&path, &bytes).unwrap();
        let seg = Segment::open(&path, Kind::Anchors).unwrap();
        let err = seg.for_each_row(|_| Ok(())).unwrap_err().to_string();
        assert!(err.contains("block 0 fails its checksum"), "{err}");
        // A truncated file, and the wrong kind.
        std::fs::write(&path, &bytes[..bytes.len() - 5]).unwrap();
        let err = Segment::open(&path, Kind::Anchors)
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("end marker"), "{err}");
        let other = write(dir.path(), Kind::Bands, &[[1, 1, 0, 0]]);
        let err = Segment::open(&other.path, Kind::Anchors)
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("anchors segment"), "{err}");
    }

    proptest::proptest! {
        /// A block's rows come back as they went in, whatever the widths of their fields.
        #[test]
        fn blocks_pack_and_unpack_any_rows(
            raw in proptest::collection::vec((proptest::prelude::any::<u64>(), proptest::prelude::any::<u32>(), proptest::prelude::any::<u32>(), proptest::prelude::any::<u16>()), 1..BLOCK_ROWS),
            repeat in proptest::collection::vec(0u64..3, 1..BLOCK_ROWS),
        ) {
            // Full-range keys, documents and positions, with runs of one key (doc deltas).
            let mut rows: Vec<Entry> = raw
                .iter()
                .zip(repeat.iter().cycle())
                .map(|(&(k, d, p, n), &r)| (if r == 0 { 7 } else { k }, d, p, n))
                .collect();
            rows.sort_unstable();
            rows.dedup_by_key(|r| (r.0, r.1));
            for has_pos in [true, false] {
                let rows: Vec<Entry> = if has_pos {
                    // Rewrite anchors among them (no neighbours), and any other position.
                    rows.iter()
                        .map(|&(k, d, p, n)| if p % 3 == 0 { (k, d, REWRITE_POS, 0) } else { (k, d, p % REWRITE_POS, n) })
                        .collect()
                } else {
                    rows.iter().map(|&(k, d, _, _)| (k, d, 0, 0)).collect()
                };
                let mut bytes = Vec::new();
                encode_block(&rows, has_pos, &mut bytes);
                let mut out = Vec::new();
                proptest::prop_assert!(decode_block(&bytes, rows[0].0, rows.len(), has_pos, &mut out).is_some());
                proptest::prop_assert_eq!(&out, &rows);
                // The rows of each key alone, as a lookup reads them: its documents are coded
                // against each other, never against the key before.
                let packed = Packed::new(&bytes, rows.len(), has_pos).unwrap();
                let mut keys = Vec::new();
                packed.keys(rows[0].0, &mut keys).unwrap();
                for run in rows.chunk_by(|x, y| x.0 == y.0) {
                    let from = rows.partition_point(|r| r.0 < run[0].0);
                    let mut one = Vec::new();
                    packed.rows(&keys, from..from + run.len(), &mut one).unwrap();
                    proptest::prop_assert_eq!(&one[..], run);
                }
                // A block cut short does not decode.
                let mut out = Vec::new();
                proptest::prop_assert!(decode_block(&bytes[..bytes.len() - 1], rows[0].0, rows.len(), has_pos, &mut out).is_none());
            }
        }

        /// A shard's rows come out of the bucket sort as a full sort leaves them.
        #[test]
        fn shard_sort_is_a_sort(keys in proptest::collection::vec(0u64..5000, 0..5000), shard in 0usize..32) {
            use crate::candidates::spill::{shard_of, shard_order};
            let mut rows: Vec<(u64, u32, u32)> = keys
                .iter()
                .enumerate()
                .filter(|(_, &k)| shard_of(k) == shard)
                .map(|(i, &k)| (shard_order(k), (i % 7) as u32, i as u32))
                .collect();
            let mut want = rows.clone();
            want.sort_unstable();
            sort_shard(&mut rows, |r| r.0);
            proptest::prop_assert_eq!(rows, want);
        }
    }

    #[test]
    fn the_merge_policy_keeps_sizes_falling_geometrically() {
        assert_eq!(merge_tail(&[]), 0);
        assert_eq!(merge_tail(&[10]), 0);
        assert_eq!(merge_tail(&[1_000_000, 10_000]), 0);
        assert_eq!(merge_tail(&[1_000_000, 10_000, 10_000]), 2);
        assert_eq!(merge_tail(&[40, 20, 10, 10]), 4);
        assert_eq!(merge_tail(&[100, 10, 3]), 0);
        // Nightly runs of one size: segments stay few (a binary counter's worth).
        let mut segs: Vec<u64> = Vec::new();
        for _ in 0..1000 {
            segs.push(1);
            let n = merge_tail(&segs);
            if n > 0 {
                let merged: u64 = segs.drain(segs.len() - n..).sum();
                segs.push(merged);
            }
            assert!(segs.len() <= 11, "{segs:?}");
            assert!(segs.windows(2).all(|w| w[0] > 2 * w[1]), "{segs:?}");
        }
    }

    #[test]
    fn unlisted_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let keep = write(dir.path(), Kind::Bands, &[[1, 1, 0, 0]]);
        let drop_me = write(dir.path(), Kind::Bands, &[[2, 1, 0, 0]]);
        std::fs::write(dir.path().join(".x.seg.tmp"), b"half").unwrap();
        std::fs::write(dir.path().join("README"), b"not ours").unwrap();
        let name = |s: &Segment| s.path.file_name().unwrap().to_string_lossy().into_owned();
        remove_unlisted(dir.path(), &[name(&keep)]).unwrap();
        assert!(keep.path.exists());
        assert!(!drop_me.path.exists());
        assert!(!dir.path().join(".x.seg.tmp").exists());
        assert!(dir.path().join("README").exists());
    }
}
