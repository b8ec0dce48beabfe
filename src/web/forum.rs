//! Forum pages: topic lists, topics, composing, editing, history, feeds and
//! the category admin.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use sea_orm::EntityTrait;
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::accounts::User;
use crate::error::{AppError, FormErrors};
use crate::forum::{self, CategoryForm, Cursor, ListQuery, NewTopic, Sort, TopicRow, posts::PostView};
use crate::i18n;
use crate::policy::{Action, Decision};
use crate::state::AppState;
use crate::util;
use crate::web::context::Ctx;
use crate::web::errors::certificate_name;
use crate::web::views::{encode_segment, field_messages};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/latest.atom", get(latest_feed))
        .route("/categories.css", get(category_css))
        .route("/c/{slug}", get(category))
        .route("/t/new", get(new_topic_form).post(create_topic))
        .route("/t/suggest", get(suggest))
        .route("/t/{id}/guide", get(turn_into_guide))
        .route("/t/{id}", get(show_topic))
        .route("/t/{id}/reply", get(reply_form).post(reply))
        .route("/t/{id}/{slug}", get(show_topic_slug))
        .route("/p/{id}", get(goto_post))
        .route("/p/{id}/edit", get(edit_form).post(edit))
        .route("/p/{id}/delete", post(delete))
        .route("/p/{id}/like", post(like))
        .route("/p/{id}/bookmark", post(bookmark))
        .route("/p/{id}/solve", post(solve))
        .route("/p/{id}/history", get(history))
        .route("/preview", post(preview))
        .route("/admin/categories", get(admin_categories).post(admin_create_category))
        .route("/admin/categories/{slug}", post(admin_edit_category))
        .route("/admin/categories/{slug}/move", post(admin_move_category))
}

/// Ids in URLs: anything that is not a positive number is simply not found.
fn parse_id(s: &str) -> Result<i64, AppError> {
    s.parse::<i64>().ok().filter(|i| *i > 0).ok_or(AppError::NotFound)
}

/// The ignored, human-readable tail of a topic URL.
pub fn topic_slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.chars().count() >= 60 {
            break;
        }
    }
    let s = out.trim_end_matches('-');
    if s.is_empty() { "topic".to_owned() } else { s.to_owned() }
}

pub fn topic_href(id: i64, title: &str) -> String {
    format!("/t/{id}/{}", encode_segment(&topic_slug(title)))
}

fn allowed(state: &AppState, user: Option<&User>, action: Action) -> bool {
    user.is_some_and(|u| state.policy.decide(&u.actor(), action) == Decision::Allow)
}

fn topic_row_json(row: &TopicRow, locale: &str, now: &OffsetDateTime) -> Value {
    let unread = row.last_read.map(|r| (row.highest_post_number - r).max(0));
    json!({
        "id": row.id,
        "title": row.title,
        "href": topic_href(row.id, &row.title),
        "category": { "slug": row.category_slug, "name": row.category_name, "color": row.category_color },
        "author": row.author,
        "last_poster": row.last_poster,
        "replies": row.reply_count,
        "likes": row.like_count,
        "activity": util::relative(&row.last_posted_at, now, locale),
        "activity_abs": util::datetime(&row.last_posted_at),
        "activity_iso": util::rfc3339(&row.last_posted_at),
        "pinned": row.pinned || row.pinned_globally,
        "closed": row.closed,
        "solved": row.solved_post_id.is_some(),
        "unread": unread,
        "is_new": row.last_read.is_none(),
    })
}

#[derive(Debug, Default, Deserialize)]
struct ListParams {
    #[serde(default)]
    sort: String,
    #[serde(default)]
    cursor: String,
    #[serde(default)]
    period: String,
}

fn period_start(period: &str) -> Result<(Option<OffsetDateTime>, &'static str), AppError> {
    let days = match period {
        "day" => Some(1),
        "" | "week" => Some(7),
        "month" => Some(30),
        "year" => Some(365),
        "all" => None,
        _ => return Err(AppError::BadRequest("Unknown period: use day, week, month, year or all.".into())),
    };
    let name = match period {
        "day" => "day",
        "month" => "month",
        "year" => "year",
        "all" => "all",
        _ => "week",
    };
    Ok((days.map(|d| util::now() - time::Duration::days(d)), name))
}

