//! The centre in the Resources view: the resources of one kind as a virtualized table
//! (filterable, sortable by any column, with account and region and the counts of what they
//! hold), and for the selected one its fields and its nested collections as paged sub-tables
//! (a queue's messages with their state, body and receive count; a table's items). "Show in
//! file" opens the raw node the resource was read from.

use std::collections::HashMap;

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::browse::{BrowseCommand, KindRef};
use super::command::{Command, CommandSender};
use super::panel::ViewContext;
use super::resource_edit::{FieldEditor, OpenSession};
use super::theme;
use super::value_viewer::{self, ViewerState};
use localstate_core::model::{Part, Resource, Value};
use localstate_core::resources::services;
use localstate_core::text::{human_size, plural};
use localstate_core::volume::assets::Asset;
use localstate_core::volume::inventory::{FileState, Inventory};

/// Items of a nested collection fetched at once. A page is built in the frame that shows it,
/// so it is about as long as the rows a table shows: a jump elsewhere builds one or two.
const PAGE: usize = 50;
/// Pages kept fetched at most (a million messages are 20,000 pages).
const MAX_PAGES: usize = 128;
/// Field columns shown at most, besides name, account and region.
const MAX_FIELD_COLUMNS: usize = 6;
/// The panes a value can be picked in: the selected resource's fields, the nested item's.
const RESOURCE_PANE: &str = "resource-fields";
const ITEM_PANE: &str = "item-fields";
/// Bytes of an asset read into the viewer at most.
const MAX_BODY: u64 = 64 * 1024 * 1024;
/// Width of the selected resource's field list.
const FIELDS_WIDTH: f32 = 380.0;
/// Characters of a value shown in a cell.
const CELL_CHARS: usize = 120;

