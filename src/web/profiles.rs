//! A page per actor (`/actors/{id}`) and per topic (`/topics/{id}`), and their indexes: who
//! says what, when, and a way into their statements.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use super::error::{PageError, WebError};
use super::params::{Param, PathParams, SearchParams};
use super::state::AppState;
use super::timeline::{self, Timeline};
use super::view::{self, HitView, Label, Layout};
use crate::model::{Lang, Topic};
use crate::search::{self, FacetCount, SearchRequest, SearchResults, Sort};
use crate::vocab::gazetteer::Gazetteer;
use crate::vocab::thesaurus::Thesaurus;

/// Latest statements shown on a profile.
const LATEST: usize = 10;
/// Concepts listed on a topic page.
const CONCEPTS_SHOWN: usize = 16;

/// A linked name with a count.
pub struct Counted {
    pub label: Label,
    pub count: u64,
    pub url: String,
}

/// An actor's names in one language.
pub struct NamesIn {
    pub lang: &'static str,
    pub lang_name: &'static str,
    pub dir: &'static str,
    pub names: Vec<String>,
}

#[derive(Template)]
#[template(path = "actor.html")]
struct ActorPage {
    layout: Layout,
    id: String,
    name: Label,
    kind: &'static str,
    names: Vec<NamesIn>,
    total: usize,
    as_speaker: usize,
    any_url: String,
    speaker_url: String,
    timeline: Option<Timeline>,
    latest: Vec<HitView>,
    topics: Vec<Counted>,
}

pub async fn actor(
    State(state): State<AppState>,
    PathParams(raw_id): PathParams<String>,
) -> Result<Html<String>, PageError> {
    let missing = || WebError::not_found(format!("There is no actor “{raw_id}” in the archive."));
    let id = valid_id(&raw_id).ok_or_else(missing)?;
    let any = SearchRequest {
        actor: Some(id.clone()),
        sort: Some(Sort::Date),
        per_page: LATEST,
        ..SearchRequest::default()
    };
    let speaking = SearchRequest {
        actor: None,
        speaker: Some(id.clone()),
        per_page: 1,
        ..any.clone()
    };
    let (all, spoken) = state
        .blocking(move |a| -> Result<_, WebError> {
            Ok((search::search(a, &any)?, search::search(a, &speaking)?))
        })
        .await??;
    let known = Gazetteer::get().actor(&id);
    if known.is_none() && all.total == 0 {
        return Err(missing().into());
    }
    let name = match known {
        Some(actor) => actor.english_name().to_string(),
        None => all
            .hits
            .iter()
            .flat_map(|h| &h.statement.actors)
            .find(|a| a.id.as_str() == id)
            .map_or_else(|| id.clone(), |a| a.name.clone()),
    };
    let names = known.map_or_else(Vec::new, |actor| {
        Lang::ALL
            .into_iter()
            .filter_map(|lang| {
                let names: Vec<String> = actor
                    .names()
                    .filter(|(l, _)| *l == lang)
                    .map(|(_, n)| n.to_string())
                    .collect();
                (!names.is_empty()).then(|| NamesIn {
                    lang: lang.code(),
                    lang_name: lang.name(),
                    dir: view::dir(lang),
                    names,
                })
            })
            .collect()
    });
    let any_params = SearchParams::default().with(Param::Actor, Some(&id));
    let speaker_params = SearchParams::default().with(Param::Speaker, Some(&id));
    // What they speak on; for an actor who never speaks, what the statements naming them are on.
    let (topic_counts, topic_params) = if spoken.total > 0 {
        (&spoken.facets.topic, &speaker_params)
    } else {
        (&all.facets.topic, &any_params)
    };
    let page = ActorPage {
        layout: Layout::new(&state.assets).canonical(format!("/actors/{id}")),
        kind: known.map_or("Actor", |a| a.kind.label()),
        topics: counted(topic_counts, topic_params, Param::Topic),
        timeline: timeline::timeline(&all.facets.year, &any_params, "/search"),
        latest: all.hits.iter().map(HitView::new).collect(),
        total: all.total,
        as_speaker: spoken.total,
        any_url: any_params.url("/search"),
        speaker_url: speaker_params.url("/search"),
        names,
        name: Label::new(name),
        id,
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "actors.html")]
struct ActorsPage {
    layout: Layout,
    actors: Vec<ActorRow>,
}

