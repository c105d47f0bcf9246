//! Engine-level edits proven by real Python: an SQS queue attribute changed in the sample
//! volume's real `store.state` (written by LocalStack) loads with `localstack.state.pickle`
//! in the venv of `tools/setup-real-programs.sh` (`$LOCALSTATE_PY`, see `tools/env.sh`) and
//! has the new value.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use std::process::Command;

use localstate::formats::pickle::{self, Limits};
use localstate::model::{Origin, Value};

const STORE: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample-volume/state/api_states/sqs/store.state");

#[test]
#[ignore = "needs the real programs (tools/setup-real-programs.sh): LocalStack"]
fn edited_sqs_attribute_loads_in_localstack_with_the_new_value() {
    let py = common::tool("LOCALSTATE_PY");
    let file = std::fs::read(STORE).expect("sample volume sqs store.state");
    let limits = Limits::default();
    let doc = pickle::decode(pickle::strip_marker(&file), &limits).unwrap();
    // `orders` got VisibilityTimeout=45 explicitly: its value is not shared with other queues
    // (the default "30" is one memoized string shared by every queue that kept it).
    let queue = doc
        .summary
        .resources
        .iter()
        .find(|r| r.kind == "queue" && r.name == "orders")
        .expect("queue orders in the sample store");
    let (account, region) = (queue.account.clone().unwrap(), queue.region.clone().unwrap());
    let pointer = format!("/{account}/{region}/queues/{}/attributes/VisibilityTimeout", queue.name);
    let leaf = doc.tree.resolve(&pointer).unwrap_or_else(|| panic!("no {pointer}"));
    let Some(Origin::PickleOp(op)) = doc.tree.node(leaf).origin else {
        panic!("{pointer} is not editable")
    };
    let shared = pickle::references(&file, op, &limits).unwrap();
    assert_eq!(shared, 1, "{pointer}");
    let dlq = doc
        .tree
        .resolve(&format!("/{account}/{region}/queues/orders-dlq/attributes/VisibilityTimeout"))
        .unwrap();
    let Some(Origin::PickleOp(dlq_op)) = doc.tree.node(dlq).origin else { panic!() };
    assert!(pickle::references(&file, dlq_op, &limits).unwrap() > 1, "the default 30 is shared");

    let edited = pickle::replace_scalar(&file, op, &Value::Str("417".into()), &limits).unwrap();
    let after = pickle::decode(pickle::strip_marker(&edited), &limits).unwrap();
    assert_eq!(
        after.tree.node(after.tree.resolve(&pointer).unwrap()).value,
        Value::Str("417".into())
    );

    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("store.state");
    std::fs::write(&path, &edited).unwrap();
    // `.items()`, not `bundle[account]`: the unpickled RLock is held (see the sample README).
    let script = "import sys\nfrom localstack.state import pickle\n\
                  with open(sys.argv[1], 'rb') as f:\n    bundle = pickle.load(f)\n\
                  regions = dict(bundle.items())[sys.argv[2]]\n\
                  store = dict(regions.items())[sys.argv[3]]\n\
                  print(store.queues[sys.argv[4]].attributes['VisibilityTimeout'], store.queues['orders-dlq'].attributes['VisibilityTimeout'])\n";
    let out = Command::new(&py)
        .arg("-c")
        .arg(script)
        .arg(&path)
        .arg(&account)
        .arg(&region)
        .arg(&queue.name)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "localstack.state.pickle.load failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "417 30",
        "edited queue has the new value, the others keep theirs"
    );
}
