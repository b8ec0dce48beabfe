//! The JSON API. No cookies, no sessions: callers authenticate with a
//! bearer token, so CSRF does not apply here.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::put;
use serde::Deserialize;
use serde_json::json;
use subtle::ConstantTimeEq;

use crate::accounts::{self, BL_MAX};
use crate::error::AppError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/members/{username}/standing", put(sync_standing))
}

fn error(status: StatusCode, message: &str) -> Response {
    let mut res = (status, axum::Json(json!({ "error": message }))).into_response();
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
    }
    res
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StandingBody {
    certificate: Option<String>,
    bl: Option<i64>,
    reason: String,
}

/// `PUT /api/v1/members/{username}/standing`: the identity service pushes a
/// member's verified certificate level and/or BL. Everything is checked
/// before anything changes; every change is an audit row with source `sync`.
async fn sync_standing(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(username): Path<String>,
    body: Bytes,
) -> Response {
    let expected = state.config.sync_token.as_bytes();
    if expected.is_empty() {
        return error(StatusCode::NOT_FOUND, "the sync API is turned off on this site");
    }
    let Some(given) =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "))
    else {
        return error(StatusCode::UNAUTHORIZED, "a bearer token is required");
    };
    if !bool::from(given.trim().as_bytes().ct_eq(expected)) {
        return error(StatusCode::FORBIDDEN, "the token is not valid");
    }
    let input: StandingBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, &format!("the body is not valid: {e}")),
    };
    if input.reason.trim().is_empty() {
        return error(StatusCode::UNPROCESSABLE_ENTITY, "reason is required");
    }
    if input.certificate.is_none() && input.bl.is_none() {
        return error(StatusCode::UNPROCESSABLE_ENTITY, "give certificate, bl or both");
    }
    if let Some(c) = &input.certificate
        && !state.policy.is_certificate(c)
    {
        return error(StatusCode::UNPROCESSABLE_ENTITY, &format!("unknown certificate level {c:?}"));
    }
    let bl = match input.bl {
        Some(bl) if !(0..=i64::from(BL_MAX)).contains(&bl) => {
            return error(StatusCode::UNPROCESSABLE_ENTITY, "bl must be between 0 and 10000");
        }
        Some(bl) => Some(i32::try_from(bl).unwrap_or(0)),
        None => None,
    };
    // Both changes or neither, in one transaction.
    let result = accounts::standing::sync(&state, &username, input.certificate.clone(), bl, &input.reason).await;
    match result {
        Ok(u) => (
            StatusCode::OK,
            axum::Json(
                json!({ "username": u.username, "certificate": u.certificate, "bl": u.bl, "bl_source": u.bl_source }),
            ),
        )
            .into_response(),
        Err(AppError::NotFound) => error(StatusCode::NOT_FOUND, "no such member"),
        Err(e) => {
            tracing::error!(error = %e, "standing sync failed");
            error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}
