//! One `Config`, read from defaults, then an optional TOML file, then
//! `VECHE_*` environment variables (later wins), and validated once at start.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// The highest business level (BL) a member can have.
pub const BL_MAX: i32 = 10_000;

/// One rung of the certificate ladder: a stable key and its rank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateLevel {
    pub key: String,
    pub rank: i32,
}

/// What a gated action asks of a member: a certificate at least this high and
/// a BL strictly above `bl_above`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    pub certificate: String,
    pub bl_above: i32,
}

/// The community BL formula: points for what a member did, capped.
/// BL = min(cap, edits × per_wiki_edit + solutions × per_solution
///             + likes ÷ likes_per_point + months × per_month)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommunityBl {
    /// Per accepted guide revision (own saves and approved proposals).
    pub per_wiki_edit: i32,
    /// Per reply marked as a solution.
    pub per_solution: i32,
    /// One point per this many likes received.
    pub likes_per_point: i32,
    /// Per full month since joining.
    pub per_month: i32,
    pub cap: i32,
}

impl Default for CommunityBl {
    fn default() -> Self {
        Self { per_wiki_edit: 2, per_solution: 3, likes_per_point: 5, per_month: 1, cap: 100 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Address `serve` listens on.
    pub listen: SocketAddr,
    /// Where `/metrics` (Prometheus) is served, apart from the site; empty: off.
    pub metrics_listen: String,
    /// Where the SQLite file and anything else on disk live.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means SQLite in `data_dir`.
    pub database_url: String,
    /// Connections in the PostgreSQL pool, or readers in the SQLite pool
    /// (at most two per core).
    pub db_max_connections: u32,
    /// The address people use to reach the site, e.g. `https://forum.example.org`.
    /// Decides the `Secure` cookie flag and the expected `Origin` of forms.
    pub public_url: String,
    pub site_name: String,
    /// Locale used when neither the member nor the browser asks for a known one.
    pub default_locale: String,

    /// A signed-in session ends after this long without a request.
    pub session_idle_minutes: u64,
    /// …and in any case this long after sign-in.
    pub session_absolute_hours: u64,

    /// Longest post, in characters.
    pub max_post_chars: usize,
    /// Longest guide, in characters.
    pub max_article_chars: usize,
    /// Largest accepted request body.
    pub max_body_bytes: usize,
    /// Seconds a request may take before the server gives up on it.
    pub request_timeout_secs: u64,

    /// Sign-in attempts per client address per minute and per hour.
    pub login_per_ip_per_minute: u32,
    pub login_per_ip_per_hour: u32,
    /// Failed sign-ins on one account within an hour after which the
    /// addresses that failed are refused for it (others still get through).
    pub login_per_account_per_hour: u32,
    /// Sign-ups per client address per hour.
    pub register_per_ip_per_hour: u32,
    /// Take the client address from this header (set by your reverse proxy,
    /// e.g. `X-Forwarded-For`, last hop) instead of the TCP peer.
    pub client_ip_header: String,
    pub registration_open: bool,

    /// The certificate ladder, lowest first.
    pub certificates: Vec<CertificateLevel>,
    /// Level given to new accounts.
    pub default_certificate: String,
    /// Who may edit guides directly (and review proposals).
    pub wiki_edit: Bar,
    /// Slug of the category "Discuss this guide" opens a topic in (empty:
    /// the member chooses).
    pub discussion_category: String,
    /// Posting limits (staff are exempt): everyone at most one post per
    /// `post_interval_secs`; accounts younger than `new_account_hours` one
    /// per `new_post_interval_secs` and at most `new_topics_per_day` topics
    /// and `new_replies_per_day` replies.
    pub post_interval_secs: u32,
    pub new_account_hours: u32,
    pub new_post_interval_secs: u32,
    pub new_topics_per_day: u32,
    pub new_replies_per_day: u32,
    /// Links a new account may put in one post.
    pub new_max_links: u32,
    /// Hold posts of new accounts until a moderator approves them.
    pub approve_new_posts: bool,
    /// New accounts can sign in only once a moderator approves them.
    pub approve_registrations: bool,
    /// Weight of pending flags that hides a post until reviewed (a flag
    /// weighs 1, 2 from a qualified editor, 3 from staff).
    pub flag_hide_weight: i32,
    /// Pending proposals one member may have at once.
    pub max_pending_proposals: u32,
    /// A resolved support request moves to the archive after this many
    /// hours without a new message.
    pub desk_archive_after_hours: u32,
    /// Support requests filed per e-mail address (or account) and per
    /// client address per hour.
    pub desk_per_address_per_hour: u32,
    pub desk_per_ip_per_hour: u32,
    /// Bearer token of the identity service's standing sync API; empty
    /// turns the API off.
    pub sync_token: String,
    /// JSON API requests per minute for one personal token (or, without a
    /// token, one client address).
    pub api_requests_per_minute: u32,
    pub community_bl: CommunityBl,
    /// Names nobody may sign up with (compared by their confusable skeleton,
    /// ignoring case and `_ . -`): route words and names that claim
    /// authority. Staff accounts with such names are created from the
    /// command line.
    pub reserved_usernames: Vec<String>,
    /// Hosts whose images posts and guides may show (besides the site's own,
    /// relative or on `public_url`); other images become plain links, so a
    /// post cannot make readers' browsers call a tracking server. Applied
    /// when text is rendered: run `veche rerender` after changing it.
    pub image_hosts: Vec<String>,
    /// Outgoing mail (`[mail]` in the file, `VECHE_MAIL__SMTP_HOST` etc.).
    #[serde(default)]
    pub mail: MailConfig,
}

/// How mail leaves: SMTP when `smtp_host` is set, otherwise each message is
/// written as an `.eml` file into `mail` in the data directory (a single
/// machine works with no mail server; pick the files up with any tool).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    /// The `From:` of every message, e.g. `Veche <noreply@forum.example.org>`.
    pub from: String,
    pub smtp_host: String,
    /// 0: the usual port of `smtp_tls` (25, 587 or 465).
    pub smtp_port: u16,
    /// `none`, `starttls` or `tls`.
    pub smtp_tls: String,
    pub smtp_user: String,
    pub smtp_password: String,
    /// Give up on a message after this many attempts (it stays, as failed).
    pub max_attempts: i32,
    /// Requests that send account mail (password reset, a new verification
    /// link) per client address per hour, on all instances together.
    pub requests_per_ip_per_hour: u32,
    /// Such mails per account per hour; more requests get the same answer
    /// but no mail.
    pub per_account_per_hour: u32,
    /// A notification is mailed this long after it happens, and only if the
    /// member has not seen it in the site by then.
    pub notify_delay_secs: u32,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            from: "Veche <noreply@localhost>".into(),
            smtp_host: String::new(),
            smtp_port: 0,
            smtp_tls: "starttls".into(),
            smtp_user: String::new(),
            smtp_password: String::new(),
            max_attempts: 8,
            requests_per_ip_per_hour: 10,
            per_account_per_hour: 3,
            notify_delay_secs: 600,
        }
    }
}

