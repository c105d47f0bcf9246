//! Which occurrence of a shared object is shown in full: the first in depth-first order of the
//! presentation. Fixed by one walk over the graph before anything is presented, so a lazy tree
//! unfolded in any order shows every object at the same place (and pointers never change).
//!
//! The same walk enforces the depth limit: an object first reached more than
//! [`MAX_DEPTH`] objects below the root is refused with [`TooDeep`].

use std::collections::HashMap;

use crate::formats::depth::{MAX_DEPTH, TooDeep};
use crate::formats::pyobj::{Graph, ObjId, PyObj};

use super::{Item, Name, View, Viewer, shown_once};

/// A child slot: the object whose view lists it, and its number in that view (pre-order: a
/// group takes one number, then its items take theirs).
pub(crate) type Slot = (ObjId, u32);

/// Numbers the slots of a view: `(object, slot)` of every object it lists, in order.
pub(super) fn numbered(viewer: ObjId, children: &[(Name, Item)], out: &mut Vec<(ObjId, Slot)>) {
    let mut next = 0u32;
    for (_, item) in children {
        number(viewer, item, &mut next, out);
    }
}

fn number(viewer: ObjId, item: &Item, next: &mut u32, out: &mut Vec<(ObjId, Slot)>) {
    if let Item::Obj(id) = item {
        out.push((*id, (viewer, *next)));
    }
    *next += 1;
    if let Item::Group { items, .. } = item {
        for (_, i) in items {
            number(viewer, i, next, out);
        }
    }
}

/// The last step of the canonical path (slots from the root) of every object that is shown
/// once but reached more than once, and of every object on the way to one: the whole path of
/// an object is its step, its viewer's step, and so on up to the root (so the map stays
/// linear in the graph, however deep the paths). Iterative; one `view` per constructed object
/// shown once (plain containers list their items directly). Only each object's first viewer
/// is kept during the walk (4 bytes per object); slot numbers are looked up afterwards for
/// the objects on the paths. Fails when an object shown once is first reached deeper than
/// [`MAX_DEPTH`] levels.
pub(crate) fn shared_steps(g: &Graph) -> Result<HashMap<ObjId, Slot>, TooDeep> {
    const UNSEEN: u8 = 0;
    const SEEN: u8 = 1;
    const MULTI: u8 = 2;
    const NO_VIEWER: ObjId = ObjId::MAX;
    let n = g.len();
    if n == 0 {
        return Ok(HashMap::new());
    }
    let v = Viewer::new(g);
    let mut first = vec![NO_VIEWER; n];
    let mut state = vec![UNSEEN; n];
    let mut multi = Vec::new();
    // (object, the viewer listing it, its depth)
    let mut stack: Vec<(ObjId, ObjId, usize)> = vec![(g.root, NO_VIEWER, 0)];
    let mut kids = Vec::new();
    while let Some((id, viewer, depth)) = stack.pop() {
        let s = &mut state[id as usize];
        if *s != UNSEEN {
            if *s == SEEN {
                *s = MULTI;
                multi.push(id);
            }
            continue;
        }
        // A constructed object's one view tells both whether it is shown once and what it
        // lists (building it twice was a tenth of opening a big queue store).
        let constructed = match g.get(id) {
            PyObj::Object(_) | PyObj::PersistentId(_) => Some(v.view(id)),
            _ => None,
        };
        if !constructed.as_ref().map_or_else(|| v.shared_once(id), shown_once) {
            continue;
        }
        if depth > MAX_DEPTH {
            return Err(TooDeep::new("pickle object graph"));
        }
        *s = SEEN;
        first[id as usize] = viewer;
        // Short scalars are never shown once: not worth a trip through the stack.
        let worth = |c: &ObjId| v.shared_once_maybe(*c);
        let d = depth + 1;
        match g.get(id) {
            PyObj::Dict(pairs) => stack.extend(
                pairs.iter().rev().map(|[_, c]| c).filter(|c| worth(c)).map(|c| (*c, id, d)),
            ),
            PyObj::Tuple(items)
            | PyObj::List(items)
            | PyObj::Set(items)
            | PyObj::FrozenSet(items) => {
                stack.extend(items.iter().rev().filter(|c| worth(c)).map(|c| (*c, id, d)))
            }
            // Embedded JSON holds no graph objects.
            PyObj::Json(_) => {}
            _ => {
                if let Some(View::Container { children, .. }) = &constructed {
                    kids.clear();
                    numbered(id, children, &mut kids);
                    stack.extend(kids.iter().rev().map(|(c, _)| (*c, id, d)));
                }
            }
        }
    }
    drop(state);
    // The (viewer, object) steps of every path, then each viewer's slot numbers for them.
    let mut wanted: HashMap<ObjId, HashMap<ObjId, u32>> = HashMap::new();
    for &id in &multi {
        let mut cur = id;
        while first[cur as usize] != NO_VIEWER {
            let viewer = first[cur as usize];
            if wanted.entry(viewer).or_default().insert(cur, u32::MAX).is_some() {
                break;
            }
            cur = viewer;
        }
    }
    for (viewer, slots) in wanted.iter_mut() {
        for (child, slot) in listed(&v, *viewer) {
            if let Some(s) = slots.get_mut(&child)
                && *s == u32::MAX
            {
                *s = slot;
            }
        }
    }
    Ok(wanted
        .into_iter()
        .flat_map(|(viewer, slots)| slots.into_iter().map(move |(c, slot)| (c, (viewer, slot))))
        .collect())
}

/// `(object, slot)` of everything `viewer`'s view lists, in order.
fn listed(v: &Viewer, viewer: ObjId) -> Vec<(ObjId, u32)> {
    let mut out = Vec::new();
    if let Some(children) = v.children(viewer) {
        numbered(viewer, &children, &mut out);
    }
    out.into_iter().map(|(id, (_, slot))| (id, slot)).collect()
}
