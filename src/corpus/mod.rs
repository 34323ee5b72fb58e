//! Corpus files → parsed [`Statement`]s.
//!
//! [`Corpus::open`] lists the `.txt` files under a folder and loads its catalog
//! (`metadata.jsonl`); [`Corpus::parse`] turns one file into a `Statement`. The pipeline per file is
//! `decode` → `front_matter` → `boilerplate` → `language` → `metadata` (+ `dates`) →
//! `paragraphs`, then the curated overrides (front matter before catalog before text, field by
//! field) and the gazetteer's actors. Everything but `walk` is a pure function of
//! text, so [`parse_bytes`] parses a document from memory for tests and benchmarks.
//!
//! Architecture invariants: this module knows nothing about tantivy or HTTP; it never writes to
//! the corpus; one bad file is a [`Problem`], never a panic or an abort. `open` keeps only
//! paths and the catalog, so a million-file corpus is streamed by calling `parse` per file from
//! several threads (`Corpus` is `Sync`; compiled data lives in `LazyLock`s).

mod boilerplate;
mod catalog;
mod curation;
mod dates;
mod decode;
mod doctype;
mod duplicates;
pub mod format;
mod front_matter;
mod html;
mod language;
mod metadata;
mod paragraphs;
mod parse;
mod pdf;
mod roles;
mod topics;
mod walk;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::Statement;
use crate::vocab::{gazetteer, thesaurus};

use catalog::CATALOG_FILE;
pub use catalog::CatalogEntry;
pub use duplicates::{duplicate_groups, duplicate_warning, text_hash};
pub use format::Format;
pub use parse::parse_bytes;
pub use topics::MIN_TOPIC_MENTIONS;
pub use walk::Stamp;

/// Bigger files are reported and skipped: no statement is that long, so it is a mistake
/// (a dump, a PDF renamed) and would only slow the index down.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// Bump when parsing changes what gets indexed; it is part of [`parser_fingerprint`].
pub const PARSER_VERSION: u32 = 7;

/// The data files compiled into the parser. A change to any of them changes the fingerprint.
const DATA_FILES: [&str; 7] = [
    boilerplate::DATA,
    language::MARKERS_DATA,
    gazetteer::DATA,
    metadata::PLACES_DATA,
    thesaurus::DATA,
    roles::DATA,
    doctype::DATA,
];

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("cannot open the corpus folder {}", .path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a folder; give the folder that holds the corpus statements (.txt, .html, .pdf)", .path.display())]
    NotADirectory { path: PathBuf },
    #[error("cannot list the corpus folder {}", .path.display())]
    Walk {
        path: PathBuf,
        #[source]
        source: walkdir::Error,
    },
}

/// A file that could not be used, and why (for the index report and the `check` command).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Corpus-relative, `/`-separated.
    pub path: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// An opened corpus: its file list and catalog, not its contents.
#[derive(Debug)]
pub struct Corpus {
    root: PathBuf,
    files: Vec<String>,
    /// The catalog, open, and where each file's row lies in it (by index in `files`): rows are
    /// read when their file is parsed, not held in memory.
    catalog: Option<(std::fs::File, Vec<Option<catalog::RowSpan>>)>,
    problems: Vec<Problem>,
}

