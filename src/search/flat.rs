//! Query builders that keep a union of unions one union. tantivy reads a union whose clauses
//! are all terms with one scorer over their postings, but a union whose clauses are unions
//! (a word over each field, a rendering of it in another language, each weighted) becomes a
//! tree of union scorers that every match climbs: at a million statements the same terms
//! scored 2.4 times faster as one union than as the tree an expanded one-word query made
//! (issue 13). A sum of sums is one sum, and a weight on a sum is that weight on each of its
//! clauses, so these give the same scores (to rounding).

use std::fmt;

use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, EnableScoring, Occur, Query, Weight,
};
use tantivy::{Score, Term};

/// The union (sum of scores) of `queries`, with the clauses of a union among them spliced in.
pub fn union(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    let mut clauses: Vec<Box<dyn Query>> = Vec::with_capacity(queries.len());
    for query in queries {
        match clauses_of_union(query.as_ref()) {
            Some(inner) => clauses.extend(inner.iter().map(|(_, q)| q.box_clone())),
            None => clauses.push(query),
        }
    }
    match clauses.len() {
        1 => clauses.remove(0),
        _ => Box::new(BooleanQuery::union(clauses)),
    }
}

/// `query`'s score times `weight`; a union's weight goes onto each of its clauses.
pub fn boost(query: Box<dyn Query>, weight: Score) -> Box<dyn Query> {
    match clauses_of_union(query.as_ref()) {
        Some(inner) => Box::new(BooleanQuery::union(
            inner
                .iter()
                .map(|(_, q)| Box::new(BoostQuery::new(q.box_clone(), weight)) as Box<dyn Query>)
                .collect(),
        )),
        None => Box::new(BoostQuery::new(query, weight)),
    }
}

/// The clauses of `query` when it is a plain union: should clauses alone, one enough to match,
/// so its score is their sum.
pub fn clauses_of_union(query: &dyn Query) -> Option<&[(Occur, Box<dyn Query>)]> {
    let boolean = query.downcast_ref::<BooleanQuery>()?;
    let clauses = boolean.clauses();
    let plain = !clauses.is_empty()
        && boolean.get_minimum_number_should_match() <= 1
        && clauses.iter().all(|(occur, _)| *occur == Occur::Should);
    plain.then_some(clauses)
}

/// The best of several renderings (plus `tie` times the others' scores), as tantivy's
/// `DisjunctionMaxQuery` scores it, with its renderings left readable: tantivy keeps a
/// disjunction's parts private, and `at_least` reads each rendering's clauses straight into
/// its window instead of through two layers of union scorers.
pub struct Best {
    renderings: Vec<Box<dyn Query>>,
    tie: Score,
}

/// The best of `renderings`; one rendering is itself.
pub fn best(mut renderings: Vec<Box<dyn Query>>, tie: Score) -> Box<dyn Query> {
    match renderings.len() {
        1 => renderings.remove(0),
        _ => Box::new(Best { renderings, tie }),
    }
}

/// The renderings of `query` and its tie-breaker, when it is a [`Best`].
pub fn renderings_of_best(query: &dyn Query) -> Option<(&[Box<dyn Query>], Score)> {
    let best = query.downcast_ref::<Best>()?;
    Some((&best.renderings, best.tie))
}

impl Clone for Best {
    fn clone(&self) -> Best {
        Best {
            renderings: self.renderings.iter().map(|q| q.box_clone()).collect(),
            tie: self.tie,
        }
    }
}

impl fmt::Debug for Best {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Best")
            .field("tie", &self.tie)
            .field("renderings", &self.renderings)
            .finish()
    }
}

impl Query for Best {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let renderings = self.renderings.iter().map(|q| q.box_clone()).collect();
        DisjunctionMaxQuery::with_tie_breaker(renderings, self.tie).weight(scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for rendering in &self.renderings {
            rendering.query_terms(visitor);
        }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::DocAddress;
    use tantivy::collector::TopDocs;

    use super::*;
    use crate::search::letters::{index, letter};

    /// Every statement's score under `query`, by address.
    fn scores(searcher: &tantivy::Searcher, query: &dyn Query) -> Vec<(DocAddress, Score)> {
        let mut top = searcher
            .search(query, &TopDocs::with_limit(100).order_by_score())
            .expect("search");
        top.sort_by_key(|(_, address)| *address);
        top.into_iter().map(|(score, a)| (a, score)).collect()
    }

    fn assert_same_scores(expected: &[(DocAddress, Score)], got: &[(DocAddress, Score)]) {
        assert_eq!(expected.len(), got.len(), "as many matches");
        for ((x, s), (y, t)) in expected.iter().zip(got) {
            assert_eq!(x, y);
            assert!(
                (s - t).abs() <= 1e-5 * s.abs().max(1.0),
                "{x:?}: {s} against {t}"
            );
        }
    }

    fn docs(letters: &[&str]) -> Vec<String> {
        letters.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_union_of_weighted_unions_is_one_union_scoring_alike() {
        let (index, field) = index(&docs(&["ab", "bc", "c", "ad", "de", "e", "bd"]));
        let searcher = index.reader().expect("reader").searcher();
        let nested: Box<dyn Query> = Box::new(BooleanQuery::union(vec![
            Box::new(BooleanQuery::union(vec![
                letter(field, 'a'),
                letter(field, 'b'),
            ])),
            Box::new(BoostQuery::new(
                Box::new(BooleanQuery::union(vec![
                    letter(field, 'c'),
                    Box::new(BoostQuery::new(letter(field, 'd'), 3.0)),
                ])),
                0.5,
            )),
            letter(field, 'e'),
        ]));
        let flat = union(vec![
            union(vec![letter(field, 'a'), letter(field, 'b')]),
            boost(
                union(vec![letter(field, 'c'), boost(letter(field, 'd'), 3.0)]),
                0.5,
            ),
            letter(field, 'e'),
        ]);
        let clauses = flat
            .downcast_ref::<BooleanQuery>()
            .map(|b| b.clauses().len());
        assert_eq!(clauses, Some(5), "a, b, c, d and e in one union");
        let expected = scores(&searcher, &*nested);
        assert_eq!(expected.len(), 7);
        assert_same_scores(&expected, &scores(&searcher, &*flat));
    }

    #[test]
    fn a_union_that_needs_two_of_its_clauses_stays_whole() {
        let (index, field) = index(&docs(&["ab", "a", "b", "c"]));
        let searcher = index.reader().expect("reader").searcher();
        let two_of: Box<dyn Query> = Box::new(BooleanQuery::union_with_minimum_required_clauses(
            vec![letter(field, 'a'), letter(field, 'b')],
            2,
        ));
        let flat = union(vec![two_of.box_clone(), letter(field, 'c')]);
        let nested: Box<dyn Query> =
            Box::new(BooleanQuery::union(vec![two_of, letter(field, 'c')]));
        let expected = scores(&searcher, &*nested);
        assert_eq!(expected.len(), 2);
        assert_same_scores(&expected, &scores(&searcher, &*flat));
    }
}
