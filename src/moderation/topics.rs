//! Topic tools: close, reopen, pin, unpin, move; merge and split.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use super::require_in;
use crate::accounts::User;
use crate::app::App;
use crate::audit;
use crate::entities::{categories, posts, topics};
use crate::error::{AppError, AppResult, FormErrors};
use crate::events::{self, Event};
use crate::forum::counters;
use crate::input;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicTool {
    Close,
    Reopen,
    Pin,
    PinGlobally,
    Unpin,
    /// To the category with this slug.
    Move(String),
}

impl TopicTool {
    pub fn parse(action: &str, category: &str) -> Option<TopicTool> {
        Some(match action {
            "close" => TopicTool::Close,
            "reopen" => TopicTool::Reopen,
            "pin" => TopicTool::Pin,
            "pin-global" => TopicTool::PinGlobally,
            "unpin" => TopicTool::Unpin,
            "move" => TopicTool::Move(category.trim().to_owned()),
            _ => return None,
        })
    }

    fn name(&self) -> &'static str {
        match self {
            TopicTool::Close => "topic.close",
            TopicTool::Reopen => "topic.reopen",
            TopicTool::Pin => "topic.pin",
            TopicTool::PinGlobally => "topic.pin-global",
            TopicTool::Unpin => "topic.unpin",
            TopicTool::Move(_) => "topic.move",
        }
    }
}

fn checked_reason(reason: &str, required: bool) -> AppResult<String> {
    let mut errors = FormErrors::new();
    let r = input::reason(&mut errors, "reason", reason, required);
    errors.into_result()?;
    Ok(r)
}

/// Command: one topic tool. A move needs the moderator to look after both
/// the category the topic leaves and the one it goes to.
pub async fn topic_tool(app: &App, actor: &User, topic_id: i64, tool: TopicTool, reason: &str) -> AppResult<()> {
    let reason = checked_reason(reason, false)?;
    let txn = app.db.write().begin().await?;
    let t = topics::Entity::find_by_id(topic_id)
        .filter(topics::Column::Deleted.eq(false))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    require_in(&txn, app, actor, t.category_id).await?;
    let mut am: topics::ActiveModel = t.clone().into();
    let mut details = audit::Details::new();
    let mut list = Vec::new();
    match &tool {
        TopicTool::Close => am.closed = Set(true),
        TopicTool::Reopen => am.closed = Set(false),
        TopicTool::Pin => am.pinned = Set(true),
        TopicTool::PinGlobally => {
            am.pinned = Set(true);
            am.pinned_globally = Set(true);
        }
        TopicTool::Unpin => {
            am.pinned = Set(false);
            am.pinned_globally = Set(false);
        }
        TopicTool::Move(slug) => {
            let to = categories::Entity::find()
                .filter(categories::Column::Slug.eq(slug.as_str()))
                .one(&txn)
                .await?
                .ok_or_else(|| AppError::invalid("category", "err-category-unknown"))?;
            require_in(&txn, app, actor, to.id).await?;
            let from = categories::Entity::find_by_id(t.category_id).one(&txn).await?;
            details = audit::details([("from", from.map(|c| c.slug).unwrap_or_default()), ("to", to.slug.clone())]);
            am.category_id = Set(to.id);
            list.push(Event::TopicMoved { topic: t.id, from: t.category_id, to: to.id, by: actor.id });
        }
    }
    am.update(&txn).await?;
    if let TopicTool::Move(_) = &tool {
        counters::refresh(&txn, &[t.id], &[t.category_id]).await?;
    } else {
        list.push(Event::TopicChanged { topic: t.id, by: actor.id, change: tool.name().to_owned() });
    }
    audit::log(
        &txn,
        audit::Entry {
            actor: Some(actor.id),
            action: tool.name(),
            target_user: Some(t.user_id),
            topic: Some(t.id),
            reason: &reason,
            details,
            ..Default::default()
        },
    )
    .await?;
    events::record_all(&txn, &list).await?;
    txn.commit().await.context("commit topic tool")?;
    app.events.settle(app).await;
    Ok(())
}