/// The view's own state: the filter, the sort, the nested tab and the pages fetched.
#[derive(Default)]
pub struct ResourcesView {
    generation: u64,
    filter: String,
    sort: Option<(usize, bool)>,
    /// The nested collection shown, per selected resource.
    tab: usize,
    pages: HashMap<(usize, usize, usize), Vec<Resource>>,
    /// The asset files of the resources and items shown, looked up once.
    assets: HashMap<(usize, usize, usize), Option<Asset>>,
    /// The nested item selected (index in its collection).
    item: Option<usize>,
    shown_resource: Option<usize>,
    /// The value shown in the viewer (a field, or an asset's bytes): the pane it was picked in
    /// (the resource's or the nested item's), what it is, the value.
    viewed: Option<(&'static str, String, Value)>,
    viewer: ViewerState,
    editor: FieldEditor,
}

impl ResourcesView {
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &ViewContext<'_>,
        kind: &KindRef,
        tx: &CommandSender,
    ) {
        if self.generation != ctx.browse.generation {
            self.generation = ctx.browse.generation;
            self.pages.clear();
            self.assets.clear();
        }
        if self.shown_resource != ctx.browse.resource {
            self.shown_resource = ctx.browse.resource;
            self.tab = 0;
            self.item = None;
            self.viewed = None;
            self.editor.cancel();
        }
        let open =
            ctx.doc.as_ref().and_then(|d| Some(OpenSession { path: d.path, session: d.session? }));
        let Some(mut inv) = ctx.browse.lock() else {
            ui.spinner();
            return;
        };
        let rows: Vec<usize> =
            inv.select(Some(&kind.service), Some(&kind.kind)).map(|(i, _)| i).collect();
        ui.horizontal(|ui| {
            if ui.button("← Overview").clicked() {
                tx.send(Command::Browse(BrowseCommand::Overview));
            }
            ui.heading(format!(
                "{} · {}",
                services::title(&kind.service),
                plural(&kind.kind, rows.len())
            ));
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("filter")
                    .desired_width(200.0),
            );
        });
        if let Some(o) = open {
            ui.horizontal(|ui| {
                super::editing::toolbar(ui, Some(o.session), tx);
                if o.session.pending_count() > 0 {
                    ui.label(RichText::new(format!("in {}", o.path.display())).weak());
                }
            });
        }
        let table = KindTable::new(&inv, &kind.service, &kind.kind, &rows);
        let mut shown = table.filtered(&inv, &rows, &self.filter);
        if let Some((col, asc)) = self.sort {
            table.sort(&inv, &mut shown, col, asc);
        }
        let selected = ctx.browse.resource;
        let height =
            if selected.is_some() { ui.available_height() * 0.4 } else { ui.available_height() };
        if let Some(col) = table.draw(ui, &inv, &shown, selected, height, self.sort, tx) {
            self.sort = match self.sort {
                Some((c, asc)) if c == col => Some((c, !asc)),
                _ => Some((col, true)),
            };
        }
        if let Some(i) = selected.filter(|i| rows.contains(i)) {
            ui.separator();
            self.resource(ui, &mut inv, i, open, tx);
        }
    }

    /// The selected resource: its name, ARN, fields, and nested collections.
    fn resource(
        &mut self,
        ui: &mut egui::Ui,
        inv: &mut Inventory,
        i: usize,
        open: Option<OpenSession<'_>>,
        tx: &CommandSender,
    ) {
        let located = &inv.resources[i];
        let file = located.file;
        let r = located.resource.clone();
        let tabs: Vec<(String, u64)> =
            located.collections.iter().map(|(_, c)| (c.kind.clone(), c.count)).collect();
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{} {}", r.kind, r.name)).strong().size(16.0));
            if let Some(arn) = &r.arn {
                ui.label(RichText::new(arn).weak().monospace());
            }
            if ui
                .button("Show in file")
                .on_hover_text("Open the file this resource was read from at its node")
                .clicked()
            {
                show_in_file(inv, located.file, &r, tx);
            }
        });
        for note in &r.notes {
            ui.colored_label(theme::warning(ui.visuals()), note);
        }
        let asset = self.asset((i, 0, 0), || inv.asset(located.file, &r, None).cloned());
        if let Some(a) = asset {
            self.body(ui, RESOURCE_PANE, &a);
        }
        ui.horizontal_top(|ui| {
            let h = ui.available_height();
            let f = &inv.files[file];
            ui.allocate_ui(egui::vec2(FIELDS_WIDTH, h), |ui| {
                self.fields(ui, RESOURCE_PANE, f, &r, open, tx)
            });
            ui.separator();
            ui.vertical(|ui| self.nested_tabs(ui, inv, i, &tabs, open, tx));
        });
    }

    /// The tabs of the nested collections of resource `i` and the one selected.
    fn nested_tabs(
        &mut self,
        ui: &mut egui::Ui,
        inv: &mut Inventory,
        i: usize,
        tabs: &[(String, u64)],
        open: Option<OpenSession<'_>>,
        tx: &CommandSender,
    ) {
        {
            if tabs.is_empty() {
                ui.label(RichText::new("Nothing nested in it.").weak());
                return;
            }
            ui.horizontal_wrapped(|ui| {
                for (t, (kind, count)) in tabs.iter().enumerate() {
                    if ui.selectable_label(self.tab == t, plural(kind, *count as usize)).clicked() {
                        self.tab = t;
                        self.item = None;
                    }
                }
            });
            self.tab = self.tab.min(tabs.len() - 1);
            self.nested(ui, inv, i, tabs[self.tab].1, open, tx);
        }
    }

    /// The selected nested collection of resource `i` as a paged table, and the selected item.
    fn nested(
        &mut self,
        ui: &mut egui::Ui,
        inv: &mut Inventory,
        i: usize,
        count: u64,
        open: Option<OpenSession<'_>>,
        tx: &CommandSender,
    ) {
        let c = self.tab;
        let (file, coll) = inv.resources[i].collections[c].clone();
        let service = inv.resources[i].resource.service.clone();
        // The first page decides the columns.
        let columns = columns_for(&service, &coll.kind, self.page(inv, i, c, 0).iter());
        let height = (ui.available_height() * 0.55).max(120.0);
        let mut clicked = None;
        ui.style_mut().interaction.selectable_labels = false;
        TableBuilder::new(ui)
            .id_salt(("nested", i, c))
            .striped(true)
            .sense(egui::Sense::click())
            .column(Column::initial(220.0).at_least(60.0).clip(true))
            .columns(Column::initial(140.0).at_least(40.0).clip(true), columns.len())
            .max_scroll_height(height)
            .header(theme::ROW_HEIGHT, |mut h| {
                h.col(|ui| {
                    ui.strong("name");
                });
                for col in &columns {
                    h.col(|ui| {
                        ui.strong(column_title(col)).on_hover_text(col);
                    });
                }
            })
            .body(|body| {
                body.rows(theme::ROW_HEIGHT, count as usize, |mut row| {
                    let n = row.index();
                    row.set_selected(self.item == Some(n));
                    // The row's texts only (not the whole item: this runs for every row shown).
                    let texts = self.page(inv, i, c, n / PAGE).get(n % PAGE).map(|item| {
                        let cells: Vec<String> =
                            columns.iter().map(|col| cell(item.field(col))).collect();
                        (item.name.clone(), cells)
                    });
                    let Some((name, cells)) = texts else {
                        row.col(|ui| {
                            ui.spinner();
                        });
                        return;
                    };
                    row.col(|ui| {
                        ui.label(name);
                    });
                    for text in cells {
                        row.col(|ui| {
                            ui.label(text);
                        });
                    }
                    if row.response().clicked() {
                        clicked = Some(n);
                    }
                });
            });
        if clicked.is_some() {
            self.item = clicked;
            self.viewed = self.viewed.take().filter(|(pane, _, _)| *pane != ITEM_PANE);
        }
        if let Some(n) = self.item
            && let Some(item) = self.page(inv, i, c, n / PAGE).get(n % PAGE).cloned()
        {
            ui.separator();
            ui.horizontal(|ui| {
                ui.strong(format!("{} {}", item.kind, item.name));
                if ui.button("Show in file").clicked() {
                    let part_is_rows = coll.parts.iter().any(|p| matches!(p, Part::Rows { .. }));
                    if part_is_rows {
                        show_row_in_file(inv, file, &item, tx);
                    } else {
                        show_in_file(inv, file, &item, tx);
                    }
                }
            });
            let parent = &inv.resources[i].resource;
            let asset = self.asset((i, c + 1, n), || inv.asset(file, &item, Some(parent)).cloned());
            if let Some(a) = asset {
                self.body(ui, ITEM_PANE, &a);
            }
            self.fields(ui, ITEM_PANE, &inv.files[file], &item, open, tx);
        }
    }

    /// The asset of resource `key` (`(i, 0, 0)`, or item `n` of collection `c`: `(i, c + 1, n)`),
    /// looked up once (the lookup walks the resource's node).
    fn asset(
        &mut self,
        key: (usize, usize, usize),
        find: impl FnOnce() -> Option<Asset>,
    ) -> Option<Asset> {
        self.assets.entry(key).or_insert_with(find).clone()
    }

    /// Page `page` of nested collection `c` of resource `i` (fetched once; of a long
    /// collection only the pages near the one shown are kept).
    fn page(&mut self, inv: &mut Inventory, i: usize, c: usize, page: usize) -> &[Resource] {
        if self.pages.len() >= MAX_PAGES && !self.pages.contains_key(&(i, c, page)) {
            // One page goes per page fetched (freeing many at once makes a slow frame): one of
            // another collection, else the farthest. The first page decides the columns: kept.
            let farthest = self.pages.keys().copied().filter(|k| k.2 != 0 || (k.0, k.1) != (i, c));
            let evicted =
                farthest.max_by_key(|&(ri, rc, p)| ((ri, rc) != (i, c), p.abs_diff(page)));
            if let Some(k) = evicted {
                self.pages.remove(&k);
            }
        }
        self.pages
            .entry((i, c, page))
            .or_insert_with(|| inv.page(i, c, (page * PAGE) as u64, PAGE).unwrap_or_default())
    }
}

