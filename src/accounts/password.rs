//! Password rules and argon2id hashing (OWASP parameters: m=19456 KiB, t=2,
//! p=1), always off the async threads and at most a few at a time, so a
//! burst of sign-ins can neither stall the server nor exhaust memory.

use std::sync::LazyLock;

use anyhow::{Context, anyhow};
use argon2::password_hash::SaltString;
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use tokio::sync::Semaphore;

use crate::error::FormErrors;

pub const MIN_LEN: usize = 10;
pub const MAX_LEN: usize = 1024;

static COMMON: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| include_str!("common_passwords.txt").lines().map(str::trim).filter(|l| !l.is_empty()).collect());

/// Each hash holds 19 MiB for tens of milliseconds; bound how many run at once.
static HASHING: Semaphore = Semaphore::const_new(4);

fn argon2() -> Argon2<'static> {
    // The parameters are constants that argon2 accepts.
    #[expect(clippy::unwrap_used)]
    let params = Params::new(19_456, 2, 1, None).unwrap();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Checks a new password: length 10..=1024 characters, not a well-known one,
/// not the username or e-mail. No composition rules (NIST SP 800-63B).
pub fn validate(password: &str, field: &'static str, others: &[&str], errors: &mut FormErrors) {
    let len = password.chars().count();
    if len < MIN_LEN {
        errors.add_with(field, "err-password-short", vec![("min", MIN_LEN.to_string())]);
    } else if len > MAX_LEN {
        errors.add_with(field, "err-password-long", vec![("max", MAX_LEN.to_string())]);
    } else if is_common(password) || others.iter().any(|o| !o.is_empty() && o.to_lowercase() == password.to_lowercase())
    {
        errors.add(field, "err-password-common");
    }
}

fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    // One character repeated ("aaaaaaaaaa") is as weak as any list entry.
    if chars.all(|c| Some(c) == first) {
        return true;
    }
    COMMON.iter().any(|c| *c == lower)
}

pub async fn hash(password: &str) -> anyhow::Result<String> {
    let password = password.to_owned();
    let _permit = HASHING.acquire().await.context("hashing semaphore closed")?;
    tokio::task::spawn_blocking(move || {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| anyhow!("no randomness for a salt: {e}"))?;
        let salt = SaltString::encode_b64(&bytes).map_err(|e| anyhow!("encoding salt: {e}"))?;
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow!("hashing password: {e}"))
    })
    .await
    .context("hashing task")?
}

/// Verifies `password` against a stored PHC string. With `None` it verifies
/// against a throwaway hash, so "no such account" costs the same time as a
/// wrong password.
pub async fn verify(password: &str, stored: Option<&str>) -> anyhow::Result<bool> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    let stored = match stored {
        Some(s) => s.to_owned(),
        None => DUMMY.get_or_try_init(|| hash("a password nobody has, only for timing")).await?.clone(),
    };
    let password = password.to_owned();
    let _permit = HASHING.acquire().await.context("hashing semaphore closed")?;
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored).map_err(|e| anyhow!("stored hash unreadable: {e}"))?;
        Ok(argon2().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .context("verifying task")?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(p: &str) -> Option<&'static str> {
        let mut e = FormErrors::new();
        validate(p, "password", &["Тарас", "taras@example.com"], &mut e);
        e.get("password").map(|f| f.key)
    }

    #[test]
    fn length_bounds_count_characters_not_bytes() {
        assert_eq!(check("short"), Some("err-password-short"));
        assert_eq!(check("дев'ять!!"), Some("err-password-short"));
        assert_eq!(check("десять сл!"), None);
        assert_eq!(check(&"жу".repeat(512)), None);
        assert_eq!(check(&("жу".repeat(512) + "x")), Some("err-password-long"));
    }

    #[test]
    fn common_and_personal_passwords_are_refused() {
        assert_eq!(check("1234567890"), Some("err-password-common"));
        assert_eq!(check("Password123"), Some("err-password-common"));
        assert_eq!(check("йцукенгшщз"), Some("err-password-common"));
        assert_eq!(check("zzzzzzzzzzzz"), Some("err-password-common"));
        assert_eq!(check("TARAS@example.com"), Some("err-password-common"));
        assert_eq!(check("correct horse battery staple"), None);
    }

    #[tokio::test]
    async fn hash_is_argon2id_with_owasp_parameters_and_verifies() {
        let h = hash("correct horse battery staple").await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery staple", Some(&h)).await.unwrap());
        assert!(!verify("wrong horse battery staple", Some(&h)).await.unwrap());
        assert!(!verify("correct horse battery staple", None).await.unwrap());
    }
}
