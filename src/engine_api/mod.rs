//! Seams for engines that run the scan's stages somewhere else: the Python package and the Spark
//! job (`python/wiretrace/spark.py`).
//!
//! In: what an engine holds between stages — a file's bytes, an article's text, the members of
//! one band or anchor group, two texts of a candidate pair, and finally every article's metadata
//! with the verified pairs (and, when the engine found them, the connected components of the
//! pairs [`is_core_edge`] marks, checked before use). Out: the values the batch scan computes at the same point, made by
//! the same functions ([`crate::pipeline`], [`crate::candidates`], [`crate::verify`],
//! [`crate::analyse`], [`crate::report`]).
//!
//! Invariant: nothing here decides anything by itself. Every rule (reading, signing, the band
//! and anchor group rules, boilerplate, verification, origin/agency/clusters, report rows and
//! files) is a call into the modules the CLI uses, so an engine that feeds these functions the
//! articles in the CLI's order gets byte-identical reports whatever the rules become.
//!
//! Values that cross the engine boundary as text ([`encode_meta`], [`encode_pair`]) carry
//! floating-point numbers as their IEEE bits, so a round trip never changes a digit.

pub mod shuffle;

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use serde_json::{json, Value};

use crate::analyse::pairs::{pair_local, PairLocal};
use crate::attribute::credits::{Credit, CreditKind};
use crate::attribute::registry::Registry;
use crate::candidates::anchors::{self, AnchorLink, Member, Neighbours};
use crate::candidates::boilerplate::{Boilerplate, NO_BOILERPLATE};
use crate::candidates::group_rule;
use crate::config::ScanConfig;
use crate::engine::Engine;
use crate::error::{Error, RecordError, Result};
use crate::model::{
    Article, CandidatePair, Catalog, DatePrecision, DocId, DocMeta, Location, Timestamp,
};
use crate::pipeline::run::{self, Counts, Timings};
use crate::read::{self, ReadOptions};
use crate::report::rows;
use crate::report::summary::{self, RunRecord};
use crate::report::{ClusterRow, CreditRow, OutletRow, ReportWriter, SharedPassage};
use crate::sign::normalize;
use crate::sign::shingle::{self, ShingleHash};
use crate::sign::signed::{self, hash_article};
use crate::store::Texts;
use crate::verify::batch::VerifiedPair;
use crate::verify::rewrite::{self, Sentences};
use crate::verify::{self, CharSpan, Marks, Prepared, ReuseKind};

/// The reports of a scan besides pairs and passages (which go to the caller's sink, a slice
/// of pairs at a time), with the counts and the `summary.json` value.
#[derive(Debug, Default)]
pub struct ScanRows {
    pub counts: Counts,
    pub summary: Value,
    pub clusters: Vec<ClusterRow>,
    pub credits: Vec<CreditRow>,
    pub outlets: Vec<OutletRow>,
}

/// `wiretrace scan` (without an index) that also hands every report's rows to the caller (ids
/// exactly as read, numbers as numbers): each pair's row with its passages' rows to `sink`
/// ([`rows::RowSink`]: slices of pairs, on the pool's threads), so an engine can build
/// columns without holding the rows twice; the other reports returned. The files are written
/// to `config.out`, exactly as the CLI writes them, only when `write` is set, and the rows
/// then reach the sink while `passages.csv` is written, in the same pass (with `--xlsx`, whose
/// sheets are filled file by file, in a pass of their own). The same run as
/// [`crate::commands::scan::scan`] ([`run::BatchRun`]); the thread pool is bounded by
/// `config.run.threads`.
pub fn scan_rows(config: &ScanConfig, write: bool, sink: &dyn rows::RowSink) -> Result<ScanRows> {
    run::thread_pool(config.run.threads)?.install(|| {
        let mut batch = run::BatchRun::run(config)?;
        if write {
            batch.write(config, Some(sink))?;
        } else {
            let o = &batch.outcome;
            rows::sink_rows(
                &batch.corpus.catalog,
                &batch.corpus.texts,
                &o.pairs,
                &o.analysis,
                &o.reports.pair_order,
                sink,
            )?;
        }
        let summary = batch.summary(config);
        let run::BatchRun {
            outcome: o, counts, ..
        } = batch;
        Ok(ScanRows {
            counts,
            summary,
            clusters: o.reports.clusters,
            credits: o.reports.credits,
            outlets: o.reports.outlets,
        })
    })
}

