use sea_orm::entity::prelude::*;

/// One typed edge: a post or article (source) links to an article or topic
/// (target). Article targets keep the title key, so links to pages that do
/// not exist yet are recorded too and resolve when the page is created.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `article` or `post`.
    pub source_kind: String,
    pub source_id: i64,
    /// `article` or `topic`.
    pub target_kind: String,
    pub target_key: String,
    pub target_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
