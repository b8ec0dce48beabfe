//! Sign-in and sign-up throttling, checked before any password is hashed.
//!
//! Counters live in this process (GCRA via `governor`): with several
//! instances behind a balancer each instance counts on its own, which still
//! bounds guessing to N × the configured rate. Losing them on restart is safe.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::config::Config;

pub struct Throttle {
    login_ip_minute: DefaultKeyedRateLimiter<IpAddr>,
    login_ip_hour: DefaultKeyedRateLimiter<IpAddr>,
    login_account_hour: DefaultKeyedRateLimiter<String>,
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
            login_account_hour: DefaultKeyedRateLimiter::keyed(quota(config.login_per_account_per_hour, hour)),
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

    /// `Err(wait)` when this sign-in attempt is over a limit.
    pub fn login(&self, ip: IpAddr, account: &str) -> Result<(), Duration> {
        let account = crate::accounts::names::username_key(account);
        let checks = [
            self.login_ip_minute.check_key(&ip),
            self.login_ip_hour.check_key(&ip),
            self.login_account_hour.check_key(&account),
        ];
        let now = self.clock.now();
        let wait = checks.iter().filter_map(|c| c.as_ref().err()).map(|nu| nu.wait_time_from(now)).max();
        match wait {
            Some(w) => Err(w.max(Duration::from_secs(1))),
            None => Ok(()),
        }
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
        self.login_account_hour.retain_recent();
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
    fn account_limit_applies_across_addresses_and_case() {
        let c = Config { login_per_account_per_hour: 3, ..Config::default() };
        let t = Throttle::new(&c);
        for i in 0..3u8 {
            assert!(t.login([10, 0, 1, i].into(), "Тарас").is_ok());
        }
        assert!(t.login([10, 0, 2, 1].into(), "тарас").is_err());
    }
}
