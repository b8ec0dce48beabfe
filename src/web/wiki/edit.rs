//! Editing guides: the editor (a proposal form for members below the bar),
//! conflicts that keep the editor's text, renaming and protecting.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::{canonical, found_or_404, parse_title, title_error_key};
use crate::error::{AppError, FormErrors};
use crate::i18n;
use crate::policy::{Action, Decision};
use crate::state::AppState;
use crate::title::Title;
use crate::web::context::Ctx;
use crate::web::errors::denial_text;
use crate::web::views::{Messages, field_messages, rejection};
use crate::wiki::{self, Edit, Edited, Saved};

#[derive(Serialize, Default, Clone)]
struct EditForm {
    /// The title, editable when a guide is made from a topic.
    title: String,
    body: String,
    /// The revision the editor started from (empty when creating).
    base: String,
    summary: String,
    minor: bool,
    source_topic: Option<i64>,
    /// Other titles for search, one per line.
    aliases: String,
    /// The sections the guide is filed in, comma-separated.
    sections: String,
}

#[derive(Serialize)]
struct Conflict {
    current_body: String,
    current_id: i64,
    diff: Vec<crate::diff::DiffLine>,
}

#[derive(Serialize)]
struct EditPage {
    title: String,
    href: String,
    creating: bool,
    form: EditForm,
    errors: Messages,
    preview: Option<String>,
    conflict: Option<Conflict>,
    /// Why the member may not save directly (or what refused the save).
    reason: Option<String>,
    propose: bool,
    max_body: usize,
}

struct Shown {
    status: StatusCode,
    form: EditForm,
    errors: Messages,
    preview: Option<String>,
    conflict: Option<Conflict>,
    reason: Option<String>,
    propose: bool,
}

async fn edit_page(state: &AppState, ctx: &Ctx, title: &Title, creating: bool, s: Shown) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let page = EditPage {
        title: title.as_str().to_owned(),
        href: title.href(),
        creating,
        form: s.form,
        errors: s.errors,
        preview: s.preview,
        conflict: s.conflict,
        reason: s.reason,
        propose: s.propose,
        max_body: state.config.max_article_chars,
    };
    state.views.page_with_status(s.status, &ctx, "wiki/edit.html", &page)
}

