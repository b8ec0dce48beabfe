use sea_orm::entity::prelude::*;

/// A guide filed in a section.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "article_sections")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub article_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub section_id: i64,
    /// `wiki::sort_key` of the guide's title: a section lists its guides
    /// A–Z from this table's index alone.
    pub sort_key: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
