//! Editing Avro values on the real fixtures (LocalStack 2026.3 stores written by fastavro):
//! each kind of scalar set through the edit session, in copies of a fixture with every codec
//! (re-compressed by apache-avro), then decoded again: only the edited leaves differ, the
//! header and sync marker are the same bytes, a `.bak` holds the original. Refusals name
//! why; with the real programs, fastavro reads the saved file as the original but the edits.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::path::{Path, PathBuf};

use apache_avro::{Codec, DeflateSettings};
use localstate_core::edit::{EditSession, Place, SaveOptions};
use localstate_core::formats::avro::container::{Container, MAGIC};
use localstate_core::kind::EntryKind;
use localstate_core::model::{Document, NodeId, Origin, Value};
use localstate_core::source::Location;
use localstate_testkit as common;

fn fixture(service: &str) -> PathBuf {
    common::repo().join(format!(
        "tests/fixtures/avro/state/000000000000/{service}/us-east-1/store.state.avro"
    ))
}

fn long(out: &mut Vec<u8>, v: i64) {
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    while z >= 0x80 {
        out.push((z as u8 & 0x7f) | 0x80);
        z >>= 7;
    }
    out.push(z as u8);
}

fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    long(out, b.len() as i64);
    out.extend_from_slice(b);
}

/// The fixture's data re-compressed by apache-avro with `codec`, its metadata (but the codec's
/// name) and sync marker kept.
fn recodec(original: &[u8], codec: Codec) -> Vec<u8> {
    let mut file = Container::open(original).unwrap();
    let name: &'static str = codec.into();
    let mut out = MAGIC.to_vec();
    long(&mut out, file.meta.len() as i64);
    for (k, v) in &file.meta {
        bytes(&mut out, k.as_bytes());
        bytes(&mut out, if k == "avro.codec" { name.as_bytes() } else { v });
    }
    long(&mut out, 0);
    out.extend_from_slice(&file.sync);
    while let Some(b) = file.next_block().unwrap() {
        let mut data = b.data.to_vec();
        codec.compress(&mut data).unwrap();
        long(&mut out, b.count as i64);
        bytes(&mut out, &data);
        out.extend_from_slice(&file.sync);
    }
    out
}

fn codecs() -> Vec<Codec> {
    vec![
        Codec::Null,
        Codec::Deflate(DeflateSettings::default()),
        Codec::Snappy,
        Codec::Zstandard(Default::default()),
        Codec::Bzip2(Default::default()),
        Codec::Xz(Default::default()),
    ]
}

/// The header's bytes (magic, metadata, sync marker): everything before the first block.
fn header(file: &[u8]) -> Vec<u8> {
    let mut c = Container::open(file).unwrap();
    let first = c.next_block().unwrap().map_or(file.len(), |b| b.span.start);
    file[..first].to_vec()
}

/// The first editable leaf `pick` accepts, and the value to set it to.
fn find(doc: &mut Document, pick: impl Fn(&str, &Value) -> Option<String>) -> (String, String) {
    find_where(doc, |o| matches!(o, Origin::Avro { .. }), pick)
}

/// The first leaf inside a `json` value that `pick` takes.
fn find_in_json(
    doc: &mut Document,
    pick: impl Fn(&str, &Value) -> Option<String>,
) -> (String, String) {
    find_where(doc, |o| matches!(o, Origin::AvroJson { .. }), pick)
}

fn find_where(
    doc: &mut Document,
    origin: impl Fn(&Origin) -> bool,
    pick: impl Fn(&str, &Value) -> Option<String>,
) -> (String, String) {
    doc.tree.unfold_all();
    (0..doc.tree.len() as NodeId)
        .find_map(|id| {
            let n = doc.tree.node(id);
            if !n.origin.as_ref().is_some_and(&origin) {
                return None;
            }
            pick(&n.ty, &n.value).map(|new| (doc.tree.pointer(id), new))
        })
        .unwrap_or_else(|| panic!("no such leaf among {:?}", editable(doc)))
}

/// Type and value of every editable leaf (for messages).
fn editable(doc: &Document) -> Vec<(String, String)> {
    (0..doc.tree.len() as NodeId)
        .filter(|id| doc.tree.node(*id).origin.is_some())
        .map(|id| (doc.tree.node(id).ty.clone(), common::shown(&doc.tree, id)))
        .collect()
}

