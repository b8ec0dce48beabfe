//! How often each guide is read, kept cheaply: a read adds one to a count
//! in this process's memory; the counts are written in one transaction
//! now and then (the housekeeping task, and on shutdown) as
//! `views = views + n`, so several instances on one database add up and a
//! crash loses at most the last few seconds of counts.

use std::collections::HashMap;
use std::sync::Mutex;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

use crate::db::Db;
use crate::entities::articles;
use crate::error::AppResult;

/// Reads not yet written, by article id.
#[derive(Debug, Default)]
pub struct ViewCounts {
    pending: Mutex<HashMap<i64, u32>>,
}

impl ViewCounts {
    /// One read of a guide.
    pub fn record(&self, article_id: i64) {
        if let Ok(mut m) = self.pending.lock() {
            let n = m.entry(article_id).or_insert(0);
            *n = n.saturating_add(1);
        }
    }

    /// Reads counted here and not yet written.
    pub fn pending(&self) -> u64 {
        self.pending.lock().map(|m| m.values().map(|n| u64::from(*n)).sum()).unwrap_or(0)
    }

    fn take(&self) -> HashMap<i64, u32> {
        self.pending.lock().map(|mut m| std::mem::take(&mut *m)).unwrap_or_default()
    }

    fn put_back(&self, counts: HashMap<i64, u32>) {
        if let Ok(mut m) = self.pending.lock() {
            for (id, n) in counts {
                let c = m.entry(id).or_insert(0);
                *c = c.saturating_add(n);
            }
        }
    }

    /// Writes the counts gathered so far, in one transaction; returns how
    /// many guides got new reads. On failure the counts stay for the next
    /// flush.
    pub async fn flush(&self, db: &Db) -> AppResult<usize> {
        let counts = self.take();
        if counts.is_empty() {
            return Ok(0);
        }
        // Ascending ids: two instances flushing at once lock rows in one order.
        let mut rows: Vec<(i64, u32)> = counts.iter().map(|(id, n)| (*id, *n)).collect();
        rows.sort_unstable();
        let written = async {
            let txn = db.write().begin().await?;
            for (id, n) in &rows {
                articles::Entity::update_many()
                    .col_expr(articles::Column::Views, Expr::col(articles::Column::Views).add(i64::from(*n)))
                    .filter(articles::Column::Id.eq(*id))
                    .exec(&txn)
                    .await?;
            }
            txn.commit().await?;
            Ok::<_, sea_orm::DbErr>(())
        }
        .await;
        match written {
            Ok(()) => Ok(rows.len()),
            Err(e) => {
                self.put_back(counts);
                Err(e.into())
            }
        }
    }
}

/// How often a serving process writes the reads it counted.
pub const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// Writes the counted reads every [`FLUSH_EVERY`] (a serving process;
/// `serve` writes what is left when it stops).
pub fn spawn_flusher(app: crate::app::App) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(FLUSH_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = app.reads.flush(&app.db).await {
                tracing::warn!(error = %e, "writing guide reads failed; kept for the next try");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_add_up_and_are_taken_once() {
        let v = ViewCounts::default();
        v.record(3);
        v.record(3);
        v.record(7);
        assert_eq!(v.pending(), 3);
        let taken = v.take();
        assert_eq!(taken.get(&3), Some(&2));
        assert_eq!(v.pending(), 0);
        v.record(3);
        v.put_back(taken);
        assert_eq!(v.pending(), 4);
    }
}
