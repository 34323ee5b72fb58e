//! `statement-archive index`: bring the index up to date, with a progress bar and a report.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::{CorpusArgs, IndexArgs};
use crate::corpus::Corpus;
use crate::index::{self, BuildEvent, BuildKind, BuildReport, IndexError, IndexOptions};

pub fn run(args: &IndexArgs) -> anyhow::Result<()> {
    let corpus = open_corpus(&args.dirs)?;
    let mut options = IndexOptions::new(&args.dirs.index);
    options.pause_at = std::env::var(index::PAUSE_ENV).ok();
    let bar = Progress::new();
    let result = if args.full {
        index::build(&corpus, &options, &|e| bar.on(e)).map(|(a, r)| (a, Some(r)))
    } else {
        index::ensure(&corpus, &options, &|e| bar.on(e))
    };
    bar.finish();
    match result.map_err(explain)? {
        (_, Some(report)) => print_report(&report, &args.dirs.index),
        (archive, None) => println!(
            "the index is up to date: {} statements in {}",
            archive.num_docs(),
            args.dirs.index.display()
        ),
    }
    Ok(())
}

/// Opens the corpus; its error already names the folder and the reason.
pub fn open_corpus(args: &CorpusArgs) -> anyhow::Result<Corpus> {
    Ok(Corpus::open(&args.corpus)?)
}

/// Lists the problems of a build that indexed nothing before failing.
pub fn explain(e: IndexError) -> anyhow::Error {
    if let IndexError::NothingIndexed { problems, .. } = &e {
        for p in problems {
            eprintln!("skipped {}: {}", p.path, p.reason);
        }
    }
    anyhow::Error::new(e)
}

/// A terminal progress bar over the build events (hidden when stderr is not a terminal).
pub struct Progress(ProgressBar);

impl Progress {
    pub fn new() -> Progress {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:>10} [{bar:40}] {pos}/{len} files ({per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Progress(bar)
    }

    pub fn on(&self, event: BuildEvent) {
        match event {
            BuildEvent::Started { files } => {
                self.0.set_length(files as u64);
                self.0.set_message("indexing");
            }
            BuildEvent::Parsed => self.0.inc(1),
            BuildEvent::Committing => {
                self.0.set_message("committing");
                self.0.enable_steady_tick(Duration::from_millis(200));
            }
        }
    }

    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

pub fn print_report(report: &BuildReport, index_dir: &std::path::Path) {
    let langs: Vec<String> = report
        .per_lang
        .iter()
        .map(|(lang, n)| format!("{n} {}", lang.name()))
        .collect();
    let langs = if langs.is_empty() {
        "none".to_string()
    } else {
        langs.join(", ")
    };
    match &report.kind {
        BuildKind::Full { reason } => println!(
            "indexed {} statements ({langs}) in {:.1}s into {} (a full build: {reason})",
            report.indexed,
            report.elapsed.as_secs_f64(),
            index_dir.display()
        ),
        BuildKind::Update {
            added,
            changed,
            removed,
            unchanged,
        } => println!(
            "updated {} in {:.1}s: {added} new, {changed} changed, {removed} removed, \
             {unchanged} unchanged files; {} statements indexed ({langs}), {} in the archive",
            index_dir.display(),
            report.elapsed.as_secs_f64(),
            report.indexed,
            report.total
        ),
    }
    for p in &report.problems {
        println!("skipped {}: {}", p.path, p.reason);
    }
    if !report.problems.is_empty() {
        println!(
            "{} file(s) or catalog line(s) skipped",
            report.problems.len()
        );
    }
}
