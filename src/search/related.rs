//! A statement's translations (the catalog's parallel group, or detected: another language,
//! the same date, a shared actor and a strong overlap of concepts) and related statements
//! (more like this, in its own language).

use std::collections::BTreeSet;
use std::ops::Bound;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue};
use tantivy::{DocAddress, Term};

use super::SearchError;
use crate::index::Archive;
use crate::index::document::{Body, date_to_days};
use crate::index::schema::Slot;
use crate::model::{DocId, Lang, Statement};
use crate::vocab::thesaurus::Thesaurus;

/// Share of concepts two texts must have in common (Jaccard) to count as translations.
const MIN_CONCEPT_OVERLAP: f64 = 0.3;
const MAX_TRANSLATIONS: usize = 10;

/// Another statement, as a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub id: DocId,
    pub lang: Lang,
    pub title: String,
}

impl Link {
    fn of(st: &Statement) -> Link {
        Link {
            id: st.id.clone(),
            lang: st.lang,
            title: st.title.clone(),
        }
    }
}

/// How many related statements a statement page lists.
pub const RELATED: usize = 5;

/// A statement's translations and related statements.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Neighbours {
    pub translations: Vec<Link>,
    pub related: Vec<Link>,
}

pub fn neighbours(archive: &Archive, st: &Statement) -> Result<Neighbours, SearchError> {
    let translations = translations(archive, st)?;
    let related = related(archive, st, &translations, RELATED)?;
    Ok(Neighbours {
        translations,
        related,
    })
}

/// The statement in other languages, ordered by language.
pub fn translations(archive: &Archive, st: &Statement) -> Result<Vec<Link>, SearchError> {
    let fields = archive.fields();
    let mut links: Vec<Link> = if let Some(group) = &st.parallel_group {
        let query = TermQuery::new(
            Term::from_field_text(fields.group, group.as_str()),
            IndexRecordOption::Basic,
        );
        load(archive, &query, MAX_TRANSLATIONS + 1)?
            .into_iter()
            .filter(|other| other.id != st.id)
            .map(|other| Link::of(&other))
            .collect()
    } else {
        detected(archive, st)?
    };
    links.sort_by(|a, b| a.lang.cmp(&b.lang).then_with(|| a.title.cmp(&b.title)));
    Ok(links)
}

/// Without a catalog group: statements in another language of the same date that share an
/// actor and most of their concepts.
fn detected(archive: &Archive, st: &Statement) -> Result<Vec<Link>, SearchError> {
    let Some(date) = st.date else {
        return Ok(Vec::new());
    };
    if st.actors.is_empty() {
        return Ok(Vec::new());
    }
    let fields = archive.fields();
    let day = Term::from_field_i64(fields.date, date_to_days(date));
    let actors: Vec<Box<dyn Query>> = st
        .actors
        .iter()
        .map(|a| {
            Box::new(TermQuery::new(
                Term::from_field_text(fields.actor, a.id.as_str()),
                IndexRecordOption::Basic,
            )) as Box<dyn Query>
        })
        .collect();
    let query = BooleanQuery::new(vec![
        (
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Included(day.clone()),
                Bound::Included(day),
            )),
        ),
        (Occur::Must, Box::new(BooleanQuery::union(actors))),
        (
            Occur::MustNot,
            Box::new(TermQuery::new(
                Term::from_field_text(fields.lang, st.lang.code()),
                IndexRecordOption::Basic,
            )),
        ),
    ]);
    let own = concepts(st);
    Ok(load(archive, &query, MAX_TRANSLATIONS)?
        .into_iter()
        .filter(|other| jaccard(&own, &concepts(other)) >= MIN_CONCEPT_OVERLAP)
        .map(|other| Link::of(&other))
        .collect())
}

/// A few statements most like this one, in its language, translations left out.
pub fn related(
    archive: &Archive,
    st: &Statement,
    exclude: &[Link],
    limit: usize,
) -> Result<Vec<Link>, SearchError> {
    let fields = archive.fields();
    let slot = Slot::of(st.lang);
    let query = MoreLikeThisQuery::builder()
        .with_min_doc_frequency(2)
        .with_min_term_frequency(2)
        .with_max_query_terms(25)
        .with_min_word_length(3)
        .with_document_fields(vec![
            (fields.title(slot), vec![OwnedValue::Str(st.title.clone())]),
            (fields.body(slot), vec![OwnedValue::Str(st.body())]),
        ]);
    Ok(load(archive, &query, limit + 1 + exclude.len())?
        .into_iter()
        .filter(|other| other.id != st.id && !exclude.iter().any(|l| l.id == other.id))
        .take(limit)
        .map(|other| Link::of(&other))
        .collect())
}

fn load(archive: &Archive, query: &dyn Query, limit: usize) -> Result<Vec<Statement>, SearchError> {
    let searcher = archive.searcher();
    let top: Vec<(f32, DocAddress)> =
        searcher.search(query, &TopDocs::with_limit(limit).order_by_score())?;
    let mut out = Vec::with_capacity(top.len());
    for (_, address) in top {
        // Listed by title: no paragraphs.
        out.extend(archive.stored(&searcher, address, Body::Skip)?);
    }
    Ok(out)
}

fn concepts(st: &Statement) -> BTreeSet<String> {
    let text = format!("{}\n{}", st.title, st.body());
    Thesaurus::get()
        .find(&text)
        .into_iter()
        .map(|m| m.concept.id.clone())
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}
