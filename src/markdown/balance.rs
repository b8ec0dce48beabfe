//! Normalises the raw HTML that authors mix into Markdown *before* it reaches
//! html5ever (inside ammonia).
//!
//! Why this exists: html5ever's tree builder is quadratic in nesting depth
//! (many start tags scan the whole stack of open elements), so 50 000
//! unclosed `<div>`s take minutes, and unclosed formatting elements are
//! re-opened in every later paragraph. Ammonia itself is iterative and does
//! not overflow the stack, but it cannot bound the work. This pass does:
//!
//! * Every raw chunk is re-tokenised and re-serialised in canonical form
//!   (complete tags with double-quoted attributes, escaped text), so what
//!   html5ever sees is exactly what this module modelled. A tag, comment or
//!   raw-text element that is not complete *within one chunk* is escaped as
//!   text instead of being allowed to swallow the Markdown-generated markup
//!   that follows it.
//! * Raw elements are tracked per Markdown context (each Markdown element is
//!   one context). An end tag only closes an element opened in the same
//!   context, and every element still open when its context ends is closed
//!   explicitly. Raw HTML therefore cannot unbalance the Markdown structure,
//!   and html5ever never has to guess.
//! * At most [`MAX_RAW_OPEN`] raw elements are open at once; further start
//!   tags are dropped (their content is kept).
//! * Tags outside the sanitizer's allowlist are dropped here already (with
//!   their content for `script`/`style`, as ammonia would), which keeps
//!   `svg`/`math` foreign content and raw-text elements out of html5ever
//!   altogether.
//! * `id` and `class` are removed from raw tags: ids and classes in the
//!   output are the pipeline's own (heading anchors, wiki/mention links), so
//!   users cannot spoof a mention or duplicate a heading anchor.
//!
//! This is not a security boundary; ammonia still sanitizes the result.

use super::sanitize::{ALLOWED_TAGS, VOID_TAGS};

/// Raw elements open at the same time, across all contexts. Real posts need
/// a handful (`<details><summary>`, a raw table with a list in a cell).
pub(super) const MAX_RAW_OPEN: usize = 48;

/// Elements whose content html5ever does not parse as markup.
const RAW_TEXT_TAGS: &[&str] = &["textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"];

pub(super) struct Balancer {
    /// Open raw elements per Markdown context; the first one is the document.
    contexts: Vec<Vec<&'static str>>,
    open: usize,
    open_anchors: usize,
}

impl Balancer {
    pub(super) fn new() -> Self {
        Balancer { contexts: vec![Vec::new()], open: 0, open_anchors: 0 }
    }

    /// A Markdown element starts: raw tags opened from here on belong to it.
    pub(super) fn enter(&mut self) {
        self.contexts.push(Vec::new());
    }

    /// A Markdown element ends: returns the end tags that close whatever raw
    /// elements were left open inside it. The document context is never
    /// left here; see [`Balancer::finish`].
    pub(super) fn leave(&mut self) -> Option<String> {
        if self.contexts.len() <= 1 {
            return None;
        }
        let ctx = self.contexts.pop().unwrap_or_default();
        self.close_all(ctx)
    }

    /// End of document: closes raw elements opened at the top level.
    pub(super) fn finish(&mut self) -> Option<String> {
        let mut closing = String::new();
        while let Some(ctx) = self.contexts.pop() {
            if let Some(s) = self.close_all(ctx) {
                closing.push_str(&s);
            }
        }
        self.contexts.push(Vec::new());
        (!closing.is_empty()).then_some(closing)
    }

    /// Whether text is currently inside a raw `<a>`; autolinks and mentions
    /// must not nest links.
    pub(super) fn inside_raw_anchor(&self) -> bool {
        self.open_anchors > 0
    }

    fn close_all(&mut self, ctx: Vec<&'static str>) -> Option<String> {
        if ctx.is_empty() {
            return None;
        }
        let mut out = String::new();
        for name in ctx.into_iter().rev() {
            self.note_closed(name);
            push_end_tag(&mut out, name);
        }
        Some(out)
    }

    fn note_closed(&mut self, name: &str) {
        self.open -= 1;
        if name == "a" {
            self.open_anchors -= 1;
        }
    }

