//! Corpus → new index generation. Parsing runs on rayon's pool while tantivy's writer
//! threads index; nothing holds more than the writer's memory budget plus the documents
//! in flight, so a corpus of a million files builds in bounded memory.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tantivy::{Index, IndexWriter, TantivyDocument};

use super::document::to_document;
use super::generation::{self, Pointer};
use super::schema::{self, Fields};
use super::{Archive, IndexError, IndexOptions};
use crate::corpus::{Corpus, Problem};
use crate::lexicon::Lexicon;
use crate::model::Lang;

/// Progress events for whoever draws a progress bar (the CLI); the index knows no terminal.
#[derive(Debug, Clone)]
pub enum BuildEvent {
    Started { files: usize },
    Parsed,
    Committing,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub generation: String,
    pub indexed: usize,
    pub per_lang: BTreeMap<Lang, usize>,
    /// Files skipped and catalog problems, each with its reason.
    pub problems: Vec<Problem>,
    pub elapsed: Duration,
}

/// Builds a complete new generation from `corpus` and makes it live.
pub fn build(
    corpus: &Corpus,
    options: &IndexOptions,
    on_event: &(dyn Fn(BuildEvent) + Sync),
) -> Result<(Archive, BuildReport), IndexError> {
    let started = Instant::now();
    let fingerprint = super::fingerprint(corpus, options)?;
    std::fs::create_dir_all(&options.index_dir).map_err(|source| IndexError::Io {
        path: options.index_dir.clone(),
        source,
    })?;
    // One build at a time per index folder; held until the new generation is live and pruned.
    let _lock = generation::lock(&options.index_dir)?;
    let previous = generation::read_current(&options.index_dir)
        .ok()
        .flatten()
        .map(|pointer| pointer.name);
    let (name, dir) = generation::create(&options.index_dir)?;
    let result = write_generation(corpus, &dir, options, on_event);
    let (indexed, per_lang, mut problems) = match result {
        Ok(counts) => counts,
        Err(e) => {
            generation::discard(&dir);
            return Err(e);
        }
    };
    if let Some(dictd_dir) = &options.dictd_dir {
        let path = super::lexicon_path(&options.index_dir, super::dictionaries_of(&fingerprint));
        if !path.exists() {
            write_lexicon(dictd_dir, &path);
        }
    }
    if indexed == 0 && !corpus.files().is_empty() {
        generation::discard(&dir);
        return Err(IndexError::NothingIndexed {
            files: corpus.files().len(),
            problems,
        });
    }
    // Check the generation before anything points to it.
    let pointer = Pointer {
        name: name.clone(),
        fingerprint,
    };
    let archive = match Archive::open_generation(&options.index_dir, &pointer) {
        Ok(a) if a.num_docs() == indexed as u64 => a,
        Ok(a) => {
            generation::discard(&dir);
            return Err(IndexError::CountMismatch {
                expected: indexed,
                found: a.num_docs(),
            });
        }
        Err(e) => {
            generation::discard(&dir);
            return Err(e);
        }
    };
    generation::switch(&options.index_dir, &pointer)?;
    generation::prune(&options.index_dir, &name, previous.as_deref());
    problems.splice(0..0, corpus.problems().iter().cloned());
    let report = BuildReport {
        generation: name,
        indexed,
        per_lang,
        problems,
        elapsed: started.elapsed(),
    };
    Ok((archive, report))
}

type Counts = (usize, BTreeMap<Lang, usize>, Vec<Problem>);

fn write_generation(
    corpus: &Corpus,
    dir: &std::path::Path,
    options: &IndexOptions,
    on_event: &(dyn Fn(BuildEvent) + Sync),
) -> Result<Counts, IndexError> {
    let index =
        Index::create_in_dir(dir, schema::build()).map_err(|source| IndexError::Tantivy {
            context: format!("cannot create an index in {}", dir.display()),
            source,
        })?;
    super::concepts::register_for_writing(&index);
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

    on_event(BuildEvent::Started {
        files: corpus.files().len(),
    });
    let indexed = AtomicUsize::new(0);
    let per_lang: Mutex<BTreeMap<Lang, usize>> = Mutex::default();
    let problems: Mutex<Vec<Problem>> = Mutex::default();
    let add_failure: Mutex<Option<tantivy::TantivyError>> = Mutex::default();
    corpus.files().par_iter().for_each(|path| {
        match corpus.parse(path) {
            Ok(statement) => {
                let doc = to_document(&fields, &statement);
                match writer.add_document(doc) {
                    Ok(_) => {
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
    });
    if let Some(source) = add_failure.into_inner().ok().flatten() {
        return Err(IndexError::Tantivy {
            context: "the index writer failed".into(),
            source,
        });
    }
    on_event(BuildEvent::Committing);
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
    let mut problems = problems.into_inner().unwrap_or_default();
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((
        indexed.into_inner(),
        per_lang.into_inner().unwrap_or_default(),
        problems,
    ))
}

/// Compiles the installed dictionaries into the generation, when there are any. A failure
/// only costs cross-language recall, so it is logged, not fatal.
fn write_lexicon(dictd_dir: &std::path::Path, path: &std::path::Path) {
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
