//! A topic page, a post's permanent address, and a post's history.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{CategoryRef, CategoryView, Link, categories_view, parse_id, post_href, topic_href};
use crate::error::AppError;
use crate::forum::posts::{PostView, TopicHead};
use crate::forum::{self, visibility};
use crate::i18n;
use crate::policy::Action;
use crate::state::AppState;
use crate::title::Title;
use crate::util;
use crate::web::context::Ctx;
use crate::web::errors::certificate_name;

#[derive(Debug, Default, Deserialize)]
pub(super) struct PageQuery {
    page: Option<String>,
}

pub(super) async fn show_topic(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    topic_view(&state, &ctx, &id, q.page.as_deref()).await
}

pub(super) async fn show_topic_slug(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, _slug)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    topic_view(&state, &ctx, &id, q.page.as_deref()).await
}

/// One post as the topic page shows it.
#[derive(Serialize)]
pub(crate) struct PostCard {
    id: i64,
    number: i32,
    author: String,
    author_certificate: String,
    author_certificate_name: String,
    author_bl: i32,
    author_role: String,
    author_staff: bool,
    /// Empty when the viewer may not read it.
    html: String,
    deleted: bool,
    hidden: bool,
    /// Why it is hidden or deleted, in the reader's language.
    mod_reason: String,
    staff: bool,
    can_flag: bool,
    created: String,
    created_abs: String,
    created_iso: String,
    edited: bool,
    likes: i32,
    liked: bool,
    bookmarked: bool,
    is_solution: bool,
    can_like: bool,
    can_edit: bool,
    can_delete: bool,
    can_solve: bool,
    my_flag: Option<String>,
    /// "BL 120", "♥ 3 likes": counted words, formatted here.
    bl_badge: String,
    likes_title: String,
    /// The author's staff role, in the reader's language.
    author_role_name: Option<String>,
}

/// The post actions' words, looked up once per page rather than by a
/// template call per post (over a hundred calls on a page of 20 posts).
#[derive(Serialize)]
struct PostLabels {
    flag_post: String,
    flag_submit: String,
    flag_text: String,
    mod_action: String,
    mod_apply: String,
    mod_delete: String,
    mod_hide: String,
    mod_reason_shown: String,
    mod_restore: String,
    mod_unhide: String,
    post_bookmark: String,
    post_delete: String,
    post_deleted: String,
    post_edit: String,
    post_edited: String,
    post_hidden: String,
    post_like: String,
    post_quote: String,
    post_solve: String,
    post_unbookmark: String,
    post_unlike: String,
    post_unsolve: String,
    profile_bl: String,
    profile_certificate: String,
    standing_reason: String,
    /// The reasons a member may flag a post for, in the form's order.
    flag_reasons: Vec<FlagReason>,
}

#[derive(Serialize)]
struct FlagReason {
    value: &'static str,
    label: String,
}

impl PostLabels {
    fn new(locale: &str) -> Self {
        let l = |key: &str| i18n::text(locale, key, &[]);
        Self {
            flag_post: l("flag-post"),
            flag_submit: l("flag-submit"),
            flag_text: l("flag-text"),
            mod_action: l("mod-action"),
            mod_apply: l("mod-apply"),
            mod_delete: l("mod-delete"),
            mod_hide: l("mod-hide"),
            mod_reason_shown: l("mod-reason-shown"),
            mod_restore: l("mod-restore"),
            mod_unhide: l("mod-unhide"),
            post_bookmark: l("post-bookmark"),
            post_delete: l("post-delete"),
            post_deleted: l("post-deleted"),
            post_edit: l("post-edit"),
            post_edited: l("post-edited"),
            post_hidden: l("post-hidden"),
            post_like: l("post-like"),
            post_quote: l("post-quote"),
            post_solve: l("post-solve"),
            post_unbookmark: l("post-unbookmark"),
            post_unlike: l("post-unlike"),
            post_unsolve: l("post-unsolve"),
            profile_bl: l("profile-bl"),
            profile_certificate: l("profile-certificate"),
            standing_reason: l("standing-reason"),
            flag_reasons: crate::moderation::flags::FLAG_REASONS
                .iter()
                .copied()
                .map(|value| FlagReason { value, label: l(&format!("flag-{value}")) })
                .collect(),
        }
    }
}

/// The reason shown in place of hidden or deleted text: what the system
/// says (in the reader's language), then what the moderator wrote.
pub(crate) fn reason_text(locale: &str, code: &str, reason: &str) -> String {
    let system = if code.is_empty() { None } else { i18n::try_text(locale, &format!("mod-reason-code-{code}"), &[]) };
    match (system, reason.trim()) {
        (Some(s), "") => s,
        (Some(s), r) => format!("{s} — {r}"),
        (None, r) => r.to_owned(),
    }
}

