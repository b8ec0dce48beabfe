//! Synonyms widen what a question finds: Ukrainian and Russian words for
//! the same thing (`гаманець` / `кошелек`) and everyday phrasings for the
//! words guides use (`закинути гроші` -> `поповнення`).
//!
//! A rule is a pair of words or phrases, applied to queries only (stored
//! terms never change, so editing synonyms needs no re-index). When a
//! query contains the `from` phrase — its words in order, stop words
//! ignored — every clause of that stretch also accepts the `to` terms, at
//! [`SYNONYM_WEIGHT`]. Expansion is one step: a synonym's synonyms are not
//! added. The seed list is `synonyms.toml`; administrators' pairs come from
//! the database in the same shape ([`SynonymPair`]).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use serde::Deserialize;

use super::analyzer::{self, Lang, Script};
use super::query::{Clause, Query};

/// How much a match through a synonym counts relative to the typed word.
pub const SYNONYM_WEIGHT: f32 = 0.8;

/// One rule as an administrator writes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SynonymPair {
    pub from: String,
    pub to: String,
    /// Also expand `to` into `from` (language pairs are two-way; an
    /// everyday phrasing is not what a guide's own word should pull in).
    pub two_way: bool,
}

/// Compiled rules, ready to expand queries.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// Rules compiled once for the whole process (the shipped ones): every
    /// query used to parse and stem them again.
    base: Option<&'static Synonyms>,
    rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
struct Rule {
    /// Per word of the `from` phrase: the terms it may appear as.
    from: Vec<BTreeSet<String>>,
    /// Terms added to each matched clause.
    to: Vec<String>,
}

impl Synonyms {
    /// Rules from pairs; a pair whose side has no meaningful word (only stop
    /// words or punctuation) is ignored.
    pub fn new(pairs: impl IntoIterator<Item = SynonymPair>) -> Self {
        let mut rules = Vec::new();
        for pair in pairs {
            rules.extend(Rule::new(&pair.from, &pair.to));
            if pair.two_way {
                rules.extend(Rule::new(&pair.to, &pair.from));
            }
        }
        Synonyms { base: None, rules }
    }

    /// The shipped rules and `pairs` (administrators' own) after them.
    pub fn seed_and(pairs: impl IntoIterator<Item = SynonymPair>) -> Self {
        Synonyms { base: Some(Self::seed()), ..Self::new(pairs) }
    }

    fn all_rules(&self) -> impl Iterator<Item = &Rule> {
        self.base.into_iter().flat_map(|b| b.rules.iter()).chain(self.rules.iter())
    }

    /// The rules shipped with the server.
    pub fn seed() -> &'static Synonyms {
        static SEED: LazyLock<Synonyms> = LazyLock::new(|| Synonyms::new(seed_pairs()));
        &SEED
    }

    pub fn len(&self) -> usize {
        self.all_rules().count()
    }

    pub fn is_empty(&self) -> bool {
        self.all_rules().next().is_none()
    }

    /// Adds the alternatives of every rule whose `from` phrase the query
    /// contains. Matching looks at the words' own stems only, never at
    /// alternatives another rule added.
    pub fn expand(&self, query: &mut Query) {
        let own: Vec<BTreeSet<String>> = query
            .clauses
            .iter()
            .map(|c| c.alternatives.iter().filter(|a| !a.prefix && a.weight >= 1.0).map(|a| a.term.clone()).collect())
            .collect();
        for rule in self.all_rules() {
            let n = rule.from.len();
            if n == 0 || n > own.len() {
                continue;
            }
            for start in 0..=own.len() - n {
                let hit = rule.from.iter().zip(&own[start..start + n]).all(|(want, have)| !want.is_disjoint(have));
                if hit {
                    for clause in &mut query.clauses[start..start + n] {
                        add_terms(clause, &rule.to);
                    }
                }
            }
        }
    }
}

fn add_terms(clause: &mut Clause, terms: &[String]) {
    for term in terms {
        clause.add(term.clone(), false, SYNONYM_WEIGHT);
    }
}

