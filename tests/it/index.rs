//! Building, refreshing and swapping index generations.

use std::fs;
use std::time::{Duration, SystemTime};

use statement_archive::corpus::Corpus;
use statement_archive::index::{self, Archive, BuildKind, BuildReport, IndexError, IndexOptions};
use statement_archive::model::DocId;
use statement_archive::search::{self, SearchRequest};

use crate::support::repo_path;

fn copy_seeds(to: &std::path::Path) {
    for entry in fs::read_dir(repo_path("corpus")).expect("corpus dir") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

/// A corpus of the four seeds and an empty index folder (both deleted on drop), and options
/// without the dictionaries.
fn seeded() -> (tempfile::TempDir, tempfile::TempDir, IndexOptions) {
    let corpus_dir = tempfile::tempdir().expect("tempdir");
    let index_dir = tempfile::tempdir().expect("tempdir");
    copy_seeds(corpus_dir.path());
    let options = IndexOptions::new(index_dir.path()).without_dictionaries();
    (corpus_dir, index_dir, options)
}

#[test]
fn ensure_reuses_a_current_index_and_rebuilds_a_stale_one() {
    let (corpus_dir, _index_dir, options) = seeded();
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
    let (corpus_dir, index_dir, options) = seeded();
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
            .map(|h| h.statement.id.to_string())
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

fn refresh(root: &std::path::Path, options: &IndexOptions) -> (Archive, Option<BuildReport>) {
    let corpus = Corpus::open(root).expect("open");
    index::ensure(&corpus, options, &|_| {}).expect("refresh")
}

fn update_counts(report: &Option<BuildReport>) -> (usize, usize, usize) {
    match report.as_ref().map(|r| &r.kind) {
        Some(BuildKind::Update {
            added,
            changed,
            removed,
            ..
        }) => (*added, *changed, *removed),
        other => panic!("expected an update, got {other:?}"),
    }
}

fn finds(archive: &Archive, q: &str) -> usize {
    let req = SearchRequest {
        q: q.to_string(),
        cross_language: false,
        ..SearchRequest::default()
    };
    search::search(archive, &req).expect("search").total
}

#[test]
fn an_update_indexes_only_the_new_changed_and_removed_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("corpus");
    crate::support::copy_tree(&repo_path("tests/fixtures/corpus"), &root);
    let index_dir = tempfile::tempdir().expect("tempdir");
    let options = IndexOptions::new(index_dir.path()).without_dictionaries();

    let (first, report) = refresh(&root, &options);
    match report.as_ref().map(|r| &r.kind) {
        Some(BuildKind::Full { reason }) => assert!(reason.contains("no index"), "{reason}"),
        other => panic!("expected a full build, got {other:?}"),
    }
    let base = first.num_docs();
    let kept = DocId::from_path("en/ctbt-joint-statement.txt");

    // A touched file (new time, same bytes) and files outside the corpus change nothing.
    let touched = fs::File::options()
        .write(true)
        .open(root.join("en/ctbt-joint-statement.txt"))
        .expect("open");
    touched
        .set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        .expect("touch");
    drop(touched);
    fs::write(root.join("notes.md"), "not part of the corpus").expect("write");
    let (_, report) = refresh(&root, &options);
    assert!(report.is_none(), "touching a file re-indexed: {report:?}");

    // A new file.
    fs::write(
        root.join("en/new-statement.txt"),
        "Statement on quasarite\n\nThe delegation spoke of quasarite verification.",
    )
    .expect("write");
    let (added, report) = refresh(&root, &options);
    assert_eq!(update_counts(&report), (1, 0, 0));
    assert_eq!(report.as_ref().map(|r| r.indexed), Some(1), "one file read");
    assert_eq!(added.num_docs(), base + 1);
    assert_eq!(finds(&added, "quasarite"), 1);

    // A changed text, and a changed catalog row: each replaces its own statement.
    let mut text = fs::read_to_string(root.join("en/catalog-override.txt")).expect("read");
    text.push_str("\n\nA closing paragraph about zirconite.\n");
    fs::write(root.join("en/catalog-override.txt"), text).expect("write");
    let catalog = root.join("metadata.jsonl");
    let mut rows = fs::read_to_string(&catalog).expect("read");
    rows.push_str("{\"file\": \"en/new-statement.txt\", \"lang\": \"en\", \"title\": \"Quasarite remarks\"}\n");
    fs::write(&catalog, rows).expect("write");
    let (changed, report) = refresh(&root, &options);
    assert_eq!(update_counts(&report), (0, 2, 0));
    assert_eq!(changed.num_docs(), base + 1, "replaced, not added");
    assert_eq!(finds(&changed, "zirconite"), 1);
    let renamed = changed
        .statement(&DocId::from_path("en/new-statement.txt"))
        .expect("lookup")
        .expect("still there");
    assert_eq!(renamed.title, "Quasarite remarks");

    // A removed file.
    fs::remove_file(root.join("en/new-statement.txt")).expect("remove");
    let (removed, report) = refresh(&root, &options);
    assert_eq!(update_counts(&report), (0, 0, 1));
    assert_eq!(removed.num_docs(), base);
    assert_eq!(finds(&removed, "quasarite"), 0);
    assert!(
        removed.statement(&kept).expect("lookup").is_some(),
        "an untouched statement keeps its id"
    );
    // And nothing left to do.
    assert!(refresh(&root, &options).1.is_none());
}

#[test]
fn a_full_build_happens_when_the_parser_changed_and_says_why() {
    let (corpus_dir, index_dir, options) = seeded();
    let (live, _) = refresh(corpus_dir.path(), &options);
    // The live generation as an older parser would have left it.
    let current = index_dir.path().join("CURRENT");
    let fingerprint = index::fingerprint(&options);
    let older = fingerprint.replacen('-', "-0", 1);
    fs::write(&current, format!("{}\n{older}\n", live.pointer().name)).expect("write");
    let (rebuilt, report) = refresh(corpus_dir.path(), &options);
    match report.as_ref().map(|r| &r.kind) {
        Some(BuildKind::Full { reason }) => assert!(reason.contains("parser"), "{reason}"),
        other => panic!("expected a full build, got {other:?}"),
    }
    assert_eq!(rebuilt.num_docs(), live.num_docs());
    assert_eq!(rebuilt.pointer().fingerprint, fingerprint);
}

#[test]
fn a_generation_still_open_somewhere_is_not_pruned() {
    let (corpus_dir, index_dir, options) = seeded();
    let generation = |name: &str| index_dir.path().join("generations").join(name);
    let (oldest, _) = refresh(corpus_dir.path(), &options);
    let oldest_name = oldest.pointer().name.clone();
    for n in 0..2 {
        fs::write(
            corpus_dir.path().join(format!("extra-{n}.txt")),
            "A further statement on outer space security.\n",
        )
        .expect("write");
        std::thread::sleep(Duration::from_millis(5));
        let (_, report) = refresh(corpus_dir.path(), &options);
        assert!(report.is_some());
    }
    assert!(
        generation(&oldest_name).exists(),
        "two updates later, the generation still open here was pruned"
    );
    assert_eq!(oldest.num_docs(), 4, "and it still answers");
    drop(oldest);
    fs::write(corpus_dir.path().join("extra-3.txt"), "Another one.\n").expect("write");
    let _ = refresh(corpus_dir.path(), &options);
    assert!(
        !generation(&oldest_name).exists(),
        "once closed, an old generation is pruned"
    );
}

#[test]
fn segments_stay_few_over_many_small_updates() {
    let (corpus_dir, _index_dir, options) = seeded();
    let mut archive = refresh(corpus_dir.path(), &options).0;
    for n in 0..20 {
        fs::write(
            corpus_dir.path().join(format!("daily-{n:02}.txt")),
            format!("Statement number {n} on outer space security.\n"),
        )
        .expect("write");
        // Every other day, one of the new statements is corrected too.
        if n % 2 == 1 {
            fs::write(
                corpus_dir.path().join(format!("daily-{:02}.txt", n - 1)),
                format!("Corrected statement number {} on outer space.\n", n - 1),
            )
            .expect("write");
        }
        archive = refresh(corpus_dir.path(), &options).0;
    }
    assert_eq!(archive.num_docs(), 24);
    let segments = archive.searcher().segment_readers().len();
    assert!(
        segments <= 10,
        "{segments} segments after 20 updates: merges do not keep up"
    );
    let deleted: u32 = archive
        .searcher()
        .segment_readers()
        .iter()
        .map(|r| r.num_deleted_docs())
        .sum();
    // Ten corrections deleted ten statements; merging purges them as it goes.
    assert!(
        deleted < 10,
        "all {deleted} deleted statements still kept after 20 updates: no merge purged them"
    );
}

/// A stored document that is not one of ours (only a damaged or foreign index holds one) is
/// left out of the page it would be on, and counted for `/api/status`, instead of vanishing
/// while the total still counts it.
#[test]
fn an_unreadable_stored_document_is_counted_not_silently_dropped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let built = crate::support::build_index(&repo_path("corpus"), dir.path());
    let generation = dir.path().join("generations").join(&built.pointer().name);
    drop(built);
    // A document written past the archive: a body and nothing else, no stored metadata.
    let foreign = tantivy::Index::open_in_dir(&generation).expect("the generation opens");
    statement_archive::analysis::register(&foreign);
    let body = foreign
        .schema()
        .get_field("body_en")
        .expect("an English body field");
    let mut writer: tantivy::IndexWriter = foreign.writer(15_000_000).expect("a writer");
    let mut doc = tantivy::TantivyDocument::default();
    doc.add_text(body, "zyxwvut appears in no statement");
    writer.add_document(doc).expect("added");
    writer.commit().expect("committed");
    drop(writer);

    let archive = Archive::open(dir.path()).expect("opens").expect("an index");
    assert_eq!(archive.unreadable(), 0);
    let req = SearchRequest {
        q: "zyxwvut".into(),
        ..SearchRequest::default()
    };
    let results = search::search(&archive, &req).expect("searches");
    assert_eq!(results.total, 1, "the document matches");
    assert!(results.hits.is_empty(), "but it is not a statement to show");
    assert_eq!(archive.unreadable(), 1, "and it is counted");
}

