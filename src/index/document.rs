//! `Statement` ↔ tantivy document. The stored metadata is a private JSON DTO so the
//! model stays free of serde and the stored shape can evolve with `SCHEMA_VERSION`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use tantivy::TantivyDocument;
use tantivy::schema::Value;

use super::schema::{Fields, LABEL_SEPARATOR, Slot};
use crate::model::{
    ActorId, ActorRef, ActorRole, DocId, DocType, FieldProvenance, GroupId, Lang, Paragraph,
    Statement, Topic,
};
use crate::vocab::gazetteer::Gazetteer;

#[derive(Serialize, Deserialize)]
struct StoredMeta {
    id: String,
    path: String,
    lang: String,
    title: String,
    date: Option<NaiveDate>,
    #[serde(default)]
    year: Option<i32>,
    source: Option<String>,
    source_url: Option<String>,
    place: Option<String>,
    actors: Vec<StoredActor>,
    parallel_group: Option<String>,
    doc_symbol: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    doc_type: Option<String>,
    /// Where each paragraph ends in the stored body (a byte offset; the next one starts two
    /// bytes on, after the blank line between them), so paragraphs are read back as they were
    /// parsed rather than split again.
    paragraph_ends: Vec<u32>,
}

#[derive(Serialize, Deserialize)]
struct StoredActor {
    id: String,
    name: String,
    role: String,
}

/// Days since the Unix epoch: the indexed form of a date (sortable, range-queryable).
pub fn date_to_days(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - i64::from(EPOCH_DAYS_FROM_CE)
}

pub fn days_to_date(days: i64) -> Option<NaiveDate> {
    let from_ce = i32::try_from(days + i64::from(EPOCH_DAYS_FROM_CE)).ok()?;
    NaiveDate::from_num_days_from_ce_opt(from_ce)
}

/// `NaiveDate::from_ymd(1970, 1, 1).num_days_from_ce()`.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// Turns a statement into the document the index stores.
pub fn to_document(fields: &Fields, st: &Statement) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, st.id.as_str());
    doc.add_text(fields.path, &st.path);
    let slot = Slot::of(st.lang);
    doc.add_text(fields.title(slot), &st.title);
    let body = st.body();
    let paragraph_ends = paragraph_ends(&st.paragraphs);
    if slot == Slot::Ar {
        doc.add_text(fields.body_ar_forms, &body);
    }
    doc.add_text(fields.body(slot), body);
    // Second, so the stored body is the field's first value (`from_document`).
    doc.add_text(fields.body(slot), &st.title);
    doc.add_text(fields.lang, st.lang.code());
    if let Some(date) = st.date {
        doc.add_i64(fields.date, date_to_days(date));
    }
    let sort_date = st
        .date
        .or_else(|| st.year.and_then(|y| NaiveDate::from_ymd_opt(y, 7, 1)));
    if let Some(sort_date) = sort_date {
        doc.add_i64(fields.sort_date, date_to_days(sort_date));
    }
    if let Some(year) = st.date.map(|d| d.year()).or(st.year) {
        doc.add_text(fields.year, year.to_string());
    }
    if let Some(group) = &st.parallel_group {
        doc.add_text(fields.group, group.as_str());
    }
    if let Some(source) = &st.source {
        doc.add_text(fields.source, source);
    }
    for topic in &st.topics {
        doc.add_text(fields.topic, topic.code());
    }
    if let Some(doc_type) = st.doc_type {
        doc.add_text(fields.doc_type, doc_type.code());
    }
    let gazetteer = Gazetteer::get();
    for actor in &st.actors {
        doc.add_text(fields.actor, actor.id.as_str());
        if actor.role == ActorRole::Speaker {
            doc.add_text(fields.speaker, actor.id.as_str());
        }
        doc.add_text(fields.actor_names, &actor.name);
        match gazetteer.actor(actor.id.as_str()) {
            Some(known) => {
                for (_, name) in known.names() {
                    doc.add_text(fields.actor_names, name);
                }
            }
            None => doc.add_text(
                fields.actor_label,
                format!("{}{LABEL_SEPARATOR}{}", actor.id.as_str(), actor.name),
            ),
        }
    }
    let meta = StoredMeta {
        id: st.id.to_string(),
        path: st.path.clone(),
        lang: st.lang.code().to_string(),
        title: st.title.clone(),
        date: st.date,
        year: st.year,
        source: st.source.clone(),
        source_url: st.source_url.clone(),
        place: st.place.clone(),
        actors: st
            .actors
            .iter()
            .map(|a| StoredActor {
                id: a.id.to_string(),
                name: a.name.clone(),
                role: a.role.code().to_string(),
            })
            .collect(),
        parallel_group: st.parallel_group.as_ref().map(GroupId::to_string),
        doc_symbol: st.doc_symbol.clone(),
        topics: st.topics.iter().map(|t| t.code().to_string()).collect(),
        doc_type: st.doc_type.map(|t| t.code().to_string()),
        paragraph_ends,
    };
    // Serialising plain strings and options cannot fail.
    let json = serde_json::to_string(&meta).unwrap_or_default();
    doc.add_text(fields.meta, json);
    doc
}

