//! Moderation pages and actions: topic and post tools, flags, the queue,
//! sanctions and the staff log. Every action is a POST with CSRF.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::AppError;
use crate::i18n;
use crate::moderation::{self, LogFilter, PostTool, SanctionKind, TopicTool};
use crate::policy::{Action, Decision};
use crate::state::AppState;
use crate::util;
use crate::web::context::Ctx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/mod", get(queue))
        .route("/mod/log", get(staff_log))
        .route("/mod/flags/{post}", post(decide_flags))
        .route("/mod/held/{post}", post(decide_held))
        .route("/mod/registrations/{username}", post(decide_registration))
        .route("/t/{id}/mod", post(topic_tool))
        .route("/t/{id}/merge", post(merge))
        .route("/t/{id}/split", post(split))
        .route("/p/{id}/mod", post(post_tool))
        .route("/p/{id}/flag", post(flag))
        .route("/u/{username}/sanction", post(sanction))
        .route("/u/{username}/lift", post(lift))
}

fn id(s: &str) -> Result<i64, AppError> {
    s.parse::<i64>().ok().filter(|i| *i > 0).ok_or(AppError::NotFound)
}

fn staff(state: &AppState, ctx: &Ctx) -> Result<crate::accounts::User, AppError> {
    let user = ctx.require_user()?.clone();
    match state.policy.decide(&user.actor(), Action::Moderate) {
        Decision::Allow => Ok(user),
        Decision::Propose(d) | Decision::Deny(d) => Err(AppError::Forbidden(d)),
    }
}

fn invalid_to_bad_request(locale: &str, e: AppError) -> AppError {
    match e {
        AppError::Invalid(errors) => {
            let msgs: Vec<String> = errors
                .0
                .values()
                .map(|f| {
                    let args: Vec<(&str, String)> = f.args.iter().map(|(k, v)| (*k, v.clone())).collect();
                    i18n::text(locale, f.key, &args)
                })
                .collect();
            AppError::BadRequest(msgs.join(" "))
        }
        other => other,
    }
}

#[derive(Debug, Default, Deserialize)]
struct ToolForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    reason: String,
}

async fn topic_tool(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(t): Path<String>,
    Form(f): Form<ToolForm>,
) -> Result<Response, AppError> {
    let user = staff(&state, &ctx)?;
    let t = id(&t)?;
    let tool =
        TopicTool::parse(&f.action, &f.category).ok_or_else(|| AppError::BadRequest("Unknown action.".into()))?;
    moderation::topic_tool(&state.db, &state.policy, &user, t, tool, &f.reason)
        .await
        .map_err(|e| invalid_to_bad_request(ctx.locale, e))?;
    ctx.flash("ok", "flash-mod-done").await?;
    Ok(Redirect::to(&format!("/t/{t}?page=1")).into_response())
}

async fn post_tool(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(p): Path<String>,
    Form(f): Form<ToolForm>,
) -> Result<Response, AppError> {
    let user = staff(&state, &ctx)?;
    let p = id(&p)?;
    let tool = PostTool::parse(&f.action).ok_or_else(|| AppError::BadRequest("Unknown action.".into()))?;
    moderation::post_tool(&state.db, &state.policy, &user, p, tool, &f.reason)
        .await
        .map_err(|e| invalid_to_bad_request(ctx.locale, e))?;
    ctx.flash("ok", "flash-mod-done").await?;
    crate::web::forum::back_to_post(&state, p).await
}

#[derive(Debug, Default, Deserialize)]
struct FlagForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    text: String,
}

async fn flag(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(p): Path<String>,
    Form(f): Form<FlagForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let p = id(&p)?;
    let threshold = state.config.flag_hide_weight;
    moderation::flag(&state.db, &state.policy, threshold, &user, p, &f.reason, &f.text)
        .await
        .map_err(|e| invalid_to_bad_request(ctx.locale, e))?;
    ctx.flash("ok", "flash-flagged").await?;
    crate::web::forum::back_to_post(&state, p).await
}

#[derive(Debug, Default, Deserialize)]
struct QueueQuery {
    after: Option<String>,
}