async fn list_page(
    state: &AppState,
    ctx: &Ctx,
    params: &ListParams,
    categories: Option<Vec<i64>>,
    base: &str,
) -> Result<Value, AppError> {
    let sort = Sort::parse(&params.sort)
        .ok_or_else(|| AppError::BadRequest("Unknown sort order: use latest, new or top.".into()))?;
    let cursor = if params.cursor.is_empty() {
        None
    } else {
        Some(Cursor::decode(&params.cursor).ok_or_else(|| AppError::BadRequest("This page link is damaged.".into()))?)
    };
    let (since, period) = period_start(&params.period)?;
    let q = ListQuery {
        categories,
        sort,
        since: if sort == Sort::Top { since } else { None },
        cursor,
        viewer: ctx.user.as_ref().map(|u| u.id),
        limit: forum::TOPICS_PER_PAGE,
        include_hidden: allowed(state, ctx.user.as_ref(), Action::Moderate),
    };
    let list = forum::lists::topics(&state.db, &q).await?;
    let now = util::now();
    let rows: Vec<Value> = list.topics.iter().map(|r| topic_row_json(r, ctx.locale, &now)).collect();
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
    // Row labels are looked up once per page, not once per row.
    let l = |key: &str| i18n::text(ctx.locale, key, &[]);
    let labels = json!({
        "pinned": l("marker-pinned"), "closed": l("marker-closed"), "solved": l("marker-solved"),
        "new": l("marker-new"), "replies": l("stat-replies"), "likes": l("stat-likes"),
    });
    Ok(json!({
        "topics": rows, "next": next, "sort": sort_name, "period": period, "base": base,
        "paged": cursor.is_some(), "labels": labels,
    }))
}

fn categories_json(cats: &[forum::Category]) -> Vec<Value> {
    cats.iter()
        .map(|c| {
            json!({
                "slug": c.slug, "name": c.name, "description": c.description, "color": c.color,
                "child": c.parent_id.is_some(), "topics": c.topic_count, "posts": c.post_count,
            })
        })
        .collect()
}

async fn home(State(state): State<AppState>, ctx: Ctx, Query(params): Query<ListParams>) -> Result<Response, AppError> {
    let mut data = list_page(&state, &ctx, &params, None, "/").await?;
    let cats = forum::categories::all(&state.db).await?;
    data["categories"] = json!(categories_json(&cats));
    data["can_post"] = json!(ctx.user.is_some());
    state.views.page(&ctx, "forum/home.html", data)
}

async fn category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(params): Query<ListParams>,
) -> Result<Response, AppError> {
    if let Some(slug) = slug.strip_suffix(".atom") {
        return category_feed(&state, slug).await;
    }
    let cat = forum::categories::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let all = forum::categories::all(&state.db).await?;
    let children: Vec<forum::Category> = all.iter().filter(|c| c.parent_id == Some(cat.id)).cloned().collect();
    let mut ids = vec![cat.id];
    ids.extend(children.iter().map(|c| c.id));
    let parent = cat.parent_id.and_then(|p| all.iter().find(|c| c.id == p));
    let mut data = list_page(&state, &ctx, &params, Some(ids), &format!("/c/{}", cat.slug)).await?;
    data["category"] =
        json!({ "slug": cat.slug, "name": cat.name, "description": cat.description, "color": cat.color });
    data["parent"] = json!(parent.map(|p| json!({ "slug": p.slug, "name": p.name })));
    data["subcategories"] = json!(categories_json(&children));
    data["can_post"] = json!(ctx.user.is_some());
    state.views.page(&ctx, "forum/category.html", data)
}

#[derive(Debug, Default, Deserialize)]
struct ComposeQuery {
    #[serde(default)]
    category: String,
    #[serde(default)]
    quote: String,
    /// "Discuss this guide": the guide's title.
    #[serde(default)]
    guide: String,
}

#[expect(clippy::too_many_arguments, reason = "one page, many optional parts; a struct would only rename them")]
async fn compose_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    mode: &str,
    form: Value,
    errors: Value,
    preview: Option<String>,
    extra: Value,
) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let cats = forum::categories::all(&state.db).await?;
    let mut data = json!({
        "mode": mode,
        "form": form,
        "errors": errors,
        "preview": preview,
        "categories": categories_json(&cats),
        "max_body": state.config.max_post_chars,
    });
    if let (Some(d), Value::Object(extra)) = (data.as_object_mut(), extra) {
        d.extend(extra);
    }
    state.views.page_with_status(status, &ctx, "forum/compose.html", data)
}

