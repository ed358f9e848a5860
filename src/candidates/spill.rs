//! Postings spilled to disk while articles stream in, sharded by key, so that grouping them
//! holds one shard in memory at a time instead of every posting of the run.
//!
//! Why: at a million articles the anchor postings alone are 120 million records of 16 bytes;
//! held in memory with the band postings they were most of the run's peak. A posting goes to the
//! shard its key's mixed hash selects ([`shard_of`]), so every group — all postings of one key —
//! lies in one shard, and the group step sees it whole. The files are unnamed temporary files
//! (`tempfile()`), gone when the run ends, however it ends.
//!
//! Invariant: records come back from a shard in the order they were pushed; grouping sorts them.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

use crate::candidates::anchors::{Neighbours, Posting};
use crate::candidates::lsh::BandKey;
use crate::model::DocId;
use crate::sign::minhash::{mix64, GOLDEN};

/// Shards per spill: two thirty-seconds of the postings in memory at once (the shard being
/// grouped and the next, read meanwhile).
pub const SHARDS: usize = 32;

/// A fixed-size record that can be spilled.
pub trait Record: Sized {
    const BYTES: usize;
    /// The grouping key (every record of one key goes to one shard).
    fn key(&self) -> u64;
    fn encode(&self, out: &mut Vec<u8>);
    fn decode(b: &[u8]) -> Self;
}

impl Record for Posting {
    const BYTES: usize = 18;
    fn key(&self) -> u64 {
        self.anchor
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.anchor.to_le_bytes());
        out.extend_from_slice(&self.doc.0.to_le_bytes());
        out.extend_from_slice(&self.pos.to_le_bytes());
        out.extend_from_slice(&self.nbhd.0.to_le_bytes());
    }
    fn decode(b: &[u8]) -> Self {
        Posting {
            anchor: u64::from_le_bytes(b[0..8].try_into().unwrap_or_default()),
            doc: DocId(u32::from_le_bytes(b[8..12].try_into().unwrap_or_default())),
            pos: u32::from_le_bytes(b[12..16].try_into().unwrap_or_default()),
            nbhd: Neighbours(u16::from_le_bytes(b[16..18].try_into().unwrap_or_default())),
        }
    }
}

impl Record for (BandKey, DocId) {
    const BYTES: usize = 12;
    fn key(&self) -> u64 {
        self.0 .0
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0 .0.to_le_bytes());
        out.extend_from_slice(&self.1 .0.to_le_bytes());
    }
    fn decode(b: &[u8]) -> Self {
        (
            BandKey(u64::from_le_bytes(b[0..8].try_into().unwrap_or_default())),
            DocId(u32::from_le_bytes(b[8..12].try_into().unwrap_or_default())),
        )
    }
}

/// A key's mixed hash (splitmix64's finaliser): winnowed anchors are window minima and crowd
/// into the low end of the range, so their raw bits would fill one shard or one bucket.
fn mix(key: u64) -> u64 {
    mix64(key.wrapping_add(GOLDEN))
}

/// The shard of a key: the low bits of its mixed hash.
pub fn shard_of(key: u64) -> usize {
    (mix(key) % SHARDS as u64) as usize
}

const SHARD_BITS: u32 = SHARDS.trailing_zeros();
const _: () = assert!(SHARDS.is_power_of_two());

/// A key's place in shard order: its mixed hash with the shard's bits on top, so sorting by it
/// sorts by shard first. A bijection ([`key_of_shard_order`] undoes it): the index's postings
/// segments are kept in this order, so a run writes them shard after shard, each shard sorted
/// on its own, with no merge of the whole run's postings.
pub fn shard_order(key: u64) -> u64 {
    mix(key).rotate_right(SHARD_BITS)
}

/// The key whose [`shard_order`] is `order`.
pub fn key_of_shard_order(order: u64) -> u64 {
    crate::sign::minhash::unmix64(order.rotate_left(SHARD_BITS)).wrapping_sub(GOLDEN)
}

