//! Retrieval evaluation: a judgment file (queries with their relevant documents) in, recall@10,
//! MRR, nDCG@10 and precision@10 out, overall and per language pair.
//!
//! Every query goes through the same [`search::search`] the site uses, filtered to the judgment's
//! target language and ranked by relevance, so the figures measure what a user gets.
//! The query's own language is read from its script alone (Arabic script → ar, Cyrillic → ru,
//! anything else → en): judgment queries are short and in our three languages, and a statistical
//! detector would only add noise on a two-word name.
//!
//! Relevance is binary and the cut-off is fixed at 10, the first page a user looks at.
//! Precision@10 divides by 10 even when fewer than 10 documents are relevant, as TREC does, so a
//! query with 3 relevant documents scores at most 0.3. Capped precision@10 divides by
//! min(10, |relevant|) instead, so a perfect first page scores 1.0 however few documents are
//! relevant; the precision targets are read on it.
//!
//! Incomplete judgments: a file may say which documents were judged at all with a directive line
//! `#! judged: <text>` (a document was judged when its path contains `<text>`; it applies to the
//! rows after it). Unjudged documents are then removed from each ranking before scoring (a
//! "condensed list", Sakai 2007), so a relevant document that the judgments never looked at
//! (an Arabic news article on the Security Council, when only UN documents were judged) does not
//! count as a miss.
//!
//! This module reads no files and prints nothing: the caller passes the judgment text and gets
//! plain data back (the CLI prints it, the tests assert on it).

pub mod metadata;

use std::collections::{BTreeMap, BTreeSet};

use crate::index::Archive;
use crate::model::Lang;
use crate::search::{self, MAX_QUERY_CHARS, SearchError, SearchRequest, Sort};
use crate::vocab::script::short_text_lang;

/// Ranks looked at per query.
pub const CUTOFF: usize = 10;

/// One row of a judgment file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgment {
    /// 1-based line in the judgment file, for messages.
    pub line: usize,
    pub query: String,
    /// The language the search is filtered to.
    pub target: Lang,
    /// Corpus-relative paths of the relevant documents.
    pub relevant: BTreeSet<String>,
    /// Set by a `#! judged: <text>` directive: only documents whose path contains it were
    /// judged, and the others are left out of the ranking.
    pub judged: Option<String>,
}

/// The directive naming the judged documents.
const JUDGED_DIRECTIVE: &str = "#! judged:";

/// A judgment file that cannot be read; each variant names the 1-based line.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum JudgmentError {
    #[error(
        "line {line}: expected 3 tab-separated columns (query, target language, relevant paths), found {found}"
    )]
    Columns { line: usize, found: usize },
    #[error("line {line}: the query is empty")]
    EmptyQuery { line: usize },
    #[error("line {line}: unknown target language “{value}”; use en, ar or ru")]
    UnknownLang { line: usize, value: String },
    #[error("line {line}: no relevant paths; list them separated by `|`")]
    NoRelevant { line: usize },
    #[error("the judgment file has no queries")]
    Empty,
}

/// Evaluation stopped by a failed search (the judgment line says which query).
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("line {line}: the search failed")]
    Search {
        line: usize,
        #[source]
        source: SearchError,
    },
}

/// Mean scores over `n` queries (or one query's scores, with `n == 1`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Metrics {
    /// Queries whose first result is relevant (a pasted sentence's own statement ranked first).
    pub success_at_1: f64,
    /// Queries with a relevant document in the first 10: the answer is on the first page
    /// (question answering's "top-10 accuracy"), however many other documents also answer.
    pub success_at_10: f64,
    pub recall_at_10: f64,
    pub mrr: f64,
    pub ndcg_at_10: f64,
    pub precision_at_10: f64,
    /// Hits in the first 10 over min(10, |relevant|).
    pub capped_precision_at_10: f64,
    pub n: usize,
}

