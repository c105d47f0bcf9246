//! Loss-free scalar edits: replace the one opcode that pushed a leaf, copy every other byte
//! verbatim, fix the length of the FRAME that contains it, then decode the result and check
//! that exactly that value changed.
//!
//! Functions take the bytes of a file as read (a localstack-persist marker byte is kept) and
//! the opcode index of a leaf's [`crate::model::Origin::PickleOp`].

use crate::formats::pyobj::{Graph, ObjId, Object, PyObj};
use crate::model::Value;

use super::encode::scalar_op;
use super::lexer::Lexer;
use super::limits::{Limits, PickleError};
use super::ops::Opcode;
use super::vm;

fn split_marker(bytes: &[u8]) -> (&[u8], &[u8]) {
    let body = super::strip_marker(bytes);
    bytes.split_at(bytes.len() - body.len())
}

fn is_scalar(o: PyObj) -> bool {
    matches!(
        o,
        PyObj::None
            | PyObj::Bool(_)
            | PyObj::Int(_)
            | PyObj::Long(_)
            | PyObj::Float(_)
            | PyObj::Str(_)
            | PyObj::Bytes(_)
            | PyObj::ByteArray(_)
    )
}

/// The scalar object opcode `op_index` pushed.
fn target(g: &Graph, op_index: u32) -> Result<ObjId, PickleError> {
    (0..g.len() as ObjId)
        .find(|i| g.pickle_op(*i) == Some(op_index) && is_scalar(g.get(*i)))
        .ok_or_else(|| {
            PickleError::Edit(format!("opcode #{op_index} does not push a scalar value"))
        })
}

/// How many places in the object graph (reachable from the root) refer to object `id`.
fn count_refs(g: &Graph, id: ObjId) -> usize {
    let mut seen = vec![false; g.len()];
    let mut stack = vec![g.root];
    let mut count = 0;
    seen[g.root as usize] = true;
    let mut edge = |to: ObjId, stack: &mut Vec<ObjId>, seen: &mut Vec<bool>| {
        if to == id {
            count += 1;
        }
        if !seen[to as usize] {
            seen[to as usize] = true;
            stack.push(to);
        }
    };
    while let Some(cur) = stack.pop() {
        match g.get(cur) {
            PyObj::Tuple(v) | PyObj::List(v) | PyObj::Set(v) | PyObj::FrozenSet(v) => {
                v.iter().for_each(|c| edge(*c, &mut stack, &mut seen))
            }
            PyObj::Dict(pairs) => {
                pairs.as_flattened().iter().for_each(|c| edge(*c, &mut stack, &mut seen))
            }
            PyObj::PersistentId(p) => edge(p, &mut stack, &mut seen),
            PyObj::Object(Object {
                callable, args, kwargs, state, list_items, dict_items, ..
            }) => {
                edge(callable, &mut stack, &mut seen);
                let rest = args.iter().chain(list_items).chain(dict_items.as_flattened()).copied();
                rest.chain(kwargs).chain(state).for_each(|c| edge(c, &mut stack, &mut seen));
            }
            _ => {}
        }
    }
    count
}

/// How many references share the value pushed by opcode `op_index` (1 = only the edited leaf;
/// more means a memoized value an edit would change everywhere it is used).
pub fn references(file: &[u8], op_index: u32, limits: &Limits) -> Result<usize, PickleError> {
    let (_, body) = split_marker(file);
    let d = vm::run(body, limits)?;
    let id = target(&d.graph, op_index)?;
    Ok(count_refs(&d.graph, id).max(1))
}

fn same(a: PyObj, b: PyObj) -> bool {
    match (a, b) {
        (PyObj::Float(x), PyObj::Float(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

/// Replaces the scalar pushed by opcode `op_index` with `new`; returns the new file bytes.
/// Only that opcode is re-encoded (and its FRAME's length adjusted); the result is decoded
/// again and refused unless exactly that one value differs.
pub fn replace_scalar(
    file: &[u8],
    op_index: u32,
    new: &Value,
    limits: &Limits,
) -> Result<Vec<u8>, PickleError> {
    let (marker, body) = split_marker(file);
    let before = vm::run(body, limits)?;
    let id = target(&before.graph, op_index)?;

    // Locate the opcode and the frame that holds it.
    let mut frame: Option<(usize, usize)> = None; // (FRAME opcode start, end of its payload)
    let mut found = None;
    for (i, op) in Lexer::new(body).enumerate() {
        let op = op?;
        if op.code == Opcode::FRAME
            && let super::lexer::Arg::Int(len) = op.arg
        {
            frame = Some((op.start, op.end + len as usize));
        }
        if i as u32 == op_index {
            found = Some(op);
            break;
        }
    }
    let op = found.ok_or_else(|| PickleError::Edit(format!("no opcode #{op_index}")))?;
    let (bytes, expected) = scalar_op(new, before.protocol, op.code)?;

    let mut out = Vec::with_capacity(file.len() + bytes.len());
    out.extend_from_slice(marker);
    out.extend_from_slice(&body[..op.start]);
    out.extend_from_slice(&bytes);
    out.extend_from_slice(&body[op.end..]);
    if let Some((fstart, fend)) = frame
        && op.start < fend
    {
        let old_len = (fend - fstart - 9) as u64;
        let new_len = old_len + bytes.len() as u64 - (op.end - op.start) as u64;
        let at = marker.len() + fstart + 1;
        out[at..at + 8].copy_from_slice(&new_len.to_le_bytes());
    }

    // Verify: the new pickle decodes to the same graph except the edited value.
    let after = vm::run(&out[marker.len()..], limits)
        .map_err(|e| PickleError::Edit(format!("the edited pickle does not decode: {e}")))?;
    let (a, b) = (&before.graph, &after.graph);
    let ok = a.len() == b.len()
        && (0..a.len() as ObjId).all(|i| {
            if i == id {
                expected.scalar().is_some_and(|e| same(b.get(i), e))
            } else {
                same(a.get(i), b.get(i))
            }
        });
    if !ok {
        return Err(PickleError::Edit(
            "re-decoding the edited pickle changed more than the edited value".into(),
        ));
    }
    Ok(out)
}
