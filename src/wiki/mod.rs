//! The knowledge base: articles with immutable revisions, 3-way merged
//! concurrent edits, reverts and undos, renames with redirects, protection.
//! Every write asks `policy` first.

pub mod proposals;
pub mod title;

use anyhow::Context;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, FromQueryResult, JoinType,
    QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set, TransactionTrait,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::accounts::User;
use crate::crosslinks;
use crate::db::Db;
use crate::entities::{articles, links, redirects, revisions, users};
use crate::error::{AppError, AppResult, FormErrors, is_unique_violation};
use crate::policy::{Action, Decision, Denial, Policy};
use title::Title;

pub use articles::Model as Article;
pub use revisions::Model as Revision;

pub const SUMMARY_MAX: usize = 500;

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
        Some(a) if a.protected => match policy.decide(&actor, Action::EditProtectedArticle) {
            Decision::Allow => Decision::Allow,
            // Staff-only: there is no proposal path for a protected page.
            Decision::Propose(d) | Decision::Deny(d) => Decision::Deny(d),
        },
        Some(_) => policy.decide(&actor, Action::EditArticle),
    }
}

fn allow(decision: Decision) -> AppResult<()> {
    match decision {
        Decision::Allow => Ok(()),
        Decision::Propose(d) | Decision::Deny(d) => Err(AppError::Forbidden(d)),
    }
}

fn require(policy: &Policy, user: &User, action: Action) -> AppResult<()> {
    allow(policy.decide(&user.actor(), action))
}

#[derive(Debug, Clone, Default)]
pub struct Edit {
    pub body: String,
    pub summary: String,
    pub minor: bool,
    /// The revision the editor started from; `None` when creating.
    pub base: Option<i64>,
}

#[derive(Debug)]
pub enum Saved {
    /// A new revision; `merged` when other changes made meanwhile were merged in.
    Revision { id: i64, merged: bool },
    /// The text equals the current one: nothing to save.
    Unchanged,
    /// Someone changed the same lines meanwhile: nothing saved.
    Conflict { current: Box<Revision> },
}

pub(crate) fn check_edit(edit: &Edit, max: usize) -> AppResult<()> {
    let mut errors = FormErrors::new();
    let n = edit.body.chars().count();
    if edit.body.trim().is_empty() {
        errors.add("body", "err-body-empty");
    } else if n > max {
        errors.add_with("body", "err-body-long", vec![("max", max.to_string())]);
    }
    if edit.summary.chars().count() > SUMMARY_MAX {
        errors.add_with("summary", "err-summary-long", vec![("max", SUMMARY_MAX.to_string())]);
    }
    errors.into_result()
}

struct NewRevision<'a> {
    article_id: i64,
    parent: Option<&'a Revision>,
    author: &'a User,
    body: &'a str,
    summary: &'a str,
    minor: bool,
    now: OffsetDateTime,
}

