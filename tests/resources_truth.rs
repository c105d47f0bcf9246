//! The truth of `localstate resources`: on state written by real LocalStack, it finds what
//! LocalStack's own API listed before the shutdown.
//!
//! Each fixture dir (`tests/fixtures/resources/ls-<version>/`, made by
//! `tools/make-resource-fixtures.sh`) holds `state/` and `expected.json`:
//! `{"localstack_version", "resources": [row], "defaults": [row + "why"], "skipped": {what: why}}`
//! with `row = {"service", "kind", "name", "account", "region", "collections": {kind: count}}`.
//! `resources` are what the workload created (listed through the API); `defaults` what the
//! emulator made on its own (default VPC, default event bus, Lambda's internal bucket…), which
//! `localstate resources` may show or not; a `null` field of a default matches anything.
//!
//! Checked on `localstate resources DIR --json` (one JSON object per line, the shape in
//! README.md):
//! - every expected resource is printed exactly once, with the same service, kind, name,
//!   account and region, and for each collection kind it expects, the same count (a kind not
//!   printed counts 0; kinds beyond the expected ones are not checked);
//! - every top-level resource printed of a kind the API listed (for that service) is expected
//!   or a default; kinds the workload did not list through the API (EC2's AMIs and
//!   snapshots, route tables…) are not judged;
//! - each printed `file` exists under DIR.
//!
//! Every mismatch is reported at once, as a table.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value as J;

/// A resource as expected.json and `resources --json` name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    service: String,
    kind: Option<String>,
    name: Option<String>,
    account: Option<String>,
    region: Option<String>,
}

impl Key {
    fn of(v: &J) -> Key {
        let s = |f: &str| v.get(f).and_then(J::as_str).map(str::to_owned);
        Key {
            service: s("service").unwrap_or_default(),
            kind: s("kind"),
            name: s("name"),
            account: s("account"),
            region: s("region"),
        }
    }

    /// A default matches when each of its fields is null or equal.
    fn matched_by_default(&self, default: &Key) -> bool {
        let field = |d: &Option<String>, mine: &Option<String>| d.is_none() || d == mine;
        default.service == self.service
            && field(&default.kind, &self.kind)
            && field(&default.name, &self.name)
            && field(&default.account, &self.account)
            && field(&default.region, &self.region)
    }
}

fn collections(v: &J) -> BTreeMap<String, u64> {
    v.get("collections")
        .and_then(J::as_object)
        .map(|m| m.iter().map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(u64::MAX))).collect())
        .unwrap_or_default()
}

struct Expected {
    version: String,
    resources: Vec<(Key, BTreeMap<String, u64>)>,
    defaults: Vec<Key>,
}

fn expected(dir: &Path) -> Expected {
    let path = dir.join("expected.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e} (made by tools/make-resource-fixtures.sh)", path.display())
    });
    let doc: J = serde_json::from_str(&text).unwrap();
    let rows = |field: &str| doc[field].as_array().cloned().unwrap_or_default();
    Expected {
        version: doc["localstack_version"].as_str().unwrap_or_default().to_owned(),
        resources: rows("resources").iter().map(|r| (Key::of(r), collections(r))).collect(),
        defaults: rows("defaults").iter().map(Key::of).collect(),
    }
}

/// The top-level rows of `localstate resources DIR --json`, or why there are none.
fn printed(dir: &Path) -> Result<Vec<J>, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_localstate"))
        .arg("resources")
        .arg(dir)
        .arg("--json")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "`localstate resources {} --json` exited with {}:\n{}{}",
            dir.display(),
            out.status,
            stdout,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut rows = Vec::new();
    for (i, line) in stdout.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let row: J = serde_json::from_str(line)
            .map_err(|e| format!("line {} is not JSON ({e}): {line}", i + 1))?;
        if row.get("parent").is_none_or(J::is_null) {
            rows.push(row);
        }
    }
    Ok(rows)
}

/// One row of the mismatch table.
struct Mismatch {
    problem: &'static str,
    key: Key,
    detail: String,
}

