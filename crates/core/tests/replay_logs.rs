//! The replay decoder and lint on logs recorded from real traffic (LocalStack 2026.3.0 behind
//! the recording proxy): the sample volume's log and the second workload (JSON and query SQS,
//! S3 multipart, SNS, SSM, Secrets Manager, DynamoDB), plus the per-API split.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::path::{Path, PathBuf};

use localstate_core::formats::replay::{
    self, BodyKind, Call, DEFAULT_PER_CALL_COST, FindingKind, Lint, Protocol, ReplayLog, Risk,
};
use localstate_core::model::RowFilter;

/// The UploadId LocalStack generated for `big/archive.bin` when the workload was recorded.
const UPLOAD_ID: &str = "rSLJzvlWExxmDE9sfm9ql8LTbo9PVGxLYt0jhrJ0aLwfAhC2OPkKCGgvIZQ5wnfvNDH2ejZzVFgzgs4iFtp5YbrLsNZuuQeAm5sIlxyxORGvFwhzD0Vk6jr4SjEgAJCX";

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(rel)
}

fn workload2() -> PathBuf {
    fixture("tests/fixtures/replay/workload2/recorded_api_calls.json")
}

fn sample() -> PathBuf {
    fixture("assets/sample-volume/data/recorded_api_calls.json")
}

fn calls(path: &Path) -> Vec<Call> {
    let log = ReplayLog::open(path).unwrap();
    log.calls().unwrap().map(|c| c.unwrap().unwrap()).collect()
}

fn param<'a>(c: &'a Call, k: &str) -> &'a str {
    c.params
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("call #{} has no {k}: {:?}", c.index + 1, c.params))
}

fn lint(path: &Path) -> Lint {
    replay::lint(&ReplayLog::open(path).unwrap(), DEFAULT_PER_CALL_COST).unwrap()
}

#[test]
fn workload2_operations_and_params_per_protocol() {
    let c = calls(&workload2());
    let ops: Vec<&str> = c.iter().map(|c| c.operation.as_str()).collect();
    assert_eq!(
        ops,
        [
            "CreateQueue",
            "SendMessage",
            "SendMessage",
            "ReceiveMessage",
            "DeleteMessage",
            "SetQueueAttributes",
            "CreateQueue",
            "SendMessage",
            "SendMessage",
            "ReceiveMessage",
            "DeleteMessage",
            "CreateBucket",
            "PutObject",
            "CreateMultipartUpload",
            "UploadPart",
            "UploadPart",
            "CompleteMultipartUpload",
            "CreateTopic",
            "Publish",
            "PutParameter",
            "PutParameter",
            "CreateSecret",
            "PutSecretValue",
            "CreateTable",
            "PutItem",
            "UpdateItem",
        ]
    );
    // JSON protocol SQS
    assert_eq!(c[0].protocol, Protocol::Json);
    assert_eq!(param(&c[0], "QueueName"), "jobs");
    assert_eq!(param(&c[1], "MessageBody"), "{\"job\": 1, \"kind\": \"resize\"}");
    assert_eq!(
        (c[0].region.as_deref(), c[0].access_key.as_deref()),
        (Some("us-east-1"), Some("000000000000"))
    );
    assert!(c[0].time.as_deref().is_some_and(|t| t.starts_with("2026-")), "{:?}", c[0].time);
    // query protocol SQS: form fields, queue URL decoded
    assert_eq!(c[6].protocol, Protocol::Query);
    assert_eq!(param(&c[6], "QueueName"), "legacy");
    assert_eq!(c[6].request_body.kind, BodyKind::Form);
    assert!(param(&c[7], "QueueUrl").ends_with("/000000000000/legacy"));
    assert_eq!(param(&c[8], "MessageBody"), "sent to the queue path");
    assert_eq!(c[8].path, "/000000000000/legacy");
    // query responses are XML, pretty-printed
    let r = c[6].response.as_ref().unwrap();
    assert_eq!(r.kind, BodyKind::Xml);
    assert!(r.text.contains("\n    <QueueUrl>http://"), "{}", r.text);
    // S3 rest-xml
    assert_eq!(c[11].protocol, Protocol::RestXml);
    assert_eq!(param(&c[11], "Bucket"), "uploads");
    assert_eq!((param(&c[12], "Key"), param(&c[12], "Body")), ("notes/hello.txt", "13 bytes"));
    assert_eq!(c[12].request_body.text, "hello replay\n");
    assert_eq!(param(&c[13], "Key"), "big/archive.bin");
    let upload_id = param(&c[14], "UploadId");
    assert_eq!(upload_id, UPLOAD_ID);
    assert!(c[13].response.as_ref().unwrap().text.contains(upload_id));
    assert_eq!(c[16].request_body.kind, BodyKind::Xml);
    assert!(c[16].request_body.text.contains("<PartNumber>2</PartNumber>"));
    // SNS query, SSM / Secrets Manager / DynamoDB JSON
    assert_eq!(param(&c[17], "Name"), "alerts");
    assert_eq!(param(&c[18], "TopicArn"), "arn:aws:sns:us-east-1:000000000000:alerts");
    assert_eq!(param(&c[20], "Overwrite"), "true");
    assert_eq!(param(&c[22], "SecretString"), "t0k3n-v2");
    assert_eq!(
        param(&c[24], "Item"),
        r#"{"id":{"S":"s-1"},"ttl":{"N":"1767225600"},"roles":{"SS":["reader","writer"]}}"#
    );
    assert_eq!(c[25].service, "dynamodb");
}

