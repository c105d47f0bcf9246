//! Scalar edits of Avro object container files: the block holding the leaf is decompressed,
//! the one value re-encoded with its schema (its union branch kept), the block compressed
//! again with the file's codec and its count/size header rewritten; the header (magic,
//! metadata with the schema and codec, sync marker) and every other block are copied byte
//! for byte. The edited block is decoded again and must differ only in the edited value.
//!
//! A scalar inside a `json` value is changed in the value's text (only its bytes, as in a
//! JSON file: `formats::json::rewrite`), and the text written back as the same Avro value;
//! the new text must parse to the old document but for that scalar.

use std::borrow::Cow;

use crate::error::Result;
use crate::formats::LeafEdit;
use crate::formats::json::parse::{J, JsonDoc, parse};
use crate::formats::pyobj::{Graph, ObjId, PyObj};
use crate::formats::timefmt::{iso_fraction, parse_iso_date, parse_iso_fraction};
use crate::model::{Origin, Value};
use crate::{bail, err};

use super::build::Builder;
use super::container::{Block, Container};
use super::cursor::Cursor;
use super::logical::decimal_text;
use super::places::{Found, is_time};
use super::schema::{Kind, Logical, Schema, SchemaId, Schemas};

/// What an edit changes in the leaf it names.
#[derive(Clone, Copy)]
enum Change<'a> {
    /// The leaf's value becomes `new`.
    Leaf(&'a Value),
    /// JSON value `value` of the leaf's text, shown as `old`, becomes `new`.
    Json { value: u32, old: &'a Value, new: &'a Value },
}

/// [`crate::formats::Editing::Bytes`] for Avro: leaves numbered by block and position.
pub fn rewrite(bytes: &[u8], e: &LeafEdit<'_>) -> Result<Vec<u8>> {
    match e.origin {
        Origin::Avro { block, leaf } => replace(bytes, *block, *leaf, e.new),
        Origin::AvroJson { block, leaf, value } => {
            let change = Change::Json { value: *value, old: e.old, new: e.new };
            edit_block(bytes, *block, *leaf, change)
        }
        other => bail!("an Avro file has no leaf with origin {other:?}"),
    }
}

/// The file `bytes` with leaf `leaf` of block `block` set to `new`.
pub fn replace(bytes: &[u8], block: u32, leaf: u32, new: &Value) -> Result<Vec<u8>> {
    edit_block(bytes, block, leaf, Change::Leaf(new))
}

/// The file `bytes` with `change` made to leaf `leaf` of block `block`.
fn edit_block(bytes: &[u8], block: u32, leaf: u32, change: Change<'_>) -> Result<Vec<u8>> {
    let mut file = Container::open(bytes)?;
    let schemas = file.schema.clone();
    let mut index = 0u32;
    while let Some(b) = file.next_block()? {
        if index == block {
            let data = edited_data(&schemas, &b, leaf, change)?;
            return splice_block(bytes, &file, &b, &data);
        }
        index = index.saturating_add(1);
    }
    bail!("the file has no data block #{block} (it has {index})")
}

/// The block's data with the leaf re-encoded, checked by decoding it again.
fn edited_data(schemas: &Schemas, b: &Block<'_>, leaf: u32, change: Change<'_>) -> Result<Vec<u8>> {
    let (before, found) = locate(schemas, b, leaf)?;
    let old = &b.data[found.bytes.clone()];
    let encoded = match change {
        Change::Leaf(new) => encode(schemas, old, &found, new)?,
        Change::Json { value, old: shown, new } => encode_json(old, &found, value, shown, new)?,
    };
    let data = [&b.data[..found.bytes.start], &encoded, &b.data[found.bytes.end..]].concat();
    let edited = Block { data: Cow::Borrowed(&data), span: b.span.clone(), ..*b };
    let (after, found_after) = locate(schemas, &edited, leaf)
        .map_err(|e| e.context("the edited block does not decode"))?;
    let leaf_reads_back = match change {
        Change::Leaf(new) => {
            shown_object(&after, found_after.objects.start, found_after.objects.end)
                .is_some_and(|id| reads_as(after.get(id), new))
        }
        // The text was checked by `encode_json`: it must be what the block now holds.
        Change::Json { .. } => data.get(found_after.bytes.clone()) == Some(&encoded[..]),
    };
    if !(leaf_reads_back && others_unchanged(&before, &after, &found, &found_after)) {
        bail!("re-decoding the edited Avro block changed more than the edited value");
    }
    Ok(data)
}

