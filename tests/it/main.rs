//! Integration tests: one binary, modules by area (as ripgrep and zola keep theirs).

// An index of a corpus folder in a temp dir, and requests through the real router.
mod support;

// WCAG 2.2 AA in the real browser (axe-core), keyboard and right-to-left pages.
mod accessibility;
// Metadata accuracy: language, actors and dates from the text alone, scored.
mod accuracy;
// The JSON API through the real router.
mod api;
// Static files at hashed URLs, and page weight.
mod assets;
// Real headless Chromium against the real server.
mod browser;
// The binary as a person runs it: messages and exit codes.
mod cli;
// Parsing the seeds, the fixtures and bad files.
mod corpus;
// Searching across languages: expansion, its weight, its reasons.
mod crosslang;
// A correction in the catalog or the front matter shows in the archive.
mod curation;
// Retrieval quality over the real corpus, with floors.
mod eval;
// Feeds, downloads, OpenSearch and the sitemap.
mod feeds;
// The gazetteer against real text.
mod gazetteer;
// Hostile and odd input at the public edge.
mod hostile;
// Building, refreshing and swapping index generations.
mod index;
// Word translations learned from aligned parallel text.
mod learn;
// The lexicon built from the installed dictd dictionaries.
mod lexicon;
// Real queries: typed questions and pasted sentences.
mod queries;
// The whole path over the real corpus.
mod real;
// The thesaurus against the real corpus.
mod thesaurus;
// HTML pages through the real router.
mod web;
