//! `metadata.jsonl`: one JSON object per corpus file, curated metadata that overrides what
//! the text yields.
//!
//! The row format belongs to whoever builds the corpus (see corpus-real/README.md), so the serde
//! DTO is private and tolerant of extra fields; `CatalogEntry` is the checked form. A bad line is a
//! `Problem` naming its line number and is skipped; it never stops the rest of the catalog.
//! `"date": null` means the catalog *knows* the date is unknown, so it clears a date found in the
//! text; a missing `date` key leaves the text's date alone.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

use super::Problem;
use crate::model::Lang;

pub(crate) const CATALOG_FILE: &str = "metadata.jsonl";

/// What the catalog says about a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CatalogDate {
    NotGiven,
    Unknown,
    Known(NaiveDate),
}

/// One checked catalog row.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogEntry {
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) lang: Option<Lang>,
    pub(crate) title: Option<String>,
    pub(crate) date: CatalogDate,
    pub(crate) year: Option<i32>,
    pub(crate) actors: Vec<String>,
    pub(crate) source_url: Option<String>,
    pub(crate) source_name: Option<String>,
    pub(crate) parallel_group: Option<String>,
    pub(crate) doc_symbol: Option<String>,
    /// Which source data set the row came from (`unpc`, `ungdc`, `saudinewsnet` in corpus-real);
    /// only the accuracy report reads it.
    pub(crate) collection: Option<String>,
}

#[derive(Deserialize)]
struct CatalogRow {
    file: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default, deserialize_with = "present")]
    date: Option<Option<String>>,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    actors: Option<Vec<String>>,
    #[serde(default)]
    source_url: Option<String>,
    #[serde(default)]
    source_name: Option<String>,
    #[serde(default)]
    parallel_group: Option<String>,
    #[serde(default)]
    doc_symbol: Option<String>,
    #[serde(default)]
    collection: Option<String>,
}

/// Tells a `null` value (`Some(None)`) from a missing key (`None`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

impl CatalogEntry {
    /// Parses one catalog line; the error is the reason, without the line number.
    pub fn parse_line(json: &str) -> Result<CatalogEntry, String> {
        let row: CatalogRow =
            serde_json::from_str(json).map_err(|e| format!("not a valid catalog row: {e}"))?;
        let file = normalise_path(&row.file);
        if file.is_empty() || !file.ends_with(".txt") {
            return Err(format!(
                "\"file\" must name a .txt file, not {:?}",
                row.file
            ));
        }
        let lang = match row.lang.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(Lang::from_code(code).ok_or_else(|| {
                format!("unknown \"lang\" {code:?} (use en, ar, ru, fr, es, zh or und)")
            })?),
        };
        let date = match row.date {
            None => CatalogDate::NotGiven,
            Some(None) => CatalogDate::Unknown,
            Some(Some(text)) => CatalogDate::Known(
                NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                    .map_err(|_| format!("\"date\" must be YYYY-MM-DD or null, not {text:?}"))?,
            ),
        };
        Ok(CatalogEntry {
            file,
            line: 0,
            lang,
            title: non_empty(row.title),
            date,
            year: row.year,
            actors: row
                .actors
                .unwrap_or_default()
                .into_iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            source_url: non_empty(row.source_url),
            source_name: non_empty(row.source_name),
            parallel_group: non_empty(row.parallel_group),
            doc_symbol: non_empty(row.doc_symbol),
            collection: non_empty(row.collection),
        })
    }

    /// The corpus-relative path this row describes.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The curated language, if the row gives one.
    pub fn lang(&self) -> Option<Lang> {
        self.lang
    }

    /// The curated actor names, as the catalog spells them.
    pub fn actors(&self) -> &[String] {
        &self.actors
    }

    /// The source data set the row names (`collection`), if any.
    pub fn collection(&self) -> Option<&str> {
        self.collection.as_deref()
    }
}

/// Parses the whole catalog. `is_known_file` says whether a path is one of the corpus files.
pub(crate) fn parse_catalog(
    bytes: &[u8],
    is_known_file: &dyn Fn(&str) -> bool,
) -> (HashMap<String, CatalogEntry>, Vec<Problem>) {
    let mut entries: HashMap<String, CatalogEntry> = HashMap::new();
    let mut problems = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut problem = |line_no: usize, reason: String| {
        problems.push(Problem {
            path: CATALOG_FILE.to_string(),
            reason: format!("line {line_no}: {reason}"),
        });
    };
    for (idx, raw_line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = idx + 1;
        let Ok(line) = std::str::from_utf8(raw_line) else {
            problem(line_no, "not valid UTF-8".to_string());
            continue;
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut entry = match CatalogEntry::parse_line(line) {
            Ok(entry) => entry,
            Err(reason) => {
                problem(line_no, reason);
                continue;
            }
        };
        entry.line = line_no;
        if !is_known_file(&entry.file) {
            problem(
                line_no,
                format!(
                    "{} is listed but is not a .txt file of the corpus",
                    entry.file
                ),
            );
            continue;
        }
        if let Some(first) = entries.get(&entry.file) {
            problem(
                line_no,
                format!(
                    "{} is already described on line {}; this row is ignored",
                    entry.file, first.line
                ),
            );
            continue;
        }
        entries.insert(entry.file.clone(), entry);
    }
    (entries, problems)
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
    use super::*;

    fn parse(text: &str) -> (HashMap<String, CatalogEntry>, Vec<Problem>) {
        parse_catalog(text.as_bytes(), &|path| path != "en/missing.txt")
    }

    #[test]
    fn null_date_differs_from_missing_date() {
        let (entries, problems) = parse(
            "{\"file\": \"en/a.txt\", \"date\": null}\n{\"file\": \"en/b.txt\"}\n{\"file\": \"./en\\\\c.txt\", \"date\": \"2023-06-20\", \"lang\": \"ar\"}\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(entries["en/a.txt"].date, CatalogDate::Unknown);
        assert_eq!(entries["en/b.txt"].date, CatalogDate::NotGiven);
        assert_eq!(
            entries["en/c.txt"].date,
            CatalogDate::Known("2023-06-20".parse().unwrap())
        );
        assert_eq!(entries["en/c.txt"].lang, Some(Lang::Ar));
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
        assert_eq!(entries["en/a.txt"].title.as_deref(), Some("A"));
        let reasons: Vec<&str> = problems.iter().map(|p| p.reason.as_str()).collect();
        assert_eq!(reasons.len(), 6, "{reasons:?}");
        assert!(reasons[0].starts_with("line 2: not a valid catalog row"));
        assert!(reasons[1].starts_with("line 3: \"date\" must be YYYY-MM-DD"));
        assert!(reasons[2].starts_with("line 4: unknown \"lang\" \"de\""));
        assert_eq!(
            reasons[3],
            "line 5: en/missing.txt is listed but is not a .txt file of the corpus"
        );
        assert_eq!(
            reasons[4],
            "line 6: en/a.txt is already described on line 1; this row is ignored"
        );
        assert!(reasons[5].starts_with("line 8: not a valid catalog row"));
        assert!(problems.iter().all(|p| p.path == CATALOG_FILE));
    }
}
