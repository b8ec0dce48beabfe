//! Account pages:
//! - [`auth`]: sign up, sign in, sign out, the language choice;
//! - [`people`]: the member directory and avatars;
//! - [`profile`]: a member's page with the staff panels (standing, role, sanctions);
//! - [`settings`]: password, e-mail, language, time zone, API tokens of the member.

mod auth;
mod people;
mod profile;
mod recovery;
mod settings;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/register", get(auth::register_form).post(auth::register))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/password-reset", get(recovery::request_form).post(recovery::request))
        .route("/password-reset/{token}", get(recovery::reset_form).post(recovery::reset))
        .route("/verify/resend", post(recovery::resend))
        .route("/verify/{token}", get(recovery::verify_form).post(recovery::verify))
        .route("/u", get(people::directory))
        .route("/u/{username}", get(profile::profile))
        .route("/u/{username}/avatar.svg", get(people::avatar))
        .route("/u/{username}/standing", post(profile::set_standing))
        .route("/u/{username}/role", post(profile::set_role))
        .route("/settings", get(settings::settings))
        .route("/settings/password", post(settings::change_password))
        .route("/settings/email", post(settings::change_email))
        .route("/settings/time-zone", post(settings::set_time_zone))
        .route("/settings/language", post(auth::set_language))
        .route("/settings/tokens", post(settings::create_token))
        .route("/settings/tokens/{id}/revoke", post(settings::revoke_token))
        .route("/lang/{code}", get(auth::choose_language))
}
