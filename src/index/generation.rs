//! Index generations: `<index>/generations/<name>/` plus a `CURRENT` pointer file.
//!
//! A build writes a complete new generation; only then is `CURRENT` replaced, by writing a
//! temp file in the same directory, fsyncing it and renaming it over the old pointer (rename
//! is atomic only within one file system, which is why the temp file sits next to the target,
//! as in tantivy's `MmapDirectory::atomic_write`). A crash at any point leaves the old index live.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::IndexError;

const CURRENT: &str = "CURRENT";
const GENERATIONS: &str = "generations";
/// Held (an advisory `flock`) by the one build that may write generations at a time.
const LOCK: &str = "LOCK";
/// In each generation: share-locked by every process that has the generation open, so
/// pruning (which needs it exclusively) never removes a generation someone still serves.
const SERVING: &str = "SERVING";

/// The index folder's build lock; released when dropped (or when the process dies, so a
/// crashed build never leaves it held).
#[derive(Debug)]
pub struct BuildLock {
    _file: fs::File,
}

/// Takes the build lock of `index_dir`, waiting while another build holds it: two builds at
/// once would race to switch `CURRENT` and prune each other's generations.
pub fn lock(index_dir: &Path) -> Result<BuildLock, IndexError> {
    let path = index_dir.join(LOCK);
    let io = |source| IndexError::Io {
        path: path.clone(),
        source,
    };
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            tracing::warn!(
                "another build of {} is running; waiting for it to finish",
                index_dir.display()
            );
            file.lock().map_err(io)?;
        }
        Err(fs::TryLockError::Error(source)) => return Err(io(source)),
    }
    Ok(BuildLock { _file: file })
}

/// What `CURRENT` points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer {
    /// Directory name under `generations/`.
    pub name: String,
    /// The corpus fingerprint the generation was built from.
    pub fingerprint: String,
}

impl Pointer {
    fn render(&self) -> String {
        format!("{}\n{}\n", self.name, self.fingerprint)
    }

    fn parse(text: &str) -> Option<Pointer> {
        let mut lines = text.lines();
        let name = lines.next()?.trim();
        let fingerprint = lines.next()?.trim();
        let plain = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        (plain(name) && plain(fingerprint)).then(|| Pointer {
            name: name.to_string(),
            fingerprint: fingerprint.to_string(),
        })
    }
}

pub fn generation_dir(index_dir: &Path, name: &str) -> PathBuf {
    index_dir.join(GENERATIONS).join(name)
}

/// Reads `CURRENT`; `Ok(None)` when there is no index yet.
pub fn read_current(index_dir: &Path) -> Result<Option<Pointer>, IndexError> {
    let path = index_dir.join(CURRENT);
    match fs::read_to_string(&path) {
        Ok(text) => Pointer::parse(&text)
            .map(Some)
            .ok_or(IndexError::BadPointer { path }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(IndexError::Io { path, source }),
    }
}

/// Creates a fresh, empty generation directory with a unique, time-ordered name.
pub fn create(index_dir: &Path) -> Result<(String, PathBuf), IndexError> {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let name = format!("{stamp:015}-{}", std::process::id());
    let dir = generation_dir(index_dir, &name);
    fs::create_dir_all(&dir).map_err(|source| IndexError::Io {
        path: dir.clone(),
        source,
    })?;
    Ok((name, dir))
}

/// Creates a new generation holding what `from` holds: its files hard-linked (tantivy never
/// changes a file once written, so the two share them safely), or copied where links are
/// refused. An update then writes its new segments and deletions into the new generation
/// alone, and the live one is untouched until `CURRENT` moves.
pub fn derive(index_dir: &Path, from: &str) -> Result<(String, PathBuf), IndexError> {
    let source = generation_dir(index_dir, from);
    let (name, dir) = create(index_dir)?;
    let io = |path: PathBuf| move |source| IndexError::Io { path, source };
    let entries = fs::read_dir(&source).map_err(io(source.clone()))?;
    for entry in entries {
        let entry = entry.map_err(io(source.clone()))?;
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        // Ours, rewritten per generation, and tantivy's lock files.
        let skip = file_name == SERVING
            || file_name.starts_with(".tantivy-")
            || file_name.ends_with(".tmp")
            || file_name == super::manifest::FILE;
        if skip || !entry.file_type().map_err(io(entry.path()))?.is_file() {
            continue;
        }
        let to = dir.join(file_name);
        if fs::hard_link(entry.path(), &to).is_err() {
            fs::copy(entry.path(), &to).map_err(io(to.clone()))?;
        }
    }
    Ok((name, dir))
}

/// A generation's `SERVING` lock, held shared while the generation is open.
#[derive(Debug)]
pub struct Serving {
    _file: fs::File,
}

/// Marks the generation in `dir` as served for as long as the result lives. `None` when the
/// lock file cannot be made (a read-only index folder): the generation is then served
/// unmarked, as before this lock existed.
pub fn serving(dir: &Path) -> Option<Serving> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(SERVING))
        .ok()?;
    file.lock_shared().ok()?;
    Some(Serving { _file: file })
}

