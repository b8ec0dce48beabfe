//! Wiki pages: index, articles, editing with conflict handling, history,
//! diffs, reverts, renames, protection, recent changes and backlinks.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{AppError, FormErrors};
use crate::i18n;
use crate::policy::{Action, Decision};
use crate::state::AppState;
use crate::util;
use crate::web::context::Ctx;
use crate::web::errors::denial_text;
use crate::web::views::field_messages;
use crate::wiki::title::{Title, TitleError};
use crate::wiki::{self, Edit, Saved};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/wiki", get(index))
        .route("/wiki/changes", get(changes))
        .route("/wiki/changes.atom", get(changes_feed))
        .route("/wiki/new", get(new_article))
        .route("/wiki/review", get(review_queue))
        .route("/wiki/proposals/{id}", get(show_proposal))
        .route("/wiki/proposals/{id}/withdraw", post(withdraw_proposal))
        .route("/wiki/proposals/{id}/approve", post(approve_proposal))
        .route("/wiki/proposals/{id}/reject", post(reject_proposal))
        .route("/wiki/{title}", get(show))
        .route("/wiki/{title}/edit", get(edit_form).post(edit))
        .route("/wiki/{title}/history", get(history))
        .route("/wiki/{title}/diff", get(diff))
        .route("/wiki/{title}/revert", post(revert))
        .route("/wiki/{title}/undo", post(undo))
        .route("/wiki/{title}/move", get(move_form).post(move_article))
        .route("/wiki/{title}/protect", post(protect))
        .route("/wiki/{title}/links", get(links))
        .route("/wiki/{title}/discussions", get(discussions))
}

fn title_error_key(e: &TitleError) -> &'static str {
    match e {
        TitleError::Empty => "err-title-empty",
        TitleError::OnlyPunctuation => "err-title-punctuation",
        TitleError::TooLong { .. } => "err-title-too-long",
        TitleError::ForbiddenChar(_) => "err-title-forbidden",
        TitleError::InvisibleChar(_) => "err-title-invisible",
        TitleError::UrlLike => "err-title-url",
        TitleError::InvalidEncoding => "err-title-encoding",
    }
}

/// A title from the URL, or a 400 page that says what is wrong with it.
fn parse_title(ctx: &Ctx, raw: &str) -> Result<Title, AppError> {
    Title::parse(raw).map_err(|e| {
        let c = match &e {
            TitleError::ForbiddenChar(c) | TitleError::InvisibleChar(c) => c.to_string(),
            _ => String::new(),
        };
        AppError::BadRequest(i18n::text(ctx.locale, title_error_key(&e), &[("char", c)]))
    })
}

/// Non-canonical spellings (spaces, lower-case first letter) redirect to the
/// canonical address, like MediaWiki.
fn canonical(raw: &str, title: &Title, suffix: &str, query: &str) -> Option<Response> {
    if raw == title.as_str().replace(' ', "_") {
        return None;
    }
    let q = if query.is_empty() { String::new() } else { format!("?{query}") };
    Some(Redirect::permanent(&format!("{}{suffix}{q}", title.href())).into_response())
}

fn allowed(state: &AppState, ctx: &Ctx, action: Action) -> bool {
    ctx.user.as_ref().is_some_and(|u| state.policy.decide(&u.actor(), action) == Decision::Allow)
}

