//! Report rows: the run's pairs, their analysis and the catalog → the rows of every report, in
//! their documented order, handed to the writers (CSV, workbook, HTML).

use std::borrow::Cow;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::analyse::outlets::outlet_rows;
use crate::analyse::pairs::{PairLocal, TextCut};
use crate::analyse::Analysis;
use crate::attribute::registry::Registry;
use crate::error::{Error, Result};
use crate::model::Catalog;
use crate::model::{DocId, Timestamp};
use crate::pipeline::run::Outcome;
use crate::report::carry::PassagesCarry;
use crate::report::ReportWriter;
use crate::report::{ClusterRow, CreditRow, OutletRow, PairRow, PassageRow, PassageRows};
use crate::store::Texts;

/// The reports of a run. Pair and passage rows are not held: they are made one by one from the
/// pairs while the files are written, in `pair_order`.
#[derive(Debug, Default)]
pub struct Reports {
    /// Indices into the run's pairs, in `pairs.csv` order (ids, bytes).
    pub pair_order: Vec<usize>,
    pub clusters: Vec<ClusterRow>,
    pub credits: Vec<CreditRow>,
    pub outlets: Vec<OutletRow>,
}

pub(crate) fn date_str(d: Option<Timestamp>) -> String {
    d.map(|t| t.to_string()).unwrap_or_default()
}

/// The pair's sides in report orientation (`a` is the byte-smaller id).
pub(crate) fn report_sides(p: &PairLocal) -> (DocId, DocId) {
    if p.swapped {
        (p.hi, p.lo)
    } else {
        (p.lo, p.hi)
    }
}

/// The `pairs.csv` row of `p`, the run's pair `i` with its texts ([`WithTexts`]):
/// [`retracted_row`]'s figures with the pair's origin, agency and cluster.
pub fn pair_row(catalog: &Catalog, analysis: &Analysis, i: usize, p: &PairLocal) -> PairRow {
    PairRow {
        origin: analysis.origins[i]
            .map(|o| catalog.doc(o).id.clone())
            .unwrap_or_default(),
        agency: analysis.agencies[i].clone(),
        cluster: analysis.clustering.link_cluster[i],
        ..retracted_row(catalog, p)
    }
}

/// Pairs cut at a time by [`WithTexts`]: enough to keep both threads busy, few enough that
/// their texts weigh little.
const TEXT_CHUNK: usize = 4096;

/// A pair of [`WithTexts`]: its index in the run's pairs, the pair with its texts, and its
/// `passages.csv` rows carried over from the previous report set when they were
/// ([`PassagesCarry`]; the pair's passages then have no texts).
pub type PairWithTexts<'a> = (usize, Cow<'a, PairLocal>, Carried);

/// A pair's `passages.csv` rows carried over, as written, if they were.
pub type Carried = Option<crate::report::carry::CarriedRows>;

/// The run's pairs at `order`, in turn, with their passages' texts: a pair kept without them
/// ([`PairLocal::cut`]) is cloned and cut from its report side `a`'s text (every passage, or
/// with `all` unset only `passage`, what `pairs.csv` shows), a chunk of pairs at a
/// time in parallel, so only one chunk's texts are held. A failed read ends the iteration and
/// is left in `failed`, for the caller to return once the writer is done (the report set is
/// then not swapped in).
pub struct WithTexts<'a, 'f> {
    texts: &'a dyn Texts,
    pairs: &'a [PairLocal],
    order: &'a [usize],
    all: bool,
    chunk: std::vec::IntoIter<PairWithTexts<'a>>,
    failed: &'f mut Option<Error>,
    /// With `all`: the previous `passages.csv`, whose rows a pair takes instead of its texts
    /// when they are its rows (the catalog names the pairs' ids).
    carry: Option<(&'a Catalog, &'f mut PassagesCarry)>,
}

impl<'a, 'f> WithTexts<'a, 'f> {
    pub fn new(
        texts: &'a dyn Texts,
        pairs: &'a [PairLocal],
        order: &'a [usize],
        all: bool,
        failed: &'f mut Option<Error>,
    ) -> Self {
        WithTexts {
            texts,
            pairs,
            order,
            all,
            chunk: Vec::new().into_iter(),
            failed,
            carry: None,
        }
    }

