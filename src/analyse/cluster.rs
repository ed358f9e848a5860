//! Stage 8 — cluster: verified pairs (with each pair's origin side) → story clusters.
//!
//! The rule, chosen so that a roundup quoting two unrelated wire stories never chains them:
//!
//! 1. A pair is a **core** edge when the two articles are essentially the same text: each holds
//!    at least half of the other (`min(containment_a, containment_b) ≥ 0.5`) or their Jaccard
//!    similarity reaches `--threshold`. Connected components of core edges are the clusters'
//!    cores, each named by its smallest [`DocId`] ([`Components`]: union–find here, or labels
//!    an engine computed elsewhere — the Spark job's connected-components loop — checked on
//!    arrival).
//! 2. Every other pair is **partial** reuse and never merges cores: the borrowing side joins the
//!    origin side's cluster as a `partial` member. The borrower is the side that is not the
//!    pair's origin; when the origin is undecided, the side whose text is more contained in the
//!    other. A roundup splicing paragraphs of two wire stories is thus a partial member of both
//!    stories' clusters, and the two stories stay apart. Two exceptions, for articles outside
//!    every core (*lone* articles): when the borrower belongs to a core (a story several
//!    outlets carry) and the origin side is lone, the origin side joins the borrower's cluster
//!    instead — a dated roundup paired with an undated full copy of the story it spliced must
//!    not become a story of its own; and a pair of two lone articles that both borrow from one
//!    cluster (two roundups splicing paragraphs of one story) is that cluster's pair (the one
//!    with the smallest root, when they share several), not a cluster of its own.
//! 3. A cluster is a core with two or more articles, or any core that received a partial
//!    member. Its origin is chosen by the caller's rule among the core's articles.
//!    Roles: `origin`, `copy` (the rest of the core), `partial` (joined through rule 2).
//! 4. A cluster's id is `1 +` the [`DocId`] of its first core article — the first of them read,
//!    in input order, which an index keeps across runs. Articles that join later are read later,
//!    so a cluster keeps its id as its story spreads, and an article with a smaller external id
//!    arriving in a later run renumbers nothing; when two clusters merge, the merged one keeps
//!    the older id. Ids therefore have gaps; they depend on the data and its order only, never
//!    on thread timing or on how the input was split into runs.

use std::collections::BTreeMap;

use crate::model::DocId;

/// What clustering needs to know of one verified pair.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairLink {
    pub a: DocId,
    pub b: DocId,
    pub containment_a: f64,
    pub containment_b: f64,
    pub jaccard: f64,
    /// The side the shared text comes from, when known.
    pub origin: Option<DocId>,
}

/// The share each side must hold of the other for a core edge.
pub const CORE_CONTAINMENT: f64 = 0.5;

impl PairLink {
    pub fn is_core(&self, threshold: f64) -> bool {
        self.containment_a.min(self.containment_b) >= CORE_CONTAINMENT || self.jaccard >= threshold
    }

    /// (borrower, source) of a partial pair.
    fn direction(&self) -> (DocId, DocId) {
        match self.origin {
            Some(o) if o == self.a => (self.b, self.a),
            Some(_) => (self.a, self.b),
            None if self.containment_a >= self.containment_b => (self.a, self.b),
            None => (self.b, self.a),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Origin,
    Copy,
    Partial,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Origin => "origin",
            Role::Copy => "copy",
            Role::Partial => "partial",
        }
    }
}

/// One story cluster. Invariant: `members` is sorted by (role, article id bytes) with exactly
/// one `Origin`, and an article appears in it once.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub id: u32,
    pub origin: DocId,
    pub members: Vec<(DocId, Role)>,
}

/// The clustering of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Clustering {
    /// Sorted by id.
    pub clusters: Vec<Cluster>,
    /// For each input link, in the same order, the id of its cluster.
    pub link_cluster: Vec<u32>,
}

/// Each article's core component, named by the smallest [`DocId`] in it (an article without
/// core edges is its own component). Invariant: `label[d] <= d`, `label[label[d]] == label[d]`,
/// and the two sides of every core edge share a label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Components(Vec<u32>);

/// Why labels from an engine are not a [`Components`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadComponents {
    /// An article number (or label) outside the run's articles.
    OutOfRange(u32),
    /// An article labelled twice, or with a label that is not the smallest of its component
    /// (greater than the article, or itself labelled with another).
    NotSmallest(DocId),
    /// The two sides of a core edge in different components.
    Split(DocId, DocId),
}

