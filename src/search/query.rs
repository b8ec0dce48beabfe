//! What a reader typed, as clauses the index can answer.
//!
//! A query is a conjunction of [`Clause`]s, one per meaningful word; a
//! clause is satisfied by any of its [`Alternative`] terms. Short or
//! ambiguous queries get the word's stems in both Ukrainian and Russian (a
//! two-word query says too little to know its language, and readers mix
//! them); every word longer than [`MIN_PREFIX_CHARS`] also matches as a
//! prefix, so "гаман" finds "гаманець" while the reader is still typing.
//! Synonyms add alternatives afterwards ([`super::synonyms`]).
//!
//! Whatever was typed (10 000 characters, only punctuation, FTS operators,
//! quotes, NUL), the result is a plain list of terms made of letters and
//! digits, possibly empty; the query builders in [`super::fts`] never see
//! the reader's syntax.

use serde::Serialize;

use super::analyzer::{self, Lang, Script, Word};

/// Characters of the query that are looked at; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 500;
/// Clauses kept; more words than this add nothing a reader would notice.
pub const MAX_CLAUSES: usize = 16;
/// Up to this many words, Cyrillic words are stemmed as both languages.
pub const SHORT_QUERY_WORDS: usize = 6;
/// Shortest word that also matches as a prefix.
pub const MIN_PREFIX_CHARS: usize = 3;

/// Weight of a term reached by prefix only: a reader typing "карт" probably
/// means "картка", but a full-word match is surer.
pub const PREFIX_WEIGHT: f32 = 0.4;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

/// One meaningful word of the query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clause {
    /// The word as normalized (not stemmed): what "did you mean" replaces.
    pub word: String,
    pub alternatives: Vec<Alternative>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub term: String,
    /// Matches every stored term that starts with `term`.
    pub prefix: bool,
    /// How much a match through this alternative counts, relative to the
    /// word itself (1.0).
    pub weight: f32,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}

impl Clause {
    /// The weight with which a stored term satisfies this clause, if it does.
    pub fn matches(&self, term: &str) -> Option<f32> {
        let mut best: Option<f32> = None;
        for alt in &self.alternatives {
            let hit = if alt.prefix { term.starts_with(alt.term.as_str()) } else { term == alt.term };
            if hit && best.is_none_or(|b| alt.weight > b) {
                best = Some(alt.weight);
            }
        }
        best
    }

    /// Adds an alternative, keeping the higher weight when the term is
    /// already there with the same kind of match.
    pub fn add(&mut self, term: String, prefix: bool, weight: f32) {
        if term.is_empty() {
            return;
        }
        match self.alternatives.iter_mut().find(|a| a.term == term && a.prefix == prefix) {
            Some(existing) => existing.weight = existing.weight.max(weight),
            None => self.alternatives.push(Alternative { term, prefix, weight }),
        }
    }
}

/// The query for `text`. Stop words are dropped unless nothing else is left
/// ("що це", "how to"), clauses that repeat an earlier word are dropped.
pub fn analyze_query(text: &str) -> Query {
    let text = truncate(text);
    let words: Vec<Word> = analyzer::words(text).into_iter().filter(|w| !w.compound).collect();
    let meaningful: Vec<&Word> = words.iter().filter(|w| !analyzer::is_stop_word(&w.text)).collect();
    let chosen: Vec<&Word> = if meaningful.is_empty() { words.iter().collect() } else { meaningful };
    let langs = query_langs(text, chosen.len());
    let mut query = Query::default();
    for word in chosen {
        if query.clauses.len() == MAX_CLAUSES {
            break;
        }
        if query.clauses.iter().any(|c| c.word == word.text) {
            continue;
        }
        let clause = clause(word, &langs);
        // A word that leaves no term (a lone `ъ`) cannot match anything.
        if !clause.alternatives.is_empty() {
            query.clauses.push(clause);
        }
    }
    query
}

/// The first [`MAX_QUERY_CHARS`] characters, without a word cut in two.
pub(crate) fn truncate(text: &str) -> &str {
    match text.char_indices().nth(MAX_QUERY_CHARS) {
        Some((cut, _)) => {
            let head = &text[..cut];
            match head.rfind(char::is_whitespace) {
                Some(space) => &head[..space],
                None => head,
            }
        }
        None => text,
    }
}

/// The clause for one normalized word: its stems, and itself as a prefix.
pub fn clause(word: &Word, langs: &[Lang]) -> Clause {
    let mut clause = Clause { word: word.text.clone(), alternatives: Vec::new() };
    match word.script {
        Script::Cyrillic => {
            for lang in langs {
                clause.add(analyzer::term(&word.text, word.script, *lang), false, 1.0);
            }
        }
        Script::Latin | Script::Other => clause.add(analyzer::term(&word.text, word.script, Lang::En), false, 1.0),
    }
    let is_word = word.text.chars().any(char::is_alphabetic);
    if is_word && word.text.chars().count() >= MIN_PREFIX_CHARS {
        clause.add(analyzer::prefix_form(&word.text), true, PREFIX_WEIGHT);
    }
    clause
}

/// Languages to stem Cyrillic query words in: the detected one for a long
/// query that says which it is, both otherwise.
fn query_langs(text: &str, words: usize) -> Vec<Lang> {
    match analyzer::detect(text) {
        Some(lang @ (Lang::Uk | Lang::Ru)) if words > SHORT_QUERY_WORDS => vec![lang],
        _ => vec![Lang::Uk, Lang::Ru],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alternatives(q: &Query) -> Vec<Vec<(String, bool)>> {
        q.clauses.iter().map(|c| c.alternatives.iter().map(|a| (a.term.clone(), a.prefix)).collect()).collect()
    }

    #[test]
    fn prefix_finds_longer_words() {
        let q = analyze_query("гаман");
        let doc = analyzer::analyze("гаманець", Some(Lang::Uk));
        assert!(q.clauses[0].matches(&doc[0].term).is_some(), "{q:?} vs {doc:?}");
    }

    #[test]
    fn short_queries_are_stemmed_both_ways() {
        let q = analyze_query("вывести деньги");
        assert_eq!(q.clauses.len(), 2);
        let uk = analyzer::analyze("вивести", Some(Lang::Uk));
        assert_eq!(q.clauses[0].matches(&uk[0].term), Some(1.0));
    }

    #[test]
    fn stop_words_only_when_nothing_else() {
        assert_eq!(analyze_query("як вивести").clauses.len(), 1);
        assert_eq!(analyze_query("що це").clauses.len(), 2);
        assert_eq!(analyze_query("гроші гроші").clauses.len(), 1);
    }

    #[test]
    fn hostile_queries_are_plain_terms() {
        let nul = "\0".repeat(100);
        let long = "гроші ".repeat(2000);
        let hostile = [
            "",
            "!!!",
            "\"\"\"",
            "NEAR(a b)",
            "a* OR -b",
            "col:term",
            "((((",
            "'; DROP TABLE x; --",
            nul.as_str(),
            long.as_str(),
            "a\0b",
            "\\'\\",
        ];
        for text in hostile {
            let q = analyze_query(text);
            assert!(q.clauses.len() <= MAX_CLAUSES);
            for (term, _) in alternatives(&q).into_iter().flatten() {
                assert!(!term.is_empty() && term.chars().all(char::is_alphanumeric), "{text:?}: {term:?}");
            }
        }
        assert!(analyze_query("!!! ... ,,,").is_empty());
        assert!(analyze_query("ꚜ: ъ").is_empty());
        assert_eq!(analyze_query(&long).clauses.len(), 1);
    }
}