#[test]
fn workload2_lint_finds_queue_url_upload_id_receipt_and_arn_dependencies() {
    let l = lint(&workload2());
    let dep = |call: usize, on: usize| {
        l.findings.iter().find(|f| f.call == call && f.depends_on == Some(on))
    };
    // SendMessage → CreateQueue: the queue URL with the recording host:port.
    let f = dep(1, 0).expect("SendMessage depends on CreateQueue");
    assert_eq!(f.place, "QueueUrl");
    assert!(
        f.value.starts_with("http://sqs.us-east-1.localhost.localstack.cloud:")
            && f.value.ends_with("/000000000000/jobs"),
        "{}",
        f.value
    );
    assert_eq!(f.risk, Risk::Medium);
    assert!(f.note.contains("sqs.us-east-1.localhost.localstack.cloud:"), "{}", f.note);
    // query protocol: SendMessage with QueueUrl= → query CreateQueue's XML response
    assert_eq!(dep(7, 6).map(|f| f.place.as_str()), Some("QueueUrl"));
    // multipart chain: UploadPart ×2 and Complete → CreateMultipartUpload's UploadId
    for call in [14, 15, 16] {
        let f =
            dep(call, 13).unwrap_or_else(|| panic!("call #{} not linked to the upload", call + 1));
        assert_eq!(
            (f.place.as_str(), f.value.as_str(), f.risk),
            ("UploadId", UPLOAD_ID, Risk::High)
        );
    }
    // receipt handles from ReceiveMessage (JSON and query) are timing-dependent
    for (call, on) in [(4, 3), (10, 9)] {
        let f = dep(call, on).expect("DeleteMessage depends on ReceiveMessage");
        assert_eq!(
            (f.place.as_str(), f.kind, f.risk),
            ("ReceiptHandle", FindingKind::Timing, Risk::High)
        );
    }
    assert!(
        l.findings
            .iter()
            .any(|f| f.call == 3 && f.kind == FindingKind::Timing && f.depends_on.is_none())
    );
    // the secret ARN carries a random suffix
    let f = dep(22, 21).expect("PutSecretValue depends on CreateSecret");
    assert_eq!((f.place.as_str(), f.risk), ("SecretId", Risk::High));
    assert!(f.value.ends_with("secret:replay/token-LvjyFQ"));
    // the topic ARN is built from the name: reported, low risk
    assert_eq!(dep(18, 17).map(|f| f.risk), Some(Risk::Low));
    // calls that only carry chosen names are not flagged
    for call in [0, 6, 8, 11, 12, 13, 17, 19, 20, 21, 23, 24, 25] {
        assert!(
            l.findings.iter().all(|f| f.call != call),
            "call #{} flagged: {:?}",
            call + 1,
            l.findings.iter().find(|f| f.call == call)
        );
    }
    let s = &l.summary;
    assert_eq!(s.calls, 26);
    assert_eq!(
        s.per_service,
        vec![
            ("dynamodb".into(), 3),
            ("s3".into(), 6),
            ("secretsmanager".into(), 2),
            ("sns".into(), 2),
            ("sqs".into(), 11),
            ("ssm".into(), 2)
        ]
    );
    assert!(s.per_operation.contains(&("s3".into(), "UploadPart".into(), 2)));
    // dependent: 1 2 3 4 5 7 9 10 14 15 16 18 22
    assert_eq!(s.dependent_calls, 13);
    assert_eq!(s.timing_calls, 4);
    assert_eq!(
        s.restore_line.as_deref(),
        Some(
            format!("Restored 26 API calls from persistent file: {}", workload2().display())
                .as_str()
        )
    );
    assert_eq!(
        s.estimated_replay,
        DEFAULT_PER_CALL_COST * 26 + replay::DEFAULT_SERVICE_START_COST * 6
    );
}

