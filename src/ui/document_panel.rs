//! The centre: the selected document — its summary, then the tree (one tree-table widget for
//! every format) or one of its tables (paged rows with a detail pane); Ctrl+F search.

use egui::RichText;

use super::app::{App, Command, DocTab};
use super::{editing, rows_table, tree_table};

pub fn show(ui: &mut egui::Ui, app: &mut App) {
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F)) {
        app.search.visible = true;
        app.search.focus = true;
    }
    if app.search.visible {
        search_bar(ui, app);
        ui.separator();
    }
    let Some(open) = &mut app.open else {
        ui.centered_and_justified(|ui| {
            ui.label(RichText::new("Select a file in the volume tree to decode it.").weak());
        });
        return;
    };
    ui.horizontal(|ui| {
        let name =
            open.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        ui.heading(name);
        if let Some(doc) = &open.doc {
            ui.label(RichText::new(&doc.format).weak());
        }
        if open.loading {
            ui.spinner();
            ui.label("decoding…");
        }
    });
    if let Some(e) = &open.error {
        ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {e}"));
        ui.label(RichText::new("The rest of the volume stays browsable.").weak());
    }
    // Nodes of a lazy tree the user expanded last frame: present their children now.
    let unfold = open.view.take_unfold_requests();
    if let (false, Some(doc)) = (unfold.is_empty(), &mut open.doc) {
        let tree = &mut std::sync::Arc::make_mut(doc).tree;
        for id in unfold {
            tree.unfold(id);
        }
        ui.ctx().request_repaint();
    }
    let Some(doc) = open.doc.clone() else { return };
    editing::toolbar(ui, app);
    let Some(open) = &mut app.open else { return };
    if !doc.summary.headline.is_empty() {
        ui.label(RichText::new(&doc.summary.headline).strong().size(16.0));
    }
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
                                    app.commands.push(Command::RevealInDocument(node));
                                }
                                if let Some(scope) =
                                    scope_text(r.account.as_deref(), r.region.as_deref())
                                {
                                    ui.label(RichText::new(scope).weak().small());
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
        ui.colored_label(ui.visuals().warn_fg_color, format!("⚠ {w}"));
    }
    if !open.tables.is_empty() {
        ui.horizontal(|ui| {
            ui.selectable_value(
                &mut open.tab,
                DocTab::Tree,
                format!("Tree ({} nodes)", doc.tree.len().saturating_sub(1)),
            );
            for (i, t) in open.tables.iter().enumerate() {
                ui.selectable_value(
                    &mut open.tab,
                    DocTab::Table(i),
                    format!("Table: {}", t.source.name()),
                );
            }
        });
    }
    if open.changed_on_disk {
        ui.horizontal(|ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "This file changed on disk while you have unsaved edits.",
            );
            if ui.button("Reload (discard my edits)").clicked() {
                app.commands.push(Command::Reload);
            }
        });
    }
    ui.separator();
    match open.tab {
        DocTab::Tree => {
            let mut overlay = editing::overlay(open);
            let action =
                tree_table::show_with(ui, "document-tree", &doc.tree, &mut open.view, &mut overlay);
            open.inline = overlay.inline.take();
            if let Some(submitted) = overlay.inline_done
                && let Err(e) = editing::finish(open, submitted)
            {
                app.messages.push(e);
            }
            if let tree_table::TreeAction::Activate(id) = action
                && let Err(e) = editing::begin(open, id)
            {
                app.messages.push(e);
            }
        }
        DocTab::Table(i) => {
            editing::prepare_row_overlay(open, i);
            if let Some(view) = open.tables.get_mut(i) {
                for req in rows_table::show(ui, &format!("table-{i}"), view) {
                    app.commands.push(Command::Rows(i, req));
                }
            }
            if let Err(e) = editing::after_row_frame(open, i) {
                app.messages.push(e);
            }
        }
    }
}

fn scope_text(account: Option<&str>, region: Option<&str>) -> Option<String> {
    match (account, region) {
        (Some(a), Some(r)) => Some(format!("{a} / {r}")),
        (Some(a), None) => Some(a.to_string()),
        (None, Some(r)) => Some(r.to_string()),
        (None, None) => None,
    }
}

fn search_bar(ui: &mut egui::Ui, app: &mut App) {
    let mut next = false;
    ui.horizontal(|ui| {
        ui.label("Find");
        let r = ui.add(egui::TextEdit::singleline(&mut app.search.query).desired_width(240.0).hint_text("text in names and values"));
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "search text"));
        if app.search.focus {
            r.request_focus();
            app.search.focus = false;
        }
        next |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        next |= ui.button("Next in document").clicked();
        if ui.add_enabled(!app.search.volume_running, egui::Button::new("Search volume")).clicked() && !app.search.query.is_empty() {
            app.commands.push(Command::SearchVolume(app.search.query.clone()));
        }
        if app.search.volume_running {
            ui.spinner();
        }
        if !app.search.doc_hits.is_empty() {
            ui.label(format!("{}/{} in document", app.search.current + 1, app.search.doc_hits.len()));
        } else if !app.search.doc_query.is_empty() {
            ui.label("no match in document");
        }
        if app.open.as_ref().and_then(|o| o.doc.as_ref()).is_some_and(|d| d.tree.is_lazy()) {
            ui.label(RichText::new("big file: “Next in document” searches what is unfolded; “Search volume” searches all").weak().small());
        }
        if ui.button("Close").on_hover_text("close search").clicked() {
            app.search.visible = false;
        }
    });
    if next {
        find_next(app);
    }
    volume_hits(ui, app);
}

fn find_next(app: &mut App) {
    let Some(open) = &mut app.open else { return };
    let Some(doc) = &open.doc else { return };
    if app.search.doc_query != app.search.query {
        app.search.doc_query = app.search.query.clone();
        app.search.doc_hits = doc.tree.find(&app.search.query);
        app.search.current = 0;
    } else if !app.search.doc_hits.is_empty() {
        app.search.current = (app.search.current + 1) % app.search.doc_hits.len();
    }
    if let Some(id) = app.search.doc_hits.get(app.search.current) {
        open.tab = DocTab::Tree;
        open.view.reveal(&doc.tree, *id);
    }
}

fn volume_hits(ui: &mut egui::Ui, app: &mut App) {
    let Some((query, hits)) = &app.search.volume_hits else { return };
    egui::CollapsingHeader::new(format!("{} matches for “{query}” in the volume", hits.len()))
        .id_salt("volume-hits")
        .default_open(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().id_salt("volume-hits-scroll").max_height(180.0).show_rows(
                ui,
                18.0,
                hits.len(),
                |ui, range| {
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
                                app.commands.push(Command::OpenFile(h.file.clone(), *kind));
                            }
                            ui.label(RichText::new(tree_table::one_line(&h.value, 120)).weak());
                        });
                    }
                },
            );
        });
}
