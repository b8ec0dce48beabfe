//! What members watch: topics (watching, tracking, normal, muted),
//! categories and guides. Starting, replying to or editing something
//! watches it unless the member already chose a level for it.

use std::collections::HashSet;

use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use serde::Serialize;

use crate::entities::watches;
use crate::error::{AppError, AppResult};

pub const TOPIC: &str = "topic";
pub const CATEGORY: &str = "category";
pub const GUIDE: &str = "guide";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Told of every new post (or guide edit).
    Watching,
    /// Counted, told only of what is addressed to the member.
    Tracking,
    Normal,
    /// Told of nothing from it.
    Muted,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Watching, Level::Tracking, Level::Normal, Level::Muted];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Watching => "watching",
            Level::Tracking => "tracking",
            Level::Normal => "normal",
            Level::Muted => "muted",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// Watches `target` for `user` unless they chose a level already.
pub async fn set_default(db: &impl ConnectionTrait, user: i64, kind: &str, target: i64) -> AppResult<()> {
    watches::Entity::insert(watches::ActiveModel {
        user_id: Set(user),
        target_kind: Set(kind.to_owned()),
        target_id: Set(target),
        level: Set(Level::Watching.as_str().to_owned()),
        updated_at: Set(crate::util::now()),
    })
    .on_conflict(
        OnConflict::columns([watches::Column::UserId, watches::Column::TargetKind, watches::Column::TargetId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Sets the level `user` watches `target` with.
pub async fn set(db: &impl ConnectionTrait, user: i64, kind: &str, target: i64, level: Level) -> AppResult<()> {
    if ![TOPIC, CATEGORY, GUIDE].contains(&kind) {
        return Err(AppError::bad_request("error-bad-choice"));
    }
    watches::Entity::insert(watches::ActiveModel {
        user_id: Set(user),
        target_kind: Set(kind.to_owned()),
        target_id: Set(target),
        level: Set(level.as_str().to_owned()),
        updated_at: Set(crate::util::now()),
    })
    .on_conflict(
        OnConflict::columns([watches::Column::UserId, watches::Column::TargetKind, watches::Column::TargetId])
            .update_columns([watches::Column::Level, watches::Column::UpdatedAt])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The level `user` watches `target` with (`normal` when never chosen).
pub async fn level(db: &impl ConnectionTrait, user: i64, kind: &str, target: i64) -> AppResult<Level> {
    Ok(watches::Entity::find_by_id((user, kind.to_owned(), target))
        .one(db)
        .await?
        .and_then(|w| Level::parse(&w.level))
        .unwrap_or(Level::Normal))
}

/// Members watching `target` (level `watching`).
pub async fn watchers(db: &impl ConnectionTrait, kind: &str, target: i64) -> AppResult<Vec<i64>> {
    Ok(watches::Entity::find()
        .select_only()
        .column(watches::Column::UserId)
        .filter(watches::Column::TargetKind.eq(kind))
        .filter(watches::Column::TargetId.eq(target))
        .filter(watches::Column::Level.eq(Level::Watching.as_str()))
        .into_tuple::<i64>()
        .all(db)
        .await?)
}

/// Who watches a topic and its category, and who muted the topic.
#[derive(Debug, Default)]
pub struct TopicAudience {
    pub topic_watchers: Vec<i64>,
    pub category_watchers: Vec<i64>,
    pub muted: HashSet<i64>,
}

/// [`TopicAudience`] of `topic` in `category`, in one statement.
pub async fn topic_audience(db: &impl ConnectionTrait, topic: i64, category: i64) -> AppResult<TopicAudience> {
    let rows: Vec<(i64, String, String)> = watches::Entity::find()
        .select_only()
        .columns([watches::Column::UserId, watches::Column::TargetKind, watches::Column::Level])
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(watches::Column::TargetKind.eq(TOPIC))
                        .add(watches::Column::TargetId.eq(topic)),
                )
                .add(
                    Condition::all()
                        .add(watches::Column::TargetKind.eq(CATEGORY))
                        .add(watches::Column::TargetId.eq(category))
                        .add(watches::Column::Level.eq(Level::Watching.as_str())),
                ),
        )
        .into_tuple()
        .all(db)
        .await?;
    let mut out = TopicAudience::default();
    for (user, kind, level) in rows {
        match (kind.as_str(), Level::parse(&level)) {
            (CATEGORY, _) => out.category_watchers.push(user),
            (_, Some(Level::Watching)) => out.topic_watchers.push(user),
            (_, Some(Level::Muted)) => {
                out.muted.insert(user);
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Members who muted `topic`.
pub async fn muted_topic(db: &impl ConnectionTrait, topic: i64) -> AppResult<HashSet<i64>> {
    Ok(watches::Entity::find()
        .select_only()
        .column(watches::Column::UserId)
        .filter(watches::Column::TargetKind.eq(TOPIC))
        .filter(watches::Column::TargetId.eq(topic))
        .filter(watches::Column::Level.eq(Level::Muted.as_str()))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Everything `user` chose a level for, of one kind: (target id, level).
pub async fn of_user(db: &impl ConnectionTrait, user: i64, kind: &str) -> AppResult<Vec<(i64, String)>> {
    Ok(watches::Entity::find()
        .select_only()
        .columns([watches::Column::TargetId, watches::Column::Level])
        .filter(watches::Column::UserId.eq(user))
        .filter(watches::Column::TargetKind.eq(kind))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?)
}
