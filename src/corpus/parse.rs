//! One document from bytes to a `Statement`: text out of its format, its own front matter,
//! the site's boilerplate off, language and metadata read, the curators' values merged in, then
//! topics, actors, type and roles named.

use std::path::Path;

use chrono::Datelike;

use super::catalog::{CatalogDate, CatalogEntry, Curation};
use super::curation::{Curations, catalog_actor_id, catalog_actors};
use super::front_matter::{FrontMatter, split_front_matter};
use super::language::{self, detect_lang};
use super::paragraphs::split_paragraphs;
use super::topics::topics_in;
use super::{Format, Problem, boilerplate, decode, doctype, html, metadata, pdf, roles};
use crate::model::{
    ActorRef, ActorRole, CuratedYear, DocId, FieldProvenance, Paragraph, Provenance, Statement,
    Warning, YEARS,
};
use crate::vocab::fold::{FoldedText, join_words, words};
use crate::vocab::gazetteer::{self, Gazetteer};

/// Parses a document from bytes (what [`Corpus::parse`] does after reading), for tests and
/// benchmarks: the text out of its format, its own front matter cut off, the text read, the
/// curators' values merged in, and what it holds named. A document without statement text is a
/// [`Problem`]; anything doubtful is a [`Warning`] on the statement.
pub fn parse_bytes(
    rel_path: &str,
    bytes: &[u8],
    catalog: Option<&CatalogEntry>,
) -> Result<Statement, Problem> {
    let problem = |reason: String| Problem {
        path: rel_path.to_string(),
        reason,
    };
    let (format, decoded, page) = as_text(rel_path, bytes).map_err(problem)?;
    let mut warnings = Vec::new();
    let (front_matter, text) = own_front_matter(format, &decoded, &mut warnings);
    if text.trim().is_empty() {
        return Err(problem(
            "no statement text after the front matter".to_string(),
        ));
    }
    let curations = Curations {
        front_matter: front_matter.as_ref(),
        catalog: catalog.map(|c| &c.curation),
    };
    let read = read_text(text, page).map_err(problem)?;
    let mut statement = merge_curations(rel_path, read, &curations, &mut warnings);
    name_what_it_holds(&mut statement, &curations, &mut warnings);
    statement.warnings = warnings;
    Ok(statement)
}

/// What the text says of itself once the site's furniture is off.
struct TextRead {
    /// The source whose boilerplate rules matched.
    source: Option<&'static str>,
    detection: language::Detection,
    extracted: metadata::Extracted,
    /// Never empty.
    paragraphs: Vec<Paragraph>,
}

/// Step 3: boilerplate off, then the language, the metadata in the text's head and the
/// paragraphs. A page's own metadata is more reliable than what the text suggests; its
/// declared language (often a site-wide default) only settles what detection cannot.
fn read_text(text: &str, page: Option<html::Page>) -> Result<TextRead, String> {
    let stripped = boilerplate::strip_boilerplate(text);
    if stripped.text.trim().is_empty() {
        return Err("no text left after removing site boilerplate".to_string());
    }
    let mut detection = detect_lang(&stripped.text);
    let mut extracted = metadata::extract(&stripped.text, &stripped.dateline);
    if let Some(page) = page {
        extracted.title = page.title.or(extracted.title);
        extracted.date = page.date.or(extracted.date);
        extracted.source_url = page.url.or(extracted.source_url);
        if let (Some(lang), false) = (page.lang, detection.confident) {
            detection = language::Detection {
                lang,
                confident: true,
            };
        }
    }
    let paragraphs = split_paragraphs(&extracted.body);
    if paragraphs.is_empty() {
        return Err("no statement text besides date, place or number lines".to_string());
    }
    Ok(TextRead {
        source: stripped.source,
        detection,
        extracted,
        paragraphs,
    })
}

