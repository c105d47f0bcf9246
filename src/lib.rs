//! localstate: read, browse and safely edit LocalStack persistence volumes.
//!
//! The core (`volume`, `formats`, `model`, `edit`, `live`) knows nothing about the UI; `ui`
//! is the egui front end and `cli` the command-line one. Tests and benches use this crate.

pub mod cli;
pub mod edit;
pub mod formats;
pub mod live;
pub mod model;
pub mod ui;
pub mod volume;
