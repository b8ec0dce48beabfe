//! Browsing guides: sections set with the guide, the guides' home (sections,
//! most read, recently updated), breadcrumbs, "see also", and read counts
//! kept in memory and written in batches.

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};

use crate::support::{Browser, Page, TestApp, wiki_path};

async fn editor(app: &TestApp, name: &str) -> Browser {
    app.member_with(name, "personal", 11).await
}

fn hrefs(page: &Page, selector: &str) -> Vec<String> {
    page.html()
        .select(&scraper::Selector::parse(selector).unwrap())
        .filter_map(|e| e.value().attr("href").map(str::to_owned))
        .collect()
}

fn texts(page: &Page, selector: &str) -> Vec<String> {
    page.html()
        .select(&scraper::Selector::parse(selector).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

fn section_path(slug: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    format!("/wiki/section/{}", utf8_percent_encode(slug, SEGMENT))
}

/// Saves a guide through its edit form with the sections field set.
async fn save_with_sections(b: &Browser, title: &str, body: &str, sections: &str) -> Page {
    let path = wiki_path(title);
    let edit = format!("{path}/edit");
    b.submit(&edit, &edit, &[("body", body), ("summary", "розділи"), ("sections", sections)]).await
}

async fn views_of(app: &TestApp, title: &str) -> i64 {
    let db = app.state.db.read();
    let backend = db.get_database_backend();
    let p = if backend == sea_orm::DatabaseBackend::Postgres { "$1" } else { "?" };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!("SELECT views FROM articles WHERE title = {p}"),
            [title.into()],
        ))
        .await
        .unwrap()
        .expect("the guide");
    row.try_get_by_index::<i64>(0).unwrap()
}

#[tokio::test]
async fn sections_are_set_with_the_guide_and_browsed_from_the_home_page() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "розділяч").await;
    let body = "Як вивести кошти:\r\n\r\n1. Відкрийте гаманець.\r\n2. Натисніть «Вивести».\r\n";
    let res = save_with_sections(&e, "Виведення на картку", body, " виведення   коштів , Картки,, ").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let guide = wiki_path("Виведення на картку");
    let withdrawals = section_path("виведення-коштів");
    let cards = section_path("картки");

    // The guide page: breadcrumbs through both sections, in a labelled nav.
    let page = app.browser().get(&guide).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("nav.wiki-crumbs[aria-label='Breadcrumb']"), "{}", page.body);
    assert_eq!(hrefs(&page, "nav.wiki-crumbs a"), ["/wiki".to_owned(), withdrawals.clone(), cards.clone()]);
    assert_eq!(texts(&page, "nav.wiki-crumbs a"), ["Guides", "Виведення коштів", "Картки"]);
    assert_eq!(page.text_of("nav.wiki-crumbs [aria-current=page]").as_deref(), Some("Виведення на картку"));
    let uk = app.browser().get_with(&guide, &[("accept-language", "uk")]).await;
    assert!(uk.has("nav.wiki-crumbs[aria-label='Навігаційний ланцюжок']"));
    // The text was saved without the browser's carriage returns.
    let form = e.get(&format!("{guide}/edit")).await;
    assert!(!form.text_of("textarea#body").unwrap().contains('\r'));
    assert_eq!(
        form.html().select(&scraper::Selector::parse("input#sections").unwrap()).next().unwrap().value().attr("value"),
        Some("Виведення коштів, Картки")
    );

    // Each section lists it; the home page shows both sections with it.
    for s in [&withdrawals, &cards] {
        let section = app.browser().get(s).await;
        assert_eq!(section.status, StatusCode::OK, "{s}");
        assert_eq!(hrefs(&section, ".section-guides a"), vec![guide.clone()], "{s}");
    }
    let home = app.browser().get("/wiki").await;
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(hrefs(&home, ".section-card h3 a"), [withdrawals.clone(), cards.clone()]);
    assert_eq!(hrefs(&home, ".section-card li a"), [guide.clone(), guide.clone()]);
    assert!(
        texts(&home, ".section-card h3").iter().all(|t| t.contains("1 guide")),
        "{:?}",
        texts(&home, ".section-card h3")
    );
    assert_eq!(hrefs(&home, ".recently-updated a"), vec![guide.clone()]);
    assert!(home.has("a[href='/wiki/all']"));
    // The A–Z list is one link away.
    let all = app.browser().get("/wiki/all").await;
    assert!(hrefs(&all, ".letter-group a").contains(&guide));

    // Removing a section on edit (text unchanged) takes the guide out of it.
    let res = save_with_sections(&e, "Виведення на картку", body, "Виведення коштів").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let section = app.browser().get(&cards).await;
    assert_eq!(section.status, StatusCode::OK);
    assert!(hrefs(&section, ".section-guides a").is_empty(), "{}", section.body);
    let home = app.browser().get("/wiki").await;
    assert_eq!(hrefs(&home, ".section-card h3 a"), vec![withdrawals.clone()]);
    let page = app.browser().get(&guide).await;
    assert_eq!(hrefs(&page, "nav.wiki-crumbs a"), ["/wiki".to_owned(), withdrawals.clone()]);
    // A form without the field (an older page) leaves the sections alone.
    let edit = format!("{guide}/edit");
    let form = e.get(&edit).await;
    let fields: Vec<(String, String)> = form
        .form_fields(&edit)
        .into_iter()
        .filter(|(k, _)| k != "sections")
        .map(|(k, v)| if k == "body" { (k, format!("{v}\r\nЩе рядок.")) } else { (k, v) })
        .collect();
    let res = e.client.post(e.url(&edit)).form(&fields).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.browser().get(&guide).await;
    assert_eq!(hrefs(&page, "nav.wiki-crumbs a"), ["/wiki".to_owned(), withdrawals.clone()]);
    // An unknown section is a 404, a damaged page link a 400.
    assert_eq!(app.browser().get(&section_path("немає-такого")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.browser().get(&format!("{withdrawals}?after=x")).await.status, StatusCode::BAD_REQUEST);
    // A guide in no section still has its breadcrumbs.
    e.save_guide("Без розділу", "Текст", "").await;
    let page = app.browser().get(&wiki_path("Без розділу")).await;
    assert_eq!(hrefs(&page, "nav.wiki-crumbs a"), ["/wiki"]);
    assert_eq!(page.text_of("nav.wiki-crumbs [aria-current=page]").as_deref(), Some("Без розділу"));
}

