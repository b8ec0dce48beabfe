//! What the two databases store and are asked, built from analysed terms.
//!
//! SQLite: an FTS5 table with one column per [`Field`], tokenizer
//! `unicode61 remove_diacritics 0` and prefix indexes. A column holds the
//! field's terms joined by spaces ([`fts5_column`]); terms are letters and
//! digits only, so FTS5 splits that text into exactly our terms and never
//! changes them. The table is searched with [`fts5_match`].
//!
//! PostgreSQL: one `tsvector` per document from [`tsvector_terms`], bound as
//! a parameter and cast (`$1::tsvector`, which does no stemming or
//! lower-casing), with a GIN index; searched with `@@ $2::tsquery` from
//! [`tsquery_literal`]. No text search configuration or dictionary of the
//! server is involved.
//!
//! Both query builders quote every term, so nothing a reader typed can act
//! as query syntax; an empty query gives `None` (the caller answers "type a
//! word" instead of asking the database).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::analyzer::Token;
use super::query::{Clause, Query};
use super::rank::Field;

/// Whether every clause must match, or any (the fallback when too few
/// documents match all of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    All,
    Any,
}

/// PostgreSQL keeps positions 1..=16383 and at most 256 of them per lexeme.
const PG_MAX_POSITION: u32 = 16_383;
const PG_MAX_POSITIONS_PER_LEXEME: usize = 256;

/// The text of an FTS5 column: the terms in order, space-separated.
pub fn fts5_column(tokens: &[Token]) -> String {
    let mut out = String::new();
    for token in tokens {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&token.term);
    }
    out
}

/// An FTS5 MATCH expression, e.g. `("гаманц" OR "гаман"*) AND ("кошт")`.
pub fn fts5_match(query: &Query, mode: Mode) -> Option<String> {
    join(query, mode, " AND ", " OR ", fts5_clause)
}

/// One clause alone, for counting the documents it matches (its document
/// frequency, see [`super::rank`]).
pub fn fts5_clause(clause: &Clause) -> Option<String> {
    let mut out = String::from("(");
    for alt in &clause.alternatives {
        if alt.term.is_empty() {
            continue;
        }
        if out.len() > 1 {
            out.push_str(" OR ");
        }
        out.push('"');
        out.push_str(&alt.term.replace('"', "\"\""));
        out.push('"');
        if alt.prefix {
            out.push('*');
        }
    }
    (out.len() > 1).then(|| out + ")")
}

/// A `tsvector` literal, e.g. `'гаманц':1,5 'кошт':2`, optionally with a
/// weight letter on every position (`A` for titles lets one column hold
/// several fields).
pub fn tsvector_literal(tokens: &[Token], weight: Option<char>) -> String {
    let mut lexemes: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for token in tokens {
        if token.term.is_empty() {
            continue;
        }
        let positions = lexemes.entry(token.term.as_str()).or_default();
        let position = token.position.clamp(1, PG_MAX_POSITION);
        if positions.len() < PG_MAX_POSITIONS_PER_LEXEME && positions.last() != Some(&position) {
            positions.push(position);
        }
    }
    let weight = weight.filter(|w| matches!(w, 'A' | 'B' | 'C' | 'D'));
    let mut out = String::new();
    for (lexeme, positions) in lexemes {
        if !out.is_empty() {
            out.push(' ');
        }
        push_pg_quoted(&mut out, lexeme);
        for (i, p) in positions.iter().enumerate() {
            out.push(if i == 0 { ':' } else { ',' });
            let _ = write!(out, "{p}");
            if let Some(w) = weight {
                out.push(w);
            }
        }
    }
    out
}

/// The `tsvector` literal stored for a whole document: every distinct term
/// of its fields once, without positions or weights, e.g. `'гаманц' 'кошт'`.
/// One value for all fields, so a query can match one word in the title
/// and another in the body. Nothing asks PostgreSQL for positions or
/// fields (no phrase or field queries; ranking reads the stored terms),
/// and every match a search counts or lists is looked up in the table
/// holding this value: without them a row is a fraction of the size.
pub fn tsvector_terms(fields: [&[Token]; 3]) -> String {
    let terms: BTreeSet<&str> =
        fields.iter().flat_map(|tokens| tokens.iter()).map(|t| t.term.as_str()).filter(|t| !t.is_empty()).collect();
    let mut out = String::new();
    for term in terms {
        if !out.is_empty() {
            out.push(' ');
        }
        push_pg_quoted(&mut out, term);
    }
    out
}

/// A `tsquery` literal, e.g. `('гаманц' | 'гаман':*) & ('кошт')`.
pub fn tsquery_literal(query: &Query, mode: Mode) -> Option<String> {
    join(query, mode, " & ", " | ", tsquery_clause)
}

/// One clause alone, as [`fts5_clause`].
pub fn tsquery_clause(clause: &Clause) -> Option<String> {
    let mut out = String::from("(");
    for alt in &clause.alternatives {
        if alt.term.is_empty() {
            continue;
        }
        if out.len() > 1 {
            out.push_str(" | ");
        }
        push_pg_quoted(&mut out, &alt.term);
        if alt.prefix {
            out.push_str(":*");
        }
    }
    (out.len() > 1).then(|| out + ")")
}

