//! The left panel: layout badge and the service → account → region → file tree, with sizes,
//! decode errors, the accounts/regions found inside decoded files, and which services the
//! running emulator reports. Rows are virtualized (`ScrollArea::show_rows`).

use std::collections::HashSet;

use egui::RichText;

use super::app::{Message, Severity};
use super::browse::{BrowseCommand, Mode};
use super::command::{Command, CommandSender, UICommand};
use super::panel::{Dock, Panel, ViewContext};
use super::theme;
use localstate_core::text::plural;
use localstate_core::volume::human_size;
use localstate_core::volume::{ArchiveInfo, Entry, Volume};

/// The volume tree's name as a copy target (Ctrl+C copies the open file's path).
const COPY_KEY: &str = "volume-tree";

/// One visible row of the tree.
enum VRow<'a> {
    Service { name: &'a str, files: usize, size: u64 },
    Account { key: String, id: &'a str },
    Region { key: String, name: &'a str },
    Other,
    File { entry: &'a Entry, depth: usize },
}

/// The volume tree; collapsed keys (`svc`, `svc/acct`, `svc/acct/region`) are its own
/// state, everything else is open.
#[derive(Default)]
pub struct VolumePanel {
    collapsed: HashSet<String>,
}

impl Panel for VolumePanel {
    fn id(&self) -> &'static str {
        "volume"
    }

    fn dock(&self) -> Dock {
        Dock::Left(theme::VOLUME_WIDTH)
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
        show(ui, &mut self.collapsed, ctx, tx);
    }
}

fn show(
    ui: &mut egui::Ui,
    collapsed: &mut HashSet<String>,
    ctx: &ViewContext<'_>,
    tx: &CommandSender,
) {
    ui.add_space(theme::PANEL_TOP_GAP);
    let Some(vol) = ctx.volume else {
        header_without_volume(ui, ctx, tx);
        return;
    };
    badge(ui, vol);
    mode_switch(ui, ctx, tx);
    ui.separator();
    if ctx.browse.mode == Mode::Resources {
        super::resource_tree::show(ui, collapsed, ctx, tx);
        return;
    }
    if let Some(open) = &ctx.doc
        && super::copy::requested(ui.ctx(), COPY_KEY, false)
    {
        ui.ctx().copy_text(open.path.display().to_string());
    }
    let rows = visible_rows(vol, collapsed);
    let mut toggle: Option<String> = None;
    egui::ScrollArea::both().id_salt("volume-tree").auto_shrink([false, false]).show_rows(
        ui,
        theme::ROW_HEIGHT,
        rows.len(),
        |ui, range| {
            for row in &rows[range] {
                match row {
                    VRow::Service { name, files, size } => {
                        ui.horizontal(|ui| {
                            toggle_button(ui, collapsed, name, &mut toggle);
                            ui.label(RichText::new(*name).strong());
                            if let Some(state) = ctx.live.service_state(name) {
                                super::health_panel::dot(
                                    ui,
                                    super::health_panel::state_color(&state),
                                )
                                .on_hover_text(format!("emulator reports {name}: {state}"));
                            }
                            ui.label(
                                RichText::new(format!(
                                    "{} · {}",
                                    plural("file", *files),
                                    human_size(*size)
                                ))
                                .weak(),
                            );
                        });
                    }
                    VRow::Account { key, id } => {
                        ui.horizontal(|ui| {
                            ui.add_space(theme::INDENT);
                            toggle_button(ui, collapsed, key, &mut toggle);
                            ui.label(format!("account {id}"));
                        });
                    }
                    VRow::Region { key, name } => {
                        ui.horizontal(|ui| {
                            ui.add_space(2.0 * theme::INDENT);
                            toggle_button(ui, collapsed, key, &mut toggle);
                            ui.label(*name);
                        });
                    }
                    VRow::Other => {
                        ui.label(RichText::new("other files").strong());
                    }
                    VRow::File { entry, depth } => file_row(ui, ctx, tx, entry, *depth),
                }
            }
        },
    );
    if let Some(key) = toggle
        && !collapsed.remove(&key)
    {
        collapsed.insert(key);
    }
}

/// Files or Resources: which tree the panel shows.
fn mode_switch(ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
    ui.horizontal(|ui| {
        for (mode, label, tip) in [
            (Mode::Files, "Files", "The volume's files: service → account → region → file"),
            (
                Mode::Resources,
                "Resources",
                "What the files hold: service → queues, buckets, tables…",
            ),
        ] {
            if ui.selectable_label(ctx.browse.mode == mode, label).on_hover_text(tip).clicked() {
                tx.send(Command::Browse(BrowseCommand::Mode(mode)));
            }
        }
    });
}

fn header_without_volume(ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
    ui.label(RichText::new(ctx.volume_path.display().to_string()).monospace());
    match ctx.volume_error {
        Some(e) => {
            ui.colored_label(theme::error(ui.visuals()), e);
        }
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("scanning…");
            });
        }
    }
    if ui.button("Open another folder…").on_hover_text(UICommand::OpenPath.tooltip()).clicked() {
        tx.send(Command::Ui(UICommand::OpenPath));
    }
}

