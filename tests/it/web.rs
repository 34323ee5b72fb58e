//! HTML pages through the real router.

use axum::http::StatusCode;

use crate::support::{enc, first_hit_id, fixture_app, get, seeds_app};

#[tokio::test]
async fn home_shows_counts_per_language_and_latest_statements() {
    let app = seeds_app();
    let a = get(&app, "/").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.content_type.starts_with("text/html"));
    assert!(a.body.contains("4 statements"), "{}", a.body);
    assert!(a.body.contains("in Arabic"));
    assert_eq!(a.body.matches("class=\"hit\"").count(), 4);
    assert!(a.body.contains("action=\"/search\""));
}

#[tokio::test]
async fn search_page_highlights_and_links_facets() {
    let app = seeds_app();
    let a = get(&app, "/search?q=space").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("<mark>space</mark>") || a.body.contains("<mark>Space</mark>"));
    assert!(
        a.body.contains("href=\"/search?q=space&#38;lang=en\""),
        "facet link to the filtered search"
    );
}

#[tokio::test]
async fn arabic_query_finds_other_word_forms() {
    let app = seeds_app();
    // "بالأسلحة" (with the weapons) must find texts that say "الأسلحة" / "الأسلحة البيولوجية".
    let a = get(&app, &format!("/api/search?q={}&xlang=off", enc("بالأسلحة")))
        .await
        .json();
    assert!(a["total"].as_u64().unwrap_or(0) >= 2, "{a}");
    for hit in a["hits"].as_array().cloned().unwrap_or_default() {
        assert_eq!(hit["lang"], "ar");
    }
}

#[tokio::test]
async fn phrases_and_exclusions_work() {
    let app = seeds_app();
    let phrase = get(&app, &format!("/api/search?q={}", enc("\"arms race\"")))
        .await
        .json();
    assert!(phrase["total"].as_u64().unwrap_or(0) >= 2, "{phrase}");
    let excluded = get(
        &app,
        &format!("/api/search?q={}", enc("\"arms race\" -Zakharova")),
    )
    .await
    .json();
    assert_eq!(
        excluded["total"].as_u64().unwrap_or(99) + 1,
        phrase["total"].as_u64().unwrap_or(0),
        "the MENAFN piece names Zakharova and is left out"
    );
    let only_negative = get(&app, &format!("/api/search?q={}", enc("-space"))).await;
    assert_eq!(only_negative.status, StatusCode::OK);
    assert!(only_negative.json()["total"].as_u64().unwrap_or(0) >= 1);
}

#[tokio::test]
async fn empty_query_lists_everything_newest_first() {
    let app = seeds_app();
    let v = get(&app, "/api/search").await.json();
    assert_eq!(v["total"], 4);
    let dates: Vec<Option<String>> = v["hits"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|h| h["date"].as_str().map(str::to_string))
        .collect();
    let dated: Vec<&String> = dates.iter().flatten().collect();
    let mut sorted = dated.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dated, sorted, "newest first");
    let first_undated = dates
        .iter()
        .position(Option::is_none)
        .unwrap_or(dates.len());
    assert!(
        dates[first_undated..].iter().all(Option::is_none),
        "undated last: {dates:?}"
    );
}

#[tokio::test]
async fn statement_page_is_citable_and_readable() {
    let app = seeds_app();
    let id = first_hit_id(&app, "/api/search?lang=ar").await;
    let a = get(&app, &format!("/statements/{id}")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.body.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "Arabic reads right-to-left"
    );
    assert!(a.body.contains(&format!(
        "<link rel=\"canonical\" href=\"/statements/{id}\">"
    )));
    assert!(a.body.contains("id=\"p1\""));
    assert!(a.body.contains("href=\"#p1\""));
}

#[tokio::test]
async fn unknown_pages_and_ids_are_404_pages() {
    let app = seeds_app();
    for uri in [
        "/statements/nope",
        "/statements/..%2F..%2Fetc%2Fpasswd",
        "/no/such/page",
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(a.content_type.starts_with("text/html"), "{uri}");
    }
}

#[tokio::test]
async fn static_files_are_served_without_traversal() {
    let app = seeds_app();
    let css = get(&app, "/static/css/site.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.content_type.starts_with("text/css"));
    for uri in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/static/..%2FCargo.toml",
    ] {
        let a = get(&app, uri).await;
        assert_ne!(a.status, StatusCode::OK, "{uri}");
        assert!(!a.body.contains("[package]"), "{uri} leaked a file");
    }
}

