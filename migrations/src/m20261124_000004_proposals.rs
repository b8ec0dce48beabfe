//! Qualified editing: where a member's BL comes from, and proposed edits
//! waiting for review.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    BlSource,
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
    ArticleId,
    Title,
    TitleKey,
    BaseRevisionId,
    AuthorId,
    Body,
    Summary,
    Status,
    ReviewerId,
    ReviewReason,
    RevisionId,
    CreatedAt,
    DecidedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::BlSource).string_len(16).not_null().default("community"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Proposals::Table)
                    .col(ColumnDef::new(Proposals::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Proposals::ArticleId).big_integer().null())
                    .col(ColumnDef::new(Proposals::Title).string_len(255).not_null())
                    .col(ColumnDef::new(Proposals::TitleKey).string_len(255).not_null())
                    .col(ColumnDef::new(Proposals::BaseRevisionId).big_integer().null())
                    .col(ColumnDef::new(Proposals::AuthorId).big_integer().not_null())
                    .col(ColumnDef::new(Proposals::Body).text().not_null())
                    .col(ColumnDef::new(Proposals::Summary).string_len(500).not_null().default(""))
                    .col(ColumnDef::new(Proposals::Status).string_len(16).not_null().default("pending"))
                    .col(ColumnDef::new(Proposals::ReviewerId).big_integer().null())
                    .col(ColumnDef::new(Proposals::ReviewReason).text().not_null().default(""))
                    .col(ColumnDef::new(Proposals::RevisionId).big_integer().null())
                    .col(ColumnDef::new(Proposals::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Proposals::DecidedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Proposals::Table, Proposals::ArticleId)
                            .to(Articles::Table, Articles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Proposals::Table, Proposals::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Proposals::Table, Proposals::ReviewerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_proposals_status")
                    .table(Proposals::Table)
                    .col(Proposals::Status)
                    .col(Proposals::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_proposals_author")
                    .table(Proposals::Table)
                    .col(Proposals::AuthorId)
                    .col(Proposals::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Proposals::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::BlSource).to_owned()).await
    }
}
