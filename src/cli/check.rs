//! `statement-archive check`: what the archive believes about every document of a corpus, and
//! where each field came from (`text`, `catalog` or `front-matter`), so a curator knows what to
//! correct and where.
//!
//! It reads the corpus exactly as `index` does and needs no index. Output follows the corpus's
//! file order, after the problems found while opening it (catalog lines). Warnings never change
//! the exit code: only a corpus folder that cannot be read is an error.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;
use serde::Serialize;

use super::Format;

use crate::corpus::{Corpus, Problem, duplicate_groups, duplicate_warning, text_hash};
use crate::model::{Statement, Warning, WarningKind};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Folder of statement text files (searched recursively), with an optional metadata.jsonl.
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
    /// How to print the documents.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// One line of `--format json` for a document.
#[derive(Debug, Serialize)]
struct DocumentLine {
    path: String,
    lang: &'static str,
    title: String,
    date: Option<String>,
    /// Only when there is no exact date (the catalog knows the year of a UN debate).
    year: Option<i32>,
    actors: Vec<ActorLine>,
    topics: Vec<&'static str>,
    /// The document type's code, `null` when neither the curation nor the text gives one.
    #[serde(rename = "type")]
    doc_type: Option<&'static str>,
    source: Option<String>,
    source_url: Option<String>,
    place: Option<String>,
    provenance: BTreeMap<&'static str, &'static str>,
    /// Each as its message.
    #[serde(serialize_with = "messages")]
    warnings: Vec<Warning>,
}

fn messages<S: serde::Serializer>(warnings: &[Warning], out: S) -> Result<S::Ok, S::Error> {
    out.collect_seq(warnings.iter().map(ToString::to_string))
}

#[derive(Debug, Serialize)]
struct ActorLine {
    id: String,
    name: String,
    role: &'static str,
}

/// One line of `--format json` for a file or catalog line that was skipped.
#[derive(Debug, Serialize)]
struct ErrorLine<'a> {
    path: &'a str,
    error: &'a str,
}

/// A parsed document as reported, with the hash its duplicates are found by.
struct Checked {
    line: DocumentLine,
    text_hash: blake3::Hash,
}

pub fn run(args: &CheckArgs) -> anyhow::Result<()> {
    let corpus = Corpus::open(&args.corpus)?;
    // `collect` keeps the file order whatever order the workers finish in.
    let mut results: Vec<Result<Checked, Problem>> = corpus
        .files()
        .par_iter()
        .map(|rel_path| corpus.parse(rel_path).map(|statement| check(&statement)))
        .collect();
    add_duplicate_warnings(&mut results);

    let mut summary = Summary::default();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let problems = corpus.problems().iter().map(Err);
    let written = problems
        .chain(results.iter().map(Result::as_ref))
        .try_for_each(|result| {
            summary.count(result);
            match args.format {
                Format::Text => write_text(&mut out, result),
                Format::Json => write_json(&mut out, result),
            }
        })
        .and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        // The reader went away (`check | head`): not our failure, as ripgrep also treats it.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
        Err(err) => return Err(anyhow::Error::new(err).context("writing the report")),
    }
    eprintln!("{}", summary.render());
    Ok(())
}

/// The report line of one statement (without duplicate warnings, which need all of them).
fn check(statement: &Statement) -> Checked {
    let provenance: BTreeMap<&'static str, &'static str> = statement
        .provenance
        .known()
        .map(|(field, origin)| (field, origin.code()))
        .collect();
    let line = DocumentLine {
        path: statement.path.clone(),
        lang: statement.lang.code(),
        title: statement.title.clone(),
        date: statement.date.map(|date| date.to_string()),
        year: statement.year.filter(|_| statement.date.is_none()),
        actors: statement
            .actors
            .iter()
            .map(|actor| ActorLine {
                id: actor.id.to_string(),
                name: actor.name.clone(),
                role: actor.role.code(),
            })
            .collect(),
        topics: statement.topics.iter().map(|t| t.code()).collect(),
        doc_type: statement.doc_type.map(|doc_type| doc_type.code()),
        source: statement.source.clone(),
        source_url: statement.source_url.clone(),
        place: statement.place.clone(),
        provenance,
        warnings: statement.warnings.clone(),
    };
    Checked {
        line,
        text_hash: text_hash(&statement.body()),
    }
}