#[derive(Debug, Default, Deserialize)]
struct ViewQuery {
    rev: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<ViewQuery>,
) -> Result<Response, AppError> {
    let title = parse_title(&ctx, &raw)?;
    if let Some(r) = canonical(&raw, &title, "", &q.rev.as_ref().map(|r| format!("rev={r}")).unwrap_or_default()) {
        return Ok(r);
    }
    let Some(found) = wiki::find(state.db.read(), &title).await? else {
        let decision = wiki::edit_decision(&state.policy, ctx.user.as_ref(), None);
        let data = json!({
            "title": title.as_str(),
            "href": title.href(),
            "can_create": decision == Decision::Allow,
            "reason": wiki::denial_of(&decision).filter(|_| ctx.user.is_some()).map(|d| denial_text(ctx.locale, d)),
        });
        return state.views.page_with_status(StatusCode::NOT_FOUND, &ctx, "wiki/missing.html", data);
    };
    let article = &found.article;
    let (rev, old) = match &q.rev {
        None => (wiki::current(state.db.read(), article).await?, false),
        Some(r) => {
            let id = r.parse::<i64>().map_err(|_| AppError::NotFound)?;
            let rev = wiki::revision(state.db.read(), article, id).await?;
            let old = Some(rev.id) != article.current_revision_id;
            (rev, old)
        }
    };
    let author =
        crate::accounts::find_by_id(state.db.read(), rev.author_id).await?.map(|u| u.username).unwrap_or_default();
    let toc: Vec<Value> = serde_json::from_str(&rev.toc).unwrap_or_default();
    let decision = wiki::edit_decision(&state.policy, ctx.user.as_ref(), Some(article));
    let me = ctx.user.is_some();
    let ctx = if me { ctx.with_csrf().await? } else { ctx };
    let page_title = Title::parse(&article.title).unwrap_or(title);
    let discussions = crate::crosslinks::discussions(state.db.read(), article.id, 6).await?;
    let data = json!({
        "discussions": discussions_json(ctx.locale, &discussions[..discussions.len().min(5)]),
        "more_discussions": discussions.len() > 5,
        "article": {
            "title": article.title,
            "href": page_title.href(),
            "protected": article.protected,
            "current": article.current_revision_id,
        },
        "rev": { "id": rev.id, "html": rev.html, "author": author, "at": util::datetime(&rev.created_at), "old": old },
        "toc": if toc.len() >= 3 { toc } else { Vec::new() },
        "redirected_from": found.redirected_from,
        "can_edit": decision == Decision::Allow,
        "edit_reason": wiki::denial_of(&decision).filter(|_| me).map(|d| denial_text(ctx.locale, d)),
        "can_protect": allowed(&state, &ctx, Action::ProtectArticle),
        "can_move": allowed(&state, &ctx, Action::RenameArticle),
    });
    state.views.page(&ctx, "wiki/article.html", data)
}

#[derive(Debug, Default, Deserialize)]
struct NewQuery {
    #[serde(default)]
    title: String,
}

async fn new_article(State(state): State<AppState>, ctx: Ctx, Query(q): Query<NewQuery>) -> Result<Response, AppError> {
    if q.title.trim().is_empty() {
        return state.views.page(&ctx, "wiki/new.html", json!({ "error": null, "value": "" }));
    }
    match Title::parse(&q.title) {
        Ok(t) => Ok(Redirect::to(&format!("{}/edit", t.href())).into_response()),
        Err(e) => {
            let c = match &e {
                TitleError::ForbiddenChar(c) | TitleError::InvisibleChar(c) => c.to_string(),
                _ => String::new(),
            };
            let error = i18n::text(ctx.locale, title_error_key(&e), &[("char", c)]);
            state.views.page_with_status(
                StatusCode::BAD_REQUEST,
                &ctx,
                "wiki/new.html",
                json!({ "error": error, "value": q.title }),
            )
        }
    }
}

struct EditPage {
    /// A member below the bar: the editor submits a proposal.
    propose: bool,
    status: StatusCode,
    form: Value,
    errors: Value,
    preview: Option<String>,
    conflict: Option<Value>,
    reason: Option<String>,
}

async fn edit_page(
    state: &AppState,
    ctx: &Ctx,
    title: &Title,
    creating: bool,
    p: EditPage,
) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let data = json!({
        "title": title.as_str(),
        "href": title.href(),
        "creating": creating,
        "form": p.form,
        "errors": p.errors,
        "preview": p.preview,
        "conflict": p.conflict,
        "reason": p.reason,
        "propose": p.propose,
        "max_body": state.config.max_article_chars,
    });
    state.views.page_with_status(p.status, &ctx, "wiki/edit.html", data)
}

#[derive(Debug, Default, Deserialize)]
struct EditQuery {
    from_topic: Option<String>,
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<EditQuery>,
) -> Result<Response, AppError> {
    let title = parse_title(&ctx, &raw)?;
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
        Decision::Deny(d) => return Err(AppError::Forbidden(d.clone())),
    };
    let form = match &article {
        Some(a) => {
            let cur = wiki::current(state.db.read(), a).await?;
            json!({ "body": cur.body, "base": cur.id, "summary": "", "minor": false })
        }
        None => match q.from_topic.as_deref().and_then(|s| s.parse::<i64>().ok()) {
            // "Turn into a guide": the question and its solution, credited, linked back.
            Some(topic) => {
                let (body, summary) = guide_from_topic(&state, ctx.locale, topic).await?;
                json!({ "body": body, "base": "", "summary": summary, "minor": false, "source_topic": topic })
            }
            None => json!({ "body": "", "base": "", "summary": "", "minor": false }),
        },
    };
    let page =
        EditPage { propose, status: StatusCode::OK, form, errors: json!({}), preview: None, conflict: None, reason };
    edit_page(&state, &ctx, &title, article.is_none(), page).await
}

