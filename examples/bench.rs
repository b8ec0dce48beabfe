//! Read-path benchmark: seeds a community, serves it on 127.0.0.1, and
//! measures throughput and latency per page next to `/healthz` (a trivial
//! endpoint measured the same way), so the figures are ratios that hold on
//! any machine.
//!
//! ```sh
//! cargo run --release --example bench                 # SQLite in a temp dir
//! VECHE_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1/bench cargo run --release --example bench
//! ```
//! Sizes: `VECHE_BENCH_TOPICS` (default 2000), `VECHE_BENCH_REPLIES` (5),
//! `VECHE_BENCH_SECONDS` per page (5), `VECHE_BENCH_CONCURRENCY` (16).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use veche::accounts::{self, Registered, SignUp};
use veche::config::Config;
use veche::forum::{self, CategoryForm, NewTopic};
use veche::policy::Role;
use veche::title::Title;
use veche::wiki::{self, Edit};
use veche::{AppState, router};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let topics = env("VECHE_BENCH_TOPICS", 2000);
    let replies = env("VECHE_BENCH_REPLIES", 5);
    let seconds = env("VECHE_BENCH_SECONDS", 5);
    let concurrency = env("VECHE_BENCH_CONCURRENCY", 16);
    let dir = tempfile::tempdir()?;
    let data_dir = std::env::var("VECHE_BENCH_DATA_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| dir.path().to_path_buf());
    let url = std::env::var("VECHE_BENCH_DATABASE_URL").unwrap_or_default();
    let config = Config {
        data_dir: data_dir.clone(),
        database_url: url.clone(),
        login_per_ip_per_minute: 1_000_000,
        login_per_ip_per_hour: 1_000_000,
        post_interval_secs: 0,
        new_post_interval_secs: 0,
        new_account_hours: 0,
        ..Config::default()
    };
    let state = AppState::build(config).await?;
    let db = &state.db;

    let seed_start = Instant::now();
    let mut users = Vec::new();
    for i in 0..20 {
        let form = SignUp {
            username: format!("учасник{i}"),
            email: format!("u{i}@bench.invalid"),
            password: "bench password 123".into(),
        };
        let role = if i == 0 { Role::Admin } else { Role::Member };
        if let Registered::Created(u) =
            accounts::create(db, "alias", &form, role, true).await.map_err(|e| anyhow::anyhow!("{e}"))?
        {
            users.push(*u);
        }
    }
    let mut slugs = Vec::new();
    for i in 0..6 {
        let slug = format!("category-{i}");
        let form = CategoryForm { name: format!("Категорія {i}"), slug: slug.clone(), ..Default::default() };
        forum::categories::create(db, &form).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        slugs.push(slug);
    }
    let admin = users[0].clone();
    let mut guides = Vec::new();
    for i in 0..100 {
        let title = Title::parse(&format!("Інструкція номер {i}")).map_err(|e| anyhow::anyhow!("{e}"))?;
        let body = format!(
            "Вступ до інструкції {i}.\n\n## Крок перший\n\nВідкрийте гаманець і **перевірте** баланс.\n\n## Крок другий\n\nДив. [[Інструкція номер {}]].\n\n## Крок третій\n\n| Поле | Значення |\n|---|---|\n| Комісія | 1% |\n",
            (i + 1) % 100
        );
        wiki::commands::edit(
            &state,
            &admin,
            &title,
            &Edit { body, summary: "bench".into(), minor: false, base: None },
            None,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        guides.push(title);
    }
    let mut topic_ids = Vec::new();
    for i in 0..topics {
        let author = &users[(i as usize) % users.len()];
        let input = NewTopic {
            category: slugs[(i as usize) % slugs.len()].clone(),
            title: format!("Питання номер {i}: не приходить поповнення"),
            body: format!(
                "Поповнив гаманець, гроші не прийшли. Див. [[Інструкція номер {}]]. Номер `TX-{i}`.",
                i % 100
            ),
        };
        let id = forum::commands::create_topic(&state, author, &input).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        for r in 0..replies {
            let who = &users[((i + r + 1) as usize) % users.len()];
            forum::commands::reply(&state, who, id, &format!("Відповідь {r}: перевірте **історію** операцій."))
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        topic_ids.push(id);
    }
    let seeded = seed_start.elapsed();
    // As a serving process does periodically: fresh planner statistics.
    state.db.optimize().await;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let mid = topic_ids[topic_ids.len() / 2];
    let pages: Vec<(&str, String)> = vec![
        ("healthz (baseline)", "/healthz".into()),
        ("home: latest topics", "/".into()),
        ("category list", format!("/c/{}", slugs[1])),
        ("topic page", format!("/t/{mid}?page=1")),
        ("guide", guides[50].href()),
        ("guide history", format!("{}/history", guides[50].href())),
        ("wiki index", "/wiki".into()),
        ("latest.atom", "/latest.atom".into()),
    ];
    println!(
        "seeded {} topics × {} replies, {} guides on {} in {:.1} s; {} s per page, {} concurrent clients\n",
        topics,
        replies,
        guides.len(),
        if url.is_empty() { "SQLite" } else { "PostgreSQL" },
        seeded.as_secs_f64(),
        seconds,
        concurrency
    );
    println!(
        "{:<22} {:>9} {:>9} {:>9} {:>9} {:>8} {:>8}",
        "page", "req/s", "p50 ms", "p99 ms", "max ms", "vs base", "queries"
    );
    let client = reqwest::Client::builder().pool_max_idle_per_host(64).build()?;
    let mut baseline = None;
    for (name, path) in pages {
        let before = state.db.query_count();
        let probe = client.get(format!("{base}{path}")).send().await?;
        assert!(probe.status().is_success(), "{path}: {}", probe.status());
        let _ = probe.bytes().await?;
        let queries = state.db.query_count() - before;
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut tasks = Vec::new();
        for _ in 0..concurrency {
            let client = client.clone();
            let url = format!("{base}{path}");
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                while Instant::now() < deadline {
                    let t = Instant::now();
                    if let Ok(r) = client.get(&url).send().await {
                        let _ = r.bytes().await;
                    }
                    lat.push(t.elapsed());
                }
                lat
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await?);
        }
        all.sort();
        let rps = all.len() as f64 / seconds as f64;
        let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)].as_secs_f64() * 1000.0;
        let base_rps = *baseline.get_or_insert(rps);
        println!(
            "{:<22} {:>9.0} {:>9.2} {:>9.2} {:>9.2} {:>7.0}% {:>8}",
            name,
            rps,
            pct(0.50),
            pct(0.99),
            all.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
            rps / base_rps * 100.0,
            queries
        );
    }
    Ok(())
}
