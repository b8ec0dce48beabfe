//! Limits on what people type, checked in the domain before anything
//! reaches the database, so both databases refuse the same input with the
//! same message (PostgreSQL would otherwise fail on a `varchar` that
//! SQLite accepts) and the form comes back with the text kept.

use crate::error::FormErrors;

/// Reasons given by staff and reviewers (stored in the log and shown).
pub const REASON_MAX: usize = 500;
/// Edit summaries of guides (a `varchar(500)` column).
pub const SUMMARY_MAX: usize = 500;
/// Topic titles.
pub const TITLE_MIN: usize = 5;
pub const TITLE_MAX: usize = 200;
/// What a flag says beside its reason.
pub const FLAG_TEXT_MAX: usize = 1000;
/// A section name of a guide, and how many sections one guide is in.
pub const SECTION_NAME_MAX: usize = 60;
pub const SECTIONS_MAX: usize = 10;
/// Lower-cased keys kept for matching titles (`varchar(255)`).
pub const KEY_MAX: usize = 255;

/// A trimmed reason; `required` adds a message when it is empty.
pub fn reason(errors: &mut FormErrors, field: &'static str, value: &str, required: bool) -> String {
    let v = value.trim();
    if required && v.is_empty() {
        errors.add(field, "err-reason-required");
    }
    at_most(errors, field, v, REASON_MAX);
    v.to_owned()
}

/// Adds "at most {max} characters" when `value` is longer.
pub fn at_most(errors: &mut FormErrors, field: &'static str, value: &str, max: usize) {
    if value.chars().count() > max {
        errors.add_with(field, "err-too-long", vec![("max", max.to_string())]);
    }
}

/// The first `max` characters (for keys derived from checked input, whose
/// length can grow, e.g. when lower-casing).
pub fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// The lower-case matching key of a title, within its column.
pub fn search_key(title: &str) -> String {
    truncate(&title.to_lowercase(), KEY_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_casing_can_grow_a_title_but_not_its_key() {
        // U+0130 lower-cases to two characters.
        let title = "İ".repeat(TITLE_MAX);
        assert!(title.to_lowercase().chars().count() > KEY_MAX);
        assert_eq!(search_key(&title).chars().count(), KEY_MAX);
    }

    #[test]
    fn reasons_are_limited_and_may_be_required() {
        let mut e = FormErrors::new();
        reason(&mut e, "reason", "  ", true);
        assert_eq!(e.get("reason").map(|m| m.key), Some("err-reason-required"));
        let mut e = FormErrors::new();
        reason(&mut e, "reason", &"x".repeat(REASON_MAX + 1), false);
        assert_eq!(e.get("reason").map(|m| m.key), Some("err-too-long"));
        let mut e = FormErrors::new();
        assert_eq!(reason(&mut e, "reason", " ok ", true), "ok");
        assert!(e.is_empty());
    }
}
