//! The one Markdown pipeline: source text in, sanitized HTML plus the
//! metadata the server needs (wiki links for backlinks and red links,
//! mentions for notifications, headings for the table of contents) out.
//!
//! It runs once, when a post or article revision is saved; the HTML is
//! stored and served as is. Nothing else in the server may produce user HTML,
//! which is why [`SafeHtml`] can only be made here.
//!
//! Pipeline (see [`render`]):
//!
//! 1. pulldown-cmark parses CommonMark + tables, strikethrough, task lists
//!    and wiki links (its `ENABLE_WIKILINKS` extension, so `[[…]]` inside
//!    code is never a link).
//! 2. One pass over the events:
//!    * wiki links are resolved against [`LinkResolver`] (red links for
//!      missing pages; invalid titles stay literal text);
//!    * bare URLs and `@mentions` in text become links (not inside code,
//!      links, image alt text or raw `<a>`);
//!    * headings get ids `user-content-{slug}` (see *Ids and anchors*);
//!    * table alignment becomes `align=` (the sanitizer forbids `style`);
//!    * nesting of blockquotes, lists and emphasis is capped at
//!      [`MAX_NESTING`] by dropping the deeper container tags (their content
//!      stays);
//!    * raw HTML is re-tokenised, balanced per Markdown element and capped in
//!      depth (`balance.rs`).
//! 3. pulldown-cmark writes HTML.
//! 4. [`sanitize()`] (ammonia, one shared policy) runs last, always.
//!    Images from hosts the site does not trust become links first
//!    ([`images`]), and the result is sanitized again.
//!
//! # Ids and anchors
//!
//! Ammonia's `id_prefix` prefixes every `id` that does not already start
//! with the prefix, but it does not touch `href="#…"`. So the pipeline writes
//! heading ids *with* the prefix ([`ID_PREFIX`]`{slug}`), ammonia leaves them
//! alone, and the ids in [`Rendered::headings`] are exactly those in the
//! HTML. `[[Title#Section]]` links to `/wiki/Title#user-content-{slug}` with
//! the same slug function (percent-encoded), so a TOC link, a wiki link and
//! the heading id all agree. Duplicate headings get `-1`, `-2`, …; links
//! always target the first. Raw HTML cannot carry ids (the balancer drops
//! them), so heading ids are unique in the document.
//!
//! # Why the depth limits
//!
//! pulldown-cmark and ammonia's own tree walks are iterative, so nothing
//! here recurses on the input. html5ever's tree builder, however, is
//! quadratic in nesting depth (50 000 nested blockquotes take minutes), so
//! depth is bounded before the HTML is parsed.
//!
//! # Smaller decisions
//!
//! * Classes are allowed per element in the sanitizer's attribute filter
//!   (`wiki-link`, `new`, `mention` on `a`; `task-list-item` on `li`;
//!   `language-*` on `code` by pattern, so any language keeps its class).
//!   Raw HTML never keeps `class` or `id`.
//! * `www.example.org` links to `https://` (GFM says `http://`).
//! * `![[Title]]` (an Obsidian embed) renders as `!` plus a normal wiki link.
//! * `[[Title|label]]` inside a table cell needs `\|`, as any pipe does.
//! * The heading attribute syntax (`# x {#id}`) is not enabled: ids are
//!   always derived from the text, so they cannot collide with the site's.
//! * A `[[…]]` link cannot contain another link; mentions and URLs inside
//!   its label stay text.

mod balance;
pub mod images;
mod sanitize;
mod scan;
mod slug;

#[cfg(test)]
mod hostile_tests;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::fmt;

use percent_encoding::utf8_percent_encode;
use pulldown_cmark::{Alignment, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream};
use serde::{Deserialize, Serialize};

use crate::title::{PATH_SEGMENT, Title};

use balance::Balancer;
use scan::Piece;
use slug::{Slugger, slugify};

pub use sanitize::{ID_PREFIX, sanitize};

/// Deepest nesting of blockquotes, lists/items and emphasis kept in the
/// output. Deeper container tags are dropped (their content is kept), which
/// bounds html5ever's work and keeps pages readable.
pub const MAX_NESTING: usize = 32;

/// HTML that has been through [`sanitize()`]. The field is private so the only
/// ways to get one are [`render`] and [`SafeHtml::from_trusted_storage`]:
/// a template marking a `SafeHtml` as `| safe` is then always correct.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SafeHtml(String);

