//! Query plans that do not depend on luck: every statement the read pages
//! run is recorded, and the database is asked how it would run each one:
//! on SQLite with fresh statistics, with none, and with statistics that
//! lie both ways (every table tiny; every index useless); on PostgreSQL
//! with sequential scans and sorts priced out. A full scan of a table, or a
//! sort, fails the test, except a sort marked `/* bounded: … */` over rows
//! reached through one parent's index, and the categories table, which is
//! small by nature.

use std::collections::BTreeSet;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, Statement};

use crate::support::TestApp;

/// Tables whose whole contents a page may read: a few rows by nature.
const SMALL: &[&str] = &["categories"];

async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<sea_orm::QueryResult> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await.unwrap()
}

async fn one_i64(db: &DatabaseConnection, sql: &str) -> i64 {
    rows(db, sql).await.first().unwrap_or_else(|| panic!("no row: {sql}")).try_get_by_index::<i64>(0).unwrap()
}

async fn one_string(db: &DatabaseConnection, sql: &str) -> String {
    rows(db, sql).await.first().unwrap_or_else(|| panic!("no row: {sql}")).try_get_by_index::<String>(0).unwrap()
}

/// Every SELECT the read pages run, once each.
async fn page_statements(app: &TestApp, password: &str) -> Vec<Statement> {
    let db = app.state.db.read();
    let parent = one_string(
        db,
        "SELECT p.slug FROM categories p WHERE EXISTS (SELECT 1 FROM categories c WHERE c.parent_id = p.id) \
         ORDER BY p.topic_count DESC",
    )
    .await;
    let child =
        one_string(db, "SELECT slug FROM categories WHERE parent_id IS NOT NULL ORDER BY topic_count DESC").await;
    let topic = one_i64(
        db,
        "SELECT id FROM topics WHERE highest_post_number BETWEEN 5 AND 40 AND solved_post_id IS NOT NULL ORDER BY id DESC",
    )
    .await;
    let (long, long_posts) = {
        let r = rows(db, "SELECT id, highest_post_number FROM topics ORDER BY highest_post_number DESC").await;
        (r[0].try_get_by_index::<i64>(0).unwrap(), r[0].try_get_by_index::<i32>(1).unwrap())
    };
    let guide = one_string(db, "SELECT title FROM articles ORDER BY revision_count DESC").await;
    let guide = crate::support::wiki_path(&guide);
    let diff =
        rows(db, "SELECT r.id, r.parent_id FROM revisions r WHERE r.parent_id IS NOT NULL ORDER BY r.article_id, r.id")
            .await;
    let (to, from) = (diff[0].try_get_by_index::<i64>(0).unwrap(), diff[0].try_get_by_index::<i64>(1).unwrap());
    let post = one_i64(db, &format!("SELECT id FROM posts WHERE topic_id = {topic} AND post_number = 2")).await;
    let diff_title = one_string(
        db,
        &format!("SELECT a.title FROM articles a JOIN revisions r ON r.article_id = a.id WHERE r.id = {to}"),
    )
    .await;
    let diff_path = crate::support::wiki_path(&diff_title);
    let (section, section_id) = {
        let r = rows(db, "SELECT slug, id FROM sections ORDER BY guide_count DESC").await;
        (r[0].try_get_by_index::<String>(0).unwrap(), r[0].try_get_by_index::<i64>(1).unwrap())
    };
    let section_after = one_i64(
        db,
        &format!(
            "SELECT article_id FROM article_sections WHERE section_id = {section_id} ORDER BY sort_key, article_id"
        ),
    )
    .await;
    let first_section = one_i64(db, "SELECT id FROM sections ORDER BY sort_key, id").await;
    // A profile lists the member's guide edits (the author index).
    let editor = one_string(
        db,
        "SELECT u.username FROM users u WHERE u.id = \
         (SELECT author_id FROM revisions GROUP BY author_id ORDER BY COUNT(*) DESC LIMIT 1)",
    )
    .await;
    let editor = format!("/u/{}", percent_encoding::utf8_percent_encode(&editor, percent_encoding::NON_ALPHANUMERIC));
    let section = format!(
        "/wiki/section/{}",
        percent_encoding::utf8_percent_encode(&section, percent_encoding::NON_ALPHANUMERIC)
    );

    let anonymous = app.browser();
    let member = app.browser();
    member.sign_in("Олена_К", password).await;
    // The deep page of a list: follow "next" from the first.
    let first = anonymous.get(&format!("/c/{parent}")).await;
    let next = first
        .html()
        .select(&scraper::Selector::parse("a[href*='cursor=']").unwrap())
        .next()
        .and_then(|a| a.value().attr("href").map(str::to_owned))
        .expect("a category with a second page");

    app.state.db.capture_statements(true);
    let last_page = (long_posts + 19) / 20;
    let pages = [
        "/".to_owned(),
        "/?sort=new".to_owned(),
        "/?sort=top&period=all".to_owned(),
        "/?sort=top&period=month".to_owned(),
        format!("/c/{parent}"),
        next,
        format!("/c/{child}"),
        format!("/c/{parent}?sort=new"),
        format!("/t/{topic}"),
        format!("/t/{long}?page={last_page}"),
        format!("/p/{post}/history"),
        guide.clone(),
        format!("{guide}/history"),
        format!("{guide}/discussions"),
        format!("{guide}/links"),
        format!("{diff_path}/diff?from={from}&to={to}"),
        "/latest.atom".to_owned(),
        format!("/c/{parent}.atom"),
        "/wiki/changes".to_owned(),
        "/wiki/changes.atom".to_owned(),
        editor,
        "/wiki".to_owned(),
        section.clone(),
        format!("{section}?after={section_after}"),
        "/wiki/sections".to_owned(),
        format!("/wiki/sections?after={first_section}"),
    ];
    for path in &pages {
        let res = anonymous.get(path).await;
        assert_eq!(res.status, 200, "{path}");
    }
    for path in [format!("/t/{topic}?page=1"), "/".to_owned(), format!("/c/{parent}")] {
        let res = member.get(&path).await;
        assert_eq!(res.status, 200, "{path}");
    }
    app.state.db.capture_statements(false);
    let mut seen = BTreeSet::new();
    app.state
        .db
        .captured_statements()
        .into_iter()
        .filter(|s| {
            let sql = s.sql.trim_start();
            (sql.starts_with("SELECT") || sql.starts_with("/*")) && seen.insert(s.sql.clone())
        })
        .collect()
}

