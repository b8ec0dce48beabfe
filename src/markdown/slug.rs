//! Heading anchors. One function serves both the ids written on headings and
//! the fragment of `[[Title#Section]]` links, so the two always agree.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest slug, in characters. Long enough to stay unique in practice,
/// short enough that a 1 MB heading does not produce a 1 MB id.
const MAX_SLUG_CHARS: usize = 80;

/// Lower-cased, whitespace runs become one `-`, punctuation other than `-`
/// and `_` is dropped, letters of every script are kept as they are
/// ("Виведення коштів" -> "виведення-коштів"). NFC first, so a section typed
/// with decomposed letters still matches the heading.
pub(super) fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    let mut dash = false;
    for c in text.nfc() {
        if c.is_whitespace() {
            dash = true;
            continue;
        }
        if !(c.is_alphanumeric() || is_combining_mark(c) || c == '-' || c == '_') {
            continue;
        }
        if dash && !out.is_empty() {
            out.push('-');
            chars += 1;
        }
        dash = false;
        out.extend(c.to_lowercase());
        chars += 1;
        if chars >= MAX_SLUG_CHARS {
            break;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Hands out unique slugs in document order: `x`, `x-1`, `x-2`, … skipping
/// any that a literal heading already took ("X 1" also slugs to `x-1`).
#[derive(Default)]
pub(super) struct Slugger {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl Slugger {
    pub(super) fn unique(&mut self, base: String) -> String {
        if !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Виведення коштів"), "виведення-коштів");
        assert_eq!(slugify("  Hello,   World! "), "hello-world");
        assert_eq!(slugify("v1.2 — нове"), "v12-нове");
        assert_eq!(slugify("snake_case and-dash"), "snake_case-and-dash");
        assert_eq!(slugify("!!!"), "section");
        assert_eq!(slugify("\u{0418}\u{0306}ОГА"), "йога");
        assert_eq!(slugify(&"я".repeat(1000)).chars().count(), MAX_SLUG_CHARS);
    }

    #[test]
    fn dedup() {
        let mut s = Slugger::default();
        assert_eq!(s.unique("a".into()), "a");
        assert_eq!(s.unique("a-1".into()), "a-1");
        assert_eq!(s.unique("a".into()), "a-2");
        assert_eq!(s.unique("a".into()), "a-3");
        assert_eq!(s.unique("b".into()), "b");
    }
}
