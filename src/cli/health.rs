//! `localstate health`: ask a running LocalStack for `/_localstack/health` and `/_localstack/info`.
//! Exit status: 0 reachable, 3 unreachable, 4 something else answers (not LocalStack), 2 error
//! (2 is also clap's usage error, so a script can tell a typo from a dead endpoint).

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::{Value as J, json};

use localstate_core::live::{self, LiveStatus, PollConfig, Poller, ProbeConfig};

#[derive(clap::Args, Debug)]
#[command(after_help = "\
The endpoint is --endpoint, else $LOCALSTACK_ENDPOINT, else $AWS_ENDPOINT_URL, else
http://localhost:4566.

Examples:
  localstate health
  localstate health --endpoint http://localhost:4566 --json
  localstate health --watch
  until localstate health --timeout 1 >/dev/null; do sleep 1; done   # wait for LocalStack

Exit status: 0 reachable (LocalStack answers), 2 error, 3 unreachable, 4 not LocalStack.")]
pub struct HealthArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Keep polling and print every change (stop with Ctrl-C).
    #[arg(long)]
    pub watch: bool,
    /// Seconds to wait for each HTTP answer.
    #[arg(long, default_value_t = 2.0)]
    pub timeout: f64,
}

pub fn run(args: HealthArgs, globals: &super::Globals) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        args.timeout.is_finite() && args.timeout > 0.0,
        "--timeout must be a positive number of seconds"
    );
    let endpoint = live::resolve_endpoint(globals.endpoint.as_deref());
    let probe_cfg =
        ProbeConfig { timeout: Duration::from_secs_f64(args.timeout), ..ProbeConfig::default() };
    let mut out = super::stdout();
    if !args.watch {
        let status = live::probe(&endpoint, &probe_cfg);
        print(&status, args.json, &mut out)?;
        return Ok(exit_code(&status));
    }
    let poller =
        Poller::start(&endpoint, PollConfig { probe: probe_cfg, ..PollConfig::default() }, None);
    let mut last: Option<String> = None;
    for status in poller.receiver().iter() {
        let key = format!("{:?}", without_latency(&status));
        if last.as_ref() != Some(&key) {
            print(&status, args.json, &mut out)?;
            last = Some(key);
        }
    }
    anyhow::bail!("the health poller stopped")
}

/// The status with its latency zeroed, so `--watch` prints only real changes.
fn without_latency(s: &LiveStatus) -> LiveStatus {
    let mut s = s.clone();
    if let LiveStatus::Connected { latency, info, .. } = &mut s {
        *latency = Duration::ZERO;
        if let Some(i) = info {
            i.uptime = None;
            i.server_time_utc = None;
        }
    }
    s
}

pub fn exit_code(s: &LiveStatus) -> ExitCode {
    ExitCode::from(match s {
        LiveStatus::Connected { .. } => super::exit::OK,
        LiveStatus::Unreachable { .. } => super::exit::UNREACHABLE,
        LiveStatus::NotLocalStack { .. } => super::exit::NOT_LOCALSTACK,
    })
}

/// One status on `out`, flushed (so `--watch` shows each change as it comes).
fn print(s: &LiveStatus, as_json: bool, out: &mut impl Write) -> std::io::Result<()> {
    if as_json {
        writeln!(out, "{}", to_json(s))?;
    } else {
        writeln!(out, "{}", to_text(s))?;
    }
    out.flush()
}

/// The status as JSON (`status`, `endpoint`, then `reason` or `latency_ms`, `health`, `info`).
pub fn to_json(s: &LiveStatus) -> J {
    match s {
        LiveStatus::Connected { endpoint, health, info, latency } => {
            let pairs = |v: &[(String, String)]| {
                J::Object(v.iter().map(|(k, v)| (k.clone(), J::String(v.clone()))).collect())
            };
            let services: Vec<(String, String)> =
                health.services.iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
            json!({
                "status": s.label(),
                "endpoint": endpoint,
                "latency_ms": latency.as_secs_f64() * 1000.0,
                "health": {
                    "version": health.version,
                    "build": health.build,
                    "edition": health.edition,
                    "legacy_endpoint": health.legacy,
                    "services": pairs(&services),
                    "features": pairs(&health.features),
                },
                "info": info.as_ref().map(|i| json!({
                    "version": i.version, "edition": i.edition, "is_license_activated": i.is_license_activated,
                    "session_id": i.session_id, "machine_id": i.machine_id, "system": i.system,
                    "is_docker": i.is_docker, "server_time_utc": i.server_time_utc, "uptime": i.uptime,
                })),
            })
        }
        LiveStatus::Unreachable { endpoint, reason }
        | LiveStatus::NotLocalStack { endpoint, reason } => {
            json!({ "status": s.label(), "endpoint": endpoint, "reason": reason })
        }
    }
}

pub fn to_text(s: &LiveStatus) -> String {
    match s {
        LiveStatus::Connected { endpoint, health, info, latency } => {
            let mut out = format!(
                "LocalStack {} ({}) at {endpoint}: connected in {} ms{}\n",
                health.version.as_deref().unwrap_or("?"),
                health.edition.as_deref().unwrap_or("edition unknown"),
                latency.as_millis(),
                if health.legacy { " (legacy /health)" } else { "" }
            );
            if let Some(i) = info {
                let yn = |b: Option<bool>| b.map_or("?", |b| if b { "yes" } else { "no" });
                out.push_str(&format!(
                    "uptime {} s · session {} · docker {} · system {}\n",
                    i.uptime.map_or("?".into(), |u| u.to_string()),
                    i.session_id.as_deref().unwrap_or("?"),
                    yn(i.is_docker),
                    i.system.as_deref().unwrap_or("?")
                ));
            }
            for (k, v) in &health.features {
                out.push_str(&format!("feature {k}: {v}\n"));
            }
            let width = health.services.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
            for (name, state) in &health.services {
                out.push_str(&format!("  {name:width$}  {state}\n"));
            }
            out.trim_end().to_string()
        }
        LiveStatus::Unreachable { endpoint, reason } => {
            format!("{endpoint}: unreachable: {reason}")
        }
        LiveStatus::NotLocalStack { endpoint, reason } => {
            format!("{endpoint}: not LocalStack: {reason}")
        }
    }
}
