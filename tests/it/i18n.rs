//! Languages: Russian as complete as Ukrainian and English, plural forms on
//! real pages, and a language switch that anonymous readers can use.

use reqwest::StatusCode;

use crate::support::{TestApp, wiki_path};

const RU: (&str, &str) = ("accept-language", "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7");

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn russian_readers_get_the_main_pages_in_russian() {
    let app = TestApp::spawn().await;
    app.category("withdrawals", "Вывод средств").await;
    let author = app.member_with("avtor", "personal", 50).await;
    author.save_guide("Вывод на карту", "Как вывести деньги на карту.", "первая версия").await;
    let topic = author.new_topic("withdrawals", "Не приходят деньги", "Читал [[Вывод на карту]], не помогло.").await;
    let helper = app.member("pomoshnik").await;
    helper.reply(topic, "Проверьте реквизиты.").await;
    helper.reply(topic, "И подождите сутки.").await;

    let guide = wiki_path("Вывод на карту");
    let pages = [
        ("/".to_owned(), "Последние темы"),
        ("/c/withdrawals".to_owned(), "Новая тема"),
        (format!("/t/{topic}?page=1"), "Войдите, чтобы ответить"),
        ("/wiki/all".to_owned(), "1 инструкция"),
        ("/wiki".to_owned(), "Самые читаемые"),
        (guide.clone(), "Обсудить инструкцию"),
        (format!("{guide}/history"), "История «Вывод на карту»"),
        ("/wiki/changes".to_owned(), "Последние изменения"),
        ("/login".to_owned(), "Имя пользователя или почта"),
        ("/register".to_owned(), "Зарегистрироваться"),
        ("/u/avtor".to_owned(), "Персональный"),
        ("/no/such/page".to_owned(), "Страница не найдена"),
        // Refusals from domain code arrive as keys and are translated too.
        ("/?sort=bogus".to_owned(), "Неизвестный порядок"),
    ];
    let anon = app.browser();
    for (path, expected) in &pages {
        let page = anon.get_with(path, &[RU]).await;
        assert!(page.body.contains(r#"<html lang="ru">"#), "{path}: {}", page.body);
        assert!(page.body.contains(expected), "{path} lacks {expected:?}:\n{}", page.body);
        assert_eq!(page.text_of("nav a[href='/wiki']").as_deref(), Some("Справочник"), "{path}");
        assert_eq!(page.text_of("footer .lang-switch [aria-current]").as_deref(), Some("Русский"), "{path}");
    }

    // Counts take the Russian plural forms.
    let home = anon.get_with("/", &[RU]).await;
    assert_eq!(home.text_of(".topic-stats .stat small").as_deref(), Some("ответа"), "2 ответа");
    let article = anon.get_with(&guide, &[RU]).await;
    assert!(article.text_of("#discussions .discussion-list li").unwrap().contains("2 ответа"), "{}", article.body);
    let uk = anon.get_with(&guide, &[("accept-language", "uk")]).await;
    assert!(uk.text_of("#discussions .discussion-list li").unwrap().contains("2 відповіді"));
    let en = anon.get_with(&guide, &[("accept-language", "en")]).await;
    assert!(en.text_of("#discussions .discussion-list li").unwrap().contains("2 replies"));

    // A member's own pages, and refusals in Russian too.
    let low = app.member_with("novichok", "formal", 3).await;
    let settings = low.get_with("/settings", &[RU]).await;
    assert!(settings.body.contains(r#"<html lang="ru">"#) && settings.body.contains("Смена пароля"));
    assert!(settings.has(r#"select[name=locale] option[value=ru]"#), "Russian is offered in the settings");
    let edit = low.get_with(&format!("{guide}/edit"), &[RU]).await;
    assert!(edit.body.contains("нужен аттестат «Персональный» или выше и BL больше 10"), "{}", edit.body);
}

#[tokio::test]
async fn anonymous_readers_switch_language_with_a_plain_link() {
    let app = TestApp::spawn().await;
    let anon = app.browser();
    let page = anon.get_with("/wiki", &[("accept-language", "en")]).await;
    assert!(page.body.contains(r#"<html lang="en">"#));
    assert!(!page.has("footer form"), "no form, no token: plain links");
    let links: Vec<(String, String)> = {
        let doc = page.html();
        let sel = scraper::Selector::parse("footer .lang-switch a").unwrap();
        doc.select(&sel)
            .map(|a| (a.value().attr("hreflang").unwrap().to_owned(), a.value().attr("href").unwrap().to_owned()))
            .collect()
    };
    assert_eq!(
        links,
        [("uk".to_owned(), "/lang/uk?next=%2Fwiki".to_owned()), ("ru".to_owned(), "/lang/ru?next=%2Fwiki".to_owned())]
    );
    assert!(anon.session_cookie().is_none(), "reading pages starts no session");

    let res = anon.get("/lang/ru?next=%2Fwiki").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/wiki"));
    // The choice beats the browser's Accept-Language from now on.
    let page = anon.get_with("/wiki", &[("accept-language", "en")]).await;
    assert!(page.body.contains(r#"<html lang="ru">"#), "{}", page.body);
    assert_eq!(page.text_of("h1").as_deref(), Some("Инструкции"));

    // Pages with a query come back with it; titles in Cyrillic too.
    let guide = wiki_path("Вывод на карту");
    let back = format!("{guide}?rev=1");
    let res = anon.get(&format!("/lang/uk?next={}", urlencode(&back))).await;
    assert_eq!(res.location(), Some(back.as_str()));
    assert!(anon.get("/").await.body.contains(r#"<html lang="uk">"#));

    // Only this site's pages.
    for next in ["//evil.example/", "https://evil.example/", "/\\evil.example", "/a//b", "/ok\r\nSet-Cookie: x=1", ""] {
        let res = anon.get(&format!("/lang/en?next={}", urlencode(next))).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(res.location(), Some("/"), "{next:?}");
    }
    let res = anon.get("/lang/en").await;
    assert_eq!(res.location(), Some("/"));
    let res = anon.get("/lang/xx?next=%2F").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("That language is not available."), "{}", res.body);
}

#[tokio::test]
async fn members_switch_language_from_the_footer_of_any_page() {
    let app = TestApp::spawn().await;
    let b = app.member("marta").await;
    let res = b.submit("/wiki", "/settings/language", &[("locale", "ru")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/wiki"));
    let page = b.get_with("/", &[("accept-language", "uk")]).await;
    assert!(page.body.contains(r#"<html lang="ru">"#));
    assert_eq!(page.text_of("footer select[name=locale] option[selected]").as_deref(), Some("Русский"));
    // Saved with the account: another browser signing in gets it too.
    let other = app.browser();
    other.sign_in("marta", crate::support::PASSWORD).await;
    assert!(other.get("/").await.body.contains(r#"<html lang="ru">"#));
}