    /// Takes the rows of pairs reported again unchanged from `carry` rather than cutting
    /// their texts (with `all` only).
    pub fn carrying(mut self, catalog: &'a Catalog, carry: Option<&'f mut PassagesCarry>) -> Self {
        self.carry = carry.filter(|_| self.all).map(|c| (catalog, c));
        self
    }

    /// The next chunk of `order`, cut. Pairs of one side `a` (neighbours in report order)
    /// share one read of its text.
    fn cut_chunk(&mut self) -> Result<Vec<PairWithTexts<'a>>> {
        let (now, rest) = self.order.split_at(self.order.len().min(TEXT_CHUNK));
        self.order = rest;
        let (texts, pairs, all) = (self.texts, self.pairs, self.all);
        let needs = if all { TextCut::All } else { TextCut::Excerpt };
        let side_a = |i: &usize| report_sides(&pairs[*i]).0;
        // The rows carried over, taken in order (the old file is read forward).
        let mut carried: Vec<Carried> = vec![None; now.len()];
        if let Some((catalog, carry)) = self.carry.as_mut() {
            for (k, &i) in now.iter().enumerate() {
                let (x, y) = report_sides(&pairs[i]);
                let (a, b) = (&catalog.doc(x).id, &catalog.doc(y).id);
                carried[k] = carry.take(a, b, &pairs[i].passages);
            }
        }
        // Each run of one side `a` with its pairs' carried rows.
        let mut carried = carried.into_iter();
        let runs: Vec<(&[usize], Vec<Carried>)> = now
            .chunk_by(|x, y| side_a(x) == side_a(y))
            .map(|run| (run, carried.by_ref().take(run.len()).collect()))
            .collect();
        let cut: Vec<Result<Vec<PairWithTexts<'a>>>> = runs
            .into_par_iter()
            .map(|(run, rows)| {
                // A pair whose rows are carried needs no text: its `pairs.csv` excerpt is the
                // carried cell of its longest passage.
                let done = |i: usize, rows: &Carried| pairs[i].cut >= needs || rows.is_some();
                let text_a = if run.iter().zip(&rows).all(|(&i, r)| done(i, r)) {
                    None
                } else {
                    Some(texts.text(side_a(&run[0]))?)
                };
                Ok(run
                    .iter()
                    .zip(rows)
                    .map(|(&i, rows)| {
                        let mut p = Cow::Borrowed(&pairs[i]);
                        if let (false, Some(text_a)) = (done(i, &rows), &text_a) {
                            p.to_mut().cut_texts(text_a, all);
                        }
                        (i, p, rows)
                    })
                    .collect())
            })
            .collect();
        let mut out = Vec::with_capacity(now.len());
        for run in cut {
            out.extend(run?);
        }
        Ok(out)
    }
}

impl<'a> Iterator for WithTexts<'a, '_> {
    type Item = PairWithTexts<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(x) = self.chunk.next() {
            return Some(x);
        }
        if self.order.is_empty() || self.failed.is_some() {
            return None;
        }
        match self.cut_chunk() {
            Ok(v) => {
                self.chunk = v.into_iter();
                self.chunk.next()
            }
            Err(e) => {
                *self.failed = Some(e);
                None
            }
        }
    }
}

/// The `pairs.csv` row of a pair that is no longer reported (`retracted_pairs.csv`): its figures
/// as last reported; no origin, agency or cluster, since it is in none.
pub fn retracted_row(catalog: &Catalog, p: &PairLocal) -> PairRow {
    let (x, y) = report_sides(p);
    PairRow {
        id_a: catalog.doc(x).id.clone(),
        id_b: catalog.doc(y).id.clone(),
        outlet_a: catalog.outlet_name(x).to_string(),
        outlet_b: catalog.outlet_name(y).to_string(),
        date_a: date_str(catalog.doc(x).date),
        date_b: date_str(catalog.doc(y).date),
        jaccard: p.jaccard,
        containment_a: p.containment_a,
        containment_b: p.containment_b,
        shared_words: p.shared_words,
        passage: p.passage.clone(),
        passage_cell: None,
        origin: String::new(),
        agency: String::new(),
        cluster: 0,
        kind: p.kind,
    }
}

