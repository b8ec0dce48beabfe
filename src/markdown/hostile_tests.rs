//! Adversarial tests: a corpus of XSS payloads, generated pathological
//! inputs, and property tests. Every output is parsed with a real HTML
//! parser (scraper/html5ever) and checked structurally, because string
//! matching alone misses what a browser would actually build.

use std::time::Instant;

use proptest::prelude::*;
use scraper::{Html, Node};

use super::balance::MAX_RAW_OPEN;
use super::sanitize::scheme_len;
use super::tests::Known;
use super::*;

const CORPUS: &str = include_str!("hostile_corpus.txt");

/// Elements that must never appear in output. `input` is handled
/// separately (only disabled checkboxes may exist).
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "svg",
    "math",
    "form",
    "textarea",
    "button",
    "select",
    "option",
    "meta",
    "link",
    "base",
    "noscript",
    "template",
    "applet",
    "param",
    "video",
    "audio",
    "source",
    "marquee",
    "xmp",
    "plaintext",
    "title",
    "noembed",
    "noframes",
    "isindex",
];

/// Attributes that are dangerous whatever their value.
const FORBIDDEN_ATTRIBUTES: &[&str] =
    &["style", "srcdoc", "formaction", "action", "srcset", "background", "poster", "xlink:href", "name", "target"];

fn resolver() -> Known {
    Known::new(&["Foo", "Rust"], &["bob", "javascript", "user"])
}

fn corpus() -> Vec<String> {
    let mut entries: Vec<String> = CORPUS.split("\n-----\n").map(|e| e.trim_end_matches('\n').to_owned()).collect();
    // Control characters are kept out of the text file so it stays
    // editable; generate them instead.
    for c in [
        '\0', '\x01', '\x08', '\x0B', '\x0C', '\r', '\x1F', '\x7F', '\u{85}', '\u{A0}', '\u{200B}', '\u{2028}',
        '\u{FEFF}',
    ] {
        entries.push(format!("<a href=\"java{c}script:alert(1)\">x</a>"));
        entries.push(format!("<a href=\"{c}javascript:alert(1)\">x</a>"));
        entries.push(format!("[x]({c}javascript:alert(1))"));
        entries.push(format!("<img src=x on{c}error=alert(1)>"));
        entries.push(format!("<img src=x {c}onerror=alert(1)>"));
        entries.push(format!("<scr{c}ipt>alert(1)</script>"));
        entries.push(format!("<{c}script>alert(1)</script>"));
        entries.push(format!("[[a{c}b|<img src=x onerror=alert(1)>]]"));
        entries.push(format!("@us{c}er <img src=x onerror=alert(1)>"));
    }
    entries
}

/// Large generated inputs. Kept out of the corpus file for size.
fn pathological() -> Vec<(&'static str, String)> {
    let n = 50_000;
    vec![
        ("50 000 >", ">".repeat(n)),
        ("50 000 > with payload", format!("{} <img src=x onerror=alert(1)>", ">".repeat(n))),
        ("50 000 > on separate lines", "> ".repeat(n).replace("> ", ">\n")),
        ("50 000 [", "[".repeat(n)),
        ("50 000 [[", "[[".repeat(n)),
        ("50 000 [[ ]]", format!("{}x{}", "[[".repeat(n), "]]".repeat(n))),
        ("50 000 *", "*".repeat(n)),
        ("50 000 _", "_".repeat(n)),
        ("50 000 nested emphasis", format!("{}x{}", "*a ".repeat(n), " a*".repeat(n))),
        ("50 000 nested list items", format!("{}x", "- ".repeat(n))),
        ("50 000 nested ordered items", format!("{}x", "1. ".repeat(n))),
        ("2 000 indented list levels", (0..2_000).map(|i| format!("{}- x\n", "  ".repeat(i))).collect()),
        ("10 000 <div>", "<div>".repeat(10_000)),
        ("10 000 <div> lines", "<div>\n".repeat(10_000)),
        ("10 000 </div><div>", "</div><div>".repeat(10_000)),
        ("50 000 <span>", "<span>".repeat(n)),
        ("10 000 raw tables", "<table><tr><td>".repeat(10_000)),
        (
            "10 000 unclosed formatting elements with distinct attributes",
            (0..10_000).map(|i| format!("<b title={i}>")).chain((0..10_000).map(|_| "\n\nx".to_owned())).collect(),
        ),
        ("1 MiB line", "a".repeat(1 << 20)),
        // Each `<` becomes `&lt;`, which html5ever decodes slowly in debug
        // builds; 256 KiB is still far past where anything quadratic would
        // show.
        ("256 KiB of <", "<".repeat(1 << 18)),
        ("100 000 unterminated <a", "<a ".repeat(100_000)),
        ("200 000 unterminated comments", "<!--".repeat(200_000)),
        ("100 000 unclosed <script>", "<script>".repeat(100_000)),
        ("script swallowing closing tags", "> > > <script>\n\n</script>\n\n".repeat(10_000)),
        ("500 000 )", format!("https://a.example/{}", ")".repeat(500_000))),
        ("200 000 @", "@".repeat(200_000)),
        ("30 000 mentions", "@bob ".repeat(30_000)),
        ("50 000 headings", "# x\n".repeat(n)),
        ("50 000 table columns", format!("{}\n{}", "|a".repeat(n), "|-".repeat(n))),
        ("100 000 backticks", "`".repeat(100_000)),
        ("100 000 link openers", "[a](".repeat(100_000)),
    ]
}

