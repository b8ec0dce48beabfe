use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "topics")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub category_id: i64,
    pub user_id: i64,
    pub title: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub last_posted_at: TimeDateTimeWithTimeZone,
    pub last_post_user_id: i64,
    /// Posts not deleted, the first one included.
    pub post_count: i32,
    pub highest_post_number: i32,
    pub reply_count: i32,
    pub like_count: i32,
    pub pinned: bool,
    pub pinned_globally: bool,
    pub closed: bool,
    pub deleted: bool,
    pub solved_post_id: Option<i64>,
    /// The guide this topic's answer became.
    pub guide_article_id: Option<i64>,
    /// Lower-cased title, for suggestions.
    pub search_key: String,
    /// The opening post is hidden: only staff see the topic in lists.
    pub hidden: bool,
    /// Merged into that topic: the address redirects there.
    pub merged_into_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::categories::Entity",
        from = "Column::CategoryId",
        to = "super::categories::Column::Id"
    )]
    Category,
    #[sea_orm(belongs_to = "super::users::Entity", from = "Column::UserId", to = "super::users::Column::Id")]
    Author,
    #[sea_orm(belongs_to = "super::users::Entity", from = "Column::LastPostUserId", to = "super::users::Column::Id")]
    LastPoster,
    #[sea_orm(has_many = "super::topic_reads::Entity")]
    Reads,
    #[sea_orm(has_many = "super::posts::Entity")]
    Posts,
}

impl ActiveModelBehavior for ActiveModel {}
