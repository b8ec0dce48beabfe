use sea_orm::entity::prelude::*;

/// Something a member is told about, as data (kind, who, where, counts);
/// rendered in the reader's language when shown or mailed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub actor_id: Option<i64>,
    pub topic_id: Option<i64>,
    pub post_id: Option<i64>,
    pub article_id: Option<i64>,
    /// Likes grouped on one post.
    pub count: i32,
    /// Extra data as JSON (a decision's status and note, a standing field).
    pub data: String,
    pub read_at: Option<TimeDateTimeWithTimeZone>,
    /// `pending` (mail at `email_due_at` unless read by then), `digest`,
    /// `sent`, `seen` (read in the site first) or `none`.
    pub email_state: String,
    pub email_due_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
