//! One indexed run's update, in one transaction: store the new articles (their postings as a
//! new segment of each kind, [`crate::index::segments`]), grow the boilerplate, find the new
//! articles' candidates through the same group step and pair rule as a batch run
//! ([`crate::candidates::anchors::process_group`], [`crate::candidates::anchors::pair_rule`]),
//! re-check the stored pairs a grown boilerplate touches (retracting what no longer holds), and
//! verify, while segments that piled up are merged; then the reports of everything indexed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use crate::analyse::pairs::{PairLocal, TextCut};
use crate::attribute::registry::Registry;
use crate::candidates::anchors::{self, Posting};
use crate::candidates::boilerplate::Boilerplate;
use crate::candidates::lsh::BandKey;
use crate::candidates::spill::{shard_order, Record, Spill};
use crate::candidates::{group_rule, lsh};
use crate::config::ScanConfig;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::index::db_err;
use crate::index::lock::now_rfc3339;
use crate::index::read_boilerplate;
use crate::index::segments::{self, Kind, SegmentMeta, SegmentSet};
use crate::index::texts;
use crate::index::Index;
use crate::index::PairSet;
use crate::model::CandidatePair;
use crate::model::Catalog;
use crate::model::DocMeta;
use crate::model::{Article, DatePrecision, DocId, Location};
use crate::pipeline::ingest::Known;
use crate::pipeline::run::Counts;
use crate::pipeline::run::Timings;
use crate::progress::Progress;
use crate::report::carry::PassagesCarry;
use crate::report::ReportWriter;
use crate::sign::normalize;
use crate::sign::shingle::{self, ShingleHash};
use crate::sign::signed;
use crate::store::Texts;
use crate::verify::batch::VerifiedPair;
use crate::verify::rewrite::Sentences;
use crate::verify::CharSpan;

/// Texts and shingles (and, for verification, sentences) of the older articles one run
/// reads, preloaded so workers share them.
pub(crate) struct MapTexts {
    texts: HashMap<DocId, String>,
    shingles: HashMap<DocId, Vec<ShingleHash>>,
    /// Empty where the step needs none; then [`Texts::sentences`] cuts them from the text.
    sentences: HashMap<DocId, Sentences>,
    /// Token spans, as `sentences` (else tokenised again for every pair they are in).
    spans: HashMap<DocId, Vec<CharSpan>>,
}

impl MapTexts {
    fn seq(&self, doc: DocId) -> Result<&[ShingleHash]> {
        self.shingles
            .get(&doc)
            .map(Vec::as_slice)
            .ok_or_else(|| not_loaded(doc))
    }
}

fn not_loaded(doc: DocId) -> Error {
    Error::Index {
        path: PathBuf::from("(run)"),
        reason: format!("article {} was not loaded", doc.0),
    }
}

impl Texts for MapTexts {
    fn text(&self, doc: DocId) -> Result<String> {
        self.texts.get(&doc).cloned().ok_or_else(|| not_loaded(doc))
    }
    fn shingles(&self, doc: DocId) -> Result<Vec<ShingleHash>> {
        self.seq(doc).map(<[ShingleHash]>::to_vec)
    }
    fn shingle_range(&self, doc: DocId, range: std::ops::Range<usize>) -> Result<Vec<ShingleHash>> {
        Ok(slice_of(self.seq(doc)?, range))
    }
    fn sentences(&self, doc: DocId) -> Result<Sentences> {
        match self.sentences.get(&doc) {
            Some(s) => Ok(s.clone()),
            None => Ok(Sentences::new(&self.text(doc)?)),
        }
    }
    fn token_spans(&self, doc: DocId) -> Result<Vec<CharSpan>> {
        match self.spans.get(&doc) {
            Some(s) => Ok(s.clone()),
            None => Ok(crate::verify::char_spans(&normalize::tokenize(
                &self.text(doc)?,
            ))),
        }
    }
}

/// The texts one indexed run verifies: articles before `base` from the index (preloaded), the
/// run's own from its article store.
pub(crate) struct RunTexts<'a> {
    base: DocId,
    new: &'a crate::store::StoreTexts,
    old: MapTexts,
}

impl RunTexts<'_> {
    fn local(&self, doc: DocId) -> Option<DocId> {
        (doc >= self.base).then(|| DocId(doc.0 - self.base.0))
    }
}

impl Texts for RunTexts<'_> {
    fn text(&self, doc: DocId) -> Result<String> {
        match self.local(doc) {
            Some(d) => self.new.text(d),
            None => self.old.text(doc),
        }
    }
    fn shingles(&self, doc: DocId) -> Result<Vec<ShingleHash>> {
        match self.local(doc) {
            Some(d) => self.new.shingles(d),
            None => self.old.shingles(doc),
        }
    }
    fn shingle_range(&self, doc: DocId, range: std::ops::Range<usize>) -> Result<Vec<ShingleHash>> {
        match self.local(doc) {
            Some(d) => self.new.shingle_range(d, range),
            None => self.old.shingle_range(doc, range),
        }
    }
    fn token_spans(&self, doc: DocId) -> Result<Vec<CharSpan>> {
        match self.local(doc) {
            Some(d) => self.new.token_spans(d),
            None => self.old.token_spans(doc),
        }
    }
    // The run's own articles' sentences were cut at signing and kept in its store: without
    // these two, every verified pair cut both articles' sentences from their texts again.
    fn sentences(&self, doc: DocId) -> Result<Sentences> {
        match self.local(doc) {
            Some(d) => self.new.sentences(d),
            None => self.old.sentences(doc),
        }
    }
    fn shingles_and_sentences(&self, doc: DocId) -> Result<(Vec<ShingleHash>, Sentences)> {
        match self.local(doc) {
            Some(d) => self.new.shingles_and_sentences(d),
            None => Ok((self.old.shingles(doc)?, self.old.sentences(doc)?)),
        }
    }
}

/// The groups of `keys` (any order; each looked up once) in the index's `kind` postings, each
/// with its members sorted by doc and their outlets from `outlet_of` (the catalog's): a run's
/// lookups. The groups stream by a chunk of keys at a time: a run that adds a million articles
/// never holds all of their groups at once.
pub(crate) fn for_each_group(
    segs: &SegmentSet,
    kind: Kind,
    keys: &[i64],
    outlet_of: &[u32],
    mut f: impl FnMut(i64, &[anchors::Member]) -> Result<()>,
    path: &Path,
) -> Result<()> {
    let mut members: Vec<anchors::Member> = Vec::new();
    segs.for_each_group(kind, keys, |key, rows| {
        members.clear();
        for r in rows {
            let Some(&outlet) = outlet_of.get(r[1] as usize) else {
                return Err(Error::Index {
                    path: path.to_path_buf(),
                    reason: format!(
                        "the {} postings hold article {}, which has no row in articles",
                        kind.as_str(),
                        r[1]
                    ),
                });
            };
            members.push(anchors::Member {
                doc: DocId(r[1] as u32),
                outlet,
                pos: r[2] as u32,
                nbhd: segments::neighbours_of(r),
            });
        }
        f(key, &members)
    })
}

/// The docs sharing `key` in the `kind` postings (sorted).
pub(crate) fn group_of(segs: &SegmentSet, kind: Kind, key: i64) -> Result<Vec<DocId>> {
    Ok(segs
        .group_of(kind, key)?
        .into_iter()
        .map(|r| DocId(r[1] as u32))
        .collect())
}