#[test]
fn sample_volume_log_decodes_every_call() {
    let c = calls(&sample());
    assert_eq!(c.len(), 138);
    assert!(
        c.iter().all(|c| !c.operation.contains(' ')),
        "undecoded: {:?}",
        c.iter().find(|c| c.operation.contains(' ')).map(|c| (&c.service, &c.operation))
    );
    assert_eq!(c[1].operation, "CreateQueue");
    assert_eq!(param(&c[1], "QueueName"), "orders");
    assert!(param(&c[1], "Attributes").contains("\"VisibilityTimeout\":\"45\""));
    assert_eq!(
        (c[13].operation.as_str(), param(&c[13], "Bucket")),
        ("CreateBucket", "sample-us-east-1-0000")
    );
    assert_eq!(c[14].request_body.text, "hello from localstate\n");
    assert_eq!(
        (c[16].operation.as_str(), c[16].request_body.kind),
        ("PutObject", BodyKind::Binary)
    );
    assert!(
        c[16].request_body.text.starts_with("00000000  89 50 4e 47"),
        "{}",
        c[16].request_body.text
    );
    assert_eq!(
        (c[18].protocol, c[18].operation.as_str(), param(&c[18], "Name")),
        (Protocol::Query, "CreateTopic", "order-events")
    );
    assert_eq!(param(&c[18], "Attributes.entry.1.value"), "Orders");
    assert_eq!(c[24].operation, "CreateSecret");
    let eu = c
        .iter()
        .find(|c| c.operation == "CreateBucket" && c.region.as_deref() == Some("eu-west-1"))
        .unwrap();
    assert!(
        eu.request_body.text.contains("<LocationConstraint>eu-west-1</LocationConstraint>"),
        "{}",
        eu.request_body.text
    );
    let l = lint(&sample());
    let f = l.findings.iter().find(|f| f.call == 3).expect("first SendMessage flagged");
    assert_eq!((f.depends_on, f.place.as_str()), (Some(1), "QueueUrl"));
    let sub = l.findings.iter().find(|f| f.call == 19).expect("Subscribe uses the topic ARN");
    assert_eq!((sub.depends_on, sub.risk), (Some(18), Risk::Low));
}

#[test]
fn per_api_split_logs_decode_to_their_service() {
    for api in ["sqs", "s3", "sns", "ssm", "secretsmanager", "dynamodb"] {
        let c = calls(&fixture(&format!("tests/fixtures/replay/per-api/api_calls_{api}.json")));
        assert!(!c.is_empty());
        assert!(c.iter().all(|c| c.service == api), "{api}");
    }
    let s3 = calls(&fixture("tests/fixtures/replay/per-api/api_calls_s3.json"));
    assert_eq!(s3.iter().filter(|c| c.operation == "UploadPart").count(), 2);
}

