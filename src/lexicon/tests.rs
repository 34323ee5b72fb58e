//! Lexicon tests on tiny handmade dictd dictionaries written to a temp dir.

use std::fs;
use std::io::{Read, Write};

use flate2::Compression;
use flate2::write::GzEncoder;

use super::fixtures::write_dict;
use super::*;

const ENG_ARA: &[(&str, &str)] = &[
    ("weapon", "Weapon /wˈɛpən/\nالسِّلاح\n"),
    ("weapons", "Weapons /wˈɛpənz/\nالأسلحة\n"),
    ("armaments", "Armaments /x/\nالأسلحة\n"),
    ("treaty", "Treaty /x/\nالمعاهدة\n"),
    ("outer space", "Outer space /x/\nالفضاء الخارجي\n"),
];

const ARA_ENG: &[(&str, &str)] = &[
    ("سلاح", "سلاح /silˈaːħ/\nArmer\n"),
    ("السلاح", "السلاح /x/\nWeapon\n"),
    (
        "الأسلحة",
        "الأسلحة /x/\n1. Armaments\n2. Automatics\n3. Guns\n4. Sidearms\n5. Weaponry\n6. Weapons\n",
    ),
    ("أسلحة", "أسلحة /x/\n1. Armata\n2. Armers\n"),
];

const MUELLER: &[(&str, &str)] = &[
    (
        "weapon",
        "weapon\n   [↗wɛpɜn] _n.\n   1) оружие; _перен. средство; weapon of mass destruction оружие массового\n   уничтожения\n",
    ),
    (
        "arm",
        "arm\n   _I  [ɑ:m] _n.\n      1) рука\n   _II [ɑ:m]\n         1. _n.\n      1) оружие; small arms стрелковое оружие\n      6) _pl. _attr. arms race гонка вооружений\n",
    ),
    (
        "disarmament",
        "disarmament\n   [dɪs↗ɑ:mɜmɜnt] _n. разоружение\n",
    ),
    (
        "treaty",
        "treaty\n   [↗tri:tɪ] _n.\n   1) договор\n   2) переговоры\n",
    ),
];

const ENG_RUS: &[(&str, &str)] = &[("treaty", "treaty /x/\nдоговор, соглашение\n")];

fn fixture() -> (tempfile::TempDir, Lexicon) {
    let dir = tempfile::tempdir().expect("temp dir");
    write_dict(dir.path(), "freedict-eng-ara", ENG_ARA);
    write_dict(dir.path(), "freedict-ara-eng", ARA_ENG);
    write_dict(dir.path(), "mueller7", MUELLER);
    write_dict(dir.path(), "freedict-eng-rus", ENG_RUS);
    let lexicon = Lexicon::from_dictd_dir(dir.path())
        .expect("fixtures read")
        .expect("fixtures present");
    (dir, lexicon)
}

#[test]
fn no_dictionaries_no_lexicon() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(matches!(Lexicon::from_dictd_dir(dir.path()), Ok(None)));
    let missing = dir.path().join("missing");
    assert!(matches!(Lexicon::from_dictd_dir(&missing), Ok(None)));
}

#[test]
fn one_dictionary_is_enough() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_dict(dir.path(), "mueller7", MUELLER);
    let lexicon = Lexicon::from_dictd_dir(dir.path())
        .expect("reads")
        .expect("present");
    assert_eq!(
        lexicon.translate("weapon", Lang::En, Lang::Ru, 5)[0],
        "оружие"
    );
    assert!(
        lexicon
            .translate("weapon", Lang::En, Lang::Ar, 5)
            .is_empty()
    );
}

