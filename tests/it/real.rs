//! The whole path over the real corpus (`../shared/corpus-real`, read in place and never
//! copied): every document indexed with its catalog, filters and cross-script names.
//! Skipped with a message when the corpus is not beside the checkout.

use axum::Router;
use axum::http::StatusCode;
use statement_archive::web::router;

use crate::support::{enc, get, real_state};

fn real_app() -> Option<Router> {
    real_state().map(|s| router(s.clone()))
}

fn total(v: &serde_json::Value) -> u64 {
    v["total"].as_u64().unwrap_or_default()
}

fn facet_count(v: &serde_json::Value, facet: &str, value: &str) -> u64 {
    v["facets"][facet]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["value"] == value)
        .and_then(|f| f["count"].as_u64())
        .unwrap_or_default()
}

#[tokio::test]
async fn every_document_is_indexed_with_its_language() {
    let Some(app) = real_app() else { return };
    let all = get(&app, "/api/search").await.json();
    assert_eq!(total(&all), 2988);
    assert_eq!(facet_count(&all, "lang", "en"), 1328);
    assert_eq!(facet_count(&all, "lang", "ar"), 960);
    assert_eq!(facet_count(&all, "lang", "ru"), 700);
}

#[tokio::test]
async fn catalog_dates_and_years_become_filters() {
    let Some(app) = real_app() else { return };
    let all = get(&app, "/api/search").await.json();
    // The 260 news articles carry a date, the UN documents and speeches only a year.
    assert!(
        facet_count(&all, "year", "2015") >= 2360,
        "{}",
        all["facets"]["year"]
    );
    assert!(facet_count(&all, "year", "1985") > 0);
    let ranged = get(
        &app,
        "/api/search?from=2015-07-25&to=2015-07-31&per_page=100",
    )
    .await
    .json();
    assert!(
        total(&ranged) > 0 && total(&ranged) < 260,
        "{}",
        total(&ranged)
    );
    for hit in ranged["hits"].as_array().into_iter().flatten() {
        let date = hit["date"].as_str().unwrap_or_default();
        assert!(("2015-07-25"..="2015-07-31").contains(&date), "{date}");
    }
    let year = get(&app, "/api/search?year=1985&per_page=100").await.json();
    assert!(total(&year) > 0);
    for hit in year["hits"].as_array().into_iter().flatten() {
        assert_eq!(hit["year"], 1985);
    }
}

#[tokio::test]
async fn a_latin_name_finds_arabic_statements() {
    let Some(app) = real_app() else { return };
    let v = get(&app, "/api/search?q=Lavrov&lang=ar").await.json();
    assert!(total(&v) >= 10, "{}", total(&v));
    let cyrillic = get(&app, &format!("/api/search?q={}&lang=ar", enc("Лавров")))
        .await
        .json();
    assert_eq!(total(&cyrillic), total(&v), "the same actor in any script");
}

#[tokio::test]
async fn actor_facet_filters_to_that_actors_statements() {
    let Some(app) = real_app() else { return };
    let all = get(&app, "/api/search?q=nuclear").await.json();
    let actor = all["facets"]["actor"][0].clone();
    let value = actor["value"].as_str().unwrap_or_default();
    let filtered = get(
        &app,
        &format!("/api/search?q=nuclear&actor={}&per_page=100", enc(value)),
    )
    .await
    .json();
    assert_eq!(filtered["total"], actor["count"]);
    for hit in filtered["hits"].as_array().into_iter().flatten() {
        let ids: Vec<&str> = hit["actors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["id"].as_str())
            .collect();
        assert!(ids.contains(&value), "{ids:?}");
    }
}

#[tokio::test]
async fn statement_pages_render_for_each_language() {
    let Some(app) = real_app() else { return };
    for lang in ["en", "ar", "ru"] {
        let v = get(&app, &format!("/api/search?lang={lang}&per_page=1"))
            .await
            .json();
        let url = v["hits"][0]["url"].as_str().unwrap_or_default().to_string();
        let page = get(&app, &url).await;
        assert_eq!(page.status, StatusCode::OK, "{url}");
        assert!(
            page.body.contains(&format!("<html lang=\"{lang}\"")),
            "{url}"
        );
        let json = get(&app, &format!("/api{url}")).await.json();
        assert!(json["paragraphs"].as_array().is_some_and(|p| !p.is_empty()));
    }
}

#[tokio::test]
async fn un_documents_link_their_translations_and_related_statements() {
    let Some(app) = real_app() else { return };
    let v = get(
        &app,
        &format!(
            "/api/search?q={}&lang=en&xlang=off",
            enc("\"NPT/CONF.2015\"")
        ),
    )
    .await
    .json();
    // The first with a few paragraphs: a one-sentence excerpt is too short to be like another.
    let mut url = String::new();
    let mut st = serde_json::Value::Null;
    for hit in v["hits"].as_array().into_iter().flatten() {
        url = hit["url"].as_str().unwrap_or_default().to_string();
        st = get(&app, &format!("/api{url}")).await.json();
        if st["paragraphs"].as_array().is_some_and(|p| p.len() >= 3) {
            break;
        }
    }
    let langs: Vec<&str> = st["translations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["lang"].as_str())
        .collect();
    assert_eq!(langs, ["ar", "ru"], "{url}");
    let related = st["related"].as_array().cloned().unwrap_or_default();
    assert!(!related.is_empty(), "{url} has related statements");
    for r in related {
        assert_ne!(r["url"], url.as_str());
        assert_eq!(r["lang"], "en");
    }
}
