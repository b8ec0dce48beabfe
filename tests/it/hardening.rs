//! What a black-box attack found: staff acting above their rank, members
//! promoting themselves, hidden content leaking, moderators outside their
//! categories, deleted topics staff could not restore.

use reqwest::StatusCode;
use veche::policy::Role;

use crate::support::{Browser, Page, TestApp};

fn token(page: &Page) -> String {
    page.form_fields("/logout").into_iter().find(|(k, _)| k == "csrf_token").unwrap().1
}

/// Posts to a staff form with a valid token, as a hand-made request would.
async fn forced(b: &Browser, path: &str, fields: &[(&str, &str)]) -> Page {
    let page = b.get("/").await;
    let mut all = vec![("csrf_token", token(&page))];
    all.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post_raw(path, &pairs, &[]).await
}

async fn user(app: &TestApp, name: &str) -> veche::accounts::User {
    veche::accounts::find_by_username(app.state.db.read(), name).await.unwrap().unwrap()
}

#[tokio::test]
async fn staff_act_only_on_lower_ranks_and_never_on_themselves() {
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    let admin = app.staff("admin1", Role::Admin).await;
    let moderator = app.staff("moder", Role::Moderator).await;
    let other_mod = app.staff("moder2", Role::Moderator).await;
    let _registrar = app.staff("registrar1", Role::Registrar).await;
    let _member = app.member("member1").await;
    let ban = |name: &str| format!("/u/{name}/sanction");
    let fields = [("kind", "ban"), ("reason", "спроба")];
    for target in ["admin1", "moder2", "registrar1"] {
        let res = forced(&moderator, &ban(target), &fields).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "a moderator banned {target}");
        assert!(!user(&app, target).await.banned);
    }
    assert_eq!(forced(&moderator, &ban("moder"), &fields).await.status, StatusCode::FORBIDDEN, "not oneself");
    assert_eq!(forced(&admin, &ban("admin1"), &fields).await.status, StatusCode::FORBIDDEN, "not oneself");
    // Downwards it works.
    assert_eq!(forced(&moderator, &ban("member1"), &fields).await.status, StatusCode::SEE_OTHER);
    assert!(user(&app, "member1").await.banned);
    assert_eq!(forced(&admin, &ban("moder2"), &fields).await.status, StatusCode::SEE_OTHER);
    assert!(user(&app, "moder2").await.banned);
    assert!(other_mod.whoami().await.is_none(), "a banned moderator's session ends");
    // A moderator limited to one category is still only a moderator.
    let res = admin.submit("/u/moder", "/u/moder/role", &[("role", "moderator"), ("categories", "questions")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        forced(&moderator, &ban("admin1"), &[("kind", "silence"), ("reason", "x")]).await.status,
        StatusCode::FORBIDDEN
    );
    // Nobody changes their own role.
    let res = forced(&admin, "/u/admin1/role", &[("role", "member"), ("reason", "x")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(user(&app, "admin1").await.role, "admin");
}

#[tokio::test]
async fn registrars_cannot_promote_themselves_or_give_levels_above_their_own() {
    let app = TestApp::spawn().await;
    let registrar = app.staff("registrar1", Role::Registrar).await;
    app.member("candidate").await;
    let _admin = app.staff("admin1", Role::Admin).await;
    let standing = |certificate: &'static str, bl: &'static str| {
        vec![("certificate", certificate), ("bl_mode", "manual"), ("bl", bl), ("reason", "документи")]
    };
    let me = user(&app, "registrar1").await;
    let res = forced(&registrar, "/u/registrar1/standing", &standing("operator", "10000")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("your own account"), "{}", res.body);
    let after = user(&app, "registrar1").await;
    assert_eq!((after.certificate, after.bl), (me.certificate, me.bl));
    // Levels at or above the registrar's own are refused; below are fine.
    let res = forced(&registrar, "/u/candidate/standing", &standing("operator", "20")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(user(&app, "candidate").await.certificate, "alias");
    let res = forced(&registrar, "/u/candidate/standing", &standing("personal", "20")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(user(&app, "candidate").await.certificate, "personal");
    // Staff of a higher rank are out of reach.
    let res = forced(&registrar, "/u/admin1/standing", &standing("formal", "1")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The panel is not offered on one's own profile.
    assert!(!registrar.get("/u/registrar1").await.has("form[action='/u/registrar1/standing']"));
}

#[tokio::test]
async fn hidden_and_deleted_posts_stay_hidden_on_every_path() {
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    let author = app.member("author").await;
    let spammer = app.member("spammer").await;
    let reader = app.member("reader").await;
    let moderator = app.staff("moderator", Role::Moderator).await;
    let id = author.new_topic("questions", "Звичайне питання", "Текст питання").await;
    spammer.reply(id, "Секретне посилання на шахраїв").await;
    let post = app.post_id(id, 2).await;
    let res = forced(&moderator, &format!("/p/{post}/mod"), &[("action", "hide"), ("reason", "шахрайство")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    for b in [&app.browser(), &reader] {
        assert_eq!(b.get(&format!("/p/{post}/history")).await.status, StatusCode::NOT_FOUND);
        assert_eq!(b.get(&format!("/p/{post}")).await.status, StatusCode::NOT_FOUND);
    }
    let quote = reader.get(&format!("/t/{id}/reply?quote={post}")).await;
    assert_eq!(quote.status, StatusCode::NOT_FOUND);
    assert!(!quote.body.contains("Секретне"));
    let page = reader.get(&format!("/t/{id}?page=1")).await;
    assert!(!page.body.contains("Секретне"));
    // Its author sees it, with the reason; staff see it too.
    let own = spammer.get(&format!("/p/{post}/history")).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(spammer.get(&format!("/t/{id}?page=1")).await.text_of("#p2 .hidden-note").unwrap().contains("шахрайство"));
    assert_eq!(moderator.get(&format!("/p/{post}/history")).await.status, StatusCode::OK);

    // A topic whose opening post is hidden: no title, no replies, no feed entry.
    let hidden = spammer.new_topic("questions", "Заголовок-приманка для шахрайства", "Приманка").await;
    let opening = app.post_id(hidden, 1).await;
    forced(&moderator, &format!("/p/{opening}/mod"), &[("action", "hide"), ("reason", "шахрайство")]).await;
    let res = reader.get(&format!("/t/{hidden}")).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(!res.body.contains("приманка"));
    let res = forced(&spammer, &format!("/t/{hidden}/reply"), &[("body", "ще спам")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "no replies to a hidden topic");
    for path in ["/latest.atom", "/c/questions.atom", "/", "/c/questions", "/t/suggest?q=приманка"] {
        let body = app.browser().get(path).await.body;
        assert!(!body.contains("приманка") && !body.contains("Секретне"), "{path}: {body}");
    }
    // Deleted: staff only.
    let res = forced(&moderator, &format!("/p/{post}/mod"), &[("action", "delete"), ("reason", "спам")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(spammer.get(&format!("/p/{post}/history")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(moderator.get(&format!("/p/{post}/history")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn moderators_limited_to_a_category_act_only_there_both_ways() {
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    app.category("scams", "Шахрайство").await;
    let admin = app.staff("admin1", Role::Admin).await;
    let moderator = app.staff("moder", Role::Moderator).await;
    let res = admin.submit("/u/moder", "/u/moder/role", &[("role", "moderator"), ("categories", "questions")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let author = app.member("author").await;
    let mine = author.new_topic("questions", "Питання у моїй категорії", "Текст").await;
    let theirs = author.new_topic("scams", "Тема в чужій категорії", "Текст").await;
    for (i, name) in ["flagger1", "flagger2"].iter().enumerate() {
        let b = app.member(name).await;
        for t in [mine, theirs] {
            let post = app.post_id(t, 1).await;
            let res = forced(&b, &format!("/p/{post}/flag"), &[("reason", "spam")]).await;
            assert_eq!(res.status, StatusCode::SEE_OTHER, "flag {i}: {}", res.body);
        }
    }
    let queue = moderator.get("/mod").await;
    assert!(queue.body.contains("Питання у моїй категорії"));
    assert!(!queue.body.contains("Тема в чужій категорії"), "flags from other categories stay out of the queue");
    assert!(admin.get("/mod").await.body.contains("Тема в чужій категорії"));
    // Moving a topic out of the moderator's categories is refused.
    let res = forced(&moderator, &format!("/t/{mine}/mod"), &[("action", "move"), ("category", "scams")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(app.browser().get("/c/questions").await.body.contains("Питання у моїй категорії"));
    let res = forced(&moderator, &format!("/t/{theirs}/mod"), &[("action", "close")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn staff_see_a_deleted_topic_and_restore_it() {
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    let author = app.member("author").await;
    let moderator = app.staff("moder", Role::Moderator).await;
    let id = author.new_topic("questions", "Тема, яку видалять", "Текст першого допису").await;
    author.reply(id, "Відповідь").await;
    let opening = app.post_id(id, 1).await;
    let res = forced(&moderator, &format!("/p/{opening}/mod"), &[("action", "delete"), ("reason", "дубль")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(app.browser().get(&format!("/t/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(author.get(&format!("/t/{id}")).await.status, StatusCode::NOT_FOUND);
    let page = moderator.get(&format!("/t/{id}?page=1")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("#deleted-topic"));
    assert!(page.body.contains("Текст першого допису"), "staff read the deleted text");
    assert!(page.has("#p1 .mod-tools option[value='restore']"));
    assert_eq!(moderator.get(&format!("/p/{opening}/history")).await.status, StatusCode::OK);
    let res = moderator.submit_on(&page, &format!("/p/{opening}/mod"), &[("action", "restore")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let back = app.browser().get(&format!("/t/{id}?page=1")).await;
    assert_eq!(back.status, StatusCode::OK);
    assert!(back.body.contains("Тема, яку видалять"));
}
