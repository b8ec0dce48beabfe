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
    /// Searches (search, ask, suggestions) that may run at once; the rest
    /// wait their turn. Each holds its candidates' terms in memory (a few
    /// MiB at 100 000 posts), and on a few cores more at once only share
    /// the same CPU: unbounded, 32 concurrent searches took the server
    /// from 75 to over 200 MiB without answering any sooner.
    pub search_slots: Arc<tokio::sync::Semaphore>,
}

/// Concurrent searches per core (see [`App::search_slots`]).
const SEARCHES_PER_CORE: usize = 2;

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
            search_slots: Arc::new(tokio::sync::Semaphore::new(crate::util::cores() * SEARCHES_PER_CORE)),
            config: Arc::new(config),
            db,
        }
    }

    /// Waits for a search slot (see [`App::search_slots`]).
    pub async fn search_slot(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        // The semaphore is never closed; were it, searching unbounded is
        // better than refusing.
        self.search_slots.acquire().await.ok()
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
