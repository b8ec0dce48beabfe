//! The `veche` command: serve the site, migrate, manage members.

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use figment::Figment;
use figment::providers::Serialized;
use tokio::net::TcpListener;
use veche::accounts::{self, Registered, SignUp, Source, StandingChange};
use veche::app::App;
use veche::config::Config;
use veche::error::AppError;
use veche::events::Subscriber;
use veche::policy::Role;
use veche::{AppState, router};

/// mimalloc: many small allocations from several threads (request handling,
/// the SQLite connections' threads) are its strength; with the system
/// allocator they cost a tenth of the server's time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "veche", version, about = "A community forum and knowledge base in one server")]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Args)]
struct Global {
    /// Directory for the SQLite database and other files [default: ./veche-data]
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// TOML configuration file
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default)
    Serve {
        /// Address to listen on [default: 127.0.0.1:3000]
        #[arg(long, value_name = "ADDR")]
        listen: Option<SocketAddr>,
    },
    /// Apply database migrations and exit
    Migrate,
    /// Manage members
    #[command(subcommand)]
    User(UserCommand),
    /// Fill an empty site with a demo community (in Ukrainian)
    Demo {
        /// Generate a community of this size instead: 1 is about 10 000
        /// members, 5 000 topics, 100 000 posts and 1 000 guides
        #[arg(long, value_name = "N")]
        scale: Option<f64>,
    },
    /// Render all stored posts and guides again (after an upgrade that
    /// changed the Markdown pipeline)
    Rerender,
    /// Manage forum categories
    #[command(subcommand)]
    Category(CategoryCommand),
    /// Manage members' personal API tokens
    #[command(subcommand)]
    Token(TokenCommand),
    /// Recompute the forum's counters and report any that drift from the rows
    Check {
        /// Also set drifting counters to what the rows say
        #[arg(long)]
        repair: bool,
    },
    /// Rebuild derived data from scratch: links, community-bl, or all
    Rebuild {
        #[arg(default_value = "all")]
        what: String,
    },
    /// Rebuild the search index from scratch (the same as `rebuild search`)
    Reindex,
    /// Write a consistent copy of the live SQLite database to FILE
    Backup { file: PathBuf },
    /// Replace the SQLite database with a backup (the server must be stopped)
    Restore { file: PathBuf },
    /// Write every guide as a Markdown file with front matter into DIR
    Export { dir: PathBuf },
    /// Load a folder of Markdown guides as new revisions
    Import {
        dir: PathBuf,
        /// The editor the revisions are credited to
        #[arg(long = "as", value_name = "USERNAME")]
        editor: String,
        #[arg(long, default_value = "imported")]
        summary: String,
    },
}

#[derive(Subcommand)]
enum CategoryCommand {
    /// Create a category
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        slug: String,
        #[arg(long, default_value = "")]
        description: String,
        #[arg(long, default_value = "#1f5fa8")]
        color: String,
        /// Slug of the parent category
        #[arg(long, default_value = "")]
        parent: String,
    },
    /// Change a category (only the options given)
    Edit {
        slug: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long = "new-slug")]
        new_slug: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long)]
        color: Option<String>,
        /// Slug of the parent category; empty to make it top-level
        #[arg(long)]
        parent: Option<String>,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Make a personal API token for a member and print it (shown only once)
    Create {
        /// The member's username
        user: String,
        /// A name that says what the token is for
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "read", value_parser = ["read", "write"])]
        scope: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a member; the password is read from standard input
    Create {
        name: String,
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "member", value_parser = ["member", "moderator", "admin", "registrar"])]
        role: String,
        /// Read the password from standard input (required)
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Change a member's role
    SetRole {
        name: String,
        #[arg(value_parser = ["member", "moderator", "admin", "registrar"])]
        role: String,
        /// For moderators: category slugs they look after, comma-separated (default: all)
        #[arg(long)]
        categories: Option<String>,
        #[arg(long, default_value = "set from the command line")]
        reason: String,
    },
    /// Set a member's certificate level
    SetCertificate {
        name: String,
        level: String,
        #[arg(long)]
        reason: String,
    },
    /// Set a member's business level (0..10000)
    SetBl {
        name: String,
        bl: i32,
        #[arg(long)]
        reason: String,
    },
    /// Lift every sanction of a member (recovery when staff are locked out)
    Unsanction {
        name: String,
        #[arg(long, default_value = "lifted from the command line")]
        reason: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut overrides = Figment::new();
    if let Some(dir) = &cli.global.data_dir {
        overrides = overrides.merge(Serialized::default("data_dir", dir));
    }
    if let Some(Command::Serve { listen: Some(addr) }) = &cli.command {
        overrides = overrides.merge(Serialized::default("listen", addr));
    }
    let config = match Config::load(cli.global.config.as_deref(), overrides) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("veche: {e}");
            return ExitCode::from(2);
        }
    };
    init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("veche: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve { listen: None }), config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("veche: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve { .. } => return serve(config).await,
        Command::Restore { file } => {
            veche::ops::restore(&config, &file).await?;
            println!("restored from {}", file.display());
            return Ok(());
        }
        _ => {}
    }
    let app = App::build(config).await?;
    // A backup or an export only reads: it leaves the events a running
    // server has yet to process to that server, and never waits on its
    // writes.
    let records = !matches!(command, Command::Backup { .. } | Command::Export { .. });
    // Commands that render Markdown do it with the configured image policy.
    let result = app.rendering(one_off(&app, command)).await;
    // What the command recorded is processed before it exits.
    if result.is_ok() && records {
        app.events.settle(&app).await;
    }
    app.db.clone().close().await;
    result
}

