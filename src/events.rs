//! What happened, as typed events, and the subscribers that build derived
//! data from them.
//!
//! A command records its events with [`record`] inside the transaction that
//! makes the change, so an event exists exactly when the change does. After
//! the commit the command calls [`Bus::settle`], which runs every
//! subscriber over the new events before the answer goes out (a member sees
//! their own change reflected at once). A background task does the same
//! every few seconds, so events left behind by a crash, by the command line
//! or by another instance are processed too.
//!
//! Each subscriber keeps its place in `event_cursors` and advances it in
//! the same transaction as the rows it derived, so each event's effect is
//! applied exactly once even across crashes and instances. Every
//! subscriber can also rebuild what it owns from scratch
//! (`veche rebuild`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::entities::{event_cursors, events, posts, topics};
use crate::error::AppResult;

/// Everything a command can record. Ids only: subscribers read the current
/// state, so replaying an old event never brings back stale data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Event {
    TopicCreated {
        topic: i64,
        post: i64,
        by: i64,
    },
    PostCreated {
        topic: i64,
        post: i64,
        by: i64,
    },
    PostEdited {
        topic: i64,
        post: i64,
        by: i64,
    },
    /// `by` is the author (their own post) or a moderator.
    PostDeleted {
        topic: i64,
        post: i64,
        author: i64,
        by: i64,
    },
    PostRestored {
        topic: i64,
        post: i64,
        author: i64,
        by: i64,
    },
    /// `by: None`: hidden by the community's flags, awaiting review.
    PostHidden {
        topic: i64,
        post: i64,
        author: i64,
        by: Option<i64>,
    },
    PostUnhidden {
        topic: i64,
        post: i64,
        author: i64,
        by: i64,
    },
    PostApproved {
        topic: i64,
        post: i64,
        author: i64,
        by: i64,
    },
    PostLiked {
        post: i64,
        author: i64,
        by: i64,
        liked: bool,
    },
    SolutionMarked {
        topic: i64,
        post: i64,
        author: i64,
        by: i64,
        solved: bool,
    },
    /// Closed, reopened, pinned or unpinned (`change` names which).
    TopicChanged {
        topic: i64,
        by: i64,
        change: String,
    },
    TopicMoved {
        topic: i64,
        from: i64,
        to: i64,
        by: i64,
    },
    TopicsMerged {
        from: i64,
        into: i64,
        by: i64,
    },
    TopicSplit {
        from: i64,
        into: i64,
        by: i64,
    },
    GuideSaved {
        article: i64,
        revision: i64,
        by: i64,
        created: bool,
    },
    GuideRenamed {
        article: i64,
        from: String,
        to: String,
        by: i64,
    },
    GuideProtected {
        article: i64,
        by: i64,
        protected: bool,
    },
    ProposalSubmitted {
        proposal: i64,
        by: i64,
    },
    ProposalDecided {
        proposal: i64,
        author: i64,
        by: Option<i64>,
        status: String,
    },
    StandingChanged {
        user: i64,
        by: Option<i64>,
        field: String,
    },
    SanctionApplied {
        user: i64,
        by: i64,
        sanction: String,
    },
    SanctionLifted {
        user: i64,
        by: Option<i64>,
        sanction: String,
    },
    FlagRaised {
        post: i64,
        by: i64,
    },
    FlagsResolved {
        post: i64,
        by: i64,
        agreed: bool,
    },
    MemberRegistered {
        user: i64,
    },
    RegistrationDecided {
        user: i64,
        by: i64,
        approved: bool,
    },
    SignedIn {
        user: i64,
    },
    PasswordChanged {
        user: i64,
    },
    EmailChanged {
        user: i64,
    },
    /// A support request exists (filed from an account, or confirmed by mail).
    SupportRequestFiled {
        request: i64,
        by: Option<i64>,
    },
    /// A message in a support request; `by: None`: an e-mail requester.
    SupportMessageAdded {
        request: i64,
        message: i64,
        by: Option<i64>,
        from: String,
    },
    /// Status, service, assignee or merge (`change` names which).
    SupportRequestChanged {
        request: i64,
        by: Option<i64>,
        change: String,
    },
}

