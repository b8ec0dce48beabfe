use sea_orm::entity::prelude::*;

/// A request to support, filed from an account or by e-mail.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "desk_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub service_id: i64,
    /// The member who filed it from their account.
    pub user_id: Option<i64>,
    /// The address of a request filed by e-mail.
    pub email: Option<String>,
    pub email_key: Option<String>,
    /// `account` or `email`.
    pub channel: String,
    /// An account request whose answers are also mailed to the member.
    pub notify_email: bool,
    pub subject: String,
    /// `new`, `pending` (waiting for support), `waiting` (for the
    /// requester), `resolved` or `archived`.
    pub status: String,
    pub assignee_id: Option<i64>,
    /// SHA-256 of the access key of an e-mail request.
    pub key_hash: Option<String>,
    /// SHA-256 of the address it was filed from (for limits).
    pub origin: String,
    /// The requester's language, for mail.
    pub locale: String,
    pub merged_into: Option<i64>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
    pub first_response_at: Option<TimeDateTimeWithTimeZone>,
    pub resolved_at: Option<TimeDateTimeWithTimeZone>,
    pub archived_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