/// A registry from the built-in agencies plus an optional `agency,alias` CSV given as text
/// (engines ship the file's contents to their workers, which may not see the driver's files).
pub fn registry_from_csv(extra: Option<(&str, &str)>) -> Result<Registry> {
    let mut registry = Registry::builtin();
    if let Some((name, csv)) = extra {
        registry.add_csv(csv.as_bytes(), name)?;
    }
    Ok(registry)
}

/// One record of a file as an engine reads it: an article signed, or why it was skipped.
#[derive(Debug)]
pub enum SignedRecord {
    Article(Box<Signed>),
    Skipped(RecordError),
}

/// An article with what the per-article stages made of it.
#[derive(Debug)]
pub struct Signed {
    pub article: Article,
    /// Nothing to compare: the CLI counts it as `too_short` (never a bad record).
    pub too_short: bool,
    pub bands: Vec<u64>,
    /// Distinct anchors with their first shingle position, sorted by hash.
    pub anchors: Vec<(ShingleHash, u32)>,
    /// The [`Neighbours`] of each anchor at that position (parallel to `anchors`): what lets
    /// the group step rule out a lone link's local check without the texts.
    pub anchor_nbhds: Vec<Neighbours>,
    pub credits: Vec<Credit>,
    pub content_hash: u64,
    pub distinct: u32,
}

/// Signs one article with [`hash_article`], as ingest does.
pub fn sign_article(article: Article, engine: &Engine, registry: &Registry) -> Signed {
    let mut tokens = Vec::new();
    let h = hash_article(&article.text, engine, registry, &mut tokens);
    Signed {
        too_short: h.seq.is_empty(),
        bands: h.bands.iter().map(|b| b.0).collect(),
        anchor_nbhds: h
            .anchors
            .iter()
            .map(|&(_, pos)| Neighbours::at(&h.seq, pos as usize))
            .collect(),
        anchors: h.anchors,
        credits: h.credits,
        content_hash: h.content_hash,
        distinct: h.distinct,
        article,
    }
}

/// Reads one file's bytes as `scan` reads that file ([`read::read_file_as`]) and signs every
/// article; records in file order. Errors are what would end the CLI's run on this file.
pub fn read_and_sign(
    bytes: &[u8],
    path: &str,
    rel: Option<&str>,
    opts: &ReadOptions,
    engine: &Engine,
    registry: &Registry,
) -> Result<Vec<SignedRecord>> {
    let mut records = Vec::new();
    let _flow = read::read_file_as(bytes, path, rel, opts, &mut |rec| {
        records.push(rec);
        ControlFlow::Continue(())
    })?;
    Ok(sign_records(records, engine, registry))
}

/// [`read_and_sign`] for a part of a file cut at line ends ([`read::line_splittable`]):
/// `bytes` are whole lines, the first of them line `first_line` of the file. The parts'
/// records, in order, are the whole file's.
pub fn read_and_sign_lines(
    bytes: &[u8],
    path: &str,
    rel: Option<&str>,
    first_line: u64,
    opts: &ReadOptions,
    engine: &Engine,
    registry: &Registry,
) -> Result<Vec<SignedRecord>> {
    let mut records = Vec::new();
    let _flow = read::read_lines_of(bytes, path, rel, first_line, opts, &mut |rec| {
        records.push(rec);
        ControlFlow::Continue(())
    })?;
    Ok(sign_records(records, engine, registry))
}

fn sign_records(
    records: Vec<std::result::Result<Article, RecordError>>,
    engine: &Engine,
    registry: &Registry,
) -> Vec<SignedRecord> {
    use rayon::prelude::*;
    records
        .into_par_iter()
        .map(|rec| match rec {
            Ok(a) => SignedRecord::Article(Box::new(sign_article(a, engine, registry))),
            Err(e) => SignedRecord::Skipped(e),
        })
        .collect()
}

/// The candidate pairs of one LSH band group (the members' DocIds, any order): the crate's
/// group rule ([`group_rule::emit_group_pairs`]) with the engine's group cap.
pub fn band_group_pairs(mut docs: Vec<DocId>, engine: &Engine) -> Vec<CandidatePair> {
    docs.sort_unstable();
    docs.dedup();
    let mut out = Vec::new();
    if docs.len() >= 2 {
        group_rule::emit_group_pairs(&docs, engine.params.tuning.pair_cap, &mut out);
    }
    out
}

