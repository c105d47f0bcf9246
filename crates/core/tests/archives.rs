//! Snapshot / Cloud Pod archives (tests/fixtures/archives/, made by
//! tools/make-archive-fixtures.py from real LocalStack state) opened in place: the services,
//! accounts and regions inside, decoded members (Avro, pickles, DynamoDB Local and CloudWatch
//! SQLite from memory), sizes equal to the zip's own central directory (parsed here by hand),
//! metadata.yaml and api_states.json, and a clear message for each malformed case.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use localstate_core::formats;
use localstate_core::json_text::{self, Style};
use localstate_core::kind::EntryKind;
use localstate_core::model::{RowFilter, Tree};
use localstate_core::source::Location;
use localstate_core::volume::{Layout, Volume, scan, sizes};

fn fixture(name: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/archives")).join(name)
}

fn member(archive: &str, name: &str) -> PathBuf {
    Location::member(&fixture(archive), name).path()
}

/// (uncompressed, compressed) per member name, read from the zip's central directory with
/// nothing but the APPNOTE layout (an oracle independent of the zip crate).
fn central_directory(path: &Path) -> BTreeMap<String, (u64, u64)> {
    let b = std::fs::read(path).unwrap();
    let u16_at = |i: usize| u16::from_le_bytes([b[i], b[i + 1]]) as usize;
    let u32_at = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().unwrap()) as u64;
    let eocd = (0..=b.len() - 22).rev().find(|&i| b[i..i + 4] == *b"PK\x05\x06").unwrap();
    let (count, mut at) = (u16_at(eocd + 10), u32_at(eocd + 16) as usize);
    let mut out = BTreeMap::new();
    for _ in 0..count {
        assert_eq!(&b[at..at + 4], b"PK\x01\x02");
        let (n, e, c) = (u16_at(at + 28), u16_at(at + 30), u16_at(at + 32));
        let name = String::from_utf8(b[at + 46..at + 46 + n].to_vec()).unwrap();
        out.insert(name, (u32_at(at + 24), u32_at(at + 20)));
        at += 46 + n + e + c;
    }
    out
}

fn accounts(v: &Volume, service: &str) -> Vec<(String, Vec<String>)> {
    let s = v.service(service).unwrap_or_else(|| panic!("no {service}"));
    s.accounts
        .iter()
        .map(|a| (a.id.clone(), a.regions.iter().map(|r| r.name.clone()).collect()))
        .collect()
}

#[test]
fn a_snapshot_lists_services_accounts_and_regions_from_its_central_directory() {
    let v = scan(&fixture("snapshot.zip")).unwrap();
    assert_eq!(v.layouts.iter().map(|l| l.layout).collect::<Vec<_>>(), [Layout::ProAvro]);
    let names: Vec<&str> = v.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "cloudwatch",
            "dynamodb",
            "events",
            "kinesis",
            "s3",
            "secretsmanager",
            "sns",
            "sqs",
            "ssm"
        ]
    );
    let two = vec![
        ("000000000000".to_string(), vec!["us-east-1".to_string()]),
        ("111111111111".to_string(), vec!["eu-west-1".to_string()]),
    ];
    assert_eq!(accounts(&v, "sqs"), two);
    assert_eq!(accounts(&v, "dynamodb"), two);
    assert_eq!(accounts(&v, "s3"), [("000000000000".to_string(), vec!["us-east-1".to_string()])]);
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    // Kinds come from names and places (nothing decompressed by the scan).
    let kind = |rel: &str| v.entries().find(|e| e.rel == rel).map(|e| e.kind);
    assert_eq!(
        kind("api_states/000000000000/sqs/us-east-1/store.state.avro"),
        Some(EntryKind::AVRO)
    );
    assert_eq!(
        kind("api_states/000000000000/ssm/us-east-1/backend.state"),
        Some(EntryKind::PICKLE)
    );
    assert_eq!(
        kind("assets/dynamodb/111111111111euwest1_eu-west-1.db"),
        Some(EntryKind::DYNAMODB_SQLITE)
    );
    assert_eq!(kind("assets/kinesis/000000000000.json"), Some(EntryKind::KINESIS_JSON));
    assert_eq!(kind("assets/cloudwatch/metrics.db"), Some(EntryKind::SQLITE));
    // Every entry's path is ARCHIVE!/MEMBER, and its sizes are the central directory's.
    let cd = central_directory(&fixture("snapshot.zip"));
    assert_eq!(v.file_count(), cd.len());
    for e in v.entries() {
        assert_eq!(e.path, member("snapshot.zip", &e.rel));
        assert_eq!(cd[&e.rel], (e.size, e.compressed.unwrap()), "{}", e.rel);
    }
    let a = v.archive.as_ref().unwrap();
    assert_eq!(a.members, cd.len());
    assert_eq!(a.compressed_size, cd.values().map(|s| s.1).sum::<u64>());
    assert!(a.encrypted.is_empty());
}

