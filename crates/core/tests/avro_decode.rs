//! Avro object container files: a LocalStack-shaped store (py-avro-schema conventions)
//! written by apache-avro with every codec decodes to the tree a pickle of it would give;
//! hostile files (truncated, garbage, schema bombs, huge counts, unknown codec) are errors.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::collections::HashMap;

use apache_avro::types::Value as A;
use apache_avro::{Codec, DeflateSettings, Schema};
use localstate_core::formats::avro::{AvroError, decode};
use localstate_core::model::{Document, Value};
use localstate_core::{Error, formats};

const STORE_SCHEMA: &str = r#"{
 "type": "record", "name": "QueueStore", "namespace": "localstack.services.sqs.models",
 "fields": [
  {"name": "queues", "attribute_type": "LocalAttribute", "type": {
    "type": "record", "name": "QueueMap", "namespace": "builtins", "fields": [
      {"name": "__id", "type": ["null", "long"], "default": null},
      {"name": "__data", "type": {"type": "map", "values": {
        "type": "record", "name": "Queue", "namespace": "localstack.services.sqs.models",
        "fields": [
          {"name": "name", "type": "string"},
          {"name": "created", "type": {"type": "long", "logicalType": "timestamp-micros"}},
          {"name": "attributes", "type": {"type": "bytes", "logicalType": "json"}},
          {"name": "state", "type": {"type": "enum", "name": "QueueState", "symbols": ["ACTIVE", "DELETED"]}},
          {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
          {"name": "owner", "type": ["null", {"type": "string", "namedString": "py_avro_schema._schemas.TDMissingMarker"}]},
          {"name": "ready", "type": [{"type": "string", "namedString": "py_avro_schema._schemas.TDMissingMarker"}, "boolean", "null"]},
          {"name": "tags", "type": {"type": "record", "name": "StrList", "namespace": "builtins", "fields": [
            {"name": "__id", "type": ["null", "long"], "default": null},
            {"name": "__data", "type": {"type": "array", "items": "string"}}]}},
          {"name": "__id", "type": ["null", "long"], "default": null},
          {"name": "_runtime_type", "type": ["null", "string"]}
        ]}}}]}},
  {"name": "default_queue", "type": ["null", "localstack.services.sqs.models.Queue"]},
  {"name": "_service_name", "type": "string"},
  {"name": "_account_id", "type": "string"},
  {"name": "_region_name", "type": "string"},
  {"name": "_version", "type": "long"},
  {"name": "__id", "type": ["null", "long"], "default": null}
 ]}"#;

