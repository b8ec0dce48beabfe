use reqwest::StatusCode;
use veche::accounts::{self, Source, StandingChange};

use crate::support::{PASSWORD, TestApp};

#[tokio::test]
async fn register_then_sign_in_by_username_or_email() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let res = b.register("Тарас_Шевченко", "taras@example.com", PASSWORD).await;
    assert_eq!(res.location(), Some("/login"));
    let login_page = b.follow(&res).await;
    assert!(login_page.body.contains("Check your mail to finish"), "{}", login_page.body);

    b.sign_in("тарас_шевченко", PASSWORD).await;
    assert_eq!(b.whoami().await.as_deref(), Some("Тарас_Шевченко"));

    let other = app.browser();
    other.sign_in("TARAS@example.com", PASSWORD).await;
    assert_eq!(other.whoami().await.as_deref(), Some("Тарас_Шевченко"));
}

#[tokio::test]
async fn invalid_username_re_renders_the_form_with_input_and_message() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let res = b
        .submit("/register", "/register", &[("username", "ab"), ("email", "ab@example.com"), ("password", PASSWORD)])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text_of("#username-error").unwrap_or_default().contains("3 to 32"), "{}", res.body);
    let fields = res.form_fields("/register");
    assert!(fields.contains(&("username".into(), "ab".into())));
    assert!(fields.contains(&("email".into(), "ab@example.com".into())));
    // Nothing was created.
    assert!(accounts::find_by_username(app.state.db.read(), "ab").await.unwrap().is_none());
}

#[tokio::test]
async fn script_in_a_username_is_refused_and_echoed_escaped() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let evil = "<script>alert(1)</script>";
    let res = b
        .submit("/register", "/register", &[("username", evil), ("email", "x@example.com"), ("password", PASSWORD)])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!res.body.contains(evil), "raw markup echoed");
    assert!(res.body.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"), "{}", res.body);
    assert!(res.text_of("#username-error").unwrap_or_default().contains("only letters"));
}

