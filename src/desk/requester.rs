//! The requester's side: their requests, the conversation (never the
//! internal notes), replies, and taking a request out of the archive.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde::Serialize;

use super::{ACCOUNT, ARCHIVED, EMAIL, FROM_REQUESTER, NEW, PENDING, RESOLVED, Request};
use crate::accounts::User;
use crate::app::App;
use crate::entities::{desk_messages, desk_requests, desk_services};
use crate::error::{AppError, AppResult, FormErrors};
use crate::events::{self, Event};

/// Who is asking about a request.
#[derive(Debug, Clone, Copy)]
pub enum Requester<'a> {
    /// A signed-in member: their account requests only.
    Member(&'a User),
    /// Someone who opened an e-mail request with its number and key (the
    /// web layer keeps that in the session); that request only.
    Tracked(i64),
}

impl Requester<'_> {
    fn author(&self) -> Option<i64> {
        match self {
            Requester::Member(u) => Some(u.id),
            Requester::Tracked(_) => None,
        }
    }
}

/// Whether `who` filed `r`. An account request is seen only in its
/// account, an e-mail request only with its key.
pub fn owns(r: &Request, who: &Requester<'_>) -> bool {
    match who {
        Requester::Member(u) => r.channel == ACCOUNT && r.user_id == Some(u.id),
        Requester::Tracked(id) => r.channel == EMAIL && r.id == *id,
    }
}

/// The request, if `who` filed it; otherwise not found (nothing said).
pub async fn load(app: &App, who: &Requester<'_>, id: i64) -> AppResult<Request> {
    let r = super::get(app.db.read(), id).await?;
    if !owns(&r, who) {
        return Err(AppError::NotFound);
    }
    Ok(r)
}

/// A line of "my requests".
#[derive(Debug, Clone, Serialize)]
pub struct RequestRow {
    pub id: i64,
    pub subject: String,
    pub status: String,
    pub service: String,
    pub created_at: String,
    pub updated_at: String,
}

/// The member's account requests, newest activity first (merged ones are
/// shown in the request they were merged into).
pub async fn mine(app: &App, user: &User, locale: &str) -> AppResult<Vec<RequestRow>> {
    let rows = desk_requests::Entity::find()
        .filter(desk_requests::Column::UserId.eq(user.id))
        .filter(desk_requests::Column::Channel.eq(ACCOUNT))
        .filter(desk_requests::Column::MergedInto.is_null())
        .order_by_desc(desk_requests::Column::UpdatedAt)
        .all(app.db.read())
        .await?;
    let services = desk_services::Entity::find().all(app.db.read()).await?;
    Ok(rows
        .into_iter()
        .map(|r| RequestRow {
            service: services
                .iter()
                .find(|s| s.id == r.service_id)
                .map(|s| super::service_name(s, locale))
                .unwrap_or_default(),
            id: r.id,
            subject: r.subject,
            status: r.status,
            created_at: crate::util::rfc3339(&r.created_at),
            updated_at: crate::util::rfc3339(&r.updated_at),
        })
        .collect())
}

/// Command: the requester writes in their request. An archived request
/// must be taken out of the archive first; a resolved one opens again.
pub async fn reply(app: &App, who: &Requester<'_>, id: i64, body: &str) -> AppResult<()> {
    let r = load(app, who, id).await?;
    if r.merged_into.is_some() {
        return Err(AppError::conflict("desk-err-merged"));
    }
    if r.status == ARCHIVED {
        return Err(AppError::conflict("desk-err-archived"));
    }
    let body = body.replace("\r\n", "\n");
    let mut e = FormErrors::new();
    if body.trim().is_empty() {
        e.add("body", "err-body-empty");
    } else if body.chars().count() > app.config.max_post_chars {
        e.add_with("body", "err-body-long", vec![("max", app.config.max_post_chars.to_string())]);
    }
    e.into_result()?;
    let html = crate::crosslinks::render(app.db.read(), &body).await?.html.into_string();
    let now = crate::util::now();
    let by = who.author();
    let txn = app.db.write().begin().await?;
    let msg = desk_messages::ActiveModel {
        request_id: Set(r.id),
        author_id: Set(by),
        kind: Set(FROM_REQUESTER.into()),
        body: Set(body),
        html: Set(html),
        proposal_id: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // Still unanswered stays new; otherwise it waits for support again.
    let status = if r.status == NEW { NEW } else { PENDING };
    desk_requests::Entity::update_many()
        .col_expr(desk_requests::Column::Status, Expr::value(status))
        .col_expr(desk_requests::Column::UpdatedAt, Expr::value(now))
        .col_expr(desk_requests::Column::ResolvedAt, Expr::value(Option::<time::OffsetDateTime>::None))
        .filter(desk_requests::Column::Id.eq(r.id))
        .exec(&txn)
        .await?;
    events::record(
        &txn,
        &Event::SupportMessageAdded { request: r.id, message: msg.id, by, from: FROM_REQUESTER.into() },
    )
    .await?;
    txn.commit().await?;
    app.events.settle(app).await;
    Ok(())
}

/// Command: "take out of the archive": the conversation goes on with
/// support (a resolved request can be reopened the same way).
pub async fn reopen(app: &App, who: &Requester<'_>, id: i64) -> AppResult<()> {
    let r = load(app, who, id).await?;
    if r.merged_into.is_some() {
        return Err(AppError::conflict("desk-err-merged"));
    }
    let now = crate::util::now();
    let txn = app.db.write().begin().await?;
    let changed = desk_requests::Entity::update_many()
        .col_expr(desk_requests::Column::Status, Expr::value(PENDING))
        .col_expr(desk_requests::Column::UpdatedAt, Expr::value(now))
        .col_expr(desk_requests::Column::ResolvedAt, Expr::value(Option::<time::OffsetDateTime>::None))
        .col_expr(desk_requests::Column::ArchivedAt, Expr::value(Option::<time::OffsetDateTime>::None))
        .filter(desk_requests::Column::Id.eq(r.id))
        .filter(desk_requests::Column::Status.is_in([ARCHIVED, RESOLVED]))
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 0 {
        txn.rollback().await?;
        return Err(AppError::conflict("desk-err-not-closed"));
    }
    events::record(&txn, &Event::SupportRequestChanged { request: r.id, by: who.author(), change: "reopened".into() })
        .await?;
    txn.commit().await?;
    app.events.settle(app).await;
    Ok(())
}
