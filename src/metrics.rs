//! What an operator monitors, in the Prometheus/OpenMetrics text format:
//! requests by route and status with their latency, database pool use, the
//! events waiting for subscribers. Served apart from the site (the
//! `metrics_listen` address) and counted only when that is set, so a site
//! without monitoring pays nothing per request.

use std::sync::Arc;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::app::App;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: &'static str,
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SubscriberLabels {
    subscriber: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MailLabels {
    status: &'static str,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms … ~8 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 15))
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    pool: Family<PoolLabels, Gauge>,
    outbox: Family<SubscriberLabels, Gauge>,
    mail: Family<MailLabels, Gauge>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("veche");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests by route, method and status", requests.clone());
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        registry.register("http_request_duration_seconds", "Time to answer, by route", latency.clone());
        let pool = Family::<PoolLabels, Gauge>::default();
        registry.register("db_connections", "Database connections by pool and state", pool.clone());
        let outbox = Family::<SubscriberLabels, Gauge>::default();
        registry.register("events_pending", "Events a subscriber has not processed yet", outbox.clone());
        let mail = Family::<MailLabels, Gauge>::default();
        registry.register("mail_queue", "Mail not sent: waiting, being sent, or failed for good", mail.clone());
        Self { registry, requests, latency, pool, outbox, mail }
    }
}

impl Metrics {
    /// Counts one answered request. `route` is the route's pattern
    /// (`/t/{id}`), never the path, so the label set stays small.
    pub fn observe(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels { route: route.to_owned(), method: method.to_owned(), status })
            .inc();
        self.latency.get_or_create(&RouteLabels { route: route.to_owned() }).observe(seconds);
    }

    /// The current figures, in the text format.
    pub async fn render(&self, app: &App) -> String {
        for (name, conn) in [("read", app.db.read()), ("write", app.db.write())] {
            let (size, idle) = pool_use(conn);
            self.pool.get_or_create(&PoolLabels { pool: name, state: "idle" }).set(idle);
            self.pool.get_or_create(&PoolLabels { pool: name, state: "in_use" }).set(size - idle);
        }
        match crate::events::pending(app).await {
            Ok(list) => {
                for (sub, n) in list {
                    self.outbox.get_or_create(&SubscriberLabels { subscriber: sub.name() }).set(n);
                }
            }
            Err(e) => tracing::warn!(error = %e, "counting pending events failed"),
        }
        for status in [crate::mail::STATUS_QUEUED, crate::mail::STATUS_SENDING, crate::mail::STATUS_FAILED] {
            match mail_count(app, status).await {
                Ok(n) => self.mail.get_or_create(&MailLabels { status }).set(n),
                Err(e) => {
                    tracing::warn!(error = %e, "counting queued mail failed");
                    break;
                }
            };
        }
        let mut out = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::error!(error = %e, "encoding metrics failed");
        }
        out
    }
}

/// Messages in the mail queue with `status` (an index on status keeps
/// this cheap; sent mail is not counted).
async fn mail_count(app: &App, status: &str) -> Result<i64, sea_orm::DbErr> {
    use crate::entities::mail_queue;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let n = mail_queue::Entity::find().filter(mail_queue::Column::Status.eq(status)).count(app.db.read()).await?;
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

/// (connections, idle connections) of a pool.
fn pool_use(conn: &sea_orm::DatabaseConnection) -> (i64, i64) {
    match conn.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            let p = conn.get_postgres_connection_pool();
            (i64::from(p.size()), i64::try_from(p.num_idle()).unwrap_or(0))
        }
        _ => {
            let p = conn.get_sqlite_connection_pool();
            (i64::from(p.size()), i64::try_from(p.num_idle()).unwrap_or(0))
        }
    }
}

/// Shared by every clone of the application.
pub type SharedMetrics = Arc<Metrics>;
