//! Analysis: verified pairs → what the reports say of them: story clusters (origin, copies,
//! partial reuse).

use rayon::prelude::*;

use crate::analyse::cluster::Clustering;
use crate::analyse::cluster::Components;
use crate::analyse::cluster::PairLink;
use crate::analyse::origin::OriginFacts;
use crate::analyse::origin::Side;
use crate::analyse::pairs::PairLocal;
use crate::attribute::CreditKind;
use crate::attribute::Registry;
use crate::candidates::boilerplate::Boilerplate;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::model::Catalog;
use crate::sign::shingle::ShingleHash;
use crate::store::Texts;
use crate::verify;
use crate::verify::rewrite::Sentences;
use crate::verify::{Prepared, Quotes};
use crate::DocId;

pub mod cluster;
pub mod origin;
pub mod outlets;
pub mod pairs;

/// The facts the origin rules need for every article.
pub(crate) fn origin_facts<'a>(
    catalog: &'a Catalog,
    registry: &'a Registry,
) -> Vec<OriginFacts<'a>> {
    catalog
        .docs
        .iter()
        .map(|d| {
            let mut text_agencies: Vec<&str> = d
                .credits
                .iter()
                .filter(|c| c.kind.credits_text())
                .map(|c| c.agency.as_str())
                .collect();
            text_agencies.sort_unstable();
            text_agencies.dedup();
            let mut dateline_agencies: Vec<&str> = d
                .credits
                .iter()
                .filter(|c| c.kind == CreditKind::Dateline)
                .map(|c| c.agency.as_str())
                .collect();
            dateline_agencies.sort_unstable();
            dateline_agencies.dedup();
            OriginFacts {
                id: &d.id,
                date: d.date,
                outlet_agency: registry.agency_for_outlet(&catalog.outlets[d.outlet as usize]),
                dateline_agencies,
                text_agencies,
            }
        })
        .collect()
}

/// The corpus-wide half of the analysis: origin and agency per pair, clusters, each member's
/// containment in its cluster's origin.
pub struct Analysis {
    pub origins: Vec<Option<DocId>>,
    pub agencies: Vec<String>,
    pub clustering: Clustering,
    pub cluster_agency: Vec<String>,
    /// Containment of each cluster member in its cluster's origin, by cluster, then member.
    pub member_containment: Vec<Vec<Option<f64>>>,
}

/// Origin and agency per pair, then clusters, then each member's containment in its origin.
/// `pairs` must be sorted by (lo, hi). `components`: the core components as `(article, label)`
/// when an engine computed them (see [`Components::from_labels`]); `None` finds them here.
pub fn analyse(
    catalog: &Catalog,
    texts: &dyn Texts,
    pairs: &[PairLocal],
    boilerplate: &Boilerplate,
    engine: &Engine,
    registry: &Registry,
    components: Option<&[(DocId, DocId)]>,
) -> Result<Analysis> {
    let facts = origin_facts(catalog, registry);
    let mut origins = Vec::with_capacity(pairs.len());
    let mut agencies = Vec::with_capacity(pairs.len());
    for p in pairs {
        let (fa, fb) = (&facts[p.lo.index()], &facts[p.hi.index()]);
        let side = origin::pair_origin(fa, fb, p.containment_lo(), p.containment_hi());
        origins.push(side.map(|s| if s == Side::A { p.lo } else { p.hi }));
        agencies.push(match side {
            Some(Side::A) => origin::attributed_agency(Some(fa), &[fb]),
            Some(Side::B) => origin::attributed_agency(Some(fb), &[fa]),
            None => origin::attributed_agency(None, &[fa, fb]),
        });
    }
    let links: Vec<PairLink> = pairs
        .iter()
        .zip(&origins)
        .map(|(p, &origin)| p.link(origin))
        .collect();
    let threshold = engine.params.threshold;
    let n_docs = catalog.docs.len();
    let components = match components {
        None => Components::union_find(n_docs, &links, threshold),
        Some(labels) => Components::from_labels(n_docs, labels.iter().copied(), &links, threshold)
            .map_err(|e| Error::Usage(format!("engine data: core components: {e}")))?,
    };
    let clustering = cluster::cluster_components(
        &components,
        &links,
        threshold,
        |d| catalog.doc(d).id.as_str(),
        |core| {
            let core_facts: Vec<OriginFacts> =
                core.iter().map(|d| facts[d.index()].clone()).collect();
            core[origin::cluster_origin(&core_facts)]
        },
    );
    let cluster_agency: Vec<String> = clustering
        .clusters
        .iter()
        .map(|c| {
            let others: Vec<&OriginFacts> = c
                .members
                .iter()
                .filter(|m| m.0 != c.origin)
                .map(|m| &facts[m.0.index()])
                .collect();
            origin::attributed_agency(Some(&facts[c.origin.index()]), &others)
        })
        .collect();

    // Containment of each member in the cluster's origin: from the verified pair when there is
    // one, else verified now.
    let vp = engine.verify_params();
    let find = |x: DocId, y: DocId| pairs.binary_search_by(|p| (p.lo, p.hi).cmp(&(x, y))).ok();
    let member_containment: Vec<Vec<Option<f64>>> = clustering
        .clusters
        .par_iter()
        .map(|c| -> Result<Vec<Option<f64>>> {
            // The origin's shingles and sentences, read when a member first needs them.
            let mut origin: Option<(Vec<ShingleHash>, Sentences)> = None;
            let mut out = Vec::with_capacity(c.members.len());
            for &(d, _) in &c.members {
                if d == c.origin {
                    out.push(Some(1.0));
                    continue;
                }
                let (lo, hi) = if d < c.origin {
                    (d, c.origin)
                } else {
                    (c.origin, d)
                };
                if let Some(i) = find(lo, hi) {
                    let p = &pairs[i];
                    out.push(Some(if d == lo {
                        p.containment_lo()
                    } else {
                        p.containment_hi()
                    }));
                    continue;
                }
                let (oseq, osentences) = match &origin {
                    Some(o) => o,
                    None => origin.insert(texts.shingles_and_sentences(c.origin)?),
                };
                let (seq, sentences_d) = texts.shingles_and_sentences(d)?;
                let bp = boilerplate.for_pair(catalog.doc(c.origin).outlet, catalog.doc(d).outlet);
                let dm = catalog.doc(d);
                let quotes = Quotes {
                    a: osentences.quotes(),
                    b: sentences_d.quotes(),
                };
                let e = verify::compare(
                    &mut Prepared::new(oseq),
                    &seq,
                    dm.distinct as usize,
                    &bp,
                    quotes,
                    &vp,
                );
                out.push(Some(e.containment_b));
            }
            Ok(out)
        })
        .collect::<Result<_>>()?;
    Ok(Analysis {
        origins,
        agencies,
        clustering,
        cluster_agency,
        member_containment,
    })
}
