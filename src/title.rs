//! Wiki article titles.
//!
//! A [`Title`] is the single canonical spelling of an article name. Every way
//! a title can reach the server (the edit form, a `[[wiki link]]`, a URL
//! segment) goes through [`Title::parse`], so two spellings that a reader
//! would consider "the same page" (`виведення_коштів`, ` Виведення  коштів`)
//! end up as the same key in the database and the same URL.
//!
//! The rules follow MediaWiki where that is what users of wikis expect:
//! underscores and spaces are interchangeable, only the first letter is
//! case-folded (so `ABC` and `Abc` stay different pages), and `#` separates a
//! section from the title.

use std::fmt;
use std::str::FromStr;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use unicode_normalization::UnicodeNormalization;

/// Longest accepted title, in Unicode scalar values (not bytes), so that
/// Cyrillic titles get the same budget as Latin ones.
pub const MAX_TITLE_CHARS: usize = 200;

/// Characters that may never appear in a title.
///
/// * `#` separates the section in `[[Title#Section]]` and in URLs.
/// * `[` `]` `|` are wiki-link syntax; a title containing them could not be
///   linked to.
/// * `<` `>` keep titles from ever looking like markup in logs, e-mails or
///   any template that forgets to escape.
/// * `{` `}` are reserved for a future template syntax (as in MediaWiki).
///
/// `/` is deliberately allowed: "Гайди/Виведення" style sub-pages are useful,
/// and [`Title::url_path`] encodes it as `%2F`, so a title is always exactly
/// one path segment and `/wiki/{title}/edit` routes stay unambiguous.
pub const FORBIDDEN_CHARS: &[char] = &['#', '<', '>', '[', ']', '|', '{', '}'];

/// URL schemes a title may not start with (`javascript:alert(1)`,
/// `https://…`). Such a "title" is almost always a mistyped external link,
/// and refusing it means no title can ever be mistaken for an absolute URL.
const URL_LIKE_PREFIXES: &[&str] = &[
    "http:",
    "https:",
    "ftp:",
    "mailto:",
    "javascript:",
    "vbscript:",
    "data:",
    "file:",
    "about:",
    "blob:",
    "ws:",
    "wss:",
];

/// Bytes left unencoded in a path segment: ASCII letters and digits plus
/// `_ - . ~` (the RFC 3986 "unreserved" set). Everything else, including
/// `/ ? # % & + ' ( ) :`, is percent-encoded, so the result can be pasted into
/// a path, an HTML attribute or a chat message without further escaping.
pub const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'_').remove(b'-').remove(b'.').remove(b'~');

/// Why a string is not a valid title. Variants are stable so the UI can map
/// them to localised messages; `Display` is a plain-English fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TitleError {
    /// Nothing left after trimming.
    Empty,
    /// No letter or digit at all (e.g. `...`, `--`, `!!!`).
    OnlyPunctuation,
    /// Longer than [`MAX_TITLE_CHARS`]; `len` is the normalised length.
    TooLong { len: usize },
    /// Contains one of [`FORBIDDEN_CHARS`].
    ForbiddenChar(char),
    /// Contains a control character or an invisible formatting character
    /// (zero-width space, bidi override, …) that would make two different
    /// titles look identical.
    InvisibleChar(char),
    /// Starts with a URL scheme such as `https:` or `javascript:`.
    UrlLike,
    /// A URL segment that is not valid percent-encoded UTF-8.
    InvalidEncoding,
}

impl fmt::Display for TitleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TitleError::Empty => f.write_str("the title is empty"),
            TitleError::OnlyPunctuation => f.write_str("the title must contain at least one letter or digit"),
            TitleError::TooLong { len } => {
                write!(f, "the title is too long ({len} characters, at most {MAX_TITLE_CHARS} allowed)")
            }
            TitleError::ForbiddenChar(c) => {
                write!(f, "the title may not contain the character '{c}'")
            }
            TitleError::InvisibleChar(c) => {
                write!(f, "the title contains an invisible or control character (U+{:04X})", u32::from(*c))
            }
            TitleError::UrlLike => f.write_str("the title may not start with a URL scheme"),
            TitleError::InvalidEncoding => f.write_str("the title is not valid UTF-8"),
        }
    }
}

