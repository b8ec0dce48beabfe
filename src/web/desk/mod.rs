//! Support pages for requesters: filing (`/support/new`), confirming a
//! request filed by e-mail, following it (`/support/track`), "my
//! requests" (`/support`) and the contacts page. The staff desk is in
//! [`staff`].

mod staff;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};

use crate::desk::filing::{self, Filing};
use crate::desk::requester::{self, Requester};
use crate::desk::{self, MessageView, Request, Service};
use crate::error::AppError;
use crate::i18n;
use crate::state::AppState;
use crate::title::Title;
use crate::web::context::Ctx;
use crate::web::views::{Messages, rejection};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/support", get(home))
        .route("/support/new", get(new_form).post(file))
        .route("/support/solved", post(solved))
        .route("/support/confirm/{token}", get(confirm_form).post(confirm))
        .route("/support/track", get(track_form).post(track))
        .route("/support/track/{n}", get(tracked))
        .route("/support/track/{n}/reply", post(tracked_reply))
        .route("/support/track/{n}/reopen", post(tracked_reopen))
        .route("/support/r/{id}", get(mine))
        .route("/support/r/{id}/reply", post(mine_reply))
        .route("/support/r/{id}/reopen", post(mine_reopen))
        .route("/contacts", get(contacts))
        .merge(staff::routes())
}

/// Session key: the e-mail requests opened here with their key.
const TRACKED: &str = "desk_tracked";

pub(crate) fn parse_id(s: &str) -> Result<i64, AppError> {
    s.parse::<i64>().ok().filter(|i| *i > 0).ok_or(AppError::NotFound)
}

pub(crate) fn status_text(locale: &str, status: &str) -> String {
    i18n::text(locale, &format!("desk-status-{status}"), &[])
}

/// A service in a select, with its hint.
#[derive(Serialize)]
pub(crate) struct ServiceOption {
    id: i64,
    name: String,
    hint: String,
    selected: bool,
}

pub(crate) fn service_options(services: &[Service], locale: &str, selected: &str) -> Vec<ServiceOption> {
    services
        .iter()
        .map(|s| ServiceOption {
            id: s.id,
            name: desk::service_name(s, locale),
            hint: desk::service_hint(s, locale),
            selected: s.id.to_string() == selected,
        })
        .collect()
}

#[derive(Serialize)]
struct Suggestion {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct NewPage {
    services: Vec<ServiceOption>,
    form: Filing,
    errors: Messages,
    signed_in: bool,
    suggestions: Vec<Suggestion>,
    /// The guides were shown for this subject: the next send files.
    checked: bool,
    max_body: usize,
}

#[derive(Debug, Default, Deserialize)]
struct NewQuery {
    #[serde(default)]
    service: String,
}

async fn new_page(
    state: &AppState,
    ctx: &Ctx,
    form: Filing,
    status: StatusCode,
    errors: Messages,
    suggestions: Vec<Suggestion>,
) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let services = desk::services::open(&state.db).await?;
    let page = NewPage {
        services: service_options(&services, ctx.locale, &form.service),
        checked: !suggestions.is_empty(),
        form,
        errors,
        signed_in: ctx.user.is_some(),
        suggestions,
        max_body: state.config.max_post_chars,
    };
    state.views.page_with_status(status, &ctx, "desk/new.html", &page)
}

async fn new_form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<NewQuery>) -> Result<Response, AppError> {
    let form = Filing { service: q.service, answers: desk::ACCOUNT.into(), ..Filing::default() };
    new_page(&state, &ctx, form, StatusCode::OK, Messages::new(), Vec::new()).await
}

#[derive(Debug, Default, Deserialize)]
struct FileForm {
    #[serde(flatten)]
    filing: Filing,
    /// Set once the form has shown the guides for this subject.
    #[serde(default)]
    checked: String,
}

/// What the ask engine finds in the guides for the request.
async fn suggestions(state: &AppState, f: &Filing) -> Result<Vec<Suggestion>, AppError> {
    let guides = desk::services::deflect(state, &f.subject, &f.body).await?;
    Ok(guides
        .into_iter()
        .filter_map(|t| Title::parse(&t).ok().map(|title| Suggestion { href: title.href(), title: t }))
        .collect())
}

