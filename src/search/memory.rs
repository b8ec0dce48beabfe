//! An index held in memory: the reference for what a database-backed
//! search must return. It selects candidates the way the databases will
//! (every clause first, any clause when that finds too few) and ranks them
//! with the same [`rank`](super::rank) code, so tests and the evaluation
//! set measure exactly what readers will get.

use super::fts::Mode;
use super::query::Query;
use super::rank::{self, Document, Scored, Stats, Weights};

/// When requiring every clause finds fewer documents than this, any clause
/// will do. Enough for `/ask`'s three answers.
pub const MIN_ALL_HITS: usize = 3;

#[derive(Debug, Clone, Default)]
pub struct MemoryIndex {
    docs: Vec<Document>,
    stats: Stats,
}

/// What a search returned and how it got there.
#[derive(Debug, Clone, PartialEq)]
pub struct Hits {
    pub mode: Mode,
    pub hits: Vec<Scored>,
}

impl MemoryIndex {
    pub fn new(docs: Vec<Document>) -> Self {
        let stats = Stats::of(&docs);
        MemoryIndex { docs, stats }
    }

    pub fn documents(&self) -> &[Document] {
        &self.docs
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Ranked hits for the query.
    pub fn search(&self, query: &Query, weights: &Weights, now: i64) -> Hits {
        let stats = self.stats();
        let df = rank::document_frequencies(query, &self.docs);
        let all: Vec<Document> = self.candidates(query, Mode::All);
        let (mode, candidates) =
            if all.len() >= MIN_ALL_HITS { (Mode::All, all) } else { (Mode::Any, self.candidates(query, Mode::Any)) };
        Hits { mode, hits: rank::rank(query, &candidates, &stats, &df, weights, now) }
    }

    /// Ids of the documents a database must return as candidates, in id
    /// order.
    pub fn matching(&self, query: &Query, mode: Mode) -> Vec<i64> {
        let mut ids: Vec<i64> = self.candidates(query, mode).into_iter().map(|d| d.id).collect();
        ids.sort_unstable();
        ids
    }

    fn candidates(&self, query: &Query, mode: Mode) -> Vec<Document> {
        if query.is_empty() {
            return Vec::new();
        }
        self.docs
            .iter()
            .filter(|doc| {
                let mut clauses =
                    query.clauses.iter().map(|c| doc.fields.iter().flatten().any(|t| c.matches(t).is_some()));
                match mode {
                    Mode::All => clauses.all(|m| m),
                    Mode::Any => clauses.any(|m| m),
                }
            })
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analyzer::{Lang, analyze};
    use crate::search::query::analyze_query;
    use crate::search::rank::DocKind;

    fn doc(id: i64, body: &str) -> Document {
        let body = analyze(body, Some(Lang::Uk)).into_iter().map(|t| t.term).collect();
        Document { id, kind: DocKind::Post, solved: false, updated: 0, fields: [Vec::new(), Vec::new(), body] }
    }

    #[test]
    fn every_clause_first_then_any() {
        let index = MemoryIndex::new(vec![
            doc(1, "гроші картка"),
            doc(2, "гроші картка"),
            doc(3, "гроші картка"),
            doc(4, "гроші"),
        ]);
        let w = Weights::default();
        let hits = index.search(&analyze_query("гроші картка"), &w, 0);
        assert_eq!((hits.mode, hits.hits.len()), (Mode::All, 3));
        let hits = index.search(&analyze_query("гроші рахунок"), &w, 0);
        assert_eq!((hits.mode, hits.hits.len()), (Mode::Any, 4));
        assert!(index.search(&analyze_query("!!!"), &w, 0).hits.is_empty());
    }
}
