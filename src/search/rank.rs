//! One ranking for both databases: BM25F over the candidates the database
//! returned, computed here from their stored terms.
//!
//! Each clause of the query is one BM25 term. Its frequency in a document
//! is the weighted count of the document's terms that satisfy the clause
//! (a prefix or synonym match counts less, see [`Clause::matches`]), each
//! field scaled by its weight and length normalization (BM25F). Then
//! multiplicative boosts: guides over forum posts, solved topics over open
//! ones, and a fading bonus for recent documents. Matching more of the
//! question needs no extra factor: each clause adds its own share, and the
//! saturation (`k1`) keeps one repeated word from outweighing two
//! different ones.
//!
//! Everything is deterministic given the same candidates, [`Stats`],
//! document frequencies and `now`: sums run in a fixed order in `f64`, and
//! equal scores are ordered by id. So SQLite and PostgreSQL, returning the
//! same candidate set, produce the same page.

use serde::Serialize;

use super::query::{Clause, Query};

/// The indexed fields of a document, in storage order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// Title and aliases.
    Title,
    /// Section headings (for a paragraph: the headings above it).
    Headings,
    Body,
}

impl Field {
    pub const ALL: [Field; 3] = [Field::Title, Field::Headings, Field::Body];

    pub fn index(self) -> usize {
        self as usize
    }
}

/// What a document is, for the boosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Guide,
    Topic,
    Post,
}

/// A candidate as the ranking sees it: its stored terms per field (in
/// position order) and the facts the boosts need.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub id: i64,
    pub kind: DocKind,
    /// A topic marked solved (or a post in one).
    pub solved: bool,
    /// Last change, unix seconds.
    pub updated: i64,
    pub fields: [Vec<String>; 3],
}

/// Corpus-wide numbers BM25 needs; the database keeps them per index.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Stats {
    pub documents: u64,
    /// Average number of terms per field.
    pub average_length: [f64; 3],
}

impl Stats {
    pub fn of<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Stats {
        let mut documents = 0u64;
        let mut totals = [0u64; 3];
        for doc in docs {
            documents += 1;
            for (total, field) in totals.iter_mut().zip(&doc.fields) {
                *total += field.len() as u64;
            }
        }
        let average_length = totals.map(|t| if documents == 0 { 0.0 } else { t as f64 / documents as f64 });
        Stats { documents, average_length }
    }
}

/// Tuning of the ranking. The defaults are what the evaluation set in
/// `tests/data/ask` measures best with; change them with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// Per field, [`Field`] order.
    pub field: [f64; 3],
    /// Length normalization per field (0 = none, 1 = full).
    pub b: [f64; 3],
    /// Saturation: how quickly repeating a word stops adding.
    pub k1: f64,
    pub guide_boost: f64,
    pub solved_boost: f64,
    /// Bonus for a document changed just now, halving every
    /// `recency_half_life_days`.
    pub recency_boost: f64,
    pub recency_half_life_days: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            field: [2.0, 1.5, 1.0],
            b: [0.3, 0.5, 0.75],
            k1: 1.2,
            guide_boost: 0.3,
            solved_boost: 0.2,
            recency_boost: 0.1,
            recency_half_life_days: 180.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scored {
    pub id: i64,
    pub score: f64,
}

/// Number of documents each clause matches, in clause order. The in-memory
/// index counts here; a database counts with one query per clause
/// ([`super::fts::fts5_clause`]).
pub fn document_frequencies<'a>(query: &Query, docs: impl IntoIterator<Item = &'a Document>) -> Vec<u64> {
    let mut df = vec![0u64; query.clauses.len()];
    for doc in docs {
        for (count, clause) in df.iter_mut().zip(&query.clauses) {
            if doc.fields.iter().flatten().any(|t| clause.matches(t).is_some()) {
                *count += 1;
            }
        }
    }
    df
}

/// Scores the candidates and returns those that match at all, best first,
/// ties by id.
pub fn rank(
    query: &Query,
    candidates: &[Document],
    stats: &Stats,
    df: &[u64],
    weights: &Weights,
    now: i64,
) -> Vec<Scored> {
    let mut out: Vec<Scored> = candidates
        .iter()
        .map(|doc| Scored { id: doc.id, score: score(query, doc, stats, df, weights, now) })
        .filter(|s| s.score > 0.0)
        .collect();
    sort(&mut out);
    out
}

/// Best first; equal scores by id, so the order never depends on the order
/// the database returned candidates in.
pub fn sort(scored: &mut [Scored]) {
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
}

