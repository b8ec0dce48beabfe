//! The benchmark behind `bench/run` (read that script's header first).
//!
//! For each database: seed a community with `veche demo --scale N`, start
//! the release `veche serve`, and run `wrk` against each page at the same
//! settings, reading the server's CPU time from `/proc` before and after, so
//! every page gets req/s, p50, p99, errors, server CPU-µs per request and
//! its ratio to `/healthz` measured in the same run. Then 16 concurrent
//! writers reply to topics and edit guides. PostgreSQL's own CPU (its
//! backends serving this database) is reported beside the server's.
//! `--peers FILE` runs the same wrk settings against another forum's URLs.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use sea_orm::{ConnectionTrait, Statement};
use veche::config::Config;
use veche::db::Db;
use veche::forum::{Cursor, ListQuery, Sort};
use veche::title::Title;

#[derive(Parser, Clone)]
#[command(about = "Veche benchmark: seeds a community, serves it, measures every page with wrk")]
struct Args {
    /// Community size for `veche demo --scale`
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Seconds of load per page
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// wrk connections for pages
    #[arg(long, default_value_t = 32)]
    connections: u32,
    /// wrk threads
    #[arg(long, default_value_t = 2)]
    threads: u32,
    /// Concurrent writers for replies and guide edits
    #[arg(long, default_value_t = 16)]
    writers: u32,
    /// sqlite, postgres or both
    #[arg(long, default_value = "sqlite")]
    db: String,
    /// PostgreSQL server to create the benchmark database on
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    pg_url: String,
    /// The `veche` binary to benchmark
    #[arg(long, default_value = "target/release/veche")]
    veche: PathBuf,
    /// Where seeded data lives
    #[arg(long, default_value = "target/bench")]
    work_dir: PathBuf,
    /// Keep the seeded database of an earlier run instead of seeding again
    /// (the write test has added to it)
    #[arg(long)]
    reuse: bool,
    /// Skip the write test
    #[arg(long)]
    no_writes: bool,
    /// Only pages whose name contains one of these (comma-separated)
    #[arg(long)]
    only: Option<String>,
    /// Another forum to measure with the same settings: a file of `name=URL`
    /// lines; the first line is its trivial page (the ratio base)
    #[arg(long)]
    peers: Option<PathBuf>,
    /// The peer's server process, to read its CPU time
    #[arg(long)]
    peer_pid: Option<u32>,
    /// Append the results (Markdown) to this file
    #[arg(long)]
    out: Option<PathBuf>,
    /// Leave the server running on the seeded data after the run, for profiling
    #[arg(long)]
    keep_serving: bool,
}

/// One wrk run.
#[derive(Debug, Default, Clone)]
struct Measured {
    requests: u64,
    seconds: f64,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    errors: u64,
    cpu_us: Option<f64>,
    db_cpu_us: Option<f64>,
}

impl Measured {
    fn rps(&self) -> f64 {
        self.requests as f64 / self.seconds.max(1e-9)
    }
}

struct Page {
    name: String,
    path: String,
    cookie: Option<String>,
}

fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// utime + stime of a process, in seconds.
fn cpu_seconds(pid: u32, ticks: f64) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may contain spaces; fields start after the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / ticks)
}

fn peak_rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The database side of a run: PostgreSQL backends serving our database.
struct DbProcesses {
    conn: Option<sea_orm::DatabaseConnection>,
    name: String,
}

impl DbProcesses {
    async fn pids(&self) -> Vec<u32> {
        let Some(conn) = &self.conn else { return Vec::new() };
        let sql =
            format!("SELECT pid FROM pg_stat_activity WHERE datname = '{}' AND pid <> pg_backend_pid()", self.name);
        match conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql)).await {
            Ok(rows) => rows.iter().filter_map(|r| r.try_get::<i32>("", "pid").ok()).map(|p| p as u32).collect(),
            Err(_) => Vec::new(),
        }
    }

    async fn cpu(&self, ticks: f64) -> HashMap<u32, f64> {
        self.pids().await.into_iter().filter_map(|p| cpu_seconds(p, ticks).map(|c| (p, c))).collect()
    }
}

fn lua_reads(path: &Path, cookie: Option<&str>) -> anyhow::Result<()> {
    let mut s = String::from("wrk.headers[\"Accept-Language\"] = \"uk,ru;q=0.8,en;q=0.5\"\n");
    if let Some(c) = cookie {
        writeln!(s, "wrk.headers[\"Cookie\"] = \"{c}\"")?;
    }
    s.push_str(LUA_DONE);
    std::fs::write(path, s)?;
    Ok(())
}

