use reqwest::StatusCode;
use veche::policy::Role;

use crate::support::{Browser, TestApp};

const WITHDRAW: &str =
    "/wiki/%D0%92%D0%B8%D0%B2%D0%B5%D0%B4%D0%B5%D0%BD%D0%BD%D1%8F_%D0%BA%D0%BE%D1%88%D1%82%D1%96%D0%B2";

async fn editor(app: &TestApp, name: &str) -> Browser {
    app.member_with(name, "personal", 11).await
}

fn hrefs(page: &crate::support::Page, selector: &str) -> Vec<String> {
    page.html()
        .select(&scraper::Selector::parse(selector).unwrap())
        .filter_map(|e| e.value().attr("href").map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_qualified_editor_creates_a_cyrillic_guide() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "Редактор").await;
    let form = e.get(&format!("{WITHDRAW}/edit")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let res = e
        .submit_on(
            &form,
            &format!("{WITHDRAW}/edit"),
            &[("body", "Як **вивести** кошти на картку."), ("summary", "Перша версія")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), Some(WITHDRAW));
    let page = app.browser().get(WITHDRAW).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text_of(".wiki-article h1").as_deref(), Some("Виведення коштів"));
    assert!(page.body.contains("<strong>вивести</strong>"));
    // Other spellings of the title lead to the one canonical address.
    for other in ["/wiki/виведення_коштів", "/wiki/Виведення%20коштів", "/wiki/%20виведення__коштів"]
    {
        let res = app.browser().get(other).await;
        assert_eq!(res.status, StatusCode::PERMANENT_REDIRECT, "{other}");
        assert_eq!(res.location(), Some(WITHDRAW), "{other}");
    }
    let index = app.browser().get("/wiki/all").await;
    assert!(hrefs(&index, ".article-list a").contains(&WITHDRAW.to_owned()));
    let home = app.browser().get("/wiki").await;
    assert!(hrefs(&home, ".recently-updated a").contains(&WITHDRAW.to_owned()));
}

#[tokio::test]
async fn members_below_the_bar_get_the_reason_and_the_proposal_editor() {
    let app = TestApp::spawn().await;
    editor(&app, "qualified").await.save_guide(WITHDRAW, "Текст", "").await;
    let low = app.member_with("newbie", "formal", 3).await;
    let page = low.get(WITHDRAW).await;
    assert!(page.text_of(".edit-reason").unwrap_or_default().contains("You have Formal, BL 3"));
    let res = low.get(&format!("{WITHDRAW}/edit")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.text_of("#propose-note")
            .unwrap_or_default()
            .contains("needs a Personal certificate or higher and BL above 10. You have Formal, BL 3."),
        "{}",
        res.body
    );
    assert_eq!(res.text_of("form.compose button[type=submit]:not([name])").as_deref(), Some("Submit for review"));
    // Certificate and BL boundaries, through the same page.
    for (name, cert, bl, direct) in [
        ("below_rank", "initial", 500, false),
        ("at_rank", "personal", 11, true),
        ("above_rank", "merchant", 11, true),
        ("bl_ten", "personal", 10, false),
    ] {
        let b = app.member_with(name, cert, bl).await;
        let res = b.get(&format!("{WITHDRAW}/edit")).await;
        assert_eq!(res.status, StatusCode::OK, "{name}");
        assert_eq!(res.has("#propose-note"), !direct, "{name}");
    }
    let staff = app.staff("staffer", Role::Moderator).await;
    assert!(!staff.get(&format!("{WITHDRAW}/edit")).await.has("#propose-note"), "staff edit directly");
    // Anonymous readers are asked to sign in.
    let anon = app.browser();
    let res = anon.get(&format!("{WITHDRAW}/edit")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().unwrap().starts_with("/login?next="));
    assert!(anon.get(WITHDRAW).await.body.contains("Sign in to edit"));
}

