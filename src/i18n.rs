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
    if args.is_empty() {
        return memoized(locale, key, || LOCALES.try_lookup(&langid(locale), key));
    }
    if let Some(memo_key) = counts_key(key, args) {
        return memoized(locale, &memo_key, || LOCALES.try_lookup_with_args(&langid(locale), key, args));
    }
    LOCALES.try_lookup_with_args(&langid(locale), key, args)
}

/// Counts larger than this are formatted each time rather than remembered.
const MEMO_COUNT_MAX: f64 = 10_000.0;

/// The memo key of a message whose arguments are all small whole numbers
/// ("3 replies", "12 likes"): a topic list asks for four of them per row,
/// and with the same few counts on every page they repeat endlessly. Text
/// arguments (names, titles) are formatted each time.
fn counts_key(key: &str, args: &Args) -> Option<String> {
    use std::fmt::Write as _;
    let mut named: Vec<(&str, i64)> = Vec::with_capacity(args.len());
    for (name, value) in args {
        let FluentValue::Number(n) = value else { return None };
        let v = n.value;
        if v.fract() != 0.0 || v.abs() > MEMO_COUNT_MAX || n.options != Default::default() {
            return None;
        }
        #[allow(clippy::cast_possible_truncation)] // whole and at most MEMO_COUNT_MAX
        named.push((name.as_ref(), v as i64));
    }
    named.sort_unstable();
    let mut out = String::with_capacity(key.len() + 16 * named.len());
    out.push_str(key);
    for (name, v) in named {
        // A key never holds a control character, so this cannot collide
        // with a message without arguments.
        let _ = write!(out, "\u{1}{name}={v}");
    }
    Some(out)
}

