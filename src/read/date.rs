//! Publication dates: the strings and numbers found in news dumps → [`Timestamp`] (UTC seconds plus
//! a precision), and back to the report form.
//!
//! In: a date field's text (RFC 3339 with any offset; `YYYY-MM-DD`; `YYYY-MM-DD HH:MM:SS` or
//! `YYYY-MM-DDTHH:MM:SS`, optionally with fractional seconds and a zone; an all-digit Unix
//! epoch; RFC 2822 as in RSS `pubDate`) or a JSON number holding a Unix epoch.
//!
//! Compact dates come first: eight digits that make a calendar date from 1900 to 2199 are
//! `YYYYMMDD` (`20240305`, as many archives and GDELT print dates), and fourteen digits that
//! make a valid date and time are `YYYYMMDDhhmmss` in UTC. As epochs they would be seconds in
//! 1970–1973 and milliseconds past the year 2286, which no news dump holds; fourteen digits
//! that make no date and time are no date.
//!
//! Unix epochs come in seconds, milliseconds (JavaScript, Java), microseconds or nanoseconds;
//! the unit is told by magnitude ([`Timestamp::from_epoch`]): below 10^11 seconds (up to the
//! year 5138), below 10^14 milliseconds (from March 1973), below 10^17 microseconds, above that
//! nanoseconds. So `1709650200000` is 2024-03-05T14:50:00Z, not the year 56146. (A millisecond
//! epoch before March 1973 would read as seconds; news dumps do not hold such dates.)
//! Out: `Some(Timestamp)` in UTC, or `None` when the text is not a date — an unreadable date never
//! costs the article, it only loses its date.
//!
//! Invariants: a parsed `Timestamp` always lies in chrono's representable range, so `Display`
//! prints a calendar date for it; a `Day` timestamp is midnight UTC of that day; fractional
//! seconds are truncated, never rounded (rounding could move an article to the next day).

use std::fmt;

use chrono::{DateTime, NaiveDate};

use crate::model::{DatePrecision, Timestamp};

impl Timestamp {
    /// A full-precision timestamp from Unix seconds, unchecked (for constants and tests).
    pub const fn from_unix(secs: i64) -> Timestamp {
        Timestamp {
            secs,
            precision: DatePrecision::Second,
        }
    }

    /// A full-precision timestamp from Unix seconds, `None` if no calendar date can show it.
    pub fn from_unix_checked(secs: i64) -> Option<Timestamp> {
        DateTime::from_timestamp(secs, 0).map(|_| Timestamp::from_unix(secs))
    }

    /// A timestamp from a JSON number of Unix seconds; a fraction is dropped (floor).
    pub fn from_unix_f64(secs: f64) -> Option<Timestamp> {
        if !secs.is_finite() {
            return None;
        }
        let floor = secs.floor();
        // i64 covers far more than chrono does; the checked constructor rejects the rest.
        if floor < i64::MIN as f64 || floor > i64::MAX as f64 {
            return None;
        }
        Timestamp::from_unix_checked(floor as i64)
    }

    /// A timestamp from an all-digit date: a compact `YYYYMMDD` or `YYYYMMDDhhmmss` date, else
    /// a Unix epoch ([`Timestamp::from_epoch`]); see the module header.
    pub fn from_digits(n: i64) -> Option<Timestamp> {
        if (COMPACT_SECONDS_MIN..=COMPACT_SECONDS_MAX).contains(&n) {
            return compact(n);
        }
        compact(n).or_else(|| Timestamp::from_epoch(n))
    }

    /// A timestamp from a Unix epoch in seconds, milliseconds, microseconds or nanoseconds,
    /// told apart by magnitude (see the module header); sub-second parts are dropped (floor).
    pub fn from_epoch(n: i64) -> Option<Timestamp> {
        let divisor = epoch_divisor(n.unsigned_abs() as f64);
        Timestamp::from_unix_checked(n.div_euclid(divisor as i64))
    }

    /// [`Timestamp::from_epoch`] for a JSON number, which may have a fraction.
    pub fn from_epoch_f64(n: f64) -> Option<Timestamp> {
        if !n.is_finite() {
            return None;
        }
        Timestamp::from_unix_f64(n / epoch_divisor(n.abs()))
    }

