//! Ingest: opening the corpus, parsing statements, and a full index build.
//!
//! Parsing is measured on about 300 files spread over the corpus, reading them from disk
//! as `Corpus::parse` does (the page cache is warm after the first pass). The full build
//! is `index::build` over the whole corpus into a fresh temporary directory each time:
//! parsing, analysis, tantivy's writer, commit, merges and the document-count check. It is
//! the slow one, so it takes 10 samples, with the measurement time derived from a first,
//! untimed build.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode, Throughput};
use statement_archive::corpus::Corpus;
use statement_archive::index::{self, IndexOptions};

const PARSE_SAMPLE: usize = 300;
const BUILD_SAMPLES: usize = 10;
/// Time spent on full builds at least, when builds are quick.
const MIN_MEASUREMENT: Duration = Duration::from_secs(30);

fn bench_ingest(c: &mut Criterion) {
    let corpus = common::corpus_or_exit();
    bench_parse(c, &corpus);
    bench_build(c, &corpus);
}

fn bench_parse(c: &mut Criterion, corpus: &Corpus) {
    let dir = common::corpus_dir();
    let sample = common::spread_sample(corpus.files(), PARSE_SAMPLE);
    let n_parsed = common::parse_all(corpus, &sample).len();
    assert!(
        n_parsed > 0,
        "none of the {} sampled files parses",
        sample.len()
    );
    eprintln!(
        "bench: ingest/parse: {n_parsed} of {} sampled files parse",
        sample.len()
    );

    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Elements(corpus.files().len() as u64));
    group.bench_function("corpus_open", |b| {
        b.iter(|| {
            let opened = Corpus::open(black_box(&dir)).expect("the corpus opened a moment ago");
            assert_eq!(opened.files().len(), corpus.files().len());
        });
    });
    group.throughput(Throughput::Elements(sample.len() as u64));
    group.bench_function("parse", |b| {
        b.iter(|| {
            let n_ok = sample
                .iter()
                .filter(|path| corpus.parse(black_box(path)).is_ok())
                .count();
            assert_eq!(n_ok, n_parsed);
        });
    });
    group.finish();
}

fn bench_build(c: &mut Criterion, corpus: &Corpus) {
    let first = common::build_index(corpus);
    eprintln!(
        "bench: ingest/index_build: first build {}",
        common::describe_build(&first)
    );
    let n_indexed = first.report.indexed;
    assert!(n_indexed > 0, "the first build indexed nothing");
    // Criterion runs ceil(measurement / (samples × build time)) builds per sample. A slow
    // build (a big synthetic corpus) gets one per sample, and criterion then warns that it
    // cannot finish in time, which is expected; a quick one gets a few within MIN_MEASUREMENT.
    let measurement = first
        .elapsed
        .mul_f64(BUILD_SAMPLES as f64 * 0.8)
        .max(MIN_MEASUREMENT);
    drop(first);

    let mut group = c.benchmark_group("ingest");
    group
        .sample_size(BUILD_SAMPLES)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(measurement)
        .throughput(Throughput::Elements(corpus.files().len() as u64));
    group.bench_function("index_build", |b| {
        b.iter_batched(
            common::temp_dir,
            |dir| {
                let options = IndexOptions::new(dir.path().join("index"));
                let (archive, report) =
                    index::build(corpus, &options, &|_| {}).expect("the same corpus built before");
                assert_eq!(report.indexed, n_indexed);
                // Returned so that closing the archive and deleting the files is not timed.
                (archive, dir)
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion::criterion_group!(benches, bench_ingest);
criterion::criterion_main!(benches);