/// The scores of a whole judgment file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EvalReport {
    pub overall: Metrics,
    /// Keyed by (query language, target language).
    pub by_pair: BTreeMap<(Lang, Lang), Metrics>,
    pub queries: usize,
    /// Queries cut to [`MAX_QUERY_CHARS`] before searching.
    pub truncated: usize,
}

/// Parses a judgment file: `query<TAB>target_lang<TAB>path|path|…` per line. Blank lines and
/// lines starting with `#` are skipped, as is a first line starting with `query<TAB>` (a header).
pub fn parse_judgments(tsv: &str) -> Result<Vec<Judgment>, JudgmentError> {
    let mut res = Vec::new();
    let mut seen_content = false;
    let mut judged = None;
    for (idx, raw) in tsv.lines().enumerate() {
        let line = idx + 1;
        let text = raw.trim_end_matches('\r');
        if let Some(pool) = text.strip_prefix(JUDGED_DIRECTIVE) {
            judged = Some(pool.trim().to_string()).filter(|p| !p.is_empty());
            continue;
        }
        if text.trim().is_empty() || text.starts_with('#') {
            continue;
        }
        if !seen_content && text.starts_with("query\t") {
            seen_content = true;
            continue;
        }
        seen_content = true;
        res.push(Judgment {
            judged: judged.clone(),
            ..parse_line(line, text)?
        });
    }
    if res.is_empty() {
        return Err(JudgmentError::Empty);
    }
    Ok(res)
}

fn parse_line(line: usize, text: &str) -> Result<Judgment, JudgmentError> {
    let columns: Vec<&str> = text.split('\t').collect();
    let [query, target, paths] = columns[..] else {
        return Err(JudgmentError::Columns {
            line,
            found: columns.len(),
        });
    };
    let query = query.trim();
    if query.is_empty() {
        return Err(JudgmentError::EmptyQuery { line });
    }
    let target = match Lang::from_code(target.trim()) {
        Some(lang) if lang != Lang::Und => lang,
        _ => {
            return Err(JudgmentError::UnknownLang {
                line,
                value: target.trim().to_string(),
            });
        }
    };
    let relevant: BTreeSet<String> = paths
        .split('|')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    if relevant.is_empty() {
        return Err(JudgmentError::NoRelevant { line });
    }
    Ok(Judgment {
        line,
        query: query.to_string(),
        target,
        relevant,
        judged: None,
    })
}

/// The relevant paths that are not among `files` (the corpus' files), with their lines: a
/// judgment pointing at a missing file could never be found and would only lower the scores.
pub fn missing_paths<'j>(judgments: &'j [Judgment], files: &[String]) -> Vec<(usize, &'j str)> {
    let known: BTreeSet<&str> = files.iter().map(String::as_str).collect();
    judgments
        .iter()
        .flat_map(|j| j.relevant.iter().map(move |p| (j.line, p.as_str())))
        .filter(|(_, p)| !known.contains(p))
        .collect()
}

/// Runs every judgment's query and scores the rankings.
pub fn evaluate(archive: &Archive, judgments: &[Judgment]) -> Result<EvalReport, EvalError> {
    let mut overall = Sums::default();
    let mut by_pair: BTreeMap<(Lang, Lang), Sums> = BTreeMap::new();
    let mut truncated = 0;
    for judgment in judgments {
        let q = truncate_query(&judgment.query, MAX_QUERY_CHARS);
        if q.len() < judgment.query.len() {
            truncated += 1;
        }
        let req = SearchRequest {
            q: q.to_string(),
            lang: Some(judgment.target),
            sort: Some(Sort::Relevance),
            per_page: if judgment.judged.is_some() {
                search::MAX_PER_PAGE
            } else {
                CUTOFF
            },
            ..SearchRequest::default()
        };
        let results = search::search(archive, &req).map_err(|source| EvalError::Search {
            line: judgment.line,
            source,
        })?;
        let ranking: Vec<&str> = results
            .hits
            .iter()
            .map(|h| h.statement.path.as_str())
            .filter(|p| {
                judgment
                    .judged
                    .as_ref()
                    .is_none_or(|j| p.contains(j.as_str()))
            })
            .collect();
        let scores = score_ranking(&ranking, &judgment.relevant);
        overall.add(&scores);
        by_pair
            .entry((short_text_lang(&judgment.query), judgment.target))
            .or_default()
            .add(&scores);
    }
    Ok(EvalReport {
        overall: overall.mean(),
        by_pair: by_pair.into_iter().map(|(k, s)| (k, s.mean())).collect(),
        queries: judgments.len(),
        truncated,
    })
}

