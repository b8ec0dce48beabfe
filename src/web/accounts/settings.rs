//! A member's settings: password, e-mail address.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::accounts::{self, User};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::context::Ctx;
use crate::web::views::{Messages, rejection};

#[derive(Serialize, Default)]
struct SettingsFields {
    email: String,
}

#[derive(Serialize)]
struct SettingsPage {
    email: String,
    locale: Option<String>,
    time_zone: String,
    time_zones: &'static [&'static str],
    errors: Messages,
    form: SettingsFields,
}

fn page(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    status: StatusCode,
    errors: Messages,
    form: SettingsFields,
) -> Result<Response, AppError> {
    let data = SettingsPage {
        email: user.email.clone(),
        locale: user.locale.clone(),
        time_zone: user.time_zone.clone(),
        time_zones: accounts::TIME_ZONES,
        errors,
        form,
    };
    state.views.page_with_status(status, ctx, "accounts/settings.html", &data)
}

pub(super) async fn settings(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let ctx = ctx.with_csrf().await?;
    page(&state, &ctx, &user, StatusCode::OK, Messages::new(), SettingsFields::default())
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
            page(&state, &ctx, &user, r.status, r.errors, SettingsFields::default())
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
            page(&state, &ctx, &user, r.status, r.errors, SettingsFields { email: form.email })
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
            page(&state, &ctx, &user, r.status, r.errors, SettingsFields::default())
        }
    }
}