/// The BM25F score of one document.
pub fn score(query: &Query, doc: &Document, stats: &Stats, df: &[u64], weights: &Weights, now: i64) -> f64 {
    let n = stats.documents.max(1) as f64;
    let mut total = 0.0;
    for (i, clause) in query.clauses.iter().enumerate() {
        let df = df.get(i).copied().unwrap_or(0).min(stats.documents) as f64;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let tf = clause_frequency(clause, doc, stats, weights);
        if tf > 0.0 {
            total += idf * tf / (weights.k1 + tf);
        }
    }
    if total == 0.0 {
        return 0.0;
    }
    if doc.kind == DocKind::Guide {
        total *= 1.0 + weights.guide_boost;
    }
    if doc.solved {
        total *= 1.0 + weights.solved_boost;
    }
    if weights.recency_boost > 0.0 && weights.recency_half_life_days > 0.0 {
        let age_days = (now - doc.updated).max(0) as f64 / 86_400.0;
        total *= 1.0 + weights.recency_boost * 0.5f64.powf(age_days / weights.recency_half_life_days);
    }
    total
}

/// The clause's BM25F pseudo-frequency in the document.
fn clause_frequency(clause: &Clause, doc: &Document, stats: &Stats, weights: &Weights) -> f64 {
    let mut tf = 0.0;
    for field in Field::ALL {
        let i = field.index();
        let terms = &doc.fields[i];
        if terms.is_empty() {
            continue;
        }
        let mut count = 0.0;
        for term in terms {
            if let Some(w) = clause.matches(term) {
                count += f64::from(w);
            }
        }
        if count > 0.0 {
            let average = if stats.average_length[i] > 0.0 { stats.average_length[i] } else { 1.0 };
            let norm = 1.0 - weights.b[i] + weights.b[i] * terms.len() as f64 / average;
            tf += weights.field[i] * count / norm;
        }
    }
    tf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analyzer::{Lang, analyze};
    use crate::search::query::analyze_query;

    fn doc(id: i64, kind: DocKind, title: &str, body: &str) -> Document {
        let terms = |t: &str| analyze(t, Some(Lang::Uk)).into_iter().map(|t| t.term).collect();
        Document { id, kind, solved: false, updated: 0, fields: [terms(title), Vec::new(), terms(body)] }
    }

    fn ranked(q: &str, docs: &[Document], weights: &Weights) -> Vec<i64> {
        let query = analyze_query(q);
        let stats = Stats::of(docs);
        let df = document_frequencies(&query, docs);
        rank(&query, docs, &stats, &df, weights, 0).into_iter().map(|s| s.id).collect()
    }

    #[test]
    fn title_beats_body_and_coverage_beats_repetition() {
        let docs = [
            doc(1, DocKind::Post, "Інше", "Картка картка картка картка"),
            doc(2, DocKind::Post, "Виведення на картку", "Як вивести кошти"),
            doc(3, DocKind::Post, "Інше", "Текст без збігів"),
        ];
        assert_eq!(ranked("вивести на картку", &docs, &Weights::default()), [2, 1]);
    }

    #[test]
    fn ties_are_broken_by_id_whatever_the_input_order() {
        let a = doc(7, DocKind::Post, "Гаманець", "");
        let b = doc(3, DocKind::Post, "Гаманець", "");
        let w = Weights::default();
        assert_eq!(ranked("гаманець", &[a.clone(), b.clone()], &w), [3, 7]);
        assert_eq!(ranked("гаманець", &[b, a], &w), [3, 7]);
    }

    #[test]
    fn boosts() {
        let mut guide = doc(2, DocKind::Guide, "Гаманець", "");
        let mut post = doc(1, DocKind::Post, "Гаманець", "");
        let w = Weights::default();
        assert_eq!(ranked("гаманець", &[post.clone(), guide.clone()], &w), [2, 1]);
        post.solved = true;
        post.updated = 0;
        guide.updated = -400 * 86_400;
        let only_recency = Weights { guide_boost: 0.0, solved_boost: 0.0, ..w.clone() };
        assert_eq!(ranked("гаманець", &[post.clone(), guide.clone()], &only_recency), [1, 2]);
    }

    #[test]
    fn empty_query_and_empty_corpus() {
        assert!(ranked("", &[doc(1, DocKind::Post, "a", "b")], &Weights::default()).is_empty());
        assert!(ranked("гроші", &[], &Weights::default()).is_empty());
        let empty = Document { id: 1, kind: DocKind::Post, solved: false, updated: 0, fields: Default::default() };
        assert!(ranked("гроші", &[empty], &Weights::default()).is_empty());
    }
}
