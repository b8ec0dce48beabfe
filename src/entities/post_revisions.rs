use sea_orm::entity::prelude::*;

/// Every version of a post, the first included; never updated.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "post_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub post_id: i64,
    pub revision: i32,
    pub body: String,
    pub editor_id: i64,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::users::Entity", from = "Column::EditorId", to = "super::users::Column::Id")]
    Editor,
}

impl ActiveModelBehavior for ActiveModel {}
