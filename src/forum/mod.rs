//! The forum: categories, topics, posts, likes, bookmarks, solutions and
//! read positions. No HTTP here.
//!
//! - [`commands`]: every member action (open a topic, reply, edit, delete,
//!   like, bookmark, mark the solution), each one function;
//! - [`counters`]: the one place that keeps topic and category counters;
//! - [`visibility`]: who sees deleted and hidden topics and posts;
//! - [`lists`], [`posts`]: the reading side (topic lists, topic pages,
//!   histories), each page a fixed number of indexed queries;
//! - [`categories`]: categories and their admin commands.

pub mod categories;
pub mod commands;
pub mod counters;
pub mod lists;
pub mod posts;
pub mod visibility;

pub use categories::{Category, CategoryForm};
pub use commands::{NewTopic, PostRef};
pub use lists::{Cursor, ListQuery, Sort, TopicList, TopicRow};
pub use posts::{PostView, TopicPage};

/// Replies per topic page.
pub const POSTS_PER_PAGE: i32 = 20;
/// Topics per list page.
pub const TOPICS_PER_PAGE: u64 = 30;
