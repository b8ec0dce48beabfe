//! The one place that knows how posts and articles point at each other.
//!
//! Markdown is rendered once, at write time, but a `[[link]]` looks
//! different depending on whether its target exists. So rendering here is
//! two passes: collect the links and mentions, look them up in one query
//! each, render again with the answers. The links found are recorded as
//! typed edges in the `links` table, which answers "what links here" and
//! lets a page that appears later turn its red links blue.

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Set,
};

use crate::entities::{articles, links, posts, redirects, revisions, users};
use crate::error::AppResult;
use crate::events::Rows;
use crate::markdown::{self, LinkResolver, Rendered};
use crate::title::Title;

pub const ARTICLE: &str = "article";
pub const POST: &str = "post";
pub const TOPIC: &str = "topic";

/// Links in rendered HTML that point into this site: topics (`/t/{id}…`)
/// and guides (`/wiki/{title}`, and red links `/wiki/{title}/edit` to
/// guides not written yet). Our sanitizer always quotes attributes with
/// `"`, so a scan for `href="` is exact.
pub fn site_links(html: &str) -> (Vec<i64>, Vec<Title>) {
    let mut topics = Vec::new();
    let mut articles: Vec<Title> = Vec::new();
    for chunk in html.split("href=\"").skip(1) {
        let Some(href) = chunk.split('"').next() else { continue };
        let path = href.split(['#', '?']).next().unwrap_or("");
        if let Some(rest) = path.strip_prefix("/t/") {
            if let Some(id) = rest.split('/').next().and_then(|s| s.parse::<i64>().ok())
                && !topics.contains(&id)
            {
                topics.push(id);
            }
        } else if let Some(rest) = path.strip_prefix("/wiki/") {
            let segment = rest.strip_suffix("/edit").unwrap_or(rest);
            if !segment.contains('/')
                && let Ok(t) = Title::from_url_segment(segment)
                && !articles.iter().any(|a| a.key() == t.key())
            {
                articles.push(t);
            }
        }
    }
    (topics, articles)
}