#[derive(Debug, Default, Deserialize)]
struct EditForm {
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
}

async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(f): Form<EditForm>,
) -> Result<Response, AppError> {
    let title = parse_title(&ctx, &raw)?;
    let user = ctx.require_user()?.clone();
    let base = if f.base.trim().is_empty() {
        None
    } else {
        Some(
            f.base
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::BadRequest("The edit form is damaged (base revision).".into()))?,
        )
    };
    let creating = base.is_none();
    let source_topic = f.source_topic.trim().parse::<i64>().ok();
    let form = json!({
        "body": f.body, "base": f.base, "summary": f.summary, "minor": !f.minor.is_empty(), "source_topic": source_topic,
    });
    let article = wiki::find(state.db.read(), &title).await?.map(|f| f.article);
    let decision = wiki::edit_decision(&state.policy, Some(&user), article.as_ref());
    let propose = matches!(decision, Decision::Propose(_));
    let note = match &decision {
        Decision::Propose(d) => Some(denial_text(ctx.locale, d)),
        _ => None,
    };
    let page = |status, errors, preview, conflict, reason: Option<String>| EditPage {
        propose,
        status,
        form: form.clone(),
        errors,
        preview,
        conflict,
        reason: reason.or_else(|| note.clone()),
    };
    if !f.preview.is_empty() {
        let html = crate::crosslinks::render(state.db.read(), &f.body).await?.html.into_string();
        return edit_page(&state, &ctx, &title, creating, page(StatusCode::OK, json!({}), Some(html), None, None))
            .await;
    }
    let input = Edit { body: f.body.clone(), summary: f.summary.clone(), minor: !f.minor.is_empty(), base };
    if propose {
        let submitted =
            wiki::proposals::submit(&state.db, &state.policy, &state.config, &user, &title, &input, source_topic).await;
        return match submitted {
            Ok(p) => {
                ctx.flash("posted", "flash-proposal-sent").await?;
                Ok(Redirect::to(&format!("/wiki/proposals/{}", p.id)).into_response())
            }
            Err(AppError::Invalid(errors)) => {
                let errors = field_messages(ctx.locale, &errors);
                let p = page(StatusCode::UNPROCESSABLE_ENTITY, errors, None, None, None);
                edit_page(&state, &ctx, &title, creating, p).await
            }
            Err(AppError::Forbidden(d)) => {
                let reason = denial_text(ctx.locale, &d);
                let p = page(StatusCode::FORBIDDEN, json!({}), None, None, Some(reason));
                edit_page(&state, &ctx, &title, creating, p).await
            }
            Err(e) => Err(e),
        };
    }
    match wiki::save(&state.db, &state.policy, state.config.max_article_chars, &user, &title, &input).await {
        Ok(Saved::Revision { merged, .. }) => {
            crate::web::refresh_bl(&state, user.id).await;
            ctx.flash("posted", if merged { "flash-wiki-merged" } else { "flash-wiki-saved" }).await?;
            let found = wiki::find(state.db.read(), &title).await?;
            if let (Some(topic), Some(f)) = (source_topic, &found) {
                crate::forum::posts::link_guide(&state.db, topic, f.article.id).await?;
            }
            let href = found.and_then(|f| Title::parse(&f.article.title).ok()).unwrap_or(title).href();
            Ok(Redirect::to(&href).into_response())
        }
        Ok(Saved::Unchanged) => {
            ctx.flash("ok", "flash-wiki-unchanged").await?;
            Ok(Redirect::to(&title.href()).into_response())
        }
        Ok(Saved::Conflict { current }) => {
            // Keep the member's text; show theirs and the difference; the next
            // save starts from the current version, so it is a deliberate choice.
            let diff = crate::diff::lines(&current.body, &f.body, 2);
            let conflict = json!({ "current_body": current.body, "current_id": current.id, "diff": diff });
            let mut p = page(StatusCode::CONFLICT, json!({}), None, Some(conflict), None);
            p.form["base"] = json!(current.id);
            edit_page(&state, &ctx, &title, false, p).await
        }
        Err(AppError::Invalid(errors)) => {
            let errors = field_messages(ctx.locale, &errors);
            edit_page(&state, &ctx, &title, creating, page(StatusCode::UNPROCESSABLE_ENTITY, errors, None, None, None))
                .await
        }
        Err(AppError::Forbidden(d)) => {
            let reason = denial_text(ctx.locale, &d);
            edit_page(&state, &ctx, &title, creating, page(StatusCode::FORBIDDEN, json!({}), None, None, Some(reason)))
                .await
        }
        Err(e) => Err(e),
    }
}