/// Step 4: the statement's fields, each the curators' value when they give one (front matter
/// before catalog) and the text's otherwise, with where each came from and a warning where
/// they disagree or a curated value cannot be right.
fn merge_curations(
    rel_path: &str,
    read: TextRead,
    curations: &Curations<'_>,
    warnings: &mut Vec<Warning>,
) -> Statement {
    let mut provenance = FieldProvenance::default();

    let curated_lang = curations.get(|c| c.lang);
    provenance.lang = Some(curated_lang.map_or(Provenance::Text, |(_, origin)| origin));
    let lang = match curated_lang {
        Some((lang, origin)) => {
            if read.detection.confident && read.detection.lang != lang {
                warnings.push(Warning::LanguageDiffers {
                    curator: origin,
                    says: lang,
                    looks: read.detection.lang,
                });
            }
            lang
        }
        None => {
            if !read.detection.confident {
                warnings.push(Warning::LanguageUncertain {
                    looks: read.detection.lang,
                });
            }
            read.detection.lang
        }
    };

    let curated_title = curations.get(|c| c.title.clone());
    provenance.title = Some(curated_title.as_ref().map_or(Provenance::Text, |(_, o)| *o));
    let title = match (curated_title, read.extracted.title) {
        (Some((title, _)), _) | (None, Some(title)) => title,
        (None, None) => {
            warnings.push(Warning::TitleDerived);
            metadata::title_from_first_sentence(&read.paragraphs[0].text)
        }
    };

    // A curated year or date outside the years an archive can show is a typo: warned, ignored.
    let curated_date = curations.get(|c| match c.date {
        CatalogDate::NotGiven => None,
        date => Some(date),
    });
    let curated_date = match curated_date {
        Some((CatalogDate::Known(date), origin)) if !YEARS.contains(&date.year()) => {
            warnings.push(Warning::OutOfRange {
                curator: origin,
                field: CuratedYear::Date,
                value: date.to_string(),
            });
            None
        }
        other => other,
    };
    let curated_year = match curations.get(|c| c.year) {
        Some((year, origin)) if !YEARS.contains(&year) => {
            warnings.push(Warning::OutOfRange {
                curator: origin,
                field: CuratedYear::Year,
                value: year.to_string(),
            });
            None
        }
        other => other.map(|(year, _)| year),
    };
    provenance.date = match curated_date {
        Some((_, origin)) => Some(origin),
        None => read.extracted.date.map(|_| Provenance::Text),
    };
    let date = match curated_date {
        Some((CatalogDate::Known(date), origin)) => {
            if let Some(text_date) = read.extracted.date.filter(|d| *d != date) {
                warnings.push(Warning::DateDiffers {
                    curator: origin,
                    curated: date,
                    text: text_date,
                });
            }
            Some(date)
        }
        Some((_, curator)) => {
            warnings.push(match (read.extracted.date, curated_year) {
                (Some(text), _) => Warning::DateUnknownButStated { curator, text },
                (None, Some(year)) => Warning::YearOnly { curator, year },
                (None, None) => Warning::DateUnknown { curator },
            });
            None
        }
        None => {
            if read.extracted.date.is_none() {
                warnings.push(Warning::NoDate);
            }
            read.extracted.date
        }
    };

    let curated_source = curations.get(|c| c.source_name.clone());
    provenance.source = match (&curated_source, read.source) {
        (Some((_, origin)), _) => Some(*origin),
        (None, Some(_)) => Some(Provenance::Text),
        (None, None) => None,
    };
    let curated_source_url = curations.get(|c| c.source_url.clone());
    provenance.source_url = match (&curated_source_url, &read.extracted.source_url) {
        (Some((_, origin)), _) => Some(*origin),
        (None, Some(_)) => Some(Provenance::Text),
        (None, None) => None,
    };
    let curated_place = curations.get(|c| c.place.clone());
    provenance.place = match (&curated_place, read.extracted.place) {
        (Some((_, origin)), _) => Some(*origin),
        (None, Some(_)) => Some(Provenance::Text),
        (None, None) => None,
    };

    Statement {
        id: DocId::from_path(rel_path),
        path: rel_path.to_string(),
        lang,
        title,
        date,
        year: date.map(|d| d.year()).or(curated_year),
        source: curated_source
            .map(|(source, _)| source)
            .or_else(|| read.source.map(str::to_string)),
        source_url: curated_source_url
            .map(|(url, _)| url)
            .or(read.extracted.source_url),
        place: curated_place
            .map(|(place, _)| place)
            .or_else(|| read.extracted.place.map(str::to_string)),
        actors: Vec::new(),
        paragraphs: read.paragraphs,
        parallel_group: curations
            .get(|c| c.parallel_group.clone())
            .map(|(group, _)| group),
        doc_symbol: curations
            .get(|c| c.doc_symbol.clone())
            .map(|(symbol, _)| symbol)
            .or(read.extracted.doc_symbol),
        warnings: Vec::new(),
        provenance,
        topics: Vec::new(),
        doc_type: None,
    }
}

