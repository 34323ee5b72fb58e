//! The binary as a person runs it: messages and exit codes.

use std::process::{Command, Output};

use crate::support::repo_path;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statement-archive"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn index_reports_counts_per_language_and_every_skipped_file() {
    let index = tempfile::tempdir().expect("tempdir");
    let corpus = repo_path("tests/fixtures/corpus");
    let out = run(&[
        "index",
        "--corpus",
        corpus.to_str().expect("utf-8 path"),
        "--index",
        index.path().to_str().expect("utf-8 path"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("English") && stdout.contains("Arabic") && stdout.contains("Russian"),
        "{stdout}"
    );
    for skipped in [
        "en/bad-utf8.txt: not valid UTF-8",
        "en/empty.txt: empty",
        "en/binary.txt: not a text file",
    ] {
        assert!(
            stdout.contains(&format!("skipped {skipped}")),
            "{skipped} in {stdout}"
        );
    }
}

#[test]
fn a_missing_corpus_is_a_clear_error_and_exit_code_1() {
    let index = tempfile::tempdir().expect("tempdir");
    let out = run(&[
        "index",
        "--corpus",
        "/no/such/corpus",
        "--index",
        index.path().to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("/no/such/corpus"),
        "{stderr}"
    );
}

#[test]
fn analyze_prints_one_token_per_line() {
    let out = run(&["analyze", "--lang", "ru", "Захаровой ещё"]);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout).lines().collect::<Vec<_>>(),
        ["захаров", "ещ"],
        "Snowball stems еще (from ещё) to ещ"
    );
    let bad = run(&["analyze", "--lang", "xx", "text"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).contains("unknown language"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["serve", "--no-such-flag"]).status.code(), Some(2));
}
