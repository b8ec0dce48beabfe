//! Writing: a new topic, a reply, an edit, the preview, suggestions while
//! typing a title, and "turn into a guide". A refused form comes back with
//! everything typed and a message in the reader's language.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, Json};
use serde::{Deserialize, Serialize};

use super::{CategoryView, Link, categories_view, parse_id, post_href, topic_href};
use crate::error::AppError;
use crate::forum::{self, NewTopic, visibility};
use crate::i18n;
use crate::policy::{Action, Decision};
use crate::state::AppState;
use crate::title::Title;
use crate::web::context::Ctx;
use crate::web::errors::denial_text;
use crate::web::views::{Messages, Rejection, rejection};

#[derive(Debug, Default, Deserialize)]
pub(super) struct ComposeQuery {
    #[serde(default)]
    category: String,
    #[serde(default)]
    quote: String,
    /// "Discuss this guide": the guide's title.
    #[serde(default)]
    guide: String,
    /// "Ask the community" from `/ask`: the question as the title.
    #[serde(default)]
    title: String,
}

#[derive(Serialize, Default)]
struct ComposeForm {
    category: String,
    title: String,
    body: String,
    guide: String,
}

#[derive(Serialize)]
struct TopicRef {
    id: i64,
    title: String,
    href: String,
}

#[derive(Serialize)]
struct PostId {
    id: i64,
}

#[derive(Serialize)]
struct ComposePage {
    /// `topic`, `reply` or `edit`.
    mode: &'static str,
    form: ComposeForm,
    errors: Messages,
    preview: Option<String>,
    categories: Vec<CategoryView>,
    max_body: usize,
    topic: Option<TopicRef>,
    post: Option<PostId>,
}

struct Compose {
    mode: &'static str,
    form: ComposeForm,
    topic: Option<TopicRef>,
    post: Option<PostId>,
}

async fn compose_page(
    state: &AppState,
    ctx: &Ctx,
    c: Compose,
    status: StatusCode,
    errors: Messages,
    preview: Option<String>,
) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let cats = forum::categories::all(&state.db).await?;
    let mut errors = errors;
    // Say at once why posting will not work (a silence, say), above the form.
    if let Some(u) = ctx.user.as_ref()
        && let Decision::Deny(d) = state.policy.decide(&u.actor(), Action::Post)
    {
        errors.entry("form".into()).or_insert_with(|| denial_text(ctx.locale, &d));
    }
    let page = ComposePage {
        mode: c.mode,
        form: c.form,
        errors,
        preview,
        categories: categories_view(&cats),
        max_body: state.config.max_post_chars,
        topic: c.topic,
        post: c.post,
    };
    state.views.page_with_status(status, &ctx, "forum/compose.html", &page)
}

/// The form again after a refusal.
async fn refused(state: &AppState, ctx: &Ctx, c: Compose, r: Rejection) -> Result<Response, AppError> {
    let res = compose_page(state, ctx, c, r.status, r.errors.clone(), None).await?;
    Ok(r.finish(res))
}

pub(super) async fn new_topic_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ComposeQuery>,
) -> Result<Response, AppError> {
    ctx.require_user()?;
    let title: String = q.title.trim().chars().take(crate::input::TITLE_MAX).collect();
    let mut form = ComposeForm { category: q.category, title, ..ComposeForm::default() };
    if let Ok(title) = Title::parse(&q.guide)
        && crate::wiki::find(state.db.read(), &title).await?.is_some()
    {
        // Pre-linked to the guide, in the configured discussion category.
        form.body = format!("[[{}]]\n\n", title.as_str());
        if form.category.is_empty() {
            form.category = state.config.discussion_category.clone();
        }
        form.guide = title.as_str().to_owned();
    }
    let c = Compose { mode: "topic", form, topic: None, post: None };
    compose_page(&state, &ctx, c, StatusCode::OK, Messages::new(), None).await
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct TopicForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    preview: String,
}

