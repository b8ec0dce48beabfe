//! Database connections.
//!
//! SQLite gets two pools over one file: a read-only pool of several
//! connections and a writer pool of exactly one, so writes are serialized in
//! the process and concurrent posting never meets `SQLITE_BUSY`. PostgreSQL
//! uses one pool for both. Domain code reads through [`Db::read`] and writes
//! (transactions included) through [`Db::write`].

use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, SqlxPostgresConnector, SqlxSqliteConnector, Statement};
use sqlx::ConnectOptions;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::config::Config;

#[derive(Clone, Debug)]
pub struct Db {
    read: DatabaseConnection,
    write: DatabaseConnection,
    queries: Arc<AtomicU64>,
    captured: Arc<Captured>,
    /// When the database last answered a ping (ms, shifted left) and whether
    /// it did (lowest bit).
    health: Arc<AtomicU64>,
}

/// Statements recorded while capturing is on (the query-plan test).
#[derive(Debug, Default)]
struct Captured {
    on: AtomicBool,
    statements: Mutex<Vec<Statement>>,
}

impl Captured {
    fn record(&self, statement: &Statement) {
        if self.on.load(Ordering::Relaxed)
            && let Ok(mut all) = self.statements.lock()
        {
            all.push(statement.clone());
        }
    }
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// sqlx tests a pooled connection with a round trip both when it is handed
/// out and when it comes back (the second also ends a transaction a dropped
/// request left open). Every statement outside a transaction takes a
/// connection from the pool, so the first test added a round trip to every
/// statement of every page: on SQLite a hand-off to the connection's own
/// thread and back. A SQLite connection is a file this process holds, so it is
/// not tested when handed out; a PostgreSQL connection is, only when it
/// has sat idle this long, when the server or the network may have
/// closed it.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(5);

/// The writer's page cache: negative means KiB (here 32 MiB).
pub(crate) const WRITER_CACHE_KIB: &str = "-32768";

impl Db {
    /// Connects (creating the SQLite file and data directory if needed) and
    /// applies pending migrations.
    pub async fn connect(config: &Config) -> anyhow::Result<Self> {
        let url = config.effective_database_url();
        let db = if url.starts_with("sqlite:") {
            if config.database_url.is_empty() {
                std::fs::create_dir_all(&config.data_dir)
                    .with_context(|| format!("cannot create data directory {}", config.data_dir.display()))?;
            }
            let base = SqliteConnectOptions::from_str(&url)
                .context("database_url is not a valid SQLite address")?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(BUSY_TIMEOUT)
                .disable_statement_logging();
            // The one writer keeps a larger page cache (SQLite's default is
            // 2 MiB): index and full-text segment merges re-read the same
            // pages, and at 100 000 posts a 2 MiB cache turned rebuilding
            // the search index into minutes of reading the file again.
            let writer = SqlitePoolOptions::new()
                .max_connections(1)
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(base.clone().pragma("cache_size", WRITER_CACHE_KIB))
                .await
                .context("cannot open the SQLite database")?;
            // Readers beyond two per core only contend for the cores and
            // SQLite's page cache lock, and each holds its own cache: on 2
            // cores, 8 readers served no faster than 4 and took a search
            // load from 114 to 151 MiB.
            let cores = u32::try_from(crate::util::cores()).unwrap_or(u32::MAX);
            let readers = config.db_max_connections.min(cores.saturating_mul(2).max(2));
            let reader = SqlitePoolOptions::new()
                .max_connections(readers)
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(base.read_only(true))
                .await
                .context("cannot open the SQLite database for reading")?;
            Db::counted(
                SqlxSqliteConnector::from_sqlx_sqlite_pool(reader),
                SqlxSqliteConnector::from_sqlx_sqlite_pool(writer),
            )
        } else {
            let opts = PgConnectOptions::from_str(&url)
                .context("database_url is not a valid PostgreSQL address")?
                .disable_statement_logging();
            let pool = PgPoolOptions::new()
                .max_connections(config.db_max_connections)
                .test_before_acquire(false)
                .before_acquire(|conn, meta| {
                    Box::pin(async move {
                        // Only a connection that sat idle may have been
                        // closed by the server or the network meanwhile.
                        if meta.idle_for >= IDLE_BEFORE_PING {
                            sqlx::Connection::ping(conn).await?;
                        }
                        Ok(true)
                    })
                })
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(opts)
                .await
                .context("cannot connect to PostgreSQL")?;
            let conn = SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
            Db::counted(conn.clone(), conn)
        };
        Ok(db)
    }

    /// Wraps connections so every statement is counted (see [`Db::query_count`]).
    fn counted(mut read: DatabaseConnection, mut write: DatabaseConnection) -> Self {
        let queries = Arc::new(AtomicU64::new(0));
        let captured = Arc::new(Captured::default());
        let (q, c) = (queries.clone(), captured.clone());
        read.set_metric_callback(move |info| {
            q.fetch_add(1, Ordering::Relaxed);
            c.record(info.statement);
        });
        let (q, c) = (queries.clone(), captured.clone());
        write.set_metric_callback(move |info| {
            q.fetch_add(1, Ordering::Relaxed);
            c.record(info.statement);
        });
        Db { read, write, queries, captured, health: Arc::new(AtomicU64::new(0)) }
    }

