//! What every handler shares.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::assets::Assets;
use super::error::WebError;
use crate::index::Archive;
use crate::index::live::Live;
use crate::model::{DocId, Statement};
use crate::search::related::{self, Neighbours};
use crate::search::{self, ResultCache, SearchError, SearchRequest, SearchResults};

#[derive(Clone)]
pub struct AppState {
    /// The generation served, switched when the index changes (`index::live`).
    live: Arc<Live>,
    permits: Permits,
    pub limits: Limits,
    /// The files served under `/static/`, read once at start-up.
    pub assets: Arc<Assets>,
    /// The site's public address (`https://archive.example.org`) for citations and feeds;
    /// without it, the request's `Host` is used.
    pub public_url: Option<String>,
    /// Recent searches' result lists: the next page of a search needs no new search.
    results: Arc<ResultCache>,
    /// The corpus folder, for the original files (`/statements/{id}/original`).
    corpus_dir: Option<Arc<std::path::PathBuf>>,
}

impl AppState {
    pub fn new(archive: Archive, assets: Assets) -> AppState {
        AppState::serving(Arc::new(Live::new(archive)), assets)
    }

    /// A state over `live`, which something else may switch (a watch, a follower).
    pub fn serving(live: Arc<Live>, assets: Assets) -> AppState {
        let limits = Limits::default();
        AppState {
            live,
            permits: Permits::new(&limits),
            limits,
            assets: Arc::new(assets),
            public_url: None,
            results: Arc::new(ResultCache::default()),
            corpus_dir: None,
        }
    }

    /// Serves the original files from `dir`, the corpus the index was built from.
    pub fn with_corpus(mut self, dir: &std::path::Path) -> AppState {
        self.corpus_dir = Some(Arc::new(dir.to_path_buf()));
        self
    }

    pub fn corpus_dir(&self) -> Option<&std::path::Path> {
        self.corpus_dir.as_deref().map(std::path::PathBuf::as_path)
    }

    /// The archive as it is now: what one request answers from, start to end.
    pub fn archive(&self) -> Arc<Archive> {
        self.live.get()
    }

    pub fn live(&self) -> &Live {
        &self.live
    }

    /// Runs `req` on the blocking pool under a work permit, through the result cache.
    pub async fn search(
        &self,
        req: SearchRequest,
    ) -> Result<Result<SearchResults, SearchError>, WebError> {
        let results = Arc::clone(&self.results);
        self.blocking(move |a| search::search_cached(a, &results, &req))
            .await
    }

    /// Replaces the default limits (tests shorten them).
    pub fn with_limits(mut self, limits: Limits) -> AppState {
        self.permits = Permits::new(&limits);
        self.limits = limits;
        self
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
        self.statement_and(raw_id, |a, st| Ok(related::neighbours(a, st)?))
            .await
    }

    /// One statement alone, for pages that show nothing around it (downloads).
    pub async fn statement_alone(&self, raw_id: &str) -> Result<Statement, WebError> {
        let (st, ()) = self.statement_and(raw_id, |_, _| Ok(())).await?;
        Ok(st)
    }

    /// One statement with its translations only (the compare page lists those, not related).
    pub async fn statement_and_translations(
        &self,
        raw_id: &str,
    ) -> Result<(Statement, Vec<related::Link>), WebError> {
        self.statement_and(raw_id, |a, st| Ok(related::translations(a, st)?))
            .await
    }

