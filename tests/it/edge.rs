//! What reaches the server from outside: control characters and CRLF in
//! every kind of input, stored text from before the clean-up, `next`
//! redirects, caching, look-alike names, account lockout by strangers and
//! tracking images.

use migration::{Migrator, MigratorTrait};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder};
use veche::entities::{articles, categories, post_revisions, posts, revisions, topics, users};

use crate::support::{Browser, PASSWORD, Page, TestApp, wiki_path};

fn is_sqlite(app: &TestApp) -> bool {
    app.state.db.write().get_database_backend() == DatabaseBackend::Sqlite
}

/// Parses a feed with a strict XML 1.0 parser.
fn assert_well_formed(path: &str, page: &Page) {
    assert_eq!(page.status, StatusCode::OK, "{path}");
    if let Err(e) = roxmltree::Document::parse(&page.body) {
        panic!("{path} is not well-formed XML: {e}\n{:?}", page.body);
    }
}

async fn assert_feeds_well_formed(app: &TestApp, category: &str) -> Vec<Page> {
    let mut pages = Vec::new();
    for path in ["/latest.atom".to_owned(), format!("/c/{category}.atom"), "/wiki/changes.atom".to_owned()] {
        let page = app.browser().get(&path).await;
        assert_well_formed(&path, &page);
        pages.push(page);
    }
    pages
}

async fn post_of(app: &TestApp, topic: i64, number: i32) -> posts::Model {
    posts::Entity::find()
        .filter(posts::Column::TopicId.eq(topic))
        .filter(posts::Column::PostNumber.eq(number))
        .one(app.state.db.read())
        .await
        .unwrap()
        .expect("post")
}

fn csrf_of(page: &Page, action: &str) -> String {
    page.form_fields(action).into_iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v).expect("csrf token")
}

// ------------------------------------------------- 1. text at the edge ----

