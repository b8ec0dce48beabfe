//! Moderation pages: the queue, the staff log, and the forms behind the
//! topic, post, flag and sanction tools. Each form calls one command.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};

use crate::accounts::{ActiveSanction, SanctionKind, User};
use crate::audit::{self, LogFilter};
use crate::error::{AppError, Msg};
use crate::i18n;
use crate::moderation::{self, PostTool, TopicTool};
use crate::policy::Action;
use crate::state::AppState;
use crate::util;
use crate::web::context::Ctx;
use crate::web::errors::{ErrorPage, certificate_name};
use crate::web::forum::{parse_id, post_href};
use crate::web::views::encode_segment;

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

/// Staff pages need a moderator or admin.
fn staff(state: &AppState, ctx: &Ctx) -> Result<User, AppError> {
    let user = ctx.require_user()?.clone();
    state.policy.require(&user.actor(), Action::Moderate)?;
    Ok(user)
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
    let t = parse_id(&t)?;
    let tool = TopicTool::parse(&f.action, &f.category).ok_or_else(|| AppError::bad_request("err-unknown-action"))?;
    moderation::topics::topic_tool(&state, &user, t, tool, &f.reason).await?;
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
    let p = parse_id(&p)?;
    let tool = PostTool::parse(&f.action).ok_or_else(|| AppError::bad_request("err-unknown-action"))?;
    moderation::posts::post_tool(&state, &user, p, tool, &f.reason).await?;
    ctx.flash("ok", "flash-mod-done").await?;
    let (post, _) = crate::forum::visibility::post(state.db.read(), &state.policy, Some(&user), p).await?;
    Ok(Redirect::to(&post_href(post.topic_id, post.post_number)).into_response())
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
    let p = parse_id(&p)?;
    moderation::flags::flag(&state, &user, p, &f.reason, &f.text).await?;
    ctx.flash("ok", "flash-flagged").await?;
    // The post may be hidden now: go back to its topic.
    let post = crate::forum::posts::post(state.db.read(), p).await?;
    Ok(Redirect::to(&post_href(post.topic_id, post.post_number)).into_response())
}

#[derive(Serialize)]
struct FlagView {
    reason: String,
    text: String,
    weight: i32,
}

#[derive(Serialize)]
struct QueueCard {
    post_id: i64,
    topic_id: i64,
    number: i32,
    title: String,
    author: String,
    /// The post as readers see it (rendered), not its Markdown.
    html: String,
    hidden: bool,
    flags: Vec<FlagView>,
    href: String,
}

#[derive(Serialize)]
struct Registration {
    username: String,
    at: String,
}

#[derive(Serialize)]
struct QueuePage {
    items: Vec<QueueCard>,
    next: Option<i64>,
    held: Vec<QueueCard>,
    registrations: Vec<Registration>,
}

#[derive(Debug, Default, Deserialize)]
struct QueueQuery {
    after: Option<String>,
}

fn card(it: &moderation::QueueItem, flags: Vec<FlagView>) -> QueueCard {
    QueueCard {
        post_id: it.post_id,
        topic_id: it.topic_id,
        number: it.post_number,
        title: it.title.clone(),
        author: it.author.clone(),
        html: it.html.clone(),
        hidden: it.hidden,
        flags,
        href: format!("/p/{}", it.post_id),
    }
}