impl Event {
    /// The kind as stored (the serde tag).
    pub fn kind(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned))
            .unwrap_or_default()
    }

    /// Members whose community BL this event may move.
    fn moves_bl_of(&self) -> Vec<i64> {
        match self {
            Event::PostLiked { author, .. }
            | Event::SolutionMarked { author, .. }
            | Event::PostDeleted { author, .. }
            | Event::PostRestored { author, .. } => vec![*author],
            Event::GuideSaved { by, .. } => vec![*by],
            Event::ProposalDecided { author, status, .. } if status == "approved" => vec![*author],
            Event::SignedIn { user } => vec![*user],
            Event::StandingChanged { user, field, .. } if field == "bl-source" => vec![*user],
            _ => Vec::new(),
        }
    }
}

/// Records `event` in the caller's transaction. Call it last, just before
/// the commit: on PostgreSQL it takes a transaction-scoped lock so that
/// events commit in the order of their ids (a subscriber that has read
/// event 11 can never later meet an event 10 committing behind it).
pub async fn record(txn: &DatabaseTransaction, event: &Event) -> AppResult<()> {
    record_all(txn, std::slice::from_ref(event)).await
}

/// Records several events of one command.
pub async fn record_all(txn: &DatabaseTransaction, list: &[Event]) -> AppResult<()> {
    if list.is_empty() {
        return Ok(());
    }
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(7362215)").await?;
    }
    let now = crate::util::now();
    for event in list {
        let payload = serde_json::to_string(event).context("serializing an event")?;
        events::ActiveModel {
            kind: Set(event.kind()),
            payload: Set(payload),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Posts and topics the subscribers of one transaction read, each read
/// once: links, search and notifications all look at a new post and its
/// topic. None of the subscribers writes posts or topics, so within the
/// transaction a row read by one is the row every other would read.
#[derive(Default)]
pub struct Rows {
    posts: HashMap<i64, Option<posts::Model>>,
    topics: HashMap<i64, Option<topics::Model>>,
}

impl Rows {
    pub async fn post(&mut self, db: &impl ConnectionTrait, id: i64) -> AppResult<Option<posts::Model>> {
        read_once(&mut self.posts, id, posts::Entity::find_by_id(id).one(db)).await
    }

    pub async fn topic(&mut self, db: &impl ConnectionTrait, id: i64) -> AppResult<Option<topics::Model>> {
        read_once(&mut self.topics, id, topics::Entity::find_by_id(id).one(db)).await
    }
}

/// The row `id` from `seen`, or from `read` (awaited only then) kept in `seen`.
async fn read_once<T: Clone>(
    seen: &mut HashMap<i64, Option<T>>,
    id: i64,
    read: impl Future<Output = Result<Option<T>, sea_orm::DbErr>>,
) -> AppResult<Option<T>> {
    if let Some(row) = seen.get(&id) {
        return Ok(row.clone());
    }
    let row = read.await?;
    seen.insert(id, row.clone());
    Ok(row)
}

/// A consumer of events that keeps derived data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subscriber {
    /// The link table and red links turning blue.
    Links,
    /// Members' community BL.
    CommunityBl,
    /// The search index.
    Search,
    /// Notifications and the watches members get by default.
    Notifications,
}

impl Subscriber {
    pub const ALL: [Subscriber; 4] =
        [Subscriber::Links, Subscriber::CommunityBl, Subscriber::Search, Subscriber::Notifications];

    pub fn name(self) -> &'static str {
        match self {
            Subscriber::Links => "links",
            Subscriber::CommunityBl => "community-bl",
            Subscriber::Search => "search",
            Subscriber::Notifications => "notifications",
        }
    }

    pub fn parse(s: &str) -> Option<Subscriber> {
        Self::ALL.into_iter().find(|x| x.name() == s)
    }

    /// After this subscriber's derived writes are committed.
    fn committed(self, app: &App) {
        if self == Subscriber::Search {
            app.search_df.changed();
        }
    }

    async fn handle(self, app: &App, txn: &DatabaseTransaction, event: &Event, rows: &mut Rows) -> AppResult<()> {
        match self {
            Subscriber::Links => crate::crosslinks::on_event(txn, event, rows).await,
            Subscriber::CommunityBl => {
                for user in event.moves_bl_of() {
                    crate::accounts::community::recompute(txn, &app.config.community_bl, user).await?;
                }
                Ok(())
            }
            Subscriber::Search => crate::search::index::on_event(txn, event, rows).await,
            Subscriber::Notifications => crate::notify::on_event(app, txn, event, rows).await,
        }
    }

    /// Recomputes everything this subscriber owns from the current data,
    /// then moves its cursor to the newest event.
    pub async fn rebuild(self, app: &App) -> AppResult<()> {
        let last = newest_event(app.db.write()).await?;
        match self {
            Subscriber::Links => crate::crosslinks::rebuild(&app.db).await?,
            Subscriber::CommunityBl => {
                crate::accounts::community::recompute_all(&app.db, &app.config.community_bl).await?;
            }
            Subscriber::Search => {
                crate::search::index::rebuild(&app.db).await?;
                app.search_df.changed();
            }
            // News is told once, when it happens: a rebuild only skips ahead.
            Subscriber::Notifications => {}
        }
        let txn = app.db.write().begin().await?;
        set_cursor(&txn, self.name(), last).await?;
        txn.commit().await?;
        Ok(())
    }
}

