//! Filing a request: from an account at once; by e-mail only once the
//! address is confirmed, which gives the requester a tracking number and a
//! secret access key (stored hashed, shown once and mailed).
//!
//! Filing by e-mail never looks at accounts: a request about an account
//! filed from another address learns nothing about that account, and the
//! answer to the form is the same whatever the address.

use std::net::IpAddr;
use std::time::Duration;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::outbox::{self, Data};
use super::{ACCOUNT, EMAIL, FROM_REQUESTER, NEW, SUBJECT_MAX, Service};
use crate::accounts::User;
use crate::app::App;
use crate::entities::{desk_messages, desk_pending, desk_requests, desk_services};
use crate::error::{AppError, AppResult, FormErrors};
use crate::events::{self, Event};

/// A confirmation link works this long.
const CONFIRM_HOURS: i64 = 24;

/// What the filing form carries.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Filing {
    #[serde(default)]
    pub service: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: String,
    /// `account` or `email`: where the answers go.
    #[serde(default)]
    pub answers: String,
    /// The address of a requester who is not signed in.
    #[serde(default)]
    pub email: String,
}

/// A checked filing.
pub struct Checked {
    pub service: Service,
    pub subject: String,
    pub body: String,
}

/// Checks the fields every filing has.
pub async fn check(app: &App, f: &Filing, errors: &mut FormErrors) -> AppResult<Option<Checked>> {
    let service = match f.service.trim().parse::<i64>() {
        Ok(id) => desk_services::Entity::find_by_id(id).one(app.db.read()).await?.filter(|s| s.open),
        Err(_) => None,
    };
    if service.is_none() {
        errors.add("service", "desk-err-service");
    }
    let subject = f.subject.trim().to_owned();
    if subject.chars().count() < 3 {
        errors.add("subject", "desk-err-subject-short");
    }
    crate::input::at_most(errors, "subject", &subject, SUBJECT_MAX);
    let body = f.body.replace("\r\n", "\n");
    if body.trim().is_empty() {
        errors.add("body", "err-body-empty");
    } else if body.chars().count() > app.config.max_post_chars {
        errors.add_with("body", "err-body-long", vec![("max", app.config.max_post_chars.to_string())]);
    }
    Ok(service.map(|service| Checked { service, subject, body }))
}

fn hour_ago() -> OffsetDateTime {
    crate::util::now() - time::Duration::hours(1)
}

/// `Err(RateLimited)` when `times` (creation times within the last hour)
/// already hold `limit` entries.
fn over(times: &[OffsetDateTime], limit: u32) -> AppResult<()> {
    if times.len() < usize::try_from(limit.max(1)).unwrap_or(usize::MAX) {
        return Ok(());
    }
    let oldest = times.iter().min().copied().unwrap_or_else(crate::util::now);
    let wait = (oldest + time::Duration::hours(1) - crate::util::now()).whole_seconds().max(1);
    Err(AppError::RateLimited { retry_after: Duration::from_secs(u64::try_from(wait).unwrap_or(3600)) })
}

async fn request_times(
    db: &impl ConnectionTrait,
    filter: sea_orm::sea_query::SimpleExpr,
) -> AppResult<Vec<OffsetDateTime>> {
    Ok(desk_requests::Entity::find()
        .select_only()
        .column(desk_requests::Column::CreatedAt)
        .filter(filter)
        .filter(desk_requests::Column::CreatedAt.gt(hour_ago()))
        .into_tuple::<OffsetDateTime>()
        .all(db)
        .await?)
}

async fn pending_times(
    db: &impl ConnectionTrait,
    filter: sea_orm::sea_query::SimpleExpr,
) -> AppResult<Vec<OffsetDateTime>> {
    Ok(desk_pending::Entity::find()
        .select_only()
        .column(desk_pending::Column::CreatedAt)
        .filter(filter)
        .filter(desk_pending::Column::CreatedAt.gt(hour_ago()))
        .into_tuple::<OffsetDateTime>()
        .all(db)
        .await?)
}

