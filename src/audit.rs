//! The record of what staff and the system did to members and content:
//! the staff log (moderation, roles, standing) and the standing audit
//! (every change of certificate level, BL or role, shown on profiles).
//!
//! Both are written inside the transaction of the action they record, and
//! both store data, not sentences: an action key and named values, put
//! into words in the reader's language when shown. `accounts` and
//! `moderation` both write here; this module depends on neither.

use std::collections::BTreeMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Set,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::db::Db;
use crate::entities::{mod_log, standing_changes, users};
use crate::error::AppResult;

/// Named values of one log entry (`to`: a category, `until`: a time, …).
pub type Details = BTreeMap<&'static str, String>;

/// One staff-log entry, written with [`log`].
#[derive(Debug, Clone, Default)]
pub struct Entry<'a> {
    /// `None`: the command line or the system.
    pub actor: Option<i64>,
    /// A stable key such as `topic.move` or `user.silence`.
    pub action: &'static str,
    pub target_user: Option<i64>,
    pub topic: Option<i64>,
    pub post: Option<i64>,
    pub reason: &'a str,
    pub details: Details,
}

/// Writes one staff-log row inside the caller's transaction.
pub async fn log(db: &impl ConnectionTrait, e: Entry<'_>) -> AppResult<()> {
    let details =
        if e.details.is_empty() { String::new() } else { serde_json::to_string(&e.details).unwrap_or_default() };
    mod_log::ActiveModel {
        actor_id: Set(e.actor),
        action: Set(e.action.to_owned()),
        target_user_id: Set(e.target_user),
        topic_id: Set(e.topic),
        post_id: Set(e.post),
        reason: Set(e.reason.trim().to_owned()),
        details: Set(details),
        created_at: Set(crate::util::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Builds [`Details`] from pairs.
pub fn details<const N: usize>(pairs: [(&'static str, String); N]) -> Details {
    pairs.into_iter().collect()
}

/// One staff-log row with the name of who acted.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct LogRow {
    pub id: i64,
    pub action: String,
    pub reason: String,
    pub details: String,
    pub topic_id: Option<i64>,
    pub post_id: Option<i64>,
    pub target_user_id: Option<i64>,
    pub created_at: OffsetDateTime,
    pub actor: Option<String>,
}

impl LogRow {
    /// The stored values; rows written before values were stored as data
    /// come back as `{"text": …}`.
    pub fn values(&self) -> BTreeMap<String, String> {
        if self.details.is_empty() {
            return BTreeMap::new();
        }
        serde_json::from_str(&self.details)
            .unwrap_or_else(|_| BTreeMap::from([("text".to_owned(), self.details.clone())]))
    }
}

#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    pub actor: Option<i64>,
    pub member: Option<i64>,
    pub action: Option<String>,
    pub before: Option<i64>,
}

/// The staff log, newest first, filtered (one query, driven by the index
/// for the filter given).
pub async fn staff_log(db: &Db, f: &LogFilter, limit: u64) -> AppResult<Vec<LogRow>> {
    let mut q = mod_log::Entity::find()
        .select_only()
        .columns([
            mod_log::Column::Id,
            mod_log::Column::Action,
            mod_log::Column::Reason,
            mod_log::Column::Details,
            mod_log::Column::TopicId,
            mod_log::Column::PostId,
            mod_log::Column::TargetUserId,
            mod_log::Column::CreatedAt,
        ])
        .column_as(users::Column::Username, "actor")
        .join(JoinType::LeftJoin, mod_log::Relation::Actor.def());
    if let Some(a) = f.actor {
        q = q.filter(mod_log::Column::ActorId.eq(a));
    }
    if let Some(m) = f.member {
        q = q.filter(mod_log::Column::TargetUserId.eq(m));
    }
    if let Some(a) = &f.action {
        q = q.filter(mod_log::Column::Action.starts_with(a.as_str()));
    }
    if let Some(b) = f.before {
        q = q.filter(mod_log::Column::Id.lt(b));
    }
    Ok(q.order_by_desc(mod_log::Column::Id).limit(limit).into_model::<LogRow>().all(db.read()).await?)
}

/// One standing-audit row, written with [`standing`].
#[derive(Debug, Clone)]
pub struct StandingEntry<'a> {
    pub user: i64,
    pub actor: Option<i64>,
    /// `certificate`, `bl`, `bl-source` or `role`.
    pub field: &'static str,
    pub old: &'a str,
    pub new: &'a str,
    pub reason: &'a str,
    /// `cli`, `staff`, `sync` or `community`.
    pub source: &'static str,
}

/// Writes one standing-audit row inside the caller's transaction; changes
/// made by people (not the community formula) go to the staff log too.
pub async fn standing(db: &impl ConnectionTrait, e: StandingEntry<'_>) -> AppResult<()> {
    let now = crate::util::now();
    standing_changes::ActiveModel {
        user_id: Set(e.user),
        actor_id: Set(e.actor),
        field: Set(e.field.to_owned()),
        old_value: Set(e.old.to_owned()),
        new_value: Set(e.new.to_owned()),
        reason: Set(e.reason.trim().to_owned()),
        source: Set(e.source.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if e.source != "community" {
        let action = match e.field {
            "certificate" => "standing.certificate",
            "bl" => "standing.bl",
            "bl-source" => "standing.bl-source",
            _ => "standing.role",
        };
        log(
            db,
            Entry {
                actor: e.actor,
                action,
                target_user: Some(e.user),
                reason: e.reason,
                details: details([("from", e.old.to_owned()), ("to", e.new.to_owned()), ("source", e.source.into())]),
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(())
}

/// One audit row with the name of who made the change.
#[derive(Debug, Clone, FromQueryResult)]
pub struct StandingRow {
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub reason: String,
    pub source: String,
    pub created_at: OffsetDateTime,
    pub actor: Option<String>,
}

/// The latest standing changes of a member, newest first (one query).
pub async fn standing_history(db: &Db, user_id: i64, limit: u64) -> AppResult<Vec<StandingRow>> {
    Ok(standing_changes::Entity::find()
        .select_only()
        .columns([
            standing_changes::Column::Field,
            standing_changes::Column::OldValue,
            standing_changes::Column::NewValue,
            standing_changes::Column::Reason,
            standing_changes::Column::Source,
            standing_changes::Column::CreatedAt,
        ])
        .column_as(users::Column::Username, "actor")
        .join(JoinType::LeftJoin, standing_changes::Relation::Actor.def())
        .filter(standing_changes::Column::UserId.eq(user_id))
        .order_by_desc(standing_changes::Column::Id)
        .limit(limit)
        .into_model::<StandingRow>()
        .all(db.read())
        .await?)
}
