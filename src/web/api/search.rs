//! Search and ask through the API: the same engine, ranking and visibility
//! as `/search` and `/ask` (an ask is recorded, as on the site).

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiResult, Caller, Params};
use crate::search::service::{self, SearchRequest};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct SearchQuery {
    /// What to look for.
    #[serde(default)]
    #[param(example = "withdraw money")]
    q: String,
    /// `guides`, `topics`, or empty for both.
    #[serde(default)]
    kind: String,
    /// A category slug.
    #[serde(default)]
    category: String,
    /// A username.
    #[serde(default)]
    author: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    from: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    to: String,
    /// Only solved topics.
    #[serde(default)]
    solved: bool,
    /// Page of results (20 a page), from 1.
    #[param(minimum = 1)]
    page: Option<u32>,
}

/// One result.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    /// `guide` or `topic`.
    pub kind: String,
    pub title: String,
    /// Its address on the site.
    pub url: String,
    /// The guide's section, or empty.
    pub section: String,
    /// Escaped text with the matched words in `<mark>`.
    pub snippet_html: String,
    pub solved: bool,
    pub category: String,
    pub author: String,
    /// Unix seconds.
    pub created: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    /// `empty` (nothing typed) or `no-words` (nothing searchable typed).
    pub problem: Option<String>,
    pub hits: Vec<SearchHit>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    /// Not every word was found together; these match some of them.
    pub partial: bool,
    pub did_you_mean: Option<String>,
}

fn problem_name(p: service::Problem) -> String {
    match p {
        service::Problem::Empty => "empty",
        service::Problem::NoWords => "no-words",
    }
    .to_owned()
}

#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    operation_id = "search",
    summary = "Search guides and topics, as /search does",
    params(SearchQuery),
    responses(
        (status = 200, description = "One page of results", body = SearchPage),
        (status = 422, description = "A filter is not valid (a date)", body = super::Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn search(
    State(state): State<AppState>,
    caller: Caller,
    Params(q): Params<SearchQuery>,
) -> ApiResult<Json<SearchPage>> {
    let req = SearchRequest {
        q: q.q,
        kind: q.kind,
        category: q.category,
        author: q.author,
        from: q.from,
        to: q.to,
        solved: q.solved,
        page: q.page.unwrap_or(1).max(1) as usize,
    };
    let r = service::search(&state, caller.user(), &req).await?;
    Ok(Json(SearchPage {
        problem: r.problem.map(problem_name),
        hits: r
            .hits
            .into_iter()
            .map(|h| SearchHit {
                kind: h.kind.to_owned(),
                title: h.title,
                url: h.href,
                section: h.section,
                snippet_html: h.snippet.to_html(),
                solved: h.solved,
                category: h.category,
                author: h.author,
                created: h.created,
            })
            .collect(),
        total: r.total as u64,
        page: r.page as u64,
        pages: r.pages as u64,
        partial: r.partial,
        did_you_mean: r.did_you_mean,
    }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct AskQuery {
    /// A question in plain words.
    #[serde(default)]
    #[param(example = "how do I withdraw money")]
    q: String,
}

/// A guide that answers, with the paragraph to quote.
#[derive(Debug, Serialize, ToSchema)]
pub struct GuideAnswer {
    pub title: String,
    /// The section holding the paragraph, on the site.
    pub url: String,
    pub section: String,
    pub quote_html: String,
}

/// A solved topic, quoting its solution.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopicAnswer {
    pub title: String,
    pub url: String,
    pub quote_html: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AskAnswer {
    /// The recorded question; `null` when nothing was asked.
    pub ask_id: Option<i64>,
    /// `empty` or `no-words`.
    pub problem: Option<String>,
    pub guides: Vec<GuideAnswer>,
    pub topics: Vec<TopicAnswer>,
}

#[utoipa::path(
    get,
    path = "/api/v1/ask",
    tag = "search",
    operation_id = "ask",
    summary = "Answer a question with the best guides and solved topics, as /ask does (the question is recorded)",
    params(AskQuery),
    responses((status = 200, description = "The answer", body = AskAnswer))
)]
pub(super) async fn ask(
    State(state): State<AppState>,
    caller: Caller,
    Params(q): Params<AskQuery>,
) -> ApiResult<Json<AskAnswer>> {
    let a = service::ask(&state, caller.user(), &q.q).await?;
    Ok(Json(AskAnswer {
        ask_id: a.ask_id,
        problem: a.problem.map(problem_name),
        guides: a
            .guides
            .into_iter()
            .map(|g| GuideAnswer { title: g.title, url: g.href, section: g.section, quote_html: g.quote.to_html() })
            .collect(),
        topics: a
            .topics
            .into_iter()
            .map(|t| TopicAnswer { title: t.title, url: t.href, quote_html: t.quote.to_html() })
            .collect(),
    }))
}
