use sea_orm::entity::prelude::*;

/// One change of a member's certificate level, BL or role: never updated.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "standing_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// `None` when made from the command line or by the system.
    pub actor_id: Option<i64>,
    /// `certificate`, `bl` or `role`.
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub reason: String,
    /// `cli`, `staff`, `sync` or `community`.
    pub source: String,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::users::Entity", from = "Column::ActorId", to = "super::users::Column::Id")]
    Actor,
}

impl ActiveModelBehavior for ActiveModel {}
