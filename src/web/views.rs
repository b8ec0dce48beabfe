//! Templates (tera, embedded in the binary) and the page context every
//! template gets.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::Context as _;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use crate::error::AppError;
use crate::i18n;
use crate::web::context::Ctx;

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),*]
    };
}

/// Every template, compiled into the binary so an installed `veche` needs no
/// files beside it.
const TEMPLATES: &[(&str, &str)] = templates![
    "base.html",
    "macros.html",
    "forum/_topic_list.html",
    "forum/_post.html",
    "forum/home.html",
    "forum/category.html",
    "forum/categories.html",
    "forum/topic.html",
    "forum/compose.html",
    "forum/history.html",
    "forum/admin_categories.html",
    "wiki/_tabs.html",
    "wiki/index.html",
    "wiki/all.html",
    "wiki/section.html",
    "wiki/sections.html",
    "wiki/article.html",
    "wiki/missing.html",
    "wiki/new.html",
    "wiki/edit.html",
    "wiki/source.html",
    "wiki/history.html",
    "wiki/diff.html",
    "wiki/changes.html",
    "wiki/links.html",
    "wiki/wanted.html",
    "wiki/move.html",
    "wiki/review.html",
    "wiki/proposal.html",
    "wiki/discussions.html",
    "mod/queue.html",
    "mod/log.html",
    "errors/error.html",
    "accounts/login.html",
    "accounts/register.html",
    "accounts/profile.html",
    "accounts/members.html",
    "accounts/settings.html",
    "desk/new.html",
    "desk/sent.html",
    "desk/confirm.html",
    "desk/track.html",
    "desk/request.html",
    "desk/home.html",
    "desk/contacts.html",
    "desk/queue.html",
    "desk/desk_request.html",
    "desk/admin.html",
    "desk/service.html",
    "desk/contacts_edit.html",
    "api/docs.html",
    "mail/queue.html",
    "search/_snippet.html",
    "search/search.html",
    "search/ask.html",
    "search/admin.html",
    "accounts/reset_request.html",
    "accounts/reset.html",
    "accounts/verify.html",
    "notify/_watch.html",
    "notify/list.html",
    "notify/settings.html",
    "notify/unsubscribe.html",
];

#[derive(Clone)]
pub struct Views(Arc<tera::Tera>);

impl Views {
    pub fn new() -> anyhow::Result<Self> {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(TEMPLATES.iter().copied()).context("parsing templates")?;
        tera.autoescape_on(vec![".html"]);
        tera.register_function("t", i18n::tera_function());
        tera.register_filter("path_segment", path_segment);
        tera.register_filter("urlencode_strict", path_segment);
        Ok(Self(Arc::new(tera)))
    }

    /// Renders a full page with status 200; `data` is the page's typed
    /// view model, its fields available at the top level of the template.
    pub fn page<T: Serialize>(&self, ctx: &Ctx, template: &str, data: &T) -> Result<Response, AppError> {
        self.page_with_status(StatusCode::OK, ctx, template, data)
    }

    pub fn page_with_status<T: Serialize>(
        &self,
        status: StatusCode,
        ctx: &Ctx,
        template: &str,
        data: &T,
    ) -> Result<Response, AppError> {
        let html = self.render(template, &page_context(ctx, data)?)?;
        Ok((status, Html(html)).into_response())
    }

    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, AppError> {
        self.0.render(template, context).map_err(|e| AppError::Internal(anyhow::anyhow!("rendering {template}: {e:?}")))
    }
}

#[derive(Serialize)]
struct Me<'a> {
    username: &'a str,
    role: &'a str,
    id: i64,
    /// False until the member opens the link mailed to their address.
    verified: bool,
}

#[derive(Serialize)]
struct FlashView {
    kind: String,
    text: String,
}

#[derive(Serialize)]
struct LocaleView {
    code: &'static str,
    name: String,
}

/// What every page template may use, beside the page's own view model.
#[derive(Serialize)]
struct Layout<'a> {
    lang: &'a str,
    site_name: &'a str,
    me: Option<Me<'a>>,
    csrf_token: Option<&'a str>,
    flash: Vec<FlashView>,
    path: &'a str,
    locales: Vec<LocaleView>,
    asset_version: &'a str,
    staff: Option<&'a crate::web::context::StaffNav>,
    /// The member's time zone for the browser to show times in; empty:
    /// the browser's own.
    time_zone: &'a str,
    /// Unread notifications, for the header.
    unread: u64,
}

