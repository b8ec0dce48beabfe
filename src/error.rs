//! The one error type of the application. Domain code returns it; `web`
//! maps it once to a status page or JSON.
//!
//! The domain holds no sentences: a refusal is data (a Fluent key and its
//! arguments, or a policy [`Denial`]) turned into words in the reader's
//! language when a page or an API answer is made.

use std::collections::BTreeMap;
use std::time::Duration;

use sea_orm::DbErr;
use serde::Serialize;

use crate::policy::Denial;

/// A message for the reader: a Fluent key and its named arguments.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Self {
        Self { key, args: Vec::new() }
    }

    /// Adds a named argument.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The message in `locale`.
    pub fn text(&self, locale: &str) -> String {
        crate::i18n::text(locale, self.key, &self.args)
    }
}

/// A message for one form field.
pub type FieldError = Msg;

/// Messages per form field, so a form can be shown again with each message
/// beside its field and everything the user typed still in place. The
/// pseudo-field `form` holds a message about the form as a whole.
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

    pub fn one_msg(field: &'static str, msg: Msg) -> Self {
        let mut e = Self::new();
        e.0.entry(field).or_insert(msg);
        e
    }

    pub fn add(&mut self, field: &'static str, key: &'static str) {
        self.0.entry(field).or_insert(Msg::new(key));
    }

    pub fn add_with(&mut self, field: &'static str, key: &'static str, args: Vec<(&'static str, String)>) {
        self.0.entry(field).or_insert(Msg { key, args });
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
    #[error("forbidden: {0:?}")]
    Forbidden(Denial),
    #[error("the form has expired or did not come from this site")]
    Csrf,
    /// The request clashes with the current state (already decided, edited
    /// meanwhile); saying so is enough, the reader decides what next.
    #[error("conflict: {}", .0.key)]
    Conflict(Msg),
    #[error("invalid input")]
    Invalid(FormErrors),
    /// A request no form of ours sends (a damaged link, an unknown choice).
    #[error("bad request: {}", .0.key)]
    BadRequest(Msg),
    #[error("too many requests")]
    RateLimited { retry_after: Duration },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn bad_request(key: &'static str) -> Self {
        AppError::BadRequest(Msg::new(key))
    }

    pub fn conflict(key: &'static str) -> Self {
        AppError::Conflict(Msg::new(key))
    }

    /// A message about one field of a form.
    pub fn invalid(field: &'static str, key: &'static str) -> Self {
        AppError::Invalid(FormErrors::one(field, key))
    }
}

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        match e {
            DbErr::RecordNotFound(_) => AppError::NotFound,
            e if is_unique_violation(&e) => AppError::conflict("err-already-exists"),
            e => AppError::Internal(anyhow::Error::new(e)),
        }
    }
}

/// Whether a database error is a unique-constraint violation, on either backend.
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

pub type AppResult<T> = Result<T, AppError>;
