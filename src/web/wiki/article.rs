//! Reading guides: a guide (or an old revision of it), the index, "what
//! links here", and the topics that discuss a guide.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::{allowed, canonical, found_or_404, href_of, parse_title, title_error_msg};
use crate::error::AppError;
use crate::policy::{Action, Decision};
use crate::state::AppState;
use crate::title::Title;
use crate::util;
use crate::web::context::Ctx;
use crate::web::errors::denial_text;
use crate::web::forum::{Link, topic_href};
use crate::wiki;

#[derive(Debug, Default, Deserialize)]
pub(super) struct ViewQuery {
    rev: Option<String>,
}

#[derive(Serialize)]
struct MissingPage {
    title: String,
    href: String,
    can_create: bool,
    reason: Option<String>,
}

#[derive(Serialize)]
struct ArticleView {
    title: String,
    href: String,
    protected: bool,
    protected_until: Option<String>,
    protect_reason: String,
    current: Option<i64>,
}

#[derive(Serialize)]
struct RevisionView {
    id: i64,
    html: String,
    author: String,
    at: String,
    old: bool,
}

#[derive(Serialize)]
pub(super) struct DiscussionView {
    title: String,
    href: String,
    replies: i32,
    solved: bool,
    activity: String,
    activity_abs: String,
}

pub(super) fn discussions_view(locale: &str, rows: &[crate::crosslinks::Discussion]) -> Vec<DiscussionView> {
    let now = util::now();
    rows.iter()
        .map(|d| DiscussionView {
            title: d.title.clone(),
            href: topic_href(d.id, &d.title),
            replies: d.reply_count,
            solved: d.solved_post_id.is_some(),
            activity: util::relative(&d.last_posted_at, &now, locale),
            activity_abs: util::datetime(&d.last_posted_at),
        })
        .collect()
}

/// A section in breadcrumbs and lists.
#[derive(Serialize)]
pub(super) struct SectionLink {
    name: String,
    href: String,
}

pub(super) fn section_href(slug: &str) -> String {
    format!("/wiki/section/{}", crate::web::views::encode_segment(slug))
}

#[derive(Serialize)]
struct ArticlePage {
    /// Guides › these sections › the title.
    sections: Vec<SectionLink>,
    /// Other guides that share links with this one.
    see_also: Vec<Link>,
    discussions: Vec<DiscussionView>,
    more_discussions: bool,
    article: ArticleView,
    rev: RevisionView,
    toc: Vec<serde_json::Value>,
    redirected_from: Option<String>,
    can_edit: bool,
    edit_reason: Option<String>,
    can_protect: bool,
    can_move: bool,
    watch: Option<crate::web::notify::WatchControl>,
}

