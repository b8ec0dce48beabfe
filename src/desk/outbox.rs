//! Every message the desk mails goes through [`send`], inside the
//! transaction of the change it reports. The message is stored as data (a
//! kind, the reader's language and named values), so it is worded in the
//! requester's language when it is sent.

use std::collections::BTreeMap;

use anyhow::Context;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::entities::desk_messages_out;
use crate::error::AppResult;

/// The confirmation link of a request filed by e-mail (`url`).
pub const CONFIRM: &str = "desk-confirm";
/// The tracking number and access key (`number`, `key`, `url`).
pub const CREDENTIALS: &str = "desk-credentials";
/// An answer from support (`number`, `subject`, `body`, `url`).
pub const REPLY: &str = "desk-reply";

/// Named values of one message.
pub type Data = BTreeMap<&'static str, String>;

/// Queues one message to `to`.
pub async fn send(db: &impl ConnectionTrait, to: &str, kind: &'static str, locale: &str, data: &Data) -> AppResult<()> {
    desk_messages_out::ActiveModel {
        to_addr: Set(to.to_owned()),
        kind: Set(kind.to_owned()),
        locale: Set(locale.to_owned()),
        data: Set(serde_json::to_string(data).context("desk mail data")?),
        created_at: Set(crate::util::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A message as queued.
#[derive(Debug, Clone)]
pub struct Queued {
    pub to: String,
    pub kind: String,
    pub locale: String,
    pub data: BTreeMap<String, String>,
}

/// The messages queued for `to`, newest first.
pub async fn queued_for(db: &impl ConnectionTrait, to: &str) -> AppResult<Vec<Queued>> {
    Ok(desk_messages_out::Entity::find()
        .filter(desk_messages_out::Column::ToAddr.eq(to))
        .order_by_desc(desk_messages_out::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| Queued {
            to: m.to_addr,
            kind: m.kind,
            locale: m.locale,
            data: serde_json::from_str(&m.data).unwrap_or_default(),
        })
        .collect())
}

/// An absolute address of a page of this site for mail (`path` alone
/// when no `public_url` is configured).
pub fn url(public_url: &str, path: &str) -> String {
    format!("{}{path}", public_url.trim_end_matches('/'))
}