/// Reads that cycle through many paths (each thread from its own offset),
/// so a search is not the same query again and again.
fn lua_many(path: &Path, paths: &[String]) -> anyhow::Result<()> {
    let mut s = String::from("wrk.headers[\"Accept-Language\"] = \"uk,ru;q=0.8,en;q=0.5\"\nlocal paths = {\n");
    for p in paths {
        writeln!(s, "  \"{}\",", p.replace('\\', "\\\\").replace('"', "\\\""))?;
    }
    s.push_str(
        "}\nlocal i = 0\nfunction init(args) i = (id or 0) * 7 end\nfunction request()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n",
    );
    s.push_str(LUA_DONE);
    std::fs::write(path, s)?;
    Ok(())
}

/// The evaluation questions (tests/data/ask), as readers typed them.
fn questions() -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Q {
        text: String,
    }
    #[derive(serde::Deserialize)]
    struct File {
        q: Vec<Q>,
    }
    let mut out = Vec::new();
    for f in ["tests/data/ask/questions.toml", "tests/data/ask/holdout.toml"] {
        if let Ok(text) = std::fs::read_to_string(f)
            && let Ok(file) = toml::from_str::<File>(&text)
        {
            out.extend(file.q.into_iter().map(|q| q.text));
        }
    }
    out
}

/// Reports one machine-readable line; `bad` counts unexpected statuses seen
/// by a `response` hook (writes), summed over threads.
const LUA_DONE: &str = r#"
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("bad") or 0) end
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout, bad,
    latency:percentile(95)))
end
"#;

/// Whose CPU time a run reads.
#[derive(Clone, Copy)]
struct Watch<'a> {
    server: Option<u32>,
    db: Option<&'a DbProcesses>,
    ticks: f64,
}

async fn wrk(
    base: &str,
    page: &str,
    script: &Path,
    args: &Args,
    connections: u32,
    seconds: u64,
    watch: Watch<'_>,
) -> anyhow::Result<Measured> {
    let Watch { server, db, ticks } = watch;
    let before = server.and_then(|p| cpu_seconds(p, ticks));
    let db_before = match db {
        Some(d) => Some(d.cpu(ticks).await),
        None => None,
    };
    let started = Instant::now();
    let threads = args.threads.min(connections).max(1);
    let out = Command::new("wrk")
        .args(["-t", &threads.to_string(), "-c", &connections.to_string(), "-d", &format!("{seconds}s")])
        .args(["--timeout", "10s", "-s"])
        .arg(script)
        .arg(format!("{base}{page}"))
        .output()
        .context("running wrk")?;
    let elapsed = started.elapsed().as_secs_f64();
    let after = server.and_then(|p| cpu_seconds(p, ticks));
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("BENCH "))
        .with_context(|| format!("wrk gave no result for {page}: {}{}", text, String::from_utf8_lossy(&out.stderr)))?;
    let n: Vec<f64> = line.split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect();
    if n.len() < 6 {
        bail!("unexpected wrk output: {line}");
    }
    let mut m = Measured {
        requests: n[0] as u64,
        seconds: n[1] / 1e6,
        p50_ms: n[2] / 1000.0,
        p99_ms: n[3] / 1000.0,
        p95_ms: n.get(6).copied().unwrap_or(0.0) / 1000.0,
        errors: (n[4] + n[5]) as u64,
        ..Default::default()
    };
    if m.seconds <= 0.0 {
        m.seconds = elapsed;
    }
    if let (Some(b), Some(a)) = (before, after)
        && m.requests > 0
    {
        m.cpu_us = Some((a - b) * 1e6 / m.requests as f64);
    }
    if let (Some(d), Some(before)) = (db, db_before) {
        let after = d.cpu(ticks).await;
        let used: f64 = after.iter().map(|(pid, a)| a - before.get(pid).copied().unwrap_or(0.0)).sum();
        if m.requests > 0 {
            m.db_cpu_us = Some(used * 1e6 / m.requests as f64);
        }
    }
    Ok(m)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().and_then(|l| l.split_whitespace().nth(1)).and_then(|k| k.parse::<f64>().ok()))
        .map_or(0.0, |k| k / 1024.0 / 1024.0);
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|o| {
            o.lines()
                .find(|l| l.starts_with("PRETTY_NAME="))
                .map(|l| l.trim_start_matches("PRETTY_NAME=").trim_matches('"').to_owned())
        })
        .unwrap_or_default();
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!("{cores} cores ({cpu}), {mem:.0} GiB RAM, {os}, Linux {}", kernel.trim())
}

fn today() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!("{:04}-{:02}-{:02}", now.year(), u8::from(now.month()), now.day())
}

struct Seeded {
    dir: PathBuf,
    database_url: String,
    password: String,
    seed_secs: Option<f64>,
}

