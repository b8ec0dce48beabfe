//! What people see: staff find their tools from the header, categories are
//! reachable on every screen, user text carries its own direction.

use reqwest::StatusCode;
use veche::policy::Role;

use crate::support::TestApp;

#[tokio::test]
async fn staff_reach_their_tools_from_the_header_with_what_waits() {
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    let member = app.member("member").await;
    assert!(!member.get("/").await.has("#staff-menu"), "members have no staff menu");

    let editor = app.member_with("editor", "personal", 50).await;
    editor.save_guide("Ліміти", "Ліміт 1000.\n", "").await;
    let page = editor.get("/").await;
    assert_eq!(page.text_of("#nav-review .count").as_deref(), Some("0"));
    assert!(!page.has("#nav-mod") && !page.has("#nav-admin"));
    let proposer = app.member_with("proposer", "formal", 1).await;
    assert_eq!(proposer.save_guide("Ліміти", "Ліміт 2000.\n", "нове").await.status, StatusCode::SEE_OTHER);
    let page = editor.get("/wiki").await;
    assert_eq!(page.text_of("#nav-review .count").as_deref(), Some("1"));
    assert_eq!(page.text_of("#staff-menu summary .count").as_deref(), Some("1"));

    let moderator = app.staff("moder", Role::Moderator).await;
    let id = member.new_topic("questions", "Питання з рекламою", "Купуйте тут").await;
    let post = app.post_id(id, 1).await;
    let flagger = app.member("flagger").await;
    let res = flagger.submit(&format!("/t/{id}?page=1"), &format!("/p/{post}/flag"), &[("reason", "spam")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = moderator.get("/").await;
    assert_eq!(page.text_of("#nav-mod .count").as_deref(), Some("1"));
    assert_eq!(page.html().select(&scraper::Selector::parse("#staff-menu a[href='/mod/log']").unwrap()).count(), 1);

    let admin = app.staff("admin1", Role::Admin).await;
    assert!(admin.get("/").await.has("#nav-admin[href='/admin/categories']"));
}

#[tokio::test]
async fn categories_are_reachable_from_the_top_of_every_page() {
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    app.category("scams", "Шахрайство").await;
    let reader = app.browser();
    let home = reader.get("/wiki").await;
    assert!(home.has("header a.nav-categories[href='/categories']"));
    let page = reader.get("/categories").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has(".category-cards a[href='/c/questions']") && page.has(".category-cards a[href='/c/scams']"));
    let uk = reader.get_with("/categories", &[("accept-language", "uk")]).await;
    assert!(uk.body.contains("0 тем · 0 дописів"), "{}", uk.body);
}

#[tokio::test]
async fn user_text_carries_its_own_direction() {
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    let m = app.member("writer").await;
    let id = m.new_topic("questions", "مرحبا — привіт", "نص عربي").await;
    let page = app.browser().get(&format!("/t/{id}?page=1")).await;
    assert!(page.has("h1[dir=auto]") && page.has("#p1 .post-body[dir=auto]"));
    assert!(app.browser().get("/").await.has(".topic-title[dir=auto]"));
}
