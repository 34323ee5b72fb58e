//! Building, refreshing and swapping index generations.

use std::fs;

use statement_archive::corpus::Corpus;
use statement_archive::index::{self, Archive, IndexError, IndexOptions};

use crate::support::repo_path;

fn copy_seeds(to: &std::path::Path) {
    for entry in fs::read_dir(repo_path("corpus")).expect("corpus dir") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

#[test]
fn ensure_reuses_a_current_index_and_rebuilds_a_stale_one() {
    let corpus_dir = tempfile::tempdir().expect("tempdir");
    let index_dir = tempfile::tempdir().expect("tempdir");
    copy_seeds(corpus_dir.path());
    let options = IndexOptions::new(index_dir.path()).without_dictionaries();
    let corpus = Corpus::open(corpus_dir.path()).expect("open");
    let (first, report) = index::ensure(&corpus, &options, &|_| {}).expect("build");
    assert!(report.is_some(), "missing index is built");
    assert_eq!(first.num_docs(), 4);
    let (_, report) = index::ensure(&corpus, &options, &|_| {}).expect("reuse");
    assert!(report.is_none(), "unchanged corpus reuses the index");

    fs::write(
        corpus_dir.path().join("extra.txt"),
        "A new statement on outer space.\n",
    )
    .expect("write");
    let corpus = Corpus::open(corpus_dir.path()).expect("reopen");
    let (second, report) = index::ensure(&corpus, &options, &|_| {}).expect("rebuild");
    assert!(report.is_some(), "a changed corpus is re-indexed");
    assert_eq!(second.num_docs(), 5);
    assert_ne!(first.pointer().name, second.pointer().name);
}

#[test]
fn a_failed_build_leaves_the_previous_index_live() {
    let corpus_dir = tempfile::tempdir().expect("tempdir");
    let index_dir = tempfile::tempdir().expect("tempdir");
    copy_seeds(corpus_dir.path());
    let options = IndexOptions::new(index_dir.path()).without_dictionaries();
    let corpus = Corpus::open(corpus_dir.path()).expect("open");
    let (live, _) = index::build(&corpus, &options, &|_| {}).expect("build");

    // Every file broken: nothing can be indexed, so the build must refuse to switch.
    for entry in fs::read_dir(corpus_dir.path()).expect("dir") {
        fs::write(entry.expect("entry").path(), [0xff, 0xfe, 0x00, 0x00, 0xc3]).expect("write");
    }
    let broken = Corpus::open(corpus_dir.path()).expect("open");
    let err = index::build(&broken, &options, &|_| {})
        .err()
        .expect("build must fail");
    assert!(matches!(err, IndexError::NothingIndexed { .. }), "{err}");

    let reopened = Archive::open(index_dir.path())
        .expect("open")
        .expect("an index is live");
    assert_eq!(reopened.pointer(), live.pointer());
    assert_eq!(reopened.num_docs(), 4);
}

#[test]
fn a_bad_file_is_reported_and_the_rest_indexed() {
    let corpus_dir = tempfile::tempdir().expect("tempdir");
    let index_dir = tempfile::tempdir().expect("tempdir");
    copy_seeds(corpus_dir.path());
    fs::write(
        corpus_dir.path().join("broken.txt"),
        [0x66, 0x6f, 0xff, 0xfe, 0x6f],
    )
    .expect("write");
    fs::write(corpus_dir.path().join("empty.txt"), "  \n").expect("write");
    let corpus = Corpus::open(corpus_dir.path()).expect("open");
    let (archive, report) = index::build(
        &corpus,
        &IndexOptions::new(index_dir.path()).without_dictionaries(),
        &|_| {},
    )
    .expect("build");
    assert_eq!(archive.num_docs(), 4);
    assert_eq!(report.indexed, 4);
    let paths: Vec<&str> = report.problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"broken.txt"), "{:?}", report.problems);
    assert!(paths.contains(&"empty.txt"), "{:?}", report.problems);
    assert!(report.problems.iter().all(|p| !p.reason.is_empty()));
}

#[test]
fn ids_are_stable_across_rebuilds_and_machines() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let first = crate::support::build_index(&repo_path("corpus"), a.path());
    let second = crate::support::build_index(&repo_path("corpus"), b.path());
    let ids = |archive: &Archive| {
        let req = statement_archive::search::SearchRequest::default();
        let mut ids: Vec<String> = statement_archive::search::search(archive, &req)
            .expect("search")
            .hits
            .into_iter()
            .map(|h| h.id.to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&first), ids(&second));
    assert!(
        ids(&first)
            .iter()
            .any(|id| id.starts_with("002-7c6aff22d1159ad4-"))
    );
}
