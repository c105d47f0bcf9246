//! Asks an endpoint whether a LocalStack is there ([`probe`]) and keeps asking on a
//! background thread ([`Poller`]) with a short timeout and a backoff while it is down.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::health::{self, HealthSnapshot, Info};

/// LocalStack's default edge endpoint.
pub const DEFAULT_ENDPOINT: &str = "http://localhost:4566";

/// Result of one probe. Sent once per poll, so the size of `Connected` does not matter.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum LiveStatus {
    /// LocalStack answered its health API.
    Connected {
        /// The endpoint probed, normalized (`http://host:port`).
        endpoint: String,
        /// What the health endpoint reported.
        health: HealthSnapshot,
        /// `/_localstack/info`, when that answered too.
        info: Option<Info>,
        /// How long the health request took.
        latency: Duration,
    },
    /// Nothing answered (connection refused, unknown host, timeout).
    Unreachable {
        /// The endpoint probed, normalized.
        endpoint: String,
        /// Why nothing answered (e.g. `connection refused`).
        reason: String,
    },
    /// Something answered, but not LocalStack's health API (HTML, wrong JSON, error status,
    /// redirect, TLS mismatch, oversized answer).
    NotLocalStack {
        /// The endpoint probed, normalized.
        endpoint: String,
        /// What answered instead, and why it is not LocalStack's health API.
        reason: String,
    },
}

impl LiveStatus {
    /// The endpoint this status is about.
    pub fn endpoint(&self) -> &str {
        match self {
            LiveStatus::Connected { endpoint, .. }
            | LiveStatus::Unreachable { endpoint, .. }
            | LiveStatus::NotLocalStack { endpoint, .. } => endpoint,
        }
    }

    /// Whether LocalStack answered ([`LiveStatus::Connected`]).
    pub fn is_connected(&self) -> bool {
        matches!(self, LiveStatus::Connected { .. })
    }

    /// `connected`, `unreachable` or `not LocalStack`.
    pub fn label(&self) -> &'static str {
        match self {
            LiveStatus::Connected { .. } => "connected",
            LiveStatus::Unreachable { .. } => "unreachable",
            LiveStatus::NotLocalStack { .. } => "not LocalStack",
        }
    }
}

/// Timeouts and limits of one probe.
#[derive(Clone, Copy, Debug)]
pub struct ProbeConfig {
    /// Whole-request timeout (connect + answer) per HTTP request.
    pub timeout: Duration,
    /// Bodies larger than this are refused.
    pub max_body: u64,
}

impl Default for ProbeConfig {
    fn default() -> Self {
        ProbeConfig { timeout: Duration::from_secs(2), max_body: 1 << 20 }
    }
}

/// The endpoint to use: explicit > `$LOCALSTACK_ENDPOINT` > `$AWS_ENDPOINT_URL` > default.
pub fn resolve_endpoint(explicit: Option<&str>) -> String {
    resolve_endpoint_with(explicit, |k| std::env::var(k).ok())
}

/// [`resolve_endpoint`] with the environment given as a function (for tests).
pub fn resolve_endpoint_with(
    explicit: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> String {
    let chosen = explicit
        .map(str::to_string)
        .or_else(|| env("LOCALSTACK_ENDPOINT"))
        .or_else(|| env("AWS_ENDPOINT_URL"))
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_ENDPOINT.to_string());
    normalize(&chosen)
}

/// Adds `http://` when no scheme is given and drops trailing slashes.
pub fn normalize(endpoint: &str) -> String {
    let e = endpoint.trim().trim_end_matches('/');
    if e.contains("://") { e.to_string() } else { format!("http://{e}") }
}

enum Answer {
    Body { status: u16, body: Vec<u8>, location: Option<String> },
    Failed(Failure),
}

enum Failure {
    Unreachable(String),
    NotLocalStack(String),
}

