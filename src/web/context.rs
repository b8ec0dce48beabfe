//! The per-request context: who is asking (from the session), in which
//! language, with which flash messages. Loaded once by the [`load`]
//! middleware, which also turns errors into pages that know all of that.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::ops::Deref;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tower_sessions::Session;

use crate::accounts::{self, User};
use crate::error::AppError;
use crate::i18n;
use crate::state::AppState;
use crate::web::{csrf, errors};

pub const SESSION_COOKIE: &str = "veche_session";
const AUTH_KEY: &str = "auth";
const FLASH_KEY: &str = "flash";
const LANG_KEY: &str = "lang";
/// A signed-in session is written back at most this often just to keep it
/// alive, so reading pages does not turn into a write per request.
const TOUCH_EVERY_SECS: i64 = 300;

/// Who is signed in to this session, and since when.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Auth {
    user_id: i64,
    /// Must equal the member's `session_epoch`; bumping that ends every session.
    epoch: i32,
    signed_in_at: i64,
    seen_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flash {
    pub kind: String,
    pub key: String,
}

pub struct CtxData {
    pub user: Option<User>,
    pub locale: &'static str,
    pub session: Session,
    pub flash: Vec<Flash>,
    pub csrf_token: Option<String>,
    /// Path and query of this request, for "sign in and come back".
    pub path: String,
    pub site_name: String,
    pub client_ip: IpAddr,
    /// The staff tools this member may open, with what waits in them.
    pub staff: Option<StaffNav>,
    /// Unread notifications of the member (pages only).
    pub unread: u64,
}

/// Links to the tools of staff and editors in the header, with counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StaffNav {
    /// The review queue (qualified editors), and proposals waiting in it.
    pub review: bool,
    pub review_count: u64,
    /// The moderation queue (moderators), and flags, held posts and
    /// sign-ups waiting in it.
    pub moderation: bool,
    pub moderation_count: u64,
    /// The category admin (admins).
    pub admin: bool,
    /// Everything waiting, for the menu's badge.
    pub waiting: u64,
}

/// What the header offers `user`; only pages (GET) pay for the counts.
async fn staff_nav(state: &AppState, user: &User) -> Result<Option<StaffNav>, AppError> {
    use crate::policy::Action;
    let actor = user.actor();
    let mut nav = StaffNav::default();
    if state.policy.allows(&actor, Action::ReviewProposals) {
        nav.review = true;
        nav.review_count = crate::wiki::proposals::pending_count(&state.db).await?;
    }
    if state.policy.allows(&actor, Action::Moderate) {
        let scope = crate::moderation::scope(state.db.read(), user).await?;
        nav.moderation = true;
        nav.moderation_count = crate::moderation::queue::waiting(&state.db, scope.as_deref()).await?;
    }
    nav.admin = state.policy.allows(&actor, Action::ManageCategories);
    nav.waiting = nav.review_count + nav.moderation_count;
    Ok((nav.review || nav.moderation || nav.admin).then_some(nav))
}

/// Cheap to clone; extract it in handlers.
#[derive(Clone)]
pub struct Ctx(Arc<CtxData>);

impl Deref for Ctx {
    type Target = CtxData;
    fn deref(&self) -> &CtxData {
        &self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("context middleware not installed")))
    }
}

fn session_err(e: tower_sessions::session::Error) -> AppError {
    AppError::Internal(anyhow::anyhow!("session store: {e}"))
}

impl Ctx {
    /// The signed-in member, or `Unauthenticated` (which sends them to sign in).
    pub fn require_user(&self) -> Result<&User, AppError> {
        self.user.as_ref().ok_or(AppError::Unauthenticated)
    }

    /// Adds a message shown on the next page.
    pub async fn flash(&self, kind: &str, key: &str) -> Result<(), AppError> {
        let mut all: Vec<Flash> = self.session.get(FLASH_KEY).await.map_err(session_err)?.unwrap_or_default();
        all.push(Flash { kind: kind.into(), key: key.into() });
        self.session.insert(FLASH_KEY, all).await.map_err(session_err)
    }

    /// Signs `user` in: a new session id (no fixation), a new CSRF token.
    pub async fn sign_in(&self, user: &User) -> Result<(), AppError> {
        let lang: Option<String> = self.session.get(LANG_KEY).await.map_err(session_err)?;
        self.session.cycle_id().await.map_err(session_err)?;
        self.session.clear().await;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let auth = Auth { user_id: user.id, epoch: user.session_epoch, signed_in_at: now, seen_at: now };
        self.session.insert(AUTH_KEY, auth).await.map_err(session_err)?;
        if let Some(lang) = lang {
            self.session.insert(LANG_KEY, lang).await.map_err(session_err)?;
        }
        csrf::rotate(&self.session).await?;
        Ok(())
    }

    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.session.flush().await.map_err(session_err)
    }

    /// The CSRF token of this session, created if needed (pages with forms).
    pub async fn csrf(&self) -> Result<String, AppError> {
        csrf::token(&self.session).await
    }

    pub async fn set_session_locale(&self, locale: &str) -> Result<(), AppError> {
        self.session.insert(LANG_KEY, locale).await.map_err(session_err)
    }

    /// A copy with a CSRF token, for rendering a page that has forms.
    pub async fn with_csrf(&self) -> Result<Ctx, AppError> {
        let token = self.csrf().await?;
        Ok(Ctx(Arc::new(CtxData {
            user: self.user.clone(),
            locale: self.locale,
            session: self.session.clone(),
            flash: self.flash.clone(),
            csrf_token: Some(token),
            path: self.path.clone(),
            site_name: self.site_name.clone(),
            client_ip: self.client_ip,
            staff: self.staff.clone(),
            unread: self.unread,
        })))
    }
}