fn post_card(state: &AppState, ctx: &Ctx, p: &PostView, topic: &TopicHead, now: &OffsetDateTime) -> PostCard {
    let me = ctx.user.as_ref();
    let own = me.is_some_and(|u| u.id == p.user_id);
    let staff = visibility::is_staff(&state.policy, me);
    // Staff read everything; an author reads their own hidden (not deleted) post.
    let show_text = staff || !p.deleted && (!p.hidden || own);
    let may = |action| me.is_some_and(|u| state.policy.allows(&u.actor(), action));
    let live = !p.deleted && !p.hidden;
    PostCard {
        id: p.id,
        number: p.post_number,
        author: p.author.clone(),
        author_certificate: p.author_certificate.clone(),
        author_certificate_name: certificate_name(ctx.locale, &p.author_certificate),
        author_bl: p.author_bl,
        author_role: p.author_role.clone(),
        author_staff: p.author_role != "member",
        html: if show_text { p.html.clone() } else { String::new() },
        deleted: p.deleted,
        hidden: p.hidden,
        mod_reason: reason_text(ctx.locale, &p.mod_reason_code, &p.mod_reason),
        staff,
        can_flag: me.is_some() && !own && live && p.my_flag.is_none(),
        created: util::relative(&p.created_at, now, ctx.locale),
        created_abs: util::datetime(&p.created_at),
        created_iso: util::rfc3339(&p.created_at),
        edited: p.revision > 1,
        likes: p.like_count,
        liked: p.liked.is_some(),
        bookmarked: p.bookmarked.is_some(),
        is_solution: topic.solved_post_id == Some(p.id),
        can_like: me.is_some() && !own && live,
        can_edit: !p.deleted && may(Action::EditPost { own }),
        can_delete: !p.deleted && may(Action::DeletePost { own }),
        can_solve: live
            && p.post_number > 1
            && may(Action::MarkSolution { topic_author: me.is_some_and(|u| u.id == topic.user_id) }),
        // Members see what became of their own flags.
        my_flag: p.my_flag.as_ref().map(|status| i18n::text(ctx.locale, &format!("flag-status-{status}"), &[])),
        bl_badge: i18n::text(ctx.locale, "bl-badge", &[("bl", p.author_bl.to_string())]),
        likes_title: i18n::text(ctx.locale, "count-likes", &[("count", p.like_count.to_string())]),
        author_role_name: (p.author_role != "member")
            .then(|| i18n::text(ctx.locale, &format!("role-{}", p.author_role), &[])),
    }
}

#[derive(Serialize)]
struct TopicView {
    id: i64,
    title: String,
    href: String,
    category: CategoryRef,
    replies: i32,
    likes: i32,
    closed: bool,
    pinned: bool,
    solved: bool,
    deleted: bool,
    hidden: bool,
}

#[derive(Serialize)]
struct RelatedView {
    title: String,
    href: String,
    excerpt: String,
}

#[derive(Serialize, Default)]
struct ReplyForm {
    body: String,
}

#[derive(Serialize)]
struct TopicPage {
    topic: TopicView,
    posts: Vec<PostCard>,
    solution: Option<PostCard>,
    related: Vec<RelatedView>,
    guide: Option<Link>,
    is_staff: bool,
    categories: Vec<CategoryView>,
    can_make_guide: bool,
    page: i32,
    pages: Vec<i32>,
    can_reply: bool,
    form: ReplyForm,
    errors: crate::web::views::Messages,
    max_body: usize,
    /// The reader's watch level for this topic (members only).
    watch: Option<crate::web::notify::WatchControl>,
    pl: PostLabels,
}

