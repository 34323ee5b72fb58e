//! The index schema: field names as consts and a `Fields` struct of handles.
//!
//! Text is indexed in one field per analysis slot (English, Arabic, Russian, other), so each
//! language gets its own analyzer and a query is analysed once per slot by tantivy's
//! `QueryParser`: one search box serves every language.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis;
use crate::model::Lang;

pub const ID: &str = "id";
pub const PATH: &str = "path";
/// Days since 1970-01-01 of the statement's own date; absent when the text states none.
pub const DATE: &str = "date";
/// Newest-first ordering: the date, or 1 July of the year when only the year is known.
pub const SORT_DATE: &str = "sort_date";
/// The filter fields: untokenised strings, indexed for filtering (and for `actor:russia` in a
/// query) and columnar (fast) so facet counts read ordinals instead of documents.
pub const LANG: &str = "lang";
pub const ACTOR: &str = "actor";
pub const YEAR: &str = "year";
pub const SOURCE: &str = "source";
/// Thesaurus topic ids (`nuclear`, `space-security`).
pub const TOPIC: &str = "topic";
/// The actors that make the statement (a subset of `actor`, which holds every role).
pub const SPEAKER: &str = "speaker";
/// The document type's code (`speech`, `news-report`).
pub const TYPE: &str = "type";
/// The filter fields, in the order facets are shown.
pub const FILTERS: [&str; 7] = [LANG, ACTOR, SPEAKER, YEAR, SOURCE, TOPIC, TYPE];
/// `id` and name, joined by [`LABEL_SEPARATOR`], of each actor the gazetteer does not know (a
/// curator's own actor): the facet and page label for its `actor-…` id.
pub const ACTOR_LABEL: &str = "actor_label";
pub const LABEL_SEPARATOR: char = '\u{1F}';
/// How much a query word found in a statement's actors' names weighs, against 1 in its text.
pub const ACTOR_NAMES_BOOST: f32 = 1.5;
/// Every alias (all scripts) of the statement's actors, so `Захарова` finds an English statement.
pub const ACTOR_NAMES: &str = "actor_names";
/// The catalog's `parallel_group`: translations of one document share it.
pub const GROUP: &str = "group";
/// The statement's metadata as stored JSON (see `index::document`).
pub const META: &str = "meta";
/// Arabic bodies again, as word forms (not stemmed): lets a search rank the form it asked for
/// above other words of the same stem (الإرهاب above الإرهابية).
pub const BODY_AR_FORMS: &str = "body_ar_forms";
/// The weight of the word-forms field against the stemmed body (1.0).
pub const FORMS_BOOST: f32 = 0.5;
/// The weight of a title field against the body (1.0), given when the best matches are
/// rescored (`search::rescore`): the body fields hold the title too, so matching reads one
/// field per language.
pub const TITLE_BOOST: f32 = 2.0;

/// The analysis slots: each has a title and a body field analysed with its own chain. The body
/// field holds the title as a second value, so a search matches one field per language and
/// word (two, a union per word, were a tenth of a search at 1M statements, issue 13); the
/// title field scores the title's weight over the best matches only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    En,
    Ar,
    Ru,
    Other,
}

impl Slot {
    pub const ALL: [Slot; 4] = [Slot::En, Slot::Ar, Slot::Ru, Slot::Other];

    pub fn of(lang: Lang) -> Slot {
        match lang {
            Lang::En => Slot::En,
            Lang::Ar => Slot::Ar,
            Lang::Ru => Slot::Ru,
            _ => Slot::Other,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Slot::En => "en",
            Slot::Ar => "ar",
            Slot::Ru => "ru",
            Slot::Other => "other",
        }
    }