fn queue(name: &str, id: i64, owner: Option<&str>) -> A {
    let owner = match owner {
        None => A::Union(1, Box::new(A::String("__td_missing__".into()))),
        Some(o) => A::Union(1, Box::new(A::String(o.into()))),
    };
    let ready = match owner_is_missing(&owner) {
        true => A::Union(0, Box::new(A::String("__td_missing__".into()))),
        false => A::Union(1, Box::new(A::Boolean(true))),
    };
    A::Record(vec![
        ("name".into(), A::String(name.into())),
        // 2026-11-28T14:51:22.648001Z
        ("created".into(), A::TimestampMicros(1_795_877_482_648_001)),
        ("attributes".into(), A::Bytes(br#"{"DelaySeconds": "0", "n": [1, 2.5, null]}"#.to_vec())),
        ("state".into(), A::Enum(0, "ACTIVE".into())),
        ("price".into(), A::Decimal(apache_avro::Decimal::from(vec![0x30, 0x39]))),
        ("owner".into(), owner),
        ("ready".into(), ready),
        (
            "tags".into(),
            A::Record(vec![
                ("__id".into(), A::Union(0, Box::new(A::Null))),
                ("__data".into(), A::Array(vec![A::String("a".into()), A::String("b".into())])),
            ]),
        ),
        ("__id".into(), A::Union(1, Box::new(A::Long(id)))),
        (
            "_runtime_type".into(),
            A::Union(1, Box::new(A::String("localstack.services.sqs.models.StandardQueue".into()))),
        ),
    ])
}

fn owner_is_missing(owner: &A) -> bool {
    matches!(owner, A::Union(_, b) if **b == A::String("__td_missing__".into()))
}

fn store() -> A {
    let queues: HashMap<String, A> =
        [("q1".to_string(), queue("q1", 7, None)), ("q2".to_string(), queue("q2", 8, Some("me")))]
            .into();
    A::Record(vec![
        (
            "queues".into(),
            A::Record(vec![
                ("__id".into(), A::Union(1, Box::new(A::Long(1)))),
                ("__data".into(), A::Map(queues)),
            ]),
        ),
        // The same object as queues["q1"] (same `__id`).
        ("default_queue".into(), A::Union(1, Box::new(queue("q1", 7, None)))),
        ("_service_name".into(), A::String("sqs".into())),
        ("_account_id".into(), A::String("000000000000".into())),
        ("_region_name".into(), A::String("eu-west-1".into())),
        ("_version".into(), A::Long(0)),
        ("__id".into(), A::Union(1, Box::new(A::Long(2)))),
    ])
}

/// The store as apache-avro encodes and compresses it, in a container whose header holds
/// the schema as py-avro-schema wrote it (apache-avro's writer would embed its own canonical
/// form, without the `json` logical type and the `namedString` marker).
fn write(codec: Codec) -> Vec<u8> {
    let schema = Schema::parse_str(STORE_SCHEMA).unwrap();
    let mut block = apache_avro::to_avro_datum(&schema, store()).unwrap();
    let name: &'static str = codec.into();
    codec.compress(&mut block).unwrap();
    container(STORE_SCHEMA, name, 1, &block)
}

fn leaf(doc: &Document, pointer: &str) -> (String, Value) {
    let id = doc.tree.resolve(pointer).unwrap_or_else(|| panic!("no {pointer}"));
    let n = doc.tree.node(id);
    (n.ty.clone(), n.value.clone())
}

fn codecs() -> Vec<(&'static str, Codec)> {
    vec![
        ("null", Codec::Null),
        ("deflate", Codec::Deflate(DeflateSettings::default())),
        ("snappy", Codec::Snappy),
        ("zstandard", Codec::Zstandard(Default::default())),
        ("bzip2", Codec::Bzip2(Default::default())),
        ("xz", Codec::Xz(Default::default())),
    ]
}

#[test]
fn a_store_reads_like_its_pickle_with_every_codec() {
    for (name, codec) in codecs() {
        let bytes = write(codec);
        let doc = decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(doc.format, format!("Avro ({name} codec, 1 data)"));
        let t = &doc.tree;
        assert_eq!(t.node(0).ty, "localstack.services.sqs.models.QueueStore", "{name}");
        // `{__id, __data}` wrappers collapse into their dict / list.
        let (ty, _) = leaf(&doc, "/queues");
        assert_eq!(ty, "dict");
        // `_runtime_type` is the class.
        assert_eq!(leaf(&doc, "/queues/q1").0, "localstack.services.sqs.models.StandardQueue");
        assert_eq!(leaf(&doc, "/queues/q1/name").1, Value::Str("q1".into()));
        assert_eq!(
            leaf(&doc, "/queues/q1/created"),
            ("timestamp-micros".into(), Value::Text("2026-11-28T14:51:22.648001Z".into()))
        );
        assert_eq!(leaf(&doc, "/queues/q1/attributes/DelaySeconds").1, Value::Str("0".into()));
        assert_eq!(leaf(&doc, "/queues/q1/attributes/n/1").1, Value::Float(2.5));
        assert_eq!(leaf(&doc, "/queues/q1/attributes/n/2").1, Value::Null);
        assert_eq!(leaf(&doc, "/queues/q1/state").1, Value::Str("ACTIVE".into()));
        assert_eq!(
            leaf(&doc, "/queues/q1/price"),
            ("Decimal".into(), Value::Number("123.45".into()))
        );
        assert_eq!(leaf(&doc, "/queues/q1/tags/1").1, Value::Str("b".into()));
        // An absent TypedDict key is not shown; a present one is.
        assert!(t.resolve("/queues/q1/owner").is_none());
        assert!(t.resolve("/queues/q1/ready").is_none());
        assert_eq!(leaf(&doc, "/queues/q2/owner").1, Value::Str("me".into()));
        assert_eq!(leaf(&doc, "/queues/q2/ready").1, Value::Bool(true));
        // No convention field is shown as data.
        let q1 = t.resolve("/queues/q1").unwrap();
        let names: Vec<&str> =
            t.node(q1).children.iter().map(|c| t.node(*c).name.as_str()).collect();
        assert_eq!(names, ["name", "created", "attributes", "state", "price", "tags"]);
        // The same `__id` is the same object: shown once, referenced elsewhere.
        assert_eq!(leaf(&doc, "/default_queue").1, Value::Ref(q1));
        // Account and region from the store's fields.
        assert_eq!(doc.scopes.len(), 1);
        assert_eq!(doc.scopes[0].account, "000000000000");
        assert_eq!(doc.scopes[0].region.as_deref(), Some("eu-west-1"));
        // Resource discovery by class, as for a pickled store.
        assert!(doc.summary.headline.starts_with("SQS"), "{}", doc.summary.headline);
        let queues: Vec<&str> = doc
            .summary
            .resources
            .iter()
            .filter(|r| r.kind == "queue")
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(queues.len(), 2, "{:?}", doc.summary.resources);
        assert!(doc.summary.resources.iter().all(|r| r.account.as_deref() == Some("000000000000")));
    }
}

#[test]
fn sniffed_by_signature_whatever_the_name() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["store.state.avro", "backend.state", "x.bin"] {
        let p = dir.path().join(name);
        std::fs::write(&p, write(Codec::Null)).unwrap();
        assert_eq!(formats::sniff(&p), localstate_core::kind::EntryKind::AVRO, "{name}");
        let doc = formats::open(&p, localstate_core::kind::EntryKind::AVRO).unwrap();
        assert_eq!(doc.scopes[0].account, "000000000000");
    }
}

fn avro_err(bytes: &[u8]) -> AvroError {
    match decode(bytes) {
        Ok(d) => panic!("decoded: {}", d.format),
        Err(Error::Avro(e)) => e,
        Err(e) => panic!("not an Avro error: {e}"),
    }
}

#[test]
fn a_file_that_is_not_a_container_says_so() {
    let e = avro_err(b"\x02\x04abc");
    assert_eq!(e.to_string(), "not an Avro object container file (no Obj\\x01 header)");
}

#[test]
fn every_truncation_and_garbage_is_an_error() {
    for (name, codec) in codecs() {
        let bytes = write(codec);
        for cut in 0..bytes.len() {
            // The header alone (cut right after it) is a valid empty file.
            if let Ok(d) = decode(&bytes[..cut]) {
                assert_eq!(d.format, format!("Avro ({name} codec, 0 data)"), "{name} cut at {cut}");
            }
        }
        // Flipped bytes past the header: an error or a document, never a panic.
        let mut seed = 0x9e37_79b9_u32;
        for _ in 0..300 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let mut b = bytes.clone();
            let i = (seed as usize) % b.len();
            b[i] ^= (seed >> 16) as u8 | 1;
            let _ = decode(&b);
        }
    }
    let mut garbage = b"Obj\x01".to_vec();
    garbage.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    assert!(decode(&garbage).is_err());
}

