//! People: a member's time zone, and the indexes behind the member
//! directory (by certificate level) and profile activity (guide edits).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    TimeZone,
    Certificate,
    UsernameKey,
}

#[derive(DeriveIden)]
enum Revisions {
    Table,
    AuthorId,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::TimeZone).string_len(64).not_null().default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_certificate")
                    .table(Users::Table)
                    .col(Users::Certificate)
                    .col(Users::UsernameKey)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_revisions_author")
                    .table(Revisions::Table)
                    .col(Revisions::AuthorId)
                    .col(Revisions::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_revisions_author").table(Revisions::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("idx_users_certificate").table(Users::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::TimeZone).to_owned()).await
    }
}
