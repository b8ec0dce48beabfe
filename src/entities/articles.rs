use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "articles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    /// `Title::key()`: unique.
    #[sea_orm(unique)]
    pub title_key: String,
    pub current_revision_id: Option<i64>,
    /// Only staff may edit a protected article (until `protected_until`,
    /// when set); see `is_protected`.
    pub protected: bool,
    pub protected_until: Option<TimeDateTimeWithTimeZone>,
    /// Why it is protected, shown to those who may not edit.
    pub protect_reason: String,
    pub revision_count: i32,
    /// Topics that cite the article (kept by cross-links).
    pub discussion_count: i32,
    /// The first paragraph as plain text, for "Related guides".
    pub excerpt: String,
    /// Lower-cased title, for suggestions.
    pub search_key: String,
    /// Other titles readers may know the guide by, one per line (search).
    pub aliases: String,
    /// Times read, added up in memory and written in batches (`wiki::reads`).
    pub views: i64,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::revisions::Entity")]
    Revisions,
}

impl Related<super::revisions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Revisions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Protected now: protection set and not past its end.
    pub fn is_protected(&self) -> bool {
        self.protected && self.protected_until.is_none_or(|t| t > crate::util::now())
    }
}
