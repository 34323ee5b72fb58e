//! The gazetteer against real text: the seed documents in `corpus/` and, when it is present,
//! the corpus-real collection in `../shared/corpus-real` (not part of the repository; its Arabic
//! news may not be redistributed). Tests that need corpus-real print a message and pass without it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use statement_archive::vocab::gazetteer::Gazetteer;

fn repo_file(rel_path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel_path);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()))
}

fn ids_in(text: &str) -> Vec<&'static str> {
    Gazetteer::get()
        .find_in_text(text)
        .into_iter()
        .map(|mention| mention.actor.id.as_str())
        .collect()
}

/// Asserts the actors found in a seed document, in order of first occurrence.
#[track_caller]
fn check_seed(rel_path: &str, expected: &[&str]) {
    let found = ids_in(&repo_file(rel_path));
    assert_eq!(found, expected, "actors found in {rel_path}");
}

#[test]
fn seed_000_english_news_on_space_security() {
    check_seed(
        "corpus/000_ecb16ed56a63e7df.txt",
        &[
            "russia-foreign-ministry",
            "maria-zakharova",
            "united-states",
            "john-plumb",
            "russia",
            "china",
            "un-security-council",
        ],
    );
}

#[test]
fn seed_001_csto_statement() {
    check_seed(
        "corpus/001_e1ac64d1cd241d64.txt",
        &[
            "csto",
            "conference-on-disarmament",
            "china",
            "russia",
            "un-general-assembly",
            "united-nations",
            "armenia",
            "kyrgyzstan",
            "belarus",
            "kazakhstan",
            "tajikistan",
        ],
    );
}

#[test]
fn seed_002_arabic_russia_china_biosecurity() {
    check_seed(
        "corpus/002_7c6aff22d1159ad4.txt",
        &[
            "russia-foreign-ministry",
            "united-states",
            "united-nations",
            "shanghai-cooperation-organisation",
            "russia",
            "china",
            "us-department-of-defense",
            "nato",
            "ukraine",
            "russia-defence-ministry",
        ],
    );
}

#[test]
fn seed_003_arabic_kremlin_on_nuclear_talks() {
    check_seed(
        "corpus/003_3c03ad3dcec7cf78.txt",
        &[
            "kremlin",
            "united-states",
            "dmitry-peskov",
            "russia",
            "china",
            "north-korea",
            "united-kingdom",
            "france",
            "joe-biden",
            "nihon-hidankyo",
            "white-house",
            "vladimir-putin",
            "ukraine",
            "russia-foreign-ministry",
            "maria-zakharova",
        ],
    );
}

#[test]
fn seed_003_finds_both_arabic_spellings_of_peskov() {
    let text = repo_file("corpus/003_3c03ad3dcec7cf78.txt");
    let mentions = Gazetteer::get().find_in_text(&text);
    let peskov = mentions
        .iter()
        .find(|mention| mention.actor.id.as_str() == "dmitry-peskov")
        .expect("Peskov is in seed 003");
    // دميتري بيسكوف, ديمتري بيسكوف and a bare بيسكوف.
    assert_eq!(peskov.count, 3);
    assert!(text[peskov.first_offset..].starts_with("دميتري بيسكوف"));
}

/// One row of corpus-real/metadata.jsonl, the fields these tests use.
struct CatalogRow {
    file: String,
    title: String,
    collection: String,
    actors: Vec<String>,
}

fn corpus_real_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus-real")
}

