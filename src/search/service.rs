//! The commands and page builders of `/search` and `/ask`: a query in, a
//! typed result out, visibility checked on everything shown.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter};
use serde::Serialize;

use super::engine::{self, Filters, Row};
use super::index::Kind;
use super::query::{self, Query, analyze_query};
use super::rank::{Scored, Weights};
use super::snippet::{Snippet, snippet};
use super::{ask, index};
use crate::accounts::User;
use crate::app::App;
use crate::entities::{articles, categories, posts, topics, users};
use crate::error::{AppError, AppResult, FormErrors};
use crate::forum::visibility;
use crate::policy::Action;
use crate::sql::Sql;
use crate::title::Title;

/// Results per page of `/search`.
pub const PAGE_SIZE: usize = 20;
/// Pages a reader can go through; the rest of the ranking is not shown.
pub const MAX_PAGES: usize = 50;
const SNIPPET_CHARS: usize = 220;
const QUOTE_CHARS: usize = 400;

/// Why a query has no results that is the query's fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// Nothing typed.
    Empty,
    /// Only punctuation, symbols or words too common to search.
    NoWords,
}

/// What a reader asked `/search` for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub q: String,
    /// `guides`, `topics` or anything else for both.
    pub kind: String,
    pub category: String,
    pub author: String,
    /// `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
    pub solved: bool,
    pub page: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub kind: &'static str,
    pub title: String,
    pub href: String,
    /// Section of a guide, or empty.
    pub section: String,
    pub snippet: Snippet,
    pub solved: bool,
    pub category: String,
    pub author: String,
    /// Unix seconds.
    pub created: i64,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct SearchResults {
    pub problem: Option<Problem>,
    /// The query was longer than what is looked at.
    pub truncated: bool,
    pub hits: Vec<Hit>,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    /// Every word was not found together; these match some of them.
    pub partial: bool,
    pub did_you_mean: Option<String>,
}

fn parse_date(errors: &mut FormErrors, field: &'static str, s: &str, end: bool) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let f = time::macros::format_description!("[year]-[month]-[day]");
    match time::Date::parse(s, &f) {
        Ok(d) => {
            let t = d.midnight().assume_utc().unix_timestamp();
            Some(if end { t + 86_400 } else { t })
        }
        Err(_) => {
            errors.add(field, "search-err-date");
            None
        }
    }
}

/// The query as the engine sees it, with the site's synonyms.
pub async fn prepare(db: &impl ConnectionTrait, text: &str) -> AppResult<Query> {
    let mut query = analyze_query(text);
    engine::synonyms(db).await?.expand(&mut query);
    Ok(query)
}

