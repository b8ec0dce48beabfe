//! The home page and category pages: topic lists with sorts, periods and
//! keyset paging.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{CategoryRef, CategoryView, categories_view, topic_href};
use crate::error::AppError;
use crate::forum::{self, Cursor, ListQuery, Sort, TopicRow, visibility};
use crate::i18n;
use crate::state::AppState;
use crate::util;
use crate::web::context::Ctx;

#[derive(Debug, Default, Deserialize)]
pub(super) struct ListParams {
    #[serde(default)]
    sort: String,
    #[serde(default)]
    cursor: String,
    #[serde(default)]
    period: String,
}

#[derive(Serialize)]
struct TopicRowView {
    id: i64,
    title: String,
    href: String,
    category: CategoryRef,
    author: String,
    last_poster: String,
    replies: i32,
    likes: i32,
    activity: String,
    activity_abs: String,
    activity_iso: String,
    pinned: bool,
    closed: bool,
    solved: bool,
    unread: Option<i32>,
    is_new: bool,
    /// The row's counted words ("3 replies"), formatted here: four
    /// template calls per row were a tenth of the home page's cost.
    counts: RowCounts,
}

#[derive(Serialize)]
struct RowCounts {
    replies: String,
    replies_title: String,
    likes: String,
    likes_title: String,
    /// "4 unread" (members only).
    unread_title: Option<String>,
}

fn row_view(row: &TopicRow, locale: &str, now: &OffsetDateTime) -> TopicRowView {
    TopicRowView {
        id: row.id,
        title: row.title.clone(),
        href: topic_href(row.id, &row.title),
        category: CategoryRef {
            slug: row.category_slug.clone(),
            name: row.category_name.clone(),
            color: row.category_color.clone(),
        },
        author: row.author.clone(),
        last_poster: row.last_poster.clone(),
        replies: row.reply_count,
        likes: row.like_count,
        activity: util::relative(&row.last_posted_at, now, locale),
        activity_abs: util::datetime(&row.last_posted_at),
        activity_iso: util::rfc3339(&row.last_posted_at),
        pinned: row.pinned || row.pinned_globally,
        closed: row.closed,
        solved: row.solved_post_id.is_some(),
        unread: row.last_read.map(|r| (row.highest_post_number - r).max(0)),
        is_new: row.last_read.is_none(),
        counts: {
            let count = |key: &str, n: i32| i18n::text(locale, key, &[("count", n.to_string())]);
            RowCounts {
                replies: count("stat-replies", row.reply_count),
                replies_title: count("count-replies", row.reply_count),
                likes: count("stat-likes", row.like_count),
                likes_title: count("count-likes", row.like_count),
                unread_title: row.last_read.map(|r| {
                    i18n::text(locale, "marker-unread", &[("n", (row.highest_post_number - r).max(0).to_string())])
                }),
            }
        },
    }
}

/// Row labels, looked up once per page, not once per row.
#[derive(Serialize)]
struct Labels {
    pinned: String,
    closed: String,
    solved: String,
    new: String,
}

#[derive(Serialize)]
struct ListView {
    topics: Vec<TopicRowView>,
    next: Option<String>,
    sort: &'static str,
    period: &'static str,
    base: String,
    paged: bool,
    labels: Labels,
}

fn period_start(period: &str) -> Result<(Option<OffsetDateTime>, &'static str), AppError> {
    let (days, name) = match period {
        "day" => (Some(1), "day"),
        "" | "week" => (Some(7), "week"),
        "month" => (Some(30), "month"),
        "year" => (Some(365), "year"),
        "all" => (None, "all"),
        _ => return Err(AppError::bad_request("err-period-unknown")),
    };
    Ok((days.map(|d| util::now() - time::Duration::days(d)), name))
}

