//! `statement-archive learn`: word translations learned from a corpus's aligned parallel
//! groups, and the held-out groups it must leave alone.

use std::path::Path;
use std::process::{Command, Output};

use statement_archive::lexicon::ParallelLexicon;
use statement_archive::model::Lang;

/// A corpus of one en/ru parallel group whose versions align paragraph by paragraph.
fn aligned_corpus(dir: &Path) {
    let en = [
        "Nuclear weapons threaten peace.",
        "Chemical weapons are banned.",
        "Nuclear tests must stop.",
        "The treaty bans chemical tests.",
        "The treaty protects peace.",
    ];
    let ru = [
        "Ядерное оружие угрожает миру.",
        "Химическое оружие запрещено.",
        "Ядерные испытания должны прекратиться.",
        "Договор запрещает химические испытания.",
        "Договор защищает мир.",
    ];
    for (lang, lines) in [("en", en), ("ru", ru)] {
        std::fs::create_dir_all(dir.join(lang)).expect("mkdir");
        std::fs::write(dir.join(lang).join("doc.txt"), lines.join("\n\n")).expect("write");
    }
    std::fs::write(
        dir.join("metadata.jsonl"),
        "{\"file\": \"en/doc.txt\", \"lang\": \"en\", \"parallel_group\": \"g1\"}\n\
         {\"file\": \"ru/doc.txt\", \"lang\": \"ru\", \"parallel_group\": \"g1\"}\n",
    )
    .expect("write catalog");
}

fn learn(corpus: &Path, out: &Path, exclude: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_statement-archive"));
    cmd.args(["learn", "--corpus"])
        .arg(corpus)
        .arg("--out")
        .arg(out);
    if let Some(exclude) = exclude {
        cmd.arg("--exclude").arg(exclude);
    }
    cmd.output().expect("the binary runs")
}

#[test]
fn learn_writes_a_table_search_can_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    aligned_corpus(dir.path());
    let out = dir.path().join("learned.tsv");
    let run = learn(dir.path(), &out, None);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let tsv = std::fs::read_to_string(&out).expect("table written");
    let table = ParallelLexicon::parse(&tsv).expect("the table parses");
    let weapons: Vec<&str> = table
        .translate("weapons", Lang::En, Lang::Ru, 3)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert!(weapons.contains(&"оружие"), "{weapons:?}\n{tsv}");
}

#[test]
fn held_out_groups_are_never_learned_from() {
    let dir = tempfile::tempdir().expect("tempdir");
    aligned_corpus(dir.path());
    let exclude = dir.path().join("heldout.txt");
    std::fs::write(&exclude, "# held out\ng1\n").expect("write");
    let out = dir.path().join("learned.tsv");
    let run = learn(dir.path(), &out, Some(&exclude));
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("from 0 parallel groups"), "{stdout}");
    let tsv = std::fs::read_to_string(&out).expect("table written");
    assert!(
        tsv.lines().all(|l| l.starts_with('#')),
        "nothing learned from an excluded group:\n{tsv}"
    );
}
