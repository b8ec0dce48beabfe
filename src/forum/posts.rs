//! Reading topics and posts: a topic page in a fixed number of queries,
//! post histories, bookmarks, read positions. Writes are in `commands`.

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Set, Statement,
};
use serde::Serialize;
use time::OffsetDateTime;

use super::{POSTS_PER_PAGE, visibility};
use crate::accounts::User;
use crate::db::Db;
use crate::entities::{bookmarks, posts, topic_reads, topics};
use crate::error::{AppError, AppResult};
use crate::policy::Policy;
use crate::sql::Sql;

/// A live (not deleted) topic, or `NotFound`.
pub async fn topic(db: &impl ConnectionTrait, id: i64) -> AppResult<topics::Model> {
    topics::Entity::find_by_id(id).filter(topics::Column::Deleted.eq(false)).one(db).await?.ok_or(AppError::NotFound)
}

pub async fn post(db: &impl ConnectionTrait, id: i64) -> AppResult<posts::Model> {
    posts::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// One post as a topic page shows it.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct PostView {
    pub id: i64,
    pub post_number: i32,
    pub user_id: i64,
    pub html: String,
    pub body: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub revision: i32,
    pub like_count: i32,
    pub deleted: bool,
    pub hidden: bool,
    pub mod_reason: String,
    pub mod_reason_code: String,
    pub author: String,
    pub author_certificate: String,
    pub author_bl: i32,
    pub author_role: String,
    pub liked: Option<i64>,
    pub bookmarked: Option<i64>,
    /// The status of the viewer's own flag on the post, if they flagged it.
    pub my_flag: Option<String>,
}

/// The head of a topic page: the topic with its category and author.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct TopicHead {
    pub id: i64,
    pub title: String,
    pub user_id: i64,
    pub category_id: i64,
    pub category_slug: String,
    pub category_name: String,
    pub category_color: String,
    pub highest_post_number: i32,
    pub reply_count: i32,
    pub like_count: i32,
    pub closed: bool,
    pub pinned: bool,
    pub deleted: bool,
    pub hidden: bool,
    pub solved_post_id: Option<i64>,
    pub guide_article_id: Option<i64>,
    pub merged_into_id: Option<i64>,
    pub created_at: OffsetDateTime,
}

pub struct TopicPage {
    pub topic: TopicHead,
    /// The viewer's watch level for the topic, when they set one.
    pub watch_level: Option<String>,
    pub posts: Vec<PostView>,
    pub solution: Option<PostView>,
    pub page: i32,
    pub pages: i32,
    /// Where the viewer had read up to before this view.
    pub last_read: Option<i32>,
}

pub fn page_of(post_number: i32) -> i32 {
    (Ord::max(post_number, 1) - 1) / POSTS_PER_PAGE + 1
}

/// Whether a page of posts carries each post's Markdown source beside its
/// HTML: the API gives it, a web page shows only the HTML and would copy
/// every source for nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    With,
    Without,
}

/// Posts as a topic page shows them, with their authors and the viewer's
/// likes and bookmarks looked up by key, up to `WHERE`; `by_topic` drives
/// the scan from the topic's post numbers.
fn posts_sql(sql: &mut Sql, viewer: Option<i64>, by_topic: bool, source: Source) {
    sql.push("SELECT p.id, p.post_number, p.user_id, p.html, ");
    sql.push(if source == Source::With { "p.body" } else { "'' AS body" });
    sql.push(
        ", p.created_at, p.updated_at, p.revision, \
         p.like_count, p.deleted, p.hidden, p.mod_reason, p.mod_reason_code, ",
    );
    sql.lookup("username", "users", "id", "p.user_id", "author").push(", ");
    sql.lookup("certificate", "users", "id", "p.user_id", "author_certificate").push(", ");
    sql.lookup("bl", "users", "id", "p.user_id", "author_bl").push(", ");
    sql.lookup("role", "users", "id", "p.user_id", "author_role").push(", ");
    match viewer {
        Some(v) => {
            sql.push("(SELECT l.user_id FROM post_likes l WHERE l.post_id = p.id AND l.user_id = ").bind(v);
            sql.push(") AS liked, (SELECT b.user_id FROM bookmarks b WHERE b.user_id = ").bind(v);
            sql.push(" AND b.post_id = p.id) AS bookmarked, (SELECT f.status FROM flags f WHERE f.post_id = p.id AND f.user_id = ");
            sql.bind(v).push(") AS my_flag");
        }
        None => {
            sql.push(
                "CAST(NULL AS BIGINT) AS liked, CAST(NULL AS BIGINT) AS bookmarked, CAST(NULL AS TEXT) AS my_flag",
            );
        }
    }
    sql.push(" FROM ").table("posts", "p", by_topic.then_some("idx_posts_topic_number")).push(" WHERE ");
}

