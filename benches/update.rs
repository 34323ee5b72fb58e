//! The living archive's figures (issue 15), not criterion: on a copy of the bench corpus (hard
//! links, so 100k files take seconds and no space), with the real binary as a child process
//! so each step's peak memory is its own:
//! 1. a full `statement-archive index` (wall time, peak RSS);
//! 2. one new statement: from writing the file to finding it in search through a served
//!    archive, the way `serve --watch` does it (the watch, its 500 ms quiet period, the
//!    update and the switch), in-process;
//! 3. 1,000 changed files applied by `statement-archive index` (wall time and peak RSS, and
//!    its share of the full build's time).
//!
//! `BENCH_CORPUS=/tmp/corpus-100k cargo bench --bench update`; `-- --changed N` to change N
//! files instead of 1,000.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use statement_archive::index::live::{self, Live};
use statement_archive::index::{Archive, IndexOptions};
use statement_archive::search::{self, SearchRequest};

fn main() {
    let mut changed = 1_000usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--changed" => {
                changed = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| common::fail("--changed takes a number"))
            }
            "--bench" => {}
            other => common::fail(&format!("unknown option {other}")),
        }
    }
    let source = common::corpus_dir();
    let dir = common::temp_dir();
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    let started = Instant::now();
    let files = link_tree(&source, &corpus);
    eprintln!(
        "bench: update: linked {files} files of {} in {:.1} s",
        source.display(),
        started.elapsed().as_secs_f64()
    );

    let full = common::run_index(&corpus, &index);
    println!(
        "full build: {:.1} s, peak RSS {:.0} MB, {files} files ({:.0} files/s)",
        full.seconds,
        full.peak_rss_mb,
        files as f64 / full.seconds
    );

    // One new statement, watched and served.
    let archive = match Archive::open(&index) {
        Ok(Some(archive)) => archive,
        _ => common::fail("the index did not open after the build"),
    };
    let live = Arc::new(Live::new(archive));
    let watch = live::watch(&corpus, IndexOptions::new(&index), &live)
        .unwrap_or_else(|e| common::fail(&format!("cannot watch the corpus: {e}")));
    let word = "quasarite";
    let found = |live: &Live| {
        let req = SearchRequest {
            q: word.to_string(),
            cross_language: false,
            ..SearchRequest::default()
        };
        search::search(&live.get(), &req).map_or(0, |r| r.total)
    };
    if found(&live) != 0 {
        common::fail("the bench word is already in the corpus");
    }
    let written = Instant::now();
    std::fs::write(
        corpus.join("bench-new-statement.txt"),
        format!("Statement on {word}\n\nThe delegation spoke of {word} verification.\n"),
    )
    .unwrap_or_else(|e| common::fail(&format!("cannot write: {e}")));
    let searchable = loop {
        if found(&live) == 1 {
            break written.elapsed();
        }
        if written.elapsed() > Duration::from_secs(120) {
            common::fail("the new statement was not searchable within 120 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let applied = live.status().last_update.map(|u| u.took);
    println!(
        "one new statement searchable after {:.2} s (the update itself {:.2} s; the watch waits {:.1} s for quiet first)",
        searchable.as_secs_f64(),
        applied.map_or(f64::NAN, |t| t.as_secs_f64()),
        live::WATCH_QUIET.as_secs_f64()
    );
    drop(watch);
    drop(live);

    // Many changed files, by the binary.
    let mut listed: Vec<String> = walk_txt(&corpus);
    listed.sort();
    let step = (listed.len() / changed.max(1)).max(1);
    let mut n = 0;
    for path in listed.iter().step_by(step).take(changed) {
        let full_path = corpus.join(path);
        let Ok(mut text) = std::fs::read_to_string(&full_path) else {
            continue;
        };
        text.push_str("\n\nA corrected closing paragraph.\n");
        // Replace, never write through the hard link into the bench corpus itself.
        let _ = std::fs::remove_file(&full_path);
        if std::fs::write(&full_path, text).is_ok() {
            n += 1;
        }
    }
    let update = common::run_index(&corpus, &index);
    println!(
        "{n} changed files applied: {:.1} s ({:.1}% of the full build), peak RSS {:.0} MB ({:.0}% of the full build's)",
        update.seconds,
        100.0 * update.seconds / full.seconds,
        update.peak_rss_mb,
        100.0 * update.peak_rss_mb / full.peak_rss_mb
    );
    let nothing = common::run_index(&corpus, &index);
    println!(
        "nothing to do: {:.2} s, peak RSS {:.0} MB",
        nothing.seconds, nothing.peak_rss_mb
    );
}

/// Hard-links every file under `from` into `to` (copying where links are refused); returns
/// the number of statement files.
fn link_tree(from: &Path, to: &Path) -> usize {
    let mut files = 0;
    for entry in walkdir::WalkDir::new(from) {
        let Ok(entry) = entry else { continue };
        let Ok(rel) = entry.path().strip_prefix(from) else {
            continue;
        };
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            let _ = std::fs::create_dir_all(&target);
        } else if entry.file_type().is_file() {
            if std::fs::hard_link(entry.path(), &target).is_err() {
                let _ = std::fs::copy(entry.path(), &target);
            }
            if statement_archive::corpus::Format::of(entry.path()).is_some() {
                files += 1;
            }
        }
    }
    files
}

fn walk_txt(root: &Path) -> Vec<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .filter_map(|e| {
            e.path()
                .strip_prefix(root)
                .ok()
                .and_then(|p| p.to_str())
                .map(str::to_string)
        })
        .collect()
}
