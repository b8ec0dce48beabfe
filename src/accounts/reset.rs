//! Password reset by mail. Whoever asks gets the same answer whether or not
//! an account matches; the mail carries a single-use link valid for an
//! hour; using it sets a new password and ends every session of the member.

use std::net::IpAddr;

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

use super::{User, names, password, tokens};
use crate::app::App;
use crate::entities::users;
use crate::error::{AppError, AppResult, FormErrors};
use crate::events::{self, Event};

pub const VALID_FOR: time::Duration = time::Duration::hours(1);

/// The language mail to `user` is written in.
pub fn mail_locale(app: &App, user: &User) -> String {
    user.locale.clone().unwrap_or_else(|| app.default_locale())
}

/// The account a login (username or address) names, if any.
pub async fn find_by_login(app: &App, login: &str) -> AppResult<Option<User>> {
    let login = login.trim();
    if login.is_empty() {
        return Ok(None);
    }
    if login.contains('@') {
        Ok(users::Entity::find().filter(users::Column::EmailKey.eq(names::email_key(login))).one(app.db.read()).await?)
    } else {
        super::find_by_username(app.db.read(), login).await
    }
}

/// Command: someone asks for a reset link for `login`. `Ok(())` in every
/// case but a flood from one address: whether an account exists shows
/// neither in the answer nor in what the asker can measure.
pub async fn request(app: &App, ip: IpAddr, login: &str) -> AppResult<()> {
    let limits = &app.config.mail;
    if let Err(wait) = tokens::count_request(app.db.write(), tokens::RESET, ip, limits.requests_per_ip_per_hour).await?
    {
        return Err(AppError::RateLimited { retry_after: wait });
    }
    let Some(user) = find_by_login(app, login).await? else {
        tracing::info!("password reset asked for no account");
        return Ok(());
    };
    let since = crate::util::now() - time::Duration::hours(1);
    if tokens::issued_since(app.db.read(), user.id, tokens::RESET, since).await?
        >= u64::from(limits.per_account_per_hour)
    {
        tracing::info!(user = user.id, "password reset over the per-account limit; no mail");
        return Ok(());
    }
    let locale = mail_locale(app, &user);
    let txn = app.db.write().begin().await?;
    let token = tokens::issue(&txn, user.id, tokens::RESET, &user.email, VALID_FOR).await?;
    let mail = crate::mail::compose(
        &app.config,
        &locale,
        &user.email,
        "mail-reset",
        &[("name", user.username.clone()), ("site", app.config.site_name.clone())],
        Some(&format!("/password-reset/{token}")),
    );
    crate::mail::enqueue(&txn, mail).await?;
    txn.commit().await?;
    tracing::info!(user = user.id, "password reset link mailed");
    Ok(())
}

/// Whether a reset link can still be used (the form is shown only then).
pub async fn link_valid(app: &App, token: &str) -> AppResult<bool> {
    Ok(tokens::find_valid(app.db.read(), tokens::RESET, token).await?.is_some())
}

/// Command: a new password through a reset link. Uses the link up, ends
/// every session of the member, and counts as proof of the address the
/// link was sent to. `Conflict` when the link is used, expired or unknown.
pub async fn reset(app: &App, token: &str, new: &str, confirm: &str) -> AppResult<User> {
    let Some(found) = tokens::find_valid(app.db.read(), tokens::RESET, token).await? else {
        return Err(AppError::conflict("reset-link-invalid"));
    };
    let user = super::find_by_id(app.db.read(), found.user_id).await?.ok_or(AppError::NotFound)?;
    let mut errors = FormErrors::new();
    password::validate(new, "new_password", &[&user.username, &user.email], &mut errors);
    if new != confirm {
        errors.add("confirm_password", "err-password-mismatch");
    }
    errors.into_result()?;
    let hash = password::hash(new).await?;
    let txn = app.db.write().begin().await?;
    let Some(used) = tokens::consume(&txn, tokens::RESET, token).await? else {
        txn.rollback().await?;
        return Err(AppError::conflict("reset-link-invalid"));
    };
    // Read again inside the transaction: the epoch must move from its latest value.
    let user = super::find_by_id(&txn, used.user_id).await?.ok_or(AppError::NotFound)?;
    tokens::revoke_all(&txn, user.id, tokens::RESET).await?;
    let mut am: users::ActiveModel = user.clone().into();
    am.password_hash = Set(hash);
    am.session_epoch = Set(user.session_epoch.wrapping_add(1));
    if names::email_key(&used.email) == user.email_key {
        am.email_verified = Set(true);
    }
    am.updated_at = Set(crate::util::now());
    let updated = am.update(&txn).await?;
    events::record(&txn, &Event::PasswordChanged { user: user.id }).await?;
    txn.commit().await?;
    tracing::info!(user = user.id, "password reset through a mailed link");
    app.events.settle(app).await;
    Ok(updated)
}
