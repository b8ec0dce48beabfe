//! The `veche` binary itself: subcommands, configuration errors, serving.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use veche::accounts;

use crate::support::{PASSWORD, TestApp, TestDb};

fn veche(db: &TestDb) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_veche"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("VECHE_DATABASE_URL", &db.url)
        .env("RUST_LOG", "info");
    cmd
}

fn run(cmd: &mut Command, stdin: &str) -> (i32, String, String) {
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn veche");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[tokio::test]
async fn user_commands_create_members_and_audit_standing_changes() {
    let db = TestDb::new().await;
    let dir = db.data_dir();
    let dir = dir.to_str().unwrap();
    // Global options go before or after the subcommand.
    let (code, out, err) = run(
        veche(&db).args([
            "--data-dir",
            dir,
            "user",
            "create",
            "Адмін",
            "--email",
            "admin@example.com",
            "--role",
            "admin",
            "--password-stdin",
        ]),
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("created Адмін (admin)"), "{out}");

    let (code, out, err) = run(
        veche(&db).args([
            "user",
            "set-certificate",
            "адмін",
            "personal",
            "--reason",
            "passport seen",
            "--data-dir",
            dir,
        ]),
        "",
    );
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = run(veche(&db).args(["user", "set-bl", "адмін", "25", "--reason", "imported"]), "");
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(veche(&db).args(["user", "set-role", "адмін", "registrar"]), "");
    assert_eq!(code, 0, "{err}");

    let (code, _, err) = run(veche(&db).args(["user", "set-certificate", "адмін", "platinum", "--reason", "x"]), "");
    assert_ne!(code, 0);
    assert!(err.contains("unknown certificate level") && err.contains("personal"), "{err}");
    let (code, _, err) = run(veche(&db).args(["user", "set-bl", "адмін", "10001", "--reason", "x"]), "");
    assert_ne!(code, 0);
    assert!(err.contains("between 0 and 10000"), "{err}");
    let (code, _, err) = run(veche(&db).args(["user", "set-bl", "nobody", "5", "--reason", "x"]), "");
    assert_ne!(code, 0);
    assert!(err.contains("no member named nobody"), "{err}");
    let (code, _, err) =
        run(veche(&db).args(["user", "create", "x", "--email", "x@example.com", "--password-stdin"]), "short\n");
    assert_ne!(code, 0);
    assert!(err.contains("username") && err.contains("password"), "{err}");
}

#[tokio::test]
async fn standing_changes_from_the_cli_are_audited_and_shown() {
    let db = TestDb::new().await;
    let config = crate::support::test_config(&db);
    let (code, _, err) =
        run(veche(&db).args(["user", "create", "Марія", "--email", "maria@example.com", "--password-stdin"]), PASSWORD);
    assert_eq!(code, 0, "{err}");
    run(veche(&db).args(["user", "set-certificate", "Марія", "formal", "--reason", "documents checked"]), "");
    run(veche(&db).args(["user", "set-bl", "Марія", "7", "--reason", "first deals"]), "");
    let app = TestApp::spawn_on(db, config).await;
    let user = accounts::find_by_username(app.state.db.read(), "марія").await.unwrap().unwrap();
    assert_eq!((user.certificate.as_str(), user.bl), ("formal", 7));
    let history = veche::audit::standing_history(&app.state.db, user.id, 10).await.unwrap();
    let rows: Vec<(&str, &str, &str, &str, &str)> = history
        .iter()
        .map(|h| (h.field.as_str(), h.old_value.as_str(), h.new_value.as_str(), h.reason.as_str(), h.source.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![("bl", "0", "7", "first deals", "cli"), ("certificate", "alias", "formal", "documents checked", "cli")]
    );
    let b = app.browser();
    b.sign_in("Марія", PASSWORD).await;
    let profile = b.get("/u/Марія").await;
    assert_eq!(profile.text_of(".cert").as_deref(), Some("Formal"));
    assert!(profile.body.contains("documents checked"));
}

#[tokio::test]
async fn a_bad_config_value_stops_the_start_with_one_line_naming_it() {
    let db = TestDb::new().await;
    let (code, out, err) = run(veche(&db).env("VECHE_LOGIN_PER_IP_PER_MINUTE", "lots").arg("migrate"), "");
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("login_per_ip_per_minute"), "{err}");

    let (code, _, err) = run(veche(&db).env("VECHE_PUBLIC_URL", "forum.example.org").arg("migrate"), "");
    assert_eq!(code, 2);
    assert!(err.contains("public_url") && err.trim().lines().count() == 1, "{err}");

    let toml = db.data_dir().join("veche.toml");
    std::fs::write(&toml, "site_name = \"Тест\"\ndefault_certificate = \"platinum\"\n").unwrap();
    let (code, _, err) = run(veche(&db).args(["migrate", "--config", toml.to_str().unwrap()]), "");
    assert_eq!(code, 2);
    assert!(err.contains("default_certificate"), "{err}");

    std::fs::write(&toml, "sitename = \"typo\"\n").unwrap();
    let (code, _, err) = run(veche(&db).args(["--config", toml.to_str().unwrap(), "migrate"]), "");
    assert_eq!(code, 2);
    assert!(err.contains("sitename"), "{err}");
}

#[tokio::test]
async fn serve_prints_its_address_logs_requests_without_secrets_and_stops_on_sigterm() {
    let db = TestDb::new().await;
    let mut child = veche(&db)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let mut url = None;
    for _ in 0..10 {
        line.clear();
        if stdout.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(u) = line.trim().strip_prefix("Veche is running at ") {
            url = Some(u.to_owned());
            break;
        }
    }
    let url = url.expect("the server prints its URL");
    let b = crate::support::Browser::new(&url);
    assert_eq!(b.get("/healthz").await.status, reqwest::StatusCode::OK);
    b.register("logtest", "secret-address@example.com", PASSWORD).await;
    b.sign_in("logtest", PASSWORD).await;

    let pid = child.id().to_string();
    let status = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(std::time::Instant::now() < deadline, "server did not stop on SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(exit.success(), "{exit:?}");
    let mut logs = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut logs).unwrap();
    assert!(logs.contains("path=/healthz") && logs.contains("status=200"), "one line per request:\n{logs}");
    assert!(logs.contains("shut down"), "{logs}");
    assert!(!logs.contains("secret-address"), "e-mail in logs:\n{logs}");
    assert!(!logs.contains(PASSWORD), "password in logs");
    assert!(!logs.contains("csrf"), "token in logs");
}

// Two threads: the command's blocking wait must not freeze the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rerender_refreshes_stored_html_and_links() {
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    let m = app.member("renderer").await;
    let id = m.new_topic("questions", "Тема для перерендеру", "**жирний** текст").await;
    let post = veche::entities::posts::Entity::find().one(app.state.db.read()).await.unwrap().unwrap();
    // Pretend an older pipeline stored something else.
    veche::entities::posts::ActiveModel { id: Set(post.id), html: Set("<p>old</p>".into()), ..Default::default() }
        .update(app.state.db.write())
        .await
        .unwrap();
    let (code, out, err) = run(veche(&app.db).arg("rerender"), "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("rendered 1 posts"), "{out}");
    let page = app.browser().get(&format!("/t/{id}?page=1")).await;
    assert!(page.body.contains("<strong>жирний</strong>"));
}

// Two threads: the command's blocking wait must not freeze the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsanction_lifts_every_sanction_for_recovery() {
    use sea_orm::ConnectionTrait;
    let db = TestDb::new().await;
    let (code, _, err) = run(
        veche(&db).args([
            "user",
            "create",
            "admin1",
            "--email",
            "a1@example.com",
            "--role",
            "admin",
            "--password-stdin",
        ]),
        PASSWORD,
    );
    assert_eq!(code, 0, "{err}");
    let config = crate::support::test_config(&db);
    let app = TestApp::spawn_on(db, config).await;
    // Locked out by another admin: suspended and silenced.
    app.state
        .db
        .write()
        .execute_unprepared(
            "UPDATE users SET suspended_until = '2999-01-01 00:00:00+00:00', silenced_until = '2999-01-01 00:00:00+00:00', session_epoch = session_epoch + 1",
        )
        .await
        .unwrap();
    let b = app.browser();
    let res = b.submit("/login", "/login", &[("login", "admin1"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, reqwest::StatusCode::FORBIDDEN, "suspended");
    let (code, out, err) = run(veche(&app.db).args(["user", "unsanction", "admin1", "--reason", "recovery"]), "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("silence") && out.contains("suspend"), "{out}");
    b.sign_in("admin1", PASSWORD).await;
    assert_eq!(b.whoami().await.as_deref(), Some("admin1"));
    let (_, out, _) = run(veche(&app.db).args(["user", "unsanction", "admin1"]), "");
    assert!(out.contains("no sanction"), "{out}");
}

#[tokio::test]
async fn the_first_start_says_how_to_create_an_admin_in_a_command_that_works() {
    let db = TestDb::new().await;
    let dir = db.data_dir().join("site");
    let mut child = Command::new(env!("CARGO_BIN_EXE_veche"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .args(["--data-dir", dir.to_str().unwrap(), "serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut hint = String::new();
    let mut line = String::new();
    for _ in 0..10 {
        line.clear();
        if stdout.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if line.contains("user create") {
            hint = line.clone();
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    // The program as it was started, and the data directory it was given.
    assert!(hint.contains(env!("CARGO_BIN_EXE_veche")), "{hint}");
    assert!(hint.contains(&format!("--data-dir {}", dir.display())), "{hint}");
    // It works: run as printed (with the password on standard input).
    let command =
        hint.trim().split("| ").nth(1).unwrap().replace("NAME", "Admin").replace("YOU@EXAMPLE.ORG", "a@example.org");
    let args: Vec<&str> = command.split_whitespace().collect();
    let out = Command::new(args[0])
        .args(&args[1..])
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(PASSWORD.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("created Admin (admin)"));
}
