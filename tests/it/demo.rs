use reqwest::StatusCode;

use crate::support::TestApp;

#[tokio::test]
async fn demo_fills_an_empty_site_once() {
    let app = TestApp::spawn().await;
    // The README's order: the first admin exists before the demo runs.
    app.staff("first_admin", veche::policy::Role::Admin).await;
    let summary = veche::demo::run(&app.state).await.unwrap();
    assert_eq!(summary.accounts.first().map(|(r, _)| r.as_str()), Some("admin"), "accounts by role, staff first");
    assert!(summary.accounts.iter().any(|(r, n)| r == "moderator" && n == "Iryna_M"));
    assert!(
        summary.users >= 10 && summary.topics >= 30 && summary.posts >= 100,
        "{} {} {}",
        summary.users,
        summary.topics,
        summary.posts
    );
    let home = app.browser().get("/").await;
    assert!(home.body.contains(r#"<html lang="uk">"#), "the demo site speaks Ukrainian by default");
    assert_eq!(home.html().select(&scraper::Selector::parse(".topic-row").unwrap()).count(), 30);
    assert!(home.has(".topic-row.pinned"), "pinned topics come first");
    assert!(home.has(".marker.solved"));
    assert!(home.body.contains("Поповнення та виведення"));
    // Demo members can sign in with the printed password.
    let b = app.browser();
    b.sign_in("Святослав_Веча", &summary.password).await;
    let profile = b.get("/u/Святослав_Веча").await;
    assert_eq!(profile.text_of(".cert").as_deref(), Some("Оператора"));
    // About twenty guides, each with several revisions.
    assert!(
        summary.guides >= 15 && summary.revisions >= 2 * summary.guides,
        "{} {}",
        summary.guides,
        summary.revisions
    );
    let index = app.browser().get("/wiki/all").await;
    assert_eq!(index.html().select(&scraper::Selector::parse(".letter-group li").unwrap()).count(), summary.guides);
    // Every demo guide is filed in a section; the home page shows them.
    let home = app.browser().get("/wiki").await;
    assert_eq!(home.html().select(&scraper::Selector::parse(".section-card").unwrap()).count(), 7, "{}", home.body);
    let guide = crate::support::wiki_path("Як поповнити гаманець");
    let history = app.browser().get(&format!("{guide}/history")).await;
    assert!(history.html().select(&scraper::Selector::parse(".history-line").unwrap()).count() >= 2);
    // A second run refuses and changes nothing.
    assert!(veche::demo::run(&app.state).await.is_err());
    assert_eq!(app.browser().get("/c/deposits-withdrawals").await.status, StatusCode::OK);
}
