//! Which thesaurus topics a statement is about: the topic policy, over the concepts the
//! thesaurus finds in its title and body.

use crate::model::Topic;
use crate::vocab::fold::FoldedText;
use crate::vocab::thesaurus;

/// The thesaurus topics a statement is about, given its folded title and body, most-named
/// first: those named at least [`MIN_TOPIC_MENTIONS`] times, and always the most-named one, so
/// that a passing mention (one "sanctions" in a speech on outer space) does not make a topic; a
/// topic also needs a quarter of the main topic's mentions ([`TOPIC_SHARE_OF_TOP`]). A context
/// topic ([`Topic::is_context`]) counts only when no subject topic is named.
pub(super) fn topics_in(text: &FoldedText<'_>) -> Vec<Topic> {
    let counts = thesaurus::Thesaurus::get().topic_counts_folded(text);
    let counts: Vec<(Topic, usize)> = if counts.iter().any(|(topic, _)| !topic.is_context()) {
        counts
            .into_iter()
            .filter(|(t, _)| !t.is_context())
            .collect()
    } else {
        counts
    };
    let top = counts.first().map_or(0, |(_, n)| *n);
    counts
        .iter()
        .enumerate()
        .filter(|(rank, (_, n))| {
            *rank == 0 || (*n >= MIN_TOPIC_MENTIONS && *n * TOPIC_SHARE_OF_TOP >= top)
        })
        .map(|(_, (topic, _))| *topic)
        .collect()
}

/// Mentions of a topic's concepts that make it one of a statement's topics.
pub const MIN_TOPIC_MENTIONS: usize = 2;
/// A topic also needs at least a quarter of the mentions of the statement's main topic, so a
/// long speech that names everything twice is not about everything.
const TOPIC_SHARE_OF_TOP: usize = 4;
