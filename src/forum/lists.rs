//! Topic lists: one indexed query per page, keyset-paginated (a cursor in
//! the URL, never OFFSET), so a page costs the same deep in the list and
//! stays stable while new topics arrive. The statements are written out (see
//! [`crate::sql`]) so their plans do not depend on planner statistics.

use sea_orm::{DatabaseBackend, FromQueryResult, Statement};
use serde::Serialize;
use time::OffsetDateTime;

use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::sql::Sql;
use crate::util::{from_unix_micros, unix_micros};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Latest activity, pinned topics first.
    Latest,
    /// Newest topics.
    New,
    /// Most replies and likes among topics opened in a period.
    Top,
}

impl Sort {
    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "" | "latest" => Some(Sort::Latest),
            "new" => Some(Sort::New),
            "top" => Some(Sort::Top),
            _ => None,
        }
    }
}

/// Where the next page starts: the sort key of the last row shown. Ordered
/// like the list (descending).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub pinned: bool,
    pub key: i64,
    pub id: i64,
}

impl Cursor {
    /// `p.key.id`, e.g. `0.1732471234123456.42`.
    pub fn encode(&self) -> String {
        format!("{}.{}.{}", u8::from(self.pinned), self.key, self.id)
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        let mut it = s.split('.');
        let pinned = match it.next()? {
            "0" => false,
            "1" => true,
            _ => return None,
        };
        let key = it.next()?.parse().ok()?;
        let id = it.next()?.parse().ok()?;
        it.next().is_none().then_some(Cursor { pinned, key, id })
    }
}

#[derive(Debug, Clone)]
pub struct ListQuery {
    /// Topics of these categories only (a category and its children).
    pub categories: Option<Vec<i64>>,
    pub sort: Sort,
    /// For `Top`: only topics opened after this.
    pub since: Option<OffsetDateTime>,
    pub cursor: Option<Cursor>,
    pub viewer: Option<i64>,
    pub limit: u64,
    /// Staff see topics whose opening post is hidden.
    pub include_hidden: bool,
}

#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct TopicRow {
    pub id: i64,
    pub title: String,
    pub category_slug: String,
    pub category_name: String,
    pub category_color: String,
    pub author: String,
    pub last_poster: String,
    pub reply_count: i32,
    pub like_count: i32,
    pub highest_post_number: i32,
    pub created_at: OffsetDateTime,
    pub last_posted_at: OffsetDateTime,
    pub pinned: bool,
    pub pinned_globally: bool,
    pub closed: bool,
    pub solved_post_id: Option<i64>,
    pub last_read: Option<i32>,
}

pub struct TopicList {
    pub topics: Vec<TopicRow>,
    pub next: Option<Cursor>,
}

fn sort_key(q: &ListQuery, row: &TopicRow) -> Cursor {
    match q.sort {
        Sort::Latest => Cursor {
            pinned: if q.categories.is_some() { row.pinned } else { row.pinned_globally },
            key: unix_micros(row.last_posted_at),
            id: row.id,
        },
        Sort::New => Cursor { pinned: false, key: unix_micros(row.created_at), id: row.id },
        Sort::Top => Cursor { pinned: false, key: i64::from(row.reply_count + row.like_count), id: row.id },
    }
}

/// The index that orders a list, and its sort columns.
struct Order {
    index: &'static str,
    /// Sort key columns, most significant first; all descending.
    key: &'static [&'static str],
}

fn order(q: &ListQuery, in_category: bool) -> Order {
    match (q.sort, in_category) {
        (Sort::Latest, false) => {
            Order { index: "idx_topics_latest", key: &["t.pinned_globally", "t.last_posted_at", "t.id"] }
        }
        (Sort::Latest, true) => {
            Order { index: "idx_topics_category_latest", key: &["t.pinned", "t.last_posted_at", "t.id"] }
        }
        (Sort::New, false) => Order { index: "idx_topics_created", key: &["t.created_at", "t.id"] },
        (Sort::New, true) => Order { index: "idx_topics_category_created", key: &["t.created_at", "t.id"] },
        // A period is a range of the creation index, sorted by score; all
        // time is the score index itself.
        (Sort::Top, false) => Order {
            index: if q.since.is_some() { "idx_topics_created" } else { "idx_topics_top" },
            key: &["(t.reply_count + t.like_count)", "t.id"],
        },
        (Sort::Top, true) => Order {
            index: if q.since.is_some() { "idx_topics_category_created" } else { "idx_topics_category_top" },
            key: &["(t.reply_count + t.like_count)", "t.id"],
        },
    }
}

