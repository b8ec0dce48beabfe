//! The application as the domain sees it: the database, the configuration,
//! the rules, the limits and the event bus. Every command takes `&App` and
//! the actor; nothing here knows about HTTP.

use std::sync::Arc;

use crate::accounts::throttle::Throttle;
use crate::config::Config;
use crate::db::Db;
use crate::events::Bus;
use crate::markdown::images::ImagePolicy;
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
    /// Which images rendered text may show (from `public_url` and `image_hosts`).
    pub images: Arc<ImagePolicy>,
    /// Guide reads counted in this process, written now and then.
    pub reads: Arc<crate::wiki::reads::ViewCounts>,
    /// Search document frequencies counted in this process, forgotten
    /// whenever the search subscriber commits.
    pub search_df: Arc<crate::search::engine::DfMemo>,
}

impl App {
    /// Connects to the database, applies migrations and the upkeep that
    /// follows them (`upkeep`).
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = Db::connect(&config).await?;
        db.migrate().await?;
        let site = Site::load(db.read()).await.map_err(|e| anyhow::anyhow!("reading site settings: {e}"))?;
        let mut app = Self::with_db(db, config);
        app.site = site;
        crate::upkeep::run(&app.db, app.images.clone()).await?;
        crate::search::index::ensure_current(&app.db).await?;
        Ok(app)
    }

    pub fn with_db(db: Db, config: Config) -> Self {
        Self {
            policy: Arc::new(Policy::from_config(&config)),
            throttle: Arc::new(Throttle::new(&config)),
            events: Bus::default(),
            metrics: Arc::new(Metrics::default()),
            site: Site::default(),
            images: Arc::new(ImagePolicy::new(config.public_host(), &config.image_hosts)),
            reads: Arc::default(),
            search_df: Arc::default(),
            config: Arc::new(config),
            db,
        }
    }

    /// The language for visitors whose browser asks for none we have.
    pub fn default_locale(&self) -> String {
        self.site.get().default_locale.unwrap_or_else(|| self.config.default_locale.clone())
    }

    /// Runs `f` (a command that renders Markdown) with the configured image policy.
    pub async fn rendering<F: std::future::Future>(&self, f: F) -> F::Output {
        crate::markdown::images::with_policy(self.images.clone(), f).await
    }
}
