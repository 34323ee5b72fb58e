//! The live generation brought up to date with the corpus: the corpus compared with the
//! generation's manifest, and only the difference indexed, into a new generation that shares
//! the live one's unchanged segments (hard links). A full build happens only when the
//! statements of unchanged files could differ too: another schema, parser or data files, or
//! other dictionaries; or when there is no usable live generation.

use std::time::Instant;

use rayon::prelude::*;
use tantivy::Index;

use super::build::{self, BuildEvent, BuildKind, BuildReport};
use super::generation::{self, Pointer};
use super::manifest::{self, Entry, Manifest};
use super::merges::Writing;
use super::release::ReleasingDirectory;
use super::{Archive, IndexError, IndexOptions};
use crate::corpus::{Corpus, FileState};
use crate::model::DocId;

/// How the corpus differs from what a generation was built from.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Files the generation never read (or could not read).
    pub added: Vec<String>,
    /// Files whose bytes or catalog row changed.
    pub changed: Vec<String>,
    /// Files the generation read that the corpus no longer has.
    pub removed: Vec<String>,
    /// Files the same as before (some only touched: new stamp, same bytes).
    pub unchanged: usize,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Whether the live generation can be updated, or why it must be rebuilt.
pub enum Base {
    /// The live generation and what it was built from.
    Live(Pointer, Manifest),
    /// A full build is needed, for this reason.
    Rebuild(String),
}

/// Reads the live generation's pointer and manifest and says whether an update can start
/// from them.
pub fn base(options: &IndexOptions) -> Result<Base, IndexError> {
    let Some(pointer) = generation::read_current(&options.index_dir)? else {
        return Ok(Base::Rebuild("there is no index yet".to_string()));
    };
    let wanted = super::fingerprint(options);
    if pointer.fingerprint != wanted {
        return Ok(Base::Rebuild(rebuild_reason(&pointer.fingerprint, &wanted)));
    }
    let dir = generation::generation_dir(&options.index_dir, &pointer.name);
    match manifest::read(&dir) {
        Ok(Some(manifest)) => Ok(Base::Live(pointer, manifest)),
        Ok(None) => Ok(Base::Rebuild(
            "the live index does not record what it was built from".to_string(),
        )),
        Err(e) => Ok(Base::Rebuild(format!("{e}"))),
    }
}

/// Which part of the fingerprint (`s<schema>-<parser>-<dictionaries>`) differs, in words.
fn rebuild_reason(had: &str, wanted: &str) -> String {
    let had: Vec<&str> = had.split('-').collect();
    let wanted: Vec<&str> = wanted.split('-').collect();
    let part = |i: usize| had.get(i) != wanted.get(i);
    if had.len() != wanted.len() || part(0) {
        "the index format changed".to_string()
    } else if part(1) {
        "the parser or its data files (gazetteer, thesaurus, rules) changed".to_string()
    } else {
        "the installed dictionaries changed".to_string()
    }
}

/// Compares the corpus with `manifest`. Files are stat-ed (in parallel); only a file whose
/// stamp changed while its catalog row did not is read, to tell a touched file from a changed
/// one.
pub fn diff(corpus: &Corpus, manifest: &Manifest) -> (Changes, Vec<Restamp>) {
    enum Verdict {
        Added,
        Changed,
        Removed,
        Same,
        Touched(FileState),
    }
    let verdicts: Vec<Verdict> = corpus
        .files()
        .par_iter()
        .enumerate()
        .map(|(idx, path)| {
            let Some(entry) = manifest.get(path) else {
                return Verdict::Added;
            };
            let Some(stamp) = corpus.stamp(path) else {
                return Verdict::Removed;
            };
            let row = corpus.row_hash_at(idx);
            if row != entry.state.row {
                return Verdict::Changed;
            }
            if stamp == entry.state.stamp {
                return Verdict::Same;
            }
            match corpus.content_hash(path) {
                Some(content) if content == entry.state.content => Verdict::Touched(FileState {
                    stamp,
                    content,
                    row,
                }),
                _ => Verdict::Changed,
            }
        })
        .collect();
    let mut changes = Changes::default();
    let mut restamped = Vec::new();
    for (path, verdict) in corpus.files().iter().zip(verdicts) {
        match verdict {
            Verdict::Added => changes.added.push(path.clone()),
            Verdict::Changed => changes.changed.push(path.clone()),
            Verdict::Removed => changes.removed.push(path.clone()),
            Verdict::Same => changes.unchanged += 1,
            Verdict::Touched(state) => {
                changes.unchanged += 1;
                restamped.push(Restamp {
                    path: path.clone(),
                    state,
                });
            }
        }
    }
    // Gone from the corpus listing altogether.
    let mut listed = corpus.files().iter().peekable();
    for entry in &manifest.entries {
        while listed
            .next_if(|p| p.as_str() < entry.path.as_str())
            .is_some()
        {}
        if listed.peek().is_none_or(|p| p.as_str() != entry.path) {
            changes.removed.push(entry.path.clone());
        }
    }
    changes.removed.sort();
    (changes, restamped)
}

