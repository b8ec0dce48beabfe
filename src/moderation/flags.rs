//! Flags: members report a post; enough weight hides it until a moderator
//! agrees (it stays hidden) or disagrees (it is shown again).

use anyhow::Context;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set, TransactionTrait};

use super::{require_in, sync_topic_hidden};
use crate::accounts::{SanctionKind, User};
use crate::app::App;
use crate::audit;
use crate::entities::{flags, posts, topics, users};
use crate::error::{AppError, AppResult, FormErrors, is_unique_violation};
use crate::events::{self, Event};
use crate::forum::visibility;
use crate::input;
use crate::policy::{Action, Role};

pub const FLAG_REASONS: &[&str] = &["spam", "scam", "off-topic", "abusive", "other"];

/// How much a member's flag counts: more for verified, trusted members.
fn flag_weight(app: &App, user: &User) -> i32 {
    let mut w = 1;
    if app.policy.allows(&user.actor(), Action::ReviewProposals) {
        w += 1;
    }
    if user.role() != Role::Member {
        w += 1;
    }
    w
}

/// Command: flag a post; once the weight of pending flags reaches the
/// threshold the post is hidden until a moderator reviews it.
pub async fn flag(app: &App, actor: &User, post_id: i64, reason: &str, text: &str) -> AppResult<()> {
    app.policy.require(&actor.actor(), Action::Post)?;
    let mut errors = FormErrors::new();
    if !FLAG_REASONS.contains(&reason) {
        errors.add("reason", "err-flag-reason");
    }
    let text = text.trim();
    if reason == "other" && text.is_empty() {
        errors.add("text", "err-flag-text");
    }
    input::at_most(&mut errors, "text", text, input::FLAG_TEXT_MAX);
    errors.into_result()?;
    let (p, _) = visibility::post(app.db.read(), &app.policy, Some(actor), post_id).await?;
    if p.user_id == actor.id || p.deleted {
        return Err(AppError::bad_request("err-flag-own"));
    }
    let txn = app.db.write().begin().await?;
    let inserted = flags::ActiveModel {
        post_id: Set(post_id),
        user_id: Set(actor.id),
        reason: Set(reason.to_owned()),
        text: Set(text.to_owned()),
        weight: Set(flag_weight(app, actor)),
        status: Set("pending".into()),
        resolved_by: Set(None),
        created_at: Set(crate::util::now()),
        resolved_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => return Err(AppError::invalid("reason", "err-flag-twice")),
        Err(e) => return Err(e.into()),
    }
    let weight: Option<i64> = flags::Entity::find()
        .select_only()
        .column_as(Expr::col(flags::Column::Weight).sum().cast_as("bigint"), "w")
        .filter(flags::Column::PostId.eq(post_id))
        .filter(flags::Column::Status.eq("pending"))
        .into_tuple::<Option<i64>>()
        .one(&txn)
        .await?
        .flatten();
    let mut list = vec![Event::FlagRaised { post: post_id, by: actor.id }];
    if !p.hidden && weight.unwrap_or(0) >= i64::from(app.config.flag_hide_weight) {
        posts::Entity::update_many()
            .col_expr(posts::Column::Hidden, Expr::value(true))
            .col_expr(posts::Column::ModReason, Expr::value(""))
            .col_expr(posts::Column::ModReasonCode, Expr::value("flags"))
            .filter(posts::Column::Id.eq(post_id))
            .exec(&txn)
            .await?;
        sync_topic_hidden(&txn, p.topic_id, p.post_number, true).await?;
        audit::log(
            &txn,
            audit::Entry {
                action: "post.hide-by-flags",
                target_user: Some(p.user_id),
                topic: Some(p.topic_id),
                post: Some(p.id),
                ..Default::default()
            },
        )
        .await?;
        list.push(Event::PostHidden { topic: p.topic_id, post: p.id, author: p.user_id, by: None });
    }
    events::record_all(&txn, &list).await?;
    txn.commit().await.context("commit flag")?;
    app.events.settle(app).await;
    Ok(())
}

/// Command: a moderator's decision on a flagged post: agree (it stays or
/// becomes hidden) or disagree (the flags are cleared and it shows again).
/// Agreeing may also silence the author for `silence_days`, in the same
/// transaction.
pub async fn resolve(
    app: &App,
    actor: &User,
    post_id: i64,
    agree: bool,
    reason: &str,
    silence_days: Option<i64>,
) -> AppResult<()> {
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, false);
    errors.into_result()?;
    let txn = app.db.write().begin().await?;
    let p = posts::Entity::find_by_id(post_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let topic = topics::Entity::find_by_id(p.topic_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    require_in(&txn, app, actor, topic.category_id).await?;
    sync_topic_hidden(&txn, p.topic_id, p.post_number, agree).await?;
    let now = crate::util::now();
    flags::Entity::update_many()
        .col_expr(flags::Column::Status, Expr::value(if agree { "agreed" } else { "disagreed" }))
        .col_expr(flags::Column::ResolvedBy, Expr::value(Some(actor.id)))
        .col_expr(flags::Column::ResolvedAt, Expr::value(Some(now)))
        .filter(flags::Column::PostId.eq(post_id))
        .filter(flags::Column::Status.eq("pending"))
        .exec(&txn)
        .await?;
    posts::Entity::update_many()
        .col_expr(posts::Column::Hidden, Expr::value(agree))
        .col_expr(posts::Column::ModReason, Expr::value(if agree { reason.as_str() } else { "" }))
        .col_expr(posts::Column::ModReasonCode, Expr::value(if agree { "moderator" } else { "" }))
        .filter(posts::Column::Id.eq(post_id))
        .exec(&txn)
        .await?;
    audit::log(
        &txn,
        audit::Entry {
            actor: Some(actor.id),
            action: if agree { "flags.agree" } else { "flags.disagree" },
            target_user: Some(p.user_id),
            topic: Some(p.topic_id),
            post: Some(p.id),
            reason: &reason,
            ..Default::default()
        },
    )
    .await?;
    let mut list = vec![Event::FlagsResolved { post: p.id, by: actor.id, agreed: agree }];
    if agree && let Some(days) = silence_days {
        let author = users::Entity::find_by_id(p.user_id).one(&txn).await?.ok_or(AppError::NotFound)?;
        let why = if reason.is_empty() { "—" } else { reason.as_str() };
        list.push(super::sanctions::apply(&txn, app, actor, &author, SanctionKind::Silence, Some(days), why).await?);
    }
    events::record_all(&txn, &list).await?;
    txn.commit().await.context("commit flag decision")?;
    app.events.settle(app).await;
    Ok(())
}
