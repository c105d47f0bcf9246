//! kinesis decoder (being written).
use crate::model::Document;
pub fn open(_bytes: &[u8]) -> anyhow::Result<Document> { anyhow::bail!("kinesis decoding is not implemented yet") }
