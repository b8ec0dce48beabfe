//! Schema migrations. Never edit one that has shipped: add a new file.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_accounts;
mod m20261124_000002_forum;
mod m20261124_000003_wiki;
mod m20261124_000004_proposals;
mod m20261124_000005_crosslinks;
mod m20261124_000006_moderation;
mod m20261124_000007_topic_visibility;
mod m20261124_000008_approval;
mod m20261202_000101_events;
mod m20261202_000102_moderation_data;
mod m20261202_000103_clean_text;
mod m20261202_000104_name_skeleton;
mod m20261202_000105_read_indexes;
mod m20261202_000106_people;
mod m20261202_000107_protection;
mod m20261202_000108_site_settings;
mod m20261202_000109_rate_limits;
mod m20261202_000110_search;
mod m20261202_000111_search_stats;
mod m20261202_000120_mail_queue;
mod m20261202_000121_account_tokens;
mod m20261202_000122_notifications;
mod m20261202_000140_api_tokens;
mod m20261202_000150_desk;
mod m20261202_000160_guide_browsing;
mod m20261202_000170_search_match;
mod m20261203_000180_posts_topic_live;
mod m20261203_000190_revision_lines;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_accounts::Migration),
            Box::new(m20261124_000002_forum::Migration),
            Box::new(m20261124_000003_wiki::Migration),
            Box::new(m20261124_000004_proposals::Migration),
            Box::new(m20261124_000005_crosslinks::Migration),
            Box::new(m20261124_000006_moderation::Migration),
            Box::new(m20261124_000007_topic_visibility::Migration),
            Box::new(m20261124_000008_approval::Migration),
            Box::new(m20261202_000101_events::Migration),
            Box::new(m20261202_000102_moderation_data::Migration),
            Box::new(m20261202_000103_clean_text::Migration),
            Box::new(m20261202_000104_name_skeleton::Migration),
            Box::new(m20261202_000105_read_indexes::Migration),
            Box::new(m20261202_000106_people::Migration),
            Box::new(m20261202_000107_protection::Migration),
            Box::new(m20261202_000108_site_settings::Migration),
            Box::new(m20261202_000109_rate_limits::Migration),
            Box::new(m20261202_000110_search::Migration),
            Box::new(m20261202_000111_search_stats::Migration),
            Box::new(m20261202_000120_mail_queue::Migration),
            Box::new(m20261202_000121_account_tokens::Migration),
            Box::new(m20261202_000122_notifications::Migration),
            Box::new(m20261202_000140_api_tokens::Migration),
            Box::new(m20261202_000150_desk::Migration),
            Box::new(m20261202_000160_guide_browsing::Migration),
            Box::new(m20261202_000170_search_match::Migration),
            Box::new(m20261203_000180_posts_topic_live::Migration),
            Box::new(m20261203_000190_revision_lines::Migration),
        ]
    }
}
