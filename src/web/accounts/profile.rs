//! A member's page, with the staff panels: standing (registrars, admins),
//! role (admins), sanctions (moderators). Each panel calls one command.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::accounts::standing::{self, StandingInput};
use crate::accounts::{self, SanctionKind};
use crate::error::AppError;
use crate::i18n;
use crate::policy::{Action, Role};
use crate::state::AppState;
use crate::web::context::Ctx;
use crate::web::errors::certificate_name;
use crate::web::views::{Messages, encode_segment, rejection};

fn date(t: &time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    t.format(&f).unwrap_or_default()
}

#[derive(Serialize)]
struct HistoryRow {
    field: String,
    old: String,
    new: String,
    reason: String,
    source: String,
    actor: Option<String>,
    at: String,
}

#[derive(Serialize)]
struct LadderStep {
    key: String,
    name: String,
}

#[derive(Serialize)]
struct SanctionView {
    kind: SanctionKind,
    name: String,
    until: Option<String>,
    reason: String,
}

#[derive(Serialize)]
struct BookmarkView {
    href: String,
    title: String,
    number: i32,
}

#[derive(Serialize)]
struct ProfileView {
    username: String,
    joined: String,
    role: String,
    role_name: String,
    moderated_categories: String,
    certificate: String,
    certificate_name: String,
    bl: i32,
    bl_source: String,
    bl_source_name: String,
}

/// What the standing panel sent, kept when it comes back with messages.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub(super) struct StandingForm {
    #[serde(default)]
    certificate: String,
    #[serde(default)]
    bl: String,
    /// `manual` or `community`.
    #[serde(default)]
    bl_mode: String,
    #[serde(default)]
    reason: String,
}

