//! Sections of the guides (like MediaWiki's categories): an editor files a
//! guide in any number of them with the guide itself, in the transaction
//! of the edit. A section exists once a guide names it; its count of
//! guides is kept in the same transaction, and its guides are listed A–Z
//! from `article_sections` alone (the title's sort key is kept there).

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, Set, Statement,
};
use serde::Serialize;

use crate::db::Db;
use crate::entities::{article_sections, articles, sections};
use crate::error::{AppResult, FormErrors};
use crate::input;
use crate::sql::Sql;
use crate::title::Title;

pub use sections::Model as Section;

/// Section names as typed: comma-separated.
pub const SEPARATOR: char = ',';

/// A section name checked and normalised like a title (first letter
/// upper-case, spaces collapsed), with its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionName {
    pub name: String,
    pub slug: String,
}

/// The address of a section: lower-case letters and digits of its name,
/// words joined by `-` (letters of every script kept).
pub fn slug_of(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    input::truncate(&out, input::SECTION_NAME_MAX * 2)
}

/// The sections typed in the form: every name checked, repeats (by
/// address) dropped. The messages name the entry that is wrong.
pub fn parse_names(text: &str) -> Result<Vec<SectionName>, FormErrors> {
    let mut out: Vec<SectionName> = Vec::new();
    let mut errors = FormErrors::new();
    for part in text.split(SEPARATOR) {
        let typed = part.split_whitespace().collect::<Vec<_>>().join(" ");
        if typed.is_empty() {
            continue;
        }
        let shown = || input::truncate(&typed, 40);
        if typed.chars().count() > input::SECTION_NAME_MAX {
            errors.add_with(
                "sections",
                "err-section-long",
                vec![("name", shown()), ("max", input::SECTION_NAME_MAX.to_string())],
            );
            continue;
        }
        let Ok(title) = Title::parse(&typed) else {
            errors.add_with("sections", "err-section-name", vec![("name", shown())]);
            continue;
        };
        let slug = slug_of(title.as_str());
        if slug.is_empty() {
            errors.add_with("sections", "err-section-name", vec![("name", shown())]);
            continue;
        }
        if !out.iter().any(|s| s.slug == slug) {
            out.push(SectionName { name: title.as_str().to_owned(), slug });
        }
    }
    if out.len() > input::SECTIONS_MAX {
        errors.add_with("sections", "err-sections-many", vec![("max", input::SECTIONS_MAX.to_string())]);
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The sections of a guide as the form shows them.
pub fn form_text(names: &[SectionRef]) -> String {
    names.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// Files the guide in exactly `names` (creating sections not there yet)
/// and keeps the sections' counts. Returns whether anything changed.
/// Takes the guide's row lock first, so that two edits of one guide file
/// it one after the other.
pub async fn set_in(txn: &DatabaseTransaction, article_id: i64, title: &str, names: &[SectionName]) -> AppResult<bool> {
    articles::Entity::find_by_id(article_id)
        .select_only()
        .column(articles::Column::Id)
        .lock_exclusive()
        .into_tuple::<i64>()
        .one(txn)
        .await?;
    let now = crate::util::now();
    let mut wanted: Vec<i64> = Vec::with_capacity(names.len());
    for n in names {
        sections::Entity::insert(sections::ActiveModel {
            name: Set(n.name.clone()),
            slug: Set(n.slug.clone()),
            sort_key: Set(super::sort_key(&n.name)),
            guide_count: Set(0),
            created_at: Set(now),
            ..Default::default()
        })
        .on_conflict(OnConflict::column(sections::Column::Slug).do_nothing().to_owned())
        .exec_without_returning(txn)
        .await?;
        let id = sections::Entity::find()
            .select_only()
            .column(sections::Column::Id)
            .filter(sections::Column::Slug.eq(n.slug.as_str()))
            .into_tuple::<i64>()
            .one(txn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("section {} vanished", n.slug))?;
        wanted.push(id);
    }
    let current: Vec<i64> = article_sections::Entity::find()
        .select_only()
        .column(article_sections::Column::SectionId)
        .filter(article_sections::Column::ArticleId.eq(article_id))
        .into_tuple::<i64>()
        .all(txn)
        .await?;
    let added: Vec<i64> = wanted.iter().copied().filter(|id| !current.contains(id)).collect();
    let removed: Vec<i64> = current.iter().copied().filter(|id| !wanted.contains(id)).collect();
    let key = super::sort_key(title);
    for id in &added {
        article_sections::Entity::insert(article_sections::ActiveModel {
            article_id: Set(article_id),
            section_id: Set(*id),
            sort_key: Set(key.clone()),
        })
        .exec_without_returning(txn)
        .await?;
    }
    if !removed.is_empty() {
        article_sections::Entity::delete_many()
            .filter(article_sections::Column::ArticleId.eq(article_id))
            .filter(article_sections::Column::SectionId.is_in(removed.clone()))
            .exec(txn)
            .await?;
    }
    for (ids, delta) in [(&added, 1), (&removed, -1)] {
        if ids.is_empty() {
            continue;
        }
        sections::Entity::update_many()
            .col_expr(sections::Column::GuideCount, Expr::col(sections::Column::GuideCount).add(delta))
            .filter(sections::Column::Id.is_in(ids.iter().copied()))
            .exec(txn)
            .await?;
    }
    Ok(!added.is_empty() || !removed.is_empty())
}

async fn counted(db: &impl ConnectionTrait, section: i64) -> AppResult<i32> {
    use sea_orm::PaginatorTrait;
    let n = article_sections::Entity::find().filter(article_sections::Column::SectionId.eq(section)).count(db).await?;
    Ok(i32::try_from(n).unwrap_or(i32::MAX))
}

/// Sections whose stored count of guides disagrees with the rows: (id,
/// stored, counted), for `veche check`.
pub async fn count_drift(db: &impl ConnectionTrait) -> AppResult<Vec<(i64, i32, i32)>> {
    let mut out = Vec::new();
    for s in sections::Entity::find().all(db).await? {
        let n = counted(db, s.id).await?;
        if n != s.guide_count {
            out.push((s.id, s.guide_count, n));
        }
    }
    Ok(out)
}

/// Sets a section's count of guides to what the rows say.
pub async fn refresh_count(db: &impl ConnectionTrait, section: i64) -> AppResult<()> {
    let n = counted(db, section).await?;
    sections::Entity::update_many()
        .col_expr(sections::Column::GuideCount, Expr::value(n))
        .filter(sections::Column::Id.eq(section))
        .exec(db)
        .await?;
    Ok(())
}

/// A renamed guide keeps its place in its sections' A–Z lists.
pub async fn retitle(db: &impl ConnectionTrait, article_id: i64, title: &str) -> AppResult<()> {
    article_sections::Entity::update_many()
        .col_expr(article_sections::Column::SortKey, Expr::value(super::sort_key(title)))
        .filter(article_sections::Column::ArticleId.eq(article_id))
        .exec(db)
        .await?;
    Ok(())
}

/// A section as lists show it.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct SectionRef {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub sort_key: String,
    pub guide_count: i32,
}

/// The sections a guide is filed in (bounded by one guide's rows).
pub fn of_article_statement(backend: DatabaseBackend, article_id: i64) -> Statement {
    let mut sql = Sql::new(backend);
    sql.push("SELECT x.section_id AS id, ");
    for (column, name) in [("name", "name"), ("slug", "slug"), ("sort_key", "sort_key"), ("guide_count", "guide_count")]
    {
        sql.lookup(column, "sections", "id", "x.section_id", name);
        if name != "guide_count" {
            sql.push(", ");
        }
    }
    sql.push(" FROM ").table("article_sections", "x", Some("idx_article_sections_article"));
    sql.push(" WHERE x.article_id = ").bind(article_id);
    sql.build()
}

/// The sections a guide is filed in, A–Z (one query on the guide's rows).
pub async fn of_article(db: &impl ConnectionTrait, article_id: i64) -> AppResult<Vec<SectionRef>> {
    let stmt = of_article_statement(db.get_database_backend(), article_id);
    let mut found = SectionRef::find_by_statement(stmt).all(db).await?;
    found.sort_by(|a, b| (&a.sort_key, a.id).cmp(&(&b.sort_key, b.id)));
    Ok(found)
}

pub async fn by_id(db: &Db, id: i64) -> AppResult<Option<Section>> {
    Ok(sections::Entity::find_by_id(id).one(db.read()).await?)
}

pub async fn by_slug(db: &Db, slug: &str) -> AppResult<Option<Section>> {
    Ok(sections::Entity::find().filter(sections::Column::Slug.eq(slug)).one(db.read()).await?)
}

/// Sections that have guides, A–Z, `limit` after the one with `after`'s
/// sort key and id (driven by the order index).
pub fn list_statement(backend: DatabaseBackend, after: Option<(&str, i64)>, limit: u64) -> Statement {
    let mut sql = Sql::new(backend);
    sql.push("SELECT s.id, s.name, s.slug, s.sort_key, s.guide_count FROM ");
    sql.table("sections", "s", Some("idx_sections_order")).push(" WHERE s.guide_count > 0");
    if let Some((key, id)) = after {
        sql.push(" AND (s.sort_key, s.id) > (").bind(key).push(", ").bind(id).push(")");
    }
    sql.push(" ORDER BY s.sort_key, s.id LIMIT ").int(i64::try_from(limit).unwrap_or(i64::MAX));
    sql.build()
}

/// A page of sections A–Z, and whether more follow.
pub async fn list(db: &Db, after: Option<&Section>, limit: u64) -> AppResult<(Vec<SectionRef>, bool)> {
    let after = after.map(|s| (s.sort_key.as_str(), s.id));
    let stmt = list_statement(db.read().get_database_backend(), after, limit + 1);
    let mut rows = SectionRef::find_by_statement(stmt).all(db.read()).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok((rows, more))
}

/// A guide in a section's list.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct SectionGuide {
    pub section_id: i64,
    pub article_id: i64,
    pub sort_key: String,
    pub title: String,
}

/// One index-ordered arm: `limit` guides of one section A–Z, after a
/// cursor (sort key, article id).
fn guides_arm(sql: &mut Sql, section: i64, after: Option<(&str, i64)>, limit: u64) {
    sql.push("SELECT x.section_id, x.article_id, x.sort_key, ");
    sql.lookup("title", "articles", "id", "x.article_id", "title");
    sql.push(" FROM ").table("article_sections", "x", Some("idx_article_sections_order"));
    sql.push(" WHERE x.section_id = ").bind(section);
    if let Some((key, id)) = after {
        sql.push(" AND (x.sort_key, x.article_id) > (").bind(key).push(", ").bind(id).push(")");
    }
    sql.push(" ORDER BY x.sort_key, x.article_id LIMIT ").int(i64::try_from(limit).unwrap_or(i64::MAX));
}

/// A section's guides A–Z, a page after `after` (an article id in the section).
pub fn guides_statement(backend: DatabaseBackend, section: i64, after: Option<(&str, i64)>, limit: u64) -> Statement {
    let mut sql = Sql::new(backend);
    guides_arm(&mut sql, section, after, limit);
    sql.build()
}

/// The first `per` guides of each of `sections`, A–Z: one statement, an
/// index-ordered arm per section.
pub fn first_guides_statement(backend: DatabaseBackend, sections: &[i64], per: u64) -> Statement {
    let mut sql = Sql::new(backend);
    for (i, s) in sections.iter().enumerate() {
        if i > 0 {
            sql.push(" UNION ALL ");
        }
        sql.push("SELECT * FROM (");
        guides_arm(&mut sql, *s, None, per);
        sql.push(") a").int(i as i64);
    }
    sql.build()
}

/// The first `per` guides of each section, A–Z within each.
pub async fn first_guides(db: &Db, sections: &[i64], per: u64) -> AppResult<Vec<SectionGuide>> {
    if sections.is_empty() {
        return Ok(Vec::new());
    }
    let stmt = first_guides_statement(db.read().get_database_backend(), sections, per);
    let mut rows = SectionGuide::find_by_statement(stmt).all(db.read()).await?;
    rows.sort_by(|a, b| (a.section_id, &a.sort_key, a.article_id).cmp(&(b.section_id, &b.sort_key, b.article_id)));
    Ok(rows)
}

/// A page of a section's guides A–Z after the guide `after` (an id from
/// the previous page; one that is not in the section starts over), and
/// whether more follow.
pub async fn guides(db: &Db, section: i64, after: Option<i64>, limit: u64) -> AppResult<(Vec<SectionGuide>, bool)> {
    let cursor = match after {
        Some(id) => article_sections::Entity::find()
            .select_only()
            .column(article_sections::Column::SortKey)
            .filter(article_sections::Column::ArticleId.eq(id))
            .filter(article_sections::Column::SectionId.eq(section))
            .into_tuple::<String>()
            .one(db.read())
            .await?
            .map(|key| (key, id)),
        None => None,
    };
    let stmt = guides_statement(
        db.read().get_database_backend(),
        section,
        cursor.as_ref().map(|(k, id)| (k.as_str(), *id)),
        limit + 1,
    );
    let mut rows = SectionGuide::find_by_statement(stmt).all(db.read()).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok((rows, more))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_normalised_and_deduplicated() {
        let got = parse_names(" виведення   коштів ,Картки,, картки , Security 2FA ").unwrap();
        let names: Vec<&str> = got.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Виведення коштів", "Картки", "Security 2FA"]);
        assert_eq!(got[0].slug, "виведення-коштів");
        assert_eq!(got[2].slug, "security-2fa");
        assert!(parse_names("").unwrap().is_empty());
    }

    #[test]
    fn bad_names_are_refused_with_the_name() {
        let e = parse_names("Добре, [погано]").unwrap_err();
        let m = e.get("sections").unwrap();
        assert_eq!(m.key, "err-section-name");
        assert_eq!(m.args, vec![("name", "[погано]".to_owned())]);
        let e = parse_names(&"д".repeat(input::SECTION_NAME_MAX + 1)).unwrap_err();
        assert_eq!(e.get("sections").unwrap().key, "err-section-long");
        let many = (0..=input::SECTIONS_MAX).map(|i| format!("Розділ {i}")).collect::<Vec<_>>().join(",");
        assert_eq!(parse_names(&many).unwrap_err().get("sections").unwrap().key, "err-sections-many");
        assert_eq!(parse_names("—, !!!").unwrap_err().get("sections").unwrap().key, "err-section-name");
    }
}
