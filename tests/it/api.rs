//! The JSON API through the real router.

use axum::http::StatusCode;

use crate::support::{enc, first_hit_id, fixture_app, get, seeds_app};

#[tokio::test]
async fn search_answers_the_documented_shape() {
    let app = seeds_app();
    let a = get(&app, "/api/search?q=space").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.content_type.starts_with("application/json"));
    let v = a.json();
    for key in ["query", "total", "page", "per_page", "hits", "facets"] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
    assert_eq!(v["query"], "space");
    let hit = &v["hits"][0];
    for key in [
        "id", "url", "path", "title", "date", "lang", "actors", "source", "snippet",
    ] {
        assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
    }
    assert_eq!(
        hit["url"],
        format!("/statements/{}", hit["id"].as_str().unwrap_or_default())
    );
    assert!(
        hit["snippet"]
            .as_str()
            .unwrap_or_default()
            .contains("<mark>")
    );
    for facet in ["lang", "actor", "year", "source"] {
        assert!(v["facets"][facet].is_array(), "facet {facet}");
    }
}

/// Where a search's time went is in `Server-Timing`, on the page and in the API alike.
#[tokio::test]
async fn searches_say_where_their_time_went() {
    let app = seeds_app();
    for uri in ["/api/search?q=space", "/search?q=space"] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        let timing = a
            .headers
            .get("server-timing")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        for stage in ["plan", "match", "docs", "snippets", "reasons", "other"] {
            assert!(
                timing.contains(&format!("{stage};dur=")),
                "{uri}: no {stage} in {timing:?}"
            );
        }
    }
}

#[tokio::test]
async fn facet_values_are_what_their_filter_takes() {
    let app = seeds_app();
    let all = get(&app, "/api/search").await.json();
    let langs = all["facets"]["lang"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!langs.is_empty());
    for facet in langs {
        let value = facet["value"].as_str().unwrap_or_default();
        let filtered = get(&app, &format!("/api/search?lang={value}")).await.json();
        assert_eq!(filtered["total"], facet["count"], "lang={value}");
        for hit in filtered["hits"].as_array().cloned().unwrap_or_default() {
            assert_eq!(hit["lang"], value);
        }
    }
}

#[tokio::test]
async fn per_page_is_bounded_and_pages_are_bounded() {
    let app = seeds_app();
    let a = get(&app, "/api/search?per_page=101").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("per_page")
    );
    let deep = get(&app, "/api/search?page=100000").await;
    assert_eq!(deep.status, StatusCode::BAD_REQUEST);
    let ok = get(&app, "/api/search?per_page=1&page=2").await.json();
    assert_eq!(ok["hits"].as_array().map(Vec::len), Some(1));
    assert_eq!(ok["page"], 2);
}

#[tokio::test]
async fn overlong_queries_are_refused_with_the_limit() {
    let app = seeds_app();
    let q = "space ".repeat(200);
    let a = get(&app, &format!("/api/search?q={}", enc(&q))).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("500")
    );
}

#[tokio::test]
async fn malformed_query_is_read_leniently_with_a_notice() {
    let app = seeds_app();
    let a = get(&app, &format!("/api/search?q={}", enc("\"outer space"))).await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert!(
        v["notice"].as_str().unwrap_or_default().contains("quotes"),
        "{v}"
    );
    assert!(v["total"].as_u64().unwrap_or(0) > 0);
}

#[tokio::test]
async fn statement_json_has_paragraphs_with_anchors() {
    let app = seeds_app();
    let id = first_hit_id(&app, "/api/search?lang=ar").await;
    let a = get(&app, &format!("/api/statements/{id}")).await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert_eq!(v["id"], id.as_str());
    assert_eq!(v["lang"], "ar");
    assert_eq!(v["dir"], "rtl");
    assert_eq!(v["paragraphs"][0]["anchor"], "p1");
    assert_eq!(v["paragraphs"][0]["n"], 1);
}

#[tokio::test]
async fn unknown_statement_is_a_json_404() {
    let app = seeds_app();
    let a = get(&app, "/api/statements/no-such-statement-00000000").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.json()["status"], 404);
}

