//! Searching the database index: the database returns candidates, the
//! ranking in [`super::rank`] orders them, the same way on both backends.
//!
//! For a query the engine asks, in this order: the corpus numbers BM25
//! needs ([`Stats`]) for the kinds searched, each clause's document
//! frequency, then the candidates matching every clause; when fewer than
//! [`MIN_ALL_HITS`] do, those matching any clause. Candidates are capped at
//! [`MAX_CANDIDATES`] per group of kinds (guides; topics and posts), newest
//! first, the same rows on both databases, and
//! the reader's filters apply to those; their stored terms come back with
//! them, so ranking needs nothing else. Corpus numbers are kept per kind in
//! `search_stats` by the index writer.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult};

use super::fts::{self, Mode};
use super::index::Kind;
use super::memory::MIN_ALL_HITS;
use super::query::{Clause, Query};
use super::rank::{self, DocKind, Document, Scored, Stats, Weights};
use super::suggest::Vocabulary;
use super::synonyms::{SynonymPair, Synonyms};
use crate::error::AppResult;
use crate::sql::Sql;

/// Most candidates ranked for one query from each group of kinds (guides;
/// topics and posts). Beyond this, the newest of the group are kept; guides
/// have their own share so that a busy forum's newer posts never push the
/// guides out of a search. Measured at 100 000 posts: ranking two thousand
/// candidates cost 60 ms a search; a query matching more than this many in
/// a group is one of very common words, whose newest matches serve.
pub const MAX_CANDIDATES: i64 = 500;

/// What to search and the reader's filters.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Kinds of documents; empty means all.
    pub kinds: Vec<Kind>,
    pub category: Option<i64>,
    pub author: Option<i64>,
    /// Created at or after (unix seconds).
    pub since: Option<i64>,
    /// Created before (unix seconds).
    pub until: Option<i64>,
    pub solved: Option<bool>,
}

impl Filters {
    pub fn of(kinds: &[Kind]) -> Self {
        Filters { kinds: kinds.to_vec(), ..Default::default() }
    }

    fn kinds(&self) -> Vec<Kind> {
        if self.kinds.is_empty() { vec![Kind::Guide, Kind::Topic, Kind::Post] } else { self.kinds.clone() }
    }
}

/// A candidate document as stored.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Row {
    pub id: i64,
    pub kind: String,
    pub article_id: Option<i64>,
    pub paragraph: i32,
    pub anchor: String,
    pub heading: String,
    pub topic_id: Option<i64>,
    pub post_id: Option<i64>,
    pub category_id: Option<i64>,
    pub author_id: Option<i64>,
    pub solved: bool,
    pub created: i64,
    pub updated: i64,
    pub text: String,
    pub title: String,
    pub headings: String,
    pub body: String,
}

impl Row {
    pub fn kind(&self) -> Kind {
        Kind::parse(&self.kind).unwrap_or(Kind::Post)
    }

    fn document(&self) -> Document {
        let split = |s: &str| s.split(' ').filter(|t| !t.is_empty()).map(str::to_owned).collect::<Vec<_>>();
        Document {
            id: self.id,
            kind: match self.kind() {
                Kind::Guide => DocKind::Guide,
                Kind::Topic => DocKind::Topic,
                Kind::Post => DocKind::Post,
            },
            solved: self.solved,
            updated: self.updated,
            fields: [split(&self.title), split(&self.headings), split(&self.body)],
        }
    }
}

/// Ranked rows, best first.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub mode: Option<Mode>,
    pub hits: Vec<(Scored, Row)>,
    /// Documents each clause matches (all kinds searched).
    pub df: Vec<u64>,
}

const ALL_KINDS: usize = 3;

/// SQLite: the FTS5 expression restricted to the searched kinds (the
/// `kind` column holds one token) and to the text columns.
fn fts5_expr(expr: &str, kinds: &[Kind]) -> String {
    let text = format!("{{title headings body}} : ({expr})");
    if kinds.len() >= ALL_KINDS {
        return text;
    }
    let kinds: Vec<String> = kinds.iter().map(|k| format!("\"{}\"", k.as_str())).collect();
    format!("kind : ({}) AND {text}", kinds.join(" OR "))
}

fn expr(backend: DatabaseBackend, query: &Query, mode: Mode) -> Option<String> {
    if backend == DatabaseBackend::Postgres { fts::tsquery_literal(query, mode) } else { fts::fts5_match(query, mode) }
}

