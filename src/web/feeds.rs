//! Atom feeds: the latest topics (all, or of a category) and the wiki's
//! recent changes. Hidden and deleted content never appears in them.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;

use crate::error::AppError;
use crate::forum;
use crate::i18n;
use crate::state::AppState;
use crate::title::Title;
use crate::util;
use crate::web::context::Ctx;
use crate::web::forum::topic_href;

fn feed_response(feed: Feed) -> Response {
    let xml = crate::text::xml_safe(&feed.to_string()).into_owned();
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response()
}

fn base(state: &AppState) -> String {
    state.config.public_url.trim_end_matches('/').to_owned()
}

fn fixed(t: &OffsetDateTime) -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339(&util::rfc3339(t)).unwrap_or_default()
}

fn topics_feed(state: &AppState, title: String, self_path: &str, rows: Vec<forum::lists::FeedRow>) -> Feed {
    let base = base(state);
    let updated = rows.first().map_or_else(util::now, |r| r.last_posted_at);
    let entries = rows
        .into_iter()
        .map(|r| Entry {
            id: format!("{base}/t/{}", r.id),
            links: vec![Link {
                href: format!("{base}{}", topic_href(r.id, &r.title)),
                rel: "alternate".into(),
                ..Default::default()
            }],
            title: Text::plain(r.title),
            updated: fixed(&r.last_posted_at),
            published: Some(fixed(&r.created_at)),
            authors: vec![Person { name: r.author, ..Default::default() }],
            content: Some(Content { value: Some(r.html), content_type: Some("html".into()), ..Default::default() }),
            ..Default::default()
        })
        .collect();
    Feed {
        id: format!("{base}{self_path}"),
        title: Text::plain(title),
        updated: fixed(&updated),
        links: vec![
            Link { href: format!("{base}{self_path}"), rel: "self".into(), ..Default::default() },
            Link { href: format!("{base}/"), rel: "alternate".into(), ..Default::default() },
        ],
        entries,
        ..Default::default()
    }
}

pub async fn latest_feed(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let rows = forum::lists::feed(&state.db, None, 30).await?;
    let title = i18n::text(ctx.locale, "feed-latest-title", &[("site", state.config.site_name.clone())]);
    Ok(feed_response(topics_feed(&state, title, "/latest.atom", rows)))
}

pub async fn category_feed(state: &AppState, ctx: &Ctx, slug: &str) -> Result<Response, AppError> {
    let cat = forum::categories::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let all = forum::categories::all(&state.db).await?;
    let mut ids = vec![cat.id];
    ids.extend(all.iter().filter(|c| c.parent_id == Some(cat.id)).map(|c| c.id));
    let rows = forum::lists::feed(&state.db, Some(ids), 30).await?;
    let title = i18n::text(
        ctx.locale,
        "feed-category-title",
        &[("category", cat.name.clone()), ("site", state.config.site_name.clone())],
    );
    Ok(feed_response(topics_feed(state, title, &format!("/c/{}.atom", cat.slug), rows)))
}

pub async fn changes_feed(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let lines = crate::wiki::recent_changes(&state.db, None, 50).await?;
    let base = base(&state);
    let entries = lines
        .iter()
        .map(|l| {
            let href = Title::stored_href(&l.title);
            let link = match l.parent_id {
                Some(p) => format!("{base}{href}/diff?from={p}&to={}", l.id),
                None => format!("{base}{href}?rev={}", l.id),
            };
            let summary = crate::web::wiki::summary_text(ctx.locale, l);
            let title = if summary.is_empty() { l.title.clone() } else { format!("{} — {summary}", l.title) };
            Entry {
                id: format!("{base}{href}?rev={}", l.id),
                title: Text::plain(title),
                updated: fixed(&l.created_at),
                authors: vec![Person { name: l.author.clone(), ..Default::default() }],
                links: vec![Link { href: link, rel: "alternate".into(), ..Default::default() }],
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        id: format!("{base}/wiki/changes.atom"),
        title: Text::plain(i18n::text(ctx.locale, "feed-changes-title", &[("site", state.config.site_name.clone())])),
        updated: lines.first().map_or_else(|| fixed(&util::now()), |l| fixed(&l.created_at)),
        links: vec![Link { href: format!("{base}/wiki/changes.atom"), rel: "self".into(), ..Default::default() }],
        entries,
        ..Default::default()
    };
    Ok(feed_response(feed))
}
