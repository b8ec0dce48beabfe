//! Writing through the API: each endpoint calls the same domain command as
//! the site's form, so permissions, limits, holds for approval and events
//! are the same. Needs a token with write access.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::read::Post;
use super::{ApiResult, Body, PathOf, Problem, Writer};
use crate::error::{AppError, Msg};
use crate::forum::{self, visibility};
use crate::moderation;
use crate::state::AppState;
use crate::wiki::{self, Edited, Saved};

/// A new topic with its first post.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTopicBody {
    /// The category's slug.
    #[schema(example = "general")]
    pub category: String,
    #[schema(example = "How do I withdraw money?")]
    pub title: String,
    /// Markdown.
    #[schema(example = "I tried twice and the **transfer** was refused.")]
    pub body: String,
}

/// Where a new post landed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub topic: i64,
    pub post: i64,
    pub number: i32,
    /// The post's address on the site.
    pub url: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/topics",
    tag = "forum",
    operation_id = "createTopic",
    summary = "Open a topic (as the form at /t/new does)",
    request_body(content = NewTopicBody, content_type = "application/json"),
    security(("bearerAuth" = [])),
    responses(
        (status = 201, description = "The topic was opened", body = Created),
        (status = 422, description = "A field is not valid (each message in `errors`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn create_topic(
    State(state): State<AppState>,
    Writer(me): Writer,
    Body(input): Body<NewTopicBody>,
) -> ApiResult<Response> {
    let form = forum::NewTopic { category: input.category, title: input.title, body: input.body };
    let topic = forum::commands::create_topic(&state, &me, &form).await?;
    let post = crate::forum::posts::first_post_id(state.db.read(), topic).await?;
    Ok(created(Created { topic, post, number: 1, url: format!("/t/{topic}") }))
}

fn created<T: Serialize>(body: T) -> Response {
    (StatusCode::CREATED, Json(body)).into_response()
}

/// A post's text.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PostBody {
    /// Markdown.
    #[schema(example = "Try again in an hour; see [[Welcome]].")]
    pub body: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/topics/{id}/posts",
    tag = "forum",
    operation_id = "reply",
    summary = "Reply to a topic",
    params(("id" = i64, Path, description = "Topic id", example = 1)),
    request_body(content = PostBody, content_type = "application/json"),
    security(("bearerAuth" = [])),
    responses(
        (status = 201, description = "The reply was posted", body = Created),
        (status = 404, description = "No such topic, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The text is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn reply(
    State(state): State<AppState>,
    Writer(me): Writer,
    PathOf(id): PathOf<i64>,
    Body(input): Body<PostBody>,
) -> ApiResult<Response> {
    let p = forum::commands::reply(&state, &me, id, &input.body).await?;
    Ok(created(Created {
        topic: p.topic,
        post: p.id,
        number: p.number,
        url: format!("/t/{}?page={}#p{}", p.topic, forum::posts::page_of(p.number), p.number),
    }))
}

#[utoipa::path(
    patch,
    path = "/api/v1/posts/{id}",
    tag = "forum",
    operation_id = "editPost",
    summary = "Save a new version of a post (the old one stays in its history)",
    params(("id" = i64, Path, description = "Post id", example = 1)),
    request_body(content = PostBody, content_type = "application/json"),
    security(("bearerAuth" = [])),
    responses(
        (status = 200, description = "The post now", body = Post),
        (status = 404, description = "No such post, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The text is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn edit_post(
    State(state): State<AppState>,
    Writer(me): Writer,
    headers: HeaderMap,
    PathOf(id): PathOf<i64>,
    Body(input): Body<PostBody>,
) -> ApiResult<Json<Post>> {
    let updated = forum::commands::edit_post(&state, &me, id, &input.body).await?;
    let page = forum::posts::topic_page(
        &state.db,
        &state.policy,
        Some(&me),
        updated.topic_id,
        forum::posts::page_of(updated.post_number),
        forum::posts::Source::With,
    )
    .await?;
    let view = page.posts.iter().find(|v| v.id == id).ok_or(AppError::NotFound)?;
    let staff = visibility::is_staff(&state.policy, Some(&me));
    Ok(Json(super::read::post_of(super::locale_of(&state, &headers), Some(&me), staff, updated.topic_id, view)))
}

/// Whether the caller likes the post now.
#[derive(Debug, Serialize, ToSchema)]
pub struct Liked {
    pub liked: bool,
}

#[utoipa::path(
    post,
    path = "/api/v1/posts/{id}/like",
    tag = "forum",
    operation_id = "toggleLike",
    summary = "Like a post, or take the like back (as the site's button does)",
    params(("id" = i64, Path, description = "Post id", example = 1)),
    security(("bearerAuth" = [])),
    responses(
        (status = 200, description = "Whether the caller likes it now", body = Liked),
        (status = 404, description = "No such post, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn like(
    State(state): State<AppState>,
    Writer(me): Writer,
    PathOf(id): PathOf<i64>,
) -> ApiResult<Json<Liked>> {
    let liked = forum::commands::toggle_like(&state, &me, id).await?;
    Ok(Json(Liked { liked }))
}

/// A report about a post.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FlagBody {
    /// `spam`, `scam`, `off-topic`, `abusive` or `other`.
    #[schema(example = "spam")]
    pub reason: String,
    /// What is wrong; required for `other`.
    #[serde(default)]
    pub text: String,
}

/// A flag was recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct Flagged {
    pub post: i64,
}

#[utoipa::path(
    post,
    path = "/api/v1/posts/{id}/flags",
    tag = "forum",
    operation_id = "flagPost",
    summary = "Report a post to the moderators",
    params(("id" = i64, Path, description = "Post id", example = 1)),
    request_body(content = FlagBody, content_type = "application/json"),
    security(("bearerAuth" = [])),
    responses(
        (status = 201, description = "The flag was recorded", body = Flagged),
        (status = 404, description = "No such post, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown reason, missing text, or flagged already", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn flag(
    State(state): State<AppState>,
    Writer(me): Writer,
    PathOf(id): PathOf<i64>,
    Body(input): Body<FlagBody>,
) -> ApiResult<Response> {
    moderation::flags::flag(&state, &me, id, &input.reason, &input.text).await?;
    Ok(created(Flagged { post: id }))
}

/// A new text for a guide (creating it when there is none).
#[derive(Debug, Deserialize, ToSchema)]
pub struct GuideEdit {
    /// Markdown.
    #[schema(example = "# Welcome\n\nStart here.")]
    pub body: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub minor: bool,
    /// The revision the text was based on (`revision` of `GET /api/v1/guides/{title}`):
    /// edits made meanwhile to other lines are merged in; edits to the same
    /// lines are a conflict. Leave out when creating.
    pub base: Option<i64>,
    /// Other titles search finds the guide by; left out, they stay as they are.
    pub aliases: Option<Vec<String>>,
}

/// What an edit became.
#[derive(Debug, Serialize, ToSchema)]
pub struct GuideSaved {
    /// `saved`, `merged` (saved, with edits made meanwhile merged in),
    /// `unchanged`, or `proposed` (the caller is below the bar: the edit
    /// waits for review).
    pub outcome: String,
    /// The new revision, when one was saved.
    pub revision: Option<i64>,
    /// The proposal, when the edit waits for review.
    pub proposal: Option<i64>,
}

#[utoipa::path(
    put,
    path = "/api/v1/guides/{title}",
    tag = "wiki",
    operation_id = "editGuide",
    summary = "Edit or create a guide; members below the bar propose the edit for review",
    params(("title" = String, Path, description = "The guide's title; spaces may be written as `_`", example = "Welcome")),
    request_body(content = GuideEdit, content_type = "application/json"),
    security(("bearerAuth" = [])),
    responses(
        (status = 200, description = "Saved, unchanged, or proposed", body = GuideSaved),
        (status = 409, description = "Someone changed the same lines meanwhile; nothing was saved", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The text or summary is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn edit_guide(
    State(state): State<AppState>,
    Writer(me): Writer,
    PathOf(title): PathOf<String>,
    Body(input): Body<GuideEdit>,
) -> ApiResult<Json<GuideSaved>> {
    let title = crate::web::wiki::parse_title(&title)?;
    let edit = wiki::Edit {
        body: input.body,
        summary: input.summary,
        minor: input.minor,
        base: input.base,
        aliases: input.aliases.map(|a| a.join("\n")),
        sections: None,
    };
    let outcome = match wiki::commands::edit(&state, &me, &title, &edit, None).await? {
        Edited::Proposed(id) => GuideSaved { outcome: "proposed".into(), revision: None, proposal: Some(id) },
        Edited::Saved(Saved::Revision { id, merged }) => {
            GuideSaved { outcome: if merged { "merged" } else { "saved" }.into(), revision: Some(id), proposal: None }
        }
        Edited::Saved(Saved::Unchanged) => GuideSaved { outcome: "unchanged".into(), revision: None, proposal: None },
        Edited::Saved(Saved::Conflict { current }) => {
            return Err(AppError::Conflict(Msg::new("api-guide-conflict").with("current", current.id)));
        }
    };
    Ok(Json(outcome))
}