fn badge(ui: &mut egui::Ui, vol: &Volume) {
    ui.horizontal_wrapped(|ui| {
        for l in &vol.layouts {
            let text = RichText::new(l.layout.label()).small().color(theme::BADGE_TEXT);
            egui::Frame::new()
                .fill(theme::BADGE_FILL)
                .corner_radius(theme::CORNER_RADIUS)
                .inner_margin(egui::Margin::symmetric(6, 2))
                .show(ui, |ui| {
                    ui.label(text);
                });
        }
    });
    ui.label(RichText::new(vol.path.display().to_string()).monospace().small())
        .on_hover_text("volume path");
    if let Some(a) = &vol.archive {
        archive_header(ui, a);
    }
    ui.label(
        RichText::new(format!(
            "{} · {} · {}",
            plural("service", vol.services.len()),
            plural("file", vol.file_count()),
            human_size(vol.total_size())
        ))
        .weak(),
    );
    for p in &vol.problems {
        ui.colored_label(theme::warning(ui.visuals()), format!("⚠ {p}"));
    }
}

/// What a snapshot / Cloud Pod archive says about itself (`metadata.yaml`), and that it is
/// read-only.
fn archive_header(ui: &mut egui::Ui, a: &ArchiveInfo) {
    let mut line = format!(
        "archive · {} · {} compressed · read-only",
        plural("member", a.members),
        human_size(a.compressed_size)
    );
    if let Some(m) = &a.metadata {
        line = format!("pod {} · {line}", m.name.as_deref().unwrap_or("(unnamed)"));
        let mut facts = Vec::new();
        if let Some(v) = &m.localstack_version {
            facts.push(format!("LocalStack {v}"));
        }
        if let Some(s) = m.size {
            facts.push(format!("size {}", human_size(s)));
        }
        if !m.services.is_empty() {
            facts.push(format!("services: {}", m.services.join(", ")));
        }
        ui.label(RichText::new(line).strong());
        if !facts.is_empty() {
            ui.label(RichText::new(facts.join(" · ")).small());
        }
    } else {
        ui.label(RichText::new(line).strong());
    }
}

fn toggle_button(
    ui: &mut egui::Ui,
    collapsed: &HashSet<String>,
    key: &str,
    toggle: &mut Option<String>,
) {
    let open = !collapsed.contains(key);
    let r = ui.add(egui::Button::new(if open { "⏷" } else { "⏵" }).frame(false).small());
    let label = format!("{} {key}", if open { "collapse" } else { "expand" });
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    if r.clicked() {
        *toggle = Some(key.to_string());
    }
}

fn file_row(
    ui: &mut egui::Ui,
    ctx: &ViewContext<'_>,
    tx: &CommandSender,
    entry: &Entry,
    depth: usize,
) {
    ui.horizontal(|ui| {
        ui.add_space(theme::INDENT * depth as f32 + theme::ARROW_WIDTH);
        // Right to left: the details keep their place at the panel's edge and a long name is
        // cut with "…" (the whole path is in its tooltip) instead of pushing them out of sight.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            file_details(ui, ctx, entry);
            file_name(ui, ctx, tx, entry);
        });
    });
}