/// `retracted_pairs.csv`: pairs an earlier indexed run reported that this one no longer does
/// (a passage became boilerplate as an outlet's chrome or a stock phrase), in `pairs.csv` order;
/// a pair of two fetches of one page was never a row, so it is none here either.
pub fn write_retracted(
    writer: &ReportWriter,
    catalog: &Catalog,
    retracted: &[PairLocal],
) -> Result<PathBuf> {
    let mut rows: Vec<PairRow> = retracted
        .iter()
        .filter(|p| !crate::analyse::pages::same_page(catalog, p.lo, p.hi))
        .map(|p| retracted_row(catalog, p))
        .collect();
    rows.sort_by(|x, y| {
        (x.id_a.as_bytes(), x.id_b.as_bytes()).cmp(&(y.id_a.as_bytes(), y.id_b.as_bytes()))
    });
    writer.pairs("retracted_pairs.csv", rows)
}

/// The `passages.csv` rows of one pair, in `start_a` order.
pub fn passage_rows<'a>(
    catalog: &'a Catalog,
    p: &'a PairLocal,
) -> impl Iterator<Item = PassageRow> + 'a {
    let (x, y) = report_sides(p);
    p.passages.iter().map(move |ps| PassageRow {
        id_a: catalog.doc(x).id.clone(),
        start_a: ps.start_a,
        end_a: ps.end_a,
        id_b: catalog.doc(y).id.clone(),
        start_b: ps.start_b,
        end_b: ps.end_b,
        words: ps.words,
        text: ps.text.clone(),
    })
}

/// Builds every report but the pair and passage rows from the catalog, the pairs and their
/// analysis.
pub fn assemble_reports(
    catalog: &Catalog,
    pairs: &[PairLocal],
    analysis: &Analysis,
    registry: &Registry,
) -> Reports {
    let mut reports = Reports {
        pair_order: pair_order(catalog, pairs),
        ..Reports::default()
    };
    for (ci, c) in analysis.clustering.clusters.iter().enumerate() {
        for (mi, &(d, role)) in c.members.iter().enumerate() {
            let m = catalog.doc(d);
            reports.clusters.push(ClusterRow {
                cluster: c.id,
                id: m.id.clone(),
                outlet: catalog.outlet_name(d).to_string(),
                date: date_str(m.date),
                title: m.title.clone(),
                role: role.as_str(),
                containment: analysis.member_containment[ci][mi],
                agency: analysis.cluster_agency[ci].clone(),
            });
        }
    }
    let docs = &catalog.docs;
    let mut by_id: Vec<usize> = (0..docs.len()).collect();
    by_id.sort_by(|&x, &y| docs[x].id.as_bytes().cmp(docs[y].id.as_bytes()));
    for &i in &by_id {
        for c in &docs[i].credits {
            reports.credits.push(CreditRow {
                id: docs[i].id.clone(),
                outlet: catalog.outlets[docs[i].outlet as usize].clone(),
                agency: c.agency.clone(),
                kind: c.kind.as_str(),
                evidence: c.evidence.clone(),
            });
        }
    }
    reports.outlets = outlet_rows(catalog, pairs, analysis, registry);
    reports
}

/// The order of `pairs.csv`: indices into `pairs`, by the two report sides' ids; a pair of two
/// fetches of one page is no row ([`crate::analyse::pages`]).
pub fn pair_order(catalog: &Catalog, pairs: &[PairLocal]) -> Vec<usize> {
    let ids = |i: &usize| {
        let (x, y) = report_sides(&pairs[*i]);
        (catalog.doc(x).id.as_bytes(), catalog.doc(y).id.as_bytes())
    };
    let mut order: Vec<usize> = (0..pairs.len())
        .filter(|&i| !crate::analyse::pages::same_page(catalog, pairs[i].lo, pairs[i].hi))
        .collect();
    order.par_sort_unstable_by(|a, b| ids(a).cmp(&ids(b)));
    order
}

