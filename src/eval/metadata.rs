//! Metadata accuracy: what the parser extracts from a text on its own, scored against what a
//! curator says (issue 5).
//!
//! Three measurements, each over documents parsed *without* their catalog row
//! (`corpus::parse_bytes(.., None)`), so the text alone speaks:
//! - language: the detected language against the catalog's `lang`, over every file;
//! - actors: on the Arabic news articles (`saudinewsnet`), the catalog's actors found among the
//!   extracted ones (recall) and the extracted ones the catalog lists (precision); on the General
//!   Debate speeches (`ungdc`) whose text names their country (the catalog's last actor), that
//!   country among the extracted actors, and the extracted state speakers against it;
//! - dates: a hand-written test set (`tests/metadata/dates.txt`), exact match, `none` included.
//!
//! News precision counts only actors in the catalog's own vocabulary (every actor id any news row
//! names): the catalog looked for a fixed list of names, so an actor outside that list that we find
//! is not wrong, merely unjudged. Catalog names the gazetteer cannot resolve stay in the recall
//! denominator (the parser cannot find what it does not know), and are listed.
//!
//! Whether a speech "names its country" is decided independently of extraction: one of the
//! gazetteer's English names of the country occurs in the text as whole words, case-insensitively
//! (abbreviations of at most three letters, such as `USA`, only in capitals). Speeches that never
//! name their country cannot be scored on finding it, so they are left out and counted.
//!
//! This module reads no files and prints nothing: the caller passes the corpus bytes and the date
//! set's text, and gets plain data back.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::corpus::{Corpus, parse_bytes};
use crate::model::{ActorKind, ActorRole, Lang, Statement};
use crate::vocab::gazetteer::{Actor, Gazetteer};

/// The catalog `collection` of the Arabic news articles.
pub const NEWS_COLLECTION: &str = "saudinewsnet";
/// The catalog `collection` of the General Debate speeches.
pub const DEBATE_COLLECTION: &str = "ungdc";
/// Starts a case of the date set: `=== <expected> <label>`.
const CASE_HEADER: &str = "===";

/// `hits` out of `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ratio {
    pub hits: usize,
    pub n: usize,
}

impl Ratio {
    /// `None` when there is nothing to divide by.
    pub fn value(self) -> Option<f64> {
        (self.n > 0).then(|| self.hits as f64 / self.n as f64)
    }

    fn add(&mut self, hit: bool) {
        self.n += 1;
        self.hits += usize::from(hit);
    }
}

/// A file whose detected language is not the catalog's.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageMiss {
    pub path: String,
    pub expected: Lang,
    /// What detection said, or why the file could not be parsed at all.
    pub got: Result<Lang, String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LanguageAccuracy {
    /// Files with a catalog language.
    pub accuracy: Ratio,
    pub misses: Vec<LanguageMiss>,
}

/// One actor of one document where extraction and catalog disagree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ActorMiss {
    pub path: String,
    /// The gazetteer id, or the catalog's spelling when the gazetteer does not know it.
    pub actor: String,
}

/// The news articles' actors against their catalog rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewsActors {
    pub articles: usize,
    /// Distinct actor ids named by any news row: the actors precision is counted over.
    pub vocabulary: usize,
    pub recall: Ratio,
    pub precision: Ratio,
    /// Catalog actors not extracted (unknown names included).
    pub missed: Vec<ActorMiss>,
    /// Extracted vocabulary actors the row does not list.
    pub extra: Vec<ActorMiss>,
    /// Catalog names the gazetteer cannot resolve (also in `missed`).
    pub unresolved: Vec<ActorMiss>,
}

/// The General Debate speeches' country against what was extracted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DebateActors {
    pub speeches: usize,
    /// Speeches whose catalog country the gazetteer cannot resolve (left out).
    pub unresolved: Vec<ActorMiss>,
    /// Speeches that never name their country (left out): path and country id.
    pub not_named: Vec<ActorMiss>,
    /// Over the speeches that name their country: the country among the extracted actors.
    pub country_recall: Ratio,
    /// Extracted state speakers that are the speech's country; `None` when no speech has a
    /// speaker at all (speaker detection not in place).
    pub speaker_precision: Option<Ratio>,
    /// Speeches whose country is an extracted speaker; `None` as above.
    pub speaker_recall: Option<Ratio>,
    /// Speeches whose country was not extracted: path and country id.
    pub missed: Vec<ActorMiss>,
    /// Extracted state speakers other than the speech's country.
    pub wrong_speakers: Vec<ActorMiss>,
}

