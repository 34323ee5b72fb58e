//! TEMPORARY stand-in until the corpus branch is merged.
pub mod gazetteer;
use crate::model::*;
use std::path::{Path, PathBuf};
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("not a directory: {}", .0.display())]
    NotADirectory(PathBuf),
}
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: String,
    pub reason: String,
}
pub struct Corpus {
    root: PathBuf,
    files: Vec<String>,
}
impl Corpus {
    pub fn open(root: &Path) -> Result<Corpus, CorpusError> {
        if !root.is_dir() {
            return Err(CorpusError::NotADirectory(root.into()));
        }
        let mut files = Vec::new();
        for e in walkdir::WalkDir::new(root).into_iter().flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                files.push(
                    e.path()
                        .strip_prefix(root)
                        .unwrap_or(e.path())
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
        files.sort();
        Ok(Corpus {
            root: root.into(),
            files,
        })
    }
    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn files(&self) -> &[String] {
        &self.files
    }
    pub fn problems(&self) -> &[Problem] {
        &[]
    }
    pub fn parse(&self, rel: &str) -> Result<Statement, Problem> {
        let bytes = std::fs::read(self.root.join(rel)).map_err(|e| Problem {
            path: rel.into(),
            reason: e.to_string(),
        })?;
        let text = String::from_utf8(bytes).map_err(|_| Problem {
            path: rel.into(),
            reason: "not valid UTF-8".into(),
        })?;
        if text.trim().is_empty() {
            return Err(Problem {
                path: rel.into(),
                reason: "empty".into(),
            });
        }
        let lang = if text.chars().any(|c| ('\u{600}'..'\u{6ff}').contains(&c)) {
            Lang::Ar
        } else if text.chars().any(|c| ('\u{400}'..'\u{4ff}').contains(&c)) {
            Lang::Ru
        } else {
            Lang::En
        };
        let paragraphs = paragraphs_of(&text.replace('\n', "\n\n"));
        Ok(Statement {
            id: DocId::from_path(rel),
            path: rel.into(),
            lang,
            title: paragraphs
                .first()
                .map(|p| p.text.chars().take(80).collect())
                .unwrap_or_default(),
            date: None,
            source: None,
            source_url: None,
            place: None,
            actors: vec![],
            paragraphs,
            parallel_group: None,
            doc_symbol: None,
            warnings: vec![],
        })
    }
    pub fn fingerprint(&self) -> Result<String, CorpusError> {
        let mut h = blake3::Hasher::new();
        for f in &self.files {
            h.update(f.as_bytes());
            if let Ok(m) = std::fs::metadata(self.root.join(f)) {
                h.update(&m.len().to_le_bytes());
                if let Ok(t) = m.modified() {
                    h.update(format!("{t:?}").as_bytes());
                }
            }
        }
        Ok(h.finalize().to_hex()[..16].to_string())
    }
}
