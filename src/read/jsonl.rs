//! JSON Lines: one JSON object per non-blank line.
//!
//! In: the decoded byte stream of one input. Out: per non-blank line, an [`Article`] or a
//! [`RecordError`] (`invalid_utf8`, `invalid_json`, `not_an_object`, `record_too_large`,
//! `missing_text`, `missing_id`), in line order.
//!
//! Speed: each object is parsed in one pass by a serde visitor that decodes only the values of
//! the keys the [`Resolver`] wants (borrowing them from the line when they have no escapes) and
//! skips everything else without allocating; no `serde_json::Value` tree is ever built.
//!
//! Invariants: a bad line costs that line only; a UTF-8 byte-order mark before the first line
//! and a `\r` before `\n` are ignored; a duplicated key keeps its last value (as `serde_json`).

use std::borrow::Cow;
use std::fmt;
use std::io::BufRead;
use std::ops::ControlFlow;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::fields::{Field, RecordContext, Resolver, Scalar};
use super::lines::{Line, LineReader};
use super::{Failure, Origin, Sink};
use crate::error::{RecordError, SkipReason};
use crate::model::{Article, Location};

/// Streams the records of one JSON Lines input into `sink`; its first line is line
/// `first_line` of the file (1 unless an engine reads the file in parts).
pub(crate) fn read_jsonl<R: BufRead>(
    reader: R,
    first_line: u64,
    origin: &Origin,
    resolver: &Resolver,
    limit: usize,
    sink: &mut Sink<'_>,
) -> Result<ControlFlow<()>, Failure> {
    let mut lines = LineReader::starting_at(reader, limit, first_line);
    loop {
        let (no, line) = match lines.next_line() {
            Ok(Some(l)) => l,
            Ok(None) => return Ok(ControlFlow::Continue(())),
            Err(source) => {
                return Err(Failure::Io {
                    source,
                    line: Some(lines.line_no()),
                })
            }
        };
        let location = Location {
            file: origin.file.clone(),
            line: Some(no),
        };
        let result = match line {
            Line::TooLarge { len } => Err(RecordError {
                location,
                reason: SkipReason::RecordTooLarge,
                detail: format!("line of {len} bytes, limit {limit}"),
            }),
            Line::Bytes(mut bytes) => {
                if no == 1 {
                    bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                }
                if is_blank(bytes) {
                    continue;
                }
                let mut vals = Vec::with_capacity(resolver.keys().len());
                parse_record(bytes, resolver, &origin.ctx, location, &mut vals)
            }
        };
        if sink(result).is_break() {
            return Ok(ControlFlow::Break(()));
        }
    }
}

fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| b.is_ascii_whitespace())
}

/// Parses one non-blank line into an article. `vals` is scratch space (cleared here).
pub(crate) fn parse_record<'a>(
    bytes: &'a [u8],
    resolver: &Resolver,
    ctx: &RecordContext,
    location: Location,
    vals: &mut Vec<Option<Scalar<'a>>>,
) -> Result<Article, RecordError> {
    let fail = |location, reason, detail| {
        Err(RecordError {
            location,
            reason,
            detail,
        })
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let detail = format!("at byte {}", e.valid_up_to() + 1);
            return fail(location, SkipReason::InvalidUtf8, detail);
        }
    };
    let first = text.trim_start().as_bytes().first().copied();
    if first != Some(b'{') {
        return match serde_json::from_str::<IgnoredAny>(text) {
            Ok(_) => fail(location, SkipReason::NotAnObject, found(first).to_owned()),
            Err(e) => fail(location, SkipReason::InvalidJson, json_message(&e)),
        };
    }
    vals.clear();
    vals.resize(resolver.keys().len(), None);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = RecordSeed {
        resolver,
        vals: vals.as_mut_slice(),
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    if let Err(e) = parsed {
        return fail(location, SkipReason::InvalidJson, json_message(&e));
    }
    let ids = resolver.slots(Field::Id);
    if ids
        .iter()
        .any(|&s| matches!(vals.get(s), Some(Some(Scalar::Float(_)))))
    {
        exact_numbers(text, resolver, ids, vals);
    }
    match resolver.build(vals, ctx, location.clone()) {
        Ok(a) => Ok(a),
        Err((reason, detail)) => fail(location, reason, detail),
    }
}

