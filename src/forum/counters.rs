//! The one place that keeps the forum's denormalized counters, so lists are
//! one indexed query and never count rows.
//!
//! What each counter means (and what `veche check` verifies):
//! - a topic's `post_count`: its posts not deleted (hidden and held count);
//!   `reply_count`: that minus the opening post; `like_count`: the likes of
//!   those posts; `highest_post_number`: the highest number ever given in
//!   it (deleted posts keep theirs); `last_posted_at` / `last_post_user_id`:
//!   the newest post not deleted (the topic's own start when there is none);
//!   `solved_post_id`: a post of the topic that is not deleted, or nothing.
//! - a category's `topic_count`: its topics not deleted; `post_count`: the
//!   sum of their `post_count` (subcategories count on their own).
//!
//! Frequent writes (a reply, a like) move the counters by one in the
//! writer's transaction; rare ones (moderation: delete, restore, move,
//! merge, split) recompute the topics and categories they touched, in their
//! transaction, from the rows themselves.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
    Statement,
};
use time::OffsetDateTime;

use crate::entities::{categories, posts, topics};
use crate::error::{AppError, AppResult};

/// `?` placeholders as the backend wants them.
fn stmt(db: &impl ConnectionTrait, sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    let backend = db.get_database_backend();
    let sql = if backend == DatabaseBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(c);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// A topic's counters as its rows say they should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicCounts {
    pub post_count: i32,
    pub reply_count: i32,
    pub like_count: i32,
    pub highest_post_number: i32,
    pub last_posted_at: OffsetDateTime,
    pub last_post_user_id: i64,
    pub solved_post_id: Option<i64>,
}

#[derive(FromQueryResult)]
struct Sums {
    posts: i64,
    likes: i64,
    highest: i64,
}

