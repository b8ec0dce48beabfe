//! Veche: a community forum and knowledge base in one server.
//!
//! `main.rs` and the tests both go through [`router`] and [`AppState::build`].

pub mod accounts;
pub mod config;
pub mod crosslinks;
pub mod db;
pub mod demo;
pub mod diff;
pub mod entities;
pub mod error;
pub mod forum;
pub mod i18n;
pub mod markdown;
pub mod moderation;
pub mod policy;
pub mod state;
pub mod util;
pub mod web;
pub mod wiki;

pub use state::AppState;
pub use web::router;