/// Step 5: what the statement is about and who is in it: topics (curated, or the thesaurus'
/// policy), actors (curated, or the gazetteer's), the document type and each actor's role.
fn name_what_it_holds(
    statement: &mut Statement,
    curations: &Curations<'_>,
    warnings: &mut Vec<Warning>,
) {
    // The title and body are folded once, for the thesaurus and the gazetteer.
    let body = statement.body();
    let text = named_text(&statement.title, &body);
    let folded = FoldedText::new(&text);
    match curations.get(|c| Some(&c.topics).filter(|topics| !topics.is_empty())) {
        Some((topics, origin)) => {
            statement.topics = topics.clone();
            statement.provenance.topics = Some(origin);
        }
        None => {
            statement.topics = topics_in(&folded);
            statement.provenance.topics =
                (!statement.topics.is_empty()).then_some(Provenance::Text);
        }
    }
    // The gazetteer reads the title and body once, for the actors and for their roles.
    let found = Gazetteer::get().find_all_folded(&folded);
    let curated_actors = curations.get(|c| Some(&c.actors).filter(|actors| !actors.is_empty()));
    statement.actors = match curated_actors {
        Some((actors, _)) => catalog_actors(actors),
        None => actors_in(&found),
    };
    statement.provenance.actors = match curated_actors {
        Some((_, origin)) => Some(origin),
        None if statement.actors.is_empty() => None,
        None => Some(Provenance::Text),
    };
    if statement.actors.is_empty() {
        warnings.push(Warning::NoActor);
    }

    // The title's and the body's words, read once for the type's cues and the roles' cues.
    let title_words = words(&statement.title);
    let body_words = words(&body);

    // Document type: the curated one, else the text's cues.
    match curations.get(|c| c.doc_type) {
        Some((doc_type, origin)) => {
            statement.doc_type = Some(doc_type);
            statement.provenance.doc_type = Some(origin);
        }
        None => {
            statement.doc_type = doctype::classify(&doctype::TypeInput {
                title: &statement.title,
                body: &body,
                body_words: &body_words,
                source: statement.source.as_deref(),
                doc_symbol: statement.doc_symbol.as_deref(),
                lang: statement.lang,
            });
            statement.provenance.doc_type = statement.doc_type.map(|_| Provenance::Text);
            if statement.doc_type.is_none() {
                warnings.push(Warning::NoType);
            }
        }
    }

    // Actor roles, which read the type: in a speech or a report a speech verb quotes others.
    let text_words = join_words(title_words, body_words, text.len() - body.len());
    let mut actors = std::mem::take(&mut statement.actors);
    roles::assign(
        &mut actors,
        &roles::RoleInput {
            text: &text,
            words: &text_words,
            found: &found,
            title_len: statement.title.len(),
            lang: statement.lang,
            source: statement.source.as_deref(),
            doc_type: statement.doc_type,
        },
    );
    // A role the curator wrote wins over the text's.
    for curated in curated_actors.map_or(&[][..], |(actors, _)| actors.as_slice()) {
        if let Some(role) = curated.role {
            let id = catalog_actor_id(&curated.name);
            if let Some(actor) = actors.iter_mut().find(|a| a.id == id) {
                actor.role = role;
            }
        }
    }
    statement.actors = actors;
}

/// Step 1: the file as text. Each format is turned into text its own way (a page's main text
/// and its metadata, a PDF's text layer); from there every format goes the same way.
fn as_text(rel_path: &str, bytes: &[u8]) -> Result<(Format, String, Option<html::Page>), String> {
    let format = Format::of(Path::new(rel_path)).unwrap_or(Format::Text);
    let max = format.max_bytes();
    if bytes.len() as u64 > max {
        return Err(format!(
            "file is too big ({} bytes; the limit is {max} bytes)",
            bytes.len()
        ));
    }
    let (decoded, page) = match format {
        Format::Text => (decode::decode(bytes), None),
        Format::Html => {
            let page = html::extract(&html::decode(bytes))?;
            (decode::decode(page.text.as_bytes()), Some(page))
        }
        Format::Pdf => (decode::decode(pdf::extract(bytes)?.as_bytes()), None),
    };
    Ok((format, decoded.map_err(|e| e.to_string())?, page))
}

