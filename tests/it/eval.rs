//! Retrieval quality over the real corpus (`../shared/corpus-real`, read in place): the judgment
//! files in `tests/eval/` run through `eval::evaluate`, the reports printed in full, and floors
//! that fail when quality drops. Skipped with a message when the corpus is not beside the checkout.
//!
//! The floors sit a little below today's figures, so that a change that costs quality fails
//! here; raise them as quality improves. Precision is read as capped precision@10 (hits in the
//! first 10 over min(10, |relevant|)), since many phrase and name rows have fewer than 10
//! relevant documents; the phrase file judges UN documents only (`#! judged:`).

use statement_archive::corpus::Corpus;
use statement_archive::eval::{self, EvalReport, Judgment, Metrics};
use statement_archive::index::Archive;

use crate::support::{real_state, repo_path};
use statement_archive::model::Lang;

/// Recall@10 of sentence queries against their translation (tests/eval/sentences.tsv), with
/// the dictionaries installed (as CI has them): en→ar, en→ru, ar→en, ru→en.
const SENTENCE_RECALL_FLOORS: [f64; 4] = [0.94, 0.91, 0.88, 0.88]; // measured 0.97 0.94 0.91 0.91
/// The same without dictionaries (thesaurus, gazetteer and the learned parallel lexicon).
const SENTENCE_RECALL_FLOORS_NO_LEXICON: [f64; 4] = [0.93, 0.88, 0.83, 0.84]; // measured 0.96 0.91 0.86 0.87
/// Recall@10 of the same sentences against their own-language document: the machinery check.
const SENTENCE_RECALL_FLOOR_SAME_LANGUAGE: f64 = 0.9;
/// Capped precision@10 of arms-control phrases in the other languages (tests/eval/phrases.tsv),
/// per direction: en→ar, en→ru, ar→en, ar→ru, ru→en, ru→ar (the same with or without
/// dictionaries: phrases expand through the thesaurus).
const PHRASE_PRECISION_FLOORS: [f64; 6] = [0.89, 0.87, 0.84, 0.83, 0.89, 0.83]; // measured 0.921 0.897 0.871 0.857 0.922 0.859
/// Capped precision@10 of Latin-script names in Arabic and Russian documents (tests/eval/names.tsv).
const NAME_PRECISION_FLOOR_AR: f64 = 0.94; // measured 0.971
const NAME_PRECISION_FLOOR_RU: f64 = 0.93; // measured 0.965

/// The index of corpus-real, shared with the other real-corpus tests.
fn real_archive() -> Option<std::sync::Arc<Archive>> {
    real_state().map(|s| s.archive())
}