#[test]
fn both_directions_of_every_dictionary() {
    let (_dir, lexicon) = fixture();
    assert_eq!(
        lexicon.translate("weapon", Lang::En, Lang::Ar, 5),
        ["السلاح"]
    );
    assert_eq!(
        lexicon.translate("outer space", Lang::En, Lang::Ar, 5),
        ["الفضاء الخارجي"]
    );
    assert_eq!(
        lexicon.translate("الفضاء الخارجي", Lang::Ar, Lang::En, 5),
        ["outer space"]
    );
    // Arabeyes' order is ignored; words Müller has an entry for come first
    let arms = lexicon.translate("الأسلحة", Lang::Ar, Lang::En, 3);
    assert_eq!(arms[..2], ["weapons", "armaments"], "{arms:?}");
    assert_eq!(
        lexicon.translate("weapon", Lang::En, Lang::Ru, 5),
        ["оружие", "средство"]
    );
    assert_eq!(
        lexicon.translate("оружие", Lang::Ru, Lang::En, 5),
        ["weapon", "arm"]
    );
    assert_eq!(
        lexicon.translate("treaty", Lang::En, Lang::Ru, 5),
        ["договор", "переговоры", "соглашение"]
    );
}

#[test]
fn mueller_examples_become_phrases() {
    let (_dir, lexicon) = fixture();
    assert_eq!(
        lexicon.translate("Arms race", Lang::En, Lang::Ru, 5),
        ["гонка вооружений"]
    );
    assert_eq!(
        lexicon.translate("гонка вооружений", Lang::Ru, Lang::En, 5),
        ["arms race"]
    );
    assert_eq!(
        lexicon.translate("small arms", Lang::En, Lang::Ru, 5),
        ["стрелковое оружие"]
    );
}

#[test]
fn inflected_words_reach_their_headwords() {
    let (_dir, lexicon) = fixture();
    assert_eq!(
        lexicon.translate("Treaties", Lang::En, Lang::Ru, 1),
        ["договор"]
    );
    assert_eq!(
        lexicon.translate("оружия", Lang::Ru, Lang::En, 1),
        ["weapon"]
    );
    assert_eq!(
        lexicon.translate("оружием", Lang::Ru, Lang::En, 1),
        ["weapon"]
    );
    assert_eq!(
        lexicon.translate("разоружения", Lang::Ru, Lang::En, 1),
        ["disarmament"]
    );
    assert_eq!(
        lexicon.translate("Договора", Lang::Ru, Lang::En, 1),
        ["treaty"]
    );
    // proclitics and the article
    assert_eq!(
        lexicon.translate("بالسلاح", Lang::Ar, Lang::En, 1),
        ["weapon"]
    );
    assert_eq!(lexicon.translate("وسلاح", Lang::Ar, Lang::En, 1), ["weapon"]);
    assert_eq!(
        lexicon.translate("والمعاهدة", Lang::Ar, Lang::En, 1),
        ["treaty"]
    );
    // tashkeel and hamza folding
    assert_eq!(
        lexicon.translate("السِّلاح", Lang::Ar, Lang::En, 1),
        ["weapon"]
    );
    assert_eq!(
        lexicon.translate("الاسلحه", Lang::Ar, Lang::En, 1),
        ["weapons"]
    );
}

#[test]
fn acronyms_are_looked_up_as_written_never_by_stem() {
    let (_dir, lexicon) = fixture();
    // The inflected word reaches its headword through its stem; in capitals it might be an
    // acronym, whose stem is another word's, so only its own form is looked up.
    assert_eq!(
        lexicon.translate("оружия", Lang::Ru, Lang::En, 1),
        ["weapon"]
    );
    assert!(
        lexicon
            .translate("ОРУЖИЯ", Lang::Ru, Lang::En, 1)
            .is_empty(),
        "six capitals: an acronym"
    );
    assert_eq!(
        lexicon.translate("ОРУЖИЕ", Lang::Ru, Lang::En, 1),
        ["weapon"],
        "a headword in capitals is still found as written"
    );
    assert_eq!(
        lexicon.translate("РАЗОРУЖЕНИЯ", Lang::Ru, Lang::En, 1),
        ["disarmament"],
        "eleven capitals: a word in a headline, found by its stem"
    );
    assert_eq!(
        lexicon.translate("TREATIES", Lang::En, Lang::Ru, 1),
        ["договор"],
        "English singulars are variants, not stems"
    );
}