/// Whether some process has the generation in `dir` open (holds its `SERVING` lock).
fn is_served(dir: &Path) -> bool {
    let Ok(file) = fs::OpenOptions::new().write(true).open(dir.join(SERVING)) else {
        return false;
    };
    matches!(file.try_lock(), Err(fs::TryLockError::WouldBlock))
}

/// When the generation was made, from its name (milliseconds since the epoch first).
pub fn made_at(name: &str) -> Option<SystemTime> {
    let millis: u64 = name.split('-').next()?.parse().ok()?;
    UNIX_EPOCH.checked_add(std::time::Duration::from_millis(millis))
}

/// Atomically points `CURRENT` at `pointer`.
pub fn switch(index_dir: &Path, pointer: &Pointer) -> Result<(), IndexError> {
    let target = index_dir.join(CURRENT);
    let tmp = index_dir.join(format!("{CURRENT}.{}.tmp", std::process::id()));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| IndexError::Io { path, source }
    };
    let mut file = fs::File::create(&tmp).map_err(io(&tmp))?;
    file.write_all(pointer.render().as_bytes())
        .map_err(io(&tmp))?;
    file.sync_all().map_err(io(&tmp))?;
    drop(file);
    fs::rename(&tmp, &target).map_err(io(&target))?;
    // Make the rename itself durable.
    if let Ok(dir) = fs::File::open(index_dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Removes every generation but the live one, `previous` (the one live before it, which a
/// server may be about to leave) and any that a process still has open (its `SERVING` lock).
/// Abandoned generations (a build that crashed or failed its checks) go too, so a crashed
/// build never takes the place of the last good one. Call with the build lock held; failures
/// are ignored: pruning is housekeeping, and the next build tries again.
pub fn prune(index_dir: &Path, live: &str, previous: Option<&str>) {
    let Ok(entries) = fs::read_dir(index_dir.join(GENERATIONS)) else {
        return;
    };
    for name in entries.filter_map(|e| e.ok()?.file_name().into_string().ok()) {
        let dir = generation_dir(index_dir, &name);
        if name != live && Some(name.as_str()) != previous && !is_served(&dir) {
            let _ = fs::remove_dir_all(dir);
        }
    }
}

/// Removes one generation directory (a build that failed its checks).
pub fn discard(dir: &Path) {
    let _ = fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pointer_round_trips_and_rejects_garbage() {
        let p = Pointer {
            name: "000000001-42".into(),
            fingerprint: "abc123".into(),
        };
        assert_eq!(Pointer::parse(&p.render()), Some(p));
        assert_eq!(Pointer::parse("../../etc\nx"), None);
        assert_eq!(Pointer::parse("only-one-line"), None);
    }

    #[test]
    fn switch_replaces_current_and_prune_keeps_live_and_previous() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        let mut names = Vec::new();
        for _ in 0..3 {
            let (name, _) = create(root).expect("create");
            names.push(name);
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let live = names[2].clone();
        let pointer = Pointer {
            name: live.clone(),
            fingerprint: "f".into(),
        };
        switch(root, &pointer).expect("switch");
        assert_eq!(read_current(root).expect("read"), Some(pointer));
        // names[0] was live before; names[1] is a build that crashed after it.
        prune(root, &live, Some(&names[0]));
        assert!(
            generation_dir(root, &names[0]).exists(),
            "the last good one"
        );
        assert!(!generation_dir(root, &names[1]).exists(), "the crashed one");
        assert!(generation_dir(root, &live).exists());
    }

    #[test]
    fn a_second_build_lock_waits_for_the_first() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let first = lock(tmp.path()).expect("first lock");
        let root = tmp.path().to_path_buf();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let second = lock(&root).expect("second lock");
            let _ = tx.send(());
            drop(second);
        });
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(300))
                .is_err(),
            "the second build went ahead while the first held the lock"
        );
        drop(first);
        rx.recv_timeout(std::time::Duration::from_secs(5))
            .expect("the second build goes ahead once the first is done");
        waiter.join().expect("the waiter ends");
    }

    proptest! {
        /// `CURRENT` as written is read back as it was.
        #[test]
        fn pointers_round_trip(name in "[a-zA-Z0-9_-]{1,40}", fingerprint in "[a-zA-Z0-9_-]{1,60}") {
            let p = Pointer { name, fingerprint };
            prop_assert_eq!(Pointer::parse(&p.render()), Some(p));
        }

        /// Any content of `CURRENT` is read without a panic, and what is accepted names a
        /// plain folder (no `/`, `..` or spaces to escape `generations/` with).
        #[test]
        fn any_current_file_is_read_safely(text in "\\PC{0,80}(\n\\PC{0,40}){0,3}") {
            if let Some(p) = Pointer::parse(&text) {
                prop_assert!(p.name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
                prop_assert_eq!(Pointer::parse(&p.render()), Some(p.clone()));
            }
        }
    }
}
