//! `statement-archive learn`: learn word translations from a corpus's parallel groups and
//! write them as the table search reads (`data/parallel-lexicon.tsv`).
//!
//! A group is used when its versions split into the same number of paragraphs, so that
//! paragraph `n` of one is the translation of paragraph `n` of the others (true of the UN
//! Parallel Corpus, whose lines are aligned sentences). Groups listed in `--exclude` are left
//! out, so that what is evaluated is never learned from.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use rayon::prelude::*;

use crate::corpus::Corpus;
use crate::lexicon::parallel;
use crate::model::Lang;

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// Folder of statement text files with a metadata.jsonl naming parallel groups.
    #[arg(long)]
    pub corpus: PathBuf,
    /// File of parallel-group ids (one per line, `#` comments) never to learn from.
    #[arg(long)]
    pub exclude: Option<PathBuf>,
    /// Where to write the table.
    #[arg(long, default_value = "data/parallel-lexicon.tsv")]
    pub out: PathBuf,
}

/// The language pairs learned.
const PAIRS: [(Lang, Lang); 3] = [
    (Lang::En, Lang::Ar),
    (Lang::En, Lang::Ru),
    (Lang::Ar, Lang::Ru),
];

pub fn run(args: &LearnArgs) -> anyhow::Result<()> {
    let excluded: HashSet<String> = match &args.exclude {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect(),
        None => HashSet::new(),
    };
    let corpus = Corpus::open(&args.corpus)?;
    let statements: Vec<_> = corpus
        .files()
        .par_iter()
        .filter_map(|path| corpus.parse(path).ok())
        .collect();
    let mut groups: BTreeMap<String, BTreeMap<Lang, Vec<String>>> = BTreeMap::new();
    for s in statements {
        if let Some(group) = s
            .parallel_group
            .map(|g| g.to_string())
            .filter(|g| !excluded.contains(g))
        {
            let lines = s.paragraphs.into_iter().map(|p| p.text).collect();
            groups.entry(group).or_default().insert(s.lang, lines);
        }
    }
    let (mut used, mut misaligned) = (0, 0);
    let mut bitexts: BTreeMap<(Lang, Lang), Vec<(String, String)>> = BTreeMap::new();
    for versions in groups.values() {
        let mut aligned = false;
        for (a, b) in PAIRS {
            if let (Some(la), Some(lb)) = (versions.get(&a), versions.get(&b)) {
                if la.len() == lb.len() {
                    aligned = true;
                    let pairs = la.iter().cloned().zip(lb.iter().cloned());
                    bitexts.entry((a, b)).or_default().extend(pairs);
                } else {
                    misaligned += 1;
                }
            }
        }
        used += usize::from(aligned);
    }
    let mut rows = Vec::new();
    let mut counts = Vec::new();
    let learned: Vec<_> = bitexts
        .par_iter()
        .map(|(&(a, b), lines)| {
            let refs: Vec<(&str, &str)> = lines
                .iter()
                .map(|(x, y)| (x.as_str(), y.as_str()))
                .collect();
            ((a, b, lines.len()), parallel::learn(a, b, &refs))
        })
        .collect();
    for ((a, b, n), learned) in learned {
        counts.push(format!(
            "{a}-{b} {n} aligned paragraphs, {} pairs",
            learned.len()
        ));
        rows.extend(learned);
    }
    let header = format!(
        "Word translations learned by `statement-archive learn` (IBM Model 1, both directions) from\n\
         the parallel groups of a corpus. Generated; do not edit by hand. Learned from {used} groups\n\
         ({} excluded as held out for evaluation). {}.",
        excluded.len(),
        counts.join("; ")
    );
    std::fs::write(&args.out, parallel::to_tsv(&header, &rows))
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "learned {} translations from {used} parallel groups ({misaligned} version pairs skipped: paragraph counts differ) into {}",
        rows.len(),
        args.out.display()
    );
    Ok(())
}
