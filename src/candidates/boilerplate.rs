//! Boilerplate: anchors that are not evidence of reuse — corpus-wide stock phrases and each
//! outlet's site chrome. Found by the candidate stage ([`crate::candidates::anchors`]), discounted
//! by verification; kept by the index between runs. Both lists only grow as articles are added.

use crate::sign::shingle::ShingleHash;

/// The bit that turns a site number ([`crate::model::Catalog::site_of`]) into its template
/// code ([`template_of`]). Outlet numbers stay below [`crate::model::OWN_SITE_BIT`] (half a
/// billion outlets), an article's own site number below this bit, and the codes stay positive
/// as 32-bit signed integers (Spark's `INT`, SQLite's integers).
const TEMPLATE: u32 = 1 << 30;

/// The code under which a chrome entry marks an anchor as `outlet`'s *template*: chrome held
/// by so many of the outlet's articles ([`crate::config::Tuning::template_min_docs`]) that a
/// block of it at an article's edge is the site's header or footer whatever its length. Kept
/// among the chrome entries, so every engine and the index carry it as they carry chrome.
pub fn template_of(outlet: u32) -> u32 {
    outlet | TEMPLATE
}

/// Anchors that are not evidence: stock phrases (everywhere) and site chrome (per outlet).
/// Both lists are sorted for binary search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Boilerplate {
    stock: Vec<ShingleHash>,
    chrome: Vec<(ShingleHash, u32)>,
}

impl Boilerplate {
    pub fn new(mut stock: Vec<ShingleHash>, mut chrome: Vec<(ShingleHash, u32)>) -> Self {
        stock.sort_unstable();
        stock.dedup();
        chrome.sort_unstable();
        chrome.dedup();
        Boilerplate { stock, chrome }
    }

    /// Only stock phrases (for tests and tools that know no outlets).
    pub fn stock_only(hashes: Vec<ShingleHash>) -> Self {
        Boilerplate::new(hashes, Vec::new())
    }

    pub fn is_stock(&self, h: ShingleHash) -> bool {
        self.stock.binary_search(&h).is_ok()
    }

    pub fn is_chrome(&self, h: ShingleHash, outlet: u32) -> bool {
        self.chrome.binary_search(&(h, outlet)).is_ok()
    }

    /// Whether `h` is `outlet`'s template (see [`template_of`]).
    pub fn is_template(&self, h: ShingleHash, outlet: u32) -> bool {
        self.is_chrome(h, template_of(outlet))
    }

    /// The boilerplate as one pair of articles, of outlets `a` and `b`, sees it.
    pub fn for_pair(&self, a: u32, b: u32) -> PairBoilerplate<'_> {
        PairBoilerplate { bp: self, a, b }
    }

    /// Stock anchors plus (anchor, outlet) chrome entries.
    pub fn len(&self) -> usize {
        self.stock.len() + self.chrome.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stock.is_empty() && self.chrome.is_empty()
    }

    pub fn stock(&self) -> &[ShingleHash] {
        &self.stock
    }

    pub fn chrome(&self) -> &[(ShingleHash, u32)] {
        &self.chrome
    }
}

/// [`Boilerplate`] for one pair: an anchor counts when it is a stock phrase, or chrome of both
/// articles' outlets.
#[derive(Clone, Copy, Debug)]
pub struct PairBoilerplate<'a> {
    bp: &'a Boilerplate,
    a: u32,
    b: u32,
}

impl PairBoilerplate<'_> {
    pub fn contains(&self, h: ShingleHash) -> bool {
        self.bp.is_stock(h) || (self.bp.is_chrome(h, self.a) && self.bp.is_chrome(h, self.b))
    }

    /// Whether `h` is a stock phrase or the template of both articles' outlets: what a block
    /// at an edge needs to be cut off whatever its length ([`crate::verify::edge_chrome_cut`]).
    pub fn is_template(&self, h: ShingleHash) -> bool {
        self.bp.is_stock(h) || (self.bp.is_template(h, self.a) && self.bp.is_template(h, self.b))
    }

    pub fn is_empty(&self) -> bool {
        self.bp.is_empty()
    }

    /// Whether the pair's two articles are of one outlet (whose shared edges may be chrome).
    pub fn same_outlet(&self) -> bool {
        self.a == self.b
    }
}

/// No boilerplate at all.
pub static NO_BOILERPLATE: Boilerplate = Boilerplate {
    stock: Vec::new(),
    chrome: Vec::new(),
};