/// Every top-level route word and the names that claim to speak for the site.
pub const DEFAULT_RESERVED_USERNAMES: &[&str] = &[
    "admin",
    "administrator",
    "admins",
    "root",
    "system",
    "sysadmin",
    "staff",
    "mod",
    "mods",
    "moderator",
    "moderators",
    "registrar",
    "support",
    "helpdesk",
    "help",
    "desk",
    "contacts",
    "contact",
    "official",
    "security",
    "abuse",
    "postmaster",
    "webmaster",
    "hostmaster",
    "info",
    "noreply",
    "no-reply",
    "veche",
    "operator",
    "service",
    "guarantor",
    "arbitration",
    "finance",
    "billing",
    "payments",
    "api",
    "assets",
    "static",
    "login",
    "logout",
    "register",
    "signup",
    "signin",
    "settings",
    "account",
    "new",
    "edit",
    "wiki",
    "search",
    "ask",
    "u",
    "t",
    "c",
    "p",
    "notifications",
    "healthz",
    "readyz",
    "metrics",
    "latest",
    "categories",
    "preview",
    "feed",
    "feeds",
    "anonymous",
    "guest",
    "everyone",
    "null",
    "undefined",
];

impl Default for Config {
    fn default() -> Self {
        let ladder = [
            ("alias", 100),
            ("formal", 110),
            ("initial", 120),
            ("personal", 130),
            ("merchant", 135),
            ("capitaller", 136),
            ("cashier", 138),
            ("developer", 140),
            ("registrar", 150),
            ("guarantor", 170),
            ("service", 190),
            ("operator", 300),
        ];
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            metrics_listen: String::new(),
            data_dir: PathBuf::from("veche-data"),
            database_url: String::new(),
            db_max_connections: 8,
            public_url: String::new(),
            site_name: "Veche".into(),
            default_locale: "en".into(),
            session_idle_minutes: 14 * 24 * 60,
            session_absolute_hours: 90 * 24,
            max_post_chars: 32_000,
            max_article_chars: 200_000,
            max_body_bytes: 1024 * 1024,
            request_timeout_secs: 30,
            login_per_ip_per_minute: 6,
            login_per_ip_per_hour: 30,
            login_per_account_per_hour: 20,
            register_per_ip_per_hour: 10,
            client_ip_header: String::new(),
            registration_open: true,
            certificates: ladder.into_iter().map(|(key, rank)| CertificateLevel { key: key.into(), rank }).collect(),
            default_certificate: "alias".into(),
            wiki_edit: Bar { certificate: "personal".into(), bl_above: 10 },
            discussion_category: String::new(),
            post_interval_secs: 5,
            new_account_hours: 24,
            new_post_interval_secs: 30,
            new_topics_per_day: 3,
            new_replies_per_day: 10,
            new_max_links: 2,
            approve_new_posts: false,
            approve_registrations: false,
            flag_hide_weight: 3,
            max_pending_proposals: 3,
            desk_archive_after_hours: 7 * 24,
            desk_per_address_per_hour: 3,
            desk_per_ip_per_hour: 10,
            sync_token: String::new(),
            api_requests_per_minute: 300,
            community_bl: CommunityBl::default(),
            reserved_usernames: DEFAULT_RESERVED_USERNAMES.iter().map(|s| (*s).to_owned()).collect(),
            image_hosts: Vec::new(),
            mail: MailConfig::default(),
        }
    }
}

