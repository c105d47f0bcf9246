//! Proof with real LocalStack code: `localstate set` changes an SQS queue's VisibilityTimeout
//! and a message body in a copy of a real `store.state`; `localstack.state.pickle.load` (the
//! real localstack-core 2026.3.0 venv) loads it with the new values. The moto SSM backend
//! cannot be loaded by CPython at all (`ParameterDict.__init__` misses `region_name`, see the
//! sample volume README), so there the proof is our engine's decode + a byte comparison.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use localstate::model::Value;
use localstate::volume::EntryKind;

const ORDERS: &str = "/000000000000/us-east-1/queues/orders";

// `.items()`, not `bundle[...]`: after load, the unpickled RLock is held (sample README).
const LOAD_SQS: &str = r#"
import sys, json
from localstack.state import pickle
with open(sys.argv[1], "rb") as f:
    bundle = pickle.load(f)
out = {}
for account, regions in bundle.items():
    for region, store in regions.items():
        for name, q in store.queues.items():
            visible = getattr(q, "visible", None)
            bodies = [m.message["Body"] for m in list(visible.queue)] if visible is not None else None
            out[f"{account}/{region}/{name}"] = [q.attributes["VisibilityTimeout"], bodies]
print(json.dumps(out))
"#;

fn load(py: &str, file: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(common::python(py, LOAD_SQS, &[file.to_str().unwrap()]).trim()).unwrap()
}

#[test]
#[ignore = "needs the real programs (tools/setup-real-programs.sh): LocalStack"]
fn sqs_edits_load_in_real_localstack() {
    let py = common::tool("LOCALSTATE_PY");
    let dir = tempfile::tempdir().unwrap();
    let file = common::copy_sample("api_states/sqs/store.state", dir.path());
    let before = load(&py, &file);

    let vt = format!("{ORDERS}/attributes/VisibilityTimeout");
    let (ok, out) = common::localstate_set(&[file.to_str().unwrap(), &vt, "99"]);
    assert!(ok, "{out}");
    assert!(out.contains(r#""45" → "99""#), "{out}");
    let body = format!("{ORDERS}/visible/queue/0/message/Body");
    let new_body = r#"{"order_id": 0, "edited": "by localstate ✓"}"#;
    let (ok, out) = common::localstate_set(&[file.to_str().unwrap(), &body, new_body]);
    assert!(ok, "{out}");

    let after = load(&py, &file);
    let mut expected = before.clone();
    let q = &mut expected["000000000000/us-east-1/orders"];
    q[0] = "99".into();
    let old_body = q[1][0].clone();
    q[1][0] = new_body.into();
    assert_ne!(old_body, serde_json::Value::from(new_body));
    assert_eq!(after, expected, "only the two edited values differ");
    // The .bak is the file before the second save.
    let bak = dir.path().join("store.state.bak");
    let (_, doc) = localstate::edit::EditSession::open(&bak, EntryKind::PICKLE).unwrap();
    assert_eq!(doc.tree.node(doc.tree.resolve(&vt).unwrap()).value, Value::Str("99".into()));
}

#[test]
fn a_shared_pickled_value_needs_shared() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::copy_sample("api_states/sqs/store.state", dir.path());
    let before = std::fs::read(&file).unwrap();
    // The default "30" is one memoized string used by every queue that kept it.
    let (ok, out) = common::localstate_set(&[
        file.to_str().unwrap(),
        "/000000000000/us-east-1/queues/orders-dlq/attributes/VisibilityTimeout",
        "31",
    ]);
    assert!(!ok && out.contains("--shared"), "{out}");
    assert!(std::fs::read(&file).unwrap() == before, "nothing written");
}

#[test]
fn ssm_parameter_value_edit_decodes_and_changes_only_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::copy_sample("api_states/ssm/backend.state", dir.path());
    let before = std::fs::read(&file).unwrap();
    let (_, doc) = localstate::edit::EditSession::open(&file, EntryKind::PICKLE).unwrap();
    // The leaf holding the value of parameter /app/db/host.
    let id = (0..doc.tree.len() as u32)
        .find(|id| {
            let p = doc.tree.pointer(*id);
            p.contains("app~1db~1host")
                && p.ends_with("/value")
                && doc.tree.node(*id).origin.is_some()
        })
        .expect("the value of /app/db/host");
    let pointer = doc.tree.pointer(id);
    let Value::Str(old) = doc.tree.node(id).value.clone() else { panic!("{pointer} is not a str") };
    let (ok, out) =
        common::localstate_set(&[file.to_str().unwrap(), &pointer, "db.edited.internal"]);
    assert!(ok, "{out}");
    let after = std::fs::read(&file).unwrap();
    let (_, doc2) = localstate::edit::EditSession::open(&file, EntryKind::PICKLE).unwrap();
    assert_eq!(
        doc2.tree.node(doc2.tree.resolve(&pointer).unwrap()).value,
        Value::Str("db.edited.internal".into())
    );
    assert!(doc2.tree.changed_since(&doc.tree).len() == 1, "only the edited leaf changed");
    // Bytes: identical outside the one string opcode (and the FRAME length before it).
    let skip = if before.get(2) == Some(&0x95) { 11 } else { 0 };
    let i = skip + before[skip..].iter().zip(&after[skip..]).position(|(a, b)| a != b).unwrap();
    let tail = before.len()
        - before.iter().rev().zip(after.iter().rev()).position(|(a, b)| a != b).unwrap();
    // The changed bytes lie inside the old string opcode: op byte, length byte, the text.
    let at =
        before.windows(old.len()).position(|w| w == old.as_bytes()).expect("old text in the file");
    assert!(
        i + 2 >= at && tail <= at + old.len(),
        "bytes outside the value changed: {:?}",
        &before[i..tail]
    );
}
