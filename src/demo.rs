//! `veche demo`: fills an empty database with a believable Ukrainian support
//! community, so a newcomer sees a living site. The content is in `demo/`.
//! [`scale`] builds a much larger one from the same content.

pub mod scale;

use anyhow::{Context, bail};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde::Deserialize;
use time::Duration;

use crate::accounts::{self, Registered, SignUp, Source, StandingChange};
use crate::app::App;
use crate::entities::{posts, topics, users};
use crate::forum::{self, CategoryForm, NewTopic};
use crate::policy::Role;

#[derive(Deserialize)]
struct Forum {
    users: Vec<DemoUser>,
    categories: Vec<DemoCategory>,
    topics: Vec<DemoTopic>,
}

#[derive(Deserialize)]
struct DemoUser {
    username: String,
    certificate: String,
    bl: i32,
    role: String,
}

#[derive(Deserialize)]
struct DemoCategory {
    slug: String,
    name: String,
    description: String,
    color: String,
    parent: Option<String>,
}

#[derive(Deserialize)]
struct DemoTopic {
    category: String,
    title: String,
    #[serde(default)]
    pinned: bool,
    #[serde(default)]
    closed: bool,
    posts: Vec<DemoPost>,
    solution: Option<i32>,
}

#[derive(Deserialize)]
struct DemoPost {
    author: String,
    body: String,
    #[serde(default)]
    likes: Vec<String>,
}

#[derive(Deserialize)]
struct DemoGuide {
    title: String,
    revisions: Vec<DemoRevision>,
}

#[derive(Deserialize)]
struct DemoRevision {
    author: String,
    summary: String,
    #[serde(default)]
    minor: bool,
    body: String,
}

/// What `demo` created, for the closing message.
pub struct Summary {
    pub users: usize,
    pub categories: usize,
    pub topics: usize,
    pub posts: usize,
    pub guides: usize,
    pub revisions: usize,
    pub password: String,
    /// (role, username) of every demo member, staff first.
    pub accounts: Vec<(String, String)>,
}

fn random_password() -> anyhow::Result<String> {
    const WORDS: &[&str] =
        &["гривня", "гаманець", "віче", "сонях", "калина", "річка", "ключ", "каштан", "море", "зірка"];
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(bytes.iter().map(|b| WORDS[usize::from(*b) % WORDS.len()]).collect::<Vec<_>>().join("-"))
}