async fn file(State(state): State<AppState>, ctx: Ctx, Form(f): Form<FileForm>) -> Result<Response, AppError> {
    let filing = f.filing;
    // Before anything is sent, the guides that may answer it.
    if f.checked.is_empty() {
        let found = suggestions(&state, &filing).await?;
        if !found.is_empty() {
            return new_page(&state, &ctx, filing, StatusCode::OK, Messages::new(), found).await;
        }
    }
    let result = match ctx.user.as_ref() {
        Some(user) => filing::file_from_account(&state, user, ctx.client_ip, &filing, ctx.locale).await.map(Some),
        None => filing::file_by_email(&state, ctx.client_ip, &filing, ctx.locale).await.map(|()| None),
    };
    match result {
        Ok(Some(id)) => {
            ctx.flash("ok", "desk-flash-filed").await?;
            Ok(Redirect::to(&format!("/support/r/{id}")).into_response())
        }
        Ok(None) => {
            #[derive(Serialize)]
            struct Sent {}
            state.views.page(&ctx, "desk/sent.html", &Sent {})
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let res = new_page(&state, &ctx, filing, r.status, r.errors.clone(), Vec::new()).await?;
            Ok(r.finish(res))
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct SolvedForm {
    #[serde(default)]
    service: String,
    #[serde(default)]
    guide: String,
}

/// "This solved it": counted for the service, then the guide.
async fn solved(State(state): State<AppState>, Form(f): Form<SolvedForm>) -> Result<Response, AppError> {
    let title = Title::parse(&f.guide).map_err(|_| AppError::NotFound)?;
    if let Ok(service) = f.service.parse::<i64>() {
        desk::services::solved(&state, service).await?;
    }
    Ok(Redirect::to(&title.href()).into_response())
}

#[derive(Serialize)]
struct ConfirmPage {
    token: String,
    credentials: Option<filing::Credentials>,
}

async fn confirm_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if !filing::confirmation_valid(&state, &token).await? {
        return Err(AppError::NotFound);
    }
    let ctx = ctx.with_csrf().await?;
    state.views.page(&ctx, "desk/confirm.html", &ConfirmPage { token, credentials: None })
}

async fn confirm(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> Result<Response, AppError> {
    let credentials = filing::confirm(&state, &token).await?;
    grant(&ctx, credentials.number).await?;
    let ctx = ctx.with_csrf().await?;
    let mut res = state.views.page(
        &ctx,
        "desk/confirm.html",
        &ConfirmPage { token: String::new(), credentials: Some(credentials) },
    )?;
    // The key is shown once: never from a cache.
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn granted(ctx: &Ctx) -> Result<Vec<i64>, AppError> {
    ctx.session
        .get::<Vec<i64>>(TRACKED)
        .await
        .map(Option::unwrap_or_default)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("session store: {e}")))
}

async fn grant(ctx: &Ctx, id: i64) -> Result<(), AppError> {
    let mut ids = granted(ctx).await?;
    if !ids.contains(&id) {
        ids.push(id);
        // A session follows a handful of requests at most.
        if ids.len() > 20 {
            ids.remove(0);
        }
    }
    ctx.session.insert(TRACKED, ids).await.map_err(|e| AppError::Internal(anyhow::anyhow!("session store: {e}")))
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct TrackForm {
    #[serde(default)]
    n: String,
    #[serde(default)]
    key: String,
}

#[derive(Serialize)]
struct TrackPage {
    form: TrackForm,
    errors: Messages,
}

async fn track_form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<TrackForm>) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let form = TrackForm { n: q.n, key: String::new() };
    state.views.page(&ctx, "desk/track.html", &TrackPage { form, errors: Messages::new() })
}

async fn track(State(state): State<AppState>, ctx: Ctx, Form(f): Form<TrackForm>) -> Result<Response, AppError> {
    let opened = match f.n.trim().parse::<i64>() {
        Ok(n) => filing::open_tracked(&state, n, &f.key).await?,
        Err(_) => None,
    };
    match opened {
        Some(id) => {
            grant(&ctx, id).await?;
            Ok(Redirect::to(&format!("/support/track/{id}")).into_response())
        }
        None => {
            let ctx = ctx.with_csrf().await?;
            let mut errors = Messages::new();
            errors.insert("form".into(), i18n::text(ctx.locale, "desk-err-track", &[]));
            let form = TrackForm { n: f.n, key: String::new() };
            state.views.page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ctx,
                "desk/track.html",
                &TrackPage { form, errors },
            )
        }
    }
}

/// The requester's page of one request.
#[derive(Serialize)]
struct RequestPage {
    id: i64,
    subject: String,
    status: String,
    status_text: String,
    service: String,
    messages: Vec<MessageView>,
    /// `/support/r/{id}` or `/support/track/{id}`.
    base: String,
    closed: bool,
    archived: bool,
    merged_into: Option<i64>,
    errors: Messages,
    body: String,
}

async fn request_page(
    state: &AppState,
    ctx: &Ctx,
    r: &Request,
    base: String,
    status: StatusCode,
    errors: Messages,
    body: String,
) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let s = desk::service(state.db.read(), r.service_id).await?;
    let page = RequestPage {
        id: r.id,
        subject: r.subject.clone(),
        status_text: status_text(ctx.locale, &r.status),
        status: r.status.clone(),
        service: desk::service_name(&s, ctx.locale),
        messages: desk::messages(&state.db, r.id, false).await?,
        base,
        closed: matches!(r.status.as_str(), desk::RESOLVED | desk::ARCHIVED),
        archived: r.status == desk::ARCHIVED,
        merged_into: r.merged_into,
        errors,
        body,
    };
    let mut res = state.views.page_with_status(status, &ctx, "desk/request.html", &page)?;
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn tracked_requester(ctx: &Ctx, n: &str) -> Result<i64, AppError> {
    let id = parse_id(n)?;
    if !granted(ctx).await?.contains(&id) {
        return Err(AppError::NotFound);
    }
    Ok(id)
}

