//! Keeping the community safe: one function per moderation action. Each
//! checks permission through `policy`, changes what it changes and writes
//! its staff-log row, all in one transaction.

use anyhow::Context;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set, TransactionTrait,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::accounts::User;
use crate::db::Db;
use crate::entities::{categories, flags, mod_log, posts, topics, users};
use crate::error::{AppError, AppResult, FormErrors, is_unique_violation};
use crate::policy::{Action, Decision, Policy};

/// Writes one staff-log row (inside the caller's transaction).
#[expect(clippy::too_many_arguments, reason = "one row, one column each")]
pub async fn log(
    db: &impl ConnectionTrait,
    actor: Option<i64>,
    action: &str,
    target_user: Option<i64>,
    topic: Option<i64>,
    post: Option<i64>,
    reason: &str,
    details: &str,
) -> AppResult<()> {
    mod_log::ActiveModel {
        actor_id: Set(actor),
        action: Set(action.to_owned()),
        target_user_id: Set(target_user),
        topic_id: Set(topic),
        post_id: Set(post),
        reason: Set(reason.trim().to_owned()),
        details: Set(details.to_owned()),
        created_at: Set(crate::util::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

fn require(policy: &Policy, user: &User, action: Action) -> AppResult<()> {
    match policy.decide(&user.actor(), action) {
        Decision::Allow => Ok(()),
        Decision::Propose(d) | Decision::Deny(d) => Err(AppError::Forbidden(d)),
    }
}

/// Whether `actor` looks after the category a topic is in (a moderator
/// limited to some categories; their subcategories count too).
async fn in_scope(db: &impl ConnectionTrait, actor: &User, category_id: i64) -> AppResult<bool> {
    let scope: Vec<&str> = actor.moderated_categories.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if scope.is_empty() {
        return Ok(true);
    }
    let Some(cat) = categories::Entity::find_by_id(category_id).one(db).await? else { return Ok(false) };
    if scope.contains(&cat.slug.as_str()) {
        return Ok(true);
    }
    Ok(match cat.parent_id {
        Some(p) => categories::Entity::find_by_id(p).one(db).await?.is_some_and(|p| scope.contains(&p.slug.as_str())),
        None => false,
    })
}

async fn require_in(db: &impl ConnectionTrait, policy: &Policy, actor: &User, category_id: i64) -> AppResult<()> {
    let scope = in_scope(db, actor, category_id).await?;
    require(policy, actor, Action::ModerateIn { in_scope: scope })
}

/// Keeps a topic's visibility in lists in step with its opening post.
async fn sync_topic_hidden(db: &impl ConnectionTrait, p: &posts::Model, hidden: bool) -> AppResult<()> {
    if p.post_number == 1 {
        topics::Entity::update_many()
            .col_expr(topics::Column::Hidden, Expr::value(hidden))
            .filter(topics::Column::Id.eq(p.topic_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicTool {
    Close,
    Reopen,
    Pin,
    PinGlobally,
    Unpin,
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

pub async fn topic_tool(
    db: &Db,
    policy: &Policy,
    actor: &User,
    topic_id: i64,
    tool: TopicTool,
    reason: &str,
) -> AppResult<()> {
    let txn = db.write().begin().await?;
    let t = crate::forum::posts::topic(&txn, topic_id).await?;
    require_in(&txn, policy, actor, t.category_id).await?;
    let mut am: topics::ActiveModel = t.clone().into();
    let mut details = String::new();
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
                .ok_or_else(|| AppError::Invalid(FormErrors::one("category", "err-category-unknown")))?;
            if to.id != t.category_id {
                for (cat, sign) in [(t.category_id, -1), (to.id, 1)] {
                    categories::Entity::update_many()
                        .col_expr(categories::Column::TopicCount, Expr::col(categories::Column::TopicCount).add(sign))
                        .col_expr(
                            categories::Column::PostCount,
                            Expr::col(categories::Column::PostCount).add(sign * t.post_count),
                        )
                        .filter(categories::Column::Id.eq(cat))
                        .exec(&txn)
                        .await?;
                }
            }
            details = format!("to {slug}");
            am.category_id = Set(to.id);
        }
    }
    am.update(&txn).await?;
    log(&txn, Some(actor.id), tool.name(), Some(t.user_id), Some(t.id), None, reason, &details).await?;
    txn.commit().await.context("commit topic tool")?;
    Ok(())
}

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
}

/// Hides, unhides, deletes or restores a post; the reason is shown in its place.
pub async fn post_tool(
    db: &Db,
    policy: &Policy,
    actor: &User,
    post_id: i64,
    tool: PostTool,
    reason: &str,
) -> AppResult<()> {
    if matches!(tool, PostTool::Hide | PostTool::Delete) && reason.trim().is_empty() {
        return Err(AppError::Invalid(FormErrors::one("reason", "err-reason-required")));
    }
    let txn = db.write().begin().await?;
    let p = crate::forum::posts::post(&txn, post_id).await?;
    let t = topics::Entity::find_by_id(p.topic_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    require_in(&txn, policy, actor, t.category_id).await?;
    let mut am: posts::ActiveModel = p.clone().into();
    let name = match tool {
        PostTool::Hide => {
            am.hidden = Set(true);
            am.mod_reason = Set(reason.trim().to_owned());
            sync_topic_hidden(&txn, &p, true).await?;
            "post.hide"
        }
        PostTool::Unhide => {
            am.hidden = Set(false);
            am.mod_reason = Set(String::new());
            sync_topic_hidden(&txn, &p, false).await?;
            "post.unhide"
        }
        PostTool::Delete | PostTool::Restore => {
            let deleting = tool == PostTool::Delete;
            if p.deleted == deleting {
                return Ok(());
            }
            let sign = if deleting { -1 } else { 1 };
            am.deleted = Set(deleting);
            am.deleted_by = Set(deleting.then_some(actor.id));
            am.mod_reason = Set(if deleting { reason.trim().to_owned() } else { String::new() });
            if p.post_number == 1 {
                topics::Entity::update_many()
                    .col_expr(topics::Column::Deleted, Expr::value(deleting))
                    .filter(topics::Column::Id.eq(t.id))
                    .exec(&txn)
                    .await?;
                categories::Entity::update_many()
                    .col_expr(categories::Column::TopicCount, Expr::col(categories::Column::TopicCount).add(sign))
                    .filter(categories::Column::Id.eq(t.category_id))
                    .exec(&txn)
                    .await?;
            } else {
                topics::Entity::update_many()
                    .col_expr(topics::Column::PostCount, Expr::col(topics::Column::PostCount).add(sign))
                    .col_expr(topics::Column::ReplyCount, Expr::col(topics::Column::ReplyCount).add(sign))
                    .filter(topics::Column::Id.eq(t.id))
                    .exec(&txn)
                    .await?;
                categories::Entity::update_many()
                    .col_expr(categories::Column::PostCount, Expr::col(categories::Column::PostCount).add(sign))
                    .filter(categories::Column::Id.eq(t.category_id))
                    .exec(&txn)
                    .await?;
            }
            if deleting { "post.delete" } else { "post.restore" }
        }
    };
    am.update(&txn).await?;
    log(&txn, Some(actor.id), name, Some(p.user_id), Some(t.id), Some(p.id), reason, "").await?;
    txn.commit().await.context("commit post tool")?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SanctionKind {
    Silence,
    Suspend,
    Ban,
}

impl SanctionKind {
    pub fn parse(s: &str) -> Option<SanctionKind> {
        Some(match s {
            "silence" => SanctionKind::Silence,
            "suspend" => SanctionKind::Suspend,
            "ban" => SanctionKind::Ban,
            _ => return None,
        })
    }
}

/// Silences (cannot post), suspends (cannot sign in; every session ends at
/// once) or bans a member. `days: None` means until lifted.
pub async fn sanction(
    db: &Db,
    policy: &Policy,
    actor: &User,
    username: &str,
    kind: SanctionKind,
    days: Option<i64>,
    reason: &str,
) -> AppResult<()> {
    require(policy, actor, Action::Moderate)?;
    if reason.trim().is_empty() {
        return Err(AppError::Invalid(FormErrors::one("reason", "err-reason-required")));
    }
    let txn = db.write().begin().await?;
    let u = users::Entity::find()
        .filter(users::Column::UsernameKey.eq(crate::accounts::names::username_key(username)))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if u.id == actor.id {
        return Err(AppError::BadRequest("You cannot sanction yourself.".into()));
    }
    let until = days.map(|d| crate::util::now() + time::Duration::days(d.clamp(1, 36500)));
    // "Until lifted" is stored as far in the future.
    let until_or_forever = until.unwrap_or_else(|| crate::util::now() + time::Duration::days(365 * 100));
    let mut am: users::ActiveModel = u.clone().into();
    am.sanction_reason = Set(reason.trim().to_owned());
    match kind {
        SanctionKind::Silence => am.silenced_until = Set(Some(until_or_forever)),
        SanctionKind::Suspend => {
            am.suspended_until = Set(Some(until_or_forever));
            am.session_epoch = Set(u.session_epoch.wrapping_add(1));
        }
        SanctionKind::Ban => {
            am.banned = Set(true);
            am.session_epoch = Set(u.session_epoch.wrapping_add(1));
        }
    }
    am.update(&txn).await?;
    let details =
        until.map(|t| format!("until {}", crate::util::datetime(&t))).unwrap_or_else(|| "until lifted".into());
    let action = match kind {
        SanctionKind::Silence => "user.silence",
        SanctionKind::Suspend => "user.suspend",
        SanctionKind::Ban => "user.ban",
    };
    log(&txn, Some(actor.id), action, Some(u.id), None, None, reason, &details).await?;
    txn.commit().await.context("commit sanction")?;
    Ok(())
}

pub async fn lift(
    db: &Db,
    policy: &Policy,
    actor: &User,
    username: &str,
    kind: SanctionKind,
    reason: &str,
) -> AppResult<()> {
    require(policy, actor, Action::Moderate)?;
    let txn = db.write().begin().await?;
    let u = users::Entity::find()
        .filter(users::Column::UsernameKey.eq(crate::accounts::names::username_key(username)))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut am: users::ActiveModel = u.clone().into();
    let action = match kind {
        SanctionKind::Silence => {
            am.silenced_until = Set(None);
            "user.unsilence"
        }
        SanctionKind::Suspend => {
            am.suspended_until = Set(None);
            "user.unsuspend"
        }
        SanctionKind::Ban => {
            am.banned = Set(false);
            "user.unban"
        }
    };
    am.update(&txn).await?;
    log(&txn, Some(actor.id), action, Some(u.id), None, None, reason, "").await?;
    txn.commit().await.context("commit lift")?;
    Ok(())
}

/// A member's sanction in force, if any: what, until when, why.
#[derive(Debug, Clone, Serialize)]
pub struct ActiveSanction {
    pub kind: SanctionKind,
    pub until: Option<OffsetDateTime>,
    pub reason: String,
}

pub fn active(user: &User, kind: SanctionKind) -> Option<ActiveSanction> {
    let now = crate::util::now();
    let until = match kind {
        SanctionKind::Ban => {
            return user.banned.then(|| ActiveSanction { kind, until: None, reason: user.sanction_reason.clone() });
        }
        SanctionKind::Silence => user.silenced_until,
        SanctionKind::Suspend => user.suspended_until,
    }?;
    (until > now).then(|| ActiveSanction {
        kind,
        until: (until < now + time::Duration::days(365 * 50)).then_some(until),
        reason: user.sanction_reason.clone(),
    })
}

pub const FLAG_REASONS: &[&str] = &["spam", "scam", "off-topic", "abusive", "other"];

/// How much a member's flag counts: more for verified, trusted members.
fn flag_weight(policy: &Policy, user: &User) -> i32 {
    let mut w = 1;
    if policy.decide(&user.actor(), Action::ReviewProposals) == Decision::Allow {
        w += 1;
    }
    if user.role() != crate::policy::Role::Member {
        w += 1;
    }
    w
}

/// Flags a post; once the weight of pending flags reaches `threshold` the
/// post is hidden until a moderator reviews it.
pub async fn flag(
    db: &Db,
    policy: &Policy,
    threshold: i32,
    user: &User,
    post_id: i64,
    reason: &str,
    text: &str,
) -> AppResult<()> {
    require(policy, user, Action::Post)?;
    if !FLAG_REASONS.contains(&reason) {
        return Err(AppError::Invalid(FormErrors::one("reason", "err-flag-reason")));
    }
    if reason == "other" && text.trim().is_empty() {
        return Err(AppError::Invalid(FormErrors::one("text", "err-flag-text")));
    }
    let txn = db.write().begin().await?;
    let p = crate::forum::posts::post(&txn, post_id).await?;
    if p.user_id == user.id || p.deleted {
        return Err(AppError::BadRequest("You cannot flag this post.".into()));
    }
    let inserted = flags::ActiveModel {
        post_id: Set(post_id),
        user_id: Set(user.id),
        reason: Set(reason.to_owned()),
        text: Set(text.trim().chars().take(1000).collect()),
        weight: Set(flag_weight(policy, user)),
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
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::Invalid(FormErrors::one("reason", "err-flag-twice")));
        }
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
    if !p.hidden && weight.unwrap_or(0) >= i64::from(threshold) {
        posts::Entity::update_many()
            .col_expr(posts::Column::Hidden, Expr::value(true))
            .col_expr(posts::Column::ModReason, Expr::value("flagged by the community; awaiting review"))
            .filter(posts::Column::Id.eq(post_id))
            .exec(&txn)
            .await?;
        sync_topic_hidden(&txn, &p, true).await?;
        log(&txn, None, "post.hide-by-flags", Some(p.user_id), Some(p.topic_id), Some(p.id), "", "").await?;
    }
    txn.commit().await.context("commit flag")?;
    Ok(())
}

/// A moderator's decision on a flagged post: agree (hide it) or disagree
/// (clear the flags and show it again). Optionally silences the author.
pub async fn resolve_flags(
    db: &Db,
    policy: &Policy,
    actor: &User,
    post_id: i64,
    agree: bool,
    reason: &str,
) -> AppResult<i64> {
    let txn = db.write().begin().await?;
    let p = crate::forum::posts::post(&txn, post_id).await?;
    let topic = topics::Entity::find_by_id(p.topic_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    require_in(&txn, policy, actor, topic.category_id).await?;
    sync_topic_hidden(&txn, &p, agree).await?;
    let now = crate::util::now();
    flags::Entity::update_many()
        .col_expr(flags::Column::Status, Expr::value(if agree { "agreed" } else { "disagreed" }))
        .col_expr(flags::Column::ResolvedBy, Expr::value(Some(actor.id)))
        .col_expr(flags::Column::ResolvedAt, Expr::value(Some(now)))
        .filter(flags::Column::PostId.eq(post_id))
        .filter(flags::Column::Status.eq("pending"))
        .exec(&txn)
        .await?;
    let reason_shown = if reason.trim().is_empty() { "hidden by a moderator" } else { reason.trim() };
    posts::Entity::update_many()
        .col_expr(posts::Column::Hidden, Expr::value(agree))
        .col_expr(posts::Column::ModReason, Expr::value(if agree { reason_shown } else { "" }))
        .filter(posts::Column::Id.eq(post_id))
        .exec(&txn)
        .await?;
    let action = if agree { "flags.agree" } else { "flags.disagree" };
    log(&txn, Some(actor.id), action, Some(p.user_id), Some(p.topic_id), Some(p.id), reason, "").await?;
    txn.commit().await.context("commit flag decision")?;
    Ok(p.user_id)
}

/// A flagged post in the queue.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct QueueItem {
    pub post_id: i64,
    pub topic_id: i64,
    pub post_number: i32,
    pub body: String,
    pub hidden: bool,
    pub title: String,
    pub author: String,
}

/// Posts with pending flags, oldest flag first, `limit` after `after`.
pub async fn queue(db: &Db, after: Option<i64>, limit: u64) -> AppResult<Vec<(QueueItem, Vec<flags::Model>)>> {
    let mut ids_q = flags::Entity::find()
        .select_only()
        .column(flags::Column::PostId)
        .filter(flags::Column::Status.eq("pending"))
        .group_by(flags::Column::PostId)
        .order_by_asc(flags::Column::PostId)
        .limit(limit);
    if let Some(a) = after {
        ids_q = ids_q.filter(flags::Column::PostId.gt(a));
    }
    let ids: Vec<i64> = ids_q.into_tuple::<i64>().all(db.read()).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let items = posts::Entity::find()
        .select_only()
        .column_as(posts::Column::Id, "post_id")
        .column_as(posts::Column::TopicId, "topic_id")
        .columns([posts::Column::PostNumber, posts::Column::Body, posts::Column::Hidden])
        .column_as(topics::Column::Title, "title")
        .column_as(users::Column::Username, "author")
        .join(JoinType::InnerJoin, posts::Relation::Topic.def())
        .join(JoinType::InnerJoin, posts::Relation::Author.def())
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
    Ok(items
        .into_iter()
        .map(|it| {
            let f = all_flags.iter().filter(|f| f.post_id == it.post_id).cloned().collect();
            (it, f)
        })
        .collect())
}

/// The outcome of a member's own flag on a post, if they flagged it.
pub async fn own_flags(db: &Db, user_id: i64, post_ids: &[i64]) -> AppResult<Vec<flags::Model>> {
    if post_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(flags::Entity::find()
        .filter(flags::Column::UserId.eq(user_id))
        .filter(flags::Column::PostId.is_in(post_ids.to_vec()))
        .all(db.read())
        .await?)
}

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

#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    pub actor: Option<i64>,
    pub member: Option<i64>,
    pub action: Option<String>,
    pub before: Option<i64>,
}

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

/// Posting limits (DESIGN: Discourse-like new-account limits). Returns how
/// long to wait when over a limit. Staff are exempt.
pub async fn check_post_rate(
    db: &Db,
    policy: &Policy,
    throttle: &crate::accounts::throttle::Throttle,
    config: &crate::config::Config,
    user: &User,
    topic: bool,
) -> AppResult<Result<(), std::time::Duration>> {
    if policy.decide(&user.actor(), Action::Moderate) == Decision::Allow {
        return Ok(Ok(()));
    }
    let now = crate::util::now();
    let new_account = now - user.created_at < time::Duration::hours(i64::from(config.new_account_hours));
    if new_account {
        let since = now - time::Duration::hours(24);
        let (count, cap) = if topic {
            let n = topics::Entity::find()
                .filter(topics::Column::UserId.eq(user.id))
                .filter(topics::Column::CreatedAt.gt(since))
                .count(db.read())
                .await?;
            (n, config.new_topics_per_day)
        } else {
            let n = posts::Entity::find()
                .filter(posts::Column::UserId.eq(user.id))
                .filter(posts::Column::PostNumber.gt(1))
                .filter(posts::Column::CreatedAt.gt(since))
                .count(db.read())
                .await?;
            (n, config.new_replies_per_day)
        };
        if count >= u64::from(cap) {
            let wait =
                (user.created_at + time::Duration::hours(i64::from(config.new_account_hours)) - now).whole_seconds();
            return Ok(Err(std::time::Duration::from_secs(u64::try_from(Ord::max(wait, 60)).unwrap_or(60))));
        }
    }
    Ok(throttle.post(user.id, new_account))
}

/// New accounts may put at most `new_max_links` links in a post (spam
/// defence). Staff are exempt.
pub fn check_links(policy: &Policy, config: &crate::config::Config, user: &User, body: &str) -> AppResult<()> {
    if policy.decide(&user.actor(), Action::Moderate) == Decision::Allow {
        return Ok(());
    }
    let new_account = crate::util::now() - user.created_at < time::Duration::hours(i64::from(config.new_account_hours));
    if !new_account {
        return Ok(());
    }
    let lower = body.to_lowercase();
    let links = lower.matches("http://").count() + lower.matches("https://").count() + lower.matches("www.").count();
    if links > config.new_max_links as usize {
        let mut e = FormErrors::new();
        e.add_with("body", "err-too-many-links", vec![("max", config.new_max_links.to_string())]);
        return Err(AppError::Invalid(e));
    }
    Ok(())
}

/// Merges topic `from` into `into`: its posts follow `into`'s, in their
/// order; `from` is deleted. Counters of both topics and categories move.
pub async fn merge_topics(db: &Db, policy: &Policy, actor: &User, from: i64, into: i64, reason: &str) -> AppResult<()> {
    if from == into {
        return Err(AppError::BadRequest("A topic cannot be merged into itself.".into()));
    }
    let txn = db.write().begin().await?;
    let a = crate::forum::posts::topic(&txn, from).await?;
    let b = crate::forum::posts::topic(&txn, into).await?;
    require_in(&txn, policy, actor, a.category_id).await?;
    require_in(&txn, policy, actor, b.category_id).await?;
    let moving = posts::Entity::find()
        .filter(posts::Column::TopicId.eq(a.id))
        .order_by_asc(posts::Column::PostNumber)
        .all(&txn)
        .await?;
    let mut number = b.highest_post_number;
    for p in &moving {
        number += 1;
        posts::Entity::update_many()
            .col_expr(posts::Column::TopicId, Expr::value(b.id))
            .col_expr(posts::Column::PostNumber, Expr::value(number))
            .filter(posts::Column::Id.eq(p.id))
            .exec(&txn)
            .await?;
    }
    let visible = moving.iter().filter(|p| !p.deleted).count() as i32;
    let likes: i32 = moving.iter().filter(|p| !p.deleted).map(|p| p.like_count).sum();
    let last = moving.iter().filter(|p| !p.deleted).map(|p| (p.created_at, p.user_id)).max();
    let mut bm: topics::ActiveModel = b.clone().into();
    bm.highest_post_number = Set(number);
    bm.post_count = Set(b.post_count + visible);
    bm.reply_count = Set(b.reply_count + visible);
    bm.like_count = Set(b.like_count + likes);
    if let Some((at, who)) = last
        && at > b.last_posted_at
    {
        bm.last_posted_at = Set(at);
        bm.last_post_user_id = Set(who);
    }
    bm.update(&txn).await?;
    let mut am: topics::ActiveModel = a.clone().into();
    am.deleted = Set(true);
    am.post_count = Set(0);
    am.update(&txn).await?;
    for (cat, topics_delta, posts_delta) in [(a.category_id, -1, -visible), (b.category_id, 0, visible)] {
        categories::Entity::update_many()
            .col_expr(categories::Column::TopicCount, Expr::col(categories::Column::TopicCount).add(topics_delta))
            .col_expr(categories::Column::PostCount, Expr::col(categories::Column::PostCount).add(posts_delta))
            .filter(categories::Column::Id.eq(cat))
            .exec(&txn)
            .await?;
    }
    log(
        &txn,
        Some(actor.id),
        "topic.merge",
        Some(a.user_id),
        Some(b.id),
        None,
        reason,
        &format!("merged topic {} into {}", a.id, b.id),
    )
    .await?;
    txn.commit().await.context("commit merge")?;
    Ok(())
}

/// Moves the posts numbered `numbers` (not the opening post) of a topic into
/// a new topic titled `title` in category `category`. Returns its id.
pub async fn split_topic(
    db: &Db,
    policy: &Policy,
    actor: &User,
    topic_id: i64,
    numbers: &[i32],
    title: &str,
    category: &str,
) -> AppResult<i64> {
    let title = title.trim();
    let n = title.chars().count();
    if !(crate::forum::posts::TITLE_MIN..=crate::forum::posts::TITLE_MAX).contains(&n) {
        return Err(AppError::Invalid(FormErrors::one("title", "err-title-length")));
    }
    if numbers.is_empty() || numbers.contains(&1) {
        return Err(AppError::BadRequest("Choose replies to split off (not the opening post).".into()));
    }
    let txn = db.write().begin().await?;
    let a = crate::forum::posts::topic(&txn, topic_id).await?;
    require_in(&txn, policy, actor, a.category_id).await?;
    let cat = categories::Entity::find()
        .filter(categories::Column::Slug.eq(category.trim()))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::Invalid(FormErrors::one("category", "err-category-unknown")))?;
    let moving = posts::Entity::find()
        .filter(posts::Column::TopicId.eq(a.id))
        .filter(posts::Column::PostNumber.is_in(numbers.to_vec()))
        .order_by_asc(posts::Column::PostNumber)
        .all(&txn)
        .await?;
    let first = moving.first().ok_or(AppError::NotFound)?.clone();
    let visible: Vec<&posts::Model> = moving.iter().filter(|p| !p.deleted).collect();
    let last = moving.last().map_or((first.created_at, first.user_id), |p| (p.created_at, p.user_id));
    let new_topic = topics::ActiveModel {
        category_id: Set(cat.id),
        user_id: Set(first.user_id),
        title: Set(title.to_owned()),
        created_at: Set(first.created_at),
        last_posted_at: Set(last.0),
        last_post_user_id: Set(last.1),
        post_count: Set(visible.len() as i32),
        highest_post_number: Set(moving.len() as i32),
        reply_count: Set(Ord::max(visible.len() as i32 - 1, 0)),
        like_count: Set(visible.iter().map(|p| p.like_count).sum()),
        pinned: Set(false),
        pinned_globally: Set(false),
        closed: Set(false),
        deleted: Set(false),
        solved_post_id: Set(None),
        guide_article_id: Set(None),
        search_key: Set(title.to_lowercase()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (i, p) in moving.iter().enumerate() {
        posts::Entity::update_many()
            .col_expr(posts::Column::TopicId, Expr::value(new_topic.id))
            .col_expr(posts::Column::PostNumber, Expr::value(i as i32 + 1))
            .filter(posts::Column::Id.eq(p.id))
            .exec(&txn)
            .await?;
    }
    let moved_visible = visible.len() as i32;
    let moved_likes: i32 = visible.iter().map(|p| p.like_count).sum();
    let mut am: topics::ActiveModel = a.clone().into();
    am.post_count = Set(a.post_count - moved_visible);
    am.reply_count = Set(a.reply_count - moved_visible);
    am.like_count = Set(a.like_count - moved_likes);
    if a.solved_post_id.is_some_and(|s| moving.iter().any(|p| p.id == s)) {
        am.solved_post_id = Set(None);
    }
    am.update(&txn).await?;
    for (cat_id, topics_delta, posts_delta) in [(a.category_id, 0, -moved_visible), (cat.id, 1, moved_visible)] {
        categories::Entity::update_many()
            .col_expr(categories::Column::TopicCount, Expr::col(categories::Column::TopicCount).add(topics_delta))
            .col_expr(categories::Column::PostCount, Expr::col(categories::Column::PostCount).add(posts_delta))
            .filter(categories::Column::Id.eq(cat_id))
            .exec(&txn)
            .await?;
    }
    let details = format!("posts {numbers:?} of topic {} into topic {}", a.id, new_topic.id);
    log(&txn, Some(actor.id), "topic.split", Some(first.user_id), Some(new_topic.id), None, "", &details).await?;
    txn.commit().await.context("commit split")?;
    Ok(new_topic.id)
}

/// Whether a new post by `user` waits for approval (`approve_new_posts`,
/// new accounts only, staff never).
pub fn must_hold(policy: &Policy, config: &crate::config::Config, user: &User) -> bool {
    config.approve_new_posts
        && policy.decide(&user.actor(), Action::Moderate) != Decision::Allow
        && crate::util::now() - user.created_at
            < time::Duration::hours(i64::from(Ord::max(config.new_account_hours, 1)))
}

/// Approves or rejects a held post.
pub async fn decide_held(
    db: &Db,
    policy: &Policy,
    actor: &User,
    post_id: i64,
    approve: bool,
    reason: &str,
) -> AppResult<()> {
    let p = crate::forum::posts::post(db.read(), post_id).await?;
    if !p.held {
        return Err(AppError::Conflict("This post is not waiting for approval.".into()));
    }
    if approve {
        let txn = db.write().begin().await?;
        let t = topics::Entity::find_by_id(p.topic_id).one(&txn).await?.ok_or(AppError::NotFound)?;
        require_in(&txn, policy, actor, t.category_id).await?;
        posts::Entity::update_many()
            .col_expr(posts::Column::Held, Expr::value(false))
            .col_expr(posts::Column::Hidden, Expr::value(false))
            .col_expr(posts::Column::ModReason, Expr::value(""))
            .filter(posts::Column::Id.eq(post_id))
            .exec(&txn)
            .await?;
        sync_topic_hidden(&txn, &p, false).await?;
        log(&txn, Some(actor.id), "post.approve", Some(p.user_id), Some(p.topic_id), Some(p.id), reason, "").await?;
        txn.commit().await.context("commit approval")?;
        return Ok(());
    }
    let reason = if reason.trim().is_empty() { "not approved" } else { reason };
    post_tool(db, policy, actor, post_id, PostTool::Delete, reason).await?;
    posts::Entity::update_many()
        .col_expr(posts::Column::Held, Expr::value(false))
        .filter(posts::Column::Id.eq(post_id))
        .exec(db.write())
        .await?;
    Ok(())
}

/// Posts waiting for approval, oldest first.
pub async fn held_posts(db: &Db, limit: u64) -> AppResult<Vec<QueueItem>> {
    Ok(posts::Entity::find()
        .select_only()
        .column_as(posts::Column::Id, "post_id")
        .column_as(posts::Column::TopicId, "topic_id")
        .columns([posts::Column::PostNumber, posts::Column::Body, posts::Column::Hidden])
        .column_as(topics::Column::Title, "title")
        .column_as(users::Column::Username, "author")
        .join(JoinType::InnerJoin, posts::Relation::Topic.def())
        .join(JoinType::InnerJoin, posts::Relation::Author.def())
        .filter(posts::Column::Held.eq(true))
        .order_by_asc(posts::Column::Id)
        .limit(limit)
        .into_model::<QueueItem>()
        .all(db.read())
        .await?)
}

/// Sign-ups waiting for approval: (username, joined).
pub async fn pending_registrations(db: &Db, limit: u64) -> AppResult<Vec<(String, OffsetDateTime)>> {
    Ok(users::Entity::find()
        .select_only()
        .columns([users::Column::Username, users::Column::CreatedAt])
        .filter(users::Column::Approved.eq(false))
        .order_by_asc(users::Column::Id)
        .limit(limit)
        .into_tuple::<(String, OffsetDateTime)>()
        .all(db.read())
        .await?)
}

/// Approves a sign-up, or refuses it (the account is banned with the reason).
pub async fn decide_registration(
    db: &Db,
    policy: &Policy,
    actor: &User,
    username: &str,
    approve: bool,
    reason: &str,
) -> AppResult<()> {
    require(policy, actor, Action::Moderate)?;
    let txn = db.write().begin().await?;
    let u = users::Entity::find()
        .filter(users::Column::UsernameKey.eq(crate::accounts::names::username_key(username)))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut am: users::ActiveModel = u.clone().into();
    am.approved = Set(true);
    if !approve {
        am.banned = Set(true);
        am.sanction_reason =
            Set(if reason.trim().is_empty() { "sign-up not approved".into() } else { reason.trim().to_owned() });
    }
    am.update(&txn).await?;
    let action = if approve { "user.approve" } else { "user.reject" };
    log(&txn, Some(actor.id), action, Some(u.id), None, None, reason, "").await?;
    txn.commit().await.context("commit registration decision")?;
    Ok(())
}
