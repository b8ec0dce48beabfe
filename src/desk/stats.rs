//! Response times: per request, time to the first answer and to
//! resolution; per service, the median first response and the share
//! answered within the service's target.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use time::OffsetDateTime;

use super::{Service, minutes};
use crate::app::App;
use crate::entities::desk_requests;
use crate::error::AppResult;

/// The figures of one service.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ServiceStats {
    pub service_id: i64,
    /// Requests that had a first answer.
    pub answered: usize,
    /// Median minutes to the first answer.
    pub median_first_response: Option<i64>,
    /// Percent answered within the target (of those answered, plus those
    /// still waiting past it).
    pub within_target_percent: Option<i64>,
    pub median_resolution: Option<i64>,
    /// Requests the guides prevented.
    pub deflected: i64,
}

/// The median of `v` (the lower middle for an even count).
pub fn median(v: &mut [i64]) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    Some(v[(v.len() - 1) / 2])
}

type Times = (i64, OffsetDateTime, Option<OffsetDateTime>, Option<OffsetDateTime>);

/// Figures of `services`, from their requests (merged duplicates left out).
pub async fn for_services(app: &App, services: &[Service], now: OffsetDateTime) -> AppResult<Vec<ServiceStats>> {
    let ids: Vec<i64> = services.iter().map(|s| s.id).collect();
    let rows: Vec<Times> = if ids.is_empty() {
        Vec::new()
    } else {
        desk_requests::Entity::find()
            .select_only()
            .columns([
                desk_requests::Column::ServiceId,
                desk_requests::Column::CreatedAt,
                desk_requests::Column::FirstResponseAt,
                desk_requests::Column::ResolvedAt,
            ])
            .filter(desk_requests::Column::ServiceId.is_in(ids))
            .filter(desk_requests::Column::MergedInto.is_null())
            .into_tuple::<Times>()
            .all(app.db.read())
            .await?
    };
    Ok(services
        .iter()
        .map(|s| {
            let mine = rows.iter().filter(|r| r.0 == s.id);
            let mut first: Vec<i64> = mine.clone().filter_map(|r| r.2.map(|f| minutes(r.1, f))).collect();
            let overdue =
                mine.clone().filter(|r| r.2.is_none() && minutes(r.1, now) > i64::from(s.target_minutes)).count();
            let mut resolution: Vec<i64> = mine.filter_map(|r| r.3.map(|f| minutes(r.1, f))).collect();
            let within = first.iter().filter(|m| **m <= i64::from(s.target_minutes)).count();
            let counted = first.len() + overdue;
            let percent = (counted > 0).then(|| i64::try_from(within * 100 / counted).unwrap_or(0));
            ServiceStats {
                service_id: s.id,
                answered: first.len(),
                median_first_response: median(&mut first),
                within_target_percent: percent,
                median_resolution: median(&mut resolution),
                deflected: s.deflected,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_takes_the_lower_middle() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5]), Some(5));
        assert_eq!(median(&mut [40, 10, 20]), Some(20));
        assert_eq!(median(&mut [40, 10, 20, 30]), Some(20));
    }
}