/// Whether an URL value is acceptable: relative, or one of the allowed
/// schemes written in lower case; and canonical (no surrounding space, no
/// tab/newline inside).
fn assert_url_ok(ctx: &str, attr: &str, value: &str) {
    assert!(
        !value.starts_with(|c: char| c <= ' ') && !value.ends_with(|c: char| c <= ' '),
        "{ctx}: {attr} not trimmed: {value:?}"
    );
    assert!(!value.contains(['\t', '\n', '\r']), "{ctx}: {attr} contains tab/newline: {value:?}");
    if let Some(n) = scheme_len(value) {
        assert!(
            matches!(&value[..n], "http" | "https" | "mailto"),
            "{ctx}: {attr} has scheme {:?}: {value:?}",
            &value[..n]
        );
    }
}

fn is_allowed_class(element: &str, class: &str) -> bool {
    match element {
        "a" => matches!(class, "wiki-link" | "new" | "mention"),
        "li" => class == "task-list-item",
        "code" => class.starts_with("language-"),
        _ => false,
    }
}

/// Structural safety checks on one output. Returns the maximum element
/// depth, for the nesting properties.
fn assert_safe(ctx: &str, html: &str) -> usize {
    let doc = Html::parse_fragment(html);
    // Everything except text: tag names, attribute names and values,
    // comments. `javascript:` may legitimately appear in *text* (a code
    // span, an invalid `[[javascript:…]]` shown literally), where it is
    // inert; anywhere else it must not.
    let mut markup = String::new();
    let mut max_depth = 0;
    for node in doc.tree.nodes() {
        match node.value() {
            Node::Element(el) => {
                let name = el.name();
                max_depth = max_depth.max(node.ancestors().count());
                assert!(!FORBIDDEN_ELEMENTS.contains(&name), "{ctx}: forbidden element <{name}> in {html}");
                if name == "input" {
                    assert_eq!(el.attr("type"), Some("checkbox"), "{ctx}: {html}");
                    assert!(el.attr("disabled").is_some(), "{ctx}: {html}");
                    for (attr, _) in el.attrs() {
                        assert!(
                            matches!(attr, "type" | "checked" | "disabled"),
                            "{ctx}: input attribute {attr} in {html}"
                        );
                    }
                }
                markup.push('<');
                markup.push_str(name);
                for (attr, value) in el.attrs() {
                    let lower = attr.to_ascii_lowercase();
                    assert!(!lower.starts_with("on"), "{ctx}: event handler {attr} in {html}");
                    assert!(!FORBIDDEN_ATTRIBUTES.contains(&lower.as_str()), "{ctx}: attribute {attr} in {html}");
                    if matches!(lower.as_str(), "href" | "src" | "cite" | "data") {
                        assert_url_ok(ctx, attr, value);
                    }
                    if lower == "class" {
                        for class in value.split_ascii_whitespace() {
                            assert!(is_allowed_class(name, class), "{ctx}: class {class} on <{name}> in {html}");
                        }
                    }
                    if lower == "id" {
                        assert!(value.starts_with(ID_PREFIX), "{ctx}: id {value} in {html}");
                    }
                    markup.push(' ');
                    markup.push_str(attr);
                    markup.push_str("=\"");
                    // A URL whose scheme was checked above may carry any text
                    // in its path ("https://x/javascript:…" is inert).
                    let checked_url = matches!(lower.as_str(), "href" | "src" | "cite" | "data")
                        && scheme_len(value).is_some_and(|n| {
                            matches!(value[..n].to_ascii_lowercase().as_str(), "http" | "https" | "mailto")
                        });
                    if !checked_url {
                        markup.push_str(value);
                    }
                    markup.push('"');
                }
                if name == "a" && el.attr("href").is_some_and(|h| scheme_len(h).is_some() || h.starts_with("//")) {
                    let rel: Vec<&str> = el.attr("rel").unwrap_or("").split_whitespace().collect();
                    for needed in ["nofollow", "ugc", "noopener"] {
                        assert!(rel.contains(&needed), "{ctx}: rel lacks {needed} in {html}");
                    }
                }
                markup.push('>');
            }
            Node::Comment(c) => panic!("{ctx}: comment survived: {:?}", &**c),
            _ => {}
        }
    }
    let markup = markup.to_ascii_lowercase();
    for bad in ["javascript:", "vbscript:", "data:", "livescript:"] {
        assert!(!markup.contains(bad), "{ctx}: {bad} outside text in {html}");
    }
    max_depth
}