async fn new_topic_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ComposeQuery>,
) -> Result<Response, AppError> {
    ctx.require_user()?;
    let mut form = json!({ "category": q.category });
    if let Ok(title) = crate::wiki::title::Title::parse(&q.guide)
        && crate::wiki::find(state.db.read(), &title).await?.is_some()
    {
        // Pre-linked to the guide, in the configured discussion category.
        form["body"] = json!(format!("[[{}]]\n\n", title.as_str()));
        if q.category.is_empty() {
            form["category"] = json!(state.config.discussion_category);
        }
        form["guide"] = json!(title.as_str());
    }
    compose_page(&state, &ctx, StatusCode::OK, "topic", form, json!({}), None, json!({})).await
}

#[derive(Debug, Default, Deserialize)]
struct TopicForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    preview: String,
}

async fn create_topic(State(state): State<AppState>, ctx: Ctx, Form(f): Form<TopicForm>) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let form = json!({ "category": f.category, "title": f.title, "body": f.body });
    if !f.preview.is_empty() {
        let html = crate::crosslinks::render(state.db.read(), &f.body).await?.html.into_string();
        return compose_page(&state, &ctx, StatusCode::OK, "topic", form, json!({}), Some(html), json!({})).await;
    }
    if let Err(wait) =
        crate::moderation::check_post_rate(&state.db, &state.policy, &state.throttle, &state.config, &user, true)
            .await?
    {
        return rate_limited(&state, &ctx, "topic", form, json!({}), wait).await;
    }
    let input = NewTopic { category: f.category.clone(), title: f.title.clone(), body: f.body.clone() };
    let created = match crate::moderation::check_links(&state.policy, &state.config, &user, &f.body) {
        Ok(()) => {
            let hold = crate::moderation::must_hold(&state.policy, &state.config, &user);
            forum::posts::create_topic(&state.db, &state.policy, state.config.max_post_chars, &user, &input, hold).await
        }
        Err(e) => Err(e),
    };
    match created {
        Ok(id) => {
            ctx.flash("posted", "flash-posted").await?;
            Ok(Redirect::to(&topic_href(id, input.title.trim())).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let errors = field_messages(ctx.locale, &errors);
            compose_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, "topic", form, errors, None, json!({})).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
struct PageQuery {
    page: Option<String>,
}

async fn show_topic(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    topic_view(&state, &ctx, &id, q.page.as_deref()).await
}

async fn show_topic_slug(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, _slug)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    topic_view(&state, &ctx, &id, q.page.as_deref()).await
}

fn post_json(
    state: &AppState,
    ctx: &Ctx,
    p: &PostView,
    topic: &forum::posts::TopicHead,
    now: &OffsetDateTime,
) -> Value {
    let me = ctx.user.as_ref();
    let own = me.is_some_and(|u| u.id == p.user_id);
    let see_deleted = allowed(state, me, Action::SeeDeletedPosts);
    let show_text = !(p.deleted || p.hidden) || see_deleted;
    json!({
        "id": p.id,
        "number": p.post_number,
        "author": p.author,
        "author_certificate": p.author_certificate,
        "author_certificate_name": certificate_name(ctx.locale, &p.author_certificate),
        "author_bl": p.author_bl,
        "author_role": p.author_role,
        "author_staff": p.author_role != "member",
        "html": if show_text { p.html.as_str() } else { "" },
        "deleted": p.deleted,
        "hidden": p.hidden,
        "mod_reason": p.mod_reason,
        "staff": see_deleted,
        "can_flag": me.is_some() && !own && !p.deleted,
        "created": util::relative(&p.created_at, now, ctx.locale),
        "created_abs": util::datetime(&p.created_at),
        "created_iso": util::rfc3339(&p.created_at),
        "edited": p.revision > 1,
        "likes": p.like_count,
        "liked": p.liked.is_some(),
        "bookmarked": p.bookmarked.is_some(),
        "is_solution": topic.solved_post_id == Some(p.id),
        "can_like": me.is_some() && !own && !p.deleted,
        "can_edit": !p.deleted && allowed(state, me, Action::EditPost { own }),
        "can_delete": !p.deleted && allowed(state, me, Action::DeletePost { own }),
        "can_solve": !p.deleted && p.post_number > 1
            && allowed(state, me, Action::MarkSolution { topic_author: me.is_some_and(|u| u.id == topic.user_id) }),
    })
}

async fn topic_view(state: &AppState, ctx: &Ctx, id: &str, page: Option<&str>) -> Result<Response, AppError> {
    let id = parse_id(id)?;
    let viewer = ctx.user.as_ref().map(|u| u.id);
    let page_no = match page {
        None => None,
        Some(p) => Some(p.parse::<i32>().map_err(|_| AppError::NotFound)?),
    };
    let page = forum::posts::topic_page(&state.db, id, page_no.unwrap_or(1), viewer).await?;
    // A returning member lands on the first post they have not read.
    if page_no.is_none()
        && let Some(read) = page.last_read
        && read < page.topic.highest_post_number
    {
        let first_unread = read + 1;
        let target = forum::posts::page_of(first_unread);
        return Ok(Redirect::to(&format!("/t/{id}?page={target}#p{first_unread}")).into_response());
    }
    if let (Some(uid), Some(last)) = (viewer, page.posts.last()) {
        forum::posts::mark_read(&state.db, uid, id, last.post_number).await?;
    }
    let now = util::now();
    let t = &page.topic;
    let mut posts: Vec<Value> = page.posts.iter().map(|p| post_json(state, ctx, p, t, &now)).collect();
    // Members see what became of their own flags.
    if let Some(uid) = viewer {
        let ids: Vec<i64> = page.posts.iter().map(|p| p.id).collect();
        for f in crate::moderation::own_flags(&state.db, uid, &ids).await? {
            if let Some(p) = posts.iter_mut().find(|p| p["id"] == json!(f.post_id)) {
                p["my_flag"] = json!(i18n::text(ctx.locale, &format!("flag-status-{}", f.status), &[]));
                p["can_flag"] = json!(false);
            }
        }
    }
    let solution = page.solution.as_ref().filter(|s| !s.deleted).map(|s| post_json(state, ctx, s, t, &now));
    let me = ctx.user.as_ref();
    let can_reply = me.is_some() && (!t.closed || allowed(state, me, Action::ReplyToClosedTopic));
    let related = crate::crosslinks::related_guides(state.db.read(), id, 10).await?;
    let related: Vec<Value> = related
        .iter()
        .map(|g| {
            let href = crate::wiki::title::Title::parse(&g.title).map(|t| t.href()).unwrap_or_default();
            json!({ "title": g.title, "href": href, "excerpt": g.excerpt })
        })
        .collect();
    let guide = match t.guide_article_id {
        Some(a) => crate::entities::articles::Entity::find_by_id(a).one(state.db.read()).await?.map(|a| {
            let href = crate::wiki::title::Title::parse(&a.title).map(|t| t.href()).unwrap_or_default();
            json!({ "title": a.title, "href": href })
        }),
        None => None,
    };
    let can_make_guide = t.solved_post_id.is_some()
        && t.guide_article_id.is_none()
        && me.is_some()
        && !matches!(crate::wiki::edit_decision(&state.policy, me, None), Decision::Deny(_));
    let is_staff = allowed(state, me, Action::Moderate);
    let staff_categories =
        if is_staff { categories_json(&forum::categories::all(&state.db).await?) } else { Vec::new() };
    let ctx = if me.is_some() { ctx.with_csrf().await? } else { ctx.clone() };
    let pages: Vec<i32> = (1..=page.pages).collect();
    let data = json!({
        "topic": {
            "id": t.id, "title": t.title, "href": topic_href(t.id, &t.title),
            "category": { "slug": t.category_slug, "name": t.category_name, "color": t.category_color },
            "replies": t.reply_count, "likes": t.like_count, "closed": t.closed, "pinned": t.pinned,
            "solved": t.solved_post_id.is_some(),
        },
        "posts": posts,
        "solution": solution,
        "related": related,
        "guide": guide,
        "is_staff": is_staff,
        "categories": staff_categories,
        "can_make_guide": can_make_guide,
        "page": page.page,
        "pages": pages,
        "can_reply": can_reply,
        "form": { "body": "" },
        "errors": {},
        "max_body": state.config.max_post_chars,
    });
    state.views.page(&ctx, "forum/topic.html", data)
}

async fn reply_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ComposeQuery>,
) -> Result<Response, AppError> {
    ctx.require_user()?;
    let id = parse_id(&id)?;
    let topic = forum::posts::topic(state.db.read(), id).await?;
    let mut body = String::new();
    if let Ok(quote_id) = q.quote.parse::<i64>() {
        let p = forum::posts::post(state.db.read(), quote_id).await?;
        if p.topic_id != id || p.deleted {
            return Err(AppError::NotFound);
        }
        let author =
            crate::accounts::find_by_id(state.db.read(), p.user_id).await?.map(|u| u.username).unwrap_or_default();
        body = quote_markdown(&author, p.id, &p.body);
    }
    let extra =
        json!({ "topic": { "id": topic.id, "title": topic.title, "href": topic_href(topic.id, &topic.title) } });
    compose_page(&state, &ctx, StatusCode::OK, "reply", json!({ "body": body }), json!({}), None, extra).await
}

