//! S3 (rest-xml) operation names from method + bucket/key + query sub-resources + headers.

use super::entry::Headers;

/// Query keys that name a sub-resource (`?uploads`, `?tagging`...) and pick the operation.
const SUBRESOURCES: &[(&str, &str)] = &[
    ("accelerate", "BucketAccelerateConfiguration"),
    ("acl", "Acl"),
    ("analytics", "BucketAnalyticsConfiguration"),
    ("cors", "BucketCors"),
    ("encryption", "BucketEncryption"),
    ("intelligent-tiering", "BucketIntelligentTieringConfiguration"),
    ("inventory", "BucketInventoryConfiguration"),
    ("legal-hold", "ObjectLegalHold"),
    ("lifecycle", "BucketLifecycleConfiguration"),
    ("logging", "BucketLogging"),
    ("metrics", "BucketMetricsConfiguration"),
    ("notification", "BucketNotificationConfiguration"),
    ("object-lock", "ObjectLockConfiguration"),
    ("ownershipControls", "BucketOwnershipControls"),
    ("policy", "BucketPolicy"),
    ("publicAccessBlock", "PublicAccessBlock"),
    ("replication", "BucketReplication"),
    ("requestPayment", "BucketRequestPayment"),
    ("retention", "ObjectRetention"),
    ("tagging", "Tagging"),
    ("versioning", "BucketVersioning"),
    ("website", "BucketWebsite"),
];

/// Headers worth showing as parameters (besides `x-amz-meta-*`).
const PARAM_HEADERS: &[&str] = &[
    "content-type",
    "x-amz-acl",
    "x-amz-copy-source",
    "x-amz-storage-class",
    "x-amz-server-side-encryption",
    "x-amz-tagging",
    "x-amz-bucket-object-lock-enabled",
    "x-amz-object-lock-mode",
    "x-amz-checksum-algorithm",
    "x-amz-sdk-checksum-algorithm",
];

/// Bucket and key of a request: virtual-host style (`<bucket>.s3.<domain>`) or path style.
pub fn bucket_and_key(path: &str, headers: &Headers) -> (Option<String>, Option<String>) {
    let host = headers.get("host").unwrap_or("");
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    let decode = |s: &str| super::form::percent_decode(s, false);
    let trimmed = path.trim_start_matches('/');
    if let Some(idx) = host.find(".s3.").or_else(|| host.find(".s3-")) {
        let bucket = &host[..idx];
        let key = (!trimmed.is_empty()).then(|| decode(trimmed));
        return (Some(bucket.to_string()), key);
    }
    let mut parts = trimmed.splitn(2, '/');
    let bucket = parts.next().filter(|b| !b.is_empty()).map(decode);
    let key = parts.next().filter(|k| !k.is_empty()).map(decode);
    (bucket, key)
}

/// Operation name and parameters of an S3 request.
pub fn operation(
    method: &str,
    path: &str,
    query: &[(String, String)],
    headers: &Headers,
    body_size: usize,
) -> (String, Vec<(String, String)>) {
    let (bucket, key) = bucket_and_key(path, headers);
    let has = |k: &str| query.iter().any(|(q, _)| q == k);
    let sub = SUBRESOURCES.iter().find(|(q, _)| has(q)).map(|(_, name)| *name);
    let object = key.is_some();
    let copy = headers.get("x-amz-copy-source").is_some();
    let name: String = match (method, sub) {
        ("PUT" | "GET" | "DELETE", Some(s)) => {
            let verb = match method {
                "PUT" => "Put",
                "GET" => "Get",
                _ => "Delete",
            };
            let s = match (s, object) {
                ("Acl", true) => "ObjectAcl",
                ("Acl", false) => "BucketAcl",
                ("Tagging", true) => "ObjectTagging",
                ("Tagging", false) => "BucketTagging",
                (s, _) => s,
            };
            format!("{verb}{s}")
        }
        ("PUT", None) if has("partNumber") && has("uploadId") => {
            if copy { "UploadPartCopy" } else { "UploadPart" }.into()
        }
        ("PUT", None) if object => if copy { "CopyObject" } else { "PutObject" }.into(),
        ("PUT", None) => "CreateBucket".into(),
        ("POST", _) if has("uploads") => "CreateMultipartUpload".into(),
        ("POST", _) if has("uploadId") => "CompleteMultipartUpload".into(),
        ("POST", _) if has("delete") => "DeleteObjects".into(),
        ("POST", _) if has("restore") => "RestoreObject".into(),
        ("POST", _) if has("select") => "SelectObjectContent".into(),
        ("POST", _) if !object && bucket.is_some() => "PostObject".into(),
        ("DELETE", None) if object && has("uploadId") => "AbortMultipartUpload".into(),
        ("DELETE", None) if object => "DeleteObject".into(),
        ("DELETE", None) => "DeleteBucket".into(),
        ("GET", None) if object && has("uploadId") => "ListParts".into(),
        ("GET", None) if object => "GetObject".into(),
        ("GET", None) if has("uploads") => "ListMultipartUploads".into(),
        ("GET", None) if has("versions") => "ListObjectVersions".into(),
        ("GET", None) if has("location") => "GetBucketLocation".into(),
        ("GET", None) if bucket.is_some() => {
            if query.iter().any(|(k, v)| k == "list-type" && v == "2") {
                "ListObjectsV2"
            } else {
                "ListObjects"
            }
            .into()
        }
        ("GET", None) => "ListBuckets".into(),
        ("HEAD", _) if object => "HeadObject".into(),
        ("HEAD", _) => "HeadBucket".into(),
        (m, _) => format!("{m} {path}"),
    };
    let mut params = Vec::new();
    params.extend(bucket.map(|b| ("Bucket".to_string(), b)));
    params.extend(key.map(|k| ("Key".to_string(), k)));
    for (k, v) in query {
        if !v.is_empty() && k != "x-id" {
            params.push((query_param_name(k), v.clone()));
        }
    }
    for (k, v) in &headers.0 {
        let lk = k.to_ascii_lowercase();
        if PARAM_HEADERS.contains(&lk.as_str()) || lk.starts_with("x-amz-meta-") {
            params.push((k.clone(), v.clone()));
        }
    }
    if matches!(name.as_str(), "PutObject" | "UploadPart") {
        params.push(("Body".into(), format!("{body_size} bytes")));
    }
    (name, params)
}