async fn queue(State(state): State<AppState>, ctx: Ctx, Query(q): Query<QueueQuery>) -> Result<Response, AppError> {
    staff(&state, &ctx)?;
    let after = q.after.as_deref().and_then(|a| a.parse::<i64>().ok());
    let items = moderation::queue(&state.db, after, 20).await?;
    let next = (items.len() == 20).then(|| items.last().map(|(i, _)| i.post_id)).flatten();
    let items: Vec<Value> = items
        .iter()
        .map(|(it, flags)| {
            let reasons: Vec<Value> = flags
                .iter()
                .map(|f| json!({ "reason": i18n::text(ctx.locale, &format!("flag-{}", f.reason), &[]), "text": f.text, "weight": f.weight }))
                .collect();
            json!({
                "post_id": it.post_id, "topic_id": it.topic_id, "number": it.post_number, "title": it.title,
                "author": it.author, "body": it.body.chars().take(600).collect::<String>(), "hidden": it.hidden,
                "flags": reasons, "href": format!("/p/{}", it.post_id),
            })
        })
        .collect();
    let held: Vec<Value> = moderation::held_posts(&state.db, 50)
        .await?
        .iter()
        .map(|it| {
            json!({
                "post_id": it.post_id, "number": it.post_number, "title": it.title, "author": it.author,
                "body": it.body.chars().take(600).collect::<String>(), "href": format!("/p/{}", it.post_id),
            })
        })
        .collect();
    let registrations: Vec<Value> = moderation::pending_registrations(&state.db, 50)
        .await?
        .iter()
        .map(|(name, at)| json!({ "username": name, "at": util::datetime(at) }))
        .collect();
    let ctx = ctx.with_csrf().await?;
    let data = json!({ "items": items, "next": next, "held": held, "registrations": registrations });
    state.views.page(&ctx, "mod/queue.html", data)
}

#[derive(Debug, Default, Deserialize)]
struct DecideForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    silence_days: String,
}

async fn decide_flags(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(p): Path<String>,
    Form(f): Form<DecideForm>,
) -> Result<Response, AppError> {
    let user = staff(&state, &ctx)?;
    let p = id(&p)?;
    let agree = match f.decision.as_str() {
        "agree" => true,
        "disagree" => false,
        _ => return Err(AppError::BadRequest("Choose agree or disagree.".into())),
    };
    let author = moderation::resolve_flags(&state.db, &state.policy, &user, p, agree, &f.reason).await?;
    if agree && let Ok(days) = f.silence_days.trim().parse::<i64>() {
        let name = crate::accounts::find_by_id(state.db.read(), author).await?.map(|u| u.username).unwrap_or_default();
        let reason = if f.reason.trim().is_empty() { "flagged post".to_owned() } else { f.reason.clone() };
        moderation::sanction(&state.db, &state.policy, &user, &name, SanctionKind::Silence, Some(days), &reason)
            .await?;
    }
    ctx.flash("ok", "flash-mod-done").await?;
    Ok(Redirect::to("/mod").into_response())
}

#[derive(Debug, Default, Deserialize)]
struct LogQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    member: String,
    #[serde(default)]
    action: String,
    before: Option<String>,
}

async fn staff_log(State(state): State<AppState>, ctx: Ctx, Query(q): Query<LogQuery>) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    if let Decision::Propose(d) | Decision::Deny(d) = state.policy.decide(&user.actor(), Action::ViewStaffLog) {
        return Err(AppError::Forbidden(d));
    }
    let by_name = |name: String| {
        let db = state.db.clone();
        async move {
            if name.trim().is_empty() {
                return Ok::<_, AppError>(None);
            }
            Ok(Some(crate::accounts::find_by_username(db.read(), &name).await?.map_or(-1, |u| u.id)))
        }
    };
    let filter = LogFilter {
        actor: by_name(q.actor.clone()).await?,
        member: by_name(q.member.clone()).await?,
        action: (!q.action.trim().is_empty()).then(|| q.action.trim().to_owned()),
        before: q.before.as_deref().and_then(|b| b.parse().ok()),
    };
    let rows = moderation::staff_log(&state.db, &filter, 50).await?;
    let next = (rows.len() == 50).then(|| rows.last().map(|r| r.id)).flatten();
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.target_user_id).collect();
    let names = crate::accounts::usernames(&state.db, &ids).await?;
    let rows: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "action": r.action, "reason": r.reason, "details": r.details, "at": util::datetime(&r.created_at),
                "actor": r.actor, "member": r.target_user_id.and_then(|t| names.get(&t).cloned()),
                "href": r.post_id.map(|p| format!("/p/{p}")).or_else(|| r.topic_id.map(|t| format!("/t/{t}"))),
            })
        })
        .collect();
    let data =
        json!({ "rows": rows, "next": next, "filter": { "actor": q.actor, "member": q.member, "action": q.action } });
    state.views.page(&ctx, "mod/log.html", data)
}

#[derive(Debug, Default, Deserialize)]
struct SanctionForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    reason: String,
}

