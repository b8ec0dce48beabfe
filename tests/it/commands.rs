//! Commands and events: counters that never drift, one transaction per
//! action, derived data rebuilt from the outbox, refusals in the reader's
//! language, and limits enforced before the database on both backends.

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, EntityTrait};
use veche::events::{self, Subscriber};
use veche::forum::counters;
use veche::policy::Role;

use crate::support::{Browser, Page, TestApp, wiki_path};

async fn app_with_categories() -> TestApp {
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    app.category("scams", "Шахрайство").await;
    app
}

fn post_action(page: &Page, number: i32, suffix: &str) -> String {
    let sel = scraper::Selector::parse(&format!("#p{number} form[action$='{suffix}']")).unwrap();
    page.html()
        .select(&sel)
        .next()
        .unwrap_or_else(|| panic!("no {suffix} form on #p{number}"))
        .value()
        .attr("action")
        .unwrap()
        .to_owned()
}

async fn post_tool(m: &Browser, topic: i64, number: i32, action: &str) -> Page {
    let page = m.get(&format!("/t/{topic}?page=1")).await;
    let form = post_action(&page, number, "/mod");
    let res = m.submit_on(&page, &form, &[("action", action), ("reason", "перевірка")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{action} #{number}: {}", res.body);
    res
}

async fn topic_tool(m: &Browser, topic: i64, fields: &[(&str, &str)]) -> Page {
    let res = m.submit(&format!("/t/{topic}?page=1"), &format!("/t/{topic}/mod"), fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{fields:?}: {}", res.body);
    res
}

async fn no_drift(app: &TestApp, after: &str) {
    let drift = counters::check(app.state.db.read()).await.unwrap();
    assert!(drift.is_empty(), "counters drift after {after}: {drift:#?}");
}

async fn reply_count(app: &TestApp, topic: i64) -> i32 {
    veche::entities::topics::Entity::find_by_id(topic).one(app.state.db.read()).await.unwrap().unwrap().reply_count
}

#[tokio::test]
async fn counters_never_drift_under_every_moderation_action() {
    let app = app_with_categories().await;
    let author = app.member("author").await;
    let helper = app.member("helper").await;
    let moderator = app.staff("moderator", Role::Moderator).await;
    let id = author.new_topic("questions", "Як вивести кошти на картку", "Питання про виведення").await;
    for i in 0..4 {
        helper.reply(id, &format!("Відповідь номер {i}")).await;
    }
    let page = author.get(&format!("/t/{id}?page=1")).await;
    author.submit_on(&page, &post_action(&page, 2, "/like"), &[]).await;
    author.submit_on(&page, &post_action(&page, 3, "/solve"), &[]).await;
    no_drift(&app, "replies, a like and a solution").await;

    // The member deletes their own reply (the liked one).
    let page = helper.get(&format!("/t/{id}?page=1")).await;
    helper.submit_on(&page, &post_action(&page, 2, "/delete"), &[]).await;
    no_drift(&app, "a member's delete").await;
    assert_eq!(reply_count(&app, id).await, 3);

    post_tool(&moderator, id, 3, "hide").await;
    no_drift(&app, "hide").await;
    post_tool(&moderator, id, 3, "unhide").await;
    post_tool(&moderator, id, 4, "delete").await;
    no_drift(&app, "a moderator's delete").await;
    post_tool(&moderator, id, 4, "restore").await;
    no_drift(&app, "restore").await;
    post_tool(&moderator, id, 2, "restore").await;
    no_drift(&app, "restoring a member's delete").await;
    assert_eq!(reply_count(&app, id).await, 4);

    topic_tool(&moderator, id, &[("action", "move"), ("category", "scams")]).await;
    no_drift(&app, "move").await;

    let other = author.new_topic("questions", "Те саме питання ще раз", "Дубль питання").await;
    helper.reply(other, "Відповідь у дублі").await;
    let res = moderator
        .submit(&format!("/t/{other}?page=1"), &format!("/t/{other}/merge"), &[("into", &id.to_string())])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    no_drift(&app, "merge").await;
    assert_eq!(reply_count(&app, id).await, 6);

    let res = moderator
        .submit(
            &format!("/t/{id}?page=1"),
            &format!("/t/{id}/split"),
            &[("posts", "6, 7"), ("title", "Виділена тема про дубль"), ("category", "questions")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    no_drift(&app, "split").await;
    assert_eq!(reply_count(&app, id).await, 4);

    // Enough flags hide a post; the moderator agrees.
    for name in ["flagger1", "flagger2", "flagger3"] {
        let b = app.member(name).await;
        let page = b.get(&format!("/t/{id}?page=1")).await;
        b.submit_on(&page, &post_action(&page, 5, "/flag"), &[("reason", "spam")]).await;
    }
    no_drift(&app, "flags").await;
    let res =
        moderator.submit("/mod", &format!("/mod/flags/{}", app.post_id(id, 5).await), &[("decision", "agree")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    no_drift(&app, "a flag decision").await;

    // Deleting the opening post deletes the topic; restoring brings it back.
    post_tool(&moderator, id, 1, "delete").await;
    no_drift(&app, "deleting a topic").await;
    post_tool(&moderator, id, 1, "restore").await;
    no_drift(&app, "restoring a topic").await;
}

#[tokio::test]
async fn two_deletes_at_once_count_once() {
    let app = app_with_categories().await;
    let author = app.member("author").await;
    let id = author.new_topic("questions", "Тема з відповідями", "Текст").await;
    author.reply(id, "Перша відповідь").await;
    author.reply(id, "Друга відповідь").await;
    let page = author.get(&format!("/t/{id}?page=1")).await;
    let action = post_action(&page, 2, "/delete");
    let (a, b) = tokio::join!(author.submit_on(&page, &action, &[]), author.submit_on(&page, &action, &[]));
    assert_eq!((a.status, b.status), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER));
    assert_eq!(reply_count(&app, id).await, 1);
    no_drift(&app, "two concurrent deletes").await;
}

/// Makes every insert into `revisions` fail, as a crash in the middle of a
/// write would.
async fn break_revisions(app: &TestApp, broken: bool) {
    let db = app.state.db.write();
    let pg = db.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    let sql: &[&str] = match (pg, broken) {
        (false, true) => &[
            "CREATE TRIGGER fail_revisions BEFORE INSERT ON revisions BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
        ],
        (false, false) => &["DROP TRIGGER fail_revisions"],
        (true, true) => &[
            "CREATE FUNCTION fail_revisions() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER fail_revisions BEFORE INSERT ON revisions FOR EACH ROW EXECUTE FUNCTION fail_revisions()",
        ],
        (true, false) => &["DROP TRIGGER fail_revisions ON revisions", "DROP FUNCTION fail_revisions()"],
    };
    for s in sql {
        db.execute_unprepared(s).await.unwrap();
    }
}

#[tokio::test]
async fn an_approval_that_fails_midway_leaves_nothing_half_done() {
    let app = TestApp::spawn().await;
    let editor = app.member_with("editor", "personal", 50).await;
    let title = "Ліміти гаманця";
    assert_eq!(editor.save_guide(title, "Ліміт 1000 грн на день.\n", "").await.status, StatusCode::SEE_OTHER);
    let member = app.member_with("member", "formal", 3).await;
    let res =
        member.save_guide(title, "Ліміт 1000 грн на день.\nДля персонального атестата 5000.\n", "нові ліміти").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let proposal = res.location().unwrap().to_owned();
    let reviewer = app.member_with("reviewer", "personal", 50).await;

    break_revisions(&app, true).await;
    let res = reviewer.submit(&proposal, &format!("{proposal}/approve"), &[]).await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
    // The decision was not kept without the revision, nor the revision without it.
    let page = reviewer.get(&proposal).await;
    assert!(page.has(&format!("form[action='{proposal}/approve']")), "still pending: {}", page.body);
    let guide = app.browser().get(&wiki_path(title)).await;
    assert!(!guide.body.contains("5000"));

    break_revisions(&app, false).await;
    let res = reviewer.submit(&proposal, &format!("{proposal}/approve"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(app.browser().get(&wiki_path(title)).await.body.contains("5000"));
    assert!(!reviewer.get(&proposal).await.has(&format!("form[action='{proposal}/approve']")));
}

async fn link_rows(app: &TestApp) -> usize {
    veche::entities::links::Entity::find().all(app.state.db.read()).await.unwrap().len()
}

#[tokio::test]
async fn derived_links_are_rebuilt_from_the_outbox_after_a_crash() {
    let app = app_with_categories().await;
    let editor = app.member_with("editor", "personal", 50).await;
    editor.save_guide("Виведення коштів", "Як вивести кошти.\n", "").await;
    let author = app.member("author").await;
    let id = author
        .new_topic("questions", "Питання з посиланням", "Дивіться [[Виведення коштів]] та [[Нова настанова]].")
        .await;
    assert_eq!(link_rows(&app).await, 2);
    let guide = app.browser().get(&wiki_path("Виведення коштів")).await;
    assert!(guide.text_of("#discussions").unwrap().contains("Питання з посиланням"));

    // A crash after the commit, before the subscriber ran: the link rows are
    // missing and the subscriber's place is behind the event.
    let db = app.state.db.write();
    db.execute_unprepared("DELETE FROM links").await.unwrap();
    db.execute_unprepared("UPDATE event_cursors SET last_id = 0 WHERE name = 'links'").await.unwrap();
    assert_eq!(link_rows(&app).await, 0);
    events::process(&app.state.app).await.unwrap();
    assert_eq!(link_rows(&app).await, 2, "replayed from the outbox");
    // Running again changes nothing: each event applies once.
    events::process(&app.state.app).await.unwrap();
    assert_eq!(link_rows(&app).await, 2);

    // And the table can be rebuilt from scratch.
    db.execute_unprepared("DELETE FROM links").await.unwrap();
    Subscriber::Links.rebuild(&app.state.app).await.unwrap();
    assert_eq!(link_rows(&app).await, 2);
    // The red link turns blue when its guide appears, through the event.
    editor.save_guide("Нова настанова", "Текст.\n", "").await;
    let topic = app.browser().get(&format!("/t/{id}?page=1")).await;
    assert!(!topic.body.contains("Нова_настанова/edit"), "{}", topic.body);
}

#[tokio::test]
async fn community_bl_is_computed_once_per_event() {
    let app = app_with_categories().await;
    let author = app.member("author").await;
    let id = author.new_topic("questions", "Питання про ліміти", "Текст питання").await;
    let helper = app.member("helper").await;
    helper.reply(id, "Ось відповідь").await;
    let page = author.get(&format!("/t/{id}?page=1")).await;
    author.submit_on(&page, &post_action(&page, 2, "/solve"), &[]).await;
    let helper_user = veche::accounts::find_by_username(app.state.db.read(), "helper").await.unwrap().unwrap();
    assert!(helper_user.bl > 0, "a solution counts towards BL at once");
    let audit = veche::audit::standing_history(&app.state.db, helper_user.id, 50).await.unwrap().len();
    app.state.db.write().execute_unprepared("UPDATE event_cursors SET last_id = 0").await.unwrap();
    events::process(&app.state.app).await.unwrap();
    // Replaying recomputes the same value: no new audit rows.
    assert_eq!(veche::audit::standing_history(&app.state.db, helper_user.id, 50).await.unwrap().len(), audit);
}

#[tokio::test]
async fn refusals_read_in_the_readers_language() {
    let app = app_with_categories().await;
    let author = app.member("author").await;
    let id = author.new_topic("questions", "Тема, яку закриють", "Текст").await;
    let moderator = app.staff("moderator", Role::Moderator).await;
    let member = app.member("member").await;
    let page = member.get(&format!("/t/{id}?page=1")).await;
    topic_tool(&moderator, id, &[("action", "close")]).await;
    let res = member
        .client
        .post(member.url(&format!("/t/{id}/reply")))
        .header("accept-language", "uk")
        .form(
            &page
                .form_fields(&format!("/t/{id}/reply"))
                .into_iter()
                .map(|(k, v)| if k == "body" { (k, "Моя відповідь".to_owned()) } else { (k, v) })
                .collect::<Vec<_>>(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body = res.text().await.unwrap();
    assert!(body.contains("Тему закрито"), "{body}");
    assert!(body.contains("Моя відповідь"), "the text is kept");
    assert!(!body.contains("closed") && !body.contains("Replying"), "no English on a Ukrainian page: {body}");

    // A silenced member is told so, not "topic closed", before typing.
    let res = moderator
        .submit("/u/member", "/u/member/sanction", &[("kind", "silence"), ("days", "3"), ("reason", "спам")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let form = member.get_with("/t/new", &[("accept-language", "uk")]).await;
    let note = form.text_of(".compose .flash-error").unwrap_or_default();
    assert!(note.contains("заборонено писати"), "{note}");
    // An unknown sort order, in Ukrainian.
    let res = app.browser().get_with("/?sort=worst", &[("accept-language", "uk")]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.text_of(".error-message").unwrap().contains("Невідомий порядок"), "{}", res.body);
}

#[tokio::test]
async fn over_long_fields_are_refused_with_a_message_on_both_databases() {
    let app = app_with_categories().await;
    let editor = app.member_with("editor", "personal", 50).await;
    editor.save_guide("Стара назва", "Текст настанови.\n", "").await;
    let long = "р".repeat(600);
    let path = wiki_path("Стара назва");
    let res = editor
        .submit(&format!("{path}/move"), &format!("{path}/move"), &[("new_title", "Нова назва"), ("reason", &long)])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("500"), "the limit is named: {}", res.body);
    assert!(res.form_fields(&format!("{path}/move")).contains(&("reason".into(), long.clone())), "the reason is kept");

    // A title that grows when lower-cased still fits its key.
    let author = app.member("author").await;
    let title = "İ".repeat(200);
    author.new_topic("questions", &title, "Текст").await;

    let moderator = app.staff("moderator", Role::Moderator).await;
    let id = author.new_topic("questions", "Тема для модератора", "Текст").await;
    let page = moderator.get(&format!("/t/{id}?page=1")).await;
    let res =
        moderator.submit_on(&page, &post_action(&page, 1, "/mod"), &[("action", "hide"), ("reason", &long)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = moderator
        .submit("/u/author", "/u/author/sanction", &[("kind", "silence"), ("days", "1"), ("reason", &long)])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let flagger = app.member("flagger").await;
    let page = flagger.get(&format!("/t/{id}?page=1")).await;
    let res = flagger
        .submit_on(&page, &post_action(&page, 1, "/flag"), &[("reason", "other"), ("text", &"x".repeat(2000))])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// A reply is the member's own transaction plus one for everything derived
/// from it: the subscribers go through the new event together, reading it
/// once and moving their cursors in one statement (each statement on SQLite
/// is a hand-off to the connection's thread, and every transaction queues
/// on the one writer).
#[tokio::test]
async fn a_reply_and_what_follows_it_are_a_small_fixed_number_of_statements() {
    let app = app_with_categories().await;
    let author = app.member("author").await;
    let id = author.new_topic("questions", "Питання про ліміти", "Текст питання").await;
    let helper = app.member("helper").await;
    helper.reply(id, "Перша відповідь").await;
    let mut costs = Vec::new();
    for i in 0..3 {
        let page = helper.get(&format!("/t/{id}?page=1")).await;
        app.state.db.capture_statements(true);
        let res = helper.submit_on(&page, &format!("/t/{id}/reply"), &[("body", &format!("Відповідь {i}"))]).await;
        app.state.db.capture_statements(false);
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let statements: Vec<String> = app.state.db.captured_statements().iter().map(|s| s.sql.clone()).collect();
        costs.push(statements.len());
        // 32 on SQLite, 33 on PostgreSQL: the reply, its read mark and its
        // event in one transaction, the subscribers in one more, the flash.
        assert!(statements.len() <= 33, "{} statements:\n{}", statements.len(), statements.join("\n"));
        let cursor_writes = statements.iter().filter(|s| s.starts_with("UPDATE \"event_cursors\"")).count();
        assert!(cursor_writes <= 2, "the cursors move together: {cursor_writes}\n{}", statements.join("\n"));
        let event_reads = statements.iter().filter(|s| s.contains("FROM \"events\" WHERE")).count();
        assert_eq!(event_reads, 1, "the new event is read once for every subscriber:\n{}", statements.join("\n"));
    }
    assert!(costs.windows(2).all(|w| w[0] == w[1]), "the same for every reply: {costs:?}");
}

/// The subscribers (links, search, notifications) all look at a new post
/// and its topic; within their transaction each row is read once.
#[tokio::test]
async fn the_subscribers_read_a_new_post_and_its_topic_once() {
    let app = app_with_categories().await;
    let asker = app.member("asker").await;
    let topic = asker.new_topic("questions", "Де мій переказ?", "Гроші не дійшли").await;
    let helper = app.member("helper").await;
    let page = helper.get(&format!("/t/{topic}?page=1")).await;
    app.state.db.capture_statements(true);
    let res =
        helper.submit_on(&page, &format!("/t/{topic}/reply"), &[("body", "Перевірте [[Перекази]] і @asker")]).await;
    app.state.db.capture_statements(false);
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let statements = app.state.db.captured_statements();
    let reads_by_id = |table: &str| {
        let shape = format!("FROM \"{table}\" WHERE \"{table}\".\"id\" = ");
        statements.iter().filter(|s| s.sql.starts_with("SELECT") && s.sql.contains(&shape)).count()
    };
    // The post: once, by the subscribers (the command inserted it).
    // The topic: once by the command, once by the subscribers.
    assert_eq!((reads_by_id("posts"), reads_by_id("topics")), (1, 2), "{statements:#?}");
}
