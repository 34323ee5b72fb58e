//! The command line: `index`, `serve`, `check`, `analyze`, `eval`, `accuracy` and `learn`, one
//! file per subcommand.

mod accuracy;
mod analyze;
mod check;
mod eval;
mod index;
mod learn;
mod serve;
mod status;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A searchable archive of arms-control statements in English, Arabic and Russian.
#[derive(Debug, Parser)]
#[command(name = "statement-archive", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Bring the search index up to date with the corpus: only new, changed and deleted files
    /// are indexed, unless a full rebuild is needed or asked for (the old index serves until
    /// the new one is ready).
    Index(IndexArgs),
    /// Serve the archive over HTTP, building or refreshing the index first when the corpus changed.
    Serve(ServeArgs),
    /// Say what the live index holds and which corpus changes it does not have yet (reads the
    /// index's records only, not its statements).
    Status(CorpusArgs),
    /// Show what was extracted from every document of the corpus and from where (text or
    /// catalog), with warnings; needs no index.
    Check(check::CheckArgs),
    /// Show the tokens a language's analyzer makes of a text.
    Analyze(analyze::AnalyzeArgs),
    /// Score retrieval against a judgment file: recall@10, MRR, nDCG@10 and precision@10,
    /// overall and per language pair (building or refreshing the index first, as `serve` does).
    Eval(eval::EvalArgs),
    /// Measure the metadata the text alone yields against the catalog (language, actors) and
    /// against a hand-written date set; needs no index.
    Accuracy(accuracy::AccuracyArgs),
    /// Learn word translations from the corpus's aligned parallel groups into a table for search.
    Learn(learn::LearnArgs),
}

/// How a reporting command (`eval`, `check`) prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: a table (`eval`) or a block per document (`check`).
    Text,
    /// For scripts: one JSON object (`eval`) or JSON Lines, one per document (`check`).
    Json,
}

#[derive(Debug, Args)]
pub struct CorpusArgs {
    /// Folder of statement text files (searched recursively), with an optional metadata.jsonl.
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
    /// Folder holding the index generations (created when missing).
    #[arg(long, default_value = "var/index")]
    pub index: PathBuf,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    #[command(flatten)]
    pub dirs: CorpusArgs,
    /// Read every file again instead of only the new and changed ones.
    #[arg(long)]
    pub full: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub dirs: CorpusArgs,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Folder of CSS, scripts and fonts, read once at start-up and served under /static/.
    #[arg(long, default_value = "static")]
    pub static_dir: PathBuf,
    /// The site's public address (https://archive.example.org), used in citations and feeds;
    /// without it, each request's Host header is.
    #[arg(long, env = "STATEMENT_ARCHIVE_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Watch the corpus folder and index its changes as they land: a new, changed or deleted
    /// file shows in search within seconds. Without it, the server still switches to any
    /// index a `statement-archive index` run makes live.
    #[arg(long)]
    pub watch: bool,
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Index(args) => index::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Status(args) => status::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Analyze(args) => analyze::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Accuracy(args) => accuracy::run(&args),
        Command::Learn(args) => learn::run(&args),
    }
}