/// The new bytes of a `json` value (union index included) whose old bytes are `old`, with
/// its JSON value `value` (shown as `shown`) set to `new`.
fn encode_json(
    old: &[u8],
    found: &Found,
    value: u32,
    shown: &Value,
    new: &Value,
) -> Result<Vec<u8>> {
    let union_index = &old[..found.value_start - found.bytes.start];
    let mut cur = Cursor::new(&old[union_index.len()..], found.value_start as u64, true);
    let text = cur.bytes("json value")?;
    let doc = parse(text).map_err(|e| err!("the JSON value does not parse: {e}"))?;
    let pointer = doc.pointer(value).ok_or_else(|| {
        err!("the JSON value has no value #{value} (it has {})", doc.values.len())
    })?;
    let edited = crate::formats::json::rewrite::apply(text, &pointer, shown, new)?;
    let again = parse(&edited).map_err(|e| err!("the edited JSON does not parse: {e}"))?;
    if !same_but(&doc, &again, value) || !json_reads_as(again.get(value), new) {
        bail!("the edited JSON text changed more than the value at {pointer}");
    }
    let mut out = union_index.to_vec();
    write_bytes(&mut out, &edited);
    Ok(out)
}

/// Whether two parses are the same document but (perhaps) for value `value`.
fn same_but(a: &JsonDoc, b: &JsonDoc, value: u32) -> bool {
    a.values.len() == b.values.len()
        && a.values
            .iter()
            .zip(&b.values)
            .enumerate()
            .all(|(i, (x, y))| i == value as usize || x == y)
}

/// Whether a parsed JSON scalar is the value written.
fn json_reads_as(j: &J, v: &Value) -> bool {
    match (j, v) {
        (J::Null, Value::Null) => true,
        (J::Bool(x), Value::Bool(y)) => x == y,
        (J::Str(x), Value::Str(y) | Value::Text(y)) => x == y,
        (J::Num(n), Value::Int(y)) => n.parse::<i64>().is_ok_and(|x| x == *y),
        (J::Num(n), Value::BigInt(y) | Value::Number(y)) => &**n == y.as_str(),
        (J::Num(n), Value::Float(y)) => n.parse::<f64>().is_ok_and(|x| x.to_bits() == y.to_bits()),
        _ => false,
    }
}

/// Decodes block `b` and finds leaf `leaf` in it.
fn locate(schemas: &Schemas, b: &Block<'_>, leaf: u32) -> Result<(Graph, Found)> {
    let mut builder = Builder::new(schemas, crate::formats::pickle::Limits::default().max_nodes);
    builder.find_leaf(leaf);
    super::block_data(&mut builder, b, &b.data)?;
    // Its texts too: the comparison of the blocks before and after reads them.
    builder.index_deferred();
    let found = builder.found().cloned().ok_or_else(|| err!("the block has no leaf #{leaf}"))?;
    Ok((builder.graph, found))
}

/// The file with block `b` replaced by `data`, compressed with the file's codec.
fn splice_block(bytes: &[u8], file: &Container<'_>, b: &Block<'_>, data: &[u8]) -> Result<Vec<u8>> {
    let body = file.codec.compress(data)?;
    let mut out = Vec::with_capacity(bytes.len() + data.len().saturating_sub(b.span.len()) + 20);
    out.extend_from_slice(&bytes[..b.span.start]);
    write_long(&mut out, i64::try_from(b.count).unwrap_or(i64::MAX));
    write_long(&mut out, body.len() as i64);
    out.extend_from_slice(&body);
    out.extend_from_slice(&file.sync);
    out.extend_from_slice(&bytes[b.span.end..]);
    Ok(out)
}

