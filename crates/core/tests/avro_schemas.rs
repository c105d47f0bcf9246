//! Avro files without a container header (raw datums, fastavro's `schemaless_writer`; written
//! by tools/make-avro-raw-fixtures.py from the container fixtures) decode against the schema
//! directory, like the container file of the same store; without a match, or cut short, or
//! garbage, the error says what was looked for or where it went wrong.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::path::PathBuf;

use localstate_core::formats::Format;
use localstate_core::formats::avro::schemadir::{decode_raw_with, set_schema_dir};
use localstate_core::formats::avro::{AvroFormat, decode};
use localstate_core::model::Document;
use localstate_testkit as common;

const SQS: &str = "state/000000000000/sqs/us-east-1/store.state.avro";

fn raw() -> PathBuf {
    common::repo().join("tests/fixtures/avro-raw")
}

fn schemas() -> PathBuf {
    raw().join("schemas")
}

fn queues(doc: &Document) -> Vec<String> {
    let mut q: Vec<String> = doc
        .summary
        .resources
        .iter()
        .filter(|r| r.kind == "queue")
        .map(|r| format!("{}@{:?}/{:?}", r.name, r.account, r.region))
        .collect();
    q.sort();
    q
}

#[test]
fn a_raw_datum_reads_like_its_container_file() {
    let file = raw().join(SQS);
    let bytes = std::fs::read(&file).unwrap();
    assert!(!bytes.starts_with(b"Obj\x01"), "the fixture is a raw datum");
    let doc = decode_raw_with(&file, &bytes, Some(&schemas())).unwrap();
    let container =
        decode(&std::fs::read(common::repo().join("tests/fixtures/avro").join(SQS)).unwrap())
            .unwrap();
    assert_eq!(doc.tree.node(0).ty, "localstack.SqsStore");
    assert_eq!(doc.summary.headline, container.summary.headline);
    assert!(doc.summary.headline.contains("6 messages"), "{}", doc.summary.headline);
    assert_eq!(
        queues(&doc),
        [
            "audit.fifo@Some(\"000000000000\")/Some(\"us-east-1\")",
            "orders@Some(\"000000000000\")/Some(\"us-east-1\")"
        ]
    );
    assert_eq!(queues(&doc), queues(&container));
    assert_eq!(doc.tree.len(), container.tree.len());
    assert_eq!(doc.scopes, container.scopes);
    assert!(doc.format.starts_with("Avro raw datums (1 data, schema "), "{}", doc.format);
    assert!(doc.format.ends_with("sqs/SqsStore.avsc)"), "{}", doc.format);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn without_a_match_the_error_names_the_dir_and_the_names_tried() {
    let file = raw().join("state/000000000000/sqs/us-east-1/store.state.avro");
    let bytes = std::fs::read(&file).unwrap();
    let e = decode_raw_with(&file, &bytes, Some(&schemas().join("sns"))).unwrap_err().to_string();
    assert!(e.contains(&format!("no schema for it in {}", schemas().join("sns").display())), "{e}");
    assert!(e.contains("(1 .avsc files searched)"), "{e}");
    assert!(
        e.contains(
            "looked for a record named SqsStore or a *.store.avsc under a directory named sqs"
        ),
        "{e}"
    );
    let none = decode_raw_with(&file, &bytes, None).unwrap_err().to_string();
    assert!(none.contains("no schema directory is set"), "{none}");
    assert!(none.contains("--avro-schemas DIR, LOCALSTATE_AVRO_SCHEMAS"), "{none}");
    assert!(none.contains("a record named SqsStore"), "{none}");
}

#[test]
fn a_datum_cut_short_or_garbage_is_a_clear_error() {
    let file = raw().join(SQS);
    let bytes = std::fs::read(&file).unwrap();
    for cut in [1, bytes.len() / 2, bytes.len() - 1] {
        let e = decode_raw_with(&file, &bytes[..cut], Some(&schemas())).unwrap_err().to_string();
        assert!(
            e.contains("truncated Avro data at byte") || e.contains("malformed Avro data"),
            "cut {cut}: {e}"
        );
    }
    let mut garbage = bytes.clone();
    garbage.extend_from_slice(&[0xff; 40]);
    let e = decode_raw_with(&file, &garbage, Some(&schemas())).unwrap_err().to_string();
    assert!(e.contains("Avro data at byte"), "{e}");
    let e = decode_raw_with(&file, b"", Some(&schemas())).unwrap_err().to_string();
    assert!(e.contains("an empty file holds no datum"), "{e}");
}

#[test]
fn the_format_uses_the_directory_set_for_the_process() {
    // The one test of this binary that sets the process-wide directory.
    let file = raw().join("state/000000000000/sns/us-east-1/store.state.avro");
    let bytes = std::fs::read(&file).unwrap();
    set_schema_dir(Some(schemas()));
    let doc = AvroFormat.open_bytes(&file, bytes.clone()).unwrap();
    assert_eq!(doc.tree.node(0).ty, "localstack.SnsStore");
    assert!(doc.summary.headline.contains("1 topic"), "{}", doc.summary.headline);
    set_schema_dir(None);
    let e = AvroFormat.open_bytes(&file, bytes).unwrap_err().to_string();
    assert!(e.contains("no schema directory is set"), "{e}");
}

#[test]
fn the_container_header_names_the_writer_version() {
    let doc = decode(&std::fs::read(common::repo().join("tests/fixtures/avro").join(SQS)).unwrap())
        .unwrap();
    assert_eq!(
        doc.format,
        "Avro (deflate codec, 1 data; written by LocalStack 2026.3.0 (from the Avro header key localstack.version))"
    );
}
