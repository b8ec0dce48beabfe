//! The community BL: where no registrar or identity service has set a
//! member's BL, it follows what the member did here (see `CommunityBl`).
//! A BL set by hand or by sync wins until a registrar hands it back to the
//! formula.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QuerySelect, RelationTrait};

use sea_orm::{ConnectionTrait, DatabaseTransaction, QueryOrder, TransactionTrait};

use super::standing::{Source, StandingChange, apply};
use crate::config::CommunityBl;
use crate::db::Db;
use crate::entities::{posts, revisions, topics, users};
use crate::error::AppResult;

/// What the formula counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Activity {
    pub wiki_edits: i64,
    pub solutions: i64,
    pub likes: i64,
    pub months: i64,
}

/// BL = min(cap, edits × w + solutions × w + likes ÷ n + months × w).
pub fn formula(w: &CommunityBl, a: Activity) -> i32 {
    let points = a.wiki_edits * i64::from(w.per_wiki_edit)
        + a.solutions * i64::from(w.per_solution)
        + a.likes / i64::from(Ord::max(w.likes_per_point, 1))
        + a.months * i64::from(w.per_month);
    i32::try_from(points.clamp(0, i64::from(w.cap))).unwrap_or(w.cap)
}

pub async fn activity(db: &impl ConnectionTrait, user: &users::Model) -> AppResult<Activity> {
    let wiki_edits = revisions::Entity::find().filter(revisions::Column::AuthorId.eq(user.id)).count(db).await?;
    let solutions = topics::Entity::find()
        .join(
            JoinType::InnerJoin,
            topics::Relation::Posts.def().on_condition(|left, right| {
                Expr::col((left, topics::Column::SolvedPostId)).equals((right, posts::Column::Id)).into()
            }),
        )
        .filter(topics::Column::Deleted.eq(false))
        .filter(posts::Column::UserId.eq(user.id))
        .filter(posts::Column::Deleted.eq(false))
        .count(db)
        .await?;
    let likes: Option<i64> = posts::Entity::find()
        .select_only()
        .column_as(Expr::from(Func::cast_as(Func::sum(Expr::col(posts::Column::LikeCount)), Alias::new("bigint"))), "n")
        .filter(posts::Column::UserId.eq(user.id))
        .filter(posts::Column::Deleted.eq(false))
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    let months = (crate::util::now() - user.created_at).whole_days() / 30;
    Ok(Activity {
        wiki_edits: i64::try_from(wiki_edits).unwrap_or(i64::MAX),
        solutions: i64::try_from(solutions).unwrap_or(i64::MAX),
        likes: likes.unwrap_or(0),
        months,
    })
}

/// Brings a member's community BL up to date inside `txn` (an audit row
/// when it moves). Nothing happens for a BL set by hand or by sync.
pub async fn recompute(txn: &DatabaseTransaction, weights: &CommunityBl, user_id: i64) -> AppResult<()> {
    let Some(user) = super::find_by_id(txn, user_id).await? else { return Ok(()) };
    if user.bl_source != "community" {
        return Ok(());
    }
    let bl = formula(weights, activity(txn, &user).await?);
    if bl != user.bl {
        // The audit row is the record; no event, so this cannot feed itself.
        apply(txn, &user, StandingChange::CommunityBl(bl), "community formula", None, Source::Community).await?;
    }
    Ok(())
}

/// Recomputes every member whose BL follows the formula (`veche rebuild`).
pub async fn recompute_all(db: &Db, weights: &CommunityBl) -> AppResult<usize> {
    let ids: Vec<i64> = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::BlSource.eq("community"))
        .order_by_asc(users::Column::Id)
        .into_tuple::<i64>()
        .all(db.read())
        .await?;
    for chunk in ids.chunks(200) {
        let txn = db.write().begin().await?;
        for id in chunk {
            recompute(&txn, weights, *id).await?;
        }
        txn.commit().await?;
    }
    Ok(ids.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_weighs_and_caps() {
        let w = CommunityBl::default();
        assert_eq!(formula(&w, Activity::default()), 0);
        assert_eq!(
            formula(&w, Activity { wiki_edits: 3, solutions: 2, likes: 12, months: 4 }),
            3 * 2 + 2 * 3 + 12 / 5 + 4
        );
        assert_eq!(formula(&w, Activity { wiki_edits: 1000, ..Activity::default() }), w.cap);
    }
}