    /// Rewrites one raw HTML chunk (an inline HTML event or a whole HTML
    /// block) into canonical, depth-bounded HTML.
    ///
    /// Runs in linear time: unterminated markup ends the scan (the rest of
    /// the chunk is text, roughly what a browser shows for a tag cut off at
    /// the end of the document), and searches for `</script` and friends are
    /// cached, so neither `<a <a <a …` nor `<script>` × 100 000 rescans the
    /// chunk.
    pub(super) fn feed(&mut self, chunk: &str) -> String {
        let bytes = chunk.as_bytes();
        let mut out = String::with_capacity(chunk.len());
        let mut closers = CloseCache::default();
        let mut pos = 0;
        while let Some(off) = bytes[pos..].iter().position(|&b| b == b'<') {
            let lt = pos + off;
            push_text(&mut out, &chunk[pos..lt]);
            pos = match scan_markup(chunk, lt) {
                Markup::Literal => {
                    out.push_str("&lt;");
                    lt + 1
                }
                Markup::Unterminated => {
                    push_text(&mut out, &chunk[lt..]);
                    return out;
                }
                Markup::Skip(end) => end,
                Markup::Start(tag) => self.start_tag(chunk, tag, &mut closers, &mut out),
                Markup::End(tag) => {
                    self.end_tag(&tag.name, &mut out);
                    tag.end
                }
            };
        }
        push_text(&mut out, &chunk[pos..]);
        out
    }

    /// Returns the position after everything consumed for this start tag.
    fn start_tag(&mut self, chunk: &str, tag: Tag<'_>, closers: &mut CloseCache, out: &mut String) -> usize {
        let name = tag.name.as_str();
        if name == "script" || name == "style" {
            // Dropped together with the content, as ammonia would; if the
            // element is not closed in this chunk only the tag goes.
            return closers.find(chunk, tag.end, name).map_or(tag.end, |(_, end)| end);
        }
        if RAW_TEXT_TAGS.contains(&name) {
            // html5ever would treat the content as text, so show it as text.
            return match closers.find(chunk, tag.end, name) {
                Some((content_end, end)) => {
                    push_escaped_all(out, &chunk[tag.end..content_end]);
                    end
                }
                None => tag.end,
            };
        }
        let Some(&name) = ALLOWED_TAGS.iter().find(|t| **t == name) else {
            return tag.end;
        };
        let is_void = VOID_TAGS.contains(&name);
        if !is_void && self.open >= MAX_RAW_OPEN {
            return tag.end;
        }
        out.push('<');
        out.push_str(name);
        for (attr, value) in &tag.attrs {
            if !is_plain_attr_name(attr) || attr.starts_with("on") || matches!(attr.as_str(), "id" | "class" | "style")
            {
                continue;
            }
            out.push(' ');
            out.push_str(attr);
            out.push_str("=\"");
            push_attr_value(out, value);
            out.push('"');
        }
        out.push('>');
        if !is_void {
            if let Some(ctx) = self.contexts.last_mut() {
                ctx.push(name);
            }
            self.open += 1;
            if name == "a" {
                self.open_anchors += 1;
            }
        }
        tag.end
    }

    fn end_tag(&mut self, name: &str, out: &mut String) {
        let Some(ctx) = self.contexts.last_mut() else {
            return;
        };
        let Some(idx) = ctx.iter().rposition(|open| *open == name) else {
            // Not opened in this context: dropping it keeps raw HTML from
            // closing Markdown-generated elements.
            return;
        };
        let closed: Vec<&'static str> = ctx.drain(idx..).collect();
        for name in closed.into_iter().rev() {
            self.note_closed(name);
            push_end_tag(out, name);
        }
    }
}

struct Tag<'s> {
    name: String,
    attrs: Vec<(String, &'s str)>,
    /// Byte position just after the closing `>`.
    end: usize,
}

