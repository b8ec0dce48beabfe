use reqwest::StatusCode;
use veche::policy::Role;

use crate::support::TestApp;

async fn forum_app() -> TestApp {
    let app = TestApp::spawn().await;
    app.category("deposits", "Поповнення та виведення").await;
    app.category("security", "Безпека").await;
    app
}

#[tokio::test]
async fn admins_manage_categories_members_cannot() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin", Role::Admin).await;
    let res = admin
        .submit(
            "/admin/categories",
            "/admin/categories",
            &[("name", "Гаманці"), ("slug", "wallets"), ("color", "#336699")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = admin
        .submit(
            "/admin/categories",
            "/admin/categories",
            &[("name", "Android"), ("slug", "android"), ("parent", "wallets")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // Bad input keeps what was typed and says what to fix.
    let res = admin.submit("/admin/categories", "/admin/categories", &[("name", "Погана"), ("slug", "Bad Slug")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("lower-case Latin"), "{}", res.body);
    assert!(res.form_fields("/admin/categories").contains(&("name".into(), "Погана".into())));
    // Two levels only.
    let res = admin
        .submit("/admin/categories", "/admin/categories", &[("name", "Deep"), ("slug", "deep"), ("parent", "android")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Edit.
    let res = admin
        .submit(
            "/admin/categories",
            "/admin/categories/wallets",
            &[("name", "Гаманці й застосунки"), ("slug", "wallets")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let home = app.browser().get("/").await;
    assert!(home.body.contains("Гаманці й застосунки") && home.body.contains("Android"));
    let css = app.browser().get("/categories.css").await;
    assert!(css.body.contains("[data-color=\"#336699\"]{background:#336699}"), "{}", css.body);

    let member = app.member("member1").await;
    assert_eq!(member.get("/admin/categories").await.status, StatusCode::FORBIDDEN);
    let page = admin.get("/admin/categories").await;
    let res = member.submit_on(&page, "/admin/categories", &[("name", "Hack"), ("slug", "hack")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "a member cannot post the admin form even with a token");
}

#[tokio::test]
async fn a_member_opens_a_topic_and_others_reply() {
    let app = forum_app().await;
    let olena = app.member("Олена").await;
    let id = olena
        .new_topic("deposits", "  Не надійшло поповнення з картки  ", "Поповнила гаманець **вчора**, гроші не прийшли.")
        .await;
    let page = app.browser().get(&format!("/t/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text_of("h1").unwrap().lines().next().unwrap().trim(), "Не надійшло поповнення з картки");
    assert!(page.body.contains("<strong>вчора</strong>"), "rendered Markdown");
    // The author card shows certificate and BL beside the name.
    assert_eq!(page.text_of("#p1 .author").as_deref(), Some("Олена"));
    assert_eq!(page.text_of("#p1 .cert").as_deref(), Some("Alias"));
    assert_eq!(page.text_of("#p1 .bl").as_deref(), Some("BL 0"));

    let petro = app.member("petro").await;
    let loc = petro.reply(id, "Перевірте статус платежу в історії.").await;
    assert_eq!(loc, format!("/t/{id}?page=1#p2"));
    let page = app.browser().get(&format!("/t/{id}/any-slug-at-all")).await;
    assert_eq!(page.text_of("#p2 .author").as_deref(), Some("petro"));
    // The list shows the reply count and last activity.
    let home = app.browser().get("/").await;
    assert!(home.body.contains("Не надійшло поповнення з картки"));
    assert_eq!(home.text_of(".topic-stats .stat b").as_deref(), Some("1"));
}

#[tokio::test]
async fn bad_topic_input_keeps_the_text_and_says_what_to_fix() {
    let app = forum_app().await;
    let b = app.member("writer").await;
    let long = "я".repeat(32_001);
    for (fields, field, message) in [
        (
            vec![("category", "deposits"), ("title", "Коро"), ("body", "Текст, який не можна втратити")],
            "title",
            "5 to 200",
        ),
        (vec![("category", "deposits"), ("title", "Нормальний заголовок"), ("body", "   ")], "body", "write something"),
        (vec![("category", "nowhere"), ("title", "Нормальний заголовок"), ("body", "Текст")], "category", "choose one"),
        (
            vec![("category", "deposits"), ("title", "Нормальний заголовок"), ("body", long.as_str())],
            "body",
            "too long",
        ),
    ] {
        let res = b.submit("/t/new", "/t/new", &fields).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(res.text_of(&format!("#{field}-error")).unwrap_or_default().contains(message), "{field}: {}", res.body);
        let kept = res.form_fields("/t/new");
        for (k, v) in &fields {
            if *k != "category" {
                assert!(kept.contains(&((*k).to_owned(), (*v).to_owned())), "{k} not kept");
            }
        }
    }
    let res =
        b.submit("/t/new", "/t/new", &[("category", "deposits"), ("title", &"з".repeat(201)), ("body", "x")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.browser().get("/").await.body.contains("No topics here yet"));
}

#[tokio::test]
async fn missing_topics_and_posts_are_404_pages() {
    let app = forum_app().await;
    for path in ["/t/999999", "/t/abc", "/t/0", "/t/-3/x", "/p/424242", "/p/xyz/history", "/c/nope", "/t/1?page=2"] {
        let res = app.browser().get(path).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        assert!(res.has("header nav"), "{path} uses the layout");
    }
}

#[tokio::test]
async fn anonymous_visitors_read_but_must_sign_in_to_post() {
    let app = forum_app().await;
    let id = app.member("author").await.new_topic("deposits", "Питання про ліміти", "Які ліміти?").await;
    let anon = app.browser();
    let page = anon.get(&format!("/t/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Sign in to reply"));
    let res = anon.get("/t/new").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().unwrap().starts_with("/login?next="));
}

#[tokio::test]
async fn quoting_inserts_attributed_markdown_with_a_link() {
    let app = forum_app().await;
    let a = app.member("quoted").await;
    let id = a.new_topic("deposits", "Тема для цитати", "Перший рядок\nДругий рядок").await;
    let b = app.member("quoter").await;
    let topic = b.get(&format!("/t/{id}")).await;
    let post_id: i64 = topic
        .html()
        .select(&scraper::Selector::parse("#p1 form[action$='/bookmark']").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .split('/')
        .nth(2)
        .unwrap()
        .parse()
        .unwrap();
    let form = b.get(&format!("/t/{id}/reply?quote={post_id}")).await;
    let body = form.form_fields(&format!("/t/{id}/reply")).into_iter().find(|(k, _)| k == "body").unwrap().1;
    assert_eq!(body, format!("@quoted [wrote](/p/{post_id}):\n> Перший рядок\n> Другий рядок\n\n"));
    let res = b.submit_on(&form, &format!("/t/{id}/reply"), &[("body", &format!("{body}Згоден."))]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = app.browser().get(&format!("/t/{id}")).await;
    assert!(page.body.contains(&format!("href=\"/p/{post_id}\"")), "link back to the quoted post");
    assert!(page.body.contains("<blockquote>"));
    assert_eq!(
        app.browser().get(&format!("/p/{post_id}")).await.location(),
        Some(format!("/t/{id}?page=1#p1").as_str())
    );
}

#[tokio::test]
async fn editing_keeps_every_version_and_only_authors_or_staff_edit() {
    let app = forum_app().await;
    let author = app.member("editor").await;
    let id = author.new_topic("deposits", "Як вивести кошти", "Спочатку відкрийте гаманець.").await;
    let topic = author.get(&format!("/t/{id}")).await;
    let edit_href = topic
        .html()
        .select(&scraper::Selector::parse("#p1 a[href$='/edit']").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    let res = author.submit(&edit_href, &edit_href, &[("body", "Спочатку відкрийте застосунок.")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app.browser().get(&format!("/t/{id}")).await;
    assert!(page.body.contains("відкрийте застосунок"));
    assert!(page.text_of("#p1 .edited").is_some());
    let history_href = edit_href.replace("/edit", "/history");
    let history = app.browser().get(&history_href).await;
    assert_eq!(history.status, StatusCode::OK);
    assert_eq!(history.text_of(".diff-del mark").as_deref(), Some("гаманець"));
    assert_eq!(history.text_of(".diff-ins mark").as_deref(), Some("застосунок"));
    assert!(history.body.contains("Спочатку відкрийте гаманець."), "the first version is shown in full");

    let other = app.member("stranger").await;
    assert_eq!(other.get(&edit_href).await.status, StatusCode::FORBIDDEN);
    let res = other.submit_on(&author.get(&edit_href).await, &edit_href, &[("body", "vandalism")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let moderator = app.staff("moder", Role::Moderator).await;
    let res =
        moderator.submit(&edit_href, &edit_href, &[("body", "Спочатку відкрийте застосунок. (виправлено)")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let history = app.browser().get(&history_href).await;
    assert!(history.body.contains("moder"), "the editor is named");
    assert_eq!(history.html().select(&scraper::Selector::parse(".revision").unwrap()).count(), 3);
}

#[tokio::test]
async fn deleted_posts_show_as_deleted_and_staff_still_see_the_text() {
    let app = forum_app().await;
    let a = app.member("opener").await;
    let id = a.new_topic("deposits", "Тема з видаленням", "Початок").await;
    let b = app.member("regretful").await;
    b.reply(id, "Мій секретний номер картки").await;
    let page = b.get(&format!("/t/{id}")).await;
    let action = page
        .html()
        .select(&scraper::Selector::parse("#p2 form[action$='/delete']").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_owned();
    assert_eq!(b.press(&format!("/t/{id}"), &action).await.status, StatusCode::SEE_OTHER);
    let public = app.browser().get(&format!("/t/{id}")).await;
    assert!(public.body.contains("This post was deleted"));
    assert!(!public.body.contains("секретний номер"));
    let moderator = app.staff("watcher", Role::Moderator).await;
    assert!(moderator.get(&format!("/t/{id}")).await.body.contains("секретний номер"));
    let home = app.browser().get("/").await;
    assert_eq!(home.text_of(".topic-stats .stat b").as_deref(), Some("0"), "reply count went down");
}

#[tokio::test]
async fn one_like_per_member_and_not_on_your_own_post() {
    let app = forum_app().await;
    let a = app.member("liked").await;
    let id = a.new_topic("deposits", "Корисна тема", "Корисний текст").await;
    assert!(!a.get(&format!("/t/{id}")).await.has("#p1 form[action$='/like']"), "no like button on own post");
    let b = app.member("liker").await;
    let page = b.get(&format!("/t/{id}")).await;
    let action = page
        .html()
        .select(&scraper::Selector::parse("#p1 form[action$='/like']").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_owned();
    b.press(&format!("/t/{id}"), &action).await;
    assert_eq!(app.browser().get(&format!("/t/{id}")).await.text_of("#p1 .likes").as_deref(), Some("♥ 1"));
    b.press(&format!("/t/{id}"), &action).await; // toggles back
    assert_eq!(app.browser().get(&format!("/t/{id}")).await.text_of("#p1 .likes").as_deref(), Some("♥ 0"));
    b.press(&format!("/t/{id}"), &action).await;
    let c = app.member("liker2").await;
    c.press(&format!("/t/{id}"), &action).await;
    assert_eq!(app.browser().get(&format!("/t/{id}")).await.text_of("#p1 .likes").as_deref(), Some("♥ 2"));
    let page = a.get(&format!("/t/{id}?page=1")).await;
    let token = page.form_fields("/logout").into_iter().find(|(k, _)| k == "csrf_token").unwrap().1;
    let res = a.post_raw(&action, &[("csrf_token", &token)], &[]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "liking your own post is refused");
    assert_eq!(app.browser().get(&format!("/t/{id}")).await.text_of("#p1 .likes").as_deref(), Some("♥ 2"));
}

#[tokio::test]
async fn bookmarks_are_listed_on_the_members_own_page() {
    let app = forum_app().await;
    let poster = app.member("poster").await;
    let id = poster.new_topic("deposits", "Тема для закладки", "Текст").await;
    let a = app.member("bookworm").await;
    let page = a.get(&format!("/t/{id}")).await;
    let action = page
        .html()
        .select(&scraper::Selector::parse("#p1 form[action$='/bookmark']").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_owned();
    a.press(&format!("/t/{id}"), &action).await;
    let profile = a.get("/u/bookworm").await;
    assert!(profile.text_of(".bookmarks").unwrap_or_default().contains("Тема для закладки"));
    assert!(!app.browser().get("/u/bookworm").await.body.contains("Тема для закладки"), "bookmarks are private");
}

#[tokio::test]
async fn the_topic_author_marks_the_solution_others_cannot() {
    let app = forum_app().await;
    let asker = app.member("asker").await;
    let id = asker.new_topic("deposits", "Як повернути доступ?", "Загубив телефон").await;
    let helper = app.member("helper").await;
    helper.reply(id, "Відновіть через реєстратора з документами.").await;
    let page = helper.get(&format!("/t/{id}?page=1")).await;
    assert!(!page.has("#p2 form[action$='/solve']"), "only the author or staff see the button");
    let page = asker.get(&format!("/t/{id}?page=1")).await;
    let action = page
        .html()
        .select(&scraper::Selector::parse("#p2 form[action$='/solve']").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_owned();
    let own_page = helper.get(&format!("/t/{id}?page=1")).await;
    let token = own_page.form_fields("/logout").into_iter().find(|(k, _)| k == "csrf_token").unwrap().1;
    let res = helper.post_raw(&action, &[("csrf_token", &token)], &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(asker.press(&format!("/t/{id}?page=1"), &action).await.status, StatusCode::SEE_OTHER);
    let page = app.browser().get(&format!("/t/{id}")).await;
    assert!(page.text_of(".solution-box").unwrap_or_default().contains("реєстратора"), "shown under the first post");
    let home = app.browser().get("/").await;
    assert!(home.text_of(".topic-row .marker.solved").is_some());
}

#[tokio::test]
async fn replying_to_a_closed_topic_is_refused_with_the_text_kept() {
    use sea_orm::{ActiveModelTrait, Set};
    let app = forum_app().await;
    let a = app.member("closer").await;
    let id = a.new_topic("deposits", "Тема, яку закриють", "Текст").await;
    let page = a.get(&format!("/t/{id}")).await;
    veche::entities::topics::ActiveModel { id: Set(id), closed: Set(true), ..Default::default() }
        .update(app.state.db.write())
        .await
        .unwrap();
    let res = a.submit_on(&page, &format!("/t/{id}/reply"), &[("body", "Моя довга відповідь")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.text_of(".compose .flash-error").unwrap_or_default().contains("closed"));
    assert!(res.form_fields(&format!("/t/{id}/reply")).contains(&("body".into(), "Моя довга відповідь".into())));
    assert!(app.browser().get(&format!("/t/{id}")).await.body.contains("This topic is closed"));
}

#[tokio::test]
async fn preview_renders_with_and_without_script() {
    let app = forum_app().await;
    let b = app.member("previewer").await;
    let res = b
        .submit(
            "/t/new",
            "/t/new",
            &[
                ("category", "deposits"),
                ("title", "Попередній перегляд"),
                ("body", "**жирний** <script>x</script>"),
                ("preview", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.text_of(".preview-area").unwrap_or_default().contains("жирний"));
    assert!(res.body.contains("<strong>жирний</strong>") && !res.body.contains("<script>x"));
    assert!(res.form_fields("/t/new").contains(&("title".into(), "Попередній перегляд".into())));
    assert!(app.browser().get("/").await.body.contains("No topics here yet"), "preview does not post");

    let token = res.form_fields("/t/new").into_iter().find(|(k, _)| k == "csrf_token").unwrap().1;
    let fragment = b.post_raw("/preview", &[("body", "_курсив_")], &[("x-csrf-token", &token)]).await;
    assert_eq!(fragment.status, StatusCode::OK);
    assert_eq!(fragment.body.trim(), "<p><em>курсив</em></p>");
    assert_eq!(b.post_raw("/preview", &[("body", "x")], &[]).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn user_html_is_sanitized_when_written() {
    let app = forum_app().await;
    let b = app.member("hacker").await;
    let id = b
        .new_topic(
            "deposits",
            "Спроба XSS",
            "<img src=x onerror=alert(1)> [клік](javascript:alert(2)) <iframe src=//evil></iframe>",
        )
        .await;
    let page = app.browser().get(&format!("/t/{id}")).await;
    let post = page.html().select(&scraper::Selector::parse("#p1 .post-body").unwrap()).next().unwrap().inner_html();
    assert!(!post.contains("onerror") && !post.contains("javascript:") && !post.contains("<iframe"), "{post}");
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let stored = veche::entities::posts::Entity::find()
        .filter(veche::entities::posts::Column::TopicId.eq(id))
        .one(app.state.db.read())
        .await
        .unwrap()
        .unwrap();
    assert!(stored.body.contains("onerror"), "the source is kept as written");
    assert!(!stored.html.contains("onerror"), "the stored HTML is sanitized");
}

#[tokio::test]
async fn feeds_list_the_newest_topics() {
    let app = forum_app().await;
    let b = app.member("feeder").await;
    b.new_topic("deposits", "Перша тема у стрічці", "Текст першої").await;
    b.new_topic("security", "Друга тема у стрічці", "Текст <b>другої</b>").await;
    let feed = app.browser().get("/latest.atom").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.headers["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
    let parsed: atom_syndication::Feed = feed.body.parse().expect("valid Atom");
    let titles: Vec<&str> = parsed.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(titles, ["Друга тема у стрічці", "Перша тема у стрічці"]);
    let cat: atom_syndication::Feed = app.browser().get("/c/security.atom").await.body.parse().expect("valid Atom");
    assert_eq!(cat.entries().len(), 1);
    assert!(cat.entries()[0].content().and_then(|c| c.value()).unwrap_or_default().contains("<b>другої</b>"));
    assert_eq!(app.browser().get("/c/nope.atom").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn members_see_unread_markers_and_land_on_the_first_unread_post() {
    let app = forum_app().await;
    let a = app.member("poster").await;
    let id = a.new_topic("deposits", "Тема з відповідями", "Початок").await;
    let reader = app.member("reader").await;
    let home = reader.get("/").await;
    assert_eq!(home.text_of(".topic-row .marker.new").as_deref(), Some("new"));
    assert!(!app.browser().get("/").await.has(".marker.new"), "anonymous readers get no markers");
    assert_eq!(reader.get(&format!("/t/{id}")).await.status, StatusCode::OK);
    let home = reader.get("/").await;
    assert!(!home.has(".marker.new") && !home.has(".marker.unread-count"), "read now");

    a.reply(id, "Друга").await;
    a.reply(id, "Третя").await;
    let home = reader.get("/").await;
    assert_eq!(home.text_of(".marker.unread-count").as_deref(), Some("2"));
    let res = reader.get(&format!("/t/{id}")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some(format!("/t/{id}?page=1#p2").as_str()));
    reader.follow(&res).await;
    assert!(!reader.get("/").await.has(".marker.unread-count"));
    // The author's own replies never count as unread for them.
    assert!(!a.get("/").await.has(".marker.unread-count"));
}

#[tokio::test]
async fn topic_lists_use_stable_keyset_pages_with_pinned_first() {
    use sea_orm::{ActiveModelTrait, Set};
    let app = forum_app().await;
    let b = app.member("prolific").await;
    let mut ids = Vec::new();
    for i in 0..35 {
        ids.push(
            b.new_topic(if i % 2 == 0 { "deposits" } else { "security" }, &format!("Тема номер {i:02}"), "Текст").await,
        );
    }
    let first = app.browser().get("/").await;
    let rows = |p: &crate::support::Page| -> Vec<String> {
        p.html().select(&scraper::Selector::parse(".topic-title").unwrap()).map(|e| e.text().collect()).collect()
    };
    let page1 = rows(&first);
    assert_eq!(page1.len(), 30);
    assert_eq!(page1[0], "Тема номер 34");
    let next = first
        .html()
        .select(&scraper::Selector::parse("a[rel=next]").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert!(next.contains("cursor="), "{next}");
    assert!(!next.contains("offset"), "keyset, not OFFSET");
    // New activity must not shift the next page.
    b.new_topic("deposits", "Зовсім нова тема", "Текст").await;
    let second = app.browser().get(&next).await;
    let page2 = rows(&second);
    assert_eq!(page2, ["Тема номер 04", "Тема номер 03", "Тема номер 02", "Тема номер 01", "Тема номер 00"]);
    assert!(!second.has("a[rel=next]"));

    // Pinned topics come first; a category list pins by its own flag.
    veche::entities::topics::ActiveModel {
        id: Set(ids[0]),
        pinned_globally: Set(true),
        pinned: Set(true),
        ..Default::default()
    }
    .update(app.state.db.write())
    .await
    .unwrap();
    let home = app.browser().get("/").await;
    assert_eq!(rows(&home)[0], "Тема номер 00");
    assert!(home.has(".topic-row.pinned"));
    let cat = app.browser().get("/c/deposits").await;
    assert_eq!(rows(&cat)[0], "Тема номер 00");
    assert!(
        rows(&cat).iter().all(|t| t == "Зовсім нова тема" || t.ends_with(['0', '2', '4', '6', '8'])),
        "only the category's topics"
    );

    // Sorting by newest and by top.
    let newest = app.browser().get("/?sort=new").await;
    assert_eq!(rows(&newest)[0], "Зовсім нова тема");
    let c = app.member("fan").await;
    c.reply(ids[5], "Відповідь").await;
    let top = app.browser().get("/?sort=top&period=week").await;
    assert_eq!(rows(&top)[0], "Тема номер 05");
    for bad in ["/?sort=weird", "/?cursor=garbage", "/?sort=top&period=century"] {
        assert_eq!(app.browser().get(bad).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn a_topic_page_costs_the_same_number_of_queries_whatever_its_length() {
    let app = forum_app().await;
    let a = app.member("long").await;
    let short = a.new_topic("deposits", "Коротка тема", "Текст").await;
    let long = a.new_topic("deposits", "Довга тема", "Текст").await;
    for i in 0..45 {
        a.reply(long, &format!("Відповідь {i}")).await;
    }
    let reader = app.member("counter").await;
    let mut costs = Vec::new();
    for path in [
        format!("/t/{short}?page=1"),
        format!("/t/{long}?page=1"),
        format!("/t/{long}?page=2"),
        format!("/t/{long}?page=3"),
    ] {
        reader.get(&path).await; // first visit records the read position
        let before = app.state.db.query_count();
        let res = reader.get(&path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        costs.push(app.state.db.query_count() - before);
    }
    assert!(costs.iter().all(|c| *c == costs[0]), "queries per topic page: {costs:?}");
    // The session, the member, their unread count; the topic with their read
    // position and watch level; the posts with their likes, bookmarks and
    // own flags; the related guides.
    assert!(costs[0] <= 6, "a topic page is a small fixed number of queries: {costs:?}");
    let before = app.state.db.query_count();
    app.browser().get("/").await;
    let list_cost = app.state.db.query_count() - before;
    assert!(list_cost <= 2, "home: topic list + categories, got {list_cost}");
}

#[tokio::test]
async fn mentions_link_to_existing_members_only() {
    let app = forum_app().await;
    app.member("Оксана").await;
    let b = app.member("mentioner").await;
    let id =
        b.new_topic("deposits", "Згадки учасників", "Дякую @Оксана і @nobody_here за поради. Пишіть на a@b.com").await;
    let page = app.browser().get(&format!("/t/{id}")).await;
    let mentions: Vec<String> = page
        .html()
        .select(&scraper::Selector::parse("#p1 a.mention").unwrap())
        .map(|e| e.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(mentions, ["/u/%D0%9E%D0%BA%D1%81%D0%B0%D0%BD%D0%B0"]);
    assert!(page.text_of("#p1 .post-body").unwrap().contains("@nobody_here"));
}

#[tokio::test]
async fn posts_link_to_guides_with_wiki_links() {
    let app = forum_app().await;
    let e = app.member_with("guidewriter", "personal", 50).await;
    e.save_guide("Ліміти", "Про ліміти", "").await;
    let id = e.new_topic("deposits", "Посилання на довідник", "Див. [[ліміти]] і [[Немає такої]].").await;
    let page = app.browser().get(&format!("/t/{id}")).await;
    let links: Vec<(String, String)> = page
        .html()
        .select(&scraper::Selector::parse("#p1 a.wiki-link").unwrap())
        .map(|e| (e.value().attr("href").unwrap().to_owned(), e.value().attr("class").unwrap().to_owned()))
        .collect();
    assert_eq!(links[0], ("/wiki/%D0%9B%D1%96%D0%BC%D1%96%D1%82%D0%B8".to_owned(), "wiki-link".to_owned()));
    assert!(links[1].1.contains("new"), "a missing guide is a red link");
}

#[tokio::test]
async fn admins_reorder_categories_and_the_cli_edits_them() {
    let app = forum_app().await;
    let admin = app.staff("orderer", Role::Admin).await;
    let names = |p: &crate::support::Page| -> Vec<String> {
        p.html()
            .select(&scraper::Selector::parse(".category-list li > a").unwrap())
            .map(|e| e.text().collect())
            .collect()
    };
    assert_eq!(names(&app.browser().get("/").await), ["Поповнення та виведення", "Безпека"]);
    let page = admin.get("/admin/categories").await;
    let doc = page.html();
    let form = doc
        .select(&scraper::Selector::parse("form[action='/admin/categories/security/move']").unwrap())
        .find(|f| f.inner_html().contains("value=\"up\""))
        .unwrap();
    let token = form
        .select(&scraper::Selector::parse("input[name=csrf_token]").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("value")
        .unwrap()
        .to_owned();
    let res =
        admin.post_raw("/admin/categories/security/move", &[("csrf_token", &token), ("direction", "up")], &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(names(&app.browser().get("/").await), ["Безпека", "Поповнення та виведення"]);
}
