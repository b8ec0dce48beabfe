//! Indexes that let every list and page query be driven by the index that
//! gives its order: "top" lists by score (all time, and per category), and
//! the link table covered in both directions, so "related guides" and
//! "discussions" never read a link row. The covering link indexes replace
//! the two narrower ones, whose columns they begin with.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &[&str] = &[
    "CREATE INDEX idx_topics_top ON topics ((reply_count + like_count), id)",
    "CREATE INDEX idx_topics_category_top ON topics (category_id, (reply_count + like_count), id)",
    "CREATE INDEX idx_links_source_target ON links (source_kind, source_id, target_kind, target_id)",
    "CREATE INDEX idx_links_target_source ON links (target_kind, target_id, source_kind, source_id)",
    "DROP INDEX idx_links_source",
    "DROP INDEX idx_links_target",
];

const DOWN: &[&str] = &[
    "CREATE INDEX idx_links_source ON links (source_kind, source_id)",
    "CREATE INDEX idx_links_target ON links (target_kind, target_id)",
    "DROP INDEX idx_links_target_source",
    "DROP INDEX idx_links_source_target",
    "DROP INDEX idx_topics_category_top",
    "DROP INDEX idx_topics_top",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for sql in UP {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for sql in DOWN {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
