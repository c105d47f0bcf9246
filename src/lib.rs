//! localstate, the app: the egui front end (`ui`) and the command line (`cli`) over
//! [`localstate_core`], which reads, presents and edits LocalStack state and knows no UI.
//!
//! The core's modules are re-exported so tests and benches of the app reach both through
//! one crate name.

pub mod cli;
pub mod sample;
pub mod ui;

pub use localstate_core::{edit, formats, live, model, volume};
