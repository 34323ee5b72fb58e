//! The generation a long-running process serves, switched while it serves: when another
//! process makes a new generation live (`statement-archive index`), or when this one applies
//! the corpus' changes itself (`serve --watch`).
//!
//! Requests take the served [`Archive`] as an `Arc` when they start and finish on it, so a
//! switch never fails one in flight; the old generation closes when its last request ends,
//! and only then may a build prune it (its `SERVING` lock).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer, notify};

use super::{Archive, BuildKind, IndexError, IndexOptions, Refreshed, generation};
use crate::corpus::Corpus;

/// The served archive and what a status page says about it.
pub struct Live {
    index_dir: PathBuf,
    current: RwLock<Arc<Archive>>,
    status: Mutex<Status>,
}

/// What is live and what happened lately.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// When this process started serving the current generation.
    pub serving_since: Option<SystemTime>,
    /// The last update this process applied or followed.
    pub last_update: Option<Update>,
    /// Corpus changes seen and not yet applied (`--watch`).
    pub pending: bool,
    /// The last failure to update or to follow, with when it happened; cleared by a success.
    pub last_error: Option<(SystemTime, String)>,
}

/// One update as the status page reports it.
#[derive(Debug, Clone)]
pub struct Update {
    pub at: SystemTime,
    pub what: Happened,
    pub took: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happened {
    /// This process indexed the corpus' changes (`--watch`).
    Applied(BuildKind),
    /// Another process made a new generation live, and this one switched to it.
    Followed,
}

impl Live {
    pub fn new(archive: Archive) -> Live {
        Live {
            index_dir: archive.index_dir().to_path_buf(),
            current: RwLock::new(Arc::new(archive)),
            status: Mutex::new(Status {
                serving_since: Some(SystemTime::now()),
                ..Status::default()
            }),
        }
    }

    /// The archive to answer one request with (held until the answer is made).
    pub fn get(&self) -> Arc<Archive> {
        match self.current.read() {
            Ok(current) => Arc::clone(&current),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    pub fn status(&self) -> Status {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Serves `archive` from now on.
    pub fn replace(&self, archive: Archive) {
        let archive = Arc::new(archive);
        match self.current.write() {
            Ok(mut current) => *current = archive,
            Err(poisoned) => *poisoned.into_inner() = archive,
        }
        self.with_status(|s| s.serving_since = Some(SystemTime::now()));
    }

    /// Switches to the generation `CURRENT` names when it is not the one served (another
    /// process updated the index). `Ok(true)` when it switched.
    pub fn follow(&self) -> Result<bool, IndexError> {
        let Some(pointer) = generation::read_current(&self.index_dir)? else {
            return Ok(false);
        };
        if pointer.name == self.get().pointer().name {
            return Ok(false);
        }
        let started = Instant::now();
        let archive = Archive::open_generation(&self.index_dir, &pointer)?;
        tracing::info!(
            generation = %pointer.name,
            statements = archive.num_docs(),
            "serving the new index generation"
        );
        self.replace(archive);
        self.updated(Happened::Followed, started.elapsed());
        Ok(true)
    }

    /// Records a successful update (which clears the last error).
    fn updated(&self, what: Happened, took: Duration) {
        self.with_status(|s| {
            s.last_error = None;
            s.last_update = Some(Update {
                at: SystemTime::now(),
                what,
                took,
            });
        });
    }

    fn with_status(&self, change: impl FnOnce(&mut Status)) {
        if let Ok(mut status) = self.status.lock() {
            change(&mut status);
        }
    }

    fn failed(&self, error: String) {
        tracing::error!("{error}");
        self.with_status(|s| s.last_error = Some((SystemTime::now(), error)));
    }

    /// Applies the corpus' changes and serves the result.
    fn refresh(&self, corpus_dir: &Path, options: &IndexOptions) {
        self.with_status(|s| s.pending = true);
        let served = self.get().pointer().name.clone();
        let result = Corpus::open(corpus_dir)
            .map_err(IndexError::from)
            .and_then(|corpus| super::refresh(&corpus, options, &|_| {}))
            .and_then(|refreshed| match refreshed {
                Refreshed::Current(pointer) if pointer.name == served => Ok(None),
                // Made live by another process meanwhile.
                Refreshed::Current(pointer) => {
                    Archive::open_generation(&self.index_dir, &pointer).map(|a| Some((a, None)))
                }
                Refreshed::Built(archive, report) => Ok(Some((*archive, Some(report)))),
            });
        self.with_status(|s| s.pending = false);
        match result {
            Ok(None) => {}
            Ok(Some((archive, report))) => {
                self.replace(archive);
                let Some(report) = report else { return };
                tracing::info!(
                    statements = report.total,
                    indexed = report.indexed,
                    took_ms = report.elapsed.as_millis() as u64,
                    "applied the corpus' changes"
                );
                for problem in &report.problems {
                    tracing::warn!("skipped {problem}");
                }
                self.updated(Happened::Applied(report.kind), report.elapsed);
            }
            Err(e) => self.failed(format!("cannot apply the corpus' changes: {e}")),
        }
    }
}

/// Follows `CURRENT` every `every` on a thread of its own, for as long as `live` is used
/// elsewhere: a `statement-archive index` run shows on the site without a restart.
pub fn follow_every(live: &Arc<Live>, every: Duration) {
    let weak = Arc::downgrade(live);
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(every);
            let Some(live) = weak.upgrade() else { return };
            if let Err(e) = live.follow() {
                live.failed(format!("cannot open the new index generation: {e}"));
            }
        }
    });
}

/// How long the corpus must be quiet before a burst of changes is applied: a copy of many
/// files is one update, not one per file.
pub const WATCH_QUIET: Duration = Duration::from_millis(500);

/// A running watch of the corpus folder; dropping it stops the watch.
pub struct Watch {
    _debouncer: Debouncer<notify::RecommendedWatcher>,
}

/// Watches `corpus_dir` and applies its changes to the index as they land (after
/// [`WATCH_QUIET`] without new ones), serving each new generation through `live`. Changes
/// under the index folder (when it sits inside the corpus) are ignored.
pub fn watch(
    corpus_dir: &Path,
    options: IndexOptions,
    live: &Arc<Live>,
) -> Result<Watch, notify::Error> {
    let (tx, rx) = mpsc::channel::<()>();
    // Events name paths under the folder as watched: both canonical, so the index folder
    // inside the corpus is told apart however the two were given.
    let corpus_dir = corpus_dir
        .canonicalize()
        .unwrap_or_else(|_| corpus_dir.to_path_buf());
    let index_dir = options
        .index_dir
        .canonicalize()
        .unwrap_or_else(|_| options.index_dir.clone());
    let mut debouncer = new_debouncer(WATCH_QUIET, move |result: DebounceEventResult| {
        let relevant = match result {
            Ok(events) => events.iter().any(|e| !e.path.starts_with(&index_dir)),
            // A lost event (an overflowing queue): compare everything, to be sure.
            Err(_) => true,
        };
        if relevant {
            let _ = tx.send(());
        }
    })?;
    debouncer
        .watcher()
        .watch(&corpus_dir, notify::RecursiveMode::Recursive)?;
    let weak = Arc::downgrade(live);
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            // Everything that arrived meanwhile is in this one update.
            while rx.try_recv().is_ok() {}
            let Some(live) = weak.upgrade() else { return };
            live.refresh(&corpus_dir, &options);
        }
    });
    Ok(Watch {
        _debouncer: debouncer,
    })
}
