//! Members: sign-up, sign-in, settings and sanctions in force; standing
//! (certificate level, BL, role) lives in [`standing`]. No HTTP here.
//!
//! Commands: [`register`], [`sign_in`], [`change_password`],
//! [`change_email`], [`set_locale`]; `standing::{set_standing, set_role}`
//! for staff.

pub mod api_tokens;
pub mod community;
pub mod names;
pub mod password;
pub mod reset;
pub mod session_store;
pub mod standing;
pub mod throttle;
pub mod tokens;
pub mod verify;

use std::net::IpAddr;

use anyhow::Context;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set, TransactionTrait,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::app::App;
use crate::db::Db;
use crate::entities::users;
use crate::error::{AppError, AppResult, FormErrors};
use crate::events::{self, Event};
use crate::policy::{Actor, Policy, Role, Subject};

pub use crate::config::BL_MAX;
pub use standing::{Source, StandingChange, change_standing};
pub use users::Model as User;

impl User {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Member)
    }

    /// This member as policy sees them.
    pub fn actor(&self) -> Actor<'_> {
        let silenced_until = self.silenced_until.filter(|t| *t > crate::util::now());
        Actor::Member {
            role: self.role(),
            certificate: &self.certificate,
            bl: self.bl,
            silenced_until,
            email_verified: self.email_verified,
        }
    }

    /// This member as the subject of an action by `actor_id`.
    pub fn subject(&self, policy: &Policy, actor_id: i64) -> Subject {
        Subject { own: self.id == actor_id, role: self.role(), certificate_rank: policy.rank(&self.certificate) }
    }
}

/// The actor of a request that may be anonymous.
pub fn actor_of(user: Option<&User>) -> Actor<'_> {
    user.map_or(Actor::Anonymous, User::actor)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SanctionKind {
    Silence,
    Suspend,
    Ban,
}

impl SanctionKind {
    pub const ALL: [SanctionKind; 3] = [SanctionKind::Silence, SanctionKind::Suspend, SanctionKind::Ban];

    pub fn parse(s: &str) -> Option<SanctionKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SanctionKind::Silence => "silence",
            SanctionKind::Suspend => "suspend",
            SanctionKind::Ban => "ban",
        }
    }
}

/// A member's sanction in force: what, until when (`None`: until lifted), why.
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

/// A ban or suspension that keeps the member out (no sign-in, no session).
pub fn kept_out(user: &User) -> Option<ActiveSanction> {
    active(user, SanctionKind::Ban).or_else(|| active(user, SanctionKind::Suspend))
}