/// A protected guide's text, read-only, for those who may not edit it.
#[derive(Serialize)]
struct SourcePage {
    title: String,
    href: String,
    body: String,
    reason: String,
    protect_reason: String,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct EditQuery {
    from_topic: Option<String>,
}

/// The start of a guide made from a solved topic: the question, the
/// solution, who wrote them, and a link back.
async fn guide_from_topic(state: &AppState, locale: &str, topic_id: i64) -> Result<(String, String), AppError> {
    let pair = crate::forum::posts::solved_pair(state.db.read(), topic_id).await?;
    let href = crate::web::forum::topic_href(pair.topic.id, &pair.topic.title);
    let body = format!(
        "{}\n\n## {}\n\n{}\n\n---\n\n*{} [{}]({href}). {}: @{}, @{}.*\n",
        pair.question.trim(),
        i18n::text(locale, "guide-from-topic-solution", &[]),
        pair.answer.trim(),
        i18n::text(locale, "guide-from-topic-source", &[]),
        pair.topic.title,
        i18n::text(locale, "guide-from-topic-authors", &[]),
        pair.asker,
        pair.solver,
    );
    let summary = i18n::text(locale, "guide-from-topic-summary", &[("title", pair.topic.title.clone())]);
    Ok((body, summary))
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<EditQuery>,
) -> Result<Response, AppError> {
    let title = parse_title(&raw)?;
    if let Some(r) = canonical(&raw, &title, "/edit", "") {
        return Ok(r);
    }
    ctx.require_user()?;
    let found = wiki::find(state.db.read(), &title).await?;
    if let Some(f) = &found
        && f.redirected_from.is_some()
    {
        let t = Title::parse(&f.article.title).map_err(|_| AppError::NotFound)?;
        return Ok(Redirect::to(&format!("{}/edit", t.href())).into_response());
    }
    let article = found.map(|f| f.article);
    let decision = wiki::edit_decision(&state.policy, ctx.user.as_ref(), article.as_ref());
    let (propose, reason) = match &decision {
        Decision::Allow => (false, None),
        Decision::Propose(d) => (true, Some(denial_text(ctx.locale, d))),
        Decision::Deny(d) if d.reason == crate::policy::DenyReason::Protected => {
            // Not an edit tab that leads to a refusal: the text to read and copy.
            let Some(a) = &article else { return Err(AppError::Forbidden(d.clone())) };
            let cur = wiki::current(state.db.read(), a).await?;
            let page = SourcePage {
                title: title.as_str().to_owned(),
                href: title.href(),
                body: cur.body,
                reason: denial_text(ctx.locale, d),
                protect_reason: a.protect_reason.clone(),
            };
            return state.views.page(&ctx, "wiki/source.html", &page);
        }
        Decision::Deny(d) => return Err(AppError::Forbidden(d.clone())),
    };
    let form = match &article {
        Some(a) => {
            let cur = wiki::current(state.db.read(), a).await?;
            let sections = wiki::sections::form_text(&wiki::sections::of_article(state.db.read(), a.id).await?);
            EditForm {
                body: cur.body,
                base: cur.id.to_string(),
                aliases: a.aliases.clone(),
                sections,
                ..EditForm::default()
            }
        }
        None => match q.from_topic.as_deref().and_then(|s| s.parse::<i64>().ok()) {
            // "Turn into a guide": the question and its solution, credited, linked back.
            Some(topic) => {
                let (body, summary) = guide_from_topic(&state, ctx.locale, topic).await?;
                EditForm {
                    body,
                    summary,
                    source_topic: Some(topic),
                    title: title.as_str().to_owned(),
                    ..EditForm::default()
                }
            }
            None => EditForm::default(),
        },
    };
    let shown =
        Shown { status: StatusCode::OK, form, errors: Messages::new(), preview: None, conflict: None, reason, propose };
    edit_page(&state, &ctx, &title, article.is_none(), shown).await
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct EditFormIn {
    #[serde(default)]
    body: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    minor: String,
    #[serde(default)]
    base: String,
    #[serde(default)]
    preview: String,
    /// "Turn into a guide": the solved topic this guide comes from.
    #[serde(default)]
    source_topic: String,
    /// "Turn into a guide": the title the editor chose for it.
    #[serde(default)]
    new_title: String,
    /// Absent from forms that do not show it: the aliases stay.
    #[serde(default)]
    aliases: Option<String>,
    /// Absent from forms that do not show it: the sections stay.
    #[serde(default)]
    sections: Option<String>,
}

pub(super) async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(f): Form<EditFormIn>,
) -> Result<Response, AppError> {
    let mut title = parse_title(&raw)?;
    let user = ctx.require_user()?.clone();
    let base = match f.base.trim() {
        "" => None,
        b => Some(b.parse::<i64>().map_err(|_| AppError::bad_request("err-form-damaged"))?),
    };
    let creating = base.is_none();
    let source_topic = f.source_topic.trim().parse::<i64>().ok();
    let form = EditForm {
        title: if f.new_title.is_empty() { title.as_str().to_owned() } else { f.new_title.clone() },
        body: f.body.clone(),
        base: f.base.clone(),
        summary: f.summary.clone(),
        minor: !f.minor.is_empty(),
        source_topic,
        aliases: f.aliases.clone().unwrap_or_default(),
        sections: f.sections.clone().unwrap_or_default(),
    };
    // A guide made from a topic may get another title before it is saved.
    if creating && !f.new_title.trim().is_empty() && f.new_title.trim() != title.as_str() {
        let chosen = match Title::parse(&f.new_title) {
            Ok(t) if wiki::find(state.db.read(), &t).await?.is_none() => Ok(t),
            Ok(_) => Err(FormErrors::one("title", "err-title-taken")),
            Err(e) => Err(FormErrors::one("title", title_error_key(&e))),
        };
        match chosen {
            Ok(t) => title = t,
            Err(errors) => {
                let shown = Shown {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    form,
                    errors: field_messages(ctx.locale, &errors),
                    preview: None,
                    conflict: None,
                    reason: None,
                    propose: false,
                };
                return edit_page(&state, &ctx, &title, true, shown).await;
            }
        }
    }
    let article = wiki::find(state.db.read(), &title).await?.map(|f| f.article);
    let decision = wiki::edit_decision(&state.policy, Some(&user), article.as_ref());
    let propose = matches!(decision, Decision::Propose(_));
    let note = match &decision {
        Decision::Propose(d) => Some(denial_text(ctx.locale, d)),
        _ => None,
    };
    let shown = |status, errors: Messages, preview, conflict, form: EditForm| {
        let mut errors = errors;
        let reason = errors.remove("form").or_else(|| note.clone());
        Shown { status, form, errors, preview, conflict, reason, propose }
    };
    if !f.preview.is_empty() {
        let html = crate::crosslinks::preview(&state.db, &f.body).await?;
        return edit_page(
            &state,
            &ctx,
            &title,
            creating,
            shown(StatusCode::OK, Messages::new(), Some(html), None, form),
        )
        .await;
    }
    let input = Edit {
        body: f.body.clone(),
        summary: f.summary.clone(),
        minor: !f.minor.is_empty(),
        base,
        aliases: if propose { None } else { f.aliases.clone() },
        sections: if propose { None } else { f.sections.clone() },
    };
    match wiki::commands::edit(&state, &user, &title, &input, source_topic).await {
        Ok(Edited::Proposed(id)) => {
            ctx.flash("posted", "flash-proposal-sent").await?;
            Ok(Redirect::to(&format!("/wiki/proposals/{id}")).into_response())
        }
        Ok(Edited::Saved(Saved::Revision { merged, .. })) => {
            ctx.flash("posted", if merged { "flash-wiki-merged" } else { "flash-wiki-saved" }).await?;
            let found = wiki::find(state.db.read(), &title).await?;
            let href = found.and_then(|f| Title::parse(&f.article.title).ok()).unwrap_or(title).href();
            Ok(Redirect::to(&href).into_response())
        }
        Ok(Edited::Saved(Saved::Unchanged)) => {
            ctx.flash("ok", "flash-wiki-unchanged").await?;
            Ok(Redirect::to(&title.href()).into_response())
        }
        Ok(Edited::Saved(Saved::Conflict { current })) => {
            // Keep the member's text; show theirs and the difference; the next
            // save starts from the current version, so it is a deliberate choice.
            let diff = crate::diff::lines(&current.body, &f.body, 2);
            let conflict = Conflict { current_body: current.body.clone(), current_id: current.id, diff };
            let mut form = form;
            form.base = current.id.to_string();
            edit_page(
                &state,
                &ctx,
                &title,
                false,
                shown(StatusCode::CONFLICT, Messages::new(), None, Some(conflict), form),
            )
            .await
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let res =
                edit_page(&state, &ctx, &title, creating, shown(r.status, r.errors.clone(), None, None, form)).await?;
            Ok(r.finish(res))
        }
    }
}

#[derive(Serialize)]
struct MoveFields {
    new_title: String,
    reason: String,
}

#[derive(Serialize)]
struct MovePage {
    title: String,
    href: String,
    form: MoveFields,
    errors: Messages,
}

pub(super) async fn move_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let (title, _) = found_or_404(&state, &raw).await?;
    state.policy.require(&user.actor(), Action::RenameArticle)?;
    let ctx = ctx.with_csrf().await?;
    let page = MovePage {
        title: title.as_str().to_owned(),
        href: title.href(),
        form: MoveFields { new_title: title.as_str().to_owned(), reason: String::new() },
        errors: Messages::new(),
    };
    state.views.page(&ctx, "wiki/move.html", &page)
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct MoveForm {
    #[serde(default)]
    new_title: String,
    #[serde(default)]
    reason: String,
}

pub(super) async fn move_article(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(f): Form<MoveForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let (title, _) = found_or_404(&state, &raw).await?;
    let again = |status, errors: Messages| {
        let page = MovePage {
            title: title.as_str().to_owned(),
            href: title.href(),
            form: MoveFields { new_title: f.new_title.clone(), reason: f.reason.clone() },
            errors,
        };
        (status, page)
    };
    let to = match Title::parse(&f.new_title) {
        Ok(t) => t,
        Err(e) => {
            let (status, page) = again(
                StatusCode::UNPROCESSABLE_ENTITY,
                field_messages(ctx.locale, &FormErrors::one("title", title_error_key(&e))),
            );
            let ctx = ctx.with_csrf().await?;
            return state.views.page_with_status(status, &ctx, "wiki/move.html", &page);
        }
    };
    match wiki::commands::rename(&state, &user, &title, &to, &f.reason).await {
        Ok(_) => {
            ctx.flash("ok", "flash-wiki-moved").await?;
            Ok(Redirect::to(&to.href()).into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            let (status, page) = again(r.status, r.errors);
            let ctx = ctx.with_csrf().await?;
            state.views.page_with_status(status, &ctx, "wiki/move.html", &page)
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ProtectForm {
    #[serde(default)]
    protected: String,
    #[serde(default)]
    reason: String,
    /// Empty: until lifted.
    #[serde(default)]
    days: String,
}

pub(super) async fn protect(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(f): Form<ProtectForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let (title, _) = found_or_404(&state, &raw).await?;
    let on = f.protected == "1";
    let days = match f.days.trim() {
        "" => None,
        d => Some(d.parse::<i64>().map_err(|_| AppError::invalid("days", "err-days"))?),
    };
    wiki::commands::protect(&state, &user, &title, on, &f.reason, days).await?;
    ctx.flash("ok", if on { "flash-wiki-protected" } else { "flash-wiki-unprotected" }).await?;
    Ok(Redirect::to(&title.href()).into_response())
}
