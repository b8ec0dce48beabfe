//! Feature tests for `render`. Outputs are checked through a real HTML
//! parser where structure matters, and as strings where the exact markup is
//! the contract.

use std::collections::HashSet;

use scraper::{ElementRef, Html, Selector};

use super::*;

/// Articles and users that exist; everything else does not.
pub(super) struct Known {
    pub articles: HashSet<String>,
    pub users: HashSet<String>,
}

impl Known {
    pub(super) fn new(articles: &[&str], users: &[&str]) -> Self {
        Known {
            articles: articles.iter().map(|s| s.to_string()).collect(),
            users: users.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl LinkResolver for Known {
    fn article_exists(&self, title: &Title) -> bool {
        self.articles.contains(title.key())
    }

    fn user_exists(&self, username: &str) -> bool {
        self.users.contains(username)
    }
}

fn known() -> Known {
    Known::new(&["Виведення коштів", "Rust", "Правила"], &["олег", "bob", "Марія_К"])
}

fn html(src: &str) -> String {
    render(src, &known()).html.into_string()
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let sel = Selector::parse(css).expect("valid selector");
    doc.select(&sel).collect()
}

// ----------------------------------------------------------- CommonMark ----

#[test]
fn basic_commonmark() {
    assert_eq!(html("*a* **b** `c`"), "<p><em>a</em> <strong>b</strong> <code>c</code></p>\n");
    assert_eq!(html("~~gone~~"), "<p><del>gone</del></p>\n");
    assert_eq!(
        html("[x](/t/1 \"t\")"),
        "<p><a href=\"/t/1\" title=\"t\" rel=\"noopener noreferrer nofollow ugc\">x</a></p>\n"
    );
    assert_eq!(html("![alt](/img/a.png)"), "<p><img src=\"/img/a.png\" alt=\"alt\"></p>\n");
}

// --------------------------------------------------------------- images ----

fn with_hosts<R>(hosts: &[&str], f: impl FnOnce() -> R) -> R {
    let hosts: Vec<String> = hosts.iter().map(|h| (*h).to_owned()).collect();
    let policy = super::images::ImagePolicy::new(Some("forum.example.org".into()), &hosts);
    super::images::with_policy_sync(std::sync::Arc::new(policy), f)
}

#[test]
fn images_from_listed_hosts_stay_images() {
    with_hosts(&["i.example"], || {
        assert_eq!(
            html("![alt](https://i.example/a.png)"),
            "<p><img src=\"https://i.example/a.png\" alt=\"alt\"></p>\n"
        );
        assert_eq!(
            html("![own](https://forum.example.org/a.png)"),
            "<p><img src=\"https://forum.example.org/a.png\" alt=\"own\"></p>\n"
        );
    });
}

#[test]
fn images_from_other_hosts_become_links() {
    let link = "<p><a href=\"https://tracker.example/p.gif\" rel=\"noopener noreferrer nofollow ugc\">pixel</a></p>\n";
    with_hosts(&["i.example"], || {
        assert_eq!(html("![pixel](https://tracker.example/p.gif)"), link);
        // Raw HTML is held to the same rule, and an image without alt text
        // shows its address.
        assert_eq!(
            html("<img src=\"https://tracker.example/p.gif\" width=\"1\" height=\"1\">"),
            "<a href=\"https://tracker.example/p.gif\" rel=\"noopener noreferrer nofollow ugc\">https://tracker.example/p.gif</a>"
        );
        // Inside a link, only the text is left.
        assert_eq!(
            html("[![pixel](https://tracker.example/p.gif)](/t/1)"),
            "<p><a href=\"/t/1\" rel=\"noopener noreferrer nofollow ugc\">pixel</a></p>\n"
        );
    });
    // Without a configured policy only relative images load.
    assert_eq!(html("![pixel](https://tracker.example/p.gif)"), link);
    let out = html("![a](https://forum.example.org/a.png) ![b](/b.png)");
    assert!(out.contains("<a href=\"https://forum.example.org/a.png\""), "{out}");
    assert!(out.contains("<img src=\"/b.png\" alt=\"b\">"), "{out}");
}

#[test]
fn image_links_are_stable_under_resanitizing() {
    with_hosts(&[], || {
        for src in [
            "![a \"quoted\" <alt>](https://t.example/x.png?a=1&b=2)",
            "<img src=\"https://t.example/x.png\" alt=\"x&gt;y\">",
            "**![b](//t.example/y.png)**",
        ] {
            let out = html(src);
            assert!(!out.contains("<img"), "{src}: {out}");
            assert_eq!(super::sanitize(&out), out, "{src}");
        }
    });
}

#[test]
fn tables_keep_alignment_without_style() {
    let out = html("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |");
    assert!(!out.contains("style"), "{out}");
    let doc = Html::parse_fragment(&out);
    let aligns: Vec<_> =
        select(&doc, "td").iter().map(|td| td.value().attr("align").unwrap_or("").to_owned()).collect();
    assert_eq!(aligns, ["left", "center", "right"]);
    assert_eq!(select(&doc, "th[align=left]").len(), 1);
}

#[test]
fn task_lists_render_disabled_checkboxes() {
    let out = html("- [ ] todo\n- [x] done\n- plain");
    let doc = Html::parse_fragment(&out);
    let boxes = select(&doc, "li.task-list-item > input[type=checkbox][disabled]");
    assert_eq!(boxes.len(), 2, "{out}");
    assert!(boxes[1].value().attr("checked").is_some());
    assert!(boxes[0].value().attr("checked").is_none());
    assert_eq!(select(&doc, "li").len(), 3);
    assert_eq!(select(&doc, "li:not(.task-list-item)").len(), 1);
}

#[test]
fn code_blocks_keep_language_class_only() {
    let out = html("```rust\nfn main() {}\n```");
    assert!(out.contains(r#"<code class="language-rust">"#), "{out}");
    let out = html("```c++\nx\n```");
    assert!(out.contains(r#"<code class="language-c++">"#), "{out}");
    let out = html("```\"><script>alert(1)</script>\nx\n```");
    assert!(out.starts_with("<pre><code>x"), "{out}");
    let out = html("<code class=\"language-rust evil\">x</code>");
    assert!(!out.contains("class"), "raw HTML never keeps classes: {out}");
}

#[test]
fn harmless_raw_html_survives() {
    let out = html("<kbd>Ctrl</kbd>+<kbd>C</kbd>, x<sup>2</sup>, H<sub>2</sub>O");
    assert_eq!(out, "<p><kbd>Ctrl</kbd>+<kbd>C</kbd>, x<sup>2</sup>, H<sub>2</sub>O</p>\n");
    let out = html("<details>\n<summary>Спойлер</summary>\n\n*прихований* текст\n\n</details>");
    let doc = Html::parse_fragment(&out);
    assert_eq!(select(&doc, "details > summary").len(), 1, "{out}");
    assert_eq!(select(&doc, "details > p > em").len(), 1, "{out}");
}

#[test]
fn dangerous_raw_html_is_stripped() {
    let out = html("<script>alert(1)</script><iframe src=x></iframe><b onclick=x>b</b>");
    assert_eq!(out, "<b>b</b>");
    let out = html("<div style=\"color:red\" id=\"login\">x</div>");
    assert_eq!(out, "<div>x</div>");
}

#[test]
fn unclosed_raw_html_does_not_leak_across_blocks() {
    let out = html("<b>bold\n\nnext paragraph");
    let doc = Html::parse_fragment(&out);
    assert_eq!(select(&doc, "b").len(), 1, "{out}");
    assert_eq!(select(&doc, "p").len(), 2, "{out}");
    assert_eq!(select(&doc, "p:nth-of-type(2) b").len(), 0, "{out}");
}

// -------------------------------------------------------------- headings ----

#[test]
fn headings_get_stable_unicode_ids() {
    let r = render("# Виведення коштів\n\n## Ліміти\n\n## Ліміти\n\n### `code` and *em*\n\n## !!!", &known());
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "user-content-виведення-коштів",
            "user-content-ліміти",
            "user-content-ліміти-1",
            "user-content-code-and-em",
            "user-content-section",
        ]
    );
    assert_eq!(r.headings[3].text, "code and em");
    assert_eq!(r.headings[3].level, 3);

    // The ids reported are exactly the ids in the final HTML.
    let doc = Html::parse_fragment(r.html.as_str());
    let in_html: Vec<String> =
        select(&doc, "h1, h2, h3").iter().map(|h| h.value().attr("id").unwrap_or("").to_owned()).collect();
    assert_eq!(in_html, ids);
}

#[test]
fn raw_html_cannot_duplicate_heading_ids() {
    let r = render("<h2 id=\"user-content-x\">raw</h2>\n\n## x", &known());
    let doc = Html::parse_fragment(r.html.as_str());
    assert_eq!(select(&doc, "[id]").len(), 1, "{}", r.html);
    assert_eq!(r.headings[0].id, "user-content-x");
}

#[test]
fn heading_attribute_syntax_is_plain_text() {
    let r = render("# Title {#evil .class}", &known());
    assert_eq!(r.headings[0].id, "user-content-title-evil-class");
}

// ------------------------------------------------------------ wiki links ----

#[test]
fn wiki_link_to_existing_article() {
    let r = render("Див. [[виведення коштів]].", &known());
    let t = Title::parse("Виведення коштів").expect("valid");
    assert_eq!(
        r.html.as_str(),
        format!(
            "<p>Див. <a class=\"wiki-link\" href=\"{}\" title=\"Виведення коштів\" rel=\"noopener noreferrer nofollow ugc\">виведення коштів</a>.</p>\n",
            t.href()
        )
    );
    assert_eq!(r.wiki_links, vec![WikiLink { title: t, section: None }]);
}

#[test]
fn wiki_link_to_missing_article_is_red() {
    let r = render("[[Нова сторінка|створи її]]", &known());
    let doc = Html::parse_fragment(r.html.as_str());
    let a = select(&doc, "a.wiki-link.new");
    assert_eq!(a.len(), 1, "{}", r.html);
    let t = Title::parse("Нова сторінка").expect("valid");
    assert_eq!(a[0].value().attr("href"), Some(format!("{}/edit", t.href()).as_str()));
    assert_eq!(a[0].value().attr("title"), Some("Нова сторінка (page does not exist)"));
    assert_eq!(a[0].text().collect::<String>(), "створи її");
    assert_eq!(r.wiki_links[0].title, t);
}

#[test]
fn wiki_link_section_matches_heading_id() {
    let target = render("# Ліміти виведення\n\ntext", &known());
    let r = render("[[Правила#Ліміти виведення|ліміти]]", &known());
    let doc = Html::parse_fragment(r.html.as_str());
    let a = select(&doc, "a.wiki-link");
    let href = a[0].value().attr("href").expect("href");
    let (path, fragment) = href.split_once('#').expect("fragment");
    assert_eq!(path, Title::parse("Правила").expect("valid").href());
    let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8().expect("utf8");
    assert_eq!(decoded, target.headings[0].id);
    assert_eq!(r.wiki_links[0].section.as_deref(), Some("Ліміти виведення"));
    assert_eq!(r.wiki_links[0].anchor().as_deref(), Some(target.headings[0].id.as_str()));
}

#[test]
fn wiki_links_are_deduplicated_in_order() {
    let r = render("[[Rust]] [[b]] [[rust]] [[Rust|again]] [[Rust#X]]", &known());
    let names: Vec<(&str, Option<&str>)> =
        r.wiki_links.iter().map(|l| (l.title.as_str(), l.section.as_deref())).collect();
    assert_eq!(names, [("Rust", None), ("B", None), ("Rust", Some("X"))]);
}

#[test]
fn invalid_wiki_links_stay_literal() {
    assert_eq!(html("[[a<b]]"), "<p>[[a&lt;b]]</p>\n");
    assert_eq!(html("[[  ]]"), "<p>[[  ]]</p>\n");
    assert_eq!(html("[[...|dots]]"), "<p>[[...|dots]]</p>\n");
    assert_eq!(html("[[javascript:alert(1)]]"), "<p>[[javascript:alert(1)]]</p>\n");
    assert!(render("[[...]]", &known()).wiki_links.is_empty());
}

#[test]
fn wiki_links_not_in_code() {
    let r = render("`[[Rust]]`\n\n```\n[[Rust]]\n```", &known());
    assert!(r.wiki_links.is_empty());
    assert!(!r.html.as_str().contains("<a"), "{}", r.html);
}

#[test]
fn wiki_link_label_keeps_markup_but_not_nested_links() {
    let out = html("[[Rust|*мова* @bob]]");
    let doc = Html::parse_fragment(&out);
    assert_eq!(select(&doc, "a.wiki-link > em").len(), 1, "{out}");
    assert_eq!(select(&doc, "a").len(), 1, "mention inside a link: {out}");
}

// -------------------------------------------------------------- mentions ----

#[test]
fn mentions_link_existing_users() {
    let r = render("Привіт, @олег і @bob! А @nobody не існує.", &known());
    let doc = Html::parse_fragment(r.html.as_str());
    let links = select(&doc, "a.mention");
    assert_eq!(links.len(), 2, "{}", r.html);
    assert_eq!(links[0].value().attr("href"), Some("/u/%D0%BE%D0%BB%D0%B5%D0%B3"));
    assert_eq!(links[0].text().collect::<String>(), "@олег");
    assert_eq!(r.mentions, ["олег", "bob"]);
    assert!(r.html.as_str().contains("@nobody"));
}

#[test]
fn mentions_are_deduplicated_and_normalised() {
    let r = render("@bob @bob @Марія_К. @олег", &known());
    assert_eq!(r.mentions, ["bob", "Марія_К", "олег"]);
}

#[test]
fn no_mentions_in_emails_code_or_links() {
    let r = render("bob@example.com `@bob` [@bob](/x) <a href=\"/y\">@bob</a>\n\n    @bob", &known());
    assert!(r.mentions.is_empty(), "{:?}", r.mentions);
    assert!(!r.html.as_str().contains("mention"), "{}", r.html);
}

// ------------------------------------------------------------- autolinks ----

#[test]
fn bare_urls_become_links() {
    let out = html("див. https://example.com/шлях?q=1. або www.example.org");
    let doc = Html::parse_fragment(&out);
    let hrefs: Vec<&str> = select(&doc, "a").iter().filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(hrefs, ["https://example.com/шлях?q=1", "https://www.example.org"]);
    assert!(out.contains("</a>. або"), "{out}");
}

#[test]
fn angle_autolinks_work() {
    let out = html("<https://example.com/a>");
    assert_eq!(
        out,
        "<p><a href=\"https://example.com/a\" rel=\"noopener noreferrer nofollow ugc\">https://example.com/a</a></p>\n"
    );
}

#[test]
fn no_autolinks_in_code_or_links() {
    let out = html("`https://a.example` [https://b.example](/x)\n\n```\nhttps://c.example\n```");
    let doc = Html::parse_fragment(&out);
    assert_eq!(select(&doc, "a").len(), 1, "{out}");
    let out = html("<a href=\"/x\">https://d.example</a>");
    let doc = Html::parse_fragment(&out);
    assert_eq!(select(&doc, "a").len(), 1, "{out}");
}

// --------------------------------------------------------------- nesting ----

fn max_depth(doc: &Html) -> usize {
    doc.tree.root().descendants().map(|n| n.ancestors().count()).max().unwrap_or(0)
}

#[test]
fn nesting_is_capped() {
    let out = html(&format!("{} deep", ">".repeat(200)));
    let doc = Html::parse_fragment(&out);
    assert_eq!(select(&doc, "blockquote").len(), MAX_NESTING, "{out}");
    assert!(out.contains("deep"));

    let out = html(&format!("{}x", "- ".repeat(200)));
    let doc = Html::parse_fragment(&out);
    assert!(select(&doc, "ul").len() <= MAX_NESTING / 2 + 1, "{out}");
    assert!(max_depth(&doc) <= MAX_NESTING + 4, "{out}");

    let out = html(&"<div>".repeat(500));
    let doc = Html::parse_fragment(&out);
    assert_eq!(select(&doc, "div").len(), balance::MAX_RAW_OPEN);
}

#[test]
fn task_marker_in_flattened_item_becomes_text() {
    let src = format!("{}[x] done", "- ".repeat(40));
    let out = html(&src);
    assert!(out.contains("[x] done"), "{out}");
}

// ---------------------------------------------------------------- SafeHtml ----

#[test]
fn safe_html_serializes_as_plain_string() {
    let r = render("**hi**", &known());
    let json = serde_json::to_string(&r.html).expect("serialize");
    assert_eq!(json, "\"<p><strong>hi</strong></p>\\n\"");
    let round = SafeHtml::from_trusted_storage(r.html.clone().into_string());
    assert_eq!(round, r.html);
    let heading = render("# Заголовок", &known()).headings;
    let json = serde_json::to_string(&heading).expect("serialize");
    assert_eq!(json, r#"[{"level":1,"id":"user-content-заголовок","text":"Заголовок"}]"#);
}

#[test]
fn resolver_is_asked_once_per_name() {
    use std::cell::Cell;
    struct Counting(Cell<usize>, Cell<usize>);
    impl LinkResolver for Counting {
        fn article_exists(&self, _: &Title) -> bool {
            self.0.set(self.0.get() + 1);
            true
        }
        fn user_exists(&self, _: &str) -> bool {
            self.1.set(self.1.get() + 1);
            true
        }
    }
    let c = Counting(Cell::new(0), Cell::new(0));
    render(&"[[A]] [[a]] @bob @bob ".repeat(100), &c);
    assert_eq!((c.0.get(), c.1.get()), (1, 1));
}