/// The catalog, or `None` (with a message) where corpus-real is not checked out.
fn load_catalog() -> Option<Vec<CatalogRow>> {
    let path = corpus_real_dir().join("metadata.jsonl");
    let Ok(jsonl) = std::fs::read_to_string(&path) else {
        println!("skipped: {} not found", path.display());
        return None;
    };
    let rows = jsonl
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|err| panic!("bad catalog line {line:?}: {err}"));
            let text_field = |field: &str| value[field].as_str().unwrap_or_default().to_string();
            CatalogRow {
                file: text_field("file"),
                title: text_field("title"),
                collection: text_field("collection"),
                actors: value["actors"]
                    .as_array()
                    .map(|actors| {
                        actors
                            .iter()
                            .filter_map(|actor| actor.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    Some(rows)
}

fn read_document(row: &CatalogRow) -> String {
    let path = corpus_real_dir().join(&row.file);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()))
}

#[test]
fn every_catalog_actor_string_resolves() {
    let Some(catalog) = load_catalog() else {
        return;
    };
    let gazetteer = Gazetteer::get();
    let mut unresolved: BTreeMap<&str, usize> = BTreeMap::new();
    let mut n_strings = 0;
    for actor in catalog.iter().flat_map(|row| &row.actors) {
        n_strings += 1;
        if gazetteer.resolve(actor).is_none() {
            *unresolved.entry(actor.as_str()).or_default() += 1;
        }
    }
    println!(
        "{n_strings} catalog actor strings, {} unresolved",
        unresolved.len()
    );
    assert!(
        unresolved.is_empty(),
        "unresolved catalog actors: {unresolved:?}"
    );
}

/// Which part of a document to search.
#[derive(Clone, Copy)]
enum Searched {
    Body,
    /// The headline too: for news it is the newspaper's own title.
    TitleAndBody,
}

/// Recall of the catalog's actors (resolved to ids) among the actors found in each document,
/// summed over documents: (found, expected, per-id misses).
fn actor_recall<'c>(
    rows: impl Iterator<Item = &'c CatalogRow>,
    searched: Searched,
    expected_actors: fn(&CatalogRow) -> Vec<&str>,
) -> (usize, usize, BTreeMap<String, usize>) {
    let gazetteer = Gazetteer::get();
    let (mut n_found, mut n_expected) = (0, 0);
    let mut misses: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows {
        let text = match searched {
            Searched::Body => read_document(row),
            Searched::TitleAndBody => format!("{}\n\n{}", row.title, read_document(row)),
        };
        let found = ids_in(&text);
        for actor in expected_actors(row) {
            let id = gazetteer
                .resolve(actor)
                .unwrap_or_else(|| panic!("catalog actor {actor:?} does not resolve"))
                .id
                .as_str();
            n_expected += 1;
            if found.contains(&id) {
                n_found += 1;
            } else {
                *misses.entry(id.to_string()).or_default() += 1;
            }
        }
    }
    (n_found, n_expected, misses)
}

fn all_actors(row: &CatalogRow) -> Vec<&str> {
    row.actors.iter().map(String::as_str).collect()
}

/// The country is the last catalog actor of a speech (the first, when there are two, is the speaker).
fn country(row: &CatalogRow) -> Vec<&str> {
    row.actors.last().map(String::as_str).into_iter().collect()
}

#[test]
fn arabic_news_actor_recall() {
    let Some(catalog) = load_catalog() else {
        return;
    };
    let news = || {
        catalog
            .iter()
            .filter(|row| row.collection == "saudinewsnet")
    };
    let (n_found, n_expected, _) = actor_recall(news(), Searched::Body, all_actors);
    println!(
        "saudinewsnet actor recall, body only: {n_found}/{n_expected} = {:.3}",
        n_found as f64 / n_expected as f64
    );
    // The catalog's actors were found in headline and body, so that is the fair comparison.
    let (n_found, n_expected, misses) = actor_recall(news(), Searched::TitleAndBody, all_actors);
    let recall = n_found as f64 / n_expected as f64;
    println!(
        "saudinewsnet actor recall, headline and body: {n_found}/{n_expected} = {recall:.3}; misses {misses:?}"
    );
    assert!(
        n_expected > 1000,
        "expected the 260 articles' actors, got {n_expected}"
    );
    assert!(
        recall >= 0.95,
        "saudinewsnet actor recall {recall:.3} fell below 0.95"
    );
}

#[test]
fn general_debate_country_recall() {
    let Some(catalog) = load_catalog() else {
        return;
    };
    let speeches: Vec<&CatalogRow> = catalog
        .iter()
        .filter(|row| row.collection == "ungdc")
        .collect();
    let (n_found, n_expected, misses) =
        actor_recall(speeches.iter().copied(), Searched::Body, country);
    let recall = n_found as f64 / n_expected as f64;
    println!(
        "ungdc country recall, all speeches: {n_found}/{n_expected} = {recall:.3}; misses {misses:?}"
    );
    assert!(
        recall >= 0.97,
        "ungdc country recall {recall:.3} fell below 0.97"
    );

    // Where the speech spells out the catalog's country name, finding it is our job alone.
    let naming_themselves = speeches.iter().copied().filter(|row| {
        let text = read_document(row).to_lowercase();
        row.actors
            .last()
            .is_some_and(|country| text.contains(&country.to_lowercase()))
    });
    let (n_found, n_expected, misses) = actor_recall(naming_themselves, Searched::Body, country);
    let recall = n_found as f64 / n_expected as f64;
    println!(
        "ungdc country recall, speeches naming their country: {n_found}/{n_expected} = {recall:.3}; misses {misses:?}"
    );
    assert!(
        recall >= 0.98,
        "ungdc self-naming recall {recall:.3} fell below 0.98"
    );
}
