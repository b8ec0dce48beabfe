//! The staff desk `/desk`: queues per service and status, one request with
//! its notes and tools, and the admin pages for services, canned answers
//! and the contacts page. Each form calls one command.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};

use super::{ServiceOption, parse_id, service_options, status_text};
use crate::accounts::User;
use crate::desk::services::ServiceForm;
use crate::desk::staff::{self as desk_staff, Guided, QueueFilter};
use crate::desk::{self, MessageView};
use crate::error::AppError;
use crate::i18n;
use crate::policy::Action;
use crate::state::AppState;
use crate::web::context::Ctx;
use crate::web::views::{Messages, rejection};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/desk", get(queue))
        .route("/desk/r/{id}", get(request))
        .route("/desk/r/{id}/{action}", post(act))
        .route("/desk/m/{id}/guide", post(to_guide))
        .route("/desk/admin", get(admin))
        .route("/desk/services/new", get(new_service).post(create_service))
        .route("/desk/services/{id}", get(edit_service).post(save_service))
        .route("/desk/canned", post(create_canned))
        .route("/desk/canned/{id}", post(save_canned))
        .route("/desk/contacts", get(contacts_form).post(save_contacts))
}

fn desk_user(state: &AppState, ctx: &Ctx) -> Result<User, AppError> {
    let user = ctx.require_user()?.clone();
    state.policy.require(&user.actor(), Action::OpenDesk)?;
    Ok(user)
}

fn admin_user(state: &AppState, ctx: &Ctx) -> Result<User, AppError> {
    let user = ctx.require_user()?.clone();
    state.policy.require(&user.actor(), Action::ManageDesk)?;
    Ok(user)
}

fn minutes_text(locale: &str, m: Option<i64>) -> String {
    match m {
        Some(n) => i18n::text(locale, "desk-minutes", &[("n", n.to_string())]),
        None => i18n::text(locale, "desk-none", &[]),
    }
}

#[derive(Serialize)]
struct StatsView {
    service: String,
    target: String,
    answered: usize,
    median_first: String,
    within_target: String,
    median_resolution: String,
    deflected: i64,
}

