//! The forum: categories, topics, posts with their revisions, likes,
//! bookmarks and per-member read positions.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Categories {
    Table,
    Id,
    Slug,
    Name,
    Description,
    Color,
    ParentId,
    Position,
    TopicCount,
    PostCount,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Topics {
    Table,
    Id,
    CategoryId,
    UserId,
    Title,
    CreatedAt,
    LastPostedAt,
    LastPostUserId,
    PostCount,
    HighestPostNumber,
    ReplyCount,
    LikeCount,
    Pinned,
    PinnedGlobally,
    Closed,
    Deleted,
    SolvedPostId,
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    TopicId,
    PostNumber,
    UserId,
    Body,
    Html,
    CreatedAt,
    UpdatedAt,
    Revision,
    LikeCount,
    Deleted,
    DeletedBy,
}

#[derive(DeriveIden)]
enum PostRevisions {
    Table,
    Id,
    PostId,
    Revision,
    Body,
    EditorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PostLikes {
    Table,
    PostId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Bookmarks {
    Table,
    UserId,
    PostId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TopicReads {
    Table,
    UserId,
    TopicId,
    LastReadPostNumber,
}

fn id<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().auto_increment().primary_key().to_owned()
}

fn fk<T: IntoIden + 'static, U: IntoIden + 'static>(
    from: (T, impl IntoIden),
    to: (U, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(on_delete).to_owned()
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create().name(name).table(table).to_owned();
    for c in cols {
        idx.col(c);
    }
    if unique {
        idx.unique();
    }
    manager.create_index(idx).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Categories::Table)
                    .col(id(Categories::Id))
                    .col(ColumnDef::new(Categories::Slug).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Categories::Name).string_len(100).not_null())
                    .col(ColumnDef::new(Categories::Description).text().not_null().default(""))
                    .col(ColumnDef::new(Categories::Color).string_len(7).not_null().default("#1f5fa8"))
                    .col(ColumnDef::new(Categories::ParentId).big_integer().null())
                    .col(ColumnDef::new(Categories::Position).integer().not_null().default(0))
                    .col(ColumnDef::new(Categories::TopicCount).integer().not_null().default(0))
                    .col(ColumnDef::new(Categories::PostCount).integer().not_null().default(0))
                    .col(ColumnDef::new(Categories::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk(
                        (Categories::Table, Categories::ParentId),
                        (Categories::Table, Categories::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Topics::Table)
                    .col(id(Topics::Id))
                    .col(ColumnDef::new(Topics::CategoryId).big_integer().not_null())
                    .col(ColumnDef::new(Topics::UserId).big_integer().not_null())
                    .col(ColumnDef::new(Topics::Title).string_len(255).not_null())
                    .col(ColumnDef::new(Topics::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Topics::LastPostedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Topics::LastPostUserId).big_integer().not_null())
                    .col(ColumnDef::new(Topics::PostCount).integer().not_null().default(1))
                    .col(ColumnDef::new(Topics::HighestPostNumber).integer().not_null().default(1))
                    .col(ColumnDef::new(Topics::ReplyCount).integer().not_null().default(0))
                    .col(ColumnDef::new(Topics::LikeCount).integer().not_null().default(0))
                    .col(ColumnDef::new(Topics::Pinned).boolean().not_null().default(false))
                    .col(ColumnDef::new(Topics::PinnedGlobally).boolean().not_null().default(false))
                    .col(ColumnDef::new(Topics::Closed).boolean().not_null().default(false))
                    .col(ColumnDef::new(Topics::Deleted).boolean().not_null().default(false))
                    .col(ColumnDef::new(Topics::SolvedPostId).big_integer().null())
                    .foreign_key(&mut fk(
                        (Topics::Table, Topics::CategoryId),
                        (Categories::Table, Categories::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (Topics::Table, Topics::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (Topics::Table, Topics::LastPostUserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        // Topic lists are keyset-paginated on these orders.
        index(
            manager,
            "idx_topics_latest",
            Topics::Table,
            vec![Topics::PinnedGlobally.into_iden(), Topics::LastPostedAt.into_iden(), Topics::Id.into_iden()],
            false,
        )
        .await?;
        index(
            manager,
            "idx_topics_category_latest",
            Topics::Table,
            vec![
                Topics::CategoryId.into_iden(),
                Topics::Pinned.into_iden(),
                Topics::LastPostedAt.into_iden(),
                Topics::Id.into_iden(),
            ],
            false,
        )
        .await?;
        index(
            manager,
            "idx_topics_created",
            Topics::Table,
            vec![Topics::CreatedAt.into_iden(), Topics::Id.into_iden()],
            false,
        )
        .await?;
        index(
            manager,
            "idx_topics_category_created",
            Topics::Table,
            vec![Topics::CategoryId.into_iden(), Topics::CreatedAt.into_iden(), Topics::Id.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Posts::Table)
                    .col(id(Posts::Id))
                    .col(ColumnDef::new(Posts::TopicId).big_integer().not_null())
                    .col(ColumnDef::new(Posts::PostNumber).integer().not_null())
                    .col(ColumnDef::new(Posts::UserId).big_integer().not_null())
                    .col(ColumnDef::new(Posts::Body).text().not_null())
                    .col(ColumnDef::new(Posts::Html).text().not_null())
                    .col(ColumnDef::new(Posts::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Posts::UpdatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Posts::Revision).integer().not_null().default(1))
                    .col(ColumnDef::new(Posts::LikeCount).integer().not_null().default(0))
                    .col(ColumnDef::new(Posts::Deleted).boolean().not_null().default(false))
                    .col(ColumnDef::new(Posts::DeletedBy).big_integer().null())
                    .foreign_key(&mut fk(
                        (Posts::Table, Posts::TopicId),
                        (Topics::Table, Topics::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (Posts::Table, Posts::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (Posts::Table, Posts::DeletedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_posts_topic_number",
            Posts::Table,
            vec![Posts::TopicId.into_iden(), Posts::PostNumber.into_iden()],
            true,
        )
        .await?;
        index(
            manager,
            "idx_posts_user",
            Posts::Table,
            vec![Posts::UserId.into_iden(), Posts::CreatedAt.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PostRevisions::Table)
                    .col(id(PostRevisions::Id))
                    .col(ColumnDef::new(PostRevisions::PostId).big_integer().not_null())
                    .col(ColumnDef::new(PostRevisions::Revision).integer().not_null())
                    .col(ColumnDef::new(PostRevisions::Body).text().not_null())
                    .col(ColumnDef::new(PostRevisions::EditorId).big_integer().not_null())
                    .col(ColumnDef::new(PostRevisions::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk(
                        (PostRevisions::Table, PostRevisions::PostId),
                        (Posts::Table, Posts::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (PostRevisions::Table, PostRevisions::EditorId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_post_revisions_post",
            PostRevisions::Table,
            vec![PostRevisions::PostId.into_iden(), PostRevisions::Revision.into_iden()],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PostLikes::Table)
                    .col(ColumnDef::new(PostLikes::PostId).big_integer().not_null())
                    .col(ColumnDef::new(PostLikes::UserId).big_integer().not_null())
                    .col(ColumnDef::new(PostLikes::CreatedAt).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(PostLikes::PostId).col(PostLikes::UserId))
                    .foreign_key(&mut fk(
                        (PostLikes::Table, PostLikes::PostId),
                        (Posts::Table, Posts::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (PostLikes::Table, PostLikes::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Bookmarks::Table)
                    .col(ColumnDef::new(Bookmarks::UserId).big_integer().not_null())
                    .col(ColumnDef::new(Bookmarks::PostId).big_integer().not_null())
                    .col(ColumnDef::new(Bookmarks::CreatedAt).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(Bookmarks::UserId).col(Bookmarks::PostId))
                    .foreign_key(&mut fk(
                        (Bookmarks::Table, Bookmarks::PostId),
                        (Posts::Table, Posts::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (Bookmarks::Table, Bookmarks::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_bookmarks_user_time",
            Bookmarks::Table,
            vec![Bookmarks::UserId.into_iden(), Bookmarks::CreatedAt.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(TopicReads::Table)
                    .col(ColumnDef::new(TopicReads::UserId).big_integer().not_null())
                    .col(ColumnDef::new(TopicReads::TopicId).big_integer().not_null())
                    .col(ColumnDef::new(TopicReads::LastReadPostNumber).integer().not_null())
                    .primary_key(Index::create().col(TopicReads::UserId).col(TopicReads::TopicId))
                    .foreign_key(&mut fk(
                        (TopicReads::Table, TopicReads::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (TopicReads::Table, TopicReads::TopicId),
                        (Topics::Table, Topics::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            TopicReads::Table.into_iden(),
            Bookmarks::Table.into_iden(),
            PostLikes::Table.into_iden(),
            PostRevisions::Table.into_iden(),
            Posts::Table.into_iden(),
            Topics::Table.into_iden(),
            Categories::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