pub(super) async fn create_topic(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<TopicForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let c = || Compose {
        mode: "topic",
        form: ComposeForm {
            category: f.category.clone(),
            title: f.title.clone(),
            body: f.body.clone(),
            guide: String::new(),
        },
        topic: None,
        post: None,
    };
    if !f.preview.is_empty() {
        let html = crate::crosslinks::preview(&state.db, &f.body).await?;
        return compose_page(&state, &ctx, c(), StatusCode::OK, Messages::new(), Some(html)).await;
    }
    let input = NewTopic { category: f.category.clone(), title: f.title.clone(), body: f.body.clone() };
    match forum::commands::create_topic(&state, &user, &input).await {
        Ok(id) => {
            ctx.flash("posted", "flash-posted").await?;
            Ok(Redirect::to(&topic_href(id, input.title.trim())).into_response())
        }
        Err(e) => refused(&state, &ctx, c(), rejection(ctx.locale, e)?).await,
    }
}

async fn topic_ref(state: &AppState, ctx: &Ctx, id: i64) -> Result<TopicRef, AppError> {
    let t = visibility::topic(state.db.read(), &state.policy, ctx.user.as_ref(), id).await?;
    if t.deleted {
        return Err(AppError::NotFound);
    }
    Ok(TopicRef { id: t.id, href: topic_href(t.id, &t.title), title: t.title })
}

pub(super) async fn reply_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ComposeQuery>,
) -> Result<Response, AppError> {
    ctx.require_user()?;
    let id = parse_id(&id)?;
    let topic = topic_ref(&state, &ctx, id).await?;
    let mut body = String::new();
    if let Ok(quote_id) = q.quote.parse::<i64>() {
        // Only what the member may read can be quoted.
        let (p, _) = visibility::post(state.db.read(), &state.policy, ctx.user.as_ref(), quote_id).await?;
        if p.topic_id != id || p.deleted || p.hidden {
            return Err(AppError::NotFound);
        }
        let author =
            crate::accounts::find_by_id(state.db.read(), p.user_id).await?.map(|u| u.username).unwrap_or_default();
        body = quote_markdown(ctx.locale, &author, p.id, &p.body);
    }
    let c =
        Compose { mode: "reply", form: ComposeForm { body, ..ComposeForm::default() }, topic: Some(topic), post: None };
    compose_page(&state, &ctx, c, StatusCode::OK, Messages::new(), None).await
}

