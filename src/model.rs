//! The archive's vocabulary: plain data shared by every stage of the pipeline.
//!
//! Nothing here does IO, knows tantivy or serialises itself; each stage that needs
//! another shape (catalog rows, index documents, JSON answers) owns a private DTO.

use std::fmt;

use chrono::NaiveDate;

/// A statement's stable identifier: a readable slug plus a short hash of its
/// corpus-relative path, so it survives re-indexing and moving between machines.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId(String);

impl DocId {
    /// Derives the id from a corpus-relative path (`en/some-file.txt`).
    pub fn from_path(rel_path: &str) -> DocId {
        let stem = rel_path
            .rsplit('/')
            .next()
            .unwrap_or(rel_path)
            .trim_end_matches(".txt");
        let mut slug = slugify(stem, 60);
        if slug.is_empty() {
            slug.push_str("statement");
        }
        let hash = blake3::hash(rel_path.as_bytes()).to_hex();
        DocId(format!("{slug}-{}", &hash[..8]))
    }

    /// Accepts an id that came from outside (a URL), if it has the shape of one.
    pub fn parse(raw: &str) -> Option<DocId> {
        let ok = !raw.is_empty()
            && raw.len() <= 100
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        ok.then(|| DocId(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Lowercase ASCII slug of `text`: letters and digits kept, runs of anything else become one `-`.
/// Non-Latin text keeps its digits only, which is why ids also carry a hash.
pub fn slugify(text: &str, max_len: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= max_len {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The languages the archive distinguishes. English, Arabic and Russian have their
/// own analyzers; the other UN languages are labelled but share the fallback analyzer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Ar,
    Ru,
    Fr,
    Es,
    Zh,
    /// Undetermined or another language.
    Und,
}

impl Lang {
    pub const ALL: [Lang; 7] = [
        Lang::En,
        Lang::Ar,
        Lang::Ru,
        Lang::Fr,
        Lang::Es,
        Lang::Zh,
        Lang::Und,
    ];

    /// ISO 639-1 code (`und` for undetermined), as used in URLs, the API and `lang=` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
            Lang::Ru => "ru",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Zh => "zh",
            Lang::Und => "und",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The language's name in English, for labels.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ar => "Arabic",
            Lang::Ru => "Russian",
            Lang::Fr => "French",
            Lang::Es => "Spanish",
            Lang::Zh => "Chinese",
            Lang::Und => "Other",
        }
    }

    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An actor's identifier in the gazetteer (`maria-zakharova`, `russia`, `csto`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorId(String);

impl ActorId {
    /// The id as the gazetteer, a curator's slug or the index gives it.
    pub fn new(id: impl Into<String>) -> ActorId {
        ActorId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The catalog's `parallel_group`: statements that are translations of one document share it
/// (`unpc:NPT/CONF.2015/WP.43`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(String);

impl GroupId {
    pub fn new(id: impl Into<String>) -> GroupId {
        GroupId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of actor speaks or is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    Person,
    State,
    Organisation,
}

impl ActorKind {
    pub fn code(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::State => "state",
            ActorKind::Organisation => "org",
        }
    }

    pub fn from_code(code: &str) -> Option<ActorKind> {
        match code {
            "person" => Some(ActorKind::Person),
            "state" => Some(ActorKind::State),
            "org" => Some(ActorKind::Organisation),
            _ => None,
        }
    }

    /// The English label for pages.
    pub fn label(self) -> &'static str {
        match self {
            ActorKind::Person => "Person",
            ActorKind::State => "State",
            ActorKind::Organisation => "Organisation",
        }
    }
}

/// An actor as attached to a statement: its id, its English display name and its role.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActorRef {
    pub id: ActorId,
    pub name: String,
    pub role: ActorRole,
}

/// Whether an actor makes the statement or is only named in it. A researcher asking "what has
/// Russia said" wants the first; "what has been said about Russia" wants both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorRole {
    /// Makes the statement: the speaker, the issuing body, the state a speech speaks for.
    Speaker,
    /// Named in the statement without making it.
    Mentioned,
}

impl ActorRole {
    /// The lowercase name used in URLs, the API and reports (`speaker`, `mentioned`).
    pub fn code(self) -> &'static str {
        match self {
            ActorRole::Speaker => "speaker",
            ActorRole::Mentioned => "mentioned",
        }
    }

    pub fn from_code(code: &str) -> Option<ActorRole> {
        match code.trim() {
            "speaker" => Some(ActorRole::Speaker),
            "mentioned" => Some(ActorRole::Mentioned),
            _ => None,
        }
    }
}

/// What kind of document a statement is. The list is closed so that the type facet stays short
/// and the same in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocType {
    OfficialStatement,
    JointDeclaration,
    PressBriefing,
    NewsReport,
    Speech,
    Resolution,
    Letter,
    Report,
}

impl DocType {
    pub const ALL: [DocType; 8] = [
        DocType::OfficialStatement,
        DocType::JointDeclaration,
        DocType::PressBriefing,
        DocType::NewsReport,
        DocType::Speech,
        DocType::Resolution,
        DocType::Letter,
        DocType::Report,
    ];

