//! Guides cut into paragraphs, each knowing the section it belongs to, so
//! `/ask` can quote the paragraph that answers and link straight to its
//! section (`/wiki/Title#user-content-…`).
//!
//! The anchors are the ids the Markdown pipeline wrote on the headings
//! ([`crate::markdown::Rendered::headings`], stored with every revision):
//! the n-th heading met here takes the n-th id there. Both walk the same
//! pulldown-cmark events with the same options, so links always land on
//! the heading the reader sees, duplicates (`-1`, `-2`) included.

use std::collections::HashMap;

use percent_encoding::utf8_percent_encode;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

use super::analyzer::{self, Lang, Token};
use crate::markdown::Heading;
use crate::title::{PATH_SEGMENT, Title};

/// One block of a guide: a paragraph, a whole list, a quote, a table or a
/// code block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// Order in the guide, from 0.
    pub index: usize,
    /// Headings above it, outermost first.
    pub headings: Vec<String>,
    /// Id of the nearest heading above it, as in the HTML.
    pub anchor: Option<String>,
    /// Plain text, markup removed; list items and table rows on their own
    /// lines.
    pub text: String,
}

impl Paragraph {
    /// Link to the paragraph's section of the guide.
    pub fn href(&self, title: &Title) -> String {
        let mut href = title.href();
        if let Some(anchor) = &self.anchor {
            href.push('#');
            href.extend(utf8_percent_encode(anchor, PATH_SEGMENT));
        }
        href
    }

    /// Tokens per field ([`super::rank::Field`] order) for indexing this
    /// paragraph as its own document: the guide's title and aliases (their
    /// tokens, [`title_tokens`], the same for every paragraph), the
    /// headings above it, its text. `lang` is the guide's language, used
    /// where a paragraph's own cannot be told. `headings` remembers the
    /// tokens of headings already analyzed: the paragraphs of one section
    /// share them.
    pub fn fields(
        &self,
        title: &[Token],
        lang: Option<Lang>,
        headings: &mut HashMap<Vec<String>, Vec<Token>>,
    ) -> [Vec<Token>; 3] {
        let above = headings
            .entry(self.headings.clone())
            .or_insert_with(|| analyzer::analyze(&self.headings.join("\n\n"), lang))
            .clone();
        [title.to_vec(), above, analyzer::analyze(&self.text, lang)]
    }
}

/// Tokens of a title and its aliases. Each is detected on its own (an alias
/// is often the Russian name of a Ukrainian guide).
pub fn title_tokens(title: &str, aliases: &[String]) -> Vec<Token> {
    let mut all = String::from(title);
    for alias in aliases {
        all.push_str("\n\n");
        all.push_str(alias);
    }
    analyzer::analyze(&all, None)
}

/// The paragraphs of a guide. `headings` are the ones rendering produced for
/// this same source; if they disagree in number (they should not), the
/// anchors past the last known heading are left out rather than guessed.
pub fn split(markdown: &str, headings: &[Heading]) -> Vec<Paragraph> {
    let mut out = Vec::new();
    // (level, text) of the headings above the current position.
    let mut path: Vec<(u8, String)> = Vec::new();
    let mut anchor: Option<String> = None;
    let mut heading_count = 0usize;
    let mut in_heading: Option<(u8, String)> = None;
    let mut depth = 0usize;
    let mut block = String::new();
    for event in Parser::new_ext(markdown, crate::markdown::OPTIONS) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => in_heading = Some((level as u8, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = in_heading.take() {
                    path.retain(|(l, _)| *l < level);
                    path.push((level, collapse(&text)));
                    anchor = headings.get(heading_count).map(|h| h.id.clone());
                    heading_count += 1;
                }
            }
            Event::Start(tag) => {
                if in_heading.is_none() && depth > 0 {
                    match tag {
                        Tag::Item | Tag::TableRow | Tag::TableHead => newline(&mut block),
                        Tag::TableCell | Tag::Paragraph => space(&mut block),
                        _ => {}
                    }
                }
                if in_heading.is_none() && is_block(&tag) {
                    depth += 1;
                }
            }
            Event::End(tag) if in_heading.is_none() && is_block_end(&tag) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let text = tidy(&block);
                    block.clear();
                    if !text.is_empty() {
                        out.push(Paragraph {
                            index: out.len(),
                            headings: path.iter().map(|(_, t)| t.clone()).collect(),
                            anchor: anchor.clone(),
                            text,
                        });
                    }
                }
            }
            Event::Text(text) | Event::Code(text) => match &mut in_heading {
                Some((_, h)) => h.push_str(&text),
                None => block.push_str(&text),
            },
            Event::SoftBreak | Event::HardBreak => match &mut in_heading {
                Some((_, h)) => h.push(' '),
                None => space(&mut block),
            },
            _ => {}
        }
    }
    out
}