/// Every way `printed` differs from `want` (empty when it is the truth).
fn mismatches(dir: &Path, want: &Expected, printed: &[J]) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let mut by_key: BTreeMap<Key, Vec<&J>> = BTreeMap::new();
    for row in printed {
        by_key.entry(Key::of(row)).or_default().push(row);
    }
    // The (service, kind) pairs the API listed: only those are judged for extras.
    let listed: std::collections::BTreeSet<(String, Option<String>)> = want
        .resources
        .iter()
        .map(|(k, _)| k)
        .chain(want.defaults.iter())
        .map(|k| (k.service.clone(), k.kind.clone()))
        .collect();
    let mut expected_keys = BTreeMap::new();
    for (key, want_collections) in &want.resources {
        *expected_keys.entry(key.clone()).or_insert(0usize) += 1;
        let Some(rows) = by_key.get(key) else {
            out.push(Mismatch { problem: "missing", key: key.clone(), detail: String::new() });
            continue;
        };
        let got = collections(rows[0]);
        for (kind, n) in want_collections {
            let printed_n = got.get(kind).copied().unwrap_or(0);
            if printed_n != *n {
                out.push(Mismatch {
                    problem: "count",
                    key: key.clone(),
                    detail: format!("{kind}: printed {printed_n}, LocalStack listed {n}"),
                });
            }
        }
    }
    for (key, rows) in &by_key {
        match expected_keys.get(key) {
            Some(&n) if rows.len() != n => out.push(Mismatch {
                problem: "repeated",
                key: key.clone(),
                detail: format!("printed {} times, expected {n}", rows.len()),
            }),
            Some(_) => {}
            None if want.defaults.iter().any(|d| key.matched_by_default(d)) => {}
            None if !listed.contains(&(key.service.clone(), key.kind.clone())) => {}
            None => out.push(Mismatch {
                problem: "unexpected",
                key: key.clone(),
                detail: format!(
                    "neither made by the workload nor a default of the emulator ({})",
                    rows[0].get("file").and_then(J::as_str).unwrap_or("no file")
                ),
            }),
        }
        for row in rows {
            match row.get("file").and_then(J::as_str) {
                Some(f) if dir.join(f).is_file() => {}
                other => out.push(Mismatch {
                    problem: "file",
                    key: key.clone(),
                    detail: format!("`file` {other:?} is no file under the dir"),
                }),
            }
        }
    }
    out
}

fn table(rows: &[Mismatch]) -> String {
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "null".into());
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|m| {
            let k = &m.key;
            [
                m.problem.to_owned(),
                k.service.clone(),
                opt(&k.kind),
                opt(&k.name),
                opt(&k.account),
                opt(&k.region),
                m.detail.clone(),
            ]
        })
        .collect();
    let head = ["problem", "service", "kind", "name", "account", "region", "detail"];
    let mut width = head.map(str::len);
    for row in &cells {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut s = String::new();
    for row in std::iter::once(head.map(str::to_owned)).chain(cells) {
        let line: Vec<String> = row.iter().zip(width).map(|(c, w)| format!("{c:<w$}")).collect();
        let _ = writeln!(s, "  {}", line.join("  ").trim_end());
    }
    s
}

/// The truth check of one fixture dir: `Err` holds the report (all mismatches).
fn check_dir(dir: &Path) -> Result<(), String> {
    let want = expected(dir);
    if want.resources.is_empty() {
        return Err(format!("{}: expected.json lists no resources", dir.display()));
    }
    let printed = printed(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let wrong = mismatches(dir, &want, &printed);
    if wrong.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} (LocalStack {}): {} mismatches between `localstate resources --json` ({} rows) and \
         what LocalStack listed ({} resources, {} defaults):\n{}",
        dir.display(),
        want.version,
        wrong.len(),
        printed.len(),
        want.resources.len(),
        want.defaults.len(),
        table(&wrong)
    ))
}