/// How much of a stored body a reader needs: splitting a long body into paragraphs costs
/// more than reading its metadata, and lists and exports print none of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    Whole,
    /// The first paragraph only (a feed's summary).
    First,
    /// No paragraphs.
    Skip,
}

/// Reads a stored document back into a statement, with as much of its body as `body` asks.
/// `None` when the document is not one of ours (missing or unreadable metadata), which only
/// a foreign index could produce.
pub fn from_document(fields: &Fields, doc: &TantivyDocument, body: Body) -> Option<Statement> {
    let meta: StoredMeta = serde_json::from_str(doc.get_first(fields.meta)?.as_str()?).ok()?;
    let lang = Lang::from_code(&meta.lang).unwrap_or(Lang::Und);
    let text = || {
        doc.get_first(fields.body(Slot::of(lang)))
            .and_then(|v| v.as_str())
            .unwrap_or_default()
    };
    let wanted = match body {
        Body::Whole => meta.paragraph_ends.len(),
        Body::First => 1,
        Body::Skip => 0,
    };
    let paragraphs = stored_paragraphs(
        text(),
        &meta.paragraph_ends[..wanted.min(meta.paragraph_ends.len())],
    )?;
    Some(Statement {
        id: DocId::parse(&meta.id)?,
        path: meta.path,
        lang,
        title: meta.title,
        date: meta.date,
        year: meta.year,
        source: meta.source,
        source_url: meta.source_url,
        place: meta.place,
        actors: meta
            .actors
            .into_iter()
            .map(|a| ActorRef {
                id: ActorId::new(a.id),
                name: a.name,
                role: ActorRole::from_code(&a.role).unwrap_or(ActorRole::Mentioned),
            })
            .collect(),
        paragraphs,
        parallel_group: meta.parallel_group.map(GroupId::new),
        doc_symbol: meta.doc_symbol,
        // Neither is stored: only `check`, which reads the corpus itself, reports them.
        warnings: Vec::new(),
        provenance: FieldProvenance::default(),
        topics: meta
            .topics
            .iter()
            .filter_map(|code| Topic::from_code(code))
            .collect(),
        doc_type: meta.doc_type.as_deref().and_then(DocType::from_code),
    })
}

/// Where each paragraph ends in [`Statement::body`], which joins them with a blank line.
fn paragraph_ends(paragraphs: &[Paragraph]) -> Vec<u32> {
    let mut end = 0;
    paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            end += p.text.len() + if i > 0 { 2 } else { 0 };
            u32::try_from(end).unwrap_or(u32::MAX)
        })
        .collect()
}

/// The paragraphs of a stored body that end at `ends`; `None` when an end does not fall on the
/// body's character boundaries (a document not written by [`to_document`]).
fn stored_paragraphs(body: &str, ends: &[u32]) -> Option<Vec<Paragraph>> {
    let mut start = 0;
    let mut out = Vec::with_capacity(ends.len());
    for (i, &end) in ends.iter().enumerate() {
        let end = end as usize;
        out.push(Paragraph {
            n: i + 1,
            text: body.get(start..end)?.to_string(),
        });
        start = end + 2;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_read_back_as_they_were_stored() {
        let texts = ["First, with a line\nbreak.", "Второй.", "", "الثالث"];
        let paragraphs: Vec<Paragraph> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Paragraph {
                n: i + 1,
                text: t.to_string(),
            })
            .collect();
        let body = paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        let ends = paragraph_ends(&paragraphs);
        assert_eq!(stored_paragraphs(&body, &ends), Some(paragraphs.clone()));
        assert_eq!(
            stored_paragraphs(&body, &ends[..1]).map(|p| p.len()),
            Some(1),
            "the first paragraph alone"
        );
        let inside_a_letter = texts[0].len() as u32 + 3;
        assert_eq!(
            stored_paragraphs(&body, &[inside_a_letter]),
            None,
            "an end inside a letter: not a document of ours"
        );
    }

    #[test]
    fn dates_round_trip_through_days() {
        let d = NaiveDate::from_ymd_opt(2023, 6, 20).expect("valid date");
        assert_eq!(days_to_date(date_to_days(d)), Some(d));
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
        assert_eq!(date_to_days(epoch), 0);
    }
}