async fn seed(args: &Args, backend: &str) -> anyhow::Result<Seeded> {
    let dir = args.work_dir.join(format!("{backend}-scale-{}", args.scale));
    let pw_file = dir.join("password");
    let db_name = "veche_bench";
    let database_url = if backend == "postgres" {
        let mut u = url::Url::parse(&args.pg_url).context("--pg-url")?;
        u.set_path(&format!("/{db_name}"));
        u.to_string()
    } else {
        String::new()
    };
    if args.reuse && pw_file.exists() {
        let password = std::fs::read_to_string(&pw_file)?.trim().to_owned();
        return Ok(Seeded { dir, database_url, password, seed_secs: None });
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    if backend == "postgres" {
        let admin = sea_orm::Database::connect(&args.pg_url).await.context("connecting to --pg-url")?;
        let b = admin.get_database_backend();
        admin.execute_raw(Statement::from_string(b, format!("DROP DATABASE IF EXISTS {db_name} WITH (FORCE)"))).await?;
        admin.execute_raw(Statement::from_string(b, format!("CREATE DATABASE {db_name}"))).await?;
        admin.close().await?;
    }
    let started = Instant::now();
    let out = Command::new(&args.veche)
        .args(["--data-dir"])
        .arg(&dir)
        .args(["demo", "--scale", &args.scale.to_string()])
        .env("VECHE_DATABASE_URL", &database_url)
        .env("RUST_LOG", "warn")
        .output()
        .with_context(|| format!("running {}", args.veche.display()))?;
    let secs = started.elapsed().as_secs_f64();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        bail!("seeding failed: {text}{}", String::from_utf8_lossy(&out.stderr));
    }
    let password = text
        .lines()
        .find_map(|l| {
            l.strip_prefix("accounts (all with the password ")
                .and_then(|rest| rest.strip_suffix("):"))
                .or_else(|| l.strip_prefix("every demo member signs in with the password: "))
        })
        .context("no password in the demo output")?
        .trim()
        .to_owned();
    std::fs::write(&pw_file, &password)?;
    println!("{}", text.lines().next().unwrap_or(""));
    Ok(Seeded { dir, database_url, password, seed_secs: Some(secs) })
}

/// Pages and write targets, chosen from the seeded data.
struct Targets {
    category: String,
    deep_cursor: String,
    topic: (i64, i32),
    hot: (i64, i32),
    guide: String,
    diff: (i64, i64),
    reader: String,
    writers: Vec<String>,
    reply_topics: Vec<i64>,
    guides_to_edit: Vec<(String, i64, String)>,
    db_size_mib: f64,
}

async fn rows(db: &sea_orm::DatabaseConnection, sql: &str) -> anyhow::Result<Vec<sea_orm::QueryResult>> {
    Ok(db.query_all_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await?)
}

