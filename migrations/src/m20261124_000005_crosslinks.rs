//! Cross-links: an excerpt per guide (for "Related guides"), the guide a
//! solved topic became, the topic a proposal came from, and lower-cased
//! titles for suggestions (SQLite's lower() knows only ASCII, so they are
//! filled here, in Rust).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Articles {
    Table,
    Excerpt,
    SearchKey,
}

#[derive(DeriveIden)]
enum Topics {
    Table,
    GuideArticleId,
    SearchKey,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    SourceTopicId,
}

async fn backfill(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = db.get_database_backend();
    let rows = db.query_all_raw(Statement::from_string(backend, format!("SELECT id, title FROM {table}"))).await?;
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let title: String = row.try_get("", "title")?;
        let mut q = Query::update();
        q.table(Alias::new(table))
            .value(Alias::new("search_key"), title.to_lowercase())
            .and_where(Expr::col(Alias::new("id")).eq(id));
        db.execute(&q).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Articles::Table)
                    .add_column(ColumnDef::new(Articles::Excerpt).text().not_null().default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Articles::Table)
                    .add_column(ColumnDef::new(Articles::SearchKey).string_len(255).not_null().default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Topics::Table)
                    .add_column(ColumnDef::new(Topics::GuideArticleId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Topics::Table)
                    .add_column(ColumnDef::new(Topics::SearchKey).string_len(255).not_null().default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Proposals::Table)
                    .add_column(ColumnDef::new(Proposals::SourceTopicId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        backfill(manager, "articles").await?;
        backfill(manager, "topics").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Proposals::Table).drop_column(Proposals::SourceTopicId).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Topics::Table).drop_column(Topics::SearchKey).to_owned()).await?;
        manager.alter_table(Table::alter().table(Topics::Table).drop_column(Topics::GuideArticleId).to_owned()).await?;
        manager.alter_table(Table::alter().table(Articles::Table).drop_column(Articles::SearchKey).to_owned()).await?;
        manager.alter_table(Table::alter().table(Articles::Table).drop_column(Articles::Excerpt).to_owned()).await
    }
}