/// Candidates of a run into an empty index, and its postings segments. Every group is the
/// run's own, so the batch candidate stage ([`crate::candidates::candidates_keeping`]) finds,
/// from the run's postings, the pairs and the boilerplate that the group lookups of later runs
/// would, without a lookup per key. It hands over each postings shard grouped, which is in
/// segment order ([`crate::candidates::spill::group_sort`]), so the shards are written as they
/// come: the spill is read and sorted once for both. The run's DocIds and outlet numbers are
/// the index's, both starting from 0.
fn fresh_candidates(
    postings: crate::candidates::Postings,
    catalog: &crate::model::Catalog,
    texts: &crate::store::StoreTexts,
    engine: &Engine,
    counts: &mut Counts,
    dir: &Path,
    run: i64,
) -> Result<(Vec<SegmentMeta>, Vec<CandidatePair>, Boilerplate)> {
    let mut bands = segments::Writer::create(dir, Kind::Bands, run)?;
    let anchors = segments::Writer::create(dir, Kind::Anchors, run)?;
    // The anchors' rows are written on a thread of their own, a shard behind the groups.
    let (send, shards) = std::sync::mpsc::sync_channel::<Vec<segments::Entry>>(1);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<Option<SegmentMeta>> {
            let mut anchors = anchors;
            for rows in shards {
                rows.into_iter().try_for_each(|r| anchors.push_ordered(r))?;
            }
            anchors.finish()
        });
        let found = crate::candidates::candidates_keeping(
            postings,
            catalog,
            texts,
            engine,
            counts,
            |shard| {
                shard
                    .iter()
                    .try_for_each(|r| bands.push_ordered(band_row(r, 0)))
            },
            |shard| {
                let rows = shard.iter().map(|p| anchor_row(p, 0)).collect();
                // A closed channel: the writer failed (its error is the run's).
                let _ = send.send(rows);
                Ok(())
            },
        );
        drop(send);
        let written = writer.join().map_err(|_| Error::Index {
            path: dir.to_path_buf(),
            reason: "writing the anchors' postings segment failed".into(),
        })?;
        let (cands, bp) = found?;
        let metas = bands.finish()?.into_iter().chain(written?).collect();
        Ok((metas, cands, bp))
    })
}

/// Keeps `hidden` to what the reports leave out as shared blocks ([`crate::analyse::blocks`],
/// applied to every stored pair when reports are written): a pair this run hides is also
/// recorded as retracted by it (its last reported row, for `retracted_pairs.csv`), so that no
/// pair leaves the reports unnamed; a pair it no longer hides (its stories merged) is reported
/// again, as new in this run (`run` set to it, so `new_pairs.csv` lists it). Reads every
/// stored pair's numbers when any pair has foot prints or any is hidden.
fn hide_shared_blocks(
    tx: &rusqlite::Transaction,
    engine: &Engine,
    outlets: &[u32],
    run: i64,
    path: &Path,
) -> Result<()> {
    let e = |err| db_err(path, err);
    let mut before: BTreeSet<(i64, i64)> = BTreeSet::new();
    {
        let mut st = tx.prepare_cached("SELECT lo, hi FROM hidden").map_err(e)?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .map_err(e)?;
        for r in rows {
            before.insert(r.map_err(e)?);
        }
    }
    let any: bool = tx
        .query_row(
            "SELECT EXISTS(SELECT 1 FROM pairs WHERE foot IS NOT NULL)",
            [],
            |r| r.get(0),
        )
        .map_err(e)?;
    if !any && before.is_empty() {
        return Ok(());
    }
    let mut pairs: Vec<PairLocal> = Vec::new();
    // The run that found each pair, beside it.
    let mut found: Vec<i64> = Vec::new();
    {
        let mut st = tx
            .prepare_cached(
                "SELECT lo, hi, jaccard, containment_a, containment_b, foot, run FROM pairs ORDER BY lo, hi",
            )
            .map_err(e)?;
        let mut rows = st.query([]).map_err(e)?;
        while let Some(r) = rows.next().map_err(e)? {
            pairs.push(PairLocal {
                lo: DocId(r.get::<_, i64>(0).map_err(e)? as u32),
                hi: DocId(r.get::<_, i64>(1).map_err(e)? as u32),
                swapped: false,
                jaccard: r.get(2).map_err(e)?,
                containment_a: r.get(3).map_err(e)?,
                containment_b: r.get(4).map_err(e)?,
                shared_words: 0,
                passage: String::new(),
                passages: Vec::new(),
                kind: crate::verify::ReuseKind::Passages,
                foot: crate::index::foot_of(r.get(5).map_err(e)?),
                cut: TextCut::Nothing,
            });
            found.push(r.get(6).map_err(e)?);
        }
    }
    let mask = crate::analyse::blocks::shared_blocks(&pairs, outlets, &engine.params);
    // Hidden now: (lo, hi) → the run that found the pair.
    let now: BTreeMap<(i64, i64), i64> = pairs
        .iter()
        .zip(mask)
        .zip(found)
        .filter(|((_, hidden), _)| *hidden)
        .map(|((p, _), found)| ((i64::from(p.lo.0), i64::from(p.hi.0)), found))
        .collect();
    for (&(lo, hi), &found) in now.iter().filter(|(k, _)| !before.contains(k)) {
        // Only what an earlier run reported is retracted; a pair found and hidden in this run
        // was never reported.
        if found < run {
            record_retracted(tx, DocId(lo as u32), DocId(hi as u32), run, path)?;
        }
        tx.prepare_cached("INSERT INTO hidden(lo, hi, run) VALUES (?1, ?2, ?3)")
            .and_then(|mut st| st.execute(params![lo, hi, run]))
            .map_err(e)?;
    }
    for &(lo, hi) in before.iter().filter(|k| !now.contains_key(k)) {
        tx.prepare_cached("DELETE FROM hidden WHERE lo = ?1 AND hi = ?2")
            .and_then(|mut st| st.execute(params![lo, hi]))
            .map_err(e)?;
        tx.prepare_cached("UPDATE pairs SET run = ?3 WHERE lo = ?1 AND hi = ?2")
            .and_then(|mut st| st.execute(params![lo, hi, run]))
            .map_err(e)?;
    }
    Ok(())
}

/// Records that `anchor` became boilerplate in `run`: a stock phrase (`outlet` none, stored
/// as -1, as [`read_boilerplate`] reads it) or chrome of `outlet`.
fn store_boilerplate(
    tx: &rusqlite::Transaction,
    anchor: ShingleHash,
    outlet: Option<u32>,
    run: i64,
) -> rusqlite::Result<()> {
    let outlet = outlet.map_or(-1, i64::from);
    tx.prepare_cached("INSERT INTO boilerplate(anchor, outlet, run) VALUES (?1, ?2, ?3)")?
        .execute(params![anchor as i64, outlet, run])
        .map(drop)
}

/// Articles whose texts are compressed at a time (in parallel) before they are inserted.
const ZIP_CHUNK: usize = 4096;

/// The keys a run's new articles hold: what a later run looks up in the index.
#[derive(Default)]
struct NewKeys {
    bands: Vec<i64>,
    anchors: Vec<i64>,
}

/// A band posting's segment row: its ordered key, its doc in the index (the run's docs start
/// at `base`), no position.
fn band_row(&(k, d): &(BandKey, DocId), base: u32) -> segments::Entry {
    (shard_order(k.0), base + d.0, 0, 0)
}

/// An anchor posting's segment row: its ordered key, its doc in the index, its position and
/// neighbours.
fn anchor_row(p: &Posting, base: u32) -> segments::Entry {
    (shard_order(p.anchor), base + p.doc.0, p.pos, p.nbhd.0)
}

/// Writes the postings of a run into a non-empty index as one new segment of each kind, and
/// gathers their keys for the run's lookups. (A run into an empty index writes its segments
/// from the candidate stage, [`fresh_candidates`], and looks nothing up.)
fn write_segments(
    band_postings: &mut Spill<(BandKey, DocId)>,
    anchor_postings: &mut Spill<Posting>,
    dir: &Path,
    run: i64,
    base: u32,
    keys: &mut NewKeys,
) -> Result<Vec<SegmentMeta>> {
    let bands = write_segment(band_postings, Kind::Bands, dir, run, &mut keys.bands, |r| {
        band_row(r, base)
    })?;
    let anchors = write_segment(
        anchor_postings,
        Kind::Anchors,
        dir,
        run,
        &mut keys.anchors,
        |p| anchor_row(p, base),
    )?;
    Ok(bands.into_iter().chain(anchors).collect())
}

/// Writes one kind of a run's postings as one new segment (none when there are none). The
/// spill hands them over shard by shard, and segments are in shard order ([`segments`]), so
/// each shard is sorted on its own and appended: one pass, one shard in memory. `row` gives a
/// posting's (ordered key, doc in the index, position); each posting's key is gathered into
/// `keys` on the way.
fn write_segment<R: Record + Send>(
    spill: &mut Spill<R>,
    kind: Kind,
    dir: &Path,
    run: i64,
    keys: &mut Vec<i64>,
    row: impl Fn(&R) -> segments::Entry,
) -> Result<Option<SegmentMeta>> {
    let mut w = segments::Writer::create(dir, kind, run)?;
    spill.for_each_shard(|shard| {
        keys.extend(shard.iter().map(|r| r.key() as i64));
        let mut rows: Vec<segments::Entry> = shard.iter().map(&row).collect();
        segments::sort_shard(&mut rows, |r| r.0);
        rows.into_iter().try_for_each(|r| w.push_ordered(r))
    })?;
    w.finish()
}

