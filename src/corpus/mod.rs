//! Corpus files → parsed [`Statement`]s.
//!
//! [`Corpus::open`] lists the `.txt` files under a folder and loads its catalog
//! (`metadata.jsonl`); [`Corpus::parse`] turns one file into a `Statement`. The pipeline per file is
//! `decode` → `boilerplate` → `language` → `metadata` (+ `dates`) → `paragraphs`, then the
//! catalog overrides and the gazetteer's actors. Everything but `walk` is a pure function of
//! text, so [`parse_bytes`] parses a document from memory for tests and benchmarks.
//!
//! Architecture invariants: this module knows nothing about tantivy or HTTP; it never writes to
//! the corpus; one bad file is a [`Problem`], never a panic or an abort. `open` keeps only
//! paths and the catalog, so a million-file corpus is streamed by calling `parse` per file from
//! several threads (`Corpus` is `Sync`; compiled data lives in `LazyLock`s).

pub(crate) mod aliases;
mod boilerplate;
mod catalog;
mod dates;
mod decode;
mod duplicates;
pub mod gazetteer;
mod language;
mod metadata;
mod paragraphs;
pub mod thesaurus;
pub mod translit;
mod walk;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use rayon::prelude::*;

use crate::model::{
    ActorId, ActorRef, ActorRole, DocId, FieldProvenance, Provenance, Statement, slugify,
};

pub use catalog::CatalogEntry;
use catalog::{CATALOG_FILE, CatalogDate};
pub use duplicates::{WARNING_DUPLICATE, duplicate_groups, duplicate_warning, text_hash};
use gazetteer::Gazetteer;
use language::detect_lang;
use paragraphs::split_paragraphs;

/// Bigger files are reported and skipped: no statement is that long, so it is a mistake
/// (a dump, a PDF renamed) and would only slow the index down.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// Bump when parsing changes what gets indexed; it is part of [`Corpus::fingerprint`].
pub const PARSER_VERSION: u32 = 4;

/// The data files compiled into the parser. A change to any of them changes the fingerprint.
const DATA_FILES: [&str; 4] = [
    boilerplate::DATA,
    gazetteer::DATA,
    metadata::PLACES_DATA,
    thesaurus::DATA,
];

pub const WARNING_NO_DATE: &str = "no date stated in the text";
pub const WARNING_NO_ACTOR: &str = "no actor found";
pub const WARNING_DERIVED_TITLE: &str = "title derived from the first sentence";
/// Starts the warning given when no catalog language is set and detection is not confident.
const WARNING_LANGUAGE_UNCERTAIN: &str = "language uncertain";

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("cannot open the corpus folder {}", .path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a folder; give the folder that holds the corpus .txt files", .path.display())]
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
    catalog: HashMap<String, CatalogEntry>,
    /// Hash of the catalog's bytes as read by `open`, for the fingerprint.
    catalog_hash: Option<blake3::Hash>,
    problems: Vec<Problem>,
}

