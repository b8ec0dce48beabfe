//! A member's settings: password, e-mail address, time zone, API tokens.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::accounts::{self, User, api_tokens};
use crate::error::AppError;
use crate::state::AppState;
use crate::util;
use crate::web::context::Ctx;
use crate::web::views::{Messages, rejection};

#[derive(Serialize, Default)]
struct SettingsFields {
    email: String,
    token_name: String,
}

/// One of the member's API tokens (never the token itself).
#[derive(Serialize)]
struct TokenView {
    id: i64,
    name: String,
    prefix: String,
    scope: String,
    created: String,
    created_iso: String,
    last_used: Option<String>,
    last_used_iso: Option<String>,
}

/// A token just made, shown this once.
#[derive(Serialize)]
struct NewToken {
    name: String,
    secret: String,
}

#[derive(Serialize)]
struct SettingsPage {
    email: String,
    locale: Option<String>,
    time_zone: String,
    time_zones: &'static [&'static str],
    errors: Messages,
    form: SettingsFields,
    tokens: Vec<TokenView>,
    new_token: Option<NewToken>,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    status: StatusCode,
    errors: Messages,
    form: SettingsFields,
) -> Result<Response, AppError> {
    page_with_token(state, ctx, user, status, errors, form, None).await
}

async fn page_with_token(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    status: StatusCode,
    errors: Messages,
    form: SettingsFields,
    new_token: Option<NewToken>,
) -> Result<Response, AppError> {
    let tokens = api_tokens::of_user(&state.db, user.id)
        .await?
        .into_iter()
        .map(|t| TokenView {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            scope: t.scope,
            created: util::datetime(&t.created_at),
            created_iso: util::rfc3339(&t.created_at),
            last_used: t.last_used_at.as_ref().map(util::datetime),
            last_used_iso: t.last_used_at.as_ref().map(util::rfc3339),
        })
        .collect();
    let data = SettingsPage {
        email: user.email.clone(),
        locale: user.locale.clone(),
        time_zone: user.time_zone.clone(),
        time_zones: accounts::TIME_ZONES,
        errors,
        form,
        tokens,
        new_token,
    };
    // Pages of a session (this one may show a token) are never stored: see `web::cache`.
    state.views.page_with_status(status, ctx, "accounts/settings.html", &data)
}

pub(super) async fn settings(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let ctx = ctx.with_csrf().await?;
    page(&state, &ctx, &user, StatusCode::OK, Messages::new(), SettingsFields::default()).await
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct TokenForm {
    #[serde(default)]
    token_name: String,
    #[serde(default)]
    token_scope: String,
}

/// Makes a token and shows it on the settings page, this once.
pub(super) async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let ctx = ctx.with_csrf().await?;
    match api_tokens::create(&state, &user, &form.token_name, &form.token_scope).await {
        Ok(created) => {
            let shown = NewToken { name: created.token.name, secret: created.secret };
            page_with_token(
                &state,
                &ctx,
                &user,
                StatusCode::OK,
                Messages::new(),
                SettingsFields::default(),
                Some(shown),
            )
            .await
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let fields = SettingsFields { token_name: form.token_name, ..Default::default() };
            page(&state, &ctx, &user, r.status, r.errors, fields).await
        }
    }
}

pub(super) async fn revoke_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
    api_tokens::revoke(&state, &user, id).await?;
    ctx.flash("ok", "api-token-revoked").await?;
    Ok(Redirect::to("/settings#api-tokens").into_response())
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

pub(super) async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    match accounts::change_password(&state, &user, &form.current_password, &form.new_password, &form.confirm_password)
        .await
    {
        Ok(updated) => {
            // Every other session of this member ends; this browser stays in.
            ctx.sign_in(&updated).await?;
            ctx.flash("ok", "settings-password-saved").await?;
            Ok(Redirect::to("/settings").into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let ctx = ctx.with_csrf().await?;
            page(&state, &ctx, &user, r.status, r.errors, SettingsFields::default()).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct EmailForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    email: String,
}

pub(super) async fn change_email(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<EmailForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    match accounts::change_email(&state, &user, &form.current_password, &form.email).await {
        Ok(_) => {
            ctx.flash("ok", "settings-email-check-mail").await?;
            Ok(Redirect::to("/settings").into_response())
        }
        Err(e) => {
            let mut r = rejection(ctx.locale, e)?;
            // The e-mail form's password field has its own name in the page.
            if let Some(m) = r.errors.remove("current_password") {
                r.errors.insert("email_current_password".into(), m);
            }
            let ctx = ctx.with_csrf().await?;
            page(&state, &ctx, &user, r.status, r.errors, SettingsFields { email: form.email, ..Default::default() })
                .await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct TimeZoneForm {
    #[serde(default)]
    time_zone: String,
}

pub(super) async fn set_time_zone(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<TimeZoneForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    match accounts::set_time_zone(&state, &user, &form.time_zone).await {
        Ok(()) => {
            ctx.flash("ok", "settings-saved").await?;
            Ok(Redirect::to("/settings").into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let ctx = ctx.with_csrf().await?;
            page(&state, &ctx, &user, r.status, r.errors, SettingsFields::default()).await
        }
    }
}