    fn analyzer(self) -> &'static str {
        match self {
            Slot::En => analysis::EN,
            Slot::Ar => analysis::AR,
            Slot::Ru => analysis::RU,
            Slot::Other => analysis::DEFAULT,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Handles to every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    pub id: Field,
    pub path: Field,
    pub date: Field,
    pub sort_date: Field,
    pub lang: Field,
    pub actor: Field,
    pub year: Field,
    pub source: Field,
    pub topic: Field,
    pub speaker: Field,
    pub doc_type: Field,
    pub actor_names: Field,
    pub actor_label: Field,
    pub group: Field,
    pub meta: Field,
    pub body_ar_forms: Field,
    title: [Field; 4],
    body: [Field; 4],
}

impl Fields {
    /// The filter fields with their names, in `FILTERS` order.
    pub fn filters(&self) -> [(&'static str, Field); 7] {
        [
            (LANG, self.lang),
            (ACTOR, self.actor),
            (SPEAKER, self.speaker),
            (YEAR, self.year),
            (SOURCE, self.source),
            (TOPIC, self.topic),
            (TYPE, self.doc_type),
        ]
    }

    pub fn title(&self, slot: Slot) -> Field {
        self.title[slot.index()]
    }

    pub fn body(&self, slot: Slot) -> Field {
        self.body[slot.index()]
    }

    /// The searchable fields but the actors' names: a statement's own words.
    pub fn in_text(&self) -> Vec<(Field, f32)> {
        let mut out = self.searchable();
        out.retain(|(field, _)| *field != self.actor_names);
        out
    }

    /// Every text field a free-text query matches in, with its boost (titles are in the
    /// bodies).
    pub fn searchable(&self) -> Vec<(Field, f32)> {
        let mut out: Vec<(Field, f32)> = Slot::ALL.iter().map(|&s| (self.body(s), 1.0)).collect();
        out.push((self.actor_names, ACTOR_NAMES_BOOST));
        out.push((self.body_ar_forms, FORMS_BOOST));
        out
    }

    /// Looks the fields up by name in an opened index's schema.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let get = |name: &str| schema.get_field(name);
        let per_slot = |prefix: &str| -> tantivy::Result<[Field; 4]> {
            Ok([
                get(&format!("{prefix}_{}", Slot::En.suffix()))?,
                get(&format!("{prefix}_{}", Slot::Ar.suffix()))?,
                get(&format!("{prefix}_{}", Slot::Ru.suffix()))?,
                get(&format!("{prefix}_{}", Slot::Other.suffix()))?,
            ])
        };
        Ok(Fields {
            id: get(ID)?,
            path: get(PATH)?,
            date: get(DATE)?,
            sort_date: get(SORT_DATE)?,
            lang: get(LANG)?,
            actor: get(ACTOR)?,
            year: get(YEAR)?,
            source: get(SOURCE)?,
            topic: get(TOPIC)?,
            speaker: get(SPEAKER)?,
            doc_type: get(TYPE)?,
            actor_names: get(ACTOR_NAMES)?,
            actor_label: get(ACTOR_LABEL)?,
            group: get(GROUP)?,
            meta: get(META)?,
            body_ar_forms: get(BODY_AR_FORMS)?,
            title: per_slot("title")?,
            body: per_slot("body")?,
        })
    }
}

/// Bytes of stored documents compressed together. A results page reads ten statements, each
/// from its own block, and a block is decompressed whole: at tantivy's default of 16 KiB two
/// or three statements came out for each one read. At 4 KiB a block holds about one
/// statement: reading a page's statements took 0.18 ms at 100k statements, 0.12 ms after,
/// for a store 5% larger.
const STORE_BLOCK_BYTES: usize = 4 * 1024;

/// The index settings every generation is created with.
pub fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_blocksize: STORE_BLOCK_BYTES,
        ..tantivy::IndexSettings::default()
    }
}

/// Builds the schema. Bodies are stored so snippets and statement pages need no corpus access.
pub fn build() -> Schema {
    let mut b = Schema::builder();
    // Fast, so the sitemap lists every id from the column dictionaries without reading documents.
    b.add_text_field(ID, STRING | STORED | FAST);
    b.add_text_field(PATH, STRING | STORED);
    b.add_i64_field(DATE, INDEXED | FAST | STORED);
    b.add_i64_field(SORT_DATE, FAST);
    for name in FILTERS {
        b.add_text_field(name, STRING | FAST);
    }
    b.add_text_field(ACTOR_NAMES, text_options(analysis::NAMES, false));
    b.add_text_field(ACTOR_LABEL, FAST);
    b.add_text_field(GROUP, STRING);
    b.add_text_field(META, STORED);
    b.add_text_field(BODY_AR_FORMS, text_options(analysis::AR_FORMS, false));
    // Titles are read back from the stored metadata (`index::document`), so only bodies are
    // stored.
    for (prefix, stored) in [("title", false), ("body", true)] {
        for slot in Slot::ALL {
            b.add_text_field(
                &format!("{prefix}_{}", slot.suffix()),
                text_options(slot.analyzer(), stored),
            );
        }
    }
    b.build()
}

fn text_options(analyzer: &str, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(analyzer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}