impl ResourcesView {
    /// The asset file holding a resource's bytes (an object's body, a function's code); its
    /// bytes open in the viewer (a zip lists its entries).
    fn body(&mut self, ui: &mut egui::Ui, pane: &'static str, a: &Asset) {
        ui.horizontal(|ui| {
            ui.label(RichText::new("bytes in").weak());
            ui.label(RichText::new(&a.rel).monospace());
            ui.label(RichText::new(human_size(a.size)).weak());
            if ui.button("View").on_hover_text("Show the bytes in the value viewer").clicked() {
                let value = match localstate_core::files::read_limited(&a.path, MAX_BODY) {
                    Ok(bytes) => Value::Bytes(bytes),
                    Err(e) => Value::Text(format!("cannot read {}: {e}", a.rel)),
                };
                self.viewed = Some((pane, a.rel.clone(), value));
                self.viewer = ViewerState::default();
            }
        });
    }

    /// A resource's fields (read from file `f`) as a grid of name and value (a click on a
    /// name views the value; a stored leaf can be edited), and the viewer of the value picked.
    fn fields(
        &mut self,
        ui: &mut egui::Ui,
        id: &'static str,
        f: &FileState,
        r: &Resource,
        open: Option<OpenSession<'_>>,
        tx: &CommandSender,
    ) {
        let scope_twin = |k: &str, v: &Value| {
            let v = v.display();
            (k == "name" && v == r.name)
                || (k == "region" && Some(&v) == r.region.as_ref())
                || (k == "account_id" && Some(&v) == r.account.as_ref())
        };
        let height = if self.viewed.is_some() { 160.0 } else { ui.available_height().max(120.0) };
        egui::ScrollArea::vertical().id_salt(id).max_height(height).show(ui, |ui| {
            egui::Grid::new(id).num_columns(2).striped(true).show(ui, |ui| {
                let scope = [("account", r.account.clone()), ("region", r.region.clone())];
                for (k, v) in scope {
                    if let Some(v) = v {
                        ui.label(RichText::new(k).weak());
                        ui.label(v);
                        ui.end_row();
                    }
                }
                for (k, v) in r.fields.iter().filter(|(k, v)| !scope_twin(k, v)) {
                    let key = format!("{}/{k}", r.name);
                    let picked =
                        self.viewed.as_ref().is_some_and(|(p, w, _)| *p == id && *w == key);
                    if ui
                        .selectable_label(picked, RichText::new(k).weak())
                        .on_hover_text("view this value")
                        .clicked()
                    {
                        self.viewed = Some((id, key.clone(), v.clone()));
                        self.viewer = ViewerState::default();
                    }
                    self.editor.cell(ui, &format!("{id}:{key}"), f, r, k, v, open, tx);
                    ui.end_row();
                }
            });
        });
        if let Some((pane, key, value)) = &self.viewed
            && *pane == id
        {
            ui.separator();
            ui.label(RichText::new(key).weak());
            value_viewer::show(ui, key, value, &mut self.viewer);
        }
    }
}

