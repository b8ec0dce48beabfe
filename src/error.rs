//! The one error type of the application. Domain code returns it; `web`
//! maps it once to a status page or JSON.

use std::collections::BTreeMap;
use std::time::Duration;

use sea_orm::DbErr;
use serde::Serialize;

use crate::policy::Denial;

/// A message for one form field: a Fluent key and its arguments.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldError {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// Messages per form field, so a form can be shown again with each message
/// beside its field and everything the user typed still in place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors(pub BTreeMap<&'static str, FieldError>);

impl FormErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn one(field: &'static str, key: &'static str) -> Self {
        let mut e = Self::new();
        e.add(field, key);
        e
    }

    pub fn add(&mut self, field: &'static str, key: &'static str) {
        self.0.entry(field).or_insert(FieldError { key, args: Vec::new() });
    }

    pub fn add_with(&mut self, field: &'static str, key: &'static str, args: Vec<(&'static str, String)>) {
        self.0.entry(field).or_insert(FieldError { key, args });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&FieldError> {
        self.0.get(field)
    }

    /// `Ok(())` when nothing was added.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() { Ok(()) } else { Err(AppError::Invalid(self)) }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthenticated,
    #[error("forbidden: {0}")]
    Forbidden(Denial),
    #[error("the form has expired or did not come from this site")]
    Csrf,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("invalid input")]
    Invalid(FormErrors),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("too many requests")]
    RateLimited { retry_after: Duration },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        match e {
            DbErr::RecordNotFound(_) => AppError::NotFound,
            e if is_unique_violation(&e) => AppError::Conflict("already exists".into()),
            e => AppError::Internal(anyhow::Error::new(e)),
        }
    }
}

/// Whether a database error is a unique-constraint violation, on either backend.
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

pub type AppResult<T> = Result<T, AppError>;