#[tokio::test]
async fn bad_parameters_get_a_helpful_400_page() {
    let app = seeds_app();
    for (uri, says) in [
        ("/search?from=20-06-2023", "YYYY-MM-DD"),
        ("/search?lang=klingon", "Unknown language"),
        ("/search?from=2024-01-01&to=2023-01-01", "after"),
        ("/search?page=0", "whole number"),
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(a.body.contains(says), "{uri}: {}", a.body);
    }
}

#[tokio::test]
async fn malformed_query_page_explains_and_still_searches() {
    let app = seeds_app();
    let a = get(&app, &format!("/search?q={}", enc("(outer space"))).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("class=\"notice\""));
    assert!(a.body.contains("class=\"hit\""));
}

#[tokio::test]
async fn healthz_is_ok_once_the_index_is_open() {
    let a = get(&seeds_app(), "/healthz").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.starts_with("ok"));
}

#[tokio::test]
async fn html_in_query_is_escaped() {
    let app = seeds_app();
    let a = get(
        &app,
        &format!("/search?q={}", enc("<script>alert(1)</script>")),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(!a.body.contains("<script>alert(1)</script>"));
}

/// Sends a GET with a `Host` header, as a browser does.
async fn get_from_host(app: &axum::Router, uri: &str, host: &str) -> String {
    let request = axum::http::Request::get(uri)
        .header(axum::http::header::HOST, host)
        .body(axum::body::Body::empty())
        .expect("request");
    crate::support::send(app, request).await.body
}

#[tokio::test]
async fn a_statement_page_gives_chicago_and_apa_citations_with_its_address() {
    let app = fixture_app();
    let id = first_hit_id(&app, &format!("/api/search?q={}", enc("fissile"))).await;
    let page = get_from_host(&app, &format!("/statements/{id}"), "archive.test:8080").await;
    let url = format!("http://archive.test:8080/statements/{id}");
    assert!(
        page.contains(
            "“Working group on fissile material: press note.” Fixture Ministry, May 2, 2023. Accessed "
        ),
        "Chicago citation on {page}"
    );
    assert!(
        page.contains(&format!("{url}.</p>")),
        "Chicago ends with the URL"
    );
    assert!(
        page.contains("(2023, May 2). Working group on fissile material: press note."),
        "APA citation"
    );
    let hostile = get_from_host(&app, &format!("/statements/{id}"), "evil\"<x>").await;
    assert!(
        hostile.contains("http://localhost/statements/"),
        "a strange Host is not echoed"
    );
}

#[tokio::test]
async fn a_statement_downloads_as_bibtex_ris_and_text() {
    let app = fixture_app();
    let id = first_hit_id(&app, &format!("/api/search?q={}", enc("fissile"))).await;
    let bib = get(&app, &format!("/statements/{id}.bib")).await;
    assert_eq!(bib.status, StatusCode::OK);
    assert!(
        bib.content_type.starts_with("application/x-bibtex"),
        "{}",
        bib.content_type
    );
    assert!(
        bib.body.starts_with(&format!("@misc{{{id},")),
        "{}",
        bib.body
    );
    assert!(
        bib.body
            .contains("title = {{Working group on fissile material: press note}}"),
        "{}",
        bib.body
    );
    assert!(bib.body.contains("date = {2023-05-02}"), "{}", bib.body);

    let ris = get(&app, &format!("/statements/{id}.ris?p=1")).await;
    assert_eq!(ris.status, StatusCode::OK);
    assert!(ris.body.starts_with("TY  - GEN\r\n"), "{}", ris.body);
    assert!(
        ris.body.contains(&format!("/statements/{id}#p1\r\n")),
        "a paragraph citation: {}",
        ris.body
    );
    assert!(ris.body.ends_with("ER  - \r\n"));

    let txt = get(&app, &format!("/statements/{id}.txt")).await;
    assert!(
        txt.content_type.starts_with("text/plain"),
        "{}",
        txt.content_type
    );
    assert!(
        txt.body
            .starts_with("Working group on fissile material: press note\n"),
        "{}",
        txt.body
    );
    assert!(
        txt.body.contains("\n[1] "),
        "numbered paragraphs: {}",
        txt.body
    );

    let bad = get(&app, &format!("/statements/{id}.bib?p=999")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("paragraph number"), "{}", bad.body);
    assert_eq!(
        get(&app, &format!("/statements/{id}.exe")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_actor_page_has_names_in_every_script_counts_a_timeline_and_statements() {
    let app = fixture_app();
    let page = get(&app, "/actors/csto").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<h1 lang=\"en\" dir=\"ltr\">CSTO</h1>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Collective Security Treaty Organization")
    );
    assert!(
        page.body.contains("lang=\"ru\""),
        "Russian names are marked as Russian"
    );
    assert!(page.body.contains("ОДКБ"), "the Russian abbreviation");
    assert!(
        page.body.contains("/search?speaker=csto"),
        "a link to what it said"
    );
    assert!(page.body.contains("class=\"hit\""), "its latest statements");
    assert!(
        page.body.contains("name=\"actor\" value=\"csto\""),
        "a search within"
    );
    assert_eq!(
        get(&app, "/actors/no-such-actor").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/actors/..%2Fetc").await.status,
        StatusCode::NOT_FOUND
    );

    let index = get(&app, "/actors").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(
        index.body.contains("href=\"/actors/csto\""),
        "{}",
        index.body
    );
}

#[tokio::test]
async fn a_topic_page_and_the_topic_index_link_to_their_statements() {
    let app = fixture_app();
    let index = get(&app, "/topics").await;
    assert!(
        index.body.contains("href=\"/topics/nuclear\""),
        "{}",
        index.body
    );
    let page = get(&app, "/topics/nuclear").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<h1>Nuclear</h1>"));
    assert!(page.body.contains("/search?topic=nuclear"));
    assert!(page.body.contains("class=\"hit\""));
    assert_eq!(
        get(&app, "/topics/gardening").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_search_timeline_is_svg_whose_bars_narrow_to_a_year() {
    let app = seeds_app();
    let page = get(&app, "/search").await;
    let timeline = page
        .body
        .split("<figure class=\"timeline\"")
        .nth(1)
        .unwrap_or_else(|| panic!("a timeline on {}", page.body));
    assert!(timeline.contains("<svg"), "drawn as SVG on the server");
    let year_link = timeline
        .split("href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a bar is a link");
    assert!(year_link.starts_with("/search?year="), "{year_link}");
    let narrowed = get(&app, &year_link.replace("&amp;", "&")).await;
    assert!(
        narrowed.body.contains("Year: "),
        "the year is an active filter"
    );
}

#[tokio::test]
async fn a_one_year_result_is_charted_by_month_and_a_month_narrows_to_its_dates() {
    let app = fixture_app();
    let api = get(&app, "/api/search?year=2024&per_page=100").await.json();
    let dates: Vec<String> = api["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["date"].as_str().map(str::to_string))
        .collect();
    let month = dates.first().expect("a dated statement in 2024")[..7].to_string();
    let in_month = dates.iter().filter(|d| d.starts_with(&month)).count();

    let page = get(&app, "/search?year=2024").await;
    let timeline = page
        .body
        .split("<figure class=\"timeline\"")
        .nth(1)
        .unwrap_or_else(|| panic!("a timeline on {}", page.body));
    assert!(timeline.contains("data-unit=\"month\""), "{timeline}");
    let number: u32 = month[5..].parse().expect("a month");
    let bar = timeline
        .split("<a href=\"")
        .find(|a| a.contains(&format!("data-month=\"{number}\"")))
        .unwrap_or_else(|| panic!("a bar for {month}: {timeline}"));
    assert!(
        bar.contains(&format!("{in_month} statements")),
        "the bar counts the month's statements: {bar}"
    );
    let link = bar
        .split('"')
        .next()
        .expect("the bar's link")
        .replace("&amp;", "&");
    assert!(link.contains(&format!("from={month}-01")), "{link}");
    let narrowed = get(&app, &link.replace("/search", "/api/search"))
        .await
        .json();
    assert_eq!(narrowed["total"].as_u64(), Some(in_month as u64), "{link}");
}

#[tokio::test]
async fn translations_compare_side_by_side_paragraph_by_paragraph() {
    let app = fixture_app();
    let mut en = String::new();
    let english = get(&app, "/api/search?lang=en&per_page=100").await.json();
    for hit in english["hits"].as_array().into_iter().flatten() {
        let id = hit["id"].as_str().unwrap_or_default();
        let st = get(&app, &format!("/api/statements/{id}")).await.json();
        if st["translations"].as_array().is_some_and(|t| !t.is_empty()) {
            en = id.to_string();
            break;
        }
    }
    assert!(!en.is_empty(), "an English statement with translations");
    let page = get(&app, &format!("/statements/{en}")).await;
    let compare = page
        .body
        .split("href=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.contains("/compare/"))
        .unwrap_or_else(|| panic!("a side-by-side link on {}", page.body))
        .to_string();
    let view = get(&app, &compare).await;
    assert_eq!(view.status, StatusCode::OK, "{compare}");
    let json = get(&app, &format!("/api/statements/{en}")).await.json();
    let other_id = compare.rsplit('/').next().unwrap_or_default();
    let other = get(&app, &format!("/api/statements/{other_id}"))
        .await
        .json();
    let rows = json["paragraphs"]
        .as_array()
        .map_or(0, Vec::len)
        .max(other["paragraphs"].as_array().map_or(0, Vec::len));
    assert_eq!(view.body.matches("<tr id=\"p").count(), rows);
    let other_lang = other["lang"].as_str().unwrap_or_default();
    assert!(
        view.body.contains(&format!(
            "<td lang=\"{other_lang}\" dir=\"{}\"",
            other["dir"].as_str().unwrap_or_default()
        )),
        "each side in its own language and direction"
    );
    assert!(view.body.contains("<td lang=\"en\" dir=\"ltr\""));
    assert_eq!(
        get(&app, &format!("/statements/{en}/compare/nope-00000000"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_server_switches_to_an_index_another_run_made_live_and_says_so() {
    let served = Served::over_seeds(0);
    let (live, app, corpus_dir) = (&served.live, served.app.clone(), served.corpus.path());
    let ensure = || served.index_run();
    let total = |a: &crate::support::Answer| a.json()["total"].as_u64();
    let search = "/api/search?q=quasarite&xlang=off";
    assert_eq!(total(&get(&app, search).await), Some(0));
    let before = get(&app, "/healthz").await.body;

    // Another run (here, in-process) indexes a new file and makes its generation live.
    std::fs::write(
        corpus_dir.join("quasarite.txt"),
        "Statement on quasarite\n\nThe delegation spoke of quasarite verification.\n",
    )
    .expect("write");
    let (_, report) = ensure();
    assert!(report.is_some());
    let in_flight = live.get();
    assert_eq!(total(&get(&app, search).await), Some(0), "not yet followed");
    assert!(live.follow().expect("follow"), "switched");
    assert!(!live.follow().expect("follow"), "nothing more to switch to");

    assert_eq!(total(&get(&app, search).await), Some(1));
    assert_ne!(get(&app, "/healthz").await.body, before);
    let status = get(&app, "/api/status").await.json();
    assert_eq!(status["statements"], 5);
    assert_eq!(status["last_update"]["kind"], "followed");
    assert_eq!(status["pending"], false);
    assert_eq!(status["unreadable_documents"], 0);
    assert!(
        status["indexed_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    // A request that started on the old generation finishes on it.
    assert_eq!(in_flight.num_docs(), 4);
}

#[tokio::test]
async fn pages_and_pdfs_are_searchable_and_link_their_original() {
    use statement_archive::web::{AppState, router};
    let index_dir = tempfile::tempdir().expect("tempdir");
    let root = crate::support::repo_path("tests/fixtures/formats");
    let archive = crate::support::build_index(&root, index_dir.path());
    let app = router(AppState::new(archive, crate::support::static_assets()).with_corpus(&root));

    // An English query finds the pages and working papers in all three languages.
    let found = get(&app, "/api/search?q=biological+weapons+convention")
        .await
        .json();
    let langs: Vec<&str> = found["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["lang"].as_str())
        .collect();
    for lang in ["en", "ar", "ru"] {
        assert!(langs.contains(&lang), "no {lang} page in {langs:?}");
    }
    let pdf_id = statement_archive::model::DocId::from_path("ar/working-paper.pdf");
    let page = get(&app, &format!("/statements/{pdf_id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("dir=\"rtl\""),
        "Arabic page right to left"
    );
    let link = format!("/statements/{pdf_id}/original");
    assert!(page.body.contains(&link), "the page links its original");
    let original = get(&app, &link).await;
    assert_eq!(original.status, StatusCode::OK);
    assert_eq!(original.content_type, "application/pdf");
    assert!(original.body.starts_with("%PDF"));

    let html_id = statement_archive::model::DocId::from_path("en/press-release.html");
    let original = get(&app, &format!("/statements/{html_id}/original")).await;
    assert!(original.content_type.starts_with("text/html"));
    assert_eq!(
        original
            .headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok()),
        Some("sandbox"),
        "a page's own scripts never run on the archive's origin"
    );
    // Without a corpus folder, no link and a clear 404.
    let bare = seeds_app();
    let seed = first_hit_id(&bare, "/api/search?q=space").await;
    assert!(
        !get(&bare, &format!("/statements/{seed}"))
            .await
            .body
            .contains("/original")
    );
    let missing = get(&bare, &format!("/statements/{seed}/original")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("original"), "{}", missing.body);
}

#[tokio::test]
async fn a_search_after_a_deletion_does_not_answer_from_the_cache() {
    use statement_archive::index::live::Live;
    // Enough statements that deleting one leaves its segment unmerged.
    let served = Served::over_seeds(30);
    let (live, app, corpus_dir) = (&served.live, served.app.clone(), served.corpus.path());
    let ensure = || served.index_run();
    let segments = |live: &Live| -> Vec<String> {
        let searcher = live.get().searcher();
        let readers = searcher.segment_readers();
        readers
            .iter()
            .map(|r| r.segment_id().uuid_string())
            .collect()
    };
    let before = segments(live);
    let search = "/api/search?q=Plumb&xlang=off";
    assert_eq!(get(&app, search).await.json()["total"], 1);
    // An update that only deletes keeps every segment, with one statement more deleted.
    std::fs::remove_file(corpus_dir.join("000_ecb16ed56a63e7df.txt")).expect("delete");
    let (_, report) = ensure();
    assert!(report.is_some());
    assert!(live.follow().expect("follow"));
    assert_eq!(
        segments(live),
        before,
        "the same segments, one deletion more"
    );
    assert_eq!(
        get(&app, search).await.json()["total"],
        0,
        "the deleted statement came back from the result cache"
    );
}

/// The app over an index of its own corpus folder (the seeds and `fillers` short statements),
/// served through a `Live` that tests switch, as a server does.
struct Served {
    corpus: tempfile::TempDir,
    options: statement_archive::index::IndexOptions,
    live: std::sync::Arc<statement_archive::index::live::Live>,
    app: axum::Router,
    /// Declared last: dropped after the archive whose files live in it.
    _index: tempfile::TempDir,
}

impl Served {
    fn over_seeds(fillers: usize) -> Served {
        use statement_archive::index::{IndexOptions, live::Live};
        use statement_archive::web::{AppState, router};
        use std::sync::Arc;
        let corpus = tempfile::tempdir().expect("tempdir");
        let index = tempfile::tempdir().expect("tempdir");
        crate::support::copy_tree(&crate::support::repo_path("corpus"), corpus.path());
        for n in 0..fillers {
            std::fs::write(
                corpus.path().join(format!("filler-{n:02}.txt")),
                format!("Statement {n} on the security of outer space.\n"),
            )
            .expect("write");
        }
        let mut options = IndexOptions::new(index.path()).without_dictionaries();
        // One writer thread writes one segment: with two, a thread may get a single statement,
        // and deleting it empties its segment, which tantivy then drops.
        options.writer_threads = 1;
        let (archive, _) = index_run(corpus.path(), &options);
        let live = Arc::new(Live::new(archive));
        let app = router(AppState::serving(
            Arc::clone(&live),
            crate::support::static_assets(),
        ));
        Served {
            corpus,
            options,
            live,
            app,
            _index: index,
        }
    }

    /// What another `statement-archive index` run does: the corpus' changes made live.
    fn index_run(
        &self,
    ) -> (
        statement_archive::index::Archive,
        Option<statement_archive::index::BuildReport>,
    ) {
        index_run(self.corpus.path(), &self.options)
    }
}

fn index_run(
    corpus: &std::path::Path,
    options: &statement_archive::index::IndexOptions,
) -> (
    statement_archive::index::Archive,
    Option<statement_archive::index::BuildReport>,
) {
    let corpus = statement_archive::corpus::Corpus::open(corpus).expect("open");
    statement_archive::index::ensure(&corpus, options, &|_| {}).expect("index")
}

/// axum's own extractors answer a key given twice with a bare text 400; the archive answers
/// it as every other bad request, with its error page or its JSON error.
#[tokio::test]
async fn a_parameter_given_twice_gets_the_archives_own_error() {
    let app = seeds_app();
    let page = get(&app, "/search?q=space&q=treaty").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.content_type.starts_with("text/html"),
        "{}",
        page.content_type
    );
    assert!(
        page.body.contains("give each parameter once"),
        "{}",
        page.body
    );
    let api = get(&app, "/api/search?q=space&q=treaty").await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert_eq!(api.json()["status"], 400, "{}", api.body);
    assert!(
        api.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("give each parameter once")),
        "{}",
        api.body
    );
}

/// A path that is not UTF-8 once percent-decoded gets the archive's page too.
#[tokio::test]
async fn a_broken_path_encoding_gets_the_archives_own_error() {
    let page = get(&seeds_app(), "/statements/%FF%FE").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.content_type.starts_with("text/html"),
        "{}",
        page.content_type
    );
    assert!(page.body.contains("could not be read"), "{}", page.body);
}
