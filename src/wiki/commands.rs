//! What editors do to guides, one command per action: edit (a revision,
//! or a proposal for members below the bar), revert, undo, rename,
//! protect. Each asks `policy`, checks the input, writes in one
//! transaction with its events, and lets the subscribers run (links, BL).

use std::collections::BTreeMap;

use anyhow::Context;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set, TransactionTrait};

use super::{Article, Found, Revision, current, edit_decision, find, revision, sections};
use crate::accounts::User;
use crate::app::App;
use crate::audit;
use crate::crosslinks;
use crate::entities::{articles, redirects, revisions};
use crate::error::{AppError, AppResult, FormErrors, is_unique_violation};
use crate::events::{self, Event};
use crate::input;
use crate::policy::{Action, Decision};
use crate::title::Title;

#[derive(Debug, Clone, Default)]
pub struct Edit {
    pub body: String,
    pub summary: String,
    pub minor: bool,
    /// The revision the editor started from; `None` when creating.
    pub base: Option<i64>,
    /// Other titles for search, one per line; `None` leaves them as they are.
    pub aliases: Option<String>,
    /// The sections the guide is filed in, comma-separated; `None` leaves
    /// them as they are.
    pub sections: Option<String>,
}

/// Most aliases a guide keeps, and the longest one.
pub const MAX_ALIASES: usize = 20;

/// Aliases as stored: trimmed lines, no blanks, no repeats, within limits.
pub fn clean_aliases(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let line: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
        let line: String = line.chars().take(input::TITLE_MAX).collect();
        if !line.is_empty() && !out.contains(&line) && out.len() < MAX_ALIASES {
            out.push(line);
        }
    }
    out.join("\n")
}

#[derive(Debug)]
pub enum Saved {
    /// A new revision; `merged` when other changes made meanwhile were merged in.
    Revision { id: i64, merged: bool },
    /// The text equals the current one: nothing to save.
    Unchanged,
    /// Someone changed the same lines meanwhile: nothing saved.
    Conflict { current: Box<Revision> },
}

/// What an edit became.
#[derive(Debug)]
pub enum Edited {
    Saved(Saved),
    /// A member below the bar: the edit waits for review as this proposal.
    Proposed(i64),
}

/// What the system records about a revision beside the editor's summary.
#[derive(Debug, Clone, Default)]
pub struct Note {
    pub code: &'static str,
    pub args: BTreeMap<&'static str, String>,
}

impl Note {
    fn json(&self) -> String {
        if self.code.is_empty() { String::new() } else { serde_json::to_string(&self.args).unwrap_or_default() }
    }
}

pub(crate) fn check_edit(edit: &Edit, max: usize) -> AppResult<()> {
    let mut errors = FormErrors::new();
    if edit.body.trim().is_empty() {
        errors.add("body", "err-body-empty");
    } else if edit.body.chars().count() > max {
        errors.add_with("body", "err-body-long", vec![("max", max.to_string())]);
    }
    if edit.summary.chars().count() > input::SUMMARY_MAX {
        errors.add_with("summary", "err-summary-long", vec![("max", input::SUMMARY_MAX.to_string())]);
    }
    if let Some(Err(e)) = edit.sections.as_deref().map(sections::parse_names) {
        errors.0.extend(e.0);
    }
    errors.into_result()
}

struct NewRevision<'a> {
    article_id: i64,
    parent: Option<&'a Revision>,
    author: i64,
    body: &'a str,
    summary: &'a str,
    note: &'a Note,
    minor: bool,
}