/// Older articles whose shingles one step of the lone-link check holds at a time (about
/// 8 KB of shingles each).
const LONE_CHUNK: usize = 4096;

/// The first links of `links` (sorted by their smaller doc) whose older articles (before
/// `base`) number at most `max`: those articles, and how many links that is (at least one).
fn lone_chunk(links: &[anchors::AnchorLink], base: DocId, max: usize) -> (BTreeSet<DocId>, usize) {
    let mut olds: BTreeSet<DocId> = BTreeSet::new();
    let mut take = 0;
    for l in links {
        let old = l.pair.a.min(l.pair.b);
        if old < base && !olds.contains(&old) {
            if olds.len() == max.max(1) {
                break;
            }
            olds.insert(old);
        }
        take += 1;
    }
    (olds, take)
}

/// Stored articles' texts, read in turn (one transaction), each made into a `T` by `f` in
/// parallel: how an indexed run signs older articles again (the index keeps their texts, not
/// their shingles).
fn map_stored<T: Send>(
    tx: &rusqlite::Transaction,
    docs: &BTreeSet<DocId>,
    path: &Path,
    f: impl Fn(&str) -> T + Sync,
) -> Result<HashMap<DocId, T>> {
    Ok(texts::texts_of(tx, docs, path)?
        .into_par_iter()
        .map(|(d, text)| (d, f(&text)))
        .collect())
}

/// An article's band keys (sorted, unique) and anchors with positions (sorted by hash),
/// recomputed as signing computes them (the postings segments are kept for lookups by key, not
/// by article).
pub(crate) fn postings_of(
    engine: &Engine,
    seq: &[ShingleHash],
    keys: &[u64],
) -> (Vec<i64>, Vec<(ShingleHash, u32)>) {
    let mut bands: Vec<i64> = match engine.hasher.signature(seq) {
        Some(sig) => lsh::band_keys(&sig, engine.lsh)
            .into_iter()
            .map(|k| k.0 as i64)
            .collect(),
        None => Vec::new(),
    };
    bands.sort_unstable();
    bands.dedup();
    (bands, signed::anchors_of(seq, keys, engine))
}

pub(crate) fn slice_of(seq: &[ShingleHash], range: std::ops::Range<usize>) -> Vec<ShingleHash> {
    let end = range.end.min(seq.len());
    seq[range.start.min(end)..end].to_vec()
}

/// What the re-check of a stored pair needs of one of its articles: its shingle sequence, band
/// keys and anchors, signed again from its stored text.
pub(crate) struct Signing {
    seq: Vec<ShingleHash>,
    bands: Vec<i64>,
    anchors: Vec<(ShingleHash, u32)>,
}

impl Signing {
    fn of(text: &str, engine: &Engine) -> Signing {
        let (seq, keys) = signed::shingles_and_keys(text, engine);
        let (bands, anchors) = postings_of(engine, &seq, &keys);
        Signing {
            seq,
            bands,
            anchors,
        }
    }
}

/// Whether a moved anchor of `moved` sits where verification of the pair `a`, `b` may read it.
///
/// Verification ([`crate::verify::compare`]) reads the boilerplate only at shingles of the
/// pair's canonical first article inside the stretches the two share: a shared run (each of
/// its shingles is in both articles), or a gap of at most `max_gap` words that a passage
/// bridges between two runs (each of its shingles is within `shingle - 1 + max_gap`, `reach`,
/// positions of a run's). So an anchor that occurs in neither article within `reach` of a
/// shingle the other holds cannot change the pair's verification. (The candidate rule reads
/// it only when both articles hold it as an anchor, which the caller checks.)
fn moved_within_reach(
    a: &[ShingleHash],
    b: &[ShingleHash],
    moved: &[ShingleHash],
    reach: usize,
) -> bool {
    let near = |seq: &[ShingleHash], other: &[ShingleHash]| {
        let occurs: Vec<usize> = (0..seq.len())
            .filter(|&x| moved.binary_search(&seq[x]).is_ok())
            .collect();
        if occurs.is_empty() {
            return false;
        }
        let other: HashSet<ShingleHash> = other.iter().copied().collect();
        occurs.into_iter().any(|x| {
            let (from, to) = (x.saturating_sub(reach), (x + reach + 1).min(seq.len()));
            seq[from..to].iter().any(|y| other.contains(y))
        })
    };
    near(a, b) || near(b, a)
}

/// Whether anchor `h` counts otherwise for a pair of articles of `outlets` under the
/// boilerplate `after` a run than `before` it: as a stock phrase or both outlets' chrome
/// ([`crate::candidates::boilerplate::PairBoilerplate::contains`]), or as both outlets'
/// template (`is_template`). Verification and the candidate rule read boilerplate only through
/// those two, so a stored pair none of whose anchors moved is judged as it was.
fn boilerplate_moved(
    before: &Boilerplate,
    after: &Boilerplate,
    (a, b): (u32, u32),
    h: ShingleHash,
) -> bool {
    let (x, y) = (before.for_pair(a, b), after.for_pair(a, b));
    x.contains(h) != y.contains(h) || x.is_template(h) != y.is_template(h)
}

/// Whether a batch run over everything indexed would make `x`, `y` a candidate: the band
/// rule, or the anchor path's [`anchors::pair_rule`] over the pair's links. The links are
/// gathered until [`anchors::judge_links`] is sure (more links never undo that), so a reprint
/// sharing a hundred anchors costs two group lookups, not a hundred.
pub(crate) fn is_candidate(
    segs: &SegmentSet,
    engine: &Engine,
    bp: &Boilerplate,
    outlet_of: &[u32],
    (x, sx): (DocId, &Signing),
    (y, sy): (DocId, &Signing),
) -> Result<bool> {
    for key in sx
        .bands
        .iter()
        .filter(|k| sy.bands.binary_search(k).is_ok())
    {
        if group_rule::group_links(
            &group_of(segs, Kind::Bands, *key)?,
            x,
            y,
            engine.params.tuning.pair_cap,
        ) {
            return Ok(true);
        }
    }
    let (ox, oy) = (outlet_of[x.index()], outlet_of[y.index()]);
    let aparams = engine.anchor_params();
    let mut links = Vec::new();
    for &(h, pos_a) in &sx.anchors {
        let Ok(k) = sy.anchors.binary_search_by_key(&h, |a| a.0) else {
            continue;
        };
        if bp.is_stock(h) || (ox == oy && bp.is_chrome(h, ox)) {
            continue;
        }
        let group = group_of(segs, Kind::Anchors, h as i64)?;
        if group_rule::group_links(&group, x, y, engine.params.tuning.pair_cap) {
            links.push(anchors::AnchorLink {
                pair: CandidatePair { a: x, b: y },
                pos_a,
                pos_b: sy.anchors[k].1,
                near: true,
            });
            if anchors::judge_links(&links, &aparams) == anchors::LinkVerdict::Sure {
                return Ok(true);
            }
        }
    }
    anchors::pair_rule(&links, &aparams, |d, r| {
        Ok(slice_of(if d == x { &sx.seq } else { &sy.seq }, r))
    })
}

/// Stores a pair with its passages' spans; no text: reports take `pairs.csv`'s excerpt from
/// the `passages.csv` row they carry over, or cut it from the article's text, as they cut the
/// passages'.
pub(crate) fn insert_pair(
    tx: &rusqlite::Transaction,
    p: &PairLocal,
    run: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO pairs(lo, hi, swapped, jaccard, containment_a, containment_b, shared_words, kind, foot, run) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        p.lo.0 as i64,
        p.hi.0 as i64,
        p.swapped,
        p.jaccard,
        p.containment_a,
        p.containment_b,
        p.shared_words as i64,
        p.kind.as_str(),
        crate::index::foot_blob(&p.foot),
        run
    ])?;
    let mut ins = tx.prepare_cached(
        "INSERT INTO passages(lo, hi, seq, start_a, end_a, start_b, end_b, words) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (i, ps) in p.passages.iter().enumerate() {
        ins.execute(params![
            p.lo.0 as i64,
            p.hi.0 as i64,
            i as i64,
            ps.start_a,
            ps.end_a,
            ps.start_b,
            ps.end_b,
            ps.words,
        ])?;
    }
    Ok(())
}

