use sea_orm::entity::prelude::*;

/// One outgoing message, rendered when it was queued.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_queue")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What the message is about (`password-reset`, `notification`, …), for the admin list.
    pub kind: String,
    pub to_addr: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// Extra headers as a JSON list of `[name, value]` pairs.
    pub headers: String,
    /// `queued`, `sending` (claimed until `lease_until`), `sent` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: TimeDateTimeWithTimeZone,
    pub lease_until: Option<TimeDateTimeWithTimeZone>,
    pub last_error: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub sent_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
