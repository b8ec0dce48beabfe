//! Sign-up, sign-in, sign-out, profiles and settings.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::accounts::{self, Registered, SignUp, User};
use crate::error::{AppError, FormErrors};
use crate::i18n;
use crate::policy::{Action, Decision};
use crate::state::AppState;
use crate::web::context::{Ctx, safe_next};
use crate::web::errors::certificate_name;
use crate::web::views::field_messages;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/register", get(register_form).post(register))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/u/{username}", get(profile))
        .route("/u/{username}/standing", post(set_standing))
        .route("/u/{username}/role", post(set_role))
        .route("/settings", get(settings))
        .route("/settings/password", post(change_password))
        .route("/settings/email", post(change_email))
        .route("/settings/language", post(set_language))
}

#[derive(Debug, Default, Deserialize)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

async fn register_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    if ctx.user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let ctx = ctx.with_csrf().await?;
    let open = state.config.registration_open;
    state.views.page(&ctx, "accounts/register.html", json!({ "form": {}, "errors": {}, "open": open }))
}

async fn register(State(state): State<AppState>, ctx: Ctx, Form(form): Form<SignUp>) -> Result<Response, AppError> {
    if !state.config.registration_open {
        return Err(AppError::BadRequest(i18n::text(ctx.locale, "register-closed", &[])));
    }
    let again = |status: StatusCode, errors: Value| {
        let form = json!({ "username": form.username, "email": form.email });
        state.views.page_with_status(
            status,
            &ctx,
            "accounts/register.html",
            json!({ "form": form, "errors": errors, "open": true }),
        )
    };
    if let Err(wait) = state.throttle.register(ctx.client_ip) {
        let msg = i18n::text(ctx.locale, "error-rate-limited", &[("seconds", wait.as_secs().max(1).to_string())]);
        let mut res = again(StatusCode::TOO_MANY_REQUESTS, json!({ "form": msg }))?;
        res.headers_mut().insert(axum::http::header::RETRY_AFTER, wait.as_secs().max(1).into());
        return Ok(res);
    }
    match accounts::register(&state.db, &state.config.default_certificate, &form, state.config.approve_registrations)
        .await
    {
        // Both outcomes answer alike: nobody learns whether an address is registered.
        Ok(Registered::Created(_)) | Ok(Registered::EmailTaken) => {
            ctx.flash("ok", "register-done").await?;
            Ok(Redirect::to("/login").into_response())
        }
        Err(AppError::Invalid(errors)) => again(StatusCode::UNPROCESSABLE_ENTITY, field_messages(ctx.locale, &errors)),
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

async fn login_form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    state.views.page(&ctx, "accounts/login.html", json!({ "form": { "next": safe_next(&q.next) }, "error": null }))
}

async fn login(State(state): State<AppState>, ctx: Ctx, Form(form): Form<LoginForm>) -> Result<Response, AppError> {
    let again = |status: StatusCode, error: String| {
        let f = json!({ "login": form.login, "next": safe_next(&form.next) });
        state.views.page_with_status(status, &ctx, "accounts/login.html", json!({ "form": f, "error": error }))
    };
    // Throttle before any hashing, so guessing costs the guesser, not us.
    if let Err(wait) = state.throttle.login(ctx.client_ip, &form.login) {
        let secs = wait.as_secs().max(1);
        let mut res = again(
            StatusCode::TOO_MANY_REQUESTS,
            i18n::text(ctx.locale, "error-rate-limited", &[("seconds", secs.to_string())]),
        )?;
        res.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
        return Ok(res);
    }
    match accounts::authenticate(&state.db, &form.login, &form.password).await? {
        Some(user) => {
            use crate::moderation::{SanctionKind, active};
            if let Some(s) = active(&user, SanctionKind::Ban).or_else(|| active(&user, SanctionKind::Suspend)) {
                return crate::web::moderation::sanctioned_page(&state, &ctx, &s);
            }
            if !user.approved {
                return again(StatusCode::FORBIDDEN, i18n::text(ctx.locale, "login-awaiting-approval", &[]));
            }
            ctx.sign_in(&user).await?;
            crate::web::refresh_bl(&state, user.id).await;
            Ok(Redirect::to(safe_next(&form.next)).into_response())
        }
        None => again(StatusCode::UNPROCESSABLE_ENTITY, i18n::text(ctx.locale, "login-failed", &[])),
    }
}

async fn logout(ctx: Ctx) -> Result<Response, AppError> {
    ctx.sign_out().await?;
    Ok(Redirect::to("/").into_response())
}

fn date(t: &time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    t.format(&f).unwrap_or_default()
}

fn datetime(t: &time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    t.format(&f).unwrap_or_default()
}

async fn profile(State(state): State<AppState>, ctx: Ctx, Path(username): Path<String>) -> Result<Response, AppError> {
    profile_page(&state, &ctx, &username, StatusCode::OK, json!({}), json!({})).await
}

async fn profile_page(
    state: &AppState,
    ctx: &Ctx,
    username: &str,
    status: StatusCode,
    staff_form: Value,
    errors: Value,
) -> Result<Response, AppError> {
    let user = accounts::find_by_username(state.db.read(), username).await?.ok_or(AppError::NotFound)?;
    let locale = ctx.locale;
    let is_self = ctx.user.as_ref().is_some_and(|u| u.id == user.id);
    let is_registrar =
        ctx.user.as_ref().is_some_and(|u| state.policy.decide(&u.actor(), Action::ManageStanding) == Decision::Allow);
    let history = if is_self || is_registrar {
        accounts::standing_history(&state.db, user.id, 50)
            .await?
            .into_iter()
            .map(|c| {
                let show = |v: &str| if c.field == "certificate" { certificate_name(locale, v) } else { v.to_owned() };
                json!({
                    "field": i18n::text(locale, &format!("standing-field-{}", c.field), &[]),
                    "old": show(&c.old_value),
                    "new": show(&c.new_value),
                    "reason": c.reason,
                    "source": i18n::text(locale, &format!("standing-source-{}", c.source), &[]),
                    "actor": c.actor,
                    "at": datetime(&c.created_at),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let is_admin =
        ctx.user.as_ref().is_some_and(|u| state.policy.decide(&u.actor(), Action::ManageRoles) == Decision::Allow);
    let proposals = if is_self {
        crate::web::wiki::proposal_rows_json(locale, &crate::wiki::proposals::of_author(&state.db, user.id, 50).await?)
    } else {
        Vec::new()
    };
    let ladder: Vec<Value> = state
        .policy
        .ladder()
        .iter()
        .map(|l| json!({ "key": l.key, "name": certificate_name(locale, &l.key) }))
        .collect();
    let bookmarks: Vec<Value> = if is_self {
        crate::forum::posts::bookmarks_of(&state.db, user.id, 50)
            .await?
            .into_iter()
            .map(|b| json!({ "href": format!("/p/{}", b.post_id), "title": b.title, "number": b.post_number }))
            .collect()
    } else {
        Vec::new()
    };
    let is_moderator = ctx
        .user
        .as_ref()
        .is_some_and(|u| u.id != user.id && state.policy.decide(&u.actor(), Action::Moderate) == Decision::Allow);
    let sanctions: Vec<Value> = if is_self || is_moderator {
        use crate::moderation::{SanctionKind, active};
        [SanctionKind::Silence, SanctionKind::Suspend, SanctionKind::Ban]
            .into_iter()
            .filter_map(|k| active(&user, k))
            .map(|s| {
                json!({
                    "kind": s.kind,
                    "name": i18n::text(locale, &format!("sanction-kind-{}", serde_json::to_value(s.kind).unwrap_or_default().as_str().unwrap_or("")), &[]),
                    "until": s.until.map(|t| crate::util::datetime(&t)),
                    "reason": s.reason,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let data = json!({
        "sanctions": sanctions,
        "can_sanction": is_moderator,
        "proposals": proposals,
        "can_manage_standing": is_registrar,
        "can_manage_roles": is_admin,
        "ladder": ladder,
        "roles": ["member", "moderator", "admin", "registrar"],
        "staff_form": staff_form,
        "errors": errors,
        "bookmarks": bookmarks,
        "profile": {
            "username": user.username,
            "joined": date(&user.created_at),
            "role": user.role,
            "role_name": i18n::text(locale, &format!("role-{}", user.role), &[]),
            "moderated_categories": user.moderated_categories,
            "certificate": user.certificate,
            "certificate_name": certificate_name(locale, &user.certificate),
            "bl": user.bl,
            "bl_source": user.bl_source,
            "bl_source_name": i18n::text(locale, &format!("bl-source-{}", user.bl_source), &[]),
        },
        "is_self": is_self,
        "history": history,
        "show_history": is_self || is_registrar,
    });
    let ctx = if is_registrar || is_admin || is_moderator { ctx.with_csrf().await? } else { ctx.clone() };
    state.views.page_with_status(status, &ctx, "accounts/profile.html", data)
}

#[derive(Debug, Default, Deserialize, serde::Serialize)]
struct StandingForm {
    #[serde(default)]
    certificate: String,
    #[serde(default)]
    bl: String,
    /// `manual` or `community`.
    #[serde(default)]
    bl_mode: String,
    #[serde(default)]
    reason: String,
}

/// The staff panel: registrars and admins set certificate level and BL,
/// always with a reason; every change is an audit row.
async fn set_standing(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(username): Path<String>,
    Form(f): Form<StandingForm>,
) -> Result<Response, AppError> {
    use crate::accounts::{Source, StandingChange};
    let me = ctx.require_user()?.clone();
    if let Decision::Propose(d) | Decision::Deny(d) = state.policy.decide(&me.actor(), Action::ManageStanding) {
        return Err(AppError::Forbidden(d));
    }
    let target = accounts::find_by_username(state.db.read(), &username).await?.ok_or(AppError::NotFound)?;
    let mut errors = FormErrors::new();
    if f.reason.trim().is_empty() {
        errors.add("reason", "err-reason-required");
    }
    if !state.policy.is_certificate(&f.certificate) {
        errors.add("certificate", "err-certificate-unknown");
    }
    let community = f.bl_mode == "community";
    let bl = f.bl.trim().parse::<i32>().ok().filter(|b| (0..=accounts::BL_MAX).contains(b));
    if !community && bl.is_none() {
        errors.add("bl", "err-bl-range");
    }
    if !errors.is_empty() {
        let form = json!(f);
        let msgs = field_messages(ctx.locale, &errors);
        return profile_page(&state, &ctx, &username, StatusCode::UNPROCESSABLE_ENTITY, form, msgs).await;
    }
    let apply = |change| {
        accounts::change_standing(
            &state.db,
            &state.policy,
            &target.username,
            change,
            &f.reason,
            Some(me.id),
            Source::Staff,
        )
    };
    apply(StandingChange::Certificate(f.certificate.clone())).await?;
    match bl {
        _ if community => {
            apply(StandingChange::BlFromCommunity).await?;
            crate::web::refresh_bl(&state, target.id).await;
        }
        Some(bl) => {
            apply(StandingChange::Bl(bl)).await?;
        }
        None => {}
    }
    ctx.flash("ok", "flash-standing-saved").await?;
    Ok(Redirect::to(&format!("/u/{}", crate::web::views::encode_segment(&target.username))).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct RoleForm {
    /// For moderators: the category slugs they look after (empty: all).
    #[serde(default)]
    categories: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    reason: String,
}

async fn set_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(username): Path<String>,
    Form(f): Form<RoleForm>,
) -> Result<Response, AppError> {
    use crate::accounts::{Source, StandingChange};
    let me = ctx.require_user()?.clone();
    if let Decision::Propose(d) | Decision::Deny(d) = state.policy.decide(&me.actor(), Action::ManageRoles) {
        return Err(AppError::Forbidden(d));
    }
    let role = crate::policy::Role::parse(&f.role)
        .ok_or_else(|| AppError::BadRequest(i18n::text(ctx.locale, "err-role-unknown", &[])))?;
    let target = accounts::find_by_username(state.db.read(), &username).await?.ok_or(AppError::NotFound)?;
    let reason = if f.reason.trim().is_empty() { "—" } else { f.reason.trim() };
    accounts::change_standing(
        &state.db,
        &state.policy,
        &target.username,
        StandingChange::Role(role),
        reason,
        Some(me.id),
        Source::Staff,
    )
    .await?;
    if f.categories.trim() != target.moderated_categories {
        accounts::set_moderator_scope(&state.db, Some(me.id), &target.username, &f.categories, reason).await.map_err(
            |e| match e {
                AppError::Invalid(_) => AppError::BadRequest(i18n::text(ctx.locale, "err-category-unknown", &[])),
                other => other,
            },
        )?;
    }
    ctx.flash("ok", "flash-standing-saved").await?;
    Ok(Redirect::to(&format!("/u/{}", crate::web::views::encode_segment(&target.username))).into_response())
}

fn settings_data(user: &User, errors: Value, form: Value) -> Value {
    json!({ "email": user.email, "locale": user.locale, "errors": errors, "form": form })
}

async fn settings(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let ctx = ctx.with_csrf().await?;
    state.views.page(&ctx, "accounts/settings.html", settings_data(&user, json!({}), json!({})))
}

#[derive(Debug, Default, Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    match accounts::change_password(
        &state.db,
        &user,
        &form.current_password,
        &form.new_password,
        &form.confirm_password,
    )
    .await
    {
        Ok(updated) => {
            // Every other session of this member ends; this browser stays in.
            ctx.sign_in(&updated).await?;
            ctx.flash("ok", "settings-password-saved").await?;
            Ok(Redirect::to("/settings").into_response())
        }
        Err(AppError::Invalid(errors)) => invalid_settings(&state, &ctx, &user, &errors, json!({})),
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
struct EmailForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    email: String,
}

async fn change_email(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<EmailForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    match accounts::change_email(&state.db, &user, &form.current_password, &form.email).await {
        Ok(_) => {
            ctx.flash("ok", "settings-email-saved").await?;
            Ok(Redirect::to("/settings").into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let mut errors = errors;
            // The e-mail form's password field has its own name in the page.
            if let Some(e) = errors.0.remove("current_password") {
                errors.0.insert("email_current_password", e);
            }
            invalid_settings(&state, &ctx, &user, &errors, json!({ "email": form.email }))
        }
        Err(e) => Err(e),
    }
}

fn invalid_settings(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    errors: &FormErrors,
    form: Value,
) -> Result<Response, AppError> {
    let data = settings_data(user, field_messages(ctx.locale, errors), form);
    state.views.page_with_status(StatusCode::UNPROCESSABLE_ENTITY, ctx, "accounts/settings.html", data)
}

#[derive(Debug, Default, Deserialize)]
struct LanguageForm {
    #[serde(default)]
    locale: String,
    #[serde(default)]
    next: String,
}

async fn set_language(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<LanguageForm>,
) -> Result<Response, AppError> {
    let locale = i18n::parse_locale(&form.locale)
        .ok_or_else(|| AppError::BadRequest(i18n::text(ctx.locale, "error-unknown-language", &[])))?;
    match &ctx.user {
        Some(user) => accounts::set_locale(&state.db, user, Some(locale)).await?,
        None => ctx.set_session_locale(locale).await?,
    }
    Ok(Redirect::to(safe_next(&form.next)).into_response())
}
