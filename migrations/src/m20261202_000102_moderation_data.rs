//! Moderation as data. Why a post is hidden: reasons the system gives
//! (held for approval, hidden by the community's flags, …) become a code
//! rendered in the reader's language; `mod_reason` keeps only what a
//! moderator wrote. Where a merged topic went, so its address redirects.
//! What the system says in a guide's history (reverted, undone, moved,
//! approved): a code and its values, beside the editor's own summary.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Posts {
    Table,
    ModReasonCode,
}

#[derive(DeriveIden)]
enum Topics {
    Table,
    MergedIntoId,
}

#[derive(DeriveIden)]
enum Revisions {
    Table,
    SummaryCode,
    SummaryArgs,
}

/// The English sentences stored before, and their codes.
const KNOWN: [(&str, &str); 4] = [
    ("awaiting approval", "held"),
    ("flagged by the community; awaiting review", "flags"),
    ("hidden by a moderator", "moderator"),
    ("not approved", "not-approved"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Posts::Table)
                    .add_column(ColumnDef::new(Posts::ModReasonCode).string_len(16).not_null().default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Topics::Table)
                    .add_column(ColumnDef::new(Topics::MergedIntoId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        for col in [
            ColumnDef::new(Revisions::SummaryCode).string_len(32).not_null().default("").to_owned(),
            ColumnDef::new(Revisions::SummaryArgs).text().not_null().default("").to_owned(),
        ] {
            let mut col = col;
            manager.alter_table(Table::alter().table(Revisions::Table).add_column(&mut col).to_owned()).await?;
        }
        let db = manager.get_connection();
        for (text, code) in KNOWN {
            let q = Query::update()
                .table(Posts::Table)
                .value(Posts::ModReasonCode, code)
                .value(Alias::new("mod_reason"), "")
                .and_where(Expr::col(Alias::new("mod_reason")).eq(text))
                .to_owned();
            db.execute(&q).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for c in [Revisions::SummaryArgs, Revisions::SummaryCode] {
            manager.alter_table(Table::alter().table(Revisions::Table).drop_column(c).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(Topics::Table).drop_column(Topics::MergedIntoId).to_owned()).await?;
        manager.alter_table(Table::alter().table(Posts::Table).drop_column(Posts::ModReasonCode).to_owned()).await
    }
}
