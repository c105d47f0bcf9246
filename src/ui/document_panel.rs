//! The centre: the selected document — its summary, then the tree (one tree-table widget for
//! every format, the selected leaf's value in a viewer under it) or one of its tables (paged
//! rows with a detail pane); Ctrl+F search.
//!
//! The panel's own state is the search bar; the document's view state (tab, tree expansion,
//! table pages, inline editor) is lent to it each frame ([`ViewContext::take_doc_view`]).

use egui::RichText;

use super::app::{DocTab, JobKey, Outcome};
use super::browse::{Browse, BrowseCommand, Mode};
use super::command::{Command, CommandSender, EditCommand, UICommand};
use super::panel::{DocState, DocView, Dock, Panel, ViewContext};
use super::search::SearchState;
use super::value_viewer::{self, ViewerState};
use super::{editing, rows_table, theme, tree_table};
use localstate_core::model::{Document, NodeId};
use localstate_core::text::plural;

#[derive(Default)]
pub struct DocumentPanel {
    search: SearchState,
    resources: super::resources_view::ResourcesView,
    /// The viewer of the selected leaf's value, under the tree.
    viewer: ViewerState,
    /// The resource the selected tree node belongs to.
    owner: OwningResource,
}

impl Panel for DocumentPanel {
    fn id(&self) -> &'static str {
        "document"
    }

    fn dock(&self) -> Dock {
        Dock::Center
    }

    fn on_command(&mut self, cmd: UICommand) {
        match cmd {
            UICommand::Find => {
                self.search.visible = true;
                self.search.focus = true;
            }
            UICommand::CloseOverlays => self.search.visible = false,
            _ => {}
        }
    }

    fn absorb(&mut self, key: &JobKey, result: &Result<Outcome, String>) {
        if *key == JobKey::Search {
            self.search.volume_running = false;
            if let Ok(Outcome::Found { query, hits }) = result {
                self.search.volume_hits = Some((query.clone(), hits.clone()));
            }
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
        if ctx.browse.mode == Mode::Resources
            && let Some(kind) = &ctx.browse.kind
        {
            self.resources.show(ui, ctx, kind, tx);
            return;
        }
        let mut view = ctx.take_doc_view();
        if self.search.visible {
            self.search_bar(ui, ctx, view.as_mut(), tx);
            ui.separator();
        }
        let (Some(open), Some(view)) = (&ctx.doc, view) else {
            let no_volume =
                ctx.volume_error.is_some() || ctx.volume.is_some_and(|v| v.file_count() == 0);
            if no_volume {
                empty_state(ui, ctx, tx);
            } else {
                super::overview_view::show(ui, ctx, tx);
            }
            return;
        };
        document(ui, open, view, ctx.browse, &mut self.owner, &mut self.viewer, tx);
    }
}

/// The resource (an index into the inventory) holding the tree node selected in the open
/// file: the one whose node is the nearest above it.
fn resource_at(browse: &Browse, open: &DocState<'_>, pointer: &str) -> Option<(usize, String)> {
    let inv = browse.lock()?;
    let file = inv.files.iter().position(|f| f.path == open.path)?;
    let tree = &inv.files[file].doc.as_ref()?.tree;
    let mut best: Option<(usize, usize, String)> = None;
    for (i, l) in inv.resources.iter().enumerate().filter(|(_, l)| l.file == file) {
        let Some(node) = l.resource.node else { continue };
        let p = tree.pointer(node);
        let inside = pointer == p || pointer.starts_with(&format!("{p}/"));
        if inside && best.as_ref().is_none_or(|(_, len, _)| p.len() > *len) {
            best = Some((i, p.len(), format!("{} {}", l.resource.kind, l.resource.name)));
        }
    }
    best.map(|(i, _, label)| (i, label))
}

/// The resource holding the selected node, looked up once per selection (not every frame).
#[derive(Default)]
struct OwningResource {
    /// The file, node and inventory generation the answer is for.
    key: Option<(std::path::PathBuf, NodeId, u64)>,
    found: Option<(usize, String)>,
}

impl OwningResource {
    fn of(
        &mut self,
        browse: &Browse,
        open: &DocState<'_>,
        doc: &Document,
        node: NodeId,
    ) -> Option<&(usize, String)> {
        let key = (open.path.to_path_buf(), node, browse.generation);
        if self.key.as_ref() != Some(&key) {
            self.found = resource_at(browse, open, &doc.tree.pointer(node));
            // Not remembered while the inventory is being built: it may hold the node soon.
            self.key = browse.inventory.is_some().then_some(key);
        }
        self.found.as_ref()
    }
}

/// "Show resource": from the selected node to the resource holding it.
fn show_resource_button(
    ui: &mut egui::Ui,
    owner: &mut OwningResource,
    browse: &Browse,
    open: &DocState<'_>,
    doc: &Document,
    view: &DocView<'_>,
    tx: &CommandSender,
) {
    let Some(selected) = view.view.selected else { return };
    if let Some((i, label)) = owner.of(browse, open, doc, selected)
        && ui
            .button(format!("Show resource: {label}"))
            .on_hover_text("Open the Resources view at the resource this node belongs to")
            .clicked()
    {
        tx.send(Command::Browse(BrowseCommand::Resource(*i)));
    }
}

