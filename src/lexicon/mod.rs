//! TEMPORARY stand-in until the lexicon branch is merged.
use crate::model::Lang;
pub struct Lexicon;
impl Lexicon {
    pub fn translate(&self, _word: &str, _from: Lang, _to: Lang, _limit: usize) -> Vec<&str> {
        Vec::new()
    }
}
pub const DEFAULT_DICTD_DIR: &str = "/usr/share/dictd";
impl Lexicon {
    pub fn from_dictd_dir(_dir: &std::path::Path) -> Result<Option<Lexicon>, std::io::Error> {
        Ok(None)
    }
    pub fn write(&self, _path: &std::path::Path) -> Result<(), std::io::Error> {
        Ok(())
    }
    pub fn read(_path: &std::path::Path) -> Result<Lexicon, std::io::Error> {
        Ok(Lexicon)
    }
    pub fn summary(&self) -> String {
        String::new()
    }
}