fn i32_of(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Computes what a topic's counters should be (three indexed queries).
pub async fn computed(db: &impl ConnectionTrait, topic: &topics::Model) -> AppResult<TopicCounts> {
    let sums = Sums::find_by_statement(stmt(
        db,
        "SELECT COALESCE(SUM(CASE WHEN deleted THEN 0 ELSE 1 END), 0) AS posts, \
         COALESCE(SUM(CASE WHEN deleted THEN 0 ELSE like_count END), 0) AS likes, \
         CAST(COALESCE(MAX(post_number), 0) AS BIGINT) AS highest FROM posts WHERE topic_id = ?",
        vec![topic.id.into()],
    ))
    .one(db)
    .await?
    .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no aggregate row")))?;
    let last = posts::Entity::find()
        .select_only()
        .columns([posts::Column::CreatedAt, posts::Column::UserId])
        .filter(posts::Column::TopicId.eq(topic.id))
        .filter(posts::Column::Deleted.eq(false))
        .order_by_desc(posts::Column::CreatedAt)
        .order_by_desc(posts::Column::Id)
        .limit(1)
        .into_tuple::<(OffsetDateTime, i64)>()
        .one(db)
        .await?;
    let solved = match topic.solved_post_id {
        None => None,
        Some(pid) => posts::Entity::find_by_id(pid)
            .filter(posts::Column::TopicId.eq(topic.id))
            .filter(posts::Column::Deleted.eq(false))
            .filter(posts::Column::PostNumber.gt(1))
            .one(db)
            .await?
            .map(|p| p.id),
    };
    let post_count = i32_of(sums.posts);
    let (last_posted_at, last_post_user_id) = last.unwrap_or((topic.created_at, topic.user_id));
    Ok(TopicCounts {
        post_count,
        reply_count: Ord::max(post_count - 1, 0),
        like_count: i32_of(sums.likes),
        highest_post_number: i32_of(sums.highest),
        last_posted_at,
        last_post_user_id,
        solved_post_id: solved,
    })
}

fn stored(t: &topics::Model) -> TopicCounts {
    TopicCounts {
        post_count: t.post_count,
        reply_count: t.reply_count,
        like_count: t.like_count,
        highest_post_number: t.highest_post_number,
        last_posted_at: t.last_posted_at,
        last_post_user_id: t.last_post_user_id,
        solved_post_id: t.solved_post_id,
    }
}

/// Recomputes one topic's counters from its posts.
pub async fn refresh_topic(db: &impl ConnectionTrait, topic_id: i64) -> AppResult<()> {
    let Some(t) = topics::Entity::find_by_id(topic_id).one(db).await? else { return Ok(()) };
    let c = computed(db, &t).await?;
    if c == stored(&t) {
        return Ok(());
    }
    topics::Entity::update_many()
        .col_expr(topics::Column::PostCount, Expr::value(c.post_count))
        .col_expr(topics::Column::ReplyCount, Expr::value(c.reply_count))
        .col_expr(topics::Column::LikeCount, Expr::value(c.like_count))
        .col_expr(topics::Column::HighestPostNumber, Expr::value(c.highest_post_number))
        .col_expr(topics::Column::LastPostedAt, Expr::value(c.last_posted_at))
        .col_expr(topics::Column::LastPostUserId, Expr::value(c.last_post_user_id))
        .col_expr(topics::Column::SolvedPostId, Expr::value(c.solved_post_id))
        .filter(topics::Column::Id.eq(topic_id))
        .exec(db)
        .await?;
    Ok(())
}

#[derive(FromQueryResult)]
struct CategorySums {
    topics: i64,
    posts: i64,
}

async fn computed_category(db: &impl ConnectionTrait, category_id: i64) -> AppResult<(i32, i32)> {
    let s = CategorySums::find_by_statement(stmt(
        db,
        "SELECT COUNT(*) AS topics, COALESCE(SUM(post_count), 0) AS posts FROM topics \
         WHERE category_id = ? AND deleted = ?",
        vec![category_id.into(), false.into()],
    ))
    .one(db)
    .await?
    .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no aggregate row")))?;
    Ok((i32_of(s.topics), i32_of(s.posts)))
}

/// Recomputes one category's counters from its topics.
pub async fn refresh_category(db: &impl ConnectionTrait, category_id: i64) -> AppResult<()> {
    let (topic_count, post_count) = computed_category(db, category_id).await?;
    categories::Entity::update_many()
        .col_expr(categories::Column::TopicCount, Expr::value(topic_count))
        .col_expr(categories::Column::PostCount, Expr::value(post_count))
        .filter(categories::Column::Id.eq(category_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Recomputes topics, then the categories they are (and were) in.
pub async fn refresh(db: &impl ConnectionTrait, topic_ids: &[i64], category_ids: &[i64]) -> AppResult<()> {
    let mut cats: Vec<i64> = category_ids.to_vec();
    for id in topic_ids {
        refresh_topic(db, *id).await?;
        if let Some(t) = topics::Entity::find_by_id(*id).one(db).await? {
            cats.push(t.category_id);
        }
    }
    cats.sort_unstable();
    cats.dedup();
    for c in cats {
        refresh_category(db, c).await?;
    }
    Ok(())
}

/// A new topic with its opening post (the topic row starts at one post).
pub async fn topic_opened(db: &impl ConnectionTrait, category_id: i64) -> AppResult<()> {
    bump_category(db, category_id, 1, 1).await
}

/// Claims the next post number of a live topic and counts the reply.
/// Returns the number and the topic's category. On PostgreSQL the row lock
/// taken here serializes concurrent replies to one topic.
pub async fn reply_added(
    db: &impl ConnectionTrait,
    topic_id: i64,
    user_id: i64,
    now: OffsetDateTime,
) -> AppResult<i32> {
    let claimed = topics::Entity::update_many()
        .col_expr(topics::Column::HighestPostNumber, Expr::col(topics::Column::HighestPostNumber).add(1))
        .col_expr(topics::Column::PostCount, Expr::col(topics::Column::PostCount).add(1))
        .col_expr(topics::Column::ReplyCount, Expr::col(topics::Column::ReplyCount).add(1))
        .col_expr(topics::Column::LastPostedAt, Expr::value(now))
        .col_expr(topics::Column::LastPostUserId, Expr::value(user_id))
        .filter(topics::Column::Id.eq(topic_id))
        .filter(topics::Column::Deleted.eq(false))
        .exec_with_returning(db)
        .await?;
    let t = claimed.into_iter().next().ok_or(AppError::NotFound)?;
    bump_category(db, t.category_id, 0, 1).await?;
    Ok(t.highest_post_number)
}

/// A like given (`1`) or taken back (`-1`) on a post that is not deleted.
pub async fn like_changed(db: &impl ConnectionTrait, post_id: i64, topic_id: i64, delta: i32) -> AppResult<()> {
    posts::Entity::update_many()
        .col_expr(posts::Column::LikeCount, Expr::col(posts::Column::LikeCount).add(delta))
        .filter(posts::Column::Id.eq(post_id))
        .exec(db)
        .await?;
    topics::Entity::update_many()
        .col_expr(topics::Column::LikeCount, Expr::col(topics::Column::LikeCount).add(delta))
        .filter(topics::Column::Id.eq(topic_id))
        .exec(db)
        .await?;
    Ok(())
}

async fn bump_category(
    db: &impl ConnectionTrait,
    category_id: i64,
    topics_delta: i32,
    posts_delta: i32,
) -> AppResult<()> {
    categories::Entity::update_many()
        .col_expr(categories::Column::TopicCount, Expr::col(categories::Column::TopicCount).add(topics_delta))
        .col_expr(categories::Column::PostCount, Expr::col(categories::Column::PostCount).add(posts_delta))
        .filter(categories::Column::Id.eq(category_id))
        .exec(db)
        .await?;
    Ok(())
}

/// One counter that disagrees with the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// `topic`, `category`, `section` (of the guides) or `search` (the
    /// corpus numbers of one kind of search document).
    pub kind: &'static str,
    pub id: i64,
    pub stored: String,
    pub computed: String,
}

/// Compares every stored counter with the rows (`veche check`).
pub async fn check(db: &impl ConnectionTrait) -> AppResult<Vec<Drift>> {
    let mut drift = Vec::new();
    let mut after = 0;
    loop {
        let batch = topics::Entity::find()
            .filter(topics::Column::Id.gt(after))
            .order_by_asc(topics::Column::Id)
            .limit(500)
            .all(db)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for t in &batch {
            let c = computed(db, t).await?;
            let s = stored(t);
            if c != s {
                drift.push(Drift { kind: "topic", id: t.id, stored: format!("{s:?}"), computed: format!("{c:?}") });
            }
        }
    }
    for c in categories::Entity::find().order_by_asc(categories::Column::Id).all(db).await? {
        let (topics, posts) = computed_category(db, c.id).await?;
        if (topics, posts) != (c.topic_count, c.post_count) {
            drift.push(Drift {
                kind: "category",
                id: c.id,
                stored: format!("topics {} posts {}", c.topic_count, c.post_count),
                computed: format!("topics {topics} posts {posts}"),
            });
        }
    }
    for (id, stored, computed) in crate::wiki::sections::count_drift(db).await? {
        drift.push(Drift {
            kind: "section",
            id,
            stored: format!("guides {stored}"),
            computed: format!("guides {computed}"),
        });
    }
    for (kind, stored, computed) in crate::search::index::stats_drift(db).await? {
        drift.push(Drift {
            kind: "search",
            id: 0,
            stored: format!("{kind} {stored:?}"),
            computed: format!("{kind} {computed:?}"),
        });
    }
    Ok(drift)
}

/// Sets every drifting counter to what the rows say (`veche check --repair`).
pub async fn repair(db: &impl ConnectionTrait) -> AppResult<usize> {
    let drift = check(db).await?;
    for d in drift.iter().filter(|d| d.kind == "topic") {
        refresh_topic(db, d.id).await?;
    }
    for d in drift.iter().filter(|d| d.kind == "category") {
        refresh_category(db, d.id).await?;
    }
    for d in drift.iter().filter(|d| d.kind == "section") {
        crate::wiki::sections::refresh_count(db, d.id).await?;
    }
    if drift.iter().any(|d| d.kind == "search") {
        crate::search::index::repair_stats(db).await?;
    }
    Ok(drift.len())
}
