//! The archive beside Lucene on the same corpus, in one run (issue 13): search latency per
//! query (p50, p99) with everything the site computes and in the query's own language only,
//! over the peers' 60 queries, typed questions and pasted sentences; where the search time
//! goes, per stage; and, with `--indexing`, documents indexed per second and peak memory of
//! `statement-archive index` against the Lucene peer's indexing.
//!
//! Not a criterion bench: Lucene reports percentiles over passes of its 60 queries, so this
//! does the same (every query `--reps` times after `--warmup` passes) and prints the ratios.
//! Lucene runs from `../shared/peers/lucene` (copied to a temporary folder, since the shared
//! folder may be read-only) when `java` and `mvn` are installed; without them it says so and
//! prints the archive's figures alone.
//!
//! ```sh
//! cargo bench --bench peers                                   # corpus-real
//! BENCH_CORPUS=/tmp/corpus-100k cargo bench --bench peers -- --index /tmp/sa-100k --indexing
//! ```
//! `--index DIR` keeps the archive's index there and reuses it while the corpus is unchanged.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use clap::Parser;
use statement_archive::index::{self, Archive, IndexOptions};
use statement_archive::search::{self, SearchRequest, Stages};

/// Hits per query: the issue's workload and the Lucene peer's (`TopScoreDocCollector.create(10)`),
/// so both load and (for the archive) render the same number of statements.
const TOP: usize = 10;

/// Measure the archive's search (and indexing) beside the Lucene peer.
#[derive(Parser, Debug)]
struct Args {
    /// Keep the archive's index in this folder and reuse it while the corpus is unchanged
    /// (by default it is built in a temporary folder and deleted).
    #[arg(long)]
    index: Option<PathBuf>,
    /// Timed passes over every query set.
    #[arg(long, default_value_t = 20)]
    reps: usize,
    /// Untimed passes first.
    #[arg(long, default_value_t = 3)]
    warmup: usize,
    /// Questions and pasted sentences per set (from `tests/eval/`).
    #[arg(long, default_value_t = 60)]
    long_queries: usize,
    /// Only the query sets whose name starts with this (`peer`, `questions`, `pasted`).
    #[arg(long)]
    only: Option<String>,
    /// Print this many slowest queries of each set, with their median time and matches.
    #[arg(long, default_value_t = 0)]
    slowest: usize,
    /// Time the queries of this file (one a line) instead of the usual sets: to profile a
    /// few queries alone.
    #[arg(long)]
    queries: Option<PathBuf>,
    /// Also time a full `statement-archive index` of the corpus (a child process, so its
    /// peak memory is its own) beside Lucene's indexing.
    #[arg(long)]
    indexing: bool,
    /// Leave Lucene out.
    #[arg(long)]
    no_lucene: bool,
    /// Set by `cargo bench`; without it (as `cargo test --benches` runs it) one pass is made.
    #[arg(long, hide = true)]
    bench: bool,
    #[arg(long, hide = true)]
    test: bool,
    /// A bench name filter passed on by `cargo bench <filter>`.
    #[arg(hide = true)]
    filter: Option<String>,
}

