//! Packed rows for an engine's shuffles: the anchor rows of numbered, signed articles (one per
//! article and anchor) and the anchor links the group step makes, as fixed-width little-endian
//! records gathered in buckets; and article texts, compressed while an engine carries them.
//!
//! Why: an engine that moves one row per anchor through its own shuffle (a Spark row each,
//! sorted by Spark's sorter, 23.6 million of them at 100k articles) spends several times more
//! on the moving than the group rule costs. Packed, a shuffle moves one blob per (input batch,
//! bucket), and the receiving side sorts its rows here, in one pass over plain integers.
//!
//! Invariants:
//! - A row's bucket is a function of its group's key alone (the anchor for anchor rows, the
//!   pair for links), so every row of one group is in one bucket, whatever batch packed it.
//!   An engine may send several buckets to one place, never one bucket to two.
//! - The receiving side orders its rows fully before grouping, so what it returns does not
//!   depend on the order in which blobs arrive, nor on how buckets were gathered.

use rayon::prelude::*;

use super::{anchor_group, AnchorGroup};
use crate::candidates::anchors::{AnchorLink, Neighbours};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::model::{CandidatePair, DocId};
use crate::sign::shingle::ShingleHash;

/// Bytes of a packed anchor row: anchor u64, doc u32, outlet u32, position u32, neighbours u16.
pub const ANCHOR_ROW_BYTES: usize = 22;
/// Bytes of a packed link: a u32, b u32, pos_a u32, pos_b u32, near u8.
pub const LINK_BYTES: usize = 17;

/// One anchor of one article, as the anchor group step takes its members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct AnchorRow {
    pub anchor: ShingleHash,
    pub doc: DocId,
    pub outlet: u32,
    pub pos: u32,
    pub nbhd: Neighbours,
}

/// The bucket of a group key among `buckets` (at least 1). Anchors are window minima,
/// crowded at the low end of the range, so the key is mixed before it is reduced.
fn bucket_of(key: u64, buckets: u32) -> u32 {
    let mixed = xxhash_rust::xxh3::xxh3_64(&key.to_le_bytes());
    ((u128::from(mixed) * u128::from(buckets.max(1))) >> 64) as u32
}

/// Rows packed into their buckets: (bucket, rows) for each bucket that holds any, by bucket.
fn into_buckets<T>(
    rows: impl Iterator<Item = T>,
    buckets: u32,
    key: impl Fn(&T) -> u64,
    put: impl Fn(&T, &mut Vec<u8>),
) -> Vec<(u32, Vec<u8>)> {
    let mut out: Vec<Vec<u8>> = vec![Vec::new(); buckets.max(1) as usize];
    for r in rows {
        put(&r, &mut out[bucket_of(key(&r), buckets) as usize]);
    }
    out.into_iter()
        .enumerate()
        .filter(|(_, v)| !v.is_empty())
        .map(|(i, v)| (i as u32, v))
        .collect()
}

/// Anchor rows packed by anchor into `buckets` buckets.
pub fn pack_anchor_rows(
    rows: impl Iterator<Item = AnchorRow>,
    buckets: u32,
) -> Vec<(u32, Vec<u8>)> {
    into_buckets(
        rows,
        buckets,
        |r| r.anchor,
        |r, v| {
            v.extend_from_slice(&r.anchor.to_le_bytes());
            v.extend_from_slice(&r.doc.0.to_le_bytes());
            v.extend_from_slice(&r.outlet.to_le_bytes());
            v.extend_from_slice(&r.pos.to_le_bytes());
            v.extend_from_slice(&r.nbhd.0.to_le_bytes());
        },
    )
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// The fixed-width records of `blobs`, checked to be whole.
fn records<'a>(
    blobs: &'a [&'a [u8]],
    width: usize,
    what: &str,
) -> Result<impl Iterator<Item = &'a [u8]> + 'a> {
    if let Some(b) = blobs.iter().find(|b| b.len() % width != 0) {
        return Err(Error::Usage(format!(
            "{what}: a blob of {} bytes is not whole {width}-byte rows",
            b.len()
        )));
    }
    Ok(blobs.iter().flat_map(move |b| b.chunks_exact(width)))
}

