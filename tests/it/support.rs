//! Test harness: a real server on 127.0.0.1:0 with a fresh database per test
//! (a temp SQLite file, or a fresh PostgreSQL database when
//! `VECHE_TEST_POSTGRES_URL` is set), and a cookie-keeping client that reads
//! forms like a browser does.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

use reqwest::header::HeaderMap;
use reqwest::{StatusCode, redirect};
use scraper::{Html, Selector};
use sqlx::Connection;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use veche::config::Config;
use veche::{AppState, router};

pub const PASSWORD: &str = "correct horse battery staple";

/// A database that exists for one test.
pub struct TestDb {
    pub url: String,
    _dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

static SEQ: AtomicU64 = AtomicU64::new(0);

impl TestDb {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        match std::env::var("VECHE_TEST_POSTGRES_URL") {
            Ok(admin) if !admin.is_empty() => {
                let name = format!(
                    "veche_test_{}_{}_{}",
                    std::process::id(),
                    SEQ.fetch_add(1, Ordering::Relaxed),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.subsec_nanos())
                        .unwrap_or(0)
                );
                let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to VECHE_TEST_POSTGRES_URL");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("create test database");
                let mut url = url::Url::parse(&admin).expect("postgres url");
                url.set_path(&format!("/{name}"));
                Self { url: url.to_string(), _dir: dir, pg: Some((admin, name)) }
            }
            _ => {
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                Self { url, _dir: dir, pg: None }
            }
        }
    }

    pub fn data_dir(&self) -> std::path::PathBuf {
        self._dir.path().to_path_buf()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin, name)) = self.pg.take() else { return };
        // Drop runs outside any runtime we may block on: use a thread of its own.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                        .execute(&mut conn)
                        .await;
                }
            });
        })
        .join();
    }
}

pub fn test_config(db: &TestDb) -> Config {
    // Throttling has its own tests; elsewhere many members sign in from 127.0.0.1.
    Config {
        database_url: db.url.clone(),
        data_dir: db.data_dir(),
        db_max_connections: 4,
        login_per_ip_per_minute: 10_000,
        login_per_ip_per_hour: 10_000,
        register_per_ip_per_hour: 10_000,
        // Posting limits have their own tests; elsewhere members post fast.
        post_interval_secs: 0,
        new_post_interval_secs: 0,
        new_account_hours: 0,
        // Notifications are mailed as soon as the worker runs.
        mail: veche::config::MailConfig { notify_delay_secs: 0, ..Default::default() },
        ..Config::default()
    }
}

/// A running server.
pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub db: TestDb,
    stop: Option<oneshot::Sender<()>>,
    done: Option<tokio::task::JoinHandle<()>>,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let db = TestDb::new().await;
        let mut config = test_config(&db);
        adjust(&mut config);
        Self::start(db, config).await
    }

    /// A server on an existing test database with a given config.
    pub async fn spawn_on(db: TestDb, config: Config) -> Self {
        Self::start(db, config).await
    }

    async fn start(db: TestDb, config: Config) -> Self {
        // Server errors show up in the failing test's output.
        let _ = tracing_subscriber::fmt().with_env_filter("warn").with_test_writer().try_init();
        let state = AppState::build(config).await.expect("build app state");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let done = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Self { base: format!("http://{addr}"), state, db, stop: Some(stop), done: Some(done) }
    }

    /// Stops the server and starts a new one on the same database (a new port).
    pub async fn restart(mut self) -> Self {
        let config = (*self.state.config).clone();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(done) = self.done.take() {
            let _ = done.await;
        }
        self.state.db.clone().close().await;
        let db = std::mem::replace(
            &mut self.db,
            TestDb { url: String::new(), _dir: tempfile::tempdir().expect("tmp"), pg: None },
        );
        Self::start(db, config).await
    }

    pub fn browser(&self) -> Browser {
        Browser::new(&self.base)
    }

    /// A new browser with a freshly registered and signed-in member.
    pub async fn member(&self, username: &str) -> Browser {
        let b = self.browser();
        let email = format!("{}@example.com", username_ascii(username));
        b.register(username, &email, PASSWORD).await;
        b.sign_in(username, PASSWORD).await;
        self.verify_address(&b, &email).await;
        b
    }

    /// Opens the latest verification link mailed to `email` in `b` and presses its button.
    pub async fn verify_address(&self, b: &Browser, email: &str) {
        let mails = self.mail_to(email).await;
        let link = mails
            .iter()
            .rev()
            .find(|m| m.text.contains("/verify/"))
            .map(|m| m.link("/verify/"))
            .unwrap_or_else(|| panic!("no verification mail to {email}"));
        let res = b.submit(&link, &link, &[]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "verify {email}: {}", res.body);
    }
}