    /// Days since the Unix epoch (UTC): what a date-only timestamp is compared by.
    pub fn day(&self) -> i64 {
        self.secs.div_euclid(86_400)
    }

    /// A day-precision timestamp (midnight UTC), `None` for an impossible date.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Timestamp> {
        let secs = NaiveDate::from_ymd_opt(year, month, day)?
            .and_hms_opt(0, 0, 0)?
            .and_utc()
            .timestamp();
        Some(Timestamp {
            secs,
            precision: DatePrecision::Day,
        })
    }

    /// Parses any accepted date form (see the module header); surrounding white space is
    /// ignored. Returns `None` for anything else, including impossible dates (`2024-02-30`).
    pub fn parse(s: &str) -> Option<Timestamp> {
        let s = s.trim();
        let bytes = s.as_bytes();
        if bytes.is_empty() {
            return None;
        }
        if bytes.iter().all(u8::is_ascii_digit) {
            let n = s.parse::<i64>().ok()?;
            // Written as text, the digit count decides: "020240305" is no compact date, and
            // fourteen digits ("00000000000000") are a compact date or nothing.
            return match bytes.len() {
                8 => Timestamp::from_digits(n),
                14 => compact(n),
                _ => Timestamp::from_epoch(n),
            };
        }
        if bytes.len() >= 10 && bytes[4] == b'-' && bytes[..4].iter().all(u8::is_ascii_digit) {
            return parse_iso(bytes);
        }
        // RSS and e-mail style: "Tue, 05 Mar 2024 14:30:00 +0000".
        DateTime::parse_from_rfc2822(s)
            .ok()
            .and_then(|dt| Timestamp::from_unix_checked(dt.timestamp()))
    }
}

/// Fourteen digits: a compact date and time, or nothing (as a millisecond epoch, a date after
/// the year 2286).
const COMPACT_SECONDS_MIN: i64 = 10_000_000_000_000;
const COMPACT_SECONDS_MAX: i64 = 99_999_999_999_999;

/// A compact `YYYYMMDD` (day) or `YYYYMMDDhhmmss` (second, UTC) date, if `n` is one.
fn compact(n: i64) -> Option<Timestamp> {
    let date = |d: i64| {
        let (year, month, day) = (d / 10_000, d / 100 % 100, d % 100);
        if !(1900..=2199).contains(&year) {
            return None;
        }
        Timestamp::from_ymd(year as i32, month as u32, day as u32)
    };
    match n {
        10_000_000..=99_999_999 => date(n),
        COMPACT_SECONDS_MIN..=COMPACT_SECONDS_MAX => {
            let day = date(n / 1_000_000)?;
            let (h, m, s) = (n / 10_000 % 100, n / 100 % 100, n % 100);
            if h > 23 || m > 59 || s > 59 {
                return None;
            }
            Some(Timestamp {
                secs: day.secs + h * 3600 + m * 60 + s,
                precision: DatePrecision::Second,
            })
        }
        _ => None,
    }
}

/// Units per second of an epoch of this magnitude (see the module header).
fn epoch_divisor(magnitude: f64) -> f64 {
    if magnitude < 1e11 {
        1.0
    } else if magnitude < 1e14 {
        1e3
    } else if magnitude < 1e17 {
        1e6
    } else {
        1e9
    }
}

impl fmt::Display for Timestamp {
    /// `2024-03-05` for a day, `2024-03-05T14:30:00Z` for a full timestamp; always UTC.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::{Datelike, Timelike};
        let Some(dt) = DateTime::from_timestamp(self.secs, 0) else {
            // Only reachable for a hand-built value outside chrono's range.
            return write!(f, "@{}", self.secs);
        };
        write!(f, "{:04}-{:02}-{:02}", dt.year(), dt.month(), dt.day())?;
        if self.precision == DatePrecision::Second {
            write!(
                f,
                "T{:02}:{:02}:{:02}Z",
                dt.hour(),
                dt.minute(),
                dt.second()
            )?;
        }
        Ok(())
    }
}