/// The statement for posts `first..=last` of a topic, in order.
pub fn page_posts_statement(
    backend: DatabaseBackend,
    topic: i64,
    first: i32,
    last: i32,
    viewer: Option<i64>,
    source: Source,
) -> Statement {
    let mut sql = Sql::new(backend);
    posts_sql(&mut sql, viewer, true, source);
    sql.push("p.topic_id = ").bind(topic);
    sql.push(" AND p.post_number BETWEEN ").bind(first).push(" AND ").bind(last);
    sql.push(" ORDER BY p.post_number");
    sql.build()
}

/// The topic with its category, and the viewer's read position (`last_read`)
/// and watch level (`watch_level`).
pub fn head_statement(backend: DatabaseBackend, id: i64, viewer: Option<i64>) -> Statement {
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT t.id, t.title, t.user_id, t.category_id, t.highest_post_number, t.reply_count, t.like_count, \
         t.closed, t.pinned, t.deleted, t.hidden, t.solved_post_id, t.guide_article_id, t.merged_into_id, \
         t.created_at, ",
    );
    sql.lookup("slug", "categories", "id", "t.category_id", "category_slug").push(", ");
    sql.lookup("name", "categories", "id", "t.category_id", "category_name").push(", ");
    sql.lookup("color", "categories", "id", "t.category_id", "category_color").push(", ");
    match viewer {
        Some(v) => {
            sql.push("(SELECT r.last_read_post_number FROM topic_reads r WHERE r.user_id = ").bind(v);
            sql.push(" AND r.topic_id = t.id) AS last_read, (SELECT w.level FROM watches w WHERE w.user_id = ").bind(v);
            sql.push(" AND w.target_kind = ")
                .bind(crate::notify::watch::TOPIC)
                .push(" AND w.target_id = t.id) AS watch_level");
        }
        None => {
            sql.push("CAST(NULL AS INTEGER) AS last_read, CAST(NULL AS TEXT) AS watch_level");
        }
    }
    sql.push(" FROM topics t WHERE t.id = ").bind(id);
    sql.build()
}

/// A topic page in a fixed number of queries whatever the topic's length:
/// the topic, its page of posts, the viewer's read position, and the
/// solution when it is not on this page. A page past the end is the last
/// page. A merged topic comes back with no posts and `merged_into_id` set. Deleted topics are shown to staff (marked), hidden ones to staff
/// and their author; everyone else gets `NotFound`.
pub async fn topic_page(
    db: &Db,
    policy: &Policy,
    viewer: Option<&User>,
    id: i64,
    page: i32,
    source: Source,
) -> AppResult<TopicPage> {
    let backend = db.read().get_database_backend();
    let viewer_id = viewer.map(|u| u.id);
    let row = db.read().query_one_raw(head_statement(backend, id, viewer_id)).await?.ok_or(AppError::NotFound)?;
    let topic = TopicHead::from_query_result(&row, "")?;
    let last_read: Option<i32> = row.try_get("", "last_read")?;
    let watch_level: Option<String> = row.try_get("", "watch_level")?;
    if topic.merged_into_id.is_some() {
        // Nothing to show here: the caller sends the reader on.
        return Ok(TopicPage {
            topic,
            watch_level,
            posts: Vec::new(),
            solution: None,
            page: 1,
            pages: 1,
            last_read: None,
        });
    }
    let staff = visibility::is_staff(policy, viewer);
    let author = viewer.is_some_and(|u| u.id == topic.user_id);
    if (topic.deleted && !staff) || (topic.hidden && !staff && !author) {
        return Err(AppError::NotFound);
    }
    let pages = page_of(topic.highest_post_number);
    let page = page.clamp(1, pages);
    let first = (page - 1) * POSTS_PER_PAGE + 1;
    let last = page * POSTS_PER_PAGE;
    let posts = PostView::find_by_statement(page_posts_statement(backend, id, first, last, viewer_id, source))
        .all(db.read())
        .await?;
    let solution = match topic.solved_post_id {
        None => None,
        Some(pid) => match posts.iter().find(|p| p.id == pid) {
            Some(p) => Some(p.clone()),
            None => {
                let mut sql = Sql::new(backend);
                posts_sql(&mut sql, viewer_id, false, source);
                sql.push("p.id = ").bind(pid);
                PostView::find_by_statement(sql.build()).all(db.read()).await?.into_iter().next()
            }
        },
    }
    // A hidden or deleted solution is no solution for readers.
    .filter(|s| !(s.deleted || s.hidden) || staff);
    Ok(TopicPage { topic, watch_level, posts, solution, page, pages, last_read })
}

