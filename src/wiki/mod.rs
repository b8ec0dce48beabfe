//! The knowledge base: articles with immutable revisions, 3-way merged
//! concurrent edits, reverts and undos, renames with redirects, protection.
//!
//! - [`commands`]: every editor action, one function each;
//! - [`proposals`]: edits of members below the bar, and their review;
//! - this module: reading articles, revisions, history and links.

pub mod browse;
pub mod commands;
pub mod proposals;
pub mod reads;
pub mod sections;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Statement,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::accounts::User;
use crate::db::Db;
use crate::entities::{articles, redirects, revisions};
use crate::error::{AppError, AppResult};
use crate::policy::{Action, Decision, Policy};
use crate::sql::Sql;
use crate::title::Title;

pub use articles::Model as Article;
pub use commands::{Edit, Edited, Saved};
pub use revisions::Model as Revision;

/// An article found by title, and the old title if it was reached through a
/// redirect.
pub struct Found {
    pub article: Article,
    pub redirected_from: Option<String>,
}

pub async fn find(db: &impl ConnectionTrait, title: &Title) -> AppResult<Option<Found>> {
    if let Some(article) = articles::Entity::find().filter(articles::Column::TitleKey.eq(title.key())).one(db).await? {
        return Ok(Some(Found { article, redirected_from: None }));
    }
    let Some(r) = redirects::Entity::find_by_id(title.key().to_owned()).one(db).await? else {
        return Ok(None);
    };
    Ok(articles::Entity::find_by_id(r.article_id)
        .one(db)
        .await?
        .map(|article| Found { article, redirected_from: Some(r.from_title) }))
}

/// The title of an article by id.
pub async fn title_of(db: &impl ConnectionTrait, id: i64) -> AppResult<Option<String>> {
    Ok(articles::Entity::find_by_id(id)
        .select_only()
        .column(articles::Column::Title)
        .into_tuple::<String>()
        .one(db)
        .await?)
}

