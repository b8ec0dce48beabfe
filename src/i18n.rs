//! UI language: Fluent message files under `locales/`, embedded at build time.
//!
//! Templates call `{{ t(key="…", lang=lang) }}`; Rust code calls [`text`].
//! The language of a request is, in order: the member's setting, the
//! visitor's choice kept in the session, `Accept-Language`, the configured
//! default.

use std::collections::HashMap;

use fluent_templates::{Loader, static_loader};
use unic_langid::LanguageIdentifier;

static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Locales with a complete message file, in the order shown to people.
pub const SUPPORTED: &[&str] = &["en", "uk"];

/// A supported locale code for `tag` (`uk-UA` -> `uk`), if any.
pub fn parse_locale(tag: &str) -> Option<&'static str> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    SUPPORTED.iter().copied().find(|l| *l == primary)
}

/// The best supported locale from an `Accept-Language` header, honouring q-values.
pub fn from_accept_language(header: &str) -> Option<&'static str> {
    let mut best: Option<(&'static str, f32)> = None;
    for part in header.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let q =
            pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.trim().parse::<f32>().ok()).unwrap_or(1.0);
        if q <= 0.0 {
            continue;
        }
        if let Some(l) = parse_locale(tag)
            && best.is_none_or(|(_, bq)| q > bq)
        {
            best = Some((l, q));
        }
    }
    best.map(|(l, _)| l)
}

fn langid(locale: &str) -> LanguageIdentifier {
    locale.parse().unwrap_or_else(|_| unic_langid::langid!("en"))
}

/// A message in `locale`, with named arguments; the key itself if missing.
pub fn text(locale: &str, key: &str, args: &[(&str, String)]) -> String {
    try_text(locale, key, args).unwrap_or_else(|| key.to_owned())
}

/// A message in `locale` (falling back to English), if the key exists.
pub fn try_text(locale: &str, key: &str, args: &[(&str, String)]) -> Option<String> {
    let lang = langid(locale);
    if args.is_empty() {
        return LOCALES.try_lookup(&lang, key);
    }
    let args: HashMap<std::borrow::Cow<'static, str>, fluent_templates::fluent_bundle::FluentValue<'_>> =
        args.iter().map(|(k, v)| (k.replace('_', "-").into(), v.clone().into())).collect();
    LOCALES.try_lookup_with_args(&lang, key, &args)
}

/// The tera function `t(key=…, lang=…, …args)`.
pub fn tera_function() -> impl tera::Function {
    fluent_templates::FluentLoader::new(&*LOCALES).with_default_lang(unic_langid::langid!("en"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_quality_supported() {
        assert_eq!(from_accept_language("uk-UA,uk;q=0.9,en;q=0.8"), Some("uk"));
        assert_eq!(from_accept_language("ru;q=0.9,en;q=0.5,uk;q=0.7"), Some("uk"));
        assert_eq!(from_accept_language("de,fr"), None);
        assert_eq!(from_accept_language("en;q=0,uk;q=0.1"), Some("uk"));
    }

    #[test]
    fn every_english_message_exists_in_ukrainian() {
        let en = include_str!("../locales/en/main.ftl");
        let uk = include_str!("../locales/uk/main.ftl");
        let keys = |s: &str| -> Vec<String> {
            s.lines()
                .filter(|l| !l.starts_with([' ', '#', '.', '*', '[']) && l.contains(" ="))
                .filter_map(|l| l.split(" =").next().map(|k| k.trim().to_owned()))
                .collect()
        };
        let uk_keys = keys(uk);
        for k in keys(en) {
            assert!(uk_keys.contains(&k), "locales/uk/main.ftl lacks {k}");
        }
    }
}
