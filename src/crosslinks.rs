//! The one place that knows how posts and articles point at each other.
//!
//! Markdown is rendered once, at write time, but a `[[link]]` looks
//! different depending on whether its target exists. So rendering here is
//! two passes: collect the links and mentions, look them up in one query
//! each, render again with the answers. The links found are recorded as
//! typed edges in the `links` table, which answers "what links here" and
//! lets a page that appears later turn its red links blue.

use std::collections::HashSet;

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};

use crate::entities::{articles, links, posts, redirects, revisions, users};
use crate::error::AppResult;
use crate::markdown::{self, LinkResolver, Rendered};
use crate::wiki::title::Title;

pub const ARTICLE: &str = "article";
pub const POST: &str = "post";

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

/// The article a key names, directly or through a redirect.
async fn article_id_for(db: &impl ConnectionTrait, key: &str) -> AppResult<Option<i64>> {
    if let Some(id) = articles::Entity::find()
        .select_only()
        .column(articles::Column::Id)
        .filter(articles::Column::TitleKey.eq(key))
        .into_tuple::<i64>()
        .one(db)
        .await?
    {
        return Ok(Some(id));
    }
    Ok(redirects::Entity::find_by_id(key.to_owned()).one(db).await?.map(|r| r.article_id))
}

/// Replaces the recorded outgoing links of one post or article.
pub async fn record(
    db: &impl ConnectionTrait,
    source_kind: &str,
    source_id: i64,
    rendered: &Rendered,
) -> AppResult<()> {
    links::Entity::delete_many()
        .filter(links::Column::SourceKind.eq(source_kind))
        .filter(links::Column::SourceId.eq(source_id))
        .exec(db)
        .await?;
    for l in &rendered.wiki_links {
        let key = l.title.key().to_owned();
        let target = article_id_for(db, &key).await?;
        links::ActiveModel {
            source_kind: Set(source_kind.to_owned()),
            source_id: Set(source_id),
            target_kind: Set(ARTICLE.to_owned()),
            target_key: Set(key),
            target_id: Set(target),
            ..Default::default()
        }
        .insert(db)
        .await?;
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
