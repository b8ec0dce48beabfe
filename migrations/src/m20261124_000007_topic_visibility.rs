//! A topic whose opening post is hidden is hidden from lists too, and
//! moderators may be limited to some categories.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Topics {
    Table,
    Hidden,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    ModeratedCategories,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Topics::Table)
                    .add_column(ColumnDef::new(Topics::Hidden).boolean().not_null().default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::ModeratedCategories).text().not_null().default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Users::Table).drop_column(Users::ModeratedCategories).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Topics::Table).drop_column(Topics::Hidden).to_owned()).await
    }
}