#[tokio::test]
async fn every_save_is_a_revision_with_history_old_versions_and_diffs() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "historian").await;
    e.save_guide(WITHDRAW, "Рядок один\nВиведення коштів на картку\nРядок три\n", "Перша версія").await;
    e.save_guide(WITHDRAW, "Рядок один\nВиведення грошей на картку\nРядок три\n", "Уточнення").await;
    let history = app.browser().get(&format!("{WITHDRAW}/history")).await;
    assert_eq!(history.status, StatusCode::OK);
    let lines: Vec<String> = history
        .html()
        .select(&scraper::Selector::parse(".history-line .summary").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(lines, ["(Уточнення)", "(Перша версія)"], "newest first");
    assert!(history.text_of(".history-line .delta").is_some());
    let diff_link = hrefs(&history, ".diff-links a").into_iter().find(|h| h.contains("/diff?from=")).unwrap();
    let diff = app.browser().get(&diff_link).await;
    assert_eq!(diff.status, StatusCode::OK, "{diff_link}");
    assert_eq!(diff.text_of(".diff-del mark").as_deref(), Some("коштів"));
    assert_eq!(diff.text_of(".diff-ins mark").as_deref(), Some("грошей"));
    // An old revision, clearly marked.
    let old_link = hrefs(&history, ".history-line a[href*='?rev=']").last().unwrap().clone();
    let old = app.browser().get(&old_link).await;
    assert!(old.has(".old-revision"));
    assert!(old.body.contains("Виведення коштів на картку"));
    assert!(!app.browser().get(WITHDRAW).await.has(".old-revision"));
}

#[tokio::test]
async fn bad_revision_requests_get_clear_answers() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "strict").await;
    e.save_guide(WITHDRAW, "Один\n", "").await;
    e.save_guide(WITHDRAW, "Два\n", "").await;
    let history = app.browser().get(&format!("{WITHDRAW}/history")).await;
    let ids: Vec<i64> = hrefs(&history, ".history-line a[href*='?rev=']")
        .iter()
        .map(|h| h.rsplit('=').next().unwrap().parse().unwrap())
        .collect();
    let (newer, older) = (ids[0], ids[1]);
    let res = app.browser().get(&format!("{WITHDRAW}/diff?from={newer}&to={older}")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "from > to is turned around");
    assert_eq!(res.location(), Some(format!("{WITHDRAW}/diff?from={older}&to={newer}").as_str()));
    for (q, status, text) in [
        (format!("from=999999&to={newer}"), StatusCode::BAD_REQUEST, "no revision 999999"),
        (format!("from=abc&to={newer}"), StatusCode::BAD_REQUEST, "must be a revision number"),
        ("from=&to=".to_owned(), StatusCode::BAD_REQUEST, "must be a revision number"),
    ] {
        let res = app.browser().get(&format!("{WITHDRAW}/diff?{q}")).await;
        assert_eq!(res.status, status, "{q}");
        assert!(res.body.contains(text), "{q}: {}", res.body);
    }
    assert_eq!(app.browser().get(&format!("{WITHDRAW}?rev=999999")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.browser().get(&format!("{WITHDRAW}?rev=x")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.browser().get("/wiki/Немає_такої/history").await.status, StatusCode::NOT_FOUND);
    // A guide that does not exist: 404 with an offer to create it.
    let missing = e.get("/wiki/Немає_такої").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.has("a[href='/wiki/%D0%9D%D0%B5%D0%BC%D0%B0%D1%94_%D1%82%D0%B0%D0%BA%D0%BE%D1%97/edit']"));
}

#[tokio::test]
async fn bad_titles_are_refused_with_a_reason() {
    let app = TestApp::spawn().await;
    for (path, text) in [
        ("/wiki/...", "at least one letter"),
        ("/wiki/%7B%7Bx%7D%7D", "may not contain"),
        ("/wiki/javascript:alert(1)", "web address"),
    ] {
        let res = app.browser().get(path).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(res.body.contains(text), "{path}: {}", res.body);
    }
    let res = app.browser().get("/wiki/new?title=%5B%5Bx%5D%5D").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.form_fields("/wiki/new").contains(&("title".into(), "[[x]]".into())), "the typed title is kept");
    let res = app.browser().get("/wiki/new?title=%D0%BD%D0%BE%D0%B2%D0%B0").await;
    assert_eq!(res.location(), Some("/wiki/%D0%9D%D0%BE%D0%B2%D0%B0/edit"));
}

