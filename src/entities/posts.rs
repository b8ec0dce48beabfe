use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub topic_id: i64,
    /// 1 for the opening post, then 2, 3, … in the topic.
    pub post_number: i32,
    pub user_id: i64,
    /// Markdown as written.
    pub body: String,
    /// Sanitized HTML rendered from `body` when it was written.
    pub html: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
    pub revision: i32,
    pub like_count: i32,
    pub deleted: bool,
    pub deleted_by: Option<i64>,
    /// Hidden by moderators or by flags until reviewed.
    pub hidden: bool,
    /// The moderator's reason, shown in place of hidden or deleted content.
    pub mod_reason: String,
    /// Waiting for a moderator's approval (new accounts, when configured).
    pub held: bool,
    /// Why the system hid the post, when it did (`held`, `flags`,
    /// `moderator`, `not-approved`): shown in the reader's language.
    pub mod_reason_code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::users::Entity", from = "Column::UserId", to = "super::users::Column::Id")]
    Author,
    #[sea_orm(belongs_to = "super::topics::Entity", from = "Column::TopicId", to = "super::topics::Column::Id")]
    Topic,
    #[sea_orm(has_many = "super::post_likes::Entity")]
    Likes,
    #[sea_orm(has_many = "super::bookmarks::Entity")]
    Bookmarks,
}

impl Related<super::topics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Topic.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
