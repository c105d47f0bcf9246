//! The pickle side of the audit: one run of the decoding VM with an observer on the opcodes
//! that import or call ([`Opcode::runs_on_load`]), so auditing walks the opcodes once, with the
//! VM's limits.

use std::sync::Arc;

use crate::formats::pickle::ops::Opcode;
use crate::formats::pickle::vm::{self, Effect};
use crate::formats::pickle::{Limits, PickleError, strip_marker};
use crate::formats::pyobj::PyObj;

use super::{Collector, Location};

/// Runs the pickle in `file` (marker byte skipped) and records every load-time effect.
pub(super) fn audit(file: Vec<u8>, c: &mut Collector) -> Result<(), PickleError> {
    let start = file.len() - strip_marker(&file).len();
    vm::run_observed(Arc::new(file), start, &Limits::default(), |e| observe(&e, start, c))?;
    Ok(())
}

fn observe(e: &Effect<'_>, start: usize, c: &mut Collector) {
    let at = Location::Offset(start + e.op.start);
    let op = e.op.code.name();
    let g = e.graph;
    match e.op.code {
        Opcode::BUILD => {
            let Some(o) = g.object(e.object) else { return };
            let Some(state) = o.state else { return };
            // BUILD on a class or function (not an instance) sets its attributes: the graph
            // moves the global to a new object pushed by this very opcode.
            if g.pickle_op(o.callable) == Some(e.index)
                && matches!(g.get(o.callable), PyObj::Global(_))
            {
                let name = super::verdict::resolve(g, o.callable).unwrap_or_default();
                let verdict = (
                    super::Verdict::Suspicious,
                    "BUILD on a class or function: sets its attributes",
                );
                c.record(at, op, super::Action::SetState, name, verdict, || {
                    super::verdict::args_text(g, &[state])
                });
                return;
            }
            c.set_state(g, e.object, state, at, op);
        }
        Opcode::INST => {
            // The class is named inline: a lookup and a call.
            if let Some(o) = g.object(e.object) {
                c.object(g, o.callable, at.clone(), op);
            }
            c.object(g, e.object, at, op);
        }
        _ => c.object(g, e.object, at, op),
    }
}
