use sea_orm::entity::prelude::*;

/// A section of the guides (like a MediaWiki category): guides are filed in
/// any number of them by their editors.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    #[sea_orm(unique)]
    pub slug: String,
    /// `wiki::sort_key` of the name: the order of the sections list.
    pub sort_key: String,
    /// Guides filed in it (kept with `article_sections`, in its transaction).
    pub guide_count: i32,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
