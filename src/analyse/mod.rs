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
use crate::verify::{Marks, Prepared};
use crate::DocId;

pub mod blocks;
pub mod cluster;
pub mod origin;
pub mod outlets;
pub mod pages;
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
    /// The likely origin of each pair's shared text, as `pairs.csv` names it: one of the pair
    /// ([`origin::pair_origin`]), or the agency's own article both reprint
    /// (`AgencyWitnesses::common`).
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
    let mut analysis = analyse_clusters(catalog, pairs, engine, registry, components)?;
    analysis.member_containment =
        member_containment(catalog, texts, pairs, &analysis, boilerplate, engine)?;
    Ok(analysis)
}

/// The analysis without its texts: origins, agencies, clusters, each cluster's agency;
/// `member_containment` is left empty ([`member_containment`] fills it, reading only the
/// articles [`containment_reads`] names). An engine that holds the texts elsewhere (Spark's
/// executors) fetches just those between the two.
pub fn analyse_clusters(
    catalog: &Catalog,
    pairs: &[PairLocal],
    engine: &Engine,
    registry: &Registry,
    components: Option<&[(DocId, DocId)]>,
) -> Result<Analysis> {
    let facts = origin_facts(catalog, registry);
    let witnesses = AgencyWitnesses::new(pairs, &facts);
    let mut origins = Vec::with_capacity(pairs.len());
    // The origin within each pair, which orients its link (borrower, source) in clustering.
    let mut sides = Vec::with_capacity(pairs.len());
    let mut agencies = Vec::with_capacity(pairs.len());
    for p in pairs {
        let (fa, fb) = (&facts[p.lo.index()], &facts[p.hi.index()]);
        let side = origin::pair_origin(fa, fb, p.containment_lo(), p.containment_hi());
        let in_pair = side.map(|s| if s == Side::A { p.lo } else { p.hi });
        sides.push(in_pair);
        let witness = if fa.outlet_agency.is_none() && fb.outlet_agency.is_none() {
            witnesses.common(p.lo, p.hi, p.shared_words, &facts)
        } else {
            None
        };
        // Two reprints of an agency's article in the corpus share that article's copy: it is
        // their text's likely origin, whichever of the two came first.
        origins.push(witness.map_or(in_pair, |(_, article)| Some(article)));
        agencies.push(match (witness, side) {
            (Some((agency, _)), _) => agency.to_string(),
            (None, Some(Side::A)) => origin::pair_agency(fa, fb, p.kind, p.containment_hi()),
            (None, Some(Side::B)) => origin::pair_agency(fb, fa, p.kind, p.containment_lo()),
            (None, None) => origin::attributed_agency(None, &[fa, fb]),
        });
    }
    let links: Vec<PairLink> = pairs
        .iter()
        .zip(&sides)
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
    let cluster_agency = agree_agencies(pairs, &mut agencies, &clustering, &facts);

    Ok(Analysis {
        origins,
        agencies,
        clustering,
        cluster_agency,
        member_containment: Vec::new(),
    })
}