#[tokio::test]
async fn control_characters_in_paths_are_not_found() {
    let app = TestApp::spawn_with(|c| c.sync_token = "t".repeat(32)).await;
    app.category("deposits", "Поповнення").await;
    let b = app.member("pathfinder").await;
    for path in [
        "/u/a%00b",
        "/u/pathfinder%00",
        "/c/%00",
        "/c/%00.atom",
        "/c/deposits%00.atom",
        "/t/%00",
        "/t/1/%00",
        "/p/%00/history",
        "/wiki/a%00b",
        "/wiki/a%0Ab",
        "/wiki/a%09b/history",
        "/wiki/%EF%BF%BE",
    ] {
        let res = b.get(path).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        assert!(res.body.contains("Page not found"), "{path}: the site's own 404 page");
    }
    let res = reqwest::Client::new()
        .put(format!("{}/api/v1/members/a%00b/standing", app.base))
        .bearer_auth("t".repeat(32))
        .json(&serde_json::json!({ "bl": 5, "reason": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["error"], "not found");
}

#[tokio::test]
async fn control_characters_in_query_strings_are_dropped() {
    let app = TestApp::spawn().await;
    app.category("deposits", "Поповнення").await;
    let b = app.member("querist").await;
    b.new_topic("deposits", "Як вивести кошти", "Питання").await;
    for path in [
        "/?sort=%00",
        "/?cursor=%00&sort=latest%01",
        "/c/deposits?period=%00",
        "/wiki/new?title=%00",
        "/login?next=%00",
    ] {
        let res = b.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
    }
    // A NUL in a LIKE pattern was a 500 on PostgreSQL.
    let res = b.get("/t/suggest?q=%D0%B2%D0%B8%D0%B2%00%D0%B5%D1%81%D1%82%D0%B8").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = b.get("/wiki/new?title=%D0%9B%D1%96%00%D0%BC%D1%96%D1%82%D0%B8").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some(format!("{}/edit", wiki_path("Ліміти")).as_str()));
}

#[tokio::test]
async fn control_characters_in_forms_are_dropped_and_the_text_is_kept() {
    let app = TestApp::spawn().await;
    app.category("deposits", "Поповнення").await;
    // Sign-up and sign-in fields.
    app.browser().register("mar\0ko", "marko@example.com", PASSWORD).await;
    assert!(veche::accounts::find_by_username(app.state.db.read(), "marko").await.unwrap().is_some());
    let b = app.browser();
    let res = b.submit("/login", "/login", &[("login", "nobody\0"), ("password", "wrong password\0")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    b.sign_in("mar\0ko", PASSWORD).await;
    assert_eq!(b.whoami().await.as_deref(), Some("marko"));
    app.verify_address(&b, "marko@example.com").await;

    // A topic: title and body keep everything but the control characters.
    let topic = b.new_topic("deposits", "Заголовок\0 теми\u{1}", "Текст\0 з нулем\u{7f} і\u{fffe} далі").await;
    let t = topics::Entity::find_by_id(topic).one(app.state.db.read()).await.unwrap().unwrap();
    assert_eq!(t.title, "Заголовок теми");
    assert_eq!(post_of(&app, topic, 1).await.body, "Текст з нулем і далі");

    // A form that comes back shows the cleaned text, never a 500.
    let res = b
        .submit("/t/new", "/t/new", &[("category", "nowhere"), ("title", "Інша тема"), ("body", "Збережи\0 мене")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.text_of("textarea[name=body]").as_deref(), Some("Збережи мене"));
    let res = b.submit(&format!("/t/{topic}?page=1"), &format!("/t/{topic}/reply"), &[("body", "\0\u{1}")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.has("textarea[name=body]"));
}

#[tokio::test]
async fn control_characters_in_api_json_are_dropped() {
    let token = "s".repeat(32);
    let app = TestApp::spawn_with(|c| c.sync_token = "s".repeat(32)).await;
    app.member("synced").await;
    let res = reqwest::Client::new()
        .put(format!("{}/api/v1/members/synced/standing", app.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "bl": 12, "reason": "checked\u{0} by\r\nthe service\u{1}" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let user = veche::accounts::find_by_username(app.state.db.read(), "synced").await.unwrap().unwrap();
    let history = veche::audit::standing_history(&app.state.db, user.id, 10).await.unwrap();
    assert_eq!(history[0].reason, "checked by\nthe service");
}

#[tokio::test]
async fn a_reply_typed_in_a_browser_is_stored_with_lf_only() {
    let app = TestApp::spawn().await;
    app.category("deposits", "Поповнення").await;
    let b = app.member("crlf").await;
    let topic = b.new_topic("deposits", "Рядки", "Перший\r\nдругий").await;
    b.reply(topic, "line1\r\nline2\rline3").await;
    let reply = post_of(&app, topic, 2).await;
    assert_eq!(reply.body, "line1\nline2\nline3");
    // The edit form shows the source as stored (HTML parsers hide CR, so
    // look at the bytes).
    let form = b.get(&format!("/p/{}/edit", reply.id)).await;
    assert!(form.body.contains("line1\nline2\nline3"), "{}", form.body);
    assert!(!form.body.contains('\r'));
    assert_eq!(post_of(&app, topic, 1).await.body, "Перший\nдругий");
    // An edit from the browser too, and its history.
    let res = b
        .submit(&format!("/p/{}/edit", reply.id), &format!("/p/{}/edit", reply.id), &[("body", "line1\r\nline2")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let stored: Vec<String> = post_revisions::Entity::find()
        .filter(post_revisions::Column::PostId.eq(reply.id))
        .all(app.state.db.read())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.body)
        .collect();
    assert!(stored.iter().all(|s| !s.contains('\r')), "{stored:?}");
    let history = b.get(&format!("/p/{}/history", reply.id)).await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(!history.body.contains('\r'));
    assert_feeds_well_formed(&app, "deposits").await;
}

#[tokio::test]
async fn a_guide_edited_in_a_browser_diffs_by_the_lines_that_changed() {
    let app = TestApp::spawn().await;
    let editor = app.member_with("redaktor", "personal", 50).await;
    // Written elsewhere with LF (a script, a topic turned into a guide)…
    let res = editor.save_guide("Ліміти", "Перший рядок\nДругий рядок\nТретій рядок\n", "start").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // …then edited in a browser, whose textarea sends CRLF.
    let res = editor
        .save_guide("Ліміти", "Перший рядок\r\nДругий рядок\r\nНовий рядок\r\nТретій рядок\r\n", "one line")
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let revs = revisions::Entity::find().order_by_asc(revisions::Column::Id).all(app.state.db.read()).await.unwrap();
    assert_eq!(revs.len(), 2);
    assert!(!revs[1].body.contains('\r'));
    let diff = editor.get(&format!("{}/diff?from={}&to={}", wiki_path("Ліміти"), revs[0].id, revs[1].id)).await;
    assert_eq!(diff.status, StatusCode::OK);
    let html = diff.html();
    let count = |sel: &str| html.select(&scraper::Selector::parse(sel).unwrap()).count();
    assert_eq!(count("tr.diff-ins"), 1, "one line added");
    assert_eq!(count("tr.diff-del"), 0, "no line removed");
    assert_eq!(diff.text_of("tr.diff-ins td.code").as_deref(), Some("Новий рядок"));
}

// ---------------------------------------- 2. and 3. stored text, feeds ----

/// Writes text as an older version (or another program) could have stored
/// it, bypassing the web layer.
async fn store_raw(app: &TestApp, topic: i64, body: &str, html: &str, title: &str, summary: &str) {
    let db = app.state.db.write();
    let post = post_of(app, topic, 1).await;
    posts::Entity::update_many()
        .col_expr(posts::Column::Body, Expr::value(body))
        .col_expr(posts::Column::Html, Expr::value(html))
        .filter(posts::Column::Id.eq(post.id))
        .exec(db)
        .await
        .unwrap();
    post_revisions::Entity::update_many()
        .col_expr(post_revisions::Column::Body, Expr::value(body))
        .filter(post_revisions::Column::PostId.eq(post.id))
        .exec(db)
        .await
        .unwrap();
    topics::Entity::update_many()
        .col_expr(topics::Column::Title, Expr::value(title))
        .filter(topics::Column::Id.eq(topic))
        .exec(db)
        .await
        .unwrap();
    categories::Entity::update_many().col_expr(categories::Column::Name, Expr::value(title)).exec(db).await.unwrap();
    revisions::Entity::update_many()
        .col_expr(revisions::Column::Summary, Expr::value(summary))
        .col_expr(revisions::Column::Body, Expr::value(body))
        .exec(db)
        .await
        .unwrap();
}

#[tokio::test]
async fn feeds_stay_well_formed_when_stored_text_has_control_characters() {
    let app = TestApp::spawn().await;
    app.category("deposits", "Поповнення").await;
    let b = app.member_with("feeder", "personal", 50).await;
    let topic = b.new_topic("deposits", "Звичайна тема", "Звичайний текст").await;
    b.save_guide("Ліміти", "Текст", "перша версія").await;
    let bad = "a\u{1}b\u{8}c\u{b}d\u{1f}e\u{fffe}f\u{ffff}g";
    store_raw(&app, topic, bad, &format!("<p>{bad}</p>"), &format!("Тема {bad}"), &format!("Зміна {bad}")).await;
    articles::Entity::update_many()
        .col_expr(articles::Column::Title, Expr::value(format!("Ліміти {bad}")))
        .exec(app.state.db.write())
        .await
        .unwrap();
    let feeds = assert_feeds_well_formed(&app, "deposits").await;
    for feed in &feeds[..2] {
        assert!(feed.body.contains("Тема abcdefg"), "{}", feed.body);
    }
    assert!(feeds[2].body.contains("Зміна abcdefg"), "{}", feeds[2].body);
}

#[tokio::test]
async fn stored_text_is_cleaned_by_the_migration_and_rendered_again() {
    let app = TestApp::spawn().await;
    app.category("deposits", "Поповнення").await;
    let b = app.member_with("oldtimer", "personal", 50).await;
    let topic = b.new_topic("deposits", "Стара тема", "Старий текст").await;
    b.save_guide("Ліміти", "Текст", "перша").await;
    b.save_guide("Ліміти", "Текст і ще", "друга").await;
    let nul = if is_sqlite(&app) { "\0" } else { "" };
    let body = format!("line1\r\nline2\u{1}{nul}\rline3\u{fffe}\n\n![pixel](https://tracker.example/p.gif)");
    store_raw(&app, topic, &body, "<p>stale</p>", "Title\u{1}\tX\r\n", "sum\u{b}mary\r\n").await;
    revisions::Entity::update_many()
        .col_expr(revisions::Column::Html, Expr::value("<p>stale</p>"))
        .exec(app.state.db.write())
        .await
        .unwrap();

    // The migrations of this change (and any after them) again, as on an
    // upgraded site.
    let conn = app.state.db.write();
    let names: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
    let first = names.iter().position(|n| n == "m20261202_000103_clean_text").expect("clean-up migration");
    Migrator::down(conn, Some(u32::try_from(names.len() - first).unwrap())).await.unwrap();
    Migrator::up(conn, None).await.unwrap();
    let app = app.restart().await;

    let cleaned = "line1\nline2\nline3\n\n![pixel](https://tracker.example/p.gif)";
    let post = post_of(&app, topic, 1).await;
    assert_eq!(post.body, cleaned);
    // Rendered again at start-up, with the image policy of this version.
    assert!(post.html.contains("<a href=\"https://tracker.example/p.gif\""), "{}", post.html);
    assert!(!post.html.contains("<img") && !post.html.contains("stale"), "{}", post.html);
    let revs: Vec<String> = post_revisions::Entity::find()
        .filter(post_revisions::Column::PostId.eq(post.id))
        .all(app.state.db.read())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.body)
        .collect();
    assert!(revs.iter().all(|r| r == cleaned), "{revs:?}");
    let t = topics::Entity::find_by_id(topic).one(app.state.db.read()).await.unwrap().unwrap();
    assert_eq!(t.title, "Title X ");
    let revs = revisions::Entity::find().all(app.state.db.read()).await.unwrap();
    assert_eq!(revs.len(), 2);
    for rev in revs {
        assert_eq!(rev.summary, "summary ");
        assert_eq!(rev.body, cleaned);
        assert!(rev.html.contains("<a href=\"https://tracker.example/p.gif\""), "{}", rev.html);
    }
    assert_eq!(veche::upkeep::render_version(&app.state.db).await.unwrap(), veche::upkeep::RENDER_VERSION);
    // Accounts that existed before got their name skeleton.
    let u = users::Entity::find().one(app.state.db.read()).await.unwrap().unwrap();
    assert_eq!(u.name_skeleton, veche::accounts::names::skeleton(&u.username));
    assert_feeds_well_formed(&app, "deposits").await;
}

// ------------------------------------------------------------ 4. next ----

const BAD_NEXT: &[&str] = &[
    "/\u{b}",
    "/\u{1}",
    "/\u{1f}",
    "/\u{7f}",
    "/\t/evil.example",
    "/\n/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/ /evil.example",
    "https://evil.example/",
];

#[tokio::test]
async fn next_after_changing_the_language_stays_on_this_site() {
    let app = TestApp::spawn().await;
    // Members change it with the footer form…
    let b = app.member("linguist").await;
    let page = b.get("/settings").await;
    for next in BAD_NEXT {
        let res = b.submit_on(&page, "/settings/language", &[("locale", "en"), ("next", next)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next:?}: {}", res.body);
        assert_eq!(res.location(), Some("/"), "{next:?}");
    }
    let res = b.submit_on(&page, "/settings/language", &[("locale", "uk"), ("next", "/wiki?x=1")]).await;
    assert_eq!(res.location(), Some("/wiki?x=1"));
    // …anonymous readers with the language links.
    let reader = app.browser();
    for next in BAD_NEXT {
        let encoded: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
        let res = reader.get(&format!("/lang/uk?next={encoded}")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next:?}: {}", res.body);
        assert_eq!(res.location(), Some("/"), "{next:?}");
    }
    assert_eq!(reader.get("/lang/en?next=%2Fwiki").await.location(), Some("/wiki"));
}

#[tokio::test]
async fn next_after_signing_in_stays_on_this_site() {
    let app = TestApp::spawn().await;
    app.browser().register("traveller", "traveller@example.com", PASSWORD).await;
    for next in BAD_NEXT {
        let b = app.browser();
        let res = b.submit("/login", "/login", &[("login", "traveller"), ("password", PASSWORD), ("next", next)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next:?}: {}", res.body);
        assert_eq!(res.location(), Some("/"), "{next:?}");
    }
    // The sign-in page does not carry a bad `next` into its form either.
    let page = app.browser().get("/login?next=/%09/evil.example").await;
    assert!(page.form_fields("/login").contains(&("next".into(), "/".into())));
    let b = app.browser();
    let res = b
        .submit("/login?next=/t/1", "/login", &[("login", "traveller"), ("password", PASSWORD), ("next", "/t/1")])
        .await;
    assert_eq!(res.location(), Some("/t/1"));
}

// --------------------------------------------------------- 5. caching ----

fn cache_control(page: &Page) -> &str {
    page.headers.get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn pages_for_a_session_are_never_stored_and_anonymous_ones_briefly() {
    let app = TestApp::spawn().await;
    app.category("deposits", "Поповнення").await;
    let anonymous = app.browser();
    for path in ["/", "/wiki", "/c/deposits", "/latest.atom", "/no-such-page"] {
        let res = anonymous.get(path).await;
        assert!(res.headers.get("set-cookie").is_none(), "{path}");
        let cc = cache_control(&res);
        assert!(cc.starts_with("public, max-age=") && !cc.contains("immutable"), "{path}: {cc}");
        let vary: Vec<&str> = res.headers.get_all("vary").iter().filter_map(|v| v.to_str().ok()).collect();
        assert!(vary.iter().any(|v| v.contains("Accept-Language") && v.contains("Cookie")), "{path}: {vary:?}");
    }
    // A page that starts a session (a form with a CSRF token).
    let visitor = app.browser();
    let res = visitor.get("/login").await;
    assert!(res.headers.get("set-cookie").is_some());
    assert_eq!(cache_control(&res), "private, no-store");
    // Every later page of that visitor, signed in or not.
    assert_eq!(cache_control(&visitor.get("/").await), "private, no-store");
    let member = app.member("cached").await;
    for path in ["/", "/settings", "/u/cached", "/wiki", "/latest.atom", "/no-such-page"] {
        assert_eq!(cache_control(&member.get(path).await), "private, no-store", "{path}");
    }
    let res = member.submit("/settings", "/settings/language", &[("locale", "uk")]).await;
    assert_eq!(cache_control(&res), "private, no-store");
    // Only fingerprinted assets are immutable.
    let v = veche::web::assets::version();
    let res = member.get(&format!("/assets/veche.css?v={v}")).await;
    assert_eq!(cache_control(&res), "public, max-age=31536000, immutable");
    for path in ["/assets/veche.css".to_owned(), "/assets/veche.css?v=old".to_owned()] {
        let cc = cache_control(&anonymous.get(&path).await).to_owned();
        assert!(!cc.contains("immutable") && cc.starts_with("public"), "{path}: {cc}");
    }
    assert_eq!(cache_control(&anonymous.get("/healthz").await), "no-store");
}

// ------------------------------------------------------ 6. usernames ----

async fn try_register(app: &TestApp, name: &str, lang: &str) -> Page {
    let b = app.browser();
    let page = b.get_with("/register", &[("accept-language", lang)]).await;
    let token = csrf_of(&page, "/register");
    let email = format!("{}@example.com", name.bytes().map(|b| format!("{b:02x}")).collect::<String>());
    let fields = [("username", name), ("email", email.as_str()), ("password", PASSWORD), ("csrf_token", &token)];
    b.post_raw("/register", &fields, &[("accept-language", lang)]).await
}

#[tokio::test]
async fn reserved_names_are_refused_at_sign_up() {
    let app = TestApp::spawn().await;
    for name in ["admin", "Support", "settings", "new", "api", "moderator", "\u{0430}dmin", "Ad-min", "wiki", "desk"] {
        let res = try_register(&app, name, "en").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(res.text_of("#username-error").unwrap_or_default().contains("reserved"), "{name}: {}", res.body);
        assert!(res.form_fields("/register").contains(&("username".into(), name.into())), "{name}: kept");
        assert!(veche::accounts::find_by_username(app.state.db.read(), name).await.unwrap().is_none());
    }
    let res = try_register(&app, "admin", "uk").await;
    assert!(res.text_of("#username-error").unwrap_or_default().contains("зарезервоване"), "{}", res.body);
    // The site's own staff account is made from the command line.
    app.staff("support", veche::policy::Role::Admin).await;
}

#[tokio::test]
async fn names_that_look_like_an_existing_one_are_refused() {
    let app = TestApp::spawn().await;
    app.staff("admin1", veche::policy::Role::Admin).await;
    app.browser().register("Тарас", "taras@example.com", PASSWORD).await;
    for fake in ["\u{0430}dmin1", "ADMIN1", "\u{0410}dmin1", "Tapac", "T\u{0430}pac"] {
        let res = try_register(&app, fake, "en").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{fake}");
        let msg = res.text_of("#username-error").unwrap_or_default();
        assert!(msg.contains("looks too much like") || msg.contains("taken"), "{fake}: {msg}");
        assert!(res.form_fields("/register").contains(&("username".into(), fake.into())), "{fake}: kept");
    }
    let res = try_register(&app, "\u{0430}dmin1", "uk").await;
    let msg = res.text_of("#username-error").unwrap_or_default();
    assert!(msg.contains("надто схоже") && msg.contains("admin1"), "{msg}");
    // The command line is held to the same rule.
    let form = veche::accounts::SignUp {
        username: "\u{0430}dmin1".into(),
        email: "cli@example.com".into(),
        password: PASSWORD.into(),
    };
    let err =
        veche::accounts::create(&app.state.db, "alias", &form, veche::policy::Role::Member, true).await.unwrap_err();
    assert!(
        matches!(&err, veche::error::AppError::Invalid(e) if e.get("username").is_some_and(|f| f.key == "err-username-confusable")),
        "{err:?}"
    );
    // Ordinary names, Cyrillic included, are welcome.
    for name in ["Олександра", "admin2", "Тарас_Шевченко", "Ївга"] {
        let res = try_register(&app, name, "en").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{name}: {}", res.body);
    }
    let stored = users::Entity::find().filter(users::Column::UsernameKey.eq("олександра")).one(app.state.db.read());
    let stored = stored.await.unwrap().unwrap();
    assert_eq!(stored.name_skeleton, veche::accounts::names::skeleton("Олександра"));
}

// -------------------------------------------------------- 7. lockout ----

async fn sign_in_from(b: &Browser, page: &Page, ip: &str, password: &str) -> StatusCode {
    b.client
        .post(b.url("/login"))
        .header("x-forwarded-for", ip)
        .form(&[("login", "oksana"), ("password", password), ("csrf_token", &csrf_of(page, "/login"))])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn strangers_cannot_lock_a_member_out() {
    let app = TestApp::spawn_with(|c| {
        c.login_per_account_per_hour = 3;
        c.client_ip_header = "x-forwarded-for".into();
    })
    .await;
    app.browser().register("oksana", "oksana@example.com", PASSWORD).await;
    let attacker = app.browser();
    let page = attacker.get("/login").await;
    for _ in 0..3 {
        assert_eq!(
            sign_in_from(&attacker, &page, "203.0.113.7", "guess guess guess").await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    // The attacking address is locked out of this account, right password or not.
    assert_eq!(sign_in_from(&attacker, &page, "203.0.113.7", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    // The member, from an address that never failed, signs in.
    let member = app.browser();
    let page = member.get("/login").await;
    assert_eq!(sign_in_from(&member, &page, "198.51.100.20", PASSWORD).await, StatusCode::SEE_OTHER);
    assert_eq!(member.whoami().await.as_deref(), Some("oksana"));
    // Another new address gets one guess while the account is under attack.
    let other = app.browser();
    let page = other.get("/login").await;
    assert_eq!(sign_in_from(&other, &page, "192.0.2.99", "guess guess guess").await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(sign_in_from(&other, &page, "192.0.2.99", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
}

// ---------------------------------------------------------- 8. images ----

#[tokio::test]
async fn only_images_from_allowed_hosts_load() {
    let app = TestApp::spawn_with(|c| c.image_hosts = vec!["img.example.net".into()]).await;
    app.category("deposits", "Поповнення").await;
    let b = app.member("picturer").await;
    let topic = b
        .new_topic(
            "deposits",
            "Картинки",
            "![ok](https://img.example.net/a.png) ![pixel](https://tracker.example/p.gif) ![own](/assets/favicon.svg)",
        )
        .await;
    let page = b.get(&format!("/t/{topic}")).await;
    assert!(page.has("img[src='https://img.example.net/a.png']"), "{}", page.body);
    assert!(page.has("img[src='/assets/favicon.svg']"));
    assert!(!page.has("img[src='https://tracker.example/p.gif']"));
    let link = page.html();
    let a = link
        .select(&scraper::Selector::parse("a[href='https://tracker.example/p.gif']").unwrap())
        .next()
        .expect("the image became a link");
    assert_eq!(a.text().collect::<String>(), "pixel");
    let rel = a.value().attr("rel").unwrap_or_default();
    for word in ["nofollow", "ugc", "noopener"] {
        assert!(rel.split(' ').any(|r| r == word), "{rel}");
    }
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("img-src 'self' data: img.example.net;"), "{csp}");
    // Without a list, only the site's own images, and the CSP says so.
    let plain = TestApp::spawn().await;
    let csp = plain.browser().get("/").await.headers["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("img-src 'self' data:;"), "{csp}");
}
