//! Post tools: hide, unhide, delete, restore; approving held posts.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, TransactionTrait};

use super::{require_in, sync_topic_hidden};
use crate::accounts::User;
use crate::app::App;
use crate::audit;
use crate::entities::{posts, topics};
use crate::error::{AppError, AppResult, FormErrors};
use crate::events::{self, Event};
use crate::forum::counters;
use crate::input;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostTool {
    Hide,
    Unhide,
    Delete,
    Restore,
}

impl PostTool {
    pub fn parse(s: &str) -> Option<PostTool> {
        Some(match s {
            "hide" => PostTool::Hide,
            "unhide" => PostTool::Unhide,
            "delete" => PostTool::Delete,
            "restore" => PostTool::Restore,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            PostTool::Hide => "post.hide",
            PostTool::Unhide => "post.unhide",
            PostTool::Delete => "post.delete",
            PostTool::Restore => "post.restore",
        }
    }
}

/// Command: hide, unhide, delete or restore a post; the reason is shown in
/// its place. Deleting or restoring the opening post deletes or restores
/// the topic.
pub async fn post_tool(app: &App, actor: &User, post_id: i64, tool: PostTool, reason: &str) -> AppResult<()> {
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, matches!(tool, PostTool::Hide | PostTool::Delete));
    errors.into_result()?;
    let txn = app.db.write().begin().await?;
    let changed = apply(&txn, app, actor, post_id, tool, &reason, "").await?;
    if !changed {
        txn.rollback().await?;
        return Ok(());
    }
    txn.commit().await.context("commit post tool")?;
    app.events.settle(app).await;
    Ok(())
}

/// The tool inside the caller's transaction: permission, change, counters,
/// log, event. `code` is a reason the system gives (`not-approved`). False
/// when the post already was that way.
async fn apply(
    txn: &DatabaseTransaction,
    app: &App,
    actor: &User,
    post_id: i64,
    tool: PostTool,
    reason: &str,
    code: &str,
) -> AppResult<bool> {
    let p = posts::Entity::find_by_id(post_id).one(txn).await?.ok_or(AppError::NotFound)?;
    let t = topics::Entity::find_by_id(p.topic_id).one(txn).await?.ok_or(AppError::NotFound)?;
    require_in(txn, app, actor, t.category_id).await?;
    let already = match tool {
        PostTool::Hide => p.hidden,
        PostTool::Unhide => !p.hidden,
        PostTool::Delete => p.deleted,
        PostTool::Restore => !p.deleted,
    };
    if already {
        return Ok(false);
    }
    let update = posts::Entity::update_many().filter(posts::Column::Id.eq(post_id));
    let event = match tool {
        PostTool::Hide | PostTool::Unhide => {
            let hide = tool == PostTool::Hide;
            update
                .col_expr(posts::Column::Hidden, Expr::value(hide))
                .col_expr(posts::Column::ModReason, Expr::value(if hide { reason } else { "" }))
                .col_expr(posts::Column::ModReasonCode, Expr::value(if hide { "moderator" } else { "" }))
                .exec(txn)
                .await?;
            sync_topic_hidden(txn, t.id, p.post_number, hide).await?;
            if hide {
                Event::PostHidden { topic: t.id, post: p.id, author: p.user_id, by: Some(actor.id) }
            } else {
                Event::PostUnhidden { topic: t.id, post: p.id, author: p.user_id, by: actor.id }
            }
        }
        PostTool::Delete | PostTool::Restore => {
            let deleting = tool == PostTool::Delete;
            update
                .col_expr(posts::Column::Deleted, Expr::value(deleting))
                .col_expr(posts::Column::DeletedBy, Expr::value(deleting.then_some(actor.id)))
                .col_expr(posts::Column::ModReason, Expr::value(if deleting { reason } else { "" }))
                .col_expr(posts::Column::ModReasonCode, Expr::value(if deleting { code } else { "" }))
                .exec(txn)
                .await?;
            if p.post_number == 1 {
                topics::Entity::update_many()
                    .col_expr(topics::Column::Deleted, Expr::value(deleting))
                    .filter(topics::Column::Id.eq(t.id))
                    .exec(txn)
                    .await?;
            }
            counters::refresh(txn, &[t.id], &[]).await?;
            if deleting {
                Event::PostDeleted { topic: t.id, post: p.id, author: p.user_id, by: actor.id }
            } else {
                Event::PostRestored { topic: t.id, post: p.id, author: p.user_id, by: actor.id }
            }
        }
    };
    audit::log(
        txn,
        audit::Entry {
            actor: Some(actor.id),
            action: tool.name(),
            target_user: Some(p.user_id),
            topic: Some(t.id),
            post: Some(p.id),
            reason,
            ..Default::default()
        },
    )
    .await?;
    events::record(txn, &event).await?;
    Ok(true)
}

/// Command: approve a held post (it appears) or reject it (it is deleted,
/// with the reason), in one transaction.
pub async fn decide_held(app: &App, actor: &User, post_id: i64, approve: bool, reason: &str) -> AppResult<()> {
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, false);
    errors.into_result()?;
    let txn = app.db.write().begin().await?;
    let p = posts::Entity::find_by_id(post_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if !p.held {
        return Err(AppError::conflict("err-not-held"));
    }
    let t = topics::Entity::find_by_id(p.topic_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    require_in(&txn, app, actor, t.category_id).await?;
    posts::Entity::update_many()
        .col_expr(posts::Column::Held, Expr::value(false))
        .filter(posts::Column::Id.eq(post_id))
        .exec(&txn)
        .await?;
    if approve {
        posts::Entity::update_many()
            .col_expr(posts::Column::Hidden, Expr::value(false))
            .col_expr(posts::Column::ModReason, Expr::value(""))
            .col_expr(posts::Column::ModReasonCode, Expr::value(""))
            .filter(posts::Column::Id.eq(post_id))
            .exec(&txn)
            .await?;
        sync_topic_hidden(&txn, t.id, p.post_number, false).await?;
        audit::log(
            &txn,
            audit::Entry {
                actor: Some(actor.id),
                action: "post.approve",
                target_user: Some(p.user_id),
                topic: Some(t.id),
                post: Some(p.id),
                reason: &reason,
                ..Default::default()
            },
        )
        .await?;
        events::record(&txn, &Event::PostApproved { topic: t.id, post: p.id, author: p.user_id, by: actor.id }).await?;
    } else {
        apply(&txn, app, actor, post_id, PostTool::Delete, &reason, "not-approved").await?;
    }
    txn.commit().await.context("commit held post decision")?;
    app.events.settle(app).await;
    Ok(())
}
