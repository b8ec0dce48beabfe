//! Search quality and the database contract of the search core.
//!
//! * `ask_evaluation`: every guide in `tests/data/ask/guides` indexed by
//!   paragraph, every question in `tests/data/ask/questions.toml` asked;
//!   fails when fewer questions than [`MIN_TOP3`] find their guide among
//!   the three answers.
//! * `fts5_contract` / `postgres_contract`: the strings the core builds
//!   are accepted by SQLite FTS5 and PostgreSQL as they are, tokenize to
//!   exactly our terms, and find the same documents as the in-memory index,
//!   hostile queries included.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use sqlx::{Connection, Row};
use veche::markdown::{LinkResolver, render};
use veche::search::analyzer::{self, Token};
use veche::search::ask::{ANSWERS, best_guides};
use veche::search::fts::{self, Mode};
use veche::search::memory::MemoryIndex;
use veche::search::paragraphs::{self, Paragraph, split};
use veche::search::query::{Query, analyze_query};
use veche::search::rank::{DocKind, Document, Weights};
use veche::search::snippet::snippet;
use veche::search::suggest::{Vocabulary, did_you_mean};
use veche::search::synonyms::Synonyms;
use veche::title::Title;

/// Share of questions whose guide must be among the three answers, and
/// first. Set to the figures reached (83 and 75 of 84); the test prints the
/// current ones and every miss.
const MIN_TOP3: f64 = 0.98;
const MIN_TOP1: f64 = 0.89;

/// The same for questions written after tuning and never tuned against
/// (34 of 36 reached): a floor that catches a collapse, not a target.
const MIN_HOLDOUT_TOP3: f64 = 0.90;

/// Paragraph ids are `guide * PARAGRAPHS + paragraph index`.
const PARAGRAPHS: i64 = 1000;

struct Everything;

impl LinkResolver for Everything {
    fn article_exists(&self, _: &Title) -> bool {
        true
    }
}

#[derive(Deserialize)]
struct Front {
    title: String,
    #[serde(default)]
    aliases: Vec<String>,
}

struct Guide {
    name: String,
    title: String,
    aliases: Vec<String>,
    paragraphs: Vec<Paragraph>,
}

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/ask")
}

fn guides() -> Vec<Guide> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data().join("guides"))
        .expect("guides dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("guide");
            let rest = text.strip_prefix("+++\n").expect("front matter");
            let (front, body) = rest.split_once("+++\n").expect("front matter end");
            let front: Front = toml::from_str(front).expect("front matter toml");
            let headings = render(body, &Everything).headings;
            Guide {
                name: path.file_stem().expect("stem").to_string_lossy().into_owned(),
                title: front.title,
                aliases: front.aliases,
                paragraphs: split(body, &headings),
            }
        })
        .collect()
}

fn terms(tokens: &[Token]) -> Vec<String> {
    tokens.iter().map(|t| t.term.clone()).collect()
}

