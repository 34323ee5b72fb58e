//! The directory the index writer works in: tantivy's `MmapDirectory`, whose mapped pages the
//! build lets go of every 25 ms.
//!
//! A merge maps its input segments' files and reads them end to end, and every page it reads
//! stays in the process's resident memory until the merge ends and the files are unmapped. So
//! the build's peak memory followed its largest merge: merging four segments of a 1M-statement
//! index (1.5 GB of files) took 1.7 GB. [`super::merges`] kept merges small for that, which
//! left a large archive in many segments, each of which every search visits.
//!
//! Every [`EVERY`], this directory tells the kernel that the build no longer needs the pages of
//! the files it has mapped (`MADV_DONTNEED`). They leave the process's resident set but stay in the
//! page cache, so a page read again is mapped again from there, without reading the disk.

use std::fmt;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};

/// How often the mapped pages are let go of. A merge reads its inputs from the page cache at
/// gigabytes a second (its document stores, 1.2 GB a segment at 1M statements, are copied
/// whole); at 100 ms the build still peaked above 1 GiB, at 1 s at 1.4 GB.
const EVERY: Duration = Duration::from_millis(25);

/// tantivy's `MmapDirectory` over one folder, with the pages of the files it maps let go of
/// every [`EVERY`] (see the module's documentation). For building only: a server would read
/// its index from the disk's cache again and again.
#[derive(Clone)]
pub struct ReleasingDirectory {
    inner: MmapDirectory,
    mapped: Arc<Mapped>,
}

/// The files handed out, as tantivy maps them: each is its whole mapping.
#[derive(Default)]
struct Mapped {
    files: Mutex<Vec<Weak<dyn FileHandle>>>,
}

impl ReleasingDirectory {
    /// Opens `path` as tantivy's `MmapDirectory` does, and starts the thread that lets go of
    /// its pages; the thread ends once every clone of the directory is dropped.
    pub fn open(path: &Path) -> Result<ReleasingDirectory, OpenDirectoryError> {
        let inner = MmapDirectory::open(path)?;
        let mapped = Arc::new(Mapped::default());
        let weak = Arc::downgrade(&mapped);
        // Without the thread, the build works as before, with more memory.
        let _ = std::thread::Builder::new()
            .name("release-pages".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(EVERY);
                    match weak.upgrade() {
                        Some(mapped) => mapped.release(),
                        None => break,
                    }
                }
            });
        Ok(ReleasingDirectory { inner, mapped })
    }
}

impl Mapped {
    fn remember(&self, file: &Arc<dyn FileHandle>) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.retain(|f| f.strong_count() > 0);
        files.push(Arc::downgrade(file));
    }

    /// Lets go of the resident pages of every file still open.
    fn release(&self) {
        let open: Vec<Arc<dyn FileHandle>> = {
            let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
            files.retain(|f| f.strong_count() > 0);
            files.iter().filter_map(Weak::upgrade).collect()
        };
        for file in open {
            if let Ok(bytes) = file.read_bytes(0..file.len()) {
                dont_need(&bytes);
            }
        }
    }
}

/// Tells the kernel the process no longer needs the pages behind `bytes`, a whole mapping of
/// a file that tantivy maps read-only and never writes again.
#[cfg(unix)]
fn dont_need(bytes: &OwnedBytes) {
    let slice = bytes.as_slice();
    if slice.is_empty() {
        return;
    }
    // SAFETY: `slice` is a whole read-only shared mapping of a file (`MmapDirectory` maps each
    // file whole, from a page boundary), kept mapped while `bytes` lives. On such a mapping
    // MADV_DONTNEED only drops the process's page table entries; the next read maps the same
    // page of the file again, and a segment's files never change once written. No memory is
    // freed or changed under a reader.
    unsafe {
        libc::madvise(
            slice.as_ptr() as *mut libc::c_void,
            slice.len(),
            libc::MADV_DONTNEED,
        );
    }
}

#[cfg(not(unix))]
fn dont_need(_: &OwnedBytes) {}

impl fmt::Debug for ReleasingDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReleasingDirectory({:?})", self.inner)
    }
}

