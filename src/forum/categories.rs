//! Categories, with one level of subcategories.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde::{Deserialize, Serialize};

use crate::accounts::User;
use crate::app::App;
use crate::db::Db;
use crate::entities::categories;
use crate::error::{AppError, AppResult, FormErrors, is_unique_violation};
use crate::policy::Action;

pub use categories::Model as Category;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CategoryForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub color: String,
    /// Slug of the parent, empty for a top-level category.
    #[serde(default)]
    pub parent: String,
}

/// Command: an admin creates a category.
pub async fn admin_create(app: &App, actor: &User, form: &CategoryForm) -> AppResult<Category> {
    app.policy.require(&actor.actor(), Action::ManageCategories)?;
    create(&app.db, form).await
}

/// Command: an admin edits a category.
pub async fn admin_edit(app: &App, actor: &User, current_slug: &str, form: &CategoryForm) -> AppResult<Category> {
    app.policy.require(&actor.actor(), Action::ManageCategories)?;
    edit(&app.db, current_slug, form).await
}

/// Command: an admin moves a category up or down among its siblings.
pub async fn admin_shift(app: &App, actor: &User, slug: &str, up: bool) -> AppResult<()> {
    app.policy.require(&actor.actor(), Action::ManageCategories)?;
    shift(&app.db, slug, if up { -1 } else { 1 }).await
}

/// All categories, parents first, each followed by its children, by position.
pub async fn all(db: &Db) -> AppResult<Vec<Category>> {
    let rows = categories::Entity::find()
        .order_by_asc(categories::Column::Position)
        .order_by_asc(categories::Column::Id)
        .all(db.read())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for parent in rows.iter().filter(|c| c.parent_id.is_none()) {
        out.push(parent.clone());
        out.extend(rows.iter().filter(|c| c.parent_id == Some(parent.id)).cloned());
    }
    Ok(out)
}

pub async fn by_slug(db: &Db, slug: &str) -> AppResult<Option<Category>> {
    Ok(categories::Entity::find().filter(categories::Column::Slug.eq(slug)).one(db.read()).await?)
}

fn valid_slug(s: &str) -> bool {
    (2..=64).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn valid_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

struct Checked {
    name: String,
    slug: String,
    description: String,
    color: String,
    parent_id: Option<i64>,
}

async fn check(db: &Db, form: &CategoryForm, editing: Option<i64>) -> AppResult<Checked> {
    let mut errors = FormErrors::new();
    let name = form.name.trim().to_owned();
    if name.chars().count() < 2 || name.chars().count() > 100 {
        errors.add("name", "err-category-name");
    }
    let slug = form.slug.trim().to_lowercase();
    if !valid_slug(&slug) {
        errors.add("slug", "err-category-slug");
    }
    let color = if form.color.trim().is_empty() { "#1f5fa8".to_owned() } else { form.color.trim().to_lowercase() };
    if !valid_color(&color) {
        errors.add("color", "err-category-color");
    }
    let description = form.description.trim().to_owned();
    if description.chars().count() > 1000 {
        errors.add("description", "err-category-description");
    }
    let mut parent_id = None;
    let parent = form.parent.trim();
    if !parent.is_empty() {
        match by_slug(db, parent).await? {
            Some(p) if p.parent_id.is_none() && Some(p.id) != editing => parent_id = Some(p.id),
            _ => errors.add("parent", "err-category-parent"),
        }
    }
    if let (Some(id), Some(_)) = (editing, parent_id) {
        // A category with children cannot become a child itself (one level only).
        let has_children =
            categories::Entity::find().filter(categories::Column::ParentId.eq(id)).one(db.read()).await?.is_some();
        if has_children {
            errors.add("parent", "err-category-parent");
        }
    }
    errors.into_result()?;
    Ok(Checked { name, slug, description, color, parent_id })
}

fn taken(e: sea_orm::DbErr) -> AppError {
    if is_unique_violation(&e) {
        AppError::Invalid(FormErrors::one("slug", "err-category-slug-taken"))
    } else {
        e.into()
    }
}

/// Creates a category (the command line and setup; admins use [`admin_create`]).
pub async fn create(db: &Db, form: &CategoryForm) -> AppResult<Category> {
    let c = check(db, form, None).await?;
    let position = categories::Entity::find()
        .order_by_desc(categories::Column::Position)
        .one(db.read())
        .await?
        .map_or(0, |c| c.position + 1);
    categories::ActiveModel {
        slug: Set(c.slug),
        name: Set(c.name),
        description: Set(c.description),
        color: Set(c.color),
        parent_id: Set(c.parent_id),
        position: Set(position),
        topic_count: Set(0),
        post_count: Set(0),
        created_at: Set(crate::util::now()),
        ..Default::default()
    }
    .insert(db.write())
    .await
    .map_err(taken)
}

/// Edits a category found by its current slug.
pub async fn edit(db: &Db, current_slug: &str, form: &CategoryForm) -> AppResult<Category> {
    let existing = by_slug(db, current_slug).await?.ok_or(AppError::NotFound)?;
    let c = check(db, form, Some(existing.id)).await?;
    let mut am: categories::ActiveModel = existing.into();
    am.slug = Set(c.slug);
    am.name = Set(c.name);
    am.description = Set(c.description);
    am.color = Set(c.color);
    am.parent_id = Set(c.parent_id);
    am.update(db.write()).await.map_err(taken)
}

/// Moves a category one place up (`-1`) or down (`+1`) among its siblings.
pub async fn shift(db: &Db, slug: &str, delta: i32) -> AppResult<()> {
    let txn = db.write().begin().await?;
    let me = categories::Entity::find()
        .filter(categories::Column::Slug.eq(slug))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let siblings = categories::Entity::find()
        .filter(match me.parent_id {
            Some(p) => categories::Column::ParentId.eq(p),
            None => categories::Column::ParentId.is_null(),
        })
        .order_by_asc(categories::Column::Position)
        .order_by_asc(categories::Column::Id)
        .all(&txn)
        .await?;
    let Some(i) = siblings.iter().position(|c| c.id == me.id) else {
        return Err(AppError::NotFound);
    };
    let j = i as i64 + i64::from(delta);
    if j < 0 || j >= siblings.len() as i64 {
        return Ok(());
    }
    let mut order: Vec<i64> = siblings.iter().map(|c| c.id).collect();
    order.swap(i, j as usize);
    for (pos, id) in order.into_iter().enumerate() {
        categories::ActiveModel { id: Set(id), position: Set(pos as i32), ..Default::default() }.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}
