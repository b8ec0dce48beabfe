//! Keeping the community safe, one command per moderation action. Each
//! asks `policy` (with the moderator's categories and the member's rank),
//! changes what it changes with its counters, writes its staff-log row and
//! records its event, all in one transaction.
//!
//! - [`topics`]: close, reopen, pin, move, merge, split;
//! - [`posts`]: hide, unhide, delete, restore; approval of held posts;
//! - [`flags`]: members flag, moderators decide;
//! - [`sanctions`]: silence, suspend, ban, and lifting them;
//! - [`queue`]: what waits for a moderator, and sign-up approval;
//! - [`limits`]: posting limits for new accounts.

pub mod flags;
pub mod limits;
pub mod posts;
pub mod queue;
pub mod sanctions;
pub mod topics;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::accounts::User;
use crate::app::App;
use crate::entities::{categories, topics as topic_rows};
use crate::error::AppResult;
use crate::policy::Action;

pub use flags::FLAG_REASONS;
pub use posts::PostTool;
pub use queue::QueueItem;
pub use topics::TopicTool;

/// The categories a moderator looks after, subcategories included; `None`
/// for all (admins, and moderators not limited).
pub async fn scope(db: &impl ConnectionTrait, actor: &User) -> AppResult<Option<Vec<i64>>> {
    let slugs: Vec<&str> = actor.moderated_categories.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if slugs.is_empty() || actor.role() == crate::policy::Role::Admin {
        return Ok(None);
    }
    let all = categories::Entity::find().all(db).await?;
    let roots: Vec<i64> = all.iter().filter(|c| slugs.contains(&c.slug.as_str())).map(|c| c.id).collect();
    let mut ids = roots.clone();
    ids.extend(all.iter().filter(|c| c.parent_id.is_some_and(|p| roots.contains(&p))).map(|c| c.id));
    Ok(Some(ids))
}

/// Moderating in `category_id`: allowed for admins, and for moderators
/// who look after it.
pub(crate) async fn require_in(db: &impl ConnectionTrait, app: &App, actor: &User, category_id: i64) -> AppResult<()> {
    let in_scope = scope(db, actor).await?.is_none_or(|ids| ids.contains(&category_id));
    app.policy.require(&actor.actor(), Action::ModerateIn { in_scope })
}

/// Keeps a topic's visibility in lists in step with its opening post.
pub(crate) async fn sync_topic_hidden(
    db: &impl ConnectionTrait,
    topic_id: i64,
    post_number: i32,
    hidden: bool,
) -> AppResult<()> {
    if post_number == 1 {
        topic_rows::Entity::update_many()
            .col_expr(topic_rows::Column::Hidden, Expr::value(hidden))
            .filter(topic_rows::Column::Id.eq(topic_id))
            .exec(db)
            .await?;
    }
    Ok(())
}