/// The body field holds the title, so a statement whose title alone names the query is found,
/// and the title's weight (given when the best matches are rescored) ranks it above a
/// shorter statement that names it once in its body, which plain BM25 would put first.
#[test]
fn a_title_alone_finds_its_statement_and_ranks_it_above_a_mention_in_a_body() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let statement =
        |title: &str, body: &str| format!("---\ntitle: {title}\nlang: en\n---\n{body}\n");
    let files = [
        (
            "titled.txt",
            statement(
                "Zebrafish treaty talks",
                "Delegates met in Geneva to discuss verification measures for the convention, \
                 its inspections, its budget and the schedule of its next review conference.",
            ),
        ),
        (
            "mentioned.txt",
            statement(
                "Geneva talks",
                "Delegates met in Geneva to discuss zebrafish.",
            ),
        ),
        (
            "other.txt",
            statement("Outer space", "Delegates discussed weapons in outer space."),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(corpus.path().join(name), text).expect("write");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = crate::support::build_index(corpus.path(), dir.path());
    let req = SearchRequest {
        q: "zebrafish".into(),
        ..SearchRequest::default()
    };
    let results = search::search(&archive, &req).expect("searches");
    let paths: Vec<&str> = results
        .hits
        .iter()
        .map(|h| h.statement.path.as_str())
        .collect();
    assert_eq!(paths, ["titled.txt", "mentioned.txt"]);
}