    /// The id used in URLs, the API, the catalog's `type` field and reports.
    pub fn code(self) -> &'static str {
        match self {
            DocType::OfficialStatement => "official-statement",
            DocType::JointDeclaration => "joint-declaration",
            DocType::PressBriefing => "press-briefing",
            DocType::NewsReport => "news-report",
            DocType::Speech => "speech",
            DocType::Resolution => "resolution",
            DocType::Letter => "letter",
            DocType::Report => "report",
        }
    }

    /// Reads a code; also accepts spaces or underscores for the hyphens and any case, as a
    /// curator may write `Official statement` in front matter.
    pub fn from_code(code: &str) -> Option<DocType> {
        let wanted: String = code
            .trim()
            .chars()
            .map(|c| match c {
                ' ' | '_' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        DocType::ALL.into_iter().find(|t| t.code() == wanted)
    }

    /// The English label for pages and facets.
    pub fn label(self) -> &'static str {
        match self {
            DocType::OfficialStatement => "Official statement",
            DocType::JointDeclaration => "Joint declaration",
            DocType::PressBriefing => "Press briefing",
            DocType::NewsReport => "News report",
            DocType::Speech => "Speech",
            DocType::Resolution => "Resolution",
            DocType::Letter => "Letter",
            DocType::Report => "Report",
        }
    }
}

/// What a statement is about: the subjects the thesaurus files its concepts under
/// (`data/thesaurus.tsv`'s `topic` lines name them by [`Topic::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Topic {
    SpaceSecurity,
    Nuclear,
    Biological,
    Chemical,
    Conventional,
    MissileDefence,
    Cyber,
    WmdGeneral,
    DisarmamentGeneral,
    /// A context topic: every UN document names the General Assembly or the Security Council.
    UnSystem,
    SanctionsTerrorism,
    Peacekeeping,
}

impl Topic {
    pub const ALL: [Topic; 12] = [
        Topic::SpaceSecurity,
        Topic::Nuclear,
        Topic::Biological,
        Topic::Chemical,
        Topic::Conventional,
        Topic::MissileDefence,
        Topic::Cyber,
        Topic::WmdGeneral,
        Topic::DisarmamentGeneral,
        Topic::UnSystem,
        Topic::SanctionsTerrorism,
        Topic::Peacekeeping,
    ];

