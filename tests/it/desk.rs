//! The support desk: filing from an account and by e-mail, confirmation,
//! tracking, answers, the archive and reopening, agents' scope, response
//! times, guides that prevent requests, answers turned into guides, the
//! staff log and the filing limits.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use veche::entities::{desk_requests, desk_services, mod_log};
use veche::policy::Role;

use crate::support::{Browser, Page, TestApp};

async fn service_id(app: &TestApp, slug: &str) -> i64 {
    desk_services::Entity::find()
        .filter(desk_services::Column::Slug.eq(slug))
        .one(app.state.db.read())
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn file(b: &Browser, fields: &[(&str, &str)]) -> Page {
    b.submit("/support/new", "/support/new", fields).await
}

/// Files from a signed-in member's account; returns the request number.
async fn file_from_account(app: &TestApp, b: &Browser, slug: &str, subject: &str, body: &str) -> i64 {
    let service = service_id(app, slug).await.to_string();
    let res = file(b, &[("service", &service), ("subject", subject), ("body", body), ("answers", "account")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let loc = res.location().unwrap();
    loc.trim_start_matches("/support/r/").parse().unwrap()
}

async fn staff_log_actions(app: &TestApp) -> Vec<String> {
    mod_log::Entity::find().all(app.state.db.read()).await.unwrap().into_iter().map(|r| r.action).collect()
}

fn status_of(page: &Page) -> String {
    let sel = scraper::Selector::parse("#status").unwrap();
    page.html().select(&sel).next().and_then(|e| e.value().attr("data-status")).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_member_files_from_the_account_gets_an_answer_sees_it_archived_and_reopens_it() {
    let app = TestApp::spawn().await;
    let member = app.member("olena").await;
    let agent = app.staff("agent_ivan", Role::Agent).await;

    let id = file_from_account(&app, &member, "technical", "Cannot sign in", "The keeper says\r\n**error 12**.").await;
    let page = member.get(&format!("/support/r/{id}")).await;
    assert_eq!(status_of(&page), "new");
    assert!(page.body.contains("<strong>error 12</strong>"), "Markdown through the pipeline: {}", page.body);
    let mine = member.get("/support").await;
    assert!(mine.text_of("#my-open").unwrap().contains("Cannot sign in"));

    // The agent finds it in the queue, writes a note and answers.
    let queue = agent.get("/desk").await;
    assert!(queue.has(&format!("#q{id}")), "{}", queue.body);
    let desk_page = format!("/desk/r/{id}");
    let res = agent
        .submit(&desk_page, &format!("/desk/r/{id}/note"), &[("body", "Looks like a blocked IP, secret note")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res =
        agent.submit(&desk_page, &format!("/desk/r/{id}/reply"), &[("body", "Clear the cache and try again.")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    let page = member.get(&format!("/support/r/{id}")).await;
    assert_eq!(status_of(&page), "waiting");
    assert!(page.body.contains("Clear the cache"));
    assert!(!page.body.contains("secret note"), "internal notes never reach the requester");
    assert!(agent.get(&desk_page).await.body.contains("secret note"));

    // The member writes back: waiting for support again.
    let res = member
        .submit(&format!("/support/r/{id}"), &format!("/support/r/{id}/reply"), &[("body", "Still broken")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(status_of(&member.get(&format!("/support/r/{id}")).await), "pending");

    let res = agent.press(&desk_page, &format!("/desk/r/{id}/resolve")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(status_of(&member.get(&format!("/support/r/{id}")).await), "resolved");

    // After the quiet period it moves to the archive, correspondence kept.
    let soon = veche::util::now() + time::Duration::hours(1);
    assert_eq!(veche::desk::staff::archive_quiet(&app.state.app, soon).await.unwrap(), 0);
    let later = veche::util::now() + time::Duration::days(8);
    assert_eq!(veche::desk::staff::archive_quiet(&app.state.app, later).await.unwrap(), 1);
    let page = member.get(&format!("/support/r/{id}")).await;
    assert_eq!(status_of(&page), "archived");
    assert!(page.body.contains("Clear the cache") && page.body.contains("Still broken"));
    assert!(member.get("/support").await.text_of("#my-archive").unwrap().contains("Cannot sign in"));
    assert!(!page.has("form#reply"), "an archived request takes no reply");
    let refused = member.post_raw(&format!("/support/r/{id}/reply"), &[("body", "x")], &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "no CSRF token");

    // "Take out of the archive" reopens the conversation.
    let res = member.press(&format!("/support/r/{id}"), &format!("/support/r/{id}/reopen")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = member.get(&format!("/support/r/{id}")).await;
    assert_eq!(status_of(&page), "pending");
    assert!(page.has("form#reply"));

    let log = staff_log_actions(&app).await;
    for action in ["desk.note", "desk.reply", "desk.resolve"] {
        assert!(log.iter().any(|a| a == action), "{action} in {log:?}");
    }
    // The staff log page names the action in words.
    let admin = app.staff("admin_a", Role::Admin).await;
    assert!(admin.get("/mod/log").await.body.contains(&format!("answered support request {id}")));
}

#[tokio::test]
async fn an_email_request_exists_only_after_confirmation_and_opens_only_with_its_key() {
    let app = TestApp::spawn().await;
    let anon = app.browser();
    let service = service_id(&app, "finance").await.to_string();
    let email = "lost.access@example.org";
    let res = file(
        &anon,
        &[("service", &service), ("subject", "Lost my account"), ("body", "Please help"), ("email", email)],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.has("#desk-sent"));
    let db = app.state.db.read();
    assert_eq!(desk_requests::Entity::find().count(db).await.unwrap(), 0, "nothing filed before confirming");

    let mails = app.mail_to(email).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Confirm your support request");
    let confirm = mails[0].link("/support/confirm/");
    let form_page = anon.get(&confirm).await;
    assert!(form_page.status.is_success());
    assert_eq!(desk_requests::Entity::find().count(db).await.unwrap(), 0, "opening the link files nothing");
    let shown = anon.submit_on(&form_page, &confirm, &[]).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    let number: i64 = shown.text_of("#tracking-number").unwrap().parse().unwrap();
    let key = shown.text_of("#access-key").unwrap();
    assert!(shown.headers.get("cache-control").unwrap().to_str().unwrap().contains("no-store"));

    // The key is mailed, and kept only as a hash.
    let mails = app.mail_to(email).await;
    assert_eq!(mails.len(), 2);
    assert!(mails[1].subject.contains(&format!("request {number}")), "{}", mails[1].subject);
    assert!(mails[1].text.contains(&key), "{}", mails[1].text);
    assert_eq!(mails[1].link("/support/track"), format!("/support/track?n={number}"));
    let stored = desk_requests::Entity::find_by_id(number).one(db).await.unwrap().unwrap();
    assert_eq!(stored.channel, "email");
    assert_ne!(stored.key_hash.as_deref(), Some(key.as_str()));
    assert_eq!(stored.key_hash.as_deref().map(str::len), Some(64));

    // The confirmation link works once.
    let again = anon.post_raw(&confirm, &[("csrf_token", &csrf_of(&form_page))], &[]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(anon.get(&confirm).await.status, StatusCode::NOT_FOUND);

    // Another browser needs the key; a wrong key opens nothing.
    let other = app.browser();
    let track = format!("/support/track/{number}");
    let res = other.get(&track).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(!res.body.contains("Please help"));
    let wrong =
        other.submit("/support/track", "/support/track", &[("n", &number.to_string()), ("key", "0123abcd")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("The number or the key is wrong"));
    assert!(!wrong.body.contains("Please help"));
    let missing = other.submit("/support/track", "/support/track", &[("n", "99999"), ("key", &key)]).await;
    assert!(missing.body.contains("The number or the key is wrong"), "the same answer for a missing number");
    let res = other.submit("/support/track", "/support/track", &[("n", &number.to_string()), ("key", &key)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = other.get(&track).await;
    assert!(page.body.contains("Please help"), "{}", page.body);
    assert_eq!(status_of(&page), "new");

    // An answer arrives by mail with the tracking link, never the key.
    let agent = app.staff("agent_fin", Role::Agent).await;
    let res = agent
        .submit(
            &format!("/desk/r/{number}"),
            &format!("/desk/r/{number}/reply"),
            &[("body", "Send us a photo of the card.")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let mails = app.mail_to(email).await;
    assert_eq!(mails.len(), 3);
    let answer = &mails[2];
    assert_eq!(answer.link("/support/track"), format!("/support/track?n={number}"));
    assert!(answer.text.contains("photo of the card"), "{}", answer.text);
    assert!(!answer.text.contains(&key) && !answer.html.contains(&key), "never the key");

    // The requester answers on the tracking page.
    let res = other.submit(&track, &format!("{track}/reply"), &[("body", "Here it is")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(status_of(&other.get(&track).await), "pending");

    // It never appears in an account, even one with the same address.
    let member = app.browser();
    member.register("lostaccess", email, crate::support::PASSWORD).await;
    member.sign_in("lostaccess", crate::support::PASSWORD).await;
    assert!(!member.get("/support").await.body.contains("Lost my account"));
    assert_eq!(member.get(&format!("/support/r/{number}")).await.status, StatusCode::NOT_FOUND);
}

fn csrf_of(page: &Page) -> String {
    let sel = scraper::Selector::parse("input[name=csrf_token]").unwrap();
    page.html().select(&sel).next().and_then(|e| e.value().attr("value")).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn agents_see_only_their_services_and_requesters_only_their_own_requests() {
    let app = TestApp::spawn().await;
    let member = app.member("petro").await;
    let stranger = app.member("stranger").await;
    let agent = app.staff("agent_only", Role::Agent).await;
    let registrar = app.staff("registrar_r", Role::Registrar).await;
    let moderator = app.staff("moder", Role::Moderator).await;

    let cert = file_from_account(&app, &member, "certification", "Raise my level", "Documents attached").await;
    let tech = file_from_account(&app, &member, "technical", "Button missing", "Where is it").await;

    let queue = agent.get("/desk").await;
    assert!(queue.has(&format!("#q{tech}")) && !queue.has(&format!("#q{cert}")), "{}", queue.body);
    assert_eq!(agent.get(&format!("/desk/r/{cert}")).await.status, StatusCode::FORBIDDEN);
    let out =
        agent.post_raw(&format!("/desk/r/{cert}/reply"), &[("body", "x"), ("csrf_token", &csrf_of(&queue))], &[]).await;
    assert_eq!(out.status, StatusCode::FORBIDDEN);

    let queue = registrar.get("/desk").await;
    assert!(queue.has(&format!("#q{cert}")) && !queue.has(&format!("#q{tech}")));
    assert!(registrar.get(&format!("/desk/r/{cert}")).await.body.contains("Documents attached"));

    assert_eq!(moderator.get("/desk").await.status, StatusCode::FORBIDDEN);
    assert_eq!(member.get("/desk").await.status, StatusCode::FORBIDDEN);
    assert_eq!(stranger.get(&format!("/support/r/{tech}")).await.status, StatusCode::NOT_FOUND);
    assert!(!stranger.get("/support").await.body.contains("Button missing"));

    // Moving a request to another service hands it to that service's staff.
    let res = agent
        .submit(
            &format!("/desk/r/{tech}"),
            &format!("/desk/r/{tech}/service"),
            &[("service", &service_id(&app, "certification").await.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), Some("/desk"));
    assert_eq!(agent.get(&format!("/desk/r/{tech}")).await.status, StatusCode::FORBIDDEN);
    assert!(registrar.get("/desk").await.has(&format!("#q{tech}")));
    assert!(staff_log_actions(&app).await.iter().any(|a| a == "desk.service-change"));

    // Assigning: to oneself, and not to someone who does not answer the service.
    let res =
        registrar.submit(&format!("/desk/r/{cert}"), &format!("/desk/r/{cert}/assign"), &[("assignee", "")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(registrar.get(&format!("/desk/r/{cert}")).await.text_of("#assignee").as_deref(), Some("registrar_r"));
    let res = registrar
        .submit(&format!("/desk/r/{cert}"), &format!("/desk/r/{cert}/assign"), &[("assignee", "agent_only")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Duplicates of one requester merge; the merged one shows where it went.
    let res = registrar
        .submit(&format!("/desk/r/{tech}"), &format!("/desk/r/{tech}/merge"), &[("into", &cert.to_string())])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let merged = member.get(&format!("/support/r/{cert}")).await;
    assert!(merged.body.contains("Where is it") && merged.body.contains("Documents attached"));
    assert!(!member.get("/support").await.body.contains("Button missing"));
    assert!(staff_log_actions(&app).await.iter().any(|a| a == "desk.merge"));
}

#[tokio::test]
async fn the_desk_shows_time_to_first_response_and_the_share_within_target() {
    let app = TestApp::spawn().await;
    let member = app.member("timed").await;
    let agent = app.staff("agent_clock", Role::Agent).await;
    let fast = file_from_account(&app, &member, "technical", "Quick one", "a").await;
    let slow = file_from_account(&app, &member, "technical", "Slow one", "b").await;
    let waiting = file_from_account(&app, &member, "technical", "Unanswered", "c").await;
    // Filed 45 minutes ago (the technical target is 30).
    let ago = veche::util::now() - time::Duration::minutes(45);
    for id in [slow, waiting] {
        desk_requests::Entity::update(desk_requests::ActiveModel {
            id: Set(id),
            created_at: Set(ago),
            updated_at: Set(ago),
            ..Default::default()
        })
        .exec(app.state.db.write())
        .await
        .unwrap();
    }
    for id in [fast, slow] {
        let res = agent.submit(&format!("/desk/r/{id}"), &format!("/desk/r/{id}/reply"), &[("body", "Answer")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    // A second answer does not move the clock.
    agent.submit(&format!("/desk/r/{slow}"), &format!("/desk/r/{slow}/reply"), &[("body", "More")]).await;
    assert_eq!(agent.get(&format!("/desk/r/{slow}")).await.text_of("#first-response").as_deref(), Some("45 minutes"));
    assert_eq!(agent.get(&format!("/desk/r/{fast}")).await.text_of("#first-response").as_deref(), Some("0 minutes"));

    let desk = agent.get("/desk").await;
    let row = |sel: &str| desk.text_of(&format!("#desk-stats tbody tr:first-child {sel}")).unwrap();
    assert_eq!(row(".answered"), "2");
    assert_eq!(row(".median-first"), "0 minutes", "lower middle of 0 and 45");
    // Two answered (one late) and one overdue unanswered: one of three.
    assert_eq!(row(".within"), "33%");
}

#[tokio::test]
async fn guides_shown_before_sending_count_requests_they_prevented() {
    let app = TestApp::spawn().await;
    let editor = app.member_with("editor", "personal", 50).await;
    editor.save_guide("Withdrawal to a card", "Open the wallet and choose **Withdraw**.", "first").await;
    let anon = app.browser();
    let service = service_id(&app, "finance").await.to_string();
    let fields = [
        ("service", service.as_str()),
        ("subject", "Withdrawal card"),
        ("body", "Money did not arrive"),
        ("email", "w@example.org"),
    ];
    let shown = file(&anon, &fields).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.has("#deflection"), "{}", shown.body);
    assert!(shown.text_of("#deflection").unwrap().contains("Withdrawal to a card"));
    assert!(app.mail_to("w@example.org").await.is_empty(), "nothing sent yet");

    let res = anon.submit_on(&shown, "/support/solved", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some(crate::support::wiki_path("Withdrawal to a card").as_str()));
    let deflected = |slug: &'static str| {
        let app = &app;
        async move {
            desk_services::Entity::find()
                .filter(desk_services::Column::Slug.eq(slug))
                .one(app.state.db.read())
                .await
                .unwrap()
                .unwrap()
                .deflected
        }
    };
    assert_eq!(deflected("finance").await, 1);
    assert_eq!(deflected("technical").await, 0);

    // Not solved: the second send goes through.
    let sent = anon.submit_on(&shown, "/support/new", &[]).await;
    assert!(sent.has("#desk-sent"), "{}", sent.body);
    assert_eq!(app.mail_to("w@example.org").await.len(), 1);

    let agent = app.staff("agent_stats", Role::Agent).await;
    let desk = agent.get("/desk").await;
    assert!(
        desk.html()
            .select(&scraper::Selector::parse("#desk-stats .deflected").unwrap())
            .any(|e| e.text().collect::<String>() == "1")
    );
}

#[tokio::test]
async fn an_answer_becomes_a_guide_proposal_credited_to_the_agent_without_the_requester() {
    let app = TestApp::spawn().await;
    let member = app.member("secretive_requester").await;
    let agent = app.staff("agent_writer", Role::Agent).await;
    let id = file_from_account(&app, &member, "technical", "Keeper crashes", "My wallet is WMZ-123").await;
    agent
        .submit(
            &format!("/desk/r/{id}"),
            &format!("/desk/r/{id}/reply"),
            &[("body", "Reinstall the keeper and restore from backup.")],
        )
        .await;
    let page = agent.get(&format!("/desk/r/{id}")).await;
    let msg_form = page
        .html()
        .select(&scraper::Selector::parse("form[action$='/guide']").unwrap())
        .next()
        .and_then(|f| f.value().attr("action").map(str::to_owned))
        .unwrap();
    let res = agent.submit_on(&page, &msg_form, &[("title", "Keeper crashes on start")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let proposal = res.location().unwrap().to_owned();
    assert!(proposal.starts_with("/wiki/proposals/"), "{proposal}");

    let reviewer = app.member_with("reviewer", "personal", 50).await;
    let shown = reviewer.get(&proposal).await;
    assert!(shown.body.contains("Reinstall the keeper"), "{}", shown.body);
    assert!(shown.body.contains("agent_writer"), "credited to the agent");
    assert!(shown.body.contains(&format!("From support request {id}")), "linked back by number");
    assert!(!shown.body.contains("secretive_requester") && !shown.body.contains("WMZ-123"));
    // The link back opens only for staff of the service.
    assert_eq!(reviewer.get(&format!("/desk/r/{id}")).await.status, StatusCode::FORBIDDEN);
    assert!(agent.get(&format!("/desk/r/{id}")).await.body.contains(&proposal));
    assert!(staff_log_actions(&app).await.iter().any(|a| a == "desk.guide"));
}

#[tokio::test]
async fn filing_is_limited_per_address_and_per_client_address() {
    let app = TestApp::spawn_with(|c| {
        c.desk_per_address_per_hour = 2;
        c.desk_per_ip_per_hour = 3;
    })
    .await;
    let service = service_id(&app, "other").await.to_string();
    let anon = app.browser();
    let send = |email: &'static str| {
        let fields = [
            ("service", service.clone()),
            ("subject", "Help".to_owned()),
            ("body", "x".to_owned()),
            ("email", email.to_owned()),
        ];
        let anon = &anon;
        async move {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            file(anon, &f).await
        }
    };
    assert_eq!(send("a@example.org").await.status, StatusCode::OK);
    assert_eq!(send("a@example.org").await.status, StatusCode::OK);
    let third = send("a@example.org").await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS, "{}", third.body);
    assert!(third.headers.get("retry-after").is_some());
    assert!(third.body.contains("Help"), "the form keeps what was typed");
    assert_eq!(send("b@example.org").await.status, StatusCode::OK);
    assert_eq!(send("c@example.org").await.status, StatusCode::TOO_MANY_REQUESTS, "three from this address");
    assert!(app.mail_to("c@example.org").await.is_empty());
    assert_eq!(app.mail_to("a@example.org").await.len(), 2);

    // Members too: per account.
    let app = TestApp::spawn_with(|c| c.desk_per_address_per_hour = 1).await;
    let member = app.member("hasty").await;
    file_from_account(&app, &member, "other", "First", "x").await;
    let service = service_id(&app, "other").await.to_string();
    let res = file(&member, &[("service", &service), ("subject", "Second"), ("body", "y")]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn bad_input_comes_back_with_messages_and_closed_services_take_no_requests() {
    let app = TestApp::spawn().await;
    let member = app.member("typo").await;
    let long = "я".repeat(201);
    let res = file(&member, &[("service", "999"), ("subject", &long), ("body", "   ")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("Choose one of the services"));
    assert!(res.body.contains(&long), "what was typed stays");
    let anon = app.browser();
    let service = service_id(&app, "credit").await.to_string();
    let res =
        file(&anon, &[("service", &service), ("subject", "Loan"), ("body", "x"), ("email", "not an address")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    // An admin closes a service and writes the contacts page.
    let admin = app.staff("admin_desk", Role::Admin).await;
    let edit = format!("/desk/services/{service}");
    let page = admin.get(&edit).await;
    let mut fields = page.form_fields(&edit);
    fields.retain(|(k, _)| k != "open");
    let res = admin.client.post(admin.url(&edit)).form(&fields).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let form = member.get("/support/new").await;
    assert!(!form.body.contains(&format!("value=\"{service}\"")));
    assert!(form.body.contains("Certificate levels"), "hints are listed without script");
    let res = file(&member, &[("service", &service), ("subject", "Loan"), ("body", "x")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    let res = admin
        .submit(
            "/desk/contacts",
            "/desk/contacts",
            &[("body", "## Hotline\r\n\r\n+380 44 000 00 00, 9–18\r\n\r\n<script>alert(1)</script>")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let contacts = app.browser().get("/contacts").await;
    assert!(contacts.text_of("#contacts h2").unwrap().contains("Hotline"));
    assert!(!contacts.body.contains("<script>alert"));
    assert!(app.browser().get("/").await.has("footer a[href='/contacts']"));
    assert!(app.browser().get("/support/new").await.has("a[href='/contacts']"));
    let log = staff_log_actions(&app).await;
    assert!(log.iter().any(|a| a == "desk.service") && log.iter().any(|a| a == "site.contacts"), "{log:?}");
    assert_eq!(member.get("/desk/admin").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn canned_answers_start_a_reply_and_the_pages_speak_ukrainian() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin_canned", Role::Admin).await;
    let res = admin
        .submit("/desk/admin", "/desk/canned", &[("title", "Cache"), ("body", "See [[Clearing the cache]].")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let member = app.member("canned_user").await;
    let id = file_from_account(&app, &member, "technical", "Slow pages", "x").await;
    let canned = veche::desk::services::canned(&app.state.db).await.unwrap();
    let page = admin.get(&format!("/desk/r/{id}?canned={}", canned[0].id)).await;
    assert_eq!(page.text_of("#staff-reply textarea").as_deref(), Some("See [[Clearing the cache]]."));

    // A member who asked for answers by mail too gets them with a link to the account page.
    let service = service_id(&app, "technical").await.to_string();
    let res =
        file(&member, &[("service", &service), ("subject", "Mail me"), ("body", "y"), ("answers", "email")]).await;
    let mailed: i64 = res.location().unwrap().trim_start_matches("/support/r/").parse().unwrap();
    admin.submit(&format!("/desk/r/{mailed}"), &format!("/desk/r/{mailed}/reply"), &[("body", "Answer by mail")]).await;
    let address = veche::accounts::find_by_username(app.state.db.read(), "canned_user").await.unwrap().unwrap().email;
    // (The address's verification mail is there too.)
    let mails: Vec<_> = app.mail_to(&address).await.into_iter().filter(|m| m.text.contains("/support/")).collect();
    assert_eq!(mails.len(), 1, "only the request that asked for mail");
    assert_eq!(mails[0].link("/support/r/"), format!("/support/r/{mailed}"));
    assert!(mails[0].text.contains("Answer by mail"));

    let uk = app.browser().get_with("/support/new", &[("accept-language", "uk")]).await;
    assert!(uk.body.contains("Написати до підтримки") && uk.body.contains("Технічні питання"), "{}", uk.body);
    let ru = app.browser().get_with("/support/new", &[("accept-language", "ru")]).await;
    assert!(ru.body.contains("Написать в поддержку") && ru.body.contains("Центр аттестации"));
}

#[tokio::test]
async fn a_member_files_in_chromium_and_answers_the_agent_there() {
    let Some(d) = crate::browser::Driver::start().await else { return };
    let app = TestApp::spawn().await;
    app.member("браузерний_клієнт").await;
    let agent = app.staff("agent_browser", Role::Agent).await;
    let base = &app.base;
    d.sign_in(base, "браузерний_клієнт", crate::support::PASSWORD).await;

    // Choosing a service shows only its hint.
    d.goto(&format!("{base}/support/new")).await;
    let technical = service_id(&app, "technical").await;
    d.script(&format!(
        "const s = document.querySelector('#service'); s.value = '{technical}'; s.dispatchEvent(new Event('change')); return true"
    ))
    .await;
    d.wait_for(&format!(
        "!document.querySelector('[data-service=\"{technical}\"]').hidden && \
         [...document.querySelectorAll('#service-hints [data-service]')].filter(e => !e.hidden).length === 1"
    ))
    .await;
    d.fill("#subject", "Не працює вхід").await;
    d.fill("#body", "Перший рядок\nдругий **рядок**").await;
    d.click("#desk-new button[type=submit]").await;
    d.wait_for("location.pathname.startsWith('/support/r/')").await;
    let path = d.script("return location.pathname").await.as_str().unwrap().to_owned();
    let id: i64 = path.trim_start_matches("/support/r/").parse().unwrap();
    d.wait_for("document.querySelector('.desk-message strong') !== null").await;

    let res =
        agent.submit(&format!("/desk/r/{id}"), &format!("/desk/r/{id}/reply"), &[("body", "Спробуйте ще раз")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);

    d.goto(&format!("{base}{path}")).await;
    d.wait_for("document.querySelector('#status').dataset.status === 'waiting'").await;
    assert!(d.script("return document.body.textContent").await.as_str().unwrap().contains("Спробуйте ще раз"));
    d.fill("#reply textarea", "Дякую,\nпрацює").await;
    d.click("#reply button[type=submit]").await;
    d.wait_for("document.querySelector('#status') && document.querySelector('#status').dataset.status === 'pending'")
        .await;
    let page = agent.get(&format!("/desk/r/{id}")).await;
    assert!(page.body.contains("Дякую,\nпрацює"), "{}", page.body);
}
