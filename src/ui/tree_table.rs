//! The one tree-table widget every tree document uses (pickle, JSON, jsonpickle, SQLite
//! overviews, row details): name / type / value columns, expand and collapse, keyboard
//! navigation, highlights of recently changed nodes, and a context menu to copy a value, its
//! JSON pointer or the subtree as JSON.
//!
//! Only the rows on screen are laid out (`TableBuilder::rows`); the list of visible rows is
//! rebuilt only when the expansion changes, so a fully expanded million-node tree scrolls at
//! the cost of the few dozen rows shown.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::theme::{self, ARROW_WIDTH, INDENT, ROW_HEIGHT};
use localstate_core::json_text;
use localstate_core::model::{NodeId, Tree, Value};
use localstate_core::text::grouped;

/// How long a changed node stays highlighted after a reload.
const HIGHLIGHT_FOR: Duration = Duration::from_secs(4);

/// Expansion, selection and highlight state of one tree shown by [`show`].
#[derive(Default)]
pub struct TreeView {
    expanded: HashSet<NodeId>,
    /// Visible rows in order: node and depth. Rebuilt when `dirty`.
    rows: Vec<(NodeId, u32)>,
    dirty: bool,
    pub selected: Option<NodeId>,
    scroll_to: Option<usize>,
    highlights: HashMap<NodeId, Instant>,
    /// Expanded nodes of a lazy tree whose children are not presented yet; the owner of the
    /// document unfolds them ([`TreeView::take_unfold_requests`]).
    unfold_requests: Vec<NodeId>,
}

/// Edit state drawn over the tree: values changed but not saved, and the leaf being edited.
#[derive(Default)]
pub struct Overlay {
    /// Node → the pending new value, shown instead of the stored one.
    pub edited: HashMap<NodeId, String>,
    /// The leaf edited inline and the text typed so far.
    pub inline: Option<(NodeId, String)>,
    /// Set by the widget when the inline edit is submitted (Enter) or cancelled (Escape).
    pub inline_done: Option<bool>,
}

/// What the user did in the widget this frame.
#[derive(Debug, Clone, PartialEq)]
pub enum TreeAction {
    None,
    Selected(NodeId),
    /// Double-click or Enter on a leaf: start editing it.
    Activate(NodeId),
}

impl TreeView {
    pub fn new() -> Self {
        TreeView { dirty: true, ..Default::default() }
    }

    /// A view with the first levels expanded (containers with few children open by default).
    pub fn with_initial_expansion(tree: &Tree, levels: usize) -> Self {
        let mut v = Self::new();
        let mut frontier = vec![Tree::ROOT];
        for _ in 0..levels {
            let mut next = Vec::new();
            for id in frontier {
                if tree.child_count(id) <= 64 {
                    v.expanded.insert(id);
                    next.extend(
                        tree.node(id)
                            .children
                            .iter()
                            .copied()
                            .filter(|c| tree.node(*c).value.is_container()),
                    );
                }
            }
            frontier = next;
        }
        v
    }

    pub fn is_expanded(&self, id: NodeId) -> bool {
        self.expanded.contains(&id)
    }

    pub fn set_expanded(&mut self, id: NodeId, open: bool) {
        if open {
            self.expanded.insert(id)
        } else {
            self.expanded.remove(&id)
        };
        self.dirty = true;
    }

    /// Expands everything (used by the frame-time benchmark and "expand all").
    pub fn expand_all(&mut self, tree: &Tree) {
        self.expanded =
            (0..tree.len() as NodeId).filter(|i| tree.node(*i).value.is_container()).collect();
        self.dirty = true;
    }

    /// Expands the ancestors of `id`, selects it and scrolls to it.
    pub fn reveal(&mut self, tree: &Tree, id: NodeId) {
        let mut cur = tree.parent(id);
        while let Some(p) = cur {
            self.expanded.insert(p);
            cur = tree.parent(p);
        }
        self.dirty = true;
        self.selected = Some(id);
        self.rebuild(tree);
        self.scroll_to = self.rows.iter().position(|(n, _)| *n == id);
    }

