//! HTML pages in: the main text taken out of the page's furniture by `dom_smoothie` (a port of
//! Mozilla's Readability, the algorithm behind Firefox's reader view), and the page's own
//! metadata: `<title>` (or `og:title`), `article:published_time`, `<link rel=canonical>` (or
//! `og:url`) and `<html lang>`. The text then goes through the same steps as a `.txt` file
//! (boilerplate rules, dates, actors), so a page and its text copy make the same statement.

use chrono::NaiveDate;
use dom_smoothie::{Config, Readability, TextMode};

use crate::model::Lang;

/// Pages with more tags than this are refused before they are parsed: no statement needs
/// them (a long news page has a few thousand), and the HTML parser's time grows with the
/// number of elements times their depth, so a file of 100,000 unclosed `<div>`s would take
/// the build's time (5,000 of them take 64 ms to parse, 30,000 about 2 s).
const MAX_ELEMENTS: usize = 30_000;
/// Nor elements nested deeper than this. Readability's cost grows with the square of the
/// depth (400 levels: 25 ms; 2,000 unclosed `<div>`s: minutes), and real pages stay under a
/// hundred.
const MAX_DEPTH: usize = 256;

/// What a page says, in text and in its metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The main text, paragraphs separated by blank lines.
    pub text: String,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    /// The page's canonical address.
    pub url: Option<String>,
    /// The language `<html lang>` declares (often a site-wide default, so only a hint).
    pub lang: Option<Lang>,
}

/// Reads an HTML page. The error is the reason to give for skipping it.
pub fn extract(html: &str) -> Result<Page, String> {
    let tags = html
        .as_bytes()
        .windows(2)
        .filter(|w| w[0] == b'<' && w[1].is_ascii_alphabetic())
        .count();
    if tags > MAX_ELEMENTS {
        return Err(format!(
            "the HTML page has {tags} tags; pages of more than {MAX_ELEMENTS} are not read"
        ));
    }
    // Parsed once: the metadata is read first, then Readability takes the document over.
    let document = dom_query::Document::from(html);
    if too_deep(&document.root()) {
        return Err(format!(
            "the HTML page nests its elements more than {MAX_DEPTH} levels deep (unclosed tags?)"
        ));
    }
    let meta = |property: &str| -> Option<String> {
        let selector = format!("meta[property=\"{property}\"], meta[name=\"{property}\"]");
        nonempty(document.select(&selector).attr("content"))
    };
    let web =
        |url: Option<String>| url.filter(|v| v.starts_with("http://") || v.starts_with("https://"));
    let url = web(nonempty(
        document.select("link[rel=\"canonical\"]").attr("href"),
    ))
    .or_else(|| web(meta("og:url")));
    let og_title = meta("og:title");
    let published = meta("article:published_time");
    let heading = nonempty(Some(document.select("h1").first().text()));
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut readability = Readability::with_document(document, None, Some(config))
        .map_err(|e| format!("not a readable HTML page: {e}"))?;
    let article = readability
        .parse()
        .map_err(|e| format!("no main text found in the HTML page: {e}"))?;
    // The page's own name for itself: `og:title`, else its heading when the `<title>` is
    // that heading plus the site's name ("Заявление | МИД"), else the `<title>` as
    // Readability cleaned it.
    let title = og_title.or_else(|| {
        let titled = article.title.trim();
        match heading {
            Some(h) if titled.starts_with(h.as_str()) => Some(h),
            _ => nonempty(Some(titled)),
        }
    });
    let date = article
        .published_time
        .as_deref()
        .or(published.as_deref())
        .and_then(published_date);
    let lang = article.lang.as_deref().and_then(declared_lang);
    let text = article.text_content.trim().to_string();
    if text.is_empty() {
        return Err("no main text found in the HTML page".to_string());
    }
    Ok(Page {
        text,
        title,
        date,
        url,
        lang,
    })
}