fn explain(statement: &Statement, prefix: &str) -> Statement {
    let mut s = statement.clone();
    s.sql = format!("{prefix} {}", s.sql);
    s
}

/// What is wrong with a SQLite plan, if anything.
fn sqlite_problems(sql: &str, plan: &[String]) -> Vec<String> {
    let bounded = sql.contains("/* bounded:");
    let limited = sql.contains(" LIMIT ");
    let subqueries: Vec<&str> =
        plan.iter().filter_map(|l| l.strip_prefix("MATERIALIZE ").or_else(|| l.strip_prefix("CO-ROUTINE "))).collect();
    let sorts = plan.iter().any(|l| l.starts_with("USE TEMP B-TREE"));
    let mut problems = Vec::new();
    // Aliases whose rows the statement must never read (`/* covered: a, b */`).
    let covered: Vec<&str> = sql
        .split("/* covered: ")
        .nth(1)
        .and_then(|rest| rest.split(" */").next())
        .map(|names| names.split(',').map(str::trim).collect())
        .unwrap_or_default();
    for line in plan {
        let alias =
            line.strip_prefix("SCAN ").or_else(|| line.strip_prefix("SEARCH ")).and_then(|r| r.split(' ').next());
        if alias.is_some_and(|a| covered.contains(&a)) && !line.contains("COVERING INDEX") {
            problems.push(format!("reads the rows of a table it should answer from an index: {line}"));
        }
    }
    let mut first_access = true;
    for line in plan {
        if line.contains("AUTOMATIC") || line.contains("BLOOM FILTER") {
            problems.push(format!("an index the schema lacks: {line}"));
        }
        let scanned = line.strip_prefix("SCAN ").map(|rest| rest.split(' ').next().unwrap_or(""));
        let accessed = scanned.is_some() || line.starts_with("SEARCH ");
        if let Some(name) = scanned
            && !SMALL.contains(&name)
            && !subqueries.contains(&name)
            && name != "CONSTANT"
        {
            // An ordered walk of the ordering index (or of the rowid) is
            // the outermost loop, stops at the LIMIT, and needs no sort.
            let ordered_walk = first_access && limited && !sorts && !bounded;
            if !ordered_walk {
                problems.push(format!("full scan: {line}"));
            }
        }
        if accessed {
            first_access = false;
        }
    }
    let small_only = plan
        .iter()
        .filter_map(|l| l.strip_prefix("SCAN ").or_else(|| l.strip_prefix("SEARCH ")))
        .all(|rest| SMALL.contains(&rest.split(' ').next().unwrap_or("")));
    if sorts && !bounded && !small_only {
        problems.push("a sort the ordering index should have made unnecessary".to_owned());
    }
    problems
}

