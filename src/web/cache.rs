//! `Cache-Control` for every response, decided in one place.
//!
//! * Anything tied to a session — the request carries the session cookie
//!   (signed in, or a visitor with a CSRF token or a flash message), the
//!   response sets a cookie, the request is authorized or not a read — is
//!   `private, no-store`: no shared cache may keep a page with a member's
//!   name or a form token in it, and the browser does not keep it either
//!   (the back button after signing out shows nothing private).
//! * A handler that sets its own `Cache-Control` declares its answer the
//!   same for everyone (fingerprinted assets, the category stylesheet); that
//!   is kept unless the response sets a cookie.
//! * Everything else is an anonymous read, the same for every visitor with
//!   the same language: cacheable for a minute, varying on
//!   `Accept-Language` and `Cookie`. Server errors are not cached.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::web::SESSION_COOKIE;

pub const PRIVATE: &str = "private, no-store";
pub const ANONYMOUS: &str = "public, max-age=60";
/// For assets whose URL carries their content hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

fn has_session_cookie(req: &Request) -> bool {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(';').any(|c| c.trim().split_once('=').is_some_and(|(name, _)| name.trim() == SESSION_COOKIE)))
}

/// Middleware: sets `Cache-Control` (and `Vary` for shared answers).
pub async fn headers(req: Request, next: Next) -> Response {
    let personal =
        has_session_cookie(&req) || req.headers().contains_key(header::AUTHORIZATION) || !req.method().is_safe();
    let mut res = next.run(req).await;
    let sets_cookie = res.headers().contains_key(header::SET_COOKIE);
    let own = res.headers().contains_key(header::CACHE_CONTROL);
    let failed = res.status().is_server_error();
    let h = res.headers_mut();
    if sets_cookie || (personal && !own) || (!own && failed) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(PRIVATE));
    } else if !own {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(ANONYMOUS));
        h.append(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    }
    res
}
