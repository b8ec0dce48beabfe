//! What members do in the forum, one command per action. Each asks
//! `policy`, checks the input and the limits, makes the change in one
//! transaction with its counters and events, and lets the subscribers run
//! (links, BL) before returning.

use anyhow::Context;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{counters, posts::mark_read_on, visibility};
use crate::accounts::User;
use crate::app::App;
use crate::audit;
use crate::crosslinks;
use crate::entities::{bookmarks, post_likes, post_revisions, posts, topics};
use crate::error::{AppError, AppResult, FormErrors};
use crate::events::{self, Event};
use crate::input;
use crate::moderation::limits;
use crate::policy::Action;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct NewTopic {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
}

/// Where a new post landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostRef {
    pub id: i64,
    pub topic: i64,
    pub number: i32,
}

fn check_body(body: &str, max: usize, errors: &mut FormErrors) {
    if body.trim().is_empty() {
        errors.add("body", "err-body-empty");
    } else if body.chars().count() > max {
        errors.add_with("body", "err-body-long", vec![("max", max.to_string())]);
    }
}

/// A post about to be written.
struct NewPost<'a> {
    topic_id: i64,
    number: i32,
    user: &'a User,
    body: &'a str,
    html: String,
    now: OffsetDateTime,
    /// Waits for a moderator's approval.
    hold: bool,
}

