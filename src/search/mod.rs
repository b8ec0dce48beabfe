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
//!   filled with [`fts::fts5_column`]; PostgreSQL: one `tsvector` column
//!   from [`fts::tsvector_document`] (fields as weights A, B, D, so one
//!   `@@` can match a word in the title and another in the body) with a GIN
//!   index. Both are only
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
pub mod fts;
pub mod memory;
pub mod paragraphs;
pub mod query;
pub mod rank;
pub mod snippet;
pub mod suggest;
pub mod synonyms;

pub use analyzer::ANALYZER_VERSION;
