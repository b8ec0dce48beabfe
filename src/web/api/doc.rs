//! The API's description: an OpenAPI 3.1 document generated from the
//! handlers' own types (`utoipa`), served as JSON, and a page that lists
//! its operations for people (server-rendered; no scripts).

use std::sync::LazyLock;

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, OpenApi as Document, Ref, RefOr, Required, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::{PROBLEM_JSON, Problem, read, search, standing, write};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::context::Ctx;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Veche JSON API",
        description = "Read the forum, the guides and member profiles, search and ask; post, reply, edit, like, flag and edit guides as a member with a personal API token (made in the site's settings). Every write goes through the same rules as the site's forms. Errors are RFC 9457 problem details in the language of Accept-Language."
    ),
    paths(
        read::categories,
        read::topics,
        write::create_topic,
        read::topic,
        write::reply,
        read::post,
        write::edit_post,
        write::like,
        write::flag,
        read::guide,
        write::edit_guide,
        read::guide_revision,
        read::guide_history,
        read::guide_diff,
        read::member,
        search::search,
        search::ask,
        standing::sync_standing,
    ),
    components(schemas(Problem, super::FieldProblem)),
    modifiers(&Common),
    tags(
        (name = "forum", description = "Categories, topics and posts"),
        (name = "wiki", description = "Guides, their revisions and edits"),
        (name = "members", description = "Public member profiles"),
        (name = "search", description = "Search and ask"),
        (name = "standing", description = "The identity service's sync endpoint"),
    )
)]
struct ApiDoc;

/// What every operation shares: the security schemes, and the problems any
/// operation may answer with (a bad parameter or body, a bad token, the
/// rate limit, a refusal by the site's rules).
struct Common;

fn problem_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .content(PROBLEM_JSON, Content::new(Some(Ref::from_schema_name("Problem"))))
        .build()
        .into()
}

impl Modify for Common {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearerAuth",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A personal API token from the site's settings"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "syncToken",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The site's sync token (configuration `sync_token`)"))
                    .build(),
            ),
        );
        for (path, item) in doc.paths.paths.iter_mut() {
            if path.ends_with("/standing") {
                continue;
            }
            let ops: [(&mut Option<Operation>, bool); 5] = [
                (&mut item.get, false),
                (&mut item.post, true),
                (&mut item.put, true),
                (&mut item.patch, true),
                (&mut item.delete, true),
            ];
            for (op, writes) in ops {
                let Some(op) = op.as_mut() else { continue };
                let add = |op: &mut Operation, status: &str, description: &str| {
                    op.responses.responses.entry(status.to_owned()).or_insert_with(|| problem_response(description));
                };
                add(op, "400", "A parameter or the body is not valid");
                add(op, "401", "The token is not valid (or, to write, missing)");
                add(op, "429", "Too many requests for this token; see Retry-After");
                if writes {
                    add(op, "403", "The token may only read, or the site's rules refuse this to the member");
                    add(op, "404", "Not found, or not visible to the member");
                    add(op, "409", "The request clashes with the current state");
                    add(op, "422", "A field is not valid");
                } else if op.security.is_none() {
                    // Reading works with or without a token.
                    op.security =
                        Some(vec![SecurityRequirement::default(), SecurityRequirement::new("bearerAuth", [""; 0])]);
                }
            }
        }
    }
}

/// The document, built once.
pub static DOCUMENT: LazyLock<Document> = LazyLock::new(ApiDoc::openapi);

/// `GET /api/v1/openapi.json`
pub(super) async fn openapi_json() -> Json<&'static Document> {
    Json(&DOCUMENT)
}

#[derive(Serialize)]
struct ParamView {
    name: String,
    place: String,
    required: bool,
    description: String,
}

#[derive(Serialize)]
struct OperationView {
    method: String,
    path: String,
    id: String,
    summary: String,
    /// `write`, `optional` or `sync`.
    auth: &'static str,
    params: Vec<ParamView>,
    request: Option<String>,
    responses: Vec<(String, String)>,
}

#[derive(Serialize)]
struct TagView {
    name: String,
    description: String,
    operations: Vec<OperationView>,
}

#[derive(Serialize)]
struct DocsPage {
    title: String,
    version: String,
    tags: Vec<TagView>,
}

fn schema_name(content: &Content) -> Option<String> {
    match content.schema.as_ref()? {
        RefOr::Ref(r) => r.ref_location.rsplit('/').next().map(str::to_owned),
        RefOr::T(_) => None,
    }
}

fn operations(doc: &Document) -> Vec<(String, OperationView, Vec<String>)> {
    let mut out = Vec::new();
    for (path, item) in doc.paths.paths.iter() {
        let ops = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, op) in ops {
            let Some(op) = op else { continue };
            let method = method.to_owned();
            let sec: Vec<String> = op
                .security
                .iter()
                .flatten()
                .filter_map(|s| serde_json::to_value(s).ok())
                .filter_map(|v| v.as_object().and_then(|o| o.keys().next().cloned()))
                .collect();
            let auth = if sec.iter().any(|s| s == "syncToken") {
                "sync"
            } else if op.security.as_ref().is_some_and(|s| s.len() == 1) {
                "write"
            } else {
                "optional"
            };
            let params = op
                .parameters
                .iter()
                .flatten()
                .map(|p| ParamView {
                    name: p.name.clone(),
                    place: serde_json::to_value(&p.parameter_in)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    required: matches!(p.required, Required::True),
                    description: p.description.clone().unwrap_or_default(),
                })
                .collect();
            let request = op.request_body.as_ref().and_then(|b| b.content.values().next()).and_then(schema_name);
            let responses = op
                .responses
                .responses
                .iter()
                .map(|(status, r)| {
                    let text = match r {
                        RefOr::T(r) => {
                            let schema = r.content.values().next().and_then(schema_name);
                            match schema {
                                Some(s) => format!("{} ({s})", r.description),
                                None => r.description.clone(),
                            }
                        }
                        RefOr::Ref(r) => r.ref_location.clone(),
                    };
                    (status.clone(), text)
                })
                .collect();
            let view = OperationView {
                method,
                path: path.clone(),
                id: op.operation_id.clone().unwrap_or_default(),
                summary: op.summary.clone().unwrap_or_default(),
                auth,
                params,
                request,
                responses,
            };
            out.push((path.clone(), view, op.tags.clone().unwrap_or_default()));
        }
    }
    out
}

/// `GET /api/v1/docs`: the document for people.
pub async fn docs_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let doc = &*DOCUMENT;
    let mut tags: Vec<TagView> = doc
        .tags
        .iter()
        .flatten()
        .map(|t| TagView {
            name: t.name.clone(),
            description: t.description.clone().unwrap_or_default(),
            operations: Vec::new(),
        })
        .collect();
    for (_, op, op_tags) in operations(doc) {
        let name = op_tags.first().cloned().unwrap_or_default();
        match tags.iter_mut().find(|t| t.name == name) {
            Some(t) => t.operations.push(op),
            None => tags.push(TagView { name, description: String::new(), operations: vec![op] }),
        }
    }
    let page = DocsPage { title: doc.info.title.clone(), version: doc.info.version.clone(), tags };
    state.views.page(&ctx, "api/docs.html", &page)
}

/// Every (method, path) the document describes, for tests and the page.
pub fn described_routes() -> Vec<(String, String)> {
    operations(&DOCUMENT).into_iter().map(|(path, op, _)| (op.method, path)).collect()
}