/// Puts back, for the slots `slots` that hold a float, the number's text exactly as written in
/// `text` (an object already parsed once). The parser reads a fraction, an exponent or an
/// integer past 2^64 as a float, which would print `123456789012345678901234567890` as
/// `123456789012345680000000000000`: as an id, a number is its text, digit for digit. Rare,
/// so the object is parsed a second time, keeping each value's raw text; a key given twice
/// keeps its last value, as in the first pass.
fn exact_numbers<'a>(
    text: &'a str,
    resolver: &Resolver,
    slots: &[usize],
    vals: &mut [Option<Scalar<'a>>],
) {
    struct Raw<'a>(Vec<(String, &'a serde_json::value::RawValue)>);
    impl<'de> de::Deserialize<'de> for Raw<'de> {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Raw<'de>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw<'de>, A::Error> {
                    let mut out = Vec::new();
                    while let Some(entry) = map.next_entry()? {
                        out.push(entry);
                    }
                    Ok(Raw(out))
                }
            }
            d.deserialize_map(V)
        }
    }
    let Ok(Raw(entries)) = serde_json::from_str::<Raw<'a>>(text) else {
        return;
    };
    let mut last: Vec<Option<&'a str>> = vec![None; slots.len()];
    for (key, raw) in entries {
        if let Some(i) = resolver
            .slot_of(&key)
            .and_then(|slot| slots.iter().position(|&s| s == slot))
        {
            last[i] = Some(raw.get());
        }
    }
    for (&slot, raw) in slots.iter().zip(last) {
        if let (Some(v @ Some(Scalar::Float(_))), Some(raw)) = (vals.get_mut(slot), raw) {
            if raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
                *v = Some(Scalar::Str(Cow::Borrowed(raw)));
            }
        }
    }
}

/// What a valid JSON value that is not an object is, by its first byte.
fn found(first: Option<u8>) -> &'static str {
    match first {
        Some(b'[') => "found an array",
        Some(b'"') => "found a string",
        Some(b't' | b'f') => "found a boolean",
        Some(b'n') => "found null",
        _ => "found a number",
    }
}

/// `serde_json`'s message for one line: "expected `,` or `}` at line 1 column 77" becomes
/// "expected ',' or '}' at column 77" (the line is already in the location).
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let msg = full
        .strip_suffix(&suffix)
        .unwrap_or(&full)
        .replace('`', "'");
    if e.column() > 0 {
        format!("{msg} at column {}", e.column())
    } else {
        msg
    }
}

/// Visits one JSON object, capturing the values of the wanted keys into `vals`.
struct RecordSeed<'r, 'v, 'de> {
    resolver: &'r Resolver,
    vals: &'v mut [Option<Scalar<'de>>],
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(slot) = map.next_key_seed(KeySeed(self.resolver))? {
            match slot.and_then(|s| self.vals.get_mut(s)) {
                Some(dst) => *dst = map.next_value_seed(ScalarSeed)?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// Maps an object key to its capture slot without allocating the key.
struct KeySeed<'r>(&'r Resolver);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<usize>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.slot_of(key))
    }
}

/// Decodes a wanted value; `null` is absent, compound values are skipped as [`Scalar::Other`].
struct ScalarSeed;

impl<'de> DeserializeSeed<'de> for ScalarSeed {
    type Value = Option<Scalar<'de>>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ScalarSeed {
    type Value = Option<Scalar<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Str(Cow::Borrowed(v))))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Str(Cow::Owned(v.to_owned()))))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Str(Cow::Owned(v))))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Int(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Scalar::UInt(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Float(v)))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Other))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Some(Scalar::Other))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Some(Scalar::Other))
    }
}