/// One index-ordered arm: up to `limit` topics of one category (or of all)
/// after the cursor, each row's category, authors and read position looked
/// up by key.
fn arm(sql: &mut Sql, q: &ListQuery, category: Option<i64>, limit: u64) -> AppResult<()> {
    let o = order(q, category.is_some());
    sql.push(
        "SELECT t.id, t.title, t.reply_count, t.like_count, t.highest_post_number, t.created_at, \
         t.last_posted_at, t.pinned, t.pinned_globally, t.closed, t.solved_post_id, ",
    );
    sql.lookup("slug", "categories", "id", "t.category_id", "category_slug").push(", ");
    sql.lookup("name", "categories", "id", "t.category_id", "category_name").push(", ");
    sql.lookup("color", "categories", "id", "t.category_id", "category_color").push(", ");
    sql.lookup("username", "users", "id", "t.user_id", "author").push(", ");
    sql.lookup("username", "users", "id", "t.last_post_user_id", "last_poster").push(", ");
    match q.viewer {
        Some(v) => {
            sql.push("(SELECT r.last_read_post_number FROM topic_reads r WHERE r.user_id = ").bind(v);
            sql.push(" AND r.topic_id = t.id) AS last_read");
        }
        None => {
            sql.push("CAST(NULL AS INTEGER) AS last_read");
        }
    }
    sql.push(" FROM ").table("topics", "t", Some(o.index)).push(" WHERE t.deleted = false");
    if !q.include_hidden {
        sql.push(" AND t.hidden = false");
    }
    if let Some(c) = category {
        sql.push(" AND t.category_id = ").bind(c);
    }
    if q.sort == Sort::Top
        && let Some(since) = q.since
    {
        sql.push(" AND t.created_at >= ").bind(since);
    }
    if let Some(c) = q.cursor {
        sql.push(" AND (").push(&o.key.join(", ")).push(") < (");
        match q.sort {
            Sort::Latest => {
                let ts = from_unix_micros(c.key).ok_or_else(|| AppError::bad_request("err-link-damaged"))?;
                sql.bind(c.pinned).push(", ").bind(ts);
            }
            Sort::New => {
                let ts = from_unix_micros(c.key).ok_or_else(|| AppError::bad_request("err-link-damaged"))?;
                sql.bind(ts);
            }
            Sort::Top => {
                sql.bind(c.key);
            }
        }
        sql.push(", ").bind(c.id).push(")");
    }
    sql.push(" ORDER BY ").push(&o.key.iter().map(|k| format!("{k} DESC")).collect::<Vec<_>>().join(", "));
    sql.push(" LIMIT ").int(i64::try_from(limit).unwrap_or(i64::MAX));
    Ok(())
}

/// The statement behind [`topics`]: one index-ordered arm, or one per
/// category (a category and its children), merged in Rust.
pub fn topics_statement(backend: DatabaseBackend, q: &ListQuery) -> AppResult<Statement> {
    let mut sql = Sql::new(backend);
    if q.sort == Sort::Top && q.since.is_some() {
        sql.push("/* bounded: topics opened in one period */ ");
    }
    match q.categories.as_deref() {
        None => arm(&mut sql, q, None, q.limit + 1)?,
        Some([]) => {
            // No category: an arm that finds nothing.
            arm(&mut sql, q, Some(0), 0)?;
        }
        Some(cats) => {
            for (i, c) in cats.iter().enumerate() {
                if i > 0 {
                    sql.push(" UNION ALL ");
                }
                sql.push("SELECT * FROM (");
                arm(&mut sql, q, Some(*c), q.limit + 1)?;
                sql.push(") a").int(i as i64);
            }
        }
    }
    Ok(sql.build())
}

