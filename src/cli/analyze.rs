//! `statement-archive analyze --lang L TEXT`: what a curator runs to see why a word matches.

use anyhow::anyhow;
use clap::Args;

use crate::analysis;
use crate::model::Lang;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Language whose analyzer to use: en, ar, ru (others use the fallback).
    #[arg(long)]
    pub lang: String,
    /// The text to analyse.
    pub text: String,
}

pub fn run(args: &AnalyzeArgs) -> anyhow::Result<()> {
    let lang = Lang::from_code(&args.lang).ok_or_else(|| {
        anyhow!(
            "unknown language “{}”; use one of: {}",
            args.lang,
            Lang::ALL.map(|l| l.code()).join(", ")
        )
    })?;
    for token in analysis::tokens(lang, &args.text) {
        println!("{token}");
    }
    Ok(())
}
