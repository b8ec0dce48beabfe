//! Protection with a reason and an optional end, as MediaWiki has.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Articles {
    Table,
    ProtectedUntil,
    ProtectReason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(Articles::ProtectedUntil).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Articles::ProtectReason).text().not_null().default("").to_owned(),
        ] {
            let mut col = col;
            manager.alter_table(Table::alter().table(Articles::Table).add_column(&mut col).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for c in [Articles::ProtectReason, Articles::ProtectedUntil] {
            manager.alter_table(Table::alter().table(Articles::Table).drop_column(c).to_owned()).await?;
        }
        Ok(())
    }
}
