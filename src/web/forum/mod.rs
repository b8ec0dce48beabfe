//! Forum pages. Each file is one part of what a member does:
//! - [`lists`]: the home page and category pages (topic lists);
//! - [`topic`]: a topic page, a post's address, a post's history;
//! - [`compose`]: new topic, reply, edit, preview, suggestions, "turn into a guide";
//! - [`actions`]: delete, like, bookmark, mark the solution;
//! - [`admin`]: the category admin and the category colours.

mod actions;
mod admin;
mod compose;
mod lists;
mod topic;

use axum::Router;
use axum::routing::{get, post};
use serde::Serialize;

use crate::error::AppError;
use crate::forum::Category;
use crate::state::AppState;
use crate::web::views::encode_segment;

pub use compose::quote_markdown;
pub(crate) use topic::reason_text;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(lists::home))
        .route("/categories.css", get(admin::category_css))
        .route("/categories", get(lists::categories))
        .route("/c/{slug}", get(lists::category))
        .route("/t/new", get(compose::new_topic_form).post(compose::create_topic))
        .route("/t/suggest", get(compose::suggest))
        .route("/t/{id}/guide", get(compose::turn_into_guide))
        .route("/t/{id}", get(topic::show_topic))
        .route("/t/{id}/reply", get(compose::reply_form).post(compose::reply))
        .route("/t/{id}/{slug}", get(topic::show_topic_slug))
        .route("/p/{id}", get(topic::goto_post))
        .route("/p/{id}/edit", get(compose::edit_form).post(compose::edit))
        .route("/p/{id}/delete", post(actions::delete))
        .route("/p/{id}/like", post(actions::like))
        .route("/p/{id}/bookmark", post(actions::bookmark))
        .route("/p/{id}/solve", post(actions::solve))
        .route("/p/{id}/history", get(topic::history))
        .route("/preview", post(compose::preview))
        .route("/admin/categories", get(admin::admin_categories).post(admin::admin_create_category))
        .route("/admin/categories/{slug}", post(admin::admin_edit_category))
        .route("/admin/categories/{slug}/move", post(admin::admin_move_category))
}

/// Ids in URLs: anything that is not a positive number is simply not found.
pub(crate) fn parse_id(s: &str) -> Result<i64, AppError> {
    s.parse::<i64>().ok().filter(|i| *i > 0).ok_or(AppError::NotFound)
}

/// The ignored, human-readable tail of a topic URL.
pub fn topic_slug(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut chars = 0;
    for c in title.chars() {
        // Cyrillic and ASCII first: a list page makes thirty of these.
        let lower = match c {
            'a'..='z' | '0'..='9' => Some(c),
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            '\u{0430}'..='\u{045F}' => Some(c),
            '\u{0410}'..='\u{042F}' => char::from_u32(c as u32 + 0x20),
            '\u{0400}'..='\u{040F}' => char::from_u32(c as u32 + 0x50),
            c if c.is_ascii() => None,
            c if c.is_alphanumeric() => c.to_lowercase().next(),
            _ => None,
        };
        match lower {
            Some(l) => {
                out.push(l);
                chars += 1;
            }
            None if !out.ends_with('-') && !out.is_empty() => {
                out.push('-');
                chars += 1;
            }
            None => {}
        }
        if chars >= 60 {
            break;
        }
    }
    let s = out.trim_end_matches('-');
    if s.is_empty() { "topic".to_owned() } else { s.to_owned() }
}

pub fn topic_href(id: i64, title: &str) -> String {
    format!("/t/{id}/{}", encode_segment(&topic_slug(title)))
}

/// Where a post is: its topic page and anchor.
pub(crate) fn post_href(topic: i64, number: i32) -> String {
    format!("/t/{topic}?page={}#p{number}", crate::forum::posts::page_of(number))
}

/// A category as lists and forms show it.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub color: String,
    pub child: bool,
    pub topics: i32,
    pub posts: i32,
}

pub(crate) fn categories_view(cats: &[Category]) -> Vec<CategoryView> {
    cats.iter()
        .map(|c| CategoryView {
            slug: c.slug.clone(),
            name: c.name.clone(),
            description: c.description.clone(),
            color: c.color.clone(),
            child: c.parent_id.is_some(),
            topics: c.topic_count,
            posts: c.post_count,
        })
        .collect()
}

/// A category in a chip: slug, name, colour.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryRef {
    pub slug: String,
    pub name: String,
    pub color: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub href: String,
}

#[cfg(test)]
mod tests {
    use super::topic_slug;

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        assert_eq!(topic_slug("Поповнив гаманець: гроші НЕ прийшли!"), "поповнив-гаманець-гроші-не-прийшли");
        assert_eq!(topic_slug("Їжак, Ґанок і Єнот — 2 ДНІ"), "їжак-ґанок-і-єнот-2-дні");
        assert_eq!(topic_slug("Withdraw to Card?"), "withdraw-to-card");
        assert_eq!(topic_slug("!!!"), "topic");
        assert_eq!(topic_slug(&"а".repeat(100)).chars().count(), 60);
    }
}