/// Appends `v` as an Avro long (zigzag varint).
fn long(out: &mut Vec<u8>, v: i64) {
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    loop {
        let b = (z & 0x7f) as u8;
        z >>= 7;
        if z == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
}

/// A container by hand: header with `schema` and `codec`, then one block.
fn container(schema: &str, codec: &str, count: i64, data: &[u8]) -> Vec<u8> {
    let mut out = b"Obj\x01".to_vec();
    long(&mut out, 2);
    for (k, v) in [("avro.schema", schema), ("avro.codec", codec)] {
        long(&mut out, k.len() as i64);
        out.extend(k.as_bytes());
        long(&mut out, v.len() as i64);
        out.extend(v.as_bytes());
    }
    long(&mut out, 0);
    out.extend([7u8; 16]);
    long(&mut out, count);
    long(&mut out, data.len() as i64);
    out.extend(data);
    out.extend([7u8; 16]);
    out
}

#[test]
fn hostile_counts_codecs_and_schemas_are_refused() {
    // A block claiming 2^62 data.
    let e = avro_err(&container(r#""long""#, "null", 1 << 62, &[2]));
    assert!(matches!(e, AvroError::Malformed { .. }), "{e}");
    // An array block of 2^62 nulls (items that take no bytes).
    let arr = r#"{"type": "array", "items": "null"}"#;
    let mut data = vec![0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
    data.push(0);
    let e = avro_err(&container(arr, "null", 1, &data));
    assert!(e.to_string().contains("does not fit"), "{e}");
    // A string longer than the file.
    let e = avro_err(&container(r#""string""#, "null", 1, &[0xfe, 0xff, 0xff, 0x0f]));
    assert!(matches!(e, AvroError::Truncated { .. }), "{e}");
    // An unknown codec.
    let e = avro_err(&container(r#""long""#, "lzo", 1, &[2]));
    assert_eq!(e, AvroError::Codec("lzo".into()));
    // A schema nested deeper than the limit.
    let mut deep = String::new();
    for _ in 0..300 {
        deep.push_str(r#"{"type": "array", "items": "#);
    }
    deep.push_str(r#""long""#);
    deep.push_str(&"}".repeat(300));
    let e = avro_err(&container(&deep, "null", 0, &[]));
    assert!(e.to_string().contains("MAX_SCHEMA_DEPTH"), "{e}");
    // A recursive schema with a value nested deeper than the limit (one byte per level).
    let list =
        r#"{"type": "record", "name": "L", "fields": [{"name": "next", "type": ["null", "L"]}]}"#;
    let mut data = vec![2u8; 20_000];
    data.push(0);
    let e = avro_err(&container(list, "null", 1, &data));
    assert!(e.to_string().contains("MAX_VALUE_DEPTH"), "{e}");
    // …and one within it decodes, nested as written.
    let mut data = vec![2u8; 50];
    data.push(0);
    let doc = decode(&container(list, "null", 1, &data)).unwrap();
    let mut p = String::new();
    for _ in 0..51 {
        p.push_str("/next");
    }
    assert_eq!(doc.tree.node(doc.tree.resolve(&p).unwrap()).value, Value::Null);
    // JSON values that do not parse stay bytes, with a bounded number of warnings.
    let js = r#"{"type": "array", "items": {"type": "bytes", "logicalType": "json"}}"#;
    let mut data = vec![100];
    for _ in 0..50 {
        data.extend([2, b'{']);
    }
    data.push(0);
    let doc = decode(&container(js, "null", 1, &data)).unwrap();
    assert_eq!(doc.tree.node(doc.tree.resolve("/49").unwrap()).value, Value::Bytes(b"{".to_vec()));
    assert_eq!(doc.warnings.len(), 21, "{:?}", doc.warnings);
    assert_eq!(doc.warnings[20], "… and 30 more such warnings");
    // A record that contains itself without a union takes no bytes: bounded too.
    let selfish = r#"{"type": "record", "name": "S", "fields": [{"name": "s", "type": "S"}]}"#;
    let e = avro_err(&container(selfish, "null", 1, &[]));
    assert!(e.to_string().contains("MAX_VALUE_DEPTH"), "{e}");
    // Unknown names and bad schemas.
    let e = avro_err(&container(r#""Nope""#, "null", 0, &[]));
    assert!(e.to_string().contains("unknown type Nope"), "{e}");
    // A union branch out of range and trailing bytes in a block.
    let e = avro_err(&container(r#"["null", "long"]"#, "null", 1, &[4]));
    assert!(e.to_string().contains("union branch 2 of 2"), "{e}");
    let e = avro_err(&container(r#""long""#, "null", 1, &[2, 2]));
    assert!(e.to_string().contains("1 bytes left"), "{e}");
}

/// A `json` value of 300,003 values (more than the lazy threshold) opens lazily: the text is
/// one object of the graph, the array inside it is deferred and counted from the text's index
/// without presenting its members, a page of it is presented alone, and a member presented
/// on demand reads as written.
#[test]
fn a_big_json_value_is_presented_member_by_member() {
    // By hand: apache-avro leaves the `json` logical type out of the header it writes.
    let schema = r#"{"type": "record", "name": "Q", "fields": [
        {"name": "visible", "type": {"type": "bytes", "logicalType": "json"}}]}"#;
    let items: Vec<String> = (0..100_000).map(|i| format!(r#"{{"id":"m-{i}","n":{i}}}"#)).collect();
    let text = format!(r#"{{"maxsize":0,"queue":[{}]}}"#, items.join(","));
    let mut data = Vec::new();
    long(&mut data, text.len() as i64);
    data.extend(text.as_bytes());
    let mut doc = decode(&container(schema, "null", 1, &data)).unwrap();
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    let tree = &mut doc.tree;
    let queue = tree.resolve_unfolding("/visible/queue").unwrap();
    assert!(tree.node(queue).deferred, "the array is not presented on opening");
    assert_eq!(tree.child_count(queue), 100_000);
    assert!(tree.len() < 100, "{} nodes presented on opening", tree.len());
    // A page of it costs the page.
    tree.unfold_first(queue, 20);
    assert!(tree.node(queue).deferred && tree.node(queue).children.len() == 20);
    assert_eq!(tree.child_count(queue), 100_000);
    let n = tree.resolve_unfolding("/visible/queue/19/n").unwrap();
    assert_eq!(tree.node(n).value, Value::Int(19));
    let n = tree.resolve_unfolding("/visible/queue/99999/n").unwrap();
    assert_eq!(tree.node(n).value, Value::Int(99_999));
    let id = tree.resolve_unfolding("/visible/queue/12345/id").unwrap();
    assert_eq!(tree.node(id).value, Value::Str("m-12345".into()));
}

/// Big `json` values are indexed together once the walk is done (on every core): each keeps
/// its own place and content, and one that does not parse stays bytes with its warning.
#[test]
fn big_json_values_indexed_together_keep_their_places() {
    let schema = r#"{"type": "array", "items": {"type": "bytes", "logicalType": "json"}}"#;
    let text = |k: usize| {
        let items: Vec<String> =
            (0..100_000).map(|i| format!(r#"{{"n":{}}}"#, i * 10 + k)).collect();
        format!("[{}]", items.join(","))
    };
    let mut texts: Vec<String> = (0..4).map(text).collect();
    texts[2].pop(); // No closing bracket.
    assert!(texts.iter().all(|t| t.len() > 1 << 20), "over the deferred size");
    let mut data = Vec::new();
    long(&mut data, texts.len() as i64);
    for t in &texts {
        long(&mut data, t.len() as i64);
        data.extend(t.as_bytes());
    }
    data.push(0);
    let mut doc = decode(&container(schema, "null", 1, &data)).unwrap();
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    assert!(doc.warnings[0].contains("does not parse"), "{:?}", doc.warnings);
    let tree = &mut doc.tree;
    for k in [0, 1, 3] {
        let list = tree.resolve_unfolding(&format!("/{k}")).unwrap();
        assert_eq!(tree.child_count(list), 100_000);
        let n = tree.resolve_unfolding(&format!("/{k}/99999/n")).unwrap();
        assert_eq!(tree.node(n).value, Value::Int(999_990 + k as i64));
    }
    let bad = tree.resolve_unfolding("/2").unwrap();
    assert_eq!(tree.node(bad).value, Value::Bytes(texts[2].clone().into_bytes()));
}
