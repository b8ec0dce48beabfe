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

#[tokio::test]
async fn the_member_directory_searches_by_name_and_filters_by_level() {
    let app = TestApp::spawn().await;
    app.member_with("тарас", "personal", 20).await;
    app.member_with("тамара", "formal", 3).await;
    app.member("олег").await;
    let reader = app.browser();
    let all = reader.get("/u").await;
    assert_eq!(all.status, StatusCode::OK);
    for name in ["тарас", "тамара", "олег"] {
        assert!(all.body.contains(name), "{name}");
    }
    let found = reader.get("/u?q=%D0%A2%D0%90").await; // "ТА": any case
    assert!(found.body.contains("тарас") && found.body.contains("тамара") && !found.body.contains("олег"));
    let personal = reader.get("/u?certificate=personal").await;
    assert!(personal.body.contains("тарас") && !personal.body.contains("тамара"));
    // Hostile input is just a name that matches nobody.
    let odd = reader.get("/u?q=%25_%27%22%3B--&certificate=nope").await;
    assert_eq!(odd.status, StatusCode::OK);
    assert!(odd.has(".empty"));
    // Every member has an avatar: their initial on a colour of their name.
    let svg = reader.get("/u/%D1%82%D0%B0%D1%80%D0%B0%D1%81/avatar.svg").await;
    assert_eq!(svg.status, StatusCode::OK);
    assert_eq!(svg.headers.get("content-type").unwrap(), "image/svg+xml");
    assert!(svg.body.contains(">Т</text>") && !svg.body.contains("<script"));
}

