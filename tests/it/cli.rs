//! The binary as a person runs it: messages and exit codes.

use std::path::Path;
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

/// The `check --format json` lines of a corpus folder, parsed, after asserting exit status 0.
fn check_json(corpus: &Path) -> Vec<serde_json::Value> {
    let out = run(&[
        "check",
        "--format",
        "json",
        "--corpus",
        corpus.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON object ({e}): {line}"))
        })
        .collect()
}

/// The line for `path`, which must appear exactly once.
fn line_for<'v>(lines: &'v [serde_json::Value], path: &str) -> &'v serde_json::Value {
    let found: Vec<&serde_json::Value> = lines.iter().filter(|l| l["path"] == path).collect();
    assert_eq!(found.len(), 1, "{path} in {lines:?}");
    found[0]
}

#[test]
fn check_json_reports_every_fixture_file_once_and_exits_0() {
    let corpus = repo_path("tests/fixtures/corpus");
    let lines = check_json(&corpus);
    let opened = statement_archive::corpus::Corpus::open(&corpus).expect("corpus opens");
    assert!(!opened.files().is_empty());
    for path in opened.files() {
        line_for(&lines, path);
    }
    let txt_lines = lines
        .iter()
        .filter(|l| l["path"] != "metadata.jsonl")
        .count();
    assert_eq!(
        txt_lines,
        opened.files().len(),
        "one line per file: {lines:?}"
    );
    for bad in ["en/bad-utf8.txt", "en/binary.txt", "en/empty.txt"] {
        let line = line_for(&lines, bad);
        assert!(
            line["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{line}"
        );
        assert!(line.get("title").is_none(), "{line}");
    }
    // The catalog's broken and dangling rows are reported too.
    let catalog_errors = lines
        .iter()
        .filter(|l| l["path"] == "metadata.jsonl")
        .count();
    assert_eq!(catalog_errors, 2, "{lines:?}");
}

#[test]
fn check_json_says_which_fields_the_catalog_supplied() {
    let lines = check_json(&repo_path("tests/fixtures/corpus"));
    let line = line_for(&lines, "en/catalog-override.txt");
    assert_eq!(
        line["title"],
        "Working group on fissile material: press note"
    );
    assert_eq!(line["date"], "2023-05-02");
    assert_eq!(
        line["year"],
        serde_json::Value::Null,
        "no year beside an exact date"
    );
    assert_eq!(line["source_url"], "https://example.org/press/42");
    assert_eq!(line["actors"][0]["id"], "csto");
    for field in ["title", "date", "lang", "actors", "source", "source_url"] {
        assert_eq!(line["provenance"][field], "catalog", "{field}: {line}");
    }
    assert_eq!(line["provenance"]["place"], "text", "{line}");
    // The catalog lists CSTO, which the text never names: the catalog knows who issued it.
    assert_eq!(line["actors"][0]["role"], "speaker", "{line}");
    assert!(line["type"].is_null() || line["type"].is_string(), "{line}");
    // Without a catalog row every field comes from the text.
    let plain = line_for(&lines, "ru/archive/2019/mfa-briefing.txt");
    for field in ["title", "date", "lang", "actors"] {
        assert_eq!(plain["provenance"][field], "text", "{field}: {plain}");
    }
    assert!(
        plain["topics"]
            .as_array()
            .is_some_and(|t| t.contains(&"space-security".into())),
        "{plain}"
    );
}

/// Writes `files` (corpus-relative path, contents) into a fresh temporary corpus.
fn temp_corpus(files: &[(&str, &str)]) -> tempfile::TempDir {
    let corpus = tempfile::tempdir().expect("tempdir");
    for (rel, body) in files {
        let path = corpus.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, body).expect("write");
    }
    corpus
}

