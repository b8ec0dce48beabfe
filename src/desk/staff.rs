//! The staff desk. Staff see and work only the requests of services their
//! role answers (admins: all). Every action asks policy, changes the
//! request in one transaction, and writes the staff log there too.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use super::outbox::{self, Data};
use super::{ACCOUNT, ARCHIVED, EMAIL, FROM_STAFF, NEW, NOTE, PENDING, RESOLVED, Request, Service, WAITING};
use crate::accounts::User;
use crate::app::App;
use crate::audit::{self, Entry, details};
use crate::entities::{desk_messages, desk_requests, desk_services, users};
use crate::error::{AppError, AppResult, FormErrors};
use crate::events::{self, Event};
use crate::policy::{Action, Role};
use crate::title::Title;

/// Whether `user`'s role answers `service`.
pub fn answers(user: &User, service: &Service) -> bool {
    user.role().as_str() == service.answer_role
}

/// The services `user` works (admins: all), in order.
pub async fn my_services(app: &App, user: &User) -> AppResult<Vec<Service>> {
    app.policy.require(&user.actor(), Action::OpenDesk)?;
    let all = super::services::all(&app.db).await?;
    Ok(all
        .into_iter()
        .filter(|s| app.policy.allows(&user.actor(), Action::WorkDesk { in_scope: answers(user, s) }))
        .collect())
}

/// A request with its service, if `user` may work it.
pub async fn load(app: &App, user: &User, id: i64) -> AppResult<(Request, Service)> {
    app.policy.require(&user.actor(), Action::OpenDesk)?;
    let r = super::get(app.db.read(), id).await?;
    let s = super::service(app.db.read(), r.service_id).await?;
    app.policy.require(&user.actor(), Action::WorkDesk { in_scope: answers(user, &s) })?;
    Ok((r, s))
}

/// Which requests a queue shows.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct QueueFilter {
    /// A service id; empty: every service of the staff member.
    #[serde(default)]
    pub service: String,
    /// A status; empty: everything not resolved or archived.
    #[serde(default)]
    pub status: String,
    /// `me`: assigned to me; `none`: to nobody.
    #[serde(default)]
    pub assigned: String,
}

/// One line of a queue.
#[derive(Debug, Clone, Serialize)]
pub struct QueueRow {
    pub id: i64,
    pub subject: String,
    pub status: String,
    pub service_id: i64,
    pub channel: String,
    pub assignee: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// The queue: requests of the staff member's services, oldest waiting first.
pub async fn queue(app: &App, user: &User, f: &QueueFilter) -> AppResult<Vec<QueueRow>> {
    let services = my_services(app, user).await?;
    let mut ids: Vec<i64> = services.iter().map(|s| s.id).collect();
    if let Ok(only) = f.service.parse::<i64>() {
        ids.retain(|i| *i == only);
    }
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = desk_requests::Entity::find()
        .filter(desk_requests::Column::ServiceId.is_in(ids))
        .filter(desk_requests::Column::MergedInto.is_null());
    q = match f.status.as_str() {
        s if super::STATUSES.contains(&s) => q.filter(desk_requests::Column::Status.eq(s)),
        _ => q.filter(desk_requests::Column::Status.is_in([NEW, PENDING, WAITING])),
    };
    q = match f.assigned.as_str() {
        "me" => q.filter(desk_requests::Column::AssigneeId.eq(user.id)),
        "none" => q.filter(desk_requests::Column::AssigneeId.is_null()),
        _ => q,
    };
    let rows = q.order_by_asc(desk_requests::Column::UpdatedAt).limit(200).all(app.db.read()).await?;
    let assignees: Vec<i64> = rows.iter().filter_map(|r| r.assignee_id).collect();
    let names = crate::accounts::usernames(&app.db, &assignees).await?;
    Ok(rows
        .into_iter()
        .map(|r| QueueRow {
            assignee: r.assignee_id.and_then(|a| names.get(&a).cloned()),
            id: r.id,
            subject: r.subject,
            status: r.status,
            service_id: r.service_id,
            channel: r.channel,
            created_at: crate::util::rfc3339(&r.created_at),
            updated_at: crate::util::rfc3339(&r.updated_at),
        })
        .collect())
}

fn log_entry(actor: &User, action: &'static str, r: &Request, extra: Vec<(&'static str, String)>) -> Entry<'static> {
    let mut d = details([("request", r.id.to_string())]);
    d.extend(extra);
    Entry { actor: Some(actor.id), action, details: d, ..Default::default() }
}

