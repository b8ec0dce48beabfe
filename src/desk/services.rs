//! Services, canned answers and the contacts page, managed by admins; and
//! "this solved it", counted per service.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde::Deserialize;

use super::{ANSWER_ROLES, Service};
use crate::accounts::User;
use crate::app::App;
use crate::audit::{self, Entry, details};
use crate::db::Db;
use crate::entities::{desk_canned, desk_services};
use crate::error::{AppError, AppResult, FormErrors};
use crate::input;
use crate::policy::Action;

pub use desk_canned::Model as Canned;

/// Every service in order.
pub async fn all(db: &Db) -> AppResult<Vec<Service>> {
    Ok(desk_services::Entity::find()
        .order_by_asc(desk_services::Column::Position)
        .order_by_asc(desk_services::Column::Id)
        .all(db.read())
        .await?)
}

/// Services open for new requests, in order.
pub async fn open(db: &Db) -> AppResult<Vec<Service>> {
    Ok(all(db).await?.into_iter().filter(|s| s.open).collect())
}

/// What the service form carries.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct ServiceForm {
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub name_uk: String,
    #[serde(default)]
    pub name_ru: String,
    #[serde(default)]
    pub hint_en: String,
    #[serde(default)]
    pub hint_uk: String,
    #[serde(default)]
    pub hint_ru: String,
    #[serde(default)]
    pub answer_role: String,
    #[serde(default)]
    pub target_minutes: String,
    #[serde(default)]
    pub open: Option<String>,
    #[serde(default)]
    pub position: String,
}

const NAME_MAX: usize = 100;
const HINT_MAX: usize = 2000;

struct CheckedService {
    slug: String,
    names: [String; 3],
    hints: [String; 3],
    role: String,
    target: i32,
    position: i32,
}

fn check(f: &ServiceForm) -> AppResult<CheckedService> {
    let mut e = FormErrors::new();
    let slug = f.slug.trim().to_lowercase();
    if slug.is_empty()
        || slug.len() > 32
        || !slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        e.add("slug", "desk-err-slug");
    }
    let names = [f.name_en.trim(), f.name_uk.trim(), f.name_ru.trim()].map(str::to_owned);
    for (field, v) in ["name_en", "name_uk", "name_ru"].into_iter().zip(&names) {
        if v.is_empty() {
            e.add(field, "desk-err-required");
        }
        input::at_most(&mut e, field, v, NAME_MAX);
    }
    let hints = [f.hint_en.trim(), f.hint_uk.trim(), f.hint_ru.trim()].map(str::to_owned);
    for (field, v) in ["hint_en", "hint_uk", "hint_ru"].into_iter().zip(&hints) {
        input::at_most(&mut e, field, v, HINT_MAX);
    }
    if !ANSWER_ROLES.contains(&f.answer_role.as_str()) {
        e.add("answer_role", "desk-err-role");
    }
    let target = f.target_minutes.trim().parse::<i32>().ok().filter(|m| (1..=525_600).contains(m));
    if target.is_none() {
        e.add("target_minutes", "desk-err-minutes");
    }
    let position = if f.position.trim().is_empty() { Some(0) } else { f.position.trim().parse::<i32>().ok() };
    if position.is_none() {
        e.add("position", "desk-err-number");
    }
    e.into_result()?;
    Ok(CheckedService {
        slug,
        names,
        hints,
        role: f.answer_role.clone(),
        target: target.unwrap_or(30),
        position: position.unwrap_or(0),
    })
}

