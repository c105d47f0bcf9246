//! Avro object container files: the `Obj\x01` header (metadata map with the writer's schema
//! and codec, 16-byte sync marker), then blocks of `count`, `size`, `size` bytes of data
//! (compressed by the codec) and the sync marker again.

use std::borrow::Cow;

use super::AvroError;
use super::codec::Codec;
use super::cursor::Cursor;
use super::schema::{Schemas, compile};

/// The container's magic.
pub const MAGIC: &[u8; 4] = b"Obj\x01";

/// The header of a container file and its blocks, read one by one.
pub struct Container<'a> {
    /// Metadata entries in file order (`avro.schema`, `avro.codec`, the writer's own).
    pub meta: Vec<(String, Vec<u8>)>,
    /// The writer's schema.
    pub schema: Schemas,
    /// The codec's name (`null` when the header names none).
    pub codec_name: String,
    /// The block codec.
    pub codec: Codec,
    /// The sync marker that ends every block.
    pub sync: [u8; 16],
    cur: Cursor<'a>,
}

/// One block of data, decompressed.
pub struct Block<'a> {
    /// How many data the block declares.
    pub count: u64,
    /// The decompressed data.
    pub data: Cow<'a, [u8]>,
    /// File offset of the data (of the block's count when the data is decompressed).
    pub offset: u64,
    /// Whether `data` is the file's bytes as they are (offsets inside it are file offsets).
    pub raw: bool,
    /// The block's bytes in the file: from its count to the end of its sync marker.
    pub span: std::ops::Range<usize>,
}

impl<'a> Container<'a> {
    /// Reads the header of `bytes`.
    pub fn open(bytes: &'a [u8]) -> Result<Self, AvroError> {
        if !bytes.starts_with(MAGIC) {
            return Err(AvroError::NotContainer);
        }
        let mut cur = Cursor::new(bytes, 0, true);
        cur.take(4, "magic")?;
        let mut meta = Vec::new();
        loop {
            let n = cur.block_count("header metadata count")?;
            if n == 0 {
                break;
            }
            // Each entry takes at least two bytes (two lengths).
            if n > (cur.remaining() / 2) as u64 {
                return Err(cur.truncated("header metadata"));
            }
            for _ in 0..n {
                let k = cur.string("metadata key")?.to_string();
                let v = cur.bytes("metadata value")?.to_vec();
                meta.push((k, v));
            }
        }
        let mut sync = [0u8; 16];
        sync.copy_from_slice(cur.take(16, "sync marker")?);
        let get = |k: &str| meta.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_slice());
        let schema_json = get("avro.schema")
            .ok_or_else(|| AvroError::Schema("the header holds no avro.schema".into()))?;
        let schema = compile(schema_json)?;
        let codec_name = match get("avro.codec") {
            Some(c) => String::from_utf8_lossy(c).into_owned(),
            None => "null".into(),
        };
        let codec = Codec::named(&codec_name)?;
        Ok(Container { meta, schema, codec_name, codec, sync, cur })
    }

    /// The next block, or `None` at the end of the file.
    pub fn next_block(&mut self) -> Result<Option<Block<'a>>, AvroError> {
        if self.cur.remaining() == 0 {
            return Ok(None);
        }
        let offset = self.cur.offset();
        let count = self.cur.long("block count")?;
        if count < 0 {
            return Err(self.cur.malformed(format!("negative block count {count}")));
        }
        let size = self.cur.len("block size")?;
        let data_at = self.cur.offset();
        let body = self.cur.take(size, "block data")?;
        let marker = self.cur.take(16, "block sync marker")?;
        if marker != self.sync {
            return Err(AvroError::Malformed {
                offset: self.cur.offset() - 16,
                what: "the block's sync marker differs from the header's".into(),
            });
        }
        let (data, raw) = match self.codec {
            Codec::Null => (Cow::Borrowed(body), true),
            c => (Cow::Owned(c.decompress(body, offset)?), false),
        };
        Ok(Some(Block {
            count: count as u64,
            data,
            offset: if raw { data_at } else { offset },
            raw,
            span: offset as usize..self.cur.offset() as usize,
        }))
    }
}