#[tokio::test]
async fn duplicate_username_in_other_case_is_refused() {
    let app = TestApp::spawn().await;
    app.browser().register("Олена", "olena@example.com", PASSWORD).await;
    let res = app
        .browser()
        .submit(
            "/register",
            "/register",
            &[("username", "олена"), ("email", "other@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text_of("#username-error").unwrap_or_default().contains("taken"));
}

#[tokio::test]
async fn weak_passwords_are_refused_with_a_reason() {
    let app = TestApp::spawn().await;
    for (pw, expect) in [("short", "at least 10"), ("1234567890", "too easy"), ("qwertyuiop", "too easy")] {
        let res = app
            .browser()
            .submit("/register", "/register", &[("username", "ivan"), ("email", "ivan@example.com"), ("password", pw)])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{pw}");
        assert!(res.text_of("#password-error").unwrap_or_default().contains(expect), "{pw}: {}", res.body);
    }
}

#[tokio::test]
async fn sign_up_answers_alike_whether_or_not_the_email_is_registered() {
    let app = TestApp::spawn().await;
    app.browser().register("first", "same@example.com", PASSWORD).await;
    let fresh = app.browser().register("second", "fresh@example.com", PASSWORD).await;
    let taken = app.browser().register("third", "SAME@example.com", PASSWORD).await;
    assert_eq!(fresh.status, taken.status);
    assert_eq!(fresh.location(), taken.location());
    assert_eq!(fresh.body, taken.body);
    // The second account with that address was not created.
    assert!(accounts::find_by_username(app.state.db.read(), "third").await.unwrap().is_none());
}

#[tokio::test]
async fn wrong_password_and_unknown_account_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.browser().register("petro", "petro@example.com", PASSWORD).await;
    let b = app.browser();
    let wrong = b.submit("/login", "/login", &[("login", "petro"), ("password", "not the password")]).await;
    let unknown = b.submit("/login", "/login", &[("login", "nobody-here"), ("password", "not the password")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.text_of("#form-error"), unknown.text_of("#form-error"));
    assert!(wrong.text_of("#form-error").unwrap_or_default().contains("do not match"));
    // The login name stays in the form.
    assert!(wrong.form_fields("/login").contains(&("login".into(), "petro".into())));
    assert_eq!(b.whoami().await, None);
}

#[tokio::test]
async fn sign_in_is_throttled_per_address_with_retry_after() {
    let app = TestApp::spawn_with(|c| {
        c.login_per_ip_per_minute = 6;
        c.login_per_ip_per_hour = 30;
    })
    .await;
    app.browser().register("mykola", "mykola@example.com", PASSWORD).await;
    let b = app.browser();
    let page = b.get("/login").await;
    for i in 0..6 {
        let res = b.submit_on(&page, "/login", &[("login", "mykola"), ("password", "wrong password!")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
    }
    // Even the right password is refused now, before it is checked.
    let res = b.submit_on(&page, "/login", &[("login", "mykola"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert!(res.text_of("#form-error").unwrap_or_default().contains("Too many attempts"));
    assert_eq!(b.whoami().await, None);
}

#[tokio::test]
async fn sign_in_is_throttled_per_account_across_addresses() {
    let app = TestApp::spawn_with(|c| {
        c.login_per_account_per_hour = 2;
        c.client_ip_header = "x-forwarded-for".into();
    })
    .await;
    app.browser().register("sofia", "sofia@example.com", PASSWORD).await;
    let b = app.browser();
    let page = b.get("/login").await;
    for ip in ["10.0.0.1", "10.0.0.2"] {
        let res = b
            .client
            .post(b.url("/login"))
            .header("x-forwarded-for", ip)
            .form(&[("login", "sofia"), ("password", "wrong password!"), ("csrf_token", &csrf(&page))])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    // The addresses that failed are refused even with the right password
    // (an address that never failed gets through: see edge::lockout tests).
    let res = b
        .client
        .post(b.url("/login"))
        .header("x-forwarded-for", "10.0.0.2")
        .form(&[("login", "SOFIA"), ("password", PASSWORD), ("csrf_token", &csrf(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

fn csrf(page: &crate::support::Page) -> String {
    page.form_fields("/login").into_iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v).unwrap()
}

#[tokio::test]
async fn profile_shows_joined_role_certificate_and_bl() {
    let app = TestApp::spawn().await;
    let b = app.member("Ганна").await;
    let res = b.get("/u/%D0%93%D0%B0%D0%BD%D0%BD%D0%B0").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.text_of(".profile-name").as_deref(), Some("Ганна"));
    assert_eq!(res.text_of(".cert").as_deref(), Some("Alias"));
    assert_eq!(res.text_of(".bl").as_deref(), Some("BL 0"));
    assert_eq!(res.text_of(".role").as_deref(), Some("member"));

    let s = &app.state;
    accounts::change_standing(
        &s.db,
        &s.policy,
        "ганна",
        StandingChange::Certificate("personal".into()),
        "passport checked",
        None,
        Source::Cli,
    )
    .await
    .unwrap();
    accounts::change_standing(&s.db, &s.policy, "ганна", StandingChange::Bl(42), "imported", None, Source::Cli)
        .await
        .unwrap();
    let res = app.browser().get("/u/ганна").await;
    assert_eq!(res.text_of(".cert").as_deref(), Some("Personal"));
    assert_eq!(res.text_of(".bl").as_deref(), Some("BL 42"));
    // The member sees the audit trail of their own standing.
    let own = b.get("/u/Ганна").await;
    assert!(own.body.contains("passport checked") && own.body.contains("imported"), "{}", own.body);
    // Others do not.
    assert!(!res.body.contains("passport checked"));
}

#[tokio::test]
async fn unknown_profile_is_a_404_page() {
    let app = TestApp::spawn().await;
    let res = app.browser().get("/u/nobody-at-all").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.text_of("h1").as_deref(), Some("Page not found"));
    assert!(res.has("header nav"), "error page uses the site layout");
}

#[tokio::test]
async fn settings_needs_sign_in_and_comes_back_after() {
    let app = TestApp::spawn().await;
    app.browser().register("vasyl", "vasyl@example.com", PASSWORD).await;
    let b = app.browser();
    let res = b.get("/settings").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/login?next=%2Fsettings"));
    let form = b.follow(&res).await;
    let res = b.submit_on(&form, "/login", &[("login", "vasyl"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/settings"));
}

#[tokio::test]
async fn sign_in_never_redirects_off_site() {
    let app = TestApp::spawn().await;
    app.browser().register("oksana", "oksana@example.com", PASSWORD).await;
    for next in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
        let b = app.browser();
        let form = b.get(&format!("/login?next={}", urlencode(next))).await;
        let res = b.submit_on(&form, "/login", &[("login", "oksana"), ("password", PASSWORD), ("next", next)]).await;
        assert_eq!(res.location(), Some("/"), "{next}");
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn changing_the_password_ends_every_other_session() {
    let app = TestApp::spawn().await;
    let here = app.member("roman").await;
    let there = app.browser();
    there.sign_in("roman", PASSWORD).await;
    assert_eq!(there.whoami().await.as_deref(), Some("roman"));

    let new_pw = "a brand new passphrase";
    let res = here
        .submit(
            "/settings",
            "/settings/password",
            &[("current_password", PASSWORD), ("new_password", new_pw), ("confirm_password", new_pw)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(here.follow(&res).await.body.contains("Your password has been changed"));

    assert_eq!(here.whoami().await.as_deref(), Some("roman"), "this browser stays signed in");
    assert_eq!(there.whoami().await, None, "the other session ended");
    let b = app.browser();
    let old = b.submit("/login", "/login", &[("login", "roman"), ("password", PASSWORD)]).await;
    assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY);
    b.sign_in("roman", new_pw).await;
}

#[tokio::test]
async fn password_change_needs_the_current_password() {
    let app = TestApp::spawn().await;
    let b = app.member("iryna").await;
    let res = b
        .submit(
            "/settings",
            "/settings/password",
            &[
                ("current_password", "wrong one!!"),
                ("new_password", "another passphrase"),
                ("confirm_password", "another passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text_of("#current_password-error").unwrap_or_default().contains("not right"));
    let again = app.browser();
    again.sign_in("iryna", PASSWORD).await;
}

#[tokio::test]
async fn email_change_needs_the_current_password_and_keeps_input() {
    let app = TestApp::spawn().await;
    let b = app.member("yurii").await;
    let res = b
        .submit("/settings", "/settings/email", &[("email", "new@example.com"), ("current_password", "wrong one!!")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text_of("#email_current_password-error").is_some());
    assert!(res.form_fields("/settings/email").contains(&("email".into(), "new@example.com".into())));

    let res =
        b.submit("/settings", "/settings/email", &[("email", "new@example.com"), ("current_password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // The address changes once the link mailed to it is opened.
    app.verify_address(&b, "new@example.com").await;
    let other = app.browser();
    other.sign_in("new@example.com", PASSWORD).await;
}

#[tokio::test]
async fn sign_out_is_a_post_and_ends_the_session() {
    let app = TestApp::spawn().await;
    let b = app.member("dmytro").await;
    assert_eq!(b.get("/logout").await.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(b.whoami().await.as_deref(), Some("dmytro"));
    let res = b.submit("/", "/logout", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(b.whoami().await, None);
}

#[tokio::test]
async fn language_follows_accept_language_then_the_members_choice() {
    let app = TestApp::spawn().await;
    let anon = app.browser();
    let uk = anon.get_with("/", &[("accept-language", "uk-UA,uk;q=0.9,en;q=0.5")]).await;
    assert_eq!(uk.text_of("nav a[href='/wiki']").as_deref(), Some("Довідник"));
    assert!(uk.body.contains("<html lang=\"uk\">"));
    let en = anon.get_with("/", &[("accept-language", "de,en;q=0.5")]).await;
    assert_eq!(en.text_of("nav a[href='/wiki']").as_deref(), Some("Guides"));

    let b = app.member("lesya").await;
    let res = b.submit("/settings", "/settings/language", &[("locale", "uk")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = b.get_with("/", &[("accept-language", "en")]).await;
    assert_eq!(page.text_of("nav a[href='/wiki']").as_deref(), Some("Довідник"));
}