/// The first paragraph of rendered HTML as plain text, at most `max` characters.
pub fn excerpt(html: &str, max: usize) -> String {
    let Some(start) = html.find("<p>") else { return String::new() };
    let rest = &html[start + 3..];
    let para = &rest[..rest.find("</p>").unwrap_or(rest.len())];
    let mut text = String::with_capacity(para.len());
    let mut in_tag = false;
    for c in para.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

struct Everything;

impl LinkResolver for Everything {
    fn article_exists(&self, _: &Title) -> bool {
        true
    }
}

struct Known {
    articles: HashSet<String>,
    users: HashSet<String>,
}

impl LinkResolver for Known {
    fn article_exists(&self, title: &Title) -> bool {
        self.articles.contains(title.key())
    }

    fn user_exists(&self, username: &str) -> bool {
        self.users.contains(&crate::accounts::names::username_key(username))
    }
}

/// Which of `keys` name an article (directly or through a redirect).
pub async fn existing_titles(db: &impl ConnectionTrait, keys: &[String]) -> AppResult<HashSet<String>> {
    if keys.is_empty() {
        return Ok(HashSet::new());
    }
    let mut found: HashSet<String> = articles::Entity::find()
        .select_only()
        .column(articles::Column::TitleKey)
        .filter(articles::Column::TitleKey.is_in(keys.iter().cloned()))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    found.extend(
        redirects::Entity::find()
            .select_only()
            .column(redirects::Column::FromKey)
            .filter(redirects::Column::FromKey.is_in(keys.iter().cloned()))
            .into_tuple::<String>()
            .all(db)
            .await?,
    );
    Ok(found)
}

/// Renders Markdown with links and mentions resolved against the database.
pub async fn render(db: &impl ConnectionTrait, src: &str) -> AppResult<Rendered> {
    let first = markdown::render(src, &Everything);
    if first.wiki_links.is_empty() && first.mentions.is_empty() {
        return Ok(first);
    }
    let keys: Vec<String> = first.wiki_links.iter().map(|l| l.title.key().to_owned()).collect();
    let articles = existing_titles(db, &keys).await?;
    let names: Vec<String> = first.mentions.iter().map(|m| crate::accounts::names::username_key(m)).collect();
    let users: HashSet<String> = if names.is_empty() {
        HashSet::new()
    } else {
        users::Entity::find()
            .select_only()
            .column(users::Column::UsernameKey)
            .filter(users::Column::UsernameKey.is_in(names))
            .into_tuple::<String>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    Ok(markdown::render(src, &Known { articles, users }))
}

/// The HTML a preview shows: the same pipeline as saving, nothing stored.
pub async fn preview(db: &crate::db::Db, src: &str) -> AppResult<String> {
    Ok(render(db.read(), src).await?.html.into_string())
}

/// Replaces the recorded outgoing links of one post or article with those
/// in its stored HTML.
async fn record_links(db: &impl ConnectionTrait, source_kind: &str, source_id: i64, html: &str) -> AppResult<()> {
    links::Entity::delete_many()
        .filter(links::Column::SourceKind.eq(source_kind))
        .filter(links::Column::SourceId.eq(source_id))
        .exec(db)
        .await?;
    let (topics, articles) = site_links(html);
    let keys: Vec<String> = articles.iter().map(|t| t.key().to_owned()).collect();
    let targets = article_ids_for(db, &keys).await?;
    let rows: Vec<links::ActiveModel> = keys
        .into_iter()
        .map(|key| (ARTICLE, targets.get(&key).copied(), key))
        .chain(topics.into_iter().map(|id| (TOPIC, Some(id), String::new())))
        .map(|(kind, target, key)| links::ActiveModel {
            source_kind: Set(source_kind.to_owned()),
            source_id: Set(source_id),
            target_kind: Set(kind.to_owned()),
            target_key: Set(key),
            target_id: Set(target),
            ..Default::default()
        })
        .collect();
    // One statement for a page's links (a long guide links to dozens).
    for chunk in rows.chunks(500) {
        links::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(())
}

/// The guide each title key names, directly or through a redirect, for
/// many keys in two queries.
async fn article_ids_for(db: &impl ConnectionTrait, keys: &[String]) -> AppResult<HashMap<String, i64>> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let mut found: HashMap<String, i64> = articles::Entity::find()
        .select_only()
        .column(articles::Column::TitleKey)
        .column(articles::Column::Id)
        .filter(articles::Column::TitleKey.is_in(keys.iter().cloned()))
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let missing: Vec<String> = keys.iter().filter(|k| !found.contains_key(*k)).cloned().collect();
    if !missing.is_empty() {
        for r in redirects::Entity::find().filter(redirects::Column::FromKey.is_in(missing)).all(db).await? {
            found.entry(r.from_key).or_insert(r.article_id);
        }
    }
    Ok(found)
}

/// Replaces a post's links with those in its stored HTML. A new post's
/// links are replaced too, not only added: `veche rebuild links` or a
/// re-render running meanwhile may have written them already.
async fn sync_post(db: &impl ConnectionTrait, post_id: i64) -> AppResult<()> {
    let html: Option<String> = posts::Entity::find_by_id(post_id)
        .select_only()
        .column(posts::Column::Html)
        .into_tuple::<String>()
        .one(db)
        .await?;
    match html {
        Some(html) => record_links(db, POST, post_id, &html).await,
        None => Ok(()),
    }
}

/// [`sync_post`] with the post read through the subscribers' [`Rows`].
async fn sync_read_post(db: &impl ConnectionTrait, post_id: i64, rows: &mut Rows) -> AppResult<()> {
    match rows.post(db, post_id).await? {
        Some(p) => record_links(db, POST, post_id, &p.html).await,
        None => Ok(()),
    }
}

async fn sync_article(db: &impl ConnectionTrait, article_id: i64) -> AppResult<()> {
    let Some(a) = articles::Entity::find_by_id(article_id).one(db).await? else { return Ok(()) };
    let Some(rev) = a.current_revision_id else { return Ok(()) };
    let Some(rev) = revisions::Entity::find_by_id(rev).one(db).await? else { return Ok(()) };
    record_links(db, ARTICLE, article_id, &rev.html).await
}

/// The link-table subscriber: keeps the outgoing links of what was written,
/// and turns red links blue when the guide they wait for appears.
pub async fn on_event(db: &impl ConnectionTrait, event: &crate::events::Event, rows: &mut Rows) -> AppResult<()> {
    use crate::events::Event;
    match event {
        Event::TopicCreated { post, .. } | Event::PostCreated { post, .. } | Event::PostEdited { post, .. } => {
            sync_read_post(db, *post, rows).await
        }
        Event::GuideSaved { article, created, .. } => {
            sync_article(db, *article).await?;
            if *created && let Some(a) = articles::Entity::find_by_id(*article).one(db).await? {
                resolve_title(db, &a.title_key, a.id).await?;
            }
            Ok(())
        }
        Event::GuideRenamed { article, .. } => {
            sync_article(db, *article).await?;
            match articles::Entity::find_by_id(*article).one(db).await? {
                Some(a) => resolve_title(db, &a.title_key, a.id).await,
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// Rebuilds the whole link table from the stored HTML of every post and
/// every guide's current revision.
pub async fn rebuild(db: &crate::db::Db) -> AppResult<()> {
    use sea_orm::TransactionTrait;
    let txn = db.write().begin().await?;
    links::Entity::delete_many().exec(&txn).await?;
    txn.commit().await?;
    let post_ids: Vec<i64> =
        posts::Entity::find().select_only().column(posts::Column::Id).into_tuple::<i64>().all(db.read()).await?;
    for chunk in post_ids.chunks(500) {
        let txn = db.write().begin().await?;
        for id in chunk {
            sync_post(&txn, *id).await?;
        }
        txn.commit().await?;
    }
    let article_ids: Vec<i64> =
        articles::Entity::find().select_only().column(articles::Column::Id).into_tuple::<i64>().all(db.read()).await?;
    for chunk in article_ids.chunks(200) {
        let txn = db.write().begin().await?;
        for id in chunk {
            sync_article(&txn, *id).await?;
        }
        txn.commit().await?;
    }
    Ok(())
}

/// A page now exists under `key`: links waiting for it point at it, and the
/// pages holding them are rendered again so their red links turn blue.
pub async fn resolve_title(db: &impl ConnectionTrait, key: &str, article_id: i64) -> AppResult<()> {
    let waiting = links::Entity::find()
        .filter(links::Column::TargetKind.eq(ARTICLE))
        .filter(links::Column::TargetKey.eq(key))
        .filter(links::Column::TargetId.is_null())
        .all(db)
        .await?;
    if waiting.is_empty() {
        return Ok(());
    }
    links::Entity::update_many()
        .col_expr(links::Column::TargetId, Expr::value(article_id))
        .filter(links::Column::TargetKind.eq(ARTICLE))
        .filter(links::Column::TargetKey.eq(key))
        .filter(links::Column::TargetId.is_null())
        .exec(db)
        .await?;
    let mut seen = HashSet::new();
    for l in waiting {
        if !seen.insert((l.source_kind.clone(), l.source_id)) {
            continue;
        }
        match l.source_kind.as_str() {
            ARTICLE => {
                let Some(a) = articles::Entity::find_by_id(l.source_id).one(db).await? else { continue };
                let Some(rev_id) = a.current_revision_id else { continue };
                let Some(rev) = revisions::Entity::find_by_id(rev_id).one(db).await? else { continue };
                let html = Box::pin(render(db, &rev.body)).await?.html.into_string();
                revisions::ActiveModel { id: Set(rev.id), html: Set(html), ..Default::default() }.update(db).await?;
            }
            POST => {
                let Some(p) = posts::Entity::find_by_id(l.source_id).one(db).await? else { continue };
                let html = Box::pin(render(db, &p.body)).await?.html.into_string();
                posts::ActiveModel { id: Set(p.id), html: Set(html), ..Default::default() }.update(db).await?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// A topic that cites a guide.
#[derive(Debug, Clone, sea_orm::FromQueryResult, serde::Serialize)]
pub struct Discussion {
    pub id: i64,
    pub title: String,
    pub reply_count: i32,
    pub solved_post_id: Option<i64>,
    pub last_posted_at: time::OffsetDateTime,
}

/// Topics whose visible posts cite the article, latest activity first: from
/// the article's incoming links, so it costs what the guide is cited.
pub fn discussions_statement(backend: sea_orm::DatabaseBackend, article_id: i64, limit: u64) -> sea_orm::Statement {
    let mut sql = crate::sql::Sql::new(backend);
    let topic = |sql: &mut crate::sql::Sql, column: &str, name: &str| {
        sql.lookup(column, "topics", "id", "cited.topic_id", name);
    };
    sql.push("/* bounded: the topics citing one guide */ SELECT cited.topic_id AS id, ");
    topic(&mut sql, "title", "title");
    sql.push(", ");
    topic(&mut sql, "reply_count", "reply_count");
    sql.push(", ");
    topic(&mut sql, "solved_post_id", "solved_post_id");
    sql.push(", ");
    topic(&mut sql, "last_posted_at", "last_posted_at");
    // The citing posts' topics, once each; a hidden or deleted post does not count.
    sql.push(" FROM (SELECT DISTINCT (SELECT p.topic_id FROM posts p WHERE p.id = l.source_id");
    sql.push(" AND p.deleted = false AND p.hidden = false) AS topic_id FROM ");
    sql.table("links", "l", Some("idx_links_target_source"));
    sql.push(" WHERE l.target_kind = 'article' AND l.target_id = ").bind(article_id);
    sql.push(" AND l.source_kind = 'post') cited WHERE cited.topic_id IS NOT NULL");
    sql.push(" AND (SELECT t.deleted OR t.hidden FROM topics t WHERE t.id = cited.topic_id) = false");
    sql.push(" ORDER BY last_posted_at DESC, id DESC LIMIT ").int(i64::try_from(limit).unwrap_or(i64::MAX));
    sql.build()
}

/// Topics whose visible posts cite the article, latest activity first (one query).
pub async fn discussions(db: &impl ConnectionTrait, article_id: i64, limit: u64) -> AppResult<Vec<Discussion>> {
    let stmt = discussions_statement(db.get_database_backend(), article_id, limit);
    Ok(Discussion::find_by_statement(stmt).all(db).await?)
}

/// A guide cited by a topic's posts.
#[derive(Debug, Clone, sea_orm::FromQueryResult, serde::Serialize)]
pub struct RelatedGuide {
    pub id: i64,
    pub title: String,
    pub excerpt: String,
}

/// The guides the visible posts of a topic cite most: from the topic's
/// posts to their outgoing links, grouped and cut to `limit` in the
/// database.
pub fn related_guides_statement(backend: sea_orm::DatabaseBackend, topic_id: i64, limit: u64) -> sea_orm::Statement {
    let mut sql = crate::sql::Sql::new(backend);
    // The topic's posts and their links are walked inside the database
    // (cheap); only the `limit` most cited guides leave it, with their
    // title and excerpt. Sending every cited guide (a long topic cites
    // dozens) row by row to be sorted here cost more than the rest of the
    // page together.
    sql.push("/* bounded: one topic's links */ /* covered: p, l */ SELECT cited.id, ");
    sql.lookup("title", "articles", "id", "cited.id", "title").push(", ");
    sql.lookup("excerpt", "articles", "id", "cited.id", "excerpt");
    sql.push(" FROM (SELECT l.target_id AS id FROM ");
    // Whether a post is visible comes from the index too: its row (text
    // and cooked HTML) is never read.
    sql.table("posts", "p", Some("idx_posts_topic_live"));
    sql.join().table("links", "l", Some("idx_links_source_target"));
    sql.push(" ON l.source_kind = 'post' AND l.source_id = p.id AND l.target_kind = 'article'");
    sql.push(" WHERE p.topic_id = ").bind(topic_id);
    sql.push(" AND p.deleted = false AND p.hidden = false AND l.target_id IS NOT NULL");
    sql.push(" GROUP BY l.target_id ORDER BY COUNT(DISTINCT p.id) DESC, l.target_id LIMIT ");
    sql.bind(i64::try_from(limit).unwrap_or(i64::MAX));
    sql.push(") cited");
    sql.build()
}

/// Guides the visible posts of a topic cite: the `limit` cited by the most
/// posts (the earlier guide first on a tie), shown in alphabet order. One
/// query that returns at most `limit` rows, however long the topic.
pub async fn related_guides(db: &impl ConnectionTrait, topic_id: i64, limit: u64) -> AppResult<Vec<RelatedGuide>> {
    let stmt = related_guides_statement(db.get_database_backend(), topic_id, limit);
    let mut guides = RelatedGuide::find_by_statement(stmt).all(db).await?;
    guides.sort_by_cached_key(|g| crate::wiki::collation_key(&g.title));
    Ok(guides)
}

fn placeholders(db: &impl ConnectionTrait) -> impl Fn(usize) -> String {
    let pg = db.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    move |n| if pg { format!("${n}") } else { "?".to_owned() }
}

/// A guide nobody has written yet, and how many pages link to it.
#[derive(Debug, Clone, sea_orm::FromQueryResult, serde::Serialize)]
pub struct Wanted {
    pub title: String,
    pub sources: i64,
}

/// The missing guides most linked to (like MediaWiki's Special:WantedPages),
/// counting visible posts and guides.
pub async fn wanted(db: &impl ConnectionTrait, limit: u64) -> AppResult<Vec<Wanted>> {
    let p = placeholders(db);
    let sql = format!(
        "SELECT l.target_key AS title, COUNT(*) AS sources FROM links l \
         LEFT JOIN posts p ON l.source_kind = 'post' AND p.id = l.source_id \
         WHERE l.target_kind = 'article' AND l.target_id IS NULL \
         AND (l.source_kind = 'article' OR (p.deleted = {} AND p.hidden = {})) \
         GROUP BY l.target_key ORDER BY COUNT(*) DESC, l.target_key LIMIT {}",
        p(1),
        p(2),
        p(3)
    );
    let stmt = sea_orm::Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        [false.into(), false.into(), (limit as i64).into()],
    );
    Ok(Wanted::find_by_statement(stmt).all(db).await?)
}

/// What links to a guide that does not exist yet: the guides, and the
/// topics whose visible posts do.
pub async fn links_to_missing(db: &impl ConnectionTrait, key: &str) -> AppResult<(Vec<String>, Vec<(i64, String)>)> {
    let rows = links::Entity::find()
        .filter(links::Column::TargetKind.eq(ARTICLE))
        .filter(links::Column::TargetKey.eq(key))
        .filter(links::Column::TargetId.is_null())
        .all(db)
        .await?;
    let article_ids: Vec<i64> = rows.iter().filter(|l| l.source_kind == ARTICLE).map(|l| l.source_id).collect();
    let post_ids: Vec<i64> = rows.iter().filter(|l| l.source_kind == POST).map(|l| l.source_id).collect();
    let guides = if article_ids.is_empty() {
        Vec::new()
    } else {
        articles::Entity::find()
            .select_only()
            .column(articles::Column::Title)
            .filter(articles::Column::Id.is_in(article_ids))
            .into_tuple::<String>()
            .all(db)
            .await?
    };
    let topics = if post_ids.is_empty() {
        Vec::new()
    } else {
        use crate::entities::topics;
        use sea_orm::{JoinType, QueryOrder, RelationTrait};
        let mut t = posts::Entity::find()
            .select_only()
            .column_as(topics::Column::Id, "id")
            .column_as(topics::Column::Title, "title")
            .join(JoinType::InnerJoin, posts::Relation::Topic.def())
            .filter(posts::Column::Id.is_in(post_ids))
            .filter(posts::Column::Deleted.eq(false))
            .filter(posts::Column::Hidden.eq(false))
            .filter(topics::Column::Deleted.eq(false))
            .filter(topics::Column::Hidden.eq(false))
            .order_by_desc(topics::Column::Id)
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?;
        t.dedup();
        t
    };
    Ok((guides, topics))
}

/// Guides and solved topics whose titles contain every word of `query`.
pub async fn suggestions(
    db: &impl ConnectionTrait,
    query: &str,
    limit: u64,
) -> AppResult<(Vec<String>, Vec<(i64, String)>)> {
    let words: Vec<String> = query
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_owned)
        .take(6)
        .collect();
    if words.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut guides = articles::Entity::find().select_only().column(articles::Column::Title);
    let mut topics = crate::entities::topics::Entity::find()
        .select_only()
        .columns([crate::entities::topics::Column::Id, crate::entities::topics::Column::Title])
        .filter(crate::entities::topics::Column::Deleted.eq(false))
        .filter(crate::entities::topics::Column::Hidden.eq(false))
        .filter(crate::entities::topics::Column::SolvedPostId.is_not_null());
    for w in &words {
        let pattern = format!("%{}%", w.replace(['%', '_'], ""));
        guides = guides.filter(articles::Column::SearchKey.like(pattern.clone()));
        topics = topics.filter(crate::entities::topics::Column::SearchKey.like(pattern));
    }
    let guides = guides.limit(limit).into_tuple::<String>().all(db).await?;
    let topics = topics.limit(limit).into_tuple::<(i64, String)>().all(db).await?;
    Ok((guides, topics))
}

/// Renders every post and every guide's current revision again with the
/// current pipeline (after the pipeline changed), recording links anew,
/// then the HTML of the older revisions. Returns (posts, guides) rendered.
pub async fn rerender_all(db: &crate::db::Db) -> AppResult<(usize, usize)> {
    use sea_orm::TransactionTrait;
    let post_ids: Vec<i64> =
        posts::Entity::find().select_only().column(posts::Column::Id).into_tuple::<i64>().all(db.read()).await?;
    for id in &post_ids {
        let txn = db.write().begin().await?;
        if let Some(p) = posts::Entity::find_by_id(*id).one(&txn).await? {
            let rendered = render(&txn, &p.body).await?;
            record_links(&txn, POST, p.id, rendered.html.as_str()).await?;
            posts::ActiveModel { id: Set(p.id), html: Set(rendered.html.into_string()), ..Default::default() }
                .update(&txn)
                .await?;
        }
        txn.commit().await?;
    }
    let current: Vec<(i64, Option<i64>)> = articles::Entity::find()
        .select_only()
        .columns([articles::Column::Id, articles::Column::CurrentRevisionId])
        .into_tuple::<(i64, Option<i64>)>()
        .all(db.read())
        .await?;
    let mut revs = 0;
    for &(article_id, rev_id) in &current {
        let Some(rev_id) = rev_id else { continue };
        let txn = db.write().begin().await?;
        if let Some(rev) = revisions::Entity::find_by_id(rev_id).one(&txn).await? {
            let rendered = render(&txn, &rev.body).await?;
            record_links(&txn, ARTICLE, article_id, rendered.html.as_str()).await?;
            let toc = serde_json::to_string(&rendered.headings).unwrap_or_else(|_| "[]".into());
            articles::Entity::update_many()
                .col_expr(articles::Column::Excerpt, Expr::value(excerpt(rendered.html.as_str(), 240)))
                .filter(articles::Column::Id.eq(article_id))
                .exec(&txn)
                .await?;
            revisions::ActiveModel {
                id: Set(rev.id),
                html: Set(rendered.html.into_string()),
                toc: Set(toc),
                ..Default::default()
            }
            .update(&txn)
            .await?;
            revs += 1;
        }
        txn.commit().await?;
    }
    // Older revisions are shown too (`?rev=`): their HTML follows the same
    // pipeline, but only the current one's links count.
    let current_ids: HashSet<i64> = current.iter().filter_map(|(_, r)| *r).collect();
    let all_revisions: Vec<i64> =
        revisions::Entity::find().select_only().column(revisions::Column::Id).into_tuple().all(db.read()).await?;
    for id in all_revisions.into_iter().filter(|id| !current_ids.contains(id)) {
        let Some(rev) = revisions::Entity::find_by_id(id).one(db.read()).await? else { continue };
        let rendered = render(db.read(), &rev.body).await?;
        let toc = serde_json::to_string(&rendered.headings).unwrap_or_else(|_| "[]".into());
        revisions::ActiveModel {
            id: Set(rev.id),
            html: Set(rendered.html.into_string()),
            toc: Set(toc),
            ..Default::default()
        }
        .update(db.write())
        .await?;
    }
    Ok((post_ids.len(), revs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_links_find_topics_guides_and_red_links() {
        let html = r#"<p><a href="/t/12/slug#p3">x</a> <a href="/t/12">again</a> <a href="/wiki/%D0%9B%D1%96%D0%BC%D1%96%D1%82%D0%B8">l</a> <a href="/wiki/Missing/edit">red</a> <a href="/wiki/X/history">h</a> <a href="https://example.org/t/5">ext</a></p>"#;
        let (topics, articles) = site_links(html);
        assert_eq!(topics, [12]);
        assert_eq!(articles.iter().map(Title::as_str).collect::<Vec<_>>(), ["Ліміти", "Missing"]);
    }

    #[test]
    fn excerpt_is_plain_text_of_the_first_paragraph() {
        let html = "<h2>Заголовок</h2><p>Перший <strong>абзац</strong> &amp; текст.</p><p>Другий</p>";
        assert_eq!(excerpt(html, 100), "Перший абзац & текст.");
        assert_eq!(excerpt(html, 6), "Перший…");
        assert_eq!(excerpt("<ul><li>x</li></ul>", 10), "");
    }
}
