//! The curated data files (`data/*.tsv`): one reader for their common shape, so every file
//! skips comments and blank lines and numbers its lines alike in its error messages.

/// The data lines of a curated TSV file, with their 1-based line numbers and tab-separated
/// fields: blank lines and `#` comments skipped, Windows line endings tolerated.
pub fn data_lines(tsv: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    tsv.lines().enumerate().filter_map(|(idx, raw)| {
        let text = raw.trim_end_matches('\r');
        (!text.trim().is_empty() && !text.starts_with('#'))
            .then(|| (idx + 1, text.split('\t').collect()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped_and_lines_keep_their_numbers() {
        let tsv = "# a comment\n\nen\tone\r\n  \nru\tдва\n";
        let lines: Vec<(usize, Vec<&str>)> = data_lines(tsv).collect();
        assert_eq!(lines, vec![(3, vec!["en", "one"]), (5, vec!["ru", "два"])]);
    }
}
