//! sea-orm entities: the shape of the tables, no behaviour.

pub mod api_tokens;
pub mod articles;
pub mod bookmarks;
pub mod categories;
pub mod event_cursors;
pub mod events;
pub mod flags;
pub mod links;
pub mod mail_queue;
pub mod mod_log;
pub mod post_likes;
pub mod post_revisions;
pub mod posts;
pub mod proposals;
pub mod redirects;
pub mod revisions;
pub mod sessions;
pub mod site_settings;
pub mod standing_changes;
pub mod topic_reads;
pub mod topics;
pub mod users;
