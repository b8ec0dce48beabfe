//! Outgoing mail: commands put messages here inside their own transaction;
//! a worker on any instance claims due ones (a conditional update, so two
//! instances never send one twice), sends them, retries with backoff and
//! keeps the ones that failed for admins to see.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MailQueue {
    Table,
    Id,
    Kind,
    ToAddr,
    Subject,
    BodyText,
    BodyHtml,
    Headers,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MailQueue::Table)
                    .col(ColumnDef::new(MailQueue::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(MailQueue::Kind).string_len(48).not_null())
                    .col(ColumnDef::new(MailQueue::ToAddr).string_len(320).not_null())
                    .col(ColumnDef::new(MailQueue::Subject).text().not_null())
                    .col(ColumnDef::new(MailQueue::BodyText).text().not_null())
                    .col(ColumnDef::new(MailQueue::BodyHtml).text().not_null())
                    .col(ColumnDef::new(MailQueue::Headers).text().not_null())
                    .col(ColumnDef::new(MailQueue::Status).string_len(16).not_null())
                    .col(ColumnDef::new(MailQueue::Attempts).integer().not_null().default(0))
                    .col(ColumnDef::new(MailQueue::NextAttemptAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(MailQueue::LeaseUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(MailQueue::LastError).text().not_null().default(""))
                    .col(ColumnDef::new(MailQueue::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(MailQueue::SentAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mail_queue_due")
                    .table(MailQueue::Table)
                    .col(MailQueue::Status)
                    .col(MailQueue::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MailQueue::Table).to_owned()).await
    }
}