impl Rule {
    fn new(from: &str, to: &str) -> Option<Rule> {
        let from: Vec<BTreeSet<String>> = phrase_words(from).into_iter().map(|w| terms_of(&w)).collect();
        let to: BTreeSet<String> = phrase_words(to).iter().flat_map(terms_of).collect();
        (!from.is_empty() && !to.is_empty()).then(|| Rule { from, to: to.into_iter().collect() })
    }
}

fn phrase_words(phrase: &str) -> Vec<analyzer::Word> {
    analyzer::words(phrase).into_iter().filter(|w| !w.compound && !analyzer::is_stop_word(&w.text)).collect()
}

/// A word's terms in both languages, as a query would stem it.
fn terms_of(word: &analyzer::Word) -> BTreeSet<String> {
    match word.script {
        Script::Cyrillic => [Lang::Uk, Lang::Ru].iter().map(|l| analyzer::term(&word.text, word.script, *l)).collect(),
        _ => BTreeSet::from([analyzer::term(&word.text, word.script, Lang::En)]),
    }
}

#[derive(Deserialize)]
struct SeedFile {
    two_way: Vec<[String; 2]>,
    one_way: Vec<[String; 2]>,
}

/// The pairs in `synonyms.toml`.
pub fn seed_pairs() -> Vec<SynonymPair> {
    let file: SeedFile = toml::from_str(include_str!("synonyms.toml")).expect("synonyms.toml is checked by a test");
    let two = file.two_way.into_iter().map(|[from, to]| SynonymPair { from, to, two_way: true });
    let one = file.one_way.into_iter().map(|[from, to]| SynonymPair { from, to, two_way: false });
    two.chain(one).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::analyze_query;

    fn pair(from: &str, to: &str, two_way: bool) -> SynonymPair {
        SynonymPair { from: from.into(), to: to.into(), two_way }
    }

    fn expanded(q: &str, synonyms: &Synonyms) -> Query {
        let mut query = analyze_query(q);
        synonyms.expand(&mut query);
        query
    }

    fn finds(query: &Query, doc: &str) -> bool {
        let tokens = analyzer::analyze(doc, Some(Lang::Uk));
        query.clauses.iter().all(|c| tokens.iter().any(|t| c.matches(&t.term).is_some()))
    }

    #[test]
    fn seed_parses_and_every_pair_compiles() {
        let pairs = seed_pairs();
        assert!(pairs.len() > 50);
        for p in &pairs {
            assert!(Rule::new(&p.from, &p.to).is_some(), "{p:?}");
        }
        assert!(!Synonyms::seed().is_empty());
    }

    #[test]
    fn phrase_expands_to_canonical_word() {
        let s = Synonyms::new([pair("закинути гроші", "поповнення", false)]);
        let q = expanded("як закинути гроші на гаманець", &s);
        assert!(finds(&q, "Поповнення гаманця"), "{q:?}");
        assert!(!finds(&expanded("поповнення", &s), "закинути гроші"));
    }

    #[test]
    fn two_way_pairs_work_both_ways() {
        let s = Synonyms::new([pair("гаманець", "кошелек", true)]);
        assert!(finds(&expanded("кошелек", &s), "гаманця"));
        assert!(finds(&expanded("гаманець", &s), "кошелька"));
    }

    #[test]
    fn phrase_must_be_in_order_and_adjacent() {
        let s = Synonyms::new([pair("закинути гроші", "поповнення", false)]);
        assert!(!finds(&expanded("гроші закинути", &s), "поповнення"));
        assert!(!finds(&expanded("закинути", &s), "поповнення"));
    }

    #[test]
    fn expansion_is_one_step() {
        let s = Synonyms::new([pair("а1", "б1", false), pair("б1", "в1", false)]);
        let q = expanded("а1", &s);
        assert!(finds(&q, "б1"));
        assert!(!finds(&q, "в1"));
    }
}
