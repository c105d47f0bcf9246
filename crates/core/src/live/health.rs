//! What a running LocalStack says about itself: `/_localstack/health` (and the legacy
//! `/health` of 0.x–2.x) and `/_localstack/info`, parsed into plain types.

use serde_json::Value as J;

/// A service state as LocalStack reports it; unknown strings are kept as they are.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ServiceState {
    /// `unknown`: LocalStack does not know the service's state.
    Unknown,
    /// `available`: can be started on demand (not started yet).
    Available,
    /// `disabled`: not enabled in this LocalStack.
    Disabled,
    /// `starting`: being started.
    Starting,
    /// `running`: started and serving requests.
    Running,
    /// `stopping`: being shut down.
    Stopping,
    /// `stopped`: was started and has been shut down.
    Stopped,
    /// `error`: failed to start or crashed.
    Error,
    /// A state string this crate does not know, as reported.
    Other(String),
}

impl ServiceState {
    /// The state a health answer's string names (unknown strings become [`ServiceState::Other`]).
    pub fn parse(s: &str) -> ServiceState {
        match s {
            "unknown" => ServiceState::Unknown,
            "available" => ServiceState::Available,
            "disabled" => ServiceState::Disabled,
            "starting" => ServiceState::Starting,
            "running" => ServiceState::Running,
            "stopping" => ServiceState::Stopping,
            "stopped" => ServiceState::Stopped,
            "error" => ServiceState::Error,
            other => ServiceState::Other(other.to_string()),
        }
    }

    /// The string LocalStack uses for this state.
    pub fn as_str(&self) -> &str {
        match self {
            ServiceState::Unknown => "unknown",
            ServiceState::Available => "available",
            ServiceState::Disabled => "disabled",
            ServiceState::Starting => "starting",
            ServiceState::Running => "running",
            ServiceState::Stopping => "stopping",
            ServiceState::Stopped => "stopped",
            ServiceState::Error => "error",
            ServiceState::Other(s) => s,
        }
    }
}