/// Whether the re-decoded block is the old one but for the objects of the edited leaf.
fn others_unchanged(a: &Graph, b: &Graph, fa: &Found, fb: &Found) -> bool {
    let same = |x: PyObj, y: PyObj| match (x, y) {
        (PyObj::Float(x), PyObj::Float(y)) => x.to_bits() == y.to_bits(),
        _ => x == y,
    };
    a.len() == b.len()
        && fa.objects == fb.objects
        && (0..a.len() as ObjId).all(|i| fa.objects.contains(&i) || same(a.get(i), b.get(i)))
}

/// The object of a decoded leaf that holds its shown value (a logical value's text).
fn shown_object(g: &Graph, first: ObjId, end: ObjId) -> Option<ObjId> {
    let last = end.checked_sub(1).filter(|l| *l >= first)?;
    Some(match g.get(last) {
        PyObj::Object(o) => o.args.first().copied().unwrap_or(last),
        _ => last,
    })
}

/// Whether a decoded scalar is the value written.
fn reads_as(o: PyObj, v: &Value) -> bool {
    match (o, v) {
        (PyObj::None, Value::Null) => true,
        (PyObj::Bool(x), Value::Bool(y)) => x == *y,
        (PyObj::Int(x), Value::Int(y)) => x == *y,
        (PyObj::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (PyObj::Float(x), Value::Int(y)) => x == *y as f64,
        (PyObj::Str(x), Value::Str(y) | Value::Text(y) | Value::Number(y)) => x == y,
        (PyObj::Bytes(x), Value::Bytes(y)) => x == y.as_slice(),
        _ => false,
    }
}

/// The new bytes of a leaf whose old bytes (union index included) are `old`.
fn encode(schemas: &Schemas, old: &[u8], found: &Found, new: &Value) -> Result<Vec<u8>> {
    let union_index = &old[..found.value_start - found.bytes.start];
    let s = schemas.get(found.schema);
    if !union_index.is_empty() && (matches!(s.kind, Kind::Null) != matches!(new, Value::Null)) {
        bail!(
            "this value is the {} branch of the union {}; changing the branch (to or from null) is not supported: give a value of the same type",
            type_name(s),
            union_text(schemas, found.declared)
        );
    }
    let mut out = union_index.to_vec();
    encode_value(s, new, &mut out)?;
    Ok(out)
}

/// Appends the Avro binary encoding of `new` as a value of schema `s`.
fn encode_value(s: &Schema, new: &Value, out: &mut Vec<u8>) -> Result<()> {
    if let Logical::Decimal { scale } = s.logical {
        return encode_decimal(s, scale, new, out);
    }
    match (&s.kind, new) {
        (Kind::Null, Value::Null) => {}
        (Kind::Boolean, Value::Bool(b)) => out.push(u8::from(*b)),
        (Kind::Int, v) => {
            let n = integer(s.logical, v)?;
            let n = i32::try_from(n).map_err(|_| {
                err!("{n} does not fit an Avro int (32 bits: {} to {})", i32::MIN, i32::MAX)
            })?;
            write_long(out, n.into());
        }
        (Kind::Long, v) => write_long(out, integer(s.logical, v)?),
        (Kind::Float, Value::Float(_) | Value::Int(_)) => {
            let x = float(new);
            let f = x as f32;
            if f64::from(f) != x && !x.is_nan() {
                bail!("{x} is not exactly an Avro float (32 bits); the nearest one is {f}");
            }
            out.extend_from_slice(&f.to_le_bytes());
        }
        (Kind::Double, Value::Float(_) | Value::Int(_)) => {
            out.extend_from_slice(&float(new).to_le_bytes())
        }
        (Kind::String, Value::Str(t) | Value::Text(t)) => {
            if s.logical == Logical::Uuid && !is_uuid(t) {
                bail!("{t:?} is not a UUID (8-4-4-4-12 hexadecimal digits)");
            }
            write_bytes(out, t.as_bytes());
        }
        (Kind::Bytes, Value::Bytes(b)) => write_bytes(out, b),
        (Kind::Fixed(n), Value::Bytes(b)) if b.len() == *n => out.extend_from_slice(b),
        (Kind::Fixed(n), Value::Bytes(b)) => {
            bail!("a fixed value of {} holds exactly {n} bytes, not {}", type_name(s), b.len())
        }
        (Kind::Enum(symbols), Value::Str(t) | Value::Text(t)) => {
            let i = symbols.iter().position(|x| x == t).ok_or_else(|| {
                err!(
                    "{t:?} is not a symbol of the enum {}: one of {}",
                    type_name(s),
                    symbols.join(", ")
                )
            })?;
            write_long(out, i as i64);
        }
        (_, v) => bail!("an Avro {} cannot hold {}", type_name(s), v.display()),
    }
    Ok(())
}

/// A decimal as its unscaled two's-complement bytes: as few as hold it for `bytes`, sign
/// extended to the size of a `fixed`. The text must be in the form it is shown and read back
/// in (`scale` digits after the point).
fn encode_decimal(s: &Schema, scale: u32, new: &Value, out: &mut Vec<u8>) -> Result<()> {
    let text = match new {
        Value::Number(t) | Value::Str(t) | Value::Text(t) => t.trim(),
        Value::Int(_) | Value::BigInt(_) => &new.display(),
        other => bail!("a decimal cannot hold {}", other.display()),
    };
    let unscaled = unscaled_decimal(text, scale)?;
    let canonical = decimal_text(&unscaled.to_be_bytes(), scale).unwrap_or_default();
    if canonical != text {
        bail!(
            "give the decimal as {canonical} ({scale} digits after the point: the form it is shown and read back in)"
        );
    }
    let full = unscaled.to_be_bytes();
    // The shortest tail of the 16 bytes whose sign bit still says the number's sign.
    let sign_byte = if unscaled < 0 { 0xff } else { 0 };
    let mut start = 0;
    while start < 15 && full[start] == sign_byte && (full[start + 1] & 0x80) == (sign_byte & 0x80) {
        start += 1;
    }
    let minimal = &full[start..];
    match s.kind {
        Kind::Bytes => write_bytes(out, minimal),
        Kind::Fixed(n) if minimal.len() <= n => {
            out.extend(std::iter::repeat_n(sign_byte, n - minimal.len()));
            out.extend_from_slice(minimal);
        }
        Kind::Fixed(n) => bail!(
            "{text} needs {} bytes; the decimal's fixed {} holds {n}",
            minimal.len(),
            type_name(s)
        ),
        _ => bail!("an Avro {} cannot hold a decimal", type_name(s)),
    }
    Ok(())
}

/// `text` (an optional sign, digits, at most `scale` digits after a point) times 10^scale.
fn unscaled_decimal(text: &str, scale: u32) -> Result<i128> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) {
        bail!("{text:?} is not a decimal number (e.g. -12.50)");
    }
    if frac.len() > scale as usize {
        bail!("{text:?} has more than the decimal's {scale} digits after the point");
    }
    let padded = format!("{int}{frac:0<width$}", width = scale as usize);
    let magnitude: i128 =
        padded.parse().map_err(|_| err!("{text} does not fit a decimal of 16 bytes"))?;
    Ok(if negative { -magnitude } else { magnitude })
}

