//! The one Markdown pipeline: pulldown-cmark, then ammonia. Runs once, when
//! a post or revision is written; reads only ever serve the stored HTML.
//! (Interim version: wiki links, mentions and anchors arrive with the full
//! pipeline.)

use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser, html};
use serde::Serialize;

use crate::wiki::title::Title;

/// Sanitized HTML: only this module constructs it from user input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SafeHtml(String);

impl SafeHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// HTML read back from the database, which this pipeline produced.
    pub fn from_trusted_storage(s: String) -> Self {
        Self(s)
    }
}

pub trait LinkResolver {
    fn article_exists(&self, title: &Title) -> bool;

    fn user_exists(&self, _username: &str) -> bool {
        true
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct WikiLink {
    pub title: Title,
    pub section: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rendered {
    pub html: SafeHtml,
    pub wiki_links: Vec<WikiLink>,
    pub mentions: Vec<String>,
    pub headings: Vec<Heading>,
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .id_prefix(Some("user-content-"));
    b
});

pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

pub fn render(src: &str, _resolver: &dyn LinkResolver) -> Rendered {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    let mut raw = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(src, opts));
    Rendered { html: SafeHtml(sanitize(&raw)), wiki_links: Vec::new(), mentions: Vec::new(), headings: Vec::new() }
}
