//! The identity service's standing sync endpoint, authenticated by the
//! site's sync token (not a member's token). Its answers keep the shape
//! the identity service was built against: `{"error": "..."}`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::accounts::{self, BL_MAX};
use crate::error::AppError;
use crate::state::AppState;

fn error(status: StatusCode, message: &str) -> Response {
    let mut res = (status, axum::Json(SyncError { error: message.to_owned() })).into_response();
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
    }
    res
}

/// A change of standing from the identity service.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct StandingBody {
    /// A certificate level key of the site's ladder.
    certificate: Option<String>,
    /// Business level, 0..10000.
    bl: Option<i64>,
    reason: String,
}

/// The member's standing after the change.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct StandingResult {
    username: String,
    certificate: String,
    bl: i32,
    bl_source: String,
}

/// The sync endpoint's error shape.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct SyncError {
    error: String,
}

/// `PUT /api/v1/members/{username}/standing`: the identity service pushes a
/// member's verified certificate level and/or BL. Everything is checked
/// before anything changes; every change is an audit row with source `sync`.
#[utoipa::path(
    put,
    path = "/api/v1/members/{username}/standing",
    tag = "standing",
    operation_id = "syncStanding",
    summary = "Set a member's certificate level and/or BL (identity service only)",
    params(("username" = String, Path, description = "The member's username", example = "apibot")),
    request_body(content = StandingBody, content_type = "application/json"),
    security(("syncToken" = [])),
    responses(
        (status = 200, description = "The standing now", body = StandingResult),
        (status = 401, description = "No bearer token", body = SyncError),
        (status = 403, description = "Not the sync token", body = SyncError),
        (status = 404, description = "No such member, or the sync API is off", body = SyncError),
        (status = 422, description = "The body is not valid", body = SyncError),
    )
)]
pub(super) async fn sync_standing(
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
            axum::Json(StandingResult {
                username: u.username,
                certificate: u.certificate,
                bl: u.bl,
                bl_source: u.bl_source,
            }),
        )
            .into_response(),
        Err(AppError::NotFound) => error(StatusCode::NOT_FOUND, "no such member"),
        Err(e) => {
            tracing::error!(error = %e, "standing sync failed");
            error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}