fn agent(cfg: &ProbeConfig) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(cfg.timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

fn get(agent: &ureq::Agent, url: &str, cfg: &ProbeConfig) -> Answer {
    let mut resp = match agent.get(url).header("Accept", "application/json").call() {
        Ok(r) => r,
        Err(e) => return Answer::Failed(classify(e, cfg)),
    };
    let status = resp.status().as_u16();
    let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
    match resp.body_mut().with_config().limit(cfg.max_body).read_to_vec() {
        Ok(body) => Answer::Body { status, body, location },
        Err(e) => Answer::Failed(match classify(e, cfg) {
            // The server accepted and started answering: whatever broke, it is not a healthy LocalStack.
            Failure::Unreachable(r) => Failure::NotLocalStack(format!("answer broke off: {r}")),
            f => f,
        }),
    }
}

fn classify(e: ureq::Error, cfg: &ProbeConfig) -> Failure {
    use ureq::Error as E;
    match e {
        E::Timeout(t) => Failure::Unreachable(format!(
            "no answer within {:.1} s ({t})",
            cfg.timeout.as_secs_f64()
        )),
        E::HostNotFound => Failure::Unreachable("host not found".into()),
        E::ConnectionFailed => Failure::Unreachable("connection failed".into()),
        E::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => {
                Failure::Unreachable("connection refused".into())
            }
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                Failure::Unreachable(format!("no answer within {:.1} s", cfg.timeout.as_secs_f64()))
            }
            std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::UnexpectedEof => {
                Failure::NotLocalStack(format!("connection closed mid-answer ({io})"))
            }
            _ => Failure::Unreachable(io.to_string()),
        },
        E::BodyExceedsLimit(n) => {
            Failure::NotLocalStack(format!("answer larger than the {n}-byte limit"))
        }
        E::Tls(_) | E::TlsRequired => Failure::NotLocalStack(format!("TLS problem: {e}")),
        other => Failure::NotLocalStack(other.to_string()),
    }
}

/// Checks `endpoint` once: `/_localstack/health`, then `/_localstack/info`; falls back to
/// the legacy `/health` (0.x–2.x) when the first is missing.
pub fn probe(endpoint: &str, cfg: &ProbeConfig) -> LiveStatus {
    let endpoint = normalize(endpoint);
    let agent = agent(cfg);
    let started = Instant::now();
    let not_ls = |reason: String| LiveStatus::NotLocalStack { endpoint: endpoint.clone(), reason };
    let first = match get(&agent, &format!("{endpoint}/_localstack/health"), cfg) {
        Answer::Failed(Failure::Unreachable(reason)) => {
            return LiveStatus::Unreachable { endpoint, reason };
        }
        Answer::Failed(Failure::NotLocalStack(reason)) => Err(reason),
        Answer::Body { status, body, location } => match (status, location) {
            (300..=399, loc) => Err(format!(
                "/_localstack/health redirects (HTTP {status}) to {}; LocalStack never redirects it",
                loc.unwrap_or_else(|| "nowhere".into())
            )),
            (200, _) => {
                health::parse_health(&body, false).map_err(|r| format!("/_localstack/health: {r}"))
            }
            (s, _) => {
                Err(format!("/_localstack/health answered HTTP {s}: {}", health::preview(&body)))
            }
        },
    };
    let latency = started.elapsed();
    let health = match first {
        Ok(h) => h,
        Err(reason) => match get(&agent, &format!("{endpoint}/health"), cfg) {
            Answer::Body { status: 200, body, .. } => match health::parse_health(&body, true) {
                Ok(h) => h,
                Err(_) => return not_ls(reason),
            },
            Answer::Body { body, .. } if health::is_s3_no_such_bucket(&body) => {
                return not_ls(format!(
                    "{reason}; /health answered S3 NoSuchBucket, so this is a LocalStack ≥ 3.0 gateway whose health API is not usable"
                ));
            }
            _ => return not_ls(reason),
        },
    };
    let info = match get(&agent, &format!("{endpoint}/_localstack/info"), cfg) {
        Answer::Body { status: 200, body, .. } => health::parse_info(&body).ok(),
        _ => None,
    };
    LiveStatus::Connected { endpoint, health, info, latency }
}

