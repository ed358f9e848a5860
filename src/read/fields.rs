//! Field resolution: which JSON key or CSV column holds each article field, and how a record's
//! captured values become an [`Article`].
//!
//! In: the user's `--field NAME=COLUMN` overrides ([`FieldMap`]), then per record the values of
//! the keys the [`Resolver`] asked for (everything else in the record is never decoded).
//! Out: an [`Article`], or the [`SkipReason`] and detail that explain why the record is skipped.
//!
//! Invariants (SPEC "Field aliases"): for each field the first alias that is present and not blank
//! wins; an override replaces the alias list of its field. A kept article has a non-blank id and
//! text and a non-empty outlet; id, outlet, title, url are trimmed, the text is kept exactly as read.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::error::{Error, SkipReason};
use crate::model::{Article, Location, Timestamp};

/// A record field that `--field NAME=COLUMN` can map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Id,
    Text,
    Title,
    Outlet,
    Date,
    Url,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Id,
        Field::Text,
        Field::Title,
        Field::Outlet,
        Field::Date,
        Field::Url,
    ];

    /// The name used by `--field`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Text => "text",
            Field::Title => "title",
            Field::Outlet => "outlet",
            Field::Date => "date",
            Field::Url => "url",
        }
    }

    /// The keys tried, in order, when the user did not map this field (SPEC "Field aliases").
    /// `url` is not listed for `id`: the id falls back to the resolved URL instead, so that
    /// `--field url=link` also feeds the id.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Id => &["id", "article_id", "guid"],
            Field::Text => &["text", "maintext", "body", "content", "article"],
            Field::Title => &["title", "headline"],
            Field::Outlet => &[
                "outlet",
                "source",
                "source_domain",
                "series",
                "publisher",
                "domain",
                "media",
            ],
            Field::Date => &[
                "date",
                "published",
                "date_publish",
                "publish_date",
                "pubdate",
                "timestamp",
            ],
            Field::Url => &["url"],
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Field {
    type Err = String;

    fn from_str(s: &str) -> Result<Field, String> {
        Field::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("unknown field {s:?} (expected one of id, text, title, outlet, date, url)")
            })
    }
}

/// User overrides of the field aliases (`--field text=body`). Invariant: at most one override
/// per field, and no empty column name (enforced by [`FieldMap::parse_args`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldMap {
    pub overrides: Vec<(Field, String)>,
}

impl FieldMap {
    /// Parses the `--field NAME=COLUMN` arguments. A spec without `=`, an unknown name, an empty
    /// column or a field given twice is a usage error (exit code 2).
    pub fn parse_args(specs: &[String]) -> Result<FieldMap, Error> {
        let mut overrides: Vec<(Field, String)> = Vec::with_capacity(specs.len());
        for spec in specs {
            let bad = |why: String| Error::Usage(format!("--field {spec}: {why}"));
            let Some((name, column)) = spec.split_once('=') else {
                return Err(bad("expected NAME=COLUMN, e.g. --field text=body".into()));
            };
            let field: Field = name.parse().map_err(bad)?;
            let column = column.trim();
            if column.is_empty() {
                return Err(bad("the column name is empty".into()));
            }
            if overrides.iter().any(|(f, _)| *f == field) {
                return Err(bad(format!("{field} is mapped twice")));
            }
            overrides.push((field, column.to_owned()));
        }
        Ok(FieldMap { overrides })
    }

    /// The user's column for `field`, if mapped.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.overrides
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| c.as_str())
    }
}

/// One captured value. JSON `null` is never captured (it counts as absent).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Scalar<'a> {
    Str(Cow<'a, str>),
    Int(i64),
    UInt(u64),
    Float(f64),
    /// A boolean, array or object: present but unusable, so treated as absent.
    Other,
}