/// Each cluster's agency, and the pairs' agencies made to agree with it. A cluster's agency is
/// its origin's when that is an agency article; else the agency its pairs name (`agencies`,
/// one per pair), weighted by the words they share (ties: the name first); else the credits
/// rule ([`origin::attributed_agency`]) over its origin and copies — not its partial members,
/// whose credits are for their own stories (a Reuters story quoting two paragraphs of a
/// release the cluster's papers printed whole). Then a pair that names no agency takes its
/// cluster's, when that is one agency: it shares that story's copy.
fn agree_agencies(
    pairs: &[PairLocal],
    agencies: &mut [String],
    clustering: &cluster::Clustering,
    facts: &[OriginFacts],
) -> Vec<String> {
    // Clusters are sorted by id: a pair's cluster is found by search, and the pairs naming an
    // agency are taken cluster by cluster (no map per cluster: a million pairs at 1M).
    let index_of = |id: u32| clustering.clusters.binary_search_by_key(&id, |c| c.id).ok();
    let mut named: Vec<(u32, u32)> = (0..pairs.len())
        .filter(|&i| !agencies[i].is_empty())
        .filter_map(|i| Some((index_of(*clustering.link_cluster.get(i)?)? as u32, i as u32)))
        .collect();
    named.sort_unstable();
    let mut top: Vec<Option<&str>> = vec![None; clustering.clusters.len()];
    let mut tally: Vec<(&str, u64)> = Vec::new();
    for group in named.chunk_by(|x, y| x.0 == y.0) {
        tally.clear();
        for &(_, i) in group {
            let (agency, words) = (
                agencies[i as usize].as_str(),
                pairs[i as usize].shared_words,
            );
            match tally.iter_mut().find(|t| t.0 == agency) {
                Some(t) => t.1 += u64::from(words),
                None => tally.push((agency, u64::from(words))),
            }
        }
        top[group[0].0 as usize] = tally
            .iter()
            .max_by(|x, y| x.1.cmp(&y.1).then_with(|| y.0.cmp(x.0)))
            .map(|t| t.0);
    }
    let cluster_agency: Vec<String> = clustering
        .clusters
        .iter()
        .zip(&top)
        .map(|(c, top)| {
            let origin = &facts[c.origin.index()];
            if let Some(agency) = origin.outlet_agency {
                return agency.to_string();
            }
            if let Some(agency) = top {
                return agency.to_string();
            }
            let others: Vec<&OriginFacts> = c
                .members
                .iter()
                .filter(|m| m.0 != c.origin && m.1 != cluster::Role::Partial)
                .map(|m| &facts[m.0.index()])
                .collect();
            origin::attributed_agency(Some(origin), &others)
        })
        .collect();
    drop(top);
    // A pair that names no agency shares its cluster's story: when the cluster names one
    // agency, the pair's copy is that agency's (two uncredited reprints of a story another
    // reprint credits to Reuters carry Reuters copy, uncredited).
    for (agency, &id) in agencies.iter_mut().zip(&clustering.link_cluster) {
        if let (true, Some(k)) = (agency.is_empty(), index_of(id)) {
            if !cluster_agency[k].contains(';') {
                agency.clone_from(&cluster_agency[k]);
            }
        }
    }
    cluster_agency
}

/// The agencies' own articles each article shares copy with: for a pair of two articles that
/// are not agency articles, an agency article paired with both shows whose copy they share —
/// better evidence than the credits either prints, which may name the agency of another part
/// of its text (a roundup under a Reuters dateline splicing in AP paragraphs; a reprint
/// crediting nobody).
struct AgencyWitnesses {
    /// (article, agency article, words they share), sorted.
    links: Vec<(DocId, DocId, u32)>,
}

impl AgencyWitnesses {
    fn new(pairs: &[PairLocal], facts: &[OriginFacts]) -> Self {
        let is_agency = |d: DocId| facts[d.index()].outlet_agency.is_some();
        let mut links = Vec::new();
        for p in pairs {
            match (is_agency(p.lo), is_agency(p.hi)) {
                (false, true) => links.push((p.lo, p.hi, p.shared_words)),
                (true, false) => links.push((p.hi, p.lo, p.shared_words)),
                _ => {}
            }
        }
        links.sort_unstable();
        AgencyWitnesses { links }
    }

    fn of(&self, d: DocId) -> &[(DocId, DocId, u32)] {
        let lo = self.links.partition_point(|l| l.0 < d);
        let hi = self.links.partition_point(|l| l.0 <= d);
        &self.links[lo..hi]
    }

