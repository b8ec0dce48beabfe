//! Line diffs with word-level highlighting inside changed lines, for post
//! history and wiki diffs. Works on characters, so Cyrillic is never split
//! inside a letter.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// One line of a diff: `kind` is `same`, `del` or `ins`; `parts` are
/// (highlighted, text) pairs that together make the line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    pub kind: &'static str,
    pub old_no: Option<usize>,
    pub new_no: Option<usize>,
    pub parts: Vec<(bool, String)>,
}

/// The lines of `old` -> `new` that changed, with `context` unchanged lines
/// around each change (`usize::MAX` for all).
pub fn lines(old: &str, new: &str, context: usize) -> Vec<DiffLine> {
    let diff = TextDiff::configure().algorithm(similar::Algorithm::Patience).diff_lines(old, new);
    let mut out = Vec::new();
    for group in diff.grouped_ops(context.min(1_000_000)) {
        for op in group {
            for change in diff.iter_inline_changes(&op) {
                let kind = match change.tag() {
                    ChangeTag::Equal => "same",
                    ChangeTag::Delete => "del",
                    ChangeTag::Insert => "ins",
                };
                let parts = change
                    .iter_strings_lossy()
                    .map(|(emph, s)| (emph, s.trim_end_matches(['\n', '\r']).to_owned()))
                    .filter(|(_, s)| !s.is_empty())
                    .collect();
                out.push(DiffLine {
                    kind,
                    old_no: change.old_index().map(|i| i + 1),
                    new_no: change.new_index().map(|i| i + 1),
                    parts,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_in_cyrillic_lines_are_highlighted() {
        let old = "Перший рядок\nВиведення коштів на картку\nОстанній рядок\n";
        let new = "Перший рядок\nВиведення грошей на картку\nОстанній рядок\n";
        let d = lines(old, new, 0);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].kind, "del");
        assert_eq!(d[1].kind, "ins");
        assert!(d[0].parts.contains(&(true, "коштів".into())), "{:?}", d[0].parts);
        assert!(d[1].parts.contains(&(true, "грошей".into())), "{:?}", d[1].parts);
        let joined: String = d[1].parts.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(joined, "Виведення грошей на картку");
        assert_eq!((d[0].old_no, d[1].new_no), (Some(2), Some(2)));
    }

    #[test]
    fn identical_texts_have_no_diff() {
        assert!(lines("а\nб\n", "а\nб\n", 3).is_empty());
    }

    #[test]
    fn context_lines_are_kept() {
        let d = lines("1\n2\n3\n4\n5\n", "1\n2\nтри\n4\n5\n", 1);
        let kinds: Vec<&str> = d.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, ["same", "del", "ins", "same"]);
    }
}
