//! Finds bare URLs and `@mentions` in plain text.
//!
//! pulldown-cmark has no GFM "extended autolink" extension, and the rules are
//! short enough that a char scanner is clearer (and cheaper to compile) than
//! a regex or another dependency. Both scanners are linear in the input.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A piece of a text run.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Piece<'s> {
    Text(&'s str),
    /// A bare URL; `href` has the scheme added for `www.` links.
    Url {
        text: &'s str,
        href: String,
    },
    /// `@name`; `text` includes the `@`, `name` is NFC-normalised.
    Mention {
        text: &'s str,
        name: String,
    },
}

pub(super) const MENTION_MIN_CHARS: usize = 3;
pub(super) const MENTION_MAX_CHARS: usize = 32;

/// Splits `text` into plain text, URLs and mention candidates (URLs win, so
/// `https://x.y/@user` is one link, not a mention).
pub(super) fn scan(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut last = 0;
    for (start, end, href) in find_urls(text) {
        split_mentions(&text[last..start], &mut pieces);
        pieces.push(Piece::Url { text: &text[start..end], href });
        last = end;
    }
    split_mentions(&text[last..], &mut pieces);
    pieces
}

// ---------------------------------------------------------------- URLs ----

/// GFM extended autolinks: `http://`, `https://` and `www.` followed by a
/// valid domain, when they start the text or follow whitespace or `*_~(`.
fn find_urls(text: &str) -> Vec<(usize, usize, String)> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if matches!(c, b'h' | b'H' | b'w' | b'W')
            && url_may_start_after(text, i)
            && let Some((end, href)) = match_url(text, i)
        {
            found.push((i, end, href));
            i = end;
            continue;
        }
        i += 1;
    }
    found
}