#[tokio::test]
async fn non_overlapping_edits_from_the_same_base_are_merged() {
    let app = TestApp::spawn().await;
    let a = editor(&app, "alpha").await;
    a.save_guide(WITHDRAW, "Вступ\n\nКрок один\n\nКрок два\n", "").await;
    let b = editor(&app, "beta").await;
    let form_a = a.get(&format!("{WITHDRAW}/edit")).await;
    let form_b = b.get(&format!("{WITHDRAW}/edit")).await;
    let res = a
        .submit_on(&form_a, &format!("{WITHDRAW}/edit"), &[("body", "Вступ (оновлено)\n\nКрок один\n\nКрок два\n")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = b
        .submit_on(&form_b, &format!("{WITHDRAW}/edit"), &[("body", "Вступ\n\nКрок один\n\nКрок два, уточнений\n")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = b.follow(&res).await;
    assert!(page.body.contains("merged"), "the member is told their edit was merged");
    assert!(page.body.contains("Вступ (оновлено)") && page.body.contains("Крок два, уточнений"), "{}", page.body);
}

#[tokio::test]
async fn overlapping_edits_return_the_form_with_both_versions_and_nothing_lost() {
    let app = TestApp::spawn().await;
    let a = editor(&app, "first").await;
    a.save_guide(WITHDRAW, "Комісія становить 1%.\n", "").await;
    let b = editor(&app, "second").await;
    let form_a = a.get(&format!("{WITHDRAW}/edit")).await;
    let form_b = b.get(&format!("{WITHDRAW}/edit")).await;
    a.submit_on(&form_a, &format!("{WITHDRAW}/edit"), &[("body", "Комісія становить 2%.\n")]).await;
    let mine = "Комісія становить 0,8% (з 2025 року).\n";
    let res = b.submit_on(&form_b, &format!("{WITHDRAW}/edit"), &[("body", mine), ("summary", "Нові тарифи")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.has("#conflict"));
    let kept = res.form_fields(&format!("{WITHDRAW}/edit"));
    assert!(kept.contains(&("body".into(), mine.into())), "my text is kept");
    assert!(kept.contains(&("summary".into(), "Нові тарифи".into())));
    assert_eq!(res.text_of("#their-text").as_deref(), Some("Комісія становить 2%."));
    assert!(app.browser().get(WITHDRAW).await.body.contains("2%"), "theirs is not overwritten");
    // Saving again from the conflict page is a deliberate overwrite.
    let res = b.submit_on(&res, &format!("{WITHDRAW}/edit"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(app.browser().get(WITHDRAW).await.body.contains("0,8%"));
}

#[tokio::test]
async fn concurrent_saves_each_get_exactly_one_revision() {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = TestApp::spawn().await;
    const N: usize = 8;
    let lines: Vec<String> = (0..N).map(|i| format!("Рядок {i}")).collect();
    let base_text = lines.join("\n\n") + "\n";
    let first = editor(&app, "owner").await;
    first.save_guide(WITHDRAW, &base_text, "").await;
    let mut editors = Vec::new();
    for i in 0..N {
        let b = editor(&app, &format!("racer{i}")).await;
        let form = b.get(&format!("{WITHDRAW}/edit")).await;
        editors.push((b, form));
    }
    let mut tasks = Vec::new();
    for (i, (b, form)) in editors.into_iter().enumerate() {
        let mut mine = lines.clone();
        mine[i] = format!("Рядок {i} — змінено редактором {i}");
        let body = mine.join("\n\n") + "\n";
        tasks.push(tokio::spawn(async move {
            b.submit_on(&form, &format!("{WITHDRAW}/edit"), &[("body", &body)]).await.status
        }));
    }
    let mut ok = 0;
    for t in tasks {
        let status = t.await.unwrap();
        assert!(status == StatusCode::SEE_OTHER || status == StatusCode::CONFLICT, "{status}");
        if status == StatusCode::SEE_OTHER {
            ok += 1;
        }
    }
    let article = veche::entities::articles::Entity::find().one(app.state.db.read()).await.unwrap().unwrap();
    let revisions = veche::entities::revisions::Entity::find()
        .filter(veche::entities::revisions::Column::ArticleId.eq(article.id))
        .count(app.state.db.read())
        .await
        .unwrap();
    assert_eq!(revisions as usize, 1 + ok, "one revision per successful save");
    assert_eq!(ok, N, "edits to different lines all merge");
    let page = app.browser().get(WITHDRAW).await;
    for i in 0..N {
        assert!(page.body.contains(&format!("змінено редактором {i}")), "edit {i} survived");
    }
}

#[tokio::test]
async fn revert_and_undo() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "reverter").await;
    e.save_guide(WITHDRAW, "А\n\nБ\n\nВ\n", "v1").await;
    e.save_guide(WITHDRAW, "А змінено\n\nБ\n\nВ\n", "v2").await;
    e.save_guide(WITHDRAW, "А змінено\n\nБ\n\nВ змінено\n", "v3").await;
    let history = e.get(&format!("{WITHDRAW}/history")).await;
    let ids: Vec<String> = hrefs(&history, ".history-line a[href*='?rev=']")
        .iter()
        .map(|h| h.rsplit('=').next().unwrap().to_owned())
        .collect();
    let (v3, v2, v1) = (&ids[0], &ids[1], &ids[2]);
    // Undo v2 (the first line), keeping v3's change.
    let res = e.submit_on(&history, &format!("{WITHDRAW}/undo"), &[("rev", v2)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app.browser().get(WITHDRAW).await;
    assert!(page.body.contains("В змінено") && !page.body.contains("А змінено"), "{}", page.body);
    // Undoing v3 no longer applies cleanly once the line changed again.
    e.save_guide(WITHDRAW, "А\n\nБ\n\nВ інакше\n", "v5").await;
    let history = e.get(&format!("{WITHDRAW}/history")).await;
    let res = e.submit_on(&history, &format!("{WITHDRAW}/undo"), &[("rev", v3)]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("cannot be undone automatically"));
    // Revert to v1: a new revision, saying so.
    let res = e.submit_on(&history, &format!("{WITHDRAW}/revert"), &[("rev", v1)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let history = app.browser().get(&format!("{WITHDRAW}/history")).await;
    assert_eq!(history.text_of(".history-line .summary"), Some(format!("(Reverted to revision {v1})")));
    assert!(app.browser().get(WITHDRAW).await.body.contains("<p>В</p>"));
    // Reverting needs the editing bar too.
    let low = app.member_with("lowly", "alias", 0).await;
    let page = low.get(&format!("{WITHDRAW}/history")).await;
    assert!(!page.has(&format!("form[action='{WITHDRAW}/revert']")), "no revert button below the bar");
    let token = page.form_fields("/logout").into_iter().find(|(k, _)| k == "csrf_token").unwrap().1;
    let res = low.post_raw(&format!("{WITHDRAW}/revert"), &[("csrf_token", &token), ("rev", v2)], &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn renaming_leaves_a_redirect() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "mover").await;
    e.save_guide(WITHDRAW, "Текст інструкції", "").await;
    let res = e
        .submit(
            &format!("{WITHDRAW}/move"),
            &format!("{WITHDRAW}/move"),
            &[("new_title", "Виведення на картку"), ("reason", "точніше")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let new_href = "/wiki/%D0%92%D0%B8%D0%B2%D0%B5%D0%B4%D0%B5%D0%BD%D0%BD%D1%8F_%D0%BD%D0%B0_%D0%BA%D0%B0%D1%80%D1%82%D0%BA%D1%83";
    assert_eq!(res.location(), Some(new_href));
    let old = app.browser().get(WITHDRAW).await;
    assert_eq!(old.status, StatusCode::OK);
    assert_eq!(old.text_of(".wiki-article h1").as_deref(), Some("Виведення на картку"));
    assert_eq!(old.text_of(".redirect-note").as_deref(), Some("(redirected from Виведення коштів)"));
    assert!(old.body.contains("Текст інструкції"));
    // Renaming onto an existing guide is refused with the input kept.
    e.save_guide("Інша", "Інший текст", "").await;
    let other = crate::support::wiki_path("Інша");
    let res =
        e.submit(&format!("{other}/move"), &format!("{other}/move"), &[("new_title", "Виведення на картку")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("already exists"));
}

#[tokio::test]
async fn moderators_protect_guides_from_everyone_else() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "qualified2").await;
    e.save_guide(WITHDRAW, "Важливий текст", "").await;
    let page = e.get(WITHDRAW).await;
    assert!(!page.has(&format!("form[action='{WITHDRAW}/protect']")), "editors get no protect button");
    let token = page.form_fields("/logout").into_iter().find(|(k, _)| k == "csrf_token").unwrap().1;
    let res = e.post_raw(&format!("{WITHDRAW}/protect"), &[("csrf_token", &token), ("protected", "1")], &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    let m = app.staff("guard", Role::Moderator).await;
    let res = m.submit(WITHDRAW, &format!("{WITHDRAW}/protect"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = app.browser().get(WITHDRAW).await;
    assert!(page.text_of(".protected-note").unwrap_or_default().contains("protected"));
    // Not an edit tab that leads to a refusal: the text, read-only, and why.
    let res = e.get(&format!("{WITHDRAW}/edit")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.text_of("#source-note").unwrap().contains("This guide is protected: only moderators edit it"));
    assert!(res.has("textarea#source[readonly]") && res.body.contains("Важливий текст"));
    assert!(e.get(WITHDRAW).await.text_of(".tabs").unwrap().contains("View source"));
    let res = e.post_raw(&format!("{WITHDRAW}/edit"), &[("csrf_token", &token), ("body", "Інший текст")], &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "a hand-made save is still refused");
    let res = m.save_guide(WITHDRAW, "Важливий текст, перевірений модератором", "").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn wiki_links_are_red_until_the_page_exists_and_show_in_what_links_here() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "linker").await;
    e.save_guide(WITHDRAW, "Див. [[Комісії]] і [[Безпека|поради з безпеки]].", "").await;
    let page = app.browser().get(WITHDRAW).await;
    let red = page.html().select(&scraper::Selector::parse("a.wiki-link.new").unwrap()).count();
    assert_eq!(red, 2, "{}", page.body);
    assert!(
        hrefs(&page, "a.wiki-link.new").contains(&"/wiki/%D0%9A%D0%BE%D0%BC%D1%96%D1%81%D1%96%D1%97/edit".to_owned())
    );
    e.save_guide("Комісії", "Про комісії", "").await;
    let page = app.browser().get(WITHDRAW).await;
    assert_eq!(
        page.html().select(&scraper::Selector::parse("a.wiki-link.new").unwrap()).count(),
        1,
        "the new page's link turned blue"
    );
    assert!(
        hrefs(&page, "a.wiki-link:not(.new)").contains(&"/wiki/%D0%9A%D0%BE%D0%BC%D1%96%D1%81%D1%96%D1%97".to_owned())
    );
    let links = app.browser().get(&format!("{}/links", crate::support::wiki_path("Комісії"))).await;
    assert_eq!(links.text_of(".backlinks").as_deref(), Some("Виведення коштів"));
}

#[tokio::test]
async fn index_recent_changes_and_feed() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "indexer").await;
    for t in ["Ясні правила", "Їжак", "Єдиний рахунок", "Гаманець", "Ґарантія", "Account"]
    {
        e.save_guide(t, "Текст", &format!("створено {t}")).await;
    }
    let index = app.browser().get("/wiki/all").await;
    let letters: Vec<String> = index
        .html()
        .select(&scraper::Selector::parse(".letter-group h2").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(letters, ["Г", "Ґ", "Є", "Ї", "Я", "A"]);
    let changes = app.browser().get("/wiki/changes").await;
    assert_eq!(changes.text_of(".history-line .changed-title").as_deref(), Some("Account"));
    let feed: atom_syndication::Feed = app.browser().get("/wiki/changes.atom").await.body.parse().expect("valid Atom");
    assert_eq!(feed.entries().len(), 6);
    assert!(feed.entries()[0].title().as_str().starts_with("Account"));
}

#[tokio::test]
async fn three_headings_make_a_table_of_contents_with_working_anchors() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "tocwriter").await;
    let body = "Вступ.\n\n## Крок перший\n\nТекст.\n\n## Крок другий\n\nТекст.\n\n### Деталі\n\nТекст.\n";
    e.save_guide(WITHDRAW, body, "").await;
    let page = app.browser().get(WITHDRAW).await;
    let toc = hrefs(&page, ".toc a");
    assert_eq!(toc.len(), 3, "{}", page.body);
    for anchor in &toc {
        let id = anchor.trim_start_matches('#');
        assert!(page.has(&format!("[id='{id}']")), "anchor {anchor} has a heading");
    }
    assert!(toc[0].contains("user-content-"), "{toc:?}");
    // Two headings: no table of contents, anchors still there.
    e.save_guide("Коротка", "## Один\n\nТекст\n\n## Два\n", "").await;
    let short = app.browser().get(&crate::support::wiki_path("Коротка")).await;
    assert!(!short.has(".toc"));
    assert!(short.has("h2[id]"));
    // [[Title#Section]] points at the heading.
    e.save_guide("Посилання", "Див. [[Виведення коштів#Крок другий]].", "").await;
    let linking = app.browser().get(&crate::support::wiki_path("Посилання")).await;
    let href = hrefs(&linking, "a.wiki-link")[0].clone();
    let fragment = href.split('#').nth(1).unwrap();
    let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8().unwrap().into_owned();
    assert!(page.has(&format!("[id='{decoded}']")), "{href}");
}