/// Command: merge topic `from` into `into`: its posts follow `into`'s, in
/// their order; `from` is deleted and its address redirects to `into`.
pub async fn merge(app: &App, actor: &User, from: i64, into: i64, reason: &str) -> AppResult<()> {
    let reason = checked_reason(reason, false)?;
    if from == into {
        return Err(AppError::invalid("into", "err-merge-self"));
    }
    let txn = app.db.write().begin().await?;
    let live = |id| topics::Entity::find_by_id(id).filter(topics::Column::Deleted.eq(false));
    let a = live(from).one(&txn).await?.ok_or(AppError::NotFound)?;
    let b = live(into).one(&txn).await?.ok_or_else(|| AppError::invalid("into", "err-merge-target"))?;
    require_in(&txn, app, actor, a.category_id).await?;
    require_in(&txn, app, actor, b.category_id).await?;
    let moving: Vec<i64> = posts::Entity::find()
        .select_only()
        .column(posts::Column::Id)
        .filter(posts::Column::TopicId.eq(a.id))
        .order_by_asc(posts::Column::PostNumber)
        .into_tuple::<i64>()
        .all(&txn)
        .await?;
    let mut number = b.highest_post_number;
    for id in &moving {
        number += 1;
        posts::Entity::update_many()
            .col_expr(posts::Column::TopicId, Expr::value(b.id))
            .col_expr(posts::Column::PostNumber, Expr::value(number))
            .filter(posts::Column::Id.eq(*id))
            .exec(&txn)
            .await?;
    }
    topics::Entity::update_many()
        .col_expr(topics::Column::Deleted, Expr::value(true))
        .col_expr(topics::Column::MergedIntoId, Expr::value(Some(b.id)))
        .col_expr(topics::Column::SolvedPostId, Expr::value(Option::<i64>::None))
        .filter(topics::Column::Id.eq(a.id))
        .exec(&txn)
        .await?;
    counters::refresh(&txn, &[a.id, b.id], &[]).await?;
    audit::log(
        &txn,
        audit::Entry {
            actor: Some(actor.id),
            action: "topic.merge",
            target_user: Some(a.user_id),
            topic: Some(b.id),
            reason: &reason,
            details: audit::details([("from", a.id.to_string()), ("into", b.id.to_string())]),
            ..Default::default()
        },
    )
    .await?;
    events::record(&txn, &Event::TopicsMerged { from: a.id, into: b.id, by: actor.id }).await?;
    txn.commit().await.context("commit merge")?;
    app.events.settle(app).await;
    Ok(())
}

/// Command: move the replies numbered `numbers` of a topic into a new topic
/// titled `title` in category `category`. Returns the new topic's id.
pub async fn split(
    app: &App,
    actor: &User,
    topic_id: i64,
    numbers: &[i32],
    title: &str,
    category: &str,
) -> AppResult<i64> {
    let title = title.trim();
    let mut errors = FormErrors::new();
    if !(input::TITLE_MIN..=input::TITLE_MAX).contains(&title.chars().count()) {
        errors.add_with(
            "title",
            "err-title-length",
            vec![("min", input::TITLE_MIN.to_string()), ("max", input::TITLE_MAX.to_string())],
        );
    }
    if numbers.is_empty() || numbers.contains(&1) {
        errors.add("posts", "err-split-posts");
    }
    errors.into_result()?;
    let txn = app.db.write().begin().await?;
    let a = topics::Entity::find_by_id(topic_id)
        .filter(topics::Column::Deleted.eq(false))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    require_in(&txn, app, actor, a.category_id).await?;
    let cat = categories::Entity::find()
        .filter(categories::Column::Slug.eq(category.trim()))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::invalid("category", "err-category-unknown"))?;
    require_in(&txn, app, actor, cat.id).await?;
    let moving = posts::Entity::find()
        .filter(posts::Column::TopicId.eq(a.id))
        .filter(posts::Column::PostNumber.is_in(numbers.to_vec()))
        .order_by_asc(posts::Column::PostNumber)
        .all(&txn)
        .await?;
    let Some(first) = moving.first().cloned() else {
        return Err(AppError::invalid("posts", "err-split-posts"));
    };
    let new_topic = topics::ActiveModel {
        category_id: Set(cat.id),
        user_id: Set(first.user_id),
        title: Set(title.to_owned()),
        created_at: Set(first.created_at),
        last_posted_at: Set(first.created_at),
        last_post_user_id: Set(first.user_id),
        post_count: Set(0),
        highest_post_number: Set(0),
        reply_count: Set(0),
        like_count: Set(0),
        pinned: Set(false),
        pinned_globally: Set(false),
        closed: Set(false),
        deleted: Set(false),
        hidden: Set(first.hidden),
        solved_post_id: Set(None),
        guide_article_id: Set(None),
        search_key: Set(input::search_key(title)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (i, p) in moving.iter().enumerate() {
        posts::Entity::update_many()
            .col_expr(posts::Column::TopicId, Expr::value(new_topic.id))
            .col_expr(posts::Column::PostNumber, Expr::value(i32::try_from(i).unwrap_or(i32::MAX - 1) + 1))
            .filter(posts::Column::Id.eq(p.id))
            .exec(&txn)
            .await?;
    }
    counters::refresh(&txn, &[a.id, new_topic.id], &[]).await?;
    let moved: Vec<String> = moving.iter().map(|p| p.post_number.to_string()).collect();
    audit::log(
        &txn,
        audit::Entry {
            actor: Some(actor.id),
            action: "topic.split",
            target_user: Some(first.user_id),
            topic: Some(new_topic.id),
            details: audit::details([
                ("from", a.id.to_string()),
                ("into", new_topic.id.to_string()),
                ("posts", moved.join(", ")),
            ]),
            ..Default::default()
        },
    )
    .await?;
    events::record(&txn, &Event::TopicSplit { from: a.id, into: new_topic.id, by: actor.id }).await?;
    txn.commit().await.context("commit split")?;
    app.events.settle(app).await;
    Ok(new_topic.id)
}