async fn targets(seeded: &Seeded, backend: &str) -> anyhow::Result<Targets> {
    let config =
        Config { data_dir: seeded.dir.clone(), database_url: seeded.database_url.clone(), ..Config::default() };
    let db = Db::connect(&config).await?;
    let r = db.read();
    let one =
        |rows: Vec<sea_orm::QueryResult>, what: &str| rows.into_iter().next().with_context(|| format!("no {what}"));
    let cat = one(
        rows(r, "SELECT id, slug FROM categories WHERE parent_id IS NULL ORDER BY topic_count DESC").await?,
        "category",
    )?;
    let cat_id: i64 = cat.try_get("", "id")?;
    let category: String = cat.try_get("", "slug")?;
    let mut ids = vec![cat_id];
    for row in rows(r, &format!("SELECT id FROM categories WHERE parent_id = {cat_id}")).await? {
        ids.push(row.try_get("", "id")?);
    }
    let deep = 600;
    let q = ListQuery {
        categories: Some(ids),
        sort: Sort::Latest,
        since: None,
        cursor: None,
        viewer: None,
        limit: deep,
        include_hidden: false,
    };
    let list = veche::forum::lists::topics(&db, &q).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let last = list.topics.last().context("an empty category")?;
    let deep_cursor =
        Cursor { pinned: last.pinned, key: veche::util::unix_micros(last.last_posted_at), id: last.id }.encode();
    let pair = |row: sea_orm::QueryResult| -> anyhow::Result<(i64, i32)> {
        Ok((row.try_get("", "id")?, row.try_get("", "highest_post_number")?))
    };
    let live = "deleted = false AND hidden = false";
    let topic = pair(one(
        rows(
            r,
            &format!("SELECT id, highest_post_number FROM topics WHERE {live} AND highest_post_number BETWEEN 20 AND 40 ORDER BY last_posted_at DESC LIMIT 1"),
        )
        .await?,
        "20-post topic",
    )?)?;
    let hot = pair(one(
        rows(
            r,
            &format!("SELECT id, highest_post_number FROM topics WHERE {live} ORDER BY highest_post_number >= 500 DESC, abs(highest_post_number - 500) LIMIT 1"),
        )
        .await?,
        "long topic",
    )?)?;
    let g = one(
        rows(
            r,
            "SELECT id, title FROM articles ORDER BY revision_count BETWEEN 20 AND 80 DESC, length(excerpt) DESC, revision_count DESC LIMIT 1",
        )
        .await?,
        "guide",
    )?;
    let guide_id: i64 = g.try_get("", "id")?;
    let guide: String = g.try_get("", "title")?;
    let revs: Vec<(i64, Option<i64>)> =
        rows(r, &format!("SELECT id, parent_id FROM revisions WHERE article_id = {guide_id} ORDER BY id"))
            .await?
            .into_iter()
            .map(|row| Ok((row.try_get("", "id")?, row.try_get("", "parent_id")?)))
            .collect::<anyhow::Result<_>>()?;
    let mid = revs.get(revs.len() / 2).copied().context("revisions")?;
    let diff = (mid.1.unwrap_or(mid.0), mid.0);
    let editors = "'personal','merchant','capitaller','cashier','developer','guarantor'";
    let writers: Vec<String> = rows(
        r,
        &format!("SELECT username FROM users WHERE role = 'member' AND bl > 10 AND certificate IN ({editors}) ORDER BY id LIMIT 16"),
    )
    .await?
    .into_iter()
    .map(|row| row.try_get("", "username"))
    .collect::<Result<_, _>>()?;
    let reader: String = one(
        rows(r, "SELECT username FROM users WHERE role = 'member' AND certificate = 'formal' ORDER BY id LIMIT 1")
            .await?,
        "reader",
    )?
    .try_get("", "username")?;
    let reply_topics: Vec<i64> = rows(
        r,
        &format!("SELECT id FROM topics WHERE {live} AND closed = false ORDER BY last_posted_at DESC LIMIT 400"),
    )
    .await?
    .into_iter()
    .map(|row| row.try_get("", "id"))
    .collect::<Result<_, _>>()?;
    let guides_to_edit: Vec<(String, i64, String)> = rows(
        r,
        "SELECT a.title, r.id, r.body FROM articles a JOIN revisions r ON r.id = a.current_revision_id WHERE a.protected = false ORDER BY a.id",
    )
    .await?
    .into_iter()
    .map(|row| Ok((row.try_get("", "title")?, row.try_get("", "id")?, row.try_get("", "body")?)))
    .collect::<anyhow::Result<_>>()?;
    let db_size_mib = if backend == "postgres" {
        let row = one(rows(r, "SELECT pg_database_size(current_database()) AS n").await?, "size")?;
        row.try_get::<i64>("", "n")? as f64 / 1048576.0
    } else {
        ["veche.db", "veche.db-wal"]
            .iter()
            .filter_map(|f| std::fs::metadata(seeded.dir.join(f)).ok())
            .map(|m| m.len() as f64)
            .sum::<f64>()
            / 1048576.0
    };
    db.close().await;
    Ok(Targets {
        category,
        deep_cursor,
        topic,
        hot,
        guide,
        diff,
        reader,
        writers,
        reply_topics,
        guides_to_edit,
        db_size_mib,
    })
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Signs in over HTTP like a browser; returns the cookie header and the
/// session's CSRF token.
async fn sign_in(base: &str, user: &str, password: &str, topic: i64) -> anyhow::Result<(String, String)> {
    let client = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build()?;
    let token = |html: &str| -> Option<String> {
        let i = html.find("name=\"csrf_token\" value=\"")? + 25;
        Some(html[i..].split('"').next()?.to_owned())
    };
    let form = client.get(format!("{base}/login")).send().await?.text().await?;
    let csrf = token(&form).context("no CSRF token on the sign-in page")?;
    let res = client
        .post(format!("{base}/login"))
        .form(&[("login", user), ("password", password), ("csrf_token", csrf.as_str())])
        .send()
        .await?;
    if !res.status().is_redirection() {
        bail!("signing in as {user}: {}", res.status());
    }
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("veche_session="))
        .and_then(|v| v.split(';').next())
        .context("no session cookie")?
        .to_owned();
    let page = client.get(format!("{base}/t/{topic}?page=1")).send().await?.text().await?;
    let csrf = token(&page).context("no CSRF token on a topic page for a member")?;
    Ok((cookie, csrf))
}

fn lua_list(items: impl IntoIterator<Item = String>) -> String {
    let mut s = String::from("{");
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&x);
    }
    s.push('}');
    s
}

const REPLY_BODIES: &[&str] = &[
    "Перевірте статус операції в історії гаманця. Зазвичай зарахування триває до трьох банківських днів.",
    "Було таке й у мене: гроші прийшли наступного ранку. Не повторюйте платіж.",
    "Напишіть у підтримку з номером операції `TX-2025-0420` — так відповідають швидше.",
    "Підтверджую, у мене так само. Детальніше: [[Комісії та ліміти]].",
    "Было такое и у меня. Обновите приложение и перезагрузите телефон.",
    "Дякую, допомогло!\n\n- перевірив номер гаманця\n- дочекався трьох днів",
];