/// The Markdown a quote inserts: attribution, a link back, the quoted text.
pub fn quote_markdown(author: &str, post_id: i64, body: &str) -> String {
    let mut out = format!("@{author} [wrote](/p/{post_id}):\n");
    for line in body.trim_end().lines() {
        out.push_str("> ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

#[derive(Debug, Default, Deserialize)]
struct BodyForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    preview: String,
}

async fn reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<BodyForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = parse_id(&id)?;
    let topic = forum::posts::topic(state.db.read(), id).await?;
    let extra =
        json!({ "topic": { "id": topic.id, "title": topic.title, "href": topic_href(topic.id, &topic.title) } });
    let form = json!({ "body": f.body });
    if !f.preview.is_empty() {
        let html = crate::crosslinks::render(state.db.read(), &f.body).await?.html.into_string();
        return compose_page(&state, &ctx, StatusCode::OK, "reply", form, json!({}), Some(html), extra).await;
    }
    if let Err(wait) =
        crate::moderation::check_post_rate(&state.db, &state.policy, &state.throttle, &state.config, &user, false)
            .await?
    {
        return rate_limited(&state, &ctx, "reply", form, extra, wait).await;
    }
    let replied = match crate::moderation::check_links(&state.policy, &state.config, &user, &f.body) {
        Ok(()) => {
            let hold = crate::moderation::must_hold(&state.policy, &state.config, &user);
            forum::posts::reply(&state.db, &state.policy, state.config.max_post_chars, &user, id, &f.body, hold).await
        }
        Err(e) => Err(e),
    };
    match replied {
        Ok(number) => {
            ctx.flash("posted", "flash-posted").await?;
            let page = forum::posts::page_of(number);
            Ok(Redirect::to(&format!("/t/{id}?page={page}#p{number}")).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let errors = field_messages(ctx.locale, &errors);
            compose_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, "reply", form, errors, None, extra).await
        }
        Err(AppError::Forbidden(d)) => {
            // Keep what was typed: show the refusal above the form.
            let mut errors = FormErrors::new();
            errors.add("body", "err-topic-closed");
            let _ = d;
            let errors = field_messages(ctx.locale, &errors);
            compose_page(&state, &ctx, StatusCode::FORBIDDEN, "reply", form, errors, None, extra).await
        }
        Err(e) => Err(e),
    }
}

async fn goto_post(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let p = forum::posts::post(state.db.read(), parse_id(&id)?).await?;
    forum::posts::topic(state.db.read(), p.topic_id).await?;
    let page = forum::posts::page_of(p.post_number);
    Ok(Redirect::to(&format!("/t/{}?page={page}#p{}", p.topic_id, p.post_number)).into_response())
}

async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let p = forum::posts::post(state.db.read(), parse_id(&id)?).await?;
    forum::posts::topic(state.db.read(), p.topic_id).await?;
    if p.deleted {
        return Err(AppError::NotFound);
    }
    match state.policy.decide(&user.actor(), Action::EditPost { own: p.user_id == user.id }) {
        Decision::Allow => {}
        Decision::Propose(d) | Decision::Deny(d) => return Err(AppError::Forbidden(d)),
    }
    let extra = json!({ "post": { "id": p.id } });
    compose_page(&state, &ctx, StatusCode::OK, "edit", json!({ "body": p.body }), json!({}), None, extra).await
}

