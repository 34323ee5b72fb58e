//! Shared set-up: an index of a corpus folder built into a temporary directory, and
//! requests sent through the real router.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use statement_archive::corpus::Corpus;
use statement_archive::index::{self, Archive, IndexOptions};
use statement_archive::web::{AppState, Assets, router};
use tower::ServiceExt;

pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The repository's `static/` folder, as `serve` loads it.
pub fn static_assets() -> Assets {
    Assets::load(&repo_path("static")).expect("static/ loads")
}

/// Builds an index of `corpus_dir` into `index_dir`, without the dictionaries: the small
/// corpora test the thesaurus and gazetteer expansion, which must work without them.
pub fn build_index(corpus_dir: &Path, index_dir: &Path) -> Archive {
    build_with(
        corpus_dir,
        IndexOptions::new(index_dir).without_dictionaries(),
    )
}

fn build_with(corpus_dir: &Path, options: IndexOptions) -> Archive {
    let corpus = Corpus::open(corpus_dir).expect("corpus opens");
    let (archive, _) = index::build(&corpus, &options, &|_| {}).expect("index builds");
    archive
}

/// The app over the repository's own `corpus/` (the four seeds), built once per test run.
pub fn seeds_app() -> Router {
    static STATE: OnceLock<(tempfile::TempDir, AppState)> = OnceLock::new();
    let (_, state) = STATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let archive = build_index(&repo_path("corpus"), dir.path());
        (dir, AppState::new(archive, static_assets()))
    });
    router(state.clone())
}

/// The app over `tests/fixtures/corpus` (a parallel en/ar/ru group, a catalog, bad files).
pub fn fixture_app() -> Router {
    router(fixture_state())
}

/// The state behind [`fixture_app`], built once per test run; a test that changes its limits
/// (`AppState::with_limits`) gets permits of its own.
pub fn fixture_state() -> AppState {
    static STATE: OnceLock<(tempfile::TempDir, AppState)> = OnceLock::new();
    let (_, state) = STATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let archive = build_index(&repo_path("tests/fixtures/corpus"), dir.path());
        (dir, AppState::new(archive, static_assets()))
    });
    state.clone()
}

/// The app state over `../shared/corpus-real` (read in place, never copied), built once per
/// test run; `None`, with a message, when the corpus is not beside the checkout.
pub fn real_state() -> Option<&'static AppState> {
    static STATE: OnceLock<Option<(tempfile::TempDir, AppState)>> = OnceLock::new();
    let state = STATE.get_or_init(|| {
        let corpus = repo_path("../shared/corpus-real");
        if !corpus.join("metadata.jsonl").exists() {
            eprintln!("skipped: {} is not present", corpus.display());
            return None;
        }
        // With the installed dictionaries, as a deployment has them (CI installs them).
        let dir = tempfile::tempdir().expect("tempdir");
        let archive = build_with(&corpus, IndexOptions::new(dir.path()));
        Some((dir, AppState::new(archive, static_assets())))
    });
    state.as_ref().map(|(_, s)| s)
}

pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", &self.body))
    }
}

/// Sends a GET through the router, as a browser or API client would.
pub async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

/// Sends any request through the router.
pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.expect("router answers");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Answer {
        status,
        content_type,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The id of the first hit of an API search.
pub async fn first_hit_id(app: &Router, api_uri: &str) -> String {
    let v = get(app, api_uri).await.json();
    let id = v["hits"][0]["id"].as_str().unwrap_or_default().to_string();
    assert!(!id.is_empty(), "{api_uri} found nothing: {v}");
    id
}

/// Percent-encodes a query-string value.
pub fn enc(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)])
        .expect("encode")
        .trim_start_matches("v=")
        .to_string()
}

/// Copies a folder tree (a corpus with its catalog, or an index folder).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