/// All corpus measurements.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CorpusAccuracy {
    pub files: usize,
    pub language: LanguageAccuracy,
    pub news: NewsActors,
    pub debates: DebateActors,
}

/// One case of the date set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateCase {
    /// 1-based line of the case header, for messages.
    pub line: usize,
    pub label: String,
    /// The statement's own date, `None` when it states none.
    pub expected: Option<NaiveDate>,
    pub text: String,
}

/// A date set that cannot be read; each variant names the 1-based line.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateCaseError {
    #[error("line {line}: a case header is `=== <YYYY-MM-DD or none> <label>`, found “{found}”")]
    Header { line: usize, found: String },
    #[error("line {line}: text before the first case; start a case with `=== <date> <label>`")]
    Orphan { line: usize },
    #[error("line {line}: case “{label}” has no text")]
    Empty { line: usize, label: String },
    #[error("the date set has no cases")]
    NoCases,
}

/// A date case the parser got wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMiss {
    pub line: usize,
    pub label: String,
    pub expected: Option<NaiveDate>,
    /// The extracted date, or why the case could not be parsed at all.
    pub got: Result<Option<NaiveDate>, String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DateAccuracy {
    pub accuracy: Ratio,
    /// The cases stating no date of their own.
    pub none_accuracy: Ratio,
    pub misses: Vec<DateMiss>,
}

/// Parses every file without its catalog and scores language and actors against the catalog.
/// `files` holds (corpus-relative path, bytes); files without a catalog row are left out.
pub fn measure_corpus(corpus: &Corpus, files: &[(String, Vec<u8>)]) -> CorpusAccuracy {
    let parsed: Vec<(&str, &[u8], Result<Statement, String>)> = files
        .par_iter()
        .map(|(path, bytes)| {
            let res = parse_bytes(path, bytes, None).map_err(|problem| problem.reason);
            (path.as_str(), bytes.as_slice(), res)
        })
        .collect();
    let gazetteer = Gazetteer::get();
    let news_vocabulary: HashSet<&str> = parsed
        .iter()
        .filter_map(|(path, _, _)| corpus.catalog_entry(path))
        .filter(|entry| entry.collection() == Some(NEWS_COLLECTION))
        .flat_map(|entry| entry.actors())
        .filter_map(|name| gazetteer.resolve(&name))
        .map(|actor| actor.id.as_str())
        .collect();

    let mut res = CorpusAccuracy {
        files: files.len(),
        ..CorpusAccuracy::default()
    };
    res.news.vocabulary = news_vocabulary.len();
    for (path, bytes, statement) in &parsed {
        let Some(entry) = corpus.catalog_entry(path) else {
            continue;
        };
        if let Some(expected) = entry.lang() {
            let got = statement.as_ref().map(|s| s.lang).map_err(Clone::clone);
            let hit = got.as_ref() == Ok(&expected);
            res.language.accuracy.add(hit);
            if !hit {
                res.language.misses.push(LanguageMiss {
                    path: path.to_string(),
                    expected,
                    got,
                });
            }
        }
        let extracted: BTreeSet<&str> = match statement {
            Ok(statement) => statement.actors.iter().map(|a| a.id.as_str()).collect(),
            Err(_) => BTreeSet::new(),
        };
        match entry.collection() {
            Some(NEWS_COLLECTION) => {
                score_news(
                    &mut res.news,
                    path,
                    &entry.actors(),
                    &extracted,
                    &news_vocabulary,
                );
            }
            Some(DEBATE_COLLECTION) => {
                let text = String::from_utf8_lossy(bytes);
                let actors = entry.actors();
                score_debate(
                    &mut res.debates,
                    path,
                    // `[speaker, country]`, or `[country]` when the speaker is not known.
                    actors.last().map(String::as_str),
                    &text,
                    statement.as_ref().ok(),
                );
            }
            _ => {}
        }
    }
    // With no speaker anywhere, the speaker figures would only say "not implemented".
    if res
        .debates
        .speaker_precision
        .is_some_and(|ratio| ratio.n == 0)
    {
        res.debates.speaker_precision = None;
        res.debates.speaker_recall = None;
    }
    res
}

