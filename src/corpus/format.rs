//! The kinds of file a corpus holds, told by extension: plain text, HTML pages and PDFs.

use std::path::Path;

/// How a file's bytes become a statement's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`: the text itself (with optional front matter).
    Text,
    /// `.html`, `.htm`: a web page, read by [`super::html`].
    Html,
    /// `.pdf`: read by [`super::pdf`].
    Pdf,
}

impl Format {
    /// The format of a corpus file by its extension (any case); `None` for anything else.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Text),
            "html" | "htm" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// Bigger files are reported and skipped unread: no statement is that long, so it is a
    /// mistake (a dump, a video renamed) and would only slow the index down. A PDF carries its
    /// fonts and images, so it may be ten times the size of its text.
    pub fn max_bytes(self) -> u64 {
        match self {
            Format::Text | Format::Html => super::MAX_FILE_BYTES,
            Format::Pdf => 10 * super::MAX_FILE_BYTES,
        }
    }

    /// The media type the original file is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Text => "text/plain; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
            Format::Pdf => "application/pdf",
        }
    }
}