    /// The id used in URLs (`/topics/nuclear`), the API, the catalog, the thesaurus and the index.
    pub fn code(self) -> &'static str {
        match self {
            Topic::SpaceSecurity => "space-security",
            Topic::Nuclear => "nuclear",
            Topic::Biological => "biological",
            Topic::Chemical => "chemical",
            Topic::Conventional => "conventional",
            Topic::MissileDefence => "missile-defence",
            Topic::Cyber => "cyber",
            Topic::WmdGeneral => "wmd-general",
            Topic::DisarmamentGeneral => "disarmament-general",
            Topic::UnSystem => "un-system",
            Topic::SanctionsTerrorism => "sanctions-terrorism",
            Topic::Peacekeeping => "peacekeeping",
        }
    }

    /// Reads a code exactly as [`Topic::code`] writes it.
    pub fn from_code(code: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The English label for pages and facets.
    pub fn label(self) -> &'static str {
        match self {
            Topic::SpaceSecurity => "Space security",
            Topic::Nuclear => "Nuclear",
            Topic::Biological => "Biological",
            Topic::Chemical => "Chemical",
            Topic::Conventional => "Conventional arms",
            Topic::MissileDefence => "Missiles and missile defence",
            Topic::Cyber => "Cyber and emerging technologies",
            Topic::WmdGeneral => "Weapons of mass destruction",
            Topic::DisarmamentGeneral => "Disarmament (general)",
            Topic::UnSystem => "UN system",
            Topic::SanctionsTerrorism => "Sanctions and terrorism",
            Topic::Peacekeeping => "Peacekeeping",
        }
    }

    /// Whether the topic says where a statement was made rather than what it is about. Such
    /// a topic is a statement's only when it names no subject topic at all (measured on
    /// corpus-real: `un-system` led 2,332 of 2,988 documents before this rule).
    pub fn is_context(self) -> bool {
        self == Topic::UnSystem
    }

    /// Every code, for messages that list the allowed values.
    pub fn codes() -> String {
        Topic::ALL.map(Topic::code).join(", ")
    }
}

/// One paragraph of a statement's body. `n` is 1-based and is the `#p{n}` anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub n: usize,
    pub text: String,
}

impl Paragraph {
    pub fn anchor(&self) -> String {
        format!("p{}", self.n)
    }
}

/// Something parsing could not settle, or a curator should look at: `check` lists and counts
/// them by [`WarningKind`]. Typed, so a count never depends on how a message is worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The front matter block could not be used (cut off, or left in the text); why.
    FrontMatterIgnored(String),
    /// No curated language, and detection was not confident of the one it gives.
    LanguageUncertain {
        looks: Lang,
    },
    /// A curated language differs from what the text looks like.
    LanguageDiffers {
        curator: Provenance,
        says: Lang,
        looks: Lang,
    },
    /// No title anywhere: the first sentence stands in.
    TitleDerived,
    /// A curated date or year outside the years a statement may have; ignored.
    OutOfRange {
        curator: Provenance,
        field: CuratedYear,
        value: String,
    },
    /// A curated date differs from the date the text states.
    DateDiffers {
        curator: Provenance,
        curated: NaiveDate,
        text: NaiveDate,
    },
    /// The curator says the date is unknown; the text states one.
    DateUnknownButStated {
        curator: Provenance,
        text: NaiveDate,
    },
    /// The curator says the exact date is unknown and gives the year.
    YearOnly {
        curator: Provenance,
        year: i32,
    },
    /// The curator says the date is unknown, and the text states none.
    DateUnknown {
        curator: Provenance,
    },
    /// No date in the text and none curated.
    NoDate,
    NoActor,
    NoType,
    /// The same text (whitespace aside) as these other files.
    PossibleDuplicate(Vec<String>),
}

/// The curated field an out-of-range warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CuratedYear {
    Date,
    Year,
}

/// What a warning is about, for counting: several wordings, one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningKind {
    NoDate,
    NoExactDate,
    DateDiffersFromCatalog,
    DateDiffersFromFrontMatter,
    LanguageUncertain,
    LanguageDiffersFromCatalog,
    LanguageDiffersFromFrontMatter,
    FrontMatterIgnored,
    NoActor,
    TitleDerived,
    NoType,
    PossibleDuplicate,
    CuratedValueOutOfRange,
}