async fn newest_event(db: &impl ConnectionTrait) -> AppResult<i64> {
    Ok(events::Entity::find()
        .select_only()
        .column(events::Column::Id)
        .order_by_desc(events::Column::Id)
        .limit(1)
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0))
}

/// Reads a subscriber's cursor, taking the row lock first (on PostgreSQL
/// this makes processors of one subscriber on several instances wait for
/// each other; on SQLite the single writer already does).
async fn lock_cursor(txn: &DatabaseTransaction, name: &str) -> AppResult<i64> {
    let now = crate::util::now();
    let touched = event_cursors::Entity::update_many()
        .col_expr(event_cursors::Column::UpdatedAt, Expr::value(Some(now)))
        .filter(event_cursors::Column::Name.eq(name))
        .exec(txn)
        .await?
        .rows_affected;
    if touched == 0 {
        let inserted = event_cursors::Entity::insert(event_cursors::ActiveModel {
            name: Set(name.to_owned()),
            last_id: Set(0),
            updated_at: Set(Some(now)),
        })
        .on_conflict(sea_orm::sea_query::OnConflict::column(event_cursors::Column::Name).do_nothing().to_owned())
        .exec_without_returning(txn)
        .await?;
        let _ = inserted;
    }
    Ok(event_cursors::Entity::find_by_id(name.to_owned()).one(txn).await?.map_or(0, |c| c.last_id))
}

async fn set_cursor(txn: &DatabaseTransaction, name: &str, last_id: i64) -> AppResult<()> {
    lock_cursor(txn, name).await?;
    event_cursors::Entity::update_many()
        .col_expr(event_cursors::Column::LastId, Expr::value(last_id))
        .filter(event_cursors::Column::Name.eq(name))
        .exec(txn)
        .await?;
    Ok(())
}

const BATCH: u64 = 200;

/// The next batch of events after `after`, oldest first.
async fn batch_after(txn: &DatabaseTransaction, after: i64) -> AppResult<Vec<events::Model>> {
    Ok(events::Entity::find()
        .filter(events::Column::Id.gt(after))
        .order_by_asc(events::Column::Id)
        .limit(BATCH)
        .all(txn)
        .await?)
}