#[tokio::test]
async fn bad_section_names_are_refused_and_the_form_keeps_everything() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "помилковий").await;
    let body = "Перший рядок\r\nДругий рядок\r\n";
    for (typed, says) in [
        ("Добре, [погано]", "“[погано]” cannot be a section name"),
        (&*format!("Добре, {}", "д".repeat(61)), "is too long: at most 60 characters"),
        ("1,2,3,4,5,6,7,8,9,10,11", "at most 10 sections"),
        ("—, !!!", "cannot be a section name"),
    ] {
        let res = save_with_sections(&e, "Нова інструкція", body, typed).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}: {}", res.body);
        assert!(res.text_of("#sections-error").unwrap_or_default().contains(says), "{typed}: {}", res.body);
        assert!(res.has("input#sections[aria-invalid=true]"));
        let form = res.form_fields(&format!("{}/edit", wiki_path("Нова інструкція")));
        let value = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
        assert_eq!(value("sections"), typed);
        assert_eq!(value("body").replace("\r\n", "\n"), body.replace("\r\n", "\n"));
        assert_eq!(value("summary"), "розділи");
    }
    // Nothing was saved.
    assert_eq!(app.browser().get(&wiki_path("Нова інструкція")).await.status, StatusCode::NOT_FOUND);
    let uk = e.get_with("/wiki", &[("accept-language", "uk")]).await;
    assert!(!uk.has(".section-card"));
}

