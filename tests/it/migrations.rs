use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};

use crate::support::{PASSWORD, TestApp, TestDb, test_config};

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    let db = TestDb::new().await;
    let config = test_config(&db);
    let state = veche::AppState::build(config.clone()).await.unwrap();
    let conn = state.db.write();
    Migrator::down(conn, None).await.unwrap();
    let gone = conn
        .query_one_raw(Statement::from_string(conn.get_database_backend(), "SELECT COUNT(*) AS n FROM users"))
        .await;
    assert!(gone.is_err(), "users table should be gone after down");
    Migrator::up(conn, None).await.unwrap();
    assert!(Migrator::get_pending_migrations(conn).await.unwrap().is_empty());
    state.db.clone().close().await;

    // The app works on the re-created schema.
    let app = TestApp::spawn_on(db, config).await;
    let b = app.member("after_migrations").await;
    assert_eq!(b.whoami().await.as_deref(), Some("after_migrations"));
    let _ = PASSWORD;
}
