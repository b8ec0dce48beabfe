//! Moderation: hidden posts, sanctions on members, flags and the staff log.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    SilencedUntil,
    SuspendedUntil,
    Banned,
    SanctionReason,
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    Hidden,
    ModReason,
}

#[derive(DeriveIden)]
enum Flags {
    Table,
    Id,
    PostId,
    UserId,
    Reason,
    Text,
    Weight,
    Status,
    ResolvedBy,
    CreatedAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum ModLog {
    Table,
    Id,
    ActorId,
    Action,
    TargetUserId,
    TopicId,
    PostId,
    Reason,
    Details,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(Users::SilencedUntil).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Users::SuspendedUntil).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Users::Banned).boolean().not_null().default(false).to_owned(),
            ColumnDef::new(Users::SanctionReason).text().not_null().default("").to_owned(),
        ] {
            let mut col = col;
            manager.alter_table(Table::alter().table(Users::Table).add_column(&mut col).to_owned()).await?;
        }
        for col in [
            ColumnDef::new(Posts::Hidden).boolean().not_null().default(false).to_owned(),
            ColumnDef::new(Posts::ModReason).text().not_null().default("").to_owned(),
        ] {
            let mut col = col;
            manager.alter_table(Table::alter().table(Posts::Table).add_column(&mut col).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Flags::Table)
                    .col(ColumnDef::new(Flags::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Flags::PostId).big_integer().not_null())
                    .col(ColumnDef::new(Flags::UserId).big_integer().not_null())
                    .col(ColumnDef::new(Flags::Reason).string_len(16).not_null())
                    .col(ColumnDef::new(Flags::Text).text().not_null().default(""))
                    .col(ColumnDef::new(Flags::Weight).integer().not_null().default(1))
                    .col(ColumnDef::new(Flags::Status).string_len(16).not_null().default("pending"))
                    .col(ColumnDef::new(Flags::ResolvedBy).big_integer().null())
                    .col(ColumnDef::new(Flags::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Flags::ResolvedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Flags::Table, Flags::PostId)
                            .to(Posts::Table, Posts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Flags::Table, Flags::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_flags_post_user")
                    .table(Flags::Table)
                    .col(Flags::PostId)
                    .col(Flags::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_flags_status")
                    .table(Flags::Table)
                    .col(Flags::Status)
                    .col(Flags::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ModLog::Table)
                    .col(ColumnDef::new(ModLog::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(ModLog::ActorId).big_integer().null())
                    .col(ColumnDef::new(ModLog::Action).string_len(32).not_null())
                    .col(ColumnDef::new(ModLog::TargetUserId).big_integer().null())
                    .col(ColumnDef::new(ModLog::TopicId).big_integer().null())
                    .col(ColumnDef::new(ModLog::PostId).big_integer().null())
                    .col(ColumnDef::new(ModLog::Reason).text().not_null().default(""))
                    .col(ColumnDef::new(ModLog::Details).text().not_null().default(""))
                    .col(ColumnDef::new(ModLog::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(ModLog::Table, ModLog::ActorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ModLog::Table, ModLog::TargetUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_mod_log_actor", ModLog::ActorId),
            ("idx_mod_log_target", ModLog::TargetUserId),
            ("idx_mod_log_action", ModLog::Action),
        ] {
            manager
                .create_index(Index::create().name(name).table(ModLog::Table).col(col).col(ModLog::Id).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ModLog::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Flags::Table).to_owned()).await?;
        for c in [Posts::ModReason, Posts::Hidden] {
            manager.alter_table(Table::alter().table(Posts::Table).drop_column(c).to_owned()).await?;
        }
        for c in [Users::SanctionReason, Users::Banned, Users::SuspendedUntil, Users::SilencedUntil] {
            manager.alter_table(Table::alter().table(Users::Table).drop_column(c).to_owned()).await?;
        }
        Ok(())
    }
}