fn clause_expr(backend: DatabaseBackend, clause: &Clause) -> Option<String> {
    if backend == DatabaseBackend::Postgres { fts::tsquery_clause(clause) } else { fts::fts5_clause(clause) }
}

/// `SELECT … id` of the matching documents of the kinds, newest first, at
/// most `limit` (`None`: all, for counting).
fn matching_ids(q: &mut Sql, backend: DatabaseBackend, expr: &str, kinds: &[Kind], limit: Option<i64>) {
    if backend == DatabaseBackend::Postgres {
        // One select per kind, each answered by that kind's own GIN index
        // (the kind is written into the SQL so that the planner matches
        // the index's predicate; it is one of three fixed words), and
        // each with its own limit: the planner then chooses per kind
        // between the index's matches sorted and the kind's newest rows
        // walked until enough match (common words; 2 ms instead of a
        // parallel scan of every post at 100 ms and more).
        q.push("SELECT u.id FROM (");
        for (i, kind) in kinds.iter().enumerate() {
            if i > 0 {
                q.push(" UNION ALL ");
            }
            q.push("(SELECT m.id FROM search_match m WHERE m.kind = '").push(kind.as_str()).push("'");
            q.push(" AND m.tsv @@ ").bind(expr.to_owned()).push("::tsquery");
            if let Some(n) = limit {
                q.push(" ORDER BY m.id DESC LIMIT ").int(n);
            }
            q.push(")");
        }
        q.push(") u");
        if let Some(n) = limit {
            q.push(" ORDER BY u.id DESC LIMIT ").int(n);
        }
    } else {
        q.push("SELECT rowid FROM search_fts WHERE search_fts MATCH ").bind(fts5_expr(expr, kinds));
        if let Some(n) = limit {
            q.push(" ORDER BY rowid DESC LIMIT ").int(n);
        }
    }
}

/// Corpus numbers for the kinds searched.
pub async fn stats(db: &impl ConnectionTrait, kinds: &[Kind]) -> AppResult<Stats> {
    let mut q = Sql::new(db.get_database_backend());
    q.push(
        "SELECT CAST(COALESCE(SUM(docs), 0) AS BIGINT) AS n, CAST(COALESCE(SUM(title_len), 0) AS BIGINT) AS t, \
         CAST(COALESCE(SUM(headings_len), 0) AS BIGINT) AS h, CAST(COALESCE(SUM(body_len), 0) AS BIGINT) AS b \
         FROM search_stats WHERE kind IN ",
    );
    q.bind_list(kinds.iter().map(|k| k.as_str()));
    let Some(row) = db.query_one_raw(q.build()).await? else { return Ok(Stats::default()) };
    let n: i64 = row.try_get("", "n")?;
    let totals: [i64; 3] = [row.try_get("", "t")?, row.try_get("", "h")?, row.try_get("", "b")?];
    let documents = u64::try_from(n).unwrap_or(0);
    let average_length = totals.map(|t| if n <= 0 { 0.0 } else { t as f64 / n as f64 });
    Ok(Stats { documents, average_length })
}

/// Document frequencies already counted: a clause's count is an exact
/// `COUNT(*)` over the full-text index, several milliseconds for a common
/// word at 100 000 posts and one per clause of every query. An entry holds
/// while the index is unchanged ([`DfMemo::changed`], called by the index
/// writer after each commit, per process: see `App::search_df`) and at
/// most [`DF_MEMO_TTL`], which bounds how
/// long another instance's writes may go unseen (they move IDF a little,
/// never which documents match).
#[derive(Default)]
pub struct DfMemo {
    generation: AtomicU64,
    inner: Mutex<DfEntries>,
}

#[derive(Default)]
struct DfEntries {
    generation: u64,
    counts: HashMap<String, (u64, Instant)>,
}

const DF_MEMO_TTL: Duration = Duration::from_secs(60);
const DF_MEMO_MAX: usize = 50_000;

impl DfMemo {
    /// The index has changed: counted document frequencies are forgotten.
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    fn get(&self, key: &str) -> Option<u64> {
        let generation = self.generation();
        let memo = self.inner.lock().ok()?;
        if memo.generation != generation {
            return None;
        }
        memo.counts.get(key).filter(|(_, at)| at.elapsed() < DF_MEMO_TTL).map(|(n, _)| *n)
    }

