//! `/search`, `/ask` and the search admin page.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::search::engine::{self, StoredSynonym};
use crate::search::service::{self, AskAnswer, SearchRequest, SearchResults, Unanswered};
use crate::search::synonyms::seed_pairs;
use crate::state::AppState;
use crate::web::context::Ctx;
use crate::web::forum::parse_id;
use crate::web::views::{Messages, rejection};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/search", get(search))
        .route("/ask", get(ask))
        .route("/ask/{id}/go/{guide}", get(go))
        .route("/ask/{id}/helped", post(helped))
        .route("/admin/search", get(admin))
        .route("/admin/search/synonyms", post(add_synonym))
        .route("/admin/search/synonyms/{id}/delete", post(delete_synonym))
}

/// The form as typed; every field optional, kept as text so the page can
/// show it back whatever it holds.
#[derive(Debug, Default, Deserialize, Serialize, Clone)]
pub(crate) struct SearchForm {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    solved: String,
    #[serde(default)]
    page: String,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct SearchPage {
    form: SearchForm,
    results: SearchResults,
    errors: Messages,
    did_you_mean_href: String,
    pages: Vec<PageLink>,
    categories: Vec<(String, String)>,
}

fn search_href(f: &SearchForm, q: &str, page: usize) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    s.append_pair("q", q);
    for (k, v) in [
        ("kind", &f.kind),
        ("category", &f.category),
        ("author", &f.author),
        ("from", &f.from),
        ("to", &f.to),
        ("solved", &f.solved),
    ] {
        if !v.is_empty() {
            s.append_pair(k, v);
        }
    }
    if page > 1 {
        s.append_pair("page", &page.to_string());
    }
    format!("/search?{}", s.finish())
}

async fn search(State(state): State<AppState>, ctx: Ctx, Query(f): Query<SearchForm>) -> Result<Response, AppError> {
    let req = SearchRequest {
        q: f.q.clone(),
        kind: f.kind.clone(),
        category: f.category.clone(),
        author: f.author.clone(),
        from: f.from.clone(),
        to: f.to.clone(),
        solved: !f.solved.is_empty(),
        page: f.page.trim().parse().unwrap_or(1),
    };
    let categories = crate::forum::categories::all(&state.db).await?.into_iter().map(|c| (c.slug, c.name)).collect();
    let (status, results, errors) = match service::search(&state, ctx.user.as_ref(), &req).await {
        Ok(r) => (StatusCode::OK, r, Messages::new()),
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            (r.status, SearchResults::default(), r.errors)
        }
    };
    let did_you_mean_href = results.did_you_mean.as_deref().map(|q| search_href(&f, q, 1)).unwrap_or_default();
    let pages = if results.pages > 1 {
        (1..=results.pages)
            .map(|n| PageLink { number: n, href: search_href(&f, &f.q, n), current: n == results.page })
            .collect()
    } else {
        Vec::new()
    };
    let page = SearchPage { form: f, results, errors, did_you_mean_href, pages, categories };
    state.views.page_with_status(status, &ctx, "search/search.html", &page)
}

#[derive(Debug, Default, Deserialize)]
struct AskForm {
    #[serde(default)]
    q: String,
}

#[derive(Serialize)]
struct AskPage {
    q: String,
    answer: AskAnswer,
    community_href: String,
    search_href: String,
}

async fn ask(State(state): State<AppState>, ctx: Ctx, Query(f): Query<AskForm>) -> Result<Response, AppError> {
    let ctx = ctx.with_csrf().await?;
    let answer = service::ask(&state, ctx.user.as_ref(), &f.q).await?;
    let title: String = f.q.trim().chars().take(crate::input::TITLE_MAX).collect();
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    s.append_pair("title", &title);
    let community_href = format!("/t/new?{}", s.finish());
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    s.append_pair("q", &f.q);
    let search_href = format!("/search?{}", s.finish());
    let page = AskPage { q: f.q, answer, community_href, search_href };
    state.views.page(&ctx, "search/ask.html", &page)
}

/// A guide followed from an answer: recorded, then the guide. A plain link
/// (answers must open like links); it records only which shown guide was
/// followed first, nothing a forged request could misuse.
async fn go(State(state): State<AppState>, Path((id, guide)): Path<(String, String)>) -> Result<Response, AppError> {
    let href = service::record_click(&state, parse_id(&id)?, parse_id(&guide)?).await?;
    Ok(Redirect::to(&href).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct HelpedForm {
    #[serde(default)]
    helped: String,
}

async fn helped(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<HelpedForm>,
) -> Result<Response, AppError> {
    service::record_helped(&state, parse_id(&id)?, f.helped == "yes").await?;
    ctx.flash("ok", "search-thanks").await?;
    Ok(Redirect::to("/").into_response())
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct SynonymForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    two_way: String,
}

#[derive(Serialize)]
struct SeedPair {
    from: String,
    to: String,
    two_way: bool,
}

#[derive(Serialize)]
struct StoredView {
    id: i64,
    from: String,
    to: String,
    two_way: bool,
}

impl From<StoredSynonym> for StoredView {
    fn from(s: StoredSynonym) -> Self {
        StoredView { id: s.id, from: s.from_text, to: s.to_text, two_way: s.two_way }
    }
}

#[derive(Serialize)]
struct AdminPage {
    unanswered: Vec<Unanswered>,
    synonyms: Vec<StoredView>,
    seed: Vec<SeedPair>,
    form: SynonymForm,
    errors: Messages,
}

async fn admin_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    form: SynonymForm,
    errors: Messages,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?;
    let ctx = ctx.with_csrf().await?;
    let unanswered = service::unanswered(state, user, 200).await?;
    let synonyms = engine::admin_synonyms(state.db.read()).await?.into_iter().map(StoredView::from).collect();
    let seed = seed_pairs().into_iter().map(|p| SeedPair { from: p.from, to: p.to, two_way: p.two_way }).collect();
    let page = AdminPage { unanswered, synonyms, seed, form, errors };
    state.views.page_with_status(status, &ctx, "search/admin.html", &page)
}

async fn admin(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    admin_page(&state, &ctx, StatusCode::OK, SynonymForm::default(), Messages::new()).await
}

async fn add_synonym(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<SynonymForm>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    match service::add_synonym(&state, &user, &f.from, &f.to, !f.two_way.is_empty()).await {
        Ok(()) => {
            ctx.flash("ok", "search-synonym-saved").await?;
            Ok(Redirect::to("/admin/search").into_response())
        }
        Err(e) => {
            let r = rejection(ctx.locale, e)?;
            admin_page(&state, &ctx, r.status, f, r.errors).await
        }
    }
}

async fn delete_synonym(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    service::delete_synonym(&state, &user, parse_id(&id)?).await?;
    ctx.flash("ok", "search-synonym-deleted").await?;
    Ok(Redirect::to("/admin/search").into_response())
}
