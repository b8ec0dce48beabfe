//! Running a site: backups of a live SQLite database, restoring one, and
//! guides to and from Markdown files.
//!
//! A serving process holds an exclusive lock on `<database>.lock` beside
//! the SQLite file for as long as it runs, so `restore` can refuse to
//! replace a database in use (PostgreSQL sites use `pg_dump` and
//! `pg_restore`; see the README).

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use crate::app::App;
use crate::config::Config;
use crate::entities::{articles, revisions};
use crate::title::Title;
use crate::wiki::{self, Edit, Edited, Saved};

/// The SQLite database file of a site, when it runs on SQLite.
pub fn sqlite_path(config: &Config) -> Option<PathBuf> {
    let url = config.effective_database_url();
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Held while a server runs on a SQLite database.
pub struct InUse {
    _file: File,
}

/// Marks the SQLite database as in use by this process (nothing to do on
/// PostgreSQL). Fails when another server already runs on it.
pub fn claim(config: &Config) -> anyhow::Result<Option<InUse>> {
    let Some(db) = sqlite_path(config) else { return Ok(None) };
    let path = lock_path(&db);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(InUse { _file: file })),
        Err(std::fs::TryLockError::WouldBlock) => {
            bail!("another Veche server is already running on {}", db.display())
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e).with_context(|| format!("cannot lock {}", path.display())),
    }
}

/// Writes a consistent copy of the live SQLite database to `dest` (SQLite's
/// `VACUUM INTO`: a snapshot as of one moment, taken while the site keeps
/// serving and writing). Returns the size of the copy.
pub async fn backup(app: &App, dest: &Path) -> anyhow::Result<u64> {
    if !app.config.is_sqlite() {
        bail!("this site runs on PostgreSQL: back it up with pg_dump (see the README)");
    }
    if dest.exists() {
        bail!("{} exists already; choose a new file name", dest.display());
    }
    let target = dest.to_str().context("the backup file name is not valid text")?;
    let sql = format!("VACUUM INTO '{}'", target.replace('\'', "''"));
    app.db.read().execute_unprepared(&sql).await.context("writing the backup")?;
    Ok(std::fs::metadata(dest)?.len())
}

/// Replaces the SQLite database with the backup `src`, refusing while a
/// server runs on it.
pub async fn restore(config: &Config, src: &Path) -> anyhow::Result<()> {
    let Some(db) = sqlite_path(config) else {
        bail!("this site runs on PostgreSQL: restore it with pg_restore (see the README)");
    };
    let _in_use = claim(config).context("the database is in use: stop the server before restoring")?;
    check_backup(src).await?;
    if let Some(dir) = db.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = db.with_extension("restoring");
    std::fs::copy(src, &tmp).with_context(|| format!("cannot copy {}", src.display()))?;
    for suffix in ["-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        if p.exists() {
            std::fs::remove_file(&p).with_context(|| format!("cannot remove {}", p.display()))?;
        }
    }
    std::fs::rename(&tmp, &db).with_context(|| format!("cannot replace {}", db.display()))?;
    Ok(())
}

/// A backup is a SQLite file with Veche's migrations table.
async fn check_backup(src: &Path) -> anyhow::Result<()> {
    use sqlx::{ConnectOptions, Connection};
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(src).read_only(true).disable_statement_logging();
    let mut conn = opts.connect().await.with_context(|| format!("{} is not a SQLite database", src.display()))?;
    let ok: Result<(i64,), _> = sqlx::query_as("SELECT COUNT(*) FROM seaql_migrations").fetch_one(&mut conn).await;
    conn.close().await.ok();
    match ok {
        Ok((n,)) if n > 0 => Ok(()),
        _ => bail!("{} is not a Veche database", src.display()),
    }
}

/// A file name for a guide: its title as in its address, made safe.
fn file_name(title: &Title) -> String {
    let name: String = title
        .as_str()
        .chars()
        .map(|c| match c {
            ' ' => '_',
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect();
    format!("{name}.md")
}

/// Front matter, one `key: value` a line between `---` lines.
fn front_matter(pairs: &[(&str, String)]) -> String {
    let mut out = String::from("---\n");
    for (k, v) in pairs {
        out.push_str(&format!("{k}: {}\n", v.replace('\n', " ")));
    }
    out.push_str("---\n\n");
    out
}

fn parse_front_matter(text: &str) -> Option<(Vec<(String, String)>, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    let pairs = rest[..end]
        .lines()
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())))
        .collect();
    Some((pairs, rest[end + 5..].trim_start_matches('\n')))
}