/// A file whose stamp changed but not its bytes: the manifest takes the new stamp.
#[derive(Debug, Clone)]
pub struct Restamp {
    pub path: String,
    pub state: FileState,
}

/// What [`refresh`] found or did.
pub enum Refreshed {
    /// The live generation matches the corpus (it is not opened here).
    Current(Pointer),
    /// A new generation, built or updated, is live.
    Built(Box<Archive>, BuildReport),
}

/// Applies the corpus' changes to the live generation, or builds a new one when it must
/// (the report says why); when the live generation matches the corpus, says so.
pub fn refresh(
    corpus: &Corpus,
    options: &IndexOptions,
    on_event: &(dyn Fn(BuildEvent) + Sync),
) -> Result<Refreshed, IndexError> {
    // Without the lock first: serving an unchanged corpus must not wait for a build.
    let compared = match base(options)? {
        Base::Live(pointer, manifest) => {
            let (changes, restamped) = diff(corpus, &manifest);
            if changes.is_empty() && restamped.is_empty() {
                return Ok(Refreshed::Current(pointer));
            }
            Some((pointer, manifest, changes, restamped))
        }
        Base::Rebuild(_) => None,
    };
    build::create_index_dir(options)?;
    let _lock = generation::lock(&options.index_dir)?;
    // Again under the lock, unless the live generation is still the one compared with:
    // another build may have run meanwhile (stat-ing a million files takes a second or two).
    let live = generation::read_current(&options.index_dir)?;
    let (pointer, manifest, changes, restamped) = match compared {
        Some(compared) if live.as_ref() == Some(&compared.0) => compared,
        _ => match base(options)? {
            Base::Live(pointer, manifest) => {
                let (changes, restamped) = diff(corpus, &manifest);
                (pointer, manifest, changes, restamped)
            }
            Base::Rebuild(reason) => {
                let (archive, report) = build::build_locked(corpus, options, reason, on_event)?;
                return Ok(Refreshed::Built(Box::new(archive), report));
            }
        },
    };
    if changes.is_empty() {
        if !restamped.is_empty() {
            // Touched files: the manifest takes their new stamps, so the next comparison
            // need not read them again.
            let dir = generation::generation_dir(&options.index_dir, &pointer.name);
            let updates = restamped_updates(&manifest, restamped);
            write_manifest(&dir, &merged(&manifest, updates))?;
        }
        return Ok(Refreshed::Current(pointer));
    }
    let (archive, report) = apply(
        corpus, options, &pointer, &manifest, &changes, restamped, on_event,
    )?;
    Ok(Refreshed::Built(Box::new(archive), report))
}

/// Writes `changes` into a new generation derived from `pointer`'s and makes it live. The
/// changed and removed statements are deleted by id first (a delete in tantivy applies to the
/// documents added before it), then the new and changed files are read in.
fn apply(
    corpus: &Corpus,
    options: &IndexOptions,
    pointer: &Pointer,
    manifest: &Manifest,
    changes: &Changes,
    restamped: Vec<Restamp>,
    on_event: &(dyn Fn(BuildEvent) + Sync),
) -> Result<(Archive, BuildReport), IndexError> {
    let started = Instant::now();
    let (name, dir) = generation::derive(&options.index_dir, &pointer.name)?;
    let result = (|| {
        let index = ReleasingDirectory::open(&dir)
            .map_err(tantivy::TantivyError::from)
            .and_then(Index::open)
            .map_err(|source| IndexError::Tantivy {
                context: format!("cannot open the index in {}", dir.display()),
                source,
            })?;
        let to_read: Vec<&str> = changes
            .added
            .iter()
            .chain(&changes.changed)
            .map(String::as_str)
            .collect();
        let delete: Vec<DocId> = changes
            .changed
            .iter()
            .chain(&changes.removed)
            .filter(|path| manifest.get(path).is_some_and(|e| e.indexed))
            .map(|path| DocId::from_path(path))
            .collect();
        let ingested = build::ingest(
            corpus,
            &index,
            options,
            &to_read,
            &delete,
            Writing::Update,
            on_event,
        )?;
        let mut updates = restamped_updates(manifest, restamped);
        for (path, state) in to_read.iter().zip(&ingested.states) {
            updates.push((
                path.to_string(),
                state.map(|(state, indexed)| Entry {
                    path: path.to_string(),
                    state,
                    indexed,
                }),
            ));
        }
        updates.extend(changes.removed.iter().map(|path| (path.clone(), None)));
        let entries = merged(manifest, updates);
        write_manifest(&dir, &entries)?;
        let expected = entries.iter().filter(|e| e.indexed).count() as u64;
        Ok((ingested, expected))
    })();
    let (ingested, expected) = match result {
        Ok(done) => done,
        Err(e) => {
            generation::discard(&dir);
            return Err(e);
        }
    };
    let kind = BuildKind::Update {
        added: changes.added.len(),
        changed: changes.changed.len(),
        removed: changes.removed.len(),
        unchanged: changes.unchanged,
    };
    build::go_live(corpus, options, &name, expected, ingested, kind, started)
}