enum Markup<'s> {
    /// A `<` that does not start markup: emitted as `&lt;`.
    Literal,
    /// Markup that is not complete within the chunk: the rest of the chunk
    /// is emitted as text.
    Unterminated,
    /// Comment, doctype, processing instruction, CDATA, bogus comment:
    /// dropped (ammonia strips comments anyway).
    Skip(usize),
    Start(Tag<'s>),
    End(Tag<'s>),
}

/// Classifies the markup starting at `lt` (which holds `<`), following the
/// HTML tokenizer's states closely enough that the pieces we keep are the
/// ones a browser would see.
fn scan_markup(s: &str, lt: usize) -> Markup<'_> {
    let b = s.as_bytes();
    let next = b.get(lt + 1).copied();
    if b[lt..].starts_with(b"<!--") {
        let body = lt + 4;
        // `<!-->` and `<!--->` are complete (abruptly closed) comments.
        if b[body..].starts_with(b">") {
            return Markup::Skip(body + 1);
        }
        if b[body..].starts_with(b"->") {
            return Markup::Skip(body + 2);
        }
        let mut i = body;
        while let Some(off) = find(&b[i..], b"--") {
            let dash = i + off;
            if b[dash + 2..].starts_with(b">") {
                return Markup::Skip(dash + 3);
            }
            if b[dash + 2..].starts_with(b"!>") {
                return Markup::Skip(dash + 4);
            }
            i = dash + 1;
        }
        return Markup::Unterminated;
    }
    match next {
        Some(b'!' | b'?') => skip_to_gt(b, lt + 2),
        Some(b'/') => match b.get(lt + 2) {
            Some(c) if c.is_ascii_alphabetic() => scan_tag(s, lt + 2).map_or(Markup::Unterminated, Markup::End),
            // `</>` is ignored by browsers.
            Some(b'>') => Markup::Skip(lt + 3),
            Some(_) => skip_to_gt(b, lt + 2),
            None => Markup::Unterminated,
        },
        Some(c) if c.is_ascii_alphabetic() => scan_tag(s, lt + 1).map_or(Markup::Unterminated, Markup::Start),
        _ => Markup::Literal,
    }
}

fn skip_to_gt(b: &[u8], from: usize) -> Markup<'static> {
    match b[from.min(b.len())..].iter().position(|&c| c == b'>') {
        Some(off) => Markup::Skip(from + off + 1),
        None => Markup::Unterminated,
    }
}

fn is_html_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Tokenises a start or end tag whose name starts at `start`. `None` if the
/// tag is not terminated by `>` within the chunk.
fn scan_tag(s: &str, start: usize) -> Option<Tag<'_>> {
    let b = s.as_bytes();
    let len = b.len();
    let mut j = start;
    while j < len && !is_html_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
        j += 1;
    }
    let name = s[start..j].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while j < len && is_html_space(b[j]) {
            j += 1;
        }
        if j >= len {
            return None;
        }
        match b[j] {
            b'>' => {
                return Some(Tag { name, attrs, end: j + 1 });
            }
            b'/' => j += 1,
            _ => {
                let name_start = j;
                // The first character belongs to the name even if it is `=`.
                j += 1;
                while j < len && !is_html_space(b[j]) && !matches!(b[j], b'/' | b'>' | b'=') {
                    j += 1;
                }
                let attr_name = s[name_start..j].to_ascii_lowercase();
                while j < len && is_html_space(b[j]) {
                    j += 1;
                }
                let mut value = "";
                if j < len && b[j] == b'=' {
                    j += 1;
                    while j < len && is_html_space(b[j]) {
                        j += 1;
                    }
                    if j >= len {
                        return None;
                    }
                    match b[j] {
                        q @ (b'"' | b'\'') => {
                            let close = b[j + 1..].iter().position(|&c| c == q)?;
                            value = &s[j + 1..j + 1 + close];
                            j += close + 2;
                        }
                        b'>' => {}
                        _ => {
                            let v = j;
                            while j < len && !is_html_space(b[j]) && b[j] != b'>' {
                                j += 1;
                            }
                            value = &s[v..j];
                        }
                    }
                }
                attrs.push((attr_name, value));
            }
        }
    }
}

/// Remembers the last closing-tag search per element name. Searches start
/// at increasing positions within a chunk, so a miss stays a miss and a hit
/// stays valid until the scan passes it.
#[derive(Default)]
struct CloseCache(Vec<(String, Option<(usize, usize)>)>);

impl CloseCache {
    fn find(&mut self, s: &str, from: usize, name: &str) -> Option<(usize, usize)> {
        if let Some((_, cached)) = self.0.iter().find(|(n, _)| n == name) {
            match *cached {
                None => return None,
                Some((at, end)) if at >= from => return Some((at, end)),
                Some(_) => {}
            }
        }
        let found = find_closing_tag(s, from, name);
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = found,
            None => self.0.push((name.to_owned(), found)),
        }
        found
    }
}

