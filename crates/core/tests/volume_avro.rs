//! The per-account layout of LocalStack v2026.03+ (`state/<account>/<service>/<region>/
//! store.state.avro`, `api_states/<account>/...` in snapshots), mixed with the older layouts:
//! every store is listed under its service, account and region, and opens.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::path::Path;

use apache_avro::types::Value as A;
use apache_avro::{Schema, Writer};
use localstate_core::kind::EntryKind;
use localstate_core::volume::{Layout, Volume, scan};

/// A one-record store file as LocalStack lays it out.
fn store(path: &Path, service: &str, account: &str, region: &str) {
    let schema = Schema::parse_str(&format!(
        r#"{{"type": "record", "name": "{service}Store", "namespace": "localstack.services.{service}.models",
        "fields": [{{"name": "_service_name", "type": "string"}}, {{"name": "_account_id", "type": "string"}},
        {{"name": "_region_name", "type": "string"}}, {{"name": "_version", "type": "long"}}]}}"#
    ))
    .unwrap();
    let mut w = Writer::new(&schema, Vec::new());
    w.append(A::Record(vec![
        ("_service_name".into(), A::String(service.into())),
        ("_account_id".into(), A::String(account.into())),
        ("_region_name".into(), A::String(region.into())),
        ("_version".into(), A::Long(0)),
    ]))
    .unwrap();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, w.into_inner().unwrap()).unwrap();
}

/// (service, account, region, role, kind) of every placed entry.
fn placed(v: &Volume) -> Vec<(String, String, String, String, EntryKind)> {
    let mut out = Vec::new();
    for s in &v.services {
        for e in &s.entries {
            out.push((s.name.clone(), String::new(), String::new(), e.role.clone(), e.kind));
        }
        for a in &s.accounts {
            for e in &a.entries {
                out.push((s.name.clone(), a.id.clone(), String::new(), e.role.clone(), e.kind));
            }
            for r in &a.regions {
                for e in &r.entries {
                    out.push((
                        s.name.clone(),
                        a.id.clone(),
                        r.name.clone(),
                        e.role.clone(),
                        e.kind,
                    ));
                }
            }
        }
    }
    out
}

fn row(
    s: &str,
    a: &str,
    r: &str,
    role: &str,
    k: EntryKind,
) -> (String, String, String, String, EntryKind) {
    (s.into(), a.into(), r.into(), role.into(), k)
}

#[test]
fn per_account_avro_stores_are_listed_by_service_account_and_region() {
    let dir = tempfile::tempdir().unwrap();
    let vol = dir.path();
    store(
        &vol.join("state/000000000000/sqs/us-east-1/store.state.avro"),
        "sqs",
        "000000000000",
        "us-east-1",
    );
    store(
        &vol.join("state/111111111111/sqs/eu-west-1/store.state.avro"),
        "sqs",
        "111111111111",
        "eu-west-1",
    );
    // A moto backend, named without `.avro`: its content says Avro.
    store(
        &vol.join("state/000000000000/iam/global/backend.state"),
        "iam",
        "000000000000",
        "global",
    );
    // The older snapshot layout beside it, and asset files.
    std::fs::create_dir_all(vol.join("state/api_states/sns")).unwrap();
    std::fs::write(vol.join("state/api_states/sns/store.state"), [0x80, 0x04, 0x95]).unwrap();
    std::fs::create_dir_all(vol.join("state/s3/objects")).unwrap();
    std::fs::write(vol.join("state/s3/objects/blob"), b"x").unwrap();

    for root in [vol.to_path_buf(), vol.join("state")] {
        let v = scan(&root).unwrap();
        let layouts: Vec<Layout> = v.layouts.iter().map(|l| l.layout).collect();
        assert!(
            layouts.contains(&Layout::ProAvro) && layouts.contains(&Layout::ProV2),
            "{layouts:?}"
        );
        let mut got = placed(&v);
        got.sort();
        assert_eq!(
            got,
            [
                row("iam", "000000000000", "", "backend (global)", EntryKind::AVRO),
                row("s3", "", "", "assets of s3", EntryKind::ASSET),
                row("sns", "", "", "store", EntryKind::PICKLE),
                row("sqs", "000000000000", "us-east-1", "store", EntryKind::AVRO),
                row("sqs", "111111111111", "eu-west-1", "store", EntryKind::AVRO),
            ],
            "{root:?}"
        );
        assert!(v.other.is_empty(), "{:?}", v.other);
        // Every store opens, with the account and region it is placed under.
        let sqs = v.service("sqs").unwrap();
        for a in &sqs.accounts {
            let e = &a.regions[0].entries[0];
            let doc = localstate_core::formats::open(&e.path, e.kind).unwrap();
            assert_eq!(doc.scopes[0].account, a.id);
            assert_eq!(doc.scopes[0].region.as_deref(), Some(a.regions[0].name.as_str()));
        }
    }
}

#[test]
fn snapshot_api_states_per_account_is_the_avro_layout() {
    let dir = tempfile::tempdir().unwrap();
    let vol = dir.path();
    store(
        &vol.join("api_states/000000000000/sqs/us-east-1/store.state.avro"),
        "sqs",
        "000000000000",
        "us-east-1",
    );
    // A Pro v1 file of another account beside it keeps its layout.
    std::fs::create_dir_all(vol.join("api_states/222222222222/sqs/us-east-1")).unwrap();
    std::fs::write(vol.join("api_states/222222222222/sqs/us-east-1/backend_state"), [0x80, 0x04])
        .unwrap();
    let v = scan(vol).unwrap();
    let layouts: Vec<Layout> = v.layouts.iter().map(|l| l.layout).collect();
    assert_eq!(layouts, [Layout::ProAvro, Layout::ProV1]);
    let mut got = placed(&v);
    got.sort();
    assert_eq!(
        got,
        [
            row("sqs", "000000000000", "us-east-1", "store", EntryKind::AVRO),
            row("sqs", "222222222222", "us-east-1", "backend", EntryKind::PICKLE),
        ]
    );
}
