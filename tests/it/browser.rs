//! The flows people click through, in real Chromium (Debian's `chromium` and
//! `chromium-driver`), over plain WebDriver. CI installs both; on a machine
//! without `chromedriver` these tests say so and skip, unless `CI` is set.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp};

pub(crate) struct Driver {
    child: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Driver {
    pub(crate) async fn start() -> Option<Driver> {
        if Command::new("chromedriver").arg("--version").output().is_err() {
            assert!(std::env::var("CI").is_err(), "CI must install chromium-driver");
            eprintln!("skipping browser test: chromedriver is not installed");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = http.get(format!("{base}/status")).send().await
                && r.json::<Value>().await.is_ok_and(|v| v["value"]["ready"] == true)
            {
                break;
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let caps = json!({ "capabilities": { "alwaysMatch": { "browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--lang=uk", format!("--user-data-dir={}", profile.path().display())]
        }}}});
        let res: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .expect("new session")
            .json()
            .await
            .expect("json");
        let session = res["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {res}")).to_owned();
        Some(Driver { child, base, session, http, _profile: profile })
    }

    pub(crate) async fn cmd(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let res = self.http.request(method, url).json(&body).send().await.expect("webdriver");
        let v: Value = res.json().await.expect("webdriver json");
        assert!(v["value"].get("error").is_none(), "{path}: {v}");
        v["value"].clone()
    }

    pub(crate) async fn goto(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", json!({ "url": url })).await;
    }

