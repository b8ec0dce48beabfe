//! `veche demo --scale N`: a community of realistic size, for benchmarks and
//! for trying the site with a long history. At scale 1: about 10 000 members,
//! 5 000 topics, 100 000 posts, 1 000 guides with 20 000 revisions, and the
//! links between them, with the skew of a real community (a few members
//! write most posts, a few topics have hundreds of replies, a few guides are
//! long and often edited).
//!
//! The hand-written demo (`demo/forum.json`, `demo/wiki.json`) is part of it,
//! as its most recent topics and its oldest guides; everything else is built
//! from the phrase bank in `demo/scale.json`. Rows are written with
//! multi-row INSERTs in large transactions, ids assigned here in time order
//! (so id order is time order, as on a real site), and Markdown rendered on
//! every core, so scale 1 takes about a minute on SQLite.

use std::collections::{HashMap, HashSet};

use anyhow::{Context, bail};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, Set, TransactionTrait,
};
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::{DemoGuide, Forum, Summary, random_password};
use crate::app::App;
use crate::entities::{
    article_sections, articles, categories, links, post_likes, post_revisions, posts, revisions, standing_changes,
    topics, users,
};
use crate::forum::CategoryForm;
use crate::markdown::{self, LinkResolver, Rendered};
use crate::title::Title;

/// What one unit of scale means.
const MEMBERS: f64 = 10_000.0;
const TOPICS: f64 = 5_000.0;
const POSTS: f64 = 100_000.0;
const GUIDES: f64 = 1_000.0;
const REVISIONS: f64 = 20_000.0;
/// The longest topic at scale 1 and above: the benchmark reads its last page.
const HOT_TOPIC_POSTS: usize = 520;
/// How far back the community goes.
const HISTORY_DAYS: i64 = 3 * 365;

#[derive(Deserialize)]
struct Bank {
    first_uk: Vec<String>,
    last_uk: Vec<String>,
    first_ru: Vec<String>,
    last_ru: Vec<String>,
    nick: Vec<String>,
    banks: Vec<String>,
    methods: Vec<String>,
    currencies: Vec<String>,
    apps: Vec<String>,
    cities: Vec<String>,
    amounts: Vec<String>,
    titles: HashMap<String, Langs>,
    open_uk: Vec<String>,
    open_ru: Vec<String>,
    problem_uk: Vec<String>,
    problem_ru: Vec<String>,
    ask_uk: Vec<String>,
    ask_ru: Vec<String>,
    reply_open_uk: Vec<String>,
    reply_open_ru: Vec<String>,
    advice_uk: Vec<String>,
    advice_ru: Vec<String>,
    thanks_uk: Vec<String>,
    thanks_ru: Vec<String>,
    guide_topics: Vec<String>,
    guide_patterns: Vec<String>,
    headings: Vec<String>,
    guide_sentences: Vec<String>,
}

#[derive(Deserialize)]
struct Langs {
    uk: Vec<String>,
    ru: Vec<String>,
}

/// SplitMix64: small, fast, and the same community for the same scale.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn f(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo).max(0) as usize + 1) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.f() < p
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }

    /// Pareto with minimum 1: most draws near 1, a few very large.
    fn pareto(&mut self, alpha: f64) -> f64 {
        (1.0 - self.f()).powf(-1.0 / alpha)
    }

    fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.f()).ln()
    }
}

/// Picks indices in proportion to weights.
struct Weighted(Vec<f64>);

impl Weighted {
    fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut sum = 0.0;
        Weighted(
            weights
                .into_iter()
                .map(|w| {
                    sum += w;
                    sum
                })
                .collect(),
        )
    }

    fn pick(&self, rng: &mut Rng) -> usize {
        let total = self.0.last().copied().unwrap_or(0.0);
        let x = rng.f() * total;
        self.0.partition_point(|c| *c <= x).min(self.0.len().saturating_sub(1))
    }
}

struct Member {
    id: i64,
    username: String,
    key: String,
    ru: bool,
    certificate: String,
    bl: i32,
    bl_source: &'static str,
    role: String,
    editor: bool,
    first_seen: Option<OffsetDateTime>,
}

struct GenPost {
    id: i64,
    author: usize,
    at: OffsetDateTime,
    body: String,
    likes: Vec<usize>,
    deleted: bool,
}

struct GenTopic {
    id: i64,
    category: usize,
    title: String,
    author: usize,
    created: OffsetDateTime,
    posts: Vec<GenPost>,
    pinned: bool,
    closed: bool,
    solution: Option<usize>,
}

struct GenGuide {
    id: i64,
    title: Title,
    created: OffsetDateTime,
    /// Revision ids and times, oldest first; bodies are made when written.
    revisions: Vec<(i64, OffsetDateTime)>,
    /// Hand-written revisions (author name, summary, minor, body), if any.
    hand: Option<Vec<(String, String, bool, String)>>,
    discussions: HashSet<usize>,
}

/// Every title and name exists: links render blue, mentions as links.
struct Known {
    articles: HashSet<String>,
    users: HashSet<String>,
}

impl LinkResolver for Known {
    fn article_exists(&self, title: &Title) -> bool {
        self.articles.contains(title.key())
    }

    fn user_exists(&self, username: &str) -> bool {
        self.users.contains(&crate::accounts::names::username_key(username))
    }
}