async fn one_off(app: &App, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve { .. } | Command::Restore { .. } => Ok(()),
        Command::Backup { file } => {
            let size = veche::ops::backup(app, &file).await?;
            println!("backed up to {} ({size} bytes)", file.display());
            Ok(())
        }
        Command::Export { dir } => {
            let n = veche::ops::export(app, &dir).await?;
            println!("exported {n} guides to {}", dir.display());
            Ok(())
        }
        Command::Import { dir, editor, summary } => {
            let done = veche::ops::import(app, &dir, &editor, &summary).await?;
            println!("imported: {} new guides, {} updated, {} unchanged", done.created, done.updated, done.unchanged);
            Ok(())
        }
        Command::Migrate => {
            println!("migrations applied");
            Ok(())
        }
        Command::User(cmd) => user_command(app, cmd).await,
        Command::Demo { scale } => {
            let started = std::time::Instant::now();
            let s = match scale {
                Some(n) => veche::demo::scale::run(app, n).await?,
                None => veche::demo::run(app).await?,
            };
            Subscriber::Search.rebuild(app).await.map_err(|e| anyhow::anyhow!("building the search index: {e}"))?;
            println!(
                "demo community ready: {} members, {} categories, {} topics, {} posts, {} guides with {} revisions",
                s.users, s.categories, s.topics, s.posts, s.guides, s.revisions
            );
            if scale.is_some() {
                println!("generated in {:.1} s", started.elapsed().as_secs_f64());
            }
            println!("accounts (all with the password {}):", s.password);
            let mut role = "";
            for (r, name) in &s.accounts {
                if r != role {
                    println!("  {r}:");
                    role = r;
                }
                println!("    {name}");
            }
            println!("the site's default language is now Ukrainian");
            Ok(())
        }
        Command::Reindex => {
            let started = std::time::Instant::now();
            Subscriber::Search.rebuild(app).await.map_err(|e| anyhow::anyhow!("rebuilding the search index: {e}"))?;
            println!("rebuilt the search index in {:.1} s", started.elapsed().as_secs_f64());
            Ok(())
        }
        Command::Rerender => {
            let (posts, revisions) =
                veche::crosslinks::rerender_all(&app.db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("rendered {posts} posts and {revisions} guides again");
            Ok(())
        }
        Command::Category(cmd) => category_command(app, cmd).await,
        Command::Token(TokenCommand::Create { user, name, scope }) => {
            let member = accounts::find_by_username(app.db.read(), &user)
                .await
                .map_err(|e| explain(e, &user))?
                .ok_or_else(|| anyhow::anyhow!("no member named {user:?}"))?;
            let made =
                accounts::api_tokens::create(app, &member, &name, &scope).await.map_err(|e| explain(e, &user))?;
            println!("{}", made.secret);
            Ok(())
        }
        Command::Check { repair } => {
            let drift = veche::forum::counters::check(app.db.read()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            for d in &drift {
                println!("{} {}: stored {} but the rows say {}", d.kind, d.id, d.stored, d.computed);
            }
            if drift.is_empty() {
                println!("counters agree with the rows");
                return Ok(());
            }
            if repair {
                let n = veche::forum::counters::repair(app.db.write()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                println!("repaired {n} counters");
                return Ok(());
            }
            anyhow::bail!("{} counters drift; run `veche check --repair` to fix them", drift.len())
        }
        Command::Rebuild { what } => {
            let subs: Vec<Subscriber> = if what == "all" {
                Subscriber::ALL.to_vec()
            } else {
                vec![Subscriber::parse(&what).ok_or_else(|| {
                    let names: Vec<&str> = Subscriber::ALL.iter().map(|s| s.name()).collect();
                    anyhow::anyhow!("unknown derived data {what:?}; known: all, {}", names.join(", "))
                })?]
            };
            for s in subs {
                s.rebuild(app).await.map_err(|e| anyhow::anyhow!("rebuilding {}: {e}", s.name()))?;
                println!("rebuilt {}", s.name());
            }
            Ok(())
        }
    }
}

fn explain(e: AppError, locale_free_field: &str) -> anyhow::Error {
    match e {
        AppError::Invalid(errors) => {
            let msgs: Vec<String> = errors
                .0
                .iter()
                .map(|(field, fe)| {
                    let args: Vec<(&str, String)> = fe.args.iter().map(|(k, v)| (*k, v.clone())).collect();
                    format!("{field}: {}", veche::i18n::text("en", fe.key, &args))
                })
                .collect();
            anyhow::anyhow!("{}", msgs.join("; "))
        }
        AppError::NotFound => anyhow::anyhow!("no member named {locale_free_field}"),
        AppError::BadRequest(m) | AppError::Conflict(m) => anyhow::anyhow!("{}", m.text("en")),
        other => anyhow::anyhow!("{other}"),
    }
}

async fn user_command(state: &App, cmd: UserCommand) -> anyhow::Result<()> {
    let change = |name: &str, change: StandingChange, reason: &str| {
        let name = name.to_owned();
        let reason = reason.to_owned();
        async move {
            let changed =
                accounts::change_standing(&state.db, &state.policy, &name, change, &reason, None, Source::Cli)
                    .await
                    .map_err(|e| explain(e, &name))?;
            println!("{}", if changed { "changed" } else { "unchanged (already set)" });
            anyhow::Ok(())
        }
    };
    match cmd {
        UserCommand::Create { name, email, role, password_stdin: _ } => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).context("reading the password from standard input")?;
            let password = password.trim_end_matches(['\n', '\r']).to_owned();
            let role = Role::parse(&role).unwrap_or(Role::Member);
            let form = SignUp { username: name.clone(), email, password };
            match accounts::create(&state.db, &state.config.default_certificate, &form, role, true).await {
                Ok(Registered::Created(user)) => {
                    println!("created {} ({})", user.username, user.role);
                    Ok(())
                }
                Ok(Registered::EmailTaken) => anyhow::bail!("that e-mail address is already used by another member"),
                Err(e) => Err(explain(e, &name)),
            }
        }
        UserCommand::SetRole { name, role, reason, categories } => {
            let role = Role::parse(&role).unwrap_or(Role::Member);
            accounts::standing::set_role_cli(&state.db, &name, role, categories.as_deref(), &reason)
                .await
                .map_err(|e| explain(e, &name))?;
            println!("role: {}", role.as_str());
            if let Some(c) = categories {
                println!("moderates: {}", if c.trim().is_empty() { "all categories" } else { c.trim() });
            }
            Ok(())
        }
        UserCommand::SetCertificate { name, level, reason } => {
            if !state.policy.is_certificate(&level) {
                let keys: Vec<&str> = state.policy.ladder().iter().map(|l| l.key.as_str()).collect();
                anyhow::bail!("unknown certificate level {level:?}; known levels: {}", keys.join(", "));
            }
            change(&name, StandingChange::Certificate(level), &reason).await
        }
        UserCommand::SetBl { name, bl, reason } => change(&name, StandingChange::Bl(bl), &reason).await,
        UserCommand::Unsanction { name, reason } => {
            let lifted = veche::moderation::sanctions::unsanction_cli(&state.db, &name, &reason)
                .await
                .map_err(|e| explain(e, &name))?;
            if lifted.is_empty() {
                println!("{name} has no sanction in force");
            } else {
                let names: Vec<&str> = lifted.iter().map(|k| k.as_str()).collect();
                println!("lifted: {}", names.join(", "));
            }
            Ok(())
        }
    }
}