async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<BodyForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = parse_id(&id)?;
    let extra = json!({ "post": { "id": id } });
    let form = json!({ "body": f.body });
    if !f.preview.is_empty() {
        let html = crate::crosslinks::render(state.db.read(), &f.body).await?.html.into_string();
        return compose_page(&state, &ctx, StatusCode::OK, "edit", form, json!({}), Some(html), extra).await;
    }
    match forum::posts::edit_post(&state.db, &state.policy, state.config.max_post_chars, &user, id, &f.body).await {
        Ok(p) => {
            ctx.flash("posted", "flash-saved").await?;
            let page = forum::posts::page_of(p.post_number);
            Ok(Redirect::to(&format!("/t/{}?page={page}#p{}", p.topic_id, p.post_number)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let errors = field_messages(ctx.locale, &errors);
            compose_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, "edit", form, errors, None, extra).await
        }
        Err(e) => Err(e),
    }
}

pub(crate) async fn back_to_post(state: &AppState, post_id: i64) -> Result<Response, AppError> {
    let p = forum::posts::post(state.db.read(), post_id).await?;
    let page = forum::posts::page_of(p.post_number);
    Ok(Redirect::to(&format!("/t/{}?page={page}#p{}", p.topic_id, p.post_number)).into_response())
}

async fn delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let p = forum::posts::delete_post(&state.db, &state.policy, &user, parse_id(&id)?).await?;
    ctx.flash("ok", "flash-deleted").await?;
    if p.post_number == 1 {
        return Ok(Redirect::to("/").into_response());
    }
    back_to_post(&state, p.id).await
}

