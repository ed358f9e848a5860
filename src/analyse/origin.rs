//! The likely origin of shared copy, and the agency it is attributed to.
//!
//! Origin of a pair, first rule that decides:
//! 1. **Agency outlet.** An article whose outlet is an agency (the outlet field names one:
//!    "Reuters", "Associated Press", "apnews.com") publishes that agency's copy and is the
//!    origin — when only one side is such an article.
//! 2. **Earliest date.** Otherwise the earlier dated article (both dates known and different).
//! 3. **Containment direction.** With dates missing or tied: when one article is mostly made of
//!    the other's text (at least half of it is found in the other, and it is at least twice as
//!    contained as the other), the other is the origin.
//! 4. **Text credits.** Still undecided: an article that carries an agency dateline ("LONDON
//!    (Reuters) -") is wire copy as sent; one that does not — or that only says "with
//!    information from …" — took it. The dateline side is the origin when only one side has one.
//! 5. Otherwise the origin is left empty.
//!
//! Before these, for a pair of two articles neither of which is an agency article: an agency
//! article paired with both, sharing with each at least half of what the two share, is the
//! origin `pairs.csv` names (two reprints of one wire story in the corpus take the wire's
//! article as their origin, not the earlier reprint; `analyse::AgencyWitnesses`). The rules
//! above still orient the pair's link for clustering.
//!
//! A cluster's origin applies the same rules to the cluster's core articles: agency articles
//! first, then the earliest dated, then an article with an agency dateline, and finally the
//! smallest id (a cluster always names one origin; its row says `origin`).
//!
//! Agency of a pair or cluster: the origin's agency when the origin is an agency article. Else,
//! for a pair, the agency of an agency article paired with both (the one sharing most with the
//! less of the two, and at least half of what the pair shares): the copy they share is that
//! agency's, whatever either credits — a roundup
//! under one agency's dateline may splice in another's paragraphs. Else the agencies the
//! articles credit *for the text* (dateline, byline, end credit — never a photo credit or a
//! citation), the origin's credits first — the other article's only when the pair's copy is
//! most of it ([`pair_agency`]); several are joined with `;` in name order. Else empty. A
//! cluster whose origin is no agency article takes the agency its pairs name, by the words
//! they share, before the credits rule (its origin's and copies' credits, not its partial
//! members'); and a pair naming none takes its cluster's, when that is a single agency
//! (`analyse::analyse_clusters`).

use crate::model::{DatePrecision, Timestamp};
use crate::verify::ReuseKind;

/// What the origin rules look at for one article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OriginFacts<'a> {
    pub id: &'a str,
    pub date: Option<Timestamp>,
    /// The agency the article's outlet is, if it is one.
    pub outlet_agency: Option<&'a str>,
    /// Agencies named in datelines of the article.
    pub dateline_agencies: Vec<&'a str>,
    /// Agencies credited for the text (dateline, byline, end credit), sorted, unique.
    pub text_agencies: Vec<&'a str>,
}

/// Which side of a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

/// The origin side of a pair, or `None` when undecidable; see the module header.
pub fn pair_origin(
    a: &OriginFacts,
    b: &OriginFacts,
    containment_a: f64,
    containment_b: f64,
) -> Option<Side> {
    match (a.outlet_agency.is_some(), b.outlet_agency.is_some()) {
        (true, false) => return Some(Side::A),
        (false, true) => return Some(Side::B),
        _ => {}
    }
    if let (Some(da), Some(db)) = (a.date, b.date) {
        // A date without a time is compared by day: "2024-03-05" is not earlier than
        // "2024-03-05T14:30Z", only than the day after.
        let (ka, kb) = if da.precision == DatePrecision::Day || db.precision == DatePrecision::Day {
            (da.day(), db.day())
        } else {
            (da.secs, db.secs)
        };
        if ka != kb {
            return Some(if ka < kb { Side::A } else { Side::B });
        }
    }
    if containment_a >= 0.5 && containment_a >= 2.0 * containment_b {
        return Some(Side::B);
    }
    if containment_b >= 0.5 && containment_b >= 2.0 * containment_a {
        return Some(Side::A);
    }
    match (
        a.dateline_agencies.is_empty(),
        b.dateline_agencies.is_empty(),
    ) {
        (false, true) => Some(Side::A),
        (true, false) => Some(Side::B),
        _ => None,
    }
}