/// Appends the anchor rows packed in `blob` to `rows`.
pub fn unpack_anchor_rows(blob: &[u8], rows: &mut Vec<AnchorRow>) -> Result<()> {
    rows.extend(
        records(&[blob], ANCHOR_ROW_BYTES, "anchor rows")?.map(|r| AnchorRow {
            anchor: u64::from_le_bytes(r[..8].try_into().expect("8 bytes")),
            doc: DocId(u32_at(r, 8)),
            outlet: u32_at(r, 12),
            pos: u32_at(r, 16),
            nbhd: Neighbours(u16::from_le_bytes([r[20], r[21]])),
        }),
    );
    Ok(())
}

/// Every anchor group of `rows` (all the rows of their buckets, any order) through the batch
/// run's group step ([`anchor_group`]), by anchor; anchors only one row holds make no group.
pub fn anchor_groups(mut rows: Vec<AnchorRow>, engine: &Engine) -> Vec<(ShingleHash, AnchorGroup)> {
    rows.par_sort_unstable();
    let groups: Vec<&[AnchorRow]> = rows
        .chunk_by(|x, y| x.anchor == y.anchor)
        .filter(|g| g.len() >= 2)
        .collect();
    groups
        .into_par_iter()
        .map(|g| {
            let members = g
                .iter()
                .map(|r| (r.doc, r.outlet, r.pos, Some(r.nbhd)))
                .collect();
            (g[0].anchor, anchor_group(g[0].anchor, members, engine))
        })
        .collect()
}

/// zstd level of [`pack_text`]: the fastest, since a text is packed once per article and
/// unpacked once per candidate pair that needs it.
const TEXT_LEVEL: i32 = 1;

/// An article's text as an engine carries it (cached, shuffled to verification): zstd.
/// A text travels about twice per candidate pair; compressed, a shuffle moves less than half
/// of it (news and the generated corpora alike), for a few microseconds per article.
pub fn pack_text(text: &str) -> Vec<u8> {
    zstd::bulk::compress(text.as_bytes(), TEXT_LEVEL).expect("zstd compresses any input")
}

/// A text [`pack_text`] packed, checked to be one (and UTF-8).
pub fn unpack_text(packed: &[u8]) -> Result<String> {
    let bad = |why: String| Error::Usage(format!("engine data: a packed text {why}"));
    let bytes =
        zstd::stream::decode_all(packed).map_err(|e| bad(format!("does not unpack: {e}")))?;
    String::from_utf8(bytes).map_err(|_| bad("is not UTF-8".into()))
}

fn pair_key(p: CandidatePair) -> u64 {
    (u64::from(p.a.0) << 32) | u64::from(p.b.0)
}

/// Anchor links packed by pair into `buckets` buckets.
pub fn pack_links<'a>(
    links: impl Iterator<Item = &'a AnchorLink>,
    buckets: u32,
) -> Vec<(u32, Vec<u8>)> {
    into_buckets(
        links,
        buckets,
        |l| pair_key(l.pair),
        |l, v| {
            for x in [l.pair.a.0, l.pair.b.0, l.pos_a, l.pos_b] {
                v.extend_from_slice(&x.to_le_bytes());
            }
            v.push(u8::from(l.near));
        },
    )
}

