//! The index: schema, building a generation from a corpus, and opening the live one.
//!
//! Architecture invariant: only this module writes under the index directory, and the live
//! index changes only through the atomic `CURRENT` switch in `generation`.

mod build;
pub mod concepts;
pub mod document;
mod generation;
pub mod live;
mod manifest;
mod merges;
pub mod ordinals;
mod release;
pub mod schema;
pub mod statistics;
mod update;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use tantivy::index::SegmentId;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

pub use build::{BuildEvent, BuildKind, BuildReport, PAUSE_ENV};
pub use generation::{BuildLock, Pointer, lock};
use schema::Fields;
pub use update::{Changes, Refreshed, Status, refresh, status};

use crate::analysis;
use crate::corpus::{Corpus, CorpusError, Problem};
use crate::lexicon::{self, Lexicon};
use crate::model::{DocId, Statement};
use crate::vocab::gazetteer::Gazetteer;

/// The compiled bilingual lexicon: one per index folder and set of installed dictionaries,
/// shared by the generations built from them (compiling it takes seconds).
fn lexicon_path(index_dir: &Path, dictionaries: &str) -> PathBuf {
    index_dir.join(format!("lexicon-{dictionaries}.bin"))
}

/// The dictionaries part of a generation's fingerprint (its last `-` field).
fn dictionaries_of(fingerprint: &str) -> &str {
    fingerprint.rsplit('-').next().unwrap_or_default()
}

/// Bump when the schema or the stored document shape changes: old generations are then rebuilt.
/// 10: the analyzers fold Persian ی and ک as alias matching does (`vocab::fold`).
/// 11: paragraphs are stored with where each ends (`paragraph_ends`), not split again.
/// 12: hyphenated compounds are indexed in their closed form too (`analysis::compounds`).
/// 13: acronyms the gazetteer and thesaurus name are indexed unstemmed, and stemmed beside
/// (`analysis::acronyms`).
/// 14: Russian ones however written.
/// 15: the body fields hold the title as a second value (`index::schema`); titles are not
/// stored twice.
/// 16: gazetteer names of several words are indexed as one token too
/// (`index::concepts::name_token`).
/// 17: the document store is compressed in blocks of 4 KiB (`schema::settings`).
pub const SCHEMA_VERSION: u32 = 17;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{context}: {source}")]
    Tantivy {
        context: String,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("cannot access {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a valid index pointer; delete it and re-index", .path.display())]
    BadPointer { path: PathBuf },
    #[error(
        "none of the {files} corpus files could be indexed; the previous index (if any) stays live"
    )]
    NothingIndexed {
        files: usize,
        problems: Vec<Problem>,
    },
    #[error("{} is damaged (line {line}); the index will be rebuilt", .path.display())]
    BadManifest { path: PathBuf, line: usize },
    #[error("the new index holds {found} documents instead of {expected}; it was discarded")]
    CountMismatch { expected: usize, found: u64 },
    #[error(transparent)]
    Corpus(#[from] CorpusError),
}

/// Where the index lives and how much the writer may use.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    pub index_dir: PathBuf,
    pub writer_threads: usize,
    /// tantivy's writer memory budget in bytes (shared by its threads).
    pub writer_memory: usize,
    /// Where the bilingual dictionaries are read from; `None` builds no lexicon.
    pub dictd_dir: Option<PathBuf>,
    /// A stage where a build stops for good (crash-safety tests; see [`PAUSE_ENV`]).
    pub pause_at: Option<String>,
}

impl IndexOptions {
    pub fn new(index_dir: impl Into<PathBuf>) -> IndexOptions {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .clamp(1, 8);
        IndexOptions {
            index_dir: index_dir.into(),
            writer_threads: threads,
            writer_memory: 64 * 1024 * 1024 * threads,
            dictd_dir: Some(PathBuf::from(lexicon::DEFAULT_DICTD_DIR)),
            pause_at: None,
        }
    }

    /// Builds without a lexicon (cross-language expansion then uses the thesaurus and
    /// gazetteer only): for tests and benchmarks that do not measure the dictionaries.
    pub fn without_dictionaries(mut self) -> IndexOptions {
        self.dictd_dir = None;
        self
    }
}