/// Scores one ranking (best first) against the relevant set; only the first [`CUTOFF`] ranks
/// count. Binary relevance: nDCG's ideal ranking puts min(|relevant|, 10) hits on top.
pub fn score_ranking(ranking: &[&str], relevant: &BTreeSet<String>) -> Metrics {
    let mut found = 0usize;
    let mut first_rank = None;
    let mut dcg = 0.0;
    let mut seen = BTreeSet::new();
    for (idx, path) in ranking.iter().take(CUTOFF).enumerate() {
        if relevant.contains(*path) && seen.insert(*path) {
            found += 1;
            first_rank.get_or_insert(idx + 1);
            dcg += discount(idx + 1);
        }
    }
    let ideal: f64 = (1..=relevant.len().min(CUTOFF)).map(discount).sum();
    let ratio = |num: f64, den: f64| if den > 0.0 { num / den } else { 0.0 };
    Metrics {
        success_at_1: if first_rank == Some(1) { 1.0 } else { 0.0 },
        success_at_10: if first_rank.is_some() { 1.0 } else { 0.0 },
        recall_at_10: ratio(found as f64, relevant.len() as f64),
        mrr: first_rank.map_or(0.0, |rank| 1.0 / rank as f64),
        ndcg_at_10: ratio(dcg, ideal),
        precision_at_10: found as f64 / CUTOFF as f64,
        capped_precision_at_10: ratio(found as f64, relevant.len().min(CUTOFF) as f64),
        n: 1,
    }
}

/// The DCG weight of a hit at 1-based `rank`.
fn discount(rank: usize) -> f64 {
    1.0 / ((rank + 1) as f64).log2()
}

/// Cuts `query` to at most `max_chars` characters, at the last whitespace before the limit so no
/// word is cut in half (a single word longer than the limit is cut where the limit falls).
/// Sentences taken from UN documents can run past the search limit.
pub fn truncate_query(query: &str, max_chars: usize) -> &str {
    let Some((cut, next)) = query.char_indices().nth(max_chars) else {
        return query;
    };
    let head = &query[..cut];
    if next.is_whitespace() {
        return head.trim_end();
    }
    match head.rfind(char::is_whitespace) {
        Some(space) if !head[..space].trim().is_empty() => head[..space].trim_end(),
        _ => head,
    }
}

#[derive(Default)]
struct Sums {
    success: f64,
    success_10: f64,
    recall: f64,
    mrr: f64,
    ndcg: f64,
    precision: f64,
    capped: f64,
    n: usize,
}

impl Sums {
    fn add(&mut self, m: &Metrics) {
        self.success += m.success_at_1;
        self.success_10 += m.success_at_10;
        self.recall += m.recall_at_10;
        self.mrr += m.mrr;
        self.ndcg += m.ndcg_at_10;
        self.precision += m.precision_at_10;
        self.capped += m.capped_precision_at_10;
        self.n += 1;
    }