#[test]
fn metadata_yaml_and_api_states_json_are_read() {
    let v = scan(&fixture("snapshot.zip")).unwrap();
    let m = v.archive.as_ref().unwrap().metadata.as_ref().unwrap();
    assert_eq!(m.name.as_deref(), Some("fixture-pod"));
    assert_eq!(m.localstack_version.as_deref(), Some("2026.3.0"));
    assert_eq!(m.services.len(), 9);
    assert_eq!(m.size, Some(330_063));
    let check = v.api_states.as_ref().unwrap();
    assert_eq!(check.listed.len(), 9);
    assert!(check.missing.is_empty() && check.unlisted.is_empty() && check.error.is_none());
    // The old layout's index disagrees with its files: both directions are reported.
    let v2 = scan(&fixture("snapshot-v2.zip")).unwrap();
    assert!(v2.layouts.iter().any(|l| l.layout == Layout::ProV2));
    let check = v2.api_states.as_ref().unwrap();
    assert_eq!(check.missing, ["lambda"]);
    assert_eq!(check.unlisted, ["sns"]);
    assert!(
        v2.problems
            .iter()
            .any(|p| p == "api_states.json lists lambda but there are no files for it")
    );
    assert!(
        v2.problems.iter().any(|p| p == "api_states.json does not list sns, which has files here")
    );
    assert_eq!(accounts(&v2, "dynamodb").len(), 2);
}

#[test]
fn members_decode_from_memory_as_files_do() {
    // An Avro store: the same document as the file it was zipped from.
    let store = "api_states/000000000000/sqs/us-east-1/store.state.avro";
    let inside = formats::open(&member("snapshot.zip", store), EntryKind::AVRO).unwrap();
    let file = fixture("../avro/state/000000000000/sqs/us-east-1/store.state.avro");
    let outside = formats::open(&file, EntryKind::AVRO).unwrap();
    assert_eq!(inside.summary.headline, outside.summary.headline);
    let json = |t: &Tree| json_text::to_string(t, Tree::ROOT, None, Style::Compact);
    assert_eq!(json(&inside.tree), json(&outside.tree));
    assert!(inside.summary.resources.iter().any(|r| r.kind == "queue" && r.name == "orders"));
    // A pickled moto backend.
    let ssm = member("snapshot.zip", "api_states/000000000000/ssm/us-east-1/backend.state");
    assert_eq!(formats::sniff(&ssm), EntryKind::PICKLE);
    let doc = formats::open(&ssm, EntryKind::PICKLE).unwrap();
    assert!(!doc.tree.is_empty());
    // DynamoDB Local from memory: tables, and items paged from the in-memory database.
    let db = member("snapshot.zip", "assets/dynamodb/000000000000useast1_us-east-1.db");
    assert_eq!(formats::sniff(&db), EntryKind::DYNAMODB_SQLITE);
    let doc = formats::open(&db, EntryKind::DYNAMODB_SQLITE).unwrap();
    let on_disk = formats::open(
        &fixture("../../../assets/sample-volume/state/dynamodb/000000000000useast1_us-east-1.db"),
        EntryKind::DYNAMODB_SQLITE,
    )
    .unwrap();
    assert_eq!(doc.summary.headline, on_disk.summary.headline);
    assert!(!doc.tables.is_empty());
    for (mem, disk) in doc.tables.iter().zip(&on_disk.tables) {
        let f = RowFilter::default();
        assert_eq!(mem.count(&f).unwrap(), disk.count(&f).unwrap(), "{}", mem.name());
        let (a, b) = (mem.page(&f, 0, 50).unwrap(), disk.page(&f, 0, 50).unwrap());
        assert_eq!(
            a.iter().map(|r| &r.cells).collect::<Vec<_>>(),
            b.iter().map(|r| &r.cells).collect::<Vec<_>>()
        );
    }
    // CloudWatch's metrics.db is a plain SQLite database.
    let metrics = member("snapshot.zip", "assets/cloudwatch/metrics.db");
    let doc = formats::open(&metrics, EntryKind::SQLITE).unwrap();
    assert!(doc.summary.headline.starts_with("SQLite ·"), "{}", doc.summary.headline);
}

