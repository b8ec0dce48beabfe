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

use std::collections::{BTreeMap, HashMap};

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use super::analyzer::{self, Token};
use super::fts;
use super::paragraphs::{self, Paragraph};
use crate::db::Db;
use crate::entities::{articles, posts, revisions, topics};
use crate::error::AppResult;
use crate::events::{Event, Rows};
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
pub async fn on_event(db: &impl ConnectionTrait, event: &Event, rows: &mut Rows) -> AppResult<()> {
    match event {
        Event::TopicCreated { topic, .. } => index_topic(db, *topic).await,
        Event::PostCreated { post, .. }
        | Event::PostEdited { post, .. }
        | Event::PostDeleted { post, .. }
        | Event::PostRestored { post, .. }
        | Event::PostHidden { post, .. }
        | Event::PostUnhidden { post, .. }
        | Event::PostApproved { post, .. } => index_post(db, *post, rows).await,
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
///
/// Paragraphs whose rows would come out the same are kept (only their
/// `updated` moves): an edit of one line of a long guide writes one row and
/// its full-text entries, not the whole guide's again.
pub async fn index_guide(db: &impl ConnectionTrait, article_id: i64) -> AppResult<()> {
    let Some(article) = articles::Entity::find_by_id(article_id).one(db).await? else {
        return delete_where(db, Where::Column("article_id", article_id)).await;
    };
    let rev = match article.current_revision_id {
        Some(id) => revisions::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let Some(rev) = rev else { return delete_where(db, Where::Column("article_id", article_id)).await };
    let headings: Vec<Heading> = serde_json::from_str(&rev.toc).unwrap_or_default();
    let mut paragraphs = paragraphs::split(&rev.body, &headings);
    if paragraphs.is_empty() {
        paragraphs.push(Paragraph { index: 0, headings: Vec::new(), anchor: None, text: String::new() });
    }
    let aliases = parse_aliases(&article.aliases);
    let lang = analyzer::detect(&paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n"));
    let mut docs = Vec::with_capacity(paragraphs.len());
    let title = paragraphs::title_tokens(&article.title, &aliases);
    let mut headings = HashMap::new();
    for p in &paragraphs {
        let fields = p.fields(&title, lang, &mut headings);
        docs.push(NewDoc {
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
        });
    }
    let updated = unix(article.updated_at);
    let (stale, fresh) = unchanged_kept(db, article.id, docs).await?;
    delete_where(db, Where::Ids(&stale)).await?;
    insert_all(db, fresh).await?;
    let mut q = Sql::new(db.get_database_backend());
    q.push("UPDATE search_docs SET updated = ").bind(updated);
    q.push(" WHERE article_id = ").bind(article.id).push(" AND updated <> ").bind(updated);
    db.execute_raw(q.build()).await?;
    Ok(())
}

/// Splits a guide's new rows from its stored ones: returns the ids of
/// stored rows to delete and the new rows to insert; rows equal in every
/// indexed value are left alone.
async fn unchanged_kept(
    db: &impl ConnectionTrait,
    article_id: i64,
    docs: Vec<NewDoc>,
) -> AppResult<(Vec<i64>, Vec<NewDoc>)> {
    let mut q = Sql::new(db.get_database_backend());
    q.push("SELECT id, paragraph, anchor, heading, text, title, headings, body FROM search_docs WHERE article_id = ");
    q.bind(article_id);
    let mut stored: BTreeMap<i32, (i64, [String; 6])> = BTreeMap::new();
    let mut stale = Vec::new();
    for row in db.query_all_raw(q.build()).await? {
        let id: i64 = row.try_get("", "id")?;
        let paragraph: i32 = row.try_get("", "paragraph")?;
        let values = [
            row.try_get("", "anchor")?,
            row.try_get("", "heading")?,
            row.try_get("", "text")?,
            row.try_get("", "title")?,
            row.try_get("", "headings")?,
            row.try_get("", "body")?,
        ];
        if let Some((dup, _)) = stored.insert(paragraph, (id, values)) {
            stale.push(dup);
        }
    }
    let mut fresh = Vec::new();
    for doc in docs {
        let [title, headings, body] = &doc.fields;
        let same = stored.get(&doc.paragraph).is_some_and(|(_, v)| {
            v[0] == doc.anchor
                && v[1] == doc.heading
                && v[2] == doc.text
                && v[3] == fts::fts5_column(title)
                && v[4] == fts::fts5_column(headings)
                && v[5] == fts::fts5_column(body)
        });
        if same {
            stored.remove(&doc.paragraph);
        } else {
            fresh.push(doc);
        }
    }
    stale.extend(stored.into_values().map(|(id, _)| id));
    Ok((stale, fresh))
}

fn topic_visible(t: &topics::Model) -> bool {
    !t.deleted && !t.hidden && t.merged_into_id.is_none()
}

fn post_visible(p: &posts::Model) -> bool {
    !p.deleted && !p.hidden && !p.held
}

/// Replaces a topic's rows: the topic (title and first post) and its posts.
pub async fn index_topic(db: &impl ConnectionTrait, topic_id: i64) -> AppResult<()> {
    delete_where(db, Where::Column("topic_id", topic_id)).await?;
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
    let mut docs = vec![topic_doc(&topic, first)];
    docs.extend(posts.iter().filter(|p| p.post_number != 1 && post_visible(p)).map(|p| post_doc(&topic, p)));
    insert_all(db, docs).await
}

/// Replaces one post's row (the first post's is the topic's).
pub async fn index_post(db: &impl ConnectionTrait, post_id: i64, rows: &mut Rows) -> AppResult<()> {
    let Some(post) = rows.post(db, post_id).await? else {
        return delete_where(db, Where::Column("post_id", post_id)).await;
    };
    if post.post_number == 1 {
        return index_topic(db, post.topic_id).await;
    }
    delete_where(db, Where::Column("post_id", post_id)).await?;
    let Some(topic) = rows.topic(db, post.topic_id).await? else { return Ok(()) };
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

/// Which rows [`delete_where`] removes.
enum Where<'a> {
    Column(&'static str, i64),
    Ids(&'a [i64]),
}

impl Where<'_> {
    fn push(&self, q: &mut Sql) {
        match self {
            Where::Column(column, id) => q.push(column).push(" = ").bind(*id),
            Where::Ids(ids) => q.push("id IN ").bind_list(ids.iter().copied()),
        };
    }
}

async fn delete_where(db: &impl ConnectionTrait, which: Where<'_>) -> AppResult<()> {
    if matches!(which, Where::Ids(ids) if ids.is_empty()) {
        return Ok(());
    }
    let backend = db.get_database_backend();
    let mut q = Sql::new(backend);
    q.push("SELECT kind, heading, text, title_len, headings_len, body_len FROM search_docs WHERE ");
    which.push(&mut q);
    let rows = db.query_all_raw(q.build()).await?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut words: BTreeMap<String, i64> = BTreeMap::new();
    let mut corpus = Corpus::default();
    for row in rows {
        let kind: String = row.try_get("", "kind")?;
        let heading: String = row.try_get("", "heading")?;
        let text: String = row.try_get("", "text")?;
        let lens: [i32; 3] =
            [row.try_get("", "title_len")?, row.try_get("", "headings_len")?, row.try_get("", "body_len")?];
        let Some(kind) = Kind::parse(&kind) else { continue };
        corpus.add(kind, -1, lens);
        for (w, c) in vocabulary_of(kind, &heading, &text) {
            *words.entry(w).or_insert(0) += c;
        }
    }
    corpus.write(db).await?;
    add_words(db, &words, -1).await?;
    let mut q = Sql::new(backend);
    q.push("DELETE FROM search_docs WHERE ");
    which.push(&mut q);
    db.execute_raw(q.build()).await?;
    Ok(())
}

/// Rows per INSERT: 20 bound values each stays well under both databases'
/// limits on bound parameters.
const INSERT_CHUNK: usize = 200;

async fn insert(db: &impl ConnectionTrait, doc: NewDoc) -> AppResult<()> {
    insert_all(db, vec![doc]).await
}

/// Writes documents with one INSERT per [`INSERT_CHUNK`] rows, one update
/// of the corpus numbers per kind and one of the vocabulary: a long guide's
/// paragraphs or a topic's posts cost a few statements, not a few per row.
async fn insert_all(db: &impl ConnectionTrait, docs: Vec<NewDoc>) -> AppResult<()> {
    if docs.is_empty() {
        return Ok(());
    }
    let backend = db.get_database_backend();
    let pg = backend == DatabaseBackend::Postgres;
    let mut corpus = Corpus::default();
    let mut words: BTreeMap<String, i64> = BTreeMap::new();
    for chunk in docs.chunks(INSERT_CHUNK) {
        // PostgreSQL: each row's terms go to `search_match` under the same
        // id, so the ids are drawn first (one statement for the chunk).
        let ids: Vec<i64> = if pg {
            let mut q = Sql::new(backend);
            q.push("SELECT nextval(pg_get_serial_sequence('search_docs', 'id')) AS id FROM generate_series(1, ");
            q.int(chunk.len() as i64).push(")");
            let rows = db.query_all_raw(q.build()).await?;
            rows.iter().map(|r| r.try_get::<i64>("", "id")).collect::<Result<_, _>>()?
        } else {
            Vec::new()
        };
        let mut q = Sql::new(backend);
        q.push(if pg { "INSERT INTO search_docs (id, " } else { "INSERT INTO search_docs (" });
        q.push(
            "kind, article_id, paragraph, anchor, heading, topic_id, post_id, category_id, \
             author_id, solved, created, updated, text, title, headings, body, title_len, headings_len, body_len) \
             VALUES ",
        );
        let mut matches = Sql::new(backend);
        matches.push("INSERT INTO search_match (id, kind, tsv) VALUES ");
        for (i, doc) in chunk.iter().enumerate() {
            let [title, headings, body] = &doc.fields;
            let lens = [title.len(), headings.len(), body.len()].map(|n| i32::try_from(n).unwrap_or(i32::MAX));
            q.push(if i == 0 { "(" } else { ", (" });
            if let Some(id) = ids.get(i) {
                q.bind(*id).push(", ");
                matches.push(if i == 0 { "(" } else { ", (" }).bind(*id).push(", ").bind(doc.kind.as_str());
                matches.push(", ").bind(fts::tsvector_terms([title, headings, body])).push("::tsvector)");
            }
            q.bind(doc.kind.as_str()).push(", ").bind(doc.article_id).push(", ").bind(doc.paragraph).push(", ");
            q.bind(doc.anchor.clone()).push(", ").bind(doc.heading.clone()).push(", ").bind(doc.topic_id).push(", ");
            q.bind(doc.post_id).push(", ").bind(doc.category_id).push(", ").bind(doc.author_id).push(", ");
            q.bind(doc.solved).push(", ").bind(doc.created).push(", ").bind(doc.updated).push(", ");
            q.bind(doc.text.clone()).push(", ");
            q.bind(fts::fts5_column(title)).push(", ").bind(fts::fts5_column(headings)).push(", ");
            q.bind(fts::fts5_column(body)).push(", ");
            q.bind(lens[0]).push(", ").bind(lens[1]).push(", ").bind(lens[2]);
            q.push(")");
            corpus.add(doc.kind, 1, lens);
            for (w, c) in vocabulary_of(doc.kind, &doc.heading, &doc.text) {
                *words.entry(w).or_insert(0) += c;
            }
        }
        db.execute_raw(q.build()).await?;
        if pg {
            db.execute_raw(matches.build()).await?;
        }
    }
    corpus.write(db).await?;
    add_words(db, &words, 1).await
}

/// The corpus numbers of one kind: documents and the sum of each field's
/// length.
type Totals = (i64, i64, i64, i64);

/// Kinds whose stored corpus numbers differ from the rows (`veche check`):
/// kind, stored, computed.
pub async fn stats_drift(db: &impl ConnectionTrait) -> AppResult<Vec<(&'static str, Totals, Totals)>> {
    let mut out = Vec::new();
    let backend = db.get_database_backend();
    for kind in [Kind::Guide, Kind::Topic, Kind::Post] {
        let mut q = Sql::new(backend);
        q.push("SELECT docs, title_len, headings_len, body_len FROM search_stats WHERE kind = ").bind(kind.as_str());
        let stored = totals(db, q).await?;
        let mut q = Sql::new(backend);
        q.push(
            "SELECT COUNT(*) AS docs, COALESCE(SUM(title_len), 0) AS title_len, \
             COALESCE(SUM(headings_len), 0) AS headings_len, COALESCE(SUM(body_len), 0) AS body_len \
             FROM search_docs WHERE kind = ",
        )
        .bind(kind.as_str());
        let computed = totals(db, q).await?;
        if stored != computed {
            out.push((kind.as_str(), stored, computed));
        }
    }
    Ok(out)
}

/// Reads one row of corpus numbers (`docs`, `title_len`, `headings_len`,
/// `body_len`); none reads as zeros.
async fn totals(db: &impl ConnectionTrait, q: Sql) -> AppResult<Totals> {
    Ok(match db.query_one_raw(q.build()).await? {
        Some(r) => (
            r.try_get("", "docs")?,
            r.try_get("", "title_len")?,
            r.try_get("", "headings_len")?,
            r.try_get("", "body_len")?,
        ),
        None => (0, 0, 0, 0),
    })
}

/// Sets the corpus numbers to what the rows say (`veche check --repair`).
pub async fn repair_stats(db: &impl ConnectionTrait) -> AppResult<()> {
    db.execute_unprepared(
        "UPDATE search_stats SET \
         docs = (SELECT COUNT(*) FROM search_docs d WHERE d.kind = search_stats.kind), \
         title_len = (SELECT COALESCE(SUM(d.title_len), 0) FROM search_docs d WHERE d.kind = search_stats.kind), \
         headings_len = (SELECT COALESCE(SUM(d.headings_len), 0) FROM search_docs d WHERE d.kind = search_stats.kind), \
         body_len = (SELECT COALESCE(SUM(d.body_len), 0) FROM search_docs d WHERE d.kind = search_stats.kind)",
    )
    .await?;
    Ok(())
}

/// Changes to the corpus numbers gathered over many rows, written with one
/// update per kind.
#[derive(Default)]
struct Corpus(BTreeMap<&'static str, (Kind, i64, [i64; 3])>);

impl Corpus {
    /// One document of `kind` added (`sign` 1) or removed (-1).
    fn add(&mut self, kind: Kind, sign: i64, lens: [i32; 3]) {
        let total = self.0.entry(kind.as_str()).or_insert((kind, 0, [0; 3]));
        total.1 += sign;
        for (sum, n) in total.2.iter_mut().zip(lens) {
            *sum += sign * i64::from(n);
        }
    }

    async fn write(self, db: &impl ConnectionTrait) -> AppResult<()> {
        for (kind, docs, lens) in self.0.into_values() {
            count(db, kind, docs, lens).await?;
        }
        Ok(())
    }
}

/// Keeps the corpus numbers of [`super::rank::Stats`] per kind, so a search
/// reads three rows instead of summing the index.
async fn count(db: &impl ConnectionTrait, kind: Kind, docs: i64, lens: [i64; 3]) -> AppResult<()> {
    let mut q = Sql::new(db.get_database_backend());
    q.push("UPDATE search_stats SET docs = docs + ").bind(docs);
    q.push(", title_len = title_len + ").bind(lens[0]);
    q.push(", headings_len = headings_len + ").bind(lens[1]);
    q.push(", body_len = body_len + ").bind(lens[2]);
    q.push(" WHERE kind = ").bind(kind.as_str());
    db.execute_raw(q.build()).await?;
    Ok(())
}
