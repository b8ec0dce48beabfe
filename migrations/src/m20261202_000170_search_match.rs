//! PostgreSQL: the full-text index moves out of `search_docs` into a narrow
//! table of its own, `search_match` (id, kind, lexemes), with one GIN index
//! per kind. SQLite is not touched (its FTS5 table has its own storage).
//!
//! Why: PostgreSQL cannot count or list matching rows from a GIN index
//! alone; every match is looked up in the table. `search_docs` rows carry
//! the original text and the analysed fields (about 1 kB each), so a
//! common word's matches were spread over most of the table's pages, and
//! one document-frequency count read more pages than the shared buffers
//! comfortably hold. The lexemes alone, without positions or weights (no
//! query asks for either; ranking reads the analysed fields), are a fifth
//! of that. One GIN index per kind lets a guides-only search read only the
//! guides' posting lists instead of everyone's and then dropping the
//! forum's rows one by one; (kind, id) lets a query whose words are
//! common walk its kind's newest rows instead. A small pending list bounds what each search
//! scans of not yet merged entries (the default, 4 MB, cost several
//! milliseconds on every search until the next vacuum).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &[&str] = &[
    // No primary key on purpose: a b-tree led by `id` offers the planner
    // "walk all documents newest first and keep those that match" for a
    // query of one kind, which for guides (the oldest ids) meant walking
    // every post first (160 ms measured where the kind's own walk took
    // 2 ms). Lookups by id (the cascade) use a hash index, which has no
    // order; walks go through (kind, id). Ids are search_docs' own.
    "CREATE TABLE search_match (
        id BIGINT NOT NULL REFERENCES search_docs (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        tsv TSVECTOR NOT NULL
    )",
    "INSERT INTO search_match (id, kind, tsv) SELECT id, kind, strip(tsv) FROM search_docs",
    "CREATE INDEX search_match_id ON search_match USING HASH (id)",
    "CREATE INDEX search_match_kind ON search_match (kind, id)",
    "CREATE INDEX search_match_guide ON search_match USING GIN (tsv) WITH (gin_pending_list_limit = 256) \
     WHERE kind = 'guide'",
    "CREATE INDEX search_match_topic ON search_match USING GIN (tsv) WITH (gin_pending_list_limit = 256) \
     WHERE kind = 'topic'",
    "CREATE INDEX search_match_post ON search_match USING GIN (tsv) WITH (gin_pending_list_limit = 256) \
     WHERE kind = 'post'",
    "DROP INDEX search_docs_tsv",
    "ALTER TABLE search_docs DROP COLUMN tsv",
    "ANALYZE search_match",
];

const DOWN: &[&str] = &[
    "ALTER TABLE search_docs ADD COLUMN tsv TSVECTOR NOT NULL DEFAULT ''",
    "UPDATE search_docs d SET tsv = m.tsv FROM search_match m WHERE m.id = d.id",
    "ALTER TABLE search_docs ALTER COLUMN tsv DROP DEFAULT",
    "CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv)",
    "DROP TABLE search_match",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DatabaseBackend::Postgres {
            for sql in UP {
                db.execute_unprepared(sql).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DatabaseBackend::Postgres {
            for sql in DOWN {
                db.execute_unprepared(sql).await?;
            }
        }
        Ok(())
    }
}