    /// Scrolls the selected row into the middle of the view (when the view got smaller).
    pub fn scroll_to_selected(&mut self) {
        self.scroll_to = self.selected.and_then(|s| self.rows.iter().position(|(n, _)| *n == s));
    }

    pub fn highlight(&mut self, ids: impl IntoIterator<Item = NodeId>) {
        let now = Instant::now();
        self.highlights.extend(ids.into_iter().map(|id| (id, now)));
    }

    /// This view's expansion and selection on a new version `new` of the document shown from
    /// `old` (matched by pointers: node ids of a lazy tree depend on what was unfolded), with
    /// the `changed` nodes highlighted.
    pub fn carried_over(&self, old: &Tree, new: &mut Tree, changed: Vec<NodeId>) -> TreeView {
        let (expanded, selected) = self.remember(old);
        let mut view = TreeView::new();
        view.restore(new, &expanded, selected.as_deref());
        view.highlight(changed);
        view
    }

    /// Pointers of expanded nodes and of the selection, to restore after a reload.
    fn remember(&self, tree: &Tree) -> (Vec<String>, Option<String>) {
        let expanded = self
            .expanded
            .iter()
            .filter(|id| (**id as usize) < tree.len())
            .map(|id| tree.pointer(*id))
            .collect();
        (
            expanded,
            self.selected.filter(|id| (*id as usize) < tree.len()).map(|id| tree.pointer(id)),
        )
    }

    /// Restores expansion and selection where the pointers still resolve (presenting the
    /// nodes of a lazy tree on the way).
    fn restore(&mut self, tree: &mut Tree, expanded: &[String], selected: Option<&str>) {
        self.expanded = expanded.iter().filter_map(|p| tree.resolve_unfolding(p)).collect();
        for id in self.expanded.iter() {
            tree.unfold(*id);
        }
        self.selected = selected.and_then(|p| tree.resolve_unfolding(p));
        self.dirty = true;
    }

    /// Expanded nodes waiting to be unfolded; the caller unfolds them and the view rebuilds.
    pub fn take_unfold_requests(&mut self) -> Vec<NodeId> {
        if !self.unfold_requests.is_empty() {
            self.dirty = true;
        }
        std::mem::take(&mut self.unfold_requests)
    }

    pub fn visible_rows(&mut self, tree: &Tree) -> usize {
        self.rebuild(tree);
        self.rows.len()
    }

    fn rebuild(&mut self, tree: &Tree) {
        if !self.dirty {
            return;
        }
        self.rows.clear();
        let mut stack: Vec<(NodeId, u32)> =
            tree.node(Tree::ROOT).children.iter().rev().map(|c| (*c, 0)).collect();
        while let Some((id, depth)) = stack.pop() {
            self.rows.push((id, depth));
            if self.expanded.contains(&id) {
                if tree.node(id).deferred {
                    self.unfold_requests.push(id);
                }
                stack.extend(tree.node(id).children.iter().rev().map(|c| (*c, depth + 1)));
            }
        }
        self.dirty = false;
    }

    fn move_selection(&mut self, tree: &Tree, delta: isize) {
        self.rebuild(tree);
        if self.rows.is_empty() {
            return;
        }
        let cur = self.selected.and_then(|s| self.rows.iter().position(|(n, _)| *n == s));
        let next = match cur {
            Some(i) => (i as isize + delta).clamp(0, self.rows.len() as isize - 1) as usize,
            None => 0,
        };
        self.selected = Some(self.rows[next].0);
        self.scroll_to = Some(next);
    }
}

/// Draws `tree` with `view`'s state. `id_salt` keeps several tables apart.
pub fn show(ui: &mut egui::Ui, id_salt: &str, tree: &Tree, view: &mut TreeView) -> TreeAction {
    show_with(ui, id_salt, tree, view, &mut Overlay::default())
}