/// One page of topics.
pub async fn topics(db: &Db, q: &ListQuery) -> AppResult<TopicList> {
    let stmt = topics_statement(db.read().get_database_backend(), q)?;
    let mut rows = TopicRow::find_by_statement(stmt).all(db.read()).await?;
    rows.sort_unstable_by_key(|r| std::cmp::Reverse(sort_key(q, r)));
    let next = if rows.len() as u64 > q.limit {
        rows.truncate(q.limit as usize);
        rows.last().map(|r| sort_key(q, r))
    } else {
        None
    };
    Ok(TopicList { topics: rows, next })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let c = Cursor { pinned: true, key: 1_732_471_234_123_456, id: 42 };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        for bad in ["", "1", "2.1.1", "0.x.1", "0.1.1.1", "0.1.", "<script>"] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}

/// A topic for a feed: its opening post's HTML included.
#[derive(Debug, Clone, FromQueryResult)]
pub struct FeedRow {
    pub id: i64,
    pub title: String,
    pub author: String,
    pub created_at: OffsetDateTime,
    pub last_posted_at: OffsetDateTime,
    pub html: String,
}

/// A feed row before hidden opening posts are left out.
#[derive(FromQueryResult)]
struct FeedCandidate {
    id: i64,
    title: String,
    author: String,
    created_at: OffsetDateTime,
    last_posted_at: OffsetDateTime,
    html: Option<String>,
    opening_hidden: Option<bool>,
}

/// The statement behind [`feed`].
pub fn feed_statement(backend: DatabaseBackend, categories: Option<&[i64]>, limit: u64) -> Statement {
    let mut sql = Sql::new(backend);
    let arm = |sql: &mut Sql, category: Option<i64>| {
        let index = if category.is_some() { "idx_topics_category_created" } else { "idx_topics_created" };
        sql.push("SELECT t.id, t.title, t.created_at, t.last_posted_at, ");
        sql.lookup("username", "users", "id", "t.user_id", "author").push(", ");
        sql.push("(SELECT p.html FROM posts p WHERE p.topic_id = t.id AND p.post_number = 1) AS html, ");
        sql.push("(SELECT p.hidden FROM posts p WHERE p.topic_id = t.id AND p.post_number = 1) AS opening_hidden");
        sql.push(" FROM ").table("topics", "t", Some(index));
        sql.push(" WHERE t.deleted = false AND t.hidden = false");
        if let Some(c) = category {
            sql.push(" AND t.category_id = ").bind(c);
        }
        sql.push(" ORDER BY t.created_at DESC, t.id DESC LIMIT ").int(i64::try_from(limit).unwrap_or(i64::MAX));
    };
    match categories {
        None => arm(&mut sql, None),
        Some(cats) => {
            for (i, c) in cats.iter().enumerate() {
                if i > 0 {
                    sql.push(" UNION ALL ");
                }
                sql.push("SELECT * FROM (");
                arm(&mut sql, Some(*c));
                sql.push(") a").int(i as i64);
            }
            if cats.is_empty() {
                arm(&mut sql, Some(0));
            }
        }
    }
    sql.build()
}

/// The newest topics (of some categories), for Atom feeds: one query.
pub async fn feed(db: &Db, categories: Option<Vec<i64>>, limit: u64) -> AppResult<Vec<FeedRow>> {
    let stmt = feed_statement(db.read().get_database_backend(), categories.as_deref(), limit);
    let mut rows: Vec<FeedRow> = FeedCandidate::find_by_statement(stmt)
        .all(db.read())
        .await?
        .into_iter()
        // Hidden content never leaks into feeds.
        .filter(|c| c.opening_hidden == Some(false))
        .map(|c| FeedRow {
            id: c.id,
            title: c.title,
            author: c.author,
            created_at: c.created_at,
            last_posted_at: c.last_posted_at,
            html: c.html.unwrap_or_default(),
        })
        .collect();
    rows.sort_unstable_by_key(|r| std::cmp::Reverse((r.created_at, r.id)));
    rows.truncate(limit as usize);
    Ok(rows)
}