async fn sanction(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(username): Path<String>,
    Form(f): Form<SanctionForm>,
) -> Result<Response, AppError> {
    let user = staff(&state, &ctx)?;
    let kind = SanctionKind::parse(&f.kind).ok_or_else(|| AppError::BadRequest("Unknown sanction.".into()))?;
    let days = match f.days.trim() {
        "" => None,
        d => Some(d.parse::<i64>().map_err(|_| AppError::BadRequest(i18n::text(ctx.locale, "err-days", &[])))?),
    };
    moderation::sanction(&state.db, &state.policy, &user, &username, kind, days, &f.reason)
        .await
        .map_err(|e| invalid_to_bad_request(ctx.locale, e))?;
    ctx.flash("ok", "flash-mod-done").await?;
    Ok(Redirect::to(&format!("/u/{}", crate::web::views::encode_segment(&username))).into_response())
}

async fn lift(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(username): Path<String>,
    Form(f): Form<SanctionForm>,
) -> Result<Response, AppError> {
    let user = staff(&state, &ctx)?;
    let kind = SanctionKind::parse(&f.kind).ok_or_else(|| AppError::BadRequest("Unknown sanction.".into()))?;
    moderation::lift(&state.db, &state.policy, &user, &username, kind, &f.reason).await?;
    ctx.flash("ok", "flash-mod-done").await?;
    Ok(Redirect::to(&format!("/u/{}", crate::web::views::encode_segment(&username))).into_response())
}

/// The page a suspended or banned member gets instead of signing in.
pub fn sanctioned_page(state: &AppState, ctx: &Ctx, s: &moderation::ActiveSanction) -> Result<Response, AppError> {
    let until = s.until.map(|t| util::datetime(&t));
    let key = match s.kind {
        SanctionKind::Ban => "sanction-banned",
        _ => "sanction-suspended",
    };
    let message =
        i18n::text(ctx.locale, key, &[("until", until.unwrap_or_else(|| "—".into())), ("reason", s.reason.clone())]);
    let data = json!({ "status": 403, "title": i18n::text(ctx.locale, "error-403-title", &[]), "message": message, "detail": null });
    state.views.page_with_status(StatusCode::FORBIDDEN, ctx, "errors/error.html", data)
}

#[derive(Debug, Default, Deserialize)]
struct MergeForm {
    #[serde(default)]
    into: String,
    #[serde(default)]
    reason: String,
}

async fn merge(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(t): Path<String>,
    Form(f): Form<MergeForm>,
) -> Result<Response, AppError> {
    let user = staff(&state, &ctx)?;
    let from = id(&t)?;
    let into = f
        .into
        .trim()
        .trim_start_matches("/t/")
        .split('/')
        .next()
        .and_then(|s| s.parse::<i64>().ok())
        .ok_or_else(|| AppError::BadRequest(i18n::text(ctx.locale, "err-merge-target", &[])))?;
    moderation::merge_topics(&state.db, &state.policy, &user, from, into, &f.reason).await?;
    ctx.flash("ok", "flash-mod-done").await?;
    Ok(Redirect::to(&format!("/t/{into}?page=1")).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct SplitForm {
    #[serde(default)]
    posts: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    category: String,
}

async fn split(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(t): Path<String>,
    Form(f): Form<SplitForm>,
) -> Result<Response, AppError> {
    let user = staff(&state, &ctx)?;
    let topic = id(&t)?;
    let numbers: Vec<i32> = f
        .posts
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_start_matches('#').parse::<i32>())
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::BadRequest(i18n::text(ctx.locale, "err-split-posts", &[])))?;
    let new_id = moderation::split_topic(&state.db, &state.policy, &user, topic, &numbers, &f.title, &f.category)
        .await
        .map_err(|e| invalid_to_bad_request(ctx.locale, e))?;
    ctx.flash("ok", "flash-mod-done").await?;
    Ok(Redirect::to(&format!("/t/{new_id}?page=1")).into_response())
}

async fn decide_held(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(p): Path<String>,
    Form(f): Form<DecideForm>,
) -> Result<Response, AppError> {
    let user = staff(&state, &ctx)?;
    let p = id(&p)?;
    let approve = match f.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::BadRequest("Choose approve or reject.".into())),
    };
    moderation::decide_held(&state.db, &state.policy, &user, p, approve, &f.reason).await?;
    ctx.flash("ok", "flash-mod-done").await?;
    Ok(Redirect::to("/mod").into_response())
}

async fn decide_registration(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(username): Path<String>,
    Form(f): Form<DecideForm>,
) -> Result<Response, AppError> {
    let user = staff(&state, &ctx)?;
    let approve = match f.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::BadRequest("Choose approve or reject.".into())),
    };
    moderation::decide_registration(&state.db, &state.policy, &user, &username, approve, &f.reason).await?;
    ctx.flash("ok", "flash-mod-done").await?;
    Ok(Redirect::to("/mod").into_response())
}