/// An open, searchable index generation.
pub struct Archive {
    /// The index folder the generation lives in.
    index_dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    pointer: Pointer,
    /// Word-by-word translations for cross-language expansion, when dictionaries were installed.
    lexicon: Option<Lexicon>,
    /// Per segment, the values of each filter field by dictionary ordinal (`FILTERS` order), so
    /// facet counts resolve ordinals without decompressing the dictionary on every search.
    filter_values: HashMap<SegmentId, Arc<FilterValues>>,
    /// Every segment's filter values merged, which the segments' ordinals map into.
    filter_dictionary: ordinals::FilterDictionary,
    /// Names of the actors the gazetteer does not know (a curator's own), by id.
    actor_labels: HashMap<String, String>,
    /// Every statement id, sorted, read on first use (the sitemap): the generation never
    /// changes while it is open, so one read serves every request.
    ids: OnceLock<Vec<DocId>>,
    /// Stored documents that could not be read back into statements since it opened
    /// ([`Archive::stored`]): each is left out of the page it was on, logged, and counted
    /// here for `/api/status`.
    unreadable: AtomicU64,
    /// Document and token counts BM25 reads, remembered ([`Archive::statistics`]).
    freqs: statistics::DocFreqs,
    /// Keeps the generation from being pruned while it is open here.
    _serving: Option<generation::Serving>,
}

/// The values of each filter field in one segment, by dictionary ordinal and by document.
pub type FilterValues = ordinals::SegmentFilters;

/// Reads the names of the actors the gazetteer does not know from every segment's
/// `actor_label` column: one entry per distinct actor, so small.
fn read_actor_labels(searcher: &Searcher) -> tantivy::Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    for reader in searcher.segment_readers() {
        let Some(column) = reader.fast_fields().str(schema::ACTOR_LABEL)? else {
            continue;
        };
        let mut terms = column.dictionary().stream()?;
        while terms.advance() {
            let entry = String::from_utf8_lossy(terms.key());
            if let Some((id, name)) = entry.split_once(schema::LABEL_SEPARATOR) {
                out.insert(id.to_string(), name.to_string());
            }
        }
    }
    Ok(out)
}

/// The filter values of every segment of a generation, by segment, and the dictionary of
/// them all.
type AllFilterValues = (
    HashMap<SegmentId, Arc<FilterValues>>,
    ordinals::FilterDictionary,
);

/// Reads every segment's filter dictionaries and ordinals once: the generation never
/// changes while it is open.
fn read_filter_values(searcher: &Searcher) -> tantivy::Result<AllFilterValues> {
    let mut ids = Vec::new();
    let mut segments = Vec::new();
    for reader in searcher.segment_readers() {
        ids.push(reader.segment_id());
        segments.push(ordinals::SegmentFilters::read(reader)?);
    }
    let dictionary = ordinals::FilterDictionary::merge(&mut segments);
    let by_segment = ids
        .into_iter()
        .zip(segments.into_iter().map(Arc::new))
        .collect();
    Ok((by_segment, dictionary))
}

impl Archive {
    fn open_generation(index_dir: &Path, pointer: &Pointer) -> Result<Archive, IndexError> {
        let dir = generation::generation_dir(index_dir, &pointer.name);
        let tantivy_err = |context: String| {
            move |source| IndexError::Tantivy {
                context: context.clone(),
                source,
            }
        };
        // Before anything is read: from here on no build prunes the generation.
        let serving = generation::serving(&dir);
        let index = Index::open_in_dir(&dir)
            .map_err(tantivy_err(format!("cannot open index {}", dir.display())))?;
        analysis::register(&index);
        let fields = Fields::from_schema(&index.schema())
            .map_err(tantivy_err("the index has an unexpected schema".into()))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(tantivy_err("cannot open an index reader".into()))?;
        let lexicon_path = lexicon_path(index_dir, dictionaries_of(&pointer.fingerprint));
        let lexicon = match lexicon_path.exists() {
            true => match Lexicon::read(&lexicon_path) {
                Ok(lexicon) => Some(lexicon),
                Err(e) => {
                    tracing::warn!(
                        "cannot read {}: {e}; searching without dictionaries",
                        lexicon_path.display()
                    );
                    None
                }
            },
            false => None,
        };
        let (filter_values, filter_dictionary) = read_filter_values(&reader.searcher())
            .map_err(tantivy_err("cannot read the filter fields".into()))?;
        let actor_labels = read_actor_labels(&reader.searcher())
            .map_err(tantivy_err("cannot read the actor names".into()))?;
        Ok(Archive {
            index_dir: index_dir.to_path_buf(),
            index,
            reader,
            fields,
            pointer: pointer.clone(),
            lexicon,
            filter_values,
            filter_dictionary,
            actor_labels,
            ids: OnceLock::new(),
            unreadable: AtomicU64::new(0),
            freqs: statistics::DocFreqs::default(),
            _serving: serving,
        })
    }

