use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// As the member typed it (NFC).
    pub username: String,
    /// Lower-cased `username`: the uniqueness key.
    #[sea_orm(unique)]
    pub username_key: String,
    pub email: String,
    #[sea_orm(unique)]
    pub email_key: String,
    pub password_hash: String,
    pub role: String,
    pub certificate: String,
    pub bl: i32,
    /// Who sets `bl`: `community` (the formula), `registrar` or `sync`.
    pub bl_source: String,
    pub locale: Option<String>,
    /// Bumped to end every session of the member at once.
    pub session_epoch: i32,
    /// Cannot post until then.
    pub silenced_until: Option<TimeDateTimeWithTimeZone>,
    /// Cannot sign in until then.
    pub suspended_until: Option<TimeDateTimeWithTimeZone>,
    pub banned: bool,
    /// Shown to the member while a sanction lasts.
    pub sanction_reason: String,
    /// For moderators: the category slugs they moderate, comma-separated;
    /// empty means all.
    pub moderated_categories: String,
    /// False while a sign-up waits for approval (when configured).
    pub approved: bool,
    /// IANA name (`Europe/Kyiv`) times are shown in; empty: the browser's.
    pub time_zone: String,
    /// The confusable skeleton of `username` (`accounts::names::skeleton`):
    /// two names with the same skeleton look alike.
    pub name_skeleton: String,
    /// The member proved they read mail at `email` (sign-up or change
    /// link, or a password reset). Posting needs it.
    pub email_verified: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
