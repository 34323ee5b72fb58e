//! Front matter: a YAML block at the very top of a corpus file, between a `---` line and a
//! closing `---` (or YAML's `...`) line, that lets a curator correct a document in the document
//! itself. Its fields are the catalog's (`title`, `date`, `lang`, `actors`, `source_name`,
//! `source_url`, `place`, `topics`, `type`, `year`, `parallel_group`, `doc_symbol`), read and
//! checked by the same code as a catalog row, so both accept the same values.
//!
//! The block is never part of the statement's text. It runs after `decode`, so a BOM, UTF-16 and
//! Windows line endings are already dealt with. It does not decide precedence: `parse_bytes` puts
//! front matter before the catalog and the catalog before the text, field by field.
//!
//! A block that cannot be used never costs the document: the text is indexed as if the block
//! were not there, and the reason becomes a warning. Two cases differ in what happens to the
//! block itself:
//! - A closed block that is bad YAML, has a field the catalog does not have, or has a bad value is
//!   removed from the text all the same, since it is plainly not statement text.
//! - An opening `---` without a closing line in the first [`MAX_FRONT_MATTER_BYTES`] is not
//!   front matter at all (a rule drawn with dashes, a forgotten closing line): nothing is removed,
//!   because there is no telling where the block would end. The price of the first case is that a
//!   statement that happens to start with a dashed rule and has another one further down loses
//!   the lines between them, with a warning that says so.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;

use super::catalog::{CURATED_FIELDS, CuratedRow, Curation};

/// The most bytes from the start of the file in which the closing line is looked for. Real
/// front matter is a few lines; this also bounds the work on a file that starts with `---`.
pub(crate) const MAX_FRONT_MATTER_BYTES: usize = 16 * 1024;

/// What the top of a file says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FrontMatter {
    /// The file does not start with a `---` line.
    Absent,
    Read(Curation),
    /// Not used, and why (a sentence for the `front matter ignored: …` warning).
    Ignored(String),
}

/// Splits the front matter off the top of `text`, returning it and the text without it.
pub(crate) fn split_front_matter(text: &str) -> (FrontMatter, &str) {
    let mut lines = text.split_inclusive('\n');
    let Some(first_line) = lines.next() else {
        return (FrontMatter::Absent, text);
    };
    if !is_line(first_line, "---") {
        return (FrontMatter::Absent, text);
    }
    let yaml_start = first_line.len();
    let mut offset = yaml_start;
    for line in lines {
        if offset > MAX_FRONT_MATTER_BYTES {
            break;
        }
        if is_line(line, "---") || is_line(line, "...") {
            // The opening line goes to the parser too: YAML reads it as the start of a document,
            // and the parser's line numbers are then the file's.
            let front_matter = read_front_matter(&text[..offset], &text[yaml_start..offset]);
            return (front_matter, &text[offset + line.len()..]);
        }
        offset += line.len();
    }
    let reason = format!(
        "the opening \"---\" line has no closing \"---\" line within the first {} KiB, so the \
         block is read as text",
        MAX_FRONT_MATTER_BYTES / 1024
    );
    (FrontMatter::Ignored(reason), text)
}

/// A delimiter line: the marker, then nothing but spaces or tabs.
fn is_line(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.trim_end_matches(['\n', ' ', '\t']).is_empty())
}

/// Reads the block: `yaml` from the opening line on, `inner` the lines between the delimiters.
fn read_front_matter(yaml: &str, inner: &str) -> FrontMatter {
    let is_blank = inner.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#')
    });
    if is_blank {
        return FrontMatter::Read(Curation::default());
    }
    // A first pass over the keys alone: a misspelt field would otherwise be dropped in silence,
    // which the catalog tolerates (its rows are machine-made) but a hand-written block should not.
    let keys: BTreeMap<String, IgnoredAny> = match serde_saphyr::from_str(yaml) {
        Ok(keys) => keys,
        Err(err) => return FrontMatter::Ignored(yaml_reason(&err)),
    };
    if keys.contains_key("file") {
        return FrontMatter::Ignored(
            "\"file\" belongs in metadata.jsonl; front matter always describes its own file"
                .to_string(),
        );
    }
    if let Some(unknown) = keys.keys().find(|k| !CURATED_FIELDS.contains(&k.as_str())) {
        return FrontMatter::Ignored(format!(
            "unknown field {unknown:?} (the fields are {})",
            CURATED_FIELDS.join(", ")
        ));
    }
    let row: CuratedRow = match serde_saphyr::from_str(yaml) {
        Ok(row) => row,
        Err(err) => return FrontMatter::Ignored(yaml_reason(&err)),
    };
    match row.check() {
        Ok(curation) => FrontMatter::Read(curation),
        Err(reason) => FrontMatter::Ignored(reason),
    }
}