    /// The index folder this generation lives in.
    pub fn index_dir(&self) -> &Path {
        &self.index_dir
    }

    /// When the generation was made (its build or update started).
    pub fn built_at(&self) -> Option<std::time::SystemTime> {
        generation::made_at(&self.pointer.name)
    }

    /// Opens the live generation; `Ok(None)` when no index has been built yet.
    pub fn open(index_dir: &Path) -> Result<Option<Archive>, IndexError> {
        match generation::read_current(index_dir)? {
            Some(pointer) => Archive::open_generation(index_dir, &pointer).map(Some),
            None => Ok(None),
        }
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The English name of an actor id: the gazetteer's, or the name a curator gave an actor the
    /// gazetteer does not know; `None` for an id no statement has.
    pub fn actor_name(&self, id: &str) -> Option<&str> {
        match Gazetteer::get().actor(id) {
            Some(actor) => Some(actor.english_name()),
            None => self.actor_labels.get(id).map(String::as_str),
        }
    }

    /// Every statement id, sorted; read from the id column once, then kept.
    pub fn statement_ids(&self) -> Result<&[DocId], IndexError> {
        if let Some(ids) = self.ids.get() {
            return Ok(ids);
        }
        let ids = self.read_statement_ids()?;
        Ok(self.ids.get_or_init(|| ids))
    }

    /// Reads the ids from the id column's dictionaries (a generation is written once and
    /// never deletes, so the dictionaries hold exactly the live ids).
    fn read_statement_ids(&self) -> Result<Vec<DocId>, IndexError> {
        let tantivy_err = |source| IndexError::Tantivy {
            context: "cannot read the statement ids".into(),
            source,
        };
        let mut ids = Vec::with_capacity(self.num_docs() as usize);
        for reader in self.searcher().segment_readers() {
            let Some(column) = reader.fast_fields().str(schema::ID).map_err(tantivy_err)? else {
                continue;
            };
            let mut terms = column
                .dictionary()
                .stream()
                .map_err(|e| tantivy_err(e.into()))?;
            while terms.advance() {
                ids.extend(DocId::parse(&String::from_utf8_lossy(terms.key())));
            }
        }
        ids.sort();
        Ok(ids)
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The statistics scored searches read: `searcher`'s (this archive's), with each term's
    /// count read once for the life of the generation.
    pub fn statistics<'a>(&'a self, searcher: &'a Searcher) -> statistics::Statistics<'a> {
        statistics::Statistics {
            searcher,
            freqs: &self.freqs,
        }
    }

    pub fn pointer(&self) -> &Pointer {
        &self.pointer
    }

    pub fn lexicon(&self) -> Option<&Lexicon> {
        self.lexicon.as_ref()
    }

    /// The filter values and ordinals of one segment (see [`FilterValues`]), for collectors.
    /// The archive read every segment's when it opened, and its reader never reloads, so an
    /// unknown segment is an internal error.
    pub fn filter_values(&self, segment: SegmentId) -> tantivy::Result<Arc<FilterValues>> {
        self.filter_values.get(&segment).cloned().ok_or_else(|| {
            tantivy::TantivyError::InternalError(
                "a segment the archive did not see when it opened".into(),
            )
        })
    }

    /// Every value of each filter field in the generation, sorted: what the segments'
    /// [`FilterValues::global`] ordinals point into.
    pub fn filter_dictionary(&self) -> &ordinals::FilterDictionary {
        &self.filter_dictionary
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Loads one statement by id; `Ok(None)` when there is none.
    pub fn statement(&self, id: &DocId) -> Result<Option<Statement>, IndexError> {
        let searcher = self.searcher();
        let term = Term::from_field_text(self.fields.id, id.as_str());
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let hits = searcher
            .search(
                &query,
                &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
            )
            .map_err(|source| IndexError::Tantivy {
                context: "statement lookup failed".into(),
                source,
            })?;
        let Some((_, address)) = hits.into_iter().next() else {
            return Ok(None);
        };
        self.stored(&searcher, address, document::Body::Whole)
            .map_err(|source| IndexError::Tantivy {
                context: "cannot read a stored statement".into(),
                source,
            })
    }

    /// The statement stored at `address`, with as much of its body as `body` asks: the one
    /// way every page, list and export reads a stored statement. A document that is not one
    /// of ours (its metadata missing or unreadable; only a damaged or foreign index holds
    /// one) is `None`, logged with its address, and counted ([`Archive::unreadable`]).
    pub fn stored(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        body: document::Body,
    ) -> tantivy::Result<Option<Statement>> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let statement = document::from_document(&self.fields, &doc, body);
        if statement.is_none() {
            self.unreadable.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(
                generation = %self.pointer.name,
                segment = address.segment_ord,
                doc = address.doc_id,
                "a stored document is not a readable statement; it was left out"
            );
        }
        Ok(statement)
    }

    /// How many stored documents [`Archive::stored`] could not read since the archive opened.
    pub fn unreadable(&self) -> u64 {
        self.unreadable.load(Ordering::Relaxed)
    }
}

/// What an index must have been built with for its statements to be what parsing would make
/// of the same files today: the schema version, the parser's fingerprint and the installed
/// dictionaries (`s<schema>-<parser>-<dictionaries>`). When it differs, an update will not do.
pub fn fingerprint(options: &IndexOptions) -> String {
    let dictionaries = options
        .dictd_dir
        .as_deref()
        .map_or_else(|| "nodict".to_string(), dictionaries_fingerprint);
    format!(
        "s{SCHEMA_VERSION}-{}-{dictionaries}",
        crate::corpus::parser_fingerprint()
    )
}

/// Names, sizes and times of the installed dictionaries, so installing or upgrading them
/// rebuilds the index with a new lexicon. Cheap: no file is read.
fn dictionaries_fingerprint(dir: &Path) -> String {
    let mut entries: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            let meta = e.metadata().ok()?;
            let modified = meta
                .modified()
                .ok()?
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?;
            Some(format!("{name}:{}:{}", meta.len(), modified.as_secs()))
        })
        .collect();
    entries.sort();
    blake3::hash(entries.join("\n").as_bytes()).to_hex()[..8].to_string()
}

/// Opens the live index when it was built from this corpus as it is now; otherwise applies
/// the corpus' changes to it, or builds a new one when it must (the report says why).
/// Returns the build report when it indexed anything.
pub fn ensure(
    corpus: &Corpus,
    options: &IndexOptions,
    on_event: &(dyn Fn(BuildEvent) + Sync),
) -> Result<(Archive, Option<BuildReport>), IndexError> {
    match update::refresh(corpus, options, on_event)? {
        Refreshed::Current(pointer) => {
            let archive = Archive::open_generation(&options.index_dir, &pointer)?;
            Ok((archive, None))
        }
        Refreshed::Built(archive, report) => Ok((*archive, Some(report))),
    }
}

/// Builds a new generation from every file unconditionally and makes it live.
pub fn build(
    corpus: &Corpus,
    options: &IndexOptions,
    on_event: &(dyn Fn(BuildEvent) + Sync),
) -> Result<(Archive, BuildReport), IndexError> {
    build::build(corpus, options, "asked for".to_string(), on_event)
}
