//! `statement-archive eval`: score retrieval against a judgment file and print the figures.
//!
//! The index is opened, or built when missing or stale, exactly as `serve` does, so the figures
//! are those of the site a user would query.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;

use super::index::{open_corpus, print_report};
use super::serve::current_archive;
use super::{CorpusArgs, Format};
use crate::eval::{self, EvalReport, Metrics};

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub dirs: CorpusArgs,
    /// Judgment file: `query<TAB>target_lang<TAB>relevant paths separated by |` per line.
    #[arg(long)]
    pub queries: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: &EvalArgs) -> anyhow::Result<()> {
    let tsv = std::fs::read_to_string(&args.queries)
        .with_context(|| format!("cannot read {}", args.queries.display()))?;
    let judgments = eval::parse_judgments(&tsv)
        .with_context(|| format!("cannot read the judgments in {}", args.queries.display()))?;
    let corpus = open_corpus(&args.dirs)?;
    let missing = eval::missing_paths(&judgments, corpus.files());
    if let Some((line, path)) = missing.first() {
        bail!(
            "{}:{line}: relevant path “{path}” is not a file of the corpus {} ({} such path(s) in all); \
             paths are relative to the corpus folder, e.g. ar/unpc-….txt",
            args.queries.display(),
            args.dirs.corpus.display(),
            missing.len()
        );
    }
    let (archive, build_report) = current_archive(&args.dirs)?;
    if let Some(build_report) = build_report {
        match args.format {
            Format::Text => print_report(&build_report, &args.dirs.index),
            // Keep stdout a single JSON document.
            Format::Json => eprintln!(
                "indexed {} statements into {}",
                build_report.indexed,
                args.dirs.index.display()
            ),
        }
    }
    let report = eval::evaluate(&archive, &judgments)
        .with_context(|| format!("evaluating {}", args.queries.display()))?;
    match args.format {
        Format::Text => print!("{}", render_table(&report)),
        Format::Json => println!("{}", render_json(&report)),
    }
    Ok(())
}

/// The report as an aligned table, overall first.
pub fn render_table(report: &EvalReport) -> String {
    let mut out = format!(
        "{:<10} {:>7} {:>6} {:>6} {:>10} {:>7} {:>8} {:>7} {:>7}\n",
        "pair", "queries", "S@1", "S@10", "recall@10", "MRR", "nDCG@10", "P@10", "cP@10"
    );
    let mut row = |name: &str, m: &Metrics| {
        out.push_str(&format!(
            "{:<10} {:>7} {:>6.3} {:>6.3} {:>10.3} {:>7.3} {:>8.3} {:>7.3} {:>7.3}\n",
            name,
            m.n,
            m.success_at_1,
            m.success_at_10,
            m.recall_at_10,
            m.mrr,
            m.ndcg_at_10,
            m.precision_at_10,
            m.capped_precision_at_10
        ));
    };
    row("overall", &report.overall);
    for ((from, to), m) in &report.by_pair {
        row(&format!("{from}→{to}"), m);
    }
    if report.truncated > 0 {
        out.push_str(&format!(
            "{} quer{} longer than the search limit were cut at a word boundary\n",
            report.truncated,
            if report.truncated == 1 { "y" } else { "ies" }
        ));
    }
    out
}

fn render_json(report: &EvalReport) -> serde_json::Value {
    let metrics = |m: &Metrics| {
        serde_json::json!({
            "queries": m.n,
            "success_at_1": m.success_at_1,
            "success_at_10": m.success_at_10,
            "recall_at_10": m.recall_at_10,
            "mrr": m.mrr,
            "ndcg_at_10": m.ndcg_at_10,
            "precision_at_10": m.precision_at_10,
            "capped_precision_at_10": m.capped_precision_at_10,
        })
    };
    let by_pair: serde_json::Map<String, serde_json::Value> = report
        .by_pair
        .iter()
        .map(|((from, to), m)| (format!("{from}→{to}"), metrics(m)))
        .collect();
    serde_json::json!({
        "queries": report.queries,
        "truncated": report.truncated,
        "overall": metrics(&report.overall),
        "by_pair": by_pair,
    })
}