/// Brings each key's records together, each group sorted (by the records' order): what the
/// group steps need, at a fraction of a comparison sort's cost ([`spread_sort_by`] on the
/// key's mixed hash: all records of a key land in one bucket). The groups come in the order of
/// their keys' mixed hashes, so the records of one spill shard come out in the index's segment
/// order (by [`shard_order`] of the key, then the record): a run into an empty index stores
/// the shards the candidate stage sorted as they are, with no second read or sort.
/// Deterministic: the result depends only on the records, not on the thread count.
pub fn group_sort<R: Record + Ord + Copy + Send + Sync>(records: &mut [R]) {
    spread_sort_by(
        records,
        |r| mix(r.key()),
        |x, y| {
            if x.key() == y.key() {
                x.cmp(y)
            } else {
                mix(x.key()).cmp(&mix(y.key()))
            }
        },
    );
}

/// Sorts `records` into buckets by the top bits of `spread` (about 16 records a bucket), each
/// bucket sorted by the records' order: one counting pass and many small sorts instead of one
/// large one. With `spread` uniform, that is cheap; with `spread` monotone in the records'
/// order (the order's leading field, its constant bits shifted out), it is a full sort.
pub fn spread_sort<R: Ord + Copy + Send + Sync>(records: &mut [R], spread: impl Fn(&R) -> u64) {
    spread_sort_by(records, spread, R::cmp);
}

