//! `metadata.jsonl`: one JSON object per corpus file, curated metadata that overrides what
//! the text yields. Its fields are also the fields of a file's front matter, so both are read
//! by one DTO ([`CuratedRow`]) and checked by one function ([`CuratedRow::check`]): a value the
//! catalog accepts the front matter accepts too, with the same message when it does not.
//!
//! The row format belongs to whoever builds the corpus (see corpus-real/README.md), so the serde
//! DTO is private and tolerant of extra fields; `CatalogEntry` is the checked form. A bad line is a
//! `Problem` naming its line number and is skipped; it never stops the rest of the catalog.
//! `"date": null` means the catalog *knows* the date is unknown, so it clears a date found in the
//! text; a missing `date` key leaves the text's date alone. Empty lists (`actors`, `topics`) and
//! empty strings are the same as a missing key: they never clear what the text found.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

use super::Problem;
use crate::model::{ActorRole, DocType, GroupId, Lang, Topic};

pub(crate) const CATALOG_FILE: &str = "metadata.jsonl";

/// The curated field names (those of [`CuratedRow`]), for the message about a field that is
/// not one of them.
pub(crate) const CURATED_FIELDS: [&str; 12] = [
    "title",
    "date",
    "year",
    "lang",
    "actors",
    "source_name",
    "source_url",
    "place",
    "topics",
    "type",
    "parallel_group",
    "doc_symbol",
];

/// What the curation says about a date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum CatalogDate {
    #[default]
    NotGiven,
    Unknown,
    Known(NaiveDate),
}

/// An actor as the curation names it. `role: None` when the curator gave none;
/// `corpus::catalog_actors` decides what that means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CatalogActor {
    pub(crate) name: String,
    pub(crate) role: Option<ActorRole>,
}

/// The checked curated fields of one document, from a catalog row or from front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Curation {
    pub(crate) lang: Option<Lang>,
    pub(crate) title: Option<String>,
    pub(crate) date: CatalogDate,
    pub(crate) year: Option<i32>,
    pub(crate) actors: Vec<CatalogActor>,
    pub(crate) source_url: Option<String>,
    pub(crate) source_name: Option<String>,
    pub(crate) place: Option<String>,
    /// Thesaurus topic ids, in the curator's order, without repeats.
    pub(crate) topics: Vec<Topic>,
    pub(crate) doc_type: Option<DocType>,
    pub(crate) parallel_group: Option<GroupId>,
    pub(crate) doc_symbol: Option<String>,
}

/// One checked catalog row.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogEntry {
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) curation: Curation,
    /// Which source data set the row came from (`unpc`, `ungdc`, `saudinewsnet` in corpus-real);
    /// only the accuracy report reads it.
    pub(crate) collection: Option<String>,
}

#[derive(Deserialize)]
struct CatalogRow {
    file: String,
    // serde_json is self-describing, so flattening costs nothing in what it accepts; the front
    // matter reads `CuratedRow` directly, which keeps YAML's scalars typed by the target field.
    #[serde(flatten)]
    curated: CuratedRow,
    /// Catalog only: the data set a row came from.
    #[serde(default)]
    collection: Option<String>,
}

/// The curated fields as written, shared by the catalog and front matter.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct CuratedRow {
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default, deserialize_with = "present")]
    date: Option<Option<String>>,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    actors: Option<Vec<ActorItem>>,
    #[serde(default)]
    source_url: Option<String>,
    #[serde(default)]
    source_name: Option<String>,
    #[serde(default)]
    place: Option<String>,
    #[serde(default)]
    topics: Option<Vec<String>>,
    #[serde(default, rename = "type")]
    doc_type: Option<String>,
    #[serde(default)]
    parallel_group: Option<String>,
    #[serde(default)]
    doc_symbol: Option<String>,
}

/// An `actors` item: a plain name, or a name with a role.
#[derive(Debug, Deserialize)]
#[serde(untagged, expecting = "an actor name or {\"name\": …, \"role\": …}")]
enum ActorItem {
    Name(String),
    WithRole {
        name: String,
        #[serde(default)]
        role: Option<String>,
    },
}

/// Tells a `null` value (`Some(None)`) from a missing key (`None`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

