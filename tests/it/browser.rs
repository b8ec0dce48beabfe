//! The flows people click through, in real Chromium (Debian's `chromium` and
//! `chromium-driver`), over plain WebDriver. CI installs both; on a machine
//! without `chromedriver` these tests say so and skip, unless `CI` is set.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp};

struct Driver {
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
    async fn start() -> Option<Driver> {
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

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let res = self.http.request(method, url).json(&body).send().await.expect("webdriver");
        let v: Value = res.json().await.expect("webdriver json");
        assert!(v["value"].get("error").is_none(), "{path}: {v}");
        v["value"].clone()
    }

    async fn goto(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", json!({ "url": url })).await;
    }

    async fn find(&self, css: &str) -> String {
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

    async fn fill(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{el}/clear"), json!({})).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{el}/value"), json!({ "text": text })).await;
    }

    async fn click(&self, css: &str) {
        let el = self.find(css).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{el}/click"), json!({})).await;
    }

    async fn script(&self, js: &str) -> Value {
        self.cmd(reqwest::Method::POST, "/execute/sync", json!({ "script": js, "args": [] })).await
    }

    /// Waits until `js` (an expression) is truthy in the page.
    async fn wait_for(&self, js: &str) -> Value {
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