impl SafeHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// For HTML loaded back from the database, which this pipeline produced
    /// when the content was saved. Never use it for anything else.
    pub fn from_trusted_storage(s: String) -> Self {
        SafeHtml(s)
    }
}

impl fmt::Display for SafeHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A plain string, so tera can print it with `| safe`.
impl Serialize for SafeHtml {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// What the renderer needs to know about the rest of the site. Rendering is
/// synchronous; a caller backed by a database can render once with a
/// resolver that says "yes" to everything, look up the collected
/// `wiki_links`/`mentions` in one query each, and render again with the
/// answers (or prefetch into a `HashSet`). Each distinct title and user is
/// asked about once per render.
pub trait LinkResolver {
    fn article_exists(&self, title: &Title) -> bool;

    fn user_exists(&self, _username: &str) -> bool {
        true
    }
}

/// A `[[Title]]` or `[[Title#Section]]` found in the source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct WikiLink {
    pub title: Title,
    /// The section as written (whitespace collapsed), without `#`.
    pub section: Option<String>,
}

impl WikiLink {
    /// The heading id the section refers to (`user-content-…`), as written
    /// on headings by [`render`].
    pub fn anchor(&self) -> Option<String> {
        self.section.as_deref().map(section_anchor)
    }
}

/// A heading, for building a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    pub level: u8,
    /// The `id` attribute in the output, prefix included.
    pub id: String,
    /// Plain text of the heading (markup removed, whitespace collapsed).
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rendered {
    pub html: SafeHtml,
    /// Resolvable wiki links, deduplicated, in order of first appearance
    /// (red links included: they are what "wanted pages" lists are made of).
    pub wiki_links: Vec<WikiLink>,
    /// Mentioned usernames that [`LinkResolver::user_exists`] accepted,
    /// NFC-normalised, deduplicated, in order.
    pub mentions: Vec<String>,
    pub headings: Vec<Heading>,
}

/// The parser's extensions. Search cuts guides into sections with the same
/// ones, so its n-th heading is the n-th heading here.
pub(crate) const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_WIKILINKS);