#[test]
fn corpus_is_large_and_distinct() {
    let entries = corpus();
    let file_entries = CORPUS.split("\n-----\n").count();
    assert!(file_entries >= 150, "only {file_entries} entries in the corpus file");
    let distinct: std::collections::HashSet<&String> = entries.iter().collect();
    assert_eq!(distinct.len(), entries.len(), "duplicate corpus entries");
}

#[test]
fn hostile_corpus_renders_safely() {
    let resolver = resolver();
    let entries = corpus();
    let start = Instant::now();
    for (i, src) in entries.iter().enumerate() {
        let out = render(src, &resolver);
        let ctx = format!("entry {i} {src:?}");
        assert_safe(&ctx, out.html.as_str());
        // Stored HTML must be a fixed point of the sanitizer, so re-cleaning
        // stored content (e.g. after a policy change) never alters it.
        assert_eq!(sanitize(out.html.as_str()), out.html.as_str(), "{ctx}");
    }
    eprintln!("hostile corpus: {} entries rendered in {:?}", entries.len(), start.elapsed());
}

#[test]
fn hostile_corpus_through_sanitize_alone() {
    // The policy must hold for raw HTML that never went through the
    // Markdown stage (e.g. anything a future import path hands it).
    for (i, src) in corpus().iter().enumerate() {
        let out = sanitize(src);
        assert_safe(&format!("sanitize entry {i} {src:?}"), &out);
    }
}

#[test]
fn pathological_inputs_on_a_small_stack() {
    // Tokio's worker threads have 2 MiB stacks; so does this one.
    let handle = std::thread::Builder::new()
        .name("render-2mib".into())
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let resolver = resolver();
            let all = Instant::now();
            for (name, src) in pathological() {
                let start = Instant::now();
                let out = render(&src, &resolver);
                let html = out.html.as_str();
                assert!(
                    html.len() <= 20 * src.len() + 4096,
                    "{name}: output {} bytes for {} bytes of input",
                    html.len(),
                    src.len()
                );
                let depth = assert_safe(name, html);
                assert!(depth <= MAX_NESTING + MAX_RAW_OPEN + 16, "{name}: depth {depth}");
                eprintln!("  {name}: {} -> {} bytes, depth {depth}, {:?}", src.len(), html.len(), start.elapsed());
            }
            eprintln!("pathological inputs rendered in {:?}", all.elapsed());
        })
        .expect("spawn thread");
    handle.join().expect("render must not panic or overflow");
}