/// Command: an admin creates a service (`id: None`) or changes one.
pub async fn save(app: &App, actor: &User, id: Option<i64>, f: &ServiceForm) -> AppResult<i64> {
    app.policy.require(&actor.actor(), Action::ManageDesk)?;
    let c = check(f)?;
    let [name_en, name_uk, name_ru] = c.names;
    let [hint_en, hint_uk, hint_ru] = c.hints;
    let txn = app.db.write().begin().await?;
    let mut m = match id {
        Some(id) => {
            let found = desk_services::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
            desk_services::ActiveModel::from(found)
        }
        None => desk_services::ActiveModel { deflected: Set(0), ..Default::default() },
    };
    m.slug = Set(c.slug.clone());
    m.name_en = Set(name_en);
    m.name_uk = Set(name_uk);
    m.name_ru = Set(name_ru);
    m.hint_en = Set(hint_en);
    m.hint_uk = Set(hint_uk);
    m.hint_ru = Set(hint_ru);
    m.answer_role = Set(c.role.clone());
    m.target_minutes = Set(c.target);
    m.open = Set(f.open.is_some());
    m.position = Set(c.position);
    let saved = match id {
        Some(_) => m.update(&txn).await,
        None => m.insert(&txn).await,
    }
    .map_err(|e| match AppError::from(e) {
        AppError::Conflict(_) => AppError::invalid("slug", "desk-err-slug-taken"),
        other => other,
    })?;
    audit::log(
        &txn,
        Entry {
            actor: Some(actor.id),
            action: "desk.service",
            details: details([("service", c.slug), ("role", c.role)]),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// Command: a reader says a guide the form showed solved their problem
/// (the request was not needed). Counted per service.
pub async fn solved(app: &App, service: i64) -> AppResult<()> {
    let n = desk_services::Entity::update_many()
        .col_expr(desk_services::Column::Deflected, Expr::col(desk_services::Column::Deflected).add(1))
        .filter(desk_services::Column::Id.eq(service))
        .exec(app.db.write())
        .await?
        .rows_affected;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn canned(db: &Db) -> AppResult<Vec<Canned>> {
    Ok(desk_canned::Entity::find()
        .order_by_asc(desk_canned::Column::Position)
        .order_by_asc(desk_canned::Column::Id)
        .all(db.read())
        .await?)
}

/// Command: an admin adds a canned answer, changes one, or deletes it
/// (`delete`). Canned answers are Markdown and may link guides with `[[…]]`.
pub async fn save_canned(
    app: &App,
    actor: &User,
    id: Option<i64>,
    title: &str,
    body: &str,
    delete: bool,
) -> AppResult<()> {
    app.policy.require(&actor.actor(), Action::ManageDesk)?;
    let txn = app.db.write().begin().await?;
    if delete {
        let id = id.ok_or(AppError::NotFound)?;
        desk_canned::Entity::delete_by_id(id).exec(&txn).await?;
    } else {
        let mut e = FormErrors::new();
        let title = title.trim();
        if title.is_empty() {
            e.add("title", "desk-err-required");
        }
        input::at_most(&mut e, "title", title, input::TITLE_MAX);
        if body.trim().is_empty() {
            e.add("body", "desk-err-required");
        }
        input::at_most(&mut e, "body", body, app.config.max_post_chars);
        e.into_result()?;
        match id {
            Some(id) => {
                let found = desk_canned::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
                let mut m = desk_canned::ActiveModel::from(found);
                m.title = Set(title.to_owned());
                m.body = Set(body.to_owned());
                m.update(&txn).await?;
            }
            None => {
                desk_canned::ActiveModel {
                    title: Set(title.to_owned()),
                    body: Set(body.to_owned()),
                    position: Set(0),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
    }
    audit::log(
        &txn,
        Entry {
            actor: Some(actor.id),
            action: if delete { "desk.canned-delete" } else { "desk.canned" },
            details: details([("title", title.trim().to_owned())]),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Command: an admin changes the contacts page (Markdown).
pub async fn set_contacts(app: &App, actor: &User, source: &str) -> AppResult<()> {
    app.policy.require(&actor.actor(), Action::ManageDesk)?;
    let mut e = FormErrors::new();
    input::at_most(&mut e, "body", source, app.config.max_article_chars);
    e.into_result()?;
    let html = crate::crosslinks::render(app.db.read(), source).await?.html.into_string();
    let txn = app.db.write().begin().await?;
    crate::site::set_contacts(&txn, source, &html).await?;
    audit::log(&txn, Entry { actor: Some(actor.id), action: "site.contacts", ..Default::default() }).await?;
    txn.commit().await?;
    Ok(())
}

/// Titles of the guides the ask engine finds for a request's subject and
/// text, best first. Nothing is recorded: the text may hold private details.
pub async fn deflect(app: &App, subject: &str, body: &str) -> AppResult<Vec<String>> {
    let text = format!("{subject}\n{}", body.chars().take(500).collect::<String>());
    let db = app.db.read();
    let query = crate::search::service::prepare(db, &text).await?;
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let mut titles: Vec<String> = Vec::new();
    for (_, row) in crate::search::service::answer_guides(db, &app.search_df, &query).await? {
        let Some(id) = row.article_id else { continue };
        if let Some(t) = crate::wiki::title_of(db, id).await?
            && !titles.contains(&t)
        {
            titles.push(t);
        }
    }
    titles.truncate(5);
    Ok(titles)
}
