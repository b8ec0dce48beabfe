//! Mail: the queue, the file transport, retries, the admin list, several
//! instances; password reset and address verification through real mail.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use veche::entities::mail_queue;
use veche::mail::{self, Mail};
use veche::policy::Role;

use crate::support::TestApp;

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

    let member = app.member("just_member").await;
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