#[test]
fn arabic_and_russian_pivot_through_english() {
    let (_dir, lexicon) = fixture();
    assert_eq!(
        lexicon.translate("السلاح", Lang::Ar, Lang::Ru, 5),
        ["оружие", "средство"]
    );
    assert_eq!(
        lexicon.translate("договор", Lang::Ru, Lang::Ar, 5),
        ["المعاهدة"]
    );
}

#[test]
fn unknown_words_and_pairs_give_nothing() {
    let (_dir, lexicon) = fixture();
    assert!(lexicon.translate("zebra", Lang::En, Lang::Ru, 5).is_empty());
    assert!(lexicon.translate("", Lang::En, Lang::Ru, 5).is_empty());
    assert!(lexicon.translate("   ", Lang::Ar, Lang::En, 5).is_empty());
    assert!(
        lexicon
            .translate("weapon", Lang::En, Lang::Fr, 5)
            .is_empty()
    );
    assert!(
        lexicon
            .translate("weapon", Lang::En, Lang::En, 5)
            .is_empty()
    );
    assert!(
        lexicon
            .translate("weapon", Lang::En, Lang::Ru, 0)
            .is_empty()
    );
    assert_eq!(
        lexicon.translate("treaty", Lang::En, Lang::Ru, 1),
        ["договор"]
    );
}

#[test]
fn summary_counts_headwords_per_direction() {
    let (_dir, lexicon) = fixture();
    assert!(!lexicon.is_empty());
    let summary = lexicon.summary();
    assert!(summary.contains("en→ar 12"), "{summary}");
    assert!(summary.contains("ru→en"), "{summary}");
}

#[test]
fn written_file_reads_back_equal() {
    let (dir, lexicon) = fixture();
    let path = dir.path().join("out").join("lexicon.bin");
    fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
    lexicon.write(&path).expect("write");
    lexicon.write(&path).expect("overwrite");
    assert_eq!(Lexicon::read(&path).expect("read"), lexicon);
    let leftovers = fs::read_dir(path.parent().expect("has parent"))
        .expect("list")
        .count();
    assert_eq!(leftovers, 1, "no temp files are left behind");
}

#[test]
fn damaged_files_are_errors() {
    let (dir, lexicon) = fixture();
    let path = dir.path().join("lexicon.bin");
    fs::write(&path, b"not a lexicon").expect("write");
    assert!(matches!(
        Lexicon::read(&path),
        Err(LexiconError::Format { .. })
    ));

    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(store::encode(&lexicon).as_slice())
        .read_to_end(&mut raw)
        .expect("gunzip");
    for cut in [0, 10, raw.len() / 2, raw.len() - 1] {
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(&raw[..cut]).expect("gzip");
        let truncated = gz.finish().expect("gzip");
        assert!(store::decode(&truncated).is_err(), "cut at {cut}");
    }
    assert!(matches!(
        Lexicon::read(&dir.path().join("absent.bin")),
        Err(LexiconError::Io { .. })
    ));
}

#[test]
fn bad_index_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_dict(dir.path(), "mueller7", MUELLER);
    fs::write(dir.path().join("mueller7.index"), "weapon\tnot base64!\n").expect("write");
    let err = Lexicon::from_dictd_dir(dir.path()).map(|_| ());
    assert!(
        matches!(err, Err(LexiconError::BadIndex { line: 1, .. })),
        "{err:?}"
    );
}

#[test]
fn english_singulars_and_arabic_clitics() {
    assert_eq!(
        english_singulars("treaties"),
        ["treaty", "treati", "treatie"]
    );
    assert_eq!(english_singulars("weapons"), ["weapon"]);
    assert_eq!(english_singulars("boxes"), ["box", "boxe"]);
    assert!(english_singulars("glass").is_empty());
    assert_eq!(arabic_without_proclitics("باسلحه"), ["اسلحه"]);
    assert_eq!(arabic_without_proclitics("وسلاح"), ["سلاح"]);
}