fn score_news(
    news: &mut NewsActors,
    path: &str,
    catalog_names: &[String],
    extracted: &BTreeSet<&str>,
    vocabulary: &HashSet<&str>,
) {
    news.articles += 1;
    let mut expected: BTreeSet<&str> = BTreeSet::new();
    for name in catalog_names {
        match Gazetteer::get().resolve(name) {
            Some(actor) => {
                expected.insert(actor.id.as_str());
            }
            None => {
                let miss = ActorMiss {
                    path: path.to_string(),
                    actor: name.clone(),
                };
                news.recall.add(false);
                news.missed.push(miss.clone());
                news.unresolved.push(miss);
            }
        }
    }
    for id in &expected {
        let hit = extracted.contains(id);
        news.recall.add(hit);
        if !hit {
            news.missed.push(ActorMiss {
                path: path.to_string(),
                actor: id.to_string(),
            });
        }
    }
    for id in extracted.iter().filter(|id| vocabulary.contains(*id)) {
        let hit = expected.contains(id);
        news.precision.add(hit);
        if !hit {
            news.extra.push(ActorMiss {
                path: path.to_string(),
                actor: id.to_string(),
            });
        }
    }
}

fn score_debate(
    debates: &mut DebateActors,
    path: &str,
    country_name: Option<&str>,
    text: &str,
    statement: Option<&Statement>,
) {
    debates.speeches += 1;
    let Some(country) = country_name.and_then(|name| Gazetteer::get().resolve(name)) else {
        debates.unresolved.push(ActorMiss {
            path: path.to_string(),
            actor: country_name.unwrap_or("(no country)").to_string(),
        });
        return;
    };
    if !names_actor_in_english(text, country) {
        debates.not_named.push(ActorMiss {
            path: path.to_string(),
            actor: country.id.to_string(),
        });
        return;
    }
    let country_id = country.id.as_str();
    let found = statement.is_some_and(|s| s.actors.iter().any(|a| a.id.as_str() == country_id));
    debates.country_recall.add(found);
    if !found {
        debates.missed.push(ActorMiss {
            path: path.to_string(),
            actor: country_id.to_string(),
        });
    }
    let precision = debates.speaker_precision.get_or_insert_default();
    let recall = debates.speaker_recall.get_or_insert_default();
    let speakers = statement
        .into_iter()
        .flat_map(|s| s.actors.iter())
        .filter(|a| a.role == ActorRole::Speaker);
    let mut country_speaks = false;
    for speaker in speakers {
        let is_state = Gazetteer::get()
            .actor(speaker.id.as_str())
            .is_some_and(|actor| actor.kind == ActorKind::State);
        if !is_state {
            continue;
        }
        let hit = speaker.id.as_str() == country_id;
        country_speaks |= hit;
        precision.add(hit);
        if !hit {
            debates.wrong_speakers.push(ActorMiss {
                path: path.to_string(),
                actor: speaker.id.to_string(),
            });
        }
    }
    recall.add(country_speaks);
}

/// Whether `text` names `actor` by one of its English names, as whole words, ignoring case
/// (short all-capital abbreviations must be capitals in the text too).
pub fn names_actor_in_english(text: &str, actor: &Actor) -> bool {
    // Typographic apostrophes are the same letter to a reader ("People’s Republic").
    let straight = |s: &str| s.replace(['’', 'ʼ'], "'");
    let text = straight(text);
    let lower = text.to_lowercase();
    actor
        .names()
        .filter(|(lang, _)| *lang == Lang::En)
        .any(|(_, name)| {
            let is_abbreviation = name.chars().count() <= 3
                && name.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
            if is_abbreviation {
                contains_word(&text, name)
            } else {
                contains_word(&lower, &straight(name).to_lowercase())
            }
        })
}

