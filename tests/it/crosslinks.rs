//! Threads cite guides, guides show their discussions.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::support::{Browser, Page, TestApp, wiki_path};

async fn setup() -> (TestApp, Browser) {
    let app = TestApp::spawn_with(|c| c.discussion_category = "guides-talk".into()).await;
    app.category("questions", "Питання").await;
    app.category("guides-talk", "Обговорення інструкцій").await;
    let editor = app.member_with("guide_editor", "personal", 50).await;
    editor
        .save_guide("Виведення коштів", "Як вивести гроші на картку: відкрийте гаманець.\n\n## Кроки\n\nТекст.", "")
        .await;
    (app, editor)
}

fn texts(page: &Page, selector: &str) -> Vec<String> {
    page.html()
        .select(&scraper::Selector::parse(selector).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

fn first_link(page: &Page, selector: &str) -> String {
    page.html()
        .select(&scraper::Selector::parse(selector).unwrap())
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_guide_lists_the_topics_that_cite_it_and_topics_list_their_guides() {
    let (app, _) = setup().await;
    let guide = wiki_path("Виведення коштів");
    let m = app.member("asker").await;
    let first = m.new_topic("questions", "Не можу вивести", "Читав [[Виведення коштів]], не допомогло.").await;
    let second = m.new_topic("questions", "Інше питання", "Без посилань.").await;
    let helper = app.member("helper").await;
    helper.reply(second, &format!("Див. [інструкцію]({guide}).")).await;
    helper.reply(first, "Спробуйте ще раз.").await;

    let page = app.browser().get(&guide).await;
    let listed = texts(&page, "#discussions .discussion-list li a");
    assert_eq!(listed, ["Не можу вивести", "Інше питання"], "latest activity first");
    assert!(texts(&page, "#discussions .discussion-list li")[0].contains("1 reply ·"));
    let links = app.browser().get(&format!("{guide}/links")).await;
    assert_eq!(texts(&links, ".topic-backlinks a"), ["Не можу вивести", "Інше питання"]);
    let all = app.browser().get(&format!("{guide}/discussions")).await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(texts(&all, ".discussion-list a").len(), 2);

    // The topic shows the guide it relies on, with the first paragraph.
    let topic = app.browser().get(&format!("/t/{first}?page=1")).await;
    let related = topic.text_of("#related-guides").unwrap();
    assert!(related.contains("Виведення коштів") && related.contains("Як вивести гроші на картку"), "{related}");
}

#[tokio::test]
async fn edits_deletions_and_renames_keep_the_edges_exact() {
    let (app, editor) = setup().await;
    let guide = wiki_path("Виведення коштів");
    let m = app.member("writer").await;
    let id = m.new_topic("questions", "Тема з посиланням", "Див. [[Виведення коштів]].").await;
    let b = app.member("second").await;
    b.reply(id, "І я про [[Виведення коштів]].").await;
    assert_eq!(texts(&app.browser().get(&guide).await, "#discussions li a"), ["Тема з посиланням"]);

    // Removing the link from the first post keeps the topic (the reply still cites it)…
    let page = m.get(&format!("/t/{id}?page=1")).await;
    let edit = first_link(&page, "#p1 a[href$='/edit']");
    m.submit(&edit, &edit, &[("body", "Без посилання тепер.")]).await;
    assert_eq!(texts(&app.browser().get(&guide).await, "#discussions li a"), ["Тема з посиланням"]);
    // …deleting the reply removes it.
    let page = b.get(&format!("/t/{id}?page=1")).await;
    let del = page
        .html()
        .select(&scraper::Selector::parse("#p2 form[action$='/delete']").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_owned();
    b.press(&format!("/t/{id}?page=1"), &del).await;
    assert!(texts(&app.browser().get(&guide).await, "#discussions li a").is_empty());
    assert!(!app.browser().get(&format!("/t/{id}?page=1")).await.has("#related-guides"));

    // A rename: the edge follows the article; the old link still works.
    let id2 = m.new_topic("questions", "Ще одна тема", "Про [[Виведення коштів]].").await;
    editor.submit(&format!("{guide}/move"), &format!("{guide}/move"), &[("new_title", "Виведення на картку")]).await;
    let renamed = app.browser().get(&wiki_path("Виведення на картку")).await;
    assert_eq!(texts(&renamed, "#discussions li a"), ["Ще одна тема"]);
    let topic = app.browser().get(&format!("/t/{id2}?page=1")).await;
    let link = first_link(&topic, "#p1 a.wiki-link");
    let followed = app.browser().get(&link).await;
    assert_eq!(followed.status, StatusCode::OK);
    assert!(followed.body.contains("redirected from"));
}

#[tokio::test]
async fn links_to_topics_are_typed_edges_too() {
    let (app, editor) = setup().await;
    let m = app.member("linker").await;
    let target = m.new_topic("questions", "Ціль посилання", "Текст").await;
    let source = m.new_topic("questions", "Джерело", &format!("Див. [тему](/t/{target}/tsil).")).await;
    editor.save_guide("Довідка", &format!("Обговорення: [тут](/t/{target})."), "").await;
    let edges = veche::entities::links::Entity::find()
        .filter(veche::entities::links::Column::TargetKind.eq("topic"))
        .all(app.state.db.read())
        .await
        .unwrap();
    let kinds: Vec<(&str, Option<i64>)> = edges.iter().map(|e| (e.source_kind.as_str(), e.target_id)).collect();
    assert!(kinds.contains(&("post", Some(target))), "{kinds:?}");
    assert!(kinds.contains(&("article", Some(target))), "{kinds:?}");
    let _ = source;
}

#[tokio::test]
async fn discuss_this_guide_opens_a_pre_linked_topic() {
    let (app, _) = setup().await;
    let guide = wiki_path("Виведення коштів");
    let m = app.member("discusser").await;
    let page = m.get(&guide).await;
    let discuss = first_link(&page, "#discussions a.button");
    let form = m.get(&discuss).await;
    assert_eq!(form.status, StatusCode::OK);
    let fields = form.form_fields("/t/new");
    assert!(fields.contains(&("body".into(), "[[Виведення коштів]]\n\n".into())), "{fields:?}");
    assert!(fields.contains(&("category".into(), "guides-talk".into())), "{fields:?}");
    let res = m.submit_on(&form, "/t/new", &[("title", "Питання щодо інструкції")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(texts(&app.browser().get(&guide).await, "#discussions li a"), ["Питання щодо інструкції"]);
}

async fn solved_topic(app: &TestApp) -> i64 {
    let asker = app.member("solved_asker").await;
    let id = asker.new_topic("questions", "Як змінити номер телефону", "Змінив номер, не приходять коди.").await;
    let solver = app.member("solver").await;
    solver.reply(id, "Зверніться до реєстратора з паспортом.").await;
    let page = asker.get(&format!("/t/{id}?page=1")).await;
    let solve = page
        .html()
        .select(&scraper::Selector::parse("#p2 form[action$='/solve']").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_owned();
    asker.press(&format!("/t/{id}?page=1"), &solve).await;
    id
}

#[tokio::test]
async fn a_solved_topic_becomes_a_guide_in_two_clicks() {
    let (app, editor) = setup().await;
    let id = solved_topic(&app).await;
    let topic = editor.get(&format!("/t/{id}?page=1")).await;
    // Click one: "Turn into a guide".
    let start = editor.get(&first_link(&topic, "#turn-into-guide")).await;
    assert_eq!(start.status, StatusCode::SEE_OTHER);
    let form_path = start.location().unwrap().to_owned();
    let form = editor.get(&form_path).await;
    assert_eq!(form.status, StatusCode::OK);
    let action = form_path.split('?').next().unwrap();
    let body = form.form_fields(action).into_iter().find(|(k, _)| k == "body").unwrap().1;
    assert!(body.contains("Змінив номер") && body.contains("Зверніться до реєстратора"), "{body}");
    assert!(
        body.contains("@solved_asker") && body.contains("@solver") && body.contains(&format!("(/t/{id}/")),
        "{body}"
    );
    // Click two: save.
    let res = editor.submit_on(&form, action, &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let topic = app.browser().get(&format!("/t/{id}?page=1")).await;
    assert!(topic.text_of(".became-guide").unwrap().contains("Як змінити номер телефону"));
    assert!(!topic.has("#turn-into-guide"));
    let guide = app.browser().get(res.location().unwrap()).await;
    assert!(guide.body.contains(&format!("href=\"/t/{id}/")), "links back to the topic");
}

#[tokio::test]
async fn members_below_the_bar_turn_a_topic_into_a_proposal() {
    let (app, editor) = setup().await;
    let id = solved_topic(&app).await;
    let member = app.member_with("lowly_member", "formal", 2).await;
    let topic = member.get(&format!("/t/{id}?page=1")).await;
    let start = member.get(&first_link(&topic, "#turn-into-guide")).await;
    let form_path = start.location().unwrap().to_owned();
    let form = member.get(&form_path).await;
    assert!(form.has("#propose-note"));
    let res = member.submit_on(&form, form_path.split('?').next().unwrap(), &[]).await;
    let proposal = res.location().unwrap().to_owned();
    assert!(proposal.starts_with("/wiki/proposals/"), "{proposal}");
    let page = editor.get(&proposal).await;
    editor.submit_on(&page, &format!("{proposal}/approve"), &[]).await;
    let topic = app.browser().get(&format!("/t/{id}?page=1")).await;
    assert!(topic.has(".became-guide"));
}

#[tokio::test]
async fn suggestions_find_guides_and_solved_topics_while_asking() {
    let (app, _) = setup().await;
    solved_topic(&app).await;
    let res = reqwest::get(format!("{}/t/suggest?q={}", app.base, "ВИВЕДЕННЯ")).await.unwrap();
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["guides"][0]["title"], "Виведення коштів");
    let res = reqwest::get(format!("{}/t/suggest?q={}", app.base, "змінити номер")).await.unwrap();
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["topics"][0]["title"], "Як змінити номер телефону");
    let res = reqwest::get(format!("{}/t/suggest?q=ab", app.base)).await.unwrap();
    let json: serde_json::Value = res.json().await.unwrap();
    assert!(json["guides"].as_array().unwrap().is_empty());
    let page = app.member("suggested").await.get("/t/new").await;
    assert!(page.has("#suggestions[data-guides]"), "the page has the place for suggestions");
}

#[tokio::test]
async fn a_long_topic_shows_the_ten_guides_it_cites_most_in_alphabet_order() {
    let (app, editor) = setup().await;
    // Twelve guides; the one last in the alphabet is cited by the most posts.
    let titles = [
        "Авізо",
        "Баланс",
        "Виписка",
        "Гаманець",
        "Ґарантія",
        "Депозит",
        "Єдиний рахунок",
        "Жетон",
        "Застава",
        "Кешбек",
        "Ліміти",
        "Ювелірна точність",
    ];
    for t in titles {
        editor.save_guide(t, &format!("{t}: коротко.\n\nТекст."), "").await;
    }
    let m = app.member("asker").await;
    let all: String = titles.iter().map(|t| format!("[[{t}]] ")).collect();
    let id = m.new_topic("questions", "Усе про гаманець", &all).await;
    let helper = app.member("helper").await;
    for _ in 0..3 {
        // Browsers send CRLF line endings from a textarea.
        helper.reply(id, "Див.\r\n[[Ювелірна точність]]\r\nі [[Кешбек]].").await;
    }
    let topic = app.browser().get(&format!("/t/{id}?page=1")).await;
    let shown = texts(&topic, "#related-guides li a");
    // The ten: the two cited most, then the earliest of the once-cited;
    // the two saved last among those cited once drop out. `titles` is in
    // alphabet order (Ґ after Г, Є after Д), and so is the list shown.
    let expected: Vec<&str> = titles.into_iter().filter(|t| !["Застава", "Ліміти"].contains(t)).collect();
    assert_eq!(expected.len(), 10);
    assert_eq!(shown, expected, "{shown:?}");
}

#[tokio::test]
async fn a_guide_page_and_a_topic_page_read_no_markdown_source() {
    let (app, editor) = setup().await;
    let guide = wiki_path("Виведення коштів");
    let asker = app.member("source_reader").await;
    let topic =
        asker.new_topic("questions", "Питання про картку", "Дивіться **[[Виведення коштів]]**.\r\nДякую.").await;
    let anonymous = app.browser();
    for path in [guide, format!("/t/{topic}?page=1")] {
        for who in [&anonymous, &editor, &asker] {
            app.state.db.capture_statements(true);
            let page = who.get(&path).await;
            app.state.db.capture_statements(false);
            assert_eq!(page.status, StatusCode::OK, "{path}");
            assert!(page.has(".user-content h2, .post-body strong"), "{path} shows its HTML:\n{}", page.body);
            for s in app.state.db.captured_statements() {
                let reads_source = ["p.body", "r.body", "\"posts\".\"body\"", "\"revisions\".\"body\""]
                    .iter()
                    .any(|column| s.sql.contains(column));
                assert!(!reads_source, "{path} reads the Markdown source: {}", s.sql);
            }
        }
    }
}
