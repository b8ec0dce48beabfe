//! The wiki: articles, their immutable revisions, redirects left by renames,
//! and the one link table that records who links to what.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    Id,
    Title,
    TitleKey,
    CurrentRevisionId,
    Protected,
    RevisionCount,
    DiscussionCount,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Revisions {
    Table,
    Id,
    ArticleId,
    ParentId,
    AuthorId,
    Body,
    Html,
    Toc,
    Summary,
    Minor,
    Size,
    SizeDelta,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Redirects {
    Table,
    FromKey,
    FromTitle,
    ArticleId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Links {
    Table,
    Id,
    SourceKind,
    SourceId,
    TargetKind,
    TargetKey,
    TargetId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Articles::Table)
                    .col(ColumnDef::new(Articles::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Articles::Title).string_len(255).not_null())
                    .col(ColumnDef::new(Articles::TitleKey).string_len(255).not_null().unique_key())
                    .col(ColumnDef::new(Articles::CurrentRevisionId).big_integer().null())
                    .col(ColumnDef::new(Articles::Protected).boolean().not_null().default(false))
                    .col(ColumnDef::new(Articles::RevisionCount).integer().not_null().default(0))
                    .col(ColumnDef::new(Articles::DiscussionCount).integer().not_null().default(0))
                    .col(ColumnDef::new(Articles::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Articles::UpdatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Revisions::Table)
                    .col(ColumnDef::new(Revisions::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Revisions::ArticleId).big_integer().not_null())
                    .col(ColumnDef::new(Revisions::ParentId).big_integer().null())
                    .col(ColumnDef::new(Revisions::AuthorId).big_integer().not_null())
                    .col(ColumnDef::new(Revisions::Body).text().not_null())
                    .col(ColumnDef::new(Revisions::Html).text().not_null())
                    .col(ColumnDef::new(Revisions::Toc).text().not_null().default("[]"))
                    .col(ColumnDef::new(Revisions::Summary).string_len(500).not_null().default(""))
                    .col(ColumnDef::new(Revisions::Minor).boolean().not_null().default(false))
                    .col(ColumnDef::new(Revisions::Size).integer().not_null())
                    .col(ColumnDef::new(Revisions::SizeDelta).integer().not_null())
                    .col(ColumnDef::new(Revisions::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Revisions::Table, Revisions::ArticleId)
                            .to(Articles::Table, Articles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Revisions::Table, Revisions::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_revisions_article")
                    .table(Revisions::Table)
                    .col(Revisions::ArticleId)
                    .col(Revisions::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_revisions_recent")
                    .table(Revisions::Table)
                    .col(Revisions::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Redirects::Table)
                    .col(ColumnDef::new(Redirects::FromKey).string_len(255).not_null().primary_key())
                    .col(ColumnDef::new(Redirects::FromTitle).string_len(255).not_null())
                    .col(ColumnDef::new(Redirects::ArticleId).big_integer().not_null())
                    .col(ColumnDef::new(Redirects::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Redirects::Table, Redirects::ArticleId)
                            .to(Articles::Table, Articles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Links::Table)
                    .col(ColumnDef::new(Links::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Links::SourceKind).string_len(16).not_null())
                    .col(ColumnDef::new(Links::SourceId).big_integer().not_null())
                    .col(ColumnDef::new(Links::TargetKind).string_len(16).not_null())
                    .col(ColumnDef::new(Links::TargetKey).string_len(255).not_null().default(""))
                    .col(ColumnDef::new(Links::TargetId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_links_source", vec![Links::SourceKind, Links::SourceId]),
            ("idx_links_target", vec![Links::TargetKind, Links::TargetId]),
            ("idx_links_target_key", vec![Links::TargetKind, Links::TargetKey]),
        ] {
            let mut idx = Index::create().name(name).table(Links::Table).to_owned();
            for c in cols {
                idx.col(c);
            }
            manager.create_index(idx).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Links::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Redirects::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Revisions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Articles::Table).to_owned()).await
    }
}