impl std::fmt::Display for ServiceState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `/_localstack/health` (or legacy `/health`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct HealthSnapshot {
    /// `community`, `pro`, `enterprise`, `unknown` (absent before 1.x).
    pub edition: Option<String>,
    /// Version without a `:build` suffix (`4.0.4.dev` from `4.0.4.dev:1a2b3c`).
    pub version: Option<String>,
    /// The `:build` suffix, if there was one.
    pub build: Option<String>,
    /// Services in the order reported.
    pub services: Vec<(String, ServiceState)>,
    /// `features` (`persistence: initialized`, `initScripts: …`), values as text.
    pub features: Vec<(String, String)>,
    /// Read from the legacy `/health` endpoint (LocalStack 0.x–2.x).
    pub legacy: bool,
}

impl HealthSnapshot {
    /// The reported state of `service`, if it is listed.
    pub fn state(&self, service: &str) -> Option<&ServiceState> {
        self.services.iter().find(|(n, _)| n == service).map(|(_, s)| s)
    }

    /// The value of feature `name` (e.g. `persistence`), if reported.
    pub fn feature(&self, name: &str) -> Option<&str> {
        self.features.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Services reported as `running`.
    pub fn running(&self) -> impl Iterator<Item = &str> {
        self.services.iter().filter(|(_, s)| *s == ServiceState::Running).map(|(n, _)| n.as_str())
    }
}

/// `/_localstack/info`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Info {
    /// `version`, e.g. `4.0.4.dev` or `2026.3.0`.
    pub version: Option<String>,
    /// `edition` (`community`, `pro`, ...).
    pub edition: Option<String>,
    /// `is_license_activated`: whether a Pro license is active.
    pub is_license_activated: Option<bool>,
    /// `session_id` of this LocalStack run.
    pub session_id: Option<String>,
    /// `machine_id` of the host LocalStack identifies itself with.
    pub machine_id: Option<String>,
    /// Usually a string (`linux`); other JSON is kept as compact text.
    pub system: Option<String>,
    /// `is_docker`: whether LocalStack runs in a container.
    pub is_docker: Option<bool>,
    /// `server_time_utc`, LocalStack's clock as it answered.
    pub server_time_utc: Option<String>,
    /// Seconds since start.
    pub uptime: Option<u64>,
}

/// Parses a health body; `Err` says why it is not LocalStack's health answer.
pub fn parse_health(body: &[u8], legacy: bool) -> Result<HealthSnapshot, String> {
    let v: J = serde_json::from_slice(body)
        .map_err(|e| format!("answer is not JSON ({e}): {}", preview(body)))?;
    let obj = v
        .as_object()
        .ok_or_else(|| format!("answer is JSON but not an object: {}", preview(body)))?;
    let services = obj
        .get("services")
        .and_then(J::as_object)
        .ok_or_else(|| format!("JSON without a \"services\" object: {}", preview(body)))?;
    let text = |v: &J| match v {
        J::String(s) => s.clone(),
        other => other.to_string(),
    };
    let (version, build) = match obj.get("version").and_then(J::as_str) {
        Some(v) => match v.split_once(':') {
            Some((v, b)) => (Some(v.to_string()), Some(b.to_string())),
            None => (Some(v.to_string()), None),
        },
        None => (None, None),
    };
    Ok(HealthSnapshot {
        edition: obj.get("edition").and_then(J::as_str).map(str::to_string),
        version,
        build,
        services: services
            .iter()
            .map(|(k, v)| (k.clone(), ServiceState::parse(&text(v))))
            .collect(),
        features: obj
            .get("features")
            .and_then(J::as_object)
            .map(|f| f.iter().map(|(k, v)| (k.clone(), text(v))).collect())
            .unwrap_or_default(),
        legacy,
    })
}

/// Parses an info body; `Err` when it is not a JSON object.
pub fn parse_info(body: &[u8]) -> Result<Info, String> {
    let v: J = serde_json::from_slice(body)
        .map_err(|e| format!("info answer is not JSON ({e}): {}", preview(body)))?;
    let o = v
        .as_object()
        .ok_or_else(|| format!("info answer is not a JSON object: {}", preview(body)))?;
    let s = |k: &str| {
        o.get(k).and_then(|v| match v {
            J::Null => None,
            J::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        })
    };
    let b = |k: &str| o.get(k).and_then(J::as_bool);
    Ok(Info {
        version: s("version"),
        edition: s("edition"),
        is_license_activated: b("is_license_activated"),
        session_id: s("session_id"),
        machine_id: s("machine_id"),
        system: s("system"),
        is_docker: b("is_docker"),
        server_time_utc: s("server_time_utc"),
        uptime: o.get("uptime").and_then(|v| {
            v.as_u64().or_else(|| v.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
        }),
    })
}

/// Whether a body is S3's `NoSuchBucket` XML error — what LocalStack ≥ 3.0 answers on `/health`.
pub fn is_s3_no_such_bucket(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]);
    text.trim_start().starts_with('<') && text.contains("<Code>NoSuchBucket</Code>")
}

/// The first 120 characters of a body, on one line.
pub fn preview(body: &[u8]) -> String {
    let t = String::from_utf8_lossy(&body[..body.len().min(480)]).replace(['\n', '\r'], " ");
    match t.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_fields_and_build_suffix() {
        let h = parse_health(br#"{"services": {"sqs": "running", "s3": "available", "kms": "weird"}, "edition": "community", "version": "4.0.4.dev:1a2b", "features": {"persistence": "disabled", "initScripts": "initialized", "n": 3}}"#, false).unwrap();
        assert_eq!(h.version.as_deref(), Some("4.0.4.dev"));
        assert_eq!(h.build.as_deref(), Some("1a2b"));
        assert_eq!(h.state("sqs"), Some(&ServiceState::Running));
        assert_eq!(h.state("kms"), Some(&ServiceState::Other("weird".into())));
        assert_eq!(h.feature("persistence"), Some("disabled"));
        assert_eq!(h.feature("n"), Some("3"));
        assert_eq!(h.running().collect::<Vec<_>>(), vec!["sqs"]);
        assert!(parse_health(b"<html>", false).unwrap_err().contains("not JSON"));
        assert!(parse_health(br#"{"status": "ok"}"#, false).unwrap_err().contains("services"));
        assert!(is_s3_no_such_bucket(b"<?xml version='1.0' encoding='utf-8'?>\n<Error><Code>NoSuchBucket</Code><BucketName>health</BucketName></Error>"));
    }

    #[test]
    fn info_fields() {
        let i = parse_info(br#"{"version": "2026.3.0", "edition": "community", "is_license_activated": false, "session_id": "s", "machine_id": "m", "system": "linux", "is_docker": false, "server_time_utc": "2026-11-28T15:00:00", "uptime": 42}"#).unwrap();
        assert_eq!(
            (i.uptime, i.is_docker, i.system.as_deref()),
            (Some(42), Some(false), Some("linux"))
        );
    }
}
