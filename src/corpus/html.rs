//! HTML pages in: the main text taken out of the page's furniture by `dom_smoothie` (a port of
//! Mozilla's Readability, the algorithm behind Firefox's reader view), and the page's own
//! metadata: `<title>` (or `og:title`), `article:published_time`, `<link rel=canonical>` (or
//! `og:url`) and `<html lang>`. The text then goes through the same steps as a `.txt` file
//! (boilerplate rules, dates, actors), so a page and its text copy make the same statement.

use chrono::NaiveDate;
use dom_smoothie::{Config, Readability, TextMode};

use crate::model::Lang;

/// Pages with more elements than this are refused rather than parsed: no statement needs
/// them, and a hostile page could otherwise take the build's time.
const MAX_ELEMENTS: usize = 100_000;

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
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut readability = Readability::new(html, None, Some(config))
        .map_err(|e| format!("not a readable HTML page: {e}"))?;
    let article = readability
        .parse()
        .map_err(|e| format!("no main text found in the HTML page: {e}"))?;
    let document = dom_query::Document::from(html);
    let meta = |property: &str| -> Option<String> {
        let selector = format!("meta[property=\"{property}\"], meta[name=\"{property}\"]");
        document
            .select(&selector)
            .attr("content")
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let canonical = document
        .select("link[rel=\"canonical\"]")
        .attr("href")
        .map(|v| v.trim().to_string())
        .filter(|v| v.starts_with("http://") || v.starts_with("https://"));
    let url = canonical
        .or_else(|| meta("og:url"))
        .filter(|v| v.starts_with("http://") || v.starts_with("https://"));
    let title = Some(article.title.trim().to_string())
        .filter(|t| !t.is_empty())
        .or_else(|| meta("og:title"));
    let date = article
        .published_time
        .as_deref()
        .or(meta("article:published_time").as_deref())
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
        for junk in [
            "",
            "<html>",
            "<<<>>>",
            "<p>short</p>",
            &"<div>".repeat(200_000),
        ] {
            let _ = extract(junk);
        }
    }
}
