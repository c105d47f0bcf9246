//! Layout detection and naming on real volumes: the localstack-persist corpus (written by
//! LocalStack 2, 3 and 4), the bundled sample volume (real LocalStack + DynamoDB Local +
//! kinesis-mock) and the edge cases a user can point the app at.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{corpus, sample_volume};
use localstate::volume::{EntryKind, Layout, ScanError, Volume, scan};

fn service_names(v: &Volume) -> BTreeSet<String> {
    v.services.iter().map(|s| s.name.clone()).collect()
}

/// Service directories of a localstack-persist corpus volume, read straight from disk.
fn dirs_of(p: &Path) -> BTreeSet<String> {
    std::fs::read_dir(p)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn every_corpus_volume_is_localstack_persist_with_all_services() {
    for version in ["v2", "v3", "v3_binary", "v4", "v4_binary"] {
        let dir = corpus(version);
        let v = scan(&dir).unwrap_or_else(|e| panic!("{version}: {e}"));
        assert_eq!(v.layouts.len(), 1, "{version}: {:?}", v.layouts);
        assert_eq!(v.layouts[0].layout, Layout::LocalstackPersist, "{version}");
        assert_eq!(service_names(&v), dirs_of(&dir), "{version}");
        assert!(v.problems.is_empty(), "{version}: {:?}", v.problems);
        // Every file on disk is listed exactly once.
        let on_disk = walkdir_count(&dir);
        assert_eq!(v.file_count(), on_disk, "{version}");
        let binary = version.ends_with("_binary");
        for s in &v.services {
            for e in s.entries.iter().filter(|e| e.role == "store" || e.role == "backend") {
                let want = if binary { EntryKind::PICKLE } else { EntryKind::JSONPICKLE };
                assert_eq!(e.kind, want, "{version} {}", e.rel);
            }
        }
    }
}

fn walkdir_count(p: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![p.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().filter_map(Result::ok) {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                n += 1;
            }
        }
    }
    n
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_dynamodb_databases_are_named_by_account_and_region() {
    for version in ["v2", "v3", "v4"] {
        let v = scan(&corpus(version)).unwrap();
        let ddb = v.service("dynamodb").expect("dynamodb service");
        let acct =
            ddb.accounts.iter().find(|a| a.id == "000000000000").expect("account 000000000000");
        let region = acct.regions.iter().find(|r| r.name == "us-east-1").expect("us-east-1");
        let names: BTreeSet<&str> =
            region.entries.iter().map(|e| e.rel.rsplit('/').next().unwrap()).collect();
        assert_eq!(
            names,
            BTreeSet::from(["000000000000_us-east-1.db", "000000000000useast1_us-east-1.db"]),
            "{version}"
        );
        assert!(region.entries.iter().all(|e| e.kind == EntryKind::DYNAMODB_SQLITE));
        // The store itself is not tied to an account: it holds them all.
        assert!(ddb.entries.iter().any(|e| e.role == "store"), "{version}");
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_s3_objects_are_assets_of_s3() {
    let v3 = scan(&corpus("v3")).unwrap();
    assert!(
        v3.service("s3")
            .unwrap()
            .all_entries()
            .any(|e| e.rel == "s3/objects.json" && e.kind == EntryKind::JSON)
    );
    let v = scan(&corpus("v4")).unwrap();
    let all: Vec<_> = v.service("s3").unwrap().all_entries().collect();
    assert!(all.iter().any(|e| e.rel == "s3/assets/test-bucket/test-object@null"), "{all:?}");
    let assets: Vec<_> = all.iter().filter(|e| e.kind == EntryKind::ASSET).collect();
    assert!(!assets.is_empty(), "object bodies are listed: {all:?}");
    assert!(assets.iter().all(|e| e.role == "assets of s3"));
}

#[test]
fn sample_volume_has_pro_v2_and_replay_layouts_with_accounts_and_regions() {
    let v = scan(&sample_volume()).unwrap();
    let layouts: BTreeSet<Layout> = v.layouts.iter().map(|l| l.layout).collect();
    assert!(layouts.contains(&Layout::ProV2), "{layouts:?}");
    assert!(layouts.contains(&Layout::CommunityReplay), "{layouts:?}");
    let names = service_names(&v);
    for svc in ["sqs", "s3", "sns", "ssm", "secretsmanager", "dynamodb", "kinesis"] {
        assert!(names.contains(svc), "{svc} missing from {names:?}");
    }
    let sqs = v.service("sqs").unwrap();
    assert!(sqs.entries.iter().any(|e| e.role == "store" && e.kind == EntryKind::PICKLE));
    // DynamoDB Local files are placed by the account and region in their names.
    let ddb = v.service("dynamodb").unwrap();
    let scopes: BTreeSet<(String, String)> = ddb
        .accounts
        .iter()
        .flat_map(|a| a.regions.iter().map(|r| (a.id.clone(), r.name.clone())))
        .collect();
    assert!(scopes.len() >= 2, "{scopes:?}");
    assert!(scopes.iter().all(|(a, r)| a.len() == 12 && r.contains('-')), "{scopes:?}");
    let kinesis = v.service("kinesis").unwrap();
    assert!(
        kinesis
            .accounts
            .iter()
            .all(|a| a.entries.iter().all(|e| e.kind == EntryKind::KINESIS_JSON))
    );
    assert!(!kinesis.accounts.is_empty());
    assert!(v.other.iter().any(|e| e.kind == EntryKind::REPLAY_LOG));
}

#[test]
fn community_per_api_logs_name_their_service() {
    let dir = common::repo().join("tests/fixtures/replay/per-api");
    let v = scan(&dir).unwrap();
    assert_eq!(v.layouts[0].layout, Layout::CommunityReplay);
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(Result::ok).collect();
    for f in files {
        let name = f.file_name().to_string_lossy().into_owned();
        if let Some(api) = name.strip_prefix("api_calls_").and_then(|s| s.strip_suffix(".json")) {
            let svc = v.service(api).unwrap_or_else(|| panic!("{api} not listed"));
            assert!(svc.entries.iter().any(|e| e.kind == EntryKind::REPLAY_LOG));
        }
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn pro_v1_layout_places_account_service_region() {
    // Real pickles arranged the way LocalStack 1.x laid them out.
    let tmp = tempfile::tempdir().unwrap();
    let pkl = corpus("v3_binary").join("sqs/store.pkl");
    for rel in [
        "api_states/000000000000/sqs/us-east-1/backend_state",
        "api_states/000000000000/sqs/eu-west-1/backend_state",
        "api_states/111111111111/iam/global/region_state",
        "stepfunctions/backend_state",
    ] {
        let p = tmp.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::copy(&pkl, &p).unwrap();
    }
    let v = scan(tmp.path()).unwrap();
    assert_eq!(v.layouts[0].layout, Layout::ProV1);
    let sqs = v.service("sqs").unwrap();
    let regions: Vec<_> = sqs.accounts[0].regions.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(sqs.accounts[0].id, "000000000000");
    assert_eq!(regions, ["eu-west-1", "us-east-1"]);
    let iam = v.service("iam").unwrap();
    assert_eq!(iam.accounts[0].id, "111111111111");
    assert!(iam.accounts[0].entries[0].role.contains("global"));
    assert!(
        v.service("stepfunctions").unwrap().entries.iter().all(|e| e.kind == EntryKind::PICKLE)
    );
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn unknown_files_are_listed_not_hidden() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("state/api_states/sqs")).unwrap();
    std::fs::copy(
        corpus("v3_binary").join("sqs/store.pkl"),
        tmp.path().join("state/api_states/sqs/store.state"),
    )
    .unwrap();
    std::fs::write(tmp.path().join("state/notes.txt"), "hello").unwrap();
    std::fs::create_dir_all(tmp.path().join("lib/python")).unwrap();
    std::fs::write(tmp.path().join("lib/python/x.py"), "pass").unwrap();
    let v = scan(tmp.path()).unwrap();
    assert!(v.other.iter().any(|e| e.rel == "state/notes.txt"), "{:?}", v.other);
    // A volume's lib/ holds installed packages, not state: not scanned.
    assert!(v.entries().all(|e| !e.rel.starts_with("lib/")));
}

#[test]
fn empty_dir_is_not_a_volume_and_says_what_was_looked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let err = scan(tmp.path()).unwrap_err();
    assert!(matches!(err, ScanError::NotAVolume(_)));
    let msg = err.to_string();
    for needle in ["api_states", "recorded_api_calls.json", "store.json", "backend_state"] {
        assert!(msg.contains(needle), "{msg}");
    }
}

#[test]
fn missing_path_is_a_clear_error() {
    let err = scan(Path::new("/definitely/not/here")).unwrap_err();
    assert!(err.to_string().contains("no such file or directory"), "{err}");
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn a_file_opens_as_a_single_file_volume() {
    let file = corpus("v4_binary").join("sqs/store.pkl");
    let v = scan(&file).unwrap();
    assert_eq!(v.layouts[0].layout, Layout::SingleFile);
    assert_eq!(v.file_count(), 1);
    let sqs = v.service("sqs").expect("service named by its directory");
    assert_eq!(sqs.entries[0].kind, EntryKind::PICKLE);
}

#[test]
fn dynamodb_and_kinesis_files_are_placed_by_content_wherever_they_lie() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/versions");
    let scope = |v: &Volume, svc: &str| {
        let s = v.service(svc).unwrap_or_else(|| {
            panic!("no {svc} in {:?}", v.services.iter().map(|s| &s.name).collect::<Vec<_>>())
        });
        s.accounts
            .iter()
            .flat_map(|a| {
                std::iter::once((a.id.clone(), None))
                    .chain(a.regions.iter().map(|r| (a.id.clone(), Some(r.name.clone()))))
            })
            .collect::<Vec<_>>()
    };
    // Lone files: service, account and region from the content and the name.
    let db = scan(&fixtures.join("dynamodb-11.1.0/000000000000_eu-central-1.db")).unwrap();
    assert_eq!(
        scope(&db, "dynamodb"),
        [
            ("000000000000".to_string(), None),
            ("000000000000".to_string(), Some("eu-central-1".to_string()))
        ]
    );
    let kinesis = scan(&fixtures.join("kinesis-0.4.13/444455556666.json")).unwrap();
    assert_eq!(scope(&kinesis, "kinesis"), [("444455556666".to_string(), None)]);
    // A database copied beside a Pro snapshot's `state/`, where no layout places files.
    let tmp = tempfile::tempdir().unwrap();
    common::copy_into_volume("state/api_states/sqs/store.state", tmp.path());
    std::fs::create_dir_all(tmp.path().join("old")).unwrap();
    std::fs::copy(
        fixtures.join("dynamodb-6.1.0/000000000000_eu-central-1.db"),
        tmp.path().join("old/000000000000_eu-central-1.db"),
    )
    .unwrap();
    let v = scan(tmp.path()).unwrap();
    let ddb = v.service("dynamodb").expect("the copied database under dynamodb");
    assert_eq!(
        ddb.all_entries().next().map(|e| (e.kind, e.role.as_str())),
        Some((EntryKind::DYNAMODB_SQLITE, "DynamoDB Local database"))
    );
    assert!(v.other.is_empty(), "{:?}", v.other);
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn symlink_loops_terminate_and_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let svc = tmp.path().join("sqs");
    std::fs::create_dir_all(&svc).unwrap();
    std::fs::copy(corpus("v3_binary").join("sqs/store.pkl"), svc.join("store.pkl")).unwrap();
    std::os::unix::fs::symlink(tmp.path(), svc.join("loop")).unwrap();
    let v = scan(tmp.path()).unwrap();
    assert_eq!(v.file_count(), 1);
    assert!(v.problems.iter().any(|p| p.contains("symlink loop")), "{:?}", v.problems);
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn unreadable_directory_is_reported_and_the_rest_listed() {
    let tmp = tempfile::Builder::new().prefix("ls-perm").tempdir_in("/tmp").unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("sqs")).unwrap();
    std::fs::copy(corpus("v3_binary").join("sqs/store.pkl"), root.join("sqs/store.pkl")).unwrap();
    std::fs::create_dir_all(root.join("s3/assets/secret")).unwrap();
    std::fs::write(root.join("s3/store.json"), "{}").unwrap();
    std::fs::write(root.join("s3/assets/secret/obj"), "x").unwrap();
    use std::os::unix::fs::PermissionsExt;
    for p in [root, &root.join("sqs"), &root.join("s3"), &root.join("s3/assets")] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(root.join("s3/assets/secret"), std::fs::Permissions::from_mode(0o000))
        .unwrap();
    // Root ignores permissions, so run the real binary as `nobody` when we are root.
    let bin = env!("CARGO_BIN_EXE_localstate");
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let out = if is_root {
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", bin, "ls", "--json"])
            .arg(root)
            .output()
            .unwrap()
    } else {
        std::process::Command::new(bin).args(["ls", "--json"]).arg(root).output().unwrap()
    };
    std::fs::set_permissions(root.join("s3/assets/secret"), std::fs::Permissions::from_mode(0o755))
        .unwrap();
    if is_root
        && String::from_utf8_lossy(&out.stderr).contains("Permission denied")
        && !out.status.success()
    {
        // The binary itself is not reachable for `nobody` (e.g. a 0700 home): nothing to learn.
        eprintln!(
            "SKIPPED: binary not executable as nobody: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = json["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p.as_str().unwrap().contains("s3/assets/secret")),
        "{problems:?}"
    );
    let services: Vec<&str> =
        json["services"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(services, ["s3", "sqs"]);
}
