//! Corpus → new index generation. Parsing runs on rayon's pool while tantivy's writer
//! threads index; nothing holds more than the writer's memory budget plus the documents
//! in flight, so a corpus of a million files builds in bounded memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexWriter, TantivyDocument};

use super::document::to_document;
use super::generation::{self, Pointer};
use super::merges::{BoundedMerges, Writing};
use super::release::ReleasingDirectory;
use super::schema::{self, Fields};
use super::{Archive, IndexError, IndexOptions, manifest};
use crate::analysis::{self, acronyms, compounds::Compounding};
use crate::corpus::{Corpus, FileState, Problem};
use crate::lexicon::Lexicon;
use crate::model::Lang;

/// Registers the analyzers the index writer uses: ours, with concept and name tokens added
/// to the English, Arabic and Russian fields and name tokens to the Arabic word forms
/// (`concepts`), and hyphenated compounds to every text field (`analysis::compounds`). The
/// archive opens its index with the plain ones.
fn register_writer_analyzers(index: &Index) {
    analysis::register(index);
    let manager = index.tokenizers();
    for name in analysis::names() {
        let Some(plain) = analysis::analyzer(name) else {
            continue;
        };
        let lang = [Lang::En, Lang::Ar, Lang::Ru]
            .into_iter()
            .find(|&lang| analysis::analyzer_name(lang) == name);
        let tagged = super::concepts::tagging(name);
        let inner = tagged.unwrap_or_else(|| plain.clone());
        let compounding = TextAnalyzer::from(Compounding { inner, plain });
        manager.register(
            name,
            match lang {
                Some(lang) => acronyms::also_stemmed(compounding, lang),
                None => compounding,
            },
        );
    }
}

/// Progress events for whoever draws a progress bar (the CLI); the index knows no terminal.
#[derive(Debug, Clone)]
pub enum BuildEvent {
    /// `files` are to be read (all of them in a full build, the new and changed in an update).
    Started {
        files: usize,
    },
    Parsed,
    Committing,
}

/// What a build or an update did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub generation: String,
    pub kind: BuildKind,
    /// Statements parsed and indexed by this run.
    pub indexed: usize,
    pub per_lang: BTreeMap<Lang, usize>,
    /// Statements in the new generation.
    pub total: u64,
    /// Files skipped and catalog problems, each with its reason.
    pub problems: Vec<Problem>,
    pub elapsed: Duration,
}

/// A whole new index, or the live one with the corpus' changes applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildKind {
    /// Every file read again, and why an update would not do.
    Full { reason: String },
    /// Only the difference applied: files new to the index, files whose text or catalog row
    /// changed, and files gone from the corpus.
    Update {
        added: usize,
        changed: usize,
        removed: usize,
        unchanged: usize,
    },
}

/// The environment variable `statement-archive index` reads into
/// [`IndexOptions::pause_at`], for the crash-safety tests.
pub const PAUSE_ENV: &str = "STATEMENT_ARCHIVE_PAUSE_AT";

/// A build that reaches the stage its options name (`parsed`, `committed`, `manifested`,
/// `switched`) says so on stderr and waits there for good, so a test can kill it at a known
/// moment.
pub(super) fn pause_point(options: &IndexOptions, stage: &str) {
    if options.pause_at.as_deref() == Some(stage) {
        eprintln!("paused at {stage}");
        loop {
            std::thread::park();
        }
    }
}

/// Builds a complete new generation from `corpus` and makes it live.
pub fn build(
    corpus: &Corpus,
    options: &IndexOptions,
    reason: String,
    on_event: &(dyn Fn(BuildEvent) + Sync),
) -> Result<(Archive, BuildReport), IndexError> {
    create_index_dir(options)?;
    // One build at a time per index folder; held until the new generation is live and pruned.
    let _lock = generation::lock(&options.index_dir)?;
    build_locked(corpus, options, reason, on_event)
}

pub(super) fn create_index_dir(options: &IndexOptions) -> Result<(), IndexError> {
    std::fs::create_dir_all(&options.index_dir).map_err(|source| IndexError::Io {
        path: options.index_dir.clone(),
        source,
    })
}

