//! Mail: the queue, the file transport, retries, the admin list, several
//! instances; password reset and address verification through real mail.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use veche::entities::mail_queue;
use veche::mail::{self, Mail};
use veche::policy::Role;

use crate::support::{PASSWORD, TestApp};

fn test_mail(to: &str, n: usize) -> Mail {
    Mail {
        kind: "mail-kind-test".into(),
        to: to.into(),
        subject: format!("Привіт {n}"),
        text: format!("Текст листа {n}\n"),
        html: format!("<p>Текст листа {n}</p>"),
        headers: vec![("X-Test".into(), format!("{n}"))],
    }
}

#[tokio::test]
async fn queued_mail_is_written_as_eml_with_both_parts() {
    let app = TestApp::spawn().await;
    let id = mail::enqueue(app.state.db.write(), test_mail("reader@example.com", 1)).await.unwrap();
    // Nothing is sent before the worker runs.
    assert!(!app.state.config.data_dir.join("mail").exists());
    let sent = app.mail_to("reader@example.com").await;
    assert_eq!(sent.len(), 1);
    let m = &sent[0];
    assert_eq!(m.id, id);
    assert_eq!(m.subject, "Привіт 1");
    assert!(m.text.contains("Текст листа 1"), "{}", m.text);
    assert!(m.html.contains("<p>Текст листа 1</p>"), "{}", m.html);
    assert_eq!(m.header("X-Test"), Some("1"));
    assert!(m.header("Message-ID").is_some_and(|v| v.contains(&format!("<{id}."))));
    let row = mail_queue::Entity::find_by_id(id).one(app.state.db.read()).await.unwrap().unwrap();
    assert_eq!(row.status, "sent");
    assert_eq!(row.attempts, 1);
    // Sending again sends nothing twice.
    assert_eq!(app.deliver_mail().await, 0);
    assert_eq!(app.mailbox().await.len(), 1);
}

#[tokio::test]
async fn enqueue_inside_a_rolled_back_transaction_sends_nothing() {
    use sea_orm::TransactionTrait;
    let app = TestApp::spawn().await;
    let txn = app.state.db.write().begin().await.unwrap();
    mail::enqueue(&txn, test_mail("ghost@example.com", 1)).await.unwrap();
    txn.rollback().await.unwrap();
    assert!(app.mailbox().await.is_empty());
}

#[tokio::test]
async fn failing_smtp_retries_with_backoff_then_keeps_the_message_as_failed_for_admins() {
    // A port nothing listens on: every attempt fails.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = TestApp::spawn_with(|c| {
        c.mail.smtp_host = "127.0.0.1".into();
        c.mail.smtp_port = closed;
        c.mail.smtp_tls = "none".into();
        c.mail.max_attempts = 2;
    })
    .await;
    let id = mail::enqueue(app.state.db.write(), test_mail("far@example.com", 7)).await.unwrap();
    assert_eq!(app.deliver_mail().await, 0);
    let row = mail_queue::Entity::find_by_id(id).one(app.state.db.read()).await.unwrap().unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("queued", 1));
    assert!(row.next_attempt_at > veche::util::now(), "the retry waits");
    assert!(!row.last_error.is_empty());
    // Not due yet: nothing is tried.
    assert_eq!(app.deliver_mail().await, 0);
    let row = mail_queue::Entity::find_by_id(id).one(app.state.db.read()).await.unwrap().unwrap();
    assert_eq!(row.attempts, 1);

    // The wait is over: the second attempt fails too and the message is kept as failed.
    mail_queue::Entity::update_many()
        .col_expr(mail_queue::Column::NextAttemptAt, sea_orm::sea_query::Expr::value(veche::util::now()))
        .filter(mail_queue::Column::Id.eq(id))
        .exec(app.state.db.write())
        .await
        .unwrap();
    assert_eq!(app.deliver_mail().await, 0);
    let row = mail_queue::Entity::find_by_id(id).one(app.state.db.read()).await.unwrap().unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("failed", 2));

    let admin = app.staff("postmaster_admin", Role::Admin).await;
    let page = admin.get("/admin/mail").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has(&format!("#mail-queue tr.mail-failed[data-id='{id}']")), "{}", page.body);
    assert!(page.body.contains("far@example.com"));

    let member = app.browser();
    member.register("just_member", "just@example.com", PASSWORD).await;
    member.sign_in("just_member", PASSWORD).await;
    assert_eq!(member.get("/admin/mail").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.browser().get("/admin/mail").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn two_instances_never_send_one_message_twice() {
    let one = TestApp::spawn().await;
    let two = one.second_instance().await;
    for n in 0..60 {
        mail::enqueue(one.state.db.write(), test_mail(&format!("m{n}@example.com"), n)).await.unwrap();
    }
    let (a, b) = tokio::join!(mail::deliver_due(&one.state), mail::deliver_due(&two.state));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a + b, 60, "each message sent once: {a} + {b}");
    let sent = one.mailbox().await;
    assert_eq!(sent.len(), 60, "one file per message");
    let mut ids: Vec<i64> = sent.iter().map(|m| m.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 60);
    let unsent = mail_queue::Entity::find()
        .filter(mail_queue::Column::Status.ne("sent"))
        .all(one.state.db.read())
        .await
        .unwrap();
    assert!(unsent.is_empty());
}

