//! The category admin (admins only) and the category colour sheet.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::forum::{self, CategoryForm};
use crate::policy::Action;
use crate::state::AppState;
use crate::web::context::Ctx;
use crate::web::views::{Messages, rejection};

#[derive(Serialize)]
struct Row {
    slug: String,
    name: String,
    description: String,
    color: String,
    parent: String,
    child: bool,
    topics: i32,
}

#[derive(Serialize)]
struct Parent {
    slug: String,
    name: String,
}

#[derive(Serialize)]
struct AdminPage {
    rows: Vec<Row>,
    parents: Vec<Parent>,
    errors: Messages,
    new_form: CategoryForm,
    edit_form: CategoryForm,
    editing: String,
}

async fn admin_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    errors: Messages,
    form: CategoryForm,
    editing: &str,
) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let cats = forum::categories::all(&state.db).await?;
    let parents = cats
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|c| Parent { slug: c.slug.clone(), name: c.name.clone() })
        .collect();
    let rows = cats
        .iter()
        .map(|c| Row {
            slug: c.slug.clone(),
            name: c.name.clone(),
            description: c.description.clone(),
            color: c.color.clone(),
            parent: c
                .parent_id
                .and_then(|p| cats.iter().find(|x| x.id == p))
                .map(|p| p.slug.clone())
                .unwrap_or_default(),
            child: c.parent_id.is_some(),
            topics: c.topic_count,
        })
        .collect();
    let (new_form, edit_form) =
        if editing.is_empty() { (form, CategoryForm::default()) } else { (CategoryForm::default(), form) };
    let page = AdminPage { rows, parents, errors, new_form, edit_form, editing: editing.to_owned() };
    state.views.page_with_status(status, &ctx, "forum/admin_categories.html", &page)
}

pub(super) async fn admin_categories(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_user()?;
    state.policy.require(&user.actor(), Action::ManageCategories)?;
    admin_page(&state, &ctx, StatusCode::OK, Messages::new(), CategoryForm::default(), "").await
}

pub(super) async fn admin_create_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<CategoryForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    match forum::categories::admin_create(&state, &user, &f).await {
        Ok(_) => {
            ctx.flash("ok", "flash-category-saved").await?;
            Ok(Redirect::to("/admin/categories").into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            admin_page(&state, &ctx, r.status, r.errors, f, "").await
        }
    }
}

pub(super) async fn admin_edit_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<CategoryForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    match forum::categories::admin_edit(&state, &user, &slug, &f).await {
        Ok(_) => {
            ctx.flash("ok", "flash-category-saved").await?;
            Ok(Redirect::to("/admin/categories").into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            admin_page(&state, &ctx, r.status, r.errors, f, &slug).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct MoveForm {
    #[serde(default)]
    direction: String,
}

pub(super) async fn admin_move_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<MoveForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    forum::categories::admin_shift(&state, &user, &slug, f.direction == "up").await?;
    Ok(Redirect::to("/admin/categories").into_response())
}

/// Category colours as a stylesheet: the CSP allows no inline styles, so
/// swatches carry `data-color` and this sheet colours them.
pub(super) async fn category_css(State(state): State<AppState>) -> Result<Response, AppError> {
    let cats = forum::categories::all(&state.db).await?;
    let mut colors: Vec<&str> = cats.iter().map(|c| c.color.as_str()).collect();
    colors.sort_unstable();
    colors.dedup();
    let mut css = String::new();
    for c in colors {
        // Colours are validated as #rrggbb on write.
        css.push_str(&format!("[data-color=\"{c}\"]{{background:{c}}}\n"));
    }
    Ok(([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=60")], css)
        .into_response())
}