/// What one anchor group yields: its links and, when it is boilerplate, its class.
#[derive(Debug, Default)]
pub struct AnchorGroup {
    pub links: Vec<AnchorLink>,
    pub stock: bool,
    pub chrome_outlets: Vec<u32>,
}

/// One anchor group (members as (DocId, outlet number, the anchor's position, its
/// [`Neighbours`] there if known), any order, one entry per holding article) through the batch
/// run's group step ([`anchors::process_group`], nothing known before, as
/// [`anchors::match_anchors`] runs it).
pub fn anchor_group(
    anchor: ShingleHash,
    members: Vec<(DocId, u32, u32, Option<Neighbours>)>,
    engine: &Engine,
) -> AnchorGroup {
    let mut members: Vec<Member> = members
        .into_iter()
        .map(|(doc, outlet, pos, nbhd)| Member {
            doc,
            outlet,
            pos,
            nbhd,
        })
        .collect();
    members.sort_unstable();
    members.dedup_by_key(|m| m.doc);
    let mut links = Vec::new();
    let class = anchors::process_group(
        anchor,
        &members,
        &NO_BOILERPLATE,
        DocId(0),
        &engine.anchor_params(),
        &mut links,
    );
    AnchorGroup {
        links,
        stock: class.stock,
        chrome_outlets: class.chrome_outlets,
    }
}

/// A set of anchor links holding every link of each of its pairs, split as the batch run
/// splits them ([`anchors::split_links`]): pairs with two or more links (candidates outright)
/// and pairs with one, which are candidates only once [`confirm_link`] holds.
pub fn anchor_links_to_pairs(
    links: Vec<AnchorLink>,
    engine: &Engine,
) -> (Vec<CandidatePair>, Vec<AnchorLink>) {
    anchors::split_links(links, &engine.anchor_params())
}

/// The pair rule for a pair sharing one anchor ([`anchors::pair_rule`]), from the two
/// articles' prepared texts: whether the shingles around the anchor agree.
pub fn confirm_link(
    link: &AnchorLink,
    pa: &PreparedText,
    pb: &PreparedText,
    engine: &Engine,
) -> Result<bool> {
    anchors::pair_rule(
        std::slice::from_ref(link),
        &engine.anchor_params(),
        |d, r| {
            let seq = if d == link.pair.a { &pa.seq } else { &pb.seq };
            let end = r.end.min(seq.len());
            Ok(seq[r.start.min(end)..end].to_vec())
        },
    )
}

/// Whether [`confirm_link`] must see the two texts to decide `link` ([`anchors::needs_read`]);
/// when not, the link is not confirmed.
pub fn link_needs_texts(link: &AnchorLink, engine: &Engine) -> bool {
    anchors::needs_read(link, engine.anchor_params().min_run)
}

/// One side of a candidate pair as verification needs it.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    pub doc: DocId,
    pub id: &'a str,
    /// Its site number ([`crate::model::Catalog::site_of`]).
    pub site: u32,
    pub text: &'a str,
}

/// What verification keeps of one article's text: shingles, distinct count, token spans,
/// sentences and quotations.
pub struct PreparedText {
    pub seq: Vec<ShingleHash>,
    pub distinct: usize,
    pub spans: Vec<CharSpan>,
    pub sentences: Sentences,
}

impl PreparedText {
    /// Tokenized, shingled and cut into sentences exactly as [`hash_article`] does for the
    /// article store.
    pub fn new(text: &str, engine: &Engine) -> PreparedText {
        let mut tokens = Vec::new();
        let (seq, _, sentences) = signed::shingles_keys_sentences(text, engine, &mut tokens);
        PreparedText {
            distinct: shingle::distinct_count(&seq),
            spans: verify::char_spans(&tokens),
            sentences,
            seq,
        }
    }
}

