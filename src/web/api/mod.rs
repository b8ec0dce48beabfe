//! The JSON API under `/api/v1`. No cookies, no sessions: callers send a
//! personal token (`Authorization: Bearer <token>`), so CSRF does not
//! apply. Reading works without a token, as on the site.
//!
//! - [`read`]: categories, topic lists, topics, posts, guides, members;
//! - [`search`]: search and ask, with the site's engine;
//! - [`write`]: new topic, reply, edit, like, flag, guide edit — each the
//!   same domain command as the site's form;
//! - [`doc`]: the OpenAPI 3.1 document (from the handlers' own types) and
//!   a readable page of it;
//! - [`standing`]: the identity service's sync endpoint (its own token).
//!
//! Every error is RFC 9457 `application/problem+json`, with the site's
//! message in the language of `Accept-Language`.

pub mod doc;
mod read;
mod search;
mod standing;
mod write;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use crate::accounts::User;
use crate::accounts::api_tokens::{self, Bearer, Scope};
use crate::error::{AppError, Msg};
use crate::i18n;
use crate::state::AppState;
use crate::web::edge;
use crate::web::errors::{ErrorInfo, denial_text};

pub const PROBLEM_JSON: &str = "application/problem+json";

pub fn routes(state: &AppState) -> Router<AppState> {
    let v1 = Router::new()
        .route("/api/v1/openapi.json", get(doc::openapi_json))
        .route("/api/v1/categories", get(read::categories))
        .route("/api/v1/topics", get(read::topics).post(write::create_topic))
        .route("/api/v1/topics/{id}", get(read::topic))
        .route("/api/v1/topics/{id}/posts", post(write::reply))
        .route("/api/v1/posts/{id}", get(read::post).patch(write::edit_post))
        .route("/api/v1/posts/{id}/like", post(write::like))
        .route("/api/v1/posts/{id}/flags", post(write::flag))
        .route("/api/v1/guides/{title}", get(read::guide).put(write::edit_guide))
        .route("/api/v1/guides/{title}/revisions/{rev}", get(read::guide_revision))
        .route("/api/v1/guides/{title}/history", get(read::guide_history))
        .route("/api/v1/guides/{title}/diff", get(read::guide_diff))
        .route("/api/v1/members/{username}", get(read::member))
        .route("/api/v1/search", get(search::search))
        .route("/api/v1/ask", get(search::ask))
        .route("/api/v1/{*rest}", axum::routing::any(not_found))
        .layer(middleware::from_fn_with_state(state.clone(), edge::clean_request))
        .layer(middleware::from_fn_with_state(state.clone(), problems));
    let sync = Router::new()
        .route("/api/v1/members/{username}/standing", put(standing::sync_standing))
        .layer(middleware::from_fn_with_state(state.clone(), edge::clean_request));
    sync.merge(v1)
}

async fn not_found() -> AppError {
    AppError::NotFound
}

/// RFC 9457 problem details.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    #[schema(example = "about:blank")]
    pub kind: String,
    /// The status in words, in the reader's language.
    pub title: String,
    pub status: u16,
    /// What went wrong, in the reader's language (the site's message).
    pub detail: String,
    /// Messages about single fields of the request body.
    pub errors: Vec<FieldProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// A refusal of the API layer itself (token, scope, body), put in the
/// response for [`problems`] to word.
#[derive(Debug, Clone)]
struct ApiRefusal(Msg);

fn refusal(status: StatusCode, msg: Msg) -> Response {
    let mut res = status.into_response();
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    res.extensions_mut().insert(ApiRefusal(msg));
    res
}

/// The language of an API answer: `Accept-Language`, else the site's default.
fn locale_of(state: &AppState, headers: &HeaderMap) -> &'static str {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(i18n::from_accept_language)
        .or_else(|| i18n::parse_locale(&state.default_locale()))
        .unwrap_or("en")
}