/// Fills an empty database. Refuses to touch one that already has members.
pub async fn run(app: &App) -> anyhow::Result<Summary> {
    // Demo members post in bulk: the posting limits meant for people are off.
    let mut config = (*app.config).clone();
    config.post_interval_secs = 0;
    config.new_post_interval_secs = 0;
    config.new_account_hours = 0;
    config.approve_new_posts = false;
    let state = &App::with_db(app.db.clone(), config);
    let db = &state.db;
    // A new site, perhaps with its first admin already: no content yet and
    // none of the demo's names taken.
    let has_content = crate::entities::topics::Entity::find().count(db.read()).await? > 0
        || crate::entities::articles::Entity::find().count(db.read()).await? > 0
        || crate::entities::categories::Entity::find().count(db.read()).await? > 0;
    if has_content {
        bail!("the site already has categories, topics or guides; `veche demo` only fills a new site");
    }
    let data: Forum = serde_json::from_str(include_str!("../demo/forum.json")).context("demo/forum.json")?;
    for u in &data.users {
        if accounts::find_by_username(db.read(), &u.username).await.map_err(|e| anyhow::anyhow!("{e}"))?.is_some() {
            bail!("a member named {} exists already; `veche demo` only fills a new site", u.username);
        }
    }
    let password = random_password()?;
    let mut by_name = std::collections::HashMap::new();
    for u in &data.users {
        let form = SignUp {
            username: u.username.clone(),
            email: format!("{}@demo.invalid", u.username.to_lowercase()),
            password: password.clone(),
        };
        let role = Role::parse(&u.role).unwrap_or(Role::Member);
        let Registered::Created(user) = accounts::create(db, &state.config.default_certificate, &form, role, true)
            .await
            .map_err(|e| anyhow::anyhow!("demo user {}: {e}", u.username))?
        else {
            bail!("demo user {} clashes with an existing address", u.username);
        };
        let reason = "demo community";
        let change = |c| accounts::change_standing(db, &state.policy, &u.username, c, reason, None, Source::Cli);
        change(StandingChange::Certificate(u.certificate.clone())).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        change(StandingChange::Bl(u.bl)).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        // Members of a community with a history joined long before it.
        let joined = crate::util::now() - Duration::days(400 + 7 * by_name.len() as i64);
        users::Entity::update_many()
            .col_expr(users::Column::CreatedAt, Expr::value(joined))
            .filter(users::Column::Id.eq(user.id))
            .exec(db.write())
            .await?;
        let user =
            accounts::find_by_id(db.write(), user.id).await.map_err(|e| anyhow::anyhow!("{e}"))?.context("user")?;
        by_name.insert(u.username.clone(), user);
    }
    for c in data
        .categories
        .iter()
        .filter(|c| c.parent.is_none())
        .chain(data.categories.iter().filter(|c| c.parent.is_some()))
    {
        let form = CategoryForm {
            name: c.name.clone(),
            slug: c.slug.clone(),
            description: c.description.clone(),
            color: c.color.clone(),
            parent: c.parent.clone().unwrap_or_default(),
        };
        forum::categories::create(db, &form).await.map_err(|e| anyhow::anyhow!("demo category {}: {e}", c.slug))?;
    }
    let now = crate::util::now();
    let (guides, revisions) = guides(state, &by_name, now).await?;
    let count = data.topics.len() as i64;
    let mut post_total = 0;
    for (i, t) in data.topics.iter().enumerate() {
        let user = |name: &str| by_name.get(name).with_context(|| format!("demo author {name} is not a demo user"));
        let (first, replies) = t.posts.split_first().context("a demo topic without posts")?;
        let input = NewTopic { category: t.category.clone(), title: t.title.clone(), body: first.body.clone() };
        let id = forum::commands::create_topic(state, user(&first.author)?, &input)
            .await
            .map_err(|e| anyhow::anyhow!("demo topic {}: {e}", t.title))?;
        for p in replies {
            forum::commands::reply(state, user(&p.author)?, id, &p.body)
                .await
                .map_err(|e| anyhow::anyhow!("demo reply in {}: {e}", t.title))?;
        }
        post_total += t.posts.len();
        // Spread the community over the last weeks, oldest topic first.
        let start = now - Duration::hours((count - i as i64) * 17 + 3);
        let mut last = start;
        for (n, p) in t.posts.iter().enumerate() {
            let at = start + Duration::minutes(n as i64 * 47 + (i as i64 % 5) * 7);
            last = at;
            let number = n as i32 + 1;
            posts::Entity::update_many()
                .col_expr(posts::Column::CreatedAt, Expr::value(at))
                .col_expr(posts::Column::UpdatedAt, Expr::value(at))
                .filter(posts::Column::TopicId.eq(id))
                .filter(posts::Column::PostNumber.eq(number))
                .exec(db.write())
                .await?;
            let post = posts::Entity::find()
                .filter(posts::Column::TopicId.eq(id))
                .filter(posts::Column::PostNumber.eq(number))
                .one(db.read())
                .await?
                .context("demo post")?;
            for liker in &p.likes {
                if liker != &p.author {
                    forum::commands::toggle_like(state, user(liker)?, post.id)
                        .await
                        .map_err(|e| anyhow::anyhow!("demo like: {e}"))?;
                }
            }
            if t.solution == Some(number) {
                forum::commands::toggle_solution(state, user(&first.author)?, post.id)
                    .await
                    .map_err(|e| anyhow::anyhow!("demo solution: {e}"))?;
            }
        }
        topics::Entity::update_many()
            .col_expr(topics::Column::CreatedAt, Expr::value(start))
            .col_expr(topics::Column::LastPostedAt, Expr::value(last))
            .col_expr(topics::Column::Pinned, Expr::value(t.pinned))
            .col_expr(topics::Column::PinnedGlobally, Expr::value(t.pinned))
            .col_expr(topics::Column::Closed, Expr::value(t.closed))
            .filter(topics::Column::Id.eq(id))
            .exec(db.write())
            .await?;
    }
    // The demo community speaks Ukrainian.
    app.site.set_default_locale(db.write(), "uk").await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut accounts: Vec<(String, String)> = data.users.iter().map(|u| (u.role.clone(), u.username.clone())).collect();
    let rank = |r: &str| match r {
        "admin" => 0,
        "moderator" => 1,
        "registrar" => 2,
        _ => 3,
    };
    accounts.sort_by_key(|(r, _)| rank(r));
    Ok(Summary {
        accounts,
        users: data.users.len(),
        categories: data.categories.len(),
        topics: data.topics.len(),
        posts: post_total,
        guides,
        revisions,
        password,
    })
}