// ---- Password reset ----

async fn ask_reset(b: &crate::support::Browser, login: &str) -> crate::support::Page {
    b.submit("/password-reset", "/password-reset", &[("login", login)]).await
}

#[tokio::test]
async fn a_forgotten_password_is_reset_from_the_mail_alone_and_every_session_ends() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    b.register("Марко", "marko@example.com", PASSWORD).await;
    let other_device = app.browser();
    other_device.sign_in("Марко", PASSWORD).await;
    assert_eq!(other_device.whoami().await.as_deref(), Some("Марко"));

    let stranger = app.browser();
    let login = stranger.get("/login").await;
    assert!(login.has("a#forgot-password[href='/password-reset']"));
    let res = ask_reset(&stranger, "MARKO@example.com").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.has("#reset-sent"), "{}", res.body);

    let mails = app.mail_to("marko@example.com").await;
    let reset_mail = mails.iter().find(|m| m.subject.contains("Reset your password")).expect("reset mail");
    let link = reset_mail.link("/password-reset/");
    assert!(reset_mail.html.contains(&link), "the HTML part has the link too");
    let token = link.trim_start_matches("/password-reset/");
    // Only the hash is stored.
    let rows = veche::entities::account_tokens::Entity::find().all(app.state.db.read()).await.unwrap();
    assert!(rows.iter().all(|r| r.token_hash != token));
    assert!(rows.iter().any(|r| r.token_hash == veche::accounts::tokens::hash(token)));

    let form = stranger.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.headers.get("referrer-policy").unwrap(), "same-origin");
    // A mismatch re-renders the form.
    let res = stranger
        .submit_on(&form, &link, &[("new_password", "a brand new secret"), ("confirm_password", "something else!")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.has("#confirm_password-error"));
    let res = stranger
        .submit_on(&res, &link, &[("new_password", "a brand new secret"), ("confirm_password", "a brand new secret")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), Some("/login"));
    assert!(stranger.follow(&res).await.body.contains("every session has been signed out"));

    // Other sessions ended; the old password no longer works, the new one does.
    assert_eq!(other_device.whoami().await, None);
    assert_eq!(b.whoami().await, None);
    let old = app.browser().submit("/login", "/login", &[("login", "Марко"), ("password", PASSWORD)]).await;
    assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fresh = app.browser();
    fresh.sign_in("марко", "a brand new secret").await;
    assert_eq!(fresh.whoami().await.as_deref(), Some("Марко"));

    // The link works once.
    let again = app.browser().get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.has("#reset-invalid"));
    let res = app
        .browser()
        .post_raw(&link, &[("new_password", "third secret here"), ("confirm_password", "third secret here")], &[])
        .await;
    assert_ne!(res.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn reset_answers_alike_whether_or_not_the_account_exists() {
    let app = TestApp::spawn().await;
    app.browser().register("existing_one", "exists@example.com", PASSWORD).await;
    let before = app.mailbox().await.len();
    let mut bodies = Vec::new();
    let mut times = Vec::new();
    for login in ["existing_one", "nobody_here", "exists@example.com", "nobody@example.com"] {
        let b = app.browser();
        let page = b.get("/password-reset").await;
        let started = std::time::Instant::now();
        let res = b.submit_on(&page, "/password-reset", &[("login", login)]).await;
        times.push(started.elapsed());
        assert_eq!(res.status, StatusCode::OK, "{login}");
        bodies.push(res.body);
    }
    assert!(bodies.iter().all(|b| *b == bodies[0]), "the same page for every login");
    assert_eq!(app.mailbox().await.len(), before + 2, "mail only for the existing account");
    // No password is hashed on either path, so neither takes noticeably longer.
    let (fast, slow) = (times.iter().min().unwrap(), times.iter().max().unwrap());
    assert!(slow.as_millis() < fast.as_millis() * 20 + 250, "{times:?}");
}

#[tokio::test]
async fn a_reset_link_expires_after_an_hour() {
    use sea_orm::sea_query::Expr;
    let app = TestApp::spawn().await;
    app.browser().register("late_one", "late@example.com", PASSWORD).await;
    ask_reset(&app.browser(), "late_one").await;
    let link = app.mail_to("late@example.com").await.last().unwrap().link("/password-reset/");
    let row = veche::entities::account_tokens::Entity::find()
        .filter(veche::entities::account_tokens::Column::Purpose.eq("reset"))
        .one(app.state.db.read())
        .await
        .unwrap()
        .unwrap();
    let lifetime = row.expires_at - row.created_at;
    assert_eq!(lifetime, time::Duration::hours(1));
    veche::entities::account_tokens::Entity::update_many()
        .col_expr(
            veche::entities::account_tokens::Column::ExpiresAt,
            Expr::value(veche::util::now() - time::Duration::seconds(1)),
        )
        .exec(app.state.db.write())
        .await
        .unwrap();
    let b = app.browser();
    let res = b.get(&link).await;
    assert_eq!(res.status, StatusCode::GONE);
    assert!(res.has("#reset-invalid"));
}

#[tokio::test]
async fn reset_requests_are_limited_per_account_and_per_address() {
    let app = TestApp::spawn_with(|c| {
        c.mail.per_account_per_hour = 2;
        c.mail.requests_per_ip_per_hour = 5;
    })
    .await;
    app.browser().register("popular", "popular@example.com", PASSWORD).await;
    let b = app.browser();
    for _ in 0..4 {
        let res = ask_reset(&b, "popular").await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.has("#reset-sent"));
    }
    let resets = app.mail_to("popular@example.com").await.into_iter().filter(|m| m.subject.contains("Reset")).count();
    assert_eq!(resets, 2, "at most two reset mails an hour per account");
    // The fifth request from this address still counts; the sixth is refused.
    assert_eq!(ask_reset(&b, "someone_else").await.status, StatusCode::OK);
    let res = ask_reset(&b, "someone_else").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers.get("retry-after").is_some());
    assert_eq!(res.form_fields("/password-reset").iter().find(|(k, _)| k == "login").unwrap().1, "someone_else");
}