/// Drops a stored pair that a batch run over the index would no longer report, keeping its
/// last reported row in `retracted` so the run can say so (`retracted_pairs.csv`) unless the
/// reports were leaving it out already (`hidden`).
pub(crate) fn retract_pair(
    tx: &rusqlite::Transaction,
    lo: DocId,
    hi: DocId,
    run: i64,
    path: &Path,
) -> Result<()> {
    let e = |err| db_err(path, err);
    // A hidden pair was not reported: dropping it retracts nothing from the reports.
    let hidden = tx
        .prepare_cached("DELETE FROM hidden WHERE lo = ?1 AND hi = ?2")
        .and_then(|mut st| st.execute([lo.0 as i64, hi.0 as i64]))
        .map_err(e)?
        > 0;
    if !hidden {
        record_retracted(tx, lo, hi, run, path)?;
    }
    delete_pair(tx, lo, hi).map_err(e)
}

/// Keeps a stored pair's last reported row in `retracted` as retracted by `run`, with the
/// `passage` excerpt its row showed, cut again from its report side `a`'s stored text (the
/// pair stores none): `retracted_pairs.csv` names the pair as it was.
fn record_retracted(
    tx: &rusqlite::Transaction,
    lo: DocId,
    hi: DocId,
    run: i64,
    path: &Path,
) -> Result<()> {
    let e = |err| db_err(path, err);
    let key = [lo.0 as i64, hi.0 as i64];
    let stored = tx
        .prepare_cached(
            "SELECT swapped, jaccard, containment_a, containment_b, shared_words, kind, run \
             FROM pairs WHERE lo = ?1 AND hi = ?2",
        )
        .and_then(|mut st| {
            st.query_row(key, |r| {
                Ok((
                    r.get::<_, bool>(0)?,
                    [r.get::<_, f64>(1)?, r.get(2)?, r.get(3)?],
                    r.get::<_, u32>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)?,
                ))
            })
            .optional()
        })
        .map_err(e)?;
    let Some((swapped, [jaccard, containment_a, containment_b], shared_words, kind, found)) =
        stored
    else {
        return Ok(());
    };
    let mut passages = Vec::new();
    {
        let mut st = tx
            .prepare_cached(
                "SELECT start_a, end_a, start_b, end_b, words FROM passages WHERE lo = ?1 AND hi = ?2 ORDER BY seq",
            )
            .map_err(e)?;
        let mut rows = st.query(key).map_err(e)?;
        while let Some(r) = rows.next().map_err(e)? {
            passages.push(crate::report::SharedPassage {
                start_a: r.get(0).map_err(e)?,
                end_a: r.get(1).map_err(e)?,
                start_b: r.get(2).map_err(e)?,
                end_b: r.get(3).map_err(e)?,
                words: r.get(4).map_err(e)?,
                text: String::new(),
            });
        }
    }
    let mut p = PairLocal {
        lo,
        hi,
        swapped,
        jaccard,
        containment_a,
        containment_b,
        shared_words,
        passage: String::new(),
        passages,
        // The cut reads the spans and the report side only; `kind` is stored as it was.
        kind: crate::verify::ReuseKind::parse(&kind).unwrap_or(crate::verify::ReuseKind::Passages),
        foot: Vec::new(),
        cut: TextCut::Nothing,
    };
    let side_a = crate::report::rows::report_sides(&p).0;
    p.cut_texts(&texts::read(tx, side_a, path)?.unzip(path)?, false);
    tx.prepare_cached(
        "INSERT OR REPLACE INTO retracted(lo, hi, swapped, jaccard, containment_a, containment_b, \
         shared_words, passage, kind, found, run) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )
    .and_then(|mut st| {
        st.execute(params![
            key[0],
            key[1],
            swapped,
            jaccard,
            containment_a,
            containment_b,
            shared_words,
            p.passage,
            kind,
            found,
            run
        ])
    })
    .map(drop)
    .map_err(e)
}

pub(crate) fn delete_pair(
    tx: &rusqlite::Transaction,
    lo: DocId,
    hi: DocId,
) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM pairs WHERE lo = ?1 AND hi = ?2")?
        .execute([lo.0 as i64, hi.0 as i64])?;
    tx.prepare_cached("DELETE FROM passages WHERE lo = ?1 AND hi = ?2")?
        .execute([lo.0 as i64, hi.0 as i64])?;
    Ok(())
}

/// What an indexed run leaves for its reports: its number, and for a run into an empty index
/// its own article store, which then holds every indexed article under the same numbers.
pub(crate) struct Updated {
    pub run: i64,
    pub fresh_texts: Option<crate::store::StoreTexts>,
}

