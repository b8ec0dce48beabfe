//! The search index in the database: what is written, when, and how it is
//! rebuilt.
//!
//! One row of `search_docs` per document: a guide paragraph (`guide`), a
//! topic with its first post (`topic`), or a later post (`post`). A row
//! keeps the analysed terms of each field (space-separated, in position
//! order, so ranking reads them back exactly), their lengths, the facts
//! filters and boosts need, and the original plain text for snippets. On
//! SQLite, triggers keep the FTS5 table `search_fts` in step with the rows;
//! on PostgreSQL each row has a row in `search_match` with its `tsvector`
//! (literal, no dictionary), written by the same statement and deleted with
//! it (a foreign key that cascades).
//!
//! Only what every reader may see is indexed: deleted, hidden and held
//! posts, and hidden, deleted or merged topics have no rows. Pages check
//! visibility again on what they show, so the short moment between a
//! change and its event being processed shows nothing it should not.
//!
//! The [`crate::events::Subscriber::Search`] subscriber calls
//! [`on_event`] in the transaction that advances its cursor, so each change
//! is applied exactly once; [`rebuild`] starts over; [`ensure_current`]
//! rebuilds at start-up when the analyzer version changed.

use std::collections::BTreeMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use super::analyzer::{self, Token};
use super::fts;
use super::paragraphs::{self, Paragraph};
use crate::db::Db;
use crate::entities::{articles, posts, revisions, topics};
use crate::error::AppResult;
use crate::events::Event;
use crate::markdown::Heading;
use crate::sql::Sql;

/// Key in the `meta` table holding the analyzer version the index was
/// built with.
pub const VERSION_KEY: &str = "search_analyzer_version";

/// Longest original text kept per document for snippets, in characters.
const MAX_TEXT_CHARS: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Guide,
    Topic,
    Post,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Guide => "guide",
            Kind::Topic => "topic",
            Kind::Post => "post",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "guide" => Some(Kind::Guide),
            "topic" => Some(Kind::Topic),
            "post" => Some(Kind::Post),
            _ => None,
        }
    }
}

/// One row to write.
struct NewDoc {
    kind: Kind,
    article_id: Option<i64>,
    paragraph: i32,
    anchor: String,
    heading: String,
    topic_id: Option<i64>,
    post_id: Option<i64>,
    category_id: Option<i64>,
    author_id: Option<i64>,
    solved: bool,
    created: i64,
    updated: i64,
    text: String,
    fields: [Vec<Token>; 3],
}

/// Applies one event to the index.
pub async fn on_event(db: &impl ConnectionTrait, event: &Event) -> AppResult<()> {
    match event {
        Event::TopicCreated { topic, .. } => index_topic(db, *topic).await,
        Event::PostCreated { post, .. }
        | Event::PostEdited { post, .. }
        | Event::PostDeleted { post, .. }
        | Event::PostRestored { post, .. }
        | Event::PostHidden { post, .. }
        | Event::PostUnhidden { post, .. }
        | Event::PostApproved { post, .. } => index_post(db, *post).await,
        Event::SolutionMarked { topic, .. } | Event::TopicMoved { topic, .. } => index_topic(db, *topic).await,
        Event::TopicsMerged { from, into, .. } | Event::TopicSplit { from, into, .. } => {
            index_topic(db, *from).await?;
            index_topic(db, *into).await
        }
        Event::GuideSaved { article, .. } | Event::GuideRenamed { article, .. } => index_guide(db, *article).await,
        _ => Ok(()),
    }
}

