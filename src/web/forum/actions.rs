//! Buttons on a post: delete, like, bookmark, mark the solution. Each calls
//! one command and goes back to the post.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::{parse_id, post_href};
use crate::error::AppError;
use crate::forum;
use crate::state::AppState;
use crate::web::context::Ctx;

async fn back_to_post(state: &AppState, ctx: &Ctx, post_id: i64) -> Result<Response, AppError> {
    let (p, _) = forum::visibility::post(state.db.read(), &state.policy, ctx.user.as_ref(), post_id).await?;
    Ok(Redirect::to(&post_href(p.topic_id, p.post_number)).into_response())
}

pub(super) async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let p = forum::commands::delete_post(&state, &user, parse_id(&id)?).await?;
    ctx.flash("ok", "flash-deleted").await?;
    if p.post_number == 1 && !forum::visibility::is_staff(&state.policy, Some(&user)) {
        return Ok(Redirect::to("/").into_response());
    }
    Ok(Redirect::to(&post_href(p.topic_id, p.post_number)).into_response())
}

pub(super) async fn like(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = parse_id(&id)?;
    forum::commands::toggle_like(&state, &user, id).await?;
    back_to_post(&state, &ctx, id).await
}

pub(super) async fn bookmark(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = parse_id(&id)?;
    forum::commands::toggle_bookmark(&state, &user, id).await?;
    back_to_post(&state, &ctx, id).await
}

pub(super) async fn solve(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = parse_id(&id)?;
    forum::commands::toggle_solution(&state, &user, id).await?;
    back_to_post(&state, &ctx, id).await
}