/// `needle` in `haystack` with no letter or digit right before or after it.
fn contains_word(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    haystack.match_indices(needle).any(|(start, found)| {
        let before = haystack[..start].chars().next_back();
        let after = haystack[start + found.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Parses the date set: cases headed `=== <YYYY-MM-DD or none> <label>`, each followed by its
/// text up to the next header. Lines starting with `#` or blank before the first case are
/// comments.
pub fn parse_date_cases(text: &str) -> Result<Vec<DateCase>, DateCaseError> {
    let mut cases: Vec<DateCase> = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        let line_no = idx + 1;
        if let Some(header) = line.strip_prefix(CASE_HEADER) {
            let header_error = || DateCaseError::Header {
                line: line_no,
                found: line.to_string(),
            };
            let mut words = header.split_whitespace();
            let expected = match words.next().ok_or_else(header_error)? {
                "none" => None,
                date => {
                    Some(NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| header_error())?)
                }
            };
            let label = words.collect::<Vec<_>>().join(" ");
            if label.is_empty() {
                return Err(header_error());
            }
            cases.push(DateCase {
                line: line_no,
                label,
                expected,
                text: String::new(),
            });
            continue;
        }
        match cases.last_mut() {
            Some(case) => {
                case.text.push_str(line);
                case.text.push('\n');
            }
            None if line.trim().is_empty() || line.starts_with('#') => {}
            None => return Err(DateCaseError::Orphan { line: line_no }),
        }
    }
    if let Some(case) = cases.iter().find(|case| case.text.trim().is_empty()) {
        return Err(DateCaseError::Empty {
            line: case.line,
            label: case.label.clone(),
        });
    }
    if cases.is_empty() {
        return Err(DateCaseError::NoCases);
    }
    for case in &mut cases {
        let trimmed = case.text.trim_end().len();
        case.text.truncate(trimmed);
        case.text.push('\n');
    }
    Ok(cases)
}

/// Parses every case as a corpus file (no catalog) and compares its date, `none` included.
pub fn measure_dates(cases: &[DateCase]) -> DateAccuracy {
    let mut res = DateAccuracy::default();
    for case in cases {
        let path = format!("dates/{}.txt", case.label);
        let got = parse_bytes(&path, case.text.as_bytes(), None)
            .map(|statement| statement.date)
            .map_err(|problem| problem.reason);
        let hit = got == Ok(case.expected);
        res.accuracy.add(hit);
        if case.expected.is_none() {
            res.none_accuracy.add(hit);
        }
        if !hit {
            res.misses.push(DateMiss {
                line: case.line,
                label: case.label.clone(),
                expected: case.expected,
                got,
            });
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<NaiveDate> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn date_cases_parse_with_comments_labels_and_multiline_text() {
        let cases = parse_date_cases(
            "# a comment\n\n=== 2023-06-20 en-head\nTitle\n20 June 2023\nBody.\n\n=== none ru-none\nТекст.\n",
        )
        .unwrap();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].line, 3);
        assert_eq!(cases[0].label, "en-head");
        assert_eq!(cases[0].expected, date("2023-06-20"));
        assert_eq!(cases[0].text, "Title\n20 June 2023\nBody.\n");
        assert_eq!(cases[1].expected, None);
        assert_eq!(cases[1].text, "Текст.\n");
    }

    #[test]
    fn bad_date_sets_say_which_line() {
        let err = |text: &str| parse_date_cases(text).unwrap_err();
        assert!(matches!(
            err("=== 2023-02-30 x\nText"),
            DateCaseError::Header { line: 1, .. }
        ));
        assert!(matches!(
            err("=== 2023-02-03\nText"),
            DateCaseError::Header { line: 1, .. }
        ));
        assert_eq!(err("stray\n"), DateCaseError::Orphan { line: 1 });
        assert_eq!(
            err("=== none a\n\n=== none b\nText"),
            DateCaseError::Empty {
                line: 1,
                label: "a".to_string()
            }
        );
        assert_eq!(err("# only a comment\n"), DateCaseError::NoCases);
    }

    #[test]
    fn dates_are_scored_exactly_with_none_counted() {
        let cases = parse_date_cases(
            "=== 2022-03-14 a\nMOSCOW, 14 March 2022 — The ministry said so.\n=== none b\nSince 1968 the Treaty has held.\n=== 2020-01-01 c\nSince 1968 the Treaty has held.\n",
        )
        .unwrap();
        let res = measure_dates(&cases);
        assert_eq!(res.accuracy, Ratio { hits: 2, n: 3 });
        assert_eq!(res.none_accuracy, Ratio { hits: 1, n: 1 });
        assert_eq!(res.misses.len(), 1);
        assert_eq!(res.misses[0].label, "c");
        assert_eq!(res.misses[0].got, Ok(None));
    }

    #[test]
    fn naming_a_country_is_whole_words_and_ignores_case() {
        let gazetteer = Gazetteer::get();
        let iran = gazetteer.resolve("Iran").unwrap();
        assert!(names_actor_in_english(
            "The delegation of IRAN spoke.",
            iran
        ));
        assert!(!names_actor_in_english(
            "The Iranian delegation spoke.",
            iran
        ));
        let usa = gazetteer.resolve("United States").unwrap();
        assert!(names_actor_in_english("the united states of america", usa));
        assert!(!names_actor_in_english("Let us work together.", usa));
        let dprk = gazetteer
            .resolve("Democratic People's Republic of Korea")
            .unwrap();
        assert!(names_actor_in_english(
            "the Democratic People’s Republic of Korea",
            dprk
        ));
    }

    #[test]
    fn ratios_divide_only_when_there_is_something_to_divide() {
        assert_eq!(Ratio { hits: 0, n: 0 }.value(), None);
        assert_eq!(Ratio { hits: 3, n: 4 }.value(), Some(0.75));
    }
}
