//! Integration tests: one binary, modules by area (as ripgrep and zola keep theirs).

mod support;

mod accessibility;
mod accuracy;
mod api;
mod assets;
mod browser;
mod cli;
mod corpus;
mod crosslang;
mod curation;
mod eval;
mod feeds;
mod gazetteer;
mod hostile;
mod index;
mod learn;
mod lexicon;
mod queries;
mod real;
mod thesaurus;
mod web;
