//! What the benches share: finding the bench corpus, sampling it and indexing it into a
//! temporary directory.
//!
//! The corpus is never copied into the repository: the benches read it where it lies,
//! `shared/corpus-real` next to the crate, or `$BENCH_CORPUS` (e.g. a synthetic corpus
//! from `shared/tools/make-synthetic-corpus.py`). Each bench binary compiles this module on
//! its own and uses only part of it, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::exit;
use std::time::{Duration, Instant};

use statement_archive::corpus::Corpus;
use statement_archive::index::{self, Archive, BuildReport, IndexOptions};
use statement_archive::model::Statement;
use tempfile::TempDir;

/// The allocator the binary runs with (`src/main.rs`), so what the benches time in process
/// is what the server and the indexer do.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Points the benches at another corpus with the layout of `shared/corpus-real`.
pub const CORPUS_ENV: &str = "BENCH_CORPUS";

/// Where the bench corpus is, and whether the user named it.
enum Location {
    Default(PathBuf),
    FromEnv(PathBuf),
}

/// The bench corpus' folder, whether or not it exists.
pub fn corpus_dir() -> PathBuf {
    match locate() {
        Location::Default(dir) | Location::FromEnv(dir) => dir,
    }
}

fn locate() -> Location {
    match std::env::var_os(CORPUS_ENV) {
        Some(dir) if !dir.is_empty() => Location::FromEnv(PathBuf::from(dir)),
        _ => Location::Default(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus-real")),
    }
}

/// Prints `bench: {message}` and exits with code 2: the bench cannot measure anything.
pub fn fail(message: &str) -> ! {
    eprintln!("bench: {message}");
    exit(2)
}

/// Opens the bench corpus. `None` when the default corpus is absent (the caller decides
/// whether to fall back or to stop); a `$BENCH_CORPUS` that cannot be opened is a mistake
/// and exits 2.
pub fn try_corpus() -> Option<Corpus> {
    let (dir, from_env) = match locate() {
        Location::Default(dir) => (dir, false),
        Location::FromEnv(dir) => (dir, true),
    };
    if !from_env && !dir.is_dir() {
        return None;
    }
    let corpus = match Corpus::open(&dir) {
        Ok(corpus) => corpus,
        Err(err) => fail(&format!(
            "cannot open the corpus {} ({CORPUS_ENV}): {err}",
            dir.display()
        )),
    };
    if corpus.files().is_empty() {
        fail(&format!(
            "the corpus {} has no documents; point {CORPUS_ENV} at a folder of <lang>/*.txt",
            dir.display()
        ));
    }
    let shown = dir.canonicalize().unwrap_or(dir);
    eprintln!(
        "bench: corpus {} ({} files)",
        shown.display(),
        corpus.files().len()
    );
    Some(corpus)
}

/// Opens the bench corpus, or explains that it is absent and exits 0, so machines
/// without the shared corpus can still run `cargo bench`.
pub fn corpus_or_exit() -> Corpus {
    match try_corpus() {
        Some(corpus) => corpus,
        None => {
            let dir = corpus_dir();
            eprintln!(
                "bench: skipped: no corpus at {}. Put shared/corpus-real next to the crate, or set \
                 {CORPUS_ENV}=/path/to/corpus (e.g. one made by \
                 shared/tools/make-synthetic-corpus.py).",
                dir.display()
            );
            exit(0)
        }
    }
}

/// Up to `n` corpus-relative paths spread evenly over the sorted file list, so every
/// language folder and collection is represented.
pub fn spread_sample(files: &[String], n: usize) -> Vec<&str> {
    let n = n.min(files.len());
    (0..n)
        .map(|sample_idx| files[sample_idx * files.len() / n].as_str())
        .collect()
}

/// Parses `paths`, keeping what parses (a bench measures documents, not problems).
pub fn parse_all(corpus: &Corpus, paths: &[&str]) -> Vec<Statement> {
    paths
        .iter()
        .filter_map(|path| corpus.parse(path).ok())
        .collect()
}

/// A freshly built index of the corpus in a temporary directory, deleted on drop.
pub struct TempIndex {
    pub archive: Archive,
    pub report: BuildReport,
    pub elapsed: Duration,
    /// Declared last so it is dropped after the archive whose files live in it.
    pub dir: TempDir,
}

/// A new, empty temporary directory (under `$TMPDIR`), deleted on drop.
pub fn temp_dir() -> TempDir {
    match tempfile::Builder::new()
        .prefix("statement-archive-bench-")
        .tempdir()
    {
        Ok(dir) => dir,
        Err(err) => fail(&format!("cannot create a temporary directory: {err}")),
    }
}

/// Builds a complete index of `corpus` in a new temporary directory.
pub fn build_index(corpus: &Corpus) -> TempIndex {
    let dir = temp_dir();
    let started = Instant::now();
    let options = IndexOptions::new(dir.path().join("index"));
    let (archive, report) = match index::build(corpus, &options, &|_| {}) {
        Ok(built) => built,
        Err(err) => fail(&format!("cannot index the bench corpus: {err}")),
    };
    TempIndex {
        archive,
        report,
        elapsed: started.elapsed(),
        dir,
    }
}

/// One line about a build, for the bench log.
pub fn describe_build(built: &TempIndex) -> String {
    let per_lang: Vec<String> = built
        .report
        .per_lang
        .iter()
        .map(|(lang, n)| format!("{lang} {n}"))
        .collect();
    format!(
        "indexed {} statements ({}), {} problems, in {:.1} s",
        built.report.indexed,
        per_lang.join(", "),
        built.report.problems.len(),
        built.elapsed.as_secs_f64()
    )
}

/// What one `statement-archive index` run took.
pub struct IndexRun {
    pub seconds: f64,
    pub peak_rss_mb: f64,
}

/// `statement-archive index` of `corpus` into `index` as a child process: its wall time and
/// its own peak RSS (`wait4`, which reaps it: `Child::wait` gives no resource usage, and
/// `getrusage(RUSAGE_CHILDREN)` only the largest of all children so far). Exits 2 when the
/// run fails.
#[allow(clippy::zombie_processes)]
pub fn run_index(corpus: &Path, index: &Path) -> IndexRun {
    let started = Instant::now();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_statement-archive"))
        .arg("index")
        .arg("--corpus")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| fail(&format!("cannot run statement-archive: {e}")));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `wait4` writes only the status and the struct it is given, for our own child.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::wait4(pid, &mut status, 0, &mut usage);
        usage
    };
    let seconds = started.elapsed().as_secs_f64();
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        fail(&format!("statement-archive index failed ({status})"));
    }
    IndexRun {
        seconds,
        peak_rss_mb: usage.ru_maxrss as f64 / 1024.0,
    }
}