/// The queue, limited to the categories the moderator looks after.
async fn queue(State(state): State<AppState>, ctx: Ctx, Query(q): Query<QueueQuery>) -> Result<Response, AppError> {
    let user = staff(&state, &ctx)?;
    let scope = moderation::scope(state.db.read(), &user).await?;
    let after = q.after.as_deref().and_then(|a| a.parse::<i64>().ok());
    let found = moderation::queue::flagged(&state.db, scope.as_deref(), after, 20).await?;
    let next = (found.len() == 20).then(|| found.last().map(|(i, _)| i.post_id)).flatten();
    let items = found
        .iter()
        .map(|(it, flags)| {
            let flags = flags
                .iter()
                .map(|f| FlagView {
                    reason: i18n::text(ctx.locale, &format!("flag-{}", f.reason), &[]),
                    text: f.text.clone(),
                    weight: f.weight,
                })
                .collect();
            card(it, flags)
        })
        .collect();
    let held = moderation::queue::held_posts(&state.db, scope.as_deref(), 50)
        .await?
        .iter()
        .map(|it| card(it, Vec::new()))
        .collect();
    let registrations = moderation::queue::pending_registrations(&state.db, 50)
        .await?
        .into_iter()
        .map(|(username, at)| Registration { username, at: util::datetime(&at) })
        .collect();
    let ctx = ctx.with_csrf().await?;
    state.views.page(&ctx, "mod/queue.html", &QueuePage { items, next, held, registrations })
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

fn choice(decision: &str, yes: &str, no: &str) -> Result<bool, AppError> {
    if decision == yes {
        Ok(true)
    } else if decision == no {
        Ok(false)
    } else {
        Err(AppError::bad_request("err-unknown-action"))
    }
}

async fn decide_flags(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(p): Path<String>,
    Form(f): Form<DecideForm>,
) -> Result<Response, AppError> {
    let user = staff(&state, &ctx)?;
    let p = parse_id(&p)?;
    let agree = choice(&f.decision, "agree", "disagree")?;
    let days = match f.silence_days.trim() {
        "" => None,
        d => Some(d.parse::<i64>().map_err(|_| AppError::bad_request("err-days"))?),
    };
    moderation::flags::resolve(&state, &user, p, agree, &f.reason, days).await?;
    ctx.flash("ok", "flash-mod-done").await?;
    Ok(Redirect::to("/mod").into_response())
}

async fn decide_held(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(p): Path<String>,
    Form(f): Form<DecideForm>,
) -> Result<Response, AppError> {
    let user = staff(&state, &ctx)?;
    let approve = choice(&f.decision, "approve", "reject")?;
    moderation::posts::decide_held(&state, &user, parse_id(&p)?, approve, &f.reason).await?;
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
    let approve = choice(&f.decision, "approve", "reject")?;
    moderation::queue::decide_registration(&state, &user, &username, approve, &f.reason).await?;
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

#[derive(Serialize)]
struct LogLine {
    at: String,
    actor: Option<String>,
    /// What was done, in the reader's language.
    action: String,
    /// The stable key, for filtering.
    key: String,
    member: Option<String>,
    reason: String,
    href: Option<String>,
}

#[derive(Serialize)]
struct LogFilterView {
    actor: String,
    member: String,
    action: String,
}

#[derive(Serialize)]
struct LogPage {
    rows: Vec<LogLine>,
    next: Option<i64>,
    filter: LogFilterView,
}

/// A staff-log row in words: the action's message with its stored values
/// (certificate levels and roles named in the reader's language).
fn describe(locale: &str, row: &audit::LogRow) -> String {
    let values = row.values();
    let show = |v: &str| -> String {
        if row.action == "standing.certificate" {
            certificate_name(locale, v)
        } else if row.action == "standing.role" {
            i18n::try_text(locale, &format!("role-{v}"), &[]).unwrap_or_else(|| v.to_owned())
        } else if let Ok(t) = time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339) {
            util::datetime(&t)
        } else {
            v.to_owned()
        }
    };
    let mut args: Vec<(&str, String)> = values.iter().map(|(k, v)| (k.as_str(), show(v))).collect();
    if matches!(row.action.as_str(), "user.silence" | "user.suspend") && !values.contains_key("until") {
        args.push(("until", "none".to_owned()));
    }
    if let Some(source) = values.get("source") {
        args.retain(|(k, _)| *k != "source");
        args.push(("source", i18n::text(locale, &format!("standing-source-{source}"), &[])));
    }
    let key = format!("log-{}", row.action.replace('.', "-"));
    match i18n::try_text(locale, &key, &args) {
        Some(text) => match values.get("text") {
            Some(legacy) => format!("{text} ({legacy})"),
            None => text,
        },
        None => row.action.clone(),
    }
}

async fn staff_log(State(state): State<AppState>, ctx: Ctx, Query(q): Query<LogQuery>) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    state.policy.require(&user.actor(), Action::ViewStaffLog)?;
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
    let rows = audit::staff_log(&state.db, &filter, 50).await?;
    let next = (rows.len() == 50).then(|| rows.last().map(|r| r.id)).flatten();
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.target_user_id).collect();
    let names = crate::accounts::usernames(&state.db, &ids).await?;
    let rows = rows
        .iter()
        .map(|r| LogLine {
            at: util::datetime(&r.created_at),
            actor: r.actor.clone(),
            action: describe(ctx.locale, r),
            key: r.action.clone(),
            member: r.target_user_id.and_then(|t| names.get(&t).cloned()),
            reason: r.reason.clone(),
            href: r.post_id.map(|p| format!("/p/{p}")).or_else(|| r.topic_id.map(|t| format!("/t/{t}"))),
        })
        .collect();
    let page = LogPage { rows, next, filter: LogFilterView { actor: q.actor, member: q.member, action: q.action } };
    state.views.page(&ctx, "mod/log.html", &page)
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
    let kind = SanctionKind::parse(&f.kind).ok_or_else(|| AppError::bad_request("err-unknown-action"))?;
    let days = match f.days.trim() {
        "" => None,
        d => Some(d.parse::<i64>().map_err(|_| AppError::bad_request("err-days"))?),
    };
    moderation::sanctions::sanction(&state, &user, &username, kind, days, &f.reason).await?;
    ctx.flash("ok", "flash-mod-done").await?;
    Ok(Redirect::to(&format!("/u/{}", encode_segment(&username))).into_response())
}

