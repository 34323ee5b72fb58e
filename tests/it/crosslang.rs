//! Searching across languages: expansion through the thesaurus and gazetteer, its weight,
//! the reasons shown, and the control that turns it off.

use std::sync::OnceLock;

use statement_archive::web::{AppState, router};

use crate::support::{build_index, enc, first_hit_id, fixture_app, get, seeds_app, static_assets};

#[tokio::test]
async fn an_english_query_finds_the_arabic_statement_and_says_why() {
    let app = seeds_app();
    let v = get(
        &app,
        &format!("/api/search?q={}&lang=ar", enc("outer space")),
    )
    .await
    .json();
    assert!(v["total"].as_u64().unwrap_or(0) >= 1, "{v}");
    let hit = &v["hits"][0];
    assert_eq!(hit["lang"], "ar");
    let reason = &hit["reasons"][0];
    assert_eq!(reason["query"], "outer space", "{hit}");
    assert!(
        reason["matched"]
            .as_str()
            .unwrap_or_default()
            .contains("الفضاء"),
        "{hit}"
    );
    assert!(
        hit["snippet"]
            .as_str()
            .unwrap_or_default()
            .contains("<mark>"),
        "the Arabic words are highlighted"
    );
}

#[tokio::test]
async fn the_control_keeps_a_search_to_the_querys_own_language() {
    let app = seeds_app();
    let off = get(
        &app,
        &format!("/api/search?q={}&lang=ar&xlang=off", enc("outer space")),
    )
    .await
    .json();
    assert_eq!(off["total"], 0, "{off}");
    let bad = get(&app, "/api/search?q=space&xlang=maybe").await;
    assert_eq!(bad.status, axum::http::StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn own_words_rank_above_expansions() {
    // The fixture's CTBT statement exists in three languages: equal content, so only the
    // weighting decides. The English query's own words must put the English version first.
    let app = fixture_app();
    let v = get(&app, &format!("/api/search?q={}", enc("nuclear test")))
        .await
        .json();
    let group: Vec<(String, String)> = v["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|h| {
            h["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("ctbt-joint-statement.txt"))
        })
        .map(|h| {
            (
                h["lang"].as_str().unwrap_or_default().to_string(),
                h["reasons"].to_string(),
            )
        })
        .collect();
    let langs: Vec<&str> = group.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        langs.len(),
        3,
        "the expansion reaches all three versions: {langs:?}"
    );
    assert_eq!(langs[0], "en", "{langs:?}");
    assert_eq!(group[0].1, "[]", "own-language hits need no reason");
    assert!(
        group[1..]
            .iter()
            .all(|(_, reasons)| reasons.contains("nuclear test")),
        "{group:?}"
    );
}

#[tokio::test]
async fn a_cross_language_hit_shows_its_reason_on_the_page() {
    let app = seeds_app();
    let page = get(&app, &format!("/search?q={}&lang=ar", enc("outer space"))).await;
    assert!(page.body.contains("class=\"why\""), "{}", page.body);
    assert!(
        page.body
            .contains("for “<span lang=\"en\" dir=\"ltr\">outer space</span>”"),
        "the query part is marked English: {}",
        page.body
    );
}

#[tokio::test]
async fn a_statement_lists_its_translations_from_the_catalog_group() {
    let app = fixture_app();
    let id = first_hit_id(
        &app,
        &format!("/api/search?q={}&lang=en&xlang=off", enc("nuclear test")),
    )
    .await;
    let v = get(&app, &format!("/api/statements/{id}")).await.json();
    assert_eq!(v["parallel_group"], "fixture:ctbt-2024", "{v}");
    let langs: Vec<&str> = v["translations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["lang"].as_str())
        .collect();
    assert_eq!(langs, ["ar", "ru"]);
    for t in v["translations"].as_array().into_iter().flatten() {
        let url = t["url"].as_str().unwrap_or_default();
        assert_eq!(
            get(&app, url).await.status,
            axum::http::StatusCode::OK,
            "{url}"
        );
    }
    let page = get(&app, &format!("/statements/{id}")).await;
    assert!(page.body.contains("This statement in other languages"));
    assert!(
        page.body.contains("lang=\"ar\" dir=\"rtl\""),
        "the Arabic title reads right-to-left"
    );
}

#[tokio::test]
async fn related_statements_leave_out_the_statement_and_its_translations() {
    let app = fixture_app();
    let id = first_hit_id(
        &app,
        &format!("/api/search?q={}&lang=en&xlang=off", enc("nuclear test")),
    )
    .await;
    let v = get(&app, &format!("/api/statements/{id}")).await.json();
    let translations: Vec<&str> = v["translations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["id"].as_str())
        .collect();
    for r in v["related"].as_array().into_iter().flatten() {
        let rid = r["id"].as_str().unwrap_or_default();
        assert_ne!(rid, id);
        assert!(!translations.contains(&rid));
        assert_eq!(
            r["lang"], "en",
            "related statements are in the statement's language"
        );
    }
}

/// A corpus of three short statements naming Mikhail Ulyanov, Russia's envoy in Vienna, who is
/// not in the gazetteer: only transliteration can link the scripts. Built once per test run.
fn ulyanov_app() -> axum::Router {
    static STATE: OnceLock<Built> = OnceLock::new();
    built_once(
        &STATE,
        &[
            (
                "ar/ulyanov.txt",
                "قال المندوب الروسي ميخائيل أوليانوف إن المحادثات في فيينا كانت مفيدة.",
            ),
            (
                "ru/ulyanov.txt",
                "Постоянный представитель Михаил Ульянов заявил, что переговоры в Вене были полезными.",
            ),
            (
                "en/other.txt",
                "The delegation said the talks in Vienna on the nuclear deal were useful.",
            ),
        ],
    )
}

#[tokio::test]
async fn a_name_missing_from_the_gazetteer_is_found_in_other_scripts_by_transliteration() {
    let app = ulyanov_app();
    for (lang, spelling) in [("ar", "أوليانوف"), ("ru", "Ульянов")] {
        let v = get(&app, &format!("/api/search?q=Ulyanov&lang={lang}"))
            .await
            .json();
        assert_eq!(v["total"], 1, "Ulyanov in {lang}: {v}");
        let reason = &v["hits"][0]["reasons"][0];
        assert_eq!(reason["query"], "Ulyanov", "{v}");
        assert_eq!(reason["matched"], spelling, "{v}");
    }
    let back = get(&app, &format!("/api/search?q={}&lang=ar", enc("Ульянов")))
        .await
        .json();
    assert_eq!(
        back["total"], 1,
        "the Cyrillic spelling reaches the Arabic: {back}"
    );
}

#[tokio::test]
async fn a_lowercase_word_inside_a_sentence_is_not_taken_for_a_name() {
    let app = ulyanov_app();
    // Only a transliteration could take an English word to the Russian statement.
    let v = get(
        &app,
        &format!("/api/search?q={}&lang=ru", enc("the talks with ulyanov")),
    )
    .await
    .json();
    assert_eq!(v["total"], 0, "{v}");
    let v = get(
        &app,
        &format!("/api/search?q={}&lang=ru", enc("the talks with Ulyanov")),
    )
    .await
    .json();
    assert_eq!(
        v["total"], 1,
        "capitalised inside a sentence, it is a name: {v}"
    );
}

/// A corpus of Russian statements where a stemmer would take an acronym for a word: ДНЯО
/// (the NPT) and дня ("of the day"), ИИ (AI) and и ("and"). Built once per test run.
fn acronyms_app() -> axum::Router {
    static STATE: OnceLock<Built> = OnceLock::new();
    built_once(
        &STATE,
        &[
            (
                "ru/npt.txt",
                "Россия выступает за укрепление ДНЯО на обзорной конференции.",
            ),
            (
                "ru/day.txt",
                "В течение дня делегации обсуждали повестку совещания.",
            ),
            (
                "ru/ai.txt",
                "Эксперты обсуждали военное применение ИИ в системах оружия.",
            ),
            (
                "ru/and.txt",
                "Делегации России и Китая провели встречу в Женеве.",
            ),
        ],
    )
}

/// The paths of a search's hits.
async fn hit_paths(app: &axum::Router, uri: &str) -> Vec<String> {
    let v = get(app, uri).await.json();
    v["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|h| h["path"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn an_acronym_finds_itself_and_not_the_word_its_stem_makes() {
    let app = acronyms_app();
    let upper = hit_paths(&app, &format!("/api/search?q={}", enc("ДНЯО"))).await;
    assert_eq!(upper, ["ru/npt.txt"], "ДНЯО is not дня, \"of the day\"");
    // People type Russian acronyms in lowercase too.
    let lower = hit_paths(&app, &format!("/api/search?q={}", enc("дняо"))).await;
    assert_eq!(lower, ["ru/npt.txt"]);
}

#[tokio::test]
async fn a_concept_whose_russian_term_is_an_acronym_is_not_matched_by_a_common_word() {
    let app = acronyms_app();
    // The thesaurus names military AI ИИ in Russian; stemmed, that was и, "and".
    let found = hit_paths(
        &app,
        &format!("/api/search?q={}&lang=ru", enc("artificial intelligence")),
    )
    .await;
    assert_eq!(found, ["ru/ai.txt"]);
}

/// An archive and the temporary folders of its corpus and index, which live as long as it.
type Built = (tempfile::TempDir, tempfile::TempDir, AppState);

/// The app over the archive of `files` (path, text), built the first time `cell` is asked for
/// it in a test run.
fn built_once(cell: &'static OnceLock<Built>, files: &[(&str, &str)]) -> axum::Router {
    let (_, _, state) = cell.get_or_init(|| corpus_app(files));
    router(state.clone())
}

/// An archive of `files` (path, text), built in temporary folders that live as long as it.
fn corpus_app(files: &[(&str, &str)]) -> Built {
    let corpus = tempfile::tempdir().expect("tempdir");
    for (path, text) in files {
        let file = corpus.path().join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    }
    let index = tempfile::tempdir().expect("tempdir");
    let archive = build_index(corpus.path(), index.path());
    let state = AppState::new(archive, static_assets());
    (corpus, index, state)
}

/// Statements that name Syria only by its long name, beside one holding those words apart.
/// Built once per test run.
fn long_names_app() -> axum::Router {
    static STATE: OnceLock<Built> = OnceLock::new();
    built_once(
        &STATE,
        &[
            (
                "ru/syria.txt",
                "Сирийская Арабская Республика призвала продолжить переговоры в Женеве.",
            ),
            (
                "ar/syria.txt",
                "دعت الجمهورية العربية السورية إلى مواصلة المفاوضات في جنيف.",
            ),
            (
                "en/apart.txt",
                "The Arab delegation said the republic supports Syrian talks in Geneva.",
            ),
        ],
    )
}

#[tokio::test]
async fn a_name_of_several_words_is_found_in_another_script_and_its_words_apart_are_not() {
    let app = long_names_app();
    for (lang, path) in [("ru", "ru/syria.txt"), ("ar", "ar/syria.txt")] {
        let found = hit_paths(&app, &format!("/api/search?q=Syria&lang={lang}")).await;
        assert_eq!(found, [path], "Syria in {lang}");
    }
    // The long name in English is the phrase, not its words anywhere in a statement.
    let found = hit_paths(&app, &format!("/api/search?q={}&lang=en", enc("سوريا"))).await;
    assert!(found.is_empty(), "{found:?}");
}

/// Statements whose curated actors are not named in their text: the UN Security Council's,
/// the CSTO's (one of whose names is "Collective Security Council") and Maria Zakharova's.
fn curated_actors_app() -> axum::Router {
    static STATE: OnceLock<Built> = OnceLock::new();
    built_once(
        &STATE,
        &[
            (
                "en/unsc.txt",
                "---\nactors: [UN Security Council]\n---\nThe members adopted the resolution unanimously after a short debate.\n",
            ),
            (
                "en/csto.txt",
                "---\nactors: [Collective Security Treaty Organization]\n---\nThe members met in Minsk to agree on the budget for the coming year.\n",
            ),
            (
                "en/zakharova.txt",
                "---\nactors: [Maria Zakharova]\n---\nThe spokeswoman said the talks had gone well and would go on.\n",
            ),
        ],
    )
}

#[tokio::test]
async fn a_name_of_several_words_finds_its_actors_statements_and_not_others_holding_its_words() {
    let app = curated_actors_app();
    for xlang in ["on", "off"] {
        let found = hit_paths(
            &app,
            &format!("/api/search?q={}&xlang={xlang}", enc("Security Council")),
        )
        .await;
        assert_eq!(found, ["en/unsc.txt"], "cross-language {xlang}");
    }
    // A name of one word still finds its actor's statements through the actors' names.
    let found = hit_paths(&app, "/api/search?q=Zakharova&xlang=off").await;
    assert_eq!(found, ["en/zakharova.txt"]);
}