fn lua_writes(path: &Path, writers: &[(String, String)], body: &str) -> anyhow::Result<()> {
    let ws = lua_list(writers.iter().map(|(c, t)| format!("{{c=\"{c}\",t=\"{t}\"}}")));
    let s = format!(
        "local writers = {ws}\nlocal n = 0\nbad = 0\nlocal shown = 0\n{body}\n\
         function response(status, headers, body)\n  if status ~= 303 then\n    bad = bad + 1\n    \
         if shown < 3 then shown = shown + 1; io.stderr:write(\"unexpected status \" .. status .. \"\\n\") end\n  end\nend\n{LUA_DONE}"
    );
    std::fs::write(path, s)?;
    Ok(())
}

fn lua_replies(path: &Path, writers: &[(String, String)], topics: &[i64]) -> anyhow::Result<()> {
    let topics = lua_list(topics.iter().map(i64::to_string));
    let bodies = lua_list(REPLY_BODIES.iter().map(|b| format!("\"{}\"", enc(b))));
    let body = format!(
        "local topics = {topics}\nlocal bodies = {bodies}\n\
         function request()\n  n = n + 1\n  local w = writers[((n * 7 + (id or 0)) % #writers) + 1]\n  \
         local t = topics[math.random(#topics)]\n  local b = bodies[math.random(#bodies)]\n  \
         return wrk.format(\"POST\", \"/t/\" .. t .. \"/reply\", {{[\"Cookie\"] = w.c, [\"Content-Type\"] = \"application/x-www-form-urlencoded\"}}, \"csrf_token=\" .. w.t .. \"&body=\" .. b)\nend"
    );
    lua_writes(path, writers, &body)
}

/// Guide edits that merge cleanly: every edit changes one line of a guide
/// (a line no other edit touches, with unchanged lines around it) from the
/// revision read before the run, so later edits of the same guide are
/// 3-way merged the way concurrent editors' edits are.
fn lua_edits(
    path: &Path,
    writers: &[(String, String)],
    guides: &[(String, i64, String)],
    threads: u32,
) -> anyhow::Result<usize> {
    let mut gs = Vec::new();
    let mut slots: Vec<Vec<usize>> = Vec::new();
    for (title, base, body) in guides {
        let lines: Vec<&str> = body.split('\n').collect();
        let mut eligible = Vec::new();
        let mut last: Option<usize> = None;
        for (i, l) in lines.iter().enumerate() {
            let text = l.trim();
            let ok = text.len() > 20 && !text.starts_with('|') && !text.starts_with('#');
            if ok && last.is_none_or(|p| i >= p + 3) && i > 0 && i + 1 < lines.len() {
                eligible.push(i + 1);
                last = Some(i);
            }
        }
        if eligible.len() < 3 {
            continue;
        }
        let href = Title::parse(title).map(|t| t.href()).unwrap_or_default();
        let enc_lines = lua_list(lines.iter().map(|l| format!("\"{}\"", enc(l))));
        gs.push(format!("{{p=\"{href}/edit\",b={base},l={enc_lines}}}"));
        slots.push(eligible);
        if gs.len() >= 300 {
            break;
        }
    }
    // Round-robin over guides, so concurrent edits mostly touch different guides.
    let mut flat = Vec::new();
    let deepest = slots.iter().map(Vec::len).max().unwrap_or(0);
    for round in 0..deepest {
        for (g, s) in slots.iter().enumerate() {
            if let Some(line) = s.get(round) {
                flat.push(format!("{{{},{line}}}", g + 1));
            }
        }
    }
    let total = flat.len();
    let body = format!(
        "local guides = {}\nlocal slots = {}\nlocal suffix = \"{}\"\n\
         function request()\n  local k = n * {threads} + (id or 0)\n  n = n + 1\n  local s = slots[(k % #slots) + 1]\n  \
         local g = guides[s[1]]\n  local w = writers[(k % #writers) + 1]\n  local lines = {{}}\n  \
         for i, l in ipairs(g.l) do if i == s[2] then lines[i] = l .. suffix else lines[i] = l end end\n  \
         local body = \"csrf_token=\" .. w.t .. \"&base=\" .. g.b .. \"&summary=\" .. \"{summary}\" .. \"&body=\" .. table.concat(lines, \"%0A\")\n  \
         return wrk.format(\"POST\", g.p, {{[\"Cookie\"] = w.c, [\"Content-Type\"] = \"application/x-www-form-urlencoded\"}}, body)\nend",
        lua_list(gs),
        lua_list(flat),
        enc(" (уточнено)"),
        summary = enc("Уточнено формулювання"),
    );
    lua_writes(path, writers, &body)?;
    Ok(total)
}