/// A tiny cursor over ASCII bytes, for the hand-written ISO parser (faster and stricter than a
/// format string, and it lets one parser cover every ISO variant we accept).
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Exactly `n` ASCII digits as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let end = self.i.checked_add(n)?;
        let chunk = self.b.get(self.i..end)?;
        let mut v = 0u32;
        for &c in chunk {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        self.i = end;
        Some(v)
    }

    fn at_end(&self) -> bool {
        self.i == self.b.len()
    }

    fn rest(&self) -> &[u8] {
        &self.b[self.i.min(self.b.len())..]
    }
}

/// `YYYY-MM-DD[(T|t| )HH:MM[:SS[.fff]][ ][Z|UTC|GMT|±HH[:MM]]]`.
fn parse_iso(b: &[u8]) -> Option<Timestamp> {
    let mut c = Cursor { b, i: 0 };
    let year = c.digits(4)?;
    let (true, Some(month), true, Some(day)) = (c.eat(b'-'), c.digits(2), c.eat(b'-'), c.digits(2))
    else {
        return None;
    };
    let year = i32::try_from(year).ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    if c.at_end() {
        return Timestamp::from_ymd(year, month, day);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let hour = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2)?;
    let second = if c.eat(b':') { c.digits(2)? } else { 0 };
    if c.eat(b'.') || c.eat(b',') {
        let start = c.i;
        while c.peek().is_some_and(|d| d.is_ascii_digit()) {
            c.i += 1;
        }
        if c.i == start {
            return None;
        }
    }
    let offset = parse_zone(&mut c)?;
    if !c.at_end() {
        return None;
    }
    let local = date
        .and_hms_opt(hour, minute, second)?
        .and_utc()
        .timestamp();
    Timestamp::from_unix_checked(local.checked_sub(offset)?)
}