impl WarningKind {
    /// The name reports count it under (`no date`).
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::NoDate => "no date",
            WarningKind::NoExactDate => "no exact date",
            WarningKind::DateDiffersFromCatalog => "date differs from catalog",
            WarningKind::DateDiffersFromFrontMatter => "date differs from front matter",
            WarningKind::LanguageUncertain => "language uncertain",
            WarningKind::LanguageDiffersFromCatalog => "language differs from catalog",
            WarningKind::LanguageDiffersFromFrontMatter => "language differs from front matter",
            WarningKind::FrontMatterIgnored => "front matter ignored",
            WarningKind::NoActor => "no actor",
            WarningKind::TitleDerived => "title derived",
            WarningKind::NoType => "no type",
            WarningKind::PossibleDuplicate => "possible duplicate",
            WarningKind::CuratedValueOutOfRange => "curated value out of range",
        }
    }
}

impl Warning {
    pub fn kind(&self) -> WarningKind {
        let by = |curator: &Provenance, catalog, front_matter| match curator {
            Provenance::FrontMatter => front_matter,
            _ => catalog,
        };
        match self {
            Warning::FrontMatterIgnored(_) => WarningKind::FrontMatterIgnored,
            Warning::LanguageUncertain { .. } => WarningKind::LanguageUncertain,
            Warning::LanguageDiffers { curator, .. } => by(
                curator,
                WarningKind::LanguageDiffersFromCatalog,
                WarningKind::LanguageDiffersFromFrontMatter,
            ),
            Warning::TitleDerived => WarningKind::TitleDerived,
            Warning::OutOfRange { .. } => WarningKind::CuratedValueOutOfRange,
            Warning::DateDiffers { curator, .. }
            | Warning::DateUnknownButStated { curator, .. } => by(
                curator,
                WarningKind::DateDiffersFromCatalog,
                WarningKind::DateDiffersFromFrontMatter,
            ),
            Warning::YearOnly { .. } => WarningKind::NoExactDate,
            Warning::DateUnknown { .. } | Warning::NoDate => WarningKind::NoDate,
            Warning::NoActor => WarningKind::NoActor,
            Warning::NoType => WarningKind::NoType,
            Warning::PossibleDuplicate(_) => WarningKind::PossibleDuplicate,
        }
    }
}

/// The years a statement may be dated in: four digits, as dates are written and shown.
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// How a warning names where a curated value came from.
fn curator(origin: &Provenance) -> &'static str {
    match origin {
        Provenance::FrontMatter => "front matter",
        Provenance::Catalog => "catalog",
        Provenance::Text => "text",
    }
}

/// The message a curator reads.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::FrontMatterIgnored(reason) => write!(f, "front matter ignored: {reason}"),
            Warning::LanguageUncertain { looks } => write!(
                f,
                "language uncertain: the text looks {} but is short or mixed",
                looks.name()
            ),
            Warning::LanguageDiffers {
                curator: c,
                says,
                looks,
            } => write!(
                f,
                "the {} says {} but the text looks {}",
                curator(c),
                says.name(),
                looks.name()
            ),
            Warning::TitleDerived => f.write_str("title derived from the first sentence"),
            Warning::OutOfRange {
                curator: c,
                field,
                value,
            } => {
                let field = match field {
                    CuratedYear::Date => "date",
                    CuratedYear::Year => "year",
                };
                write!(
                    f,
                    "the {} {field} {value} is out of range ({}–{}); ignored",
                    curator(c),
                    YEARS.start(),
                    YEARS.end()
                )
            }
            Warning::DateDiffers {
                curator: c,
                curated,
                text,
            } => write!(
                f,
                "the {} date {curated} differs from the date in the text ({text})",
                curator(c)
            ),
            Warning::DateUnknownButStated { curator: c, text } => write!(
                f,
                "the {} says the date is unknown; the text states {text}",
                curator(c)
            ),
            Warning::YearOnly { curator: c, year } => {
                write!(
                    f,
                    "no exact date (the {} gives the year {year})",
                    curator(c)
                )
            }
            Warning::DateUnknown { curator: c } => {
                write!(f, "no date (the {} says it is unknown)", curator(c))
            }
            Warning::NoDate => f.write_str("no date stated in the text"),
            Warning::NoActor => f.write_str("no actor found"),
            Warning::NoType => f.write_str("no document type recognised"),
            Warning::PossibleDuplicate(others) => {
                write!(
                    f,
                    "possible duplicate: the same text as {}",
                    others.join(", ")
                )
            }
        }
    }
}

