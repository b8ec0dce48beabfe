//! Proposed edits: the review queue, one proposal, and the decisions on it.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::href_of;
use crate::error::AppError;
use crate::i18n;
use crate::policy::Action;
use crate::state::AppState;
use crate::util;
use crate::web::context::Ctx;
use crate::web::errors::certificate_name;
use crate::wiki::{self, proposals::ProposalRow};

#[derive(Serialize)]
pub struct ProposalRowView {
    id: i64,
    title: String,
    href: String,
    summary: String,
    status: String,
    status_name: String,
    author: String,
    author_certificate: String,
    author_bl: i32,
    age: String,
    at: String,
}

fn row_view(locale: &str, r: &ProposalRow, now: &time::OffsetDateTime) -> ProposalRowView {
    ProposalRowView {
        id: r.id,
        title: r.title.clone(),
        href: href_of(&r.title),
        summary: r.summary.clone(),
        status: r.status.clone(),
        status_name: i18n::text(locale, &format!("proposal-status-{}", r.status), &[]),
        author: r.author.clone(),
        author_certificate: certificate_name(locale, &r.author_certificate),
        author_bl: r.author_bl,
        age: util::relative(&r.created_at, now, locale),
        at: util::datetime(&r.created_at),
    }
}

/// Proposal rows for a profile page.
pub fn proposal_rows(locale: &str, rows: &[ProposalRow]) -> Vec<ProposalRowView> {
    let now = util::now();
    rows.iter().map(|r| row_view(locale, r, &now)).collect()
}

#[derive(Serialize)]
struct QueueItem {
    #[serde(flatten)]
    row: ProposalRowView,
    clean: bool,
    diff: Vec<crate::diff::DiffLine>,
}

#[derive(Serialize)]
struct ReviewPage {
    items: Vec<QueueItem>,
}

pub(super) async fn review_queue(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    state.policy.require(&user.actor(), Action::ReviewProposals)?;
    let rows = wiki::proposals::pending(&state.db, 50).await?;
    let now = util::now();
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let full = wiki::proposals::by_ids(state.db.read(), &ids).await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        let Some(p) = full.iter().find(|p| p.id == r.id) else { continue };
        let rebased = wiki::proposals::rebase(state.db.read(), p).await?;
        let diff = crate::diff::lines(&rebased.current_body, rebased.text.as_deref().unwrap_or(&p.body), 2);
        items.push(QueueItem { row: row_view(ctx.locale, r, &now), clean: rebased.text.is_some(), diff });
    }
    let ctx = ctx.with_csrf().await?;
    state.views.page(&ctx, "wiki/review.html", &ReviewPage { items })
}

#[derive(Serialize)]
struct ProposalView {
    id: i64,
    title: String,
    href: String,
    summary: String,
    status: String,
    status_name: String,
    author: String,
    author_certificate: String,
    author_bl: i32,
    at: String,
    reviewer: Option<String>,
    reason: String,
    revision: Option<i64>,
    pending: bool,
    clean: bool,
    text: String,
}

#[derive(Serialize)]
struct ProposalPage {
    p: ProposalView,
    diff: Vec<crate::diff::DiffLine>,
    can_withdraw: bool,
    can_review: bool,
}

fn proposal_id(s: &str) -> Result<i64, AppError> {
    s.parse::<i64>().map_err(|_| AppError::NotFound)
}

pub(super) async fn show_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let p = wiki::proposals::get(state.db.read(), proposal_id(&id)?).await?;
    if !wiki::proposals::can_view(&state.policy, ctx.user.as_ref(), &p) {
        return Err(AppError::NotFound);
    }
    let author = crate::accounts::find_by_id(state.db.read(), p.author_id).await?.ok_or(AppError::NotFound)?;
    let reviewer = match p.reviewer_id {
        Some(r) => crate::accounts::usernames(&state.db, &[r]).await?.remove(&r),
        None => None,
    };
    let pending = p.status == wiki::proposals::PENDING;
    let rebased = wiki::proposals::rebase(state.db.read(), &p).await?;
    let shown = rebased.text.clone().unwrap_or_else(|| p.body.clone());
    let diff = crate::diff::lines(&rebased.current_body, if pending { &shown } else { &p.body }, 2);
    let is_author = ctx.user.as_ref().is_some_and(|u| u.id == p.author_id);
    let is_reviewer = wiki::proposals::is_reviewer(&state.policy, ctx.user.as_ref());
    let ctx = ctx.with_csrf().await?;
    let page = ProposalPage {
        p: ProposalView {
            id: p.id,
            href: href_of(&p.title),
            title: p.title.clone(),
            summary: p.summary.clone(),
            status_name: i18n::text(ctx.locale, &format!("proposal-status-{}", p.status), &[]),
            status: p.status.clone(),
            author: author.username.clone(),
            author_certificate: certificate_name(ctx.locale, &author.certificate),
            author_bl: author.bl,
            at: util::datetime(&p.created_at),
            reviewer,
            reason: p.review_reason.clone(),
            revision: p.revision_id,
            pending,
            clean: rebased.text.is_some(),
            text: shown,
        },
        diff,
        can_withdraw: pending && is_author,
        can_review: pending && is_reviewer,
    };
    state.views.page(&ctx, "wiki/proposal.html", &page)
}

pub(super) async fn withdraw_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = proposal_id(&id)?;
    wiki::proposals::withdraw(&state, &user, id).await?;
    ctx.flash("ok", "flash-proposal-withdrawn").await?;
    Ok(Redirect::to(&format!("/wiki/proposals/{id}")).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ApproveForm {
    #[serde(default)]
    body: String,
}

pub(super) async fn approve_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<ApproveForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = proposal_id(&id)?;
    let edited = if f.body.trim().is_empty() { None } else { Some(f.body) };
    wiki::proposals::approve(&state, &user, id, edited).await?;
    ctx.flash("ok", "flash-proposal-approved").await?;
    Ok(Redirect::to(&format!("/wiki/proposals/{id}")).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RejectForm {
    #[serde(default)]
    reason: String,
}

pub(super) async fn reject_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<RejectForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = proposal_id(&id)?;
    match wiki::proposals::reject(&state, &user, id, &f.reason).await {
        Ok(()) => {
            ctx.flash("ok", "flash-proposal-rejected").await?;
            Ok(Redirect::to(&format!("/wiki/proposals/{id}")).into_response())
        }
        Err(AppError::Invalid(e)) => Err(AppError::BadRequest(
            e.0.into_values().next().unwrap_or_else(|| crate::error::Msg::new("err-reason-required")),
        )),
        Err(e) => Err(e),
    }
}