fn paragraph_index(guides: &[Guide]) -> MemoryIndex {
    let mut docs = Vec::new();
    for (g, guide) in guides.iter().enumerate() {
        let lang = analyzer::detect(&guide.paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n"));
        let title = paragraphs::title_tokens(&guide.title, &guide.aliases);
        let mut above = std::collections::HashMap::new();
        for p in &guide.paragraphs {
            let [title, headings, body] = p.fields(&title, lang, &mut above);
            docs.push(Document {
                id: g as i64 * PARAGRAPHS + p.index as i64,
                kind: DocKind::Guide,
                solved: false,
                updated: 0,
                fields: [terms(&title), terms(&headings), terms(&body)],
            });
        }
    }
    MemoryIndex::new(docs)
}

#[derive(Deserialize)]
struct Questions {
    q: Vec<Question>,
}

#[derive(Deserialize)]
struct Question {
    text: String,
    guide: String,
}

fn ask_with(index: &MemoryIndex, text: &str, synonyms: &Synonyms) -> Vec<(i64, i64)> {
    let mut query = analyze_query(text);
    synonyms.expand(&mut query);
    let hits = index.search(&query, &Weights::default(), 0);
    best_guides(&hits.hits, |id| Some(id / PARAGRAPHS), ANSWERS).into_iter().map(|a| (a.guide, a.paragraph)).collect()
}

fn ask(index: &MemoryIndex, text: &str) -> Vec<(i64, i64)> {
    ask_with(index, text, Synonyms::seed())
}

fn questions(file: &str) -> Vec<Question> {
    let text = std::fs::read_to_string(data().join(file)).expect("questions");
    toml::from_str::<Questions>(&text).expect("questions toml").q
}

struct Report {
    questions: usize,
    top1: usize,
    top3: usize,
    lines: Vec<String>,
}

impl Report {
    fn top3(&self) -> f64 {
        self.top3 as f64 / self.questions as f64
    }

    fn top1(&self) -> f64 {
        self.top1 as f64 / self.questions as f64
    }

    fn print(&self, name: &str) {
        let pct = |k: usize| 100.0 * k as f64 / self.questions as f64;
        println!(
            "{name}: {} questions, top-1 {} = {:.1} %, top-3 {} = {:.1} %",
            self.questions,
            self.top1,
            pct(self.top1),
            self.top3,
            pct(self.top3)
        );
        for line in &self.lines {
            println!("{line}");
        }
    }
}

fn evaluate(guides: &[Guide], index: &MemoryIndex, questions: &[Question], synonyms: &Synonyms) -> Report {
    let by_name: BTreeMap<&str, usize> = guides.iter().enumerate().map(|(i, g)| (g.name.as_str(), i)).collect();
    let (mut top1, mut top3) = (0usize, 0usize);
    let mut per_lang: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for q in questions {
        let expected = *by_name.get(q.guide.as_str()).unwrap_or_else(|| panic!("no guide {}", q.guide)) as i64;
        let answers = ask_with(index, &q.text, synonyms);
        let lang = match analyzer::detect(&q.text) {
            Some(analyzer::Lang::Uk) => "uk",
            Some(analyzer::Lang::Ru) => "ru",
            _ => "undetected",
        };
        let entry = per_lang.entry(lang).or_default();
        entry.1 += 1;
        match answers.iter().position(|(g, _)| *g == expected) {
            Some(r) => {
                top3 += 1;
                entry.0 += 1;
                top1 += usize::from(r == 0);
            }
            None => {
                let got: Vec<&str> = answers.iter().map(|(g, _)| guides[*g as usize].name.as_str()).collect();
                misses.push(format!("    {:?}: want {}, got {:?}", q.text, q.guide, got));
            }
        }
        // The quoted paragraph belongs to the answered guide.
        for (g, p) in &answers {
            assert_eq!(p / PARAGRAPHS, *g);
            assert!(((p % PARAGRAPHS) as usize) < guides[*g as usize].paragraphs.len());
        }
    }
    let mut lines: Vec<String> =
        per_lang.iter().map(|(lang, (hit, all))| format!("  {lang}: top-3 {hit}/{all}")).collect();
    if !misses.is_empty() {
        lines.push("  misses:".into());
        lines.extend(misses);
    }
    Report { questions: questions.len(), top1, top3, lines }
}

#[test]
fn ask_evaluation() {
    let guides = guides();
    assert!(guides.len() >= 25, "{} guides", guides.len());
    let tuned = questions("questions.toml");
    let holdout = questions("holdout.toml");
    assert!(tuned.len() >= 70);
    let index = paragraph_index(&guides);
    println!("ask evaluation over {} guides", guides.len());

    let report = evaluate(&guides, &index, &tuned, Synonyms::seed());
    report.print("questions.toml");
    let without = evaluate(&guides, &index, &tuned, &Synonyms::default());
    println!("questions.toml without synonyms: top-3 {:.1} %", 100.0 * without.top3());
    let held = evaluate(&guides, &index, &holdout, Synonyms::seed());
    held.print("holdout.toml");

    assert!(report.top3() >= MIN_TOP3, "top-3 accuracy {:.3} below {MIN_TOP3}", report.top3());
    assert!(report.top1() >= MIN_TOP1, "top-1 accuracy {:.3} below {MIN_TOP1}", report.top1());
    assert!(held.top3() >= MIN_HOLDOUT_TOP3, "hold-out top-3 accuracy {:.3} below {MIN_HOLDOUT_TOP3}", held.top3());
}

/// The paragraph quoted for a question links to its own section.
#[test]
fn ask_quotes_the_answering_paragraph() {
    let guides = guides();
    let index = paragraph_index(&guides);
    let answers = ask(&index, "скільки чекати гроші на картку");
    let (g, p) = answers.first().copied().expect("an answer");
    let guide = &guides[g as usize];
    let paragraph = &guide.paragraphs[(p % PARAGRAPHS) as usize];
    assert_eq!(guide.name, "vyvedennia-na-kartku");
    assert_eq!(paragraph.headings, ["Скільки чекати"]);
    let href = paragraph.href(&Title::parse(&guide.title).expect("title"));
    assert!(
        href.ends_with("#user-content-%D1%81%D0%BA%D1%96%D0%BB%D1%8C%D0%BA%D0%B8-%D1%87%D0%B5%D0%BA%D0%B0%D1%82%D0%B8"),
        "{href}"
    );
}

/// Questions for the contract tests: the evaluation set and hostile input.
fn contract_queries() -> Vec<Query> {
    let long = "гроші ".repeat(2_000);
    let hostile = [
        "\"",
        "\"\"",
        "NEAR(гроші картка, 2)",
        "гроші* -картка",
        "title:гроші",
        "body : x",
        "((((",
        ")) OR ((",
        "\0",
        "гроші\0картка",
        "'\\'",
        "&|!<->:*",
        "^гроші",
        "{title}: a",
        long.as_str(),
        "AND OR NOT",
        "гаман",
        "e-mail",
    ];
    let mut texts: Vec<String> =
        questions("questions.toml").into_iter().chain(questions("holdout.toml")).map(|q| q.text).collect();
    texts.extend(hostile.iter().map(|s| s.to_string()));
    texts
        .iter()
        .map(|t| {
            let mut q = analyze_query(t);
            Synonyms::seed().expand(&mut q);
            q
        })
        .collect()
}

/// Text whose every word is an edge case for a tokenizer.
const ODD_TEXT: &str = "Ⓐ ﬁnance ½ cafe\u{301} И\u{306}ОГА м'ясо м’ясо ǅungla Straße İstanbul \
                        гривнi e-mail 2FA x\u{200B}y пере\u{AD}каз ١٢٣ 𝔸𝔹 ﾊﾝｶｸ 中文 ゙";

fn odd_tokens() -> Vec<Token> {
    analyzer::analyze(ODD_TEXT, None)
}

#[tokio::test]
async fn fts5_contract() {
    let guides = guides();
    let index = paragraph_index(&guides);
    let mut conn = sqlx::SqliteConnection::connect("sqlite::memory:").await.expect("sqlite");
    sqlx::query(
        "CREATE VIRTUAL TABLE idx USING fts5(title, headings, body, \
         tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4')",
    )
    .execute(&mut conn)
    .await
    .expect("fts5 table");
    sqlx::query("CREATE VIRTUAL TABLE vocab USING fts5vocab(idx, 'row')").execute(&mut conn).await.expect("vocab");

    // FTS5 splits the stored text into exactly our terms.
    let odd = odd_tokens();
    sqlx::query("INSERT INTO idx (rowid, title, headings, body) VALUES (-1, '', '', ?)")
        .bind(fts::fts5_column(&odd))
        .execute(&mut conn)
        .await
        .expect("insert");
    let stored: Vec<String> = sqlx::query("SELECT term FROM vocab ORDER BY term")
        .fetch_all(&mut conn)
        .await
        .expect("vocab")
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut ours: Vec<String> = odd.iter().map(|t| t.term.clone()).collect();
    ours.sort();
    ours.dedup();
    assert_eq!(stored, ours, "FTS5 tokenized {ODD_TEXT:?} differently");
    sqlx::query("DELETE FROM idx").execute(&mut conn).await.expect("delete");

    for doc in index.documents() {
        let [title, headings, body] = doc.fields.each_ref().map(|f| f.join(" "));
        sqlx::query("INSERT INTO idx (rowid, title, headings, body) VALUES (?, ?, ?, ?)")
            .bind(doc.id)
            .bind(title)
            .bind(headings)
            .bind(body)
            .execute(&mut conn)
            .await
            .expect("insert");
    }
    for query in contract_queries() {
        for mode in [Mode::All, Mode::Any] {
            let expected = index.matching(&query, mode);
            let Some(expr) = fts::fts5_match(&query, mode) else {
                assert!(expected.is_empty());
                continue;
            };
            let got: Vec<i64> = sqlx::query("SELECT rowid FROM idx WHERE idx MATCH ? ORDER BY rowid")
                .bind(&expr)
                .fetch_all(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("{expr}: {e}"))
                .iter()
                .map(|r| r.get(0))
                .collect();
            assert_eq!(got, expected, "{expr}");
        }
    }
}

#[tokio::test]
async fn postgres_contract() {
    let Ok(url) = std::env::var("VECHE_TEST_POSTGRES_URL") else { return };
    if url.is_empty() {
        return;
    }
    let guides = guides();
    let index = paragraph_index(&guides);
    let mut conn = sqlx::PgConnection::connect(&url).await.expect("postgres");
    sqlx::query("CREATE TEMP TABLE idx (id bigint PRIMARY KEY, doc tsvector NOT NULL)")
        .execute(&mut conn)
        .await
        .expect("table");
    sqlx::query("CREATE INDEX idx_doc ON idx USING gin (doc)").execute(&mut conn).await.expect("gin");

    // PostgreSQL reads our literal back as exactly our lexemes.
    let odd = odd_tokens();
    let lexemes: Vec<String> =
        sqlx::query("SELECT l FROM unnest(tsvector_to_array($1::tsvector)) AS l ORDER BY l COLLATE \"C\"")
            .bind(fts::tsvector_literal(&odd, None))
            .fetch_all(&mut conn)
            .await
            .expect("tsvector")
            .iter()
            .map(|r| r.get(0))
            .collect();
    let mut ours: Vec<String> = odd.iter().map(|t| t.term.clone()).collect();
    ours.sort();
    ours.dedup();
    assert_eq!(lexemes, ours);
    let quoted: String = sqlx::query("SELECT $1::tsvector::text")
        .bind(fts::tsvector_literal(&[Token { term: "it's\\".into(), position: 1 }], Some('A')))
        .fetch_one(&mut conn)
        .await
        .expect("escaping")
        .get(0);
    assert_eq!(quoted, r"'it''s\\':1A");

    for doc in index.documents() {
        let tokens: Vec<Vec<Token>> = doc
            .fields
            .iter()
            .map(|f| f.iter().enumerate().map(|(i, t)| Token { term: t.clone(), position: i as u32 + 1 }).collect())
            .collect();
        sqlx::query("INSERT INTO idx (id, doc) VALUES ($1, $2::tsvector)")
            .bind(doc.id)
            .bind(fts::tsvector_terms([&tokens[0], &tokens[1], &tokens[2]]))
            .execute(&mut conn)
            .await
            .expect("insert");
    }
    for query in contract_queries() {
        for mode in [Mode::All, Mode::Any] {
            let expected = index.matching(&query, mode);
            let Some(expr) = fts::tsquery_literal(&query, mode) else {
                assert!(expected.is_empty());
                continue;
            };
            let got: Vec<i64> = sqlx::query("SELECT id FROM idx WHERE doc @@ $1::tsquery ORDER BY id")
                .bind(&expr)
                .fetch_all(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("{expr}: {e}"))
                .iter()
                .map(|r| r.get(0))
                .collect();
            assert_eq!(got, expected, "{expr}");
        }
    }
}

/// "Did you mean" and snippets over the real guides, as `/search` will use
/// them.
#[test]
fn suggestions_and_snippets_on_the_guides() {
    let guides = guides();
    let mut vocabulary = Vocabulary::new();
    for guide in &guides {
        vocabulary.add_text(&guide.title);
        for p in &guide.paragraphs {
            vocabulary.add_text(&p.text);
        }
    }
    assert_eq!(did_you_mean("арбітрж", &vocabulary).as_deref(), Some("арбітраж"));
    assert_eq!(did_you_mean("як відновити пвроль", &vocabulary).as_deref(), Some("як відновити пароль"));
    assert_eq!(did_you_mean("як поповнити гаманець", &vocabulary), None);
    assert_eq!(did_you_mean("гаман", &vocabulary), None);

    let guide = guides.iter().find(|g| g.name == "vyvedennia-na-kartku").expect("guide");
    let mut query = analyze_query("вивід на карту");
    Synonyms::seed().expand(&mut query);
    let best = guide
        .paragraphs
        .iter()
        .map(|p| snippet(&p.text, &query, 120, None))
        .max_by_key(|s| s.parts.iter().filter(|p| p.hit).count())
        .expect("paragraphs");
    let html = best.to_html();
    assert!(html.contains("<mark>вивести</mark>") || html.contains("<mark>Вивести</mark>"), "{html}");
    assert!(html.contains("<mark>картку</mark>"), "{html}");
}
