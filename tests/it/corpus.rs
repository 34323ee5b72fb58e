//! Integration tests of the `corpus` module: the four seed documents in `corpus/`, the fixture
//! corpus in `tests/fixtures/corpus/`, the fingerprint, and (when present) the corpus-real
//! collection. To be moved into `tests/it/` with the other integration modules.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use statement_archive::corpus::{Corpus, Problem, parse_bytes};
use statement_archive::model::{ActorRole, DocType, Lang, Statement, Warning};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture_root() -> PathBuf {
    manifest_dir().join("tests/fixtures/corpus")
}

fn parse_seed(name: &str) -> Statement {
    let corpus = Corpus::open(&manifest_dir().join("corpus")).expect("corpus/ holds the seeds");
    corpus
        .parse(name)
        .unwrap_or_else(|p| panic!("seed {name} should parse: {p}"))
}

fn date(s: &str) -> Option<chrono::NaiveDate> {
    Some(s.parse().expect("test dates are valid"))
}

fn actor_ids(statement: &Statement) -> Vec<&str> {
    statement.actors.iter().map(|a| a.id.as_str()).collect()
}

/// Boilerplate must be gone from the title and from every paragraph.
fn assert_absent(statement: &Statement, fragments: &[&str]) {
    for fragment in fragments {
        assert!(
            !statement.title.contains(fragment),
            "{fragment:?} left in the title of {}",
            statement.path
        );
        for paragraph in &statement.paragraphs {
            assert!(
                !paragraph.text.contains(fragment),
                "{fragment:?} left in {}#p{}: {}",
                statement.path,
                paragraph.n,
                paragraph.text
            );
        }
    }
    for paragraph in &statement.paragraphs {
        assert!(
            !paragraph.text.trim().is_empty(),
            "empty paragraph in {}",
            statement.path
        );
        assert!(
            !paragraph.text.contains(['\u{a0}', '\u{200b}', '\n']),
            "uncleaned paragraph {}#p{}",
            statement.path,
            paragraph.n
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Seeds

#[test]
fn seed_000_menafn_press_wire_without_headline() {
    let statement = parse_seed("000_ecb16ed56a63e7df.txt");
    assert_eq!(statement.lang, Lang::En);
    assert_eq!(
        statement.title,
        "Russian Foreign Ministry spokeswoman Maria Zakharova has criticized the United States for its alleged efforts to dismantle legally-binding…"
    );
    assert_eq!(statement.date, date("2024-04-08"));
    assert_eq!(statement.source.as_deref(), Some("MENAFN"));
    assert_eq!(statement.place, None);
    assert_eq!(statement.warnings, [Warning::TitleDerived]);
    assert_absent(&statement, &["MENAFN", "date 2024-04-08"]);
    // The derived title is not removed from the body.
    assert!(
        statement.paragraphs[0]
            .text
            .starts_with("Russian Foreign Ministry spokeswoman")
    );
    assert_eq!(statement.paragraphs.len(), 5);
    let ids = actor_ids(&statement);
    for id in ["maria-zakharova", "united-states", "russia", "china"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    // "Russian Foreign Ministry spokeswoman Maria Zakharova": the ministry is named first.
    assert_eq!(ids[..2], ["russia-foreign-ministry", "maria-zakharova"]);
}

#[test]
fn seed_001_mid_ru_statement_with_dateline_block() {
    let statement = parse_seed("001_e1ac64d1cd241d64.txt");
    assert_eq!(statement.lang, Lang::En);
    assert_eq!(
        statement.title,
        "Statement by the foreign ministers of the Collective Security Treaty Organisation member states on the prevention of an arms race in outer space"
    );
    // "1208-20-06-2023" and "June 20, 2023" in the head; not "(March 14, 2019)" or 2008 in the body.
    assert_eq!(statement.date, date("2023-06-20"));
    assert_eq!(statement.place.as_deref(), Some("Minsk"));
    assert_eq!(
        statement.source.as_deref(),
        Some("Ministry of Foreign Affairs of the Russian Federation")
    );
    assert_eq!(statement.doc_symbol.as_deref(), Some("1208-20-06-2023"));
    assert!(statement.warnings.is_empty(), "{:?}", statement.warnings);
    assert_absent(
        &statement,
        &[
            "17:31",
            "Некорректно указаны даты",
            "Дополнительные инструменты поиска",
            "1208-20-06-2023",
        ],
    );
    // The head's metadata lines are not paragraphs; the title is not repeated.
    assert!(
        statement
            .paragraphs
            .iter()
            .all(|p| p.text != "June 20, 2023" && p.text != "Minsk" && p.text != statement.title)
    );
    assert_eq!(
        statement.paragraphs[0].text,
        "We, the foreign ministers of the Collective Security Treaty Organisation member states,"
    );
    assert_eq!(
        statement.paragraphs.last().map(|p| p.text.as_str()),
        Some("Foreign Minister of the Republic of Tajikistan")
    );
    // 20 preamble and operative paragraphs, 13 numbered points, 6 signatures.
    assert_eq!(statement.paragraphs.len(), 39);
    assert!(
        statement
            .paragraphs
            .iter()
            .any(|p| p.text.starts_with("12. In this context, we welcome"))
    );
    let ids = actor_ids(&statement);
    for id in ["csto", "russia", "china"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
}

#[test]
fn seed_002_seaprwire_arabic() {
    let statement = parse_seed("002_7c6aff22d1159ad4.txt");
    assert_eq!(statement.lang, Lang::Ar);
    assert_eq!(
        statement.title,
        "وعد البلدان بالتعاون لمواجهة التهديدات التي تشكلها “الأنشطة البيولوجية” لوزارة الدفاع"
    );
    // "يوم الخميس", "في ديسمبر", "في عام 1972": no date of its own.
    assert_eq!(statement.date, None);
    assert_eq!(statement.warnings, [Warning::NoDate]);
    assert_eq!(statement.source.as_deref(), Some("SeaPRwire"));
    assert_eq!(statement.source_url, None);
    assert_eq!(statement.place, None);
    assert_absent(
        &statement,
        &[
            "SeaPRwire",
            "seaprwire.com",
            "القطاعات",
            "يتم توفير المقال",
            "مزود محتوى خارجي",
        ],
    );
    assert!(
        statement.paragraphs[0]
            .text
            .starts_with("عقدت الحكومتان الروسية والصينية")
    );
    assert!(
        statement
            .paragraphs
            .last()
            .is_some_and(|p| p.text.ends_with("وتسليحه”."))
    );
    assert_eq!(statement.paragraphs.len(), 9);
    let ids = actor_ids(&statement);
    for id in ["russia", "china", "united-states"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
}

#[test]
fn seed_003_rt_arabic_single_newlines() {
    let statement = parse_seed("003_3c03ad3dcec7cf78.txt");
    assert_eq!(statement.lang, Lang::Ar);
    assert_eq!(
        statement.title,
        "الكرملين يعلق على احتمال إجراء محادثات نووية مع الولايات المتحدة"
    );
    assert_eq!(statement.date, None);
    assert_eq!(statement.warnings, [Warning::NoDate]);
    assert_eq!(statement.source.as_deref(), Some("RT"));
    assert_eq!(statement.place, None);
    assert_absent(
        &statement,
        &[
            "RT World News",
            "اكتشاف المزيد من موقع تجاربنا",
            "اشترك للحصول على أحدث التدوينات المرسلة إلى بريدك الإلكتروني",
        ],
    );
    // One paragraph per line; the headline is not repeated.
    assert_eq!(statement.paragraphs.len(), 11);
    assert!(
        statement.paragraphs[0]
            .text
            .starts_with("قال دميتري بيسكوف المتحدث باسم الكرملين")
    );
    let ids = actor_ids(&statement);
    for id in [
        "dmitry-peskov",
        "maria-zakharova",
        "russia",
        "united-states",
        "china",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
}

/// The ids of a statement's speakers, in actor order.
fn speaker_ids(statement: &Statement) -> Vec<&str> {
    statement.speakers().map(|a| a.id.as_str()).collect()
}

// See: #5
#[test]
fn issue_5_seeds_get_speakers_and_document_types() {
    // MENAFN wire copy: "Russian Foreign Ministry spokeswoman Maria Zakharova has criticized the
    // United States"; the United States, Russia and China are only named.
    let statement = parse_seed("000_ecb16ed56a63e7df.txt");
    assert_eq!(statement.doc_type, Some(DocType::NewsReport));
    assert_eq!(
        speaker_ids(&statement),
        ["russia-foreign-ministry", "maria-zakharova"]
    );
    // A statement by the CSTO foreign ministers, published by the Russian ministry.
    let statement = parse_seed("001_e1ac64d1cd241d64.txt");
    assert_eq!(statement.doc_type, Some(DocType::OfficialStatement));
    let speakers = speaker_ids(&statement);
    for id in ["csto", "russia-foreign-ministry"] {
        assert!(speakers.contains(&id), "{id} missing from {speakers:?}");
    }
    assert!(!speakers.contains(&"china"), "{speakers:?}");
    // "حسبما ذكرت وزارة الخارجية الروسية": the ministry speaks; the United States is named.
    let statement = parse_seed("002_7c6aff22d1159ad4.txt");
    assert_eq!(statement.doc_type, Some(DocType::NewsReport));
    assert!(speaker_ids(&statement).contains(&"russia-foreign-ministry"));
    // "قال المتحدث باسم الكرملين ديمتري بيسكوف": Peskov speaks for the Kremlin.
    let statement = parse_seed("003_3c03ad3dcec7cf78.txt");
    assert_eq!(statement.doc_type, Some(DocType::NewsReport));
    let speakers = speaker_ids(&statement);
    assert!(speakers.contains(&"dmitry-peskov"), "{speakers:?}");
    // "وكانت الولايات المتحدة قد أشارت … إلى أنها منفتحة": the United States said so too.
    assert!(speakers.contains(&"united-states"), "{speakers:?}");
    assert!(!speakers.contains(&"china"), "{speakers:?}");
    let statement = parse_seed("000_ecb16ed56a63e7df.txt");
    assert!(
        statement
            .actors
            .iter()
            .any(|a| a.id.as_str() == "united-states" && a.role == ActorRole::Mentioned),
        "{:?}",
        statement.actors
    );
}

// ---------------------------------------------------------------------------------------------
// Fixture corpus

fn problem(path: &str, reason: &str) -> Problem {
    Problem {
        path: path.to_string(),
        reason: reason.to_string(),
    }
}

#[test]
fn fixture_corpus_lists_txt_files_and_reports_catalog_problems() {
    let corpus = Corpus::open(&fixture_root()).unwrap();
    assert_eq!(
        corpus.files(),
        [
            "ar/ctbt-joint-statement.txt",
            "ar/dateline-eastern-digits.txt",
            "en/bad-utf8.txt",
            "en/binary.txt",
            "en/catalog-override.txt",
            "en/ctbt-joint-statement.txt",
            "en/empty.txt",
            "en/press-wire-rt.txt",
            "en/utf16-bom.txt",
            "ru/archive/2019/mfa-briefing.txt",
            "ru/ctbt-joint-statement.txt",
        ]
    );
    assert_eq!(corpus.problems().len(), 2, "{:?}", corpus.problems());
    assert_eq!(
        corpus.problems()[0],
        problem(
            "metadata.jsonl",
            "line 5: en/not-here.txt is listed but is not a statement file of the corpus"
        )
    );
    assert_eq!(corpus.problems()[1].path, "metadata.jsonl");
    assert!(
        corpus.problems()[1]
            .reason
            .starts_with("line 6: not a valid catalog row")
    );
}

#[test]
fn fixture_bad_files_are_problems() {
    let corpus = Corpus::open(&fixture_root()).unwrap();
    let check =
        |path: &str, reason: &str| assert_eq!(corpus.parse(path), Err(problem(path, reason)));
    check("en/bad-utf8.txt", "not valid UTF-8 text (byte offset 34)");
    check("en/empty.txt", "empty file");
    check("en/binary.txt", "not a text file");
    check(
        "../corpus/000_ecb16ed56a63e7df.txt",
        "is not a statement file of this corpus",
    );
    check(
        ".hidden/ignored.txt",
        "is not a statement file of this corpus",
    );
}

#[test]
fn fixture_parallel_group_in_three_languages() {
    let corpus = Corpus::open(&fixture_root()).unwrap();
    let expected = [
        (
            "en",
            Lang::En,
            "Joint statement on the Comprehensive Nuclear-Test-Ban Treaty",
        ),
        (
            "ar",
            Lang::Ar,
            "بيان مشترك بشأن معاهدة الحظر الشامل للتجارب النووية",
        ),
        (
            "ru",
            Lang::Ru,
            "Совместное заявление о Договоре о всеобъемлющем запрещении ядерных испытаний",
        ),
    ];
    for (dir, lang, title) in expected {
        let statement = corpus
            .parse(&format!("{dir}/ctbt-joint-statement.txt"))
            .unwrap();
        assert_eq!(statement.lang, lang);
        assert_eq!(statement.title, title);
        assert_eq!(
            statement.parallel_group.as_ref().map(|g| g.as_str()),
            Some("fixture:ctbt-2024")
        );
        assert_eq!(statement.date, date("2024-09-24"), "{dir}");
        assert_eq!(statement.place.as_deref(), Some("Geneva"), "{dir}");
        assert_eq!(statement.paragraphs.len(), 3, "{dir}");
        assert_eq!(
            actor_ids(&statement),
            ["russia", "china", "united-states"],
            "{dir}"
        );
        assert!(
            statement.warnings.is_empty(),
            "{dir}: {:?}",
            statement.warnings
        );
    }
    let en = corpus.parse("en/ctbt-joint-statement.txt").unwrap();
    assert_eq!(en.source.as_deref(), Some("Fixture Foreign Ministries"));
}

#[test]
fn fixture_boilerplate_is_removed() {
    let corpus = Corpus::open(&fixture_root()).unwrap();
    let statement = corpus.parse("en/press-wire-rt.txt").unwrap();
    assert_eq!(statement.title, "Moscow calls for talks on space weapons");
    assert_eq!(statement.source.as_deref(), Some("RT"));
    assert_eq!(statement.paragraphs.len(), 3);
    assert_absent(
        &statement,
        &[
            "RT World News",
            "READ MORE",
            "Discover more",
            "Subscribe",
            "Type your email",
        ],
    );
    assert_eq!(statement.warnings, [Warning::NoDate]);
}

#[test]
fn fixture_utf16_nested_and_arabic_dateline() {
    let corpus = Corpus::open(&fixture_root()).unwrap();
    let utf16 = corpus.parse("en/utf16-bom.txt").unwrap();
    assert_eq!(utf16.title, "Statement on nuclear disarmament verification");
    assert_eq!(utf16.date, date("2024-10-02"));
    assert_eq!(utf16.place.as_deref(), Some("New York"));
    assert_eq!(utf16.paragraphs.len(), 1);

    let nested = corpus.parse("ru/archive/2019/mfa-briefing.txt").unwrap();
    assert_eq!(nested.lang, Lang::Ru);
    assert_eq!(nested.date, date("2019-03-14"));
    assert_eq!(nested.place.as_deref(), Some("Moscow"));
    assert_eq!(
        actor_ids(&nested),
        ["russia-foreign-ministry", "maria-zakharova", "russia"]
    );

    let arabic = corpus.parse("ar/dateline-eastern-digits.txt").unwrap();
    assert_eq!(arabic.title, "بيان وزارة الخارجية بشأن منع الانتشار النووي");
    assert_eq!(arabic.date, date("2023-06-20"));
    assert_eq!(arabic.place.as_deref(), Some("Riyadh"));
    assert_eq!(arabic.paragraphs.len(), 2);
}

#[test]
fn fixture_catalog_overrides_title_date_actors_and_source() {
    let corpus = Corpus::open(&fixture_root()).unwrap();
    let statement = corpus.parse("en/catalog-override.txt").unwrap();
    assert_eq!(
        statement.title,
        "Working group on fissile material: press note"
    );
    assert_eq!(statement.date, date("2023-05-02"));
    assert_eq!(statement.source.as_deref(), Some("Fixture Ministry"));
    assert_eq!(
        statement.source_url.as_deref(),
        Some("https://example.org/press/42")
    );
    let actors: Vec<(&str, &str)> = statement
        .actors
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    assert_eq!(
        actors,
        [
            ("csto", "CSTO"),
            (
                "working-group-on-fissile-material",
                "Working Group on Fissile Material"
            ),
        ]
    );
    assert_eq!(
        statement
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["the catalog date 2023-05-02 differs from the date in the text (2023-05-01)"]
    );
    // Without the catalog the text's own values come back.
    let bytes = fs::read(fixture_root().join("en/catalog-override.txt")).unwrap();
    let plain = parse_bytes("en/catalog-override.txt", &bytes, None).unwrap();
    assert_eq!(plain.title, "Draft press note");
    assert_eq!(plain.date, date("2023-05-01"));
    assert_eq!(plain.place.as_deref(), Some("Vienna"));
}

// ---------------------------------------------------------------------------------------------
// Fingerprint

#[test]
fn oversized_files_are_problems_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = fs::File::create(dir.path().join("huge.txt")).unwrap();
    file.set_len(statement_archive::corpus::MAX_FILE_BYTES + 1)
        .unwrap();
    let corpus = Corpus::open(dir.path()).unwrap();
    let problem = corpus.parse("huge.txt").unwrap_err();
    assert!(problem.reason.starts_with("file is too big"), "{problem}");
}

#[cfg(unix)]
#[test]
fn symlinks_do_not_lead_out_of_the_corpus() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    fs::create_dir_all(root.join("en")).unwrap();
    fs::write(root.join("en/a.txt"), "Title\n\nText of the statement.").unwrap();
    fs::write(dir.path().join("outside.txt"), "Not part of the corpus.").unwrap();
    fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
    fs::write(
        dir.path().join("elsewhere/b.txt"),
        "Not part of the corpus either.",
    )
    .unwrap();
    symlink(dir.path().join("outside.txt"), root.join("en/leak.txt")).unwrap();
    symlink(root.join("en/a.txt"), root.join("en/alias.txt")).unwrap();
    symlink(dir.path().join("elsewhere"), root.join("linked-folder")).unwrap();
    symlink(&root, root.join("loop")).unwrap();

    let corpus = Corpus::open(&root).unwrap();
    assert_eq!(corpus.files(), ["en/a.txt", "en/alias.txt"]);
    assert_eq!(corpus.problems().len(), 1, "{:?}", corpus.problems());
    assert_eq!(corpus.problems()[0].path, "en/leak.txt");
    assert!(corpus.parse("en/alias.txt").is_ok());
    assert!(corpus.parse("en/leak.txt").is_err());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_the_corpus_is_reported_and_skipped_not_waited_on() {
    let mkfifo = |path: &Path| {
        let path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path and mode; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0, "mkfifo");
    };
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("en")).unwrap();
    fs::write(
        dir.path().join("en/a.txt"),
        "Title\n\nText of the statement.",
    )
    .unwrap();
    fs::write(dir.path().join("en/b.txt"), "Title\n\nAnother statement.").unwrap();
    mkfifo(&dir.path().join("en/pipe.txt"));
    let root = dir.path().to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    // A hang would block the test run: do it on a thread and wait a bounded time.
    std::thread::spawn(move || {
        let corpus = Corpus::open(&root).unwrap();
        // Replaced by a pipe after the listing: reading it must not wait for a writer.
        fs::remove_file(root.join("en/b.txt")).unwrap();
        mkfifo(&root.join("en/b.txt"));
        let parsed = corpus.parse("en/b.txt").map(|_| ()).map_err(|p| p.reason);
        let _ = tx.send((corpus.files().to_vec(), corpus.problems().to_vec(), parsed));
    });
    let (files, problems, parsed) = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("opening the corpus and parsing a pipe do not hang");
    assert_eq!(files, ["en/a.txt", "en/b.txt"]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "en/pipe.txt");
    assert!(
        problems[0].reason.contains("not a regular file"),
        "{problems:?}"
    );
    assert!(
        parsed
            .as_ref()
            .is_err_and(|reason| reason.contains("not a regular file")),
        "{parsed:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// corpus-real

/// Parses the whole public test collection, if it is on this machine. Set
/// `STATEMENT_ARCHIVE_CORPUS_REAL` to point elsewhere.
#[test]
fn corpus_real_parses_and_language_detection_agrees_with_the_catalog() {
    let root = std::env::var_os("STATEMENT_ARCHIVE_CORPUS_REAL")
        .map_or_else(|| PathBuf::from("/work/shared/corpus-real"), PathBuf::from);
    if !root.join("metadata.jsonl").is_file() {
        eprintln!(
            "skipped: no corpus-real at {} (set STATEMENT_ARCHIVE_CORPUS_REAL)",
            root.display()
        );
        return;
    }
    let corpus = Corpus::open(&root).unwrap();
    assert!(corpus.problems().is_empty(), "{:?}", corpus.problems());
    assert!(corpus.files().len() > 1000);

    // (path, catalog language, language detected from the text alone)
    let results: Vec<Result<(String, Lang, Lang), Problem>> = corpus
        .files()
        .par_iter()
        .map(|path| {
            let with_catalog = corpus.parse(path)?;
            let bytes = fs::read(root.join(path)).map_err(|e| problem(path, &e.to_string()))?;
            let text_only = parse_bytes(path, &bytes, None)?;
            assert!(!with_catalog.paragraphs.is_empty() && !with_catalog.title.is_empty());
            Ok((path.clone(), with_catalog.lang, text_only.lang))
        })
        .collect();
    let problems: Vec<&Problem> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(problems.is_empty(), "{problems:?}");
    let parsed: Vec<&(String, Lang, Lang)> =
        results.iter().filter_map(|r| r.as_ref().ok()).collect();
    let disagreements: Vec<_> = parsed
        .iter()
        .filter(|(_, catalog, text)| catalog != text)
        .collect();
    let agreement = 1.0 - disagreements.len() as f64 / parsed.len() as f64;
    println!(
        "corpus-real: {} files parsed; language detected from the text agrees with the catalog on {:.2}% ({} disagree: {:?})",
        parsed.len(),
        agreement * 100.0,
        disagreements.len(),
        disagreements
    );
    assert!(
        agreement >= 0.995,
        "language agreement {:.2}% < 99.5%",
        agreement * 100.0
    );
}

fn formats_root() -> PathBuf {
    manifest_dir().join("tests/fixtures/formats")
}

#[test]
fn html_pages_give_their_main_text_and_their_own_metadata_in_three_languages() {
    let corpus = Corpus::open(&formats_root()).expect("opens");
    // (path, language, title, date, canonical address, a sentence, furniture that must go)
    let cases = [
        (
            "en/press-release.html",
            Lang::En,
            "Statement on the Biological Weapons Convention",
            "2024-08-20",
            "https://mfa.example.no/en/statements/bwc-2024",
            "science and technology advisory body",
            ["About the Ministry", "Privacy policy", "Visa regime"],
        ),
        (
            "ar/press-release.html",
            Lang::Ar,
            "بيان بشأن اتفاقية الأسلحة البيولوجية",
            "2024-08-21",
            "https://mfa.example.eg/ar/statements/bwc-2024",
            "هيئة استشارية علمية وتكنولوجية",
            ["الرئيسية", "تحديث نظام التأشيرات", "جميع الحقوق"],
        ),
        (
            "ru/press-release.htm",
            Lang::Ru,
            "Заявление о Конвенции о биологическом оружии",
            "2024-08-22",
            "https://mid.example.ru/statements/bwc-2024",
            "механизмом проверки соблюдения",
            ["Главная", "О министерстве", "права защищены"],
        ),
    ];
    for (path, lang, title, date, url, sentence, furniture) in cases {
        let st = corpus.parse(path).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(st.lang, lang, "{path}");
        assert_eq!(st.title, title, "{path}");
        assert_eq!(
            st.date.map(|d| d.to_string()).as_deref(),
            Some(date),
            "{path}"
        );
        assert_eq!(st.source_url.as_deref(), Some(url), "{path}");
        let body = st.body();
        assert!(body.contains(sentence), "{path}: {body}");
        assert_eq!(st.paragraphs.len(), 3, "{path}: {body}");
        for f in furniture {
            assert!(!body.contains(f), "{path}: {f} kept in {body}");
        }
    }
}

#[test]
fn pdfs_lose_their_headers_and_page_numbers_and_keep_their_paragraphs() {
    let corpus = Corpus::open(&formats_root()).expect("opens");
    let cases = [
        (
            "en/working-paper.pdf",
            Lang::En,
            "Working paper on the prevention of an arms race in outer space",
            "ban on destructive anti-satellite missile tests",
            ["Conference on Disarmament -", "Page 1 of"],
        ),
        (
            "ru/working-paper.pdf",
            Lang::Ru,
            "Рабочий документ о предотвращении гонки вооружений в космическом пространстве",
            "о предотвращении размещения оружия в космическом пространстве",
            ["WP.8", "Страница"],
        ),
        (
            "ar/working-paper.pdf",
            Lang::Ar,
            "ورقة عمل بشأن منع حدوث سباق تسلح في الفضاء الخارجي",
            "حظر تجارب الصواريخ المضادة للسواتل",
            ["WP.9", "الصفحة"],
        ),
    ];
    for (path, lang, title, sentence, furniture) in cases {
        let st = corpus.parse(path).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(st.lang, lang, "{path}");
        assert_eq!(st.title, title, "{path}");
        assert_eq!(
            st.date.map(|d| d.to_string()).as_deref(),
            Some("2024-03-14"),
            "{path}"
        );
        let body = st.body();
        assert!(body.contains(sentence), "{path}: {body}");
        assert_eq!(
            st.paragraphs.len(),
            4,
            "{path}: one per paragraph, across the page break: {body}"
        );
        for f in furniture {
            assert!(!body.contains(f), "{path}: {f} kept in {body}");
        }
    }
}

#[test]
fn a_pdf_without_text_is_skipped_with_the_reason() {
    let corpus = Corpus::open(&formats_root()).expect("opens");
    let problem = corpus.parse("en/scan.pdf").expect_err("a scan has no text");
    assert!(problem.reason.contains("no text layer"), "{problem}");
    assert!(problem.reason.contains("OCR"), "{problem}");
}

#[test]
fn a_catalog_row_curates_a_page_or_a_pdf_as_it_does_a_text_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::support::copy_tree(&formats_root(), dir.path());
    fs::write(
        dir.path().join("metadata.jsonl"),
        "{\"file\": \"en/working-paper.pdf\", \"title\": \"CD/2024/WP.7\", \"type\": \"report\"}\n\
         {\"file\": \"ru/press-release.htm\", \"date\": \"2024-08-23\"}\n",
    )
    .expect("write");
    let corpus = Corpus::open(dir.path()).expect("opens");
    assert!(corpus.problems().is_empty(), "{:?}", corpus.problems());
    let pdf = corpus.parse("en/working-paper.pdf").expect("parses");
    assert_eq!(pdf.title, "CD/2024/WP.7");
    assert_eq!(pdf.doc_type, Some(DocType::Report));
    let page = corpus.parse("ru/press-release.htm").expect("parses");
    assert_eq!(
        page.date.map(|d| d.to_string()).as_deref(),
        Some("2024-08-23")
    );
}