/// A page's context: the layout and the page's own view model.
#[derive(Serialize)]
struct PageData<'a, T> {
    #[serde(flatten)]
    layout: Layout<'a>,
    /// After the layout, so a page's own key of the same name wins.
    #[serde(flatten)]
    data: &'a T,
}

/// The layout's values (`lang`, `site_name`, `me`, `csrf_token`, `flash`,
/// `path`, `locales`, `staff`) plus the page's own `data` keys at top level,
/// serialized once (converting the view model to a value and then
/// inserting each key copied every post's HTML twice per page).
pub fn page_context<T: Serialize>(ctx: &Ctx, data: &T) -> Result<tera::Context, AppError> {
    let layout = Layout {
        lang: ctx.locale,
        site_name: &ctx.site_name,
        me: ctx.user.as_ref().map(|u| Me {
            username: &u.username,
            role: &u.role,
            id: u.id,
            verified: u.email_verified,
        }),
        csrf_token: ctx.csrf_token.as_deref(),
        flash: ctx
            .flash
            .iter()
            .map(|f| FlashView { kind: f.kind.clone(), text: i18n::text(ctx.locale, &f.key, &[]) })
            .collect(),
        path: &ctx.path,
        locales: i18n::SUPPORTED
            .iter()
            .map(|l| LocaleView { code: l, name: i18n::text(l, "language-name", &[]) })
            .collect(),
        asset_version: crate::web::assets::version(),
        staff: ctx.staff.as_ref(),
        time_zone: ctx.user.as_ref().map_or("", |u| u.time_zone.as_str()),
        unread: ctx.unread,
    };
    tera::Context::from_serialize(PageData { layout, data })
        .map_err(|e| AppError::Internal(anyhow::anyhow!("view model: {e}")))
}

/// Percent-encodes one path segment (usernames, titles), UTF-8.
fn path_segment(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let s = value.as_str().ok_or_else(|| tera::Error::msg("path_segment expects a string"))?;
    Ok(Value::String(encode_segment(s)))
}

pub fn encode_segment(s: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// Messages per form field, in the reader's language (`form` for the
/// form as a whole).
pub type Messages = std::collections::BTreeMap<String, String>;

/// Renders localized messages for field errors.
pub fn field_messages(locale: &str, errors: &crate::error::FormErrors) -> Messages {
    errors.0.iter().map(|(field, e)| ((*field).to_owned(), e.text(locale))).collect()
}

/// What a form shows when the command refused it: the status, a message
/// per field, and how long to wait when over a limit.
pub struct Rejection {
    pub status: StatusCode,
    pub errors: Messages,
    pub retry_after: Option<u64>,
}

impl Rejection {
    /// Adds `Retry-After` to the re-rendered form when over a limit.
    pub fn finish(&self, mut res: Response) -> Response {
        if let Some(secs) = self.retry_after {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        res
    }
}

/// The refusals a form answers itself, with everything typed still in it:
/// invalid input, a policy refusal, a limit, a conflict. Anything else is
/// not a form's business and passes through.
pub fn rejection(locale: &str, e: AppError) -> Result<Rejection, AppError> {
    let one = |status, text: String| {
        let mut errors = Messages::new();
        errors.insert("form".into(), text);
        Ok(Rejection { status, errors, retry_after: None })
    };
    match e {
        AppError::Invalid(errors) => Ok(Rejection {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors: field_messages(locale, &errors),
            retry_after: None,
        }),
        AppError::Forbidden(d) => one(StatusCode::FORBIDDEN, crate::web::errors::denial_text(locale, &d)),
        AppError::Conflict(m) => one(StatusCode::CONFLICT, m.text(locale)),
        AppError::RateLimited { retry_after } => {
            let secs = retry_after.as_secs().max(1);
            let mut r = one(
                StatusCode::TOO_MANY_REQUESTS,
                i18n::text(locale, "error-rate-limited", &[("seconds", secs.to_string())]),
            )?;
            r.retry_after = Some(secs);
            Ok(r)
        }
        other => Err(other),
    }
}
