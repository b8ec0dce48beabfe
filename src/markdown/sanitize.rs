//! The one ammonia policy. Everything that reaches a browser as user HTML has
//! been through [`sanitize()`] last, so this file is the security boundary; the
//! rest of the pipeline only has to produce *useful* HTML, not safe HTML.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Prefix ammonia puts on every `id`, so user content can never clobber ids
/// the site's own templates and scripts use (DOM clobbering). The pipeline
/// writes heading ids with this prefix already, which ammonia leaves alone
/// (it only prefixes ids that do not start with it), so the ids reported in
/// `Rendered::headings` are exactly the ones in the HTML.
pub const ID_PREFIX: &str = "user-content-";

/// Every element that may appear in stored HTML. The raw-HTML balancer uses
/// the same list, so a tag it lets through is one ammonia will keep.
///
/// Left out on purpose: `svg`/`math` (foreign content is the home of most
/// mutation-XSS tricks), anything form-like, embedding (`iframe`, `object`,
/// `embed`), `style`, and the table parts that only complicate nesting
/// (`caption`, `colgroup`, `col`).
pub(super) const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements without an end tag; they never add nesting depth.
pub(super) const VOID_TAGS: &[&str] = &["br", "hr", "img", "input", "wbr"];

/// Per-element attributes (besides the generic `title`/`lang`). `class` is
/// listed where the pipeline sets classes; its *values* are restricted by
/// [`filter_attribute`].
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "class"]),
    ("img", &["src", "alt", "width", "height"]),
    ("h1", &["id"]),
    ("h2", &["id"]),
    ("h3", &["id"]),
    ("h4", &["id"]),
    ("h5", &["id"]),
    ("h6", &["id"]),
    ("code", &["class"]),
    ("li", &["class"]),
    ("ol", &["start"]),
    ("input", &["type", "checked", "disabled"]),
    ("td", &["align", "colspan", "rowspan"]),
    ("th", &["align", "colspan", "rowspan"]),
    ("details", &["open"]),
];

/// Classes the pipeline itself emits. User-written raw HTML never keeps its
/// classes (the balancer strips them), but [`sanitize()`] is also applied to
/// arbitrary input, so the policy restates the list.
const ALLOWED_CLASSES: &[(&str, &[&str])] = &[("a", &["wiki-link", "new", "mention"]), ("li", &["task-list-item"])];

static BUILDER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.tags(ALLOWED_TAGS.iter().copied().collect())
        .clean_content_tags(["script", "style"].into_iter().collect())
        .generic_attributes(["title", "lang"].into_iter().collect())
        .tag_attributes(
            TAG_ATTRIBUTES
                .iter()
                .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect::<HashSet<_>>()))
                .collect::<HashMap<_, _>>(),
        )
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .id_prefix(Some(ID_PREFIX))
        .strip_comments(true)
        // Whatever `<input>` survives is an inert, disabled checkbox, even if
        // the author wrote `<input type=text>`: a missing `type` would mean
        // a text field.
        .set_tag_attribute_value("input", "type", "checkbox")
        .set_tag_attribute_value("input", "disabled", "")
        .attribute_filter(filter_attribute);
    b
});

/// Extra passes [`sanitize()`] may take to reach a fixed point. Real content
/// is stable after the first pass (two cleans: one to produce, one to
/// confirm); the worst input the property tests found needed three passes
/// before the confirming one.
const MAX_EXTRA_PASSES: usize = 4;

