//! Notifications by mail: one message per notification a while after it
//! happened (unless the member read it in the site by then), and a daily
//! digest of the rest. Every message carries a one-click unsubscribe link
//! (`List-Unsubscribe`, `List-Unsubscribe-Post`) signed for the member and
//! the kind, so it needs no sign-in.

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

use super::{MODE_OFF, render};
use crate::app::App;
use crate::entities::{notifications, site_settings, users};
use crate::error::AppResult;

const KEY_SETTING: &str = "mail_signing_key";

/// The site's key for signing unsubscribe links, made on first use and
/// kept in the database so every instance signs alike.
async fn signing_key(db: &impl ConnectionTrait) -> AppResult<Vec<u8>> {
    if let Some(row) = site_settings::Entity::find_by_id(KEY_SETTING.to_owned()).one(db).await? {
        return Ok(row.value.into_bytes());
    }
    let (fresh, _) = crate::accounts::tokens::generate()?;
    site_settings::Entity::insert(site_settings::ActiveModel { key: Set(KEY_SETTING.into()), value: Set(fresh) })
        .on_conflict(OnConflict::column(site_settings::Column::Key).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    let row = site_settings::Entity::find_by_id(KEY_SETTING.to_owned()).one(db).await?;
    Ok(row.map(|r| r.value.into_bytes()).unwrap_or_default())
}

/// HMAC-SHA-256 (RFC 2104).
fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |b: u8| block.iter().map(|k| k ^ b).collect::<Vec<u8>>();
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
}