impl std::error::Error for TitleError {}

/// A validated, normalised wiki article title (display form, with spaces).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Title(String);

impl Title {
    /// Normalises and validates user input.
    ///
    /// Order matters: whitespace is collapsed before the control-character
    /// check, so a title typed across a line break in a `[[link]]` is still
    /// accepted; NFC runs before validation so that visually identical
    /// decomposed input (`и` + U+0306) and precomposed input (`й`) map to the
    /// same key.
    pub fn parse(input: &str) -> Result<Title, TitleError> {
        let mut collapsed = String::with_capacity(input.len());
        let mut pending_space = false;
        for c in input.chars() {
            if c == '_' || c.is_whitespace() {
                pending_space = true;
                continue;
            }
            if pending_space && !collapsed.is_empty() {
                collapsed.push(' ');
            }
            pending_space = false;
            collapsed.push(c);
        }
        if collapsed.is_empty() {
            return Err(TitleError::Empty);
        }

        let nfc: String = collapsed.nfc().collect();
        let normalised = uppercase_first(&nfc);

        for c in normalised.chars() {
            if FORBIDDEN_CHARS.contains(&c) {
                return Err(TitleError::ForbiddenChar(c));
            }
            if is_invisible(c) {
                return Err(TitleError::InvisibleChar(c));
            }
        }
        if !normalised.chars().any(char::is_alphanumeric) {
            return Err(TitleError::OnlyPunctuation);
        }
        let len = normalised.chars().count();
        if len > MAX_TITLE_CHARS {
            return Err(TitleError::TooLong { len });
        }
        let lower_prefix: String = normalised.chars().take(12).flat_map(char::to_lowercase).collect();
        if URL_LIKE_PREFIXES.iter().any(|p| lower_prefix.starts_with(p)) {
            return Err(TitleError::UrlLike);
        }
        Ok(Title(normalised))
    }

    /// Decodes a path segment produced by [`Title::url_path`] (or typed by a
    /// user into the address bar). `+` is kept literally: in a path it never
    /// meant space, and our own encoder always writes `%2B`.
    pub fn from_url_segment(segment: &str) -> Result<Title, TitleError> {
        let decoded = percent_decode_str(segment).decode_utf8().map_err(|_| TitleError::InvalidEncoding)?;
        Title::parse(&decoded)
    }

    /// The display form, with spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The uniqueness key stored in the database. It is the display form:
    /// normalisation already folded everything that should be folded, and
    /// (like MediaWiki) only the first letter is case-insensitive.
    pub fn key(&self) -> &str {
        &self.0
    }

    /// The percent-encoded path segment, with spaces written as `_`
    /// (`Виведення_коштів` encoded as UTF-8).
    pub fn url_path(&self) -> String {
        let underscored = self.0.replace(' ', "_");
        utf8_percent_encode(&underscored, PATH_SEGMENT).to_string()
    }

    /// Site-relative link to the article.
    pub fn href(&self) -> String {
        format!("/wiki/{}", self.url_path())
    }

    /// [`Title::href`] of a title read from the database, which holds only
    /// normalised titles: the same link without normalising it again (NFC
    /// and the checks were a tenth of a 50-line feed's CPU). A stored title
    /// that somehow was not normalised still links to a valid address,
    /// which [`Title::from_url_segment`] normalises on arrival.
    pub fn stored_href(title: &str) -> String {
        let underscored = title.replace(' ', "_");
        format!("/wiki/{}", utf8_percent_encode(&underscored, PATH_SEGMENT))
    }
}

