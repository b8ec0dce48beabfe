use sea_orm::entity::prelude::*;

/// A member's report about a post: one per member per post.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "flags")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub post_id: i64,
    pub user_id: i64,
    /// `spam`, `scam`, `off-topic`, `abusive` or `other`.
    pub reason: String,
    pub text: String,
    /// How much the flag counts towards hiding the post (by standing).
    pub weight: i32,
    /// `pending`, `agreed` or `disagreed`.
    pub status: String,
    pub resolved_by: Option<i64>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub resolved_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::posts::Entity", from = "Column::PostId", to = "super::posts::Column::Id")]
    Post,
}

impl ActiveModelBehavior for ActiveModel {}