#[tokio::test]
async fn a_section_lists_its_guides_a_to_z_a_page_at_a_time() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "упорядник").await;
    // Ukrainian order, not code points: Є after Е, І and Ї after И, Ґ after Г.
    let mut titles: Vec<String> =
        ["Ясно", "Їжак", "Ґанок", "Єнот", "Інструкція", "Гроші", "Абетка", "Zebra"].map(str::to_owned).to_vec();
    for i in 0..46 {
        titles.push(format!("Крок {i:02}"));
    }
    for t in &titles {
        let res = save_with_sections(&e, t, "Текст", "Великий розділ").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{t}");
    }
    let mut expected: Vec<String> = titles.clone();
    expected.sort_by_key(|t| veche::wiki::collation_key(t));
    let path = section_path("великий-розділ");
    let first = app.browser().get(&path).await;
    let mut seen: Vec<String> = texts(&first, ".section-guides a");
    assert_eq!(seen.len(), 50);
    assert!(first.text_of("p.muted").unwrap().contains("54 guides"), "{}", first.body);
    let next = hrefs(&first, "a[rel=next]");
    assert_eq!(next.len(), 1);
    let second = app.browser().get(&next[0]).await;
    seen.extend(texts(&second, ".section-guides a"));
    assert!(!second.has("a[rel=next]"));
    assert_eq!(seen, expected);
    assert_eq!(&seen[..6], ["Абетка", "Гроші", "Ґанок", "Єнот", "Інструкція", "Їжак"]);
    // The home page shows the first five, with a link to all of them.
    let home = app.browser().get("/wiki").await;
    assert_eq!(texts(&home, ".section-card li a"), &expected[..5]);
    assert!(home.has(&format!(".section-card a[href='{path}']")));
    // A rename keeps the guide in its place A–Z.
    let moved = e
        .submit(
            &format!("{}/move", wiki_path("Абетка")),
            &format!("{}/move", wiki_path("Абетка")),
            &[("new_title", "Ящірка"), ("reason", "тест")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let second = app.browser().get(&next[0]).await;
    assert_eq!(texts(&second, ".section-guides a").last().map(String::as_str), Some("Zebra"));
    let home = app.browser().get("/wiki").await;
    assert_eq!(texts(&home, ".section-card li a")[0], "Гроші");
}

#[tokio::test]
async fn see_also_shows_guides_that_share_links_and_never_missing_ones() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "звʼязківець").await;
    e.save_guide("Хаб", "Загальна інструкція.", "").await;
    e.save_guide("Перша", "Див. [[Хаб]] і [[Привид]].", "").await;
    e.save_guide("Друга", "Також [[Хаб]].", "").await;
    e.save_guide("Третя", "Лише [[Привид]].", "").await;
    e.save_guide("Четверта", "Посилається на [[Перша]].", "").await;
    e.save_guide("Окрема", "Ні з чим не повʼязана.", "").await;
    let first = wiki_path("Перша");
    let page = app.browser().get(&first).await;
    let mut shown = hrefs(&page, "#see-also a");
    shown.sort();
    let mut expected = vec![wiki_path("Хаб"), wiki_path("Друга"), wiki_path("Четверта")];
    expected.sort();
    assert_eq!(shown, expected, "{}", page.body);
    assert!(page.text_of("#see-also h2").as_deref() == Some("See also"));
    // Hub itself: those that link to it.
    let hub = app.browser().get(&wiki_path("Хаб")).await;
    let mut shown = hrefs(&hub, "#see-also a");
    shown.sort();
    let mut expected = vec![wiki_path("Перша"), wiki_path("Друга")];
    expected.sort();
    assert_eq!(shown, expected);
    // A guide linked with no one has no "see also" at all.
    assert!(!app.browser().get(&wiki_path("Окрема")).await.has("#see-also"));
    // A guide that stops linking drops out.
    e.save_guide("Друга", "Більше без посилань.", "").await;
    let page = app.browser().get(&first).await;
    assert!(!hrefs(&page, "#see-also a").contains(&wiki_path("Друга")));
    // A renamed guide shows under its new title only, once.
    let hub_path = wiki_path("Хаб");
    let res = e
        .submit(
            &format!("{hub_path}/move"),
            &format!("{hub_path}/move"),
            &[("new_title", "Головна"), ("reason", "назва")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app.browser().get(&first).await;
    let shown = hrefs(&page, "#see-also a");
    assert_eq!(shown.iter().filter(|h| **h == wiki_path("Головна")).count(), 1, "{shown:?}");
    assert!(!shown.contains(&hub_path));
    // The missing guide is never offered, nor one sharing only a red link.
    assert!(!shown.iter().any(|h| h.starts_with(&wiki_path("Привид"))), "{shown:?}");
    assert!(!texts(&page, "#see-also a").contains(&"Привид".to_owned()));
    assert!(!shown.contains(&wiki_path("Третя")));
}

#[tokio::test]
async fn reads_are_counted_in_memory_and_written_in_one_batch() {
    let app = TestApp::spawn().await;
    let e = editor(&app, "читач").await;
    e.save_guide("Популярна", "Текст", "").await;
    e.save_guide("Рідкісна", "Текст", "").await;
    let popular = wiki_path("Популярна");
    let rare = wiki_path("Рідкісна");
    let reader = app.browser();
    for _ in 0..5 {
        assert_eq!(reader.get(&popular).await.status, StatusCode::OK);
    }
    reader.get(&rare).await;
    // An old revision is not a read of the guide.
    reader.get(&format!("{popular}?rev=1")).await;
    // Nothing is written per read.
    assert_eq!(views_of(&app, "Популярна").await, 0);
    assert!(!app.browser().get("/wiki").await.has(".most-read a"));
    assert_eq!(app.state.reads.flush(&app.state.db).await.unwrap(), 2);
    assert_eq!(views_of(&app, "Популярна").await, 5);
    assert_eq!(views_of(&app, "Рідкісна").await, 1);
    let home = app.browser().get("/wiki").await;
    assert_eq!(hrefs(&home, ".most-read a"), [popular.clone(), rare.clone()]);
    assert!(home.text_of(".most-read li").unwrap().contains("read 5 times"));
    // A second flush with nothing new writes nothing.
    assert_eq!(app.state.reads.flush(&app.state.db).await.unwrap(), 0);

    // Two instances on one database: their counts add up.
    let other = app.second_instance().await;
    let there = other.browser();
    for _ in 0..3 {
        there.get(&rare).await;
    }
    for _ in 0..2 {
        reader.get(&rare).await;
    }
    other.state.reads.flush(&other.state.db).await.unwrap();
    app.state.reads.flush(&app.state.db).await.unwrap();
    assert_eq!(views_of(&app, "Рідкісна").await, 6);
    let home = app.browser().get("/wiki").await;
    assert_eq!(hrefs(&home, ".most-read a"), [rare, popular]);
}

#[tokio::test]
async fn concurrent_edits_of_one_guide_keep_section_counts_true() {
    let app = TestApp::spawn().await;
    const N: usize = 6;
    let owner = editor(&app, "власник").await;
    let res = save_with_sections(&owner, "Спірна", "Текст\r\n", "Спільний").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let edit = format!("{}/edit", wiki_path("Спірна"));
    let mut racers = Vec::new();
    for i in 0..N {
        let b = editor(&app, &format!("гонщик{i}")).await;
        let form = b.get(&edit).await;
        racers.push((b, form));
    }
    let mut tasks = Vec::new();
    for (i, (b, form)) in racers.into_iter().enumerate() {
        let edit = edit.clone();
        tasks.push(tokio::spawn(async move {
            let sections = format!("Спільний, Окремий {i}, Парний {}", i % 2);
            b.submit_on(&form, &edit, &[("sections", &sections)]).await.status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::SEE_OTHER);
    }
    let drift = veche::forum::counters::check(app.state.db.read()).await.unwrap();
    assert!(drift.is_empty(), "{drift:#?}");
    // The guide is in exactly one racer's sections: the last to save.
    let page = app.browser().get(&wiki_path("Спірна")).await;
    let crumbs = texts(&page, "nav.wiki-crumbs a");
    assert_eq!(crumbs.len(), 4, "{crumbs:?}");
    assert!(crumbs.contains(&"Спільний".to_owned()));
    let home = app.browser().get("/wiki").await;
    assert_eq!(texts(&home, ".section-card h3 a").len(), 3);
    assert!(texts(&home, ".section-card h3").iter().all(|t| t.contains("1 guide")));
}