async fn insert_revision(txn: &DatabaseTransaction, r: NewRevision<'_>) -> AppResult<Revision> {
    let rendered = crosslinks::render(txn, r.body).await?;
    let size = i32::try_from(r.body.chars().count()).unwrap_or(i32::MAX);
    let toc = serde_json::to_string(&rendered.headings).unwrap_or_else(|_| "[]".into());
    let rev = revisions::ActiveModel {
        article_id: Set(r.article_id),
        parent_id: Set(r.parent.map(|p| p.id)),
        author_id: Set(r.author.id),
        body: Set(r.body.to_owned()),
        html: Set(rendered.html.as_str().to_owned()),
        toc: Set(toc),
        summary: Set(r.summary.trim().to_owned()),
        minor: Set(r.minor),
        size: Set(size),
        size_delta: Set(size - r.parent.map_or(0, |p| p.size)),
        created_at: Set(r.now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    crosslinks::record(txn, crosslinks::ARTICLE, r.article_id, &rendered).await?;
    articles::Entity::update_many()
        .col_expr(articles::Column::Excerpt, Expr::value(crosslinks::excerpt(rendered.html.as_str(), 240)))
        .filter(articles::Column::Id.eq(r.article_id))
        .exec(txn)
        .await?;
    Ok(rev)
}

/// Saves an edit of `title`, creating the article if needed. Concurrent
/// edits from the same base are merged 3-way when they touch different
/// lines; overlapping ones come back as `Conflict` and nothing is saved.
pub async fn save(db: &Db, policy: &Policy, max: usize, user: &User, title: &Title, edit: &Edit) -> AppResult<Saved> {
    save_as(db, Some(policy), max, user, title, edit).await
}

/// Saves as `user`; with `policy: None` the caller has already decided (a
/// reviewer approving a member's proposal, credited to that member).
pub(crate) async fn save_as(
    db: &Db,
    policy: Option<&Policy>,
    max: usize,
    user: &User,
    title: &Title,
    edit: &Edit,
) -> AppResult<Saved> {
    check_edit(edit, max)?;
    for _attempt in 0..8 {
        let txn = db.write().begin().await?;
        let found = find(&txn, title).await?;
        if let Some(policy) = policy {
            allow(edit_decision(policy, Some(user), found.as_ref().map(|f| &f.article)))?;
        }
        let now = crate::util::now();
        let Some(Found { article, .. }) = found else {
            // A new article.
            let inserted = articles::ActiveModel {
                title: Set(title.as_str().to_owned()),
                title_key: Set(title.key().to_owned()),
                current_revision_id: Set(None),
                protected: Set(false),
                revision_count: Set(1),
                discussion_count: Set(0),
                excerpt: Set(String::new()),
                search_key: Set(title.as_str().to_lowercase()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await;
            let article = match inserted {
                Ok(a) => a,
                // Someone created it a moment ago: start over and merge.
                Err(e) if is_unique_violation(&e) => continue,
                Err(e) => return Err(e.into()),
            };
            let rev = insert_revision(
                &txn,
                NewRevision {
                    article_id: article.id,
                    parent: None,
                    author: user,
                    body: &edit.body,
                    summary: &edit.summary,
                    minor: edit.minor,
                    now,
                },
            )
            .await?;
            articles::Entity::update_many()
                .col_expr(articles::Column::CurrentRevisionId, Expr::value(rev.id))
                .filter(articles::Column::Id.eq(article.id))
                .exec(&txn)
                .await?;
            crosslinks::resolve_title(&txn, title.key(), article.id).await?;
            txn.commit().await.context("commit new article")?;
            return Ok(Saved::Revision { id: rev.id, merged: false });
        };
        let cur = current(&txn, &article).await?;
        let (text, merged) = if edit.base == Some(cur.id) {
            (edit.body.clone(), false)
        } else {
            let base_body = match edit.base {
                Some(b) => revisions::Entity::find_by_id(b)
                    .filter(revisions::Column::ArticleId.eq(article.id))
                    .one(&txn)
                    .await?
                    .map(|r| r.body)
                    .unwrap_or_default(),
                None => String::new(),
            };
            match diffy::merge(&base_body, &edit.body, &cur.body) {
                Ok(m) => (m, true),
                Err(_) => return Ok(Saved::Conflict { current: Box::new(cur) }),
            }
        };
        if text == cur.body {
            return Ok(Saved::Unchanged);
        }
        let rev = insert_revision(
            &txn,
            NewRevision {
                article_id: article.id,
                parent: Some(&cur),
                author: user,
                body: &text,
                summary: &edit.summary,
                minor: edit.minor,
                now,
            },
        )
        .await?;
        // Compare-and-swap: only if nobody saved since we read `cur`.
        let swapped = articles::Entity::update_many()
            .col_expr(articles::Column::CurrentRevisionId, Expr::value(rev.id))
            .col_expr(articles::Column::RevisionCount, Expr::col(articles::Column::RevisionCount).add(1))
            .col_expr(articles::Column::UpdatedAt, Expr::value(now))
            .filter(articles::Column::Id.eq(article.id))
            .filter(articles::Column::CurrentRevisionId.eq(cur.id))
            .exec(&txn)
            .await?
            .rows_affected;
        if swapped == 0 {
            txn.rollback().await?;
            continue;
        }
        txn.commit().await.context("commit revision")?;
        return Ok(Saved::Revision { id: rev.id, merged });
    }
    Err(AppError::Conflict("The guide is being edited by many people right now; please save again.".into()))
}

/// A new revision with the text of revision `rev_id`.
pub async fn revert(
    db: &Db,
    policy: &Policy,
    user: &User,
    title: &Title,
    rev_id: i64,
    summary: String,
) -> AppResult<Saved> {
    require(policy, user, Action::RevertArticle)?;
    let Found { article, .. } = find(db.read(), title).await?.ok_or(AppError::NotFound)?;
    let target = revision(db.read(), &article, rev_id).await?;
    let cur = current(db.read(), &article).await?;
    let edit = Edit { body: target.body, summary, minor: false, base: Some(cur.id) };
    save(db, policy, usize::MAX, user, title, &edit).await
}

/// Removes the change made by revision `rev_id` from the current text, if
/// that still applies cleanly.
pub async fn undo(
    db: &Db,
    policy: &Policy,
    user: &User,
    title: &Title,
    rev_id: i64,
    summary: String,
) -> AppResult<Saved> {
    require(policy, user, Action::EditArticle)?;
    let Found { article, .. } = find(db.read(), title).await?.ok_or(AppError::NotFound)?;
    let undone = revision(db.read(), &article, rev_id).await?;
    let before = match undone.parent_id {
        Some(p) => revision(db.read(), &article, p).await?.body,
        None => {
            return Err(AppError::Conflict("The first version of a guide cannot be undone; revert instead.".into()));
        }
    };
    let cur = current(db.read(), &article).await?;
    let text = diffy::merge(&undone.body, &before, &cur.body).map_err(|_| {
        AppError::Conflict("This edit cannot be undone automatically: later edits changed the same lines.".into())
    })?;
    let edit = Edit { body: text, summary, minor: false, base: Some(cur.id) };
    save(db, policy, usize::MAX, user, title, &edit).await
}

/// Renames an article; the old title becomes a redirect.
pub async fn rename(
    db: &Db,
    policy: &Policy,
    user: &User,
    from: &Title,
    to: &Title,
    summary: String,
) -> AppResult<Article> {
    require(policy, user, Action::RenameArticle)?;
    let txn = db.write().begin().await?;
    let article = articles::Entity::find()
        .filter(articles::Column::TitleKey.eq(from.key()))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if article.protected {
        require(policy, user, Action::EditProtectedArticle)?;
    }
    if from.key() == to.key() {
        return Err(AppError::Invalid(FormErrors::one("title", "err-title-same")));
    }
    if let Some(f) = find(&txn, to).await?
        && f.article.id != article.id
    {
        return Err(AppError::Invalid(FormErrors::one("title", "err-title-taken")));
    }
    redirects::Entity::delete_by_id(to.key().to_owned()).exec(&txn).await?;
    let now = crate::util::now();
    let cur = current(&txn, &article).await?;
    let mut am: articles::ActiveModel = article.clone().into();
    am.title = Set(to.as_str().to_owned());
    am.title_key = Set(to.key().to_owned());
    am.search_key = Set(to.as_str().to_lowercase());
    am.updated_at = Set(now);
    let renamed = am.update(&txn).await?;
    redirects::ActiveModel {
        from_key: Set(from.key().to_owned()),
        from_title: Set(from.as_str().to_owned()),
        article_id: Set(article.id),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    // The move shows in the history as a revision with unchanged text.
    let rev = insert_revision(
        &txn,
        NewRevision {
            article_id: article.id,
            parent: Some(&cur),
            author: user,
            body: &cur.body,
            summary: &summary,
            minor: true,
            now,
        },
    )
    .await?;
    articles::Entity::update_many()
        .col_expr(articles::Column::CurrentRevisionId, Expr::value(rev.id))
        .col_expr(articles::Column::RevisionCount, Expr::col(articles::Column::RevisionCount).add(1))
        .filter(articles::Column::Id.eq(article.id))
        .exec(&txn)
        .await?;
    crosslinks::resolve_title(&txn, to.key(), article.id).await?;
    txn.commit().await.context("commit rename")?;
    Ok(renamed)
}

pub async fn set_protected(db: &Db, policy: &Policy, user: &User, title: &Title, protected: bool) -> AppResult<()> {
    require(policy, user, Action::ProtectArticle)?;
    let Found { article, .. } = find(db.read(), title).await?.ok_or(AppError::NotFound)?;
    articles::Entity::update_many()
        .col_expr(articles::Column::Protected, Expr::value(protected))
        .filter(articles::Column::Id.eq(article.id))
        .exec(db.write())
        .await?;
    Ok(())
}

/// A line of history or recent changes: everything but the text.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct RevisionLine {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub summary: String,
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

/// The reason shown to someone who may not edit, for templates.
pub fn denial_of(decision: &Decision) -> Option<&Denial> {
    match decision {
        Decision::Allow => None,
        Decision::Propose(d) | Decision::Deny(d) => Some(d),
    }
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