/// Blocks that count towards nesting; a paragraph ends when the outermost
/// closes.
fn is_block(tag: &Tag<'_>) -> bool {
    matches!(tag, Tag::Paragraph | Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_) | Tag::CodeBlock(_) | Tag::Item)
        || matches!(tag, Tag::FootnoteDefinition(_) | Tag::DefinitionList)
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::List(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::Table
            | TagEnd::CodeBlock
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
    )
}

fn space(block: &mut String) {
    if !block.is_empty() && !block.ends_with([' ', '\n']) {
        block.push(' ');
    }
}

fn newline(block: &mut String) {
    let trimmed = block.trim_end_matches(' ').len();
    block.truncate(trimmed);
    if !block.is_empty() && !block.ends_with('\n') {
        block.push('\n');
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whitespace collapsed within lines, empty lines dropped.
fn tidy(s: &str) -> String {
    s.lines().map(collapse).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{LinkResolver, render};

    struct Everything;
    impl LinkResolver for Everything {
        fn article_exists(&self, _: &Title) -> bool {
            true
        }
    }

    fn paragraphs(src: &str) -> Vec<Paragraph> {
        split(src, &render(src, &Everything).headings)
    }

    #[test]
    fn sections_and_anchors_follow_the_rendered_headings() {
        let src = "Вступ.\n\n## Як вивести\n\nКрок *перший*.\n\n- один\n- два [[Комісії]]\n\n### Деталі\n\n\
                   > цитата\n\n## Як вивести\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nкод\n```\n";
        let p = paragraphs(src);
        let view: Vec<(Vec<&str>, Option<&str>, &str)> = p
            .iter()
            .map(|p| (p.headings.iter().map(String::as_str).collect(), p.anchor.as_deref(), p.text.as_str()))
            .collect();
        assert_eq!(
            view,
            [
                (vec![], None, "Вступ."),
                (vec!["Як вивести"], Some("user-content-як-вивести"), "Крок перший."),
                (vec!["Як вивести"], Some("user-content-як-вивести"), "один\nдва Комісії"),
                (vec!["Як вивести", "Деталі"], Some("user-content-деталі"), "цитата"),
                (vec!["Як вивести"], Some("user-content-як-вивести-1"), "a b\n1 2"),
                (vec!["Як вивести"], Some("user-content-як-вивести-1"), "код"),
            ]
        );
        let title = Title::parse("Виведення коштів").expect("title");
        assert_eq!(
            p[1].href(&title),
            format!("{}#user-content-%D1%8F%D0%BA-%D0%B2%D0%B8%D0%B2%D0%B5%D1%81%D1%82%D0%B8", title.href())
        );
        assert_eq!(p[0].href(&title), title.href());
    }

    #[test]
    fn the_anchor_is_what_the_html_carries() {
        let src = "# Зняти `гроші` з [[Гаманець|гаманця]]\n\nТекст.";
        let rendered = render(src, &Everything);
        let p = split(src, &rendered.headings);
        let anchor = p[0].anchor.as_deref().expect("anchor");
        assert!(rendered.html.as_str().contains(&format!("id=\"{anchor}\"")), "{} / {anchor}", rendered.html);
    }

    #[test]
    fn hostile_markdown() {
        let deep = format!("{}x", "> ".repeat(5000));
        for src in ["", "#", "\0", "- \n- \n", deep.as_str(), "## a\n## a\n## a"] {
            let p = paragraphs(src);
            assert!(p.iter().all(|p| !p.text.is_empty()));
        }
        assert_eq!(split("## a\n\ntext", &[]).first().and_then(|p| p.anchor.clone()), None);
    }
}
