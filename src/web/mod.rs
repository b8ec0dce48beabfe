//! The HTTP layer: routers, middleware, views. Thin: extract, call one domain
//! function, render.

pub mod accounts;
pub mod api;
pub mod assets;
pub mod cache;
pub mod context;
pub mod csrf;
pub mod desk;
pub mod edge;
pub mod errors;
pub mod feeds;
pub mod forum;
pub mod mail;
pub mod moderation;
pub mod notify;
pub mod search;
pub mod views;
pub mod wiki;

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Router, middleware};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tracing::Level;

use crate::accounts::session_store::DbSessionStore;
use crate::error::AppError;
use crate::markdown::images::ImagePolicy;
use crate::state::AppState;

pub use context::SESSION_COOKIE;

/// Content-Security-Policy: no inline script, nothing embedded, no framing,
/// images only from this site and the configured image hosts.
pub fn csp(images: &ImagePolicy) -> String {
    let mut img_src = String::from("'self' data:");
    for host in images.hosts() {
        img_src.push(' ');
        img_src.push_str(host);
    }
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src {img_src}; connect-src 'self'; \
         form-action 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies())
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            i64::try_from(config.session_idle_minutes).unwrap_or(i64::MAX / 120),
        )));

    let pages = Router::new()
        .route("/latest.atom", get(feeds::latest_feed))
        .route("/api/v1/docs", get(api::doc::docs_page))
        .merge(forum::routes())
        .merge(wiki::routes())
        .merge(moderation::routes())
        .merge(accounts::routes())
        .merge(desk::routes())
        .merge(mail::routes())
        .merge(search::routes())
        .merge(notify::routes())
        .fallback(not_found)
        .layer(
            ServiceBuilder::new()
                .layer(sessions)
                .layer(middleware::from_fn_with_state(state.clone(), context::load))
                .layer(middleware::from_fn_with_state(state.clone(), edge::clean_request))
                .layer(middleware::from_fn_with_state(state.clone(), csrf::guard)),
        );

    let csp_value = HeaderValue::try_from(csp(&state.images))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'; img-src 'self' data:"));
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };

    let counted = !config.metrics_listen.is_empty();
    let site = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(api::routes(&state))
        .merge(notify::one_click_routes().layer(middleware::from_fn_with_state(state.clone(), edge::clean_request)))
        .merge(assets::routes())
        .merge(pages)
        .layer(
            ServiceBuilder::new()
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|req: &axum::http::Request<_>| {
                            tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
                        })
                        .on_request(())
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
                .layer(CompressionLayer::new())
                .layer(middleware::from_fn(cache::headers))
                .layer(middleware::from_fn_with_state(state.clone(), with_image_policy))
                .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, csp_value))
                .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .layer(header(header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
                .layer(header(header::X_FRAME_OPTIONS, "DENY"))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(config.request_timeout_secs),
                ))
                .layer(DefaultBodyLimit::max(config.max_body_bytes)),
        );
    let site = if counted { site.layer(middleware::from_fn_with_state(state.clone(), count_request)) } else { site };
    site.with_state(state)
}

/// Counts a request for `/metrics` by its route pattern.
async fn count_request(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    state.metrics.observe(&route, &method, res.status().as_u16(), started.elapsed().as_secs_f64());
    res
}

/// `/metrics`, served on its own address (`metrics_listen`), never on the site's.
pub fn metrics_router(state: AppState) -> Router {
    Router::new().route("/metrics", get(metrics)).with_state(state)
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let body = state.metrics.render(&state.app).await;
    ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], body)
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let no_store = [(header::CACHE_CONTROL, "no-store")];
    if state.db.healthy().await {
        (StatusCode::OK, no_store, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, no_store, "database unavailable")
    }
}

/// Ready to serve: the database answers and its schema is this binary's.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let no_store = [(header::CACHE_CONTROL, "no-store")];
    match state.db.pending_migrations().await {
        Ok(0) => (StatusCode::OK, no_store, "ready"),
        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, no_store, "migrations pending"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, no_store, "database unavailable"),
    }
}

/// Requests render Markdown (saves, previews) with the configured image
/// policy.
async fn with_image_policy(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    crate::markdown::images::with_policy(state.images.clone(), next.run(req)).await
}

async fn not_found() -> AppError {
    AppError::NotFound
}

/// Background chores of a serving process: events left for processing,
/// guide reads counted in memory, expired sessions, old events, throttle memory, planner statistics.
pub fn spawn_housekeeping(state: &AppState) {
    use tower_sessions::session_store::ExpiredDeletion;
    crate::events::spawn_worker(state.app.clone());
    crate::mail::spawn_worker(state.app.clone());
    crate::wiki::reads::spawn_flusher(state.app.clone());
    let store = DbSessionStore::new(state.db.clone());
    let app = state.app.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        let mut rounds: u64 = 0;
        loop {
            tick.tick().await;
            rounds += 1;
            if rounds.is_multiple_of(6) {
                app.db.optimize().await;
                if let Err(e) = crate::events::prune(&app, 30).await {
                    tracing::warn!(error = %e, "pruning old events failed");
                }
            }
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "deleting expired sessions failed");
            }
            if let Err(e) = app.throttle.prune(&app.db).await {
                tracing::warn!(error = %e, "pruning rate limits failed");
            }
            if let Err(e) = crate::desk::staff::archive_quiet(&app, crate::util::now()).await {
                tracing::warn!(error = %e, "archiving quiet support requests failed");
            }
        }
    });
}
