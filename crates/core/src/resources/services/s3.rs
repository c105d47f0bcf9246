//! Amazon S3: buckets, their objects and object versions.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "s3",
    title: "S3",
    kinds: &[
        Kind::new("bucket").classes(&["Bucket"]).fields(&["buckets"]).name(&["name"]).columns(&[
            "bucket_region",
            "creation_date",
            "versioning_status",
        ]),
        Kind::new("object")
            .classes(&["Object", "Key", "DeleteMarker"])
            .fields(&["objects"])
            .name(&["key", "name"])
            .columns(&["key", "size", "last_modified", "etag", "version_id"]),
        Kind::new("multipart upload").classes(&["Multipart", "MultipartUpload"]),
        Kind::new("part").classes(&["Part"]),
    ],
    ignore: &["global_bucket_map", "deleted", "acl", "grants"],
};