/// Whether a signed-in session of `user` made in `epoch` still counts.
pub fn session_valid(user: &User, epoch: i32) -> bool {
    user.session_epoch == epoch && user.approved && kept_out(user).is_none()
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

/// Command: a sign-up from the web. Limited per address; with
/// `approve_registrations` the account can sign in only once a moderator
/// approves it. Names that are, or look like, one of `reserved_usernames`
/// are refused here (the command line may create them for the site's own
/// staff).
pub async fn register(app: &App, ip: IpAddr, form: &SignUp) -> AppResult<Registered> {
    register_in(app, ip, form, &app.default_locale()).await
}

/// [`register`] from a reader of `locale`: the verification link goes out
/// in that language (a taken address gets a note to its owner instead).
pub async fn register_in(app: &App, ip: IpAddr, form: &SignUp, locale: &str) -> AppResult<Registered> {
    if !app.config.registration_open {
        return Err(AppError::bad_request("register-closed"));
    }
    app.throttle.register(&app.db, ip).await?;
    if names::is_reserved(&form.username, &app.config.reserved_usernames) {
        return Err(AppError::invalid("username", "err-username-reserved"));
    }
    let approved = !app.config.approve_registrations;
    let verify = verify::Pending { config: &app.config, locale };
    let created =
        create_with(&app.db, &app.config.default_certificate, form, Role::Member, approved, Some(&verify)).await?;
    match &created {
        Registered::Created(_) => app.events.settle(app).await,
        Registered::EmailTaken => verify::tell_owner_someone_tried(app, &form.email).await?,
    }
    Ok(created)
}

/// Creates an account with `role` in one statement (the command line uses
/// this for the first admin; sign-ups go through [`register`]). The address
/// counts as verified: whoever runs the command line vouches for it.
pub async fn create(
    db: &Db,
    default_certificate: &str,
    form: &SignUp,
    role: Role,
    approved: bool,
) -> AppResult<Registered> {
    create_with(db, default_certificate, form, role, approved, None).await
}

/// [`create`]; with `verify`, the address is unverified and the link that
/// verifies it is queued in the same transaction as the account.
async fn create_with(
    db: &Db,
    default_certificate: &str,
    form: &SignUp,
    role: Role,
    approved: bool,
    verify: Option<&verify::Pending<'_>>,
) -> AppResult<Registered> {
    let mut errors = FormErrors::new();
    let username = names::parse_username(&form.username, &mut errors);
    let email = names::parse_email(&form.email, &mut errors);
    password::validate(&form.password, "password", &[form.username.trim(), form.email.trim()], &mut errors);
    errors.into_result()?;
    let (Some(username), Some((email, email_key))) = (username, email) else {
        return Err(AppError::Invalid(FormErrors::new()));
    };
    if username_taken(db.read(), &username.key).await? {
        return Err(AppError::invalid("username", "err-username-taken"));
    }
    let skeleton = names::skeleton(&username.display);
    if let Some(existing) = look_alike(db.read(), &skeleton).await? {
        let mut errors = FormErrors::new();
        errors.add_with("username", "err-username-confusable", vec![("name", existing)]);
        return Err(AppError::Invalid(errors));
    }
    // Hash before looking at the e-mail, so both answers take as long.
    let hash = password::hash(&form.password).await?;
    if email_taken(db.read(), &email_key).await? {
        return Ok(Registered::EmailTaken);
    }
    let now = OffsetDateTime::now_utc();
    let txn = db.write().begin().await?;
    let insert = users::ActiveModel {
        username: Set(username.display),
        username_key: Set(username.key.clone()),
        name_skeleton: Set(skeleton),
        email: Set(email),
        email_key: Set(email_key.clone()),
        password_hash: Set(hash),
        role: Set(role.as_str().to_owned()),
        certificate: Set(default_certificate.to_owned()),
        bl: Set(0),
        locale: Set(None),
        session_epoch: Set(0),
        approved: Set(approved),
        email_verified: Set(verify.is_none()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match insert {
        Ok(user) => {
            if let Some(verify) = verify {
                verify.send(&txn, &user, &user.email).await?;
            }
            events::record(&txn, &Event::MemberRegistered { user: user.id }).await?;
            txn.commit().await.context("commit sign-up")?;
            Ok(Registered::Created(Box::new(user)))
        }
        // Lost a race with a sign-up for the same name or address.
        Err(e) if crate::error::is_unique_violation(&e) => {
            txn.rollback().await?;
            if username_taken(db.write(), &username.key).await? {
                Err(AppError::invalid("username", "err-username-taken"))
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

/// The name of a member whose name looks like one with this skeleton (one
/// indexed lookup).
async fn look_alike(db: &impl ConnectionTrait, skeleton: &str) -> AppResult<Option<String>> {
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::Username)
        .filter(users::Column::NameSkeleton.eq(skeleton))
        .into_tuple::<String>()
        .one(db)
        .await?)
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

/// How a sign-in attempt ended (over the limit is `AppError::RateLimited`).
#[derive(Debug)]
pub enum SignIn {
    Welcome(Box<User>),
    /// Right password, but a ban or suspension is in force.
    KeptOut(ActiveSanction),
    /// Right password, but the sign-up waits for a moderator.
    AwaitingApproval,
    /// Wrong name or password (the same answer for both).
    Failed,
}

/// Command: sign in. Limited per address and per account before any
/// password is hashed, so guessing costs the guesser, not the server.
pub async fn sign_in(app: &App, ip: IpAddr, login: &str, password: &str) -> AppResult<SignIn> {
    app.throttle.login(&app.db, ip, login).await?;
    let Some(user) = authenticate(&app.db, login, password).await? else {
        app.throttle.login_failed(&app.db, ip, login).await?;
        return Ok(SignIn::Failed);
    };
    app.throttle.login_succeeded(&app.db, ip, login).await?;
    if let Some(s) = kept_out(&user) {
        return Ok(SignIn::KeptOut(s));
    }
    if !user.approved {
        return Ok(SignIn::AwaitingApproval);
    }
    let txn = app.db.write().begin().await?;
    events::record(&txn, &Event::SignedIn { user: user.id }).await?;
    txn.commit().await?;
    app.events.settle(app).await;
    Ok(SignIn::Welcome(Box::new(user)))
}

/// Command: change the password after re-checking the current one; every
/// session of the member ends (the caller signs the current browser in again).
pub async fn change_password(app: &App, user: &User, current: &str, new: &str, confirm: &str) -> AppResult<User> {
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
    let txn = app.db.write().begin().await?;
    let mut am: users::ActiveModel = user.clone().into();
    am.password_hash = Set(hash);
    am.session_epoch = Set(user.session_epoch.wrapping_add(1));
    am.updated_at = Set(OffsetDateTime::now_utc());
    let updated = am.update(&txn).await?;
    events::record(&txn, &Event::PasswordChanged { user: user.id }).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Command: change the e-mail address after re-checking the password.
/// The address changes only when the link mailed to it is opened
/// ([`verify::confirm`]); an address another account uses gets a note to
/// its owner instead, and this member sees the same answer either way.
pub async fn change_email(app: &App, user: &User, current: &str, new_email: &str) -> AppResult<User> {
    let mut errors = FormErrors::new();
    if !password::verify(current, Some(&user.password_hash)).await? {
        errors.add("current_password", "err-current-password");
    }
    let parsed = names::parse_email(new_email, &mut errors);
    errors.into_result()?;
    let Some((email, key)) = parsed else {
        return Err(AppError::invalid("email", "err-email-invalid"));
    };
    if key != user.email_key {
        verify::request_change(app, user, &email, &key).await?;
    }
    Ok(user.clone())
}

/// Command: the member's interface language (`None`: follow the browser).
pub async fn set_locale(app: &App, user: &User, locale: Option<&str>) -> AppResult<()> {
    let mut am: users::ActiveModel = user.clone().into();
    am.locale = Set(locale.map(str::to_owned));
    am.update(app.db.write()).await?;
    Ok(())
}

/// Time zones offered in settings (IANA names); the browser's own zone is
/// the default. Readers' browsers format times, so no zone database is
/// needed on the server.
pub const TIME_ZONES: &[&str] = &[
    "Europe/Kyiv",
    "Europe/Moscow",
    "Europe/Warsaw",
    "Europe/Berlin",
    "Europe/London",
    "Europe/Chisinau",
    "Europe/Minsk",
    "Europe/Riga",
    "Europe/Istanbul",
    "Asia/Tbilisi",
    "Asia/Almaty",
    "Asia/Tashkent",
    "Asia/Jerusalem",
    "Asia/Dubai",
    "America/New_York",
    "America/Toronto",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
];

/// Command: the time zone the member's times are shown in (empty: the
/// browser's).
pub async fn set_time_zone(app: &App, user: &User, zone: &str) -> AppResult<()> {
    let zone = zone.trim();
    if !zone.is_empty() && !TIME_ZONES.contains(&zone) {
        return Err(AppError::invalid("time_zone", "err-time-zone"));
    }
    let mut am: users::ActiveModel = user.clone().into();
    am.time_zone = Set(zone.to_owned());
    am.update(app.db.write()).await?;
    Ok(())
}

/// A member in the directory.
#[derive(Debug, Clone, sea_orm::FromQueryResult, Serialize)]
pub struct MemberRow {
    pub username: String,
    pub username_key: String,
    pub role: String,
    pub certificate: String,
    pub bl: i32,
    pub created_at: OffsetDateTime,
}

/// The member directory: names starting with `prefix` (any case), of one
/// certificate level if given, in name order after `after` (keyset), one
/// indexed query. Banned members and sign-ups waiting are left out.
pub async fn directory(
    db: &Db,
    prefix: &str,
    certificate: Option<&str>,
    after: Option<&str>,
    limit: u64,
) -> AppResult<Vec<MemberRow>> {
    use sea_orm::QueryOrder;
    let mut q = users::Entity::find()
        .select_only()
        .columns([
            users::Column::Username,
            users::Column::UsernameKey,
            users::Column::Role,
            users::Column::Certificate,
            users::Column::Bl,
            users::Column::CreatedAt,
        ])
        .filter(users::Column::Banned.eq(false))
        .filter(users::Column::Approved.eq(true));
    let prefix = names::username_key(prefix);
    if !prefix.is_empty() {
        // A range on the unique key instead of LIKE: no escaping, and the index drives it.
        q = q
            .filter(users::Column::UsernameKey.gte(prefix.clone()))
            .filter(users::Column::UsernameKey.lt(format!("{prefix}\u{10FFFF}")));
    }
    if let Some(c) = certificate {
        q = q.filter(users::Column::Certificate.eq(c));
    }
    if let Some(a) = after {
        q = q.filter(users::Column::UsernameKey.gt(a));
    }
    Ok(q.order_by_asc(users::Column::UsernameKey).limit(limit).into_model::<MemberRow>().all(db.read()).await?)
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