pub async fn revision(db: &impl ConnectionTrait, article: &Article, id: i64) -> AppResult<Revision> {
    revisions::Entity::find_by_id(id)
        .filter(revisions::Column::ArticleId.eq(article.id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn current(db: &impl ConnectionTrait, article: &Article) -> AppResult<Revision> {
    let id = article.current_revision_id.ok_or(AppError::NotFound)?;
    revision(db, article, id).await
}

/// A revision as a guide's page shows it: its HTML and contents with its
/// author's name, without the Markdown source (a long guide's source was a
/// fifth of the page's CPU to copy and check for nothing).
#[derive(Debug, Clone, FromQueryResult)]
pub struct ShownRevision {
    pub id: i64,
    pub html: String,
    pub toc: String,
    pub created_at: OffsetDateTime,
    pub author: Option<String>,
}

/// Revision `id` of `article` as its page shows it, in one statement.
pub async fn shown_revision(db: &impl ConnectionTrait, article: &Article, id: i64) -> AppResult<ShownRevision> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT r.id, r.html, r.toc, r.created_at, ");
    sql.lookup("username", "users", "id", "r.author_id", "author");
    sql.push(" FROM revisions r WHERE r.id = ").bind(id).push(" AND r.article_id = ").bind(article.id);
    ShownRevision::find_by_statement(sql.build()).one(db).await?.ok_or(AppError::NotFound)
}

/// What editing `article` (or creating it, when `None`) means for `user`.
pub fn edit_decision(policy: &Policy, user: Option<&User>, article: Option<&Article>) -> Decision {
    let actor = user.map_or(crate::policy::Actor::Anonymous, User::actor);
    match article {
        None => policy.decide(&actor, Action::CreateArticle),
        Some(a) if a.is_protected() => match policy.decide(&actor, Action::EditProtectedArticle) {
            Decision::Allow => Decision::Allow,
            // Staff-only: there is no proposal path for a protected page.
            Decision::Propose(d) | Decision::Deny(d) => Decision::Deny(d),
        },
        Some(_) => policy.decide(&actor, Action::EditArticle),
    }
}

/// A line of history or recent changes: everything but the text.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct RevisionLine {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub summary: String,
    pub summary_code: String,
    pub summary_args: String,
    pub minor: bool,
    pub size: i32,
    pub size_delta: i32,
    pub created_at: OffsetDateTime,
    pub author: String,
    pub title: String,
}

/// Revision lines newest first, `limit` from before `before`: of one article
/// (driven by its revisions index) or of the whole wiki (by id).
pub fn revision_lines_statement(
    backend: DatabaseBackend,
    article: Option<i64>,
    before: Option<i64>,
    limit: u64,
) -> Statement {
    lines_statement(backend, article.map(|a| ("article_id", ARTICLE_LINES_INDEX, a)), before, limit)
}

/// A guide's revisions by id with every column a history line shows: on
/// SQLite a revision's row carries the guide's text in front of them, and
/// reading past it walked each long guide's overflow pages.
const ARTICLE_LINES_INDEX: &str = "idx_revisions_article_lines";

/// Revision lines newest first, of one article or one author when `scope`
/// says (column, its index, value), else of the whole wiki.
///
/// On SQLite the columns a line shows sit behind the guide's text in a
/// revision's row, so they are read from the article lines index, never
/// from the row: an article's lines walk that index in order; the whole
/// wiki's and an author's first pick their revisions (id and article only,
/// at the front of the row) by the rowid or the author index, then read
/// each line from the lines index by (article, id). Reading the wiki's 50
/// newest lines from the rows walked the overflow pages of every long
/// guide among them: 2.7 ms of server CPU a feed request at 1 000 guides.
/// The second shape comes back in no particular order: callers go through
/// [`newest_first`].
fn lines_statement(
    backend: DatabaseBackend,
    scope: Option<(&str, &str, i64)>,
    before: Option<i64>,
    limit: u64,
) -> Statement {
    let mut sql = Sql::new(backend);
    let by_article = scope.is_some_and(|(_, index, _)| index == ARTICLE_LINES_INDEX);
    sql.push("/* covered: r */ ");
    sql.push(
        "SELECT r.id, r.parent_id, r.summary, r.summary_code, r.summary_args, r.minor, r.size, r.size_delta, \
         r.created_at, ",
    );
    sql.lookup("username", "users", "id", "r.author_id", "author").push(", ");
    sql.lookup("title", "articles", "id", "r.article_id", "title").push(" FROM ");
    if by_article {
        sql.table("revisions", "r", scope.map(|(_, index, _)| index));
    } else {
        sql.push("(SELECT w.id, w.article_id FROM ");
        match scope {
            Some((_, index, _)) => sql.table("revisions", "w", Some(index)),
            // The rowid walk: an index would need a sort.
            None if sql.is_sqlite() => sql.push("revisions w NOT INDEXED"),
            None => sql.push("revisions w"),
        };
    }
    let t = if by_article { "r" } else { "w" };
    sql.push(" WHERE 1 = 1");
    if let Some((column, _, value)) = scope {
        sql.push(" AND ").push(t).push(".").push(column).push(" = ").bind(value);
    }
    if let Some(b) = before {
        sql.push(" AND ").push(t).push(".id < ").bind(b);
    }
    sql.push(" ORDER BY ").push(t).push(".id DESC LIMIT ").int(i64::try_from(limit).unwrap_or(i64::MAX));
    if !by_article {
        sql.push(") x").join();
        sql.table("revisions", "r", Some(ARTICLE_LINES_INDEX));
        sql.push(" ON r.article_id = x.article_id AND r.id = x.id");
    }
    sql.build()
}

/// Lines of [`lines_statement`] newest first, whatever order they came in.
fn newest_first(mut lines: Vec<RevisionLine>) -> Vec<RevisionLine> {
    lines.sort_unstable_by_key(|l| std::cmp::Reverse(l.id));
    lines
}

/// An article's revisions, newest first, `limit` from before `before`.
pub async fn history(db: &Db, article: &Article, before: Option<i64>, limit: u64) -> AppResult<Vec<RevisionLine>> {
    let stmt = revision_lines_statement(db.read().get_database_backend(), Some(article.id), before, limit);
    Ok(RevisionLine::find_by_statement(stmt).all(db.read()).await?)
}

/// A member's guide edits, newest first (the author index).
pub async fn edits_of(db: &Db, user_id: i64, limit: u64) -> AppResult<Vec<RevisionLine>> {
    let scope = Some(("author_id", "idx_revisions_author", user_id));
    let stmt = lines_statement(db.read().get_database_backend(), scope, None, limit);
    Ok(newest_first(RevisionLine::find_by_statement(stmt).all(db.read()).await?))
}

/// Recent changes across the wiki, newest first.
pub async fn recent_changes(db: &Db, before: Option<i64>, limit: u64) -> AppResult<Vec<RevisionLine>> {
    let stmt = revision_lines_statement(db.read().get_database_backend(), None, before, limit);
    Ok(newest_first(RevisionLine::find_by_statement(stmt).all(db.read()).await?))
}

#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct IndexEntry {
    pub title: String,
    pub updated_at: OffsetDateTime,
    pub discussion_count: i32,
}