#[test]
fn document_has_summary_findings_and_paged_calls() {
    let doc = replay::open(&workload2()).unwrap();
    assert_eq!(doc.format, "record-and-replay log");
    assert!(doc.summary.headline.contains("26 calls"), "{}", doc.summary.headline);
    let t = &doc.tables[0];
    assert_eq!(t.count(&RowFilter::default()).unwrap(), 26);
    let page = t.page(&RowFilter::default(), 13, 2).unwrap();
    assert_eq!(page[0].cells[4], "CreateMultipartUpload");
    assert_eq!(page[1].cells[4], "UploadPart");
    assert!(page[1].cells[5].contains("UploadId=rSLJzvlWExxmDE9sfm9ql8LTbo9PVGxLYt0j"));
    let detail = &page[1].detail;
    let id = detail.resolve("/params/UploadId").unwrap();
    assert_eq!(detail.node(id).value.display(), UPLOAD_ID);
    let sqs = RowFilter { key_prefix: Some("sqs".into()), text: None };
    assert_eq!(t.count(&sqs).unwrap(), 11);
    let text = RowFilter { key_prefix: None, text: Some("t0k3n-v2".into()) };
    assert_eq!(t.page(&text, 0, 10).unwrap().iter().map(|r| r.id).collect::<Vec<_>>(), vec![22]);
    let calls_node = doc.tree.resolve("/summary/calls").unwrap();
    assert_eq!(doc.tree.node(calls_node).value.display(), "26");
    let f = doc.tree.resolve("/findings/0/depends on call").unwrap();
    assert_eq!(doc.tree.node(f).value.display(), "1");
    let info = replay::open(&fixture("tests/fixtures/replay/workload2/startup_info.json")).unwrap();
    let v = info.tree.resolve("/0/localstack_version").unwrap();
    assert_eq!(info.tree.node(v).value.display(), "2026.3.0");
}

#[test]
fn blank_and_malformed_lines_are_reported_with_line_numbers() {
    let real = std::fs::read_to_string(workload2()).unwrap();
    let mut lines = real.lines();
    let (a, b) = (lines.next().unwrap(), lines.next().unwrap());
    // Hand-made damage around real lines: blank, truncated JSON, missing field, CRLF.
    let text =
        format!("{a}\r\n\n   \n{{\"a\": \"sqs\", \"m\n{{\"m\": \"POST\", \"p\": \"/\"}}\n{b}\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recorded_api_calls.json");
    std::fs::write(&path, text).unwrap();
    let log = ReplayLog::open(&path).unwrap();
    assert_eq!(log.blank_lines(), &[2, 3]);
    assert_eq!(log.len(), 4);
    let all: Vec<_> = log.calls().unwrap().map(|c| c.unwrap()).collect();
    assert_eq!(all[0].as_ref().unwrap().operation, "CreateQueue");
    let e = all[1].as_ref().unwrap_err();
    assert_eq!(e.line_no, 4);
    assert!(e.message.contains("not a JSON object"), "{}", e.message);
    assert_eq!(all[2].as_ref().unwrap_err().line_no, 5);
    assert!(all[2].as_ref().unwrap_err().message.contains("\"a\" is missing"));
    assert_eq!(all[3].as_ref().unwrap().line_no, 6);
    assert_eq!(log.call(3).unwrap().unwrap().operation, "SendMessage");
    let l = replay::lint(&log, DEFAULT_PER_CALL_COST).unwrap();
    assert_eq!(l.problems.len(), 2);
    assert_eq!(l.summary.restore_line, None);
    assert!(l.summary.restore_note.as_deref().unwrap().contains("line 4"));
    assert!(l.findings.iter().any(|f| f.call == 3 && f.depends_on == Some(0)));
    let doc = replay::open(&path).unwrap();
    assert_eq!(doc.warnings.len(), 2);
    assert!(doc.warnings[0].starts_with("line 4:"), "{}", doc.warnings[0]);
}

#[test]
fn measured_cost_constants_match_the_fixture() {
    let text = std::fs::read_to_string(fixture("tests/fixtures/replay/replay-cost.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let run = v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["log"].as_str().unwrap().contains("sample-volume"))
        .unwrap();
    assert_eq!(
        DEFAULT_PER_CALL_COST.as_secs_f64() * 1000.0,
        run["ms_per_call_warm"]["mean"].as_f64().unwrap()
    );
    let firsts: Vec<f64> = run["ms_first_call_per_api"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let mean = firsts.iter().sum::<f64>() / firsts.len() as f64;
    assert!(
        (replay::DEFAULT_SERVICE_START_COST.as_secs_f64() * 1000.0 - mean).abs() < 1.0,
        "{mean}"
    );
}