// ---- Address verification ----

#[tokio::test]
async fn sign_up_asks_to_check_mail_and_an_unverified_member_reads_but_cannot_post() {
    let app = TestApp::spawn().await;
    app.category("general", "General").await;
    let b = app.browser();
    let res = b.register("Олекса", "oleksa@example.com", PASSWORD).await;
    assert!(b.follow(&res).await.body.contains("Check your mail to finish"));
    b.sign_in("Олекса", PASSWORD).await;
    let home = b.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.has("#verify-banner form[action='/verify/resend']"), "{}", home.body);

    // Posting is refused with the reason.
    let res = b
        .submit(
            "/t/new",
            "/t/new",
            &[("category", "general"), ("title", "Перше питання тут"), ("body", "Текст\r\nпитання")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert!(res.body.contains("verified e-mail address"), "{}", res.body);
    assert!(res.form_fields("/t/new").iter().any(|(k, v)| k == "title" && v == "Перше питання тут"));

    let mails = app.mail_to("oleksa@example.com").await;
    assert_eq!(mails.len(), 1);
    let link = mails[0].link("/verify/");
    // Opening the link shows a button; only pressing it verifies (mail scanners fetch links).
    assert_eq!(b.get(&link).await.status, StatusCode::OK);
    assert!(b.get("/").await.has("#verify-banner"));
    let res = b.submit(&link, &link, &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let home = b.follow(&res).await;
    assert!(!home.has("#verify-banner"));
    assert!(home.body.contains("is verified"));
    b.new_topic("general", "Перше питання тут", "Текст\r\nпитання").await;

    // Single use.
    let again = app.browser().get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.has("#verify-invalid"));
}

#[tokio::test]
async fn sign_up_with_a_taken_address_answers_alike_and_mails_the_owner() {
    let app = TestApp::spawn().await;
    let first = app.browser().register("owner_one", "taken@example.com", PASSWORD).await;
    let second = app.browser().register("intruder", "Taken@example.com", PASSWORD).await;
    assert_eq!(first.status, second.status);
    assert_eq!(first.location(), second.location());
    let a = app.browser();
    let b = app.browser();
    let pa = a.follow(&app.browser().register("someone_new", "fresh@example.com", PASSWORD).await).await;
    let _ = (pa, b);
    let mails = app.mail_to("taken@example.com").await;
    assert_eq!(mails.len(), 2, "{mails:?}");
    assert!(mails[0].subject.contains("Verify"));
    assert!(mails[1].subject.contains("Someone tried"), "{}", mails[1].subject);
    assert!(mails[1].text.contains("owner_one"));
    assert!(!mails[1].text.contains("/verify/"), "no link that would verify the intruder");
    // The intruder has no account.
    assert!(veche::accounts::find_by_username(app.state.db.read(), "intruder").await.unwrap().is_none());
}

#[tokio::test]
async fn a_verification_link_expires_and_resending_is_limited() {
    use sea_orm::sea_query::Expr;
    let app = TestApp::spawn_with(|c| c.mail.per_account_per_hour = 2).await;
    let b = app.browser();
    b.register("slow_reader", "slow@example.com", PASSWORD).await;
    b.sign_in("slow_reader", PASSWORD).await;
    let link = app.mail_to("slow@example.com").await[0].link("/verify/");
    let row = veche::entities::account_tokens::Entity::find().one(app.state.db.read()).await.unwrap().unwrap();
    assert_eq!(row.expires_at - row.created_at, time::Duration::hours(24));
    veche::entities::account_tokens::Entity::update_many()
        .col_expr(
            veche::entities::account_tokens::Column::ExpiresAt,
            Expr::value(veche::util::now() - time::Duration::seconds(1)),
        )
        .exec(app.state.db.write())
        .await
        .unwrap();
    assert_eq!(b.get(&link).await.status, StatusCode::GONE);
    let res = b.post_raw(&link, &[], &[]).await;
    assert_ne!(res.status, StatusCode::SEE_OTHER);

    // A new link from the banner (the first sign-up mail counts toward the limit).
    let res = b.press("/", "/verify/resend").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(b.follow(&res).await.body.contains("A new link is on its way"));
    let res = b.press("/", "/verify/resend").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    let mails = app.mail_to("slow@example.com").await;
    assert_eq!(mails.len(), 2);
    let fresh = mails[1].link("/verify/");
    assert_ne!(fresh, link);
    let res = b.submit(&fresh, &fresh, &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(!b.get("/").await.has("#verify-banner"));
}

#[tokio::test]
async fn an_email_change_takes_effect_only_from_the_link_and_a_taken_address_tells_its_owner() {
    let app = TestApp::spawn().await;
    let b = app.member("mover").await;
    app.member("holder").await;
    let holder_addr = app.mailbox().await.iter().find(|m| m.text.contains("holder")).unwrap().to.clone();

    let res = b
        .submit("/settings", "/settings/email", &[("email", "moved@example.com"), ("current_password", PASSWORD)])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let after_free = b.follow(&res).await.text_of(".flash-ok");
    // Not changed yet.
    let refused =
        app.browser().submit("/login", "/login", &[("login", "moved@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A taken address: the same answer; its owner is told; no link goes out.
    let res =
        b.submit("/settings", "/settings/email", &[("email", &holder_addr), ("current_password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(b.follow(&res).await.text_of(".flash-ok"), after_free);
    let to_holder = app.mail_to(&holder_addr).await;
    assert!(to_holder.last().unwrap().subject.contains("Someone tried"));

    app.verify_address(&b, "moved@example.com").await;
    let moved = app.browser();
    moved.sign_in("moved@example.com", PASSWORD).await;
    assert_eq!(moved.whoami().await.as_deref(), Some("mover"));
}
