//! Names whose language no data records (sources, places, actors) are marked with the `lang`
//! and `dir` their letters suggest, through the real router.

use statement_archive::web::{AppState, router};

use crate::support::{build_index, enc, get, repo_path};

/// An Arabic statement whose curated source, place and actor are written in Arabic only, so
/// their language is not recorded anywhere but in their letters.
const ARABIC: &str = "---
title: بيان بشأن معاهدة الحظر الشامل للتجارب النووية
date: 2023-06-20
source_name: وزارة الخارجية
place: الرياض
actors: [لجنة المتابعة العربية]
---
تدعو وزارة الخارجية جميع الدول إلى التصديق على معاهدة الحظر الشامل للتجارب النووية \
والامتناع عن إجراء أي تفجير تجريبي للأسلحة النووية.
";

#[tokio::test]
async fn arabic_source_place_and_actor_names_are_marked_arabic_on_english_pages() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let index = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(corpus.path().join("ar")).expect("mkdir");
    std::fs::write(corpus.path().join("ar/statement.txt"), ARABIC).expect("write");
    let archive = build_index(corpus.path(), index.path());
    let app = router(AppState::new(archive, repo_path("static")));
    let source = "وزارة الخارجية";
    let actor = "لجنة المتابعة العربية";
    let arabic = |text: &str| format!("lang=\"ar\" dir=\"rtl\">{text}<");

    let search = get(&app, "/search").await.body;
    assert!(search.contains("<html lang=\"en\""), "{search}");
    assert!(
        search.contains(&format!("<span class=\"source\" {}", arabic(source))),
        "the hit's source: {search}"
    );
    assert!(
        search.matches(&arabic(source)).count() >= 2,
        "the hit's source and the source facet: {search}"
    );
    assert!(search.contains(&arabic(actor)), "the hit's actor: {search}");
    assert!(
        search.contains("lang=\"en\" dir=\"ltr\">Arabic<"),
        "an English label stays English: {search}"
    );

    let filtered = get(&app, &format!("/search?source={}", enc(source)))
        .await
        .body;
    assert!(
        filtered.contains(&format!("Source: <span {}", arabic(source))),
        "the filter chip: {filtered}"
    );

    let statement = search
        .split("<h3 ")
        .nth(1)
        .and_then(|h| h.split("href=\"").nth(1))
        .and_then(|h| h.split('"').next())
        .expect("a statement link");
    let page = get(&app, statement).await.body;
    assert!(
        page.contains(&format!("<dd {}", arabic(source))),
        "the source: {page}"
    );
    assert!(
        page.contains(&format!("<dd {}", arabic("الرياض"))),
        "the place: {page}"
    );
    assert!(page.contains(&arabic(actor)), "the actor: {page}");

    let actor_url = search
        .split("href=\"/actors/")
        .find_map(|h| h.split_once('"').filter(|(_, rest)| rest.contains(actor)))
        .map(|(id, _)| format!("/actors/{id}"))
        .expect("a link to the actor");
    let profile = get(&app, &actor_url).await.body;
    assert!(
        profile.contains(&format!("<h1 {}", arabic(actor))),
        "{actor_url}: {profile}"
    );
}