/// Verifies one candidate pair (`a.doc < b.doc`) from its texts as
/// [`crate::verify::batch::verify_all`] does, and when it is reuse makes its [`PairLocal`] as
/// [`crate::analyse::pairs::pair_locals`] does.
pub fn verify_pair(
    a: Side,
    pa: &PreparedText,
    b: Side,
    pb: &PreparedText,
    boilerplate: &Boilerplate,
    engine: &Engine,
) -> Option<PairLocal> {
    let vp = engine.verify_params();
    let bp = boilerplate.for_pair(a.site, b.site);
    let marks = Marks::of(&pa.sentences, &pb.sentences);
    let e = verify::compare(
        &mut Prepared::new(&pa.seq),
        &pb.seq,
        pb.distinct,
        &bp,
        marks,
        &vp,
    );
    let (kind, e) = verify::decide(e, &vp, |excluded| {
        let (xa, xb) = verify::excluded_sides(excluded);
        rewrite::align(&pa.sentences, &pb.sentences, &xa, &xb, &vp.rewrite)
    })?;
    // `pair_local` looks the ids up in a catalog: a two-article one, then the real DocIds.
    let meta = |s: &Side| DocMeta {
        id: s.id.to_string(),
        outlet: s.site,
        date: None,
        title: String::new(),
        url: String::new(),
        credits: Vec::new(),
        location: Location {
            file: Arc::from(""),
            line: None,
        },
        content_hash: 0,
        distinct: 0,
    };
    let mini = Catalog {
        docs: vec![meta(&a), meta(&b)],
        outlets: Vec::new(),
    };
    let p = VerifiedPair::new((DocId(0), &pa.seq), (DocId(1), &pb.seq), kind, e, &vp);
    let mut local = pair_local(&mini, &p, &pa.spans, &pb.spans);
    // Report side `a` as `pair_local` oriented the pair.
    local.cut_texts(if local.swapped { b.text } else { a.text }, true);
    local.lo = a.doc;
    local.hi = b.doc;
    Some(local)
}

fn f64_bits(x: f64) -> Value {
    Value::from(x.to_bits())
}

fn bits_f64(v: &Value) -> Option<f64> {
    v.as_u64().map(f64::from_bits)
}

/// A [`PairLocal`] as one line of JSON (floats as bits), for engines to move between workers.
pub fn encode_pair(p: &PairLocal) -> String {
    let passages: Vec<Value> = p
        .passages
        .iter()
        .map(|s| json!([s.start_a, s.end_a, s.start_b, s.end_b, s.words, s.text]))
        .collect();
    json!({
        "lo": p.lo.0, "hi": p.hi.0, "sw": p.swapped,
        "j": f64_bits(p.jaccard), "ca": f64_bits(p.containment_a), "cb": f64_bits(p.containment_b),
        "w": p.shared_words, "p": p.passage, "ps": passages, "k": p.kind.as_str(),
        "f": p.foot.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    })
    .to_string()
}

fn bad(what: &str) -> Error {
    Error::Usage(format!("engine data: malformed {what}"))
}

fn get_u32(v: &Value, k: &str, what: &str) -> Result<u32> {
    v.get(k)
        .and_then(Value::as_u64)
        .and_then(|x| u32::try_from(x).ok())
        .ok_or_else(|| bad(what))
}

fn get_str(v: &Value, k: &str, what: &str) -> Result<String> {
    v.get(k)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| bad(what))
}

/// The inverse of [`encode_pair`].
pub fn decode_pair(s: &str) -> Result<PairLocal> {
    const W: &str = "pair";
    let v: Value = serde_json::from_str(s).map_err(|_| bad(W))?;
    let f = |k: &str| v.get(k).and_then(bits_f64).ok_or_else(|| bad(W));
    let mut passages = Vec::new();
    for ps in v
        .get("ps")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(W))?
    {
        let n = |i: usize| {
            ps.get(i)
                .and_then(Value::as_u64)
                .and_then(|x| u32::try_from(x).ok())
                .ok_or_else(|| bad(W))
        };
        passages.push(SharedPassage {
            start_a: n(0)?,
            end_a: n(1)?,
            start_b: n(2)?,
            end_b: n(3)?,
            words: n(4)?,
            text: ps
                .get(5)
                .and_then(Value::as_str)
                .ok_or_else(|| bad(W))?
                .to_string(),
        });
    }
    Ok(PairLocal {
        lo: DocId(get_u32(&v, "lo", W)?),
        hi: DocId(get_u32(&v, "hi", W)?),
        swapped: v.get("sw").and_then(Value::as_bool).ok_or_else(|| bad(W))?,
        jaccard: f("j")?,
        containment_a: f("ca")?,
        containment_b: f("cb")?,
        shared_words: get_u32(&v, "w", W)?,
        passage: get_str(&v, "p", W)?,
        passages,
        kind: ReuseKind::parse(&get_str(&v, "k", W)?).ok_or_else(|| bad(W))?,
        foot: match v.get("f").and_then(Value::as_array) {
            None => Vec::new(),
            Some(prints) => prints
                .iter()
                .map(|h| {
                    h.as_str()
                        .and_then(|s| s.parse().ok())
                        .ok_or_else(|| bad(W))
                })
                .collect::<Result<Vec<u64>>>()?,
        },
        cut: crate::analyse::pairs::TextCut::All,
    })
}