async fn found_or_404(state: &AppState, ctx: &Ctx, raw: &str) -> Result<(Title, wiki::Article), AppError> {
    let title = parse_title(ctx, raw)?;
    let found = wiki::find(state.db.read(), &title).await?.ok_or(AppError::NotFound)?;
    let title = Title::parse(&found.article.title).unwrap_or(title);
    Ok((title, found.article))
}

#[derive(Debug, Default, Deserialize)]
struct BeforeQuery {
    before: Option<String>,
}

fn parse_before(b: &Option<String>) -> Result<Option<i64>, AppError> {
    match b {
        None => Ok(None),
        Some(s) => s.parse::<i64>().map(Some).map_err(|_| AppError::BadRequest("This page link is damaged.".into())),
    }
}

fn line_json(l: &wiki::RevisionLine) -> Value {
    let href = Title::parse(&l.title).map(|t| t.href()).unwrap_or_default();
    json!({
        "id": l.id, "parent": l.parent_id, "summary": l.summary, "minor": l.minor, "size": l.size,
        "delta": l.size_delta, "at": util::datetime(&l.created_at), "author": l.author, "title": l.title, "href": href,
    })
}

const HISTORY_PAGE: u64 = 50;

async fn history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<BeforeQuery>,
) -> Result<Response, AppError> {
    let (title, article) = found_or_404(&state, &ctx, &raw).await?;
    let before = parse_before(&q.before)?;
    let lines = wiki::history(&state.db, &article, before, HISTORY_PAGE).await?;
    let next = (lines.len() as u64 == HISTORY_PAGE).then(|| lines.last().map(|l| l.id)).flatten();
    let ctx = if ctx.user.is_some() { ctx.with_csrf().await? } else { ctx };
    let data = json!({
        "title": title.as_str(),
        "href": title.href(),
        "current": article.current_revision_id,
        "lines": lines.iter().map(line_json).collect::<Vec<_>>(),
        "next": next,
        "can_revert": allowed(&state, &ctx, Action::RevertArticle),
        "can_undo": wiki::edit_decision(&state.policy, ctx.user.as_ref(), Some(&article)) == Decision::Allow,
    });
    state.views.page(&ctx, "wiki/history.html", data)
}

#[derive(Debug, Default, Deserialize)]
struct DiffQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

async fn diff(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<DiffQuery>,
) -> Result<Response, AppError> {
    let (title, article) = found_or_404(&state, &ctx, &raw).await?;
    let parse = |s: &str, which: &str| {
        s.trim()
            .parse::<i64>()
            .map_err(|_| AppError::BadRequest(i18n::text(ctx.locale, "err-diff-param", &[("which", which.to_owned())])))
    };
    let from = parse(&q.from, "from")?;
    let to = if q.to.trim().is_empty() || q.to == "cur" {
        article.current_revision_id.ok_or(AppError::NotFound)?
    } else {
        parse(&q.to, "to")?
    };
    let missing = |id: i64| AppError::BadRequest(i18n::text(ctx.locale, "err-no-revision", &[("id", id.to_string())]));
    let a = wiki::revision(state.db.read(), &article, from).await.map_err(|_| missing(from))?;
    let b = wiki::revision(state.db.read(), &article, to).await.map_err(|_| missing(to))?;
    if from > to {
        return Ok(Redirect::to(&format!("{}/diff?from={to}&to={from}", title.href())).into_response());
    }
    let lines = crate::diff::lines(&a.body, &b.body, 3);
    let data = json!({
        "title": title.as_str(),
        "href": title.href(),
        "from": { "id": a.id, "at": util::datetime(&a.created_at), "summary": a.summary },
        "to": { "id": b.id, "at": util::datetime(&b.created_at), "summary": b.summary },
        "lines": lines,
        "delta": b.size - a.size,
    });
    state.views.page(&ctx, "wiki/diff.html", data)
}

