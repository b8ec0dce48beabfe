//! Every message the desk mails goes through [`send`], inside the
//! transaction of the change it reports (the mail queue sends it after
//! the commit). Messages are worded from Fluent in the requester's
//! language: `{kind}-subject`, `{kind}-body` and the link's `{kind}-action`.

use std::collections::BTreeMap;

use sea_orm::ConnectionTrait;

use crate::config::Config;
use crate::error::AppResult;

/// The confirmation link of a request filed by e-mail.
pub const CONFIRM: &str = "desk-mail-confirm";
/// The tracking number and access key (`number`, `key`, `subject`).
pub const CREDENTIALS: &str = "desk-mail-credentials";
/// An answer from support (`number`, `subject`, `body`).
pub const REPLY: &str = "desk-mail-reply";

/// Named values of one message.
pub type Data = BTreeMap<&'static str, String>;

/// Queues one message to `to` with a link to `path` on this site.
pub async fn send(
    db: &impl ConnectionTrait,
    config: &Config,
    to: &str,
    kind: &'static str,
    locale: &str,
    data: &Data,
    path: &str,
) -> AppResult<()> {
    let args: Vec<(&str, String)> = data.iter().map(|(k, v)| (*k, v.clone())).collect();
    crate::mail::enqueue(db, crate::mail::compose(config, locale, to, kind, &args, Some(path))).await?;
    Ok(())
}
