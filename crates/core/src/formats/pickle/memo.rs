//! The pickle memo: index → object id. Dense for the usual sequential `MEMOIZE`/`BINPUT`
//! indexes, a map for sparse ones, so a hostile `LONG_BINPUT 4000000000` allocates nothing.

use std::collections::HashMap;

use crate::formats::pyobj::ObjId;

#[derive(Default)]
pub struct Memo {
    dense: Vec<ObjId>,
    sparse: HashMap<u64, ObjId>,
}

impl Memo {
    /// Number of entries (what `MEMOIZE` uses as the next index).
    pub fn len(&self) -> usize {
        self.dense.len() + self.sparse.len()
    }

    pub fn get(&self, idx: u64) -> Option<ObjId> {
        if idx < self.dense.len() as u64 {
            Some(self.dense[idx as usize])
        } else {
            self.sparse.get(&idx).copied()
        }
    }

    pub fn put(&mut self, idx: u64, id: ObjId) {
        if idx < self.dense.len() as u64 {
            self.dense[idx as usize] = id;
        } else if idx == self.dense.len() as u64 {
            self.dense.push(id);
            while !self.sparse.is_empty()
                && let Some(next) = self.sparse.remove(&(self.dense.len() as u64))
            {
                self.dense.push(next);
            }
        } else {
            self.sparse.insert(idx, id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_entries_join_the_dense_part() {
        let mut m = Memo::default();
        m.put(0, 10);
        m.put(2, 12);
        assert_eq!(m.len(), 2);
        m.put(1, 11);
        assert_eq!((m.get(0), m.get(1), m.get(2), m.get(3)), (Some(10), Some(11), Some(12), None));
        m.put(4_000_000_000, 9);
        assert_eq!(m.get(4_000_000_000), Some(9));
        assert_eq!(m.len(), 4);
    }
}