    /// One statement and what `around` computes from it, in one blocking call.
    async fn statement_and<X: Send + 'static>(
        &self,
        raw_id: &str,
        around: impl FnOnce(&Archive, &Statement) -> Result<X, WebError> + Send + 'static,
    ) -> Result<(Statement, X), WebError> {
        let missing =
            || WebError::not_found(format!("There is no statement “{raw_id}” in the archive."));
        let id = DocId::parse(raw_id).ok_or_else(missing)?;
        let found = self
            .blocking(move |a| -> Result<_, WebError> {
                let Some(st) = a.statement(&id)? else {
                    return Ok(None);
                };
                let extra = around(a, &st)?;
                Ok(Some((st, extra)))
            })
            .await??;
        found.ok_or_else(missing)
    }

    /// Runs index work off the async runtime (tantivy searches are blocking calls), once a
    /// permit is free: a 503 with `Retry-After` when none frees within the queue wait.
    pub async fn blocking<T, F>(&self, work: F) -> Result<T, WebError>
    where
        F: FnOnce(&crate::index::Archive) -> T + Send + 'static,
        T: Send + 'static,
    {
        self.blocking_on(self.archive(), work).await
    }

    /// As [`AppState::blocking`], on a given archive: an answer made in several calls (an
    /// export) stays on the generation it started on.
    pub async fn blocking_on<T, F>(&self, archive: Arc<Archive>, work: F) -> Result<T, WebError>
    where
        F: FnOnce(&crate::index::Archive) -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = admit(&self.permits.work, self.limits.queue_wait).await?;
        on_blocking_thread(archive, permit, work).await
    }

    /// A place among the exports streaming at once; 503 when none frees within the queue
    /// wait. Exports are the heaviest answers (a 10,000-row export is about a second and a
    /// half of CPU), so beyond these they are refused at once rather than left to queue.
    pub async fn export_slot(&self) -> Result<OwnedSemaphorePermit, WebError> {
        admit(&self.permits.exports, self.limits.queue_wait).await
    }

    /// The next batch of an export, on the export permits: it waits its turn however long
    /// that takes, since the answer has begun and a 503 can no longer be sent. It is asked
    /// for only when the client has read the previous batch, so a client that stops reading
    /// holds no permit and no thread.
    pub async fn export_batch<T, F>(&self, archive: Arc<Archive>, work: F) -> Result<T, WebError>
    where
        F: FnOnce(&crate::index::Archive) -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = Arc::clone(&self.permits.export_work)
            .acquire_owned()
            .await
            .map_err(WebError::internal)?;
        on_blocking_thread(archive, permit, work).await
    }
}

/// Runs `work` on the blocking pool, holding `permit` until it is done.
async fn on_blocking_thread<T, F>(
    archive: Arc<Archive>,
    permit: OwnedSemaphorePermit,
    work: F,
) -> Result<T, WebError>
where
    F: FnOnce(&crate::index::Archive) -> T + Send + 'static,
    T: Send + 'static,
{
    let done = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work(&archive)
    })
    .await;
    done.map_err(WebError::internal)
}

/// The semaphores behind [`Limits`], shared by every clone of the state.
#[derive(Clone)]
struct Permits {
    /// Index work (searches, pages, the start of an export): as many run at once as the
    /// cores can serve, a burst waits briefly, and beyond that the answer is 503.
    work: Arc<Semaphore>,
    /// Export batches, apart from `work`: a 10,000-row export is about a second and a half of
    /// CPU, and exports taking every permit starved the searches (the second soak: 51
    /// requests/s instead of 211).
    export_work: Arc<Semaphore>,
    /// Exports streaming at once, each held until its stream ends or its connection drops (a
    /// client that stops reading is dropped by the socket's write timeout).
    exports: Arc<Semaphore>,
}

impl Permits {
    fn new(limits: &Limits) -> Permits {
        Permits {
            work: Arc::new(Semaphore::new(limits.work)),
            export_work: Arc::new(Semaphore::new(limits.export_work)),
            exports: Arc::new(Semaphore::new(limits.exports)),
        }
    }
}

/// How much a stranger's requests may take of the server at once, and for how long.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Index work running at once (searches, pages, the start of exports).
    pub work: usize,
    /// Export batches being made at once: half the cores, so searches keep the rest.
    pub export_work: usize,
    /// Exports streaming at once.
    pub exports: usize,
    /// The longest an export may stream: a client that reads a trickle, fast enough for the
    /// socket's write timeout, would otherwise hold its export slot for good.
    pub export_time: Duration,
    /// How long a request waits for a permit before the archive answers 503.
    pub queue_wait: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            // Searches are CPU-bound: more at once only queue inside the blocking pool,
            // where nothing can refuse them, and take the cores the runtime needs to answer
            // anything else (`/healthz` waited a second under the soak with four per core).
            work: cores * 2,
            export_work: (cores / 2).max(1),
            // A streaming export holds a socket, one batch and its addresses (under 200 KB),
            // and no thread: enough that 20 clients that never read leave room for others.
            exports: 32,
            export_time: Duration::from_secs(120),
            queue_wait: Duration::from_secs(2),
        }
    }
}

async fn admit(permits: &Arc<Semaphore>, wait: Duration) -> Result<OwnedSemaphorePermit, WebError> {
    match tokio::time::timeout(wait, Arc::clone(permits).acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        // Timed out, or closed (never: nothing closes them).
        _ => Err(WebError::busy()),
    }
}