fn client_ip(state: &AppState, req: &Request) -> IpAddr {
    let header = &state.config.client_ip_header;
    if !header.is_empty()
        && let Some(ip) = req
            .headers()
            .get_all(header.as_str())
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .next_back()
    {
        return ip;
    }
    req.extensions().get::<ConnectInfo<SocketAddr>>().map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip())
}

fn negotiate_locale(
    state: &AppState,
    user: Option<&User>,
    session_lang: Option<&str>,
    headers: &HeaderMap,
) -> &'static str {
    user.and_then(|u| u.locale.as_deref())
        .or(session_lang)
        .and_then(i18n::parse_locale)
        .or_else(|| {
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(i18n::from_accept_language)
        })
        .or_else(|| i18n::parse_locale(&state.default_locale()))
        .unwrap_or("en")
}

async fn signed_in_user(state: &AppState, session: &Session) -> Result<Option<User>, AppError> {
    let Some(mut auth) = session.get::<Auth>(AUTH_KEY).await.map_err(session_err)? else {
        return Ok(None);
    };
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let absolute = i64::try_from(state.config.session_absolute_hours.saturating_mul(3600)).unwrap_or(i64::MAX);
    let user = accounts::find_by_id(state.db.read(), auth.user_id).await?;
    // The same rule as signing in: a ban, a suspension or a pending
    // approval ends the session.
    let valid =
        user.as_ref().is_some_and(|u| accounts::session_valid(u, auth.epoch)) && now - auth.signed_in_at < absolute;
    if !valid {
        session.flush().await.map_err(session_err)?;
        return Ok(None);
    }
    if now - auth.seen_at >= TOUCH_EVERY_SECS {
        auth.seen_at = now;
        session.insert(AUTH_KEY, auth).await.map_err(session_err)?;
    }
    Ok(user)
}

/// Middleware: builds the [`Ctx`] and renders error responses as pages.
pub async fn load(State(state): State<AppState>, session: Session, mut req: Request, next: Next) -> Response {
    let ip = client_ip(&state, &req);
    let path = req.uri().path_and_query().map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    let ctx = match build(&state, session, req.method().clone(), req.headers().clone(), path, ip).await {
        Ok(ctx) => ctx,
        Err(e) => return e.into_response(),
    };
    req.extensions_mut().insert(ctx.clone());
    let is_get = req.method() == Method::GET;
    let response = next.run(req).await;
    errors::render_if_error(&state, &ctx, is_get, response).await
}

async fn build(
    state: &AppState,
    session: Session,
    method: Method,
    headers: HeaderMap,
    path: String,
    client_ip: IpAddr,
) -> Result<Ctx, AppError> {
    let user = signed_in_user(state, &session).await?;
    let session_lang: Option<String> = session.get(LANG_KEY).await.map_err(session_err)?;
    let locale = negotiate_locale(state, user.as_ref(), session_lang.as_deref(), &headers);
    // Flash messages are shown by the next page view, not by form posts.
    let flash = if method == Method::GET {
        match session.get::<Vec<Flash>>(FLASH_KEY).await.map_err(session_err)? {
            Some(f) => {
                session.remove_value(FLASH_KEY).await.map_err(session_err)?;
                f
            }
            None => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let csrf_token = csrf::existing(&session).await?;
    let staff = match &user {
        Some(u) if method == Method::GET => staff_nav(state, u).await?,
        _ => None,
    };
    let unread = match &user {
        Some(u) if method == Method::GET => crate::notify::unread_count(state.db.read(), u.id).await?,
        _ => 0,
    };
    Ok(Ctx(Arc::new(CtxData {
        unread,
        user,
        locale,
        session,
        flash,
        csrf_token,
        path,
        site_name: state.config.site_name.clone(),
        client_ip,
        staff,
    })))
}

/// Where to send an anonymous visitor who needs to sign in.
pub fn login_redirect(path: &str) -> Response {
    let to = format!("/login?next={}", crate::web::views::encode_segment(path));
    (StatusCode::SEE_OTHER, Redirect::to(&to)).into_response()
}
