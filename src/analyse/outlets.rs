//! Outlets: per outlet and agency, how many articles carry that agency's copy and how many of
//! them credit it (`outlets.csv`).

use std::collections::BTreeMap;

use crate::analyse::pairs::PairLocal;
use crate::analyse::Analysis;
use crate::attribute::registry::Registry;
use crate::model::Catalog;
use crate::report::OutletRow;

/// `outlets.csv`: per outlet and agency, how many of its articles carry that agency's copy.
///
/// An article carries agency G's copy when it is in a reported pair attributed to G (both sides
/// of the pair carry it), or when its outlet is G. It credits G when it has a text credit
/// (dateline, byline, end credit) naming G, or its outlet is G. Reuse attributed to no agency
/// is counted under an empty agency; an outlet without any reuse gets one row with an empty
/// agency and zeros, so every outlet's article count is listed.
pub(crate) fn outlet_rows(
    catalog: &Catalog,
    pairs: &[PairLocal],
    analysis: &Analysis,
    registry: &Registry,
) -> Vec<OutletRow> {
    let docs = &catalog.docs;
    let mut carries: Vec<Vec<&str>> = vec![Vec::new(); docs.len()];
    for (p, agency) in pairs.iter().zip(&analysis.agencies) {
        for d in [p.lo, p.hi] {
            if agency.is_empty() {
                carries[d.index()].push("");
            } else {
                carries[d.index()].extend(agency.split(';'));
            }
        }
    }
    let outlet_agency: Vec<Option<&str>> = catalog
        .outlets
        .iter()
        .map(|o| registry.agency_for_outlet(o))
        .collect();
    // (outlet, agency) -> (reusing, credited)
    let mut table: BTreeMap<(u32, String), (u64, u64)> = BTreeMap::new();
    let mut articles: Vec<u64> = vec![0; catalog.outlets.len()];
    for (i, d) in docs.iter().enumerate() {
        articles[d.outlet as usize] += 1;
        let own = outlet_agency[d.outlet as usize];
        let mut set = std::mem::take(&mut carries[i]);
        if let Some(g) = own {
            set.push(g);
        }
        set.sort_unstable();
        set.dedup();
        let attributed = set.iter().any(|g| !g.is_empty());
        for g in set {
            if g.is_empty() && attributed {
                continue;
            }
            let credited = !g.is_empty()
                && (own == Some(g)
                    || d.credits
                        .iter()
                        .any(|c| c.kind.credits_text() && c.agency == g));
            let e = table.entry((d.outlet, g.to_string())).or_default();
            e.0 += 1;
            e.1 += credited as u64;
        }
    }
    let mut rows: Vec<OutletRow> = Vec::new();
    for (o, name) in catalog.outlets.iter().enumerate() {
        let o = o as u32;
        let mine: Vec<_> = table
            .range((o, String::new())..)
            .take_while(|(k, _)| k.0 == o)
            .collect();
        if mine.is_empty() {
            rows.push(OutletRow {
                outlet: name.clone(),
                agency: String::new(),
                articles: articles[o as usize],
                reusing: 0,
                credited: 0,
                uncredited: 0,
            });
        }
        for ((_, agency), &(reusing, credited)) in mine {
            rows.push(OutletRow {
                outlet: name.clone(),
                agency: agency.clone(),
                articles: articles[o as usize],
                reusing,
                credited,
                uncredited: reusing - credited,
            });
        }
    }
    rows.sort_by(|x, y| {
        (x.outlet.as_bytes(), x.agency.as_bytes()).cmp(&(y.outlet.as_bytes(), y.agency.as_bytes()))
    });
    rows
}