// See: #5
#[test]
fn check_json_says_which_fields_the_front_matter_supplied() {
    let statement = "Statement on outer space\n\nMOSCOW, 14 March 2022 — Russia calls for talks on \
                     preventing an arms race in outer space.\n";
    let curated = format!(
        "---\ntitle: Curated title\ntype: Official statement\ntopics: [nuclear]\n\
         actors:\n  - {{name: United States, role: mentioned}}\nsource_name: Curated source\n---\n\
         {statement}"
    );
    let lang_only = format!("---\nlang: en\n---\n{statement}");
    let broken = format!("---\ntitle: [oops\n---\n{statement}");
    let corpus = temp_corpus(&[
        ("en/curated.txt", &curated),
        ("en/lang-only.txt", &lang_only),
        ("en/broken.txt", &broken),
        (
            "metadata.jsonl",
            r#"{"file": "en/curated.txt", "title": "Catalog title", "source_name": "Catalog source", "date": "2022-03-15", "type": "speech"}"#,
        ),
    ]);
    let lines = check_json(corpus.path());

    let line = line_for(&lines, "en/curated.txt");
    assert_eq!(line["title"], "Curated title", "{line}");
    assert_eq!(line["type"], "official-statement", "{line}");
    assert_eq!(line["topics"], serde_json::json!(["nuclear"]), "{line}");
    assert_eq!(line["source"], "Curated source", "{line}");
    assert_eq!(
        line["actors"],
        serde_json::json!([{"id": "united-states", "name": "United States", "role": "mentioned"}])
    );
    for field in ["title", "type", "topics", "actors", "source"] {
        assert_eq!(line["provenance"][field], "front-matter", "{field}: {line}");
    }
    assert_eq!(line["date"], "2022-03-15");
    assert_eq!(line["provenance"]["date"], "catalog", "{line}");
    assert_eq!(line["provenance"]["place"], "text", "{line}");

    // Only `lang` is curated: the title is the text's headline, not a line of the block.
    let line = line_for(&lines, "en/lang-only.txt");
    assert_eq!(line["title"], "Statement on outer space", "{line}");
    assert_eq!(line["provenance"]["lang"], "front-matter", "{line}");
    assert_eq!(line["provenance"]["title"], "text", "{line}");
    // The three bodies hash alike only if no front matter line is left in any of them.
    assert_eq!(
        line["warnings"],
        serde_json::json!(["possible duplicate: the same text as en/broken.txt, en/curated.txt"]),
        "{line}"
    );

    // A broken block costs the curation, never the document.
    let line = line_for(&lines, "en/broken.txt");
    assert_eq!(line["title"], "Statement on outer space", "{line}");
    assert_eq!(line["date"], "2022-03-14", "{line}");
    let warnings = line["warnings"].to_string();
    assert!(
        warnings.contains("front matter ignored: not valid YAML: unclosed bracket '[' at line 2"),
        "{line}"
    );
}

#[test]
fn check_text_shows_front_matter_origins_types_and_roles() {
    let corpus = temp_corpus(&[(
        "en/a.txt",
        "---\ntype: speech\nactors: [{name: Russia, role: speaker}]\n---\nStatement on outer space\n\n\
         MOSCOW, 14 March 2022 — Russia calls for talks.\n",
    )]);
    let out = run(&[
        "check",
        "--corpus",
        corpus.path().to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for expected in [
        "  type: speech (from front-matter)\n",
        "  actors: Russia [russia, speaker] (from front-matter)\n",
        "  title: Statement on outer space (from text)\n",
    ] {
        assert!(stdout.contains(expected), "{expected:?} in {stdout}");
    }
}

#[test]
fn check_warns_about_the_same_text_under_two_paths() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let statement = "Statement on outer space\n\nMOSCOW, 14 March 2022 — Russia calls for talks.\n";
    for (rel, body) in [
        ("en/a.txt", statement.to_string()),
        ("en/copy/a.txt", statement.replace(" — ", "  —  ")),
        ("en/b.txt", statement.replace("talks", "negotiations")),
    ] {
        let path = corpus.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, body).expect("write");
    }
    let lines = check_json(corpus.path());
    let warnings = |path: &str| line_for(&lines, path)["warnings"].to_string();
    assert!(
        warnings("en/a.txt").contains("possible duplicate: the same text as en/copy/a.txt"),
        "{lines:?}"
    );
    assert!(
        warnings("en/copy/a.txt").contains("possible duplicate: the same text as en/a.txt"),
        "{lines:?}"
    );
    assert!(!warnings("en/b.txt").contains("duplicate"), "{lines:?}");
}

