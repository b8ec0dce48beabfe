//! "Did you mean": a query word the index does not know is replaced by the
//! closest word it does, by edit distance (Damerau–Levenshtein: a swapped
//! pair of letters is one typo, as readers make them).
//!
//! The vocabulary is surface words (normalized, not stemmed) with counts,
//! because a suggestion is shown to the reader and a stem is not a word.
//! A word counts as known when it or its stems appear, or when it is the
//! beginning of a known word (prefix search finds those anyway).

use std::collections::{BTreeMap, HashSet};

use super::analyzer::{self, Lang, Script};

#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Normalized word -> number of occurrences.
    words: BTreeMap<String, u64>,
    terms: HashSet<String>,
}

impl Vocabulary {
    pub fn new() -> Self {
        Self::default()
    }

    /// From stored word counts.
    pub fn from_counts(counts: impl IntoIterator<Item = (String, u64)>) -> Self {
        let mut v = Self::new();
        for (word, count) in counts {
            v.add_word(word, count);
        }
        v
    }

    /// Counts the words of an indexed text.
    pub fn add_text(&mut self, text: &str) {
        for word in analyzer::words(text) {
            if !word.compound && !analyzer::is_stop_word(&word.text) && word.text.chars().any(char::is_alphabetic) {
                self.add_word(word.text, 1);
            }
        }
    }

    fn add_word(&mut self, word: String, count: u64) {
        let (fixed, script) = script_of(&word);
        for lang in [Lang::Uk, Lang::Ru] {
            self.terms.insert(analyzer::term(&fixed, script, lang));
        }
        *self.words.entry(fixed).or_insert(0) += count;
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn knows(&self, word: &str, script: Script) -> bool {
        if self.words.contains_key(word) {
            return true;
        }
        if [Lang::Uk, Lang::Ru].iter().any(|l| self.terms.contains(&analyzer::term(word, script, *l))) {
            return true;
        }
        self.words.range(word.to_owned()..).next().is_some_and(|(w, _)| w.starts_with(word))
    }

    /// The closest known word within the allowed distance: fewest edits,
    /// then the most frequent, then alphabetical.
    fn closest(&self, word: &str) -> Option<&str> {
        let len = word.chars().count();
        let max = if len <= 4 { 1 } else { 2 };
        let mut best: Option<(usize, u64, &str)> = None;
        for (candidate, &count) in &self.words {
            let clen = candidate.chars().count();
            if clen.abs_diff(len) > max {
                continue;
            }
            let d = strsim::damerau_levenshtein(word, candidate);
            if d == 0 || d > max {
                continue;
            }
            let better = match best {
                None => true,
                Some((bd, bc, _)) => d < bd || (d == bd && count > bc),
            };
            if better {
                best = Some((d, count, candidate.as_str()));
            }
        }
        best.map(|(_, _, w)| w)
    }
}

/// Words shorter than this are never corrected: too many neighbours.
const MIN_CORRECTED_CHARS: usize = 3;

/// The query with unknown words replaced, as normalized words joined by
/// spaces; `None` when every word is known or nothing close exists.
pub fn did_you_mean(query: &str, vocabulary: &Vocabulary) -> Option<String> {
    let query = super::query::truncate(query);
    let mut changed = false;
    let mut out = Vec::new();
    for word in analyzer::words(query).into_iter().filter(|w| !w.compound) {
        let correctable = !analyzer::is_stop_word(&word.text)
            && word.text.chars().all(char::is_alphabetic)
            && word.text.chars().count() >= MIN_CORRECTED_CHARS;
        if correctable
            && !vocabulary.knows(&word.text, word.script)
            && let Some(better) = vocabulary.closest(&word.text)
        {
            out.push(better.to_owned());
            changed = true;
            continue;
        }
        out.push(word.text);
    }
    changed.then(|| out.join(" "))
}

fn script_of(word: &str) -> (String, Script) {
    match analyzer::words(word).into_iter().next() {
        Some(w) if w.text == word => (w.text, w.script),
        _ => (word.to_owned(), Script::Other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        let mut v = Vocabulary::new();
        v.add_text("Поповнення гаманця карткою. Виведення коштів на картку. Атестат, пароль, пароль.");
        v.add_text("Паролі і параль");
        v
    }

    #[test]
    fn typos_are_corrected() {
        let v = vocab();
        assert_eq!(did_you_mean("попвнення гаманця", &v).as_deref(), Some("поповнення гаманця"));
        assert_eq!(did_you_mean("атсетат", &v).as_deref(), Some("атестат"));
        // The more frequent of two equally close words.
        assert_eq!(did_you_mean("паролм", &v).as_deref(), Some("пароль"));
    }

    #[test]
    fn known_words_inflections_and_prefixes_are_left_alone() {
        let v = vocab();
        assert_eq!(did_you_mean("гаманець", &v), None);
        assert_eq!(did_you_mean("гаман", &v), None);
        assert_eq!(did_you_mean("як поповнити гаманець", &v), None);
        assert_eq!(did_you_mean("зовсім інше", &v), None);
    }

    #[test]
    fn hostile_queries() {
        let v = vocab();
        for q in ["", "\0", "!!!", "\"NEAR(", &"ы".repeat(10_000)] {
            let _ = did_you_mean(q, &v);
        }
        assert_eq!(did_you_mean("", &Vocabulary::new()), None);
    }
}