impl<'a> Scalar<'a> {
    /// The value as text, `None` for [`Scalar::Other`]. Numbers print as JSON would.
    fn into_text(self) -> Option<Cow<'a, str>> {
        match self {
            Scalar::Str(s) => Some(s),
            Scalar::Int(n) => Some(Cow::Owned(n.to_string())),
            Scalar::UInt(n) => Some(Cow::Owned(n.to_string())),
            Scalar::Float(n) => Some(Cow::Owned(n.to_string())),
            Scalar::Other => None,
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            Scalar::Str(s) => s.trim().is_empty(),
            Scalar::Other => true,
            _ => false,
        }
    }
}

/// Where a record sits, besides its line: what the outlet falls back to.
#[derive(Clone, Debug, Default)]
pub(crate) struct RecordContext {
    /// The first folder below the input root, when the file sits in a subfolder.
    pub folder: Option<String>,
}

/// The resolved field plan for one run: the distinct keys to capture and, per field, the
/// capture slots to try in order. Invariant: every slot index in `lookup` is `< keys.len()`.
#[derive(Clone, Debug)]
pub(crate) struct Resolver {
    keys: Vec<String>,
    lookup: [Vec<usize>; 6],
    overridden: [bool; 6],
}

impl Resolver {
    pub fn new(map: &FieldMap) -> Resolver {
        let mut keys: Vec<String> = Vec::new();
        let mut lookup: [Vec<usize>; 6] = Default::default();
        let mut overridden = [false; 6];
        for field in Field::ALL {
            let names: Vec<&str> = match map.get(field) {
                Some(column) => {
                    overridden[field.index()] = true;
                    vec![column]
                }
                None => field.aliases().to_vec(),
            };
            for name in names {
                let slot = match keys.iter().position(|k| k == name) {
                    Some(i) => i,
                    None => {
                        keys.push(name.to_owned());
                        keys.len() - 1
                    }
                };
                lookup[field.index()].push(slot);
            }
        }
        Resolver {
            keys,
            lookup,
            overridden,
        }
    }

    /// The keys a record's values are captured for; a value vector is indexed like this.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The capture slot of a JSON key (exact match), if the key is wanted.
    #[inline]
    pub fn slot_of(&self, key: &str) -> Option<usize> {
        self.keys.iter().position(|k| k == key)
    }

    /// The capture slots tried for `field`, in order.
    pub fn slots(&self, field: Field) -> &[usize] {
        &self.lookup[field.index()]
    }

    /// Whether the user mapped `field` with `--field`.
    pub fn is_overridden(&self, field: Field) -> bool {
        self.overridden[field.index()]
    }

    /// The key names tried for `field`, for messages: `text, maintext, body, content or article`.
    pub fn describe(&self, field: Field) -> String {
        let names: Vec<&str> = self
            .slots(field)
            .iter()
            .map(|&s| self.keys[s].as_str())
            .collect();
        match names.split_last() {
            None => String::new(),
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        }
    }