#[test]
fn check_text_prints_origins_warnings_and_a_summary() {
    let corpus = repo_path("tests/fixtures/corpus");
    let out = run(&["check", "--corpus", corpus.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for expected in [
        "en/catalog-override.txt\n",
        "  source_url: https://example.org/press/42 (from catalog)\n",
        "  place: Vienna (from text)\n",
        "  warning: no date stated in the text\n",
        "skipped en/empty.txt: empty file\n",
    ] {
        assert!(stdout.contains(expected), "{expected:?} in {stdout}");
    }
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("8 documents read, 5 skipped, 4 with warnings (no actor: 2,"),
        "{stderr}"
    );
}

#[test]
fn check_of_a_missing_corpus_is_an_error_and_exit_code_1() {
    let out = run(&["check", "--corpus", "/no/such/corpus"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("/no/such/corpus"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn check_reads_every_document_of_the_real_corpus() {
    let corpus = repo_path("../shared/corpus-real");
    if !corpus.join("metadata.jsonl").exists() {
        eprintln!("skipped: {} is not present", corpus.display());
        return;
    }
    let lines = check_json(&corpus);
    let errors: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l.get("error").is_some()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(lines.len(), 2988);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["serve", "--no-such-flag"]).status.code(), Some(2));
}

#[test]
#[cfg(unix)]
fn serve_stops_cleanly_on_sigterm() {
    let index = tempfile::tempdir().expect("tempdir");
    let corpus = crate::support::repo_path("tests/fixtures/corpus");
    let (mut child, _) = start_serve(&corpus, index.path(), &[]);
    let pid = i32::try_from(child.id()).expect("a pid");
    // SAFETY: `kill` with a pid we spawned and a valid signal number has no memory effects.
    let sent = unsafe { libc::kill(pid, libc::SIGTERM) };
    assert_eq!(sent, 0, "cannot send SIGTERM");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(15) {
            let _ = child.kill();
            panic!("serve did not stop within 15 s of SIGTERM");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success(), "serve exited with {status}");
}

/// `statement-archive serve` of `corpus` into `index` on a free port, with `extra` options,
/// once it says it serves: the child and its address (`127.0.0.1:PORT`).
fn start_serve(corpus: &Path, index: &Path, extra: &[&str]) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_statement-archive"))
        .args(["serve", "--addr", "127.0.0.1:0", "--corpus"])
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .arg("--static-dir")
        .arg(repo_path("static"))
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let addr = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            line.strip_prefix("serving the archive at http://")
                .map(str::to_string)
        });
    match addr {
        Some(addr) => (child, addr),
        None => {
            let _ = child.kill();
            panic!("serve never said it was serving");
        }
    }
}

/// `statement-archive index` of the fixture corpus into `index`, started, its stderr piped.
fn start_index(index: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_statement-archive"))
        .args(["index", "--corpus"])
        .arg(repo_path("tests/fixtures/corpus"))
        .arg("--index")
        .arg(index)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("index starts")
}

#[test]
fn two_index_runs_at_once_leave_one_good_live_index() {
    let index = tempfile::tempdir().expect("tempdir");
    let (first, second) = (start_index(index.path()), start_index(index.path()));
    for child in [first, second] {
        let out = child.wait_with_output().expect("index ends");
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let archive = statement_archive::index::Archive::open(index.path())
        .expect("the live index opens")
        .expect("there is a live index");
    assert!(archive.num_docs() > 0);
    let generations = std::fs::read_dir(index.path().join("generations"))
        .expect("generations")
        .count();
    assert_eq!(
        generations, 1,
        "the second run found the first's index up to date"
    );
}

#[test]
fn an_index_run_waits_while_another_build_holds_the_lock() {
    let index = tempfile::tempdir().expect("tempdir");
    // This test is the other build.
    let held = statement_archive::index::lock(index.path()).expect("the lock");
    let mut child = start_index(index.path());
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert!(
        child.try_wait().expect("wait").is_none(),
        "the run finished while another build held the lock"
    );
    assert!(
        !index.path().join("CURRENT").exists(),
        "the waiting run switched the live index"
    );
    drop(held);
    let out = child.wait_with_output().expect("index ends");
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("another build"), "{stderr}");
    let archive = statement_archive::index::Archive::open(index.path())
        .expect("the live index opens")
        .expect("there is a live index");
    assert!(archive.num_docs() > 0);
}