/// Sanitizes arbitrary HTML with the site policy; idempotent.
///
/// One ammonia pass is not idempotent: when ammonia removes an element it
/// hoists the children into the parent, building trees the HTML parser
/// would never build (`<p><select><p>` becomes `<p><p></p></p>`), and even
/// parser-built trees do not always survive serialisation (the adoption
/// agency turns `<h2><a><h2><a>` into a tree that re-parses differently).
/// So the output is cleaned again until it no longer changes, which is what
/// lets stored HTML be re-sanitized (after a policy change) without
/// drifting, and guarantees the stored string is what a browser will parse.
///
/// Not protected against deeply nested input (html5ever's tree builder is
/// quadratic in nesting depth); [`super::render`] bounds the depth before
/// calling it, so prefer `render` for anything user-supplied.
pub fn sanitize(html: &str) -> String {
    let mut current = clean_once(html);
    for _ in 0..MAX_EXTRA_PASSES {
        let next = clean_once(&current);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

fn clean_once(html: &str) -> String {
    restore_pre_newlines(BUILDER.clean(html).to_string())
}

/// The HTML parser drops one newline right after `<pre>`, and html5ever's
/// serializer does not write it back, so `<pre>\n\nx` would lose a line on
/// every pass and stored HTML would not be a fixed point of [`sanitize()`].
/// Doubling the newline after `<pre …>` restores the parsed text exactly.
/// (html5ever escapes `<` in attribute values, so `<pre` here is a tag.)
fn restore_pre_newlines(html: String) -> String {
    if !html.contains("<pre") {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html.as_str();
    while let Some(at) = rest.find("<pre") {
        let after_name = &rest[at + 4..];
        let is_pre = after_name.starts_with(['>', ' ']);
        let Some(gt) = after_name.find('>').filter(|_| is_pre) else {
            out.push_str(&rest[..at + 4]);
            rest = after_name;
            continue;
        };
        let tag_end = at + 4 + gt + 1;
        out.push_str(&rest[..tag_end]);
        if rest[tag_end..].starts_with('\n') {
            out.push('\n');
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// Value-level rules ammonia cannot express with allowlists alone.
///
/// `language-*` classes cannot be listed up front, so *all* class checking
/// happens here (ammonia's own `allowed_classes` would run after this filter
/// and would remove the `language-*` classes again).
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match (element, attribute) {
        ("a", "href") | ("img", "src") => Some(canonical_url(value)).filter(|url| !is_scheme_like_relative(url)),
        (_, "class") => filter_class(element, value),
        ("input", "type") => (value.eq_ignore_ascii_case("checkbox")).then_some(value.into()),
        ("input", "checked" | "disabled") => Some(Cow::Borrowed("")),
        ("td" | "th", "align") => matches!(value, "left" | "center" | "right").then_some(value.into()),
        ("td" | "th", "colspan" | "rowspan") => small_number(value, 3),
        ("ol", "start") => small_number(value, 9),
        ("img", "width" | "height") => small_number(value, 4),
        _ => Some(value.into()),
    }
}

/// Writes a URL the way the URL parser reads it: surrounding spaces and
/// control characters trimmed, tabs and newlines removed, the scheme in
/// lower case. Ammonia has already checked the scheme (case-insensitively)
/// but keeps the author's spelling; canonical output means `HTTP://x` or
/// `" https://x"` never reach a template or a later check.
fn canonical_url(value: &str) -> Cow<'_, str> {
    let trimmed = value.trim_matches(|c: char| c <= ' ');
    let scheme_end = scheme_len(trimmed);
    let clean = trimmed.len() == value.len()
        && !trimmed.contains(['\t', '\n', '\r'])
        && scheme_end.is_none_or(|n| !trimmed[..n].bytes().any(|b| b.is_ascii_uppercase()));
    if clean {
        return Cow::Borrowed(value);
    }
    let mut out: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if let Some(n) = scheme_len(&out) {
        out[..n].make_ascii_lowercase();
    }
    Cow::Owned(out)
}

/// A "relative" URL with a `:` before the first `/`, `?` or `#` is not a
/// valid relative reference (RFC 3986 §4.2); it is what is left of an
/// obfuscated scheme once the parser gave up on it (`\u{FFFD}javascript:…`
/// after a NUL, `%6Aavascript:…`). Browsers treat these as harmless paths,
/// but no real link looks like that, so they are dropped rather than kept.
fn is_scheme_like_relative(url: &str) -> bool {
    if scheme_len(url).is_some() {
        return false;
    }
    let first_segment = url.split(['/', '?', '#']).next().unwrap_or("");
    first_segment.contains(':')
}

/// Length of a leading `scheme` (before `:`), per the URL standard.
pub(super) fn scheme_len(url: &str) -> Option<usize> {
    let b = url.as_bytes();
    if !b.first()?.is_ascii_alphabetic() {
        return None;
    }
    let n = b.iter().position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))?;
    (b[n] == b':').then_some(n)
}

fn filter_class<'u>(element: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let kept: Vec<&str> = if element == "code" {
        value.split_ascii_whitespace().filter(|c| is_language_class(c)).take(1).collect()
    } else {
        let allowed = ALLOWED_CLASSES.iter().find(|(tag, _)| *tag == element).map_or(&[][..], |(_, classes)| *classes);
        value.split_ascii_whitespace().filter(|c| allowed.contains(c)).collect()
    };
    if kept.is_empty() {
        None
    } else if kept.len() == 1 && kept[0] == value {
        Some(Cow::Borrowed(value))
    } else {
        Some(Cow::Owned(kept.join(" ")))
    }
}