#[test]
fn sizes_split_state_and_assets_per_service() {
    let v = scan(&fixture("snapshot.zip")).unwrap();
    let report = sizes(&v);
    let cd = central_directory(&fixture("snapshot.zip"));
    let sum = |prefix: &str| {
        cd.iter()
            .filter(|(n, _)| n.starts_with(prefix))
            .fold((0, 0), |t, (_, s)| (t.0 + s.0, t.1 + s.1))
    };
    let ddb = report.services.iter().find(|s| s.service == "dynamodb").unwrap();
    assert_eq!((ddb.assets.uncompressed, ddb.assets.compressed), sum("assets/dynamodb/"));
    assert_eq!(ddb.state.files, 0);
    let sqs = report.services.iter().find(|s| s.service == "sqs").unwrap();
    assert_eq!(sqs.state.files, 2);
    let (u0, c0) = sum("api_states/000000000000/sqs/");
    let (u1, c1) = sum("api_states/111111111111/sqs/");
    assert_eq!((sqs.state.uncompressed, sqs.state.compressed), (u0 + u1, c0 + c1));
    assert_eq!(report.total.uncompressed, cd.values().map(|s| s.0).sum::<u64>());
    assert_eq!(report.total.compressed, cd.values().map(|s| s.1).sum::<u64>());
    assert_eq!(report.other.files, 2); // metadata.yaml, api_states.json
    // Largest first, as lstk snapshot inspect sorts.
    let totals: Vec<u64> = report.services.iter().map(|s| s.total().uncompressed).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
}

#[test]
fn an_encrypted_member_says_so_and_the_rest_stays_browsable() {
    let v = scan(&fixture("encrypted-member.zip")).unwrap();
    let secret = "api_states/000000000000/sqs/us-east-1/store.state.avro";
    assert_eq!(v.archive.as_ref().unwrap().encrypted, [secret]);
    assert!(
        v.problems.iter().any(|p| p.starts_with(&format!("{secret}: encrypted (zip encryption)")))
    );
    let e = formats::open(&member("encrypted-member.zip", secret), EntryKind::AVRO).unwrap_err();
    let e = format!("{e:#}");
    assert!(
        e.contains("is encrypted (zip encryption); localstate does not decrypt archives"),
        "{e}"
    );
    let other = "api_states/111111111111/sqs/eu-west-1/store.state.avro";
    assert!(formats::open(&member("encrypted-member.zip", other), EntryKind::AVRO).is_ok());
    assert_eq!(accounts(&v, "sqs").len(), 2);
}

#[test]
fn unknown_entries_methods_and_a_bad_index_are_named() {
    let v = scan(&fixture("odd.zip")).unwrap();
    let has = |s: &str| v.problems.iter().any(|p| p.contains(s));
    assert!(has("README.txt: unknown entry: no format localstate decodes"), "{:?}", v.problems);
    assert!(has("us-east-1/notes.bin: unknown entry"), "{:?}", v.problems);
    assert!(has("assets/s3/strange-method: compressed with"), "{:?}", v.problems);
    assert!(
        has("api_states.json is not valid JSON: EOF while parsing a list at line 3 column 0"),
        "{:?}",
        v.problems
    );
    // The stray file of an account directory is still listed, and the store opens.
    assert!(v.entries().any(|e| e.rel.ends_with("us-east-1/notes.bin")));
    let store = member("odd.zip", "api_states/000000000000/sqs/us-east-1/store.state.avro");
    assert!(formats::open(&store, EntryKind::AVRO).is_ok());
    let e =
        formats::open(&member("odd.zip", "assets/s3/strange-method"), EntryKind::JSON).unwrap_err();
    assert!(format!("{e:#}").contains("which localstate cannot decompress"), "{e:#}");
    assert_eq!(
        v.archive.as_ref().unwrap().metadata.as_ref().unwrap().name.as_deref(),
        Some("fixture-pod")
    );
}

