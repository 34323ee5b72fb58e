//! `statement-archive status`: what is live, and what the corpus has that it does not.

use super::CorpusArgs;
use super::index::open_corpus;
use crate::index::{self, IndexOptions};

/// How many paths of each kind of change are listed before "and N more".
const LISTED: usize = 10;

pub fn run(args: &CorpusArgs) -> anyhow::Result<()> {
    let options = IndexOptions::new(&args.index);
    // An unreadable corpus still leaves the index to report on.
    let corpus = match open_corpus(args) {
        Ok(corpus) => Some(corpus),
        Err(e) => {
            println!("corpus: {e:#}");
            None
        }
    };
    let Some(status) = index::status(&options, corpus.as_ref())? else {
        println!(
            "no index in {} yet: `statement-archive index` builds it",
            args.index.display()
        );
        return Ok(());
    };
    let built = status
        .built_at
        .map(|t| {
            chrono::DateTime::<chrono::Utc>::from(t)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .unwrap_or_else(|| "at an unknown time".to_string());
    println!(
        "live: {} statements in {} (generation {}, indexed {built})",
        status.statements,
        args.index.display(),
        status.generation
    );
    if !status.skipped.is_empty() {
        println!(
            "skipped: {} file(s) that could not be read as statements (`statement-archive check` says why)",
            status.skipped.len()
        );
    }
    if let Some(reason) = &status.rebuild {
        println!("the next `index` rebuilds everything: {reason}");
    }
    match &status.pending {
        Some(changes) if changes.is_empty() => {
            println!("up to date with {}", args.corpus.display());
        }
        Some(changes) => {
            println!(
                "pending in {}: {} new, {} changed, {} removed (`statement-archive index`, or serve --watch, applies them)",
                args.corpus.display(),
                changes.added.len(),
                changes.changed.len(),
                changes.removed.len()
            );
            for (what, paths) in [
                ("new", &changes.added),
                ("changed", &changes.changed),
                ("removed", &changes.removed),
            ] {
                for path in paths.iter().take(LISTED) {
                    println!("  {what} {path}");
                }
                if paths.len() > LISTED {
                    println!("  … and {} more {what}", paths.len() - LISTED);
                }
            }
        }
        None => {}
    }
    Ok(())
}
