//! Signing up, in and out, and choosing the interface language.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::accounts::{self, SignIn, SignUp};
use crate::error::AppError;
use crate::i18n;
use crate::state::AppState;
use crate::web::context::Ctx;
use crate::web::edge::safe_next;
use crate::web::views::{Messages, rejection};

#[derive(Debug, Default, Deserialize)]
pub(super) struct NextQuery {
    #[serde(default)]
    next: String,
}

#[derive(Serialize, Default)]
struct RegisterFields {
    username: String,
    email: String,
}

#[derive(Serialize)]
struct RegisterPage {
    form: RegisterFields,
    errors: Messages,
    open: bool,
}

pub(super) async fn register_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    if ctx.user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let ctx = ctx.with_csrf().await?;
    let page =
        RegisterPage { form: RegisterFields::default(), errors: Messages::new(), open: state.config.registration_open };
    state.views.page(&ctx, "accounts/register.html", &page)
}

pub(super) async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<SignUp>,
) -> Result<Response, AppError> {
    match accounts::register_in(&state, ctx.client_ip, &form, ctx.locale).await {
        // Both outcomes answer alike: nobody learns whether an address is registered.
        Ok(_) => {
            ctx.flash("ok", "register-check-mail").await?;
            Ok(Redirect::to("/login").into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let ctx = ctx.with_csrf().await?;
            let page = RegisterPage {
                form: RegisterFields { username: form.username, email: form.email },
                errors: r.errors.clone(),
                open: true,
            };
            let res = state.views.page_with_status(r.status, &ctx, "accounts/register.html", &page)?;
            Ok(r.finish(res))
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Serialize)]
struct LoginFields {
    login: String,
    next: String,
}

#[derive(Serialize)]
struct LoginPage {
    form: LoginFields,
    error: Option<String>,
}

pub(super) async fn login_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let page =
        LoginPage { form: LoginFields { login: String::new(), next: safe_next(&q.next).to_owned() }, error: None };
    state.views.page(&ctx, "accounts/login.html", &page)
}

pub(super) async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let again = |status, error: String, retry: Option<u64>| -> Result<Response, AppError> {
        let page = LoginPage {
            form: LoginFields { login: form.login.clone(), next: safe_next(&form.next).to_owned() },
            error: Some(error),
        };
        let mut res = state.views.page_with_status(status, &ctx, "accounts/login.html", &page)?;
        if let Some(secs) = retry {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        Ok(res)
    };
    let outcome = match accounts::sign_in(&state, ctx.client_ip, &form.login, &form.password).await {
        Ok(o) => o,
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            return again(r.status, r.errors.get("form").cloned().unwrap_or_default(), r.retry_after);
        }
    };
    match outcome {
        SignIn::Welcome(user) => {
            ctx.sign_in(&user).await?;
            Ok(Redirect::to(safe_next(&form.next)).into_response())
        }
        SignIn::KeptOut(s) => crate::web::moderation::sanctioned_page(&state, &ctx, &s),
        SignIn::AwaitingApproval => {
            again(axum::http::StatusCode::FORBIDDEN, i18n::text(ctx.locale, "login-awaiting-approval", &[]), None)
        }
        SignIn::Failed => {
            again(axum::http::StatusCode::UNPROCESSABLE_ENTITY, i18n::text(ctx.locale, "login-failed", &[]), None)
        }
    }
}

pub(super) async fn logout(ctx: Ctx) -> Result<Response, AppError> {
    ctx.sign_out().await?;
    Ok(Redirect::to("/").into_response())
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct LanguageForm {
    #[serde(default)]
    locale: String,
    #[serde(default)]
    next: String,
}

pub(super) async fn set_language(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<LanguageForm>,
) -> Result<Response, AppError> {
    let locale = i18n::parse_locale(&form.locale).ok_or_else(|| AppError::bad_request("error-unknown-language"))?;
    match &ctx.user {
        Some(user) => accounts::set_locale(&state, user, Some(locale)).await?,
        None => ctx.set_session_locale(locale).await?,
    }
    Ok(Redirect::to(safe_next(&form.next)).into_response())
}

/// The language links every page shows to anonymous readers: a plain GET
/// that needs no form, no script and no token. It only remembers a display
/// preference in the visitor's session (a member's saved setting, changed
/// with the POST above, still wins), then goes back to a local page.
pub(super) async fn choose_language(
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    let locale = i18n::parse_locale(&code).ok_or_else(|| AppError::bad_request("error-unknown-language"))?;
    ctx.set_session_locale(locale).await?;
    Ok(Redirect::to(safe_next(&q.next)).into_response())
}