    /// Remembers a count made while the index was at `generation`; a
    /// count that raced with a change is not kept.
    fn put(&self, key: String, n: u64, generation: u64) {
        let Ok(mut memo) = self.inner.lock() else { return };
        if self.generation() != generation {
            return;
        }
        if memo.generation != generation || memo.counts.len() >= DF_MEMO_MAX {
            memo.generation = generation;
            memo.counts.clear();
        }
        memo.counts.insert(key, (n, Instant::now()));
    }
}

async fn document_frequencies(
    db: &impl ConnectionTrait,
    memo: &DfMemo,
    query: &Query,
    kinds: &[Kind],
) -> AppResult<Vec<u64>> {
    let backend = db.get_database_backend();
    let mut out = Vec::with_capacity(query.clauses.len());
    let kinds_key = kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(",");
    for clause in &query.clauses {
        let Some(e) = clause_expr(backend, clause) else {
            out.push(0);
            continue;
        };
        let key = format!("{kinds_key}|{e}");
        if let Some(n) = memo.get(&key) {
            out.push(n);
            continue;
        }
        let generation = memo.generation();
        let mut q = Sql::new(backend);
        q.push("SELECT COUNT(*) AS n FROM (");
        matching_ids(&mut q, backend, &e, kinds, None);
        q.push(") m");
        let n: i64 = match db.query_one_raw(q.build()).await? {
            Some(row) => row.try_get("", "n")?,
            None => 0,
        };
        let n = u64::try_from(n).unwrap_or(0);
        memo.put(key, n, generation);
        out.push(n);
    }
    Ok(out)
}

/// The newest [`MAX_CANDIDATES`] matching documents, then the reader's
/// filters (the same rows on both databases).
async fn candidates(db: &impl ConnectionTrait, query: &Query, filters: &Filters, mode: Mode) -> AppResult<Vec<Row>> {
    let backend = db.get_database_backend();
    let Some(e) = expr(backend, query, mode) else { return Ok(Vec::new()) };
    let mut q = Sql::new(backend);
    q.push(
        "SELECT d.id, d.kind, d.article_id, d.paragraph, d.anchor, d.heading, d.topic_id, d.post_id, \
         d.category_id, d.author_id, d.solved, d.created, d.updated, '' AS text, d.title, d.headings, d.body \
         FROM search_docs d WHERE d.id IN (",
    );
    let kinds = filters.kinds();
    let guides: Vec<Kind> = kinds.iter().copied().filter(|k| *k == Kind::Guide).collect();
    let forum: Vec<Kind> = kinds.iter().copied().filter(|k| *k != Kind::Guide).collect();
    let groups: Vec<&[Kind]> = [guides.as_slice(), forum.as_slice()].into_iter().filter(|g| !g.is_empty()).collect();
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            q.push(" UNION ALL ");
        }
        q.push("SELECT * FROM (");
        matching_ids(&mut q, backend, &e, group, Some(MAX_CANDIDATES));
        q.push(") g").push(&i.to_string());
    }
    q.push(")");
    if let Some(c) = filters.category {
        q.push(" AND d.category_id = ").bind(c);
    }
    if let Some(a) = filters.author {
        q.push(" AND d.author_id = ").bind(a);
    }
    if let Some(s) = filters.since {
        q.push(" AND d.created >= ").bind(s);
    }
    if let Some(u) = filters.until {
        q.push(" AND d.created < ").bind(u);
    }
    if let Some(s) = filters.solved {
        q.push(" AND d.solved = ").bind(s);
    }
    Ok(Row::find_by_statement(q.build()).all(db).await?)
}

/// Fills in the original text of the rows that will be shown: candidates
/// are fetched without it (ranking reads only the analysed fields, and at
/// 100 000 posts the text of two thousand candidates was most of the
/// bytes a search moved), so the few rows quoted or snippeted get it here.
pub async fn fill_text<'a>(db: &impl ConnectionTrait, rows: impl IntoIterator<Item = &'a mut Row>) -> AppResult<()> {
    let mut rows: Vec<&mut Row> = rows.into_iter().collect();
    if rows.is_empty() {
        return Ok(());
    }
    let mut q = Sql::new(db.get_database_backend());
    q.push("SELECT id, text FROM search_docs WHERE id IN ").bind_list(rows.iter().map(|r| r.id));
    let mut texts: HashMap<i64, String> = HashMap::new();
    for row in db.query_all_raw(q.build()).await? {
        texts.insert(row.try_get("", "id")?, row.try_get("", "text")?);
    }
    for r in &mut rows {
        if let Some(t) = texts.remove(&r.id) {
            r.text = t;
        }
    }
    Ok(())
}