/// Remembers that a member has read a topic up to `number` (never backwards).
pub async fn mark_read(db: &Db, user_id: i64, topic_id: i64, number: i32) -> AppResult<()> {
    mark_read_on(db.write(), user_id, topic_id, number).await
}

/// [`mark_read`] on a given connection: a command's own transaction.
pub async fn mark_read_on<C: sea_orm::ConnectionTrait>(
    c: &C,
    user_id: i64,
    topic_id: i64,
    number: i32,
) -> AppResult<()> {
    topic_reads::Entity::insert(topic_reads::ActiveModel {
        user_id: Set(user_id),
        topic_id: Set(topic_id),
        last_read_post_number: Set(number),
    })
    .on_conflict(
        OnConflict::columns([topic_reads::Column::UserId, topic_reads::Column::TopicId])
            .update_column(topic_reads::Column::LastReadPostNumber)
            .action_and_where(Expr::col((topic_reads::Entity, topic_reads::Column::LastReadPostNumber)).lt(number))
            .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    Ok(())
}

/// One version of a post, for its history page.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct RevisionView {
    pub revision: i32,
    pub body: String,
    pub created_at: OffsetDateTime,
    pub editor: String,
}

/// A post's versions, oldest first, and the post itself, for those who
/// may read the post.
pub async fn history(
    db: &Db,
    policy: &Policy,
    viewer: Option<&User>,
    post_id: i64,
) -> AppResult<(posts::Model, topics::Model, Vec<RevisionView>)> {
    let (p, t) = visibility::post(db.read(), policy, viewer, post_id).await?;
    let mut sql = Sql::new(db.read().get_database_backend());
    sql.push("SELECT r.revision, r.body, r.created_at, ");
    sql.lookup("username", "users", "id", "r.editor_id", "editor").push(" FROM ");
    sql.table("post_revisions", "r", Some("idx_post_revisions_post"));
    sql.push(" WHERE r.post_id = ").bind(post_id).push(" ORDER BY r.revision");
    let revisions = RevisionView::find_by_statement(sql.build()).all(db.read()).await?;
    Ok((p, t, revisions))
}

/// A bookmarked post, for the member's own page.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct BookmarkView {
    pub post_id: i64,
    pub post_number: i32,
    pub topic_id: i64,
    pub title: String,
    pub created_at: OffsetDateTime,
}

/// A member's bookmarks, newest first (one query).
pub async fn bookmarks_of(db: &Db, user_id: i64, limit: u64) -> AppResult<Vec<BookmarkView>> {
    Ok(bookmarks::Entity::find()
        .select_only()
        .column_as(bookmarks::Column::PostId, "post_id")
        .column_as(bookmarks::Column::CreatedAt, "created_at")
        .column_as(posts::Column::PostNumber, "post_number")
        .column_as(posts::Column::TopicId, "topic_id")
        .column_as(topics::Column::Title, "title")
        .join(JoinType::InnerJoin, bookmarks::Relation::Post.def())
        .join(JoinType::InnerJoin, posts::Relation::Topic.def())
        .filter(bookmarks::Column::UserId.eq(user_id))
        .filter(posts::Column::Deleted.eq(false))
        .filter(topics::Column::Deleted.eq(false))
        .order_by_desc(bookmarks::Column::CreatedAt)
        .limit(limit)
        .into_model::<BookmarkView>()
        .all(db.read())
        .await?)
}