impl std::fmt::Display for BadComponents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BadComponents::OutOfRange(d) => write!(f, "article number {d} out of range"),
            BadComponents::NotSmallest(d) => {
                write!(
                    f,
                    "article {} is not labelled by its component's smallest article",
                    d.0
                )
            }
            BadComponents::Split(a, b) => {
                write!(f, "core edge {}-{} spans two components", a.0, b.0)
            }
        }
    }
}

impl Components {
    /// The components of the core edges among `links`, by union–find.
    pub fn union_find(n_docs: usize, links: &[PairLink], threshold: f64) -> Components {
        let mut uf = UnionFind((0..n_docs as u32).collect());
        for l in links.iter().filter(|l| l.is_core(threshold)) {
            uf.union(l.a.0, l.b.0);
        }
        let labels = (0..n_docs as u32).map(|d| uf.find(d)).collect();
        Components(labels)
    }

    /// Components an engine computed: `(article, label)` for the articles that have core edges
    /// (any others are their own component). Checked against the invariant and against the
    /// core edges among `links`; a label that merges two true components is not detected (that
    /// would take the union–find this seam exists to skip).
    pub fn from_labels(
        n_docs: usize,
        labels: impl IntoIterator<Item = (DocId, DocId)>,
        links: &[PairLink],
        threshold: f64,
    ) -> Result<Components, BadComponents> {
        let mut out: Vec<u32> = (0..n_docs as u32).collect();
        let mut seen = vec![false; n_docs];
        for (d, l) in labels {
            if d.index() >= n_docs {
                return Err(BadComponents::OutOfRange(d.0));
            }
            if l.index() >= n_docs {
                return Err(BadComponents::OutOfRange(l.0));
            }
            if l > d || std::mem::replace(&mut seen[d.index()], true) {
                return Err(BadComponents::NotSmallest(d));
            }
            out[d.index()] = l.0;
        }
        for (d, &l) in out.iter().enumerate() {
            if out[l as usize] != l {
                return Err(BadComponents::NotSmallest(DocId(d as u32)));
            }
        }
        for e in links.iter().filter(|l| l.is_core(threshold)) {
            if e.a.index() >= n_docs || e.b.index() >= n_docs {
                return Err(BadComponents::OutOfRange(e.a.0.max(e.b.0)));
            }
            if out[e.a.index()] != out[e.b.index()] {
                return Err(BadComponents::Split(e.a, e.b));
            }
        }
        Ok(Components(out))
    }

    /// The component of `d`: its smallest article.
    pub(crate) fn of(&self, d: DocId) -> u32 {
        self.0[d.index()]
    }
}

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn find(&mut self, x: u32) -> u32 {
        let mut r = x;
        while self.0[r as usize] != r {
            r = self.0[r as usize];
        }
        let mut y = x;
        while self.0[y as usize] != r {
            let next = self.0[y as usize];
            self.0[y as usize] = r;
            y = next;
        }
        r
    }
    fn union(&mut self, x: u32, y: u32) {
        let (rx, ry) = (self.find(x), self.find(y));
        if rx != ry {
            // The smaller root wins: deterministic.
            let (lo, hi) = if rx < ry { (rx, ry) } else { (ry, rx) };
            self.0[hi as usize] = lo;
        }
    }
}

/// Clusters `links` over `n_docs` articles. `ext_id(d)` is the article's external id (for the
/// order of members); `pick_origin(core)` chooses a core's origin among its articles (sorted by DocId).
pub fn cluster<'a>(
    n_docs: usize,
    links: &[PairLink],
    threshold: f64,
    ext_id: impl Fn(DocId) -> &'a str,
    pick_origin: impl Fn(&[DocId]) -> DocId,
) -> Clustering {
    let components = Components::union_find(n_docs, links, threshold);
    cluster_components(&components, links, threshold, ext_id, pick_origin)
}