/// Writes every guide's current text as a Markdown file with front matter
/// (title, last author, revision, updated). Returns how many.
pub async fn export(app: &App, dir: &Path) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let all = articles::Entity::find().order_by_asc(articles::Column::Id).all(app.db.read()).await?;
    let mut n = 0;
    for a in all {
        let Some(rev_id) = a.current_revision_id else { continue };
        let Some(rev) = revisions::Entity::find_by_id(rev_id).one(app.db.read()).await? else { continue };
        let Ok(title) = Title::parse(&a.title) else { continue };
        let author =
            crate::accounts::usernames(&app.db, &[rev.author_id]).await?.remove(&rev.author_id).unwrap_or_default();
        let head = front_matter(&[
            ("title", a.title.clone()),
            ("author", author),
            ("revision", rev.id.to_string()),
            ("updated", crate::util::rfc3339(&rev.created_at)),
        ]);
        let path = dir.join(file_name(&title));
        std::fs::write(&path, format!("{head}{}", rev.body))
            .with_context(|| format!("cannot write {}", path.display()))?;
        n += 1;
    }
    Ok(n)
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Loads a folder of Markdown files (as `export` writes them; the title is
/// the front matter's, else the file name) as new revisions by `editor`,
/// through the same command as the editor in the site.
pub async fn import(app: &App, dir: &Path, editor: &str, summary: &str) -> anyhow::Result<Imported> {
    let user = crate::accounts::find_by_username(app.db.read(), editor)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .with_context(|| format!("no member named {editor}"))?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let mut done = Imported::default();
    for path in files {
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = text.replace("\r\n", "\n");
        let (meta, body) = parse_front_matter(&text).unwrap_or((Vec::new(), text.as_str()));
        let name = meta
            .iter()
            .find(|(k, _)| k == "title")
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| path.file_stem().map(|s| s.to_string_lossy().replace('_', " ")).unwrap_or_default());
        let title = Title::parse(&name)
            .map_err(|e| anyhow::anyhow!("{}: the title {name:?} is not valid: {e:?}", path.display()))?;
        let base = match wiki::find(app.db.read(), &title).await.map_err(|e| anyhow::anyhow!("{e}"))? {
            Some(f) => f.article.current_revision_id,
            None => None,
        };
        let edit = Edit {
            body: body.to_owned(),
            summary: summary.to_owned(),
            minor: false,
            base,
            aliases: None,
            sections: None,
        };
        match wiki::commands::edit(app, &user, &title, &edit, None).await {
            Ok(Edited::Saved(Saved::Revision { .. })) if base.is_none() => done.created += 1,
            Ok(Edited::Saved(Saved::Revision { .. })) => done.updated += 1,
            Ok(Edited::Saved(Saved::Unchanged)) => done.unchanged += 1,
            Ok(_) => bail!("{}: {editor} may not edit guides directly; import as an editor", path.display()),
            Err(e) => bail!("{}: {e}", path.display()),
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_round_trips() {
        let head = front_matter(&[("title", "Ліміти: гаманець".into()), ("revision", "7".into())]);
        let text = format!("{head}# Текст\n");
        let (meta, body) = parse_front_matter(&text).expect("front matter");
        assert_eq!(meta[0], ("title".to_owned(), "Ліміти: гаманець".to_owned()));
        assert_eq!(body, "# Текст\n");
    }

    #[test]
    fn file_names_are_safe() {
        let t = Title::parse("Ввід/вивід: крок 1").expect("title");
        assert_eq!(file_name(&t), "Ввід-вивід-_крок_1.md");
    }

    #[test]
    fn sqlite_paths_come_from_the_address() {
        let c = Config { database_url: "sqlite:///var/lib/veche/site.db?mode=rwc".into(), ..Config::default() };
        assert_eq!(sqlite_path(&c), Some(PathBuf::from("/var/lib/veche/site.db")));
        let c = Config { database_url: "postgres://x@y/z".into(), ..Config::default() };
        assert_eq!(sqlite_path(&c), None);
    }
}