/// Renders Markdown to sanitized HTML. Never panics, never recurses on the
/// input, and bounds the nesting depth of what it hands to the HTML parser.
pub fn render(src: &str, resolver: &dyn LinkResolver) -> Rendered {
    let events: Vec<Event<'_>> = TextMergeStream::new(Parser::new_ext(src, OPTIONS)).collect();
    let mut renderer = Renderer::new(resolver);
    let out = renderer.run(events);
    let mut html = String::with_capacity(src.len() + src.len() / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    let clean = sanitize(&html);
    // Images from hosts the site does not trust become links; the result is
    // sanitized again, so ammonia still has the last word.
    let html = match images::rewrite(&clean, &images::current()) {
        Some(rewritten) => sanitize(&rewritten),
        None => clean,
    };
    Rendered {
        html: SafeHtml(html),
        wiki_links: renderer.wiki_links,
        mentions: renderer.mentions,
        headings: renderer.headings,
    }
}

/// The id a `[[Title#section]]` link targets.
fn section_anchor(section: &str) -> String {
    format!("{ID_PREFIX}{}", slugify(section))
}

/// What to do when the matching `End` event arrives.
enum Close {
    /// Emit the original `End` event.
    Original,
    /// The start tag was dropped; drop the end tag too.
    Nothing,
    /// The start was replaced by our own HTML; close it with this.
    Html(&'static str),
    /// An invalid wiki link rendered literally; close with this text.
    Text(&'static str),
}

struct Pending {
    close: Close,
    /// Whether a balancer context was entered for this element.
    context: bool,
    /// Counts towards [`MAX_NESTING`].
    nesting: bool,
    link: bool,
    image: bool,
    code: bool,
    /// `Some(kept)` for list items, to know how to render a task marker.
    item: Option<bool>,
}

impl Pending {
    fn new(close: Close) -> Self {
        Pending { close, context: false, nesting: false, link: false, image: false, code: false, item: None }
    }
}

struct OpenHeading {
    index: usize,
    level: u8,
    text: String,
}

#[derive(Default)]
struct TableState {
    alignments: Vec<Alignment>,
    head: bool,
    column: usize,
}

struct Renderer<'r, 'a> {
    resolver: &'r dyn LinkResolver,
    out: Vec<Event<'a>>,
    pending: Vec<Pending>,
    nesting: usize,
    links: usize,
    images: usize,
    code_blocks: usize,
    html_block: Option<String>,
    table: TableState,
    heading: Option<OpenHeading>,
    raw: Balancer,
    slugs: Slugger,
    articles: HashMap<Title, bool>,
    users: HashMap<String, bool>,
    seen_links: HashSet<WikiLink>,
    seen_mentions: HashSet<String>,
    wiki_links: Vec<WikiLink>,
    mentions: Vec<String>,
    headings: Vec<Heading>,
}

impl<'r, 'a> Renderer<'r, 'a> {
    fn new(resolver: &'r dyn LinkResolver) -> Self {
        Renderer {
            resolver,
            out: Vec::new(),
            pending: Vec::new(),
            nesting: 0,
            links: 0,
            images: 0,
            code_blocks: 0,
            html_block: None,
            table: TableState::default(),
            heading: None,
            raw: Balancer::new(),
            slugs: Slugger::default(),
            articles: HashMap::new(),
            users: HashMap::new(),
            seen_links: HashSet::new(),
            seen_mentions: HashSet::new(),
            wiki_links: Vec::new(),
            mentions: Vec::new(),
            headings: Vec::new(),
        }
    }

    fn run(&mut self, mut events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        self.out.reserve(events.len());
        for i in 0..events.len() {
            let event = std::mem::replace(&mut events[i], Event::SoftBreak);
            match event {
                Event::Start(tag) => {
                    let task_item = matches!(tag, Tag::Item) && starts_task_item(&events[i + 1..]);
                    self.start(tag, task_item);
                }
                Event::End(tag) => self.end(tag),
                Event::Text(text) => self.text(text),
                Event::Code(code) => {
                    if let Some(h) = &mut self.heading {
                        h.text.push_str(&code);
                    }
                    self.out.push(Event::Code(code));
                }
                Event::Html(html) => self.raw_html(html, true),
                Event::InlineHtml(html) => self.raw_html(html, false),
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(h) = &mut self.heading {
                        h.text.push(' ');
                    }
                    self.out.push(event);
                }
                Event::TaskListMarker(checked) => {
                    let item_kept = self.pending.iter().rev().find_map(|p| p.item);
                    if item_kept == Some(false) {
                        let marker = if checked { "[x] " } else { "[ ] " };
                        self.out.push(Event::Text(marker.into()));
                    } else {
                        self.out.push(Event::TaskListMarker(checked));
                    }
                }
                other => self.out.push(other),
            }
        }
        if let Some(buffer) = self.html_block.take() {
            let html = self.raw.feed(&buffer);
            self.out.push(Event::Html(html.into()));
        }
        if let Some(closing) = self.raw.finish() {
            self.out.push(Event::Html(closing.into()));
        }
        std::mem::take(&mut self.out)
    }

    /// Emits a start tag as is and opens a balancer context for it.
    fn keep(&mut self, tag: Tag<'a>, mut pending: Pending) {
        self.out.push(Event::Start(tag));
        self.raw.enter();
        pending.context = true;
        self.pending.push(pending);
    }

    /// Emits our own opening HTML in place of a Markdown tag.
    fn replace(&mut self, open: String, close: &'static str, mut pending: Pending) {
        self.out.push(Event::InlineHtml(open.into()));
        self.raw.enter();
        pending.close = Close::Html(close);
        pending.context = true;
        self.pending.push(pending);
    }

    fn start(&mut self, tag: Tag<'a>, task_item: bool) {
        match tag {
            Tag::HtmlBlock => {
                // Raw HTML blocks belong to the enclosing context, so a
                // `<details>` block can wrap the Markdown that follows it.
                self.html_block = Some(String::new());
                self.pending.push(Pending::new(Close::Nothing));
            }
            Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {
                // A list needs room for its items too, or `<ul>` would end
                // up holding bare paragraphs.
                let room = if matches!(tag, Tag::List(_)) { 2 } else { 1 };
                let is_item = matches!(tag, Tag::Item);
                if self.nesting + room > MAX_NESTING {
                    let mut p = Pending::new(Close::Nothing);
                    p.item = is_item.then_some(false);
                    self.pending.push(p);
                    return;
                }
                self.nesting += 1;
                let mut p = Pending::new(Close::Original);
                p.nesting = true;
                p.item = is_item.then_some(true);
                if task_item {
                    self.replace(r#"<li class="task-list-item">"#.to_owned(), "</li>", p);
                } else {
                    self.keep(tag, p);
                }
            }
            Tag::Heading { level, .. } => {
                self.heading = Some(OpenHeading { index: self.out.len(), level: level as u8, text: String::new() });
                // The id is filled in at the end, once the text is known.
                let tag = Tag::Heading { level, id: None, classes: Vec::new(), attrs: Vec::new() };
                self.keep(tag, Pending::new(Close::Original));
            }
            Tag::CodeBlock(kind) => {
                self.code_blocks += 1;
                let mut p = Pending::new(Close::Original);
                p.code = true;
                self.keep(Tag::CodeBlock(kind), p);
            }
            Tag::Table(alignments) => {
                self.table = TableState { alignments, head: false, column: 0 };
                // Without alignments pulldown-cmark writes no `style`.
                self.keep(Tag::Table(Vec::new()), Pending::new(Close::Original));
            }
            Tag::TableHead => {
                self.table.head = true;
                self.table.column = 0;
                self.keep(Tag::TableHead, Pending::new(Close::Original));
            }
            Tag::TableRow => {
                self.table.column = 0;
                self.keep(Tag::TableRow, Pending::new(Close::Original));
            }
            Tag::TableCell => {
                let (open, close) = if self.table.head { ("<th", "</th>") } else { ("<td", "</td>") };
                let align = match self.table.alignments.get(self.table.column) {
                    Some(Alignment::Left) => r#" align="left""#,
                    Some(Alignment::Center) => r#" align="center""#,
                    Some(Alignment::Right) => r#" align="right""#,
                    _ => "",
                };
                self.table.column += 1;
                self.replace(format!("{open}{align}>"), close, Pending::new(Close::Original));
            }
            Tag::Link { link_type: LinkType::WikiLink { has_pothole }, dest_url, .. } => {
                self.wiki_link(&dest_url, has_pothole, false)
            }
            Tag::Image { link_type: LinkType::WikiLink { has_pothole }, dest_url, .. } => {
                self.wiki_link(&dest_url, has_pothole, true)
            }
            Tag::Link { .. } => {
                if self.links > 0 {
                    // Links cannot nest; keep the inner text only.
                    self.pending.push(Pending::new(Close::Nothing));
                    return;
                }
                self.links += 1;
                let mut p = Pending::new(Close::Original);
                p.link = true;
                self.keep(tag, p);
            }
            Tag::Image { .. } => {
                self.images += 1;
                let mut p = Pending::new(Close::Original);
                p.image = true;
                self.keep(tag, p);
            }
            other => self.keep(other, Pending::new(Close::Original)),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if tag == TagEnd::HtmlBlock {
            if let Some(buffer) = self.html_block.take() {
                let html = self.raw.feed(&buffer);
                self.out.push(Event::Html(html.into()));
            }
            self.pending.pop();
            return;
        }
        if tag == TagEnd::TableHead {
            self.table.head = false;
        }
        let Some(p) = self.pending.pop() else {
            return;
        };
        if p.context
            && let Some(closing) = self.raw.leave()
        {
            self.out.push(Event::Html(closing.into()));
        }
        if matches!(tag, TagEnd::Heading(_)) {
            self.finish_heading();
        }
        self.nesting -= usize::from(p.nesting);
        self.links -= usize::from(p.link);
        self.images -= usize::from(p.image);
        self.code_blocks -= usize::from(p.code);
        match p.close {
            Close::Original => self.out.push(Event::End(tag)),
            Close::Nothing => {}
            Close::Html(html) => self.out.push(Event::InlineHtml(html.into())),
            Close::Text(text) => self.out.push(Event::Text(text.into())),
        }
    }

    fn finish_heading(&mut self) {
        let Some(h) = self.heading.take() else {
            return;
        };
        let text = collapse_whitespace(&h.text);
        let id = format!("{ID_PREFIX}{}", self.slugs.unique(slugify(&text)));
        if let Some(Event::Start(Tag::Heading { id: slot, .. })) = self.out.get_mut(h.index) {
            *slot = Some(id.clone().into());
        }
        self.headings.push(Heading { level: h.level, id, text });
    }

    fn wiki_link(&mut self, dest: &str, piped: bool, embed: bool) {
        if self.links > 0 {
            if embed {
                self.out.push(Event::Text("!".into()));
            }
            self.pending.push(Pending::new(Close::Nothing));
            return;
        }
        let (title_part, section) = match dest.split_once('#') {
            Some((t, s)) => (t, Some(s)),
            None => (dest, None),
        };
        let Ok(title) = Title::parse(title_part) else {
            // Invalid target: show exactly what was typed.
            let mut literal = String::from(if embed { "![[" } else { "[[" });
            if piped {
                literal.push_str(dest);
                literal.push('|');
            }
            self.out.push(Event::Text(literal.into()));
            self.pending.push(Pending::new(Close::Text("]]")));
            return;
        };
        let section = section.map(collapse_whitespace).filter(|s| !s.is_empty());
        let exists = match self.articles.get(&title) {
            Some(&known) => known,
            None => {
                let known = self.resolver.article_exists(&title);
                self.articles.insert(title.clone(), known);
                known
            }
        };
        let open = if exists {
            let mut href = title.href();
            if let Some(section) = &section {
                href.push('#');
                href.extend(utf8_percent_encode(&section_anchor(section), PATH_SEGMENT));
            }
            format!(r#"<a class="wiki-link" href="{}" title="{}">"#, escape_attr(&href), escape_attr(title.as_str()))
        } else {
            format!(
                r#"<a class="wiki-link new" href="{}/edit" title="{} (page does not exist)">"#,
                escape_attr(&title.href()),
                escape_attr(title.as_str())
            )
        };
        if embed {
            self.out.push(Event::Text("!".into()));
        }
        self.links += 1;
        let mut p = Pending::new(Close::Original);
        p.link = true;
        self.replace(open, "</a>", p);
        let link = WikiLink { title, section };
        if self.seen_links.insert(link.clone()) {
            self.wiki_links.push(link);
        }
    }

    fn text(&mut self, text: CowStr<'a>) {
        if let Some(h) = &mut self.heading {
            h.text.push_str(&text);
        }
        if self.code_blocks > 0 || self.links > 0 || self.images > 0 || self.raw.inside_raw_anchor() {
            self.out.push(Event::Text(text));
            return;
        }
        let pieces = scan::scan(&text);
        if let [Piece::Text(_)] | [] = pieces.as_slice() {
            self.out.push(Event::Text(text));
            return;
        }
        let mut events = Vec::with_capacity(pieces.len());
        for piece in pieces {
            match piece {
                Piece::Text(t) => events.push(Event::Text(t.to_owned().into())),
                Piece::Url { text, href } => events.push(Event::InlineHtml(
                    format!(r#"<a href="{}">{}</a>"#, escape_attr(&href), escape_text(text)).into(),
                )),
                Piece::Mention { text, name } => {
                    if self.user_exists(&name) {
                        let href: String = utf8_percent_encode(&name, PATH_SEGMENT).collect();
                        events.push(Event::InlineHtml(
                            format!(r#"<a class="mention" href="/u/{}">{}</a>"#, escape_attr(&href), escape_text(text))
                                .into(),
                        ));
                        if self.seen_mentions.insert(name.clone()) {
                            self.mentions.push(name);
                        }
                    } else {
                        events.push(Event::Text(text.to_owned().into()));
                    }
                }
            }
        }
        self.out.extend(events);
    }

    fn user_exists(&mut self, name: &str) -> bool {
        if let Some(&known) = self.users.get(name) {
            return known;
        }
        let known = self.resolver.user_exists(name);
        self.users.insert(name.to_owned(), known);
        known
    }

    fn raw_html(&mut self, html: CowStr<'a>, block: bool) {
        if self.images > 0 {
            // Inside an image pulldown-cmark writes this into `alt`, escaped.
            self.out.push(Event::InlineHtml(html));
            return;
        }
        if let Some(buffer) = &mut self.html_block {
            buffer.push_str(&html);
            return;
        }
        let balanced = self.raw.feed(&html).into();
        self.out.push(if block { Event::Html(balanced) } else { Event::InlineHtml(balanced) });
    }
}

/// Whether the events right after an `Item` start are a task marker (tight
/// lists put it first, loose ones inside the first paragraph).
fn starts_task_item(rest: &[Event<'_>]) -> bool {
    matches!(rest, [Event::TaskListMarker(_), ..] | [Event::Start(Tag::Paragraph), Event::TaskListMarker(_), ..])
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
