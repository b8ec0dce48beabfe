//! Outgoing mail. Commands build a [`Mail`] (usually with [`compose`], in
//! the recipient's language) and [`enqueue`] it inside their own
//! transaction, so a message exists exactly when the change does. The
//! worker ([`spawn_worker`], and [`deliver_due`] for tests and the command
//! line) claims due messages with a conditional update, so two instances
//! never send one twice; failures are retried with exponential backoff and
//! after `mail.max_attempts` kept as `failed` for the admin list.

pub mod transport;

use std::time::Duration;

use anyhow::Context;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::app::App;
use crate::config::Config;
use crate::entities::mail_queue;
use crate::error::AppResult;
use crate::i18n;

pub use transport::Transport;

/// One message to send: rendered already (subject, plain text, HTML) in
/// the recipient's language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mail {
    /// What it is about: a Fluent key naming the kind (`mail-kind-reset`), for the admin list.
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Extra headers (`List-Unsubscribe`, …).
    pub headers: Vec<(String, String)>,
}

/// Queues `mail` in the caller's transaction (or connection). Nothing is
/// sent until the caller commits; the worker sends it then.
pub async fn enqueue(txn: &impl ConnectionTrait, mail: Mail) -> AppResult<i64> {
    let now = crate::util::now();
    let headers = serde_json::to_string(&mail.headers).context("mail headers")?;
    let row = mail_queue::ActiveModel {
        kind: Set(mail.kind),
        to_addr: Set(mail.to),
        subject: Set(mail.subject),
        body_text: Set(mail.text),
        body_html: Set(mail.html),
        headers: Set(headers),
        status: Set(STATUS_QUEUED.into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        lease_until: Set(None),
        last_error: Set(String::new()),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(row.id)
}

pub const STATUS_QUEUED: &str = "queued";
pub const STATUS_SENDING: &str = "sending";
pub const STATUS_SENT: &str = "sent";
pub const STATUS_FAILED: &str = "failed";

/// A claimed message may be taken over by another instance after this
/// long (its sender died mid-way); longer than any SMTP timeout.
const LEASE_SECS: i64 = 300;

/// Wait before attempt `n + 1` after `n` failed ones: 1, 2, 4, … minutes,
/// at most a day.
pub fn backoff(attempts: i32) -> time::Duration {
    let minutes = 1i64 << attempts.clamp(1, 11).saturating_sub(1);
    time::Duration::minutes(std::cmp::min(minutes, 24 * 60))
}

/// A message in the recipient's language from the messages `{key}-subject`,
/// `{key}-body` and, if present, `{key}-note`; with `link` (a path on the
/// site) and its label `{key}-action`. The footer names the site.
pub fn compose(
    config: &Config,
    locale: &str,
    to: &str,
    key: &str,
    args: &[(&str, String)],
    link: Option<&str>,
) -> Mail {
    let mut paragraphs = vec![i18n::text(locale, &format!("{key}-body"), args)];
    if let Some(note) = i18n::try_text(locale, &format!("{key}-note"), args) {
        paragraphs.push(note);
    }
    let link = link.map(|path| (i18n::text(locale, &format!("{key}-action"), args), absolute(config, path)));
    let footer = i18n::text(locale, "mail-footer", &[("site", config.site_name.clone())]);
    let subject = i18n::text(locale, &format!("{key}-subject"), args);
    Mail {
        kind: key.to_owned(),
        to: to.to_owned(),
        text: plain(&paragraphs, link.as_ref(), &footer),
        html: html(&subject, &paragraphs, link.as_ref(), &footer),
        subject,
        headers: Vec::new(),
    }
}

/// `public_url` + `path`.
pub fn absolute(config: &Config, path: &str) -> String {
    format!("{}{path}", config.link_base())
}

/// The plain-text part.
pub fn plain(paragraphs: &[String], link: Option<&(String, String)>, footer: &str) -> String {
    let mut out = String::new();
    for p in paragraphs {
        out.push_str(p);
        out.push_str("\n\n");
    }
    if let Some((label, url)) = link {
        out.push_str(label);
        out.push_str(":\n");
        out.push_str(url);
        out.push_str("\n\n");
    }
    out.push_str("-- \n");
    out.push_str(footer);
    out.push('\n');
    out
}

/// The HTML part: the same text, escaped, with the link as a button.
pub fn html(title: &str, paragraphs: &[String], link: Option<&(String, String)>, footer: &str) -> String {
    let mut out = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family:sans-serif;line-height:1.5;max-width:40em\">",
        escape(title)
    );
    for p in paragraphs {
        out.push_str(&format!("<p>{}</p>", escape(p).replace('\n', "<br>")));
    }
    if let Some((label, url)) = link {
        out.push_str(&format!(
            "<p><a href=\"{}\" style=\"display:inline-block;padding:.5em 1em;background:#2457c5;color:#fff;\
             text-decoration:none;border-radius:4px\">{}</a></p><p style=\"font-size:small\">{}</p>",
            escape(url),
            escape(label),
            escape(url)
        ));
    }
    out.push_str(&format!("<hr><p style=\"font-size:small;color:#666\">{}</p></body></html>", escape(footer)));
    out
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Takes message `id` if it is due and nobody holds it (or their lease ran
/// out). One conditional update: of two instances, exactly one sees a row
/// changed.
async fn claim(db: &impl ConnectionTrait, id: i64, now: OffsetDateTime) -> AppResult<Option<OffsetDateTime>> {
    let lease = now + time::Duration::seconds(LEASE_SECS);
    let due = Condition::any()
        .add(
            Condition::all()
                .add(mail_queue::Column::Status.eq(STATUS_QUEUED))
                .add(mail_queue::Column::NextAttemptAt.lte(now)),
        )
        .add(
            Condition::all()
                .add(mail_queue::Column::Status.eq(STATUS_SENDING))
                .add(mail_queue::Column::LeaseUntil.lt(now)),
        );
    let changed = mail_queue::Entity::update_many()
        .col_expr(mail_queue::Column::Status, Expr::value(STATUS_SENDING))
        .col_expr(mail_queue::Column::LeaseUntil, Expr::value(Some(lease)))
        .col_expr(mail_queue::Column::Attempts, Expr::col(mail_queue::Column::Attempts).add(1))
        .filter(mail_queue::Column::Id.eq(id))
        .filter(due)
        .exec(db)
        .await?
        .rows_affected;
    Ok((changed == 1).then_some(lease))
}

/// Sends every message due now; returns how many were sent. Safe to run
/// on several instances at once.
pub async fn deliver_due(app: &App) -> AppResult<usize> {
    let transport = Transport::from_config(&app.config)?;
    let mut sent = 0;
    loop {
        let now = crate::util::now();
        let candidates: Vec<i64> = mail_queue::Entity::find()
            .select_only()
            .column(mail_queue::Column::Id)
            .filter(
                Condition::any()
                    .add(
                        Condition::all()
                            .add(mail_queue::Column::Status.eq(STATUS_QUEUED))
                            .add(mail_queue::Column::NextAttemptAt.lte(now)),
                    )
                    .add(
                        Condition::all()
                            .add(mail_queue::Column::Status.eq(STATUS_SENDING))
                            .add(mail_queue::Column::LeaseUntil.lt(now)),
                    ),
            )
            .order_by_asc(mail_queue::Column::Id)
            .limit(50)
            .into_tuple::<i64>()
            .all(app.db.write())
            .await?;
        if candidates.is_empty() {
            return Ok(sent);
        }
        let mut claimed_any = false;
        for id in candidates {
            let Some(lease) = claim(app.db.write(), id, now).await? else { continue };
            claimed_any = true;
            let Some(row) = mail_queue::Entity::find_by_id(id).one(app.db.write()).await? else { continue };
            let result = transport.send(&app.config, &row).await;
            let done = crate::util::now();
            let update = mail_queue::Entity::update_many()
                .filter(mail_queue::Column::Id.eq(id))
                .filter(mail_queue::Column::Status.eq(STATUS_SENDING))
                .filter(mail_queue::Column::LeaseUntil.eq(lease));
            match result {
                Ok(()) => {
                    update
                        .col_expr(mail_queue::Column::Status, Expr::value(STATUS_SENT))
                        .col_expr(mail_queue::Column::SentAt, Expr::value(Some(done)))
                        .col_expr(mail_queue::Column::LeaseUntil, Expr::value(Option::<OffsetDateTime>::None))
                        .col_expr(mail_queue::Column::LastError, Expr::value(""))
                        .exec(app.db.write())
                        .await?;
                    sent += 1;
                    tracing::info!(mail = id, kind = %row.kind, "mail sent");
                }
                Err(e) => {
                    let gave_up = row.attempts >= app.config.mail.max_attempts;
                    let status = if gave_up { STATUS_FAILED } else { STATUS_QUEUED };
                    let error: String = format!("{e:#}").chars().take(2000).collect();
                    update
                        .col_expr(mail_queue::Column::Status, Expr::value(status))
                        .col_expr(mail_queue::Column::NextAttemptAt, Expr::value(done + backoff(row.attempts)))
                        .col_expr(mail_queue::Column::LeaseUntil, Expr::value(Option::<OffsetDateTime>::None))
                        .col_expr(mail_queue::Column::LastError, Expr::value(error))
                        .exec(app.db.write())
                        .await?;
                    tracing::warn!(mail = id, kind = %row.kind, attempts = row.attempts, gave_up, error = %e, "mail not sent");
                }
            }
        }
        if !claimed_any {
            // Everything we saw was taken by another instance meanwhile.
            return Ok(sent);
        }
    }
}

/// Sends queued mail every few seconds, on every instance.
pub fn spawn_worker(app: App) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = crate::notify::email::send_due(&app).await {
                tracing::error!(error = %e, "mailing notifications failed; will retry");
            }
            let today = crate::util::now().replace_time(time::Time::MIDNIGHT);
            if let Err(e) = crate::notify::email::send_digests(&app, today).await {
                tracing::error!(error = %e, "mailing digests failed; will retry");
            }
            if let Err(e) = deliver_due(&app).await {
                tracing::error!(error = %e, "delivering mail failed; will retry");
            }
        }
    });
}

