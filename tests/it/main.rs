//! Black-box tests: each starts the real server with a fresh database.
#![allow(clippy::unwrap_used, reason = "tests fail loudly on purpose")]

mod accounts;
mod api;
mod browse;
mod browser;
mod cli;
mod commands;
mod crosslinks;
mod demo;
mod desk;
mod edge;
mod forum;
mod hardening;
mod i18n;
mod instances;
mod mail;
mod migrations;
mod moderation;
mod notify;
mod ops;
mod plans;
mod screens;
mod search;
mod search_db;
mod security;
mod standing;
mod support;
mod ui;
mod wiki;