/// `/search`: guides (by their best paragraph) and topics (by their best
/// post), ranked together. Bad filters are an `Invalid` error naming the
/// field.
pub async fn search(app: &App, viewer: Option<&User>, req: &SearchRequest) -> AppResult<SearchResults> {
    let _slot = app.search_slot().await;
    let db = app.db.read();
    let mut errors = FormErrors::new();
    let mut filters = Filters::default();
    match req.kind.as_str() {
        "guides" => filters.kinds = vec![Kind::Guide],
        "topics" => filters.kinds = vec![Kind::Topic, Kind::Post],
        _ => {}
    }
    if !req.category.trim().is_empty() {
        let slug = req.category.trim();
        match categories::Entity::find().filter(categories::Column::Slug.eq(slug)).one(db).await? {
            Some(c) => {
                filters.category = Some(c.id);
                filters.kinds = vec![Kind::Topic, Kind::Post];
            }
            None => errors.add("category", "search-err-category"),
        }
    }
    if !req.author.trim().is_empty() {
        let name = req.author.trim().trim_start_matches('@');
        match users::Entity::find().filter(users::Column::Username.eq(name)).one(db).await? {
            Some(u) => {
                filters.author = Some(u.id);
                filters.kinds = vec![Kind::Topic, Kind::Post];
            }
            None => errors.add("author", "search-err-author"),
        }
    }
    filters.since = parse_date(&mut errors, "from", &req.from, false);
    filters.until = parse_date(&mut errors, "to", &req.to, true);
    if req.solved {
        filters.solved = Some(true);
        filters.kinds = vec![Kind::Topic, Kind::Post];
    }
    errors.into_result()?;

    let mut out = SearchResults { page: req.page.max(1), ..Default::default() };
    if req.q.trim().is_empty() {
        out.problem = Some(Problem::Empty);
        return Ok(out);
    }
    out.truncated = req.q.chars().count() > query::MAX_QUERY_CHARS;
    let query = prepare(db, &req.q).await?;
    if query.is_empty() {
        out.problem = Some(Problem::NoWords);
        return Ok(out);
    }
    let now = crate::util::now().unix_timestamp();
    let found = engine::search(db, &app.search_df, &query, &filters, &Weights::default(), now).await?;
    out.partial = found.mode == Some(super::fts::Mode::Any) && query.clauses.len() > 1;
    if found.hits.len() < 3 || found.df.contains(&0) {
        out.did_you_mean = engine::did_you_mean(db, &query, &found.df).await?;
    }

    // One result per guide and per topic, at its best document.
    let mut seen_guides: HashSet<i64> = HashSet::new();
    let mut seen_topics: HashSet<i64> = HashSet::new();
    let mut grouped: Vec<(Scored, Row)> = Vec::new();
    for (score, row) in found.hits {
        let fresh = match (row.kind(), row.article_id, row.topic_id) {
            (Kind::Guide, Some(a), _) => seen_guides.insert(a),
            (_, _, Some(t)) => seen_topics.insert(t),
            _ => false,
        };
        if fresh {
            grouped.push((score, row));
        }
    }
    // Visibility, checked on the current rows (the index may be a moment
    // behind a hide or delete).
    let topic_ids: Vec<i64> = grouped.iter().filter_map(|(_, r)| r.topic_id).collect();
    let post_ids: Vec<i64> = grouped.iter().filter_map(|(_, r)| r.post_id).collect();
    let topics: HashMap<i64, topics::Model> = if topic_ids.is_empty() {
        HashMap::new()
    } else {
        topics::Entity::find()
            .filter(topics::Column::Id.is_in(topic_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect()
    };
    let posts: HashMap<i64, posts::Model> = if post_ids.is_empty() {
        HashMap::new()
    } else {
        posts::Entity::find()
            .filter(posts::Column::Id.is_in(post_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect()
    };
    grouped.retain(|(_, r)| match r.kind() {
        Kind::Guide => true,
        _ => {
            let topic_ok = r
                .topic_id
                .and_then(|t| topics.get(&t))
                .is_some_and(|t| visibility::sees_topic(&app.policy, viewer, t) && !t.hidden && !t.deleted);
            let post_ok = r.post_id.is_none_or(|p| {
                posts.get(&p).is_some_and(|p| visibility::sees_post(&app.policy, viewer, p) && !p.hidden && !p.deleted)
            });
            topic_ok && post_ok
        }
    });
    out.total = grouped.len().min(PAGE_SIZE * MAX_PAGES);
    out.pages = out.total.div_ceil(PAGE_SIZE).max(1);
    out.page = out.page.min(out.pages);
    let mut page: Vec<(Scored, Row)> = grouped.into_iter().skip((out.page - 1) * PAGE_SIZE).take(PAGE_SIZE).collect();
    engine::fill_text(db, page.iter_mut().map(|(_, r)| r)).await?;
    out.hits = hits_of(db, &query, page).await?;
    Ok(out)
}

async fn hits_of(db: &impl ConnectionTrait, query: &Query, rows: Vec<(Scored, Row)>) -> AppResult<Vec<Hit>> {
    let article_ids: Vec<i64> = rows.iter().filter_map(|(_, r)| r.article_id).collect();
    let titles: HashMap<i64, String> = if article_ids.is_empty() {
        HashMap::new()
    } else {
        articles::Entity::find()
            .filter(articles::Column::Id.is_in(article_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.title))
            .collect()
    };
    let user_ids: Vec<i64> = rows.iter().filter_map(|(_, r)| r.author_id).collect();
    let names: HashMap<i64, String> = if user_ids.is_empty() {
        HashMap::new()
    } else {
        users::Entity::find()
            .filter(users::Column::Id.is_in(user_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.username))
            .collect()
    };
    let cats: HashMap<i64, String> =
        categories::Entity::find().all(db).await?.into_iter().map(|c| (c.id, c.name)).collect();
    let mut out = Vec::new();
    for (_, r) in rows {
        let kind = r.kind();
        let (title, href) = match kind {
            Kind::Guide => {
                let Some(title) = r.article_id.and_then(|a| titles.get(&a)) else { continue };
                (title.clone(), guide_href(title, &r.anchor))
            }
            Kind::Topic | Kind::Post => {
                let Some(t) = r.topic_id else { continue };
                let mut href = format!("/t/{t}");
                if kind == Kind::Post {
                    href.push_str(&format!("#p{}", r.paragraph));
                }
                (r.heading.clone(), href)
            }
        };
        out.push(Hit {
            kind: kind.as_str(),
            title,
            href,
            section: if kind == Kind::Guide { r.heading.clone() } else { String::new() },
            snippet: snippet(&r.text, query, SNIPPET_CHARS, None),
            solved: r.solved,
            category: r.category_id.and_then(|c| cats.get(&c)).cloned().unwrap_or_default(),
            author: r.author_id.and_then(|a| names.get(&a)).cloned().unwrap_or_default(),
            created: r.created,
        });
    }
    Ok(out)
}

fn guide_href(title: &str, anchor: &str) -> String {
    let mut href = Title::stored_href(title);
    if !anchor.is_empty() {
        href.push('#');
        href.extend(percent_encoding::utf8_percent_encode(anchor, crate::title::PATH_SEGMENT));
    }
    href
}

// ---------------------------------------------------------------- /ask

#[derive(Debug, Clone, Serialize)]
pub struct GuideAnswer {
    pub id: i64,
    pub title: String,
    /// Link to the section holding the quoted paragraph.
    pub href: String,
    pub section: String,
    pub quote: Snippet,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicAnswer {
    pub title: String,
    pub href: String,
    pub quote: Snippet,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct AskAnswer {
    /// The recorded question (for "this helped"); `None` when nothing was asked.
    pub ask_id: Option<i64>,
    pub problem: Option<Problem>,
    pub guides: Vec<GuideAnswer>,
    pub topics: Vec<TopicAnswer>,
}

/// The guides answering a question, best first, with the paragraph to
/// quote (what `/ask` shows and the evaluation measures).
pub async fn answer_guides(
    db: &impl ConnectionTrait,
    memo: &engine::DfMemo,
    query: &Query,
) -> AppResult<Vec<(ask::Answer, Row)>> {
    let now = crate::util::now().unix_timestamp();
    let found = engine::search(db, memo, query, &Filters::of(&[Kind::Guide]), &Weights::default(), now).await?;
    let scored: Vec<Scored> = found.hits.iter().map(|(s, _)| *s).collect();
    let article_of: HashMap<i64, i64> =
        found.hits.iter().filter_map(|(s, r)| r.article_id.map(|a| (s.id, a))).collect();
    let answers = ask::best_guides(&scored, |id| article_of.get(&id).copied(), ask::ANSWERS);
    let mut rows: HashMap<i64, Row> = found.hits.into_iter().map(|(s, r)| (s.id, r)).collect();
    let mut answers: Vec<(ask::Answer, Row)> =
        answers.into_iter().filter_map(|a| rows.remove(&a.paragraph).map(|r| (a, r))).collect();
    engine::fill_text(db, answers.iter_mut().map(|(_, r)| r)).await?;
    Ok(answers)
}

/// Command: answer a question and record it (the question, the guides
/// shown) so administrators see what the guides do not answer.
pub async fn ask(app: &App, viewer: Option<&User>, text: &str) -> AppResult<AskAnswer> {
    let _slot = app.search_slot().await;
    let db = app.db.read();
    let mut out = AskAnswer::default();
    if text.trim().is_empty() {
        out.problem = Some(Problem::Empty);
        return Ok(out);
    }
    let query = prepare(db, text).await?;
    if query.is_empty() {
        out.problem = Some(Problem::NoWords);
        return Ok(out);
    }
    for (_, row) in answer_guides(db, &app.search_df, &query).await? {
        let Some(id) = row.article_id else { continue };
        let Some(article) = articles::Entity::find_by_id(id).one(db).await? else { continue };
        out.guides.push(GuideAnswer {
            id,
            href: guide_href(&article.title, &row.anchor),
            title: article.title,
            section: row.heading.clone(),
            quote: snippet(&row.text, &query, QUOTE_CHARS, None),
        });
    }
    // Solved topics, quoting their solution.
    let now = crate::util::now().unix_timestamp();
    let filters = Filters { kinds: vec![Kind::Topic], solved: Some(true), ..Default::default() };
    let found = engine::search(db, &app.search_df, &query, &filters, &Weights::default(), now).await?;
    for (_, row) in found.hits.into_iter().take(10) {
        if out.topics.len() == 3 {
            break;
        }
        let Some(topic_id) = row.topic_id else { continue };
        let Ok(topic) = visibility::topic(db, &app.policy, None, topic_id).await else { continue };
        let Some(solution) = topic.solved_post_id else { continue };
        let Ok((post, _)) = visibility::post(db, &app.policy, None, solution).await else { continue };
        out.topics.push(TopicAnswer {
            title: topic.title.clone(),
            href: format!("/t/{}#p{}", topic.id, post.post_number),
            quote: snippet(&index::plain_text(&post.body), &query, QUOTE_CHARS, None),
        });
    }
    let guides: Vec<String> = out.guides.iter().map(|g| g.id.to_string()).collect();
    let stored: String = query::truncate(text.trim()).chars().take(500).collect();
    let mut q = Sql::new(app.db.write().get_database_backend());
    q.push("INSERT INTO search_asks (query, user_id, guides, answered, created_at) VALUES (");
    q.bind(stored).push(", ").bind(viewer.map(|u| u.id)).push(", ").bind(guides.join(",")).push(", ");
    q.bind(!out.guides.is_empty()).push(", ").bind(now).push(")");
    if app.db.write().get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        q.push(" RETURNING id");
        out.ask_id = app.db.write().query_one_raw(q.build()).await?.map(|r| r.try_get::<i64>("", "id")).transpose()?;
    } else {
        let res = app.db.write().execute_raw(q.build()).await?;
        out.ask_id = i64::try_from(res.last_insert_id()).ok();
    }
    Ok(out)
}

/// Command: the reader followed a guide from an answer. Only a guide that
/// was shown for that question is recorded, and only the first.
pub async fn record_click(app: &App, ask_id: i64, guide: i64) -> AppResult<String> {
    let db = app.db.write();
    let mut q = Sql::new(db.get_database_backend());
    q.push("SELECT guides FROM search_asks WHERE id = ").bind(ask_id);
    let shown: String = match db.query_one_raw(q.build()).await? {
        Some(r) => r.try_get("", "guides")?,
        None => return Err(AppError::NotFound),
    };
    if !shown.split(',').any(|g| g == guide.to_string()) {
        return Err(AppError::NotFound);
    }
    let mut q = Sql::new(db.get_database_backend());
    q.push("UPDATE search_asks SET clicked_guide = ").bind(guide);
    q.push(" WHERE id = ").bind(ask_id).push(" AND clicked_guide IS NULL");
    db.execute_raw(q.build()).await?;
    let title = articles::Entity::find_by_id(guide).one(app.db.read()).await?.ok_or(AppError::NotFound)?.title;
    Ok(guide_href(&title, ""))
}

/// Command: the reader says whether the answer helped.
pub async fn record_helped(app: &App, ask_id: i64, helped: bool) -> AppResult<()> {
    let db = app.db.write();
    let mut q = Sql::new(db.get_database_backend());
    q.push("UPDATE search_asks SET helped = ").bind(helped).push(" WHERE id = ").bind(ask_id);
    if db.execute_raw(q.build()).await?.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// A question no guide answered, or whose answer did not help.
#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct Unanswered {
    pub query: String,
    pub answered: bool,
    pub helped: Option<bool>,
    pub created_at: i64,
}

/// For administrators: the latest questions nothing answered, or whose
/// reader said the answer did not help, or who followed no guide.
pub async fn unanswered(app: &App, actor: &User, limit: i64) -> AppResult<Vec<Unanswered>> {
    app.policy.require(&actor.actor(), Action::ManageSearch)?;
    let mut q = Sql::new(app.db.read().get_database_backend());
    q.push(
        "SELECT query, answered, helped, created_at FROM search_asks \
         WHERE answered = ",
    );
    q.bind(false).push(" OR helped = ").bind(false);
    q.push(" OR (clicked_guide IS NULL AND helped IS NULL) ORDER BY id DESC LIMIT ").int(limit);
    Ok(Unanswered::find_by_statement(q.build()).all(app.db.read()).await?)
}

/// Command: an administrator adds a synonym pair.
pub async fn add_synonym(app: &App, actor: &User, from: &str, to: &str, two_way: bool) -> AppResult<()> {
    app.policy.require(&actor.actor(), Action::ManageSearch)?;
    let mut errors = FormErrors::new();
    let from = from.trim();
    let to = to.trim();
    for (field, side) in [("from", from), ("to", to)] {
        if side.chars().count() > 100 {
            errors.add(field, "search-err-synonym-long");
        } else if analyze_query(side).is_empty() {
            errors.add(field, "search-err-synonym-empty");
        }
    }
    errors.into_result()?;
    let db = app.db.write();
    let mut q = Sql::new(db.get_database_backend());
    q.push("INSERT INTO search_synonyms (from_text, to_text, two_way, created_by, created_at) VALUES (");
    q.bind(from.to_owned()).push(", ").bind(to.to_owned()).push(", ").bind(two_way).push(", ");
    q.bind(actor.id).push(", ").bind(crate::util::now().unix_timestamp()).push(")");
    db.execute_raw(q.build()).await?;
    Ok(())
}

/// Command: an administrator removes a pair they or another added.
pub async fn delete_synonym(app: &App, actor: &User, id: i64) -> AppResult<()> {
    app.policy.require(&actor.actor(), Action::ManageSearch)?;
    let db = app.db.write();
    let mut q = Sql::new(db.get_database_backend());
    q.push("DELETE FROM search_synonyms WHERE id = ").bind(id);
    if db.execute_raw(q.build()).await?.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Guides and solved topics for a title being typed (the new-topic page).
pub async fn suggestions(
    app: &App,
    text: &str,
    limit: usize,
) -> AppResult<(Vec<(String, String)>, Vec<(String, String)>)> {
    let _slot = app.search_slot().await;
    let db = app.db.read();
    let query = prepare(db, text).await?;
    if query.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut guides = Vec::new();
    for (_, row) in answer_guides(db, &app.search_df, &query).await?.into_iter().take(limit) {
        if let Some(a) = row.article_id
            && let Some(article) = articles::Entity::find_by_id(a).one(db).await?
        {
            guides.push((guide_href(&article.title, ""), article.title));
        }
    }
    let now = crate::util::now().unix_timestamp();
    let filters = Filters { kinds: vec![Kind::Topic], solved: Some(true), ..Default::default() };
    let found = engine::search(db, &app.search_df, &query, &filters, &Weights::default(), now).await?;
    let mut topics = Vec::new();
    for (_, row) in found.hits.into_iter().take(limit * 2) {
        if topics.len() == limit {
            break;
        }
        let Some(t) = row.topic_id else { continue };
        if let Ok(topic) = visibility::topic(db, &app.policy, None, t).await {
            topics.push((format!("/t/{}", topic.id), topic.title));
        }
    }
    Ok((guides, topics))
}
