//! The virtualized, paged table for tabular content (SQLite rows, DynamoDB items, Kinesis
//! records, replay calls): only the pages on screen are fetched — by background jobs the app
//! runs — and the selected row's decoded detail is shown in a tree-table under it, with the
//! value viewer for the detail's selected leaf.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use egui_extras::{Column, TableBuilder};
use localstate_core::text::grouped;

use super::theme::{self, ROW_HEIGHT};
use super::tree_table::{self, TreeView, one_line};
use super::value_viewer::{self, ViewerState};
use localstate_core::model::{NodeId, Row, RowFilter, RowSource};

pub const PAGE_SIZE: usize = 200;

/// What the table needs fetched; the app turns these into jobs.
#[derive(Debug, Clone, PartialEq)]
pub enum RowsRequest {
    Count(RowFilter),
    Page(RowFilter, u64),
}

pub struct RowsView {
    pub source: Arc<dyn RowSource>,
    pub columns: Vec<String>,
    pub filter: RowFilter,
    key_prefix_input: String,
    text_input: String,
    pub count: Option<Result<u64, String>>,
    pages: HashMap<u64, Result<Vec<Row>, String>>,
    requested: HashSet<u64>,
    count_requested: bool,
    pub selected: Option<u64>,
    detail_view: TreeView,
    /// Edit state of the selected row's detail tree (pending values, inline editor).
    pub detail_overlay: tree_table::Overlay,
    /// Set when the user asks to edit a detail leaf (double-click / Enter).
    pub activated: Option<NodeId>,
    /// The viewer of the selected detail leaf's value, beside the detail tree.
    detail_viewer: ViewerState,
    scroll_to: Option<usize>,
    /// A row to select once its page arrives (a search hit), by [`Row::id`].
    reveal: Option<i64>,
}

/// Pages searched for a revealed row before giving up (its page is then scrolled to by hand).
const MAX_REVEAL_PAGES: u64 = 64;

impl RowsView {
    pub fn new(source: Arc<dyn RowSource>) -> Self {
        RowsView {
            columns: source.columns(),
            source,
            filter: RowFilter::default(),
            key_prefix_input: String::new(),
            text_input: String::new(),
            count: None,
            pages: HashMap::new(),
            requested: HashSet::new(),
            count_requested: false,
            selected: None,
            detail_view: TreeView::new(),
            detail_overlay: Default::default(),
            activated: None,
            detail_viewer: ViewerState::default(),
            scroll_to: None,
            reveal: None,
        }
    }

    /// Shows the rows containing `text` and selects the one with id `row` (a search hit):
    /// the text filter is set, and pages are fetched until the row is in one.
    pub fn reveal_row(&mut self, row: i64, text: String) {
        let text = text.trim().to_string();
        self.key_prefix_input.clear();
        self.filter =
            RowFilter { key_prefix: None, text: Some(text.clone()).filter(|t| !t.is_empty()) };
        self.text_input = text;
        self.selected = None;
        self.invalidate();
        self.reveal = Some(row);
    }

    /// The next page to fetch for a pending reveal: the first one not fetched yet.
    fn reveal_page(&self) -> Option<u64> {
        self.reveal?;
        (0..MAX_REVEAL_PAGES).find(|p| !self.pages.contains_key(p))
    }

    /// Applies a fetched count (ignored when the filter changed meanwhile).
    pub fn set_count(&mut self, filter: &RowFilter, count: Result<u64, String>) {
        if *filter == self.filter {
            self.count = Some(count);
        }
    }

    pub fn set_page(&mut self, filter: &RowFilter, page: u64, rows: Result<Vec<Row>, String>) {
        if *filter != self.filter {
            return;
        }
        if let (Some(id), Ok(rows)) = (self.reveal, &rows) {
            if let Some(i) = rows.iter().position(|r| r.id == id) {
                let index = page * PAGE_SIZE as u64 + i as u64;
                self.selected = Some(index);
                self.scroll_to = Some(index as usize);
                self.reveal = None;
            } else if rows.len() < PAGE_SIZE || page + 1 >= MAX_REVEAL_PAGES {
                self.reveal = None; // the last page: not among the rows shown
            }
        }
        self.pages.insert(page, rows);
    }

    /// The selected row (when its page is loaded).
    pub fn selected_row(&self) -> Option<&Row> {
        self.row(self.selected?)
    }