async fn like(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = parse_id(&id)?;
    let (_, author) = forum::posts::toggle_like(&state.db, &state.policy, &user, id).await?;
    crate::web::refresh_bl(&state, author).await;
    back_to_post(&state, id).await
}

async fn bookmark(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = parse_id(&id)?;
    forum::posts::toggle_bookmark(&state.db, &user, id).await?;
    back_to_post(&state, id).await
}

async fn solve(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = parse_id(&id)?;
    let (_, author) = forum::posts::toggle_solution(&state.db, &state.policy, &user, id).await?;
    crate::web::refresh_bl(&state, author).await;
    back_to_post(&state, id).await
}

async fn history(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let (p, revisions) = forum::posts::history(&state.db, &state.policy, ctx.user.as_ref(), parse_id(&id)?).await?;
    let mut out = Vec::new();
    let mut previous: Option<&str> = None;
    for r in &revisions {
        let diff = previous.map(|old| crate::diff::lines(old, &r.body, 2));
        out.push(json!({
            "revision": r.revision,
            "editor": r.editor,
            "at": util::datetime(&r.created_at),
            "body": if previous.is_none() { Some(r.body.as_str()) } else { None },
            "diff": diff,
        }));
        previous = Some(&r.body);
    }
    out.reverse();
    let topic = forum::posts::topic(state.db.read(), p.topic_id).await?;
    let data = json!({
        "post": { "id": p.id, "number": p.post_number },
        "topic": { "title": topic.title, "href": topic_href(topic.id, &topic.title) },
        "revisions": out,
    });
    state.views.page(&ctx, "forum/history.html", data)
}

#[derive(Debug, Default, Deserialize)]
struct PreviewForm {
    #[serde(default)]
    body: String,
}

/// The server-side preview for scripts: the same pipeline as saving.
async fn preview(State(state): State<AppState>, ctx: Ctx, Form(f): Form<PreviewForm>) -> Result<Response, AppError> {
    ctx.require_user()?;
    if f.body.chars().count() > state.config.max_post_chars {
        return Err(AppError::BadRequest(i18n::text(
            ctx.locale,
            "err-body-long",
            &[("max", state.config.max_post_chars.to_string())],
        )));
    }
    Ok(Html(crate::crosslinks::render(state.db.read(), &f.body).await?.html.into_string()).into_response())
}

fn feed_response(feed: atom_syndication::Feed) -> Response {
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], feed.to_string()).into_response()
}

