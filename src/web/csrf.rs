//! CSRF protection for every state-changing request.
//!
//! Synchronizer-token pattern: each session holds a random token, every form
//! carries it in a hidden `csrf_token` field (or scripts send it as
//! `X-CSRF-Token`), and any non-GET request without the matching token is
//! refused with 403. On top of that, browsers' Fetch Metadata and `Origin`
//! headers are checked, so a cross-site form post fails even before the
//! token is compared. SameSite=Lax cookies are a third layer.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use crate::error::AppError;
use crate::state::AppState;

const KEY: &str = "csrf";
pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";

fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(anyhow::anyhow!("no randomness: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn session_err(e: tower_sessions::session::Error) -> AppError {
    AppError::Internal(anyhow::anyhow!("session store: {e}"))
}

pub async fn existing(session: &Session) -> Result<Option<String>, AppError> {
    session.get::<String>(KEY).await.map_err(session_err)
}

pub async fn token(session: &Session) -> Result<String, AppError> {
    if let Some(t) = existing(session).await? {
        return Ok(t);
    }
    rotate(session).await
}

pub async fn rotate(session: &Session) -> Result<String, AppError> {
    let t = random_token()?;
    session.insert(KEY, &t).await.map_err(session_err)?;
    Ok(t)
}

fn same_origin(state: &AppState, req: &Request) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if let Some(expected) = state.config.public_origin() {
        return origin == expected;
    }
    // No public URL configured: the origin's host must be the Host we serve.
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    url::Url::parse(origin).is_ok_and(|u| {
        let authority = match u.port() {
            Some(p) => format!("{}:{p}", u.host_str().unwrap_or("")),
            None => u.host_str().unwrap_or("").to_owned(),
        };
        !host.is_empty() && authority.eq_ignore_ascii_case(host)
    })
}

fn form_token(body: &[u8]) -> Option<String> {
    form_urlencoded_pairs(body).find(|(k, _)| k == FIELD).map(|(_, v)| v)
}

fn form_urlencoded_pairs(body: &[u8]) -> impl Iterator<Item = (String, String)> + '_ {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body).unwrap_or_default().into_iter()
}

/// Middleware: refuses unsafe requests without a valid token.
pub async fn guard(State(state): State<AppState>, session: Session, req: Request, next: Next) -> Response {
    if req.method().is_safe() {
        return next.run(req).await;
    }
    if !same_origin(&state, &req) {
        return AppError::Csrf.into_response();
    }
    let expected = match existing(&session).await {
        Ok(Some(t)) => t,
        Ok(None) => return AppError::Csrf.into_response(),
        Err(e) => return e.into_response(),
    };
    let header_token = req.headers().get(HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (parts, body) = req.into_parts();
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    let (token, body) = if let Some(t) = header_token {
        (Some(t), body)
    } else if is_form {
        let bytes = match to_bytes(body, state.config.max_body_bytes).await {
            Ok(b) => b,
            Err(_) => return AppError::bad_request("error-413-text").into_response(),
        };
        (form_token(&bytes), Body::from(bytes))
    } else {
        (None, body)
    };
    let valid = token.is_some_and(|t| bool::from(t.as_bytes().ct_eq(expected.as_bytes())));
    if !valid {
        return AppError::Csrf.into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}
