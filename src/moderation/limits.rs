//! Posting limits (Discourse-like): a minimum interval between posts, a
//! daily cap and a link cap for new accounts, and optional approval of new
//! accounts' posts. Staff are exempt from all of them.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::accounts::User;
use crate::app::App;
use crate::entities::{posts, topics};
use crate::error::{AppError, AppResult, FormErrors};
use crate::policy::Action;

fn exempt(app: &App, user: &User) -> bool {
    app.policy.allows(&user.actor(), Action::Moderate)
}

fn is_new(app: &App, user: &User) -> bool {
    crate::util::now() - user.created_at < time::Duration::hours(i64::from(app.config.new_account_hours))
}

/// New accounts may put at most `new_max_links` links in a post (spam
/// defence): a message on the body field when over.
pub fn check_links(app: &App, user: &User, body: &str) -> AppResult<()> {
    if exempt(app, user) || !is_new(app, user) {
        return Ok(());
    }
    let lower = body.to_lowercase();
    let links = lower.matches("http://").count() + lower.matches("https://").count() + lower.matches("www.").count();
    if links > app.config.new_max_links as usize {
        let mut e = FormErrors::new();
        e.add_with("body", "err-too-many-links", vec![("max", app.config.new_max_links.to_string())]);
        return Err(AppError::Invalid(e));
    }
    Ok(())
}

/// The daily cap of new accounts and the interval between posts. Checked
/// last, once the post is otherwise acceptable, so a refused post does not
/// start the interval. `RateLimited` says how long to wait.
pub async fn check_rate(app: &App, user: &User, topic: bool) -> AppResult<()> {
    if exempt(app, user) {
        return Ok(());
    }
    let now = crate::util::now();
    let new_account = is_new(app, user);
    if new_account {
        let since = now - time::Duration::hours(24);
        let (count, cap) = if topic {
            let n = topics::Entity::find()
                .filter(topics::Column::UserId.eq(user.id))
                .filter(topics::Column::CreatedAt.gt(since))
                .count(app.db.read())
                .await?;
            (n, app.config.new_topics_per_day)
        } else {
            let n = posts::Entity::find()
                .filter(posts::Column::UserId.eq(user.id))
                .filter(posts::Column::PostNumber.gt(1))
                .filter(posts::Column::CreatedAt.gt(since))
                .count(app.db.read())
                .await?;
            (n, app.config.new_replies_per_day)
        };
        if count >= u64::from(cap) {
            let wait = (user.created_at + time::Duration::hours(i64::from(app.config.new_account_hours)) - now)
                .whole_seconds();
            let secs = u64::try_from(Ord::max(wait, 60)).unwrap_or(60);
            return Err(AppError::RateLimited { retry_after: std::time::Duration::from_secs(secs) });
        }
    }
    app.throttle.post(&app.db, user.id, new_account).await
}

/// Whether a new post by `user` waits for approval (`approve_new_posts`,
/// new accounts only, staff never).
pub fn must_hold(app: &App, user: &User) -> bool {
    app.config.approve_new_posts
        && !exempt(app, user)
        && crate::util::now() - user.created_at
            < time::Duration::hours(i64::from(Ord::max(app.config.new_account_hours, 1)))
}