fn parse(row: &events::Model) -> Option<Event> {
    match serde_json::from_str(&row.payload) {
        Ok(e) => Some(e),
        Err(e) => {
            // Written by a newer or older version: nothing this one can do.
            tracing::warn!(event = row.id, kind = %row.kind, error = %e, "skipping an event this version cannot read");
            None
        }
    }
}

/// Runs one subscriber over the events after its cursor, a batch per
/// transaction. Returns how many events it went through.
async fn run(app: &App, sub: Subscriber) -> AppResult<usize> {
    // A cheap look first: most of the time there is nothing to do.
    let cursor =
        event_cursors::Entity::find_by_id(sub.name().to_owned()).one(app.db.read()).await?.map_or(0, |c| c.last_id);
    if newest_event(app.db.read()).await? <= cursor {
        return Ok(0);
    }
    let mut done = 0;
    loop {
        let txn = app.db.write().begin().await?;
        let after = lock_cursor(&txn, sub.name()).await?;
        let rows = batch_after(&txn, after).await?;
        let Some(last) = rows.last().map(|r| r.id) else {
            txn.commit().await?;
            return Ok(done);
        };
        let mut failed = None;
        let mut rows_read = Rows::default();
        for row in &rows {
            if let Some(event) = parse(row)
                && let Err(e) = sub.handle(app, &txn, &event, &mut rows_read).await
            {
                failed = Some((row.id, e));
                break;
            }
        }
        match failed {
            None => {
                set_cursor(&txn, sub.name(), last).await?;
                txn.commit().await?;
                sub.committed(app);
                done += rows.len();
            }
            Some((id, e)) => {
                txn.rollback().await?;
                // Everything before the failing event, then the event alone;
                // an event that fails alone is logged and passed over so one
                // bad event cannot stop the rest (`veche rebuild` repairs).
                done += run_one_by_one(app, sub, after, id).await?;
                tracing::error!(subscriber = sub.name(), event = id, error = %e, "an event could not be processed");
                let txn = app.db.write().begin().await?;
                if lock_cursor(&txn, sub.name()).await? < id {
                    set_cursor(&txn, sub.name(), id).await?;
                }
                txn.commit().await?;
            }
        }
    }
}

async fn run_one_by_one(app: &App, sub: Subscriber, after: i64, before: i64) -> AppResult<usize> {
    let ids: Vec<i64> = events::Entity::find()
        .select_only()
        .column(events::Column::Id)
        .filter(events::Column::Id.gt(after))
        .filter(events::Column::Id.lt(before))
        .order_by_asc(events::Column::Id)
        .into_tuple::<i64>()
        .all(app.db.write())
        .await?;
    let mut done = 0;
    for id in ids {
        let txn = app.db.write().begin().await?;
        if lock_cursor(&txn, sub.name()).await? >= id {
            txn.commit().await?;
            continue;
        }
        if let Some(row) = events::Entity::find_by_id(id).one(&txn).await?
            && let Some(event) = parse(&row)
        {
            sub.handle(app, &txn, &event, &mut Rows::default()).await?;
        }
        set_cursor(&txn, sub.name(), id).await?;
        txn.commit().await?;
        sub.committed(app);
        done += 1;
    }
    Ok(done)
}

/// Runs every subscriber to the end of the outbox (with the site's image
/// policy: the link subscriber renders pages again). Returns how many
/// events the subscribers went through, counted once per subscriber.
///
/// All subscribers go through a batch in one transaction: the events are
/// read and parsed once, the cursors locked and moved in one statement each,
/// and there is one commit instead of one per subscriber (on SQLite's single
/// writer every transaction queues behind the members' own writes). If any
/// subscriber fails, that transaction is rolled back and each subscriber
/// runs alone, as [`run`] does, so one subscriber's bad event never holds
/// the others back.
pub async fn process(app: &App) -> AppResult<usize> {
    app.rendering(async {
        let mut n = 0;
        match run_together(app, &mut n).await {
            Ok(()) => return Ok(n),
            Err(e) => tracing::warn!(error = %e, "processing events together failed; each subscriber alone"),
        }
        for sub in Subscriber::ALL {
            n += run(app, sub).await?;
        }
        Ok(n)
    })
    .await
}