/// Fragments that exercise the interaction of Markdown structure and raw
/// HTML: block starts, inline delimiters, tags that html5ever treats
/// specially (formatting elements, implied end tags, table foster
/// parenting), and payloads.
const HTML_FRAGMENTS: &[&str] = &[
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<a href=\"http://x.example\">",
    "</a>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<span>",
    "</span>",
    "<table>",
    "</table>",
    "<tr>",
    "<td>",
    "</td>",
    "<li>",
    "<ul>",
    "</ul>",
    "<details>",
    "<summary>",
    "<pre>",
    "</pre>",
    "<code class=\"language-x y\">",
    "<h2 id=z>",
    "<img src=x onerror=alert(1)>",
    "<input type=text>",
    "<br>",
    "<svg>",
    "<math>",
    "<style>",
    "</style>",
    "<script>",
    "</script>",
    "<noscript>",
    "<textarea>",
    "<template>",
    "<select>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&lt;",
    "&#106;",
    "\"",
    "'",
    "=",
    " ",
    "\n",
    "\n\n",
    "x",
    "й",
    "<a href=\"javascript:alert(1)\">",
    "<a href=\" HTTP://x.example\">",
];

const MARKDOWN_FRAGMENTS: &[&str] = &[
    "> ",
    "- ",
    "1. ",
    "* ",
    "  ",
    "    ",
    "# ",
    "## ",
    "```",
    "`",
    "*",
    "**",
    "_",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "[[",
    "]]",
    "|",
    "#",
    "!",
    "\n",
    "\n\n",
    "x",
    "Ж",
    "@bob",
    "@олег",
    "https://a.example/p",
    "www.b.example",
    "[x](javascript:alert(1))",
    "[[Foo]]",
    "[[Foo#Bar|baz]]",
    "- [ ] ",
    "| a |\n|---|\n",
    "<b>",
    "</b>",
    "<div>",
    "</div>",
    "<span>",
    "<table><tr><td>",
    "</td></tr></table>",
    "<li>",
    "<ul>",
    "<p>",
    "<a href=\"/x\">",
    "</a>",
    "<details>",
    "</details>",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<em>",
    "<pre>",
    "\\",
];

fn joined(fragments: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(fragments), 0..max).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn sanitize_is_idempotent(s in any::<String>()) {
        let once = sanitize(&s);
        prop_assert_eq!(sanitize(&once), once);
    }

    #[test]
    fn sanitize_is_idempotent_on_html(s in joined(HTML_FRAGMENTS, 40)) {
        let once = sanitize(&s);
        prop_assert_eq!(sanitize(&once), once.clone());
        assert_safe(&format!("{s:?}"), &once);
    }

    #[test]
    fn render_never_panics(s in any::<String>()) {
        let out = render(&s, &resolver());
        assert_safe(&format!("{s:?}"), out.html.as_str());
    }

    #[test]
    fn render_is_safe_and_bounded_on_markdown_mixes(s in joined(MARKDOWN_FRAGMENTS, 80)) {
        let out = render(&s, &resolver());
        let html = out.html.as_str();
        let depth = assert_safe(&format!("{s:?}"), html);
        prop_assert!(depth <= MAX_NESTING + MAX_RAW_OPEN + 16, "depth {}", depth);
        prop_assert_eq!(sanitize(html), html);
        // Reported heading ids are exactly the heading ids in the HTML.
        let doc = Html::parse_fragment(html);
        let sel = scraper::Selector::parse("h1, h2, h3, h4, h5, h6").expect("selector");
        let ids: Vec<&str> = doc.select(&sel).filter_map(|h| h.value().attr("id")).collect();
        let reported: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        prop_assert_eq!(ids, reported);
    }

    #[test]
    fn render_depth_is_bounded_for_deep_raw_html(s in joined(HTML_FRAGMENTS, 400)) {
        let out = render(&s, &resolver());
        let depth = assert_safe(&format!("{s:?}"), out.html.as_str());
        prop_assert!(depth <= MAX_NESTING + MAX_RAW_OPEN + 16, "depth {}", depth);
    }
}
