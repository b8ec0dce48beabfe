//! sea-orm entities: the shape of the tables, no behaviour.

pub mod sessions;
pub mod standing_changes;
pub mod users;