/// Filings from one client address in the last hour: account requests and
/// e-mail filings (confirmed or not).
async fn check_origin(app: &App, origin: &str) -> AppResult<()> {
    let db = app.db.read();
    let mut times = request_times(
        db,
        sea_orm::sea_query::ExprTrait::and(
            desk_requests::Column::Origin.eq(origin),
            desk_requests::Column::Channel.eq(ACCOUNT),
        ),
    )
    .await?;
    times.extend(pending_times(db, desk_pending::Column::Origin.eq(origin)).await?);
    over(&times, app.config.desk_per_ip_per_hour)
}

/// Inserts a request with its first message and records the event.
async fn insert_request(
    txn: &DatabaseTransaction,
    new: desk_requests::ActiveModel,
    body: &str,
    by: Option<i64>,
) -> AppResult<i64> {
    let html = crate::crosslinks::render(txn, body).await?.html.into_string();
    let now = crate::util::now();
    let req = new.insert(txn).await?;
    let msg = desk_messages::ActiveModel {
        request_id: Set(req.id),
        author_id: Set(by),
        kind: Set(FROM_REQUESTER.into()),
        body: Set(body.to_owned()),
        html: Set(html),
        proposal_id: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    events::record_all(
        txn,
        &[
            Event::SupportRequestFiled { request: req.id, by },
            Event::SupportMessageAdded { request: req.id, message: msg.id, by, from: FROM_REQUESTER.into() },
        ],
    )
    .await?;
    Ok(req.id)
}

/// Command: a signed-in member files a request; it appears in their
/// account. `answers == "email"` also mails them each answer.
pub async fn file_from_account(app: &App, user: &User, ip: IpAddr, f: &Filing, locale: &str) -> AppResult<i64> {
    let mut errors = FormErrors::new();
    let checked = check(app, f, &mut errors).await?;
    errors.into_result()?;
    let Some(c) = checked else { return Err(AppError::invalid("service", "desk-err-service")) };
    let origin = super::origin_of(ip);
    over(
        &request_times(app.db.read(), desk_requests::Column::UserId.eq(user.id)).await?,
        app.config.desk_per_address_per_hour,
    )?;
    check_origin(app, &origin).await?;
    let now = crate::util::now();
    let txn = app.db.write().begin().await?;
    let id = insert_request(
        &txn,
        desk_requests::ActiveModel {
            service_id: Set(c.service.id),
            user_id: Set(Some(user.id)),
            email: Set(None),
            email_key: Set(None),
            channel: Set(ACCOUNT.into()),
            notify_email: Set(f.answers == EMAIL),
            subject: Set(c.subject),
            status: Set(NEW.into()),
            assignee_id: Set(None),
            key_hash: Set(None),
            origin: Set(origin),
            locale: Set(locale.to_owned()),
            merged_into: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            first_response_at: Set(None),
            resolved_at: Set(None),
            archived_at: Set(None),
            ..Default::default()
        },
        &c.body,
        Some(user.id),
    )
    .await?;
    txn.commit().await?;
    app.events.settle(app).await;
    Ok(id)
}

/// Command: someone not signed in files a request by e-mail. Nothing is
/// filed yet: the address gets a confirmation link. The answer is the same
/// for every address.
pub async fn file_by_email(app: &App, ip: IpAddr, f: &Filing, locale: &str) -> AppResult<()> {
    let mut errors = FormErrors::new();
    let checked = check(app, f, &mut errors).await?;
    let email = crate::accounts::names::parse_email(&f.email, &mut errors);
    errors.into_result()?;
    let (Some(c), Some((email, key))) = (checked, email) else {
        return Err(AppError::invalid("email", "err-email-invalid"));
    };
    let origin = super::origin_of(ip);
    over(
        &pending_times(app.db.read(), desk_pending::Column::EmailKey.eq(key.as_str())).await?,
        app.config.desk_per_address_per_hour,
    )?;
    check_origin(app, &origin).await?;
    let token = super::random_hex(32)?;
    let txn = app.db.write().begin().await?;
    desk_pending::ActiveModel {
        token_hash: Set(Some(super::sha256_hex(&token))),
        email: Set(email.clone()),
        email_key: Set(key),
        service_id: Set(c.service.id),
        subject: Set(c.subject),
        body: Set(c.body),
        origin: Set(origin),
        locale: Set(locale.to_owned()),
        created_at: Set(crate::util::now()),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let path = format!("/support/confirm/{token}");
    outbox::send(&txn, &app.config, &email, outbox::CONFIRM, locale, &Data::new(), &path).await?;
    txn.commit().await?;
    Ok(())
}

/// What the requester of an e-mail request follows it with; the key is
/// shown once and mailed, and only its hash is kept.
#[derive(Debug, Clone, Serialize)]
pub struct Credentials {
    pub number: i64,
    pub key: String,
}

/// Whether a confirmation link is still good (for the page that asks to
/// confirm; confirming checks again).
pub async fn confirmation_valid(app: &App, token: &str) -> AppResult<bool> {
    Ok(desk_pending::Entity::find()
        .filter(desk_pending::Column::TokenHash.eq(super::sha256_hex(token)))
        .filter(desk_pending::Column::CreatedAt.gt(crate::util::now() - time::Duration::hours(CONFIRM_HOURS)))
        .one(app.db.read())
        .await?
        .is_some())
}

/// Command: the confirmation link is followed. The request is filed now;
/// the link works once.
pub async fn confirm(app: &App, token: &str) -> AppResult<Credentials> {
    let hash = super::sha256_hex(token);
    let now = crate::util::now();
    let txn = app.db.write().begin().await?;
    let pending = desk_pending::Entity::find()
        .filter(desk_pending::Column::TokenHash.eq(hash.as_str()))
        .filter(desk_pending::Column::CreatedAt.gt(now - time::Duration::hours(CONFIRM_HOURS)))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    // The conditional update decides a race between two clicks.
    let taken = desk_pending::Entity::update_many()
        .col_expr(desk_pending::Column::TokenHash, Expr::value(Option::<String>::None))
        .col_expr(desk_pending::Column::UsedAt, Expr::value(Some(now)))
        .filter(desk_pending::Column::Id.eq(pending.id))
        .filter(desk_pending::Column::TokenHash.eq(hash.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    if taken != 1 {
        return Err(AppError::NotFound);
    }
    let key = super::random_hex(16)?;
    let id = insert_request(
        &txn,
        desk_requests::ActiveModel {
            service_id: Set(pending.service_id),
            user_id: Set(None),
            email: Set(Some(pending.email.clone())),
            email_key: Set(Some(pending.email_key.clone())),
            channel: Set(EMAIL.into()),
            notify_email: Set(true),
            subject: Set(pending.subject.clone()),
            status: Set(NEW.into()),
            assignee_id: Set(None),
            key_hash: Set(Some(super::sha256_hex(&key))),
            origin: Set(pending.origin.clone()),
            locale: Set(pending.locale.clone()),
            merged_into: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            first_response_at: Set(None),
            resolved_at: Set(None),
            archived_at: Set(None),
            ..Default::default()
        },
        &pending.body,
        None,
    )
    .await?;
    let path = format!("/support/track?n={id}");
    let data = Data::from([("number", id.to_string()), ("key", key.clone()), ("subject", pending.subject.clone())]);
    outbox::send(&txn, &app.config, &pending.email, outbox::CREDENTIALS, &pending.locale, &data, &path).await?;
    txn.commit().await?;
    app.events.settle(app).await;
    Ok(Credentials { number: id, key })
}

/// The request an e-mail requester opens with its number and key; `None`
/// for a wrong number or key alike.
pub async fn open_tracked(app: &App, number: i64, key: &str) -> AppResult<Option<i64>> {
    let Some(r) = desk_requests::Entity::find_by_id(number).one(app.db.read()).await? else {
        return Ok(None);
    };
    let given = super::sha256_hex(key.trim());
    let ok = r.channel == EMAIL
        && r.key_hash.as_deref().is_some_and(|h| {
            use subtle::ConstantTimeEq;
            bool::from(h.as_bytes().ct_eq(given.as_bytes()))
        });
    // A request merged into another of the same requester opens that one.
    Ok(ok.then_some(r.merged_into.unwrap_or(r.id)))
}