/// A signed article's metadata (what the catalog keeps; the outlet by name) as one line of
/// JSON, for the driver to rebuild the run's [`Catalog`].
pub fn encode_meta(s: &Signed) -> String {
    let a = &s.article;
    let credits: Vec<Value> = s
        .credits
        .iter()
        .map(|c| json!([c.agency, c.kind.as_str(), c.evidence, c.start, c.end]))
        .collect();
    json!({
        "id": a.id, "outlet": a.outlet,
        "date": a.date.map(|t| json!([t.secs, t.precision == DatePrecision::Day])),
        "title": a.title, "url": a.url, "credits": credits,
        "file": &*a.location.file, "line": a.location.line,
        "hash": s.content_hash, "distinct": s.distinct,
    })
    .to_string()
}

/// The inverse of [`encode_meta`]: the metadata and the outlet's name.
pub fn decode_meta(s: &str) -> Result<(DocMeta, String)> {
    const W: &str = "article metadata";
    let v: Value = serde_json::from_str(s).map_err(|_| bad(W))?;
    let date = match v.get("date") {
        Some(Value::Array(d)) => Some(Timestamp {
            secs: d.first().and_then(Value::as_i64).ok_or_else(|| bad(W))?,
            precision: if d.get(1).and_then(Value::as_bool).ok_or_else(|| bad(W))? {
                DatePrecision::Day
            } else {
                DatePrecision::Second
            },
        }),
        _ => None,
    };
    let mut credits = Vec::new();
    for c in v
        .get("credits")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(W))?
    {
        let s = |i: usize| c.get(i).and_then(Value::as_str).ok_or_else(|| bad(W));
        let n = |i: usize| {
            c.get(i)
                .and_then(Value::as_u64)
                .and_then(|x| u32::try_from(x).ok())
                .ok_or_else(|| bad(W))
        };
        let kind_name = s(1)?;
        let kind = CreditKind::ALL
            .into_iter()
            .find(|k| k.as_str() == kind_name)
            .ok_or_else(|| bad(W))?;
        credits.push(Credit {
            agency: s(0)?.to_string(),
            kind,
            evidence: s(2)?.to_string(),
            start: n(3)?,
            end: n(4)?,
        });
    }
    let meta = DocMeta {
        id: get_str(&v, "id", W)?,
        outlet: 0,
        date,
        title: get_str(&v, "title", W)?,
        url: get_str(&v, "url", W)?,
        credits,
        location: Location {
            file: Arc::from(get_str(&v, "file", W)?.as_str()),
            line: v.get("line").and_then(Value::as_u64),
        },
        content_hash: v
            .get("hash")
            .and_then(Value::as_u64)
            .ok_or_else(|| bad(W))?,
        distinct: get_u32(&v, "distinct", W)?,
    };
    Ok((meta, get_str(&v, "outlet", W)?))
}

/// Texts held in memory by DocId, for the driver's analysis: only the articles
/// [`Conclusion::texts_needed`] names.
pub struct MemTexts {
    pub texts: HashMap<DocId, String>,
    pub shingle: usize,
}

impl Texts for MemTexts {
    fn text(&self, doc: DocId) -> Result<String> {
        self.texts.get(&doc).cloned().ok_or_else(|| Error::Input {
            path: "(engine texts)".into(),
            reason: format!("no text for article number {}", doc.0),
        })
    }
    fn shingles(&self, doc: DocId) -> Result<Vec<ShingleHash>> {
        let text = self.text(doc)?;
        Ok(shingle::shingles(&normalize::tokenize(&text), self.shingle))
    }
}

