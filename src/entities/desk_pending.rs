use sea_orm::entity::prelude::*;

/// A request filed by e-mail, waiting for its address to be confirmed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "desk_pending")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// SHA-256 of the confirmation token; `None` once used.
    pub token_hash: Option<String>,
    pub email: String,
    pub email_key: String,
    pub service_id: i64,
    pub subject: String,
    pub body: String,
    pub origin: String,
    pub locale: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub used_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