/// `uploadId` → `UploadId`, `partNumber` → `PartNumber`, `versionId` → `VersionId`.
fn query_param_name(k: &str) -> String {
    let mut c = k.chars();
    match c.next() {
        Some(f) if !k.contains('-') => f.to_ascii_uppercase().to_string() + c.as_str(),
        _ => k.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(method: &str, path: &str, query: &str, headers: &[(&str, &str)]) -> String {
        let q = super::super::form::parse_pairs(query);
        let h = Headers(headers.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect());
        operation(method, path, &q, &h, 0).0
    }

    #[test]
    fn names_follow_method_path_and_subresource() {
        assert_eq!(op("PUT", "/b", "", &[]), "CreateBucket");
        assert_eq!(op("PUT", "/b/k/x.txt", "", &[]), "PutObject");
        assert_eq!(op("PUT", "/b/k", "", &[("X-Amz-Copy-Source", "a/b")]), "CopyObject");
        assert_eq!(op("POST", "/b/k", "uploads", &[]), "CreateMultipartUpload");
        assert_eq!(op("PUT", "/b/k", "partNumber=1&uploadId=u", &[]), "UploadPart");
        assert_eq!(op("POST", "/b/k", "uploadId=u", &[]), "CompleteMultipartUpload");
        assert_eq!(op("DELETE", "/b/k", "uploadId=u", &[]), "AbortMultipartUpload");
        assert_eq!(op("DELETE", "/b/k", "", &[]), "DeleteObject");
        assert_eq!(op("DELETE", "/b", "", &[]), "DeleteBucket");
        assert_eq!(op("PUT", "/b", "versioning", &[]), "PutBucketVersioning");
        assert_eq!(op("PUT", "/b/k", "tagging", &[]), "PutObjectTagging");
        assert_eq!(op("POST", "/b", "delete", &[]), "DeleteObjects");
        assert_eq!(
            op("PUT", "/k", "", &[("Host", "b.s3.localhost.localstack.cloud:4566")]),
            "PutObject"
        );
        assert_eq!(
            op("PUT", "/", "", &[("Host", "b.s3.localhost.localstack.cloud:4566")]),
            "CreateBucket"
        );
    }

    #[test]
    fn params_carry_bucket_key_and_ids() {
        let h = Headers(vec![("Content-Type".into(), "text/plain".into())]);
        let q = vec![
            ("partNumber".to_string(), "2".to_string()),
            ("uploadId".to_string(), "abc".to_string()),
        ];
        let (_, p) = operation("PUT", "/b/dir/f%20g.txt", &q, &h, 5);
        assert_eq!(p[0], ("Bucket".into(), "b".into()));
        assert_eq!(p[1], ("Key".into(), "dir/f g.txt".into()));
        assert!(p.contains(&("UploadId".into(), "abc".into())));
        assert!(p.contains(&("PartNumber".into(), "2".into())));
        assert!(p.contains(&("Body".into(), "5 bytes".into())));
    }
}
