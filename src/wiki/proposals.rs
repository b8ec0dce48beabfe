//! Proposed edits: members below the editing bar submit, qualified editors
//! review. An approved proposal becomes a revision credited to its author.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set,
};
use serde::Serialize;
use time::OffsetDateTime;

use super::title::Title;
use super::{Edit, Saved, check_edit, edit_decision, find};
use crate::accounts::User;
use crate::db::Db;
use crate::entities::{proposals, revisions, users};
use crate::error::{AppError, AppResult, FormErrors};
use crate::policy::{Action, Decision, Policy};

pub use proposals::Model as Proposal;

pub const PENDING: &str = "pending";
pub const APPROVED: &str = "approved";
pub const REJECTED: &str = "rejected";
pub const WITHDRAWN: &str = "withdrawn";

/// Submits an edit for review. Only for members whose decision is
/// `Propose`: those who may edit save directly, those denied cannot propose.
pub async fn submit(
    db: &Db,
    policy: &Policy,
    config: &crate::config::Config,
    user: &User,
    title: &Title,
    edit: &Edit,
    source_topic: Option<i64>,
) -> AppResult<Proposal> {
    let (max_chars, max_pending) = (config.max_article_chars, config.max_pending_proposals);
    let found = find(db.read(), title).await?;
    let article = found.map(|f| f.article);
    match edit_decision(policy, Some(user), article.as_ref()) {
        Decision::Propose(_) => {}
        Decision::Allow => return Err(AppError::BadRequest("You can edit this guide directly.".into())),
        Decision::Deny(d) => return Err(AppError::Forbidden(d)),
    }
    check_edit(edit, max_chars)?;
    let pending = proposals::Entity::find()
        .filter(proposals::Column::AuthorId.eq(user.id))
        .filter(proposals::Column::Status.eq(PENDING))
        .count(db.read())
        .await?;
    if pending >= u64::from(max_pending) {
        return Err(AppError::Invalid({
            let mut e = FormErrors::new();
            e.add_with("body", "err-too-many-proposals", vec![("max", max_pending.to_string())]);
            e
        }));
    }
    let (title_text, key) = match &article {
        Some(a) => (a.title.clone(), a.title_key.clone()),
        None => (title.as_str().to_owned(), title.key().to_owned()),
    };
    Ok(proposals::ActiveModel {
        article_id: Set(article.as_ref().map(|a| a.id)),
        title: Set(title_text),
        title_key: Set(key),
        base_revision_id: Set(edit.base.or(article.as_ref().and_then(|a| a.current_revision_id))),
        author_id: Set(user.id),
        body: Set(edit.body.clone()),
        summary: Set(edit.summary.trim().to_owned()),
        status: Set(PENDING.into()),
        reviewer_id: Set(None),
        review_reason: Set(String::new()),
        revision_id: Set(None),
        created_at: Set(crate::util::now()),
        decided_at: Set(None),
        source_topic_id: Set(source_topic),
        ..Default::default()
    }
    .insert(db.write())
    .await?)
}

