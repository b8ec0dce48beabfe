//! What readers who do not know what to ask browse: the most read and the
//! recently updated guides, and a guide's neighbours ("see also"). Each is
//! one statement driven by an index (see [`crate::sql`]).

use sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult, Statement};
use serde::Serialize;
use time::OffsetDateTime;

use crate::db::Db;
use crate::error::AppResult;
use crate::sql::Sql;

/// A guide in a short list.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct GuideLine {
    pub id: i64,
    pub title: String,
    pub views: i64,
    pub updated_at: OffsetDateTime,
}

/// Which order a short list of guides follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    MostRead,
    RecentlyUpdated,
}

pub fn guides_statement(backend: DatabaseBackend, order: Order, limit: u64) -> Statement {
    let (index, key, filter) = match order {
        Order::MostRead => ("idx_articles_views", "a.views", " WHERE a.views > 0"),
        Order::RecentlyUpdated => ("idx_articles_updated", "a.updated_at", ""),
    };
    let mut sql = Sql::new(backend);
    sql.push("SELECT a.id, a.title, a.views, a.updated_at FROM ").table("articles", "a", Some(index));
    sql.push(filter).push(" ORDER BY ").push(key).push(" DESC, a.id DESC LIMIT ");
    sql.int(i64::try_from(limit).unwrap_or(i64::MAX));
    sql.build()
}

/// The first `limit` guides in `order`.
pub async fn guides(db: &Db, order: Order, limit: u64) -> AppResult<Vec<GuideLine>> {
    let stmt = guides_statement(db.read().get_database_backend(), order, limit);
    Ok(GuideLine::find_by_statement(stmt).all(db.read()).await?)
}

/// A guide near another one.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct Neighbour {
    pub id: i64,
    pub title: Option<String>,
    pub score: i64,
}

/// Link rows read through the guides this one links to: enough to rank
/// neighbours, bounded when a linked guide is linked from everywhere.
const CO_CITATIONS_READ: i64 = 400;

/// Guides that share links with `article`: those it links to and those
/// that link to it (weight 3 each), and those that link to what it links to
/// (1 for each such guide). Red links (guides not written) count for none.
pub fn see_also_statement(backend: DatabaseBackend, article: i64, limit: u64) -> Statement {
    let mut sql = Sql::new(backend);
    sql.push("/* bounded: the links around one guide */ SELECT n.id, ");
    sql.lookup("title", "articles", "id", "n.id", "title");
    sql.push(", SUM(n.w) AS score FROM (");
    // What it links to.
    sql.push("SELECT o.target_id AS id, 3 AS w FROM ").table("links", "o", Some("idx_links_source_target"));
    sql.push(" WHERE o.source_kind = 'article' AND o.source_id = ").bind(article);
    sql.push(" AND o.target_kind = 'article' AND o.target_id IS NOT NULL");
    // What links to it.
    sql.push(" UNION ALL SELECT i.source_id AS id, 3 AS w FROM ").table("links", "i", Some("idx_links_target_source"));
    sql.push(" WHERE i.target_kind = 'article' AND i.target_id = ").bind(article);
    sql.push(" AND i.source_kind = 'article'");
    // What links to what it links to.
    sql.push(" UNION ALL SELECT * FROM (SELECT c.source_id AS id, 1 AS w FROM ");
    sql.table("links", "t", Some("idx_links_source_target"));
    sql.join().table("links", "c", Some("idx_links_target_source"));
    sql.push(" ON c.target_kind = 'article' AND c.target_id = t.target_id AND c.source_kind = 'article'");
    sql.push(" WHERE t.source_kind = 'article' AND t.source_id = ").bind(article);
    sql.push(" AND t.target_kind = 'article' AND t.target_id IS NOT NULL LIMIT ").int(CO_CITATIONS_READ);
    sql.push(") co) n WHERE n.id <> ").bind(article);
    sql.push(" GROUP BY n.id ORDER BY score DESC, n.id LIMIT ").int(i64::try_from(limit).unwrap_or(i64::MAX));
    sql.build()
}

/// Up to `limit` guides that share links with `article`, closest first
/// (one query over the link table's two indexes).
pub async fn see_also(db: &impl ConnectionTrait, article: i64, limit: u64) -> AppResult<Vec<(i64, String)>> {
    let stmt = see_also_statement(db.get_database_backend(), article, limit);
    Ok(Neighbour::find_by_statement(stmt)
        .all(db)
        .await?
        .into_iter()
        // A guide that is gone (its row deleted) has no title: never shown.
        .filter_map(|n| n.title.map(|t| (n.id, t)))
        .collect())
}
