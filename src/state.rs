use std::ops::Deref;

use axum::extract::FromRef;

use crate::app::App;
use crate::config::Config;
use crate::web::views::Views;

/// What a request handler may need, cheap to clone: the application (the
/// domain's services) and the templates.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub app: App,
    pub views: Views,
}

impl AppState {
    /// Connects to the database, applies migrations and loads templates.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Ok(Self { app: App::build(config).await?, views: Views::new()? })
    }
}

impl Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}
