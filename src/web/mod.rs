//! The web edge: HTML pages, the JSON API and static files.
//!
//! Architecture invariant: this is the only module that knows HTTP, HTML and JSON; it never
//! panics or answers 500 on user input.

mod api;
mod assets;
mod cite;
mod downloads;
mod error;
mod feeds;
mod pages;
mod params;
mod profiles;
mod server;
mod state;
mod timeline;
mod view;

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::routing::get;
use tower_http::compression::predicate::{NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, DefaultPredicate};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use assets::{AssetError, Assets};
pub use error::WebError;
pub use server::{ServerLimits, listen, serve, shutdown_signal};
pub use state::{AppState, Limits};

/// Longest a request may take before it is answered 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// The whole site. `serve` and the tests both call this, so tests drive the real thing.
pub fn router(state: AppState) -> Router {
    // WOFF and WOFF2 are compressed already; compressing them again costs CPU and saves nothing.
    let compress = DefaultPredicate::new().and(NotForContentType::const_new("font/woff"));
    Router::new()
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/search.atom", get(feeds::atom))
        .route("/search.csv", get(feeds::csv))
        .route("/search.jsonl", get(feeds::jsonl))
        .route("/opensearch.xml", get(feeds::opensearch))
        .route("/sitemap.xml", get(feeds::sitemap_index))
        .route("/sitemaps/{file}", get(feeds::sitemap))
        .route("/statements/{id}", get(pages::statement))
        .route("/statements/{id}/compare/{other}", get(pages::compare))
        .route("/statements/{id}/original", get(downloads::original))
        .route("/actors", get(profiles::actors))
        .route("/actors/{id}", get(profiles::actor))
        .route("/topics", get(profiles::topics))
        .route("/topics/{id}", get(profiles::topic))
        .route("/api/search", get(api::search))
        .route("/api/statements/{id}", get(api::statement))
        .route("/api/analyze", get(api::analyze))
        .route("/api/status", get(api::status))
        .route("/api/suggest", get(api::suggest))
        .route("/healthz", get(healthz))
        .route("/static/{*path}", get(assets::file))
        .fallback(pages::not_found)
        .with_state(state)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(CompressionLayer::new().compress_when(compress))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(TraceLayer::new_for_http())
}

/// 200 once the index is open (the router only exists with an open index), with what is
/// live; `/api/status` says more.
async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> String {
    let archive = state.archive();
    format!(
        "ok {} statements, generation {}\n",
        archive.num_docs(),
        archive.pointer().name
    )
}
