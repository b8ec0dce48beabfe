//! The support desk: requests to staff by service, filed from an account or
//! by e-mail, answered in the account or by mail, worked by the staff who
//! answer each service. No HTTP here.
//!
//! * [`services`]: the services, canned answers and the contacts page (admins);
//! * [`filing`]: filing a request from an account, or by e-mail with a
//!   confirmation link and tracking credentials;
//! * [`requester`]: what the requester sees and does: the conversation,
//!   replies, taking a request out of the archive;
//! * [`staff`]: the desk: queues, replies, internal notes, assigning,
//!   changing the service, resolving, merging, turning an answer into a guide;
//! * [`stats`]: time to first response and to resolution;
//! * [`outbox`]: every message the desk mails goes through one function.

pub mod filing;
pub mod outbox;
pub mod requester;
pub mod services;
pub mod staff;
pub mod stats;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::entities::{desk_messages, desk_requests, desk_services};
use crate::error::{AppError, AppResult};

pub use desk_requests::Model as Request;
pub use desk_services::Model as Service;

/// No staff answer yet.
pub const NEW: &str = "new";
/// Waiting for support: the requester wrote after an answer.
pub const PENDING: &str = "pending";
/// Waiting for the requester: staff answered.
pub const WAITING: &str = "waiting";
pub const RESOLVED: &str = "resolved";
pub const ARCHIVED: &str = "archived";
pub const STATUSES: [&str; 5] = [NEW, PENDING, WAITING, RESOLVED, ARCHIVED];

/// Filed from an account: seen there, and only there.
pub const ACCOUNT: &str = "account";
/// Filed by e-mail: followed with the tracking number and access key.
pub const EMAIL: &str = "email";

/// Message kinds.
pub const FROM_REQUESTER: &str = "requester";
pub const FROM_STAFF: &str = "staff";
pub const NOTE: &str = "note";

/// Roles a service may be answered by.
pub const ANSWER_ROLES: [&str; 3] = ["agent", "registrar", "arbitrator"];

/// Longest subject, in characters (a `varchar(200)`).
pub const SUBJECT_MAX: usize = 200;

/// Lower-case hex SHA-256, for tokens, keys and client addresses.
pub fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// `n` random bytes as lower-case hex.
pub fn random_hex(n: usize) -> AppResult<String> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(anyhow::anyhow!("no randomness: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What limits count a client address by; the address itself is not kept.
pub fn origin_of(ip: std::net::IpAddr) -> String {
    sha256_hex(&format!("desk-origin:{ip}"))
}

/// A service's name in `locale`.
pub fn service_name(s: &Service, locale: &str) -> String {
    match locale {
        "uk" => s.name_uk.clone(),
        "ru" => s.name_ru.clone(),
        _ => s.name_en.clone(),
    }
}

pub fn service_hint(s: &Service, locale: &str) -> String {
    match locale {
        "uk" => s.hint_uk.clone(),
        "ru" => s.hint_ru.clone(),
        _ => s.hint_en.clone(),
    }
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> AppResult<Request> {
    desk_requests::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

pub async fn service(db: &impl ConnectionTrait, id: i64) -> AppResult<Service> {
    desk_services::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// One message as shown, with who wrote it.
#[derive(Debug, Clone, Serialize)]
pub struct MessageView {
    pub id: i64,
    pub kind: String,
    /// The staff member's name; `None` for the requester.
    pub author: Option<String>,
    pub html: String,
    pub body: String,
    pub created_at: String,
    pub proposal_id: Option<i64>,
}

/// The conversation of a request, oldest first; notes only for staff.
pub async fn messages(db: &crate::db::Db, request: i64, with_notes: bool) -> AppResult<Vec<MessageView>> {
    let mut q = desk_messages::Entity::find().filter(desk_messages::Column::RequestId.eq(request));
    if !with_notes {
        q = q.filter(desk_messages::Column::Kind.ne(NOTE));
    }
    let rows = q.order_by_asc(desk_messages::Column::Id).all(db.read()).await?;
    let ids: Vec<i64> = rows.iter().filter_map(|m| m.author_id).collect();
    let names = crate::accounts::usernames(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|m| MessageView {
            id: m.id,
            author: if m.kind == FROM_REQUESTER { None } else { m.author_id.and_then(|a| names.get(&a).cloned()) },
            kind: m.kind,
            html: m.html,
            body: m.body,
            created_at: crate::util::rfc3339(&m.created_at),
            proposal_id: m.proposal_id,
        })
        .collect())
}

/// Minutes between two times (never negative).
pub fn minutes(from: OffsetDateTime, to: OffsetDateTime) -> i64 {
    (to - from).whole_minutes().max(0)
}
