//! Search (Ctrl+F): in the open document (matches are revealed and selected one by one) and
//! across the whole volume (every decodable file, in a background job).

use std::path::PathBuf;

use super::jobs::Progress;
use crate::model::{NodeId, Tree};
use crate::volume::EntryKind;

/// A match found in a file of the volume.
#[derive(Clone, Debug)]
pub struct Hit {
    pub path: PathBuf,
    pub kind: EntryKind,
    pub pointer: String,
    pub value: String,
}

#[derive(Default)]
pub struct SearchState {
    pub visible: bool,
    pub query: String,
    pub focus: bool,
    /// Matches in the open document for `doc_query`.
    pub doc_hits: Vec<NodeId>,
    pub doc_query: String,
    pub current: usize,
    pub volume_running: bool,
    pub volume_hits: Option<(String, Vec<Hit>)>,
}

/// Nodes whose name or value contains `query` (case-insensitive), in tree order.
pub fn search_tree(tree: &Tree, query: &str) -> Vec<NodeId> {
    let q = query.to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    tree.descendants(Tree::ROOT)
        .into_iter()
        .skip(1)
        .filter(|id| {
            let n = tree.node(*id);
            n.name.to_lowercase().contains(&q) || (!n.value.is_container() && n.value.search_text().to_lowercase().contains(&q))
        })
        .collect()
}

/// Searches every file: tree nodes and table rows (through the row source's text filter).
pub fn search_files(files: &[(PathBuf, EntryKind)], query: &str, progress: &Progress) -> Vec<Hit> {
    const MAX_HITS: usize = 5_000;
    let mut hits = Vec::new();
    for (i, (path, kind)) in files.iter().enumerate() {
        progress.set(i as u64, files.len() as u64);
        let Ok(doc) = crate::formats::open(path, *kind) else { continue };
        for id in search_tree(&doc.tree, query) {
            let n = doc.tree.node(id);
            hits.push(Hit { path: path.clone(), kind: *kind, pointer: doc.tree.pointer(id), value: n.value.display() });
        }
        for t in &doc.tables {
            let filter = crate::model::RowFilter { key_prefix: None, text: Some(query.to_string()) };
            if let Ok(rows) = t.page(&filter, 0, 100) {
                hits.extend(rows.into_iter().map(|r| Hit {
                    path: path.clone(),
                    kind: *kind,
                    pointer: format!("{} row {}", t.name(), r.id),
                    value: r.cells.join(" · "),
                }));
            }
        }
        if hits.len() >= MAX_HITS {
            hits.truncate(MAX_HITS);
            break;
        }
    }
    hits
}
