//! AWS Lambda: functions with their versions and aliases, layers, event source mappings.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "lambda",
    title: "Lambda",
    kinds: &[
        Kind::new("function")
            .classes(&["Function"])
            .fields(&["functions"])
            .name(&["function_name", "FunctionName"])
            .columns(&["runtime", "handler", "code_size", "last_modified"]),
        Kind::new("version")
            .classes(&["FunctionVersion"])
            .fields(&["versions"])
            .name(&["id/qualifier", "qualifier"]),
        Kind::new("alias").classes(&["VersionAlias", "Alias"]).fields(&["aliases"]).name(&["name"]),
        Kind::new("event source mapping")
            .classes(&["EventSourceMapping"])
            .fields(&["event_source_mappings"])
            .name(&["UUID"])
            .columns(&["EventSourceArn", "FunctionArn", "State"]),
        Kind::new("layer").classes(&["Layer"]).fields(&["layers"]),
        Kind::new("layer version").classes(&["LayerVersion"]),
    ],
    ignore: &[],
};