async fn lift(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(username): Path<String>,
    Form(f): Form<SanctionForm>,
) -> Result<Response, AppError> {
    let user = staff(&state, &ctx)?;
    let kind = SanctionKind::parse(&f.kind).ok_or_else(|| AppError::bad_request("err-unknown-action"))?;
    moderation::sanctions::lift(&state, &user, &username, kind, &f.reason).await?;
    ctx.flash("ok", "flash-mod-done").await?;
    Ok(Redirect::to(&format!("/u/{}", encode_segment(&username))).into_response())
}

/// The page a suspended or banned member gets instead of signing in.
pub fn sanctioned_page(state: &AppState, ctx: &Ctx, s: &ActiveSanction) -> Result<Response, AppError> {
    let until = s.until.map(|t| util::datetime(&t));
    let key = match s.kind {
        SanctionKind::Ban => "sanction-banned",
        _ => "sanction-suspended",
    };
    let message =
        i18n::text(ctx.locale, key, &[("until", until.unwrap_or_else(|| "—".into())), ("reason", s.reason.clone())]);
    let page = ErrorPage::new(StatusCode::FORBIDDEN, i18n::text(ctx.locale, "error-403-title", &[]), message);
    state.views.page_with_status(StatusCode::FORBIDDEN, ctx, "errors/error.html", &page)
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
    let from = parse_id(&t)?;
    let into = f
        .into
        .trim()
        .trim_start_matches("/t/")
        .split('/')
        .next()
        .and_then(|s| s.parse::<i64>().ok())
        .ok_or_else(|| AppError::invalid("into", "err-merge-target"))?;
    moderation::topics::merge(&state, &user, from, into, &f.reason).await?;
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
    let topic = parse_id(&t)?;
    let numbers: Vec<i32> = f
        .posts
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_start_matches('#').parse::<i32>())
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::BadRequest(Msg::new("err-split-posts")))?;
    let new_id = moderation::topics::split(&state, &user, topic, &numbers, &f.title, &f.category).await?;
    ctx.flash("ok", "flash-mod-done").await?;
    Ok(Redirect::to(&format!("/t/{new_id}?page=1")).into_response())
}