/// Where a field's value came from, so a curator can see what to correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provenance {
    Text,
    Catalog,
    /// The YAML block at the top of the file itself.
    FrontMatter,
}

impl Provenance {
    /// The name used in reports (`text`, `catalog`, `front-matter`).
    pub fn code(self) -> &'static str {
        match self {
            Provenance::Text => "text",
            Provenance::Catalog => "catalog",
            Provenance::FrontMatter => "front-matter",
        }
    }
}

/// Where each curated field of a statement came from, so `check` can tell a curator what to
/// correct where. `None` means the field has no value, or the statement was read back from an
/// index, which does not store provenance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldProvenance {
    pub lang: Option<Provenance>,
    pub title: Option<Provenance>,
    /// `Catalog` also when the catalog says the date is unknown (`"date": null`).
    pub date: Option<Provenance>,
    pub actors: Option<Provenance>,
    pub source: Option<Provenance>,
    pub source_url: Option<Provenance>,
    pub place: Option<Provenance>,
    pub topics: Option<Provenance>,
    pub doc_type: Option<Provenance>,
}

impl FieldProvenance {
    /// The fields whose origin is known, by their report name, in a fixed order.
    pub fn known(&self) -> impl Iterator<Item = (&'static str, Provenance)> {
        [
            ("lang", self.lang),
            ("title", self.title),
            ("date", self.date),
            ("actors", self.actors),
            ("source", self.source),
            ("source_url", self.source_url),
            ("place", self.place),
            ("topics", self.topics),
            ("type", self.doc_type),
        ]
        .into_iter()
        .filter_map(|(field, provenance)| Some((field, provenance?)))
    }
}

/// A parsed statement, ready to be indexed.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub id: DocId,
    /// Corpus-relative path with `/` separators.
    pub path: String,
    pub lang: Lang,
    pub title: String,
    /// Only a date the text (or the catalog) states; never guessed.
    pub date: Option<NaiveDate>,
    /// The year: the date's, or the catalog's when only the year is known (UN debates).
    pub year: Option<i32>,
    /// Outlet or issuing body.
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub place: Option<String>,
    pub actors: Vec<ActorRef>,
    pub paragraphs: Vec<Paragraph>,
    /// Shared by translations of the same document (from the catalog).
    pub parallel_group: Option<GroupId>,
    pub doc_symbol: Option<String>,
    /// Doubtful extraction (no date found, language uncertain, …), for `check`.
    pub warnings: Vec<Warning>,
    pub provenance: FieldProvenance,
    /// What the statement is about, most named first.
    pub topics: Vec<Topic>,
    /// `None` when neither the curation nor the text says what kind of document it is.
    pub doc_type: Option<DocType>,
}

#[cfg(test)]
impl Statement {
    /// An English statement of one paragraph, nothing else known: for tests to fill in.
    pub(crate) fn plain(path: &str, title: &str, body: &str) -> Statement {
        Statement {
            id: DocId::from_path(path),
            path: path.into(),
            lang: Lang::En,
            title: title.into(),
            date: None,
            year: None,
            source: None,
            source_url: None,
            place: None,
            actors: Vec::new(),
            paragraphs: vec![Paragraph {
                n: 1,
                text: body.into(),
            }],
            parallel_group: None,
            doc_symbol: None,
            warnings: Vec::new(),
            provenance: FieldProvenance::default(),
            topics: Vec::new(),
            doc_type: None,
        }
    }
}

impl Statement {
    /// The actors that make the statement.
    pub fn speakers(&self) -> impl Iterator<Item = &ActorRef> {
        self.actors.iter().filter(|a| a.role == ActorRole::Speaker)
    }

