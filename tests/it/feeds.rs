//! Feeds and downloads of a search, the OpenSearch description and the sitemap, through the
//! real router.

use std::str::FromStr;

use axum::http::StatusCode;

use crate::support::{fixture_app, get};

#[tokio::test]
async fn every_search_has_an_atom_feed_newest_first() {
    let app = fixture_app();
    let answer = get(&app, "/search.atom?q=treaty").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.content_type.starts_with("application/atom+xml"));
    let feed = atom_syndication::Feed::from_str(&answer.body)
        .unwrap_or_else(|e| panic!("the feed parses ({e}): {}", answer.body));
    let search = get(&app, "/api/search?q=treaty&per_page=100").await.json();
    assert_eq!(
        feed.entries().len() as u64,
        search["total"].as_u64().unwrap_or(0).min(50),
        "one entry per statement found"
    );
    assert!(!feed.entries().is_empty());
    let updated: Vec<_> = feed.entries().iter().map(|e| *e.updated()).collect();
    assert!(
        updated.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {updated:?}"
    );
    assert!(
        feed.links()
            .iter()
            .any(|l| l.rel() == "self" && l.href().contains("/search.atom?q=treaty")),
        "the feed names its own address"
    );
    for entry in feed.entries() {
        let link = &entry.links()[0];
        assert!(link.href().contains("/statements/"), "{}", link.href());
    }
}

#[tokio::test]
async fn a_result_set_downloads_as_csv_with_one_row_per_statement() {
    let app = fixture_app();
    let total = get(&app, "/api/search?lang=en").await.json()["total"]
        .as_u64()
        .unwrap_or(0) as usize;
    assert!(total > 1);
    let answer = get(&app, "/search.csv?lang=en").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.content_type.starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(answer.body.as_bytes());
    let headers = reader.headers().expect("a header row").clone();
    assert_eq!(&headers[0], "id");
    assert!(headers.iter().any(|h| h == "speakers"));
    let lang = headers
        .iter()
        .position(|h| h == "lang")
        .expect("a lang column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV row")).collect();
    assert_eq!(rows.len(), total);
    assert!(rows.iter().all(|r| &r[lang] == "en"), "the filter applies");
}

#[tokio::test]
async fn a_compressed_export_streams_to_its_end() {
    use std::io::Read;
    let app = fixture_app();
    let total = get(&app, "/api/search").await.json()["total"]
        .as_u64()
        .unwrap_or(0) as usize;
    let request = axum::http::Request::get("/search.csv")
        .header(axum::http::header::ACCEPT_ENCODING, "gzip")
        .body(axum::body::Body::empty())
        .expect("request");
    let response = tower::ServiceExt::oneshot(app, request)
        .await
        .expect("router answers");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[axum::http::header::CONTENT_ENCODING],
        "gzip"
    );
    // Browsers ask for compression; the body stream must end cleanly under it.
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .expect("the whole body")
        .to_bytes();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_string(&mut text)
        .expect("gzip");
    assert_eq!(text.lines().count(), total + 1, "a header and one row each");
}

#[tokio::test]
async fn a_result_set_downloads_as_json_lines() {
    let app = fixture_app();
    let total = get(&app, "/api/search").await.json()["total"]
        .as_u64()
        .unwrap_or(0) as usize;
    let answer = get(&app, "/search.jsonl").await;
    assert_eq!(answer.status, StatusCode::OK);
    let lines: Vec<serde_json::Value> = answer
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), total);
    for line in &lines {
        assert!(
            line["url"]
                .as_str()
                .is_some_and(|u| u.contains("/statements/"))
        );
        assert!(line["speakers"].is_array(), "{line}");
    }
    let bad = get(&app, "/search.jsonl?type=memo").await;
    assert_eq!(
        bad.status,
        StatusCode::BAD_REQUEST,
        "bad filters are refused before streaming"
    );
}

#[tokio::test]
async fn the_browser_can_search_through_opensearch() {
    let app = fixture_app();
    let answer = get(&app, "/opensearch.xml").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer
            .content_type
            .starts_with("application/opensearchdescription+xml")
    );
    assert!(
        answer.body.contains("/search?q={searchTerms}"),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn the_sitemap_lists_every_statement() {
    let app = fixture_app();
    let index = get(&app, "/sitemap.xml").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.body.contains("/sitemaps/1.xml"), "{}", index.body);
    let file = get(&app, "/sitemaps/1.xml").await;
    assert_eq!(file.status, StatusCode::OK);
    let total = get(&app, "/api/search").await.json()["total"]
        .as_u64()
        .unwrap_or(0) as usize;
    assert_eq!(file.body.matches("<loc>").count(), total, "{}", file.body);
    let id = crate::support::first_hit_id(&app, "/api/search").await;
    assert!(file.body.contains(&format!("/statements/{id}</loc>")));
    assert_eq!(
        get(&app, "/sitemaps/2.xml").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/sitemaps/x.xml").await.status,
        StatusCode::NOT_FOUND
    );
}
