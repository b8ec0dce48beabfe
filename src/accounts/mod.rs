//! Members: sign-up, sign-in, settings, roles, and standing (certificate
//! level and BL) with its audit trail. No HTTP here.

pub mod community;
pub mod names;
pub mod password;
pub mod session_store;
pub mod throttle;

use anyhow::Context;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use time::OffsetDateTime;

use crate::db::Db;
use crate::entities::{standing_changes, users};
use crate::error::{AppError, AppResult, FormErrors, is_unique_violation};
use crate::policy::{Actor, Policy, Role};

pub use users::Model as User;

pub const BL_MAX: i32 = 10_000;

impl User {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Member)
    }

    /// This member as policy sees them.
    pub fn actor(&self) -> Actor<'_> {
        let silenced = self.silenced_until.is_some_and(|t| t > crate::util::now());
        Actor::Member { role: self.role(), certificate: &self.certificate, bl: self.bl, silenced }
    }
}

/// What the sign-up form carries.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct SignUp {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
}

/// The outcome of a sign-up. The web layer answers both the same way, so
/// nobody learns from it whether an address is registered.
#[derive(Debug)]
pub enum Registered {
    Created(Box<User>),
    EmailTaken,
}

pub async fn find_by_username(db: &impl ConnectionTrait, name: &str) -> AppResult<Option<User>> {
    Ok(users::Entity::find().filter(users::Column::UsernameKey.eq(names::username_key(name))).one(db).await?)
}

pub async fn find_by_id(db: &impl ConnectionTrait, id: i64) -> AppResult<Option<User>> {
    Ok(users::Entity::find_by_id(id).one(db).await?)
}

/// A sign-up from the web; with `needs_approval` the account can sign in
/// only once a moderator approves it.
pub async fn register(
    db: &Db,
    default_certificate: &str,
    form: &SignUp,
    needs_approval: bool,
) -> AppResult<Registered> {
    let created = create(db, default_certificate, form, Role::Member).await?;
    if let (true, Registered::Created(user)) = (needs_approval, &created) {
        let mut am: users::ActiveModel = (**user).clone().into();
        am.approved = Set(false);
        am.update(db.write()).await?;
    }
    Ok(created)
}

/// Creates an account with `role` (the command line uses this for the first admin).
pub async fn create(db: &Db, default_certificate: &str, form: &SignUp, role: Role) -> AppResult<Registered> {
    let mut errors = FormErrors::new();
    let username = names::parse_username(&form.username, &mut errors);
    let email = names::parse_email(&form.email, &mut errors);
    password::validate(&form.password, "password", &[form.username.trim(), form.email.trim()], &mut errors);
    errors.into_result()?;
    let (Some(username), Some((email, email_key))) = (username, email) else {
        return Err(AppError::Invalid(FormErrors::new()));
    };
    if username_taken(db.read(), &username.key).await? {
        return Err(AppError::Invalid(FormErrors::one("username", "err-username-taken")));
    }
    // Hash before looking at the e-mail, so both answers take as long.
    let hash = password::hash(&form.password).await?;
    if email_taken(db.read(), &email_key).await? {
        return Ok(Registered::EmailTaken);
    }
    let now = OffsetDateTime::now_utc();
    let insert = users::ActiveModel {
        username: Set(username.display),
        username_key: Set(username.key.clone()),
        email: Set(email),
        email_key: Set(email_key.clone()),
        password_hash: Set(hash),
        role: Set(role.as_str().to_owned()),
        certificate: Set(default_certificate.to_owned()),
        bl: Set(0),
        locale: Set(None),
        session_epoch: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db.write())
    .await;
    match insert {
        Ok(user) => Ok(Registered::Created(Box::new(user))),
        // Lost a race with a sign-up for the same name or address.
        Err(e) if is_unique_violation(&e) => {
            if username_taken(db.write(), &username.key).await? {
                Err(AppError::Invalid(FormErrors::one("username", "err-username-taken")))
            } else {
                Ok(Registered::EmailTaken)
            }
        }
        Err(e) => Err(e.into()),
    }
}

async fn username_taken(db: &impl ConnectionTrait, key: &str) -> AppResult<bool> {
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::UsernameKey.eq(key))
        .into_tuple::<i64>()
        .one(db)
        .await?
        .is_some())
}

async fn email_taken(db: &impl ConnectionTrait, key: &str) -> AppResult<bool> {
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::EmailKey.eq(key))
        .into_tuple::<i64>()
        .one(db)
        .await?
        .is_some())
}

/// Finds the account by username or e-mail and checks the password. Takes
/// the same time whether or not the account exists.
pub async fn authenticate(db: &Db, login: &str, password: &str) -> AppResult<Option<User>> {
    let login = login.trim();
    let user = if login.contains('@') {
        users::Entity::find().filter(users::Column::EmailKey.eq(names::email_key(login))).one(db.read()).await?
    } else {
        find_by_username(db.read(), login).await?
    };
    let ok = password::verify(password, user.as_ref().map(|u| u.password_hash.as_str())).await?;
    Ok(if ok { user } else { None })
}

/// Changes the password after re-checking the current one, and ends every
/// session of the member (the caller signs the current browser in again).
pub async fn change_password(db: &Db, user: &User, current: &str, new: &str, confirm: &str) -> AppResult<User> {
    let mut errors = FormErrors::new();
    if !password::verify(current, Some(&user.password_hash)).await? {
        errors.add("current_password", "err-current-password");
    }
    password::validate(new, "new_password", &[&user.username, &user.email], &mut errors);
    if new != confirm {
        errors.add("confirm_password", "err-password-mismatch");
    }
    errors.into_result()?;
    let hash = password::hash(new).await?;
    let mut am: users::ActiveModel = user.clone().into();
    am.password_hash = Set(hash);
    am.session_epoch = Set(user.session_epoch.wrapping_add(1));
    am.updated_at = Set(OffsetDateTime::now_utc());
    Ok(am.update(db.write()).await?)
}

