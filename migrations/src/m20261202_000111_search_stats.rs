//! Search: corpus numbers kept per kind (so a search reads three rows
//! instead of summing the index), and the kind of each document in the
//! SQLite full-text table (so a search of guides alone, and its counts,
//! never read the document rows); on PostgreSQL an index on (kind, id).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATS: &[&str] = &[
    "CREATE TABLE search_stats (
        kind VARCHAR(8) NOT NULL PRIMARY KEY,
        docs BIGINT NOT NULL,
        title_len BIGINT NOT NULL,
        headings_len BIGINT NOT NULL,
        body_len BIGINT NOT NULL
    )",
    "INSERT INTO search_stats (kind, docs, title_len, headings_len, body_len)
        VALUES ('guide', 0, 0, 0, 0), ('topic', 0, 0, 0, 0), ('post', 0, 0, 0, 0)",
    "UPDATE search_stats SET
        docs = (SELECT COUNT(*) FROM search_docs d WHERE d.kind = search_stats.kind),
        title_len = (SELECT COALESCE(SUM(d.title_len), 0) FROM search_docs d WHERE d.kind = search_stats.kind),
        headings_len = (SELECT COALESCE(SUM(d.headings_len), 0) FROM search_docs d WHERE d.kind = search_stats.kind),
        body_len = (SELECT COALESCE(SUM(d.body_len), 0) FROM search_docs d WHERE d.kind = search_stats.kind)",
];

const DROP_FTS: &[&str] = &[
    "DROP TRIGGER search_docs_ai",
    "DROP TRIGGER search_docs_ad",
    "DROP TRIGGER search_docs_au",
    "DROP TABLE search_fts",
];

/// The full-text table and its triggers, with or without the kind column.
fn fts(with_kind: bool) -> Vec<String> {
    let (col, new, old) = if with_kind { ("kind, ", "new.kind, ", "old.kind, ") } else { ("", "", "") };
    vec![
        format!(
            "CREATE VIRTUAL TABLE search_fts USING fts5({col}title, headings, body, content='search_docs', \
             content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')"
        ),
        format!(
            "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
                INSERT INTO search_fts(rowid, {col}title, headings, body)
                    VALUES (new.id, {new}new.title, new.headings, new.body);
            END"
        ),
        format!(
            "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
                INSERT INTO search_fts(search_fts, rowid, {col}title, headings, body)
                    VALUES ('delete', old.id, {old}old.title, old.headings, old.body);
            END"
        ),
        format!(
            "CREATE TRIGGER search_docs_au AFTER UPDATE OF {col}title, headings, body ON search_docs BEGIN
                INSERT INTO search_fts(search_fts, rowid, {col}title, headings, body)
                    VALUES ('delete', old.id, {old}old.title, old.headings, old.body);
                INSERT INTO search_fts(rowid, {col}title, headings, body)
                    VALUES (new.id, {new}new.title, new.headings, new.body);
            END"
        ),
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')".to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in STATS {
            db.execute_unprepared(sql).await?;
        }
        if db.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("CREATE INDEX search_docs_kind ON search_docs (kind, id)").await?;
        } else {
            for sql in DROP_FTS {
                db.execute_unprepared(sql).await?;
            }
            for sql in fts(true) {
                db.execute_unprepared(&sql).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP TABLE search_stats").await?;
        if db.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("DROP INDEX search_docs_kind").await?;
        } else {
            for sql in DROP_FTS {
                db.execute_unprepared(sql).await?;
            }
            for sql in fts(false) {
                db.execute_unprepared(&sql).await?;
            }
        }
        Ok(())
    }
}
