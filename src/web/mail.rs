//! Mail pages: the admin list of mail waiting or failed.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use serde::Serialize;

use crate::error::AppError;
use crate::policy::Action;
use crate::state::AppState;
use crate::web::context::Ctx;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/mail", get(queue))
}

#[derive(Serialize)]
struct Row {
    id: i64,
    kind: String,
    to: String,
    subject: String,
    status: String,
    attempts: i32,
    last_error: String,
    created_at: String,
    next_attempt_at: String,
}

#[derive(Serialize)]
struct QueuePage {
    rows: Vec<Row>,
}

async fn queue(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_user()?;
    state.policy.require(&user.actor(), Action::ViewMailQueue)?;
    let rows = crate::mail::unsent(&state, 200)
        .await?
        .into_iter()
        .map(|r| Row {
            id: r.id,
            kind: crate::i18n::text(ctx.locale, &r.kind, &[]),
            to: r.to,
            subject: r.subject,
            status: r.status,
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: crate::util::rfc3339(&r.created_at),
            next_attempt_at: crate::util::rfc3339(&r.next_attempt_at),
        })
        .collect();
    state.views.page(&ctx, "mail/queue.html", &QueuePage { rows })
}
