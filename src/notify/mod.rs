//! Notifications: built from events by the `notifications` subscriber (in
//! the subscriber's transaction, so each event notifies exactly once),
//! shown in the site (`/notifications`, a count in the header) and mailed
//! per kind immediately (unless read in the site first), in a daily digest,
//! or not at all. What a member watches decides what reaches them.

pub mod email;
pub mod watch;

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::entities::{articles, notification_prefs, notifications, posts, proposals, topics, users};
use crate::error::AppResult;
use crate::events::{Event, Rows};

pub use watch::Level;

/// Every kind, in the order the settings page lists them.
pub const KINDS: &[&str] = &[
    "reply",
    "mention",
    "quote",
    "solution",
    "solved",
    "like",
    "watched-reply",
    "new-topic",
    "edited-guide",
    "proposal",
    "moderation",
    "standing",
];

/// How a kind reaches a member by mail unless they chose otherwise.
pub fn default_mode(kind: &str) -> &'static str {
    match kind {
        "like" => MODE_OFF,
        "watched-reply" | "new-topic" | "edited-guide" => MODE_DIGEST,
        _ => MODE_IMMEDIATELY,
    }
}

pub const MODE_IMMEDIATELY: &str = "immediately";
pub const MODE_DIGEST: &str = "digest";
pub const MODE_OFF: &str = "off";
pub const MODES: [&str; 3] = [MODE_IMMEDIATELY, MODE_DIGEST, MODE_OFF];

/// Extra data kept with a notification.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Data {
    /// A decision: `approved` / `rejected`, or a moderation action such as `post-hidden`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub status: String,
    /// The reviewer's or moderator's note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// A standing field, a sanction, a guide title.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// What one notification is about.
#[derive(Debug, Clone, Default)]
pub struct New {
    pub user: i64,
    pub kind: &'static str,
    pub actor: Option<i64>,
    pub topic: Option<i64>,
    pub post: Option<i64>,
    pub article: Option<i64>,
    pub data: Data,
}

/// The mail mode of `kind` for `user`.
pub async fn mode(db: &impl ConnectionTrait, user: i64, kind: &str) -> AppResult<String> {
    Ok(notification_prefs::Entity::find_by_id((user, kind.to_owned()))
        .one(db)
        .await?
        .map_or_else(|| default_mode(kind).to_owned(), |p| p.mode))
}

/// Stores one notification (likes on one post add up in one unread row).
async fn add(app: &App, txn: &DatabaseTransaction, n: New) -> AppResult<()> {
    if n.actor == Some(n.user) {
        return Ok(());
    }
    if n.kind == "like"
        && let Some(post) = n.post
        && let Some(existing) = notifications::Entity::find()
            .filter(notifications::Column::UserId.eq(n.user))
            .filter(notifications::Column::Kind.eq("like"))
            .filter(notifications::Column::PostId.eq(post))
            .filter(notifications::Column::ReadAt.is_null())
            .one(txn)
            .await?
    {
        let mut am: notifications::ActiveModel = existing.clone().into();
        am.count = Set(existing.count + 1);
        am.actor_id = Set(n.actor);
        am.updated_at = Set(crate::util::now());
        am.update(txn).await?;
        return Ok(());
    }
    let members = members(txn, &[n.user]).await?;
    add_all(app, txn, vec![n], &members).await
}

/// At most this many values in one `IN (…)` list or rows in one insert:
/// far below what either database accepts in one statement.
const CHUNK: usize = 500;

/// The members with these ids, by id (one statement per [`CHUNK`]).
async fn members(txn: &DatabaseTransaction, ids: &[i64]) -> AppResult<HashMap<i64, users::Model>> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        for u in users::Entity::find().filter(users::Column::Id.is_in(chunk.iter().copied())).all(txn).await? {
            out.insert(u.id, u);
        }
    }
    Ok(out)
}