fn main() -> ExitCode {
    let mut args = Args::parse();
    if args.filter.as_deref().is_some_and(|f| !"peers".contains(f)) {
        return ExitCode::SUCCESS;
    }
    if !args.bench || args.test {
        args.reps = 1;
        args.warmup = 0;
        args.long_queries = args.long_queries.min(5);
        args.indexing = false;
        args.no_lucene = true;
    }
    let corpus = common::corpus_or_exit();
    let corpus_dir = common::corpus_dir();
    let docs = corpus.files().len();

    let indexing = args.indexing.then(|| archive_indexing(&corpus_dir, docs));
    let (archive, _keep) = open_archive(&corpus, args.index.as_deref());
    eprintln!("bench: peers: {} statements indexed", archive.num_docs());

    let sets = match &args.queries {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => vec![("queries", query_lines(&text))],
            Err(err) => common::fail(&format!("{}: {err}", path.display())),
        },
        None => query_sets(args.long_queries),
    };
    let mut rows = Vec::new();
    for (name, queries) in &sets {
        if args
            .only
            .as_deref()
            .is_some_and(|only| !name.starts_with(only))
        {
            continue;
        }
        for cross_language in [true, false] {
            let reqs: Vec<SearchRequest> = queries
                .iter()
                .map(|q| SearchRequest {
                    q: q.clone(),
                    cross_language,
                    per_page: TOP,
                    ..SearchRequest::default()
                })
                .collect();
            let label = format!("{name}{}", if cross_language { "" } else { " (own)" });
            let measured = measure(&archive, &reqs, args.warmup, args.reps);
            for (time, total, q) in measured.slowest.iter().take(args.slowest) {
                eprintln!(
                    "bench: peers: {label}: {:.2} ms  {total:>8} matches  {q}",
                    ms(*time)
                );
            }
            rows.push((label, measured));
        }
    }

    let lucene = if args.no_lucene {
        None
    } else {
        run_lucene(&corpus_dir)
    };
    println!("corpus {} ({docs} files)", corpus_dir.display());
    println!(
        "{:<22} {:>9} {:>9} {:>9}  stages, mean ms: {}",
        "archive",
        "p50 ms",
        "p99 ms",
        "mean ms",
        Stages::default().named().map(|(n, _)| n).join(" / ")
    );
    for (label, m) in &rows {
        let stages: Vec<String> = m.stages.iter().map(|d| format!("{:.2}", ms(*d))).collect();
        println!(
            "{label:<22} {:>9.2} {:>9.2} {:>9.2}  {}",
            ms(m.p50),
            ms(m.p99),
            ms(m.mean),
            stages.join(" / ")
        );
    }
    if let Some(l) = &lucene {
        println!(
            "{:<22} {:>9.2} {:>9.2} {:>9.2}  (Lucene {}, 60 queries, {} reps)",
            "lucene", l.p50_ms, l.p99_ms, l.mean_ms, l.version, l.reps
        );
        for (label, m) in rows.iter().filter(|(l, _)| l.starts_with("peer 60")) {
            println!(
                "ratio {label}: p50 {:.2}x, p99 {:.2}x of Lucene's (below 1 is faster)",
                ms(m.p50) / l.p50_ms,
                ms(m.p99) / l.p99_ms
            );
        }
    }
    // Lucene indexes the corpus before it searches, so its rate is known without `--indexing`
    // too, to set beside a build timed apart (a 1M build takes minutes).
    if let (None, Some(l)) = (&indexing, lucene.as_ref().and_then(|l| l.docs_per_s)) {
        println!("lucene index: {l:.0} docs/s");
    }
    if let Some(a) = &indexing {
        println!(
            "archive index: {:.1} s, {:.0} docs/s, peak RSS {:.0} MB",
            a.seconds,
            docs as f64 / a.seconds,
            a.peak_rss_mb
        );
        if let Some(l) = lucene.as_ref().and_then(|l| l.docs_per_s) {
            println!(
                "lucene index: {l:.0} docs/s; archive/lucene {:.2}x (above 1 is faster)",
                docs as f64 / a.seconds / l
            );
        }
    }
    ExitCode::SUCCESS
}

struct Measured {
    p50: Duration,
    p99: Duration,
    mean: Duration,
    /// Mean time per query in each stage, in `Stages::named` order.
    stages: Vec<Duration>,
    /// Each query's median time and its number of matches, slowest first.
    slowest: Vec<(Duration, usize, String)>,
}

fn measure(archive: &Archive, reqs: &[SearchRequest], warmup: usize, reps: usize) -> Measured {
    for _ in 0..warmup {
        for req in reqs {
            let _ = search::search(archive, req);
        }
    }
    let mut times = Vec::with_capacity(reqs.len() * reps);
    let mut per_query = vec![Vec::with_capacity(reps); reqs.len()];
    let mut totals = vec![0; reqs.len()];
    let mut stages = vec![Duration::ZERO; Stages::default().named().len()];
    for _ in 0..reps {
        for (i, req) in reqs.iter().enumerate() {
            let started = Instant::now();
            let found = search::search(archive, req)
                .unwrap_or_else(|err| common::fail(&format!("search {:?} failed: {err}", req.q)));
            times.push(started.elapsed());
            per_query[i].push(started.elapsed());
            totals[i] = found.total;
            for (sum, (_, d)) in stages.iter_mut().zip(found.stages.named()) {
                *sum += d;
            }
        }
    }
    times.sort();
    let mut slowest: Vec<(Duration, usize, String)> = per_query
        .into_iter()
        .zip(totals)
        .zip(reqs)
        .map(|((mut t, total), req)| {
            t.sort();
            (
                t.get(t.len() / 2).copied().unwrap_or_default(),
                total,
                req.q.clone(),
            )
        })
        .collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    let n = times.len().max(1);
    let pick = |q: f64| times[((n as f64 * q).ceil() as usize).clamp(1, n) - 1];
    Measured {
        p50: pick(0.50),
        p99: pick(0.99),
        mean: times.iter().sum::<Duration>() / n as u32,
        stages: stages.into_iter().map(|d| d / n as u32).collect(),
        slowest,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The peers' 60 queries, and typed questions and pasted sentences from the judgment files.
/// A query file's queries: the first column of each line that is not blank, a comment or a
/// header.
fn query_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("query\t"))
        .map(|l| l.split('\t').next().unwrap_or(l).trim().to_string())
        .collect()
}

