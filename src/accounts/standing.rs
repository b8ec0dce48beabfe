//! Standing: a member's certificate level, BL and role, and a moderator's
//! categories. Every change is an audit row written in the same
//! transaction, and an event.
//!
//! Commands for staff: [`set_standing`], [`set_role`]. For the identity
//! service: [`sync`]. For the command line and the community formula:
//! [`change_standing`] and [`apply`], which ask no permission.

use anyhow::Context;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set,
    TransactionTrait,
};

use super::{BL_MAX, User, names};
use crate::app::App;
use crate::audit;
use crate::db::Db;
use crate::entities::{categories, users};
use crate::error::{AppError, AppResult, FormErrors};
use crate::events::{self, Event};
use crate::input;
use crate::policy::{Action, Policy, Role};

/// Where a standing change came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Cli,
    Staff,
    Sync,
    Community,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Cli => "cli",
            Source::Staff => "staff",
            Source::Sync => "sync",
            Source::Community => "community",
        }
    }
}

/// A change of certificate level, BL or role.
#[derive(Debug, Clone)]
pub enum StandingChange {
    Certificate(String),
    /// A BL set by hand or by the identity service: the formula stops
    /// applying to this member.
    Bl(i32),
    /// A BL from the community formula (only while the member's BL source
    /// is the formula).
    CommunityBl(i32),
    /// Hand BL back to the community formula.
    BlFromCommunity,
    Role(Role),
}

fn check_change(policy: &Policy, change: &StandingChange) -> AppResult<()> {
    match change {
        StandingChange::Certificate(level) if !policy.is_certificate(level) => {
            Err(AppError::invalid("certificate", "err-certificate-unknown"))
        }
        StandingChange::Bl(bl) | StandingChange::CommunityBl(bl) if !(0..=BL_MAX).contains(bl) => {
            Err(AppError::invalid("bl", "err-bl-range"))
        }
        _ => Ok(()),
    }
}

/// Locks and reads the member's row inside `txn`.
async fn member_for_update(txn: &DatabaseTransaction, username: &str) -> AppResult<User> {
    users::Entity::find()
        .filter(users::Column::UsernameKey.eq(names::username_key(username)))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Applies one change to `user` (read in this transaction) and writes its
/// audit row. Returns the updated member and the event, or `None` when the
/// value was already that (nothing is written). Asks no permission.
pub async fn apply(
    txn: &DatabaseTransaction,
    user: &User,
    change: StandingChange,
    reason: &str,
    actor: Option<i64>,
    source: Source,
) -> AppResult<Option<(User, Event)>> {
    let mut am: users::ActiveModel = user.clone().into();
    let (field, old, new): (&'static str, String, String) = match change {
        StandingChange::Certificate(level) => {
            am.certificate = Set(level.clone());
            ("certificate", user.certificate.clone(), level)
        }
        StandingChange::Bl(bl) => {
            let bl_source = match source {
                Source::Sync => "sync",
                _ => "registrar",
            };
            am.bl = Set(bl);
            am.bl_source = Set(bl_source.to_owned());
            if user.bl == bl && user.bl_source != bl_source {
                ("bl-source", user.bl_source.clone(), bl_source.to_owned())
            } else {
                ("bl", user.bl.to_string(), bl.to_string())
            }
        }
        StandingChange::CommunityBl(bl) => {
            if user.bl_source != "community" {
                return Ok(None);
            }
            am.bl = Set(bl);
            ("bl", user.bl.to_string(), bl.to_string())
        }
        StandingChange::BlFromCommunity => {
            am.bl_source = Set("community".to_owned());
            ("bl-source", user.bl_source.clone(), "community".to_owned())
        }
        StandingChange::Role(role) => {
            am.role = Set(role.as_str().to_owned());
            ("role", user.role.clone(), role.as_str().to_owned())
        }
    };
    if old == new {
        return Ok(None);
    }
    am.updated_at = Set(crate::util::now());
    let updated = am.update(txn).await?;
    audit::standing(
        txn,
        audit::StandingEntry { user: user.id, actor, field, old: &old, new: &new, reason, source: source.as_str() },
    )
    .await?;
    Ok(Some((updated, Event::StandingChanged { user: user.id, by: actor, field: field.to_owned() })))
}

/// One change from the command line or the system, in one transaction.
/// Returns false when the value was already that.
pub async fn change_standing(
    db: &Db,
    policy: &Policy,
    username: &str,
    change: StandingChange,
    reason: &str,
    actor: Option<i64>,
    source: Source,
) -> AppResult<bool> {
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, true);
    errors.into_result()?;
    check_change(policy, &change)?;
    let txn = db.write().begin().await?;
    let user = member_for_update(&txn, username).await?;
    let Some((_, event)) = apply(&txn, &user, change, &reason, actor, source).await? else {
        return Ok(false);
    };
    events::record(&txn, &event).await?;
    txn.commit().await.context("commit standing change")?;
    Ok(true)
}

