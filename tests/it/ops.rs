//! Operating a site: backups of a live database, restoring them, guides to
//! and from Markdown files, readiness.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use reqwest::StatusCode;
use tokio::sync::Mutex;

use crate::support::{PASSWORD, TestApp, TestDb, wiki_path};

fn veche(db: &TestDb) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_veche"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("VECHE_DATABASE_URL", &db.url)
        .env("VECHE_DATA_DIR", db.data_dir())
        .env("RUST_LOG", "warn");
    cmd
}

fn output(cmd: &mut Command) -> (bool, String) {
    let out = cmd.stdin(Stdio::null()).output().expect("run veche");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn is_pg(db: &TestDb) -> bool {
    db.url.starts_with("postgres")
}

#[tokio::test]
async fn a_backup_under_write_load_holds_every_write_acknowledged_before_it() {
    let app = TestApp::spawn().await;
    if is_pg(&app.db) {
        let (ok, out) = output(veche(&app.db).args(["backup", "/nonexistent/x.db"]));
        assert!(!ok && out.contains("pg_dump"), "PostgreSQL sites are pointed to pg_dump: {out}");
        return;
    }
    app.category("questions", "Питання").await;
    let writer = app.member("writer").await;
    let topic = writer.new_topic("questions", "Тема під навантаженням", "Початок").await;
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for w in 0..3 {
        let b = app.member(&format!("writer{w}")).await;
        let (acked, stop) = (acked.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let text = format!("Запис {w}-{i}");
                b.reply(topic, &text).await;
                acked.lock().await.push(text);
                i += 1;
            }
        }));
    }
    // Let some writes land, then back up while they go on.
    while acked.lock().await.len() < 10 {
        tokio::task::yield_now().await;
    }
    let before: Vec<String> = acked.lock().await.clone();
    let file = app.db.data_dir().join("backup.db");
    // The backup runs in its own process while this test's runtime keeps
    // serving the writers, as a live site does.
    let mut backup = veche(&app.db);
    backup.args(["backup", file.to_str().unwrap()]);
    let (ok, out) = tokio::task::spawn_blocking(move || output(&mut backup)).await.unwrap();
    assert!(ok, "{out}");
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    // The copy opens as a site of its own and holds every acknowledged write.
    let copy = TestDb::new().await;
    std::fs::copy(&file, copy.data_dir().join("copy.db")).unwrap();
    let config = veche::config::Config {
        database_url: format!("sqlite://{}", copy.data_dir().join("copy.db").display()),
        ..crate::support::test_config(&copy)
    };
    let restored = TestApp::spawn_on(copy, config).await;
    let mut body = String::new();
    let mut page = 1;
    loop {
        let p = restored.browser().get(&format!("/t/{topic}?page={page}")).await;
        assert_eq!(p.status, StatusCode::OK);
        body.push_str(&p.body);
        if !p.body.contains(&format!("page={}", page + 1)) {
            break;
        }
        page += 1;
    }
    for text in &before {
        assert!(body.contains(text), "{text} is missing from the backup");
    }
    let (ok, out) = output(veche(&app.db).args(["backup", file.to_str().unwrap()]));
    assert!(!ok && out.contains("exists"), "never overwrites: {out}");
}

