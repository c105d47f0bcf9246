//! The persistence layouts LocalStack and its add-ons write (see `shared/FORMATS.md` §1).

use serde::Serialize;

/// A persistence layout: how a LocalStack version or add-on arranges state files on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// LocalStack v2026.03+: one Avro file per store, `state/<account>/<service>/<region>/
    /// {store,backend}.state[.avro]` (the same under `api_states/<account>/` in snapshots).
    ProAvro,
    /// LocalStack 2.0+ snapshot: `state/api_states/<service>/{store,backend}.state` + asset dirs.
    ProV2,
    /// LocalStack 1.x: `api_states/<account>/<service>/<region>/backend_state`.
    ProV1,
    /// Community record-and-replay (0.10.8–0.14): `recorded_api_calls.json` & co in `DATA_DIR`.
    CommunityReplay,
    /// The localstack-persist add-on: `<service>/{store,backend}.{json,pkl}` + `<service>/assets/`.
    LocalstackPersist,
    /// A lone file opened directly.
    SingleFile,
}

impl Layout {
    /// Human-readable name (`Pro snapshot v2+`, `localstack-persist`, ...).
    pub fn label(self) -> &'static str {
        match self {
            Layout::ProAvro => "Avro state v2026.03+",
            Layout::ProV2 => "Pro snapshot v2+",
            Layout::ProV1 => "Pro v1",
            Layout::CommunityReplay => "community record-and-replay",
            Layout::LocalstackPersist => "localstack-persist",
            Layout::SingleFile => "single file",
        }
    }

    /// What the scan looks for, for the "not a LocalStack volume" message.
    pub const LOOKED_FOR: &'static str = "Avro state v2026.03+ (state/<account>/<service>/<region>/store.state.avro), \
        Pro snapshot v2+ (state/api_states/<service>/*.state), \
        Pro v1 (api_states/<account>/<service>/<region>/backend_state), \
        community record-and-replay (recorded_api_calls.json, api_calls_<api>.json, <api>_api_calls.json, startup_info.json), \
        localstack-persist (<service>/store.json|backend.json|store.pkl|backend.pkl)";
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