impl Corpus {
    /// Walks `root` recursively for `.txt` files (sorted, `/`-separated relative paths) and loads
    /// `metadata.jsonl` at the root if present. Hidden dirs skipped; symlinks not followed out of
    /// the root. Only an unusable root is an error; everything else is a [`Problem`].
    pub fn open(root: &Path) -> Result<Corpus, CorpusError> {
        let (files, mut problems) = walk::list_txt_files(root)?;
        let is_known_file = |path: &str| files.binary_search_by(|f| f.as_str().cmp(path)).is_ok();
        let (catalog, catalog_hash) = match walk::read_catalog(root, CATALOG_FILE) {
            Ok(None) => (HashMap::new(), None),
            Ok(Some(bytes)) => {
                let (catalog, catalog_problems) = catalog::parse_catalog(&bytes, &is_known_file);
                problems.extend(catalog_problems);
                (catalog, Some(blake3::hash(&bytes)))
            }
            Err(err) => {
                problems.push(Problem {
                    path: CATALOG_FILE.to_string(),
                    reason: format!("cannot be read: {err}"),
                });
                (HashMap::new(), None)
            }
        };
        tracing::debug!(
            n_files = files.len(),
            n_catalog_entries = catalog.len(),
            n_problems = problems.len(),
            "corpus opened"
        );
        Ok(Corpus {
            root: root.to_path_buf(),
            files,
            catalog,
            catalog_hash,
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

    /// The catalog row for a file, if the catalog has one.
    pub fn catalog_entry(&self, rel_path: &str) -> Option<&CatalogEntry> {
        self.catalog.get(rel_path)
    }

    /// Reads and parses one file. Never panics; every failure is a Problem (not text, empty
    /// after cleaning, too big, unreadable). Only paths listed by [`Corpus::files`] are read,
    /// so a caller cannot make it read outside the corpus.
    #[tracing::instrument(level = "debug", skip(self))]
    pub fn parse(&self, rel_path: &str) -> Result<Statement, Problem> {
        if self
            .files
            .binary_search_by(|f| f.as_str().cmp(rel_path))
            .is_err()
        {
            return Err(Problem {
                path: rel_path.to_string(),
                reason: "is not a .txt file of this corpus".to_string(),
            });
        }
        let bytes =
            walk::read_file(&self.root, rel_path, MAX_FILE_BYTES).map_err(|reason| Problem {
                path: rel_path.to_string(),
                reason,
            })?;
        parse_bytes(rel_path, &bytes, self.catalog.get(rel_path))
    }

    /// Changes whenever anything that affects the index changes: every file's relative path,
    /// size and mtime; the catalog's bytes (as read by `open`); [`PARSER_VERSION`]; the
    /// compiled-in data files. Cheap: it stats files and reads no contents. Hex string.
    pub fn fingerprint(&self) -> Result<String, CorpusError> {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"statement-archive corpus\0");
        hasher.update(&PARSER_VERSION.to_le_bytes());
        for data in DATA_FILES {
            hasher.update(&(data.len() as u64).to_le_bytes());
            hasher.update(data.as_bytes());
        }
        match &self.catalog_hash {
            Some(hash) => hasher.update(b"catalog\0").update(hash.as_bytes()),
            None => hasher.update(b"no catalog\0"),
        };
        let stamps: Vec<Option<(u64, i128)>> = self
            .files
            .par_iter()
            .map(|rel_path| walk::file_stamp(&self.root, rel_path))
            .collect();
        for (rel_path, stamp) in self.files.iter().zip(stamps) {
            hasher.update(rel_path.as_bytes()).update(b"\0");
            match stamp {
                Some((size, mtime)) => hasher
                    .update(b"f")
                    .update(&size.to_le_bytes())
                    .update(&mtime.to_le_bytes()),
                // Deleted since `open`: still a change to the index.
                None => hasher.update(b"-"),
            };
        }
        Ok(hasher.finalize().to_hex().to_string())
    }
}

/// Parses a document from bytes (what [`Corpus::parse`] does after reading), for tests and
/// benchmarks.
pub fn parse_bytes(
    rel_path: &str,
    bytes: &[u8],
    catalog: Option<&CatalogEntry>,
) -> Result<Statement, Problem> {
    let problem = |reason: String| Problem {
        path: rel_path.to_string(),
        reason,
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(problem(format!(
            "file is too big ({} bytes; the limit is {MAX_FILE_BYTES} bytes)",
            bytes.len()
        )));
    }
    let text = decode::decode(bytes).map_err(|e| problem(e.to_string()))?;
    let stripped = boilerplate::strip_boilerplate(&text);
    if stripped.text.trim().is_empty() {
        return Err(problem(
            "no text left after removing site boilerplate".to_string(),
        ));
    }
    let detection = detect_lang(&stripped.text);
    let extracted = metadata::extract(&stripped.text, &stripped.dateline);
    let paragraphs = split_paragraphs(&extracted.body);
    let Some(first_paragraph) = paragraphs.first() else {
        return Err(problem(
            "no statement text besides date, place or number lines".to_string(),
        ));
    };
    let mut warnings = Vec::new();
    let mut provenance = FieldProvenance::default();
    // Marks a field as supplied by the catalog when it was, by the text otherwise.
    let origin = |from_catalog: bool| {
        if from_catalog {
            Provenance::Catalog
        } else {
            Provenance::Text
        }
    };

    let catalog_lang = catalog.and_then(|c| c.lang);
    provenance.lang = Some(origin(catalog_lang.is_some()));
    let lang = match catalog_lang {
        Some(lang) => {
            if detection.confident && detection.lang != lang {
                warnings.push(format!(
                    "the catalog says {} but the text looks {}",
                    lang.name(),
                    detection.lang.name()
                ));
            }
            lang
        }
        None => {
            if !detection.confident {
                warnings.push(format!(
                    "{WARNING_LANGUAGE_UNCERTAIN}: the text looks {} but is short or mixed",
                    detection.lang.name()
                ));
            }
            detection.lang
        }
    };

    let catalog_title = catalog.and_then(|c| c.title.clone());
    provenance.title = Some(origin(catalog_title.is_some()));
    let title = match (catalog_title, extracted.title) {
        (Some(title), _) | (None, Some(title)) => title,
        (None, None) => {
            warnings.push(WARNING_DERIVED_TITLE.to_string());
            metadata::title_from_first_sentence(&first_paragraph.text)
        }
    };

    let catalog_date = catalog.map_or(CatalogDate::NotGiven, |c| c.date);
    provenance.date = match catalog_date {
        CatalogDate::Known(_) | CatalogDate::Unknown => Some(Provenance::Catalog),
        CatalogDate::NotGiven => extracted.date.map(|_| Provenance::Text),
    };
    let date = match catalog_date {
        CatalogDate::Known(date) => {
            if let Some(text_date) = extracted.date.filter(|d| *d != date) {
                warnings.push(format!(
                    "the catalog date {date} differs from the date in the text ({text_date})"
                ));
            }
            Some(date)
        }
        CatalogDate::Unknown => {
            let year = catalog.and_then(|c| c.year);
            warnings.push(match (extracted.date, year) {
                (Some(text_date), _) => {
                    format!("the catalog says the date is unknown; the text states {text_date}")
                }
                (None, Some(year)) => format!("no exact date (the catalog gives the year {year})"),
                (None, None) => "no date (the catalog says it is unknown)".to_string(),
            });
            None
        }
        CatalogDate::NotGiven => {
            if extracted.date.is_none() {
                warnings.push(WARNING_NO_DATE.to_string());
            }
            extracted.date
        }
    };

    let catalog_source = catalog.and_then(|c| c.source_name.clone());
    provenance.source = match (&catalog_source, stripped.source) {
        (Some(_), _) => Some(Provenance::Catalog),
        (None, Some(_)) => Some(Provenance::Text),
        (None, None) => None,
    };
    let catalog_source_url = catalog.and_then(|c| c.source_url.clone());
    provenance.source_url = match (&catalog_source_url, &extracted.source_url) {
        (Some(_), _) => Some(Provenance::Catalog),
        (None, Some(_)) => Some(Provenance::Text),
        (None, None) => None,
    };
    provenance.place = extracted.place.map(|_| Provenance::Text);

    let mut statement = Statement {
        id: DocId::from_path(rel_path),
        path: rel_path.to_string(),
        lang,
        title,
        date,
        year: date.map(|d| d.year()).or(catalog.and_then(|c| c.year)),
        source: catalog_source.or_else(|| stripped.source.map(str::to_string)),
        source_url: catalog_source_url.or(extracted.source_url),
        place: extracted.place.map(str::to_string),
        actors: Vec::new(),
        paragraphs,
        parallel_group: catalog.and_then(|c| c.parallel_group.clone()),
        doc_symbol: catalog
            .and_then(|c| c.doc_symbol.clone())
            .or(extracted.doc_symbol),
        warnings: Vec::new(),
        provenance,
        topics: Vec::new(),
        doc_type: None,
    };
    statement.topics = statement_topics(&statement)
        .into_iter()
        .map(str::to_string)
        .collect();
    statement.actors = match catalog.filter(|c| !c.actors.is_empty()) {
        Some(entry) => catalog_actors(&entry.actors),
        None => text_actors(&statement),
    };
    statement.provenance.actors = match catalog.filter(|c| !c.actors.is_empty()) {
        Some(_) => Some(Provenance::Catalog),
        None if statement.actors.is_empty() => None,
        None => Some(Provenance::Text),
    };
    if statement.actors.is_empty() {
        warnings.push(WARNING_NO_ACTOR.to_string());
    }
    statement.warnings = warnings;
    Ok(statement)
}

/// The title and body, the text that actors and topics are found in.
fn named_text(statement: &Statement) -> String {
    let mut text = statement.title.clone();
    for paragraph in &statement.paragraphs {
        text.push_str("\n\n");
        text.push_str(&paragraph.text);
    }
    text
}

/// Actors named in the title and body, in order of first mention.
fn text_actors(statement: &Statement) -> Vec<ActorRef> {
    Gazetteer::get()
        .find_in_text(&named_text(statement))
        .iter()
        .map(|mention| mention.actor.to_ref(ActorRole::Mentioned))
        .collect()
}

/// The thesaurus topics a statement is about, most-named first: those its title and body name
/// at least [`MIN_TOPIC_MENTIONS`] times, and always its most-named one, so that a passing
/// mention (one "sanctions" in a speech on outer space) does not make a topic.
pub fn statement_topics(statement: &Statement) -> Vec<&'static str> {
    let counts = thesaurus::Thesaurus::get().topic_counts(&named_text(statement));
    counts
        .iter()
        .enumerate()
        .filter(|(rank, (_, n))| *rank == 0 || *n >= MIN_TOPIC_MENTIONS)
        .map(|(_, (topic, _))| *topic)
        .collect()
}

/// Mentions of a topic's concepts that make it one of a statement's topics.
pub const MIN_TOPIC_MENTIONS: usize = 2;

/// A short, stable name for the kind of a warning, for counting warnings in reports.
/// Unknown texts are `other`, so a new warning shows up in the count rather than vanishing.
pub fn warning_kind(warning: &str) -> &'static str {
    if warning == WARNING_NO_DATE || warning.starts_with("no date (") {
        "no date"
    } else if warning.starts_with("no exact date") {
        "no exact date"
    } else if warning.starts_with("the catalog date")
        || warning.starts_with("the catalog says the date")
    {
        "date differs from catalog"
    } else if warning.starts_with(WARNING_LANGUAGE_UNCERTAIN) {
        "language uncertain"
    } else if warning.starts_with("the catalog says ") && warning.contains(" but the text looks ") {
        "language differs from catalog"
    } else if warning == WARNING_NO_ACTOR {
        "no actor"
    } else if warning == WARNING_DERIVED_TITLE {
        "title derived"
    } else if warning.starts_with(WARNING_DUPLICATE) {
        "possible duplicate"
    } else {
        "other"
    }
}