impl CuratedRow {
    /// Checks every value; the error is the reason, in words a curator can act on.
    pub(crate) fn check(self) -> Result<Curation, String> {
        let lang = match self.lang.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(Lang::from_code(code).ok_or_else(|| {
                format!("unknown \"lang\" {code:?} (use en, ar, ru, fr, es, zh or und)")
            })?),
        };
        let date = match self.date {
            None => CatalogDate::NotGiven,
            Some(None) => CatalogDate::Unknown,
            Some(Some(text)) => CatalogDate::Known(
                NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                    .map_err(|_| format!("\"date\" must be YYYY-MM-DD or null, not {text:?}"))?,
            ),
        };
        let mut actors: Vec<CatalogActor> = Vec::new();
        for item in self.actors.unwrap_or_default() {
            let (name, role) = match item {
                ActorItem::Name(name) => (name, None),
                ActorItem::WithRole { name, role } => (name, role),
            };
            let role = match role.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(code) => Some(ActorRole::from_code(code).ok_or_else(|| {
                    format!("unknown actor \"role\" {code:?} (use speaker or mentioned)")
                })?),
            };
            let name = name.trim();
            if !name.is_empty() {
                actors.push(CatalogActor {
                    name: name.to_string(),
                    role,
                });
            }
        }
        let mut topics: Vec<Topic> = Vec::new();
        for code in self.topics.unwrap_or_default() {
            let code = code.trim();
            if code.is_empty() {
                continue;
            }
            let Some(topic) = Topic::from_code(code) else {
                return Err(format!("unknown topic {code:?} (use {})", Topic::codes()));
            };
            if !topics.contains(&topic) {
                topics.push(topic);
            }
        }
        let doc_type = match self.doc_type.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(DocType::from_code(code).ok_or_else(|| {
                let codes: Vec<&str> = DocType::ALL.iter().map(|t| t.code()).collect();
                format!("unknown \"type\" {code:?} (use {})", codes.join(", "))
            })?),
        };
        Ok(Curation {
            lang,
            title: non_empty(self.title),
            date,
            year: self.year,
            actors,
            source_url: non_empty(self.source_url),
            source_name: non_empty(self.source_name),
            place: non_empty(self.place),
            topics,
            doc_type,
            parallel_group: non_empty(self.parallel_group).map(GroupId::new),
            doc_symbol: non_empty(self.doc_symbol),
        })
    }
}

impl CatalogEntry {
    /// Parses one catalog line; the error is the reason, without the line number.
    pub fn parse_line(json: &str) -> Result<CatalogEntry, String> {
        let row: CatalogRow =
            serde_json::from_str(json).map_err(|e| format!("not a valid catalog row: {e}"))?;
        let file = normalise_path(&row.file);
        if file.is_empty() || super::Format::of(std::path::Path::new(&file)).is_none() {
            return Err(format!(
                "\"file\" must name a statement file (.txt, .html, .htm or .pdf), not {:?}",
                row.file
            ));
        }
        Ok(CatalogEntry {
            file,
            line: 0,
            curation: row.curated.check()?,
            collection: non_empty(row.collection),
        })
    }

    /// The corpus-relative path this row describes.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The curated language, if the row gives one.
    pub fn lang(&self) -> Option<Lang> {
        self.curation.lang
    }

    /// The curated actor names, as the catalog spells them.
    pub fn actors(&self) -> Vec<String> {
        self.curation
            .actors
            .iter()
            .map(|a| a.name.clone())
            .collect()
    }

    /// The source data set the row names (`collection`), if any.
    pub fn collection(&self) -> Option<&str> {
        self.collection.as_deref()
    }
}

/// Where one file's row lies in the catalog: read again, and checked again, when the file is
/// parsed, so a catalog of a million rows is never held parsed in memory (it took more than the
/// whole index build's budget at 1M statements: 0.5 GB of text and more once parsed).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowSpan {
    pub offset: u64,
    pub len: u32,
    /// 1-based line number, for messages.
    pub line: u32,
    /// The row's bytes hashed: an update re-indexes the files whose row changed.
    pub hash: u64,
}

/// What a streamed pass over the catalog found: per corpus file (by its index in the sorted
/// file list) where its row lies, and the problems by line.
pub(crate) struct CatalogIndex {
    pub rows: Vec<Option<RowSpan>>,
    pub problems: Vec<Problem>,
}

