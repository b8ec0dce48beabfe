//! Account pages:
//! - [`auth`]: sign up, sign in, sign out, the language choice;
//! - [`profile`]: a member's page with the staff panels (standing, role, sanctions);
//! - [`settings`]: password, e-mail, language of the member.

mod auth;
mod profile;
mod settings;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/register", get(auth::register_form).post(auth::register))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/u/{username}", get(profile::profile))
        .route("/u/{username}/standing", post(profile::set_standing))
        .route("/u/{username}/role", post(profile::set_role))
        .route("/settings", get(settings::settings))
        .route("/settings/password", post(settings::change_password))
        .route("/settings/email", post(settings::change_email))
        .route("/settings/language", post(auth::set_language))
        .route("/lang/{code}", get(auth::choose_language))
}