#[derive(Serialize)]
struct QueueView {
    id: i64,
    subject: String,
    status_text: String,
    service: String,
    by_email: bool,
    assignee: Option<String>,
    updated_at: String,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct DeskPage {
    rows: Vec<QueueView>,
    stats: Vec<StatsView>,
    services: Vec<Choice>,
    statuses: Vec<Choice>,
    assigned: Vec<Choice>,
    can_manage: bool,
}

async fn queue(State(state): State<AppState>, ctx: Ctx, Query(f): Query<QueueFilter>) -> Result<Response, AppError> {
    let user = desk_user(&state, &ctx)?;
    let l = ctx.locale;
    let services = desk_staff::my_services(&state, &user).await?;
    let rows = desk_staff::queue(&state, &user, &f).await?;
    let now = crate::util::now();
    let stats = desk::stats::for_services(&state, &services, now).await?;
    let name_of = |id: i64| services.iter().find(|s| s.id == id).map(|s| desk::service_name(s, l)).unwrap_or_default();
    let page = DeskPage {
        rows: rows
            .into_iter()
            .map(|r| QueueView {
                service: name_of(r.service_id),
                status_text: status_text(l, &r.status),
                by_email: r.channel == desk::EMAIL,
                id: r.id,
                subject: r.subject,
                assignee: r.assignee,
                updated_at: r.updated_at,
            })
            .collect(),
        stats: stats
            .into_iter()
            .map(|s| StatsView {
                service: name_of(s.service_id),
                target: minutes_text(
                    l,
                    services.iter().find(|x| x.id == s.service_id).map(|x| i64::from(x.target_minutes)),
                ),
                answered: s.answered,
                median_first: minutes_text(l, s.median_first_response),
                within_target: s.within_target_percent.map_or_else(
                    || i18n::text(l, "desk-none", &[]),
                    |p| i18n::text(l, "desk-percent", &[("n", p.to_string())]),
                ),
                median_resolution: minutes_text(l, s.median_resolution),
                deflected: s.deflected,
            })
            .collect(),
        services: std::iter::once(Choice {
            value: String::new(),
            label: i18n::text(l, "desk-all-services", &[]),
            selected: f.service.is_empty(),
        })
        .chain(services.iter().map(|s| Choice {
            value: s.id.to_string(),
            label: desk::service_name(s, l),
            selected: f.service == s.id.to_string(),
        }))
        .collect(),
        statuses: std::iter::once(Choice {
            value: String::new(),
            label: i18n::text(l, "desk-open-statuses", &[]),
            selected: f.status.is_empty(),
        })
        .chain(desk::STATUSES.iter().map(|s| Choice {
            value: (*s).to_owned(),
            label: status_text(l, s),
            selected: f.status == *s,
        }))
        .collect(),
        assigned: [("", "desk-assigned-any"), ("me", "desk-assigned-me"), ("none", "desk-assigned-none")]
            .into_iter()
            .map(|(v, k)| Choice { value: v.to_owned(), label: i18n::text(l, k, &[]), selected: f.assigned == v })
            .collect(),
        can_manage: state.policy.allows(&user.actor(), Action::ManageDesk),
    };
    state.views.page(&ctx, "desk/queue.html", &page)
}

#[derive(Serialize)]
struct CannedView {
    id: i64,
    title: String,
    selected: bool,
}

#[derive(Serialize)]
struct DeskRequestPage {
    id: i64,
    subject: String,
    status_text: String,
    service: String,
    target: String,
    by_email: bool,
    requester: Option<String>,
    assignee: Option<String>,
    first_response: String,
    resolution: String,
    created_at: String,
    messages: Vec<MessageView>,
    closed: bool,
    merged_into: Option<i64>,
    services: Vec<ServiceOption>,
    staff_names: Vec<String>,
    canned: Vec<CannedView>,
    reply: String,
    errors: Messages,
}

#[derive(Debug, Default, Deserialize)]
struct RequestQuery {
    #[serde(default)]
    canned: String,
}

/// What the reply box starts with: text typed before, or a canned answer.
#[derive(Default)]
struct Draft {
    reply: String,
    canned: Option<i64>,
}

async fn request_page(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    id: i64,
    draft: Draft,
    status: StatusCode,
    errors: Messages,
) -> Result<Response, AppError> {
    let Draft { reply, canned: canned_id } = draft;
    let ctx = ctx.with_csrf().await?;
    let l = ctx.locale;
    let (r, s) = desk_staff::load(state, user, id).await?;
    let canned = desk::services::canned(&state.db).await?;
    let reply = match canned_id.and_then(|c| canned.iter().find(|x| x.id == c)) {
        Some(c) if reply.is_empty() => c.body.clone(),
        _ => reply,
    };
    let names =
        crate::accounts::usernames(&state.db, &[r.user_id, r.assignee_id].into_iter().flatten().collect::<Vec<_>>())
            .await?;
    let page = DeskRequestPage {
        id: r.id,
        subject: r.subject.clone(),
        status_text: status_text(l, &r.status),
        service: desk::service_name(&s, l),
        target: minutes_text(l, Some(i64::from(s.target_minutes))),
        by_email: r.channel == desk::EMAIL,
        requester: r.user_id.and_then(|u| names.get(&u).cloned()),
        assignee: r.assignee_id.and_then(|u| names.get(&u).cloned()),
        first_response: minutes_text(l, r.first_response_at.map(|t| desk::minutes(r.created_at, t))),
        resolution: minutes_text(l, r.resolved_at.map(|t| desk::minutes(r.created_at, t))),
        created_at: crate::util::datetime(&r.created_at),
        messages: desk::messages(&state.db, r.id, true).await?,
        closed: matches!(r.status.as_str(), desk::RESOLVED | desk::ARCHIVED),
        merged_into: r.merged_into,
        services: service_options(&desk::services::all(&state.db).await?, l, &r.service_id.to_string()),
        staff_names: desk_staff::staff_of(state, &s).await?,
        canned: canned
            .iter()
            .map(|c| CannedView { id: c.id, title: c.title.clone(), selected: Some(c.id) == canned_id })
            .collect(),
        reply,
        errors,
    };
    state.views.page_with_status(status, &ctx, "desk/desk_request.html", &page).map(|mut res| {
        res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
        res
    })
}

async fn request(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<RequestQuery>,
) -> Result<Response, AppError> {
    let user = desk_user(&state, &ctx)?;
    let id = parse_id(&id)?;
    let draft = Draft { reply: String::new(), canned: q.canned.parse().ok() };
    request_page(&state, &ctx, &user, id, draft, StatusCode::OK, Messages::new()).await
}

#[derive(Debug, Default, Deserialize)]
struct ActForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    service: String,
    #[serde(default)]
    into: String,
}