/// Finds `</name` (ASCII case-insensitive) followed by whitespace, `/` or
/// `>` at or after `from`, the way the tokenizer ends script/raw-text data.
/// Returns (start of the end tag, position after its `>`).
fn find_closing_tag(s: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let n = name.len();
    let mut i = from;
    while let Some(off) = find(&b[i..], b"</") {
        let at = i + off;
        let name_end = at + 2 + n;
        if name_end <= b.len()
            && b[at + 2..name_end].eq_ignore_ascii_case(name.as_bytes())
            && b.get(name_end).is_some_and(|&c| is_html_space(c) || c == b'/' || c == b'>')
        {
            let tag = scan_tag(s, at + 2)?;
            return Some((at, tag.end));
        }
        i = at + 2;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn is_plain_attr_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|c| c.is_ascii_lowercase())
        && bytes.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_')
}

fn push_end_tag(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Text between tags: `&` is kept so entities mean what the author meant;
/// `<` cannot occur (the scanner stops there) and `>` is escaped for
/// tidiness.
fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '>' => out.push_str("&gt;"),
            '<' => out.push_str("&lt;"),
            _ => out.push(c),
        }
    }
}

/// Content of raw-text elements is shown literally, entities included.
fn push_escaped_all(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// Attribute values keep `&` for the same reason as text; the characters
/// that could end the attribute or the tag are escaped.
fn push_attr_value(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(s: &str) -> String {
        let mut b = Balancer::new();
        let mut out = b.feed(s);
        if let Some(rest) = b.finish() {
            out.push_str(&rest);
        }
        out
    }

    #[test]
    fn canonicalises_tags() {
        assert_eq!(
            feed("<A HREF=/x TITLE='a\"b' id=x class=y onclick=z>t</a>"),
            r#"<a href="/x" title="a&quot;b">t</a>"#
        );
        assert_eq!(feed("<br/><IMG src=x>"), r#"<br><img src="x">"#);
    }

    #[test]
    fn closes_unclosed_and_drops_stray_end_tags() {
        assert_eq!(feed("<b><i>x"), "<b><i>x</i></b>");
        assert_eq!(feed("x</div></b>"), "x");
        assert_eq!(feed("<b><i>x</b>y"), "<b><i>x</i></b>y");
    }

    #[test]
    fn contexts_isolate_end_tags() {
        let mut b = Balancer::new();
        assert_eq!(b.feed("<div>"), "<div>");
        b.enter();
        assert_eq!(b.feed("<span>"), "<span>");
        assert_eq!(b.feed("</div>"), "");
        assert_eq!(b.leave().as_deref(), Some("</span>"));
        assert_eq!(b.feed("</div>"), "</div>");
        assert_eq!(b.finish(), None);
    }

    #[test]
    fn depth_is_capped() {
        let out = feed(&"<div>".repeat(10_000));
        assert_eq!(out.matches("<div>").count(), MAX_RAW_OPEN);
        assert_eq!(out.matches("</div>").count(), MAX_RAW_OPEN);
    }

    #[test]
    fn incomplete_markup_becomes_text() {
        assert_eq!(feed("<div title=\"x<b>"), "&lt;div title=\"x&lt;b&gt;");
        assert_eq!(feed("<!-- open <b>"), "&lt;!-- open &lt;b&gt;");
        assert_eq!(feed("<b>x</b"), "<b>x&lt;/b</b>");
        assert_eq!(feed("a < b"), "a &lt; b");
        assert_eq!(feed("<script>alert(1)"), "alert(1)");
    }

    #[test]
    fn comments_and_raw_text() {
        assert_eq!(feed("a<!-- x -->b<!-->c<!--->d<!-- y --!>e"), "abcde");
        assert_eq!(feed("<script>x</script >y"), "y");
        assert_eq!(feed("<STYLE>a{}</style>y"), "y");
        assert_eq!(feed("<textarea><b>&amp;</textarea>"), "&lt;b&gt;&amp;amp;");
        assert_eq!(
            feed(r#"<noscript><p title="</noscript><img src=x onerror=alert(1)>">"#),
            r#"&lt;p title="<img src="x">"&gt;"#
        );
    }

    #[test]
    fn foreign_content_is_dropped() {
        assert_eq!(feed("<svg><circle/></svg>x"), "x");
        assert_eq!(feed("<math><mi>x</mi></math>"), "x");
    }
}