async fn topic_view(state: &AppState, ctx: &Ctx, id: &str, page: Option<&str>) -> Result<Response, AppError> {
    let id = parse_id(id)?;
    let me = ctx.user.as_ref();
    let page_no = match page {
        None => None,
        Some(p) => Some(p.parse::<i32>().map_err(|_| AppError::NotFound)?),
    };
    let page =
        forum::posts::topic_page(&state.db, &state.policy, me, id, page_no.unwrap_or(1), forum::posts::Source::Without)
            .await?;
    if let Some(into) = page.topic.merged_into_id {
        return Ok(Redirect::permanent(&format!("/t/{into}")).into_response());
    }
    // A returning member lands on the first post they have not read.
    if page_no.is_none()
        && let Some(read) = page.last_read
        && read < page.topic.highest_post_number
    {
        return Ok(Redirect::to(&post_href(id, read + 1)).into_response());
    }
    // Only a move forward is a write; reading a page again is not.
    if let (Some(u), Some(last)) = (me, page.posts.last())
        && page.last_read.is_none_or(|r| r < last.post_number)
    {
        forum::posts::mark_read(&state.db, u.id, id, last.post_number).await?;
    }
    let now = util::now();
    let t = &page.topic;
    let posts: Vec<PostCard> = page.posts.iter().map(|p| post_card(state, ctx, p, t, &now)).collect();
    let solution = page.solution.as_ref().map(|s| post_card(state, ctx, s, t, &now));
    let is_staff = visibility::is_staff(&state.policy, me);
    let can_reply = me.is_some()
        && !t.deleted
        && (!t.hidden || is_staff)
        && (!t.closed || me.is_some_and(|u| state.policy.allows(&u.actor(), Action::ReplyToClosedTopic)));
    let related = crate::crosslinks::related_guides(state.db.read(), id, 10)
        .await?
        .into_iter()
        .map(|g| RelatedView { href: Title::stored_href(&g.title), title: g.title, excerpt: g.excerpt })
        .collect();
    let guide = match t.guide_article_id {
        Some(a) => crate::wiki::title_of(state.db.read(), a)
            .await?
            .map(|title| Link { href: Title::stored_href(&title), title }),
        None => None,
    };
    let can_make_guide = t.solved_post_id.is_some()
        && t.guide_article_id.is_none()
        && me.is_some()
        && !matches!(crate::wiki::edit_decision(&state.policy, me, None), crate::policy::Decision::Deny(_));
    let categories = if is_staff { categories_view(&forum::categories::all(&state.db).await?) } else { Vec::new() };
    let watch = match me {
        Some(u) => {
            // The header's count says whether there is anything to mark.
            if ctx.unread > 0 {
                crate::notify::seen_topic(state, u.id, id).await?;
            }
            Some(crate::web::notify::control_of(crate::notify::watch::TOPIC, id, page.watch_level.as_deref()))
        }
        None => None,
    };
    let ctx = if me.is_some() { ctx.with_csrf().await? } else { ctx.clone() };
    let view = TopicPage {
        topic: TopicView {
            id: t.id,
            title: t.title.clone(),
            href: topic_href(t.id, &t.title),
            category: CategoryRef {
                slug: t.category_slug.clone(),
                name: t.category_name.clone(),
                color: t.category_color.clone(),
            },
            replies: t.reply_count,
            likes: t.like_count,
            closed: t.closed,
            pinned: t.pinned,
            solved: page.solution.is_some(),
            deleted: t.deleted,
            hidden: t.hidden,
        },
        posts,
        solution,
        related,
        guide,
        is_staff,
        categories,
        can_make_guide,
        page: page.page,
        pages: (1..=page.pages).collect(),
        can_reply,
        form: ReplyForm::default(),
        errors: Default::default(),
        max_body: state.config.max_post_chars,
        watch,
        pl: PostLabels::new(ctx.locale),
    };
    state.views.page(&ctx, "forum/topic.html", &view)
}

pub(super) async fn goto_post(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (p, _) = visibility::post(state.db.read(), &state.policy, ctx.user.as_ref(), parse_id(&id)?).await?;
    Ok(Redirect::to(&post_href(p.topic_id, p.post_number)).into_response())
}

#[derive(Serialize)]
struct RevisionCard {
    revision: i32,
    editor: String,
    at: String,
    body: Option<String>,
    diff: Option<Vec<crate::diff::DiffLine>>,
}

#[derive(Serialize)]
struct PostRef {
    id: i64,
    number: i32,
}

#[derive(Serialize)]
struct HistoryPage {
    post: PostRef,
    topic: Link,
    revisions: Vec<RevisionCard>,
}

/// A post's versions with what changed, for those who may read the post.
pub(super) async fn history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (p, topic, revisions) =
        forum::posts::history(&state.db, &state.policy, ctx.user.as_ref(), parse_id(&id)?).await?;
    let mut out = Vec::new();
    let mut previous: Option<&str> = None;
    for r in &revisions {
        out.push(RevisionCard {
            revision: r.revision,
            editor: r.editor.clone(),
            at: util::datetime(&r.created_at),
            body: previous.is_none().then(|| r.body.clone()),
            diff: previous.map(|old| crate::diff::lines(old, &r.body, 2)),
        });
        previous = Some(&r.body);
    }
    out.reverse();
    let view = HistoryPage {
        post: PostRef { id: p.id, number: p.post_number },
        topic: Link { href: topic_href(topic.id, &topic.title), title: topic.title },
        revisions: out,
    };
    state.views.page(&ctx, "forum/history.html", &view)
}