fn check_body(app: &App, body: &str) -> AppResult<String> {
    let body = body.replace("\r\n", "\n");
    let mut e = FormErrors::new();
    if body.trim().is_empty() {
        e.add("body", "err-body-empty");
    } else if body.chars().count() > app.config.max_post_chars {
        e.add_with("body", "err-body-long", vec![("max", app.config.max_post_chars.to_string())]);
    }
    e.into_result()?;
    Ok(body)
}

async fn add_message(
    txn: &DatabaseTransaction,
    r: &Request,
    actor: &User,
    kind: &str,
    body: &str,
    html: String,
) -> AppResult<i64> {
    let msg = desk_messages::ActiveModel {
        request_id: Set(r.id),
        author_id: Set(Some(actor.id)),
        kind: Set(kind.to_owned()),
        body: Set(body.to_owned()),
        html: Set(html),
        proposal_id: Set(None),
        created_at: Set(crate::util::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    events::record(
        txn,
        &Event::SupportMessageAdded { request: r.id, message: msg.id, by: Some(actor.id), from: kind.to_owned() },
    )
    .await?;
    Ok(msg.id)
}

/// Command: staff answer the requester. The first answer stops the
/// first-response clock; the request waits for the requester; an e-mail
/// requester (or a member who asked for mail) gets the answer by mail.
pub async fn reply(app: &App, actor: &User, id: i64, body: &str) -> AppResult<()> {
    let (r, _) = load(app, actor, id).await?;
    if r.merged_into.is_some() {
        return Err(AppError::conflict("desk-err-merged"));
    }
    let body = check_body(app, body)?;
    let html = crate::crosslinks::render(app.db.read(), &body).await?.html.into_string();
    let now = crate::util::now();
    let txn = app.db.write().begin().await?;
    add_message(&txn, &r, actor, FROM_STAFF, &body, html).await?;
    let mut up = desk_requests::Entity::update_many()
        .col_expr(desk_requests::Column::Status, Expr::value(WAITING))
        .col_expr(desk_requests::Column::UpdatedAt, Expr::value(now))
        .col_expr(desk_requests::Column::ArchivedAt, Expr::value(Option::<time::OffsetDateTime>::None));
    if r.first_response_at.is_none() {
        up = up.col_expr(desk_requests::Column::FirstResponseAt, Expr::value(Some(now)));
    }
    if r.assignee_id.is_none() {
        up = up.col_expr(desk_requests::Column::AssigneeId, Expr::value(Some(actor.id)));
    }
    up.filter(desk_requests::Column::Id.eq(r.id)).exec(&txn).await?;
    audit::log(&txn, log_entry(actor, "desk.reply", &r, Vec::new())).await?;
    mail_answer(app, &txn, &r, &body).await?;
    txn.commit().await?;
    app.events.settle(app).await;
    Ok(())
}

/// Mails an answer where the requester wants it, with the link to follow
/// the request (never the access key).
async fn mail_answer(app: &App, txn: &DatabaseTransaction, r: &Request, body: &str) -> AppResult<()> {
    let (to, path) = match r.channel.as_str() {
        EMAIL => (r.email.clone(), format!("/support/track?n={}", r.id)),
        ACCOUNT if r.notify_email => {
            let email = match r.user_id {
                Some(u) => crate::accounts::find_by_id(txn, u).await?.map(|u| u.email),
                None => None,
            };
            (email, format!("/support/r/{}", r.id))
        }
        _ => (None, String::new()),
    };
    let Some(to) = to.filter(|t| !t.is_empty()) else { return Ok(()) };
    let data = Data::from([("number", r.id.to_string()), ("subject", r.subject.clone()), ("body", body.to_owned())]);
    outbox::send(txn, &app.config, &to, outbox::REPLY, &r.locale, &data, &path).await
}

/// Command: an internal note, never shown to the requester.
pub async fn note(app: &App, actor: &User, id: i64, body: &str) -> AppResult<()> {
    let (r, _) = load(app, actor, id).await?;
    let body = check_body(app, body)?;
    let html = crate::crosslinks::render(app.db.read(), &body).await?.html.into_string();
    let txn = app.db.write().begin().await?;
    add_message(&txn, &r, actor, NOTE, &body, html).await?;
    audit::log(&txn, log_entry(actor, "desk.note", &r, Vec::new())).await?;
    txn.commit().await?;
    app.events.settle(app).await;
    Ok(())
}

/// Command: assign the request to `username` (empty: to oneself). The
/// assignee must answer the service too.
pub async fn assign(app: &App, actor: &User, id: i64, username: &str) -> AppResult<()> {
    let (r, s) = load(app, actor, id).await?;
    let to = if username.trim().is_empty() {
        actor.clone()
    } else {
        crate::accounts::find_by_username(app.db.read(), username)
            .await?
            .ok_or_else(|| AppError::invalid("assignee", "desk-err-assignee"))?
    };
    if !(answers(&to, &s) || to.role() == Role::Admin) {
        return Err(AppError::invalid("assignee", "desk-err-assignee"));
    }
    let txn = app.db.write().begin().await?;
    desk_requests::Entity::update_many()
        .col_expr(desk_requests::Column::AssigneeId, Expr::value(Some(to.id)))
        .filter(desk_requests::Column::Id.eq(r.id))
        .exec(&txn)
        .await?;
    audit::log(&txn, log_entry(actor, "desk.assign", &r, vec![("to", to.username.clone())])).await?;
    events::record(
        &txn,
        &Event::SupportRequestChanged { request: r.id, by: Some(actor.id), change: "assigned".into() },
    )
    .await?;
    txn.commit().await?;
    app.events.settle(app).await;
    Ok(())
}

/// Command: move the request to another service (whose staff then see it).
pub async fn change_service(app: &App, actor: &User, id: i64, service: i64) -> AppResult<()> {
    let (r, from) = load(app, actor, id).await?;
    let to = desk_services::Entity::find_by_id(service)
        .one(app.db.read())
        .await?
        .ok_or_else(|| AppError::invalid("service", "desk-err-service"))?;
    if to.id == from.id {
        return Ok(());
    }
    let txn = app.db.write().begin().await?;
    let mut up = desk_requests::Entity::update_many().col_expr(desk_requests::Column::ServiceId, Expr::value(to.id));
    if !answers(actor, &to) {
        // The request leaves this staff member's queue: nobody holds it.
        up = up.col_expr(desk_requests::Column::AssigneeId, Expr::value(Option::<i64>::None));
    }
    up.filter(desk_requests::Column::Id.eq(r.id)).exec(&txn).await?;
    audit::log(&txn, log_entry(actor, "desk.service-change", &r, vec![("from", from.slug), ("to", to.slug)])).await?;
    events::record(&txn, &Event::SupportRequestChanged { request: r.id, by: Some(actor.id), change: "service".into() })
        .await?;
    txn.commit().await?;
    app.events.settle(app).await;
    Ok(())
}

/// Command: the problem is solved. The request moves to the archive after
/// the quiet period ([`archive_quiet`]).
pub async fn resolve(app: &App, actor: &User, id: i64) -> AppResult<()> {
    let (r, _) = load(app, actor, id).await?;
    if matches!(r.status.as_str(), RESOLVED | ARCHIVED) || r.merged_into.is_some() {
        return Err(AppError::conflict("desk-err-closed"));
    }
    let now = crate::util::now();
    let txn = app.db.write().begin().await?;
    desk_requests::Entity::update_many()
        .col_expr(desk_requests::Column::Status, Expr::value(RESOLVED))
        .col_expr(desk_requests::Column::ResolvedAt, Expr::value(Some(now)))
        .col_expr(desk_requests::Column::UpdatedAt, Expr::value(now))
        .filter(desk_requests::Column::Id.eq(r.id))
        .exec(&txn)
        .await?;
    audit::log(&txn, log_entry(actor, "desk.resolve", &r, Vec::new())).await?;
    events::record(
        &txn,
        &Event::SupportRequestChanged { request: r.id, by: Some(actor.id), change: "resolved".into() },
    )
    .await?;
    txn.commit().await?;
    app.events.settle(app).await;
    Ok(())
}

/// Command: a duplicate is merged into another request of the same
/// requester: its messages move there and it is closed.
pub async fn merge(app: &App, actor: &User, id: i64, into: i64) -> AppResult<()> {
    let (r, _) = load(app, actor, id).await?;
    let (target, _) = load(app, actor, into).await.map_err(|e| match e {
        AppError::NotFound => AppError::invalid("into", "desk-err-merge-target"),
        other => other,
    })?;
    let same_requester = r.channel == target.channel
        && match r.channel.as_str() {
            ACCOUNT => r.user_id.is_some() && r.user_id == target.user_id,
            _ => r.email_key.is_some() && r.email_key == target.email_key,
        };
    if r.id == target.id || !same_requester || r.merged_into.is_some() || target.merged_into.is_some() {
        return Err(AppError::invalid("into", "desk-err-merge-target"));
    }
    let now = crate::util::now();
    let txn = app.db.write().begin().await?;
    desk_messages::Entity::update_many()
        .col_expr(desk_messages::Column::RequestId, Expr::value(target.id))
        .filter(desk_messages::Column::RequestId.eq(r.id))
        .exec(&txn)
        .await?;
    desk_requests::Entity::update_many()
        .col_expr(desk_requests::Column::MergedInto, Expr::value(Some(target.id)))
        .col_expr(desk_requests::Column::Status, Expr::value(ARCHIVED))
        .col_expr(desk_requests::Column::ArchivedAt, Expr::value(Some(now)))
        .col_expr(desk_requests::Column::UpdatedAt, Expr::value(now))
        .filter(desk_requests::Column::Id.eq(r.id))
        .exec(&txn)
        .await?;
    desk_requests::Entity::update_many()
        .col_expr(desk_requests::Column::UpdatedAt, Expr::value(now))
        .filter(desk_requests::Column::Id.eq(target.id))
        .exec(&txn)
        .await?;
    audit::log(&txn, log_entry(actor, "desk.merge", &r, vec![("into", target.id.to_string())])).await?;
    events::record(&txn, &Event::SupportRequestChanged { request: r.id, by: Some(actor.id), change: "merged".into() })
        .await?;
    txn.commit().await?;
    app.events.settle(app).await;
    Ok(())
}

/// What "turn this answer into a guide" made.
#[derive(Debug)]
pub enum Guided {
    /// The staff member may edit guides: saved at once.
    Saved,
    Proposed(i64),
}

/// Command: a staff answer becomes a guide proposal (or an edit, when the
/// staff member may edit guides) under their name. The guide's history
/// names the request only by number, in the summary; the requester is
/// never named.
pub async fn to_guide(app: &App, actor: &User, message: i64, title: &str, summary: &str) -> AppResult<Guided> {
    let m = desk_messages::Entity::find_by_id(message).one(app.db.read()).await?.ok_or(AppError::NotFound)?;
    let (r, _) = load(app, actor, m.request_id).await?;
    if m.kind != FROM_STAFF {
        return Err(AppError::NotFound);
    }
    let title = Title::parse(title).map_err(|_| AppError::invalid("title", "desk-err-guide-title"))?;
    let found = crate::wiki::find(app.db.read(), &title).await?;
    let (body, base) = match &found {
        Some(f) => {
            let current = crate::wiki::current(app.db.read(), &f.article).await?;
            (format!("{}\n\n{}", current.body.trim_end(), m.body), Some(current.id))
        }
        None => (m.body.clone(), None),
    };
    let edit = crate::wiki::commands::Edit {
        body,
        summary: summary.trim().to_owned(),
        minor: false,
        base,
        aliases: None,
        sections: None,
    };
    let done = crate::wiki::commands::edit(app, actor, &title, &edit, None).await?;
    let (outcome, proposal) = match done {
        crate::wiki::commands::Edited::Proposed(p) => (Guided::Proposed(p), Some(p)),
        crate::wiki::commands::Edited::Saved(crate::wiki::commands::Saved::Conflict { .. }) => {
            return Err(AppError::conflict("err-wiki-busy"));
        }
        crate::wiki::commands::Edited::Saved(_) => (Guided::Saved, None),
    };
    let txn = app.db.write().begin().await?;
    if let Some(p) = proposal {
        desk_messages::Entity::update_many()
            .col_expr(desk_messages::Column::ProposalId, Expr::value(Some(p)))
            .filter(desk_messages::Column::Id.eq(m.id))
            .exec(&txn)
            .await?;
    }
    audit::log(&txn, log_entry(actor, "desk.guide", &r, vec![("guide", title.as_str().to_owned())])).await?;
    txn.commit().await?;
    Ok(outcome)
}

/// Moves resolved requests quiet for the configured period to the
/// archive; run by the housekeeping task, callable from tests. Returns how
/// many moved.
pub async fn archive_quiet(app: &App, now: time::OffsetDateTime) -> AppResult<u64> {
    let before = now - time::Duration::hours(i64::from(app.config.desk_archive_after_hours));
    Ok(desk_requests::Entity::update_many()
        .col_expr(desk_requests::Column::Status, Expr::value(ARCHIVED))
        .col_expr(desk_requests::Column::ArchivedAt, Expr::value(Some(now)))
        .filter(
            Condition::all()
                .add(desk_requests::Column::Status.eq(RESOLVED))
                .add(desk_requests::Column::UpdatedAt.lte(before)),
        )
        .exec(app.db.write())
        .await?
        .rows_affected)
}

/// Staff who answer `service` (for "assign to someone").
pub async fn staff_of(app: &App, service: &Service) -> AppResult<Vec<String>> {
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::Username)
        .filter(users::Column::Role.is_in([service.answer_role.clone(), Role::Admin.as_str().to_owned()]))
        .order_by_asc(users::Column::Username)
        .limit(100)
        .into_tuple::<String>()
        .all(app.db.read())
        .await?)
}
