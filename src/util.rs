//! Small shared helpers.

use time::OffsetDateTime;

/// The cores this process may run on (2 when the system does not say),
/// for sizing pools and concurrent work.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
}

/// Now, in UTC, truncated to microseconds: the precision PostgreSQL keeps,
/// so a time read back equals the time written on both databases (keyset
/// cursors depend on that).
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1000 * 1000).unwrap_or(t)
}

pub fn unix_micros(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1000).unwrap_or(i64::MAX)
}

pub fn from_unix_micros(us: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1000).ok()
}

/// `2026-11-24 19:08 UTC`.
pub fn datetime(t: &OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    t.format(&f).unwrap_or_default()
}

/// `2026-11-24T19:08:30Z`, for `<time datetime>` and feeds.
pub fn rfc3339(t: &OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// A short relative time ("5 min", "3 h", "2 d", or a date), by locale.
pub fn relative(t: &OffsetDateTime, now: &OffsetDateTime, locale: &str) -> String {
    let secs = (*now - *t).whole_seconds().max(0);
    let (n, key) = match secs {
        s if s < 60 => (0, "time-just-now"),
        s if s < 3600 => (s / 60, "time-minutes"),
        s if s < 86_400 => (s / 3600, "time-hours"),
        s if s < 30 * 86_400 => (s / 86_400, "time-days"),
        _ => {
            let f = time::macros::format_description!("[year]-[month]-[day]");
            return t.format(&f).unwrap_or_default();
        }
    };
    crate::i18n::text(locale, key, &[("n", n.to_string())])
}
