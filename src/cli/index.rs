//! `statement-archive index`: rebuild the index, with a progress bar and a report.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::CorpusArgs;
use crate::corpus::Corpus;
use crate::index::{self, BuildEvent, BuildReport, IndexError, IndexOptions};

pub fn run(args: &CorpusArgs) -> anyhow::Result<()> {
    let corpus = open_corpus(args)?;
    let bar = Progress::new();
    let result = index::build(&corpus, &IndexOptions::new(&args.index), &|e| bar.on(e));
    bar.finish();
    let (_, report) = result.map_err(explain)?;
    print_report(&report, &args.index);
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
    println!(
        "indexed {} statements ({}) in {:.1}s into {}",
        report.indexed,
        if langs.is_empty() {
            "none".to_string()
        } else {
            langs.join(", ")
        },
        report.elapsed.as_secs_f64(),
        index_dir.display()
    );
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
