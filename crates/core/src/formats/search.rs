//! Text search inside a decoded document: tree names and leaf values, then table rows
//! (through each row source's text filter). Used by `localstate find` and the GUI's volume
//! search.

use std::path::{Path, PathBuf};

use crate::model::{Document, RowFilter, Tree};

/// One match.
#[derive(Debug, serde::Serialize)]
pub struct Hit {
    /// The file the match is in.
    pub file: PathBuf,
    /// Table (row source) name, for matches inside a row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// [`Row::id`](crate::model::Row::id) of the matching row, for matches inside a row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<i64>,
    /// RFC 6901 pointer in the document tree, or in the row's detail tree.
    pub pointer: String,
    /// The matching value as shown (a container as `type (N children)`, a row as its cells).
    pub value: String,
}

/// Matches of `text` in a decoded document: tree names and leaf values, then table rows.
pub fn search_document(
    file: &Path,
    doc: &Document,
    text: &str,
    max_rows: usize,
) -> crate::Result<Vec<Hit>> {
    // A lazily presented tree is searched whole (pointers are the same in both).
    let unfolded;
    let tree = if doc.tree.is_lazy() {
        let mut t = doc.tree.clone();
        t.unfold_all();
        unfolded = t;
        &unfolded
    } else {
        &doc.tree
    };
    let mut hits: Vec<Hit> = tree_matches(tree, text)
        .into_iter()
        .map(|(pointer, value)| Hit {
            file: file.to_path_buf(),
            table: None,
            row: None,
            pointer,
            value,
        })
        .collect();
    let filter = RowFilter { key_prefix: None, text: Some(text.to_string()) };
    for table in &doc.tables {
        let mut offset = 0u64;
        while (offset as usize) < max_rows {
            let page = table.page(&filter, offset, 200.min(max_rows - offset as usize))?;
            if page.is_empty() {
                break;
            }
            offset += page.len() as u64;
            for row in page {
                let mut in_row = tree_matches(&row.detail, text);
                if in_row.is_empty() {
                    // The row matched on its raw text (e.g. an attribute name inside JSON).
                    in_row.push((String::new(), row.cells.join(" | ")));
                }
                for (pointer, value) in in_row {
                    hits.push(Hit {
                        file: file.to_path_buf(),
                        table: Some(table.name().to_string()),
                        row: Some(row.id),
                        pointer,
                        value,
                    });
                }
            }
        }
    }
    Ok(hits)
}

/// (pointer, shown value) of every node of `tree` matching `text`.
fn tree_matches(tree: &Tree, text: &str) -> Vec<(String, String)> {
    tree.find(text)
        .into_iter()
        .map(|id| {
            let n = tree.node(id);
            let shown = if n.value.is_container() {
                format!("{} ({} children)", n.ty, n.children.len())
            } else {
                n.value.display()
            };
            (tree.pointer(id), shown)
        })
        .collect()
}