/// Everything from scratch, in batches of one transaction each.
pub async fn rebuild(db: &Db) -> AppResult<()> {
    let w = db.write();
    let postgres = w.get_database_backend() == DatabaseBackend::Postgres;
    if postgres {
        // What `search_docs` would cascade to, in one statement.
        w.execute_unprepared("DELETE FROM search_match").await?;
    }
    w.execute_unprepared("DELETE FROM search_docs").await?;
    w.execute_unprepared("DELETE FROM search_words").await?;
    w.execute_unprepared("UPDATE search_stats SET docs = 0, title_len = 0, headings_len = 0, body_len = 0").await?;
    if w.get_database_backend() == DatabaseBackend::Sqlite {
        w.execute_unprepared("INSERT INTO search_fts(search_fts) VALUES ('rebuild')").await?;
    }
    let guides: Vec<i64> =
        articles::Entity::find().select_only().column(articles::Column::Id).into_tuple().all(db.read()).await?;
    for chunk in guides.chunks(50) {
        let txn = w.begin().await?;
        for id in chunk {
            index_guide(&txn, *id).await?;
        }
        txn.commit().await?;
    }
    let topics: Vec<i64> = topics::Entity::find()
        .select_only()
        .column(topics::Column::Id)
        .order_by_asc(topics::Column::Id)
        .into_tuple()
        .all(db.read())
        .await?;
    for chunk in topics.chunks(50) {
        let txn = w.begin().await?;
        for id in chunk {
            index_topic(&txn, *id).await?;
        }
        txn.commit().await?;
    }
    if postgres {
        // A rebuild leaves up to a pending list's worth of index entries
        // unmerged, which every search would scan until the next vacuum.
        for kind in [Kind::Guide, Kind::Topic, Kind::Post] {
            w.execute_unprepared(&format!("SELECT gin_clean_pending_list('search_match_{}')", kind.as_str())).await?;
        }
        w.execute_unprepared("ANALYZE search_match").await?;
    }
    crate::upkeep::set_meta(db, VERSION_KEY, &analyzer::ANALYZER_VERSION.to_string())
        .await
        .map_err(crate::error::AppError::Internal)?;
    Ok(())
}

/// At start-up: an index built by another analyzer version (or never
/// built, on a database that has content) is rebuilt.
pub async fn ensure_current(db: &Db) -> anyhow::Result<()> {
    let stored = crate::upkeep::get_meta(db, VERSION_KEY).await?;
    if stored.as_deref() == Some(analyzer::ANALYZER_VERSION.to_string().as_str()) {
        return Ok(());
    }
    tracing::info!(from = ?stored, to = analyzer::ANALYZER_VERSION, "building the search index");
    rebuild(db).await.map_err(|e| anyhow::anyhow!("building the search index: {e}"))?;
    Ok(())
}

fn unix(t: time::OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((i, _)) => text[..i].to_owned(),
        None => text.to_owned(),
    }
}

/// Plain text of a post's Markdown, paragraphs separated by blank lines.
pub fn plain_text(markdown: &str) -> String {
    paragraphs::split(markdown, &[]).into_iter().map(|p| p.text).collect::<Vec<_>>().join("\n\n")
}