/// Edits to make in the SQS store: a string, a long, a boolean, a double, and a string and
/// a number inside `json` values (a queue's attributes, its messages).
fn sqs_edits(doc: &mut Document) -> Vec<(String, String)> {
    vec![
        find_in_json(doc, |_, v| {
            matches!(v, Value::Str(s) if s.len() > 1).then(|| "edited \"in\" JSON ✓".into())
        }),
        find_in_json(doc, |_, v| match v {
            Value::Int(n) => Some((n + 12_345).to_string()),
            _ => None,
        }),
        find(doc, |ty, v| {
            matches!(v, Value::Str(s) if ty == "str" && s.len() > 3)
                .then(|| "edited ✓ value, longer than before".into())
        }),
        find(doc, |ty, v| match v {
            Value::Int(n) if ty == "int" => Some((n + 1_000_000_007).to_string()),
            _ => None,
        }),
        find(doc, |ty, v| match v {
            Value::Bool(b) if ty == "bool" => Some((!b).to_string()),
            _ => None,
        }),
        find(doc, |ty, v| match v {
            Value::Float(x) if ty == "float" => Some((x + 0.25).to_string()),
            _ => None,
        }),
    ]
}

/// An enum of the S3 store (an object's `StorageClass`) and a timestamp.
fn s3_edits(doc: &mut Document) -> Vec<(String, String)> {
    vec![
        find(doc, |_, v| matches!(v, Value::Str(s) if s == "STANDARD").then(|| "GLACIER".into())),
        find(doc, |ty, _| (ty == "timestamp-micros").then(|| "2030-01-02T03:04:05.123456Z".into())),
    ]
}

/// A scalar as it was typed.
fn text(v: &Value) -> String {
    match v {
        Value::Str(s) | Value::Text(s) | Value::Number(s) => s.clone(),
        Value::Int(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Float(x) => x.to_string(),
        other => format!("{other:?}"),
    }
}

/// Stages `edits` on `path`, saves, and checks the saved file; returns the saved bytes.
fn edit_and_check(path: &Path, edits: &[(String, String)]) -> Vec<u8> {
    let original = std::fs::read(path).unwrap();
    let (mut session, mut doc) = EditSession::open(path, EntryKind::AVRO).unwrap();
    doc.tree.unfold_all();
    for (pointer, value) in edits {
        let id = doc.tree.resolve(pointer).unwrap();
        let place = Place::Tree { pointer: pointer.clone() };
        session.edit_leaf(&doc.tree, id, place, value, None).unwrap();
    }
    let saved = session.save(&doc, SaveOptions::default()).unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(std::fs::read(&saved.backup).unwrap(), original, ".bak holds the original");
    let bytes = std::fs::read(path).unwrap();
    assert_ne!(bytes, original);
    assert_eq!(header(&bytes), header(&original), "header and sync marker kept");
    let mut after = saved.document;
    after.tree.unfold_all();
    for (pointer, value) in edits {
        let id = after.tree.resolve(pointer).unwrap();
        assert_eq!(text(&after.tree.node(id).value), *value, "{pointer}");
    }
    let mut changed: Vec<String> =
        after.tree.changed_since(&doc.tree).into_iter().map(|id| after.tree.pointer(id)).collect();
    changed.sort();
    let mut want: Vec<String> = edits.iter().map(|(p, _)| p.clone()).collect();
    want.sort();
    assert_eq!(changed, want, "only the edited leaves differ");
    bytes
}

/// The stores edited, with their edits.
type Edits = fn(&mut Document) -> Vec<(String, String)>;
const STORES: [(&str, Edits); 2] = [("sqs", sqs_edits), ("s3", s3_edits)];

/// Runs `check` on a copy of each store re-compressed with each of `codecs`, with its edits.
fn for_each_copy(codecs: Vec<Codec>, check: impl Fn(&Path, &[(String, String)])) {
    for codec in codecs {
        for (service, edits) in STORES {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("store.state.avro");
            let original = std::fs::read(fixture(service)).unwrap();
            std::fs::write(&path, recodec(&original, codec)).unwrap();
            let mut doc =
                localstate_core::formats::avro::decode(&std::fs::read(&path).unwrap()).unwrap();
            let edits = edits(&mut doc);
            let name: &'static str = codec.into();
            eprintln!("{service} {name}: {edits:?}");
            check(&path, &edits);
        }
    }
}

#[test]
fn every_kind_of_scalar_round_trips_with_every_codec() {
    for_each_copy(codecs(), |path, edits| {
        edit_and_check(path, edits);
    });
}

#[test]
fn the_committed_fixture_edits_in_place_with_its_own_codec() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.state.avro");
    std::fs::copy(fixture("sqs"), &path).unwrap();
    let mut doc = localstate_core::formats::avro::decode(&std::fs::read(&path).unwrap()).unwrap();
    let edits = sqs_edits(&mut doc);
    edit_and_check(&path, &edits);
}