/// One run's update of the index, in one transaction.
pub(crate) fn update(
    index: &Index,
    config: &ScanConfig,
    engine: &Engine,
    registry: &Registry,
    progress: &Progress,
    counts: &mut Counts,
    timings: &mut Timings,
) -> Result<Updated> {
    let path = &index.path;
    let e = |err| db_err(path, err);
    let mut guard = index.conn();
    let tx = guard
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(e)?;
    let inputs_json = serde_json::to_string(&crate::report::summary::input_names(&config.inputs))
        .unwrap_or_default();
    tx.execute(
        "INSERT INTO runs(started, inputs) VALUES (?1, ?2)",
        params![now_rfc3339(), inputs_json],
    )
    .map_err(e)?;
    let run = tx.last_insert_rowid();
    let base: i64 = tx
        .query_row("SELECT COALESCE(MAX(doc) + 1, 0) FROM articles", [], |r| {
            r.get(0)
        })
        .map_err(e)?;

    // 1. Read and hash what is new.
    let t = Instant::now();
    let mut corpus = {
        let mut lookup = tx
            .prepare("SELECT content_hash FROM articles WHERE id = ?1")
            .map_err(e)?;
        let mut known = |a: &Article| -> Result<Known> {
            if base == 0 {
                // An empty index knows no id (an id repeated in the inputs is the reader's).
                return Ok(Known::New);
            }
            let h: Option<i64> = lookup
                .query_row([&a.id], |r| r.get(0))
                .optional()
                .map_err(e)?;
            Ok(match h {
                None => Known::New,
                Some(h) if h as u64 == crate::sign::signed::content_hash(&a.text) => Known::Same,
                Some(_) => Known::Changed,
            })
        };
        crate::pipeline::ingest::ingest(
            &config.inputs,
            &config.read,
            &crate::pipeline::ingest::Context {
                engine,
                registry,
                run: &config.run,
                progress,
            },
            counts,
            &mut known,
        )?
    };
    timings.0.push(("read_hash", t.elapsed()));

    // 2. Store the new articles and their postings.
    let t = Instant::now();
    let seg_dir = segments::dir_of(path);
    let mut seg_metas = read_segments(&tx, path)?;
    let mut outlet_ids: HashMap<String, i64> = HashMap::new();
    {
        let mut st = tx.prepare("SELECT outlet, name FROM outlets").map_err(e)?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(e)?;
        for r in rows {
            let (o, name) = r.map_err(e)?;
            outlet_ids.insert(name, o);
        }
    }
    // Nothing indexed yet: the run's candidates are a batch run's (see `fresh_candidates`).
    let fresh = base == 0 && outlet_ids.is_empty();
    let gid = |local: DocId| DocId(base as u32 + local.0);
    // The postings go into their segments on another thread while the articles go into SQLite.
    let (band_postings, anchor_postings) = (&mut corpus.band_postings, &mut corpus.anchor_postings);
    let (texts, catalog) = (&corpus.texts, &corpus.catalog);
    let mut new_keys = NewKeys::default();
    // A run into an empty index finds its candidates here too, from the same read of the spill.
    let mut found: Option<(Vec<CandidatePair>, Boilerplate)> = None;
    let found_into = &mut found;
    let counts_into = &mut *counts;
    std::thread::scope(|scope| -> Result<()> {
        let postings = scope.spawn(|| {
            if fresh {
                let postings = crate::candidates::Postings {
                    bands: band_postings,
                    anchors: anchor_postings,
                };
                let (metas, cands, bp) =
                    fresh_candidates(postings, catalog, texts, engine, counts_into, &seg_dir, run)?;
                *found_into = Some((cands, bp));
                Ok(metas)
            } else {
                write_segments(
                    band_postings,
                    anchor_postings,
                    &seg_dir,
                    run,
                    base as u32,
                    &mut new_keys,
                )
            }
        });
        let mut ins_outlet = tx
            .prepare("INSERT INTO outlets(outlet, name) VALUES (?1, ?2)")
            .map_err(e)?;
        let mut ins_article = tx
            .prepare(
                "INSERT INTO articles(doc, id, outlet, date, date_secs, date_precision, title, url, source_file, \
                 source_line, content_hash, run, distinct_shingles) \
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
            )
            .map_err(e)?;
        let mut ins_credit = tx
            .prepare(r#"INSERT INTO credits(doc, seq, agency, kind, evidence, start, "end") VALUES (?1,?2,?3,?4,?5,?6,?7)"#)
            .map_err(e)?;
        for (i, d) in catalog.docs.iter().enumerate() {
            let local = DocId(i as u32);
            let name = &catalog.outlets[d.outlet as usize];
            let outlet = match outlet_ids.get(name) {
                Some(&o) => o,
                None => {
                    let o = outlet_ids.len() as i64;
                    ins_outlet.execute(params![o, name]).map_err(e)?;
                    outlet_ids.insert(name.clone(), o);
                    o
                }
            };
            ins_article
                .execute(params![
                    gid(local).0 as i64,
                    d.id,
                    outlet,
                    d.date.map(|t| t.to_string()),
                    d.date.map(|t| t.secs),
                    d.date.map(|t| if t.precision == DatePrecision::Day {
                        0
                    } else {
                        1
                    }),
                    d.title,
                    d.url,
                    &*d.location.file,
                    d.location.line.map(|l| l as i64),
                    d.content_hash as i64,
                    run,
                    d.distinct as i64,
                ])
                .map_err(e)?;
            for (k, c) in d.credits.iter().enumerate() {
                ins_credit
                    .execute(params![
                        gid(local).0 as i64,
                        k as i64,
                        c.agency,
                        c.kind.as_str(),
                        c.evidence,
                        c.start,
                        c.end
                    ])
                    .map_err(e)?;
            }
        }
        let written = postings.join().map_err(|_| Error::Index {
            path: path.to_path_buf(),
            reason: "writing postings segments failed".into(),
        })??;
        for m in &written {
            insert_segment(&tx, m, run).map_err(e)?;
        }
        seg_metas.extend(written);
        Ok(())
    })?;
    timings.0.push(("index_write", t.elapsed()));
    pause_for_tests("index-written", path);

    // 3. Boilerplate grows; candidates of the new articles.
    let t = Instant::now();
    let segs = SegmentSet::open(&seg_dir, &seg_metas)?;
    let aparams = engine.anchor_params();
    let catalog = catalog_in_tx(&tx, path)?;
    let outlet_of = catalog.site_numbers();
    let old_bp = read_boilerplate(&tx).map_err(e)?;
    let base_doc = DocId(base as u32);
    let (cands, touched): (Vec<CandidatePair>, Vec<(DocId, ShingleHash)>) =
        if let Some((cands, bp)) = found {
            for &h in bp.stock() {
                store_boilerplate(&tx, h, None, run).map_err(e)?;
            }
            for &(h, o) in bp.chrome() {
                store_boilerplate(&tx, h, Some(o), run).map_err(e)?;
            }
            (cands, Vec::new())
        } else {
            let mut links: Vec<anchors::AnchorLink> = Vec::new();
            // Old articles holding an anchor that became boilerplate in this run, with the anchor.
            let mut touched: Vec<(DocId, ShingleHash)> = Vec::new();
            let mut on_anchor_group = |anchor: i64, members: &[anchors::Member]| -> Result<()> {
                let h = anchor as ShingleHash;
                let grown =
                    anchors::process_group(h, members, &old_bp, base_doc, &aparams, &mut links);
                if grown.stock {
                    store_boilerplate(&tx, h, None, run).map_err(e)?;
                }
                for &o in &grown.chrome_outlets {
                    store_boilerplate(&tx, h, Some(o), run).map_err(e)?;
                }
                if grown.stock || !grown.chrome_outlets.is_empty() {
                    touched.extend(
                        members
                            .iter()
                            .filter(|m| m.doc < base_doc)
                            .map(|m| (m.doc, h)),
                    );
                }
                Ok(())
            };
            for_each_group(
                &segs,
                Kind::Anchors,
                &new_keys.anchors,
                &outlet_of,
                &mut on_anchor_group,
                path,
            )?;
            // The anchor path's rule, as in a batch run: two links, or one confirmed around its anchor.
            // A lone link whose neighbours rule out a shared run fails its check unread
            // ([`anchors::confirms`]); the older articles of the others are signed again from
            // their stored texts once each, a bounded chunk of them at a time, and the links
            // of a chunk checked in parallel.
            let (mut cands, mut single) = anchors::split_links(links, &aparams);
            single.retain(|l| anchors::needs_read(l, aparams.min_run));
            single.sort_unstable_by_key(|l| (l.pair.a.min(l.pair.b), l.pair));
            let mut rest = &single[..];
            while !rest.is_empty() {
                let (olds, take) = lone_chunk(rest, base_doc, LONE_CHUNK);
                let (chunk, next) = rest.split_at(take);
                rest = next;
                let n = engine.params.shingle;
                let texts = RunTexts {
                    base: base_doc,
                    new: &corpus.texts,
                    old: MapTexts {
                        texts: HashMap::new(),
                        shingles: map_stored(&tx, &olds, path, |text| shingle::of_text(text, n))?,
                        sentences: HashMap::new(),
                        spans: HashMap::new(),
                    },
                };
                cands.extend(crate::candidates::confirm_single_links(
                    chunk, &texts, &aparams,
                )?);
            }
            let mut on_band_group = |_: i64, members: &[anchors::Member]| -> Result<()> {
                let docs: Vec<DocId> = members.iter().map(|m| m.doc).collect();
                let mut out = Vec::new();
                group_rule::emit_group_pairs(&docs, engine.params.tuning.pair_cap, &mut out);
                cands.extend(out.into_iter().filter(|p| p.b >= base_doc));
                Ok(())
            };
            for_each_group(
                &segs,
                Kind::Bands,
                &new_keys.bands,
                &outlet_of,
                &mut on_band_group,
                path,
            )?;
            cands.sort_unstable();
            cands.dedup();
            touched.sort_unstable();
            touched.dedup();
            (cands, touched)
        };
    counts.candidates = cands.len() as u64;
    let boilerplate = read_boilerplate(&tx).map_err(e)?;
    counts.boilerplate_anchors = boilerplate.len() as u64;

    // Pairs of older articles that a new boilerplate entry may change: verified again below,
    // dropped if a batch run would no longer make them candidates. It is when an anchor's
    // standing changed *for the pair* ([`boilerplate_moved`]): chrome counts for a pair only
    // when it is chrome of both articles' outlets, so a phrase becoming one outlet's chrome or
    // template changes no pair with an article of an outlet it is not chrome of. One pass over
    // the stored pairs (there is no index on `hi`) finds the pairs with a moved anchor in either
    // article; [`moved_within_reach`] then keeps those where the pair's candidate rule or its
    // verification can read one (most are reprints of a story whose phrase became a stock
    // phrase, far from what the two share).
    timings.0.push(("candidates", t.elapsed()));
    let t = Instant::now();
    let mut recheck: Vec<((DocId, DocId), Vec<ShingleHash>)> = Vec::new();
    if !touched.is_empty() {
        let grown_of = |d: DocId| {
            let from = touched.partition_point(|&(x, _)| x < d);
            touched[from..]
                .iter()
                .take_while(move |&&(x, _)| x == d)
                .map(|&(_, h)| h)
        };
        let mut st = tx.prepare_cached("SELECT lo, hi FROM pairs").map_err(e)?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .map_err(e)?;
        for row in rows {
            let (lo, hi) = row.map_err(e)?;
            let (lo, hi) = (DocId(lo as u32), DocId(hi as u32));
            let outlets = (outlet_of[lo.index()], outlet_of[hi.index()]);
            let mut moved: Vec<ShingleHash> = grown_of(lo)
                .chain(grown_of(hi))
                .filter(|&h| boilerplate_moved(&old_bp, &boilerplate, outlets, h))
                .collect();
            if !moved.is_empty() {
                moved.sort_unstable();
                moved.dedup();
                recheck.push(((lo, hi), moved));
            }
        }
        recheck.sort_unstable();
    }
    let mut still: Vec<CandidatePair> = Vec::new();
    // The articles of the pairs with a moved anchor are shingled again once each, in parallel,
    // a bounded number at a time (pairs sorted by `lo`; a `hi` may be read again in a later
    // chunk); those of the pairs a moved anchor can change are then signed in full.
    let reach = engine.params.shingle.max(1) - 1 + engine.verify_params().max_gap;
    let n = engine.params.shingle;
    let holds = |d: DocId, h: ShingleHash| touched.binary_search(&(d, h)).is_ok();
    for chunk in recheck
        .chunk_by(|p, q| p.0 .0 == q.0 .0)
        .collect::<Vec<_>>()
        .chunks(LONE_CHUNK / 4)
    {
        let pairs: Vec<&((DocId, DocId), Vec<ShingleHash>)> =
            chunk.iter().flat_map(|c| c.iter()).collect();
        let docs: BTreeSet<DocId> = pairs.iter().flat_map(|((lo, hi), _)| [*lo, *hi]).collect();
        let seqs = map_stored(&tx, &docs, path, |text| shingle::of_text(text, n))?;
        let affected: Vec<(DocId, DocId)> = pairs
            .par_iter()
            .map(
                |&&((lo, hi), ref moved)| -> Result<Option<(DocId, DocId)>> {
                    let (Some(sl), Some(sh)) = (seqs.get(&lo), seqs.get(&hi)) else {
                        return Err(not_loaded(lo));
                    };
                    let hit = moved.iter().any(|&h| holds(lo, h) && holds(hi, h))
                        || moved_within_reach(sl, sh, moved, reach);
                    Ok(hit.then_some((lo, hi)))
                },
            )
            .filter_map(Result::transpose)
            .collect::<Result<_>>()?;
        drop(seqs);
        let docs: BTreeSet<DocId> = affected.iter().flat_map(|&(lo, hi)| [lo, hi]).collect();
        let signed = map_stored(&tx, &docs, path, |text| Signing::of(text, engine))?;
        for (lo, hi) in affected {
            let (Some(sl), Some(sh)) = (signed.get(&lo), signed.get(&hi)) else {
                return Err(not_loaded(lo));
            };
            if is_candidate(&segs, engine, &boilerplate, &outlet_of, (lo, sl), (hi, sh))? {
                still.push(CandidatePair { a: lo, b: hi });
            } else {
                retract_pair(&tx, lo, hi, run, path)?;
            }
        }
    }
    timings.0.push(("recheck", t.elapsed()));

    // 4. Verify, with the texts of every article involved loaded once; meanwhile the postings
    // segments that piled up are merged on another thread (they are only read from here on).
    let t = Instant::now();
    let mut storing = std::time::Duration::ZERO;
    let (new_pairs, merged) = std::thread::scope(|scope| -> Result<_> {
        let merging = scope.spawn(|| merge_segments(&segs, &seg_metas, &seg_dir, run));
        // Older articles come from the index, loaded once; this run's articles from its own
        // article store, which holds their token spans too.
        let involved: BTreeSet<DocId> = cands
            .iter()
            .chain(&still)
            .flat_map(|p| [p.a, p.b])
            .filter(|d| *d < base_doc)
            .collect();
        // Signed again from the texts, in parallel, with one tokenization each, as the run's
        // own articles were: the index stores no shingle sequences.
        let loaded = map_stored(&tx, &involved, path, |text| {
            let mut tokens = Vec::new();
            let (seq, _, sentences) = signed::shingles_keys_sentences(text, engine, &mut tokens);
            let spans = crate::verify::char_spans(&tokens);
            (text.to_string(), seq, sentences, spans)
        })?;
        let mut old = MapTexts {
            texts: HashMap::with_capacity(loaded.len()),
            shingles: HashMap::with_capacity(loaded.len()),
            sentences: HashMap::with_capacity(loaded.len()),
            spans: HashMap::with_capacity(loaded.len()),
        };
        for (d, (text, seq, sents, spans)) in loaded {
            old.texts.insert(d, text);
            old.shingles.insert(d, seq);
            old.sentences.insert(d, sents);
            old.spans.insert(d, spans);
        }
        let map = RunTexts {
            base: base_doc,
            new: &corpus.texts,
            old,
        };
        let verified = crate::verify::batch::verify_all(
            &catalog,
            &map,
            &cands,
            &boilerplate,
            engine,
            progress,
        )?;
        let new_pairs = insert_verified(&tx, &catalog, &map, &verified, run, path)?;
        let reverified = crate::verify::batch::verify_all(
            &catalog,
            &map,
            &still,
            &boilerplate,
            engine,
            progress,
        )?;
        let kept: BTreeSet<(DocId, DocId)> = reverified.iter().map(|p| (p.a, p.b)).collect();
        let relocals =
            crate::analyse::pairs::pair_locals(&catalog, &map, &reverified, TextCut::Nothing)?;
        for p in &still {
            if !kept.contains(&(p.a, p.b)) {
                retract_pair(&tx, p.a, p.b, run, path)?;
            }
        }
        for p in &relocals {
            let first_run: i64 = tx
                .query_row(
                    "SELECT run FROM pairs WHERE lo = ?1 AND hi = ?2",
                    [p.lo.0 as i64, p.hi.0 as i64],
                    |r| r.get(0),
                )
                .map_err(e)?;
            delete_pair(&tx, p.lo, p.hi).map_err(e)?;
            insert_pair(&tx, p, first_run).map_err(e)?;
        }
        let t = Instant::now();
        store_texts(&tx, &map, base_doc, catalog.docs.len(), &verified, path)?;
        storing = t.elapsed();
        let merged = merging.join().map_err(|_| Error::Index {
            path: path.to_path_buf(),
            reason: "merging postings segments failed".into(),
        })??;
        Ok((new_pairs, merged))
    })?;
    for (inputs, output) in &merged {
        for name in inputs {
            tx.execute("DELETE FROM segments WHERE name = ?1", [name])
                .map_err(e)?;
        }
        insert_segment(&tx, output, run).map_err(e)?;
    }
    timings
        .0
        .push(("verify", t.elapsed().saturating_sub(storing)));
    timings.0.push(("store_texts", storing));
    hide_shared_blocks(&tx, engine, &outlet_of, run, path)?;

    let counts_json = serde_json::json!({
        "read": counts.read, "new": counts.new, "already_indexed": counts.already_indexed,
        "changed_text": counts.changed_text, "skipped": counts.skipped.values().sum::<u64>(),
        "candidates": counts.candidates, "new_pairs": new_pairs,
    });
    tx.execute(
        "UPDATE runs SET finished = ?1, counts = ?2 WHERE run = ?3",
        params![now_rfc3339(), counts_json.to_string(), run],
    )
    .map_err(e)?;
    pause_for_tests("before-commit", path);
    tx.commit().map_err(e)?;
    // The merges' inputs are no longer named by the index; a run killed before this line
    // leaves them to the next writer's clean-up.
    let names: Vec<String> = merged.into_iter().flat_map(|(inputs, _)| inputs).collect();
    if !names.is_empty() {
        drop(segs);
        for name in &names {
            let f = seg_dir.join(name);
            std::fs::remove_file(&f).map_err(|err| Error::io(&f, err))?;
        }
        segments::sync_dir(&seg_dir)?;
    }
    // A run into an empty index numbered its articles as the index does (`base` 0).
    Ok(Updated {
        run,
        fresh_texts: fresh.then_some(corpus.texts),
    })
}

/// Stores the texts of the run's articles (`base_doc..end`), each alone or against the text
/// of a partner of the pairs verified in this run ([`texts::plan_bases`]), compressed in
/// parallel a chunk at a time.
fn store_texts(
    tx: &rusqlite::Transaction,
    texts: &RunTexts,
    base_doc: DocId,
    end: usize,
    verified: &[VerifiedPair],
    path: &Path,
) -> Result<()> {
    let plan = texts::plan_bases(
        base_doc.0..end as u32,
        verified.iter().map(|p| (p.a, p.b, p.evidence.shared_words)),
        |d| texts::stored_alone(tx, d, path),
    )?;
    let docs: Vec<(DocId, Option<DocId>)> = plan
        .into_iter()
        .enumerate()
        .map(|(k, b)| (DocId(base_doc.0 + k as u32), b))
        .collect();
    pipelined(
        &docs,
        ZIP_CHUNK,
        |chunk| texts::zip_run(texts, chunk, path),
        |&(d, _), z| texts::insert(tx, d, z, path),
        "compressing the texts",
        path,
    )
}

/// Works through `items` a chunk of `size` at a time: the next chunk's rows are built
/// (`build`, in parallel) on another thread while this chunk's are stored (`store`, on this
/// thread: SQLite has one writer), and no more than two chunks' rows are held. `what` names
/// the build in the error of a build thread that panicked.
fn pipelined<T: Sync, R: Send>(
    items: &[T],
    size: usize,
    build: impl Fn(&[T]) -> Result<Vec<R>> + Sync,
    mut store: impl FnMut(&T, &R) -> Result<()>,
    what: &str,
    path: &Path,
) -> Result<()> {
    let chunks: Vec<&[T]> = items.chunks(size).collect();
    let mut next = match chunks.first() {
        Some(c) => build(c)?,
        None => return Ok(()),
    };
    for k in 0..chunks.len() {
        let current = std::mem::take(&mut next);
        let (stored, following) = std::thread::scope(|scope| {
            let building = chunks.get(k + 1).map(|c| scope.spawn(|| build(c)));
            let stored = chunks[k]
                .iter()
                .zip(&current)
                .try_for_each(|(item, row)| store(item, row));
            (stored, building.map(|b| b.join()))
        });
        stored?;
        next = match following {
            None => Vec::new(),
            Some(Ok(rows)) => rows?,
            Some(Err(_)) => {
                return Err(Error::Index {
                    path: path.to_path_buf(),
                    reason: format!("{what} failed"),
                })
            }
        };
    }
    Ok(())
}

/// Verified pairs stored, with their passages' spans, a chunk at a time: the next chunk's rows
/// (their passages in characters) are built on another thread while this one's are inserted,
/// and no more than two chunks' rows are held. Returns how many.
fn insert_verified(
    tx: &rusqlite::Transaction,
    catalog: &Catalog,
    texts: &RunTexts,
    verified: &[VerifiedPair],
    run: i64,
    path: &Path,
) -> Result<usize> {
    pipelined(
        verified,
        PAIR_CHUNK,
        |chunk| crate::analyse::pairs::pair_locals(catalog, texts, chunk, TextCut::Nothing),
        |_, p| insert_pair(tx, p, run).map_err(|err| db_err(path, err)),
        "building the rows of verified pairs",
        path,
    )?;
    Ok(verified.len())
}

/// Verified pairs whose rows [`insert_verified`] builds at a time.
const PAIR_CHUNK: usize = 8192;

/// The index's postings segments, oldest first.
pub(crate) fn read_segments(tx: &rusqlite::Connection, path: &Path) -> Result<Vec<SegmentMeta>> {
    let e = |err| db_err(path, err);
    let mut st = tx
        .prepare("SELECT name, kind, rows, bytes FROM segments ORDER BY seq")
        .map_err(e)?;
    let mut rows = st.query([]).map_err(e)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().map_err(e)? {
        let kind: String = r.get(1).map_err(e)?;
        out.push(SegmentMeta {
            name: r.get(0).map_err(e)?,
            kind: Kind::parse(&kind).ok_or_else(|| Error::Index {
                path: path.to_path_buf(),
                reason: format!("broken index: a postings segment of unknown kind {kind:?}"),
            })?,
            rows: r.get::<_, i64>(2).map_err(e)? as u64,
            bytes: r.get::<_, i64>(3).map_err(e)? as u64,
        });
    }
    Ok(out)
}

fn insert_segment(tx: &rusqlite::Transaction, m: &SegmentMeta, run: i64) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO segments(name, kind, rows, bytes, run) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        m.name,
        m.kind.as_str(),
        m.rows as i64,
        m.bytes as i64,
        run
    ])
    .map(drop)
}