/// The pairs `report.html` shows side by side, best first: the top [`html::TOP_PAIRS`] by
/// shared words, ties in `pairs.csv` order (`pair_order`); indices into `pairs`.
pub fn top_pairs(pairs: &[PairLocal], pair_order: &[usize]) -> Vec<usize> {
    let mut ranked: Vec<(std::cmp::Reverse<u32>, usize)> = pair_order
        .iter()
        .enumerate()
        .map(|(rank, &i)| (std::cmp::Reverse(pairs[i].shared_words), rank))
        .collect();
    let n = crate::report::html::TOP_PAIRS.min(ranked.len());
    if n < ranked.len() {
        ranked.select_nth_unstable(n);
        ranked.truncate(n);
    }
    ranked.sort_unstable();
    ranked
        .into_iter()
        .map(|(_, rank)| pair_order[rank])
        .collect()
}

/// Takes each pair's report rows as [`write_reports`] writes `passages.csv`, a slice of pairs
/// at a time on the writer's worker threads: an engine that also returns the reports as
/// columns (the Python package) builds them in that pass, in parallel, instead of cutting
/// every passage's text a second time or building them on the one thread that reads the
/// texts.
pub trait RowSink: Sync {
    /// The rows of the pairs at `first..first + rows.len()` in `pairs.csv` order, each with
    /// its `passages.csv` rows. Slices may arrive from several threads at once and in any
    /// order; together they cover every pair once, unless the writing fails (the error is
    /// then the caller's, and what the sink holds is to be dropped).
    fn take(&self, first: usize, rows: &[(PairRow, Vec<PassageRow>)]);
}

/// Each pair at `order` as its `pairs.csv` row and its `passages.csv` rows, every passage's
/// text cut ([`WithTexts`]): what the two files are written from, and what a [`RowSink`]
/// takes. A failed text read ends the rows and is left in `failed`.
///
/// With `carry`, a pair reported again with the same passages takes its `passages.csv` rows
/// from the previous report set, as bytes ([`PassageRows::Carried`]), and nothing is cut.
pub fn report_rows<'a>(
    catalog: &'a Catalog,
    texts: &'a dyn Texts,
    pairs: &'a [PairLocal],
    analysis: &'a Analysis,
    order: &'a [usize],
    failed: &'a mut Option<Error>,
    carry: Option<&'a mut PassagesCarry>,
) -> impl Iterator<Item = (PairRow, PassageRows)> + use<'a> {
    WithTexts::new(texts, pairs, order, true, failed)
        .carrying(catalog, carry)
        .map(move |(i, p, carried)| {
            let mut row = pair_row(catalog, analysis, i, &p);
            let rows = match carried {
                Some(mut bytes) => {
                    row.passage_cell = Some(bytes.take_excerpt());
                    PassageRows::Carried(bytes)
                }
                None => PassageRows::Built(passage_rows(catalog, &p).collect()),
            };
            (row, rows)
        })
}

