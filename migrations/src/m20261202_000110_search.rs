//! The search index: analysed documents (guide paragraphs, topics, posts)
//! with their terms per field, a full-text index over those terms (FTS5 on
//! SQLite, a `tsvector` with a GIN index on PostgreSQL), the vocabulary for
//! "did you mean", administrators' synonyms, the questions asked at `/ask`,
//! and guide aliases.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COMMON: &[&str] = &[
    "CREATE INDEX search_docs_article ON search_docs (article_id)",
    "CREATE INDEX search_docs_topic ON search_docs (topic_id)",
    "CREATE INDEX search_docs_post ON search_docs (post_id)",
    "CREATE INDEX search_words_len ON search_words (len)",
    "CREATE INDEX search_asks_created ON search_asks (created_at)",
];

const SQLITE: &[&str] = &[
    "CREATE TABLE search_docs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        article_id INTEGER NULL,
        paragraph INTEGER NOT NULL DEFAULT 0,
        anchor TEXT NOT NULL DEFAULT '',
        heading TEXT NOT NULL DEFAULT '',
        topic_id INTEGER NULL,
        post_id INTEGER NULL,
        category_id INTEGER NULL,
        author_id INTEGER NULL,
        solved BOOLEAN NOT NULL DEFAULT 0,
        created INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        text TEXT NOT NULL,
        title TEXT NOT NULL,
        headings TEXT NOT NULL,
        body TEXT NOT NULL,
        title_len INTEGER NOT NULL,
        headings_len INTEGER NOT NULL,
        body_len INTEGER NOT NULL
    )",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, headings, body, content='search_docs', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')",
    "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
        INSERT INTO search_fts(rowid, title, headings, body) VALUES (new.id, new.title, new.headings, new.body);
    END",
    "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, headings, body)
            VALUES ('delete', old.id, old.title, old.headings, old.body);
    END",
    "CREATE TRIGGER search_docs_au AFTER UPDATE OF title, headings, body ON search_docs BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, headings, body)
            VALUES ('delete', old.id, old.title, old.headings, old.body);
        INSERT INTO search_fts(rowid, title, headings, body) VALUES (new.id, new.title, new.headings, new.body);
    END",
    "CREATE TABLE search_words (word TEXT NOT NULL PRIMARY KEY, len INTEGER NOT NULL, count INTEGER NOT NULL)",
    "CREATE TABLE search_synonyms (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        from_text TEXT NOT NULL,
        to_text TEXT NOT NULL,
        two_way BOOLEAN NOT NULL,
        created_by INTEGER NULL REFERENCES users (id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL
    )",
    "CREATE TABLE search_asks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        query TEXT NOT NULL,
        user_id INTEGER NULL REFERENCES users (id) ON DELETE SET NULL,
        guides TEXT NOT NULL,
        answered BOOLEAN NOT NULL,
        clicked_guide INTEGER NULL,
        helped BOOLEAN NULL,
        created_at INTEGER NOT NULL
    )",
    "ALTER TABLE articles ADD COLUMN aliases TEXT NOT NULL DEFAULT ''",
];

const POSTGRES: &[&str] = &[
    "CREATE TABLE search_docs (
        id BIGSERIAL PRIMARY KEY,
        kind TEXT NOT NULL,
        article_id BIGINT NULL,
        paragraph INTEGER NOT NULL DEFAULT 0,
        anchor TEXT NOT NULL DEFAULT '',
        heading TEXT NOT NULL DEFAULT '',
        topic_id BIGINT NULL,
        post_id BIGINT NULL,
        category_id BIGINT NULL,
        author_id BIGINT NULL,
        solved BOOLEAN NOT NULL DEFAULT FALSE,
        created BIGINT NOT NULL,
        updated BIGINT NOT NULL,
        text TEXT NOT NULL,
        title TEXT NOT NULL,
        headings TEXT NOT NULL,
        body TEXT NOT NULL,
        title_len INTEGER NOT NULL,
        headings_len INTEGER NOT NULL,
        body_len INTEGER NOT NULL,
        tsv TSVECTOR NOT NULL
    )",
    "CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv)",
    "CREATE TABLE search_words (word TEXT NOT NULL PRIMARY KEY, len INTEGER NOT NULL, count BIGINT NOT NULL)",
    "CREATE TABLE search_synonyms (
        id BIGSERIAL PRIMARY KEY,
        from_text TEXT NOT NULL,
        to_text TEXT NOT NULL,
        two_way BOOLEAN NOT NULL,
        created_by BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
        created_at BIGINT NOT NULL
    )",
    "CREATE TABLE search_asks (
        id BIGSERIAL PRIMARY KEY,
        query TEXT NOT NULL,
        user_id BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
        guides TEXT NOT NULL,
        answered BOOLEAN NOT NULL,
        clicked_guide BIGINT NULL,
        helped BOOLEAN NULL,
        created_at BIGINT NOT NULL
    )",
    "ALTER TABLE articles ADD COLUMN aliases TEXT NOT NULL DEFAULT ''",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let list = match db.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES,
            _ => SQLITE,
        };
        for sql in list.iter().chain(COMMON) {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let sqlite = db.get_database_backend() == DatabaseBackend::Sqlite;
        if sqlite {
            db.execute_unprepared("DROP TABLE search_fts").await?;
        }
        for table in ["search_asks", "search_synonyms", "search_words", "search_docs"] {
            db.execute_unprepared(&format!("DROP TABLE {table}")).await?;
        }
        db.execute_unprepared("ALTER TABLE articles DROP COLUMN aliases").await?;
        Ok(())
    }
}
