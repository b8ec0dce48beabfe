//! UI language: Fluent message files under `locales/`, embedded at build time.
//!
//! Every `.ftl` file in a locale's folder is part of that locale
//! (`locales/ru/main.ftl`, `locales/ru/search.ftl`, …); every locale has the
//! same files with the same messages, which the tests below enforce.
//!
//! Templates call `{{ t(key="…", lang=lang, count=n) }}`; Rust code calls
//! [`text`]. Counts must reach Fluent as numbers so that plural variants
//! (`[one]`, `[few]`, `[many]`, `*[other]`) are chosen: [`text`] takes its
//! arguments as strings and passes the ones that are plain integers as
//! numbers; `t()` passes JSON numbers as numbers.
//!
//! The language of a request is, in order: the member's setting, the
//! visitor's choice kept in the session, `Accept-Language`, the configured
//! default.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use serde_json::Value;
use unic_langid::LanguageIdentifier;

static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Locales with a complete set of message files, in the order shown to people.
pub const SUPPORTED: &[&str] = &["en", "uk", "ru"];

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

type Args = HashMap<Cow<'static, str>, FluentValue<'static>>;

/// Fluent variables are kebab-case; Rust and tera names may use `_`.
fn arg_name(name: &str) -> Cow<'static, str> {
    Cow::Owned(name.replace('_', "-"))
}

/// A plain integer (`5`, `-3`, `0`; no sign-only, no leading zeros, no
/// exponent, at most 15 digits so it is exact as Fluent's `f64`).
fn is_plain_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty()
        && digits.len() <= 15
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !digits.starts_with('0'))
}

/// A string argument for Fluent: integers become numbers, so that plural
/// selection works; anything else (titles, names, "007") stays text.
fn string_arg(s: &str) -> FluentValue<'static> {
    match s.parse::<i64>() {
        Ok(n) if is_plain_integer(s) => FluentValue::from(n),
        _ => FluentValue::from(s.to_owned()),
    }
}

fn lookup(locale: &str, key: &str, args: &Args) -> Option<String> {
    let lang = langid(locale);
    if args.is_empty() { LOCALES.try_lookup(&lang, key) } else { LOCALES.try_lookup_with_args(&lang, key, args) }
}

/// A message in `locale`, with named arguments; the key itself if missing.
pub fn text(locale: &str, key: &str, args: &[(&str, String)]) -> String {
    try_text(locale, key, args).unwrap_or_else(|| key.to_owned())
}

/// A message in `locale` (falling back to English), if the key exists.
/// Arguments that are plain integers are passed to Fluent as numbers.
pub fn try_text(locale: &str, key: &str, args: &[(&str, String)]) -> Option<String> {
    let args: Args = args.iter().map(|(k, v)| (arg_name(k), string_arg(v))).collect();
    lookup(locale, key, &args)
}

/// A tera value as a Fluent argument: numbers stay numbers (negative ones
/// too), integer-looking strings become numbers as in [`try_text`].
fn json_arg(v: &Value) -> FluentValue<'static> {
    match v {
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => FluentValue::from(i),
            (None, Some(f)) => FluentValue::from(f),
            (None, None) => FluentValue::from(n.to_string()),
        },
        Value::String(s) => string_arg(s),
        Value::Null => FluentValue::from(String::new()),
        Value::Bool(b) => FluentValue::from(b.to_string()),
        other => FluentValue::from(other.to_string()),
    }
}

/// The tera function `t(key="…", lang=lang, …args)`.
struct Translate;

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args.get("key").and_then(Value::as_str).ok_or_else(|| tera::Error::msg("t() needs key=\"…\""))?;
        let locale = args.get("lang").and_then(Value::as_str).unwrap_or("en");
        let fluent: Args = args
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "key" | "lang" | "__tera_one_off"))
            .map(|(k, v)| (arg_name(k), json_arg(v)))
            .collect();
        Ok(Value::String(lookup(locale, key, &fluent).unwrap_or_else(|| key.to_owned())))
    }
}

/// The tera function `t(key=…, lang=…, …args)`.
pub fn tera_function() -> impl tera::Function {
    Translate
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