fn query_sets(long: usize) -> Vec<(&'static str, Vec<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A set whose file is missing is left out.
    let lines = |path: PathBuf| query_lines(&std::fs::read_to_string(path).unwrap_or_default());
    let mut sets = Vec::new();
    let peers = lines(root.join("../shared/peers/queries.txt"));
    if !peers.is_empty() {
        sets.push(("peer 60", peers));
    }
    let mut questions = Vec::new();
    for lang in ["en", "ar", "ru"] {
        let all = lines(root.join(format!("tests/eval/questions-{lang}.tsv")));
        questions.extend(all.into_iter().take(long.div_ceil(3)));
    }
    sets.push(("questions", questions));
    let pasted = lines(root.join("tests/eval/pasted.tsv"));
    // Spread over the file, which runs English, then Arabic, then Russian.
    let step = (pasted.len() / long.max(1)).max(1);
    sets.push((
        "pasted",
        pasted.into_iter().step_by(step).take(long).collect(),
    ));
    sets
}

/// The archive over the bench corpus: reused from `dir` when it holds this corpus' index.
fn open_archive(
    corpus: &statement_archive::corpus::Corpus,
    dir: Option<&Path>,
) -> (Archive, Option<common::TempIndex>) {
    let Some(dir) = dir else {
        let built = common::build_index(corpus);
        eprintln!("bench: peers: {}", common::describe_build(&built));
        // The temporary index lives as long as the returned guard; the archive is reopened
        // from its folder so both can be returned.
        let archive = Archive::open(&built.dir.path().join("index"))
            .ok()
            .flatten()
            .unwrap_or_else(|| common::fail("cannot reopen the bench index"));
        return (archive, Some(built));
    };
    let started = Instant::now();
    match index::ensure(corpus, &IndexOptions::new(dir), &|_| {}) {
        Ok((archive, report)) => {
            if report.is_some() {
                eprintln!(
                    "bench: peers: built {} in {:.1} s",
                    dir.display(),
                    started.elapsed().as_secs_f64()
                );
            }
            (archive, None)
        }
        Err(err) => common::fail(&format!("cannot index into {}: {err}", dir.display())),
    }
}

/// A full build by the real binary, in a temporary folder, with its wall time and peak RSS.
fn archive_indexing(corpus: &Path, docs: usize) -> common::IndexRun {
    let dir = common::temp_dir();
    eprintln!("bench: peers: indexing {docs} files with statement-archive index …");
    common::run_index(corpus, &dir.path().join("index"))
}

struct Lucene {
    version: String,
    p50_ms: f64,
    p99_ms: f64,
    mean_ms: f64,
    reps: usize,
    docs_per_s: Option<f64>,
}

/// Runs `../shared/peers/lucene/run.sh` over the corpus (one run) and reads its summary lines.
fn run_lucene(corpus: &Path) -> Option<Lucene> {
    let have = |tool: &str| {
        Command::new(tool)
            .arg("-version")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok()
    };
    if !have("java") || !have("mvn") {
        eprintln!(
            "bench: peers: Lucene skipped: java or mvn is missing (see ../shared/peers/README.md)"
        );
        return None;
    }
    // The whole folder: the peer reads `../queries.txt` beside its own.
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peers");
    let work = common::temp_dir();
    let copy = work.path().join("peers");
    let copied = Command::new("cp")
        .arg("-r")
        .arg(&shared)
        .arg(&copy)
        .status()
        .is_ok_and(|s| s.success());
    if !copied {
        eprintln!(
            "bench: peers: Lucene skipped: cannot copy {}",
            shared.display()
        );
        return None;
    }
    eprintln!("bench: peers: running the Lucene peer …");
    let output = Command::new(copy.join("lucene/run.sh"))
        .arg(corpus)
        .arg(work.path().join("lucene-index"))
        .env("RUNS", "1")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let field = |line: &str, key: &str| -> Option<f64> {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
            .and_then(|v| v.parse().ok())
    };
    let Some(bench) = text.lines().find(|l| l.starts_with("lucene bench:")) else {
        let tail: Vec<&str> = text.lines().rev().take(5).collect();
        eprintln!(
            "bench: peers: the Lucene peer printed no figures ({}); last lines: {:?}",
            output.status, tail
        );
        return None;
    };
    let index = text.lines().find(|l| l.starts_with("lucene index:"));
    let version = text
        .lines()
        .find_map(|l| {
            l.split_whitespace()
                .find_map(|kv| kv.strip_prefix("lucene="))
        })
        .unwrap_or("?")
        .to_string();
    let found = Lucene {
        version,
        p50_ms: field(bench, "p50_us")? / 1000.0,
        p99_ms: field(bench, "p99_us")? / 1000.0,
        mean_ms: field(bench, "mean_us")? / 1000.0,
        reps: field(bench, "reps").unwrap_or(0.0) as usize,
        docs_per_s: index.and_then(|l| field(l, "docs_per_s")),
    };
    if !output.status.success() {
        eprintln!(
            "bench: peers: the Lucene peer exited with {}",
            output.status
        );
    }
    Some(found)
}