    /// The body as one string, paragraphs separated by blank lines (the indexed text).
    pub fn body(&self) -> String {
        let mut out = String::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            out.push_str(&p.text);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn doc_id_is_stable_readable_and_path_dependent() {
        let a = DocId::from_path("en/000_ecb16ed56a63e7df.txt");
        assert_eq!(a, DocId::from_path("en/000_ecb16ed56a63e7df.txt"));
        assert!(a.as_str().starts_with("000-ecb16ed56a63e7df-"), "{a}");
        assert_ne!(a, DocId::from_path("ar/000_ecb16ed56a63e7df.txt"));
        assert_eq!(DocId::parse(a.as_str()), Some(a));
    }

    #[test]
    fn doc_id_rejects_traversal_and_oversized_input() {
        assert_eq!(DocId::parse("../etc/passwd"), None);
        assert_eq!(DocId::parse(""), None);
        assert_eq!(DocId::parse(&"a".repeat(101)), None);
    }

    #[test]
    fn non_latin_file_names_still_get_an_id() {
        let id = DocId::from_path("ar/بيان.txt");
        assert!(id.as_str().starts_with("statement-"), "{id}");
    }

    #[test]
    fn a_paragraph_is_cited_by_its_number() {
        let p = Paragraph {
            n: 3,
            text: "three".into(),
        };
        assert_eq!(p.anchor(), "p3");
    }

    #[test]
    fn doc_types_and_roles_round_trip_through_their_codes() {
        for t in DocType::ALL {
            assert_eq!(DocType::from_code(t.code()), Some(t));
            assert_eq!(DocType::from_code(t.label()), Some(t));
        }
        assert_eq!(DocType::from_code("memo"), None);
        for role in [ActorRole::Speaker, ActorRole::Mentioned] {
            assert_eq!(ActorRole::from_code(role.code()), Some(role));
        }
    }

    /// The messages curators know, each counted under its kind whatever its wording.
    #[test]
    fn warnings_read_as_messages_and_count_under_their_kind() {
        let day = |d| NaiveDate::from_ymd_opt(2022, 3, d).expect("a date");
        let cases = [
            (Warning::NoDate, "no date stated in the text", "no date"),
            (
                Warning::DateUnknown {
                    curator: Provenance::Catalog,
                },
                "no date (the catalog says it is unknown)",
                "no date",
            ),
            (
                Warning::YearOnly {
                    curator: Provenance::FrontMatter,
                    year: 2015,
                },
                "no exact date (the front matter gives the year 2015)",
                "no exact date",
            ),
            (
                Warning::DateDiffers {
                    curator: Provenance::FrontMatter,
                    curated: day(15),
                    text: day(14),
                },
                "the front matter date 2022-03-15 differs from the date in the text (2022-03-14)",
                "date differs from front matter",
            ),
            (
                Warning::LanguageUncertain { looks: Lang::En },
                "language uncertain: the text looks English but is short or mixed",
                "language uncertain",
            ),
            (
                Warning::OutOfRange {
                    curator: Provenance::Catalog,
                    field: CuratedYear::Year,
                    value: "20150".into(),
                },
                "the catalog year 20150 is out of range (1000–9999); ignored",
                "curated value out of range",
            ),
            (
                Warning::PossibleDuplicate(vec!["en/b.txt".into()]),
                "possible duplicate: the same text as en/b.txt",
                "possible duplicate",
            ),
        ];
        for (warning, message, kind) in cases {
            assert_eq!(warning.to_string(), message);
            assert_eq!(warning.kind().label(), kind, "{message}");
        }
    }

    proptest! {
        /// An id depends on the path alone, and every id the archive makes is one a URL may
        /// carry back (`DocId::parse` accepts it unchanged).
        #[test]
        fn ids_are_stable_and_parse_back(path in "[a-z]{2}/\\PC{0,80}") {
            let id = DocId::from_path(&path);
            prop_assert_eq!(&id, &DocId::from_path(&path));
            prop_assert_eq!(DocId::parse(id.as_str()), Some(id.clone()));
        }

        /// Two paths that differ only where the slug cannot show it still get two ids.
        #[test]
        fn paths_differing_in_punctuation_get_different_ids(stem in "[a-z]{1,12}") {
            let a = DocId::from_path(&format!("en/{stem}.txt"));
            let b = DocId::from_path(&format!("en/{stem}!.txt"));
            prop_assert_ne!(a, b);
        }
    }
}
