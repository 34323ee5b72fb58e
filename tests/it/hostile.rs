//! Hostile and odd input at the public edge (issue 14): whatever a stranger types into a query,
//! every endpoint that reads one answers 200 or a 400 that says what to change, never a 500.

use std::path::Path;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use proptest::prelude::*;
use statement_archive::web::{AppState, Limits, ServerLimits, router, serve};
use tower::ServiceExt;

use crate::support::{
    build_index, enc, fixture_app, fixture_state, get, real_state, repo_path, static_assets,
};

/// The app over a corpus of `files` (path, contents) written to a temporary folder; the
/// folders live as long as the returned guard.
fn app_over(files: &[(&str, &str)]) -> (Router, [tempfile::TempDir; 2]) {
    let corpus = tempfile::tempdir().expect("tempdir");
    for (path, contents) in files {
        let path = corpus.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).expect("mkdir");
        std::fs::write(path, contents).expect("write");
    }
    let index = tempfile::tempdir().expect("tempdir");
    let archive = build_index(corpus.path(), index.path());
    (
        router(AppState::new(archive, static_assets())),
        [corpus, index],
    )
}

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

/// A catalog row a hostile or careless curator could write: a formula for a title, with a bell
/// and an escape sequence in it, a `javascript:` source URL and a source that starts with `@`.
#[tokio::test]
async fn curated_values_go_out_neutralised_in_every_export_and_feed() {
    let row = serde_json::json!({
        "file": "en/hostile.txt",
        "lang": "en",
        "title": "=HYPERLINK(\"http://evil.example\")\u{7} nuclear \u{1b}[31mred",
        "source_url": "javascript:alert(1)",
        "source_name": "@SUM(1+1)",
    });
    let (app, _dirs) = app_over(&[
        (
            "en/hostile.txt",
            "The delegation spoke on nuclear disarmament and the treaty.\n",
        ),
        ("metadata.jsonl", &format!("{row}\n")),
    ]);

    let csv = get(&app, "/search.csv?q=nuclear").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    let mut reader = ::csv::Reader::from_reader(csv.body.as_bytes());
    let record = reader
        .records()
        .next()
        .expect("one row")
        .expect("a CSV record");
    let cells: Vec<&str> = record.iter().collect();
    assert!(cells.contains(&"'@SUM(1+1)"), "{cells:?}");
    assert!(
        cells.iter().any(|c| c.starts_with("'=HYPERLINK")),
        "{cells:?}"
    );
    assert!(!csv.body.contains("javascript:"), "{}", csv.body);
    assert!(!csv.body.chars().any(|c| c == '\u{7}' || c == '\u{1b}'));

    let id = crate::support::first_hit_id(&app, "/api/search?q=nuclear").await;
    let api = get(&app, &format!("/api/statements/{id}")).await;
    assert!(api.json()["source_url"].is_null(), "{}", api.body);
    let jsonl = get(&app, "/search.jsonl?q=nuclear").await;
    assert!(!jsonl.body.contains("javascript:"), "{}", jsonl.body);
    assert!(!jsonl.body.contains("\\u0007"), "{}", jsonl.body);
    let txt = get(&app, &format!("/statements/{id}.txt")).await;
    assert!(!txt.body.contains("javascript:"), "{}", txt.body);

    let atom = get(&app, "/search.atom?q=nuclear%07").await;
    assert_eq!(atom.status, StatusCode::OK, "{}", atom.body);
    assert!(
        !atom.body.chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        atom.body
    );
    atom_syndication::Feed::read_from(atom.body.as_bytes()).expect("the feed is valid XML");
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

/// [`misanswered`] over the fixture app, from a synchronous proptest body.
fn misanswered_on_fixture(q: &str) -> Vec<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(misanswered(&fixture_app(), q))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_query_syntax_never_answers_500(q in QUERY_ALPHABET) {
        let wrong = misanswered_on_fixture(&q);
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
        let wrong = misanswered_on_fixture(&q);
        prop_assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn deep_nesting_never_answers_500(depth in 1usize..300, word in "[a-z]{1,8}") {
        let q = format!("{}{word}{}", "(".repeat(depth), ")".repeat(depth));
        let wrong = misanswered_on_fixture(&q);
        prop_assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}

/// The app over the fixture corpus with `limits`, and permits of its own.
fn limited_app(limits: Limits) -> Router {
    router(fixture_state().with_limits(limits))
}

fn short_limits() -> Limits {
    Limits {
        queue_wait: Duration::from_millis(200),
        ..Limits::default()
    }
}

#[tokio::test]
async fn with_no_permit_free_a_search_is_shed_with_503_and_retry_after() {
    let app = limited_app(Limits {
        work: 0,
        ..short_limits()
    });
    for uri in [
        "/search?q=nuclear",
        "/api/search?q=nuclear",
        "/search.csv?q=nuclear",
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(
            answer.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{uri}: {}",
            answer.body
        );
        assert!(
            answer.headers.contains_key(axum::http::header::RETRY_AFTER),
            "{uri}: {:?}",
            answer.headers
        );
        assert!(answer.body.contains("busy"), "{uri}: {}", answer.body);
    }
    // Pages that need no index work still answer.
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
}

#[tokio::test]
async fn exports_nobody_reads_hold_their_slots_but_no_work_permit() {
    // Enough statements that an export is many batches (the real corpus).
    let Some(state) = real_state() else {
        return;
    };
    let limits = Limits {
        work: 1,
        exports: 4,
        ..short_limits()
    };
    let slots = limits.exports;
    let app = router(state.clone().with_limits(limits));
    let request = || {
        axum::http::Request::get("/search.jsonl?q=*")
            .body(axum::body::Body::empty())
            .expect("request")
    };
    let mut unread = Vec::new();
    for _ in 0..slots {
        let answer = app
            .clone()
            .oneshot(request())
            .await
            .expect("router answers");
        assert_eq!(answer.status(), StatusCode::OK);
        unread.push(answer);
    }
    // Every export slot is taken by a client that does not read: one more is shed …
    let refused = get(&app, "/search.jsonl?q=*").await;
    assert_eq!(
        refused.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        refused.body
    );
    // … while searches, on their own permit, still run.
    let search = get(&app, "/api/search?q=nuclear").await;
    assert_eq!(search.status, StatusCode::OK, "{}", search.body);
    // The clients go away: their slots come back, and an export read to its end is whole.
    drop(unread);
    let whole = get(&app, "/search.jsonl?q=*").await;
    assert_eq!(whole.status, StatusCode::OK, "{}", whole.body);
    assert!(
        whole.body.lines().count() > 1000,
        "{} lines",
        whole.body.lines().count()
    );
}

#[tokio::test]
async fn an_export_past_its_time_ends_early_and_frees_its_slot() {
    let Some(state) = real_state() else {
        return;
    };
    let whole = get(&router(state.clone()), "/search.jsonl?q=*").await;
    let limits = Limits {
        exports: 1,
        export_time: Duration::ZERO,
        ..short_limits()
    };
    let app = router(state.clone().with_limits(limits));
    let export = || async {
        app.clone()
            .oneshot(
                axum::http::Request::get("/search.jsonl?q=*")
                    .body(axum::body::Body::empty())
                    .expect("request"),
            )
            .await
            .expect("router answers")
    };
    let response = export().await;
    assert_eq!(response.status(), StatusCode::OK);
    // The time is up before the first batch: the body breaks off short.
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await;
    assert!(body.is_err(), "the body should end in an error");
    assert!(whole.body.lines().count() > 1000);
    // The one slot came back with the stream.
    assert_eq!(export().await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_burst_of_connections_waits_in_the_backlog_instead_of_being_dropped() {
    let listener = statement_archive::web::listen("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("address");
    // Nothing accepts: every connection must wait in the kernel's queue. With the default
    // backlog of 128, the rest would be dropped and retried a second later.
    let mut tries = Vec::new();
    for _ in 0..300 {
        tries.push(tokio::spawn(tokio::time::timeout(
            Duration::from_millis(900),
            tokio::net::TcpStream::connect(addr),
        )));
    }
    let mut connected = Vec::new();
    for t in tries {
        if let Ok(Ok(Ok(stream))) = t.await {
            connected.push(stream);
        }
    }
    assert_eq!(connected.len(), 300, "connections queued");
    drop(listener);
}

/// A real server on a loopback port with short connection limits, and a switch to stop it.
async fn short_server(
    app: Router,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let listener = statement_archive::web::listen("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let limits = ServerLimits {
        header_read: Duration::from_millis(500),
        io: Duration::from_secs(2),
        max_connections: 64,
        drain: Duration::from_secs(1),
    };
    let server = tokio::spawn(serve(listener, app, limits, async {
        let _ = stopped.await;
    }));
    (addr, stop, server)
}

/// Reads until the server closes the connection; `Err` if it is still open after `patience`.
async fn closed_within(
    stream: &mut tokio::net::TcpStream,
    patience: Duration,
) -> Result<(), String> {
    use tokio::io::AsyncReadExt;
    let mut buf = vec![0u8; 64 * 1024];
    let read_all = async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(patience, read_all)
        .await
        .map_err(|_| format!("still open after {patience:?}"))
}

#[tokio::test]
async fn a_half_sent_request_and_an_idle_keep_alive_connection_are_closed() {
    use tokio::io::AsyncWriteExt;
    let (addr, stop, server) = short_server(fixture_app()).await;

    let mut half = tokio::net::TcpStream::connect(addr).await.expect("connect");
    half.write_all(b"GET / HTTP/1.1\r\n").await.expect("write");
    closed_within(&mut half, Duration::from_secs(5))
        .await
        .expect("a half-sent request is dropped after the header-read timeout");

    let mut silent = tokio::net::TcpStream::connect(addr).await.expect("connect");
    closed_within(&mut silent, Duration::from_secs(5))
        .await
        .expect("a connection that sends nothing is dropped");

    let mut idle = tokio::net::TcpStream::connect(addr).await.expect("connect");
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let started = std::time::Instant::now();
    closed_within(&mut idle, Duration::from_secs(5))
        .await
        .expect("an idle keep-alive connection is closed after its answer");
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "closed before the timeout"
    );

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server stops within its drain deadline")
        .expect("the server task ends cleanly");
}

#[tokio::test]
async fn shutdown_lets_an_answer_in_flight_finish_and_then_stops() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // An export of the real corpus is long enough to be in flight when the signal comes.
    let Some(state) = real_state() else {
        return;
    };
    let (addr, stop, server) = short_server(router(state.clone())).await;
    let mut client = tokio::net::TcpStream::connect(addr).await.expect("connect");
    client
        .write_all(b"GET /search.jsonl?q=* HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut first = [0u8; 64];
    let n = client.read(&mut first).await.expect("the answer starts");
    assert!(first[..n].starts_with(b"HTTP/1.1 200"), "{:?}", &first[..n]);
    let _ = stop.send(());
    let mut rest = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), client.read_to_end(&mut rest))
        .await
        .expect("the answer ends")
        .expect("read");
    // Chunked: the last chunk is empty, so a whole answer ends with `0` and a blank line.
    assert!(rest.ends_with(b"0\r\n\r\n"), "the export was cut short");
    assert!(rest.len() > 100_000, "{} bytes", rest.len());
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server stops within its drain deadline")
        .expect("the server task ends cleanly");
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "the port still accepts after shutdown"
    );
}

#[tokio::test]
async fn a_statement_of_thousands_of_paragraphs_is_shown_a_part_at_a_time() {
    let body: String = (1..=1200)
        .map(|n| format!("Paragraph {n} of the long statement on nuclear disarmament.\n\n"))
        .collect();
    let (app, _dirs) = app_over(&[("en/long.txt", &format!("A very long statement\n\n{body}"))]);
    let id = crate::support::first_hit_id(&app, "/api/search?q=long+statement").await;
    let api = get(&app, &format!("/api/statements/{id}")).await.json();
    let total = api["paragraphs_total"].as_u64().unwrap_or(0) as usize;
    assert!(total > 1000, "{total} paragraphs");
    let last_part = total.div_ceil(500);
    assert_eq!(api["paragraphs"].as_array().map_or(0, Vec::len), 500);
    assert_eq!(api["parts"].as_u64(), Some(last_part as u64));
    let api_last = get(&app, &format!("/api/statements/{id}?part={last_part}"))
        .await
        .json();
    let last_numbers: Vec<u64> = api_last["paragraphs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["n"].as_u64())
        .collect();
    assert_eq!(last_numbers.last(), Some(&(total as u64)), "{api_last}");
    assert_eq!(last_numbers.len(), total - (last_part - 1) * 500);

    let count = |body: &str| body.matches("class=\"pilcrow\"").count();
    let first = get(&app, &format!("/statements/{id}")).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(count(&first.body), 500);
    assert!(first.body.contains("?part=2"), "no link to the next part");
    assert!(first.body.contains(&format!("/statements/{id}.txt")));

    let last = get(&app, &format!("/statements/{id}?part={last_part}")).await;
    assert_eq!(last.status, StatusCode::OK);
    assert_eq!(count(&last.body), total - (last_part - 1) * 500);
    assert!(
        last.body.contains(&format!("id=\"p{total}\"")),
        "the last paragraph keeps its number"
    );

    for bad in [format!("{}", last_part + 1), "0".into(), "x".into()] {
        for page in ["/statements", "/api/statements"] {
            let answer = get(&app, &format!("{page}/{id}?part={bad}")).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{page} part={bad}");
            assert!(answer.body.contains("part"), "{}", answer.body);
        }
    }
}

#[test]
fn a_search_past_its_deadline_stops_with_too_slow() {
    use statement_archive::search::{self, SearchError, SearchRequest};
    let archive = fixture_state().archive();
    let on_time = SearchRequest {
        q: "nuclear".into(),
        deadline: Some(std::time::Instant::now() + Duration::from_secs(60)),
        ..SearchRequest::default()
    };
    assert!(search::search(&archive, &on_time).is_ok());
    let late = SearchRequest {
        deadline: Some(std::time::Instant::now()),
        ..on_time
    };
    std::thread::sleep(Duration::from_millis(5));
    assert!(matches!(
        search::search(&archive, &late),
        Err(SearchError::TooSlow)
    ));
}
