//! Where messages go: an SMTP server, or `.eml` files in the data
//! directory when no server is configured.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::Config;
use crate::entities::mail_queue;

pub enum Transport {
    /// One file per message, `mail/<id>-<random>.eml`: a message sent twice
    /// would show up as two files.
    Files(PathBuf),
    Smtp(Box<AsyncSmtpTransport<Tokio1Executor>>),
}

impl Transport {
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        let m = &config.mail;
        if m.smtp_host.is_empty() {
            return Ok(Transport::Files(config.data_dir.join("mail")));
        }
        let tls = || TlsParameters::new(m.smtp_host.clone()).context("TLS parameters for the SMTP host");
        let (tls, port) = match m.smtp_tls.as_str() {
            "none" => (Tls::None, 25),
            "tls" => (Tls::Wrapper(tls()?), 465),
            _ => (Tls::Required(tls()?), 587),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(m.smtp_host.clone())
            .port(if m.smtp_port == 0 { port } else { m.smtp_port })
            .tls(tls)
            .timeout(Some(Duration::from_secs(60)));
        if !m.smtp_user.is_empty() {
            builder = builder.credentials(Credentials::new(m.smtp_user.clone(), m.smtp_password.clone()));
        }
        Ok(Transport::Smtp(Box::new(builder.build())))
    }

    pub async fn send(&self, config: &Config, row: &mail_queue::Model) -> anyhow::Result<()> {
        let message = build(config, row)?;
        match self {
            Transport::Files(dir) => {
                tokio::fs::create_dir_all(dir).await.context("creating the mail folder")?;
                let mut nonce = [0u8; 6];
                getrandom::fill(&mut nonce).map_err(|e| anyhow::anyhow!("random: {e}"))?;
                let nonce: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
                let path = dir.join(format!("{:010}-{nonce}.eml", row.id));
                let tmp = dir.join(format!(".{:010}-{nonce}.tmp", row.id));
                tokio::fs::write(&tmp, message.formatted()).await.context("writing a mail file")?;
                tokio::fs::rename(&tmp, &path).await.context("naming a mail file")?;
                Ok(())
            }
            Transport::Smtp(smtp) => {
                smtp.send(message).await.context("SMTP")?;
                Ok(())
            }
        }
    }
}

/// The message as it goes out: plain text and HTML alternatives, a stable
/// Message-ID (a retry after a lost answer is recognisable as the same
/// message), and the extra headers it was queued with.
fn build(config: &Config, row: &mail_queue::Model) -> anyhow::Result<Message> {
    let from: Mailbox = config.mail.from.parse().context("mail.from")?;
    let to: Mailbox = row.to_addr.parse().context("recipient address")?;
    let domain = from.email.domain().to_owned();
    let mut builder = Message::builder().from(from).to(to).subject(row.subject.clone()).message_id(Some(format!(
        "<{}.{}@{domain}>",
        row.id,
        row.created_at.unix_timestamp()
    )));
    let headers: Vec<(String, String)> = serde_json::from_str(&row.headers).unwrap_or_default();
    for (name, value) in headers {
        let name = HeaderName::new_from_ascii(name).context("header name")?;
        builder = builder.raw_header(HeaderValue::new(name, value));
    }
    builder
        .multipart(MultiPart::alternative_plain_html(row.body_text.clone(), row.body_html.clone()))
        .context("building a message")
}