/// [`build`], with the build lock already held.
pub(super) fn build_locked(
    corpus: &Corpus,
    options: &IndexOptions,
    reason: String,
    on_event: &(dyn Fn(BuildEvent) + Sync),
) -> Result<(Archive, BuildReport), IndexError> {
    let started = Instant::now();
    let lexicon = LexiconJob::start(options);
    let (name, dir) = generation::create(&options.index_dir)?;
    let result = (|| {
        let index = ReleasingDirectory::open(&dir)
            .map_err(tantivy::TantivyError::from)
            .and_then(|directory| Index::create(directory, schema::build(), schema::settings()))
            .map_err(|source| IndexError::Tantivy {
                context: format!("cannot create an index in {}", dir.display()),
                source,
            })?;
        let paths: Vec<&str> = corpus.files().iter().map(String::as_str).collect();
        let ingested = ingest(
            corpus,
            &index,
            options,
            &paths,
            &[],
            Writing::Build,
            on_event,
        )?;
        let entries = corpus
            .files()
            .iter()
            .zip(&ingested.states)
            .filter_map(|(path, state)| state.map(|(s, indexed)| (path.as_str(), s, indexed)));
        manifest::write(&dir, entries)?;
        // Per-file state for a million files is about 50 MB, not needed to open and check the
        // new generation (the build's peak is earlier, in the writer's last commit and merges).
        let mut ingested = ingested;
        ingested.states = Vec::new();
        Ok(ingested)
    })();
    let ingested = match result {
        Ok(ingested) => ingested,
        Err(e) => {
            generation::discard(&dir);
            return Err(e);
        }
    };
    if ingested.indexed == 0 && !corpus.files().is_empty() {
        generation::discard(&dir);
        return Err(IndexError::NothingIndexed {
            files: corpus.files().len(),
            problems: ingested.problems,
        });
    }
    let expected = ingested.indexed as u64;
    let kind = BuildKind::Full { reason };
    drop(lexicon);
    go_live(corpus, options, &name, expected, ingested, kind, started)
}

/// Checks the generation `name` (its statements must number `expected`), makes it live and
/// prunes the old ones; on a failed check the generation is discarded and the live one stays.
/// Reports what `ingested` did as `kind`, with the corpus' own problems (catalog lines)
/// before the files'.
pub(super) fn go_live(
    corpus: &Corpus,
    options: &IndexOptions,
    name: &str,
    expected: u64,
    ingested: Ingested,
    kind: BuildKind,
    started: Instant,
) -> Result<(Archive, BuildReport), IndexError> {
    let dir = generation::generation_dir(&options.index_dir, name);
    let fingerprint = super::fingerprint(options);
    if let Some((dictd_dir, path)) = missing_lexicon(options, &fingerprint) {
        write_lexicon(dictd_dir, &path);
    }
    let previous = generation::read_current(&options.index_dir)
        .ok()
        .flatten()
        .map(|pointer| pointer.name);
    // Check the generation before anything points to it.
    let pointer = Pointer {
        name: name.to_string(),
        fingerprint,
    };
    let archive = match Archive::open_generation(&options.index_dir, &pointer) {
        Ok(a) if a.num_docs() == expected => a,
        Ok(a) => {
            let found = a.num_docs();
            drop(a);
            generation::discard(&dir);
            return Err(IndexError::CountMismatch {
                expected: expected as usize,
                found,
            });
        }
        Err(e) => {
            generation::discard(&dir);
            return Err(e);
        }
    };
    pause_point(options, "manifested");
    generation::switch(&options.index_dir, &pointer)?;
    pause_point(options, "switched");
    generation::prune(&options.index_dir, name, previous.as_deref());
    let mut problems = corpus.problems().to_vec();
    problems.extend(ingested.problems);
    let report = BuildReport {
        generation: name.to_string(),
        kind,
        indexed: ingested.indexed,
        per_lang: ingested.per_lang,
        total: archive.num_docs(),
        problems,
        elapsed: started.elapsed(),
    };
    Ok((archive, report))
}

/// What reading a list of files into a writer did.
pub(super) struct Ingested {
    pub indexed: usize,
    pub per_lang: BTreeMap<Lang, usize>,
    pub problems: Vec<Problem>,
    /// Per file of the list, in its order: its state and whether it was indexed; `None` for a
    /// file that could not be read at all (it is tried again next time).
    pub states: Vec<Option<(FileState, bool)>>,
}