#[derive(Debug, Default, Deserialize)]
struct RevForm {
    #[serde(default)]
    rev: String,
}

async fn revert(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(f): Form<RevForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let (title, _) = found_or_404(&state, &ctx, &raw).await?;
    let rev = f.rev.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let summary = i18n::text(
        &state.config.default_locale,
        "summary-reverted",
        &[("n", rev.to_string()), ("user", user.username.clone())],
    );
    match wiki::revert(&state.db, &state.policy, &user, &title, rev, summary).await? {
        Saved::Revision { .. } => ctx.flash("ok", "flash-wiki-reverted").await?,
        Saved::Unchanged => ctx.flash("ok", "flash-wiki-unchanged").await?,
        Saved::Conflict { .. } => return Err(AppError::Conflict(i18n::text(ctx.locale, "err-try-again", &[]))),
    }
    Ok(Redirect::to(&title.href()).into_response())
}

async fn undo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(f): Form<RevForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let (title, _) = found_or_404(&state, &ctx, &raw).await?;
    let rev = f.rev.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let summary = i18n::text(
        &state.config.default_locale,
        "summary-undid",
        &[("n", rev.to_string()), ("user", user.username.clone())],
    );
    match wiki::undo(&state.db, &state.policy, &user, &title, rev, summary).await {
        Ok(Saved::Revision { .. }) => ctx.flash("ok", "flash-wiki-undone").await?,
        Ok(Saved::Unchanged) => ctx.flash("ok", "flash-wiki-unchanged").await?,
        Ok(Saved::Conflict { .. }) | Err(AppError::Conflict(_)) => {
            return Err(AppError::Conflict(i18n::text(ctx.locale, "err-undo-conflict", &[])));
        }
        Err(e) => return Err(e),
    }
    Ok(Redirect::to(&title.href()).into_response())
}

async fn move_form(State(state): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let (title, _) = found_or_404(&state, &ctx, &raw).await?;
    if let Decision::Propose(d) | Decision::Deny(d) = state.policy.decide(&user.actor(), Action::RenameArticle) {
        return Err(AppError::Forbidden(d));
    }
    let ctx = ctx.with_csrf().await?;
    let data = json!({ "title": title.as_str(), "href": title.href(), "form": { "new_title": title.as_str(), "reason": "" }, "errors": {} });
    state.views.page(&ctx, "wiki/move.html", data)
}

#[derive(Debug, Default, Deserialize)]
struct MoveForm {
    #[serde(default)]
    new_title: String,
    #[serde(default)]
    reason: String,
}

async fn move_article(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(f): Form<MoveForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let (title, _) = found_or_404(&state, &ctx, &raw).await?;
    let to = match Title::parse(&f.new_title) {
        Ok(t) => t,
        Err(e) => return move_again(&state, &ctx, &title, &f, FormErrors::one("title", title_error_key(&e))).await,
    };
    let summary = if f.reason.trim().is_empty() {
        i18n::text(
            &state.config.default_locale,
            "summary-moved",
            &[("from", title.as_str().to_owned()), ("to", to.as_str().to_owned())],
        )
    } else {
        format!(
            "{}: {}",
            i18n::text(
                &state.config.default_locale,
                "summary-moved",
                &[("from", title.as_str().to_owned()), ("to", to.as_str().to_owned())]
            ),
            f.reason.trim()
        )
    };
    match wiki::rename(&state.db, &state.policy, &user, &title, &to, summary).await {
        Ok(_) => {
            ctx.flash("ok", "flash-wiki-moved").await?;
            Ok(Redirect::to(&to.href()).into_response())
        }
        Err(AppError::Invalid(errors)) => move_again(&state, &ctx, &title, &f, errors).await,
        Err(e) => Err(e),
    }
}

async fn move_again(
    state: &AppState,
    ctx: &Ctx,
    title: &Title,
    f: &MoveForm,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let data = json!({
        "title": title.as_str(), "href": title.href(),
        "form": { "new_title": f.new_title, "reason": f.reason },
        "errors": field_messages(ctx.locale, &errors),
    });
    state.views.page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &ctx, "wiki/move.html", data)
}