fn username_ascii(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { 'x' }).collect();
    format!("{s}{}", SEQ.fetch_add(1, Ordering::Relaxed))
}

/// One response, read fully.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    pub path: String,
}

impl Page {
    pub fn location(&self) -> Option<&str> {
        self.headers.get("location").and_then(|v| v.to_str().ok())
    }

    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// Text content of the first element matching `selector`.
    pub fn text_of(&self, selector: &str) -> Option<String> {
        let sel = Selector::parse(selector).expect("selector");
        self.html().select(&sel).next().map(|e| e.text().collect::<String>().trim().to_owned())
    }

    pub fn has(&self, selector: &str) -> bool {
        let sel = Selector::parse(selector).expect("selector");
        self.html().select(&sel).next().is_some()
    }

    /// The current values of the inputs of the form posting to `action`.
    pub fn form_fields(&self, action: &str) -> Vec<(String, String)> {
        let doc = self.html();
        let form_sel = Selector::parse("form").expect("form selector");
        let input_sel = Selector::parse("input[name], textarea[name], select[name]").expect("input selector");
        let opt_sel = Selector::parse("option[selected]").expect("option selector");
        let form = doc
            .select(&form_sel)
            .find(|f| f.value().attr("action") == Some(action))
            .unwrap_or_else(|| panic!("no form posting to {action} on {}:\n{}", self.path, self.body));
        form.select(&input_sel)
            // Unchecked boxes are not sent, as in a browser.
            .filter(|i| {
                !matches!(i.value().attr("type"), Some("checkbox" | "radio")) || i.value().attr("checked").is_some()
            })
            .map(|i| {
                let name = i.value().attr("name").unwrap_or_default().to_owned();
                let value = match i.value().name() {
                    "textarea" => i.text().collect(),
                    "select" => {
                        i.select(&opt_sel).next().and_then(|o| o.value().attr("value")).unwrap_or_default().to_owned()
                    }
                    _ => i.value().attr("value").unwrap_or_default().to_owned(),
                };
                (name, value)
            })
            .collect()
    }
}

/// A cookie-keeping client that does not follow redirects by itself.
pub struct Browser {
    pub base: String,
    pub client: reqwest::Client,
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
}

impl Browser {
    pub fn new(base: &str) -> Self {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(redirect::Policy::none())
            .build()
            .expect("client");
        Self { base: base.to_owned(), client, jar }
    }