/// Renders on every core; the order of `sources` is kept.
fn render_all(sources: &[&str], known: &Known) -> Vec<Rendered> {
    let threads = crate::util::cores();
    let per = sources.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = sources
            .chunks(per)
            .map(|chunk| s.spawn(move || chunk.iter().map(|src| markdown::render(src, known)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// Multi-row INSERTs below both databases' limits on bound parameters
/// (SQLite's is 32 766). Every column of the table counts: sea-orm binds
/// each one of a row, so the count comes from the entity, never by hand,
/// and a column added by a later migration cannot push a batch over.
async fn insert_all<A>(db: &impl ConnectionTrait, rows: Vec<A>) -> anyhow::Result<()>
where
    A: ActiveModelTrait,
{
    let columns = <<A::Entity as EntityTrait>::Column as sea_orm::Iterable>::iter().count();
    let per = (30_000 / columns.max(1)).max(1);
    let mut it = rows.into_iter().peekable();
    while it.peek().is_some() {
        let chunk: Vec<A> = it.by_ref().take(per).collect();
        <A::Entity as EntityTrait>::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

fn fill(template: &str, rng: &mut Rng, bank: &Bank) -> String {
    let mut out = template.to_owned();
    let slots: [(&str, &[String]); 6] = [
        ("{method}", &bank.methods),
        ("{bank}", &bank.banks),
        ("{currency}", &bank.currencies),
        ("{amount}", &bank.amounts),
        ("{app}", &bank.apps),
        ("{city}", &bank.cities),
    ];
    for (slot, values) in slots {
        while let Some(i) = out.find(slot) {
            let v = rng.pick(values).clone();
            out.replace_range(i..i + slot.len(), &v);
        }
    }
    while let Some(i) = out.find("{tx}") {
        let tx = format!("`TX-{}-{:04}`", rng.range(2023, 2026), rng.range(1, 9999));
        out.replace_range(i..i + 4, &tx);
    }
    while let Some(i) = out.find("{wallet}") {
        let w = format!("{}{:012}", rng.pick(&bank.currencies), rng.next() % 1_000_000_000_000);
        out.replace_range(i..i + 8, &w);
    }
    out
}

/// A random template from `from`, filled.
fn pick_fill(rng: &mut Rng, from: &[String], bank: &Bank) -> String {
    let template = from[rng.below(from.len())].as_str();
    fill(template, rng, bank)
}

/// One to `most` filled sentences from `from`.
fn sentences(rng: &mut Rng, from: &[String], most: usize, bank: &Bank) -> String {
    let n = 1 + rng.below(most);
    (0..n).map(|_| pick_fill(rng, from, bank)).collect::<Vec<_>>().join(" ")
}

/// Advice sentences taken from the hand-written replies, for variety.
fn harvest(forum: &Forum) -> Vec<String> {
    let mut out = Vec::new();
    for t in &forum.topics {
        for p in t.posts.iter().skip(1) {
            for para in p.body.split("\n\n") {
                let para = para.trim();
                if para.starts_with(['-', '1', '>', '|', '#']) || para.contains('@') || para.contains('`') {
                    continue;
                }
                for s in para.split_inclusive(['.', '!', '?']) {
                    let s = s.trim();
                    let n = s.chars().count();
                    if (40..=220).contains(&n) && s.ends_with(['.', '!', '?']) && !s.contains("**") {
                        out.push(s.to_owned());
                    }
                }
            }
        }
    }
    out
}

fn timestamp(t: OffsetDateTime) -> OffsetDateTime {
    t.replace_nanosecond(t.nanosecond() / 1000 * 1000).unwrap_or(t)
}

struct Counts {
    members: usize,
    topics: usize,
    posts: usize,
    guides: usize,
    revisions: usize,
}

fn counts(scale: f64, forum: &Forum, wiki: &[DemoGuide]) -> Counts {
    let at = |unit: f64, min: usize| ((unit * scale).round() as usize).max(min);
    let hand_posts: usize = forum.topics.iter().map(|t| t.posts.len()).sum();
    let topics = at(TOPICS, forum.topics.len() + 10);
    let hand_revisions: usize = wiki.iter().map(|g| g.revisions.len()).sum();
    let guides = at(GUIDES, wiki.len() + 5);
    Counts {
        members: at(MEMBERS, forum.users.len() + 30),
        topics,
        posts: at(POSTS, hand_posts + (topics - forum.topics.len()) * 2),
        guides,
        revisions: at(REVISIONS, hand_revisions + guides - wiki.len()),
    }
}

/// Fills an empty database with a community of `scale` units.
pub async fn run(app: &App, scale: f64) -> anyhow::Result<Summary> {
    if !(scale > 0.0 && scale <= 100.0) {
        bail!("--scale must be above 0 and at most 100");
    }
    let db = &app.db;
    if users::Entity::find().count(db.read()).await? > 0 {
        bail!("the database already has members; `veche demo` only fills an empty site");
    }
    let forum: Forum = serde_json::from_str(include_str!("../../demo/forum.json")).context("demo/forum.json")?;
    let wiki: Vec<DemoGuide> = serde_json::from_str(include_str!("../../demo/wiki.json")).context("demo/wiki.json")?;
    let bank: Bank = serde_json::from_str(include_str!("../../demo/scale.json")).context("demo/scale.json")?;
    let n = counts(scale, &forum, &wiki);
    let mut rng = Rng(0x5EED_7E7E_u64 ^ scale.to_bits());
    let now = crate::util::now();
    let start = now - Duration::days(HISTORY_DAYS);
    let password = random_password()?;
    let hash = crate::accounts::password::hash(&password).await?;

    // Categories go through the domain (there are ten).
    let mut category_ids = Vec::new();
    for c in forum
        .categories
        .iter()
        .filter(|c| c.parent.is_none())
        .chain(forum.categories.iter().filter(|c| c.parent.is_some()))
    {
        let form = CategoryForm {
            name: c.name.clone(),
            slug: c.slug.clone(),
            description: c.description.clone(),
            color: c.color.clone(),
            parent: c.parent.clone().unwrap_or_default(),
        };
        let made = crate::forum::categories::create(db, &form)
            .await
            .map_err(|e| anyhow::anyhow!("demo category {}: {e}", c.slug))?;
        category_ids.push((c.slug.clone(), made.id));
    }
    let category_weight = |slug: &str| match slug {
        "deposits-withdrawals" => 25.0,
        "security-fraud" | "certificates" => 12.0,
        "scam-reports" => 9.0,
        "wallets-apps" | "arbitration" | "merchants" => 8.0,
        "wallets-android" => 7.0,
        "wallets-ios" => 5.0,
        _ => 3.0,
    };
    let pick_category = Weighted::new(category_ids.iter().map(|(s, _)| category_weight(s)));

    let members = make_members(&mut rng, &bank, &forum, n.members, scale);
    let by_name: HashMap<String, usize> = members.iter().enumerate().map(|(i, m)| (m.username.clone(), i)).collect();
    // A few members write most posts.
    let activity = Weighted::new((0..members.len()).map(|rank| 1.0 / ((rank + 8) as f64).powf(1.05)));
    let editors: Vec<usize> = (0..members.len()).filter(|&i| members[i].editor).collect();
    let editor_pick = Weighted::new(editors.iter().enumerate().map(|(r, _)| 1.0 / ((r + 2) as f64)));
    let moderators: Vec<usize> =
        (0..members.len()).filter(|&i| members[i].role == "moderator" || members[i].role == "admin").collect();

    let mut guides = make_guides(&mut rng, &bank, &wiki, &n, start, now)?;
    let mut topics = make_topics(
        &mut rng,
        &bank,
        &forum,
        &n,
        (start, now),
        &category_ids,
        &pick_category,
        &activity,
        &by_name,
        &members,
        &mut guides,
    )?;
    let mut members = members;
    for t in &topics {
        for p in &t.posts {
            let m = &mut members[p.author];
            m.first_seen = Some(m.first_seen.map_or(p.at, |f| f.min(p.at)));
        }
    }

    let backend = db.write().get_database_backend();
    if backend == DatabaseBackend::Sqlite {
        // Bulk-load settings for this connection only; a crash mid-load
        // leaves a database to delete, not one to trust.
        db.write()
            .execute_unprepared("PRAGMA synchronous=OFF; PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY")
            .await?;
    }
    let known = Known {
        articles: guides.iter().map(|g| g.title.key().to_owned()).collect(),
        users: members.iter().map(|m| m.key.clone()).collect(),
    };
    let title_ids: HashMap<String, i64> = guides.iter().map(|g| (g.title.key().to_owned(), g.id)).collect();

    write_members(db.write(), &mut rng, &members, &hash, start, now).await?;
    let revision_total = write_guides(
        db.write(),
        &mut rng,
        &bank,
        &guides,
        &members,
        &by_name,
        &editors,
        &editor_pick,
        &known,
        &title_ids,
    )
    .await?;
    write_sections(db.write(), &mut rng, &guides, now).await?;
    let post_total =
        write_forum(db.write(), &mut topics, &members, &moderators, &category_ids, &known, &title_ids).await?;

    if backend == DatabaseBackend::Postgres {
        for table in ["users", "articles", "revisions", "topics", "posts"] {
            db.write()
                .execute_unprepared(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                ))
                .await?;
        }
        db.write().execute_unprepared("ANALYZE").await?;
    } else {
        db.write()
            .execute_unprepared(&format!(
                "PRAGMA synchronous=NORMAL; PRAGMA cache_size={}; PRAGMA wal_checkpoint(TRUNCATE)",
                crate::db::WRITER_CACHE_KIB
            ))
            .await?;
        db.optimize().await;
    }
    Ok(Summary {
        users: members.len(),
        categories: category_ids.len(),
        topics: topics.len(),
        posts: post_total,
        guides: guides.len(),
        revisions: revision_total,
        password,
        accounts: Vec::new(),
    })
}

fn make_members(rng: &mut Rng, bank: &Bank, forum: &Forum, total: usize, scale: f64) -> Vec<Member> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut out: Vec<Member> = Vec::with_capacity(total);
    // The hand-written members are the community's core: most active first.
    for u in &forum.users {
        let key = crate::accounts::names::username_key(&u.username);
        taken.insert(key.clone());
        out.push(Member {
            id: 0,
            username: u.username.clone(),
            key,
            ru: false,
            certificate: u.certificate.clone(),
            bl: u.bl,
            bl_source: "registrar",
            role: u.role.clone(),
            editor: u.bl > 10 && !matches!(u.certificate.as_str(), "alias" | "formal" | "initial"),
            first_seen: None,
        });
    }
    let moderators = ((5.0 * scale).round() as usize).max(1);
    let mut made_moderators = 0;
    while out.len() < total {
        let rank = out.len();
        let ru = rng.chance(0.22);
        let (first, last) = if ru { (&bank.first_ru, &bank.last_ru) } else { (&bank.first_uk, &bank.last_uk) };
        let f = rng.pick(first);
        let l = rng.pick(last);
        let initial: String = l.chars().take(1).collect();
        let mut name = match rng.below(7) {
            0 | 1 => format!("{f}_{initial}"),
            2 => format!("{f}.{l}"),
            3 => format!("{}_{}", rng.pick(&bank.nick), rng.pick(&bank.nick)),
            4 => format!("{}{}", rng.pick(&bank.nick), rng.range(70, 2007)),
            5 => format!("{f}{}", rng.range(1, 999)),
            _ => format!("{l}_{f}"),
        };
        if taken.contains(&crate::accounts::names::username_key(&name)) {
            name = format!("{name}{}", rng.range(2, 99_999));
        }
        let key = crate::accounts::names::username_key(&name);
        if name.chars().count() > 32 || !taken.insert(key.clone()) {
            continue;
        }
        // Standing follows activity: the most active are qualified editors.
        let share = rank as f64 / total as f64;
        let (certificate, bl, editor) = if share < 0.025 {
            let c = *rng.pick(&[
                "personal",
                "personal",
                "personal",
                "merchant",
                "developer",
                "capitaller",
                "cashier",
                "guarantor",
            ]);
            (c, (rng.pareto(1.2) * 25.0).min(4000.0) as i32 + 11, true)
        } else if share < 0.12 {
            let c = if rng.chance(0.5) { "personal" } else { "initial" };
            (c, rng.range(2, 40) as i32, false)
        } else if share < 0.42 {
            ("formal", rng.range(0, 15) as i32, false)
        } else {
            ("alias", rng.range(0, 3) as i32, false)
        };
        let role = if editor && made_moderators < moderators && rng.chance(0.3) {
            made_moderators += 1;
            "moderator"
        } else {
            "member"
        };
        out.push(Member {
            id: 0,
            username: name,
            key,
            ru,
            certificate: certificate.to_owned(),
            bl,
            bl_source: if editor { "registrar" } else { "community" },
            role: role.to_owned(),
            editor: editor || (certificate == "personal" && bl > 10),
            first_seen: None,
        });
    }
    for (i, m) in out.iter_mut().enumerate() {
        m.id = i as i64 + 1;
    }
    out
}

fn make_guides(
    rng: &mut Rng,
    bank: &Bank,
    wiki: &[DemoGuide],
    n: &Counts,
    start: OffsetDateTime,
    now: OffsetDateTime,
) -> anyhow::Result<Vec<GenGuide>> {
    let mut titles: Vec<Title> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for g in wiki {
        let t = Title::parse(&g.title).map_err(|e| anyhow::anyhow!("demo guide title {}: {e}", g.title))?;
        seen.insert(t.key().to_owned());
        titles.push(t);
    }
    let suffixes = ["", "", "", " — 2024", " — 2025", " для юридичних осіб", " за кордоном", " в Україні"];
    let mut tries = 0;
    while titles.len() < n.guides {
        tries += 1;
        let subject = pick_fill(rng, &bank.guide_topics, bank);
        let mut title = rng.pick(&bank.guide_patterns).replace("{x}", &subject);
        title.push_str(suffixes[rng.below(suffixes.len())]);
        if tries > n.guides * 20 {
            title = format!("{title} ({})", titles.len());
        }
        let Ok(t) = Title::parse(&title) else { continue };
        if seen.insert(t.key().to_owned()) {
            titles.push(t);
        }
    }
    // Hand-written guides are the oldest; the rest arrive over the years.
    let hand_revisions: usize = wiki.iter().map(|g| g.revisions.len()).sum();
    let generated = titles.len() - wiki.len();
    let budget = n.revisions.saturating_sub(hand_revisions).max(generated);
    let weights: Vec<f64> = (0..generated).map(|_| rng.pareto(1.3).min(200.0)).collect();
    let sum: f64 = weights.iter().sum::<f64>().max(1.0);
    let extra = budget - generated;
    let mut per: Vec<usize> = weights.iter().map(|w| 1 + (w / sum * extra as f64) as usize).collect();
    let mut short = budget.saturating_sub(per.iter().sum());
    while short > 0 && !per.is_empty() {
        let i = rng.below(per.len());
        per[i] += 1;
        short -= 1;
    }
    let span = (now - start - Duration::days(7)).whole_seconds();
    let mut guides = Vec::with_capacity(titles.len());
    for (i, title) in titles.into_iter().enumerate() {
        let (created, hand, count) = if i < wiki.len() {
            let created = start + Duration::days(i as i64 * 3);
            let hand: Vec<(String, String, bool, String)> = wiki[i]
                .revisions
                .iter()
                .map(|r| (r.author.clone(), r.summary.clone(), r.minor, r.body.clone()))
                .collect();
            let count = hand.len();
            (created, Some(hand), count)
        } else {
            let at = start + Duration::seconds((rng.f().powf(0.8) * span as f64) as i64);
            (at, None, per[i - wiki.len()])
        };
        let life = (now - created).whole_seconds().max(60);
        let mut times: Vec<OffsetDateTime> =
            (1..count).map(|_| created + Duration::seconds((rng.f().powf(0.6) * life as f64) as i64)).collect();
        times.push(created);
        times.sort();
        guides.push(GenGuide {
            id: i as i64 + 1,
            title,
            created: timestamp(created),
            revisions: times.into_iter().map(|t| (0, timestamp(t))).collect(),
            hand,
            discussions: HashSet::new(),
        });
    }
    // Revision ids in time order across the wiki, as recent changes expects.
    let mut order: Vec<(OffsetDateTime, usize, usize)> = guides
        .iter()
        .enumerate()
        .flat_map(|(g, guide)| {
            guide.revisions.iter().enumerate().map(move |(r, (_, at))| (*at, g, r)).collect::<Vec<_>>()
        })
        .collect();
    order.sort();
    for (id, (_, g, r)) in order.into_iter().enumerate() {
        guides[g].revisions[r].0 = id as i64 + 1;
    }
    guides.sort_by_key(|g| g.created);
    for (i, g) in guides.iter_mut().enumerate() {
        g.id = i as i64 + 1;
    }
    Ok(guides)
}

#[expect(clippy::too_many_arguments, reason = "one generator step, its inputs named")]
fn make_topics(
    rng: &mut Rng,
    bank: &Bank,
    forum: &Forum,
    n: &Counts,
    (start, now): (OffsetDateTime, OffsetDateTime),
    category_ids: &[(String, i64)],
    pick_category: &Weighted,
    activity: &Weighted,
    by_name: &HashMap<String, usize>,
    members: &[Member],
    guides: &mut [GenGuide],
) -> anyhow::Result<Vec<GenTopic>> {
    let advice_harvest = harvest(forum);
    let category_index: HashMap<&str, usize> =
        category_ids.iter().enumerate().map(|(i, (s, _))| (s.as_str(), i)).collect();
    let hand_posts: usize = forum.topics.iter().map(|t| t.posts.len()).sum();
    let generated = n.topics - forum.topics.len();
    // Replies per generated topic: a heavy tail, capped, one hot topic long
    // enough for a deep last page.
    let budget = n.posts.saturating_sub(hand_posts + generated);
    let weights: Vec<f64> = (0..generated).map(|_| rng.pareto(1.4).min(120.0)).collect();
    let sum: f64 = weights.iter().sum::<f64>().max(1.0);
    let mut replies: Vec<usize> = weights.iter().map(|w| (w / sum * budget as f64) as usize).collect();
    if let Some((hot, _)) = replies.iter().enumerate().max_by_key(|(_, r)| **r) {
        let want = HOT_TOPIC_POSTS.min(budget / 3);
        if replies[hot] < want {
            replies[hot] = want;
        }
    }
    // Fit the total exactly.
    let mut total: usize = replies.iter().sum();
    while total > budget {
        let i = rng.below(replies.len());
        if replies[i] > 0 && replies[i] < HOT_TOPIC_POSTS {
            replies[i] -= 1;
            total -= 1;
        }
    }
    while total < budget && !replies.is_empty() {
        let i = rng.below(replies.len());
        replies[i] += 1;
        total += 1;
    }

    let mut guide_times: Vec<(OffsetDateTime, usize)> =
        guides.iter().enumerate().map(|(i, g)| (g.created, i)).collect();
    guide_times.sort();
    let latest_guide = |at: OffsetDateTime| guide_times.partition_point(|(t, _)| *t <= at);

    let mut topics: Vec<GenTopic> = Vec::with_capacity(n.topics);
    let end = now - Duration::hours(2);
    let span = (end - start).whole_seconds();
    for (i, r) in replies.iter().enumerate() {
        // More topics as the community grows.
        let created = start + Duration::seconds((rng.f().powf(0.75) * span as f64) as i64);
        let category = pick_category.pick(rng);
        let slug = category_ids[category].0.as_str();
        let author = activity.pick(rng);
        let ru = members[author].ru;
        let titles = bank.titles.get(slug).or_else(|| bank.titles.get("deposits-withdrawals")).context("titles")?;
        let title =
            pick_fill(rng, if ru && !titles.ru.is_empty() { &titles.ru } else { &titles.uk }, bank).replace('`', "");
        let mut body = if ru {
            format!(
                "{} {}\n\n{}",
                rng.pick(&bank.open_ru),
                sentences(rng, &bank.problem_ru, 3, bank),
                rng.pick(&bank.ask_ru)
            )
        } else {
            format!(
                "{} {}\n\n{}",
                rng.pick(&bank.open_uk),
                sentences(rng, &bank.problem_uk, 3, bank),
                rng.pick(&bank.ask_uk)
            )
        };
        let known_guides = latest_guide(created);
        if known_guides > 0 && rng.chance(0.08) {
            let g = guide_times[rng.below(known_guides)].1;
            body.push_str(&format!(" Читав [[{}]], але не допомогло.", guides[g].title.as_str()));
            guides[g].discussions.insert(i);
        }
        let mut posts = vec![GenPost { id: 0, author, at: created, body, likes: Vec::new(), deleted: false }];
        let mut at = created;
        let solvable = slug != "about-forum" && slug != "scam-reports";
        let mut solution = None;
        for k in 0..*r {
            at += Duration::seconds(rng.exp(1800.0 * (1.0 + k as f64 / 8.0)) as i64 + 30);
            let by_starter = k > 0 && rng.chance(0.2);
            let who = if by_starter {
                author
            } else {
                let mut w = activity.pick(rng);
                if w == author {
                    w = activity.pick(rng);
                }
                w
            };
            let ru = members[who].ru;
            let mut body = if by_starter {
                let thanks = if ru { &bank.thanks_ru } else { &bank.thanks_uk };
                if rng.chance(0.5) {
                    rng.pick(thanks).clone()
                } else {
                    let more = if ru { &bank.problem_ru } else { &bank.problem_uk };
                    sentences(rng, more, 2, bank)
                }
            } else {
                let (open, advice) =
                    if ru { (&bank.reply_open_ru, &bank.advice_ru) } else { (&bank.reply_open_uk, &bank.advice_uk) };
                let mut b = String::new();
                if rng.chance(0.4) {
                    b.push_str(rng.pick::<String>(open));
                    b.push(' ');
                }
                let count = 1 + rng.below(3);
                for s in 0..count {
                    if s > 0 {
                        b.push(' ');
                    }
                    if !ru && !advice_harvest.is_empty() && rng.chance(0.5) {
                        b.push_str(rng.pick::<String>(&advice_harvest));
                    } else {
                        b.push_str(&pick_fill(rng, advice, bank));
                    }
                }
                if rng.chance(0.25) {
                    b.push_str("\n\n");
                    b.push_str(&sentences(rng, advice, 2, bank));
                }
                b
            };
            if k > 0 && rng.chance(0.06) {
                let quoted = posts[rng.below(posts.len())].body.lines().next().unwrap_or("").to_owned();
                if !quoted.is_empty() {
                    body = format!("> {quoted}\n\n{body}");
                }
            }
            let known_guides = latest_guide(at);
            if !by_starter && known_guides > 0 && rng.chance(0.16) {
                let g = guide_times[rng.below(known_guides)].1;
                let label = if ru { "Подробнее" } else { "Детальніше" };
                body.push_str(&format!("\n\n{label}: [[{}]].", guides[g].title.as_str()));
                guides[g].discussions.insert(i);
            }
            if !by_starter && rng.chance(0.01) && i > 0 {
                let other = rng.below(i) + 1;
                body.push_str(&format!("\n\nСхоже питання: [тема {other}](/t/{other})."));
            }
            if solvable && solution.is_none() && !by_starter && k < 4 && rng.chance(0.3) {
                solution = Some(posts.len());
            }
            posts.push(GenPost { id: 0, author: who, at, body, likes: Vec::new(), deleted: false });
        }
        // Hot topics run for months; keep every time in the past.
        if let Some(last) = posts.last().map(|p| p.at)
            && last > end
        {
            let stretch =
                (end - created).whole_seconds().max(1) as f64 / (last - created).whole_seconds().max(1) as f64;
            for p in &mut posts {
                p.at = created + Duration::seconds(((p.at - created).whole_seconds() as f64 * stretch) as i64);
            }
        }
        for (k, p) in posts.iter_mut().enumerate() {
            p.at = timestamp(p.at);
            let base = if Some(k) == solution { 2.0 } else { 0.0 };
            let likes = (rng.exp(0.35 + base) as usize).min(40);
            let mut likers = HashSet::new();
            for _ in 0..likes {
                let l = activity.pick(rng);
                if l != p.author {
                    likers.insert(l);
                }
            }
            p.likes = likers.into_iter().collect();
            p.likes.sort_unstable();
            p.deleted = k > 0 && Some(k) != solution && rng.chance(0.004);
            if p.deleted {
                p.likes.clear();
            }
        }
        topics.push(GenTopic {
            id: 0,
            category,
            title,
            author,
            created: timestamp(created),
            posts,
            pinned: false,
            closed: created < start + Duration::days(600) && rng.chance(0.03),
            solution,
        });
    }
    // The hand-written topics are the last weeks, as in the small demo.
    let count = forum.topics.len() as i64;
    for (i, t) in forum.topics.iter().enumerate() {
        let user = |name: &str| by_name.get(name).copied().with_context(|| format!("demo author {name}"));
        let created = now - Duration::hours((count - i as i64) * 17 + 3);
        let mut posts = Vec::new();
        for (k, p) in t.posts.iter().enumerate() {
            let at = created + Duration::minutes(k as i64 * 47 + (i as i64 % 5) * 7);
            let author = user(&p.author)?;
            let likes =
                p.likes.iter().filter(|l| **l != p.author).map(|l| user(l)).collect::<anyhow::Result<Vec<_>>>()?;
            posts.push(GenPost { id: 0, author, at: timestamp(at), body: p.body.clone(), likes, deleted: false });
        }
        let idx = topics.len();
        for p in &posts {
            for key in wiki_keys(&p.body) {
                if let Some(g) = guides.iter_mut().find(|g| g.title.key() == key) {
                    g.discussions.insert(idx);
                }
            }
        }
        let category = *category_index.get(t.category.as_str()).with_context(|| format!("category {}", t.category))?;
        topics.push(GenTopic {
            id: 0,
            category,
            title: t.title.clone(),
            author: posts.first().map(|p| p.author).context("a demo topic without posts")?,
            created: timestamp(created),
            posts,
            pinned: t.pinned,
            closed: t.closed,
            solution: t.solution.map(|s| (s - 1) as usize),
        });
    }
    // Ids in time order: topics by creation, posts by when they were written.
    let mut order: Vec<usize> = (0..topics.len()).collect();
    order.sort_by_key(|&i| topics[i].created);
    let mut remap = vec![0; topics.len()];
    for (id, &i) in order.iter().enumerate() {
        topics[i].id = id as i64 + 1;
        remap[i] = id;
    }
    for g in guides.iter_mut() {
        g.discussions = g.discussions.iter().map(|&i| remap[i]).collect();
    }
    topics.sort_by_key(|t| t.id);
    let mut all: Vec<(OffsetDateTime, usize, usize)> = topics
        .iter()
        .enumerate()
        .flat_map(|(t, topic)| topic.posts.iter().enumerate().map(move |(k, p)| (p.at, t, k)).collect::<Vec<_>>())
        .collect();
    all.sort();
    for (id, (_, t, k)) in all.into_iter().enumerate() {
        topics[t].posts[k].id = id as i64 + 1;
    }
    Ok(topics)
}

/// Title keys of `[[links]]` in Markdown, for counting discussions.
fn wiki_keys(body: &str) -> Vec<String> {
    body.split("[[")
        .skip(1)
        .filter_map(|s| s.split("]]").next())
        .filter_map(|inner| inner.split(['|', '#']).next())
        .filter_map(|t| Title::parse(t).ok())
        .map(|t| t.key().to_owned())
        .collect()
}

async fn write_members(
    db: &DatabaseConnection,
    rng: &mut Rng,
    members: &[Member],
    hash: &str,
    start: OffsetDateTime,
    now: OffsetDateTime,
) -> anyhow::Result<()> {
    let txn = db.begin().await?;
    let mut rows = Vec::with_capacity(members.len());
    let mut standing = Vec::new();
    for m in members {
        // Joined a while before first writing; lurkers any time.
        let joined = match m.first_seen {
            Some(t) => t - Duration::days(rng.range(1, 120)),
            None => start + Duration::seconds(rng.range(0, (now - start).whole_seconds() - 86_400)),
        };
        let joined = timestamp(joined.max(start - Duration::days(400)));
        let ascii: String = m.key.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { 'x' }).collect();
        let email = format!("{ascii}.{}@demo.invalid", m.id);
        rows.push(users::ActiveModel {
            id: Set(m.id),
            username: Set(m.username.clone()),
            username_key: Set(m.key.clone()),
            email_key: Set(crate::accounts::names::email_key(&email)),
            email: Set(email),
            password_hash: Set(hash.to_owned()),
            role: Set(m.role.clone()),
            certificate: Set(m.certificate.clone()),
            bl: Set(m.bl),
            bl_source: Set(m.bl_source.to_owned()),
            locale: Set(None),
            session_epoch: Set(0),
            silenced_until: Set(None),
            suspended_until: Set(None),
            banned: Set(false),
            sanction_reason: Set(String::new()),
            moderated_categories: Set(String::new()),
            approved: Set(true),
            time_zone: Set(String::new()),
            name_skeleton: Set(crate::accounts::names::skeleton(&m.username)),
            email_verified: Set(true),
            created_at: Set(joined),
            updated_at: Set(joined),
        });
        let audit = |field: &str, old: &str, new: String| standing_changes::ActiveModel {
            user_id: Set(m.id),
            actor_id: Set(None),
            field: Set(field.to_owned()),
            old_value: Set(old.to_owned()),
            new_value: Set(new),
            reason: Set("demo community".to_owned()),
            source: Set("cli".to_owned()),
            created_at: Set(joined + Duration::days(1)),
            ..Default::default()
        };
        if m.certificate != "alias" {
            standing.push(audit("certificate", "alias", m.certificate.clone()));
        }
        if m.bl_source == "registrar" {
            standing.push(audit("bl", "0", m.bl.to_string()));
        }
        if m.role != "member" {
            standing.push(audit("role", "member", m.role.clone()));
        }
    }
    insert_all(&txn, rows).await?;
    insert_all(&txn, standing).await?;
    txn.commit().await?;
    Ok(())
}

/// A guide's text as a list of sections that grows and changes revision by
/// revision; each revision is the whole text, as the wiki stores it.
struct Draft {
    sections: Vec<(String, Vec<String>)>,
    planned: usize,
}

impl Draft {
    fn body(&self) -> String {
        let mut out = String::new();
        for (i, (heading, paras)) in self.sections.iter().enumerate() {
            if i > 0 {
                out.push_str(&format!("## {heading}\n\n"));
            }
            for p in paras {
                out.push_str(p);
                out.push_str("\n\n");
            }
        }
        out.trim_end().to_owned() + "\n"
    }
}

fn paragraph(rng: &mut Rng, bank: &Bank, pool: &[String], links: &[&str]) -> String {
    let kind = rng.below(10);
    let mut p = match kind {
        0 | 1 => (1..=2 + rng.below(4))
            .map(|i| format!("{i}. {}", pick_fill(rng, pool, bank)))
            .collect::<Vec<_>>()
            .join("\n"),
        2 => (0..2 + rng.below(3)).map(|_| format!("- {}", pick_fill(rng, pool, bank))).collect::<Vec<_>>().join("\n"),
        3 => format!(
            "| Спосіб | Комісія | Строк |\n|---|---|---|\n| {} | {} % | {} дн. |\n| {} | {} % | {} дн. |",
            rng.pick(&bank.methods),
            rng.range(0, 3),
            rng.range(1, 5),
            rng.pick(&bank.methods),
            rng.range(0, 3),
            rng.range(1, 5)
        ),
        _ => {
            // Distinct sentences: a paragraph does not repeat itself.
            let want = (2 + rng.below(4)).min(pool.len());
            let mut picked: Vec<usize> = Vec::new();
            while picked.len() < want {
                let i = rng.below(pool.len());
                if !picked.contains(&i) {
                    picked.push(i);
                }
            }
            picked.iter().map(|&i| fill(&pool[i], rng, bank)).collect::<Vec<_>>().join(" ")
        }
    };
    if !links.is_empty() && kind >= 4 && rng.chance(0.35) {
        p.push_str(&format!(" Див. також [[{}]].", rng.pick(links)));
    }
    p
}

#[expect(clippy::too_many_arguments, reason = "one generator step, its inputs named")]
async fn write_guides(
    db: &DatabaseConnection,
    rng: &mut Rng,
    bank: &Bank,
    guides: &[GenGuide],
    members: &[Member],
    by_name: &HashMap<String, usize>,
    editors: &[usize],
    editor_pick: &Weighted,
    known: &Known,
    title_ids: &HashMap<String, i64>,
) -> anyhow::Result<usize> {
    let mut pool: Vec<String> = bank.guide_sentences.clone();
    pool.extend(bank.advice_uk.iter().cloned());
    let summaries = [
        "Уточнено строки",
        "Оновлено комісії",
        "Додано приклад",
        "Виправлено помилки",
        "Переписано вступ",
        "Додано посилання",
        "Оновлено за новими правилами",
        "",
    ];
    let all_titles: Vec<&str> = guides.iter().map(|g| g.title.as_str()).collect();
    let mut total = 0;
    for batch in guides.chunks(50) {
        let txn = db.begin().await?;
        let mut bodies: Vec<(usize, usize, String, i64, String, bool)> = Vec::new();
        for (b, g) in batch.iter().enumerate() {
            if let Some(hand) = &g.hand {
                for (r, (author, summary, minor, body)) in hand.iter().enumerate() {
                    let who = *by_name.get(author.as_str()).with_context(|| format!("demo editor {author}"))?;
                    bodies.push((b, r, body.clone(), members[who].id, summary.clone(), *minor));
                }
                continue;
            }
            // Long guides are rare; most are a few sections.
            let planned = (rng.pareto(1.6) * 3.0).round().clamp(2.0, 48.0) as usize;
            let links: Vec<&str> =
                (0..3 + rng.below(5)).map(|_| *rng.pick(&all_titles)).filter(|t| *t != g.title.as_str()).collect();
            let mut draft = Draft { sections: vec![("".to_owned(), vec![paragraph(rng, bank, &pool, &[])])], planned };
            let count = g.revisions.len();
            let creator = editors[editor_pick.pick(rng)];
            for r in 0..count {
                // Grow towards the planned size, otherwise revise a paragraph.
                let target = 1 + (planned - 1) * (r + 1) / count;
                let mut summary;
                let mut minor = false;
                if r == 0 {
                    summary = "Нова інструкція".to_owned();
                    while draft.sections.len() < target.min(2) {
                        let h = rng.pick(&bank.headings).clone();
                        draft.sections.push((h, vec![paragraph(rng, bank, &pool, &links)]));
                    }
                } else if draft.sections.len() < target && draft.sections.len() < draft.planned {
                    let h = rng.pick(&bank.headings).clone();
                    let paras = (0..1 + rng.below(3)).map(|_| paragraph(rng, bank, &pool, &links)).collect();
                    summary = format!("Додано розділ «{h}»");
                    draft.sections.push((h, paras));
                } else {
                    let s = rng.below(draft.sections.len());
                    let paras = &mut draft.sections[s].1;
                    let p = rng.below(paras.len());
                    if rng.chance(0.3) {
                        paras.push(paragraph(rng, bank, &pool, &links));
                    } else {
                        paras[p] = paragraph(rng, bank, &pool, &links);
                    }
                    summary = rng.pick(&summaries).to_string();
                    minor = rng.chance(0.25);
                    if minor {
                        summary = "Дрібні виправлення".to_owned();
                    }
                }
                let author = if r == 0 { creator } else { editors[editor_pick.pick(rng)] };
                bodies.push((b, r, draft.body(), members[author].id, summary, minor));
            }
        }
        let sources: Vec<&str> = bodies.iter().map(|b| b.2.as_str()).collect();
        let rendered = render_all(&sources, known);
        let mut article_rows = Vec::new();
        let mut revision_rows = Vec::with_capacity(bodies.len());
        let mut link_rows = Vec::new();
        let mut prev_size = 0;
        for ((b, r, body, author, summary, minor), html) in bodies.into_iter().zip(rendered) {
            let g = &batch[b];
            let (id, at) = g.revisions[r];
            let size = body.chars().count() as i32;
            if r == 0 {
                prev_size = 0;
            }
            let last = r + 1 == g.revisions.len();
            if last {
                let (topic_links, mut article_links) = crate::crosslinks::site_links(html.html.as_str());
                article_links.retain(|t| !html.wiki_links.iter().any(|l| l.title.key() == t.key()));
                let keys = html
                    .wiki_links
                    .iter()
                    .map(|l| l.title.key().to_owned())
                    .chain(article_links.iter().map(|t| t.key().to_owned()));
                for key in keys {
                    link_rows.push(links::ActiveModel {
                        source_kind: Set(crate::crosslinks::ARTICLE.to_owned()),
                        source_id: Set(g.id),
                        target_kind: Set(crate::crosslinks::ARTICLE.to_owned()),
                        target_id: Set(title_ids.get(&key).copied()),
                        target_key: Set(key),
                        ..Default::default()
                    });
                }
                for t in topic_links {
                    link_rows.push(links::ActiveModel {
                        source_kind: Set(crate::crosslinks::ARTICLE.to_owned()),
                        source_id: Set(g.id),
                        target_kind: Set(crate::crosslinks::TOPIC.to_owned()),
                        target_key: Set(String::new()),
                        target_id: Set(Some(t)),
                        ..Default::default()
                    });
                }
                article_rows.push(articles::ActiveModel {
                    id: Set(g.id),
                    title: Set(g.title.as_str().to_owned()),
                    title_key: Set(g.title.key().to_owned()),
                    current_revision_id: Set(Some(id)),
                    protected: Set(false),
                    protected_until: Set(None),
                    protect_reason: Set(String::new()),
                    revision_count: Set(g.revisions.len() as i32),
                    discussion_count: Set(g.discussions.len() as i32),
                    excerpt: Set(crate::crosslinks::excerpt(html.html.as_str(), 240)),
                    search_key: Set(g.title.as_str().to_lowercase()),
                    aliases: Set(String::new()),
                    // A few guides are read far more than the rest.
                    views: Set((rng.pareto(1.1) * 15.0).min(1.0e7) as i64),
                    created_at: Set(g.created),
                    updated_at: Set(at),
                });
            }
            revision_rows.push(revisions::ActiveModel {
                id: Set(id),
                article_id: Set(g.id),
                parent_id: Set(if r == 0 { None } else { Some(g.revisions[r - 1].0) }),
                author_id: Set(author),
                toc: Set(serde_json::to_string(&html.headings).unwrap_or_else(|_| "[]".into())),
                html: Set(html.html.into_string()),
                body: Set(body),
                summary: Set(summary),
                summary_code: Set(String::new()),
                summary_args: Set(String::new()),
                minor: Set(minor),
                size: Set(size),
                size_delta: Set(size - prev_size),
                created_at: Set(at),
            });
            prev_size = size;
        }
        total += revision_rows.len();
        insert_all(&txn, article_rows).await?;
        insert_all(&txn, revision_rows).await?;
        insert_all(&txn, link_rows).await?;
        txn.commit().await?;
    }
    Ok(total)
}

/// Sections of the guides: each guide in one, some in two.
const SECTIONS: &[&str] = &[
    "Введення та виведення коштів",
    "Безпека та шахрайство",
    "Атестати",
    "Гаманці та програми",
    "Арбітраж",
    "Торговцям",
    "Кредити",
    "Початківцям",
];

async fn write_sections(
    db: &DatabaseConnection,
    rng: &mut Rng,
    guides: &[GenGuide],
    now: OffsetDateTime,
) -> anyhow::Result<()> {
    let txn = db.begin().await?;
    let mut counts = vec![0_i32; SECTIONS.len()];
    let mut rows = Vec::new();
    for g in guides {
        let first = rng.below(SECTIONS.len());
        let mut chosen = vec![first];
        if rng.chance(0.3) {
            let second = rng.below(SECTIONS.len());
            if second != first {
                chosen.push(second);
            }
        }
        for s in chosen {
            counts[s] += 1;
            rows.push((g.id, s));
        }
    }
    let mut ids = Vec::with_capacity(SECTIONS.len());
    for (name, count) in SECTIONS.iter().zip(&counts) {
        let made = crate::entities::sections::ActiveModel {
            name: Set((*name).to_owned()),
            slug: Set(crate::wiki::sections::slug_of(name)),
            sort_key: Set(crate::wiki::sort_key(name)),
            guide_count: Set(*count),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        ids.push(made.id);
    }
    let keys: HashMap<i64, String> = guides.iter().map(|g| (g.id, crate::wiki::sort_key(g.title.as_str()))).collect();
    let rows = rows
        .into_iter()
        .map(|(article, s)| article_sections::ActiveModel {
            article_id: Set(article),
            section_id: Set(ids[s]),
            sort_key: Set(keys.get(&article).cloned().unwrap_or_default()),
        })
        .collect();
    insert_all(&txn, rows).await?;
    txn.commit().await?;
    Ok(())
}

async fn write_forum(
    db: &DatabaseConnection,
    topics: &mut [GenTopic],
    members: &[Member],
    moderators: &[usize],
    category_ids: &[(String, i64)],
    known: &Known,
    title_ids: &HashMap<String, i64>,
) -> anyhow::Result<usize> {
    let txn = db.begin().await?;
    let mut topic_rows = Vec::with_capacity(topics.len());
    let mut per_category: HashMap<i64, (i32, i32)> = HashMap::new();
    for t in topics.iter() {
        let live: Vec<&GenPost> = t.posts.iter().filter(|p| !p.deleted).collect();
        let last = live.last().copied().context("a topic without posts")?;
        let category_id = category_ids[t.category].1;
        let c = per_category.entry(category_id).or_default();
        c.0 += 1;
        c.1 += live.len() as i32;
        topic_rows.push(topics::ActiveModel {
            id: Set(t.id),
            category_id: Set(category_id),
            user_id: Set(members[t.author].id),
            title: Set(t.title.clone()),
            created_at: Set(t.created),
            last_posted_at: Set(last.at),
            last_post_user_id: Set(members[last.author].id),
            post_count: Set(live.len() as i32),
            highest_post_number: Set(t.posts.len() as i32),
            reply_count: Set(live.len() as i32 - 1),
            like_count: Set(live.iter().map(|p| p.likes.len() as i32).sum()),
            pinned: Set(t.pinned),
            pinned_globally: Set(t.pinned),
            closed: Set(t.closed),
            deleted: Set(false),
            solved_post_id: Set(t.solution.map(|k| t.posts[k].id)),
            guide_article_id: Set(None),
            search_key: Set(t.title.to_lowercase()),
            hidden: Set(false),
            merged_into_id: Set(None),
        });
    }
    insert_all(&txn, topic_rows).await?;
    for (id, (topic_count, post_count)) in per_category {
        categories::Entity::update_many()
            .col_expr(categories::Column::TopicCount, sea_orm::sea_query::Expr::value(topic_count))
            .col_expr(categories::Column::PostCount, sea_orm::sea_query::Expr::value(post_count))
            .filter(categories::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;

    // Posts in id (time) order, rendered and written in batches.
    let mut order: Vec<(i64, usize, usize)> = topics
        .iter()
        .enumerate()
        .flat_map(|(t, topic)| topic.posts.iter().enumerate().map(move |(k, p)| (p.id, t, k)).collect::<Vec<_>>())
        .collect();
    order.sort_unstable();
    let moderator = moderators.first().map_or(1, |&m| members[m].id);
    let mut written = 0;
    for batch in order.chunks(20_000) {
        let sources: Vec<&str> = batch.iter().map(|&(_, t, k)| topics[t].posts[k].body.as_str()).collect();
        let rendered = render_all(&sources, known);
        let txn = db.begin().await?;
        let mut post_rows = Vec::with_capacity(batch.len());
        let mut revision_rows = Vec::with_capacity(batch.len());
        let mut like_rows = Vec::new();
        let mut link_rows = Vec::new();
        for (&(id, t, k), html) in batch.iter().zip(rendered) {
            let topic = &topics[t];
            let p = &topic.posts[k];
            let (topic_links, mut article_links) = crate::crosslinks::site_links(html.html.as_str());
            article_links.retain(|a| !html.wiki_links.iter().any(|l| l.title.key() == a.key()));
            let keys = html
                .wiki_links
                .iter()
                .map(|l| l.title.key().to_owned())
                .chain(article_links.iter().map(|a| a.key().to_owned()));
            for key in keys {
                link_rows.push(links::ActiveModel {
                    source_kind: Set(crate::crosslinks::POST.to_owned()),
                    source_id: Set(id),
                    target_kind: Set(crate::crosslinks::ARTICLE.to_owned()),
                    target_id: Set(title_ids.get(&key).copied()),
                    target_key: Set(key),
                    ..Default::default()
                });
            }
            for other in topic_links {
                link_rows.push(links::ActiveModel {
                    source_kind: Set(crate::crosslinks::POST.to_owned()),
                    source_id: Set(id),
                    target_kind: Set(crate::crosslinks::TOPIC.to_owned()),
                    target_key: Set(String::new()),
                    target_id: Set(Some(other)),
                    ..Default::default()
                });
            }
            for &l in &p.likes {
                like_rows.push(post_likes::ActiveModel {
                    post_id: Set(id),
                    user_id: Set(members[l].id),
                    created_at: Set(p.at + Duration::minutes(5)),
                });
            }
            revision_rows.push(post_revisions::ActiveModel {
                post_id: Set(id),
                revision: Set(1),
                body: Set(p.body.clone()),
                editor_id: Set(members[p.author].id),
                created_at: Set(p.at),
                ..Default::default()
            });
            post_rows.push(posts::ActiveModel {
                id: Set(id),
                topic_id: Set(topic.id),
                post_number: Set(k as i32 + 1),
                user_id: Set(members[p.author].id),
                body: Set(p.body.clone()),
                html: Set(html.html.into_string()),
                created_at: Set(p.at),
                updated_at: Set(p.at),
                revision: Set(1),
                like_count: Set(p.likes.len() as i32),
                deleted: Set(p.deleted),
                deleted_by: Set(p.deleted.then_some(moderator)),
                hidden: Set(false),
                mod_reason: Set(String::new()),
                mod_reason_code: Set(String::new()),
                held: Set(false),
            });
        }
        written += post_rows.len();
        insert_all(&txn, post_rows).await?;
        insert_all(&txn, revision_rows).await?;
        insert_all(&txn, like_rows).await?;
        insert_all(&txn, link_rows).await?;
        txn.commit().await?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_picks_follow_weights() {
        let w = Weighted::new([1.0, 0.0, 3.0]);
        let mut rng = Rng(7);
        let mut seen = [0; 3];
        for _ in 0..4000 {
            seen[w.pick(&mut rng)] += 1;
        }
        assert_eq!(seen[1], 0);
        assert!(seen[2] > 2 * seen[0], "{seen:?}");
    }

    #[test]
    fn wiki_keys_are_title_keys() {
        assert_eq!(
            wiki_keys("див. [[комісії та ліміти|тут]] і [[Фішингові сайти#Ознаки]]"),
            ["Комісії та ліміти", "Фішингові сайти"]
        );
    }
}
