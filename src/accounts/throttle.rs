//! Sign-in and sign-up throttling, checked before any password is hashed.
//!
//! Counters live in this process (GCRA via `governor`, and a small failure
//! log for accounts): with several instances behind a balancer each
//! instance counts on its own, which still bounds guessing to N × the
//! configured rate. Losing them on restart is safe.
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
//! at most.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::config::Config;

pub struct Throttle {
    login_ip_minute: DefaultKeyedRateLimiter<IpAddr>,
    login_ip_hour: DefaultKeyedRateLimiter<IpAddr>,
    failures: Mutex<Failures>,
    account_limit: usize,
    register_ip_hour: DefaultKeyedRateLimiter<IpAddr>,
    post_every: DefaultKeyedRateLimiter<i64>,
    new_post_every: DefaultKeyedRateLimiter<i64>,
    /// 0 turns the interval off.
    post_interval: (u32, u32),
    clock: DefaultClock,
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Throttle")
    }
}

/// How long a failed sign-in counts.
const FAILURE_WINDOW: Duration = Duration::from_secs(3600);

/// Recent sign-in failures, by account key and by (account key, address).
#[derive(Default)]
struct Failures {
    /// Times of the latest failures (at most the limit), oldest first.
    by_account: HashMap<String, VecDeque<Instant>>,
    /// Time of the latest failure from an address.
    by_pair: HashMap<(String, IpAddr), Instant>,
}

impl Failures {
    fn recent(&self, account: &str, now: Instant) -> impl Iterator<Item = &Instant> {
        self.by_account.get(account).into_iter().flatten().filter(move |t| now.duration_since(**t) < FAILURE_WINDOW)
    }

    /// `Some(wait)` when `ip` must not try `account` now.
    fn refuse(&self, account: &str, ip: IpAddr, limit: usize, now: Instant) -> Option<Duration> {
        let mut recent = self.recent(account, now).peekable();
        let oldest = **recent.peek()?;
        if recent.count() < limit {
            return None;
        }
        let last_here = *self.by_pair.get(&(account.to_owned(), ip))?;
        if now.duration_since(last_here) >= FAILURE_WINDOW {
            return None;
        }
        let account_frees = FAILURE_WINDOW.saturating_sub(now.duration_since(oldest));
        let address_frees = FAILURE_WINDOW.saturating_sub(now.duration_since(last_here));
        Some(account_frees.min(address_frees))
    }

    fn failed(&mut self, account: String, ip: IpAddr, limit: usize, now: Instant) {
        let log = self.by_account.entry(account.clone()).or_default();
        log.push_back(now);
        while log.len() > limit {
            log.pop_front();
        }
        self.by_pair.insert((account, ip), now);
    }

    fn prune(&mut self, now: Instant) {
        self.by_account.retain(|_, log| log.back().is_some_and(|t| now.duration_since(*t) < FAILURE_WINDOW));
        self.by_pair.retain(|_, t| now.duration_since(*t) < FAILURE_WINDOW);
    }
}

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

/// `n` per `period`, all of them available at once.
fn quota(n: u32, period: Duration) -> Quota {
    let n = nz(n);
    Quota::with_period(period / n.get()).unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN)).allow_burst(n)
}

impl Throttle {
    pub fn new(config: &Config) -> Self {
        let minute = Duration::from_secs(60);
        let hour = Duration::from_secs(3600);
        Self {
            login_ip_minute: DefaultKeyedRateLimiter::keyed(quota(config.login_per_ip_per_minute, minute)),
            login_ip_hour: DefaultKeyedRateLimiter::keyed(quota(config.login_per_ip_per_hour, hour)),
            failures: Mutex::new(Failures::default()),
            account_limit: usize::try_from(config.login_per_account_per_hour.max(1)).unwrap_or(usize::MAX),
            register_ip_hour: DefaultKeyedRateLimiter::keyed(quota(config.register_per_ip_per_hour, hour)),
            post_every: DefaultKeyedRateLimiter::keyed(quota(
                1,
                Duration::from_secs(u64::from(config.post_interval_secs.max(1))),
            )),
            new_post_every: DefaultKeyedRateLimiter::keyed(quota(
                1,
                Duration::from_secs(u64::from(config.new_post_interval_secs.max(1))),
            )),
            post_interval: (config.post_interval_secs, config.new_post_interval_secs),
            clock: DefaultClock::default(),
        }
    }

    /// `Err(wait)` when this sign-in attempt is over a limit: too many
    /// attempts from this address, or an account under attack and this
    /// address among those that failed for it.
    pub fn login(&self, ip: IpAddr, account: &str) -> Result<(), Duration> {
        self.login_at(ip, account, Instant::now())
    }

