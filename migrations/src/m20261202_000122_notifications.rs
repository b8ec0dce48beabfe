//! Notifications built from events (stored as data, rendered in the
//! reader's language), what members watch, and how each kind reaches them
//! by mail.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    ActorId,
    TopicId,
    PostId,
    ArticleId,
    Count,
    Data,
    ReadAt,
    EmailState,
    EmailDueAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Watches {
    Table,
    UserId,
    TargetKind,
    TargetId,
    Level,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum NotificationPrefs {
    Table,
    UserId,
    Kind,
    Mode,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(ColumnDef::new(Notifications::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Notifications::UserId).big_integer().not_null())
                    .col(ColumnDef::new(Notifications::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(Notifications::ActorId).big_integer().null())
                    .col(ColumnDef::new(Notifications::TopicId).big_integer().null())
                    .col(ColumnDef::new(Notifications::PostId).big_integer().null())
                    .col(ColumnDef::new(Notifications::ArticleId).big_integer().null())
                    .col(ColumnDef::new(Notifications::Count).integer().not_null().default(1))
                    .col(ColumnDef::new(Notifications::Data).text().not_null())
                    .col(ColumnDef::new(Notifications::ReadAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Notifications::EmailState).string_len(16).not_null())
                    .col(ColumnDef::new(Notifications::EmailDueAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Notifications::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Notifications::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notifications::Table, Notifications::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_user")
                    .table(Notifications::Table)
                    .col(Notifications::UserId)
                    .col(Notifications::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_email")
                    .table(Notifications::Table)
                    .col(Notifications::EmailState)
                    .col(Notifications::EmailDueAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Watches::Table)
                    .col(ColumnDef::new(Watches::UserId).big_integer().not_null())
                    .col(ColumnDef::new(Watches::TargetKind).string_len(16).not_null())
                    .col(ColumnDef::new(Watches::TargetId).big_integer().not_null())
                    .col(ColumnDef::new(Watches::Level).string_len(16).not_null())
                    .col(ColumnDef::new(Watches::UpdatedAt).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(Watches::UserId).col(Watches::TargetKind).col(Watches::TargetId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Watches::Table, Watches::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_watches_target")
                    .table(Watches::Table)
                    .col(Watches::TargetKind)
                    .col(Watches::TargetId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationPrefs::Table)
                    .col(ColumnDef::new(NotificationPrefs::UserId).big_integer().not_null())
                    .col(ColumnDef::new(NotificationPrefs::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(NotificationPrefs::Mode).string_len(16).not_null())
                    .primary_key(Index::create().col(NotificationPrefs::UserId).col(NotificationPrefs::Kind))
                    .foreign_key(
                        ForeignKey::create()
                            .from(NotificationPrefs::Table, NotificationPrefs::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(NotificationPrefs::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Watches::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Notifications::Table).to_owned()).await
    }
}