    fn mean(&self) -> Metrics {
        let n = self.n.max(1) as f64;
        Metrics {
            success_at_1: self.success / n,
            success_at_10: self.success_10 / n,
            recall_at_10: self.recall / n,
            mrr: self.mrr / n,
            ndcg_at_10: self.ndcg / n,
            precision_at_10: self.precision / n,
            capped_precision_at_10: self.capped / n,
            n: self.n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relevant(paths: &[&str]) -> BTreeSet<String> {
        paths.iter().map(|p| p.to_string()).collect()
    }

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 1e-9
    }

    /// Scores `ranking` against `rel` and compares (recall, MRR, nDCG, precision).
    fn check(ranking: &[&str], rel: &[&str], expected: (f64, f64, f64, f64)) {
        let m = score_ranking(ranking, &relevant(rel));
        let actual = (m.recall_at_10, m.mrr, m.ndcg_at_10, m.precision_at_10);
        assert!(
            close(actual.0, expected.0)
                && close(actual.1, expected.1)
                && close(actual.2, expected.2)
                && close(actual.3, expected.3),
            "ranking {ranking:?} against {rel:?}: got {actual:?}, expected {expected:?}"
        );
        assert_eq!(m.n, 1);
    }

    #[test]
    fn success_counts_a_first_relevant_hit_at_one_and_within_ten() {
        let first = score_ranking(&["a", "x"], &relevant(&["a", "b"]));
        assert!(close(first.success_at_1, 1.0) && close(first.success_at_10, 1.0));
        let third = score_ranking(&["x", "y", "b"], &relevant(&["a", "b"]));
        assert!(close(third.success_at_1, 0.0) && close(third.success_at_10, 1.0));
        let ranking = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "a"];
        let late = score_ranking(&ranking, &relevant(&["a"]));
        assert!(close(late.success_at_10, 0.0));
    }

    #[test]
    fn perfect_single_hit() {
        check(&["a", "x", "y"], &["a"], (1.0, 1.0, 1.0, 0.1));
    }

    #[test]
    fn single_hit_at_rank_three() {
        // DCG = 1/log2(4) = 0.5, ideal = 1.
        check(&["x", "y", "a"], &["a"], (1.0, 1.0 / 3.0, 0.5, 0.1));
    }

    #[test]
    fn two_of_three_relevant_found() {
        // Hits at ranks 2 and 3: DCG = 1/log2(3) + 1/log2(4); ideal over 3 ranks.
        let dcg = 1.0 / 3f64.log2() + 0.5;
        let ideal = 1.0 + 1.0 / 3f64.log2() + 0.5;
        check(
            &["x", "a", "b", "y"],
            &["a", "b", "c"],
            (2.0 / 3.0, 0.5, dcg / ideal, 0.2),
        );
    }