#[tokio::test]
async fn analyze_shows_each_languages_chain() {
    let app = seeds_app();
    let ar = get(
        &app,
        &format!("/api/analyze?lang=ar&text={}", enc("بالأسلحة")),
    )
    .await
    .json();
    let ar2 = get(
        &app,
        &format!("/api/analyze?lang=ar&text={}", enc("الأسلحة")),
    )
    .await
    .json();
    assert_eq!(ar["tokens"], ar2["tokens"], "Arabic word forms meet");
    let ru = get(
        &app,
        &format!("/api/analyze?lang=ru&text={}", enc("Ещё оружия")),
    )
    .await
    .json();
    let ru2 = get(
        &app,
        &format!("/api/analyze?lang=ru&text={}", enc("еще оружие")),
    )
    .await
    .json();
    assert_eq!(
        ru["tokens"], ru2["tokens"],
        "ё folds and Russian word forms meet"
    );
    let en = get(&app, "/api/analyze?lang=en&text=Weapons%20treaties")
        .await
        .json();
    assert_eq!(en["tokens"], serde_json::json!(["weapon", "treati"]));
    let bad = get(&app, "/api/analyze?lang=xx&text=a").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_colon_is_searched_as_words_not_as_a_field() {
    let app = seeds_app();
    let v = get(&app, &format!("/api/search?q={}", enc("outer:space")))
        .await
        .json();
    assert!(
        v["notice"].as_str().unwrap_or_default().contains("outer:"),
        "{v}"
    );
    let words = get(&app, &format!("/api/search?q={}", enc("outer space")))
        .await
        .json();
    assert_eq!(v["total"], words["total"]);
    assert!(v["total"].as_u64().unwrap_or(0) > 0);
}

#[tokio::test]
async fn filter_fields_work_inside_the_query() {
    let app = seeds_app();
    let inside = get(&app, &format!("/api/search?q={}", enc("space lang:en")))
        .await
        .json();
    let param = get(&app, "/api/search?q=space&lang=en").await.json();
    assert_eq!(inside["total"], param["total"]);
    assert!(inside["total"].as_u64().unwrap_or(0) > 0);
    for hit in inside["hits"].as_array().into_iter().flatten() {
        assert_eq!(hit["lang"], "en");
    }
}

#[tokio::test]
async fn a_spaced_dash_in_pasted_text_is_not_an_operator() {
    let app = seeds_app();
    let dashed = get(&app, &format!("/api/search?q={}", enc("outer - space")))
        .await
        .json();
    let plain = get(&app, &format!("/api/search?q={}", enc("outer space")))
        .await
        .json();
    assert_eq!(dashed["total"], plain["total"], "{dashed}");
    assert!(dashed.get("notice").is_none(), "{dashed}");
}

#[tokio::test]
async fn topics_are_a_facet_and_a_filter() {
    let app = fixture_app();
    let all = get(&app, "/api/search").await.json();
    let topics = all["facets"]["topic"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let nuclear = topics
        .iter()
        .find(|f| f["value"] == "nuclear")
        .unwrap_or_else(|| panic!("a nuclear topic facet: {all}"));
    assert_eq!(nuclear["label"], "Nuclear");
    let count = nuclear["count"].as_u64().unwrap_or(0);
    assert!(
        count >= 3,
        "the CTBT statement in three languages: {nuclear}"
    );

    let filtered = get(&app, "/api/search?topic=nuclear").await.json();
    assert_eq!(filtered["total"].as_u64(), Some(count), "{filtered}");
    for hit in filtered["hits"].as_array().into_iter().flatten() {
        let topics = hit["topics"].as_array().cloned().unwrap_or_default();
        assert!(topics.iter().any(|t| t == "nuclear"), "{hit}");
    }
    let space = get(&app, "/api/search?topic=space-security").await.json();
    let space_total = space["total"].as_u64().unwrap_or(0);
    assert!(
        space_total >= 1 && space_total < all["total"].as_u64().unwrap_or(0),
        "{space}"
    );

    let page = get(&app, "/search?topic=nuclear").await;
    assert!(
        page.body
            .contains("Topic: <span lang=\"en\" dir=\"ltr\">Nuclear</span>"),
        "the active filter is a chip"
    );
}

#[tokio::test]
async fn speaker_filter_keeps_only_statements_the_actor_makes() {
    let app = fixture_app();
    let all = get(&app, "/api/search").await.json();
    let speakers = all["facets"]["speaker"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!speakers.is_empty(), "some statement has a speaker: {all}");
    for facet in &speakers {
        let id = facet["value"].as_str().unwrap_or_default();
        let by_speaker = get(&app, &format!("/api/search?speaker={id}")).await.json();
        assert_eq!(by_speaker["total"], facet["count"], "{facet}");
        for hit in by_speaker["hits"].as_array().into_iter().flatten() {
            let actors = hit["actors"].as_array().cloned().unwrap_or_default();
            assert!(
                actors
                    .iter()
                    .any(|a| a["id"] == id && a["role"] == "speaker"),
                "{id} speaks in {hit}"
            );
        }
        let by_actor = get(&app, &format!("/api/search?actor={id}")).await.json();
        assert!(
            by_actor["total"].as_u64() >= by_speaker["total"].as_u64(),
            "actor= counts every role"
        );
    }
    let mentioned_only = all["facets"]["actor"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| !speakers.iter().any(|s| s["value"] == a["value"]))
        .cloned()
        .unwrap_or_else(|| panic!("an actor that is only mentioned: {all}"));
    let id = mentioned_only["value"].as_str().unwrap_or_default();
    let none = get(&app, &format!("/api/search?speaker={id}")).await.json();
    assert_eq!(none["total"], 0, "{id} is never a speaker");
    let page = get(&app, &format!("/search?speaker={id}")).await;
    assert!(page.body.contains("Speaker: "), "the filter is a chip");
}

#[tokio::test]
async fn an_unknown_document_type_is_a_clear_error() {
    let app = fixture_app();
    let res = get(&app, "/api/search?type=memo").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("official-statement"), "{}", res.body);
}

#[tokio::test]
async fn suggestions_come_in_any_script_and_lead_to_a_search() {
    let app = fixture_app();
    for typed in ["Lavr", "Лавр", "لافر"] {
        let v = get(&app, &format!("/api/suggest?q={}", enc(typed)))
            .await
            .json();
        let lavrov = v["suggestions"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["id"] == "sergey-lavrov")
            .unwrap_or_else(|| panic!("{typed} suggests Lavrov: {v}"))
            .clone();
        assert_eq!(lavrov["kind"], "actor");
        assert_eq!(lavrov["label"], "Sergey Lavrov");
        assert_eq!(lavrov["url"], "/search?actor=sergey-lavrov");
    }
    let arabic = get(&app, &format!("/api/suggest?q={}", enc("الأسلحة الكيم")))
        .await
        .json();
    let first = &arabic["suggestions"][0];
    assert_eq!(first["kind"], "concept", "{arabic}");
    assert_eq!(first["dir"], "rtl");
    assert!(
        first["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("/search?q="))
    );

    let browser = get(&app, "/api/suggest?q=nucl&format=opensearch")
        .await
        .json();
    assert_eq!(browser[0], "nucl");
    assert!(
        browser[1].as_array().is_some_and(|a| !a.is_empty()),
        "{browser}"
    );

    let none = get(&app, "/api/suggest?q=z").await.json();
    assert_eq!(none["suggestions"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        get(&app, "/api/suggest?q=nu&limit=0").await.status,
        StatusCode::BAD_REQUEST
    );
    let long = "a".repeat(101);
    assert_eq!(
        get(&app, &format!("/api/suggest?q={long}")).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn document_types_are_a_facet_and_a_filter() {
    let app = fixture_app();
    let all = get(&app, "/api/search").await.json();
    let types = all["facets"]["type"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!types.is_empty(), "the fixture has typed statements: {all}");
    for facet in &types {
        let code = facet["value"].as_str().unwrap_or_default();
        let filtered = get(&app, &format!("/api/search?type={code}")).await.json();
        assert_eq!(filtered["total"], facet["count"], "{facet}");
        for hit in filtered["hits"].as_array().into_iter().flatten() {
            assert_eq!(hit["type"], code, "{hit}");
        }
        let inline = get(&app, &format!("/api/search?q=type:{code}"))
            .await
            .json();
        assert_eq!(inline["total"], facet["count"], "type: in the query");
    }
    let first = types[0]["value"].as_str().unwrap_or_default();
    let page = get(&app, &format!("/search?type={first}")).await;
    assert!(page.body.contains("Type: "), "the filter is a chip");
}
