//! TEMPORARY stand-in until the gazetteer branch is merged.
use crate::model::*;
pub struct Actor {
    pub id: ActorId,
    pub kind: ActorKind,
    names: Vec<(Lang, String)>,
}
impl Actor {
    pub fn english_name(&self) -> &str {
        &self.names[0].1
    }
    pub fn names(&self) -> impl Iterator<Item = (Lang, &str)> {
        self.names.iter().map(|(l, n)| (*l, n.as_str()))
    }
}
pub struct Gazetteer {
    actors: Vec<Actor>,
}
static G: std::sync::LazyLock<Gazetteer> =
    std::sync::LazyLock::new(|| Gazetteer { actors: vec![] });
impl Gazetteer {
    pub fn get() -> &'static Gazetteer {
        &G
    }
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id.0 == id)
    }
}
