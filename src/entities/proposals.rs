use sea_orm::entity::prelude::*;

/// An edit of a guide by a member below the bar, waiting for a reviewer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proposals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `None` when the proposal creates a new guide.
    pub article_id: Option<i64>,
    pub title: String,
    pub title_key: String,
    pub base_revision_id: Option<i64>,
    pub author_id: i64,
    pub body: String,
    pub summary: String,
    /// `pending`, `approved`, `rejected` or `withdrawn`.
    pub status: String,
    pub reviewer_id: Option<i64>,
    pub review_reason: String,
    /// The revision an approval created.
    pub revision_id: Option<i64>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub decided_at: Option<TimeDateTimeWithTimeZone>,
    /// The solved topic this proposal turns into a guide.
    pub source_topic_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::users::Entity", from = "Column::AuthorId", to = "super::users::Column::Id")]
    Author,
}

impl ActiveModelBehavior for ActiveModel {}