/// Reads the catalog line by line, checking every row as the parser will (a bad row is a
/// problem with its line number, and later the file is parsed without it) and keeping only
/// where each good row lies. `file_index` gives a path's index among the `files` corpus files.
pub(crate) fn index_catalog(
    mut reader: impl std::io::BufRead,
    files: usize,
    file_index: &dyn Fn(&str) -> Option<usize>,
) -> std::io::Result<CatalogIndex> {
    let mut rows: Vec<Option<RowSpan>> = vec![None; files];
    let mut problems = Vec::new();
    let mut problem = |line_no: usize, reason: String| {
        problems.push(Problem {
            path: CATALOG_FILE.to_string(),
            reason: format!("line {line_no}: {reason}"),
        });
    };
    let mut buf = Vec::new();
    let mut offset = 0u64;
    let mut line_no = 0usize;
    loop {
        buf.clear();
        let read = reader.read_until(b'\n', &mut buf)?;
        if read == 0 {
            break;
        }
        line_no += 1;
        let start = offset;
        offset += read as u64;
        let mut raw: &[u8] = &buf;
        let mut skip = 0u64;
        if line_no == 1
            && let Some(rest) = raw.strip_prefix(b"\xEF\xBB\xBF")
        {
            raw = rest;
            skip = 3;
        }
        let Ok(line) = std::str::from_utf8(raw) else {
            problem(line_no, "not valid UTF-8".to_string());
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        let entry = match CatalogEntry::parse_line(line.trim()) {
            Ok(entry) => entry,
            Err(reason) => {
                problem(line_no, reason);
                continue;
            }
        };
        let Some(idx) = file_index(&entry.file) else {
            problem(
                line_no,
                format!(
                    "{} is listed but is not a statement file of the corpus",
                    entry.file
                ),
            );
            continue;
        };
        let Some(slot) = rows.get_mut(idx) else {
            continue;
        };
        if let Some(first) = slot {
            problem(
                line_no,
                format!(
                    "{} is already described on line {}; this row is ignored",
                    entry.file, first.line
                ),
            );
            continue;
        }
        *slot = Some(RowSpan {
            offset: start + skip,
            len: u32::try_from(raw.len()).unwrap_or(u32::MAX),
            line: u32::try_from(line_no).unwrap_or(u32::MAX),
            hash: short_hash(raw),
        });
    }
    Ok(CatalogIndex { rows, problems })
}

/// The first 64 bits of a BLAKE3 hash: enough to tell a changed file or row from the same
/// one, in eight bytes per file of a million.
pub fn short_hash(bytes: &[u8]) -> u64 {
    let hash = blake3::hash(bytes);
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(first)
}

/// The row at `span`, read back from the catalog's bytes and checked again.
pub(crate) fn read_row(bytes: &[u8], span: RowSpan) -> Result<CatalogEntry, String> {
    let line = std::str::from_utf8(bytes)
        .map_err(|_| format!("{CATALOG_FILE} line {} changed while in use", span.line))?;
    let mut entry = CatalogEntry::parse_line(line.trim())
        .map_err(|reason| format!("{CATALOG_FILE} line {}: {reason}", span.line))?;
    entry.line = span.line as usize;
    Ok(entry)
}

fn normalise_path(path: &str) -> String {
    let path = path.trim().replace('\\', "/");
    path.trim_start_matches("./").to_string()
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::model::{ActorRole, DocType};

    /// The catalog as the corpus reads it: indexed in one pass, every kept row read back.
    fn parse(text: &str) -> (HashMap<String, CatalogEntry>, Vec<Problem>) {
        let mut names: Vec<String> = text
            .lines()
            .filter_map(|l| CatalogEntry::parse_line(l.trim()).ok())
            .map(|e| e.file)
            .filter(|f| f != "en/missing.txt")
            .collect();
        names.sort();
        names.dedup();
        let index = index_catalog(text.as_bytes(), names.len(), &|path| {
            names.binary_search_by(|n| n.as_str().cmp(path)).ok()
        })
        .unwrap();
        let entries = index
            .rows
            .iter()
            .flatten()
            .map(|span| {
                let start = span.offset as usize;
                let entry =
                    read_row(&text.as_bytes()[start..start + span.len as usize], *span).unwrap();
                (entry.file.clone(), entry)
            })
            .collect();
        (entries, index.problems)
    }

    #[test]
    fn null_date_differs_from_missing_date() {
        let (entries, problems) = parse(
            "{\"file\": \"en/a.txt\", \"date\": null}\n{\"file\": \"en/b.txt\"}\n{\"file\": \"./en\\\\c.txt\", \"date\": \"2023-06-20\", \"lang\": \"ar\"}\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(entries["en/a.txt"].curation.date, CatalogDate::Unknown);
        assert_eq!(entries["en/b.txt"].curation.date, CatalogDate::NotGiven);
        assert_eq!(
            entries["en/c.txt"].curation.date,
            CatalogDate::Known("2023-06-20".parse().unwrap())
        );
        assert_eq!(entries["en/c.txt"].curation.lang, Some(Lang::Ar));
    }

    #[test]
    fn bad_lines_are_problems_and_the_rest_applies() {
        let (entries, problems) = parse(concat!(
            "{\"file\": \"en/a.txt\", \"title\": \"A\"}\n",
            "{not json\n",
            "{\"file\": \"en/b.txt\", \"date\": \"2023-02-31\"}\n",
            "{\"file\": \"en/b.txt\", \"lang\": \"de\"}\n",
            "{\"file\": \"en/missing.txt\"}\n",
            "{\"file\": \"en/a.txt\"}\n",
            "\n",
            "{\"file\": \"en/d.txt\", \"actors\": \"Russia\"}\n",
            "{\"file\": \"en/e.txt\", \"extra\": [1, 2]}\n",
        ));
        assert_eq!(entries.len(), 2);
        assert_eq!(entries["en/a.txt"].curation.title.as_deref(), Some("A"));
        let reasons: Vec<&str> = problems.iter().map(|p| p.reason.as_str()).collect();
        assert_eq!(reasons.len(), 6, "{reasons:?}");
        assert!(reasons[0].starts_with("line 2: not a valid catalog row"));
        assert!(reasons[1].starts_with("line 3: \"date\" must be YYYY-MM-DD"));
        assert!(reasons[2].starts_with("line 4: unknown \"lang\" \"de\""));
        assert_eq!(
            reasons[3],
            "line 5: en/missing.txt is listed but is not a statement file of the corpus"
        );
        assert_eq!(
            reasons[4],
            "line 6: en/a.txt is already described on line 1; this row is ignored"
        );
        assert!(reasons[5].starts_with("line 8: not a valid catalog row"));
        assert!(problems.iter().all(|p| p.path == CATALOG_FILE));
    }

    #[test]
    fn topics_type_place_and_actor_roles() {
        let (entries, problems) = parse(concat!(
            r#"{"file": "en/a.txt", "topics": ["nuclear", " cyber ", "nuclear", ""], "type": "Press briefing", "place": "Geneva", "#,
            r#""actors": ["Russia", {"name": "United States", "role": "mentioned"}, {"name": "China"}, " "]}"#,
            "\n",
        ));
        assert!(problems.is_empty(), "{problems:?}");
        let curation = &entries["en/a.txt"].curation;
        assert_eq!(curation.topics, [Topic::Nuclear, Topic::Cyber]);
        assert_eq!(curation.doc_type, Some(DocType::PressBriefing));
        assert_eq!(curation.place.as_deref(), Some("Geneva"));
        let actors: Vec<(&str, Option<ActorRole>)> = curation
            .actors
            .iter()
            .map(|a| (a.name.as_str(), a.role))
            .collect();
        assert_eq!(
            actors,
            [
                ("Russia", None),
                ("United States", Some(ActorRole::Mentioned)),
                ("China", None),
            ]
        );
    }

    #[test]
    fn unknown_topics_types_and_roles_name_the_allowed_values() {
        let check = |json: &str, expected: &str| match CatalogEntry::parse_line(json) {
            Ok(entry) => panic!("accepted: {entry:?}"),
            Err(reason) => assert_eq!(reason, expected),
        };
        check(
            r#"{"file": "en/a.txt", "topics": ["nukes"]}"#,
            "unknown topic \"nukes\" (use space-security, nuclear, biological, chemical, \
             conventional, missile-defence, cyber, wmd-general, disarmament-general, un-system, \
             sanctions-terrorism, peacekeeping)",
        );
        check(
            r#"{"file": "en/a.txt", "type": "memo"}"#,
            "unknown \"type\" \"memo\" (use official-statement, joint-declaration, \
             press-briefing, news-report, speech, resolution, letter, report)",
        );
        check(
            r#"{"file": "en/a.txt", "actors": [{"name": "Russia", "role": "host"}]}"#,
            "unknown actor \"role\" \"host\" (use speaker or mentioned)",
        );
        let reason = CatalogEntry::parse_line(r#"{"file": "en/a.txt", "actors": [1]}"#)
            .err()
            .unwrap_or_default();
        assert!(
            reason.starts_with("not a valid catalog row: an actor name or {\"name\""),
            "{reason}"
        );
    }
}
