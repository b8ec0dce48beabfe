//! Proving an e-mail address: at sign-up and when a member changes it. The
//! link is single-use and short-lived, stored hashed; until it is opened a
//! member may read but not write. Sign-up and address change answer alike
//! whether or not the address is taken: a taken address gets a note to its
//! owner instead of a link.

use std::net::IpAddr;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};

use super::{User, names, reset::mail_locale, tokens};
use crate::app::App;
use crate::config::Config;
use crate::entities::{mail_queue, users};
use crate::error::{AppError, AppResult};
use crate::events::{self, Event};

pub const VALID_FOR: time::Duration = time::Duration::hours(24);

/// A verification link to send with a new account, in `locale`.
pub struct Pending<'a> {
    pub config: &'a Config,
    pub locale: &'a str,
}

impl Pending<'_> {
    /// Issues a token proving `email` for `user` and queues the mail, in `txn`.
    pub async fn send(&self, txn: &impl ConnectionTrait, user: &User, email: &str) -> AppResult<()> {
        let token = tokens::issue(txn, user.id, tokens::VERIFY, email, VALID_FOR).await?;
        let mail = crate::mail::compose(
            self.config,
            self.locale,
            email,
            "mail-verify",
            &[("name", user.username.clone()), ("site", self.config.site_name.clone())],
            Some(&format!("/verify/{token}")),
        );
        crate::mail::enqueue(txn, mail).await?;
        Ok(())
    }
}

/// Someone tried to sign up with (or switch to) an address that has an
/// account: its owner hears of it, at most a few times an hour.
pub async fn tell_owner_someone_tried(app: &App, email: &str) -> AppResult<()> {
    let Some(owner) =
        users::Entity::find().filter(users::Column::EmailKey.eq(names::email_key(email))).one(app.db.read()).await?
    else {
        return Ok(());
    };
    let since = crate::util::now() - time::Duration::hours(1);
    let recent = mail_queue::Entity::find()
        .filter(mail_queue::Column::Kind.eq("mail-taken"))
        .filter(mail_queue::Column::ToAddr.eq(owner.email.clone()))
        .filter(mail_queue::Column::CreatedAt.gt(since))
        .count(app.db.read())
        .await?;
    if recent >= u64::from(app.config.mail.per_account_per_hour) {
        return Ok(());
    }
    let mail = crate::mail::compose(
        &app.config,
        &mail_locale(app, &owner),
        &owner.email,
        "mail-taken",
        &[("name", owner.username.clone()), ("site", app.config.site_name.clone())],
        Some("/password-reset"),
    );
    crate::mail::enqueue(app.db.write(), mail).await?;
    tracing::info!(user = owner.id, "told the owner of an address that someone tried to use it");
    Ok(())
}

/// The link for an address change goes to the new address.
pub async fn request_change(app: &App, user: &User, email: &str, key: &str) -> AppResult<()> {
    let taken = users::Entity::find().filter(users::Column::EmailKey.eq(key)).one(app.db.read()).await?.is_some();
    if taken {
        return tell_owner_someone_tried(app, email).await;
    }
    let locale = mail_locale(app, user);
    let txn = app.db.write().begin().await?;
    Pending { config: &app.config, locale: &locale }.send(&txn, user, email).await?;
    txn.commit().await?;
    tracing::info!(user = user.id, "address change link mailed");
    Ok(())
}

/// Command: a new verification link for the member's current address.
/// Limited per client address and per account.
pub async fn resend(app: &App, user: &User, ip: IpAddr) -> AppResult<()> {
    if user.email_verified {
        return Ok(());
    }
    let limits = &app.config.mail;
    if let Err(wait) =
        tokens::count_request(app.db.write(), tokens::VERIFY, ip, limits.requests_per_ip_per_hour).await?
    {
        return Err(AppError::RateLimited { retry_after: wait });
    }
    let since = crate::util::now() - time::Duration::hours(1);
    if tokens::issued_since(app.db.read(), user.id, tokens::VERIFY, since).await?
        >= u64::from(limits.per_account_per_hour)
    {
        return Err(AppError::RateLimited { retry_after: std::time::Duration::from_secs(3600) });
    }
    let locale = mail_locale(app, user);
    let txn = app.db.write().begin().await?;
    Pending { config: &app.config, locale: &locale }.send(&txn, user, &user.email).await?;
    txn.commit().await?;
    Ok(())
}

/// Whether a verification link can still be used.
pub async fn link_valid(app: &App, token: &str) -> AppResult<bool> {
    Ok(tokens::find_valid(app.db.read(), tokens::VERIFY, token).await?.is_some())
}

/// Command: the member opened the link. Their address is verified (or,
/// for a change, becomes the new one). `Conflict` when the link is used,
/// expired or unknown, or the new address was taken meanwhile.
pub async fn confirm(app: &App, token: &str) -> AppResult<User> {
    let txn = app.db.write().begin().await?;
    let Some(used) = tokens::consume(&txn, tokens::VERIFY, token).await? else {
        txn.rollback().await?;
        return Err(AppError::conflict("verify-link-invalid"));
    };
    let user = super::find_by_id(&txn, used.user_id).await?.ok_or(AppError::NotFound)?;
    tokens::revoke_all(&txn, user.id, tokens::VERIFY).await?;
    let updated = match apply(&txn, &user, &used.email).await {
        Ok(u) => u,
        Err(e) => {
            txn.rollback().await?;
            return Err(e);
        }
    };
    txn.commit().await?;
    tracing::info!(user = user.id, "address verified");
    app.events.settle(app).await;
    Ok(updated)
}

async fn apply(txn: &DatabaseTransaction, user: &User, email: &str) -> AppResult<User> {
    let key = names::email_key(email);
    let mut am: users::ActiveModel = user.clone().into();
    am.email_verified = Set(true);
    am.updated_at = Set(crate::util::now());
    let changed = key != user.email_key;
    if changed {
        am.email = Set(email.to_owned());
        am.email_key = Set(key);
    }
    let updated = match am.update(txn).await {
        Ok(u) => u,
        Err(e) if crate::error::is_unique_violation(&e) => return Err(AppError::conflict("err-email-unavailable")),
        Err(e) => return Err(e.into()),
    };
    if changed {
        // Reset links sent to the old address stop working.
        tokens::revoke_all(txn, user.id, tokens::RESET).await?;
        events::record(txn, &Event::EmailChanged { user: user.id }).await?;
    }
    Ok(updated)
}
