//! Resources: what a LocalStack user calls their state (queues, buckets, tables, …), found in
//! a decoded tree.
//!
//! - [`compat`]: which LocalStack versions load state written by which;
//! - [`localstack`]: the state framework's shapes (stores, backends, account/region levels);
//! - [`services`]: the service registry, one profile per service;
//! - [`summary`]: lists a tree's resources and makes its headline (`SQS · 3 queues · …`).

pub mod compat;
pub mod localstack;
pub mod services;
pub mod summary;

pub use summary::summarize;
