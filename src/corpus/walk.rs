//! The only part of `corpus` that touches the file system: listing statement files, reading one
//! file with a size cap, reading the catalog, and stat-ing files for the fingerprint.
//!
//! Listing keeps paths only (a million files is a few tens of MB), never contents. Hidden files
//! and folders are skipped (editor swap files, `.git`). Symbolic links are not followed into
//! folders, so there are no loops and no file is listed twice; a linked *file* is listed only if
//! it resolves to a regular file inside the root, so the corpus cannot leak files from elsewhere.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::time::UNIX_EPOCH;

use walkdir::{DirEntry, WalkDir};

use super::{CorpusError, Problem};

/// The sorted `/`-separated relative paths of the corpus's statement files (`.txt`, `.html`,
/// `.htm`, `.pdf`), and the entries that could not be listed.
pub(crate) fn list_files(root: &Path) -> Result<(Vec<String>, Vec<Problem>), CorpusError> {
    let meta = fs::metadata(root).map_err(|source| CorpusError::Open {
        path: root.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(CorpusError::NotADirectory {
            path: root.to_path_buf(),
        });
    }
    let canonical_root = root.canonicalize().map_err(|source| CorpusError::Open {
        path: root.to_path_buf(),
        source,
    })?;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) if err.depth() == 0 => {
                return Err(CorpusError::Walk {
                    path: root.to_path_buf(),
                    source: err,
                });
            }
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(String::new, |p| relative_lossy(root, p));
                problems.push(Problem {
                    path,
                    reason: format!("cannot be listed: {err}"),
                });
                continue;
            }
        };
        if super::format::Format::of(entry.path()).is_none() || entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() && !entry.file_type().is_symlink() {
            problems.push(Problem {
                path: relative_lossy(root, entry.path()),
                reason: NOT_A_FILE.to_string(),
            });
            continue;
        }
        if entry.file_type().is_symlink() && !links_to_file_inside(entry.path(), &canonical_root) {
            problems.push(Problem {
                path: relative_lossy(root, entry.path()),
                reason: "symbolic link to something other than a file inside the corpus; skipped"
                    .to_string(),
            });
            continue;
        }
        match relative_utf8(root, entry.path()) {
            Some(rel) => files.push(rel),
            None => problems.push(Problem {
                path: relative_lossy(root, entry.path()),
                reason: "file name is not valid UTF-8; rename the file".to_string(),
            }),
        }
    }
    files.sort();
    Ok((files, problems))
}

const NOT_A_FILE: &str = "not a regular file (a named pipe, socket or device); skipped";

/// Reads one corpus file, refusing files over `max_bytes` before reading them; with the
/// size and time the file had when opened.
pub(crate) fn read_file(
    root: &Path,
    rel_path: &str,
    max_bytes: u64,
) -> Result<(Vec<u8>, Stamp), String> {
    let too_big =
        |len: u64| format!("file is too big ({len} bytes; the limit is {max_bytes} bytes)");
    let path = root.join(rel_path);
    // Opening a named pipe waits for a writer, which would hang the build: look first.
    let before = fs::metadata(&path).map_err(|e| format!("cannot be read: {e}"))?;
    if !before.is_file() {
        return Err(NOT_A_FILE.to_string());
    }
    let mut file = File::open(&path).map_err(|e| format!("cannot be read: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot be read: {e}"))?;
    if !meta.is_file() {
        return Err(NOT_A_FILE.to_string());
    }
    let len = meta.len();
    if len > max_bytes {
        return Err(too_big(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    (&mut file)
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_big(bytes.len() as u64));
    }
    Ok((bytes, Stamp::of(&meta)))
}

/// The catalog file, opened; `None` if there is no catalog.
pub(crate) fn open_catalog(root: &Path, name: &str) -> io::Result<Option<fs::File>> {
    let path = root.join(name);
    match fs::metadata(&path) {
        Ok(meta) if !meta.is_file() => {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, NOT_A_FILE));
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        _ => {}
    }
    match fs::File::open(&path) {
        Ok(file) => Ok(Some(file)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

/// Fills `buf` from `file` at `offset`, without moving a shared cursor (parse workers read
/// catalog rows at once).
pub(crate) fn read_at(file: &fs::File, offset: u64, buf: &mut [u8]) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buf.len() {
            let n = std::os::windows::fs::FileExt::seek_read(
                file,
                &mut buf[done..],
                offset + done as u64,
            )?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            done += n;
        }
        Ok(())
    }
}

/// A file's size and modification time: what an update compares first, before reading the
/// file (an index records them for every file it read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    /// Nanoseconds since the epoch (negative before it).
    pub mtime: i64,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Stamp {
        let mtime = meta
            .modified()
            .ok()
            .map_or(0, |t| match t.duration_since(UNIX_EPOCH) {
                Ok(after) => i64::try_from(after.as_nanos()).unwrap_or(i64::MAX),
                Err(before) => -i64::try_from(before.duration().as_nanos()).unwrap_or(i64::MAX),
            });
        Stamp {
            size: meta.len(),
            mtime,
        }
    }
}

/// The stamp of a corpus file, `None` if it is gone.
pub(crate) fn file_stamp(root: &Path, rel_path: &str) -> Option<Stamp> {
    fs::metadata(root.join(rel_path))
        .ok()
        .map(|m| Stamp::of(&m))
}

fn is_hidden(entry: &DirEntry) -> bool {
    entry
        .file_name()
        .to_str()
        .is_some_and(|name| name.starts_with('.'))
}

/// Reads a file a statement came from, by its corpus-relative path, for showing the original:
/// only a plain relative path (no `..`, no hidden part) to a statement file that resolves
/// inside `root`, within its format's size limit.
pub(crate) fn read_original(
    root: &Path,
    rel_path: &str,
) -> Result<(Vec<u8>, super::Format), String> {
    let gone = || "the original file is no longer in the corpus".to_string();
    let plain = Path::new(rel_path).components().all(|c| {
        matches!(c, Component::Normal(part) if part.to_str().is_some_and(|p| !p.starts_with('.')))
    });
    let format = super::Format::of(Path::new(rel_path)).filter(|_| plain);
    let Some(format) = format else {
        return Err(gone());
    };
    let canonical_root = root.canonicalize().map_err(|_| gone())?;
    if !links_to_file_inside(&root.join(rel_path), &canonical_root) {
        return Err(gone());
    }
    read_file(root, rel_path, format.max_bytes()).map(|(bytes, _)| (bytes, format))
}

fn links_to_file_inside(link: &Path, canonical_root: &Path) -> bool {
    link.canonicalize()
        .is_ok_and(|target| target.starts_with(canonical_root) && target.is_file())
}

fn relative_utf8(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel
        .components()
        .map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    Some(parts?.join("/"))
}

fn relative_lossy(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.to_string_lossy().replace('\\', "/")
}