    /// Takes the first present, non-blank value for `field` out of `vals`.
    fn take(&self, field: Field, vals: &mut [Option<Scalar<'_>>]) -> Option<Scalar<'static>> {
        for &slot in self.slots(field) {
            let Some(v) = vals.get_mut(slot) else {
                continue;
            };
            if v.as_ref().is_some_and(|v| !v.is_blank()) {
                // Owned so that the value can outlive the record buffer; `Cow::Owned` moves.
                return v.take().map(into_static);
            }
        }
        None
    }

    /// Looks at the first present, non-blank value for `field` without taking it.
    fn peek<'v>(&self, field: Field, vals: &'v [Option<Scalar<'_>>]) -> Option<&'v Scalar<'v>> {
        self.slots(field)
            .iter()
            .filter_map(|&slot| vals.get(slot).and_then(Option::as_ref))
            .find(|v| !v.is_blank())
    }

    /// Builds the article from a record's captured values (indexed like [`Resolver::keys`]).
    /// Values may be taken out of `vals`.
    pub fn build(
        &self,
        vals: &mut [Option<Scalar<'_>>],
        ctx: &RecordContext,
        location: Location,
    ) -> Result<Article, (SkipReason, String)> {
        let text = match self.take(Field::Text, vals).and_then(Scalar::into_text) {
            Some(t) => t.into_owned(),
            None => {
                return Err((
                    SkipReason::MissingText,
                    format!("no non-empty {}", self.describe(Field::Text)),
                ))
            }
        };
        // The url is read before the id, which may fall back to it.
        let url = self.text_of(Field::Url, vals).unwrap_or_default();
        let id = match self.text_of(Field::Id, vals) {
            Some(id) => id,
            None if !self.is_overridden(Field::Id) && !url.is_empty() => url.clone(),
            None => {
                let mut tried = self.describe(Field::Id);
                if !self.is_overridden(Field::Id) {
                    tried = format!("{tried}, or {}", self.describe(Field::Url));
                }
                return Err((SkipReason::MissingId, format!("no non-empty {tried}")));
            }
        };
        let outlet = self
            .text_of(Field::Outlet, vals)
            .or_else(|| url_host(&url))
            .or_else(|| ctx.folder.clone())
            .unwrap_or_else(|| crate::model::UNKNOWN_OUTLET.to_owned());
        let title = self.text_of(Field::Title, vals).unwrap_or_default();
        let date = self.peek(Field::Date, vals).and_then(|v| match v {
            Scalar::Str(s) => Timestamp::parse(s),
            // Seconds, milliseconds, microseconds or nanoseconds, by magnitude.
            Scalar::Int(n) => Timestamp::from_digits(*n),
            Scalar::UInt(n) => i64::try_from(*n).ok().and_then(Timestamp::from_digits),
            Scalar::Float(n) => Timestamp::from_epoch_f64(*n),
            Scalar::Other => None,
        });
        Ok(Article {
            id,
            outlet,
            date,
            title,
            url,
            text,
            location,
        })
    }

    /// The first present, non-blank value of `field`, trimmed.
    fn text_of(&self, field: Field, vals: &[Option<Scalar<'_>>]) -> Option<String> {
        let v = self.peek(field, vals)?.clone().into_text()?;
        let t = v.trim();
        (!t.is_empty()).then(|| t.to_owned())
    }
}

fn into_static(v: Scalar<'_>) -> Scalar<'static> {
    match v {
        Scalar::Str(s) => Scalar::Str(Cow::Owned(s.into_owned())),
        Scalar::Int(n) => Scalar::Int(n),
        Scalar::UInt(n) => Scalar::UInt(n),
        Scalar::Float(n) => Scalar::Float(n),
        Scalar::Other => Scalar::Other,
    }
}

/// The host of an absolute URL, lower-cased, without a leading `www.`, port or user info.
/// `None` when the text is not `scheme://host…` or `//host…`.
pub(crate) fn url_host(url: &str) -> Option<String> {
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None => url.strip_prefix("//")?,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").map(str::to_owned).unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parse_args_accepts_every_field() {
        let m = FieldMap::parse_args(&specs(&[
            "id=guid2",
            "text=body2",
            "title=hl",
            "outlet=site",
            "date=when",
            "URL = link ",
        ]))
        .unwrap();
        assert_eq!(m.get(Field::Id), Some("guid2"));
        assert_eq!(m.get(Field::Url), Some("link"));
        assert_eq!(m.overrides.len(), 6);
        // A column name may itself contain '='.
        let m = FieldMap::parse_args(&specs(&["text=a=b"])).unwrap();
        assert_eq!(m.get(Field::Text), Some("a=b"));
    }

    #[test]
    fn parse_args_rejects_bad_specs() {
        for (spec, want) in [
            ("text", "--field text: expected NAME=COLUMN"),
            ("body=text", "--field body=text: unknown field \"body\""),
            ("text=", "--field text=: the column name is empty"),
        ] {
            match FieldMap::parse_args(&specs(&[spec])) {
                Err(Error::Usage(msg)) => assert!(msg.starts_with(want), "{msg}"),
                other => panic!("{spec}: {other:?}"),
            }
        }
        match FieldMap::parse_args(&specs(&["text=a", "text=b"])) {
            Err(e) => {
                assert_eq!(e.exit_code(), 2);
                assert_eq!(e.to_string(), "--field text=b: text is mapped twice");
            }
            Ok(m) => panic!("{m:?}"),
        }
    }

    #[test]
    fn url_hosts() {
        assert_eq!(
            url_host("https://www.BBC.co.uk/news/1").as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(
            url_host("http://user@example.com:8080?q").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            url_host("//cdn.example.org/x").as_deref(),
            Some("cdn.example.org")
        );
        assert_eq!(url_host("http://[::1]:80/").as_deref(), Some("::1"));
        assert_eq!(url_host("example.com/path"), None);
        assert_eq!(url_host("https:///path"), None);
    }

    fn build(map: &FieldMap, pairs: &[(&str, Scalar<'static>)]) -> Result<Article, SkipReason> {
        let r = Resolver::new(map);
        let mut vals: Vec<Option<Scalar>> = vec![None; r.keys().len()];
        for (k, v) in pairs {
            if let Some(s) = r.slot_of(k) {
                vals[s] = Some(v.clone());
            }
        }
        let loc = Location {
            file: "f".into(),
            line: Some(1),
        };
        r.build(&mut vals, &RecordContext::default(), loc)
            .map_err(|(r, _)| r)
    }

    fn s(v: &str) -> Scalar<'static> {
        Scalar::Str(Cow::Owned(v.to_owned()))
    }

    #[test]
    fn first_present_non_blank_alias_wins() {
        let a = build(
            &FieldMap::default(),
            &[
                ("id", s("  ")),
                ("guid", s(" g1 ")),
                ("text", s("")),
                ("body", s(" Body text ")),
                ("headline", s(" H ")),
                ("source", s(" ")),
                ("media", s("M")),
                ("published", Scalar::Int(0)),
            ],
        )
        .unwrap();
        assert_eq!(a.id, "g1");
        assert_eq!(a.text, " Body text ");
        assert_eq!(a.title, "H");
        assert_eq!(a.outlet, "M");
        assert_eq!(
            a.date.map(|d| d.to_string()).as_deref(),
            Some("1970-01-01T00:00:00Z")
        );
    }

    #[test]
    fn id_falls_back_to_url_and_outlet_to_host() {
        let a = build(
            &FieldMap::default(),
            &[("url", s("https://www.example.com/a")), ("text", s("t"))],
        )
        .unwrap();
        assert_eq!(a.id, "https://www.example.com/a");
        assert_eq!(a.outlet, "example.com");
        let a = build(
            &FieldMap::default(),
            &[("id", Scalar::UInt(42)), ("text", s("t"))],
        )
        .unwrap();
        assert_eq!((a.id.as_str(), a.outlet.as_str()), ("42", "unknown"));
    }

    #[test]
    fn missing_fields() {
        let d = FieldMap::default();
        assert_eq!(build(&d, &[("id", s("1"))]), Err(SkipReason::MissingText));
        assert_eq!(build(&d, &[("text", s("t"))]), Err(SkipReason::MissingId));
        assert_eq!(
            build(&d, &[("id", s("1")), ("text", Scalar::Other)]),
            Err(SkipReason::MissingText)
        );
    }

    #[test]
    fn override_replaces_aliases() {
        let m = FieldMap::parse_args(&specs(&["text=story", "id=key"])).unwrap();
        // The default aliases are no longer consulted for the mapped fields.
        assert_eq!(
            build(&m, &[("key", s("k")), ("text", s("t"))]),
            Err(SkipReason::MissingText)
        );
        assert_eq!(
            build(&m, &[("url", s("http://x/")), ("story", s("t"))]),
            Err(SkipReason::MissingId)
        );
        let a = build(&m, &[("key", s("k")), ("story", s("t"))]).unwrap();
        assert_eq!((a.id.as_str(), a.text.as_str()), ("k", "t"));
    }
}
