//! Moderation: topic and post tools, flags and the queue, sanctions, posting
//! limits and the staff log.

use reqwest::StatusCode;
use veche::policy::Role;

use crate::support::{Browser, PASSWORD, Page, TestApp};

async fn app_with_topic() -> (TestApp, Browser, Browser, i64) {
    let app = TestApp::spawn().await;
    app.category("questions", "Питання").await;
    app.category("scams", "Шахрайство").await;
    let author = app.member("author").await;
    let id = author.new_topic("questions", "Підозріле повідомлення", "Мені написала «підтримка» у Telegram.").await;
    let moderator = app.staff("moderator", Role::Moderator).await;
    (app, author, moderator, id)
}

fn token(page: &Page) -> String {
    page.form_fields("/logout").into_iter().find(|(k, _)| k == "csrf_token").unwrap().1
}

async fn tool(b: &Browser, topic: i64, action: &str, extra: &[(&str, &str)]) -> Page {
    let mut fields = vec![("action", action)];
    fields.extend_from_slice(extra);
    b.submit(&format!("/t/{topic}?page=1"), &format!("/t/{topic}/mod"), &fields).await
}

async fn log_actions(app: &TestApp) -> Vec<String> {
    veche::audit::staff_log(&app.state.db, &Default::default(), 100)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect()
}