/// `language-rust`, `language-c++`, `language-objective-c`, `language-f#`.
/// A pattern rather than a list, so an unknown language still gets its
/// class for the client-side highlighter.
fn is_language_class(class: &str) -> bool {
    class.strip_prefix("language-").is_some_and(|lang| {
        !lang.is_empty()
            && lang.len() <= 32
            && lang.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'#' | b'.'))
    })
}

fn small_number(value: &str, max_digits: usize) -> Option<Cow<'_, str>> {
    (!value.is_empty() && value.len() <= max_digits && value.bytes().all(|b| b.is_ascii_digit()))
        .then_some(Cow::Borrowed(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_class_pattern() {
        assert!(is_language_class("language-rust"));
        assert!(is_language_class("language-c++"));
        assert!(is_language_class("language-objective-c"));
        assert!(!is_language_class("language-"));
        assert!(!is_language_class("language-a\"b"));
        assert!(!is_language_class("lang-rust"));
        assert!(!is_language_class(&format!("language-{}", "a".repeat(33))));
    }

    #[test]
    fn classes_are_filtered_per_element() {
        assert_eq!(
            sanitize(r#"<a class="wiki-link evil new" href="/x">x</a>"#),
            r#"<a class="wiki-link new" href="/x" rel="noopener noreferrer nofollow ugc">x</a>"#
        );
        assert_eq!(sanitize(r#"<code class="language-rust foo">x</code>"#), r#"<code class="language-rust">x</code>"#);
        assert_eq!(sanitize(r#"<span class="mention">x</span>"#), "<span>x</span>");
        assert_eq!(sanitize(r#"<li class="evil">x</li>"#), "<li>x</li>");
    }

    #[test]
    fn inputs_become_disabled_checkboxes() {
        let out = sanitize(r#"<input type="text" name="q" value="x" onfocus="alert(1)">"#);
        assert!(out.contains(r#"type="checkbox""#), "{out}");
        assert!(out.contains(r#"disabled="""#), "{out}");
        assert!(!out.contains("name"), "{out}");
        assert!(!out.contains("onfocus"), "{out}");
        let out = sanitize(r#"<input disabled="" type="checkbox" checked="">"#);
        assert!(out.contains("checked"), "{out}");
    }

    #[test]
    fn ids_are_prefixed_once() {
        assert_eq!(sanitize(r#"<h2 id="x">t</h2>"#), r#"<h2 id="user-content-x">t</h2>"#);
        assert_eq!(sanitize(r#"<h2 id="user-content-x">t</h2>"#), r#"<h2 id="user-content-x">t</h2>"#);
    }

    #[test]
    fn schemes_and_rel() {
        assert_eq!(
            sanitize(r#"<a href="javascript:alert(1)">x</a>"#),
            r#"<a rel="noopener noreferrer nofollow ugc">x</a>"#
        );
        assert_eq!(
            sanitize(r#"<a href="mailto:a@b.c">x</a>"#),
            r#"<a href="mailto:a@b.c" rel="noopener noreferrer nofollow ugc">x</a>"#
        );
        assert!(sanitize(r#"<img src="data:image/png;base64,AAAA">"#).contains("<img>"));
        assert_eq!(
            sanitize("<a href=\" HTTPS://Example.com/A\tB \">x</a>"),
            r#"<a href="https://Example.com/AB" rel="noopener noreferrer nofollow ugc">x</a>"#
        );
        assert_eq!(sanitize(r#"<img src="/x.png">"#), r#"<img src="/x.png">"#);
        assert_eq!(
            sanitize("<a href=\"\0javascript:alert(1)\">x</a>"),
            r#"<a rel="noopener noreferrer nofollow ugc">x</a>"#
        );
        assert_eq!(
            sanitize(r#"<a href="%6Aavascript:alert(1)">x</a>"#),
            r#"<a rel="noopener noreferrer nofollow ugc">x</a>"#
        );
        assert_eq!(
            sanitize(r#"<a href="//cdn.example/x:y">x</a>"#),
            r#"<a href="//cdn.example/x:y" rel="noopener noreferrer nofollow ugc">x</a>"#
        );
    }

    #[test]
    fn pre_newlines_survive_resanitizing() {
        for src in ["<pre>\n\nx</pre>", "<pre title=\"t\">\n\nx</pre>", "<pre>\n</pre>", "<pre></pre><preview>"] {
            let once = sanitize(src);
            assert_eq!(sanitize(&once), once, "{src:?}");
        }
        assert_eq!(sanitize("<pre>\n\nx</pre>"), "<pre>\n\nx</pre>");
    }
}
