//! Sign-in, sign-up and posting limits, checked before any password is
//! hashed and counted in the database, so that several instances behind one
//! balancer enforce the configured rates together (not N times them).
//!
//! # Rates
//!
//! Each limited key (an address signing in, a member posting) is one row of
//! `rate_limits` holding its GCRA "theoretical arrival time" in
//! milliseconds, the same algorithm `governor` uses in memory. One
//! conditional upsert decides and counts at once, on both databases:
//! an attempt is allowed when `max(tat, now) + T - now <= period` (with `T`
//! the period divided by the allowed count), and then `tat` moves on by `T`.
//! Nothing is read first, so two instances cannot both take the last slot.
//! It is written here rather than taken from a crate because the crates
//! that keep GCRA in a shared store all need Redis.
//!
//! # Per account, without letting strangers lock members out
//!
//! Attempts are limited per client address (every attempt counts). For an
//! account, only *failures* count, per account and per (account, address),
//! as OWASP describes: once an account has `login_per_account_per_hour`
//! failures in the last hour it is under attack, and then an address that
//! failed for it within the hour is refused before the password is checked.
//! An address with no recent failure for that account still gets its
//! attempt, so the member signs in from home while someone else hammers the
//! account from a thousand addresses; each of those gets one guess an hour
//! at most. Failures are kept under a hash of the name typed (people type
//! their password into the name field), for an hour.

use std::net::IpAddr;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// How long a failed sign-in counts.
const FAILURE_WINDOW: Duration = Duration::from_secs(3600);

/// `n` per `period`, all of them available at once.
#[derive(Debug, Clone, Copy)]
struct Rate {
    /// Milliseconds between two attempts at the steady rate (`T`).
    every: i64,
    /// The whole period in milliseconds (`T × n`).
    period: i64,
}

impl Rate {
    fn new(n: u32, period: Duration) -> Self {
        let n = i64::from(n.max(1));
        let period = i64::try_from(period.as_millis()).unwrap_or(i64::MAX / 4);
        let every = (period / n).max(1);
        Rate { every, period: every * n }
    }
}

#[derive(Debug)]
pub struct Throttle {
    login_ip_minute: Rate,
    login_ip_hour: Rate,
    account_limit: i64,
    register_ip_hour: Rate,
    /// JSON API requests of one caller.
    api_minute: Rate,
    /// 0 turns the interval off.
    post_interval: (u32, u32),
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4)
}

fn now_ms() -> i64 {
    let t = time::OffsetDateTime::now_utc();
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(0)
}

fn limited(wait_ms: i64) -> AppError {
    let secs = u64::try_from(wait_ms.max(0)).unwrap_or(0).div_ceil(1000).max(1);
    AppError::RateLimited { retry_after: Duration::from_secs(secs) }
}

