//! Topics and posts: writing them (with their counters, in one transaction)
//! and reading a topic page in a fixed number of queries.

use anyhow::Context;
use sea_orm::sea_query::{Expr, ExprTrait, IntoCondition, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, FromQueryResult, JoinType,
    QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::POSTS_PER_PAGE;
use crate::accounts::User;
use crate::crosslinks;
use crate::db::Db;
use crate::entities::{bookmarks, categories, post_likes, post_revisions, posts, topic_reads, topics, users};
use crate::error::{AppError, AppResult, FormErrors};
use crate::policy::{Action, Decision, Policy};

pub const TITLE_MIN: usize = 5;
pub const TITLE_MAX: usize = 200;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct NewTopic {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
}

fn check_body(body: &str, max: usize, errors: &mut FormErrors) {
    let n = body.trim().chars().count();
    if n == 0 {
        errors.add("body", "err-body-empty");
    } else if body.chars().count() > max {
        errors.add_with("body", "err-body-long", vec![("max", max.to_string())]);
    }
}

fn require(policy: &Policy, user: &User, action: Action) -> AppResult<()> {
    match policy.decide(&user.actor(), action) {
        Decision::Allow => Ok(()),
        Decision::Propose(d) | Decision::Deny(d) => Err(AppError::Forbidden(d)),
    }
}

async fn insert_post(
    txn: &DatabaseTransaction,
    topic_id: i64,
    number: i32,
    user: &User,
    body: &str,
    now: OffsetDateTime,
    hold: bool,
) -> AppResult<posts::Model> {
    let rendered = crosslinks::render(txn, body).await?;
    let post = posts::ActiveModel {
        topic_id: Set(topic_id),
        post_number: Set(number),
        user_id: Set(user.id),
        body: Set(body.to_owned()),
        html: Set(rendered.html.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        revision: Set(1),
        like_count: Set(0),
        deleted: Set(false),
        deleted_by: Set(None),
        held: Set(hold),
        hidden: Set(hold),
        mod_reason: Set(if hold { "awaiting approval".to_owned() } else { String::new() }),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    post_revisions::ActiveModel {
        post_id: Set(post.id),
        revision: Set(1),
        body: Set(body.to_owned()),
        editor_id: Set(user.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    crosslinks::record(txn, crosslinks::POST, post.id, &rendered).await?;
    Ok(post)
}

async fn bump_category(txn: &DatabaseTransaction, category_id: i64, topics: i32, posts: i32) -> AppResult<()> {
    categories::Entity::update_many()
        .col_expr(categories::Column::TopicCount, Expr::col(categories::Column::TopicCount).add(topics))
        .col_expr(categories::Column::PostCount, Expr::col(categories::Column::PostCount).add(posts))
        .filter(categories::Column::Id.eq(category_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Opens a topic with its first post. Returns the topic id.
/// Opens a topic; with `hold` its opening post (and so the topic) waits for
/// a moderator's approval.
pub async fn create_topic(
    db: &Db,
    policy: &Policy,
    max_body: usize,
    user: &User,
    input: &NewTopic,
    hold: bool,
) -> AppResult<i64> {
    require(policy, user, Action::Post)?;
    let mut errors = FormErrors::new();
    let title = input.title.trim();
    let n = title.chars().count();
    if !(TITLE_MIN..=TITLE_MAX).contains(&n) {
        errors.add_with(
            "title",
            "err-title-length",
            vec![("min", TITLE_MIN.to_string()), ("max", TITLE_MAX.to_string())],
        );
    }
    check_body(&input.body, max_body, &mut errors);
    let category = super::categories::by_slug(db, input.category.trim()).await?;
    if category.is_none() {
        errors.add("category", "err-category-unknown");
    }
    errors.into_result()?;
    let Some(category) = category else { return Err(AppError::NotFound) };

    let now = crate::util::now();
    let txn = db.write().begin().await?;
    let topic = topics::ActiveModel {
        category_id: Set(category.id),
        user_id: Set(user.id),
        title: Set(title.to_owned()),
        created_at: Set(now),
        last_posted_at: Set(now),
        last_post_user_id: Set(user.id),
        post_count: Set(1),
        highest_post_number: Set(1),
        reply_count: Set(0),
        like_count: Set(0),
        pinned: Set(false),
        pinned_globally: Set(false),
        closed: Set(false),
        deleted: Set(false),
        solved_post_id: Set(None),
        guide_article_id: Set(None),
        search_key: Set(title.to_lowercase()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    insert_post(&txn, topic.id, 1, user, &input.body, now, hold).await?;
    if hold {
        topics::Entity::update_many()
            .col_expr(topics::Column::Hidden, Expr::value(true))
            .filter(topics::Column::Id.eq(topic.id))
            .exec(&txn)
            .await?;
    }
    bump_category(&txn, category.id, 1, 1).await?;
    txn.commit().await.context("commit new topic")?;
    mark_read(db, user.id, topic.id, 1).await?;
    Ok(topic.id)
}

/// A live (not deleted) topic, or `NotFound`.
pub async fn topic(db: &impl ConnectionTrait, id: i64) -> AppResult<topics::Model> {
    topics::Entity::find_by_id(id).filter(topics::Column::Deleted.eq(false)).one(db).await?.ok_or(AppError::NotFound)
}

/// Adds a reply; returns its post number.
pub async fn reply(
    db: &Db,
    policy: &Policy,
    max_body: usize,
    user: &User,
    topic_id: i64,
    body: &str,
    hold: bool,
) -> AppResult<i32> {
    require(policy, user, Action::Post)?;
    let existing = topic(db.read(), topic_id).await?;
    if existing.closed {
        require(policy, user, Action::ReplyToClosedTopic)?;
    }
    let mut errors = FormErrors::new();
    check_body(body, max_body, &mut errors);
    errors.into_result()?;

    let now = crate::util::now();
    let txn = db.write().begin().await?;
    // Claim the next number first: on PostgreSQL this row lock serializes
    // concurrent replies to one topic.
    topics::Entity::update_many()
        .col_expr(topics::Column::HighestPostNumber, Expr::col(topics::Column::HighestPostNumber).add(1))
        .col_expr(topics::Column::PostCount, Expr::col(topics::Column::PostCount).add(1))
        .col_expr(topics::Column::ReplyCount, Expr::col(topics::Column::ReplyCount).add(1))
        .col_expr(topics::Column::LastPostedAt, Expr::value(now))
        .col_expr(topics::Column::LastPostUserId, Expr::value(user.id))
        .filter(topics::Column::Id.eq(topic_id))
        .filter(topics::Column::Deleted.eq(false))
        .exec(&txn)
        .await?;
    let t = topic(&txn, topic_id).await?;
    insert_post(&txn, topic_id, t.highest_post_number, user, body, now, hold).await?;
    bump_category(&txn, t.category_id, 0, 1).await?;
    txn.commit().await.context("commit reply")?;
    // Your own reply counts as read.
    mark_read(db, user.id, topic_id, t.highest_post_number).await?;
    Ok(t.highest_post_number)
}

pub async fn post(db: &impl ConnectionTrait, id: i64) -> AppResult<posts::Model> {
    posts::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// Saves a new version of a post; the old one stays in its history.
pub async fn edit_post(
    db: &Db,
    policy: &Policy,
    max_body: usize,
    user: &User,
    post_id: i64,
    body: &str,
) -> AppResult<posts::Model> {
    let p = post(db.read(), post_id).await?;
    topic(db.read(), p.topic_id).await?;
    require(policy, user, Action::EditPost { own: p.user_id == user.id })?;
    if p.deleted {
        return Err(AppError::NotFound);
    }
    let mut errors = FormErrors::new();
    check_body(body, max_body, &mut errors);
    errors.into_result()?;
    if body == p.body {
        return Ok(p);
    }
    let now = crate::util::now();
    let txn = db.write().begin().await?;
    let current = post(&txn, post_id).await?;
    let revision = current.revision + 1;
    post_revisions::ActiveModel {
        post_id: Set(post_id),
        revision: Set(revision),
        body: Set(body.to_owned()),
        editor_id: Set(user.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut am: posts::ActiveModel = current.into();
    am.body = Set(body.to_owned());
    let rendered = crosslinks::render(&txn, body).await?;
    crosslinks::record(&txn, crosslinks::POST, post_id, &rendered).await?;
    am.html = Set(rendered.html.into_string());
    am.revision = Set(revision);
    am.updated_at = Set(now);
    let updated = am.update(&txn).await?;
    txn.commit().await.context("commit post edit")?;
    Ok(updated)
}

/// Soft-deletes a post (the text stays for staff). Deleting the opening post
/// deletes the topic.
pub async fn delete_post(db: &Db, policy: &Policy, user: &User, post_id: i64) -> AppResult<posts::Model> {
    let p = post(db.read(), post_id).await?;
    let t = topic(db.read(), p.topic_id).await?;
    require(policy, user, Action::DeletePost { own: p.user_id == user.id })?;
    if p.deleted {
        return Ok(p);
    }
    let txn = db.write().begin().await?;
    let mut am: posts::ActiveModel = p.clone().into();
    am.deleted = Set(true);
    am.deleted_by = Set(Some(user.id));
    let updated = am.update(&txn).await?;
    if p.post_number == 1 {
        topics::Entity::update_many()
            .col_expr(topics::Column::Deleted, Expr::value(true))
            .filter(topics::Column::Id.eq(t.id))
            .exec(&txn)
            .await?;
        bump_category(&txn, t.category_id, -1, -t.post_count).await?;
    } else {
        let mut q = topics::Entity::update_many()
            .col_expr(topics::Column::PostCount, Expr::col(topics::Column::PostCount).sub(1))
            .col_expr(topics::Column::ReplyCount, Expr::col(topics::Column::ReplyCount).sub(1))
            .col_expr(topics::Column::LikeCount, Expr::col(topics::Column::LikeCount).sub(p.like_count));
        if t.solved_post_id == Some(p.id) {
            q = q.col_expr(topics::Column::SolvedPostId, Expr::value(Option::<i64>::None));
        }
        q.filter(topics::Column::Id.eq(t.id)).exec(&txn).await?;
        bump_category(&txn, t.category_id, 0, -1).await?;
    }
    txn.commit().await.context("commit post delete")?;
    Ok(updated)
}

/// Likes or un-likes a post; returns whether the member now likes it, and
/// the post's author (whose community BL this moves).
pub async fn toggle_like(db: &Db, policy: &Policy, user: &User, post_id: i64) -> AppResult<(bool, i64)> {
    require(policy, user, Action::Post)?;
    let p = post(db.read(), post_id).await?;
    topic(db.read(), p.topic_id).await?;
    if p.deleted {
        return Err(AppError::NotFound);
    }
    if p.user_id == user.id {
        return Err(AppError::BadRequest("You cannot like your own post.".into()));
    }
    let txn = db.write().begin().await?;
    let removed = post_likes::Entity::delete_many()
        .filter(post_likes::Column::PostId.eq(post_id))
        .filter(post_likes::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?
        .rows_affected;
    let delta: i32 = if removed > 0 {
        -1
    } else {
        post_likes::ActiveModel { post_id: Set(post_id), user_id: Set(user.id), created_at: Set(crate::util::now()) }
            .insert(&txn)
            .await?;
        1
    };
    posts::Entity::update_many()
        .col_expr(posts::Column::LikeCount, Expr::col(posts::Column::LikeCount).add(delta))
        .filter(posts::Column::Id.eq(post_id))
        .exec(&txn)
        .await?;
    topics::Entity::update_many()
        .col_expr(topics::Column::LikeCount, Expr::col(topics::Column::LikeCount).add(delta))
        .filter(topics::Column::Id.eq(p.topic_id))
        .exec(&txn)
        .await?;
    txn.commit().await.context("commit like")?;
    Ok((delta > 0, p.user_id))
}

/// Bookmarks or un-bookmarks a post; returns whether it is now bookmarked.
pub async fn toggle_bookmark(db: &Db, user: &User, post_id: i64) -> AppResult<bool> {
    let p = post(db.read(), post_id).await?;
    topic(db.read(), p.topic_id).await?;
    let removed = bookmarks::Entity::delete_many()
        .filter(bookmarks::Column::PostId.eq(post_id))
        .filter(bookmarks::Column::UserId.eq(user.id))
        .exec(db.write())
        .await?
        .rows_affected;
    if removed > 0 {
        return Ok(false);
    }
    bookmarks::Entity::insert(bookmarks::ActiveModel {
        user_id: Set(user.id),
        post_id: Set(post_id),
        created_at: Set(crate::util::now()),
    })
    .on_conflict(OnConflict::columns([bookmarks::Column::UserId, bookmarks::Column::PostId]).do_nothing().to_owned())
    .exec_without_returning(db.write())
    .await?;
    Ok(true)
}

/// Marks a reply as the topic's solution, or clears it if it already is.
/// Returns whether it is now the solution, and the reply's author.
pub async fn toggle_solution(db: &Db, policy: &Policy, user: &User, post_id: i64) -> AppResult<(bool, i64)> {
    let p = post(db.read(), post_id).await?;
    let t = topic(db.read(), p.topic_id).await?;
    require(policy, user, Action::MarkSolution { topic_author: t.user_id == user.id })?;
    if p.post_number == 1 || p.deleted {
        return Err(AppError::BadRequest("Only a reply can be the solution.".into()));
    }
    let solved = t.solved_post_id != Some(p.id);
    topics::Entity::update_many()
        .col_expr(topics::Column::SolvedPostId, Expr::value(if solved { Some(p.id) } else { None }))
        .filter(topics::Column::Id.eq(t.id))
        .exec(db.write())
        .await?;
    Ok((solved, p.user_id))
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
    pub author: String,
    pub author_certificate: String,
    pub author_bl: i32,
    pub author_role: String,
    pub liked: Option<i64>,
    pub bookmarked: Option<i64>,
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
    pub solved_post_id: Option<i64>,
    pub guide_article_id: Option<i64>,
    pub created_at: OffsetDateTime,
}

pub struct TopicPage {
    pub topic: TopicHead,
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

fn post_query(viewer: Option<i64>) -> sea_orm::Select<posts::Entity> {
    let viewer = viewer.unwrap_or(0);
    posts::Entity::find()
        .select_only()
        .columns([
            posts::Column::Id,
            posts::Column::PostNumber,
            posts::Column::UserId,
            posts::Column::Html,
            posts::Column::Body,
            posts::Column::CreatedAt,
            posts::Column::UpdatedAt,
            posts::Column::Revision,
            posts::Column::LikeCount,
            posts::Column::Deleted,
            posts::Column::Hidden,
            posts::Column::ModReason,
        ])
        .column_as(users::Column::Username, "author")
        .column_as(users::Column::Certificate, "author_certificate")
        .column_as(users::Column::Bl, "author_bl")
        .column_as(users::Column::Role, "author_role")
        .column_as(Expr::col((post_likes::Entity, post_likes::Column::UserId)), "liked")
        .column_as(Expr::col((bookmarks::Entity, bookmarks::Column::UserId)), "bookmarked")
        .join(JoinType::InnerJoin, posts::Relation::Author.def())
        .join(
            JoinType::LeftJoin,
            posts::Relation::Likes.def().on_condition(move |_, right| {
                Expr::col((right, post_likes::Column::UserId)).eq(viewer).into_condition()
            }),
        )
        .join(
            JoinType::LeftJoin,
            posts::Relation::Bookmarks.def().on_condition(move |_, right| {
                Expr::col((right, bookmarks::Column::UserId)).eq(viewer).into_condition()
            }),
        )
}

/// A topic page in a fixed number of queries whatever the topic's length:
/// the topic, its page of posts, the viewer's read position, and the
/// solution when it is not on this page.
pub async fn topic_page(db: &Db, id: i64, page: i32, viewer: Option<i64>) -> AppResult<TopicPage> {
    let topic = topics::Entity::find_by_id(id)
        .filter(topics::Column::Deleted.eq(false))
        .select_only()
        .columns([
            topics::Column::Id,
            topics::Column::Title,
            topics::Column::UserId,
            topics::Column::CategoryId,
            topics::Column::HighestPostNumber,
            topics::Column::ReplyCount,
            topics::Column::LikeCount,
            topics::Column::Closed,
            topics::Column::Pinned,
            topics::Column::SolvedPostId,
            topics::Column::GuideArticleId,
            topics::Column::CreatedAt,
        ])
        .column_as(categories::Column::Slug, "category_slug")
        .column_as(categories::Column::Name, "category_name")
        .column_as(categories::Column::Color, "category_color")
        .join(JoinType::InnerJoin, topics::Relation::Category.def())
        .into_model::<TopicHead>()
        .one(db.read())
        .await?
        .ok_or(AppError::NotFound)?;
    let pages = page_of(topic.highest_post_number);
    if page < 1 || page > pages {
        return Err(AppError::NotFound);
    }
    let first = (page - 1) * POSTS_PER_PAGE + 1;
    let last = page * POSTS_PER_PAGE;
    let posts = post_query(viewer)
        .filter(posts::Column::TopicId.eq(id))
        .filter(posts::Column::PostNumber.between(first, last))
        .order_by_asc(posts::Column::PostNumber)
        .into_model::<PostView>()
        .all(db.read())
        .await?;
    let last_read = match viewer {
        Some(uid) => topic_reads::Entity::find_by_id((uid, id)).one(db.read()).await?.map(|r| r.last_read_post_number),
        None => None,
    };
    let solution = match topic.solved_post_id {
        None => None,
        Some(pid) => match posts.iter().find(|p| p.id == pid) {
            Some(p) => Some(p.clone()),
            None => {
                post_query(viewer).filter(posts::Column::Id.eq(pid)).into_model::<PostView>().one(db.read()).await?
            }
        },
    };
    Ok(TopicPage { topic, posts, solution, page, pages, last_read })
}

/// Remembers that a member has read a topic up to `number` (never backwards).
pub async fn mark_read(db: &Db, user_id: i64, topic_id: i64, number: i32) -> AppResult<()> {
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
    .exec_without_returning(db.write())
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

/// A post's versions, oldest first, and the post itself.
pub async fn history(
    db: &Db,
    policy: &Policy,
    viewer: Option<&User>,
    post_id: i64,
) -> AppResult<(posts::Model, Vec<RevisionView>)> {
    let p = post(db.read(), post_id).await?;
    topic(db.read(), p.topic_id).await?;
    if p.deleted {
        let staff = viewer.is_some_and(|u| policy.decide(&u.actor(), Action::SeeDeletedPosts) == Decision::Allow);
        if !staff {
            return Err(AppError::NotFound);
        }
    }
    let revisions = post_revisions::Entity::find()
        .select_only()
        .columns([post_revisions::Column::Revision, post_revisions::Column::Body, post_revisions::Column::CreatedAt])
        .column_as(users::Column::Username, "editor")
        .join(JoinType::InnerJoin, post_revisions::Relation::Editor.def())
        .filter(post_revisions::Column::PostId.eq(post_id))
        .order_by_asc(post_revisions::Column::Revision)
        .into_model::<RevisionView>()
        .all(db.read())
        .await?;
    Ok((p, revisions))
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

/// Records that a solved topic's answer became a guide (the first one wins).
pub async fn link_guide(db: &Db, topic_id: i64, article_id: i64) -> AppResult<()> {
    topics::Entity::update_many()
        .col_expr(topics::Column::GuideArticleId, Expr::value(Some(article_id)))
        .filter(topics::Column::Id.eq(topic_id))
        .filter(topics::Column::GuideArticleId.is_null())
        .exec(db.write())
        .await?;
    Ok(())
}