/// [`cluster`] from components already known (rules 2 to 4; `components` must be those of the
/// core edges among `links`, as [`Components`] promises).
pub fn cluster_components<'a>(
    components: &Components,
    links: &[PairLink],
    threshold: f64,
    ext_id: impl Fn(DocId) -> &'a str,
    pick_origin: impl Fn(&[DocId]) -> DocId,
) -> Clustering {
    // Core members by root, and partial members attached to roots.
    let mut cores: BTreeMap<u32, Vec<DocId>> = BTreeMap::new();
    let mut partials: BTreeMap<u32, Vec<DocId>> = BTreeMap::new();
    for l in links.iter().filter(|l| l.is_core(threshold)) {
        let r = components.of(l.a);
        cores.entry(r).or_default().extend([l.a, l.b]);
    }
    // Rule 2's exceptions: a lone article sharing part of a story that several articles carry
    // joins that story's cluster, whichever side dates or datelines make the origin — an
    // undated full copy does not become a partial member of a roundup's own cluster; and two
    // lone articles that both borrow from one cluster (two roundups splicing the same wire
    // paragraphs) make no cluster of their own: their pair is that cluster's.
    let mut is_story = vec![false; components.0.len()];
    for &r in cores.keys() {
        is_story[r as usize] = true;
    }
    let in_story = |d: DocId| is_story[components.of(d) as usize];
    // Per link: (the root of its cluster, borrower, source); `NOT_PLACED` roots core links.
    const NOT_PLACED: u32 = u32::MAX;
    let mut placed: Vec<(u32, DocId, DocId)> = vec![(NOT_PLACED, DocId(0), DocId(0)); links.len()];
    // (borrower, root) for every partial membership by the plain rule and the first exception.
    let mut partial_of: Vec<(DocId, u32)> = Vec::new();
    for (k, l) in links.iter().enumerate() {
        if l.is_core(threshold) {
            continue;
        }
        let (mut borrower, mut source) = l.direction();
        if in_story(borrower) && !in_story(source) {
            std::mem::swap(&mut borrower, &mut source);
        }
        let r = components.of(source);
        placed[k] = (r, borrower, source);
        partial_of.push((borrower, r));
    }
    partial_of.sort_unstable();
    partial_of.dedup();
    let roots_of = |d: DocId| {
        let from = partial_of.partition_point(|e| e.0 < d);
        let to = partial_of.partition_point(|e| e.0 <= d);
        partial_of[from..to].iter().map(|e| e.1)
    };
    // The second exception: a pair of two lone articles that both borrow from one cluster.
    for slot in placed.iter_mut() {
        let (r, borrower, source) = *slot;
        if r == NOT_PLACED || in_story(borrower) || in_story(source) {
            continue;
        }
        let shared = roots_of(borrower).find(|&x| roots_of(source).any(|y| y == x));
        if let Some(r) = shared {
            *slot = (r, borrower, source);
        }
    }
    for &(r, borrower, source) in placed.iter().filter(|p| p.0 != NOT_PLACED) {
        // A source placed in another article's cluster joins it as a partial member, as its
        // borrower does (the cluster's core then holds at least its root).
        if r == components.of(source) {
            cores.entry(r).or_default().push(source);
        } else {
            cores.entry(r).or_default().push(DocId(r));
            partials.entry(r).or_default().push(source);
        }
        partials.entry(r).or_default().push(borrower);
    }
    struct Draft {
        /// The first core article read.
        first: DocId,
        root: u32,
        origin: DocId,
        members: Vec<(DocId, Role)>,
    }
    let mut drafts: Vec<Draft> = Vec::new();
    for (root, mut core) in cores {
        core.sort_unstable();
        core.dedup();
        let mut part = partials.remove(&root).unwrap_or_default();
        part.sort_unstable();
        part.dedup();
        part.retain(|d| core.binary_search(d).is_err());
        if core.len() < 2 && part.is_empty() {
            continue;
        }
        let origin = pick_origin(&core);
        let first = core[0];
        let mut members: Vec<(DocId, Role)> = core
            .iter()
            .map(|&d| {
                (
                    d,
                    if d == origin {
                        Role::Origin
                    } else {
                        Role::Copy
                    },
                )
            })
            .chain(part.into_iter().map(|d| (d, Role::Partial)))
            .collect();
        members.sort_by(|x, y| {
            x.1.cmp(&y.1)
                .then_with(|| ext_id(x.0).as_bytes().cmp(ext_id(y.0).as_bytes()))
        });
        drafts.push(Draft {
            first,
            root,
            origin,
            members,
        });
    }
    drafts.sort_by_key(|d| d.first);
    let mut id_of_root: BTreeMap<u32, u32> = BTreeMap::new();
    let clusters: Vec<Cluster> = drafts
        .into_iter()
        .map(|d| {
            let id = d.first.0 + 1;
            id_of_root.insert(d.root, id);
            Cluster {
                id,
                origin: d.origin,
                members: d.members,
            }
        })
        .collect();
    let link_cluster = (0..links.len())
        .map(|k| {
            let root = match placed[k].0 {
                NOT_PLACED => components.of(links[k].a),
                r => r,
            };
            id_of_root.get(&root).copied().unwrap_or(0)
        })
        .collect();
    Clustering {
        clusters,
        link_cluster,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(a: u32, b: u32, ca: f64, cb: f64, origin: Option<u32>) -> PairLink {
        PairLink {
            a: DocId(a),
            b: DocId(b),
            containment_a: ca,
            containment_b: cb,
            jaccard: ca.min(cb) * 0.9,
            origin: origin.map(DocId),
        }
    }

    /// A cluster's members as (article number, role).
    fn roles(c: &Cluster) -> Vec<(u32, Role)> {
        c.members.iter().map(|&(d, r)| (d.0, r)).collect()
    }

    fn run(n: usize, links: &[PairLink]) -> Clustering {
        let ids: Vec<String> = (0..n).map(|i| format!("d{i}")).collect();
        cluster(n, links, 0.5, |d| ids[d.index()].as_str(), |core| core[0])
    }

    #[test]
    fn reprints_form_one_cluster() {
        let c = run(
            4,
            &[
                link(0, 1, 0.95, 0.9, Some(0)),
                link(0, 2, 0.9, 0.92, Some(0)),
                link(1, 2, 0.9, 0.9, None),
            ],
        );
        assert_eq!(c.clusters.len(), 1);
        let m = &c.clusters[0].members;
        assert_eq!(
            m,
            &vec![
                (DocId(0), Role::Origin),
                (DocId(1), Role::Copy),
                (DocId(2), Role::Copy)
            ]
        );
        assert_eq!(c.link_cluster, vec![1, 1, 1]);
    }

    #[test]
    fn a_roundup_does_not_chain_two_wire_stories() {
        // 0 and 1 are unrelated wire stories; 2 is a roundup quoting both.
        let c = run(
            3,
            &[
                link(0, 2, 0.17, 0.08, Some(0)),
                link(1, 2, 0.15, 0.07, Some(1)),
            ],
        );
        assert_eq!(c.clusters.len(), 2);
        for cl in &c.clusters {
            assert_eq!(cl.members.len(), 2);
            assert_eq!(cl.members[1], (DocId(2), Role::Partial));
        }
        assert_eq!(c.link_cluster, vec![1, 2]);
    }

    #[test]
    fn a_short_story_is_partial_of_its_source() {
        let c = run(2, &[link(0, 1, 0.17, 0.55, None)]);
        assert_eq!(c.clusters.len(), 1);
        assert_eq!(
            c.clusters[0].members,
            vec![(DocId(0), Role::Origin), (DocId(1), Role::Partial)]
        );
    }

    /// 0 and 1 carry one story (a core); 2 is a dated roundup that spliced part of it, which
    /// the dates make the origin of its pair with the undated copy 1. The roundup joins the
    /// story's cluster as a partial member; no cluster of its own is made around it, nor
    /// around two roundups sharing the story's paragraph.
    #[test]
    fn lone_articles_sharing_part_of_a_story_join_its_cluster() {
        let links = [link(0, 1, 0.9, 0.9, None), link(1, 2, 0.35, 0.3, Some(2))];
        let c = run(3, &links);
        assert_eq!(c.clusters.len(), 1, "{c:?}");
        let members = roles(&c.clusters[0]);
        assert_eq!(
            members,
            [(0, Role::Origin), (1, Role::Copy), (2, Role::Partial)]
        );
        assert_eq!(c.link_cluster, [1, 1]);
        // Two lone articles keep the pair's direction: the origin's cluster.
        let c = run(2, &[link(0, 1, 0.35, 0.3, Some(1))]);
        let members = roles(&c.clusters[0]);
        assert_eq!(members, [(1, Role::Origin), (0, Role::Partial)]);
        // Two roundups (2, 3) splicing the same paragraph of the story {0, 1}: both partial
        // members of its cluster, and their own pair is that cluster's.
        let links = [
            link(0, 1, 0.9, 0.9, None),
            link(1, 2, 0.3, 0.2, Some(1)),
            link(0, 3, 0.3, 0.25, Some(0)),
            link(2, 3, 0.2, 0.25, Some(2)),
        ];
        let c = run(4, &links);
        assert_eq!(c.clusters.len(), 1, "{c:?}");
        let members = roles(&c.clusters[0]);
        assert_eq!(
            members,
            [
                (0, Role::Origin),
                (1, Role::Copy),
                (2, Role::Partial),
                (3, Role::Partial)
            ]
        );
        assert_eq!(c.link_cluster, [1, 1, 1, 1]);
        // The same with a wire story that no other outlet carries whole (0): the two articles
        // lifting its paragraphs are partial members of its cluster, and their pair is its.
        let links = [
            link(0, 1, 0.3, 0.4, Some(0)),
            link(0, 2, 0.2, 0.3, Some(0)),
            link(1, 2, 0.25, 0.2, Some(1)),
        ];
        let c = run(3, &links);
        assert_eq!(c.clusters.len(), 1, "{c:?}");
        let members = roles(&c.clusters[0]);
        assert_eq!(
            members,
            [(0, Role::Origin), (1, Role::Partial), (2, Role::Partial)]
        );
        assert_eq!(c.link_cluster, [1, 1, 1]);
    }

    #[test]
    fn ids_follow_the_first_article_read_and_stay_when_others_join() {
        let ids = ["zeta", "alpha", "beta", "yak", "aardvark"];
        let links = [link(0, 3, 0.9, 0.9, None), link(1, 2, 0.9, 0.9, None)];
        let c = cluster(4, &links, 0.5, |d| ids[d.index()], |core| core[0]);
        assert_eq!(c.clusters[0].members[0].0, DocId(0));
        assert_eq!(c.link_cluster, vec![1, 2]);
        // A later article with the smallest external id joins the second story: no id moves.
        let more = [
            link(0, 3, 0.9, 0.9, None),
            link(1, 2, 0.9, 0.9, None),
            link(2, 4, 0.9, 0.9, None),
        ];
        let c2 = cluster(5, &more, 0.5, |d| ids[d.index()], |core| core[0]);
        assert_eq!(c2.link_cluster, vec![1, 2, 2]);
        assert_eq!(c2.clusters[1].members.len(), 3);
    }

    #[test]
    fn labels_from_an_engine_give_the_union_find_clustering_and_are_checked() {
        // Two cores {0, 2, 4} and {1, 5}; 3 a partial member of the first; 6 alone.
        let links = [
            link(2, 4, 0.9, 0.9, None),
            link(0, 4, 0.9, 0.9, None),
            link(1, 5, 0.9, 0.9, None),
            link(0, 3, 0.2, 0.1, Some(0)),
        ];
        let uf = Components::union_find(7, &links, 0.5);
        let given = [(2, 0), (4, 0), (0, 0), (5, 1)].map(|(d, l)| (DocId(d), DocId(l)));
        let from = Components::from_labels(7, given, &links, 0.5).expect("valid labels");
        assert_eq!(from, uf);
        let ids: Vec<String> = (0..7).map(|i| format!("d{i}")).collect();
        let by = |c: &Components| {
            cluster_components(c, &links, 0.5, |d| ids[d.index()].as_str(), |core| core[0])
        };
        assert_eq!(by(&from), run(7, &links));
        // What the check refuses.
        let bad = |labels: &[(u32, u32)]| {
            Components::from_labels(
                7,
                labels.iter().map(|&(d, l)| (DocId(d), DocId(l))),
                &links,
                0.5,
            )
        };
        assert_eq!(
            bad(&[(2, 0), (4, 2), (5, 1)]),
            Err(BadComponents::NotSmallest(DocId(4)))
        );
        assert_eq!(
            bad(&[(0, 2), (4, 2)]),
            Err(BadComponents::NotSmallest(DocId(0)))
        );
        assert_eq!(
            bad(&[(2, 0), (4, 0), (5, 1), (5, 1)]),
            Err(BadComponents::NotSmallest(DocId(5)))
        );
        assert_eq!(
            bad(&[(2, 0), (4, 0)]),
            Err(BadComponents::Split(DocId(1), DocId(5)))
        );
        assert_eq!(bad(&[(9, 0)]), Err(BadComponents::OutOfRange(9)));
    }
}