    fn login_at(&self, ip: IpAddr, account: &str, at: Instant) -> Result<(), Duration> {
        let account = crate::accounts::names::username_key(account);
        let checks = [self.login_ip_minute.check_key(&ip), self.login_ip_hour.check_key(&ip)];
        let now = self.clock.now();
        let ip_wait = checks.iter().filter_map(|c| c.as_ref().err()).map(|nu| nu.wait_time_from(now)).max();
        let account_wait = self.failures().refuse(&account, ip, self.account_limit, at);
        match ip_wait.into_iter().chain(account_wait).max() {
            Some(w) => Err(w.max(Duration::from_secs(1))),
            None => Ok(()),
        }
    }

    /// Records a failed sign-in (wrong password or no such account).
    pub fn login_failed(&self, ip: IpAddr, account: &str) {
        self.failed_at(ip, account, Instant::now());
    }

    fn failed_at(&self, ip: IpAddr, account: &str, at: Instant) {
        let account = crate::accounts::names::username_key(account);
        self.failures().failed(account, ip, self.account_limit, at);
    }

    /// A correct password from `ip` clears that address's failures for the
    /// account (not the account's own count: the attack goes on).
    pub fn login_succeeded(&self, ip: IpAddr, account: &str) {
        let account = crate::accounts::names::username_key(account);
        self.failures().by_pair.remove(&(account, ip));
    }

    fn failures(&self) -> std::sync::MutexGuard<'_, Failures> {
        // The log holds plain data; a panic elsewhere cannot leave it inconsistent.
        self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn register(&self, ip: IpAddr) -> Result<(), Duration> {
        self.register_ip_hour
            .check_key(&ip)
            .map_err(|nu| nu.wait_time_from(self.clock.now()).max(Duration::from_secs(1)))
    }

    /// One post per interval per member (a stricter one for new accounts).
    pub fn post(&self, user_id: i64, new_account: bool) -> Result<(), Duration> {
        let (limiter, interval) = if new_account {
            (&self.new_post_every, self.post_interval.1)
        } else {
            (&self.post_every, self.post_interval.0)
        };
        if interval == 0 {
            return Ok(());
        }
        limiter.check_key(&user_id).map_err(|nu| nu.wait_time_from(self.clock.now()).max(Duration::from_secs(1)))
    }

    /// Drops counters of keys that are full again, so memory stays bounded.
    pub fn prune(&self) {
        self.login_ip_minute.retain_recent();
        self.login_ip_hour.retain_recent();
        self.failures().prune(Instant::now());
        self.register_ip_hour.retain_recent();
        self.post_every.retain_recent();
        self.new_post_every.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixth_per_minute_passes_seventh_waits() {
        let t = Throttle::new(&Config::default());
        let ip: IpAddr = [10, 0, 0, 1].into();
        for i in 0..6 {
            assert!(t.login(ip, &format!("user{i}")).is_ok(), "attempt {i}");
        }
        let wait = t.login(ip, "user9").unwrap_err();
        assert!(wait >= Duration::from_secs(1) && wait <= Duration::from_secs(60), "{wait:?}");
        // Another address is not affected.
        assert!(t.login([10, 0, 0, 2].into(), "user9").is_ok());
    }

    #[test]
    fn account_under_attack_refuses_only_addresses_that_failed() {
        let c = Config { login_per_account_per_hour: 3, ..Config::default() };
        let t = Throttle::new(&c);
        let now = Instant::now();
        let attacker = |i: u8| IpAddr::from([10, 0, 1, i]);
        for i in 0..3u8 {
            assert!(t.login_at(attacker(i), "Тарас", now).is_ok());
            t.failed_at(attacker(i), "Тарас", now);
        }
        // Under attack (case does not matter): the failing addresses wait…
        for i in 0..3u8 {
            let wait = t.login_at(attacker(i), "тарас", now).unwrap_err();
            assert!(wait > Duration::from_secs(3500) && wait <= FAILURE_WINDOW, "{wait:?}");
        }
        // …a fresh address still gets its attempt, and only one if it fails.
        let home = IpAddr::from([192, 168, 1, 2]);
        assert!(t.login_at(home, "тарас", now).is_ok());
        t.failed_at(home, "тарас", now);
        assert!(t.login_at(home, "тарас", now).is_err());
        // Other accounts are not affected.
        assert!(t.login_at(attacker(0), "петро", now).is_ok());
        // An hour later it is over.
        let later = now + FAILURE_WINDOW;
        assert!(t.login_at(attacker(0), "тарас", later).is_ok());
    }

    #[test]
    fn below_the_account_limit_failures_do_not_block() {
        let c = Config { login_per_account_per_hour: 3, ..Config::default() };
        let t = Throttle::new(&c);
        let now = Instant::now();
        let ip = IpAddr::from([10, 0, 0, 9]);
        for _ in 0..2 {
            t.failed_at(ip, "olena", now);
        }
        assert!(t.login_at(ip, "olena", now).is_ok());
        t.failed_at(ip, "olena", now);
        assert!(t.login_at(ip, "olena", now).is_err());
        t.login_succeeded(ip, "olena");
        assert!(t.login_at(ip, "olena", now).is_ok(), "a correct password clears the address");
    }
}