/// Middleware: every error answer under `/api/v1` becomes problem details
/// in the reader's language, whatever produced it (a command, an
/// extractor, the edge).
async fn problems(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let locale = locale_of(&state, req.headers());
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_problem =
        res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| ct == PROBLEM_JSON);
    if is_problem {
        return res;
    }
    let mut errors = Vec::new();
    let detail = if let Some(ApiRefusal(msg)) = res.extensions().get::<ApiRefusal>() {
        msg.text(locale)
    } else {
        match res.extensions().get::<ErrorInfo>() {
            Some(ErrorInfo::Unauthenticated) => i18n::text(locale, "api-token-required", &[]),
            Some(ErrorInfo::Forbidden(d)) => denial_text(locale, d),
            Some(ErrorInfo::RateLimited(secs)) => {
                i18n::text(locale, "error-rate-limited", &[("seconds", secs.to_string())])
            }
            Some(ErrorInfo::BadRequest(m)) | Some(ErrorInfo::Conflict(m)) => m.text(locale),
            Some(ErrorInfo::Invalid(e)) => {
                errors =
                    e.0.iter()
                        .map(|(field, m)| FieldProblem { field: (*field).to_owned(), message: m.text(locale) })
                        .collect();
                i18n::text(locale, "error-422-text", &[])
            }
            _ => i18n::try_text(locale, &format!("error-{}-text", status.as_u16()), &[])
                .unwrap_or_else(|| i18n::text(locale, "error-other-text", &[])),
        }
    };
    let title = i18n::try_text(locale, &format!("error-{}-title", status.as_u16()), &[])
        .unwrap_or_else(|| i18n::text(locale, "error-other-title", &[]));
    let problem = Problem { kind: "about:blank".into(), title, status: status.as_u16(), detail, errors };
    let mut out = (status, Json(problem)).into_response();
    out.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    out.headers_mut().insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(locale));
    for name in [header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
        if let Some(v) = res.headers().get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}

/// The client's address, as the site sees it (`client_ip_header` behind a proxy).
fn client_ip(state: &AppState, parts: &Parts) -> IpAddr {
    let name = &state.config.client_ip_header;
    if !name.is_empty()
        && let Some(ip) = parts
            .headers
            .get_all(name.as_str())
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .next_back()
    {
        return ip;
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip())
}

/// Who calls: the member behind a personal token, or nobody. Extracting it
/// counts the request against the caller's rate limit; a token that is
/// sent must be valid.
pub struct Caller {
    pub bearer: Option<Bearer>,
}

impl Caller {
    pub fn user(&self) -> Option<&User> {
        self.bearer.as_ref().map(|b| &b.user)
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let auth = parts.headers.get(header::AUTHORIZATION);
        let bearer = match auth {
            None => None,
            Some(v) => {
                let secret = v
                    .to_str()
                    .ok()
                    .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
                    .map(str::trim);
                let Some(secret) = secret else {
                    return Err(refusal(StatusCode::UNAUTHORIZED, Msg::new("api-token-invalid")));
                };
                match api_tokens::authenticate(state, secret).await {
                    Ok(Some(b)) => Some(b),
                    Ok(None) => return Err(refusal(StatusCode::UNAUTHORIZED, Msg::new("api-token-invalid"))),
                    Err(e) => return Err(e.into_response()),
                }
            }
        };
        // Per token; requests without one per address.
        let key = match &bearer {
            Some(b) => format!("t{}", b.token_id),
            None => format!("a{}", client_ip(state, parts)),
        };
        state.throttle.api(&state.db, &key).await.map_err(IntoResponse::into_response)?;
        Ok(Caller { bearer })
    }
}

/// A caller whose token may write: the member the commands act as.
pub struct Writer(pub User);

impl FromRequestParts<AppState> for Writer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        match caller.bearer {
            None => Err(refusal(StatusCode::UNAUTHORIZED, Msg::new("api-token-required"))),
            Some(b) if b.scope < Scope::Write => Err(refusal(StatusCode::FORBIDDEN, Msg::new("api-scope-needed"))),
            Some(b) => Ok(Writer(b.user)),
        }
    }
}

/// A JSON body; anything else (no body, not JSON, the wrong shape) is a
/// 400 problem that says what is wrong.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for Body<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(IntoResponse::into_response)?;
        serde_json::from_slice(&bytes)
            .map(Body)
            .map_err(|e| refusal(StatusCode::BAD_REQUEST, Msg::new("api-body-invalid").with("detail", e.to_string())))
    }
}

/// Path and query parameters; a value of the wrong type is a 400 problem.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for Params<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let bad =
            |detail: String| refusal(StatusCode::BAD_REQUEST, Msg::new("api-param-invalid").with("detail", detail));
        let axum::extract::Query(q) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await.map_err(|e| bad(e.body_text()))?;
        Ok(Params(q))
    }
}

/// Path parameters; a value of the wrong type is a 400 problem.
pub struct PathOf<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for PathOf<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(p) = axum::extract::Path::<T>::from_request_parts(parts, state).await.map_err(|e| {
            refusal(StatusCode::BAD_REQUEST, Msg::new("api-param-invalid").with("detail", e.body_text()))
        })?;
        Ok(PathOf(p))
    }
}

/// What API handlers return.
pub type ApiResult<T> = Result<T, AppError>;