    /// The same browser (cookies and all) speaking to another server.
    pub fn at(&self, base: &str) -> Browser {
        Browser { base: base.to_owned(), client: self.client.clone(), jar: self.jar.clone() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    async fn read(path: &str, res: reqwest::Response) -> Page {
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.text().await.expect("body");
        Page { status, headers, body, path: path.to_owned() }
    }

    pub async fn get(&self, path: &str) -> Page {
        let res = self.client.get(self.url(path)).send().await.expect("GET");
        Self::read(path, res).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut req = self.client.get(self.url(path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        Self::read(path, req.send().await.expect("GET")).await
    }

    /// Posts raw fields, without reading any form first (no CSRF token unless given).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)], headers: &[(&str, &str)]) -> Page {
        let mut req = self.client.post(self.url(path)).form(fields);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        Self::read(path, req.send().await.expect("POST")).await
    }

    /// Opens `page_path`, fills the form posting to `action` with `fields`
    /// (keeping its hidden inputs, CSRF token included) and submits it.
    pub async fn submit(&self, page_path: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let page = self.get(page_path).await;
        assert!(page.status.is_success(), "GET {page_path}: {}", page.status);
        self.submit_on(&page, action, fields).await
    }

    pub async fn submit_on(&self, page: &Page, action: &str, fields: &[(&str, &str)]) -> Page {
        let mut values = page.form_fields(action);
        for (k, v) in fields {
            match values.iter_mut().find(|(name, _)| name == k) {
                Some(slot) => slot.1 = (*v).to_owned(),
                None => values.push(((*k).to_owned(), (*v).to_owned())),
            }
        }
        let res = self.client.post(self.url(action)).form(&values).send().await.expect("POST");
        Self::read(action, res).await
    }

    /// Follows a redirect answer with a GET.
    pub async fn follow(&self, page: &Page) -> Page {
        let to = page.location().unwrap_or_else(|| panic!("{} {} is not a redirect", page.path, page.status));
        self.get(to).await
    }

    pub async fn register(&self, username: &str, email: &str, password: &str) -> Page {
        let res = self
            .submit("/register", "/register", &[("username", username), ("email", email), ("password", password)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "register {username}: {}", res.body);
        res
    }

    pub async fn sign_in(&self, login: &str, password: &str) -> Page {
        let res = self.submit("/login", "/login", &[("login", login), ("password", password)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "sign in {login}: {}", res.body);
        res
    }

    /// The username shown as signed in, if any.
    pub async fn whoami(&self) -> Option<String> {
        self.get("/").await.text_of("header a.me")
    }

    pub fn session_cookie(&self) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url = self.base.parse().expect("base url");
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|c| c.strip_prefix(&format!("{}=", veche::web::SESSION_COOKIE)).map(str::to_owned))
    }
}

impl TestApp {
    /// A signed-in member with a staff role.
    pub async fn staff(&self, username: &str, role: veche::policy::Role) -> Browser {
        let form = veche::accounts::SignUp {
            username: username.into(),
            email: format!("{}@example.com", username_ascii(username)),
            password: PASSWORD.into(),
        };
        veche::accounts::create(&self.state.db, "alias", &form, role, true).await.expect("create staff");
        if role == veche::policy::Role::Registrar {
            // Registrars give levels below their own: they hold a registrar's.
            use veche::accounts::{Source, StandingChange, change_standing};
            let s = &self.state;
            let level = StandingChange::Certificate("registrar".into());
            change_standing(&s.db, &s.policy, username, level, "registrar", None, Source::Cli).await.expect("level");
        }
        let b = self.browser();
        b.sign_in(username, PASSWORD).await;
        b
    }

    /// The id of post `number` in `topic`.
    pub async fn post_id(&self, topic: i64, number: i32) -> i64 {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        use veche::entities::posts;
        posts::Entity::find()
            .filter(posts::Column::TopicId.eq(topic))
            .filter(posts::Column::PostNumber.eq(number))
            .one(self.state.db.read())
            .await
            .expect("query")
            .expect("post")
            .id
    }

    pub async fn category(&self, slug: &str, name: &str) {
        let form = veche::forum::CategoryForm { name: name.into(), slug: slug.into(), ..Default::default() };
        veche::forum::categories::create(&self.state.db, &form).await.expect("create category");
    }
}

impl Browser {
    /// Opens a topic through the form; returns its id.
    pub async fn new_topic(&self, category: &str, title: &str, body: &str) -> i64 {
        let res = self.submit("/t/new", "/t/new", &[("category", category), ("title", title), ("body", body)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "new topic: {}", res.body);
        let loc = res.location().expect("location");
        loc.trim_start_matches("/t/").split('/').next().and_then(|s| s.parse().ok()).expect("topic id in location")
    }

    /// Replies through the topic page's form; returns the redirect location.
    pub async fn reply(&self, topic: i64, body: &str) -> String {
        let res = self.submit(&format!("/t/{topic}?page=1"), &format!("/t/{topic}/reply"), &[("body", body)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "reply: {}", res.body);
        res.location().expect("location").to_owned()
    }

    /// Posts a button form found on `page_path` (like, bookmark, solve, delete…).
    pub async fn press(&self, page_path: &str, action: &str) -> Page {
        self.submit(page_path, action, &[]).await
    }
}

impl TestApp {
    /// A signed-in member with the given certificate level and BL.
    pub async fn member_with(&self, username: &str, certificate: &str, bl: i32) -> Browser {
        let b = self.member(username).await;
        let s = &self.state;
        use veche::accounts::{Source, StandingChange, change_standing};
        change_standing(
            &s.db,
            &s.policy,
            username,
            StandingChange::Certificate(certificate.into()),
            "test",
            None,
            Source::Cli,
        )
        .await
        .expect("set certificate");
        change_standing(&s.db, &s.policy, username, StandingChange::Bl(bl), "test", None, Source::Cli)
            .await
            .expect("set bl");
        b
    }
}

impl Browser {
    /// Saves a guide through its edit form (keeping the form's base revision).
    pub async fn save_guide(&self, title_or_path: &str, body: &str, summary: &str) -> Page {
        let path = wiki_path(title_or_path);
        let path = path.as_str();
        self.submit(&format!("{path}/edit"), &format!("{path}/edit"), &[("body", body), ("summary", summary)]).await
    }
}

/// `/wiki/{Title}` for a title, or the path itself if it already is one.
pub fn wiki_path(title_or_path: &str) -> String {
    match title_or_path.strip_prefix("/wiki/") {
        Some(rest) if rest.contains('%') => title_or_path.to_owned(),
        Some(rest) => veche::title::Title::parse(rest).expect("valid title").href(),
        None => veche::title::Title::parse(title_or_path).expect("valid title").href(),
    }
}

/// A message the server sent, read back from the mail folder.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The queue id (from the file name).
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub headers: Vec<(String, String)>,
}

impl Sent {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The path (and query) of the first link in the text part whose path starts with `prefix`.
    pub fn link(&self, prefix: &str) -> String {
        self.text
            .split_whitespace()
            .filter_map(|w| url::Url::parse(w).ok())
            .map(|u| {
                let mut p = u.path().to_owned();
                if let Some(q) = u.query() {
                    p = format!("{p}?{q}");
                }
                if let Some(f) = u.fragment() {
                    p = format!("{p}#{f}");
                }
                p
            })
            .find(|p| p.starts_with(prefix))
            .unwrap_or_else(|| panic!("no link to {prefix} in:\n{}", self.text))
    }
}

pub fn parse_eml(id: i64, raw: &[u8]) -> Sent {
    let msg = mail_parser::MessageParser::default().parse(raw).expect("a parsable message");
    let to = msg.to().and_then(|a| a.first()).and_then(|a| a.address()).map(str::to_owned).unwrap_or_default();
    let headers = msg
        .headers()
        .iter()
        .map(|h| {
            (
                h.name().to_owned(),
                String::from_utf8_lossy(&raw[h.offset_start() as usize..h.offset_end() as usize]).trim().to_owned(),
            )
        })
        .collect();
    Sent {
        id,
        to,
        subject: msg.subject().unwrap_or_default().to_owned(),
        text: msg.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        html: msg.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
        headers,
    }
}

impl TestApp {
    /// Sends what is due now (as the worker would), returns how many.
    pub async fn deliver_mail(&self) -> usize {
        veche::notify::email::send_due(&self.state).await.expect("mail notifications");
        veche::mail::deliver_due(&self.state).await.expect("deliver mail")
    }

    /// Every message sent so far (after sending what is due), oldest first.
    pub async fn mailbox(&self) -> Vec<Sent> {
        self.deliver_mail().await;
        let dir = self.state.config.data_dir.join("mail");
        let mut out = Vec::new();
        let Ok(entries) = std::fs::read_dir(&dir) else { return out };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".eml") {
                continue;
            }
            let id = name.split('-').next().and_then(|s| s.parse().ok()).expect("queue id in file name");
            out.push(parse_eml(id, &std::fs::read(e.path()).expect("read mail")));
        }
        out.sort_by_key(|m| m.id);
        out
    }

    /// Messages sent to `address`, oldest first.
    pub async fn mail_to(&self, address: &str) -> Vec<Sent> {
        self.mailbox().await.into_iter().filter(|m| m.to.eq_ignore_ascii_case(address)).collect()
    }

    /// A second server on the same database and data directory (another
    /// instance behind the same load balancer).
    pub async fn second_instance(&self) -> TestApp {
        let db = TestDb { url: self.db.url.clone(), _dir: tempfile::tempdir().expect("tmp"), pg: None };
        Self::start(db, (*self.state.config).clone()).await
    }
}