impl fmt::Display for Title {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Title {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for Title {
    type Err = TitleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Title::parse(s)
    }
}

/// Serialised as the display string, so templates can print it directly.
impl serde::Serialize for Title {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Upper-cases the first character only. When the upper-case form is more
/// than one character (`ß` -> `SS`, `ŉ` -> `ʼN`) the original is kept:
/// expanding would change the length and surprise the author, and MediaWiki
/// does the same for these letters.
fn uppercase_first(s: &str) -> String {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut upper = first.to_uppercase();
    let replacement = match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => first,
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(replacement);
    out.push_str(chars.as_str());
    if replacement == first {
        out
    } else {
        // An upper-case letter may compose differently with a following
        // combining mark; re-normalise so the key is always NFC.
        out.nfc().collect()
    }
}

/// Control characters plus the invisible "format" characters most used for
/// spoofing: soft hyphen, zero-width characters, bidi embeddings/overrides/
/// isolates and the BOM. Two titles differing only in these would look the
/// same to every reader.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_title_links_where_its_parsed_form_does() {
        for input in
            ["Виведення коштів", "Помилки під час операцій: депозити в ГроШ", "FAQ/ліміти (2026) 100% & co?", "a_b  c"]
        {
            let stored = Title::parse(input).unwrap();
            assert_eq!(Title::stored_href(stored.as_str()), stored.href(), "{input}");
        }
    }

    fn ok(s: &str) -> String {
        Title::parse(s).expect("valid title").as_str().to_owned()
    }

    #[test]
    fn cyrillic_first_letter_is_uppercased() {
        assert_eq!(ok("виведення коштів"), "Виведення коштів");
        assert_eq!(ok("ёлка"), "Ёлка");
        assert_eq!(ok("їжак"), "Їжак");
        assert_eq!(ok("ґанок"), "Ґанок");
    }

    #[test]
    fn only_first_letter_changes_case() {
        assert_eq!(ok("abc"), "Abc");
        assert_eq!(ok("aBC"), "ABC");
        assert_ne!(Title::parse("Abc"), Title::parse("ABC"));
        assert_eq!(Title::parse("abc"), Title::parse("Abc"));
        assert_eq!(ok("iPhone"), "IPhone");
    }

    #[test]
    fn first_char_without_single_char_uppercase_is_kept() {
        assert_eq!(ok("ßtraße"), "ßtraße");
        assert_eq!(ok("1st place"), "1st place");
    }

    #[test]
    fn underscores_and_whitespace_collapse() {
        assert_eq!(ok("  виведення__коштів \t\n "), "Виведення коштів");
        assert_eq!(ok("a_b c"), "A b c");
        assert_eq!(ok("_a_"), "A");
        assert_eq!(ok("a\u{00A0}\u{3000}b"), "A b");
        assert_eq!(Title::parse("Виведення_коштів"), Title::parse("виведення коштів"));
    }

    #[test]
    fn nfc_normalisation() {
        // "й" decomposed (и + combining breve) equals the precomposed letter.
        let decomposed = "\u{0438}\u{0306}ога";
        assert_eq!(ok(decomposed), "Йога");
        assert_eq!(Title::parse(decomposed), Title::parse("йога"));
    }

    #[test]
    fn rejects_empty_and_punctuation() {
        assert_eq!(Title::parse(""), Err(TitleError::Empty));
        assert_eq!(Title::parse("  _ _ \t"), Err(TitleError::Empty));
        assert_eq!(Title::parse("..."), Err(TitleError::OnlyPunctuation));
        assert_eq!(Title::parse(".."), Err(TitleError::OnlyPunctuation));
        assert_eq!(Title::parse("— ! ?"), Err(TitleError::OnlyPunctuation));
        assert_eq!(Title::parse("€$%"), Err(TitleError::OnlyPunctuation));
        assert!(Title::parse("C++").is_ok());
        assert!(Title::parse("7").is_ok());
    }

