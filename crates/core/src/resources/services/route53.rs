//! Amazon Route 53: hosted zones and their record sets, health checks.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "route53",
    title: "Route 53",
    kinds: &[
        Kind::new("hosted zone")
            .classes(&["HostedZone", "FakeZone"])
            .fields(&["zones", "hosted_zones"])
            .name(&["name"])
            .columns(&["id", "private_zone"]),
        Kind::new("record set")
            .classes(&["RecordSet", "FakeResourceRecordSet"])
            .fields(&["rrsets"])
            .name(&["name"])
            .columns(&["type_", "ttl"]),
        Kind::new("health check").classes(&["HealthCheck"]).fields(&["health_checks"]),
    ],
    ignore: &[],
};
