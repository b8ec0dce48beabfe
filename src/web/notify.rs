//! Notifications, watching and mail preferences; the unsubscribe links.

use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::notify::{self, Level, watch};
use crate::state::AppState;
use crate::web::context::Ctx;
use crate::web::edge::safe_next;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/settings", get(settings).post(save_settings))
        .route("/notifications/{id}/open", post(open))
        .route("/watch", post(set_watch))
        .route("/unsubscribe/{token}", get(unsubscribe_page))
}

/// Outside the CSRF guard: mail programs post here with no session
/// (RFC 8058 one-click); the signed token is the authority.
pub fn one_click_routes() -> Router<AppState> {
    Router::new().route("/mail/unsubscribe/{token}", post(one_click))
}

/// A watch control on a topic, category or guide page.
#[derive(Debug, Clone, Serialize)]
pub struct WatchControl {
    pub target: &'static str,
    pub id: i64,
    pub level: &'static str,
    pub levels: Vec<&'static str>,
}

pub async fn watch_control(
    state: &AppState,
    user: i64,
    target: &'static str,
    id: i64,
) -> Result<WatchControl, AppError> {
    let level = watch::level(state.db.read(), user, target, id).await?;
    Ok(control(target, id, level))
}

/// [`watch_control`] from a level already read with the page (`None`: the
/// member set none).
pub fn control_of(target: &'static str, id: i64, level: Option<&str>) -> WatchControl {
    control(target, id, level.and_then(Level::parse).unwrap_or(Level::Normal))
}

fn control(target: &'static str, id: i64, level: Level) -> WatchControl {
    let levels = if target == watch::TOPIC {
        Level::ALL.iter().map(|l| l.as_str()).collect()
    } else {
        vec![Level::Watching.as_str(), Level::Normal.as_str(), Level::Muted.as_str()]
    };
    WatchControl { target, id, level: level.as_str(), levels }
}

#[derive(Serialize)]
struct ListPage {
    items: Vec<notify::Shown>,
    unread: u64,
}

async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let items = notify::list(&state, &user, ctx.locale, 100).await?;
    let unread = notify::unread_count(state.db.read(), user.id).await?;
    let ctx = ctx.with_csrf().await?;
    state.views.page(&ctx, "notify/list.html", &ListPage { items, unread })
}

async fn open(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let href = notify::open(&state, &user, id, ctx.locale).await?;
    Ok(Redirect::to(&href).into_response())
}

async fn read_all(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_user()?;
    notify::mark_read(state.db.write(), user.id, None, None).await?;
    Ok(Redirect::to("/notifications").into_response())
}

#[derive(Debug, Deserialize)]
struct WatchForm {
    #[serde(default)]
    target: String,
    #[serde(default)]
    id: i64,
    #[serde(default)]
    level: String,
    #[serde(default)]
    next: String,
}

async fn set_watch(State(state): State<AppState>, ctx: Ctx, Form(f): Form<WatchForm>) -> Result<Response, AppError> {
    let user = ctx.require_user()?;
    let level = Level::parse(&f.level).ok_or_else(|| AppError::bad_request("error-bad-choice"))?;
    watch::set(state.db.write(), user.id, &f.target, f.id, level).await?;
    ctx.flash("ok", "watch-saved").await?;
    Ok(Redirect::to(safe_next(&f.next)).into_response())
}

#[derive(Serialize)]
struct KindRow {
    kind: &'static str,
    mode: String,
}

#[derive(Serialize)]
struct CategoryRow {
    id: i64,
    name: String,
    level: String,
}

#[derive(Serialize)]
struct SettingsPage {
    kinds: Vec<KindRow>,
    modes: [&'static str; 3],
    categories: Vec<CategoryRow>,
}

async fn settings(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let mut kinds = Vec::new();
    for kind in notify::KINDS {
        kinds.push(KindRow { kind, mode: notify::mode(state.db.read(), user.id, kind).await? });
    }
    let watched = watch::of_user(state.db.read(), user.id, watch::CATEGORY).await?;
    let categories = crate::forum::categories::all(&state.db)
        .await?
        .into_iter()
        .map(|c| CategoryRow {
            level: watched.iter().find(|(id, _)| *id == c.id).map_or_else(|| "normal".to_owned(), |(_, l)| l.clone()),
            id: c.id,
            name: c.name,
        })
        .collect();
    let ctx = ctx.with_csrf().await?;
    state.views.page(&ctx, "notify/settings.html", &SettingsPage { kinds, modes: notify::MODES, categories })
}

async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?;
    let modes: Vec<(String, String)> =
        fields.iter().filter_map(|(k, v)| k.strip_prefix("mode-").map(|kind| (kind.to_owned(), v.clone()))).collect();
    notify::set_modes(&state, user.id, &modes).await?;
    for (k, v) in &fields {
        if let Some(id) = k.strip_prefix("category-").and_then(|id| id.parse::<i64>().ok()) {
            let level = Level::parse(v).ok_or_else(|| AppError::bad_request("error-bad-choice"))?;
            watch::set(state.db.write(), user.id, watch::CATEGORY, id, level).await?;
        }
    }
    ctx.flash("ok", "settings-saved").await?;
    Ok(Redirect::to("/notifications/settings").into_response())
}

#[derive(Serialize)]
struct UnsubscribePage {
    token: String,
    valid: bool,
    kind: String,
    done: bool,
}

fn kind_name(locale: &str, kind: &str) -> String {
    crate::i18n::text(locale, &format!("notify-kind-{kind}"), &[])
}

#[derive(Debug, Default, Deserialize)]
struct DoneQuery {
    #[serde(default)]
    done: String,
}

async fn unsubscribe_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    axum::extract::Query(q): axum::extract::Query<DoneQuery>,
) -> Result<Response, AppError> {
    let checked = notify::email::check_token(state.db.read(), &token).await?;
    let status = if checked.is_some() { StatusCode::OK } else { StatusCode::NOT_FOUND };
    let page = UnsubscribePage {
        valid: checked.is_some(),
        kind: checked.map(|(_, k)| kind_name(ctx.locale, &k)).unwrap_or_default(),
        done: q.done == "1",
        token,
    };
    state.views.page_with_status(status, &ctx, "notify/unsubscribe.html", &page)
}

async fn one_click(
    State(state): State<AppState>,
    Path(token): Path<String>,
    body: String,
) -> Result<Response, AppError> {
    let done = notify::email::unsubscribe(&state, &token).await?;
    if body.contains("from=page") {
        // The button on the unsubscribe page: back to it, saying it is done.
        let to = format!("/unsubscribe/{}?done={}", crate::web::views::encode_segment(&token), u8::from(done));
        return Ok(Redirect::to(&to).into_response());
    }
    let status = if done { StatusCode::OK } else { StatusCode::NOT_FOUND };
    Ok((status, [(axum::http::header::CACHE_CONTROL, "no-store")]).into_response())
}