/// A solved topic's question and answer with their authors, for turning
/// it into a guide.
pub struct SolvedPair {
    pub topic: topics::Model,
    pub question: String,
    pub asker: String,
    pub answer: String,
    pub solver: String,
}

/// The question and the solution of a live, solved topic whose posts are
/// both visible to everyone; `NotFound` otherwise.
pub async fn solved_pair(db: &impl ConnectionTrait, topic_id: i64) -> AppResult<SolvedPair> {
    let t = topic(db, topic_id).await?;
    let solution_id = t.solved_post_id.ok_or(AppError::NotFound)?;
    let visible = |p: &posts::Model| !(p.deleted || p.hidden);
    let question = posts::Entity::find()
        .filter(posts::Column::TopicId.eq(topic_id))
        .filter(posts::Column::PostNumber.eq(1))
        .one(db)
        .await?
        .filter(visible)
        .ok_or(AppError::NotFound)?;
    let answer = post(db, solution_id).await?;
    if !visible(&answer) {
        return Err(AppError::NotFound);
    }
    let name = |id| async move {
        Ok::<_, AppError>(crate::accounts::find_by_id(db, id).await?.map(|u| u.username).unwrap_or_default())
    };
    Ok(SolvedPair {
        asker: name(question.user_id).await?,
        solver: name(answer.user_id).await?,
        question: question.body,
        answer: answer.body,
        topic: t,
    })
}

/// A post in a member's activity list.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct ActivityRow {
    pub post_id: i64,
    pub post_number: i32,
    pub topic_id: i64,
    pub title: String,
    pub created_at: OffsetDateTime,
}

/// A member's latest topics (`opening: true`) or replies, newest first,
/// that the viewer may see: driven by the (user, time) index of posts.
pub async fn activity_of(
    db: &Db,
    policy: &Policy,
    viewer: Option<&User>,
    user_id: i64,
    opening: bool,
    limit: u64,
) -> AppResult<Vec<ActivityRow>> {
    // The topic is looked up by key for each post the index gives, never
    // joined: with statistics that call `topics` small, SQLite scanned it.
    let mut sql = Sql::new(db.read().get_database_backend());
    sql.push("SELECT p.id AS post_id, p.post_number, p.topic_id, p.created_at, ");
    sql.lookup("title", "topics", "id", "p.topic_id", "title").push(" FROM ");
    sql.table("posts", "p", Some("idx_posts_user")).push(" WHERE p.user_id = ").bind(user_id);
    sql.push(if opening { " AND p.post_number = 1" } else { " AND p.post_number > 1" });
    let own = viewer.is_some_and(|u| u.id == user_id);
    if !visibility::is_staff(policy, viewer) {
        if own {
            sql.push(" AND p.deleted = false AND (SELECT t.deleted FROM topics t WHERE t.id = p.topic_id) = false");
        } else {
            sql.push(
                " AND p.deleted = false AND p.hidden = false \
                 AND (SELECT t.deleted OR t.hidden FROM topics t WHERE t.id = p.topic_id) = false",
            );
        }
    }
    sql.push(" ORDER BY p.created_at DESC LIMIT ").int(i64::try_from(limit).unwrap_or(i64::MAX));
    Ok(ActivityRow::find_by_statement(sql.build()).all(db.read()).await?)
}

/// The id of a topic's opening post.
pub async fn first_post_id(db: &impl ConnectionTrait, topic_id: i64) -> AppResult<i64> {
    posts::Entity::find()
        .select_only()
        .column(posts::Column::Id)
        .filter(posts::Column::TopicId.eq(topic_id))
        .filter(posts::Column::PostNumber.eq(1))
        .into_tuple::<i64>()
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}