#[derive(Debug, Default, Deserialize)]
struct ProtectForm {
    #[serde(default)]
    protected: String,
}

async fn protect(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(f): Form<ProtectForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let (title, _) = found_or_404(&state, &ctx, &raw).await?;
    let on = f.protected == "1";
    wiki::set_protected(&state.db, &state.policy, &user, &title, on).await?;
    ctx.flash("ok", if on { "flash-wiki-protected" } else { "flash-wiki-unprotected" }).await?;
    Ok(Redirect::to(&title.href()).into_response())
}

async fn links(State(state): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, AppError> {
    let (title, article) = found_or_404(&state, &ctx, &raw).await?;
    let topics = discussions_json(ctx.locale, &crate::crosslinks::discussions(state.db.read(), article.id, 200).await?);
    let backlinks: Vec<Value> = wiki::backlinks(&state.db, &article)
        .await?
        .into_iter()
        .map(|b| json!({ "title": b.title, "href": Title::parse(&b.title).map(|t| t.href()).unwrap_or_default() }))
        .collect();
    let data = json!({ "title": title.as_str(), "href": title.href(), "links": backlinks, "topics": topics });
    state.views.page(&ctx, "wiki/links.html", data)
}

async fn index(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let mut all = wiki::all_articles(&state.db).await?;
    all.sort_by_cached_key(|a| wiki::collation_key(&a.title));
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for a in &all {
        let letter = wiki::index_letter(&a.title);
        let entry = json!({ "title": a.title, "href": Title::parse(&a.title).map(|t| t.href()).unwrap_or_default() });
        match groups.last_mut() {
            Some((l, items)) if *l == letter => items.push(entry),
            _ => groups.push((letter, vec![entry])),
        }
    }
    let groups: Vec<Value> =
        groups.into_iter().map(|(letter, items)| json!({ "letter": letter, "items": items })).collect();
    let mut newest = all.clone();
    newest.sort_by_key(|a| std::cmp::Reverse(a.updated_at));
    let newest: Vec<Value> = newest
        .iter()
        .take(10)
        .map(|a| json!({ "title": a.title, "href": Title::parse(&a.title).map(|t| t.href()).unwrap_or_default() }))
        .collect();
    let can_create = wiki::edit_decision(&state.policy, ctx.user.as_ref(), None) == Decision::Allow;
    state.views.page(
        &ctx,
        "wiki/index.html",
        json!({ "groups": groups, "newest": newest, "count": all.len(), "can_create": can_create }),
    )
}

async fn changes(State(state): State<AppState>, ctx: Ctx, Query(q): Query<BeforeQuery>) -> Result<Response, AppError> {
    let before = parse_before(&q.before)?;
    let lines = wiki::recent_changes(&state.db, before, HISTORY_PAGE).await?;
    let next = (lines.len() as u64 == HISTORY_PAGE).then(|| lines.last().map(|l| l.id)).flatten();
    let data = json!({ "lines": lines.iter().map(line_json).collect::<Vec<_>>(), "next": next });
    state.views.page(&ctx, "wiki/changes.html", data)
}

async fn changes_feed(State(state): State<AppState>) -> Result<Response, AppError> {
    use atom_syndication::{Entry, Feed, Link, Person, Text};
    let lines = wiki::recent_changes(&state.db, None, 50).await?;
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let fixed = |t: &time::OffsetDateTime| {
        atom_syndication::FixedDateTime::parse_from_rfc3339(&util::rfc3339(t)).unwrap_or_default()
    };
    let entries: Vec<Entry> = lines
        .iter()
        .map(|l| {
            let href = Title::parse(&l.title).map(|t| t.href()).unwrap_or_default();
            let link = match l.parent_id {
                Some(p) => format!("{base}{href}/diff?from={p}&to={}", l.id),
                None => format!("{base}{href}?rev={}", l.id),
            };
            let title = if l.summary.is_empty() { l.title.clone() } else { format!("{} — {}", l.title, l.summary) };
            Entry {
                id: format!("{base}{href}?rev={}", l.id),
                title: Text::plain(title),
                updated: fixed(&l.created_at),
                authors: vec![Person { name: l.author.clone(), ..Default::default() }],
                links: vec![Link { href: link, rel: "alternate".into(), ..Default::default() }],
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        id: format!("{base}/wiki/changes.atom"),
        title: Text::plain(format!("{} — wiki", state.config.site_name)),
        updated: lines.first().map_or_else(|| fixed(&util::now()), |l| fixed(&l.created_at)),
        links: vec![Link { href: format!("{base}/wiki/changes.atom"), rel: "self".into(), ..Default::default() }],
        entries,
        ..Default::default()
    };
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], feed.to_string()).into_response())
}