/// Builds a [`Catalog`] from articles' metadata in DocId order: outlets numbered by first
/// appearance, as ingest numbers them.
pub fn catalog_from(metas: Vec<(DocMeta, String)>) -> Catalog {
    let mut outlets: Vec<String> = Vec::new();
    let mut ids: HashMap<String, u32> = HashMap::new();
    let docs = metas
        .into_iter()
        .map(|(mut m, outlet)| {
            let n = *ids.entry(outlet.clone()).or_insert_with(|| {
                outlets.push(outlet);
                (outlets.len() - 1) as u32
            });
            m.outlet = n;
            m
        })
        .collect();
    Catalog { docs, outlets }
}

/// Whether a verified pair is a core edge of the clustering ([`crate::analyse::cluster::PairLink::is_core`]): the edges
/// whose connected components an engine may find itself and hand to [`Conclusion::begin`].
pub fn is_core_edge(p: &PairLocal, engine: &Engine) -> bool {
    p.link(None).is_core(engine.params.threshold)
}

/// The end of an engine's run on the driver, in two steps so that the driver holds only the
/// texts it reads: [`Conclusion::begin`] runs the corpus-wide analysis that needs no text
/// (origins, agencies, clusters: [`crate::analyse::analyse_clusters`]) and names the articles
/// whose texts the rest reads ([`Conclusion::texts_needed`]); [`Conclusion::finish`] computes
/// the members' containment from them ([`crate::analyse::member_containment`]) and writes
/// every report and `summary.json` with the CLI's writer. Together they are
/// [`run::conclude`] and the CLI's writing, split where the texts come in.
pub struct Conclusion {
    catalog: Catalog,
    pairs: Vec<PairLocal>,
    analysis: crate::analyse::Analysis,
    engine: Engine,
    /// Pairs [`crate::analyse::blocks`] left out.
    shared_block_pairs: u64,
    spent: std::time::Duration,
}

impl Conclusion {
    /// `pairs` with their passages' texts ([`decode_pair`]), in any order (sorted and
    /// deduplicated here). `components`: `(article, label)` for every article with a core edge
    /// ([`is_core_edge`]), labelled by the smallest article of its connected component, when
    /// the engine found them (checked, see
    /// [`crate::analyse::cluster::Components::from_labels`]); `None` finds them here.
    pub fn begin(
        config: &ScanConfig,
        catalog: Catalog,
        mut pairs: Vec<PairLocal>,
        registry: &Registry,
        components: Option<&[(DocId, DocId)]>,
    ) -> Result<Conclusion> {
        let t = Instant::now();
        let engine = Engine::new(config.params);
        pairs.sort_by_key(|p| (p.lo, p.hi));
        pairs.dedup_by_key(|p| (p.lo, p.hi));
        let (pairs, shared_block_pairs) = crate::analyse::blocks::drop_shared_blocks(
            pairs,
            &catalog.site_numbers(),
            &engine.params,
        );
        let analysis =
            crate::analyse::analyse_clusters(&catalog, &pairs, &engine, registry, components)?;
        Ok(Conclusion {
            catalog,
            pairs,
            analysis,
            engine,
            shared_block_pairs,
            spent: t.elapsed(),
        })
    }

    /// The articles whose texts [`Conclusion::finish`] reads, sorted: the cluster members
    /// compared with their origin for lack of a verified pair (and those origins), and both
    /// sides of the pairs `report.html` shows. Every other text is already cut into the pairs'
    /// passages.
    pub fn texts_needed(&self) -> Vec<DocId> {
        let mut docs = crate::analyse::containment_reads(&self.pairs, &self.analysis);
        let order = rows::pair_order(&self.catalog, &self.pairs);
        for i in rows::top_pairs(&self.pairs, &order) {
            docs.extend([self.pairs[i].lo, self.pairs[i].hi]);
        }
        docs.sort_unstable();
        docs.dedup();
        docs
    }

