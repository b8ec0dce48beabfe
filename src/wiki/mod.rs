//! The knowledge base: articles with immutable revisions, 3-way merged
//! concurrent edits, reverts and undos, renames with redirects, protection.
//!
//! - [`commands`]: every editor action, one function each;
//! - [`proposals`]: edits of members below the bar, and their review;
//! - this module: reading articles, revisions, history and links.

pub mod commands;
pub mod proposals;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::accounts::User;
use crate::crosslinks;
use crate::db::Db;
use crate::entities::{articles, links, redirects, revisions, users};
use crate::error::{AppError, AppResult};
use crate::policy::{Action, Decision, Policy};
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

fn revision_lines() -> sea_orm::Select<revisions::Entity> {
    revisions::Entity::find()
        .select_only()
        .columns([
            revisions::Column::Id,
            revisions::Column::ParentId,
            revisions::Column::Summary,
            revisions::Column::SummaryCode,
            revisions::Column::SummaryArgs,
            revisions::Column::Minor,
            revisions::Column::Size,
            revisions::Column::SizeDelta,
            revisions::Column::CreatedAt,
        ])
        .column_as(users::Column::Username, "author")
        .column_as(articles::Column::Title, "title")
        .join(JoinType::InnerJoin, revisions::Relation::Author.def())
        .join(JoinType::InnerJoin, revisions::Relation::Article.def())
}

/// An article's revisions, newest first, `limit` from before `before`.
pub async fn history(db: &Db, article: &Article, before: Option<i64>, limit: u64) -> AppResult<Vec<RevisionLine>> {
    let mut q = revision_lines().filter(revisions::Column::ArticleId.eq(article.id));
    if let Some(b) = before {
        q = q.filter(revisions::Column::Id.lt(b));
    }
    Ok(q.order_by_desc(revisions::Column::Id).limit(limit).into_model::<RevisionLine>().all(db.read()).await?)
}

/// A member's guide edits, newest first (the author index).
pub async fn edits_of(db: &Db, user_id: i64, limit: u64) -> AppResult<Vec<RevisionLine>> {
    Ok(revision_lines()
        .filter(revisions::Column::AuthorId.eq(user_id))
        .order_by_desc(revisions::Column::Id)
        .limit(limit)
        .into_model::<RevisionLine>()
        .all(db.read())
        .await?)
}

/// Recent changes across the wiki, newest first.
pub async fn recent_changes(db: &Db, before: Option<i64>, limit: u64) -> AppResult<Vec<RevisionLine>> {
    let mut q = revision_lines();
    if let Some(b) = before {
        q = q.filter(revisions::Column::Id.lt(b));
    }
    Ok(q.order_by_desc(revisions::Column::Id).limit(limit).into_model::<RevisionLine>().all(db.read()).await?)
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
    let ids: Vec<i64> = links::Entity::find()
        .select_only()
        .column(links::Column::SourceId)
        .filter(links::Column::TargetKind.eq(crosslinks::ARTICLE))
        .filter(links::Column::TargetId.eq(article.id))
        .filter(links::Column::SourceKind.eq(crosslinks::ARTICLE))
        .into_tuple::<i64>()
        .all(db.read())
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(articles::Entity::find()
        .select_only()
        .column(articles::Column::Title)
        .filter(articles::Column::Id.is_in(ids))
        .filter(articles::Column::Id.ne(article.id))
        .order_by_asc(articles::Column::Title)
        .into_model::<Backlink>()
        .all(db.read())
        .await?)
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