fn start_server(args: &Args, seeded: &Seeded, addr: &str) -> anyhow::Result<Child> {
    let log = std::fs::File::create(seeded.dir.join("server.log"))?;
    Command::new(&args.veche)
        .arg("--data-dir")
        .arg(&seeded.dir)
        .args(["serve", "--listen", addr])
        .env("VECHE_DATABASE_URL", &seeded.database_url)
        // Members post as fast as the benchmark asks; sign-ins from one address.
        .env("VECHE_POST_INTERVAL_SECS", "0")
        .env("VECHE_NEW_ACCOUNT_HOURS", "0")
        .env("VECHE_LOGIN_PER_IP_PER_MINUTE", "100000")
        .env("VECHE_LOGIN_PER_IP_PER_HOUR", "100000")
        .env("VECHE_LOGIN_PER_ACCOUNT_PER_HOUR", "100000")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .with_context(|| format!("starting {}", args.veche.display()))
}

async fn wait_ready(base: &str) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    bail!("the server did not answer /healthz within a minute")
}

/// A CPU figure in µs, or a dash when it was not read.
fn micros(v: Option<f64>) -> String {
    v.map_or("—".into(), |c| format!("{c:.0}"))
}

/// The PostgreSQL CPU cell of a row (nothing on SQLite).
fn db_cell(m: &Measured, pg: bool) -> String {
    if pg { format!(" {} |", micros(m.db_cpu_us)) } else { String::new() }
}

fn row(out: &mut String, name: &str, m: Option<&Measured>, base_cpu: Option<f64>, pg: bool) {
    let Some(m) = m else {
        let _ = writeln!(out, "| {name} | — | — | — | — | — |{} — |", if pg { " — |" } else { "" });
        return;
    };
    let cpu = micros(m.cpu_us);
    let ratio = match (m.cpu_us, base_cpu) {
        (Some(c), Some(b)) if b > 0.0 => format!("{:.1}×", c / b),
        _ => "—".into(),
    };
    let db = db_cell(m, pg);
    let _ = writeln!(
        out,
        "| {name} | {:.0} | {:.2} | {:.2} | {} | {cpu} |{db} {ratio} |",
        m.rps(),
        m.p50_ms,
        m.p99_ms,
        m.errors
    );
}