/// Stores notifications for many members at once, each a new row (a like
/// on a post with an unread like adds up in that row: [`add`] looks for it
/// first). `members` holds the recipients; one who is
/// not there (an account gone meanwhile) is passed over, as is an actor
/// told of their own doing. Their mail choices and the rows take a
/// statement each (per [`CHUNK`]) whatever the number of recipients, so a
/// reply in a topic hundreds of members watch does not cost the single
/// writer a few statements per watcher.
async fn add_all(
    app: &App,
    txn: &DatabaseTransaction,
    list: Vec<New>,
    members: &HashMap<i64, users::Model>,
) -> AppResult<()> {
    let list: Vec<New> =
        list.into_iter().filter(|n| n.actor != Some(n.user) && members.contains_key(&n.user)).collect();
    if list.is_empty() {
        return Ok(());
    }
    // Mail only reaches a verified address; the others need no choices read.
    let verified: Vec<i64> = {
        let mut ids: Vec<i64> =
            list.iter().map(|n| n.user).filter(|u| members.get(u).is_some_and(|m| m.email_verified)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let kinds: HashSet<&str> = list.iter().map(|n| n.kind).collect();
    let mut chosen: HashMap<(i64, String), String> = HashMap::new();
    for chunk in verified.chunks(CHUNK) {
        for p in notification_prefs::Entity::find()
            .filter(notification_prefs::Column::UserId.is_in(chunk.iter().copied()))
            .filter(notification_prefs::Column::Kind.is_in(kinds.iter().copied()))
            .all(txn)
            .await?
        {
            chosen.insert((p.user_id, p.kind), p.mode);
        }
    }
    let now = crate::util::now();
    let delay = time::Duration::seconds(i64::from(app.config.mail.notify_delay_secs));
    let rows: Vec<notifications::ActiveModel> = list
        .into_iter()
        .map(|n| {
            let mode = if members.get(&n.user).is_some_and(|m| m.email_verified) {
                chosen.get(&(n.user, n.kind.to_owned())).map_or_else(|| default_mode(n.kind), String::as_str)
            } else {
                MODE_OFF
            };
            let (email_state, email_due_at) = match mode {
                MODE_IMMEDIATELY => ("pending", Some(now + delay)),
                MODE_DIGEST => ("digest", None),
                _ => ("none", None),
            };
            notifications::ActiveModel {
                user_id: Set(n.user),
                kind: Set(n.kind.to_owned()),
                actor_id: Set(n.actor),
                topic_id: Set(n.topic),
                post_id: Set(n.post),
                article_id: Set(n.article),
                count: Set(1),
                data: Set(serde_json::to_string(&n.data).unwrap_or_else(|_| "{}".into())),
                read_at: Set(None),
                email_state: Set(email_state.to_owned()),
                email_due_at: Set(email_due_at),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        })
        .collect();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(CHUNK).collect();
        notifications::Entity::insert_many(chunk).exec_without_returning(txn).await?;
    }
    Ok(())
}

/// `@name` mentions in a post's source: (username key, inside a quote).
pub fn mentions(body: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for line in body.lines() {
        let quoted = line.trim_start().starts_with('>');
        let mut rest = line;
        while let Some(at) = rest.find('@') {
            let before = rest[..at].chars().last();
            let after = &rest[at + 1..];
            let name: String =
                after.chars().take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.')).collect();
            let name = name.trim_end_matches(['.', '-']).to_owned();
            rest = &after[name.len().min(after.len())..];
            if before.is_some_and(|c| c.is_alphanumeric()) || name.chars().count() < 3 {
                continue;
            }
            let key = crate::accounts::names::username_key(&name);
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 |= quoted,
                None => out.push((key, quoted)),
            }
        }
    }
    out.truncate(20);
    out
}

/// Whether `user` may read `post` in `topic`.
fn sees(app: &App, user: &users::Model, topic: &topics::Model, post: &posts::Model) -> bool {
    crate::forum::visibility::sees_topic(&app.policy, Some(user), topic)
        && crate::forum::visibility::sees_post(&app.policy, Some(user), post)
}

/// A new post others can read: the topic's author, mentioned and quoted
/// members, and watchers hear of it; each member once, by the closest kind.
/// However many watch the topic and its category, this is a fixed number
/// of statements: the watchers, the members, their mail choices, the rows.
async fn on_post(
    app: &App,
    txn: &DatabaseTransaction,
    rows: &mut Rows,
    topic_id: i64,
    post_id: i64,
    by: i64,
    first: bool,
) -> AppResult<()> {
    let (Some(topic), Some(post)) = (rows.topic(txn, topic_id).await?, rows.post(txn, post_id).await?) else {
        return Ok(());
    };
    if post.held || post.hidden || post.deleted || topic.deleted || topic.hidden {
        return Ok(());
    }
    let audience = watch::topic_audience(txn, topic.id, topic.category_id).await?;
    // Who hears of it and how, closest kind first; whether they may read
    // it is decided below, once the members are loaded.
    let mut candidates: Vec<(i64, &'static str, bool)> = Vec::new();
    for (key, quoted) in mentions(&post.body) {
        if let Some(u) = crate::accounts::find_by_username(txn, &key).await? {
            candidates.push((u.id, if quoted { "quote" } else { "mention" }, true));
        }
    }
    if first {
        candidates.extend(audience.category_watchers.into_iter().map(|u| (u, "new-topic", true)));
    } else {
        candidates.push((topic.user_id, "reply", false));
        let watchers = audience.topic_watchers.into_iter().chain(audience.category_watchers);
        candidates.extend(watchers.map(|u| (u, "watched-reply", true)));
    }
    let muted = audience.muted;
    let mut told: HashSet<i64> = HashSet::from([by]);
    candidates.retain(|(u, _, _)| !muted.contains(u) && told.insert(*u));
    let ids: Vec<i64> = candidates.iter().map(|(u, _, _)| *u).collect();
    let members = members(txn, &ids).await?;
    let base = New { actor: Some(by), topic: Some(topic.id), post: Some(post.id), ..Default::default() };
    let list = candidates
        .into_iter()
        .filter(|(u, _, check)| !check || members.get(u).is_some_and(|m| sees(app, m, &topic, &post)))
        .map(|(user, kind, _)| New { user, kind, ..base.clone() })
        .collect();
    add_all(app, txn, list, &members).await
}

/// A moderator's decision about the member's post or account, with the
/// moderator's note (the post's or the sanction's reason).
async fn moderation(app: &App, txn: &DatabaseTransaction, mut n: New, status: &str) -> AppResult<()> {
    if n.actor == Some(n.user) {
        return Ok(());
    }
    n.data.note = match n.post {
        Some(p) => posts::Entity::find_by_id(p).one(txn).await?.map(|p| p.mod_reason).unwrap_or_default(),
        None => users::Entity::find_by_id(n.user).one(txn).await?.map(|u| u.sanction_reason).unwrap_or_default(),
    };
    n.data.status = status.to_owned();
    n.kind = "moderation";
    add(app, txn, n).await
}

/// A moderation notice about a post.
fn about_post(user: i64, by: i64, topic: i64, post: i64) -> New {
    New { user, actor: Some(by), topic: Some(topic), post: Some(post), ..Default::default() }
}

/// A moderation notice about an account.
fn about_account(user: i64, by: Option<i64>, sanction: &str) -> New {
    New { user, actor: by, data: Data { detail: sanction.to_owned(), ..Default::default() }, ..Default::default() }
}

/// The subscriber: turns one event into notifications and default watches.
pub async fn on_event(app: &App, txn: &DatabaseTransaction, event: &Event, rows: &mut Rows) -> AppResult<()> {
    match event {
        Event::TopicCreated { topic, post, by } => {
            watch::set_default(txn, *by, watch::TOPIC, *topic).await?;
            on_post(app, txn, rows, *topic, *post, *by, true).await
        }
        Event::PostCreated { topic, post, by } => {
            watch::set_default(txn, *by, watch::TOPIC, *topic).await?;
            on_post(app, txn, rows, *topic, *post, *by, false).await
        }
        Event::PostApproved { topic, post, author, .. } => {
            let first = rows.post(txn, *post).await?.is_some_and(|p| p.post_number == 1);
            on_post(app, txn, rows, *topic, *post, *author, first).await
        }
        Event::PostLiked { post, author, by, liked: true } => {
            let topic = posts::Entity::find_by_id(*post).one(txn).await?.map(|p| p.topic_id);
            if let Some(t) = topic
                && watch::muted_topic(txn, t).await?.contains(author)
            {
                return Ok(());
            }
            add(
                app,
                txn,
                New { user: *author, kind: "like", actor: Some(*by), topic, post: Some(*post), ..Default::default() },
            )
            .await
        }
        Event::SolutionMarked { topic, post, author, by, solved: true } => {
            let base = New { actor: Some(*by), topic: Some(*topic), post: Some(*post), ..Default::default() };
            add(app, txn, New { user: *author, kind: "solution", ..base.clone() }).await?;
            if let Some(t) = topics::Entity::find_by_id(*topic).one(txn).await?
                && t.user_id != *author
            {
                add(app, txn, New { user: t.user_id, kind: "solved", ..base }).await?;
            }
            Ok(())
        }
        Event::GuideSaved { article, by, created, .. } => {
            watch::set_default(txn, *by, watch::GUIDE, *article).await?;
            if *created {
                return Ok(());
            }
            let watchers = watch::watchers(txn, watch::GUIDE, *article).await?;
            let members = members(txn, &watchers).await?;
            let base = New { kind: "edited-guide", actor: Some(*by), article: Some(*article), ..Default::default() };
            let list = watchers.into_iter().map(|user| New { user, ..base.clone() }).collect();
            add_all(app, txn, list, &members).await
        }
        Event::ProposalDecided { proposal, author, by, status } => {
            let p = proposals::Entity::find_by_id(*proposal).one(txn).await?;
            let data = Data {
                status: status.clone(),
                note: p.as_ref().map(|p| p.review_reason.clone()).unwrap_or_default(),
                detail: p.as_ref().map(|p| p.title.clone()).unwrap_or_default(),
            };
            let article = p.and_then(|p| p.article_id);
            add(app, txn, New { user: *author, kind: "proposal", actor: *by, article, data, ..Default::default() })
                .await
        }
        Event::PostHidden { topic, post, author, by: Some(by) } => {
            moderation(app, txn, about_post(*author, *by, *topic, *post), "hidden-post").await
        }
        Event::PostUnhidden { topic, post, author, by } => {
            moderation(app, txn, about_post(*author, *by, *topic, *post), "unhidden-post").await
        }
        Event::PostDeleted { topic, post, author, by } if by != author => {
            moderation(app, txn, about_post(*author, *by, *topic, *post), "deleted-post").await
        }
        Event::PostRestored { topic, post, author, by } if by != author => {
            moderation(app, txn, about_post(*author, *by, *topic, *post), "restored-post").await
        }
        Event::SanctionApplied { user, by, sanction } => {
            moderation(app, txn, about_account(*user, Some(*by), sanction), "applied-sanction").await
        }
        Event::SanctionLifted { user, by, sanction } => {
            moderation(app, txn, about_account(*user, *by, sanction), "lifted-sanction").await
        }
        Event::StandingChanged { user, by, field } if *by != Some(*user) => {
            let data = Data { detail: field.clone(), ..Default::default() };
            add(app, txn, New { user: *user, kind: "standing", actor: *by, data, ..Default::default() }).await
        }
        _ => Ok(()),
    }
}

/// Unread notifications of `user` (the header's count).
pub async fn unread_count(db: &impl ConnectionTrait, user: i64) -> AppResult<u64> {
    Ok(notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user))
        .filter(notifications::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// One notification as the reader sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub id: i64,
    pub kind: String,
    pub text: String,
    pub note: String,
    pub href: String,
    pub unread: bool,
    pub created_at: String,
}

/// Renders `rows` for `reader` in `locale`; rows about content the reader
/// can no longer see are left out.
pub async fn render(
    app: &App,
    reader: &users::Model,
    rows: Vec<notifications::Model>,
    locale: &str,
) -> AppResult<Vec<Shown>> {
    let db = app.db.read();
    let actor_ids: Vec<i64> = rows.iter().filter_map(|r| r.actor_id).collect();
    let names = crate::accounts::usernames(&app.db, &actor_ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let data: Data = serde_json::from_str(&r.data).unwrap_or_default();
        let mut args: Vec<(&str, String)> = vec![
            ("actor", r.actor_id.and_then(|a| names.get(&a).cloned()).unwrap_or_default()),
            ("count", r.count.to_string()),
            ("others", (r.count - 1).max(0).to_string()),
        ];
        let mut href = "/notifications".to_owned();
        if let Some(t) = r.topic_id {
            let topic = topics::Entity::find_by_id(t).one(db).await?;
            let post = match r.post_id {
                Some(p) => posts::Entity::find_by_id(p).one(db).await?,
                None => None,
            };
            let Some(topic) = topic else { continue };
            let visible = crate::forum::visibility::sees_topic(&app.policy, Some(reader), &topic)
                && post.as_ref().is_none_or(|p| crate::forum::visibility::sees_post(&app.policy, Some(reader), p));
            // A moderation notice still tells its news without the hidden text.
            if !visible && r.kind != "moderation" {
                continue;
            }
            args.push(("title", if visible { topic.title.clone() } else { String::new() }));
            href = match &post {
                Some(p) if visible => {
                    format!("/t/{}?page={}#post-{}", topic.id, (p.post_number - 1) / 20 + 1, p.post_number)
                }
                _ if visible => format!("/t/{}", topic.id),
                _ => "/notifications".into(),
            };
        }
        if let Some(a) = r.article_id
            && let Some(article) = articles::Entity::find_by_id(a).one(db).await?
        {
            if let Ok(t) = crate::title::Title::parse(&article.title) {
                href = t.href();
            }
            args.push(("title", article.title));
        } else if r.kind == "proposal" {
            args.push(("title", data.detail.clone()));
        }
        let key = match r.kind.as_str() {
            "proposal" => {
                format!("notify-proposal-{}", if data.status == "approved" { "approved" } else { "rejected" })
            }
            "moderation" => format!("notify-moderation-{}", data.status),
            "standing" => {
                args.push(("field", crate::i18n::text(locale, &format!("standing-field-{}", data.detail), &[])));
                "notify-standing".into()
            }
            k => format!("notify-{k}"),
        };
        if r.kind == "moderation" && !data.detail.is_empty() {
            args.push(("sanction", crate::i18n::text(locale, &format!("notify-sanction-{}", data.detail), &[])));
        }
        if r.kind == "standing" {
            let name = percent_encoding::utf8_percent_encode(&reader.username, percent_encoding::NON_ALPHANUMERIC);
            href = format!("/u/{name}");
        }
        out.push(Shown {
            id: r.id,
            kind: r.kind.clone(),
            text: crate::i18n::text(locale, &key, &args),
            note: data.note,
            href,
            unread: r.read_at.is_none(),
            created_at: crate::util::rfc3339(&r.created_at),
        });
    }
    Ok(out)
}

/// The newest notifications of `user`.
pub async fn list(app: &App, user: &users::Model, locale: &str, limit: u64) -> AppResult<Vec<Shown>> {
    let rows = notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user.id))
        .order_by_desc(notifications::Column::UpdatedAt)
        .order_by_desc(notifications::Column::Id)
        .limit(limit)
        .all(app.db.read())
        .await?;
    render(app, user, rows, locale).await
}

