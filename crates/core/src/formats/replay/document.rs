//! The replay log as a shared-model [`Document`]: summary and lint findings in the tree, the
//! calls as a paged [`RowSource`] decoded on demand (each row's detail is the full call).

use std::sync::Arc;

use crate::model::{Document, Resource, Row, RowFilter, RowSource, Summary, Tree, Value};

use super::body::{BodyKind, Rendered};
use super::call::{Call, shorten};
use super::lint::{DEFAULT_PER_CALL_COST, Lint};
use super::{LineError, ReplayLog};

/// At most this many findings go into the tree (all are counted in the summary).
const MAX_TREE_FINDINGS: usize = 10_000;
/// At most this many malformed lines become warnings.
const MAX_WARNINGS: usize = 100;

pub fn build(log: Arc<ReplayLog>) -> crate::Result<Document> {
    let lint = super::lint(&log, DEFAULT_PER_CALL_COST)?;
    let mut tree = Tree::new("replay log", "log");
    summary_tree(&mut tree, &lint);
    findings_tree(&mut tree, &lint);
    let problems = tree.push_container(Tree::ROOT, "problems", "list", true);
    for (i, p) in lint.problems.iter().enumerate() {
        tree.push(problems, i.to_string(), "line", Value::Text(p.to_string()));
    }
    tree.dedupe_names();
    let s = &lint.summary;
    let mut warnings: Vec<String> =
        lint.problems.iter().take(MAX_WARNINGS).map(|p| p.to_string()).collect();
    if lint.problems.len() > MAX_WARNINGS {
        warnings.push(format!("… and {} more malformed lines", lint.problems.len() - MAX_WARNINGS));
    }
    warnings.extend(
        log.index().oversized_lines.iter().map(|l| format!("line {l}: longer than 4 GiB, skipped")),
    );
    let headline = format!(
        "record-and-replay log · {} calls · {} services · {} depend on earlier responses · replay ≈ {:.1} s",
        s.calls,
        s.per_service.len(),
        s.dependent_calls,
        s.estimated_replay.as_secs_f64()
    );
    let resources = s
        .per_service
        .iter()
        .map(|(svc, n)| Resource {
            kind: "service".into(),
            name: svc.clone(),
            details: vec![("calls".into(), n.to_string())],
            ..Default::default()
        })
        .collect();
    Ok(Document {
        format: "record-and-replay log".into(),
        tree,
        summary: Summary { headline, resources, ..Summary::default() },
        tables: vec![Arc::new(CallsTable { log })],
        scopes: Vec::new(),
        warnings,
    })
}

fn summary_tree(tree: &mut Tree, lint: &Lint) {
    let s = &lint.summary;
    let n = tree.push_container(Tree::ROOT, "summary", "summary", false);
    tree.push(n, "calls", "int", Value::Int(s.calls as i64));
    tree.push(n, "blank lines", "int", Value::Int(s.blank_lines as i64));
    tree.push(n, "malformed lines", "int", Value::Int(s.malformed_lines as i64));
    tree.push(n, "dependent calls", "int", Value::Int(s.dependent_calls as i64));
    tree.push(n, "timing-dependent calls", "int", Value::Int(s.timing_calls as i64));
    tree.push(
        n,
        "estimated replay time",
        "duration",
        Value::Text(format!(
            "{:.1} s ({} calls × {:.0} ms + {} services × {:.2} s start)",
            s.estimated_replay.as_secs_f64(),
            s.calls + s.malformed_lines,
            s.per_call_cost.as_secs_f64() * 1000.0,
            s.per_service.len(),
            s.service_start_cost.as_secs_f64()
        )),
    );
    let restore = match (&s.restore_line, &s.restore_note) {
        (Some(l), _) => Value::Str(l.clone()),
        (None, Some(n)) => Value::Text(n.clone()),
        (None, None) => Value::Null,
    };
    tree.push(n, "restore log line", "str", restore);
    let svc = tree.push_container(n, "calls per service", "dict", false);
    for (name, count) in &s.per_service {
        tree.push(svc, name.clone(), "int", Value::Int(*count as i64));
    }
    let ops = tree.push_container(n, "calls per operation", "dict", false);
    for (service, op, count) in &s.per_operation {
        tree.push(ops, format!("{service} {op}"), "int", Value::Int(*count as i64));
    }
}

fn findings_tree(tree: &mut Tree, lint: &Lint) {
    let list = tree.push_container(Tree::ROOT, "findings", "list", true);
    for (i, f) in lint.findings.iter().take(MAX_TREE_FINDINGS).enumerate() {
        let n = tree.push_container(list, i.to_string(), "Finding", false);
        tree.push(n, "call", "int", Value::Int(f.call as i64 + 1));
        tree.push(n, "operation", "str", Value::Str(f.operation.clone()));
        if let (Some(d), Some(op)) = (f.depends_on, &f.depends_on_operation) {
            tree.push(n, "depends on call", "int", Value::Int(d as i64 + 1));
            tree.push(n, "depends on operation", "str", Value::Str(op.clone()));
        }
        tree.push(n, "place", "str", Value::Str(f.place.clone()));
        tree.push(n, "value", "str", Value::Str(f.value.clone()));
        tree.push(n, "risk", "str", Value::Text(f.risk.label().into()));
        tree.push(n, "note", "str", Value::Text(f.note.clone()));
    }
    if lint.findings.len() > MAX_TREE_FINDINGS {
        tree.push(
            list,
            MAX_TREE_FINDINGS.to_string(),
            "text",
            Value::Text(format!(
                "… {} more findings (see `localstate replay --lint`)",
                lint.findings.len() - MAX_TREE_FINDINGS
            )),
        );
    }
}

