//! Notifications in the site and by mail, watching, muting, digests and
//! one-click unsubscribe.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use veche::entities::notifications;

use crate::support::{Browser, Page, TestApp};

async fn app() -> TestApp {
    let app = TestApp::spawn().await;
    app.category("deposits", "Поповнення").await;
    app
}

fn action_of(page: &Page, selector: &str) -> String {
    page.html()
        .select(&scraper::Selector::parse(selector).unwrap())
        .next()
        .unwrap_or_else(|| panic!("no {selector} on {}", page.path))
        .value()
        .attr("action")
        .unwrap()
        .to_owned()
}

async fn press_on(b: &Browser, path: &str, selector: &str) -> Page {
    let page = b.get(path).await;
    let action = action_of(&page, selector);
    b.submit_on(&page, &action, &[]).await
}

async fn email_of(app: &TestApp, name: &str) -> String {
    veche::accounts::find_by_username(app.state.db.read(), name).await.unwrap().unwrap().email
}

async fn unread(b: &Browser) -> Option<String> {
    b.get("/").await.text_of("#unread-count")
}

#[tokio::test]
async fn the_asker_hears_of_an_answer_and_of_the_solution_in_the_site_and_by_mail() {
    let app = app().await;
    let asker = app.member("asker").await;
    let id = asker.new_topic("deposits", "Як повернути доступ?", "Загубив телефон").await;
    assert_eq!(unread(&asker).await, None);
    let helper = app.member("helper").await;
    helper.reply(id, "Відновіть через реєстратора.").await;

    assert_eq!(unread(&asker).await.as_deref(), Some("1"));
    let list = asker.get("/notifications").await;
    assert!(
        list.text_of("#notifications li.unread").unwrap().contains("helper replied in “Як повернути доступ?”"),
        "{}",
        list.body
    );

    let mail = app.mail_to(&email_of(&app, "asker").await).await;
    let reply_mail = mail.iter().find(|m| m.subject.contains("replied")).expect("a reply mail");
    assert!(reply_mail.subject.contains("Як повернути доступ?"));
    assert!(reply_mail.link(&format!("/t/{id}")).contains("#post-2"));
    assert!(reply_mail.header("List-Unsubscribe").unwrap().contains("/mail/unsubscribe/"));
    assert_eq!(reply_mail.header("List-Unsubscribe-Post"), Some("List-Unsubscribe=One-Click"));

    // Opening it marks it read.
    let res = asker.submit_on(&list, &action_of(&list, "#notifications li form"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().unwrap().starts_with(&format!("/t/{id}")));
    assert_eq!(unread(&asker).await, None);

    // The asker marks the answer: the helper is told, in the site and by mail.
    let res = press_on(&asker, &format!("/t/{id}?page=1"), "#p2 form[action$='/solve']").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let list = helper.get("/notifications").await;
    assert!(list.body.contains("asker marked your reply in “Як повернути доступ?” as the solution"), "{}", list.body);
    let mail = app.mail_to(&email_of(&app, "helper").await).await;
    assert!(mail.iter().any(|m| m.subject.contains("as the solution")), "{mail:?}");
    // Each notification is mailed once.
    assert_eq!(app.deliver_mail().await, 0);
}

#[tokio::test]
async fn what_was_seen_in_the_site_is_not_mailed() {
    use sea_orm::sea_query::Expr;
    let app = TestApp::spawn_with(|c| c.mail.notify_delay_secs = 3600).await;
    app.category("deposits", "Поповнення").await;
    let asker = app.member("reader_first").await;
    let id = asker.new_topic("deposits", "Тема, яку читають", "Текст").await;
    app.member("answerer").await.reply(id, "Відповідь").await;
    let before = app.mailbox().await.len();
    // Not due for an hour: nothing yet.
    assert_eq!(app.mailbox().await.len(), before);
    // The asker reads the topic: its notification counts as seen.
    asker.get(&format!("/t/{id}?page=1")).await;
    assert_eq!(unread(&asker).await, None);
    notifications::Entity::update_many()
        .col_expr(notifications::Column::EmailDueAt, Expr::value(Some(veche::util::now())))
        .exec(app.state.db.write())
        .await
        .unwrap();
    assert_eq!(app.mailbox().await.len(), before, "no mail for what was seen");
    let n = notifications::Entity::find().one(app.state.db.read()).await.unwrap().unwrap();
    assert_eq!(n.email_state, "seen");
}

#[tokio::test]
async fn likes_on_one_post_are_grouped() {
    let app = app().await;
    let author = app.member("liked_author").await;
    let id = author.new_topic("deposits", "Корисна тема", "Корисний текст").await;
    for name in ["fan_one", "fan_two", "fan_three"] {
        let fan = app.member(name).await;
        let res = press_on(&fan, &format!("/t/{id}?page=1"), "#p1 form[action$='/like']").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
    }
    let rows = notifications::Entity::find()
        .filter(notifications::Column::Kind.eq("like"))
        .all(app.state.db.read())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].count, 3);
    let list = author.get("/notifications").await;
    assert!(list.body.contains("fan_three and 2 others liked your post in “Корисна тема”"), "{}", list.body);
    let res = author.submit_on(&list, "/notifications/read-all", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(unread(&author).await, None);
    // Likes are not mailed by default.
    let mail = app.mail_to(&email_of(&app, "liked_author").await).await;
    assert!(mail.iter().all(|m| !m.subject.contains("liked")));
}