/// Command: marks one notification of `user` read; returns where it points.
pub async fn open(app: &App, user: &users::Model, id: i64, locale: &str) -> AppResult<String> {
    let Some(row) = notifications::Entity::find_by_id(id).one(app.db.read()).await?.filter(|n| n.user_id == user.id)
    else {
        return Err(crate::error::AppError::NotFound);
    };
    mark_read(app.db.write(), user.id, Some(id), None).await?;
    Ok(render(app, user, vec![row], locale).await?.pop().map_or_else(|| "/notifications".into(), |s| s.href))
}

/// Marks notifications of `user` read: one (`id`), those about a topic, or all.
pub async fn mark_read(db: &impl ConnectionTrait, user: i64, id: Option<i64>, topic: Option<i64>) -> AppResult<u64> {
    let mut q = notifications::Entity::update_many()
        .col_expr(notifications::Column::ReadAt, Expr::value(Some(crate::util::now())))
        .filter(notifications::Column::UserId.eq(user))
        .filter(notifications::Column::ReadAt.is_null());
    if let Some(id) = id {
        q = q.filter(notifications::Column::Id.eq(id));
    }
    if let Some(t) = topic {
        q = q.filter(notifications::Column::TopicId.eq(t));
    }
    Ok(q.exec(db).await?.rows_affected)
}

