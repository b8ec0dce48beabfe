//! Topic lists: one indexed query per page, keyset-paginated (a cursor in
//! the URL, never OFFSET), so a page costs the same deep in the list and
//! stays stable while new topics arrive.

use sea_orm::sea_query::{Expr, ExprTrait, IntoCondition};
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::db::Db;
use crate::entities::{categories, topic_reads, topics, users};
use crate::error::{AppError, AppResult};
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

/// Where the next page starts: the sort key of the last row shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// One page of topics.
pub async fn topics(db: &Db, q: &ListQuery) -> AppResult<TopicList> {
    let viewer = q.viewer.unwrap_or(0);
    let mut select = topics::Entity::find()
        .select_only()
        .columns([
            topics::Column::Id,
            topics::Column::Title,
            topics::Column::ReplyCount,
            topics::Column::LikeCount,
            topics::Column::HighestPostNumber,
            topics::Column::CreatedAt,
            topics::Column::LastPostedAt,
            topics::Column::Pinned,
            topics::Column::PinnedGlobally,
            topics::Column::Closed,
            topics::Column::SolvedPostId,
        ])
        .column_as(categories::Column::Slug, "category_slug")
        .column_as(categories::Column::Name, "category_name")
        .column_as(categories::Column::Color, "category_color")
        .column_as(Expr::col(("author", users::Column::Username)), "author")
        .column_as(Expr::col(("last_poster", users::Column::Username)), "last_poster")
        .column_as(Expr::col((topic_reads::Entity, topic_reads::Column::LastReadPostNumber)), "last_read")
        .join(JoinType::InnerJoin, topics::Relation::Category.def())
        .join_as(JoinType::InnerJoin, topics::Relation::Author.def(), "author")
        .join_as(JoinType::InnerJoin, topics::Relation::LastPoster.def(), "last_poster")
        .join(
            JoinType::LeftJoin,
            topics::Relation::Reads.def().on_condition(move |_, right| {
                Expr::col((right, topic_reads::Column::UserId)).eq(viewer).into_condition()
            }),
        )
        .filter(topics::Column::Deleted.eq(false));
    if let Some(cats) = &q.categories {
        select = select.filter(topics::Column::CategoryId.is_in(cats.clone()));
    }
    if !q.include_hidden {
        select = select.filter(topics::Column::Hidden.eq(false));
    }
    let pin_col = if q.categories.is_some() { topics::Column::Pinned } else { topics::Column::PinnedGlobally };
    let t = |c: topics::Column| Expr::col((topics::Entity, c));
    match q.sort {
        Sort::Latest => {
            if let Some(c) = q.cursor {
                let ts = from_unix_micros(c.key).ok_or_else(|| AppError::bad_request("err-link-damaged"))?;
                select = select.filter(
                    Expr::tuple([t(pin_col), t(topics::Column::LastPostedAt), t(topics::Column::Id)])
                        .lt(Expr::tuple([Expr::val(c.pinned), Expr::val(ts), Expr::val(c.id)])),
                );
            }
            select = select
                .order_by_desc(pin_col)
                .order_by_desc(topics::Column::LastPostedAt)
                .order_by_desc(topics::Column::Id);
        }
        Sort::New => {
            if let Some(c) = q.cursor {
                let ts = from_unix_micros(c.key).ok_or_else(|| AppError::bad_request("err-link-damaged"))?;
                select = select.filter(
                    Expr::tuple([t(topics::Column::CreatedAt), t(topics::Column::Id)])
                        .lt(Expr::tuple([Expr::val(ts), Expr::val(c.id)])),
                );
            }
            select = select.order_by_desc(topics::Column::CreatedAt).order_by_desc(topics::Column::Id);
        }
        Sort::Top => {
            let score = t(topics::Column::ReplyCount).add(t(topics::Column::LikeCount));
            if let Some(since) = q.since {
                select = select.filter(topics::Column::CreatedAt.gte(since));
            }
            if let Some(c) = q.cursor {
                select = select.filter(
                    Expr::tuple([score.clone(), t(topics::Column::Id)])
                        .lt(Expr::tuple([Expr::val(c.key), Expr::val(c.id)])),
                );
            }
            select = select.order_by_desc(score).order_by_desc(topics::Column::Id);
        }
    }
    let mut rows = select.limit(q.limit + 1).into_model::<TopicRow>().all(db.read()).await?;
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

/// The newest topics (of some categories), for Atom feeds: one query.
pub async fn feed(db: &Db, categories: Option<Vec<i64>>, limit: u64) -> AppResult<Vec<FeedRow>> {
    use crate::entities::posts;
    let mut select = topics::Entity::find()
        .select_only()
        .columns([topics::Column::Id, topics::Column::Title, topics::Column::CreatedAt, topics::Column::LastPostedAt])
        .column_as(users::Column::Username, "author")
        .column_as(posts::Column::Html, "html")
        .join(JoinType::InnerJoin, topics::Relation::Author.def())
        .join(
            JoinType::InnerJoin,
            topics::Relation::Posts
                .def()
                .on_condition(|_, right| Expr::col((right, posts::Column::PostNumber)).eq(1).into_condition()),
        )
        .filter(topics::Column::Deleted.eq(false))
        .filter(topics::Column::Hidden.eq(false))
        // Hidden content never leaks into feeds.
        .filter(posts::Column::Hidden.eq(false));
    if let Some(cats) = categories {
        select = select.filter(topics::Column::CategoryId.is_in(cats));
    }
    Ok(select
        .order_by_desc(topics::Column::CreatedAt)
        .order_by_desc(topics::Column::Id)
        .limit(limit)
        .into_model::<FeedRow>()
        .all(db.read())
        .await?)
}