#[test]
fn a_truncated_archive_keeps_what_came_before_the_cut() {
    let cut = std::fs::metadata(fixture("truncated.zip")).unwrap().len();
    // The members of the whole archive whose data ends before the cut (local header offsets
    // from the central directory of the complete file).
    let whole = std::fs::read(fixture("snapshot.zip")).unwrap();
    let cd = central_directory(&fixture("snapshot.zip"));
    let offsets = {
        let at = |i: usize| u32::from_le_bytes(whole[i..i + 4].try_into().unwrap()) as u64;
        let mut o = Vec::new();
        let mut i = whole.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        while whole[i..i + 4] == *b"PK\x01\x02" {
            let n = u16::from_le_bytes([whole[i + 28], whole[i + 29]]) as usize;
            let e = u16::from_le_bytes([whole[i + 30], whole[i + 31]]) as usize;
            let c = u16::from_le_bytes([whole[i + 32], whole[i + 33]]) as usize;
            let name = String::from_utf8(whole[i + 46..i + 46 + n].to_vec()).unwrap();
            o.push((name, at(i + 42)));
            i += 46 + n + e + c;
        }
        o
    };
    let complete: Vec<&String> = offsets
        .iter()
        .filter(|(name, off)| {
            let local = *off as usize;
            let n = u16::from_le_bytes([whole[local + 26], whole[local + 27]]) as u64;
            let e = u16::from_le_bytes([whole[local + 28], whole[local + 29]]) as u64;
            off + 30 + n + e + cd[name].1 <= cut
        })
        .map(|(n, _)| n)
        .collect();
    assert!(complete.len() >= 5 && complete.len() < cd.len(), "{complete:?}");
    let v = scan(&fixture("truncated.zip")).unwrap();
    let mut listed: Vec<&String> = v.entries().map(|e| &e.rel).collect();
    listed.sort();
    let mut want = complete.clone();
    want.sort();
    assert_eq!(listed, want);
    let p = &v.problems[0];
    assert!(p.contains("truncated.zip is not a readable zip archive: its end-of-central-directory record is missing"), "{p}");
    assert!(
        p.contains(&format!("{} members read from their local headers", complete.len())),
        "{p}"
    );
    // What was before the cut decodes as in the whole archive.
    let store = "api_states/000000000000/sqs/us-east-1/store.state.avro";
    let json = |z: &str| {
        let doc = formats::open(&member(z, store), EntryKind::AVRO).unwrap();
        json_text::to_string(&doc.tree, Tree::ROOT, None, Style::Compact)
    };
    assert_eq!(json("truncated.zip"), json("snapshot.zip"));
    // Nothing recoverable: the central directory's own error.
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.zip");
    std::fs::write(&junk, b"PK\x03\x04 and then nothing a zip would hold").unwrap();
    let e = scan(&junk).unwrap_err().to_string();
    assert!(
        e.contains(
            "junk.zip is not a readable zip archive: its end-of-central-directory record is missing"
        ),
        "{e}"
    );
}

#[test]
fn a_member_or_a_part_of_an_archive_scans_alone() {
    let one =
        scan(&member("snapshot.zip", "api_states/111111111111/sqs/eu-west-1/store.state.avro"))
            .unwrap();
    assert_eq!(one.file_count(), 1);
    assert_eq!(one.layouts[0].layout, Layout::SingleFile);
    let part = scan(&member("snapshot.zip", "api_states/111111111111")).unwrap();
    let names: Vec<&str> = part.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["events", "sns", "sqs"]);
    let e = scan(&member("snapshot.zip", "api_states/222222222222")).unwrap_err().to_string();
    assert!(e.contains("no such file or directory"), "{e}");
}