pub async fn change_email(db: &Db, user: &User, current: &str, new_email: &str) -> AppResult<User> {
    let mut errors = FormErrors::new();
    if !password::verify(current, Some(&user.password_hash)).await? {
        errors.add("current_password", "err-current-password");
    }
    let parsed = names::parse_email(new_email, &mut errors);
    errors.into_result()?;
    let Some((email, key)) = parsed else {
        return Err(AppError::Invalid(FormErrors::one("email", "err-email-invalid")));
    };
    let mut am: users::ActiveModel = user.clone().into();
    am.email = Set(email);
    am.email_key = Set(key);
    am.updated_at = Set(OffsetDateTime::now_utc());
    match am.update(db.write()).await {
        Ok(u) => Ok(u),
        Err(e) if is_unique_violation(&e) => Err(AppError::Invalid(FormErrors::one("email", "err-email-unavailable"))),
        Err(e) => Err(e.into()),
    }
}

pub async fn set_locale(db: &Db, user: &User, locale: Option<&str>) -> AppResult<()> {
    let mut am: users::ActiveModel = user.clone().into();
    am.locale = Set(locale.map(str::to_owned));
    am.update(db.write()).await?;
    Ok(())
}

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

/// Applies one change and writes its audit row in the same transaction.
/// Returns false when the value was already that (nothing is written).
pub async fn change_standing(
    db: &Db,
    policy: &Policy,
    username: &str,
    change: StandingChange,
    reason: &str,
    actor_id: Option<i64>,
    source: Source,
) -> AppResult<bool> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::Invalid(FormErrors::one("reason", "err-reason-required")));
    }
    match &change {
        StandingChange::Certificate(level) if !policy.is_certificate(level) => {
            return Err(AppError::Invalid(FormErrors::one("certificate", "err-certificate-unknown")));
        }
        StandingChange::Bl(bl) | StandingChange::CommunityBl(bl) if !(0..=BL_MAX).contains(bl) => {
            return Err(AppError::Invalid(FormErrors::one("bl", "err-bl-range")));
        }
        _ => {}
    }
    let txn = db.write().begin().await?;
    let user = users::Entity::find()
        .filter(users::Column::UsernameKey.eq(names::username_key(username)))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut am: users::ActiveModel = user.clone().into();
    let (field, old, new): (&str, String, String) = match change {
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
                return Ok(false);
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
        return Ok(false);
    }
    let now = OffsetDateTime::now_utc();
    am.updated_at = Set(now);
    am.update(&txn).await?;
    standing_changes::ActiveModel {
        user_id: Set(user.id),
        actor_id: Set(actor_id),
        field: Set(field.to_owned()),
        old_value: Set(old.clone()),
        new_value: Set(new.clone()),
        reason: Set(reason.to_owned()),
        source: Set(source.as_str().to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // Standing and role changes by people belong in the staff log too.
    if source != Source::Community {
        let action = format!("standing.{field}");
        let details = format!("{old} → {new} ({})", source.as_str());
        crate::moderation::log(&txn, actor_id, &action, Some(user.id), None, None, reason, &details).await?;
    }
    txn.commit().await.context("commit standing change")?;
    Ok(true)
}

/// One audit row with the name of who made the change.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
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
    use sea_orm::{JoinType, RelationTrait};
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

/// Whether any admin exists (to tell a new site how to create the first one).
pub async fn any_admin(db: &Db) -> AppResult<bool> {
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::Role.eq(Role::Admin.as_str()))
        .into_tuple::<i64>()
        .one(db.read())
        .await?
        .is_some())
}

/// Limits a moderator to some categories (slugs, comma-separated; empty:
/// all). Logged in the staff log, in the same transaction.
pub async fn set_moderator_scope(
    db: &Db,
    actor_id: Option<i64>,
    username: &str,
    scope: &str,
    reason: &str,
) -> AppResult<()> {
    let slugs: Vec<String> =
        scope.split(',').map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()).collect::<Vec<_>>();
    let txn = db.write().begin().await?;
    for slug in &slugs {
        let exists = crate::entities::categories::Entity::find()
            .filter(crate::entities::categories::Column::Slug.eq(slug.as_str()))
            .one(&txn)
            .await?
            .is_some();
        if !exists {
            return Err(AppError::Invalid(FormErrors::one("categories", "err-category-unknown")));
        }
    }
    let user = users::Entity::find()
        .filter(users::Column::UsernameKey.eq(names::username_key(username)))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let joined = slugs.join(",");
    let mut am: users::ActiveModel = user.clone().into();
    am.moderated_categories = Set(joined.clone());
    am.update(&txn).await?;
    let details = format!("{} → {}", user.moderated_categories, if joined.is_empty() { "all" } else { &joined });
    crate::moderation::log(&txn, actor_id, "standing.moderator-scope", Some(user.id), None, None, reason, &details)
        .await?;
    txn.commit().await.context("commit moderator scope")?;
    Ok(())
}

/// Usernames by id, in one query (for lists that name many members).
pub async fn usernames(db: &Db, ids: &[i64]) -> AppResult<std::collections::HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(users::Entity::find()
        .select_only()
        .columns([users::Column::Id, users::Column::Username])
        .filter(users::Column::Id.is_in(ids.to_vec()))
        .into_tuple::<(i64, String)>()
        .all(db.read())
        .await?
        .into_iter()
        .collect())
}