    /// Starts or stops recording every statement run, with its values, so a
    /// test can ask the database how it plans the statements a page runs.
    pub fn capture_statements(&self, on: bool) {
        self.captured.on.store(on, Ordering::Relaxed);
    }

    /// The statements recorded so far (and forgets them).
    pub fn captured_statements(&self) -> Vec<Statement> {
        self.captured.statements.lock().map(|mut all| std::mem::take(&mut *all)).unwrap_or_default()
    }

    /// Statements run so far by this process on this database: lets tests and
    /// the benchmark show that a page costs a fixed number of queries.
    pub fn query_count(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    /// For reads. On SQLite these connections are read-only.
    pub fn read(&self) -> &DatabaseConnection {
        &self.read
    }

    /// For writes and transactions that write.
    pub fn write(&self) -> &DatabaseConnection {
        &self.write
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        Migrator::up(&self.write, None).await.context("applying database migrations")?;
        self.optimize().await;
        Ok(())
    }

    /// Refreshes the query planner's statistics. Without them SQLite may
    /// pick a poor index for the link-table joins (measured: a topic page
    /// scanning every link instead of its own posts' few).
    pub async fn optimize(&self) {
        let sql = match self.write.get_database_backend() {
            sea_orm::DatabaseBackend::Sqlite => "PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;",
            _ => "ANALYZE",
        };
        if let Err(e) = self.write.execute_unprepared(sql).await {
            tracing::warn!(error = %e, "refreshing planner statistics failed");
        }
    }

    /// Migrations this binary knows that the database has not applied.
    /// Read-only: it compares the names this binary knows with those recorded.
    pub async fn pending_migrations(&self) -> anyhow::Result<usize> {
        use sea_orm::{FromQueryResult, Statement};
        #[derive(FromQueryResult)]
        struct Applied {
            version: String,
        }
        let sql = Statement::from_string(self.read.get_database_backend(), "SELECT version FROM seaql_migrations");
        let applied: Vec<String> = Applied::find_by_statement(sql)
            .all(&self.read)
            .await
            .context("reading applied migrations")?
            .into_iter()
            .map(|a| a.version)
            .collect();
        Ok(Migrator::migrations().iter().filter(|m| !applied.iter().any(|a| a == m.name())).count())
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.read.execute_unprepared("SELECT 1").await.is_ok()
    }

    /// [`Db::ping`] at most once a second; between, its last answer. A health
    /// check polled by a load balancer (or a benchmark) then costs no
    /// database round trip.
    pub async fn healthy(&self) -> bool {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        let last = self.health.load(Ordering::Relaxed);
        if now.saturating_sub(last >> 1) < 1000 {
            return last & 1 == 1;
        }
        let ok = self.ping().await;
        self.health.store((now << 1) | u64::from(ok), Ordering::Relaxed);
        ok
    }

    pub async fn close(self) {
        let _ = self.read.close().await;
        let _ = self.write.close().await;
    }
}

/// A fresh SQLite database in a temporary directory, for unit tests (the
/// directory goes when the first value is dropped).
#[cfg(test)]
pub(crate) async fn temporary_sqlite() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config {
        database_url: format!("sqlite://{}", dir.path().join("t.db").display()),
        data_dir: dir.path().to_path_buf(),
        ..Config::default()
    };
    let db = Db::connect(&config).await.expect("connect");
    (dir, db)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each statement outside a transaction takes a connection from the
    /// pool; a test round trip on every hand-out was a third trip to the
    /// connection's thread per statement (see [`IDLE_BEFORE_PING`]).
    #[tokio::test]
    async fn sqlite_connections_are_handed_out_without_a_test_round_trip() {
        let (_dir, db) = temporary_sqlite().await;
        for conn in [db.read(), db.write()] {
            assert!(!conn.get_sqlite_connection_pool().options().get_test_before_acquire());
        }
        assert!(db.ping().await, "the pools still answer");
    }

    /// The bundled SQLite is compiled as `.cargo/config.toml` says: each
    /// connection with a page cache of its own (no mutex shared by every
    /// reader on every page read), no global memory count, and plans that
    /// do not change with bound values.
    #[tokio::test]
    async fn sqlite_is_compiled_with_private_page_caches() {
        let (_dir, db) = temporary_sqlite().await;
        let used = |option: &'static str| {
            let db = db.read().clone();
            async move {
                let sql = format!("SELECT sqlite_compileoption_used('{option}') AS used");
                let row = db
                    .query_one_raw(Statement::from_string(sea_orm::DatabaseBackend::Sqlite, sql))
                    .await
                    .expect("query")
                    .expect("a row");
                row.try_get::<i32>("", "used").expect("used") == 1
            }
        };
        assert!(!used("ENABLE_MEMORY_MANAGEMENT").await, "one page cache shared by all connections");
        assert!(used("DEFAULT_MEMSTATUS=0").await, "a global memory count on every allocation");
        assert!(used("ENABLE_QPSG").await, "plans that change with bound values");
    }
}