/// Merges, for each kind, the newest segments that [`segments::merge_tail`] says have piled
/// up; returns each merge's input names and output.
fn merge_segments(
    segs: &SegmentSet,
    metas: &[SegmentMeta],
    dir: &Path,
    run: i64,
) -> Result<Vec<(Vec<String>, SegmentMeta)>> {
    let mut out = Vec::new();
    for kind in [Kind::Bands, Kind::Anchors] {
        let of_kind: Vec<&SegmentMeta> = metas.iter().filter(|m| m.kind == kind).collect();
        let rows: Vec<u64> = of_kind.iter().map(|m| m.rows).collect();
        let n = segments::merge_tail(&rows);
        if n == 0 {
            continue;
        }
        let open = segs.of(kind);
        let inputs: Vec<&segments::Segment> = open[open.len() - n..].iter().collect();
        if let Some(merged) = segments::merge(dir, &inputs, run)? {
            out.push((
                of_kind[of_kind.len() - n..]
                    .iter()
                    .map(|m| m.name.clone())
                    .collect(),
                merged,
            ));
        }
    }
    Ok(out)
}

/// The catalog as the transaction sees it (the new articles included).
pub(crate) fn catalog_in_tx(tx: &rusqlite::Transaction, path: &Path) -> Result<Catalog> {
    let e = |err| db_err(path, err);
    let mut outlets = Vec::new();
    let mut st = tx
        .prepare("SELECT name FROM outlets ORDER BY outlet")
        .map_err(e)?;
    for r in st.query_map([], |r| r.get::<_, String>(0)).map_err(e)? {
        outlets.push(r.map_err(e)?);
    }
    let mut docs = Vec::new();
    let mut st = tx
        .prepare("SELECT id, outlet, distinct_shingles FROM articles ORDER BY doc")
        .map_err(e)?;
    for r in st
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .map_err(e)?
    {
        let (id, outlet, distinct) = r.map_err(e)?;
        docs.push(DocMeta {
            id,
            outlet: outlet as u32,
            date: None,
            title: String::new(),
            url: String::new(),
            credits: Vec::new(),
            location: Location {
                file: "".into(),
                line: None,
            },
            content_hash: 0,
            distinct: distinct as u32,
        });
    }
    Ok(Catalog { docs, outlets })
}