/// Several proposals in one query.
pub async fn by_ids(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Vec<Proposal>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(proposals::Entity::find().filter(proposals::Column::Id.is_in(ids.to_vec())).all(db).await?)
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> AppResult<Proposal> {
    proposals::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

pub fn is_reviewer(policy: &Policy, user: Option<&User>) -> bool {
    user.is_some_and(|u| policy.decide(&u.actor(), Action::ReviewProposals) == Decision::Allow)
}

/// Proposals are seen by their author and by reviewers, not by readers.
pub fn can_view(policy: &Policy, viewer: Option<&User>, p: &Proposal) -> bool {
    viewer.is_some_and(|u| u.id == p.author_id) || is_reviewer(policy, viewer)
}

/// The proposal's text on top of the current version of the guide: `None`
/// when both changed the same lines.
pub struct Rebased {
    pub text: Option<String>,
    pub current_body: String,
    pub current_id: Option<i64>,
}

pub async fn rebase(db: &impl ConnectionTrait, p: &Proposal) -> AppResult<Rebased> {
    let article = match p.article_id {
        Some(id) => crate::entities::articles::Entity::find_by_id(id).one(db).await?,
        None => {
            crate::entities::articles::Entity::find()
                .filter(crate::entities::articles::Column::TitleKey.eq(p.title_key.clone()))
                .one(db)
                .await?
        }
    };
    let Some(article) = article else {
        return Ok(Rebased { text: Some(p.body.clone()), current_body: String::new(), current_id: None });
    };
    let current = super::current(db, &article).await?;
    if p.base_revision_id == Some(current.id) {
        return Ok(Rebased { text: Some(p.body.clone()), current_body: current.body, current_id: Some(current.id) });
    }
    let base = match p.base_revision_id {
        Some(b) => revisions::Entity::find_by_id(b).one(db).await?.map(|r| r.body).unwrap_or_default(),
        None => String::new(),
    };
    let text = diffy::merge(&base, &p.body, &current.body).ok();
    Ok(Rebased { text, current_body: current.body, current_id: Some(current.id) })
}

pub async fn withdraw(db: &Db, user: &User, id: i64) -> AppResult<()> {
    let p = get(db.read(), id).await?;
    if p.author_id != user.id {
        return Err(AppError::NotFound);
    }
    decide(db, id, WITHDRAWN, None, "").await
}

/// Moves a pending proposal to its final state, once.
async fn decide(db: &Db, id: i64, status: &str, reviewer: Option<i64>, reason: &str) -> AppResult<()> {
    let changed = proposals::Entity::update_many()
        .col_expr(proposals::Column::Status, Expr::value(status))
        .col_expr(proposals::Column::ReviewerId, Expr::value(reviewer))
        .col_expr(proposals::Column::ReviewReason, Expr::value(reason))
        .col_expr(proposals::Column::DecidedAt, Expr::value(Some(crate::util::now())))
        .filter(proposals::Column::Id.eq(id))
        .filter(proposals::Column::Status.eq(PENDING))
        .exec(db.write())
        .await?
        .rows_affected;
    if changed == 0 {
        return Err(AppError::Conflict("This proposal has already been decided.".into()));
    }
    Ok(())
}

fn require_reviewer(policy: &Policy, reviewer: &User) -> AppResult<()> {
    match policy.decide(&reviewer.actor(), Action::ReviewProposals) {
        Decision::Allow => Ok(()),
        Decision::Propose(d) | Decision::Deny(d) => Err(AppError::Forbidden(d)),
    }
}

/// Approves: the proposal (rebased, or as the reviewer edited it) becomes a
/// revision credited to its author. Returns the author's id.
pub async fn approve(
    db: &Db,
    policy: &Policy,
    max_chars: usize,
    reviewer: &User,
    id: i64,
    edited: Option<String>,
) -> AppResult<i64> {
    require_reviewer(policy, reviewer)?;
    let p = get(db.read(), id).await?;
    if p.status != PENDING {
        return Err(AppError::Conflict("This proposal has already been decided.".into()));
    }
    let rebased = rebase(db.read(), &p).await?;
    let text = match edited.filter(|t| !t.trim().is_empty()) {
        Some(t) => t,
        None => rebased.text.ok_or_else(|| {
            AppError::Conflict("This proposal no longer merges cleanly; edit it before approving.".into())
        })?,
    };
    let author = crate::accounts::find_by_id(db.read(), p.author_id).await?.ok_or(AppError::NotFound)?;
    let title = Title::parse(&p.title).map_err(|_| AppError::NotFound)?;
    // Claim the decision first, so two reviewers cannot both apply it.
    decide(db, id, APPROVED, Some(reviewer.id), "").await?;
    let summary = if p.summary.is_empty() {
        format!("approved by {}", reviewer.username)
    } else {
        format!("{} (approved by {})", p.summary, reviewer.username)
    };
    let edit = Edit { body: text, summary, minor: false, base: rebased.current_id };
    match super::save_as(db, None, max_chars, &author, &title, &edit).await {
        Ok(Saved::Revision { id: rev, .. }) => {
            proposals::Entity::update_many()
                .col_expr(proposals::Column::RevisionId, Expr::value(Some(rev)))
                .filter(proposals::Column::Id.eq(id))
                .exec(db.write())
                .await?;
            if let (Some(topic), Some(found)) = (p.source_topic_id, find(db.read(), &title).await?) {
                crate::forum::posts::link_guide(db, topic, found.article.id).await?;
            }
            Ok(author.id)
        }
        Ok(Saved::Unchanged) => Ok(author.id),
        other => {
            // Nothing was saved: the proposal waits again.
            proposals::Entity::update_many()
                .col_expr(proposals::Column::Status, Expr::value(PENDING))
                .col_expr(proposals::Column::ReviewerId, Expr::value(Option::<i64>::None))
                .col_expr(proposals::Column::DecidedAt, Expr::value(Option::<OffsetDateTime>::None))
                .filter(proposals::Column::Id.eq(id))
                .exec(db.write())
                .await?;
            match other {
                Err(e) => Err(e),
                _ => Err(AppError::Conflict("The guide changed while approving; please review again.".into())),
            }
        }
    }
}

pub async fn reject(db: &Db, policy: &Policy, reviewer: &User, id: i64, reason: &str) -> AppResult<()> {
    require_reviewer(policy, reviewer)?;
    if reason.trim().is_empty() {
        return Err(AppError::Invalid(FormErrors::one("reason", "err-reason-required")));
    }
    get(db.read(), id).await?;
    decide(db, id, REJECTED, Some(reviewer.id), reason.trim()).await
}

/// A proposal in a list, with its author's standing.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct ProposalRow {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub status: String,
    pub created_at: OffsetDateTime,
    pub author: String,
    pub author_certificate: String,
    pub author_bl: i32,
}

fn rows() -> sea_orm::Select<proposals::Entity> {
    proposals::Entity::find()
        .select_only()
        .columns([
            proposals::Column::Id,
            proposals::Column::Title,
            proposals::Column::Summary,
            proposals::Column::Status,
            proposals::Column::CreatedAt,
        ])
        .column_as(users::Column::Username, "author")
        .column_as(users::Column::Certificate, "author_certificate")
        .column_as(users::Column::Bl, "author_bl")
        .join(JoinType::InnerJoin, proposals::Relation::Author.def())
}

/// The review queue: oldest first.
pub async fn pending(db: &Db, limit: u64) -> AppResult<Vec<ProposalRow>> {
    Ok(rows()
        .filter(proposals::Column::Status.eq(PENDING))
        .order_by_asc(proposals::Column::Id)
        .limit(limit)
        .into_model::<ProposalRow>()
        .all(db.read())
        .await?)
}

/// A member's proposals, newest first.
pub async fn of_author(db: &Db, user_id: i64, limit: u64) -> AppResult<Vec<ProposalRow>> {
    Ok(rows()
        .filter(proposals::Column::AuthorId.eq(user_id))
        .order_by_desc(proposals::Column::Id)
        .limit(limit)
        .into_model::<ProposalRow>()
        .all(db.read())
        .await?)
}
