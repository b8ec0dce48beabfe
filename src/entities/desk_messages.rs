use sea_orm::entity::prelude::*;

/// One message of a request's conversation, or an internal note.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "desk_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    /// `None`: the requester of an e-mail request.
    pub author_id: Option<i64>,
    /// `requester`, `staff` or `note` (never shown to the requester).
    pub kind: String,
    pub body: String,
    pub html: String,
    /// The guide proposal made from this answer.
    pub proposal_id: Option<i64>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