    pub(crate) async fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let url = format!("{}/session/{}/element", self.base, self.session);
            let v: Value = self
                .http
                .post(url)
                .json(&json!({ "using": "css selector", "value": css }))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if let Some(id) = v["value"][ELEMENT].as_str() {
                return id.to_owned();
            }
            if Instant::now() >= deadline {
                let src =
                    self.script("return location.href + ' ' + document.documentElement.outerHTML.slice(0, 800)").await;
                panic!("no element {css}: {v} {src}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub(crate) async fn fill(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{el}/clear"), json!({})).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{el}/value"), json!({ "text": text })).await;
    }

    pub(crate) async fn click(&self, css: &str) {
        let el = self.find(css).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{el}/click"), json!({})).await;
    }

    pub(crate) async fn script(&self, js: &str) -> Value {
        self.cmd(reqwest::Method::POST, "/execute/sync", json!({ "script": js, "args": [] })).await
    }

    /// Types `text` where the element's cursor is (after what is there).
    pub(crate) async fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{el}/value"), json!({ "text": text })).await;
    }

    /// Signs in through the form, as a person does.
    pub(crate) async fn sign_in(&self, base: &str, login: &str, password: &str) {
        self.goto(&format!("{base}/login")).await;
        self.fill("#login", login).await;
        self.fill("#password", password).await;
        self.click("form[action='/login'] button[type=submit]").await;
        self.wait_for("document.querySelector('header a.me') !== null").await;
    }

    /// The window size, as a phone or a desktop has it.
    pub(crate) async fn size(&self, width: u32, height: u32) {
        self.cmd(reqwest::Method::POST, "/window/rect", json!({ "width": width, "height": height })).await;
    }

    /// Light or dark, as the reader's system prefers.
    pub(crate) async fn color_scheme(&self, dark: bool) {
        let value = if dark { "dark" } else { "light" };
        let body = json!({ "cmd": "Emulation.setEmulatedMedia",
            "params": { "features": [{ "name": "prefers-color-scheme", "value": value }] } });
        self.cmd(reqwest::Method::POST, "/goog/cdp/execute", body).await;
    }

    /// A PNG of the page as shown.
    pub(crate) async fn screenshot(&self) -> Vec<u8> {
        use base64::Engine;
        let v = self.cmd(reqwest::Method::GET, "/screenshot", json!({})).await;
        base64::engine::general_purpose::STANDARD.decode(v.as_str().unwrap_or_default()).expect("png")
    }

    /// Waits until `js` (an expression) is truthy in the page.
    pub(crate) async fn wait_for(&self, js: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let v = self.script(&format!("return ({js});")).await;
            if !(v.is_null() || v == false || v == "") {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {js}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[tokio::test]
async fn a_member_signs_up_previews_keeps_a_draft_and_posts_in_chromium() {
    let Some(d) = Driver::start().await else { return };
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    let base = &app.base;

    d.goto(&format!("{base}/register")).await;
    d.fill("#username", "Браузерна").await;
    d.fill("#email", "browser@example.com").await;
    d.fill("#password", PASSWORD).await;
    d.click("form[action='/register'] button[type=submit]").await;
    d.wait_for("location.pathname === '/login'").await;
    d.fill("#login", "браузерна").await;
    d.fill("#password", PASSWORD).await;
    d.click("form[action='/login'] button[type=submit]").await;
    d.wait_for(
        "document.querySelector('header a.me') && document.querySelector('header a.me').textContent === 'Браузерна'",
    )
    .await;

    // The address is confirmed from the link in the mail, with its button.
    let link = app
        .mail_to("browser@example.com")
        .await
        .iter()
        .rev()
        .find(|m| m.text.contains("/verify/"))
        .map(|m| m.link("/verify/"))
        .expect("a verification mail");
    d.goto(&format!("{base}{link}")).await;
    d.click("#verify-submit").await;
    d.wait_for("location.pathname === '/'").await;

    // Preview through the script: rendered by the server, no page change.
    d.goto(&format!("{base}/t/new")).await;
    d.fill("#title", "Питання з браузера").await;
    d.fill("#body", "Текст **жирний** і [[Неіснуюча]]").await;
    d.click("button[name=preview]").await;
    d.wait_for("!document.querySelector('.preview-area').hidden && document.querySelector('.preview-area strong')")
        .await;
    assert_eq!(d.script("return location.pathname").await, "/t/new", "preview stayed on the page");

    // A draft survives leaving the page.
    d.goto(&format!("{base}/")).await;
    d.goto(&format!("{base}/t/new")).await;
    let body = d.wait_for("document.querySelector('#body').value").await;
    assert_eq!(body, "Текст **жирний** і [[Неіснуюча]]");

    // Posting it: the topic shows the post, and the draft is gone.
    d.script("document.querySelector('#category').value = 'questions'; return true").await;
    d.fill("#title", "Питання з браузера").await;
    d.click("form[action='/t/new'] button[type=submit]:not([name])").await;
    d.wait_for("location.pathname.startsWith('/t/')").await;
    let html = d
        .wait_for("document.querySelector('#p1 .post-body') && document.querySelector('#p1 .post-body').innerHTML")
        .await;
    assert!(html.as_str().unwrap().contains("<strong>жирний</strong>"), "{html}");
    d.goto(&format!("{base}/t/new")).await;
    assert_eq!(d.wait_for("document.readyState === 'complete'").await, true);
    assert_eq!(d.script("return document.querySelector('#body').value").await, "");
}

/// A guide of several lines, written over HTTP with `\n` line endings.
const GUIDE: &str =
    "Перший рядок інструкції.\n\nДругий абзац про ліміти.\n\nТретій абзац про комісії.\n\nОстанній абзац.\n";

fn count(page: &crate::support::Page, css: &str) -> usize {
    page.html().select(&scraper::Selector::parse(css).unwrap()).count()
}

/// The diff between the two newest revisions of a guide, as a reader opens it.
async fn last_diff(app: &TestApp, title: &str) -> crate::support::Page {
    let path = crate::support::wiki_path(title);
    let history = app.browser().get(&format!("{path}/history")).await;
    let sel = scraper::Selector::parse(".history-line a[href*='/diff?']").unwrap();
    let href = history.html().select(&sel).next().and_then(|a| a.value().attr("href").map(str::to_owned));
    app.browser().get(&href.expect("a diff link in the history")).await
}

#[tokio::test]
async fn a_guide_edited_in_chromium_shows_a_one_line_diff() {
    let Some(d) = Driver::start().await else { return };
    let app = TestApp::spawn().await;
    let editor = app.member_with("браузерний_редактор", "personal", 50).await;
    assert_eq!(editor.save_guide("Ліміти гаманця", GUIDE, "").await.status, reqwest::StatusCode::SEE_OTHER);
    d.sign_in(&app.base, "браузерний_редактор", PASSWORD).await;
    d.goto(&format!("{}{}/edit", app.base, crate::support::wiki_path("Ліміти гаманця"))).await;
    // Typed at the end of the text, as a person adds a line: the browser
    // sends the whole textarea with CR LF line endings.
    d.script("const a = document.querySelector('#body'); a.focus(); a.setSelectionRange(a.value.length, a.value.length); return true").await;
    d.type_into("#body", "Новий рядок, доданий у браузері.").await;
    d.click("form.compose button[type=submit]:not([name])").await;
    d.wait_for("location.pathname.endsWith('%D0%B3%D0%B0%D0%BC%D0%B0%D0%BD%D1%86%D1%8F')").await;
    let diff = last_diff(&app, "Ліміти гаманця").await;
    assert_eq!(count(&diff, "tr.diff-ins"), 1, "one line added: {}", diff.body);
    assert_eq!(count(&diff, "tr.diff-del"), 0, "nothing deleted: {}", diff.body);
    let source = app.state.db.read();
    use sea_orm::EntityTrait;
    let revs = veche::entities::revisions::Entity::find().all(source).await.unwrap();
    assert!(revs.iter().all(|r| !r.body.contains('\r')), "no CR is stored");
}

#[tokio::test]
async fn a_proposal_made_in_chromium_shows_only_its_change_in_review() {
    let Some(d) = Driver::start().await else { return };
    let app = TestApp::spawn().await;
    let editor = app.member_with("редактор", "personal", 50).await;
    editor.save_guide("Комісії", GUIDE, "").await;
    app.member_with("пропонувальник", "formal", 2).await;
    d.sign_in(&app.base, "пропонувальник", PASSWORD).await;
    d.goto(&format!("{}{}/edit", app.base, crate::support::wiki_path("Комісії"))).await;
    d.script("const a = document.querySelector('#body'); a.value = a.value.replace('Третій абзац про комісії.', 'Третій абзац про комісії: 0,8 %.'); return true").await;
    d.fill("#summary", "точна комісія").await;
    d.click("form.compose button[type=submit]:not([name])").await;
    d.wait_for("location.pathname.startsWith('/wiki/proposals/')").await;
    let review = editor.get("/wiki/review").await;
    assert_eq!(count(&review, "tr.diff-ins"), 1, "{}", review.body);
    assert_eq!(count(&review, "tr.diff-del"), 1, "{}", review.body);
}

#[tokio::test]
async fn two_editors_in_two_browsers_change_opposite_ends_and_both_changes_stay() {
    let (Some(a), Some(b)) = (Driver::start().await, Driver::start().await) else { return };
    let app = TestApp::spawn().await;
    let first = app.member_with("перша_редакторка", "personal", 50).await;
    app.member_with("другий_редактор", "personal", 50).await;
    first.save_guide("Виведення", GUIDE, "").await;
    let edit = format!("{}{}/edit", app.base, crate::support::wiki_path("Виведення"));
    a.sign_in(&app.base, "перша_редакторка", PASSWORD).await;
    b.sign_in(&app.base, "другий_редактор", PASSWORD).await;
    // Both open the same version.
    a.goto(&edit).await;
    b.goto(&edit).await;
    a.script("const t = document.querySelector('#body'); t.value = t.value.replace('Перший рядок інструкції.', 'Перший рядок, виправлений.'); return true").await;
    a.click("form.compose button[type=submit]:not([name])").await;
    a.wait_for("!location.pathname.endsWith('/edit')").await;
    b.script("const t = document.querySelector('#body'); t.value = t.value.replace('Останній абзац.', 'Останній абзац, доповнений.'); return true").await;
    b.click("form.compose button[type=submit]:not([name])").await;
    b.wait_for("!location.pathname.endsWith('/edit')").await;
    let guide = app.browser().get(&crate::support::wiki_path("Виведення")).await;
    assert!(
        guide.body.contains("Перший рядок, виправлений.") && guide.body.contains("Останній абзац, доповнений."),
        "{}",
        guide.body
    );
}