/// The sections each demo guide is filed in (with its last revision).
fn demo_sections(title: &str) -> &'static str {
    match title {
        "Як поповнити гаманець"
        | "Як вивести кошти на банківську картку"
        | "Комісії та ліміти"
        | "Що робити, якщо платіж завис" => "Введення та виведення",
        "Як відновити доступ до облікового запису" | "Двофакторна автентифікація" => {
            "Безпека"
        }
        "Як розпізнати шахрайство" | "Фальшива підтримка в месенджерах" | "Фішингові сайти" => {
            "Безпека, Шахрайство"
        }
        "Як отримати формальний атестат" | "Як отримати персональний атестат" | "Що таке BL і як він зростає" => {
            "Атестати та BL"
        }
        "Як подати претензію в арбітраж" | "Як продавцю захистити себе" => {
            "Угоди та арбітраж"
        }
        "Обмін валют усередині системи" | "Мобільний застосунок ГроШ" | "Як закрити обліковий запис" => {
            "Гаманець"
        }
        _ => "Початківцям",
    }
}

/// The knowledge base: every guide saved revision by revision, so history,
/// diffs and links are real.
async fn guides(
    state: &App,
    by_name: &std::collections::HashMap<String, crate::accounts::User>,
    now: time::OffsetDateTime,
) -> anyhow::Result<(usize, usize)> {
    use crate::entities::{articles, revisions};
    use crate::title::Title;
    use crate::wiki::{self, Edit, Edited, Saved};
    let data: Vec<DemoGuide> = serde_json::from_str(include_str!("../demo/wiki.json")).context("demo/wiki.json")?;
    let db = &state.db;
    let mut total = 0;
    for (i, g) in data.iter().enumerate() {
        let title = Title::parse(&g.title).map_err(|e| anyhow::anyhow!("demo guide title {}: {e}", g.title))?;
        let mut base = None;
        let days_ago = 40 - (i as i64 % 20) * 2;
        for (n, r) in g.revisions.iter().enumerate() {
            let author =
                by_name.get(&r.author).with_context(|| format!("demo editor {} is not a demo user", r.author))?;
            let edit = Edit {
                body: r.body.clone(),
                summary: r.summary.clone(),
                minor: r.minor,
                base,
                aliases: None,
                sections: (n + 1 == g.revisions.len()).then(|| demo_sections(&g.title).to_owned()),
            };
            let saved = wiki::commands::edit(state, author, &title, &edit, None)
                .await
                .map_err(|e| anyhow::anyhow!("demo guide {}: {e}", g.title))?;
            let Edited::Saved(Saved::Revision { id, .. }) = saved else {
                bail!("demo guide {} revision {} did not save", g.title, n + 1);
            };
            let at = now - Duration::days(days_ago) + Duration::hours(n as i64 * 30 + i as i64);
            revisions::Entity::update_many()
                .col_expr(revisions::Column::CreatedAt, Expr::value(at))
                .filter(revisions::Column::Id.eq(id))
                .exec(db.write())
                .await?;
            articles::Entity::update_many()
                .col_expr(articles::Column::UpdatedAt, Expr::value(at))
                .filter(articles::Column::CurrentRevisionId.eq(id))
                .exec(db.write())
                .await?;
            base = Some(id);
            total += 1;
        }
    }
    Ok((data.len(), total))
}
