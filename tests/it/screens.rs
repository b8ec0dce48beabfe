//! The main pages in real Chromium at phone and desktop widths, light and
//! dark: nothing runs off the side of a phone, and a screenshot of each is
//! kept (in `target/screenshots`, or `VECHE_SCREENSHOTS`) for people to look at.

use crate::browser::Driver;
use crate::support::TestApp;

fn out_dir() -> std::path::PathBuf {
    let dir = std::env::var("VECHE_SCREENSHOTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("screenshots"));
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

#[tokio::test]
async fn main_pages_fit_a_phone_and_a_desktop_in_light_and_dark() {
    let Some(d) = Driver::start().await else { return };
    let app = TestApp::spawn().await;
    let demo = veche::demo::run(&app.state).await.unwrap();
    let base = app.base.clone();
    let guide = crate::support::wiki_path("Як поповнити гаманець");
    // A topic with replies, a solution and a moderator's tools.
    let topic = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        veche::entities::topics::Entity::find()
            .filter(veche::entities::topics::Column::SolvedPostId.is_not_null())
            .order_by_desc(veche::entities::topics::Column::ReplyCount)
            .one(app.state.db.read())
            .await
            .unwrap()
            .unwrap()
            .id
    };
    let pages: Vec<(&str, String)> = vec![
        ("home", "/".into()),
        ("categories", "/categories".into()),
        ("topic", format!("/t/{topic}?page=1")),
        ("guide", guide.clone()),
        ("history", format!("{guide}/history")),
        ("diff", format!("{guide}/diff?from=1&to=cur")),
        ("wiki", "/wiki".into()),
        ("wiki-section", "/wiki/section/%D0%B1%D0%B5%D0%B7%D0%BF%D0%B5%D0%BA%D0%B0".into()),
        ("wiki-all", "/wiki/all".into()),
        ("members", "/u".into()),
        ("profile", "/u/Iryna_M".into()),
        ("compose", "/t/new".into()),
        ("mod-queue", "/mod".into()),
        ("staff-log", "/mod/log".into()),
        ("settings", "/settings".into()),
    ];
    // A moderator sees the most: their tools on every page.
    d.sign_in(&base, "Iryna_M", &demo.password).await;
    let dir = out_dir();
    for (width, height, form) in [(360, 780, "phone"), (1280, 900, "desktop")] {
        d.size(width, height).await;
        for dark in [false, true] {
            d.color_scheme(dark).await;
            for (name, path) in &pages {
                d.goto(&format!("{base}{path}")).await;
                d.wait_for("document.readyState === 'complete'").await;
                let status = d.script("return document.title").await;
                assert!(!status.as_str().unwrap_or_default().is_empty(), "{name}: a page with a title");
                if form == "phone" {
                    // Nothing wider than the screen: no sideways scrolling.
                    let overflow = d
                        .script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                        .await;
                    assert!(overflow.as_i64().unwrap_or(1) <= 0, "{name} runs {overflow} px off a {width} px screen");
                    // Categories and the staff menu are reachable from the top.
                    let header = d.script("const r = document.querySelector('header .nav-categories').getBoundingClientRect(); return r.top < 160 && r.width > 0").await;
                    assert_eq!(header, true, "{name}: categories in the header");
                }
                let png = d.screenshot().await;
                assert!(png.starts_with(b"\x89PNG"), "{name}: a screenshot");
                let file = dir.join(format!("{name}-{form}-{}.png", if dark { "dark" } else { "light" }));
                std::fs::write(&file, png).unwrap();
            }
        }
    }
}