/// Opens a writer on `index`, deletes the statements with the ids in `delete`, parses
/// `paths` on rayon's pool into it, and commits.
pub(super) fn ingest(
    corpus: &Corpus,
    index: &Index,
    options: &IndexOptions,
    paths: &[&str],
    delete: &[crate::model::DocId],
    writing: Writing,
    on_event: &(dyn Fn(BuildEvent) + Sync),
) -> Result<Ingested, IndexError> {
    register_writer_analyzers(index);
    let fields = Fields::from_schema(&index.schema()).map_err(|source| IndexError::Tantivy {
        context: "schema is missing a field".into(),
        source,
    })?;
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(options.writer_threads, options.writer_memory)
        .map_err(|source| IndexError::Tantivy {
            context: "cannot start the index writer".into(),
            source,
        })?;
    writer.set_merge_policy(Box::new(BoundedMerges::new(
        Box::new(index.directory().clone()),
        writing,
    )));
    for id in delete {
        writer.delete_term(tantivy::Term::from_field_text(fields.id, id.as_str()));
    }

    on_event(BuildEvent::Started { files: paths.len() });
    let indexed = AtomicUsize::new(0);
    let per_lang: Mutex<BTreeMap<Lang, usize>> = Mutex::default();
    let problems: Mutex<Vec<Problem>> = Mutex::default();
    let add_failure: Mutex<Option<tantivy::TantivyError>> = Mutex::default();
    let states: Vec<Option<(FileState, bool)>> = paths
        .par_iter()
        .map(|path| {
            let read = corpus.read(path);
            let mut added = false;
            match read.parsed {
                Ok(statement) => {
                    let doc = to_document(&fields, &statement);
                    match writer.add_document(doc) {
                        Ok(_) => {
                            added = true;
                            indexed.fetch_add(1, Ordering::Relaxed);
                            if let Ok(mut m) = per_lang.lock() {
                                *m.entry(statement.lang).or_default() += 1;
                            }
                        }
                        Err(e) => {
                            if let Ok(mut slot) = add_failure.lock() {
                                slot.get_or_insert(e);
                            }
                        }
                    }
                }
                Err(problem) => {
                    if let Ok(mut p) = problems.lock() {
                        p.push(problem);
                    }
                }
            }
            on_event(BuildEvent::Parsed);
            read.state.map(|state| (state, added))
        })
        .collect();
    if let Some(source) = add_failure.into_inner().ok().flatten() {
        return Err(IndexError::Tantivy {
            context: "the index writer failed".into(),
            source,
        });
    }
    pause_point(options, "parsed");
    on_event(BuildEvent::Committing);
    // The last flushes are merged by `merge_leftovers`, all at once: a merge the policy
    // started now would be merged again there (without it a 100k build took 10–18% less).
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    writer.commit().map_err(|source| IndexError::Tantivy {
        context: "cannot commit the new index".into(),
        source,
    })?;
    writer
        .wait_merging_threads()
        .map_err(|source| IndexError::Tantivy {
            context: "index merge failed".into(),
            source,
        })?;
    merge_leftovers(index, writing)?;
    pause_point(options, "committed");
    let mut problems = problems.into_inner().unwrap_or_default();
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Ingested {
        indexed: indexed.into_inner(),
        per_lang: per_lang.into_inner().unwrap_or_default(),
        problems,
        states,
    })
}

/// Merges the small segments the merge policy left waiting for company, within its cap, with
/// a writer of its own (the build's writer cannot wait for its merges and go on merging).
fn merge_leftovers(index: &Index, writing: Writing) -> Result<(), IndexError> {
    let failed = |source| IndexError::Tantivy {
        context: "cannot merge the last segments".into(),
        source,
    };
    let policy = BoundedMerges::new(Box::new(index.directory().clone()), writing);
    let leftovers = policy.leftovers(&index.searchable_segment_metas().map_err(failed)?);
    if leftovers.is_empty() {
        return Ok(());
    }
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(1, MIN_WRITER_MEMORY)
        .map_err(failed)?;
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    for segments in leftovers {
        writer.merge(&segments).wait().map_err(failed)?;
    }
    writer.wait_merging_threads().map_err(failed)
}

/// The smallest budget tantivy's writer takes: the merging writer indexes nothing.
const MIN_WRITER_MEMORY: usize = 15_000_000;

