//! The confusable skeleton of each username (UTS #39), so that a sign-up
//! whose name looks like an existing member's is found with one indexed
//! lookup. Not unique: existing sites may already hold look-alike pairs.
//!
//! The skeleton is computed by the server, not in SQL: it fills rows whose
//! skeleton is empty when it starts (see `upkeep` in the server), which
//! covers the accounts that exist when this migration runs.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    NameSkeleton,
}

const INDEX: &str = "idx_users_name_skeleton";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::NameSkeleton).string_len(255).not_null().default(""))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name(INDEX).table(Users::Table).col(Users::NameSkeleton).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(INDEX).table(Users::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::NameSkeleton).to_owned()).await
    }
}