/// The zone suffix as seconds east of UTC; no zone means UTC.
fn parse_zone(c: &mut Cursor<'_>) -> Option<i64> {
    if c.at_end() {
        return Some(0);
    }
    c.eat(b' ');
    match c.rest() {
        b"Z" | b"z" | b"UTC" | b"GMT" => {
            c.i = c.b.len();
            return Some(0);
        }
        _ => {}
    }
    let sign = if c.eat(b'+') {
        1
    } else if c.eat(b'-') {
        -1
    } else {
        return None;
    };
    let hours = c.digits(2)?;
    c.eat(b':');
    let minutes = if c.at_end() { 0 } else { c.digits(2)? };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * i64::from(hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Option<String> {
        Timestamp::parse(s).map(|t| t.to_string())
    }

    #[test]
    fn iso_date_is_day_precision() {
        let t = Timestamp::parse("2024-03-05").unwrap();
        assert_eq!(t.precision, DatePrecision::Day);
        assert_eq!(t.secs, 1_709_596_800);
        assert_eq!(t.to_string(), "2024-03-05");
        assert_eq!(ts("  1851-03-01 ").as_deref(), Some("1851-03-01"));
    }

    #[test]
    fn compact_dates_are_dates_not_epochs() {
        assert_eq!(ts("20240305").as_deref(), Some("2024-03-05"));
        assert_eq!(
            ts("20240305143000").as_deref(),
            Some("2024-03-05T14:30:00Z")
        );
        assert_eq!(
            Timestamp::from_digits(20240305)
                .map(|t| t.to_string())
                .as_deref(),
            Some("2024-03-05")
        );
        // Not a calendar date, or out of the years a compact date may hold: an epoch.
        assert_eq!(ts("20241305").as_deref(), Some("1970-08-23T06:35:05Z"));
        assert_eq!(ts("10000000").as_deref(), Some("1970-04-26T17:46:40Z"));
        assert_eq!(
            ts("20240305250000"),
            None,
            "hour 25; as an epoch, the year 2611"
        );
        assert_eq!(ts("00000000000000"), None);
        // Nine digits are seconds, whatever the value.
        assert_eq!(ts("020240305").as_deref(), Some("1970-08-23T06:18:25Z"));
        // Epochs of today's dates keep their meaning.
        assert_eq!(ts("1709649000").as_deref(), Some("2024-03-05T14:30:00Z"));
        assert_eq!(ts("1709649000000").as_deref(), Some("2024-03-05T14:30:00Z"));
    }

    #[test]
    fn date_times_without_zone_are_utc() {
        for s in [
            "2024-03-05 14:30:00",
            "2024-03-05T14:30:00",
            "2024-03-05t14:30:00",
            "2024-03-05T14:30:00.123456",
            "2024-03-05 14:30:00.9",
            "2024-03-05 14:30",
        ] {
            assert_eq!(ts(s).as_deref(), Some("2024-03-05T14:30:00Z"), "{s}");
        }
    }

    #[test]
    fn rfc3339_offsets_are_converted_to_utc() {
        assert_eq!(
            ts("2024-03-05T14:30:00Z").as_deref(),
            Some("2024-03-05T14:30:00Z")
        );
        assert_eq!(
            ts("2024-03-05T14:30:00+01:00").as_deref(),
            Some("2024-03-05T13:30:00Z")
        );
        assert_eq!(
            ts("2024-03-05T23:30:00-05:00").as_deref(),
            Some("2024-03-06T04:30:00Z")
        );
        assert_eq!(
            ts("2024-03-05T14:30:00.5+0530").as_deref(),
            Some("2024-03-05T09:00:00Z")
        );
        assert_eq!(
            ts("2024-03-05 14:30:00 UTC").as_deref(),
            Some("2024-03-05T14:30:00Z")
        );
        let t = Timestamp::parse("2024-03-05T14:30:00Z").unwrap();
        assert_eq!(t.precision, DatePrecision::Second);
        assert_eq!(t.secs, 1_709_649_000);
    }

    #[test]
    fn unix_seconds() {
        assert_eq!(ts("1709649000").as_deref(), Some("2024-03-05T14:30:00Z"));
        assert_eq!(ts("0").as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            Timestamp::from_unix_f64(1_709_649_000.9)
                .map(|t| t.to_string())
                .as_deref(),
            Some("2024-03-05T14:30:00Z")
        );
        assert_eq!(Timestamp::from_unix_f64(f64::NAN), None);
        assert_eq!(Timestamp::from_unix_checked(i64::MAX), None);
        assert_eq!(ts("99999999999999999999999"), None);
    }

    #[test]
    fn millisecond_microsecond_and_nanosecond_epochs() {
        for s in [
            "1709650200",
            "1709650200000",
            "1709650200123",
            "1709650200000000",
            "1709650200000000000",
        ] {
            assert_eq!(ts(s).as_deref(), Some("2024-03-05T14:50:00Z"), "{s}");
        }
        let want = Some("2024-03-05T14:50:00Z".to_string());
        let show = |t: Option<Timestamp>| t.map(|t| t.to_string());
        assert_eq!(show(Timestamp::from_epoch(1_709_650_200_000)), want);
        assert_eq!(show(Timestamp::from_epoch_f64(1_709_650_200_000.0)), want);
        assert_eq!(show(Timestamp::from_epoch_f64(1_709_650_200.5)), want);
        // The edges of the magnitude rule.
        assert_eq!(
            show(Timestamp::from_epoch(99_999_999_999)).as_deref(),
            Some("5138-11-16T09:46:39Z")
        );
        assert_eq!(
            show(Timestamp::from_epoch(100_000_000_000)).as_deref(),
            Some("1973-03-03T09:46:40Z")
        );
        // Before 1970, in milliseconds.
        assert_eq!(
            show(Timestamp::from_epoch(-100_000_000_000)).as_deref(),
            Some("1966-10-31T14:13:20Z")
        );
    }

    #[test]
    fn rfc2822() {
        assert_eq!(
            ts("Tue, 05 Mar 2024 14:30:00 +0100").as_deref(),
            Some("2024-03-05T13:30:00Z")
        );
    }

    #[test]
    fn rejects() {
        for s in [
            "",
            "   ",
            "yesterday",
            "2024-02-30",
            "2024-13-01",
            "2024-3-5",
            "2024-03-05X",
            "2024-03-05T25:00:00",
            "2024-03-05T14:30:00+25:00",
            "2024-03-05T14:30:00 PST",
            "2024-03-05T14:30:00.",
            "-1709649000",
            "1709649000.5",
            "05/03/2024",
        ] {
            assert_eq!(Timestamp::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn display_out_of_range_does_not_panic() {
        assert_eq!(
            Timestamp::from_unix(i64::MAX).to_string(),
            format!("@{}", i64::MAX)
        );
    }
}