impl Corpus {
    /// Walks `root` recursively for `.txt` files (sorted, `/`-separated relative paths) and loads
    /// `metadata.jsonl` at the root if present. Hidden dirs skipped; symlinks not followed out of
    /// the root. Only an unusable root is an error; everything else is a [`Problem`].
    pub fn open(root: &Path) -> Result<Corpus, CorpusError> {
        let (files, mut problems) = walk::list_files(root)?;
        let file_index = |path: &str| files.binary_search_by(|f| f.as_str().cmp(path)).ok();
        let scanned = walk::open_catalog(root, CATALOG_FILE).and_then(|opened| {
            opened
                .map(|file| {
                    let reader = std::io::BufReader::with_capacity(1 << 16, &file);
                    let index = catalog::index_catalog(reader, files.len(), &file_index)?;
                    Ok((file, index))
                })
                .transpose()
        });
        let catalog = match scanned {
            Ok(None) => None,
            Ok(Some((file, index))) => {
                problems.extend(index.problems);
                Some((file, index.rows))
            }
            Err(err) => {
                problems.push(Problem {
                    path: CATALOG_FILE.to_string(),
                    reason: format!("cannot be read: {err}"),
                });
                None
            }
        };
        tracing::debug!(
            n_files = files.len(),
            n_catalog_entries = catalog
                .as_ref()
                .map_or(0, |(_, rows)| rows.iter().flatten().count()),
            n_problems = problems.len(),
            "corpus opened"
        );
        Ok(Corpus {
            root: root.to_path_buf(),
            files,
            catalog,
            problems,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Sorted corpus-relative paths of the `.txt` files.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// Problems found while opening: unreadable catalog lines (line number + reason), catalog
    /// entries whose file is missing, unlistable entries. Never fatal.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The catalog row for a file, if the catalog has one (read from the catalog file).
    pub fn catalog_entry(&self, rel_path: &str) -> Option<CatalogEntry> {
        let idx = self
            .files
            .binary_search_by(|f| f.as_str().cmp(rel_path))
            .ok()?;
        self.catalog_row(idx).ok().flatten()
    }

    /// The catalog row of the `idx`-th file: `Ok(None)` when it has none, an error when the
    /// catalog changed since [`Corpus::open`] and the row no longer reads.
    fn catalog_row(&self, idx: usize) -> Result<Option<CatalogEntry>, String> {
        let Some((file, rows)) = &self.catalog else {
            return Ok(None);
        };
        let Some(span) = rows.get(idx).copied().flatten() else {
            return Ok(None);
        };
        let mut bytes = vec![0; span.len as usize];
        walk::read_at(file, span.offset, &mut bytes)
            .map_err(|err| format!("{CATALOG_FILE} cannot be read again: {err}"))?;
        catalog::read_row(&bytes, span).map(Some)
    }

    /// Reads and parses one file. Never panics; every failure is a Problem (not text, empty
    /// after cleaning, too big, unreadable). Only paths listed by [`Corpus::files`] are read,
    /// so a caller cannot make it read outside the corpus.
    pub fn parse(&self, rel_path: &str) -> Result<Statement, Problem> {
        self.read(rel_path).parsed
    }

    /// As [`Corpus::parse`], with what an index records to tell later whether the file
    /// changed: its stamp and the hash of its bytes and of its catalog row.
    #[tracing::instrument(level = "debug", skip(self))]
    pub fn read(&self, rel_path: &str) -> Read {
        let problem = |reason: String| Problem {
            path: rel_path.to_string(),
            reason,
        };
        let mut read = Read {
            state: None,
            parsed: Err(problem(
                "is not a statement file of this corpus".to_string(),
            )),
        };
        let Ok(idx) = self.files.binary_search_by(|f| f.as_str().cmp(rel_path)) else {
            return read;
        };
        let max = Format::of(Path::new(rel_path)).map_or(MAX_FILE_BYTES, Format::max_bytes);
        let (bytes, stamp) = match walk::read_file(&self.root, rel_path, max) {
            Ok(read) => read,
            Err(reason) => {
                read.parsed = Err(problem(reason));
                return read;
            }
        };
        read.state = Some(FileState {
            stamp,
            content: catalog::short_hash(&bytes),
            row: self.row_hash_at(idx),
        });
        read.parsed = self
            .catalog_row(idx)
            .map_err(problem)
            .and_then(|entry| parse_bytes(rel_path, &bytes, entry.as_ref()));
        read
    }

    /// The file's size and modification time now; `None` when it is gone (or never was).
    pub fn stamp(&self, rel_path: &str) -> Option<Stamp> {
        walk::file_stamp(&self.root, rel_path)
    }

    /// The hash of the `idx`-th file's catalog row, as [`Corpus::open`] read it.
    pub fn row_hash_at(&self, idx: usize) -> Option<u64> {
        let (_, rows) = self.catalog.as_ref()?;
        rows.get(idx).copied().flatten().map(|span| span.hash)
    }

    /// The hash of a file's bytes now (as [`FileState::content`]), for a file whose stamp
    /// changed: touched but the same, or really changed.
    pub fn content_hash(&self, rel_path: &str) -> Option<u64> {
        self.files
            .binary_search_by(|f| f.as_str().cmp(rel_path))
            .ok()?;
        let max = Format::of(Path::new(rel_path)).map_or(MAX_FILE_BYTES, Format::max_bytes);
        let (bytes, _) = walk::read_file(&self.root, rel_path, max).ok()?;
        Some(catalog::short_hash(&bytes))
    }
}

/// The bytes of the file `rel_path` under the corpus folder `root`, as the archive received
/// it (a page, a PDF), and its format, for readers who want the original; the error says why
/// there is none.
pub fn read_original(root: &Path, rel_path: &str) -> Result<(Vec<u8>, Format), String> {
    walk::read_original(root, rel_path)
}

/// What an index keeps of a corpus file to tell later whether it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileState {
    pub stamp: Stamp,
    /// Hash of the file's bytes.
    pub content: u64,
    /// Hash of its catalog row; `None` without one.
    pub row: Option<u64>,
}

/// One file read: its state (when it could be read at all) and the statement or the reason
/// it was skipped.
pub struct Read {
    pub state: Option<FileState>,
    pub parsed: Result<Statement, Problem>,
}

/// Changes whenever parsing could make a different statement of the same file: the
/// [`PARSER_VERSION`] and the compiled-in data files. Hex string.
pub fn parser_fingerprint() -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"statement-archive parser\0");
    hasher.update(&PARSER_VERSION.to_le_bytes());
    for data in DATA_FILES {
        hasher.update(&(data.len() as u64).to_le_bytes());
        hasher.update(data.as_bytes());
    }
    hasher.finalize().to_hex()[..16].to_string()
}