async fn run_backend(args: &Args, backend: &str, ticks: f64) -> anyhow::Result<String> {
    println!("== {backend}: seeding scale {}", args.scale);
    let seeded = seed(args, backend).await?;
    let t = targets(&seeded, backend).await?;
    let port = if backend == "postgres" { 39_182 } else { 39_181 };
    let addr = format!("127.0.0.1:{port}");
    let base = format!("http://{addr}");
    let mut server = start_server(args, &seeded, &addr)?;
    let pid = server.id();
    let result = measure(args, backend, ticks, &seeded, &t, &base, pid).await;
    if args.keep_serving {
        println!("server still running at {base} (pid {pid}); data in {}", seeded.dir.display());
    } else {
        let _ = server.kill();
        let _ = server.wait();
    }
    result
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn measure(
    args: &Args,
    backend: &str,
    ticks: f64,
    seeded: &Seeded,
    t: &Targets,
    base: &str,
    pid: u32,
) -> anyhow::Result<String> {
    wait_ready(base).await?;
    let db_procs = if backend == "postgres" {
        Some(DbProcesses { conn: Some(sea_orm::Database::connect(&args.pg_url).await?), name: "veche_bench".into() })
    } else {
        None
    };
    let (reader_cookie, _) = sign_in(base, &t.reader, &seeded.password, t.topic.0).await?;
    let guide = Title::parse(&t.guide).map_err(|e| anyhow::anyhow!("{e}"))?.href();
    let hot_last = (t.hot.1 + 19) / 20;
    let pages: Vec<Page> = [
        ("/healthz", "/healthz".to_owned(), None),
        ("home", "/".to_owned(), None),
        ("category, first page", format!("/c/{}", t.category), None),
        ("category, page 21", format!("/c/{}?cursor={}", t.category, t.deep_cursor), None),
        ("topic, 20 posts", format!("/t/{}?page=1", t.topic.0), None),
        ("long topic, first page", format!("/t/{}?page=1", t.hot.0), None),
        ("long topic, last page", format!("/t/{}?page={hot_last}", t.hot.0), None),
        ("guide", guide.clone(), None),
        ("guide history", format!("{guide}/history"), None),
        ("guide diff", format!("{guide}/diff?from={}&to={}", t.diff.0, t.diff.1), None),
        ("feed /latest.atom", "/latest.atom".to_owned(), None),
        ("wiki changes feed", "/wiki/changes.atom".to_owned(), None),
        ("topic, signed in", format!("/t/{}?page=1", t.topic.0), Some(reader_cookie.clone())),
        ("search", format!("/search?q={}", encode("виведення коштів на картку")), None),
        ("search, prefix", format!("/search?q={}", encode("гаман")), None),
        ("ask", format!("/ask?q={}", encode("як закинути гроші на гаманець")), None),
    ]
    .into_iter()
    .map(|(n, p, c)| Page { name: n.to_owned(), path: p, cookie: c })
    .collect();
    let only: Vec<String> = args.only.as_deref().map(|o| o.split(',').map(str::to_owned).collect()).unwrap_or_default();
    let script_dir = seeded.dir.join("lua");
    std::fs::create_dir_all(&script_dir)?;
    let anon = script_dir.join("read.lua");
    lua_reads(&anon, None)?;
    let signed = script_dir.join("read-signed-in.lua");
    lua_reads(&signed, Some(&reader_cookie))?;
    // Every page answers before anything is timed.
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    for p in &pages {
        let mut req = client.get(format!("{base}{}", p.path));
        if let Some(c) = &p.cookie {
            req = req.header("cookie", c);
        }
        let status = req.send().await?.status();
        if !status.is_success() {
            bail!("{} ({}) answered {status}", p.name, p.path);
        }
    }
    let watch = Watch { server: Some(pid), db: db_procs.as_ref(), ticks };
    let quiet = Watch { server: None, db: None, ticks };
    let mut results: Vec<(String, Option<Measured>)> = Vec::new();
    for p in &pages {
        if !only.is_empty() && p.name != "/healthz" && !only.iter().any(|o| p.name.contains(o.as_str())) {
            continue;
        }
        let script = if p.cookie.is_some() { &signed } else { &anon };
        // A short warm-up, then the measured run.
        wrk(base, &p.path, script, args, args.connections, 1, quiet).await?;
        let m = wrk(base, &p.path, script, args, args.connections, args.seconds, watch).await?;
        println!(
            "  {:<24} {:>8.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  errors {:>3}  CPU {:>6} µs/req{}",
            p.name,
            m.rps(),
            m.p50_ms,
            m.p99_ms,
            m.errors,
            micros(m.cpu_us),
            m.db_cpu_us.map_or(String::new(), |c| format!("  PostgreSQL {c:.0} µs/req"))
        );
        results.push((p.name.clone(), Some(m)));
    }
    // Search and ask over every evaluation question, in turn: the server
    // under the full load (CPU per request), then one reader at a time (the
    // latency a person waits for an answer).
    let mut latency: Vec<(String, u32, Measured)> = Vec::new();
    let asked = questions();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| name.contains(o.as_str()));
    if !asked.is_empty() {
        for (name, route) in [("search", "/search"), ("ask", "/ask")] {
            if !wanted(name) {
                continue;
            }
            let paths: Vec<String> = asked.iter().map(|q| format!("{route}?q={}", encode(q))).collect();
            let script = script_dir.join(format!("{name}-questions.lua"));
            lua_many(&script, &paths)?;
            for c in [args.connections, 1] {
                wrk(base, "/", &script, args, c, 1, quiet).await?;
                let m = wrk(base, "/", &script, args, c, args.seconds, watch).await?;
                let label = format!("{name}, {} questions", paths.len());
                println!(
                    "  {label:<24} c={c:<3} {:>6.0} req/s  p50 {:>6.2} ms  p95 {:>6.2} ms  p99 {:>6.2} ms  errors {}  CPU {} µs/req",
                    m.rps(),
                    m.p50_ms,
                    m.p95_ms,
                    m.p99_ms,
                    m.errors,
                    micros(m.cpu_us),
                );
                latency.push((label, c, m));
            }
        }
    }

    let mut writes: Vec<(String, Measured)> = Vec::new();
    if !args.no_writes {
        let mut sessions = Vec::new();
        for w in t.writers.iter().take(args.writers as usize) {
            sessions.push(sign_in(base, w, &seeded.password, t.topic.0).await?);
        }
        if sessions.is_empty() {
            bail!("no qualified editors to write with");
        }
        let replies = script_dir.join("replies.lua");
        lua_replies(&replies, &sessions, &t.reply_topics)?;
        let m = wrk(base, "/", &replies, args, args.writers, args.seconds, watch).await?;
        println!("  {:<24} {:>8.0} /s  p99 {:>6.2} ms  errors {}", "replies", m.rps(), m.p99_ms, m.errors);
        writes.push(("replies".into(), m));
        let edits = script_dir.join("edits.lua");
        let slots = lua_edits(&edits, &sessions, &t.guides_to_edit, args.threads.min(args.writers).max(1))?;
        let m = wrk(base, "/", &edits, args, args.writers, args.seconds, watch).await?;
        println!(
            "  {:<24} {:>8.0} /s  p99 {:>6.2} ms  errors {}  ({slots} distinct line edits prepared)",
            "guide edits",
            m.rps(),
            m.p99_ms,
            m.errors
        );
        writes.push(("guide edits".into(), m));
    }
    let rss = peak_rss_mib(pid);

    let pg = backend == "postgres";
    let base_cpu = results.iter().find(|(n, _)| n == "/healthz").and_then(|(_, m)| m.as_ref()?.cpu_us);
    let mut out = String::new();
    let _ = writeln!(out, "\n### {} — scale {} — {}\n", if pg { "PostgreSQL" } else { "SQLite" }, args.scale, today());
    let _ = writeln!(out, "Machine: {}.  ", machine());
    let _ = writeln!(
        out,
        "Data: {:.0} MiB{}; wrk -t{} -c{} -d{}s on the same machine.\n",
        t.db_size_mib,
        seeded.seed_secs.map_or(String::new(), |s| format!(", seeded in {s:.0} s")),
        args.threads,
        args.connections,
        args.seconds
    );
    let _ = writeln!(
        out,
        "| page | req/s | p50 ms | p99 ms | errors | server CPU µs/req |{} CPU × /healthz |",
        if pg { " PostgreSQL CPU µs/req |" } else { "" }
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|{}---:|", if pg { "---:|" } else { "" });
    for (name, m) in &results {
        row(&mut out, name, m.as_ref(), base_cpu, pg);
    }
    if !writes.is_empty() {
        let _ = writeln!(
            out,
            "\n| writes ({} writers) | per second | p50 ms | p99 ms | errors | server CPU µs/write |{}",
            args.writers,
            if pg { " PostgreSQL CPU µs/write |" } else { "" }
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|{}", if pg { "---:|" } else { "" });
        for (name, m) in &writes {
            let db = db_cell(m, pg);
            let _ = writeln!(
                out,
                "| {name} | {:.0} | {:.2} | {:.2} | {} | {} |{db}",
                m.rps(),
                m.p50_ms,
                m.p99_ms,
                m.errors,
                micros(m.cpu_us)
            );
        }
    }
    if !latency.is_empty() {
        let _ = writeln!(
            out,
            "\n| search and ask, every evaluation question in turn | connections | req/s | p50 ms | p95 ms | p99 ms | errors | server CPU µs/req |{}",
            if pg { " PostgreSQL CPU µs/req |" } else { "" }
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|{}", if pg { "---:|" } else { "" });
        for (name, c, m) in &latency {
            let db = db_cell(m, pg);
            let _ = writeln!(
                out,
                "| {name} | {c} | {:.0} | {:.2} | {:.2} | {:.2} | {} | {} |{db}",
                m.rps(),
                m.p50_ms,
                m.p95_ms,
                m.p99_ms,
                m.errors,
                micros(m.cpu_us)
            );
        }
    }
    let _ = writeln!(out, "\nPeak RSS of the server: {}.", rss.map_or("—".into(), |r| format!("{r:.0} MiB")));
    Ok(out)
}

async fn run_peers(args: &Args, file: &Path, ticks: f64) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let entries: Vec<(String, String)> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('=').map(|(n, u)| (n.trim().to_owned(), u.trim().to_owned())))
        .collect();
    let script = args.work_dir.join("peer.lua");
    std::fs::create_dir_all(&args.work_dir)?;
    lua_reads(&script, None)?;
    let mut out = String::new();
    let _ = writeln!(out, "\n### Peer: {} — {}\n", file.display(), today());
    let _ = writeln!(out, "| page | req/s | p50 ms | p99 ms | errors | server CPU µs/req | CPU × first line |");
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
    let mut base_cpu = None;
    for (name, url) in entries {
        let (origin, path) = match url.find("://").and_then(|s| url[s + 3..].find('/').map(|p| s + 3 + p)) {
            Some(i) => (url[..i].to_owned(), url[i..].to_owned()),
            None => (url.clone(), "/".to_owned()),
        };
        let quiet = Watch { server: None, db: None, ticks };
        wrk(&origin, &path, &script, args, args.connections, 1, quiet).await?;
        let watch = Watch { server: args.peer_pid, db: None, ticks };
        let m = wrk(&origin, &path, &script, args, args.connections, args.seconds, watch).await?;
        if base_cpu.is_none() {
            base_cpu = Some(m.cpu_us);
        }
        println!("  peer {name:<20} {:>8.0} req/s  p99 {:>6.2} ms  errors {}", m.rps(), m.p99_ms, m.errors);
        row(&mut out, &name, Some(&m), base_cpu.flatten(), false);
    }
    Ok(out)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let ticks = clock_ticks();
    let backends: Vec<&str> = match args.db.as_str() {
        "sqlite" => vec!["sqlite"],
        "postgres" => vec!["postgres"],
        "both" => vec!["sqlite", "postgres"],
        other => bail!("--db {other}: use sqlite, postgres or both"),
    };
    let mut report = String::new();
    for b in backends {
        report.push_str(&run_backend(&args, b, ticks).await?);
    }
    if let Some(peers) = &args.peers {
        report.push_str(&run_peers(&args, peers, ticks).await?);
    }
    println!("{report}");
    if let Some(path) = &args.out {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
        f.write_all(report.as_bytes())?;
    }
    Ok(())
}
