//! Personal API tokens: a member makes one in their settings, sees it once,
//! and scripts send it as `Authorization: Bearer <token>`. Only a SHA-256
//! of the token is stored, so a copy of the database holds no usable token.
//! `read` tokens read what the member may read; `write` tokens also act as
//! the member, through the same commands as the site's forms.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use sha2::{Digest, Sha256};
use time::Duration;

use super::{User, find_by_id, kept_out};
use crate::app::App;
use crate::db::Db;
use crate::entities::api_tokens;
use crate::error::{AppError, AppResult, FormErrors};

pub use api_tokens::Model as Token;

/// What a token lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Read,
    Write,
}

impl Scope {
    pub fn parse(s: &str) -> Option<Scope> {
        match s {
            "read" => Some(Scope::Read),
            "write" => Some(Scope::Write),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }
}

/// Token names (a `varchar(64)` column).
pub const NAME_MAX: usize = 64;
/// Live tokens a member may hold at once.
pub const TOKENS_MAX: u64 = 20;
/// The beginning every token shares, so secret scanners can find leaked ones.
pub const TOKEN_PREFIX: &str = "veche_";
/// How stale `last_used_at` may get before a request writes it again.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// SHA-256 of a token, in hex: what the database keeps.
pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn new_secret() -> AppResult<String> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(anyhow::anyhow!("random token: {e}")))?;
    Ok(format!("{TOKEN_PREFIX}{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()))
}

/// A token just made: the row, and the token itself, shown this once.
pub struct Created {
    pub token: Token,
    pub secret: String,
}

/// Command: a new personal token for `actor`.
pub async fn create(app: &App, actor: &User, name: &str, scope: &str) -> AppResult<Created> {
    let mut errors = FormErrors::new();
    let name = name.trim();
    if name.is_empty() {
        errors.add("token_name", "api-token-name-empty");
    }
    if name.chars().count() > NAME_MAX {
        errors.add_with("token_name", "err-too-long", vec![("max", NAME_MAX.to_string())]);
    }
    let scope = Scope::parse(scope);
    if scope.is_none() {
        errors.add("token_scope", "api-token-scope-unknown");
    }
    errors.into_result()?;
    let Some(scope) = scope else { return Err(AppError::bad_request("api-token-scope-unknown")) };
    let live = api_tokens::Entity::find()
        .filter(api_tokens::Column::UserId.eq(actor.id))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .count(app.db.read())
        .await?;
    if live >= TOKENS_MAX {
        return Err(AppError::Invalid(FormErrors::one_msg(
            "token_name",
            crate::error::Msg::new("api-token-too-many").with("max", TOKENS_MAX),
        )));
    }
    let secret = new_secret()?;
    let token = api_tokens::ActiveModel {
        user_id: Set(actor.id),
        name: Set(name.to_owned()),
        token_hash: Set(hash(&secret)),
        prefix: Set(secret.chars().take(TOKEN_PREFIX.len() + 6).collect()),
        scope: Set(scope.as_str().to_owned()),
        created_at: Set(crate::util::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(app.db.write())
    .await
    .context("insert api token")?;
    Ok(Created { token, secret })
}

/// Command: revoke one of `actor`'s tokens. Revoking twice, or a token of
/// someone else, changes nothing (the latter is `NotFound`).
pub async fn revoke(app: &App, actor: &User, id: i64) -> AppResult<()> {
    let t = api_tokens::Entity::find_by_id(id)
        .filter(api_tokens::Column::UserId.eq(actor.id))
        .one(app.db.read())
        .await?
        .ok_or(AppError::NotFound)?;
    if t.revoked_at.is_some() {
        return Ok(());
    }
    api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::RevokedAt, Expr::value(Some(crate::util::now())))
        .filter(api_tokens::Column::Id.eq(t.id))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .exec(app.db.write())
        .await?;
    Ok(())
}

/// A member's live tokens, newest first.
pub async fn of_user(db: &Db, user_id: i64) -> AppResult<Vec<Token>> {
    Ok(api_tokens::Entity::find()
        .filter(api_tokens::Column::UserId.eq(user_id))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .order_by_desc(api_tokens::Column::Id)
        .all(db.read())
        .await?)
}

/// Who holds a token, and what it allows.
#[derive(Debug, Clone)]
pub struct Bearer {
    pub user: User,
    pub scope: Scope,
    pub token_id: i64,
}

/// The member behind `secret`, or `None` when it is unknown, revoked, or
/// its member may not come in (banned, suspended, not yet approved). Notes
/// the time of use, at most once a minute per token.
pub async fn authenticate(app: &App, secret: &str) -> AppResult<Option<Bearer>> {
    if !secret.starts_with(TOKEN_PREFIX) || secret.len() > 128 {
        return Ok(None);
    }
    let Some(t) = api_tokens::Entity::find()
        .filter(api_tokens::Column::TokenHash.eq(hash(secret)))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .one(app.db.read())
        .await?
    else {
        return Ok(None);
    };
    let Some(user) = find_by_id(app.db.read(), t.user_id).await? else { return Ok(None) };
    if !user.approved || kept_out(&user).is_some() {
        return Ok(None);
    }
    let Some(scope) = Scope::parse(&t.scope) else { return Ok(None) };
    let now = crate::util::now();
    if t.last_used_at.is_none_or(|at| now - at >= TOUCH_EVERY) {
        // One conditional statement: concurrent requests write it once.
        api_tokens::Entity::update_many()
            .col_expr(api_tokens::Column::LastUsedAt, Expr::value(Some(now)))
            .filter(api_tokens::Column::Id.eq(t.id))
            .filter(
                Condition::any()
                    .add(api_tokens::Column::LastUsedAt.is_null())
                    .add(api_tokens::Column::LastUsedAt.lt(now - TOUCH_EVERY)),
            )
            .exec(app.db.write())
            .await?;
    }
    Ok(Some(Bearer { user, scope, token_id: t.id }))
}
