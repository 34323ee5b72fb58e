//! `statement-archive accuracy`: how well the text alone yields a statement's metadata.
//!
//! Reads every corpus file and the date set, hands them to `eval::metadata`, and prints the
//! figures with every miss (text) or one JSON object of the figures (json). Needs no index.
//! The report is the product, so a low figure is not an error: the command exits 0 when it ran.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;

use super::Format;
use crate::corpus::Corpus;
use crate::eval::metadata::{
    self, ActorMiss, CorpusAccuracy, DEBATE_COLLECTION, DateAccuracy, NEWS_COLLECTION, Ratio,
};

#[derive(Debug, Args)]
pub struct AccuracyArgs {
    /// Folder of statement text files with the metadata.jsonl to compare against (e.g.
    /// ../shared/corpus-real).
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
    /// Date test set: cases headed `=== <YYYY-MM-DD or none> <label>` (see tests/metadata/README.md).
    #[arg(long, default_value = "tests/metadata/dates.txt")]
    pub dates: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: &AccuracyArgs) -> anyhow::Result<()> {
    let date_text = std::fs::read_to_string(&args.dates).with_context(|| {
        format!(
            "cannot read the date set {}; give one with --dates",
            args.dates.display()
        )
    })?;
    let cases = metadata::parse_date_cases(&date_text)
        .with_context(|| format!("cannot read the date cases in {}", args.dates.display()))?;
    let corpus = Corpus::open(&args.corpus)?;
    let mut files = Vec::with_capacity(corpus.files().len());
    for rel_path in corpus.files() {
        let path = corpus.root().join(rel_path);
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        files.push((rel_path.clone(), bytes));
    }
    let measured = metadata::measure_corpus(&corpus, &files);
    let dates = metadata::measure_dates(&cases);
    match args.format {
        Format::Text => print!("{}", render_text(&measured, &dates)),
        Format::Json => println!("{}", render_json(&measured, &dates)),
    }
    Ok(())
}

fn ratio_text(ratio: Ratio) -> String {
    match ratio.value() {
        Some(value) => format!("{}/{} = {value:.4}", ratio.hits, ratio.n),
        None => "n/a (nothing to count)".to_string(),
    }
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "none".to_string(), |d| d.to_string())
}

fn list_actor_misses(out: &mut String, what: &str, misses: &[ActorMiss]) {
    for miss in misses {
        let _ = writeln!(out, "  {what} {}: {}", miss.path, miss.actor);
    }
}

/// The figures, each followed by its misses.
pub fn render_text(measured: &CorpusAccuracy, dates: &DateAccuracy) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "language ({} files)   {}",
        measured.files,
        ratio_text(measured.language.accuracy)
    );
    for miss in &measured.language.misses {
        let got = match &miss.got {
            Ok(lang) => lang.code().to_string(),
            Err(reason) => format!("not parsed ({reason})"),
        };
        let _ = writeln!(
            out,
            "  miss {}: expected {}, got {got}",
            miss.path, miss.expected
        );
    }

    let news = &measured.news;
    let _ = writeln!(
        out,
        "\nnews actors ({NEWS_COLLECTION}: {} articles, catalog vocabulary of {} actors)",
        news.articles, news.vocabulary
    );
    let _ = writeln!(out, "  recall      {}", ratio_text(news.recall));
    let _ = writeln!(out, "  precision   {}", ratio_text(news.precision));
    list_actor_misses(&mut out, "missed", &news.missed);
    list_actor_misses(&mut out, "extra ", &news.extra);
    for miss in &news.unresolved {
        let _ = writeln!(out, "  not in the gazetteer {}: {}", miss.path, miss.actor);
    }

    let debates = &measured.debates;
    let _ = writeln!(
        out,
        "\ngeneral debate ({DEBATE_COLLECTION}: {} speeches; {} name their country, {} do not, {} unresolved)",
        debates.speeches,
        debates.country_recall.n,
        debates.not_named.len(),
        debates.unresolved.len()
    );
    let _ = writeln!(
        out,
        "  country recall      {}",
        ratio_text(debates.country_recall)
    );
    let speaker = |ratio: Option<Ratio>| {
        ratio.map_or_else(|| "n/a (no speaker extracted)".to_string(), ratio_text)
    };
    let _ = writeln!(
        out,
        "  speaker precision   {}",
        speaker(debates.speaker_precision)
    );
    let _ = writeln!(
        out,
        "  speaker recall      {}",
        speaker(debates.speaker_recall)
    );
    list_actor_misses(&mut out, "missed", &debates.missed);
    list_actor_misses(&mut out, "wrong speaker", &debates.wrong_speakers);
    list_actor_misses(&mut out, "country not named", &debates.not_named);
    for miss in &debates.unresolved {
        let _ = writeln!(
            out,
            "  country not in the gazetteer {}: {}",
            miss.path, miss.actor
        );
    }

    let _ = writeln!(
        out,
        "\ndates ({} cases, {} stating none)   {}",
        dates.accuracy.n,
        dates.none_accuracy.n,
        ratio_text(dates.accuracy)
    );
    let _ = writeln!(
        out,
        "  stating none      {}",
        ratio_text(dates.none_accuracy)
    );
    for miss in &dates.misses {
        let got = match &miss.got {
            Ok(date) => date_text(*date),
            Err(reason) => format!("not parsed ({reason})"),
        };
        let _ = writeln!(
            out,
            "  miss line {} {}: expected {}, got {got}",
            miss.line,
            miss.label,
            date_text(miss.expected)
        );
    }
    out
}

fn ratio_json(ratio: Ratio) -> serde_json::Value {
    serde_json::json!({ "hits": ratio.hits, "n": ratio.n, "value": ratio.value() })
}

fn optional_ratio_json(ratio: Option<Ratio>) -> serde_json::Value {
    ratio.map_or(serde_json::Value::Null, ratio_json)
}

/// The summary figures (no miss lists) as one JSON object.
pub fn render_json(measured: &CorpusAccuracy, dates: &DateAccuracy) -> serde_json::Value {
    let news = &measured.news;
    let debates = &measured.debates;
    serde_json::json!({
        "files": measured.files,
        "language": ratio_json(measured.language.accuracy),
        "news_actors": {
            "collection": NEWS_COLLECTION,
            "articles": news.articles,
            "vocabulary": news.vocabulary,
            "recall": ratio_json(news.recall),
            "precision": ratio_json(news.precision),
            "unresolved": news.unresolved.len(),
        },
        "debate_actors": {
            "collection": DEBATE_COLLECTION,
            "speeches": debates.speeches,
            "not_named": debates.not_named.len(),
            "unresolved": debates.unresolved.len(),
            "country_recall": ratio_json(debates.country_recall),
            "speaker_precision": optional_ratio_json(debates.speaker_precision),
            "speaker_recall": optional_ratio_json(debates.speaker_recall),
        },
        "dates": {
            "accuracy": ratio_json(dates.accuracy),
            "stating_none": ratio_json(dates.none_accuracy),
        },
    })
}