/// The aliases stored with a guide, one per line.
pub fn parse_aliases(stored: &str) -> Vec<String> {
    stored.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// Replaces a guide's rows.
pub async fn index_guide(db: &impl ConnectionTrait, article_id: i64) -> AppResult<()> {
    delete_where(db, "article_id", article_id).await?;
    let Some(article) = articles::Entity::find_by_id(article_id).one(db).await? else { return Ok(()) };
    let Some(rev_id) = article.current_revision_id else { return Ok(()) };
    let Some(rev) = revisions::Entity::find_by_id(rev_id).one(db).await? else { return Ok(()) };
    let headings: Vec<Heading> = serde_json::from_str(&rev.toc).unwrap_or_default();
    let mut paragraphs = paragraphs::split(&rev.body, &headings);
    if paragraphs.is_empty() {
        paragraphs.push(Paragraph { index: 0, headings: Vec::new(), anchor: None, text: String::new() });
    }
    let aliases = parse_aliases(&article.aliases);
    let lang = analyzer::detect(&paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n"));
    for p in &paragraphs {
        let fields = p.fields(&article.title, &aliases, lang);
        insert(
            db,
            NewDoc {
                kind: Kind::Guide,
                article_id: Some(article.id),
                paragraph: i32::try_from(p.index).unwrap_or(i32::MAX),
                anchor: p.anchor.clone().unwrap_or_default(),
                heading: p.headings.join(" › "),
                topic_id: None,
                post_id: None,
                category_id: None,
                author_id: None,
                solved: false,
                created: unix(article.created_at),
                updated: unix(article.updated_at),
                text: cut(&p.text),
                fields,
            },
        )
        .await?;
    }
    Ok(())
}

fn topic_visible(t: &topics::Model) -> bool {
    !t.deleted && !t.hidden && t.merged_into_id.is_none()
}

fn post_visible(p: &posts::Model) -> bool {
    !p.deleted && !p.hidden && !p.held
}

/// Replaces a topic's rows: the topic (title and first post) and its posts.
pub async fn index_topic(db: &impl ConnectionTrait, topic_id: i64) -> AppResult<()> {
    delete_where(db, "topic_id", topic_id).await?;
    let Some(topic) = topics::Entity::find_by_id(topic_id).one(db).await? else { return Ok(()) };
    if !topic_visible(&topic) {
        return Ok(());
    }
    let posts = posts::Entity::find()
        .filter(posts::Column::TopicId.eq(topic_id))
        .order_by_asc(posts::Column::PostNumber)
        .all(db)
        .await?;
    let first = posts.iter().find(|p| p.post_number == 1).filter(|p| post_visible(p));
    insert(db, topic_doc(&topic, first)).await?;
    for p in posts.iter().filter(|p| p.post_number != 1 && post_visible(p)) {
        insert(db, post_doc(&topic, p)).await?;
    }
    Ok(())
}

/// Replaces one post's row (the first post's is the topic's).
pub async fn index_post(db: &impl ConnectionTrait, post_id: i64) -> AppResult<()> {
    let Some(post) = posts::Entity::find_by_id(post_id).one(db).await? else {
        return delete_where(db, "post_id", post_id).await;
    };
    if post.post_number == 1 {
        return index_topic(db, post.topic_id).await;
    }
    delete_where(db, "post_id", post_id).await?;
    let Some(topic) = topics::Entity::find_by_id(post.topic_id).one(db).await? else { return Ok(()) };
    if topic_visible(&topic) && post_visible(&post) {
        insert(db, post_doc(&topic, &post)).await?;
    }
    Ok(())
}

fn topic_doc(topic: &topics::Model, first: Option<&posts::Model>) -> NewDoc {
    let text = first.map(|p| plain_text(&p.body)).unwrap_or_default();
    let lang = analyzer::detect(&text);
    NewDoc {
        kind: Kind::Topic,
        article_id: None,
        paragraph: 0,
        anchor: String::new(),
        heading: topic.title.clone(),
        topic_id: Some(topic.id),
        post_id: first.map(|p| p.id),
        category_id: Some(topic.category_id),
        author_id: Some(topic.user_id),
        solved: topic.solved_post_id.is_some(),
        created: unix(topic.created_at),
        updated: unix(first.map_or(topic.created_at, |p| p.updated_at)),
        fields: [analyzer::analyze(&topic.title, lang), Vec::new(), analyzer::analyze(&text, lang)],
        text: cut(&text),
    }
}

fn post_doc(topic: &topics::Model, post: &posts::Model) -> NewDoc {
    let text = plain_text(&post.body);
    NewDoc {
        kind: Kind::Post,
        article_id: None,
        paragraph: post.post_number,
        anchor: String::new(),
        heading: topic.title.clone(),
        topic_id: Some(topic.id),
        post_id: Some(post.id),
        category_id: Some(topic.category_id),
        author_id: Some(post.user_id),
        solved: topic.solved_post_id.is_some(),
        created: unix(post.created_at),
        updated: unix(post.updated_at),
        fields: [Vec::new(), Vec::new(), analyzer::analyze(&text, None)],
        text: cut(&text),
    }
}

/// Words of guide and topic texts counted for "did you mean" (posts are
/// left out: the vocabulary of questions is the guides' and titles').
fn vocabulary_of(kind: Kind, heading: &str, text: &str) -> BTreeMap<String, i64> {
    let mut counts = BTreeMap::new();
    if kind == Kind::Post {
        return counts;
    }
    for source in [heading, text] {
        for word in analyzer::words(source) {
            if word.compound || analyzer::is_stop_word(&word.text) || !word.text.chars().all(char::is_alphabetic) {
                continue;
            }
            let len = word.text.chars().count();
            if (3..=40).contains(&len) {
                *counts.entry(word.text).or_insert(0) += 1;
            }
        }
    }
    counts
}

async fn add_words(db: &impl ConnectionTrait, words: &BTreeMap<String, i64>, sign: i64) -> AppResult<()> {
    if words.is_empty() {
        return Ok(());
    }
    let backend = db.get_database_backend();
    for chunk in words.iter().collect::<Vec<_>>().chunks(200) {
        let mut q = Sql::new(backend);
        q.push("INSERT INTO search_words (word, len, count) VALUES ");
        for (i, (word, count)) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push("(").bind((*word).clone()).push(", ").bind(word.chars().count() as i32).push(", ");
            q.bind(sign * **count).push(")");
        }
        q.push(" ON CONFLICT (word) DO UPDATE SET count = search_words.count + excluded.count");
        db.execute_raw(q.build()).await?;
    }
    if sign < 0 {
        db.execute_unprepared("DELETE FROM search_words WHERE count <= 0").await?;
    }
    Ok(())
}

async fn delete_where(db: &impl ConnectionTrait, column: &'static str, id: i64) -> AppResult<()> {
    let backend = db.get_database_backend();
    let mut q = Sql::new(backend);
    q.push("SELECT kind, heading, text, title_len, headings_len, body_len FROM search_docs WHERE ");
    q.push(column).push(" = ").bind(id);
    let rows = db.query_all_raw(q.build()).await?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut words: BTreeMap<String, i64> = BTreeMap::new();
    for row in rows {
        let kind: String = row.try_get("", "kind")?;
        let heading: String = row.try_get("", "heading")?;
        let text: String = row.try_get("", "text")?;
        let lens: [i32; 3] =
            [row.try_get("", "title_len")?, row.try_get("", "headings_len")?, row.try_get("", "body_len")?];
        let Some(kind) = Kind::parse(&kind) else { continue };
        count(db, kind, -1, lens).await?;
        for (w, c) in vocabulary_of(kind, &heading, &text) {
            *words.entry(w).or_insert(0) += c;
        }
    }
    add_words(db, &words, -1).await?;
    let mut q = Sql::new(backend);
    q.push("DELETE FROM search_docs WHERE ").push(column).push(" = ").bind(id);
    db.execute_raw(q.build()).await?;
    Ok(())
}

async fn insert(db: &impl ConnectionTrait, doc: NewDoc) -> AppResult<()> {
    let backend = db.get_database_backend();
    let [title, headings, body] = &doc.fields;
    let postgres = backend == DatabaseBackend::Postgres;
    let mut q = Sql::new(backend);
    if postgres {
        q.push("WITH d AS (");
    }
    q.push(
        "INSERT INTO search_docs (kind, article_id, paragraph, anchor, heading, topic_id, post_id, category_id, \
         author_id, solved, created, updated, text, title, headings, body, title_len, headings_len, body_len) \
         VALUES (",
    );
    q.bind(doc.kind.as_str()).push(", ").bind(doc.article_id).push(", ").bind(doc.paragraph).push(", ");
    q.bind(doc.anchor.clone()).push(", ").bind(doc.heading.clone()).push(", ").bind(doc.topic_id).push(", ");
    q.bind(doc.post_id).push(", ").bind(doc.category_id).push(", ").bind(doc.author_id).push(", ");
    q.bind(doc.solved).push(", ").bind(doc.created).push(", ").bind(doc.updated).push(", ");
    q.bind(doc.text.clone()).push(", ");
    q.bind(fts::fts5_column(title)).push(", ").bind(fts::fts5_column(headings)).push(", ");
    q.bind(fts::fts5_column(body)).push(", ");
    q.bind(title.len() as i32).push(", ").bind(headings.len() as i32).push(", ").bind(body.len() as i32);
    q.push(")");
    if postgres {
        q.push(" RETURNING id) INSERT INTO search_match (id, kind, tsv) SELECT id, ").bind(doc.kind.as_str());
        q.push(", ").bind(fts::tsvector_terms([title, headings, body])).push("::tsvector FROM d");
    }
    db.execute_raw(q.build()).await?;
    count(db, doc.kind, 1, [title.len(), headings.len(), body.len()].map(|n| i32::try_from(n).unwrap_or(i32::MAX)))
        .await?;
    add_words(db, &vocabulary_of(doc.kind, &doc.heading, &doc.text), 1).await?;
    Ok(())
}

/// Keeps the corpus numbers of [`super::rank::Stats`] per kind, so a search
/// reads three rows instead of summing the index.
async fn count(db: &impl ConnectionTrait, kind: Kind, sign: i64, lens: [i32; 3]) -> AppResult<()> {
    let mut q = Sql::new(db.get_database_backend());
    q.push("UPDATE search_stats SET docs = docs + ").bind(sign);
    q.push(", title_len = title_len + ").bind(sign * i64::from(lens[0]));
    q.push(", headings_len = headings_len + ").bind(sign * i64::from(lens[1]));
    q.push(", body_len = body_len + ").bind(sign * i64::from(lens[2]));
    q.push(" WHERE kind = ").bind(kind.as_str());
    db.execute_raw(q.build()).await?;
    Ok(())
}