/// The touched files' new stamps, as manifest updates (indexed or not as before).
fn restamped_updates(manifest: &Manifest, restamped: Vec<Restamp>) -> Vec<(String, Option<Entry>)> {
    restamped
        .into_iter()
        .map(|r| {
            let indexed = manifest.get(&r.path).is_some_and(|e| e.indexed);
            let entry = Entry {
                path: r.path.clone(),
                state: r.state,
                indexed,
            };
            (r.path, Some(entry))
        })
        .collect()
}

/// The manifest with `updates` applied: an entry replaced, added, or (with `None`) dropped.
/// The updates name distinct paths.
fn merged(manifest: &Manifest, mut updates: Vec<(String, Option<Entry>)>) -> Vec<Entry> {
    updates.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::with_capacity(manifest.entries.len() + updates.len());
    let mut updates = updates.into_iter().peekable();
    for entry in &manifest.entries {
        while let Some((_, update)) = updates.next_if(|(p, _)| p.as_str() < entry.path.as_str()) {
            out.extend(update);
        }
        match updates.next_if(|(p, _)| *p == entry.path) {
            Some((_, update)) => out.extend(update),
            None => out.push(entry.clone()),
        }
    }
    out.extend(updates.flat_map(|(_, update)| update));
    out
}

fn write_manifest(dir: &std::path::Path, entries: &[Entry]) -> Result<(), IndexError> {
    manifest::write(
        dir,
        entries
            .iter()
            .map(|e| (e.path.as_str(), e.state, e.indexed)),
    )
}

/// What is live and how the corpus differs from it, read from `CURRENT` and the manifest
/// alone (the index is not opened): `statement-archive status`.
#[derive(Debug, Clone)]
pub struct Status {
    pub generation: String,
    pub built_at: Option<std::time::SystemTime>,
    /// Statements in the live generation.
    pub statements: usize,
    /// Files the live generation read but could not index.
    pub skipped: Vec<String>,
    /// Why the next run will rebuild everything, if it will.
    pub rebuild: Option<String>,
    /// The corpus' changes not yet indexed (when a corpus was given and no rebuild is due).
    pub pending: Option<Changes>,
}

/// The live generation's status against `corpus`; `Ok(None)` when there is no index yet.
pub fn status(
    options: &IndexOptions,
    corpus: Option<&Corpus>,
) -> Result<Option<Status>, IndexError> {
    let Some(pointer) = generation::read_current(&options.index_dir)? else {
        return Ok(None);
    };
    let (rebuild, manifest) = match base(options)? {
        Base::Live(_, manifest) => (None, Some(manifest)),
        Base::Rebuild(reason) => {
            let dir = generation::generation_dir(&options.index_dir, &pointer.name);
            (Some(reason), manifest::read(&dir).ok().flatten())
        }
    };
    let pending = match (&rebuild, corpus, &manifest) {
        (None, Some(corpus), Some(manifest)) => Some(diff(corpus, manifest).0),
        _ => None,
    };
    Ok(Some(Status {
        built_at: generation::made_at(&pointer.name),
        generation: pointer.name,
        statements: manifest.as_ref().map_or(0, Manifest::indexed),
        skipped: manifest
            .iter()
            .flat_map(|m| &m.entries)
            .filter(|e| !e.indexed)
            .map(|e| e.path.clone())
            .collect(),
        rebuild,
        pending,
    }))
}
