//! Single-use tokens mailed to members. The database keeps only the
//! SHA-256 of a token, so a copy of it lets nobody in; a token is used up
//! by one conditional update, so two clicks cannot both succeed.

use std::net::IpAddr;

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::entities::{account_tokens, mail_requests};
use crate::error::AppResult;

pub const RESET: &str = "reset";
pub const VERIFY: &str = "verify";

/// A new random token (256 bits, hex) and its hash.
pub fn generate() -> AppResult<(String, String)> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("random: {e}"))?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let hash = hash(&token);
    Ok((token, hash))
}

pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Stores a new token for `user` and returns it (to put in a mail).
pub async fn issue(
    txn: &impl ConnectionTrait,
    user: i64,
    purpose: &str,
    email: &str,
    valid_for: time::Duration,
) -> AppResult<String> {
    let (token, hash) = generate()?;
    let now = crate::util::now();
    account_tokens::ActiveModel {
        user_id: Set(user),
        purpose: Set(purpose.to_owned()),
        token_hash: Set(hash),
        email: Set(email.to_owned()),
        created_at: Set(now),
        expires_at: Set(now + valid_for),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(token)
}

/// Tokens of one purpose issued to `user` since `since`.
pub async fn issued_since(
    db: &impl ConnectionTrait,
    user: i64,
    purpose: &str,
    since: OffsetDateTime,
) -> AppResult<u64> {
    Ok(account_tokens::Entity::find()
        .filter(account_tokens::Column::UserId.eq(user))
        .filter(account_tokens::Column::Purpose.eq(purpose))
        .filter(account_tokens::Column::CreatedAt.gt(since))
        .count(db)
        .await?)
}

/// The token's row if it is unused and unexpired (does not use it up).
pub async fn find_valid(
    db: &impl ConnectionTrait,
    purpose: &str,
    token: &str,
) -> AppResult<Option<account_tokens::Model>> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    Ok(account_tokens::Entity::find()
        .filter(account_tokens::Column::TokenHash.eq(hash(token)))
        .filter(account_tokens::Column::Purpose.eq(purpose))
        .filter(account_tokens::Column::UsedAt.is_null())
        .filter(account_tokens::Column::ExpiresAt.gt(crate::util::now()))
        .one(db)
        .await?)
}

/// Uses the token up, if it is still good; exactly one caller gets `Some`.
pub async fn consume(
    txn: &impl ConnectionTrait,
    purpose: &str,
    token: &str,
) -> AppResult<Option<account_tokens::Model>> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let now = crate::util::now();
    let hash = hash(token);
    let changed = account_tokens::Entity::update_many()
        .col_expr(account_tokens::Column::UsedAt, Expr::value(Some(now)))
        .filter(account_tokens::Column::TokenHash.eq(hash.clone()))
        .filter(account_tokens::Column::Purpose.eq(purpose))
        .filter(account_tokens::Column::UsedAt.is_null())
        .filter(account_tokens::Column::ExpiresAt.gt(now))
        .exec(txn)
        .await?
        .rows_affected;
    if changed != 1 {
        return Ok(None);
    }
    Ok(account_tokens::Entity::find().filter(account_tokens::Column::TokenHash.eq(hash)).one(txn).await?)
}

/// Marks every unused token of `user` with `purpose` as used.
pub async fn revoke_all(txn: &impl ConnectionTrait, user: i64, purpose: &str) -> AppResult<()> {
    account_tokens::Entity::update_many()
        .col_expr(account_tokens::Column::UsedAt, Expr::value(Some(crate::util::now())))
        .filter(account_tokens::Column::UserId.eq(user))
        .filter(account_tokens::Column::Purpose.eq(purpose))
        .filter(account_tokens::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

fn looks_like_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Counts a request that may send mail from `ip`; `Err(wait)` when the
/// address made `limit` of them in the last hour (all instances together).
pub async fn count_request(
    db: &impl ConnectionTrait,
    purpose: &str,
    ip: IpAddr,
    limit: u32,
) -> AppResult<Result<(), std::time::Duration>> {
    let now = crate::util::now();
    let hour_ago = now - time::Duration::hours(1);
    let ip = ip.to_string();
    let recent = mail_requests::Entity::find()
        .filter(mail_requests::Column::Purpose.eq(purpose))
        .filter(mail_requests::Column::ClientIp.eq(ip.clone()))
        .filter(mail_requests::Column::CreatedAt.gt(hour_ago))
        .count(db)
        .await?;
    if recent >= u64::from(limit) {
        return Ok(Err(std::time::Duration::from_secs(3600)));
    }
    mail_requests::ActiveModel {
        purpose: Set(purpose.to_owned()),
        client_ip: Set(ip),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // Old rows go as new ones come.
    mail_requests::Entity::delete_many()
        .filter(mail_requests::Column::CreatedAt.lt(now - time::Duration::days(1)))
        .exec(db)
        .await?;
    Ok(Ok(()))
}