    fn row(&self, index: u64) -> Option<&Row> {
        let page = self.pages.get(&(index / PAGE_SIZE as u64))?.as_ref().ok()?;
        page.get((index % PAGE_SIZE as u64) as usize)
    }

    /// Forgets fetched pages (filter change or file reload) so they are fetched again.
    pub fn invalidate(&mut self) {
        self.pages.clear();
        self.requested.clear();
        self.count = None;
        self.count_requested = false;
    }

    /// Jumps to the last row (End key, "last page" button).
    pub fn scroll_to_end(&mut self) {
        if let Some(Ok(n)) = self.count {
            self.scroll_to = Some(n.saturating_sub(1) as usize);
        }
    }
}

/// Draws the filter bar, the table and the detail pane; returns what must be fetched.
pub fn show(ui: &mut egui::Ui, id_salt: &str, view: &mut RowsView) -> Vec<RowsRequest> {
    let mut requests = Vec::new();
    filter_bar(ui, view);
    if let Some(page) = view.reveal_page()
        && view.requested.insert(page)
    {
        requests.push(RowsRequest::Page(view.filter.clone(), page));
    }
    if !view.count_requested {
        view.count_requested = true;
        requests.push(RowsRequest::Count(view.filter.clone()));
    }
    let total = match &view.count {
        Some(Ok(n)) => *n,
        Some(Err(e)) => {
            ui.colored_label(theme::error(ui.visuals()), format!("cannot count rows: {e}"));
            return requests;
        }
        // Show the first page while counting.
        None => PAGE_SIZE as u64,
    };
    if let Some(Err(e)) = view.pages.get(&0) {
        ui.colored_label(theme::error(ui.visuals()), format!("cannot read rows: {e}"));
        return requests;
    }
    let detail_height =
        if view.selected.is_some() { (ui.available_height() * 0.4).max(120.0) } else { 0.0 };
    let table_height = ui.available_height() - detail_height;
    ui.allocate_ui(egui::vec2(ui.available_width(), table_height), |ui| {
        rows_table(ui, id_salt, view, total, &mut requests);
    });
    if let Some(sel) = view.selected {
        ui.separator();
        match view.row(sel).map(|r| r.detail.clone()) {
            Some(detail) if !detail.is_empty() => {
                ui.label(egui::RichText::new(format!("row {} detail", sel + 1)).strong());
                let leaf = view.detail_view.selected.filter(|s| (*s as usize) < detail.len());
                let value = leaf.map(|s| &detail.node(s).value);
                let viewer = &mut view.detail_viewer;
                let id = format!("{id_salt}-value");
                let action = value_viewer::with_viewer(ui, &id, value, viewer, false, |ui| {
                    tree_table::show_with(
                        ui,
                        &format!("{id_salt}-detail"),
                        &detail,
                        &mut view.detail_view,
                        &mut view.detail_overlay,
                    )
                });
                if view.detail_viewer.opened() {
                    view.detail_view.scroll_to_selected();
                }
                if let tree_table::TreeAction::Activate(id) = action {
                    view.activated = Some(id);
                }
            }
            _ => {
                ui.label("no detail for this row");
            }
        }
    }
    requests
}

fn filter_bar(ui: &mut egui::Ui, view: &mut RowsView) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(view.source.name()).strong());
        ui.separator();
        ui.label("key starts with");
        // Named ids: the focus stays in a field whatever the bar shows before it.
        let a = ui.add(
            egui::TextEdit::singleline(&mut view.key_prefix_input)
                .id_salt("rows-key-prefix")
                .desired_width(120.0)
                .hint_text("prefix"),
        );
        a.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "key prefix filter")
        });
        ui.label("contains");
        let b = ui.add(
            egui::TextEdit::singleline(&mut view.text_input)
                .id_salt("rows-text")
                .desired_width(160.0)
                .hint_text("text"),
        );
        b.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "row text filter"));
        let wanted = RowFilter {
            key_prefix: Some(view.key_prefix_input.trim().to_string()).filter(|s| !s.is_empty()),
            text: Some(view.text_input.trim().to_string()).filter(|s| !s.is_empty()),
        };
        if wanted != view.filter {
            view.filter = wanted;
            view.selected = None;
            view.invalidate();
        }
        if ui.button("⏮ First").clicked() {
            view.scroll_to = Some(0);
        }
        if ui.button("Last ⏭").clicked() {
            view.scroll_to_end();
        }
        // Last in the bar, so that nothing moves when it changes: each key typed in a filter
        // counts again, and the table stays where it is too.
        ui.separator();
        match view.count {
            Some(Ok(n)) => {
                ui.label(format!("{} rows", grouped(n)));
            }
            Some(Err(_)) => {}
            None => {
                ui.spinner();
                ui.label("counting rows…");
            }
        }
    });
}