/// The standing panel's fields as sent; absent (so the template falls back
/// to the member's current values) until a refused form comes back.
#[derive(Serialize, Default)]
struct StaffFormView {
    #[serde(skip_serializing_if = "Option::is_none")]
    certificate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bl: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bl_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

impl From<Option<StandingForm>> for StaffFormView {
    fn from(f: Option<StandingForm>) -> Self {
        match f {
            None => Self::default(),
            Some(f) => Self {
                certificate: Some(f.certificate),
                bl: Some(f.bl),
                bl_mode: Some(f.bl_mode),
                reason: Some(f.reason),
            },
        }
    }
}

#[derive(Serialize)]
struct ActivityItem {
    title: String,
    href: String,
    number: i32,
    at: String,
    iso: String,
}

#[derive(Serialize, Default)]
struct Activity {
    topics: Vec<ActivityItem>,
    replies: Vec<ActivityItem>,
    edits: Vec<ActivityItem>,
}

#[derive(Serialize)]
struct ProfilePage {
    activity: Activity,
    sanctions: Vec<SanctionView>,
    can_sanction: bool,
    proposals: Vec<crate::web::wiki::ProposalRowView>,
    can_manage_standing: bool,
    can_manage_roles: bool,
    ladder: Vec<LadderStep>,
    roles: Vec<&'static str>,
    staff_form: StaffFormView,
    errors: Messages,
    bookmarks: Vec<BookmarkView>,
    profile: ProfileView,
    is_self: bool,
    history: Vec<HistoryRow>,
    show_history: bool,
}

pub(super) async fn profile(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(username): Path<String>,
) -> Result<Response, AppError> {
    profile_page(&state, &ctx, &username, StatusCode::OK, None, Messages::new()).await
}

async fn profile_page(
    state: &AppState,
    ctx: &Ctx,
    username: &str,
    status: StatusCode,
    staff_form: Option<StandingForm>,
    errors: Messages,
) -> Result<Response, AppError> {
    let user = accounts::find_by_username(state.db.read(), username).await?.ok_or(AppError::NotFound)?;
    let locale = ctx.locale;
    let may = |action| ctx.user.as_ref().is_some_and(|u| state.policy.allows(&u.actor(), action));
    let is_self = ctx.user.as_ref().is_some_and(|u| u.id == user.id);
    let is_registrar = may(Action::ManageStanding);
    let history = if is_self || is_registrar {
        standing::standing_history(&state.db, user.id, 50)
            .await?
            .into_iter()
            .map(|c| {
                let show = |v: &str| if c.field == "certificate" { certificate_name(locale, v) } else { v.to_owned() };
                HistoryRow {
                    field: i18n::text(locale, &format!("standing-field-{}", c.field), &[]),
                    old: show(&c.old_value),
                    new: show(&c.new_value),
                    reason: c.reason.clone(),
                    source: i18n::text(locale, &format!("standing-source-{}", c.source), &[]),
                    actor: c.actor.clone(),
                    at: crate::util::datetime(&c.created_at),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let is_admin = may(Action::ManageRoles);
    let proposals = if is_self {
        crate::web::wiki::proposal_rows(locale, &crate::wiki::proposals::of_author(&state.db, user.id, 50).await?)
    } else {
        Vec::new()
    };
    let ladder = state
        .policy
        .ladder()
        .iter()
        .map(|l| LadderStep { key: l.key.clone(), name: certificate_name(locale, &l.key) })
        .collect();
    let bookmarks = if is_self {
        crate::forum::posts::bookmarks_of(&state.db, user.id, 50)
            .await?
            .into_iter()
            .map(|b| BookmarkView { href: format!("/p/{}", b.post_id), title: b.title, number: b.post_number })
            .collect()
    } else {
        Vec::new()
    };
    let is_moderator = !is_self && may(Action::Moderate);
    let sanctions = if is_self || is_moderator {
        SanctionKind::ALL
            .into_iter()
            .filter_map(|k| accounts::active(&user, k))
            .map(|s| SanctionView {
                kind: s.kind,
                name: i18n::text(locale, &format!("sanction-kind-{}", s.kind.as_str()), &[]),
                until: s.until.map(|t| crate::util::datetime(&t)),
                reason: s.reason,
            })
            .collect()
    } else {
        Vec::new()
    };
    let me = ctx.user.as_ref();
    let posts = |opening| crate::forum::posts::activity_of(&state.db, &state.policy, me, user.id, opening, 10);
    let item = |a: crate::forum::posts::ActivityRow| ActivityItem {
        href: crate::web::forum::post_href(a.topic_id, a.post_number),
        title: a.title,
        number: a.post_number,
        at: crate::util::datetime(&a.created_at),
        iso: crate::util::rfc3339(&a.created_at),
    };
    let activity = Activity {
        topics: posts(true).await?.into_iter().map(item).collect(),
        replies: posts(false).await?.into_iter().map(item).collect(),
        edits: crate::wiki::edits_of(&state.db, user.id, 10)
            .await?
            .into_iter()
            .map(|r| ActivityItem {
                href: format!("{}?rev={}", crate::title::Title::stored_href(&r.title), r.id),
                title: r.title,
                number: 0,
                at: crate::util::datetime(&r.created_at),
                iso: crate::util::rfc3339(&r.created_at),
            })
            .collect(),
    };
    let page = ProfilePage {
        activity,
        sanctions,
        can_sanction: is_moderator,
        proposals,
        can_manage_standing: is_registrar && !is_self,
        can_manage_roles: is_admin && !is_self,
        ladder,
        roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
        staff_form: staff_form.into(),
        errors,
        bookmarks,
        profile: ProfileView {
            username: user.username.clone(),
            joined: date(&user.created_at),
            role: user.role.clone(),
            role_name: i18n::text(locale, &format!("role-{}", user.role), &[]),
            moderated_categories: user.moderated_categories.clone(),
            certificate: user.certificate.clone(),
            certificate_name: certificate_name(locale, &user.certificate),
            bl: user.bl,
            bl_source: user.bl_source.clone(),
            bl_source_name: i18n::text(locale, &format!("bl-source-{}", user.bl_source), &[]),
        },
        is_self,
        history,
        show_history: is_self || is_registrar,
    };
    let ctx = if is_registrar || is_admin || is_moderator { ctx.with_csrf().await? } else { ctx.clone() };
    state.views.page_with_status(status, &ctx, "accounts/profile.html", &page)
}

/// The staff panel: registrars and admins set certificate level and BL,
/// always with a reason; every change is an audit row.
pub(super) async fn set_standing(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(username): Path<String>,
    Form(f): Form<StandingForm>,
) -> Result<Response, AppError> {
    let me = ctx.require_user()?.clone();
    let input = StandingInput {
        certificate: f.certificate.clone(),
        bl: f.bl.trim().parse::<i32>().ok(),
        community: f.bl_mode == "community",
        reason: f.reason.clone(),
    };
    match standing::set_standing(&state, &me, &username, &input).await {
        Ok(()) => {
            ctx.flash("ok", "flash-standing-saved").await?;
            Ok(Redirect::to(&format!("/u/{}", encode_segment(&username))).into_response())
        }
        Err(e @ AppError::Invalid(_)) => {
            let r = rejection(ctx.locale, e)?;
            profile_page(&state, &ctx, &username, r.status, Some(f), r.errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RoleForm {
    /// For moderators: the category slugs they look after (empty: all).
    #[serde(default)]
    categories: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    reason: String,
}

pub(super) async fn set_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(username): Path<String>,
    Form(f): Form<RoleForm>,
) -> Result<Response, AppError> {
    let me = ctx.require_user()?.clone();
    let role = Role::parse(&f.role).ok_or_else(|| AppError::bad_request("err-role-unknown"))?;
    standing::set_role(&state, &me, &username, role, &f.categories, &f.reason).await?;
    ctx.flash("ok", "flash-standing-saved").await?;
    Ok(Redirect::to(&format!("/u/{}", encode_segment(&username))).into_response())
}
