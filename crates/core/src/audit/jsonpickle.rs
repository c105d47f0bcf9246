//! The jsonpickle side of the audit: every global (`py/type`, `py/function`, a `py/object`
//! class), module import (`py/mod`) and constructed object (`py/reduce`, `py/object`,
//! `py/repr`) in the graph the
//! jsonpickle reader builds, visited in arena order (no traversal, so nothing recurses and
//! objects unreachable from the root are audited too).

use crate::formats::pyobj::{Construct, PyObj, Src};

use super::{Action, Collector, Location, allowlist};

/// Reads jsonpickle text and records every load-time effect.
pub(super) fn audit(bytes: &[u8], c: &mut Collector) -> crate::Result<()> {
    let (g, _warnings) = crate::formats::jsonpickle::read_graph(bytes)?;
    let len = u32::try_from(g.len()).unwrap_or(u32::MAX);
    for id in 0..len {
        let at = match g.src(id) {
            Src::Json(p) => Location::Pointer(p),
            _ => Location::Unknown,
        };
        match g.get(id) {
            // A global without a position is the callable of an object (a `py/object` class),
            // audited with that call.
            PyObj::Global(_) if at != Location::Unknown => c.object(&g, id, at, "py/type"),
            PyObj::Object(o) => {
                let tag = match o.how {
                    Construct::Reduce => "py/reduce",
                    _ => "py/object",
                };
                c.object(&g, id, at.clone(), tag);
                if let Some(state) = o.state {
                    c.set_state(&g, id, state, at, "py/state");
                }
            }
            // `{"py/mod": "m"}`: jsonpickle imports module m (running its top-level code).
            PyObj::Dict(pairs) => {
                let module = pairs.iter().find_map(|[k, v]| match (g.get(*k), g.get(*v)) {
                    (PyObj::Str("py/mod"), PyObj::Str(m)) => Some(m),
                    _ => None,
                });
                if let Some(m) = module {
                    let verdict = allowlist::judge(m);
                    c.record(at, "py/mod", Action::Global, m.to_string(), verdict, String::new);
                }
            }
            _ => {}
        }
    }
    Ok(())
}
