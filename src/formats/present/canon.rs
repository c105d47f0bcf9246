//! Which occurrence of a shared object is shown in full: the first in depth-first order of the
//! presentation. Fixed by one walk over the graph before anything is presented, so a lazy tree
//! unfolded in any order shows every object at the same place (and pointers never change).

use std::collections::HashMap;

use crate::formats::pyobj::{Graph, ObjId};

use super::{Item, Name, Viewer};

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

/// The canonical path (slots from the root) of every object that is shown once but reached
/// more than once. Iterative; one `view` per object shown once.
pub(crate) fn shared_paths(g: &Graph) -> HashMap<ObjId, Vec<Slot>> {
    const UNSEEN: u8 = 0;
    const SEEN: u8 = 1;
    const MULTI: u8 = 2;
    const FROM_ROOT: Slot = (ObjId::MAX, 0);
    let n = g.objs.len();
    if n == 0 {
        return HashMap::new();
    }
    let v = Viewer::new(g);
    let mut first = vec![FROM_ROOT; n];
    let mut state = vec![UNSEEN; n];
    let mut multi = Vec::new();
    let mut stack: Vec<(ObjId, Slot)> = Vec::new();
    let mut kids = Vec::new();
    let mut visit = |id: ObjId, slot: Slot, stack: &mut Vec<(ObjId, Slot)>| {
        let s = &mut state[id as usize];
        if *s != UNSEEN {
            if *s == SEEN {
                *s = MULTI;
                multi.push(id);
            }
            return;
        }
        if !v.shared_once(id) {
            return;
        }
        *s = SEEN;
        first[id as usize] = slot;
        if let Some(children) = v.children(id) {
            kids.clear();
            numbered(id, &children, &mut kids);
            stack.extend(kids.iter().rev());
        }
    };
    visit(g.root, FROM_ROOT, &mut stack);
    while let Some((id, slot)) = stack.pop() {
        visit(id, slot, &mut stack);
    }
    multi
        .into_iter()
        .map(|id| {
            let mut path = Vec::new();
            let mut cur = id;
            while first[cur as usize] != FROM_ROOT {
                let slot = first[cur as usize];
                path.push(slot);
                cur = slot.0;
            }
            path.reverse();
            (id, path)
        })
        .collect()
}
