//! PDF files in: text by `pdf-extract` (pure Rust, over `lopdf`), read character by character
//! with its position, so lines and the gaps between them are known. Then, per document:
//! - running headers and footers (a top or bottom line that recurs, digits aside, on other
//!   pages) and page numbers (`7`, `- 7 -`, `Page 7 of 9`) are dropped;
//! - lines are joined into paragraphs, a paragraph ending where the gap to the next line is
//!   wider than the usual line spacing (or the type size changes);
//! - Arabic laid out in visual order (the order glyphs are drawn, left to right, which many PDF
//!   makers store) is put back in reading order, word order and all, numbers kept as written.
//!
//! A PDF with no text layer (a scan) is an error whose message says so: it needs OCR first.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{Document, MediaBox, OutputDev, OutputError, Transform};

/// Fewer letters than this in the whole document and it is taken for a scan.
const MIN_LETTERS: usize = 20;
/// A gap between two lines this many times the document's usual line spacing ends a paragraph.
const PARAGRAPH_GAP: f64 = 1.35;
/// How many lines at the top and at the bottom of a page may be a running header or footer.
const EDGE_LINES: usize = 2;

/// The text of a PDF, paragraphs separated by blank lines; the error is the reason to give
/// for skipping it.
pub fn extract(bytes: &[u8]) -> Result<String, String> {
    // A malformed PDF can make the extractor panic; that costs the file, never the build.
    let pages = catch_unwind(AssertUnwindSafe(|| read_lines(bytes)))
        .map_err(|_| "the PDF could not be read (malformed)".to_string())??;
    let letters: usize = pages
        .iter()
        .flatten()
        .map(|l| l.text.chars().filter(|c| c.is_alphabetic()).count())
        .sum();
    if letters < MIN_LETTERS {
        return Err(
            "the PDF has no text layer (a scanned document?); make it searchable with OCR first"
                .to_string(),
        );
    }
    let mut pages = without_running_lines(pages);
    if is_visual_order(&pages) {
        for line in pages.iter_mut().flatten() {
            line.text = logical_order(&line.glyphs);
        }
    }
    let paragraphs: Vec<String> = paragraphs(&pages)
        .into_iter()
        .map(|lines| {
            let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
            texts.join(" ")
        })
        .collect();
    Ok(paragraphs.join("\n\n"))
}

/// One line of a page as drawn: its baseline, type size and text, and the text glyph by
/// glyph (a ligature such as Arabic lam-alef is one glyph of two letters, already in reading
/// order, which must stay together when a visual line is turned around).
#[derive(Debug, Clone)]
struct Line {
    y: f64,
    size: f64,
    text: String,
    glyphs: Vec<String>,
}

fn read_lines(bytes: &[u8]) -> Result<Vec<Vec<Line>>, String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| format!("not a readable PDF: {e}"))?;
    let mut lines = Lines::default();
    let result = if doc.is_encrypted() {
        // Encrypted for permissions only (an empty user password) is common and readable.
        pdf_extract::output_doc_encrypted(&mut doc, &mut lines, "")
    } else {
        pdf_extract::output_doc(&doc, &mut lines)
    };
    result.map_err(|e| format!("the PDF's text cannot be read: {e}"))?;
    lines.flush();
    Ok(lines.pages)
}

/// Collects characters into lines, page by page.
#[derive(Default)]
struct Lines {
    pages: Vec<Vec<Line>>,
    current: Option<Line>,
    last_end: f64,
    word_start: bool,
}

impl Lines {
    fn flush(&mut self) {
        if let Some(mut line) = self.current.take() {
            line.text = line
                .glyphs
                .concat()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if let (false, Some(page)) = (line.text.is_empty(), self.pages.last_mut()) {
                page.push(line);
            }
        }
    }
}

