//! What every handler shares.

use std::path::PathBuf;
use std::sync::Arc;

use super::error::WebError;
use crate::index::Archive;
use crate::model::{DocId, Statement};
use crate::search::related::{self, Neighbours};

#[derive(Clone)]
pub struct AppState {
    pub archive: Arc<Archive>,
    /// The folder served under `/static/`.
    pub static_dir: PathBuf,
}

impl AppState {
    pub fn new(archive: Archive, static_dir: impl Into<PathBuf>) -> AppState {
        AppState {
            archive: Arc::new(archive),
            static_dir: static_dir.into(),
        }
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