fn document(
    ui: &mut egui::Ui,
    open: &DocState<'_>,
    view: DocView<'_>,
    browse: &Browse,
    owner: &mut OwningResource,
    viewer: &mut ViewerState,
    tx: &CommandSender,
) {
    ui.horizontal(|ui| {
        let name =
            open.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        ui.heading(name);
        if let Some(doc) = open.doc {
            ui.label(RichText::new(&doc.format).weak());
        }
        if open.loading {
            ui.spinner();
            ui.label("decoding…");
        }
    });
    if let Some(e) = open.error {
        ui.colored_label(theme::error(ui.visuals()), format!("⚠ {e}"));
        ui.label(RichText::new("The rest of the volume stays browsable.").weak());
    }
    let Some(doc) = open.doc else { return };
    editing::toolbar(ui, open.session, tx);
    ui.horizontal(|ui| {
        if !doc.summary.headline.is_empty() {
            ui.label(RichText::new(&doc.summary.headline).strong().size(16.0));
        }
        show_resource_button(ui, owner, browse, open, doc, &view, tx);
    });
    if !doc.summary.resources.is_empty() {
        egui::CollapsingHeader::new(format!("{} resources", doc.summary.resources.len()))
            .id_salt("resources")
            .show(ui, |ui| {
                egui::ScrollArea::vertical().id_salt("resources-scroll").max_height(160.0).show(
                    ui,
                    |ui| {
                        for r in &doc.summary.resources {
                            ui.horizontal_wrapped(|ui| {
                                ui.label(RichText::new(&r.kind).weak());
                                let link = ui.link(&r.name);
                                if let (true, Some(node)) = (link.clicked(), r.node) {
                                    tx.send(Command::RevealInDocument(node));
                                }
                                if let Some(scope) =
                                    scope_text(r.account.as_deref(), r.region.as_deref())
                                {
                                    ui.label(RichText::new(scope).weak().small());
                                }
                                for c in &r.collections {
                                    ui.label(
                                        RichText::new(plural(&c.kind, c.count as usize)).small(),
                                    );
                                }
                                for (k, v) in &r.details {
                                    ui.label(RichText::new(format!("{k}: {v}")).small());
                                }
                            });
                        }
                    },
                );
            });
    }
    for w in &doc.warnings {
        ui.colored_label(theme::warning(ui.visuals()), format!("⚠ {w}"));
    }
    if !view.tables.is_empty() {
        ui.horizontal(|ui| {
            ui.selectable_value(
                view.tab,
                DocTab::Tree,
                format!("Tree ({} nodes)", doc.tree.len().saturating_sub(1)),
            );
            for (i, t) in view.tables.iter().enumerate() {
                ui.selectable_value(
                    view.tab,
                    DocTab::Table(i),
                    format!("Table: {}", t.source.name()),
                );
            }
        });
    }
    if open.changed_on_disk {
        ui.horizontal(|ui| {
            ui.colored_label(
                theme::warning(ui.visuals()),
                "This file changed on disk while you have unsaved edits.",
            );
            UICommand::Reload.button(ui, tx, true);
        });
    }
    ui.separator();
    match *view.tab {
        DocTab::Tree => {
            let selected = view.view.selected.filter(|s| (*s as usize) < doc.tree.len());
            let value = selected.map(|s| &doc.tree.node(s).value);
            let mut overlay = editing::overlay(open, view.inline);
            let action =
                value_viewer::with_viewer(ui, "document-value", value, viewer, true, |ui| {
                    tree_table::show_with(ui, "document-tree", &doc.tree, view.view, &mut overlay)
                });
            if viewer.opened() {
                view.view.scroll_to_selected();
            }
            *view.inline = overlay.inline.take();
            if let Some(submitted) = overlay.inline_done {
                tx.send(Command::Edit(EditCommand::Finish(submitted)));
            }
            if let tree_table::TreeAction::Activate(id) = action {
                tx.send(Command::Edit(EditCommand::Begin(id)));
            }
        }
        DocTab::Table(i) => {
            if let Some(rows) = view.tables.get_mut(i) {
                editing::prepare_row_overlay(open.session, rows);
                for req in rows_table::show(ui, &format!("table-{i}"), rows) {
                    tx.send(Command::Rows(i, req));
                }
                editing::row_commands(rows, i, tx);
            }
        }
    }
}

