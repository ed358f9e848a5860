//! Pages: one web page fetched twice — a crawl that came back, the page's AMP or mobile form,
//! a link with tracking parameters — is one article to the reports, not an outlet reusing its
//! own copy.
//!
//! Two articles are fetches of one page when they are of one outlet, their addresses are the
//! same page ([`page_key`]), and verification paired them (a page whose text changed beyond
//! recognition between fetches stays two articles). Their pair is left out of `pairs.csv`,
//! `passages.csv` and the pair count, and `outlets.csv` counts the page once: its fetches'
//! reuse and credits together. Clustering still links them (they are one text), so both
//! fetches are listed among their cluster's members. The rule reads only the catalog and the
//! verified pairs, so every engine (batch, index, Python, Spark) gives it one answer.

use crate::analyse::pairs::PairLocal;
use crate::model::Catalog;
use crate::read::url_host;
use crate::DocId;

/// Query parameters that only say how a reader came to a page or which form it is served in.
fn is_tracking(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_")
        || name.starts_with("at_")
        || matches!(
            name.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "msclkid"
                | "mc_cid"
                | "mc_eid"
                | "ocid"
                | "cmpid"
                | "smid"
                | "ref"
                | "ref_src"
                | "amp"
                | "_amp"
                | "outputtype"
                | "usqp"
                | "__twitter_impression"
                | "guccounter"
        )
}

/// The page an address names, as a key: host (lower case, without `www.`, `m.`, `mobile.` or
/// `amp.`), path (without a trailing `/`, `/amp`, `.amp` or `/index.html`, nor a leading
/// `/amp/`) and the query parameters that are not tracking, sorted. `None` when the text is
/// not an absolute address.
///
/// Invariant: the canonical address, its AMP and mobile forms and any of them with tracking
/// parameters or a fragment give one key.
pub fn page_key(url: &str) -> Option<String> {
    let rest = &url[url.find("://")? + 3..];
    // The host as the reader takes an outlet from it: lower case, without `www.`, port or user.
    let host = url_host(url)?;
    let host = ["m.", "mobile.", "amp."]
        .iter()
        .find_map(|p| host.strip_prefix(p))
        .unwrap_or(&host);
    if host.is_empty() {
        return None;
    }
    let rest = rest.split('#').next().unwrap_or("");
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = before_query.split_once('/').map_or("", |(_, path)| path);
    let mut path = path.trim_end_matches('/');
    path = path.strip_prefix("amp/").unwrap_or(path);
    if path == "amp" {
        path = "";
    }
    for suffix in ["/amp", "/index.html", "/index.htm"] {
        path = path.strip_suffix(suffix).unwrap_or(path);
    }
    path = path.trim_end_matches('/');
    let path: String = match path.rsplit_once(".amp") {
        // "story.amp.html" and "story.amp" are "story.html" and "story".
        Some((stem, ext)) if ext.is_empty() || (ext.starts_with('.') && !ext.contains('/')) => {
            format!("{stem}{ext}")
        }
        _ => path.to_string(),
    };
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| !is_tracking(p.split('=').next().unwrap_or(p)))
        .collect();
    params.sort_unstable();
    let mut key = format!("{host}/{path}");
    if !params.is_empty() {
        key.push('?');
        key.push_str(&params.join("&"));
    }
    Some(key)
}

/// Whether articles `a` and `b` are two fetches of one page (if verification paired them):
/// one outlet, one page.
pub fn same_page(catalog: &Catalog, a: DocId, b: DocId) -> bool {
    let (da, db) = (catalog.doc(a), catalog.doc(b));
    da.outlet == db.outlet
        && !da.url.is_empty()
        && (da.url == db.url || page_key(&da.url).is_some_and(|k| page_key(&db.url) == Some(k)))
}

/// For each article, the article that stands for its page in the reports: the smallest of the
/// fetches of one page that verification paired (linked through `pairs`), else itself.
pub fn page_heads(catalog: &Catalog, pairs: &[PairLocal]) -> Vec<DocId> {
    let mut head: Vec<u32> = (0..catalog.docs.len() as u32).collect();
    fn find(head: &mut [u32], mut x: u32) -> u32 {
        while head[x as usize] != x {
            let up = head[head[x as usize] as usize];
            head[x as usize] = up;
            x = up;
        }
        x
    }
    for p in pairs.iter().filter(|p| same_page(catalog, p.lo, p.hi)) {
        let (x, y) = (find(&mut head, p.lo.0), find(&mut head, p.hi.0));
        // The smaller root stays the root: the head is the group's smallest article.
        let (lo, hi) = (x.min(y), x.max(y));
        head[hi as usize] = lo;
    }
    (0..head.len() as u32)
        .map(|d| DocId(find(&mut head, d)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_of_one_page_give_one_key() {
        let canonical = page_key("https://www.ledger.example/news/2026/03/rail-fares");
        assert_eq!(
            canonical.as_deref(),
            Some("ledger.example/news/2026/03/rail-fares")
        );
        for form in [
            "http://ledger.example/news/2026/03/rail-fares/",
            "https://www.ledger.example/news/2026/03/rail-fares/amp",
            "https://www.ledger.example/news/2026/03/rail-fares/amp/",
            "https://amp.ledger.example/news/2026/03/rail-fares",
            "https://m.ledger.example/news/2026/03/rail-fares#comments",
            "https://www.ledger.example/amp/news/2026/03/rail-fares",
            "https://www.LEDGER.example/news/2026/03/rail-fares?utm_source=twitter&utm_medium=social",
            "https://www.ledger.example/news/2026/03/rail-fares?outputType=amp",
            "https://www.ledger.example/news/2026/03/rail-fares/index.html",
        ] {
            assert_eq!(page_key(form), canonical, "{form}");
        }
        assert_eq!(
            page_key("https://paper.example/world/story-123.amp.html"),
            page_key("https://paper.example/world/story-123.html")
        );
        // Other pages stay apart: another path, another article parameter, another host.
        let other = [
            "https://www.ledger.example/news/2026/03/rail-fares-2",
            "https://www.ledger.example/news/2026/03/rail-fares?id=2",
            "https://www.herald.example/news/2026/03/rail-fares",
            "https://www.ledger.example/news/2026/03/rail-fares.amplified",
        ];
        for form in other {
            assert_ne!(page_key(form), canonical, "{form}");
        }
        assert_eq!(
            page_key("https://x.example/a?id=2&p=1"),
            page_key("https://x.example/a?p=1&id=2&fbclid=Q")
        );
        assert_eq!(page_key("not a url"), None);
        assert_eq!(page_key("story-12"), None);
    }
}
