//! What waits for a moderator: flagged posts, posts held for approval and
//! sign-ups to approve, each limited to the categories the moderator looks
//! after.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait,
    TransactionTrait,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::accounts::{User, names};
use crate::app::App;
use crate::audit;
use crate::db::Db;
use crate::entities::{flags, posts, topics, users};
use crate::error::{AppError, AppResult, FormErrors};
use crate::events::{self, Event};
use crate::input;
use crate::policy::Action;

/// A post in the queue, with its rendered text.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct QueueItem {
    pub post_id: i64,
    pub topic_id: i64,
    pub post_number: i32,
    pub html: String,
    pub hidden: bool,
    pub title: String,
    pub author: String,
}

fn items() -> sea_orm::Select<posts::Entity> {
    posts::Entity::find()
        .select_only()
        .column_as(posts::Column::Id, "post_id")
        .column_as(posts::Column::TopicId, "topic_id")
        .columns([posts::Column::PostNumber, posts::Column::Html, posts::Column::Hidden])
        .column_as(topics::Column::Title, "title")
        .column_as(users::Column::Username, "author")
        .join(JoinType::InnerJoin, posts::Relation::Topic.def())
        .join(JoinType::InnerJoin, posts::Relation::Author.def())
}

/// Posts with pending flags in the moderator's categories, by post,
/// `limit` after `after`, each with its flags.
pub async fn flagged(
    db: &Db,
    scope: Option<&[i64]>,
    after: Option<i64>,
    limit: u64,
) -> AppResult<Vec<(QueueItem, Vec<flags::Model>)>> {
    let mut ids_q = flags::Entity::find()
        .select_only()
        .column(flags::Column::PostId)
        .join(JoinType::InnerJoin, flags::Relation::Post.def())
        .join(JoinType::InnerJoin, posts::Relation::Topic.def())
        .filter(flags::Column::Status.eq("pending"))
        .group_by(flags::Column::PostId)
        .order_by_asc(flags::Column::PostId)
        .limit(limit);
    if let Some(a) = after {
        ids_q = ids_q.filter(flags::Column::PostId.gt(a));
    }
    if let Some(cats) = scope {
        ids_q = ids_q.filter(topics::Column::CategoryId.is_in(cats.to_vec()));
    }
    let ids: Vec<i64> = ids_q.into_tuple::<i64>().all(db.read()).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let found = items()
        .filter(posts::Column::Id.is_in(ids.clone()))
        .order_by_asc(posts::Column::Id)
        .into_model::<QueueItem>()
        .all(db.read())
        .await?;
    let all_flags = flags::Entity::find()
        .filter(flags::Column::PostId.is_in(ids))
        .filter(flags::Column::Status.eq("pending"))
        .order_by_asc(flags::Column::Id)
        .all(db.read())
        .await?;
    Ok(found
        .into_iter()
        .map(|it| {
            let f = all_flags.iter().filter(|f| f.post_id == it.post_id).cloned().collect();
            (it, f)
        })
        .collect())
}

/// Posts waiting for approval in the moderator's categories, oldest first.
pub async fn held_posts(db: &Db, scope: Option<&[i64]>, limit: u64) -> AppResult<Vec<QueueItem>> {
    let mut q = items().filter(posts::Column::Held.eq(true));
    if let Some(cats) = scope {
        q = q.filter(topics::Column::CategoryId.is_in(cats.to_vec()));
    }
    Ok(q.order_by_asc(posts::Column::Id).limit(limit).into_model::<QueueItem>().all(db.read()).await?)
}

/// How many things wait for this moderator: flagged posts, held posts
/// (in their categories) and sign-ups to approve.
pub async fn waiting(db: &Db, scope: Option<&[i64]>) -> AppResult<u64> {
    use sea_orm::PaginatorTrait;
    let mut flagged = flags::Entity::find()
        .select_only()
        .column(flags::Column::PostId)
        .distinct()
        .join(JoinType::InnerJoin, flags::Relation::Post.def())
        .join(JoinType::InnerJoin, posts::Relation::Topic.def())
        .filter(flags::Column::Status.eq("pending"));
    let mut held = posts::Entity::find()
        .join(JoinType::InnerJoin, posts::Relation::Topic.def())
        .filter(posts::Column::Held.eq(true));
    if let Some(cats) = scope {
        flagged = flagged.filter(topics::Column::CategoryId.is_in(cats.to_vec()));
        held = held.filter(topics::Column::CategoryId.is_in(cats.to_vec()));
    }
    let flagged = flagged.into_tuple::<i64>().all(db.read()).await?.len() as u64;
    let held = held.count(db.read()).await?;
    let signups = users::Entity::find()
        .filter(users::Column::Approved.eq(false))
        .filter(users::Column::Banned.eq(false))
        .count(db.read())
        .await?;
    Ok(flagged + held + signups)
}

/// Sign-ups waiting for approval: (username, joined).
pub async fn pending_registrations(db: &Db, limit: u64) -> AppResult<Vec<(String, OffsetDateTime)>> {
    Ok(users::Entity::find()
        .select_only()
        .columns([users::Column::Username, users::Column::CreatedAt])
        .filter(users::Column::Approved.eq(false))
        .filter(users::Column::Banned.eq(false))
        .order_by_asc(users::Column::Id)
        .limit(limit)
        .into_tuple::<(String, OffsetDateTime)>()
        .all(db.read())
        .await?)
}

/// Command: approve a sign-up, or refuse it (the account is banned with
/// the reason), in one statement and its log row.
pub async fn decide_registration(
    app: &App,
    actor: &User,
    username: &str,
    approve: bool,
    reason: &str,
) -> AppResult<()> {
    app.policy.require(&actor.actor(), Action::Moderate)?;
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, false);
    errors.into_result()?;
    let txn = app.db.write().begin().await?;
    let u = users::Entity::find()
        .filter(users::Column::UsernameKey.eq(names::username_key(username)))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut update = users::Entity::update_many()
        .col_expr(users::Column::Approved, Expr::value(true))
        .filter(users::Column::Id.eq(u.id));
    if !approve {
        update = update
            .col_expr(users::Column::Banned, Expr::value(true))
            .col_expr(users::Column::SanctionReason, Expr::value(reason.as_str()));
    }
    update.exec(&txn).await?;
    audit::log(
        &txn,
        audit::Entry {
            actor: Some(actor.id),
            action: if approve { "user.approve" } else { "user.reject" },
            target_user: Some(u.id),
            reason: &reason,
            ..Default::default()
        },
    )
    .await?;
    events::record(&txn, &Event::RegistrationDecided { user: u.id, by: actor.id, approved: approve }).await?;
    txn.commit().await.context("commit registration decision")?;
    app.events.settle(app).await;
    Ok(())
}
