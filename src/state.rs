use std::sync::Arc;

use axum::extract::FromRef;

use crate::accounts::throttle::Throttle;
use crate::config::Config;
use crate::db::Db;
use crate::policy::Policy;
use crate::web::views::Views;

/// Everything a request handler may need, cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub policy: Arc<Policy>,
    pub views: Views,
    pub throttle: Arc<Throttle>,
}

impl AppState {
    /// Connects to the database, applies migrations and loads templates.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = Db::connect(&config).await?;
        db.migrate().await?;
        Ok(Self {
            db,
            policy: Arc::new(Policy::from_config(&config)),
            views: Views::new()?,
            throttle: Arc::new(Throttle::new(&config)),
            config: Arc::new(config),
        })
    }
}
