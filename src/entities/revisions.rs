use sea_orm::entity::prelude::*;

/// One saved version of an article: never updated, except that `html` (a
/// rendering of the immutable `body`) is refreshed when a linked page appears.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub author_id: i64,
    pub body: String,
    pub html: String,
    /// Headings as JSON, for the table of contents.
    pub toc: String,
    /// What the editor wrote.
    pub summary: String,
    /// What the system records about the edit (`reverted`, `undid`,
    /// `moved`, `approved`), rendered in the reader's language.
    pub summary_code: String,
    /// The values for `summary_code`, as a JSON object.
    pub summary_args: String,
    pub minor: bool,
    /// Characters in `body`.
    pub size: i32,
    pub size_delta: i32,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::articles::Entity", from = "Column::ArticleId", to = "super::articles::Column::Id")]
    Article,
    #[sea_orm(belongs_to = "super::users::Entity", from = "Column::AuthorId", to = "super::users::Column::Id")]
    Author,
}

impl Related<super::articles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Article.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