/// Everything the reports need, read from the index and analysed; `new` holds the pairs the
/// run `new_run` found.
pub(crate) struct FromIndex {
    catalog: Catalog,
    outcome: crate::pipeline::run::Outcome,
    new: PairSet,
    /// Pairs the run `new_run` retracted, as last reported.
    retracted: Vec<PairLocal>,
}

impl FromIndex {
    /// How many pairs the run found that `new_pairs.csv` lists (a pair of two fetches of one
    /// page is no row: [`crate::analyse::pages`]).
    pub(crate) fn new_pair_count(&self) -> u64 {
        self.new
            .iter()
            .filter(|&&(lo, hi)| !crate::analyse::pages::same_page(&self.catalog, lo, hi))
            .count() as u64
    }

    /// Every report; `report.html` shows `summary`. Texts come from `texts` (see
    /// [`reports_from_index`]). The `passages.csv` the index's last report wrote, when
    /// `writer`'s folder still holds it, gives its rows to the pairs reported again
    /// ([`crate::report::carry`]); `counts.passages_carried` says how many.
    pub(crate) fn write(
        &self,
        index: &Index,
        writer: &ReportWriter,
        with_new: bool,
        html: (&dyn Texts, &Registry, &serde_json::Value),
        counts: &mut Counts,
    ) -> Result<Vec<PathBuf>> {
        let mut carry = index.passages_record().and_then(|r| writer.carry_from(&r));
        let written = self.write_carrying(writer, with_new, html, carry.as_mut());
        counts.passages_carried = Some(carry.map_or(0, |c| c.carried_rows()));
        written
    }

    fn write_carrying(
        &self,
        writer: &ReportWriter,
        with_new: bool,
        html: (&dyn Texts, &Registry, &serde_json::Value),
        carry: Option<&mut PassagesCarry>,
    ) -> Result<Vec<PathBuf>> {
        let is_new = |p: &PairLocal| self.new.contains(&(p.lo, p.hi));
        let o = &self.outcome;
        let new: Option<&dyn Fn(&PairLocal) -> bool> = if with_new { Some(&is_new) } else { None };
        let (texts, registry, summary) = html;
        let mut paths = crate::report::rows::write_reports(
            writer,
            &self.catalog,
            texts,
            &o.pairs,
            &o.analysis,
            &o.reports,
            new,
            None,
            carry,
        )?;
        if with_new {
            paths.push(crate::report::rows::write_retracted(
                writer,
                &self.catalog,
                &self.retracted,
            )?);
        }
        paths.push(crate::report::rows::write_html(
            writer,
            &self.catalog,
            o,
            texts,
            registry,
            summary,
        )?);
        Ok(paths)
    }
}