/// Whether any node lies more than [`MAX_DEPTH`] levels below `root`: a walk with a stack
/// of its own, since the tree may be too deep to recurse over.
fn too_deep(root: &dom_query::NodeRef<'_>) -> bool {
    let mut stack = vec![(*root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return true;
        }
        let mut child = node.first_child();
        while let Some(c) = child {
            child = c.next_sibling();
            stack.push((c, depth + 1));
        }
    }
    false
}

/// A trimmed, non-empty value, whitespace runs made single spaces.
fn nonempty(value: Option<impl AsRef<str>>) -> Option<String> {
    let value = value?;
    let words: Vec<&str> = value.as_ref().split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The day of an ISO 8601 time (`2024-03-12T10:00:00+03:00`, `2024-03-12`): the date as
/// the page gives it, in its own time zone.
fn published_date(value: &str) -> Option<NaiveDate> {
    let day = value.trim().get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// `en`, `en-GB`, `ar_EG` → the language.
fn declared_lang(value: &str) -> Option<Lang> {
    let primary = value.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    Lang::from_code(&primary)
}

/// The text of HTML bytes: UTF-8 (or with a byte-order mark), else the encoding the page
/// declares in its first kilobytes (`<meta charset="windows-1256">`), else Windows-1252 as
/// browsers assume.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = head.find("charset=").and_then(|at| {
        let rest = head[at + "charset=".len()..].trim_start_matches(['"', '\'']);
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        encoding_rs::Encoding::for_label(&rest.as_bytes()[..end])
    });
    declared
        .unwrap_or(encoding_rs::WINDOWS_1252)
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="ru-RU"><head><meta charset="utf-8">
<title>Заявление по космосу | МИД</title>
<meta property="article:published_time" content="2024-03-12T23:30:00+03:00">
<link rel="canonical" href="https://mid.example/statements/1">
</head><body><nav><a href="/">Главная</a> <a href="/news">Новости</a></nav>
<article><h1>Заявление по космосу</h1>
<p>Россия выступает за предотвращение гонки вооружений в космическом пространстве и призывает все государства к переговорам.</p>
<p>Размещение оружия на орбите угрожает безопасности всех государств и устойчивости космической деятельности человечества.</p>
</article><footer>© МИД России. Все права защищены.</footer></body></html>"#;

    #[test]
    fn a_page_gives_its_main_text_and_its_own_metadata() {
        let page = extract(PAGE).expect("readable");
        assert_eq!(page.title.as_deref(), Some("Заявление по космосу"));
        assert_eq!(page.date, NaiveDate::from_ymd_opt(2024, 3, 12));
        assert_eq!(
            page.url.as_deref(),
            Some("https://mid.example/statements/1")
        );
        assert_eq!(page.lang, Some(Lang::Ru));
        assert!(page.text.contains("гонки вооружений"), "{}", page.text);
        assert!(page.text.contains("\n\n"), "paragraphs kept: {}", page.text);
        for furniture in ["Главная", "Новости", "права защищены"] {
            assert!(
                !page.text.contains(furniture),
                "{furniture} in {}",
                page.text
            );
        }
    }

    #[test]
    fn a_page_in_a_declared_legacy_encoding_is_decoded() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256
            .encode("<html><head><meta charset=\"windows-1256\"></head><body>بيان</body></html>");
        assert!(decode(&bytes).contains("بيان"));
        assert_eq!(decode("plain é".as_bytes()), "plain é");
    }

    #[test]
    fn junk_is_a_reason_not_a_panic() {
        for junk in ["", "<html>", "<<<>>>", "<p>short</p>"] {
            let _ = extract(junk);
        }
        let deep = format!("{}<p>{}</p>", "<div>".repeat(5_000), "word ".repeat(50));
        let refused = extract(&deep).expect_err("too deep");
        assert!(refused.contains("levels deep"), "{refused}");
        let huge = "<div>".repeat(200_000);
        let refused = extract(&huge).expect_err("too many tags");
        assert!(refused.contains("tags"), "{refused}");
    }
}
