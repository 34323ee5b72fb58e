//! Curation (issue 5): a correction in the catalog or in a file's front matter shows in the
//! archive after the next index build.

use std::fs;
use std::path::Path;

use axum::Router;
use statement_archive::corpus::Corpus;
use statement_archive::index::{self, Archive, IndexOptions};
use statement_archive::model::{DocId, DocType};
use statement_archive::web::{AppState, router};

use crate::support::{enc, get, static_assets};

const BODY: &str = "Statement on the CTBT\n\nMOSCOW, 14 March 2022 — Russia calls on all states \
                    to ratify the Comprehensive Nuclear-Test-Ban Treaty and to refrain from \
                    nuclear tests.\n";

/// Builds the index when the corpus changed, as `serve` does, and says whether it did.
fn refresh(corpus_dir: &Path, index_dir: &Path) -> (Archive, bool) {
    let corpus = Corpus::open(corpus_dir).expect("corpus opens");
    let options = IndexOptions::new(index_dir).without_dictionaries();
    let (archive, report) = index::ensure(&corpus, &options, &|_| {}).expect("index builds");
    (archive, report.is_some())
}

/// The `/api/statements/{id}` answer for `rel_path`.
async fn api_statement(app: &Router, rel_path: &str) -> serde_json::Value {
    let id = DocId::from_path(rel_path);
    let answer = get(app, &format!("/api/statements/{id}")).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.json()
}

// See: #5
#[tokio::test]
async fn issue_5_a_curators_correction_shows_after_reindexing() {
    let corpus_dir = tempfile::tempdir().expect("tempdir");
    let index_dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(corpus_dir.path().join("en")).expect("mkdir");
    let catalog = corpus_dir.path().join("metadata.jsonl");
    let in_catalog = corpus_dir.path().join("en/in-catalog.txt");
    let with_front_matter = corpus_dir.path().join("en/front-matter.txt");
    fs::write(
        &catalog,
        r#"{"file": "en/in-catalog.txt", "title": "Wrong title", "date": "2021-01-01"}"#,
    )
    .expect("write");
    fs::write(&in_catalog, BODY).expect("write");
    fs::write(
        &with_front_matter,
        format!("---\ntype: speech\n---\n{BODY}"),
    )
    .expect("write");

    let (archive, built) = refresh(corpus_dir.path(), index_dir.path());
    assert!(built);
    let id = DocId::from_path("en/front-matter.txt");
    let stored = archive.statement(&id).expect("read").expect("indexed");
    assert_eq!(stored.doc_type, Some(DocType::Speech));
    let app = router(AppState::new(archive, static_assets()));
    let before = api_statement(&app, "en/in-catalog.txt").await;
    assert_eq!(before["title"], "Wrong title", "{before}");
    assert_eq!(before["date"], "2021-01-01", "{before}");

    // The curator corrects the catalog row and the file's front matter.
    fs::write(
        &catalog,
        r#"{"file": "en/in-catalog.txt", "title": "Corrected title", "date": "2022-03-14"}"#,
    )
    .expect("write");
    fs::write(
        &with_front_matter,
        format!(
            "---\ntitle: Заявление МИД России\ntype: Official statement\ntopics: [un-system]\n---\n{BODY}"
        ),
    )
    .expect("write");

    let (archive, built) = refresh(corpus_dir.path(), index_dir.path());
    assert!(built, "the corrections change the fingerprint");
    let stored = archive.statement(&id).expect("read").expect("indexed");
    assert_eq!(stored.doc_type, Some(DocType::OfficialStatement));
    let app = router(AppState::new(archive, static_assets()));
    let search = get(&app, &format!("/api/search?q={}", enc("Заявление")))
        .await
        .json();
    assert_eq!(
        search["hits"][0]["title"], "Заявление МИД России",
        "{search}"
    );
    assert_eq!(
        search["hits"][0]["topics"],
        serde_json::json!(["un-system"])
    );

    let curated = api_statement(&app, "en/front-matter.txt").await;
    assert_eq!(curated["topics"], serde_json::json!(["un-system"]));
    let first_paragraph = curated["paragraphs"][0]["text"]
        .as_str()
        .unwrap_or_default();
    assert!(
        first_paragraph.starts_with("MOSCOW, 14 March 2022"),
        "the front matter is not text: {curated}"
    );
    assert!(!curated.to_string().contains("type:"), "{curated}");

    let after = api_statement(&app, "en/in-catalog.txt").await;
    assert_eq!(after["title"], "Corrected title", "{after}");
    assert_eq!(after["date"], "2022-03-14", "{after}");
}

#[tokio::test]
async fn a_curated_actor_the_gazetteer_does_not_know_is_labelled_by_its_name() {
    let corpus_dir = tempfile::tempdir().expect("tempdir");
    let index_dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(corpus_dir.path().join("en")).expect("mkdir");
    let name = "Committee of Arms Control Fixture Experts";
    fs::write(
        corpus_dir.path().join("en/committee.txt"),
        format!("---\nactors:\n  - name: {name}\n    role: speaker\n---\n{BODY}"),
    )
    .expect("write");
    let (archive, _) = refresh(corpus_dir.path(), index_dir.path());
    let app = router(AppState::new(archive, static_assets()));

    let found = get(&app, "/api/search").await.json();
    let facet = found["facets"]["speaker"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["label"] == name)
        .unwrap_or_else(|| panic!("the speaker facet names {name}: {found}"));
    let id = facet["value"].as_str().expect("an id").to_string();
    assert_ne!(id, name, "the filter value is the actor's id");

    let page = get(&app, &format!("/search?actor={id}")).await.body;
    let chips = page
        .split("<ul class=\"chips\"")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or_else(|| panic!("a filter chip: {page}"));
    assert!(
        chips.contains(&format!(">{name}</span>")),
        "the chip names the actor, not its id {id}: {chips}"
    );
    let index = get(&app, "/actors").await.body;
    assert!(index.contains(name), "the actor index names it");
}