/// Whether an event waits for some subscriber: the newest event is past
/// the furthest-behind cursor (a subscriber without one has seen nothing).
/// One statement, run after every command.
async fn waiting(db: &impl ConnectionTrait) -> AppResult<bool> {
    let mut sql = crate::sql::Sql::new(db.get_database_backend());
    let names = Subscriber::ALL.map(Subscriber::name);
    sql.push("SELECT (SELECT MAX(id) FROM events) AS newest, (SELECT COUNT(*) FROM event_cursors WHERE name IN ");
    sql.bind_list(names).push(") AS known, (SELECT MIN(last_id) FROM event_cursors WHERE name IN ");
    sql.bind_list(names).push(") AS behind");
    let Some(row) = db.query_one_raw(sql.build()).await? else { return Ok(false) };
    let newest: Option<i64> = row.try_get("", "newest")?;
    let known: i64 = row.try_get("", "known")?;
    let behind: Option<i64> = row.try_get("", "behind")?;
    let behind = if known < Subscriber::ALL.len() as i64 { 0 } else { behind.unwrap_or(0) };
    Ok(newest.unwrap_or(0) > behind)
}

/// Every subscriber's cursor, in [`Subscriber::ALL`] order (0 for one that
/// has none yet).
async fn cursors(db: &impl ConnectionTrait) -> AppResult<[i64; 4]> {
    let rows = event_cursors::Entity::find()
        .filter(event_cursors::Column::Name.is_in(Subscriber::ALL.map(Subscriber::name)))
        .all(db)
        .await?;
    Ok(by_subscriber(&rows))
}

fn by_subscriber(rows: &[event_cursors::Model]) -> [i64; 4] {
    Subscriber::ALL.map(|s| rows.iter().find(|c| c.name == s.name()).map_or(0, |c| c.last_id))
}

/// Locks every subscriber's cursor row (creating missing ones) and reads
/// them. PostgreSQL locks the rows in name order, so two instances doing
/// this cannot deadlock; SQLite's write lock is taken by the first update.
async fn lock_cursors(txn: &DatabaseTransaction) -> AppResult<[i64; 4]> {
    let names = Subscriber::ALL.map(Subscriber::name);
    let now = crate::util::now();
    let missing = if txn.get_database_backend() == DatabaseBackend::Postgres {
        let rows = event_cursors::Entity::find()
            .filter(event_cursors::Column::Name.is_in(names))
            .order_by_asc(event_cursors::Column::Name)
            .lock_exclusive()
            .all(txn)
            .await?;
        if rows.len() == names.len() {
            // The locking read is the read.
            return Ok(by_subscriber(&rows));
        }
        true
    } else {
        // The write that takes SQLite's lock returns the cursors it touched.
        let rows = event_cursors::Entity::update_many()
            .col_expr(event_cursors::Column::UpdatedAt, Expr::value(Some(now)))
            .filter(event_cursors::Column::Name.is_in(names))
            .exec_with_returning(txn)
            .await?;
        if rows.len() == names.len() {
            return Ok(by_subscriber(&rows));
        }
        true
    };
    if missing {
        for name in names {
            lock_cursor(txn, name).await?;
        }
    }
    cursors(txn).await
}

