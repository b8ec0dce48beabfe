//! Static files under `/assets`, embedded in the binary. Each URL the pages
//! use carries a hash of the content (`?v=…`), so browsers may cache it for
//! a year; the same file asked for without the current hash is cached
//! briefly, since its content changes with the next release.

use axum::Router;
use axum::extract::{Path, RawQuery};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::state::AppState;

struct Asset {
    path: &'static str,
    mime: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset { path: "veche.css", mime: "text/css; charset=utf-8", body: include_bytes!("../../assets/css/veche.css") },
    Asset {
        path: "veche.js",
        mime: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/js/veche.js"),
    },
    Asset { path: "favicon.svg", mime: "image/svg+xml", body: include_bytes!("../../assets/img/favicon.svg") },
];

/// A short content hash used as the cache-busting version of the assets.
pub fn version() -> &'static str {
    static V: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        // FNV-1a over all assets: changes whenever any of them does.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for a in ASSETS {
            for b in a.body {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{:x}", h & 0xffff_ffff)
    });
    &V
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/assets/{*path}", get(serve))
}

/// Cache lifetime of an asset asked for without the current hash.
const UNVERSIONED: &str = "public, max-age=300";

async fn serve(Path(path): Path<String>, RawQuery(query): RawQuery) -> Response {
    let Some(asset) = ASSETS.iter().find(|a| a.path == path) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let fingerprinted = query
        .as_deref()
        .is_some_and(|q| url::form_urlencoded::parse(q.as_bytes()).any(|(k, v)| k == "v" && v == version()));
    let mut res = asset.body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.mime));
    let cache = if fingerprinted { crate::web::cache::IMMUTABLE } else { UNVERSIONED };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}
