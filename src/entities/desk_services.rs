use sea_orm::entity::prelude::*;

/// A support service: what it covers, who answers it, how fast.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "desk_services")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub slug: String,
    pub name_en: String,
    pub name_uk: String,
    pub name_ru: String,
    pub hint_en: String,
    pub hint_uk: String,
    pub hint_ru: String,
    /// The staff role that answers: `agent`, `registrar` or `arbitrator`.
    pub answer_role: String,
    /// Promised time to the first answer.
    pub target_minutes: i32,
    /// Open for new requests.
    pub open: bool,
    pub position: i32,
    /// Requests the guides prevented ("this solved it").
    pub deflected: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