/// A file's kind and size, and the accounts and regions it holds (rightmost first).
fn file_details(ui: &mut egui::Ui, ctx: &ViewContext<'_>, entry: &Entry) {
    if let Some(scopes) = ctx.scopes_of(&entry.path).filter(|s| !s.is_empty()) {
        let accounts: HashSet<&str> = scopes.iter().map(|s| s.account.as_str()).collect();
        let regions: HashSet<&str> = scopes.iter().filter_map(|s| s.region.as_deref()).collect();
        let list = scopes
            .iter()
            .map(|s| format!("{} / {}", s.account, s.region.as_deref().unwrap_or("global")))
            .collect::<Vec<_>>()
            .join("\n");
        ui.label(
            RichText::new(format!("{} acct · {} regions", accounts.len(), regions.len())).small(),
        )
        .on_hover_text(list);
    }
    ui.label(RichText::new(format!("{} · {}", entry.kind, human_size(entry.size))).weak().small());
    if let Some(e) = ctx.decode_errors.get(&entry.path) {
        ui.label(RichText::new("⚠").color(theme::error(ui.visuals()))).on_hover_text(e);
    }
}

/// The file's name: selects it (opens it when it is decodable).
fn file_name(ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender, entry: &Entry) {
    let name = entry.rel.rsplit('/').next().unwrap_or(&entry.rel);
    let selected = ctx.doc.as_ref().is_some_and(|o| o.path == entry.path);
    let mut text = RichText::new(name);
    if ctx.decode_errors.contains_key(&entry.path) {
        text = text.color(theme::error(ui.visuals()));
    } else if !entry.kind.decodable() {
        text = text.weak();
    }
    // Left-aligned in the room the details leave.
    let r = ui
        .with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
            ui.add(egui::Button::selectable(selected, text).truncate())
        })
        .inner;
    // The accessible name is the path in the volume: file names repeat across services.
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &entry.rel));
    let r = r.on_hover_text(format!(
        "{}\n{} · {} · {}",
        entry.rel,
        entry.kind,
        entry.role,
        human_size(entry.size)
    ));
    if r.clicked() {
        super::copy::claim(ui.ctx(), COPY_KEY);
        if entry.kind.decodable() {
            tx.send(Command::OpenFile(entry.path.clone(), entry.kind));
        } else {
            let text = format!("{}: {} files are listed but not decoded", entry.rel, entry.kind);
            tx.send(Command::Notify(Message::new(Severity::Info, text)));
        }
    }
}

fn visible_rows<'a>(vol: &'a Volume, collapsed: &HashSet<String>) -> Vec<VRow<'a>> {
    let mut rows = Vec::new();
    for s in &vol.services {
        let files = s.all_entries().count();
        let size = s.all_entries().map(|e| e.size).sum();
        rows.push(VRow::Service { name: &s.name, files, size });
        if collapsed.contains(&s.name) {
            continue;
        }
        rows.extend(s.entries.iter().map(|entry| VRow::File { entry, depth: 0 }));
        for a in &s.accounts {
            let key = format!("{}/{}", s.name, a.id);
            let open = !collapsed.contains(&key);
            rows.push(VRow::Account { key: key.clone(), id: &a.id });
            if !open {
                continue;
            }
            rows.extend(a.entries.iter().map(|entry| VRow::File { entry, depth: 1 }));
            for r in &a.regions {
                let rkey = format!("{key}/{}", r.name);
                let ropen = !collapsed.contains(&rkey);
                rows.push(VRow::Region { key: rkey, name: &r.name });
                if ropen {
                    rows.extend(r.entries.iter().map(|entry| VRow::File { entry, depth: 2 }));
                }
            }
        }
    }
    if !vol.other.is_empty() {
        rows.push(VRow::Other);
        rows.extend(vol.other.iter().map(|entry| VRow::File { entry, depth: 0 }));
    }
    rows
}
