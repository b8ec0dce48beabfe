//! The forum: categories, topics, posts, likes, bookmarks, solutions and
//! read positions. Plain async functions over the database; no HTTP.
//!
//! Counters (posts and replies in a topic, last post time and author, likes,
//! topics and posts in a category) change in the same transaction as the
//! write that changes them, so lists never count rows.

pub mod categories;
pub mod lists;
pub mod posts;

pub use categories::{Category, CategoryForm};
pub use lists::{Cursor, ListQuery, Sort, TopicList, TopicRow};
pub use posts::{NewTopic, PostView, TopicPage};

/// Replies per topic page.
pub const POSTS_PER_PAGE: i32 = 20;
/// Topics per list page.
pub const TOPICS_PER_PAGE: u64 = 30;
