//! The left panel's Resources tree: service → kind, each with its count (nested kinds with
//! their totals: `SQS · 9 queues · 21 messages`), from the volume's inventory. Clicking a
//! kind shows its resources in the centre.

use std::collections::HashSet;

use egui::RichText;

use super::browse::{BrowseCommand, KindRef};
use super::command::{Command, CommandSender};
use super::panel::ViewContext;
use super::theme;
use localstate_core::resources::catalog;
use localstate_core::resources::services;
use localstate_core::text::plural;

/// Draws the tree; `collapsed` holds the services folded away.
pub fn show(
    ui: &mut egui::Ui,
    collapsed: &mut HashSet<String>,
    ctx: &ViewContext<'_>,
    tx: &CommandSender,
) {
    let Some(inv) = ctx.browse.lock() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(RichText::new("decoding every file…").weak());
        });
        return;
    };
    if inv.resources.is_empty() {
        ui.label(RichText::new("No resources found in this volume.").weak());
        return;
    }
    // Services with their top-level kinds and nested totals.
    let mut by_service = inv.by_service();
    drop(inv);
    by_service.sort_by_key(|(s, _)| services::title(s).to_lowercase());
    egui::ScrollArea::both().id_salt("resource-tree").auto_shrink([false, false]).show(ui, |ui| {
        for (service, resources) in &by_service {
            let top: HashSet<&str> = resources.iter().map(|r| r.kind.as_str()).collect();
            let open = !collapsed.contains(service);
            ui.horizontal(|ui| {
                let arrow = if open { "⏷" } else { "⏵" };
                if ui
                    .add(
                        egui::Button::new(arrow)
                            .frame(false)
                            .min_size(egui::vec2(theme::ARROW_WIDTH, 0.0)),
                    )
                    .clicked()
                {
                    if open {
                        collapsed.insert(service.clone());
                    } else {
                        collapsed.remove(service);
                    }
                }
                ui.label(RichText::new(services::title(service)).strong());
                if let Some(state) = ctx.live.service_state(service) {
                    super::health_panel::dot(ui, super::health_panel::state_color(&state))
                        .on_hover_text(format!("emulator reports {service}: {state}"));
                }
            });
            if !open {
                continue;
            }
            for (kind, n) in catalog::counts(resources) {
                ui.horizontal(|ui| {
                    ui.add_space(theme::INDENT + theme::ARROW_WIDTH);
                    let label = plural(&kind, n as usize);
                    if top.contains(kind.as_str()) {
                        let k = KindRef { service: service.clone(), kind: kind.clone() };
                        let selected = ctx.browse.kind.as_ref() == Some(&k);
                        if ui.selectable_label(selected, label).clicked() {
                            tx.send(Command::Browse(BrowseCommand::Kind(k)));
                        }
                    } else {
                        // Nested kinds are browsed from the resource that holds them.
                        ui.add_space(6.0);
                        ui.label(RichText::new(label).weak())
                            .on_hover_text("inside the resources above: select one to list them");
                    }
                });
            }
        }
    });
}