#[tokio::test]
async fn profiles_show_what_a_member_did_that_the_reader_may_see() {
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    let author = app.member_with("author", "personal", 50).await;
    let id = author.new_topic("questions", "Моє перше питання", "Текст").await;
    let other = app.member("other").await;
    let other_topic = other.new_topic("questions", "Чуже питання", "Текст").await;
    author.reply(other_topic, "Моя відповідь").await;
    author.save_guide("Ліміти гаманця", "Текст інструкції.\n", "").await;
    let moderator = app.staff("moder", Role::Moderator).await;
    let reply = app.post_id(other_topic, 2).await;
    let res = moderator
        .submit(
            &format!("/t/{other_topic}?page=1"),
            &format!("/p/{reply}/mod"),
            &[("action", "hide"), ("reason", "спам")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = app.browser().get("/u/author").await;
    assert!(page.text_of("#activity-topics").unwrap().contains("Моє перше питання"));
    assert!(page.text_of("#activity-edits").unwrap().contains("Ліміти гаманця"));
    assert!(!page.text_of("#activity-replies").unwrap().contains("Чуже питання"), "a hidden reply stays hidden");
    assert!(
        author.get("/u/author").await.text_of("#activity-replies").unwrap().contains("Чуже питання"),
        "its author sees it"
    );
    let _ = id;
}

#[tokio::test]
async fn wanted_guides_and_who_links_to_a_guide_not_written_yet() {
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    let m = app.member("writer").await;
    m.new_topic("questions", "Як повернути гроші", "Дивіться [[Повернення коштів]].").await;
    m.new_topic("questions", "Ще про повернення", "І тут [[Повернення коштів]] та [[Арбітраж]].").await;
    let wanted = app.browser().get("/wiki/wanted").await;
    assert_eq!(wanted.status, StatusCode::OK);
    let list = wanted.text_of(".wanted-list").unwrap();
    assert!(list.starts_with("Повернення коштів"), "the most wanted first: {list}");
    assert!(list.contains("2 links") && list.contains("Арбітраж"), "{list}");
    let links = app.browser().get(&crate::support::wiki_path("Повернення коштів")).await;
    assert_eq!(links.status, StatusCode::NOT_FOUND);
    let links = app.browser().get(&format!("{}/links", crate::support::wiki_path("Повернення коштів"))).await;
    assert_eq!(links.status, StatusCode::OK);
    assert!(links.has(".missing-guide"));
    assert!(links.body.contains("Як повернути гроші") && links.body.contains("Ще про повернення"));
    // Written, it leaves the list.
    let editor = app.member_with("editor", "personal", 50).await;
    editor.save_guide("Повернення коштів", "Як повернути кошти.\n", "").await;
    assert!(!app.browser().get("/wiki/wanted").await.body.contains("Повернення коштів"));
}

#[tokio::test]
async fn members_choose_the_time_zone_their_times_are_shown_in() {
    let app = TestApp::spawn().await;
    let m = app.member("traveller").await;
    let zone = |p: &crate::support::Page| {
        let sel = scraper::Selector::parse("body").unwrap();
        p.html().select(&sel).next().and_then(|b| b.value().attr("data-time-zone").map(str::to_owned))
    };
    assert_eq!(zone(&m.get("/").await).as_deref(), Some(""), "the browser's own zone by default");
    let res = m.submit("/settings", "/settings/time-zone", &[("time_zone", "Europe/Kyiv")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(zone(&m.get("/").await).as_deref(), Some("Europe/Kyiv"));
    let res = m.submit("/settings", "/settings/time-zone", &[("time_zone", "Mars/Olympus")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text_of("#time-zone .field-error").is_some(), "{}", res.body);
}

#[tokio::test]
async fn protection_takes_a_reason_and_may_end() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    let editor = app.member_with("editor", "personal", 50).await;
    editor.save_guide("Шахрайські схеми", "Текст.\n", "").await;
    let path = crate::support::wiki_path("Шахрайські схеми");
    let moderator = app.staff("moder", Role::Moderator).await;
    let res = moderator.submit(&path, &format!("{path}/protect"), &[("reason", "вандалізм"), ("days", "7")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = editor.get(&path).await;
    let note = page.text_of(".protected-note").unwrap();
    assert!(note.contains("вандалізм") && note.contains("Until"), "{note}");
    assert!(editor.get(&format!("{path}/edit")).await.has("#source"));
    // Once the end has passed, editors edit again.
    app.state
        .db
        .write()
        .execute_unprepared("UPDATE articles SET protected_until = '2000-01-01 00:00:00+00:00'")
        .await
        .unwrap();
    assert_eq!(editor.save_guide(&path, "Новий текст.\n", "").await.status, StatusCode::SEE_OTHER);
    assert!(!editor.get(&path).await.has(".protected-note"));
}

#[tokio::test]
async fn a_guide_made_from_a_topic_can_get_another_title() {
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    let asker = app.member("asker").await;
    let id = asker.new_topic("questions", "як змінити телефон у гаманці??", "Питання").await;
    let helper = app.member("helper").await;
    helper.reply(id, "Через реєстратора.").await;
    let post = app.post_id(id, 2).await;
    asker.submit(&format!("/t/{id}?page=1"), &format!("/p/{post}/solve"), &[]).await;
    let editor = app.member_with("editor", "personal", 50).await;
    let start = editor.get(&format!("/t/{id}/guide")).await;
    let form_path = start.location().unwrap().to_owned();
    let form = editor.get(&form_path).await;
    let action = form_path.split('?').next().unwrap();
    let fields = form.form_fields(action);
    assert!(fields.iter().any(|(k, v)| k == "new_title" && v.starts_with("Як змінити телефон")), "{fields:?}");
    let res = editor.submit_on(&form, action, &[("new_title", "Зміна номера телефону")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), Some(crate::support::wiki_path("Зміна номера телефону").as_str()));
    // A title that is taken comes back with the text kept.
    let other = asker.new_topic("questions", "Друге питання про телефон", "Питання").await;
    helper.reply(other, "Так само.").await;
    let post = app.post_id(other, 2).await;
    asker.submit(&format!("/t/{other}?page=1"), &format!("/p/{post}/solve"), &[]).await;
    let start = editor.get(&format!("/t/{other}/guide")).await;
    let form_path = start.location().unwrap().to_owned();
    let form = editor.get(&form_path).await;
    let res =
        editor.submit_on(&form, form_path.split('?').next().unwrap(), &[("new_title", "Зміна номера телефону")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text_of("#title-error").is_some(), "{}", res.body);
}
