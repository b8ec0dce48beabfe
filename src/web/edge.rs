//! The edge: every piece of text a client sends is cleaned here, once,
//! before any handler sees it (see [`crate::text`] for what "clean" means).
//!
//! This is a middleware rather than a custom `Form`/`Query`/`Path`
//! extractor on purpose. An extractor only protects the handlers that
//! remember to use it, and one forgotten `axum::Form` is enough to put a NUL
//! into PostgreSQL (a 500, and the member's text lost) or a control
//! character into a feed. A middleware sits in front of every route, present
//! and future, and the handlers keep using axum's own extractors. What it
//! covers:
//!
//! * the path: a path that holds control characters once percent-decoded
//!   names nothing, so it is answered 404 before routing (`/u/a%00b`,
//!   `/c/%00.atom`);
//! * the query string: every name and value is cleaned as one line;
//! * `application/x-www-form-urlencoded` bodies: [`MULTI_LINE_FIELDS`] (the
//!   textareas) keep their line breaks as `\n`, passwords are left exactly as
//!   typed (they are only ever hashed, and changing them would lock people
//!   out), every other field is cleaned as one line;
//! * JSON bodies (the API): every string, keys included.
//!
//! The request is rewritten only when something had to change, so ordinary
//! requests pass through untouched (a form body is read into memory, as the
//! CSRF guard does anyway, within the configured body limit).

use std::borrow::Cow;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::error::AppError;
use crate::state::AppState;
use crate::text::{clean, clean_line};

/// Form fields that come from a `<textarea>` and may hold line breaks.
pub const MULTI_LINE_FIELDS: &[&str] = &["body", "description", "aliases"];

/// Form fields passed on exactly as sent.
pub const VERBATIM_FIELDS: &[&str] =
    &["password", "current_password", "new_password", "confirm_password", crate::web::csrf::FIELD];

/// Middleware: cleans the query string and the body, refuses paths with
/// control characters.
pub async fn clean_request(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    if path_has_controls(parts.uri.path()) {
        return not_found(parts.uri.path());
    }
    if let Some(uri) = clean_query(&parts.uri) {
        parts.uri = uri;
    }
    let content_type =
        parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
    let is_json = content_type.starts_with("application/json")
        || (content_type.starts_with("application/") && content_type.contains("+json"))
        || parts.uri.path().starts_with("/api/");
    if !is_form && !is_json {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let bytes = match to_bytes(body, state.config.max_body_bytes).await {
        Ok(b) => b,
        Err(_) => return too_large(parts.uri.path()),
    };
    let cleaned = if is_form { clean_form(&bytes) } else { clean_json(&bytes) };
    let body = match cleaned {
        Some(new) => {
            parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(new.len()));
            Body::from(new)
        }
        None => Body::from(bytes),
    };
    next.run(Request::from_parts(parts, body)).await
}

fn too_large(path: &str) -> Response {
    if path.starts_with("/api/") {
        let body = axum::Json(serde_json::json!({ "error": "the request body is too large or unreadable" }));
        (StatusCode::PAYLOAD_TOO_LARGE, body).into_response()
    } else {
        // The error page says it in the reader's language.
        StatusCode::PAYLOAD_TOO_LARGE.into_response()
    }
}

fn not_found(path: &str) -> Response {
    if path.starts_with("/api/") {
        (StatusCode::NOT_FOUND, axum::Json(serde_json::json!({ "error": "not found" }))).into_response()
    } else {
        AppError::NotFound.into_response()
    }
}

/// Whether the decoded path holds anything a one-line text may not.
fn path_has_controls(path: &str) -> bool {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    matches!(clean_line(&decoded), Cow::Owned(_))
}

fn clean_query(uri: &Uri) -> Option<Uri> {
    let query = uri.query()?;
    let mut changed = false;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| {
            let (k2, v2) = (clean_line(&k), clean_line(&v));
            changed |= matches!(k2, Cow::Owned(_)) || matches!(v2, Cow::Owned(_));
            (k2.into_owned(), v2.into_owned())
        })
        .collect();
    if !changed {
        return None;
    }
    let query = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
    let path_and_query = if query.is_empty() { uri.path().to_owned() } else { format!("{}?{query}", uri.path()) };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = path_and_query.parse().ok();
    Uri::from_parts(parts).ok()
}