/// Inserts a post with its first revision.
async fn insert_post(txn: &DatabaseTransaction, p: NewPost<'_>) -> AppResult<posts::Model> {
    let NewPost { topic_id, number, user, body, html, now, hold } = p;
    let post = posts::ActiveModel {
        topic_id: Set(topic_id),
        post_number: Set(number),
        user_id: Set(user.id),
        body: Set(body.to_owned()),
        html: Set(html),
        created_at: Set(now),
        updated_at: Set(now),
        revision: Set(1),
        like_count: Set(0),
        deleted: Set(false),
        deleted_by: Set(None),
        held: Set(hold),
        hidden: Set(hold),
        mod_reason: Set(String::new()),
        mod_reason_code: Set(if hold { "held".to_owned() } else { String::new() }),
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
    Ok(post)
}

/// Command: open a topic with its first post. Returns the topic id.
pub async fn create_topic(app: &App, actor: &User, input: &NewTopic) -> AppResult<i64> {
    app.policy.require(&actor.actor(), Action::Post)?;
    let mut errors = FormErrors::new();
    let title = input.title.trim();
    if !(input::TITLE_MIN..=input::TITLE_MAX).contains(&title.chars().count()) {
        errors.add_with(
            "title",
            "err-title-length",
            vec![("min", input::TITLE_MIN.to_string()), ("max", input::TITLE_MAX.to_string())],
        );
    }
    check_body(&input.body, app.config.max_post_chars, &mut errors);
    let category = super::categories::by_slug(&app.db, input.category.trim()).await?;
    if category.is_none() {
        errors.add("category", "err-category-unknown");
    }
    errors.into_result()?;
    let Some(category) = category else { return Err(AppError::NotFound) };
    limits::check_links(app, actor, &input.body)?;
    limits::check_rate(app, actor, true).await?;
    let hold = limits::must_hold(app, actor);
    let html = crosslinks::render(app.db.read(), &input.body).await?.html.into_string();

    let now = crate::util::now();
    let txn = app.db.write().begin().await?;
    let topic = topics::ActiveModel {
        category_id: Set(category.id),
        user_id: Set(actor.id),
        title: Set(title.to_owned()),
        created_at: Set(now),
        last_posted_at: Set(now),
        last_post_user_id: Set(actor.id),
        post_count: Set(1),
        highest_post_number: Set(1),
        reply_count: Set(0),
        like_count: Set(0),
        pinned: Set(false),
        pinned_globally: Set(false),
        closed: Set(false),
        deleted: Set(false),
        hidden: Set(hold),
        solved_post_id: Set(None),
        guide_article_id: Set(None),
        search_key: Set(input::search_key(title)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let post =
        insert_post(&txn, NewPost { topic_id: topic.id, number: 1, user: actor, body: &input.body, html, now, hold })
            .await?;
    counters::topic_opened(&txn, category.id).await?;
    events::record(&txn, &Event::TopicCreated { topic: topic.id, post: post.id, by: actor.id }).await?;
    mark_read_on(&txn, actor.id, topic.id, 1).await?;
    txn.commit().await.context("commit new topic")?;
    app.events.settle(app).await;
    Ok(topic.id)
}

/// Command: reply to a topic.
pub async fn reply(app: &App, actor: &User, topic_id: i64, body: &str) -> AppResult<PostRef> {
    let topic = visibility::topic(app.db.read(), &app.policy, Some(actor), topic_id).await?;
    if topic.deleted || topic.hidden && !visibility::is_staff(&app.policy, Some(actor)) {
        // A topic whose opening post is hidden takes no replies until it is shown again.
        return Err(AppError::NotFound);
    }
    app.policy.require(&actor.actor(), Action::Post)?;
    if topic.closed {
        app.policy.require(&actor.actor(), Action::ReplyToClosedTopic)?;
    }
    let mut errors = FormErrors::new();
    check_body(body, app.config.max_post_chars, &mut errors);
    errors.into_result()?;
    limits::check_links(app, actor, body)?;
    limits::check_rate(app, actor, false).await?;
    let hold = limits::must_hold(app, actor);
    let html = crosslinks::render(app.db.read(), body).await?.html.into_string();

    let now = crate::util::now();
    let txn = app.db.write().begin().await?;
    let number = counters::reply_added(&txn, topic_id, actor.id, now).await?;
    let post = insert_post(&txn, NewPost { topic_id, number, user: actor, body, html, now, hold }).await?;
    events::record(&txn, &Event::PostCreated { topic: topic_id, post: post.id, by: actor.id }).await?;
    // Your own reply counts as read (in the same transaction: a second one
    // would queue on the one writer again).
    mark_read_on(&txn, actor.id, topic_id, number).await?;
    txn.commit().await.context("commit reply")?;
    app.events.settle(app).await;
    Ok(PostRef { id: post.id, topic: topic_id, number })
}

/// Command: save a new version of a post; the old one stays in its history.
pub async fn edit_post(app: &App, actor: &User, post_id: i64, body: &str) -> AppResult<posts::Model> {
    let (p, _) = visibility::post(app.db.read(), &app.policy, Some(actor), post_id).await?;
    if p.deleted {
        return Err(AppError::NotFound);
    }
    app.policy.require(&actor.actor(), Action::EditPost { own: p.user_id == actor.id })?;
    let mut errors = FormErrors::new();
    check_body(body, app.config.max_post_chars, &mut errors);
    errors.into_result()?;
    if body == p.body {
        return Ok(p);
    }
    let html = crosslinks::render(app.db.read(), body).await?.html.into_string();
    let now = crate::util::now();
    let txn = app.db.write().begin().await?;
    let current = posts::Entity::find_by_id(post_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if current.deleted {
        return Err(AppError::NotFound);
    }
    let revision = current.revision + 1;
    post_revisions::ActiveModel {
        post_id: Set(post_id),
        revision: Set(revision),
        body: Set(body.to_owned()),
        editor_id: Set(actor.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut am: posts::ActiveModel = current.into();
    am.body = Set(body.to_owned());
    am.html = Set(html);
    am.revision = Set(revision);
    am.updated_at = Set(now);
    let updated = am.update(&txn).await?;
    events::record(&txn, &Event::PostEdited { topic: updated.topic_id, post: post_id, by: actor.id }).await?;
    txn.commit().await.context("commit post edit")?;
    app.events.settle(app).await;
    Ok(updated)
}

/// Command: delete a post (the text stays for staff). Deleting the opening
/// post deletes the topic. Deleting twice changes nothing the second time.
pub async fn delete_post(app: &App, actor: &User, post_id: i64) -> AppResult<posts::Model> {
    let p = posts::Entity::find_by_id(post_id).one(app.db.read()).await?.ok_or(AppError::NotFound)?;
    let own = p.user_id == actor.id;
    if p.deleted {
        // Deleted already (a second click, or two at once): nothing to do
        // for whoever could have deleted it; for anyone else it is not there.
        app.policy.require(&actor.actor(), Action::DeletePost { own }).map_err(|_| AppError::NotFound)?;
        return Ok(p);
    }
    // One read of the post decides: a delete racing this one is settled by
    // the conditional update below, not by reading again.
    let t = visibility::topic(app.db.read(), &app.policy, Some(actor), p.topic_id).await?;
    if !visibility::sees_post(&app.policy, Some(actor), &p) {
        return Err(AppError::NotFound);
    }
    app.policy.require(&actor.actor(), Action::DeletePost { own })?;
    let txn = app.db.write().begin().await?;
    // The check and the change are one statement, so two deletes at once
    // cannot both count.
    let changed = posts::Entity::update_many()
        .col_expr(posts::Column::Deleted, Expr::value(true))
        .col_expr(posts::Column::DeletedBy, Expr::value(Some(actor.id)))
        .filter(posts::Column::Id.eq(post_id))
        .filter(posts::Column::Deleted.eq(false))
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 0 {
        txn.rollback().await?;
        return posts::Entity::find_by_id(post_id).one(app.db.read()).await?.ok_or(AppError::NotFound);
    }
    if p.post_number == 1 {
        topics::Entity::update_many()
            .col_expr(topics::Column::Deleted, Expr::value(true))
            .filter(topics::Column::Id.eq(t.id))
            .exec(&txn)
            .await?;
    }
    counters::refresh(&txn, &[t.id], &[]).await?;
    if !own {
        audit::log(
            &txn,
            audit::Entry {
                actor: Some(actor.id),
                action: "post.delete",
                target_user: Some(p.user_id),
                topic: Some(t.id),
                post: Some(p.id),
                ..Default::default()
            },
        )
        .await?;
    }
    events::record(&txn, &Event::PostDeleted { topic: t.id, post: p.id, author: p.user_id, by: actor.id }).await?;
    let updated = posts::Entity::find_by_id(post_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    txn.commit().await.context("commit post delete")?;
    app.events.settle(app).await;
    Ok(updated)
}

/// Command: like or un-like a post. Returns whether the member now likes it.
pub async fn toggle_like(app: &App, actor: &User, post_id: i64) -> AppResult<bool> {
    app.policy.require(&actor.actor(), Action::Post)?;
    let (p, _) = visibility::post(app.db.read(), &app.policy, Some(actor), post_id).await?;
    if p.deleted || p.hidden {
        return Err(AppError::NotFound);
    }
    if p.user_id == actor.id {
        return Err(AppError::bad_request("err-like-own"));
    }
    let txn = app.db.write().begin().await?;
    let removed = post_likes::Entity::delete_many()
        .filter(post_likes::Column::PostId.eq(post_id))
        .filter(post_likes::Column::UserId.eq(actor.id))
        .exec(&txn)
        .await?
        .rows_affected;
    let delta: i32 = if removed > 0 {
        -1
    } else {
        post_likes::ActiveModel { post_id: Set(post_id), user_id: Set(actor.id), created_at: Set(crate::util::now()) }
            .insert(&txn)
            .await?;
        1
    };
    counters::like_changed(&txn, post_id, p.topic_id, delta).await?;
    events::record(&txn, &Event::PostLiked { post: post_id, author: p.user_id, by: actor.id, liked: delta > 0 })
        .await?;
    txn.commit().await.context("commit like")?;
    app.events.settle(app).await;
    Ok(delta > 0)
}

/// Command: bookmark or un-bookmark a post (private: no event). Returns
/// whether it is now bookmarked.
pub async fn toggle_bookmark(app: &App, actor: &User, post_id: i64) -> AppResult<bool> {
    visibility::post(app.db.read(), &app.policy, Some(actor), post_id).await?;
    let txn = app.db.write().begin().await?;
    let removed = bookmarks::Entity::delete_many()
        .filter(bookmarks::Column::PostId.eq(post_id))
        .filter(bookmarks::Column::UserId.eq(actor.id))
        .exec(&txn)
        .await?
        .rows_affected;
    if removed == 0 {
        bookmarks::Entity::insert(bookmarks::ActiveModel {
            user_id: Set(actor.id),
            post_id: Set(post_id),
            created_at: Set(crate::util::now()),
        })
        .on_conflict(
            OnConflict::columns([bookmarks::Column::UserId, bookmarks::Column::PostId]).do_nothing().to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(removed == 0)
}

/// Command: mark a reply as the topic's solution, or clear it if it already
/// is. Returns whether it is now the solution.
pub async fn toggle_solution(app: &App, actor: &User, post_id: i64) -> AppResult<bool> {
    let (p, t) = visibility::post(app.db.read(), &app.policy, Some(actor), post_id).await?;
    app.policy.require(&actor.actor(), Action::MarkSolution { topic_author: t.user_id == actor.id })?;
    if p.post_number == 1 || p.deleted || p.hidden {
        return Err(AppError::bad_request("err-solution-reply-only"));
    }
    let solved = t.solved_post_id != Some(p.id);
    let txn = app.db.write().begin().await?;
    topics::Entity::update_many()
        .col_expr(topics::Column::SolvedPostId, Expr::value(if solved { Some(p.id) } else { None }))
        .filter(topics::Column::Id.eq(t.id))
        .exec(&txn)
        .await?;
    events::record(&txn, &Event::SolutionMarked { topic: t.id, post: p.id, author: p.user_id, by: actor.id, solved })
        .await?;
    txn.commit().await.context("commit solution")?;
    app.events.settle(app).await;
    Ok(solved)
}

/// Records that a solved topic's answer became a guide (the first one
/// wins), inside the caller's transaction.
pub async fn link_guide(txn: &DatabaseTransaction, topic_id: i64, article_id: i64) -> AppResult<()> {
    topics::Entity::update_many()
        .col_expr(topics::Column::GuideArticleId, Expr::value(Some(article_id)))
        .filter(topics::Column::Id.eq(topic_id))
        .filter(topics::Column::GuideArticleId.is_null())
        .exec(txn)
        .await?;
    Ok(())
}