async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, action)): Path<(String, String)>,
    Form(f): Form<ActForm>,
) -> Result<Response, AppError> {
    let user = desk_user(&state, &ctx)?;
    let id = parse_id(&id)?;
    let result = match action.as_str() {
        "reply" => desk_staff::reply(&state, &user, id, &f.body).await,
        "note" => desk_staff::note(&state, &user, id, &f.body).await,
        "assign" => desk_staff::assign(&state, &user, id, &f.assignee).await,
        "service" => match f.service.parse::<i64>() {
            Ok(s) => desk_staff::change_service(&state, &user, id, s).await,
            Err(_) => Err(AppError::invalid("service", "desk-err-service")),
        },
        "resolve" => desk_staff::resolve(&state, &user, id).await,
        "merge" => match f.into.trim().trim_start_matches('#').parse::<i64>() {
            Ok(into) => desk_staff::merge(&state, &user, id, into).await,
            Err(_) => Err(AppError::invalid("into", "desk-err-merge-target")),
        },
        _ => return Err(AppError::NotFound),
    };
    match result {
        Ok(()) => {
            ctx.flash("ok", "desk-flash-done").await?;
            // A request moved out of this member's services goes back to the queue.
            let back = match desk_staff::load(&state, &user, id).await {
                Ok(_) => format!("/desk/r/{id}"),
                Err(_) => "/desk".to_owned(),
            };
            Ok(Redirect::to(&back).into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let body = if action == "reply" || action == "note" { f.body } else { String::new() };
            let draft = Draft { reply: body, canned: None };
            let res = request_page(&state, &ctx, &user, id, draft, r.status, r.errors.clone()).await?;
            Ok(r.finish(res))
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct GuideForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    request: String,
}

async fn to_guide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<GuideForm>,
) -> Result<Response, AppError> {
    let user = desk_user(&state, &ctx)?;
    let id = parse_id(&id)?;
    match desk_staff::to_guide(&state, &user, id, &f.title, &f.summary).await {
        Ok(Guided::Proposed(p)) => {
            ctx.flash("ok", "desk-flash-proposed").await?;
            Ok(Redirect::to(&format!("/wiki/proposals/{p}")).into_response())
        }
        Ok(Guided::Saved) => {
            ctx.flash("ok", "desk-flash-guide-saved").await?;
            let href = crate::title::Title::parse(&f.title).map(|t| t.href()).unwrap_or_else(|_| "/wiki".into());
            Ok(Redirect::to(&href).into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let request = parse_id(&f.request)?;
            let res = request_page(&state, &ctx, &user, request, Draft::default(), r.status, r.errors.clone()).await?;
            Ok(r.finish(res))
        }
    }
}

#[derive(Serialize)]
struct ServiceRow {
    id: i64,
    slug: String,
    name: String,
    role: String,
    target: String,
    open: bool,
}

#[derive(Serialize)]
struct AdminPage {
    services: Vec<ServiceRow>,
    canned: Vec<CannedEdit>,
    errors: Messages,
}

#[derive(Serialize)]
struct CannedEdit {
    id: i64,
    title: String,
    body: String,
}

async fn admin_page(state: &AppState, ctx: &Ctx, status: StatusCode, errors: Messages) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let l = ctx.locale;
    let services = desk::services::all(&state.db).await?;
    let page = AdminPage {
        services: services
            .iter()
            .map(|s| ServiceRow {
                id: s.id,
                slug: s.slug.clone(),
                name: desk::service_name(s, l),
                role: i18n::text(l, &format!("role-{}", s.answer_role), &[]),
                target: minutes_text(l, Some(i64::from(s.target_minutes))),
                open: s.open,
            })
            .collect(),
        canned: desk::services::canned(&state.db)
            .await?
            .into_iter()
            .map(|c| CannedEdit { id: c.id, title: c.title, body: c.body })
            .collect(),
        errors,
    };
    state.views.page_with_status(status, &ctx, "desk/admin.html", &page)
}

async fn admin(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    admin_user(&state, &ctx)?;
    admin_page(&state, &ctx, StatusCode::OK, Messages::new()).await
}

#[derive(Serialize)]
struct ServicePage {
    id: Option<i64>,
    form: ServiceForm,
    roles: Vec<Choice>,
    errors: Messages,
}

async fn service_page(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    form: ServiceForm,
    status: StatusCode,
    errors: Messages,
) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let roles = desk::ANSWER_ROLES
        .iter()
        .map(|r| Choice {
            value: (*r).to_owned(),
            label: i18n::text(ctx.locale, &format!("role-{r}"), &[]),
            selected: form.answer_role == *r,
        })
        .collect();
    state.views.page_with_status(status, &ctx, "desk/service.html", &ServicePage { id, form, roles, errors })
}

async fn new_service(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    admin_user(&state, &ctx)?;
    let form = ServiceForm {
        answer_role: "agent".into(),
        target_minutes: "60".into(),
        open: Some("on".into()),
        ..ServiceForm::default()
    };
    service_page(&state, &ctx, None, form, StatusCode::OK, Messages::new()).await
}

async fn edit_service(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    admin_user(&state, &ctx)?;
    let id = parse_id(&id)?;
    let s = desk::service(state.db.read(), id).await?;
    let form = ServiceForm {
        slug: s.slug,
        name_en: s.name_en,
        name_uk: s.name_uk,
        name_ru: s.name_ru,
        hint_en: s.hint_en,
        hint_uk: s.hint_uk,
        hint_ru: s.hint_ru,
        answer_role: s.answer_role,
        target_minutes: s.target_minutes.to_string(),
        open: s.open.then(|| "on".to_owned()),
        position: s.position.to_string(),
    };
    service_page(&state, &ctx, Some(id), form, StatusCode::OK, Messages::new()).await
}

async fn store_service(state: &AppState, ctx: &Ctx, id: Option<i64>, f: ServiceForm) -> Result<Response, AppError> {
    let user = admin_user(state, ctx)?;
    match desk::services::save(state, &user, id, &f).await {
        Ok(_) => {
            ctx.flash("ok", "desk-flash-done").await?;
            Ok(Redirect::to("/desk/admin").into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let res = service_page(state, ctx, id, f, r.status, r.errors.clone()).await?;
            Ok(r.finish(res))
        }
    }
}

async fn create_service(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<ServiceForm>,
) -> Result<Response, AppError> {
    store_service(&state, &ctx, None, f).await
}

async fn save_service(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<ServiceForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    store_service(&state, &ctx, Some(id), f).await
}

#[derive(Debug, Default, Deserialize)]
struct CannedForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    delete: String,
}

async fn store_canned(state: &AppState, ctx: &Ctx, id: Option<i64>, f: CannedForm) -> Result<Response, AppError> {
    let user = admin_user(state, ctx)?;
    match desk::services::save_canned(state, &user, id, &f.title, &f.body, !f.delete.is_empty()).await {
        Ok(()) => {
            ctx.flash("ok", "desk-flash-done").await?;
            Ok(Redirect::to("/desk/admin").into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let res = admin_page(state, ctx, r.status, r.errors.clone()).await?;
            Ok(r.finish(res))
        }
    }
}

async fn create_canned(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<CannedForm>,
) -> Result<Response, AppError> {
    store_canned(&state, &ctx, None, f).await
}

async fn save_canned(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<CannedForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    store_canned(&state, &ctx, Some(id), f).await
}

#[derive(Serialize)]
struct ContactsEdit {
    body: String,
    errors: Messages,
}

async fn contacts_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    admin_user(&state, &ctx)?;
    let ctx = ctx.with_csrf().await?;
    let (body, _) = crate::site::contacts(state.db.read()).await?;
    state.views.page(&ctx, "desk/contacts_edit.html", &ContactsEdit { body, errors: Messages::new() })
}

async fn save_contacts(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<CannedForm>,
) -> Result<Response, AppError> {
    let user = admin_user(&state, &ctx)?;
    let body = f.body.replace("\r\n", "\n");
    match desk::services::set_contacts(&state, &user, &body).await {
        Ok(()) => {
            ctx.flash("ok", "desk-flash-done").await?;
            Ok(Redirect::to("/contacts").into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let ctx = ctx.with_csrf().await?;
            let res = state.views.page_with_status(
                r.status,
                &ctx,
                "desk/contacts_edit.html",
                &ContactsEdit { body, errors: r.errors.clone() },
            )?;
            Ok(r.finish(res))
        }
    }
}