async fn tracked(State(state): State<AppState>, ctx: Ctx, Path(n): Path<String>) -> Result<Response, AppError> {
    let id = match tracked_requester(&ctx, &n).await {
        Ok(id) => id,
        // Not opened in this session: ask for the key.
        Err(AppError::NotFound) => {
            return Ok(Redirect::to(&format!("/support/track?n={}", parse_id(&n)?)).into_response());
        }
        Err(e) => return Err(e),
    };
    let r = requester::load(&state, &Requester::Tracked(id), id).await?;
    request_page(&state, &ctx, &r, format!("/support/track/{id}"), StatusCode::OK, Messages::new(), String::new()).await
}

#[derive(Debug, Default, Deserialize)]
struct ReplyForm {
    #[serde(default)]
    body: String,
}

async fn reply_as(
    state: &AppState,
    ctx: &Ctx,
    who: Requester<'_>,
    id: i64,
    base: String,
    body: String,
) -> Result<Response, AppError> {
    match requester::reply(state, &who, id, &body).await {
        Ok(()) => {
            ctx.flash("ok", "desk-flash-sent").await?;
            Ok(Redirect::to(&base).into_response())
        }
        Err(e) => {
            let rj = rejection(ctx.locale, e)?;
            let r = requester::load(state, &who, id).await?;
            let res = request_page(state, ctx, &r, base, rj.status, rj.errors.clone(), body).await?;
            Ok(rj.finish(res))
        }
    }
}

async fn reopen_as(
    state: &AppState,
    ctx: &Ctx,
    who: Requester<'_>,
    id: i64,
    base: String,
) -> Result<Response, AppError> {
    requester::reopen(state, &who, id).await?;
    ctx.flash("ok", "desk-flash-reopened").await?;
    Ok(Redirect::to(&base).into_response())
}

async fn tracked_reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(n): Path<String>,
    Form(f): Form<ReplyForm>,
) -> Result<Response, AppError> {
    let id = tracked_requester(&ctx, &n).await?;
    reply_as(&state, &ctx, Requester::Tracked(id), id, format!("/support/track/{id}"), f.body).await
}

async fn tracked_reopen(State(state): State<AppState>, ctx: Ctx, Path(n): Path<String>) -> Result<Response, AppError> {
    let id = tracked_requester(&ctx, &n).await?;
    reopen_as(&state, &ctx, Requester::Tracked(id), id, format!("/support/track/{id}")).await
}

async fn mine(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = parse_id(&id)?;
    let r = requester::load(&state, &Requester::Member(&user), id).await?;
    request_page(&state, &ctx, &r, format!("/support/r/{id}"), StatusCode::OK, Messages::new(), String::new()).await
}

async fn mine_reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<ReplyForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = parse_id(&id)?;
    reply_as(&state, &ctx, Requester::Member(&user), id, format!("/support/r/{id}"), f.body).await
}

async fn mine_reopen(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = parse_id(&id)?;
    reopen_as(&state, &ctx, Requester::Member(&user), id, format!("/support/r/{id}")).await
}

#[derive(Serialize)]
struct RowView {
    #[serde(flatten)]
    row: requester::RequestRow,
    status_text: String,
}

#[derive(Serialize)]
struct HomePage {
    signed_in: bool,
    open: Vec<RowView>,
    archive: Vec<RowView>,
}

/// "My requests": open ones, then the archive (resolved and archived).
async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let (mut open, mut archive) = (Vec::new(), Vec::new());
    if let Some(user) = ctx.user.as_ref() {
        for row in requester::mine(&state, user, ctx.locale).await? {
            let v = RowView { status_text: status_text(ctx.locale, &row.status), row };
            if matches!(v.row.status.as_str(), desk::RESOLVED | desk::ARCHIVED) {
                archive.push(v);
            } else {
                open.push(v);
            }
        }
    }
    state.views.page(&ctx, "desk/home.html", &HomePage { signed_in: ctx.user.is_some(), open, archive })
}

#[derive(Serialize)]
struct ContactsPage {
    html: String,
    can_edit: bool,
}

async fn contacts(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let (_, html) = crate::site::contacts(state.db.read()).await?;
    let can_edit =
        ctx.user.as_ref().is_some_and(|u| state.policy.allows(&u.actor(), crate::policy::Action::ManageDesk));
    state.views.page(&ctx, "desk/contacts.html", &ContactsPage { html, can_edit })
}