fn judgments(file: &str) -> Vec<Judgment> {
    let path = repo_path("tests/eval").join(file);
    let tsv = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run tests/eval/make_judgments.py", path.display()));
    eval::parse_judgments(&tsv).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn run(name: &str, archive: &Archive, judgments: &[Judgment]) -> EvalReport {
    let corpus = Corpus::open(&repo_path("../shared/corpus-real")).expect("corpus opens");
    let missing = eval::missing_paths(judgments, corpus.files());
    assert!(
        missing.is_empty(),
        "{name}: paths not in the corpus: {missing:?}"
    );
    let report = eval::evaluate(archive, judgments).expect("evaluation runs");
    println!("{name}: {} queries", report.queries);
    print_metrics("overall", &report.overall);
    for ((from, to), m) in &report.by_pair {
        print_metrics(&format!("{from}→{to}"), m);
    }
    report
}

fn print_metrics(row: &str, m: &Metrics) {
    println!(
        "  {row:<8} n={:<4} S@1={:.3} S@10={:.3} recall@10={:.3} MRR={:.3} nDCG@10={:.3} P@10={:.3} capped P@10={:.3}",
        m.n,
        m.success_at_1,
        m.success_at_10,
        m.recall_at_10,
        m.mrr,
        m.ndcg_at_10,
        m.precision_at_10,
        m.capped_precision_at_10
    );
}

fn pair(report: &EvalReport, from: Lang, to: Lang) -> Metrics {
    report
        .by_pair
        .get(&(from, to))
        .copied()
        .unwrap_or_else(|| panic!("no {from}→{to} queries in the report"))
}

fn assert_floor(what: &str, actual: f64, floor: f64) {
    assert!(
        actual >= floor,
        "{what} is {actual:.3}, below its floor {floor:.3}"
    );
}

#[test]
fn sentences_find_their_translation() {
    let Some(archive) = real_archive() else {
        return;
    };
    let archive = archive.as_ref();
    let judgments = judgments("sentences.tsv");
    assert_eq!(judgments.len(), 400);
    let report = run("sentences", archive, &judgments);
    let floors = if archive.lexicon().is_some() {
        SENTENCE_RECALL_FLOORS
    } else {
        println!("no dictionaries installed: thesaurus-only floors");
        SENTENCE_RECALL_FLOORS_NO_LEXICON
    };
    let pairs = [
        (Lang::En, Lang::Ar),
        (Lang::En, Lang::Ru),
        (Lang::Ar, Lang::En),
        (Lang::Ru, Lang::En),
    ];
    for ((from, to), floor) in pairs.into_iter().zip(floors) {
        let m = pair(&report, from, to);
        assert_eq!(m.n, 100, "{from}→{to}");
        assert_floor(
            &format!("sentence recall@10 {from}→{to}"),
            m.recall_at_10,
            floor,
        );
    }
}

/// The same sentences searched in their own language must find their own document: this shows
/// the judgments, the search and the metrics fit together.
#[test]
fn sentences_find_their_own_document() {
    let Some(archive) = real_archive() else {
        return;
    };
    let archive = archive.as_ref();
    let own: Vec<Judgment> = judgments("sentences.tsv")
        .into_iter()
        .map(|j| {
            let lang = statement_archive::vocab::script::short_text_lang(&j.query);
            let translation = j.relevant.first().expect("one relevant path");
            let (_, file) = translation.split_once('/').expect("lang/file path");
            Judgment {
                relevant: [format!("{}/{file}", lang.code())].into(),
                target: lang,
                ..j
            }
        })
        .collect();
    let report = run("sentences, own language", archive, &own);
    for (lang, m) in [Lang::En, Lang::Ar, Lang::Ru].map(|l| (l, pair(&report, l, l))) {
        assert_floor(
            &format!("own-language sentence recall@10 {lang}→{lang}"),
            m.recall_at_10,
            SENTENCE_RECALL_FLOOR_SAME_LANGUAGE,
        );
    }
}

#[test]
fn phrases_reach_the_other_languages() {
    let Some(archive) = real_archive() else {
        return;
    };
    let archive = archive.as_ref();
    let judgments = judgments("phrases.tsv");
    let report = run("phrases", archive, &judgments);
    assert_eq!(
        report.by_pair.len(),
        6,
        "every direction between en, ar, ru"
    );
    let pairs = [
        (Lang::En, Lang::Ar),
        (Lang::En, Lang::Ru),
        (Lang::Ar, Lang::En),
        (Lang::Ar, Lang::Ru),
        (Lang::Ru, Lang::En),
        (Lang::Ru, Lang::Ar),
    ];
    for ((from, to), floor) in pairs.into_iter().zip(PHRASE_PRECISION_FLOORS) {
        assert_floor(
            &format!("phrase capped precision@10 {from}→{to}"),
            pair(&report, from, to).capped_precision_at_10,
            floor,
        );
    }
}

#[test]
fn latin_names_reach_arabic_and_russian() {
    let Some(archive) = real_archive() else {
        return;
    };
    let archive = archive.as_ref();
    let judgments = judgments("names.tsv");
    let report = run("names", archive, &judgments);
    assert_floor(
        "name capped precision@10 en→ar",
        pair(&report, Lang::En, Lang::Ar).capped_precision_at_10,
        NAME_PRECISION_FLOOR_AR,
    );
    assert_floor(
        "name capped precision@10 en→ru",
        pair(&report, Lang::En, Lang::Ru).capped_precision_at_10,
        NAME_PRECISION_FLOOR_RU,
    );
}

/// Sentences pasted from statements (tests/eval/pasted.tsv: UN documents in the three languages
/// and General Debate speeches) find their own statement at rank 1.
const PASTED_SUCCESS_AT_1_FLOOR: f64 = 0.98; // measured en 0.99, ar 1.00, ru 1.00 (before issue 12: 0.95, 1.00, 1.00)
/// Hand-written questions (tests/eval/questions-{en,ar,ru}.tsv): a statement that answers the
/// question is among the first 10, in the question's own language and across languages.
const QUESTION_OWN_FLOOR: f64 = 0.9; // measured en 0.956, ar 0.956, ru 0.933 (before issue 12: 0.156, 0, 0)
const QUESTION_CROSS_FLOOR: f64 = 0.7; // measured 0.778–0.933 (before issue 12: 0.667–0.900)

#[test]
fn pasted_sentences_find_their_statement_first() {
    let Some(archive) = real_archive() else {
        return;
    };
    let archive = archive.as_ref();
    let judgments = judgments("pasted.tsv");
    assert_eq!(judgments.len(), 300);
    let report = run("pasted sentences", archive, &judgments);
    for lang in [Lang::En, Lang::Ar, Lang::Ru] {
        let m = pair(&report, lang, lang);
        assert_eq!(m.n, 100, "{lang}");
        assert_floor(
            &format!("pasted sentence success@1 {lang}"),
            m.success_at_1,
            PASTED_SUCCESS_AT_1_FLOOR,
        );
    }
}

#[test]
fn typed_questions_find_an_answer_on_the_first_page() {
    let Some(archive) = real_archive() else {
        return;
    };
    let archive = archive.as_ref();
    for (file, from) in [
        ("questions-en.tsv", Lang::En),
        ("questions-ar.tsv", Lang::Ar),
        ("questions-ru.tsv", Lang::Ru),
    ] {
        let report = run(file, archive, &judgments(file));
        for to in [Lang::En, Lang::Ar, Lang::Ru] {
            let m = pair(&report, from, to);
            let floor = if from == to {
                QUESTION_OWN_FLOOR
            } else {
                QUESTION_CROSS_FLOOR
            };
            assert!(m.n >= 30, "{file}: {from}→{to} has {} questions", m.n);
            assert_floor(
                &format!("question success@10 {from}→{to}"),
                m.success_at_10,
                floor,
            );
        }
    }
}