/// A queued or failed message in the admin list.
#[derive(Debug, Clone, Serialize)]
pub struct QueueRow {
    pub id: i64,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: String,
    pub created_at: OffsetDateTime,
    pub next_attempt_at: OffsetDateTime,
}

/// Messages not sent (yet): failed first, then waiting, newest first.
pub async fn unsent(app: &App, limit: u64) -> AppResult<Vec<QueueRow>> {
    let rows = mail_queue::Entity::find()
        .filter(mail_queue::Column::Status.ne(STATUS_SENT))
        .order_by_desc(mail_queue::Column::Id)
        .limit(limit)
        .all(app.db.read())
        .await?;
    let mut out: Vec<QueueRow> = rows
        .into_iter()
        .map(|r| QueueRow {
            id: r.id,
            kind: r.kind,
            to: r.to_addr,
            subject: r.subject,
            status: r.status,
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: r.created_at,
            next_attempt_at: r.next_attempt_at,
        })
        .collect();
    out.sort_by_key(|r| (r.status != STATUS_FAILED, std::cmp::Reverse(r.id)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), time::Duration::minutes(1));
        assert_eq!(backoff(2), time::Duration::minutes(2));
        assert_eq!(backoff(4), time::Duration::minutes(8));
        assert_eq!(backoff(40), time::Duration::minutes(1024));
    }

    #[test]
    fn html_part_escapes_text() {
        let h = html("<t>", &["a <b> & c".into()], Some(&("go".into(), "https://x/?a=1&b=2".into())), "f");
        assert!(h.contains("a &lt;b&gt; &amp; c"));
        assert!(h.contains("href=\"https://x/?a=1&amp;b=2\""));
    }
}