/// Tries to stage `input` (of type `ty`) at the first leaf `pick` accepts in a copy of the
/// `service`'s fixture, then to save; returns the error.
fn refusal(
    service: &str,
    pick: impl Fn(&Document, NodeId) -> bool,
    input: &str,
    ty: Option<&str>,
) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.state.avro");
    std::fs::copy(fixture(service), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let (mut session, mut doc) = EditSession::open(&path, EntryKind::AVRO).unwrap();
    doc.tree.unfold_all();
    let id = (0..doc.tree.len() as NodeId).find(|id| pick(&doc, *id)).expect("such a leaf");
    let place = Place::Tree { pointer: doc.tree.pointer(id) };
    let err = match session.edit_leaf(&doc.tree, id, place, input, ty) {
        Err(e) => e,
        Ok(_) => session.save(&doc, SaveOptions::default()).unwrap_err(),
    };
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing written");
    format!("{err:#}")
}

#[test]
fn refusals_say_why() {
    let null_in_union = |d: &Document, id| {
        let n = d.tree.node(id);
        n.origin.is_some() && n.value == Value::Null
    };
    let e = refusal("sqs", null_in_union, "x", Some("str"));
    assert!(e.contains("changing the branch (to or from null) is not supported"), "{e}");
    assert!(e.contains("null branch of the union [double, null]"), "{e}");
    let string = |d: &Document, id| {
        let n = d.tree.node(id);
        n.origin.is_some() && n.ty == "str"
    };
    let e = refusal("sqs", string, "", Some("null"));
    assert!(e.contains("/_service_name: an Avro string cannot hold None"), "{e}");
    // A `{__id, __data}` wrapper shown as the list it holds.
    let presentational = |d: &Document, id| d.tree.node(id).is_list;
    let e = refusal("sqs", presentational, "1", Some("int"));
    assert!(e.contains("is not editable: it is computed for display"), "{e}");
    let timestamp = |d: &Document, id| d.tree.node(id).ty == "timestamp-micros";
    let e = refusal("s3", timestamp, "2030-01-02T03:04:05Z", None);
    assert!(e.contains("give the timestamp as 2030-01-02T03:04:05.000000Z"), "{e}");
    let double = |d: &Document, id| {
        let n = d.tree.node(id);
        n.origin.is_some() && n.ty == "float"
    };
    let storage_class = |d: &Document, id| d.tree.node(id).value == Value::Str("STANDARD".into());
    let e = refusal("s3", storage_class, "CHEAP", None);
    assert!(
        e.contains("\"CHEAP\" is not a symbol of the enum localstack.StorageClass: one of"),
        "{e}"
    );
    let e = refusal("sqs", double, "true", Some("bool"));
    assert!(e.contains("an Avro double cannot hold True"), "{e}");
}

#[test]
fn an_archive_member_is_read_only_naming_the_archive() {
    let zip = common::repo().join("tests/fixtures/archives/snapshot.zip");
    let member = Location::member(&zip, "api_states/000000000000/sqs/us-east-1/store.state.avro");
    let (mut session, mut doc) = EditSession::open(&member.path(), EntryKind::AVRO).unwrap();
    doc.tree.unfold_all();
    let id = (0..doc.tree.len() as NodeId)
        .find(|id| matches!(doc.tree.node(*id).origin, Some(Origin::Avro { .. })))
        .unwrap();
    let place = Place::Tree { pointer: doc.tree.pointer(id) };
    let e = session.edit_leaf(&doc.tree, id, place, "x", Some("str")).unwrap_err().to_string();
    assert!(e.contains("snapshot.zip: archives are read-only; extract it first"), "{e}");
}