async fn category_command(state: &App, cmd: CategoryCommand) -> anyhow::Result<()> {
    use veche::forum::{self, CategoryForm};
    match cmd {
        CategoryCommand::Create { name, slug, description, color, parent } => {
            let form = CategoryForm { name, slug: slug.clone(), description, color, parent };
            let c = forum::categories::create(&state.db, &form).await.map_err(|e| explain(e, &slug))?;
            println!("created category {} (/c/{})", c.name, c.slug);
        }
        CategoryCommand::Edit { slug, name, new_slug, description, color, parent } => {
            let current = forum::categories::by_slug(&state.db, &slug)
                .await
                .map_err(|e| explain(e, &slug))?
                .ok_or_else(|| anyhow::anyhow!("no category with the slug {slug}"))?;
            let all = forum::categories::all(&state.db).await.map_err(|e| explain(e, &slug))?;
            let current_parent = current
                .parent_id
                .and_then(|p| all.iter().find(|c| c.id == p))
                .map(|c| c.slug.clone())
                .unwrap_or_default();
            let form = CategoryForm {
                name: name.unwrap_or(current.name),
                slug: new_slug.unwrap_or(current.slug),
                description: description.unwrap_or(current.description),
                color: color.unwrap_or(current.color),
                parent: parent.unwrap_or(current_parent),
            };
            let c = forum::categories::edit(&state.db, &slug, &form).await.map_err(|e| explain(e, &slug))?;
            println!("saved category {} (/c/{})", c.name, c.slug);
        }
    }
    Ok(())
}

