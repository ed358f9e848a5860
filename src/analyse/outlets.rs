//! Outlets: per outlet and agency, how many articles carry that agency's copy, how many of
//! them credit it and how many carry it only rewritten (`outlets.csv`).

use std::collections::BTreeMap;

use crate::analyse::pages;
use crate::analyse::pairs::PairLocal;
use crate::analyse::Analysis;
use crate::attribute::registry::Registry;
use crate::model::Catalog;
use crate::report::OutletRow;
use crate::verify::ReuseKind;

/// `outlets.csv`: per outlet and agency, how many of its articles carry that agency's copy.
///
/// An article carries agency G's copy when it is in a reported pair attributed to G (both sides
/// of the pair carry it), or when its outlet is G. It credits G when it has a text credit
/// (dateline, byline, end credit) naming G, or its outlet is G. It carries G's copy only
/// *rewritten* when every reported pair attributed to G that it is in is a `rewrite` (and its
/// outlet is not G): verbatim and rewritten wire use told apart. Reuse attributed to no agency
/// is counted under an empty agency; an outlet without any reuse gets one row with an empty
/// agency and zeros, so every outlet's article count is listed. A page fetched twice counts
/// once, with its fetches' pairs and credits together ([`crate::analyse::pages`]).
pub(crate) fn outlet_rows(
    catalog: &Catalog,
    pairs: &[PairLocal],
    analysis: &Analysis,
    registry: &Registry,
) -> Vec<OutletRow> {
    let docs = &catalog.docs;
    let heads = pages::page_heads(catalog, pairs);
    // Per page (its head article): (agency, through a verbatim pair), one entry per pair and
    // agency; a pair between two fetches of the page (one head: fetches are linked by their
    // pairs) says nothing of it.
    let mut carries: Vec<Vec<(&str, bool)>> = vec![Vec::new(); docs.len()];
    for (p, agency) in pairs.iter().zip(&analysis.agencies) {
        if heads[p.lo.index()] == heads[p.hi.index()] {
            continue;
        }
        let verbatim = p.kind != ReuseKind::Rewrite;
        for d in [p.lo, p.hi] {
            let head = heads[d.index()].index();
            if agency.is_empty() {
                carries[head].push(("", verbatim));
            } else {
                carries[head].extend(agency.split(';').map(|g| (g, verbatim)));
            }
        }
    }
    // (page head, agency) for each text credit of a page's other fetches, sorted: few pages
    // are fetched twice, so a list rather than one per article.
    let mut fetch_credits: Vec<(usize, &str)> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let head = heads[i].index();
        if head != i {
            fetch_credits.extend(
                d.credits
                    .iter()
                    .filter(|c| c.kind.credits_text())
                    .map(|c| (head, c.agency.as_str())),
            );
        }
    }
    fetch_credits.sort_unstable();
    let outlet_agency: Vec<Option<&str>> = catalog
        .outlets
        .iter()
        .map(|o| registry.agency_for_outlet(o))
        .collect();
    // (outlet, agency) -> (reusing, credited, rewritten)
    let mut table: BTreeMap<(u32, String), (u64, u64, u64)> = BTreeMap::new();
    let mut articles: Vec<u64> = vec![0; catalog.outlets.len()];
    for (i, d) in docs.iter().enumerate() {
        if heads[i].index() != i {
            continue;
        }
        articles[d.outlet as usize] += 1;
        let own = outlet_agency[d.outlet as usize];
        let mut set = std::mem::take(&mut carries[i]);
        if let Some(g) = own {
            set.push((g, true));
        }
        // One entry per agency, verbatim if any of its entries is (sorted: `true` last).
        set.sort_unstable();
        let mut merged: Vec<(&str, bool)> = Vec::with_capacity(set.len());
        for (g, verbatim) in set {
            match merged.last_mut() {
                Some(last) if last.0 == g => last.1 |= verbatim,
                _ => merged.push((g, verbatim)),
            }
        }
        let attributed = merged.iter().any(|(g, _)| !g.is_empty());
        for (g, verbatim) in merged {
            if g.is_empty() && attributed {
                continue;
            }
            let credited = !g.is_empty()
                && (own == Some(g)
                    || d.credits
                        .iter()
                        .any(|c| c.kind.credits_text() && c.agency == g)
                    || fetch_credits.binary_search(&(i, g)).is_ok());
            let e = table.entry((d.outlet, g.to_string())).or_default();
            e.0 += 1;
            e.1 += credited as u64;
            e.2 += u64::from(!verbatim);
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
                rewritten: 0,
            });
        }
        for ((_, agency), &(reusing, credited, rewritten)) in mine {
            rows.push(OutletRow {
                outlet: name.clone(),
                agency: agency.clone(),
                articles: articles[o as usize],
                reusing,
                credited,
                uncredited: reusing - credited,
                rewritten,
            });
        }
    }
    rows.sort_by(|x, y| {
        (x.outlet.as_bytes(), x.agency.as_bytes()).cmp(&(y.outlet.as_bytes(), y.agency.as_bytes()))
    });
    rows
}
