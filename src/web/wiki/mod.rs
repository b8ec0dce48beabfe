//! Wiki pages. Each file is one part of what readers and editors do:
//! - [`article`]: a guide, the index, "what links here", its discussions;
//! - [`edit`]: editing (with merge and conflict pages), renaming, protecting;
//! - [`history`]: history, diffs, revert, undo, recent changes;
//! - [`proposals`]: the review queue and one proposal.

mod article;
mod edit;
mod history;
mod proposals;

use axum::Router;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::error::{AppError, Msg};
use crate::i18n;
use crate::state::AppState;
use crate::title::{Title, TitleError};
use crate::web::context::Ctx;
use crate::wiki::{self, RevisionLine};

pub use proposals::{ProposalRowView, proposal_rows};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/wiki", get(article::index))
        .route("/wiki/all", get(article::all))
        .route("/wiki/sections", get(article::sections))
        .route("/wiki/section/{slug}", get(article::section))
        .route("/wiki/changes", get(history::changes))
        .route("/wiki/wanted", get(article::wanted))
        .route("/wiki/changes.atom", get(crate::web::feeds::changes_feed))
        .route("/wiki/new", get(article::new_article))
        .route("/wiki/review", get(proposals::review_queue))
        .route("/wiki/proposals/{id}", get(proposals::show_proposal))
        .route("/wiki/proposals/{id}/withdraw", post(proposals::withdraw_proposal))
        .route("/wiki/proposals/{id}/approve", post(proposals::approve_proposal))
        .route("/wiki/proposals/{id}/reject", post(proposals::reject_proposal))
        .route("/wiki/{title}", get(article::show))
        .route("/wiki/{title}/edit", get(edit::edit_form).post(edit::edit))
        .route("/wiki/{title}/history", get(history::history))
        .route("/wiki/{title}/diff", get(history::diff))
        .route("/wiki/{title}/revert", post(history::revert))
        .route("/wiki/{title}/undo", post(history::undo))
        .route("/wiki/{title}/move", get(edit::move_form).post(edit::move_article))
        .route("/wiki/{title}/protect", post(edit::protect))
        .route("/wiki/{title}/links", get(article::links))
        .route("/wiki/{title}/discussions", get(article::discussions))
}

pub(crate) fn title_error_key(e: &TitleError) -> &'static str {
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

fn title_error_msg(e: &TitleError) -> Msg {
    let c = match e {
        TitleError::ForbiddenChar(c) | TitleError::InvisibleChar(c) => c.to_string(),
        _ => String::new(),
    };
    Msg::new(title_error_key(e)).with("char", c)
}

/// A title from the URL, or a 400 page that says what is wrong with it.
pub(crate) fn parse_title(raw: &str) -> Result<Title, AppError> {
    Title::parse(raw).map_err(|e| AppError::BadRequest(title_error_msg(&e)))
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

pub(crate) async fn found_or_404(state: &AppState, raw: &str) -> Result<(Title, wiki::Article), AppError> {
    let title = parse_title(raw)?;
    let found = wiki::find(state.db.read(), &title).await?.ok_or(AppError::NotFound)?;
    let title = Title::parse(&found.article.title).unwrap_or(title);
    Ok((title, found.article))
}

fn href_of(title: &str) -> String {
    Title::stored_href(title)
}

/// A revision's summary in the reader's language: what the system recorded
/// (reverted, undone, moved, approved), then what the editor wrote.
pub fn summary_text(locale: &str, line: &RevisionLine) -> String {
    summary_of(locale, &line.summary, &line.summary_code, &line.summary_args)
}

pub(crate) fn summary_of(locale: &str, summary: &str, code: &str, args: &str) -> String {
    if code.is_empty() {
        return summary.to_owned();
    }
    let values: std::collections::BTreeMap<String, String> = serde_json::from_str(args).unwrap_or_default();
    let args: Vec<(&str, String)> = values.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    let system = i18n::text(locale, &format!("summary-{code}"), &args);
    if summary.trim().is_empty() { system } else { format!("{system}: {}", summary.trim()) }
}

fn allowed(state: &AppState, ctx: &Ctx, action: crate::policy::Action) -> bool {
    ctx.user.as_ref().is_some_and(|u| state.policy.allows(&u.actor(), action))
}