fn rows_table(
    ui: &mut egui::Ui,
    id_salt: &str,
    view: &mut RowsView,
    total: u64,
    requests: &mut Vec<RowsRequest>,
) {
    if !ui.ctx().egui_wants_keyboard_input() {
        let (up, down, end, home) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::ArrowDown),
                i.key_pressed(egui::Key::End),
                i.key_pressed(egui::Key::Home),
            )
        });
        if up || down {
            let cur = view.selected.unwrap_or(0);
            let next =
                if up { cur.saturating_sub(1) } else { (cur + 1).min(total.saturating_sub(1)) };
            view.selected = Some(next);
            view.scroll_to = Some(next as usize);
        }
        if end {
            view.scroll_to_end();
        }
        if home {
            view.scroll_to = Some(0);
        }
    }
    if let Some(r) = view.selected.and_then(|s| view.row(s))
        && super::copy::requested(ui.ctx(), id_salt, true)
    {
        ui.ctx().copy_text(r.cells.join("\t"));
    }
    // Cell labels must not take clicks for text selection: a click selects the row.
    ui.style_mut().interaction.selectable_labels = false;
    let ncols = view.columns.len().max(1);
    let mut table = TableBuilder::new(ui)
        .id_salt(id_salt)
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .column(Column::exact(60.0))
        .columns(Column::initial(160.0).at_least(40.0).clip(true), ncols.saturating_sub(1))
        .column(Column::remainder().at_least(80.0).clip(true))
        .min_scrolled_height(0.0);
    if let Some(r) = view.scroll_to.take() {
        table = table.scroll_to_row(r, Some(egui::Align::Center));
    }
    let columns = view.columns.clone();
    let mut clicked = None;
    table
        .header(ROW_HEIGHT, |mut header| {
            header.col(|ui| {
                ui.strong("#");
            });
            for c in &columns {
                header.col(|ui| {
                    ui.strong(c);
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, total as usize, |mut row| {
                let index = row.index() as u64;
                let page = index / PAGE_SIZE as u64;
                if !view.pages.contains_key(&page) && view.requested.insert(page) {
                    requests.push(RowsRequest::Page(view.filter.clone(), page));
                }
                row.set_selected(view.selected == Some(index));
                row.col(|ui| {
                    ui.label(egui::RichText::new((index + 1).to_string()).weak());
                });
                match view.row(index) {
                    Some(r) => {
                        for i in 0..columns.len() {
                            let cell = r.cells.get(i).map(String::as_str).unwrap_or("");
                            row.col(|ui| {
                                ui.label(one_line(cell, 200));
                            });
                        }
                    }
                    None => {
                        for _ in 0..columns.len() {
                            row.col(|ui| {
                                ui.label(egui::RichText::new("…").weak());
                            });
                        }
                    }
                }
                if row.response().clicked() {
                    clicked = Some(index);
                }
            });
        });
    if let Some(i) = clicked {
        super::copy::claim(ui.ctx(), id_salt);
        view.selected = Some(i);
        view.detail_view = TreeView::new();
        view.detail_overlay = Default::default();
    }
}

/// A rows table that fetches pages synchronously on the UI thread — only for benchmarks and
/// widget tests, where the source is in memory (the app fetches through background jobs).
pub struct SyncRows(pub RowsView);

impl SyncRows {
    pub fn new(source: Arc<dyn RowSource>) -> Self {
        SyncRows(RowsView::new(source))
    }

    pub fn show(&mut self, ui: &mut egui::Ui) {
        for req in show(ui, "sync-rows", &mut self.0) {
            match req {
                RowsRequest::Count(f) => {
                    let c = self.0.source.count(&f).map_err(|e| e.to_string());
                    self.0.set_count(&f, c);
                }
                RowsRequest::Page(f, p) => {
                    let rows = self
                        .0
                        .source
                        .page(&f, p * PAGE_SIZE as u64, PAGE_SIZE)
                        .map_err(|e| e.to_string());
                    self.0.set_page(&f, p, rows);
                }
            }
        }
    }
}