/// Catalog actor names through the gazetteer; a name it does not know keeps its own spelling
/// with a slug id, so the catalog is never silently ignored.
fn catalog_actors(names: &[String]) -> Vec<ActorRef> {
    let mut res: Vec<ActorRef> = Vec::new();
    for name in names {
        let actor = match Gazetteer::get().resolve(name) {
            Some(actor) => actor.to_ref(ActorRole::Speaker),
            None => ActorRef {
                id: ActorId(slug_id(name)),
                name: name.clone(),
                role: ActorRole::Speaker,
            },
        };
        if !res.iter().any(|a| a.id == actor.id) {
            res.push(actor);
        }
    }
    res
}

/// A slug of the name; names without Latin letters or digits (Arabic, Russian) get a hash.
fn slug_id(name: &str) -> String {
    let slug = slugify(name, 60);
    if slug.is_empty() {
        format!("actor-{}", &blake3::hash(name.as_bytes()).to_hex()[..8])
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passing_mention_does_not_make_a_topic_but_the_main_subject_does() {
        let text = "Statement on outer space\n\nThe placement of weapons in outer space \
                    must be prevented. An arms race in outer space threatens everyone, and \
                    sanctions will not help.";
        let statement = parse_bytes("en/a.txt", text.as_bytes(), None).unwrap();
        assert_eq!(
            statement.topics.first().map(String::as_str),
            Some("space-security")
        );
        assert!(
            !statement.topics.iter().any(|t| t == "sanctions-terrorism"),
            "{:?}",
            statement.topics
        );
    }
    use crate::model::Lang;

    fn entry(json: &str) -> CatalogEntry {
        CatalogEntry::parse_line(json).unwrap()
    }

    const TEXT: &str = "Zakharova comments on space security\n\nMOSCOW, 14 March 2022 — Maria Zakharova said the United States blocks talks.\n\nShe called on China to help.";

    #[test]
    fn corpus_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Corpus>();
        assert_send_sync::<CatalogEntry>();
        assert_send_sync::<Problem>();
    }

    #[test]
    fn parses_a_plain_statement() {
        let statement = parse_bytes("en/a.txt", TEXT.as_bytes(), None).unwrap();
        assert_eq!(statement.lang, Lang::En);
        assert_eq!(statement.title, "Zakharova comments on space security");
        assert_eq!(statement.date, "2022-03-14".parse().ok());
        assert_eq!(statement.place.as_deref(), Some("Moscow"));
        assert_eq!(statement.paragraphs.len(), 2);
        let ids: Vec<&str> = statement.actors.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["maria-zakharova", "united-states", "china"]);
        assert!(statement.warnings.is_empty(), "{:?}", statement.warnings);
    }

    #[test]
    fn catalog_overrides_title_date_actors_lang_and_source() {
        let catalog = entry(
            r#"{"file": "en/a.txt", "title": "Curated title", "date": "2022-03-15", "actors": ["Russian Federation", "Foreign Ministry of Ruritania", "ماريا"], "lang": "en", "source_name": "MFA", "source_url": "https://example.org/1", "parallel_group": "g1", "doc_symbol": "S/2022/1"}"#,
        );
        let statement = parse_bytes("en/a.txt", TEXT.as_bytes(), Some(&catalog)).unwrap();
        assert_eq!(statement.title, "Curated title");
        assert_eq!(statement.date, "2022-03-15".parse().ok());
        assert_eq!(statement.source.as_deref(), Some("MFA"));
        assert_eq!(
            statement.source_url.as_deref(),
            Some("https://example.org/1")
        );
        assert_eq!(statement.parallel_group.as_deref(), Some("g1"));
        assert_eq!(statement.doc_symbol.as_deref(), Some("S/2022/1"));
        let actors: Vec<(&str, &str)> = statement
            .actors
            .iter()
            .map(|a| (a.id.as_str(), a.name.as_str()))
            .collect();
        assert_eq!(actors[0], ("russia", "Russia"));
        assert_eq!(
            actors[1],
            (
                "foreign-ministry-of-ruritania",
                "Foreign Ministry of Ruritania"
            )
        );
        assert!(actors[2].0.starts_with("actor-") && actors[2].1 == "ماريا");
        assert_eq!(
            statement.warnings,
            ["the catalog date 2022-03-15 differs from the date in the text (2022-03-14)"]
        );
    }

    #[test]
    fn provenance_says_text_without_a_catalog() {
        let statement = parse_bytes("en/a.txt", TEXT.as_bytes(), None).unwrap();
        let fields: Vec<(&str, Provenance)> = statement.provenance.known().collect();
        assert_eq!(
            fields,
            [
                ("lang", Provenance::Text),
                ("title", Provenance::Text),
                ("date", Provenance::Text),
                ("actors", Provenance::Text),
                ("place", Provenance::Text),
            ],
            "no source or URL was found, so neither has a provenance"
        );
    }

    #[test]
    fn provenance_says_catalog_for_each_overridden_field_only() {
        let catalog = entry(
            r#"{"file": "en/a.txt", "title": "Curated title", "source_url": "https://example.org/1"}"#,
        );
        let statement = parse_bytes("en/a.txt", TEXT.as_bytes(), Some(&catalog)).unwrap();
        let fields: Vec<(&str, Provenance)> = statement.provenance.known().collect();
        assert_eq!(
            fields,
            [
                ("lang", Provenance::Text),
                ("title", Provenance::Catalog),
                ("date", Provenance::Text),
                ("actors", Provenance::Text),
                ("source_url", Provenance::Catalog),
                ("place", Provenance::Text),
            ]
        );
        let unknown_date = entry(r#"{"file": "en/a.txt", "date": null, "actors": ["Russia"]}"#);
        let statement = parse_bytes("en/a.txt", TEXT.as_bytes(), Some(&unknown_date)).unwrap();
        assert_eq!(statement.provenance.date, Some(Provenance::Catalog));
        assert_eq!(statement.provenance.actors, Some(Provenance::Catalog));
    }

    #[test]
    fn every_warning_parse_bytes_gives_has_a_kind() {
        let check = |json: Option<&str>, text: &str, expected: &[&str]| {
            let catalog = json.map(entry);
            let statement = parse_bytes("en/a.txt", text.as_bytes(), catalog.as_ref()).unwrap();
            let kinds: Vec<&str> = statement.warnings.iter().map(|w| warning_kind(w)).collect();
            assert_eq!(kinds, expected, "{:?}", statement.warnings);
        };
        check(
            None,
            "The committee met and talked at length about many things.",
            &["title derived", "no date", "no actor"],
        );
        check(
            Some(r#"{"file": "en/a.txt", "lang": "ar", "date": "2022-03-15"}"#),
            TEXT,
            &["language differs from catalog", "date differs from catalog"],
        );
        check(
            Some(r#"{"file": "en/a.txt", "date": null}"#),
            TEXT,
            &["date differs from catalog"],
        );
        check(
            Some(r#"{"file": "en/a.txt", "date": null, "year": 2020}"#),
            "Russia speaks.",
            &["language uncertain", "title derived", "no exact date"],
        );
        check(
            Some(r#"{"file": "en/a.txt", "date": null}"#),
            "Russia speaks.",
            &["language uncertain", "title derived", "no date"],
        );
        assert_eq!(
            warning_kind(&duplicate_warning(&["en/b.txt"])),
            "possible duplicate"
        );
        assert_eq!(warning_kind("something new"), "other");
    }

    #[test]
    fn catalog_null_date_clears_the_text_date() {
        let catalog = entry(r#"{"file": "en/a.txt", "date": null, "year": 2022}"#);
        let statement = parse_bytes("en/a.txt", TEXT.as_bytes(), Some(&catalog)).unwrap();
        assert_eq!(statement.date, None);
        assert_eq!(
            statement.warnings,
            ["the catalog says the date is unknown; the text states 2022-03-14"]
        );
    }

    #[test]
    fn catalog_lang_wins_with_a_warning_when_the_text_disagrees() {
        let catalog = entry(r#"{"file": "en/a.txt", "lang": "ar"}"#);
        let statement = parse_bytes("en/a.txt", TEXT.as_bytes(), Some(&catalog)).unwrap();
        assert_eq!(statement.lang, Lang::Ar);
        assert_eq!(
            statement.warnings,
            ["the catalog says Arabic but the text looks English"]
        );
    }

    #[test]
    fn decode_failures_are_problems() {
        let check = |bytes: &[u8], reason: &str| {
            let problem = parse_bytes("x/y.txt", bytes, None).unwrap_err();
            assert_eq!(
                problem,
                Problem {
                    path: "x/y.txt".to_string(),
                    reason: reason.to_string()
                }
            );
        };
        check(b"abc \xff", "not valid UTF-8 text (byte offset 4)");
        check(b"\x00\x01binary", "not a text file");
        check(b"  \n ", "empty file");
        check(
            b"17:31\n\nShare this\n",
            "no text left after removing site boilerplate",
        );
        check(
            b"June 20, 2023\n",
            "no statement text besides date, place or number lines",
        );
    }

    #[test]
    fn oversized_input_is_a_problem() {
        let big = vec![b'a'; MAX_FILE_BYTES as usize + 1];
        let problem = parse_bytes("big.txt", &big, None).unwrap_err();
        assert!(problem.reason.starts_with("file is too big"), "{problem}");
    }

    #[test]
    fn warnings_for_doubtful_extraction() {
        let statement = parse_bytes(
            "en/b.txt",
            b"The committee met and talked at length about many things.",
            None,
        )
        .unwrap();
        assert_eq!(
            statement.title,
            "The committee met and talked at length about many things"
        );
        assert_eq!(
            statement.warnings,
            [WARNING_DERIVED_TITLE, WARNING_NO_DATE, WARNING_NO_ACTOR]
        );
    }

    #[test]
    fn parsing_never_panics_on_odd_input() {
        // A seeded xorshift over a small alphabet that mixes scripts, digits, dashes and newlines.
        let alphabet: Vec<char> = "aZ 1.\n\n-–،٢мя يو:()/\u{a0}\u{200b}(SeaPRwire)"
            .chars()
            .collect();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..500 {
            let mut text = String::new();
            for _ in 0..(state % 200) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            let _ = parse_bytes("fuzz.txt", text.as_bytes(), None);
        }
    }
}