/// [`spread_sort`] with the buckets sorted by `cmp`, which must agree with `spread` (records of
/// a lower top `spread` come first) for the whole to be sorted by `cmp`.
pub fn spread_sort_by<R: Copy + Send + Sync>(
    records: &mut [R],
    spread: impl Fn(&R) -> u64,
    cmp: impl Fn(&R, &R) -> std::cmp::Ordering + Sync,
) {
    use rayon::prelude::*;
    let n = records.len();
    if n < 1024 {
        records.sort_unstable_by(&cmp);
        return;
    }
    let bits = (n / 16).max(2).ilog2().min(24);
    let bucket = |r: &R| (spread(r) >> (64 - bits)) as usize;
    let mut starts = vec![0usize; (1usize << bits) + 1];
    for r in records.iter() {
        starts[bucket(r) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut scattered = records.to_vec();
    for r in records.iter() {
        let b = bucket(r);
        scattered[next[b]] = *r;
        next[b] += 1;
    }
    // Sort the buckets in parallel, in slices of whole buckets.
    let mut rest: &mut [R] = &mut scattered;
    let mut pieces = Vec::with_capacity(starts.len() - 1);
    for w in starts.windows(2) {
        let (head, tail) = rest.split_at_mut(w[1] - w[0]);
        pieces.push(head);
        rest = tail;
    }
    pieces
        .par_iter_mut()
        .with_min_len(256)
        .for_each(|b| b.sort_unstable_by(&cmp));
    records.copy_from_slice(&scattered);
}

/// Postings of one kind, being written or written.
pub struct Spill<R> {
    shards: Vec<BufWriter<File>>,
    counts: Vec<u64>,
    buf: Vec<u8>,
    _kind: std::marker::PhantomData<R>,
}

impl<R: Record> Spill<R> {
    pub fn new() -> io::Result<Spill<R>> {
        let mut shards = Vec::with_capacity(SHARDS);
        for _ in 0..SHARDS {
            shards.push(BufWriter::with_capacity(1 << 16, tempfile::tempfile()?));
        }
        Ok(Spill {
            shards,
            counts: vec![0; SHARDS],
            buf: Vec::with_capacity(R::BYTES),
            _kind: std::marker::PhantomData,
        })
    }

    pub fn push(&mut self, r: &R) -> io::Result<()> {
        let s = shard_of(r.key());
        self.buf.clear();
        r.encode(&mut self.buf);
        self.shards[s].write_all(&self.buf)?;
        self.counts[s] += 1;
        Ok(())
    }

    /// Records written, over all shards.
    pub fn len(&self) -> u64 {
        self.counts.iter().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Shard `i`'s records, in the order pushed (the shard is flushed first).
    pub fn load(&mut self, i: usize) -> io::Result<Vec<R>> {
        let w = &mut self.shards[i];
        w.flush()?;
        let f = w.get_mut();
        f.seek(SeekFrom::Start(0))?;
        let n = self.counts[i] as usize;
        let mut bytes = vec![0u8; n * R::BYTES];
        f.read_exact(&mut bytes)?;
        f.seek(SeekFrom::End(0))?;
        Ok(bytes.chunks_exact(R::BYTES).map(R::decode).collect())
    }

    /// Shard `i`'s records, in the order pushed; the shard is left empty, its file truncated,
    /// so the page cache and the disk it held are free for what the run reads next.
    fn take(&mut self, i: usize) -> io::Result<Vec<R>> {
        let records = self.load(i)?;
        let f = self.shards[i].get_mut();
        f.set_len(0)?;
        f.seek(SeekFrom::Start(0))?;
        self.counts[i] = 0;
        Ok(records)
    }

    /// Every record, shard after shard: `f` sees each shard's records in push order. The next
    /// shard is read on another thread while `f` works on this one (two shards in memory at
    /// once, hence 32 shards: a sixteenth of the postings, as with 16 read one at a time).
    pub fn for_each_shard(
        &mut self,
        f: impl FnMut(Vec<R>) -> crate::error::Result<()>,
    ) -> crate::error::Result<()>
    where
        R: Send,
    {
        self.walk(false, f)
    }

    /// [`Spill::for_each_shard`], emptying each shard once read: for a run that reads its
    /// postings once. At a million articles they are 3.4 GB of temporary files, which would
    /// otherwise crowd the article store out of the page cache while pairs are verified.
    pub fn drain(
        &mut self,
        f: impl FnMut(Vec<R>) -> crate::error::Result<()>,
    ) -> crate::error::Result<()>
    where
        R: Send,
    {
        self.walk(true, f)
    }

    fn walk(
        &mut self,
        empty: bool,
        mut f: impl FnMut(Vec<R>) -> crate::error::Result<()>,
    ) -> crate::error::Result<()>
    where
        R: Send,
    {
        let err = |e| crate::error::Error::io(std::env::temp_dir(), e);
        let read = |spill: &mut Self, i: usize| {
            if empty {
                spill.take(i)
            } else {
                spill.load(i)
            }
        };
        let mut next = read(self, 0).map_err(err)?;
        for i in 0..SHARDS {
            let current = std::mem::take(&mut next);
            let (done, loaded) = std::thread::scope(|scope| {
                let ahead = (i + 1 < SHARDS).then(|| scope.spawn(|| read(self, i + 1)));
                let done = f(current);
                let loaded = ahead.map(|h| h.join());
                (done, loaded)
            });
            done?;
            if let Some(loaded) = loaded {
                next = loaded
                    .map_err(|_| crate::error::Error::Input {
                        path: std::env::temp_dir(),
                        reason: "the thread reading a postings shard panicked".into(),
                    })?
                    .map_err(err)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Shard order is a bijection that sorts by shard first.
        #[test]
        fn shard_order_sorts_by_shard_and_comes_back(a in proptest::prelude::any::<u64>(), b in proptest::prelude::any::<u64>()) {
            proptest::prop_assert_eq!(key_of_shard_order(shard_order(a)), a);
            proptest::prop_assert_eq!(shard_order(a) >> (64 - SHARD_BITS), shard_of(a) as u64);
            if shard_of(a) < shard_of(b) {
                proptest::prop_assert!(shard_order(a) < shard_order(b));
            }
        }
    }

    #[test]
    fn postings_round_trip_by_shard_and_keys_stay_together() {
        let mut s: Spill<Posting> = Spill::new().unwrap();
        let all: Vec<Posting> = (0..1000u32)
            .map(|i| Posting {
                anchor: u64::from(i % 37),
                doc: DocId(i),
                pos: i * 3,
                nbhd: Neighbours(i as u16 ^ 0xa5a5),
            })
            .collect();
        for p in &all {
            s.push(p).unwrap();
        }
        assert_eq!(s.len(), 1000);
        let mut back = Vec::new();
        for i in 0..SHARDS {
            let shard = s.load(i).unwrap();
            // Every posting of a key is in the shard of that key.
            assert!(shard.iter().all(|p| shard_of(p.anchor) == i));
            back.extend(shard);
        }
        back.sort();
        let mut want = all.clone();
        want.sort();
        assert_eq!(back, want);
        // Loading twice gives the same, and pushing after a load appends.
        assert_eq!(s.load(3).unwrap(), s.load(3).unwrap());
        s.push(&all[0]).unwrap();
        assert_eq!(s.len(), 1001);
    }

    #[test]
    fn walking_shards_reads_them_in_order_and_draining_empties_them() {
        let mut s: Spill<(BandKey, DocId)> = Spill::new().unwrap();
        for i in 0..500u32 {
            s.push(&(BandKey(u64::from(i % 41) << 40), DocId(i)))
                .unwrap();
        }
        let mut walked = Vec::new();
        s.for_each_shard(|shard| {
            walked.push(shard);
            Ok(())
        })
        .unwrap();
        assert_eq!(s.len(), 500);
        let mut drained = Vec::new();
        s.drain(|shard| {
            drained.push(shard);
            Ok(())
        })
        .unwrap();
        assert_eq!(drained, walked);
        assert_eq!(walked.iter().map(Vec::len).sum::<usize>(), 500);
        // Drained: nothing left, and the spill takes records again.
        assert!(s.is_empty());
        assert!((0..SHARDS).all(|i| s.load(i).unwrap().is_empty()));
        s.push(&(BandKey(7), DocId(1))).unwrap();
        assert_eq!(s.load(shard_of(7)).unwrap(), vec![(BandKey(7), DocId(1))]);
    }

    proptest::proptest! {
        /// After the grouping sort, the records are the same multiset, every key's records are
        /// contiguous and in order: the group steps see the groups a full sort would give.
        #[test]
        fn group_sort_groups_every_key_in_order(
            raw in proptest::collection::vec((0u64..300, 0u32..50, 0u32..4), 0..5000),
        ) {
            let mut v: Vec<Posting> = raw
                .iter()
                .map(|&(anchor, d, pos)| Posting { anchor: anchor * 0x1_0000_0001, doc: DocId(d), pos, nbhd: Neighbours(pos as u16) })
                .collect();
            let mut want = v.clone();
            want.sort_unstable();
            group_sort(&mut v);
            // In mixed-hash order, hence in segment order within each shard.
            proptest::prop_assert!(v.windows(2).all(|w| (mix(w[0].anchor), w[0]) <= (mix(w[1].anchor), w[1])));
            let one_shard: Vec<Posting> = v.iter().copied().filter(|p| shard_of(p.anchor) == 0).collect();
            proptest::prop_assert!(one_shard.windows(2).all(|w| (shard_order(w[0].anchor), w[0].doc, w[0].pos) <= (shard_order(w[1].anchor), w[1].doc, w[1].pos)));
            let mut groups: Vec<&[Posting]> = v.chunk_by(|x, y| x.anchor == y.anchor).collect();
            proptest::prop_assert!(groups.iter().all(|g| g.is_sorted()));
            groups.sort_unstable_by_key(|g| g[0].anchor);
            let regrouped: Vec<Posting> = groups.concat();
            proptest::prop_assert_eq!(regrouped, want);
        }
    }

    #[test]
    fn band_postings_round_trip() {
        let mut s: Spill<(BandKey, DocId)> = Spill::new().unwrap();
        s.push(&(BandKey(u64::MAX), DocId(7))).unwrap();
        let got: Vec<_> = (0..SHARDS).flat_map(|i| s.load(i).unwrap()).collect();
        assert_eq!(got, vec![(BandKey(u64::MAX), DocId(7))]);
    }
}
