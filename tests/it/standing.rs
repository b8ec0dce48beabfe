//! Qualified editing: proposals, review, standing management, sync API,
//! community BL.

use reqwest::StatusCode;
use veche::policy::Role;

use crate::support::{Browser, PASSWORD, TestApp, wiki_path};

const TOKEN: &str = "test-sync-token-0123456789abcdef-0123456789";

async fn guide(app: &TestApp, title: &str, body: &str) -> String {
    let e = app.member_with(&format!("author{}", title.len()), "personal", 50).await;
    let res = e.save_guide(title, body, "").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    wiki_path(title)
}

async fn propose(b: &Browser, path: &str, body: &str, summary: &str) -> crate::support::Page {
    b.submit(&format!("{path}/edit"), &format!("{path}/edit"), &[("body", body), ("summary", summary)]).await
}

fn proposal_id(res: &crate::support::Page) -> i64 {
    res.location()
        .and_then(|l| l.strip_prefix("/wiki/proposals/"))
        .and_then(|s| s.parse().ok())
        .expect("proposal location")
}

#[tokio::test]
async fn a_formal_member_proposes_and_a_qualified_editor_approves() {
    let app = TestApp::spawn().await;
    let path = guide(&app, "Комісії", "Комісія 1%.\n").await;
    let member = app.member_with("Формальний", "formal", 3).await;
    let res = propose(&member, &path, "Комісія 0,8%.\n", "Нові тарифи").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let id = proposal_id(&res);
    assert!(app.browser().get(&path).await.body.contains("1%"), "nothing published yet");

    // Visible to its author and to reviewers, not to readers.
    let own = member.get(&format!("/wiki/proposals/{id}")).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.text_of(".proposal-status").unwrap().contains("Waiting for review"));
    assert_eq!(app.browser().get(&format!("/wiki/proposals/{id}")).await.status, StatusCode::NOT_FOUND);
    let other = app.member_with("cousin", "formal", 3).await;
    assert_eq!(other.get(&format!("/wiki/proposals/{id}")).await.status, StatusCode::NOT_FOUND);

    let reviewer = app.member_with("reviewer", "personal", 40).await;
    let queue = reviewer.get("/wiki/review").await;
    assert_eq!(queue.status, StatusCode::OK);
    let item = queue.text_of(&format!("#proposal-{id}")).unwrap();
    assert!(
        item.contains("Комісії") && item.contains("Формальний") && item.contains("Formal") && item.contains("BL 3"),
        "{item}"
    );
    assert_eq!(queue.text_of(&format!("#proposal-{id} .diff-ins mark")).as_deref(), Some("0,8"));
    // One click.
    let res = reviewer.submit_on(&queue, &format!("/wiki/proposals/{id}/approve"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app.browser().get(&path).await;
    assert!(page.body.contains("0,8%"));
    assert!(page.text_of(".wiki-foot").unwrap().contains("Формальний"), "credited to its author");
    let history = app.browser().get(&format!("{path}/history")).await;
    assert_eq!(
        history.text_of(".history-line .summary").as_deref(),
        Some("(Proposal approved by reviewer: Нові тарифи)")
    );
    let own = member.get(&format!("/wiki/proposals/{id}")).await;
    assert!(own.text_of(".proposal-status").unwrap().contains("Approved"));
    let profile = member.get("/u/Формальний").await;
    assert!(profile.text_of(".my-proposals").unwrap().contains("Approved"));
    // The queue is empty again; members below the bar cannot see it.
    assert!(reviewer.get("/wiki/review").await.body.contains("No proposals are waiting"));
    assert_eq!(member.get("/wiki/review").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn rejected_and_withdrawn_proposals_tell_their_author() {
    let app = TestApp::spawn().await;
    let path = guide(&app, "Ліміти", "Ліміт 1000.\n").await;
    let member = app.member_with("proposer", "initial", 20).await;
    let id = proposal_id(&propose(&member, &path, "Ліміт 100000.\n", "").await);
    let reviewer = app.member_with("strict", "personal", 40).await;
    let page = reviewer.get(&format!("/wiki/proposals/{id}")).await;
    let res = reviewer.submit_on(&page, &format!("/wiki/proposals/{id}/reject"), &[("reason", "")]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "a reason is required");
    let res =
        reviewer.submit_on(&page, &format!("/wiki/proposals/{id}/reject"), &[("reason", "Неправильна сума")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let own = member.get(&format!("/wiki/proposals/{id}")).await;
    assert!(own.text_of(".proposal-status").unwrap().contains("Rejected"));
    assert!(own.text_of(".review-reason").unwrap().contains("Неправильна сума"));
    assert!(app.browser().get(&path).await.body.contains("Ліміт 1000."));
    // Deciding twice is refused.
    let res = reviewer.submit_on(&page, &format!("/wiki/proposals/{id}/approve"), &[]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);

    let id2 = proposal_id(&propose(&member, &path, "Ліміт 2000.\n", "").await);
    let stranger = app.member_with("stranger", "initial", 20).await;
    let token_page = stranger.get("/").await;
    let token = token_page.form_fields("/logout").into_iter().find(|(k, _)| k == "csrf_token").unwrap().1;
    let res = stranger.post_raw(&format!("/wiki/proposals/{id2}/withdraw"), &[("csrf_token", &token)], &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "only the author withdraws");
    let res = member.press(&format!("/wiki/proposals/{id2}"), &format!("/wiki/proposals/{id2}/withdraw")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        member.get(&format!("/wiki/proposals/{id2}")).await.text_of(".proposal-status").unwrap().contains("Withdrawn")
    );
    // A member below the bar cannot approve, even with a token.
    let id3 = proposal_id(&propose(&member, &path, "Ліміт 3000.\n", "").await);
    let res = stranger.post_raw(&format!("/wiki/proposals/{id3}/approve"), &[("csrf_token", &token)], &[]).await;
    assert!(res.status == StatusCode::FORBIDDEN || res.status == StatusCode::NOT_FOUND, "{}", res.status);
}

#[tokio::test]
async fn a_conflicting_proposal_is_marked_and_can_be_edited_before_approval() {
    let app = TestApp::spawn().await;
    let path = guide(&app, "Безпека", "Ніколи не повідомляйте код.\n").await;
    let member = app.member_with("conflicted", "formal", 1).await;
    let id = proposal_id(&propose(&member, &path, "Ніколи не повідомляйте код з SMS.\n", "").await);
    let editor = app.member_with("fast_editor", "personal", 30).await;
    editor.save_guide(&path, "Ніколи й нікому не повідомляйте код.\n", "").await;
    let queue = editor.get("/wiki/review").await;
    assert!(queue.text_of(&format!("#proposal-{id}")).unwrap().contains("does not merge cleanly"));
    let page = editor.get(&format!("/wiki/proposals/{id}")).await;
    assert!(page.has("#not-clean"));
    let res = editor
        .post_raw(
            &format!("/wiki/proposals/{id}/approve"),
            &[(
                "csrf_token",
                &page
                    .form_fields(&format!("/wiki/proposals/{id}/approve"))
                    .into_iter()
                    .find(|(k, _)| k == "csrf_token")
                    .unwrap()
                    .1,
            )],
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "not without editing");
    let res = editor
        .submit_on(
            &page,
            &format!("/wiki/proposals/{id}/approve"),
            &[("body", "Ніколи й нікому не повідомляйте код з SMS.\n")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(app.browser().get(&path).await.body.contains("нікому не повідомляйте код з SMS"));
}

#[tokio::test]
async fn pending_proposals_are_limited_and_the_text_is_kept() {
    let app = TestApp::spawn_with(|c| c.max_pending_proposals = 2).await;
    let path = guide(&app, "Обмін", "Текст.\n").await;
    let member = app.member_with("flooder", "alias", 0).await;
    for i in 0..2 {
        assert_eq!(propose(&member, &path, &format!("Текст {i}.\n"), "").await.status, StatusCode::SEE_OTHER);
    }
    let res = propose(&member, &path, "Третя спроба.\n", "").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text_of("#body-error").unwrap_or_default().contains("2 proposals waiting"));
    assert!(res.form_fields(&format!("{path}/edit")).contains(&("body".into(), "Третя спроба.\n".into())));
}

#[tokio::test]
async fn registrars_set_standing_with_a_reason_and_it_applies_at_once() {
    let app = TestApp::spawn().await;
    let path = guide(&app, "Атестати", "Текст.\n").await;
    let member = app.member("candidate").await;
    assert!(member.get(&format!("{path}/edit")).await.has("#propose-note"));
    let registrar = app.staff("registrar1", Role::Registrar).await;
    let profile = registrar.get("/u/candidate").await;
    assert!(profile.has("#standing-panel"));
    // No reason: refused, input kept.
    let res = registrar
        .submit_on(
            &profile,
            "/u/candidate/standing",
            &[("certificate", "personal"), ("bl", "11"), ("bl_mode", "manual"), ("reason", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Please give a reason"));
    assert!(res.form_fields("/u/candidate/standing").contains(&("bl".into(), "11".into())));
    let res = registrar
        .submit_on(
            &profile,
            "/u/candidate/standing",
            &[("certificate", "personal"), ("bl", "11"), ("bl_mode", "manual"), ("reason", "Паспорт перевірено")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // The very next request of the member sees it.
    assert!(!member.get(&format!("{path}/edit")).await.has("#propose-note"));
    let own = member.get("/u/candidate").await;
    let history = own.text_of(".standing-history").unwrap();
    assert!(
        history.contains("Паспорт перевірено")
            && history.contains("registrar1")
            && history.contains("Alias → Personal"),
        "{history}"
    );
    assert!(!app.browser().get("/u/candidate").await.body.contains("Паспорт перевірено"), "not public");
    // Moderators and members cannot.
    let moderator = app.staff("mod1", Role::Moderator).await;
    assert!(!moderator.get("/u/candidate").await.has("#standing-panel"));
    let res = moderator
        .submit_on(&profile, "/u/candidate/standing", &[("certificate", "alias"), ("bl", "0"), ("reason", "x")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

async fn put_standing(app: &TestApp, user: &str, token: Option<&str>, body: &str) -> (StatusCode, serde_json::Value) {
    let mut req = reqwest::Client::new()
        .put(format!("{}/api/v1/members/{user}/standing", app.base))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

#[tokio::test]
async fn the_identity_service_syncs_standing_over_the_api() {
    let app = TestApp::spawn_with(|c| c.sync_token = TOKEN.into()).await;
    app.member("synced").await;
    let ok = r#"{"certificate":"personal","bl":120,"reason":"verified by the identity service"}"#;
    let (s, body) = put_standing(&app, "synced", None, ok).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(body["error"].as_str().unwrap().contains("bearer"));
    assert_eq!(put_standing(&app, "synced", Some("wrong-token"), ok).await.0, StatusCode::FORBIDDEN);
    assert_eq!(put_standing(&app, "nobody", Some(TOKEN), ok).await.0, StatusCode::NOT_FOUND);
    let (s, body) =
        put_standing(&app, "synced", Some(TOKEN), r#"{"certificate":"platinum","bl":5,"reason":"x"}"#).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"].as_str().unwrap().contains("platinum"));
    assert_eq!(
        put_standing(&app, "synced", Some(TOKEN), r#"{"bl":10001,"reason":"x"}"#).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(put_standing(&app, "synced", Some(TOKEN), r#"{"bl":5}"#).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(put_standing(&app, "synced", Some(TOKEN), "not json").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let user = veche::accounts::find_by_username(app.state.db.read(), "synced").await.unwrap().unwrap();
    assert_eq!((user.certificate.as_str(), user.bl), ("alias", 0), "refused requests change nothing");

    let (s, body) = put_standing(&app, "synced", Some(TOKEN), ok).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["certificate"], "personal");
    assert_eq!(body["bl"], 120);
    assert_eq!(body["bl_source"], "sync");
    let history = veche::audit::standing_history(&app.state.db, user.id, 10).await.unwrap();
    assert!(history.iter().all(|h| h.source == "sync" && h.reason == "verified by the identity service"));
    assert_eq!(history.len(), 2);
}

#[tokio::test]
async fn the_sync_api_is_off_without_a_token() {
    let app = TestApp::spawn().await;
    app.member("unsynced").await;
    let (s, _) = put_standing(&app, "unsynced", Some(""), r#"{"bl":5,"reason":"x"}"#).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn community_bl_follows_activity_until_a_registrar_sets_it() {
    let app = TestApp::spawn().await;
    let c =
        veche::forum::CategoryForm { name: "Питання".into(), slug: "questions".into(), ..Default::default() };
    veche::forum::categories::create(&app.state.db, &c).await.unwrap();
    let helper = app.member("helpful").await;
    let asker = app.member("asker").await;
    let id = asker.new_topic("questions", "Як вивести кошти?", "Питання").await;
    helper.reply(id, "Відповідь").await;
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
    let bl = |app: &TestApp| {
        let db = app.state.db.clone();
        async move { veche::accounts::find_by_username(db.read(), "helpful").await.unwrap().unwrap() }
    };
    let u = bl(&app).await;
    assert_eq!((u.bl, u.bl_source.as_str()), (3, "community"), "a solution is worth 3 by default");
    let history = veche::audit::standing_history(&app.state.db, u.id, 5).await.unwrap();
    assert_eq!(history[0].source, "community");

    // A registrar's BL wins over the formula…
    let registrar = app.staff("registrar2", Role::Registrar).await;
    let profile = registrar.get("/u/helpful").await;
    registrar
        .submit_on(
            &profile,
            "/u/helpful/standing",
            &[("certificate", "alias"), ("bl", "50"), ("bl_mode", "manual"), ("reason", "відомий продавець")],
        )
        .await;
    asker.press(&format!("/t/{id}?page=1"), &solve).await; // unmark: the formula would say 0
    assert_eq!(bl(&app).await.bl, 50);
    // …until it is handed back.
    let profile = registrar.get("/u/helpful").await;
    registrar
        .submit_on(
            &profile,
            "/u/helpful/standing",
            &[("certificate", "alias"), ("bl", "50"), ("bl_mode", "community"), ("reason", "повернути формулу")],
        )
        .await;
    let u = bl(&app).await;
    assert_eq!((u.bl, u.bl_source.as_str()), (0, "community"));
    let _ = PASSWORD;
}
