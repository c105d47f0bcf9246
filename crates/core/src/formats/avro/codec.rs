//! The block codecs of Avro containers (every one apache-avro writes: null, deflate, snappy,
//! zstandard, bzip2, xz), each decompressing into at most [`MAX_BLOCK_BYTES`]: a
//! decompression bomb is refused when it passes the limit, not after filling memory.

use std::io::Read;

use super::{AvroError, MAX_BLOCK_BYTES};

/// A block codec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    /// Uncompressed.
    Null,
    /// Raw deflate (RFC 1951).
    Deflate,
    /// Snappy, followed by the big-endian CRC-32 of the data.
    Snappy,
    /// Zstandard frames.
    Zstandard,
    /// bzip2.
    Bzip2,
    /// xz.
    Xz,
}

impl Codec {
    /// The codec an `avro.codec` value names.
    pub fn named(name: &str) -> Result<Codec, AvroError> {
        Ok(match name {
            "null" => Codec::Null,
            "deflate" => Codec::Deflate,
            "snappy" => Codec::Snappy,
            "zstandard" => Codec::Zstandard,
            "bzip2" => Codec::Bzip2,
            "xz" => Codec::Xz,
            other => return Err(AvroError::Codec(other.to_string())),
        })
    }

    /// Decompresses one block (`offset`: the block's, for errors).
    pub fn decompress(self, body: &[u8], offset: u64) -> Result<Vec<u8>, AvroError> {
        let bad = |what: String| AvroError::Malformed { offset, what };
        let too_big = || AvroError::Limit {
            limit: "MAX_BLOCK_BYTES",
            max: MAX_BLOCK_BYTES as u64,
            offset: Some(offset),
        };
        match self {
            Codec::Null => Ok(body.to_vec()),
            Codec::Deflate => {
                miniz_oxide::inflate::decompress_to_vec_with_limit(body, MAX_BLOCK_BYTES).map_err(
                    |e| match e.status {
                        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => too_big(),
                        s => bad(format!("deflate block does not decompress ({s:?})")),
                    },
                )
            }
            Codec::Snappy => {
                let Some(split) = body.len().checked_sub(4) else {
                    return Err(bad("snappy block shorter than its checksum".into()));
                };
                let (data, crc) = body.split_at(split);
                let len = snap::raw::decompress_len(data)
                    .map_err(|e| bad(format!("snappy block: {e}")))?;
                if len > MAX_BLOCK_BYTES {
                    return Err(too_big());
                }
                let out = snap::raw::Decoder::new()
                    .decompress_vec(data)
                    .map_err(|e| bad(format!("snappy block: {e}")))?;
                let expected = u32::from_be_bytes([crc[0], crc[1], crc[2], crc[3]]);
                if crc32fast::hash(&out) != expected {
                    return Err(bad("snappy block fails its CRC-32".into()));
                }
                Ok(out)
            }
            Codec::Zstandard => {
                let d = zstd::stream::read::Decoder::new(body)
                    .map_err(|e| bad(format!("zstandard block: {e}")))?;
                bounded(d, "zstandard", offset)
            }
            Codec::Bzip2 => bounded(bzip2::read::BzDecoder::new(body), "bzip2", offset),
            Codec::Xz => bounded(liblzma::read::XzDecoder::new(body), "xz", offset),
        }
    }
}

impl Codec {
    /// Compresses one block's data (an edited block, written back with the file's codec).
    pub fn compress(self, data: &[u8]) -> Result<Vec<u8>, AvroError> {
        let failed = |codec: &str, e: std::io::Error| AvroError::Malformed {
            offset: 0,
            what: format!("{codec} cannot compress the edited block: {e}"),
        };
        Ok(match self {
            Codec::Null => data.to_vec(),
            Codec::Deflate => miniz_oxide::deflate::compress_to_vec(data, 6),
            Codec::Snappy => {
                let mut out = snap::raw::Encoder::new()
                    .compress_vec(data)
                    .map_err(|e| failed("snappy", e.into()))?;
                out.extend_from_slice(&crc32fast::hash(data).to_be_bytes());
                out
            }
            Codec::Zstandard => {
                zstd::stream::encode_all(data, 0).map_err(|e| failed("zstandard", e))?
            }
            Codec::Bzip2 => {
                read_all(bzip2::read::BzEncoder::new(data, bzip2::Compression::default()))
                    .map_err(|e| failed("bzip2", e))?
            }
            Codec::Xz => {
                read_all(liblzma::read::XzEncoder::new(data, 6)).map_err(|e| failed("xz", e))?
            }
        })
    }
}

fn read_all(mut r: impl Read) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    r.read_to_end(&mut out)?;
    Ok(out)
}

/// Reads a decompressing reader to its end, refusing more than [`MAX_BLOCK_BYTES`].
fn bounded(r: impl Read, codec: &str, offset: u64) -> Result<Vec<u8>, AvroError> {
    let mut out = Vec::new();
    r.take(MAX_BLOCK_BYTES as u64 + 1).read_to_end(&mut out).map_err(|e| AvroError::Malformed {
        offset,
        what: format!("{codec} block does not decompress: {e}"),
    })?;
    if out.len() > MAX_BLOCK_BYTES {
        return Err(AvroError::Limit {
            limit: "MAX_BLOCK_BYTES",
            max: MAX_BLOCK_BYTES as u64,
            offset: Some(offset),
        });
    }
    Ok(out)
}