/// [`show`] with pending edits and an inline editor drawn in the value column.
pub fn show_with(
    ui: &mut egui::Ui,
    id_salt: &str,
    tree: &Tree,
    view: &mut TreeView,
    overlay: &mut Overlay,
) -> TreeAction {
    let mut action = TreeAction::None;
    if overlay.inline.is_none() {
        handle_keys(ui, tree, view, &mut action);
    }
    // A row detail copies only once clicked; the document's tree also before any click.
    if let Some(sel) = view.selected.filter(|s| (*s as usize) < tree.len())
        && super::copy::requested(ui.ctx(), id_salt, !id_salt.ends_with("-detail"))
    {
        ui.ctx().copy_text(row_text(tree, sel));
    }
    view.rebuild(tree);
    let now = Instant::now();
    view.highlights.retain(|_, t| now.duration_since(*t) < HIGHLIGHT_FOR);
    if !view.highlights.is_empty() {
        ui.ctx().request_repaint_after(Duration::from_millis(250));
    }
    let mut toggle: Option<NodeId> = None;
    let mut jump: Option<NodeId> = None;
    // Cell labels must not take clicks for text selection: a click selects the row.
    ui.style_mut().interaction.selectable_labels = false;
    let highlight_fill = theme::highlight_fill(ui.visuals());
    let egui_ctx = ui.ctx().clone();
    let mut table = TableBuilder::new(ui)
        .id_salt(id_salt)
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(320.0).at_least(120.0).clip(true))
        .column(Column::initial(130.0).at_least(50.0).clip(true))
        .column(Column::remainder().at_least(100.0).clip(true))
        .min_scrolled_height(0.0);
    if let Some(row) = view.scroll_to.take() {
        table = table.scroll_to_row(row, Some(egui::Align::Center));
    }
    table
        .header(ROW_HEIGHT, |mut header| {
            header.col(|ui| {
                ui.strong("Name");
            });
            header.col(|ui| {
                ui.strong("Type");
            });
            header.col(|ui| {
                ui.strong("Value");
            });
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, view.rows.len(), |mut row| {
                let (id, depth) = view.rows[row.index()];
                let node = tree.node(id);
                row.set_selected(view.selected == Some(id));
                let highlighted = view.highlights.contains_key(&id);
                row.col(|ui| {
                    if highlighted {
                        ui.painter().rect_filled(ui.max_rect(), 0.0, highlight_fill);
                    }
                    ui.add_space(depth as f32 * INDENT);
                    if !tree.has_children(id) {
                        ui.add_space(ARROW_WIDTH);
                    } else {
                        let open = view.expanded.contains(&id);
                        let arrow = if open { "⏷" } else { "⏵" };
                        let label =
                            format!("{} {}", if open { "collapse" } else { "expand" }, node.name);
                        let r = ui.add(egui::Button::new(arrow).frame(false).small());
                        r.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &label)
                        });
                        if r.clicked() {
                            toggle = Some(id);
                        }
                    }
                    ui.label(&node.name);
                });
                row.col(|ui| {
                    // `localstack.services.sqs.models.StandardQueue` → `StandardQueue`.
                    let short = node.ty.rsplit('.').next().unwrap_or(&node.ty);
                    let r = ui.label(RichText::new(short).weak());
                    if short.len() != node.ty.len() {
                        r.on_hover_text(&node.ty);
                    }
                });
                let editing_here = overlay.inline.as_ref().is_some_and(|(n, _)| *n == id);
                if editing_here {
                    row.col(|ui| {
                        if let Some((_, text)) = &mut overlay.inline {
                            let r = ui
                                .add(egui::TextEdit::singleline(text).desired_width(f32::INFINITY));
                            r.widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "edit value")
                            });
                            if !r.has_focus() && !r.lost_focus() {
                                r.request_focus();
                            }
                            if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                                overlay.inline_done = Some(false);
                            } else if r.lost_focus()
                                && ui.input(|i| i.key_pressed(egui::Key::Enter))
                            {
                                overlay.inline_done = Some(true);
                            }
                        }
                    });
                } else if let Some(new) = overlay.edited.get(&id) {
                    row.col(|ui| {
                        let color = theme::edited_value(ui.visuals());
                        ui.label(
                            RichText::new(format!("{}  (edited)", one_line(new, 300)))
                                .monospace()
                                .color(color),
                        )
                        .on_hover_text(format!("was: {}", one_line(&node.value.display(), 300)));
                    });
                } else {
                    row.col(|ui| {
                        let text = if node.value.is_container() {
                            format!("{} items", grouped(tree.child_count(id) as u64))
                        } else if let Value::Ref(target) = node.value {
                            format!("same object as {} (click to go there)", tree.pointer(target))
                        } else {
                            one_line(&node.value.display(), 300)
                        };
                        let rich = match node.value {
                            Value::Container => RichText::new(text).weak(),
                            Value::Str(_) => RichText::new(text)
                                .color(ui.visuals().widgets.inactive.text_color()),
                            Value::Ref(_) => RichText::new(text).italics(),
                            _ => RichText::new(text).monospace(),
                        };
                        let r = ui.add(egui::Label::new(rich).sense(egui::Sense::click()));
                        if let Value::Ref(target) = node.value
                            && r.clicked()
                        {
                            jump = Some(target);
                        }
                    });
                }
                let resp = row.response();
                if resp.clicked() {
                    view.selected = Some(id);
                    action = TreeAction::Selected(id);
                    super::copy::claim(&egui_ctx, id_salt);
                }
                if resp.double_clicked() {
                    if !tree.has_children(id) {
                        action = TreeAction::Activate(id);
                    } else {
                        toggle = Some(id);
                    }
                }
                resp.context_menu(|ui| copy_menu(ui, tree, id));
            });
        });
    if let Some(id) = toggle {
        let open = !view.expanded.contains(&id);
        view.set_expanded(id, open);
    }
    if let Some(target) = jump {
        view.reveal(tree, target);
        action = TreeAction::Selected(target);
    }
    action
}