/// Command for the identity service: certificate and/or BL, both or
/// neither, in one transaction. Returns the member as now.
pub async fn sync(
    app: &App,
    username: &str,
    certificate: Option<String>,
    bl: Option<i32>,
    reason: &str,
) -> AppResult<User> {
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, true);
    errors.into_result()?;
    let mut changes = Vec::new();
    if let Some(c) = certificate {
        changes.push(StandingChange::Certificate(c));
    }
    if let Some(bl) = bl {
        changes.push(StandingChange::Bl(bl));
    }
    for c in &changes {
        check_change(&app.policy, c)?;
    }
    let txn = app.db.write().begin().await?;
    let mut user = member_for_update(&txn, username).await?;
    let mut list = Vec::new();
    for change in changes {
        if let Some((updated, event)) = apply(&txn, &user, change, &reason, None, Source::Sync).await? {
            user = updated;
            list.push(event);
        }
    }
    events::record_all(&txn, &list).await?;
    txn.commit().await.context("commit standing sync")?;
    app.events.settle(app).await;
    Ok(user)
}

/// What the staff panel on a profile sends.
#[derive(Debug, Clone, Default)]
pub struct StandingInput {
    pub certificate: String,
    /// `None` with `community`: BL follows the formula again.
    pub bl: Option<i32>,
    pub community: bool,
    pub reason: String,
}

/// Command: a registrar or admin sets a member's certificate level and BL,
/// with a reason. Nobody sets their own; registrars only below their rank.
pub async fn set_standing(app: &App, actor: &User, username: &str, input: &StandingInput) -> AppResult<()> {
    let target = super::find_by_username(app.db.read(), username).await?.ok_or(AppError::NotFound)?;
    let new_rank = app.policy.is_certificate(&input.certificate).then(|| app.policy.rank(&input.certificate));
    app.policy
        .require(&actor.actor(), Action::SetStanding { target: target.subject(&app.policy, actor.id), new_rank })?;
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", &input.reason, true);
    if !app.policy.is_certificate(&input.certificate) {
        errors.add("certificate", "err-certificate-unknown");
    }
    if !input.community && !input.bl.is_some_and(|b| (0..=BL_MAX).contains(&b)) {
        errors.add("bl", "err-bl-range");
    }
    errors.into_result()?;
    let mut changes = vec![StandingChange::Certificate(input.certificate.clone())];
    match input.bl {
        _ if input.community => changes.push(StandingChange::BlFromCommunity),
        Some(bl) => changes.push(StandingChange::Bl(bl)),
        None => {}
    }
    let txn = app.db.write().begin().await?;
    let mut user = member_for_update(&txn, username).await?;
    // Checked again on the row as it is now, inside the transaction.
    app.policy
        .require(&actor.actor(), Action::SetStanding { target: user.subject(&app.policy, actor.id), new_rank })?;
    let mut list = Vec::new();
    for change in changes {
        if let Some((updated, event)) = apply(&txn, &user, change, &reason, Some(actor.id), Source::Staff).await? {
            user = updated;
            list.push(event);
        }
    }
    events::record_all(&txn, &list).await?;
    txn.commit().await.context("commit standing")?;
    app.events.settle(app).await;
    Ok(())
}

