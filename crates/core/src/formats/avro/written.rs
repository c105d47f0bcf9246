//! Which LocalStack wrote an Avro store, from its container header's metadata. LocalStack
//! Pro's encoder ships compiled and encrypted, and localstack-core 2026.3.0 holds no Avro
//! writer (only `STATE_SERIALIZATION_BACKEND`), so the key is not known: these are the
//! plausible ones, tried in order. (A store record's `_version` field is the store's schema
//! version, not LocalStack's, and is not read as one.)

use crate::resources::compat::Version;

/// Header keys that may hold the writer's LocalStack version, in the order they are tried
/// (`localstack.version` is what `tools/sample/avro_hook.py` writes; all are guesses).
pub const VERSION_KEYS: [&str; 4] =
    ["localstack.version", "localstack_version", "localstack-version", "ls.version"];

/// The first of [`VERSION_KEYS`] present whose value is a version: the key and the version.
pub fn localstack_version(meta: &[(String, Vec<u8>)]) -> Option<(&'static str, Version)> {
    VERSION_KEYS.iter().find_map(|key| {
        let (_, v) = meta.iter().find(|(k, _)| k == key)?;
        Some((*key, Version::parse(std::str::from_utf8(v).ok()?.trim())?))
    })
}

/// The writer's version from the first bytes of a container file (the header only), for
/// `check`: `None` when the bytes are no container or name no version.
pub fn from_header(bytes: &[u8]) -> Option<(&'static str, Version)> {
    let file = super::container::Container::open(bytes).ok()?;
    localstack_version(&file.meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_key_with_a_version_wins() {
        let meta = vec![
            ("avro.codec".to_string(), b"null".to_vec()),
            ("localstack_version".to_string(), b"4.13.1".to_vec()),
            ("localstack.version".to_string(), b"not a version".to_vec()),
        ];
        let (key, v) = localstack_version(&meta).unwrap();
        assert_eq!(key, "localstack_version");
        assert_eq!(v.to_string(), "4.13.1");
        assert!(localstack_version(&meta[..1]).is_none());
    }
}