fn handle_keys(ui: &egui::Ui, tree: &Tree, view: &mut TreeView, action: &mut TreeAction) {
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let (up, down, left, right, enter) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::ArrowUp),
            i.key_pressed(egui::Key::ArrowDown),
            i.key_pressed(egui::Key::ArrowLeft),
            i.key_pressed(egui::Key::ArrowRight),
            i.key_pressed(egui::Key::Enter),
        )
    });
    if up {
        view.move_selection(tree, -1);
    }
    if down {
        view.move_selection(tree, 1);
    }
    let Some(sel) = view.selected else { return };
    if up || down {
        *action = TreeAction::Selected(view.selected.unwrap_or(sel));
    }
    let has_children = tree.has_children(sel);
    if right && has_children {
        view.set_expanded(sel, true);
    }
    if left {
        if has_children && view.is_expanded(sel) {
            view.set_expanded(sel, false);
        } else if let Some(p) = tree.parent(sel).filter(|p| *p != Tree::ROOT) {
            view.reveal(tree, p);
            *action = TreeAction::Selected(p);
        }
    }
    if enter {
        *action = if has_children {
            let open = !view.is_expanded(sel);
            view.set_expanded(sel, open);
            TreeAction::None
        } else {
            TreeAction::Activate(sel)
        };
    }
}

/// What Ctrl+C copies of a selected node: a leaf's value, a container as JSON.
pub fn row_text(tree: &Tree, id: NodeId) -> String {
    let node = tree.node(id);
    if node.value.is_container() {
        json_text::to_string(tree, id, None, json_text::Style::Pretty)
    } else {
        node.value.display()
    }
}

/// The copy menu of a node (also used by other panels showing nodes).
pub fn copy_menu(ui: &mut egui::Ui, tree: &Tree, id: NodeId) {
    let node = tree.node(id);
    if !node.value.is_container() && ui.button("Copy value").clicked() {
        ui.ctx().copy_text(node.value.display());
        ui.close();
    }
    if ui.button("Copy JSON pointer").clicked() {
        ui.ctx().copy_text(tree.pointer(id));
        ui.close();
    }
    if ui.button("Copy subtree as JSON").clicked() {
        let text = json_text::to_string(tree, id, None, json_text::Style::Pretty);
        ui.ctx().copy_text(text);
        ui.close();
    }
}

/// First line of `s`, cut to `max` characters with an ellipsis.
pub fn one_line(s: &str, max: usize) -> String {
    let line = s.lines().next().unwrap_or("");
    let cut: String = line.chars().take(max).collect();
    if cut.len() < s.len() { format!("{cut}…") } else { cut }
}
