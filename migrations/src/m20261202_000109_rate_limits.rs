//! Limits counted in the database, so that several instances behind one
//! balancer enforce the configured rates together.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RateLimits {
    Table,
    Key,
    Tat,
}

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    Id,
    Account,
    Address,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RateLimits::Table)
                    .col(ColumnDef::new(RateLimits::Key).string_len(128).not_null().primary_key())
                    .col(ColumnDef::new(RateLimits::Tat).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginFailures::Table)
                    .col(ColumnDef::new(LoginFailures::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(LoginFailures::Account).string_len(64).not_null())
                    .col(ColumnDef::new(LoginFailures::Address).string_len(64).not_null())
                    .col(ColumnDef::new(LoginFailures::At).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("login_failures_account")
                    .table(LoginFailures::Table)
                    .col(LoginFailures::Account)
                    .col(LoginFailures::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("login_failures_at").table(LoginFailures::Table).col(LoginFailures::At).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(LoginFailures::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(RateLimits::Table).to_owned()).await
    }
}
