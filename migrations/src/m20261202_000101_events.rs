//! The outbox: every command records what happened as events in the same
//! transaction as the change; subscribers build derived data from them and
//! keep their place in `event_cursors`, advanced in the same transaction as
//! what they derived.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    Kind,
    Payload,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EventCursors {
    Table,
    Name,
    LastId,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    .col(ColumnDef::new(Events::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Events::Kind).string_len(48).not_null())
                    .col(ColumnDef::new(Events::Payload).text().not_null())
                    .col(ColumnDef::new(Events::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_events_created").table(Events::Table).col(Events::CreatedAt).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventCursors::Table)
                    .col(ColumnDef::new(EventCursors::Name).string_len(32).not_null().primary_key())
                    .col(ColumnDef::new(EventCursors::LastId).big_integer().not_null().default(0))
                    .col(ColumnDef::new(EventCursors::UpdatedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(EventCursors::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Events::Table).to_owned()).await
    }
}
