//! What every handler shares.

use std::path::PathBuf;
use std::sync::Arc;

use crate::index::Archive;

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