/// The parser's message on one line, since it becomes a warning in a one-line report: without
/// the source snippet, and without advice meant for the programmer who calls the parser.
fn yaml_reason(err: &serde_saphyr::Error) -> String {
    let message = err
        .without_snippet()
        .to_string()
        .replace(", set DuplicateKeyPolicy in Options if acceptable", "");
    let words: Vec<&str> = message.split_whitespace().collect();
    format!("not valid YAML: {}", words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::catalog::{CatalogActor, CatalogDate};
    use crate::model::{ActorRole, DocType, Lang};

    /// Splits `text` and checks the body left over.
    fn split(text: &str, expected_body: &str) -> FrontMatter {
        let (front_matter, body) = split_front_matter(text);
        assert_eq!(body, expected_body, "{front_matter:?}");
        front_matter
    }

    fn read(text: &str) -> Curation {
        match split(text, "Body.\n") {
            FrontMatter::Read(curation) => curation,
            other => panic!("not read: {other:?}"),
        }
    }

    /// Checks that the block is ignored with a reason containing `reason`.
    fn ignored(text: &str, expected_body: &str, reason: &str) {
        match split(text, expected_body) {
            FrontMatter::Ignored(got) => assert!(got.contains(reason), "{got:?} lacks {reason:?}"),
            other => panic!("not ignored: {other:?}"),
        }
    }

    #[test]
    fn reads_every_field() {
        let curation = read(concat!(
            "---\n",
            "title: Statement on the CTBT\n",
            "date: 2023-06-20\n",
            "year: 2023\n",
            "lang: en\n",
            "actors:\n",
            "  - Russia\n",
            "  - {name: United States, role: mentioned}\n",
            "source_name: MFA\n",
            "source_url: https://example.org/1\n",
            "place: Geneva\n",
            "topics: [nuclear, nuclear, un-system]\n",
            "type: Official statement\n",
            "parallel_group: ctbt-2023\n",
            "doc_symbol: CD/2023/1\n",
            "---\n",
            "Body.\n",
        ));
        assert_eq!(curation.title.as_deref(), Some("Statement on the CTBT"));
        assert_eq!(
            curation.date,
            CatalogDate::Known("2023-06-20".parse().unwrap())
        );
        assert_eq!(curation.year, Some(2023));
        assert_eq!(curation.lang, Some(Lang::En));
        assert_eq!(
            curation.actors,
            [
                CatalogActor {
                    name: "Russia".to_string(),
                    role: None
                },
                CatalogActor {
                    name: "United States".to_string(),
                    role: Some(ActorRole::Mentioned)
                }
            ]
        );
        assert_eq!(curation.source_name.as_deref(), Some("MFA"));
        assert_eq!(
            curation.source_url.as_deref(),
            Some("https://example.org/1")
        );
        assert_eq!(curation.place.as_deref(), Some("Geneva"));
        assert_eq!(
            curation.topics,
            [crate::model::Topic::Nuclear, crate::model::Topic::UnSystem]
        );
        assert_eq!(curation.doc_type, Some(DocType::OfficialStatement));
        assert_eq!(
            curation.parallel_group.as_ref().map(|g| g.as_str()),
            Some("ctbt-2023")
        );
        assert_eq!(curation.doc_symbol.as_deref(), Some("CD/2023/1"));
    }

    #[test]
    fn without_an_opening_line_there_is_none() {
        for text in [
            "Body.\n",
            "Title\n---\nBody.\n",
            " ---\ntitle: x\n---\nBody.\n",
            "----\ntitle: x\n----\n",
            "",
        ] {
            assert_eq!(split(text, text), FrontMatter::Absent);
        }
    }

    #[test]
    fn null_date_means_known_to_be_unknown() {
        assert_eq!(
            read("---\ndate: null\n---\nBody.\n").date,
            CatalogDate::Unknown
        );
        assert_eq!(
            read("---\ndate: ~\n---\nBody.\n").date,
            CatalogDate::Unknown
        );
        assert_eq!(
            read("---\ntitle: x\n---\nBody.\n").date,
            CatalogDate::NotGiven
        );
    }

    #[test]
    fn yaml_end_marker_trailing_blanks_and_empty_blocks() {
        assert_eq!(
            read("---\ntitle: A\n...\nBody.\n").title.as_deref(),
            Some("A")
        );
        assert_eq!(
            read("--- \t\ntitle: A\n---  \nBody.\n").title.as_deref(),
            Some("A")
        );
        assert_eq!(read("---\n---\nBody.\n"), Curation::default());
        assert_eq!(
            read("---\n# nothing yet\n\n---\nBody.\n"),
            Curation::default()
        );
    }

    #[test]
    fn arabic_and_russian_values_keep_their_script() {
        let curation =
            read("---\ntitle: بيان بشأن معاهدة الحظر الشامل\nplace: Москва\n---\nBody.\n");
        assert_eq!(
            curation.title.as_deref(),
            Some("بيان بشأن معاهدة الحظر الشامل")
        );
        assert_eq!(curation.place.as_deref(), Some("Москва"));
    }

    #[test]
    fn an_unclosed_block_is_left_as_text() {
        let text = "---\ntitle: A\n\nBody.\n";
        ignored(
            text,
            text,
            "no closing \"---\" line within the first 16 KiB",
        );
    }

    #[test]
    fn a_block_over_the_limit_is_left_as_text() {
        let long = format!(
            "---\ntitle: A\n{}---\nBody.\n",
            "# padding\n".repeat(MAX_FRONT_MATTER_BYTES / 10 + 1)
        );
        ignored(
            &long,
            &long,
            "no closing \"---\" line within the first 16 KiB",
        );
        let fits = format!(
            "---\ntitle: A\n{}---\nBody.\n",
            "# padding\n".repeat(MAX_FRONT_MATTER_BYTES / 10 - 2)
        );
        assert_eq!(read(&fits).title.as_deref(), Some("A"));
    }

    #[test]
    fn a_bad_block_is_removed_and_ignored_with_the_reason() {
        let check = |yaml: &str, reason: &str| {
            ignored(&format!("---\n{yaml}---\nBody.\n"), "Body.\n", reason);
        };
        check(
            "title: [unclosed\n",
            "not valid YAML: unclosed bracket '[' at line 2, column 8",
        );
        check(
            "title: a\ntitle: b\n",
            "not valid YAML: duplicate mapping key: title at line 3, column 1",
        );
        check(
            "- just\n- a list\n",
            "not valid YAML: expected mapping start",
        );
        check("year: twenty\n", "not valid YAML: invalid i32 at line 2");
        check(
            "actors: Russia\n",
            "not valid YAML: expected sequence start",
        );
        check(
            "actors: [1984]\n",
            "an actor name or {\"name\": …, \"role\": …}",
        );
        check(
            "titel: A\n",
            "unknown field \"titel\" (the fields are title, date,",
        );
        check("file: en/a.txt\n", "\"file\" belongs in metadata.jsonl");
        check(
            "date: 20 June 2023\n",
            "\"date\" must be YYYY-MM-DD or null",
        );
        check("lang: de\n", "unknown \"lang\" \"de\"");
        check(
            "topics: [nukes]\n",
            "unknown topic \"nukes\" (use space-security, nuclear,",
        );
        check(
            "type: memo\n",
            "unknown \"type\" \"memo\" (use official-statement, joint-declaration,",
        );
        check(
            "actors: [{name: Russia, role: host}]\n",
            "unknown actor \"role\" \"host\" (use speaker or mentioned)",
        );
    }

    #[test]
    fn reasons_are_one_line() {
        let (front_matter, _) = split_front_matter("---\ntitle: [a\nyear: x\n---\nBody.\n");
        let FrontMatter::Ignored(reason) = front_matter else {
            panic!("not ignored: {front_matter:?}");
        };
        assert!(!reason.contains('\n'), "{reason}");
    }
}
