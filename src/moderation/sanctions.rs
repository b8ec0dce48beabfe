//! Sanctions on members: silence (no posting), suspend (no sign-in; every
//! session ends at once), ban. Staff act only on members of lower rank,
//! never on themselves; an admin may act on another admin. The command
//! line can lift any sanction, for recovery.

use anyhow::Context;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set, TransactionTrait,
};

use crate::accounts::{SanctionKind, User, names};
use crate::app::App;
use crate::audit;
use crate::db::Db;
use crate::entities::users;
use crate::error::{AppError, AppResult, FormErrors};
use crate::events::{self, Event};
use crate::input;
use crate::policy::Action;

/// "Until lifted" is stored as this far in the future.
const FOREVER_DAYS: i64 = 365 * 100;

async fn member_for_update(txn: &DatabaseTransaction, username: &str) -> AppResult<User> {
    users::Entity::find()
        .filter(users::Column::UsernameKey.eq(names::username_key(username)))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Command: silence, suspend or ban a member. `days: None` means until lifted.
pub async fn sanction(
    app: &App,
    actor: &User,
    username: &str,
    kind: SanctionKind,
    days: Option<i64>,
    reason: &str,
) -> AppResult<()> {
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, true);
    errors.into_result()?;
    let txn = app.db.write().begin().await?;
    let u = member_for_update(&txn, username).await?;
    let event = apply(&txn, app, actor, &u, kind, days, &reason).await?;
    events::record(&txn, &event).await?;
    txn.commit().await.context("commit sanction")?;
    app.events.settle(app).await;
    Ok(())
}

/// The sanction inside the caller's transaction, with its permission check
/// and log row; returns the event to record.
pub(crate) async fn apply(
    txn: &DatabaseTransaction,
    app: &App,
    actor: &User,
    u: &User,
    kind: SanctionKind,
    days: Option<i64>,
    reason: &str,
) -> AppResult<Event> {
    app.policy.require(&actor.actor(), Action::Sanction { target: u.subject(&app.policy, actor.id) })?;
    let now = crate::util::now();
    let until = days.map(|d| now + time::Duration::days(d.clamp(1, 36500)));
    let until_or_forever = until.unwrap_or_else(|| now + time::Duration::days(FOREVER_DAYS));
    let mut am: users::ActiveModel = u.clone().into();
    am.sanction_reason = Set(reason.to_owned());
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
    am.update(txn).await?;
    let action = match kind {
        SanctionKind::Silence => "user.silence",
        SanctionKind::Suspend => "user.suspend",
        SanctionKind::Ban => "user.ban",
    };
    let details = match until {
        Some(t) => audit::details([("until", crate::util::rfc3339(&t))]),
        None => audit::Details::new(),
    };
    audit::log(
        txn,
        audit::Entry { actor: Some(actor.id), action, target_user: Some(u.id), reason, details, ..Default::default() },
    )
    .await?;
    Ok(Event::SanctionApplied { user: u.id, by: actor.id, sanction: kind.as_str().into() })
}

fn clear(am: &mut users::ActiveModel, kind: SanctionKind) -> &'static str {
    match kind {
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
    }
}

/// Command: lift a sanction early (the same rank rules as imposing one).
pub async fn lift(app: &App, actor: &User, username: &str, kind: SanctionKind, reason: &str) -> AppResult<()> {
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, false);
    errors.into_result()?;
    let txn = app.db.write().begin().await?;
    let u = member_for_update(&txn, username).await?;
    app.policy.require(&actor.actor(), Action::Sanction { target: u.subject(&app.policy, actor.id) })?;
    let mut am: users::ActiveModel = u.clone().into();
    let action = clear(&mut am, kind);
    am.update(&txn).await?;
    audit::log(
        &txn,
        audit::Entry { actor: Some(actor.id), action, target_user: Some(u.id), reason: &reason, ..Default::default() },
    )
    .await?;
    events::record(&txn, &Event::SanctionLifted { user: u.id, by: Some(actor.id), sanction: kind.as_str().into() })
        .await?;
    txn.commit().await.context("commit lift")?;
    app.events.settle(app).await;
    Ok(())
}

/// Lifts every sanction of a member, from the command line (recovery when
/// staff have locked each other out). Returns the sanctions lifted.
pub async fn unsanction_cli(db: &Db, username: &str, reason: &str) -> AppResult<Vec<SanctionKind>> {
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, true);
    errors.into_result()?;
    let txn = db.write().begin().await?;
    let u = member_for_update(&txn, username).await?;
    let lifted: Vec<SanctionKind> =
        SanctionKind::ALL.into_iter().filter(|k| crate::accounts::active(&u, *k).is_some()).collect();
    let mut am: users::ActiveModel = u.clone().into();
    let mut list = Vec::new();
    for kind in &lifted {
        let action = clear(&mut am, *kind);
        audit::log(&txn, audit::Entry { action, target_user: Some(u.id), reason: &reason, ..Default::default() })
            .await?;
        list.push(Event::SanctionLifted { user: u.id, by: None, sanction: kind.as_str().into() });
    }
    if !lifted.is_empty() {
        am.update(&txn).await?;
    }
    events::record_all(&txn, &list).await?;
    txn.commit().await.context("commit unsanction")?;
    Ok(lifted)
}
