//! The left panel: layout badge and the service → account → region → file tree, with sizes,
//! decode errors, the accounts/regions found inside decoded files, and which services the
//! running emulator reports. Rows are virtualized (`ScrollArea::show_rows`).

use std::collections::HashSet;

use egui::RichText;

use super::app::{App, Command};
use localstate_core::text::plural;
use localstate_core::volume::human_size;
use localstate_core::volume::{Entry, Volume};

const ROW_HEIGHT: f32 = 20.0;

/// One visible row of the tree.
enum VRow<'a> {
    Service { name: &'a str, files: usize, size: u64 },
    Account { key: String, id: &'a str },
    Region { key: String, name: &'a str },
    Other,
    File { entry: &'a Entry, depth: usize },
}

/// Collapsed tree keys (`svc`, `svc/acct`, `svc/acct/region`); everything else is open.
#[derive(Default)]
pub struct VolumeTreeState {
    pub collapsed: HashSet<String>,
}

pub fn show(ui: &mut egui::Ui, app: &mut App) {
    ui.add_space(4.0);
    let Some(vol) = app.volume.take() else {
        header_without_volume(ui, app);
        return;
    };
    badge(ui, &vol);
    ui.separator();
    let rows = visible_rows(&vol, &app.volume_tree.collapsed);
    let mut toggle: Option<String> = None;
    egui::ScrollArea::both().id_salt("volume-tree").auto_shrink([false, false]).show_rows(
        ui,
        ROW_HEIGHT,
        rows.len(),
        |ui, range| {
            for row in &rows[range] {
                match row {
                    VRow::Service { name, files, size } => {
                        ui.horizontal(|ui| {
                            toggle_button(ui, &app.volume_tree.collapsed, name, &mut toggle);
                            ui.label(RichText::new(*name).strong());
                            if let Some(state) = app.health.service_state(name) {
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
                            ui.add_space(14.0);
                            toggle_button(ui, &app.volume_tree.collapsed, key, &mut toggle);
                            ui.label(format!("account {id}"));
                        });
                    }
                    VRow::Region { key, name } => {
                        ui.horizontal(|ui| {
                            ui.add_space(28.0);
                            toggle_button(ui, &app.volume_tree.collapsed, key, &mut toggle);
                            ui.label(*name);
                        });
                    }
                    VRow::Other => {
                        ui.label(RichText::new("other files").strong());
                    }
                    VRow::File { entry, depth } => file_row(ui, app, entry, *depth),
                }
            }
        },
    );
    if let Some(key) = toggle
        && !app.volume_tree.collapsed.remove(&key)
    {
        app.volume_tree.collapsed.insert(key);
    }
    app.volume = Some(vol);
}

fn header_without_volume(ui: &mut egui::Ui, app: &mut App) {
    ui.label(RichText::new(app.volume_path.display().to_string()).monospace());
    match &app.volume_error {
        Some(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("scanning…");
            });
        }
    }
    if ui.button("Open another folder…").clicked() {
        app.commands.push(Command::ShowOpenDialog(true));
    }
}

fn badge(ui: &mut egui::Ui, vol: &Volume) {
    ui.horizontal_wrapped(|ui| {
        for l in &vol.layouts {
            let text = RichText::new(l.layout.label()).small().color(egui::Color32::WHITE);
            egui::Frame::new()
                .fill(egui::Color32::from_rgb(45, 110, 180))
                .corner_radius(4.0)
                .inner_margin(egui::Margin::symmetric(6, 2))
                .show(ui, |ui| {
                    ui.label(text);
                });
        }
    });
    ui.label(RichText::new(vol.path.display().to_string()).monospace().small())
        .on_hover_text("volume path");
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
        ui.colored_label(ui.visuals().warn_fg_color, format!("⚠ {p}"));
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

fn file_row(ui: &mut egui::Ui, app: &mut App, entry: &Entry, depth: usize) {
    ui.horizontal(|ui| {
        ui.add_space(14.0 * depth as f32 + 18.0);
        let name = entry.rel.rsplit('/').next().unwrap_or(&entry.rel);
        let selected = app.open.as_ref().is_some_and(|o| o.path == entry.path);
        let error = app.decode_errors.get(&entry.path);
        let mut text = RichText::new(name);
        if error.is_some() {
            text = text.color(ui.visuals().error_fg_color);
        } else if !entry.kind.decodable() {
            text = text.weak();
        }
        let r = ui.selectable_label(selected, text);
        // The accessible name is the path in the volume: file names repeat across services.
        r.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::Button, true, selected, &entry.rel)
        });
        let r = r.on_hover_text(format!(
            "{}\n{} · {} · {}",
            entry.rel,
            entry.kind,
            entry.role,
            human_size(entry.size)
        ));
        if r.clicked() {
            if entry.kind.decodable() {
                app.commands.push(Command::OpenFile(entry.path.clone(), entry.kind));
            } else {
                app.messages.push(format!(
                    "{}: {} files are listed but not decoded",
                    entry.rel, entry.kind
                ));
            }
        }
        if let Some(e) = error {
            ui.label(RichText::new("⚠").color(ui.visuals().error_fg_color)).on_hover_text(e);
        }
        ui.label(
            RichText::new(format!("{} · {}", entry.kind, human_size(entry.size))).weak().small(),
        );
        if let Some(scopes) = app.scopes_of(&entry.path).filter(|s| !s.is_empty()) {
            let accounts: HashSet<&str> = scopes.iter().map(|s| s.account.as_str()).collect();
            let regions: HashSet<&str> =
                scopes.iter().filter_map(|s| s.region.as_deref()).collect();
            let list = scopes
                .iter()
                .map(|s| format!("{} / {}", s.account, s.region.as_deref().unwrap_or("global")))
                .collect::<Vec<_>>()
                .join("\n");
            ui.label(
                RichText::new(format!("{} acct · {} regions", accounts.len(), regions.len()))
                    .small(),
            )
            .on_hover_text(list);
        }
    });
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