/// Command: an admin changes a member's role and, for moderators, the
/// categories they look after (slugs, comma-separated; empty: all).
pub async fn set_role(
    app: &App,
    actor: &User,
    username: &str,
    role: Role,
    categories_scope: &str,
    reason: &str,
) -> AppResult<()> {
    let target = super::find_by_username(app.db.read(), username).await?.ok_or(AppError::NotFound)?;
    app.policy.require(&actor.actor(), Action::SetRole { target: target.subject(&app.policy, actor.id) })?;
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, false);
    errors.into_result()?;
    let reason = if reason.is_empty() { "—".to_owned() } else { reason };
    let txn = app.db.write().begin().await?;
    let user = member_for_update(&txn, username).await?;
    app.policy.require(&actor.actor(), Action::SetRole { target: user.subject(&app.policy, actor.id) })?;
    let mut list = Vec::new();
    let user = match apply(&txn, &user, StandingChange::Role(role), &reason, Some(actor.id), Source::Staff).await? {
        Some((updated, event)) => {
            list.push(event);
            updated
        }
        None => user,
    };
    if let Some(event) = set_scope(&txn, Some(actor.id), &user, categories_scope, &reason).await? {
        list.push(event);
    }
    events::record_all(&txn, &list).await?;
    txn.commit().await.context("commit role")?;
    app.events.settle(app).await;
    Ok(())
}

/// Limits a moderator to some categories, logged in the staff log, inside
/// the caller's transaction. `None` when nothing changed.
async fn set_scope(
    txn: &DatabaseTransaction,
    actor: Option<i64>,
    user: &User,
    scope: &str,
    reason: &str,
) -> AppResult<Option<Event>> {
    let slugs: Vec<String> = scope.split(',').map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()).collect();
    let joined = slugs.join(",");
    if joined == user.moderated_categories {
        return Ok(None);
    }
    for slug in &slugs {
        let exists =
            categories::Entity::find().filter(categories::Column::Slug.eq(slug.as_str())).one(txn).await?.is_some();
        if !exists {
            return Err(AppError::invalid("categories", "err-category-unknown"));
        }
    }
    let mut am: users::ActiveModel = user.clone().into();
    am.moderated_categories = Set(joined.clone());
    am.update(txn).await?;
    audit::log(
        txn,
        audit::Entry {
            actor,
            action: "standing.moderator-scope",
            target_user: Some(user.id),
            reason,
            details: audit::details([("from", user.moderated_categories.clone()), ("to", joined)]),
            ..Default::default()
        },
    )
    .await?;
    Ok(Some(Event::StandingChanged { user: user.id, by: actor, field: "moderator-scope".into() }))
}

/// The command line's version of [`set_role`]: no actor, no permission.
pub async fn set_role_cli(db: &Db, username: &str, role: Role, scope: Option<&str>, reason: &str) -> AppResult<()> {
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, true);
    errors.into_result()?;
    let txn = db.write().begin().await?;
    let user = member_for_update(&txn, username).await?;
    let mut list = Vec::new();
    let user = match apply(&txn, &user, StandingChange::Role(role), &reason, None, Source::Cli).await? {
        Some((updated, event)) => {
            list.push(event);
            updated
        }
        None => user,
    };
    if let Some(scope) = scope
        && let Some(event) = set_scope(&txn, None, &user, scope, &reason).await?
    {
        list.push(event);
    }
    events::record_all(&txn, &list).await?;
    txn.commit().await.context("commit role")?;
    Ok(())
}

/// The standing history of a member for the profile (who may see it is
/// the caller's question).
pub use crate::audit::{StandingRow, standing_history};

/// Reads through `db` the member behind `username` (for staff panels).
pub async fn member(db: &impl ConnectionTrait, username: &str) -> AppResult<User> {
    super::find_by_username(db, username).await?.ok_or(AppError::NotFound)
}