fn join(query: &Query, mode: Mode, and: &str, or: &str, clause: fn(&Clause) -> Option<String>) -> Option<String> {
    let parts: Vec<String> = query.clauses.iter().filter_map(clause).collect();
    (!parts.is_empty()).then(|| parts.join(if mode == Mode::All { and } else { or }))
}

/// Quotes a lexeme for `tsvector`/`tsquery` input: inside single quotes a
/// quote is doubled and a backslash escaped.
fn push_pg_quoted(out: &mut String, lexeme: &str) {
    out.push('\'');
    for c in lexeme.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            // Input functions stop at NUL; terms never contain one, but a
            // literal must not end early whatever it is given.
            '\0' => {}
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// Column names, in [`Field`] order, for the FTS5 table and the PostgreSQL
/// columns.
pub fn column(field: Field) -> &'static str {
    match field {
        Field::Title => "title",
        Field::Headings => "headings",
        Field::Body => "body",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analyzer::{Lang, analyze};
    use crate::search::query::{Alternative, analyze_query};

    fn raw(terms: &[(&str, bool)]) -> Query {
        Query {
            clauses: vec![Clause {
                word: "x".into(),
                alternatives: terms
                    .iter()
                    .map(|(t, p)| Alternative { term: (*t).into(), prefix: *p, weight: 1.0 })
                    .collect(),
            }],
        }
    }

    #[test]
    fn column_text_is_the_terms() {
        let tokens = analyze("Гаманець, гаманця: кошти!", Some(Lang::Uk));
        assert_eq!(fts5_column(&tokens), "гаманц гаманц кошт");
    }

    #[test]
    fn fts5_expressions() {
        let q = analyze_query("гаман кошти");
        assert_eq!(fts5_match(&q, Mode::All).as_deref(), Some(r#"("гаман" OR "гаман"*) AND ("кошт" OR "кошти"*)"#));
        assert_eq!(fts5_match(&q, Mode::Any).as_deref(), Some(r#"("гаман" OR "гаман"*) OR ("кошт" OR "кошти"*)"#));
        assert_eq!(fts5_match(&Query::default(), Mode::All), None);
    }

    #[test]
    fn fts5_quotes_even_impossible_terms() {
        let q = raw(&[("a\"b", false), ("NEAR", true), ("", false)]);
        assert_eq!(fts5_match(&q, Mode::All).as_deref(), Some(r#"("a""b" OR "NEAR"*)"#));
    }

    #[test]
    fn tsvector_literals() {
        let tokens = analyze("гаманець кошти гаманця", Some(Lang::Uk));
        assert_eq!(tsvector_literal(&tokens, None), "'гаманц':1,3 'кошт':2");
        assert_eq!(tsvector_literal(&tokens, Some('A')), "'гаманц':1A,3A 'кошт':2A");
        let odd = [Token { term: "it's\\".into(), position: 0 }, Token { term: "far".into(), position: 99_999 }];
        assert_eq!(tsvector_literal(&odd, Some('Z')), r"'far':16383 'it''s\\':1");
        assert_eq!(tsvector_literal(&[], None), "");
        let many: Vec<Token> = (1..=300).map(|p| Token { term: "x".into(), position: p }).collect();
        assert_eq!(tsvector_literal(&many, None).matches(',').count(), 255);
    }

    #[test]
    fn whole_document_tsvector() {
        let title = analyze("Гаманець", Some(Lang::Uk));
        let body = analyze("кошти гаманця", Some(Lang::Uk));
        assert_eq!(tsvector_terms([&title, &[], &body]), "'гаманц' 'кошт'");
        assert_eq!(tsvector_terms([&[], &[], &[]]), "");
        let odd = [Token { term: "it's\\".into(), position: 0 }, Token { term: String::new(), position: 2 }];
        assert_eq!(tsvector_terms([&[], &odd, &odd]), r"'it''s\\'");
    }

    #[test]
    fn tsquery_literals() {
        let q = analyze_query("гаман кошти");
        assert_eq!(tsquery_literal(&q, Mode::All).as_deref(), Some("('гаман' | 'гаман':*) & ('кошт' | 'кошти':*)"));
        let q = raw(&[("o'k\\", true), ("a\0b", false)]);
        assert_eq!(tsquery_literal(&q, Mode::Any).as_deref(), Some(r"('o''k\\':* | 'ab')"));
        assert_eq!(tsquery_literal(&Query::default(), Mode::Any), None);
    }

    #[test]
    fn hostile_queries_build_plain_expressions() {
        let long = "x".repeat(10_000);
        for text in ["\"", "NEAR(a b, 3)", "a* -b ^c", "title:x", "(((", ")", "\0", "'\\'", "&|!<->", long.as_str()] {
            let q = analyze_query(text);
            for expr in [fts5_match(&q, Mode::All), fts5_match(&q, Mode::Any)].into_iter().flatten() {
                // Only our own quotes, operators and parentheses remain.
                let inner: String = expr.split('"').skip(1).step_by(2).collect();
                assert!(inner.chars().all(char::is_alphanumeric), "{text:?}: {expr}");
            }
            for expr in [tsquery_literal(&q, Mode::All)].into_iter().flatten() {
                let inner: String = expr.split('\'').skip(1).step_by(2).collect();
                assert!(inner.chars().all(char::is_alphanumeric), "{text:?}: {expr}");
            }
        }
    }
}
