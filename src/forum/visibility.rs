//! Who sees what. Deleted topics and posts are seen by staff only; hidden
//! ones (by moderators, by flags, or held for approval) by staff and their
//! author, who is told why. Every path that shows or acts on a topic or a
//! post asks here first: pages, history, quotes, feeds, search, the API.

use sea_orm::{ConnectionTrait, EntityTrait};

use crate::accounts::User;
use crate::entities::{posts, topics};
use crate::error::{AppError, AppResult};
use crate::policy::{Action, Policy};

/// Whether the viewer is staff who see deleted and hidden content.
pub fn is_staff(policy: &Policy, viewer: Option<&User>) -> bool {
    viewer.is_some_and(|u| policy.allows(&u.actor(), Action::SeeDeletedPosts))
}

pub fn sees_topic(policy: &Policy, viewer: Option<&User>, t: &topics::Model) -> bool {
    if t.deleted {
        return is_staff(policy, viewer);
    }
    if t.hidden {
        return is_staff(policy, viewer) || viewer.is_some_and(|u| u.id == t.user_id);
    }
    true
}

/// Whether the viewer may read the post's text.
pub fn sees_post(policy: &Policy, viewer: Option<&User>, p: &posts::Model) -> bool {
    if p.deleted {
        return is_staff(policy, viewer);
    }
    if p.hidden {
        return is_staff(policy, viewer) || viewer.is_some_and(|u| u.id == p.user_id);
    }
    true
}

/// A topic the viewer may see, or `NotFound` (never "forbidden": what is
/// hidden does not show that it exists).
pub async fn topic(
    db: &impl ConnectionTrait,
    policy: &Policy,
    viewer: Option<&User>,
    id: i64,
) -> AppResult<topics::Model> {
    let t = topics::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    if sees_topic(policy, viewer, &t) { Ok(t) } else { Err(AppError::NotFound) }
}

/// A post (and its topic) whose text the viewer may read, or `NotFound`.
pub async fn post(
    db: &impl ConnectionTrait,
    policy: &Policy,
    viewer: Option<&User>,
    id: i64,
) -> AppResult<(posts::Model, topics::Model)> {
    let p = posts::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let t = topic(db, policy, viewer, p.topic_id).await?;
    if sees_post(policy, viewer, &p) { Ok((p, t)) } else { Err(AppError::NotFound) }
}