    /// Finishes the analysis from `texts` (at least [`Conclusion::texts_needed`]) and writes
    /// the reports and `summary.json` into `config.out`.
    #[allow(clippy::too_many_arguments)]
    pub fn finish(
        self,
        config: &ScanConfig,
        texts: &MemTexts,
        boilerplate: &Boilerplate,
        registry: &Registry,
        counts: &mut Counts,
        timings: &mut Timings,
        started: Instant,
    ) -> Result<()> {
        let Conclusion {
            catalog,
            pairs,
            mut analysis,
            engine,
            shared_block_pairs,
            spent,
        } = self;
        counts.shared_block_pairs = shared_block_pairs;
        let t = Instant::now();
        analysis.member_containment = crate::analyse::member_containment(
            &catalog,
            texts,
            &pairs,
            &analysis,
            boilerplate,
            &engine,
        )?;
        let o = run::outcome(&catalog, pairs, analysis, registry, counts);
        timings.0.push(("attribute_cluster", spent + t.elapsed()));
        let writer = ReportWriter::new(&config.out, config.bom)?;
        let t = Instant::now();
        rows::write_reports(
            &writer,
            &catalog,
            texts,
            &o.pairs,
            &o.analysis,
            &o.reports,
            None,
            None,
            None,
        )?;
        timings.0.push(("write", t.elapsed()));
        let record = RunRecord {
            inputs: &config.inputs,
            reads_records: true,
            engine: &engine,
            agencies: config.agencies.as_deref(),
            counts,
            timings,
            started,
        };
        summary::finish_run(&writer, &record, config.run.quiet)
    }
}

/// The [`Boilerplate`] of a run from its stock anchors and (anchor, outlet) chrome entries.
pub fn boilerplate_from(stock: Vec<ShingleHash>, chrome: Vec<(ShingleHash, u32)>) -> Boilerplate {
    Boilerplate::new(stock, chrome)
}

/// Whether a folder walk reads a file of this name.
pub fn is_input_name(name: &str) -> bool {
    read::is_input_name(name)
}

