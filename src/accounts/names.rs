//! Usernames and e-mail addresses: what is allowed, and the keys that make
//! them unique regardless of case.

use unicode_normalization::UnicodeNormalization;

use crate::error::FormErrors;

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 32;

/// A username as shown (NFC) and its uniqueness key (lower case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username {
    pub display: String,
    pub key: String,
}

/// Unicode letters and digits (Cyrillic included) and `_ . -`, 3–32 characters.
pub fn parse_username(input: &str, errors: &mut FormErrors) -> Option<Username> {
    let display: String = input.trim().nfc().collect();
    let len = display.chars().count();
    if !(USERNAME_MIN..=USERNAME_MAX).contains(&len) {
        errors.add_with(
            "username",
            "err-username-length",
            vec![("min", USERNAME_MIN.to_string()), ("max", USERNAME_MAX.to_string())],
        );
        return None;
    }
    if !display.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-')) {
        errors.add("username", "err-username-chars");
        return None;
    }
    let key = username_key(&display);
    Some(Username { display, key })
}

/// The confusable skeleton of a username (UTS #39, via `unicode-security`),
/// lower-cased: two names with the same skeleton look alike on screen
/// (`аdmin1` with a Cyrillic `а` and `admin1`; `Ivan` and `lvan`). The
/// skeleton is taken of the name as shown, so capitals that look like other
/// letters count, then lower-cased (names are unique regardless of case)
/// and taken again, so the result is stable.
pub fn skeleton(name: &str) -> String {
    use unicode_security::confusable_detection::skeleton as uts39;
    let shown: String = name.trim().nfc().collect();
    let lower = uts39(&shown).collect::<String>().to_lowercase();
    uts39(&lower).collect()
}

/// Whether `name` is, or looks like, one of the `reserved` names. Case and
/// the separators `_ . -` are ignored too (`Ad-min`, `ADMIN`, `аdmin`).
pub fn is_reserved(name: &str, reserved: &[String]) -> bool {
    let bare = |s: &str| -> String { skeleton(s).chars().filter(|c| !matches!(c, '_' | '.' | '-')).collect() };
    // Capitals have skeletons of their own (`I` looks like `l`), so the name
    // is compared as typed and in lower case.
    let wanted = [bare(name), bare(&name.to_lowercase())];
    reserved.iter().map(|r| bare(&r.to_lowercase())).any(|r| !r.is_empty() && wanted.contains(&r))
}

/// The case-insensitive key of a username, also used to look one up.
pub fn username_key(name: &str) -> String {
    name.trim().nfc().collect::<String>().to_lowercase()
}

/// A plausible address: one `@`, something before it, a dotted domain
/// after it, no spaces, at most 254 characters. Returns (address, key).
pub fn parse_email(input: &str, errors: &mut FormErrors) -> Option<(String, String)> {
    let email = input.trim();
    let ok = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ',' | ';'))
        && match email.rsplit_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !local.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
    if !ok {
        errors.add("email", "err-email-invalid");
        return None;
    }
    Some((email.to_owned(), email_key(email)))
}

pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> Result<Username, &'static str> {
        let mut e = FormErrors::new();
        parse_username(s, &mut e).ok_or_else(|| e.get("username").map_or("?", |f| f.key))
    }

    #[test]
    fn cyrillic_and_allowed_punctuation() {
        let u = name("Тарас_Шевченко").unwrap();
        assert_eq!(u.key, "тарас_шевченко");
        assert!(name("ivan.petrenko-2").is_ok());
        assert!(name("Їжак").is_ok());
    }

    #[test]
    fn length_and_characters() {
        assert_eq!(name("ab"), Err("err-username-length"));
        assert_eq!(name(&"я".repeat(33)), Err("err-username-length"));
        assert!(name(&"я".repeat(32)).is_ok());
        assert_eq!(name("<script>"), Err("err-username-chars"));
        assert_eq!(name("two words"), Err("err-username-chars"));
        assert_eq!(name("a@b.c"), Err("err-username-chars"));
    }

    #[test]
    fn keys_ignore_case_and_normalisation() {
        // "й" precomposed vs "и" + combining breve.
        assert_eq!(name("Йосип").unwrap().key, name("\u{0418}\u{0306}осип").unwrap().key);
        assert_eq!(username_key("TARAS"), username_key("taras"));
    }

    #[test]
    fn look_alike_names_share_a_skeleton() {
        assert_eq!(skeleton("admin1"), skeleton("\u{0430}dmin1"));
        assert_eq!(skeleton("Admin1"), skeleton("\u{0430}dmin1"));
        assert_eq!(skeleton("Ivan"), skeleton("lvan"));
        assert_eq!(skeleton("paypal"), skeleton("\u{0440}\u{0430}\u{0443}\u{0440}\u{0430}l"));
        assert_ne!(skeleton("admin1"), skeleton("admin2"));
        assert_ne!(skeleton("Олександр"), skeleton("Олексій"));
        assert_eq!(skeleton(&skeleton("Тарас")), skeleton("Тарас"));
    }

    #[test]
    fn reserved_names_by_skeleton_case_and_separators() {
        let reserved: Vec<String> = ["admin", "support", "no-reply"].iter().map(|s| (*s).to_owned()).collect();
        for name in ["admin", "ADMIN", "Ad-min", "\u{0430}dmin", "sup.port", "noreply", "No_Reply"] {
            assert!(is_reserved(name, &reserved), "{name}");
        }
        for name in ["admin1", "administrator", "Тарас", "supporter"] {
            assert!(!is_reserved(name, &reserved), "{name}");
        }
    }

    #[test]
    fn emails() {
        let mut e = FormErrors::new();
        assert_eq!(
            parse_email(" Taras@Example.COM ", &mut e),
            Some(("Taras@Example.COM".into(), "taras@example.com".into()))
        );
        for bad in ["", "taras", "@example.com", "taras@example", "ta ras@example.com", "a@b..c", "a@.b.c"] {
            let mut e = FormErrors::new();
            assert!(parse_email(bad, &mut e).is_none(), "{bad}");
        }
    }
}