impl OutputDev for Lines {
    fn begin_page(
        &mut self,
        _page: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.flush();
        self.pages.push(Vec::new());
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.flush();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale).max(0.1);
        let (x, y) = (trm.m31, trm.m32);
        match &mut self.current {
            Some(line) if (line.y - y).abs() <= size * 0.5 => {
                if self.word_start && x > self.last_end + size * 0.1 {
                    line.glyphs.push(" ".to_string());
                }
                line.glyphs.push(text.to_string());
            }
            _ => {
                self.flush();
                self.current = Some(Line {
                    y,
                    size,
                    text: String::new(),
                    glyphs: vec![text.to_string()],
                });
            }
        }
        self.last_end = x + width * size;
        self.word_start = false;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// A line's text with its digits masked, so "Page 3 of 9" and "Page 4 of 9" compare equal.
fn shape(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_numeric() { '#' } else { c })
        .collect()
}

/// A page number alone: digits with at most dashes, dots and brackets around them.
fn is_page_number(text: &str) -> bool {
    text.chars().any(char::is_numeric)
        && text
            .chars()
            .all(|c| c.is_numeric() || c.is_whitespace() || "-–—.()[]/|".contains(c))
}

/// Drops running headers and footers: among the first and last [`EDGE_LINES`] lines of each
/// page, page numbers and lines whose shape recurs at the edge of another page.
fn without_running_lines(pages: Vec<Vec<Line>>) -> Vec<Vec<Line>> {
    let edges = |page: &Vec<Line>| -> Vec<String> {
        let n = page.len();
        page.iter()
            .enumerate()
            .filter(|(i, _)| *i < EDGE_LINES || *i + EDGE_LINES >= n)
            .map(|(_, l)| shape(&l.text))
            .collect()
    };
    let per_page: Vec<Vec<String>> = pages.iter().map(edges).collect();
    pages
        .into_iter()
        .enumerate()
        .map(|(p, page)| {
            let n = page.len();
            page.into_iter()
                .enumerate()
                .filter(|(i, line)| {
                    let at_edge = *i < EDGE_LINES || *i + EDGE_LINES >= n;
                    if !at_edge {
                        return true;
                    }
                    let shaped = shape(&line.text);
                    let recurs = per_page
                        .iter()
                        .enumerate()
                        .any(|(q, edges)| q != p && edges.contains(&shaped));
                    !(recurs || is_page_number(&line.text))
                })
                .map(|(_, line)| line)
                .collect()
        })
        .collect()
}

/// Lines grouped into paragraphs: a paragraph ends at a gap wider than [`PARAGRAPH_GAP`]
/// times the usual spacing and at a change of type size; across a page break it goes on
/// unless its last line ended a sentence.
fn paragraphs(pages: &[Vec<Line>]) -> Vec<Vec<&Line>> {
    let mut gaps: Vec<f64> = pages
        .iter()
        .flat_map(|page| page.windows(2).map(|w| (w[0].y - w[1].y).abs()))
        .filter(|gap| *gap > 0.0)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let usual = gaps.get(gaps.len() / 4).copied().unwrap_or(f64::MAX);
    let mut out: Vec<Vec<&Line>> = Vec::new();
    let mut current: Vec<&Line> = Vec::new();
    for page in pages {
        for (i, line) in page.iter().enumerate() {
            let starts_paragraph = match i.checked_sub(1).and_then(|j| page.get(j)) {
                None => current.last().is_none_or(|l| ends_sentence(&l.text)),
                Some(previous) => {
                    (previous.y - line.y).abs() > usual * PARAGRAPH_GAP
                        || (previous.size - line.size).abs() > previous.size * 0.15
                }
            };
            if starts_paragraph && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ':', '؟', '。', '»', '"', '”'])
}

/// Whether the Arabic text was stored in visual order: its words then end in a reversed
/// article (`لا…`) far more often than they start with `ال`.
fn is_visual_order(pages: &[Vec<Line>]) -> bool {
    let (mut logical, mut visual) = (0usize, 0usize);
    for word in pages
        .iter()
        .flatten()
        .flat_map(|l| l.text.split_whitespace())
    {
        let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.chars().count() < 4 {
            continue;
        }
        if letters.starts_with("ال") {
            logical += 1;
        }
        if letters.ends_with("لا") {
            visual += 1;
        }
    }
    visual > 3 && visual > logical * 2
}