/// The Markdown a quote inserts: attribution in the writer's language, a
/// link back, the quoted text.
pub fn quote_markdown(locale: &str, author: &str, post_id: i64, body: &str) -> String {
    let wrote = i18n::text(locale, "quote-wrote", &[]);
    let mut out = format!("@{author} [{wrote}](/p/{post_id}):\n");
    for line in body.trim_end().lines() {
        out.push_str("> ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct BodyForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    preview: String,
}

pub(super) async fn reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<BodyForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = parse_id(&id)?;
    let c = |topic| Compose {
        mode: "reply",
        form: ComposeForm { body: f.body.clone(), ..ComposeForm::default() },
        topic: Some(topic),
        post: None,
    };
    if !f.preview.is_empty() {
        let topic = topic_ref(&state, &ctx, id).await?;
        let html = crate::crosslinks::preview(&state.db, &f.body).await?;
        return compose_page(&state, &ctx, c(topic), StatusCode::OK, Messages::new(), Some(html)).await;
    }
    // The command reads the topic itself; the form only needs it again
    // when it is shown again.
    match forum::commands::reply(&state, &user, id, &f.body).await {
        Ok(p) => {
            ctx.flash("posted", "flash-posted").await?;
            Ok(Redirect::to(&post_href(p.topic, p.number)).into_response())
        }
        Err(e) => {
            let rejection = rejection(ctx.locale, e)?;
            let topic = topic_ref(&state, &ctx, id).await?;
            refused(&state, &ctx, c(topic), rejection).await
        }
    }
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let (p, _) = visibility::post(state.db.read(), &state.policy, Some(&user), parse_id(&id)?).await?;
    if p.deleted {
        return Err(AppError::NotFound);
    }
    state.policy.require(&user.actor(), Action::EditPost { own: p.user_id == user.id })?;
    let c = Compose {
        mode: "edit",
        form: ComposeForm { body: p.body, ..ComposeForm::default() },
        topic: None,
        post: Some(PostId { id: p.id }),
    };
    compose_page(&state, &ctx, c, StatusCode::OK, Messages::new(), None).await
}

pub(super) async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<BodyForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = parse_id(&id)?;
    let c = || Compose {
        mode: "edit",
        form: ComposeForm { body: f.body.clone(), ..ComposeForm::default() },
        topic: None,
        post: Some(PostId { id }),
    };
    if !f.preview.is_empty() {
        let html = crate::crosslinks::preview(&state.db, &f.body).await?;
        return compose_page(&state, &ctx, c(), StatusCode::OK, Messages::new(), Some(html)).await;
    }
    match forum::commands::edit_post(&state, &user, id, &f.body).await {
        Ok(p) => {
            ctx.flash("posted", "flash-saved").await?;
            Ok(Redirect::to(&post_href(p.topic_id, p.post_number)).into_response())
        }
        Err(e) => refused(&state, &ctx, c(), rejection(ctx.locale, e)?).await,
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct PreviewForm {
    #[serde(default)]
    body: String,
}

/// The server-side preview for scripts: the same pipeline as saving.
pub(super) async fn preview(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<PreviewForm>,
) -> Result<Response, AppError> {
    ctx.require_user()?;
    let max = state.config.max_post_chars.max(state.config.max_article_chars);
    if f.body.chars().count() > max {
        return Err(AppError::BadRequest(crate::error::Msg::new("err-body-long").with("max", max)));
    }
    Ok(Html(crate::crosslinks::preview(&state.db, &f.body).await?).into_response())
}

/// "Turn into a guide": opens the guide editor prefilled from the question
/// and its solution (or the proposal editor for members below the bar).
pub(super) async fn turn_into_guide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let topic = forum::posts::topic(state.db.read(), parse_id(&id)?).await?;
    if topic.solved_post_id.is_none() {
        return Err(AppError::bad_request("err-guide-needs-solution"));
    }
    if let Decision::Deny(d) = crate::wiki::edit_decision(&state.policy, Some(&user), None) {
        return Err(AppError::Forbidden(d));
    }
    let mut title = Title::parse(&topic.title)
        .or_else(|_| Title::parse(&format!("{} {}", i18n::text(ctx.locale, "guide-default-title", &[]), topic.id)))
        .map_err(|_| AppError::NotFound)?;
    // A guide with that title exists already: offer a free one.
    let mut n = 2;
    while crate::wiki::find(state.db.read(), &title).await?.is_some() && n < 100 {
        title = Title::parse(&format!("{} ({n})", topic.title)).map_err(|_| AppError::NotFound)?;
        n += 1;
    }
    Ok(Redirect::to(&format!("{}/edit?from_topic={}", title.href(), topic.id)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct SuggestQuery {
    #[serde(default)]
    q: String,
}

#[derive(Serialize)]
struct Suggestions {
    guides: Vec<Link>,
    topics: Vec<Link>,
}

/// Guides and solved topics that match a title being typed (JSON, for the
/// new-topic page's script).
pub(super) async fn suggest(
    State(state): State<AppState>,
    Query(q): Query<SuggestQuery>,
) -> Result<Response, AppError> {
    let (guides, topics) = crate::search::service::suggestions(&state, &q.q, 5).await?;
    let body = Suggestions {
        guides: guides.into_iter().map(|(href, title)| Link { href, title }).collect(),
        topics: topics.into_iter().map(|(href, title)| Link { href, title }).collect(),
    };
    Ok(Json(body).into_response())
}
