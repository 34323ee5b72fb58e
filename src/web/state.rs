//! What every handler shares.

use std::sync::Arc;

use super::assets::Assets;
use super::error::WebError;
use crate::index::Archive;
use crate::model::{DocId, Statement};
use crate::search::related::{self, Neighbours};

#[derive(Clone)]
pub struct AppState {
    pub archive: Arc<Archive>,
    /// The files served under `/static/`, read once at start-up.
    pub assets: Arc<Assets>,
    /// The site's public address (`https://archive.example.org`) for citations and feeds;
    /// without it, the request's `Host` is used.
    pub public_url: Option<String>,
}

impl AppState {
    pub fn new(archive: Archive, assets: Assets) -> AppState {
        AppState {
            archive: Arc::new(archive),
            assets: Arc::new(assets),
            public_url: None,
        }
    }

    /// Sets the public address; a trailing `/` is dropped.
    pub fn with_public_url(mut self, url: Option<String>) -> AppState {
        self.public_url = url.map(|u| u.trim_end_matches('/').to_string());
        self
    }

    /// The site's absolute address: the configured one, or `http://` and the request's `Host`
    /// when that is a plain host name (anything else could inject text into citations).
    pub fn site_url(&self, headers: &axum::http::HeaderMap) -> String {
        if let Some(url) = &self.public_url {
            return url.clone();
        }
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.len() <= 255
                    && h.bytes().all(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
                    })
            })
            .unwrap_or("localhost");
        format!("http://{host}")
    }

    /// One statement with its translations and related statements; 404 for an unknown id.
    pub async fn statement(&self, raw_id: &str) -> Result<(Statement, Neighbours), WebError> {
        let missing =
            || WebError::not_found(format!("There is no statement “{raw_id}” in the archive."));
        let id = DocId::parse(raw_id).ok_or_else(missing)?;
        let found = self
            .blocking(move |a| -> Result<_, WebError> {
                let Some(st) = a.statement(&id)? else {
                    return Ok(None);
                };
                let neighbours = related::neighbours(a, &st)?;
                Ok(Some((st, neighbours)))
            })
            .await??;
        found.ok_or_else(missing)
    }

    /// Runs index work off the async runtime: tantivy searches are blocking calls.
    pub async fn blocking<T, F>(&self, work: F) -> Result<T, tokio::task::JoinError>
    where
        F: FnOnce(&crate::index::Archive) -> T + Send + 'static,
        T: Send + 'static,
    {
        let archive = Arc::clone(&self.archive);
        tokio::task::spawn_blocking(move || work(&archive)).await
    }
}
