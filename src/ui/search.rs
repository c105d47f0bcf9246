//! Search (Ctrl+F): in the open document (matches are revealed and selected one by one) and
//! across the whole volume (every decodable file, in a background job).

use localstate_core::formats::search::{Matcher, search_document};
use std::path::PathBuf;
use std::sync::Arc;

use super::app::DocTab;
use super::jobs::Progress;
use super::panel::DocView;
use localstate_core::model::{NodeId, Tree};
use localstate_core::volume::EntryKind;

/// A match found in a file of the volume, with the kind to reopen the file as.
pub type Hit = (EntryKind, localstate_core::formats::search::Hit);

/// The search bar's state (the document panel's own).
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
    pub volume_hits: Option<(String, Arc<Vec<Hit>>)>,
}

impl SearchState {
    /// Reveals and selects the next match of the query in `tree` ("Next in document").
    pub fn find_next(&mut self, tree: &Tree, view: &mut DocView<'_>) {
        if self.doc_query != self.query {
            self.doc_query = self.query.clone();
            self.doc_hits = tree.find(&self.query);
            self.current = 0;
        } else if !self.doc_hits.is_empty() {
            self.current = (self.current + 1) % self.doc_hits.len();
        }
        if let Some(id) = self.doc_hits.get(self.current) {
            *view.tab = DocTab::Tree;
            view.view.reveal(tree, *id);
        }
    }
}

/// Searches every file (tree nodes and up to 100 matching rows per table); stops at 5,000 hits
/// or when `cancelled` says so.
pub fn search_files(
    files: &[(PathBuf, EntryKind)],
    query: &str,
    progress: &Progress,
    cancelled: &dyn Fn() -> bool,
) -> Vec<Hit> {
    const MAX_HITS: usize = 5_000;
    let mut hits = Vec::new();
    let matcher = Matcher::caseless(query);
    for (i, (path, kind)) in files.iter().enumerate() {
        if cancelled() {
            break;
        }
        progress.set(i as u64, files.len() as u64);
        let Ok(doc) = localstate_core::formats::open(path, *kind) else { continue };
        let Ok(found) = search_document(path, doc, &matcher, 100) else { continue };
        hits.extend(found.into_iter().map(|h| (*kind, h)));
        if hits.len() >= MAX_HITS {
            hits.truncate(MAX_HITS);
            break;
        }
    }
    hits
}
