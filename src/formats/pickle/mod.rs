//! Pickle engine (being written).
use crate::model::Document;
pub fn open_file(path: &std::path::Path) -> anyhow::Result<Document> { anyhow::bail!("{}: pickle decoding is not implemented yet", path.display()) }
