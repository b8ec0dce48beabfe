//! Proposed edits: members below the editing bar submit, qualified editors
//! review. An approved proposal becomes a revision credited to its author.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, FromQueryResult, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set, TransactionTrait,
};
use serde::Serialize;
use time::OffsetDateTime;

use super::commands::{Edit, Note, Saved, check_edit, save_in};
use super::find;
use crate::accounts::User;
use crate::app::App;
use crate::db::Db;
use crate::entities::{proposals, revisions, users};
use crate::error::{AppError, AppResult, FormErrors};
use crate::events::{self, Event};
use crate::input;
use crate::policy::{Action, Policy};
use crate::title::Title;

pub use proposals::Model as Proposal;

pub const PENDING: &str = "pending";
pub const APPROVED: &str = "approved";
pub const REJECTED: &str = "rejected";
pub const WITHDRAWN: &str = "withdrawn";

/// Submits an edit for review (the `edit` command calls this for members
/// whose decision is `Propose`). Returns the proposal's id.
pub(crate) async fn submit(
    app: &App,
    user: &User,
    title: &Title,
    edit: &Edit,
    source_topic: Option<i64>,
) -> AppResult<i64> {
    let max_pending = app.config.max_pending_proposals;
    let article = find(app.db.read(), title).await?.map(|f| f.article);
    let pending = proposals::Entity::find()
        .filter(proposals::Column::AuthorId.eq(user.id))
        .filter(proposals::Column::Status.eq(PENDING))
        .count(app.db.read())
        .await?;
    if pending >= u64::from(max_pending) {
        let mut e = FormErrors::new();
        e.add_with("body", "err-too-many-proposals", vec![("max", max_pending.to_string())]);
        return Err(AppError::Invalid(e));
    }
    let (title_text, key) = match &article {
        Some(a) => (a.title.clone(), a.title_key.clone()),
        None => (title.as_str().to_owned(), title.key().to_owned()),
    };
    let txn = app.db.write().begin().await?;
    let p = proposals::ActiveModel {
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
    .insert(&txn)
    .await?;
    events::record(&txn, &Event::ProposalSubmitted { proposal: p.id, by: user.id }).await?;
    txn.commit().await.context("commit proposal")?;
    app.events.settle(app).await;
    Ok(p.id)
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
    user.is_some_and(|u| policy.allows(&u.actor(), Action::ReviewProposals))
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

/// Command: the author withdraws their pending proposal.
pub async fn withdraw(app: &App, user: &User, id: i64) -> AppResult<()> {
    let p = get(app.db.read(), id).await?;
    if p.author_id != user.id {
        return Err(AppError::NotFound);
    }
    let txn = app.db.write().begin().await?;
    decide(&txn, id, WITHDRAWN, None, "").await?;
    events::record(
        &txn,
        &Event::ProposalDecided { proposal: id, author: p.author_id, by: Some(user.id), status: WITHDRAWN.into() },
    )
    .await?;
    txn.commit().await.context("commit withdrawal")?;
    app.events.settle(app).await;
    Ok(())
}

/// Moves a pending proposal to its final state, once (inside `txn`).
async fn decide(
    txn: &DatabaseTransaction,
    id: i64,
    status: &str,
    reviewer: Option<i64>,
    reason: &str,
) -> AppResult<()> {
    let changed = proposals::Entity::update_many()
        .col_expr(proposals::Column::Status, Expr::value(status))
        .col_expr(proposals::Column::ReviewerId, Expr::value(reviewer))
        .col_expr(proposals::Column::ReviewReason, Expr::value(reason))
        .col_expr(proposals::Column::DecidedAt, Expr::value(Some(crate::util::now())))
        .filter(proposals::Column::Id.eq(id))
        .filter(proposals::Column::Status.eq(PENDING))
        .exec(txn)
        .await?
        .rows_affected;
    if changed == 0 {
        return Err(AppError::conflict("err-proposal-decided"));
    }
    Ok(())
}

/// Command: approve. The proposal (rebased, or as the reviewer edited it)
/// becomes a revision credited to its author; the decision, the revision
/// and the link back to the source topic are one transaction, so a failure
/// anywhere leaves the proposal pending and the guide unchanged.
pub async fn approve(app: &App, reviewer: &User, id: i64, edited: Option<String>) -> AppResult<()> {
    app.policy.require(&reviewer.actor(), Action::ReviewProposals)?;
    let p = get(app.db.read(), id).await?;
    if p.status != PENDING {
        return Err(AppError::conflict("err-proposal-decided"));
    }
    let title = Title::parse(&p.title).map_err(|_| AppError::NotFound)?;
    let edited = edited.filter(|t| !t.trim().is_empty());
    if let Some(t) = &edited {
        check_edit(&Edit { body: t.clone(), ..Edit::default() }, app.config.max_article_chars)?;
    }
    let note = Note { code: "approved", args: [("by", reviewer.username.clone())].into_iter().collect() };
    for _ in 0..8 {
        let txn = app.db.write().begin().await?;
        decide(&txn, id, APPROVED, Some(reviewer.id), "").await?;
        let rebased = rebase(&txn, &p).await?;
        let text = match &edited {
            Some(t) => t.clone(),
            None => rebased.text.ok_or_else(|| AppError::conflict("err-proposal-conflict"))?,
        };
        let edit = Edit {
            body: text,
            summary: p.summary.clone(),
            minor: false,
            base: rebased.current_id,
            aliases: None,
            sections: None,
        };
        let mut list = Vec::new();
        let found = super::find(&txn, &title).await?;
        let saved = match save_in(&txn, found, p.author_id, &title, &edit, &note, &mut list).await? {
            None => {
                txn.rollback().await?;
                continue;
            }
            Some(Saved::Conflict { .. }) => return Err(AppError::conflict("err-proposal-conflict")),
            Some(saved) => saved,
        };
        if let Saved::Revision { id: rev, .. } = saved {
            proposals::Entity::update_many()
                .col_expr(proposals::Column::RevisionId, Expr::value(Some(rev)))
                .filter(proposals::Column::Id.eq(id))
                .exec(&txn)
                .await?;
            if let (Some(topic), Some(Event::GuideSaved { article, .. })) = (p.source_topic_id, list.first()) {
                crate::forum::commands::link_guide(&txn, topic, *article).await?;
            }
        }
        list.push(Event::ProposalDecided {
            proposal: id,
            author: p.author_id,
            by: Some(reviewer.id),
            status: APPROVED.into(),
        });
        events::record_all(&txn, &list).await?;
        txn.commit().await.context("commit approval")?;
        app.events.settle(app).await;
        return Ok(());
    }
    Err(AppError::conflict("err-wiki-busy"))
}

/// Command: reject with a reason the author sees.
pub async fn reject(app: &App, reviewer: &User, id: i64, reason: &str) -> AppResult<()> {
    app.policy.require(&reviewer.actor(), Action::ReviewProposals)?;
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, true);
    errors.into_result()?;
    let p = get(app.db.read(), id).await?;
    let txn = app.db.write().begin().await?;
    decide(&txn, id, REJECTED, Some(reviewer.id), &reason).await?;
    events::record(
        &txn,
        &Event::ProposalDecided { proposal: id, author: p.author_id, by: Some(reviewer.id), status: REJECTED.into() },
    )
    .await?;
    txn.commit().await.context("commit rejection")?;
    app.events.settle(app).await;
    Ok(())
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

/// How many proposals wait for review.
pub async fn pending_count(db: &Db) -> AppResult<u64> {
    Ok(proposals::Entity::find().filter(proposals::Column::Status.eq(PENDING)).count(db.read()).await?)
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
