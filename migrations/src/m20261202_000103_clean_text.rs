//! Stored text made to follow the rules new text follows since the web
//! layer cleans every input: line ends `\n` only (a browser's CRLF broke
//! wiki diffs and merges), no NUL or other C0 controls besides tab and line
//! feed, no DEL or C1 controls, no noncharacters (U+FFFE/U+FFFF are illegal
//! in XML and broke the feeds). One-line fields (titles, summaries, names)
//! get spaces for tabs and line breaks.
//!
//! Sources change here; the HTML rendered from them is rendered again by
//! the server on its next start, which also creates the `meta` table's
//! `render_version` entry that records it (see `upkeep` in the server).
//! Wiki titles are not touched: they never could hold such characters.
//!
//! Down keeps the cleaned text (there is nothing to restore it from) and
//! drops `meta`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Meta {
    Table,
    Key,
    Value,
}

/// (table, column, one line?)
const COLUMNS: &[(&str, &str, bool)] = &[
    ("posts", "body", false),
    ("posts", "mod_reason", false),
    ("post_revisions", "body", false),
    ("revisions", "body", false),
    ("revisions", "summary", true),
    ("proposals", "body", false),
    ("proposals", "summary", true),
    ("proposals", "review_reason", false),
    ("topics", "title", true),
    ("topics", "search_key", true),
    ("categories", "name", true),
    ("categories", "description", false),
    ("flags", "text", false),
    ("mod_log", "reason", false),
    ("mod_log", "details", false),
    ("standing_changes", "reason", false),
    ("users", "sanction_reason", false),
];

/// Code points to drop besides NUL: C0 controls other than tab, LF and CR
/// (CR is turned into LF first), DEL, C1 controls and noncharacters.
fn dropped() -> Vec<u32> {
    let mut cps: Vec<u32> = (1..=0x1F).filter(|c| !matches!(c, 0x09 | 0x0A | 0x0D)).collect();
    cps.extend(0x7F..=0x9F);
    cps.extend(0xFDD0..=0xFDEF);
    for plane in 0..=0x10u32 {
        cps.push(plane << 16 | 0xFFFE);
        cps.push(plane << 16 | 0xFFFF);
    }
    cps
}

/// The cleaned value of `col` as an SQL expression.
fn expression(backend: DatabaseBackend, col: &str, one_line: bool) -> String {
    match backend {
        DatabaseBackend::Postgres => {
            let class: String = dropped()
                .into_iter()
                .map(|cp| if cp > 0xFFFF { format!("\\U{cp:08X}") } else { format!("\\u{cp:04X}") })
                .collect();
            let mut e = format!(
                "regexp_replace(replace(replace({col}, E'\\r\\n', E'\\n'), E'\\r', E'\\n'), '[{class}]', '', 'g')"
            );
            if one_line {
                e = format!("translate({e}, E'\\t\\n', '  ')");
            }
            e
        }
        _ => {
            // SQLite has no regular expressions: one replace() per character
            // (NUL cannot be a replace() pattern there; see `strip_nul`).
            let mut e = format!("replace(replace({col}, char(13, 10), char(10)), char(13), char(10))");
            for cp in dropped() {
                e = format!("replace({e}, char({cp}), '')");
            }
            if one_line {
                e = format!("replace(replace({e}, char(9), ' '), char(10), ' ')");
            }
            e
        }
    }
}

/// SQLite keeps NUL in text; its `replace()` cannot remove it, so the few
/// rows that hold one are fixed here.
async fn strip_nul(db: &SchemaManagerConnection<'_>, table: &str, col: &str, one_line: bool) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            format!("SELECT id, {col} AS v FROM {table} WHERE instr(CAST({col} AS BLOB), X'00') > 0"),
        ))
        .await?;
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let value: String = row.try_get("", "v")?;
        let mut fixed = value.replace('\0', "");
        if one_line {
            fixed = fixed.replace(['\t', '\n'], " ");
        }
        let mut q = Query::update();
        q.table(Alias::new(table)).value(Alias::new(col), fixed).and_where(Expr::col(Alias::new("id")).eq(id));
        db.execute(&q).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Meta::Table)
                    .if_not_exists()
                    .col(ColumnDef::new(Meta::Key).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(Meta::Value).text().not_null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        for (table, col, one_line) in COLUMNS {
            let cleaned = expression(backend, col, *one_line);
            db.execute_unprepared(&format!("UPDATE {table} SET {col} = {cleaned} WHERE {col} <> {cleaned}")).await?;
            if backend == DatabaseBackend::Sqlite {
                strip_nul(db, table, col, *one_line).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Meta::Table).if_exists().to_owned()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_characters() {
        let d = dropped();
        assert!(!d.contains(&0x09) && !d.contains(&0x0A) && !d.contains(&0x0D) && !d.contains(&0x20));
        assert!(d.contains(&0x01) && d.contains(&0x7F) && d.contains(&0x85) && d.contains(&0xFFFE));
        assert!(d.contains(&0x10FFFF) && d.contains(&0x1FFFE) && d.contains(&0xFDD0));
    }
}