/// What is wrong with a PostgreSQL plan, if anything.
fn postgres_problems(sql: &str, plan: &[String]) -> Vec<String> {
    let bounded = sql.contains("/* bounded:");
    let nodes: Vec<String> =
        plan.iter().map(|l| l.trim_start().trim_start_matches("->").trim_start().to_owned()).collect();
    let small_only =
        nodes.iter().filter(|n| n.contains(" on ")).all(|n| SMALL.iter().any(|t| n.contains(&format!(" on {t}"))));
    let mut problems = Vec::new();
    for n in &nodes {
        if let Some(rest) = n.strip_prefix("Seq Scan on ") {
            let table = rest.split(' ').next().unwrap_or("");
            if !SMALL.contains(&table) {
                problems.push(format!("full scan: {n}"));
            }
        }
        let sort = n.starts_with("Sort ") || n.starts_with("Incremental Sort ");
        if sort && !bounded && !small_only {
            problems.push(format!("a sort the ordering index should have made unnecessary: {n}"));
        }
    }
    problems
}

async fn sqlite_stats(db: &DatabaseConnection, variant: &str) {
    rows(db, "ANALYZE").await;
    match variant {
        "fresh" => {}
        "absent" => {
            rows(db, "DELETE FROM sqlite_stat1").await;
        }
        "every table tiny" | "every index useless" => {
            let n = if variant == "every table tiny" { "1" } else { "1000000" };
            for r in rows(db, "SELECT tbl, idx, stat FROM sqlite_stat1").await {
                let tbl: String = r.try_get("", "tbl").unwrap();
                let idx: Option<String> = r.try_get("", "idx").unwrap();
                let stat: String = r.try_get("", "stat").unwrap();
                let fields = stat.split(' ').filter(|f| f.parse::<i64>().is_ok()).count();
                let lie = vec![n; fields.max(1)].join(" ");
                let idx_cond = match &idx {
                    Some(i) => format!("idx = '{i}'"),
                    None => "idx IS NULL".to_owned(),
                };
                rows(db, &format!("UPDATE sqlite_stat1 SET stat = '{lie}' WHERE tbl = '{tbl}' AND {idx_cond}")).await;
            }
        }
        _ => unreachable!(),
    }
    rows(db, "ANALYZE sqlite_schema").await;
}

