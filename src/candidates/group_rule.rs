//! The group rule: how a group of articles sharing a key (a band key, an anchor) becomes
//! candidate pairs. One function ([`group_pair_indices`]) serves both candidate paths, in
//! batch and indexed runs alike; it is append-stable, which is what lets an index add articles
//! and find exactly the pairs a batch run over everything would.

use crate::model::{CandidatePair, DocId};

/// The group rule, over member positions `0..len` of a group sorted by DocId: calls
/// `f(i, j)` (`i < j`) for every pair the group links.
///
/// Every pair among the first `pair_cap` members is linked; each later member is linked to the
/// first member (a star) and to its predecessor (a chain), which keeps every member connected
/// for clustering at linear cost. The rule is *append-stable*: adding members with larger ids
/// only adds pairs that involve them, so an incremental run that appends new articles finds
/// exactly the pairs a batch run over everything would. Both candidate paths (band keys and
/// anchors), in batch and indexed runs, use this one function.
pub fn group_pair_indices(len: usize, pair_cap: usize, mut f: impl FnMut(usize, usize)) {
    let head = len.min(pair_cap.max(1));
    for i in 0..head {
        for j in i + 1..head {
            f(i, j);
        }
    }
    for j in head.max(1)..len {
        f(0, j);
        if j >= 2 {
            f(j - 1, j);
        }
    }
}

/// Pairs among the documents of one bucket (`docs` sorted and de-duplicated), by
/// [`group_pair_indices`].
pub fn emit_group_pairs(docs: &[DocId], pair_cap: usize, out: &mut Vec<CandidatePair>) {
    group_pair_indices(docs.len(), pair_cap, |i, j| {
        out.push(CandidatePair {
            a: docs[i],
            b: docs[j],
        })
    });
}

/// Whether [`emit_group_pairs`] links `x` and `y` (both members, `x < y`) in a group whose
/// sorted members are `docs`: the same rule, asked of one pair.
pub fn group_links(docs: &[DocId], x: DocId, y: DocId, pair_cap: usize) -> bool {
    let (Ok(px), Ok(py)) = (docs.binary_search(&x), docs.binary_search(&y)) else {
        return false;
    };
    let head = docs.len().min(pair_cap.max(1));
    px < py && (py < head || px == 0 || px + 1 == py)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hot_buckets_cost_linear_pairs() {
        let docs: Vec<DocId> = (0..1000).map(DocId).collect();
        let mut out = Vec::new();
        emit_group_pairs(&docs, 64, &mut out);
        assert_eq!(out.len(), 64 * 63 / 2 + 936 * 2);
        // Append-stable: the pairs of a prefix are a subset of the pairs of the whole.
        let mut prefix = Vec::new();
        emit_group_pairs(&docs[..500], 64, &mut prefix);
        assert!(prefix.iter().all(|p| out.contains(p)));
        assert!(out
            .iter()
            .filter(|p| p.b.0 < 500)
            .all(|p| prefix.contains(p)));
        let mut small = Vec::new();
        emit_group_pairs(&docs[..4], 64, &mut small);
        assert_eq!(small.len(), 6);
    }

    proptest! {
        /// `group_links` answers for one pair what `emit_group_pairs` emits for the group.
        #[test]
        fn group_links_agrees_with_the_emitted_pairs(len in 0usize..40, cap in 1usize..12) {
            let docs: Vec<DocId> = (0..len as u32).map(|d| DocId(3 * d + 1)).collect();
            let mut out = Vec::new();
            emit_group_pairs(&docs, cap, &mut out);
            for (i, &x) in docs.iter().enumerate() {
                for &y in &docs[i + 1..] {
                    let emitted = out.contains(&CandidatePair { a: x, b: y });
                    prop_assert_eq!(group_links(&docs, x, y, cap), emitted);
                }
            }
        }
    }
}
