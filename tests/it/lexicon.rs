//! The lexicon built from the real dictd dictionaries in /usr/share/dictd
//! (`apt-get install dict-freedict-eng-ara dict-freedict-ara-eng mueller7-dict
//! dict-freedict-eng-rus`).
//!
//! Without them these tests print a note and pass, unless `CI` is set: CI installs the
//! packages, so there a missing dictionary is a failure.

use std::path::Path;
use std::sync::LazyLock;
use std::time::Instant;

use statement_archive::lexicon::{DEFAULT_DICTD_DIR, Lexicon};
use statement_archive::model::Lang;

/// Built once for every test in this file; `None` when the dictionaries are absent
/// outside CI.
static LEXICON: LazyLock<Option<Lexicon>> = LazyLock::new(|| {
    let dir = Path::new(DEFAULT_DICTD_DIR);
    let started = Instant::now();
    let built = Lexicon::from_dictd_dir(dir).expect("the installed dictionaries read cleanly");
    match built {
        Some(lexicon) => {
            eprintln!(
                "built from {} in {:.2?}: {}",
                dir.display(),
                started.elapsed(),
                lexicon.summary()
            );
            Some(lexicon)
        }
        None if std::env::var_os("CI").is_some() => {
            panic!(
                "CI is set but {} has no dictionaries; install the dict-freedict-eng-ara, dict-freedict-ara-eng, mueller7-dict and dict-freedict-eng-rus packages",
                dir.display()
            )
        }
        None => {
            eprintln!(
                "skipped: no dictd dictionaries in {}; apt-get install dict-freedict-eng-ara dict-freedict-ara-eng mueller7-dict dict-freedict-eng-rus",
                dir.display()
            );
            None
        }
    }
});

/// The translations, printed; asserts that one of them contains one of `expected`.
fn check(word: &str, from: Lang, to: Lang, expected: &[&str]) {
    let Some(lexicon) = LEXICON.as_ref() else {
        return;
    };
    let found = lexicon.translate(word, from, to, 5);
    eprintln!("{word} ({from}→{to}): {found:?}");
    assert!(
        found.iter().any(|t| expected.iter().any(|e| t.contains(e))),
        "{word} ({from}→{to}) gave {found:?}, expected one of {expected:?}"
    );
}

#[test]
fn all_four_dictionaries_give_every_direction() {
    let Some(lexicon) = LEXICON.as_ref() else {
        return;
    };
    assert!(lexicon.len() > 100_000, "{}", lexicon.summary());
}

#[test]
fn english_to_arabic() {
    check("weapon", Lang::En, Lang::Ar, &["سلاح"]);
    check("weapons", Lang::En, Lang::Ar, &["سلح"]);
    check("Treaty", Lang::En, Lang::Ar, &["معاهد"]);
}

#[test]
fn arabic_to_english() {
    check("الأسلحة", Lang::Ar, Lang::En, &["weapon", "arms"]);
    check("سلاح", Lang::Ar, Lang::En, &["weapon", "arm"]);
    check("بالأسلحة", Lang::Ar, Lang::En, &["weapon", "arms"]);
    check("المعاهدة", Lang::Ar, Lang::En, &["treaty"]);
}

#[test]
fn english_to_russian() {
    check("weapons", Lang::En, Lang::Ru, &["оружие"]);
    check("space", Lang::En, Lang::Ru, &["космос", "пространство"]);
    check("disarmament", Lang::En, Lang::Ru, &["разоружение"]);
    check("arms race", Lang::En, Lang::Ru, &["гонка вооружений"]);
}

#[test]
fn russian_to_english() {
    check("оружия", Lang::Ru, Lang::En, &["weapon", "arms"]);
    check("оружие", Lang::Ru, Lang::En, &["weapon", "arms"]);
    check("разоружения", Lang::Ru, Lang::En, &["disarmament"]);
    check("договор", Lang::Ru, Lang::En, &["treaty", "agreement"]);
}

#[test]
fn round_trip_english_russian_english() {
    let Some(lexicon) = LEXICON.as_ref() else {
        return;
    };
    for word in ["weapon", "treaty", "disarmament", "peace"] {
        let back: Vec<&str> = lexicon
            .translate(word, Lang::En, Lang::Ru, 3)
            .into_iter()
            .flat_map(|ru| lexicon.translate(ru, Lang::Ru, Lang::En, 5))
            .collect();
        eprintln!("{word} → ru → en: {back:?}");
        assert!(back.contains(&word), "{word} → ru → en gave {back:?}");
    }
}

#[test]
fn arabic_and_russian_through_english() {
    check("سلاح", Lang::Ar, Lang::Ru, &["оруж"]);
    check("оружие", Lang::Ru, Lang::Ar, &["سلاح"]);
}

#[test]
fn written_file_reads_back_the_same() {
    let Some(lexicon) = LEXICON.as_ref() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lexicon.bin");
    let started = Instant::now();
    lexicon.write(&path).expect("write");
    let written = started.elapsed();
    let size = std::fs::metadata(&path).expect("written file").len();
    let started = Instant::now();
    let read = Lexicon::read(&path).expect("read back");
    eprintln!(
        "lexicon file: {size} bytes; written in {written:.2?}, read in {:.2?}",
        started.elapsed()
    );
    assert_eq!(read.summary(), lexicon.summary());
    assert_eq!(
        read.translate("weapons", Lang::En, Lang::Ru, 5),
        lexicon.translate("weapons", Lang::En, Lang::Ru, 5)
    );
}

/// Arms-control words in running text, printed for the eye; most must translate.
#[test]
fn arms_control_vocabulary_mostly_translates() {
    let Some(lexicon) = LEXICON.as_ref() else {
        return;
    };
    let samples: &[(&str, Lang, Lang)] = &[
        ("nuclear", Lang::En, Lang::Ru),
        ("verification", Lang::En, Lang::Ru),
        ("sanctions", Lang::En, Lang::Ru),
        ("missiles", Lang::En, Lang::Ru),
        ("negotiations", Lang::En, Lang::Ru),
        ("outer space", Lang::En, Lang::Ru),
        ("nuclear", Lang::En, Lang::Ar),
        ("verification", Lang::En, Lang::Ar),
        ("sanctions", Lang::En, Lang::Ar),
        ("missiles", Lang::En, Lang::Ar),
        ("ядерного", Lang::Ru, Lang::En),
        ("договора", Lang::Ru, Lang::En),
        ("космическом", Lang::Ru, Lang::En),
        ("переговоров", Lang::Ru, Lang::En),
        ("санкции", Lang::Ru, Lang::En),
        ("النووية", Lang::Ar, Lang::En),
        ("الفضاء", Lang::Ar, Lang::En),
        ("معاهدة", Lang::Ar, Lang::En),
        ("العقوبات", Lang::Ar, Lang::En),
        ("الصواريخ", Lang::Ar, Lang::En),
        ("النووية", Lang::Ar, Lang::Ru),
        ("ядерного", Lang::Ru, Lang::Ar),
    ];
    let mut missing = Vec::new();
    for &(word, from, to) in samples {
        let found = lexicon.translate(word, from, to, 5);
        eprintln!("{word} ({from}→{to}): {found:?}");
        if found.is_empty() {
            missing.push(word);
        }
    }
    assert!(
        missing.len() * 5 <= samples.len(),
        "no translation for {missing:?}"
    );
}
