//! Upstream drift check: CI regenerates the sample volume with the real programs of today
//! (`tools/make-sample-volume.sh` into `$LOCALSTATE_FRESH_VOLUME`) and this test checks that
//! the scan finds the same layouts, services, accounts and regions as in the committed copy.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use localstate_testkit as common;

use std::collections::BTreeSet;

use localstate_core::volume::{Volume, scan};

/// `service/account/region` triples plus each service's file roles.
fn shape(v: &Volume) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut scopes = BTreeSet::new();
    let mut roles = BTreeSet::new();
    for s in &v.services {
        scopes.insert(s.name.clone());
        for a in &s.accounts {
            scopes.insert(format!("{}/{}", s.name, a.id));
            for r in &a.regions {
                scopes.insert(format!("{}/{}/{}", s.name, a.id, r.name));
            }
        }
        for e in s.all_entries() {
            roles.insert(format!("{}: {} ({})", s.name, e.role, e.kind));
        }
    }
    (scopes, roles)
}

#[test]
#[ignore = "needs LOCALSTATE_FRESH_VOLUME (the sample volume .ci/run regenerates with today's real programs)"]
fn regenerated_sample_volume_scans_like_the_committed_one() {
    let fresh = common::ci_fresh("LOCALSTATE_FRESH_VOLUME");
    let committed = scan(&common::sample_volume()).unwrap();
    let fresh = scan(&fresh).unwrap();
    let layouts = |v: &Volume| v.layouts.iter().map(|l| l.layout).collect::<BTreeSet<_>>();
    assert_eq!(layouts(&fresh), layouts(&committed));
    assert_eq!(shape(&fresh), shape(&committed));
}