fn build_feed(
    state: &AppState,
    title: &str,
    self_path: &str,
    rows: Vec<forum::lists::FeedRow>,
) -> atom_syndication::Feed {
    use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
    let base = if state.config.public_url.is_empty() {
        String::new()
    } else {
        state.config.public_url.trim_end_matches('/').to_owned()
    };
    let updated = rows.first().map_or_else(util::now, |r| r.last_posted_at);
    let fixed =
        |t: OffsetDateTime| atom_syndication::FixedDateTime::parse_from_rfc3339(&util::rfc3339(&t)).unwrap_or_default();
    let entries: Vec<Entry> = rows
        .into_iter()
        .map(|r| {
            let href = format!("{base}{}", topic_href(r.id, &r.title));
            Entry {
                id: format!("{base}/t/{}", r.id),
                title: Text::plain(r.title),
                updated: fixed(r.last_posted_at),
                published: Some(fixed(r.created_at)),
                authors: vec![Person { name: r.author, ..Default::default() }],
                links: vec![Link { href, rel: "alternate".into(), ..Default::default() }],
                content: Some(Content { value: Some(r.html), content_type: Some("html".into()), ..Default::default() }),
                ..Default::default()
            }
        })
        .collect();
    Feed {
        id: format!("{base}{self_path}"),
        title: Text::plain(title.to_owned()),
        updated: fixed(updated),
        links: vec![
            Link { href: format!("{base}{self_path}"), rel: "self".into(), ..Default::default() },
            Link { href: format!("{base}/"), rel: "alternate".into(), ..Default::default() },
        ],
        entries,
        ..Default::default()
    }
}

async fn latest_feed(State(state): State<AppState>) -> Result<Response, AppError> {
    let rows = forum::lists::feed(&state.db, None, 30).await?;
    Ok(feed_response(build_feed(&state, &state.config.site_name, "/latest.atom", rows)))
}

async fn category_feed(state: &AppState, slug: &str) -> Result<Response, AppError> {
    let cat = forum::categories::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let all = forum::categories::all(&state.db).await?;
    let mut ids = vec![cat.id];
    ids.extend(all.iter().filter(|c| c.parent_id == Some(cat.id)).map(|c| c.id));
    let rows = forum::lists::feed(&state.db, Some(ids), 30).await?;
    let title = format!("{} · {}", cat.name, state.config.site_name);
    Ok(feed_response(build_feed(state, &title, &format!("/c/{}.atom", cat.slug), rows)))
}

fn require_admin(state: &AppState, ctx: &Ctx) -> Result<(), AppError> {
    let user = ctx.require_user()?;
    match state.policy.decide(&user.actor(), Action::ManageCategories) {
        Decision::Allow => Ok(()),
        Decision::Propose(d) | Decision::Deny(d) => Err(AppError::Forbidden(d)),
    }
}

async fn admin_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    errors: Value,
    form: Value,
    editing: &str,
) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let cats = forum::categories::all(&state.db).await?;
    let parents: Vec<Value> =
        cats.iter().filter(|c| c.parent_id.is_none()).map(|c| json!({ "slug": c.slug, "name": c.name })).collect();
    let rows: Vec<Value> = cats
        .iter()
        .map(|c| {
            let parent =
                c.parent_id.and_then(|p| cats.iter().find(|x| x.id == p)).map(|p| p.slug.clone()).unwrap_or_default();
            json!({
                "slug": c.slug, "name": c.name, "description": c.description, "color": c.color,
                "parent": parent, "child": c.parent_id.is_some(), "topics": c.topic_count,
            })
        })
        .collect();
    let new_form = if editing.is_empty() { form.clone() } else { json!({}) };
    let data = json!({ "rows": rows, "parents": parents, "errors": errors, "new_form": new_form, "edit_form": form, "editing": editing });
    state.views.page_with_status(status, &ctx, "forum/admin_categories.html", data)
}

async fn admin_categories(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    require_admin(&state, &ctx)?;
    admin_page(&state, &ctx, StatusCode::OK, json!({}), json!({}), "").await
}

async fn admin_create_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<CategoryForm>,
) -> Result<Response, AppError> {
    require_admin(&state, &ctx)?;
    match forum::categories::create(&state.db, &f).await {
        Ok(_) => {
            ctx.flash("ok", "flash-category-saved").await?;
            Ok(Redirect::to("/admin/categories").into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let errors = field_messages(ctx.locale, &errors);
            admin_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, errors, json!(f), "").await
        }
        Err(e) => Err(e),
    }
}