#[tokio::test]
async fn restore_refuses_a_database_in_use_and_restores_a_stopped_one() {
    let db = TestDb::new().await;
    if is_pg(&db) {
        let (ok, out) = output(veche(&db).args(["restore", "x.db"]));
        assert!(!ok && out.contains("pg_restore"), "{out}");
        return;
    }
    // A site with one member, backed up; then a second member joins.
    let (ok, out) = output(veche(&db).args(["migrate"]));
    assert!(ok, "{out}");
    let mut child = veche(&db)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let url = loop {
        line.clear();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "the server stopped");
        if let Some(u) = line.trim().strip_prefix("Veche is running at ") {
            break u.to_owned();
        }
    };
    let b = crate::support::Browser::new(&url);
    b.register("before_backup", "before@example.com", PASSWORD).await;
    let backup = db.data_dir().join("site-backup.db");
    let (ok, out) = output(veche(&db).args(["backup", backup.to_str().unwrap()]));
    assert!(ok, "{out}");
    b.register("after_backup", "after@example.com", PASSWORD).await;
    let (ok, out) = output(veche(&db).args(["restore", backup.to_str().unwrap()]));
    assert!(!ok && out.contains("in use"), "refused while serving: {out}");
    assert_eq!(b.get("/u/after_backup").await.status, StatusCode::OK, "nothing was replaced");
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    child.wait().unwrap();
    let not_a_backup = db.data_dir().join("junk.db");
    std::fs::write(&not_a_backup, b"not a database").unwrap();
    let (ok, _) = output(veche(&db).args(["restore", not_a_backup.to_str().unwrap()]));
    assert!(!ok, "a file that is not a Veche database is refused");
    let (ok, out) = output(veche(&db).args(["restore", backup.to_str().unwrap()]));
    assert!(ok, "{out}");
    let config = crate::support::test_config(&db);
    let app = TestApp::spawn_on(db, config).await;
    assert_eq!(app.browser().get("/u/before_backup").await.status, StatusCode::OK);
    assert_eq!(app.browser().get("/u/after_backup").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn guides_go_out_as_markdown_and_come_back_as_revisions() {
    let app = TestApp::spawn().await;
    let editor = app.member_with("editor", "personal", 50).await;
    editor.save_guide("Ліміти гаманця", "Ліміт 1000 грн.\n", "").await;
    editor.save_guide("Виведення коштів", "Як вивести.\n", "").await;
    let dir = app.db.data_dir().join("guides");
    let (ok, out) = output(veche(&app.db).args(["export", dir.to_str().unwrap()]));
    assert!(ok, "{out}");
    assert!(out.contains("exported 2 guides"), "{out}");
    let file = dir.join("Ліміти_гаманця.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("---\ntitle: Ліміти гаманця\nauthor: editor\n"), "{text}");
    assert!(text.ends_with("Ліміт 1000 грн.\n"));
    // Edited outside, with Windows line endings, plus a new guide.
    std::fs::write(&file, text.replace("1000", "2000").replace('\n', "\r\n")).unwrap();
    std::fs::write(dir.join("Нова_настанова.md"), "Текст нової настанови.\n").unwrap();
    let (ok, out) = output(veche(&app.db).args(["import", dir.to_str().unwrap(), "--as", "editor"]));
    assert!(ok, "{out}");
    assert!(out.contains("1 new guides, 1 updated, 1 unchanged"), "{out}");
    let page = app.browser().get(&wiki_path("Ліміти гаманця")).await;
    assert!(page.body.contains("2000"));
    assert!(!page.body.contains('\r'));
    assert_eq!(app.browser().get(&wiki_path("Нова настанова")).await.status, StatusCode::OK);
    let member = app.member("member").await;
    drop(member);
    let (ok, out) = output(veche(&app.db).args(["import", dir.to_str().unwrap(), "--as", "member"]));
    assert!(!ok && out.contains("may not edit"), "{out}");
}

#[tokio::test]
async fn readyz_says_whether_the_database_is_ready() {
    let app = TestApp::spawn().await;
    let res = app.browser().get("/readyz").await;
    assert_eq!((res.status, res.body.as_str()), (StatusCode::OK, "ready"));
    // A schema behind the binary is not ready (while /healthz still is up).
    use sea_orm::ConnectionTrait;
    app.state
        .db
        .write()
        .execute_unprepared("DELETE FROM seaql_migrations WHERE version = (SELECT MAX(version) FROM seaql_migrations)")
        .await
        .unwrap();
    let res = app.browser().get("/readyz").await;
    assert_eq!((res.status, res.body.as_str()), (StatusCode::SERVICE_UNAVAILABLE, "migrations pending"));
    assert_eq!(app.browser().get("/healthz").await.status, StatusCode::OK);
}

#[tokio::test]
async fn metrics_count_requests_by_route_on_their_own_address() {
    let app = TestApp::spawn_with(|c| c.metrics_listen = "127.0.0.1:0".into()).await;
    app.category("questions", "Питання").await;
    let m = app.member("reader").await;
    let id = m.new_topic("questions", "Тема для метрик", "Текст").await;
    for _ in 0..3 {
        m.get(&format!("/t/{id}?page=1")).await;
    }
    m.get("/no/such/page").await;
    // The site itself has no /metrics.
    assert_eq!(app.browser().get("/metrics").await.status, StatusCode::NOT_FOUND);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(axum::serve(listener, veche::web::metrics_router(app.state.clone())).into_future());
    let text = reqwest::get(format!("http://{addr}/metrics")).await.unwrap().text().await.unwrap();
    assert!(text.contains(r#"veche_http_requests_total{route="/t/{id}",method="GET",status="200"} 3"#), "{text}");
    assert!(text.contains(r#"route="unmatched",method="GET",status="404""#), "{text}");
    assert!(text.contains("veche_http_request_duration_seconds_bucket{"), "{text}");
    assert!(text.contains(r#"veche_db_connections{pool="read",state="idle"}"#), "{text}");
    assert!(text.contains(r#"veche_events_pending{subscriber="links"} 0"#), "{text}");
    assert!(text.contains(r#"veche_mail_queue{status="failed"} 0"#), "{text}");
}
