//! Frame-time benchmark of the two virtualized widgets: a fully expanded 1,000,000-node tree
//! and a 1,000,000-row paged table, scrolled from top to bottom in an egui_kittest harness.
//! Reports p50/p99 CPU time per frame (`cargo bench --bench frame_time`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::sync::Arc;
use std::time::Instant;

use egui_kittest::Harness;

#[path = "common/frames.rs"]
mod frames;
use frames::scroll_frames;
use localstate::model::{Row, RowFilter, RowSource, Tree, Value};
use localstate::ui::tree_table::{self, TreeView};

const N: usize = 1_000_000;
/// 600 frames × 40 pages of wheel scroll cover all 1,000,000 rows (20 px each).
const FRAMES: usize = 600;

fn million_node_tree() -> Tree {
    let mut t = Tree::new("root", "dict");
    let mut parent = 0;
    for i in 0..N {
        if i % 1000 == 0 {
            parent = t.push_container(0, format!("queue-{}", i / 1000), "StandardQueue", false);
        } else {
            t.push(parent, format!("msg-{i}"), "str", Value::Str(format!("body of message {i}")));
        }
    }
    t
}

/// A row source computing rows on the fly (stands in for SQLite paging, without the I/O).
struct Synthetic;

impl RowSource for Synthetic {
    fn name(&self) -> &str {
        "synthetic"
    }
    fn columns(&self) -> Vec<String> {
        vec!["pk".into(), "sk".into(), "value".into()]
    }
    fn count(&self, _: &RowFilter) -> localstate_core::Result<u64> {
        Ok(N as u64)
    }
    fn page(&self, _: &RowFilter, offset: u64, limit: usize) -> localstate_core::Result<Vec<Row>> {
        Ok((offset..(offset + limit as u64).min(N as u64))
            .map(|i| Row {
                id: i as i64,
                cells: vec![format!("user#{i}"), i.to_string(), format!("value {i}")],
                detail: Tree::default(),
            })
            .collect())
    }
}

fn main() {
    let t0 = Instant::now();
    let tree = million_node_tree();
    let mut view = TreeView::new();
    view.expand_all(&tree);
    println!(
        "built {} nodes in {:?}; visible rows after expand all: {}",
        tree.len(),
        t0.elapsed(),
        view.visible_rows(&tree)
    );
    let mut h = Harness::builder().with_size(egui::vec2(1200.0, 900.0)).build_ui_state(
        move |ui, view: &mut TreeView| {
            tree_table::show(ui, "bench-tree", &tree, view);
        },
        view,
    );
    h.hover_at(egui::pos2(600.0, 450.0));
    h.step();
    let frames = scroll_frames(&mut h, FRAMES, egui::MouseWheelUnit::Page, 40.0);
    println!("tree 1M nodes expanded: {FRAMES} frames: {}", frames.summary());

    let rows = localstate::ui::rows_table::SyncRows::new(Arc::new(Synthetic));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 900.0))
        .build_ui_state(move |ui, r: &mut localstate::ui::rows_table::SyncRows| r.show(ui), rows);
    h.hover_at(egui::pos2(600.0, 450.0));
    h.step();
    let frames = scroll_frames(&mut h, FRAMES, egui::MouseWheelUnit::Page, 40.0);
    println!("table 1M rows: {FRAMES} frames: {}", frames.summary());
}