/// A configuration problem, reported as one line that names the setting.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(pub String);

fn bad(setting: &str, why: impl std::fmt::Display) -> ConfigError {
    ConfigError(format!("`{setting}` {why}"))
}

impl Config {
    /// Defaults < TOML file < `VECHE_*` environment < explicit overrides
    /// (command-line flags), then validated.
    pub fn load(file: Option<&Path>, overrides: Figment) -> Result<Self, ConfigError> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            if !file.exists() {
                return Err(ConfigError(format!("config file {} does not exist", file.display())));
            }
            fig = fig.merge(Toml::file(file));
        }
        let env = Env::prefixed("VECHE_").split("__").filter(|k| !k.as_str().starts_with("test_"));
        let fig = fig.merge(env).merge(overrides);
        let config: Config = fig.extract().map_err(|e| {
            let setting = e.path.join(".").to_lowercase();
            let from = e.metadata.as_ref().map(|m| format!(" (from {})", m.name)).unwrap_or_default();
            let what = e.kind.to_string().replace('\n', " ");
            if setting.is_empty() {
                ConfigError(format!("{what}{from}"))
            } else {
                bad(&setting, format!("{what}{from}"))
            }
        })?;
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let url = self.database_url.as_str();
        if !(url.is_empty()
            || url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(bad(
                "database_url",
                "must start with sqlite: or postgres:// (or be empty for SQLite in data_dir)",
            ));
        }
        if !self.public_url.is_empty() {
            match url::Url::parse(&self.public_url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
                _ => {
                    return Err(bad(
                        "public_url",
                        "must be an absolute http:// or https:// address, e.g. https://forum.example.org",
                    ));
                }
            }
        }
        if self.db_max_connections == 0 {
            return Err(bad("db_max_connections", "must be at least 1"));
        }
        if crate::i18n::parse_locale(&self.default_locale).is_none() {
            return Err(bad("default_locale", format!("must be one of: {}", crate::i18n::SUPPORTED.join(", "))));
        }
        if self.session_idle_minutes == 0 || self.session_absolute_hours == 0 {
            return Err(bad("session_idle_minutes / session_absolute_hours", "must be positive"));
        }
        if !(100..=1_000_000).contains(&self.max_post_chars) {
            return Err(bad("max_post_chars", "must be between 100 and 1000000"));
        }
        if self.max_body_bytes < 16 * 1024 {
            return Err(bad("max_body_bytes", "must be at least 16384"));
        }
        for (name, v) in [
            ("login_per_ip_per_minute", self.login_per_ip_per_minute),
            ("login_per_ip_per_hour", self.login_per_ip_per_hour),
            ("login_per_account_per_hour", self.login_per_account_per_hour),
            ("register_per_ip_per_hour", self.register_per_ip_per_hour),
        ] {
            if v == 0 {
                return Err(bad(name, "must be at least 1"));
            }
        }
        if self.certificates.is_empty() {
            return Err(bad("certificates", "must list at least one level"));
        }
        for pair in self.certificates.windows(2) {
            if pair[1].rank <= pair[0].rank {
                return Err(bad(
                    "certificates",
                    format!(
                        "must be listed lowest first with rising ranks ({} {} is not above {} {})",
                        pair[1].key, pair[1].rank, pair[0].key, pair[0].rank
                    ),
                ));
            }
        }
        for (i, l) in self.certificates.iter().enumerate() {
            if l.key.is_empty() || self.certificates[..i].iter().any(|o| o.key == l.key) {
                return Err(bad("certificates", format!("has an empty or repeated key {:?}", l.key)));
            }
        }
        let known = |k: &str| self.certificates.iter().any(|l| l.key == k);
        if !known(&self.default_certificate) {
            return Err(bad("default_certificate", "is not a level in `certificates`"));
        }
        if !known(&self.wiki_edit.certificate) {
            return Err(bad("wiki_edit.certificate", "is not a level in `certificates`"));
        }
        if !(0..=BL_MAX).contains(&self.wiki_edit.bl_above) {
            return Err(bad("wiki_edit.bl_above", "must be between 0 and 10000"));
        }
        if self.max_pending_proposals == 0 {
            return Err(bad("max_pending_proposals", "must be at least 1"));
        }
        if !self.metrics_listen.is_empty() && self.metrics_listen.parse::<SocketAddr>().is_err() {
            return Err(bad("metrics_listen", "must be an address like 127.0.0.1:9100 (or empty to turn metrics off)"));
        }
        if !self.sync_token.is_empty() && self.sync_token.len() < 32 {
            return Err(bad("sync_token", "must be at least 32 characters (or empty to turn the sync API off)"));
        }
        for host in &self.image_hosts {
            if !is_host_name(host) {
                return Err(bad(
                    "image_hosts",
                    format!("must list host names only, like i.example.org (not {host:?})"),
                ));
            }
        }
        if !matches!(self.mail.smtp_tls.as_str(), "none" | "starttls" | "tls") {
            return Err(bad("mail.smtp_tls", "must be none, starttls or tls"));
        }
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(bad("mail.from", "must be an address like `Veche <noreply@forum.example.org>`"));
        }
        if self.mail.max_attempts < 1 {
            return Err(bad("mail.max_attempts", "must be at least 1"));
        }
        let c = &self.community_bl;
        if c.likes_per_point < 1 {
            return Err(bad("community_bl.likes_per_point", "must be at least 1"));
        }
        if [c.per_wiki_edit, c.per_solution, c.per_month].iter().any(|w| *w < 0) || !(0..=BL_MAX).contains(&c.cap) {
            return Err(bad("community_bl", "weights must not be negative and cap must be within 0..10000"));
        }
        Ok(())
    }

    /// The database to use: the configured URL, or SQLite inside `data_dir`.
    pub fn effective_database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!("sqlite://{}", self.data_dir.join("veche.db").display())
        } else {
            self.database_url.clone()
        }
    }

    pub fn is_sqlite(&self) -> bool {
        self.effective_database_url().starts_with("sqlite:")
    }

    /// Cookies get `Secure` when the public address is https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The host of `public_url`, if configured: images there are the site's own.
    pub fn public_host(&self) -> Option<String> {
        url::Url::parse(&self.public_url).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase))
    }

    /// The address links in mail start with: `public_url`, or the listen
    /// address when none is configured.
    pub fn link_base(&self) -> String {
        if self.public_url.is_empty() {
            format!("http://{}", self.listen)
        } else {
            self.public_url.trim_end_matches('/').to_owned()
        }
    }

    /// The origin (`scheme://host[:port]`) forms must come from, if configured.
    pub fn public_origin(&self) -> Option<String> {
        url::Url::parse(&self.public_url).ok().map(|u| u.origin().ascii_serialization())
    }
}

/// A DNS name: letters, digits, `-` and dots between labels. Nothing that
/// could change the meaning of the CSP it is written into.
fn is_host_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}
