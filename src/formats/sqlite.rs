//! sqlite decoder (being written).
use crate::model::Document;
pub fn open(path: &std::path::Path) -> anyhow::Result<Document> { anyhow::bail!("{}: sqlite decoding is not implemented yet", path.display()) }
