//! Hostile and odd input at the public edge (issue 14): whatever a stranger types into a query,
//! every endpoint that reads one answers 200 or a 400 that says what to change, never a 500.

use axum::Router;
use axum::http::StatusCode;
use proptest::prelude::*;

use crate::support::{enc, fixture_app, get, repo_path};

/// Every endpoint that takes text from a stranger to search or analyse, with its parameter.
const QUERY_ENDPOINTS: [(&str, &str); 7] = [
    ("/search", "q"),
    ("/api/search", "q"),
    ("/search.atom", "q"),
    ("/search.csv", "q"),
    ("/search.jsonl", "q"),
    ("/api/suggest", "q"),
    ("/api/analyze", "text"),
];

/// What the error page and the API say when the fault is ours.
const INTERNAL_ERROR: &str = "Something went wrong on our side";

/// Queries that address the index's own fields, each of which answered 500 on main, and their
/// neighbours: exists-queries, ranges and fields inside groups and alternatives.
const FIELD_PROBES: &[&str] = &[
    "path:*",
    "title_en:*",
    "meta:*",
    "body_ar_forms:*",
    "actor_names:*",
    "(meta:*)",
    "nuclear OR meta:*",
    "(nuclear OR path:*) space",
    "-meta:*",
    "+path:*",
    "see note: *",
    "lang:*",
    "date:*",
    "year:*",
    "type:*",
    "body_en:[a TO *]",
    "meta:[a TO z]",
    "date:[a TO b]",
    "id:*",
    "*:*",
    ":*",
    "lang:\"",
];

/// The Big List of Naughty Strings (see `tests/data/README.md`).
fn naughty_strings() -> Vec<String> {
    let path = repo_path("tests/data/blns.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not a list: {e}", path.display()))
}

/// Sends `q` to every query endpoint and says what went wrong, if anything did.
async fn misanswered(app: &Router, q: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    for (path, name) in QUERY_ENDPOINTS {
        let uri = format!("{path}?{name}={}", enc(q));
        let answer = get(app, &uri).await;
        let helpful_refusal =
            answer.status == StatusCode::BAD_REQUEST && !answer.body.contains(INTERNAL_ERROR);
        if answer.status != StatusCode::OK && !helpful_refusal {
            let body: String = answer.body.chars().take(200).collect();
            wrong.push(format!("{uri} → {}: {body}", answer.status));
        }
    }
    wrong
}

#[tokio::test]
async fn fields_only_the_index_uses_are_read_as_words_never_a_500() {
    let app = fixture_app();
    let mut wrong = Vec::new();
    for q in FIELD_PROBES {
        wrong.extend(misanswered(&app, q).await);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn a_field_of_the_index_in_the_query_is_searched_as_words_with_a_notice() {
    let app = fixture_app();
    let answer = get(&app, "/api/search?q=path%3A*").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let notice = answer.json()["notice"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        notice.contains("path:") && notice.contains("not a field"),
        "notice: {notice:?}"
    );
}

#[tokio::test]
async fn every_naughty_string_answers_200_or_a_helpful_400_on_every_query_endpoint() {
    let app = fixture_app();
    let strings = naughty_strings();
    assert!(strings.len() > 400, "only {} strings", strings.len());
    let mut wrong = Vec::new();
    for q in &strings {
        wrong.extend(misanswered(&app, q).await);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Characters the query syntax gives a meaning to, with letters of our three scripts.
const QUERY_ALPHABET: &str =
    r#"[a-zA-Z0-9 "():*~^+\-\[\]{}!?/\\'.,&|<>=@#%$ نوويЯдер_\t\u{0}\u{200F}]{0,80}"#;

/// Field names (ours and the index's own), operators and words, for queries built of pieces.
const QUERY_PIECES: &[&str] = &[
    "meta",
    "path",
    "id",
    "lang",
    "year",
    "date",
    "type",
    "title_en",
    "body_en",
    "body_ar_forms",
    "actor_names",
    ":",
    "*",
    "\"",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "TO",
    "AND",
    "OR",
    "NOT",
    "-",
    "+",
    "~2",
    "^3",
    "!",
    "\\",
    "nuclear",
    "ядерное",
    "نووي",
    "2023",
    "en",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_query_syntax_never_answers_500(q in QUERY_ALPHABET) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let app = fixture_app();
        let wrong = runtime.block_on(misanswered(&app, &q));
        prop_assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn arbitrary_mixes_of_fields_and_operators_never_answer_500(
        pieces in prop::collection::vec((prop::sample::select(QUERY_PIECES), prop::bool::ANY), 0..14)
    ) {
        let q: String = pieces
            .iter()
            .map(|(piece, spaced)| if *spaced { format!("{piece} ") } else { piece.to_string() })
            .collect();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let app = fixture_app();
        let wrong = runtime.block_on(misanswered(&app, &q));
        prop_assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn deep_nesting_never_answers_500(depth in 1usize..300, word in "[a-z]{1,8}") {
        let q = format!("{}{word}{}", "(".repeat(depth), ")".repeat(depth));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let app = fixture_app();
        let wrong = runtime.block_on(misanswered(&app, &q));
        prop_assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