/// Starts `index` over `corpus` with a pause point at `stage`, waits until the run says it is
/// there, and kills it with SIGKILL: a crash at a known moment.
fn kill_index_at(corpus: &Path, index: &Path, stage: &str, full: bool) {
    use std::io::BufRead;
    let mut command = Command::new(env!("CARGO_BIN_EXE_statement-archive"));
    command
        .args(["index", "--corpus"])
        .arg(corpus)
        .arg("--index")
        .arg(index);
    if full {
        command.arg("--full");
    }
    let mut child = command
        .env(statement_archive::index::PAUSE_ENV, stage)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("index starts");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let wanted = format!("paused at {stage}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) if line.contains(&wanted) => break,
            Ok(_) => {}
            Err(_) => {
                let _ = child.kill();
                panic!("the run never reached {stage}");
            }
        }
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
}

#[test]
fn an_index_run_killed_at_any_stage_leaves_the_archive_as_before_or_after() {
    let new_file = "A statement on quasarite verification.\n";
    // (stage, a full build?, the live index holds the new file after the kill)
    let cases = [
        ("parsed", false, false),
        ("committed", false, false),
        ("manifested", false, false),
        ("switched", false, true),
        ("committed", true, false),
        ("switched", true, true),
    ];
    // One first build (compiling the lexicon takes seconds), copied for each case.
    let base = tempfile::tempdir().expect("tempdir");
    let (base_corpus, base_index) = (base.path().join("corpus"), base.path().join("index"));
    std::fs::create_dir_all(&base_corpus).expect("mkdir");
    for entry in std::fs::read_dir(repo_path("corpus")).expect("seeds") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), base_corpus.join(entry.file_name())).expect("copy");
    }
    let out = run(&[
        "index",
        "--corpus",
        &base_corpus.to_string_lossy(),
        "--index",
        &base_index.to_string_lossy(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for (stage, full, after) in cases {
        let corpus = tempfile::tempdir().expect("tempdir");
        let index = tempfile::tempdir().expect("tempdir");
        crate::support::copy_tree(&base_corpus, corpus.path());
        crate::support::copy_tree(&base_index, index.path());
        std::fs::write(corpus.path().join("quasarite.txt"), new_file).expect("write");

        kill_index_at(corpus.path(), index.path(), stage, full);
        let archive = statement_archive::index::Archive::open(index.path())
            .expect("the live index opens after the kill")
            .expect("there is a live index");
        let expected = if after { 5 } else { 4 };
        assert_eq!(
            archive.num_docs(),
            expected,
            "killed at {stage} (full: {full}): neither before nor after"
        );
        drop(archive);

        let out = run(&[
            "index",
            "--corpus",
            &corpus.path().to_string_lossy(),
            "--index",
            &index.path().to_string_lossy(),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let archive = statement_archive::index::Archive::open(index.path())
            .expect("opens")
            .expect("live");
        assert_eq!(archive.num_docs(), 5, "the next run finishes the job");
        let generations = std::fs::read_dir(index.path().join("generations"))
            .expect("generations")
            .count();
        assert!(
            generations <= 2,
            "killed at {stage}: {generations} generations left; abandoned ones are pruned"
        );
    }
}

/// One GET over a fresh connection: the status code and the raw body.
fn http_get(addr: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(addr) else {
        return (0, String::new());
    };
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(20)));
    let request = format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return (0, String::new());
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default();
    (status, body)
}

/// The `total` of `/api/search?q=…` (one word, no cross-language expansion).
fn total_for(addr: &str, word: &str) -> Option<u64> {
    let word = crate::support::enc(word);
    let (status, body) = http_get(addr, &format!("/api/search?q={word}&xlang=off"));
    if status != 200 {
        return None;
    }
    let start = body.find('{')?;
    let json: serde_json::Value = serde_json::from_str(body[start..].trim_end()).ok()?;
    json["total"].as_u64()
}

#[test]
#[cfg(unix)]
fn serve_watch_shows_new_corrected_and_deleted_statements_without_a_restart() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let corpus = tempfile::tempdir().expect("tempdir");
    let index = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(repo_path("corpus")).expect("seeds") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), corpus.path().join(entry.file_name())).expect("copy");
    }
    let (mut child, addr) = start_serve(corpus.path(), index.path(), &["--watch"]);

    // Searches run all along; none may fail while the index changes under them.
    let stop = Arc::new(AtomicBool::new(false));
    let (failures, answered) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let hammer = {
        let (stop, failures, answered, addr) = (
            stop.clone(),
            failures.clone(),
            answered.clone(),
            addr.clone(),
        );
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                match http_get(&addr, "/search?q=space") {
                    (200, _) => answered.fetch_add(1, Ordering::Relaxed),
                    _ => failures.fetch_add(1, Ordering::Relaxed),
                };
            }
        })
    };

    assert_eq!(total_for(&addr, "quasarite"), Some(0));
    std::fs::write(
        corpus.path().join("quasarite.txt"),
        "Statement on quasarite\n\nThe delegation spoke of quasarite verification in outer space.\n",
    )
    .expect("add");
    let corrected = corpus.path().join("001_e1ac64d1cd241d64.txt");
    let text = std::fs::read_to_string(&corrected).expect("read");
    std::fs::write(
        &corrected,
        format!("---\ntitle: Zirconite correction\n---\n{text}"),
    )
    .expect("correct");
    std::fs::remove_file(corpus.path().join("000_ecb16ed56a63e7df.txt")).expect("delete");
    let deleted = statement_archive::model::DocId::from_path("000_ecb16ed56a63e7df.txt");
    // A web page and a PDF dropped in too.
    let formats = repo_path("tests/fixtures/formats");
    std::fs::copy(
        formats.join("en/press-release.html"),
        corpus.path().join("bwc.html"),
    )
    .expect("copy a page");
    std::fs::copy(
        formats.join("ru/working-paper.pdf"),
        corpus.path().join("wp.pdf"),
    )
    .expect("copy a PDF");

    let started = std::time::Instant::now();
    let done = loop {
        let seen = total_for(&addr, "quasarite") == Some(1)
            && total_for(&addr, "zirconite") == Some(1)
            && total_for(&addr, "advisory") == Some(1)
            && total_for(&addr, "транспарентности") == Some(1)
            && http_get(&addr, &format!("/statements/{deleted}")).0 == 404;
        if seen {
            break true;
        }
        if started.elapsed() > std::time::Duration::from_secs(30) {
            break false;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let took = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    hammer.join().expect("the searches end");
    let (_, status) = http_get(&addr, "/api/status");
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        done,
        "the changes were not searchable within 30 s; status: {status}"
    );
    assert!(status.contains("\"statements\":6"), "{status}");
    assert_eq!(
        failures.load(Ordering::Relaxed),
        0,
        "searches failed during the update"
    );
    assert!(answered.load(Ordering::Relaxed) > 0);
    eprintln!("changes searchable after {took:?}");
}