fn committed_dirs() -> Vec<PathBuf> {
    let root = common::repo().join("tests/fixtures/resources");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn committed_fixtures_hold_what_localstack_listed() {
    let dirs = committed_dirs();
    let names: Vec<_> = dirs.iter().map(|d| d.file_name().unwrap().to_string_lossy()).collect();
    assert_eq!(names, ["ls-2026.3", "ls-4.13"], "the committed fixture dirs");
    for (dir, name) in dirs.iter().zip(&names) {
        let version = name.trim_start_matches("ls-");
        let want = expected(dir).version;
        assert!(
            want.starts_with(&format!("{version}.")),
            "{name} was written by LocalStack {want}"
        );
    }
    let reports: Vec<String> = dirs.iter().filter_map(|d| check_dir(d).err()).collect();
    assert!(reports.is_empty(), "\n{}", reports.join("\n"));
}

/// The expected resources with generated ids masked (`common::mask`), to compare two runs.
fn masked(want: &Expected) -> Vec<String> {
    let mut v: Vec<String> =
        want.resources.iter().map(|(k, c)| common::mask(&format!("{k:?} {c:?}"))).collect();
    v.sort();
    v
}

#[test]
#[ignore = "needs LOCALSTATE_FRESH_RESOURCES (a dir made by tools/make-resource-fixtures.sh)"]
fn fresh_fixture_holds_what_localstack_listed() {
    let dir = common::ci_fresh("LOCALSTATE_FRESH_RESOURCES");
    // Today's run of the workload lists what the committed fixture lists (else the workload
    // or LocalStack changed, and tests/fixtures/resources wants regenerating).
    let committed = expected(&common::repo().join("tests/fixtures/resources/ls-2026.3"));
    let fresh = expected(&dir);
    assert_eq!(masked(&fresh), masked(&committed), "today's expected.json vs ls-2026.3's");
    if let Err(report) = check_dir(&dir) {
        panic!("\n{report}");
    }
}

/// The fixtures themselves: every account and region used, each resource once and never also a
/// default, its service's state in the dir; and the expected rows, printed as they are, match.
#[test]
fn committed_expected_json_is_consistent() {
    for dir in committed_dirs() {
        let want = expected(&dir);
        let mut seen = std::collections::BTreeSet::new();
        for (key, _) in &want.resources {
            assert!(seen.insert(key.clone()), "{}: {key:?} twice", dir.display());
            let default = want.defaults.iter().find(|d| key.matched_by_default(d));
            assert!(
                default.is_none(),
                "{}: {key:?} is also the default {default:?}",
                dir.display()
            );
            let state = dir.join("state");
            let svc = &key.service;
            assert!(
                state.join("api_states").join(svc).is_dir() || state.join(svc).is_dir(),
                "{}: no state of {svc}",
                dir.display()
            );
        }
        let used = |f: fn(&Key) -> Option<String>| {
            want.resources
                .iter()
                .filter_map(|(k, _)| f(k))
                .collect::<std::collections::BTreeSet<_>>()
        };
        assert_eq!(
            used(|k| k.account.clone()),
            ["000000000000", "111111111111"].map(String::from).into()
        );
        assert_eq!(
            used(|k| k.region.clone()),
            ["ap-southeast-2", "eu-west-1", "us-east-1"].map(String::from).into()
        );
        let file =
            common::files_under(&dir.join("state"))[0].strip_prefix(&dir).unwrap().to_owned();
        let as_printed: Vec<J> = want
            .resources
            .iter()
            .map(|(k, c)| {
                serde_json::json!({"service": k.service, "kind": k.kind, "name": k.name,
                    "account": k.account, "region": k.region, "collections": c, "file": file})
            })
            .collect();
        let wrong = mismatches(&dir, &want, &as_printed);
        assert!(wrong.is_empty(), "{}:\n{}", dir.display(), table(&wrong));
    }
}

/// The comparison itself, on made-up output: every kind of mismatch lands in the table.
#[test]
fn mismatches_are_all_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.state"), b"").unwrap();
    let doc = serde_json::json!({
        "localstack_version": "2026.3.0",
        "resources": [
            {"service": "sqs", "kind": "queue", "name": "orders", "account": "000000000000",
             "region": "us-east-1", "collections": {"message": 3}},
            {"service": "sqs", "kind": "queue", "name": "gone", "account": "000000000000",
             "region": "us-east-1", "collections": {}},
            {"service": "iam", "kind": "user", "name": "alice", "account": "000000000000",
             "region": null, "collections": {}}
        ],
        "defaults": [
            {"service": "events", "kind": "event bus", "name": "default", "account": "000000000000",
             "region": "us-east-1", "collections": {}, "why": "default bus"},
            {"service": "sts", "kind": null, "name": null, "account": null, "region": null,
             "collections": {}, "why": "credentials"}
        ]
    });
    std::fs::write(dir.path().join("expected.json"), doc.to_string()).unwrap();
    let row = |service: &str, kind: &str, name: &str, region: J, collections: J| {
        serde_json::json!({"service": service, "kind": kind, "name": name,
            "account": "000000000000", "region": region, "file": "s.state",
            "pointer": "/", "collections": collections})
    };
    let printed = vec![
        row("sqs", "queue", "orders", "us-east-1".into(), serde_json::json!({"message": 2})),
        row("iam", "user", "alice", "us-east-1".into(), serde_json::json!({})),
        row("events", "event bus", "default", "us-east-1".into(), serde_json::json!({})),
        row("sts", "temporary credentials", "LSIA1", "us-east-1".into(), serde_json::json!({})),
        row("sqs", "queue", "orders", "us-east-1".into(), serde_json::json!({"message": 2})),
    ];
    let mut found: Vec<(&str, String)> = mismatches(dir.path(), &expected(dir.path()), &printed)
        .into_iter()
        .map(|m| (m.problem, m.key.name.unwrap_or_default()))
        .collect();
    found.sort();
    let want = [
        ("count", "orders"),  // message: printed 2, listed 3
        ("missing", "alice"), // printed with a region, IAM is global
        ("missing", "gone"),
        ("repeated", "orders"),
        ("unexpected", "alice"),
    ];
    assert_eq!(found, want.map(|(p, n)| (p, n.to_owned())));
    let report = table(&mismatches(dir.path(), &expected(dir.path()), &printed));
    assert!(report.contains("message: printed 2, LocalStack listed 3"), "{report}");
}