#[test]
fn a_member_that_inflates_past_its_declared_size_or_ratio_is_refused() {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("assets/s3/zeros", opts).unwrap();
    w.write_all(&vec![0u8; 4 << 20]).unwrap();
    w.start_file("metadata.yaml", opts).unwrap();
    w.write_all(b"name: bomb\n").unwrap();
    let mut bytes = w.finish().unwrap().into_inner();
    let dir = tempfile::tempdir().unwrap();
    // Declared smaller than it inflates: the read stops at the declared size and says so.
    let lie = |bytes: &mut Vec<u8>, size: u32| {
        let cd = memchr_find(bytes, b"PK\x01\x02");
        bytes[cd + 24..cd + 28].copy_from_slice(&size.to_le_bytes());
    };
    lie(&mut bytes, 1000);
    let small = dir.path().join("small.zip");
    std::fs::write(&small, &bytes).unwrap();
    let e = formats::open(&Location::member(&small, "assets/s3/zeros").path(), EntryKind::JSON);
    let e = format!("{:#}", e.unwrap_err());
    assert!(
        e.contains("zeros inflates to more than the 1000 bytes its central directory declares (corrupt, or a zip bomb)"),
        "{e}"
    );
    // Declared far bigger than deflate can make of its compressed bytes: not even started.
    lie(&mut bytes, u32::MAX);
    let big = dir.path().join("big.zip");
    std::fs::write(&big, &bytes).unwrap();
    let e = formats::open(&Location::member(&big, "assets/s3/zeros").path(), EntryKind::JSON);
    let e = format!("{:#}", e.unwrap_err());
    assert!(e.contains("a ratio over the limit of 1100:1 (a zip bomb?)"), "{e}");
    assert_eq!(
        scan(&big).unwrap().archive.unwrap().metadata.unwrap().name.as_deref(),
        Some("bomb")
    );
}

fn memchr_find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).position(|w| w == needle).unwrap()
}

#[test]
fn reading_an_archive_writes_nothing_next_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("pod.zip");
    std::fs::copy(fixture("snapshot.zip"), &zip).unwrap();
    let listing = || {
        let mut l: Vec<(PathBuf, u64)> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| (e.path(), e.metadata().unwrap().len()))
            .collect();
        l.sort();
        l
    };
    let before = (listing(), std::fs::metadata(&zip).unwrap().modified().unwrap());
    let v = scan(&zip).unwrap();
    for e in v.entries().filter(|e| e.kind.decodable()) {
        let doc = formats::open(&e.path, e.kind).unwrap_or_else(|err| panic!("{}: {err:#}", e.rel));
        for t in &doc.tables {
            t.page(&RowFilter::default(), 0, 10).unwrap();
        }
    }
    let (session, _) = localstate_core::edit::EditSession::open(
        &Location::member(&zip, "api_states/000000000000/sqs/us-east-1/store.state.avro").path(),
        EntryKind::AVRO,
    )
    .unwrap();
    assert!(session.read_only().unwrap().contains("archives are read-only; extract it first"));
    assert_eq!((listing(), std::fs::metadata(&zip).unwrap().modified().unwrap()), before);
}

#[test]
fn an_archive_without_metadata_is_dated_by_its_first_avro_stores_header() {
    // The snapshot without its metadata.yaml (members copied as they are compressed).
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("bare.zip");
    let mut from =
        zip::ZipArchive::new(std::fs::File::open(fixture("snapshot.zip")).unwrap()).unwrap();
    let mut to = zip::ZipWriter::new(std::fs::File::create(&bare).unwrap());
    for i in 0..from.len() {
        let m = from.by_index_raw(i).unwrap();
        if m.name().unwrap() != "metadata.yaml" {
            to.raw_copy_file(m).unwrap();
        }
    }
    to.finish().unwrap();

    let by_metadata = localstate_core::volume::written_by(&fixture("snapshot.zip")).unwrap();
    assert_eq!(by_metadata.key, None);
    assert_eq!(by_metadata.source, member("snapshot.zip", "metadata.yaml"));

    let w = localstate_core::volume::written_by(&bare).unwrap();
    assert_eq!(w.version.to_string(), "2026.3.0");
    assert_eq!(w.key, Some("localstack.version"));
    let first = "api_states/000000000000/events/us-east-1/store.state.avro";
    assert_eq!(w.source, Location::member(&bare, first).path());
}
