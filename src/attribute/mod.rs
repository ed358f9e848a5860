//! Stage — attribute: agency credits in article text, the likely origin of shared copy, and each
//! outlet's wire share.
//!
//! * [`registry`] — the wire agencies, their aliases in any script and their web domains
//!   (built in, extended by `--agencies FILE`); which outlets *are* agencies.
//! * [`credits`] — the credit grammar: where an article credits an agency (dateline, byline, end
//!   credit), shows its photo, or only cites it. Feeds `credits.csv` and the `credited` /
//!   `uncredited` counts of `outlets.csv`.
//! * [`origin`] — which article of a pair or cluster is the likely origin of the shared copy,
//!   and the agency it is attributed to.

pub mod credits;
pub mod registry;

pub use credits::{find_credits, Credit, CreditKind};
pub use registry::Registry;