/// The path an error names, if any.
pub fn error_path(e: &Error) -> Option<&Path> {
    match e {
        Error::Usage(_) => None,
        Error::Io { path, .. } | Error::Input { path, .. } | Error::Index { path, .. } => {
            Some(path)
        }
        Error::Record(r) => Some(Path::new(&*r.location.file)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MatchParams;

    fn engine() -> Engine {
        Engine::new(MatchParams::default())
    }

    const WIRE: &str = "The harbour authority of Port Calder said on Tuesday that the new \
        container terminal would open in March after three years of construction, delays caused \
        by a shortage of cranes and a dispute over dredging rights with the fishing cooperative \
        that has worked the bay for a century. Officials expect traffic to double by next year.";

    #[test]
    fn pair_round_trips_exactly_and_verify_matches_the_store_path() {
        let e = engine();
        let other = format!("Opening remarks of the local paper. {WIRE} Our own closing line.");
        let (pa, pb) = (PreparedText::new(WIRE, &e), PreparedText::new(&other, &e));
        let a = Side {
            doc: DocId(3),
            id: "z-wire",
            site: 0,
            text: WIRE,
        };
        let b = Side {
            doc: DocId(9),
            id: "a-paper",
            site: 1,
            text: &other,
        };
        let p = verify_pair(a, &pa, b, &pb, &Boilerplate::default(), &e).expect("reuse");
        assert_eq!((p.lo, p.hi), (DocId(3), DocId(9)));
        assert!(p.swapped, "a-paper sorts first, so it is report side a");
        assert!(p.containment_b > 0.9, "the wire copy is contained: {p:?}");
        let back = decode_pair(&encode_pair(&p)).expect("decodes");
        assert_eq!(back, p);
        // The texts the store would hold give the same shingles.
        let mut tokens = Vec::new();
        let reg = Registry::builtin();
        let h = hash_article(&other, &e, &reg, &mut tokens);
        assert_eq!(h.seq, pb.seq);
        assert_eq!(h.distinct as usize, pb.distinct);
    }

    #[test]
    fn unrelated_texts_are_no_pair_and_bad_data_is_an_error() {
        let e = engine();
        let x = "Completely different words about a village fair, pies, a brass band and rain \
            that fell all afternoon on the green while the mayor judged the vegetables.";
        let (pa, pb) = (PreparedText::new(WIRE, &e), PreparedText::new(x, &e));
        let s = |doc, text| Side {
            doc: DocId(doc),
            id: "x",
            site: 0,
            text,
        };
        assert!(verify_pair(s(0, WIRE), &pa, s(1, x), &pb, &Boilerplate::default(), &e).is_none());
        assert!(decode_pair("{\"lo\": 1}").is_err());
        assert!(decode_meta("not json").is_err());
    }

    #[test]
    fn meta_round_trips_and_catalog_numbers_outlets_by_first_appearance() {
        let reg = Registry::builtin();
        let art = |id: &str, outlet: &str| Article {
            id: id.into(),
            outlet: outlet.into(),
            date: Timestamp::from_ymd(2024, 3, 5),
            title: "T".into(),
            url: String::new(),
            text: format!("LONDON (Reuters) - {WIRE}"),
            location: Location {
                file: Arc::from("f.jsonl"),
                line: Some(2),
            },
        };
        let s = sign_article(art("1", "b"), &engine(), &reg);
        assert!(!s.too_short && !s.bands.is_empty() && !s.anchors.is_empty());
        let (m, o) = decode_meta(&encode_meta(&s)).expect("decodes");
        assert_eq!((m.id.as_str(), o.as_str()), ("1", "b"));
        assert_eq!(m.credits, s.credits);
        assert_eq!(m.date, s.article.date);
        let s2 = sign_article(art("2", "a"), &engine(), &reg);
        let metas = vec![
            decode_meta(&encode_meta(&s)).expect("ok"),
            decode_meta(&encode_meta(&s2)).expect("ok"),
        ];
        let c = catalog_from(metas);
        assert_eq!(c.outlets, vec!["b".to_string(), "a".to_string()]);
        assert_eq!(c.docs[1].outlet, 1);
    }

    #[test]
    fn group_rules_are_the_crates() {
        let docs: Vec<DocId> = [5, 1, 3, 1].into_iter().map(DocId).collect();
        let pairs = band_group_pairs(docs, &engine());
        let mut expect = Vec::new();
        group_rule::emit_group_pairs(&[DocId(1), DocId(3), DocId(5)], 128, &mut expect);
        assert_eq!(pairs, expect);
        // Four articles of outlet 7 holding the anchor make it chrome for outlet 7.
        let members: Vec<_> = (0..4).map(|d| (DocId(d), 7, 0, None)).collect();
        let g = anchor_group(9, members, &engine());
        assert_eq!(g.chrome_outlets, vec![7]);
        assert!(
            g.links.is_empty(),
            "no pair inside an outlet the anchor is chrome for"
        );
        assert!(anchor_group(9, vec![(DocId(1), 0, 0, None)], &engine())
            .links
            .is_empty());
    }

    #[test]
    fn neighbours_decide_which_lone_links_need_their_texts() {
        let e = engine();
        let link = |nx: u16, ny: Option<u16>| {
            let members = vec![
                (DocId(1), 0, 4, Some(Neighbours(nx))),
                (DocId(2), 1, 9, ny.map(Neighbours)),
            ];
            let g = anchor_group(9, members, &e);
            assert_eq!(g.links.len(), 1);
            g.links[0]
        };
        // Both bytes differ: no run of two goes through the anchor, nothing to read.
        assert!(!link_needs_texts(&link(0x0102, Some(0x0304)), &e));
        // The byte after agrees, or the neighbours are not known: the texts decide.
        assert!(link_needs_texts(&link(0x0102, Some(0x0902)), &e));
        assert!(link_needs_texts(&link(0x0102, None), &e));
        // What signing reports is the CLI's fingerprint at each anchor's position.
        let reg = Registry::builtin();
        let s = sign_article(
            Article {
                id: "1".into(),
                outlet: "o".into(),
                date: None,
                title: String::new(),
                url: String::new(),
                text: WIRE.into(),
                location: Location {
                    file: Arc::from("f.jsonl"),
                    line: Some(1),
                },
            },
            &e,
            &reg,
        );
        let seq = PreparedText::new(WIRE, &e).seq;
        let expect: Vec<Neighbours> = s
            .anchors
            .iter()
            .map(|&(_, pos)| Neighbours::at(&seq, pos as usize))
            .collect();
        assert_eq!(s.anchor_nbhds, expect);
        assert!(!expect.is_empty());
    }
}
