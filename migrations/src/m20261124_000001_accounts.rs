//! Accounts, their standing (certificate level, BL) with its audit trail,
//! and the session store.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    UsernameKey,
    Email,
    EmailKey,
    PasswordHash,
    Role,
    Certificate,
    Bl,
    Locale,
    SessionEpoch,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum StandingChanges {
    Table,
    Id,
    UserId,
    ActorId,
    Field,
    OldValue,
    NewValue,
    Reason,
    Source,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    Data,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(ColumnDef::new(Users::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Users::Username).string_len(64).not_null())
                    .col(ColumnDef::new(Users::UsernameKey).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Users::Email).string_len(320).not_null())
                    .col(ColumnDef::new(Users::EmailKey).string_len(320).not_null().unique_key())
                    .col(ColumnDef::new(Users::PasswordHash).string_len(255).not_null())
                    .col(ColumnDef::new(Users::Role).string_len(16).not_null().default("member"))
                    .col(ColumnDef::new(Users::Certificate).string_len(32).not_null())
                    .col(ColumnDef::new(Users::Bl).integer().not_null().default(0))
                    .col(ColumnDef::new(Users::Locale).string_len(16).null())
                    .col(ColumnDef::new(Users::SessionEpoch).integer().not_null().default(0))
                    .col(ColumnDef::new(Users::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Users::UpdatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StandingChanges::Table)
                    .col(ColumnDef::new(StandingChanges::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(StandingChanges::UserId).big_integer().not_null())
                    .col(ColumnDef::new(StandingChanges::ActorId).big_integer().null())
                    .col(ColumnDef::new(StandingChanges::Field).string_len(16).not_null())
                    .col(ColumnDef::new(StandingChanges::OldValue).string_len(64).not_null())
                    .col(ColumnDef::new(StandingChanges::NewValue).string_len(64).not_null())
                    .col(ColumnDef::new(StandingChanges::Reason).text().not_null())
                    .col(ColumnDef::new(StandingChanges::Source).string_len(16).not_null())
                    .col(ColumnDef::new(StandingChanges::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(StandingChanges::Table, StandingChanges::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(StandingChanges::Table, StandingChanges::ActorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_standing_changes_user")
                    .table(StandingChanges::Table)
                    .col(StandingChanges::UserId)
                    .col(StandingChanges::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(ColumnDef::new(Sessions::Id).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(Sessions::Data).text().not_null())
                    .col(ColumnDef::new(Sessions::ExpiresAt).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_expires_at")
                    .table(Sessions::Table)
                    .col(Sessions::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Sessions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(StandingChanges::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Users::Table).to_owned()).await
    }
}