fn proposal_row_json(locale: &str, r: &wiki::proposals::ProposalRow, now: &time::OffsetDateTime) -> Value {
    json!({
        "id": r.id,
        "title": r.title,
        "href": Title::parse(&r.title).map(|t| t.href()).unwrap_or_default(),
        "summary": r.summary,
        "status": r.status,
        "status_name": i18n::text(locale, &format!("proposal-status-{}", r.status), &[]),
        "author": r.author,
        "author_certificate": crate::web::errors::certificate_name(locale, &r.author_certificate),
        "author_bl": r.author_bl,
        "age": util::relative(&r.created_at, now, locale),
        "at": util::datetime(&r.created_at),
    })
}

pub fn proposal_rows_json(locale: &str, rows: &[wiki::proposals::ProposalRow]) -> Vec<Value> {
    let now = util::now();
    rows.iter().map(|r| proposal_row_json(locale, r, &now)).collect()
}

async fn review_queue(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    if let Decision::Propose(d) | Decision::Deny(d) = state.policy.decide(&user.actor(), Action::ReviewProposals) {
        return Err(AppError::Forbidden(d));
    }
    let rows = wiki::proposals::pending(&state.db, 50).await?;
    let now = util::now();
    let mut items = Vec::with_capacity(rows.len());
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let full = wiki::proposals::by_ids(state.db.read(), &ids).await?;
    for r in &rows {
        let Some(p) = full.iter().find(|p| p.id == r.id) else { continue };
        let rebased = wiki::proposals::rebase(state.db.read(), p).await?;
        let diff = crate::diff::lines(&rebased.current_body, rebased.text.as_deref().unwrap_or(&p.body), 2);
        let mut item = proposal_row_json(ctx.locale, r, &now);
        item["clean"] = json!(rebased.text.is_some());
        item["diff"] = json!(diff);
        items.push(item);
    }
    let ctx = ctx.with_csrf().await?;
    state.views.page(&ctx, "wiki/review.html", json!({ "items": items }))
}

async fn show_proposal(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let p = wiki::proposals::get(state.db.read(), id).await?;
    if !wiki::proposals::can_view(&state.policy, ctx.user.as_ref(), &p) {
        return Err(AppError::NotFound);
    }
    let author = crate::accounts::find_by_id(state.db.read(), p.author_id).await?.ok_or(AppError::NotFound)?;
    let reviewer = match p.reviewer_id {
        Some(r) => crate::accounts::find_by_id(state.db.read(), r).await?.map(|u| u.username),
        None => None,
    };
    let pending = p.status == wiki::proposals::PENDING;
    let rebased = wiki::proposals::rebase(state.db.read(), &p).await?;
    let shown = rebased.text.clone().unwrap_or_else(|| p.body.clone());
    let diff = crate::diff::lines(&rebased.current_body, if pending { &shown } else { &p.body }, 2);
    let is_author = ctx.user.as_ref().is_some_and(|u| u.id == p.author_id);
    let is_reviewer = wiki::proposals::is_reviewer(&state.policy, ctx.user.as_ref());
    let ctx = ctx.with_csrf().await?;
    let data = json!({
        "p": {
            "id": p.id,
            "title": p.title,
            "href": Title::parse(&p.title).map(|t| t.href()).unwrap_or_default(),
            "summary": p.summary,
            "status": p.status,
            "status_name": i18n::text(ctx.locale, &format!("proposal-status-{}", p.status), &[]),
            "author": author.username,
            "author_certificate": crate::web::errors::certificate_name(ctx.locale, &author.certificate),
            "author_bl": author.bl,
            "at": util::datetime(&p.created_at),
            "reviewer": reviewer,
            "reason": p.review_reason,
            "revision": p.revision_id,
            "pending": pending,
            "clean": rebased.text.is_some(),
            "text": shown,
        },
        "diff": diff,
        "can_withdraw": pending && is_author,
        "can_review": pending && is_reviewer,
    });
    state.views.page(&ctx, "wiki/proposal.html", data)
}

