//! Citations of a statement: Chicago and APA text for the page, BibTeX and RIS for reference
//! managers. Authors are the statement's speakers (corporate authors such as a ministry or a
//! state are kept whole), else its source; the date is the statement's own, else its year.

use chrono::{Datelike, NaiveDate};

use crate::model::Statement;

/// What a citation needs, read once from a statement.
pub struct Citation {
    pub title: String,
    /// Speakers' English names; the source when no speaker is known.
    pub authors: Vec<String>,
    pub date: Option<NaiveDate>,
    pub year: Option<i32>,
    /// The outlet or issuing body, when it is not already the author.
    pub publisher: Option<String>,
    /// The statement's absolute URL, with `#pN` when a paragraph is cited.
    pub url: String,
    pub accessed: NaiveDate,
    pub lang_name: &'static str,
    pub doc_symbol: Option<String>,
    /// Used as the BibTeX key and the download file name.
    pub key: String,
}

impl Citation {
    /// `url` is the statement's absolute URL; `paragraph` adds its anchor.
    pub fn new(st: &Statement, url: &str, paragraph: Option<usize>, accessed: NaiveDate) -> Self {
        let speakers: Vec<String> = st.speakers().map(|a| a.name.clone()).collect();
        let (authors, publisher) = match (speakers.is_empty(), &st.source) {
            (true, Some(source)) => (vec![source.clone()], None),
            (_, source) => (speakers, source.clone()),
        };
        let url = match paragraph {
            Some(n) => format!("{url}#p{n}"),
            None => url.to_string(),
        };
        Citation {
            title: st.title.clone(),
            authors,
            date: st.date,
            year: st.date.map(|d| d.year()).or(st.year),
            publisher,
            url,
            accessed,
            lang_name: st.lang.name(),
            doc_symbol: st.doc_symbol.clone(),
            key: st.id.to_string(),
        }
    }

