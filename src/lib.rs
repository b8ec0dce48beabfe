//! Veche: a community forum and knowledge base in one server.
//!
//! `main.rs` and the tests both go through [`router`] and [`AppState::build`].

pub mod accounts;
pub mod app;
pub mod audit;
pub mod config;
pub mod crosslinks;
pub mod db;
pub mod demo;
pub mod diff;
pub mod entities;
pub mod error;
pub mod events;
pub mod forum;
pub mod i18n;
pub mod input;
pub mod mail;
pub mod markdown;
pub mod metrics;
pub mod moderation;
pub mod notify;
pub mod ops;
pub mod policy;
pub mod search;
pub mod site;
pub mod sql;
pub mod state;
pub mod text;
pub mod title;
pub mod upkeep;
pub mod util;
pub mod web;
pub mod wiki;

pub use state::AppState;
pub use web::router;