/// The form body again when a field had to be cleaned.
fn clean_form(body: &[u8]) -> Option<Bytes> {
    let mut changed = false;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body)
        .map(|(k, v)| {
            let name = clean_line(&k);
            let value = if VERBATIM_FIELDS.contains(&name.as_ref()) {
                Cow::Borrowed(v.as_ref())
            } else if MULTI_LINE_FIELDS.contains(&name.as_ref()) {
                clean(&v)
            } else {
                clean_line(&v)
            };
            changed |= matches!(name, Cow::Owned(_)) || matches!(value, Cow::Owned(_));
            (name.into_owned(), value.into_owned())
        })
        .collect();
    changed.then(|| Bytes::from(url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish()))
}

/// The JSON body again when a string had to be cleaned; bodies that are not
/// JSON pass unchanged (the handler says what is wrong with them).
fn clean_json(body: &[u8]) -> Option<Bytes> {
    let mut value: Value = serde_json::from_slice(body).ok()?;
    if !clean_value(&mut value) {
        return None;
    }
    serde_json::to_vec(&value).ok().map(Bytes::from)
}

/// Cleans every string in place; true when anything changed. serde_json
/// limits nesting while parsing, so the recursion is bounded.
fn clean_value(value: &mut Value) -> bool {
    match value {
        Value::String(s) => match clean(s) {
            Cow::Owned(new) => {
                *s = new;
                true
            }
            Cow::Borrowed(_) => false,
        },
        Value::Array(items) => items.iter_mut().fold(false, |changed, v| clean_value(v) | changed),
        Value::Object(map) => {
            let mut changed = false;
            let entries = std::mem::take(map);
            for (k, mut v) in entries {
                changed |= clean_value(&mut v);
                let k = match clean(&k) {
                    Cow::Owned(new) => {
                        changed = true;
                        new
                    }
                    Cow::Borrowed(_) => k,
                };
                map.insert(k, v);
            }
            changed
        }
        _ => false,
    }
}

/// Where to go after signing in or changing the language: only a path on
/// this site. It must start with exactly one `/`, and hold no `//` in its
/// path, no backslash (browsers read `/\x` as `//x`), no whitespace and no
/// control characters (a tab is removed by the browser's URL parser, so
/// `/\t/x` becomes `//x`, another site). Anything else goes to `/`.
pub fn safe_next(next: &str) -> &str {
    let path = next.split(['?', '#']).next().unwrap_or("");
    let ok = next.starts_with('/')
        && !path.contains("//")
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_whitespace() || c.is_control() || crate::text::is_dropped(c));
    if ok { next } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_a_path_on_this_site_or_home() {
        for ok in ["/", "/t/1?page=2#p3", "/wiki/Ліміти", "/search?q=a+b", "/u/%D0%93", "/search?q=https://x"] {
            assert_eq!(safe_next(ok), ok);
        }
        for bad in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\u{b}",
            "/\u{1}",
            "/\u{1f}",
            "/\u{7f}",
            "/ /evil.example",
            "/a\nb",
            "/a\rb",
            "/x//evil.example",
            "/\u{a0}x",
            "/\u{85}",
            "evil.example",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }

    #[test]
    fn paths_with_controls_are_refused() {
        assert!(path_has_controls("/u/a%00b"));
        assert!(path_has_controls("/c/%00.atom"));
        assert!(path_has_controls("/wiki/a%0Ab"));
        assert!(path_has_controls("/wiki/a%09b"));
        assert!(path_has_controls("/wiki/%EF%BF%BE"));
        assert!(!path_has_controls("/wiki/%D0%9B%D1%96%D0%BC%D1%96%D1%82%D0%B8"));
        assert!(!path_has_controls("/u/a%20b"));
    }

    #[test]
    fn forms_keep_textarea_lines_and_passwords() {
        let body = b"title=a%0D%0Ab&body=l1%0D%0Al2%00&password=p%09w&csrf_token=abc";
        let out = clean_form(body).unwrap();
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&out).unwrap();
        assert_eq!(
            pairs,
            [("title", "a b"), ("body", "l1\nl2"), ("password", "p\tw"), ("csrf_token", "abc")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert!(clean_form(b"title=ok&body=line1%0Aline2").is_none());
    }

    #[test]
    fn queries_and_json_are_cleaned() {
        let uri: Uri = "/search?q=a%00b%09c&next=/%0B".parse().unwrap();
        assert_eq!(clean_query(&uri).unwrap().to_string(), "/search?q=ab+c&next=%2F");
        assert!(clean_query(&"/search?q=ok".parse().unwrap()).is_none());
        let out = clean_json(br#"{"reason":"a\u0000b\r\nc","list":["\u0001"],"k\u0002":1}"#).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v, serde_json::json!({ "reason": "ab\nc", "list": [""], "k": 1 }));
        assert!(clean_json(br#"{"reason":"fine"}"#).is_none());
        assert!(clean_json(b"not json").is_none());
    }
}