/// A file of two blocks with an `int`, a UUID and a date (the fixtures hold none), written
/// by apache-avro: a value of the second block edits, an `int` past 32 bits is refused.
#[test]
fn ints_uuids_and_dates_of_a_later_block() {
    use apache_avro::types::{Record, Value as A};
    let schema = apache_avro::Schema::parse_str(
        r#"{"type":"record","name":"R","fields":[{"name":"n","type":"int"},
            {"name":"u","type":{"type":"string","logicalType":"uuid"}},
            {"name":"d","type":{"type":"int","logicalType":"date"}}]}"#,
    )
    .unwrap();
    let mut w = apache_avro::Writer::with_codec(
        &schema,
        Vec::new(),
        Codec::Deflate(DeflateSettings::default()),
    );
    for n in [7, 8] {
        let mut r = Record::new(&schema).unwrap();
        r.put("n", n);
        r.put("u", A::String(format!("0000000{n}-0000-4000-8000-000000000000")));
        r.put("d", A::Date(n));
        w.append(r).unwrap();
        w.flush().unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.avro");
    std::fs::write(&path, w.into_inner().unwrap()).unwrap();
    let edit = |pointer: &str, value: &str| {
        let (mut session, doc) = EditSession::open(&path, EntryKind::AVRO).unwrap();
        let id = doc.tree.resolve(pointer).unwrap();
        assert!(matches!(doc.tree.node(id).origin, Some(Origin::Avro { block: 1, .. })));
        let place = Place::Tree { pointer: pointer.into() };
        session.edit_leaf(&doc.tree, id, place, value, None).unwrap();
        session.save(&doc, SaveOptions::default()).map(|s| text(&s.document.tree.node(id).value))
    };
    let e = format!("{:#}", edit("/1/n", "2147483648").unwrap_err());
    assert!(
        e.contains("2147483648 does not fit an Avro int (32 bits: -2147483648 to 2147483647)"),
        "{e}"
    );
    assert_eq!(edit("/1/n", "-2147483648").unwrap(), "-2147483648");
    assert_eq!(edit("/1/d", "2026-12-02").unwrap(), "2026-12-02");
    let uuid = "123e4567-e89b-42d3-a456-426614174000";
    assert_eq!(edit("/1/u", uuid).unwrap(), uuid);
    let e = format!("{:#}", edit("/1/u", "not-a-uuid").unwrap_err());
    assert!(e.contains("is not a UUID"), "{e}");
}

/// Decimals in `bytes` (as few bytes as hold them) and in a 4-byte `fixed` (sign extended),
/// written by apache-avro: edits read back through apache-avro as the unscaled numbers
/// written; a value in another form than shown, or too big for its fixed, is refused.
#[test]
fn decimals_in_bytes_and_fixed() {
    use apache_avro::types::{Record, Value as A};
    let schema = apache_avro::Schema::parse_str(
        r#"{"type":"record","name":"Price","fields":[
            {"name":"b","type":{"type":"bytes","logicalType":"decimal","precision":30,"scale":2}},
            {"name":"f","type":{"type":"fixed","name":"F","size":4,"logicalType":"decimal","precision":9,"scale":3}}]}"#,
    )
    .unwrap();
    let mut w = apache_avro::Writer::new(&schema, Vec::new());
    let mut r = Record::new(&schema).unwrap();
    r.put("b", A::Decimal(apache_avro::Decimal::from(vec![0x30, 0x39]))); // 123.45
    r.put("f", A::Decimal(apache_avro::Decimal::from(vec![0xff, 0xff, 0xff, 0xff]))); // -0.001
    w.append(r).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("price.avro");
    std::fs::write(&path, w.into_inner().unwrap()).unwrap();
    let edit = |pointer: &str, value: &str| {
        let (mut session, doc) = EditSession::open(&path, EntryKind::AVRO).unwrap();
        let id = doc.tree.resolve(pointer).unwrap();
        let place = Place::Tree { pointer: pointer.into() };
        session.edit_leaf(&doc.tree, id, place, value, None)?;
        session.save(&doc, SaveOptions::default()).map(|s| text(&s.document.tree.node(id).value))
    };
    // What apache-avro reads: the unscaled two's-complement bytes of each field.
    let unscaled = || -> Vec<Vec<u8>> {
        let file = std::fs::read(&path).unwrap();
        let mut reader = apache_avro::Reader::new(&file[..]).unwrap();
        let Ok(A::Record(fields)) = reader.next().unwrap() else { panic!("not a record") };
        fields
            .into_iter()
            .map(|(_, v)| match v {
                A::Decimal(d) => Vec::<u8>::try_from(d).unwrap(),
                other => panic!("{other:?}"),
            })
            .collect()
    };
    assert_eq!(edit("/b", "0.07").unwrap(), "0.07");
    assert_eq!(unscaled()[0], [7]);
    assert_eq!(edit("/b", "-98765432109876543210.99").unwrap(), "-98765432109876543210.99");
    let big = unscaled()[0].clone();
    assert_eq!(big.len(), 10, "{big:x?}");
    assert_eq!(
        i128::from_be_bytes([vec![0xff; 6], big].concat().try_into().unwrap()),
        -9876543210987654321099
    );
    assert_eq!(edit("/f", "2147483.647").unwrap(), "2147483.647");
    assert_eq!(unscaled()[1], [0x7f, 0xff, 0xff, 0xff]);
    assert_eq!(edit("/f", "-1.500").unwrap(), "-1.500");
    assert_eq!(unscaled()[1], (-1500i32).to_be_bytes());

    let e = format!("{:#}", edit("/b", "7.5").unwrap_err());
    assert!(e.contains("give the decimal as 7.50 (2 digits after the point"), "{e}");
    let e = format!("{:#}", edit("/b", "7.505").unwrap_err());
    assert!(e.contains("\"7.505\" has more than the decimal's 2 digits after the point"), "{e}");
    let e = format!("{:#}", edit("/f", "2147483.648").unwrap_err());
    assert!(e.contains("2147483.648 needs 5 bytes; the decimal's fixed F holds 4"), "{e}");
    assert_eq!(unscaled()[1], (-1500i32).to_be_bytes(), "a refused edit changed the file");
}