/// An int or long's value: the number, or for a date or timestamp its ISO text.
fn integer(logical: Logical, v: &Value) -> Result<i64> {
    match v {
        Value::Str(t) | Value::Text(t) if is_time(logical) => time_value(logical, t),
        _ if is_time(logical) => bail!("give this {} as ISO-8601 text", logical_name(logical)),
        Value::Int(n) => Ok(*n),
        Value::BigInt(n) => bail!("{n} does not fit an Avro long (64 bits)"),
        other => bail!("an Avro int or long cannot hold {}", other.display()),
    }
}

/// A date's days or a timestamp's units since the epoch, from the text the tree shows for it
/// (exactly that form: another spelling would not read back the same).
fn time_value(logical: Logical, text: &str) -> Result<i64> {
    let (per_second, local) = match logical {
        Logical::TimestampMillis { local } => (1_000, local),
        Logical::TimestampMicros { local } => (1_000_000, local),
        Logical::TimestampNanos { local } => (1_000_000_000, local),
        _ => {
            let days = parse_iso_date(text)
                .ok_or_else(|| err!("{text:?} is not a date: give it as YYYY-MM-DD"))?;
            return Ok(days);
        }
    };
    let v = parse_iso_fraction(text, per_second).ok_or_else(|| {
        err!(
            "{text:?} is not a {}: give it as the tree shows it, e.g. {}",
            logical_name(logical),
            iso_fraction(0, per_second, local)
        )
    })?;
    let canonical = iso_fraction(v, per_second, local);
    if canonical != text {
        bail!(
            "give the {} as {canonical} (the form it is shown and read back in)",
            logical_name(logical)
        );
    }
    Ok(v)
}

