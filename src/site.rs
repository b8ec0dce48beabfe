//! Site-wide settings kept in the database, read once at start (and after a
//! change in this process). The configuration file gives the defaults;
//! what is stored here wins.

use std::sync::{Arc, RwLock};

use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use crate::entities::site_settings;
use crate::error::AppResult;

const DEFAULT_LOCALE: &str = "default_locale";
/// The contacts page: its Markdown and the HTML made from it.
const CONTACTS: &str = "contacts";
const CONTACTS_HTML: &str = "contacts_html";

/// The settings as this process knows them.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The language for visitors whose browser asks for none we have.
    pub default_locale: Option<String>,
}

/// Shared by every clone of the application.
#[derive(Debug, Clone, Default)]
pub struct Site(Arc<RwLock<Settings>>);

impl Site {
    pub async fn load(db: &impl ConnectionTrait) -> AppResult<Site> {
        let rows = site_settings::Entity::find().all(db).await?;
        let value = |k: &str| rows.iter().find(|r| r.key == k).map(|r| r.value.clone());
        Ok(Site(Arc::new(RwLock::new(Settings { default_locale: value(DEFAULT_LOCALE) }))))
    }

    pub fn get(&self) -> Settings {
        self.0.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// Stores the site's default language.
    pub async fn set_default_locale(&self, db: &impl ConnectionTrait, locale: &str) -> AppResult<()> {
        site_settings::Entity::insert(site_settings::ActiveModel {
            key: Set(DEFAULT_LOCALE.to_owned()),
            value: Set(locale.to_owned()),
        })
        .on_conflict(
            OnConflict::column(site_settings::Column::Key).update_column(site_settings::Column::Value).to_owned(),
        )
        .exec_without_returning(db)
        .await?;
        if let Ok(mut s) = self.0.write() {
            s.default_locale = Some(locale.to_owned());
        }
        Ok(())
    }
}

async fn put(db: &impl ConnectionTrait, key: &str, value: &str) -> AppResult<()> {
    site_settings::Entity::insert(site_settings::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_owned()),
    })
    .on_conflict(OnConflict::column(site_settings::Column::Key).update_column(site_settings::Column::Value).to_owned())
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The contacts page as (Markdown, HTML); empty until an admin writes it.
pub async fn contacts(db: &impl ConnectionTrait) -> AppResult<(String, String)> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let rows = site_settings::Entity::find()
        .filter(site_settings::Column::Key.is_in([CONTACTS, CONTACTS_HTML]))
        .all(db)
        .await?;
    let value = |k: &str| rows.iter().find(|r| r.key == k).map(|r| r.value.clone()).unwrap_or_default();
    Ok((value(CONTACTS), value(CONTACTS_HTML)))
}

/// Stores the contacts page; `html` comes from the Markdown pipeline.
pub async fn set_contacts(db: &impl ConnectionTrait, source: &str, html: &str) -> AppResult<()> {
    put(db, CONTACTS, source).await?;
    put(db, CONTACTS_HTML, html).await
}
