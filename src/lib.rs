//! statement-archive: a searchable archive of arms-control statements.
//!
//! Modules are listed in pipeline order; each may use only the ones above it.

pub mod corpus;
pub mod model;
