//! Browsing guides: sections a guide is filed in (an editor sets them with
//! the guide, like MediaWiki's categories), and a view count per guide
//! (added up in memory, written in batches) for "most read". Indexes give
//! the home page its orders: sections A–Z, guides of a section A–Z, most
//! read, recently updated.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Articles {
    Table,
    Id,
    Views,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sections {
    Table,
    Id,
    Name,
    Slug,
    SortKey,
    GuideCount,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ArticleSections {
    Table,
    ArticleId,
    SectionId,
    SortKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Articles::Table)
                    .add_column(ColumnDef::new(Articles::Views).big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [("idx_articles_views", Articles::Views), ("idx_articles_updated", Articles::UpdatedAt)] {
            manager
                .create_index(Index::create().name(name).table(Articles::Table).col(col).col(Articles::Id).to_owned())
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Sections::Table)
                    .col(ColumnDef::new(Sections::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Sections::Name).string_len(100).not_null())
                    .col(ColumnDef::new(Sections::Slug).string_len(255).not_null().unique_key())
                    // The name's place in the alphabet (see `wiki::sort_key`).
                    .col(ColumnDef::new(Sections::SortKey).string_len(400).not_null())
                    .col(ColumnDef::new(Sections::GuideCount).integer().not_null().default(0))
                    .col(ColumnDef::new(Sections::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sections_order")
                    .table(Sections::Table)
                    .col(Sections::SortKey)
                    .col(Sections::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ArticleSections::Table)
                    .col(ColumnDef::new(ArticleSections::ArticleId).big_integer().not_null())
                    .col(ColumnDef::new(ArticleSections::SectionId).big_integer().not_null())
                    // The guide title's place in the alphabet, kept here so
                    // that a section's guides are listed by this table's index.
                    .col(ColumnDef::new(ArticleSections::SortKey).string_len(400).not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(ArticleSections::Table, ArticleSections::ArticleId)
                            .to(Articles::Table, Articles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ArticleSections::Table, ArticleSections::SectionId)
                            .to(Sections::Table, Sections::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_article_sections_article")
                    .table(ArticleSections::Table)
                    .col(ArticleSections::ArticleId)
                    .col(ArticleSections::SectionId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_article_sections_order")
                    .table(ArticleSections::Table)
                    .col(ArticleSections::SectionId)
                    .col(ArticleSections::SortKey)
                    .col(ArticleSections::ArticleId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ArticleSections::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Sections::Table).to_owned()).await?;
        for name in ["idx_articles_updated", "idx_articles_views"] {
            manager.drop_index(Index::drop().name(name).table(Articles::Table).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(Articles::Table).drop_column(Articles::Views).to_owned()).await?;
        Ok(())
    }
}