#[tokio::test]
async fn page_queries_are_driven_by_their_ordering_index() {
    let app = TestApp::spawn().await;
    let summary = veche::demo::scale::run(&app.state, 0.05).await.unwrap();
    let statements = page_statements(&app, &summary.password).await;
    assert!(statements.len() >= 15, "too few statements captured: {}", statements.len());

    // A connection of our own: its statistics and settings are the test's.
    let mut opts = ConnectOptions::new(app.db.url.clone());
    opts.max_connections(1).min_connections(1).sqlx_logging(false);
    let db = Database::connect(opts).await.unwrap();
    let mut failures = Vec::new();
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            for variant in ["fresh", "absent", "every table tiny", "every index useless"] {
                sqlite_stats(&db, variant).await;
                for s in &statements {
                    let plan: Vec<String> = db
                        .query_all_raw(explain(s, "EXPLAIN QUERY PLAN"))
                        .await
                        .unwrap_or_else(|e| panic!("{e}: {}", s.sql))
                        .iter()
                        .map(|r| r.try_get::<String>("", "detail").unwrap())
                        .collect();
                    let problems = sqlite_problems(&s.sql, &plan);
                    if variant == "every table tiny" {
                        // Shown with --nocapture: what each page statement does.
                        println!("{}\n    {}\n", s.sql, plan.join("\n    "));
                    }
                    if !problems.is_empty() {
                        failures.push(format!(
                            "[statistics: {variant}] {}\n  {}\n  plan:\n    {}",
                            s.sql,
                            problems.join("; "),
                            plan.join("\n    ")
                        ));
                    }
                }
            }
        }
        _ => {
            rows(&db, "ANALYZE").await;
            rows(&db, "SET enable_seqscan = off").await;
            rows(&db, "SET enable_sort = off").await;
            for s in &statements {
                let plan: Vec<String> = db
                    .query_all_raw(explain(s, "EXPLAIN"))
                    .await
                    .unwrap_or_else(|e| panic!("{e}: {}", s.sql))
                    .iter()
                    .map(|r| r.try_get_by_index::<String>(0).unwrap())
                    .collect();
                let problems = postgres_problems(&s.sql, &plan);
                println!("{}\n    {}\n", s.sql, plan.join("\n    "));
                if !problems.is_empty() {
                    failures.push(format!(
                        "{}\n  {}\n  plan:\n    {}",
                        s.sql,
                        problems.join("; "),
                        plan.join("\n    ")
                    ));
                }
            }
        }
    }
    db.close().await.unwrap();
    assert!(failures.is_empty(), "{} statement plans fail:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn the_plan_rules_catch_scans_and_sorts() {
    let sql = "SELECT t.id FROM topics t ORDER BY t.last_posted_at DESC LIMIT 31";
    let plan = |lines: &[&str]| lines.iter().map(|l| (*l).to_owned()).collect::<Vec<_>>();
    assert!(sqlite_problems(sql, &plan(&["SCAN t USING INDEX idx_topics_latest"])).is_empty());
    assert!(!sqlite_problems(sql, &plan(&["SCAN t", "USE TEMP B-TREE FOR ORDER BY"])).is_empty());
    assert!(!sqlite_problems(sql, &plan(&["SEARCH c USING INTEGER PRIMARY KEY (rowid=?)", "SCAN t"])).is_empty());
    assert!(!sqlite_problems(sql, &plan(&["SEARCH t USING AUTOMATIC COVERING INDEX (x=?)"])).is_empty());
    let bounded = "/* bounded: one topic */ SELECT DISTINCT a.id FROM posts p LIMIT 10";
    assert!(
        sqlite_problems(bounded, &plan(&["SEARCH p USING INDEX i (topic_id=?)", "USE TEMP B-TREE FOR DISTINCT"]))
            .is_empty()
    );
    assert!(!sqlite_problems(bounded, &plan(&["SCAN p", "USE TEMP B-TREE FOR DISTINCT"])).is_empty());
    let covered = "/* bounded: one topic */ /* covered: p */ SELECT a.id FROM posts p LIMIT 10";
    assert!(sqlite_problems(covered, &plan(&["SEARCH p USING COVERING INDEX i (topic_id=?)"])).is_empty());
    assert!(!sqlite_problems(covered, &plan(&["SEARCH p USING INDEX i (topic_id=?)"])).is_empty());
    let cats = "SELECT * FROM categories ORDER BY position";
    assert!(sqlite_problems(cats, &plan(&["SCAN categories", "USE TEMP B-TREE FOR ORDER BY"])).is_empty());
    assert!(
        !postgres_problems(sql, &plan(&["Limit", "  ->  Sort  (cost=1)", "        ->  Seq Scan on topics t"]))
            .is_empty()
    );
    assert!(
        postgres_problems(sql, &plan(&["Limit", "  ->  Index Scan Backward using idx_topics_latest on topics t"]))
            .is_empty()
    );
}