async fn insert_revision(txn: &DatabaseTransaction, r: NewRevision<'_>) -> AppResult<Revision> {
    let rendered = crosslinks::render(txn, r.body).await?;
    let size = i32::try_from(r.body.chars().count()).unwrap_or(i32::MAX);
    let toc = serde_json::to_string(&rendered.headings).unwrap_or_else(|_| "[]".into());
    let rev = revisions::ActiveModel {
        article_id: Set(r.article_id),
        parent_id: Set(r.parent.map(|p| p.id)),
        author_id: Set(r.author),
        body: Set(r.body.to_owned()),
        html: Set(rendered.html.as_str().to_owned()),
        toc: Set(toc),
        summary: Set(input::truncate(r.summary.trim(), input::SUMMARY_MAX)),
        summary_code: Set(r.note.code.to_owned()),
        summary_args: Set(r.note.json()),
        minor: Set(r.minor),
        size: Set(size),
        size_delta: Set(size - r.parent.map_or(0, |p| p.size)),
        created_at: Set(crate::util::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    articles::Entity::update_many()
        .col_expr(articles::Column::Excerpt, Expr::value(crosslinks::excerpt(rendered.html.as_str(), 240)))
        .filter(articles::Column::Id.eq(r.article_id))
        .exec(txn)
        .await?;
    Ok(rev)
}

/// One attempt at saving inside `txn`: `None` when someone saved or
/// created the guide meanwhile (start again with a new transaction).
/// `found` is what [`find`] gave for `title` in this transaction.
/// Asks no permission: callers have decided.
pub(crate) async fn save_in(
    txn: &DatabaseTransaction,
    found: Option<Found>,
    author: i64,
    title: &Title,
    edit: &Edit,
    note: &Note,
    events_out: &mut Vec<Event>,
) -> AppResult<Option<Saved>> {
    let now = crate::util::now();
    let names = edit.sections.as_deref().map(sections::parse_names).transpose().map_err(AppError::Invalid)?;
    let Some(Found { article, .. }) = found else {
        let inserted = articles::ActiveModel {
            title: Set(title.as_str().to_owned()),
            title_key: Set(title.key().to_owned()),
            current_revision_id: Set(None),
            protected: Set(false),
            revision_count: Set(1),
            discussion_count: Set(0),
            excerpt: Set(String::new()),
            search_key: Set(input::search_key(title.as_str())),
            aliases: Set(edit.aliases.as_deref().map(clean_aliases).unwrap_or_default()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await;
        let article = match inserted {
            Ok(a) => a,
            // Someone created it a moment ago: start over and merge.
            Err(e) if is_unique_violation(&e) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let rev = insert_revision(
            txn,
            NewRevision {
                article_id: article.id,
                parent: None,
                author,
                body: &edit.body,
                summary: &edit.summary,
                note,
                minor: edit.minor,
            },
        )
        .await?;
        articles::Entity::update_many()
            .col_expr(articles::Column::CurrentRevisionId, Expr::value(rev.id))
            .filter(articles::Column::Id.eq(article.id))
            .exec(txn)
            .await?;
        if let Some(names) = &names {
            sections::set_in(txn, article.id, &article.title, names).await?;
        }
        events_out.push(Event::GuideSaved { article: article.id, revision: rev.id, by: author, created: true });
        return Ok(Some(Saved::Revision { id: rev.id, merged: false }));
    };
    let cur = current(txn, &article).await?;
    let (text, merged) = if edit.base == Some(cur.id) {
        (edit.body.clone(), false)
    } else {
        let base_body = match edit.base {
            Some(b) => revisions::Entity::find_by_id(b)
                .filter(revisions::Column::ArticleId.eq(article.id))
                .one(txn)
                .await?
                .map(|r| r.body)
                .unwrap_or_default(),
            None => String::new(),
        };
        match diffy::merge(&base_body, &edit.body, &cur.body) {
            Ok(m) => (m, true),
            Err(_) => return Ok(Some(Saved::Conflict { current: Box::new(cur) })),
        }
    };
    let aliases = edit.aliases.as_deref().map(clean_aliases).filter(|a| *a != article.aliases);
    if let Some(a) = &aliases {
        articles::Entity::update_many()
            .col_expr(articles::Column::Aliases, Expr::value(a.clone()))
            .filter(articles::Column::Id.eq(article.id))
            .exec(txn)
            .await?;
    }
    let filed = match &names {
        Some(names) => sections::set_in(txn, article.id, &article.title, names).await?,
        None => false,
    };
    if text == cur.body {
        if aliases.is_some() || filed {
            events_out.push(Event::GuideSaved { article: article.id, revision: cur.id, by: author, created: false });
            return Ok(Some(Saved::Revision { id: cur.id, merged: false }));
        }
        return Ok(Some(Saved::Unchanged));
    }
    let rev = insert_revision(
        txn,
        NewRevision {
            article_id: article.id,
            parent: Some(&cur),
            author,
            body: &text,
            summary: &edit.summary,
            note,
            minor: edit.minor,
        },
    )
    .await?;
    // Compare-and-swap: only if nobody saved since we read `cur`.
    let swapped = articles::Entity::update_many()
        .col_expr(articles::Column::CurrentRevisionId, Expr::value(rev.id))
        .col_expr(articles::Column::RevisionCount, Expr::col(articles::Column::RevisionCount).add(1))
        .col_expr(articles::Column::UpdatedAt, Expr::value(now))
        .filter(articles::Column::Id.eq(article.id))
        .filter(articles::Column::CurrentRevisionId.eq(cur.id))
        .exec(txn)
        .await?
        .rows_affected;
    if swapped == 0 {
        return Ok(None);
    }
    events_out.push(Event::GuideSaved { article: article.id, revision: rev.id, by: author, created: false });
    Ok(Some(Saved::Revision { id: rev.id, merged }))
}

const ATTEMPTS: usize = 8;

/// Saves with retries (a new transaction each time), after `allowed`
/// confirms inside the transaction that the actor may write what is there.
async fn save_with(
    app: &App,
    author: &User,
    title: &Title,
    edit: &Edit,
    note: &Note,
    source_topic: Option<i64>,
    allowed: impl Fn(Option<&Article>) -> AppResult<()>,
) -> AppResult<Saved> {
    for _ in 0..ATTEMPTS {
        let txn = app.db.write().begin().await?;
        let found = find(&txn, title).await?;
        allowed(found.as_ref().map(|f| &f.article))?;
        let mut list = Vec::new();
        let Some(saved) = save_in(&txn, found, author.id, title, edit, note, &mut list).await? else {
            txn.rollback().await?;
            continue;
        };
        if let (Saved::Revision { .. }, Some(topic)) = (&saved, source_topic)
            && let Some(Event::GuideSaved { article, .. }) = list.first()
        {
            crate::forum::commands::link_guide(&txn, topic, *article).await?;
        }
        events::record_all(&txn, &list).await?;
        txn.commit().await.context("commit revision")?;
        app.events.settle(app).await;
        return Ok(saved);
    }
    Err(AppError::conflict("err-wiki-busy"))
}

/// Command: an edit of `title` (creating it if needed). Members who may
/// edit get a revision, merged 3-way with edits made meanwhile when they
/// touch different lines; members below the bar get a proposal for review.
pub async fn edit(app: &App, actor: &User, title: &Title, edit: &Edit, source_topic: Option<i64>) -> AppResult<Edited> {
    check_edit(edit, app.config.max_article_chars)?;
    let found = find(app.db.read(), title).await?;
    match edit_decision(&app.policy, Some(actor), found.as_ref().map(|f| &f.article)) {
        Decision::Allow => {}
        Decision::Propose(_) => {
            return super::proposals::submit(app, actor, title, edit, source_topic).await.map(Edited::Proposed);
        }
        Decision::Deny(d) => return Err(AppError::Forbidden(d)),
    }
    let saved = save_with(app, actor, title, edit, &Note::default(), source_topic, |article| {
        edit_decision(&app.policy, Some(actor), article).require()
    })
    .await?;
    Ok(Edited::Saved(saved))
}

fn note(code: &'static str, pairs: impl IntoIterator<Item = (&'static str, String)>) -> Note {
    Note { code, args: pairs.into_iter().collect() }
}

/// Command: a new revision with the text of revision `rev_id`.
pub async fn revert(app: &App, actor: &User, title: &Title, rev_id: i64) -> AppResult<Saved> {
    app.policy.require(&actor.actor(), Action::RevertArticle)?;
    let Found { article, .. } = find(app.db.read(), title).await?.ok_or(AppError::NotFound)?;
    let target = revision(app.db.read(), &article, rev_id).await?;
    let cur = current(app.db.read(), &article).await?;
    let e = Edit {
        body: target.body,
        summary: String::new(),
        minor: false,
        base: Some(cur.id),
        aliases: None,
        sections: None,
    };
    let n = note("reverted", [("n", rev_id.to_string())]);
    save_with(app, actor, title, &e, &n, None, |article| {
        app.policy.require(&actor.actor(), Action::RevertArticle)?;
        edit_decision(&app.policy, Some(actor), article).require()
    })
    .await
}

/// Command: remove the change made by revision `rev_id` from the current
/// text, if that still applies cleanly.
pub async fn undo(app: &App, actor: &User, title: &Title, rev_id: i64) -> AppResult<Saved> {
    app.policy.require(&actor.actor(), Action::EditArticle)?;
    let Found { article, .. } = find(app.db.read(), title).await?.ok_or(AppError::NotFound)?;
    let undone = revision(app.db.read(), &article, rev_id).await?;
    let Some(parent) = undone.parent_id else {
        return Err(AppError::conflict("err-undo-first"));
    };
    let before = revision(app.db.read(), &article, parent).await?.body;
    let cur = current(app.db.read(), &article).await?;
    let text = diffy::merge(&undone.body, &before, &cur.body).map_err(|_| AppError::conflict("err-undo-conflict"))?;
    let e =
        Edit { body: text, summary: String::new(), minor: false, base: Some(cur.id), aliases: None, sections: None };
    let n = note("undid", [("n", rev_id.to_string())]);
    match save_with(app, actor, title, &e, &n, None, |article| {
        edit_decision(&app.policy, Some(actor), article).require()
    })
    .await?
    {
        Saved::Conflict { .. } => Err(AppError::conflict("err-undo-conflict")),
        other => Ok(other),
    }
}

/// Command: rename a guide; the old title becomes a redirect and the move
/// shows in the history with the reason.
pub async fn rename(app: &App, actor: &User, from: &Title, to: &Title, reason: &str) -> AppResult<Article> {
    app.policy.require(&actor.actor(), Action::RenameArticle)?;
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, false);
    if from.key() == to.key() {
        errors.add("title", "err-title-same");
    }
    errors.into_result()?;
    let txn = app.db.write().begin().await?;
    let article = articles::Entity::find()
        .filter(articles::Column::TitleKey.eq(from.key()))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if article.is_protected() {
        app.policy.require(&actor.actor(), Action::EditProtectedArticle)?;
    }
    if let Some(f) = find(&txn, to).await?
        && f.article.id != article.id
    {
        return Err(AppError::invalid("title", "err-title-taken"));
    }
    redirects::Entity::delete_by_id(to.key().to_owned()).exec(&txn).await?;
    let now = crate::util::now();
    let cur = current(&txn, &article).await?;
    let mut am: articles::ActiveModel = article.clone().into();
    am.title = Set(to.as_str().to_owned());
    am.title_key = Set(to.key().to_owned());
    am.search_key = Set(input::search_key(to.as_str()));
    am.updated_at = Set(now);
    let renamed = am.update(&txn).await?;
    sections::retitle(&txn, article.id, to.as_str()).await?;
    redirects::ActiveModel {
        from_key: Set(from.key().to_owned()),
        from_title: Set(from.as_str().to_owned()),
        article_id: Set(article.id),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    // The move shows in the history as a revision with unchanged text.
    let n = note("moved", [("from", from.as_str().to_owned()), ("to", to.as_str().to_owned())]);
    let rev = insert_revision(
        &txn,
        NewRevision {
            article_id: article.id,
            parent: Some(&cur),
            author: actor.id,
            body: &cur.body,
            summary: &reason,
            note: &n,
            minor: true,
        },
    )
    .await?;
    articles::Entity::update_many()
        .col_expr(articles::Column::CurrentRevisionId, Expr::value(rev.id))
        .col_expr(articles::Column::RevisionCount, Expr::col(articles::Column::RevisionCount).add(1))
        .filter(articles::Column::Id.eq(article.id))
        .exec(&txn)
        .await?;
    events::record(
        &txn,
        &Event::GuideRenamed {
            article: article.id,
            from: from.key().to_owned(),
            to: to.key().to_owned(),
            by: actor.id,
        },
    )
    .await?;
    txn.commit().await.context("commit rename")?;
    app.events.settle(app).await;
    Ok(renamed)
}

/// Command: protect a guide (only staff edit it) for `days` or until
/// lifted, with a reason shown to editors and kept in the staff log; or
/// lift the protection.
pub async fn protect(
    app: &App,
    actor: &User,
    title: &Title,
    protected: bool,
    reason: &str,
    days: Option<i64>,
) -> AppResult<()> {
    app.policy.require(&actor.actor(), Action::ProtectArticle)?;
    let mut errors = FormErrors::new();
    let reason = input::reason(&mut errors, "reason", reason, false);
    if days.is_some_and(|d| !(1..=3650).contains(&d)) {
        errors.add("days", "err-days");
    }
    errors.into_result()?;
    let Found { article, .. } = find(app.db.read(), title).await?.ok_or(AppError::NotFound)?;
    let until = days.filter(|_| protected).map(|d| crate::util::now() + time::Duration::days(d));
    let txn = app.db.write().begin().await?;
    articles::Entity::update_many()
        .col_expr(articles::Column::Protected, Expr::value(protected))
        .col_expr(articles::Column::ProtectedUntil, Expr::value(until))
        .col_expr(articles::Column::ProtectReason, Expr::value(if protected { reason.as_str() } else { "" }))
        .filter(articles::Column::Id.eq(article.id))
        .exec(&txn)
        .await?;
    let mut details = audit::details([("title", article.title.clone())]);
    if let Some(t) = until {
        details.insert("until", crate::util::rfc3339(&t));
    }
    audit::log(
        &txn,
        audit::Entry {
            actor: Some(actor.id),
            action: if protected { "guide.protect" } else { "guide.unprotect" },
            reason: &reason,
            details,
            ..Default::default()
        },
    )
    .await?;
    events::record(&txn, &Event::GuideProtected { article: article.id, by: actor.id, protected }).await?;
    txn.commit().await.context("commit protection")?;
    app.events.settle(app).await;
    Ok(())
}
