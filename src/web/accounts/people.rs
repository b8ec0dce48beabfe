//! People: the member directory and generated avatars.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::accounts;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::context::Ctx;
use crate::web::errors::certificate_name;

const PAGE: u64 = 50;

#[derive(Debug, Default, Deserialize)]
pub(super) struct DirectoryQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    certificate: String,
    #[serde(default)]
    after: String,
}

#[derive(Serialize)]
struct MemberCard {
    username: String,
    role: String,
    staff: bool,
    certificate: String,
    certificate_name: String,
    bl: i32,
    joined: String,
}

#[derive(Serialize)]
struct LevelOption {
    key: String,
    name: String,
}

#[derive(Serialize)]
struct DirectoryPage {
    members: Vec<MemberCard>,
    q: String,
    certificate: String,
    levels: Vec<LevelOption>,
    next: Option<String>,
}

/// `/u`: members by name, with a search by the start of the name and a
/// filter by certificate level; keyset pages in name order.
pub(super) async fn directory(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DirectoryQuery>,
) -> Result<Response, AppError> {
    let certificate = q.certificate.trim();
    let level = (!certificate.is_empty() && state.policy.is_certificate(certificate)).then_some(certificate);
    let after = (!q.after.is_empty()).then_some(q.after.as_str());
    let rows = accounts::directory(&state.db, &q.q, level, after, PAGE).await?;
    let next = (rows.len() as u64 == PAGE).then(|| {
        let last = rows.last().map(|r| r.username_key.clone()).unwrap_or_default();
        let params = [("q", q.q.as_str()), ("certificate", level.unwrap_or("")), ("after", last.as_str())];
        format!("/u?{}", serde_urlencoded::to_string(params).unwrap_or_default())
    });
    let members = rows
        .into_iter()
        .map(|r| MemberCard {
            staff: r.role != "member",
            certificate_name: certificate_name(ctx.locale, &r.certificate),
            joined: crate::util::datetime(&r.created_at).chars().take(10).collect(),
            username: r.username,
            role: r.role,
            certificate: r.certificate,
            bl: r.bl,
        })
        .collect();
    let levels = state
        .policy
        .ladder()
        .iter()
        .map(|l| LevelOption { key: l.key.clone(), name: certificate_name(ctx.locale, &l.key) })
        .collect();
    let page = DirectoryPage { members, q: q.q.clone(), certificate: level.unwrap_or("").to_owned(), levels, next };
    state.views.page(&ctx, "accounts/members.html", &page)
}

/// A stable colour for a name (FNV-1a over its key).
fn hue(key: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in key.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h % 360
}

/// The avatar every member has until uploads exist: their initial on a
/// colour made from their name. Plain SVG, no script, cached a day.
pub(super) async fn avatar(Path(username): Path<String>) -> Result<Response, AppError> {
    let name = username.strip_suffix(".svg").unwrap_or(&username);
    let key = accounts::names::username_key(name);
    let initial: String =
        name.trim().chars().find(|c| c.is_alphanumeric()).map(|c| c.to_uppercase().collect()).unwrap_or_default();
    let initial = initial.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="32" fill="hsl({},45%,42%)"/><text x="32" y="43" text-anchor="middle" font-family="system-ui,sans-serif" font-size="30" font-weight="600" fill="#fff">{initial}</text></svg>"##,
        hue(&key)
    );
    Ok(([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], svg)
        .into_response())
}