/// The table of the resources of one kind.
struct KindTable {
    fields: Vec<String>,
    nested: Vec<String>,
}

impl KindTable {
    fn new(inv: &Inventory, service: &str, kind: &str, rows: &[usize]) -> KindTable {
        let fields = columns_for(service, kind, rows.iter().map(|i| &inv.resources[*i].resource));
        let mut nested: Vec<String> = Vec::new();
        for i in rows {
            for (_, c) in &inv.resources[*i].collections {
                if !nested.contains(&c.kind) {
                    nested.push(c.kind.clone());
                }
            }
        }
        KindTable { fields, nested }
    }

    /// Column `col`'s text for resource `i` (name, account, region, fields, nested counts).
    fn text(&self, inv: &Inventory, i: usize, col: usize) -> String {
        let l = &inv.resources[i];
        let r = &l.resource;
        match col {
            0 => r.name.clone(),
            1 => r.account.clone().unwrap_or_default(),
            2 => r.region.clone().unwrap_or_else(|| "global".into()),
            c if c < 3 + self.nested.len() => l.count(&self.nested[c - 3]).to_string(),
            c => cell(r.field(&self.fields[c - 3 - self.nested.len()])),
        }
    }

    fn titles(&self) -> Vec<String> {
        let mut t: Vec<String> = ["name", "account", "region"].map(String::from).into();
        t.extend(self.nested.iter().map(|k| plural(k, 2).trim_start_matches("2 ").to_string()));
        t.extend(self.fields.iter().map(|f| column_title(f).to_string()));
        t
    }

    fn filtered(&self, inv: &Inventory, rows: &[usize], filter: &str) -> Vec<usize> {
        let columns = self.titles().len();
        let wanted = |i: usize| {
            filter.is_empty() || (0..columns).any(|c| self.text(inv, i, c).contains(filter))
        };
        rows.iter().copied().filter(|i| wanted(*i)).collect()
    }

    fn sort(&self, inv: &Inventory, rows: &mut [usize], col: usize, asc: bool) {
        rows.sort_by(|a, b| {
            let (x, y) = (self.text(inv, *a, col), self.text(inv, *b, col));
            let o = match (x.parse::<f64>(), y.parse::<f64>()) {
                (Ok(p), Ok(q)) => p.partial_cmp(&q).unwrap_or(std::cmp::Ordering::Equal),
                _ => x.cmp(&y),
            };
            if asc { o } else { o.reverse() }
        });
    }

