use reqwest::StatusCode;
use veche::accounts;

use crate::support::{PASSWORD, TestApp};

fn register_fields<'a>(name: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("username", name), ("email", email), ("password", PASSWORD)]
}

#[tokio::test]
async fn post_without_csrf_token_is_403_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    b.get("/register").await; // the session now has a token, which we do not send
    let res = b.post_raw("/register", &register_fields("nocsrf", "nocsrf@example.com"), &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("did not come from this site"), "{}", res.body);
    assert!(accounts::find_by_username(app.state.db.read(), "nocsrf").await.unwrap().is_none());
}

#[tokio::test]
async fn post_with_a_wrong_token_is_403_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    b.get("/register").await;
    let mut fields = register_fields("badcsrf", "badcsrf@example.com");
    fields.push(("csrf_token", "0000000000000000000000000000000000000000000000000000000000000000"));
    let res = b.post_raw("/register", &fields, &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(accounts::find_by_username(app.state.db.read(), "badcsrf").await.unwrap().is_none());
}

#[tokio::test]
async fn a_token_from_another_session_does_not_work() {
    let app = TestApp::spawn().await;
    let attacker = app.browser();
    let page = attacker.get("/register").await;
    let token = page.form_fields("/register").into_iter().find(|(k, _)| k == "csrf_token").unwrap().1;
    let victim = app.browser();
    victim.get("/register").await;
    let mut fields = register_fields("stolen", "stolen@example.com");
    fields.push(("csrf_token", &token));
    assert_eq!(victim.post_raw("/register", &fields, &[]).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn cross_site_posts_are_refused_even_with_a_valid_token() {
    let app = TestApp::spawn().await;
    let b = app.member("target").await;
    let page = b.get("/settings").await;
    let token = page.form_fields("/logout").into_iter().find(|(k, _)| k == "csrf_token").unwrap().1;
    for headers in
        [vec![("origin", "https://evil.example")], vec![("sec-fetch-site", "cross-site")], vec![("origin", "null")]]
    {
        let res = b.post_raw("/logout", &[("csrf_token", &token)], &headers).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{headers:?}");
    }
    assert_eq!(b.whoami().await.as_deref(), Some("target"), "still signed in");
    // Same origin with the token works.
    let origin = app.base.clone();
    let res = b
        .post_raw("/logout", &[("csrf_token", &token)], &[("origin", &origin), ("sec-fetch-site", "same-origin")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn session_cookie_is_http_only_lax_and_not_secure_on_plain_http() {
    let app = TestApp::spawn().await;
    let res = app.browser().get("/login").await;
    let cookie = res.headers.get("set-cookie").expect("a session cookie").to_str().unwrap().to_owned();
    assert!(cookie.starts_with(&format!("{}=", veche::web::SESSION_COOKIE)), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn session_cookie_is_secure_when_the_public_url_is_https() {
    let app = TestApp::spawn_with(|c| c.public_url = "https://forum.example.org".into()).await;
    let res = app.browser().get("/login").await;
    let cookie = res.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn anonymous_readers_get_no_session() {
    let app = TestApp::spawn().await;
    let res = app.browser().get("/").await;
    assert!(res.headers.get("set-cookie").is_none());
}

#[tokio::test]
async fn session_id_changes_at_sign_in() {
    let app = TestApp::spawn().await;
    app.browser().register("fixation", "fixation@example.com", PASSWORD).await;
    let b = app.browser();
    b.get("/login").await;
    let before = b.session_cookie().expect("pre-login session");
    b.sign_in("fixation", PASSWORD).await;
    let after = b.session_cookie().expect("session");
    assert_ne!(before, after);
    // The old id is no longer signed in (or anything else).
    let thief = app.browser();
    thief.jar.add_cookie_str(&format!("{}={before}", veche::web::SESSION_COOKIE), &app.base.parse().unwrap());
    assert_eq!(thief.whoami().await, None);
}

#[tokio::test]
async fn a_session_survives_a_server_restart() {
    let app = TestApp::spawn().await;
    let b = app.member("steady").await;
    let cookie = b.session_cookie().unwrap();
    let app = app.restart().await;
    let b2 = app.browser();
    b2.jar.add_cookie_str(&format!("{}={cookie}", veche::web::SESSION_COOKIE), &app.base.parse().unwrap());
    assert_eq!(b2.whoami().await.as_deref(), Some("steady"));
}

#[tokio::test]
async fn sessions_end_after_the_absolute_lifetime() {
    // A zero-hour absolute lifetime is not accepted by config validation, so
    // build the server with a config that bypasses it: the check is `<`.
    let app = TestApp::spawn().await;
    let b = app.member("shortlived").await;
    assert!(b.whoami().await.is_some());
    let mut config = (*app.state.config).clone();
    config.session_absolute_hours = 0;
    let app2 = crate::support::TestApp::spawn_on(app.db, config).await;
    let b2 = app2.browser();
    b2.jar.add_cookie_str(
        &format!("{}={}", veche::web::SESSION_COOKIE, b.session_cookie().unwrap()),
        &app2.base.parse().unwrap(),
    );
    assert_eq!(b2.whoami().await, None);
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/", "/login", "/no-such-page"] {
        let res = app.browser().get(path).await;
        let csp = res.headers["content-security-policy"].to_str().unwrap();
        for part in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(res.headers["x-content-type-options"], "nosniff");
        assert!(res.headers.contains_key("referrer-policy"));
        assert!(!res.body.contains("<script>"), "no inline script on {path}");
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let page = b.get("/register").await;
    let token = page.form_fields("/register").into_iter().find(|(k, _)| k == "csrf_token").unwrap().1;
    let huge = "x".repeat(app.state.config.max_body_bytes + 10);
    let res = b.post_raw("/register", &[("csrf_token", &token), ("username", &huge)], &[]).await;
    assert!(res.status == StatusCode::PAYLOAD_TOO_LARGE || res.status == StatusCode::BAD_REQUEST, "{}", res.status);
}

#[tokio::test]
async fn health_assets_and_compression() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let res = b.get("/healthz").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, "ok");

    let res = b.get(&format!("/assets/veche.css?v={}", veche::web::assets::version())).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.headers["cache-control"].to_str().unwrap().contains("immutable"));
    assert!(res.headers["content-type"].to_str().unwrap().starts_with("text/css"));

    let raw = reqwest::Client::new()
        .get(format!("{}/login", app.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.headers()["content-encoding"], "gzip");
    let raw = reqwest::Client::new()
        .get(format!("{}/assets/veche.css", app.base))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.headers()["content-encoding"], "br");
}

#[tokio::test]
async fn concurrent_sign_ups_all_succeed() {
    let app = TestApp::spawn_with(|c| c.register_per_ip_per_hour = 100).await;
    let mut tasks = Vec::new();
    for i in 0..12 {
        let base = app.base.clone();
        tasks.push(tokio::spawn(async move {
            let b = crate::support::Browser::new(&base);
            b.register(&format!("racer{i}"), &format!("racer{i}@example.com"), PASSWORD).await.status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::SEE_OTHER);
    }
    for i in 0..12 {
        assert!(accounts::find_by_username(app.state.db.read(), &format!("racer{i}")).await.unwrap().is_some());
    }
}