    #[test]
    fn hits_after_rank_ten_do_not_count() {
        let ranking = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "a"];
        check(&ranking, &["a"], (0.0, 0.0, 0.0, 0.0));
    }

    #[test]
    fn ideal_dcg_is_capped_at_ten_relevant() {
        let rel: Vec<String> = (0..15).map(|i| format!("r{i}")).collect();
        let rel: Vec<&str> = rel.iter().map(String::as_str).collect();
        check(&rel[..10], &rel, (10.0 / 15.0, 1.0, 1.0, 1.0));
    }

    #[test]
    fn empty_ranking_scores_zero() {
        check(&[], &["a"], (0.0, 0.0, 0.0, 0.0));
    }

    #[test]
    fn a_repeated_path_counts_once() {
        check(&["a", "a"], &["a"], (1.0, 1.0, 1.0, 0.1));
    }

    #[test]
    fn capped_precision_divides_by_what_could_be_relevant() {
        let one = score_ranking(&["a", "x"], &relevant(&["a"]));
        assert!(close(one.precision_at_10, 0.1) && close(one.capped_precision_at_10, 1.0));
        let many: Vec<String> = (0..20).map(|i| format!("d{i}")).collect();
        let many_refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let half = score_ranking(&many_refs[..5], &relevant(&many_refs));
        assert!(close(half.capped_precision_at_10, 0.5));
    }

    #[test]
    fn a_judged_directive_applies_to_the_rows_after_it() {
        let tsv = "a\tar\tar/x.txt\n#! judged: /unpc-\nb\tar\tar/unpc-1.txt\n";
        let judgments = parse_judgments(tsv).expect("parses");
        assert_eq!(judgments[0].judged, None);
        assert_eq!(judgments[1].judged.as_deref(), Some("/unpc-"));
    }

    #[test]
    fn means_over_queries() {
        let mut sums = Sums::default();
        sums.add(&score_ranking(&["a"], &relevant(&["a"])));
        sums.add(&score_ranking(&["x"], &relevant(&["a"])));
        let m = sums.mean();
        assert_eq!(m.n, 2);
        assert!(close(m.recall_at_10, 0.5) && close(m.mrr, 0.5) && close(m.ndcg_at_10, 0.5));
    }

    #[test]
    fn parses_rows_comments_and_header() {
        let tsv = "# made by hand\n\nquery\ttarget_lang\trelevant\nouter space\tar\tar/a.txt| ar/b.txt\r\nядерное оружие\ten\ten/c.txt\n";
        let judgments = parse_judgments(tsv).expect("parses");
        assert_eq!(judgments.len(), 2);
        assert_eq!(judgments[0].line, 4);
        assert_eq!(judgments[0].target, Lang::Ar);
        assert_eq!(judgments[0].relevant, relevant(&["ar/a.txt", "ar/b.txt"]));
        assert_eq!(judgments[1].query, "ядерное оружие");
        assert_eq!(judgments[1].line, 5);
    }

    fn check_error(tsv: &str, expected: JudgmentError) {
        assert_eq!(parse_judgments(tsv), Err(expected), "{tsv:?}");
    }

    #[test]
    fn judgment_errors_name_the_line() {
        check_error(
            "# c\nouter space\tar\n",
            JudgmentError::Columns { line: 2, found: 2 },
        );
        check_error(
            "a\tar\tx.txt\tmore\n",
            JudgmentError::Columns { line: 1, found: 4 },
        );
        check_error(
            "ok\tar\tx\n \tar\tx.txt\n",
            JudgmentError::EmptyQuery { line: 2 },
        );
        check_error(
            "nuclear\tarabic\tx.txt\n",
            JudgmentError::UnknownLang {
                line: 1,
                value: "arabic".into(),
            },
        );
        check_error("nuclear\tru\t | \n", JudgmentError::NoRelevant { line: 1 });
        check_error("# only comments\n\n", JudgmentError::Empty);
    }

    #[test]
    fn a_header_after_the_first_row_is_a_bad_row() {
        check_error(
            "a\tar\tx\nquery\ttarget\n",
            JudgmentError::Columns { line: 2, found: 2 },
        );
    }

    #[test]
    fn missing_paths_are_listed_with_their_line() {
        let judgments = parse_judgments("a\tar\tar/x.txt|ar/y.txt\n").expect("parses");
        let files = vec!["ar/x.txt".to_string()];
        assert_eq!(missing_paths(&judgments, &files), vec![(1, "ar/y.txt")]);
    }

    #[test]
    fn long_queries_are_cut_at_a_word_boundary() {
        assert_eq!(truncate_query("short query", 500), "short query");
        assert_eq!(truncate_query("alpha beta gamma", 8), "alpha");
        assert_eq!(truncate_query("alpha beta gamma", 10), "alpha beta");
        assert_eq!(truncate_query("alphabetagamma", 5), "alpha");
        // Multi-byte text is cut on character boundaries.
        assert_eq!(truncate_query("ядерное оружие", 9), "ядерное");
        assert_eq!(truncate_query("الفضاء الخارجي", 10), "الفضاء");
        let long = "слово ".repeat(200);
        assert!(truncate_query(&long, MAX_QUERY_CHARS).chars().count() <= MAX_QUERY_CHARS);
    }
}