/// The key failures are kept under: a hash of the normalized name.
fn account_key(login: &str) -> String {
    let key = crate::accounts::names::username_key(login);
    let digest = Sha256::digest(key.as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn stmt(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}

impl Throttle {
    pub fn new(config: &Config) -> Self {
        let minute = Duration::from_secs(60);
        let hour = Duration::from_secs(3600);
        Self {
            login_ip_minute: Rate::new(config.login_per_ip_per_minute, minute),
            login_ip_hour: Rate::new(config.login_per_ip_per_hour, hour),
            account_limit: i64::from(config.login_per_account_per_hour.max(1)),
            register_ip_hour: Rate::new(config.register_per_ip_per_hour, hour),
            api_minute: Rate::new(config.api_requests_per_minute, minute),
            post_interval: (config.post_interval_secs, config.new_post_interval_secs),
        }
    }

    /// Takes one attempt for `key` at `rate`; `Err(wait in ms)` when over it.
    async fn take(db: &Db, key: &str, rate: Rate, now: i64) -> AppResult<Result<(), i64>> {
        let conn = db.write();
        // `$n` placeholders: both SQLite and PostgreSQL accept them.
        let greatest = if conn.get_database_backend() == DatabaseBackend::Postgres { "GREATEST" } else { "max" };
        let sql = format!(
            "INSERT INTO rate_limits (\"key\", tat) VALUES ($1, $2 + $3) \
             ON CONFLICT (\"key\") DO UPDATE SET tat = {greatest}(rate_limits.tat, $2) + $3 \
             WHERE {greatest}(rate_limits.tat, $2) + $3 - $2 <= $4 \
             RETURNING tat"
        );
        let values = vec![key.into(), now.into(), rate.every.into(), rate.period.into()];
        if conn.query_one_raw(stmt(conn, &sql, values)).await?.is_some() {
            return Ok(Ok(()));
        }
        let row =
            conn.query_one_raw(stmt(conn, "SELECT tat FROM rate_limits WHERE \"key\" = $1", vec![key.into()])).await?;
        let tat: i64 = match row {
            Some(r) => r.try_get("", "tat")?,
            None => now,
        };
        Ok(Err(tat + rate.every - rate.period - now))
    }

    /// `Ok` when this sign-in attempt may go on; `RateLimited` when there
    /// were too many attempts from this address, or the account is under
    /// attack and this address is among those that failed for it.
    pub async fn login(&self, db: &Db, ip: IpAddr, account: &str) -> AppResult<()> {
        self.login_at(db, ip, account, now_ms()).await
    }

    async fn login_at(&self, db: &Db, ip: IpAddr, account: &str, now: i64) -> AppResult<()> {
        let minute = Self::take(db, &format!("login-m:{ip}"), self.login_ip_minute, now).await?;
        let hour = Self::take(db, &format!("login-h:{ip}"), self.login_ip_hour, now).await?;
        let ip_wait = [minute, hour].into_iter().filter_map(Result::err).max();
        let account_wait = self.refuse(db, &account_key(account), ip, now).await?;
        match ip_wait.into_iter().chain(account_wait).max() {
            Some(w) => Err(limited(w)),
            None => Ok(()),
        }
    }

    /// `Some(wait in ms)` when `ip` must not try `account` now.
    async fn refuse(&self, db: &Db, account: &str, ip: IpAddr, now: i64) -> AppResult<Option<i64>> {
        let since = now - ms(FAILURE_WINDOW);
        let conn = db.write();
        let sql = "SELECT count(*) AS n, \
                   max(CASE WHEN address = $3 THEN at END) AS here \
                   FROM login_failures WHERE account = $1 AND at > $2";
        let values = vec![account.into(), since.into(), ip.to_string().into()];
        let Some(row) = conn.query_one_raw(stmt(conn, sql, values)).await? else {
            return Ok(None);
        };
        let n: i64 = row.try_get("", "n")?;
        let here: Option<i64> = row.try_get("", "here")?;
        let (Some(here), true) = (here, n >= self.account_limit) else {
            return Ok(None);
        };
        // The account frees up when enough of its failures are an hour old;
        // this address when its own last failure is.
        let sql = "SELECT at FROM login_failures WHERE account = $1 AND at > $2 ORDER BY at DESC";
        let times: Vec<i64> = conn
            .query_all_raw(stmt(conn, sql, vec![account.into(), since.into()]))
            .await?
            .iter()
            .filter_map(|r| r.try_get::<i64>("", "at").ok())
            .collect();
        let limit = usize::try_from(self.account_limit).unwrap_or(1);
        let pivot = times.get(limit - 1).copied().unwrap_or(since);
        let account_frees = pivot + ms(FAILURE_WINDOW) - now;
        let address_frees = here + ms(FAILURE_WINDOW) - now;
        Ok(Some(account_frees.min(address_frees).max(1)))
    }

    /// Records a failed sign-in (wrong password or no such account).
    pub async fn login_failed(&self, db: &Db, ip: IpAddr, account: &str) -> AppResult<()> {
        self.failed_at(db, ip, account, now_ms()).await
    }

    async fn failed_at(&self, db: &Db, ip: IpAddr, account: &str, now: i64) -> AppResult<()> {
        let conn = db.write();
        let sql = "INSERT INTO login_failures (account, address, at) VALUES ($1, $2, $3)";
        let values = vec![account_key(account).into(), ip.to_string().into(), now.into()];
        conn.execute_raw(stmt(conn, sql, values)).await?;
        Ok(())
    }

    /// A correct password from `ip` clears that address's failures for the
    /// account (not the account's own count: the attack goes on).
    pub async fn login_succeeded(&self, db: &Db, ip: IpAddr, account: &str) -> AppResult<()> {
        let conn = db.write();
        // The address's failures stop counting for it, but still count for
        // the account: they are moved out of the address's name.
        let sql = "UPDATE login_failures SET address = '' WHERE account = $1 AND address = $2";
        conn.execute_raw(stmt(conn, sql, vec![account_key(account).into(), ip.to_string().into()])).await?;
        Ok(())
    }

    pub async fn register(&self, db: &Db, ip: IpAddr) -> AppResult<()> {
        Self::take(db, &format!("register-h:{ip}"), self.register_ip_hour, now_ms()).await?.map_err(limited)
    }

    /// One post per interval per member (a stricter one for new accounts).
    pub async fn post(&self, db: &Db, user_id: i64, new_account: bool) -> AppResult<()> {
        let (key, interval) = if new_account {
            (format!("post-new:{user_id}"), self.post_interval.1)
        } else {
            (format!("post:{user_id}"), self.post_interval.0)
        };
        if interval == 0 {
            return Ok(());
        }
        let rate = Rate::new(1, Duration::from_secs(u64::from(interval)));
        Self::take(db, &key, rate, now_ms()).await?.map_err(limited)
    }

    /// JSON API requests per minute of one caller: `caller` names a
    /// personal token or, for requests without one, an address.
    pub async fn api(&self, db: &Db, caller: &str) -> AppResult<()> {
        Self::take(db, &format!("api:{caller}"), self.api_minute, now_ms()).await?.map_err(limited)
    }

    /// Drops rows that no longer limit anything, so the tables stay small.
    pub async fn prune(&self, db: &Db) -> AppResult<()> {
        let now = now_ms();
        let conn = db.write();
        conn.execute_raw(stmt(conn, "DELETE FROM rate_limits WHERE tat < $1", vec![now.into()])).await?;
        let since = now - ms(FAILURE_WINDOW);
        conn.execute_raw(stmt(conn, "DELETE FROM login_failures WHERE at <= $1", vec![since.into()])).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn db() -> (tempfile::TempDir, Db) {
        let (dir, db) = crate::db::temporary_sqlite().await;
        db.migrate().await.expect("migrate");
        (dir, db)
    }

    fn wait_of(r: AppResult<()>) -> Duration {
        match r {
            Err(AppError::RateLimited { retry_after }) => retry_after,
            other => panic!("expected a limit, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn sixth_per_minute_passes_seventh_waits() {
        let (_dir, db) = db().await;
        let t = Throttle::new(&Config::default());
        let ip: IpAddr = [10, 0, 0, 1].into();
        let now = now_ms();
        for i in 0..6 {
            assert!(t.login_at(&db, ip, &format!("user{i}"), now).await.is_ok(), "attempt {i}");
        }
        let wait = wait_of(t.login_at(&db, ip, "user9", now).await);
        assert!(wait >= Duration::from_secs(1) && wait <= Duration::from_secs(60), "{wait:?}");
        // Another address is not affected; a minute later it may go on.
        assert!(t.login_at(&db, [10, 0, 0, 2].into(), "user9", now).await.is_ok());
        assert!(t.login_at(&db, ip, "user9", now + 60_000).await.is_ok());
    }

    #[tokio::test]
    async fn account_under_attack_refuses_only_addresses_that_failed() {
        let (_dir, db) = db().await;
        let c = Config { login_per_account_per_hour: 3, ..Config::default() };
        let t = Throttle::new(&c);
        let now = now_ms();
        let attacker = |i: u8| IpAddr::from([10, 0, 1, i]);
        for i in 0..3u8 {
            assert!(t.login_at(&db, attacker(i), "Тарас", now).await.is_ok());
            t.failed_at(&db, attacker(i), "Тарас", now).await.unwrap();
        }
        // Under attack (case does not matter): the failing addresses wait…
        for i in 0..3u8 {
            let wait = wait_of(t.login_at(&db, attacker(i), "тарас", now).await);
            assert!(wait > Duration::from_secs(3500) && wait <= FAILURE_WINDOW, "{wait:?}");
        }
        // …a fresh address still gets its attempt, and only one if it fails.
        let home = IpAddr::from([192, 168, 1, 2]);
        assert!(t.login_at(&db, home, "тарас", now).await.is_ok());
        t.failed_at(&db, home, "тарас", now).await.unwrap();
        assert!(t.login_at(&db, home, "тарас", now).await.is_err());
        // Other accounts are not affected.
        assert!(t.login_at(&db, attacker(0), "петро", now).await.is_ok());
        // An hour later it is over.
        let later = now + ms(FAILURE_WINDOW);
        assert!(t.login_at(&db, attacker(0), "тарас", later).await.is_ok());
    }

    #[tokio::test]
    async fn below_the_account_limit_failures_do_not_block() {
        let (_dir, db) = db().await;
        let c = Config { login_per_account_per_hour: 3, ..Config::default() };
        let t = Throttle::new(&c);
        let now = now_ms();
        let ip = IpAddr::from([10, 0, 0, 9]);
        for _ in 0..2 {
            t.failed_at(&db, ip, "olena", now).await.unwrap();
        }
        assert!(t.login_at(&db, ip, "olena", now).await.is_ok());
        t.failed_at(&db, ip, "olena", now).await.unwrap();
        assert!(t.login_at(&db, ip, "olena", now).await.is_err());
        t.login_succeeded(&db, ip, "olena").await.unwrap();
        assert!(t.login_at(&db, ip, "olena", now).await.is_ok(), "a correct password clears the address");
    }

    #[tokio::test]
    async fn prune_keeps_what_still_limits() {
        let (_dir, db) = db().await;
        let t = Throttle::new(&Config { register_per_ip_per_hour: 1, ..Config::default() });
        let ip = IpAddr::from([10, 0, 0, 7]);
        t.register(&db, ip).await.unwrap();
        t.prune(&db).await.unwrap();
        assert!(t.register(&db, ip).await.is_err(), "the hour is not over: the row stays");
    }
}