impl Directory for ReleasingDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let file = self.inner.get_file_handle(path)?;
        self.mapped.remember(&file);
        Ok(file)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::QueryParser;
    use tantivy::schema::{STORED, Schema, TEXT, Value};
    use tantivy::{Index, IndexWriter, TantivyDocument, doc};

    /// The pages let go of are read again as they were written: every file of an index made
    /// through the directory holds the same bytes after its pages are let go of, and a search
    /// finds and returns the same statements. (MADV_DONTNEED on anonymous memory, such as a
    /// copy of the file's bytes, would read back zeros.)
    #[test]
    fn files_read_after_their_pages_are_let_go_of_read_the_same() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let directory = ReleasingDirectory::open(dir.path()).expect("the folder opens");
        let mapped = Arc::clone(&directory.mapped);
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT | STORED);
        let index = Index::create(directory, schema.build(), Default::default()).expect("index");
        let mut writer: IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for i in 0..3000 {
            let body = format!("statement {i} on arms control, number {}", i % 7);
            writer.add_document(doc!(text => body)).expect("added");
        }
        writer.commit().expect("committed");
        let searcher = index.reader().expect("reader").searcher();
        // The segments' files (not meta.json or the lock files, which are not mapped).
        let segment_file = |name: &std::path::Path| {
            let kinds = ["idx", "pos", "term", "store", "fast", "fieldnorm"];
            name.extension()
                .is_some_and(|e| kinds.iter().any(|k| e == *k))
        };
        let files: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path())
            .expect("the folder lists")
            .filter_map(|entry| Some(std::path::PathBuf::from(entry.ok()?.file_name())))
            .filter(|name| segment_file(name))
            .collect();
        assert!(!files.is_empty());
        // Opened once and held, so the pages let go of are those of the mappings read again.
        let opened: Vec<tantivy::directory::FileSlice> = files
            .iter()
            .map(|path| index.directory().open_read(path).expect("opens"))
            .collect();
        let read_all = || -> Vec<Vec<u8>> {
            opened
                .iter()
                .map(|slice| slice.read_bytes().expect("reads").as_slice().to_vec())
                .collect()
        };
        let search = || -> Vec<String> {
            let parser = QueryParser::for_index(&index, vec![text]);
            let query = parser.parse_query("\"number 3\"").expect("parses");
            let top = searcher
                .search(&query, &TopDocs::with_limit(20).order_by_score())
                .expect("searched");
            top.into_iter()
                .map(|(_, address)| {
                    let doc: TantivyDocument = searcher.doc(address).expect("stored");
                    doc.get_first(text)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_string()
                })
                .collect()
        };
        let (before, found) = (read_all(), search());
        assert!(
            !mapped.files.lock().expect("lock").is_empty(),
            "files were mapped"
        );
        assert_eq!(found.len(), 20);
        mapped.release();
        assert_eq!(read_all(), before);
        assert_eq!(search(), found);
    }

    /// The resident pages of the mapping that holds `address`, by `/proc/self/smaps`.
    #[cfg(target_os = "linux")]
    fn resident_kb(address: usize) -> u64 {
        let smaps = std::fs::read_to_string("/proc/self/smaps").expect("smaps reads");
        let mut inside = false;
        for line in smaps.lines() {
            let range = line.split(' ').next().and_then(|r| r.split_once('-'));
            if let Some((start, end)) = range
                && let (Ok(start), Ok(end)) = (
                    usize::from_str_radix(start, 16),
                    usize::from_str_radix(end, 16),
                )
            {
                inside = (start..end).contains(&address);
            } else if inside && let Some(kb) = line.strip_prefix("Rss:") {
                return kb
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .expect("a size");
            }
        }
        panic!("no mapping holds {address:#x}");
    }

    /// Letting go takes a file's pages out of the process's resident memory: the pages a read
    /// brought in are resident before, and none are after.
    #[cfg(target_os = "linux")]
    #[test]
    fn letting_go_takes_a_mapped_files_pages_out_of_resident_memory() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = std::path::Path::new("big.store");
        std::fs::write(dir.path().join(path), vec![7u8; 1 << 20]).expect("written");
        let directory = ReleasingDirectory::open(dir.path()).expect("the folder opens");
        let slice = directory.open_read(path).expect("opens");
        let bytes = slice.read_bytes().expect("reads");
        let address = bytes.as_slice().as_ptr() as usize;
        // Read until its pages are seen resident: the directory's own thread may let go of
        // them between the read and the look.
        let resident = (0..100)
            .map(|_| {
                let sum: u64 = bytes
                    .as_slice()
                    .iter()
                    .step_by(4096)
                    .map(|&b| u64::from(b))
                    .sum();
                assert_eq!(sum, 7 * 256);
                resident_kb(address)
            })
            .find(|&kb| kb >= 512)
            .unwrap_or(0);
        assert!(resident >= 512, "{resident} kB resident after reading 1 MB");
        directory.mapped.release();
        assert_eq!(resident_kb(address), 0);
        assert!(bytes.as_slice().iter().all(|&b| b == 7));
    }
}