/// A line drawn right to left put in reading order: its glyphs reversed, then each run of
/// left-to-right text (digits, Latin words) turned back, so `2024 سرام` reads `مارس 2024`.
fn logical_order(glyphs: &[String]) -> String {
    let reversed: Vec<&str> = glyphs.iter().rev().map(String::as_str).collect();
    let is_ltr = |g: &str| {
        g.chars()
            .all(|c| c.is_ascii_alphanumeric() || ('\u{0660}'..='\u{0669}').contains(&c))
            && !g.is_empty()
    };
    let mut out = String::with_capacity(glyphs.len() * 2);
    let mut i = 0;
    while i < reversed.len() {
        if is_ltr(reversed[i]) {
            // The run: LTR glyphs, and the punctuation between two of them (2024/03/12).
            let mut end = i;
            let mut j = i;
            while j < reversed.len() {
                if is_ltr(reversed[j]) {
                    end = j;
                } else if ![".", "/", "-", ":", ","].contains(&reversed[j]) {
                    break;
                }
                j += 1;
            }
            out.extend(reversed[i..=end].iter().rev().copied());
            i = end + 1;
        } else {
            out.push_str(mirror(reversed[i]));
            i += 1;
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Brackets drawn in visual order face the other way.
fn mirror(glyph: &str) -> &str {
    match glyph {
        "(" => ")",
        ")" => "(",
        "[" => "]",
        "]" => "[",
        "«" => "»",
        "»" => "«",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(y: f64, text: &str) -> Line {
        Line {
            y,
            size: 11.0,
            text: text.to_string(),
            glyphs: glyphs(text),
        }
    }

    /// One glyph per character, but lam-alef (`لا`) one glyph, as fonts draw it.
    fn glyphs(text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in text.chars() {
            match out.last_mut() {
                Some(last) if last == "ل" && c == 'ا' => last.push(c),
                _ => out.push(c.to_string()),
            }
        }
        out
    }

    #[test]
    fn visual_arabic_reads_in_order_with_numbers_as_written() {
        assert_eq!(
            logical_order(&glyphs("2024 سرام/راذآ 14 ،فينج")),
            "جنيف، 14 آذار/مارس 2024"
        );
        // السلاح is drawn ح, لا (one glyph, in reading order), س, ل, ا.
        let drawn: Vec<String> = ["ح", "لا", "س", "ل", "ا", " ", "ع", "ز", "ن", " ", "-", " "]
            .iter()
            .map(|g| g.to_string())
            .chain("CD/2024/WP.9".chars().map(String::from))
            .collect();
        assert_eq!(logical_order(&drawn), "CD/2024/WP.9 - نزع السلاح");
    }

    #[test]
    fn running_headers_and_page_numbers_go_and_the_text_stays() {
        let page = |n: &str, body: &str| {
            vec![
                line(800.0, "CD/2024/WP.7 - Conference on Disarmament"),
                line(700.0, body),
                line(40.0, &format!("Page {n} of 2")),
            ]
        };
        let pages = without_running_lines(vec![page("1", "First page."), page("2", "Second.")]);
        let texts: Vec<&str> = pages.iter().flatten().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["First page.", "Second."]);
        let single = without_running_lines(vec![vec![line(700.0, "Text."), line(40.0, "- 1 -")]]);
        assert_eq!(single[0].len(), 1);
    }

    #[test]
    fn lines_join_into_paragraphs_at_wide_gaps() {
        let pages = vec![vec![
            line(700.0, "The first paragraph runs"),
            line(686.0, "over two lines."),
            line(660.0, "The second one"),
            line(646.0, "also does."),
        ]];
        let texts: Vec<Vec<&str>> = paragraphs(&pages)
            .iter()
            .map(|p| p.iter().map(|l| l.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            [
                vec!["The first paragraph runs", "over two lines."],
                vec!["The second one", "also does."]
            ]
        );
    }

    #[test]
    fn junk_is_a_reason_not_a_panic() {
        for junk in [
            &b""[..],
            b"%PDF-1.4\n",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >>",
            b"\xff\xfe",
        ] {
            assert!(extract(junk).is_err());
        }
    }
}