/// Adds a warning to each document whose text another path also has, naming the other paths.
fn add_duplicate_warnings(results: &mut [Result<Checked, Problem>]) {
    let hashes: Vec<(&str, blake3::Hash)> = results
        .iter()
        .filter_map(|result| result.as_ref().ok())
        .map(|checked| (checked.line.path.as_str(), checked.text_hash))
        .collect();
    let mut warnings: HashMap<String, Warning> = HashMap::new();
    for group in duplicate_groups(&hashes) {
        for path in &group {
            let others: Vec<&str> = group.iter().copied().filter(|p| p != path).collect();
            warnings.insert(path.to_string(), duplicate_warning(&others));
        }
    }
    for checked in results.iter_mut().filter_map(|result| result.as_mut().ok()) {
        if let Some(warning) = warnings.remove(&checked.line.path) {
            checked.line.warnings.push(warning);
        }
    }
}

fn write_json(out: &mut impl Write, result: Result<&Checked, &Problem>) -> io::Result<()> {
    match result {
        Ok(checked) => serde_json::to_writer(&mut *out, &checked.line)?,
        Err(problem) => serde_json::to_writer(
            &mut *out,
            &ErrorLine {
                path: &problem.path,
                error: &problem.reason,
            },
        )?,
    }
    writeln!(out)
}

fn write_text(out: &mut impl Write, result: Result<&Checked, &Problem>) -> io::Result<()> {
    let line = match result {
        Ok(checked) => &checked.line,
        Err(problem) => return writeln!(out, "skipped {}: {}", problem.path, problem.reason),
    };
    let field = |out: &mut dyn Write, name: &str, value: &str| -> io::Result<()> {
        match line.provenance.get(name) {
            Some(origin) => writeln!(out, "  {name}: {value} (from {origin})"),
            None => writeln!(out, "  {name}: {value}"),
        }
    };
    let or_none = |value: &Option<String>| value.clone().unwrap_or_else(|| "none".to_string());
    writeln!(out, "{}", line.path)?;
    field(out, "lang", line.lang)?;
    field(out, "title", &line.title)?;
    let date = match (&line.date, line.year) {
        (Some(date), _) => date.clone(),
        (None, Some(year)) => format!("none (year {year})"),
        (None, None) => "none".to_string(),
    };
    field(out, "date", &date)?;
    let actors: Vec<String> = line
        .actors
        .iter()
        .map(|actor| format!("{} [{}, {}]", actor.name, actor.id, actor.role))
        .collect();
    field(out, "actors", &none_if_empty(actors.join(", ")))?;
    field(out, "topics", &none_if_empty(line.topics.join(", ")))?;
    field(out, "type", line.doc_type.unwrap_or("none"))?;
    field(out, "source", &or_none(&line.source))?;
    field(out, "source_url", &or_none(&line.source_url))?;
    field(out, "place", &or_none(&line.place))?;
    for warning in &line.warnings {
        writeln!(out, "  warning: {warning}")?;
    }
    Ok(())
}

fn none_if_empty(value: String) -> String {
    if value.is_empty() {
        "none".to_string()
    } else {
        value
    }
}

/// Counts for the closing line on stderr.
#[derive(Debug, Default)]
struct Summary {
    documents: usize,
    skipped: usize,
    with_warnings: usize,
    by_kind: BTreeMap<WarningKind, usize>,
}

impl Summary {
    fn count(&mut self, result: Result<&Checked, &Problem>) {
        let checked = match result {
            Ok(checked) => checked,
            Err(_) => {
                self.skipped += 1;
                return;
            }
        };
        self.documents += 1;
        if !checked.line.warnings.is_empty() {
            self.with_warnings += 1;
        }
        for warning in &checked.line.warnings {
            *self.by_kind.entry(warning.kind()).or_default() += 1;
        }
    }

    /// `12 documents read, 3 skipped, 5 with warnings (no date: 3, no actor: 2)`, kinds most
    /// frequent first.
    fn render(&self) -> String {
        let mut kinds: Vec<(&str, usize)> =
            self.by_kind.iter().map(|(k, n)| (k.label(), *n)).collect();
        kinds.sort_by(|(kind_a, n_a), (kind_b, n_b)| n_b.cmp(n_a).then(kind_a.cmp(kind_b)));
        let mut res = format!(
            "{} documents read, {} skipped, {} with warnings",
            self.documents, self.skipped, self.with_warnings
        );
        if !kinds.is_empty() {
            let kinds: Vec<String> = kinds
                .iter()
                .map(|(kind, n)| format!("{kind}: {n}"))
                .collect();
            res.push_str(&format!(" ({})", kinds.join(", ")));
        }
        res
    }
}