/// The centre when the path is not a volume (or holds nothing): where LocalStack keeps its
/// volume, what it needs to write one, and the way back to the sample.
fn empty_state(ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
    egui::ScrollArea::vertical().id_salt("empty-state").show(ui, |ui| {
        ui.add_space(24.0);
        ui.heading("No LocalStack volume here");
        ui.label(
            RichText::new(format!("{} holds no LocalStack state.", ctx.volume_path.display()))
                .monospace(),
        );
        ui.add_space(12.0);
        ui.label(RichText::new("Where LocalStack keeps its volume").strong());
        egui::Grid::new("volume-locations").num_columns(2).striped(true).show(ui, |ui| {
            for (how, path) in VOLUME_LOCATIONS {
                ui.label(*how);
                ui.label(RichText::new(*path).monospace());
                ui.end_row();
            }
        });
        ui.add_space(8.0);
        ui.label(
            "LocalStack only writes state there with PERSISTENCE=1 set (environment of the \
             container, or `PERSISTENCE=1 localstack start`); without it the volume holds \
             only caches and logs.",
        );
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            UICommand::OpenSample.button(ui, tx, true);
            UICommand::OpenFolder.button(ui, tx, true);
            UICommand::OpenPath.button(ui, tx, true);
        });
    });
}

/// Where the volume is, per install method and OS (LocalStack's docs).
const VOLUME_LOCATIONS: &[(&str, &str)] = &[
    ("docker compose", "./volume next to docker-compose.yml (or what LOCALSTACK_VOLUME_DIR says)"),
    ("docker run", "the host folder mounted at /var/lib/localstack"),
    ("localstack CLI, Linux", "~/.cache/localstack/volume"),
    ("localstack CLI, macOS", "~/Library/Caches/localstack/volume"),
    ("localstack CLI, Windows", "%LOCALAPPDATA%\\localstack\\cache\\volume"),
];

fn scope_text(account: Option<&str>, region: Option<&str>) -> Option<String> {
    match (account, region) {
        (Some(a), Some(r)) => Some(format!("{a} / {r}")),
        (Some(a), None) => Some(a.to_string()),
        (None, Some(r)) => Some(r.to_string()),
        (None, None) => None,
    }
}

impl DocumentPanel {
    fn search_bar(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &ViewContext<'_>,
        view: Option<&mut DocView<'_>>,
        tx: &CommandSender,
    ) {
        let search = &mut self.search;
        let mut next = false;
        ui.horizontal(|ui| {
            ui.label("Find");
            let r = ui.add(egui::TextEdit::singleline(&mut search.query).desired_width(240.0).hint_text("text in names and values"));
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "search text"));
            if search.focus {
                r.request_focus();
                search.focus = false;
            }
            next |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            next |= ui.button("Next in document").clicked();
            if ui.add_enabled(!search.volume_running, egui::Button::new("Search volume")).clicked() && !search.query.is_empty() && ctx.volume.is_some() {
                search.volume_running = true;
                tx.send(Command::SearchVolume(search.query.clone()));
            }
            if search.volume_running {
                ui.spinner();
            }
            if !search.doc_hits.is_empty() {
                ui.label(format!("{}/{} in document", search.current + 1, search.doc_hits.len()));
            } else if !search.doc_query.is_empty() {
                ui.label("no match in document");
            }
            if ctx.doc.as_ref().and_then(|o| o.doc).is_some_and(|d| d.tree.is_lazy()) {
                ui.label(RichText::new("big file: “Next in document” searches what is unfolded; “Search volume” searches all").weak().small());
            }
            if ui.button("Close").on_hover_text("close search").clicked() {
                search.visible = false;
            }
        });
        if next && let (Some(view), Some(doc)) = (view, ctx.doc.as_ref().and_then(|o| o.doc)) {
            search.find_next(&doc.tree, view);
        }
        self.volume_hits(ui, tx);
    }

    fn volume_hits(&self, ui: &mut egui::Ui, tx: &CommandSender) {
        let Some((query, hits)) = &self.search.volume_hits else { return };
        egui::CollapsingHeader::new(format!("{} matches for “{query}” in the volume", hits.len()))
            .id_salt("volume-hits")
            .default_open(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("volume-hits-scroll")
                    .max_height(180.0)
                    .show_rows(ui, theme::HIT_ROW_HEIGHT, hits.len(), |ui, range| {
                        for (kind, h) in &hits[range] {
                            ui.horizontal(|ui| {
                                let file = h
                                    .file
                                    .file_name()
                                    .map(|n| n.to_string_lossy().into_owned())
                                    .unwrap_or_default();
                                let place = match (&h.table, h.row) {
                                    (Some(t), Some(r)) => format!("{t} row {r} {}", h.pointer),
                                    _ => h.pointer.clone(),
                                };
                                if ui.link(format!("{file} {place}")).clicked() {
                                    tx.send(Command::OpenFileAt {
                                        path: h.file.clone(),
                                        kind: *kind,
                                        pointer: h.pointer.clone(),
                                        table: h.table.clone(),
                                        row: h.row,
                                        text: query.clone(),
                                    });
                                }
                                ui.label(RichText::new(tree_table::one_line(&h.value, 120)).weak());
                            });
                        }
                    });
            });
    }
}