enum Command {
    SetEndpoint(String),
    Stop,
}

/// Polls an endpoint on a background thread; statuses arrive on [`Poller::receiver`].
pub struct Poller {
    commands: Sender<Command>,
    statuses: Receiver<LiveStatus>,
    thread: Option<JoinHandle<()>>,
}

/// How often to poll and how far to back off while the endpoint is down.
#[derive(Clone, Copy, Debug)]
pub struct PollConfig {
    /// Time between polls while LocalStack answers (and the first backoff step).
    pub interval: Duration,
    /// Longest wait between polls while the endpoint is down (the backoff doubles up to it).
    pub max_backoff: Duration,
    /// Timeouts and limits of each probe.
    pub probe: ProbeConfig,
}

impl Default for PollConfig {
    fn default() -> Self {
        PollConfig {
            interval: Duration::from_secs(2),
            max_backoff: Duration::from_secs(30),
            probe: ProbeConfig::default(),
        }
    }
}

impl Poller {
    /// Starts polling `endpoint` now; `notify` runs after each status is sent (the GUI passes
    /// `ctx.request_repaint`).
    pub fn start(endpoint: &str, cfg: PollConfig, notify: Option<Box<dyn Fn() + Send>>) -> Poller {
        let (ctx, crx) = mpsc::channel();
        let (stx, srx) = mpsc::channel();
        let endpoint = normalize(endpoint);
        let thread = std::thread::Builder::new()
            .name("localstack-health".into())
            .spawn(move || run(endpoint, cfg, crx, stx, notify))
            .ok();
        Poller { commands: ctx, statuses: srx, thread }
    }

    /// The channel statuses arrive on, one per poll.
    pub fn receiver(&self) -> &Receiver<LiveStatus> {
        &self.statuses
    }

    /// The newest status waiting, if any (older ones are dropped).
    pub fn latest(&self) -> Option<LiveStatus> {
        self.statuses.try_iter().last()
    }

    /// Switches to another endpoint and polls it at once.
    pub fn set_endpoint(&self, endpoint: &str) {
        let _ = self.commands.send(Command::SetEndpoint(normalize(endpoint)));
    }

    /// Stops the thread and waits for it (at most one probe timeout).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let _ = self.commands.send(Command::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Stop);
    }
}

fn run(
    mut endpoint: String,
    cfg: PollConfig,
    commands: Receiver<Command>,
    statuses: Sender<LiveStatus>,
    notify: Option<Box<dyn Fn() + Send>>,
) {
    let mut wait = Duration::ZERO;
    loop {
        match commands.recv_timeout(wait) {
            Ok(Command::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            Ok(Command::SetEndpoint(e)) => endpoint = e,
            Err(RecvTimeoutError::Timeout) => {}
        }
        let status = probe(&endpoint, &cfg.probe);
        wait = match status {
            LiveStatus::Connected { .. } => cfg.interval,
            _ => (wait.max(cfg.interval / 2) * 2).min(cfg.max_backoff).max(cfg.interval),
        };
        if statuses.send(status).is_err() {
            return;
        }
        if let Some(n) = &notify {
            n();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_precedence_and_normalization() {
        let env = |k: &str| match k {
            "LOCALSTACK_ENDPOINT" => Some("ls:1234/".to_string()),
            "AWS_ENDPOINT_URL" => Some("http://aws:1".to_string()),
            _ => None,
        };
        assert_eq!(resolve_endpoint_with(Some("https://x:9/"), env), "https://x:9");
        assert_eq!(resolve_endpoint_with(None, env), "http://ls:1234");
        assert_eq!(
            resolve_endpoint_with(None, |k| (k == "AWS_ENDPOINT_URL")
                .then(|| "http://aws:1".into())),
            "http://aws:1"
        );
        assert_eq!(resolve_endpoint_with(None, |_| None), DEFAULT_ENDPOINT);
    }
}