async fn list_view(
    state: &AppState,
    ctx: &Ctx,
    params: &ListParams,
    categories: Option<Vec<i64>>,
    base: &str,
) -> Result<ListView, AppError> {
    let sort = Sort::parse(&params.sort).ok_or_else(|| AppError::bad_request("err-sort-unknown"))?;
    let cursor = if params.cursor.is_empty() {
        None
    } else {
        Some(Cursor::decode(&params.cursor).ok_or_else(|| AppError::bad_request("err-link-damaged"))?)
    };
    let (since, period) = period_start(&params.period)?;
    let q = ListQuery {
        categories,
        sort,
        since: if sort == Sort::Top { since } else { None },
        cursor,
        viewer: ctx.user.as_ref().map(|u| u.id),
        limit: forum::TOPICS_PER_PAGE,
        include_hidden: visibility::is_staff(&state.policy, ctx.user.as_ref()),
    };
    let list = forum::lists::topics(&state.db, &q).await?;
    let now = util::now();
    let sort_name = match sort {
        Sort::Latest => "latest",
        Sort::New => "new",
        Sort::Top => "top",
    };
    let mut next_params = vec![("sort", sort_name.to_owned())];
    if sort == Sort::Top {
        next_params.push(("period", period.to_owned()));
    }
    let next = list.next.map(|c| {
        next_params.push(("cursor", c.encode()));
        format!("{base}?{}", serde_urlencoded::to_string(&next_params).unwrap_or_default())
    });
    let l = |key: &str| i18n::text(ctx.locale, key, &[]);
    Ok(ListView {
        topics: list.topics.iter().map(|r| row_view(r, ctx.locale, &now)).collect(),
        next,
        sort: sort_name,
        period,
        base: base.to_owned(),
        paged: cursor.is_some(),
        labels: Labels {
            pinned: l("marker-pinned"),
            closed: l("marker-closed"),
            solved: l("marker-solved"),
            new: l("marker-new"),
        },
    })
}

#[derive(Serialize)]
struct HomePage {
    #[serde(flatten)]
    list: ListView,
    categories: Vec<CategoryView>,
    can_post: bool,
}

pub(super) async fn home(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<ListParams>,
) -> Result<Response, AppError> {
    let list = list_view(&state, &ctx, &params, None, "/").await?;
    let cats = forum::categories::all(&state.db).await?;
    let page = HomePage { list, categories: categories_view(&cats), can_post: ctx.user.is_some() };
    state.views.page(&ctx, "forum/home.html", &page)
}

#[derive(Serialize)]
struct CategoryPage {
    #[serde(flatten)]
    list: ListView,
    category: CategoryView,
    parent: Option<CategoryRef>,
    subcategories: Vec<CategoryView>,
    can_post: bool,
    watch: Option<crate::web::notify::WatchControl>,
}

pub(super) async fn category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(params): Query<ListParams>,
) -> Result<Response, AppError> {
    if let Some(slug) = slug.strip_suffix(".atom") {
        return crate::web::feeds::category_feed(&state, &ctx, slug).await;
    }
    let cat = forum::categories::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let all = forum::categories::all(&state.db).await?;
    let children: Vec<forum::Category> = all.iter().filter(|c| c.parent_id == Some(cat.id)).cloned().collect();
    let mut ids = vec![cat.id];
    ids.extend(children.iter().map(|c| c.id));
    let parent = cat.parent_id.and_then(|p| all.iter().find(|c| c.id == p));
    let list = list_view(&state, &ctx, &params, Some(ids), &format!("/c/{}", cat.slug)).await?;
    let watch = match &ctx.user {
        Some(u) => Some(crate::web::notify::watch_control(&state, u.id, crate::notify::watch::CATEGORY, cat.id).await?),
        None => None,
    };
    let ctx = if watch.is_some() { ctx.with_csrf().await? } else { ctx };
    let page = CategoryPage {
        list,
        category: categories_view(std::slice::from_ref(&cat)).remove(0),
        parent: parent.map(|p| CategoryRef { slug: p.slug.clone(), name: p.name.clone(), color: p.color.clone() }),
        subcategories: categories_view(&children),
        can_post: ctx.user.is_some(),
        watch,
    };
    state.views.page(&ctx, "forum/category.html", &page)
}

#[derive(Serialize)]
struct CategoriesPage {
    categories: Vec<CategoryView>,
}

/// Every category, reachable from the header on any screen size.
pub(super) async fn categories(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let cats = forum::categories::all(&state.db).await?;
    state.views.page(&ctx, "forum/categories.html", &CategoriesPage { categories: categories_view(&cats) })
}