/// What fastavro reads from `file`, in localstate's presentation (`tools/avro-fastavro-dump.py`).
fn fastavro(file: &Path) -> serde_json::Value {
    let py = common::tool("LOCALSTATE_PY");
    let script = common::repo().join("tools/avro-fastavro-dump.py");
    let out = std::process::Command::new(&py).arg(&script).arg(file).output().unwrap();
    assert!(out.status.success(), "{}: {}", file.display(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The pointers where `a` and `b` differ (iteratively).
fn differences(a: &serde_json::Value, b: &serde_json::Value) -> Vec<String> {
    use serde_json::Value as J;
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), a, b)];
    while let Some((p, a, b)) = stack.pop() {
        match (a, b) {
            (J::Object(x), J::Object(y)) if x.len() == y.len() => {
                for (k, v) in x {
                    let key = k.replace('~', "~0").replace('/', "~1");
                    match y.get(k) {
                        Some(w) => stack.push((format!("{p}/{key}"), v, w)),
                        None => out.push(format!("{p}/{key}")),
                    }
                }
            }
            (J::Array(x), J::Array(y)) if x.len() == y.len() => {
                stack.extend(
                    x.iter().zip(y).enumerate().map(|(i, (v, w))| (format!("{p}/{i}"), v, w)),
                );
            }
            _ if a != b => out.push(p),
            _ => {}
        }
    }
    out.sort();
    out
}

#[test]
#[ignore = "needs the real programs (LOCALSTATE_PY with fastavro)"]
fn fastavro_reads_the_saved_file_as_the_original_but_the_edits() {
    // The codecs fastavro reads without further libraries (snappy needs cramjam).
    let stdlib = [
        Codec::Null,
        Codec::Deflate(DeflateSettings::default()),
        Codec::Bzip2(Default::default()),
        Codec::Xz(Default::default()),
    ];
    for_each_copy(stdlib.to_vec(), |path, edits| {
        let before = fastavro(path);
        edit_and_check(path, edits);
        let after = fastavro(path);
        let mut want: Vec<String> = edits.iter().map(|(p, _)| p.clone()).collect();
        want.sort();
        assert_eq!(differences(&before, &after), want);
        for (pointer, value) in edits {
            let got = after.pointer(pointer).unwrap();
            let got = got.as_str().map_or_else(|| got.to_string(), str::to_string);
            assert_eq!(got, *value, "{pointer}");
        }
    });
}

/// A file changed on disk since it was read is not overwritten (the same conflict check as
/// for pickles).
#[test]
fn a_file_changed_on_disk_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.state.avro");
    std::fs::copy(fixture("sqs"), &path).unwrap();
    let (mut session, doc) = EditSession::open(&path, EntryKind::AVRO).unwrap();
    let id = doc.tree.resolve("/_service_name").unwrap();
    let place = Place::Tree { pointer: "/_service_name".into() };
    session.edit_leaf(&doc.tree, id, place, "other", None).unwrap();
    let theirs = recodec(&std::fs::read(&path).unwrap(), Codec::Null);
    std::fs::write(&path, &theirs).unwrap();
    let e = format!("{:#}", session.save(&doc, SaveOptions::default()).unwrap_err());
    assert!(e.contains("changed on disk"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), theirs, "their change kept");
}