/// Every report from the index; `new_run` selects the pairs for `new_pairs.csv`. `texts`
/// gives the articles' texts where the reports need them: the index, or the article store
/// of a run that filled an empty index ([`Updated::fresh_texts`]), which reads them faster.
pub(crate) fn reports_from_index(
    index: &Index,
    texts: &dyn Texts,
    engine: &Engine,
    registry: &Registry,
    new_run: Option<i64>,
    counts: &mut Counts,
    timings: &mut Timings,
) -> Result<FromIndex> {
    let t = Instant::now();
    let (catalog, pairs, new) = index.load_catalog_and_pairs(new_run)?;
    let retracted = match new_run {
        Some(run) => index.load_retracted(&catalog, run)?,
        None => Vec::new(),
    };
    let boilerplate = index.load_boilerplate()?;
    timings.0.push(("index_read", t.elapsed()));
    let t = Instant::now();
    let outcome = crate::pipeline::run::conclude(
        &catalog,
        texts,
        pairs,
        &boilerplate,
        engine,
        registry,
        counts,
        None,
    )?;
    timings.0.push(("attribute_cluster", t.elapsed()));
    Ok(FromIndex {
        catalog,
        outcome,
        new,
        retracted,
    })
}

/// The environment variable of the test hook that stops an indexed run at a known point.
pub const PAUSE_ENV: &str = "WIRETRACE_TEST_PAUSE";

/// Test hook: when [`PAUSE_ENV`] names `point` (`index-written`: the new articles and postings
/// are in the open transaction; `before-commit`: everything is, the commit is next), the run
/// writes `FILE.paused` and waits there until it is killed, so a test can kill it at that
/// point rather than after a guessed sleep. Unset, it costs one lookup per run.
fn pause_for_tests(point: &str, index: &Path) {
    if std::env::var(PAUSE_ENV).is_ok_and(|p| p == point) {
        let mut marker = index.as_os_str().to_owned();
        marker.push(".paused");
        // The marker is the test's signal; if it cannot be written the test times out.
        let _ = std::fs::write(&marker, point);
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Two "articles" built from blocks: shared (the same shingles in both), `a`'s own or
    /// `b`'s own; shingles are fresh values from `seed`, so equal values are equal shingles.
    fn blocks(parts: &[(u8, usize)], seed: u64) -> (Vec<u64>, Vec<u64>) {
        let mut x = seed;
        let mut fresh = move || {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let z = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb)
        };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for &(kind, len) in parts {
            for _ in 0..len {
                let h = fresh();
                match kind {
                    0 => {
                        a.push(h);
                        b.push(h);
                    }
                    1 => a.push(h),
                    _ => b.push(h),
                }
            }
        }
        (a, b)
    }

    proptest! {
        /// The re-check's filter against verification itself: a boilerplate change that
        /// [`moved_within_reach`] says verification cannot read leaves the pair's evidence as
        /// it was. Shared runs a few words apart merge into one passage across their gap, and
        /// a moved anchor in that gap is read, though the other article does not hold it.
        #[test]
        fn an_anchor_moved_out_of_reach_changes_no_verification(
            parts in prop::collection::vec((0u8..3, 1usize..14), 1..14),
            seed in any::<u64>(),
            before in prop::collection::vec((any::<prop::sample::Index>(), any::<bool>()), 0..4),
            grown in prop::collection::vec((any::<prop::sample::Index>(), any::<bool>()), 1..8),
            same_outlet in any::<bool>(),
        ) {
            let (a, b) = blocks(&parts, seed);
            prop_assume!(!a.is_empty() && !b.is_empty());
            let engine = Engine::new(crate::config::MatchParams::default());
            let p = engine.verify_params();
            // Verification reads boilerplate at anchors only: the entries are anchors of either.
            let mut pool: Vec<u64> = [&a, &b]
                .iter()
                .flat_map(|seq| crate::sign::winnow::winnow(seq, p.window).into_iter().map(|x| seq[x as usize]))
                .collect();
            pool.sort_unstable();
            pool.dedup();
            // A stock phrase, or chrome and template of outlet 3.
            let entries = |picks: &[(prop::sample::Index, bool)]| {
                let (mut stock, mut chrome) = (Vec::new(), Vec::new());
                for (i, is_stock) in picks {
                    let h = *i.get(&pool);
                    if *is_stock {
                        stock.push(h);
                    } else {
                        chrome.extend([(h, 3), (h, crate::candidates::boilerplate::template_of(3))]);
                    }
                }
                (stock, chrome)
            };
            let (stock0, chrome0) = entries(&before);
            let (mut stock1, mut chrome1) = entries(&grown);
            stock1.extend(&stock0);
            chrome1.extend(&chrome0);
            let old_bp = Boilerplate::new(stock0, chrome0);
            let new_bp = Boilerplate::new(stock1, chrome1);
            let outlets = if same_outlet { (3, 3) } else { (0, 3) };
            let moved: Vec<u64> = pool
                .iter()
                .copied()
                .filter(|&h| boilerplate_moved(&old_bp, &new_bp, outlets, h))
                .collect();
            let reach = p.shingle - 1 + p.max_gap;
            if !moved_within_reach(&a, &b, &moved, reach) {
                let evidence = |bp: &Boilerplate| {
                    crate::verify::compare(
                        &mut crate::verify::Prepared::new(&a),
                        &b,
                        shingle::distinct_count(&b),
                        &bp.for_pair(outlets.0, outlets.1),
                        crate::verify::Marks::NONE,
                        &p,
                    )
                };
                prop_assert_eq!(evidence(&old_bp), evidence(&new_bp));
            }
        }
    }

    fn link(a: u32, b: u32) -> anchors::AnchorLink {
        anchors::AnchorLink {
            pair: CandidatePair {
                a: DocId(a),
                b: DocId(b),
            },
            pos_a: 0,
            pos_b: 0,
            near: true,
        }
    }

    /// A phrase that becomes outlet 1's chrome moves for pairs inside outlet 1, and for pairs
    /// with outlet 2 once it is outlet 2's chrome too; never for a pair with outlet 3. Stock
    /// moves for every pair; a template for pairs of two outlets it is the template of.
    #[test]
    fn boilerplate_moves_for_a_pair_only_where_the_pair_sees_it() {
        use crate::candidates::boilerplate::template_of;
        let none = Boilerplate::default();
        let chrome1 = Boilerplate::new(Vec::new(), vec![(7, 1)]);
        assert!(boilerplate_moved(&none, &chrome1, (1, 1), 7));
        assert!(!boilerplate_moved(&none, &chrome1, (1, 3), 7));
        assert!(!boilerplate_moved(&none, &chrome1, (1, 1), 8));
        let chrome12 = Boilerplate::new(Vec::new(), vec![(7, 1), (7, 2)]);
        assert!(boilerplate_moved(&chrome1, &chrome12, (1, 2), 7));
        assert!(boilerplate_moved(&chrome1, &chrome12, (2, 2), 7));
        assert!(!boilerplate_moved(&chrome1, &chrome12, (1, 1), 7));
        assert!(!boilerplate_moved(&chrome1, &chrome12, (2, 3), 7));
        let stock = Boilerplate::new(vec![7], vec![(7, 1)]);
        assert!(boilerplate_moved(&chrome1, &stock, (3, 4), 7));
        let template = Boilerplate::new(Vec::new(), vec![(7, 1), (7, template_of(1))]);
        assert!(boilerplate_moved(&chrome1, &template, (1, 1), 7));
        assert!(!boilerplate_moved(&chrome1, &template, (1, 2), 7));
    }

    /// Every link lands in exactly one chunk, in order, and no chunk needs more older
    /// articles than allowed.
    #[test]
    fn lone_chunks_cover_every_link_once_within_the_bound() {
        let base = DocId(10);
        let mut links: Vec<_> = [
            (1, 11),
            (1, 12),
            (2, 11),
            (3, 14),
            (3, 15),
            (4, 11),
            (11, 12),
        ]
        .iter()
        .map(|&(a, b)| link(a, b))
        .collect();
        links.sort_unstable_by_key(|l| (l.pair.a.min(l.pair.b), l.pair));
        for max in [0, 1, 2, 3, 10] {
            let (mut rest, mut seen) = (&links[..], Vec::new());
            while !rest.is_empty() {
                let (olds, take) = lone_chunk(rest, base, max);
                assert!(take >= 1 && olds.len() <= max.max(1), "max {max}");
                for l in &rest[..take] {
                    let old = l.pair.a.min(l.pair.b);
                    assert!(old >= base || olds.contains(&old));
                    seen.push(l.pair);
                }
                rest = &rest[take..];
            }
            assert_eq!(seen, links.iter().map(|l| l.pair).collect::<Vec<_>>());
        }
    }
}