/// Searches the index: every clause first, any clause when that finds
/// fewer than [`MIN_ALL_HITS`]; ranked by BM25F.
pub async fn search(
    db: &impl ConnectionTrait,
    memo: &DfMemo,
    query: &Query,
    filters: &Filters,
    weights: &Weights,
    now: i64,
) -> AppResult<Outcome> {
    if query.is_empty() {
        return Ok(Outcome::default());
    }
    let kinds = filters.kinds();
    let stats = stats(db, &kinds).await?;
    let df = document_frequencies(db, memo, query, &kinds).await?;
    let mut mode = Mode::All;
    let mut rows = candidates(db, query, filters, Mode::All).await?;
    if rows.len() < MIN_ALL_HITS && query.clauses.len() > 1 {
        mode = Mode::Any;
        rows = candidates(db, query, filters, Mode::Any).await?;
    }
    let docs: Vec<Document> = rows.iter().map(Row::document).collect();
    let scored = rank::rank(query, &docs, &stats, &df, weights, now);
    let mut by_id: HashMap<i64, Row> = rows.into_iter().map(|r| (r.id, r)).collect();
    let hits = scored.into_iter().filter_map(|s| by_id.remove(&s.id).map(|r| (s, r))).collect();
    Ok(Outcome { mode: Some(mode), hits, df })
}

/// The synonyms in force: the seed list and administrators' pairs.
pub async fn synonyms(db: &impl ConnectionTrait) -> AppResult<Synonyms> {
    Ok(Synonyms::seed_and(admin_synonyms(db).await?.into_iter().map(|s| s.pair())))
}

/// A pair added by an administrator.
#[derive(Debug, Clone, FromQueryResult)]
pub struct StoredSynonym {
    pub id: i64,
    pub from_text: String,
    pub to_text: String,
    pub two_way: bool,
}

impl StoredSynonym {
    pub fn pair(&self) -> SynonymPair {
        SynonymPair { from: self.from_text.clone(), to: self.to_text.clone(), two_way: self.two_way }
    }
}

pub async fn admin_synonyms(db: &impl ConnectionTrait) -> AppResult<Vec<StoredSynonym>> {
    let mut q = Sql::new(db.get_database_backend());
    q.push("SELECT id, from_text, to_text, two_way FROM search_synonyms ORDER BY id");
    Ok(StoredSynonym::find_by_statement(q.build()).all(db).await?)
}

/// "Did you mean": the query's words that matched nothing replaced by the
/// closest word of the guides' and topics' vocabulary.
pub async fn did_you_mean(db: &impl ConnectionTrait, query: &Query, df: &[u64]) -> AppResult<Option<String>> {
    let unknown: Vec<&Clause> = query
        .clauses
        .iter()
        .zip(df)
        .filter(|(c, n)| **n == 0 && c.word.chars().count() >= 3 && c.word.chars().all(char::is_alphabetic))
        .map(|(c, _)| c)
        .collect();
    if unknown.is_empty() {
        return Ok(None);
    }
    let lens: Vec<i64> = unknown.iter().map(|c| c.word.chars().count() as i64).collect();
    let (min, max) = (lens.iter().min().copied().unwrap_or(0) - 2, lens.iter().max().copied().unwrap_or(0) + 2);
    let mut q = Sql::new(db.get_database_backend());
    q.push("SELECT word, count FROM search_words WHERE len >= ").bind(min).push(" AND len <= ").bind(max);
    q.push(" ORDER BY count DESC, word LIMIT 50000");
    let rows = db.query_all_raw(q.build()).await?;
    let mut counts = Vec::with_capacity(rows.len());
    for row in rows {
        let word: String = row.try_get("", "word")?;
        let count: i64 = row.try_get("", "count")?;
        counts.push((word, u64::try_from(count).unwrap_or(0)));
    }
    let vocabulary = Vocabulary::from_counts(counts);
    let mut changed = false;
    let mut words = Vec::new();
    for clause in &query.clauses {
        let replacement = unknown
            .iter()
            .any(|c| c.word == clause.word)
            .then(|| super::suggest::did_you_mean(&clause.word, &vocabulary))
            .flatten();
        match replacement {
            Some(better) => {
                changed = true;
                words.push(better);
            }
            None => words.push(clause.word.clone()),
        }
    }
    Ok(changed.then(|| words.join(" ")))
}