/// Messages without arguments, or with only small counts, never change
/// while the server runs, and a page asks for dozens of them (a topic page
/// of 20 posts, over a hundred): each is formatted by Fluent once per
/// locale and then read from here.
fn memoized(locale: &str, memo_key: &str, format: impl FnOnce() -> Option<String>) -> Option<String> {
    use std::sync::{LazyLock, RwLock};
    type Memo = Vec<RwLock<HashMap<String, Option<String>>>>;
    static MEMO: LazyLock<Memo> = LazyLock::new(|| SUPPORTED.iter().map(|_| RwLock::default()).collect());
    // Keys come from templates and code and counts are bounded, so the set
    // is too; the guard keeps it so should a caller ever build keys from
    // input.
    const MAX: usize = 50_000;
    let Some(slot) = SUPPORTED.iter().position(|l| *l == locale).and_then(|i| MEMO.get(i)) else {
        return format();
    };
    if let Ok(memo) = slot.read()
        && let Some(found) = memo.get(memo_key)
    {
        return found.clone();
    }
    let found = format();
    if let Ok(mut memo) = slot.write()
        && memo.len() < MAX
    {
        memo.insert(memo_key.to_owned(), found.clone());
    }
    found
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
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    use fluent_syntax::ast;
    use serde_json::json;

    use super::*;

    /// A message id (`key`, `key.attribute` or `-term`) and the variables it uses.
    type Messages = BTreeMap<String, BTreeSet<String>>;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    /// Files under `dir` whose names end with `ext`, recursively, sorted.
    fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.to_string_lossy().ends_with(ext) {
                    out.push(path);
                }
            }
        }
        out.sort();
        out
    }

    fn rel(path: &Path) -> String {
        path.strip_prefix(root()).unwrap_or(path).display().to_string()
    }

    fn inline_vars(e: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            ast::InlineExpression::FunctionReference { arguments, .. }
            | ast::InlineExpression::TermReference { arguments: Some(arguments), .. } => {
                arguments.positional.iter().for_each(|a| inline_vars(a, out));
                arguments.named.iter().for_each(|a| inline_vars(&a.value, out));
            }
            ast::InlineExpression::Placeable { expression } => expr_vars(expression, out),
            _ => {}
        }
    }

    fn expr_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => inline_vars(i, out),
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, out);
                variants.iter().for_each(|v| pattern_vars(&v.value, out));
            }
        }
    }

    fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                expr_vars(expression, out);
            }
        }
    }

    fn messages(path: &Path) -> Messages {
        let source = std::fs::read_to_string(path).unwrap();
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", rel(path)));
        let mut out = Messages::new();
        let mut add = |id: String, pattern: Option<&ast::Pattern<&str>>| {
            let mut vars = BTreeSet::new();
            if let Some(p) = pattern {
                pattern_vars(p, &mut vars);
            }
            assert!(out.insert(id.clone(), vars).is_none(), "{} defines {id} twice", rel(path));
        };
        for entry in &resource.body {
            let (id, value, attributes) = match entry {
                ast::Entry::Message(m) => (m.id.name.to_owned(), m.value.as_ref(), &m.attributes),
                ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
                ast::Entry::Junk { content } => panic!("{}: cannot read {content:?}", rel(path)),
                _ => continue,
            };
            for a in attributes {
                add(format!("{id}.{}", a.id.name), Some(&a.value));
            }
            add(id, value);
        }
        out
    }

    /// Locale -> message file (relative to the locale folder) -> messages.
    fn all_locales() -> BTreeMap<String, BTreeMap<String, Messages>> {
        let dir = root().join("locales");
        let mut out = BTreeMap::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if !path.is_dir() {
                continue;
            }
            let locale = path.file_name().unwrap().to_string_lossy().into_owned();
            let files: BTreeMap<String, Messages> = files(&path, ".ftl")
                .into_iter()
                .map(|f| (f.strip_prefix(&path).unwrap().display().to_string(), messages(&f)))
                .collect();
            out.insert(locale, files);
        }
        out
    }

    /// Every message of a locale, whichever file it is in.
    fn union(files: &BTreeMap<String, Messages>) -> Messages {
        files.values().flat_map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone()))).collect()
    }

    fn english() -> Messages {
        union(&all_locales()["en"])
    }

    #[test]
    fn accept_language_prefers_highest_quality_supported() {
        assert_eq!(from_accept_language("uk-UA,uk;q=0.9,en;q=0.8"), Some("uk"));
        assert_eq!(from_accept_language("ru;q=0.9,en;q=0.5,uk;q=0.7"), Some("ru"));
        assert_eq!(from_accept_language("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7"), Some("ru"));
        assert_eq!(from_accept_language("de,ru;q=0.3,uk;q=0.2"), Some("ru"));
        assert_eq!(from_accept_language("de,fr"), None);
        assert_eq!(from_accept_language("en;q=0,uk;q=0.1"), Some("uk"));
    }

    #[test]
    fn every_locale_folder_is_supported_and_every_supported_locale_has_one() {
        let folders: BTreeSet<String> = all_locales().into_keys().collect();
        let supported: BTreeSet<String> = SUPPORTED.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(folders, supported, "locales/ folders and i18n::SUPPORTED differ");
        for l in SUPPORTED {
            assert_eq!(parse_locale(l), Some(*l));
            let name = text(l, "language-name", &[]);
            assert!(name != "language-name" && (*l == "en" || name != text("en", "language-name", &[])), "{l}: {name}");
        }
    }

    /// Every message file exists in every locale with the same messages and
    /// attributes: a feature adding `locales/en/search.ftl` must add
    /// `locales/uk/search.ftl` and `locales/ru/search.ftl` too.
    #[test]
    fn every_locale_has_the_same_files_and_messages() {
        let locales = all_locales();
        let mut wanted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for files in locales.values() {
            for (file, msgs) in files {
                wanted.entry(file.clone()).or_default().extend(msgs.keys().cloned());
            }
        }
        let mut problems = Vec::new();
        for (locale, files) in &locales {
            let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
            for (file, msgs) in files {
                for key in msgs.keys() {
                    if let Some(other) = seen.insert(key, file) {
                        problems.push(format!("locales/{locale}: {key} is in both {other} and {file}"));
                    }
                }
            }
            for (file, keys) in &wanted {
                let have: BTreeSet<String> = files.get(file).map(|m| m.keys().cloned().collect()).unwrap_or_default();
                for key in keys.difference(&have) {
                    problems.push(format!("locales/{locale}/{file} lacks {key}"));
                }
            }
        }
        assert!(problems.is_empty(), "incomplete locales:\n{}", problems.join("\n"));
    }

    /// A translation that uses a variable the code does not pass fails to
    /// format, and the reader silently gets English instead.
    #[test]
    fn translations_use_only_the_variables_english_uses() {
        let en = english();
        let mut problems = Vec::new();
        for (locale, files) in all_locales() {
            for (key, vars) in union(&files) {
                let Some(en_vars) = en.get(&key) else { continue };
                for v in vars.difference(en_vars) {
                    problems.push(format!("locales/{locale}: {key} uses ${v}, which English does not"));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// Every message formats in its own locale, without falling back.
    #[test]
    fn every_message_formats_in_every_locale() {
        let en = english();
        for locale in SUPPORTED {
            let lang = langid(locale);
            for (key, vars) in &en {
                if key.starts_with('-') {
                    continue;
                }
                let args: HashMap<String, FluentValue> =
                    vars.iter().map(|v| (v.clone(), FluentValue::from(3))).collect();
                let res = LOCALES.lookup_single_language(&lang, key, Some(&args));
                assert!(res.is_ok(), "{locale}: {key}: {res:?}");
            }
        }
    }

    /// The integer plural categories of each locale (CLDR).
    fn plural_categories(locale: &str) -> &'static [&'static str] {
        match locale {
            "en" => &["one", "other"],
            "uk" | "ru" => &["one", "few", "many", "other"],
            other => panic!("add the plural categories of {other} to this test"),
        }
    }

    /// Messages that show a count, and the variable holding it.
    const COUNTS: &[(&str, &str)] = &[
        ("error-rate-limited", "seconds"),
        ("err-password-short", "min"),
        ("err-password-long", "max"),
        ("err-username-length", "max"),
        ("err-title-length", "max"),
        ("err-body-long", "max"),
        ("err-summary-long", "max"),
        ("err-too-many-proposals", "max"),
        ("err-too-many-links", "max"),
        ("err-too-long", "max"),
        ("marker-unread", "n"),
        ("stat-replies", "count"),
        ("stat-likes", "count"),
        ("count-replies", "count"),
        ("count-likes", "count"),
        ("count-topics", "count"),
        ("wiki-count", "n"),
    ];

    /// Variant keys of every select expression on `$var` in `pattern`.
    fn plural_selects(p: &ast::Pattern<&str>, out: &mut Vec<(String, BTreeSet<String>)>) {
        for el in &p.elements {
            let ast::PatternElement::Placeable { expression } = el else { continue };
            if let ast::Expression::Select { selector, variants } = expression {
                if let ast::InlineExpression::VariableReference { id } = selector {
                    let keys = variants
                        .iter()
                        .map(|v| match &v.key {
                            ast::VariantKey::Identifier { name } | ast::VariantKey::NumberLiteral { value: name } => {
                                (*name).to_owned()
                            }
                        })
                        .collect();
                    out.push((id.name.to_owned(), keys));
                }
                for v in variants {
                    plural_selects(&v.value, out);
                }
            }
        }
    }

    /// Counts choose their words by Fluent plural rules in every locale: every
    /// message in [`COUNTS`] selects on its number, and every plural select
    /// has a variant for each of the locale's categories (uk and ru: one,
    /// few, many, other).
    #[test]
    fn counts_use_every_plural_category_of_each_locale() {
        let mut problems = Vec::new();
        for locale in SUPPORTED {
            let categories: BTreeSet<String> = plural_categories(locale).iter().map(|c| (*c).to_owned()).collect();
            for path in files(&root().join("locales").join(locale), ".ftl") {
                let source = std::fs::read_to_string(&path).unwrap();
                let resource = fluent_syntax::parser::parse(source.as_str()).unwrap_or_else(|(_, e)| panic!("{e:?}"));
                for entry in &resource.body {
                    let ast::Entry::Message(m) = entry else { continue };
                    let mut selects = Vec::new();
                    if let Some(v) = &m.value {
                        plural_selects(v, &mut selects);
                    }
                    for (var, keys) in &selects {
                        let is_plural = keys.iter().any(|k| categories.contains(k) && k != "other");
                        if is_plural && !categories.is_subset(keys) {
                            problems.push(format!(
                                "{}: {} selects on ${var} with {keys:?}, needs {categories:?}",
                                rel(&path),
                                m.id.name
                            ));
                        }
                    }
                    if let Some((_, var)) = COUNTS.iter().find(|(k, _)| *k == m.id.name)
                        && !selects.iter().any(|(v, keys)| v == var && categories.is_subset(keys))
                    {
                        problems.push(format!("{}: {} shows ${var} without plural forms", rel(&path), m.id.name));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// Counted messages are remembered per locale, count and argument
    /// name: asked again, in any order and mixed with other counts and
    /// names, each gives what Fluent gives, never another entry's text.
    #[test]
    fn remembered_counts_are_what_fluent_formats() {
        let direct = |locale: &str, key: &str, args: &[(&str, i64)]| {
            let args: Args = args.iter().map(|(k, v)| (arg_name(k), FluentValue::from(*v))).collect();
            LOCALES.try_lookup_with_args(&langid(locale), key, &args)
        };
        for round in 0..2 {
            for locale in SUPPORTED {
                for count in [0_i64, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 101, 111, 9_999, 10_001, -1] {
                    let args = [("count", count.to_string())];
                    assert_eq!(
                        try_text(locale, "count-replies", &args),
                        direct(locale, "count-replies", &[("count", count)]),
                        "{locale} {count} (round {round})"
                    );
                    assert_eq!(
                        try_text(locale, "stat-likes", &args),
                        direct(locale, "stat-likes", &[("count", count)]),
                        "{locale} {count} (round {round})"
                    );
                }
                // The argument's name is part of what is remembered.
                let n = [("n", "5".to_owned())];
                assert_eq!(try_text(locale, "wiki-count", &n), direct(locale, "wiki-count", &[("n", 5)]));
            }
        }
        // Text arguments are never remembered: each call gives its own.
        assert!(text("en", "err-password-short", &[("min", "10".into())]).contains("10"));
        assert!(text("en", "err-password-short", &[("min", "12".into())]).contains("12"));
        assert_eq!(counts_key("k", &Args::from([(arg_name("a"), FluentValue::from("x".to_owned()))])), None);
        assert_eq!(counts_key("k", &Args::from([(arg_name("a"), FluentValue::from(1.5))])), None);
    }

    #[test]
    fn numbers_passed_as_strings_choose_plural_forms() {
        let n = |locale: &str, key: &str, var: &str, v: i64| text(locale, key, &[(var, v.to_string())]);
        let cases: &[(&str, i64, &str)] = &[
            ("uk", 1, "1 відповідь"),
            ("uk", 2, "2 відповіді"),
            ("uk", 5, "5 відповідей"),
            ("uk", 11, "11 відповідей"),
            ("uk", 21, "21 відповідь"),
            ("uk", 24, "24 відповіді"),
            ("ru", 1, "1 ответ"),
            ("ru", 3, "3 ответа"),
            ("ru", 5, "5 ответов"),
            ("ru", 12, "12 ответов"),
            ("ru", 21, "21 ответ"),
            ("ru", 0, "0 ответов"),
            ("en", 1, "1 reply"),
            ("en", 2, "2 replies"),
            ("en", 0, "0 replies"),
        ];
        for (locale, count, expected) in cases {
            assert_eq!(n(locale, "count-replies", "count", *count), *expected, "{locale} {count}");
        }
        assert_eq!(n("uk", "wiki-count", "n", 5), "5 інструкцій");
        assert_eq!(n("ru", "wiki-count", "n", 2), "2 инструкции");
        assert!(n("ru", "error-rate-limited", "seconds", 5).contains("Подождите 5 секунд и"));
        assert!(n("uk", "error-rate-limited", "seconds", 1).contains("Зачекайте 1 секунду і"));
        assert!(n("en", "err-password-short", "min", 10).contains("at least 10 characters"));
    }

    #[test]
    fn only_plain_integers_become_numbers() {
        for s in ["0", "5", "-3", "10000", "123456789012345"] {
            assert!(matches!(string_arg(s), FluentValue::Number(_)), "{s}");
        }
        for s in ["", "-", "-0", "007", "1e3", "1.5", "NaN", "inf", "+5", " 5", "5 ", "1 000", "1234567890123456", "x"]
        {
            assert!(matches!(string_arg(s), FluentValue::String(_)), "{s:?}");
        }
        // Text that looks like a number still reads the same.
        assert_eq!(text("en", "wiki-redirected-from", &[("title", "2024".into())]), "(redirected from 2024)");
        assert_eq!(text("en", "wiki-redirected-from", &[("title", "007".into())]), "(redirected from 007)");
    }

    #[test]
    fn templates_choose_plural_forms_from_tera_values() {
        let mut tera = tera::Tera::default();
        tera.register_function("t", tera_function());
        tera.add_raw_template("count", r#"{{ t(key="count-replies", lang=lang, count=n) }}"#).unwrap();
        tera.add_raw_template("args", r#"{{ t(key="deny-below-bar", lang=lang, action="A", certificate="B", bl=10, have_certificate="C", have_bl=n) }}"#).unwrap();
        let cases = [
            ("uk", json!(1), "1 відповідь"),
            ("uk", json!(3), "3 відповіді"),
            ("uk", json!(5), "5 відповідей"),
            ("ru", json!(5), "5 ответов"),
            ("ru", json!(22), "22 ответа"),
            ("ru", json!("5"), "5 ответов"),
            ("en", json!(1), "1 reply"),
            ("en", json!(-2), "-2 replies"),
            ("en", json!(2.5), "2.5 replies"),
            ("xx", json!(1), "1 reply"),
        ];
        for (lang, n, expected) in cases {
            let mut ctx = tera::Context::new();
            ctx.insert("lang", lang);
            ctx.insert("n", &n);
            assert_eq!(tera.render("count", &ctx).unwrap(), expected, "{lang} {n}");
        }
        let mut ctx = tera::Context::new();
        ctx.insert("lang", "ru");
        ctx.insert("n", &-1);
        assert!(tera.render("args", &ctx).unwrap().ends_with("У вас «C», BL -1."));
    }

    /// `key="…"` in templates: exact keys, and prefixes of built ones
    /// (`key="role-" ~ r`).
    fn template_keys(source: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let mut rest = source;
        while let Some(at) = rest.find("key=") {
            let argument = at == 0 || rest[..at].ends_with(['(', ' ', ',']);
            rest = &rest[at + 4..];
            if !argument {
                continue; // data-key="…" and the like
            }
            let quote = rest.chars().next().unwrap_or(' ');
            assert!(quote == '"' || quote == '\'', "t() with a key that is not a string literal: key={rest:.40}");
            let end = rest[1..].find(quote).expect("closing quote") + 1;
            let key = rest[1..end].to_owned();
            let built = rest[end + 1..].trim_start().starts_with('~');
            out.push((key, built));
            rest = &rest[end + 1..];
        }
        out
    }

    #[test]
    fn every_key_in_templates_exists_in_english() {
        let en = english();
        let mut problems = Vec::new();
        for path in files(&root().join("templates"), ".html") {
            for (key, built) in template_keys(&std::fs::read_to_string(&path).unwrap()) {
                let ok = if built { en.keys().any(|k| k.starts_with(&key)) } else { en.contains_key(&key) };
                if !ok {
                    problems.push(format!("{}: {key}{}", rel(&path), if built { "…" } else { "" }));
                }
            }
        }
        assert!(problems.is_empty(), "keys missing from locales/en:\n{}", problems.join("\n"));
    }

    /// The contents of the string literals in Rust `source` (escapes kept).
    fn string_literals(source: &str) -> Vec<String> {
        let c: Vec<char> = source.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
        while i < c.len() {
            match c[i] {
                '/' if c.get(i + 1) == Some(&'/') => {
                    while i < c.len() && c[i] != '\n' {
                        i += 1;
                    }
                }
                '/' if c.get(i + 1) == Some(&'*') => {
                    i += 2;
                    while i + 1 < c.len() && !(c[i] == '*' && c[i + 1] == '/') {
                        i += 1;
                    }
                    i += 2;
                }
                '\'' => {
                    // A char literal ('x', '\n', '"') or a lifetime ('a).
                    if c.get(i + 1) == Some(&'\\') {
                        i += 2;
                        while i < c.len() && c[i] != '\'' {
                            i += 1;
                        }
                        i += 1;
                    } else if c.get(i + 2) == Some(&'\'') {
                        i += 3;
                    } else {
                        i += 1;
                    }
                }
                'r' if (i == 0 || !ident(c[i - 1]) || c[i - 1] == 'b') && matches!(c.get(i + 1), Some('#' | '"')) => {
                    let mut j = i + 1;
                    let mut hashes = 0;
                    while c.get(j) == Some(&'#') {
                        hashes += 1;
                        j += 1;
                    }
                    if c.get(j) != Some(&'"') {
                        i += 1;
                        continue;
                    }
                    let start = j + 1;
                    let mut k = start;
                    while k < c.len() && !(c[k] == '"' && (1..=hashes).all(|h| c.get(k + h) == Some(&'#'))) {
                        k += 1;
                    }
                    out.push(c[start..k.min(c.len())].iter().collect());
                    i = k + 1 + hashes;
                }
                '"' => {
                    let start = i + 1;
                    let mut k = start;
                    while k < c.len() && c[k] != '"' {
                        k += if c[k] == '\\' { 2 } else { 1 };
                    }
                    out.push(c[start..k.min(c.len())].iter().collect());
                    i = k + 1;
                }
                ch if ident(ch) => {
                    while i < c.len() && ident(c[i]) {
                        i += 1;
                    }
                }
                _ => i += 1,
            }
        }
        out
    }

    fn is_kebab(s: &str) -> bool {
        !s.is_empty()
            && s.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
            && s.as_bytes()[0].is_ascii_lowercase()
    }

    /// Literals in `src/` that look like Fluent keys (kebab-case, starting
    /// with a prefix that English messages use, such as `err-` or `flash-`)
    /// must be English messages; `format!` patterns such as
    /// `"standing-field-{}"` must match at least one.
    #[test]
    fn every_key_in_rust_code_exists_in_english() {
        /// Kebab-case literals in `src/` that are not message keys.
        const NOT_KEYS: &[&str] = &[
            "wiki-link", // a CSS class
            "bl-source", // a standing-change field, shown as standing-field-bl-source
        ];
        let en = english();
        let namespaces: BTreeSet<&str> = en.keys().filter_map(|k| k.split('-').next()).collect();
        let in_namespace = |s: &str| s.split('-').next().is_some_and(|p| namespaces.contains(p)) && s.contains('-');
        let mut problems = Vec::new();
        let mut checked = 0;
        for path in files(&root().join("src"), ".rs") {
            let name = path.file_name().unwrap().to_string_lossy();
            if name == "tests.rs" || name.ends_with("_tests.rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            // Unit tests come last in a file (clippy's items_after_test_module).
            let code = source.split("#[cfg(test)]").next().unwrap_or("");
            for lit in string_literals(code) {
                if NOT_KEYS.contains(&lit.as_str()) {
                    continue;
                }
                if is_kebab(&lit) && in_namespace(&lit) {
                    checked += 1;
                    if !en.contains_key(&lit) {
                        problems.push(format!("{}: \"{lit}\"", rel(&path)));
                    }
                } else if let (Some(open), Some(close)) = (lit.find('{'), lit.find('}'))
                    && open < close
                    && !lit[close + 1..].contains('{')
                {
                    let (prefix, suffix) = (&lit[..open], &lit[close + 1..]);
                    let shaped = prefix.ends_with('-')
                        && is_kebab(prefix.trim_end_matches('-'))
                        && (suffix.is_empty() || suffix.starts_with('-') && is_kebab(&suffix[1..]));
                    if shaped && in_namespace(prefix) {
                        checked += 1;
                        let found = en.keys().any(|k| {
                            k.len() > prefix.len() + suffix.len() && k.starts_with(prefix) && k.ends_with(suffix)
                        });
                        if !found {
                            problems.push(format!("{}: \"{lit}\" matches no message", rel(&path)));
                        }
                    }
                }
            }
        }
        assert!(checked > 100, "the scan found only {checked} keys; is it still reading the code?");
        assert!(problems.is_empty(), "keys missing from locales/en:\n{}", problems.join("\n"));
    }

    /// Domain code refuses with a Fluent key (`AppError::conflict("err-…")`),
    /// never with an English sentence: the page translates the key.
    #[test]
    fn errors_in_rust_code_carry_keys_not_sentences() {
        let en = english();
        let mut problems = Vec::new();
        for path in files(&root().join("src"), ".rs") {
            let source = std::fs::read_to_string(&path).unwrap();
            let code = source.split("#[cfg(test)]").next().unwrap_or("");
            for ctor in ["bad_request(\"", "conflict(\"", "Msg::new(\""] {
                for (at, _) in code.match_indices(ctor) {
                    let lit = &code[at + ctor.len()..];
                    let lit = &lit[..lit.find('"').unwrap_or(lit.len())];
                    if !en.contains_key(lit) {
                        problems.push(format!("{}: {ctor}{lit}\"", rel(&path)));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "use a key from locales/en:\n{}", problems.join("\n"));
    }

    /// Removes `{# … #}`, `{% … %}` and `{{ … }}`.
    fn strip_tera(source: &str) -> String {
        let mut out = String::with_capacity(source.len());
        let mut rest = source;
        loop {
            let next = ["{#", "{%", "{{"].iter().filter_map(|o| rest.find(o).map(|at| (at, *o))).min();
            let Some((at, open)) = next else {
                out.push_str(rest);
                return out;
            };
            out.push_str(&rest[..at]);
            let close = match open {
                "{#" => "#}",
                "{%" => "%}",
                _ => "}}",
            };
            let end = rest[at..].find(close).unwrap_or_else(|| panic!("unclosed {open}"));
            rest = &rest[at + end + close.len()..];
        }
    }

    /// Replaces character references (`&amp;`, `&#8212;`) with a space.
    fn strip_entities(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find('&') {
            out.push_str(&rest[..at]);
            let tail = &rest[at + 1..];
            let name = tail
                .find(';')
                .filter(|&n| (1..=10).contains(&n) && tail[..n].chars().all(|c| c.is_ascii_alphanumeric() || c == '#'));
            match name {
                Some(n) => {
                    out.push(' ');
                    rest = &tail[n + 1..];
                }
                None => {
                    out.push('&');
                    rest = tail;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Words a reader would see that are written into the template itself
    /// instead of coming from Fluent: text between tags, and the attributes
    /// browsers show (placeholder, title, alt, aria-label).
    fn literal_text(template: &str) -> Vec<String> {
        const SHOWN: &[&str] = &["placeholder", "title", "alt", "aria-label"];
        let html = strip_tera(template);
        let mut found = Vec::new();
        let mut text = String::new();
        let mut rest = html.as_str();
        while let Some(lt) = rest.find('<') {
            text.push_str(&rest[..lt]);
            text.push(' ');
            let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1);
            let tag = &rest[lt..gt];
            for attr in SHOWN {
                for quote in ['"', '\''] {
                    let start = format!(" {attr}={quote}");
                    if let Some(at) = tag.find(&start) {
                        let value = &tag[at + start.len()..];
                        let value = &value[..value.find(quote).unwrap_or(value.len())];
                        // Attributes: whole words only ("/t/123" is an example address).
                        let letters = value.chars().collect::<Vec<_>>();
                        if letters.windows(2).any(|w| w[0].is_alphabetic() && w[1].is_alphabetic()) {
                            found.push(format!("{attr}=\"{value}\""));
                        }
                    }
                }
            }
            rest = &rest[gt..];
        }
        text.push_str(rest);
        for word in strip_entities(&text).split_whitespace() {
            if word.chars().any(|c| c.is_alphanumeric() || c == '_') {
                found.push(word.to_owned());
            }
        }
        found
    }

    #[test]
    fn literal_text_finds_words_outside_fluent() {
        let t = r#"<p title="{{ t(key='a') }}">{{ t(key="b") }} · {# note #}{% if x %}BL{% endif %} 5 <abbr title="minor">m</abbr>&nbsp;→</p><input placeholder="/t/123">"#;
        assert_eq!(literal_text(t), ["title=\"minor\"", "BL", "5", "m"]);
    }

    #[test]
    fn templates_have_no_literal_text() {
        let mut problems = Vec::new();
        for path in files(&root().join("templates"), ".html") {
            for word in literal_text(&std::fs::read_to_string(&path).unwrap()) {
                problems.push(format!("{}: {word}", rel(&path)));
            }
        }
        assert!(problems.is_empty(), "text that should come from locales/*/:\n{}", problems.join("\n"));
    }
}
