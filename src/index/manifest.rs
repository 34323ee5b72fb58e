//! What a generation was built from: for every corpus file it read, the file's stamp, the
//! hash of its bytes and of its catalog row, and whether it was indexed or skipped. An update
//! compares the corpus with it to index only the difference.
//!
//! One line per file, sorted by path: the path as a JSON string (so a tab or a newline in a
//! file name cannot break the line), then tab-separated size, mtime, content hash, row hash
//! (`-` without a row) and `i` (indexed) or `s` (skipped). Written to a temporary file and
//! renamed into place, like `CURRENT`.

use std::fs;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::IndexError;
use crate::corpus::{FileState, Stamp};

pub(super) const FILE: &str = "manifest.tsv";
const HEADER: &str = "statement-archive manifest 1";

/// One corpus file as the generation saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub state: FileState,
    /// In the index (else skipped, with its reason in the build report).
    pub indexed: bool,
}

/// Every file a generation read, sorted by path.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub entries: Vec<Entry>,
}

impl Manifest {
    /// The files in the index.
    pub fn indexed(&self) -> usize {
        self.entries.iter().filter(|e| e.indexed).count()
    }

    /// The entry of `path`.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.path.as_str().cmp(path))
            .ok()
            .and_then(|i| self.entries.get(i))
    }
}

pub fn path(generation_dir: &Path) -> PathBuf {
    generation_dir.join(FILE)
}

/// Reads a generation's manifest; `Ok(None)` when it has none (built before manifests).
pub fn read(generation_dir: &Path) -> Result<Option<Manifest>, IndexError> {
    let path = path(generation_dir);
    let file = match fs::File::open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(IndexError::Io { path, source }),
    };
    let bad = |line: usize| IndexError::BadManifest {
        path: path.clone(),
        line,
    };
    let mut lines = std::io::BufReader::with_capacity(1 << 16, file).lines();
    match lines.next() {
        Some(Ok(header)) if header == HEADER => {}
        _ => return Err(bad(1)),
    }
    let mut entries = Vec::new();
    for (i, line) in lines.enumerate() {
        let line = line.map_err(|source| IndexError::Io {
            path: path.clone(),
            source,
        })?;
        entries.push(parse_line(&line).ok_or_else(|| bad(i + 2))?);
    }
    if !entries.windows(2).all(|w| w[0].path < w[1].path) {
        return Err(bad(0));
    }
    Ok(Some(Manifest { entries }))
}

fn parse_line(line: &str) -> Option<Entry> {
    let mut fields = line.rsplitn(6, '\t');
    let indexed = match fields.next()? {
        "i" => true,
        "s" => false,
        _ => return None,
    };
    let row = match fields.next()? {
        "-" => None,
        hex => Some(u64::from_str_radix(hex, 16).ok()?),
    };
    let content = u64::from_str_radix(fields.next()?, 16).ok()?;
    let mtime = fields.next()?.parse().ok()?;
    let size = fields.next()?.parse().ok()?;
    let path: String = serde_json::from_str(fields.next()?).ok()?;
    Some(Entry {
        path,
        state: FileState {
            stamp: Stamp { size, mtime },
            content,
            row,
        },
        indexed,
    })
}

/// Writes `entries` (sorted by path) as the generation's manifest, durably.
pub fn write<'a>(
    generation_dir: &Path,
    entries: impl Iterator<Item = (&'a str, FileState, bool)>,
) -> Result<(), IndexError> {
    let target = path(generation_dir);
    let tmp = generation_dir.join(format!("{FILE}.tmp"));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| IndexError::Io { path, source }
    };
    let file = fs::File::create(&tmp).map_err(io(&tmp))?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    writeln!(out, "{HEADER}").map_err(io(&tmp))?;
    for (path, state, indexed) in entries {
        let quoted = serde_json::to_string(path).unwrap_or_else(|_| "\"\"".to_string());
        let row = state
            .row
            .map_or_else(|| "-".to_string(), |row| format!("{row:016x}"));
        writeln!(
            out,
            "{quoted}\t{}\t{}\t{:016x}\t{row}\t{}",
            state.stamp.size,
            state.stamp.mtime,
            state.content,
            if indexed { "i" } else { "s" }
        )
        .map_err(io(&tmp))?;
    }
    let file = out.into_inner().map_err(|e| io(&tmp)(e.into_error()))?;
    file.sync_all().map_err(io(&tmp))?;
    drop(file);
    fs::rename(&tmp, &target).map_err(io(&target))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(size: u64, row: Option<u64>) -> FileState {
        FileState {
            stamp: Stamp {
                size,
                mtime: -5 + size as i64,
            },
            content: size * 7,
            row,
        }
    }

    #[test]
    fn a_manifest_round_trips_with_awkward_paths() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let entries = [
            ("a\tb.txt", state(1, None), true),
            ("en/x.txt", state(2, Some(u64::MAX)), false),
            ("line\nbreak/«ё».txt", state(3, Some(0)), true),
        ];
        write(tmp.path(), entries.iter().map(|(p, s, i)| (*p, *s, *i))).expect("write");
        let read = read(tmp.path()).expect("read").expect("present");
        let expected: Vec<Entry> = entries
            .iter()
            .map(|(p, s, i)| Entry {
                path: p.to_string(),
                state: *s,
                indexed: *i,
            })
            .collect();
        assert_eq!(read.entries, expected);
        assert_eq!(read.indexed(), 2);
        assert_eq!(read.get("en/x.txt").map(|e| e.state.stamp.size), Some(2));
    }

    #[test]
    fn a_damaged_manifest_is_an_error_naming_its_line() {
        let tmp = tempfile::tempdir().expect("tempdir");
        assert!(read(tmp.path()).expect("no manifest").is_none());
        std::fs::write(
            path(tmp.path()),
            format!("{HEADER}\n\"a.txt\"\t1\t2\tff\t-\ti\n\"b.txt\"\t1\tx\tff\t-\ti\n"),
        )
        .expect("write");
        match read(tmp.path()) {
            Err(IndexError::BadManifest { line, .. }) => assert_eq!(line, 3),
            other => panic!("expected a bad manifest, got {other:?}"),
        }
    }
}