/// Whether `user` has unread notifications about `topic` (checked before
/// writing, so reading a topic costs a write only when there is news).
pub async fn unread_in_topic(db: &impl ConnectionTrait, user: i64, topic: i64) -> AppResult<bool> {
    Ok(notifications::Entity::find()
        .select_only()
        .column(notifications::Column::Id)
        .filter(notifications::Column::UserId.eq(user))
        .filter(notifications::Column::TopicId.eq(topic))
        .filter(notifications::Column::ReadAt.is_null())
        .into_tuple::<i64>()
        .one(db)
        .await?
        .is_some())
}

/// A member read `topic`: its notifications count as seen.
pub async fn seen_topic(app: &App, user: i64, topic: i64) -> AppResult<()> {
    if unread_in_topic(app.db.read(), user, topic).await? {
        mark_read(app.db.write(), user, None, Some(topic)).await?;
    }
    Ok(())
}

/// Command: the mail mode of every kind for `user` (unknown kinds and modes are refused).
pub async fn set_modes(app: &App, user: i64, modes: &[(String, String)]) -> AppResult<()> {
    use sea_orm::TransactionTrait;
    for (kind, mode) in modes {
        if !KINDS.contains(&kind.as_str()) || !MODES.contains(&mode.as_str()) {
            return Err(crate::error::AppError::bad_request("error-bad-choice"));
        }
    }
    let txn = app.db.write().begin().await?;
    for (kind, mode) in modes {
        set_mode(&txn, user, kind, mode).await?;
    }
    txn.commit().await?;
    Ok(())
}

pub async fn set_mode(db: &impl ConnectionTrait, user: i64, kind: &str, mode: &str) -> AppResult<()> {
    use sea_orm::sea_query::OnConflict;
    notification_prefs::Entity::insert(notification_prefs::ActiveModel {
        user_id: Set(user),
        kind: Set(kind.to_owned()),
        mode: Set(mode.to_owned()),
    })
    .on_conflict(
        OnConflict::columns([notification_prefs::Column::UserId, notification_prefs::Column::Kind])
            .update_column(notification_prefs::Column::Mode)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_found_and_quotes_told_apart() {
        let m = mentions("Hi @Олена and @bob_1.\n> @carol said so\nmail me at x@example.com, @ab");
        assert_eq!(m, vec![("олена".into(), false), ("bob_1".into(), false), ("carol".into(), true)]);
    }
}
