//! `localstate replay PATH`: one line per recorded call (or JSON); `--lint` adds the calls a
//! replay cannot reproduce and a summary with the replay-time estimate.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{Value as J, json};

use localstate_core::formats::replay::{
    self, BodyKind, Call, DEFAULT_PER_CALL_COST, Finding, Lint, Rendered, ReplayLog,
};

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  localstate replay volume/data/recorded_api_calls.json
  localstate replay volume/data/recorded_api_calls.json --lint
  localstate replay volume/data/recorded_api_calls.json --service sqs --operation SendMessage --json

Exit status: 0 printed, 2 error (unreadable file, not a record-and-replay log).")]
pub struct ReplayArgs {
    /// A `recorded_api_calls.json`, `api_calls_<api>.json` or `<api>_api_calls.json`.
    pub path: PathBuf,
    /// Print one JSON document instead of text.
    #[arg(long)]
    pub json: bool,
    /// Add the divergence findings and the summary.
    #[arg(long)]
    pub lint: bool,
    /// Only calls of this service (as recorded, e.g. `sqs`).
    #[arg(long)]
    pub service: Option<String>,
    /// Only calls of this operation (e.g. `SendMessage`).
    #[arg(long)]
    pub operation: Option<String>,
}

impl ReplayArgs {
    fn selects(&self, c: &Call) -> bool {
        self.service.as_ref().is_none_or(|s| s.eq_ignore_ascii_case(&c.service))
            && self.operation.as_ref().is_none_or(|o| o.eq_ignore_ascii_case(&c.operation))
    }
}

pub fn run(args: ReplayArgs, _: &super::Globals) -> anyhow::Result<ExitCode> {
    let log = ReplayLog::open(&args.path)?;
    let lint = if args.lint { Some(replay::lint(&log, DEFAULT_PER_CALL_COST)?) } else { None };
    let mut out = super::stdout();
    let filtered = args.service.is_some() || args.operation.is_some();
    let mut shown = std::collections::HashSet::new();
    if args.json {
        write!(out, "{{\"path\":{},\"calls\":[", J::String(args.path.display().to_string()))?;
    }
    let mut first = true;
    let mut problems = Vec::new();
    for c in log.calls()? {
        match c? {
            Ok(call) if args.selects(&call) => {
                shown.insert(call.index);
                if args.json {
                    write!(out, "{}{}", if first { "" } else { "," }, call_json(&call))?;
                    first = false;
                } else {
                    writeln!(out, "{}", call_line(&call))?;
                }
            }
            Ok(_) => {}
            Err(e) if !filtered => {
                if !args.json {
                    writeln!(
                        out,
                        "#{:<5} line {:<6} malformed: {}",
                        e.index + 1,
                        e.line_no,
                        e.message
                    )?;
                }
                problems.push(e);
            }
            Err(e) => problems.push(e),
        }
    }
    let keep = |f: &&Finding| !filtered || shown.contains(&f.call);
    if args.json {
        let problems: Vec<J> =
            problems.iter().map(|p| json!({"line": p.line_no, "error": p.message})).collect();
        write!(out, "],\"problems\":{}", J::Array(problems))?;
        if let Some(l) = &lint {
            write!(out, ",\"lint\":{}", lint_json(l, &keep))?;
        }
        writeln!(out, "}}")?;
    } else if let Some(l) = &lint {
        writeln!(out)?;
        for f in l.findings.iter().filter(keep) {
            writeln!(out, "[{}] {}\n       {}", f.risk.label(), f.headline(), f.note)?;
        }
        writeln!(out, "\n{}", summary_text(l, log.blank_lines().len()))?;
    }
    out.flush()?;
    Ok(ExitCode::from(super::exit::OK))
}

/// `#3     line 3      2026-11-28 14:49:00Z  sqs  SendMessage  QueueUrl=… MessageBody=…`
pub fn call_line(c: &Call) -> String {
    format!(
        "#{:<5} line {:<6} {:<20}  {:<14} {:<28} {}",
        c.index + 1,
        c.line_no,
        c.time.as_deref().unwrap_or("-"),
        c.service,
        c.operation,
        c.params_line(60)
    )
}

