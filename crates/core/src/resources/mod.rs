//! Resources: what a LocalStack user calls their state (queues, buckets, tables, …), found in
//! a decoded tree.
//!
//! - [`compat`]: which LocalStack versions load state written by which;
//! - [`localstack`]: the state framework's shapes (stores, backends, account/region levels);
//! - [`services`]: the service registry, one profile per service;
//! - [`discover`]: collections of resources found by shape;
//! - [`naming`]: kinds from class and field names;
//! - [`catalog`]: a tree's resources, their nested collections a page at a time, its headline.

pub mod catalog;
pub mod compat;
pub mod discover;
pub mod localstack;
pub mod naming;
pub mod services;

pub use catalog::summarize;
