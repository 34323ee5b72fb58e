//! The search mix: what the site's search box, filters and browse page ask of
//! `search::search`, one criterion id per case.
//!
//! The index of the bench corpus is built once, before anything is timed. Every search
//! also counts the language, actor, year and source facets and makes the snippets of its
//! page, exactly as the pages and the API ask for them, so each case includes that cost;
//! there is no way (and no need) to search without facets.
//!
//! Each case is run once first and must find something, so a case that silently stops
//! matching (an analyzer change, a parser change) fails instead of getting faster. The
//! year of the filtered case is the commonest Arabic year in the index; in a corpus with
//! no dated Arabic statement that case may match nothing and only its cost is measured.
//! The `sentence_` and `question_` cases are relaxed to most of their words (issue 12): they
//! also score proximity and the whole passage.

mod common;

use std::hint::black_box;

use criterion::Criterion;
use statement_archive::index::Archive;
use statement_archive::model::Lang;
use statement_archive::search::{self, MAX_RESULT_WINDOW, SearchRequest, SearchResults, Sort};

/// Used only when the index has no dated Arabic statement.
const FALLBACK_YEAR: i32 = 2023;

struct Case {
    id: &'static str,
    req: SearchRequest,
    must_match: bool,
}

fn bench_search(c: &mut Criterion) {
    let corpus = common::corpus_or_exit();
    let built = common::build_index(&corpus);
    eprintln!("bench: search: {}", common::describe_build(&built));
    let archive = &built.archive;

    let cases = cases(archive);
    let mut group = c.benchmark_group("search");
    // The peers' 60 queries (`../shared/peers/queries.txt`: 20 each in English, Arabic and
    // Russian), one pass per iteration: divide by 60 for the time per query beside Lucene's.
    let peer_queries = peer_queries();
    if !peer_queries.is_empty() {
        group.bench_function("peer_queries_60", |b| {
            b.iter(|| {
                for req in &peer_queries {
                    black_box(run(archive, black_box(req)));
                }
            });
        });
    }
    for case in &cases {
        let expected = run(archive, &case.req);
        eprintln!(
            "bench: search/{}: {} hits, page {} of {}",
            case.id,
            expected.total,
            case.req.page,
            expected.pages()
        );
        if case.must_match {
            assert!(
                !expected.hits.is_empty(),
                "search/{} found nothing",
                case.id
            );
            assert!(
                !expected.facets.lang.is_empty(),
                "search/{} counted no facets",
                case.id
            );
        }
        group.bench_function(case.id, |b| {
            b.iter(|| assert_eq!(run(archive, black_box(&case.req)).total, expected.total));
        });
    }
    group.finish();
}

/// The peers' queries as the site would run them (everything it shows); none when the file is
/// not beside the checkout.
fn peer_queries() -> Vec<SearchRequest> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/peers/queries.txt");
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|q| !q.is_empty() && !q.starts_with('#'))
        .map(|q| SearchRequest {
            q: q.to_string(),
            ..SearchRequest::default()
        })
        .collect()
}

fn run(archive: &Archive, req: &SearchRequest) -> SearchResults {
    search::search(archive, req)
        .unwrap_or_else(|err| common::fail(&format!("search {req:?} failed: {err}")))
}

fn cases(archive: &Archive) -> Vec<Case> {
    let query = |q: &str| SearchRequest {
        q: q.to_string(),
        ..SearchRequest::default()
    };
    let case = |id, req| Case {
        id,
        req,
        must_match: true,
    };

    let all_arabic = SearchRequest {
        lang: Some(Lang::Ar),
        ..SearchRequest::default()
    };
    let arabic_year = run(archive, &all_arabic)
        .facets
        .year
        .iter()
        .max_by_key(|year| year.count)
        .and_then(|year| year.value.parse::<i32>().ok());
    let filtered = SearchRequest {
        q: "الأسلحة".to_string(),
        lang: Some(Lang::Ar),
        year: Some(arabic_year.unwrap_or(FALLBACK_YEAR)),
        ..SearchRequest::default()
    };

    // The last page search will serve for a common word.
    let nuclear = query("nuclear");
    let reachable = run(archive, &nuclear).total.min(MAX_RESULT_WINDOW);
    let deep = SearchRequest {
        page: reachable.div_ceil(nuclear.per_page).max(1),
        ..nuclear.clone()
    };

    // The same queries searched only in their own language: the cost of expansion is the
    // ratio between each `_own` case and its expanded twin.
    let own = |q: &str| SearchRequest {
        cross_language: false,
        ..query(q)
    };
    let sentence = "The Conference on Disarmament should begin negotiations on a treaty banning \
                    the production of fissile material for nuclear weapons";
    // Questions as typed: relaxed to most of their words when all of them find too few.
    let question_en = "What did the Security Council decide about sanctions on Yemen?";
    let question_ar = "ما موقف إيران من الاتفاق النووي مع الدول الكبرى؟";
    let question_ru = "Какие страны поддержали договор о запрещении ядерного оружия?";

    vec![
        case("word_en_own", own("nuclear")),
        case("word_ar_own", own("الأسلحة")),
        case("phrase_arms_race_own", own("\"arms race\"")),
        case("sentence_en", query(sentence)),
        case("sentence_en_own", own(sentence)),
        case("question_en", query(question_en)),
        case("question_ar", query(question_ar)),
        case("question_ru", query(question_ru)),
        case("word_en", nuclear),
        case("word_ar", query("الأسلحة")),
        case("word_ru", query("оружия")),
        case("phrase_outer_space", query("\"outer space\"")),
        case("phrase_arms_race", query("\"arms race\"")),
        Case {
            id: "filter_lang_ar_year",
            req: filtered,
            must_match: arabic_year.is_some(),
        },
        case(
            "browse_by_date",
            SearchRequest {
                sort: Some(Sort::Date),
                ..SearchRequest::default()
            },
        ),
        case("deep_page", deep),
    ]
}

criterion::criterion_group!(benches, bench_search);
criterion::criterion_main!(benches);
