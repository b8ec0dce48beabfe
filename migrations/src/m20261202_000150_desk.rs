//! The support desk: services, requests, their messages, confirmations of
//! requests filed by e-mail and canned answers. The six services of the
//! community are seeded.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DeskServices {
    Table,
    Id,
    Slug,
    NameEn,
    NameUk,
    NameRu,
    HintEn,
    HintUk,
    HintRu,
    AnswerRole,
    TargetMinutes,
    Open,
    Position,
    Deflected,
}

#[derive(DeriveIden)]
enum DeskRequests {
    Table,
    Id,
    ServiceId,
    UserId,
    Email,
    EmailKey,
    Channel,
    NotifyEmail,
    Subject,
    Status,
    AssigneeId,
    KeyHash,
    Origin,
    Locale,
    MergedInto,
    CreatedAt,
    UpdatedAt,
    FirstResponseAt,
    ResolvedAt,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum DeskMessages {
    Table,
    Id,
    RequestId,
    AuthorId,
    Kind,
    Body,
    Html,
    ProposalId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DeskPending {
    Table,
    Id,
    TokenHash,
    Email,
    EmailKey,
    ServiceId,
    Subject,
    Body,
    Origin,
    Locale,
    CreatedAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum DeskCanned {
    Table,
    Id,
    Title,
    Body,
    Position,
}

const SEED: &[(&str, &str, i32, [&str; 6])] = &[
    (
        "technical",
        "agent",
        30,
        [
            "Technical questions",
            "Технічні питання",
            "Технические вопросы",
            "Signing in, the site, the keeper programs, errors and settings.",
            "Вхід, сайт, програми-кіпери, помилки й налаштування.",
            "Вход, сайт, программы-киперы, ошибки и настройки.",
        ],
    ),
    (
        "credit",
        "agent",
        240,
        [
            "Credit",
            "Кредитування",
            "Кредитование",
            "Loans between members, repayments, the credit exchange.",
            "Позики між учасниками, повернення, кредитна біржа.",
            "Займы между участниками, погашение, кредитная биржа.",
        ],
    ),
    (
        "certification",
        "registrar",
        1440,
        [
            "Certification centre",
            "Центр атестації",
            "Центр аттестации",
            "Certificate levels, passport data, checks of documents.",
            "Рівні атестата, паспортні дані, перевірка документів.",
            "Уровни аттестата, паспортные данные, проверка документов.",
        ],
    ),
    (
        "arbitration",
        "arbitrator",
        1440,
        [
            "Arbitration",
            "Арбітраж",
            "Арбитраж",
            "Disputes between members: a deal gone wrong, a claim against someone.",
            "Суперечки між учасниками: невдала угода, претензія до когось.",
            "Споры между участниками: неудачная сделка, претензия к кому-то.",
        ],
    ),
    (
        "finance",
        "agent",
        240,
        [
            "Cards and bank accounts, deposits and withdrawals",
            "Картки й банківські рахунки, введення та виведення",
            "Карты и банковские счета, ввод и вывод",
            "Binding a card or a bank account, money in and out of the system.",
            "Прив'язка картки чи рахунку, введення й виведення коштів.",
            "Привязка карты или счёта, ввод и вывод средств.",
        ],
    ),
    (
        "other",
        "agent",
        1440,
        [
            "Other",
            "Інше",
            "Другое",
            "Anything that fits none of the services above.",
            "Усе, що не підходить до жодної служби вище.",
            "Всё, что не подходит ни к одной службе выше.",
        ],
    ),
];

fn fk(from: (DeskRequests, DeskRequests), to: (Users, Users)) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::SetNull).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DeskServices::Table)
                    .col(ColumnDef::new(DeskServices::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(DeskServices::Slug).string_len(32).not_null().unique_key())
                    .col(ColumnDef::new(DeskServices::NameEn).string_len(100).not_null())
                    .col(ColumnDef::new(DeskServices::NameUk).string_len(100).not_null())
                    .col(ColumnDef::new(DeskServices::NameRu).string_len(100).not_null())
                    .col(ColumnDef::new(DeskServices::HintEn).text().not_null())
                    .col(ColumnDef::new(DeskServices::HintUk).text().not_null())
                    .col(ColumnDef::new(DeskServices::HintRu).text().not_null())
                    .col(ColumnDef::new(DeskServices::AnswerRole).string_len(16).not_null())
                    .col(ColumnDef::new(DeskServices::TargetMinutes).integer().not_null())
                    .col(ColumnDef::new(DeskServices::Open).boolean().not_null().default(true))
                    .col(ColumnDef::new(DeskServices::Position).integer().not_null().default(0))
                    .col(ColumnDef::new(DeskServices::Deflected).big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DeskRequests::Table)
                    .col(ColumnDef::new(DeskRequests::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(DeskRequests::ServiceId).big_integer().not_null())
                    .col(ColumnDef::new(DeskRequests::UserId).big_integer().null())
                    .col(ColumnDef::new(DeskRequests::Email).string_len(254).null())
                    .col(ColumnDef::new(DeskRequests::EmailKey).string_len(254).null())
                    .col(ColumnDef::new(DeskRequests::Channel).string_len(8).not_null())
                    .col(ColumnDef::new(DeskRequests::NotifyEmail).boolean().not_null().default(false))
                    .col(ColumnDef::new(DeskRequests::Subject).string_len(200).not_null())
                    .col(ColumnDef::new(DeskRequests::Status).string_len(16).not_null())
                    .col(ColumnDef::new(DeskRequests::AssigneeId).big_integer().null())
                    .col(ColumnDef::new(DeskRequests::KeyHash).string_len(64).null())
                    .col(ColumnDef::new(DeskRequests::Origin).string_len(64).not_null())
                    .col(ColumnDef::new(DeskRequests::Locale).string_len(8).not_null())
                    .col(ColumnDef::new(DeskRequests::MergedInto).big_integer().null())
                    .col(ColumnDef::new(DeskRequests::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(DeskRequests::UpdatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(DeskRequests::FirstResponseAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(DeskRequests::ResolvedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(DeskRequests::ArchivedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeskRequests::Table, DeskRequests::ServiceId)
                            .to(DeskServices::Table, DeskServices::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(&mut fk((DeskRequests::Table, DeskRequests::UserId), (Users::Table, Users::Id)))
                    .foreign_key(&mut fk((DeskRequests::Table, DeskRequests::AssigneeId), (Users::Table, Users::Id)))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_desk_requests_queue", vec![DeskRequests::ServiceId, DeskRequests::Status, DeskRequests::Id]),
            ("idx_desk_requests_user", vec![DeskRequests::UserId, DeskRequests::Id]),
            ("idx_desk_requests_origin", vec![DeskRequests::Origin, DeskRequests::CreatedAt]),
            ("idx_desk_requests_email", vec![DeskRequests::EmailKey, DeskRequests::CreatedAt]),
            ("idx_desk_requests_status", vec![DeskRequests::Status, DeskRequests::UpdatedAt]),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(DeskRequests::Table);
            for c in cols {
                idx.col(c);
            }
            manager.create_index(idx.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(DeskMessages::Table)
                    .col(ColumnDef::new(DeskMessages::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(DeskMessages::RequestId).big_integer().not_null())
                    .col(ColumnDef::new(DeskMessages::AuthorId).big_integer().null())
                    .col(ColumnDef::new(DeskMessages::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(DeskMessages::Body).text().not_null())
                    .col(ColumnDef::new(DeskMessages::Html).text().not_null())
                    .col(ColumnDef::new(DeskMessages::ProposalId).big_integer().null())
                    .col(ColumnDef::new(DeskMessages::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeskMessages::Table, DeskMessages::RequestId)
                            .to(DeskRequests::Table, DeskRequests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeskMessages::Table, DeskMessages::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_desk_messages_request")
                    .table(DeskMessages::Table)
                    .col(DeskMessages::RequestId)
                    .col(DeskMessages::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DeskPending::Table)
                    .col(ColumnDef::new(DeskPending::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(DeskPending::TokenHash).string_len(64).null().unique_key())
                    .col(ColumnDef::new(DeskPending::Email).string_len(254).not_null())
                    .col(ColumnDef::new(DeskPending::EmailKey).string_len(254).not_null())
                    .col(ColumnDef::new(DeskPending::ServiceId).big_integer().not_null())
                    .col(ColumnDef::new(DeskPending::Subject).string_len(200).not_null())
                    .col(ColumnDef::new(DeskPending::Body).text().not_null())
                    .col(ColumnDef::new(DeskPending::Origin).string_len(64).not_null())
                    .col(ColumnDef::new(DeskPending::Locale).string_len(8).not_null())
                    .col(ColumnDef::new(DeskPending::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(DeskPending::UsedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeskPending::Table, DeskPending::ServiceId)
                            .to(DeskServices::Table, DeskServices::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in
            [("idx_desk_pending_email", DeskPending::EmailKey), ("idx_desk_pending_origin", DeskPending::Origin)]
        {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(DeskPending::Table)
                        .col(col)
                        .col(DeskPending::CreatedAt)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(DeskCanned::Table)
                    .col(ColumnDef::new(DeskCanned::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(DeskCanned::Title).string_len(200).not_null())
                    .col(ColumnDef::new(DeskCanned::Body).text().not_null())
                    .col(ColumnDef::new(DeskCanned::Position).integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        let mut insert = Query::insert();
        insert.into_table(DeskServices::Table).columns([
            DeskServices::Slug,
            DeskServices::NameEn,
            DeskServices::NameUk,
            DeskServices::NameRu,
            DeskServices::HintEn,
            DeskServices::HintUk,
            DeskServices::HintRu,
            DeskServices::AnswerRole,
            DeskServices::TargetMinutes,
            DeskServices::Position,
        ]);
        for (i, (slug, role, minutes, [ne, nu, nr, he, hu, hr])) in SEED.iter().enumerate() {
            let position = <i32 as std::convert::TryFrom<usize>>::try_from(i).unwrap_or(0) * 10;
            insert.values_panic([
                (*slug).into(),
                (*ne).into(),
                (*nu).into(),
                (*nr).into(),
                (*he).into(),
                (*hu).into(),
                (*hr).into(),
                (*role).into(),
                (*minutes).into(),
                position.into(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            DeskCanned::Table.into_iden(),
            DeskPending::Table.into_iden(),
            DeskMessages::Table.into_iden(),
            DeskRequests::Table.into_iden(),
            DeskServices::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