fn url_may_start_after(text: &str, i: usize) -> bool {
    text[..i].chars().next_back().is_none_or(|p| p.is_whitespace() || matches!(p, '*' | '_' | '~' | '(' | '"' | '\''))
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

fn match_url(text: &str, start: usize) -> Option<(usize, String)> {
    let b = &text.as_bytes()[start..];
    let (domain_start, www) = if starts_with_ci(b, b"https://") {
        (8, false)
    } else if starts_with_ci(b, b"http://") {
        (7, false)
    } else if starts_with_ci(b, b"www.") {
        (0, true)
    } else {
        return None;
    };
    let rest = &text[start..];
    // The candidate runs to whitespace or `<`.
    let mut end = rest.char_indices().find(|&(_, c)| c.is_whitespace() || c == '<').map_or(rest.len(), |(i, _)| i);
    end = trim_trailing(&rest[..end]);
    let candidate = &rest[..end];
    let domain_end = candidate[domain_start..]
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .map_or(candidate.len(), |(i, _)| domain_start + i);
    if !valid_domain(&candidate[domain_start..domain_end]) {
        return None;
    }
    let href = if www { format!("https://{candidate}") } else { candidate.to_owned() };
    Some((start + end, href))
}

/// GFM: segments of alphanumerics, `_` and `-` separated by `.`, at least
/// one `.`, no `_` in the last two segments.
fn valid_domain(domain: &str) -> bool {
    let domain = domain.trim_end_matches('.');
    let segments: Vec<&str> = domain.split('.').collect();
    if segments.len() < 2 || segments.iter().any(|s| s.is_empty()) {
        return false;
    }
    !segments[segments.len() - 2..].iter().any(|s| s.contains('_'))
}

/// Drops trailing punctuation that is almost always sentence punctuation
/// rather than part of the URL. Unbalanced `)` is dropped so
/// `(see https://x.y/a)` works while `https://x.y/a_(b)` keeps its paren;
/// a trailing `&entity;` is dropped as GFM does. Counts are kept
/// incrementally so a URL ending in a million `)` is still linear.
fn trim_trailing(candidate: &str) -> usize {
    let mut end = candidate.len();
    let open = candidate.bytes().filter(|&c| c == b'(').count();
    let mut close = candidate.bytes().filter(|&c| c == b')').count();
    let b = candidate.as_bytes();
    while end > 0 {
        match b[end - 1] {
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b')' if close > open => {
                close -= 1;
                end -= 1;
            }
            b';' => {
                let word = b[..end - 1].iter().rev().take_while(|c| c.is_ascii_alphanumeric()).count();
                let amp = end - 1 - word;
                if word > 0 && amp > 0 && b[amp - 1] == b'&' {
                    end = amp - 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    end
}

// ------------------------------------------------------------ mentions ----

fn is_username_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || matches!(c, '_' | '.' | '-')
}

/// Characters after which `@` does not start a mention: word characters (so
/// `name@example.com` is an e-mail) and URL-ish punctuation (`site.com/@x`).
fn blocks_mention(prev: char) -> bool {
    prev.is_alphanumeric()
        || is_combining_mark(prev)
        || matches!(prev, '_' | '.' | '-' | '/' | '@' | '+' | '=' | '\\' | '`')
}

fn split_mentions<'s>(text: &'s str, pieces: &mut Vec<Piece<'s>>) {
    let mut last = 0;
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == '@' && !prev.is_some_and(blocks_mention) {
            let name_start = i + 1;
            let mut name_end = name_start;
            let mut run_end = name_start;
            while let Some(&(j, d)) = iter.peek() {
                if !is_username_char(d) {
                    break;
                }
                iter.next();
                run_end = j + d.len_utf8();
                if d != '.' {
                    name_end = run_end;
                }
                prev = Some(d);
            }
            let name = &text[name_start..name_end];
            let chars = name.chars().count();
            // A name longer than the limit is not a mention at all: taking a
            // prefix would notify an unrelated user.
            if (MENTION_MIN_CHARS..=MENTION_MAX_CHARS).contains(&chars)
                && name.chars().next().is_some_and(|f| !is_combining_mark(f))
            {
                if last < i {
                    pieces.push(Piece::Text(&text[last..i]));
                }
                pieces.push(Piece::Mention { text: &text[i..name_end], name: name.nfc().collect() });
                last = name_end;
            }
            if run_end == name_start {
                prev = Some('@');
            }
            continue;
        }
        prev = Some(c);
    }
    if last < text.len() {
        pieces.push(Piece::Text(&text[last..]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(s: &str) -> Vec<(&str, String)> {
        scan(s)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Url { text, href } => Some((text, href)),
                _ => None,
            })
            .collect()
    }

    fn mentions(s: &str) -> Vec<String> {
        scan(s)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Mention { name, .. } => Some(name),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn bare_urls() {
        assert_eq!(
            urls("see https://example.com/a?b=1."),
            vec![("https://example.com/a?b=1", "https://example.com/a?b=1".into())]
        );
        assert_eq!(urls("www.example.com, ok"), vec![("www.example.com", "https://www.example.com".into())]);
        assert_eq!(
            urls("(https://en.wikipedia.org/wiki/Rust_(language))"),
            vec![(
                "https://en.wikipedia.org/wiki/Rust_(language)",
                "https://en.wikipedia.org/wiki/Rust_(language)".into()
            )]
        );
        assert_eq!(urls("https://a.b/x&amp;"), vec![("https://a.b/x", "https://a.b/x".into())]);
        assert_eq!(
            urls("HTTPS://Приклад.укр/шлях"),
            vec![("HTTPS://Приклад.укр/шлях", "HTTPS://Приклад.укр/шлях".into())]
        );
        assert!(urls("http://localhost/x").is_empty());
        assert!(urls("www.").is_empty());
        assert!(urls("xhttps://a.b").is_empty());
        assert!(urls("https://a_b.c_d").is_empty());
        assert!(urls("javascript:alert(1)").is_empty());
    }

    #[test]
    fn url_trimming_is_linear() {
        let s = format!("https://a.b/{}", ")".repeat(200_000));
        assert_eq!(urls(&s), vec![("https://a.b/", "https://a.b/".into())]);
    }

    #[test]
    fn mentions_basic() {
        assert_eq!(mentions("hi @bob and @алиса."), vec!["bob", "алиса"]);
        assert_eq!(mentions("@олег_123-x"), vec!["олег_123-x"]);
        assert_eq!(mentions("mail me at bob@example.com"), Vec::<String>::new());
        assert_eq!(mentions("@ab @abc"), vec!["abc"]);
        assert_eq!(mentions(&format!("@{}", "a".repeat(32))), vec!["a".repeat(32)]);
        assert!(mentions(&format!("@{}", "a".repeat(33))).is_empty());
        assert_eq!(mentions("(@bob)"), vec!["bob"]);
        assert_eq!(mentions("@@bob"), Vec::<String>::new());
        assert_eq!(mentions("site.com/@bob"), Vec::<String>::new());
        assert_eq!(mentions("@bob..."), vec!["bob"]);
        assert_eq!(mentions("@a.b.c"), vec!["a.b.c"]);
        assert_eq!(mentions(&format!("@{}...", "a".repeat(32))), vec!["a".repeat(32)]);
    }

    #[test]
    fn mention_is_nfc() {
        assert_eq!(mentions("@\u{0438}\u{0306}ога"), vec!["йога"]);
    }

    #[test]
    fn urls_win_over_mentions() {
        let pieces = scan("https://medium.com/@author hi @bob");
        assert_eq!(pieces.len(), 3);
        assert!(matches!(pieces[0], Piece::Url { .. }));
        assert_eq!(pieces[1], Piece::Text(" hi "));
        assert!(matches!(pieces[2], Piece::Mention { .. }));
    }
}