/// All subscribers over the events after the furthest-behind cursor, a
/// batch per transaction; an error leaves nothing of that batch. Adds to
/// `done` what was committed.
async fn run_together(app: &App, done: &mut usize) -> AppResult<()> {
    loop {
        // A cheap look first: most of the time there is nothing to do.
        if !waiting(app.db.read()).await? {
            return Ok(());
        }
        let txn = app.db.write().begin().await?;
        let after = lock_cursors(&txn).await?;
        let from = after.iter().copied().min().unwrap_or(0);
        let rows = batch_after(&txn, from).await?;
        let Some(last) = rows.last().map(|r| r.id) else {
            txn.commit().await?;
            return Ok(());
        };
        let mut handled = 0;
        let parsed: Vec<(i64, Option<Event>)> = rows.iter().map(|r| (r.id, parse(r))).collect();
        let mut rows_read = Rows::default();
        for (sub, after) in Subscriber::ALL.into_iter().zip(after) {
            for (id, event) in &parsed {
                if *id <= after {
                    continue;
                }
                if let Some(event) = event {
                    sub.handle(app, &txn, event, &mut rows_read).await?;
                }
                handled += 1;
            }
        }
        event_cursors::Entity::update_many()
            .col_expr(event_cursors::Column::LastId, Expr::value(last))
            .filter(event_cursors::Column::Name.is_in(Subscriber::ALL.map(Subscriber::name)))
            .filter(event_cursors::Column::LastId.lt(last))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        for sub in Subscriber::ALL {
            sub.committed(app);
        }
        *done += handled;
        if rows.len() < BATCH as usize {
            return Ok(());
        }
    }
}

/// One per process: serializes processing here and wakes the background
/// task.
#[derive(Clone, Default)]
pub struct Bus(Arc<BusInner>);

#[derive(Default)]
struct BusInner {
    running: tokio::sync::Mutex<()>,
}

impl Bus {
    /// Processes what is waiting (the caller's own events among them).
    /// The caller's change is committed already, so a failure here is
    /// logged, not returned: the background task will try again.
    pub async fn settle(&self, app: &App) {
        let _guard = self.0.running.lock().await;
        if let Err(e) = process(app).await {
            tracing::error!(error = %e, "processing events failed; will retry");
        }
    }
}

/// Keeps processing in the background: events from the command line, from
/// other instances, or left by a crash.
pub fn spawn_worker(app: App) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            app.events.settle(&app).await;
        }
    });
}

/// How many events each subscriber has still to process.
pub async fn pending(app: &App) -> AppResult<Vec<(Subscriber, i64)>> {
    let newest = newest_event(app.db.read()).await?;
    let cursors = event_cursors::Entity::find().all(app.db.read()).await?;
    Ok(Subscriber::ALL
        .into_iter()
        .map(|s| {
            let at = cursors.iter().find(|c| c.name == s.name()).map_or(0, |c| c.last_id);
            (s, (newest - at).max(0))
        })
        .collect())
}

/// Drops events every subscriber has passed that are older than `days`.
pub async fn prune(app: &App, days: i64) -> AppResult<u64> {
    let cursors = event_cursors::Entity::find().all(app.db.read()).await?;
    let Some(min) =
        Subscriber::ALL.iter().map(|s| cursors.iter().find(|c| c.name == s.name()).map_or(0, |c| c.last_id)).min()
    else {
        return Ok(0);
    };
    let before = crate::util::now() - time::Duration::days(days);
    Ok(events::Entity::delete_many()
        .filter(events::Column::Id.lte(min))
        .filter(events::Column::CreatedAt.lt(before))
        .exec(app.db.write())
        .await?
        .rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_through_json_with_their_kind() {
        let e = Event::SolutionMarked { topic: 1, post: 2, author: 3, by: 4, solved: true };
        assert_eq!(e.kind(), "solution-marked");
        let json = serde_json::to_string(&e).expect("json");
        assert_eq!(serde_json::from_str::<Event>(&json).expect("parse"), e);
    }

    #[test]
    fn likes_and_solutions_move_the_authors_bl() {
        assert_eq!(Event::PostLiked { post: 1, author: 7, by: 2, liked: true }.moves_bl_of(), [7]);
        assert_eq!(Event::GuideSaved { article: 1, revision: 2, by: 5, created: false }.moves_bl_of(), [5]);
        assert!(Event::FlagRaised { post: 1, by: 2 }.moves_bl_of().is_empty());
    }
}