/// Step 2: a text file's own front matter, cut off the text. A block that cannot be used costs
/// a warning, never the document; a page or a PDF starting with `---` is just text.
fn own_front_matter<'t>(
    format: Format,
    decoded: &'t str,
    warnings: &mut Vec<Warning>,
) -> (Option<Curation>, &'t str) {
    let (front_matter, text) = match format {
        Format::Text => split_front_matter(decoded),
        Format::Html | Format::Pdf => (FrontMatter::Absent, decoded),
    };
    let front_matter = match front_matter {
        FrontMatter::Absent => None,
        FrontMatter::Read(curation) => Some(curation),
        FrontMatter::Ignored(reason) => {
            warnings.push(Warning::FrontMatterIgnored(reason));
            None
        }
    };
    (front_matter, text)
}

/// The title and body, the text that actors and topics are found in: the title, then a blank
/// line and the body when there is one.
fn named_text(title: &str, body: &str) -> String {
    if body.is_empty() {
        title.to_string()
    } else {
        format!("{title}\n\n{body}")
    }
}

/// The actors of the gazetteer's matches, each once, in order of first mention.
fn actors_in(found: &[gazetteer::Found<'_>]) -> Vec<ActorRef> {
    let mut res: Vec<ActorRef> = Vec::new();
    for f in found {
        if !res.iter().any(|a| a.id == f.actor.id) {
            res.push(f.actor.to_ref(ActorRole::Mentioned));
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, MAX_FILE_BYTES, duplicate_warning};

    #[test]
    fn a_passing_mention_does_not_make_a_topic_but_the_main_subject_does() {
        let text = "Statement on outer space\n\nThe placement of weapons in outer space \
                    must be prevented. An arms race in outer space threatens everyone, and \
                    sanctions will not help.";
        let statement = parse_bytes("en/a.txt", text.as_bytes(), None).unwrap();
        assert_eq!(statement.topics.first(), Some(&Topic::SpaceSecurity));
        assert!(
            !statement.topics.contains(&Topic::SanctionsTerrorism),
            "{:?}",
            statement.topics
        );
    }

    #[test]
    fn the_un_system_is_a_topic_only_when_nothing_else_is_named() {
        let procedural = "Note by the Secretary-General\n\nThe General Assembly and the \
                          Security Council will consider the report of the United Nations.";
        let statement = parse_bytes("en/a.txt", procedural.as_bytes(), None).unwrap();
        assert_eq!(statement.topics, [Topic::UnSystem]);
        let nuclear = "Note by the Secretary-General\n\nThe General Assembly and the Security \
                       Council call for nuclear disarmament and the entry into force of the \
                       Comprehensive Nuclear-Test-Ban Treaty, and for nuclear weapons to go.";
        let statement = parse_bytes("en/b.txt", nuclear.as_bytes(), None).unwrap();
        assert!(
            !statement.topics.contains(&Topic::UnSystem),
            "{:?}",
            statement.topics
        );
        assert_eq!(statement.topics.first(), Some(&Topic::Nuclear));
    }

    use crate::model::{DocType, Lang, Topic};

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
        let speakers: Vec<&str> = statement.speakers().map(|a| a.id.as_str()).collect();
        assert_eq!(speakers, ["maria-zakharova"]);
        assert_eq!(
            statement.doc_type,
            Some(crate::model::DocType::OfficialStatement)
        );
        assert_eq!(statement.provenance.doc_type, Some(Provenance::Text));
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
        assert_eq!(
            statement.parallel_group.as_ref().map(|g| g.as_str()),
            Some("g1")
        );
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
            [
                Warning::DateDiffers {
                    curator: Provenance::Catalog,
                    curated: chrono::NaiveDate::from_ymd_opt(2022, 3, 15).expect("a date"),
                    text: chrono::NaiveDate::from_ymd_opt(2022, 3, 14).expect("a date"),
                },
                Warning::NoType
            ],
            "the catalog title names no type"
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
                ("topics", Provenance::Text),
                ("type", Provenance::Text),
            ],
            "no source, URL or type was found, so none has a provenance"
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
            ],
            "the curated title no longer names a topic, so there are none"
        );
        let unknown_date = entry(r#"{"file": "en/a.txt", "date": null, "actors": ["Russia"]}"#);
        let statement = parse_bytes("en/a.txt", TEXT.as_bytes(), Some(&unknown_date)).unwrap();
        assert_eq!(statement.provenance.date, Some(Provenance::Catalog));
        assert_eq!(statement.provenance.actors, Some(Provenance::Catalog));
    }

    /// `TEXT` under a front matter block of `yaml` lines.
    fn with_front_matter(yaml: &str) -> String {
        format!("---\n{yaml}---\n{TEXT}")
    }

    #[test]
    fn front_matter_wins_over_the_catalog_field_by_field() {
        let catalog = entry(
            r#"{"file": "en/a.txt", "title": "Catalog title", "date": "2022-03-15", "source_name": "MFA", "topics": ["cyber"], "type": "speech"}"#,
        );
        let text = with_front_matter(
            "title: Front matter title\ntopics: [nuclear, space-security]\ntype: Press briefing\nplace: Geneva\n",
        );
        let statement = parse_bytes("en/a.txt", text.as_bytes(), Some(&catalog)).unwrap();
        assert_eq!(statement.title, "Front matter title");
        assert_eq!(statement.date, "2022-03-15".parse().ok());
        assert_eq!(statement.source.as_deref(), Some("MFA"));
        assert_eq!(statement.place.as_deref(), Some("Geneva"));
        assert_eq!(statement.topics, [Topic::Nuclear, Topic::SpaceSecurity]);
        assert_eq!(statement.doc_type, Some(DocType::PressBriefing));
        let fields: Vec<(&str, Provenance)> = statement.provenance.known().collect();
        assert_eq!(
            fields,
            [
                ("lang", Provenance::Text),
                ("title", Provenance::FrontMatter),
                ("date", Provenance::Catalog),
                ("actors", Provenance::Text),
                ("source", Provenance::Catalog),
                ("place", Provenance::FrontMatter),
                ("topics", Provenance::FrontMatter),
                ("type", Provenance::FrontMatter),
            ]
        );
        assert!(
            !statement.body().contains("Front matter title") && !statement.body().contains("---"),
            "the block is not text: {:?}",
            statement.paragraphs
        );
        assert_eq!(statement.paragraphs.len(), 2, "{:?}", statement.paragraphs);
    }

    #[test]
    fn catalog_topics_and_type_override_the_text() {
        let catalog =
            entry(r#"{"file": "en/a.txt", "topics": ["cyber"], "type": "Official statement"}"#);
        let statement = parse_bytes("en/a.txt", TEXT.as_bytes(), Some(&catalog)).unwrap();
        assert_eq!(statement.topics, [Topic::Cyber]);
        assert_eq!(statement.doc_type, Some(DocType::OfficialStatement));
        assert_eq!(statement.provenance.topics, Some(Provenance::Catalog));
        assert_eq!(statement.provenance.doc_type, Some(Provenance::Catalog));
    }

    #[test]
    fn a_curated_actor_role_wins_and_no_role_keeps_speaker() {
        let text = with_front_matter(
            "actors:\n  - Maria Zakharova\n  - {name: United States, role: mentioned}\n  - {name: China, role: speaker}\n",
        );
        let statement = parse_bytes("en/a.txt", text.as_bytes(), None).unwrap();
        let actors: Vec<(&str, ActorRole)> = statement
            .actors
            .iter()
            .map(|a| (a.id.as_str(), a.role))
            .collect();
        assert_eq!(
            actors,
            [
                ("maria-zakharova", ActorRole::Speaker),
                ("united-states", ActorRole::Mentioned),
                ("china", ActorRole::Speaker),
            ]
        );
        assert_eq!(statement.provenance.actors, Some(Provenance::FrontMatter));
    }

    #[test]
    fn front_matter_null_date_clears_the_text_date() {
        let text = with_front_matter("date: null\nyear: 2022\n");
        let statement = parse_bytes("en/a.txt", text.as_bytes(), None).unwrap();
        assert_eq!(statement.date, None);
        assert_eq!(statement.year, Some(2022));
        assert_eq!(statement.provenance.date, Some(Provenance::FrontMatter));
        assert_eq!(
            statement.warnings,
            [Warning::DateUnknownButStated {
                curator: Provenance::FrontMatter,
                text: chrono::NaiveDate::from_ymd_opt(2022, 3, 14).expect("a date"),
            }]
        );
    }

    #[test]
    fn bad_front_matter_is_dropped_with_a_warning_and_the_text_still_counts() {
        let catalog = entry(r#"{"file": "en/a.txt", "title": "Catalog title"}"#);
        let text = with_front_matter("title: Front matter title\ntype: memo\n");
        let statement = parse_bytes("en/a.txt", text.as_bytes(), Some(&catalog)).unwrap();
        assert_eq!(
            statement.title, "Catalog title",
            "the catalog still applies"
        );
        assert_eq!(statement.doc_type, None);
        assert_eq!(statement.date, "2022-03-14".parse().ok());
        assert!(
            !statement.body().contains("memo"),
            "{:?}",
            statement.paragraphs
        );
        assert_eq!(
            statement
                .warnings
                .iter()
                .map(|w| w.kind().label())
                .collect::<Vec<_>>(),
            ["front matter ignored", "no type"],
            "{:?}",
            statement.warnings
        );
        assert!(
            statement.warnings[0]
                .to_string()
                .starts_with("front matter ignored: unknown \"type\" \"memo\""),
            "{:?}",
            statement.warnings
        );
    }

    #[test]
    fn bom_windows_line_endings_and_arabic_values() {
        let text = "\u{feff}---\r\ntitle: بيان وزارة الخارجية\r\nlang: ar\r\ndate: 2023-06-20\r\n---\r\nبيان\r\n\r\nتؤكد روسيا التزامها بمعاهدة الحظر الشامل للتجارب النووية.\r\n";
        let statement = parse_bytes("ar/a.txt", text.as_bytes(), None).unwrap();
        assert_eq!(statement.title, "بيان وزارة الخارجية");
        assert_eq!(statement.lang, Lang::Ar);
        assert_eq!(statement.date, "2023-06-20".parse().ok());
        assert_eq!(statement.provenance.title, Some(Provenance::FrontMatter));
        assert!(
            !statement.body().contains("---"),
            "{:?}",
            statement.paragraphs
        );
    }

    #[test]
    fn a_role_the_curator_writes_wins_over_the_text() {
        let text =
            "Statement\n\nRussia said on Monday that it will not deploy weapons in outer space.";
        let plain = entry(r#"{"file": "en/a.txt", "actors": ["Russia"]}"#);
        let statement = parse_bytes("en/a.txt", text.as_bytes(), Some(&plain)).unwrap();
        assert_eq!(
            statement.actors[0].role,
            ActorRole::Speaker,
            "the text says so"
        );
        let curated =
            entry(r#"{"file": "en/a.txt", "actors": [{"name": "Russia", "role": "mentioned"}]}"#);
        let statement = parse_bytes("en/a.txt", text.as_bytes(), Some(&curated)).unwrap();
        assert_eq!(statement.actors[0].role, ActorRole::Mentioned);
    }

    #[test]
    fn a_file_that_is_only_front_matter_is_a_problem() {
        let problem = parse_bytes("en/a.txt", b"---\ntitle: A\n---\n\n", None).unwrap_err();
        assert_eq!(problem.reason, "no statement text after the front matter");
    }

    #[test]
    fn every_warning_parse_bytes_gives_has_a_kind() {
        let check = |json: Option<&str>, text: &str, expected: &[&str]| {
            let catalog = json.map(entry);
            let statement = parse_bytes("en/a.txt", text.as_bytes(), catalog.as_ref()).unwrap();
            let kinds: Vec<&str> = statement
                .warnings
                .iter()
                .map(|w| w.kind().label())
                .collect();
            assert_eq!(kinds, expected, "{:?}", statement.warnings);
        };
        check(
            None,
            "The committee met and talked at length about many things.",
            &["title derived", "no date", "no actor", "no type"],
        );
        check(
            Some(r#"{"file": "en/a.txt", "lang": "ar", "date": "2022-03-15"}"#),
            TEXT,
            &[
                "language differs from catalog",
                "date differs from catalog",
                "no type",
            ],
        );
        check(
            Some(r#"{"file": "en/a.txt", "date": null}"#),
            TEXT,
            &["date differs from catalog"],
        );
        check(
            Some(r#"{"file": "en/a.txt", "date": null, "year": 2020}"#),
            "Russia speaks.",
            &[
                "language uncertain",
                "title derived",
                "no exact date",
                "no type",
            ],
        );
        check(
            Some(r#"{"file": "en/a.txt", "date": null}"#),
            "Russia speaks.",
            &["language uncertain", "title derived", "no date", "no type"],
        );
        check(
            Some(r#"{"file": "en/a.txt", "date": null, "year": -2147483648}"#),
            "Russia speaks.",
            &[
                "language uncertain",
                "title derived",
                "curated value out of range",
                "no date",
                "no type",
            ],
        );
        check(
            None,
            &with_front_matter("lang: ar\ndate: 2022-03-15\n"),
            &[
                "language differs from front matter",
                "date differs from front matter",
                "no type",
            ],
        );
        check(
            None,
            &with_front_matter("date: null\n"),
            &["date differs from front matter"],
        );
        check(
            None,
            &with_front_matter("date: [\n"),
            &["front matter ignored"],
        );
        check(None, &format!("---\n{TEXT}"), &["front matter ignored"]);
        assert_eq!(
            duplicate_warning(&["en/b.txt"]).kind().label(),
            "possible duplicate"
        );
    }

    #[test]
    fn curated_years_and_dates_outside_four_digits_are_ignored_with_a_warning() {
        for json in [
            r#"{"file": "en/a.txt", "year": -2147483648}"#,
            r#"{"file": "en/a.txt", "year": 2147483647}"#,
            r#"{"file": "en/a.txt", "date": "0099-01-01"}"#,
        ] {
            let catalog = entry(json);
            let statement = parse_bytes("en/a.txt", TEXT.as_bytes(), Some(&catalog)).unwrap();
            assert!(
                statement.year.is_none_or(|y| YEARS.contains(&y)),
                "{json}: {:?}",
                statement.year
            );
            assert!(
                statement.date.is_none_or(|d| YEARS.contains(&d.year())),
                "{json}: {:?}",
                statement.date
            );
            assert!(
                statement
                    .warnings
                    .iter()
                    .any(|w| w.kind() == crate::model::WarningKind::CuratedValueOutOfRange),
                "{json}: {:?}",
                statement.warnings
            );
        }
    }

    #[test]
    fn catalog_null_date_clears_the_text_date() {
        let catalog = entry(r#"{"file": "en/a.txt", "date": null, "year": 2022}"#);
        let statement = parse_bytes("en/a.txt", TEXT.as_bytes(), Some(&catalog)).unwrap();
        assert_eq!(statement.date, None);
        assert_eq!(
            statement.warnings,
            [Warning::DateUnknownButStated {
                curator: Provenance::Catalog,
                text: chrono::NaiveDate::from_ymd_opt(2022, 3, 14).expect("a date"),
            }]
        );
    }

    #[test]
    fn catalog_lang_wins_with_a_warning_when_the_text_disagrees() {
        let catalog = entry(r#"{"file": "en/a.txt", "lang": "ar"}"#);
        let statement = parse_bytes("en/a.txt", TEXT.as_bytes(), Some(&catalog)).unwrap();
        assert_eq!(statement.lang, Lang::Ar);
        assert_eq!(
            statement.warnings,
            [
                Warning::LanguageDiffers {
                    curator: Provenance::Catalog,
                    says: Lang::Ar,
                    looks: Lang::En,
                },
                Warning::NoType
            ],
            "Arabic cues do not read an English title"
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
            [
                Warning::TitleDerived,
                Warning::NoDate,
                Warning::NoActor,
                Warning::NoType
            ]
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
