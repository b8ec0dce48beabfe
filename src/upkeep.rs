//! Work the server does once after migrations, before it serves: what SQL
//! alone cannot do for a schema or pipeline change.
//!
//! * **Render version.** Stored HTML is rendered once, when written. When
//!   the pipeline (or the stored sources, as the text clean-up migration
//!   did) changes in a way that changes the HTML, [`RENDER_VERSION`] goes
//!   up, and the first start with the new version renders every post and
//!   guide again, then records the version in the `meta` table. Several
//!   instances starting at once may each do it; it is idempotent.
//! * **Name skeletons.** Accounts without a confusable skeleton (those that
//!   existed before the column did) get one.

use std::sync::Arc;

use anyhow::Context;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::db::Db;
use crate::entities::users;
use crate::markdown::images::ImagePolicy;

/// Bump when stored HTML must be rendered again.
/// 1: the first release; 2: sources cleaned of CR and control characters,
/// images only from allowed hosts.
pub const RENDER_VERSION: i64 = 2;

const RENDER_VERSION_KEY: &str = "render_version";

pub async fn run(db: &Db, images: Arc<ImagePolicy>) -> anyhow::Result<()> {
    fill_name_skeletons(db).await.context("filling name skeletons")?;
    let stored = get(db, RENDER_VERSION_KEY).await?.and_then(|v| v.parse::<i64>().ok()).unwrap_or(1);
    if stored < RENDER_VERSION {
        tracing::info!(from = stored, to = RENDER_VERSION, "rendering stored posts and guides again");
        let (posts, guides) = crate::markdown::images::with_policy(images, crate::crosslinks::rerender_all(db))
            .await
            .map_err(|e| anyhow::anyhow!("rendering stored text again: {e}"))?;
        tracing::info!(posts, guides, "rendered again");
        set(db, RENDER_VERSION_KEY, &RENDER_VERSION.to_string()).await?;
    }
    Ok(())
}

/// The render version recorded in the database (1 when none is).
pub async fn render_version(db: &Db) -> anyhow::Result<i64> {
    Ok(get(db, RENDER_VERSION_KEY).await?.and_then(|v| v.parse().ok()).unwrap_or(1))
}

async fn fill_name_skeletons(db: &Db) -> anyhow::Result<()> {
    let missing: Vec<(i64, String)> = users::Entity::find()
        .select_only()
        .columns([users::Column::Id, users::Column::Username])
        .filter(users::Column::NameSkeleton.eq(""))
        .into_tuple()
        .all(db.read())
        .await?;
    for (id, name) in missing {
        users::Entity::update_many()
            .col_expr(users::Column::NameSkeleton, Expr::value(crate::accounts::names::skeleton(&name)))
            .filter(users::Column::Id.eq(id))
            .exec(db.write())
            .await?;
    }
    Ok(())
}

async fn get(db: &Db, key: &str) -> anyhow::Result<Option<String>> {
    let mut q = Query::select();
    q.column(Alias::new("value")).from(Alias::new("meta")).and_where(Expr::col(Alias::new("key")).eq(key));
    let row = db.write().query_one(&q).await.context("reading meta")?;
    Ok(match row {
        Some(r) => Some(r.try_get::<String>("", "value")?),
        None => None,
    })
}

async fn set(db: &Db, key: &str, value: &str) -> anyhow::Result<()> {
    let mut q = Query::insert();
    q.into_table(Alias::new("meta"))
        .columns([Alias::new("key"), Alias::new("value")])
        .values([key.into(), value.into()])
        .context("meta row")?
        .on_conflict(OnConflict::column(Alias::new("key")).update_column(Alias::new("value")).to_owned());
    db.write().execute(&q).await.context("writing meta")?;
    Ok(())
}

/// A value kept in the `meta` table (versions of derived data).
pub async fn get_meta(db: &Db, key: &str) -> anyhow::Result<Option<String>> {
    get(db, key).await
}

pub async fn set_meta(db: &Db, key: &str, value: &str) -> anyhow::Result<()> {
    set(db, key, value).await
}