    fn authors_joined(&self) -> String {
        match self.authors.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [a, b] => format!("{a} and {b}"),
            [init @ .., last] => format!("{}, and {last}", init.join(", ")),
        }
    }

    /// Chicago notes-bibliography style for a web document:
    /// Author. "Title." Publisher, Month D, YYYY. URL.
    pub fn chicago(&self) -> String {
        let mut out = String::new();
        if !self.authors.is_empty() {
            out.push_str(&with_period(&self.authors_joined()));
            out.push(' ');
        }
        out.push_str(&format!("“{}.”", self.title.trim_end_matches('.')));
        let mut details = Vec::new();
        if let Some(p) = &self.publisher {
            details.push(p.clone());
        }
        if let Some(symbol) = &self.doc_symbol {
            details.push(symbol.clone());
        }
        match (self.date, self.year) {
            (Some(d), _) => details.push(d.format("%B %-d, %Y").to_string()),
            (None, Some(y)) => details.push(y.to_string()),
            (None, None) => details.push("n.d.".to_string()),
        }
        out.push(' ');
        out.push_str(&details.join(", "));
        out.push_str(&format!(
            ". Accessed {}. {}.",
            self.accessed.format("%B %-d, %Y"),
            self.url
        ));
        out
    }

    /// APA 7th edition: Author. (YYYY, Month D). Title [Language]. Publisher. URL
    pub fn apa(&self) -> String {
        let mut out = String::new();
        if !self.authors.is_empty() {
            out.push_str(&with_period(
                &self.authors_joined().replace(", and ", ", & "),
            ));
            out.push(' ');
        }
        let when = match (self.date, self.year) {
            (Some(d), _) => d.format("%Y, %B %-d").to_string(),
            (None, Some(y)) => y.to_string(),
            (None, None) => "n.d.".to_string(),
        };
        out.push_str(&format!("({when}). {}", self.title.trim_end_matches('.')));
        if self.lang_name != "English" {
            out.push_str(&format!(" [{}]", self.lang_name));
        }
        out.push('.');
        if let Some(p) = &self.publisher {
            out.push(' ');
            out.push_str(&with_period(p));
        }
        out.push(' ');
        out.push_str(&self.url);
        out
    }

    /// A BibTeX `@misc` entry; corporate authors are braced so BibTeX keeps them whole.
    pub fn bibtex(&self) -> String {
        let mut fields: Vec<(&str, String)> = Vec::new();
        if !self.authors.is_empty() {
            let authors: Vec<String> = self
                .authors
                .iter()
                .map(|a| format!("{{{}}}", bibtex_escape(a)))
                .collect();
            fields.push(("author", authors.join(" and ")));
        }
        fields.push(("title", format!("{{{}}}", bibtex_escape(&self.title))));
        if let Some(y) = self.year {
            fields.push(("year", y.to_string()));
        }
        if let Some(d) = self.date {
            fields.push(("month", MONTHS[d.month0() as usize].to_string()));
            fields.push(("date", d.format("%Y-%m-%d").to_string()));
        }
        if let Some(p) = &self.publisher {
            fields.push(("howpublished", bibtex_escape(p)));
        }
        if let Some(symbol) = &self.doc_symbol {
            fields.push(("number", bibtex_escape(symbol)));
        }
        fields.push(("language", self.lang_name.to_lowercase()));
        fields.push(("url", self.url.clone()));
        fields.push(("urldate", self.accessed.format("%Y-%m-%d").to_string()));
        let body: Vec<String> = fields
            .into_iter()
            .map(|(name, value)| format!("  {name} = {{{value}}}"))
            .collect();
        format!("@misc{{{},\n{}\n}}\n", self.key, body.join(",\n"))
    }

    /// An RIS record (`TY  - GEN` … `ER  - `), one tag per line, CRLF as the format asks.
    pub fn ris(&self) -> String {
        let mut lines: Vec<(&str, String)> = vec![("TY", "GEN".to_string())];
        for author in &self.authors {
            lines.push(("AU", one_line(author)));
        }
        lines.push(("TI", one_line(&self.title)));
        match (self.date, self.year) {
            (Some(d), _) => {
                lines.push(("PY", d.year().to_string()));
                lines.push(("DA", d.format("%Y/%m/%d").to_string()));
            }
            (None, Some(y)) => lines.push(("PY", y.to_string())),
            (None, None) => {}
        }
        if let Some(p) = &self.publisher {
            lines.push(("PB", one_line(p)));
        }
        if let Some(symbol) = &self.doc_symbol {
            lines.push(("M1", one_line(symbol)));
        }
        lines.push(("LA", self.lang_name.to_string()));
        lines.push(("UR", self.url.clone()));
        lines.push(("Y2", self.accessed.format("%Y/%m/%d").to_string()));
        lines.push(("ER", String::new()));
        lines
            .into_iter()
            .map(|(tag, value)| format!("{tag}  - {value}\r\n"))
            .collect()
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn with_period(text: &str) -> String {
    if text.ends_with('.') {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// Line breaks would end an RIS field early.
fn one_line(text: &str) -> String {
    super::view::printable(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes the characters BibTeX or LaTeX would read as syntax.
fn bibtex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            // BibTeX counts `\{` as a brace when it balances a field, so a lone brace in a
            // title would end the field early: braces are written as commands.
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorId, ActorRef, ActorRole};

    fn statement() -> Statement {
        Statement {
            date: NaiveDate::from_ymd_opt(2023, 6, 20),
            year: Some(2023),
            source: Some("Ministry of Foreign Affairs".into()),
            actors: vec![
                ActorRef {
                    id: ActorId::new("maria-zakharova"),
                    name: "Maria Zakharova".into(),
                    role: ActorRole::Speaker,
                },
                ActorRef {
                    id: ActorId::new("china"),
                    name: "China".into(),
                    role: ActorRole::Mentioned,
                },
            ],
            ..Statement::plain(
                "en/a.txt",
                "Statement on the 50% rule & {outer} space",
                "Text.",
            )
        }
    }

    fn accessed() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
    }

    #[test]
    fn speakers_are_the_authors_and_a_paragraph_adds_its_anchor() {
        let c = Citation::new(
            &statement(),
            "https://a.example/statements/x",
            Some(3),
            accessed(),
        );
        assert_eq!(c.authors, ["Maria Zakharova"]);
        assert_eq!(c.publisher.as_deref(), Some("Ministry of Foreign Affairs"));
        assert!(c.chicago().starts_with("Maria Zakharova. “Statement on"));
        assert!(c.chicago().contains("June 20, 2023"));
        assert!(c.chicago().ends_with("https://a.example/statements/x#p3."));
        assert!(
            c.apa()
                .starts_with("Maria Zakharova. (2023, June 20). Statement")
        );
    }

    #[test]
    fn without_a_speaker_the_source_is_the_author() {
        let mut st = statement();
        st.actors.clear();
        st.date = None;
        st.year = None;
        let c = Citation::new(&st, "https://a.example/s", None, accessed());
        assert_eq!(c.authors, ["Ministry of Foreign Affairs"]);
        assert_eq!(c.publisher, None);
        assert!(c.apa().contains("(n.d.)"), "{}", c.apa());
    }

    #[test]
    fn bibtex_escapes_syntax_and_braces_corporate_authors() {
        let c = Citation::new(&statement(), "https://a.example/s", None, accessed());
        let bib = c.bibtex();
        assert!(bib.starts_with("@misc{a-"), "{bib}");
        assert!(bib.contains("author = {{Maria Zakharova}}"), "{bib}");
        assert!(
            bib.contains("50\\% rule \\& \\textbraceleft{}outer\\textbraceright{} space"),
            "{bib}"
        );
        assert!(bib.contains("month = {jun}"), "{bib}");
        assert_eq!(bib.matches('{').count(), bib.matches('}').count(), "{bib}");
    }

    #[test]
    fn a_lone_brace_or_control_character_cannot_break_a_bibtex_or_ris_field() {
        let mut st = statement();
        st.title = "Left { only\u{7} and \u{1b}[31m".into();
        let c = Citation::new(&st, "https://a.example/s", None, accessed());
        let bib = c.bibtex();
        let depth = bib.chars().try_fold(0i32, |depth, ch| {
            let depth = depth + i32::from(ch == '{') - i32::from(ch == '}');
            (depth >= 0).then_some(depth)
        });
        assert_eq!(depth, Some(0), "{bib}");
        assert!(
            !bib.chars().any(|ch| ch.is_control() && ch != '\n'),
            "{bib:?}"
        );
        let ris = c.ris();
        assert!(
            !ris.chars()
                .any(|ch| ch.is_control() && ch != '\r' && ch != '\n'),
            "{ris:?}"
        );
    }

    #[test]
    fn ris_has_one_tag_per_line_and_ends_with_er() {
        let mut st = statement();
        st.title = "Two\nlines".into();
        let ris = Citation::new(&st, "https://a.example/s", None, accessed()).ris();
        assert!(ris.starts_with("TY  - GEN\r\n"));
        assert!(ris.contains("TI  - Two lines\r\n"));
        assert!(ris.contains("DA  - 2023/06/20\r\n"));
        assert!(ris.ends_with("ER  - \r\n"));
    }
}