    #[test]
    fn rejects_forbidden_chars() {
        for (s, c) in
            [("a#b", '#'), ("<script>", '<'), ("a>b", '>'), ("a[b", '['), ("a]b", ']'), ("a|b", '|'), ("{a}", '{')]
        {
            assert_eq!(Title::parse(s), Err(TitleError::ForbiddenChar(c)), "{s}");
        }
        assert_eq!(ok("Гайди/Виведення"), "Гайди/Виведення");
    }

    #[test]
    fn rejects_control_and_invisible_chars() {
        assert_eq!(Title::parse("a\u{0}b"), Err(TitleError::InvisibleChar('\u{0}')));
        assert_eq!(Title::parse("a\u{7f}b"), Err(TitleError::InvisibleChar('\u{7f}')));
        assert_eq!(Title::parse("a\u{200B}b"), Err(TitleError::InvisibleChar('\u{200B}')));
        assert_eq!(Title::parse("a\u{202E}b"), Err(TitleError::InvisibleChar('\u{202E}')));
    }

    #[test]
    fn rejects_url_like() {
        assert_eq!(Title::parse("javascript:alert(1)"), Err(TitleError::UrlLike));
        assert_eq!(Title::parse("JavaScript:x"), Err(TitleError::UrlLike));
        assert_eq!(Title::parse("https://example.com"), Err(TitleError::UrlLike));
        assert!(Title::parse("Помилка: виведення").is_ok());
        assert!(Title::parse("Re:Zero").is_ok());
    }

    #[test]
    fn length_limit_counts_chars_not_bytes() {
        let cyr = "ж".repeat(MAX_TITLE_CHARS);
        assert!(Title::parse(&cyr).is_ok());
        let too_long = "ж".repeat(MAX_TITLE_CHARS + 1);
        assert_eq!(Title::parse(&too_long), Err(TitleError::TooLong { len: MAX_TITLE_CHARS + 1 }));
        // Collapsed whitespace does not count.
        let padded = format!("   {}   ", "a".repeat(MAX_TITLE_CHARS));
        assert!(Title::parse(&padded).is_ok());
    }

    #[test]
    fn url_path_and_href() {
        let t = Title::parse("виведення коштів").expect("valid");
        assert_eq!(
            t.url_path(),
            "%D0%92%D0%B8%D0%B2%D0%B5%D0%B4%D0%B5%D0%BD%D0%BD%D1%8F_%D0%BA%D0%BE%D1%88%D1%82%D1%96%D0%B2"
        );
        assert_eq!(t.href(), format!("/wiki/{}", t.url_path()));
        let t = Title::parse("a/b?c&d+e%f'g~h.i-j:k").expect("valid");
        assert_eq!(t.url_path(), "A%2Fb%3Fc%26d%2Be%25f%27g~h.i-j%3Ak");
    }

    #[test]
    fn url_round_trip() {
        for s in ["виведення коштів", "Гайди/Виведення", "C++ & Rust?", "100% готово", "a+b", "Ёжик в тумане", "x.y~z"]
        {
            let t = Title::parse(s).expect("valid");
            let back = Title::from_url_segment(&t.url_path()).expect("round trip");
            assert_eq!(back, t, "{s}");
        }
    }

    #[test]
    fn from_url_segment_accepts_human_typed_urls() {
        let t = Title::from_url_segment("виведення_коштів").expect("raw unicode");
        assert_eq!(t.as_str(), "Виведення коштів");
        let t = Title::from_url_segment("a+b").expect("plus kept");
        assert_eq!(t.as_str(), "A+b");
        assert_eq!(Title::from_url_segment("%FF%FE"), Err(TitleError::InvalidEncoding));
        assert_eq!(Title::from_url_segment("a%23b"), Err(TitleError::ForbiddenChar('#')));
    }

    #[test]
    fn error_messages_are_plain_english() {
        assert_eq!(TitleError::Empty.to_string(), "the title is empty");
        assert!(TitleError::ForbiddenChar('#').to_string().contains("'#'"));
        assert!(TitleError::InvisibleChar('\u{200B}').to_string().contains("U+200B"));
    }
}