/// The origin among a cluster's core articles (never empty); see the module header.
///
/// When the core mixes date-only and full timestamps, dates are compared by day (as in
/// [`pair_origin`]), so a date-only article is not earlier than a timed one of the same day.
pub fn cluster_origin(core: &[OriginFacts]) -> usize {
    let has = |p: DatePrecision| {
        core.iter()
            .any(|f| f.date.is_some_and(|d| d.precision == p))
    };
    let by_day = has(DatePrecision::Day) && has(DatePrecision::Second);
    let mut best = 0;
    for i in 1..core.len() {
        if cluster_rank(&core[i], by_day) < cluster_rank(&core[best], by_day) {
            best = i;
        }
    }
    best
}

fn cluster_rank<'a>(f: &OriginFacts<'a>, by_day: bool) -> (bool, bool, i64, bool, &'a [u8]) {
    (
        f.outlet_agency.is_none(),
        f.date.is_none(),
        f.date.map_or(0, |d| if by_day { d.day() } else { d.secs }),
        f.dateline_agencies.is_empty(),
        f.id.as_bytes(),
    )
}

/// Share of its text, at the least, that an article must share with a pair's origin for its
/// credits to name the pair's agency when the origin credits none.
pub const CREDITING_SHARE: f64 = 0.5;

/// The agency of a pair whose origin is known: [`attributed_agency`], except that when the
/// origin credits no agency, the other article's credits name the pair's only if the pair's
/// copy is most of that article (`other_containment`, the share of it found in the origin, at
/// least [`CREDITING_SHARE`]). An uncredited reprint dated before a credited one still carries
/// the credited agency's copy; a paper that printed a ministry's release before a Reuters
/// story quoted two of its paragraphs does not carry Reuters copy. A rewrite shares few
/// verbatim shingles by nature, so the rule is for verbatim pairs (`kind` not `Rewrite`).
pub fn pair_agency(
    origin: &OriginFacts,
    other: &OriginFacts,
    kind: ReuseKind,
    other_containment: f64,
) -> String {
    let origin_names_none = origin.outlet_agency.is_none() && origin.text_agencies.is_empty();
    if origin_names_none
        && other.outlet_agency.is_none()
        && kind != ReuseKind::Rewrite
        && other_containment < CREDITING_SHARE
    {
        return String::new();
    }
    attributed_agency(Some(origin), &[other])
}

