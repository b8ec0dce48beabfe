//! Snippets: the stretch of a document's original text that matches the
//! query best, with the matching words marked. The words are found by
//! analysing the original text the way it was indexed, so "гаманцем"
//! lights up for a query "гаманець" and the reader sees their text as
//! written, never our stems.

use serde::Serialize;

use super::analyzer::{self, Lang};
use super::query::Query;

/// A piece of a snippet. Templates print `text` escaped and wrap hits in
/// `<mark>`, so no HTML is ever built from user text outside the escaper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub text: String,
    pub hit: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub parts: Vec<Part>,
    /// Text was left out before / after the snippet.
    pub cut_before: bool,
    pub cut_after: bool,
}

impl Snippet {
    /// HTML for places that take a string: escaped text, hits in `<mark>`,
    /// `…` where text was cut.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        if self.cut_before {
            out.push('…');
        }
        for part in &self.parts {
            if part.hit {
                out.push_str("<mark>");
            }
            escape_into(&mut out, &part.text);
            if part.hit {
                out.push_str("</mark>");
            }
        }
        if self.cut_after {
            out.push('…');
        }
        out
    }

    pub fn has_hits(&self) -> bool {
        self.parts.iter().any(|p| p.hit)
    }
}

/// The best window of about `max_chars` characters of `text` for `query`:
/// the one covering the most distinct clauses, then the most hits, then
/// the earliest. Without any hit, the start of the text.
pub fn snippet(text: &str, query: &Query, max_chars: usize, hint: Option<Lang>) -> Snippet {
    let max_chars = max_chars.max(1);
    // (byte span, clause index) of every matching word.
    let mut hits: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    for (word, token) in analyzer::analyze_words(text, hint) {
        let clause = query.clauses.iter().position(|c| c.matches(&token.term).is_some());
        if let Some(clause) = clause {
            // A compound and its parts may both match; keep the outer span.
            hits.retain(|(span, _)| !(word.span.start <= span.start && span.end <= word.span.end));
            if !hits.iter().any(|(span, _)| span.start <= word.span.start && word.span.end <= span.end) {
                hits.push((word.span, clause));
            }
        }
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_to_char = |b: usize| chars.partition_point(|(i, _)| *i < b);
    let total = chars.len();

    // Choose the window start (in chars).
    let mut start = 0usize;
    if !hits.is_empty() {
        let mut best = (0usize, 0usize, usize::MAX);
        for (i, (span, _)) in hits.iter().enumerate() {
            let from = byte_to_char(span.start);
            let until = from + max_chars;
            let inside: Vec<&(std::ops::Range<usize>, usize)> =
                hits[i..].iter().take_while(|(s, _)| byte_to_char(s.end) <= until).collect();
            let mut clauses: Vec<usize> = inside.iter().map(|(_, c)| *c).collect();
            clauses.sort_unstable();
            clauses.dedup();
            let key = (clauses.len(), inside.len(), usize::MAX - from);
            if key > (best.0, best.1, usize::MAX - best.2) {
                best = (clauses.len(), inside.len(), from);
            }
        }
        // Some context before the first hit, at a word boundary.
        let context = max_chars / 5;
        start = best.2.saturating_sub(context);
        if best.2 + max_chars > total {
            start = total.saturating_sub(max_chars).min(start);
        }
        while start > 0 && start < total && !chars[start - 1].1.is_whitespace() {
            start -= 1;
        }
    }
    let mut end = (start + max_chars).min(total);
    if end < total {
        // Back to a word boundary unless the word is longer than the window.
        let mut e = end;
        while e > start && !chars[e].1.is_whitespace() {
            e -= 1;
        }
        if e > start {
            end = e;
        }
    }
    let from = chars.get(start).map_or(text.len(), |(i, _)| *i);
    let to = chars.get(end).map_or(text.len(), |(i, _)| *i);

    let mut parts: Vec<Part> = Vec::new();
    let mut at = from;
    for (span, _) in hits.iter().filter(|(s, _)| s.start >= from && s.end <= to) {
        if span.start > at {
            push(&mut parts, &text[at..span.start], false);
        }
        push(&mut parts, &text[span.clone()], true);
        at = span.end;
    }
    if to > at {
        push(&mut parts, &text[at..to], false);
    }
    if let Some(first) = parts.first_mut().filter(|p| !p.hit) {
        first.text = first.text.trim_start().to_owned();
    }
    if let Some(last) = parts.last_mut().filter(|p| !p.hit) {
        last.text = last.text.trim_end().to_owned();
    }
    parts.retain(|p| !p.text.is_empty());
    Snippet { parts, cut_before: from > 0 && !text[..from].trim().is_empty(), cut_after: !text[to..].trim().is_empty() }
}

fn push(parts: &mut Vec<Part>, text: &str, hit: bool) {
    // Control characters (NUL and the like) are not shown.
    let clean: String = text.chars().map(|c| if c.is_control() && c != '\n' && c != '\t' { ' ' } else { c }).collect();
    parts.push(Part { text: clean, hit });
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::analyze_query;

    fn html(text: &str, q: &str, max: usize) -> String {
        snippet(text, &analyze_query(q), max, Some(Lang::Uk)).to_html()
    }

    #[test]
    fn inflected_forms_are_marked_on_the_original_text() {
        assert_eq!(
            html("Поповніть ГАМАНЦЕМ або карткою.", "гаманець", 100),
            "Поповніть <mark>ГАМАНЦЕМ</mark> або карткою."
        );
        assert_eq!(html("Зняти з м’ясом", "мʼясо", 100), "Зняти з <mark>м’ясом</mark>");
        assert_eq!(html("Адреса e-mail тут", "email", 100), "Адреса <mark>e-mail</mark> тут");
    }

    #[test]
    fn user_text_is_escaped() {
        assert_eq!(
            html("<script>alert(1)</script> гроші & \"лапки\"", "гроші", 100),
            "&lt;script&gt;alert(1)&lt;/script&gt; <mark>гроші</mark> &amp; &quot;лапки&quot;"
        );
        assert_eq!(
            html("<b>гроші</b>", "b гроші", 100),
            "&lt;<mark>b</mark>&gt;<mark>гроші</mark>&lt;/<mark>b</mark>&gt;"
        );
    }

    #[test]
    fn the_window_covers_most_query_words() {
        let text = format!("гроші {} картка і гроші разом {}", "слово ".repeat(50), "хвіст ".repeat(50));
        let s = html(&text, "гроші картка", 40);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>картка</mark> і <mark>гроші</mark>"), "{s}");
        assert!(s.chars().count() < 40 + 60, "{s}");
    }

    #[test]
    fn no_hit_gives_the_start() {
        let s = snippet("Перше речення. Друге речення.", &analyze_query("інше"), 14, None);
        assert!(!s.has_hits());
        assert_eq!(s.to_html(), "Перше речення.…");
    }

    #[test]
    fn hostile_input() {
        let long = "гроші ".repeat(5_000);
        let s = html(&long, "гроші", 50);
        assert!(s.len() < 600, "{}", s.len());
        assert_eq!(html("a\0гроші\0b", "гроші", 50), "a <mark>гроші</mark> b");
        assert_eq!(html("", "гроші", 50), "");
        assert_eq!(html("гроші", "", 50), "гроші");
        assert_eq!(html("ґ".repeat(300).as_str(), "ґ", 10).chars().count(), 11);
    }
}
