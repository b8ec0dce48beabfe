//! SQLite: a guide's history from an index alone. A revision's row holds
//! the guide's full text and HTML before the columns the history page
//! lists (summary, size, time), so SQLite walked each row's overflow pages
//! (a long guide's row spans several) to reach them: 3.2 ms for a page of
//! 50 revisions of a long guide, 0.17 ms from this index. PostgreSQL keeps
//! long values out of line (TOAST) and reads the listed columns without
//! them, so it does not get the index (it would only slow every edit).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub const NAME: &str = "idx_revisions_article_lines";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Sqlite {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX {NAME} ON revisions (article_id, id, parent_id, author_id, created_at, size, \
                 size_delta, minor, summary_code, summary_args, summary)"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Sqlite {
            return Ok(());
        }
        manager.get_connection().execute_unprepared(&format!("DROP INDEX IF EXISTS {NAME}")).await?;
        Ok(())
    }
}
