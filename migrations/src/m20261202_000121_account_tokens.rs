//! Single-use account tokens sent by mail (password reset, address
//! verification), stored only as SHA-256 hashes; whether a member's
//! address is verified; requests counted per client address so the mail
//! a stranger can make the site send is limited on every instance.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    EmailVerified,
}

#[derive(DeriveIden)]
enum AccountTokens {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    Email,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum MailRequests {
    Table,
    Id,
    Purpose,
    ClientIp,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::EmailVerified).boolean().not_null().default(false))
                    .to_owned(),
            )
            .await?;
        // Members from before verification existed keep posting.
        manager.exec_stmt(Query::update().table(Users::Table).value(Users::EmailVerified, true).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(AccountTokens::Table)
                    .col(ColumnDef::new(AccountTokens::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(AccountTokens::UserId).big_integer().not_null())
                    .col(ColumnDef::new(AccountTokens::Purpose).string_len(16).not_null())
                    .col(ColumnDef::new(AccountTokens::TokenHash).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(AccountTokens::Email).string_len(320).not_null())
                    .col(ColumnDef::new(AccountTokens::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(AccountTokens::ExpiresAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(AccountTokens::UsedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(AccountTokens::Table, AccountTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_account_tokens_user")
                    .table(AccountTokens::Table)
                    .col(AccountTokens::UserId)
                    .col(AccountTokens::Purpose)
                    .col(AccountTokens::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MailRequests::Table)
                    .col(ColumnDef::new(MailRequests::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(MailRequests::Purpose).string_len(16).not_null())
                    .col(ColumnDef::new(MailRequests::ClientIp).string_len(64).not_null())
                    .col(ColumnDef::new(MailRequests::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mail_requests_ip")
                    .table(MailRequests::Table)
                    .col(MailRequests::Purpose)
                    .col(MailRequests::ClientIp)
                    .col(MailRequests::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MailRequests::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AccountTokens::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::EmailVerified).to_owned()).await
    }
}
