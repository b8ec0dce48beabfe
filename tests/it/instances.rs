//! Two instances on one database, as behind a balancer: limits are counted
//! together, a session made on one is good on the other.

use reqwest::StatusCode;

use crate::support::{PASSWORD, TestApp};

#[tokio::test]
async fn two_instances_share_the_sign_in_limit() {
    let a = TestApp::spawn_with(|c| {
        c.login_per_ip_per_minute = 4;
        c.login_per_ip_per_hour = 100;
    })
    .await;
    let b = a.second_instance().await;
    a.browser().register("marta", "marta@example.com", PASSWORD).await;
    let on_a = a.browser();
    let on_b = on_a.at(&b.base);
    let page = on_a.get("/login").await;
    // Four attempts in all, two on each instance, pass the limit…
    for (i, browser) in [&on_a, &on_b, &on_a, &on_b].into_iter().enumerate() {
        let res = browser.submit_on(&page, "/login", &[("login", "marta"), ("password", "wrong password!")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
    }
    // …and the fifth is refused by either of them, even with the right password.
    for browser in [&on_a, &on_b] {
        let res = browser.submit_on(&page, "/login", &[("login", "marta"), ("password", PASSWORD)]).await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(res.headers.contains_key("retry-after"));
    }
    assert_eq!(on_b.whoami().await, None);
}

#[tokio::test]
async fn two_instances_share_the_posting_interval_and_the_session() {
    let a = TestApp::spawn_with(|c| c.post_interval_secs = 60).await;
    let b = a.second_instance().await;
    a.category("questions", "Питання").await;
    let on_a = a.member("taras").await;
    // Signed in on one instance, the member is known to the other.
    let on_b = on_a.at(&b.base);
    assert_eq!(on_b.whoami().await.as_deref(), Some("taras"));
    let topic = on_a.new_topic("questions", "Як поповнити гаманець", "Питання про поповнення").await;
    // The next post within the minute is refused on the other instance too,
    // and the text stays in the form.
    let res =
        on_b.submit(&format!("/t/{topic}?page=1"), &format!("/t/{topic}/reply"), &[("body", "Ще одне питання")]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.body.contains("Ще одне питання"));
    // Signing out on one instance ends the session on both.
    let out = on_b.press("/", "/logout").await;
    assert!(out.status.is_redirection(), "{}", out.status);
    assert_eq!(on_a.whoami().await, None);
}

#[tokio::test]
async fn two_instances_process_each_event_once() {
    use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};
    let a = TestApp::spawn().await;
    let b = a.second_instance().await;
    a.category("questions", "Питання").await;
    let member = a.member("olha").await;
    for i in 0..5 {
        member.new_topic("questions", &format!("Питання номер {i}"), "Текст з [[Поповнення гаманця]]").await;
    }
    let events = veche::entities::events::Entity::find().count(a.state.db.read()).await.unwrap() as usize;
    assert!(events >= 6, "{events}");
    let subscribers = veche::events::Subscriber::ALL.len();
    // Replay everything from the start on both instances at once, several
    // rounds: together they go through each event once per subscriber.
    a.state.db.write().execute_unprepared("UPDATE event_cursors SET last_id = 0").await.unwrap();
    let mut total = 0;
    for _ in 0..3 {
        let (x, y) = tokio::join!(veche::events::process(&a.state.app), veche::events::process(&b.state.app));
        total += x.unwrap() + y.unwrap();
    }
    assert_eq!(total, events * subscribers);
}
