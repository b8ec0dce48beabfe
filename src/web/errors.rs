//! How errors look: every `AppError` becomes a status and an [`ErrorInfo`]
//! in the response extensions; [`render_if_error`] turns that (and bare
//! error responses from axum's extractors) into a page in the site's style.
//! Internal errors are logged here, once, and never shown.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::{AppError, FormErrors, Msg};
use crate::i18n;
use crate::policy::{Denial, DenyReason};
use crate::state::AppState;
use crate::web::context::{Ctx, login_redirect};

/// What the error page needs to know.
#[derive(Debug, Clone)]
pub enum ErrorInfo {
    NotFound,
    Unauthenticated,
    Forbidden(Denial),
    Csrf,
    Conflict(Msg),
    Invalid(FormErrors),
    BadRequest(Msg),
    RateLimited(u64),
    Internal,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, info) = match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, ErrorInfo::NotFound),
            AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, ErrorInfo::Unauthenticated),
            AppError::Forbidden(d) => (StatusCode::FORBIDDEN, ErrorInfo::Forbidden(d)),
            AppError::Csrf => (StatusCode::FORBIDDEN, ErrorInfo::Csrf),
            AppError::Conflict(what) => (StatusCode::CONFLICT, ErrorInfo::Conflict(what)),
            AppError::Invalid(e) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorInfo::Invalid(e)),
            AppError::BadRequest(what) => (StatusCode::BAD_REQUEST, ErrorInfo::BadRequest(what)),
            AppError::RateLimited { retry_after } => {
                (StatusCode::TOO_MANY_REQUESTS, ErrorInfo::RateLimited(retry_after.as_secs().max(1)))
            }
            AppError::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorInfo::Internal)
            }
        };
        let mut res = (status, status.canonical_reason().unwrap_or("error")).into_response();
        if let ErrorInfo::RateLimited(secs) = info {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res.extensions_mut().insert(info);
        res
    }
}

/// A refusal in the reader's language, with what is needed and what they have.
pub fn denial_text(locale: &str, d: &Denial) -> String {
    let action = i18n::text(locale, d.action.message_key(), &[]);
    match &d.reason {
        DenyReason::SignInRequired => i18n::text(locale, "deny-sign-in", &[("action", action)]),
        DenyReason::BelowBar { needed_certificate, needed_bl_above, has_certificate, has_bl } => i18n::text(
            locale,
            "deny-below-bar",
            &[
                ("action", action),
                ("certificate", certificate_name(locale, needed_certificate)),
                ("bl", needed_bl_above.to_string()),
                ("have_certificate", certificate_name(locale, has_certificate)),
                ("have_bl", has_bl.to_string()),
            ],
        ),
        DenyReason::Silenced { until: Some(t) } => {
            i18n::text(locale, "deny-silenced-until", &[("until", crate::util::datetime(t))])
        }
        DenyReason::Silenced { until: None } => i18n::text(locale, "deny-silenced", &[]),
        DenyReason::EmailUnverified => i18n::text(locale, "deny-email-unverified", &[]),
        DenyReason::RoleRequired { roles } => {
            let names: Vec<String> =
                roles.iter().map(|r| i18n::text(locale, &format!("role-{}", r.as_str()), &[])).collect();
            i18n::text(locale, "deny-role", &[("action", action), ("roles", names.join(" / "))])
        }
        DenyReason::TopicClosed => i18n::text(locale, "deny-topic-closed", &[]),
        DenyReason::Protected => i18n::text(locale, "deny-protected", &[]),
        DenyReason::OutOfScope => i18n::text(locale, "deny-out-of-scope", &[]),
        DenyReason::OwnAccount => i18n::text(locale, "deny-own-account", &[("action", action)]),
        DenyReason::HigherRank => i18n::text(locale, "deny-higher-rank", &[("action", action)]),
        DenyReason::CertificateAboveOwn => i18n::text(locale, "deny-certificate-above-own", &[]),
    }
}

/// What the error page shows.
#[derive(Serialize)]
pub struct ErrorPage {
    status: u16,
    title: String,
    message: String,
    /// Several messages (a form's fields) when there are.
    details: Vec<String>,
}

impl ErrorPage {
    pub fn new(status: StatusCode, title: String, message: String) -> Self {
        Self { status: status.as_u16(), title, message, details: Vec::new() }
    }
}

/// Localized certificate name; levels added in config without a translation
/// show their key.
pub fn certificate_name(locale: &str, key: &str) -> String {
    i18n::try_text(locale, &format!("cert-{key}"), &[]).unwrap_or_else(|| key.to_owned())
}

fn is_plain(res: &Response) -> bool {
    res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_none_or(|ct| ct.starts_with("text/plain"))
}

/// Renders error responses produced inside the page routes.
pub async fn render_if_error(state: &AppState, ctx: &Ctx, is_get: bool, res: Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let info = res.extensions().get::<ErrorInfo>().cloned();
    if info.is_none() && !is_plain(&res) {
        return res; // a handler rendered its own page (a form with messages)
    }
    let locale = ctx.locale;
    let mut details = Vec::new();
    let message = match &info {
        Some(ErrorInfo::Unauthenticated) if is_get => return login_redirect(&ctx.path),
        Some(ErrorInfo::Unauthenticated) => i18n::text(locale, "error-sign-in", &[]),
        Some(ErrorInfo::Forbidden(d)) => denial_text(locale, d),
        Some(ErrorInfo::Csrf) => i18n::text(locale, "error-csrf", &[]),
        Some(ErrorInfo::RateLimited(secs)) => {
            i18n::text(locale, "error-rate-limited", &[("seconds", secs.to_string())])
        }
        Some(ErrorInfo::BadRequest(m)) | Some(ErrorInfo::Conflict(m)) => m.text(locale),
        Some(ErrorInfo::Invalid(e)) => {
            details = e.0.values().map(|m| m.text(locale)).collect();
            i18n::text(locale, "error-422-text", &[])
        }
        // Also a bare rejection from an extractor (`None`): its own text is
        // English and technical, so the reader gets the status in words.
        _ => i18n::try_text(locale, &format!("error-{}-text", status.as_u16()), &[])
            .unwrap_or_else(|| i18n::text(locale, "error-other-text", &[])),
    };
    let title = i18n::try_text(locale, &format!("error-{}-title", status.as_u16()), &[])
        .unwrap_or_else(|| i18n::text(locale, "error-other-title", &[]));
    let data = ErrorPage { status: status.as_u16(), title, message, details };
    let mut page = match state.views.page_with_status(status, ctx, "errors/error.html", &data) {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "cannot render the error page");
            (status, "error").into_response()
        }
    };
    if let Some(ErrorInfo::RateLimited(secs)) = info {
        page.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    page
}
