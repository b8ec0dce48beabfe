//! Personal API tokens: only a SHA-256 of the token is kept, with its
//! scope, when it was last used and whether it was revoked.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    UserId,
    Name,
    TokenHash,
    Prefix,
    Scope,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .col(ColumnDef::new(ApiTokens::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(ApiTokens::UserId).big_integer().not_null())
                    .col(ColumnDef::new(ApiTokens::Name).string_len(64).not_null())
                    .col(ColumnDef::new(ApiTokens::TokenHash).string_len(64).not_null())
                    .col(ColumnDef::new(ApiTokens::Prefix).string_len(16).not_null())
                    .col(ColumnDef::new(ApiTokens::Scope).string_len(8).not_null())
                    .col(ColumnDef::new(ApiTokens::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(ApiTokens::LastUsedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(ApiTokens::RevokedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(ApiTokens::Table, ApiTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_api_tokens_hash")
                    .table(ApiTokens::Table)
                    .col(ApiTokens::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_api_tokens_user")
                    .table(ApiTokens::Table)
                    .col(ApiTokens::UserId)
                    .col(ApiTokens::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ApiTokens::Table).to_owned()).await
    }
}
