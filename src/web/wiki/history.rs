//! A guide's history, diffs between revisions, revert and undo, and the
//! wiki's recent changes.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::{allowed, found_or_404, href_of, summary_of, summary_text};
use crate::error::{AppError, Msg};
use crate::policy::{Action, Decision};
use crate::state::AppState;
use crate::util;
use crate::web::context::Ctx;
use crate::wiki::{self, RevisionLine, Saved};

#[derive(Debug, Default, Deserialize)]
pub(super) struct BeforeQuery {
    before: Option<String>,
}

fn parse_before(b: &Option<String>) -> Result<Option<i64>, AppError> {
    match b {
        None => Ok(None),
        Some(s) => s.parse::<i64>().map(Some).map_err(|_| AppError::bad_request("err-link-damaged")),
    }
}

#[derive(Serialize)]
struct LineView {
    id: i64,
    parent: Option<i64>,
    summary: String,
    minor: bool,
    size: i32,
    delta: i32,
    at: String,
    iso: String,
    author: String,
    title: String,
    href: String,
}

fn line_view(locale: &str, l: &RevisionLine) -> LineView {
    LineView {
        id: l.id,
        parent: l.parent_id,
        summary: summary_text(locale, l),
        minor: l.minor,
        size: l.size,
        delta: l.size_delta,
        at: util::datetime(&l.created_at),
        iso: util::rfc3339(&l.created_at),
        author: l.author.clone(),
        title: l.title.clone(),
        href: href_of(&l.title),
    }
}

const HISTORY_PAGE: u64 = 50;

#[derive(Serialize)]
struct HistoryPage {
    title: String,
    href: String,
    current: Option<i64>,
    lines: Vec<LineView>,
    next: Option<i64>,
    can_revert: bool,
    can_undo: bool,
}

pub(super) async fn history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<BeforeQuery>,
) -> Result<Response, AppError> {
    let (title, article) = found_or_404(&state, &raw).await?;
    let before = parse_before(&q.before)?;
    let lines = wiki::history(&state.db, &article, before, HISTORY_PAGE).await?;
    let next = (lines.len() as u64 == HISTORY_PAGE).then(|| lines.last().map(|l| l.id)).flatten();
    let ctx = if ctx.user.is_some() { ctx.with_csrf().await? } else { ctx };
    let page = HistoryPage {
        title: title.as_str().to_owned(),
        href: title.href(),
        current: article.current_revision_id,
        lines: lines.iter().map(|l| line_view(ctx.locale, l)).collect(),
        next,
        can_revert: allowed(&state, &ctx, Action::RevertArticle),
        can_undo: wiki::edit_decision(&state.policy, ctx.user.as_ref(), Some(&article)) == Decision::Allow,
    };
    state.views.page(&ctx, "wiki/history.html", &page)
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct DiffQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

#[derive(Serialize)]
struct RevHead {
    id: i64,
    at: String,
    summary: String,
}

#[derive(Serialize)]
struct DiffPage {
    title: String,
    href: String,
    from: RevHead,
    to: RevHead,
    lines: Vec<crate::diff::DiffLine>,
    delta: i32,
}

pub(super) async fn diff(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<DiffQuery>,
) -> Result<Response, AppError> {
    let (title, article) = found_or_404(&state, &raw).await?;
    let parse = |s: &str, which: &str| {
        s.trim().parse::<i64>().map_err(|_| AppError::BadRequest(Msg::new("err-diff-param").with("which", which)))
    };
    let from = parse(&q.from, "from")?;
    let to = if q.to.trim().is_empty() || q.to == "cur" {
        article.current_revision_id.ok_or(AppError::NotFound)?
    } else {
        parse(&q.to, "to")?
    };
    let missing = |id: i64| AppError::BadRequest(Msg::new("err-no-revision").with("id", id));
    let a = wiki::revision(state.db.read(), &article, from).await.map_err(|_| missing(from))?;
    let b = wiki::revision(state.db.read(), &article, to).await.map_err(|_| missing(to))?;
    if from > to {
        return Ok(Redirect::to(&format!("{}/diff?from={to}&to={from}", title.href())).into_response());
    }
    let head = |r: &wiki::Revision| RevHead {
        id: r.id,
        at: util::datetime(&r.created_at),
        summary: summary_of(ctx.locale, &r.summary, &r.summary_code, &r.summary_args),
    };
    let page = DiffPage {
        title: title.as_str().to_owned(),
        href: title.href(),
        from: head(&a),
        to: head(&b),
        lines: crate::diff::lines(&a.body, &b.body, 3),
        delta: b.size - a.size,
    };
    state.views.page(&ctx, "wiki/diff.html", &page)
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RevForm {
    #[serde(default)]
    rev: String,
}

pub(super) async fn revert(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(f): Form<RevForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let (title, _) = found_or_404(&state, &raw).await?;
    let rev = f.rev.parse::<i64>().map_err(|_| AppError::NotFound)?;
    match wiki::commands::revert(&state, &user, &title, rev).await? {
        Saved::Revision { .. } => ctx.flash("ok", "flash-wiki-reverted").await?,
        Saved::Unchanged => ctx.flash("ok", "flash-wiki-unchanged").await?,
        Saved::Conflict { .. } => return Err(AppError::conflict("err-try-again")),
    }
    Ok(Redirect::to(&title.href()).into_response())
}

pub(super) async fn undo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(f): Form<RevForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let (title, _) = found_or_404(&state, &raw).await?;
    let rev = f.rev.parse::<i64>().map_err(|_| AppError::NotFound)?;
    match wiki::commands::undo(&state, &user, &title, rev).await? {
        Saved::Unchanged => ctx.flash("ok", "flash-wiki-unchanged").await?,
        _ => ctx.flash("ok", "flash-wiki-undone").await?,
    }
    Ok(Redirect::to(&title.href()).into_response())
}

#[derive(Serialize)]
struct ChangesPage {
    lines: Vec<LineView>,
    next: Option<i64>,
}

pub(super) async fn changes(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BeforeQuery>,
) -> Result<Response, AppError> {
    let before = parse_before(&q.before)?;
    let lines = wiki::recent_changes(&state.db, before, HISTORY_PAGE).await?;
    let next = (lines.len() as u64 == HISTORY_PAGE).then(|| lines.last().map(|l| l.id)).flatten();
    let page = ChangesPage { lines: lines.iter().map(|l| line_view(ctx.locale, l)).collect(), next };
    state.views.page(&ctx, "wiki/changes.html", &page)
}