/// Where the dictionaries are and where their lexicon goes, when there are dictionaries and
/// the index folder has no lexicon of them yet.
fn missing_lexicon<'a>(
    options: &'a IndexOptions,
    fingerprint: &str,
) -> Option<(&'a Path, PathBuf)> {
    let dictd_dir = options.dictd_dir.as_deref()?;
    let path = super::lexicon_path(&options.index_dir, super::dictionaries_of(fingerprint));
    (!path.exists()).then_some((dictd_dir, path))
}

/// A full build compiles the lexicon on a thread of its own while the corpus is read: after
/// it, one core idle, it was 2.3 s of a 100k build's 57. Dropping the job waits for it, so a
/// build that fails never leaves it half-written, and `go_live` writes it only if the thread
/// could not be started.
struct LexiconJob(Option<std::thread::JoinHandle<()>>);

impl LexiconJob {
    fn start(options: &IndexOptions) -> LexiconJob {
        let fingerprint = super::fingerprint(options);
        let Some((dictd_dir, path)) = missing_lexicon(options, &fingerprint) else {
            return LexiconJob(None);
        };
        let dictd_dir = dictd_dir.to_path_buf();
        // In a pool of its own: in the global one, its parallel parts would wait behind the
        // corpus's (at a million statements, until every file was read).
        let Ok(pool) = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "lexicon".into())
            .build()
        else {
            return LexiconJob(None);
        };
        let thread = std::thread::Builder::new()
            .name("lexicon".into())
            .spawn(move || pool.install(|| write_lexicon(&dictd_dir, &path)));
        LexiconJob(thread.ok())
    }
}

impl Drop for LexiconJob {
    fn drop(&mut self) {
        if let Some(thread) = self.0.take()
            && thread.join().is_err()
        {
            tracing::warn!("compiling the lexicon failed");
        }
    }
}

/// Compiles the installed dictionaries into the generation, when there are any. A failure
/// only costs cross-language recall, so it is logged, not fatal.
fn write_lexicon(dictd_dir: &Path, path: &Path) {
    match Lexicon::from_dictd_dir(dictd_dir) {
        Ok(Some(lexicon)) => {
            if let Err(e) = lexicon.write(path) {
                tracing::warn!("cannot write the lexicon: {e}");
            } else {
                tracing::info!("lexicon: {}", lexicon.summary());
            }
        }
        Ok(None) => tracing::info!(
            "no dictionaries in {}: cross-language search uses the thesaurus and gazetteer only",
            dictd_dir.display()
        ),
        Err(e) => tracing::warn!("cannot read the dictionaries: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_job_has_written_the_lexicon_once_dropped() {
        let dictionaries = tempfile::tempdir().expect("temp dir");
        crate::lexicon::fixtures::write_dict(
            dictionaries.path(),
            "freedict-eng-rus",
            &[("treaty", "treaty /x/\nдоговор\n")],
        );
        let index_dir = tempfile::tempdir().expect("temp dir");
        let mut options = IndexOptions::new(index_dir.path());
        options.dictd_dir = Some(dictionaries.path().to_path_buf());
        let fingerprint = super::super::fingerprint(&options);
        let (_, path) = missing_lexicon(&options, &fingerprint).expect("no lexicon yet");
        drop(LexiconJob::start(&options));
        assert!(missing_lexicon(&options, &fingerprint).is_none());
        let lexicon = Lexicon::read(&path).expect("the job's lexicon reads back");
        assert_eq!(
            lexicon.translate("treaty", Lang::En, Lang::Ru, 1),
            ["договор"]
        );
    }

    /// A results page reads its statements from blocks of the document store: a generation
    /// is built with the schema's small blocks, not tantivy's default.
    #[test]
    fn a_new_generation_stores_statements_in_the_schemas_blocks() {
        let corpus = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            corpus.path().join("en-1.txt"),
            "Statement\n\nThe delegation spoke on the treaty.",
        )
        .expect("write");
        let corpus = crate::corpus::Corpus::open(corpus.path()).expect("corpus opens");
        let index_dir = tempfile::tempdir().expect("temp dir");
        let options = IndexOptions::new(index_dir.path()).without_dictionaries();
        let (archive, _) = super::super::build(&corpus, &options, &|_| {}).expect("index builds");
        let built = archive.searcher().index().settings().docstore_blocksize;
        assert_eq!(built, schema::settings().docstore_blocksize);
        assert_ne!(built, tantivy::IndexSettings::default().docstore_blocksize);
    }
}
