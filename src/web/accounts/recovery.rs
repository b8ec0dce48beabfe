//! "Forgot password": asking for a link, and the page the link opens.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::accounts::reset;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::context::Ctx;
use crate::web::views::{Messages, rejection};

#[derive(Serialize)]
struct RequestPage {
    login: String,
    /// The request went through: the same words whether or not an account matched.
    sent: bool,
    errors: Messages,
}

pub(super) async fn request_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let page = RequestPage { login: String::new(), sent: false, errors: Messages::new() };
    state.views.page(&ctx, "accounts/reset_request.html", &page)
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RequestForm {
    #[serde(default)]
    login: String,
}

pub(super) async fn request(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<RequestForm>,
) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    match reset::request(&state, ctx.client_ip, &form.login).await {
        Ok(()) => {
            let page = RequestPage { login: String::new(), sent: true, errors: Messages::new() };
            state.views.page(&ctx, "accounts/reset_request.html", &page)
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let page = RequestPage { login: form.login, sent: false, errors: r.errors.clone() };
            let res = state.views.page_with_status(r.status, &ctx, "accounts/reset_request.html", &page)?;
            Ok(r.finish(res))
        }
    }
}

#[derive(Serialize)]
struct ResetPage {
    token: String,
    valid: bool,
    errors: Messages,
}

pub(super) async fn reset_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let valid = reset::link_valid(&state, &token).await?;
    let status = if valid { StatusCode::OK } else { StatusCode::GONE };
    let page = ResetPage { token, valid, errors: Messages::new() };
    let mut res = state.views.page_with_status(status, &ctx, "accounts/reset.html", &page)?;
    // The token is in the address: keep it out of other sites' Referer
    // headers and out of caches. Not `no-referrer`: with it browsers send
    // `Origin: null` with the page's own form, which the CSRF check refuses.
    res.headers_mut().insert(axum::http::header::REFERRER_POLICY, axum::http::HeaderValue::from_static("same-origin"));
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(res)
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ResetForm {
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

pub(super) async fn reset(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(form): Form<ResetForm>,
) -> Result<Response, AppError> {
    match reset::reset(&state, &token, &form.new_password, &form.confirm_password).await {
        Ok(_) => {
            // Every session of the member ended, this browser's too: sign in anew.
            ctx.sign_out().await?;
            ctx.flash("ok", "reset-done").await?;
            Ok(Redirect::to("/login").into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let valid = r.status != StatusCode::CONFLICT;
            let status = if valid { r.status } else { StatusCode::GONE };
            let ctx = ctx.with_csrf().await?;
            let page = ResetPage { token, valid, errors: r.errors };
            state.views.page_with_status(status, &ctx, "accounts/reset.html", &page)
        }
    }
}

#[derive(Serialize)]
struct VerifyPage {
    token: String,
    valid: bool,
    error: Option<String>,
}

/// The page the verification link opens: a button, so that mail scanners
/// fetching the link do not use it up.
pub(super) async fn verify_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let valid = crate::accounts::verify::link_valid(&state, &token).await?;
    let status = if valid { StatusCode::OK } else { StatusCode::GONE };
    let page = VerifyPage { token, valid, error: None };
    let mut res = state.views.page_with_status(status, &ctx, "accounts/verify.html", &page)?;
    // As for the reset page: kept from other sites, not from this one.
    res.headers_mut().insert(axum::http::header::REFERRER_POLICY, axum::http::HeaderValue::from_static("same-origin"));
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(res)
}

pub(super) async fn verify(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    match crate::accounts::verify::confirm(&state, &token).await {
        Ok(_) => {
            ctx.flash("ok", "verify-done").await?;
            Ok(Redirect::to("/").into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let ctx = ctx.with_csrf().await?;
            let page = VerifyPage { token, valid: false, error: r.errors.get("form").cloned() };
            state.views.page_with_status(StatusCode::GONE, &ctx, "accounts/verify.html", &page)
        }
    }
}

/// "Send the link again" from the banner.
pub(super) async fn resend(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    crate::accounts::verify::resend(&state, &user, ctx.client_ip).await?;
    ctx.flash("ok", "verify-resent").await?;
    Ok(Redirect::to("/").into_response())
}