/// The command that runs this binary again from where it was started: via
/// cargo when cargo started it, else as it was invoked; with the data
/// directory when it is not the default.
fn how_to_run(data_dir: &std::path::Path) -> String {
    let program = if std::env::var_os("CARGO_MANIFEST_DIR").is_some() {
        "cargo run --release --".to_owned()
    } else {
        std::env::args().next().unwrap_or_else(|| "veche".into())
    };
    if data_dir == std::path::Path::new("veche-data") {
        program
    } else {
        format!("{program} --data-dir {}", data_dir.display())
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let data_dir = config.data_dir.clone();
    let listen = config.listen;
    let first_run = config.is_sqlite() && !config.data_dir.join("veche.db").exists() && config.database_url.is_empty();
    if config.database_url.is_empty() {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("cannot create data directory {}", config.data_dir.display()))?;
    }
    // Held until the process ends: `veche restore` refuses while it is.
    let _in_use = veche::ops::claim(&config)?;
    let state = AppState::build(config).await?;
    let listener = TcpListener::bind(listen).await.with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    let url =
        if state.config.public_url.is_empty() { format!("http://{addr}") } else { state.config.public_url.clone() };
    veche::web::spawn_housekeeping(&state);
    if let Ok(addr) = state.config.metrics_listen.parse::<SocketAddr>() {
        let metrics = TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr} for metrics"))?;
        println!("Metrics at http://{}/metrics", metrics.local_addr()?);
        let router = veche::web::metrics_router(state.clone());
        tokio::spawn(async move { axum::serve(metrics, router).await });
    }
    println!("Veche is running at {url}");
    if first_run || !accounts::any_admin(&state.db).await.unwrap_or(true) {
        println!(
            "No admin yet. Create one with:\n  echo 'a long password' | {} user create NAME --email YOU@EXAMPLE.ORG --role admin --password-stdin",
            how_to_run(&data_dir)
        );
    }
    let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    // Reads counted since the last flush are not lost with the process.
    if let Err(e) = state.reads.flush(&state.db).await {
        tracing::warn!(error = %e, "writing guide reads failed");
    }
    tracing::info!("shut down");
    state.db.clone().close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