/// The agency shared copy is attributed to; `origin` is the origin's facts if known, `others`
/// the other articles involved. Empty when nothing names one.
pub fn attributed_agency(origin: Option<&OriginFacts>, others: &[&OriginFacts]) -> String {
    if let Some(agency) = origin.and_then(|o| o.outlet_agency) {
        return agency.to_string();
    }
    let mut names: Vec<&str> = origin.map(|o| o.text_agencies.clone()).unwrap_or_default();
    if names.is_empty() {
        for o in others {
            if let Some(agency) = o.outlet_agency {
                return agency.to_string();
            }
            names.extend(o.text_agencies.iter().copied());
        }
    }
    names.sort_unstable();
    names.dedup();
    names.join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: i64) -> Option<Timestamp> {
        Some(Timestamp {
            secs: d * 86_400,
            precision: DatePrecision::Day,
        })
    }

    fn facts<'a>(id: &'a str, date: Option<Timestamp>, agency: Option<&'a str>) -> OriginFacts<'a> {
        OriginFacts {
            id,
            date,
            outlet_agency: agency,
            ..Default::default()
        }
    }

    #[test]
    fn the_agency_article_is_the_origin_even_when_later() {
        let wire = facts("w", day(5), Some("Reuters"));
        let copy = facts("c", day(1), None);
        assert_eq!(pair_origin(&copy, &wire, 0.9, 0.9), Some(Side::B));
        assert_eq!(attributed_agency(Some(&wire), &[&copy]), "Reuters");
    }

    #[test]
    fn the_earliest_dated_article_otherwise() {
        let a = facts("a", day(2), None);
        let b = facts("b", day(1), None);
        assert_eq!(pair_origin(&a, &b, 0.3, 0.3), Some(Side::B));
    }

    #[test]
    fn missing_or_tied_dates_fall_back_to_containment_then_credits() {
        let a = facts("a", None, None);
        let b = facts("b", day(1), None);
        // a is mostly b's text.
        assert_eq!(pair_origin(&a, &b, 0.9, 0.2), Some(Side::B));
        // Tie, nothing decides.
        let c = facts("c", day(1), None);
        assert_eq!(pair_origin(&b, &c, 0.3, 0.3), None);
        // Tie, one side carries the agency dateline.
        let mut d = facts("d", day(1), None);
        d.dateline_agencies = vec!["AP"];
        d.text_agencies = vec!["AP"];
        assert_eq!(pair_origin(&b, &d, 0.3, 0.3), Some(Side::B));
        assert_eq!(attributed_agency(None, &[&b, &d]), "AP");
    }

    #[test]
    fn two_agency_articles_are_decided_by_date() {
        let a = facts("a", day(3), Some("AFP"));
        let b = facts("b", day(2), Some("EFE"));
        assert_eq!(pair_origin(&a, &b, 0.9, 0.9), Some(Side::B));
    }

    #[test]
    fn cluster_origin_prefers_agency_then_date_then_id() {
        let core = [
            facts("z", day(1), None),
            facts("y", day(3), Some("AP")),
            facts("x", day(2), None),
        ];
        assert_eq!(cluster_origin(&core), 1);
        let core = [
            facts("z", day(2), None),
            facts("y", None, None),
            facts("x", day(2), None),
        ];
        assert_eq!(cluster_origin(&core), 2);
    }

    fn at(secs: i64) -> Option<Timestamp> {
        Some(Timestamp::from_unix(secs))
    }

    #[test]
    fn a_date_only_article_is_compared_by_day() {
        // 2024-03-05 (date only) and 2024-03-05T14:30Z: the same day, no date decision.
        let a = facts("a", day(19_787), None);
        let b = facts("b", at(19_787 * 86_400 + 52_200), None);
        assert_eq!(pair_origin(&a, &b, 0.3, 0.3), None);
        // The copy (a mostly b's text) decides instead.
        assert_eq!(pair_origin(&a, &b, 0.9, 0.2), Some(Side::B));
        // The day before is earlier, whatever the time.
        let c = facts("c", at(19_786 * 86_400 + 86_000), None);
        assert_eq!(pair_origin(&a, &c, 0.3, 0.3), Some(Side::B));
        // Two full timestamps still compare by the second.
        let d = facts("d", at(19_787 * 86_400 + 60), None);
        assert_eq!(pair_origin(&b, &d, 0.3, 0.3), Some(Side::B));
        // In a cluster mixing both, the same day ties and the dateline (then id) decides.
        let mut e = facts("e", at(19_787 * 86_400 + 52_200), None);
        e.dateline_agencies = vec!["AP"];
        let core = [facts("a", day(19_787), None), e];
        assert_eq!(cluster_origin(&core), 1);
    }

    #[test]
    fn several_credited_agencies_are_joined() {
        let mut a = facts("a", None, None);
        a.text_agencies = vec!["EFE", "AFP"];
        assert_eq!(attributed_agency(Some(&a), &[]), "AFP;EFE");
        assert_eq!(attributed_agency(None, &[&facts("b", None, None)]), "");
    }

    /// The origin credits nobody: the other article's credit names the pair's agency when the
    /// pair's copy is most of that article, not when it is a part that article took in.
    #[test]
    fn a_later_credit_names_the_pair_only_when_the_copy_is_most_of_its_article() {
        let paper = facts("paper", day(1), None);
        let mut print = facts("print", day(2), None);
        print.text_agencies = vec!["Reuters"];
        // An uncredited reprint dated before a credited one: Reuters copy.
        assert_eq!(
            pair_agency(&paper, &print, ReuseKind::Duplicate, 0.9),
            "Reuters"
        );
        // A release the paper printed, two paragraphs of which the Reuters print quotes.
        assert_eq!(pair_agency(&paper, &print, ReuseKind::Passages, 0.3), "");
        // A rewrite shares few verbatim shingles whatever it took.
        assert_eq!(
            pair_agency(&paper, &print, ReuseKind::Rewrite, 0.05),
            "Reuters"
        );
        // The origin's own credit always names it.
        let mut credited = paper.clone();
        credited.text_agencies = vec!["AP"];
        assert_eq!(
            pair_agency(&credited, &print, ReuseKind::Passages, 0.3),
            "AP"
        );
    }
}
