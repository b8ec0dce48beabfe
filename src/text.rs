//! What text the server accepts, stores and writes into XML.
//!
//! Every piece of text a client sends goes through [`clean`] (or
//! [`clean_line`] for one-line fields) once, at the edge of the web layer
//! (see `web::edge`), so the domain only ever sees:
//!
//! * line ends as `\n` — a browser's textarea submits `\r\n`, and stored
//!   CRLF made every diff and 3-way merge of a guide edited in a browser
//!   differ on every line;
//! * no C0 control characters except tab and line feed — PostgreSQL refuses
//!   NUL in text (the insert failed and the member's text was lost), and the
//!   others are illegal in XML, so one such post broke every Atom feed;
//! * no DEL (U+007F) and no C1 controls (U+0080–U+009F): legal in XML 1.0
//!   but invisible, never typed on purpose (they come from mis-decoded
//!   legacy encodings) and a way to make two strings look alike;
//! * no Unicode noncharacters (U+FDD0–U+FDEF and every U+xxFFFE/U+xxFFFF):
//!   they are for a program's internal use, never for interchange, and
//!   U+FFFE/U+FFFF are illegal in XML.
//!
//! Everything else is kept as typed, including format characters such as
//! the zero-width joiner, which some scripts and emoji need; titles and
//! names have their own, stricter rules.
//!
//! [`xml_safe`] is the last line of defence for XML output: text stored
//! before this module existed may still hold characters XML cannot carry.

use std::borrow::Cow;

/// Multi-line text (posts, guides, descriptions): CRLF and lone CR become
/// LF; NUL, the other C0 controls except tab and LF, DEL, C1 controls and
/// noncharacters are dropped.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c == '\r' || is_dropped(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                out.push('\n');
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            c if is_dropped(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// One-line text (titles, names, summaries, search queries): [`clean`],
/// then every tab and line break becomes a space.
pub fn clean_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| matches!(c, '\t' | '\n' | '\r') || is_dropped(c)) {
        return Cow::Borrowed(s);
    }
    let multi = clean(s);
    Cow::Owned(multi.chars().map(|c| if matches!(c, '\t' | '\n') { ' ' } else { c }).collect())
}

/// Whether [`clean`] drops `c` (it also rewrites CR, which this does not count).
pub fn is_dropped(c: char) -> bool {
    let cp = u32::from(c);
    (c.is_control() && c != '\t' && c != '\n' && c != '\r') || is_noncharacter(cp)
}

fn is_noncharacter(cp: u32) -> bool {
    (0xFDD0..=0xFDEF).contains(&cp) || cp & 0xFFFE == 0xFFFE
}

/// Whether XML 1.0 can carry `c` at all (its `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Drops the characters XML 1.0 cannot carry, so a document built from
/// stored text is always well-formed.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|c| is_xml_char(*c)).collect())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn line_ends_become_lf() {
        assert_eq!(clean("a\r\nb\rc\n\r\nd\r"), "a\nb\nc\n\nd\n");
        assert_eq!(clean("\r\r\n"), "\n\n");
    }

    #[test]
    fn controls_and_noncharacters_are_dropped() {
        assert_eq!(clean("a\0b\u{1}c\u{8}d\u{b}e\u{c}f\u{1b}g\u{1f}h"), "abcdefgh");
        assert_eq!(clean("del\u{7f}c1\u{85}\u{9f}"), "delc1");
        assert_eq!(clean("x\u{fffe}\u{ffff}\u{fdd0}\u{fdef}\u{1fffe}\u{10ffff}y"), "xy");
        assert_eq!(clean("tab\tand\nlf"), "tab\tand\nlf");
    }

    #[test]
    fn ordinary_text_is_borrowed() {
        for s in ["", "Привіт, світе", "a\tb\nc", "emoji 👩\u{200d}💻", "\u{fffd}\u{fdcf}\u{fdf0}"] {
            assert!(matches!(clean(s), Cow::Borrowed(_)), "{s:?}");
            assert!(matches!(xml_safe(s), Cow::Borrowed(_)), "{s:?}");
        }
        assert!(matches!(clean_line("Виведення коштів"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_line_text_has_spaces_for_breaks() {
        assert_eq!(clean_line("a\tb\r\nc\rd\ne\0f"), "a b c d ef");
    }

    #[test]
    fn xml_safe_keeps_what_xml_allows() {
        assert_eq!(xml_safe("a\u{1}b\u{fffe}c\u{ffff}d\u{b}e"), "abcde");
        assert_eq!(xml_safe("tab\tcr\rlf\ndel\u{7f}"), "tab\tcr\rlf\ndel\u{7f}");
    }

    proptest! {
        #[test]
        fn clean_output_is_clean_and_stable(s in any::<String>()) {
            let once = clean(&s).into_owned();
            prop_assert!(!once.contains('\r'));
            prop_assert!(once.chars().all(|c| !is_dropped(c) && is_xml_char(c)));
            prop_assert_eq!(clean(&once).into_owned(), once.clone());
            let line = clean_line(&s).into_owned();
            prop_assert!(!line.contains(['\n', '\t', '\r']));
            prop_assert_eq!(line.chars().count(), once.chars().count());
        }

        #[test]
        fn xml_safe_output_parses(s in any::<String>()) {
            let doc = format!("<a>{}</a>", xml_safe(&s).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
            prop_assert!(roxmltree::Document::parse(&doc).is_ok(), "{:?}", doc);
        }
    }
}