fn proposal_id(s: &str) -> Result<i64, AppError> {
    s.parse::<i64>().map_err(|_| AppError::NotFound)
}

async fn withdraw_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = proposal_id(&id)?;
    wiki::proposals::withdraw(&state.db, &user, id).await?;
    ctx.flash("ok", "flash-proposal-withdrawn").await?;
    Ok(Redirect::to(&format!("/wiki/proposals/{id}")).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct ApproveForm {
    #[serde(default)]
    body: String,
}

async fn approve_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<ApproveForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = proposal_id(&id)?;
    let edited = if f.body.trim().is_empty() { None } else { Some(f.body) };
    let max = state.config.max_article_chars;
    let author = wiki::proposals::approve(&state.db, &state.policy, max, &user, id, edited).await?;
    crate::web::refresh_bl(&state, author).await;
    ctx.flash("ok", "flash-proposal-approved").await?;
    Ok(Redirect::to(&format!("/wiki/proposals/{id}")).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct RejectForm {
    #[serde(default)]
    reason: String,
}

async fn reject_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<RejectForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let id = proposal_id(&id)?;
    match wiki::proposals::reject(&state.db, &state.policy, &user, id, &f.reason).await {
        Ok(()) => {
            ctx.flash("ok", "flash-proposal-rejected").await?;
            Ok(Redirect::to(&format!("/wiki/proposals/{id}")).into_response())
        }
        Err(AppError::Invalid(_)) => Err(AppError::BadRequest(i18n::text(ctx.locale, "err-reason-required", &[]))),
        Err(e) => Err(e),
    }
}

/// The start of a guide made from a solved topic: the question, the
/// solution, who wrote them, and a link back.
async fn guide_from_topic(state: &AppState, locale: &str, topic_id: i64) -> Result<(String, String), AppError> {
    let topic = crate::forum::posts::topic(state.db.read(), topic_id).await?;
    let solution_id = topic.solved_post_id.ok_or(AppError::NotFound)?;
    let question = crate::forum::posts::post(state.db.read(), {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        crate::entities::posts::Entity::find()
            .filter(crate::entities::posts::Column::TopicId.eq(topic_id))
            .filter(crate::entities::posts::Column::PostNumber.eq(1))
            .one(state.db.read())
            .await?
            .ok_or(AppError::NotFound)?
            .id
    })
    .await?;
    let solution = crate::forum::posts::post(state.db.read(), solution_id).await?;
    let name = |id| async move {
        crate::accounts::find_by_id(state.db.read(), id).await.map(|u| u.map(|u| u.username).unwrap_or_default())
    };
    let (asker, solver) = (name(question.user_id).await?, name(solution.user_id).await?);
    let href = crate::web::forum::topic_href(topic.id, &topic.title);
    let body = format!(
        "{}\n\n## {}\n\n{}\n\n---\n\n*{} [{}]({href}). {}: @{asker}, @{solver}.*\n",
        question.body.trim(),
        i18n::text(locale, "guide-from-topic-solution", &[]),
        solution.body.trim(),
        i18n::text(locale, "guide-from-topic-source", &[]),
        topic.title,
        i18n::text(locale, "guide-from-topic-authors", &[]),
    );
    let summary = i18n::text(locale, "guide-from-topic-summary", &[("title", topic.title.clone())]);
    Ok((body, summary))
}

fn discussions_json(locale: &str, rows: &[crate::crosslinks::Discussion]) -> Vec<Value> {
    let now = util::now();
    rows.iter()
        .map(|d| {
            json!({
                "title": d.title,
                "href": crate::web::forum::topic_href(d.id, &d.title),
                "replies": d.reply_count,
                "solved": d.solved_post_id.is_some(),
                "activity": util::relative(&d.last_posted_at, &now, locale),
                "activity_abs": util::datetime(&d.last_posted_at),
            })
        })
        .collect()
}

async fn discussions(State(state): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, AppError> {
    let (title, article) = found_or_404(&state, &ctx, &raw).await?;
    let rows = crate::crosslinks::discussions(state.db.read(), article.id, 200).await?;
    let data =
        json!({ "title": title.as_str(), "href": title.href(), "discussions": discussions_json(ctx.locale, &rows) });
    state.views.page(&ctx, "wiki/discussions.html", data)
}