#[tokio::test]
async fn mentions_and_quotes_are_told_apart_and_muting_silences_a_topic() {
    let app = app().await;
    let starter = app.member("starter").await;
    let id = starter.new_topic("deposits", "Обговорення", "Початок").await;
    let named = app.member("named_one").await;
    let quoted = app.member("quoted_one").await;
    let other = app.member("other_one").await;
    other.reply(id, "Питання до @named_one\r\n\r\n> @quoted_one писав так").await;
    assert!(named.get("/notifications").await.body.contains("other_one mentioned you in “Обговорення”"));
    assert!(quoted.get("/notifications").await.body.contains("other_one quoted you in “Обговорення”"));
    assert!(starter.get("/notifications").await.body.contains("other_one replied in “Обговорення”"));

    // The starter mutes the topic: nothing more from it.
    let page = starter.get(&format!("/t/{id}?page=1")).await;
    assert!(page.has("#watch-control option[value='watching'][selected]"), "starting a topic watches it");
    let res = starter.submit_on(&page, "/watch", &[("level", "muted")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(starter.get(&format!("/t/{id}?page=1")).await.has("#watch-control option[value='muted'][selected]"));
    assert_eq!(unread(&starter).await, None, "reading the topic marked its news read");
    other.reply(id, "Ще одна відповідь для @starter").await;
    assert_eq!(unread(&starter).await, None);
}

#[tokio::test]
async fn watching_a_category_brings_new_topics_in_the_daily_digest() {
    let app = app().await;
    let watcher = app.member("cat_watcher").await;
    let page = watcher.get("/notifications/settings").await;
    let cat =
        page.form_fields("/notifications/settings").into_iter().find(|(k, _)| k.starts_with("category-")).unwrap().0;
    let res = watcher.submit_on(&page, "/notifications/settings", &[(cat.as_str(), "watching")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let poster = app.member("poster").await;
    poster.new_topic("deposits", "Нова тема в категорії", "Текст").await;
    assert!(watcher.get("/notifications").await.body.contains("poster opened a new topic “Нова тема в категорії”"));
    let addr = email_of(&app, "cat_watcher").await;
    // Digest kinds are not mailed one by one.
    assert!(app.mail_to(&addr).await.iter().all(|m| !m.subject.contains("new topic")));
    let digests =
        veche::notify::email::send_digests(&app.state, veche::util::now() + time::Duration::seconds(1)).await.unwrap();
    assert_eq!(digests, 1);
    let mail = app.mail_to(&addr).await;
    let digest = mail.iter().find(|m| m.subject.contains("new notification")).expect("a digest");
    assert!(digest.text.contains("Нова тема в категорії"), "{}", digest.text);
    assert!(digest.header("List-Unsubscribe").is_some());
    // Once.
    assert_eq!(
        veche::notify::email::send_digests(&app.state, veche::util::now() + time::Duration::seconds(1)).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn one_click_unsubscribe_needs_no_sign_in_and_stops_that_kind() {
    let app = app().await;
    let asker = app.member("unsub_asker").await;
    let id = asker.new_topic("deposits", "Тема для відписки", "Текст").await;
    let helper = app.member("unsub_helper").await;
    helper.reply(id, "Перша відповідь").await;
    let addr = email_of(&app, "unsub_asker").await;
    let mail = app.mail_to(&addr).await;
    let header =
        mail.iter().find(|m| m.subject.contains("replied")).unwrap().header("List-Unsubscribe").unwrap().to_owned();
    let url = header.trim_matches(['<', '>']);
    let path = url::Url::parse(url).unwrap().path().to_owned();

    // A forged token does nothing.
    let stranger = reqwest::Client::new();
    let forged = path.replace("reply.", "reply.0");
    let res = stranger.post(format!("{}{forged}", app.base)).body("List-Unsubscribe=One-Click").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The mail program posts, with no cookie and no token.
    let res = stranger
        .post(format!("{}{path}", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let settings = asker.get("/notifications/settings").await;
    assert!(settings.has("#mode-reply option[value='off'][selected]"), "{}", settings.body);

    helper.reply(id, "Друга відповідь").await;
    let after = app.mail_to(&addr).await;
    assert_eq!(after.iter().filter(|m| m.subject.contains("replied")).count(), 1, "no more reply mail");
    assert_eq!(unread(&asker).await.as_deref(), Some("2"), "still told in the site");

    // The page linked from the text part works too.
    let page_path = path.replace("/mail/unsubscribe/", "/unsubscribe/");
    let page = app.browser().get(&page_path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("#unsubscribe-submit"));
}

#[tokio::test]
async fn moderation_and_standing_changes_are_told_to_the_member() {
    let app = app().await;
    let author = app.member("mod_author").await;
    let id = author.new_topic("deposits", "Тема з модерацією", "Текст").await;
    let spam = app.member("mod_spammer").await;
    spam.reply(id, "Реклама тут").await;
    let moderator = app.staff("the_moderator", veche::policy::Role::Moderator).await;
    let page = moderator.get(&format!("/t/{id}?page=1")).await;
    let action = action_of(&page, "#p2 form.mod-tools");
    let res = moderator.submit_on(&page, &action, &[("action", "hide"), ("reason", "реклама")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let list = spam.get("/notifications").await;
    assert!(list.body.contains("A moderator hid your post in “Тема з модерацією”"), "{}", list.body);
    assert!(list.text_of("#notifications .note").unwrap().contains("реклама"));

    use veche::accounts::{Source, StandingChange, change_standing};
    let s = &app.state;
    change_standing(&s.db, &s.policy, "mod_author", StandingChange::Bl(40), "good work", None, Source::Cli)
        .await
        .unwrap();
    s.events.settle(s).await;
    assert!(author.get("/notifications").await.body.contains("Your standing changed: BL"));
}

#[tokio::test]
async fn two_instances_mail_each_notification_once() {
    let one = app().await;
    let asker = one.member("twin_asker").await;
    let id = asker.new_topic("deposits", "Тема для двох", "Текст").await;
    let helper = one.member("twin_helper").await;
    for n in 0..5 {
        helper.reply(id, &format!("Відповідь {n}")).await;
    }
    let two = one.second_instance().await;
    let (a, b) = tokio::join!(veche::notify::email::send_due(&one.state), veche::notify::email::send_due(&two.state));
    assert_eq!(a.unwrap() + b.unwrap(), 5);
    let addr = email_of(&one, "twin_asker").await;
    assert_eq!(one.mail_to(&addr).await.iter().filter(|m| m.subject.contains("replied")).count(), 5);
}

#[tokio::test]
async fn guide_watchers_hear_of_edits_and_authors_of_decisions_with_the_note() {
    let app = TestApp::spawn().await;
    let first = app.member_with("guide_writer", "personal", 50).await;
    let res = first.save_guide("Комісії", "Комісія 1%.\n", "").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let path = crate::support::wiki_path("Комісії");
    // Writing a guide watches it.
    assert!(first.get(&path).await.has("#watch-control option[value='watching'][selected]"));
    let second = app.member_with("guide_editor", "personal", 50).await;
    second.save_guide("Комісії", "Комісія 2%.\n", "нові тарифи").await;
    let list = first.get("/notifications").await;
    assert!(list.body.contains("guide_editor edited the guide “Комісії”"), "{}", list.body);

    // A proposal turned down: its author reads the reviewer's note.
    let member = app.member_with("proposer", "formal", 3).await;
    let res = member
        .submit(&format!("{path}/edit"), &format!("{path}/edit"), &[("body", "Комісія 5%.\n"), ("summary", "інакше")])
        .await;
    let id: i64 = res.location().and_then(|l| l.strip_prefix("/wiki/proposals/")).and_then(|s| s.parse().ok()).unwrap();
    let page = second.get(&format!("/wiki/proposals/{id}")).await;
    let res = second.submit_on(&page, &format!("/wiki/proposals/{id}/reject"), &[("reason", "Неправильна сума")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let list = member.get("/notifications").await;
    assert!(list.body.contains("Your proposed edit of “Комісії” was not accepted"), "{}", list.body);
    assert!(list.text_of("#notifications .note").unwrap().contains("Неправильна сума"));

    // Muting a category's news from the category page.
    app.category("deposits", "Поповнення").await;
    let page = member.get("/c/deposits").await;
    assert!(page.has("#watch-control"));
    let res = member.submit_on(&page, "/watch", &[("level", "watching")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(member.get("/c/deposits").await.has("#watch-control option[value='watching'][selected]"));
}

/// Statements a reply to `topic` costs, from its form to the notifications
/// (the page with the form is read first and not counted).
async fn reply_cost(app: &TestApp, b: &Browser, topic: i64, body: &str) -> (u64, i64) {
    let page = b.get(&format!("/t/{topic}?page=1")).await;
    let before = app.state.db.query_count();
    let res = b.submit_on(&page, &format!("/t/{topic}/reply"), &[("body", body)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let cost = app.state.db.query_count() - before;
    let number: i32 = res.location().unwrap().rsplit("#p").next().unwrap().parse().unwrap();
    let post = veche::entities::posts::Entity::find()
        .filter(veche::entities::posts::Column::TopicId.eq(topic))
        .filter(veche::entities::posts::Column::PostNumber.eq(number))
        .one(app.state.db.read())
        .await
        .unwrap()
        .expect("the reply");
    (cost, post.id)
}

#[tokio::test]
async fn a_reply_costs_the_same_statements_however_many_watch_the_topic() {
    let app = app().await;
    let starter = app.member("starter").await;
    let quiet = starter.new_topic("deposits", "Тиха тема", "Початок").await;
    let busy = starter.new_topic("deposits", "Гаряча тема", "Початок").await;
    let watchers = ["w_one", "w_two", "w_three", "w_four", "w_five", "w_six", "w_seven", "w_eight"];
    for name in watchers {
        // Replying watches the topic.
        app.member(name).await.reply(busy, &format!("Відповідь від {name}")).await;
    }
    let poster = app.member("poster").await;
    let (quiet_cost, _) = reply_cost(&app, &poster, quiet, "Тут лише автор теми").await;
    let (busy_cost, post) = reply_cost(&app, &poster, busy, "Тут читають восьмеро").await;
    assert_eq!(busy_cost, quiet_cost, "eight more watchers cost the reply no statements");

    // And every one of them heard of it, the topic's author by the closer kind.
    let told = notifications::Entity::find()
        .filter(notifications::Column::PostId.eq(post))
        .all(app.state.db.read())
        .await
        .unwrap();
    let kinds = |kind: &str| told.iter().filter(|n| n.kind == kind).count();
    assert_eq!((kinds("reply"), kinds("watched-reply"), told.len()), (1, watchers.len(), watchers.len() + 1));
}