#[tokio::test]
async fn topic_tools_close_pin_and_move_with_a_log_row_each() {
    let (app, author, moderator, id) = app_with_topic().await;
    assert_eq!(tool(&moderator, id, "close", &[("reason", "вирішено")]).await.status, StatusCode::SEE_OTHER);
    let page = author.get(&format!("/t/{id}?page=1")).await;
    assert!(page.body.contains("This topic is closed"));
    assert_eq!(tool(&moderator, id, "reopen", &[]).await.status, StatusCode::SEE_OTHER);
    assert!(author.get(&format!("/t/{id}?page=1")).await.has("form[action$='/reply']"));

    author.new_topic("questions", "Новіша тема", "Текст").await;
    tool(&moderator, id, "pin-global", &[]).await;
    let home = app.browser().get("/").await;
    assert_eq!(home.text_of(".topic-title").as_deref(), Some("Підозріле повідомлення"));
    tool(&moderator, id, "move", &[("category", "scams")]).await;
    let scams = app.browser().get("/c/scams").await;
    assert!(scams.body.contains("Підозріле повідомлення"));
    assert!(!app.browser().get("/c/questions").await.body.contains("Підозріле повідомлення"));
    let actions = log_actions(&app).await;
    for a in ["topic.close", "topic.reopen", "topic.pin-global", "topic.move"] {
        assert!(actions.contains(&a.to_owned()), "{a}: {actions:?}");
    }
    // Members get a 403 page for every tool, even with a valid token.
    let page = author.get(&format!("/t/{id}?page=1")).await;
    assert!(!page.has("#topic-tools"));
    let res =
        author.post_raw(&format!("/t/{id}/mod"), &[("csrf_token", &token(&page)), ("action", "close")], &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(author.get("/mod").await.status, StatusCode::FORBIDDEN);
    assert_eq!(author.get("/mod/log").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn hidden_posts_show_the_reason_and_leak_nowhere() {
    let (app, author, moderator, id) = app_with_topic().await;
    let editor = app.member_with("editor", "personal", 50).await;
    editor.save_guide("Фальшива підтримка", "Не відповідайте.", "").await;
    let spammer = app.member("spammer").await;
    spammer.reply(id, "Купуйте тут! [[Фальшива підтримка]]").await;
    let page = moderator.get(&format!("/t/{id}?page=1")).await;
    let action = page
        .html()
        .select(&scraper::Selector::parse("#p2 form.mod-tools").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_owned();
    // A reason is required.
    let res = moderator.submit_on(&page, &action, &[("action", "hide"), ("reason", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = moderator.submit_on(&page, &action, &[("action", "hide"), ("reason", "реклама")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let public = author.get(&format!("/t/{id}?page=1")).await;
    assert!(public.text_of("#p2 .hidden-note").unwrap().contains("реклама"));
    assert!(!public.body.contains("Купуйте тут"));
    assert!(moderator.get(&format!("/t/{id}?page=1")).await.body.contains("Купуйте тут"), "staff still see it");
    let guide = app.browser().get(&crate::support::wiki_path("Фальшива підтримка")).await;
    assert!(!guide.has("#discussions li a"), "not listed as a discussion");
    assert!(!public.has("#related-guides"), "no related guides from hidden posts");
    let page = moderator.get(&format!("/t/{id}?page=1")).await;
    moderator.submit_on(&page, &action, &[("action", "unhide")]).await;
    assert!(author.get(&format!("/t/{id}?page=1")).await.body.contains("Купуйте тут"));
    assert!(log_actions(&app).await.contains(&"post.hide".to_owned()));
}

#[tokio::test]
async fn flags_hide_a_post_and_the_queue_decides() {
    let (app, _author, moderator, id) = app_with_topic().await;
    let scammer = app.member("scammer").await;
    scammer.reply(id, "Напишіть мені, поверну гроші за комісію.").await;
    let mut flaggers = Vec::new();
    for i in 0..3 {
        let b = app.member(&format!("reporter{i}")).await;
        let page = b.get(&format!("/t/{id}?page=1")).await;
        let action = page
            .html()
            .select(&scraper::Selector::parse("#p2 form[action$='/flag']").unwrap())
            .next()
            .unwrap()
            .value()
            .attr("action")
            .unwrap()
            .to_owned();
        let res = b.submit_on(&page, &action, &[("reason", "scam")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        if i == 0 {
            // One flag per member per post.
            let again = b.submit_on(&page, &action, &[("reason", "spam")]).await;
            assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(again.body.contains("already flagged"));
            assert!(
                !app.browser().get(&format!("/t/{id}?page=1")).await.has("#p2 .hidden-note"),
                "one flag does not hide"
            );
        }
        flaggers.push(b);
    }
    let page = app.browser().get(&format!("/t/{id}?page=1")).await;
    assert!(page.has("#p2 .hidden-note"), "three flags hide it until reviewed");
    let queue = moderator.get("/mod").await;
    assert_eq!(queue.status, StatusCode::OK);
    let item = queue.text_of(".queue-item").unwrap();
    assert!(item.contains("поверну гроші") && item.contains("Scam or fraud"), "{item}");
    let post_id: String = queue
        .html()
        .select(&scraper::Selector::parse(".queue-item form").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let res = moderator
        .submit_on(
            &queue,
            &format!("/mod/flags/{post_id}"),
            &[("decision", "agree"), ("reason", "шахрайство"), ("silence_days", "3")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(moderator.get("/mod").await.body.contains("Nothing is waiting"));
    assert!(
        app.browser().get(&format!("/t/{id}?page=1")).await.text_of("#p2 .hidden-note").unwrap().contains("шахрайство")
    );
    // The author is silenced: a clear page, never a 500, and the profile says why.
    let res = scammer
        .submit("/t/new", "/t/new", &[("category", "questions"), ("title", "Ще одна пропозиція"), ("body", "текст")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("You are silenced"), "{}", res.body);
    let profile = scammer.get("/u/scammer").await;
    assert!(profile.text_of("#sanctions").unwrap().contains("шахрайство"));
    let actions = log_actions(&app).await;
    assert!(actions.contains(&"flags.agree".to_owned()) && actions.contains(&"user.silence".to_owned()), "{actions:?}");
    assert!(actions.contains(&"post.hide-by-flags".to_owned()));
}

#[tokio::test]
async fn suspension_ends_every_session_at_once_until_lifted() {
    let (app, author, moderator, _) = app_with_topic().await;
    assert_eq!(author.whoami().await.as_deref(), Some("author"));
    let profile = moderator.get("/u/author").await;
    let res = moderator
        .submit_on(&profile, "/u/author/sanction", &[("kind", "suspend"), ("days", "7"), ("reason", "спам")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(author.whoami().await, None, "the session ended at once");
    let b = app.browser();
    let res = b.submit("/login", "/login", &[("login", "author"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("suspended until") && res.body.contains("спам"), "{}", res.body);
    let profile = moderator.get("/u/author").await;
    let res = moderator.submit_on(&profile, "/u/author/lift", &[("kind", "suspend")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    b.sign_in("author", PASSWORD).await;
    // A ban works the same way; members cannot sanction.
    let profile = moderator.get("/u/author").await;
    moderator.submit_on(&profile, "/u/author/sanction", &[("kind", "ban"), ("reason", "шахрай")]).await;
    assert_eq!(b.whoami().await, None);
    let res = app.browser().submit("/login", "/login", &[("login", "author"), ("password", PASSWORD)]).await;
    assert!(res.body.contains("banned"));
    let member = app.member("bystander").await;
    let page = member.get("/u/moderator").await;
    let res = member
        .post_raw("/u/moderator/sanction", &[("csrf_token", &token(&page)), ("kind", "ban"), ("reason", "x")], &[])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let actions = log_actions(&app).await;
    assert!(
        actions.contains(&"user.suspend".to_owned())
            && actions.contains(&"user.unsuspend".to_owned())
            && actions.contains(&"user.ban".to_owned())
    );
}

#[tokio::test]
async fn posting_limits_answer_429_with_retry_after_and_keep_the_text() {
    let app = TestApp::spawn_with(|c| {
        c.post_interval_secs = 60;
        c.new_account_hours = 24;
        c.new_post_interval_secs = 1;
        c.new_topics_per_day = 1;
    })
    .await;
    app.category("questions", "Питання").await;
    let newbie = app.member("newbie").await;
    newbie.new_topic("questions", "Перша тема новачка", "Текст").await;
    let res = newbie
        .submit(
            "/t/new",
            "/t/new",
            &[("category", "questions"), ("title", "Друга тема новачка"), ("body", "Мій довгий текст")],
        )
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers.contains_key("retry-after"));
    assert!(res.form_fields("/t/new").contains(&("body".into(), "Мій довгий текст".into())));
    assert!(res.body.contains("Too many attempts"));
    // Staff are exempt.
    let moderator = app.staff("fast_mod", Role::Moderator).await;
    moderator.new_topic("questions", "Тема модератора 1", "Текст").await;
    moderator.new_topic("questions", "Тема модератора 2", "Текст").await;
}

#[tokio::test]
async fn the_staff_log_lists_and_filters_every_action() {
    let (app, _author, moderator, id) = app_with_topic().await;
    tool(&moderator, id, "close", &[("reason", "дубль")]).await;
    let s = &app.state;
    use veche::accounts::{Source, StandingChange, change_standing};
    change_standing(&s.db, &s.policy, "author", StandingChange::Bl(20), "перевірено", None, Source::Cli).await.unwrap();
    let log = moderator.get("/mod/log").await;
    assert_eq!(log.status, StatusCode::OK);
    let text = log.text_of(".staff-log").unwrap();
    // Actions are stored as data and told in words, in the reader's language.
    assert!(text.contains("closed the topic") && text.contains("дубль") && text.contains("BL 0 → 20"), "{text}");
    assert!(log.has(r#"td[data-key="topic.close"]"#) && log.has(r#"td[data-key="standing.bl"]"#));
    let filtered = moderator.get("/mod/log?action=topic").await;
    assert!(filtered.has(r#"td[data-key="topic.close"]"#) && !filtered.has(r#"td[data-key="standing.bl"]"#));
    let by_member = moderator.get("/mod/log?member=author&actor=moderator").await;
    assert!(by_member.has(r#"td[data-key="topic.close"]"#));
    let uk = moderator.get_with("/mod/log", &[("accept-language", "uk")]).await;
    assert!(uk.text_of(".staff-log").unwrap().contains("закрив тему"), "{}", uk.body);
}

#[tokio::test]
async fn members_see_their_flag_outcome() {
    let (app, author, moderator, id) = app_with_topic().await;
    let _ = author;
    let spam = app.member("spam_poster").await;
    spam.reply(id, "Реклама").await;
    let reporter = app.member("reporter").await;
    let page = reporter.get(&format!("/t/{id}?page=1")).await;
    let action = page
        .html()
        .select(&scraper::Selector::parse("#p2 form[action$='/flag']").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_owned();
    reporter.submit_on(&page, &action, &[("reason", "other"), ("text", "реклама сайту")]).await;
    let mine = reporter.get(&format!("/t/{id}?page=1")).await;
    assert!(mine.text_of("#p2 .my-flag").unwrap().contains("waiting for a moderator"));
    let post_id = action.split('/').nth(2).unwrap().to_owned();
    let queue = moderator.get("/mod").await;
    moderator.submit_on(&queue, &format!("/mod/flags/{post_id}"), &[("decision", "disagree")]).await;
    let mine = reporter.get(&format!("/t/{id}?page=1")).await;
    assert!(mine.text_of("#p2 .my-flag").unwrap().contains("disagreed"));
    assert!(!mine.has("#p2 .hidden-note"));
}

#[tokio::test]
async fn new_accounts_may_post_only_a_few_links() {
    let app = TestApp::spawn_with(|c| c.new_account_hours = 24).await;
    app.category("questions", "Питання").await;
    let newbie = app.member("linky").await;
    let body = "https://a.example https://b.example https://c.example";
    let res = newbie
        .submit("/t/new", "/t/new", &[("category", "questions"), ("title", "Багато посилань"), ("body", body)])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text_of("#body-error").unwrap().contains("at most 2 links"));
    assert!(res.form_fields("/t/new").contains(&("body".into(), body.into())));
    newbie.new_topic("questions", "Два посилання", "https://a.example https://b.example").await;
}

#[tokio::test]
async fn moderators_merge_and_split_topics() {
    let (app, author, moderator, id) = app_with_topic().await;
    let other = author.new_topic("questions", "Те саме питання ще раз", "Дубль").await;
    let helper = app.member("merger_helper").await;
    helper.reply(other, "Відповідь у дублі").await;
    let page = moderator.get(&format!("/t/{other}?page=1")).await;
    let res = moderator.submit_on(&page, &format!("/t/{other}/merge"), &[("into", &format!("/t/{id}/slug"))]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let merged = app.browser().get(&format!("/t/{id}?page=1")).await;
    assert!(merged.body.contains("Дубль") && merged.body.contains("Відповідь у дублі"));
    assert_eq!(merged.html().select(&scraper::Selector::parse("article.post").unwrap()).count(), 3);
    // The merged topic's address leads to the topic it went into.
    let gone = app.browser().get(&format!("/t/{other}")).await;
    assert_eq!(gone.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(gone.location(), Some(format!("/t/{id}").as_str()));

    // Split the two merged posts off again.
    let page = moderator.get(&format!("/t/{id}?page=1")).await;
    let res = moderator
        .submit_on(
            &page,
            &format!("/t/{id}/split"),
            &[("posts", "2, 3"), ("title", "Виділена тема"), ("category", "scams")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let new_topic = app.browser().get(res.location().unwrap()).await;
    assert_eq!(new_topic.text_of("h1").unwrap().lines().next().unwrap().trim(), "Виділена тема");
    assert!(new_topic.text_of("#p1").unwrap().contains("Дубль"));
    assert!(new_topic.text_of("#p2").unwrap().contains("Відповідь у дублі"));
    let original = app.browser().get(&format!("/t/{id}?page=1")).await;
    assert_eq!(original.html().select(&scraper::Selector::parse("article.post").unwrap()).count(), 1);
    let home = app.browser().get("/c/scams").await;
    assert!(home.body.contains("Виділена тема"));
    let actions = log_actions(&app).await;
    assert!(actions.contains(&"topic.merge".to_owned()) && actions.contains(&"topic.split".to_owned()));
}

#[tokio::test]
async fn hiding_the_opening_post_hides_the_topic_from_lists_and_feeds() {
    let (app, _author, moderator, id) = app_with_topic().await;
    let page = moderator.get(&format!("/t/{id}?page=1")).await;
    let action = page
        .html()
        .select(&scraper::Selector::parse("#p1 form.mod-tools").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_owned();
    moderator.submit_on(&page, &action, &[("action", "hide"), ("reason", "шахрайська реклама")]).await;
    assert!(!app.browser().get("/").await.body.contains("Підозріле повідомлення"));
    assert!(!app.browser().get("/c/questions").await.body.contains("Підозріле повідомлення"));
    assert!(!app.browser().get("/latest.atom").await.body.contains("Підозріле повідомлення"));
    assert!(moderator.get("/").await.body.contains("Підозріле повідомлення"), "staff still see it");
    let page = moderator.get(&format!("/t/{id}?page=1")).await;
    moderator.submit_on(&page, &action, &[("action", "unhide")]).await;
    assert!(app.browser().get("/").await.body.contains("Підозріле повідомлення"));
}

#[tokio::test]
async fn moderators_can_be_limited_to_some_categories() {
    let (app, author, _moderator, id) = app_with_topic().await;
    let scam_topic = author.new_topic("scams", "Шахрай у чаті", "Текст").await;
    let admin = app.staff("chief", Role::Admin).await;
    app.staff("scam_mod", Role::Member).await;
    let profile = admin.get("/u/scam_mod").await;
    let res = admin.submit_on(&profile, "/u/scam_mod/role", &[("role", "moderator"), ("categories", "nowhere")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "unknown category refused");
    let res = admin
        .submit_on(
            &profile,
            "/u/scam_mod/role",
            &[("role", "moderator"), ("categories", "scams"), ("reason", "відповідає за шахрайство")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let scoped = app.browser();
    scoped.sign_in("scam_mod", PASSWORD).await;
    assert_eq!(tool(&scoped, scam_topic, "close", &[]).await.status, StatusCode::SEE_OTHER);
    let page = scoped.get(&format!("/t/{id}?page=1")).await;
    let res = scoped.submit_on(&page, &format!("/t/{id}/mod"), &[("action", "close")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "outside the moderator's categories");
    assert!(log_actions(&app).await.contains(&"standing.moderator-scope".to_owned()));
}

#[tokio::test]
async fn new_accounts_posts_and_sign_ups_can_wait_for_approval() {
    let app = TestApp::spawn_with(|c| {
        c.approve_new_posts = true;
        c.new_account_hours = 24;
        c.approve_registrations = true;
    })
    .await;
    app.category("questions", "Питання").await;
    let moderator = app.staff("gatekeeper", Role::Moderator).await;
    // A sign-up waits: it cannot sign in until approved.
    let b = app.browser();
    b.register("waiting", "waiting@example.com", PASSWORD).await;
    let res = b.submit("/login", "/login", &[("login", "waiting"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("waiting for a moderator"));
    let queue = moderator.get("/mod").await;
    assert!(queue.text_of("#pending-registrations").unwrap().contains("waiting"));
    moderator.submit_on(&queue, "/mod/registrations/waiting", &[("decision", "approve")]).await;
    b.sign_in("waiting", PASSWORD).await;
    app.verify_address(&b, "waiting@example.com").await;
    // Its first topic is held: readers do not see it until a moderator approves.
    let id = b.new_topic("questions", "Тема новачка на схвалення", "Текст новачка").await;
    assert!(!app.browser().get("/").await.body.contains("Тема новачка на схвалення"));
    let queue = moderator.get("/mod").await;
    assert!(queue.text_of(".held-item").unwrap().contains("Текст новачка"));
    let action = queue
        .html()
        .select(&scraper::Selector::parse(".held-item form").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_owned();
    moderator.submit_on(&queue, &action, &[("decision", "approve")]).await;
    assert!(app.browser().get("/").await.body.contains("Тема новачка на схвалення"));
    assert!(app.browser().get(&format!("/t/{id}?page=1")).await.body.contains("Текст новачка"));
    let actions = log_actions(&app).await;
    assert!(actions.contains(&"user.approve".to_owned()) && actions.contains(&"post.approve".to_owned()));
}