async fn admin_edit_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<CategoryForm>,
) -> Result<Response, AppError> {
    require_admin(&state, &ctx)?;
    match forum::categories::edit(&state.db, &slug, &f).await {
        Ok(_) => {
            ctx.flash("ok", "flash-category-saved").await?;
            Ok(Redirect::to("/admin/categories").into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let errors = field_messages(ctx.locale, &errors);
            admin_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, errors, json!(f), &slug).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
struct MoveForm {
    #[serde(default)]
    direction: String,
}

async fn admin_move_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<MoveForm>,
) -> Result<Response, AppError> {
    require_admin(&state, &ctx)?;
    let delta = if f.direction == "up" { -1 } else { 1 };
    forum::categories::shift(&state.db, &slug, delta).await?;
    Ok(Redirect::to("/admin/categories").into_response())
}

/// Category colours as a stylesheet: the CSP allows no inline styles, so
/// swatches carry `data-color` and this sheet colours them.
async fn category_css(State(state): State<AppState>) -> Result<Response, AppError> {
    let cats = forum::categories::all(&state.db).await?;
    let mut colors: Vec<&str> = cats.iter().map(|c| c.color.as_str()).collect();
    colors.sort_unstable();
    colors.dedup();
    let mut css = String::new();
    for c in colors {
        // Colours are validated as #rrggbb on write.
        css.push_str(&format!("[data-color=\"{c}\"]{{background:{c}}}\n"));
    }
    Ok(([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=60")], css)
        .into_response())
}

/// "Turn into a guide": opens the guide editor prefilled from the question
/// and its solution (or the proposal editor for members below the bar).
async fn turn_into_guide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let topic = forum::posts::topic(state.db.read(), parse_id(&id)?).await?;
    if topic.solved_post_id.is_none() {
        return Err(AppError::BadRequest(i18n::text(ctx.locale, "err-guide-needs-solution", &[])));
    }
    if let Decision::Deny(d) = crate::wiki::edit_decision(&state.policy, Some(&user), None) {
        return Err(AppError::Forbidden(d));
    }
    let mut title = crate::wiki::title::Title::parse(&topic.title)
        .or_else(|_| crate::wiki::title::Title::parse(&format!("Guide {}", topic.id)))
        .map_err(|_| AppError::NotFound)?;
    // A guide with that title exists already: offer a free one.
    let mut n = 2;
    while crate::wiki::find(state.db.read(), &title).await?.is_some() && n < 100 {
        title = crate::wiki::title::Title::parse(&format!("{} ({n})", topic.title)).map_err(|_| AppError::NotFound)?;
        n += 1;
    }
    Ok(Redirect::to(&format!("{}/edit?from_topic={}", title.href(), topic.id)).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct SuggestQuery {
    #[serde(default)]
    q: String,
}

/// Guides and solved topics that match a title being typed (JSON, for the
/// new-topic page's script).
async fn suggest(State(state): State<AppState>, Query(q): Query<SuggestQuery>) -> Result<Response, AppError> {
    let (guides, topics) = crate::crosslinks::suggestions(state.db.read(), &q.q, 5).await?;
    let guides: Vec<Value> = guides
        .iter()
        .map(|t| json!({ "title": t, "href": crate::wiki::title::Title::parse(t).map(|t| t.href()).unwrap_or_default() }))
        .collect();
    let topics: Vec<Value> = topics.iter().map(|(id, t)| json!({ "title": t, "href": topic_href(*id, t) })).collect();
    Ok(axum::Json(json!({ "guides": guides, "topics": topics })).into_response())
}

/// 429 with `Retry-After`, and the form with everything typed still in it.
async fn rate_limited(
    state: &AppState,
    ctx: &Ctx,
    mode: &str,
    form: Value,
    extra: Value,
    wait: std::time::Duration,
) -> Result<Response, AppError> {
    let secs = wait.as_secs().max(1);
    let errors = json!({ "form": i18n::text(ctx.locale, "error-rate-limited", &[("seconds", secs.to_string())]) });
    let mut res = compose_page(state, ctx, StatusCode::TOO_MANY_REQUESTS, mode, form, errors, None, extra).await?;
    res.headers_mut().insert(header::RETRY_AFTER, secs.into());
    Ok(res)
}