pub(super) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<ViewQuery>,
) -> Result<Response, AppError> {
    let title = parse_title(&raw)?;
    if let Some(r) = canonical(&raw, &title, "", &q.rev.as_ref().map(|r| format!("rev={r}")).unwrap_or_default()) {
        return Ok(r);
    }
    let Some(found) = wiki::find(state.db.read(), &title).await? else {
        let decision = wiki::edit_decision(&state.policy, ctx.user.as_ref(), None);
        let page = MissingPage {
            title: title.as_str().to_owned(),
            href: title.href(),
            can_create: decision == Decision::Allow,
            reason: decision.denial().filter(|_| ctx.user.is_some()).map(|d| denial_text(ctx.locale, d)),
        };
        return state.views.page_with_status(StatusCode::NOT_FOUND, &ctx, "wiki/missing.html", &page);
    };
    let article = &found.article;
    let id = match &q.rev {
        None => article.current_revision_id.ok_or(AppError::NotFound)?,
        Some(r) => r.parse::<i64>().map_err(|_| AppError::NotFound)?,
    };
    let rev = wiki::shown_revision(state.db.read(), article, id).await?;
    let old = Some(rev.id) != article.current_revision_id;
    let toc: Vec<serde_json::Value> = serde_json::from_str(&rev.toc).unwrap_or_default();
    let decision = wiki::edit_decision(&state.policy, ctx.user.as_ref(), Some(article));
    let me = ctx.user.is_some();
    let watch = match &ctx.user {
        Some(u) => {
            Some(crate::web::notify::watch_control(&state, u.id, crate::notify::watch::GUIDE, article.id).await?)
        }
        None => None,
    };
    let ctx = if me { ctx.with_csrf().await? } else { ctx };
    let page_title = Title::parse(&article.title).unwrap_or(title);
    let discussions = crate::crosslinks::discussions(state.db.read(), article.id, 6).await?;
    let sections = wiki::sections::of_article(state.db.read(), article.id).await?;
    let see_also = wiki::browse::see_also(state.db.read(), article.id, SEE_ALSO).await?;
    if q.rev.is_none() {
        state.reads.record(article.id);
    }
    let page = ArticlePage {
        sections: sections.iter().map(|s| SectionLink { name: s.name.clone(), href: section_href(&s.slug) }).collect(),
        see_also: see_also.into_iter().map(|(_, t)| Link { href: href_of(&t), title: t }).collect(),
        discussions: discussions_view(ctx.locale, &discussions[..discussions.len().min(5)]),
        more_discussions: discussions.len() > 5,
        article: ArticleView {
            title: article.title.clone(),
            href: page_title.href(),
            protected: article.is_protected(),
            protected_until: article.protected_until.filter(|_| article.is_protected()).map(|t| util::datetime(&t)),
            protect_reason: if article.is_protected() { article.protect_reason.clone() } else { String::new() },
            current: article.current_revision_id,
        },
        rev: RevisionView {
            id: rev.id,
            html: rev.html,
            author: rev.author.unwrap_or_default(),
            at: util::datetime(&rev.created_at),
            old,
        },
        toc: if toc.len() >= 3 { toc } else { Vec::new() },
        redirected_from: found.redirected_from,
        can_edit: decision == Decision::Allow,
        edit_reason: decision.denial().filter(|_| me).map(|d| denial_text(ctx.locale, d)),
        can_protect: allowed(&state, &ctx, Action::ProtectArticle),
        can_move: allowed(&state, &ctx, Action::RenameArticle),
        watch,
    };
    state.views.page(&ctx, "wiki/article.html", &page)
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct NewQuery {
    #[serde(default)]
    title: String,
}

#[derive(Serialize)]
struct NewPage {
    error: Option<String>,
    value: String,
}

pub(super) async fn new_article(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    if q.title.trim().is_empty() {
        return state.views.page(&ctx, "wiki/new.html", &NewPage { error: None, value: String::new() });
    }
    match Title::parse(&q.title) {
        Ok(t) => Ok(Redirect::to(&format!("{}/edit", t.href())).into_response()),
        Err(e) => {
            let page = NewPage { error: Some(title_error_msg(&e).text(ctx.locale)), value: q.title };
            state.views.page_with_status(StatusCode::BAD_REQUEST, &ctx, "wiki/new.html", &page)
        }
    }
}

#[derive(Serialize)]
struct LinksPage {
    title: String,
    href: String,
    links: Vec<Link>,
    topics: Vec<DiscussionView>,
    /// The guide is not written yet: these are its red links.
    missing: bool,
}

#[derive(Serialize)]
struct MissingTopic {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct MissingLinksPage {
    title: String,
    href: String,
    links: Vec<Link>,
    topics: Vec<MissingTopic>,
    missing: bool,
}

pub(super) async fn links(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let title = parse_title(&raw)?;
    if wiki::find(state.db.read(), &title).await?.is_none() {
        // Who links to this red link: what a guide not written yet is wanted by.
        let (guides, topics) = crate::crosslinks::links_to_missing(state.db.read(), title.key()).await?;
        let page = MissingLinksPage {
            title: title.as_str().to_owned(),
            href: title.href(),
            links: guides.into_iter().map(|t| Link { href: href_of(&t), title: t }).collect(),
            topics: topics.into_iter().map(|(id, t)| MissingTopic { href: topic_href(id, &t), title: t }).collect(),
            missing: true,
        };
        return state.views.page(&ctx, "wiki/links.html", &page);
    }
    let (title, article) = found_or_404(&state, &raw).await?;
    let topics = discussions_view(ctx.locale, &crate::crosslinks::discussions(state.db.read(), article.id, 200).await?);
    let links = wiki::backlinks(&state.db, &article)
        .await?
        .into_iter()
        .map(|b| Link { href: href_of(&b.title), title: b.title })
        .collect();
    let page = LinksPage { title: title.as_str().to_owned(), href: title.href(), links, topics, missing: false };
    state.views.page(&ctx, "wiki/links.html", &page)
}

/// How many guides "see also" offers.
const SEE_ALSO: u64 = 6;

#[derive(Serialize)]
struct IndexGroup {
    letter: String,
    items: Vec<Link>,
}

#[derive(Serialize)]
struct IndexPage {
    groups: Vec<IndexGroup>,
    newest: Vec<Link>,
    count: usize,
    can_create: bool,
}

/// Every guide A–Z, grouped by letter.
pub(super) async fn all(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let mut all = wiki::all_articles(&state.db).await?;
    all.sort_by_cached_key(|a| wiki::collation_key(&a.title));
    let mut groups: Vec<IndexGroup> = Vec::new();
    for a in &all {
        let letter = wiki::index_letter(&a.title);
        let entry = Link { title: a.title.clone(), href: href_of(&a.title) };
        match groups.last_mut() {
            Some(g) if g.letter == letter => g.items.push(entry),
            _ => groups.push(IndexGroup { letter, items: vec![entry] }),
        }
    }
    let mut newest = all.clone();
    newest.sort_by_key(|a| std::cmp::Reverse(a.updated_at));
    let newest = newest.iter().take(10).map(|a| Link { title: a.title.clone(), href: href_of(&a.title) }).collect();
    let can_create = wiki::edit_decision(&state.policy, ctx.user.as_ref(), None) == Decision::Allow;
    state.views.page(&ctx, "wiki/all.html", &IndexPage { groups, newest, count: all.len(), can_create })
}

/// Sections on the guides' home, and the guides shown under each.
const HOME_SECTIONS: u64 = 24;
const HOME_SECTION_GUIDES: u64 = 5;
/// Guides in the home page's short lists, and on a page of a section.
const HOME_LIST: u64 = 10;
const SECTION_PAGE: u64 = 50;
const SECTIONS_PAGE: u64 = 100;

#[derive(Serialize)]
struct SectionCard {
    name: String,
    href: String,
    count: i32,
    guides: Vec<Link>,
    more: bool,
}

#[derive(Serialize)]
struct ReadLine {
    title: String,
    href: String,
    views: i64,
}

#[derive(Serialize)]
struct RecentLine {
    title: String,
    href: String,
    at: String,
    at_abs: String,
}

#[derive(Serialize)]
struct HomePage {
    sections: Vec<SectionCard>,
    more_sections: bool,
    most_read: Vec<ReadLine>,
    recent: Vec<RecentLine>,
    can_create: bool,
}

/// The guides' home: sections with their first guides, the most read and
/// the recently updated guides; the A–Z list is one link away.
pub(super) async fn index(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let (sections, more_sections) = wiki::sections::list(&state.db, None, HOME_SECTIONS).await?;
    let ids: Vec<i64> = sections.iter().map(|s| s.id).collect();
    let first = wiki::sections::first_guides(&state.db, &ids, HOME_SECTION_GUIDES).await?;
    let cards = sections
        .iter()
        .map(|s| {
            let guides: Vec<Link> = first
                .iter()
                .filter(|g| g.section_id == s.id)
                .map(|g| Link { href: href_of(&g.title), title: g.title.clone() })
                .collect();
            SectionCard {
                name: s.name.clone(),
                href: section_href(&s.slug),
                count: s.guide_count,
                more: usize::try_from(s.guide_count).unwrap_or(0) > guides.len(),
                guides,
            }
        })
        .collect();
    let most_read = wiki::browse::guides(&state.db, wiki::browse::Order::MostRead, HOME_LIST)
        .await?
        .into_iter()
        .map(|g| ReadLine { href: href_of(&g.title), title: g.title, views: g.views })
        .collect();
    let now = util::now();
    let recent = wiki::browse::guides(&state.db, wiki::browse::Order::RecentlyUpdated, HOME_LIST)
        .await?
        .into_iter()
        .map(|g| RecentLine {
            href: href_of(&g.title),
            at: util::relative(&g.updated_at, &now, ctx.locale),
            at_abs: util::datetime(&g.updated_at),
            title: g.title,
        })
        .collect();
    let can_create = wiki::edit_decision(&state.policy, ctx.user.as_ref(), None) == Decision::Allow;
    let page = HomePage { sections: cards, more_sections, most_read, recent, can_create };
    state.views.page(&ctx, "wiki/index.html", &page)
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct AfterQuery {
    after: Option<String>,
}

fn after_id(q: &AfterQuery) -> Result<Option<i64>, AppError> {
    match q.after.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(a) => a.parse::<i64>().map(Some).map_err(|_| AppError::bad_request("err-link-damaged")),
    }
}

#[derive(Serialize)]
struct SectionPage {
    name: String,
    href: String,
    count: i32,
    guides: Vec<Link>,
    /// The address of the next page, when there is one.
    next: Option<String>,
    /// Not the first page: a link back to it.
    later: bool,
}

/// The guides of one section A–Z, a page at a time (keyset: `?after=` the
/// last guide shown).
pub(super) async fn section(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<AfterQuery>,
) -> Result<Response, AppError> {
    let after = after_id(&q)?;
    let section = wiki::sections::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let (rows, more) = wiki::sections::guides(&state.db, section.id, after, SECTION_PAGE).await?;
    let href = section_href(&section.slug);
    let next = rows.last().filter(|_| more).map(|g| format!("{href}?after={}", g.article_id));
    let page = SectionPage {
        name: section.name,
        count: section.guide_count,
        guides: rows.into_iter().map(|g| Link { href: href_of(&g.title), title: g.title }).collect(),
        next,
        later: after.is_some(),
        href,
    };
    state.views.page(&ctx, "wiki/section.html", &page)
}

#[derive(Serialize)]
struct SectionLine {
    name: String,
    href: String,
    count: i32,
}

#[derive(Serialize)]
struct SectionsPage {
    sections: Vec<SectionLine>,
    next: Option<String>,
    later: bool,
}

/// Every section A–Z with its count of guides, a page at a time.
pub(super) async fn sections(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AfterQuery>,
) -> Result<Response, AppError> {
    let after = match after_id(&q)? {
        Some(id) => wiki::sections::by_id(&state.db, id).await?,
        None => None,
    };
    let (rows, more) = wiki::sections::list(&state.db, after.as_ref(), SECTIONS_PAGE).await?;
    let next = rows.last().filter(|_| more).map(|s| format!("/wiki/sections?after={}", s.id));
    let page = SectionsPage {
        sections: rows
            .into_iter()
            .map(|s| SectionLine { href: section_href(&s.slug), name: s.name, count: s.guide_count })
            .collect(),
        next,
        later: q.after.is_some(),
    };
    state.views.page(&ctx, "wiki/sections.html", &page)
}

#[derive(Serialize)]
struct DiscussionsPage {
    title: String,
    href: String,
    discussions: Vec<DiscussionView>,
}

pub(super) async fn discussions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let (title, article) = found_or_404(&state, &raw).await?;
    let rows = crate::crosslinks::discussions(state.db.read(), article.id, 200).await?;
    let page = DiscussionsPage {
        title: title.as_str().to_owned(),
        href: title.href(),
        discussions: discussions_view(ctx.locale, &rows),
    };
    state.views.page(&ctx, "wiki/discussions.html", &page)
}

#[derive(Serialize)]
struct WantedItem {
    title: String,
    href: String,
    sources: i64,
}

#[derive(Serialize)]
struct WantedPage {
    wanted: Vec<WantedItem>,
}

/// The guides most linked to that nobody has written yet: the list of
/// guides to write.
pub(super) async fn wanted(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let wanted = crate::crosslinks::wanted(state.db.read(), 100)
        .await?
        .into_iter()
        .map(|w| WantedItem { href: href_of(&w.title), title: w.title, sources: w.sources })
        .collect();
    state.views.page(&ctx, "wiki/wanted.html", &WantedPage { wanted })
}