#[test]
fn status_says_what_is_live_and_what_is_pending() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let index = tempfile::tempdir().expect("tempdir");
    crate::support::copy_tree(&repo_path("corpus"), corpus.path());
    let (c, i) = (
        corpus.path().to_string_lossy().into_owned(),
        index.path().to_string_lossy().into_owned(),
    );
    let none = run(&["status", "--corpus", &c, "--index", &i]);
    assert!(none.status.success());
    assert!(
        text(&none.stdout).contains("no index"),
        "{}",
        text(&none.stdout)
    );
    // Built without the lexicon's seconds: the library, as `index` would.
    let options = statement_archive::index::IndexOptions::new(index.path()).without_dictionaries();
    let opened = statement_archive::corpus::Corpus::open(corpus.path()).expect("open");
    statement_archive::index::ensure(&opened, &options, &|_| {}).expect("index");
    std::fs::write(
        corpus.path().join("new.txt"),
        "A new statement on outer space.\n",
    )
    .expect("write");
    // `status` reads with the default options (dictionaries installed or not), so it may say a
    // rebuild is due; either way it must name the live statements.
    let out = run(&["status", "--corpus", &c, "--index", &i]);
    let said = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(said.contains("live: 4 statements"), "{said}");
    let status = statement_archive::index::status(
        &options,
        Some(&statement_archive::corpus::Corpus::open(corpus.path()).expect("open")),
    )
    .expect("status")
    .expect("an index");
    let pending = status.pending.expect("compared");
    assert_eq!(pending.added, ["new.txt"]);
    assert!(pending.changed.is_empty() && pending.removed.is_empty());
}
