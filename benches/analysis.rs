//! Analyzer throughput per language, in bytes of statement text per second.
//!
//! The texts are about 20 parsed statement bodies per language, spread over the bench
//! corpus (see `common`), so the measure covers real vocabulary, punctuation and
//! paragraph lengths. Without the corpus it falls back to the seed statements in
//! `corpus/`, which have no Russian: that row is then skipped, not faked.
//!
//! It measures the analyzer alone (tokenizer and filters), built once as the index does,
//! not `analysis::tokens`, which also builds an analyzer and a `Vec<String>` per call.

mod common;

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput};
use statement_archive::analysis;
use statement_archive::corpus::Corpus;
use statement_archive::model::Lang;
use tantivy::tokenizer::TextAnalyzer;

const LANGS: [Lang; 3] = [Lang::En, Lang::Ar, Lang::Ru];
const DOCS_PER_LANG: usize = 20;
/// Files parsed to find `DOCS_PER_LANG` statements of each language.
const CANDIDATES: usize = 600;

fn bench_analyzers(c: &mut Criterion) {
    let texts = sample_texts();
    let mut group = c.benchmark_group("analysis");
    for lang in LANGS {
        let bodies: Vec<&str> = texts
            .iter()
            .filter(|(text_lang, _)| *text_lang == lang)
            .map(|(_, body)| body.as_str())
            .collect();
        if bodies.is_empty() {
            eprintln!(
                "bench: no {} text in the corpus; skipping analysis/{lang}",
                lang.name()
            );
            continue;
        }
        let name = analysis::analyzer_name(lang);
        let mut analyzer =
            analysis::analyzer(name).expect("analyzer_name returns a registered name");
        // Also warms the stemmers' lazy tables before anything is timed.
        let n_tokens = count_tokens(&mut analyzer, &bodies);
        assert!(n_tokens > 0, "the {name} analyzer made no tokens");
        let n_bytes: usize = bodies.iter().map(|body| body.len()).sum();
        eprintln!(
            "bench: analysis/{lang}: {} statements, {n_bytes} bytes, {n_tokens} tokens",
            bodies.len()
        );
        group.throughput(Throughput::Bytes(n_bytes as u64));
        group.bench_function(BenchmarkId::from_parameter(lang.code()), |b| {
            b.iter(|| assert_eq!(count_tokens(&mut analyzer, black_box(&bodies)), n_tokens));
        });
    }
    group.finish();
}

fn count_tokens(analyzer: &mut TextAnalyzer, bodies: &[&str]) -> usize {
    let mut n_tokens = 0;
    for body in bodies {
        analyzer
            .token_stream(body)
            .process(&mut |_token| n_tokens += 1);
    }
    n_tokens
}

/// Up to `DOCS_PER_LANG` statement bodies per language in `LANGS`, spread over the corpus.
fn sample_texts() -> Vec<(Lang, String)> {
    let corpus = common::try_corpus().unwrap_or_else(|| {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        eprintln!(
            "bench: no bench corpus; using the seeds in {} (set {} to use another corpus)",
            seeds.display(),
            common::CORPUS_ENV
        );
        Corpus::open(&seeds).unwrap_or_else(|err| common::fail(&format!("no seeds either: {err}")))
    });
    let candidates = common::spread_sample(corpus.files(), CANDIDATES);
    let statements = common::parse_all(&corpus, &candidates);
    let mut res = Vec::new();
    for lang in LANGS {
        let of_lang: Vec<_> = statements.iter().filter(|st| st.lang == lang).collect();
        let n = of_lang.len().min(DOCS_PER_LANG);
        for sample_idx in 0..n {
            res.push((lang, of_lang[sample_idx * of_lang.len() / n].body()));
        }
    }
    res
}

criterion::criterion_group!(benches, bench_analyzers);
criterion::criterion_main!(benches);
