//! Search and ask: the pure core, shared by both databases.
//!
//! Everything language-aware happens here, in Rust, so SQLite and
//! PostgreSQL store the same terms and return the same order:
//!
//! * [`analyzer`] turns text into terms (normalize, detect Ukrainian /
//!   Russian / English per paragraph, Snowball stem, fold);
//! * [`query`] turns what a reader typed into clauses of alternative terms,
//!   and [`synonyms`] widens them;
//! * [`fts`] builds what each database stores and is asked (FTS5 column
//!   text and MATCH expressions; `tsvector` / `tsquery` literals);
//! * [`rank`] scores candidates with BM25F and boosts;
//! * [`paragraphs`] and [`ask`] cut guides into sections for `/ask` and
//!   pick the best guides and paragraphs;
//! * [`snippet`] marks matched words on the original text; [`suggest`]
//!   offers "did you mean";
//! * [`memory`] is an in-memory index with the databases' contract, used by
//!   the tests and the evaluation set in `tests/data/ask`.
//!
//! # How the index will be stored
//!
//! * A table of analysed tokens, one row per (document, field, term,
//!   position), documents being topics, posts, guides and guide paragraphs.
//!   It is what ranking reads for the candidates, identical on both backends.
//!   A small table keeps [`rank::Stats`] and the [`ANALYZER_VERSION`] the
//!   index was built with; a different version triggers a full re-index.
//! * SQLite: an FTS5 table `(title, headings, body)` with
//!   `tokenize = 'unicode61 remove_diacritics 0'` and `prefix = '2 3 4'`,
//!   filled with [`fts::fts5_column`]; PostgreSQL: a narrow table
//!   `search_match` (id, kind, one `tsvector` of the document's terms from
//!   [`fts::tsvector_terms`], so one `@@` can match a word in the title and
//!   another in the body) with one GIN index per kind. Both are only
//!   asked for candidate ids ([`fts::fts5_match`] / [`fts::tsquery_literal`],
//!   every clause first, any clause when fewer than [`memory::MIN_ALL_HITS`]
//!   match) and per-clause counts for document frequencies.
//! * A subscriber to the events outbox (post created or edited, guide saved,
//!   topic solved, hidden or deleted) re-analyses the one document and
//!   replaces its rows in the same transaction as the event is consumed;
//!   `veche reindex` rebuilds everything.
//! * A vocabulary table (normalized word, count) feeds [`suggest`]; a
//!   synonym table, edited by administrators, holds [`synonyms::SynonymPair`]s
//!   added to the seed.
//! * `/search` runs [`query::analyze_query`], expands synonyms, asks the
//!   database, ranks, and shows [`snippet`]s; `/ask` does the same over
//!   guide paragraphs and answers with [`ask::best_guides`], then solved
//!   topics, then "ask the community", and records the question.

pub mod analyzer;
pub mod ask;
pub mod engine;
pub mod fts;
pub mod index;
pub mod memory;
pub mod paragraphs;
pub mod query;
pub mod rank;
pub mod service;
pub mod snippet;
pub mod suggest;
pub mod synonyms;

pub use analyzer::ANALYZER_VERSION;

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::analyzer::{MAX_TERM_CHARS, analyze};
    use super::fts::{Mode, fts5_match, tsquery_literal};
    use super::query::{MAX_CLAUSES, analyze_query};
    use super::snippet::snippet;
    use super::synonyms::Synonyms;

    fn only_quoted_terms(expr: &str, quote: char) -> bool {
        expr.split(quote).skip(1).step_by(2).all(|t| !t.is_empty() && t.chars().all(char::is_alphanumeric))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Whatever the text, terms are letters and digits, never empty,
        /// never longer than the cap, and query strings quote them all.
        #[test]
        fn any_text_gives_plain_terms(s in any::<String>()) {
            for token in analyze(&s, None) {
                prop_assert!(!token.term.is_empty());
                prop_assert!(token.term.chars().all(char::is_alphanumeric), "{:?}", token);
                prop_assert!(token.term.chars().count() <= MAX_TERM_CHARS);
            }
            let mut query = analyze_query(&s);
            Synonyms::seed().expand(&mut query);
            prop_assert!(query.clauses.len() <= MAX_CLAUSES);
            for mode in [Mode::All, Mode::Any] {
                if let Some(expr) = fts5_match(&query, mode) {
                    prop_assert!(only_quoted_terms(&expr, '"'), "{}", expr);
                }
                if let Some(expr) = tsquery_literal(&query, mode) {
                    prop_assert!(only_quoted_terms(&expr, '\''), "{}", expr);
                }
            }
        }

        /// A snippet of any text for any query is escaped HTML: the only
        /// tags are our own marks.
        #[test]
        fn snippets_are_escaped(text in any::<String>(), q in "\\PC{0,20}") {
            let html = snippet(&text, &analyze_query(&q), 80, None).to_html();
            let without_marks = html.replace("<mark>", "").replace("</mark>", "");
            prop_assert!(!without_marks.contains('<') && !without_marks.contains('>'), "{}", html);
        }
    }
}
