use sea_orm::entity::prelude::*;

/// A member's personal API token. The token itself is shown once and never
/// stored: `token_hash` is its SHA-256 in hex.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub token_hash: String,
    /// The first characters of the token, so its owner can tell tokens apart.
    pub prefix: String,
    /// `read` or `write`.
    pub scope: String,
    pub created_at: TimeDateTimeWithTimeZone,
    /// Updated at most once a minute.
    pub last_used_at: Option<TimeDateTimeWithTimeZone>,
    pub revoked_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
