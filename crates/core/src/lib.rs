//! localstate's core: reads, browses and safely edits LocalStack persistence volumes, with
//! no knowledge of any user interface (no egui, no winit, no clap).
//!
//! - [`volume`]: which layouts a path holds, and the service → account → region → file tree;
//! - [`archive`], [`source`]: snapshot / Cloud Pod zips, read in place (`ARCHIVE!/MEMBER`);
//! - [`formats`]: pure decoders, each turning a file into a [`model::Document`];
//! - [`model`]: the one tree model every format produces, and paged row sources;
//! - [`edit`]: edits, re-encoding and safe saving;
//! - [`live`]: polling a running LocalStack's health;
//! - [`values`]: viewers for one value (JSON, XML, base64, gzip, zip, images, timestamps, hex).

#![warn(missing_docs)]

pub mod archive;
pub mod audit;
pub mod edit;
pub mod error;
pub mod files;
pub mod formats;
pub mod input;
pub mod json_text;
pub mod kind;
pub mod live;
pub mod model;
pub mod resources;
pub mod source;
pub mod text;
pub mod values;
pub mod volume;

pub use error::{Error, Result};
