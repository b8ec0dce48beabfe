//! The application as the domain sees it: the database, the configuration,
//! the rules, the limits and the event bus. Every command takes `&App` and
//! the actor; nothing here knows about HTTP.

use std::sync::Arc;

use crate::accounts::throttle::Throttle;
use crate::config::Config;
use crate::db::Db;
use crate::events::Bus;
use crate::metrics::Metrics;
use crate::policy::Policy;
use crate::site::Site;

#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub config: Arc<Config>,
    pub policy: Arc<Policy>,
    pub throttle: Arc<Throttle>,
    pub events: Bus,
    pub metrics: Arc<Metrics>,
    pub site: Site,
}

impl App {
    /// Connects to the database and applies migrations.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = Db::connect(&config).await?;
        db.migrate().await?;
        let site = Site::load(db.read()).await.map_err(|e| anyhow::anyhow!("reading site settings: {e}"))?;
        let mut app = Self::with_db(db, config);
        app.site = site;
        Ok(app)
    }

    pub fn with_db(db: Db, config: Config) -> Self {
        Self {
            policy: Arc::new(Policy::from_config(&config)),
            throttle: Arc::new(Throttle::new(&config)),
            events: Bus::default(),
            metrics: Arc::new(Metrics::default()),
            site: Site::default(),
            config: Arc::new(config),
            db,
        }
    }

    /// The language for visitors whose browser asks for none we have.
    pub fn default_locale(&self) -> String {
        self.site.get().default_locale.unwrap_or_else(|| self.config.default_locale.clone())
    }
}