fn body_json(b: &Rendered) -> J {
    let mut o = json!({"kind": b.kind.label(), "size": b.size});
    match b.kind {
        BodyKind::Form => {
            o["fields"] = J::Array(b.fields.iter().map(|(k, v)| json!([k, v])).collect())
        }
        BodyKind::Empty => {}
        _ => o["text"] = J::String(b.text.clone()),
    }
    o
}

pub fn call_json(c: &Call) -> J {
    json!({
        "call": c.index + 1,
        "line": c.line_no,
        "time": c.time,
        "service": c.service,
        "method": c.method,
        "path": c.path,
        "protocol": c.protocol.label(),
        "operation": c.operation,
        "params": c.params.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
        "region": c.region,
        "access_key": c.access_key,
        "request_body": body_json(&c.request_body),
        "response": c.response.as_ref().map(body_json),
    })
}

fn lint_json(l: &Lint, keep: &dyn Fn(&&Finding) -> bool) -> J {
    let s = &l.summary;
    json!({
        "findings": l.findings.iter().filter(keep).map(|f| json!({
            "call": f.call + 1,
            "operation": f.operation,
            "depends_on": f.depends_on.map(|d| d + 1),
            "depends_on_operation": f.depends_on_operation,
            "place": f.place,
            "value": f.value,
            "kind": format!("{:?}", f.kind).to_lowercase(),
            "risk": f.risk.label(),
            "note": f.note,
        })).collect::<Vec<_>>(),
        "summary": {
            "calls": s.calls,
            "blank_lines": s.blank_lines,
            "malformed_lines": s.malformed_lines,
            "per_service": s.per_service.iter().map(|(k, n)| (k.clone(), J::from(*n))).collect::<serde_json::Map<_, _>>(),
            "per_operation": s.per_operation.iter().map(|(svc, op, n)| json!({"service": svc, "operation": op, "calls": n})).collect::<Vec<_>>(),
            "dependent_calls": s.dependent_calls,
            "timing_calls": s.timing_calls,
            "per_call_cost_ms": s.per_call_cost.as_secs_f64() * 1000.0,
            "service_start_cost_s": s.service_start_cost.as_secs_f64(),
            "estimated_replay_s": s.estimated_replay.as_secs_f64(),
            "restore_log_line": s.restore_line,
            "restore_note": s.restore_note,
        },
    })
}

fn summary_text(l: &Lint, blank: usize) -> String {
    let s = &l.summary;
    let mut out =
        format!("{} calls ({} blank lines, {} malformed)\n", s.calls, blank, s.malformed_lines);
    for (svc, n) in &s.per_service {
        out.push_str(&format!("  {svc}: {n}\n"));
        for (_, op, m) in s.per_operation.iter().filter(|(x, _, _)| x == svc) {
            out.push_str(&format!("    {op}: {m}\n"));
        }
    }
    out.push_str(&format!(
        "{} calls depend on an earlier response; {} are timing-dependent\n",
        s.dependent_calls, s.timing_calls
    ));
    out.push_str(&format!(
        "replay estimate: {:.1} s ({} calls × {:.0} ms + {} services × {:.2} s start, measured against LocalStack 2026.3)\n",
        s.estimated_replay.as_secs_f64(),
        s.calls + s.malformed_lines,
        s.per_call_cost.as_secs_f64() * 1000.0,
        s.per_service.len(),
        s.service_start_cost.as_secs_f64()
    ));
    match (&s.restore_line, &s.restore_note) {
        (Some(line), _) => out
            .push_str(&format!("LocalStack would log: INFO:localstack.utils.persistence: {line}")),
        (None, Some(note)) => {
            out.push_str(&format!("LocalStack would log no restore line: {note}"))
        }
        (None, None) => {}
    }
    out
}
