//! The JSON API: personal tokens made in settings, reads that match the
//! site (paging, visibility), writes through the forms' commands, problem
//! details in the reader's language, per-token rate limits, and the
//! OpenAPI document.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Browser, TestApp};

/// Makes a token through the settings form; returns the token shown once.
async fn make_token(b: &Browser, name: &str, scope: &str) -> String {
    let res = b.submit("/settings", "/settings/tokens", &[("token_name", name), ("token_scope", scope)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.text_of("code.api-token-secret").expect("the new token is shown")
}

struct Api {
    base: String,
    client: reqwest::Client,
    token: Option<String>,
    lang: Option<&'static str>,
}

struct Answer {
    status: StatusCode,
    content_type: String,
    retry_after: Option<String>,
    json: Value,
    text: String,
}

impl Api {
    fn new(app: &TestApp, token: Option<&str>) -> Self {
        Self { base: app.base.clone(), client: reqwest::Client::new(), token: token.map(str::to_owned), lang: None }
    }

    fn lang(mut self, lang: &'static str) -> Self {
        self.lang = Some(lang);
        self
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Answer {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        if let Some(l) = self.lang {
            req = req.header("accept-language", l);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let header = |n: &str| res.headers().get(n).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let content_type = header("content-type").unwrap_or_default();
        let retry_after = header("retry-after");
        let text = res.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer { status, content_type, retry_after, json, text }
    }

    async fn get(&self, path: &str) -> Answer {
        self.send(reqwest::Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }
}

impl Answer {
    fn problem(&self, status: StatusCode) -> &str {
        assert_eq!(self.status, status, "{}", self.text);
        assert_eq!(self.content_type, "application/problem+json", "{}", self.text);
        assert_eq!(self.json["status"], status.as_u16(), "{}", self.text);
        assert!(self.json["title"].is_string() && self.json["type"].is_string(), "{}", self.text);
        self.json["detail"].as_str().expect("detail")
    }
}

async fn forum_app() -> TestApp {
    let app = TestApp::spawn().await;
    app.category("general", "General").await;
    app
}

#[tokio::test]
async fn tokens_are_shown_once_stored_hashed_scoped_and_revoked() {
    let app = forum_app().await;
    let b = app.member("olena").await;
    let secret = make_token(&b, "my script", "read").await;
    assert!(secret.starts_with("veche_") && secret.len() > 40, "{secret}");
    let settings = b.get("/settings").await;
    assert!(!settings.body.contains(&secret), "shown only once");
    assert!(settings.body.contains("my script"));
    assert!(settings.headers.get("cache-control").unwrap().to_str().unwrap().contains("no-store"));

    // Only a SHA-256 is stored.
    use sea_orm::EntityTrait;
    let rows = veche::entities::api_tokens::Entity::find().all(app.state.db.read()).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].token_hash, veche::accounts::api_tokens::hash(&secret));
    assert!(!rows[0].token_hash.contains(&secret[6..]) && rows[0].last_used_at.is_none());

    // It reads; its use is noted and shown.
    let api = Api::new(&app, Some(&secret));
    assert_eq!(api.get("/api/v1/categories").await.status, StatusCode::OK);
    let settings = b.get("/settings").await;
    assert!(settings.has(".api-token .last-used time"), "last use shown");
    // A read token cannot write.
    let res = api.post("/api/v1/topics", json!({"category": "general", "title": "Read only", "body": "x"})).await;
    assert!(res.problem(StatusCode::FORBIDDEN).contains("only read"));

    // A name is required; the form keeps the page with a message.
    let res = b.submit("/settings", "/settings/tokens", &[("token_name", " "), ("token_scope", "write")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.has("#token_name-error"));

    // Revoked: refused, and gone from the list.
    let id = rows[0].id;
    let res = b.press("/settings", &format!("/settings/tokens/{id}/revoke")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = api.get("/api/v1/categories").await;
    res.problem(StatusCode::UNAUTHORIZED);
    assert!(!b.get("/settings").await.body.contains("my script"));
    // Someone else cannot revoke a token that is not theirs.
    let other_secret = make_token(&b, "second", "write").await;
    let other_id = veche::entities::api_tokens::Entity::find()
        .all(app.state.db.read())
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "second")
        .unwrap()
        .id;
    let mallory = app.member("mallory").await;
    let page = mallory.get("/settings").await;
    let mut fields = page.form_fields("/settings/tokens");
    fields.retain(|(k, _)| k == "csrf_token");
    let res =
        mallory.post_raw(&format!("/settings/tokens/{other_id}/revoke"), &[("csrf_token", &fields[0].1)], &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(Api::new(&app, Some(&other_secret)).get("/api/v1/categories").await.status, StatusCode::OK);
    // A token that was never made.
    Api::new(&app, Some("veche_0000")).get("/api/v1/categories").await.problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn writes_go_through_the_forms_commands() {
    let app = forum_app().await;
    let olena = app.member("olena").await;
    let taras = app.member("taras").await;
    let api = Api::new(&app, Some(&make_token(&olena, "bot", "write").await));
    let taras_api = Api::new(&app, Some(&make_token(&taras, "bot", "write").await));

    // Without a token: no writing.
    let anon = Api::new(&app, None);
    anon.post("/api/v1/topics", json!({"category": "general", "title": "Hello there", "body": "x"}))
        .await
        .problem(StatusCode::UNAUTHORIZED);

    // New topic: the same checks as the form (title length, category).
    let res = api.post("/api/v1/topics", json!({"category": "nowhere", "title": "x", "body": ""})).await;
    res.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        res.json["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"title") && fields.contains(&"body") && fields.contains(&"category"), "{fields:?}");
    api.post("/api/v1/topics", json!({"title": 5})).await.problem(StatusCode::BAD_REQUEST);
    let res = api
        .post(
            "/api/v1/topics",
            json!({"category": "general", "title": "Withdrawal stuck", "body": "Line one\r\n\r\n**bold**"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let topic = res.json["topic"].as_i64().unwrap();
    let first = res.json["post"].as_i64().unwrap();
    let page = app.browser().get(&format!("/t/{topic}")).await;
    assert!(page.body.contains("Withdrawal stuck") && page.body.contains("<strong>bold</strong>"));

    // Reply, edit, like, flag.
    let res = taras_api.post(&format!("/api/v1/topics/{topic}/posts"), json!({"body": "Try again tomorrow."})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.json["number"], 2);
    let reply = res.json["post"].as_i64().unwrap();
    let res = taras_api
        .send(reqwest::Method::PATCH, &format!("/api/v1/posts/{reply}"), Some(json!({"body": "Try again in an hour."})))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json["revision"], 2);
    assert_eq!(res.json["source"], "Try again in an hour.");
    let history = app.browser().get(&format!("/p/{reply}/history")).await;
    assert!(history.body.contains("Try again tomorrow."), "the old version stays in the history");
    // Someone else's post: the policy refuses, as on the site.
    taras_api
        .send(reqwest::Method::PATCH, &format!("/api/v1/posts/{first}"), Some(json!({"body": "mine now"})))
        .await
        .problem(StatusCode::FORBIDDEN);
    let res = api.post(&format!("/api/v1/posts/{reply}/like"), json!({})).await;
    assert_eq!(res.json, json!({"liked": true}), "{}", res.text);
    let res = api.get(&format!("/api/v1/posts/{reply}")).await;
    assert_eq!((res.json["likes"].clone(), res.json["liked"].clone()), (json!(1), json!(true)));
    // Liking your own post is refused with the site's message.
    let own = api.post(&format!("/api/v1/posts/{first}/like"), json!({})).await;
    own.problem(StatusCode::BAD_REQUEST);
    let res = api.post(&format!("/api/v1/posts/{reply}/flags"), json!({"reason": "nonsense"})).await;
    res.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let res = api.post(&format!("/api/v1/posts/{reply}/flags"), json!({"reason": "spam"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    api.post(&format!("/api/v1/posts/{reply}/flags"), json!({"reason": "spam"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY);
    // The flag is in the moderators' queue, as one from the site's form.
    let moderator = app.staff("mod1", veche::policy::Role::Moderator).await;
    assert!(moderator.get("/mod").await.body.contains("Try again in an hour."));
}

#[tokio::test]
async fn reads_match_the_site_with_keyset_paging() {
    let app = forum_app().await;
    app.category("money", "Money").await;
    let olena = app.member("olena").await;
    let api = Api::new(&app, Some(&make_token(&olena, "bot", "write").await));
    for i in 0..32 {
        let cat = if i % 2 == 0 { "general" } else { "money" };
        let res = api
            .post(
                "/api/v1/topics",
                json!({"category": cat, "title": format!("Question number {i}"), "body": format!("Body {i}")}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    let anon = Api::new(&app, None);
    let cats = anon.get("/api/v1/categories").await;
    let slugs: Vec<&str> =
        cats.json["categories"].as_array().unwrap().iter().map(|c| c["slug"].as_str().unwrap()).collect();
    assert!(slugs.contains(&"general") && slugs.contains(&"money"), "{slugs:?}");

    let first = anon.get("/api/v1/topics").await;
    let page1: Vec<i64> = first.json["topics"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect();
    assert_eq!(page1.len(), 30);
    let cursor = first.json["next_cursor"].as_str().unwrap().to_owned();
    let second = anon.get(&format!("/api/v1/topics?cursor={cursor}")).await;
    let page2: Vec<i64> = second.json["topics"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect();
    assert_eq!(page2.len(), 2);
    assert!(second.json["next_cursor"].is_null());
    assert!(page2.iter().all(|id| !page1.contains(id)));
    // The site's first page lists the same topics in the same order.
    let home = app.browser().get("/").await;
    let first_title = first.json["topics"][0]["title"].as_str().unwrap();
    assert!(home.body.contains(first_title));
    let money = anon.get("/api/v1/topics?category=money&sort=new").await;
    assert_eq!(money.json["topics"].as_array().unwrap().len(), 16);
    assert!(money.json["topics"].as_array().unwrap().iter().all(|t| t["category"] == "money"));
    anon.get("/api/v1/topics?sort=sideways").await.problem(StatusCode::BAD_REQUEST);
    anon.get("/api/v1/topics?cursor=garbage").await.problem(StatusCode::BAD_REQUEST);
    anon.get("/api/v1/topics?category=nowhere").await.problem(StatusCode::NOT_FOUND);
    assert_eq!(anon.get("/api/v1/topics?sort=top&period=all").await.status, StatusCode::OK);

    // A topic with its posts: source and cooked HTML.
    let id = page1[0];
    let topic = anon.get(&format!("/api/v1/topics/{id}")).await;
    assert_eq!(topic.status, StatusCode::OK, "{}", topic.text);
    let post = &topic.json["posts"][0];
    assert!(post["source"].as_str().unwrap().starts_with("Body "));
    assert!(post["html"].as_str().unwrap().starts_with("<p>Body "));
    assert_eq!(post["author"], "olena");
    anon.get("/api/v1/topics/999999").await.problem(StatusCode::NOT_FOUND);
    anon.get("/api/v1/topics/abc").await.problem(StatusCode::BAD_REQUEST);

    // A member's public profile: no e-mail.
    let member = anon.get("/api/v1/members/olena").await;
    assert_eq!(member.json["username"], "olena");
    assert_eq!(member.json["certificate"], "alias");
    assert!(!member.text.contains("@example.com"));
    anon.get("/api/v1/members/nobody").await.problem(StatusCode::NOT_FOUND);
    anon.get("/api/v1/no/such/thing").await.problem(StatusCode::NOT_FOUND);
}

async fn put(api: &Api, body: Value) -> Answer {
    api.send(reqwest::Method::PUT, "/api/v1/guides/Виведення_коштів", Some(body)).await
}

#[tokio::test]
async fn guides_are_read_edited_and_proposed() {
    let app = forum_app().await;
    let editor = app.member_with("editor", "personal", 50).await;
    let newbie = app.member("newbie").await;
    let api = Api::new(&app, Some(&make_token(&editor, "bot", "write").await));
    let newbie_api = Api::new(&app, Some(&make_token(&newbie, "bot", "write").await));
    let res =
        put(&api, json!({"body": "Line one\nLine two\nLine three\nLine four\nLine five\n", "summary": "start"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json["outcome"], "saved");
    let r1 = res.json["revision"].as_i64().unwrap();
    let res =
        put(&api, json!({"body": "Line one\nLine two changed\nLine three\nLine four\nLine five\n", "base": r1})).await;
    let r2 = res.json["revision"].as_i64().unwrap();
    // An edit from an old base that touches other lines is merged ...
    let res =
        put(&api, json!({"body": "Line one\nLine two\nLine three\nLine four\nLine five, later\n", "base": r1})).await;
    assert_eq!(res.json["outcome"], "merged", "{}", res.text);
    // ... one touching the same line is a conflict, and nothing is saved.
    let res =
        put(&api, json!({"body": "Line one\nLine two, mine\nLine three\nLine four\nLine five\n", "base": r1})).await;
    res.problem(StatusCode::CONFLICT);
    // Below the bar: a proposal for review, as from the site's editor.
    let res = put(&newbie_api, json!({"body": "Line one\nLine two changed\nLine three, later\nMore\n"})).await;
    assert_eq!(res.json["outcome"], "proposed", "{}", res.text);
    assert!(res.json["proposal"].as_i64().is_some());

    let anon = Api::new(&app, None);
    let guide = anon.get("/api/v1/guides/Виведення_коштів").await;
    assert_eq!(guide.status, StatusCode::OK, "{}", guide.text);
    assert_eq!(guide.json["title"], "Виведення коштів");
    assert_eq!(guide.json["source"], "Line one\nLine two changed\nLine three\nLine four\nLine five, later\n");
    assert!(guide.json["html"].as_str().unwrap().contains("<p>Line one"));
    let current = guide.json["revision"].as_i64().unwrap();
    let old = anon.get(&format!("/api/v1/guides/Виведення_коштів/revisions/{r1}")).await;
    assert_eq!(old.json["current"], false);
    assert_eq!(old.json["source"], "Line one\nLine two\nLine three\nLine four\nLine five\n");
    let history = anon.get("/api/v1/guides/Виведення_коштів/history").await;
    let ids: Vec<i64> =
        history.json["revisions"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![current, r2, r1]);
    let diff = anon.get(&format!("/api/v1/guides/Виведення_коштів/diff?from={r1}&to={r2}")).await;
    assert_eq!(diff.status, StatusCode::OK, "{}", diff.text);
    let lines = diff.json["lines"].as_array().unwrap();
    assert!(lines.iter().any(|l| l["kind"] == "ins" && l["text"].as_str().unwrap().contains("Line two changed")));
    anon.get("/api/v1/guides/Виведення_коштів/diff?from=999999").await.problem(StatusCode::BAD_REQUEST);
    anon.get("/api/v1/guides/Nothing_here").await.problem(StatusCode::NOT_FOUND);
    anon.get("/api/v1/guides/a%7Cb").await.problem(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_hidden_post_is_not_in_the_api_for_a_reader() {
    let app = forum_app().await;
    let author = app.member("author").await;
    let author_api = Api::new(&app, Some(&make_token(&author, "bot", "write").await));
    let res = author_api
        .post("/api/v1/topics", json!({"category": "general", "title": "A topic here", "body": "Opening"}))
        .await;
    let topic = res.json["topic"].as_i64().unwrap();
    let res =
        author_api.post(&format!("/api/v1/topics/{topic}/posts"), json!({"body": "Send money to SCAMWALLET"})).await;
    let post = res.json["post"].as_i64().unwrap();
    // Three flags hide it until a moderator reviews it.
    for name in ["flagger1", "flagger2", "flagger3"] {
        let b = app.member(name).await;
        let api = Api::new(&app, Some(&make_token(&b, "bot", "write").await));
        let res = api.post(&format!("/api/v1/posts/{post}/flags"), json!({"reason": "scam"})).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    let reader = app.member("reader").await;
    let reader_api = Api::new(&app, Some(&make_token(&reader, "bot", "read").await));
    for api in [&Api::new(&app, None), &reader_api] {
        let t = api.get(&format!("/api/v1/topics/{topic}")).await;
        assert_eq!(t.status, StatusCode::OK);
        assert!(!t.text.contains("SCAMWALLET"), "{}", t.text);
        assert_eq!(t.json["posts"][1]["hidden"], true);
        assert!(t.json["posts"][1]["source"].is_null() && t.json["posts"][1]["html"].is_null());
        api.get(&format!("/api/v1/posts/{post}")).await.problem(StatusCode::NOT_FOUND);
        // Nor can it be liked.
    }
    // The author still reads their own hidden post, as on the site.
    let own = author_api.get(&format!("/api/v1/topics/{topic}")).await;
    assert!(own.text.contains("SCAMWALLET"));
    let like = Api::new(&app, Some(&make_token(&reader, "w", "write").await));
    like.post(&format!("/api/v1/posts/{post}/like"), json!({})).await.problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn refusals_are_problem_details_with_the_sites_words() {
    let app = forum_app().await;
    let olena = app.member("olena").await;
    let taras = app.member("taras").await;
    let api = Api::new(&app, Some(&make_token(&olena, "bot", "write").await));
    let res =
        api.post("/api/v1/topics", json!({"category": "general", "title": "Olena's topic", "body": "Hello"})).await;
    let topic = res.json["topic"].as_i64().unwrap();
    let post = res.json["post"].as_i64().unwrap();
    // Taras may not edit Olena's post: the same words as the site's page,
    // in the language asked for.
    let taras_api = Api::new(&app, Some(&make_token(&taras, "bot", "write").await)).lang("uk");
    let res =
        taras_api.send(reqwest::Method::PATCH, &format!("/api/v1/posts/{post}"), Some(json!({"body": "x"}))).await;
    let detail = res.problem(StatusCode::FORBIDDEN).to_owned();
    let page = taras.get_with(&format!("/p/{post}/edit"), &[("accept-language", "uk")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(page.text_of(".error-message").unwrap(), detail);
    assert_eq!(res.json["title"], page.text_of("h1").unwrap());
    // Field messages in Russian.
    let ru = Api::new(&app, Some(&make_token(&olena, "ru", "write").await)).lang("ru");
    let res = ru.post(&format!("/api/v1/topics/{topic}/posts"), json!({"body": "  "})).await;
    res.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let msg = res.json["errors"][0]["message"].as_str().unwrap();
    assert_eq!(msg, veche::i18n::text("ru", "err-body-empty", &[]));
    // A body that is not JSON.
    let raw = reqwest::Client::new()
        .post(format!("{}/api/v1/topics/{topic}/posts", app.base))
        .bearer_auth(ru.token.as_deref().unwrap())
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::BAD_REQUEST);
    assert_eq!(raw.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn the_rate_limit_is_per_token() {
    let app = TestApp::spawn_with(|c| c.api_requests_per_minute = 5).await;
    let olena = app.member("olena").await;
    let a = Api::new(&app, Some(&make_token(&olena, "a", "read").await));
    let b = Api::new(&app, Some(&make_token(&olena, "b", "read").await));
    for _ in 0..5 {
        assert_eq!(a.get("/api/v1/categories").await.status, StatusCode::OK);
    }
    let res = a.get("/api/v1/categories").await;
    res.problem(StatusCode::TOO_MANY_REQUESTS);
    assert!(res.retry_after.is_some());
    // Another token of the same member has its own allowance.
    assert_eq!(b.get("/api/v1/categories").await.status, StatusCode::OK);
    // A second instance on the same database counts with the first.
    let other = app.second_instance().await;
    let b_there = Api { base: other.base.clone(), ..b };
    for _ in 0..4 {
        assert_eq!(b_there.get("/api/v1/categories").await.status, StatusCode::OK);
    }
    b_there.get("/api/v1/categories").await.problem(StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = TestApp::spawn().await;
    let res = Api::new(&app, None).get("/api/v1/openapi.json").await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json;
    assert_eq!(doc["openapi"], "3.1.0");
    let mut listed: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            listed.push((method.to_uppercase(), path.clone()));
            for (status, r) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') && !path.ends_with("/standing") {
                    assert!(r["content"]["application/problem+json"].is_object(), "{method} {path} {status}");
                }
            }
        }
    }
    listed.sort();
    let mut expected: Vec<(String, String)> = [
        ("GET", "/api/v1/categories"),
        ("GET", "/api/v1/topics"),
        ("POST", "/api/v1/topics"),
        ("GET", "/api/v1/topics/{id}"),
        ("POST", "/api/v1/topics/{id}/posts"),
        ("GET", "/api/v1/posts/{id}"),
        ("PATCH", "/api/v1/posts/{id}"),
        ("POST", "/api/v1/posts/{id}/like"),
        ("POST", "/api/v1/posts/{id}/flags"),
        ("GET", "/api/v1/guides/{title}"),
        ("PUT", "/api/v1/guides/{title}"),
        ("GET", "/api/v1/guides/{title}/revisions/{rev}"),
        ("GET", "/api/v1/guides/{title}/history"),
        ("GET", "/api/v1/guides/{title}/diff"),
        ("GET", "/api/v1/members/{username}"),
        ("GET", "/api/v1/search"),
        ("GET", "/api/v1/ask"),
        ("PUT", "/api/v1/members/{username}/standing"),
    ]
    .iter()
    .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
    .collect();
    expected.sort();
    assert_eq!(listed, expected);
    let mut described = veche::web::api::doc::described_routes();
    described.sort();
    assert_eq!(described, expected);
    for name in ["Problem", "Topic", "Post", "Guide", "GuideDiff", "Member", "TopicListPage"] {
        assert!(doc["components"]["schemas"][name].is_object(), "{name}");
    }
    // The page for people lists every operation, with no script.
    let page = app.browser().get("/api/v1/docs").await;
    assert_eq!(page.status, StatusCode::OK);
    let sel = scraper::Selector::parse("code.api-path").unwrap();
    let shown: Vec<String> = page.html().select(&sel).map(|e| e.text().collect()).collect();
    for (_, path) in &expected {
        assert!(shown.contains(path), "{path}");
    }
}

#[tokio::test]
async fn search_and_ask_use_the_sites_engine() {
    let app = forum_app().await;
    let editor = app.member_with("editor", "personal", 50).await;
    let api = Api::new(&app, Some(&make_token(&editor, "bot", "write").await));
    let res = api
        .send(
            reqwest::Method::PUT,
            "/api/v1/guides/Виведення_коштів",
            Some(json!({"body": "## Як вивести кошти\n\nЩоб вивести кошти, відкрийте гаманець і натисніть «Вивести».\n", "aliases": ["Зняття грошей"]})),
        )
        .await;
    assert_eq!(res.json["outcome"], "saved", "{}", res.text);
    let res = api
        .post("/api/v1/topics", json!({"category": "general", "title": "Гаманець не відкривається", "body": "Гаманець не відкривається після оновлення."}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED);
    app.state.events.settle(&app.state.app).await;

    let anon = Api::new(&app, None);
    let found = anon.get("/api/v1/search?q=гаманця").await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text);
    let kinds: Vec<&str> = found.json["hits"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"guide") && kinds.contains(&"topic"), "{}", found.text);
    assert!(found.json["hits"][0]["snippet_html"].as_str().unwrap().contains("<mark>"));
    let guides = anon.get("/api/v1/search?q=гаманця&kind=guides").await;
    assert!(guides.json["hits"].as_array().unwrap().iter().all(|h| h["kind"] == "guide"));
    anon.get("/api/v1/search?q=x&from=yesterday").await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(anon.get("/api/v1/search").await.json["problem"], "empty");

    let answer = anon.get("/api/v1/ask?q=як%20вивести%20кошти").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json["guides"][0]["title"], "Виведення коштів", "{}", answer.text);
    assert!(answer.json["ask_id"].as_i64().is_some(), "the question is recorded");
}
