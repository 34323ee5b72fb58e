//! statement-archive: a searchable archive of arms-control statements.
//!
//! Modules are listed in pipeline order; each uses only the ones above it (and `model`):
//! (curated knowledge) → corpus files → parsed statements → analysis → index → search → (eval) → web → cli.

pub mod model;

pub mod chars;

pub mod vocab;

pub mod corpus;

pub mod analysis;

pub mod lexicon;

pub mod index;

pub mod search;

pub mod eval;

pub mod web;

pub mod cli;
