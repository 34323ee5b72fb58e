//! What curators say about a document, and how it meets the text: front matter over the
//! catalog, field by field, and curated actors resolved through the gazetteer.

use super::catalog::{CatalogActor, Curation};
use crate::model::{ActorId, ActorRef, ActorRole, Provenance, slugify};
use crate::vocab::gazetteer::Gazetteer;

/// A document's curated values: its front matter, then its catalog row. Each field is taken from
/// the first that gives it, so a curator can correct one field in the file and leave the rest to
/// the catalog (or the text).
pub(super) struct Curations<'c> {
    pub front_matter: Option<&'c Curation>,
    pub catalog: Option<&'c Curation>,
}

impl<'c> Curations<'c> {
    /// The first curated value of a field, with where it came from.
    pub fn get<T>(&self, field: impl Fn(&'c Curation) -> Option<T>) -> Option<(T, Provenance)> {
        [
            (self.front_matter, Provenance::FrontMatter),
            (self.catalog, Provenance::Catalog),
        ]
        .into_iter()
        .find_map(|(curation, origin)| Some((field(curation?)?, origin)))
    }
}

/// Curated actor names through the gazetteer; a name it does not know keeps its own spelling
/// with a slug id, so the curation is never silently ignored. A curated role wins.
pub(super) fn catalog_actors(curated: &[CatalogActor]) -> Vec<ActorRef> {
    let mut res: Vec<ActorRef> = Vec::new();
    for CatalogActor { name, role } in curated {
        let role = role.unwrap_or(ActorRole::Speaker);
        let actor = match Gazetteer::get().resolve(name) {
            Some(actor) => actor.to_ref(role),
            None => ActorRef {
                id: catalog_actor_id(name),
                name: name.clone(),
                role,
            },
        };
        if !res.iter().any(|a| a.id == actor.id) {
            res.push(actor);
        }
    }
    res
}

/// The id a curated actor name gets: the gazetteer's, else a slug of the name.
pub(super) fn catalog_actor_id(name: &str) -> ActorId {
    match Gazetteer::get().resolve(name) {
        Some(actor) => actor.id.clone(),
        None => ActorId::new(slug_id(name)),
    }
}

/// A slug of the name; names without Latin letters or digits (Arabic, Russian) get a hash.
fn slug_id(name: &str) -> String {
    let slug = slugify(name, 60);
    if slug.is_empty() {
        format!("actor-{}", &blake3::hash(name.as_bytes()).to_hex()[..8])
    } else {
        slug
    }
}
