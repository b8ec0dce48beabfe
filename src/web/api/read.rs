//! Reading through the API: the same queries and the same visibility as
//! the site's pages (keyset-paged lists, hidden and deleted content only
//! for those the site shows it to).

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiResult, Caller, Params, PathOf, Problem};
use crate::accounts::{self, User};
use crate::error::{AppError, Msg};
use crate::forum::posts::PostView;
use crate::forum::{self, Cursor, ListQuery, Sort, visibility};
use crate::state::AppState;
use crate::util;
use crate::web::wiki::{found_or_404, summary_of};
use crate::wiki::{self, RevisionLine};

/// A category of the forum.
#[derive(Debug, Serialize, ToSchema)]
pub struct Category {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// A CSS colour, e.g. `#1f5fa8`.
    pub color: String,
    /// The parent category's slug, for subcategories.
    pub parent: Option<String>,
    pub topic_count: i32,
    pub post_count: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    pub categories: Vec<Category>,
}

#[utoipa::path(
    get,
    path = "/api/v1/categories",
    tag = "forum",
    operation_id = "listCategories",
    summary = "Every category, in the site's order",
    responses((status = 200, description = "The categories", body = CategoryList))
)]
pub(super) async fn categories(State(state): State<AppState>, _caller: Caller) -> ApiResult<Json<CategoryList>> {
    let all = forum::categories::all(&state.db).await?;
    let slug_of = |id: i64| all.iter().find(|c| c.id == id).map(|c| c.slug.clone());
    let categories = all
        .iter()
        .map(|c| Category {
            slug: c.slug.clone(),
            name: c.name.clone(),
            description: c.description.clone(),
            color: c.color.clone(),
            parent: c.parent_id.and_then(slug_of),
            topic_count: c.topic_count,
            post_count: c.post_count,
        })
        .collect();
    Ok(Json(CategoryList { categories }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct TopicsQuery {
    /// `latest` (default), `new` or `top`.
    #[serde(default)]
    #[param(pattern = "^(latest|new|top)?$")]
    sort: String,
    /// For `top`: `day`, `week` (default), `month`, `year` or `all`.
    #[serde(default)]
    #[param(pattern = "^(day|week|month|year|all)?$")]
    period: String,
    /// Only this category (and its subcategories).
    #[serde(default)]
    category: String,
    /// `next_cursor` of the previous page.
    #[serde(default)]
    cursor: String,
}

/// A topic in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopicSummary {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub author: String,
    pub last_poster: String,
    pub replies: i32,
    pub likes: i32,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub last_posted_at: String,
    pub pinned: bool,
    pub closed: bool,
    pub solved: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TopicListPage {
    pub topics: Vec<TopicSummary>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

fn period_start(period: &str) -> ApiResult<Option<time::OffsetDateTime>> {
    let days = match period {
        "day" => Some(1),
        "" | "week" => Some(7),
        "month" => Some(30),
        "year" => Some(365),
        "all" => None,
        _ => return Err(AppError::bad_request("err-period-unknown")),
    };
    Ok(days.map(|d| util::now() - time::Duration::days(d)))
}

#[utoipa::path(
    get,
    path = "/api/v1/topics",
    tag = "forum",
    operation_id = "listTopics",
    summary = "A page of topics, as on the home or a category page (keyset paging)",
    params(TopicsQuery),
    responses(
        (status = 200, description = "One page of topics", body = TopicListPage),
        (status = 400, description = "An unknown sort or period, or a damaged cursor", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn topics(
    State(state): State<AppState>,
    caller: Caller,
    Params(q): Params<TopicsQuery>,
) -> ApiResult<Json<TopicListPage>> {
    let sort = Sort::parse(&q.sort).ok_or_else(|| AppError::bad_request("err-sort-unknown"))?;
    let cursor = if q.cursor.is_empty() {
        None
    } else {
        Some(Cursor::decode(&q.cursor).ok_or_else(|| AppError::bad_request("err-link-damaged"))?)
    };
    let since = period_start(&q.period)?;
    let categories = if q.category.is_empty() {
        None
    } else {
        let cat = forum::categories::by_slug(&state.db, &q.category).await?.ok_or(AppError::NotFound)?;
        let all = forum::categories::all(&state.db).await?;
        let mut ids = vec![cat.id];
        ids.extend(all.iter().filter(|c| c.parent_id == Some(cat.id)).map(|c| c.id));
        Some(ids)
    };
    let viewer = caller.user();
    let list = forum::lists::topics(
        &state.db,
        &ListQuery {
            categories,
            sort,
            since: if sort == Sort::Top { since } else { None },
            cursor,
            viewer: viewer.map(|u| u.id),
            limit: forum::TOPICS_PER_PAGE,
            include_hidden: visibility::is_staff(&state.policy, viewer),
        },
    )
    .await?;
    Ok(Json(TopicListPage {
        topics: list
            .topics
            .iter()
            .map(|r| TopicSummary {
                id: r.id,
                title: r.title.clone(),
                category: r.category_slug.clone(),
                author: r.author.clone(),
                last_poster: r.last_poster.clone(),
                replies: r.reply_count,
                likes: r.like_count,
                created_at: util::rfc3339(&r.created_at),
                last_posted_at: util::rfc3339(&r.last_posted_at),
                pinned: r.pinned || r.pinned_globally,
                closed: r.closed,
                solved: r.solved_post_id.is_some(),
            })
            .collect(),
        next_cursor: list.next.map(|c| c.encode()),
    }))
}

/// A post. `source` and `html` are `null` when the reader may not read it
/// (hidden by moderators or flags, or deleted): the site shows such a post
/// as a placeholder with the reason.
#[derive(Debug, Serialize, ToSchema)]
pub struct Post {
    pub id: i64,
    pub topic: i64,
    pub number: i32,
    pub author: String,
    /// Markdown as written.
    pub source: Option<String>,
    /// Sanitized HTML, rendered when it was written.
    pub html: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub revision: i32,
    pub likes: i32,
    /// Whether the caller likes it.
    pub liked: bool,
    pub hidden: bool,
    pub deleted: bool,
    /// Why it is hidden or deleted, in the reader's language.
    pub reason: Option<String>,
}

pub(super) fn post_of(locale: &str, viewer: Option<&User>, staff: bool, topic: i64, p: &PostView) -> Post {
    let own = viewer.is_some_and(|u| u.id == p.user_id);
    let show_text = staff || !p.deleted && (!p.hidden || own);
    let reason = (p.deleted || p.hidden)
        .then(|| crate::web::forum::reason_text(locale, &p.mod_reason_code, &p.mod_reason))
        .filter(|r| !r.is_empty());
    Post {
        id: p.id,
        topic,
        number: p.post_number,
        author: p.author.clone(),
        source: show_text.then(|| p.body.clone()),
        html: show_text.then(|| p.html.clone()),
        created_at: util::rfc3339(&p.created_at),
        updated_at: util::rfc3339(&p.updated_at),
        revision: p.revision,
        likes: p.like_count,
        liked: p.liked.is_some(),
        hidden: p.hidden,
        deleted: p.deleted,
        reason,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Topic {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub replies: i32,
    pub likes: i32,
    pub closed: bool,
    pub pinned: bool,
    /// The id of the post marked as the solution.
    pub solution: Option<i64>,
    /// Set when the topic was merged into another: read that one.
    pub merged_into: Option<i64>,
    pub created_at: String,
    pub page: i32,
    pub pages: i32,
    /// The posts of this page, in order.
    pub posts: Vec<Post>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct PageQuery {
    /// Page of posts (20 a page), from 1; past the end is the last page.
    #[param(minimum = 1)]
    page: Option<i32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/topics/{id}",
    tag = "forum",
    operation_id = "getTopic",
    summary = "A topic with one page of its posts",
    params(("id" = i64, Path, description = "Topic id", example = 1), PageQuery),
    responses(
        (status = 200, description = "The topic", body = Topic),
        (status = 404, description = "No such topic, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn topic(
    State(state): State<AppState>,
    caller: Caller,
    headers: axum::http::HeaderMap,
    PathOf(id): PathOf<i64>,
    Params(q): Params<PageQuery>,
) -> ApiResult<Json<Topic>> {
    let viewer = caller.user();
    let page = forum::posts::topic_page(
        &state.db,
        &state.policy,
        viewer,
        id,
        q.page.unwrap_or(1).max(1),
        forum::posts::Source::With,
    )
    .await?;
    let staff = visibility::is_staff(&state.policy, viewer);
    let locale = super::locale_of(&state, &headers);
    let t = &page.topic;
    Ok(Json(Topic {
        id: t.id,
        title: t.title.clone(),
        category: t.category_slug.clone(),
        replies: t.reply_count,
        likes: t.like_count,
        closed: t.closed,
        pinned: t.pinned,
        solution: page.solution.as_ref().map(|s| s.id),
        merged_into: t.merged_into_id,
        created_at: util::rfc3339(&t.created_at),
        page: page.page,
        pages: page.pages,
        posts: page.posts.iter().map(|p| post_of(locale, viewer, staff, t.id, p)).collect(),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/posts/{id}",
    tag = "forum",
    operation_id = "getPost",
    summary = "One post",
    params(("id" = i64, Path, description = "Post id", example = 1)),
    responses(
        (status = 200, description = "The post", body = Post),
        (status = 404, description = "No such post, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn post(
    State(state): State<AppState>,
    caller: Caller,
    headers: axum::http::HeaderMap,
    PathOf(id): PathOf<i64>,
) -> ApiResult<Json<Post>> {
    let viewer = caller.user();
    // The same rule as the post's permanent address: a post whose text the
    // caller may not read is not there.
    let (p, t) = visibility::post(state.db.read(), &state.policy, viewer, id).await?;
    let staff = visibility::is_staff(&state.policy, viewer);
    let page = forum::posts::topic_page(
        &state.db,
        &state.policy,
        viewer,
        t.id,
        forum::posts::page_of(p.post_number),
        forum::posts::Source::With,
    )
    .await?;
    let view = page.posts.iter().find(|v| v.id == p.id).ok_or(AppError::NotFound)?;
    Ok(Json(post_of(super::locale_of(&state, &headers), viewer, staff, t.id, view)))
}

/// A guide at one revision.
#[derive(Debug, Serialize, ToSchema)]
pub struct Guide {
    pub title: String,
    /// The title that was asked for, when it redirects here.
    pub redirected_from: Option<String>,
    pub revision: i64,
    /// Whether this is the current revision.
    pub current: bool,
    /// Markdown as written.
    pub source: String,
    /// Sanitized HTML, rendered when the revision was saved.
    pub html: String,
    pub author: String,
    pub summary: String,
    pub created_at: String,
    pub protected: bool,
}

async fn guide_at(state: &AppState, raw: &str, rev: Option<i64>, locale: &str) -> ApiResult<Guide> {
    let title = crate::web::wiki::parse_title(raw)?;
    let found = wiki::find(state.db.read(), &title).await?.ok_or(AppError::NotFound)?;
    let article = &found.article;
    let r = match rev {
        None => wiki::current(state.db.read(), article).await?,
        Some(id) => wiki::revision(state.db.read(), article, id).await?,
    };
    let author = accounts::usernames(&state.db, &[r.author_id]).await?.remove(&r.author_id).unwrap_or_default();
    Ok(Guide {
        title: article.title.clone(),
        redirected_from: found.redirected_from.clone(),
        revision: r.id,
        current: Some(r.id) == article.current_revision_id,
        source: r.body.clone(),
        html: r.html.clone(),
        author,
        summary: summary_of(locale, &r.summary, &r.summary_code, &r.summary_args),
        created_at: util::rfc3339(&r.created_at),
        protected: article.is_protected(),
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/guides/{title}",
    tag = "wiki",
    operation_id = "getGuide",
    summary = "A guide's current revision",
    params(("title" = String, Path, description = "The guide's title; spaces may be written as `_`", example = "Welcome")),
    responses(
        (status = 200, description = "The guide", body = Guide),
        (status = 400, description = "Not a valid title", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such guide", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn guide(
    State(state): State<AppState>,
    _caller: Caller,
    headers: axum::http::HeaderMap,
    PathOf(title): PathOf<String>,
) -> ApiResult<Json<Guide>> {
    Ok(Json(guide_at(&state, &title, None, super::locale_of(&state, &headers)).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/guides/{title}/revisions/{rev}",
    tag = "wiki",
    operation_id = "getGuideRevision",
    summary = "A guide at one revision",
    params(
        ("title" = String, Path, description = "The guide's title", example = "Welcome"),
        ("rev" = i64, Path, description = "Revision id", example = 1),
    ),
    responses(
        (status = 200, description = "The guide at that revision", body = Guide),
        (status = 400, description = "Not a valid title or revision id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such guide or revision", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn guide_revision(
    State(state): State<AppState>,
    _caller: Caller,
    headers: axum::http::HeaderMap,
    PathOf((title, rev)): PathOf<(String, i64)>,
) -> ApiResult<Json<Guide>> {
    Ok(Json(guide_at(&state, &title, Some(rev), super::locale_of(&state, &headers)).await?))
}

/// One line of a guide's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionSummary {
    pub id: i64,
    pub parent: Option<i64>,
    pub author: String,
    /// The editor's summary, with what the system recorded, in the reader's language.
    pub summary: String,
    pub minor: bool,
    pub size: i32,
    pub size_delta: i32,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GuideHistory {
    pub title: String,
    pub current: Option<i64>,
    pub revisions: Vec<RevisionSummary>,
    /// Pass as `before` for older revisions; `null` when there are none.
    pub next_before: Option<i64>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct BeforeQuery {
    /// Revisions older than this revision id.
    before: Option<i64>,
}

const HISTORY_PAGE: u64 = 50;

#[utoipa::path(
    get,
    path = "/api/v1/guides/{title}/history",
    tag = "wiki",
    operation_id = "getGuideHistory",
    summary = "A guide's revisions, newest first (50 a page)",
    params(("title" = String, Path, description = "The guide's title", example = "Welcome"), BeforeQuery),
    responses(
        (status = 200, description = "The history", body = GuideHistory),
        (status = 400, description = "Not a valid title", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such guide", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn guide_history(
    State(state): State<AppState>,
    _caller: Caller,
    headers: axum::http::HeaderMap,
    PathOf(title): PathOf<String>,
    Params(q): Params<BeforeQuery>,
) -> ApiResult<Json<GuideHistory>> {
    let locale = super::locale_of(&state, &headers);
    let (title, article) = found_or_404(&state, &title).await?;
    let lines = wiki::history(&state.db, &article, q.before, HISTORY_PAGE).await?;
    let next_before = (lines.len() as u64 == HISTORY_PAGE).then(|| lines.last().map(|l| l.id)).flatten();
    let line = |l: &RevisionLine| RevisionSummary {
        id: l.id,
        parent: l.parent_id,
        author: l.author.clone(),
        summary: crate::web::wiki::summary_text(locale, l),
        minor: l.minor,
        size: l.size,
        size_delta: l.size_delta,
        created_at: util::rfc3339(&l.created_at),
    };
    Ok(Json(GuideHistory {
        title: title.as_str().to_owned(),
        current: article.current_revision_id,
        revisions: lines.iter().map(line).collect(),
        next_before,
    }))
}

/// One line of a diff.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiffLine {
    /// `same`, `del` or `ins`.
    pub kind: String,
    pub old_number: Option<u64>,
    pub new_number: Option<u64>,
    /// The line's text.
    pub text: String,
    /// The words that changed within the line, in order.
    pub changed: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GuideDiff {
    pub title: String,
    pub from: i64,
    pub to: i64,
    /// Changed lines with three lines of context around each change.
    pub lines: Vec<DiffLine>,
    pub size_delta: i32,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct DiffQuery {
    /// The older revision id.
    from: i64,
    /// The newer revision id; the current revision when left out.
    to: Option<i64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/guides/{title}/diff",
    tag = "wiki",
    operation_id = "getGuideDiff",
    summary = "The difference between two revisions of a guide",
    params(("title" = String, Path, description = "The guide's title", example = "Welcome"), DiffQuery),
    responses(
        (status = 200, description = "The diff", body = GuideDiff),
        (status = 400, description = "Not a valid title, or a revision that is not this guide's", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such guide", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn guide_diff(
    State(state): State<AppState>,
    _caller: Caller,
    PathOf(title): PathOf<String>,
    Params(q): Params<DiffQuery>,
) -> ApiResult<Json<GuideDiff>> {
    let (title, article) = found_or_404(&state, &title).await?;
    let to = match q.to {
        Some(t) => t,
        None => article.current_revision_id.ok_or(AppError::NotFound)?,
    };
    let missing = |id: i64| AppError::BadRequest(Msg::new("err-no-revision").with("id", id));
    let a = wiki::revision(state.db.read(), &article, q.from).await.map_err(|_| missing(q.from))?;
    let b = wiki::revision(state.db.read(), &article, to).await.map_err(|_| missing(to))?;
    let lines = crate::diff::lines(&a.body, &b.body, 3)
        .into_iter()
        .map(|l| DiffLine {
            kind: l.kind.to_owned(),
            old_number: l.old_no.map(|n| n as u64),
            new_number: l.new_no.map(|n| n as u64),
            text: l.parts.iter().map(|(_, t)| t.as_str()).collect(),
            changed: l.parts.iter().filter(|(hl, _)| *hl).map(|(_, t)| t.clone()).collect(),
        })
        .collect();
    Ok(Json(GuideDiff { title: title.as_str().to_owned(), from: a.id, to: b.id, lines, size_delta: b.size - a.size }))
}

/// What anyone may see of a member.
#[derive(Debug, Serialize, ToSchema)]
pub struct Member {
    pub username: String,
    /// `member`, `moderator`, `admin` or `registrar`.
    pub role: String,
    /// Certificate level key.
    pub certificate: String,
    /// Certificate level name in the reader's language.
    pub certificate_name: String,
    pub bl: i32,
    pub joined: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/members/{username}",
    tag = "members",
    operation_id = "getMember",
    summary = "A member's public profile",
    params(("username" = String, Path, description = "The member's username", example = "apibot")),
    responses(
        (status = 200, description = "The member", body = Member),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn member(
    State(state): State<AppState>,
    _caller: Caller,
    headers: axum::http::HeaderMap,
    PathOf(username): PathOf<String>,
) -> ApiResult<Json<Member>> {
    let locale = super::locale_of(&state, &headers);
    let u = accounts::find_by_username(state.db.read(), &username).await?.ok_or(AppError::NotFound)?;
    Ok(Json(Member {
        certificate_name: crate::web::errors::certificate_name(locale, &u.certificate),
        username: u.username,
        role: u.role,
        certificate: u.certificate,
        bl: u.bl,
        joined: util::rfc3339(&u.created_at),
    }))
}