/// Hands every pair's rows ([`report_rows`]) to `sink` without writing a file.
pub fn sink_rows(
    catalog: &Catalog,
    texts: &dyn Texts,
    pairs: &[PairLocal],
    analysis: &Analysis,
    order: &[usize],
    sink: &dyn RowSink,
) -> Result<()> {
    let mut failed = None;
    crate::report::sink_all(
        report_rows(catalog, texts, pairs, analysis, order, &mut failed, None)
            .map(|(pair, passages)| (pair, passages.into_built())),
        sink,
    );
    match failed {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Writes every report file; returns the paths written. `is_new` selects the pairs of
/// `new_pairs.csv` (incremental runs). Passage texts the pairs lack are cut from `texts`,
/// unless `carry` holds the pair's rows ([`crate::report::carry`]; not with a workbook or a
/// sink). `sink`, if given, takes every pair's rows ([`RowSink`]).
#[allow(clippy::too_many_arguments)]
pub fn write_reports(
    writer: &ReportWriter,
    catalog: &Catalog,
    texts: &dyn Texts,
    pairs: &[PairLocal],
    analysis: &Analysis,
    reports: &Reports,
    is_new: Option<&dyn Fn(&PairLocal) -> bool>,
    sink: Option<&dyn RowSink>,
    carry: Option<&mut PassagesCarry>,
) -> Result<Vec<PathBuf>> {
    let order = &reports.pair_order;
    // Each file's rows stop at a text that cannot be read; the error is returned once the
    // writer is done (the report set is then not swapped in).
    let written = |path: Result<PathBuf>, failed: Option<Error>| match failed {
        Some(e) => Err(e),
        None => path,
    };
    let pair_rows = |order: &[usize], name: &str| {
        let mut failed = None;
        let rows = WithTexts::new(texts, pairs, order, false, &mut failed)
            .map(|(i, p, _)| pair_row(catalog, analysis, i, &p));
        let path = writer.pairs(name, rows);
        written(path, failed)
    };
    let mut paths = if writer.has_xlsx() {
        // The workbook's sheets are filled one file at a time: two passes.
        // (A sink, rare with a workbook, gets a pass of its own.)
        let mut paths = vec![pair_rows(order, "pairs.csv")?];
        if let Some(sink) = sink {
            sink_rows(catalog, texts, pairs, analysis, order, sink)?;
        }
        let mut failed = None;
        let rows = report_rows(catalog, texts, pairs, analysis, order, &mut failed, None)
            .flat_map(|(_, passages)| passages.into_built());
        let path = writer.passages(rows);
        paths.push(written(path, failed)?);
        paths
    } else {
        // One pass: each pair's passages are cut once for both files. A sink takes every
        // row built, so none is carried over.
        let mut failed = None;
        let carry = carry.filter(|_| sink.is_none());
        let rows = report_rows(catalog, texts, pairs, analysis, order, &mut failed, carry);
        let both = writer.pairs_and_passages(rows, sink);
        match failed {
            Some(e) => return Err(e),
            None => both?.to_vec(),
        }
    };
    paths.extend([
        writer.clusters(&reports.clusters)?,
        writer.credits(&reports.credits)?,
        writer.outlets(&reports.outlets)?,
    ]);
    if let Some(is_new) = is_new {
        let new: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| is_new(&pairs[i]))
            .collect();
        paths.push(pair_rows(&new, "new_pairs.csv")?);
    }
    Ok(paths)
}

/// Writes `report.html` ([`crate::report::html`]): the top [`html::TOP_PAIRS`] pairs by
/// shared words (ties in `pairs.csv` order) get their texts read back for the side-by-side
/// passages; everything else comes from the report rows and `summary`.
pub fn write_html(
    writer: &ReportWriter,
    catalog: &Catalog,
    outcome: &Outcome,
    texts: &dyn Texts,
    registry: &Registry,
    summary: &serde_json::Value,
) -> Result<PathBuf> {
    use crate::report::html::{self, HtmlInput, TopPair};
    let (pairs, analysis, reports) = (&outcome.pairs, &outcome.analysis, &outcome.reports);
    let shown = top_pairs(pairs, &reports.pair_order);
    let mut top = Vec::with_capacity(shown.len());
    for i in shown {
        let (x, y) = report_sides(&pairs[i]);
        let text_a = texts.text(x)?;
        let mut p = Cow::Borrowed(&pairs[i]);
        if p.cut < TextCut::All {
            p.to_mut().cut_texts(&text_a, true);
        }
        top.push(TopPair {
            row: pair_row(catalog, analysis, i, &p),
            title_a: catalog.doc(x).title.clone(),
            title_b: catalog.doc(y).title.clone(),
            passages: passage_rows(catalog, &p).collect(),
            text_a,
            text_b: texts.text(y)?,
        });
    }
    let wire_outlets = catalog
        .outlets
        .iter()
        .filter_map(|o| Some((o.clone(), registry.agency_for_outlet(o)?.to_string())))
        .collect();
    html::write(
        &writer.dir,
        &HtmlInput {
            summary,
            outlets: &reports.outlets,
            clusters: &reports.clusters,
            credits: &reports.credits,
            top_pairs: &top,
            wire_outlets: &wire_outlets,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine_api::MemTexts;
    use crate::report::SharedPassage;
    use crate::verify::ReuseKind;

    fn passage(start_a: u32, end_a: u32, words: u32) -> SharedPassage {
        SharedPassage::at(start_a, end_a, words)
    }

    fn pair(lo: u32, hi: u32, swapped: bool) -> PairLocal {
        PairLocal {
            lo: DocId(lo),
            hi: DocId(hi),
            swapped,
            jaccard: 0.5,
            containment_a: 0.5,
            containment_b: 0.5,
            shared_words: 5,
            passage: String::new(),
            passages: vec![passage(0, 6, 2), passage(13, 28, 3)],
            kind: ReuseKind::Passages,
            foot: Vec::new(),
            cut: TextCut::Nothing,
        }
    }

    #[test]
    fn passages_are_cut_from_side_a_while_written_and_a_failed_read_is_kept() {
        let texts = MemTexts {
            texts: [
                (
                    DocId(0),
                    "Ünïcø lead — the shared passage here.".to_string(),
                ),
                (DocId(1), "Another text entirely, by far.".to_string()),
            ]
            .into_iter()
            .collect(),
            shingle: 5,
        };
        // Report side a is `lo` unless the pair is swapped; offsets are characters.
        let pairs = vec![pair(0, 1, false), pair(0, 1, true)];
        let order = [0, 1];
        let mut failed = None;
        let all: Vec<PairWithTexts> =
            WithTexts::new(&texts, &pairs, &order, true, &mut failed).collect();
        assert!(failed.is_none());
        let (i, p, carried) = &all[0];
        assert!(carried.is_none());
        assert_eq!(*i, 0);
        assert_eq!(p.cut, TextCut::All);
        assert_eq!(p.passages[0].text, "Ünïcø ");
        assert_eq!(p.passages[1].text, "the shared pass");
        assert_eq!(p.passage, "the shared pass", "the longest passage");
        assert_eq!(all[1].1.passages[0].text, "Anothe");
        // For pairs.csv only the longest passage is cut.
        let longest: Vec<PairWithTexts> =
            WithTexts::new(&texts, &pairs, &order, false, &mut failed).collect();
        assert_eq!(longest[0].1.passage, "the shared pass");
        assert!(longest[0].1.passages.iter().all(|ps| ps.text.is_empty()));
        // Pairs that hold their texts (the index's) are handed over as they are.
        let held = vec![PairLocal {
            passage: "kept".into(),
            cut: TextCut::All,
            ..pair(7, 8, false)
        }];
        let as_is: Vec<PairWithTexts> =
            WithTexts::new(&texts, &held, &[0], true, &mut failed).collect();
        assert!(matches!(as_is[0].1, Cow::Borrowed(_)));
        // Pairs that hold only their excerpt (the index's) are cut for passages.csv alone.
        let excerpt = vec![PairLocal {
            passage: "stored".into(),
            cut: TextCut::Excerpt,
            ..pair(0, 1, false)
        }];
        let pairs_csv: Vec<PairWithTexts> =
            WithTexts::new(&texts, &excerpt, &[0], false, &mut failed).collect();
        assert!(matches!(pairs_csv[0].1, Cow::Borrowed(_)));
        let passages_csv: Vec<PairWithTexts> =
            WithTexts::new(&texts, &excerpt, &[0], true, &mut failed).collect();
        assert_eq!(passages_csv[0].1.cut, TextCut::All);
        assert_eq!(passages_csv[0].1.passages[1].text, "the shared pass");
        assert!(failed.is_none());
        // A text that cannot be read ends the rows and is kept for the caller.
        let missing = vec![pair(5, 6, false)];
        let none: Vec<PairWithTexts> =
            WithTexts::new(&texts, &missing, &[0], true, &mut failed).collect();
        assert!(none.is_empty());
        assert!(failed.is_some());
    }
}