pub async fn all_articles(db: &Db) -> AppResult<Vec<IndexEntry>> {
    Ok(articles::Entity::find()
        .select_only()
        .columns([articles::Column::Title, articles::Column::UpdatedAt, articles::Column::DiscussionCount])
        .into_model::<IndexEntry>()
        .all(db.read())
        .await?)
}

/// The alphabet order of the index: Ukrainian, then Latin.
const ALPHABET: &str = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// A sort key that puts Є, І, Ї, Ґ where Ukrainian readers expect them
/// (code-point order would not).
pub fn collation_key(title: &str) -> Vec<(u32, char)> {
    title
        .chars()
        .flat_map(char::to_uppercase)
        .map(|c| match ALPHABET.chars().position(|a| a == c) {
            Some(i) => (i as u32 + 1, c),
            None if c.is_alphanumeric() => (1000 + c as u32, c),
            None => (0, c),
        })
        .collect()
}

/// Title characters a sort key keeps: enough to order any two titles people
/// tell apart, short enough for an index entry.
const SORT_KEY_CHARS: usize = 64;

/// [`collation_key`] as text whose byte order is that order (six hex
/// digits a character), so that the database can keep a list in alphabet
/// order in an index, the same on both backends: hex digits sort alike in
/// every collation.
pub fn sort_key(title: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(SORT_KEY_CHARS * 6);
    for (weight, c) in collation_key(title).into_iter().take(SORT_KEY_CHARS) {
        // The same order as (weight, char): other characters by code point,
        // then the alphabet, then other letters and digits by code point.
        let n = match weight {
            0 => c as u32,
            w if w < 1000 => 0x11_0000 + w,
            _ => 0x11_0000 + 1000 + c as u32,
        };
        let _ = write!(out, "{n:06x}");
    }
    out
}

/// The index letter of a title.
pub fn index_letter(title: &str) -> String {
    match title.chars().next().map(|c| c.to_uppercase().next().unwrap_or(c)) {
        Some(c) if c.is_alphabetic() => c.to_string(),
        _ => "#".into(),
    }
}

/// Sources that link to an article: (kind, id, title) of linking articles.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct Backlink {
    pub title: String,
}

pub async fn backlinks(db: &Db, article: &Article) -> AppResult<Vec<Backlink>> {
    let mut sql = Sql::new(db.read().get_database_backend());
    sql.push("SELECT ");
    sql.lookup("title", "articles", "id", "l.source_id", "title").push(" FROM ");
    sql.table("links", "l", Some("idx_links_target_source"));
    sql.push(" WHERE l.target_kind = 'article' AND l.target_id = ").bind(article.id);
    sql.push(" AND l.source_kind = 'article' AND l.source_id <> ").bind(article.id);
    let mut found: Vec<Backlink> = Backlink::find_by_statement(sql.build()).all(db.read()).await?;
    found.sort_by_cached_key(|b| collation_key(&b.title));
    found.dedup_by(|a, b| a.title == b.title);
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ukrainian_letters_sort_in_alphabet_order() {
        let mut titles = vec!["Ясно", "Їжак", "Ґанок", "Єнот", "Інструкція", "Гроші", "Абетка", "Zebra", "Apple"];
        titles.sort_by_key(|t| collation_key(t));
        assert_eq!(titles, ["Абетка", "Гроші", "Ґанок", "Єнот", "Інструкція", "Їжак", "Ясно", "Apple", "Zebra"]);
    }

    #[test]
    fn sort_keys_keep_the_alphabet_order_in_bytes() {
        let mut titles = vec![
            "Ясно",
            "їжак",
            "Ґанок",
            "Єнот",
            "Інструкція",
            "Гроші",
            "Абетка",
            "Zebra",
            "apple",
            "2 FA",
            "«Лапки»",
            "日本",
        ];
        let mut by_key = titles.clone();
        titles.sort_by_key(|t| collation_key(t));
        by_key.sort_by_key(|t| sort_key(t));
        assert_eq!(titles, by_key);
        assert!(sort_key("Гроші").bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(sort_key(&"Я".repeat(200)).len() <= SORT_KEY_CHARS * 6);
    }

    #[test]
    fn three_way_merge_of_cyrillic_edits_on_different_lines() {
        let base = "Перший рядок\nДругий рядок\nТретій рядок\n";
        let ours = "Перший рядок (змінено)\nДругий рядок\nТретій рядок\n";
        let theirs = "Перший рядок\nДругий рядок\nТретій рядок — оновлено\n";
        assert_eq!(
            diffy::merge(base, ours, theirs).unwrap(),
            "Перший рядок (змінено)\nДругий рядок\nТретій рядок — оновлено\n"
        );
        let clash = "Перший рядок (інакше)\nДругий рядок\nТретій рядок\n";
        assert!(diffy::merge(base, ours, clash).is_err());
    }
}