fn logical_name(l: Logical) -> &'static str {
    match l {
        Logical::Date => "date",
        _ => "timestamp",
    }
}

fn float(v: &Value) -> f64 {
    match v {
        Value::Float(x) => *x,
        Value::Int(n) => *n as f64,
        _ => f64::NAN,
    }
}

fn is_uuid(t: &str) -> bool {
    let groups: Vec<&str> = t.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A schema's name for messages: its full name, else its type.
fn type_name(s: &Schema) -> String {
    if let Some(n) = &s.name {
        return n.clone();
    }
    match &s.kind {
        Kind::Null => "null",
        Kind::Boolean => "boolean",
        Kind::Int => "int",
        Kind::Long => "long",
        Kind::Float => "float",
        Kind::Double => "double",
        Kind::Bytes => "bytes",
        Kind::String => "string",
        Kind::Fixed(_) => "fixed",
        Kind::Enum(_) => "enum",
        Kind::Record(_) => "record",
        Kind::Array(_) => "array",
        Kind::Map(_) => "map",
        Kind::Union(_) | Kind::Named(_) => "union",
    }
    .into()
}

/// `[a, b, …]`: the branches of a union.
fn union_text(schemas: &Schemas, union: SchemaId) -> String {
    match &schemas.get(union).kind {
        Kind::Union(branches) => {
            let names: Vec<String> = branches.iter().map(|b| type_name(schemas.get(*b))).collect();
            format!("[{}]", names.join(", "))
        }
        _ => type_name(schemas.get(union)),
    }
}

/// Appends a zig-zag varint.
pub fn write_long(out: &mut Vec<u8>, v: i64) {
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    while z >= 0x80 {
        out.push((z as u8 & 0x7f) | 0x80);
        z >>= 7;
    }
    out.push(z as u8);
}

fn write_bytes(out: &mut Vec<u8>, b: &[u8]) {
    write_long(out, b.len() as i64);
    out.extend_from_slice(b);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::avro::cursor::Cursor;

    #[test]
    fn varints_read_back() {
        for v in [0, -1, 1, 63, -64, 64, i64::MAX, i64::MIN] {
            let mut out = Vec::new();
            write_long(&mut out, v);
            assert_eq!(Cursor::new(&out, 0, true).long("x").unwrap(), v);
        }
    }
}