/// The links packed in `blobs`.
pub fn unpack_links(blobs: &[&[u8]]) -> Result<Vec<AnchorLink>> {
    Ok(records(blobs, LINK_BYTES, "anchor links")?
        .map(|r| AnchorLink {
            pair: CandidatePair {
                a: DocId(u32_at(r, 0)),
                b: DocId(u32_at(r, 4)),
            },
            pos_a: u32_at(r, 8),
            pos_b: u32_at(r, 12),
            near: r[16] != 0,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MatchParams;

    fn row(anchor: u64, doc: u32, pos: u32) -> AnchorRow {
        AnchorRow {
            anchor,
            doc: DocId(doc),
            outlet: doc % 3,
            pos,
            nbhd: Neighbours((doc * 7 + pos) as u16),
        }
    }

    fn flat(buckets: &[(u32, Vec<u8>)]) -> Vec<&[u8]> {
        buckets.iter().map(|(_, v)| v.as_slice()).collect()
    }

    fn groups_of(blobs: &[&[u8]], engine: &Engine) -> Vec<(u64, AnchorGroup)> {
        let mut rows = Vec::new();
        for b in blobs {
            unpack_anchor_rows(b, &mut rows).unwrap();
        }
        anchor_groups(rows, engine)
    }

    #[test]
    fn a_key_lands_in_one_bucket_in_every_batch() {
        let rows: Vec<AnchorRow> = (0..2_000u32)
            .map(|i| row(u64::from(i % 97), i, i))
            .collect();
        let one = pack_anchor_rows(rows[..1_000].iter().copied(), 16);
        let two = pack_anchor_rows(rows[1_000..].iter().copied(), 16);
        let mut seen = std::collections::HashMap::new();
        for (b, blob) in one.iter().chain(&two) {
            assert!(*b < 16);
            for r in blob.chunks_exact(ANCHOR_ROW_BYTES) {
                let key = u64::from_le_bytes(r[..8].try_into().unwrap());
                assert_eq!(
                    *seen.entry(key).or_insert(*b),
                    *b,
                    "anchor {key} in two buckets"
                );
            }
        }
        assert_eq!(seen.len(), 97);
        // Spread: 97 keys over 16 buckets leave none of them holding most keys.
        let mut per = [0usize; 16];
        seen.values().for_each(|&b| per[b as usize] += 1);
        assert!(per.iter().all(|&n| n < 30), "{per:?}");
    }

    #[test]
    fn groups_do_not_depend_on_blob_order_or_bucketing() {
        let engine = Engine::new(MatchParams::default());
        let rows: Vec<AnchorRow> = (0..600u32)
            .map(|i| row(u64::from(i % 40) << 40, i / 2, i % 11))
            .collect();
        let show = |gs: Vec<(u64, AnchorGroup)>| {
            gs.into_iter()
                .map(|(a, g)| format!("{a} {:?} {} {:?}", g.links, g.stock, g.chrome_outlets))
                .collect::<Vec<_>>()
        };
        let packed = pack_anchor_rows(rows.iter().copied(), 1);
        let whole = show(groups_of(&flat(&packed), &engine));
        assert!(
            whole.iter().any(|g| g.contains("AnchorLink")),
            "no links made"
        );
        let mut reversed = rows.clone();
        reversed.reverse();
        let mut in_parts: Vec<String> = Vec::new();
        let a = pack_anchor_rows(reversed[..300].iter().copied(), 5);
        let b = pack_anchor_rows(reversed[300..].iter().copied(), 5);
        for bucket in 0..5 {
            let blobs: Vec<&[u8]> = b
                .iter()
                .chain(&a)
                .filter(|(k, _)| *k == bucket)
                .map(|(_, v)| v.as_slice())
                .collect();
            in_parts.extend(show(groups_of(&blobs, &engine)));
        }
        in_parts.sort();
        let mut whole_sorted = whole.clone();
        whole_sorted.sort();
        assert_eq!(in_parts, whole_sorted);
    }

    #[test]
    fn texts_round_trip_packed_and_garbage_is_refused() {
        for t in ["", "Ébola — «cita» 東京 الخبر", &"wire copy ".repeat(500)] {
            assert_eq!(unpack_text(&pack_text(t)).unwrap(), t);
        }
        let long = "The port authority said on Tuesday. ".repeat(100);
        assert!(pack_text(&long).len() * 4 < long.len());
        assert!(unpack_text(b"not zstd").is_err());
        let not_utf8 = zstd::bulk::compress(&[0xff, 0xfe][..], 1).unwrap();
        assert!(unpack_text(&not_utf8)
            .unwrap_err()
            .to_string()
            .contains("UTF-8"));
    }

    #[test]
    fn links_round_trip_and_torn_blobs_are_refused() {
        let links: Vec<AnchorLink> = (0..50u32)
            .map(|i| AnchorLink {
                pair: CandidatePair {
                    a: DocId(i),
                    b: DocId(i + 1 + i % 4),
                },
                pos_a: i * 3,
                pos_b: u32::MAX - i,
                near: i % 2 == 0,
            })
            .collect();
        let packed = pack_links(links.iter(), 7);
        let mut back = unpack_links(&flat(&packed)).unwrap();
        back.sort();
        let mut want = links.clone();
        want.sort();
        assert_eq!(back, want);
        let torn = &packed[0].1[..LINK_BYTES + 3];
        let err = unpack_links(&[torn]).unwrap_err().to_string();
        assert!(err.contains("not whole 17-byte rows"), "{err}");
        assert!(unpack_anchor_rows(&[0u8; 23], &mut Vec::new()).is_err());
    }
}