pub struct ActorRow {
    pub name: Label,
    pub url: String,
    pub kind: &'static str,
    pub count: u64,
    pub as_speaker: u64,
}

/// `/actors`: every actor with statements, most statements first.
pub async fn actors(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let overview = state.blocking(search::overview).await??;
    let gazetteer = Gazetteer::get();
    let actors = overview
        .actor
        .iter()
        .map(|c| ActorRow {
            name: Label::new(c.label.as_str()),
            url: format!("/actors/{}", c.value),
            kind: gazetteer.actor(&c.value).map_or("", |a| a.kind.label()),
            count: c.count,
            as_speaker: overview
                .speaker
                .iter()
                .find(|s| s.value == c.value)
                .map_or(0, |s| s.count),
        })
        .collect();
    let page = ActorsPage {
        layout: Layout::new(&state.assets).canonical("/actors"),
        actors,
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "topic.html")]
struct TopicPage {
    layout: Layout,
    label: String,
    total: usize,
    search_url: String,
    timeline: Option<Timeline>,
    latest: Vec<HitView>,
    speakers: Vec<Counted>,
    languages: Vec<Counted>,
    concepts: Vec<Counted>,
}

pub async fn topic(
    State(state): State<AppState>,
    PathParams(raw_id): PathParams<String>,
) -> Result<Html<String>, PageError> {
    let topic = Topic::from_code(&raw_id)
        .ok_or_else(|| WebError::not_found(format!("There is no topic “{raw_id}”.")))?;
    let id = topic.code();
    let req = SearchRequest {
        topic: Some(id.to_string()),
        sort: Some(Sort::Date),
        per_page: LATEST,
        ..SearchRequest::default()
    };
    let results: SearchResults = state.search(req).await??;
    let params = SearchParams::default().with(Param::Topic, Some(id));
    let concepts = Thesaurus::get()
        .concepts()
        .filter(|c| c.topic == Some(topic))
        .take(CONCEPTS_SHOWN)
        .map(|c| Counted {
            label: Label::new(c.label()),
            count: 0,
            url: SearchParams::default()
                .with(Param::Q, Some(c.label()))
                .url("/search"),
        })
        .collect();
    let page = TopicPage {
        layout: Layout::new(&state.assets).canonical(format!("/topics/{id}")),
        label: topic.label().to_string(),
        total: results.total,
        search_url: params.url("/search"),
        timeline: timeline::timeline(&results.facets.year, &params, "/search"),
        latest: results.hits.iter().map(HitView::new).collect(),
        speakers: counted(&results.facets.speaker, &params, Param::Speaker),
        languages: counted(&results.facets.lang, &params, Param::Lang),
        concepts,
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "topics.html")]
struct TopicsPage {
    layout: Layout,
    topics: Vec<Counted>,
}

/// `/topics`: every topic with its count of statements.
pub async fn topics(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let overview = state.blocking(search::overview).await??;
    let topics = overview
        .topic
        .iter()
        .map(|c| Counted {
            label: Label::new(c.label.as_str()),
            count: c.count,
            url: format!("/topics/{}", c.value),
        })
        .collect();
    let page = TopicsPage {
        layout: Layout::new(&state.assets).canonical("/topics"),
        topics,
    };
    Ok(Html(page.render()?))
}

/// Facet counts as links to the search `base` narrowed by `name`.
fn counted(counts: &[FacetCount], base: &SearchParams, param: Param) -> Vec<Counted> {
    counts
        .iter()
        .map(|c| Counted {
            label: Label::new(c.label.as_str()),
            count: c.count,
            url: base.with(param, Some(&c.value)).url("/search"),
        })
        .collect()
}

/// Actor ids are slugs; anything else cannot name one.
fn valid_id(raw: &str) -> Option<String> {
    let ok = !raw.is_empty()
        && raw.len() <= 100
        && raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    ok.then(|| raw.to_string())
}