    /// The agency article paired with both `x` and `y` that shares most with the less of the
    /// two (ties: agency name, then the article), with its agency, if any shares with each at
    /// least half the words `x` and `y` share (`shared`): a local story quoting one agency
    /// paragraph, copied whole by another paper, is that paper's copy, not the agency's.
    fn common<'a>(
        &self,
        x: DocId,
        y: DocId,
        shared: u32,
        facts: &[OriginFacts<'a>],
    ) -> Option<(&'a str, DocId)> {
        let (wx, wy) = (self.of(x), self.of(y));
        let mut best: Option<(u32, &'a str, DocId)> = None;
        let (mut i, mut j) = (0, 0);
        while i < wx.len() && j < wy.len() {
            match wx[i].1.cmp(&wy[j].1) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let z = wx[i].1;
                    let words = wx[i].2.min(wy[j].2);
                    if 2 * words < shared {
                        i += 1;
                        j += 1;
                        continue;
                    }
                    if let Some(agency) = facts[z.index()].outlet_agency {
                        let better = best.is_none_or(|(w, a, d)| {
                            (words, std::cmp::Reverse(agency), std::cmp::Reverse(z))
                                > (w, std::cmp::Reverse(a), std::cmp::Reverse(d))
                        });
                        if better {
                            best = Some((words, agency, z));
                        }
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        best.map(|(_, agency, article)| (agency, article))
    }
}

/// A member's containment in its cluster's origin when it needs no text: 1 for the origin
/// itself, the verified pair's figure when the two form one. `None`: it must be compared.
/// `pairs` sorted by (lo, hi).
fn known_containment(pairs: &[PairLocal], d: DocId, origin: DocId) -> Option<f64> {
    if d == origin {
        return Some(1.0);
    }
    let (lo, hi) = if d < origin { (d, origin) } else { (origin, d) };
    let i = pairs
        .binary_search_by(|p| (p.lo, p.hi).cmp(&(lo, hi)))
        .ok()?;
    let p = &pairs[i];
    Some(if d == lo {
        p.containment_lo()
    } else {
        p.containment_hi()
    })
}

/// The articles whose texts [`member_containment`] reads (sorted, once each): every member
/// without a verified pair with its cluster's origin, and that origin.
pub fn containment_reads(pairs: &[PairLocal], analysis: &Analysis) -> Vec<DocId> {
    let mut reads = Vec::new();
    for c in &analysis.clustering.clusters {
        let before = reads.len();
        reads.extend(
            c.members
                .iter()
                .map(|&(d, _)| d)
                .filter(|&d| known_containment(pairs, d, c.origin).is_none()),
        );
        if reads.len() > before {
            reads.push(c.origin);
        }
    }
    reads.sort_unstable();
    reads.dedup();
    reads
}

/// Containment of each member of `analysis`'s clusters in its cluster's origin: from the
/// verified pair when there is one, else verified now from `texts`.
pub fn member_containment(
    catalog: &Catalog,
    texts: &dyn Texts,
    pairs: &[PairLocal],
    analysis: &Analysis,
    boilerplate: &Boilerplate,
    engine: &Engine,
) -> Result<Vec<Vec<Option<f64>>>> {
    let vp = engine.verify_params();
    analysis
        .clustering
        .clusters
        .par_iter()
        .map(|c| -> Result<Vec<Option<f64>>> {
            // The origin's shingles and sentences, read when a member first needs them.
            let mut origin: Option<(Vec<ShingleHash>, Sentences)> = None;
            let mut out = Vec::with_capacity(c.members.len());
            for &(d, _) in &c.members {
                if let Some(known) = known_containment(pairs, d, c.origin) {
                    out.push(Some(known));
                    continue;
                }
                let (oseq, osentences) = match &origin {
                    Some(o) => o,
                    None => origin.insert(texts.shingles_and_sentences(c.origin)?),
                };
                let (seq, sentences_d) = texts.shingles_and_sentences(d)?;
                let bp = boilerplate.for_pair(catalog.site_of(c.origin), catalog.site_of(d));
                let dm = catalog.doc(d);
                let marks = Marks::of(osentences, &sentences_d);
                let e = verify::compare(
                    &mut Prepared::new(oseq),
                    &seq,
                    dm.distinct as usize,
                    &bp,
                    marks,
                    &vp,
                );
                out.push(Some(e.containment_b));
            }
            Ok(out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::cluster::{Cluster, Role};
    use crate::verify::ReuseKind;

    fn pair(lo: u32, hi: u32, containment_lo: f64, containment_hi: f64) -> PairLocal {
        PairLocal {
            lo: DocId(lo),
            hi: DocId(hi),
            swapped: false,
            jaccard: 0.5,
            containment_a: containment_lo,
            containment_b: containment_hi,
            shared_words: 40,
            passage: String::new(),
            passages: Vec::new(),
            kind: ReuseKind::Passages,
            foot: Vec::new(),
            cut: crate::analyse::pairs::TextCut::All,
        }
    }

    fn cluster(id: u32, origin: u32, members: &[u32]) -> Cluster {
        Cluster {
            id,
            origin: DocId(origin),
            members: members
                .iter()
                .map(|&d| {
                    let role = if d == origin {
                        Role::Origin
                    } else {
                        Role::Copy
                    };
                    (DocId(d), role)
                })
                .collect(),
        }
    }

    fn facts(agency: Option<&'static str>, credits: &[&'static str]) -> OriginFacts<'static> {
        OriginFacts {
            id: "x",
            date: None,
            outlet_agency: agency,
            dateline_agencies: credits.to_vec(),
            text_agencies: credits.to_vec(),
        }
    }

    /// Two articles that are not agency articles share the copy of the agency article paired
    /// with both (the one sharing most with the less of the two), whatever they credit.
    #[test]
    fn an_agency_article_paired_with_both_names_the_copy_they_share() {
        // 0: AP's article; 1: a reprint crediting nobody; 2: a roundup under a Reuters
        // dateline splicing AP paragraphs; 3: Reuters's article; 4: a reprint of nothing here.
        let f = vec![
            facts(Some("AP"), &["AP"]),
            facts(None, &[]),
            facts(None, &["Reuters"]),
            facts(Some("Reuters"), &["Reuters"]),
            facts(None, &[]),
        ];
        let mut pairs = vec![
            pair(0, 1, 0.9, 0.9),
            pair(0, 2, 0.3, 0.1),
            pair(1, 2, 0.3, 0.1),
        ];
        pairs.push(pair(2, 3, 0.2, 0.5));
        pairs.push(pair(1, 4, 0.5, 0.5));
        let w = AgencyWitnesses::new(&pairs, &f);
        assert_eq!(w.common(DocId(1), DocId(2), 40, &f), Some(("AP", DocId(0))));
        assert_eq!(w.common(DocId(1), DocId(4), 40, &f), None);
        // Both agencies paired with both: the one sharing more with the less of the two.
        let mut both = pairs.clone();
        both.push(pair(1, 3, 0.2, 0.2));
        both[0].shared_words = 30;
        let mut more = pair(1, 3, 0.2, 0.2);
        more.shared_words = 35;
        both[5] = more;
        let w = AgencyWitnesses::new(&both, &f);
        assert_eq!(
            w.common(DocId(1), DocId(2), 40, &f),
            Some(("Reuters", DocId(3)))
        );
        // A tie goes to the agency name first.
        both[5].shared_words = 30;
        let w = AgencyWitnesses::new(&both, &f);
        assert_eq!(
            w.common(DocId(1), DocId(2), 40, &f).map(|c| c.0),
            Some("AP")
        );
        // A pair sharing far more than either agency article shares with them (a local story
        // quoting one agency paragraph, copied whole): their own copy, no witness.
        assert_eq!(w.common(DocId(1), DocId(2), 800, &f), None);
    }

    /// A cluster takes the agency its pairs name, weighted by what they share, over the
    /// credits of its origin; a pair naming none takes the cluster's; a cluster whose pairs name
    /// two agencies equally gives none away, and one led by an agency article is that agency's.
    #[test]
    fn a_pair_and_its_cluster_name_one_agency() {
        // Cluster 1 {0, 1, 2, 3}: 0 (origin) credits AP, but the pairs say Reuters. Cluster 5
        // {4, 5}: one pair naming nothing, the cluster's credits say EFE. Cluster 7 {6, 7}: led
        // by AFP's own article.
        let f = vec![
            facts(None, &["AP"]),
            facts(None, &[]),
            facts(None, &[]),
            facts(None, &[]),
            facts(None, &["EFE"]),
            facts(None, &[]),
            facts(Some("AFP"), &["AFP"]),
            facts(None, &[]),
        ];
        let mut pairs = vec![
            pair(0, 1, 0.9, 0.9),
            pair(1, 2, 0.9, 0.9),
            pair(2, 3, 0.9, 0.9),
            pair(4, 5, 0.9, 0.9),
            pair(6, 7, 0.9, 0.9),
        ];
        pairs[0].shared_words = 10;
        let mut agencies: Vec<String> = ["AP", "Reuters", "", "", "Reuters"]
            .map(String::from)
            .to_vec();
        let clustering = Clustering {
            clusters: vec![
                cluster(1, 0, &[0, 1, 2, 3]),
                cluster(5, 4, &[4, 5]),
                cluster(7, 6, &[6, 7]),
            ],
            link_cluster: vec![1, 1, 1, 5, 7],
        };
        let by_cluster = agree_agencies(&pairs, &mut agencies, &clustering, &f);
        assert_eq!(by_cluster, ["Reuters", "EFE", "AFP"]);
        assert_eq!(agencies, ["AP", "Reuters", "Reuters", "EFE", "Reuters"]);
        // Two agencies named equally: the name first; a cluster naming "AP;Reuters" by its
        // credits gives its pairs nothing.
        let mut agencies: Vec<String> = ["AP", "Reuters", "", "", ""].map(String::from).to_vec();
        pairs[0].shared_words = 40;
        let f2 = [vec![facts(None, &["AP", "Reuters"])], f[1..].to_vec()].concat();
        let by_cluster = agree_agencies(&pairs, &mut agencies, &clustering, &f2);
        assert_eq!(by_cluster[0], "AP");
        let mut none: Vec<String> = vec![String::new(); 5];
        let by_cluster = agree_agencies(&pairs, &mut none, &clustering, &f2);
        assert_eq!(by_cluster[0], "AP;Reuters");
        assert_eq!(none[0], "");
    }

    #[test]
    fn containment_reads_name_members_without_a_pair_with_their_origin_and_that_origin() {
        // Cluster 1: 2 reached its origin 0 only through 1. Cluster 2: every member paired with
        // its origin, on either side of the pair. Cluster 3: origin 8 above its member 7
        // (paired), 9 unpaired.
        let pairs = vec![
            pair(0, 1, 0.9, 0.8),
            pair(1, 2, 0.7, 0.6),
            pair(5, 6, 0.5, 0.4),
            pair(7, 8, 0.3, 0.2),
        ];
        let analysis = Analysis {
            origins: Vec::new(),
            agencies: Vec::new(),
            clustering: Clustering {
                clusters: vec![
                    cluster(1, 0, &[0, 1, 2]),
                    cluster(2, 6, &[5, 6]),
                    cluster(3, 8, &[7, 8, 9]),
                ],
                link_cluster: Vec::new(),
            },
            cluster_agency: Vec::new(),
            member_containment: Vec::new(),
        };
        assert_eq!(
            containment_reads(&pairs, &analysis),
            [0, 2, 8, 9].map(DocId).to_vec()
        );
        // What needs no text: the origin itself, and the pair's figure for the member's side.
        assert_eq!(known_containment(&pairs, DocId(6), DocId(6)), Some(1.0));
        assert_eq!(known_containment(&pairs, DocId(5), DocId(6)), Some(0.5));
        assert_eq!(known_containment(&pairs, DocId(1), DocId(0)), Some(0.8));
        assert_eq!(known_containment(&pairs, DocId(7), DocId(8)), Some(0.3));
        assert_eq!(known_containment(&pairs, DocId(2), DocId(0)), None);
    }
}