/// One decoded call as a tree (the detail pane of a row).
pub fn call_tree(c: &Call) -> Tree {
    let mut t = Tree::new(format!("call #{}", c.index + 1), "Call");
    let opt = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Str);
    t.push(Tree::ROOT, "line", "int", Value::Int(c.line_no as i64));
    t.push(Tree::ROOT, "time", "str", opt(&c.time));
    t.push(Tree::ROOT, "service", "str", Value::Str(c.service.clone()));
    t.push(Tree::ROOT, "operation", "str", Value::Str(c.operation.clone()));
    t.push(Tree::ROOT, "protocol", "str", Value::Text(c.protocol.label().into()));
    t.push(Tree::ROOT, "method", "str", Value::Str(c.method.clone()));
    t.push(Tree::ROOT, "path", "str", Value::Str(c.path.clone()));
    t.push(Tree::ROOT, "region", "str", opt(&c.region));
    t.push(Tree::ROOT, "access key", "str", opt(&c.access_key));
    let p = t.push_container(Tree::ROOT, "params", "dict", false);
    for (k, v) in &c.params {
        t.push(p, k.clone(), "str", Value::Str(v.clone()));
    }
    let h = t.push_container(Tree::ROOT, "headers", "dict", false);
    for (k, v) in &c.headers.0 {
        t.push(h, k.clone(), "str", Value::Str(v.clone()));
    }
    body_tree(&mut t, "request body", &c.request_body);
    match &c.response {
        Some(r) => body_tree(&mut t, "response body", r),
        None => {
            t.push(
                Tree::ROOT,
                "response body",
                "none",
                Value::Text("not recorded (log written before LocalStack 0.10.8)".into()),
            );
        }
    }
    t.dedupe_names();
    t
}

fn body_tree(t: &mut Tree, name: &str, b: &Rendered) {
    let n = t.push_container(Tree::ROOT, name, b.kind.label(), false);
    t.push(n, "size", "int", Value::Int(b.size as i64));
    match b.kind {
        BodyKind::Form => {
            let f = t.push_container(n, "fields", "form", false);
            for (k, v) in &b.fields {
                t.push(f, k.clone(), "str", Value::Str(v.clone()));
            }
        }
        BodyKind::Empty => {}
        _ => {
            t.push(n, "text", b.kind.label(), Value::Text(b.display()));
        }
    }
}

/// The calls of a log, read and decoded page by page.
struct CallsTable {
    log: Arc<ReplayLog>,
}

impl CallsTable {
    fn row(&self, r: Result<Call, LineError>) -> Row {
        match r {
            Ok(c) => Row {
                id: c.index as i64,
                cells: vec![
                    (c.index + 1).to_string(),
                    c.line_no.to_string(),
                    c.time.clone().unwrap_or_default(),
                    c.service.clone(),
                    c.operation.clone(),
                    c.params_line(80),
                ],
                detail: call_tree(&c),
            },
            Err(e) => {
                let mut detail = Tree::new(format!("line {}", e.line_no), "malformed");
                detail.push(Tree::ROOT, "error", "str", Value::Text(e.message.clone()));
                Row {
                    id: e.index as i64,
                    cells: vec![
                        (e.index + 1).to_string(),
                        e.line_no.to_string(),
                        String::new(),
                        "(malformed)".into(),
                        String::new(),
                        shorten(&e.message, 80),
                    ],
                    detail,
                }
            }
        }
    }

    fn matches(row: &Row, filter: &RowFilter) -> bool {
        let prefix_ok = filter.key_prefix.as_ref().is_none_or(|p| {
            let p = p.to_ascii_lowercase();
            row.cells[3].to_ascii_lowercase().starts_with(&p)
                || row.cells[4].to_ascii_lowercase().starts_with(&p)
        });
        let text_ok = filter.text.as_ref().is_none_or(|t| {
            let t = t.to_lowercase();
            row.cells.iter().any(|c| c.to_lowercase().contains(&t))
                || row
                    .detail
                    .nodes
                    .iter()
                    .any(|n| n.value.search_text().to_lowercase().contains(&t))
        });
        prefix_ok && text_ok
    }

    fn unfiltered(filter: &RowFilter) -> bool {
        filter.key_prefix.as_deref().is_none_or(str::is_empty)
            && filter.text.as_deref().is_none_or(str::is_empty)
    }
}

impl RowSource for CallsTable {
    fn name(&self) -> &str {
        "API calls"
    }

    fn columns(&self) -> Vec<String> {
        ["#", "line", "time", "service", "operation", "parameters"].map(String::from).to_vec()
    }

    fn count(&self, filter: &RowFilter) -> crate::Result<u64> {
        if Self::unfiltered(filter) {
            return Ok(self.log.len() as u64);
        }
        let mut n = 0;
        for r in self.log.calls()? {
            n += Self::matches(&self.row(r?), filter) as u64;
        }
        Ok(n)
    }

    fn page(&self, filter: &RowFilter, offset: u64, limit: usize) -> crate::Result<Vec<Row>> {
        if Self::unfiltered(filter) {
            let end = (offset as usize).saturating_add(limit).min(self.log.len());
            return (offset as usize..end).map(|i| Ok(self.row(self.log.call(i)?))).collect();
        }
        let mut out = Vec::new();
        let mut skipped = 0;
        for r in self.log.calls()? {
            let row = self.row(r?);
            if !Self::matches(&row, filter) {
                continue;
            }
            if skipped < offset {
                skipped += 1;
                continue;
            }
            out.push(row);
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }
}