fn signature(key: &[u8], user: i64, kind: &str) -> String {
    hmac(key, format!("unsubscribe:{user}:{kind}").as_bytes())[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The token of an unsubscribe link: `{user}.{kind}.{signature}`.
pub async fn unsubscribe_token(db: &impl ConnectionTrait, user: i64, kind: &str) -> AppResult<String> {
    let key = signing_key(db).await?;
    Ok(format!("{user}.{kind}.{}", signature(&key, user, kind)))
}

/// The member and kind a token names, if its signature is right.
pub async fn check_token(db: &impl ConnectionTrait, token: &str) -> AppResult<Option<(i64, String)>> {
    let mut parts = token.splitn(3, '.');
    let (Some(user), Some(kind), Some(sig)) = (parts.next(), parts.next(), parts.next()) else { return Ok(None) };
    let Ok(user) = user.parse::<i64>() else { return Ok(None) };
    if !super::KINDS.contains(&kind) {
        return Ok(None);
    }
    let key = signing_key(db).await?;
    let ok: bool = signature(&key, user, kind).as_bytes().ct_eq(sig.as_bytes()).into();
    Ok(ok.then(|| (user, kind.to_owned())))
}

/// Command: one-click unsubscribe; `false` for a link that is not ours.
pub async fn unsubscribe(app: &App, token: &str) -> AppResult<bool> {
    let Some((user, kind)) = check_token(app.db.read(), token).await? else { return Ok(false) };
    if users::Entity::find_by_id(user).one(app.db.read()).await?.is_none() {
        return Ok(false);
    }
    let txn = app.db.write().begin().await?;
    super::set_mode(&txn, user, &kind, MODE_OFF).await?;
    // What waits to be mailed of that kind is not mailed either.
    notifications::Entity::update_many()
        .col_expr(notifications::Column::EmailState, Expr::value("none"))
        .filter(notifications::Column::UserId.eq(user))
        .filter(notifications::Column::Kind.eq(kind.clone()))
        .filter(notifications::Column::EmailState.is_in(["pending", "digest"]))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!(user, kind = %kind, "unsubscribed by a mailed link");
    Ok(true)
}

async fn headers(
    app: &App,
    db: &impl ConnectionTrait,
    user: i64,
    kind: &str,
) -> AppResult<(Vec<(String, String)>, String)> {
    let token = unsubscribe_token(db, user, kind).await?;
    let one_click = crate::mail::absolute(&app.config, &format!("/mail/unsubscribe/{token}"));
    let page = format!("/unsubscribe/{token}");
    Ok((
        vec![
            ("List-Unsubscribe".into(), format!("<{one_click}>")),
            ("List-Unsubscribe-Post".into(), "List-Unsubscribe=One-Click".into()),
        ],
        page,
    ))
}

/// Mails every notification whose time has come and that its member has
/// not read in the site meanwhile; returns how many mails were queued.
/// Each notification is claimed by a conditional update, so several
/// instances never mail one twice.
pub async fn send_due(app: &App) -> AppResult<usize> {
    let now = crate::util::now();
    let due = notifications::Entity::find()
        .filter(notifications::Column::EmailState.eq("pending"))
        .filter(notifications::Column::EmailDueAt.lte(now))
        .order_by_asc(notifications::Column::Id)
        .limit(200)
        .all(app.db.write())
        .await?;
    let mut queued = 0;
    for n in due {
        let txn = app.db.write().begin().await?;
        // Write first: the claim takes the write lock before anything is read.
        let claimed = notifications::Entity::update_many()
            .col_expr(notifications::Column::EmailState, Expr::value("sent"))
            .filter(notifications::Column::Id.eq(n.id))
            .filter(notifications::Column::EmailState.eq("pending"))
            .filter(notifications::Column::ReadAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected;
        if claimed != 1 {
            // Read in the site meanwhile (or taken by another instance).
            notifications::Entity::update_many()
                .col_expr(notifications::Column::EmailState, Expr::value("seen"))
                .filter(notifications::Column::Id.eq(n.id))
                .filter(notifications::Column::EmailState.eq("pending"))
                .exec(&txn)
                .await?;
            txn.commit().await?;
            continue;
        }
        let Some(fresh) = notifications::Entity::find_by_id(n.id).one(&txn).await? else {
            txn.commit().await?;
            continue;
        };
        let Some(user) = users::Entity::find_by_id(n.user_id).one(&txn).await? else {
            txn.commit().await?;
            continue;
        };
        let locale = crate::accounts::reset::mail_locale(app, &user);
        let Some(shown) = render(app, &user, vec![fresh], &locale).await?.pop() else {
            // About something the member can no longer see: nothing to tell.
            txn.commit().await?;
            continue;
        };
        let (headers, unsubscribe) = headers(app, &txn, user.id, &n.kind).await?;
        let mut paragraphs = vec![shown.text.clone()];
        if !shown.note.is_empty() {
            paragraphs.push(shown.note.clone());
        }
        let kind_name = crate::i18n::text(&locale, &format!("notify-kind-{}", n.kind), &[]);
        paragraphs.push(crate::i18n::text(
            &locale,
            "mail-notify-why",
            &[("kind", kind_name), ("link", crate::mail::absolute(&app.config, &unsubscribe))],
        ));
        let link =
            (crate::i18n::text(&locale, "mail-notify-action", &[]), crate::mail::absolute(&app.config, &shown.href));
        let footer = crate::i18n::text(&locale, "mail-footer", &[("site", app.config.site_name.clone())]);
        let subject = crate::i18n::text(
            &locale,
            "mail-notify-subject",
            &[("site", app.config.site_name.clone()), ("text", shown.text.clone())],
        );
        let mail = crate::mail::Mail {
            kind: "mail-notify".into(),
            to: user.email.clone(),
            text: crate::mail::plain(&paragraphs, Some(&link), &footer),
            html: crate::mail::html(&subject, &paragraphs, Some(&link), &footer),
            subject,
            headers,
        };
        crate::mail::enqueue(&txn, mail).await?;
        txn.commit().await?;
        queued += 1;
    }
    Ok(queued)
}

/// Mails each member one digest of their unread digest notifications made
/// before `before` (the worker passes the start of the current day, so a
/// digest goes out once a day; tests pass now). Returns how many digests.
pub async fn send_digests(app: &App, before: OffsetDateTime) -> AppResult<usize> {
    let members: Vec<i64> = notifications::Entity::find()
        .select_only()
        .column(notifications::Column::UserId)
        .distinct()
        .filter(notifications::Column::EmailState.eq("digest"))
        .filter(notifications::Column::CreatedAt.lt(before))
        .into_tuple::<i64>()
        .all(app.db.write())
        .await?;
    let mut sent = 0;
    for member in members {
        let txn = app.db.write().begin().await?;
        let rows = notifications::Entity::find()
            .filter(notifications::Column::UserId.eq(member))
            .filter(notifications::Column::EmailState.eq("digest"))
            .filter(notifications::Column::CreatedAt.lt(before))
            .order_by_asc(notifications::Column::Id)
            .all(&txn)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let claimed = notifications::Entity::update_many()
            .col_expr(notifications::Column::EmailState, Expr::value("sent"))
            .filter(notifications::Column::Id.is_in(ids.clone()))
            .filter(notifications::Column::EmailState.eq("digest"))
            .exec(&txn)
            .await?
            .rows_affected;
        if claimed != ids.len() as u64 {
            // Another instance is on it.
            txn.rollback().await?;
            continue;
        }
        let unread: Vec<_> = rows.into_iter().filter(|r| r.read_at.is_none()).collect();
        let Some(user) = users::Entity::find_by_id(member).one(&txn).await? else {
            txn.commit().await?;
            continue;
        };
        let locale = crate::accounts::reset::mail_locale(app, &user);
        let shown = render(app, &user, unread, &locale).await?;
        if shown.is_empty() {
            txn.commit().await?;
            continue;
        }
        let (headers, unsubscribe) = headers(app, &txn, user.id, "watched-reply").await?;
        let mut paragraphs =
            vec![crate::i18n::text(&locale, "mail-digest-intro", &[("count", shown.len().to_string())])];
        for s in &shown {
            paragraphs.push(format!("• {}\n  {}", s.text, crate::mail::absolute(&app.config, &s.href)));
        }
        paragraphs.push(crate::i18n::text(
            &locale,
            "mail-digest-why",
            &[("link", crate::mail::absolute(&app.config, &unsubscribe))],
        ));
        let link =
            (crate::i18n::text(&locale, "mail-notify-all", &[]), crate::mail::absolute(&app.config, "/notifications"));
        let footer = crate::i18n::text(&locale, "mail-footer", &[("site", app.config.site_name.clone())]);
        let subject = crate::i18n::text(
            &locale,
            "mail-digest-subject",
            &[("site", app.config.site_name.clone()), ("count", shown.len().to_string())],
        );
        let mail = crate::mail::Mail {
            kind: "mail-digest".into(),
            to: user.email.clone(),
            text: crate::mail::plain(&paragraphs, Some(&link), &footer),
            html: crate::mail::html(&subject, &paragraphs, Some(&link), &footer),
            subject,
            headers,
        };
        crate::mail::enqueue(&txn, mail).await?;
        txn.commit().await?;
        sent += 1;
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let mac = hmac(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
