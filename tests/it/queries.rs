//! Real queries over the seeds, through the real router: a typed question, a pasted sentence,
//! words that not every statement holds (relaxed matching, said on the page and in the API),
//! syntax that stays strict, a misspelt name, and snippets that show the content words.

use statement_archive::search::parts::is_function_word;
use statement_archive::web::router;

use crate::support::{enc, get, real_state, seeds_app};

/// The seeds' MENAFN article on Zakharova and weapons in space, and RT's Arabic article on
/// Peskov and nuclear talks.
const ZAKHAROVA_ARTICLE: &str = "000_ecb16ed56a63e7df.txt";
const PESKOV_ARTICLE: &str = "003_3c03ad3dcec7cf78.txt";

async fn api(q: &str, extra: &str) -> serde_json::Value {
    get(&seeds_app(), &format!("/api/search?q={}{extra}", enc(q)))
        .await
        .json()
}

fn paths(v: &serde_json::Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|h| h["path"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The hit for the statement at `path`; fails the test, saying what `q` found, without one.
fn hit_at<'a>(v: &'a serde_json::Value, path: &str, q: &str) -> &'a serde_json::Value {
    v["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|h| h["path"] == path)
        .unwrap_or_else(|| panic!("{q} finds {path}: {v}"))
}

/// The words inside `<mark>` in a snippet's HTML.
fn marked(snippet: &str) -> Vec<String> {
    snippet
        .split("<mark>")
        .skip(1)
        .filter_map(|s| s.split_once("</mark>").map(|(w, _)| w.to_string()))
        .collect()
}

#[tokio::test]
async fn a_typed_question_finds_the_statement_it_asks_about() {
    let v = api("What did Zakharova say about weapons in space?", "").await;
    assert_eq!(
        paths(&v).first().map(String::as_str),
        Some(ZAKHAROVA_ARTICLE),
        "{v}"
    );
    let ar = api("ماذا قال بيسكوف عن المحادثات النووية؟", "").await;
    assert_eq!(
        paths(&ar).first().map(String::as_str),
        Some(PESKOV_ARTICLE),
        "{ar}"
    );
}

#[tokio::test]
async fn a_pasted_sentence_finds_its_statement_first() {
    let app = seeds_app();
    for (q, article) in [("Zakharova", ZAKHAROVA_ARTICLE), ("بيسكوف", PESKOV_ARTICLE)] {
        let found = api(q, "").await;
        let hit = hit_at(&found, article, q);
        let id = hit["id"].as_str().unwrap_or_default();
        let statement = get(&app, &format!("/api/statements/{id}")).await.json();
        // A sentence from the middle of the statement, as a reader would copy it.
        let paragraphs = statement["paragraphs"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let text = paragraphs
            .iter()
            .filter_map(|p| p["text"].as_str())
            .filter(|t| t.split_whitespace().count() >= 12)
            .nth(1)
            .unwrap_or_else(|| panic!("{article} has a second long paragraph"));
        let sentence: String = text
            .split_whitespace()
            .take(20)
            .collect::<Vec<_>>()
            .join(" ");
        let v = api(&sentence, "").await;
        assert_eq!(
            paths(&v).first().map(String::as_str),
            Some(article),
            "{sentence}: {v}"
        );
    }
}

#[tokio::test]
async fn when_no_statement_has_all_the_words_the_api_and_the_page_say_so() {
    let q = "Zakharova weapons space pancakes";
    let v = api(q, "").await;
    assert_eq!(v["matching"], "most", "{v}");
    assert_eq!(v["relaxed"]["all_words"], 0, "{v}");
    assert!(
        v["relaxed"]["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("No statement has all the words"),
        "{v}"
    );
    assert_eq!(
        paths(&v).first().map(String::as_str),
        Some(ZAKHAROVA_ARTICLE)
    );

    let page = get(&seeds_app(), &format!("/search?q={}", enc(q))).await;
    assert!(page.body.contains("No statement has all the words"));
    assert!(
        page.body.contains("words=all"),
        "a link asks for all the words"
    );

    // Asked for all the words, nothing matches, and the page offers the relaxed search back.
    let all = api(q, "&words=all").await;
    assert_eq!(all["total"], 0, "{all}");
    assert_eq!(all["matching"], "all");
    assert!(all.get("relaxed").is_none());
    let page = get(&seeds_app(), &format!("/search?q={}&words=all", enc(q))).await;
    assert!(page.body.contains("Also show those with most of them"));
}

#[tokio::test]
async fn keywords_that_find_enough_with_all_words_are_not_relaxed() {
    let Some(state) = real_state() else { return };
    let app = router(state.clone());
    for q in [
        "Security Council sanctions",
        "ядерное оружие",
        "الفضاء الخارجي",
    ] {
        let v = get(&app, &format!("/api/search?q={}", enc(q))).await.json();
        assert_eq!(v["matching"], "all", "{q}: {v}");
        assert!(v.get("relaxed").is_none(), "{q}");
        assert!(v["total"].as_u64().unwrap_or(0) >= 10, "{q}: {v}");
    }
    // With a few statements holding every word, those with most of them are added after.
    let q = "Zakharova sarin Kazakhstan";
    let v = get(&app, &format!("/api/search?q={}", enc(q))).await.json();
    assert_eq!(v["matching"], "most", "{v}");
    let all = get(&app, &format!("/api/search?q={}&words=all", enc(q)))
        .await
        .json();
    assert_eq!(v["relaxed"]["all_words"], all["total"], "{v}");
    assert!(v["total"].as_u64() > all["total"].as_u64());
}

#[tokio::test]
async fn a_question_counts_its_statements_with_all_the_words_as_a_search_for_all_finds_them() {
    let Some(state) = real_state() else { return };
    let app = router(state.clone());
    // Long enough that each other language is asked for a share of its rendered words,
    // relaxed or not: the count of all the words reads what the relaxed search matched
    // there instead of matching it again.
    let mut other_languages = 0;
    for (q, lang) in [
        (
            "What has Russia said about placing weapons in outer space and the arms race there",
            "en",
        ),
        (
            "Statement on the Biological Weapons Convention review conference and its compliance",
            "en",
        ),
        (
            "ما هو موقف روسيا من نشر الأسلحة النووية في الفضاء الخارجي وسباق التسلح",
            "ar",
        ),
    ] {
        let v = get(&app, &format!("/api/search?q={}", enc(q))).await.json();
        let all = get(&app, &format!("/api/search?q={}&words=all", enc(q)))
            .await
            .json();
        assert_eq!(v["matching"], "most", "{q}");
        let counted = v["relaxed"]["all_words"].as_u64().or(v["total"].as_u64());
        assert_eq!(counted, all["total"].as_u64(), "{q}: {}", v["relaxed"]);
        other_languages += all["facets"]["lang"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["value"] != lang)
            .filter_map(|f| f["count"].as_u64())
            .sum::<u64>();
    }
    assert!(
        other_languages > 0,
        "all the words are found in other languages too"
    );
}

#[tokio::test]
async fn quoted_phrases_and_excluded_words_keep_their_meaning_when_relaxed() {
    // The phrase is in no statement: relaxing the other words does not drop it.
    let v = api("\"weapons of pancakes\" Zakharova space treaty", "").await;
    assert_eq!(v["total"], 0, "{v}");
    // An excluded word excludes, relaxed or not.
    let with = api("Zakharova weapons space pancakes", "").await;
    assert!(paths(&with).iter().any(|p| p == ZAKHAROVA_ARTICLE));
    let without = api("Zakharova weapons space pancakes -Plumb", "").await;
    assert_eq!(without["matching"], "most", "{without}");
    assert!(
        !paths(&without).iter().any(|p| p == ZAKHAROVA_ARTICLE),
        "{without}"
    );
    assert!(without["total"].as_u64().unwrap_or(0) > 0, "{without}");
}

#[tokio::test]
async fn a_misspelt_name_gets_a_did_you_mean_in_its_script() {
    for (typed, meant) in [
        ("Zaharova", "Zakharova"),
        ("Lavrow", "Lavrov"),
        ("Nebensia", "Nebenzia"),
        ("Небензья", "Небензя"),
        ("زخاروفا", "زاخاروفا"),
    ] {
        let v = api(typed, "").await;
        assert_eq!(v["did_you_mean"], meant, "{typed}: {v}");
    }
    let v = api("Zaharova weapons", "").await;
    assert_eq!(v["did_you_mean"], "Zakharova weapons");
    // The page links the corrected search, which finds the article.
    let page = get(&seeds_app(), "/search?q=Zaharova").await;
    assert!(page.body.contains("Did you mean"), "{}", page.body);
    assert!(page.body.contains("q=Zakharova"));
    let fixed = api("Zakharova", "").await;
    assert!(paths(&fixed).iter().any(|p| p == ZAKHAROVA_ARTICLE));
    // A word the archive holds is not corrected.
    assert!(api("weapons", "").await.get("did_you_mean").is_none());
}

#[tokio::test]
async fn snippets_mark_the_content_words_never_a_function_word_alone() {
    let v = api("nuclear weapons in outer space", "").await;
    let hits = v["hits"].as_array().cloned().unwrap_or_default();
    assert!(!hits.is_empty(), "{v}");
    for hit in &hits {
        let snippet = hit["snippet"].as_str().unwrap_or_default();
        let words = marked(snippet);
        assert!(
            !words.is_empty(),
            "{}: nothing marked in {snippet}",
            hit["path"]
        );
        for word in &words {
            assert!(
                !is_function_word(word),
                "{}: “{word}” marked in {snippet}",
                hit["path"]
            );
        }
    }
    // The article's snippet is the passage naming nuclear weapons in space, not its opening.
    let article = hits
        .iter()
        .find(|h| h["path"] == ZAKHAROVA_ARTICLE)
        .expect("the article matches");
    let words: Vec<String> = marked(article["snippet"].as_str().unwrap_or_default())
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    for expected in ["nuclear", "weapons", "space"] {
        assert!(words.iter().any(|w| w == expected), "{words:?}");
    }
}

#[tokio::test]
async fn matches_through_another_language_are_marked_in_the_snippet() {
    let v = api("outer space", "&lang=ar").await;
    let hits = v["hits"].as_array().cloned().unwrap_or_default();
    assert!(!hits.is_empty(), "{v}");
    for hit in hits {
        let words = marked(hit["snippet"].as_str().unwrap_or_default());
        assert!(
            words.iter().any(|w| w.contains("الفضاء")),
            "{}: {words:?}",
            hit["path"]
        );
    }
}

#[tokio::test]
async fn an_unknown_words_value_is_a_helpful_400() {
    let a = get(&seeds_app(), "/api/search?q=space&words=some").await;
    assert_eq!(a.status, axum::http::StatusCode::BAD_REQUEST);
    assert!(a.body.contains("every word"), "{}", a.body);
}

#[test]
fn a_cached_search_pages_exactly_as_a_fresh_one() {
    use statement_archive::search::{self, ResultCache, SearchRequest, SearchResults, Sort};
    let Some(state) = real_state() else {
        return;
    };
    let archive = &*state.archive();
    let cache = ResultCache::default();
    let seen = |r: &SearchResults| {
        (
            r.hits
                .iter()
                .map(|h| h.statement.id.to_string())
                .collect::<Vec<_>>(),
            r.total,
            r.facets.clone(),
            r.relaxed,
            r.matching,
            r.months,
        )
    };
    let searches = [
        ("nuclear weapons", None),
        ("", Some(Sort::Date)),
        ("Zakharova", None),
        ("what did Russia say about weapons in outer space", None),
    ];
    for (q, sort) in searches {
        // Pages 1 to 5 of 20 are the first 100 results, which one search keeps; page 7 is
        // beyond them and searches again (and keeps 140).
        for page in [1, 2, 5, 3, 7] {
            let req = SearchRequest {
                q: q.to_string(),
                sort,
                page,
                per_page: 20,
                ..SearchRequest::default()
            };
            let fresh = search::search(archive, &req).expect("a search");
            let cached = search::search_cached(archive, &cache, &req).expect("a cached search");
            assert_eq!(seen(&fresh), seen(&cached), "{q:?} page {page}");
            // Page 7 is kept too when the search has no more than the 100 results kept.
            let expected = match page {
                1 => false,
                7 => fresh.total <= 100,
                _ => true,
            };
            assert_eq!(cached.from_cache, expected, "{q:?} page {page}");
            assert!(!fresh.from_cache);
        }
    }
    assert_eq!(cache.len(), searches.len(), "one entry per search");
}

#[tokio::test]
async fn a_hyphenated_word_finds_its_compound_written_any_way_and_shows_its_words() {
    // The article writes “legally-binding”; the index holds the compound as one term too.
    // Quoted, the words are a phrase, which finds them joined or apart.
    for q in [
        "legally-binding",
        "Legally\u{2011}Binding",
        "legallybinding",
        "\"legally binding\"",
        "\"legally-binding\"",
    ] {
        let v = api(q, "&xlang=off").await;
        assert!(paths(&v).iter().any(|p| p == ZAKHAROVA_ARTICLE), "{q}: {v}");
    }
    let v = api("legally-binding", "&xlang=off").await;
    let hit = hit_at(&v, ZAKHAROVA_ARTICLE, "legally-binding");
    let words: Vec<String> = marked(hit["snippet"].as_str().unwrap_or_default())
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    for expected in ["legally", "binding"] {
        assert!(words.iter().any(|w| w == expected), "{words:?}");
    }
    // A word no compound holds finds nothing through it.
    assert!(paths(&api("binding-legally", "&xlang=off").await).is_empty());
}