    /// Draws the table; returns the column whose header was clicked.
    #[allow(clippy::too_many_arguments)]
    fn draw(
        &self,
        ui: &mut egui::Ui,
        inv: &Inventory,
        rows: &[usize],
        selected: Option<usize>,
        height: f32,
        sort: Option<(usize, bool)>,
        tx: &CommandSender,
    ) -> Option<usize> {
        let titles = self.titles();
        let mut clicked_header = None;
        ui.style_mut().interaction.selectable_labels = false;
        TableBuilder::new(ui)
            .id_salt("kind-table")
            .striped(true)
            .sense(egui::Sense::click())
            .column(Column::initial(220.0).at_least(60.0).clip(true))
            .columns(Column::initial(120.0).at_least(40.0).clip(true), titles.len() - 1)
            .max_scroll_height(height)
            .header(theme::ROW_HEIGHT, |mut h| {
                for (c, t) in titles.iter().enumerate() {
                    h.col(|ui| {
                        let arrow = match sort {
                            Some((s, true)) if s == c => " ⏶",
                            Some((s, false)) if s == c => " ⏷",
                            _ => "",
                        };
                        if ui
                            .add(
                                egui::Button::new(RichText::new(format!("{t}{arrow}")).strong())
                                    .frame(false),
                            )
                            .clicked()
                        {
                            clicked_header = Some(c);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(theme::ROW_HEIGHT, rows.len(), |mut row| {
                    let i = rows[row.index()];
                    row.set_selected(selected == Some(i));
                    for c in 0..titles.len() {
                        row.col(|ui| {
                            ui.label(self.text(inv, i, c));
                        });
                    }
                    if row.response().clicked() {
                        tx.send(Command::Browse(BrowseCommand::Resource(i)));
                    }
                });
            });
        clicked_header
    }
}

/// The field columns of resources of `kind`: the profile's first, then the fields the
/// resources share, up to [`MAX_FIELD_COLUMNS`].
fn columns_for<'a>(
    service: &str,
    kind: &str,
    resources: impl Iterator<Item = &'a Resource>,
) -> Vec<String> {
    let resources: Vec<&Resource> = resources.take(64).collect();
    let profiled = services::profile(service)
        .and_then(|p| p.kinds.iter().find(|k| k.kind == kind))
        .map_or(&[][..], |k| k.columns);
    let mut out: Vec<String> = Vec::new();
    let has = |f: &str| resources.iter().any(|r| r.field(f).is_some());
    let boring = |name: &str| matches!(name, "name" | "region" | "account_id" | "account");
    for c in profiled {
        if has(c) && !boring(c) && !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
    }
    if has("state") && !out.iter().any(|o| o == "state") {
        out.insert(0, "state".into());
    }
    if let Some(first) = resources.first() {
        for (name, _) in &first.fields {
            if out.len() >= MAX_FIELD_COLUMNS {
                break;
            }
            let shared = resources.iter().all(|r| r.field(name).is_some());
            if shared && !boring(name) && !out.contains(name) {
                out.push(name.clone());
            }
        }
    }
    out.truncate(MAX_FIELD_COLUMNS.max(profiled.len()));
    out
}

/// A column's title: the last step of a field path (`attributes/VisibilityTimeout` →
/// `VisibilityTimeout`).
fn column_title(field: &str) -> &str {
    field.rsplit('/').next().unwrap_or(field)
}

/// A value as a cell shows it: its first line, cut (as the tree and the row tables do).
fn cell(v: Option<&Value>) -> String {
    v.map_or_else(String::new, |v| super::tree_table::one_line(&v.display(), CELL_CHARS))
}

/// Opens the file resource `r` of file `file` was read from, at its node.
fn show_in_file(inv: &Inventory, file: usize, r: &Resource, tx: &CommandSender) {
    let f = &inv.files[file];
    let pointer = match (r.node, &f.doc) {
        (Some(n), Some(doc)) => doc.tree.pointer(n),
        _ => String::new(),
    };
    tx.send(Command::OpenFileAt {
        path: f.path.clone(),
        kind: f.kind,
        pointer,
        table: None,
        row: None,
        text: String::new(),
    });
}

/// Opens the table row resource `r` was read from.
fn show_row_in_file(inv: &Inventory, file: usize, r: &Resource, tx: &CommandSender) {
    let f = &inv.files[file];
    let table = r.row.and_then(|rr| {
        f.doc.as_ref().and_then(|d| d.tables.get(rr.table)).map(|t| t.name().to_string())
    });
    tx.send(Command::OpenFileAt {
        path: f.path.clone(),
        kind: f.kind,
        pointer: String::new(),
        table,
        row: r.row.map(|rr| rr.id),
        text: r.name.clone(),
    });
}
